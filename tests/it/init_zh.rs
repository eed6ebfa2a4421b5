//! `cbam init --lang zh`: the blank workbooks with their ReadMe and notes in Chinese, read back
//! with calamine; the sheet names, keys and units are the English workbook's, and cbam reads a
//! Chinese workbook exactly as it reads an English one.

use std::io::Read;
use std::path::Path;

use crate::run::{cbam_in, temp_dir};
use calamine::{Data, Reader, Xlsx, open_workbook};
use cbam::format::notes::Lang;
use cbam::format::{imports, tidy};
use cbam::render::workbook::{INSTALLATION, README_SHEET, TidyWorkbook};
use cbam::tidy_row;
use chrono::NaiveDate;

fn is_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        _ => String::new(),
    }
}

/// Every text of every sheet (notes on keys are elsewhere), by sheet, row and column.
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let (rows, cols) = range.get_size();
            let cells = (0..rows as u32).map(|r| (0..cols as u32).map(|c| cell(&range, r, c)).collect()).collect();
            (name, cells)
        })
        .collect()
}

/// The notes on the keys: the text of every `xl/comments*.xml` in the zip.
fn comments(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().is_ok_and(|n| n.starts_with("xl/comments")) {
            f.read_to_string(&mut all).unwrap();
        }
    }
    all
}

#[test]
fn init_lang_zh_writes_chinese_texts_around_the_same_keys() {
    let dir = temp_dir("init-zh");
    for (args, en_args, key_sheet, fields) in [
        (&["init", "--lang", "zh", "zh.xlsx"][..], &["init", "en.xlsx"][..], tidy::ABOUT, tidy::ABOUT_FIELDS),
        // The global --lang chooses the workbook's language too.
        (
            &["--lang", "zh", "init", "--imports", "zh.xlsx", "--force"][..],
            &["init", "--imports", "en.xlsx", "--force"][..],
            imports::DECLARANT,
            imports::DECLARANT_FIELDS,
        ),
    ] {
        let (code, _, stderr) = cbam_in(&dir, args);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(cbam_in(&dir, en_args).0, 0);
        let (zh, en) = (sheets(&dir.join("zh.xlsx")), sheets(&dir.join("en.xlsx")));
        assert_eq!(zh.iter().map(|s| &s.0).collect::<Vec<_>>(), en.iter().map(|s| &s.0).collect::<Vec<_>>(), "sheet names");

        // ReadMe: title, intro and every line's text in Chinese; the sheet names in column A stay.
        let readme = &zh.iter().find(|s| s.0 == README_SHEET).unwrap().1;
        let en_readme = &en.iter().find(|s| s.0 == README_SHEET).unwrap().1;
        assert!(readme[0][0].starts_with("CBAM "), "{}", readme[0][0]);
        assert!(is_chinese(&readme[0][0]) && is_chinese(&readme[1][0]));
        assert!(readme[1][0].contains("版本 1") && readme[1][0].contains("第 1 行"), "{}", readme[1][0]);
        assert_eq!(readme.len(), en_readme.len(), "ReadMe rows");
        for (row, en_row) in readme.iter().zip(en_readme) {
            if !en_row[1].is_empty() {
                assert!(is_chinese(&row[1]), "ReadMe: {row:?}");
            }
            assert!(!row.iter().any(|c| c.contains('{')), "a placeholder left: {row:?}");
            if en_row[0] == key_sheet || en.iter().any(|s| s.0 == en_row[0]) {
                assert_eq!(row[0], en_row[0], "sheet names in the ReadMe stay");
            }
        }
        let rows_rule = readme.iter().find(|r| r[0] == "行").expect("the rule on rows");
        assert!(rows_rule[1].contains("第 1 行") && rows_rule[1].contains("第 2 行") && rows_rule[1].contains("第 3 行"), "{}", rows_rule[1]);

        // The key sheet: fields and values as in English, every note in column C Chinese.
        let key = &zh.iter().find(|s| s.0 == key_sheet).unwrap().1;
        let en_key = &en.iter().find(|s| s.0 == key_sheet).unwrap().1;
        for (i, field) in fields.iter().enumerate() {
            assert_eq!(key[i][..2], en_key[i][..2], "{key_sheet} row {}", i + 1);
            assert!(is_chinese(&key[i][2]), "{key_sheet}!C{}: {}", i + 1, key[i][2]);
            assert_eq!(key[i][0], field.key);
        }

        // Tables: row 1 (keys) as in English; row 2 the same units, and Chinese where it is a note.
        for ((name, cells), (_, en_cells)) in zh.iter().zip(&en).filter(|(s, _)| s.0 != README_SHEET && s.0 != key_sheet) {
            assert_eq!(cells[0], en_cells[0], "{name} keys");
            for (c, (zh2, en2)) in cells[1].iter().zip(&en_cells[1]).enumerate() {
                if is_chinese(zh2) {
                    assert!(!is_chinese(en2), "{name} column {c}");
                } else {
                    assert_eq!(zh2, en2, "{name} units");
                }
            }
        }
        // The notes on the keys.
        let notes = comments(&dir.join("zh.xlsx"));
        assert!(notes.contains("必填。") && notes.contains("选填。"), "notes in Chinese");
        assert!(!notes.contains("Required.") && !notes.contains("Optional."));
        assert!(!notes.contains('{'), "a placeholder left in the notes");
    }
    let notes = comments(&dir.join("zh.xlsx"));
    assert!(notes.contains("net_mass：货物净质量"), "the imports workbook's notes");
    assert!(notes.contains("单位（第 2 行）：t，也可选 kg, kt。"), "the unit's line");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn init_lang_en_is_the_default_and_a_zh_workbook_reads_like_an_english_one() {
    let dir = temp_dir("init-zh-reads");
    assert_eq!(cbam_in(&dir, &["init", "default.xlsx"]).0, 0);
    assert_eq!(cbam_in(&dir, &["init", "--lang", "en", "en.xlsx"]).0, 0);
    assert_eq!(cbam_in(&dir, &["init", "--lang", "zh", "zh.xlsx"]).0, 0);
    assert_eq!(std::fs::read(dir.join("default.xlsx")).unwrap(), std::fs::read(dir.join("en.xlsx")).unwrap());
    // The blank workbooks: the same problems, at the same cells.
    let blank_en = cbam_in(&dir, &["compute", "en.xlsx"]);
    let blank_zh = cbam_in(&dir, &["compute", "zh.xlsx"]);
    assert_eq!(blank_en.0, 1);
    assert_eq!(blank_zh, blank_en);
    assert_eq!(cbam_in(&dir, &["init", "--imports", "--lang", "zh", "imports-zh.xlsx"]).0, 0);
    assert_eq!(cbam_in(&dir, &["init", "--imports", "imports-en.xlsx"]).0, 0);
    std::fs::create_dir_all(dir.join("suppliers")).unwrap();
    let report = |f: &str| cbam_in(&dir, &["report", "--imports", f, "--suppliers", "suppliers", "--period", "2025Q4", "-o", "r.xml"]);
    let (en, zh) = (report("imports-en.xlsx"), report("imports-zh.xlsx"));
    assert_eq!(en.0, 1);
    assert_eq!(zh.0, en.0);
    assert_eq!(zh.2.replace("imports-zh", "imports-en"), en.2);

    // A filled workbook: the same results from either language.
    let mut book = small_installation();
    book.save(&dir.join("filled-en.xlsx")).unwrap();
    book.set_lang(Lang::Zh).save(&dir.join("filled-zh.xlsx")).unwrap();
    let en = cbam_in(&dir, &["compute", "filled-en.xlsx", "--format", "json"]);
    let zh = cbam_in(&dir, &["compute", "filled-zh.xlsx", "--format", "json"]);
    assert_eq!(en.0, 0, "{}", en.2);
    assert_eq!(zh.1.replace("filled-zh", "filled-en"), en.1);
    assert_eq!(zh.0, 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A clinker kiln: fuel, raw meal and grid electricity, one good.
fn small_installation() -> TidyWorkbook {
    let mut wb = TidyWorkbook::with_layout(&INSTALLATION);
    wb.about("installation_id", "ZH-1")
        .about("name_en", "Test kiln")
        .about("name_local", "测试熟料厂")
        .about("country", "CN")
        .about("unlocode", "CN WHI")
        .about("period_start", NaiveDate::from_ymd_opt(2025, 1, 1).unwrap())
        .about("period_end", NaiveDate::from_ymd_opt(2025, 12, 31).unwrap())
        .row(
            tidy::PROCESSES,
            tidy_row!["process_id" => "P1", "name" => "1 号窑线", "category" => "cement_clinker", "route" => "clinker", "activity_level" => 1_000_000.0,
                "electricity_consumed" => 60_000.0, "electricity_ef" => 0.5366, "electricity_ef_source" => "grid"],
        )
        .row(
            tidy::STREAMS,
            tidy_row!["process_id" => "P1", "name" => "烟煤", "method" => "combustion", "activity_data" => 110_000.0, "activity_unit" => "t",
                "ncv" => 23.0, "ncv_unit" => "GJ/t", "ef" => 94.6, "ef_unit" => "tCO2/TJ"],
        )
        .row(
            tidy::STREAMS,
            tidy_row!["process_id" => "P1", "name" => "生料", "method" => "process_a", "activity_data" => 1_550_000.0, "activity_unit" => "t",
                "ef" => 0.3467, "ef_unit" => "tCO2/t"],
        )
        .row(tidy::GOODS, tidy_row!["cn_code" => "25231000", "product" => "水泥熟料", "process_id" => "P1", "variant" => "grey"]);
    wb
}
