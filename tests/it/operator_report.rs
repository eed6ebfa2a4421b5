//! The operator's emissions report (Annex IV of IR 2025/2547): every item of points 1.1 (1 to 35)
//! and 1.2 (1 to 16) has a row in `docs/operator-report.md` mapping it to a member of
//! `schemas/operator-report-v1.schema.json` (which must exist there), with a status that says
//! filled, not applicable (why) or missing (what).

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

/// The schema nodes a step from `node` reaches: `*` an array's items, else a named property;
/// through `$ref` (to `#/$defs/…`) and the branches of `anyOf` / `oneOf` (nullable members).
fn step<'a>(schema: &'a Value, node: &'a Value, token: &str) -> Vec<&'a Value> {
    let mut node = node;
    while let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        node = &schema["$defs"][name];
        assert!(!node.is_null(), "$ref {r} points nowhere");
    }
    let mut out = Vec::new();
    for key in ["anyOf", "oneOf", "allOf"] {
        for branch in node.get(key).and_then(Value::as_array).into_iter().flatten() {
            out.extend(step(schema, branch, token));
        }
    }
    if token == "*" {
        out.extend(node.get("items"));
    } else {
        out.extend(node.get("properties").and_then(|p| p.get(token)));
    }
    out
}

fn exists(schema: &Value, pointer: &str) -> bool {
    let mut nodes = vec![schema];
    for token in pointer.trim_start_matches('/').split('/') {
        nodes = nodes.into_iter().flat_map(|n| step(schema, n, token)).collect();
        if nodes.is_empty() {
            return false;
        }
    }
    true
}

struct Row {
    item: String,
    pointer: String,
    status: String,
}

fn rows() -> Vec<Row> {
    let doc = std::fs::read_to_string(root().join("docs/operator-report.md")).unwrap();
    doc.lines()
        .filter(|l| l.starts_with("| 1.1-") || l.starts_with("| 1.2-"))
        .map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(cells.len(), 5, "a row has five cells: {l}");
            Row { item: cells[0].to_string(), pointer: cells[2].trim_matches('`').to_string(), status: cells[4].to_string() }
        })
        .collect()
}

/// The item number of an id such as `1.1-15(c)`, and its point (`1.1` or `1.2`).
fn number(item: &str) -> (String, u32) {
    let (point, rest) = item.split_once('-').unwrap_or_else(|| panic!("item id {item}"));
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let tail = &rest[digits.len()..];
    assert!(tail.is_empty() || (tail.len() == 3 && tail.starts_with('(') && tail.ends_with(')') && tail.as_bytes()[1].is_ascii_lowercase()), "item id {item}");
    (point.to_string(), digits.parse().unwrap_or_else(|_| panic!("item id {item}")))
}

#[test]
fn every_item_of_annex_iv_has_a_row_a_member_and_a_status() {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(root().join("schemas/operator-report-v1.schema.json")).unwrap()).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let rows = rows();
    let mut seen = BTreeSet::new();
    let (mut full, mut summary) = (BTreeSet::new(), BTreeSet::new());
    for r in &rows {
        assert!(seen.insert(r.item.clone()), "item {} has two rows", r.item);
        let (point, n) = number(&r.item);
        match point.as_str() {
            "1.1" => full.insert(n),
            "1.2" => summary.insert(n),
            other => panic!("point {other}"),
        };
        assert!(r.pointer.starts_with('/') && exists(&schema, &r.pointer), "{}: {} is not a member of the schema", r.item, r.pointer);
        let ok = r.status == "filled"
            || r.status.strip_prefix("not applicable: ").is_some_and(|why| !why.trim().is_empty())
            || r.status.strip_prefix("missing: ").is_some_and(|what| !what.trim().is_empty());
        assert!(ok, "{}: status '{}' is not filled, 'not applicable: why' or 'missing: what'", r.item, r.status);
    }
    assert_eq!(full, (1..=35).collect::<BTreeSet<u32>>(), "items of Annex IV point 1.1 without a row");
    assert_eq!(summary, (1..=16).collect::<BTreeSet<u32>>(), "items of Annex IV point 1.2 without a row");
}

/// The check can fail: a pointer that is not in the schema, and an item list with a gap.
#[test]
fn the_coverage_check_catches_a_gap_and_a_foreign_member() {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(root().join("schemas/operator-report-v1.schema.json")).unwrap()).unwrap();
    assert!(exists(&schema, "/goods/*/see_direct"));
    assert!(!exists(&schema, "/goods/*/no_such_member"));
    assert!(!exists(&schema, "/no_such_member"));
    let items: BTreeSet<u32> = rows().iter().filter(|r| r.item.starts_with("1.2-") && r.item != "1.2-7").map(|r| number(&r.item).1).collect();
    assert_ne!(items, (1..=16).collect::<BTreeSet<u32>>());
}

// ---- `cbam operator-report`: what it writes, checked as a reader and a verifier would ----------------

use std::path::Path;
use std::process::Command;

use crate::run::{cbam, root, sample_qreport, temp_dir};
use cbam::render::operator_report::schema;
use rust_decimal::Decimal;

const SAMPLES_2026: [&str; 4] = ["cement-integrated-cn", "aluminium-smelter-coal-cn", "aluminium-smelter-hydro-cn", "aluminium-extrusion-cn"];

fn sample_2026(s: &str) -> PathBuf {
    root().join("samples/2026").join(format!("{s}.xlsx"))
}

fn pdftotext(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext").args(["-layout", pdf.to_str().unwrap(), "-"]).output().expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().split('\u{c}').filter(|p| !p.trim().is_empty()).map(str::to_string).collect()
}

/// `cbam declaration` of the 2026 imports sample with `suppliers`, Q4 priced at 79.10, plus `extra`.
fn declaration(suppliers: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args =
        vec!["declaration", "--imports", "samples/imports-2026.xlsx", "--suppliers", suppliers.to_str().unwrap(), "--year", "2026", "--price", "2026Q4=79.10"];
    args.extend(extra);
    cbam(&args)
}

/// Writes the reports of the four 2026 samples into `dir`, as `cbam operator-report` does.
fn write_reports(dir: &Path, format: &str) {
    write_reports_with(dir, format, &[]);
}

fn write_reports_with(dir: &Path, format: &str, extra: &[&str]) {
    let files: Vec<String> = SAMPLES_2026.iter().map(|s| sample_2026(s).display().to_string()).collect();
    let mut args = vec!["operator-report", "-o", dir.to_str().unwrap(), "--format", format];
    args.extend(extra);
    args.extend(files.iter().map(String::as_str));
    let (code, out, err) = cbam(&args);
    assert_eq!(code, 0, "{out}{err}");
}

/// Every JSON written validates against the shipped schema, in process and with an independent
/// reading of its members; a broken copy is caught with its JSON pointer.
#[test]
fn every_report_written_validates_and_a_broken_one_is_caught() {
    let dir = temp_dir("schema");
    write_reports(&dir, "json");
    for s in SAMPLES_2026 {
        let text = std::fs::read_to_string(dir.join(format!("{s}.json"))).unwrap();
        let mut doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(schema::check(&doc), vec![], "{s}");
        assert_eq!(doc["format"], "cbam-operator-report");
        assert_eq!(doc["kind"], "summary");
        // Every figure is a decimal string, never a JSON number.
        assert!(doc["goods"].as_array().unwrap().iter().all(|g| g["see_direct"].is_string()));
        // Broken: a number where a decimal string belongs, and a member only the full report has.
        doc["goods"][0]["see_direct"] = serde_json::json!(0.5);
        doc["processes"][0]["source_streams"] = serde_json::json!([]);
        let errors = schema::check(&doc);
        assert!(errors.iter().any(|e| e.pointer == "/goods/0/see_direct"), "{s}: {errors:?}");
        assert!(errors.iter().any(|e| e.pointer.starts_with("/processes/0")), "{s}: {errors:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The cement sample's report, checked against figures worked by hand: the SEFA of each good is
/// its column-A benchmark × the CBAM factor of 2026 (0.975, IR 2025/2620 and Directive 2003/87/EC
/// Art. 10a(1a)) × CSCF 1; the items the workbook cannot fill are listed as missing.
#[test]
fn the_cement_report_holds_the_hand_worked_sefa_and_names_what_is_missing() {
    let dir = temp_dir("cement");
    let (code, out, err) = cbam(&["operator-report", sample_2026("cement-integrated-cn").to_str().unwrap(), "-o", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("cement-integrated-cn.json")).unwrap()).unwrap();
    let sefa = |i: usize| d(doc["goods"][i]["sefa"]["value"].as_str().unwrap());
    // Clinker: benchmark 0.666 (column A, grey clinker) × 0.975.
    assert_eq!(sefa(0), d("0.666") * d("0.975"));
    assert_eq!(sefa(0), d("0.64935"));
    // CEM I 52.5: 0.95 t of own clinker per t × 0.666 = 0.6327; × 0.975 = 0.6168825.
    assert_eq!(sefa(1), d("0.6168825"));
    // P·O 42.5: 0.76 × 0.666 = 0.50616; × 0.975 = 0.493506.
    assert_eq!(sefa(2), d("0.493506"));
    assert_eq!(doc["goods"][2]["sefa"]["column"], "A");
    // Verified sample: the verifier's report is carried.
    assert!(doc["verification"]["report_reference"].is_string());
    // SEE as reported under IR 2025/2547: 5 decimals.
    assert_eq!(doc["goods"][0]["see_direct"], "0.82769");
    let missing: Vec<&str> = doc["missing"].as_array().unwrap().iter().map(|m| m["item"].as_str().unwrap()).collect();
    assert_eq!(doc["installation"]["registry_id"], "CN-EXAMPLE-000101");
    assert!(!missing.contains(&"1.2-2(b)"), "the sample gives its Registry identifier");
    // The sample says no CO2 is captured: item 10 is answered, nothing transferred.
    assert_eq!(doc["co2_transfer"]["capture_used"], false);
    assert!(!missing.contains(&"1.2-10"), "{missing:?}");
    assert!(missing.contains(&"1.2-9"), "1.2-9 not listed missing: {missing:?}");
    let na: Vec<&str> = doc["items_not_applicable"].as_array().unwrap().iter().map(|m| m["item"].as_str().unwrap()).collect();
    // No electricity produced, no precursor at default values, none bought.
    for item in ["1.2-4(d)", "1.2-11", "1.2-12", "1.2-16"] {
        assert!(na.contains(&item), "{item} not listed not applicable: {na:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The PDF as a verifier reads it: every item number of point 1.2, the SEE `cbam compute` prints,
/// the digest on every page; an unverified report says so on every page; the same input gives
/// the same bytes; `cbam verify` passes on it and refuses a tampered copy.
#[test]
fn the_pdf_carries_every_item_and_figure_and_verifies() {
    let dir = temp_dir("pdf");
    write_reports(&dir, "both");
    for s in SAMPLES_2026 {
        let pdf = dir.join(format!("{s}.pdf"));
        let pages = pdftotext(&pdf);
        let text = pages.join("\n");
        for n in 1..=16 {
            assert!(text.contains(&format!("1.2-{n} ")) || text.contains(&format!("1.2-{n}\n")), "{s}: item 1.2-{n} not in the PDF");
        }
        // The SEE `cbam compute` prints: its exact figures rounded to the 5 decimals it shows.
        for (cn, key, shown) in shown_see(&computed(s)) {
            assert!(text.contains(&shown), "{s}: {key} {shown} of {cn} not in the PDF");
        }
        let report: Value = serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{s}.json"))).unwrap()).unwrap();
        let digest = {
            use sha2::Digest;
            let bytes = std::fs::read(dir.join(format!("{s}.json"))).unwrap();
            sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>()
        };
        for (i, p) in pages.iter().enumerate() {
            assert!(p.contains(&digest), "{s}: page {} lacks the digest of the JSON written beside it", i + 1);
            if report["verification"].is_null() {
                assert!(p.contains("NOT VERIFIED"), "{s}: page {} of an unverified report does not say so", i + 1);
            } else {
                assert!(!p.contains("NOT VERIFIED"), "{s}: page {}", i + 1);
            }
        }
        let (code, out, err) = cbam(&["verify", pdf.to_str().unwrap(), sample_2026(s).to_str().unwrap()]);
        assert_eq!(code, 0, "{s}: {out}{err}");
        assert!(out.contains("every figure agrees"), "{out}");
    }
    // Rendered again: the same bytes.
    let again = temp_dir("pdf-again");
    write_reports(&again, "pdf");
    for s in SAMPLES_2026 {
        assert!(std::fs::read(dir.join(format!("{s}.pdf"))).unwrap() == std::fs::read(again.join(format!("{s}.pdf"))).unwrap(), "{s}: two renders differ");
    }
    // Tampered: one figure of the attached data changed (the PDF is otherwise intact).
    let pdf = std::fs::read(dir.join("cement-integrated-cn.pdf")).unwrap();
    let bad = dir.join("tampered.pdf");
    std::fs::write(&bad, flip_in_attachment(&pdf)).unwrap();
    let (code, out, err) = cbam(&["verify", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("NOT verified") && err.contains("SHA-256"), "{err}");
    // The verifier names the other installation's figures when given the wrong source.
    let (code, _, err) = cbam(&["verify", dir.join("cement-integrated-cn.pdf").to_str().unwrap(), sample_2026("aluminium-smelter-hydro-cn").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("installation.name"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&again);
}

/// One byte flipped in the middle of the PDF's embedded file stream.
fn flip_in_attachment(pdf: &[u8]) -> Vec<u8> {
    let find = |hay: &[u8], needle: &[u8], from: usize| hay[from..].windows(needle.len()).position(|w| w == needle).map(|i| i + from);
    let ty = find(pdf, b"/EmbeddedFile", 0).expect("an embedded file");
    let mut start = find(pdf, b"stream", ty).unwrap() + b"stream".len();
    while pdf[start] == b'\r' || pdf[start] == b'\n' {
        start += 1;
    }
    let end = find(pdf, b"endstream", start).unwrap();
    let mut out = pdf.to_vec();
    out[start + (end - start) / 2] ^= 1;
    out
}

/// An importer's declaration from a directory of the suppliers' report PDFs (or JSON files) equals
/// the one from their workbooks, but for the files named; a tampered PDF and a statement are
/// refused, naming the file, and nothing is written.
#[test]
fn a_declaration_from_report_pdfs_equals_the_one_from_workbooks() {
    let pdfs = temp_dir("decl-pdf");
    let jsons = temp_dir("decl-json");
    write_reports(&pdfs, "pdf");
    write_reports(&jsons, "json");
    let run = |suppliers: &Path| {
        let (code, out, err) = declaration(suppliers, &["--format", "json"]);
        assert_eq!(code, 0, "{err}");
        out
    };
    let from_workbooks = run(&root().join("samples/2026"));
    let neutral = |s: String| s.replace(".xlsx\"", "\"").replace(".pdf\"", "\"").replace(".json\"", "\"");
    let from_pdfs = run(&pdfs);
    assert_eq!(neutral(from_pdfs.clone()), neutral(from_workbooks.clone()));
    assert_ne!(from_pdfs, from_workbooks, "the supplier files are named as they are");
    assert_eq!(neutral(run(&jsons)), neutral(from_workbooks));

    let bad = temp_dir("decl-bad");
    for s in SAMPLES_2026 {
        std::fs::copy(pdfs.join(format!("{s}.pdf")), bad.join(format!("{s}.pdf"))).unwrap();
    }
    let pdf = std::fs::read(pdfs.join("cement-integrated-cn.pdf")).unwrap();
    std::fs::write(bad.join("cement-integrated-cn.pdf"), flip_in_attachment(&pdf)).unwrap();
    let out_file = bad.join("worksheet.json");
    let (code, out, err) = declaration(&bad, &["--format", "json", "-o", out_file.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("cement-integrated-cn.pdf") && err.contains("refused") && err.contains("digest"), "{err}");
    assert!(!out_file.exists(), "nothing is written");
    for d in [pdfs, jsons, bad] {
        let _ = std::fs::remove_dir_all(d);
    }
}

/// A transitional period has no operator's report of Annex IV, summary or full: refused with the
/// rules it falls under, nothing written.
#[test]
fn a_transitional_period_is_refused() {
    let dir = temp_dir("refused");
    let out_dir = dir.join("out");
    let (code, _, err) = cbam(&["operator-report", "samples/cement-integrated-cn.xlsx", "-o", out_dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("2023/1773") && err.contains("cbam statement"), "{err}");
    assert!(!out_dir.exists(), "nothing is written");
    let (code, _, err) = cbam(&["operator-report", "samples/cement-integrated-cn.xlsx", "-o", out_dir.to_str().unwrap(), "--full"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("2023/1773"), "{err}");
    assert!(!out_dir.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Supplier data made under the transitional rules cannot serve a 2026 declaration: each line it
/// would fill is an error naming the rules, exit 1, nothing written.
#[test]
fn a_transitional_supplier_file_is_an_error_in_a_2026_declaration() {
    let dir = temp_dir("decl-transitional");
    let out_file = dir.join("worksheet.json");
    // samples/ holds the installations' 2025 workbooks, under the same installation ids.
    let (code, out, err) = declaration(&root().join("samples"), &["-o", out_file.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let line = err.lines().find(|l| l.starts_with("error[declaration.supplier_transitional]")).unwrap_or_else(|| panic!("{err}"));
    assert!(line.contains("cement-integrated-cn.xlsx") && line.contains("IR 2023/1773"), "{line}");
    assert!(!out_file.exists(), "nothing is written");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A transitional quarterly report cannot be filled from an operator's report of the definitive
/// period: the line it would fill is an error naming the file, and no XML is written.
#[test]
fn a_quarterly_report_refuses_a_supplier_known_only_from_an_operator_report() {
    let dir = temp_dir("qreport");
    let suppliers = dir.join("suppliers");
    let (code, out, err) =
        cbam(&["operator-report", sample_2026("cement-integrated-cn").to_str().unwrap(), "-o", suppliers.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let xml = dir.join("report.xml");
    let (code, out, err) = sample_qreport(&suppliers, &xml);
    assert_eq!(code, 1, "{out}{err}");
    let line = err.lines().find(|l| l.starts_with("error[report.supplier_reported]")).unwrap_or_else(|| panic!("{err}"));
    assert!(line.contains("cement-integrated-cn.json"), "{line}");
    assert!(!xml.exists(), "nothing is written");
    let _ = std::fs::remove_dir_all(&dir);
}

/// What `cbam compute --format json` prints for the 2026 sample `s`.
fn computed(s: &str) -> Value {
    let (code, json, err) = cbam(&["compute", sample_2026(s).to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&json).unwrap()
}

/// The SEE of `computed` (the JSON of `cbam compute`), as a report shows them: (CN code, key,
/// the exact figure rounded half away from zero to 5 decimals). Aluminium goods count direct
/// emissions only: their indirect SEE is shown as n/a, so it is left out.
fn shown_see(computed: &Value) -> Vec<(String, &'static str, String)> {
    let mut out = Vec::new();
    for g in computed["goods"].as_array().unwrap() {
        let keys: &[&'static str] = if g["category"].as_str().unwrap().contains("aluminium") { &["see_direct"] } else { &["see_direct", "see_indirect"] };
        for key in keys {
            let shown = d(g[*key].as_str().unwrap()).round_dp_with_strategy(5, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            out.push((g["cn_code"].as_str().unwrap().to_string(), *key, format!("{shown:.5}")));
        }
    }
    assert!(!out.is_empty(), "no goods");
    out
}

/// The values a pointer of the coverage table (`/processes/*/source_streams`) reaches in a report.
fn reach<'a>(doc: &'a Value, pointer: &str) -> Vec<&'a Value> {
    let mut at = vec![doc];
    for token in pointer.trim_start_matches('/').split('/') {
        at = at
            .into_iter()
            .flat_map(|v| match (token, v) {
                ("*", Value::Array(items)) => items.iter().collect::<Vec<_>>(),
                (_, Value::Object(m)) => m.get(token).into_iter().collect(),
                _ => Vec::new(),
            })
            .collect();
    }
    at
}

/// Whether the report says why item `id` has no value: listed in `missing` or
/// `items_not_applicable`, itself or as its whole item (`1.1-4` for `1.1-4(a)`).
fn explained(doc: &Value, id: &str) -> bool {
    let base = id.split('(').next().unwrap();
    ["missing", "items_not_applicable"].iter().any(|list| doc[list].as_array().unwrap().iter().any(|x| x["item"] == id || x["item"] == base))
}

/// The full report (`--full`, Annex IV point 1.1, for the verifier): every file validates against
/// the schema as a `full` report; every item of point 1.1 in docs/operator-report.md either has a
/// value at its member or is listed missing or not applicable, so the table and the writer agree;
/// the PDF carries every item number of both points, the SEE `cbam compute` prints and the figures
/// only the full report has (a stream's fossil CO2, the process's attributed emissions), is the same
/// bytes when rendered again, and `cbam verify` checks it against its workbook.
#[test]
fn the_full_report_fills_or_explains_every_item_of_point_1_1_and_verifies() {
    let dir = temp_dir("full");
    write_reports_with(&dir, "both", &["--full"]);
    let rows = rows();
    for s in SAMPLES_2026 {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{s}.json"))).unwrap()).unwrap();
        assert_eq!(schema::check(&doc), vec![], "{s}");
        assert_eq!(doc["kind"], "full");
        for r in rows.iter().filter(|r| r.item.starts_with("1.1-")) {
            let values = reach(&doc, &r.pointer);
            let filled = values.iter().any(|v| !v.is_null());
            assert!(filled || explained(&doc, &r.item), "{s}: item {} ({}) has no value and the report does not say why", r.item, r.pointer);
        }
        // An item marked missing in the table, with no member filled, is listed in the report.
        assert!(explained(&doc, "1.1-16(e)") && doc["data_gaps"].is_null(), "{s}");

        let pdf = dir.join(format!("{s}.pdf"));
        let text = pdftotext(&pdf).join("\n");
        for n in 1..=35 {
            assert!(text.contains(&format!("1.1-{n} ")) || text.contains(&format!("1.1-{n}\n")), "{s}: item 1.1-{n} not in the PDF");
        }
        for n in 1..=16 {
            assert!(text.contains(&format!("1.2-{n} ")) || text.contains(&format!("1.2-{n}\n")), "{s}: item 1.2-{n} not in the PDF");
        }
        let computed = computed(s);
        for (cn, _, shown) in shown_see(&computed).into_iter().filter(|(_, key, _)| *key == "see_direct") {
            assert!(text.contains(&shown), "{s}: SEE {shown} of {cn} not in the PDF");
        }
        // A figure only the full report has, as the PDF prints it (thousands separated, whole t).
        let grouped = |d: Decimal| {
            let digits = d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero).abs().to_string();
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(c);
            }
            out
        };
        for p in computed["processes"].as_array().unwrap() {
            let attributed = grouped(d(p["attributed_direct_t"].as_str().unwrap()));
            assert!(text.contains(&attributed), "{s}: attributed direct emissions {attributed} of {} not in the PDF", p["id"]);
            for st in p["streams"].as_array().unwrap() {
                let fossil = grouped(d(st["fossil_t"].as_str().unwrap()));
                assert!(text.contains(&fossil), "{s}: fossil CO2 {fossil} of {} not in the PDF", st["name"]);
            }
        }
        let (code, out, err) = cbam(&["verify", pdf.to_str().unwrap(), sample_2026(s).to_str().unwrap()]);
        assert_eq!(code, 0, "{s}: {out}{err}");
        assert!(out.contains("(full report)") && out.contains("every figure agrees"), "{out}");
    }
    let again = temp_dir("full-again");
    write_reports_with(&again, "pdf", &["--full"]);
    for s in SAMPLES_2026 {
        assert!(std::fs::read(dir.join(format!("{s}.pdf"))).unwrap() == std::fs::read(again.join(format!("{s}.pdf"))).unwrap(), "{s}: two renders differ");
    }
    // An importer reads a full report as it reads a summary.
    let (code, from_full, err) = declaration(&again, &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let (code, from_workbooks, err) = declaration(&root().join("samples/2026"), &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let neutral = |s: String| s.replace(".xlsx\"", "\"").replace(".pdf\"", "\"").replace(".json\"", "\"");
    assert_eq!(neutral(from_full), neutral(from_workbooks));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&again);
}
