//! The Commission's Communication template as an input: the cement example computed from its
//! input cells against its own cached results, the blank v2.1.1, an aluminium v2.1.1 file checked
//! against figures worked out by hand (and against LibreOffice's evaluation of the template's own
//! formulas), `cbam inspect`, `--strict`, and the bad templates of `tests/fixtures/template/bad/`
//! through the real binary.
//!
//! The fixtures are made by `python3 tools/make_template_fixtures.py`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use cbam::model::Dec;
use cbam::read::template::data::Figure;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/template")
}

fn d(s: &str) -> Dec {
    s.parse().unwrap()
}

/// Runs `cbam args…` in an empty directory: (exit code, stdout, stderr, files left behind).
fn cbam(args: &[&str]) -> (i32, String, String, Vec<String>) {
    // Tests run in parallel and two may run the same command: each call gets its own directory.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let work = std::env::temp_dir().join(format!(
        "cbam-template-{}-{}-{}",
        std::process::id(),
        CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        args.join("_").replace(['/', '.'], "_").chars().rev().take(60).collect::<String>()
    ));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cbam")).args(args).current_dir(&work).env("COLUMNS", "100").output().expect("run cbam");
    let left: Vec<String> = fs::read_dir(&work).unwrap().filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
    let _ = fs::remove_dir_all(&work);
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&format!("{}/", dir().display()), "tests/fixtures/template/");
    (out.status.code().unwrap_or(-1), clean(&out.stdout), clean(&out.stderr), left)
}

/// The Commission's blank template v2.1.1, shipped in `templates/`.
fn blank() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/communication-template-v2.1.1-20241213.xlsx").display().to_string()
}

fn path(name: &str) -> String {
    dir().join(name).display().to_string()
}

/// Relative difference of two figures.
fn rel(a: Dec, b: Dec) -> Dec {
    let scale = a.abs().max(b.abs());
    if scale.is_zero() { Dec::ZERO } else { (a - b).abs() / scale }
}

/// Every cached figure of every good equals cbam's within `tol`, and there is at least one.
fn assert_cached_agree(file: &str, tol: Dec) -> (cbam::Loaded, cbam::compute::Results) {
    let (loaded, res, _) = cbam::compute_file(Path::new(&path(file)), cbam::regime::Choice::default()).unwrap_or_else(|e| panic!("{file}: {e:?}"));
    let t = loaded.template.as_ref().expect("a template");
    assert!(t.has_cached_results, "{file} should carry cached results");
    let mut checked = 0;
    for p in &t.products {
        let g = &res.goods[p.good.expect("a computed good")];
        for c in &p.cached {
            let ours = match c.figure {
                Figure::SeeDirect => g.see_direct,
                Figure::SeeIndirect => g.see_indirect,
                Figure::SeeTotal => g.see_total,
                Figure::EmbeddedElectricity => g.embedded_electricity,
            };
            assert!(rel(ours, c.value) <= tol, "{file} {}: {} cached {} vs cbam {ours}", c.cell, c.figure.label(), c.value);
            checked += 1;
        }
    }
    assert!(checked >= 4, "{file}: only {checked} cached figures");
    assert!(!loaded.warnings.iter().any(|w| w.code.as_str().starts_with("template.")), "{:?}", loaded.warnings);
    (loaded, res)
}

#[test]
fn cement_example_equals_its_own_cached_results() {
    let (loaded, res) = assert_cached_agree("example-1-cement.xlsx", d("0.000000001"));
    assert_eq!(loaded.template.as_ref().unwrap().version, "2.1");
    // DOMAIN §6: direct 1,037,310 t over 1,321,052.6316 t of cement, 193,864.4737 MWh × 0.833.
    let g = &res.goods[0];
    assert_eq!(g.cn_code.as_str(), "25232900");
    assert_eq!(res.processes[0].direct_emissions_t, d("1037310"));
    assert!(rel(g.see_direct, d("0.7852147410")) < d("1e-9"));
    assert!(rel(g.see_indirect, d("0.12224275")) < d("1e-9"));
    assert!(rel(g.embedded_electricity, d("0.14675")) < d("1e-9"));
    // The four source streams of B_EmInst give the installation's 1,037,310 t too:
    // 1,255,000 × 0.525 + 88,000 × 25 × 95 / 1000 + 25,000 × 20 × 83 / 1000 × 0.85 + 43,000 × 40 × 78 / 1000.
    assert_eq!(loaded.template.as_ref().unwrap().streams.len(), 4);
    assert_eq!(d("658875") + d("209000") + d("35275") + d("134160"), d("1037310"));
}

#[test]
fn blank_v2_1_1_is_recognised_and_has_no_production_data() {
    let (code, stdout, stderr, left) = cbam(&["compute", &blank()]);
    assert_eq!((code, stdout.as_str(), left.len()), (1, "", 0));
    assert!(stderr.contains("template.no_production") && stderr.contains("version 2.1.1"), "{stderr}");
    insta::assert_snapshot!("blank_v2_1_1", stderr);
}

/// The aluminium file, by hand (tCO2e, t, MWh):
/// - P1 Potline, 100,000 t primary aluminium: anodes 42,000 t × 0.97 tC/t × 3.664 = 149,271.36;
///   PFC (slope, CWPB) CF4 = 100,000 × 0.1 × 1.5 × 0.143 / 1000 = 2.145 t, C2F6 = 2.145 × 0.121
///   = 0.259545 t, CO2e = 2.145 × 6630 + 0.259545 × 11100 = 14,221.35 + 2,880.9495 = 17,102.2995;
///   DirEm* entered = 166,373.6595. Electricity 1,450,000 MWh × 0.5703 = 826,935.
/// - P2 Extrusion, 58,000 t of profiles: natural gas 2,000 × 35.9 / 1000 TJ × 56.1 = 4,027.98;
///   60,000 t from P1 and 2,000 t of purchased ingots (SEE direct 1.6, 15 MWh/t × 0.02).
#[test]
fn aluminium_v2_1_1_against_hand_calculation() {
    let (loaded, res) = assert_cached_agree("aluminium-v2.1.1.xlsx", d("0.000000001"));
    let t = loaded.template.as_ref().unwrap();
    assert_eq!(t.version, "2.1.1");
    assert_eq!(d("42000") * d("0.97") * d("3.664"), d("149271.36"));
    assert_eq!(d("2.145") * d("6630") + d("2.145") * d("0.121") * d("11100"), d("17102.2995"));
    // The installation's balance from B_EmInst: anodes + natural gas + PFC.
    assert_eq!(t.balance.direct_t, Some(d("149271.36") + d("4027.98") + d("17102.2995")));
    let (p1, p2) = (&res.goods[0], &res.goods[1]);
    assert_eq!((p1.cn_code.as_str(), p1.route.code()), ("76011000", "primary_smelting"));
    assert_eq!(p1.see_direct, d("166373.6595") / d("100000"));
    assert_eq!(p1.see_direct, d("1.663736595"));
    assert_eq!(p1.see_indirect, d("8.26935"));
    assert_eq!(p1.embedded_electricity, d("14.5"));
    assert_eq!((p2.cn_code.as_str(), p2.route.code()), ("76042100", "products"));
    // Direct: 4,027.98 + 60,000 × 1.663736595 + 2,000 × 1.6 = 4,027.98 + 99,824.1957 + 3,200.
    assert_eq!(p2.see_direct, d("107052.1757") / d("58000"));
    // Indirect: 23,200 × 0.5703 + 60,000 × 8.26935 + 2,000 × 0.3 = 13,230.96 + 496,161 + 600.
    assert_eq!(p2.see_indirect, d("509991.96") / d("58000"));
    // Electricity: 23,200 + 60,000 × 14.5 + 2,000 × 15 = 923,200 MWh.
    assert_eq!(p2.embedded_electricity, d("923200") / d("58000"));
    // From 2026 aluminium is charged on direct emissions only.
    let (_, res26, _) = cbam::compute_file(Path::new(&path("aluminium-v2.1.1.xlsx")), cbam::regime::Choice::year(Some(2026))).unwrap();
    assert_eq!(res26.goods[1].see_cbam, res26.goods[1].see_direct);
}

#[test]
fn inspect_shows_what_the_template_holds() {
    for (name, file) in [("inspect_cement", "example-1-cement.xlsx"), ("inspect_aluminium", "aluminium-v2.1.1.xlsx")] {
        let (code, stdout, stderr, _) = cbam(&["inspect", &path(file)]);
        assert_eq!(code, 0, "{stderr}");
        insta::assert_snapshot!(name, format!("{stdout}--- stderr\n{stderr}"));
    }
    let (code, stdout, stderr, _) = cbam(&["inspect", &path("bad/13-electricity-without-factor.xlsx")]);
    assert_eq!(code, 1);
    assert!(stdout.contains("Incomplete (empty mandatory cells)\n  D_Processes!L66"), "{stdout}");
    assert!(stderr.contains("D_Processes!L66"), "{stderr}");
}

#[test]
fn strict_turns_a_cached_disagreement_into_an_error() {
    let file = path("bad/21-cached-results-disagree.xlsx");
    let (code, stdout, _, _) = cbam(&["compute", &file]);
    assert_eq!(code, 0);
    assert!(stdout.contains("25232900"));
    let (code, stdout, stderr, _) = cbam(&["compute", &file, "--strict"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.contains("error[template.cached_mismatch]: Summary_Products!I10") && stderr.contains("0.7852147410358565"), "{stderr}");
}

#[test]
fn bad_templates() {
    let entries = crate::fixture_lines(&dir().join("bad/README.md"));
    assert!(entries.len() >= 15);
    insta::glob!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/template/bad"), "*.xlsx", |file| {
        let name = file.file_name().unwrap().to_str().unwrap();
        let e = entries.iter().find(|e| e.file == name).unwrap_or_else(|| panic!("bad/README.md has no line for {name}"));
        let (code_expected, warning) = (&e.code, e.warning_only);
        let (code, stdout, stderr, left) = cbam(&["compute", &file.display().to_string()]);
        assert!(left.is_empty(), "{name} wrote {left:?}");
        if warning {
            assert_eq!(code, 0, "{name}: {stderr}");
            assert!(stderr.contains(&format!("warning[{code_expected}]")), "{name}: {stderr}");
        } else {
            assert_eq!((code, stdout.as_str()), (1, ""), "{name}: {stderr}");
            assert!(stderr.contains(&format!("error[{code_expected}]")), "{name}: {stderr}");
        }
        insta::assert_snapshot!(format!("exit: {code}\n--- stderr\n{stderr}"));
    });
}

/// Every cell-map name the template reader and writer ask for by literal exists in a shipped
/// cell map: a misspelt name would otherwise panic at run time, on the first template that
/// reaches that line. Names are the `"sheet_part.field"` literals of `src/read/template` and
/// `src/render/template`; diagnostic codes (`input.…`, `template.…`) share the shape and are set
/// apart by their namespace.
#[test]
fn every_cell_map_name_in_the_code_exists() {
    use cbam::format::template_cells::CellMap;
    const DIAGNOSTIC_NAMESPACES: [&str; 6] = ["input", "template", "io", "compute", "report", "declaration"];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names = std::collections::BTreeSet::new();
    for dir in ["src/read/template", "src/render/template"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for literal in text.split('"').skip(1).step_by(2) {
                let Some((head, tail)) = literal.split_once('.') else { continue };
                let word =
                    |s: &str| s.starts_with(|c: char| c.is_ascii_lowercase()) && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if word(head) && word(tail) && !DIAGNOSTIC_NAMESPACES.contains(&head) {
                    names.insert(literal.to_string());
                }
            }
        }
    }
    assert!(names.len() > 50, "the scan found the names: {names:?}");
    let maps: Vec<&CellMap> = CellMap::versions().iter().map(|v| CellMap::for_version(v).unwrap()).collect();
    let unknown: Vec<&String> = names.iter().filter(|n| !maps.iter().any(|m| m.has(n))).collect();
    assert!(unknown.is_empty(), "names in the code that no cell map has: {unknown:?}");
    // The check can fail: a misspelt name is in no map.
    assert!(!maps.iter().any(|m| m.has("proc.prodcution")));
}
