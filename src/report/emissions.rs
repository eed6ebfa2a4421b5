//! One `GoodsEmissions` from a supplier's computed good: the installation and its operator,
//! direct and indirect specific embedded emissions with their determination, the electricity
//! factor and its source, the production method and qualifying parameters, remarks, and the
//! extension point for the carbon price due (issue 5).

use super::codelists::{CodeLists, limits};
use super::parties::{self, cut};
use super::supplied::{Supplied, SuppliedGood};
use crate::model::DiagCode;
use crate::model::*;
use crate::render::xml::dto::{self, Dec5, Dec7};
use crate::tables::defaults::DefaultValues;

const ACTUAL: &str = "01";
const COMMISSION_RULES: &str = "TOM01";
const EMISSION_UNIT: &str = "EMU1";
const GPS: &str = "01";

/// The element for `good` of supplier `s`; `produced` is the mass imported from it.
pub fn actual(seq: u32, s: &Supplied, good: &SuppliedGood, produced: dto::Measure, lists: &CodeLists, diags: &mut Diagnostics) -> dto::GoodsEmissions {
    let id = &s.identity;
    plausibility(s, good, good.variant, lists, diags);
    let electricity = &good.electricity;
    let ef_source = electricity.ef_source;
    let consumed = !electricity.consumed_mwh.is_zero();
    let factor_reference =
        electricity.ef_reference.as_deref().and_then(|t| parties::fit(t, 512, "EmissionFactorSourceValue", "electricity_ef_reference", &s.file, diags));
    let embedded_electricity = Dec5(good.embedded_electricity);
    if !embedded_electricity.fits(10) {
        diags.push(Diagnostic::error(
            DiagCode::ReportTooLarge,
            Some(Location::File(s.file.clone())),
            format!("embedded electricity of {} MWh/t does not fit QReport's ElectricityConsumed (at most 99,999.99999)", good.embedded_electricity),
        ));
    }
    for (v, what) in [(good.see_direct, "direct"), (good.see_indirect, "indirect")] {
        if !Dec7(v).fits(16) {
            diags.push(Diagnostic::error(
                DiagCode::ReportTooLarge,
                Some(Location::File(s.file.clone())),
                format!("the {what} SEE of {} ({v} tCO2e/t) does not fit QReport's dec16-7", good.cn_code),
            ));
        }
    }

    let mut remarks = vec![format!(
        "Supplier data: {} ({}), installation {}, reporting period {} to {}, good '{}' made by process {} ({}); SEE computed by cbam with the rules of {}.",
        id.name_en, s.source, id.installation_id, s.period_start, s.period_end, good.product, good.process, good.route, s.methodology_act
    )];
    if !good.default_share.is_zero() {
        remarks.push(format!(
            "{} % of these embedded emissions rest on default values for purchased precursors ({}).",
            (good.default_share * Dec::ONE_HUNDRED).round_dp(1).normalize(),
            s.default_values
        ));
    }
    let method = dto::ProdMethodQualifyingParams {
        sequence_number: 1,
        method_id: good.route.method_id().to_string(),
        additional_information: lists.get("production_method", good.route.method_id()).map(|c| cut(&c.label, 512)),
        direct_qualifying_parameters: qualifying(&good.qualifying),
    };
    let produced_for_price = produced.clone();
    dto::GoodsEmissions {
        sequence_number: seq,
        production_country: id.country.as_ref().map(|c| c.to_string()),
        installation_operator: parties::operator(id, &s.file, diags),
        installation: parties::installation(id, &s.file, GPS, diags),
        produced_measure: produced,
        direct_emissions: dto::DirectEmissions {
            determination_type: Some(ACTUAL.into()),
            applicable_reporting_type_methodology: COMMISSION_RULES.into(),
            applicable_reporting_methodology: None,
            specific_embedded_emissions: Some(Dec7(good.see_direct)),
            measurement_unit: EMISSION_UNIT.into(),
        },
        indirect_emissions: Some(dto::IndirectEmissions {
            determination_type: ACTUAL.into(),
            emission_factor: electricity.ef.map(Dec5),
            specific_embedded_emissions: Dec7(good.see_indirect),
            measurement_unit: EMISSION_UNIT.into(),
            electricity_consumed: Some(embedded_electricity),
            electricity_source: ef_source.map(|e| e.soe_code()).unwrap_or("SOE03").to_string(),
            other_source_indication: (!consumed)
                .then(|| "The process consumes no electricity itself: the indirect emissions are those of its precursors.".to_string()),
            emission_factor_source_value: factor_reference,
        }),
        prod_method_qualifying_params: Some(method),
        carbon_price_due: carbon_price_due(s, good, &produced_for_price),
        remarks_emissions: remarks
            .into_iter()
            .enumerate()
            .map(|(k, t)| dto::RemarksEmissions { sequence_number: (k + 1) as u32, additional_information: cut(&t, 512) })
            .collect(),
    }
}

/// The carbon price due for the imported quantity of this good (DOMAIN §4.3), from what the
/// supplier declared it effectively paid (`crate::compute::carbon_price`): one `CarbonPriceDue` per
/// scheme, with the good's own covered emissions (TPC01) and those of precursors made by the same
/// installation (TPC02). Amounts and quantities are per tonne of good × the net mass imported.
pub fn carbon_price_due(s: &Supplied, good: &SuppliedGood, produced: &dto::Measure) -> Vec<dto::CarbonPriceDue> {
    let Some(mass) = produced.net_mass.as_ref().map(|m| m.0) else { return Vec::new() };
    let country = s.identity.country.as_ref().map(|c| c.to_string()).unwrap_or_default();
    let mut out = Vec::new();
    for (i, scheme) in s.schemes.iter().enumerate() {
        let mine: Vec<_> = good.carbon_price.iter().filter(|l| l.scheme == i && !l.emissions_covered.is_zero()).collect();
        if mine.is_empty() {
            continue;
        }
        let amount: Dec = mine.iter().map(|l| l.amount).sum::<Dec>() * mass;
        let products_covered = mine
            .iter()
            .take(9)
            .enumerate()
            .map(|(k, l)| {
                let (type_code, cn, info) = match &l.covered {
                    crate::compute::carbon_price::Covered::Good { cn_code } => ("TPC01", Some(cn_code.cn8().to_string()), None),
                    crate::compute::carbon_price::Covered::Precursor { cn_code, name } => {
                        ("TPC02", cn_code.as_ref().map(|c| c.cn8().to_string()), Some(cut(&format!("precursor made by the same installation: {name}"), 256)))
                    }
                };
                dto::ProductsCovered {
                    sequence_number: (k + 1) as u32,
                    type_code: type_code.into(),
                    cn,
                    quantity_covered: Dec5(l.emissions_covered * mass),
                    quantity_covered_free_aloc: Dec5(l.emissions_covered_free * mass),
                    supplementary_information: info,
                    additional_information: Some(cut(
                        &format!(
                            "{} {}: {} {} effectively paid per tCO2e covered (net of free allocation and rebates){}",
                            scheme.scheme,
                            scheme.compliance_year,
                            scheme.price_per_t.round_dp(5).normalize(),
                            scheme.currency,
                            scheme
                                .eur_rate
                                .map(|r| format!(
                                    "; {} {} per EUR ({})",
                                    r.normalize(),
                                    scheme.currency,
                                    scheme.eur_rate_source.as_deref().unwrap_or("source not given")
                                ))
                                .unwrap_or_default()
                        ),
                        512,
                    )),
                    measure: produced.clone(),
                }
            })
            .collect();
        out.push(dto::CarbonPriceDue {
            sequence_number: (out.len() + 1) as u32,
            instrument_type: scheme.instrument.qreport_code().into(),
            legal_act_description: cut(&scheme.legal_act, 512),
            amount: Dec5(amount),
            currency: scheme.currency.clone(),
            country: country.clone(),
            products_covered,
        });
    }
    out
}

/// Annex IV §2 parameters of the good's category (QPD codes of `qualifying_parameter`), as
/// [`QualifyingParams::reported`] gives them.
fn qualifying(reported: &[(Qualifying, QualifyingValue)]) -> Vec<dto::QualifyingParameter> {
    let out = reported.iter().map(|&(q, v)| {
        let value = match v {
            QualifyingValue::Flag(c) => if c { "calcined" } else { "not calcined" }.to_string(),
            QualifyingValue::Figure(d) => d.normalize().to_string(),
        };
        (q.code(), value)
    });
    out.enumerate()
        .map(|(i, (id, value))| dto::QualifyingParameter {
            sequence_number: (i + 1) as u32,
            parameter_id: id.to_string(),
            parameter_value: value,
            additional_information: None,
        })
        .collect()
}

/// Warns when a supplier's SEE is far from the country default (beyond the limits of the code
/// lists table): a unit slip or a missing stream, or a plant far from the typical one.
fn plausibility(s: &Supplied, good: &SuppliedGood, variant: Option<Variant>, lists: &CodeLists, diags: &mut Diagnostics) {
    let (Some(country), Some(methodology)) = (&s.identity.country, s.methodology) else { return };
    let table = DefaultValues::of(methodology.defaults_version());
    let Some(d) = table.lookup(country, &good.cn_code, variant) else { return };
    let Some(reference) = d.value.total.filter(|t| !t.is_zero()) else { return };
    // Default values of Annex II goods (aluminium) give direct emissions only: compare like with like.
    let see = if good.category.listed_in_annex_ii() { good.see_direct } else { good.see_total };
    if let Some(msg) = implausible(see, reference, lists) {
        diags.push(
            Diagnostic::warning(
                DiagCode::ReportSeeImplausible,
                Some(Location::File(s.file.clone())),
                format!(
                    "{} '{}': SEE {} tCO2e/t is {msg} the default value for {} ({reference})",
                    good.cn_code,
                    good.product,
                    see.round_dp(4).normalize(),
                    country
                ),
            )
            .hint("check the supplier's units and source streams"),
        );
    }
}

/// `Some("more than 3 times")` / `Some("less than a tenth of")` when `see` is outside the limits.
pub fn implausible(see: Dec, reference: Dec, lists: &CodeLists) -> Option<String> {
    let (high, low) = (lists.limit(limits::SEE_HIGH), lists.limit(limits::SEE_LOW));
    if see > reference * high {
        Some(format!("more than {} times", high.normalize()))
    } else if see < reference * low {
        Some(format!("less than {} times", low.normalize()))
    } else {
        None
    }
}
