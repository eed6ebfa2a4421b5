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

use crate::compute::definitive::{self, Obligation, ObligationInput, SeeBasis};
use crate::compute::GoodResult;
use crate::model::{CnCode, CountryCode, Dec, Diagnostic, Diagnostics, GoodsCategory, ImportLine, Imports, Location, Route, Variant};
use crate::report::suppliers::{Found, Supplier, Suppliers};
use crate::tables::benchmarks::Benchmarks;
use crate::tables::defaults::DefaultValues;

/// De minimis threshold: net mass of CBAM goods imported in a year, tonnes (Regulation 2023/956
/// as amended by Regulation 2025/2083).
pub const DE_MINIMIS_T: u32 = 50;

#[derive(Debug, Clone)]
pub struct Options {
    pub year: i32,
    /// CBAM certificate price, EUR per tCO2e.
    pub cbam_price: Dec,
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
    pub declarant_eori: String,
    pub declarant_name: String,
    pub cbam_price: Dec,
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

/// The benchmark route letter for actual values, from the supplier's production route or the
/// good's variant; `None` where the table must be asked (single row) or the user must choose.
fn actual_route(route: Route, category: GoodsCategory, variant: Option<Variant>) -> Option<&'static str> {
    match (category, route) {
        (_, Route::PrimarySmelting | Route::ProductsIntegratedPrimary) => Some("(K)"),
        (_, Route::SecondaryMelting | Route::ProductsIntegratedSecondary) => Some("(L)"),
        (GoodsCategory::CementClinker | GoodsCategory::Cement, _) => match variant {
            Some(Variant::Grey) => Some("(A)"),
            Some(Variant::White) => Some("(B)"),
            None => None,
        },
        _ => None,
    }
}

/// Builds the worksheet. Lines released in other years are left out (a warning says how many);
/// a line whose supplier sent no data is declared at the default value of its country of origin
/// (warned: default values carry the year's mark-up and no Article 9 deduction).
pub fn build(imports: &Imports, suppliers: &Suppliers, opts: &Options) -> Result<(Worksheet, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Diagnostics::new();
    let defaults = DefaultValues::embedded();
    let benchmarks = Benchmarks::embedded();
    // Group key: CN code, origin, installation id (or none for defaults), product.
    type Key = (CnCode, CountryCode, Option<String>, Option<String>);
    struct Group {
        lines: usize,
        mass: Dec,
        basis: Basis,
        supplier_file: Option<String>,
        see: SeeBasis,
        see_parts: (Option<Dec>, Option<Dec>, Option<Dec>),
        route: Option<String>,
        carbon_eur: Option<Dec>,
        category: GoodsCategory,
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
        year_mass += line.net_mass_t;
        let category = line.cn_code.category();
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
        let entry = match supplier.and_then(|s| good_of(s, line).map(|g| (s, g))) {
            Some((s, g)) => {
                let process = s.results.processes.iter().find(|p| p.id == g.process);
                let variant = line.variant.or_else(|| s.installation.goods.iter().find(|x| x.cn_code == g.cn_code && x.product == g.product).and_then(|x| x.variant));
                let route = opts.routes.get(line.cn_code.cn8()).cloned().or_else(|| process.and_then(|p| actual_route(p.route, category, variant)).map(str::to_string));
                let idx = s.results.goods.iter().position(|x| std::ptr::eq(x, g)).unwrap_or(0);
                let carbon = s.results.carbon_price.goods.get(idx).and_then(|c| c.amount_eur);
                if s.results.carbon_price.goods.get(idx).is_some_and(|c| c.amount_eur.is_none() && !c.amount.is_zero()) {
                    diags.push(Diagnostic::warning("declaration.carbon_price_rate", loc(line), format!("{}: the supplier's carbon price has no EUR exchange rate; no deduction", s.file)));
                }
                let key = (line.cn_code.clone(), line.origin.clone(), Some(s.installation.identity.installation_id.clone()), Some(g.product.clone()));
                (key, Basis::Actual, Some(s.file.clone()), SeeBasis::Actual { direct: g.see_direct, indirect: g.see_indirect }, (Some(g.see_direct), Some(g.see_indirect), None), route, carbon)
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
                let Some(found) = defaults.lookup(&line.origin, &line.cn_code, line.variant) else {
                    diags.push(Diagnostic::error("declaration.no_default", loc(line), format!(
                        "no default value for {} of {}{}", line.cn_code, line.origin, if line.variant.is_none() { "; give the variant (grey or white)" } else { "" })));
                    continue;
                };
                let Some(total) = found.value.total else {
                    diags.push(Diagnostic::error("declaration.no_default", loc(line), format!("the default value of {} has no total", line.cn_code)));
                    continue;
                };
                let route = opts.routes.get(line.cn_code.cn8()).cloned().or_else(|| found.value.route_bm.clone());
                let key = (line.cn_code.clone(), line.origin.clone(), None, None);
                (key, Basis::Default, None, SeeBasis::Default { total }, (None, None, Some(total)), route, None)
            }
        };
        let (key, basis, file, see, parts, route, carbon) = entry;
        let g = groups.entry(key).or_insert(Group { lines: 0, mass: Dec::ZERO, basis, supplier_file: file, see, see_parts: parts, route, carbon_eur: carbon, category, at: loc(line) });
        g.lines += 1;
        g.mass += line.net_mass_t;
    }
    if other_years > 0 {
        diags.push(Diagnostic::warning("declaration.other_years", None, format!("{other_years} customs line(s) released outside {} are left out", opts.year)));
    }
    let mut entries = Vec::new();
    let mut notes = Vec::new();
    for ((cn, origin, installation, product), g) in groups {
        let Some((benchmark, split_from)) = benchmarks.column_b(&cn, g.route.as_deref()) else {
            let routes: Vec<&str> = benchmarks.rows(&cn).iter().filter_map(|r| r.route()).collect();
            let msg = if routes.is_empty() {
                format!("IR 2025/2620 lists no benchmark for CN {cn}")
            } else {
                format!("CN {cn} has benchmarks for several production routes ({}) and the route of these goods is not known", routes.join(", "))
            };
            diags.push(Diagnostic::error("declaration.benchmark", g.at.clone(), msg).hint(format!("choose one with --benchmark-route {cn}=LETTER")));
            continue;
        };
        if let Some(codes) = split_from {
            notes.push(Diagnostic::warning("declaration.benchmark_split", g.at.clone(), format!(
                "IR 2025/2620 has no row for {cn} (split in the 2026 nomenclature); its benchmark {} is that of {codes}", benchmark.normalize())));
        }
        let o = match definitive::obligation(&ObligationInput {
            category: g.category,
            year: opts.year,
            mass_t: g.mass,
            see: g.see,
            benchmark,
            cscf: opts.cscf,
            cbam_price: opts.cbam_price,
            carbon_price_eur_per_t: g.carbon_eur,
        }) {
            Ok(o) => o,
            Err(e) => {
                diags.push(Diagnostic::error("declaration.obligation", None, e.to_string()));
                continue;
            }
        };
        entries.push(Entry {
            cn_code: cn,
            origin,
            installation,
            supplier_file: g.supplier_file,
            product,
            basis: g.basis,
            lines: g.lines,
            see_direct: g.see_parts.0,
            see_indirect: g.see_parts.1,
            default_total: g.see_parts.2,
            benchmark_route: g.route,
            carbon_price_eur_per_t: g.carbon_eur,
            obligation: o,
        });
    }
    if diags.has_errors() {
        return Err(diags.into_sorted());
    }
    let mut totals = Totals::default();
    for e in &entries {
        totals.mass_t += e.obligation.mass_t;
        totals.embedded_t += e.obligation.embedded_t;
        totals.faa_t += e.obligation.faa_t;
        totals.art9_t += e.obligation.art9_t;
        totals.certificates += e.obligation.certificates;
        totals.cost_eur += e.obligation.cost_eur;
    }
    let threshold = Dec::from(DE_MINIMIS_T);
    let exempt = year_mass < threshold;
    let mut warnings = diags.into_sorted();
    warnings.extend(notes);
    if exempt {
        warnings.push(Diagnostic::warning("declaration.de_minimis", None, format!(
            "{} t of CBAM goods imported in {}: below the {DE_MINIMIS_T}-tonne de minimis threshold, no CBAM declaration is due", year_mass.normalize(), opts.year)));
    }
    Ok((
        Worksheet {
            year: opts.year,
            declarant_eori: imports.declarant.eori.clone(),
            declarant_name: imports.declarant.name.clone(),
            cbam_price: opts.cbam_price,
            cscf: opts.cscf,
            entries,
            totals,
            de_minimis: DeMinimis { threshold_t: threshold, mass_t: year_mass, exempt },
        },
        warnings,
    ))
}
