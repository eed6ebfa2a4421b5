//! Running the `cbam` binary from the integration tests, once for every test module.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The repository's root (the samples, fixtures and schemas are found from it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `cbam ARGS` run in `cwd`: exit code, stdout, stderr. `COLUMNS` is fixed, so help texts wrap
/// the same way on every terminal.
pub fn cbam_in(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cbam")).args(args).current_dir(cwd).env("COLUMNS", "100").output().expect("run cbam");
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).expect("UTF-8 on stdout"), String::from_utf8(out.stderr).expect("UTF-8 on stderr"))
}

/// `cbam ARGS` run in the repository's root.
pub fn cbam(args: &[&str]) -> (i32, String, String) {
    cbam_in(&root(), args)
}

/// A new, empty directory of its own under the system's temporary directory: `name`, the
/// process and a count make it unique, so tests running at once never share one.
pub fn temp_dir(name: &str) -> PathBuf {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!("cbam-it-{name}-{}-{}", std::process::id(), CALLS.fetch_add(1, Ordering::Relaxed)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

/// The submission date the tests give `cbam report`, so that its reports are reproducible.
pub const SUBMITTED: &str = "2026-01-20T09:00:00Z";

/// `cbam report` on the sample imports of 2025 Q4 (`samples/imports-2025Q4.xlsx`) with the
/// supplier files in `suppliers`, submitted at [`SUBMITTED`], written to `out`; run in the
/// repository's root: exit code, stdout, stderr.
pub fn sample_qreport(suppliers: &Path, out: &Path) -> (i32, String, String) {
    let (suppliers, out) = (suppliers.to_str().expect("a UTF-8 path"), out.to_str().expect("a UTF-8 path"));
    cbam(&["report", "--imports", "samples/imports-2025Q4.xlsx", "--suppliers", suppliers, "--period", "2025Q4", "--submission-date", SUBMITTED, "-o", out])
}
