//! `cbam declaration`: the annual worksheet against hand calculations, its XML against the
//! project's schema, and the de minimis rule.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use crate::run::root;
use cbam::format::imports::IMPORTS as IMPORTS_SHEET;
use cbam::model::Dec;
use cbam::render::workbook::{IMPORTS, TidyWorkbook};
use cbam::tidy_row;
use chrono::NaiveDate;

fn d(s: &str) -> Dec {
    Dec::from_str(s).unwrap()
}

/// One customs line: CN code, origin, net mass, installation, product, year of release.
type Line<'a> = (&'a str, &'a str, f64, Option<&'a str>, Option<&'a str>, i32);

/// A directory with two supplier workbooks of 2026 (verified) and an imports workbook of 2026
/// (and one 2025 line).
fn setup(name: &str, lines: &[Line]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cbam-it-declaration-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("suppliers")).unwrap();
    for s in ["cement-integrated-cn.xlsx", "aluminium-smelter-coal-cn.xlsx"] {
        std::fs::copy(root().join("samples/2026").join(s), dir.join("suppliers").join(s)).unwrap();
    }
    let mut wb = TidyWorkbook::with_layout(&IMPORTS);
    wb.field("eori", "DE123456789012345")
        .field("name", "Rheinland Baustoffe & Metallhandel GmbH")
        .field("role", "01")
        .field("city", "Duisburg")
        .field("signature_place", "Duisburg")
        .field("signatory", "Anna Schröder")
        .field("signatory_position", "Head of Customs")
        .field("global_data_confirmation", "yes")
        .field("use_of_data_confirmation", "yes");
    for (i, (cn, origin, mass, installation, product, year)) in lines.iter().enumerate() {
        let mut row = tidy_row![
            "declaration" => format!("26DE0000000{i} item 1"),
            "release_date" => NaiveDate::from_ymd_opt(*year, 3, 10).unwrap(),
            "cn_code" => *cn,
            "origin_country" => *origin,
            "net_mass" => *mass,
            "requested_procedure" => "40",
            "import_area" => "EU",
        ];
        if let Some(inst) = installation {
            row.extend(tidy_row!["installation" => *inst]);
        }
        if let Some(p) = product {
            row.extend(tidy_row!["product" => *p]);
        }
        wb.row(IMPORTS_SHEET, row);
    }
    wb.save(&dir.join("imports-2026.xlsx")).unwrap();
    dir
}

fn run(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["declaration", "--imports", "imports-2026.xlsx", "--suppliers", "suppliers", "--year", "2026", "--cbam-price", "75.36"];
    args.extend(extra);
    let out = Command::new(env!("CARGO_BIN_EXE_cbam")).args(&args).current_dir(dir).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn worksheet_by_hand() {
    let dir = setup(
        "hand",
        &[
            // Coal smelter at verified actual values: SEE direct 1.6286731936 (tests/it/samples.rs
            // by hand), reported at 5 decimals in 2026 (IR 2025/2547): 1.62867.
            ("76011000", "CN", 200.0, Some("BHA-LK-01"), None, 2026),
            // No supplier data: China's default for grey Portland cement, 1.42 × 1.10 = 1.562.
            ("25232900", "CN", 500.0, None, None, 2026),
            // Released in 2025: not part of the 2026 declaration.
            ("25232900", "CN", 999.0, None, None, 2025),
        ],
    );
    let (code, stdout, stderr) = run(&dir, &["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("declaration.default_values"), "{stderr}");
    assert!(stderr.contains("1 customs line(s) released outside 2026"), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let entries = v["entries"].as_array().unwrap();
    let get = |e: &serde_json::Value, k: &str| d(e[k].as_str().unwrap());
    let cement = entries.iter().find(|e| e["cn_code"] == "25232900").unwrap();
    // 500 t × 1.562 = 781; FAA 0.666 × 0.975 × 500 = 324.675; certificates 456.325;
    // cost 456.325 × 75.36 = 34,388.652 EUR.
    assert_eq!(cement["basis"], "default");
    assert_eq!(get(cement, "embedded_t"), d("781"));
    assert_eq!(get(cement, "faa_t"), d("324.675"));
    assert_eq!(get(cement, "certificates"), d("456.325"));
    assert_eq!(get(cement, "cost_eur"), d("34388.652"));
    let al = entries.iter().find(|e| e["cn_code"] == "76011000").unwrap();
    // 200 t × 1.62867 (direct only) = 325.734; FAA 1.423 × 0.975 × 200 = 277.485 (benchmark of
    // 76011010/76011090); certificates 48.249; × 75.36 = 3,636.04464 EUR.
    assert_eq!(al["basis"], "actual");
    assert_eq!(get(al, "embedded_t"), d("325.734"));
    assert_eq!(get(al, "faa_t"), d("277.485"));
    assert_eq!(get(al, "certificates"), d("48.249"));
    assert_eq!(get(al, "cost_eur"), d("3636.04464"));
    // Totals: 700 t; 456.325 + 48.249 = 504.574 certificates.
    assert_eq!(get(&v["totals"], "mass_t"), d("700"));
    assert_eq!(get(&v["totals"], "certificates"), d("504.574"));
    assert_eq!(v["de_minimis"]["exempt"], false);

    // The XML is written only when it validates against the project's schema; xmllint agrees.
    let (code, _, stderr) = run(&dir, &["--format", "xml", "-o", "worksheet.xml"]);
    assert_eq!(code, 0, "{stderr}");
    let xml = std::fs::read_to_string(dir.join("worksheet.xml")).unwrap();
    assert!(xml.contains("urn:x-cbam-tool:declaration-worksheet:1"));
    assert!(xml.contains("<Certificates>456.3250000</Certificates>"));
    assert!(cbam::declaration::xml::validate(xml.as_bytes()).unwrap().is_empty());
    // A tampered worksheet fails the schema: a negative mass.
    let bad = xml.replacen("<Mass>500.000000</Mass>", "<Mass>-500</Mass>", 1);
    assert!(!cbam::declaration::xml::validate(bad.as_bytes()).unwrap().is_empty());
    if let Ok(out) = Command::new("xmllint")
        .args(["--noout", "--schema", root().join("schemas/cbam-declaration-worksheet-1.xsd").to_str().unwrap(), "worksheet.xml"])
        .current_dir(&dir)
        .output()
    {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn de_minimis_and_table() {
    // 30 t + 15 t = 45 t < 50 t: no declaration is due (the worksheet still shows the figures).
    let dir = setup("minimis", &[("25232900", "CN", 30.0, None, None, 2026), ("76011000", "CN", 15.0, Some("BHA-LK-01"), None, 2026)]);
    let (code, stdout, stderr) = run(&dir, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("not above the 50-tonne de minimis threshold"), "{stderr}");
    insta::assert_snapshot!("declaration_de_minimis_table", stdout);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A customs line under a TARIC code (grey clinker 2523 10 00 90): China's grey clinker default,
/// 1.39 × 1.10 = 1.529, and an 8-digit CNCode in the worksheet XML, which validates.
#[test]
fn a_taric_code_declares_its_cn_code() {
    let dir = setup("taric", &[("2523 10 00 90", "CN", 100.0, None, None, 2026)]);
    let (code, stdout, stderr) = run(&dir, &["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let e = &v["entries"][0];
    assert_eq!(e["basis"], "default");
    assert_eq!(d(e["embedded_t"].as_str().unwrap()), d("152.9"));
    let (code, _, stderr) = run(&dir, &["--format", "xml", "-o", "worksheet.xml"]);
    assert_eq!(code, 0, "{stderr}");
    let xml = std::fs::read_to_string(dir.join("worksheet.xml")).unwrap();
    assert!(xml.contains("<CNCode>25231000</CNCode>"), "{xml}");
    assert!(cbam::declaration::xml::validate(xml.as_bytes()).unwrap().is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Art. 2a: the importer's yearly net mass of CBAM goods of every sector (steel too, though
/// cbam computes only cement and aluminium) against 50 t, a cliff; goods outside CBAM do not
/// count. 40 t of cement + 9.999 t of steel = 49.999 t: exempt. With 10.001 t of steel,
/// 50.001 t: the whole year is due, every line (the cement's 40 t × 1.562 = 62.48 t embedded).
#[test]
fn the_de_minimis_cliff_counts_other_sectors() {
    for (steel, total, exempt) in [(9.999, "49.999", true), (10.001, "50.001", false)] {
        let dir = setup(
            &format!("cliff-{exempt}"),
            &[
                ("25232900", "CN", 40.0, None, None, 2026),
                // Flat-rolled steel: a CBAM good of the iron and steel sector.
                ("72085120", "CN", steel, None, None, 2026),
                // Ceramic tiles: not a CBAM good, not counted.
                ("69072100", "CN", 500.0, None, None, 2026),
            ],
        );
        let (code, stdout, stderr) = run(&dir, &["--format", "json"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stderr.contains("declaration.other_sector") && stderr.contains("iron and steel"), "{stderr}");
        assert!(stderr.contains("declaration.not_cbam") && stderr.contains("69072100"), "{stderr}");
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let dm = &v["de_minimis"];
        assert_eq!(d(dm["mass_t"].as_str().unwrap()), d(total));
        assert_eq!(d(dm["computed_mass_t"].as_str().unwrap()), d("40"));
        assert_eq!(dm["exempt"], exempt, "{total} t");
        assert_eq!(stderr.contains("not above the 50-tonne de minimis threshold"), exempt, "{stderr}");
        assert_eq!(d(v["entries"][0]["embedded_t"].as_str().unwrap()), d("62.48"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// Art. 22(2)(a), from 2027 imports: certificates held at each quarter's end ≥ 50 % of the
/// embedded emissions imported so far, at default values without the mark-up, net of the FAA.
/// 100 t of Chinese grey Portland cement released 10 March 2027: 1.42 × 100 = 142 tCO2e;
/// FAA 0.666 × 0.95 (CBAM factor 2027) × 100 = 63.27; net 78.73; × 0.5 = 39.365 from Q1 on.
#[test]
fn the_quarterly_holding_from_2027() {
    let dir = setup("holding", &[("25232900", "CN", 100.0, None, None, 2027)]);
    let args = [
        "declaration",
        "--imports",
        "imports-2026.xlsx",
        "--suppliers",
        "suppliers",
        "--year",
        "2027",
        "--price",
        "2027Q1=80",
        "--holding",
        "--format",
        "json",
    ];
    let out = Command::new(env!("CARGO_BIN_EXE_cbam")).args(args).current_dir(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let h = v["holding"].as_array().unwrap();
    assert_eq!(h.len(), 4);
    for q in h {
        assert_eq!(d(q["embedded_net_t"].as_str().unwrap()), d("78.73"));
        assert_eq!(d(q["certificates"].as_str().unwrap()), d("39.365"));
    }
    // 2026 has no such requirement: a warning, no figures.
    let dir_2026 = setup("holding-2026", &[("25232900", "CN", 100.0, None, None, 2026)]);
    let (code, stdout, stderr) = run(&dir_2026, &["--holding", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("no quarterly holding requirement for goods imported in 2026"), "{stderr}");
    assert!(serde_json::from_str::<serde_json::Value>(&stdout).unwrap().get("holding").is_none());
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&dir_2026).unwrap();
}

fn sample_declaration(imports: &str, format: &str) -> Vec<u8> {
    let mut args = vec!["declaration", "--imports", imports, "--suppliers", "samples/2026", "--year", "2026", "--price", "2026Q4=80", "--format", format];
    if imports.ends_with(".csv") {
        args.extend(["--declarant-eori", "DE123456789012345", "--declarant-name", "Rheinland Baustoffe & Metallhandel GmbH"]);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_cbam")).args(&args).current_dir(root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// The declaration of `samples/imports-2026.xlsx` (the same lines as `.csv`) with the suppliers of
/// `samples/2026`, worked by hand. SEE as the suppliers report them (5 decimals, IR 2025/2547);
/// SEFA = benchmark × 0.975 (CBAM factor 2026) × CSCF 1; quarter prices 75.36, 75.28, 82.32 and
/// the 80 given for Q4. Column A for actual values (cement: 0 + m_clinker × 0.666), column B for
/// defaults (China's route K for profiles and bars, 1.493).
#[test]
fn the_2026_sample_declaration_by_hand_and_the_same_from_csv() {
    let v: serde_json::Value = serde_json::from_slice(&sample_declaration("samples/imports-2026.xlsx", "json")).unwrap();
    let f = |s: &str| d(s);
    // (quarter, CN, mass, SEE*, benchmark, price)
    let rows = [
        (1, "25232900", f("12500"), f("0.62904") + f("0.04271"), f("0.76") * f("0.666"), f("75.36")),
        (1, "76011090", f("2400"), f("1.62867"), f("1.423"), f("75.36")),
        (2, "25231000", f("30000"), f("0.82769") + f("0.03220"), f("0.666"), f("75.28")),
        // The hydro smelter's 2026 values are not verified: China's default for 7601, 3.000
        // (IR 2026/1740), × 1.10 in 2026; column B, route K.
        (2, "76011090", f("800"), f("3.000") * f("1.1"), f("1.423"), f("75.28")),
        (3, "25232900", f("8000"), f("0.78630") + f("0.05098"), f("0.95") * f("0.666"), f("82.32")),
        // China's default for 7604 21 00 and 7604 10 90: 4.881 (IR 2026/1740), × 1.10 in 2026.
        (3, "76042100", f("650.5"), f("4.881") * f("1.1"), f("1.493"), f("82.32")),
        (4, "76011090", f("1200"), f("1.62867"), f("1.423"), f("80")),
        (4, "76041090", f("120.25"), f("4.881") * f("1.1"), f("1.493"), f("80")),
    ];
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), rows.len());
    let get = |e: &serde_json::Value, k: &str| d(e[k].as_str().unwrap());
    let (mut certs, mut cost) = (Dec::ZERO, Dec::ZERO);
    for (e, (q, cn, mass, see, bm, price)) in entries.iter().zip(rows) {
        assert_eq!((e["quarter"].as_u64().unwrap(), e["cn_code"].as_str().unwrap()), (q, cn));
        let embedded = mass * see;
        let faa = bm * f("0.975") * mass;
        let c = embedded - faa;
        for (k, want) in [("embedded_t", embedded), ("faa_t", faa), ("certificates", c), ("cost_eur", c * price)] {
            assert!((get(e, k) - want).abs() < f("0.000000001"), "Q{q} {cn} {k}: {} ≠ {want}", get(e, k));
        }
        assert_eq!(get(e, "art9_t"), Dec::ZERO, "no certified evidence in the samples");
        certs += c;
        cost += c * price;
    }
    assert!((get(&v["totals"], "certificates") - certs).abs() < f("0.000000001"));
    assert!((get(&v["totals"], "cost_eur") - cost).abs() < f("0.000000001"));
    // The year's mass: 55,670.75 t computed + 40 t of steel; the tiles are not a CBAM good.
    assert_eq!(get(&v["de_minimis"], "mass_t"), f("55710.75"));
    let unverified = &entries[3];
    assert_eq!((unverified["basis"].as_str(), unverified["installation"].as_str()), (Some("default"), None));
    assert_eq!(v["de_minimis"]["exempt"], false);
    // Article 9 converts at the year's average price: (75.36 + 75.28 + 82.32 + 80) / 4 = 78.24.
    assert_eq!(get(&v, "art9_reference_price"), f("78.24"));
    assert!(v["article9"]["status"].as_str().unwrap().contains("draft"));
    // The same lines as CSV give the same bytes, in every format.
    for format in ["json", "table", "xml"] {
        assert_eq!(sample_declaration("samples/imports-2026.xlsx", format), sample_declaration("samples/imports-2026.csv", format), "{format}");
    }
    // The unverified supplier is named once, with the rule.
    let out = Command::new(env!("CARGO_BIN_EXE_cbam"))
        .args([
            "declaration",
            "--imports",
            "samples/imports-2026.xlsx",
            "--suppliers",
            "samples/2026",
            "--year",
            "2026",
            "--price",
            "2026Q4=80",
            "--format",
            "json",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("the actual values of YLA-AN-01 are not verified").count(), 1, "{stderr}");
    assert!(stderr.contains("Art. 8(1)"), "{stderr}");
    let xml = sample_declaration("samples/imports-2026.csv", "xml");
    assert!(cbam::declaration::xml::validate(&xml).unwrap().is_empty());
    // The XML names the benchmark column and the SEFA of every entry, and the Article 9 act's
    // status: cement at column A, 0.76 × 0.666 × 0.975 = 0.493506; the bars at column B.
    let text = String::from_utf8(xml).unwrap();
    assert!(text.contains("<BenchmarkColumn>A</BenchmarkColumn>") && text.contains("<BenchmarkColumn>B</BenchmarkColumn>"));
    assert!(text.contains("<SEFA>0.493506</SEFA>"), "{text}");
    assert!(text.contains("<Status>draft: not adopted</Status>"), "{text}");
    assert!(text.contains("<ReferencePriceEUR>78.24</ReferencePriceEUR>"), "{text}");
}

/// `--format xlsx`: the worksheet workbook of the 2026 sample, read back cell by cell (as a
/// spreadsheet program would show it) and snapshotted; the same bytes from the CSV; the year's
/// certificates of sheet Goods add up to the JSON's total, and its rows are per CN code and
/// installation (the two cement products of JNC-WH-01 apart, the quarters of BHA-LK-01 together).
#[test]
fn the_worksheet_workbook_of_the_2026_sample() {
    use calamine::{Data, DataType, Reader, Xlsx};
    let dir = std::env::temp_dir().join(format!("cbam-it-declaration-xlsx-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let write = |imports: &str, out: &Path| {
        let mut args =
            vec!["declaration", "--imports", imports, "--suppliers", "samples/2026", "--year", "2026", "--price", "2026Q4=80", "--format", "xlsx", "-o"];
        args.push(out.to_str().unwrap());
        if imports.ends_with(".csv") {
            args.extend(["--declarant-eori", "DE123456789012345", "--declarant-name", "Rheinland Baustoffe & Metallhandel GmbH"]);
        }
        let o = Command::new(env!("CARGO_BIN_EXE_cbam")).args(&args).current_dir(root()).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let (from_xlsx, from_csv) = (dir.join("from-xlsx.xlsx"), dir.join("from-csv.xlsx"));
    write("samples/imports-2026.xlsx", &from_xlsx);
    write("samples/imports-2026.csv", &from_csv);
    assert_eq!(std::fs::read(&from_xlsx).unwrap(), std::fs::read(&from_csv).unwrap(), "xlsx and CSV imports give the same workbook");
    // Without -o: a usage error, nothing on standard output.
    let o = Command::new(env!("CARGO_BIN_EXE_cbam"))
        .args([
            "declaration",
            "--imports",
            "samples/imports-2026.xlsx",
            "--suppliers",
            "samples/2026",
            "--year",
            "2026",
            "--price",
            "2026Q4=80",
            "--format",
            "xlsx",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());

    let mut book: Xlsx<_> = calamine::open_workbook(&from_xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["Declaration", "Goods", "Quarters", "Other sectors"]);
    let mut dump = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        dump.push_str(&format!("== {name}\n"));
        for row in range.rows() {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => format!("{f}"),
                    other => other.to_string(),
                })
                .collect();
            dump.push_str(&cells.join(" | "));
            dump.push('\n');
        }
    }
    insta::assert_snapshot!("declaration_2026_sample_xlsx", dump);

    let goods = book.worksheet_range("Goods").unwrap();
    let head: Vec<String> = goods.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let col = |h: &str| head.iter().position(|x| x == h).unwrap_or_else(|| panic!("column {h}"));
    let rows: Vec<_> = goods.rows().skip(1).collect();
    let keys: Vec<(String, String)> = rows.iter().map(|r| (r[col("CN code")].to_string(), r[col("Installation")].to_string())).collect();
    assert_eq!(keys.iter().filter(|k| *k == &("76011090".to_string(), "BHA-LK-01".to_string())).count(), 1, "{keys:?}");
    assert_eq!(keys.iter().filter(|k| *k == &("25232900".to_string(), "JNC-WH-01".to_string())).count(), 2, "{keys:?}");
    let sum: f64 = rows.iter().map(|r| r[col("Certificates")].get_float().unwrap()).sum();
    let v: serde_json::Value = serde_json::from_slice(&sample_declaration("samples/imports-2026.xlsx", "json")).unwrap();
    let total: f64 = v["totals"]["certificates"].as_str().unwrap().parse().unwrap();
    assert!((sum - total).abs() < 1e-6, "{sum} ≠ {total}");
    // BHA-LK-01's ingots of Q1 and Q4: 2,400 t + 1,200 t.
    let bha = rows.iter().find(|r| r[col("Installation")] == calamine::Data::String("BHA-LK-01".into())).unwrap();
    assert_eq!(bha[col("Net mass (t)")].get_float(), Some(3600.0));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// An embedded emissions statement gives no free allocation benchmark: the declaration refuses
/// it, naming the file and the reason, and writes nothing.
#[test]
fn the_declaration_refuses_a_statement() {
    let dir = setup("statement", &[("76011090", "CN", 100.0, Some("YLA-AN-01"), None, 2026)]);
    let (code, _, stderr) = Command::new(env!("CARGO_BIN_EXE_cbam"))
        .args(["statement", "-o", dir.join("suppliers").to_str().unwrap(), "samples/2026/aluminium-smelter-hydro-cn.xlsx"])
        .current_dir(root())
        .output()
        .map(|o| (o.status.code(), o.stdout, String::from_utf8(o.stderr).unwrap()))
        .unwrap();
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stdout, stderr) = run(&dir, &[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains("error[report.supplier_file]: suppliers/aluminium-smelter-hydro-cn.pdf: refused: a PDF carrying statement.json, an embedded emissions statement: it gives no free allocation benchmark; ask the supplier for its operator's emissions report (`cbam operator-report`)"),
        "{stderr}"
    );
    assert!(stdout.is_empty(), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}
