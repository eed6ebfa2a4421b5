//! `cbam cost`: what carbon pricing costs an exporter per tonne, in the gross model exporters
//! quote and, beside it, under the definitive CBAM rules.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, anyhow, bail};
use clap::ValueEnum;
use serde::Serialize;

use super::{Outcome, report};
use crate::compute::definitive::{self, Obligation, ObligationInput, SeeBasis};
use crate::compute::exposure::{self, Gross, GrossInput};
use crate::model::{CnCode, CnError, CountryCode, Dec, Variant, CN_CODE_EXPECTED};
use crate::render::results::fixed;
use crate::tables::benchmarks::Benchmarks;
use crate::tables::defaults::DefaultValues;

fn dec(s: &str) -> Result<Dec, String> {
    crate::validate::fields::dec_from_text(s).ok_or_else(|| format!("expected a plain decimal number such as 0.8, found '{s}'"))
}

fn non_negative(s: &str) -> Result<Dec, String> {
    let d = dec(s)?;
    if d.is_sign_negative() && !d.is_zero() { Err(format!("expected a number that is not negative, found {s}")) } else { Ok(d) }
}

fn years(s: &str) -> Result<(i32, i32), String> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let p = |t: &str| t.trim().parse::<i32>().map_err(|_| format!("expected a year or a range such as 2026-2034, found '{s}'"));
    let (a, b) = (p(a)?, p(b)?);
    let (lo, hi) = crate::tables::years::covered_years();
    if a > b || a < lo || b > hi {
        return Err(format!("expected years within {lo}-{hi} (the definitive period's published factors), found '{s}'"));
    }
    Ok((a, b))
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
cbam cost --intensity 0.8 --cn-price 60 --eu-price 80 --eur-cny 8 --revenue 400 --production-cost 187\n  \
cbam cost --intensity 1.42 --cn-price 60 --eu-price 75.36 --eur-cny 7.8 --revenue 400 --production-cost 187 --cn-code 25232900\n  \
cbam cost ... --cn-code 76011090 --workbook samples/aluminium-smelter-coal-cn.xlsx --format json\n\n\
The gross model charges the whole intensity at the EU price. The definitive view applies the rules from 2026: \
actual values (from --workbook) or the country's default values with the year's mark-up, direct emissions only for \
aluminium, the free allocation adjustment (benchmark of IR 2025/2620 × CBAM factor of the year × CSCF) and, with \
actual values only, the deduction of the carbon price effectively paid in China.")]
pub struct Args {
    /// Carbon intensity of the good, tCO2e per tonne.
    #[arg(long, allow_hyphen_values = true, value_parser = non_negative)]
    pub intensity: Dec,
    /// Carbon price in China, CNY per tCO2e.
    #[arg(long, allow_hyphen_values = true, value_parser = non_negative)]
    pub cn_price: Dec,
    /// EU carbon price (CBAM certificate price), EUR per tCO2e.
    #[arg(long, allow_hyphen_values = true, value_parser = non_negative)]
    pub eu_price: Dec,
    /// Exchange rate, CNY per EUR.
    #[arg(long, allow_hyphen_values = true, value_parser = non_negative)]
    pub eur_cny: Dec,
    /// Revenue, CNY per tonne of good.
    #[arg(long, allow_hyphen_values = true, value_parser = dec)]
    pub revenue: Dec,
    /// Production cost without carbon, CNY per tonne of good.
    #[arg(long, allow_hyphen_values = true, value_parser = non_negative)]
    pub production_cost: Dec,
    /// CN code of the good: adds the view under the definitive rules.
    #[arg(long)]
    pub cn_code: Option<String>,
    /// Years of the definitive view.
    #[arg(long, value_parser = years, default_value = "2026-2034")]
    pub years: (i32, i32),
    /// Country of production, for default values.
    #[arg(long, default_value = "CN")]
    pub country: String,
    /// grey or white, where default values or benchmarks distinguish them (clinker, cements).
    #[arg(long)]
    pub variant: Option<String>,
    /// Benchmark production route where IR 2025/2620 has several (A, B, K, L, 1, 2). Default: the
    /// route the default value is based on.
    #[arg(long)]
    pub route: Option<String>,
    /// Cross-sectoral correction factor (published yearly).
    #[arg(long, value_parser = non_negative, default_value = "1")]
    pub cscf: Dec,
    /// Installation workbook: use its actual SEE for the good and its carbon price.
    #[arg(long)]
    pub workbook: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

/// One year of the definitive view, per tonne of good.
#[derive(Debug, Serialize)]
struct YearRow {
    #[serde(flatten)]
    obligation: Obligation,
    /// CBAM cost, China carbon cost, total cost and profit, CNY per tonne.
    cbam_cost_cny: Dec,
    china_carbon_cost_cny: Dec,
    total_cost_cny: Dec,
    profit_cny: Dec,
}

#[derive(Debug, Serialize)]
struct Definitive {
    cn_code: CnCode,
    basis: String,
    benchmark_route: Option<String>,
    years: Vec<YearRow>,
    explanation: String,
}

#[derive(Debug, Serialize)]
struct Output {
    #[serde(flatten)]
    gross: Gross,
    #[serde(skip_serializing_if = "Option::is_none")]
    definitive: Option<Definitive>,
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let gross = exposure::gross(&GrossInput {
        intensity: a.intensity,
        cn_price: a.cn_price,
        eu_price: a.eu_price,
        eur_cny: a.eur_cny,
        revenue: a.revenue,
        production_cost: a.production_cost,
    });
    let definitive = match &a.cn_code {
        None => None,
        Some(cn) => match definitive_view(&a, cn)? {
            Ok(d) => Some(d),
            Err(outcome) => return Ok(outcome),
        },
    };
    let out = Output { gross, definitive };
    let text = match a.format {
        Format::Json => serde_json::to_string_pretty(&out)? + "\n",
        Format::Table => table(&a, &out),
    };
    std::io::stdout().lock().write_all(text.as_bytes()).context("writing to standard output")?;
    Ok(Outcome::Done)
}

fn definitive_view(a: &Args, cn_text: &str) -> anyhow::Result<Result<Definitive, Outcome>> {
    let cn = CnCode::parse(cn_text).map_err(|e| match e {
        CnError::Malformed => anyhow!("--cn-code: expected {CN_CODE_EXPECTED}, found '{cn_text}'"),
        CnError::OtherCbamSector(s) => anyhow!("--cn-code: {cn_text} is a CBAM good of the {s} sector; this tool covers cement and aluminium"),
        CnError::NotCbam => anyhow!("--cn-code: {cn_text} is not a CBAM good of cement or aluminium"),
    })?;
    let variant = a.variant.as_deref().map(|v| Variant::parse(v).ok_or_else(|| anyhow!("--variant: expected grey or white, found '{v}'"))).transpose()?;
    let country = CountryCode::parse(&a.country).ok_or_else(|| anyhow!("--country: expected an ISO 3166-1 alpha-2 code such as CN, found '{}'", a.country))?;
    let category = cn.category();

    // SEE and carbon price: actual from the workbook, or the country's default.
    let (see, basis, carbon_eur, default_route) = match &a.workbook {
        Some(path) => {
            let (loaded, res, _) = match crate::compute_file(path, Some(a.years.0)) {
                Ok(x) => x,
                Err(diags) => {
                    report(&diags);
                    return Ok(Err(Outcome::from_problems(&diags)));
                }
            };
            report(&loaded.warnings);
            let Some((i, g)) = res.goods.iter().enumerate().find(|(_, g)| g.cn_code == cn) else {
                bail!("{} makes no good with CN code {cn}", path.display());
            };
            let eur = res.carbon_price.goods.get(i).map(|c| c.amount_eur.ok_or_else(|| anyhow!("the workbook's carbon price has no EUR exchange rate"))).transpose()?;
            (SeeBasis::Actual { direct: g.see_direct, indirect: g.see_indirect }, format!("actual values of {} ({})", loaded.installation.identity.name_en, g.product), eur, None)
        }
        None => {
            let dv = DefaultValues::embedded();
            let found = dv.lookup(&country, &cn, variant).ok_or_else(|| anyhow!("no default value for {cn} in {country}{}", if variant.is_none() { "; give --variant grey or white" } else { "" }))?;
            let total = found.value.total.ok_or_else(|| anyhow!("the default value of {cn} has no total"))?;
            let whose = if found.fallback { format!("'other countries and territories' (no value for {country})") } else { country.to_string() };
            (SeeBasis::Default { total }, format!("default value {total} tCO2e/t of {whose}, IR 2025/2621"), None, found.value.route_bm.clone())
        }
    };
    let route = a.route.clone().or(default_route);
    let bm = Benchmarks::embedded();
    let (benchmark, _split_from) = bm.column_b(&cn, route.as_deref()).ok_or_else(|| {
        let routes: Vec<String> = bm.rows(&cn).iter().filter_map(|r| r.route().map(str::to_string)).collect();
        if bm.rows(&cn).is_empty() {
            anyhow!("IR 2025/2620 lists no benchmark for CN {cn} (the 2026 nomenclature may split it: try the 8-digit code of the good as declared)")
        } else {
            anyhow!("CN {cn} has benchmarks for several routes ({}); choose one with --route", routes.join(", "))
        }
    })?;
    let china = match carbon_eur {
        Some(eur) => eur * a.eur_cny,
        None => a.intensity * a.cn_price,
    };
    let mut rows = Vec::new();
    for year in a.years.0..=a.years.1 {
        let o = definitive::obligation(&ObligationInput {
            category,
            year,
            mass_t: Dec::ONE,
            see,
            benchmark,
            cscf: a.cscf,
            cbam_price: a.eu_price,
            carbon_price_eur_per_t: carbon_eur,
        })
        .map_err(|e| anyhow!("{e}"))?;
        let cbam = o.cost_eur * a.eur_cny;
        let total = a.production_cost + china + cbam;
        rows.push(YearRow { cbam_cost_cny: cbam, china_carbon_cost_cny: china, total_cost_cny: total, profit_cny: a.revenue - total, obligation: o });
    }
    let first = &rows[0].obligation;
    let scope = if category.is_aluminium() { "direct emissions only for aluminium" } else { "direct and indirect emissions" };
    let deduction = match (&see, carbon_eur) {
        (SeeBasis::Default { .. }, _) => "no Chinese carbon price is deducted from default values",
        (SeeBasis::Actual { .. }, Some(_)) => "the carbon price effectively paid in China is deducted",
        (SeeBasis::Actual { .. }, None) => "no carbon price paid in China is declared",
    };
    let explanation = format!(
        "The gross view charges {} t/t at the full EU price; the definitive rules in {} charge SEE* {} t/t ({scope}{}) less a free allocation adjustment of {} t/t (benchmark {} × CBAM factor {} × CSCF {}), and {deduction}.",
        a.intensity.normalize(),
        first.year,
        fixed(first.see_used, 4),
        first.markup.map(|m| format!(", default value with a {} % mark-up", (m * Dec::ONE_HUNDRED).normalize())).unwrap_or_default(),
        fixed(first.faa_t, 4),
        benchmark.normalize(),
        first.cbam_factor.normalize(),
        a.cscf.normalize(),
    );
    Ok(Ok(Definitive { cn_code: cn, basis, benchmark_route: route, years: rows, explanation }))
}

fn table(a: &Args, out: &Output) -> String {
    let g = &out.gross;
    let mut s = String::new();
    s.push_str(&format!(
        "Gross model, CNY per tonne of good (intensity {} tCO2e/t, China {} CNY/t, EU {} EUR/t at {} CNY/EUR)\n",
        a.intensity.normalize(), a.cn_price.normalize(), a.eu_price.normalize(), a.eur_cny.normalize()
    ));
    s.push_str(&format!("{:<14}{:>14}{:>14}\n", "", "without CBAM", "with CBAM"));
    for (label, x, y) in [("carbon cost", g.c_carbon, g.c_carbon_cbam), ("total cost", g.c_total, g.c_total_cbam), ("profit", g.profit, g.profit_cbam)] {
        s.push_str(&format!("{label:<14}{:>14}{:>14}\n", fixed(x, 2), fixed(y, 2)));
    }
    if let Some(d) = &out.definitive {
        s.push_str(&format!("\nDefinitive rules for {} ({}), per tonne of good\n", d.cn_code, d.basis));
        let head = ["year", "SEE*", "FAA", "Art. 9", "certificates", "CBAM CNY", "total CNY", "profit CNY"];
        s.push_str(&format!("{:<6}{:>10}{:>10}{:>10}{:>14}{:>12}{:>12}{:>12}\n", head[0], head[1], head[2], head[3], head[4], head[5], head[6], head[7]));
        for r in &d.years {
            let o = &r.obligation;
            s.push_str(&format!(
                "{:<6}{:>10}{:>10}{:>10}{:>14}{:>12}{:>12}{:>12}\n",
                o.year,
                fixed(o.see_used, 4),
                fixed(o.faa_t, 4),
                fixed(o.art9_t, 4),
                fixed(o.certificates, 4),
                fixed(r.cbam_cost_cny, 2),
                fixed(r.total_cost_cny, 2),
                fixed(r.profit_cny, 2)
            ));
        }
        s.push_str(&format!("\n{}\n", d.explanation));
    }
    s
}
