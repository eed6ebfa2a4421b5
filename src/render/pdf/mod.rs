//! The embedded emissions statement as PDF: our own typst [`World`] (template and data held in
//! memory, fonts compiled in, no file system, no network, no system font scan), the statement's
//! data ([`data`]), and reading a statement back for `cbam verify` ([`verify`]).
//!
//! The only module that knows typst. It renders what it is given: it must not read input files,
//! compute emissions, print or exit. A typst warning is an error (an unknown font or a missing
//! field must not fall back silently). The same data always gives the same bytes: the PDF's date
//! is the statement's date of issue and its identifier the data's digest.
#![deny(missing_docs)]

pub mod data;
mod fonts;
pub mod verify;

use std::sync::OnceLock;

use crate::render::{Error, Result};
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

pub use data::{Meta, StatementData};
pub use fonts::FAMILIES;

/// The statement template compiled into the binary.
pub const TEMPLATE: &str = include_str!("../../../templates/statement.typ");

/// Name of the attachment carrying the statement's data.
pub const ATTACHMENT: &str = "statement.json";

/// A statement template, parsed once and used for any number of statements.
#[derive(Clone)]
pub struct Template {
    source: Source,
}

fn file_id(path: &str) -> FileId {
    RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).expect("a valid virtual path")).intern()
}

impl Template {
    /// The template shipped with the tool (`templates/statement.typ`).
    pub fn embedded() -> Template {
        static T: OnceLock<Template> = OnceLock::new();
        T.get_or_init(|| Template::from_text(TEMPLATE.to_string())).clone()
    }
    /// A template given by the user (`--template FILE.typ`).
    pub fn from_text(text: String) -> Template {
        Template { source: Source::new(file_id("/statement.typ"), text) }
    }
}

/// A rendered statement.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// The canonical JSON attached to the PDF.
    pub data_json: Vec<u8>,
    /// The SHA-256 of `data_json`, lowercase hex.
    pub digest: String,
    /// Number of pages of the PDF.
    pub pages: usize,
}

fn library() -> &'static LazyHash<Library> {
    static LIB: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIB.get_or_init(|| LazyHash::new(Library::builder().build()))
}

/// One document's world: the template, its data files (held in memory), the fonts, and a fixed
/// date.
struct DocWorld {
    main: Source,
    /// Files the template reads, by absolute virtual path (`/statement.json`, `/digest.txt`…).
    files: Vec<(&'static str, Bytes)>,
    today: Datetime,
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &fonts::fonts().book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::NotSource) }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.vpath().get_with_slash();
        if let Some((_, bytes)) = self.files.iter().find(|(p, _)| *p == path) {
            return Ok(bytes.clone());
        }
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_string()));
        }
        Err(FileError::NotFound(path.trim_start_matches('/').into()))
    }
    fn font(&self, index: usize) -> Option<Font> {
        fonts::fonts().fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn describe(world: &DocWorld, d: &SourceDiagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let place = d
        .span
        .id()
        .filter(|id| *id == world.main.id())
        .and_then(|_| world.range(d.span))
        .and_then(|r| world.main.lines().byte_to_line_column(r.start))
        .map(|(l, c)| format!("{}:{}:{}: ", world.main.id().vpath().get_without_slash(), l + 1, c + 1))
        .unwrap_or_default();
    let mut s = format!("template {kind}: {place}{}", d.message);
    for h in &d.hints {
        s.push_str(&format!("\n  hint: {}", h.v));
    }
    s
}

/// A QR code of `text` as an SVG image: one path of dark modules (a rectangle per horizontal run),
/// with a quiet zone of 4.
pub fn qr_svg(text: &str) -> String {
    use std::fmt::Write;
    let (w, dark) = qr_modules(text);
    let size = w + 8;
    let mut path = String::new();
    for y in 0..w {
        let row = &dark[y * w..(y + 1) * w];
        let mut x = 0;
        while x < w {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < w && row[x] {
                x += 1;
            }
            let n = x - start;
            let _ = write!(path, "M{} {}h{n}v1h-{n}z", start + 4, y + 4);
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
<rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    )
}

/// The modules of the QR code of `text` at error correction level M, row by row (`true` dark), and
/// its width: the code `qrcode::QrCode::with_error_correction_level` makes, the same mask chosen
/// by the same penalty scores, computed here on plain booleans (the crate's scoring cost more than
/// the rest of a QR code many times over).
fn qr_modules(text: &str) -> (usize, Vec<bool>) {
    use qrcode::canvas::{Canvas, MaskPattern};
    const PATTERNS: [MaskPattern; 8] = [
        MaskPattern::Checkerboard,
        MaskPattern::HorizontalLines,
        MaskPattern::VerticalLines,
        MaskPattern::DiagonalLines,
        MaskPattern::LargeCheckerboard,
        MaskPattern::Fields,
        MaskPattern::Diamonds,
        MaskPattern::Meadow,
    ];
    let level = qrcode::EcLevel::M;
    let bits = qrcode::bits::encode_auto(text.as_bytes(), level).expect("a digest fits a QR code");
    let version = bits.version();
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, level).expect("a digest fits a QR code");
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let w = version.width() as usize;
    let mut best: Option<(u16, Vec<bool>)> = None;
    for pattern in PATTERNS {
        let mut masked = canvas.clone();
        masked.apply_mask(pattern);
        let dark: Vec<bool> = masked.into_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
        let score = qr_penalty(w, &dark);
        // The first of equal scores, as the crate's `min_by_key`.
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, dark));
        }
    }
    (w, best.expect("eight masks").1)
}

/// The penalty score of a masked QR code (ISO/IEC 18004 7.8.3) exactly as the qrcode crate 0.14
/// computes it (runs of 5 + n add 3 + n; 2×2 blocks 3; finder-like patterns 40 each beyond the
/// three finders' 360 per direction; the dark share's distance from 50 %, in half per cent).
fn qr_penalty(w: usize, dark: &[bool]) -> u16 {
    let at = |x: usize, y: usize| dark[y * w + x];
    let mut total: i64 = 0;
    for horizontal in [true, false] {
        let line = |i: usize, j: usize| if horizontal { at(j, i) } else { at(i, j) };
        for i in 0..w {
            // Runs of one colour.
            let mut last = line(i, 0);
            let mut run = 1;
            for j in 1..w {
                let c = line(i, j);
                if c == last {
                    run += 1;
                } else {
                    if run >= 5 {
                        total += run - 2;
                    }
                    last = c;
                    run = 1;
                }
            }
            if run >= 5 {
                total += run - 2;
            }
            // Dark, light, 3 dark, light, dark without 4 light modules on both sides.
            const FINDER: [bool; 7] = [true, false, true, true, true, false, true];
            for j in 0..w - 6 {
                if (0..7).any(|k| line(i, j + k) != FINDER[k]) {
                    continue;
                }
                let before = (j.saturating_sub(4)..j).any(|k| line(i, k));
                let after = (j + 7..(j + 11).min(w)).any(|k| line(i, k));
                if !before || !after {
                    total += 40;
                }
            }
        }
        total -= 360;
    }
    for y in 0..w - 1 {
        for x in 0..w - 1 {
            let c = at(x, y);
            if at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c {
                total += 3;
            }
        }
    }
    let ratio = (dark.iter().filter(|d| **d).count() * 200 / dark.len()) as i64;
    total += (ratio - 100).abs();
    total as u16
}

/// The text the QR code carries.
pub fn qr_payload(digest: &str) -> String {
    format!("cbam-statement:sha256:{digest}")
}

/// Renders one statement. Any typst warning fails the render.
pub fn render(template: &Template, data: &StatementData) -> Result<Rendered> {
    let json = data.canonical_json();
    let date = chrono::NaiveDate::parse_from_str(&data.issued, "%Y-%m-%d").map_err(|_| Error::IssueDate(data.issued.clone()))?;
    render_document(&template.source, "/statement.json", json, "cbam-statement", date, &data.generator, Vec::new())
}

/// Renders a document whose data `json` the template reads at `data_path` beside
/// `/digest.txt` (its SHA-256) and `/qr.svg` (a QR code of `<qr_kind>:sha256:<digest>`), plus
/// any `extra` files. The PDF's date is `date` and its identifier the digest.
pub(crate) fn render_document(
    main: &Source,
    data_path: &'static str,
    json: Vec<u8>,
    qr_kind: &str,
    date: chrono::NaiveDate,
    generator: &str,
    extra: Vec<(&'static str, Bytes)>,
) -> Result<Rendered> {
    let digest = data::sha256_hex(&json);
    let (y, m, d) = (chrono::Datelike::year(&date), chrono::Datelike::month(&date), chrono::Datelike::day(&date));
    let today = Datetime::from_ymd(y, m as u8, d as u8).expect("a valid date");
    let mut files = vec![
        (data_path, Bytes::new(json.clone())),
        ("/digest.txt", Bytes::from_string(digest.clone())),
        ("/qr.svg", Bytes::from_string(qr_svg(&format!("{qr_kind}:sha256:{digest}")))),
    ];
    files.extend(extra);
    let world = DocWorld { main: main.clone(), files, today };
    let warned = typst::compile::<PagedDocument>(&world);
    let doc = match warned.output {
        Ok(doc) if warned.warnings.is_empty() => doc,
        Ok(_) => return Err(Error::Typst(warned.warnings.iter().map(|w| describe(&world, w)).collect())),
        Err(errors) => {
            return Err(Error::Typst(errors.iter().chain(warned.warnings.iter()).map(|e| describe(&world, e)).collect()));
        }
    };
    let timestamp = Datetime::from_ymd_hms(y, m as u8, d as u8, 0, 0, 0).map(typst_pdf::Timestamp::new_utc);
    let options =
        typst_pdf::PdfOptions { ident: Smart::Custom(digest.clone()), creator: Smart::Custom(Some(generator.to_string())), timestamp, ..Default::default() };
    let pdf = typst_pdf::pdf(&doc, &options).map_err(|errors| Error::Typst(errors.iter().map(|e| describe(&world, e)).collect()))?;
    Ok(Rendered { pdf, data_json: json, digest, pages: doc.pages().len() })
}

/// The operator's emissions report template compiled into the binary.
pub const OPERATOR_REPORT_TEMPLATE: &str = include_str!("../../../templates/operator-report.typ");

/// Renders an operator's emissions report (`templates/operator-report.typ`): the report's
/// canonical JSON attached as `operator-report.json`, labels in `lang` (`en`, `zh`, `en+zh`),
/// dated `issued`.
pub fn render_operator_report(report: &crate::render::operator_report::OperatorReport, lang: &str, issued: chrono::NaiveDate) -> Result<Rendered> {
    static T: OnceLock<Source> = OnceLock::new();
    let source = T.get_or_init(|| Source::new(file_id("/operator-report.typ"), OPERATOR_REPORT_TEMPLATE.to_string()));
    let generator = format!("{} {}", report.generator.name, report.generator.version);
    let extra = vec![("/lang.txt", Bytes::from_string(lang.to_string())), ("/issued.txt", Bytes::from_string(issued.to_string()))];
    render_document(source, "/operator-report.json", report.canonical_json(), "cbam-operator-report", issued, &generator, extra)
}

/// Drops typst's memoised results older than a few documents: call between statements of a
/// batch so memory stays flat.
pub fn evict_caches() {
    typst::comemo::evict(10);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_is_the_one_the_qrcode_crate_makes() {
        for i in 0..64 {
            let text = format!("cbam-operator-report:sha256:{}", data::sha256_hex(format!("report {i}").as_bytes()));
            let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).unwrap();
            let (w, dark) = qr_modules(&text);
            assert_eq!(w, code.width());
            let expected: Vec<bool> = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
            assert_eq!(dark, expected, "{text}");
        }
    }
}
