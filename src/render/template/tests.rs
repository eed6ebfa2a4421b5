//! The writer's tests: every written cell unlocked in the template, the embedded template's
//! checksum.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::*;

/// Per `cellXfs` index of `xl/styles.xml`: whether the style unlocks the cell.
fn unlocked_styles(styles: &[u8]) -> Vec<bool> {
    let mut r = Reader::from_reader(styles);
    let (mut out, mut inside, mut buf) = (Vec::new(), false, Vec::new());
    loop {
        match r.read_event_into(&mut buf).unwrap() {
            Event::Start(e) if e.local_name().as_ref() == "cellXfs" => inside = true,
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => inside = false,
            Event::Start(e) | Event::Empty(e) if inside && e.local_name().as_ref() == "xf" => out.push(false),
            Event::Start(e) | Event::Empty(e) if inside && e.local_name().as_ref() == "protection" => {
                let unlocked = xlsx::attr(&e, "locked").unwrap().is_some_and(|v| v == "0" || v == "false");
                *out.last_mut().unwrap() = unlocked;
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// Style index of every cell of a sheet part.
fn cell_styles(xml: &[u8]) -> HashMap<String, usize> {
    let mut r = Reader::from_reader(xml);
    let (mut out, mut buf) = (HashMap::new(), Vec::new());
    loop {
        match r.read_event_into(&mut buf).unwrap() {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "c" => {
                let at = xlsx::attr(&e, "r").unwrap().unwrap();
                let s = xlsx::attr(&e, "s").unwrap().map(|v| v.parse().unwrap()).unwrap_or(0);
                out.insert(at, s);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// Every cell cbam writes is one the Commission left unlocked for input: a check of the cell
/// map against the template's own protection, over every sample.
#[test]
fn every_cell_written_is_unlocked_in_the_template() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = Options { densities: vec![("Diesel for kiln start-up".into(), "0.84".parse().unwrap())] };
    let mut total = 0;
    for sample in ["cement-integrated-cn", "ec-example-1-cement", "aluminium-smelter-coal-cn", "aluminium-smelter-hydro-cn", "aluminium-extrusion-cn"] {
        let (loaded, res, _) = crate::compute_file(&root.join(format!("samples/{sample}.xlsx")), crate::regime::Choice::default()).unwrap();
        let (plan, _) = plan(&loaded.installation, &res, &opts).unwrap();
        total += unlocked_only(&plan);
    }
    assert!(total > 300, "{total}");
}

/// Checks every cell of `plan` against the template's protection; the number checked.
fn unlocked_only(plan: &Plan) -> usize {
    let mut zin = zip::ZipArchive::new(Cursor::new(PRISTINE)).unwrap();
    let parts = xlsx::sheet_parts(&mut zin).unwrap();
    let mut read = |name: &str| {
        let mut v = Vec::new();
        zin.by_name(name).unwrap().read_to_end(&mut v).unwrap();
        v
    };
    let unlocked = unlocked_styles(&read("xl/styles.xml"));
    assert_eq!(unlocked.len(), 1471, "the template's cellXfs");
    // The check tells the two apart: the label next to the period start is locked.
    let labels = cell_styles(&read(&parts["A_InstData"]));
    assert!(!unlocked[labels["D9"]] && unlocked[labels["I9"]]);
    let mut checked = 0;
    for (sheet, cells) in &plan.edits {
        let styles = cell_styles(&read(&parts[sheet]));
        for (r, c) in cells.keys() {
            let at = xlsx::a1(*r, *c);
            let s = styles.get(&at).unwrap_or_else(|| panic!("{sheet}!{at} is not a cell of the template"));
            assert!(unlocked[*s], "{sheet}!{at} is locked in the template (style {s})");
            checked += 1;
        }
    }
    assert_eq!(checked, plan.cells);
    checked
}

#[test]
fn the_embedded_template_is_the_published_one() {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(PRISTINE);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    // templates/README.md names this checksum.
    assert_eq!(hex, "5a4e28fdbccfdca45a2c0520184b551a20c0c7bba3db79f87d78c9e58a6c0917");
}

/// Summary_Products takes the 8-digit CN code: a good given under a TARIC code (grey clinker
/// 2523 10 00 90) is written as 25231000.
#[test]
fn a_taric_code_is_written_as_its_cn_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut loaded, _, _) = crate::compute_file(&root.join("samples/cement-integrated-cn.xlsx"), crate::regime::Choice::default()).unwrap();
    let clinker = loaded.installation.goods.iter_mut().find(|g| g.cn_code.as_str() == "25231000").expect("a clinker good");
    clinker.cn_code = crate::model::CnCode::parse("2523100090").unwrap();
    let res = crate::compute::compute(
        &loaded.installation,
        &crate::regime::Regime::for_period(&loaded.installation.period, crate::regime::Choice::default()).unwrap(),
    )
    .unwrap();
    let opts = Options { densities: vec![("Diesel for kiln start-up".into(), "0.84".parse().unwrap())] };
    let (plan, _) = plan(&loaded.installation, &res, &opts).unwrap();
    let col = plan.map.get("product.cn_code");
    let written: Vec<&CellValue> = (0..loaded.installation.goods.len() as u32)
        .map(|i| {
            let at = col.at(0, i, 0);
            &plan.edits[&*at.sheet][&(at.row, at.col)]
        })
        .collect();
    assert!(written.contains(&&CellValue::Text("25231000".into())), "{written:?}");
    assert!(!written.iter().any(|v| matches!(v, CellValue::Text(t) if t.len() != 8)), "{written:?}");
}
