//! Field parsers: one raw cell in, one typed value out, or a located diagnostic pushed.
//!
//! The only place where a spreadsheet float becomes a [`Dec`]: through the shortest text that
//! round-trips the f64 (`0.1` stays `0.1`, never `0.1000000000000000055…`).

use crate::model::DiagCode;
use std::str::FromStr;

use chrono::NaiveDate;

use super::Value;
use crate::model::{CN_CODE_EXPECTED, CellRef, CnError, Dec, Diagnostic, Diagnostics};

/// The one conversion point from a spreadsheet float to an exact decimal.
/// The largest magnitude a number cell may hold, 10^20: far above any installation's figure,
/// and small enough that every unit conversion of a read value stays exact (×1000 at most).
pub const MAX_NUMBER: Dec = Dec::from_parts(1_661_992_960, 1_808_227_885, 5, false, 0);

/// A spreadsheet's float as the decimal its shortest round-trip text writes; `None` for NaN
/// and infinities.
pub fn dec_from_f64(x: f64) -> Option<Dec> {
    if !x.is_finite() {
        return None;
    }
    // Rust prints the shortest representation that round-trips, without exponent.
    let text = format!("{x}");
    Dec::from_str_exact(&text).or_else(|_| Dec::from_str(&text)).ok()
}

/// `YYYY-MM-DD` exactly, read without a format parser (a year of customs lines holds hundreds
/// of thousands of dates); `None` for anything else (which [`Fields::date`] gives to chrono's
/// `%Y-%m-%d`) and for a day that does not exist.
pub fn iso_date(t: &str) -> Option<NaiveDate> {
    let b = t.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| b[r].iter().try_fold(0u32, |a, &c| c.is_ascii_digit().then(|| a * 10 + u32::from(c - b'0')));
    NaiveDate::from_ymd_opt(n(0..4)? as i32, n(5..7)?, n(8..10)?)
}

/// Parses a plain decimal written as text (`0.525`, `-12`, `1e-3` refused): digits, one point,
/// an optional leading minus. Thousands separators are refused as ambiguous.
pub fn dec_from_text(t: &str) -> Option<Dec> {
    let t = t.trim();
    let body = t.strip_prefix('-').unwrap_or(t);
    let ok = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.chars().filter(|&c| c == '.').count() <= 1
        && body.chars().any(|c| c.is_ascii_digit());
    if ok { Dec::from_str_exact(t).ok() } else { None }
}

/// Collects problems while fields are parsed.
pub struct Fields<'a> {
    /// Where the problems go.
    pub diags: &'a mut Diagnostics,
}

impl<'a> Fields<'a> {
    /// Collects into `diags`.
    pub fn new(diags: &'a mut Diagnostics) -> Self {
        Fields { diags }
    }

    /// Adds one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn expected(&mut self, at: &CellRef, what: &str, v: &Value) {
        let mut d = Diagnostic::at(DiagCode::InputType, at, format!("expected {what}, found {}", v.describe()));
        if let Value::Error(_) = v {
            d = d.hint("the cell holds a spreadsheet error; fix the formula or type the value");
        }
        if let Value::Date(_) = v {
            d = d.hint("the cell is formatted as a date; format it as a number");
        }
        self.push(d);
    }

    fn missing(&mut self, at: &CellRef, what: &str) {
        self.push(Diagnostic::at(DiagCode::InputMissing, at, format!("expected {what}, found an empty cell")));
    }

    /// Text; `None` when blank. Numbers are accepted as their text (ids like `1001`).
    pub fn text(&mut self, at: &CellRef, v: &Value, required: bool, what: &str) -> Option<String> {
        match v {
            _ if v.is_blank() => {
                if required {
                    self.missing(at, what);
                }
                None
            }
            Value::Text(t) => Some(t.trim().to_string()),
            Value::Number(n) => Some(dec_from_f64(*n).map(|d| d.normalize().to_string()).unwrap_or_else(|| n.to_string())),
            Value::Decimal(d) => Some(d.normalize().to_string()),
            _ => {
                self.expected(at, what, v);
                None
            }
        }
    }

    /// A number; text holding a plain decimal is accepted with a warning.
    pub fn number(&mut self, at: &CellRef, v: &Value, required: bool, what: &str) -> Option<Dec> {
        let d = self.number_unbounded(at, v, required, what)?;
        if d.abs() > MAX_NUMBER {
            self.push(
                Diagnostic::at(
                    DiagCode::InputRange,
                    at,
                    format!("expected {what}, found {}, beyond the largest magnitude cbam accepts (10^20)", d.normalize()),
                )
                .hint("no installation's figure comes near it: check the units"),
            );
            return None;
        }
        Some(d)
    }

    fn number_unbounded(&mut self, at: &CellRef, v: &Value, required: bool, what: &str) -> Option<Dec> {
        match v {
            _ if v.is_blank() => {
                if required {
                    self.missing(at, what);
                }
                None
            }
            Value::Decimal(d) => Some(*d),
            Value::Number(n) => match dec_from_f64(*n) {
                Some(d) => Some(d),
                None => {
                    self.push(Diagnostic::at(DiagCode::InputRange, at, format!("expected {what}, found {n}, which is out of range")));
                    None
                }
            },
            Value::Text(t) => match dec_from_text(t) {
                Some(d) => {
                    self.push(
                        Diagnostic::warning(
                            DiagCode::InputNumberAsText,
                            Some(crate::model::Location::Cell(at.clone())),
                            format!("number stored as text: '{}'", t.trim()),
                        )
                        .hint("format the cell as a number"),
                    );
                    Some(d)
                }
                None => {
                    let mut d = Diagnostic::at(DiagCode::InputType, at, format!("expected {what} as a number, found {}", v.describe()));
                    if dec_from_text(&t.replace(',', "")).is_some() {
                        // 12,000 or 0,98: thousands separator or decimal comma, which cannot be told apart.
                        d = d.hint("write it without thousands separators and with a decimal point (12000, 0.98), or type it into a number cell");
                    }
                    self.push(d);
                    None
                }
            },
            _ => {
                self.expected(at, &format!("{what} as a number"), v);
                None
            }
        }
    }

    /// A number that must be ≥ 0 (or > 0 when `positive`).
    pub fn non_negative(&mut self, at: &CellRef, v: &Value, required: bool, what: &str, positive: bool) -> Option<Dec> {
        let d = self.number(at, v, required, what)?;
        if d.is_sign_negative() && !d.is_zero() {
            self.push(Diagnostic::at(DiagCode::InputNegative, at, format!("expected {what} (not negative), found {d}")));
            return None;
        }
        if positive && d.is_zero() {
            self.push(Diagnostic::at(DiagCode::InputZero, at, format!("expected {what} greater than zero, found 0")));
            return None;
        }
        Some(d)
    }

    /// A percentage 0..=100 (or 0 < p ≤ 100 when `positive`), returned as a fraction 0..1.
    pub fn percent(&mut self, at: &CellRef, v: &Value, what: &str, positive: bool) -> Option<Dec> {
        let d = self.number(at, v, false, what)?;
        let hundred = Dec::ONE_HUNDRED;
        if d < Dec::ZERO || d > hundred || (positive && d.is_zero()) {
            let range = if positive { "greater than 0 and at most 100" } else { "between 0 and 100" };
            let mut diag = Diagnostic::at(DiagCode::InputPercent, at, format!("expected {what} {range} (percent), found {d}"));
            if d > Dec::ZERO && d <= Dec::ONE {
                diag = diag.hint("percentages are entered as numbers from 0 to 100: write 98 for 98 %");
            }
            self.push(diag);
            return None;
        }
        if !d.is_zero() && d < Dec::ONE && what.contains("efficiency") {
            self.push(
                Diagnostic::warning(
                    DiagCode::InputPercentSmall,
                    Some(crate::model::Location::Cell(at.clone())),
                    format!("{what} of {d} % looks like a fraction"),
                )
                .hint("percentages are entered as numbers from 0 to 100: write 98 for 98 %"),
            );
        }
        Some(d / hundred)
    }

    /// A date cell, or text `YYYY-MM-DD`.
    pub fn date(&mut self, at: &CellRef, v: &Value, required: bool, what: &str) -> Option<NaiveDate> {
        match v {
            _ if v.is_blank() => {
                if required {
                    self.missing(at, what);
                }
                None
            }
            Value::Date(d) => Some(*d),
            Value::Text(t) => match iso_date(t.trim()).map_or_else(|| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d"), Ok) {
                Ok(d) => Some(d),
                Err(_) => {
                    self.push(Diagnostic::at(DiagCode::InputType, at, format!("expected {what} as a date or YYYY-MM-DD, found {}", v.describe())));
                    None
                }
            },
            _ => {
                self.push(Diagnostic::at(DiagCode::InputType, at, format!("expected {what} as a date or YYYY-MM-DD, found {}", v.describe())));
                None
            }
        }
    }

    /// yes/no, true/false, 1/0 or a boolean cell.
    pub fn boolean(&mut self, at: &CellRef, v: &Value, what: &str) -> Option<bool> {
        match v {
            _ if v.is_blank() => None,
            Value::Bool(b) => Some(*b),
            Value::Number(n) if *n == 1.0 => Some(true),
            Value::Number(n) if *n == 0.0 => Some(false),
            Value::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
                "yes" | "y" | "true" | "1" | "是" => Some(true),
                "no" | "n" | "false" | "0" | "否" => Some(false),
                _ => {
                    self.push(Diagnostic::at(DiagCode::InputType, at, format!("expected {what} (yes or no), found {}", v.describe())));
                    None
                }
            },
            _ => {
                self.push(Diagnostic::at(DiagCode::InputType, at, format!("expected {what} (yes or no), found {}", v.describe())));
                None
            }
        }
    }

    /// One of a closed list, parsed by `parse`; the message lists the accepted codes.
    pub fn code<T>(&mut self, at: &CellRef, v: &Value, required: bool, what: &str, accepted: &[&str], parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        // Text, the usual case, is parsed where it lies (no copy).
        let owned;
        let t = match v {
            Value::Text(s) if !s.trim().is_empty() => s.trim(),
            _ => {
                owned = self.text(at, v, required, what)?;
                owned.as_str()
            }
        };
        match parse(t) {
            Some(x) => Some(x),
            None => {
                self.push(Diagnostic::at(DiagCode::InputCode, at, format!("expected {what}, found '{t}'")).hint(format!("one of: {}", accepted.join(", "))));
                None
            }
        }
    }
}

/// The diagnostic for a CN code that cannot be computed, by reason.
pub fn cn_error(at: &CellRef, text: &str, e: CnError) -> Diagnostic {
    match e {
        CnError::Malformed => Diagnostic::at(DiagCode::InputCnCode, at, format!("expected {CN_CODE_EXPECTED}, found '{text}'")),
        CnError::OtherCbamSector(s) => Diagnostic::at(
            DiagCode::InputCnScope,
            at,
            format!("expected the CN code of a cement or aluminium good, found {text}, a CBAM good of the {s} sector"),
        )
        .hint("this tool computes cement and aluminium only"),
        CnError::NotCbam => Diagnostic::at(
            DiagCode::InputCnScope,
            at,
            format!("expected the CN code of a CBAM good of cement or aluminium, found {text}, which is not one"),
        )
        .hint("cement: 2507 00 80, 2523 10 00, 2523 21 00, 2523 29 00, 2523 30 00, 2523 90 00; aluminium: 7601, 7603–7614, 7616 (not 7602 scrap, not 7615)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_become_their_shortest_decimal() {
        assert_eq!(dec_from_f64(0.1).unwrap().to_string(), "0.1");
        assert_eq!(dec_from_f64(1.005).unwrap().to_string(), "1.005");
        assert_eq!(dec_from_f64(1321052.6315789474).unwrap().to_string(), "1321052.6315789474");
        assert_eq!(dec_from_f64(1e-7).unwrap().to_string(), "0.0000001");
        assert_eq!(dec_from_f64(-25693.068768192).unwrap().to_string(), "-25693.068768192");
        assert!(dec_from_f64(f64::NAN).is_none());
        assert!(dec_from_f64(1e30).is_none());
    }

    #[test]
    fn text_numbers_are_plain_decimals_only() {
        assert_eq!(dec_from_text(" 0.525 ").unwrap().to_string(), "0.525");
        assert_eq!(dec_from_text("-12").unwrap().to_string(), "-12");
        assert!(dec_from_text("1,234.5").is_none());
        assert!(dec_from_text("1e3").is_none());
        assert!(dec_from_text("n/a").is_none());
        assert!(dec_from_text(".").is_none());
        assert!(dec_from_text("-").is_none());
    }

    #[test]
    fn percent_out_of_range_is_located() {
        let mut d = Diagnostics::new();
        let at = CellRef::new("PFC", 2, 11);
        let mut f = Fields::new(&mut d);
        assert_eq!(f.percent(&at, &Value::Number(98.0), "collection efficiency", true), Some(Dec::new(98, 2)));
        assert_eq!(f.percent(&at, &Value::Number(120.0), "collection efficiency", true), None);
        let v = d.into_sorted();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].to_string(), "error[input.percent]: PFC!L3: expected collection efficiency greater than 0 and at most 100 (percent), found 120");
    }

    #[test]
    fn the_largest_number_is_ten_to_the_twenty() {
        assert_eq!(MAX_NUMBER.to_string(), "100000000000000000000");
    }
}
