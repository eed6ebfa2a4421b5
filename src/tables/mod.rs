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

use crate::model::Variant;

/// Why a table gave no answer: a lookup that found no row ([`defaults::DefaultValues::find`]), or a
/// data file that does not parse (a defect of the shipped data, caught by the tests). The one
/// error type of the tables.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    /// Neither the country nor "Other countries and territories" (nor Annex IV) lists the code.
    #[error("no default value is listed for the code")]
    NotListed,
    /// The table has one row per variant for the code, as 10-digit TARIC keys (`2523100010`,
    /// `2523100090`) or grey and white rows of one key, and no variant was given: `keys` are the
    /// keys of those rows (each once). A variant, or the TARIC code, settles it.
    #[error("the default values distinguish white and grey for the code (keys {}): give the variant or the TARIC code", keys.join(", "))]
    Ambiguous {
        /// The keys of the rows, each once.
        keys: Vec<String>,
    },
    /// The rows of the code do not have this variant (white for grey Portland cement 25232900,
    /// or a variant that contradicts the TARIC code).
    #[error("no default value for the {} variant of the code", .0.code())]
    VariantUnavailable(Variant),
    /// The row found shows no total ("–"), and so does the fallback row.
    #[error("the default value of the code shows no total ('–')")]
    NoValue,
    /// A data file of the tables does not parse.
    #[error("{file} line {line}: {message}")]
    Data {
        /// The file, as named in the repository (`data/factors.csv`).
        file: &'static str,
        /// The line of the file (1-based; 0 for the file as a whole).
        line: usize,
        /// What is wrong there.
        message: String,
    },
}
