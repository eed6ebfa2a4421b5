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

use crate::run::SUBMITTED as DATE;

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
    let (code, _, stderr) = sample_qreport(&root().join("samples"), &out);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("report_sample_stderr", stderr.replace(out_s, "report.xml"));
    let xml = std::fs::read_to_string(&out).unwrap();
    assert_valid(&out);
    insta::assert_snapshot!("report_sample", xml);
    // Same inputs and submission date: the same bytes.
    let again = dir.join("again.xml");
    assert_eq!(sample_qreport(&root().join("samples"), &again).0, 0);
    assert_eq!(std::fs::read(&again).unwrap(), xml.as_bytes());
    // Our own report passes our own business rules, and an existing file is not replaced.
    let (code, _, stderr) = cbam_in(&root(), &["validate", out_s]);
    assert_eq!(code, 0, "{stderr}");
    assert!(sample_qreport(&root().join("samples"), &out).2.contains("exists; use --force"));
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
use crate::run::{cbam_in, root, sample_qreport, temp_dir};

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

// Embedded emissions statements in the suppliers' directory.

/// The sample suppliers of `samples/imports-2025Q4.xlsx`, one statement each.
const STATEMENT_SAMPLES: [&str; 5] =
    ["cement-integrated-cn", "aluminium-smelter-coal-cn", "aluminium-smelter-hydro-cn", "aluminium-extrusion-cn", "ec-example-1-cement"];

/// `cbam statement` on the given workbooks (paths from the repository's root) into `dir`.
fn statements(dir: &Path, workbooks: &[String]) {
    let mut args = vec!["statement", "-o", dir.to_str().unwrap()];
    args.extend(workbooks.iter().map(String::as_str));
    let (code, _, stderr) = cbam_in(&root(), &args);
    assert_eq!(code, 0, "{stderr}");
}

/// `cbam report` on the sample imports with the suppliers of `suppliers`: exit code, stderr and
/// the report, validated against the official schema when one is written.
fn sample_report(dir: &Path, suppliers: &Path) -> (i32, String, Option<Vec<u8>>) {
    let out = dir.join("report.xml");
    let _ = std::fs::remove_file(&out);
    let (code, _, stderr) = sample_qreport(suppliers, &out);
    let xml = out.exists().then(|| {
        assert_valid(&out);
        std::fs::read(&out).unwrap()
    });
    (code, stderr.replace(&dir.display().to_string(), "$DIR"), xml)
}

/// A directory of statement PDFs serves the report as the workbooks they were made from do: the
/// same QReport, byte for byte (the remarks name the workbook a statement was made from), from
/// the CLI and from `report::make_bytes` alike.
#[test]
fn statements_fill_the_report_as_their_workbooks_do() {
    let dir = temp_dir("statements");
    let pdfs = dir.join("statements");
    statements(&pdfs, &STATEMENT_SAMPLES.map(|s| format!("samples/{s}.xlsx")));
    let (code, stderr, from_workbooks) = sample_report(&dir, &root().join("samples"));
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr, from_statements) = sample_report(&dir, &pdfs);
    assert_eq!(code, 0, "{stderr}");
    let (a, b) = (from_workbooks.unwrap(), from_statements.unwrap());
    assert!(a == b, "the reports differ:\n{}", first_difference(&a, &b));
    // The warnings name the supplier's file, here the statement.
    assert!(stderr.contains("warning[report.operator_incomplete]: ec-example-1-cement.pdf: the InstallationOperator element is left out"), "{stderr}");

    // The library on files held in memory: the same bytes again.
    let files: Vec<(String, Vec<u8>)> = STATEMENT_SAMPLES.iter().map(|s| (format!("{s}.pdf"), std::fs::read(pdfs.join(format!("{s}.pdf"))).unwrap())).collect();
    let opts = cbam::report::Options { period: cbam::report::Period { year: 2025, quarter: 4 }, submission_date: Some(DATE.into()), allow_defaults: false };
    let imports = std::fs::read(root().join("samples/imports-2025Q4.xlsx")).unwrap();
    let made = cbam::report::make_bytes(("imports-2025Q4.xlsx", imports), files, &opts).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(made.xml == a, "make_bytes differs:\n{}", first_difference(&a, &made.xml));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The first line where two reports differ.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    a.lines()
        .zip(b.lines())
        .enumerate()
        .find(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| format!("line {}:\n  workbooks:  {x}\n  statements: {y}", i + 1))
        .unwrap_or_else(|| "in length".into())
}

/// The statement prints SEE with 6 decimals and embedded electricity with 6; QReport writes SEE
/// with 7 and electricity with 5. The report must round the exact figures, never the printed
/// ones. A hand-made clinker kiln on such a tie, by hand:
///
/// - activity level 1,902,400 t of clinker (the sample's), electricity consumed
///   114,153.32176 MWh at 0.5366 tCO2/MWh, no precursor;
/// - embedded electricity = 114,153.32176 / 1,902,400 = 0.0600049 MWh/t
///   (1,902,400 × 0.06 = 114,144; 1,902,400 × 0.0000049 = 9.32176);
///   printed 0.060005; QReport's 5 decimals: 0.06000 exact, but 0.06001 from the printed figure
///   (0.060005 is a tie, rounded half away from zero);
/// - SEE indirect = 0.0600049 × 0.5366 = 0.03219862934 tCO2e/t
///   (0.06 × 0.5366 = 0.032196; 0.0000049 × 0.5366 = 0.00000262934);
///   printed 0.032199; QReport's 7 decimals: 0.0321986 exact, but 0.0321990 from the printed one.
#[test]
fn the_report_rounds_a_statements_exact_figures_not_its_printed_ones() {
    use cbam::model::Dec;
    use cbam::render::pdf::{self, Meta, Template};
    let path = root().join("samples/cement-integrated-cn.xlsx");
    let mut loaded = cbam::load_installation(&path).unwrap();
    let kiln = loaded.installation.processes.iter_mut().find(|p| p.id == "P1").unwrap();
    kiln.electricity.consumed_mwh = "114153.32176".parse::<Dec>().unwrap();
    assert_eq!(kiln.electricity.ef, Some("0.5366".parse::<Dec>().unwrap()));
    let regime = cbam::regime::Regime::for_period(&loaded.installation.period, cbam::regime::Choice::year(Some(2025))).unwrap();
    let res = cbam::compute::compute(&loaded.installation, &regime).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let meta = Meta { issued: loaded.installation.period.end, lang: "en", kind: loaded.kind, source_bytes: &bytes, source_name: "kiln.xlsx", year: 2025 };
    let data = pdf::data::build(&loaded.installation, &res, &meta);
    let clinker = &data.goods[0];
    assert_eq!((clinker.cn_code.as_str(), clinker.activity_level_t.as_str()), ("25231000", "1902400.000"));
    // What the PDF prints: the rounded figures, each on a tie one decimal further on.
    assert_eq!((clinker.embedded_electricity.as_str(), clinker.see_indirect.as_str()), ("0.060005", "0.032199"));
    let statement = pdf::render(&Template::embedded(), &data).unwrap().pdf;

    let mut wb = crate::imports_base::declarant();
    wb.row(IMPORTS, tidy_row!["release_date" => date(2025, 10, 1), "cn_code" => "25231000", "origin_country" => "CN", "net_mass" => 1000.0, "requested_procedure" => "40", "import_area" => "EU", "installation" => "JNC-WH-01"]);
    let dir = temp_dir("exact");
    wb.save(&dir.join("imports.xlsx")).unwrap();
    let imports = std::fs::read(dir.join("imports.xlsx")).unwrap();
    let opts = cbam::report::Options { period: cbam::report::Period { year: 2025, quarter: 4 }, submission_date: Some(DATE.into()), allow_defaults: false };
    let made = cbam::report::make_bytes(("imports.xlsx", imports), vec![("kiln.pdf".into(), statement)], &opts).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(Validator::new().unwrap().validate(&made.xml).unwrap().is_empty());
    let xml = String::from_utf8(made.xml).unwrap();
    assert!(xml.contains("<ElectricityConsumed>0.06000</ElectricityConsumed>"), "{xml}");
    assert!(xml.contains("<SpecificEmbeddedEmissions>0.0321986</SpecificEmbeddedEmissions>"), "{xml}");
    assert!(!xml.contains("0.06001") && !xml.contains("0.0321990"), "{xml}");
    // The remark names the workbook the statement was made from.
    assert!(xml.contains("(kiln.xlsx), installation JNC-WH-01"), "{xml}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Statements a quarterly report cannot take: one of the definitive period (its rules named),
/// one whose attached data was altered (the file named), and a statement of an installation a
/// workbook of the directory describes too (the two files named, as for two workbooks). Each is
/// exit 1 with no report written.
#[test]
fn statements_a_report_refuses() {
    let dir = temp_dir("statements-bad");
    let case = |name: &str, files: &[(&str, Vec<u8>)]| -> String {
        let suppliers = dir.join(name);
        std::fs::create_dir_all(&suppliers).unwrap();
        for (f, bytes) in files {
            std::fs::write(suppliers.join(f), bytes).unwrap();
        }
        let (code, stderr, xml) = sample_report(&dir, &suppliers);
        assert_eq!(code, 1, "{name}: {stderr}");
        assert!(xml.is_none() && stderr.contains("no report written"), "{name}: {stderr}");
        stderr
    };
    let made = dir.join("made");
    statements(&made, &["samples/cement-integrated-cn.xlsx".into(), "samples/2026/aluminium-smelter-coal-cn.xlsx".into()]);
    let cement = std::fs::read(made.join("cement-integrated-cn.pdf")).unwrap();
    let smelter_2026 = std::fs::read(made.join("aluminium-smelter-coal-cn.pdf")).unwrap();

    let definitive = case("definitive", &[("smelter-2026.pdf", smelter_2026)]);
    let t = &definitive;
    assert!(t.contains("error[report.supplier_file]: $DIR/definitive/smelter-2026.pdf: refused: an embedded emissions statement made under Implementing Regulation (EU) 2025/2547, Annexes I to III (reporting period 2026-01-01 to 2026-12-31): a quarterly report of the transitional period takes statements made under Implementing Regulation (EU) 2023/1773, Annex III"), "{t}");

    // One figure changed in the attached data, the digests the PDF records left as they were.
    let json = pdf_json(&cement).replacen("\"see_direct\": \"0.827686\"", "\"see_direct\": \"0.727686\"", 1);
    let tampered = case("tampered", &[("cement.pdf", crate::statement::with_attachment(&cement, json.as_bytes()))]);
    let t = &tampered;
    assert!(t.contains("error[report.supplier_file]: $DIR/tampered/cement.pdf: refused: the digest in the document keywords is"), "{t}");
    assert!(t.contains("the PDF was altered, or cbam did not write it"), "{t}");

    let workbook = std::fs::read(root().join("samples/cement-integrated-cn.xlsx")).unwrap();
    let t = case("both", &[("cement.pdf", cement), ("cement.xlsx", workbook)]);
    assert!(t.contains("error[report.supplier_duplicate]: cement.pdf: installation 'JNC-WH-01' is described by two files: cement.xlsx and cement.pdf"), "{t}");
    insta::assert_snapshot!("report_statements_refused", format!("{definitive}\n{tampered}\n{t}"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The data a cbam PDF carries, as text.
fn pdf_json(pdf: &[u8]) -> String {
    String::from_utf8(cbam::render::pdf::verify::extract(pdf).unwrap().json).unwrap()
}
