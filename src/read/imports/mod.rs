//! Reads the imports workbook (format in [`crate::format::imports`]) into [`Imports`]: the
//! declarant and every customs line, each problem reported with its cell, all of them at once.
//!
//! Rules about one cell live here (types, units, shapes of EORI numbers and procedure codes, the
//! schema's text lengths, characters XML cannot carry). Rules that need the code lists, the
//! quarter or the suppliers' data are the report's (`crate::report`).

use crate::model::DiagCode;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use crate::format::imports::{self as fmt, Col as C, max_chars};
use crate::format::tidy::{Column, FIRST_DATA_ROW, HEADER_ROW, Kind, UNITS_ROW};
use crate::model::*;
use crate::read::workbook::{Book, FieldKind, RowPlace, Rows, TextSpan};
use crate::validate::Value;
use crate::validate::fields::Fields;
use crate::validate::units::{self, Conv};

mod declarant;
mod line;

use declarant::read_declarant;
use line::{Line, read_line};

/// Reads the whole workbook. `None` when errors prevent building the value; the diagnostics say
/// why.
pub fn read(book: &mut Book) -> (Option<Imports>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let declarant = read_declarant(book, &mut diags);
    let lines = read_sheet_lines(book, &mut diags);
    if diags.has_errors() {
        return (None, diags);
    }
    match (declarant, lines) {
        (Some(declarant), Some((lines, outside))) => (Some(Imports { declarant: Some(declarant), lines, outside }), diags),
        _ => (None, diags),
    }
}

/// A text cell checked against the schema's length and XML's characters.
/// Text of a cell as XML can carry it and within the QReport schema's length for `key`; the cell
/// is named only for a problem.
fn check_text(f: &mut Fields, at: &dyn Fn() -> CellRef, t: String, key: &str) -> Option<String> {
    check_text_max(f, at, Cow::Owned(t), key, max_chars(key)).map(Cow::into_owned)
}

/// [`check_text`] with the limit of `key` looked up already (`max_chars(key)`), of text that may
/// lie where it was read.
fn check_text_max<'s>(f: &mut Fields, at: &dyn Fn() -> CellRef, t: Cow<'s, str>, key: &str, max_chars: Option<usize>) -> Option<Cow<'s, str>> {
    // Printable ASCII, as most customs data is: no control character, one character per byte
    // (every byte looked at, without a branch each).
    if t.bytes().fold(true, |ascii, b| ascii & (b.wrapping_sub(0x20) < 0x5f)) {
        return match max_chars {
            Some(max) if t.len() > max => {
                f.push(
                    Diagnostic::at(
                        DiagCode::InputTooLong,
                        &at(),
                        format!("expected at most {max} characters for {key} (the QReport schema's limit), found {}", t.len()),
                    )
                    .hint("shorten the text; the registry refuses longer values"),
                );
                None
            }
            _ => Some(t),
        };
    }
    if let Some(c) = t.chars().find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        f.push(
            Diagnostic::at(
                DiagCode::InputControlCharacter,
                &at(),
                format!("expected text XML can carry, found the control character U+{:04X} in {key}", c as u32),
            )
            .hint("retype the text; it was probably pasted from another program"),
        );
        return None;
    }
    if let Some(max) = max_chars {
        let n = t.chars().count();
        if n > max {
            f.push(
                Diagnostic::at(DiagCode::InputTooLong, &at(), format!("expected at most {max} characters for {key} (the QReport schema's limit), found {n}"))
                    .hint("shorten the text; the registry refuses longer values"),
            );
            return None;
        }
    }
    Some(t)
}

fn country(f: &mut Fields, at: &CellRef, t: String) -> Option<CountryCode> {
    let c = CountryCode::parse(&t);
    if c.is_none() {
        f.push(Diagnostic::at(DiagCode::InputCountry, at, format!("expected an ISO 3166-1 alpha-2 country code such as CN, found '{t}'")));
    }
    c
}

/// EORI: an ISO country code followed by 1 to 15 letters or digits (Regulation (EU) No 952/2013,
/// Art. 9; the registry also checks that the number exists).
pub fn is_eori(t: &str) -> bool {
    let t = t.as_bytes();
    (3..=17).contains(&t.len())
        && t[..2].iter().all(u8::is_ascii_uppercase)
        && (CountryCode::parse(std::str::from_utf8(&t[..2]).unwrap_or_default()).is_some() || &t[..2] == b"XI")
        && t[2..].iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// A customs procedure code: two digits.
fn procedure(f: &mut Fields, at: &dyn Fn() -> CellRef, t: Cow<str>) -> Option<String> {
    let t = if t.len() == 1 && t.chars().all(|c| c.is_ascii_digit()) { format!("0{t}") } else { t.into_owned() };
    if t.len() == 2 && t.chars().all(|c| c.is_ascii_digit()) {
        Some(t)
    } else {
        f.push(Diagnostic::at(DiagCode::InputProcedure, &at(), format!("expected a customs procedure code of two digits such as 40, found '{t}'")));
        None
    }
}

/// [`Fields::code`] of a field handed over as text: parsed where it lies, the cell named only for
/// a problem.
fn code_of<T>(
    f: &mut Fields,
    at: &dyn Fn() -> CellRef,
    text: &str,
    required: bool,
    what: &str,
    accepted: &[&str],
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let trimmed = trim(text);
    if !trimmed.is_empty()
        && let Some(x) = parse(trimmed)
    {
        return Some(x);
    }
    f.code(&at(), &Value::Text(text.to_string()), required, what, accepted, parse)
}

/// `str::trim`, at the cost of two byte comparisons for text that starts and ends with a printable
/// ASCII character, as nearly every field does.
fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [first, .., last] if (0x21..0x7f).contains(first) && (0x21..0x7f).contains(last) => s,
        [only] if (0x21..0x7f).contains(only) => s,
        _ => s.trim(),
    }
}

// ---------------------------------------------------------------------------------------------
// Imports

struct Table {
    cols: HashMap<&'static str, u32>,
    /// The sheet column of each column of the format, by the format's order.
    col_of: Vec<Option<u32>>,
    /// The place of each column of the format in a row handed to the checker, which holds the
    /// columns the sheet has, in the format's order; `None` for a column the sheet lacks.
    pos_of: Vec<Option<usize>>,
    mass: Conv,
    /// The schema's limit of each column of the format, by the format's order ([`max_chars`]).
    max_chars: Vec<Option<usize>>,
    /// Countries of origin already recognised, by their text: a workbook of many lines names few
    /// countries, and checking a code against the ISO list is a linear search.
    countries: RefCell<rustc_hash::FxHashMap<String, CountryCode>>,
    /// CN codes already read, by their text, as [`CnCode::parse`] reads them: a year of lines
    /// names a few dozen codes.
    cn_codes: RefCell<rustc_hash::FxHashMap<String, Result<CnCode, CnError>>>,
    /// Whether the net mass is in tonnes already (its conversion multiplies by 1).
    tonnes: bool,
}

impl Table {
    /// [`CnCode::parse`], remembering the codes read.
    fn cn_code(&self, text: &str) -> Result<CnCode, CnError> {
        if let Some(c) = self.cn_codes.borrow().get(text) {
            return c.clone();
        }
        let c = CnCode::parse(text);
        self.cn_codes.borrow_mut().insert(text.to_string(), c.clone());
        c
    }

    /// [`country`], remembering the codes found.
    fn country(&self, f: &mut Fields, at: &dyn Fn() -> CellRef, t: &str) -> Option<CountryCode> {
        if let Some(c) = self.countries.borrow().get(t) {
            return Some(*c);
        }
        let c = country(f, &at(), t.to_string())?;
        self.countries.borrow_mut().insert(t.to_string(), c);
        Some(c)
    }
}

fn header_key(v: &Value) -> Option<String> {
    let Value::Text(t) = v else { return None };
    let t = t.trim();
    let t = t.split(['(', '[']).next().unwrap_or(t).trim();
    (!t.is_empty()).then(|| t.to_ascii_lowercase().replace(' ', "_"))
}

/// Where a table of customs lines comes from: the sheet Imports of a workbook, or a CSV file.
/// Its rows are read the same way; this says what differs.
struct Layout {
    /// Where a problem of the whole table (a missing column, no lines) is reported.
    place: Location,
    /// The header row, as a message names it.
    header: &'static str,
    /// The row of units under the header, if the layout has one (a workbook's row 2).
    units_row: Option<u32>,
    /// The first row of customs lines.
    first_data_row: u32,
    /// The message for a table without a customs line.
    empty: String,
}

impl Layout {
    fn sheet() -> Layout {
        Layout {
            place: Location::Sheet(fmt::IMPORTS.into()),
            header: "row 1",
            units_row: Some(UNITS_ROW),
            first_data_row: FIRST_DATA_ROW,
            empty: "sheet Imports has no customs lines from row 3 on".into(),
        }
    }

    fn csv(name: &str) -> Layout {
        Layout {
            place: Location::Cell(CellRef::in_text(name, 0, 0)),
            header: "the header line",
            units_row: None,
            first_data_row: 1,
            empty: format!("{name} has no customs lines from line 2 on"),
        }
    }
}

/// Reads a CSV file of customs lines (`name` as given, for messages): the lines of sheet Imports,
/// without a declarant, each value checked as in a workbook. `None` when errors prevent building
/// the value; the diagnostics say why.
pub fn read_csv(name: &str, bytes: Vec<u8>) -> (Option<Imports>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let keys: Vec<&str> = fmt::IMPORTS_TABLE.columns.iter().map(|c| c.key).collect();
    let mut rows = match crate::read::csv_file::CsvRows::open(name, bytes, &keys, |t| header_key(&Value::Text(t.to_string()))) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };
    let lines = read_lines(&mut rows, &Layout::csv(name), &mut diags);
    if diags.has_errors() {
        return (None, diags);
    }
    match lines {
        Some((lines, outside)) => (Some(Imports { declarant: None, lines, outside }), diags),
        None => (None, diags),
    }
}

/// The header row: the format's columns found in it, by sheet column.
fn read_header(src: &dyn Rows, layout: &Layout, cells: &[(u32, Value)], diags: &mut Diagnostics) -> HashMap<&'static str, u32> {
    let spec = &fmt::IMPORTS_TABLE;
    let mut cols: HashMap<&'static str, u32> = HashMap::new();
    for (c, v) in cells {
        let c = *c;
        let Some(key) = header_key(v) else { continue };
        match spec.columns.iter().find(|col| col.key == key) {
            Some(col) if cols.contains_key(col.key) => {
                diags.push(Diagnostic::at(DiagCode::InputDuplicateColumn, &src.cell(HEADER_ROW, c), format!("column '{key}' appears twice")));
            }
            Some(col) => {
                cols.insert(col.key, c);
            }
            None => diags.push(
                Diagnostic::warning(DiagCode::InputUnknownColumn, Some(Location::Cell(src.cell(HEADER_ROW, c))), format!("unknown column '{key}' is ignored"))
                    .hint(format!("columns of sheet {}: {}", spec.sheet, spec.columns.iter().map(|c| c.key).collect::<Vec<_>>().join(", "))),
            ),
        }
    }
    for col in spec.columns.iter().filter(|c| c.required) {
        if !cols.contains_key(col.key) {
            diags.push(Diagnostic::error(
                DiagCode::InputMissingColumn,
                Some(layout.place.clone()),
                format!("required column '{}' is missing from {} ({})", col.key, layout.header, col.note),
            ));
        }
    }
    cols
}

/// The conversion of the net mass to tonnes, by the unit under its header (`units`: that row's
/// cells; none: the column's default unit).
fn mass_unit(src: &dyn Rows, cols: &HashMap<&'static str, u32>, units: &[(u32, Value)], diags: &mut Diagnostics) -> Conv {
    let spec = &fmt::IMPORTS_TABLE;
    let Some(&c) = cols.get("net_mass") else { return Conv::Mul(Dec::ONE) };
    let unit = spec.column("net_mass").and_then(|c| c.unit).expect("net_mass has a unit");
    let value = units.iter().find(|(col, _)| *col == c).map_or(Value::Empty, |(_, v)| v.clone());
    let text = match value {
        v if v.is_blank() => unit.default.to_string(),
        Value::Text(t) => t.trim().to_string(),
        other => other.describe(),
    };
    match units::column_conv(unit.default, &text).filter(|_| unit.accepted.iter().any(|u| units::normalise(u) == units::normalise(&text))) {
        Some(conv) => conv,
        None => {
            diags.push(Diagnostic::at(
                DiagCode::InputUnit,
                &src.cell(UNITS_ROW, c),
                format!("expected the unit of 'net_mass' ({}), found '{text}'", unit.accepted.join(", ")),
            ));
            Conv::Mul(Dec::ONE)
        }
    }
}

fn read_sheet_lines(book: &mut Book, diags: &mut Diagnostics) -> Option<(Vec<ImportLine>, Vec<OutsideLine>)> {
    let mut rows = match book.rows(fmt::IMPORTS_TABLE.sheet) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    read_lines(rows.as_mut(), &Layout::sheet(), diags)
}

/// Reads the table row by row as `src` hands the rows over. A problem after which the rows
/// cannot be read on (a limit, a damaged sheet) is the table's only diagnostic, as if the table
/// could not be opened.
fn read_lines(src: &mut dyn Rows, layout: &Layout, diags: &mut Diagnostics) -> Option<(Vec<ImportLine>, Vec<OutsideLine>)> {
    let start = diags.len();
    let fail = |diags: &mut Diagnostics, d: Diagnostic| {
        diags.truncate(start);
        diags.push(d);
        None
    };
    let mut cells: Vec<(u32, Value)> = Vec::new();
    let mut next = match src.next_row(&mut cells, diags) {
        Ok(r) => r,
        Err(d) => return fail(diags, d),
    };
    let header = if next == Some(HEADER_ROW) {
        let cols = read_header(src, layout, &cells, diags);
        next = match src.next_row(&mut cells, diags) {
            Ok(r) => r,
            Err(d) => return fail(diags, d),
        };
        cols
    } else {
        read_header(src, layout, &[], diags)
    };
    let mass = match layout.units_row {
        Some(u) if next == Some(u) => {
            let conv = mass_unit(src, &header, &cells, diags);
            next = match src.next_row(&mut cells, diags) {
                Ok(r) => r,
                Err(d) => return fail(diags, d),
            };
            conv
        }
        _ => mass_unit(src, &header, &[], diags),
    };
    let col_of: Vec<Option<u32>> = fmt::IMPORTS_TABLE.columns.iter().map(|c| header.get(c.key).copied()).collect();
    let mut present = 0;
    let pos_of = col_of
        .iter()
        .map(|c| {
            c.map(|_| {
                present += 1;
                present - 1
            })
        })
        .collect();
    let max_chars = fmt::IMPORTS_TABLE.columns.iter().map(|c| max_chars(c.key)).collect();
    let tonnes = matches!(mass, Conv::Mul(f) if f == Dec::ONE && f.scale() == 0);
    let table = Table { cols: header, col_of, pos_of, mass, max_chars, countries: RefCell::default(), cn_codes: RefCell::default(), tonnes };
    // Reported once at the header; every line would only repeat it. The rest is still read, for
    // the problems of the file itself.
    let complete = fmt::IMPORTS_TABLE.columns.iter().all(|c| !c.required || table.cols.contains_key(c.key));
    // The format's column (by its order) of each sheet column that holds one.
    let mut slot: Vec<Option<usize>> = Vec::new();
    for (i, c) in fmt::IMPORTS_TABLE.columns.iter().enumerate() {
        if let Some(&col) = table.cols.get(c.key) {
            let col = col as usize;
            if slot.len() <= col {
                slot.resize(col + 1, None);
            }
            slot[col] = Some(i);
        }
    }
    let numbers: Vec<bool> = fmt::IMPORTS_TABLE.columns.iter().map(|c| matches!(c.kind, Kind::Number)).collect();
    let mut kinds = vec![FieldKind::Text; slot.len()];
    for (col, i) in slot.iter().enumerate() {
        if let Some(i) = i {
            kinds[col] = match fmt::IMPORTS_TABLE.columns[*i].kind {
                Kind::Number => FieldKind::Number,
                Kind::Date => FieldKind::Date,
                _ if CODE_COLUMNS.iter().any(|k| k.index() == *i) => FieldKind::Code,
                _ => FieldKind::Text,
            };
        }
    }
    src.field_kinds(kinds);
    let dates: Vec<bool> = fmt::IMPORTS_TABLE.columns.iter().map(|c| matches!(c.kind, Kind::Date)).collect();
    let width = present;
    let place_of: Vec<Option<usize>> = table.pos_of.clone();
    // Two threads: this one reads the rows (parsing the file is half the work), the other checks
    // them and builds the lines, a batch of rows at a time, in order. Its diagnostics follow
    // those of the reading, batch by batch; they are sorted by place when printed.
    let read = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(4);
        // The checker's own copy of the sheet's (or file's) name.
        let sheet: std::sync::Arc<str> = std::sync::Arc::from(&*src.cell(0, 0).sheet);
        // Checked batches go back to be refilled: what is left in them (the text of dates, codes,
        // numbers) is freed by the thread that allocated it, which the system allocator does
        // without taking the other thread's lock.
        let (back, returned) = std::sync::mpsc::channel::<Batch>();
        let checker = scope.spawn(move || {
            let mut diags = Diagnostics::new();
            let (mut lines, mut outside) = (Vec::new(), Vec::new());
            for mut batch in rx {
                if let Some(n) = batch.rows_left.take() {
                    // Within a tenth of the final count, on the first batch: the vector of lines
                    // grows once rather than by doubling (each doubling copies every line).
                    lines.reserve(batch.rows.len() + n + n / 10);
                }
                for (i, (row, place)) in batch.rows.iter().enumerate() {
                    let at = Place { sheet: &sheet, row: place, index: *row };
                    let (cells, spans) = (&mut batch.values[i * width..(i + 1) * width], &batch.spans[i * width..(i + 1) * width]);
                    match read_line(&table, &at, cells, spans, &batch.text, &mut diags) {
                        Some(Line::In(l)) => lines.push(l),
                        Some(Line::Out(l)) => outside.push(l),
                        None => {}
                    }
                }
                // The reading side has hung up once it stops refilling: keep the rest then.
                if let Err(std::sync::mpsc::SendError(batch)) = back.send(batch) {
                    std::mem::forget(batch);
                }
            }
            (lines, outside, diags)
        });
        let mut batch = Batch::default();
        let mut first = true;
        let mut failed = None;
        // The text fields of the row last read, and where its text starts in the batch's.
        let mut spans: Vec<TextSpan> = Vec::new();
        let mut row_text = 0;
        while let Some(row) = next {
            if complete && row >= layout.first_data_row {
                let at = batch.values.len();
                batch.values.resize(at + width, Value::Empty);
                batch.spans.resize(at + width, (0, 0));
                for &(c, a, b) in &spans {
                    if let Some(Some(i)) = slot.get(c as usize) {
                        batch.spans[at + place_of[*i].expect("a column of the sheet has its place")] = (a, b);
                    }
                }
                let values = &mut batch.values[at..];
                for (c, v) in cells.drain(..) {
                    if let Some(Some(i)) = slot.get(c as usize) {
                        let p = place_of[*i].expect("a column of the sheet has its place");
                        values[p] = if numbers[*i] {
                            src.number(v)
                        } else if dates[*i] {
                            src.date(v)
                        } else {
                            v
                        };
                    }
                }
                let text = &batch.text;
                if values.iter().all(Value::is_blank) && batch.spans[at..].iter().all(|&(a, b)| text[a as usize..b as usize].trim().is_empty()) {
                    batch.values.truncate(at);
                    batch.spans.truncate(at);
                    batch.text.truncate(row_text);
                } else {
                    batch.rows.push((row, src.place()));
                    if batch.rows.len() == BATCH_ROWS {
                        if first {
                            batch.rows_left = src.rows_left();
                            first = false;
                        }
                        let mut next = returned.try_recv().unwrap_or_default();
                        next.rows.clear();
                        next.values.clear();
                        next.spans.clear();
                        next.text.clear();
                        // The checker ends only when this side hangs up: sending cannot fail.
                        let _ = tx.send(std::mem::replace(&mut batch, next));
                    }
                }
            } else {
                batch.text.truncate(row_text);
            }
            row_text = batch.text.len();
            next = match src.next_row_text(&mut cells, &mut batch.text, &mut spans, diags) {
                Ok(r) => r,
                Err(d) => {
                    failed = Some(d);
                    break;
                }
            };
        }
        if !batch.rows.is_empty() {
            let _ = tx.send(batch);
        }
        drop(tx);
        let (lines, outside, checked) = checker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        drop(returned);
        match failed {
            Some(d) => Err(d),
            None => {
                diags.extend(checked);
                Ok((lines, outside))
            }
        }
    });
    let (lines, outside) = match read {
        Ok(x) => x,
        Err(d) => return fail(diags, d),
    };
    if !complete {
        return None;
    }
    if lines.is_empty() && outside.is_empty() && !diags.has_errors() {
        diags.push(Diagnostic::error(DiagCode::InputEmptyTable, Some(layout.place.clone()), layout.empty.clone()).hint(fmt::IMPORTS_TABLE.purpose));
    }
    Some((lines, outside))
}

/// A row's cells, named on the checking thread.
struct Place<'a> {
    sheet: &'a std::sync::Arc<str>,
    row: &'a RowPlace,
    index: u32,
}

impl Place<'_> {
    fn cell(&self, col: u32) -> CellRef {
        self.row.cell(self.sheet, self.index, col)
    }
}

/// The columns read as text whose value [`read_line`] takes over rather than copies.
const TEXT_COLUMNS: [C; 10] = [
    C::Declaration,
    C::CnCode,
    C::Description,
    C::OriginCountry,
    C::RequestedProcedure,
    C::PreviousProcedure,
    C::Installation,
    C::Product,
    C::DocumentType,
    C::DocumentReference,
];

/// The columns read as [`FieldKind::Code`]: text parsed by [`read_line`] where it lies (CN code and
/// country in [`TEXT_COLUMNS`], import area and variant by [`code_of`]), not kept as it is.
const CODE_COLUMNS: [C; 4] = [C::CnCode, C::OriginCountry, C::ImportArea, C::Variant];

/// Rows handed to the checking thread at a time.
const BATCH_ROWS: usize = 4096;

/// Rows read and not yet checked: each row's index and place, and its values by the format's
/// columns (`IMPORTS_TABLE.columns.len()` per row).
#[derive(Default)]
struct Batch {
    rows: Vec<(u32, RowPlace)>,
    values: Vec<Value>,
    /// The text of the rows' text fields handed over as spans ([`Rows::next_row_text`]), and
    /// where each lies in it, placed as `values` ((0, 0): none; the cell is then in `values`).
    text: String,
    spans: Vec<(u32, u32)>,
    /// On the first full batch, about how many rows are left, where the source can tell.
    rows_left: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eori_numbers() {
        assert!(is_eori("DE123456789012345"));
        assert!(is_eori("NL8123456789"));
        assert!(is_eori("XI123456789000"));
        assert!(!is_eori("DE1234567890123456"), "18 characters");
        assert!(!is_eori("de12345"));
        assert!(!is_eori("QQ12345"), "not a country");
        assert!(!is_eori("DE"));
        assert!(!is_eori("DE 12345"));
    }
}
