//! Benchmark (not a test): the cost of typesetting the text of operator's reports as plain
//! paragraphs, with the report's fonts, size and page, and nothing else (no tables, grids,
//! blocks, counters or queries). The text of each report comes from `pdftotext` of the PDFs
//! `bench_operator_reports N en+zh DIR` wrote, so every document is distinct (no memoised layout
//! shared between them). What this costs is a floor for any layout of that text in typst.
//!
//! Usage (DIR: a new directory; pdftotext is in poppler-utils):
//!
//! ```text
//! cargo run --release --example bench_operator_reports 40 en+zh DIR
//! for f in DIR/*.pdf; do pdftotext "$f"; done
//! cargo run --release --example bench_typst_floor DIR [N]
//! ```
//!
//! Each `*.txt` file of DIR is set as one document, through the statement's renderer with a
//! template of a few lines (so the statement's QR code and digest are made too, as for a report).

use std::path::PathBuf;
use std::time::Instant;

use cbam::render::pdf;

fn typst_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    files.sort();
    let n: usize = args.next().map(|a| a.parse().unwrap()).unwrap_or(files.len()).min(files.len());
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let loaded = cbam::load_installation(&root.join("samples/cement-integrated-cn.xlsx")).unwrap();
    let regime = cbam::resolve_regime(&loaded.installation, cbam::regime::Choice::default()).unwrap();
    let res = cbam::compute::compute(&loaded.installation, &regime).unwrap();
    let meta = pdf::data::Meta {
        issued: chrono::NaiveDate::from_ymd_opt(2026, 1, 20).unwrap(),
        lang: "en",
        kind: loaded.kind,
        source_bytes: b"",
        source_name: "cement-integrated-cn.xlsx",
        year: 2025,
    };
    let data = pdf::data::build(&loaded.installation, &res, &meta);
    let sources: Vec<String> = files[..n]
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let lines: Vec<String> = text.lines().filter(|l| !l.trim().is_empty()).map(typst_string).collect();
            format!(
                "#set text(font: (\"Noto Sans\", \"Noto Sans CJK SC\"), size: 8.3pt, lang: \"en\")\n#set par(leading: 0.55em, spacing: 0.8em)\n#set page(paper: \"a4\", margin: (x: 16mm, y: 18mm))\n#let lines = ({},)\n#for l in lines [#l \\ ]\n",
                lines.join(",\n")
            )
        })
        .collect();
    let warmup = 10.min(n / 4);
    let mut times = Vec::new();
    let mut pages = 0;
    for (i, src) in sources.iter().enumerate() {
        let t = Instant::now();
        let r = pdf::render(&pdf::Template::from_text(src.clone()), &data).expect("renders");
        let e = t.elapsed();
        pdf::evict_caches();
        pages += r.pages;
        if i >= warmup {
            times.push(e.as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median = times[times.len() / 2];
    println!("{n} documents, {} pages: median {median:.2} ms", pages);
}
