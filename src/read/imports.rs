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
// Declarant

fn read_declarant(book: &mut Book, diags: &mut Diagnostics) -> Option<Declarant> {
    let grid = match book.sheet(fmt::DECLARANT) {
        Ok(g) => g,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut found: HashMap<&'static str, (CellRef, Value)> = HashMap::new();
    for row in 0..grid.end_row() {
        let Value::Text(k) = grid.value(row, 0) else { continue };
        let k = k.trim().to_ascii_lowercase();
        if k.is_empty() {
            continue;
        }
        match fmt::DECLARANT_FIELDS.iter().find(|c| c.key == k) {
            Some(c) => {
                if let Some((prev, _)) = found.get(c.key) {
                    diags.push(Diagnostic::at(DiagCode::InputDuplicateField, &grid.cell(row, 0), format!("field '{k}' appears twice (first at {prev})")));
                } else {
                    found.insert(c.key, (grid.cell(row, 1), grid.value(row, 1)));
                }
            }
            None => {
                diags.push(Diagnostic::warning(DiagCode::InputUnknownField, Some(Location::Cell(grid.cell(row, 0))), format!("unknown field '{k}' is ignored")))
            }
        }
    }
    for c in fmt::DECLARANT_FIELDS.iter().filter(|c| c.required) {
        if !found.contains_key(c.key) {
            diags.push(Diagnostic::error(
                DiagCode::InputMissingField,
                Some(Location::Sheet(fmt::DECLARANT.into())),
                format!("required field '{}' is missing from column A ({})", c.key, c.note),
            ));
        }
    }
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let mut f = Fields::new(diags);
    let field = |k: &str| -> &Column { fmt::DECLARANT_FIELDS.iter().find(|c| c.key == k).expect("declarant field") };
    let get = |k: &str| found.get(k).cloned();
    let text = |f: &mut Fields, k: &str| -> Option<String> {
        let (at, v) = get(k)?;
        let c = field(k);
        let t = f.text(&at, &v, c.required, &format!("{k} ({})", c.note).replace(" ()", ""))?;
        check_text(f, &|| at.clone(), t, k)
    };
    let flag = |f: &mut Fields, k: &str| -> Option<bool> {
        let (at, v) = get(k)?;
        let b = f.boolean(&at, &v, &format!("{k} (yes or no)"));
        if b.is_none() && field(k).required && v.is_blank() {
            f.push(Diagnostic::at(DiagCode::InputMissing, &at, format!("expected yes or no for {k}, found an empty cell")));
        }
        b
    };

    if let Some((at, v)) = get("format")
        && let Some(name) = f.text(&at, &v, true, "the format name")
        && name != fmt::FORMAT_NAME
    {
        f.push(Diagnostic::at(DiagCode::InputFormat, &at, format!("expected '{}', found '{name}'", fmt::FORMAT_NAME)));
    }
    if let Some((at, v)) = get("format_version")
        && let Some(ver) = f.number(&at, &v, true, "the format version")
        && ver != Dec::from(fmt::FORMAT_VERSION)
    {
        f.push(Diagnostic::at(DiagCode::InputFormatVersion, &at, format!("expected format version {}, found {ver}", fmt::FORMAT_VERSION)));
    }
    let eori = |f: &mut Fields, k: &str| -> Option<String> {
        let t = text(f, k)?;
        if is_eori(&t) {
            return Some(t);
        }
        let (at, _) = get(k)?;
        f.push(Diagnostic::at(
            DiagCode::InputEori,
            &at,
            format!("expected an EORI number (a country code and up to 15 capital letters or digits, e.g. DE123456789012345), found '{t}'"),
        ));
        None
    };
    let party = |f: &mut Fields, p: &str| -> Option<Option<Party>> {
        let keys = ["eori", "name", "country", "city", "street", "number", "post_code"].map(|k| format!("{p}_{k}"));
        let any = keys.iter().any(|k| get(k).is_some_and(|(_, v)| !v.is_blank()));
        if !any {
            return Some(None);
        }
        let before = f.diags.iter().filter(|d| d.is_error()).count();
        let need = |f: &mut Fields, k: &str| -> Option<String> {
            let (at, v) = get(k).unwrap_or_else(|| (CellRef::new(fmt::DECLARANT, 0, 1), Value::Empty));
            if v.is_blank() {
                f.push(Diagnostic::error(DiagCode::InputMissing, Some(Location::Cell(at)), format!("expected {k}: the other {p}_ fields are filled in")));
                return None;
            }
            text(f, k)
        };
        let eori_v = need(f, &keys[0]).and_then(|_| eori(f, &keys[0]));
        let name = need(f, &keys[1]);
        let c = need(f, &keys[2]).and_then(|t| country(f, &get(&keys[2]).expect("present").0, t));
        let city = need(f, &keys[3]);
        let address = Address {
            country: c,
            city: city.unwrap_or_default(),
            street: text(f, &keys[4]),
            number: text(f, &keys[5]),
            post_code: text(f, &keys[6]),
            ..Address::default()
        };
        let after = f.diags.iter().filter(|d| d.is_error()).count();
        if after > before {
            return None;
        }
        Some(Some(Party { eori: eori_v?, name: name?, address }))
    };

    let eori_v = eori(&mut f, "eori");
    let name = text(&mut f, "name");
    let role = get("role").and_then(|(at, v)| {
        f.code(&at, &v, true, "the declarant's role", fmt::ROLES, |s| {
            let s = s.trim();
            let s = if s.len() == 1 { format!("0{s}") } else { s.to_string() };
            fmt::ROLES.contains(&s.as_str()).then_some(s)
        })
    });
    let address = Address {
        country: None,
        subdivision: text(&mut f, "subdivision"),
        city: text(&mut f, "city").unwrap_or_default(),
        street: text(&mut f, "street"),
        street_additional_line: text(&mut f, "street_additional_line"),
        number: text(&mut f, "number"),
        post_code: text(&mut f, "post_code"),
        po_box: text(&mut f, "po_box"),
    };
    let representative = party(&mut f, "representative");
    let importer = party(&mut f, "importer");
    let global = flag(&mut f, "global_data_confirmation");
    let use_of_data = flag(&mut f, "use_of_data_confirmation");
    for (k, given) in [("global_data_confirmation", global), ("use_of_data_confirmation", use_of_data)] {
        if let (Some(false), Some((at, _))) = (given, get(k)) {
            f.push(Diagnostic::at(
                DiagCode::InputConfirmation,
                &at,
                format!("expected yes for {k}: the registry accepts a report only with this confirmation"),
            ));
        }
    }
    let declarant = Declarant {
        eori: eori_v.unwrap_or_default(),
        name: name.unwrap_or_default(),
        role: role.unwrap_or_default(),
        address,
        representative: representative.flatten(),
        importer: importer.flatten(),
        signature_place: text(&mut f, "signature_place").unwrap_or_default(),
        signatory: text(&mut f, "signatory").unwrap_or_default(),
        signatory_position: text(&mut f, "signatory_position").unwrap_or_default(),
        global_data_confirmation: global.unwrap_or(false),
        use_of_data_confirmation: use_of_data.unwrap_or(false),
        other_methodology: flag(&mut f, "other_methodology"),
        report_id: text(&mut f, "report_id"),
        remarks: text(&mut f, "remarks"),
    };
    let errors_after = f.diags.iter().filter(|d| d.is_error()).count();
    (errors_after == errors_before).then_some(declarant)
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

/// A customs line read: of a good cbam computes, or of one it does not.
#[allow(clippy::large_enum_variant)] // one at a time, moved into its vector at once
enum Line {
    In(ImportLine),
    Out(OutsideLine),
}

/// The CN code of a line: one cbam computes, or the digits of a good outside cement and
/// aluminium (the code as written, for messages, and its CBAM sector if any).
enum Cn {
    In(CnCode),
    Out { digits: String, text: String, sector: Option<&'static str> },
}

fn read_line(t: &Table, place: &Place, values: &mut [Value], spans: &[(u32, u32)], buf: &str, diags: &mut Diagnostics) -> Option<Line> {
    let span = |p: usize| -> Option<&str> {
        let (a, b) = spans[p];
        (b > a).then(|| &buf[a as usize..b as usize])
    };
    // Text is read where it lies, or taken over from its cell, not copied: a year of lines holds
    // millions of them; what the line keeps is copied once.
    let mut texts: [Option<Cow<str>>; TEXT_COLUMNS.len()] = Default::default();
    for (slot, k) in texts.iter_mut().zip(TEXT_COLUMNS) {
        let Some(p) = t.pos_of[k.index()] else { continue };
        if let Some(s) = span(p) {
            let trimmed = trim(s);
            if !trimmed.is_empty() {
                *slot = Some(Cow::Borrowed(trimmed));
            }
        } else if let Value::Text(s) = &mut values[p] {
            let trimmed = trim(s);
            if !trimmed.is_empty() {
                *slot = Some(Cow::Owned(if trimmed.len() == s.len() { std::mem::take(s) } else { trimmed.to_string() }));
            }
        }
    }
    let values = &*values;
    let at = |k: C| place.cell(t.col_of[k.index()].unwrap_or(0));
    let val = |k: C| t.pos_of[k.index()].map_or(&Value::Empty, |p| &values[p]);
    let column = |k: C| &fmt::IMPORTS_TABLE.columns[k.index()];
    let before = diags.len();
    let mut f = Fields::new(diags);
    let mut text = |f: &mut Fields, k: C, what: &str| {
        let taken = TEXT_COLUMNS.iter().position(|&c| c == k).and_then(|i| texts[i].take());
        match taken {
            // An empty cell of an optional column, as most are: nothing to say, no cell to name.
            None if !column(k).required && val(k).is_blank() => None,
            Some(s) => check_text_max(f, &|| at(k), s, k.key(), t.max_chars[k.index()]),
            None => f.text(&at(k), val(k), column(k).required, what).and_then(|s| check_text_max(f, &|| at(k), Cow::Owned(s), k.key(), t.max_chars[k.index()])),
        }
    };
    let declaration = text(&mut f, C::Declaration, "the declaration reference").map(Cow::into_owned);
    let release_date = match val(C::ReleaseDate) {
        // Read as a date already (a date cell, or a CSV's ISO date): nothing to check.
        Value::Date(d) => Some(*d),
        v => f.date(&at(C::ReleaseDate), v, true, "the date the declaration was accepted"),
    };
    let cn_code = text(&mut f, C::CnCode, "an 8-digit CN code").and_then(|s| match t.cn_code(&s) {
        Ok(c) => Some(Cn::In(c)),
        // Outside cement and aluminium: read like any line, kept apart (the quarterly report
        // refuses it, the declaration counts it).
        Err(e @ (CnError::OtherCbamSector(_) | CnError::NotCbam)) => {
            let digits = s.chars().filter(|c| !matches!(c, ' ' | '.' | '\u{a0}')).collect();
            Some(Cn::Out { digits, text: s.into_owned(), sector: if let CnError::OtherCbamSector(name) = e { Some(name) } else { None } })
        }
        Err(e) => {
            f.push(crate::validate::fields::cn_error(&at(C::CnCode), &s, e));
            None
        }
    });
    let description = text(&mut f, C::Description, "").map(Cow::into_owned);
    let origin = text(&mut f, C::OriginCountry, "the country of origin").and_then(|s| t.country(&mut f, &|| at(C::OriginCountry), &s));
    let net_mass = match val(C::NetMass) {
        // A number above zero within range, as nearly every line has: nothing to report.
        // (A mantissa below 10^20 is a number within MAX_NUMBER, 10^20, whatever its scale.)
        Value::Decimal(d) if d.is_sign_positive() && !d.is_zero() && d.mantissa() < 100_000_000_000_000_000_000 => {
            Some(if t.tonnes { *d } else { t.mass.apply(*d) })
        }
        v => f.non_negative(&at(C::NetMass), v, true, "the net mass", true).map(|d| t.mass.apply(d)),
    };
    if val(C::NetMass).is_blank() && !val(C::SupplementaryUnits).is_blank() {
        f.push(
            Diagnostic::at(DiagCode::InputNetMass, &at(C::NetMass), "expected the net mass as well: embedded emissions are per tonne")
                .hint("cement and aluminium goods are declared by net mass; their CN codes have no supplementary unit"),
        );
    }
    let supplementary_units = match val(C::SupplementaryUnits) {
        Value::Empty => None,
        v => f.non_negative(&at(C::SupplementaryUnits), v, false, "the supplementary units", false),
    };
    let requested = text(&mut f, C::RequestedProcedure, "the requested customs procedure").and_then(|s| procedure(&mut f, &|| at(C::RequestedProcedure), s));
    let previous = text(&mut f, C::PreviousProcedure, "").and_then(|s| procedure(&mut f, &|| at(C::PreviousProcedure), s));
    let area_of = |s: &str| fmt::IMPORT_AREAS.iter().find(|a| a.eq_ignore_ascii_case(trim(s))).map(|a| (*a).to_string());
    let area = match t.pos_of[C::ImportArea.index()].and_then(span) {
        Some(s) => code_of(&mut f, &|| at(C::ImportArea), s, true, "the import area", fmt::IMPORT_AREAS, area_of),
        None => f.code(&at(C::ImportArea), val(C::ImportArea), true, "the import area", fmt::IMPORT_AREAS, area_of),
    };
    let ip_keys = [C::IpMemberState, C::IpDischargeBillWaiver, C::IpAuthorisation, C::IpStart, C::IpEnd, C::IpDeadline];
    let inward_processing = if ip_keys.iter().any(|k| !val(*k).is_blank()) {
        for k in ip_keys.iter().filter(|k| val(**k).is_blank()) {
            f.push(Diagnostic::at(
                DiagCode::InputMissing,
                &at(*k),
                format!("expected {}: the other inward-processing columns of this line are filled in", k.key()),
            ));
        }
        let ms = text(&mut f, C::IpMemberState, "").and_then(|s| country(&mut f, &at(C::IpMemberState), s.into_owned()));
        let waiver = f.boolean(&at(C::IpDischargeBillWaiver), val(C::IpDischargeBillWaiver), "whether the bill of discharge is waived");
        let auth = text(&mut f, C::IpAuthorisation, "").map(Cow::into_owned);
        let d = |f: &mut Fields, k: C| f.date(&at(k), val(k), false, "a date");
        let (start, end, deadline) = (d(&mut f, C::IpStart), d(&mut f, C::IpEnd), d(&mut f, C::IpDeadline));
        match (ms, waiver, auth, start, end, deadline) {
            (Some(member_state), Some(discharge_bill_waiver), Some(authorisation), Some(start), Some(end), Some(deadline)) => {
                Some(Box::new(InwardProcessing { member_state, discharge_bill_waiver, authorisation, start, end, deadline }))
            }
            _ => None,
        }
    } else {
        None
    };
    let installation = text(&mut f, C::Installation, "").map(Cow::into_owned);
    let product = text(&mut f, C::Product, "").map(Cow::into_owned);
    let variant = match t.pos_of[C::Variant.index()].and_then(span) {
        Some(s) => code_of(&mut f, &|| at(C::Variant), s, false, "grey or white", fmt::VARIANTS, Variant::parse),
        None => f.code(&at(C::Variant), val(C::Variant), false, "grey or white", fmt::VARIANTS, Variant::parse),
    };
    let doc_type = text(&mut f, C::DocumentType, "").map(Cow::into_owned);
    let doc_ref = text(&mut f, C::DocumentReference, "").map(Cow::into_owned);
    let document = match (doc_type, doc_ref) {
        (Some(ty), reference) if ty.chars().count() == 4 => Some(Box::new(SupportingDocument { type_code: ty, reference })),
        (Some(ty), _) => {
            f.push(Diagnostic::at(
                DiagCode::InputDocumentType,
                &at(C::DocumentType),
                format!("expected a document type code of exactly 4 characters (QReport an4), found '{ty}'"),
            ));
            None
        }
        (None, Some(_)) => {
            f.push(Diagnostic::at(DiagCode::InputMissing, &at(C::DocumentType), "expected the document type: a document reference is given"));
            None
        }
        (None, None) => None,
    };
    if f.diags.has_errors_since(before) {
        return None;
    }
    // Positions only: one copy of the sheet's name per line, not one per cell.
    let mut cells = LineCells::on(place.sheet.clone(), place.row.is_text());
    let (r, c) = place.row.position(place.index, 0);
    cells.set_position(LineCell::Row, r, c);
    for (which, k) in [
        (LineCell::ReleaseDate, C::ReleaseDate),
        (LineCell::CnCode, C::CnCode),
        (LineCell::Installation, C::Installation),
        (LineCell::Product, C::Product),
        (LineCell::Variant, C::Variant),
    ] {
        if let Some(col) = t.col_of[k.index()] {
            let (r, c) = place.row.position(place.index, col);
            cells.set_position(which, r, c);
        }
    }
    let cn_code = match cn_code? {
        Cn::In(c) => c,
        Cn::Out { digits, text, sector } => {
            return Some(Line::Out(OutsideLine {
                cn_code: digits,
                cn_text: text,
                sector,
                release_date: release_date?,
                origin: origin?,
                net_mass_t: net_mass?,
                at: cells,
            }));
        }
    };
    Some(Line::In(ImportLine {
        declaration,
        release_date: release_date?,
        cn_code,
        description,
        origin: origin?,
        net_mass_t: net_mass?,
        supplementary_units,
        procedure: Procedure { requested: requested?, previous, area: area?, inward_processing },
        installation,
        product,
        variant,
        document,
        at: cells,
    }))
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
