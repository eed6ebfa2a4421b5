//! The importer's side: the quarterly CBAM report (QReport v23.00) from an imports workbook and
//! the suppliers' installation files, and the checks of a report received from elsewhere.
//!
//! [`make`] is the pipeline: read the imports workbook ([`crate::read::imports`]), load and
//! compute every supplier file ([`suppliers`]), match and group the lines ([`build`],
//! [`emissions`], [`parties`]) into the DTOs of [`crate::render::xml::dto`], write the bytes and
//! validate them against the official schema; a report that fails is returned as errors, never
//! as bytes. [`check`] is `cbam validate`: well-formedness and DOCTYPE refusal, XSD, then the
//! business rules of [`rules`].
//!
//! This module sits beside `cli`: it may use read, compute, tables and render, and none of those
//! use it. It never prints, exits or reads the clock (the submission date is passed in).
#![deny(missing_docs)]

pub mod build;
pub mod codelists;
pub mod emissions;
pub mod parties;
pub mod rules;
pub mod supplied;
pub mod suppliers;
pub mod version;

use crate::model::DiagCode;
use std::fmt;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::model::{Diagnostic, Diagnostics, Imports, Location};
use crate::render::xml::{self, xsd};

/// A calendar quarter, e.g. `2025Q4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The calendar year.
    pub year: i32,
    /// The quarter, 1 to 4.
    pub quarter: u32,
}

impl Period {
    /// `2025Q4`, `2025-Q4` or `Q4 2025`.
    pub fn parse(text: &str) -> Option<Period> {
        let t: String = text.trim().to_ascii_uppercase().chars().filter(|c| !matches!(c, ' ' | '-' | '/')).collect();
        let (year, q) = if let Some(i) = t.find('Q') {
            if i == 0 { (&t[2..], &t[1..2]) } else { (&t[..i], &t[i + 1..]) }
        } else {
            return None;
        };
        let year: i32 = year.parse().ok().filter(|y| (1000..=9999).contains(y))?;
        let quarter: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        Some(Period { year, quarter })
    }
    /// The QReport code `Q1`..`Q4`.
    pub fn code(&self) -> String {
        format!("Q{}", self.quarter)
    }
    /// The quarter's first day.
    pub fn start(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, 3 * self.quarter - 2, 1).expect("valid quarter")
    }
    /// The quarter's last day.
    pub fn end(&self) -> NaiveDate {
        let next = if self.quarter == 4 { NaiveDate::from_ymd_opt(self.year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(self.year, 3 * self.quarter + 1, 1) };
        next.expect("valid quarter").pred_opt().expect("a day before")
    }
    /// Whether `d` falls within the quarter.
    pub fn contains(&self, d: NaiveDate) -> bool {
        d.year() == self.year && (d.month() - 1) / 3 + 1 == self.quarter
    }
    /// The transitional period's quarterly reports: quarters starting on or after the day the
    /// transitional methodology applies and before the definitive one does (2023Q4 to 2025Q4).
    pub fn is_transitional(&self) -> bool {
        use crate::regime::Methodology;
        let Some(start) = NaiveDate::from_ymd_opt(self.year, (self.quarter - 1) * 3 + 1, 1) else { return false };
        Methodology::Ir2023_1773.applies_from() <= start && start < Methodology::Ir2025_2547.applies_from()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.quarter)
    }
}

/// A submission date as QReport takes it, `YYYY-MM-DDThh:mm:ssZ` (UTC); `Err` says what was
/// expected.
pub fn parse_submission_date(s: &str) -> Result<String, String> {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%SZ")
        .map(|_| s.to_string())
        .map_err(|_| format!("expected a UTC time YYYY-MM-DDThh:mm:ssZ such as 2026-01-20T09:00:00Z, found '{s}'"))
}

/// What `cbam report` needs besides the files.
#[derive(Debug, Clone)]
pub struct Options {
    /// The quarter reported: every customs line must have been released in it.
    pub period: Period,
    /// `YYYY-MM-DDThh:mm:ssZ`; read from the clock by the CLI when not given.
    pub submission_date: Option<String>,
    /// Use the country default values for lines whose supplier sent nothing.
    pub allow_defaults: bool,
}

/// A report made and validated.
#[derive(Debug)]
pub struct Made {
    /// The report, QReport XML valid against the v23.00 schema.
    pub xml: Vec<u8>,
    /// Number of `ImportedGood` elements: one per CN code and country of origin.
    pub goods: usize,
    /// Number of customs lines read from the imports file.
    pub lines: usize,
    /// Warnings, sorted by place.
    pub warnings: Vec<Diagnostic>,
}

/// Reads and checks an imports workbook, or a CSV file of customs lines (named `.csv`, and not a
/// workbook by its content), which has no declarant.
pub fn load_imports(path: &Path) -> Result<(Imports, Diagnostics), Vec<Diagnostic>> {
    if crate::read::csv_file::is_csv_name(path) {
        let shown = path.display().to_string();
        let file = || Some(Location::File(shown.clone()));
        let meta = std::fs::metadata(path).map_err(|e| vec![Diagnostic::error(DiagCode::IoOpen, file(), format!("cannot open the file: {}", e.kind()))])?;
        if meta.len() > crate::read::csv_file::MAX_CSV_BYTES {
            return Err(vec![csv_too_large(&shown, meta.len())]);
        }
        let bytes = std::fs::read(path).map_err(|e| vec![Diagnostic::error(DiagCode::IoRead, file(), format!("cannot read the file: {}", e.kind()))])?;
        return load_imports_bytes(&shown, bytes);
    }
    let (book, kind) = crate::read::open(path).map_err(|d| vec![d])?;
    read_imports_book(book, kind)
}

/// [`load_imports`] on a file held in memory; `name` is used in messages, and a name ending in
/// `.csv` with bytes that are no workbook is read as a CSV file of customs lines.
pub fn load_imports_bytes(name: &str, bytes: Vec<u8>) -> Result<(Imports, Diagnostics), Vec<Diagnostic>> {
    // A workbook saved under a .csv name is read as the workbook it is.
    let workbook = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    if crate::read::csv_file::is_csv_name(Path::new(name)) && !workbook {
        if bytes.len() as u64 > crate::read::csv_file::MAX_CSV_BYTES {
            return Err(vec![csv_too_large(name, bytes.len() as u64)]);
        }
        return match crate::read::imports::read_csv(name, bytes) {
            (Some(imports), diags) => Ok((imports, diags)),
            (None, diags) => Err(diags.into_sorted()),
        };
    }
    let book = crate::read::workbook::Book::from_bytes(name, bytes).map_err(|d| vec![d])?;
    let kind = crate::read::recognise(&book).map_err(|d| vec![d])?;
    read_imports_book(book, kind)
}

fn csv_too_large(name: &str, size: u64) -> Diagnostic {
    let limit = crate::read::csv_file::MAX_CSV_BYTES;
    Diagnostic::error(
        DiagCode::InputTooLarge,
        Some(Location::File(name.to_string())),
        format!("the file is {size} bytes; the limit for a CSV file is {limit} bytes"),
    )
}

fn read_imports_book(mut book: crate::read::workbook::Book, kind: crate::read::InputKind) -> Result<(Imports, Diagnostics), Vec<Diagnostic>> {
    if kind != crate::read::InputKind::Imports {
        return Err(vec![
            Diagnostic::error(
                DiagCode::InputNotImports,
                Some(Location::File(book.path_display())),
                "expected an imports workbook (sheets Declarant and Imports), found an installation workbook or template",
            )
            .hint("create one with `cbam init --imports imports.xlsx`"),
        ]);
    }
    match crate::read::imports::read(&mut book) {
        (Some(imports), diags) => Ok((imports, diags)),
        (None, diags) => Err(diags.into_sorted()),
    }
}

/// The imports a quarterly report can be made of: with a declarant, and only lines of cement and
/// aluminium (this tool reports no other goods; each other line is an error at its CN code, with
/// the reader's other diagnostics).
fn reportable((imports, diags): (Imports, Diagnostics)) -> Result<(Imports, Diagnostics), Vec<Diagnostic>> {
    if imports.declarant.is_none() {
        return Err(vec![build::no_declarant()]);
    }
    if imports.outside.is_empty() {
        return Ok((imports, diags));
    }
    let mut all = diags;
    for line in &imports.outside {
        let at = line.at.cn_code().unwrap_or_else(|| crate::model::CellRef::new(crate::format::imports::IMPORTS, 0, 0));
        let e = match line.sector {
            Some(name) => crate::model::CnError::OtherCbamSector(name),
            None => crate::model::CnError::NotCbam,
        };
        all.push(crate::validate::fields::cn_error(&at, &line.cn_text, e));
    }
    Err(all.into_sorted())
}

/// `cbam report`: the validated XML of the imports in `imports_path` with the suppliers' data of
/// `suppliers_dir`. `Err` holds every problem (inputs, or the schema's verdict on the result).
pub fn make(imports_path: &Path, suppliers_dir: &Path, opts: &Options) -> Result<Made, Vec<Diagnostic>> {
    transitional(opts)?;
    let loaded = load_imports(imports_path).and_then(reportable);
    let suppliers = suppliers::Suppliers::load(suppliers_dir, opts.period.year, Some(imports_path), suppliers::Purpose::QuarterlyReport);
    make_loaded(loaded, suppliers, opts)
}

/// [`make`] from files held in memory: the imports file (`name`, bytes) and each supplier's
/// file (`name`, bytes) as [`suppliers::Suppliers::from_bytes`] takes them. Names are used in
/// messages and in the report's remarks.
pub fn make_bytes(imports: (&str, Vec<u8>), suppliers: Vec<(String, Vec<u8>)>, opts: &Options) -> Result<Made, Vec<Diagnostic>> {
    transitional(opts)?;
    let loaded = load_imports_bytes(imports.0, imports.1).and_then(reportable);
    let suppliers = suppliers::Suppliers::from_bytes(suppliers, opts.period.year, suppliers::Purpose::QuarterlyReport);
    make_loaded(loaded, suppliers, opts)
}

fn transitional(opts: &Options) -> Result<(), Vec<Diagnostic>> {
    if opts.period.is_transitional() {
        return Ok(());
    }
    Err(vec![
        Diagnostic::error(DiagCode::ReportPeriod, None, format!("expected a quarter of the transitional period (2023Q4 to 2025Q4), found {}", opts.period))
            .hint("from 2026 importers file an annual CBAM declaration, for which no official XML schema has been published"),
    ])
}

type Loaded<T> = Result<(T, Diagnostics), Vec<Diagnostic>>;

fn make_loaded(
    loaded: Loaded<Imports>,
    suppliers: Result<(suppliers::Suppliers, Vec<Diagnostic>), Vec<Diagnostic>>,
    opts: &Options,
) -> Result<Made, Vec<Diagnostic>> {
    let ((imports, mut diags), (suppliers, supplier_warnings)) = match (loaded, suppliers) {
        (Ok(i), Ok(s)) => (i, s),
        (a, b) => {
            let mut all = Diagnostics::new();
            if let Err(e) = a {
                all.extend(Diagnostics::from(e));
            }
            if let Err(e) = b {
                all.extend(Diagnostics::from(e));
            }
            return Err(all.into_sorted());
        }
    };
    diags.extend(Diagnostics::from(supplier_warnings));
    let (report, warnings) = match build::build(&imports, &suppliers, opts) {
        Ok(x) => x,
        Err(mut e) => {
            e.extend(diags);
            return Err(e.into_sorted());
        }
    };
    diags.extend(warnings);
    let bytes = xml::write(&report).map_err(|e| vec![Diagnostic::error(DiagCode::ReportWrite, None, e.to_string())])?;
    let mut validator = xsd::Validator::new().map_err(|e| vec![Diagnostic::error(DiagCode::ReportSchema, None, e.to_string())])?;
    let errors = validator.validate(&bytes).map_err(|e| vec![Diagnostic::error(DiagCode::ReportSchema, None, e.to_string())])?;
    if !errors.is_empty() {
        let mut out: Vec<Diagnostic> = errors
            .iter()
            .map(|e| e.to_diagnostic().hint("the report was not written; this is a defect of cbam or of a supplier's text: please report it"))
            .collect();
        out.extend(diags.into_sorted());
        return Err(out);
    }
    Ok(Made { goods: report.imported_good.len(), lines: imports.lines.len(), xml: bytes, warnings: diags.into_sorted() })
}

/// What `cbam validate` found: schema problems (or why the file could not be read at all) and
/// business-rule problems, each list sorted by place.
#[derive(Debug, Default)]
pub struct Checked {
    /// Schema problems, or why the file could not be read at all.
    pub schema: Vec<Diagnostic>,
    /// Business-rule problems.
    pub rules: Vec<Diagnostic>,
}

impl Checked {
    /// Whether either list holds an error (warnings alone do not count).
    pub fn has_errors(&self) -> bool {
        self.schema.iter().chain(&self.rules).any(Diagnostic::is_error)
    }
}

/// Largest file `cbam validate` reads (a report of the schema's maximum size is ≈ 400 MB).
pub const MAX_XML_BYTES: u64 = 1 << 30;

/// `cbam validate`: a report received from elsewhere.
pub fn check(path: &Path) -> Result<Checked, Diagnostic> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(DiagCode::IoOpen, Some(Location::File(shown.clone())), format!("cannot open the file: {}", e.kind())))?;
    if meta.len() > MAX_XML_BYTES {
        return Err(Diagnostic::error(
            DiagCode::InputTooLarge,
            Some(Location::File(shown)),
            format!("the file is {} bytes; the limit is {MAX_XML_BYTES} bytes", meta.len()),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(DiagCode::IoRead, Some(Location::File(shown.clone())), format!("cannot read the file: {}", e.kind())))?;
    Ok(check_bytes(&bytes, Some(path)))
}

/// [`check`] on bytes in memory; `path`, when given, holds the same bytes and is streamed to the
/// schema validator instead of a copy of them.
pub fn check_bytes(bytes: &[u8], path: Option<&Path>) -> Checked {
    let mut rules = rules::Rules::new();
    let mut older = version::OlderVersion::default();
    let tree = xml::tree::read(bytes, |e| {
        older.element(&e);
        rules.element(&e)
    });
    if let Err(d) = &tree
        && d.code != DiagCode::XmlSyntax
    {
        // Refused before libxml2 sees it (DOCTYPE, unknown entity, not UTF-8).
        return Checked { schema: vec![d.clone()], rules: Vec::new() };
    }
    if tree.is_ok()
        && let Some(d) = version::other_schema(bytes)
    {
        // Another root or namespace: v23.00's errors and rules would all be beside the point.
        return Checked { schema: vec![d], rules: Vec::new() };
    }
    let validated = xsd::Validator::new().and_then(|mut v| match path {
        Some(p) => v.validate_file(p, bytes),
        None => v.validate(bytes),
    });
    let schema = match validated {
        // After a syntax error libxml2 recovers and reports noise: show the syntax errors only.
        Ok(errors) if errors.iter().any(|e| !e.validity) => errors.iter().filter(|e| !e.validity).map(xsd::XsdProblem::to_diagnostic).collect(),
        Ok(errors) => errors.iter().map(xsd::XsdProblem::to_diagnostic).collect(),
        Err(e) => vec![Diagnostic::error(DiagCode::ReportSchema, None, e.to_string())],
    };
    let schema = match older.finish() {
        Some(d) if !schema.is_empty() => std::iter::once(d).chain(schema).collect(),
        _ => schema,
    };
    let rules = match tree {
        Ok(root) => rules.finish(&root),
        Err(_) => Vec::new(),
    };
    Checked { schema, rules }
}
