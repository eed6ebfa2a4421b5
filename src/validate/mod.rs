//! Rules that turn raw cell values into model values, collecting every problem with its place.
//!
//! `validate` knows nothing of spreadsheet libraries: readers hand it [`Value`]s with their
//! [`CellRef`](crate::model::CellRef). It converts units explicitly ([`units`]) and refuses what
//! it does not know rather than guessing.
#![deny(missing_docs)]

pub mod definitive;
pub mod fields;
pub mod installation;
pub mod units;
pub mod value;

pub use value::Value;
