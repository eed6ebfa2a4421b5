//! Writes a year of generated customs lines (2026) for `benches/declaration.sh`: an imports
//! workbook (sheet Declarant filled as in `samples/imports-2025Q4.xlsx`, sheet Imports) or the same
//! lines as a CSV file (header line of the column keys, comma-separated, dates YYYY-MM-DD).
//!
//! ```sh
//! cargo run --release --example make_bench_imports -- OUT.xlsx|OUT.csv N
//! ```
//!
//! The lines are made from the line number alone, so the workbook and the CSV file of one N hold
//! the same lines: release dates spread over the four quarters of 2026; CN codes of cement and
//! aluminium; origin China for half of them (each naming the installation of `samples/2026/` that
//! makes the good, with the product where the installation makes two under one code) and eight
//! other countries for the rest (no installation: declared at default values, the cements
//! as grey); net masses of
//! 1 to 998.999 t; procedure 40, import area EU, an MRN-like declaration reference.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use cbam::format::imports::IMPORTS as IMPORTS_SHEET;
use cbam::render::workbook::{CellValue, IMPORTS, TidyWorkbook};
use chrono::NaiveDate;

/// A CN code and the installation of `samples/2026/` that makes the good, with the product
/// where it makes several under that code.
const GOODS: &[(&str, &str, Option<&str>)] = &[
    ("25231000", "JNC-WH-01", None),
    ("25232900", "JNC-WH-01", Some("P·O 42.5 ordinary Portland cement")),
    ("76011090", "BHA-LK-01", None),
    ("76012080", "YLA-AN-01", None),
    ("76042100", "LNA-NH-01", None),
    ("76041090", "LNA-NH-01", None),
];
const OTHER_ORIGINS: &[&str] = &["IN", "TR", "UA", "EG", "VN", "AE", "NO", "BR"];

struct Line {
    declaration: String,
    release_date: NaiveDate,
    cn_code: &'static str,
    origin: &'static str,
    /// Three decimals, as text: the same figure in both files.
    net_mass: String,
    installation: Option<&'static str>,
    product: Option<&'static str>,
    /// Grey for the cement lines: their default values differ for white and grey.
    variant: Option<&'static str>,
}

fn line(i: usize) -> Line {
    let (cn_code, installation, product) = GOODS[i % GOODS.len()];
    let chinese = (i / GOODS.len()).is_multiple_of(2);
    let day = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date") + chrono::Days::new((i * 7 % 365) as u64);
    Line {
        declaration: format!("26DE{:014}A{} item {}", 4711900000000u64 + i as u64 / 3, i % 10, i % 3 + 1),
        release_date: day,
        cn_code,
        origin: if chinese { "CN" } else { OTHER_ORIGINS[i / GOODS.len() / 2 % OTHER_ORIGINS.len()] },
        net_mass: format!("{}.{:03}", 1 + i % 998, (i * 37 + 500) % 1000),
        installation: chinese.then_some(installation),
        product: if chinese { product } else { None },
        variant: cn_code.starts_with("2523").then_some("grey"),
    }
}

/// The declarant of `samples/imports-2025Q4.xlsx`.
fn declarant() -> TidyWorkbook {
    let mut wb = TidyWorkbook::with_layout(&IMPORTS);
    wb.field("eori", "DE123456789012345")
        .field("name", "Rheinland Baustoffe & Metallhandel GmbH")
        .field("role", "01")
        .field("subdivision", "Nordrhein-Westfalen")
        .field("city", "Duisburg")
        .field("street", "Hafenstraße")
        .field("number", "12")
        .field("post_code", "47119")
        .field("signature_place", "Duisburg")
        .field("signatory", "Anna Schröder")
        .field("signatory_position", "Head of Customs & Compliance")
        .field("global_data_confirmation", "yes")
        .field("use_of_data_confirmation", "yes")
        .field("other_methodology", "no");
    wb
}

fn workbook(out: &Path, n: usize) -> Result<(), String> {
    let mut wb = declarant();
    let rows = wb.rows_mut(IMPORTS_SHEET);
    rows.reserve(n);
    for i in 0..n {
        let l = line(i);
        let mut row = cbam::tidy_row![
            "declaration" => l.declaration,
            "release_date" => l.release_date,
            "cn_code" => l.cn_code,
            "origin_country" => l.origin,
            "net_mass" => CellValue::number(l.net_mass),
            "requested_procedure" => "40",
            "import_area" => "EU",
        ];
        if let Some(inst) = l.installation {
            row.push(("installation", CellValue::from(inst)));
        }
        if let Some(p) = l.product {
            row.push(("product", CellValue::from(p)));
        }
        if let Some(v) = l.variant {
            row.push(("variant", CellValue::from(v)));
        }
        rows.push(row);
    }
    wb.save(out).map_err(|e| e.to_string())
}

fn csv(out: &Path, n: usize) -> Result<(), String> {
    let file = std::fs::File::create(out).map_err(|e| e.to_string())?;
    let mut w = std::io::BufWriter::new(file);
    let mut write = || -> std::io::Result<()> {
        writeln!(w, "declaration,release_date,cn_code,origin_country,net_mass,requested_procedure,import_area,installation,product,variant")?;
        for i in 0..n {
            let l = line(i);
            writeln!(
                w,
                "{},{},{},{},{},40,EU,{},{},{}",
                l.declaration,
                l.release_date,
                l.cn_code,
                l.origin,
                l.net_mass,
                l.installation.unwrap_or(""),
                l.product.unwrap_or(""),
                l.variant.unwrap_or("")
            )?;
        }
        w.flush()
    };
    write().map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (out, n) = match args.as_slice() {
        [out, n] => match n.parse::<usize>() {
            Ok(n) => (Path::new(out).to_path_buf(), n),
            Err(_) => {
                eprintln!("expected a number of lines, found '{n}'");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: cargo run --release --example make_bench_imports -- OUT.xlsx|OUT.csv N");
            return ExitCode::from(2);
        }
    };
    let result = match out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("xlsx") => workbook(&out, n),
        Some("csv") => csv(&out, n),
        _ => Err("expected OUT.xlsx or OUT.csv".to_string()),
    };
    match result {
        Ok(()) => {
            eprintln!("wrote {} ({n} customs lines of 2026)", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
