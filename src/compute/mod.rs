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

use serde::Serialize;

use crate::model::{CnCode, Dec, Diagnostic, Diagnostics, GoodsCategory, Installation, Location, Route, Severity};
use crate::regime::{ObligationScope, Record, Regime, ScopeDecision};

pub use pfc::PfcResult;
pub use see::{PrecursorKind, PrecursorResult};
pub use streams::{EfBasis, StreamResult};

/// Everything computed for one installation, processes and goods in input order.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// The law the figures were computed under: methodology, tables, year, rounding.
    pub regime: Record,
    pub processes: Vec<ProcessResult>,
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
    pub id: String,
    pub name: String,
    pub category: GoodsCategory,
    pub route: Route,
    pub activity_level_t: Dec,
    /// Fossil CO2 of the source streams plus the PFC CO2e.
    pub direct_emissions_t: Dec,
    /// Biomass CO2 of the source streams: reported apart, not counted.
    pub biomass_co2_t: Dec,
    pub pfc_co2e_t: Dec,
    /// The corrections of Annex III F: heat imported (+) and exported (−), electricity produced
    /// (−), waste gases (signed), each in tCO2.
    pub heat_imported_co2_t: Dec,
    pub heat_exported_co2_t: Dec,
    pub electricity_produced_co2_t: Dec,
    pub waste_gas_correction_t: Dec,
    /// Scrap, off-spec products and by-products leaving the process with zero embedded
    /// emissions, t (outside the activity level).
    pub non_saleable_output_t: Dec,
    /// True when the corrections took the attributed direct emissions below zero and the floor
    /// at 0 applied (a warning says so too).
    pub attributed_direct_floored: bool,
    pub attributed_direct_t: Dec,
    pub attributed_indirect_t: Dec,
    /// Electricity consumed, MWh, and its factor, tCO2/MWh.
    pub electricity_mwh: Dec,
    pub electricity_ef: Option<Dec>,
    pub see_direct: Dec,
    pub see_indirect: Dec,
    /// Direct + indirect, whatever the category (see [`GoodResult::see_cbam`] for the charged
    /// figure).
    pub see_total: Dec,
    pub embedded_electricity: Dec,
    /// False when some precursor (at any depth) has no embedded electricity (default values,
    /// or a supplier who did not communicate it): it counted as 0.
    pub embedded_electricity_complete: bool,
    /// Share (0..1) of the embedded emissions (direct + indirect) that comes from default values.
    pub default_share: Dec,
    pub streams: Vec<StreamResult>,
    pub pfc: Vec<PfcResult>,
    pub precursors: Vec<PrecursorResult>,
}

/// The figures of one good: those of the process that makes it.
#[derive(Debug, Clone, Serialize)]
pub struct GoodResult {
    pub cn_code: CnCode,
    pub product: String,
    pub process: String,
    /// The category of the good's CN code.
    pub category: GoodsCategory,
    pub route: Route,
    pub activity_level_t: Dec,
    pub see_direct: Dec,
    pub see_indirect: Dec,
    /// Direct + indirect.
    pub see_total: Dec,
    /// The figure the CBAM obligation of the regime's year counts (see `obligation`).
    pub see_cbam: Dec,
    /// Which part of the SEE the obligation counts, and why (decided by the regime).
    pub obligation: ScopeDecision,
    pub embedded_electricity: Dec,
    pub default_share: Dec,
    /// Cement: the clinker-to-cement ratio (%) declared for the good, and the SEE per tonne of
    /// clinker contained (SEE total / ratio), the functional unit recital 6 of IR 2025/2547
    /// names. The converting equations of its Annex III are not in cbam's reference: the SEE
    /// per tonne of good stays the figure used (docs/regimes.md).
    pub clinker_ratio_pct: Option<Dec>,
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
                "compute.unknown_process",
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
    Diagnostic::error("compute.overflow", origin, format!("{what}: the figures are too large to compute exactly"))
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
        code: d.code,
        message: &d.message,
        hints: &d.hints,
    }))
}
