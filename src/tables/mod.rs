//! Reference tables shipped with the tool, each parsed from a data file under `data/` that names
//! its source and version in its header. Embedded at build time; no file is read at run time.
#![deny(missing_docs)]

pub mod article9;
pub mod benchmarks;
pub mod defaults;
pub(crate) mod embedded_csv;
pub mod factors;
pub mod nomenclature;
pub mod origins;
pub mod prices;
pub mod years;
