//! Opening a workbook safely and reading its cells as [`Value`]s with absolute addresses.
//!
//! calamine reports positions relative to a sheet's used range; [`Grid`] adds the range start so
//! every [`CellRef`] printed to a user names the cell they see in their spreadsheet program.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Range, Reader, Xls, Xlsx, open_workbook_from_rs};

use super::guard::guarded;
use crate::model::{CellRef, Diagnostic, Location};
use crate::validate::Value;

/// Files larger than this are refused before any parsing (a real installation workbook or
/// Commission template is 1–3 MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

enum Inner {
    Xlsx(Xlsx<Cursor<Vec<u8>>>),
    Ods(Ods<Cursor<Vec<u8>>>),
    Xls(Xls<Cursor<Vec<u8>>>),
}

pub struct Book {
    path: String,
    names: Vec<String>,
    inner: Inner,
}

fn file_error(path: &str, code: &'static str, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error(code, Some(Location::File(path.to_string())), msg)
}

impl Book {
    pub fn open(path: &Path) -> Result<Book, Diagnostic> {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| file_error(&shown, "io.open", format!("cannot open the file: {}", io_reason(&e))))?;
        if meta.is_dir() {
            return Err(file_error(&shown, "io.open", "this is a directory, not a workbook"));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(file_error(&shown, "input.too_large", format!("the file is {} bytes; the limit is {MAX_FILE_BYTES} bytes", meta.len())));
        }
        let bytes = std::fs::read(path).map_err(|e| file_error(&shown, "io.read", format!("cannot read the file: {}", io_reason(&e))))?;
        Self::from_bytes(&shown, bytes)
    }

    /// Opens a workbook held in memory; `name` is used in messages.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Book, Diagnostic> {
        let name = name.to_string();
        let inner = if bytes.starts_with(b"PK\x03\x04") {
            let is_ods = bytes.len() > 80 && bytes[30..80.min(bytes.len())].windows(8).any(|w| w == b"mimetype")
                && bytes.windows(46).take(200).any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet");
            if is_ods {
                Inner::Ods(guarded(|| open_workbook_from_rs(Cursor::new(bytes))).ok().and_then(Result::ok).ok_or_else(|| corrupt(&name, "OpenDocument spreadsheet"))?)
            } else {
                Inner::Xlsx(guarded(|| open_workbook_from_rs(Cursor::new(bytes))).ok().and_then(Result::ok).ok_or_else(|| corrupt(&name, "xlsx workbook"))?)
            }
        } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            if contains_utf16(&bytes, "EncryptedPackage") {
                return Err(file_error(&name, "input.encrypted", "the workbook is encrypted (password-protected); it cannot be read")
                    .hint("open it in your spreadsheet program, remove the password (File → Info → Protect Workbook) and save it again"));
            }
            Inner::Xls(guarded(|| open_workbook_from_rs(Cursor::new(bytes))).ok().and_then(Result::ok).ok_or_else(|| corrupt(&name, "xls workbook"))?)
        } else {
            let (found, hint) = sniff(&bytes);
            let d = file_error(&name, "input.not_a_workbook", format!("expected a spreadsheet (xlsx, ods or xls), found {found}"));
            return Err(match hint {
                Some(h) => d.hint(h),
                None => d,
            });
        };
        let names = match &inner {
            Inner::Xlsx(b) => b.sheet_names(),
            Inner::Ods(b) => b.sheet_names(),
            Inner::Xls(b) => b.sheet_names(),
        };
        Ok(Book { path: name, names, inner })
    }

    pub fn path_display(&self) -> String {
        self.path.clone()
    }

    pub fn sheet_names(&self) -> &[String] {
        &self.names
    }

    pub fn has_sheet(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// Reads one sheet's cached values.
    pub fn sheet(&mut self, name: &str) -> Result<Grid, Diagnostic> {
        if !self.has_sheet(name) {
            return Err(Diagnostic::error("input.missing_sheet", Some(Location::File(self.path.clone())), format!("the workbook has no sheet '{name}'")));
        }
        // calamine may panic on a damaged sheet: guarded, that is a damaged sheet too.
        let range = guarded(|| match &mut self.inner {
            Inner::Xlsx(b) => b.worksheet_range(name).map_err(|_| ()),
            Inner::Ods(b) => b.worksheet_range(name).map_err(|_| ()),
            Inner::Xls(b) => b.worksheet_range(name).map_err(|_| ()),
        })
        .unwrap_or(Err(()))
        .map_err(|_| Diagnostic::error("input.corrupt_sheet", Some(Location::Sheet(name.to_string())), "this sheet cannot be read; the file may be damaged"))?;
        Ok(Grid { name: name.to_string(), range })
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
    file_error(name, "input.corrupt", format!("the file looks like an {what} but cannot be read; it may be damaged or truncated"))
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

/// One sheet's cells, addressed absolutely (row 0 = spreadsheet row 1).
pub struct Grid {
    name: String,
    range: Range<Data>,
}

impl Grid {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn cell(&self, row: u32, col: u32) -> CellRef {
        CellRef::new(self.name.clone(), row, col)
    }

    /// One past the last used row (0 for an empty sheet).
    pub fn end_row(&self) -> u32 {
        self.range.end().map(|(r, _)| r + 1).unwrap_or(0)
    }

    pub fn end_col(&self) -> u32 {
        self.range.end().map(|(_, c)| c + 1).unwrap_or(0)
    }

    pub fn value(&self, row: u32, col: u32) -> Value {
        match self.range.get_value((row, col)) {
            None => Value::Empty,
            Some(d) => convert(d),
        }
    }

    /// Whether any cell of the row in columns `0..end_col` holds something.
    pub fn row_is_blank(&self, row: u32) -> bool {
        (0..self.end_col()).all(|c| self.value(row, c).is_blank())
    }
}

fn convert(d: &Data) -> Value {
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
