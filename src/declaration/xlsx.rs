//! The declaration worksheet as an xlsx workbook, for the declarant who fills in the CBAM
//! Registry's declaration screens by hand: sheet `Declaration` (who, the year, the law applied,
//! totals, de minimis), sheet `Goods` (one row per CN code and installation, or country of origin
//! for default values: the year's mass, embedded emissions, free allocation adjustment, Article 9
//! reduction and certificates, as the declaration asks per good), sheet `Quarters` (the same per
//! quarter of import, with the certificate price of each quarter), and `Other sectors` and
//! `Holding` where there are any.
//!
//! Like the XML, it is a worksheet, not an official format: the Registry offers no upload schema
//! for the annual declaration, and the first sheet says so. Same worksheet, same bytes (the
//! document's creation date is fixed). Figures are numbers with the decimals of the JSON shown;
//! the JSON output carries them exactly.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet as Sheet, XlsxError};

use super::{Basis, Entry, Totals, Worksheet};
use crate::model::Dec;
use crate::tables::benchmarks::BenchmarkRoute;

/// The document's creation date: fixed, so that the bytes depend on the worksheet only.
const CREATED: (u16, u8, u8) = (2026, 1, 1);

struct Styles {
    title: Format,
    head: Format,
    label: Format,
    wrap: Format,
    mass: Format,
    specific: Format,
    tonnes: Format,
    eur: Format,
}

impl Styles {
    fn new(see_decimals: u32) -> Styles {
        let places = |n: u32| if n == 0 { "#,##0".to_string() } else { format!("#,##0.{}", "0".repeat(n as usize)) };
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            head: Format::new().set_bold().set_text_wrap().set_background_color("#DDEBF7"),
            label: Format::new().set_bold().set_background_color("#DDEBF7").set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            mass: Format::new().set_num_format(places(3)),
            specific: Format::new().set_num_format(places(see_decimals)),
            tonnes: Format::new().set_num_format(places(3)),
            eur: Format::new().set_num_format(places(2)),
        }
    }
}

fn num(d: Dec) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// A column of a table sheet: its heading and how each row gives its cell.
enum Cell {
    Text(String),
    Int(u64),
    Mass(Dec),
    Specific(Dec),
    Tonnes(Dec),
    Eur(Dec),
    Plain(Dec),
    Empty,
}

fn write_table(sheet: &mut Sheet, st: &Styles, head: &[(&str, f64)], rows: &[Vec<Cell>]) -> Result<(), XlsxError> {
    for (c, (h, width)) in head.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *h, &st.head)?;
        sheet.set_column_width(c, *width)?;
    }
    sheet.set_row_height(0, 45)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(t) => sheet.write_string(r, c, t).map(|_| ())?,
                Cell::Int(n) => sheet.write_number(r, c, *n as f64).map(|_| ())?,
                Cell::Mass(d) => sheet.write_number_with_format(r, c, num(*d), &st.mass).map(|_| ())?,
                Cell::Specific(d) => sheet.write_number_with_format(r, c, num(*d), &st.specific).map(|_| ())?,
                Cell::Tonnes(d) => sheet.write_number_with_format(r, c, num(*d), &st.tonnes).map(|_| ())?,
                Cell::Eur(d) => sheet.write_number_with_format(r, c, num(*d), &st.eur).map(|_| ())?,
                Cell::Plain(d) => sheet.write_number(r, c, num(*d)).map(|_| ())?,
                Cell::Empty => {}
            }
        }
    }
    if !rows.is_empty() {
        sheet.autofilter(0, 0, rows.len() as u32, head.len() as u16 - 1)?;
    }
    Ok(())
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt_text(s: Option<&str>) -> Cell {
    s.map_or(Cell::Empty, text)
}

fn basis(e: &Entry) -> &'static str {
    match e.basis {
        Basis::Actual => "actual",
        Basis::Default => "default",
    }
}

/// The year's figures of one CN code and installation (or origin, at default values): the
/// quarters' entries added up.
struct Good<'a> {
    first: &'a Entry,
    lines: usize,
    /// The quarters' figures added up.
    sums: Totals,
}

/// CN code, origin, installation, product, basis: one row of sheet Goods.
type GoodKey<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, Basis);

fn goods(ws: &Worksheet) -> Vec<Good<'_>> {
    let mut by: BTreeMap<GoodKey, Good> = BTreeMap::new();
    for e in &ws.entries {
        let o = &e.obligation;
        let key = (e.cn_code.cn8(), e.origin.as_str(), e.installation.as_deref(), e.product.as_deref(), e.basis);
        let g = by.entry(key).or_insert(Good { first: e, lines: 0, sums: Totals::default() });
        g.lines += e.lines;
        g.sums.add(o);
    }
    by.into_values().collect()
}

/// The worksheet as xlsx bytes.
pub fn write(ws: &Worksheet) -> Result<Vec<u8>, XlsxError> {
    let see_dp = ws.regime.rounding.map_or(7, |r| r.see_decimals);
    let st = Styles::new(see_dp);
    let mut book = Workbook::new();
    let properties = DocProperties::new()
        .set_title(format!("CBAM declaration worksheet {}", ws.year))
        .set_subject("Worksheet for the CBAM Registry's declaration screens; not an official upload format")
        .set_creation_datetime(&ExcelDateTime::from_ymd(CREATED.0, CREATED.1, CREATED.2)?);
    book.set_properties(&properties);

    // Declaration: label / value rows.
    let sheet = book.add_worksheet().set_name("Declaration")?;
    sheet.set_column_width(0, 42)?;
    sheet.set_column_width(1, 110)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.write_string_with_format(0, 0, format!("CBAM declaration worksheet {}", ws.year), &st.title)?;
    sheet.merge_range(1, 0, 1, 1, super::xml::NOTICE, &st.wrap)?;
    sheet.set_row_height(1, 32)?;
    let r = &ws.regime;
    let mut rows: Vec<(&str, Cell)> = vec![
        ("Declarant EORI", text(&ws.declarant_eori)),
        ("Declarant", text(&ws.declarant_name)),
        ("Year of import", Cell::Int(ws.year as u64)),
        ("Methodology", text(r.describe())),
        ("Default values", text(r.default_values)),
        ("Benchmarks", text(r.benchmarks)),
    ];
    if let Some(y) = r.year_rules {
        rows.push(("CBAM factor", Cell::Plain(y.cbam_factor)));
        rows.push(("Default-value mark-up", Cell::Plain(y.default_markup)));
        rows.push(("Yearly figures from", text(r.year_rules_source.unwrap_or_default())));
    }
    rows.push(("CSCF", Cell::Plain(ws.cscf)));
    rows.push(("Article 9", text(format!("{}; source: {}", ws.article9.label(), ws.article9.source))));
    rows.push(("Article 9 reference price (EUR)", ws.art9_reference_price.map_or(text("not known: a quarter's price is missing"), Cell::Eur)));
    let mut quarters: BTreeMap<u32, &crate::tables::prices::Price> = BTreeMap::new();
    for e in &ws.entries {
        quarters.entry(e.quarter).or_insert(&e.certificate_price);
    }
    let labels: Vec<String> = quarters.keys().map(|q| format!("Certificate price {}Q{q} (EUR)", ws.year)).collect();
    let sources: Vec<String> = quarters.values().map(|p| format!("{}: {}", p.status, p.source)).collect();
    let t = &ws.totals;
    let dm = &ws.de_minimis;
    let totals = [
        ("Net mass of cement and aluminium (t)", Cell::Mass(t.mass_t)),
        ("Embedded emissions (tCO2e)", Cell::Tonnes(t.embedded_t)),
        ("Free allocation adjustment (tCO2e)", Cell::Tonnes(t.faa_t)),
        ("Article 9 reduction (tCO2e)", Cell::Tonnes(t.art9_t)),
        ("Certificates", Cell::Tonnes(t.certificates)),
        ("Cost (EUR)", Cell::Eur(t.cost_eur)),
        ("De minimis threshold (t)", Cell::Mass(dm.threshold_t)),
        ("CBAM goods imported, every sector (t)", Cell::Mass(dm.mass_t)),
        ("of which other sectors, counted only (t)", Cell::Mass(dm.other_sectors_mass_t)),
        (
            "Declaration due",
            text(if dm.exempt { "no: not above the de minimis threshold" } else { "yes: above the de minimis threshold, every good of the year" }),
        ),
    ];
    let mut row = 3u32;
    let mut put = |sheet: &mut Sheet, label: &str, cell: &Cell| -> Result<(), XlsxError> {
        sheet.write_string_with_format(row, 0, label, &st.label)?;
        match cell {
            Cell::Text(s) => {
                sheet.write_string_with_format(row, 1, s, &st.wrap)?;
                // Spreadsheet programs do not grow a row for wrapped text they did not edit:
                // give it the lines it needs at the column's width (110 characters).
                let lines = s.chars().count().div_ceil(105).max(1);
                if lines > 1 {
                    sheet.set_row_height(row, 15.0 * lines as f64)?;
                }
            }
            Cell::Int(n) => sheet.write_number(row, 1, *n as f64).map(|_| ())?,
            Cell::Mass(d) => sheet.write_number_with_format(row, 1, num(*d), &st.mass).map(|_| ())?,
            Cell::Specific(d) => sheet.write_number_with_format(row, 1, num(*d), &st.specific).map(|_| ())?,
            Cell::Tonnes(d) => sheet.write_number_with_format(row, 1, num(*d), &st.tonnes).map(|_| ())?,
            Cell::Eur(d) => sheet.write_number_with_format(row, 1, num(*d), &st.eur).map(|_| ())?,
            Cell::Plain(d) => sheet.write_number(row, 1, num(*d)).map(|_| ())?,
            Cell::Empty => {}
        }
        row += 1;
        Ok(())
    };
    for (label, cell) in &rows {
        put(sheet, label, cell)?;
    }
    for ((label, p), source) in labels.iter().zip(quarters.values()).zip(&sources) {
        put(sheet, label, &Cell::Eur(p.eur))?;
        put(sheet, "  source", &text(source.as_str()))?;
    }
    for (label, cell) in &totals {
        put(sheet, label, cell)?;
    }

    // Goods: per CN code and installation, the year.
    let head = [
        ("CN code", 11.0),
        ("Origin", 8.0),
        ("Installation", 14.0),
        ("Product", 24.0),
        ("Basis", 9.0),
        ("Variant", 8.0),
        ("Customs lines", 9.0),
        ("Net mass (t)", 14.0),
        ("SEE direct (tCO2e/t)", 12.0),
        ("SEE indirect (tCO2e/t)", 12.0),
        ("Default value (tCO2e/t)", 12.0),
        ("Mark-up", 8.0),
        ("SEE counted (tCO2e/t)", 12.0),
        ("Embedded emissions (tCO2e)", 15.0),
        ("Benchmark column", 10.0),
        ("Benchmark (tCO2e/t)", 12.0),
        ("SEFA (tCO2e/t)", 12.0),
        ("Free allocation adjustment (tCO2e)", 15.0),
        ("Carbon price paid (EUR/t)", 12.0),
        ("Article 9 reduction (tCO2e)", 13.0),
        ("Certificates", 14.0),
        ("Cost (EUR)", 15.0),
        ("Supplier file", 30.0),
    ];
    let rows: Vec<Vec<Cell>> = goods(ws)
        .into_iter()
        .map(|g| {
            let e = g.first;
            let o = &e.obligation;
            vec![
                text(e.cn_code.cn8()),
                text(e.origin.as_str()),
                opt_text(e.installation.as_deref()),
                opt_text(e.product.as_deref()),
                text(basis(e)),
                opt_text(e.variant.map(|v| v.code())),
                Cell::Int(g.lines as u64),
                Cell::Mass(g.sums.mass_t),
                e.see_direct.map_or(Cell::Empty, Cell::Specific),
                e.see_indirect.map_or(Cell::Empty, Cell::Specific),
                e.default_total.map_or(Cell::Empty, Cell::Plain),
                o.markup.map_or(Cell::Empty, Cell::Plain),
                Cell::Specific(o.see_used),
                Cell::Tonnes(g.sums.embedded_t),
                text(e.benchmark_used.column.letter()),
                Cell::Plain(o.benchmark),
                Cell::Plain(o.sefa),
                Cell::Tonnes(g.sums.faa_t),
                e.carbon_price_eur_per_t.map_or(Cell::Empty, Cell::Eur),
                Cell::Tonnes(g.sums.art9_t),
                Cell::Tonnes(g.sums.certificates),
                Cell::Eur(g.sums.cost_eur),
                opt_text(e.supplier_file.as_deref()),
            ]
        })
        .collect();
    write_table(book.add_worksheet().set_name("Goods")?, &st, &head, &rows)?;

    // Quarters: each entry as computed.
    let head = [
        ("Quarter", 8.0),
        ("CN code", 11.0),
        ("Origin", 8.0),
        ("Installation", 14.0),
        ("Product", 24.0),
        ("Basis", 9.0),
        ("Customs lines", 9.0),
        ("Net mass (t)", 14.0),
        ("SEE counted (tCO2e/t)", 12.0),
        ("Embedded emissions (tCO2e)", 15.0),
        ("Benchmark column", 10.0),
        ("Benchmark route", 10.0),
        ("Benchmark (tCO2e/t)", 12.0),
        ("CBAM factor", 9.0),
        ("CSCF", 8.0),
        ("SEFA (tCO2e/t)", 12.0),
        ("Free allocation adjustment (tCO2e)", 15.0),
        ("Article 9 reduction (tCO2e)", 13.0),
        ("Article 9 note", 40.0),
        ("Certificates", 14.0),
        ("Certificate price (EUR)", 11.0),
        ("Price source", 30.0),
        ("Cost (EUR)", 15.0),
    ];
    let rows: Vec<Vec<Cell>> = ws
        .entries
        .iter()
        .map(|e| {
            let o = &e.obligation;
            vec![
                text(format!("Q{}", e.quarter)),
                text(e.cn_code.cn8()),
                text(e.origin.as_str()),
                opt_text(e.installation.as_deref()),
                opt_text(e.product.as_deref()),
                text(basis(e)),
                Cell::Int(e.lines as u64),
                Cell::Mass(o.mass_t),
                Cell::Specific(o.see_used),
                Cell::Tonnes(o.embedded_t),
                text(e.benchmark_used.column.letter()),
                opt_text(e.benchmark_route.map(BenchmarkRoute::code)),
                Cell::Plain(o.benchmark),
                Cell::Plain(o.cbam_factor),
                Cell::Plain(o.cscf),
                Cell::Plain(o.sefa),
                Cell::Tonnes(o.faa_t),
                Cell::Tonnes(o.art9_t),
                opt_text(o.art9_basis.as_deref().or(o.art9_refused.as_deref())),
                Cell::Tonnes(o.certificates),
                Cell::Eur(e.certificate_price.eur),
                text(format!("{}: {}", e.certificate_price.status, e.certificate_price.source)),
                Cell::Eur(o.cost_eur),
            ]
        })
        .collect();
    write_table(book.add_worksheet().set_name("Quarters")?, &st, &head, &rows)?;

    if !ws.other_sectors.is_empty() {
        let head = [("Sector", 20.0), ("Customs lines", 9.0), ("Net mass (t)", 14.0), ("Counted for de minimis", 12.0)];
        let rows: Vec<Vec<Cell>> = ws
            .other_sectors
            .iter()
            .map(|o| vec![text(o.sector), Cell::Int(o.lines as u64), Cell::Mass(o.mass_t), text(if o.counted_for_de_minimis { "yes" } else { "no" })])
            .collect();
        write_table(book.add_worksheet().set_name("Other sectors")?, &st, &head, &rows)?;
    }
    if let Some(h) = &ws.holding {
        let head = [("Quarter end", 10.0), ("Embedded emissions so far, net of FAA (tCO2e)", 18.0), ("Share", 8.0), ("Certificates to hold", 14.0)];
        let rows: Vec<Vec<Cell>> = h
            .iter()
            .map(|q| vec![text(format!("{}Q{}", ws.year, q.quarter)), Cell::Tonnes(q.embedded_net_t), Cell::Plain(q.share), Cell::Tonnes(q.certificates)])
            .collect();
        write_table(book.add_worksheet().set_name("Holding")?, &st, &head, &rows)?;
    }
    book.save_to_buffer()
}
