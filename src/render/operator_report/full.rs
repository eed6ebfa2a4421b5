//! The full report (Annex IV point 1.1 of IR 2025/2547): the summary's content plus the members only
//! the verifier receives (the monitoring plan in short, source streams and PFC lines with their
//! activity data and factors, the calculation of each process's attributed emissions, balances,
//! precursor masses), and the items of point 1.1 the workbook cannot fill, each named in `missing`
//! or `items_not_applicable` with its reason. `docs/operator-report.md` maps every item.

use serde_json::Value;

use super::*;
use crate::compute::streams::EfBasis;
use crate::model::{Basis, GoodsCategory, StreamMethod};

/// Items of point 1.1 listed missing or not applicable, beside those of point 1.2 the summary lists.
struct Notes<'a> {
    missing: &'a mut Vec<Missing>,
    na: &'a mut Vec<NotApplicable>,
}

impl Notes<'_> {
    fn missing(&mut self, item: &str, what: &str) {
        self.missing.push(Missing { item: item.into(), what: what.into() });
    }
    fn na(&mut self, item: &str, reason: &str) {
        self.na.push(NotApplicable { item: item.into(), reason: reason.into() });
    }
    /// Point 1.1's copy of what the summary already found missing for its item `summary`.
    fn copy_missing(&mut self, summary: &str, item: &str) {
        let found: Vec<String> = self.missing.iter().filter(|m| m.item == summary).map(|m| m.what.clone()).collect();
        for what in found {
            self.missing(item, &what);
        }
    }
}

fn basis_unit(b: Basis) -> &'static str {
    match b {
        Basis::Mass => "t",
        Basis::GasVolume => "1000 Nm3",
        Basis::LiquidVolume => "m3",
    }
}

fn ef_basis(b: &EfBasis) -> (&'static str, Option<String>) {
    match b {
        EfBasis::GivenPerEnergy => ("given_per_energy", None),
        EfBasis::GivenPerUnit => ("given_per_unit", None),
        EfBasis::CarbonContent => ("carbon_content", None),
        EfBasis::Carbonate(name) => ("carbonate", Some(name.clone())),
        EfBasis::Oxides => ("oxides", None),
        EfBasis::StandardValue => ("standard_value", None),
        EfBasis::Calcination => ("calcination", None),
    }
}

/// Adds the full report's members and notes to a summary made by [`build`] of the same data.
pub(super) fn complete(rep: &mut OperatorReport, inst: &Installation, res: &Results) {
    let rounding = res.regime.rounding;
    let tonnes = |d: Dec| round(d, rounding.map_or(3, |r| r.totals_decimals));
    let mut missing = std::mem::take(&mut rep.missing);
    let mut na = std::mem::take(&mut rep.items_not_applicable);
    let mut notes = Notes { missing: &mut missing, na: &mut na };
    rep.kind = Kind::Full;

    // 1: operator and installation, as the summary's items 1 and 2.
    for (summary, full) in [("1.2-1(a)", "1.1-1(a)"), ("1.2-1(b)", "1.1-1(b)"), ("1.2-1(c)", "1.1-1(c)")] {
        notes.copy_missing(summary, full);
    }
    for summary in ["1.2-2(b)", "1.2-2(e)"] {
        notes.copy_missing(summary, "1.1-1(d)");
    }

    // Per process.
    let annex_ii_only = res.goods.iter().all(|g| g.category.listed_in_annex_ii());
    for p in &mut rep.processes {
        let Some(r) = res.processes.iter().find(|x| x.id == p.id) else { continue };
        let input = inst.process(&p.id);
        p.main_goods = Some(p.goods.iter().take(5).map(|g| MainGood { cn_code: g.cn_code.clone(), product: g.product.clone(), quantity_t: None }).collect());
        p.activity_level_t = Some(r.activity_level_t.normalize());
        p.non_saleable_output_t = Some(r.non_saleable_output_t.normalize());
        p.quantity_functional_unit = Some(Value::Null);
        p.biomass_co2_t = Some(tonnes(r.biomass_co2_t));
        p.pfc_co2e_t = Some(tonnes(r.pfc_co2e_t));
        p.attributed_direct_t = Some(tonnes(r.attributed_direct_t));
        p.attributed_indirect_t = Some(tonnes(r.attributed_indirect_t));
        let el = input.map(|x| &x.electricity);
        let produced = input.map_or(Dec::ZERO, |x| x.electricity_produced_mwh);
        p.electricity = Some(ProcessElectricity {
            consumed_mwh: r.electricity_mwh.normalize(),
            sources: if r.electricity_mwh.is_zero() {
                Vec::new()
            } else {
                vec![ElectricitySource {
                    kind: el.and_then(|e| e.ef_source).map(|s| s.code().to_string()),
                    quantity_mwh: r.electricity_mwh.normalize(),
                    ef: r.electricity_ef.map(|d| d.normalize()),
                    ef_reference: el.and_then(|e| e.ef_reference.clone()),
                    evidence: el.and_then(|e| e.evidence.clone()),
                    evidence_submitted_to_verifier: None,
                    country_of_origin: None,
                    supplier_name: None,
                    supplier_country: None,
                }]
            },
            produced_exported_mwh: produced.normalize(),
            produced_ef: (!produced.is_zero()).then(|| input.map_or(Dec::ZERO, |x| x.electricity_produced_ef).normalize()),
        });
        let heat = input.map(|x| (x.heat_imported_tj, x.heat_exported_tj));
        p.balance = Some(Balance {
            heat_tj: Flows { imported: heat.map(|h| h.0.normalize()), produced: None, consumed: None, exported: heat.map(|h| h.1.normalize()) },
            electricity_mwh: Flows { imported: None, produced: None, consumed: Some(r.electricity_mwh.normalize()), exported: Some(produced.normalize()) },
            waste_gases_tj: Flows { imported: None, produced: None, consumed: None, exported: None },
        });
        p.source_streams = Some(
            r.streams
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let m = input.and_then(|x| x.streams.get(i)).filter(|m| m.name == s.name);
                    let (basis, carbonate) = ef_basis(&s.ef_basis);
                    StreamInfo {
                        name: s.name.clone(),
                        method: s.method.code().into(),
                        material: m.and_then(|m| m.material.clone()),
                        activity_data: m.map_or(Dec::ZERO, |m| m.amount.normalize()),
                        activity_unit: basis_unit(m.map_or(Basis::Mass, |m| m.basis)).into(),
                        ncv: m.and_then(|m| m.ncv).map(|d| d.normalize()),
                        ef_applied: s.ef_applied.normalize(),
                        ef_basis: basis.into(),
                        carbonate,
                        carbon_content: m.and_then(|m| m.monitoring.carbon_content()).map(|d| d.normalize()),
                        oxidation: m.map_or(Dec::ONE, |m| m.monitoring.oxidation()).normalize(),
                        conversion: m.map_or(Dec::ONE, |m| m.monitoring.conversion()).normalize(),
                        biomass: m.map_or(Dec::ZERO, |m| m.biomass).normalize(),
                        biomass_criteria_met: m.and_then(|m| m.biomass_criteria_met),
                        energy_tj: s.energy_tj.map(|d| round(d, 6)),
                        fossil_co2_t: tonnes(s.fossil_t),
                        biomass_co2_t: tonnes(s.biomass_t),
                    }
                })
                .collect(),
        );
        p.pfc = Some(
            r.pfc
                .iter()
                .map(|f| PfcInfo {
                    method: f.method.code().into(),
                    technology: f.technology.map(|t| t.code().to_string()),
                    aluminium_t: f.aluminium_t.normalize(),
                    coefficient: f.coefficient.normalize(),
                    coefficient_is_default: f.coefficient_is_default,
                    f_c2f6: f.f_c2f6.normalize(),
                    collection_efficiency: f.collection_efficiency.normalize(),
                    cf4_t: round(f.cf4_t, 6),
                    c2f6_t: round(f.c2f6_t, 6),
                    co2e_t: tonnes(f.co2e_t),
                })
                .collect(),
        );
        let ef_source = el.and_then(|e| e.ef_source);
        p.calculation = Some(Calculation {
            heat_imported_co2_t: tonnes(r.heat_imported_co2_t),
            heat_exported_co2_t: tonnes(r.heat_exported_co2_t),
            electricity_produced_co2_t: tonnes(r.electricity_produced_co2_t),
            waste_gas_correction_t: tonnes(r.waste_gas_correction_t),
            attributed_direct_floored: r.attributed_direct_floored,
            indirect_ef: r.electricity_ef.map(|d| d.normalize()),
            indirect_ef_source: ef_source.map(|s| s.code().to_string()),
            indirect_ef_reference: el.and_then(|e| e.ef_reference.clone()),
            description: calculation_text(r, tonnes),
        });
        p.non_cbam_goods = Some(Value::Null);
    }

    // Per good.
    for g in &mut rep.goods {
        g.quantity_t = Some(Value::Null);
        g.quantity_functional_unit = Some(Value::Null);
        g.compositions = Some(Value::Null);
        let r = res.processes.iter().find(|x| x.id == g.process_id);
        let mut methods: Vec<String> = Vec::new();
        let mut standard = false;
        if let Some(r) = r {
            for s in &r.streams {
                let code = s.method.code().to_string();
                if !methods.contains(&code) {
                    methods.push(code);
                }
                standard |= s.ef_basis == EfBasis::StandardValue;
            }
            for f in &r.pfc {
                let code = format!("pfc_{}", f.method.code());
                if !methods.contains(&code) {
                    methods.push(code);
                }
                standard |= f.coefficient_is_default;
            }
        }
        let determination = if g.share_default_values.is_zero() {
            "monitoring"
        } else if g.share_default_values == Dec::ONE {
            "default_values"
        } else {
            "monitoring_and_default_values"
        };
        let defaults: Vec<&str> =
            rep.precursors.iter().filter(|p| p.process_id == g.process_id && p.values == PrecursorValues::Default).map(|p| p.name.as_str()).collect();
        g.data_quality = Some(DataQuality {
            determination: determination.into(),
            methods,
            standard_factors_used: standard,
            note: (!defaults.is_empty()).then(|| format!("precursors at default values: {}", defaults.join(", "))),
        });
    }

    // Precursors: masses and m_i.
    let mut k = 0;
    for r in &res.processes {
        for pr in &r.precursors {
            if let Some(p) = rep.precursors.get_mut(k) {
                p.mass_t = Some(pr.mass_t.normalize());
                p.specific_mass_consumption = Some(pr.specific_mass_consumption.map_or(Value::Null, |m| Value::String(round(m, 6).to_string())));
            }
            k += 1;
        }
    }

    // Totals, heat, fuels, waste gases, CO2.
    rep.totals.measured_sources = Some(Value::Null);
    rep.totals.other_methods_emissions_t = Some(Value::Null);
    let heat_crosses = rep.measurable_heat.imported || rep.measurable_heat.exported;
    rep.measurable_heat.counterparts = Some(if heat_crosses { Value::Null } else { Value::Array(Vec::new()) });
    rep.zero_rated_fuels.streams = Some(
        rep.processes
            .iter()
            .flat_map(|p| p.source_streams.iter().flatten().map(move |s| (p.id.clone(), s)))
            .filter(|(_, s)| !s.biomass.is_zero())
            .map(|(process_id, s)| ZeroRatedStream {
                process_id,
                name: s.name.clone(),
                biomass: s.biomass,
                criteria_met: s.biomass_criteria_met,
                biomass_co2_t: s.biomass_co2_t,
            })
            .collect(),
    );
    rep.waste_gases.counterparts = Some(Value::Null);
    rep.co2_transfer.quantities = Some(Value::Null);
    rep.data_gaps = Some(Value::Null);

    // 1.1-2: the monitoring plan in short.
    let streams = || rep.processes.iter().flat_map(|p| p.source_streams.iter().flatten().map(move |s| (p.id.as_str(), s)));
    let mut fuels: Vec<MainFuel> = streams()
        .filter(|(_, s)| s.method == StreamMethod::Combustion.code())
        .map(|(id, s)| MainFuel { name: s.name.clone(), process_id: id.into(), energy_tj: s.energy_tj })
        .collect();
    fuels.sort_by_key(|f| std::cmp::Reverse(f.energy_tj.unwrap_or_default()));
    fuels.truncate(5);
    let mut materials: Vec<MainMaterial> = streams()
        .filter(|(_, s)| s.method != StreamMethod::Combustion.code())
        .map(|(id, s)| MainMaterial { name: s.name.clone(), process_id: id.into(), method: s.method.clone(), emissions_t: s.fossil_co2_t })
        .collect();
    materials.sort_by_key(|m| std::cmp::Reverse(m.emissions_t));
    materials.truncate(5);
    rep.monitoring_plan = Some(MonitoringPlan { non_cbam_processes: None, main_fuels: fuels, main_process_materials: materials, continuous_measurement: None });
    notes.missing("1.1-2(b)", "the installation's non-CBAM production processes: the workbook holds CBAM processes only");
    notes.missing("1.1-2(c)", "the quantity of each good, to rank a process's goods by mass (Processes activity_level is the total of the process's goods)");
    notes.missing("1.1-2(f)", "whether continuous emissions measurement is used, its gases and its sources: the workbook has calculation-based methods only");
    if rep.zero_rated_fuels.used {
        notes.copy_missing("1.2-8", "1.1-2(g)");
    }
    if heat_crosses {
        notes.missing("1.1-2(h)", "the installations measurable heat comes from or goes to: the workbook records the quantities only");
    }

    // 1.1-3, 1.1-4, 1.1-5, 1.1-6, 1.1-8.
    let consumes = res.processes.iter().any(|p| !p.electricity_mwh.is_zero());
    if consumes {
        notes.missing(
            "1.1-3",
            "more than one electricity source per process, and the name and country of a supplying installation: the workbook has one source per process",
        );
        notes.missing("1.1-12", "each electricity source's country of origin, and more than one source per process");
    } else {
        notes.na("1.1-3", "no process consumes electricity");
        notes.na("1.1-12", "no process consumes electricity");
    }
    if rep.electricity_production.produced {
        for (summary, full) in [("1.2-11(a)", "1.1-4(a)"), ("1.2-11(b)", "1.1-4(b)"), ("1.2-11(c)", "1.1-4(c)")] {
            notes.copy_missing(summary, full);
        }
    } else {
        notes.na("1.1-4", "no electricity is produced inside the installation (Processes electricity_produced is 0)");
    }
    notes.missing("1.1-5", "whether waste gases are produced and used, imported or exported, and the other installations: the workbook records only a net correction (Processes waste_gas_correction)");
    notes.missing("1.1-6", "CO2 transfers, their receiving installations or infrastructure and a contact person at each: the workbook has no field for them");
    notes.missing("1.1-8", "whether the installation is new (its start of operation): the workbook has no field for it");

    // 1.1-9 to 1.1-11: the installation's electricity.
    let total = crate::compute::num_sum(res.processes.iter().map(|p| p.electricity_mwh));
    let non_annex_ii = crate::compute::num_sum(res.processes.iter().filter(|p| !p.category.listed_in_annex_ii()).map(|p| p.electricity_mwh));
    rep.electricity = Some(InstallationElectricity {
        total_consumed_mwh: total.normalize(),
        non_annex_ii_goods_mwh: non_annex_ii.normalize(),
        supplying_installations: None,
    });
    if annex_ii_only {
        for item in ["1.1-9", "1.1-10", "1.1-11"] {
            notes.na(item, "every good of the installation is listed in Annex II of the CBAM Regulation (aluminium)");
        }
    } else {
        notes.missing(
            "1.1-11",
            "the installations the electricity is obtained from: Processes electricity_ef_reference names a publication or a contract, not an installation",
        );
    }

    // 1.1-13 to 1.1-17.
    notes.missing("1.1-13", "the quantity of each good produced: the workbook has the total of each process only (Processes activity_level)");
    notes.missing("1.1-14", "the non-CBAM goods of each process, by name and quantity: the workbook has one total of scrap, off-spec products and by-products (Processes non_saleable_output)");
    notes.missing("1.1-15(b)", "the specific direct embedded emissions per composition of a good: the workbook gives one figure per process");
    let annex_ii_goods = res.goods.iter().filter(|g| g.category.listed_in_annex_ii()).count();
    if annex_ii_goods > 0 {
        notes.na(
            "1.1-15(e)",
            "for goods listed in Annex II of the CBAM Regulation (aluminium): only their direct emissions count in the definitive period (their indirect_basis is null)",
        );
    }
    if rep.goods.iter().any(|g| g.indirect_basis.as_ref().is_some_and(|b| !b.share_actual.is_zero())) {
        notes.missing(
            "1.1-15(e)",
            "confirmation that the evidence of Annex II D.4.3 was submitted to the verifier: Processes electricity_evidence names the documents only",
        );
    }
    notes.na("1.1-15(f)", "electricity imported into the Union: the installation makes cement or aluminium goods, not electricity");
    notes.missing("1.1-16(b)", "emissions of sources monitored by measurement: the workbook has calculation-based methods only");
    notes.missing(
        "1.1-16(c)",
        "emissions determined by other methods: the workbook has no field for them (every emission is computed from SourceStreams and PFC rows)",
    );
    notes.missing(
        "1.1-16(d)",
        "CO2 received from or exported to other installations for geological storage or permanent chemical binding: the workbook has no field for it",
    );
    notes.missing("1.1-16(e)", "data gaps and the estimates that closed them: the workbook has no field for them");
    notes.missing("1.1-17", "heat produced and consumed in each process, waste-gas quantities, and electricity produced inside each process beyond what it exports: the workbook has no field for them");

    // 1.1-18 to 1.1-28: precursors.
    let own = rep.precursors.iter().any(|p| p.source == PrecursorSourceKind::Own);
    let bought = rep.precursors.iter().any(|p| p.source == PrecursorSourceKind::Purchased);
    if !own {
        for item in ["1.1-18", "1.1-19", "1.1-27"] {
            notes.na(item, "no precursor produced in the installation is consumed by another of its processes");
        }
    }
    if !bought {
        for item in ["1.1-20", "1.1-21", "1.1-28"] {
            notes.na(item, "no precursor is bought from another installation");
        }
    } else {
        notes.copy_missing("1.2-16", "1.1-28");
    }
    if !rep.precursors.iter().any(|p| p.values == PrecursorValues::Default) {
        notes.na("1.1-22", "no precursor is counted at default values");
    }
    if !rep.precursors.iter().any(|p| p.values != PrecursorValues::Default) {
        notes.na("1.1-23", "no precursor is counted at actual values");
    } else {
        notes.copy_missing("1.2-13(a)", "1.1-23(a)");
        notes.missing("1.1-23(d)", "the reporting period of each precursor at actual values, and whether the default reporting period or the actual time of production was used: the workbook has no field for it");
    }
    if notes.missing.iter().any(|m| m.item == "1.2-14") {
        notes.copy_missing("1.2-14", "1.1-24");
        notes.copy_missing("1.2-15", "1.1-25");
    } else {
        notes.na("1.1-24", "no CN code of precursor comes from several purchases");
        notes.na("1.1-25", "no precursor of one CN code comes from several installations");
    }

    // 1.1-31, 1.1-34, 1.1-35.
    notes.missing("1.1-31", "the quantity of each good in its functional unit: the workbook has no quantity per good");
    notes.missing("1.1-34(a)", "the quantity of each good in its functional unit: the workbook has no quantity per good");
    if rep.goods.iter().all(|g| g.functional_unit == "t") {
        notes.na("1.1-34(b)", "the functional unit of every good is the tonne of good");
    }
    let no_parameters = |c: GoodsCategory| matches!(c, GoodsCategory::CalcinedClay | GoodsCategory::CementClinker | GoodsCategory::AluminousCement);
    if res.goods.iter().all(|g| no_parameters(g.category)) {
        notes.na("1.1-35", "every good is calcined clay, cement clinker or aluminous cement, for which Annex IV point 2 lists no parameter");
    }

    missing.sort_by_key(|a| item_order(&a.item));
    na.sort_by_key(|a| item_order(&a.item));
    rep.missing = missing;
    rep.items_not_applicable = na;
}

/// Item 1.1-29 in words: the corrections of Annex III section F that took the process's direct
/// emissions to its attributed emissions, and where its indirect emissions come from.
fn calculation_text(r: &crate::compute::ProcessResult, tonnes: impl Fn(Dec) -> Dec) -> String {
    let mut parts = vec![format!(
        "attributed direct emissions = direct emissions of the source streams and PFC lines ({} t) + heat imported ({} t) − heat exported ({} t) − electricity produced ({} t) + waste-gas correction ({} t)",
        tonnes(r.direct_emissions_t),
        tonnes(r.heat_imported_co2_t),
        tonnes(r.heat_exported_co2_t),
        tonnes(r.electricity_produced_co2_t),
        tonnes(r.waste_gas_correction_t),
    )];
    if r.attributed_direct_floored {
        parts.push("the corrections went below zero, so the attributed direct emissions count as 0".into());
    }
    parts.push(match r.electricity_ef {
        Some(ef) => format!(
            "attributed indirect emissions = electricity consumed ({} MWh) × emission factor ({} tCO2/MWh)",
            r.electricity_mwh.normalize(),
            ef.normalize()
        ),
        None => "no electricity factor: no attributed indirect emissions".into(),
    });
    parts.push("specific embedded emissions = (attributed emissions + the precursors' embedded emissions) / activity level".into());
    parts.join("; ")
}
