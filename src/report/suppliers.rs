//! The emissions data suppliers sent: every installation file of a directory (any format
//! [`crate::load_installation`] reads), computed once, and every operator's emissions report
//! (`operator-report-v1` JSON, or the PDF `cbam operator-report` writes, its attached data checked
//! against its digest and the schema); found again by the installation's identifier or its
//! UN/LOCODE, as the imports workbook names it.

use std::path::{Path, PathBuf};

use crate::compute::Results;
use crate::model::{Diagnostic, Installation, Location};
use crate::render::operator_report::{self, OperatorReport, schema};

/// One supplier file, read and computed.
#[derive(Debug)]
pub struct Supplier {
    /// The file name as shown in messages and remarks.
    pub file: String,
    pub installation: Installation,
    pub results: Results,
}

/// One operator's emissions report a supplier sent (JSON, or the data attached to its PDF).
#[derive(Debug)]
pub struct Reported {
    /// The file name as shown in messages and remarks.
    pub file: String,
    pub report: OperatorReport,
}

/// Every supplier file of the directory, in file-name order, and the files that could not be
/// used (with their first problem).
#[derive(Debug, Default)]
pub struct Suppliers {
    pub list: Vec<Supplier>,
    pub reported: Vec<Reported>,
    pub skipped: Vec<(String, String)>,
}

/// What a line's `installation` text found.
#[derive(Debug)]
pub enum Found<'a> {
    One(&'a Supplier),
    /// An operator's emissions report.
    Report(&'a Reported),
    /// Several installations share this UN/LOCODE: their ids and files.
    Several(Vec<(String, String)>),
    None,
}

/// Identifiers compared without case and white space (`cn whi` finds `CN WHI`).
pub fn key(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect()
}

impl Suppliers {
    /// Reads every `.xlsx`, `.xlsm`, `.xls` and `.ods` file of `dir` except `exclude` (the
    /// imports workbook, when it sits there too). Files that are no installation are skipped
    /// silently; installations with errors are skipped and named in [`Suppliers::skipped`].
    /// `Err` when the directory cannot be read or two files describe the same installation.
    pub fn load(dir: &Path, year: i32, exclude: Option<&Path>) -> Result<(Suppliers, Vec<Diagnostic>), Vec<Diagnostic>> {
        let shown = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|e| {
            vec![Diagnostic::error("io.open", Some(Location::File(shown.clone())), format!("cannot read the suppliers' directory: {}", io_reason(&e)))]
        })?;
        let exclude = exclude.and_then(|p| p.canonicalize().ok());
        let ext = |p: &Path| p.extension().and_then(|x| x.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .filter(|p| ["xlsx", "xlsm", "xls", "ods", "json", "pdf"].contains(&ext(p).as_str()))
            .filter(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(".~lock") || n.starts_with("~$")))
            .filter(|p| exclude.is_none() || p.canonicalize().ok() != exclude)
            .collect();
        files.sort();
        let mut out = Suppliers::default();
        let mut warnings = Vec::new();
        let mut errors = Vec::new();
        let (reports, workbooks): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(|p| matches!(ext(p).as_str(), "json" | "pdf"));
        for path in &reports {
            let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            match read_report(path, year) {
                Ok(report) => out.reported.push(Reported { file, report }),
                Err(why) => errors.push(
                    Diagnostic::error("report.supplier_file", Some(Location::File(path.display().to_string())), format!("refused: {why}"))
                        .hint("ask the supplier for the file again, or move it out of the suppliers' directory"),
                ),
            }
        }
        let files = workbooks;
        for (path, loaded) in files.iter().zip(compute_all(&files, year)) {
            let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            match loaded {
                Ok((loaded, results, _)) => out.list.push(Supplier { file, installation: loaded.installation, results }),
                Err(diags) if diags.iter().any(|d| matches!(d.code, "input.unknown_format" | "input.not_an_installation" | "input.not_a_workbook")) => {}
                Err(diags) => {
                    let errors = diags.iter().filter(|d| d.is_error()).count();
                    let first = diags.iter().find(|d| d.is_error()).map(|d| d.to_string()).unwrap_or_default();
                    warnings.push(
                        Diagnostic::warning(
                            "report.supplier_skipped",
                            Some(Location::File(path.display().to_string())),
                            format!("skipped: {errors} error(s) in this supplier file; first: {}", first.lines().next().unwrap_or_default()),
                        )
                        .hint(format!("run `cbam compute {}` to see them all", path.display())),
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
            .collect();
        for (i, (id, file)) in ids.iter().enumerate() {
            if let Some((_, other)) = ids[..i].iter().find(|(b, _)| key(b) == key(id)) {
                errors.push(
                    Diagnostic::error(
                        "report.supplier_duplicate",
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
        let by_locode: Vec<&Supplier> = self.list.iter().filter(|s| s.installation.identity.unlocode.as_deref().is_some_and(|u| key(u) == k)).collect();
        let reported: Vec<&Reported> = self.reported.iter().filter(|r| key(&r.report.installation.unlocode) == k).collect();
        match (by_locode.as_slice(), reported.as_slice()) {
            ([], []) => Found::None,
            ([one], []) => Found::One(one),
            ([], [one]) => Found::Report(one),
            _ => Found::Several(
                by_locode
                    .iter()
                    .map(|s| (s.installation.identity.installation_id.clone(), s.file.clone()))
                    .chain(reported.iter().map(|r| (r.report.installation.id.clone(), r.file.clone())))
                    .collect(),
            ),
        }
    }
}

/// Limit on a supplier's report file: a report is some tens of kilobytes, its PDF a few hundred.
const MAX_REPORT_FILE: u64 = 64 << 20;

/// An operator's emissions report from a JSON file or a cbam PDF, checked: the PDF's attached
/// data against the digests it records, the JSON against the schema, the rules it was made under
/// against the declared year's. `Err` says why the file is refused.
pub fn read_report(path: &Path, year: i32) -> Result<OperatorReport, String> {
    let size = std::fs::metadata(path).map_err(|e| io_reason(&e))?.len();
    if size > MAX_REPORT_FILE {
        return Err(format!("{size} bytes, more than the {MAX_REPORT_FILE} a report file may have"));
    }
    let bytes = std::fs::read(path).map_err(|e| io_reason(&e))?;
    let json = if bytes.starts_with(b"%PDF") {
        let x = crate::render::pdf::verify::extract(&bytes)?;
        if x.name != operator_report::ATTACHMENT {
            return Err(format!(
                "a PDF carrying {}, an embedded emissions statement: it gives no free allocation benchmark; ask the supplier for its operator's emissions report (`cbam operator-report`)",
                x.name
            ));
        }
        let digest = crate::render::pdf::data::sha256_hex(&x.json);
        for (place, recorded) in &x.recorded {
            match recorded {
                Some(d) if *d == digest => {}
                Some(d) => {
                    return Err(format!("the attached data does not match its digest ({place}: {d}; SHA-256 of the data: {digest}): the PDF was altered"));
                }
                None => return Err(format!("the {place} records no digest of the attached data")),
            }
        }
        x.json
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
    Ok(report)
}

type Computed = Result<(crate::Loaded, Results, i32), Vec<Diagnostic>>;

/// [`crate::compute_file`] on every file, on all cores (files are independent and a supplier
/// directory may hold hundreds of templates); results in the order of `files`.
fn compute_all(files: &[PathBuf], year: i32) -> Vec<Computed> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len()).max(1);
    if workers == 1 {
        return files.iter().map(|p| crate::compute_file(p, crate::regime::Choice::year(Some(year)))).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, Computed)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        mine.push((i, crate::compute_file(path, crate::regime::Choice::year(Some(year)))));
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    done.sort_by_key(|(i, _)| *i);
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
