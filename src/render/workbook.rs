//! Our workbooks as `.xlsx` files: the blank workbooks `cbam init` writes
//! ([`blank_installation_workbook`], [`save_blank_imports`]) and a small builder, [`TidyWorkbook`],
//! that fills the same layout for the samples and for test fixtures. One writer serves every
//! format through a [`Layout`]: the installation workbook ([`INSTALLATION`]) and the imports
//! workbook ([`IMPORTS`]).
//!
//! Every sheet name, column key, unit, code list and note comes from [`crate::format`];
//! this module only decides how the workbook looks (styles, widths, notes, drop-downs). It must
//! not read workbooks (that is `read`) nor interpret the values it writes. The output is
//! deterministic: the document's creation date is fixed, so the same input gives the same bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign, Note,
    Workbook, Worksheet, XlsxError,
};

use crate::format::imports;
use crate::format::tidy::{self, Column, Kind, Table};

/// One of our workbook formats, as the writer needs it: a ReadMe sheet, a key/value sheet and
/// table sheets, all defined in [`crate::format`].
#[derive(Debug)]
pub struct Layout {
    /// Title of the ReadMe sheet and of the document properties.
    pub title: &'static str,
    pub format_name: &'static str,
    pub format_version: u32,
    /// What one workbook describes (first paragraph of the ReadMe).
    pub intro: &'static str,
    /// The key/value sheet, what it holds, and its fields (the first two are `format` and
    /// `format_version`).
    pub key_sheet: &'static str,
    pub key_purpose: &'static str,
    pub key_fields: &'static [Column],
    pub tables: &'static [&'static Table],
    /// A sentence added to the ReadMe's "Units" rule, if any.
    pub units_extra: Option<&'static str>,
}

/// The installation workbook ([`crate::format::tidy`]).
pub const INSTALLATION: Layout = Layout {
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

/// Why a workbook could not be built or written. Apart from [`WorkbookError::Io`] these are
/// mistakes in the code that defines the workbook (a misspelt column key, say).
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    #[error("unknown sheet '{0}' in this workbook format")]
    UnknownSheet(String),
    #[error("unknown column '{key}' in sheet {sheet}")]
    UnknownColumn { sheet: String, key: String },
    #[error("column '{key}' appears twice in one row of sheet {sheet}")]
    DuplicateColumn { sheet: String, key: String },
    #[error("unknown About field '{0}'")]
    UnknownAboutField(String),
    #[error("column '{key}' of sheet {sheet} has no unit in row 2")]
    NoUnit { sheet: String, key: String },
    #[error("'{text}' is not a finite number ({location})")]
    BadNumber { location: String, text: String },
    #[error("cannot lay out the workbook: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("cannot write {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

/// The value of one cell written by [`TidyWorkbook`].
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
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
        TidyWorkbook { layout, about: Vec::new(), tables: BTreeMap::new(), units: BTreeMap::new() }
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
    pub fn to_workbook(&self) -> Result<Workbook, WorkbookError> {
        self.check()?;
        let styles = Styles::new();
        let mut workbook = Workbook::new();
        let layout = self.layout;
        let properties = DocProperties::new()
            .set_title(layout.title)
            .set_subject(format!("{} version {}", layout.format_name, layout.format_version))
            .set_creation_datetime(&ExcelDateTime::from_ymd(CREATED.0, CREATED.1, CREATED.2)?);
        workbook.set_properties(&properties);

        write_readme(workbook.add_worksheet(), &styles, layout)?;
        self.write_about(workbook.add_worksheet(), &styles)?;
        for table in layout.tables {
            let rows = self.tables.get(table.sheet).map(Vec::as_slice).unwrap_or_default();
            self.write_table(workbook.add_worksheet(), &styles, table, rows)?;
        }
        Ok(workbook)
    }

    /// The `.xlsx` bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, WorkbookError> {
        Ok(self.to_workbook()?.save_to_buffer()?)
    }

    /// Writes the workbook to `path` atomically (temporary file in the same directory, then rename).
    pub fn save(&self, path: &Path) -> Result<(), WorkbookError> {
        let bytes = self.to_bytes()?;
        super::write_atomically(path, &bytes).map_err(|source| WorkbookError::Io { path: path.to_owned(), source })
    }

    fn check(&self) -> Result<(), WorkbookError> {
        for (field, _) in &self.about {
            if !self.layout.key_fields.iter().any(|c| c.key == *field) {
                return Err(WorkbookError::UnknownAboutField((*field).to_owned()));
            }
        }
        for (sheet, rows) in &self.tables {
            let table = table(self.layout, sheet)?;
            for row in rows {
                for (i, (key, _)) in row.iter().enumerate() {
                    column_index(table, key)?;
                    if row[..i].iter().any(|(k, _)| k == key) {
                        return Err(WorkbookError::DuplicateColumn { sheet: table.sheet.into(), key: (*key).into() });
                    }
                }
            }
        }
        for (sheet, key) in self.units.keys() {
            let table = table(self.layout, sheet)?;
            let column = &table.columns[column_index(table, key)?];
            if column.unit.is_none() {
                return Err(WorkbookError::NoUnit { sheet: table.sheet.into(), key: (*key).into() });
            }
        }
        Ok(())
    }

    fn write_about(&self, ws: &mut Worksheet, styles: &Styles) -> Result<(), WorkbookError> {
        let layout = self.layout;
        ws.set_name(layout.key_sheet)?;
        for (i, field) in layout.key_fields.iter().enumerate() {
            let row = i as u32;
            ws.write_string_with_format(row, 0, field.key, styles.key(field))?;
            ws.write_string_with_format(row, 2, field.note, &styles.note)?;
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

    fn write_table(&self, ws: &mut Worksheet, styles: &Styles, table: &Table, rows: &[Row]) -> Result<(), WorkbookError> {
        ws.set_name(table.sheet)?;
        let mut note_lines = 1;
        for (c, column) in table.columns.iter().enumerate() {
            let col = c as u16;
            let width = column_width(column);
            ws.set_column_width(col, width as f64)?;
            ws.write_string_with_format(tidy::HEADER_ROW, col, column.key, styles.key(column))?;
            let note_text = column_note(column);
            let note_height = 24 + 15 * (note_text.chars().count() as u32 / 45 + note_text.lines().count() as u32);
            let note = Note::new(note_text).add_author_prefix(false).set_width(320).set_height(note_height);
            ws.insert_note(tidy::HEADER_ROW, col, &note)?;

            match column.unit {
                Some(unit) => {
                    let text = self.units.get(&(table.sheet, column.key)).map(String::as_str).unwrap_or(unit.default);
                    ws.write_string_with_format(tidy::UNITS_ROW, col, text, &styles.unit)?;
                    if unit.accepted.len() > 1 {
                        let validation = list_validation(unit.accepted, DataValidationErrorStyle::Stop)?;
                        ws.add_data_validation(tidy::UNITS_ROW, col, tidy::UNITS_ROW, col, &validation)?;
                    }
                }
                None => {
                    ws.write_string_with_format(tidy::UNITS_ROW, col, column.note, &styles.note)?;
                    note_lines = note_lines.max(column.note.chars().count().div_ceil(width.saturating_sub(1).max(1)));
                }
            }

            let validation = match column.kind {
                Kind::Code(list) => Some(list_validation(list, DataValidationErrorStyle::Stop)?),
                // The reader also takes true/false and 1/0: warn rather than refuse.
                Kind::Bool => Some(list_validation(tidy::YES_NO, DataValidationErrorStyle::Warning)?),
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
pub fn blank_installation_workbook() -> Result<Workbook, WorkbookError> {
    TidyWorkbook::new().to_workbook()
}

/// Writes the blank workbook to `path` atomically (what `cbam init` does).
pub fn save_blank_installation(path: &Path) -> Result<(), WorkbookError> {
    TidyWorkbook::new().save(path)
}

/// Writes the blank imports workbook to `path` atomically (what `cbam init --imports` does).
pub fn save_blank_imports(path: &Path) -> Result<(), WorkbookError> {
    TidyWorkbook::with_layout(&IMPORTS).save(path)
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
            required_text: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(REQUIRED_FILL)),
        }
    }

    fn key(&self, column: &Column) -> &Format {
        if column.required { &self.required_key } else { &self.key }
    }
}

fn write_readme(ws: &mut Worksheet, styles: &Styles, layout: &Layout) -> Result<(), WorkbookError> {
    ws.set_name(README_SHEET)?;
    ws.set_column_width(0, README_LABEL_WIDTH as f64)?;
    ws.set_column_width(1, README_TEXT_WIDTH as f64)?;
    let mut row = 0u32;
    ws.write_string_with_format(row, 0, layout.title, &styles.title)?;
    row += 1;
    let intro = format!(
        "Format {} version {}. {} Do not rename the sheets or the keys in row 1.",
        layout.format_name, layout.format_version, layout.intro
    );
    ws.merge_range(row, 0, row, 1, &intro, &styles.text)?;
    ws.set_row_height(row, wrapped_height(&intro, README_LABEL_WIDTH + README_TEXT_WIDTH))?;
    row += 2;

    ws.write_string_with_format(row, 0, "Sheets", &styles.heading)?;
    row += 1;
    let about = format!(
        "{}, one field per row: field in column A, value in column B, notes in column C. Keep {} = {} and \
         format_version = {}.",
        layout.key_purpose, tidy::FORMAT_KEY, layout.format_name, layout.format_version
    );
    ws.write_string_with_format(row, 0, layout.key_sheet, &styles.heading)?;
    ws.write_string_with_format(row, 1, &about, &styles.text)?;
    ws.set_row_height(row, wrapped_height(&about, README_TEXT_WIDTH))?;
    row += 1;
    for table in layout.tables {
        ws.write_string_with_format(row, 0, table.sheet, &styles.heading)?;
        ws.write_string_with_format(row, 1, table.purpose, &styles.text)?;
        ws.set_row_height(row, wrapped_height(table.purpose, README_TEXT_WIDTH))?;
        row += 1;
    }
    row += 1;

    ws.write_string_with_format(row, 0, "How to fill in", &styles.heading)?;
    row += 1;
    let rules: [(&str, String); 6] = [
        (
            "Rows",
            format!(
                "In the table sheets, row {} holds the column keys (point at a key to read its note), row {} the \
                 unit or a short note, and the data starts in row {}: one item per row. Empty rows are skipped; \
                 columns may be moved, and are found by their key.",
                tidy::HEADER_ROW + 1,
                tidy::UNITS_ROW + 1,
                tidy::FIRST_DATA_ROW + 1
            ),
        ),
        (
            "Units",
            format!(
                "Where row {} shows a unit, the whole column is in that unit. To enter figures in another unit \
                 (kWh instead of MWh, say), pick it from the drop-down in row {}; cbam converts.{} Percentages are \
                 entered as numbers of per cent (95 for 95 %).",
                tidy::UNITS_ROW + 1,
                tidy::UNITS_ROW + 1,
                layout.units_extra.unwrap_or_default()
            ),
        ),
        (
            "Required",
            "Yellow marks what is required: yellow column keys must be filled in on every row, yellow About \
             fields must be given. The other columns are optional or needed only by some methods (see the notes)."
                .to_owned(),
        ),
        (
            "Codes",
            "Columns with a drop-down take only the codes listed; yes/no columns take yes or no.".to_owned(),
        ),
        ("Numbers", "Enter numbers as numbers, not as text; no thousands separators inside text.".to_owned()),
        ("Dates", "Enter dates as date cells or as text YYYY-MM-DD.".to_owned()),
    ];
    for (label, text) in rules {
        ws.write_string_with_format(row, 0, label, &styles.heading)?;
        let format = if label == "Required" { &styles.required_text } else { &styles.text };
        ws.write_string_with_format(row, 1, &text, format)?;
        ws.set_row_height(row, wrapped_height(&text, README_TEXT_WIDTH))?;
        row += 1;
    }
    Ok(())
}

const README_LABEL_WIDTH: usize = 18;
const README_TEXT_WIDTH: usize = 110;

/// Height in points of a row whose wrapped text fills a cell `width` characters wide (spreadsheet
/// programs do not grow rows for wrapped text written by a program).
fn wrapped_height(text: &str, width: usize) -> f64 {
    let per_line = width.saturating_sub(10).max(10);
    let lines: usize = text.lines().map(|l| l.chars().count().div_ceil(per_line).max(1)).sum();
    15.0 * lines.max(1) as f64
}

/// The text of the note attached to a column key.
fn column_note(column: &Column) -> String {
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

fn list_validation(list: &[&str], style: DataValidationErrorStyle) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(list)?
        .set_error_title("Not in the list")?
        .set_error_message("Choose a value from the drop-down list; the note on the column key explains them.")
        .map(|v| v.set_error_style(style))
}

fn write_value(
    ws: &mut Worksheet,
    styles: &Styles,
    row: u32,
    col: u16,
    value: &CellValue,
    location: &str,
) -> Result<(), WorkbookError> {
    match value {
        CellValue::Text(s) => {
            ws.write_string(row, col, s)?;
        }
        CellValue::Number(text) => {
            let bad = || WorkbookError::BadNumber { location: location.to_owned(), text: text.clone() };
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

fn table(layout: &Layout, sheet: &str) -> Result<&'static Table, WorkbookError> {
    layout.tables.iter().copied().find(|t| t.sheet == sheet).ok_or_else(|| WorkbookError::UnknownSheet(sheet.to_owned()))
}

fn column_index(table: &Table, key: &str) -> Result<usize, WorkbookError> {
    table.columns.iter().position(|c| c.key == key).ok_or_else(|| WorkbookError::UnknownColumn {
        sheet: table.sheet.to_owned(),
        key: key.to_owned(),
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, DataType, Reader, Xlsx, open_workbook};

    fn temp_path(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cbam-render-workbook-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }

    fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
        match range.get_value((row, col)) {
            Some(Data::String(s)) => s.clone(),
            other => panic!("expected text at ({row}, {col}), found {other:?}"),
        }
    }

    #[test]
    fn blank_workbook_has_every_sheet_and_column_of_the_format() {
        let path = temp_path("blank.xlsx");
        TidyWorkbook::new().save(&path).unwrap();
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();

        let mut expected = vec![README_SHEET, tidy::ABOUT];
        expected.extend(tidy::TABLE_SHEETS);
        assert_eq!(book.sheet_names(), expected);

        let about = book.worksheet_range(tidy::ABOUT).unwrap();
        for (i, field) in tidy::ABOUT_FIELDS.iter().enumerate() {
            assert_eq!(text(&about, i as u32, 0), field.key);
        }
        assert_eq!(text(&about, 0, 0), tidy::FORMAT_KEY);
        assert_eq!(text(&about, 0, 1), tidy::FORMAT_NAME);
        let version_row = tidy::ABOUT_FIELDS.iter().position(|c| c.key == "format_version").unwrap() as u32;
        assert_eq!(about.get_value((version_row, 1)), Some(&Data::Float(f64::from(tidy::FORMAT_VERSION))));
        assert!(matches!(about.get_value((version_row + 1, 1)), None | Some(Data::Empty)));

        for table in tidy::TABLES {
            let range = book.worksheet_range(table.sheet).unwrap();
            assert_eq!(range.start(), Some((0, 0)));
            for (c, column) in table.columns.iter().enumerate() {
                let c = c as u32;
                assert_eq!(text(&range, tidy::HEADER_ROW, c), column.key, "{}", table.sheet);
                let second = column.unit.map_or(column.note, |u| u.default);
                assert_eq!(text(&range, tidy::UNITS_ROW, c), second, "{}!{}", table.sheet, column.key);
            }
            assert_eq!(range.end().map(|(r, c)| (r, c as usize + 1)), Some((tidy::UNITS_ROW, table.columns.len())));
        }
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn code_lists_and_units_get_drop_downs() {
        let bytes = blank_installation_workbook().unwrap().save_to_buffer().unwrap();
        for table in [&tidy::STREAMS_TABLE, &tidy::PFC_TABLE] {
            let sheet_no = 3 + tidy::TABLES.iter().position(|t| t.sheet == table.sheet).unwrap();
            let xml = zip::entry(&bytes, &format!("xl/worksheets/sheet{sheet_no}.xml")).expect("sheet in the zip");
            let xml = String::from_utf8(xml).unwrap();
            let method = column_letters(column_index(table, "method").unwrap() as u16);
            let Kind::Code(codes) = table.column("method").unwrap().kind else { panic!("method is a code") };
            let sqref = format!("sqref=\"{method}3:{method}{LAST_VALIDATED_ROW}\"");
            let element = xml
                .split("<dataValidation ")
                .skip(1)
                .find(|e| e.contains(&sqref))
                .unwrap_or_else(|| panic!("no <dataValidation for {sqref} in {}", table.sheet));
            assert!(element.starts_with("type=\"list\""));
            let formula = element.split("<formula1>").nth(1).unwrap().split("</formula1>").next().unwrap();
            assert!(formula.contains(&codes.join(",")), "{formula}");
        }

        // A unit with alternatives gets a list in row 2; one without does not.
        let processes = 3 + tidy::TABLES.iter().position(|t| t.sheet == tidy::PROCESSES).unwrap();
        let xml = String::from_utf8(zip::entry(&bytes, &format!("xl/worksheets/sheet{processes}.xml")).unwrap()).unwrap();
        let al = column_letters(column_index(&tidy::PROCESSES_TABLE, "activity_level").unwrap() as u16);
        assert!(xml.contains(&format!("sqref=\"{al}2\"")));
        let goods = 3 + tidy::TABLES.iter().position(|t| t.sheet == tidy::GOODS).unwrap();
        let xml = String::from_utf8(zip::entry(&bytes, &format!("xl/worksheets/sheet{goods}.xml")).unwrap()).unwrap();
        let ratio = column_letters(column_index(&tidy::GOODS_TABLE, "clinker_ratio_pct").unwrap() as u16);
        assert!(!xml.contains(&format!("sqref=\"{ratio}2\"")));
        let calcined = column_letters(column_index(&tidy::GOODS_TABLE, "calcined").unwrap() as u16);
        let sqref = format!("sqref=\"{calcined}3:{calcined}{LAST_VALIDATED_ROW}\"");
        let element = xml.split("<dataValidation ").find(|e| e.contains(&sqref)).expect("yes/no drop-down");
        assert!(element.contains("errorStyle=\"warning\""), "{element}");
    }

    #[test]
    fn same_input_gives_the_same_bytes() {
        let a = blank_installation_workbook().unwrap().save_to_buffer().unwrap();
        let b = blank_installation_workbook().unwrap().save_to_buffer().unwrap();
        assert_eq!(a, b);
        let filled = sample();
        assert_eq!(filled.to_bytes().unwrap(), filled.to_bytes().unwrap());
    }

    fn sample() -> TidyWorkbook {
        let mut wb = TidyWorkbook::new();
        wb.about("installation_id", "T-1")
            .about("name_local", "江南水泥有限公司芜湖工厂")
            .about("latitude", 31.0836)
            .about("period_start", NaiveDate::from_ymd_opt(2025, 1, 1).unwrap())
            .row(
                tidy::PROCESSES,
                tidy_row![
                    "process_id" => "P1",
                    "route" => "cement",
                    "activity_level" => CellValue::number("1321052.6315789474"),
                    "electricity_consumed" => 60_000_i64,
                ],
            )
            .row(tidy::PROCESSES, tidy_row!["process_id" => "P2", "activity_level" => 0.1 + 0.2])
            .set_unit(tidy::PROCESSES, "electricity_consumed", "kWh");
        wb
    }

    #[test]
    fn filled_workbook_reads_back() {
        let path = temp_path("filled.xlsx");
        sample().save(&path).unwrap();
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let about = book.worksheet_range(tidy::ABOUT).unwrap();
        let row = |key: &str| tidy::ABOUT_FIELDS.iter().position(|c| c.key == key).unwrap() as u32;
        assert_eq!(text(&about, row("installation_id"), 1), "T-1");
        assert_eq!(text(&about, row("name_local"), 1), "江南水泥有限公司芜湖工厂");
        assert_eq!(about.get_value((row("latitude"), 1)), Some(&Data::Float(31.0836)));
        let start = about.get_value((row("period_start"), 1)).unwrap();
        assert_eq!(start.as_date(), NaiveDate::from_ymd_opt(2025, 1, 1));
        assert_eq!(text(&about, 0, 1), tidy::FORMAT_NAME);

        let processes = book.worksheet_range(tidy::PROCESSES).unwrap();
        let col = |key: &str| column_index(&tidy::PROCESSES_TABLE, key).unwrap() as u32;
        assert_eq!(text(&processes, 2, col("process_id")), "P1");
        assert_eq!(text(&processes, 2, col("route")), "cement");
        assert_eq!(processes.get_value((2, col("activity_level"))), Some(&Data::Float(1321052.6315789474)));
        assert_eq!(processes.get_value((2, col("electricity_consumed"))), Some(&Data::Float(60000.0)));
        assert_eq!(processes.get_value((3, col("activity_level"))), Some(&Data::Float(0.1 + 0.2)));
        assert_eq!(text(&processes, 1, col("electricity_consumed")), "kWh");
        assert_eq!(text(&processes, 1, col("activity_level")), "t");
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn mistakes_in_the_definition_are_reported() {
        let mut wb = TidyWorkbook::new();
        wb.row(tidy::GOODS, tidy_row!["cn_cod" => "25232900"]);
        assert!(matches!(wb.to_bytes(), Err(WorkbookError::UnknownColumn { .. })));
        let mut wb = TidyWorkbook::new();
        wb.row("Goodz", vec![]);
        assert!(matches!(wb.to_bytes(), Err(WorkbookError::UnknownSheet(_))));
        let mut wb = TidyWorkbook::new();
        wb.about("nam_en", "x");
        assert!(matches!(wb.to_bytes(), Err(WorkbookError::UnknownAboutField(_))));
        let mut wb = TidyWorkbook::new();
        wb.set_unit(tidy::GOODS, "cn_code", "t");
        assert!(matches!(wb.to_bytes(), Err(WorkbookError::NoUnit { .. })));
        let mut wb = TidyWorkbook::new();
        wb.row(tidy::GOODS, tidy_row!["scrap_t_per_t" => CellValue::number("0,2")]);
        let err = wb.to_bytes().unwrap_err();
        assert_eq!(err.to_string(), "'0,2' is not a finite number (Goods!G3)");
        let mut wb = TidyWorkbook::new();
        wb.row(tidy::GOODS, tidy_row!["product" => "a", "product" => "b"]);
        assert!(matches!(wb.to_bytes(), Err(WorkbookError::DuplicateColumn { .. })));
    }

    #[test]
    fn column_letters_count_like_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    /// Just enough of a zip reader to look at the XML inside an `.xlsx` (stored or deflated
    /// entries, no zip64), so that the tests need no extra dependency.
    mod zip {
        fn u16le(b: &[u8], at: usize) -> usize {
            usize::from(u16::from_le_bytes([b[at], b[at + 1]]))
        }
        fn u32le(b: &[u8], at: usize) -> usize {
            u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize
        }

        pub fn entry(zip: &[u8], name: &str) -> Option<Vec<u8>> {
            let eocd = (0..=zip.len().checked_sub(22)?).rev().find(|&i| zip[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])?;
            let mut p = u32le(zip, eocd + 16);
            for _ in 0..u16le(zip, eocd + 10) {
                if u32le(zip, p) != 0x0201_4b50 {
                    return None;
                }
                let method = u16le(zip, p + 10);
                let size = u32le(zip, p + 20);
                let (name_len, extra_len, comment_len) = (u16le(zip, p + 28), u16le(zip, p + 30), u16le(zip, p + 32));
                let local = u32le(zip, p + 42);
                if &zip[p + 46..p + 46 + name_len] == name.as_bytes() {
                    let start = local + 30 + u16le(zip, local + 26) + u16le(zip, local + 28);
                    let data = zip.get(start..start + size)?;
                    return match method {
                        0 => Some(data.to_vec()),
                        8 => inflate(data),
                        _ => None,
                    };
                }
                p += 46 + name_len + extra_len + comment_len;
            }
            None
        }

        struct Bits<'a> {
            data: &'a [u8],
            pos: usize,
            buf: u32,
            count: u32,
        }

        impl Bits<'_> {
            fn take(&mut self, need: u32) -> Option<u32> {
                while self.count < need {
                    self.buf |= u32::from(*self.data.get(self.pos)?) << self.count;
                    self.pos += 1;
                    self.count += 8;
                }
                let value = self.buf & ((1u32 << need) - 1);
                self.buf >>= need;
                self.count -= need;
                Some(value)
            }
        }

        /// Canonical Huffman code as in zlib's puff.c: code counts per length, symbols by code.
        struct Huffman {
            count: [u16; 16],
            symbol: Vec<u16>,
        }

        impl Huffman {
            fn new(lengths: &[u8]) -> Huffman {
                let mut count = [0u16; 16];
                for &l in lengths {
                    count[usize::from(l)] += 1;
                }
                let mut offset = [0u16; 16];
                for len in 1..15 {
                    offset[len + 1] = offset[len] + count[len];
                }
                let mut symbol = vec![0u16; lengths.len()];
                for (s, &l) in lengths.iter().enumerate() {
                    if l != 0 {
                        symbol[usize::from(offset[usize::from(l)])] = s as u16;
                        offset[usize::from(l)] += 1;
                    }
                }
                Huffman { count, symbol }
            }

            fn decode(&self, bits: &mut Bits) -> Option<usize> {
                let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
                for len in 1..16 {
                    code |= bits.take(1)? as i32;
                    let count = i32::from(self.count[len]);
                    if code - count < first {
                        return Some(usize::from(*self.symbol.get((index + code - first) as usize)?));
                    }
                    index += count;
                    first = (first + count) << 1;
                    code <<= 1;
                }
                None
            }
        }

        const LEN_BASE: [u16; 29] =
            [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
        const LEN_EXTRA: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
        const DIST_BASE: [u16; 30] = [
            1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
            6145, 8193, 12289, 16385, 24577,
        ];
        const DIST_EXTRA: [u8; 30] =
            [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

        fn inflate(data: &[u8]) -> Option<Vec<u8>> {
            let mut bits = Bits { data, pos: 0, buf: 0, count: 0 };
            let mut out = Vec::new();
            loop {
                let last = bits.take(1)?;
                match bits.take(2)? {
                    0 => {
                        bits.buf = 0;
                        bits.count = 0;
                        let len = u16::from_le_bytes([*data.get(bits.pos)?, *data.get(bits.pos + 1)?]);
                        bits.pos += 4;
                        out.extend_from_slice(data.get(bits.pos..bits.pos + usize::from(len))?);
                        bits.pos += usize::from(len);
                    }
                    1 => {
                        let mut lengths = [8u8; 288];
                        lengths[144..256].fill(9);
                        lengths[256..280].fill(7);
                        let (lit, dist) = (Huffman::new(&lengths), Huffman::new(&[5u8; 30]));
                        codes(&mut bits, &mut out, &lit, &dist)?;
                    }
                    2 => {
                        let nlen = bits.take(5)? as usize + 257;
                        let ndist = bits.take(5)? as usize + 1;
                        let ncode = bits.take(4)? as usize + 4;
                        const ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
                        let mut code_lengths = [0u8; 19];
                        for &i in &ORDER[..ncode] {
                            code_lengths[i] = bits.take(3)? as u8;
                        }
                        let code = Huffman::new(&code_lengths);
                        let mut lengths = Vec::with_capacity(nlen + ndist);
                        while lengths.len() < nlen + ndist {
                            match code.decode(&mut bits)? {
                                s @ 0..=15 => lengths.push(s as u8),
                                16 => {
                                    let prev = *lengths.last()?;
                                    let n = 3 + bits.take(2)?;
                                    lengths.extend(std::iter::repeat_n(prev, n as usize));
                                }
                                17 => {
                                    let n = 3 + bits.take(3)?;
                                    lengths.extend(std::iter::repeat_n(0, n as usize));
                                }
                                _ => {
                                    let n = 11 + bits.take(7)?;
                                    lengths.extend(std::iter::repeat_n(0, n as usize));
                                }
                            }
                        }
                        let (lit, dist) = (Huffman::new(&lengths[..nlen]), Huffman::new(&lengths[nlen..]));
                        codes(&mut bits, &mut out, &lit, &dist)?;
                    }
                    _ => return None,
                }
                if last == 1 {
                    return Some(out);
                }
            }
        }

        fn codes(bits: &mut Bits, out: &mut Vec<u8>, lit: &Huffman, dist: &Huffman) -> Option<()> {
            loop {
                let symbol = lit.decode(bits)?;
                match symbol {
                    0..=255 => out.push(symbol as u8),
                    256 => return Some(()),
                    _ => {
                        let i = symbol - 257;
                        let len = usize::from(*LEN_BASE.get(i)?) + bits.take(u32::from(LEN_EXTRA[i]))? as usize;
                        let d = dist.decode(bits)?;
                        let back = usize::from(*DIST_BASE.get(d)?) + bits.take(u32::from(DIST_EXTRA[d]))? as usize;
                        let start = out.len().checked_sub(back)?;
                        for k in 0..len {
                            out.push(out[start + k]);
                        }
                    }
                }
            }
        }
    }
}
