//! The emissions data suppliers sent: every installation file of a directory (any format
//! [`crate::load_installation`] reads), computed once, and found again by the installation's
//! identifier or its UN/LOCODE, as the imports workbook names it.

use std::path::{Path, PathBuf};

use crate::compute::Results;
use crate::model::{Diagnostic, Installation, Location};

/// One supplier file, read and computed.
#[derive(Debug)]
pub struct Supplier {
    /// The file name as shown in messages and remarks.
    pub file: String,
    pub installation: Installation,
    pub results: Results,
}

/// Every supplier file of the directory, in file-name order, and the files that could not be
/// used (with their first problem).
#[derive(Debug, Default)]
pub struct Suppliers {
    pub list: Vec<Supplier>,
    pub skipped: Vec<(String, String)>,
}

/// What a line's `installation` text found.
#[derive(Debug)]
pub enum Found<'a> {
    One(&'a Supplier),
    /// Several installations share this UN/LOCODE.
    Several(Vec<&'a Supplier>),
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
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .filter(|p| p.extension().and_then(|x| x.to_str()).is_some_and(|x| ["xlsx", "xlsm", "xls", "ods"].contains(&x.to_ascii_lowercase().as_str())))
            .filter(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(".~lock") || n.starts_with("~$")))
            .filter(|p| exclude.is_none() || p.canonicalize().ok() != exclude)
            .collect();
        files.sort();
        let mut out = Suppliers::default();
        let mut warnings = Vec::new();
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
        let mut errors = Vec::new();
        for (i, a) in out.list.iter().enumerate() {
            if let Some(b) = out.list[..i].iter().find(|b| key(&b.installation.identity.installation_id) == key(&a.installation.identity.installation_id)) {
                errors.push(
                    Diagnostic::error(
                        "report.supplier_duplicate",
                        Some(Location::File(a.file.clone())),
                        format!("installation '{}' is described by two files: {} and {}", a.installation.identity.installation_id, b.file, a.file),
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
        let by_locode: Vec<&Supplier> = self.list.iter().filter(|s| s.installation.identity.unlocode.as_deref().is_some_and(|u| key(u) == k)).collect();
        match by_locode.len() {
            0 => Found::None,
            1 => Found::One(by_locode[0]),
            _ => Found::Several(by_locode),
        }
    }
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
