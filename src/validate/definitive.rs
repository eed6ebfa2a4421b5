//! What a reporting period under the definitive methodology (IR 2025/2547) requires beyond the
//! transitional one, checked on a whole installation once the regime is known: the sector
//! parameters of Annex IV §2, the RED II declaration of biomass (Annex II B.3.3), and the evidence
//! of an actual electricity factor or the source of the grid factor (Annex II D.4, Annex IV
//! point 6 of Regulation (EU) 2023/956). Each problem is an error located at the cell that should
//! hold the missing value. Nothing is checked under the transitional methodology.

use crate::model::DiagCode;
use crate::model::{CellRef, Diagnostic, Diagnostics, EfSource, GoodsCategory, Installation, Location};
use crate::regime::Regime;

fn at(cell: &Option<CellRef>, fallback: &Option<CellRef>) -> Option<Location> {
    cell.clone().or_else(|| fallback.clone()).map(Location::Cell)
}

/// Every requirement of the definitive methodology that `inst` misses.
pub fn check(inst: &Installation, regime: &Regime) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if !regime.methodology.is_definitive() {
        return diags;
    }
    let act = regime.methodology.short();
    for g in &inst.goods {
        let category = g.cn_code.category();
        let mut missing = |cell: &Option<CellRef>, key: &str, what: &str, hint: &str| {
            diags.push(
                Diagnostic::error(DiagCode::InputRequiredDefinitive, at(cell, &g.origin), format!(
                    "expected {what} of good {} '{}' (a sector parameter {act} Annex IV §2 requires in the emissions report), found an empty cell in '{key}'",
                    g.cn_code, g.product
                ))
                .hint(hint.to_string()),
            );
        };
        match category {
            GoodsCategory::Cement if g.params.clinker_ratio_pct.is_none() => missing(
                &g.params_at.clinker_ratio_pct,
                "clinker_ratio_pct",
                "the clinker-to-cement ratio (%)",
                "tonnes of clinker consumed per tonne of cement produced, in per cent",
            ),
            c if c.is_aluminium() => {
                if g.params.scrap_t_per_t.is_none() {
                    missing(&g.params_at.scrap_t_per_t, "scrap_t_per_t", "the tonnes of scrap per tonne of product", "0 where no scrap is used");
                }
                if g.params.scrap_t_per_t.is_some_and(|s| !s.is_zero()) && g.params.pre_consumer_scrap_pct.is_none() {
                    missing(
                        &g.params_at.pre_consumer_scrap_pct,
                        "pre_consumer_scrap_pct",
                        "the share of pre-consumer scrap (%)",
                        "the share of the scrap that is pre-consumer, in per cent",
                    );
                }
            }
            _ => {}
        }
    }
    for p in &inst.processes {
        for s in &p.streams {
            if !s.biomass.is_zero() && s.biomass_criteria_met.is_none() {
                diags.push(
                    Diagnostic::error(DiagCode::InputBiomassCriteria, at(&s.biomass_criteria_at, &s.origin), format!(
                        "expected yes or no in 'biomass_criteria' for source stream '{}' ({} % biomass): under {act} (Annex II B.3.3) biomass counts zero only where it meets the RED II sustainability and GHG-saving criteria, found an empty cell",
                        s.name,
                        s.biomass.checked_mul(crate::model::Dec::ONE_HUNDRED).unwrap_or(s.biomass).normalize()
                    ))
                    .hint("yes with evidence (Union Database or a recognised voluntary scheme); no counts the biomass as fossil"),
                );
            }
        }
        let e = &p.electricity;
        // Indirect emissions do not count for goods of Annex II of Regulation (EU) 2023/956
        // (aluminium): their electricity factor needs no evidence.
        let indirect_counts = regime.obligation_scope(p.category).scope == crate::regime::ObligationScope::Total;
        if e.consumed_mwh.is_zero() || !indirect_counts {
            continue;
        }
        match e.ef_source {
            Some(EfSource::Ppa | EfSource::DirectLine | EfSource::OwnGeneration) if e.evidence.is_none() => diags.push(
                Diagnostic::error(DiagCode::InputElectricityEvidence, at(&e.evidence_at, &p.origin), format!(
                    "expected the evidence of process {}'s actual electricity factor ({}) in 'electricity_evidence': under {act} an actual factor needs a power purchase agreement or a direct technical link and its evidence (Annex II D.4.3), found an empty cell",
                    p.id,
                    e.ef_source.map(|s| s.code()).unwrap_or_default()
                ))
                .hint("name the contract, the metering data and the grid connection or single-line diagram; or use the grid factor (electricity_ef_source grid)"),
            ),
            Some(EfSource::Grid) | None if e.ef_reference.is_none() => diags.push(
                Diagnostic::error(DiagCode::InputGridFactorSource, at(&e.ef_source_at, &p.origin), format!(
                    "expected the source of process {}'s grid emission factor in 'electricity_ef_reference': under {act} it is the default of the country of production (Annex II of the act of {}), which cbam does not ship, found an empty cell",
                    p.id,
                    regime.defaults.citation()
                ))
                .hint("write the publication the factor comes from, e.g. the Annex II table of the default-value act"),
            ),
            _ => {}
        }
    }
    diags
}
