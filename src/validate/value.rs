//! A cell's value as the readers hand it over, independent of any spreadsheet library.

use chrono::NaiveDate;

use crate::model::Dec;

/// A cell's value, whatever the file format.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value.
    Empty,
    /// Text, as written.
    Text(String),
    /// A spreadsheet number (a float).
    Number(f64),
    /// A number written as decimal text where the file has no other kind of number (a CSV
    /// field of a number column): exact, unlike a spreadsheet's float.
    Decimal(Dec),
    /// TRUE or FALSE.
    Bool(bool),
    /// A date cell (or a number in a date format).
    Date(NaiveDate),
    /// An error value such as `#N/A` or `#REF!` (the text as the spreadsheet shows it).
    Error(String),
}

impl Value {
    /// Empty, or text that is only white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// How the value is quoted in a message: `'n/a'`, `12.5`, `#N/A`, `an empty cell`.
    pub fn describe(&self) -> String {
        match self {
            Value::Empty => "an empty cell".to_string(),
            Value::Text(t) if t.trim().is_empty() => "an empty cell".to_string(),
            Value::Text(t) => {
                let shown: String = t.chars().take(60).collect();
                if t.chars().count() > 60 { format!("'{shown}…'") } else { format!("'{shown}'") }
            }
            Value::Number(n) => format!("{n}"),
            Value::Decimal(d) => d.normalize().to_string(),
            Value::Bool(b) => format!("{b}"),
            Value::Date(d) => format!("the date {d}"),
            Value::Error(e) => format!("the error value {e}"),
        }
    }
}
