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

use serde::Serialize;

use crate::model::{CnCode, Dec, Diagnostic, Diagnostics, GoodsCategory, Installation, Location, Route, Severity};
use crate::tables::defaults::DefaultValues;
use crate::tables::factors::Factors;

pub use pfc::PfcResult;
pub use see::{PrecursorKind, PrecursorResult};
pub use streams::{EfBasis, StreamResult};

/// What the computation needs beyond the installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Year of the CBAM obligation, for [`GoodResult::see_cbam`].
    pub year: i32,
}

/// Everything computed for one installation, processes and goods in input order.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
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
    /// The figure the CBAM obligation uses: the total, except for aluminium from 2026 on, which is
    /// charged on direct emissions only (Annex II of Regulation 2023/956).
    pub see_cbam: Dec,
    pub embedded_electricity: Dec,
    pub default_share: Dec,
}

/// Computes every process and good of `inst`. `Err` holds every problem found when at least one
/// is an error; warnings alone end up in [`Results::warnings`].
pub fn compute(inst: &Installation, defaults: &DefaultValues, opts: &Options) -> Result<Results, Diagnostics> {
    compute_with(inst, defaults, Factors::embedded(), opts)
}

/// [`compute`] with an explicit factor table.
pub fn compute_with(
    inst: &Installation,
    defaults: &DefaultValues,
    factors: &Factors,
    opts: &Options,
) -> Result<Results, Diagnostics> {
    let mut diags = Diagnostics::new();
    let own: Vec<_> = inst.processes.iter().map(|p| attribution::own_emissions(p, factors, &mut diags)).collect();
    let resolved = see::resolve_all(inst, defaults, &own, &mut diags);

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
        let see_cbam = if category.indirect_charged_from_2026() || opts.year < 2026 { see_total } else { s.direct };
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
            embedded_electricity: s.electricity,
            default_share: s.default_share,
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
    let carbon_price = carbon_price::apply(inst, &processes, &goods, &mut warnings);
    Ok(Results { processes, goods, carbon_price, warnings })
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
