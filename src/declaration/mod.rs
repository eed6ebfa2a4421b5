//! The annual CBAM declaration worksheet (definitive period, from 2026): per CN code and
//! installation (or country of origin, for goods at default values), the mass imported in the
//! year, the SEE used, embedded emissions, the free allocation adjustment, the Article 9
//! reduction, the certificates due and their cost; totals; the 50-tonne de minimis check.
//!
//! This is a worksheet for the declarant's own use when filling in the Registry's declarant
//! portal: no official machine-readable format of the annual declaration has been published
//! (DOMAIN §1), and the XML this project writes for it uses the project's own namespace.
//!
//! The rules per good are [`crate::compute::definitive::obligation`]; this module groups the
//! customs lines, finds each one's supplier data (as the quarterly report does) and picks the
//! benchmark.

pub mod xml;

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use crate::compute::GoodResult;
use crate::compute::definitive::{self, BenchmarkUsed, DefaultUsed, Obligation, ObligationError, Prices, Values};
use crate::model::{CnCode, CountryCode, Dec, Diagnostic, Diagnostics, ImportLine, Imports, Location, Variant};
use crate::regime::{Regime, ScopeDecision};
use crate::report::suppliers::{Found, Supplier, Suppliers};
use crate::tables::prices::{self, Price};

#[derive(Debug, Clone)]
pub struct Options {
    pub year: i32,
    /// One CBAM certificate price for every quarter, EUR per tCO2e (`--cbam-price`): overrides
    /// the shipped quarterly prices.
    pub cbam_price: Option<Dec>,
    /// Prices of quarters of import given by the user (`--price 2026Q4=79.10`): they override or
    /// complete the shipped table.
    pub prices: BTreeMap<(i32, u32), Dec>,
    /// Cross-sectoral correction factor of the year.
    pub cscf: Dec,
    /// Benchmark routes chosen by the user where the table has several for a CN code and the
    /// supplier's route does not settle it: CN code → route letter.
    pub routes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Actual,
    Default,
}

/// One row of the worksheet.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub cn_code: CnCode,
    pub origin: CountryCode,
    /// Installation id (actual values) or `None` (default values of the country of origin).
    pub installation: Option<String>,
    pub supplier_file: Option<String>,
    pub product: Option<String>,
    pub basis: Basis,
    pub lines: usize,
    pub see_direct: Option<Dec>,
    pub see_indirect: Option<Dec>,
    pub default_total: Option<Dec>,
    pub benchmark_route: Option<String>,
    /// EUR effectively paid abroad per tonne of good (actual values only).
    pub carbon_price_eur_per_t: Option<Dec>,
    /// Quarter of import (1 to 4): 2026 certificates are priced by it.
    pub quarter: u32,
    /// The certificate price of that quarter and where it comes from.
    pub certificate_price: Price,
    /// The default value used (default basis): row, fallback, table.
    pub default_value: Option<DefaultUsed>,
    /// The benchmark used: value, column, route, table.
    pub benchmark_used: BenchmarkUsed,
    /// Which SEE the obligation counts, and why.
    pub scope: ScopeDecision,
    #[serde(flatten)]
    pub obligation: Obligation,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub mass_t: Dec,
    pub embedded_t: Dec,
    pub faa_t: Dec,
    pub art9_t: Dec,
    pub certificates: Dec,
    pub cost_eur: Dec,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeMinimis {
    pub threshold_t: Dec,
    pub mass_t: Dec,
    /// Below the threshold: no declaration obligation for the year.
    pub exempt: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Worksheet {
    pub year: i32,
    /// The single price given with `--cbam-price`, if any (each entry carries its own).
    /// The law applied: methodology, tables, the year's figures.
    pub regime: crate::regime::Record,
    pub declarant_eori: String,
    pub declarant_name: String,
    pub cbam_price: Option<Dec>,
    pub cscf: Dec,
    pub entries: Vec<Entry>,
    pub totals: Totals,
    pub de_minimis: DeMinimis,
}

fn loc(l: &ImportLine) -> Option<Location> {
    l.at.row.clone().map(Location::Cell)
}

/// The supplier's good for a line: the CN code, and the product where the line names one.
fn good_of<'a>(s: &'a Supplier, line: &ImportLine) -> Option<&'a GoodResult> {
    let mut it = s.results.goods.iter().filter(|g| crate::tables::nomenclature::Nomenclature::embedded().same_goods(g.cn_code.cn8(), line.cn_code.cn8()));
    match &line.product {
        Some(p) => it.find(|g| g.product.trim().eq_ignore_ascii_case(p.trim())),
        None => it.next(),
    }
}

/// The certificate price of a quarter of the declared year: the user's `--price` for it, else
/// the single `--cbam-price`, else the shipped table (2026: the quarter's published average).
fn certificate_price(opts: &Options, quarter: u32) -> Option<Price> {
    if let Some(eur) = opts.prices.get(&(opts.year, quarter)) {
        return Some(Price { eur: *eur, status: "input".into(), source: format!("--price {}Q{quarter}", opts.year) });
    }
    if let Some(eur) = opts.cbam_price {
        return Some(Price { eur, status: "input".into(), source: "--cbam-price".into() });
    }
    prices::quarterly(opts.year, quarter).cloned()
}

/// Builds the worksheet. Lines released in other years are left out (a warning says how many);
/// a line whose supplier sent no data is declared at the default value of its country of origin
/// (warned: default values carry the year's mark-up and no Article 9 deduction).
pub fn build(imports: &Imports, suppliers: &Suppliers, opts: &Options) -> Result<(Worksheet, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Diagnostics::new();
    let regime = match Regime::for_year(opts.year, None) {
        Ok(r) if r.year_rules.is_some() => r,
        Ok(r) => return Err(vec![Diagnostic::error("declaration.year", None, ObligationError::NotDefinitive(r.year).to_string())]),
        Err(e) => return Err(vec![Diagnostic::error("declaration.year", None, e.to_string())]),
    };
    let rules = regime.year_rules.expect("checked above");
    // Group key: CN code, origin, installation id (or none for defaults), product.
    type Key = (u32, CnCode, CountryCode, Option<String>, Option<String>);
    struct Group {
        lines: usize,
        mass: Dec,
        supplier_file: Option<String>,
        values: Values,
        variant: Option<Variant>,
        see_parts: (Option<Dec>, Option<Dec>),
        route: Option<String>,
        at: Option<Location>,
    }
    let mut groups: BTreeMap<Key, Group> = BTreeMap::new();
    let mut other_years = 0usize;
    let mut year_mass = Dec::ZERO;
    for line in &imports.lines {
        if line.release_date.year() != opts.year {
            other_years += 1;
            continue;
        }
        let Some(m) = year_mass.checked_add(line.net_mass_t) else {
            diags.push(Diagnostic::error("declaration.overflow", loc(line), "the year's net mass is too large to add up exactly"));
            continue;
        };
        year_mass = m;
        let supplier = match line.installation.as_deref() {
            Some(text) => match suppliers.find(text) {
                Found::One(s) => Some(s),
                Found::Several(list) => {
                    diags.push(Diagnostic::error("declaration.supplier_ambiguous", loc(line), format!(
                        "'{text}' is the UN/LOCODE of several supplier installations ({}); name the installation id",
                        list.iter().map(|s| s.installation.identity.installation_id.as_str()).collect::<Vec<_>>().join(", "))));
                    continue;
                }
                Found::None => None,
            },
            None => None,
        };
        let user_route = opts.routes.get(line.cn_code.cn8()).cloned();
        let (key, group) = match supplier.and_then(|s| good_of(s, line).map(|g| (s, g))) {
            Some((s, g)) => {
                let process = s.results.processes.iter().find(|p| p.id == g.process);
                let variant = line.variant.or_else(|| s.installation.goods.iter().find(|x| x.cn_code == g.cn_code && x.product == g.product).and_then(|x| x.variant));
                let idx = s.results.goods.iter().position(|x| std::ptr::eq(x, g)).unwrap_or(0);
                let carbon = s.results.carbon_price.goods.get(idx).and_then(|c| c.amount_eur);
                if s.results.carbon_price.goods.get(idx).is_some_and(|c| c.amount_eur.is_none() && !c.amount.is_zero()) {
                    diags.push(Diagnostic::warning("declaration.carbon_price_rate", loc(line), format!("{}: the supplier's carbon price has no EUR exchange rate; no deduction", s.file)));
                }
                // The SEE the supplier reports: rounded as its methodology prescribes (IR 2025/2547:
                // 5 decimals), the figure the importer receives and the Registry recomputes from.
                let (see_direct, see_indirect) = (s.results.regime.reported_see(g.see_direct), s.results.regime.reported_see(g.see_indirect));
                if !s.results.regime.methodology.is_definitive() {
                    diags.push(Diagnostic::warning("declaration.supplier_transitional", loc(line), format!(
                        "{}: computed under {} (its reporting period starts {}), not under the definitive methodology {} imports fall under",
                        s.file, s.results.regime.methodology.short(), s.installation.period.start, opts.year))
                        .hint("ask the supplier for data of the definitive period (an emissions report of its 2026 monitoring)"));
                }
                let values = Values::Actual { see_direct, see_indirect, route: process.map_or(g.route, |p| p.route), carbon_price_eur_per_t: carbon };
                let key = (line.cn_code.clone(), line.origin.clone(), Some(s.installation.identity.installation_id.clone()), Some(g.product.clone()));
                (key, Group { lines: 0, mass: Dec::ZERO, supplier_file: Some(s.file.clone()), values, variant, see_parts: (Some(see_direct), Some(see_indirect)), route: user_route, at: loc(line) })
            }
            None => {
                if let Some(s) = supplier {
                    diags.push(Diagnostic::warning("declaration.good_not_in_supplier", loc(line), format!(
                        "{} has no good {}{}: declared at default values", s.file, line.cn_code, line.product.as_deref().map(|p| format!(" '{p}'")).unwrap_or_default())));
                } else {
                    diags.push(Diagnostic::warning("declaration.default_values", loc(line), format!(
                        "no supplier data for {} from {}{}: declared at the default value of {} with the {} mark-up, and no carbon price paid can be deducted",
                        line.cn_code, line.origin, line.installation.as_deref().map(|i| format!(" ({i})")).unwrap_or_default(), line.origin, opts.year)));
                }
                let key = (line.cn_code.clone(), line.origin.clone(), None, line.variant.map(|v| v.code().to_string()));
                (key, Group { lines: 0, mass: Dec::ZERO, supplier_file: None, values: Values::Default, variant: line.variant, see_parts: (None, None), route: user_route, at: loc(line) })
            }
        };
        let quarter = (line.release_date.month() - 1) / 3 + 1;
        let key = (quarter, key.0, key.1, key.2, key.3);
        let g = groups.entry(key).or_insert(group);
        g.lines += 1;
        g.mass = g.mass.saturating_add(line.net_mass_t);
    }
    if other_years > 0 {
        diags.push(Diagnostic::warning("declaration.other_years", None, format!("{other_years} customs line(s) released outside {} are left out", opts.year)));
    }
    let mut entries = Vec::new();
    let mut notes = Vec::new();
    for ((quarter, cn, origin, installation, product), g) in groups {
        let Some(price) = certificate_price(opts, quarter) else {
            diags.push(
                Diagnostic::error("declaration.no_price", g.at.clone(), format!("no CBAM certificate price for {}Q{quarter}, the quarter these goods were imported in", opts.year))
                    .hint(format!("give it with --price {}Q{quarter}=EUR (the Commission publishes each quarter's price after the quarter)", opts.year)),
            );
            continue;
        };
        let prices = Prices { cbam_price: price.eur, cscf: opts.cscf };
        let good = definitive::Good { cn_code: &cn, origin: &origin, variant: g.variant, mass_t: g.mass, values: g.values, route: g.route.clone() };
        let a = match definitive::assess(&regime, &good, &prices) {
            Ok(a) => a,
            Err(e @ ObligationError::NoDefault(_)) => {
                diags.push(Diagnostic::error("declaration.no_default", g.at.clone(), e.to_string()));
                continue;
            }
            Err(e @ ObligationError::Benchmark(_)) => {
                diags.push(Diagnostic::error("declaration.benchmark", g.at.clone(), e.to_string()).hint(format!("choose one with --benchmark-route {cn}=LETTER")));
                continue;
            }
            Err(e) => {
                diags.push(Diagnostic::error("declaration.obligation", g.at.clone(), e.to_string()));
                continue;
            }
        };
        if let Some(codes) = &a.benchmark_used.from_codes {
            notes.push(Diagnostic::warning("declaration.benchmark_split", g.at.clone(), format!(
                "the benchmark table has no row for {cn} (split in the Combined Nomenclature); its benchmark {} is that of {codes}", a.benchmark_used.value.normalize())));
        }
        let carbon = match g.values {
            Values::Actual { carbon_price_eur_per_t, .. } => carbon_price_eur_per_t,
            Values::Default => None,
        };
        entries.push(Entry {
            cn_code: cn,
            origin,
            installation,
            supplier_file: g.supplier_file,
            product: product.filter(|_| a.basis == "actual"),
            basis: if a.basis == "actual" { Basis::Actual } else { Basis::Default },
            lines: g.lines,
            see_direct: g.see_parts.0,
            see_indirect: g.see_parts.1,
            default_total: a.default_value.as_ref().map(|d| d.total),
            benchmark_route: a.benchmark_used.route.clone(),
            carbon_price_eur_per_t: carbon,
            quarter,
            certificate_price: price,
            default_value: a.default_value,
            benchmark_used: a.benchmark_used,
            scope: a.scope,
            obligation: a.obligation,
        });
    }
    if diags.has_errors() {
        return Err(diags.into_sorted());
    }
    let mut totals = Totals::default();
    // Saturating: a total beyond 7.9 × 10^28 would have overflowed the entries first.
    for e in &entries {
        let o = &e.obligation;
        totals.mass_t = totals.mass_t.saturating_add(o.mass_t);
        totals.embedded_t = totals.embedded_t.saturating_add(o.embedded_t);
        totals.faa_t = totals.faa_t.saturating_add(o.faa_t);
        totals.art9_t = totals.art9_t.saturating_add(o.art9_t);
        totals.certificates = totals.certificates.saturating_add(o.certificates);
        totals.cost_eur = totals.cost_eur.saturating_add(o.cost_eur);
    }
    let threshold = rules.de_minimis_t;
    // Art. 2a(1): exempt where the net mass "does not cumulatively exceed" the threshold.
    let exempt = year_mass <= threshold;
    let mut warnings = diags.into_sorted();
    warnings.extend(notes);
    if exempt {
        warnings.push(Diagnostic::warning("declaration.de_minimis", None, format!(
            "{} t of CBAM goods imported in {}: not above the {}-tonne de minimis threshold, no CBAM declaration is due", year_mass.normalize(), opts.year, threshold.normalize())));
    }
    Ok((
        Worksheet {
            year: opts.year,
            regime: regime.record(),
            declarant_eori: imports.declarant.as_ref().map(|d| d.eori.clone()).unwrap_or_default(),
            declarant_name: imports.declarant.as_ref().map(|d| d.name.clone()).unwrap_or_default(),
            cbam_price: opts.cbam_price,
            cscf: opts.cscf,
            entries,
            totals,
            de_minimis: DeMinimis { threshold_t: threshold, mass_t: year_mass, exempt },
        },
        warnings,
    ))
}
