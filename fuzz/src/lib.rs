//! What the fuzz targets run, shared with the `parts` tool that makes seeds and turns a crashing
//! input back into a workbook.
//!
//! A zip-based workbook hides its XML behind deflate streams and CRC checks, so mutating its bytes
//! mostly tests the zip reader. The `workbook` target therefore also accepts a *parts* input: the
//! workbook's files written one after the other, each after a header line
//! `\n%%PART <name>\n`, which it zips (stored, fresh checksums) before reading. Mutations then reach
//! the sheets' XML and the readers behind it.

use std::io::Write;

/// First bytes of a parts input.
pub const MAGIC: &[u8] = b"CBAM-PARTS\n";
const HEADER: &[u8] = b"\n%%PART ";

/// The parts of `input` (after [`MAGIC`]) as (name, content); text before the first header is
/// ignored.
pub fn split_parts(input: &[u8]) -> Vec<(String, &[u8])> {
    let mut out = Vec::new();
    let mut rest = input;
    let Some(first) = find(rest, HEADER) else { return out };
    rest = &rest[first..];
    while let Some(stripped) = rest.strip_prefix(HEADER) {
        let name_end = stripped.iter().position(|&b| b == b'\n').unwrap_or(stripped.len());
        let name = String::from_utf8_lossy(&stripped[..name_end]).into_owned();
        let body = stripped.get(name_end + 1..).unwrap_or(&[]);
        let end = find(body, HEADER).unwrap_or(body.len());
        out.push((name, &body[..end]));
        rest = &body[end..];
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A zip (stored entries) holding `parts`; `None` when the zip writer refuses a name.
pub fn zip_parts(parts: &[(String, &[u8])]) -> Option<Vec<u8>> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in parts {
        w.start_file(name.as_str(), opts).ok()?;
        w.write_all(body).ok()?;
    }
    w.finish().ok().map(|c| c.into_inner())
}

/// A workbook's bytes from a fuzz input: a parts input zipped, anything else as it is.
pub fn workbook_bytes(data: &[u8]) -> Option<Vec<u8>> {
    match data.strip_prefix(MAGIC) {
        Some(rest) => zip_parts(&split_parts(rest)),
        None => Some(data.to_vec()),
    }
}

/// The `workbook` target: open, recognise, read, validate and compute what the bytes hold.
pub fn run_workbook(data: &[u8]) {
    let Some(bytes) = workbook_bytes(data) else { return };
    let Ok(mut book) = cbam::read::workbook::Book::from_bytes("fuzz.xlsx", bytes) else { return };
    match cbam::read::recognise(&book) {
        Ok(cbam::read::InputKind::Imports) => {
            let _ = cbam::read::imports::read(&mut book);
        }
        Ok(kind) => {
            if let Ok(loaded) = cbam::load_book(book, kind) {
                let _ = cbam::compute_loaded(loaded, None);
            }
        }
        Err(_) => {}
    }
}

/// The `validate` target: the checks of `cbam validate` on the bytes.
pub fn run_validate(data: &[u8]) {
    let _ = cbam::report::check_bytes(data, None);
}
