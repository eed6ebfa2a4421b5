//! Outputs are written atomically: `cbam statement` on a batch of 200 files is killed (SIGKILL)
//! as soon as its first PDF appears; every file then under a final name must be a whole PDF, and
//! what remains besides them can only be hidden temporary files of the killed process
//! (`.NAME.pdf.cbam-PID.tmp`), which the next run into the directory removes (Linux).
#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    v.sort();
    v
}

/// A complete PDF: its header, its end-of-file marker, and a cross-reference table lopdf can load.
fn assert_whole_pdf(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{}: no PDF header", path.display());
    assert!(bytes.trim_ascii_end().ends_with(b"%%EOF"), "{}: cut off ({} bytes, no %%EOF at the end)", path.display(), bytes.len());
    if let Err(e) = lopdf::Document::load_mem(&bytes) {
        panic!("{}: lopdf cannot load it: {e}", path.display());
    }
}

#[test]
fn a_killed_batch_leaves_only_whole_files_under_final_names() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = std::env::temp_dir().join(format!("cbam-it-atomic-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let (input, out) = (work.join("in"), work.join("out"));
    std::fs::create_dir_all(&input).unwrap();
    let sample = root.join("samples/cement-integrated-cn.xlsx");
    let mut files = Vec::new();
    for i in 1..=200 {
        let f = input.join(format!("plant-{i:03}.xlsx"));
        std::os::unix::fs::symlink(&sample, &f).unwrap();
        files.push(f);
    }

    let mut child = Command::new(env!("CARGO_BIN_EXE_cbam"))
        .arg("statement")
        .arg("-o")
        .arg(&out)
        .args(&files)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run cbam statement");
    let pid = child.id();
    // Wait for the first statement under its final name (generously: the machine may be loaded).
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        if out.is_dir() && names(&out).iter().any(|n| n.ends_with(".pdf") && !n.starts_with('.')) {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("cbam statement ended ({status}) before writing a statement");
        }
        assert!(Instant::now() < deadline, "no statement written in 10 minutes");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let left = names(&out);
    let (hidden, visible): (Vec<&String>, Vec<&String>) = left.iter().partition(|n| n.starts_with('.'));
    assert!(!visible.is_empty());
    for n in &visible {
        assert!(n.starts_with("plant-") && n.ends_with(".pdf"), "unexpected file {n} in {left:?}");
        assert_whole_pdf(&out.join(n));
    }
    for n in &hidden {
        assert!(n.starts_with(".plant-") && n.ends_with(&format!(".pdf.cbam-{pid}.tmp")), "unexpected file {n} in {left:?}");
    }

    // The next run into the directory removes the killed process's temporary files.
    let status = Command::new(env!("CARGO_BIN_EXE_cbam")).arg("statement").arg("-o").arg(&out).arg(&files[0]).stdout(Stdio::null()).status().unwrap();
    assert!(status.success());
    let after = names(&out);
    assert!(after.iter().all(|n| !n.starts_with('.')), "temporary files left after the next run: {after:?}");
    for n in &after {
        assert_whole_pdf(&out.join(n));
    }
    std::fs::remove_dir_all(&work).unwrap();
}
