//! A table sheet of the tidy workbook: columns found by their key in row 1, units from row 2,
//! data rows from row 3, each cell handed to the field parsers with its address.

use crate::model::DiagCode;
use std::collections::HashMap;

use crate::format::tidy::{self as fmt, Column, Kind};
use crate::model::*;
use crate::read::workbook::{Book, Grid};
use crate::validate::Value;
use crate::validate::fields::Fields;
use crate::validate::units::{self, Conv};

pub(super) struct SheetTable<'t> {
    spec: &'t fmt::Table,
    grid: Grid,
    cols: HashMap<&'static str, u32>,
    units: HashMap<&'static str, Conv>,
}

pub(super) struct Row<'a, 't> {
    table: &'a SheetTable<'t>,
    row: u32,
}

fn header_key(v: &Value) -> Option<String> {
    let Value::Text(t) = v else { return None };
    // `activity_level (t)` and `Activity_Level` both name `activity_level`.
    let t = t.trim();
    let t = t.split(['(', '[']).next().unwrap_or(t).trim();
    if t.is_empty() { None } else { Some(t.to_ascii_lowercase().replace(' ', "_")) }
}

impl<'t> SheetTable<'t> {
    pub(super) fn open(book: &mut Book, spec: &'t fmt::Table, required: bool, diags: &mut Diagnostics) -> Option<SheetTable<'t>> {
        if !book.has_sheet(spec.sheet) {
            if required {
                diags.push(
                    Diagnostic::error(
                        DiagCode::InputMissingSheet,
                        Some(Location::File(book.path_display())),
                        format!("the workbook has no sheet '{}'", spec.sheet),
                    )
                    .hint(format!("sheet {}: {}", spec.sheet, spec.purpose)),
                );
            }
            return None;
        }
        let grid = match book.sheet(spec.sheet) {
            Ok(g) => g,
            Err(d) => {
                diags.push(d);
                return None;
            }
        };
        let mut cols: HashMap<&'static str, u32> = HashMap::new();
        for c in 0..grid.end_col() {
            let v = grid.value(fmt::HEADER_ROW, c);
            let Some(key) = header_key(&v) else { continue };
            match spec.columns.iter().find(|col| col.key == key) {
                Some(col) => {
                    if let Some(prev) = cols.get(col.key) {
                        diags.push(Diagnostic::at(
                            DiagCode::InputDuplicateColumn,
                            &grid.cell(fmt::HEADER_ROW, c),
                            format!("column '{key}' appears twice (first in column {})", CellRef::column_letters(*prev)),
                        ));
                    } else {
                        cols.insert(col.key, c);
                    }
                }
                None => diags.push(
                    Diagnostic::warning(
                        DiagCode::InputUnknownColumn,
                        Some(Location::Cell(grid.cell(fmt::HEADER_ROW, c))),
                        format!("unknown column '{key}' is ignored"),
                    )
                    .hint(format!(
                        "columns of sheet {}: {}",
                        spec.sheet,
                        spec.columns.iter().map(|c| c.key).collect::<Vec<_>>().join(", ")
                    )),
                ),
            }
        }
        for col in spec.columns.iter().filter(|c| c.required) {
            if !cols.contains_key(col.key) {
                diags.push(Diagnostic::error(
                    DiagCode::InputMissingColumn,
                    Some(Location::Sheet(spec.sheet.into())),
                    format!("required column '{}' is missing from row 1 ({})", col.key, col.note),
                ));
            }
        }
        let mut units = HashMap::new();
        for col in spec.columns {
            let (Some(choice), Some(&c)) = (col.unit, cols.get(col.key)) else { continue };
            let at = grid.cell(fmt::UNITS_ROW, c);
            let v = grid.value(fmt::UNITS_ROW, c);
            let text = match &v {
                v if v.is_blank() => choice.default.to_string(),
                Value::Text(t) => t.trim().to_string(),
                other => {
                    diags.push(Diagnostic::at(DiagCode::InputUnit, &at, format!("expected the unit of '{}' in row 2, found {}", col.key, other.describe())));
                    continue;
                }
            };
            let accepted = choice.accepted.iter().any(|u| units::normalise(u) == units::normalise(&text));
            match units::column_conv(choice.default, &text) {
                Some(conv) if accepted => {
                    units.insert(col.key, conv);
                }
                _ => diags.push(
                    Diagnostic::at(DiagCode::InputUnit, &at, format!("expected the unit of '{}' ({}), found '{text}'", col.key, choice.accepted.join(", ")))
                        .hint("pick a unit from the drop-down in row 2; cbam converts the whole column"),
                ),
            }
        }
        Some(SheetTable { spec, grid, cols, units })
    }

    pub(super) fn rows(&self) -> impl Iterator<Item = Row<'_, 't>> + '_ {
        (fmt::FIRST_DATA_ROW..self.grid.end_row()).filter(|&r| !self.grid.row_is_blank(r)).map(move |row| Row { table: self, row })
    }
}

impl Row<'_, '_> {
    pub(super) fn column(&self, key: &str) -> &Column {
        self.table.spec.column(key).expect("column defined in the format")
    }
    /// The cell of `key` in this row (or the row's first cell when the column is absent).
    pub(super) fn at(&self, key: &str) -> CellRef {
        self.known(key);
        let c = self.table.cols.get(key).copied().unwrap_or(0);
        self.table.grid.cell(self.row, c)
    }
    pub(super) fn value(&self, key: &str) -> Option<Value> {
        self.known(key);
        self.table.cols.get(key).map(|&c| self.table.grid.value(self.row, c))
    }
    /// A key the reader asks for must be a column of the format: a misspelt key would read as
    /// an empty cell. Checked in debug builds (every test reads every column of the samples).
    fn known(&self, key: &str) {
        debug_assert!(
            self.table.spec.column(key).is_some(),
            "the reader asks sheet {} for column '{key}', which the format does not define",
            self.table.spec.sheet
        );
        #[cfg(test)]
        asked::record(self.table.spec.sheet, key);
    }
    pub(super) fn first(&self) -> CellRef {
        self.table.grid.cell(self.row, 0)
    }
    pub(super) fn text(&self, key: &str, required: bool, what: &str, diags: &mut Diagnostics) -> Option<String> {
        let v = self.value(key)?;
        let s = Fields::new(diags).text(&self.at(key), &v, required, what)?;
        if s.chars().count() > 512 {
            diags.push(Diagnostic::at(
                DiagCode::InputTooLong,
                &self.at(key),
                format!("expected at most 512 characters for {key}, found {}", s.chars().count()),
            ));
            return None;
        }
        Some(s)
    }
    /// A number in the column's canonical unit (the row-2 unit converted).
    pub(super) fn number(&self, key: &str, required: bool, what: &str, diags: &mut Diagnostics) -> Option<Dec> {
        let v = self.value(key)?;
        let d = Fields::new(diags).number(&self.at(key), &v, required, what)?;
        Some(self.table.units.get(key).map(|c| c.apply(d)).unwrap_or(d))
    }
    pub(super) fn non_negative(&self, key: &str, required: bool, what: &str, positive: bool, diags: &mut Diagnostics) -> Option<Dec> {
        let v = self.value(key)?;
        let d = Fields::new(diags).non_negative(&self.at(key), &v, required, what, positive)?;
        Some(self.table.units.get(key).map(|c| c.apply(d)).unwrap_or(d))
    }
    pub(super) fn percent(&self, key: &str, what: &str, positive: bool, diags: &mut Diagnostics) -> Option<Dec> {
        let v = self.value(key)?;
        Fields::new(diags).percent(&self.at(key), &v, what, positive)
    }
    pub(super) fn boolean(&self, key: &str, what: &str, diags: &mut Diagnostics) -> Option<bool> {
        let v = self.value(key)?;
        Fields::new(diags).boolean(&self.at(key), &v, what)
    }
    pub(super) fn code<T>(&self, key: &str, required: bool, what: &str, parse: impl Fn(&str) -> Option<T>, diags: &mut Diagnostics) -> Option<T> {
        let v = self.value(key)?;
        let list: &[&str] = match self.column(key).kind {
            Kind::Code(l) => l,
            _ => &[],
        };
        Fields::new(diags).code(&self.at(key), &v, required, what, list, parse)
    }
    pub(super) fn is_blank(&self, key: &str) -> bool {
        self.value(key).is_none_or(|v| v.is_blank())
    }
}

/// The (sheet, column key) pairs the reader asked for, recorded by the unit tests: a column of
/// the format the reader never asks for, across workbooks that fill every column, is a key the
/// reader misspells (or forgets).
#[cfg(test)]
pub(super) mod asked {
    use std::collections::BTreeSet;
    use std::sync::Mutex;

    static ASKED: Mutex<BTreeSet<(String, String)>> = Mutex::new(BTreeSet::new());

    pub(in crate::read::tidy) fn record(sheet: &str, key: &str) {
        ASKED.lock().unwrap().insert((sheet.to_string(), key.to_string()));
    }

    /// Every pair recorded so far, by any test of this binary.
    pub(in crate::read::tidy) fn all() -> BTreeSet<(String, String)> {
        ASKED.lock().unwrap().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key that is no column of its sheet fails loudly in a debug build; before the check it
    /// read as an empty cell, so a misspelt `biomass_pct` would have silently become 0 %.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "the reader asks sheet SourceStreams for column 'biomas_pct', which the format does not define")]
    fn a_misspelt_column_key_is_caught() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/cement-integrated-cn.xlsx");
        let mut book = Book::open(std::path::Path::new(path)).expect("the sample opens");
        let mut diags = Diagnostics::new();
        let table = SheetTable::open(&mut book, &fmt::STREAMS_TABLE, true, &mut diags).expect("the sheet is there");
        let row = table.rows().next().expect("a stream");
        // The column is there, so its cell is read (blank or not)…
        assert!(row.value("biomass_pct").is_some());
        // …and the misspelt key panics rather than read as an absent column.
        let _ = row.percent("biomas_pct", "the biomass fraction", false, &mut diags);
    }
}
