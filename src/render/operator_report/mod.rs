//! The operator's emissions report of the definitive period (Annex IV of IR 2025/2547), in
//! cbam's own JSON format `operator-report-v1` (`schemas/operator-report-v1.schema.json`,
//! `docs/operator-report.md`): the summary of point 1.2, the version a declarant receives.
//!
//! [`build`] turns an installation and its results into an [`OperatorReport`]; [`schema`] checks
//! a report against the JSON Schema (every file is checked before it is written, and every file
//! read); [`OperatorReport::canonical_json`] is the text written, attached to the PDF and digested.
//! Figures are typed decimals serialised as strings with the decimals the regime reports (SEE 5,
//! emissions over the period whole tonnes); what the workbook lacks is `null` and listed in
//! `missing`, what cannot apply is listed in `items_not_applicable` with the reason.

mod format;
mod full;
pub mod schema;

pub use format::*;
pub use schema::checked;

use crate::compute::definitive;
use crate::compute::{PrecursorKind, PrecursorOrigin, Results};
use crate::model::{CnCode, Dec, EfSource, Installation, PrecursorSource};
use crate::regime::{Article9, Methodology, Regime};
use crate::tables::benchmarks::Column;

/// The value of the `format` member.
pub const FORMAT: &str = "cbam-operator-report";
/// The version of the format this module writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// Name of the report's data attached to its PDF.
pub const ATTACHMENT: &str = "operator-report.json";

/// What the report needs besides the installation and its results.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Cross-sectoral correction factor for the SEFA (an input: published yearly).
    pub cscf: Dec,
    /// The summary of point 1.2 (what declarants receive) or the full report of point 1.1 (for
    /// the verifier).
    pub kind: Kind,
}

/// `d` rounded half away from zero to `dp` decimals, written with exactly `dp` decimals; a figure
/// that rounds to zero is `0`, never `-0` (a floored −0.2 t is no negative emission).
fn round(d: Dec, dp: u32) -> Dec {
    let mut r = d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}

/// A fraction from 0 to 1 with 6 decimals.
fn share(d: Dec) -> Dec {
    round(d.clamp(Dec::ZERO, Dec::ONE), 6)
}

fn split_code(c: &CnCode) -> (String, Option<String>) {
    (c.cn8().to_string(), c.taric().map(str::to_string))
}

/// Whether a process's own electricity factor is an actual value (a power purchase agreement, a
/// direct technical link or the installation's own generation), not the grid's default.
fn actual_electricity(src: Option<EfSource>) -> bool {
    matches!(src, Some(EfSource::Ppa | EfSource::DirectLine | EfSource::OwnGeneration))
}

/// The fraction of a process's specific indirect emissions that rests on actual values: its own
/// electricity at an actual factor, precursors at their supplier's actual values, own precursors
/// as their process.
fn indirect_actual_share(inst: &Installation, res: &Results, process: &str, depth: usize) -> Option<Dec> {
    let p = res.processes.iter().find(|p| p.id == process)?;
    let own_actual = actual_electricity(inst.process(process).and_then(|p| p.electricity.ef_source));
    let mut total = p.attributed_indirect_t;
    let mut actual = if own_actual { p.attributed_indirect_t } else { Dec::ZERO };
    for pr in &p.precursors {
        total += pr.contribution_indirect_t;
        actual += match &pr.origin {
            PrecursorOrigin::Default { .. } => Dec::ZERO,
            PrecursorOrigin::Actual | PrecursorOrigin::ZeroRated => pr.contribution_indirect_t,
            PrecursorOrigin::Own { process } if depth < 8 => {
                indirect_actual_share(inst, res, process, depth + 1).map_or(Dec::ZERO, |s| s * pr.contribution_indirect_t)
            }
            PrecursorOrigin::Own { .. } => Dec::ZERO,
        };
    }
    if total.is_zero() { Some(Dec::ZERO) } else { actual.checked_div(total) }
}

/// Builds the report of `opts.kind` (the summary of Annex IV point 1.2, or the full report of
/// point 1.1) of an installation computed under the definitive methodology.
pub fn build(inst: &Installation, res: &Results, opts: Options) -> crate::render::Result<OperatorReport> {
    let mut report = build_summary(inst, res, opts)?;
    if opts.kind == Kind::Full {
        full::complete(&mut report, inst, res);
    }
    Ok(report)
}

fn build_summary(inst: &Installation, res: &Results, opts: Options) -> crate::render::Result<OperatorReport> {
    let record = &res.regime;
    if !record.methodology.is_definitive() {
        let definitive = Methodology::ALL.into_iter().find(|m| m.is_definitive()).map_or("", Methodology::short);
        return Err(crate::render::Error::Transitional { start: inst.period.start, end: inst.period.end, act: record.methodology_act, definitive });
    }
    let id = &inst.identity;
    let unlocode = id.unlocode.clone().ok_or(crate::render::Error::NoUnlocode)?;
    let rounding = record.rounding;
    let see = |d: Dec| round(d, rounding.map_or(6, |r| r.see_decimals));
    let tonnes = |d: Dec| round(d, rounding.map_or(3, |r| r.totals_decimals));
    let mut missing: Vec<Missing> = Vec::new();
    let mut na: Vec<NotApplicable> = Vec::new();
    let miss = |m: &mut Vec<Missing>, item: &str, what: String| m.push(Missing { item: item.into(), what });
    let not_applicable = |n: &mut Vec<NotApplicable>, item: &str, reason: &str| n.push(NotApplicable { item: item.into(), reason: reason.into() });

    // 1: the operator.
    if id.operator_name.is_none() {
        miss(&mut missing, "1.2-1(a)", "the operator's name (About operator_name is blank)".into());
    }
    if id.operator_id.is_none() {
        miss(&mut missing, "1.2-1(b)", "the operator's registration number (About operator_id is blank)".into());
    }
    if id.operator_street.is_none() && id.operator_city.is_none() && id.operator_country.is_none() {
        miss(&mut missing, "1.2-1(c)", "the operator's address (About operator_street, operator_city, operator_country are blank)".into());
    }
    let operator = Operator {
        name: id.operator_name.clone(),
        registration_number: id.operator_id.clone(),
        address: Address {
            street: id.operator_street.clone(),
            city: id.operator_city.clone(),
            post_code: id.operator_post_code.clone(),
            po_box: None,
            country: id.operator_country,
        },
        contact: Contact { name: id.contact_name.clone(), email: id.contact_email.clone(), phone: id.contact_phone.clone() },
    };

    // 2: the installation.
    if id.registry_id.is_none() {
        miss(&mut missing, "1.2-2(b)", "the installation's unique identifier in the CBAM Registry (About registry_installation_id is blank)".into());
    }
    let coordinates = match (id.latitude, id.longitude) {
        (Some(latitude), Some(longitude)) => Some(Coordinates { latitude: latitude.normalize(), longitude: longitude.normalize() }),
        _ => {
            miss(&mut missing, "1.2-2(e)", "the coordinates of the main emission source (About latitude, longitude are blank)".into());
            None
        }
    };
    let installation = InstallationInfo {
        id: id.installation_id.clone(),
        registry_id: id.registry_id.clone(),
        name: id.name_en.clone(),
        name_local: id.name_local.clone(),
        economic_activity: id.economic_activity.clone(),
        unlocode,
        address: Address { street: id.street.clone(), city: id.city.clone(), post_code: id.post_code.clone(), po_box: id.po_box.clone(), country: id.country },
        coordinates,
    };

    // 3 and 5: processes and their goods.
    let processes: Vec<ProcessInfo> = res
        .processes
        .iter()
        .map(|p| ProcessInfo {
            id: p.id.clone(),
            name: p.name.clone(),
            category: p.category,
            route: p.route,
            method_id: p.route.method_id().into(),
            goods: res
                .goods
                .iter()
                .filter(|g| g.process == p.id)
                .map(|g| {
                    let (cn_code, taric_code) = split_code(&g.cn_code);
                    ProcessGood { cn_code, taric_code, product: g.product.clone() }
                })
                .collect(),
            direct_emissions_t: tonnes(p.direct_emissions_t),
            see_direct: see(p.see_direct),
            see_indirect: see(p.see_indirect),
            main_goods: None,
            activity_level_t: None,
            non_saleable_output_t: None,
            quantity_functional_unit: None,
            biomass_co2_t: None,
            pfc_co2e_t: None,
            attributed_direct_t: None,
            attributed_indirect_t: None,
            electricity: None,
            balance: None,
            source_streams: None,
            pfc: None,
            calculation: None,
            non_cbam_goods: None,
        })
        .collect();

    // 4: per good.
    let regime = Regime::for_year(record.year, Some(record.methodology)).ok();
    let year_rules = record.year_rules;
    let annex_ii_goods = res.goods.iter().filter(|g| g.category.listed_in_annex_ii()).count();
    let mut sefa_missing = Vec::new();
    let goods: Vec<GoodInfo> = res
        .goods
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            let input = inst.goods.iter().find(|x| x.cn_code == g.cn_code && x.product == g.product);
            let variant = input.and_then(|x| x.variant);
            let (cn_code, taric_code) = split_code(&g.cn_code);
            let indirect_basis = (!g.category.listed_in_annex_ii()).then(|| {
                let actual = share(indirect_actual_share(inst, res, &g.process, 0).unwrap_or_default());
                let has_actual = !actual.is_zero();
                let total_indirect = !g.see_indirect.is_zero();
                let evidence = inst.process(&g.process).is_some_and(|p| p.electricity.evidence.is_some());
                IndirectBasis {
                    share_actual: actual,
                    share_default: if total_indirect { share(Dec::ONE - actual) } else { share(Dec::ZERO) },
                    actual_criteria_met: has_actual.then_some(evidence).filter(|e| *e),
                    evidence_submitted_to_verifier: None,
                }
            });
            let sefa = match (&regime, year_rules) {
                (Some(regime), Some(y)) => match definitive::column_a(regime, res, g, variant, None) {
                    Ok(ca) => Some(Sefa {
                        value: (ca.value * y.cbam_factor * opts.cscf).normalize(),
                        column: Column::A,
                        benchmark: ca.value,
                        route: ca.parts.first().and_then(|p| p.route),
                        cbam_factor: y.cbam_factor,
                        cscf: opts.cscf,
                        method: format!(
                            "Column A of the benchmark table (actual values): the benchmark of the good's production route plus, for each precursor, its mass per tonne of good times its benchmark (precursors made in the installation at column A, purchased precursors at column B of their country's default route); the sum times the CBAM factor {} of {} times the CSCF {}",
                            y.cbam_factor.normalize(),
                            y.year,
                            opts.cscf.normalize()
                        ),
                        parts: ca
                            .parts
                            .into_iter()
                            .map(|p| SefaPart {
                                what: p.what,
                                mass_per_t: p.mass_per_t,
                                cn_code: p.cn_code.cn8().to_string(),
                                column: p.column,
                                route: p.route,
                                value: p.value,
                                why: p.why,
                            })
                            .collect(),
                        table: record.benchmarks.into(),
                    }),
                    Err(e) => {
                        sefa_missing.push(format!("{} {}: {e}", g.cn_code, g.product));
                        None
                    }
                },
                _ => {
                    sefa_missing.push(format!("{} {}: the regime gives no CBAM factor for {}", g.cn_code, g.product, record.year));
                    None
                }
            };
            let params = input.map(|x| x.params.clone()).unwrap_or_default();
            let carbon_price = res.carbon_price.goods.get(gi).filter(|cp| cp.cn_code == g.cn_code && cp.product == g.product).map(|cp| GoodCarbonPrice {
                currency: res.carbon_price.schemes.first().map(|s| s.currency.clone()).unwrap_or_default(),
                amount: cp.amount,
                amount_eur: cp.amount_eur,
                emissions_covered: cp.emissions_covered,
                lines: cp
                    .lines
                    .iter()
                    .map(|l| {
                        let (covered, cn_code, name) = match &l.covered {
                            crate::compute::carbon_price::Covered::Good { cn_code } => (CoveredPart::Good, Some(cn_code.cn8().to_string()), None),
                            crate::compute::carbon_price::Covered::Precursor { cn_code, name } => {
                                (CoveredPart::Precursor, cn_code.as_ref().map(|c| c.cn8().to_string()), Some(name.clone()))
                            }
                        };
                        CarbonPriceLine {
                            covered,
                            cn_code,
                            name,
                            scheme: l.scheme,
                            emissions_covered: l.emissions_covered,
                            emissions_covered_free: l.emissions_covered_free,
                            amount: l.amount,
                            amount_eur: l.amount_eur,
                        }
                    })
                    .collect(),
            });
            GoodInfo {
                cn_code,
                taric_code,
                product: g.product.clone(),
                process_id: g.process.clone(),
                category: g.category,
                route: g.route,
                variant,
                listed_in_annex_ii: g.category.listed_in_annex_ii(),
                functional_unit: "t".into(),
                see_direct: see(g.see_direct),
                see_indirect: see(g.see_indirect),
                see_total: see(g.see_total),
                see_per_t_clinker: g.see_per_t_clinker.map(see),
                embedded_electricity_mwh_per_t: round(g.embedded_electricity, 6),
                share_default_values: share(g.default_share),
                indirect_basis,
                sefa,
                sector_parameters: SectorParameters {
                    clinker_ratio_pct: params.clinker_ratio_pct.map(|d| d.normalize()),
                    calcined: params.calcined,
                    scrap_t_per_t: params.scrap_t_per_t.map(|d| d.normalize()),
                    pre_consumer_scrap_pct: params.pre_consumer_scrap_pct.map(|d| d.normalize()),
                    non_al_elements_pct: params.non_al_elements_pct.map(|d| d.normalize()),
                },
                carbon_price,
                quantity_t: None,
                quantity_functional_unit: None,
                compositions: None,
                data_quality: None,
            }
        })
        .collect();
    if annex_ii_goods > 0 {
        not_applicable(
            &mut na,
            "1.2-4(c)",
            "for goods listed in Annex II of the CBAM Regulation (aluminium): only their direct emissions count in the definitive period (their indirect_basis is null)",
        );
    }
    not_applicable(&mut na, "1.2-4(d)", "electricity imported into the Union: the installation makes cement or aluminium goods, not electricity");
    if !sefa_missing.is_empty() {
        miss(&mut missing, "1.2-4(e)", format!("the specific embedded free allocation of {}", sefa_missing.join("; ")));
        miss(&mut missing, "1.2-4(f)", "the benchmark and method of the goods without a specific embedded free allocation (see 1.2-4(e))".into());
    }

    // 5 and 6: totals.
    let sum = |f: &dyn Fn(&crate::compute::ProcessResult) -> Dec| crate::compute::num_sum(res.processes.iter().map(f));
    if annex_ii_goods == res.goods.len() {
        not_applicable(&mut na, "1.2-6", "every good of the installation is listed in Annex II of the CBAM Regulation (aluminium)");
    }
    let totals = Totals {
        direct_emissions_t: tonnes(sum(&|p| p.direct_emissions_t)),
        indirect_emissions_t: tonnes(sum(&|p| p.attributed_indirect_t)),
        biomass_co2_t: tonnes(sum(&|p| p.biomass_co2_t)),
        pfc_co2e_t: tonnes(sum(&|p| p.pfc_co2e_t)),
        measured_sources: None,
        other_methods_emissions_t: None,
    };

    // 7 to 11.
    let measurable_heat = MeasurableHeat {
        imported: inst.processes.iter().any(|p| !p.heat_imported_tj.is_zero()),
        exported: inst.processes.iter().any(|p| !p.heat_exported_tj.is_zero()),
        counterparts: None,
    };
    let zero_rated = inst.processes.iter().flat_map(|p| &p.streams).any(|s| !s.biomass.is_zero());
    if zero_rated {
        miss(&mut missing, "1.2-8", "how the operator demonstrates that the zero-rating applies: the workbook records only whether the criteria are met (SourceStreams biomass_criteria)".into());
    }
    miss(
        &mut missing,
        "1.2-9",
        "whether waste gases are produced and used, imported or exported: the workbook records only a net correction (Processes waste_gas_correction)".into(),
    );
    match id.co2_capture {
        None => miss(&mut missing, "1.2-10", "whether CO2 is captured at the installation (About co2_capture is blank)".into()),
        Some(true) => miss(
            &mut missing,
            "1.2-10",
            "the installations or transport infrastructure the captured CO2 is transferred to: the workbook has no field for them".into(),
        ),
        Some(false) => {}
    }
    let produced = inst.processes.iter().any(|p| !p.electricity_produced_mwh.is_zero());
    if produced {
        for item in ["1.2-11(a)", "1.2-11(b)", "1.2-11(c)"] {
            miss(&mut missing, item, "how the electricity produced in the installation is generated (co-generation or separate, fossil or renewable): the workbook has no field for it".into());
        }
    } else {
        not_applicable(&mut na, "1.2-11", "no electricity is produced inside the installation (Processes electricity_produced is 0)");
    }

    // 12 to 16: precursors.
    let mut precursors = Vec::new();
    for p in &res.processes {
        let proc_in = inst.process(&p.id);
        for (i, pr) in p.precursors.iter().enumerate() {
            let input = proc_in.and_then(|x| x.precursors.get(i)).filter(|x| x.name == pr.name);
            let code = match &pr.origin {
                PrecursorOrigin::Own { process } => res.goods.iter().find(|g| &g.process == process).map(|g| g.cn_code.clone()),
                other => other.default_cn_code().cloned(),
            };
            let (cn_code, taric_code) = code.as_ref().map(split_code).map_or((None, None), |(a, b)| (Some(a), b));
            let source = match input.map(|x| &x.source) {
                Some(PrecursorSource::Purchased { .. }) => PrecursorSourceKind::Purchased,
                Some(PrecursorSource::Own { .. }) => PrecursorSourceKind::Own,
                None if pr.origin.kind() == PrecursorKind::Own => PrecursorSourceKind::Own,
                None => PrecursorSourceKind::Purchased,
            };
            precursors.push(PrecursorInfo {
                process_id: p.id.clone(),
                name: pr.name.clone(),
                category: pr.category,
                source,
                values: match pr.origin.kind() {
                    PrecursorKind::Own => PrecursorValues::Own,
                    PrecursorKind::Actual => PrecursorValues::Actual,
                    PrecursorKind::Default => PrecursorValues::Default,
                },
                from_process: pr.origin.own_process().map(str::to_string),
                supplier: pr.supplier.clone(),
                cn_code,
                taric_code,
                country: pr.country,
                alloying: pr.alloying,
                zero_origin: pr.origin == PrecursorOrigin::ZeroRated,
                decision: pr.decision.clone(),
                verification_report: pr.verification_report.clone(),
                default_value: match &pr.origin {
                    PrecursorOrigin::Default { fallback, table, .. } => Some(DefaultValue {
                        see_direct: see(pr.see_direct),
                        see_indirect: see(pr.see_indirect),
                        description: pr.source.clone(),
                        table: table.to_string(),
                        fallback: *fallback,
                    }),
                    _ => None,
                },
                see_direct: see(pr.see_direct),
                see_indirect: see(pr.see_indirect),
                share_default_values: share(pr.default_share),
                reporting_period: None,
                origin: None,
                mass_t: None,
                specific_mass_consumption: None,
            });
        }
    }
    let any = |f: &dyn Fn(&PrecursorInfo) -> bool| precursors.iter().any(f);
    if !any(&|p| p.values == PrecursorValues::Default) {
        not_applicable(&mut na, "1.2-12", "no precursor is counted at default values");
    }
    if !any(&|p| p.values != PrecursorValues::Default) {
        not_applicable(&mut na, "1.2-13", "no precursor is counted at actual values");
    } else {
        if any(&|p| p.values == PrecursorValues::Actual && p.cn_code.is_none()) {
            miss(
                &mut missing,
                "1.2-13(a)",
                "the CN code of purchased precursors at actual values: the Precursors sheet gives it only as the fallback default_cn_code".into(),
            );
        }
        miss(&mut missing, "1.2-13(d)", "the reporting period of each precursor at actual values: the workbook has no field for it".into());
    }
    let purchased: Vec<&PrecursorInfo> = precursors.iter().filter(|p| p.source == PrecursorSourceKind::Purchased).collect();
    let repeated = purchased.iter().enumerate().any(|(i, a)| purchased[..i].iter().any(|b| b.category == a.category && b.cn_code == a.cn_code));
    if repeated {
        miss(
            &mut missing,
            "1.2-14",
            "the reporting periods of precursors of one CN code bought from another installation: the workbook has no field for them".into(),
        );
        miss(
            &mut missing,
            "1.2-15",
            "which method of Article 14 gives the SEE of a precursor bought from several installations: the workbook has no field for it".into(),
        );
    } else {
        not_applicable(&mut na, "1.2-14", "no CN code of precursor comes from several purchases");
        not_applicable(&mut na, "1.2-15", "no type of precursor comes from several installations");
    }
    if purchased.is_empty() {
        not_applicable(&mut na, "1.2-16", "no precursor is bought from another installation");
    } else {
        miss(
            &mut missing,
            "1.2-16",
            "the operator name, installation name, CBAM Registry identifier and reporting period of each purchased precursor's installation: the Precursors sheet names the supplier only".into(),
        );
    }
    let mut precursors_by_cn_code: Vec<PrecursorsByCn> = Vec::new();
    for p in &precursors {
        if let Some(cn) = &p.cn_code
            && !precursors_by_cn_code.iter().any(|x| &x.cn_code == cn)
        {
            precursors_by_cn_code.push(PrecursorsByCn { cn_code: cn.clone(), category: p.category, across_periods: None, across_installations: None });
        }
    }

    let carbon_price = (!res.carbon_price.schemes.is_empty()).then(|| CarbonPrice {
        article9_status: Article9::current().label(),
        schemes: res
            .carbon_price
            .schemes
            .iter()
            .map(|e| SchemeInfo {
                instrument: e.instrument.code().into(),
                scheme: e.scheme.clone(),
                compliance_year: e.compliance_year,
                legal_act: e.legal_act.clone(),
                currency: e.currency.clone(),
                covered_emissions_t: tonnes(e.covered_emissions_t),
                net_paid: e.net_paid,
                price_per_t: e.price_per_t,
                price_per_t_eur: e.price_per_t_eur,
                eur_rate: e.eur_rate,
                eur_rate_source: e.eur_rate_source.clone(),
                certified_by: e.certified_by.clone(),
                free_share: share(e.free_share),
            })
            .collect(),
    });

    missing.sort_by_key(|a| item_order(&a.item));
    na.sort_by_key(|a| item_order(&a.item));
    Ok(OperatorReport {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        kind: Kind::Summary,
        language: "en".into(),
        generator: Generator { name: "cbam".into(), version: env!("CARGO_PKG_VERSION").into() },
        regime: RegimeInfo {
            methodology: record.methodology.key().into(),
            methodology_act: record.methodology_act.into(),
            year: record.year,
            default_values: record.default_values.into(),
            benchmarks: record.benchmarks.into(),
            rounding: rounding.map(|r| RoundingInfo {
                see_decimals: r.see_decimals,
                totals_decimals: r.totals_decimals,
                method: r.method.into(),
                basis: r.basis.into(),
            }),
        },
        operator,
        installation,
        reporting_period: PeriodInfo { start: inst.period.start, end: inst.period.end, new_installation_months: None },
        verification: inst.verification.clone(),
        processes,
        goods,
        precursors,
        precursors_by_cn_code,
        totals,
        measurable_heat,
        zero_rated_fuels: ZeroRatedFuels { used: zero_rated, demonstration: None, streams: None },
        waste_gases: WasteGases { produced_and_used: None, imported: None, exported: None, counterparts: None },
        // No capture: nothing is transferred.
        co2_transfer: Co2Transfer {
            capture_used: id.co2_capture,
            transfer_applies: id.co2_capture.filter(|c| !c),
            receivers: id.co2_capture.filter(|c| !c).map(|_| Vec::new()),
            quantities: None,
        },
        electricity_production: ElectricityProduction {
            produced,
            cogeneration: None,
            separate_generation: None,
            origin: None,
            exported_from_process: res.processes.iter().any(|p| !p.electricity_produced_co2_t.is_zero()),
        },
        monitoring_plan: None,
        electricity: None,
        data_gaps: None,
        carbon_price,
        items_not_applicable: na,
        missing,
    })
}

/// Sort key of an item id (`1.2-4(c)` → (2, 4, 'c')).
fn item_order(item: &str) -> (u32, u32, char) {
    let (point, rest) = item.split_once('-').unwrap_or((item, ""));
    let point = point.rsplit('.').next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let letter = rest.chars().find(|c| c.is_ascii_lowercase()).unwrap_or(' ');
    (point, digits.parse().unwrap_or(0), letter)
}

impl OperatorReport {
    /// The canonical JSON: field order of the structs, two-space indentation, final newline.
    pub fn canonical_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).expect("an operator report serialises");
        v.push(b'\n');
        v
    }

    /// Whether a verifier's report covers the period.
    pub fn is_verified(&self) -> bool {
        self.verification.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_sort_by_point_number_and_letter() {
        let mut v = vec!["1.2-13(d)", "1.2-2(b)", "1.2-13(a)", "1.2-4(e)", "1.2-10"];
        v.sort_by_key(|i| item_order(i));
        assert_eq!(v, ["1.2-2(b)", "1.2-4(e)", "1.2-10", "1.2-13(a)", "1.2-13(d)"]);
    }

    #[test]
    fn rounding_keeps_the_reported_decimals() {
        assert_eq!(round(Dec::new(843125, 6), 5).to_string(), "0.84313");
        assert_eq!(round(Dec::new(1, 0), 5).to_string(), "1.00000");
        assert_eq!(round(Dec::new(10373105, 1), 0).to_string(), "1037311");
        assert_eq!(share(Dec::new(15, 1)).to_string(), "1.000000");
        // −0.2 t rounds to 0 t, not −0.
        assert_eq!(round(Dec::new(-2, 1), 0).to_string(), "0");
    }
}
