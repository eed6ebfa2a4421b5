//! `cbam declaration`: the annual declaration worksheet of the definitive period.

use cbam::model::DiagCode;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::ValueEnum;

use super::{Outcome, report as print_problems};
use cbam::declaration::{self, Basis, Options, Worksheet};
use cbam::model::Dec;
use cbam::render::results::{aligned, fixed, grouped};
use cbam::report::suppliers::Suppliers;
use cbam::tables::benchmarks::BenchmarkRoute;

pub(super) fn dec(s: &str) -> Result<Dec, String> {
    match cbam::validate::fields::dec_from_text(s) {
        Some(d) if !d.is_sign_negative() => Ok(d),
        _ => Err(format!("expected a number that is not negative, such as 75.36, found '{s}'")),
    }
}

fn route(s: &str) -> Result<(String, BenchmarkRoute), String> {
    let (cn, r) = s.split_once('=').ok_or_else(|| format!("expected CN=ROUTE such as 76042100=K, found '{s}'"))?;
    let cn: String = cn.chars().filter(|c| c.is_ascii_digit()).collect();
    let r = super::cost::benchmark_route(r)?;
    if cn.len() != 8 {
        return Err(format!("expected an 8-digit CN code before '=', found '{s}'"));
    }
    Ok((cn, r))
}

/// `2026Q4=79.10`: a quarter of import and its certificate price in EUR.
fn quarter_price(s: &str) -> Result<((i32, u32), Dec), String> {
    let (q, p) = s.split_once('=').ok_or_else(|| format!("expected QUARTER=EUR such as 2026Q4=79.10, found '{s}'"))?;
    let quarter = cbam::tables::prices::parse_quarter(q).ok_or_else(|| format!("expected a quarter such as 2026Q4, found '{q}'"))?;
    let price = dec(p.trim())?;
    if price <= Dec::ZERO {
        return Err(format!("expected a price above zero, found {p}"));
    }
    Ok((quarter, price))
}

/// `CN=12.50`: a country and its yearly default carbon price in EUR per tCO2e.
fn country_price(s: &str) -> Result<(cbam::model::CountryCode, Dec), String> {
    let (c, p) = s.split_once('=').ok_or_else(|| format!("expected COUNTRY=EUR such as CN=12.50, found '{s}'"))?;
    let country = cbam::model::CountryCode::parse(c.trim()).ok_or_else(|| format!("expected an ISO 3166-1 alpha-2 country code such as CN, found '{c}'"))?;
    Ok((country, dec(p.trim())?))
}

/// A year of the definitive period whose yearly figures are known.
fn definitive_year(s: &str) -> Result<i32, String> {
    let year: i32 = s.trim().parse().map_err(|_| format!("expected a year such as 2026, found '{s}'"))?;
    match cbam::regime::Regime::for_year(year, None) {
        Ok(r) if r.year_rules.is_some() => Ok(year),
        Ok(_) => Err(format!("{year} is not a year of the definitive period (from {})", cbam::regime::Regime::first_definitive_year())),
        Err(e) => Err(e.to_string()),
    }
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  cbam declaration --imports imports-2026.xlsx --suppliers suppliers/ --year 2026 --price 2026Q4=79.10\n\n\
Per quarter of import, CN code and installation: the mass imported, the SEE used (the supplier's verified actual values, or \
the default value of the country of origin with the year's mark-up: a supplier whose workbook names no verification report is \
declared at default values), embedded emissions, the free allocation adjustment (benchmark × CBAM factor of the year × CSCF: \
column A with actual values, column B with default values), the Article 9 reduction for a carbon price effectively paid \
abroad, the certificates due and their cost; totals; the de minimis check (the importer's yearly net mass of CBAM goods). \
The output names the acts, tables and yearly figures applied.\n\n\
Outputs: a table (default), JSON (exact figures), XML in this project's own namespace and schema \
(schemas/cbam-declaration-worksheet-1.xsd), or an xlsx workbook (-o FILE.xlsx) with sheets Declaration, Goods (per CN code and \
installation, the year) and Quarters. The Registry publishes no upload format for the annual declaration: these are worksheets \
for filling in its declaration screens, not official formats.")]
pub struct Args {
    /// Imports workbook with the year's customs lines, or a CSV file of them (named .csv; header
    /// line of the workbook's column keys; give --declarant-eori and --declarant-name).
    #[arg(long)]
    pub imports: PathBuf,
    /// Directory with the suppliers' installation workbooks.
    #[arg(long)]
    pub suppliers: PathBuf,
    /// Year declared (a year of the definitive period).
    #[arg(long, value_parser = definitive_year)]
    pub year: i32,
    /// One CBAM certificate price for every quarter, EUR per tCO2e. Default: each quarter's
    /// price (2026: the quarterly average of EU ETS auction prices, shipped for the quarters
    /// published so far; `--price` gives the others).
    #[arg(long, value_parser = dec)]
    pub cbam_price: Option<Dec>,
    /// The certificate price of a quarter of import, e.g. 2026Q4=79.10 (repeatable): overrides or
    /// completes the shipped prices. A quarter with customs lines and no price is an error.
    #[arg(long = "price", value_parser = quarter_price)]
    pub prices: Vec<((i32, u32), Dec)>,
    /// Cross-sectoral correction factor of the year (published yearly).
    #[arg(long, value_parser = dec, default_value = "1")]
    pub cscf: Dec,
    /// Benchmark route for a CN code where the benchmark table has several and the supplier's route
    /// does not settle it, e.g. 76042100=K (repeatable).
    #[arg(long = "benchmark-route", value_parser = route)]
    pub routes: Vec<(String, BenchmarkRoute)>,
    /// A yearly default carbon price of a country of origin, EUR per tCO2e, e.g. CN=12.50
    /// (repeatable; Art. 9(4): the Commission may publish them from 2027, none is published yet).
    /// Applied to the embedded emissions of goods from that country without a price effectively
    /// paid; every Article 9 figure is provisional while the implementing act is a draft.
    #[arg(long = "default-carbon-price", value_parser = country_price)]
    pub default_carbon_prices: Vec<(cbam::model::CountryCode, Dec)>,
    /// Also print the certificates to hold at the end of each quarter (Art. 22(2), from 2027
    /// imports): the year's share of the embedded emissions imported so far, at default values
    /// without the mark-up, net of the free allocation adjustment.
    #[arg(long)]
    pub holding: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// EORI number of the declarant, for a CSV file of customs lines, which names none (an
    /// imports workbook names it in sheet Declarant; given too, it must agree).
    #[arg(long)]
    pub declarant_eori: Option<String>,
    /// Name of the declarant, for a CSV file of customs lines (as --declarant-eori).
    #[arg(long)]
    pub declarant_name: Option<String>,
}

/// The declarant's EORI number and name: the imports workbook's, or those given on the command
/// line for a CSV file, which names none.
fn declarant(imports: &cbam::model::Imports, a: &Args) -> Result<(String, String), cbam::model::Diagnostic> {
    use cbam::model::Diagnostic;
    let given = [("--declarant-eori", &a.declarant_eori), ("--declarant-name", &a.declarant_name)];
    match &imports.declarant {
        Some(d) => {
            for ((flag, value), (field, own)) in given.iter().zip([("eori", &d.eori), ("name", &d.name)]) {
                if let Some(v) = value
                    && v.trim() != own
                {
                    return Err(Diagnostic::error(
                        DiagCode::DeclarationDeclarant,
                        None,
                        format!("{flag} is '{v}' but the imports workbook's {field} (sheet Declarant) is '{own}'"),
                    )
                    .hint(format!("leave out {flag}: the workbook names the declarant")));
                }
            }
            Ok((d.eori.clone(), d.name.clone()))
        }
        None => {
            let missing: Vec<&str> = given.iter().filter(|(_, v)| v.as_deref().is_none_or(|v| v.trim().is_empty())).map(|(f, _)| *f).collect();
            if !missing.is_empty() {
                return Err(Diagnostic::error(
                    DiagCode::DeclarationDeclarant,
                    None,
                    format!("expected {}: a CSV file of customs lines names no declarant", missing.join(" and ")),
                )
                .hint(
                    "e.g. --declarant-eori DE123456789012345 --declarant-name \"Rheinland Baustoffe GmbH\", or use an imports workbook (`cbam init --imports`)",
                ));
            }
            let (eori, name) =
                (a.declarant_eori.clone().unwrap_or_default().trim().to_string(), a.declarant_name.clone().unwrap_or_default().trim().to_string());
            if !cbam::read::imports::is_eori(&eori) {
                return Err(Diagnostic::error(
                    DiagCode::DeclarationDeclarant,
                    None,
                    format!(
                        "expected an EORI number for --declarant-eori (a country code and up to 15 capital letters or digits, e.g. DE123456789012345), found '{eori}'"
                    ),
                ));
            }
            Ok((eori, name))
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Xml,
    /// A workbook for the Registry's declaration screens (sheets Declaration, Goods, Quarters); needs -o.
    Xlsx,
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    if matches!(a.format, Format::Xlsx) && a.output.is_none() {
        bail!("--format xlsx writes a workbook: give its file with -o, e.g. -o declaration-{}.xlsx", a.year);
    }
    if let Some(o) = &a.output
        && o.exists()
        && !a.force
    {
        bail!("{} exists; use --force to replace it", o.display());
    }
    // The suppliers' workbooks are read and computed while the customs lines are read: neither
    // needs the other, and reading the lines leaves part of a core free.
    let (imports_read, suppliers_read) = std::thread::scope(|s| {
        let suppliers = s.spawn(|| Suppliers::load(&a.suppliers, a.year, Some(&a.imports), cbam::report::suppliers::Purpose::Declaration));
        let imports = cbam::report::load_imports(&a.imports);
        (imports, suppliers.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    let (imports, idiags) = match imports_read {
        Ok(x) => x,
        Err(d) => {
            print_problems(&d);
            return Ok(Outcome::from_problems(&d));
        }
    };
    let (eori, name) = match declarant(&imports, &a) {
        Ok(x) => x,
        Err(d) => {
            print_problems(std::slice::from_ref(&d));
            return Ok(Outcome::from_problems(&[d]));
        }
    };
    let (suppliers, swarn) = match suppliers_read {
        Ok(x) => x,
        Err(d) => {
            print_problems(&d);
            return Ok(Outcome::from_problems(&d));
        }
    };
    let opts = Options {
        year: a.year,
        cbam_price: a.cbam_price,
        prices: a.prices.iter().cloned().collect(),
        cscf: a.cscf,
        routes: a.routes.iter().cloned().collect::<BTreeMap<_, _>>(),
        default_carbon_prices: a.default_carbon_prices.iter().cloned().collect(),
        holding: a.holding,
    };
    let (mut ws, warnings) = match declaration::build(&imports, &suppliers, &opts) {
        Ok(x) => x,
        Err(d) => {
            print_problems(&d);
            return Ok(Outcome::from_problems(&d));
        }
    };
    (ws.declarant_eori, ws.declarant_name) = (eori, name);
    let mut all = idiags.into_sorted();
    all.extend(swarn);
    all.extend(warnings);
    print_problems(&all);
    let bytes = match a.format {
        Format::Table => table(&ws).into_bytes(),
        Format::Json => (serde_json::to_string_pretty(&ws)? + "\n").into_bytes(),
        Format::Xml => {
            let xml = declaration::xml::write(&ws);
            let errors = declaration::xml::validate(&xml).map_err(|e| anyhow::anyhow!("checking the worksheet against its schema: {e}"))?;
            if !errors.is_empty() {
                print_problems(&errors);
                bail!("the worksheet XML does not match schemas/cbam-declaration-worksheet-1.xsd (an internal error): nothing written");
            }
            xml
        }
        Format::Xlsx => declaration::xlsx::write(&ws).map_err(|e| anyhow::anyhow!("writing the worksheet workbook: {e}"))?,
    };
    match &a.output {
        Some(path) => {
            cbam::render::write_atomically(path, &bytes).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
        None => std::io::stdout().lock().write_all(&bytes).context("writing to standard output")?,
    }
    // A year of customs lines is hundreds of thousands of small allocations: the process ends
    // here, and the system takes the memory back faster than freeing it line by line would.
    std::mem::forget(imports);
    Ok(Outcome::Done)
}

fn table(ws: &Worksheet) -> String {
    let mut s = format!("CBAM declaration worksheet {} for {} ({}); CSCF {}\n\n", ws.year, ws.declarant_name, ws.declarant_eori, ws.cscf.normalize());
    let r = &ws.regime;
    if let Some(y) = r.year_rules {
        s = s.trim_end().to_string() + "\n";
        s.push_str(&format!(
            "{}; CBAM factor {}, default-value mark-up {} %, de minimis {} t ({}); default values: {}; benchmarks: {}\n\n",
            r.describe(),
            y.cbam_factor.normalize(),
            (y.default_markup * Dec::ONE_HUNDRED).normalize(),
            y.de_minimis_t.normalize(),
            r.year_rules_source.unwrap_or_default(),
            r.default_values,
            r.benchmarks
        ));
    }
    let see_dp = r.rounding.map_or(6, |x| x.see_decimals);
    let head = [
        "quarter",
        "CN code",
        "origin",
        "installation",
        "basis",
        "mass (t)",
        "SEE*",
        "embedded",
        "BM col",
        "SEFA",
        "FAA",
        "Art. 9",
        "certificates",
        "price EUR",
        "cost EUR",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for e in &ws.entries {
        let o = &e.obligation;
        rows.push(vec![
            format!("Q{}", e.quarter),
            e.cn_code.to_string(),
            e.origin.to_string(),
            e.installation.clone().unwrap_or_else(|| "-".into()),
            match e.basis {
                Basis::Actual => "actual".into(),
                Basis::Default => format!("default +{}%", o.markup.map(|m| (m * Dec::ONE_HUNDRED).normalize().to_string()).unwrap_or_default()),
            },
            grouped(o.mass_t, 3),
            fixed(o.see_used, see_dp),
            grouped(o.embedded_t, 3),
            format!("{:?} {}", e.benchmark_used.column, e.benchmark_used.value.normalize()),
            fixed(o.sefa, see_dp),
            grouped(o.faa_t, 3),
            grouped(o.art9_t, 3),
            grouped(o.certificates, 3),
            fixed(e.certificate_price.eur, 2),
            grouped(o.cost_eur, 2),
        ]);
    }
    let t = &ws.totals;
    rows.push(vec![
        "total".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        grouped(t.mass_t, 3),
        String::new(),
        grouped(t.embedded_t, 3),
        String::new(),
        String::new(),
        grouped(t.faa_t, 3),
        grouped(t.art9_t, 3),
        grouped(t.certificates, 3),
        String::new(),
        grouped(t.cost_eur, 2),
    ]);
    s.push_str(&aligned(&head, &rows, 5));
    // Where each quarter's certificate price comes from.
    let mut quarters: Vec<(u32, &cbam::tables::prices::Price)> = ws.entries.iter().map(|e| (e.quarter, &e.certificate_price)).collect();
    quarters.sort_by_key(|(q, _)| *q);
    quarters.dedup_by_key(|(q, _)| *q);
    for (q, p) in quarters {
        s.push_str(&format!("certificate price {}Q{q}: EUR {} ({}: {})\n", ws.year, p.eur.normalize(), p.status, p.source));
    }
    s.push_str(
        "benchmarks: column A (actual values: the process benchmark plus each precursor's, per tonne of good) or column B (default values); SEFA = benchmark × CBAM factor × CSCF\n",
    );
    s.push_str(&format!(
        "Article 9: {}{}\n",
        ws.article9.label(),
        ws.art9_reference_price
            .map(|p| format!(
                "; converted at EUR {} per certificate, {}",
                fixed(p, 4),
                if ws.cbam_price.is_some() { "the price given with --cbam-price" } else { "the year's average of the quarters' prices" }
            ))
            .unwrap_or_default()
    ));
    for e in ws.entries.iter().filter(|e| e.obligation.art9_basis.is_some() || e.obligation.art9_refused.is_some()) {
        let o = &e.obligation;
        s.push_str(&format!(
            "  Q{} {} {}: {}\n",
            e.quarter,
            e.cn_code,
            e.installation.as_deref().unwrap_or(e.origin.as_str()),
            match (&o.art9_basis, &o.art9_refused) {
                (Some(b), _) => format!("{} certificates: {b}", grouped(o.art9_t, 3)),
                (None, Some(r)) => format!("no deduction: {r}"),
                (None, None) => String::new(),
            }
        ));
    }
    let dm = &ws.de_minimis;
    for o in &ws.other_sectors {
        s.push_str(&format!(
            "other sector: {} line(s) of {}, {} t{}\n",
            o.lines,
            o.sector,
            grouped(o.mass_t, 3),
            if o.counted_for_de_minimis { ", counted for de minimis, not computed here" } else { ", not counted for de minimis (Art. 2a(4))" }
        ));
    }
    s.push_str(&format!(
        "\nde minimis: {} t of CBAM goods imported in {} ({} t cement and aluminium, {} t other sectors); threshold {} t: {}\n",
        grouped(dm.mass_t, 3),
        ws.year,
        grouped(dm.computed_mass_t, 3),
        grouped(dm.other_sectors_mass_t, 3),
        dm.threshold_t.normalize(),
        if dm.exempt { "not above it, no declaration is due" } else { "above it, a declaration is due for every good of the year" }
    ));
    if let Some(h) = &ws.holding {
        s.push_str("\nquarterly holding (Art. 22(2)(a): default values without mark-up, net of FAA):\n");
        for q in h {
            s.push_str(&format!(
                "  end of {}Q{}: {} tCO2e imported so far × {} = {} certificates to hold\n",
                ws.year,
                q.quarter,
                grouped(q.embedded_net_t, 3),
                q.share.normalize(),
                grouped(q.certificates, 3)
            ));
        }
    }
    s.push_str("Certificates are computed exactly (JSON and XML carry 7 decimals); whole certificates are surrendered in the Registry.\n");
    s
}
