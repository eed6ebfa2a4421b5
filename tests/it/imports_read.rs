//! Reading customs lines: lines of goods outside cement and aluminium, CSV files, and the same
//! lines read from a workbook and from a CSV file.

use std::path::{Path, PathBuf};

use cbam::format::imports::IMPORTS;
use cbam::tidy_row;
use chrono::NaiveDate;

use crate::imports_base::declarant;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cbam-imports-read-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A sheet of only lines outside cement and aluminium reads without `input.empty_table`: each line
/// is kept apart with its digits and sector; `cbam report` still refuses each at its CN cell.
#[test]
fn lines_outside_cement_and_aluminium_are_kept_apart() {
    let dir = temp_dir("outside");
    let mut wb = declarant();
    wb.row(IMPORTS, tidy_row!["release_date" => date(2025, 11, 3), "cn_code" => "7208 10 00", "origin_country" => "TR", "net_mass" => 12.5, "requested_procedure" => "40", "import_area" => "EU"]);
    wb.row(IMPORTS, tidy_row!["release_date" => date(2025, 11, 4), "cn_code" => "08011100", "origin_country" => "LK", "net_mass" => 3.0, "requested_procedure" => "40", "import_area" => "EU"]);
    let path = dir.join("imports.xlsx");
    wb.save(&path).unwrap();

    let (imports, diags) = cbam::report::load_imports(&path).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(!diags.has_errors());
    assert!(imports.lines.is_empty());
    let got: Vec<(&str, &str, Option<&str>, String, String, String)> = imports
        .outside
        .iter()
        .map(|o| (o.cn_code.as_str(), o.cn_text.as_str(), o.sector, o.release_date.to_string(), o.origin.to_string(), o.net_mass_t.to_string()))
        .collect();
    assert_eq!(got, [
        ("72081000", "7208 10 00", Some("iron and steel"), "2025-11-03".into(), "TR".into(), "12.5".into()),
        ("08011100", "08011100", None, "2025-11-04".into(), "LK".into(), "3".into()),
    ]);
    assert_eq!(imports.outside[0].at.cn_code.as_ref().map(|c| c.to_string()).as_deref(), Some("Imports!C3"));

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cbam"))
        .args(["report", "--imports", "imports.xlsx", "--suppliers"])
        .arg(root().join("samples"))
        .args(["--period", "2025Q4", "--submission-date", "2026-01-20T09:00:00Z", "-o", "report.xml"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[input.cn_scope]: Imports!C3: expected the CN code of a cement or aluminium good, found 7208 10 00, a CBAM good of the iron and steel sector"), "{stderr}");
    assert!(stderr.contains("error[input.cn_scope]: Imports!C4: expected the CN code of a CBAM good of cement or aluminium, found 08011100, which is not one"), "{stderr}");
    assert!(!stderr.contains("empty_table"), "{stderr}");
    assert!(!dir.join("report.xml").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
