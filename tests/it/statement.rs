//! Embedded emissions statements (`cbam statement`, `cbam verify`): the data handed to typst is
//! snapshotted; the PDF is checked by rendering twice, extracting its text (`pdftotext`), looking
//! at a page (`pdftoppm`) and verifying it, fresh and tampered. PDF bytes are never snapshotted.
//! Needs poppler-utils (installed by `.ci/run`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run::{cbam, root, temp_dir};
use cbam::render::pdf::{self, Meta, StatementData, Template};

const SAMPLES: [&str; 5] = ["cement-integrated-cn", "aluminium-smelter-coal-cn", "aluminium-smelter-hydro-cn", "aluminium-extrusion-cn", "ec-example-1-cement"];

fn sample(s: &str) -> PathBuf {
    root().join("samples").join(format!("{s}.xlsx"))
}

fn data_for(path: &Path, lang: &str) -> StatementData {
    let (loaded, res, year) = cbam::compute_file(path, cbam::regime::Choice::default()).expect("the sample computes");
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_str().unwrap();
    let meta = Meta { issued: loaded.installation.period.end, lang, kind: loaded.kind, source_bytes: &bytes, source_name: name, year };
    pdf::data::build(&loaded.installation, &res, &meta)
}

fn tool(name: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} (Debian package poppler-utils) must be installed: {e}"));
    assert!(out.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn pdftotext(pdf: &Path) -> String {
    String::from_utf8(tool("pdftotext", &[pdf.to_str().unwrap(), "-"])).unwrap()
}

#[test]
fn data_handed_to_typst() {
    for s in SAMPLES {
        let json = String::from_utf8(data_for(&sample(s), "en+zh").canonical_json()).unwrap();
        insta::assert_snapshot!(format!("statement_data_{s}"), json);
    }
}

#[test]
fn renders_without_warnings_and_byte_for_byte_the_same() {
    let template = Template::embedded();
    for s in SAMPLES {
        let data = data_for(&sample(s), "en+zh");
        // `render` fails on any typst warning.
        let a = pdf::render(&template, &data).unwrap_or_else(|e| panic!("{s}: {e}"));
        pdf::evict_caches();
        let b = pdf::render(&template, &data).unwrap();
        assert!(a.pdf == b.pdf, "{s}: two renders differ");
        assert_eq!(a.digest, pdf::data::sha256_hex(&data.canonical_json()));
        assert!(a.pages >= 2, "{s}: {} pages", a.pages);
    }
    // Each language compiles cleanly too.
    for lang in ["en", "zh"] {
        pdf::render(&template, &data_for(&sample("aluminium-extrusion-cn"), lang)).unwrap_or_else(|e| panic!("{lang}: {e}"));
    }
}

#[test]
fn a_template_warning_is_an_error() {
    let data = data_for(&sample("ec-example-1-cement"), "en");
    let unknown_font = Template::from_text("#set text(font: \"Comic Sans MS\")\nHello".into());
    let e = pdf::render(&unknown_font, &data).unwrap_err().to_string();
    assert!(e.contains("template warning: statement.typ:1:") && e.contains("unknown font family"), "{e}");
    let missing_field = Template::from_text("#let data = json(\"/statement.json\")\n#data.installation.fax".into());
    let e = pdf::render(&missing_field, &data).unwrap_err().to_string();
    assert!(e.contains("template error: statement.typ:2:") && e.contains("fax"), "{e}");
}

/// The SEE columns of `cbam compute`'s table, as printed (6 decimals).
fn compute_figures(file: &str) -> Vec<(String, Vec<String>)> {
    let (code, stdout, stderr) = cbam(&["compute", file]);
    assert_eq!(code, 0, "{stderr}");
    stdout
        .lines()
        .filter(|l| l.len() > 8 && l[..8].chars().all(|c| c.is_ascii_digit()))
        .map(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            let n = cells.len();
            // … SEE direct, indirect, total, CBAM, electricity, default share ("0.0 %").
            (cells[0].to_string(), cells[n - 7..n - 2].iter().map(|s| s.to_string()).collect())
        })
        .collect()
}

#[test]
fn the_cli_writes_statements_whose_text_carries_every_figure() {
    let dir = temp_dir("text");
    let files: Vec<String> = SAMPLES.iter().map(|s| format!("samples/{s}.xlsx")).collect();
    let mut args = vec!["statement", "-o", dir.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    let (code, stdout, stderr) = cbam(&args);
    assert_eq!((code, stdout.trim()), (0, format!("5 statements written to {}", dir.display()).as_str()), "{stderr}");
    for (s, file) in SAMPLES.iter().zip(&files) {
        let pdf_path = dir.join(format!("{s}.pdf"));
        let text = pdftotext(&pdf_path);
        let figures = compute_figures(file);
        assert!(!figures.is_empty(), "{s}");
        for (cn, see) in figures {
            let spaced = format!("{} {} {}", &cn[..4], &cn[4..6], &cn[6..]);
            assert!(text.contains(&spaced), "{s}: CN code {spaced} not in the text");
            for v in see {
                assert!(text.contains(&v), "{s}: {cn}: figure {v} not in the text");
            }
        }
        let digest = pdf::data::sha256_hex(&data_for(&sample(s), "en+zh").canonical_json());
        let pages = text.matches(&digest).count();
        assert!(pages >= 2, "{s}: the digest is printed on {pages} pages");
        assert!(text.contains("Embedded emissions statement") && text.contains("隐含排放声明"), "{s}");
    }
    let cement = pdftotext(&dir.join("cement-integrated-cn.pdf"));
    assert!(cement.contains("江南水泥有限公司芜湖工厂"), "the Chinese name must survive extraction");
    assert!(cement.contains("CN WHI") && cement.contains("31.0833"), "UN/LOCODE and coordinates");

    // Same input, same bytes, from a second process too.
    let again = temp_dir("text-again");
    assert_eq!(cbam(&["statement", "-o", again.to_str().unwrap(), "samples/cement-integrated-cn.xlsx"]).0, 0);
    assert!(std::fs::read(again.join("cement-integrated-cn.pdf")).unwrap() == std::fs::read(dir.join("cement-integrated-cn.pdf")).unwrap());
    // --date changes the date of issue, recorded in the data.
    assert_eq!(cbam(&["statement", "-o", again.to_str().unwrap(), "--lang", "zh", "--date", "2026-03-31", "samples/cement-integrated-cn.xlsx"]).0, 0);
    let zh = pdftotext(&again.join("cement-integrated-cn.pdf"));
    assert!(zh.contains("2026-03-31") && zh.contains("隐含排放声明") && !zh.contains("Embedded emissions statement"), "{zh}");

    // A page rendered as an image is not blank: enough dark pixels.
    let prefix = dir.join("page");
    tool("pdftoppm", &["-gray", "-r", "40", "-f", "1", "-l", "1", dir.join("cement-integrated-cn.pdf").to_str().unwrap(), prefix.to_str().unwrap()]);
    let pgm = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).find(|p| p.extension().is_some_and(|e| e == "pgm")).expect("a page image");
    let img = std::fs::read(pgm).unwrap();
    // P5 header: magic, width, height, maxval, then one byte per pixel.
    let header_end = img.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(2).unwrap().0 + 1;
    let pixels = &img[header_end..];
    let dark = pixels.iter().filter(|p| **p < 128).count();
    assert!(dark * 100 > pixels.len(), "page 1 is nearly blank: {dark} dark pixels of {}", pixels.len());
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&again).unwrap();
}

/// Replaces the attached data of a statement, keeping everything else.
pub fn with_attachment(pdf_bytes: &[u8], json: &[u8]) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(pdf_bytes).unwrap();
    let id = doc
        .objects
        .iter()
        .find(|(_, o)| o.as_stream().is_ok_and(|s| s.dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"EmbeddedFile".as_slice())))
        .map(|(id, _)| *id)
        .expect("an embedded file");
    let stream = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
    stream.dict.remove(b"Filter");
    stream.dict.remove(b"Params");
    stream.set_content(json.to_vec());
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn replace_all(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = hay.to_vec();
    let mut i = 0;
    while i + from.len() <= out.len() {
        if &out[i..i + from.len()] == from {
            out[i..i + from.len()].copy_from_slice(to);
            i += from.len();
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn verify_passes_on_a_fresh_statement_and_fails_on_a_tampered_one() {
    let dir = temp_dir("verify");
    let out = dir.to_str().unwrap();
    assert_eq!(cbam(&["statement", "-o", out, "samples/cement-integrated-cn.xlsx"]).0, 0);
    let path = dir.join("cement-integrated-cn.pdf");
    let p = path.to_str().unwrap();
    let (code, stdout, stderr) = cbam(&["verify", p, "samples/cement-integrated-cn.xlsx"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("every figure agrees") && stdout.ends_with("verified\n"), "{stdout}");
    assert_eq!(cbam(&["verify", p]).0, 0);

    let original = std::fs::read(&path).unwrap();
    let data = data_for(&sample("cement-integrated-cn"), "en+zh");
    let digest = pdf::data::sha256_hex(&data.canonical_json());
    let mut forged = data.clone();
    forged.goods[0].see_direct = "0.727686".into();
    let forged_json = forged.canonical_json();
    let forged_digest = pdf::data::sha256_hex(&forged_json);
    let tampered = dir.join("tampered.pdf");
    let t = tampered.to_str().unwrap();

    // 1. A figure changed in the attachment: the digest no longer matches.
    std::fs::write(&tampered, with_attachment(&original, &forged_json)).unwrap();
    let (code, _, stderr) = cbam(&["verify", t]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("mismatch") && stderr.contains("the digest in the document keywords") && stderr.contains(&forged_digest), "{stderr}");

    // 2. One byte of the recorded digest changed in the PDF itself.
    let mut flipped = original.clone();
    let at = flipped.windows(7).position(|w| w == b"sha256:").expect("the digest in the clear") + 7;
    flipped[at] = if flipped[at] == b'0' { b'1' } else { b'0' };
    std::fs::write(&tampered, &flipped).unwrap();
    let (code, _, stderr) = cbam(&["verify", t]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("NOT verified"), "{stderr}");

    // 3. A consistent forgery (data and every recorded digest replaced): intact on its own, but
    //    the source file gives another figure, and verify names it.
    let forgery = replace_all(&with_attachment(&original, &forged_json), digest.as_bytes(), forged_digest.as_bytes());
    std::fs::write(&tampered, &forgery).unwrap();
    assert_eq!(cbam(&["verify", t]).0, 0, "the forgery is self-consistent");
    let (code, _, stderr) = cbam(&["verify", t, "samples/cement-integrated-cn.xlsx"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("goods[0] (25231000).see_direct: statement 0.727686, source gives 0.827686"), "{stderr}");

    // 4. Not a statement at all.
    std::fs::write(&tampered, b"%PDF-1.7 nothing").unwrap();
    let (code, _, stderr) = cbam(&["verify", t]);
    assert_eq!(code, 1, "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_carbon_price_paid_is_shown_per_scheme_and_per_good() {
    use cbam::model::{CarbonPrice, Dec, Instrument};
    let d = |s: &str| s.parse::<Dec>().unwrap();
    let path = sample("cement-integrated-cn");
    let mut loaded = cbam::load_installation(&path).unwrap();
    // Whatever the sample declares, this test's own scheme and figures only.
    loaded.installation.carbon_prices.clear();
    // 1,600,000 t covered, 1,520,000 free, 1,600,000 surrendered, 80,000 bought at 92 CNY:
    // 7,360,000 CNY = 4.60 CNY/t, at 7.8 CNY/EUR 0.59 EUR/t.
    loaded.installation.carbon_prices.push(CarbonPrice {
        instrument: Instrument::NationalEts,
        scheme: "China national ETS".into(),
        compliance_year: 2025,
        legal_act: "MEE work plan, March 2025".into(),
        currency: "CNY".into(),
        covered_emissions_t: d("1600000"),
        free_allocation_t: d("1520000"),
        surrendered_t: d("1600000"),
        bought_t: d("80000"),
        bought_price: d("92"),
        offsets_t: Dec::ZERO,
        offsets_price: Dec::ZERO,
        tax_paid: Dec::ZERO,
        rebate: Dec::ZERO,
        eur_rate: Some(d("7.8")),
        eur_rate_source: Some("ECB yearly average 2025 (illustrative)".into()),
        certified_by: None,
        benchmark_output_t: None,
        benchmark_intensity: None,
        origin: None,
    });
    let res = cbam::compute::compute(
        &loaded.installation,
        &cbam::regime::Regime::for_period(&loaded.installation.period, cbam::regime::Choice::year(Some(2025))).unwrap(),
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let meta = Meta {
        issued: loaded.installation.period.end,
        lang: "en+zh",
        kind: loaded.kind,
        source_bytes: &bytes,
        source_name: "cement-integrated-cn.xlsx",
        year: 2025,
    };
    let data = pdf::data::build(&loaded.installation, &res, &meta);
    let scheme = &data.carbon_prices[0];
    assert_eq!((scheme.net_paid.as_str(), scheme.price_per_t.as_str(), scheme.price_per_t_eur.as_deref()), ("7360000.00", "4.60", Some("0.59")));
    assert_eq!(scheme.free_allocation_t.as_deref(), Some("1520000.000"));
    assert_eq!(data.goods[0].carbon_price.len(), 1);
    let rendered = pdf::render(&Template::embedded(), &data).unwrap();
    let dir = temp_dir("carbon-price");
    let file = dir.join("cp.pdf");
    std::fs::write(&file, &rendered.pdf).unwrap();
    let text = pdftotext(&file);
    for needle in ["China national ETS", "7,360,000.00 CNY", "4.60 CNY", "0.59", "1,520,000.000", "已支付碳价"] {
        assert!(text.contains(needle), "{needle} not in the text");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn only_render_pdf_knows_typst_and_lopdf() {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("src"), &mut files);
    let pdf_dir = root().join("src/render/pdf");
    let mut bad = Vec::new();
    for f in files.iter().filter(|f| !f.starts_with(&pdf_dir)) {
        for (i, line) in std::fs::read_to_string(f).unwrap().lines().enumerate() {
            if ["typst::", "typst_", "lopdf::", "comemo::"].iter().any(|n| line.contains(n)) {
                bad.push(format!("{}:{}: {line}", f.display(), i + 1));
            }
        }
    }
    assert!(bad.is_empty(), "only src/render/pdf may use typst or lopdf:\n{}", bad.join("\n"));
}

/// A statement of a 2026 reporting period: the data handed to typst follows IR 2025/2547 (its
/// act, SEE with 5 decimals, covered emissions in whole tonnes).
#[test]
fn data_of_a_2026_statement() {
    let data = data_for(&root().join("samples/2026/cement-integrated-cn.xlsx"), "en+zh");
    assert!(data.methodology.rules.contains("2025/2547"), "{}", data.methodology.rules);
    assert_eq!(data.methodology.see_decimals, 5);
    let json = String::from_utf8(data.canonical_json()).unwrap();
    insta::assert_snapshot!("statement_data_2026_cement-integrated-cn", json);
}

/// The statement and the quarterly report take the qualifying parameters from one rule (Annex
/// IV §2): QPD23 only where elements other than aluminium exceed 1 %. The coal smelter's ingots
/// hold 0.3 %: no QPD23 (the statement used to show it while the report left it out); the hydro
/// smelter's alloy holds 1.3 %: QPD23 1.3, beside the scrap parameters.
#[test]
fn the_statement_shows_qpd23_only_above_one_percent() {
    let codes = |file: &str, cn: &str| -> Vec<(String, String)> {
        let d = data_for(&sample(file), "en");
        let g = d.goods.iter().find(|g| g.cn_code.replace(' ', "") == cn).unwrap_or_else(|| panic!("{file} has {cn}"));
        g.qualifying.iter().map(|q| (q.code.clone(), q.value.clone())).collect()
    };
    let coal = codes("aluminium-smelter-coal-cn", "76011000");
    assert!(!coal.iter().any(|(c, _)| c == "QPD23"), "{coal:?}");
    let alloy = codes("aluminium-smelter-hydro-cn", "76012080");
    assert!(alloy.contains(&("QPD23".to_string(), "1.3".to_string())), "{alloy:?}");
}

/// A statement of the first data layout (format 1: no exact figures, no source file name) still
/// verifies, alone and against its source file; a quarterly report refuses it, naming the file,
/// for its figures are only the rounded ones.
#[test]
fn statements_of_format_1_still_verify() {
    let data = data_for(&sample("cement-integrated-cn"), "en+zh").as_format_1();
    let json = String::from_utf8(data.canonical_json()).unwrap();
    assert!(json.contains("\"format\": \"cbam-embedded-emissions-statement/1\""), "{json}");
    assert!(!json.contains("\"exact\"") && !json.contains("\"name\": \"cement-integrated-cn.xlsx\""), "{json}");
    let rendered = pdf::render(&Template::embedded(), &data).unwrap();
    let dir = temp_dir("format-1");
    let file = dir.join("cement-v1.pdf");
    std::fs::write(&file, &rendered.pdf).unwrap();
    let f = file.to_str().unwrap();
    let (code, stdout, stderr) = cbam(&["verify", f]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (code, stdout, stderr) = cbam(&["verify", f, "samples/cement-integrated-cn.xlsx"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("every figure agrees with samples/cement-integrated-cn.xlsx (3 goods)"), "{stdout}");
    // Against another file the figures still differ and are named.
    let (code, _, stderr) = cbam(&["verify", f, "samples/ec-example-1-cement.xlsx"]);
    assert_eq!(code, 1, "{stderr}");

    let dir_imports = dir.join("imports.xlsx");
    crate::imports_base::imports().save(&dir_imports).unwrap();
    let opts = cbam::report::Options { period: cbam::report::Period { year: 2025, quarter: 4 }, submission_date: None, allow_defaults: true };
    let e = cbam::report::make_bytes(("imports.xlsx", std::fs::read(&dir_imports).unwrap()), vec![("cement-v1.pdf".into(), rendered.pdf)], &opts).unwrap_err();
    let text: Vec<String> = e.iter().map(|d| d.to_string()).collect();
    assert!(
        text.iter().any(|t| t.starts_with("error[report.supplier_file]: cement-v1.pdf: refused: a statement of format 'cbam-embedded-emissions-statement/1'")),
        "{text:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
