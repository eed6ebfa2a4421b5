//! The quarterly report: `cbam report` on the samples (snapshot, schema validation in process and
//! with xmllint, byte-identical reruns), `cbam validate` on the Commission's old sample and on
//! damaged reports, and the imports workbook's bad inputs.

use std::path::Path;
use std::process::Command;

use cbam::format::imports::{DECLARANT_FIELDS, IMPORTS, IMPORTS_TABLE};
use cbam::render::workbook::{CellValue, TidyWorkbook};
use cbam::render::xml::xsd::Validator;
use cbam::tidy_row;
use chrono::NaiveDate;

fn transcript(args: &[&str], cwd: &Path) -> String {
    let (code, stdout, stderr) = cbam_in(cwd, args);
    let stderr = stderr.replace(&cwd.display().to_string(), "$DIR");
    format!("$ cbam {}\nexit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}", args.join(" "))
}

/// The report must pass the official schema, in process and (where installed) with xmllint.
fn assert_valid(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let errors = Validator::new().unwrap().validate(&bytes).unwrap();
    assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    if let Ok(out) = Command::new("xmllint").arg("--noout").arg("--schema").arg(root().join("schemas/QReport_ver23.00.xsd")).arg(path).output() {
        assert!(out.status.success(), "xmllint: {}", String::from_utf8_lossy(&out.stderr));
    }
}

const DATE: &str = "2026-01-20T09:00:00Z";

#[test]
fn the_imports_format_document_lists_every_field_and_column() {
    let doc = std::fs::read_to_string(root().join("docs/imports-format.md")).unwrap();
    for c in DECLARANT_FIELDS.iter().chain(IMPORTS_TABLE.columns) {
        assert!(doc.contains(&format!("| `{}` |", c.key)), "docs/imports-format.md lacks {}", c.key);
    }
    assert!(doc.contains("## Declarant") && doc.contains("## Imports"));
}

#[test]
fn the_schema_files_are_the_commissions() {
    let Ok(out) = Command::new("sha256sum").arg("QReport_ver23.00.xsd").arg("stypes.xsd").current_dir(root().join("schemas")).output() else { return };
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("8d5f9cfa1126eae81d6a12976d42fde3b1ba658f7107ef1b8194e2190b53070e  QReport_ver23.00.xsd"), "{text}");
    assert!(text.contains("d9efc4c9e29669910bbb903f2ce4099dc12ddea0825f02d161dc728a5507bd0b  stypes.xsd"), "{text}");
}

#[test]
fn the_sample_report_is_valid_and_reproducible() {
    let dir = temp_dir("sample");
    let out = dir.join("report.xml");
    let out_s = out.to_str().unwrap();
    let args = ["report", "--imports", "samples/imports-2025Q4.xlsx", "--suppliers", "samples", "--period", "2025Q4", "--submission-date", DATE, "-o", out_s];
    let (code, _, stderr) = cbam_in(&root(), &args);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("report_sample_stderr", stderr.replace(out_s, "report.xml"));
    let xml = std::fs::read_to_string(&out).unwrap();
    assert_valid(&out);
    insta::assert_snapshot!("report_sample", xml);
    // Same inputs and submission date: the same bytes.
    let again = dir.join("again.xml");
    let args2 = [
        "report",
        "--imports",
        "samples/imports-2025Q4.xlsx",
        "--suppliers",
        "samples",
        "--period",
        "2025Q4",
        "--submission-date",
        DATE,
        "-o",
        again.to_str().unwrap(),
    ];
    assert_eq!(cbam_in(&root(), &args2).0, 0);
    assert_eq!(std::fs::read(&again).unwrap(), xml.as_bytes());
    // Our own report passes our own business rules, and an existing file is not replaced.
    let (code, _, stderr) = cbam_in(&root(), &["validate", out_s]);
    assert_eq!(code, 0, "{stderr}");
    assert!(cbam_in(&root(), &args).2.contains("exists; use --force"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validate_reports_the_real_errors_of_damaged_files() {
    insta::glob!("../fixtures/xml", "*.xml", |path| {
        let name = path.file_name().unwrap().to_str().unwrap();
        let dir = path.parent().unwrap();
        let t = transcript(&["validate", name], dir);
        let expect = if name.starts_with("warn-") { "exit: 0" } else { "exit: 1" };
        assert!(t.contains(expect), "{t}");
        // A file of another schema or version is named as such before anything else.
        if ["bad-other-namespace.xml", "bad-not-a-qreport.xml", "sample-qreport-v17-era-invalid-against-v23.xml"].contains(&name) {
            let first = t.lines().find(|l| l.starts_with("error[")).unwrap_or_default();
            assert!(first.starts_with("error[xml.schema_version]"), "{t}");
        }
        insta::assert_snapshot!("validate", t);
    });
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

use crate::imports_base::imports;
use crate::run::{cbam_in, root, temp_dir};

fn report_on(name: &str, wb: &TidyWorkbook, extra: &[&str]) -> (String, Option<String>) {
    let dir = temp_dir(name);
    wb.save(&dir.join("imports.xlsx")).unwrap();
    let out = dir.join("report.xml");
    let samples = root().join("samples");
    let mut args = vec![
        "report",
        "--imports",
        "imports.xlsx",
        "--suppliers",
        samples.to_str().unwrap(),
        "--period",
        "2025Q4",
        "--submission-date",
        DATE,
        "-o",
        "report.xml",
    ];
    args.extend(extra);
    let t = transcript(&args, &dir).replace(samples.to_str().unwrap(), "samples");
    let xml = out.exists().then(|| {
        assert_valid(&out);
        std::fs::read_to_string(&out).unwrap()
    });
    std::fs::remove_dir_all(&dir).unwrap();
    (t, xml)
}

#[test]
fn names_with_markup_quotes_and_chinese_are_escaped() {
    let mut wb = imports();
    wb.field("name", "Smith & Wong <Trading> \"Ltd\" 史密斯黄贸易");
    wb.field("remarks", "Check: 5 < 6 & 'quoted' \"double\" ]]> 中文备注");
    let (t, xml) = report_on("escape", &wb, &[]);
    let xml = xml.unwrap_or_else(|| panic!("{t}"));
    assert!(xml.contains("<Name>Smith &amp; Wong &lt;Trading&gt; \"Ltd\" 史密斯黄贸易</Name>"), "{xml}");
    assert!(xml.contains("Check: 5 &lt; 6 &amp; 'quoted' \"double\" ]]&gt; 中文备注"));
}

/// Every imports workbook of `tests/fixtures/imports/bad/` (made by `cargo run --example
/// make_fixtures`) is refused with its located errors, exit 1, and no report written.
#[test]
fn bad_imports_get_located_errors_and_no_file() {
    let entries = crate::fixture_lines(&root().join("tests/fixtures/imports/bad/README.md"));
    assert!(entries.len() >= 8, "{entries:?}");
    let samples = root().join("samples");
    insta::glob!("../fixtures/imports/bad", "*.xlsx", |path| {
        let name = path.file_name().unwrap().to_str().unwrap();
        let code = &entries.iter().find(|e| e.file == name).unwrap_or_else(|| panic!("imports/bad/README.md has no line for {name}")).code;
        let dir = temp_dir(&format!("bad-{name}"));
        std::fs::copy(path, dir.join(name)).unwrap();
        let args = ["report", "--imports", name, "--suppliers", samples.to_str().unwrap(), "--period", "2025Q4", "--submission-date", DATE, "-o", "report.xml"];
        let t = transcript(&args, &dir).replace(samples.to_str().unwrap(), "samples");
        let left: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).filter(|f| f != name).collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(left.is_empty(), "{name}: files written: {left:?}\n{t}");
        assert!(t.contains("exit: 1") && t.contains("no report written"), "{name}: {t}");
        assert!(t.contains(&format!("error[{code}]")), "{name}: expected error[{code}]\n{t}");
        insta::assert_snapshot!("bad_imports", t);
    });
}

#[test]
fn allow_defaults_fills_in_country_defaults_with_a_remark() {
    let mut wb = imports();
    wb.row(IMPORTS, tidy_row!["release_date" => date(2025, 11, 1), "cn_code" => "76042100", "origin_country" => "CN", "net_mass" => 100.0, "requested_procedure" => "40", "import_area" => "EU", "installation" => "NOBODY-01"]);
    wb.row(IMPORTS, tidy_row!["release_date" => date(2025, 11, 3), "cn_code" => "25231000", "origin_country" => "VN", "net_mass" => CellValue::number("40"), "requested_procedure" => "40", "import_area" => "EU", "variant" => "grey"]);
    let (t, xml) = report_on("defaults", &wb, &["--allow-defaults"]);
    let xml = xml.unwrap_or_else(|| panic!("{t}"));
    assert!(xml.contains("<DeterminationType>02</DeterminationType>"));
    insta::assert_snapshot!("report_defaults_stderr", t);
    insta::assert_snapshot!("report_defaults", xml);
}

/// A TARIC code (clinker 2523 10 00 90) joins its 8-digit CN code in the report and picks the grey
/// default value; a CN 2025 code (7601 10 90) finds the supplier's good under the CN 2024 code it
/// replaced (7601 10 00), and the report validates without the out-of-year warning.
#[test]
fn taric_codes_and_codes_of_the_quarters_nomenclature() {
    let mut wb = imports();
    wb.clear_rows(IMPORTS);
    let date = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
    wb.row(IMPORTS, tidy_row!["release_date" => date(11, 3), "cn_code" => "2523 10 00 90", "origin_country" => "CN", "net_mass" => 40.0, "requested_procedure" => "40", "import_area" => "EU"]);
    wb.row(IMPORTS, tidy_row!["release_date" => date(11, 4), "cn_code" => "25231000", "origin_country" => "CN", "net_mass" => 60.0, "requested_procedure" => "40", "import_area" => "EU", "variant" => "grey"]);
    wb.row(IMPORTS, tidy_row!["release_date" => date(12, 1), "cn_code" => "76011090", "origin_country" => "CN", "net_mass" => 250.5, "requested_procedure" => "40", "import_area" => "EU", "installation" => "BHA-LK-01"]);
    let (t, xml) = report_on("taric", &wb, &["--allow-defaults"]);
    let xml = xml.unwrap_or_else(|| panic!("{t}"));
    assert!(!t.contains("cn_code_year"), "{t}");
    assert!(!xml.contains("2523100090"), "{xml}");
    // The two clinker lines are one good of 100 t at China's grey clinker default (1.35 + 0.04).
    assert_eq!(xml.matches("<CnCode>25231000</CnCode>").count(), 1, "{xml}");
    assert!(xml.contains("<NetMass>100.000000</NetMass>"), "{xml}");
    assert!(xml.contains("<SpecificEmbeddedEmissions>1.3500000</SpecificEmbeddedEmissions>"), "{xml}");
    // The ingots keep the line's code, with its CN 2025 description, and the supplier's actual data.
    assert!(xml.contains("<CnCode>76011090</CnCode>"), "{xml}");
    assert!(xml.contains("<Description>Aluminium, not alloyed, unwrought (excl. slabs)</Description>"), "{xml}");
    assert!(xml.contains("<DeterminationType>01</DeterminationType>"), "{xml}");
}

#[test]
fn init_imports_writes_a_blank_workbook_that_then_asks_for_data() {
    let dir = temp_dir("init");
    let (code, _, stderr) = cbam_in(&dir, &["init", "--imports"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.join("imports.xlsx").is_file());
    std::fs::create_dir_all(dir.join("suppliers")).unwrap();
    insta::assert_snapshot!(
        "report_blank",
        transcript(&["report", "--imports", "imports.xlsx", "--suppliers", "suppliers", "--period", "2025Q4", "-o", "r.xml"], &dir)
    );
    insta::assert_snapshot!(
        "report_bad_period",
        transcript(&["report", "--imports", "imports.xlsx", "--suppliers", "suppliers", "--period", "2026Q1", "-o", "r.xml"], &dir)
    );
    assert!(!dir.join("r.xml").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
