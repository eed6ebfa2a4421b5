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

mod limits;
mod rows;

pub(crate) use limits::SheetLimits;
use limits::*;

pub use rows::{FieldKind, RowPlace, Rows, TextSpan};

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
