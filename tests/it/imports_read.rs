//! Reading customs lines: lines of goods outside cement and aluminium, CSV files, and the same
//! lines read from a workbook and from a CSV file.

use std::path::Path;

use cbam::format::imports::IMPORTS;
use cbam::tidy_row;
use chrono::NaiveDate;

use crate::imports_base::declarant;
use crate::run::temp_dir;

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
    type Got<'a> = (&'a str, &'a str, Option<&'a str>, String, String, String);
    let got: Vec<Got> = imports
        .outside
        .iter()
        .map(|o| (o.cn_code.as_str(), o.cn_text.as_str(), o.sector, o.release_date.to_string(), o.origin.to_string(), o.net_mass_t.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            ("72081000", "7208 10 00", Some("iron and steel"), "2025-11-03".into(), "TR".into(), "12.5".into()),
            ("08011100", "08011100", None, "2025-11-04".into(), "LK".into(), "3".into()),
        ]
    );
    assert_eq!(imports.outside[0].at.cn_code().map(|c| c.to_string()).as_deref(), Some("Imports!C3"));

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cbam"))
        .args(["report", "--imports", "imports.xlsx", "--suppliers"])
        .arg(root().join("samples"))
        .args(["--period", "2025Q4", "--submission-date", "2026-01-20T09:00:00Z", "-o", "report.xml"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error[input.cn_scope]: Imports!C3: expected the CN code of a cement or aluminium good, found 7208 10 00, a CBAM good of the iron and steel sector"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[input.cn_scope]: Imports!C4: expected the CN code of a CBAM good of cement or aluminium, found 08011100, which is not one"),
        "{stderr}"
    );
    assert!(!stderr.contains("empty_table"), "{stderr}");
    assert!(!dir.join("report.xml").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs `cbam ARGS` in `dir`: exit code, stdout, stderr with the repository's path cut to `.../`.
fn cbam_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cbam")).args(args).current_dir(dir).output().unwrap();
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&format!("{}/", root().display()), "");
    (out.status.code().unwrap_or(-1), clean(&out.stdout), clean(&out.stderr))
}

const DECLARANT: [&str; 4] = ["--declarant-eori", "DE123456789012345", "--declarant-name", "Rheinland Baustoffe GmbH"];

fn declaration_args<'a>(imports: &'a str, suppliers: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args =
        vec!["declaration", "--imports", imports, "--suppliers", suppliers, "--year", "2026", "--cbam-price", "80", "--format", "json", "-o", "out.json"];
    args.extend(extra);
    args
}

/// Every CSV file of `tests/fixtures/csv/bad/` is refused by `cbam declaration` with located
/// errors, exit 1 and nothing written; the code its README line names is among them.
#[test]
fn bad_csv_files_get_located_errors_and_no_file() {
    let entries = crate::fixture_lines(&root().join("tests/fixtures/csv/bad/README.md"));
    let suppliers = root().join("samples/2026");
    let mut problems = Vec::new();
    insta::glob!("../fixtures/csv/bad", "*.csv", |path| {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let dir = temp_dir(&format!("bad-{name}"));
        std::fs::copy(path, dir.join(&name)).unwrap();
        let (code, stdout, stderr) = cbam_in(&dir, &declaration_args(&name, suppliers.to_str().unwrap(), &DECLARANT));
        insta::assert_snapshot!(format!("exit: {code}\n--- stderr\n{stderr}"));
        let Some(entry) = entries.iter().find(|e| e.file == name) else {
            problems.push(format!("{name}: no line in the README"));
            return;
        };
        if code != 1 || !stdout.is_empty() || dir.join("out.json").exists() {
            problems.push(format!("{name}: expected exit 1 and nothing written, found exit {code}"));
        }
        if !stderr.contains(&format!("error[{}]", entry.code)) {
            problems.push(format!("{name}: expected error[{}]:\n{stderr}", entry.code));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(entries.len(), 5, "one README line per fixture");
}

/// A semicolon-separated file with decimal commas (one of them quoted) is read; its lines are
/// those written in it.
#[test]
fn a_semicolon_file_with_decimal_commas_is_read() {
    let (imports, diags) = cbam::report::load_imports(&root().join("tests/fixtures/csv/semicolon-decimal-comma.csv")).unwrap_or_else(|d| panic!("{d:#?}"));
    assert!(diags.is_empty(), "{:?}", diags.into_sorted());
    assert!(imports.declarant.is_none());
    let got: Vec<(String, String, String, String, Option<String>)> = imports
        .lines
        .iter()
        .map(|l| (l.release_date.to_string(), l.cn_code.to_string(), l.origin.to_string(), l.net_mass_t.to_string(), l.installation.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("2026-02-03".into(), "25231000".into(), "CN".into(), "1250.5".into(), Some("JNC-WH-01".into())),
            ("2026-05-20".into(), "76011090".into(), "CN".into(), "80.25".into(), Some("BHA-LK-01".into())),
            ("2026-11-02".into(), "25232900".into(), "TR".into(), "12".into(), None),
        ]
    );
    let at = |c: &Option<cbam::model::CellRef>| c.as_ref().map(|c| c.to_string()).unwrap_or_default();
    assert!(at(&imports.lines[1].at.cn_code()).ends_with("semicolon-decimal-comma.csv:3:3"), "{}", at(&imports.lines[1].at.cn_code()));
    assert!(at(&imports.lines[2].at.row()).ends_with("semicolon-decimal-comma.csv:4:1"));
}

/// The same customs lines written as an imports workbook and as a CSV file read to the same
/// lines (their places aside).
#[test]
fn a_workbook_and_a_csv_file_of_the_same_lines_read_alike() {
    let dir = temp_dir("same");
    let mut wb = declarant();
    wb.row(IMPORTS, tidy_row!["declaration" => "26DE1 item 1", "release_date" => date(2026, 3, 1), "cn_code" => "2523 29 00", "description" => "cement, grey", "origin_country" => "CN", "net_mass" => 1250.125, "requested_procedure" => "40", "import_area" => "EU", "installation" => "JNC-WH-01", "product" => "P·O 42.5 ordinary Portland cement", "document_type" => "N380", "document_reference" => "INV-1"]);
    wb.row(IMPORTS, tidy_row!["release_date" => date(2026, 7, 15), "cn_code" => "76011090", "origin_country" => "IN", "net_mass" => 3.0, "supplementary_units" => 2.0, "requested_procedure" => "4", "previous_procedure" => "51", "import_area" => "euoth",
        "ip_member_state" => "DE", "ip_discharge_bill_waiver" => "no", "ip_authorisation" => "DE/IP/1", "ip_start" => date(2026, 1, 1), "ip_end" => date(2026, 12, 31), "ip_deadline" => date(2027, 3, 31), "variant" => "white"]);
    wb.save(&dir.join("imports.xlsx")).unwrap();
    let csv = "cn_code,declaration,release_date,description,origin_country,net_mass,supplementary_units,requested_procedure,previous_procedure,import_area,ip_member_state,ip_discharge_bill_waiver,ip_authorisation,ip_start,ip_end,ip_deadline,installation,product,variant,document_type,document_reference\n\
2523 29 00,26DE1 item 1,2026-03-01,\"cement, grey\",CN,1250.125,,40,,EU,,,,,,,JNC-WH-01,P·O 42.5 ordinary Portland cement,,N380,INV-1\n\
76011090,,2026-07-15,,IN,3,2,4,51,euoth,DE,no,DE/IP/1,2026-01-01,2026-12-31,2027-03-31,,,white,,\n";
    std::fs::write(dir.join("imports.csv"), csv).unwrap();
    let read = |name: &str| {
        let (imports, diags) = cbam::report::load_imports(&dir.join(name)).unwrap_or_else(|d| panic!("{name}: {d:#?}"));
        assert!(!diags.has_errors(), "{name}");
        (serde_json::to_value(&imports.lines).unwrap(), imports.lines.iter().map(|l| l.at.cn_code().unwrap().to_string()).collect::<Vec<_>>())
    };
    let (from_xlsx, at_xlsx) = read("imports.xlsx");
    let (from_csv, at_csv) = read("imports.csv");
    assert_eq!(from_xlsx, from_csv);
    assert_eq!(from_xlsx.as_array().map(Vec::len), Some(2));
    assert_eq!(at_xlsx, ["Imports!C3", "Imports!C4"]);
    assert_eq!(at_csv.iter().map(|a| a.rsplit_once("imports.csv").unwrap().1).collect::<Vec<_>>(), [":2:1", ":3:1"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A CSV file names no declarant: the declaration takes it from its options and says when they
/// are missing or disagree with a workbook's; the quarterly report refuses a CSV file.
#[test]
fn the_declarant_of_a_csv_file_comes_from_the_options() {
    let dir = temp_dir("declarant");
    let suppliers = root().join("samples/2026");
    let s = suppliers.to_str().unwrap();
    std::fs::copy(root().join("tests/fixtures/csv/semicolon-decimal-comma.csv"), dir.join("lines.csv")).unwrap();

    let (code, _, stderr) = cbam_in(&dir, &declaration_args("lines.csv", s, &[]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[declaration.declarant]: expected --declarant-eori and --declarant-name: a CSV file of customs lines names no declarant"),
        "{stderr}"
    );
    assert!(!dir.join("out.json").exists());

    let (code, _, stderr) = cbam_in(&dir, &declaration_args("lines.csv", s, &DECLARANT));
    assert_eq!(code, 0, "{stderr}");
    let ws: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("out.json")).unwrap()).unwrap();
    assert_eq!((ws["declarant_eori"].as_str(), ws["declarant_name"].as_str()), (Some("DE123456789012345"), Some("Rheinland Baustoffe GmbH")));
    assert!(stderr.contains("warning[declaration.default_values]: lines.csv:4:1:"), "{stderr}");
    std::fs::remove_file(dir.join("out.json")).unwrap();

    let mut wb = declarant();
    wb.row(IMPORTS, tidy_row!["release_date" => date(2026, 2, 3), "cn_code" => "25231000", "origin_country" => "CN", "net_mass" => 5.0, "requested_procedure" => "40", "import_area" => "EU", "installation" => "JNC-WH-01"]);
    wb.save(&dir.join("imports.xlsx")).unwrap();
    let (code, _, stderr) =
        cbam_in(&dir, &declaration_args("imports.xlsx", s, &["--declarant-eori", "NL812345678", "--declarant-eori", "DE123456789012345"][2..]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("--declarant-eori is 'DE123456789012345' but the imports workbook's eori (sheet Declarant) is 'NL812345678'"), "{stderr}");
    assert!(!dir.join("out.json").exists());

    let (code, _, stderr) =
        cbam_in(&dir, &["report", "--imports", "lines.csv", "--suppliers", root().join("samples").to_str().unwrap(), "--period", "2025Q4", "-o", "r.xml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.starts_with("error[report.no_declarant]: expected the reporting declarant"), "{stderr}");
    assert!(!dir.join("r.xml").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
