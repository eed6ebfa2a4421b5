//! Specific embedded emissions (SEE) of an installation's processes and goods: pure functions
//! over [`crate::model`] values, exact [`Dec`] arithmetic, no rounding, no I/O, no floats.
//!
//! The pipeline inside: [`streams`] turns each source stream into fossil and biomass CO2,
//! [`pfc`] the PFC monitoring into CO2e, [`attribution`] adds them up into a process's attributed
//! direct and indirect emissions, and [`see`] divides by the activity level after adding the
//! precursors' embedded emissions, recursively (own precursors), from supplier values or from
//! the default-value table. [`compute`] is the only entry point; it collects every problem and
//! returns them all.
//!
//! Constants (3.664, carbonate factors, GWPs, PFC defaults) come from [`crate::tables::factors`],
//! never from literals here. Rounding happens in `render`, never here.
#![deny(missing_docs)]

pub mod attribution;
pub mod carbon_price;
pub mod definitive;
pub mod exposure;
pub mod pfc;
pub mod see;
pub mod streams;

#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_2547;

use crate::model::DiagCode;
use serde::Serialize;

use crate::model::{CnCode, Dec, Diagnostic, Diagnostics, GoodsCategory, Installation, Location, Route, Severity};
use crate::regime::{ObligationScope, Record, Regime, ScopeDecision};

pub use pfc::PfcResult;
pub use see::{PrecursorKind, PrecursorOrigin, PrecursorResult};
pub use streams::{EfBasis, StreamResult};

/// Everything computed for one installation, processes and goods in input order.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// The law the figures were computed under: methodology, tables, year, rounding.
    pub regime: Record,
    /// The figures of each process, in input order.
    pub processes: Vec<ProcessResult>,
    /// The figures of each good, in input order.
    pub goods: Vec<GoodResult>,
    /// Carbon prices paid in the country of production and what they are worth per good.
    pub carbon_price: carbon_price::CarbonPriceResults,
    /// Warnings found on the way (errors make [`compute`] return `Err` instead), sorted.
    #[serde(serialize_with = "serialize_diagnostics")]
    pub warnings: Vec<Diagnostic>,
}

/// The figures of one production process. Emissions in t CO2(e), SEE in tCO2e/t, embedded
/// electricity in MWh/t.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessResult {
    /// The process's id, as in the input.
    pub id: String,
    /// The operator's name for the process.
    pub name: String,
    /// The aggregated goods category of its output.
    pub category: GoodsCategory,
    /// Its production route.
    pub route: Route,
    /// Activity level: the total saleable output over the period, t.
    pub activity_level_t: Dec,
    /// Direct emissions: fossil CO2 of the source streams plus the PFC CO2e and any amount
    /// entered directly.
    pub direct_emissions_t: Dec,
    /// Biomass CO2 of the source streams: reported apart, not counted.
    pub biomass_co2_t: Dec,
    /// PFC emissions (CF4 and C2F6) of primary smelting, tCO2e; part of `direct_emissions_t`.
    pub pfc_co2e_t: Dec,
    /// Correction of Annex III F for the measurable heat imported, tCO2 (added).
    pub heat_imported_co2_t: Dec,
    /// Correction for the measurable heat exported, tCO2 (subtracted).
    pub heat_exported_co2_t: Dec,
    /// Correction for the electricity produced, tCO2 (subtracted).
    pub electricity_produced_co2_t: Dec,
    /// Correction for waste gases, tCO2 (signed, added).
    pub waste_gas_correction_t: Dec,
    /// Scrap, off-spec products and by-products leaving the process with zero embedded
    /// emissions, t (outside the activity level).
    pub non_saleable_output_t: Dec,
    /// True when the corrections took the attributed direct emissions below zero and the floor
    /// at 0 applied (a warning says so too).
    pub attributed_direct_floored: bool,
    /// Attributed direct emissions, tCO2e: the direct emissions with the corrections, at least
    /// 0; precursors not included.
    pub attributed_direct_t: Dec,
    /// Attributed indirect emissions, tCO2: the electricity consumed times its factor.
    pub attributed_indirect_t: Dec,
    /// Electricity consumed, MWh.
    pub electricity_mwh: Dec,
    /// Emission factor of that electricity, tCO2/MWh; `None` only when none is consumed.
    pub electricity_ef: Option<Dec>,
    /// Specific direct embedded emissions, tCO2e/t: the attributed direct emissions plus the
    /// precursors' direct embedded emissions, per tonne of output.
    pub see_direct: Dec,
    /// Specific indirect embedded emissions, tCO2e/t: likewise from the indirect emissions.
    pub see_indirect: Dec,
    /// Direct + indirect, whatever the category (see [`GoodResult::see_cbam`] for the charged
    /// figure).
    pub see_total: Dec,
    /// Specific embedded electricity, MWh/t: the electricity consumed plus the precursors'
    /// embedded electricity, per tonne of output.
    pub embedded_electricity: Dec,
    /// False when some precursor (at any depth) has no embedded electricity (default values,
    /// or a supplier who did not communicate it): it counted as 0.
    pub embedded_electricity_complete: bool,
    /// Share (0..1) of the embedded emissions (direct + indirect) that comes from default values.
    pub default_share: Dec,
    /// The emissions of each source stream, in input order.
    pub streams: Vec<StreamResult>,
    /// The PFC emissions of each monitoring line, in input order.
    pub pfc: Vec<PfcResult>,
    /// Each precursor consumed and what it contributes, in input order.
    pub precursors: Vec<PrecursorResult>,
}

/// The figures of one good: those of the process that makes it.
#[derive(Debug, Clone, Serialize)]
pub struct GoodResult {
    /// The good's CN code, as given.
    pub cn_code: CnCode,
    /// The operator's product name.
    pub product: String,
    /// The id of the process that makes the good.
    pub process: String,
    /// The category of the good's CN code.
    pub category: GoodsCategory,
    /// The production route of that process.
    pub route: Route,
    /// That process's activity level, t.
    pub activity_level_t: Dec,
    /// Specific direct embedded emissions, tCO2e/t.
    pub see_direct: Dec,
    /// Specific indirect embedded emissions, tCO2e/t.
    pub see_indirect: Dec,
    /// Direct + indirect.
    pub see_total: Dec,
    /// The figure the CBAM obligation of the regime's year counts (see `obligation`).
    pub see_cbam: Dec,
    /// Which part of the SEE the obligation counts, and why (decided by the regime).
    pub obligation: ScopeDecision,
    /// Specific embedded electricity, MWh/t.
    pub embedded_electricity: Dec,
    /// Share (0..1) of the embedded emissions (direct + indirect) that comes from default values.
    pub default_share: Dec,
    /// Cement: the clinker-to-cement ratio declared for the good, %; `None` for other
    /// categories or where none is declared.
    pub clinker_ratio_pct: Option<Dec>,
    /// Cement: the SEE per tonne of clinker contained (SEE total / ratio), tCO2e/t of clinker,
    /// the functional unit recital 6 of IR 2025/2547 names; `None` without a ratio above 0. The
    /// converting equations of its Annex III are not in cbam's reference: the SEE per tonne of
    /// good stays the figure used (docs/regimes.md).
    pub see_per_t_clinker: Option<Dec>,
}

/// Computes every process and good of `inst` under `regime`. `Err` holds every problem found
/// when at least one is an error; warnings alone end up in [`Results::warnings`].
pub fn compute(inst: &Installation, regime: &Regime) -> Result<Results, Diagnostics> {
    let mut diags = Diagnostics::new();
    let own: Vec<_> = inst.processes.iter().map(|p| attribution::own_emissions(p, regime, &mut diags)).collect();
    let resolved = see::resolve_all(inst, regime, &own, &mut diags);

    let mut goods = Vec::with_capacity(inst.goods.len());
    for g in &inst.goods {
        let Some(idx) = inst.processes.iter().position(|p| p.id == g.process) else {
            diags.push(Diagnostic::error(
                DiagCode::ComputeUnknownProcess,
                g.origin.clone().map(Location::Cell),
                format!("good {} ({}) names process '{}', which does not exist", g.cn_code, g.product, g.process),
            ));
            continue;
        };
        let (Some(s), p) = (&resolved[idx].specific, &inst.processes[idx]) else { continue };
        let category = g.cn_code.category();
        let see_total = s.total;
        let obligation = regime.obligation_scope(category);
        let see_cbam = match obligation.scope {
            ObligationScope::Total => see_total,
            ObligationScope::Direct => s.direct,
        };
        let clinker_ratio_pct = g.params.clinker_ratio_pct.filter(|_| category == GoodsCategory::Cement);
        let see_per_t_clinker = clinker_ratio_pct.filter(|r| !r.is_zero()).and_then(|r| num::prod(&[see_total, Dec::ONE_HUNDRED]).and_then(|x| num::div(x, r)));
        goods.push(GoodResult {
            cn_code: g.cn_code.clone(),
            product: g.product.clone(),
            process: p.id.clone(),
            category,
            route: p.route,
            activity_level_t: p.activity_level_t,
            see_direct: s.direct,
            see_indirect: s.indirect,
            see_total,
            see_cbam,
            obligation,
            embedded_electricity: s.electricity,
            default_share: s.default_share,
            clinker_ratio_pct,
            see_per_t_clinker,
        });
    }

    if diags.has_errors() {
        return Err(diags);
    }
    let mut processes = Vec::with_capacity(inst.processes.len());
    for ((p, own), res) in inst.processes.iter().zip(own).zip(resolved) {
        // Without errors every process has its own emissions and its SEE.
        let (Some(o), Some(s)) = (own, res.specific) else { continue };
        processes.push(ProcessResult {
            id: p.id.clone(),
            name: p.name.clone(),
            category: p.category,
            route: p.route,
            activity_level_t: p.activity_level_t,
            direct_emissions_t: o.direct_emissions_t,
            biomass_co2_t: o.biomass_co2_t,
            pfc_co2e_t: o.pfc_co2e_t,
            heat_imported_co2_t: o.heat_imported_co2_t,
            heat_exported_co2_t: o.heat_exported_co2_t,
            electricity_produced_co2_t: o.electricity_produced_co2_t,
            waste_gas_correction_t: o.waste_gas_correction_t,
            non_saleable_output_t: p.non_saleable_output_t,
            attributed_direct_floored: o.attributed_direct_floored,
            attributed_direct_t: o.attributed_direct_t,
            attributed_indirect_t: o.attributed_indirect_t,
            electricity_mwh: p.electricity.consumed_mwh,
            electricity_ef: p.electricity.ef,
            see_direct: s.direct,
            see_indirect: s.indirect,
            see_total: s.total,
            embedded_electricity: s.electricity,
            embedded_electricity_complete: s.electricity_complete,
            default_share: s.default_share,
            streams: o.streams,
            pfc: o.pfc,
            precursors: res.precursors,
        });
    }
    let mut warnings = diags.into_sorted();
    let carbon_price = carbon_price::apply(inst, &processes, &goods, &mut warnings).map_err(|e| {
        let mut all = Diagnostics::from(warnings.clone());
        all.push(e);
        all
    })?;
    Ok(Results { regime: regime.record(), processes, goods, carbon_price, warnings })
}

/// Exact arithmetic that reports overflow (a figure beyond ±7.9 × 10^28) as `None` instead of
/// panicking, so absurd inputs end in a diagnostic.
pub(crate) mod num {
    use crate::model::Dec;

    pub fn prod(xs: &[Dec]) -> Option<Dec> {
        xs.iter().try_fold(Dec::ONE, |acc, x| acc.checked_mul(*x))
    }
    pub fn sum(xs: &[Dec]) -> Option<Dec> {
        xs.iter().try_fold(Dec::ZERO, |acc, x| acc.checked_add(*x))
    }
    /// `None` on a zero divisor as well.
    pub fn div(a: Dec, b: Dec) -> Option<Dec> {
        a.checked_div(b)
    }
}

/// A sum for renderers: exact, or saturating at the largest decimal of the sign (figures that
/// large were refused as overflows before results exist, so this never changes a real total).
pub fn num_sum(xs: impl Iterator<Item = Dec>) -> Dec {
    xs.fold(Dec::ZERO, |acc, x| acc.saturating_add(x))
}

/// The diagnostic for an overflowing formula.
pub(crate) fn overflow(origin: Option<Location>, what: &str) -> Diagnostic {
    Diagnostic::error(DiagCode::ComputeOverflow, origin, format!("{what}: the figures are too large to compute exactly"))
        .hint("check the units and magnitudes of the inputs")
}

fn serialize_diagnostics<S: serde::Serializer>(diags: &[Diagnostic], ser: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct View<'a> {
        severity: Severity,
        location: Option<String>,
        code: &'a str,
        message: &'a str,
        hints: &'a [String],
    }
    ser.collect_seq(diags.iter().map(|d| View {
        severity: d.severity,
        location: d.location.as_ref().map(ToString::to_string),
        code: d.code.as_str(),
        message: &d.message,
        hints: &d.hints,
    }))
}
