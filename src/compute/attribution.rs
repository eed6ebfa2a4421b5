//! A process's own emissions and their attribution (DOMAIN §3.4–3.5; Annex III F of
//! IR 2023/1773): direct emissions from its source streams and PFCs (plus any amount entered
//! directly, as the Commission template attributes them), corrected for measurable
//! heat imported and exported, waste gases and electricity produced (floored at 0), and the
//! indirect emissions of the electricity it consumes.
//!
//! Precursors are not here: [`super::see`] adds them. Nothing is rounded.

use super::num::{prod, sum};
use super::overflow;
use super::pfc::{PfcResult, pfc_emissions};
use super::streams::{StreamResult, stream_emissions};
use crate::model::DiagCode;
use crate::model::{Dec, Diagnostic, Diagnostics, Location, Process};
use crate::regime::Regime;

/// A process's emissions before precursors, tCO2(e).
#[derive(Debug, Clone)]
pub struct OwnEmissions {
    /// The emissions of each source stream, in input order.
    pub streams: Vec<StreamResult>,
    /// The PFC emissions of each monitoring line, in input order.
    pub pfc: Vec<PfcResult>,
    /// Direct emissions: fossil CO2 of the streams + PFC CO2e + any amount entered directly.
    pub direct_emissions_t: Dec,
    /// Biomass CO2 of the streams: reported apart, not counted.
    pub biomass_co2_t: Dec,
    /// PFC emissions, tCO2e; part of `direct_emissions_t`.
    pub pfc_co2e_t: Dec,
    /// Emissions of the measurable heat imported, tCO2: added to the direct emissions.
    pub heat_imported_co2_t: Dec,
    /// Emissions of the measurable heat exported, tCO2: subtracted.
    pub heat_exported_co2_t: Dec,
    /// Emissions of the electricity produced, tCO2: subtracted.
    pub electricity_produced_co2_t: Dec,
    /// Waste-gas correction, tCO2 (signed): added.
    pub waste_gas_correction_t: Dec,
    /// True when the corrections took the attributed direct emissions below zero and they were
    /// set to 0.
    pub attributed_direct_floored: bool,
    /// Attributed direct emissions: the direct emissions with the corrections, at least 0.
    pub attributed_direct_t: Dec,
    /// Attributed indirect emissions: the electricity consumed times its factor.
    pub attributed_indirect_t: Dec,
}

/// The own emissions of `p`; `None` when something is missing, with every reason pushed to
/// `diags` (warnings too).
pub fn own_emissions(p: &Process, regime: &Regime, diags: &mut Diagnostics) -> Option<OwnEmissions> {
    let f = regime.factors();
    let loc = p.origin.clone().map(Location::Cell);
    let mut ok = true;
    let mut streams = Vec::with_capacity(p.streams.len());
    for s in &p.streams {
        // IR 2025/2547 Annex II B.3.3: biomass counts zero only where it meets the RED II
        // criteria; otherwise "its carbon content shall be considered as fossil carbon".
        let fossil_biomass = regime.methodology.is_definitive() && !s.biomass.is_zero() && s.biomass_criteria_met != Some(true);
        let result = if fossil_biomass {
            let mut as_fossil = s.clone();
            as_fossil.biomass = Dec::ZERO;
            diags.push(
                Diagnostic::warning(
                    DiagCode::ComputeBiomassNotZeroRated,
                    s.biomass_criteria_at.clone().or(s.origin.clone()).map(Location::Cell),
                    format!(
                        "source stream '{}': its biomass fraction ({} %) is counted as fossil, because the stream is not declared to meet the RED II sustainability and GHG-saving criteria ({})",
                        s.name,
                        s.biomass.checked_mul(Dec::ONE_HUNDRED).unwrap_or(s.biomass).normalize(),
                        regime.methodology.short()
                    ),
                )
                .hint("write yes in biomass_criteria where the operator holds the evidence (Union Database or a recognised voluntary scheme)"),
            );
            stream_emissions(&as_fossil, f).map(|mut r| {
                r.biomass_counted_as_fossil = true;
                r
            })
        } else {
            stream_emissions(s, f)
        };
        match result {
            Ok(r) => streams.push(r),
            Err(e) => {
                diags.push(e);
                ok = false;
            }
        }
    }
    let mut pfc = Vec::with_capacity(p.pfc.len());
    for m in &p.pfc {
        match pfc_emissions(m, f) {
            Ok(r) => {
                if let (Some(from), Some(t)) = (r.defaults_from, m.technology) {
                    diags.push(
                        Diagnostic::warning(
                            DiagCode::ComputePfcDefaultFallback,
                            m.origin.clone().map(Location::Cell),
                            format!("PFC: {} has no default factor of its own; the {} defaults apply, as the regulation prescribes where own measurement is not feasible", t.code(), from.code()),
                        )
                        .hint("determine installation-specific factors by measurement and enter them (sef_cf4 or ovc, f_c2f6)"),
                    );
                }
                pfc.push(r)
            }
            Err(es) => {
                es.into_iter().for_each(|e| diags.push(e));
                ok = false;
            }
        }
    }
    let indirect = match (p.electricity.ef, p.electricity.consumed_mwh.is_zero()) {
        (Some(ef), _) => prod(&[p.electricity.consumed_mwh, ef]),
        (None, true) => Some(Dec::ZERO),
        (None, false) => {
            diags.push(
                Diagnostic::error(
                    DiagCode::ComputeMissingElectricityEf,
                    loc.clone(),
                    format!("process {} consumes {} MWh of electricity but has no emission factor for it", p.id, p.electricity.consumed_mwh),
                )
                .hint("give the grid factor of the country of production, or the factor of a PPA or direct line, with its source"),
            );
            ok = false;
            None
        }
    };
    if !ok {
        return None;
    }

    let fossil: Vec<Dec> = streams.iter().map(|s| s.fossil_t).collect();
    let biomass: Vec<Dec> = streams.iter().map(|s| s.biomass_t).collect();
    let pfc_co2e: Vec<Dec> = pfc.iter().map(|r| r.co2e_t).collect();
    let figures = (|| {
        let pfc_co2e_t = sum(&pfc_co2e)?;
        let entered = p.direct_emissions_entered_t.unwrap_or_default();
        let direct = sum(&[sum(&fossil)?, pfc_co2e_t, entered])?;
        let heat_in = prod(&[p.heat_imported_tj, p.heat_imported_ef])?;
        let heat_out = prod(&[p.heat_exported_tj, p.heat_exported_ef])?;
        let el_out = prod(&[p.electricity_produced_mwh, p.electricity_produced_ef])?;
        // AttrEm_dir = DirEm + heat imported − heat exported + waste-gas correction − electricity produced
        let attributed = sum(&[direct, heat_in, -heat_out, p.waste_gas_correction_t, -el_out])?;
        Some((pfc_co2e_t, direct, sum(&biomass)?, heat_in, heat_out, el_out, attributed, indirect?))
    })();
    let Some((pfc_co2e_t, direct, biomass, heat_in, heat_out, el_out, attributed, indirect)) = figures else {
        diags.push(overflow(loc, &format!("emissions of process {}", p.id)));
        return None;
    };
    let floored = attributed < Dec::ZERO;
    if floored {
        diags.push(
            Diagnostic::warning(
                DiagCode::ComputeAttributedFloor,
                loc,
                format!(
                    "process {}: direct emissions {direct} t with the heat, waste-gas and electricity corrections give \
                     {attributed} t; the attributed direct emissions are set to 0",
                    p.id
                ),
            )
            .hint("check the exported heat and the electricity produced: they should not exceed what the process emits"),
        );
    }
    Some(OwnEmissions {
        streams,
        pfc,
        direct_emissions_t: direct,
        biomass_co2_t: biomass,
        pfc_co2e_t,
        heat_imported_co2_t: heat_in,
        heat_exported_co2_t: heat_out,
        electricity_produced_co2_t: el_out,
        waste_gas_correction_t: p.waste_gas_correction_t,
        attributed_direct_floored: floored,
        attributed_direct_t: if floored { Dec::ZERO } else { attributed },
        attributed_indirect_t: indirect,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::testkit::{d, process, stream};
    use crate::model::{EmissionFactor, GoodsCategory, Severity, StreamMethod};

    fn fuel(amount: &str, ef_per_t: &str) -> crate::model::SourceStream {
        let mut s = stream("fuel", StreamMethod::Combustion, amount);
        s.monitoring =
            crate::model::Monitoring::Combustion { ef: Some(EmissionFactor::Unit(d(ef_per_t))), carbon_content: None, oxidation: crate::model::Dec::ONE };
        s
    }

    #[test]
    fn heat_import_export_electricity_produced_and_waste_gas() {
        let mut p = process("P1", GoodsCategory::CementClinker, "1000");
        p.streams.push(fuel("100", "3")); // 100 × 3 = 300 t
        p.heat_imported_tj = d("2");
        p.heat_imported_ef = d("62.3"); // 2 × 62.3 = 124.6
        p.heat_exported_tj = d("1.5");
        p.heat_exported_ef = d("56.1"); // 1.5 × 56.1 = 84.15
        p.electricity_produced_mwh = d("100");
        p.electricity_produced_ef = d("0.5"); // 100 × 0.5 = 50
        p.waste_gas_correction_t = d("-10");
        p.electricity.consumed_mwh = d("400");
        p.electricity.ef = Some(d("0.581")); // 400 × 0.581 = 232.4
        let mut diags = Diagnostics::new();
        let o = own_emissions(&p, &crate::compute::testkit::regime_1773(), &mut diags).unwrap();
        assert!(diags.is_empty());
        assert_eq!(o.direct_emissions_t, d("300"));
        assert_eq!(o.heat_imported_co2_t, d("124.6"));
        assert_eq!(o.heat_exported_co2_t, d("84.15"));
        assert_eq!(o.electricity_produced_co2_t, d("50"));
        // 300 + 124.6 − 84.15 − 10 − 50 = 280.45
        assert_eq!(o.attributed_direct_t, d("280.45"));
        assert_eq!(o.attributed_indirect_t, d("232.4"));
        assert!(!o.attributed_direct_floored);
    }

    #[test]
    fn entered_direct_emissions_count_as_direct_emissions() {
        // The Commission template attributes 1,037,310 t to the process as one amount (its cement
        // example); 10 TJ of waste gas imported adds 10 × 56.1 = 561 t through the correction.
        let mut p = process("P1", GoodsCategory::Cement, "1321052.6315789474");
        p.direct_emissions_entered_t = Some(d("1037310"));
        p.waste_gas_correction_t = d("561");
        let mut diags = Diagnostics::new();
        let o = own_emissions(&p, &crate::compute::testkit::regime_1773(), &mut diags).unwrap();
        assert!(diags.is_empty());
        assert_eq!(o.direct_emissions_t, d("1037310"));
        assert_eq!(o.attributed_direct_t, d("1037871"));
        // Streams, where a process also has some, add to the entered amount: 100 × 3 = 300 t.
        p.streams.push(fuel("100", "3"));
        let o = own_emissions(&p, &crate::compute::testkit::regime_1773(), &mut diags).unwrap();
        assert_eq!(o.direct_emissions_t, d("1037610"));
    }

    #[test]
    fn floor_at_zero_warns() {
        let mut p = process("P1", GoodsCategory::CementClinker, "1000");
        p.streams.push(fuel("10", "2")); // 20 t
        p.heat_exported_tj = d("1");
        p.heat_exported_ef = d("56.1"); // 56.1 t exported
        let mut diags = Diagnostics::new();
        let o = own_emissions(&p, &crate::compute::testkit::regime_1773(), &mut diags).unwrap();
        // 20 − 56.1 = −36.1 → 0
        assert_eq!(o.attributed_direct_t, Dec::ZERO);
        assert!(o.attributed_direct_floored);
        let v = diags.into_sorted();
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].severity, v[0].code), (Severity::Warning, DiagCode::ComputeAttributedFloor));
        assert!(v[0].message.contains("-36.1"), "{}", v[0].message);
    }

    #[test]
    fn electricity_without_factor_is_an_error_unless_nothing_is_consumed() {
        let mut p = process("P1", GoodsCategory::Cement, "1000");
        let mut diags = Diagnostics::new();
        assert!(own_emissions(&p, &crate::compute::testkit::regime_1773(), &mut diags).is_some());
        p.electricity.consumed_mwh = d("5");
        assert!(own_emissions(&p, &crate::compute::testkit::regime_1773(), &mut diags).is_none());
        assert_eq!(diags.into_sorted()[0].code, DiagCode::ComputeMissingElectricityEf);
    }

    #[test]
    fn every_stream_error_is_reported() {
        let mut p = process("P1", GoodsCategory::Cement, "1000");
        p.streams.push(stream("a", StreamMethod::Combustion, "1"));
        p.streams.push(stream("b", StreamMethod::MassBalance, "1"));
        let mut diags = Diagnostics::new();
        assert!(own_emissions(&p, &crate::compute::testkit::regime_1773(), &mut diags).is_none());
        let codes: Vec<_> = diags.into_sorted().iter().map(|d| d.code).collect();
        assert_eq!(codes, [DiagCode::ComputeMissingCarbonContent, DiagCode::ComputeMissingFactor]);
    }
}
