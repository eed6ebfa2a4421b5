//! Opening a workbook safely and reading its cells as [`Value`]s with absolute addresses.
//!
//! calamine reports positions relative to a sheet's used range; [`Grid`] adds the range start so
//! every [`CellRef`] printed to a user names the cell they see in their spreadsheet program.

use crate::model::DiagCode;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataRef, Ods, Range, Reader, Xls, Xlsx, XlsxCellReader, XlsxError, open_workbook_from_rs};

use super::guard::guarded;
use super::xlsx_stream::FastCells;
use crate::model::{CellRef, Diagnostic, Diagnostics, Location};
use crate::validate::Value;

// ---------------------------------------------------------------------------------------------
// Limits
//
// What a workbook may make the reader do. A file over a limit is refused with an error that names
// the limit, the value found and the limit (exit 1), before the part that would exceed it is
// inflated or allocated. An installation workbook is 10–50 kB (about 150 kB inflated) and the
// Commission's template 1.4 MB (10 MB inflated in 79 parts, 2,125 rows and 75 columns at most,
// texts of at most 594 characters), so the limits are far above any genuine input. They are listed for users in
// docs/workbook-format.md ("Limits").

/// The file as stored on disk (`input.too_large`).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The sum of the inflated sizes of the parts of an xlsx or ods file, as its zip central directory
/// declares them (`input.too_large`). Reading never inflates a part beyond its declared size (the
/// zip reader fails instead), so the declared sum bounds what is actually inflated.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;
/// Parts (zip entries) of an xlsx or ods file (`input.too_large`); an xlsx has 10 to 100.
pub const MAX_ZIP_ENTRIES: u64 = 10_000;
/// The last row a sheet may use (`input.too_many_rows`), counted while the sheet is read: Excel's
/// maximum, 1,048,576. A year of customs lines (400,000 and more) fits; the limit applies to the
/// lines of a CSV file of customs lines too.
pub const MAX_ROWS: u32 = 1_048_576;
/// The last column a sheet may use (`input.too_many_columns`): Excel's maximum, 16,384 (XFD). A
/// sheet read row by row holds one row at a time, so this bounds what it holds; a CSV record may
/// have no more fields.
pub const MAX_COLUMNS: u32 = 16_384;
/// Cells the used range of a sheet held in memory may span, rows × columns from A1 to its last
/// used row and column (`input.too_many_cells`), counted while the sheet is read. Every sheet is
/// held but the imports workbook's `Imports` sheet of an xlsx file, which is read row by row
/// and so bound by [`MAX_ROWS`] and [`MAX_COLUMNS`] only (an ods or xls file is read whole by
/// calamine: its Imports sheet is held).
pub const MAX_CELLS: u64 = 4_000_000;
/// Characters in one text cell (`input.text_too_long`).
pub const MAX_TEXT_CHARS: usize = 4_096;

/// A file's bytes, shared by the readers of its parts.
#[derive(Clone)]
pub(crate) struct Shared(std::sync::Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

enum Inner {
    /// calamine's workbook, the file's bytes, and the zip the fast sheet reader opens
    /// ([`super::xlsx_stream`]).
    Xlsx(Xlsx<Cursor<Shared>>, Shared, Option<zip::ZipArchive<Cursor<Shared>>>),
    Ods(Ods<Cursor<Vec<u8>>>),
    Xls(Xls<Cursor<Vec<u8>>>),
}

/// An open workbook (xlsx, ods or xls), checked against the limits above, with its sheet names.
pub struct Book {
    path: String,
    names: Vec<String>,
    inner: Inner,
}

fn file_error(path: &str, code: DiagCode, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error(code, Some(Location::File(path.to_string())), msg)
}

impl Book {
    /// Opens the workbook at `path`, refusing a file over the limits, encrypted, or not a
    /// spreadsheet; `Err` says why, located at the file.
    pub fn open(path: &Path) -> Result<Book, Diagnostic> {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| file_error(&shown, DiagCode::IoOpen, format!("cannot open the file: {}", io_reason(&e))))?;
        if meta.is_dir() {
            return Err(file_error(&shown, DiagCode::IoOpen, "this is a directory, not a workbook"));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(file_error(
                &shown,
                DiagCode::InputTooLarge,
                format!("the file is {} bytes; the limit is {} bytes", grouped(meta.len()), grouped(MAX_FILE_BYTES)),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| file_error(&shown, DiagCode::IoRead, format!("cannot read the file: {}", io_reason(&e))))?;
        Self::from_bytes(&shown, bytes)
    }

    /// Opens a workbook held in memory; `name` is used in messages.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Book, Diagnostic> {
        let name = name.to_string();
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(file_error(
                &name,
                DiagCode::InputTooLarge,
                format!("the file is {} bytes; the limit is {} bytes", grouped(bytes.len() as u64), grouped(MAX_FILE_BYTES)),
            ));
        }
        let inner = if bytes.starts_with(b"PK\x03\x04") {
            let is_ods = bytes.len() > 80
                && bytes[30..80.min(bytes.len())].windows(8).any(|w| w == b"mimetype")
                && bytes.windows(46).take(200).any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet");
            let mut archive = check_zip(&name, &bytes, if is_ods { "OpenDocument spreadsheet" } else { "xlsx workbook" })?;
            if is_ods {
                check_ods_xml(&name, &mut archive)?;
                Inner::Ods(
                    guarded(|| open_workbook_from_rs(Cursor::new(bytes)))
                        .ok()
                        .and_then(Result::ok)
                        .ok_or_else(|| corrupt(&name, "OpenDocument spreadsheet"))?,
                )
            } else {
                let shared = Shared(std::sync::Arc::new(bytes));
                let book =
                    guarded(|| open_workbook_from_rs(Cursor::new(shared.clone()))).ok().and_then(Result::ok).ok_or_else(|| corrupt(&name, "xlsx workbook"))?;
                Inner::Xlsx(book, shared, None)
            }
        } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            if contains_utf16(&bytes, "EncryptedPackage") {
                return Err(file_error(&name, DiagCode::InputEncrypted, "the workbook is encrypted (password-protected); it cannot be read")
                    .hint("open it in your spreadsheet program, remove the password (File → Info → Protect Workbook) and save it again"));
            }
            Inner::Xls(guarded(|| open_workbook_from_rs(Cursor::new(bytes))).ok().and_then(Result::ok).ok_or_else(|| corrupt(&name, "xls workbook"))?)
        } else {
            let (found, hint) = sniff(&bytes);
            let d = file_error(&name, DiagCode::InputNotAWorkbook, format!("expected a spreadsheet (xlsx, ods or xls), found {found}"));
            return Err(match hint {
                Some(h) => d.hint(h),
                None => d,
            });
        };
        let names = match &inner {
            Inner::Xlsx(b, ..) => b.sheet_names(),
            Inner::Ods(b) => b.sheet_names(),
            Inner::Xls(b) => b.sheet_names(),
        };
        check_sheet_names(&name, &names)?;
        Ok(Book { path: name, names, inner })
    }

    /// The file's name as given, for messages.
    pub fn path_display(&self) -> String {
        self.path.clone()
    }

    /// The names of the workbook's sheets, in its order.
    pub fn sheet_names(&self) -> &[String] {
        &self.names
    }

    /// Whether the workbook has a sheet named `name`.
    pub fn has_sheet(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// Reads one sheet's cached values, within the limits on rows, cells and text length.
    pub fn sheet(&mut self, name: &str) -> Result<Grid, Diagnostic> {
        if !self.has_sheet(name) {
            return Err(Diagnostic::error(DiagCode::InputMissingSheet, Some(Location::File(self.path.clone())), format!("the workbook has no sheet '{name}'")));
        }
        let damaged =
            || Diagnostic::error(DiagCode::InputCorruptSheet, Some(Location::Sheet(name.to_string())), "this sheet cannot be read; the file may be damaged");
        // calamine may panic on a damaged sheet: guarded, that is a damaged sheet too.
        let read = guarded(|| match &mut self.inner {
            Inner::Xlsx(b, ..) => xlsx_cells(b, name).map_err(|e| e.unwrap_or_else(damaged)),
            // calamine reads these whole (ods: all sheets when the file is opened; it caps repeated
            // rows and cells itself); the limits are checked on the result.
            Inner::Ods(b) => checked_cells(name, b.worksheet_range(name).map_err(|_| damaged())?),
            Inner::Xls(b) => checked_cells(name, b.worksheet_range(name).map_err(|_| damaged())?),
        });
        let cells = read.unwrap_or_else(|_| Err(damaged()))?;
        Ok(Grid::new(name, cells))
    }
}

impl Book {
    /// The rows of one sheet, handed over one at a time: an xlsx sheet is parsed as the rows are
    /// asked for and never held whole (within [`MAX_ROWS`], [`MAX_COLUMNS`] and
    /// [`MAX_TEXT_CHARS`]); an ods or xls sheet is read whole ([`Book::sheet`]) and its rows
    /// handed over from memory.
    pub fn rows<'a>(&'a mut self, name: &'a str) -> Result<Box<dyn Rows + 'a>, Diagnostic> {
        if !self.has_sheet(name) {
            return Err(Diagnostic::error(DiagCode::InputMissingSheet, Some(Location::File(self.path.clone())), format!("the workbook has no sheet '{name}'")));
        }
        if !matches!(self.inner, Inner::Xlsx(..)) {
            return Ok(Box::new(GridRows { grid: self.sheet(name)?, next: 0 }));
        }
        let Inner::Xlsx(book, bytes, zip) = &mut self.inner else { unreachable!("matched above") };
        // The fast reader where the sheet is as it expects; calamine otherwise, and from where
        // the fast reader stops.
        let zip = zip.insert(zip::ZipArchive::new(Cursor::new(bytes.clone())).map_err(|_| damaged_sheet(name))?);
        let fast = guarded(move || {
            let parts = super::xlsx_parts::Parts::read(zip, name)?;
            let part = zip.by_name(&parts.sheet_path).ok()?;
            Some(FastCells::new(Box::new(part), parts))
        });
        let mut rows =
            XlsxRows { source: Source::Done, book: Some(book), limits: SheetLimits::streamed(name), sheet: name.into(), pending: None, last_row: None };
        rows.source = match fast {
            Ok(Some(f)) => Source::Fast(f),
            _ => rows.calamine(0)?,
        };
        Ok(Box::new(rows))
    }
}

fn damaged_sheet(name: &str) -> Diagnostic {
    Diagnostic::error(DiagCode::InputCorruptSheet, Some(Location::Sheet(name.to_string())), "this sheet cannot be read; the file may be damaged")
}

/// A table's rows, handed over one at a time as its file is read: an imports reader consumes
/// them without the whole table being held. Rows that hold nothing are not handed over.
pub trait Rows {
    /// The next row that holds a cell: fills `cells` with its cells by 0-based column, ascending,
    /// one per column, and returns its 0-based index (a sheet's row; a CSV file's record), or
    /// `None` after the last row. Problems that spoil only this row are pushed to `diags` and the
    /// row is passed over; `Err` is a problem after which the table cannot be read on.
    fn next_row(&mut self, cells: &mut Vec<(u32, Value)>, diags: &mut Diagnostics) -> Result<Option<u32>, Diagnostic>;
    /// [`Rows::next_row`], where a source reading text hands over the text of a field of kind
    /// [`FieldKind::Code`] as `(column, start, end)` in `spans`, appended to `text`, rather than
    /// as a `String` of its own in `cells` (a year of customs lines has millions). Others hand
    /// over every cell in `cells`.
    fn next_row_text(
        &mut self,
        cells: &mut Vec<(u32, Value)>,
        text: &mut String,
        spans: &mut Vec<TextSpan>,
        diags: &mut Diagnostics,
    ) -> Result<Option<u32>, Diagnostic> {
        let _ = text;
        spans.clear();
        self.next_row(cells, diags)
    }
    /// A cell of the row last handed over (of a sheet: any cell).
    fn cell(&self, row: u32, col: u32) -> CellRef;
    /// Where the cells of the row last handed over are, kept apart from the source: rows can be
    /// checked elsewhere (on another thread) while the source reads on.
    fn place(&self) -> RowPlace;
    /// The value of a cell of a number column, as the file writes numbers. A sheet has number
    /// cells and gives its cells as they are; a text file has only text.
    fn number(&self, v: Value) -> Value {
        v
    }
    /// The value of a cell of a date column: a sheet has date cells; a text file's ISO date
    /// (`YYYY-MM-DD`) is read here, by the thread reading the rows, anything else is left as text
    /// for the field check to judge.
    fn date(&self, v: Value) -> Value {
        v
    }
    /// What the fields of each column hold (by 0-based column), for a source that reads numbers
    /// and dates from text: it then converts them as it reads, without a copy of the text.
    fn field_kinds(&mut self, _kinds: Vec<FieldKind>) {}
    /// About how many rows are left to read, where the source can tell (a text file: its bytes
    /// left over the bytes per row so far): what the lines' vector reserves.
    fn rows_left(&self) -> Option<usize> {
        None
    }
}

/// A text field handed over by [`Rows::next_row_text`]: its column, and where its text starts and
/// ends in the text it was appended to.
pub type TextSpan = (u32, u32, u32);

/// What a column holds, for a source that reads text ([`Rows::field_kinds`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Text a line keeps (a `String` each).
    Text,
    /// Text only read to check or parse it (a CN code, a country, a code of a list): handed over
    /// as a span of the batch's text by [`Rows::next_row_text`], without a `String` of its own.
    Code,
    /// A number.
    Number,
    /// A date.
    Date,
}

/// Where the cells of one row are, given the sheet (or file) they lie on: a sheet's row, or a
/// CSV record with the line each field starts on (one line for a record without a line break in
/// a quoted field). It holds no name: a thread checking rows names them with its own copy, and
/// shares no reference count with the thread reading them.
#[derive(Debug, Clone)]
pub struct RowPlace {
    text: bool,
    line: u32,
    /// A record spanning lines: the line of each field.
    lines: Option<Box<[u32]>>,
}

impl RowPlace {
    /// A row of a sheet.
    pub fn sheet() -> RowPlace {
        RowPlace { text: false, line: 0, lines: None }
    }

    /// A record of a text file starting on `line`, with the line of each field where they differ.
    pub fn text(line: u32, lines: Option<Box<[u32]>>) -> RowPlace {
        RowPlace { text: true, line, lines }
    }

    /// Whether the row is a record of a text file.
    pub fn is_text(&self) -> bool {
        self.text
    }

    /// The row (a text file's line) and column of column `col` of row `row`: [`RowPlace::cell`]
    /// without the sheet's name.
    pub fn position(&self, row: u32, col: u32) -> (u32, u32) {
        if !self.text {
            return (row, col);
        }
        (self.lines.as_ref().and_then(|l| l.get(col as usize).or(l.last()).copied()).unwrap_or(self.line), col)
    }

    /// The cell of column `col` of row `row` of `sheet`; in a text file, the field `col` of the
    /// record (past the last field, the last field's line).
    pub fn cell(&self, sheet: &std::sync::Arc<str>, row: u32, col: u32) -> CellRef {
        if !self.text {
            return CellRef::new(sheet.clone(), row, col);
        }
        let line = self.lines.as_ref().and_then(|l| l.get(col as usize).or(l.last()).copied()).unwrap_or(self.line);
        CellRef::in_text(sheet.clone(), line, col)
    }
}

/// Where an xlsx sheet's cells come from.
enum Source<'a> {
    Fast(FastCells<'a>),
    Calamine(Box<XlsxCellReader<'a, Cursor<Shared>>>),
    /// Past the last cell, or a sheet without cells (a chart sheet).
    Done,
}

/// An xlsx sheet parsed as its rows are asked for.
struct XlsxRows<'a> {
    source: Source<'a>,
    /// calamine's workbook, until it reads the sheet.
    book: Option<&'a mut Xlsx<Cursor<Shared>>>,
    limits: SheetLimits<'a>,
    /// The sheet's name, shared by the cells it makes.
    sheet: std::sync::Arc<str>,
    /// The first cell of the next row, read with the last cell of the row before.
    pending: Option<(u32, u32, Value)>,
    last_row: Option<u32>,
}

impl<'a> XlsxRows<'a> {
    /// calamine's reader of the sheet, past the first `skip` cells (those the fast reader read).
    fn calamine(&mut self, skip: u64) -> Result<Source<'a>, Diagnostic> {
        let sheet = self.limits.sheet;
        let Some(book) = self.book.take() else { return Err(damaged_sheet(sheet)) };
        let mut reader = match guarded(|| book.worksheet_cells_reader(sheet)) {
            Ok(Ok(r)) => r,
            // A chart sheet or dialog sheet: no cells.
            Ok(Err(XlsxError::NotAWorksheet(_))) if skip == 0 => return Ok(Source::Done),
            _ => return Err(damaged_sheet(sheet)),
        };
        for _ in 0..skip {
            if !matches!(guarded(|| reader.next_cell()), Ok(Ok(Some(_)))) {
                return Err(damaged_sheet(sheet));
            }
        }
        Ok(Source::Calamine(Box::new(reader)))
    }

    /// The next cell that holds something, within the limits.
    fn next_cell(&mut self) -> Result<Option<(u32, u32, Value)>, Diagnostic> {
        let sheet = self.limits.sheet;
        loop {
            if let Source::Fast(fast) = &mut self.source {
                match guarded(|| fast.next_cell()) {
                    Ok(Ok(Some((_, _, Value::Empty)))) => {}
                    Ok(Ok(Some((row, col, value)))) => {
                        let text = match &value {
                            Value::Text(t) => Some(t.as_str()),
                            _ => None,
                        };
                        self.limits.check(row, col, text)?;
                        return Ok(Some((row, col, value)));
                    }
                    Ok(Ok(None)) => {
                        self.source = Source::Done;
                        return Ok(None);
                    }
                    Ok(Err(_)) | Err(_) => {
                        let skip = fast.consumed;
                        self.source = self.calamine(skip)?;
                    }
                }
                continue;
            }
            let Source::Calamine(reader) = &mut self.source else { return Ok(None) };
            // calamine may panic on a damaged sheet: guarded, that is a damaged sheet too.
            let cell = match guarded(|| reader.next_cell()) {
                Ok(Ok(Some(c))) => c,
                Ok(Ok(None)) => {
                    // The end of the sheet's data: calamine must not be asked again.
                    self.source = Source::Done;
                    return Ok(None);
                }
                _ => return Err(damaged_sheet(sheet)),
            };
            let value = cell.get_value();
            if matches!(value, DataRef::Empty) {
                continue;
            }
            let text = ref_text(value);
            let (row, col) = cell.get_position();
            self.limits.check(row, col, text)?;
            return Ok(Some((row, col, convert_ref(value))));
        }
    }
}

impl Rows for XlsxRows<'_> {
    fn next_row(&mut self, cells: &mut Vec<(u32, Value)>, _: &mut Diagnostics) -> Result<Option<u32>, Diagnostic> {
        cells.clear();
        let mut row = None;
        loop {
            let next = match self.pending.take() {
                Some(c) => Some(c),
                None => self.next_cell()?,
            };
            let Some((r, c, v)) = next else { break };
            match row {
                None => row = Some(r),
                Some(current) if r == current => {}
                Some(_) => {
                    self.pending = Some((r, c, v));
                    break;
                }
            }
            cells.push((c, v));
        }
        let Some(row) = row else { return Ok(None) };
        // Rows come in order in every file a spreadsheet program writes; a row before one already
        // read (a damaged file) would be read twice or out of place.
        if self.last_row.is_some_and(|last| row <= last) {
            return Err(damaged_sheet(self.limits.sheet));
        }
        self.last_row = Some(row);
        sort_row(cells);
        Ok(Some(row))
    }

    fn cell(&self, row: u32, col: u32) -> CellRef {
        CellRef::new(self.sheet.clone(), row, col)
    }

    fn place(&self) -> RowPlace {
        RowPlace::sheet()
    }
}

/// A row's cells by column; of two cells in one column (a damaged file) the later one counts.
fn sort_row(cells: &mut Vec<(u32, Value)>) {
    if cells.windows(2).all(|w| w[0].0 < w[1].0) {
        return;
    }
    cells.sort_by_key(|(c, _)| *c);
    cells.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            std::mem::swap(later, kept);
        }
        same
    });
}

/// The rows of a sheet read whole.
struct GridRows {
    grid: Grid,
    next: u32,
}

impl Rows for GridRows {
    fn next_row(&mut self, cells: &mut Vec<(u32, Value)>, _: &mut Diagnostics) -> Result<Option<u32>, Diagnostic> {
        cells.clear();
        while self.next < self.grid.end_row() {
            let row = self.next;
            self.next += 1;
            cells.extend(self.grid.row_cells(row).iter().map(|((_, c), d)| (*c, convert(d))).filter(|(_, v)| *v != Value::Empty));
            if !cells.is_empty() {
                return Ok(Some(row));
            }
        }
        Ok(None)
    }

    fn cell(&self, row: u32, col: u32) -> CellRef {
        self.grid.cell(row, col)
    }

    fn place(&self) -> RowPlace {
        RowPlace::sheet()
    }
}

/// The XML parts calamine's ods reader parses must be well-formed before it sees them: cut off
/// inside a table, `content.xml` sends calamine 0.38 into an endless loop (`ods::read_table`
/// does not stop at the end of the file), so a damaged file would hang the tool. Their inflated
/// size is bounded by [`check_zip`].
fn check_ods_xml(name: &str, archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), Diagnostic> {
    use std::io::Read;
    for part in ["META-INF/manifest.xml", "content.xml", "meta.xml"] {
        let Ok(mut entry) = archive.by_name(part) else { continue };
        let mut xml = Vec::new();
        if entry.read_to_end(&mut xml).is_err() || !well_formed(&xml) {
            return Err(file_error(
                name,
                DiagCode::InputCorrupt,
                format!("the file looks like an OpenDocument spreadsheet but its part {part} is not well-formed XML; it may be damaged or truncated"),
            )
            .hint("open it in your spreadsheet program and save it again"));
        }
    }
    Ok(())
}

/// Every element closed, by its own name, and nothing after the end of the file.
fn well_formed(xml: &[u8]) -> bool {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut depth: usize = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            Ok(Event::Eof) => return depth == 0,
            Err(_) => return false,
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// Refusals found in a zip's central directory, before anything is inflated: too many parts, or
/// parts declaring more inflated bytes in all than [`MAX_INFLATED_BYTES`] (a zip bomb: a small file
/// that inflates to gigabytes).
/// Returns the parsed zip directory for further checks.
fn check_zip<'a>(name: &str, bytes: &'a [u8], what: &str) -> Result<zip::ZipArchive<Cursor<&'a [u8]>>, Diagnostic> {
    let too_large =
        |msg: String| file_error(name, DiagCode::InputTooLarge, msg).hint("a genuine workbook is far below this limit: check that this is the file you meant");
    // The count the end-of-central-directory record declares, before the directory is parsed
    // (parsing allocates per entry).
    if let Some(n) = zip_entry_count(bytes)
        && n > MAX_ZIP_ENTRIES
    {
        return Err(too_large(format!("the zip container holds {} parts; the limit is {} parts", grouped(n), grouped(MAX_ZIP_ENTRIES))));
    }
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt(name, what))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_data(i).map_err(|_| corrupt(name, what))?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_INFLATED_BYTES {
        return Err(too_large(format!(
            "its parts declare {} bytes inflated; the limit is {} bytes inflated (a zip bomb?)",
            grouped(total),
            grouped(MAX_INFLATED_BYTES)
        )));
    }
    Ok(archive)
}

/// The number of entries the end-of-central-directory record declares (zip64 when it says so).
fn zip_entry_count(bytes: &[u8]) -> Option<u64> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    let min = bytes.len().checked_sub(22)?;
    let lowest = min.saturating_sub(u16::MAX as usize);
    let at = (lowest..=min).rev().find(|&i| bytes[i..i + 4] == EOCD)?;
    let le16 = |p: usize| Some(u16::from_le_bytes(bytes.get(p..p + 2)?.try_into().ok()?));
    let le64 = |p: usize| Some(u64::from_le_bytes(bytes.get(p..p + 8)?.try_into().ok()?));
    let n = le16(at + 10)?;
    if n != u16::MAX {
        return Some(u64::from(n));
    }
    // zip64: a locator just before the record points at the zip64 record.
    let loc = at.checked_sub(20)?;
    if bytes.get(loc..loc + 4)? != [0x50, 0x4b, 0x06, 0x07] {
        return Some(u64::from(n));
    }
    let rec = usize::try_from(le64(loc + 8)?).ok()?;
    if bytes.get(rec..rec + 4)? != [0x50, 0x4b, 0x06, 0x06] {
        return Some(u64::from(n));
    }
    le64(rec + 32)
}

/// Two sheets whose names differ only in case (or not at all): no spreadsheet program saves such
/// a file, and which of them a reader takes would be arbitrary.
fn check_sheet_names(name: &str, names: &[String]) -> Result<(), Diagnostic> {
    for (i, a) in names.iter().enumerate() {
        if let Some(b) = names[..i].iter().find(|b| b.to_lowercase() == a.to_lowercase()) {
            let same = if a == b {
                format!("two sheets named '{a}'")
            } else {
                format!("two sheets named '{b}' and '{a}', which spreadsheet programs take as the same name")
            };
            return Err(file_error(name, DiagCode::InputDuplicateSheet, format!("the workbook has {same}; it cannot be read unambiguously"))
                .hint("this file was not saved by a spreadsheet program: open it in one, keep one of the two sheets and save it again"));
        }
    }
    Ok(())
}

/// Reads an xlsx sheet cell by cell, stopping at the first cell beyond a limit, so that a sheet
/// with a million rows or a used range of billions of cells (its `<dimension>` may say anything)
/// is refused before it is held in memory. `Err(None)`: calamine cannot read the sheet.
fn xlsx_cells(book: &mut Xlsx<Cursor<Shared>>, name: &str) -> Result<Vec<Placed>, Option<Diagnostic>> {
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(r) => r,
        // A chart sheet or dialog sheet: no cells.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
        Err(_) => return Err(None),
    };
    let mut limits = SheetLimits::new(name);
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|_| None)? {
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let text = ref_text(value);
        let (row, col) = cell.get_position();
        limits.check(row, col, text).map_err(Some)?;
        cells.push(((row, col), Data::from(value.clone())));
    }
    Ok(cells)
}

/// The used cells of a range calamine has read whole, within the limits.
fn checked_cells(name: &str, range: Range<Data>) -> Result<Vec<Placed>, Diagnostic> {
    let mut limits = SheetLimits::new(name);
    let (r0, c0) = range.start().unwrap_or_default();
    let mut cells = Vec::new();
    for (r, c, v) in range.used_cells() {
        let at = (r0 + r as u32, c0 + c as u32);
        limits.check(at.0, at.1, text_of(v))?;
        cells.push((at, v.clone()));
    }
    Ok(cells)
}

/// `1234567` as `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The text of a cell as the streaming reader hands it over, for the limit on text length.
fn ref_text<'a>(v: &'a DataRef<'_>) -> Option<&'a str> {
    match v {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Some(s.as_str()),
        DataRef::SharedString(s) => Some(s),
        _ => None,
    }
}

fn text_of(d: &Data) -> Option<&str> {
    match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s),
        _ => None,
    }
}

/// The limits on one sheet, checked cell by cell: [`MAX_ROWS`], [`MAX_COLUMNS`],
/// [`MAX_CELLS`] (for a sheet held in memory) and [`MAX_TEXT_CHARS`].
pub(crate) struct SheetLimits<'a> {
    sheet: &'a str,
    end_row: u64,
    end_col: u64,
    /// Whether the sheet is held in memory: then [`MAX_CELLS`] applies.
    held: bool,
}

impl<'a> SheetLimits<'a> {
    /// The limits of a sheet held in memory.
    fn new(sheet: &'a str) -> Self {
        SheetLimits { sheet, end_row: 0, end_col: 0, held: true }
    }

    /// The limits of a sheet or text file read row by row: one row is held at a time.
    pub(crate) fn streamed(sheet: &'a str) -> Self {
        SheetLimits { sheet, end_row: 0, end_col: 0, held: false }
    }

    pub(crate) fn check(&mut self, row: u32, col: u32, text: Option<&str>) -> Result<(), Diagnostic> {
        let sheet = self.sheet;
        self.check_at(row, col, text, || CellRef::new(sheet, row, col))
    }

    /// [`SheetLimits::check`], the cell named by `at` in a message.
    #[inline]
    pub(crate) fn check_at(&mut self, row: u32, col: u32, text: Option<&str>, at: impl Fn() -> CellRef) -> Result<(), Diagnostic> {
        if row >= MAX_ROWS {
            return Err(Diagnostic::at(
                DiagCode::InputTooManyRows,
                &at(),
                format!("the sheet uses row {}; the limit is {} rows", grouped(u64::from(row) + 1), grouped(u64::from(MAX_ROWS))),
            )
            .hint("a sheet this long is not an input of this tool: check that this is the file you meant, or delete the rows below the data"));
        }
        if col >= MAX_COLUMNS {
            return Err(Diagnostic::at(
                DiagCode::InputTooManyColumns,
                &at(),
                format!("the sheet uses column {}; the limit is {} columns", grouped(u64::from(col) + 1), grouped(u64::from(MAX_COLUMNS))),
            )
            .hint("delete what lies far right of the data and save the file again"));
        }
        self.end_row = self.end_row.max(u64::from(row) + 1);
        self.end_col = self.end_col.max(u64::from(col) + 1);
        let cells = self.end_row * self.end_col;
        if self.held && cells > MAX_CELLS {
            return Err(Diagnostic::at(
                DiagCode::InputTooManyCells,
                &at(),
                format!(
                    "with this cell the sheet spans {} rows × {} columns = {} cells from A1; the limit is {} cells",
                    grouped(self.end_row),
                    grouped(self.end_col),
                    grouped(cells),
                    grouped(MAX_CELLS)
                ),
            )
            .hint("delete what lies far outside the data (rows below it, columns right of it) and save the file again"));
        }
        if let Some(t) = text
            && t.len() > MAX_TEXT_CHARS
        {
            let n = t.chars().count();
            if n > MAX_TEXT_CHARS {
                return Err(Diagnostic::at(
                    DiagCode::InputTextTooLong,
                    &at(),
                    format!("a text of {} characters; the limit is {} characters in one cell", grouped(n as u64), grouped(MAX_TEXT_CHARS as u64)),
                )
                .hint("no field of this tool's inputs needs that much text: shorten it"));
            }
        }
        Ok(())
    }
}

/// What a file that is not a workbook seems to be, judged by its first bytes (the name says
/// nothing: this one was called `.xlsx`).
fn sniff(bytes: &[u8]) -> (&'static str, Option<&'static str>) {
    let head = &bytes[..bytes.len().min(4096)];
    if bytes.is_empty() {
        ("an empty file", None)
    } else if head.starts_with(b"%PDF") {
        ("a PDF document", None)
    } else if head.starts_with(b"<?xml") || head.starts_with(b"<html") || head.starts_with(b"<!DOCTYPE") {
        ("an XML or HTML document", Some("open it in your spreadsheet program and save it as an .xlsx workbook"))
    } else if looks_like_text(head) {
        ("a text file", Some("if it is CSV, open it in your spreadsheet program and save it as an .xlsx workbook"))
    } else {
        ("a file of an unknown type", None)
    }
}

/// UTF-8 without control characters (a character cut at the end of `head` is allowed).
fn looks_like_text(head: &[u8]) -> bool {
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
        Err(_) => return false,
    };
    !text.is_empty() && text.chars().all(|c| !c.is_control() || c.is_whitespace())
}

fn corrupt(name: &str, what: &str) -> Diagnostic {
    file_error(name, DiagCode::InputCorrupt, format!("the file looks like an {what} but cannot be read; it may be damaged or truncated"))
        .hint("open it in your spreadsheet program and save it again")
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pat: Vec<u8> = needle.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(pat.len()).any(|w| w == pat.as_slice())
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.kind().to_string(),
    }
}

/// A cell's value at its (row, column), 0-based.
type Placed = ((u32, u32), Data);

/// One sheet's cells, addressed absolutely (row 0 = spreadsheet row 1). Only the cells that hold
/// something are kept, sorted by place, so memory follows the cells, not the used range.
pub struct Grid {
    name: std::sync::Arc<str>,
    /// The used cells, sorted by (row, column).
    cells: Vec<Placed>,
    end: (u32, u32),
    /// `cells[rows[r]..rows[r + 1]]` are row `r`'s cells: a lookup searches one row, not the
    /// sheet (a 100,000-line imports sheet holds 1.7 million cells).
    rows: Vec<usize>,
}

impl Grid {
    fn new(name: &str, mut cells: Vec<Placed>) -> Grid {
        // Sorted by place; of two cells at one place (a damaged file) the later one counts.
        cells.sort_by_key(|(at, _)| *at);
        cells.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
        let end = cells.iter().fold((0, 0), |(r, c), ((row, col), _)| (r.max(row + 1), c.max(col + 1)));
        let mut rows = Vec::with_capacity(end.0 as usize + 1);
        let mut i = 0;
        for r in 0..=end.0 {
            while i < cells.len() && cells[i].0.0 < r {
                i += 1;
            }
            rows.push(i);
        }
        Grid { name: name.into(), cells, end, rows }
    }

    /// The sheet's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The cell at (`row`, `col`), 0-based, on this sheet.
    pub fn cell(&self, row: u32, col: u32) -> CellRef {
        CellRef::new(self.name.clone(), row, col)
    }

    /// One past the last used row (0 for an empty sheet).
    pub fn end_row(&self) -> u32 {
        self.end.0
    }

    /// One past the last used column (0 for an empty sheet).
    pub fn end_col(&self) -> u32 {
        self.end.1
    }

    /// The used cells of `row`, by column.
    fn row_cells(&self, row: u32) -> &[Placed] {
        match (self.rows.get(row as usize), self.rows.get(row as usize + 1)) {
            (Some(&a), Some(&b)) => &self.cells[a..b],
            _ => &[],
        }
    }

    /// The value of the cell at (`row`, `col`), 0-based; `Value::Empty` where it holds nothing.
    pub fn value(&self, row: u32, col: u32) -> Value {
        let cells = self.row_cells(row);
        match cells.binary_search_by_key(&col, |((_, c), _)| *c) {
            Ok(i) => convert(&cells[i].1),
            Err(_) => Value::Empty,
        }
    }

    /// Whether any cell of the row in columns `0..end_col` holds something.
    pub fn row_is_blank(&self, row: u32) -> bool {
        self.row_cells(row).iter().all(|(_, d)| convert(d).is_blank())
    }
}

/// [`convert`] of a cell calamine lends.
fn convert_ref(d: &DataRef<'_>) -> Value {
    match d {
        DataRef::SharedString(s) => Value::Text(s.to_string()),
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::Bool(b) => Value::Bool(*b),
        other => convert(&Data::from(other.clone())),
    }
}

pub(super) fn convert(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Empty,
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(x) if dt.is_datetime() => Value::Date(x.date()),
            _ => Value::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => match chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d") {
            Ok(d) => Value::Date(d),
            Err(_) => Value::Text(s.clone()),
        },
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grid_finds_each_cell_in_its_row_and_blank_rows_between() {
        let t = |s: &str| Data::String(s.to_string());
        // Out of order, a gap of two rows, and two cells at one place (the later one counts).
        let g = Grid::new("S", vec![((5, 0), t("f")), ((0, 3), t("b")), ((2, 1), t("c")), ((0, 0), t("a")), ((2, 1), t("d")), ((3, 2), t(" "))]);
        assert_eq!((g.end_row(), g.end_col()), (6, 4));
        assert_eq!(g.value(0, 0), Value::Text("a".into()));
        assert_eq!(g.value(0, 3), Value::Text("b".into()));
        assert_eq!(g.value(0, 1), Value::Empty);
        assert_eq!(g.value(2, 1), Value::Text("d".into()));
        assert_eq!(g.value(5, 0), Value::Text("f".into()));
        assert_eq!(g.value(6, 0), Value::Empty);
        assert_eq!(g.value(u32::MAX, 0), Value::Empty);
        let blank: Vec<bool> = (0..7).map(|r| g.row_is_blank(r)).collect();
        assert_eq!(blank, [false, true, false, true, true, false, true]);
    }

    #[test]
    fn limits_hold_at_their_values_and_refuse_one_past_them() {
        let mut l = SheetLimits::streamed("S");
        assert!(l.check(1_048_575, 0, None).is_ok(), "Excel's last row");
        let d = l.check(1_048_576, 0, None).unwrap_err();
        assert_eq!((d.code, d.message.as_str()), (DiagCode::InputTooManyRows, "the sheet uses row 1,048,577; the limit is 1,048,576 rows"));

        let mut l = SheetLimits::streamed("S");
        assert!(l.check(0, 16_383, None).is_ok(), "Excel's last column, XFD");
        let d = l.check(0, 16_384, None).unwrap_err();
        assert_eq!((d.code, d.message.as_str()), (DiagCode::InputTooManyColumns, "the sheet uses column 16,385; the limit is 16,384 columns"));

        // Held in memory: 200,000 rows × 20 columns = 4,000,000 cells, the limit itself; one
        // more column is over.
        let mut l = SheetLimits::new("S");
        assert!(l.check(199_999, 19, None).is_ok());
        let d = l.check(199_999, 20, None).unwrap_err();
        assert_eq!(d.code, DiagCode::InputTooManyCells);
        assert!(d.message.contains("200,000 rows × 21 columns = 4,200,000 cells"), "{}", d.message);
        // Read row by row, a year of customs lines is far past that.
        let mut l = SheetLimits::streamed("S");
        assert!(l.check(400_000, 20, None).is_ok());

        let mut l = SheetLimits::new("S");
        assert!(l.check(0, 0, Some(&"é".repeat(4_096))).is_ok(), "characters are counted, not bytes");
        let d = l.check(0, 1, Some(&"x".repeat(4_097))).unwrap_err();
        assert_eq!((d.code, d.message.as_str()), (DiagCode::InputTextTooLong, "a text of 4,097 characters; the limit is 4,096 characters in one cell"));
    }

    #[test]
    fn a_grid_keeps_the_cells_it_is_given_sorted_and_the_later_of_two_at_one_place() {
        let cells = vec![((2, 1), Data::Float(1.5)), ((0, 0), Data::String("a".into())), ((2, 1), Data::Float(2.5)), ((1, 4), Data::Bool(true))];
        let g = Grid::new("S", cells);
        assert_eq!((g.end_row(), g.end_col()), (3, 5));
        assert_eq!(g.value(0, 0), Value::Text("a".into()));
        assert_eq!(g.value(2, 1), Value::Number(2.5));
        assert_eq!(g.value(1, 4), Value::Bool(true));
        assert_eq!(g.value(1, 1), Value::Empty);
        assert!(!g.row_is_blank(0) && g.row_is_blank(3));
        let empty = Grid::new("E", Vec::new());
        assert_eq!((empty.end_row(), empty.end_col(), empty.value(0, 0)), (0, 0, Value::Empty));
    }

    #[test]
    fn grouped_thousands() {
        assert_eq!([grouped(0), grouped(999), grouped(1_000), grouped(268_435_456)], ["0", "999", "1,000", "268,435,456"]);
    }

    #[test]
    fn the_entry_count_is_read_from_the_end_record() {
        // `python3 -c "import zipfile; print(len(zipfile.ZipFile('samples/imports-2025Q4.xlsx').infolist()))"` says 15.
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/imports-2025Q4.xlsx")).unwrap();
        assert_eq!(zip_entry_count(&bytes), Some(15));
        assert_eq!(zip_entry_count(b"PK\x03\x04 not a zip"), None);
    }

    #[test]
    fn a_workbook_within_the_limits_opens_and_one_over_the_size_limit_does_not() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/imports-2025Q4.xlsx")).unwrap();
        assert!(Book::from_bytes("imports.xlsx", bytes).is_ok());
        let big = vec![0u8; MAX_FILE_BYTES as usize + 1];
        let d = Book::from_bytes("big.xlsx", big).err().unwrap();
        assert_eq!(d.code, DiagCode::InputTooLarge);
    }
}
