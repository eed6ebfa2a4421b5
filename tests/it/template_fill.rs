//! `cbam template fill`: the Communication template written from our own workbooks, proven by a
//! real spreadsheet engine. Every sample goes tidy workbook → `cbam template fill` → LibreOffice
//! headless (which computes every formula of the Commission's template and saves the results) →
//! cbam's template reader, and each good's SEE as the template's own formulas computed it must
//! equal what `cbam compute` gives for the tidy workbook, to 1e-9 relative. Then: only input cells
//! change, and every "does not fit" case refuses without writing.
//!
//! LibreOffice (`soffice`, Debian package libreoffice-calc-nogui) is installed by `.ci/run`; the
//! round trip fails, not skips, without it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run::cbam;
use calamine::{Data, Reader, Xlsx, open_workbook};
use cbam::format::template_cells::CellMap;
use cbam::model::{Dec, Diagnostics, Installation, Route};
use cbam::read::template::data::Figure;
use cbam::render::template::{self, Options};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn d(s: &str) -> Dec {
    s.parse().unwrap()
}

fn rel(a: Dec, b: Dec) -> Dec {
    let scale = a.abs().max(b.abs());
    if scale.is_zero() { Dec::ZERO } else { (a - b).abs() / scale }
}

/// A fresh directory of this test's own (removed first).
fn work(name: &str) -> PathBuf {
    let w = std::env::temp_dir().join(format!("cbam-fill-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&w);
    fs::create_dir_all(&w).unwrap();
    w
}

/// The samples with the options each needs: the cement plant meters its diesel in litres.
const SAMPLES: &[(&str, &[&str])] = &[
    ("aluminium-extrusion-cn", &[]),
    ("aluminium-smelter-coal-cn", &[]),
    ("aluminium-smelter-hydro-cn", &[]),
    ("cement-integrated-cn", &["--density", "Diesel for kiln start-up=0.84"]),
    ("ec-example-1-cement", &[]),
];

/// Recalculates `files` with LibreOffice into `out` (one start for all, its own profile).
fn libreoffice(files: &[PathBuf], out: &Path) {
    let profile = out.join("profile");
    let mut cmd = Command::new("soffice");
    cmd.arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir"])
        .arg(out)
        .args(files);
    let r = cmd.output().unwrap_or_else(|e| panic!("LibreOffice (soffice) is needed for this test (apt-get install libreoffice-calc-nogui): {e}"));
    assert!(r.status.success(), "soffice failed: {}", String::from_utf8_lossy(&r.stderr));
}

/// `cbam template fill` on every sample into `dir`: (sample name, tidy workbook, written template).
fn fill_samples(dir: &Path) -> Vec<(&'static str, PathBuf, PathBuf)> {
    SAMPLES
        .iter()
        .map(|(name, extra)| {
            let src = root().join("samples").join(format!("{name}.xlsx"));
            let out = dir.join(format!("{name}.xlsx"));
            let mut args = vec!["template", "fill", src.to_str().unwrap(), "-o", out.to_str().unwrap()];
            args.extend_from_slice(extra);
            let (code, _, stderr) = cbam(&args);
            assert_eq!(code, 0, "{name}: {stderr}");
            (*name, src, out)
        })
        .collect()
}

/// An importer may read a written template with cbam itself before any spreadsheet program has
/// opened it: its cached results are gone (so nothing to compare with), and even the template's
/// own country list holds no cached names, so the country name in `A_InstData!I26` is mapped
/// through the published list. cbam's recomputation from the inputs must equal the tidy workbook's.
#[test]
fn a_written_template_reads_back_in_cbam_without_a_spreadsheet_program() {
    let w = work("readback");
    for (name, src, out) in fill_samples(&w) {
        let (tidy, want, _) = cbam::compute_file(&src, cbam::regime::Choice::default()).unwrap();
        let (loaded, again, _) = cbam::compute_file(&out, cbam::regime::Choice::default()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(loaded.installation.identity.country.is_some(), "{name}: no country read back");
        assert_eq!(loaded.installation.identity.country, tidy.installation.identity.country, "{name}");
        assert!(!loaded.template.as_ref().expect("read as a template").has_cached_results, "{name}: the writer drops cached results");
        assert_eq!(again.goods.len(), want.goods.len(), "{name}");
        let tol = d("1e-9");
        for (a, b) in again.goods.iter().zip(&want.goods) {
            for (x, y, what) in [
                (a.see_direct, b.see_direct, "direct"),
                (a.see_indirect, b.see_indirect, "indirect"),
                (a.embedded_electricity, b.embedded_electricity, "electricity"),
            ] {
                assert!(rel(x, y) <= tol, "{name} {} SEE {what}: {x} read back, {y} from the tidy workbook", b.cn_code);
            }
        }
    }
    let _ = fs::remove_dir_all(&w);
}

#[test]
fn every_sample_round_trips_through_libreoffice_to_the_same_see() {
    let w = work("roundtrip");
    let filled: Vec<PathBuf> = fill_samples(&w).into_iter().map(|(_, _, out)| out).collect();
    let lo = w.join("recalculated");
    libreoffice(&filled, &lo);
    for (name, _) in SAMPLES {
        let tidy = root().join("samples").join(format!("{name}.xlsx"));
        let recalculated = lo.join(format!("{name}.xlsx"));
        let (_, want, _) = cbam::compute_file(&tidy, cbam::regime::Choice::default()).unwrap();
        // --strict: cbam's recomputation from the template's inputs equals the file's results.
        let (code, _, stderr) = cbam(&["compute", "--strict", recalculated.to_str().unwrap()]);
        assert_eq!(code, 0, "{name}: {stderr}");
        let (loaded, again, _) = cbam::compute_file(&recalculated, cbam::regime::Choice::default()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let t = loaded.template.as_ref().expect("read as a template");
        assert!(t.has_cached_results, "{name}: LibreOffice left no results");
        assert!(t.incomplete.is_empty(), "{name}: mandatory cells left empty: {:?}", t.incomplete);
        assert_eq!(t.products.len(), want.goods.len(), "{name}: one Summary_Products row per good");
        let tol = d("1e-9");
        for (p, g) in t.products.iter().zip(&want.goods) {
            assert_eq!((p.cn_code.as_str(), p.name.as_str()), (g.cn_code.to_string().as_str(), g.product.as_str()), "{name}");
            assert_eq!(p.cached.len(), 4, "{name} {}: the four figures are cached", g.cn_code);
            for c in &p.cached {
                let ours = match c.figure {
                    Figure::SeeDirect => g.see_direct,
                    Figure::SeeIndirect => g.see_indirect,
                    Figure::SeeTotal => g.see_total,
                    Figure::EmbeddedElectricity => g.embedded_electricity,
                };
                assert!(
                    rel(ours, c.value) <= tol,
                    "{name} {} {:?}: template formulas give {}, cbam computes {} from the tidy workbook",
                    g.cn_code,
                    c.figure,
                    c.value,
                    ours
                );
            }
        }
        // The carbon price due per tonne: what Summary_Products states (its effective amount,
        // column AZ) and what the template's own tool computes (F_Tools column N, per process with
        // its precursors) equal cbam's.
        let mut wb: Xlsx<_> = open_workbook(&recalculated).unwrap();
        let (products, tools) = (wb.worksheet_range("Summary_Products").unwrap(), wb.worksheet_range("F_Tools").unwrap());
        let number = |r: &calamine::Range<Data>, row: u32, col: u32| match r.get_value((row, col)) {
            Some(Data::Float(f)) => Dec::from_f64_retain(*f).map(|x| x.round_sf(15).unwrap_or(x)).unwrap(),
            Some(Data::Int(i)) => Dec::from(*i),
            other => panic!("{name}: expected a number at ({row}, {col}), found {other:?}"),
        };
        for (i, cp) in want.carbon_price.goods.iter().enumerate() {
            let k = loaded.installation.processes.iter().position(|p| p.id == loaded.installation.goods[i].process).unwrap() as u32;
            // AZ is column 52 (0-based 51); N is column 14 (0-based 13).
            let (stated, tool) = (number(&products, 9 + i as u32, 51), number(&tools, 100 + k, 13));
            assert!(
                rel(stated, cp.amount) <= tol && rel(tool, cp.amount) <= tol,
                "{name} {}: Summary_Products {stated}, F_Tools {tool}, cbam {}",
                cp.cn_code,
                cp.amount
            );
        }
        for (a, b) in again.goods.iter().zip(&want.goods) {
            assert!(
                rel(a.see_total, b.see_total) <= tol && rel(a.see_direct, b.see_direct) <= tol,
                "{name} {}: {} from the template's inputs, {} from the tidy workbook",
                b.cn_code,
                a.see_total,
                b.see_total
            );
        }
    }
    let _ = fs::remove_dir_all(&w);
}

/// Cells of one sheet by (row, col).
type Cells<T> = Vec<((u32, u32), T)>;

/// Cells as calamine reads them: formulas and plain values by (row, col).
fn sheet(path: &Path, name: &str) -> (Cells<String>, Cells<Data>) {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let f = wb.worksheet_formula(name).unwrap();
    let (fr, fc) = f.start().unwrap_or((0, 0));
    let formulas = f.used_cells().filter(|(_, _, s)| !s.is_empty()).map(|(r, c, s)| ((fr + r as u32, fc + c as u32), s.clone())).collect();
    let v = wb.worksheet_range(name).unwrap();
    let (vr, vc) = v.start().unwrap_or((0, 0));
    let values = v.used_cells().map(|(r, c, x)| ((vr + r as u32, vc + c as u32), x.clone())).collect();
    (formulas, values)
}

#[test]
fn only_input_cells_change_and_every_formula_stays() {
    let w = work("inputs");
    let out = w.join("cement.xlsx");
    let src = root().join("samples/cement-integrated-cn.xlsx");
    let (code, _, stderr) = cbam(&["template", "fill", src.to_str().unwrap(), "-o", out.to_str().unwrap(), "--density", "Diesel for kiln start-up=0.84"]);
    assert_eq!(code, 0, "{stderr}");
    let pristine = root().join("templates/communication-template-v2.1.1-20241213.xlsx");
    let map = CellMap::for_version("2.1.1").unwrap();
    let mut inputs = std::collections::HashSet::new();
    for (name, e) in map.entries().filter(|(n, e)| CellMap::is_input(n, e)) {
        let _ = name;
        for b in 0..e.blocks {
            for i in 0..e.rows() {
                for j in 0..e.cols() {
                    let at = e.at(b, i, j);
                    inputs.insert((at.sheet.to_string(), at.row, at.col));
                }
            }
        }
    }
    let names: Vec<String> = {
        let wb: Xlsx<_> = open_workbook(&pristine).unwrap();
        wb.sheet_names().to_vec()
    };
    let mut formulas = 0;
    let mut changed = Vec::new();
    for s in &names {
        let (f0, v0) = sheet(&pristine, s);
        let (f1, v1) = sheet(&out, s);
        assert_eq!(f0, f1, "sheet {s}: the formulas changed");
        formulas += f0.len();
        let is_formula: std::collections::HashSet<(u32, u32)> = f0.iter().map(|(k, _)| *k).collect();
        let plain =
            |v: Vec<((u32, u32), Data)>| -> std::collections::BTreeMap<(u32, u32), Data> { v.into_iter().filter(|(k, _)| !is_formula.contains(k)).collect() };
        let (p0, p1) = (plain(v0), plain(v1));
        let keys: std::collections::BTreeSet<(u32, u32)> = p0.keys().chain(p1.keys()).copied().collect();
        for k in keys {
            if p0.get(&k) != p1.get(&k) {
                assert!(inputs.contains(&(s.clone(), k.0, k.1)), "sheet {s} cell {:?}: {:?} became {:?}, not an input cell", k, p0.get(&k), p1.get(&k));
                changed.push((s.clone(), k));
            }
        }
    }
    // The template has tens of thousands of formulas. The cement plant fills 136 input cells
    // (counted independently with openpyxl): A_InstData 26 (identity and period 15, goods
    // categories 2, processes 3 × 3), B_EmInst 60 (7 source streams), D_Processes 20 (production,
    // market, other processes, DirEm*, electricity with factor and source), Summary_Products 23,
    // F_Tools 7 (currency, 3 × share and price).
    assert!(formulas > 10_000, "{formulas}");
    assert_eq!(changed.len(), 136, "{changed:?}");
    // Everything outside the sheets and workbook.xml is the Commission's, byte for byte.
    let parts = |p: &Path| {
        let mut z = zip::ZipArchive::new(fs::File::open(p).unwrap()).unwrap();
        (0..z.len())
            .map(|i| {
                let mut f = z.by_index(i).unwrap();
                let mut b = Vec::new();
                std::io::Read::read_to_end(&mut f, &mut b).unwrap();
                (f.name().unwrap().to_string(), b)
            })
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let (a, b) = (parts(&pristine), parts(&out));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        if !k.starts_with("xl/worksheets/sheet") && k != "xl/workbook.xml" {
            assert!(v == &b[k], "{k} changed");
        }
    }
    let _ = fs::remove_dir_all(&w);
}

/// Loads and computes a sample, lets `edit` change the installation, computes again and fills.
fn fill_edited(sample: &str, edit: impl FnOnce(&mut Installation)) -> Result<template::Filled, Diagnostics> {
    let path = root().join("samples").join(format!("{sample}.xlsx"));
    let mut inst = cbam::load_installation(&path).unwrap().installation;
    edit(&mut inst);
    let res = cbam::compute::compute(&inst, &cbam::regime::Regime::for_period(&inst.period, cbam::regime::Choice::year(Some(2025))).unwrap())
        .unwrap_or_else(|e| panic!("{e:?}"));
    template::fill(&inst, &res, &Options::default())
}

fn misfits(r: Result<template::Filled, Diagnostics>) -> Vec<String> {
    let d = r.expect_err("the data should not fit");
    let v: Vec<String> = d.iter().map(|x| format!("{}: {}", x.code, x.message)).collect();
    assert!(d.iter().all(|x| x.code == cbam::model::DiagCode::TemplateDoesNotFit), "{v:?}");
    v
}

#[test]
fn eleven_processes_do_not_fit() {
    let m = misfits(fill_edited("aluminium-smelter-hydro-cn", |inst| {
        let p = inst.processes[0].clone();
        for i in 2..=11 {
            let mut q = p.clone();
            q.id = format!("P{i}");
            q.name = format!("Potline {i}");
            // Without PFC rows: eleven of them would not fit B_EmInst either.
            q.pfc.clear();
            inst.processes.push(q);
        }
    }));
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("11 production processes; the template holds 10 (P1 to P10): P11 would be left out"), "{m:?}");
}

#[test]
fn twenty_one_purchased_precursors_do_not_fit() {
    let m = misfits(fill_edited("aluminium-extrusion-cn", |inst| {
        let p = &mut inst.processes[0];
        let x = p.precursors.iter().find(|x| matches!(x.source, cbam::model::PrecursorSource::Purchased { .. })).unwrap().clone();
        // The sample buys 2; 19 more of other names make 21.
        for i in 0..19 {
            let mut y = x.clone();
            y.name = format!("Ingots lot {i}");
            p.precursors.push(y);
        }
    }));
    assert!(m.len() == 1 && m[0].contains("buys 21 different precursors; the template holds 20 (PP1 to PP20)"), "{m:?}");
}

#[test]
fn more_source_streams_than_rows_do_not_fit() {
    let m = misfits(fill_edited("aluminium-smelter-coal-cn", |inst| {
        let p = &mut inst.processes[0];
        let s = p.streams[1].clone();
        // 3 streams + 73 = 76 > 75 rows of B_EmInst.
        for i in 0..73 {
            let mut t = s.clone();
            t.name = format!("Natural gas, burner {i}");
            p.streams.push(t);
        }
    }));
    assert!(m.len() == 1 && m[0].contains("76 source streams; B_EmInst holds 75"), "{m:?}");
}

#[test]
fn a_mixed_aluminium_route_does_not_fit() {
    let m = misfits(fill_edited("aluminium-smelter-hydro-cn", |inst| inst.processes[0].route = Route::MixedUnwrought));
    assert!(m.len() == 1 && m[0].contains("primary smelting and secondary melting together"), "{m:?}");
}

#[test]
fn a_liquid_without_density_does_not_fit_and_nothing_is_written() {
    let w = work("liquid");
    let out = w.join("cement.xlsx");
    let src = root().join("samples/cement-integrated-cn.xlsx");
    let (code, _, stderr) = cbam(&["template", "fill", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("template.does_not_fit")
            && stderr.contains("'Diesel for kiln start-up' is measured in volume of liquid")
            && stderr.contains("--density"),
        "{stderr}"
    );
    assert_eq!(fs::read_dir(&w).unwrap().count(), 0, "nothing may be written");
    let _ = fs::remove_dir_all(&w);
}

#[test]
fn a_communication_template_as_input_is_refused() {
    let w = work("template-in");
    let out = w.join("again.xlsx");
    let src = root().join("tests/fixtures/template/example-1-cement.xlsx");
    let (code, _, stderr) = cbam(&["template", "fill", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("template.input_is_template"), "{stderr}");
    assert_eq!(fs::read_dir(&w).unwrap().count(), 0, "nothing may be written");
    let _ = fs::remove_dir_all(&w);
}
