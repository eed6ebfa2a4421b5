//! Real invocations of the `cbam` binary: stdout, stderr and exit code snapshotted.

use crate::run::{cbam_in, root, temp_dir};
use std::path::Path;

fn transcript(args: &[&str], cwd: &Path) -> String {
    let (code, stdout, stderr) = cbam_in(cwd, args);
    format!("$ cbam {}\nexit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}", args.join(" "))
}

#[test]
fn help_teaches() {
    insta::assert_snapshot!("help", transcript(&["--help"], &root()));
    insta::assert_snapshot!("compute_help", transcript(&["compute", "--help"], &root()));
    insta::assert_snapshot!("init_help", transcript(&["init", "--help"], &root()));
    insta::assert_snapshot!("template_fill_help", transcript(&["template", "fill", "--help"], &root()));
}

#[test]
fn compute_every_sample() {
    for s in ["cement-integrated-cn", "aluminium-smelter-coal-cn", "aluminium-smelter-hydro-cn", "aluminium-extrusion-cn", "ec-example-1-cement"] {
        let file = format!("samples/{s}.xlsx");
        let (code, _, _) = cbam_in(&root(), &["compute", &file]);
        assert_eq!(code, 0, "{file}");
        insta::assert_snapshot!(format!("compute_{s}"), transcript(&["compute", &file], &root()));
    }
    insta::assert_snapshot!("compute_json_ec_example", transcript(&["compute", "samples/ec-example-1-cement.xlsx", "--format", "json"], &root()));
    insta::assert_snapshot!("compute_year_2026", transcript(&["compute", "samples/aluminium-smelter-hydro-cn.xlsx", "--year", "2026"], &root()));
}

#[test]
fn init_writes_a_workbook_that_then_asks_for_data() {
    let dir = temp_dir("init");
    let (code, stdout, stderr) = cbam_in(&dir, &["init", "plant.xlsx"]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(dir.join("plant.xlsx").is_file());
    // Refuses to overwrite without --force.
    insta::assert_snapshot!("init_exists", transcript(&["init", "plant.xlsx"], &dir));
    assert_eq!(cbam_in(&dir, &["init", "plant.xlsx", "--force"]).0, 0);
    // A blank workbook is not an installation yet: every missing piece is named.
    insta::assert_snapshot!("compute_blank", transcript(&["compute", "plant.xlsx"], &dir));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_and_file_errors_exit_2() {
    let dir = temp_dir("io");
    insta::assert_snapshot!("compute_missing_file", transcript(&["compute", "no-such.xlsx"], &dir));
    insta::assert_snapshot!("compute_bad_year", transcript(&["compute", "x.xlsx", "--year", "1999"], &dir));
    assert_eq!(cbam_in(&dir, &["compute", "no-such.xlsx"]).0, 2);
    assert_eq!(cbam_in(&dir, &["frobnicate"]).0, 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cost_gross_and_definitive_views() {
    let gross = ["cost", "--intensity", "0.8", "--cn-price", "60", "--eu-price", "80", "--eur-cny", "8", "--revenue", "400", "--production-cost", "187"];
    insta::assert_snapshot!("cost_gross", transcript(&gross, &root()));
    // The JSON keys of the gross model are the paper's symbols; figures by hand in
    // src/compute/exposure.rs: 48, 235, 165, 512, 699, -299.
    let mut json = gross.to_vec();
    json.extend(["--format", "json"]);
    let (code, stdout, _) = cbam_in(&root(), &json);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for (k, want) in [("c_carbon", "48"), ("c_total", "235"), ("profit", "165"), ("c_carbon_cbam", "512"), ("c_total_cbam", "699"), ("profit_cbam", "-299")] {
        assert_eq!(v[k].as_str().unwrap().parse::<f64>().unwrap(), want.parse::<f64>().unwrap(), "{k}");
    }
    let cement = [
        "cost",
        "--intensity",
        "1.42",
        "--cn-price",
        "60",
        "--eu-price",
        "75.36",
        "--eur-cny",
        "7.8",
        "--revenue",
        "400",
        "--production-cost",
        "187",
        "--cn-code",
        "25232900",
        "--years",
        "2026-2030",
    ];
    insta::assert_snapshot!("cost_cement_default", transcript(&cement, &root()));
    let aluminium = [
        "cost",
        "--intensity",
        "3",
        "--cn-price",
        "60",
        "--eu-price",
        "75.36",
        "--eur-cny",
        "7.8",
        "--revenue",
        "19000",
        "--production-cost",
        "16500",
        "--cn-code",
        "76011090",
        "--years",
        "2026-2034",
    ];
    insta::assert_snapshot!("cost_aluminium_default", transcript(&aluminium, &root()));
    // Bad inputs: a negative price, a year outside the definitive period's tables, a CN code
    // whose benchmark needs a route.
    let bad_price = ["cost", "--intensity", "0.8", "--cn-price", "-60", "--eu-price", "80", "--eur-cny", "8", "--revenue", "400", "--production-cost", "187"];
    insta::assert_snapshot!("cost_negative_price", transcript(&bad_price, &root()));
    let mut bad_year = gross.to_vec();
    bad_year.extend(["--cn-code", "25232900", "--years", "2025-2027"]);
    insta::assert_snapshot!("cost_bad_year", transcript(&bad_year, &root()));
    let mut clinker = gross.to_vec();
    clinker.extend(["--cn-code", "25231000"]);
    insta::assert_snapshot!("cost_needs_variant", transcript(&clinker, &root()));
}

/// `cbam --lang zh`: each diagnostic's sentence from the Chinese catalog, the English message of
/// the same run as its detail; code, location, order and exit code as in English.
#[test]
fn lang_zh_prints_the_catalogs_sentence_and_the_english_detail() {
    let catalog: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(root().join("src/format/diagnostics-zh.json")).unwrap()).unwrap();
    for fixture in ["tests/fixtures/bad/01-text-in-number.xlsx", "tests/fixtures/bad/40-several-problems.xlsx"] {
        let (en_code, en_out, en_err) = cbam_in(&root(), &["compute", fixture]);
        let (zh_code, zh_out, zh_err) = cbam_in(&root(), &["--lang", "zh", "compute", fixture]);
        assert_eq!((zh_code, zh_out.as_str()), (en_code, en_out.as_str()), "{fixture}");
        let en_lines: Vec<&str> = en_err.lines().filter(|l| l.starts_with("error[") || l.starts_with("warning[")).collect();
        assert!(!en_lines.is_empty(), "{fixture}: {en_err}");
        let zh_lines: Vec<&str> = zh_err.lines().collect();
        let mut at = 0;
        for line in &en_lines {
            // "error[code]: location: message"
            let (head, rest) = line.split_once("]: ").unwrap();
            let (sev, code) = head.split_once('[').unwrap();
            let (location, message) = rest.split_once(": ").unwrap();
            let sev_zh = if sev == "error" { "错误" } else { "警告" };
            let sentence = catalog.get(code).and_then(|v| v.as_str()).unwrap_or_else(|| panic!("{fixture}: the catalog lacks {code}"));
            let i = zh_lines[at..].iter().position(|l| l.starts_with(&format!("{sev_zh}[{code}]: "))).unwrap_or_else(|| panic!("{code} in {zh_err}"));
            assert_eq!(zh_lines[at + i], format!("{sev_zh}[{code}]: {location}: {sentence}"));
            assert_eq!(zh_lines[at + i + 1], format!("  详情: {message}"));
            at += i + 2;
        }
        let errors = en_lines.iter().filter(|l| l.starts_with("error[")).count();
        assert_eq!(zh_lines.last().copied(), Some(format!("{errors} 个错误，{} 个警告", en_lines.len() - errors).as_str()), "{zh_err}");
    }
}

/// `cbam --lang zh validate`: the same diagnostics by code and line as in English, the closing
/// line in Chinese with the same counts.
#[test]
fn lang_zh_validate_counts_as_english_does() {
    let file = "tests/fixtures/xml/bad-codes.xml";
    let (en_code, _, en_err) = cbam_in(&root(), &["validate", file]);
    let (zh_code, _, zh_err) = cbam_in(&root(), &["--lang", "zh", "validate", file]);
    assert_eq!(zh_code, en_code);
    let heads = |text: &str, sev: [&str; 2]| -> Vec<String> {
        text.lines()
            .filter_map(|l| {
                let (s, rest) = l.split_once('[')?;
                let (code, rest) = rest.split_once("]: ")?;
                let place = rest.split(": ").next()?;
                sev.contains(&s).then(|| format!("{}[{code}]: {place}", if s == sev[0] { "E" } else { "W" }))
            })
            .collect()
    };
    let en = heads(&en_err, ["error", "warning"]);
    assert!(!en.is_empty(), "{en_err}");
    assert_eq!(heads(&zh_err, ["错误", "警告"]), en);
    let errors = en.iter().filter(|h| h.starts_with('E')).count();
    assert_eq!(zh_err.lines().last(), Some(format!("{errors} 个错误，{} 个警告：{file} 不是有效的 QReport", en.len() - errors).as_str()), "{zh_err}");
}
