//! Every output format the tool writes: result tables, JSON, workbooks (the blank installation
//! workbook of `cbam init`, samples and fixtures), the registry XML (`xml`) and PDF statements (`pdf`).
//!
//! Render takes model and compute values and turns them into bytes. It must not read input files,
//! validate, or compute emissions; it must not print or exit. Whatever reaches a file is written
//! in a fixed order with no clock or randomness inside, so reruns give identical bytes, and goes
//! through [`write_atomically`], so a failed or killed run leaves nothing half written.

pub mod pdf;
pub mod results;
pub mod template;
pub mod workbook;
pub mod xml;

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same directory, flushed to disk and
/// then renamed over `path`. On error the temporary file is removed and `path` is left as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(file_name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);

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
}
