//! Our workbooks as `.xlsx` files: the blank workbooks `cbam init` writes
//! ([`blank_installation_workbook`], [`save_blank_imports`]) and a small builder, [`TidyWorkbook`],
//! that fills the same layout for the samples and for test fixtures. One writer serves every
//! format through a [`Layout`]: the installation workbook ([`INSTALLATION`]) and the imports
//! workbook ([`IMPORTS`]).
//!
//! Every sheet name, column key, unit, code list and note comes from [`crate::format`]; the
//! human-readable texts are English unless [`TidyWorkbook::set_lang`] chose another language
//! ([`crate::format::notes`]), which changes no sheet name, key, unit or code;
//! this module only decides how the workbook looks (styles, widths, notes, drop-downs). It must
//! not read workbooks (that is `read`) nor interpret the values it writes. The output is
//! deterministic: the document's creation date is fixed, so the same input gives the same bytes.
#![deny(missing_docs)]

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign, Note, Workbook, Worksheet, XlsxError,
};

use crate::format::imports;
use crate::format::notes::{Catalog, Lang};
use crate::format::tidy::{self, Column, Kind, Table};
use crate::render::Error;

/// One of our workbook formats, as the writer needs it: a ReadMe sheet, a key/value sheet and
/// table sheets, all defined in [`crate::format`].
#[derive(Debug)]
pub struct Layout {
    /// Prefix of this layout's sentences in [`crate::format::notes`] (`installation.title`, …).
    pub id: &'static str,
    /// Title of the ReadMe sheet and of the document properties.
    pub title: &'static str,
    /// The format's name, written next to the `format` key (`cbam-installation-workbook`, …).
    pub format_name: &'static str,
    /// The format's version, written in `format_version`.
    pub format_version: u32,
    /// What one workbook describes (first paragraph of the ReadMe).
    pub intro: &'static str,
    /// Name of the key/value sheet (`About`, `Declarant`).
    pub key_sheet: &'static str,
    /// What the key/value sheet holds, as the ReadMe describes it.
    pub key_purpose: &'static str,
    /// The key/value sheet's fields, in row order (the first two are `format` and
    /// `format_version`).
    pub key_fields: &'static [Column],
    /// The table sheets, in workbook order.
    pub tables: &'static [&'static Table],
    /// A sentence added to the ReadMe's "Units" rule, if any.
    pub units_extra: Option<&'static str>,
}

/// The installation workbook ([`crate::format::tidy`]).
pub const INSTALLATION: Layout = Layout {
    id: "installation",
    title: "CBAM installation workbook",
    format_name: tidy::FORMAT_NAME,
    format_version: tidy::FORMAT_VERSION,
    intro: "One workbook describes one installation over one reporting period: its production processes, source \
            streams, PFC monitoring, precursors and the goods it sells. The cbam program reads it and computes the \
            specific embedded emissions (SEE) of every good under the EU Carbon Border Adjustment Mechanism.",
    key_sheet: tidy::ABOUT,
    key_purpose: "The installation and the reporting period",
    key_fields: tidy::ABOUT_FIELDS,
    tables: &tidy::TABLES,
    units_extra: Some(" In SourceStreams every row names its own units in the unit columns next to the figures."),
};

/// The imports workbook ([`crate::format::imports`]).
pub const IMPORTS: Layout = Layout {
    id: "imports",
    title: "CBAM imports workbook",
    format_name: imports::FORMAT_NAME,
    format_version: imports::FORMAT_VERSION,
    intro: "One workbook lists the CBAM goods a reporting declarant imported in one quarter, one customs line per \
            row, with the supplier installation each came from. `cbam report` matches every line to the workbook \
            its supplier sent, computes the embedded emissions and writes the quarterly CBAM report (QReport XML).",
    key_sheet: imports::DECLARANT,
    key_purpose: "The reporting declarant, its representative or importer where there is one, and the signature",
    key_fields: imports::DECLARANT_FIELDS,
    tables: &imports::TABLES,
    units_extra: None,
};

/// Name of the explanatory first sheet. Readers ignore it.
pub const README_SHEET: &str = "ReadMe";

/// Last row (1-based, as Excel shows it) of a table sheet that carries the drop-down lists.
pub const LAST_VALIDATED_ROW: u32 = 1000;

/// Creation date written into the document properties, fixed so that reruns give identical bytes.
const CREATED: (u16, u8, u8) = (2026, 1, 1);

/// Fill of required column keys and About fields ("yellow = required").
const REQUIRED_FILL: u32 = 0xFFFF99;
const NOTE_GREY: u32 = 0x595959;
const UNIT_BLUE: u32 = 0x1F4E79;
const DATE_FORMAT: &str = "yyyy-mm-dd";

/// The value of one cell written by [`TidyWorkbook`].
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// Text, written as a string cell.
    Text(String),
    /// A number as decimal text, e.g. `"1321052.6315789474"`; written as the nearest f64 (the
    /// reader turns it back into a decimal through the shortest round-trip text).
    Number(String),
    /// Written as a real date cell.
    Date(NaiveDate),
    /// Nothing is written; also clears a pre-filled About value.
    Empty,
}

impl CellValue {
    /// A number given as decimal text.
    pub fn number(text: impl Into<String>) -> Self {
        CellValue::Number(text.into())
    }
}

impl From<&str> for CellValue {
    fn from(s: &str) -> Self {
        CellValue::Text(s.to_owned())
    }
}
impl From<String> for CellValue {
    fn from(s: String) -> Self {
        CellValue::Text(s)
    }
}
impl From<f64> for CellValue {
    /// Display of an f64 is its shortest round-trip text, never in exponent notation.
    fn from(v: f64) -> Self {
        CellValue::Number(v.to_string())
    }
}
impl From<i64> for CellValue {
    fn from(v: i64) -> Self {
        CellValue::Number(v.to_string())
    }
}
impl From<i32> for CellValue {
    fn from(v: i32) -> Self {
        CellValue::Number(v.to_string())
    }
}
impl From<u32> for CellValue {
    fn from(v: u32) -> Self {
        CellValue::Number(v.to_string())
    }
}
impl From<NaiveDate> for CellValue {
    fn from(d: NaiveDate) -> Self {
        CellValue::Date(d)
    }
}

/// One data row of a table sheet: column key → value. Keys left out stay empty.
pub type Row = Vec<(&'static str, CellValue)>;

/// Builds a [`Row`]: `tidy_row!["process_id" => "P1", "activity_level" => 1_902_400.0]`.
#[macro_export]
macro_rules! tidy_row {
    ($($key:expr => $value:expr),* $(,)?) => {
        vec![$(($key, $crate::render::workbook::CellValue::from($value))),*]
    };
}

/// A filled tidy installation workbook: About values, table rows and row-2 unit overrides, laid
/// out exactly like the blank workbook. Mistakes (an unknown sheet or key) surface when the
/// workbook is built.
#[derive(Debug, Clone)]
pub struct TidyWorkbook {
    layout: &'static Layout,
    about: Vec<(&'static str, CellValue)>,
    tables: BTreeMap<&'static str, Vec<Row>>,
    units: BTreeMap<(&'static str, &'static str), String>,
    lang: Lang,
}

impl Default for TidyWorkbook {
    fn default() -> Self {
        Self::with_layout(&INSTALLATION)
    }
}

impl TidyWorkbook {
    /// An empty installation workbook: only `format` and `format_version` are filled in.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty workbook of another format (e.g. [`IMPORTS`]).
    pub fn with_layout(layout: &'static Layout) -> Self {
        TidyWorkbook { layout, about: Vec::new(), tables: BTreeMap::new(), units: BTreeMap::new(), lang: Lang::En }
    }

    /// Writes the ReadMe, the notes and the drop-downs' messages in `lang` (English by default);
    /// sheet names, keys, units and codes are the same in every language.
    pub fn set_lang(&mut self, lang: Lang) -> &mut Self {
        self.lang = lang;
        self
    }

    /// Sets a field of the key/value sheet (`About` or `Declarant`); same as [`Self::about`].
    pub fn field(&mut self, field: &'static str, value: impl Into<CellValue>) -> &mut Self {
        self.about(field, value)
    }

    /// Sets an About field (replacing an earlier value, including the pre-filled format fields).
    pub fn about(&mut self, field: &'static str, value: impl Into<CellValue>) -> &mut Self {
        let value = value.into();
        match self.about.iter_mut().find(|(f, _)| *f == field) {
            Some(slot) => slot.1 = value,
            None => self.about.push((field, value)),
        }
        self
    }

    /// Appends a data row to a table sheet.
    pub fn row(&mut self, sheet: &'static str, row: Row) -> &mut Self {
        self.tables.entry(sheet).or_default().push(row);
        self
    }

    /// The data rows of a table sheet, to change (derived samples, fixtures).
    pub fn rows_mut(&mut self, sheet: &'static str) -> &mut Vec<Row> {
        self.tables.entry(sheet).or_default()
    }

    /// Removes every data row of a table sheet.
    pub fn clear_rows(&mut self, sheet: &'static str) -> &mut Self {
        self.tables.remove(sheet);
        self
    }

    /// Replaces the unit in row 2 of a column (any text, so that fixtures can hold bad units).
    pub fn set_unit(&mut self, sheet: &'static str, column_key: &'static str, unit: impl Into<String>) -> &mut Self {
        self.units.insert((sheet, column_key), unit.into());
        self
    }

    /// Lays the workbook out with its values.
    pub fn to_workbook(&self) -> Result<Workbook, Error> {
        self.check()?;
        let styles = Styles::new();
        let mut workbook = Workbook::new();
        let layout = self.layout;
        let zh = Catalog::of(self.lang);
        let (title, subject) = match zh {
            None => (layout.title.to_owned(), format!("{} version {}", layout.format_name, layout.format_version)),
            Some(c) => (
                c.text(&format!("{}.title", layout.id), &[]),
                c.text("doc.subject", &[("name", layout.format_name), ("version", &layout.format_version.to_string())]),
            ),
        };
        let properties =
            DocProperties::new().set_title(&title).set_subject(&subject).set_creation_datetime(&ExcelDateTime::from_ymd(CREATED.0, CREATED.1, CREATED.2)?);
        workbook.set_properties(&properties);

        write_readme(workbook.add_worksheet(), &styles, layout, zh)?;
        self.write_about(workbook.add_worksheet(), &styles)?;
        for table in layout.tables {
            let rows = self.tables.get(table.sheet).map(Vec::as_slice).unwrap_or_default();
            self.write_table(workbook.add_worksheet(), &styles, table, rows)?;
        }
        Ok(workbook)
    }

    /// The `.xlsx` bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        Ok(self.to_workbook()?.save_to_buffer()?)
    }

    /// Writes the workbook to `path` atomically (temporary file in the same directory, then rename).
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let bytes = self.to_bytes()?;
        super::write_atomically(path, &bytes).map_err(|source| Error::Io { path: path.to_owned(), source })
    }

    fn check(&self) -> Result<(), Error> {
        for (field, _) in &self.about {
            if !self.layout.key_fields.iter().any(|c| c.key == *field) {
                return Err(Error::UnknownAboutField((*field).to_owned()));
            }
        }
        for (sheet, rows) in &self.tables {
            let table = table(self.layout, sheet)?;
            for row in rows {
                for (i, (key, _)) in row.iter().enumerate() {
                    column_index(table, key)?;
                    if row[..i].iter().any(|(k, _)| k == key) {
                        return Err(Error::DuplicateColumn { sheet: table.sheet.into(), key: (*key).into() });
                    }
                }
            }
        }
        for (sheet, key) in self.units.keys() {
            let table = table(self.layout, sheet)?;
            let column = &table.columns[column_index(table, key)?];
            if column.unit.is_none() {
                return Err(Error::NoUnit { sheet: table.sheet.into(), key: (*key).into() });
            }
        }
        Ok(())
    }

    fn write_about(&self, ws: &mut Worksheet, styles: &Styles) -> Result<(), Error> {
        let layout = self.layout;
        ws.set_name(layout.key_sheet)?;
        for (i, field) in layout.key_fields.iter().enumerate() {
            let row = i as u32;
            ws.write_string_with_format(row, 0, field.key, styles.key(field))?;
            let note = Catalog::of(self.lang).map_or(field.note, |c| c.note(layout.key_sheet, field.key));
            ws.write_string_with_format(row, 2, note, &styles.note)?;
            let given = self.about.iter().find(|(f, _)| *f == field.key).map(|(_, v)| v.clone());
            let value = given.unwrap_or_else(|| match field.key {
                tidy::FORMAT_KEY => CellValue::from(layout.format_name),
                "format_version" => CellValue::from(layout.format_version),
                _ => CellValue::Empty,
            });
            let location = format!("{}!B{}", layout.key_sheet, row + 1);
            if field.kind == Kind::Date && value == CellValue::Empty {
                // Typed dates then show as YYYY-MM-DD.
                ws.write_blank(row, 1, &styles.date)?;
            }
            write_value(ws, styles, row, 1, &value, &location)?;
        }
        ws.set_column_width(0, 22)?;
        ws.set_column_width(1, 44)?;
        ws.set_column_width(2, 90)?;
        Ok(())
    }

    fn write_table(&self, ws: &mut Worksheet, styles: &Styles, table: &Table, rows: &[Row]) -> Result<(), Error> {
        ws.set_name(table.sheet)?;
        let zh = Catalog::of(self.lang);
        let mut note_lines = 1;
        for (c, column) in table.columns.iter().enumerate() {
            let col = c as u16;
            let width = column_width(column);
            ws.set_column_width(col, width as f64)?;
            ws.write_string_with_format(tidy::HEADER_ROW, col, column.key, styles.key(column))?;
            let note_text = column_note(column, table.sheet, zh);
            let note_height = 24 + 15 * (display_width(&note_text) as u32 / 45 + note_text.lines().count() as u32);
            let note = Note::new(note_text).add_author_prefix(false).set_width(320).set_height(note_height);
            ws.insert_note(tidy::HEADER_ROW, col, &note)?;

            match column.unit {
                Some(unit) => {
                    let text = self.units.get(&(table.sheet, column.key)).map(String::as_str).unwrap_or(unit.default);
                    ws.write_string_with_format(tidy::UNITS_ROW, col, text, &styles.unit)?;
                    if unit.accepted.len() > 1 {
                        let validation = list_validation(unit.accepted, DataValidationErrorStyle::Stop, zh)?;
                        ws.add_data_validation(tidy::UNITS_ROW, col, tidy::UNITS_ROW, col, &validation)?;
                    }
                }
                None => {
                    let note = zh.map_or(column.note, |c| c.note(table.sheet, column.key));
                    ws.write_string_with_format(tidy::UNITS_ROW, col, note, &styles.note)?;
                    note_lines = note_lines.max(display_width(note).div_ceil(width.saturating_sub(1).max(1)));
                }
            }

            let validation = match column.kind {
                Kind::Code(list) => Some(list_validation(list, DataValidationErrorStyle::Stop, zh)?),
                // The reader also takes true/false and 1/0: warn rather than refuse.
                Kind::Bool => Some(list_validation(tidy::YES_NO, DataValidationErrorStyle::Warning, zh)?),
                Kind::Text | Kind::Number | Kind::Date => None,
            };
            if let Some(validation) = validation {
                ws.add_data_validation(tidy::FIRST_DATA_ROW, col, LAST_VALIDATED_ROW - 1, col, &validation)?;
            }
            if column.kind == Kind::Date {
                ws.set_column_format(col, &styles.date)?;
            }
        }
        ws.set_row_height(tidy::UNITS_ROW, (15 * note_lines.min(6)) as f64)?;
        ws.set_freeze_panes(tidy::FIRST_DATA_ROW, 0)?;

        for (i, cells) in rows.iter().enumerate() {
            let row = tidy::FIRST_DATA_ROW + i as u32;
            for (key, value) in cells {
                let col = column_index(table, key)?;
                let location = format!("{}!{}{}", table.sheet, column_letters(col as u16), row + 1);
                write_value(ws, styles, row, col as u16, value, &location)?;
            }
        }
        Ok(())
    }
}

/// The blank workbook `cbam init` writes.
pub fn blank_installation_workbook() -> Result<Workbook, Error> {
    TidyWorkbook::new().to_workbook()
}

/// The blank workbook of `layout` with its texts in `lang` (what `cbam init` writes).
pub fn blank(layout: &'static Layout, lang: Lang) -> TidyWorkbook {
    let mut book = TidyWorkbook::with_layout(layout);
    book.set_lang(lang);
    book
}

/// Writes the blank workbook to `path` atomically (what `cbam init` does).
pub fn save_blank_installation(path: &Path, lang: Lang) -> Result<(), Error> {
    blank(&INSTALLATION, lang).save(path)
}

/// Writes the blank imports workbook to `path` atomically (what `cbam init --imports` does).
pub fn save_blank_imports(path: &Path, lang: Lang) -> Result<(), Error> {
    blank(&IMPORTS, lang).save(path)
}

struct Styles {
    key: Format,
    required_key: Format,
    unit: Format,
    note: Format,
    date: Format,
    title: Format,
    heading: Format,
    text: Format,
    required_text: Format,
}

impl Styles {
    fn new() -> Self {
        let key = Format::new().set_bold();
        let note = Format::new().set_italic().set_font_color(Color::RGB(NOTE_GREY)).set_text_wrap().set_align(FormatAlign::Top);
        Styles {
            required_key: key.clone().set_background_color(Color::RGB(REQUIRED_FILL)),
            key,
            unit: Format::new().set_italic().set_font_color(Color::RGB(UNIT_BLUE)).set_align(FormatAlign::Top),
            note,
            date: Format::new().set_num_format(DATE_FORMAT),
            title: Format::new().set_bold().set_font_size(14),
            heading: Format::new().set_bold(),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            required_text: Format::new().set_text_wrap().set_align(FormatAlign::Top).set_background_color(Color::RGB(REQUIRED_FILL)),
        }
    }

    fn key(&self, column: &Column) -> &Format {
        if column.required { &self.required_key } else { &self.key }
    }
}

/// The text of the note attached to a column key, in English or from `zh`.
fn column_note(column: &Column, sheet: &str, zh: Option<&Catalog>) -> String {
    if let Some(c) = zh {
        return column_note_translated(column, sheet, c);
    }
    let mut text = format!("{}: {}", column.key, column.note);
    text.push_str(if column.required { "\nRequired." } else { "\nOptional." });
    match column.kind {
        Kind::Code(list) => text.push_str(&format!("\nOne of: {}.", list.join(", "))),
        Kind::Bool => text.push_str("\nyes or no."),
        Kind::Date => text.push_str("\nA date cell or YYYY-MM-DD."),
        Kind::Text | Kind::Number => {}
    }
    if let Some(unit) = column.unit {
        let others: Vec<_> = unit.accepted.iter().filter(|u| **u != unit.default).copied().collect();
        if others.is_empty() {
            text.push_str(&format!("\nUnit (row 2): {}.", unit.default));
        } else {
            text.push_str(&format!("\nUnit (row 2): {}, or one of {}.", unit.default, others.join(", ")));
        }
    }
    text
}

/// [`column_note`] from a catalog: the same parts, in the catalog's words.
fn column_note_translated(column: &Column, sheet: &str, c: &Catalog) -> String {
    let mut text = format!("{}：{}", column.key, c.note(sheet, column.key));
    text.push('\n');
    text.push_str(&c.text(if column.required { "note.required" } else { "note.optional" }, &[]));
    let line = match column.kind {
        Kind::Code(list) => Some(c.text("note.one_of", &[("codes", &c.codes(list))])),
        Kind::Bool => Some(c.text("note.yes_no", &[])),
        Kind::Date => Some(c.text("note.date", &[])),
        Kind::Text | Kind::Number => None,
    };
    if let Some(line) = line {
        text.extend(["\n", &line]);
    }
    if let Some(unit) = column.unit {
        let others: Vec<_> = unit.accepted.iter().filter(|u| **u != unit.default).copied().collect();
        let row = (tidy::UNITS_ROW + 1).to_string();
        let line = if others.is_empty() {
            c.text("note.unit", &[("unit", unit.default), ("row", &row)])
        } else {
            c.text("note.unit_or", &[("unit", unit.default), ("others", &others.join(", ")), ("row", &row)])
        };
        text.extend(["\n", &line]);
    }
    text
}

/// How many columns of a fixed-width font `text` fills: a CJK character takes two.
pub(crate) fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}')
}

/// Width in characters: enough for the key, the units and the codes, within 8..=40.
fn column_width(column: &Column) -> usize {
    let content = match column.kind {
        Kind::Code(list) => list.iter().map(|c| c.chars().count()).max().unwrap_or(0),
        Kind::Bool => 3,
        Kind::Date => 10,
        Kind::Number => 12,
        Kind::Text => 20,
    };
    let unit = column.unit.map_or(0, |u| u.accepted.iter().map(|a| a.chars().count()).max().unwrap_or(0));
    (column.key.chars().count().max(content).max(unit) + 3).clamp(8, 40)
}

fn list_validation(list: &[&str], style: DataValidationErrorStyle, zh: Option<&Catalog>) -> Result<DataValidation, XlsxError> {
    let (title, message) = match zh {
        None => ("Not in the list".to_owned(), "Choose a value from the drop-down list; the note on the column key explains them.".to_owned()),
        Some(c) => (c.text("list.error_title", &[]), c.text("list.error_message", &[])),
    };
    DataValidation::new().allow_list_strings(list)?.set_error_title(&title)?.set_error_message(&message).map(|v| v.set_error_style(style))
}

fn write_value(ws: &mut Worksheet, styles: &Styles, row: u32, col: u16, value: &CellValue, location: &str) -> Result<(), Error> {
    match value {
        CellValue::Text(s) => {
            ws.write_string(row, col, s)?;
        }
        CellValue::Number(text) => {
            let bad = || Error::BadNumber { location: location.to_owned(), text: text.clone() };
            let n: f64 = text.trim().parse().map_err(|_| bad())?;
            if !n.is_finite() {
                return Err(bad());
            }
            ws.write_number(row, col, n)?;
        }
        CellValue::Date(d) => {
            let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
            let date = ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, col, &date, &styles.date)?;
        }
        CellValue::Empty => {}
    }
    Ok(())
}

fn table(layout: &Layout, sheet: &str) -> Result<&'static Table, Error> {
    layout.tables.iter().copied().find(|t| t.sheet == sheet).ok_or_else(|| Error::UnknownSheet(sheet.to_owned()))
}

fn column_index(table: &Table, key: &str) -> Result<usize, Error> {
    table.columns.iter().position(|c| c.key == key).ok_or_else(|| Error::UnknownColumn { sheet: table.sheet.to_owned(), key: key.to_owned() })
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
fn column_letters(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

mod readme;
#[cfg(test)]
mod tests;

use readme::write_readme;
