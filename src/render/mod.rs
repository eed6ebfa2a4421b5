//! Every output format the tool writes: result tables, JSON, workbooks (the blank installation
//! workbook of `cbam init`, samples and fixtures), the registry XML (`xml`) and PDF statements (`pdf`).
//!
//! Render takes model and compute values and turns them into bytes. It must not read input files,
//! validate, or compute emissions; it must not print or exit. Whatever reaches a file is written
//! in a fixed order with no clock or randomness inside, so reruns give identical bytes, and goes
//! through [`write_atomically`], so a failed or killed run leaves nothing half written.

mod error;
pub mod operator_report;
pub mod pdf;
pub mod results;
pub mod template;
pub mod workbook;
pub mod xml;

pub use error::{Error, Result};

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same directory, flushed to disk and
/// then renamed over `path`. On error the temporary file is removed and `path` is left as it was.
///
/// The temporary file is hidden and named after the target and the writing process,
/// `.NAME.cbam-PID.tmp`. A process killed while writing cannot remove it; the first write of the next
/// run into the same directory removes those of processes no longer running (on Linux, where that
/// can be told from `/proc`). A file under its final name is always complete.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let file_name = path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(file_name);
    tmp_name.push(format!(".cbam-{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    remove_stale_temporaries(dir);

    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Removes the `.NAME.cbam-PID.tmp` files left in `dir` by processes that are no longer running, once
/// per directory and process.
fn remove_stale_temporaries(dir: &Path) {
    static CLEANED: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());
    if !cfg!(target_os = "linux") || !Path::new("/proc/self").exists() {
        return;
    }
    {
        let Ok(mut cleaned) = CLEANED.lock() else { return };
        if cleaned.iter().any(|d| d == dir) {
            return;
        }
        cleaned.push(dir.to_path_buf());
    }
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(f) = file.to_str() else { continue };
        let Some(pid) = f.strip_prefix('.').and_then(|f| f.strip_suffix(".tmp")).and_then(|f| f.rsplit_once(".cbam-")).map(|(_, pid)| pid) else { continue };
        if pid.parse::<u32>().is_ok_and(|p| p != std::process::id()) && !Path::new("/proc").join(pid).exists() {
            let _ = fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("cbam-render-atomic-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.bin");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.bin")]);
        assert!(write_atomically(&dir.join("missing-dir/out.bin"), b"x").is_err());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temporaries_of_dead_processes_are_removed_by_the_next_write_into_the_directory() {
        let dir = std::env::temp_dir().join(format!("cbam-render-stale-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        // PID 4194305 is above Linux's pid_max (2^22), so no process has it; PID 1 always runs.
        let dead = dir.join(".out.pdf.cbam-4194305.tmp");
        let alive = dir.join(".out.pdf.cbam-1.tmp");
        let other = dir.join(".other.pdf.cbam-4194305.tmp");
        let kept = dir.join(".notes.4194305.tmp");
        for p in [&dead, &alive, &other, &kept] {
            fs::write(p, b"%PDF-1.7 cut off").unwrap();
        }
        write_atomically(&dir.join("out.pdf"), b"%PDF-1.7 whole %%EOF").unwrap();
        let mut names: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        if cfg!(target_os = "linux") {
            assert_eq!(names, [".notes.4194305.tmp", ".out.pdf.cbam-1.tmp", "out.pdf"]);
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
