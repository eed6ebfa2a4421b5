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
#![deny(missing_docs)]

mod offer;
mod worksheet;
pub mod xlsx;
pub mod xml;

pub use worksheet::*;

use crate::model::DiagCode;
use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use crate::compute::definitive::{self, BenchmarkUsed, CarbonPaid, DefaultUsed, Obligation, ObligationError, Prices, Values};
use crate::model::{CnCode, CountryCode, Dec, Diagnostic, Diagnostics, ImportLine, Imports, Location, Variant};
use crate::regime::{Article9, Regime, ScopeDecision};
use crate::report::suppliers::{Found, Suppliers};
use crate::tables::benchmarks::BenchmarkRoute;
use crate::tables::prices::{self, Price};
use offer::{good_of, offer_of_file, offer_of_report, report_good_of};

fn loc(l: &ImportLine) -> Option<Location> {
    l.at.row().map(Location::Cell)
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

/// Group key: quarter, CN code, origin, installation id (or none for defaults), product.
type Key = (u32, CnCode, CountryCode, Option<String>, Option<String>);

/// The group key without the quarter.
type GoodKey = (CnCode, CountryCode, Option<String>, Option<String>);

/// The lines of one quarter declared alike, and what they are declared with.
#[derive(Clone)]
struct Group {
    lines: usize,
    mass: Dec,
    supplier_file: Option<String>,
    values: Values,
    carbon: CarbonPaid,
    carbon_eur: Option<Dec>,
    exchange_rate: Option<String>,
    variant: Option<Variant>,
    see_parts: (Option<Dec>, Option<Dec>),
    route: Option<BenchmarkRoute>,
    at: Option<Location>,
}

/// How a customs line is declared: the supplier's actual values of its good (verified, where the
/// regime requires it) or the default value of its country of origin; the group key without the
/// quarter. `None` after an error (pushed to `diags`).
fn resolve(line: &ImportLine, suppliers: &Suppliers, regime: &Regime, opts: &Options, diags: &mut Diagnostics) -> Option<(GoodKey, Group)> {
    let supplier = match line.installation.as_deref() {
        Some(text) => match suppliers.find(text) {
            Found::Several(list) => {
                diags.push(Diagnostic::error(
                    DiagCode::DeclarationSupplierAmbiguous,
                    loc(line),
                    format!(
                        "'{text}' is the UN/LOCODE of several supplier installations ({}); name the installation id",
                        list.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                ));
                return None;
            }
            Found::None => None,
            found => Some(found),
        },
        None => None,
    };
    let user_route = opts.routes.get(line.cn_code.cn8()).copied();
    let default_price = opts.default_carbon_prices.get(&line.origin).map(|p| CarbonPaid::DefaultPrice { eur_per_tco2e: *p });
    let offer = supplier.as_ref().and_then(|s| match s {
        Found::One(s) => good_of(s, line).map(|g| offer_of_file(s, g, line, regime, user_route)),
        Found::Report(r) => report_good_of(r, line).map(|g| offer_of_report(r, g, line, regime)),
        _ => None,
    });
    // Supplier data made under the transitional rules cannot serve a declaration of the
    // definitive period, verified or not.
    if let Some(o) = offer.as_ref().filter(|o| o.transitional.is_some()) {
        let (rules, start) = o.transitional.as_ref().expect("filtered");
        diags.push(
            Diagnostic::error(
                DiagCode::DeclarationSupplierTransitional,
                loc(line),
                format!("{}: made under {rules} (its reporting period starts {start}); the goods imported in {} are declared under the definitive methodology", o.file, opts.year),
            )
            .hint("ask the supplier for its data of the definitive period (its operator's emissions report), or remove the file to declare these goods at default values"),
        );
        return None;
    }
    // Actual values need a verifier's report where the regime says so.
    let unverified = match (&offer, regime.verification_rule()) {
        (Some(o), Some(rule)) if !o.verified => Some((o, rule)),
        _ => None,
    };
    match offer.as_ref().filter(|_| unverified.is_none()) {
        Some(o) => {
            if o.carbon_without_rate {
                diags.push(Diagnostic::warning(
                    DiagCode::DeclarationCarbonPriceRate,
                    loc(line),
                    format!("{}: the supplier's carbon price has no EUR exchange rate; no deduction", o.file),
                ));
            }
            let column_a = match &o.column_a {
                Ok(c) => c.clone(),
                Err(e) => {
                    diags.push(
                        Diagnostic::error(DiagCode::DeclarationBenchmark, loc(line), format!("{}: {} {}: {e}", o.file, o.cn_code, o.product))
                            .hint(format!("choose the route with --benchmark-route {}=LETTER, or declare these goods at default values", o.cn_code)),
                    );
                    return None;
                }
            };
            let values = Values::Actual { see_direct: o.see_direct, see_indirect: o.see_indirect, route: o.route, column_a };
            let carbon = match o.carbon_eur {
                Some(eur) if !eur.is_zero() => CarbonPaid::Effective { eur_per_t: eur, certified_by: o.certified_by.clone() },
                _ => default_price.unwrap_or(CarbonPaid::None),
            };
            let key = (line.cn_code.clone(), line.origin, Some(o.installation_id.clone()), Some(o.product.clone()));
            let group = Group {
                lines: 0,
                mass: Dec::ZERO,
                supplier_file: Some(o.file.clone()),
                values,
                carbon,
                carbon_eur: o.carbon_eur,
                exchange_rate: o.exchange_rate.clone(),
                variant: o.variant,
                see_parts: (Some(o.see_direct), Some(o.see_indirect)),
                route: user_route,
                at: loc(line),
            };
            Some((key, group))
        }
        None => {
            if let Some((s, rule)) = unverified {
                diags.push(Diagnostic::warning(DiagCode::DeclarationUnverified, loc(line), format!(
                    "{}: the actual values of {} are not verified ({}): {} from {} declared at the default value of {} with the {} mark-up; actual values count only when an accredited verifier's report covers them ({rule})",
                    s.file, s.installation_id, s.unverified_why, line.cn_code, line.origin, line.origin, opts.year))
                    .hint("ask the supplier for its verifier's report and the verification fields of its workbook (verifier_name, verifier_accreditation_number, verification_report_reference, verification_report_date)"));
            } else if let Some(file) = supplier.as_ref().and_then(|s| match s {
                Found::One(s) => Some(s.file.as_str()),
                Found::Report(r) => Some(r.file.as_str()),
                _ => None,
            }) {
                diags.push(Diagnostic::warning(
                    DiagCode::DeclarationGoodNotInSupplier,
                    loc(line),
                    format!(
                        "{} has no good {}{}: declared at default values",
                        file,
                        line.cn_code,
                        line.product.as_deref().map(|p| format!(" '{p}'")).unwrap_or_default()
                    ),
                ));
            } else {
                diags.push(Diagnostic::warning(
                    DiagCode::DeclarationDefaultValues,
                    loc(line),
                    format!(
                        "no supplier data for {} from {}{}: declared at the default value of {} with the {} mark-up, and no carbon price paid can be deducted",
                        line.cn_code,
                        line.origin,
                        line.installation.as_deref().map(|i| format!(" ({i})")).unwrap_or_default(),
                        line.origin,
                        opts.year
                    ),
                ));
            }
            let key = (line.cn_code.clone(), line.origin, None, line.variant.map(|v| v.code().to_string()));
            let group = Group {
                lines: 0,
                mass: Dec::ZERO,
                supplier_file: None,
                values: Values::Default,
                carbon: default_price.unwrap_or(CarbonPaid::None),
                carbon_eur: None,
                exchange_rate: None,
                variant: line.variant,
                see_parts: (None, None),
                route: user_route,
                at: loc(line),
            };
            Some((key, group))
        }
    }
}

/// Builds the worksheet. Lines released in other years are left out (a warning says how many);
/// a line whose supplier sent no data is declared at the default value of its country of origin
/// (warned: default values carry the year's mark-up and no Article 9 deduction). Lines of other
/// CBAM sectors count towards the de minimis threshold and are not computed.
pub fn build(imports: &Imports, suppliers: &Suppliers, opts: &Options) -> Result<(Worksheet, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Diagnostics::new();
    let regime = match Regime::for_year(opts.year, None) {
        Ok(r) if r.year_rules.is_some() => r,
        Ok(r) => return Err(vec![Diagnostic::error(DiagCode::DeclarationYear, None, ObligationError::NotDefinitive(r.year).to_string())]),
        Err(e) => return Err(vec![Diagnostic::error(DiagCode::DeclarationYear, None, e.to_string())]),
    };
    let rules = regime.year_rules.expect("checked above");
    // Lines are resolved once per installation text, CN code, product, variant and origin (the
    // supplier found, its good, column A, the carbon price paid: the same for every such line),
    // then added to their quarter's group. Warnings and errors of a resolution are said once, at
    // the first line it was made for: a year of lines would otherwise repeat them by the
    // hundred thousand.
    type LineKey<'l> = (Option<&'l str>, &'l CnCode, Option<&'l str>, Option<Variant>, &'l CountryCode);
    struct Resolved {
        key: GoodKey,
        proto: Group,
        /// Index in `groups` per quarter, once the quarter has a line.
        slots: [Option<usize>; 4],
    }
    // Looked up once per line: a fast hash (the keys are the importer's own texts, not an
    // adversary's).
    let mut resolved: rustc_hash::FxHashMap<LineKey, Option<Resolved>> = rustc_hash::FxHashMap::default();
    let mut index: rustc_hash::FxHashMap<Key, usize> = rustc_hash::FxHashMap::default();
    let mut groups: Vec<(Key, Group)> = Vec::new();
    let mut other_years = 0usize;
    let mut computed_mass = Dec::ZERO;
    let overflow = |at: Option<Location>| Diagnostic::error(DiagCode::DeclarationOverflow, at, "the year's net mass is too large to add up exactly");
    for line in &imports.lines {
        if line.release_date.year() != opts.year {
            other_years += 1;
            continue;
        }
        let Some(m) = computed_mass.checked_add(line.net_mass_t) else {
            diags.push(overflow(loc(line)));
            continue;
        };
        computed_mass = m;
        let line_key: LineKey = (line.installation.as_deref(), &line.cn_code, line.product.as_deref(), line.variant, &line.origin);
        let r = resolved
            .entry(line_key)
            .or_insert_with(|| resolve(line, suppliers, &regime, opts, &mut diags).map(|(key, proto)| Resolved { key, proto, slots: [None; 4] }));
        let Some(r) = r else { continue };
        let quarter = (line.release_date.month() - 1) / 3 + 1;
        let slot = &mut r.slots[(quarter - 1) as usize];
        let i = match *slot {
            Some(i) => i,
            None => {
                let key = (quarter, r.key.0.clone(), r.key.1, r.key.2.clone(), r.key.3.clone());
                let i = *index.entry(key.clone()).or_insert_with(|| {
                    let mut g = r.proto.clone();
                    g.at = loc(line);
                    groups.push((key, g));
                    groups.len() - 1
                });
                *slot = Some(i);
                i
            }
        };
        let g = &mut groups[i].1;
        g.lines += 1;
        g.mass = g.mass.saturating_add(line.net_mass_t);
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    // Lines of goods cbam does not compute: other CBAM sectors count towards the threshold
    // (but electricity and hydrogen, Art. 2a(4)); goods outside CBAM do not count at all.
    let mut other: BTreeMap<&'static str, (usize, Dec, Option<Location>)> = BTreeMap::new();
    let mut not_cbam = (0usize, Vec::new());
    for line in imports.outside.iter() {
        if line.release_date.year() != opts.year {
            other_years += 1;
            continue;
        }
        match line.sector {
            Some(sector) => {
                let e = other.entry(sector).or_insert((0, Dec::ZERO, line.at.row().map(Location::Cell)));
                e.0 += 1;
                match e.1.checked_add(line.net_mass_t) {
                    Some(m) => e.1 = m,
                    None => diags.push(overflow(line.at.row().map(Location::Cell))),
                }
            }
            None => {
                not_cbam.0 += 1;
                if not_cbam.1.len() < 5 {
                    not_cbam.1.push(line.cn_code.clone());
                }
            }
        }
    }
    let mut other_sectors = Vec::new();
    let mut other_mass = Dec::ZERO;
    for (sector, (lines, mass, at)) in other {
        let counted = !matches!(sector, "electricity" | "hydrogen");
        if counted {
            match other_mass.checked_add(mass) {
                Some(m) => other_mass = m,
                None => diags.push(overflow(at.clone())),
            }
        }
        diags.push(Diagnostic::warning(DiagCode::DeclarationOtherSector, at, if counted {
            format!("{lines} line(s) of {sector} goods, {} t: counted towards the de minimis threshold, not computed here; declare their embedded emissions with the supplier's data of that sector", mass.normalize())
        } else {
            format!("{lines} line(s) of {sector}, {} t: not counted towards the de minimis threshold (Art. 2a(4)), not computed here", mass.normalize())
        }));
        other_sectors.push(OtherSector { sector, lines, mass_t: mass, counted_for_de_minimis: counted });
    }
    if not_cbam.0 > 0 {
        diags.push(Diagnostic::warning(
            DiagCode::DeclarationNotCbam,
            None,
            format!(
                "{} line(s) of goods outside CBAM (CN {}{}) are left out and not counted towards the de minimis threshold",
                not_cbam.0,
                not_cbam.1.join(", "),
                if not_cbam.0 > not_cbam.1.len() { ", …" } else { "" }
            ),
        ));
    }
    if other_years > 0 {
        diags.push(Diagnostic::warning(
            DiagCode::DeclarationOtherYears,
            None,
            format!("{other_years} customs line(s) released outside {} are left out", opts.year),
        ));
    }
    // Article 9 converts at the year's average certificate price (draft act, Art. 6(1)).
    let quarter_prices: Vec<Option<Price>> = (1..=4).map(|q| certificate_price(opts, q)).collect();
    let art9_reference_price = match opts.cbam_price {
        Some(p) => Some(p),
        None => quarter_prices.iter().map(|p| p.as_ref().map(|p| p.eur)).collect::<Option<Vec<Dec>>>().and_then(|v| {
            let total = v.iter().try_fold(Dec::ZERO, |a, x| a.checked_add(*x))?;
            total.checked_div(Dec::from(4))
        }),
    };
    let missing_quarters: Vec<String> =
        quarter_prices.iter().enumerate().filter(|(_, p)| p.is_none()).map(|(i, _)| format!("{}Q{}", opts.year, i + 1)).collect();
    let mut entries = Vec::new();
    let mut notes = Vec::new();
    for ((quarter, cn, origin, installation, product), g) in groups {
        let Some(price) = quarter_prices[(quarter - 1) as usize].clone() else {
            diags.push(
                Diagnostic::error(
                    DiagCode::DeclarationNoPrice,
                    g.at.clone(),
                    format!("no CBAM certificate price for {}Q{quarter}, the quarter these goods were imported in", opts.year),
                )
                .hint(format!("give it with --price {}Q{quarter}=EUR (the Commission publishes each quarter's price after the quarter)", opts.year)),
            );
            continue;
        };
        let (carbon, art9_unpriced) = match (&g.carbon, art9_reference_price) {
            (CarbonPaid::None, _) => (CarbonPaid::None, false),
            (c, Some(_)) => (c.clone(), false),
            (_, None) => (CarbonPaid::None, true),
        };
        let prices = Prices { cbam_price: price.eur, cscf: opts.cscf, art9_reference_price: art9_reference_price.unwrap_or(price.eur) };
        let good = definitive::Good { cn_code: &cn, origin: &origin, variant: g.variant, mass_t: g.mass, values: g.values.clone(), route: g.route, carbon };
        let mut a = match definitive::assess(&regime, &good, &prices) {
            Ok(a) => a,
            Err(e @ ObligationError::NoDefault(_)) => {
                diags.push(Diagnostic::error(DiagCode::DeclarationNoDefault, g.at.clone(), e.to_string()));
                continue;
            }
            Err(e @ ObligationError::Benchmark(_)) => {
                diags.push(
                    Diagnostic::error(DiagCode::DeclarationBenchmark, g.at.clone(), e.to_string())
                        .hint(format!("choose one with --benchmark-route {cn}=LETTER")),
                );
                continue;
            }
            Err(e) => {
                diags.push(Diagnostic::error(DiagCode::DeclarationObligation, g.at.clone(), e.to_string()));
                continue;
            }
        };
        if art9_unpriced {
            a.obligation.art9_refused = Some(format!(
                "the year's average certificate price, which Article 9 reductions are converted at, is not known: no price for {}",
                missing_quarters.join(", ")
            ));
        }
        if let Some(codes) = &a.benchmark_used.from_codes {
            notes.push(Diagnostic::warning(
                DiagCode::DeclarationBenchmarkSplit,
                g.at.clone(),
                format!(
                    "the benchmark table has no row for {cn} (split in the Combined Nomenclature); its benchmark {} is that of {codes}",
                    a.benchmark_used.value.normalize()
                ),
            ));
        }
        entries.push(Entry {
            cn_code: cn,
            origin,
            installation,
            supplier_file: g.supplier_file,
            product: product.filter(|_| a.basis == "actual"),
            basis: if a.basis == "actual" { Basis::Actual } else { Basis::Default },
            variant: g.variant,
            lines: g.lines,
            see_direct: g.see_parts.0,
            see_indirect: g.see_parts.1,
            default_total: a.default_value.as_ref().map(|d| d.total),
            benchmark_route: a.benchmark_used.route,
            carbon_price_eur_per_t: g.carbon_eur,
            carbon_price_exchange_rate: g.exchange_rate,
            quarter,
            certificate_price: price,
            default_value: a.default_value,
            benchmark_used: a.benchmark_used,
            scope: a.scope,
            obligation: a.obligation,
        });
    }
    let holding = if opts.holding { holding(&regime, &entries, &mut diags) } else { None };
    if diags.has_errors() {
        return Err(diags.into_sorted());
    }
    let mut totals = Totals::default();
    for e in &entries {
        totals.add(&e.obligation);
    }
    let threshold = rules.de_minimis_t;
    let year_mass = computed_mass.saturating_add(other_mass);
    // Art. 2a(1): exempt where the net mass "does not cumulatively exceed" the threshold.
    let exempt = year_mass <= threshold;
    let mut warnings = diags.into_sorted();
    warnings.extend(notes);
    if exempt {
        warnings.push(Diagnostic::warning(
            DiagCode::DeclarationDeMinimis,
            None,
            format!(
                "{} t of CBAM goods imported in {}: not above the {}-tonne de minimis threshold, no CBAM declaration is due",
                year_mass.normalize(),
                opts.year,
                threshold.normalize()
            ),
        ));
    }
    Ok((
        Worksheet {
            year: opts.year,
            regime: regime.record(),
            declarant_eori: imports.declarant.as_ref().map(|d| d.eori.clone()).unwrap_or_default(),
            declarant_name: imports.declarant.as_ref().map(|d| d.name.clone()).unwrap_or_default(),
            cbam_price: opts.cbam_price,
            cscf: opts.cscf,
            article9: Article9::current(),
            art9_reference_price,
            entries,
            totals,
            other_sectors,
            de_minimis: DeMinimis { threshold_t: threshold, mass_t: year_mass, computed_mass_t: computed_mass, other_sectors_mass_t: other_mass, exempt },
            holding,
        },
        warnings,
    ))
}

/// The certificates to hold at the end of each quarter of the year (Art. 22(2)(a)): the year's
/// share of Σ max(0, M × default total − M × SEFA at column B) over the entries imported up to
/// the quarter's end; `None` (with a warning) in a year without the requirement.
fn holding(regime: &Regime, entries: &[Entry], diags: &mut Diagnostics) -> Option<Vec<Holding>> {
    let rules = regime.year_rules?;
    let Some(share) = rules.holding_share else {
        diags.push(Diagnostic::warning(
            DiagCode::DeclarationHolding,
            None,
            format!(
                "no quarterly holding requirement for goods imported in {}: the holding rule ({}) applies from {}",
                rules.year,
                crate::tables::years::holding_source(),
                crate::tables::years::first_holding_year().map_or_else(|| "a later year".to_string(), |y| y.to_string())
            ),
        ));
        return None;
    };
    let mut per_quarter = [Dec::ZERO; 4];
    for e in entries {
        let good = definitive::Good {
            cn_code: &e.cn_code,
            origin: &e.origin,
            variant: e.variant,
            mass_t: e.obligation.mass_t,
            values: Values::Default,
            route: None,
            carbon: CarbonPaid::None,
        };
        let prices = Prices { cbam_price: e.certificate_price.eur, cscf: e.obligation.cscf, art9_reference_price: e.certificate_price.eur };
        let a = match definitive::assess(regime, &good, &prices) {
            Ok(a) => a,
            Err(err) => {
                diags.push(Diagnostic::error(
                    DiagCode::DeclarationHolding,
                    None,
                    format!("the holding requirement is worked out on default values: {} from {}: {err}", e.cn_code, e.origin),
                ));
                continue;
            }
        };
        let total = a.default_value.as_ref().map(|d| d.total).unwrap_or_default();
        let net = total.checked_mul(e.obligation.mass_t).and_then(|x| x.checked_sub(a.obligation.faa_t)).map(|x| x.max(Dec::ZERO));
        match net.and_then(|n| per_quarter[(e.quarter - 1) as usize].checked_add(n)) {
            Some(v) => per_quarter[(e.quarter - 1) as usize] = v,
            None => diags.push(Diagnostic::error(DiagCode::DeclarationOverflow, None, "the holding requirement is too large to compute exactly")),
        }
    }
    let mut out = Vec::new();
    let mut cumulative = Dec::ZERO;
    for (i, q) in per_quarter.iter().enumerate() {
        cumulative = cumulative.saturating_add(*q);
        out.push(Holding { quarter: i as u32 + 1, embedded_net_t: cumulative, share, certificates: cumulative.saturating_mul(share) });
    }
    Some(out)
}
