//! The checks that run before and while a workbook is read: its zip directory (parts, inflated
//! size), its ods XML, its sheet names, and each sheet's cells against the limits of the parent
//! module; and the words of the refusals.

use super::*;

/// The XML parts calamine's ods reader parses must be well-formed before it sees them: cut off
/// inside a table, `content.xml` sends calamine 0.38 into an endless loop (`ods::read_table`
/// does not stop at the end of the file), so a damaged file would hang the tool. Their inflated
/// size is bounded by [`check_zip`].
pub(super) fn check_ods_xml(name: &str, archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), Diagnostic> {
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
pub(super) fn well_formed(xml: &[u8]) -> bool {
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
pub(super) fn check_zip<'a>(name: &str, bytes: &'a [u8], what: &str) -> Result<zip::ZipArchive<Cursor<&'a [u8]>>, Diagnostic> {
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
pub(super) fn zip_entry_count(bytes: &[u8]) -> Option<u64> {
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
pub(super) fn check_sheet_names(name: &str, names: &[String]) -> Result<(), Diagnostic> {
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
pub(super) fn xlsx_cells(book: &mut Xlsx<Cursor<Shared>>, name: &str) -> Result<Vec<Placed>, Option<Diagnostic>> {
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
pub(super) fn checked_cells(name: &str, range: Range<Data>) -> Result<Vec<Placed>, Diagnostic> {
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
pub(super) fn grouped(n: u64) -> String {
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
pub(super) fn ref_text<'a>(v: &'a DataRef<'_>) -> Option<&'a str> {
    match v {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Some(s.as_str()),
        DataRef::SharedString(s) => Some(s),
        _ => None,
    }
}

pub(super) fn text_of(d: &Data) -> Option<&str> {
    match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s),
        _ => None,
    }
}

/// The limits on one sheet, checked cell by cell: [`MAX_ROWS`], [`MAX_COLUMNS`],
/// [`MAX_CELLS`] (for a sheet held in memory) and [`MAX_TEXT_CHARS`].
pub(crate) struct SheetLimits<'a> {
    pub(super) sheet: &'a str,
    end_row: u64,
    end_col: u64,
    /// Whether the sheet is held in memory: then [`MAX_CELLS`] applies.
    held: bool,
}

impl<'a> SheetLimits<'a> {
    /// The limits of a sheet held in memory.
    pub(super) fn new(sheet: &'a str) -> Self {
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
pub(super) fn sniff(bytes: &[u8]) -> (&'static str, Option<&'static str>) {
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
pub(super) fn looks_like_text(head: &[u8]) -> bool {
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
        Err(_) => return false,
    };
    !text.is_empty() && text.chars().all(|c| !c.is_control() || c.is_whitespace())
}

pub(super) fn corrupt(name: &str, what: &str) -> Diagnostic {
    file_error(name, DiagCode::InputCorrupt, format!("the file looks like an {what} but cannot be read; it may be damaged or truncated"))
        .hint("open it in your spreadsheet program and save it again")
}

pub(super) fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pat: Vec<u8> = needle.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(pat.len()).any(|w| w == pat.as_slice())
}

pub(super) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.kind().to_string(),
    }
}
