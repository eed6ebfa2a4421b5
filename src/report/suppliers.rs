//! The emissions data suppliers sent: every installation file of a directory (any format
//! [`crate::load_installation`] reads), computed once, every operator's emissions report
//! (`operator-report-v1` JSON, or the PDF `cbam operator-report` writes, its attached data checked
//! against its digest and the schema) and, for a quarterly report, every embedded emissions
//! statement (the PDF `cbam statement` writes, its attached data checked against its digest);
//! found again by the installation's identifier or its UN/LOCODE, as the imports workbook names
//! it. The files come from a directory ([`Suppliers::load`]) or from memory
//! ([`Suppliers::from_bytes`]).

use crate::model::DiagCode;
use std::path::{Path, PathBuf};

use super::supplied::Supplied;
use crate::compute::Results;
use crate::model::{Diagnostic, Installation, Location};
use crate::render::operator_report::{self, OperatorReport, schema};
use crate::render::pdf::StatementData;

/// What the suppliers' files are read for: it decides which kinds of file serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A quarterly report of the transitional period (`cbam report`): installation files, and
    /// embedded emissions statements made under the transitional methodology.
    QuarterlyReport,
    /// An annual declaration (`cbam declaration`): installation files and operator's emissions
    /// reports; a statement gives no free allocation benchmark and is refused.
    Declaration,
}

/// One supplier file, read and computed.
#[derive(Debug)]
pub struct Supplier {
    /// The file name as shown in messages and remarks.
    pub file: String,
    /// The installation the file describes.
    pub installation: Installation,
    /// Its computed figures, with the year the suppliers are read for as obligation year.
    pub results: Results,
}

/// One operator's emissions report a supplier sent (JSON, or the data attached to its PDF).
#[derive(Debug)]
pub struct Reported {
    /// The file name as shown in messages and remarks.
    pub file: String,
    /// The report, checked against `schemas/operator-report-v1.schema.json` (a PDF's attachment
    /// against its digest first) and made under the definitive methodology.
    pub report: OperatorReport,
}

/// Every supplier file of the directory, in file-name order, and the files that could not be
/// used (with their first problem).
#[derive(Debug, Default)]
pub struct Suppliers {
    /// The installation files read and computed without error.
    pub list: Vec<Supplier>,
    /// Operators' emissions reports (JSON, or the data attached to a PDF).
    pub reported: Vec<Reported>,
    /// Embedded emissions statements (read for a quarterly report only).
    pub stated: Vec<Supplied>,
    /// Installation files left out for their errors: the file name and the first error.
    pub skipped: Vec<(String, String)>,
}

/// What a line's `installation` text found.
#[derive(Debug)]
pub enum Found<'a> {
    /// An installation file.
    One(&'a Supplier),
    /// An operator's emissions report.
    Report(&'a Reported),
    /// An embedded emissions statement.
    Stated(&'a Supplied),
    /// Several installations share this UN/LOCODE: their ids and files.
    Several(Vec<(String, String)>),
    /// No supplier file matches the text.
    None,
}

/// Identifiers compared without case and white space (`cn whi` finds `CN WHI`).
pub fn key(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect()
}

/// One file of the suppliers: on disk, or held in memory under a name.
enum File {
    Path(PathBuf),
    Bytes { name: String, bytes: Vec<u8> },
}

impl File {
    /// The name shown in remarks (the file's own name).
    fn name(&self) -> String {
        match self {
            File::Path(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            File::Bytes { name, .. } => name.clone(),
        }
    }
    /// The name shown in diagnostics' locations (the path as given).
    fn shown(&self) -> String {
        match self {
            File::Path(p) => p.display().to_string(),
            File::Bytes { name, .. } => name.clone(),
        }
    }
    fn is_report(&self) -> bool {
        matches!(extension(Path::new(&self.name())).as_str(), "json" | "pdf")
    }
}

fn extension(p: &Path) -> String {
    p.extension().and_then(|x| x.to_str()).map(str::to_ascii_lowercase).unwrap_or_default()
}

/// The extensions of the files a suppliers' directory may hold.
const EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xls", "ods", "json", "pdf"];

impl Suppliers {
    /// Reads every `.xlsx`, `.xlsm`, `.xls` and `.ods` file of `dir` except `exclude` (the
    /// imports workbook, when it sits there too), and every operator's report (`.json`, `.pdf`).
    /// Files that are no installation are skipped silently; installations with errors are skipped
    /// and named in [`Suppliers::skipped`]. `Err` when the directory cannot be read, a report is
    /// refused, or two files describe the same installation.
    pub fn load(dir: &Path, year: i32, exclude: Option<&Path>, purpose: Purpose) -> Result<(Suppliers, Vec<Diagnostic>), Vec<Diagnostic>> {
        let shown = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|e| {
            vec![Diagnostic::error(DiagCode::IoOpen, Some(Location::File(shown.clone())), format!("cannot read the suppliers' directory: {}", io_reason(&e)))]
        })?;
        let exclude = exclude.and_then(|p| p.canonicalize().ok());
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .filter(|p| EXTENSIONS.contains(&extension(p).as_str()))
            .filter(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(".~lock") || n.starts_with("~$")))
            .filter(|p| exclude.is_none() || p.canonicalize().ok() != exclude)
            .collect();
        files.sort();
        Self::from_files(files.into_iter().map(File::Path).collect(), year, purpose)
    }

    /// [`Suppliers::load`] on files held in memory, each with its file name (its extension
    /// says what it is, as in a directory: a workbook, or a report's JSON or PDF). Files of
    /// other extensions are ignored.
    pub fn from_bytes(files: Vec<(String, Vec<u8>)>, year: i32, purpose: Purpose) -> Result<(Suppliers, Vec<Diagnostic>), Vec<Diagnostic>> {
        let files = files
            .into_iter()
            .filter(|(name, _)| EXTENSIONS.contains(&extension(Path::new(name)).as_str()))
            .map(|(name, bytes)| File::Bytes { name, bytes })
            .collect();
        Self::from_files(files, year, purpose)
    }

    fn from_files(files: Vec<File>, year: i32, purpose: Purpose) -> Result<(Suppliers, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut out = Suppliers::default();
        let mut warnings = Vec::new();
        let mut errors = Vec::new();
        let (reports, workbooks): (Vec<File>, Vec<File>) = files.into_iter().partition(File::is_report);
        for f in reports {
            let (file, shown) = (f.name(), f.shown());
            let read = match f {
                File::Path(path) => read_supplier_file(&path, year, purpose),
                File::Bytes { bytes, name } => read_supplier_bytes(&name, bytes, year, purpose),
            };
            match read {
                Ok(Read::Report(report)) => out.reported.push(Reported { file, report: *report }),
                Ok(Read::Stated(supplied)) => out.stated.push(*supplied),
                Err(why) => errors.push(
                    Diagnostic::error(DiagCode::ReportSupplierFile, Some(Location::File(shown)), format!("refused: {why}"))
                        .hint("ask the supplier for the file again, or move it out of the suppliers' directory"),
                ),
            }
        }
        let names: Vec<(String, String)> = workbooks.iter().map(|f| (f.name(), f.shown())).collect();
        for ((file, shown), loaded) in names.into_iter().zip(compute_all(workbooks, year)) {
            match loaded {
                Ok((loaded, results, _)) => out.list.push(Supplier { file, installation: loaded.installation, results }),
                Err(diags)
                    if diags
                        .iter()
                        .any(|d| matches!(d.code, DiagCode::InputUnknownFormat | DiagCode::InputNotAnInstallation | DiagCode::InputNotAWorkbook)) => {}
                Err(diags) => {
                    let errors = diags.iter().filter(|d| d.is_error()).count();
                    let first = diags.iter().find(|d| d.is_error()).map(|d| d.to_string()).unwrap_or_default();
                    warnings.push(
                        Diagnostic::warning(
                            DiagCode::ReportSupplierSkipped,
                            Some(Location::File(shown.clone())),
                            format!("skipped: {errors} error(s) in this supplier file; first: {}", first.lines().next().unwrap_or_default()),
                        )
                        .hint(format!("run `cbam compute {shown}` to see them all")),
                    );
                    out.skipped.push((file, first));
                }
            }
        }
        let ids: Vec<(&str, &str)> = out
            .list
            .iter()
            .map(|s| (s.installation.identity.installation_id.as_str(), s.file.as_str()))
            .chain(out.reported.iter().map(|r| (r.report.installation.id.as_str(), r.file.as_str())))
            .chain(out.stated.iter().map(|s| (s.identity.installation_id.as_str(), s.file.as_str())))
            .collect();
        for (i, (id, file)) in ids.iter().enumerate() {
            if let Some((_, other)) = ids[..i].iter().find(|(b, _)| key(b) == key(id)) {
                errors.push(
                    Diagnostic::error(
                        DiagCode::ReportSupplierDuplicate,
                        Some(Location::File(file.to_string())),
                        format!("installation '{id}' is described by two files: {other} and {file}"),
                    )
                    .hint("keep one file per installation and reporting period in the suppliers' directory"),
                );
            }
        }
        if errors.is_empty() { Ok((out, warnings)) } else { Err(errors) }
    }

    /// The supplier a line names: by installation id first, then by UN/LOCODE.
    pub fn find(&self, text: &str) -> Found<'_> {
        let k = key(text);
        if let Some(s) = self.list.iter().find(|s| key(&s.installation.identity.installation_id) == k) {
            return Found::One(s);
        }
        if let Some(r) = self.reported.iter().find(|r| key(&r.report.installation.id) == k) {
            return Found::Report(r);
        }
        if let Some(s) = self.stated.iter().find(|s| key(&s.identity.installation_id) == k) {
            return Found::Stated(s);
        }
        let by_locode: Vec<&Supplier> = self.list.iter().filter(|s| s.installation.identity.unlocode.as_deref().is_some_and(|u| key(u) == k)).collect();
        let reported: Vec<&Reported> = self.reported.iter().filter(|r| key(&r.report.installation.unlocode) == k).collect();
        let stated: Vec<&Supplied> = self.stated.iter().filter(|s| s.identity.unlocode.as_deref().is_some_and(|u| key(u) == k)).collect();
        match (by_locode.as_slice(), reported.as_slice(), stated.as_slice()) {
            ([], [], []) => Found::None,
            ([one], [], []) => Found::One(one),
            ([], [one], []) => Found::Report(one),
            ([], [], [one]) => Found::Stated(one),
            _ => Found::Several(
                by_locode
                    .iter()
                    .map(|s| (s.installation.identity.installation_id.clone(), s.file.clone()))
                    .chain(reported.iter().map(|r| (r.report.installation.id.clone(), r.file.clone())))
                    .chain(stated.iter().map(|s| (s.identity.installation_id.clone(), s.file.clone())))
                    .collect(),
            ),
        }
    }
}

/// Limit on a supplier's report file: a report is some tens of kilobytes, its PDF a few hundred.
const MAX_REPORT_FILE: u64 = 64 << 20;

/// What a supplier's JSON or PDF file holds, read and checked.
#[derive(Debug)]
pub enum Read {
    /// An operator's emissions report.
    Report(Box<OperatorReport>),
    /// An embedded emissions statement, its digest checked, as a quarterly report takes it (for
    /// a quarterly report only).
    Stated(Box<Supplied>),
}

/// An operator's emissions report from a JSON file or a cbam PDF, checked: the PDF's attached
/// data against the digests it records, the JSON against the schema, the rules it was made under
/// against the declared year's; for a quarterly report, a statement PDF's attached data against
/// its digests. `Err` says why the file is refused.
pub fn read_supplier_file(path: &Path, year: i32, purpose: Purpose) -> Result<Read, String> {
    let size = std::fs::metadata(path).map_err(|e| io_reason(&e))?.len();
    if size > MAX_REPORT_FILE {
        return Err(format!("{size} bytes, more than the {MAX_REPORT_FILE} a report file may have"));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    read_supplier_bytes(&name, std::fs::read(path).map_err(|e| io_reason(&e))?, year, purpose)
}

/// [`read_supplier_file`] on a file held in memory; `name` is the file's name.
pub fn read_supplier_bytes(name: &str, bytes: Vec<u8>, year: i32, purpose: Purpose) -> Result<Read, String> {
    if bytes.len() as u64 > MAX_REPORT_FILE {
        return Err(format!("{} bytes, more than the {MAX_REPORT_FILE} a report file may have", bytes.len()));
    }
    let json = if bytes.starts_with(b"%PDF") {
        // The checks of `cbam verify`: the attachment, its digests, its format.
        use crate::render::pdf::verify::{Attached, intact};
        let i = intact(&bytes).map_err(|problems| format!("{}: the PDF was altered, or cbam did not write it", problems.join("; ")))?;
        if let Attached::Statement(data) = i.attached {
            return match purpose {
                Purpose::QuarterlyReport => stated(name, &data).map(Read::Stated),
                Purpose::Declaration => Err(format!(
                    "a PDF carrying {}, an embedded emissions statement: it gives no free allocation benchmark; ask the supplier for its operator's emissions report (`cbam operator-report`)",
                    crate::render::pdf::ATTACHMENT
                )),
            };
        }
        i.json
    } else {
        bytes
    };
    let value: serde_json::Value = serde_json::from_slice(&json).map_err(|e| format!("not JSON: {e}"))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(operator_report::FORMAT) {
        return Err(format!("not an operator's emissions report (its `format` member is not \"{}\")", operator_report::FORMAT));
    }
    let errors = schema::check(&value);
    if !errors.is_empty() {
        let list: Vec<String> = errors.iter().take(20).map(|e| e.to_string()).collect();
        return Err(format!("it breaks schemas/operator-report-v1.schema.json:\n  {}", list.join("\n  ")));
    }
    let report: OperatorReport = serde_json::from_value(value).map_err(|e| format!("cannot be read: {e}"))?;
    let definitive = crate::regime::Methodology::ALL.into_iter().find(|m| m.citation() == report.regime.methodology_act).is_some_and(|m| m.is_definitive());
    if !definitive {
        return Err(format!(
            "made under {} (reporting period {} to {}): a declaration of {year} takes reports of the definitive methodology",
            report.regime.methodology_act, report.reporting_period.start, report.reporting_period.end
        ));
    }
    Ok(Read::Report(Box::new(report)))
}

/// A statement's data as a quarterly report of the transitional period takes it: made under the
/// transitional methodology, with its figures exact. `Err` says why it cannot serve.
fn stated(file: &str, data: &StatementData) -> Result<Box<Supplied>, String> {
    use crate::regime::Methodology;
    let made_under = Methodology::ALL.into_iter().find(|m| m.citation() == data.methodology.rules);
    if made_under.is_none_or(|m| m.is_definitive()) {
        let transitional: Vec<&str> = Methodology::ALL.into_iter().filter(|m| !m.is_definitive()).map(|m| m.citation()).collect();
        return Err(format!(
            "an embedded emissions statement made under {} (reporting period {} to {}): a quarterly report of the transitional period takes statements made under {}",
            data.methodology.rules,
            data.period.start,
            data.period.end,
            transitional.join(" or ")
        ));
    }
    Supplied::stated(file, data).map(Box::new)
}

type Computed = Result<(crate::Loaded, Results, i32), Vec<Diagnostic>>;

/// Every workbook loaded and computed, on all cores (files are independent and a supplier
/// directory may hold hundreds of templates); results in the order of `files`. A file on disk is
/// read by the worker that computes it, so only the files in work are held at once.
fn compute_all(files: Vec<File>, year: i32) -> Vec<Computed> {
    let compute = |f: File| {
        let choice = crate::regime::Choice::year(Some(year));
        match f {
            File::Path(path) => crate::compute_file(&path, choice),
            File::Bytes { name, bytes } => crate::load_installation_bytes(&name, bytes).and_then(|l| crate::compute_loaded(l, choice)),
        }
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len()).max(1);
    if workers == 1 {
        return files.into_iter().map(compute).collect();
    }
    let count = files.len();
    let queue = std::sync::Mutex::new(files.into_iter().enumerate());
    let mut done: Vec<(usize, Computed)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                        let Some((i, f)) = next else { break };
                        mine.push((i, compute(f)));
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    done.sort_by_key(|(i, _)| *i);
    debug_assert_eq!(done.len(), count);
    done.into_iter().map(|(_, r)| r).collect()
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::NotADirectory => "not a directory".to_string(),
        k => k.to_string(),
    }
}
