//! Domain types only: installations, processes, source streams, precursors, goods and the
//! figures computed from them. No I/O, no spreadsheet or XML knowledge lives here.
//!
//! Every quantity is an exact [`Dec`] in the canonical unit named on its field; conversions from
//! the units on a bill happen once, in `validate`.
#![deny(missing_docs)]

pub mod carbon_price;
pub mod codes;
pub mod diag;
pub mod imports;
pub mod installation;

pub use carbon_price::*;
pub use codes::*;
pub use diag::*;
pub use imports::*;
pub use installation::*;

/// Exact decimal used for every figure: spreadsheets' floats are converted once, at the edge.
pub type Dec = rust_decimal::Decimal;
