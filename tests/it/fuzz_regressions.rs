//! Inputs on which the fuzz targets (`fuzz/`) once crashed cbam, kept so the crashes stay fixed.
//! Each file of `tests/fixtures/fuzz/` goes through the real binary: `workbook-*` files through
//! `cbam compute`, `validate-*` files through `cbam validate`. Each must end as a refused input:
//! exit 1, the diagnostic code its README line names, no panic message, nothing on stdout.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz")
}

/// Some inputs made cbam loop for ever; a run still going after this long is killed and counted
/// as that failure. Not a timing test: the inputs are refused in milliseconds.
const HANG_GUARD_S: u64 = 120;

/// `cbam COMMAND FILE`, killed after [`HANG_GUARD_S`] seconds (`None` then).
fn run_guarded(command: &str, file: &Path) -> Option<std::process::Output> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cbam"))
        .arg(command)
        .arg(file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run cbam");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait for cbam").is_none() {
        if start.elapsed().as_secs() >= HANG_GUARD_S {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Some(child.wait_with_output().expect("cbam's output"))
}

#[test]
fn every_crash_found_by_fuzzing_is_now_a_refused_input() {
    let entries = crate::fixture_lines(&dir().join("README.md"));
    let files: Vec<String> = fs::read_dir(dir()).unwrap().filter_map(|e| e.ok()?.file_name().into_string().ok()).filter(|f| f != "README.md").collect();
    assert!(!files.is_empty(), "no regression inputs in tests/fixtures/fuzz");
    let mut problems = Vec::new();
    for file in &files {
        let Some(crate::FixtureLine { code, .. }) = entries.iter().find(|e| &e.file == file) else {
            problems.push(format!("{file}: no line in tests/fixtures/fuzz/README.md"));
            continue;
        };
        let command = if file.starts_with("validate-") { "validate" } else { "compute" };
        let Some(out) = run_guarded(command, &dir().join(file)) else {
            problems.push(format!("{file}: cbam did not finish within {HANG_GUARD_S} s (killed): it hangs on this input"));
            continue;
        };
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(1) {
            problems.push(format!("{file}: expected exit 1, found {:?}\n{stderr}", out.status.code()));
        }
        if !stderr.contains(&format!("error[{code}]")) {
            problems.push(format!("{file}: expected error[{code}] on stderr, found:\n{stderr}"));
        }
        if stderr.contains("panicked") || !out.stdout.is_empty() {
            problems.push(format!("{file}: a panic message or output on stdout:\n{stderr}"));
        }
    }
    for crate::FixtureLine { file, .. } in &entries {
        if !files.contains(file) {
            problems.push(format!("{file}: listed in the README but missing"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
