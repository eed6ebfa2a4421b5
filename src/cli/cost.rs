//! `cbam cost`: what carbon pricing costs an exporter per tonne, in the gross model exporters
//! quote and, beside it, under the definitive CBAM rules.

use cbam::model::DiagCode;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, anyhow, bail};
use clap::ValueEnum;
use serde::Serialize;

use super::{Outcome, report};
use cbam::compute::definitive::{self, Assessment, Prices, Values};
use cbam::compute::exposure::{self, Gross, GrossInput};
use cbam::model::{CnCode, CnError, CountryCode, Dec, Variant};
use cbam::regime::{Methodology, Regime};
use cbam::render::results::fixed;
use cbam::tables::benchmarks::BenchmarkRoute;

fn dec(s: &str) -> Result<Dec, String> {
    cbam::validate::fields::dec_from_text(s).ok_or_else(|| format!("expected a plain decimal number such as 0.8, found '{s}'"))
}

fn non_negative(s: &str) -> Result<Dec, String> {
    let d = dec(s)?;
    if d.is_sign_negative() && !d.is_zero() { Err(format!("expected a number that is not negative, found {s}")) } else { Ok(d) }
}

fn years(s: &str) -> Result<(i32, i32), String> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let p = |t: &str| t.trim().parse::<i32>().map_err(|_| format!("expected a year or a range of years such as 2027-2030, found '{s}'"));
    let (a, b) = (p(a)?, p(b)?);
    let (lo, hi) = cbam::tables::years::covered_years();
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
The gross model charges the whole intensity at the EU price. The definitive view applies the rules of each year \
(the same assessment as `cbam declaration`): actual values (from --workbook) or the country's default values with the \
year's mark-up, direct emissions only for aluminium, the free allocation adjustment (benchmark × CBAM factor of the year \
× CSCF) and, with actual values only, the deduction of the carbon price effectively paid in China.")]
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
    /// Years of the definitive view. Default: from the first year of the definitive period to
    /// the first year without a CBAM factor.
    #[arg(long, value_parser = years)]
    pub years: Option<(i32, i32)>,
    /// Country of production, for default values.
    #[arg(long, default_value = "CN")]
    pub country: String,
    /// grey or white, where default values or benchmarks distinguish them (clinker, cements).
    #[arg(long)]
    pub variant: Option<String>,
    /// Benchmark production route where IR 2025/2620 has several (A, B, K, L, 1, 2). Default: the
    /// route the default value is based on.
    #[arg(long, value_parser = benchmark_route)]
    pub route: Option<BenchmarkRoute>,
    /// Cross-sectoral correction factor (published yearly).
    #[arg(long, value_parser = non_negative, default_value = "1")]
    pub cscf: Dec,
    /// Installation workbook: use its actual SEE for the good and its carbon price.
    #[arg(long)]
    pub workbook: Option<PathBuf>,
    /// Methodology for --workbook (2023/1773 or 2025/2547). Default: by the workbook's reporting period.
    #[arg(long, value_parser = super::parse_rules)]
    pub rules: Option<Methodology>,
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
    assessment: Assessment,
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
    benchmark_route: Option<BenchmarkRoute>,
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

pub fn run(mut a: Args) -> anyhow::Result<Outcome> {
    if a.years.is_none() {
        let first = Regime::first_definitive_year();
        let (_, last) = cbam::tables::years::covered_years();
        let end = (first..=last).find(|y| cbam::tables::years::cbam_factor(*y).is_some_and(|f| f.is_zero())).unwrap_or(last);
        a.years = Some((first, end));
    }
    let gross = exposure::gross(&GrossInput {
        intensity: a.intensity,
        cn_price: a.cn_price,
        eu_price: a.eu_price,
        eur_cny: a.eur_cny,
        revenue: a.revenue,
        production_cost: a.production_cost,
    });
    let Some(gross) = gross else {
        let d =
            cbam::model::Diagnostic::error(DiagCode::InputOverflow, None, "the gross model's figures are too large to compute exactly (beyond 7.9 × 10^28)")
                .hint("check the units and magnitudes of --intensity, the prices and the exchange rate");
        report(&[d]);
        return Ok(Outcome::InputProblems);
    };
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
    // CnError's own words: "expected …" for a malformed code, what the good is otherwise.
    let cn = CnCode::parse(cn_text).map_err(|e| match e {
        CnError::Malformed => anyhow!("--cn-code: {e}, found '{cn_text}'"),
        _ => anyhow!("--cn-code: {cn_text} is {e}"),
    })?;
    let variant = a.variant.as_deref().map(|v| Variant::parse(v).ok_or_else(|| anyhow!("--variant: expected grey or white, found '{v}'"))).transpose()?;
    let country = CountryCode::parse(&a.country).ok_or_else(|| anyhow!("--country: expected an ISO 3166-1 alpha-2 code such as CN, found '{}'", a.country))?;

    // Actual values and carbon price from the workbook, or the country's default values.
    let (values, basis, carbon_eur, certified_by, variant) = match &a.workbook {
        Some(path) => {
            let choice = cbam::regime::Choice { year: a.years.map(|y| y.0), methodology: a.rules };
            let (loaded, res, _) = match cbam::compute_file(path, choice) {
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
            let eur = res
                .carbon_price
                .goods
                .get(i)
                .map(|c| c.amount_eur.ok_or_else(|| anyhow!("the workbook's carbon price has no EUR exchange rate")))
                .transpose()?;
            let variant =
                variant.or_else(|| loaded.installation.goods.iter().find(|x| x.cn_code == g.cn_code && x.product == g.product).and_then(|x| x.variant));
            let first_year = a.years.unwrap_or_default().0;
            let regime = Regime::for_year(first_year, None).map_err(|e| anyhow!("{e}"))?;
            let column_a = definitive::column_a(&regime, &res, g, variant, a.route).map_err(|e| anyhow!("{e}; choose the route with --route"))?;
            let paying: Vec<_> = res.carbon_price.schemes.iter().filter(|e| !e.net_paid.is_zero()).collect();
            let certified_by = (!paying.is_empty() && paying.iter().all(|e| e.certified_by.is_some()))
                .then(|| paying.iter().filter_map(|e| e.certified_by.clone()).collect::<Vec<_>>().join("; "));
            (
                // The SEE as the operator reports it, as the declaration takes it.
                Values::Actual {
                    see_direct: res.regime.reported_see(g.see_direct),
                    see_indirect: res.regime.reported_see(g.see_indirect),
                    route: g.route,
                    column_a,
                },
                format!("actual values of {} ({})", loaded.installation.identity.name_en, g.product),
                eur,
                certified_by,
                variant,
            )
        }
        None => (Values::Default, String::new(), None, None, variant),
    };
    let china = match carbon_eur {
        Some(eur) => eur.checked_mul(a.eur_cny),
        None => a.intensity.checked_mul(a.cn_price),
    }
    .ok_or_else(|| anyhow!("the China carbon cost is too large to compute exactly: check the units and magnitudes"))?;
    let too_big = || anyhow!("the figures are too large to compute exactly (beyond 7.9 × 10^28): check the units and magnitudes of the prices");
    let carbon = match carbon_eur {
        Some(eur) if !eur.is_zero() => definitive::CarbonPaid::Effective { eur_per_t: eur, certified_by },
        _ => definitive::CarbonPaid::None,
    };
    let good = definitive::Good { cn_code: &cn, origin: &country, variant, mass_t: Dec::ONE, values, route: a.route, carbon };
    let mut rows = Vec::new();
    for year in a.years.unwrap_or_default().0..=a.years.unwrap_or_default().1 {
        let regime = Regime::for_year(year, None).map_err(|e| anyhow!("{e}"))?;
        let assessment = match definitive::assess(&regime, &good, &Prices { cbam_price: a.eu_price, cscf: a.cscf, art9_reference_price: a.eu_price }) {
            Err(definitive::ObligationError::Overflow) => {
                report(&[cbam::model::Diagnostic::error(DiagCode::InputOverflow, None, format!("{year}: {}", definitive::ObligationError::Overflow))]);
                return Ok(Err(Outcome::InputProblems));
            }
            r => r,
        }
        .map_err(|e| match e {
            definitive::ObligationError::Benchmark(_) => anyhow!("{e}; choose one with --route"),
            definitive::ObligationError::NoDefault(_) if variant.is_none() => anyhow!("{e} (--variant)"),
            e => anyhow!("{e}"),
        })?;
        let cbam = assessment.obligation.cost_eur.checked_mul(a.eur_cny).ok_or_else(too_big)?;
        let total = a.production_cost.checked_add(china).and_then(|x| x.checked_add(cbam)).ok_or_else(too_big)?;
        let profit = a.revenue.checked_sub(total).ok_or_else(too_big)?;
        rows.push(YearRow { cbam_cost_cny: cbam, china_carbon_cost_cny: china, total_cost_cny: total, profit_cny: profit, assessment });
    }
    let basis = match (&rows[0].assessment.default_value, basis) {
        (Some(d), _) => {
            let whose = if d.fallback { format!("'other countries and territories' (no value for {country})") } else { d.country.clone() };
            format!("default value {} tCO2e/t of {whose} ({})", d.total.normalize(), d.table)
        }
        (None, b) => b,
    };
    let route = rows[0].assessment.benchmark_used.route;
    let benchmark = rows[0].assessment.benchmark_used.value;
    let see = &rows[0].assessment.basis;
    let first = &rows[0].assessment.obligation;
    let scope = match rows[0].assessment.scope.scope {
        cbam::regime::ObligationScope::Direct => "direct emissions only",
        cbam::regime::ObligationScope::Total => "direct and indirect emissions",
    };
    let deduction = match (*see, carbon_eur) {
        ("default", _) => "no Chinese carbon price is deducted from default values",
        (_, Some(_)) => "the carbon price effectively paid in China is deducted",
        (_, None) => "no carbon price paid in China is declared",
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
        a.intensity.normalize(),
        a.cn_price.normalize(),
        a.eu_price.normalize(),
        a.eur_cny.normalize()
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
            let o = &r.assessment.obligation;
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

/// A benchmark route indicator as the command line takes it (`K`, `(K)`, `k`).
pub(super) fn benchmark_route(text: &str) -> Result<BenchmarkRoute, String> {
    BenchmarkRoute::parse(text).ok_or_else(|| {
        let all: Vec<&str> = BenchmarkRoute::ALL.iter().map(|r| &r.code()[1..2]).collect();
        format!("expected a route indicator of the benchmark table ({}), found '{text}'", all.join(", "))
    })
}
