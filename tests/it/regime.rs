//! The regime seen from the commands: `cbam cost` and `cbam declaration` assess the definitive
//! obligation through one function, so they must agree on every cement and aluminium CN code and
//! benchmark route; the 2026 samples compute under IR 2025/2547 and say so.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use cbam::format::imports::IMPORTS as IMPORTS_SHEET;
use cbam::model::{CnCode, Dec};
use cbam::tidy_row;
use chrono::NaiveDate;
use serde_json::Value;

use crate::imports_base;
use crate::run::{cbam_in, root};

fn dec(v: &Value) -> Dec {
    Dec::from_str(v.as_str().unwrap_or_else(|| panic!("not a decimal string: {v}"))).unwrap()
}

/// Every (CN code, route letter, variant) the benchmark table distinguishes for cement and
/// aluminium, for goods of Chinese origin at default values. Variants go with the cement routes
/// (A grey, B white); aluminous cement's (1)/(2) and aluminium's (K)/(L) are routes alone.
fn cases() -> Vec<(String, Option<String>, Option<&'static str>)> {
    let mut out = Vec::new();
    for b in cbam::tables::benchmarks::Benchmarks::embedded().iter() {
        if CnCode::parse(&b.cn_code).is_err() {
            continue;
        }
        let route = b.route().map(|r| r.code().trim_matches(|c| c == '(' || c == ')').to_string());
        let variant = match route.as_deref() {
            Some("A") => Some("grey"),
            Some("B") => Some("white"),
            _ => None,
        };
        let case = (b.cn_code.clone(), route, variant);
        if !out.contains(&case) {
            out.push(case);
        }
    }
    out
}

fn imports(dir: &Path, lines: &[(&str, Option<&str>, Option<&str>)]) {
    let dated: Vec<_> = lines.iter().map(|(cn, v, i)| (*cn, *v, *i, NaiveDate::from_ymd_opt(2026, 5, 4).unwrap())).collect();
    imports_on(dir, &dated);
}

/// Customs lines of 100 t each: CN code, variant, installation, release date.
fn imports_on(dir: &Path, lines: &[(&str, Option<&str>, Option<&str>, NaiveDate)]) {
    let mut wb = imports_base::declarant();
    for (i, (cn, variant, installation, date)) in lines.iter().enumerate() {
        let mut row = tidy_row![
            "declaration" => format!("26DE{i:07} item 1"),
            "release_date" => *date,
            "cn_code" => *cn,
            "origin_country" => "CN",
            "net_mass" => 100.0,
            "requested_procedure" => "40",
            "import_area" => "EU",
        ];
        if let Some(v) = variant {
            row.extend(tidy_row!["variant" => *v]);
        }
        if let Some(inst) = installation {
            row.extend(tidy_row!["installation" => *inst]);
        }
        wb.row(IMPORTS_SHEET, row);
    }
    wb.save(&dir.join("imports.xlsx")).unwrap();
}

/// SEE used, free allocation adjustment and certificates, per tonne of good.
type PerTonne = (Dec, Dec, Dec);

/// The figures per tonne of each (CN code, installation) entry of a declaration in JSON.
fn declared(json: &str) -> BTreeMap<(String, Option<String>), PerTonne> {
    let v: Value = serde_json::from_str(json).unwrap();
    let mut out = BTreeMap::new();
    for e in v["entries"].as_array().unwrap() {
        let m = dec(&e["mass_t"]);
        let per_t = (dec(&e["see_used"]), dec(&e["faa_t"]) / m, dec(&e["certificates"]) / m);
        let key = (e["cn_code"].as_str().unwrap().to_string(), e["installation"].as_str().map(str::to_string));
        assert!(out.insert(key.clone(), per_t).is_none(), "{key:?} twice");
    }
    out
}

fn cost_per_t(dir: &Path, cn: &str, variant: Option<&str>, route: Option<&str>, workbook: Option<&str>) -> PerTonne {
    let mut args = vec![
        "cost",
        "--intensity",
        "1",
        "--cn-price",
        "60",
        "--eu-price",
        "75.36",
        "--eur-cny",
        "7.8",
        "--revenue",
        "1000",
        "--production-cost",
        "500",
        "--cn-code",
        cn,
        "--years",
        "2026",
        "--format",
        "json",
    ];
    if let Some(v) = variant {
        args.extend(["--variant", v]);
    }
    if let Some(r) = route {
        args.extend(["--route", r]);
    }
    if let Some(w) = workbook {
        args.extend(["--workbook", w]);
    }
    let (code, stdout, stderr) = cbam_in(dir, &args);
    assert_eq!(code, 0, "cbam {}: {stderr}", args.join(" "));
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let y = &v["definitive"]["years"][0];
    (dec(&y["see_used"]), dec(&y["faa_t"]), dec(&y["certificates"]))
}

#[test]
fn cost_and_declaration_agree_on_every_code_and_route() {
    let dir = std::env::temp_dir().join(format!("cbam-it-regime-agree-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("suppliers")).unwrap();
    let cases = cases();
    // Cement A/B, aluminous cement 1/2, aluminium K/L: at least 30 code-route pairs.
    assert!(cases.len() >= 30, "{cases:?}");
    let mut compared = 0;
    // One declaration per route rank: a CN code takes one --benchmark-route per run.
    for rank in 0..2 {
        let mut lines = Vec::new();
        let mut routes = Vec::new();
        let mut chosen = Vec::new();
        for cn in cases.iter().map(|c| &c.0).collect::<std::collections::BTreeSet<_>>() {
            let of_code: Vec<_> = cases.iter().filter(|c| &c.0 == cn).collect();
            let Some((cn, route, variant)) = of_code.get(rank).copied() else { continue };
            lines.push((cn.as_str(), *variant, None));
            if let Some(r) = route {
                routes.push(format!("{cn}={r}"));
            }
            chosen.push((cn.clone(), route.clone(), *variant));
        }
        imports(&dir, &lines);
        let mut args =
            vec!["declaration", "--imports", "imports.xlsx", "--suppliers", "suppliers", "--year", "2026", "--cbam-price", "75.36", "--format", "json"];
        for r in &routes {
            args.extend(["--benchmark-route", r.as_str()]);
        }
        let (code, stdout, stderr) = cbam_in(&dir, &args);
        assert_eq!(code, 0, "{stderr}");
        let got = declared(&stdout);
        for (cn, route, variant) in chosen {
            let per_t = cost_per_t(&dir, &cn, variant, route.as_deref(), None);
            let decl = got.get(&(cn.clone(), None)).unwrap_or_else(|| panic!("{cn} missing in the declaration"));
            assert_eq!(per_t, *decl, "{cn} route {route:?} {variant:?}: cost {per_t:?}, declaration {decl:?}");
            // Every case has a default value and a benchmark: nothing is vacuous.
            assert!(per_t.0 > Dec::ZERO && per_t.1 > Dec::ZERO, "{cn} {route:?}: {per_t:?}");
            compared += 1;
        }
    }
    assert_eq!(compared, cases.len());
    // Three of them by hand (China, 2026: mark-up 10 %, CBAM factor 0.975, CSCF 1):
    // grey Portland cement 2523 29 00: SEE* 1.42 × 1.1 = 1.562; FAA 0.666 × 0.975 = 0.64935;
    //   certificates 0.91265 per tonne;
    // grey clinker 2523 10 00 (route A): 1.39 × 1.1 = 1.529; FAA 0.64935; 0.87965;
    // unwrought aluminium 7601 10 90 (route K): 3.000 × 1.1 = 3.3; FAA 1.423 × 0.975 = 1.387425;
    //   1.912575.
    let d = |s: &str| Dec::from_str(s).unwrap();
    assert_eq!(cost_per_t(&dir, "25232900", None, None, None), (d("1.562"), d("0.64935"), d("0.91265")));
    assert_eq!(cost_per_t(&dir, "25231000", Some("grey"), Some("A"), None), (d("1.529"), d("0.64935"), d("0.87965")));
    assert_eq!(cost_per_t(&dir, "76011090", None, Some("K"), None), (d("3.3"), d("1.387425"), d("1.912575")));
    // Actual values: the coal smelter of 2026 (route K from its primary smelting) and the
    // cement plant (clinker grey A): the same per tonne through both commands.
    for s in ["aluminium-smelter-coal-cn.xlsx", "cement-integrated-cn.xlsx"] {
        std::fs::copy(root().join("samples/2026").join(s), dir.join("suppliers").join(s)).unwrap();
    }
    imports(&dir, &[("76011090", None, Some("BHA-LK-01")), ("25231000", Some("grey"), Some("JNC-WH-01"))]);
    let (code, stdout, stderr) =
        cbam_in(&dir, &["declaration", "--imports", "imports.xlsx", "--suppliers", "suppliers", "--year", "2026", "--cbam-price", "75.36", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let got = declared(&stdout);
    let smelter = cost_per_t(&dir, "76011090", None, None, Some("suppliers/aluminium-smelter-coal-cn.xlsx"));
    assert_eq!(Some(&smelter), got.get(&("76011090".into(), Some("BHA-LK-01".into()))));
    let clinker = cost_per_t(&dir, "25231000", Some("grey"), None, Some("suppliers/cement-integrated-cn.xlsx"));
    assert_eq!(Some(&clinker), got.get(&("25231000".into(), Some("JNC-WH-01".into()))));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_commands_of_the_report_exit_as_they_should() {
    // The benchmark look-up the declaration gets right, through cost: route K from the workbook.
    let (code, stdout, stderr) = cbam_in(
        &root(),
        &[
            "cost",
            "--intensity",
            "13",
            "--cn-code",
            "76011000",
            "--workbook",
            "samples/aluminium-smelter-coal-cn.xlsx",
            "--cn-price",
            "60",
            "--eu-price",
            "80",
            "--eur-cny",
            "8",
            "--revenue",
            "24000",
            "--production-cost",
            "11000",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Definitive rules for 76011000"), "{stdout}");
    // An intensity beyond exact arithmetic: exit 1 with a message, no panic.
    let (code, _, stderr) = cbam_in(
        &root(),
        &[
            "cost",
            "--intensity",
            "79000000000000000000000000000",
            "--cn-price",
            "60",
            "--eu-price",
            "80",
            "--eur-cny",
            "8",
            "--revenue",
            "400",
            "--production-cost",
            "187",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[input.overflow]") && !stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_2026_samples_compute_under_the_definitive_methodology() {
    for s in ["cement-integrated-cn", "aluminium-smelter-coal-cn", "aluminium-smelter-hydro-cn", "aluminium-extrusion-cn"] {
        let path = format!("samples/2026/{s}.xlsx");
        let (code, stdout, stderr) = cbam_in(&root(), &["compute", &path]);
        assert_eq!(code, 0, "{s}: {stderr}");
        assert!(stdout.contains("methodology IR 2025/2547 (reporting period starting 2026-01-01)"), "{s}: {stdout}");
        assert!(stdout.contains("SEE with 5 decimals"), "{s}");
        insta::assert_snapshot!(format!("compute_2026_{s}"), stdout);
        let (code, json, _) = cbam_in(&root(), &["compute", &path, "--format", "json"]);
        assert_eq!(code, 0);
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["regime"]["methodology"], "2025/2547");
        assert_eq!(v["regime"]["rounding"]["see_decimals"], 5);
        for g in v["goods"].as_array().unwrap() {
            // The reported figure is the exact one rounded half away from zero to 5 decimals.
            let exact = dec(&g["see_total"]);
            let reported = dec(&g["reported"]["see_total"]);
            assert_eq!(reported, exact.round_dp_with_strategy(5, rust_decimal::RoundingStrategy::MidpointAwayFromZero), "{s}");
            assert!(g["obligation"]["why"].as_str().unwrap().contains("count"));
        }
        for p in v["processes"].as_array().unwrap() {
            let reported = p["reported"]["attributed_direct_t"].as_str().unwrap();
            assert!(!reported.contains('.'), "{s}: whole tonnes, found {reported}");
        }
    }
}

#[test]
fn certificates_are_priced_by_the_quarter_of_import() {
    // Grey Portland cement of China at default values, 100 t in each of Q1, Q3 and Q4 2026:
    // certificates 100 × (1.42 × 1.1 − 0.666 × 0.975) = 100 × 0.91265 = 91.265 per quarter;
    // Q1 at EUR 75.36 → 6,877.7304; Q3 at 82.32 → 7,512.9348 (shipped prices);
    // Q4 has no published price: an error naming it, until --price 2026Q4=79.10 → 7,219.0615.
    let dir = std::env::temp_dir().join(format!("cbam-it-regime-quarters-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("suppliers")).unwrap();
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    imports_on(&dir, &[("25232900", None, None, day(2, 10)), ("25232900", None, None, day(8, 31)), ("25232900", None, None, day(12, 1))]);
    let base = ["declaration", "--imports", "imports.xlsx", "--suppliers", "suppliers", "--year", "2026", "--format", "json"];
    let (code, _, stderr) = cbam_in(&dir, &base);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[declaration.no_price]") && stderr.contains("2026Q4") && stderr.contains("--price 2026Q4=EUR"), "{stderr}");
    let mut args = base.to_vec();
    args.extend(["--price", "2026Q4=79.10"]);
    let (code, stdout, stderr) = cbam_in(&dir, &args);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let costs: Vec<(u64, Dec, Dec)> =
        v["entries"].as_array().unwrap().iter().map(|e| (e["quarter"].as_u64().unwrap(), dec(&e["certificates"]), dec(&e["cost_eur"]))).collect();
    let d = |s: &str| Dec::from_str(s).unwrap();
    assert_eq!(costs, [(1, d("91.265"), d("6877.7304")), (3, d("91.265"), d("7512.9348")), (4, d("91.265"), d("7219.0615"))]);
    assert_eq!(dec(&v["totals"]["cost_eur"]), d("21609.7267"));
    // The XML of the same worksheet is valid against the project's schema, in process and by xmllint.
    args.extend(["--format", "xml", "-o", "worksheet.xml"]);
    let args: Vec<&str> = args.iter().copied().filter(|a| *a != "json").collect();
    let args: Vec<&str> = args.into_iter().enumerate().filter(|(i, a)| !(*a == "--format" && *i < 9)).map(|(_, a)| a).collect();
    let (code, _, stderr) = cbam_in(&dir, &args);
    assert_eq!(code, 0, "{stderr}");
    let xml = std::fs::read(dir.join("worksheet.xml")).unwrap();
    assert!(cbam::declaration::xml::validate(&xml).unwrap().is_empty());
    assert!(String::from_utf8_lossy(&xml).contains("<Quarter>4</Quarter>"));
    std::fs::remove_dir_all(&dir).unwrap();
}
