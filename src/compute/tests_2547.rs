//! The rules of the definitive methodology (IR 2025/2547) on a 2026 installation, one test per
//! rule, each against the transitional result of the same data. Expected figures are worked out
//! by hand in the comments; none comes from the code under test.

use super::testkit::*;
use super::*;
use crate::model::DiagCode;
use crate::model::{CellTechnology, EfSource, GoodsCategory, PrecursorSource, PurchasedSee, Variant};
use crate::regime::{Choice, Methodology};

const CEMENT: GoodsCategory = GoodsCategory::Cement;
const CLINKER: GoodsCategory = GoodsCategory::CementClinker;

/// Computed under the regime of the installation's own period (2026: IR 2025/2547).
fn run(inst: &Installation) -> Result<Results, Diagnostics> {
    compute(inst, &regime_of(inst, 2026))
}

/// The same data under the transitional methodology (`--rules 2023/1773`).
fn run_1773(inst: &Installation) -> Results {
    let r = crate::regime::Regime::for_period(&inst.period, Choice { year: Some(2026), methodology: Some(Methodology::Ir2023_1773) }).unwrap();
    compute(inst, &r).unwrap()
}

fn codes(d: &[Diagnostic]) -> Vec<DiagCode> {
    d.iter().map(|d| d.code).collect()
}

/// A cement mill making 1,000 t of cement from 800 t of purchased clinker, nothing else.
fn mill_buying_clinker(country: &str, verification: Option<&str>, default_key: bool) -> Installation {
    let mut mill = process("P2", CEMENT, "1000");
    let mut clinker = actual("clinker", CLINKER, "800", country, "0.80", "0.04", Some("0.05"));
    clinker.verification_report = verification.map(str::to_string);
    if default_key && let PrecursorSource::Purchased { values: PurchasedSee::Actual { default_key, .. }, .. } = &mut clinker.source {
        *default_key = Some((crate::model::CnCode::parse("25231000").unwrap(), Some(Variant::Grey)));
    }
    mill.precursors.push(clinker);
    in_2026(installation(vec![mill], vec![good("25232900", "CEM II", "P2")]))
}

#[test]
fn verified_actual_precursor_values_are_used() {
    // 800 t × 0.80 / 1,000 t = 0.64 direct; 800 × 0.04 / 1,000 = 0.032 indirect; m = 0.8.
    let r = run(&mill_buying_clinker("CN", Some("VR-2027-0012, Verifier GmbH"), true)).unwrap();
    assert_eq!((r.goods[0].see_direct, r.goods[0].see_indirect), (d("0.64"), d("0.032")));
    let pr = &r.processes[0].precursors[0];
    assert_eq!(pr.specific_mass_consumption, Some(d("0.8")));
    assert_eq!(pr.verification_report.as_deref(), Some("VR-2027-0012, Verifier GmbH"));
    assert!(pr.decision.is_none());
}

#[test]
fn unverified_actual_precursor_values_give_way_to_the_default_value() {
    // No verification report: China's grey clinker default, 1.35 direct + 0.04 indirect.
    // 800 × 1.35 / 1,000 = 1.08 direct; 800 × 0.04 / 1,000 = 0.032 indirect; all from defaults.
    let inst = mill_buying_clinker("CN", None, true);
    let r = run(&inst).unwrap();
    assert_eq!((r.goods[0].see_direct, r.goods[0].see_indirect), (d("1.08"), d("0.032")));
    assert_eq!(r.goods[0].default_share, Dec::ONE);
    assert_eq!(codes(&r.warnings), [DiagCode::ComputePrecursorUnverified]);
    assert_eq!(r.warnings[0].location.as_ref().unwrap().to_string(), "T!A202");
    assert!(r.processes[0].precursors[0].decision.as_deref().unwrap().contains("no verification report"));
    // The transitional methodology takes the supplier's values as they are.
    let t = run_1773(&inst);
    assert_eq!(t.goods[0].see_direct, d("0.64"));
    // Without a CN code for the default value there is nothing to fall back on: an error.
    let e = run(&mill_buying_clinker("CN", None, false)).unwrap_err().into_sorted();
    assert_eq!(codes(&e), [DiagCode::InputPrecursorUnverified]);
}

#[test]
fn precursors_from_the_union_or_exempted_countries_count_zero() {
    // Clinker from Germany and from Norway: zero embedded emissions, the 800 t still reported.
    for country in ["DE", "NO"] {
        let r = run(&mill_buying_clinker(country, None, false)).unwrap();
        assert_eq!((r.goods[0].see_direct, r.goods[0].see_indirect), (Dec::ZERO, Dec::ZERO), "{country}");
        let pr = &r.processes[0].precursors[0];
        assert!(pr.origin == PrecursorOrigin::ZeroRated && pr.mass_t == d("800") && pr.specific_mass_consumption == Some(d("0.8")));
        assert!(r.warnings.is_empty(), "{country}: {:?}", r.warnings);
    }
    // Under the transitional rules the German supplier's values count: 0.64.
    assert_eq!(run_1773(&mill_buying_clinker("DE", None, false)).goods[0].see_direct, d("0.64"));
}

/// A kiln of 1,000 t clinker burning 100 t of RDF: 100 t × 20 GJ/t = 2 TJ × 100 tCO2/TJ = 200 t,
/// 40 % of it biomass carbon.
fn kiln_on_rdf(criteria: Option<bool>) -> Installation {
    let mut kiln = process("P1", CLINKER, "1000");
    let mut rdf = fuel("RDF", "100", "20", "100");
    rdf.biomass = d("0.4");
    rdf.biomass_criteria_met = criteria;
    kiln.streams.push(rdf);
    in_2026(installation(vec![kiln], vec![good("25231000", "clinker", "P1")]))
}

#[test]
fn biomass_counts_zero_only_under_the_red_ii_criteria() {
    // Criteria met: 200 × 0.6 = 120 t fossil → 0.12 t/t; biomass 80 t reported apart.
    let r = run(&kiln_on_rdf(Some(true))).unwrap();
    assert_eq!((r.goods[0].see_direct, r.processes[0].biomass_co2_t), (d("0.12"), d("80")));
    // Not met (or not declared): all 200 t fossil → 0.2 t/t, with a warning.
    for criteria in [Some(false), None] {
        let r = run(&kiln_on_rdf(criteria)).unwrap();
        assert_eq!((r.goods[0].see_direct, r.processes[0].biomass_co2_t), (d("0.2"), Dec::ZERO));
        assert_eq!(codes(&r.warnings), [DiagCode::ComputeBiomassNotZeroRated]);
        assert!(r.processes[0].streams[0].biomass_counted_as_fossil);
    }
    // Transitional rules: the biomass fraction counts zero whatever is declared: 0.12.
    assert_eq!(run_1773(&kiln_on_rdf(None)).goods[0].see_direct, d("0.12"));
}

#[test]
fn pfpb_mw_without_own_factors_takes_cwpb_with_a_warning() {
    // Slope method, 1,000 t Al, 0.1 AE/cell-day × 2 min = 0.2 AE-min/cell-day; CWPB (Table 2):
    // SEF 0.143, F(C2F6) 0.121. CF4 = 0.2 × 0.143 / 1000 × 1000 = 0.0286 t;
    // C2F6 = 0.0286 × 0.121 = 0.0034606 t; CO2e = 0.0286 × 6630 + 0.0034606 × 11100
    // = 189.618 + 38.41266 = 228.03066 t.
    let mut smelter = process("P1", GoodsCategory::UnwroughtAluminium, "1000");
    let mut m = pfc_slope("1000", "0.1", "2", None, "0.121", "1");
    m.technology = Some(CellTechnology::PfpbMw);
    smelter.pfc.push(m);
    let inst = in_2026(installation(vec![smelter], vec![good("76011090", "ingot", "P1")]));
    let r = run(&inst).unwrap();
    let pfc = &r.processes[0].pfc[0];
    assert_eq!((pfc.coefficient, pfc.defaults_from), (d("0.143"), Some(CellTechnology::Cwpb)));
    assert_eq!(pfc.co2e_t, d("228.03066"));
    assert_eq!(codes(&r.warnings), [DiagCode::ComputePfcDefaultFallback]);
}

#[test]
fn non_saleable_output_leaves_with_zero_emissions_outside_the_activity_level() {
    // Kiln: 1,000 t saleable clinker, 50 t off-spec; coal 100 t × 25 GJ/t × 96 = 240 t.
    // SEE = 240 / 1,000 = 0.24 (the 50 t carry nothing and are not in the activity level).
    let mut kiln = process("P1", CLINKER, "1000");
    kiln.streams.push(fuel("coal", "100", "25", "96"));
    kiln.non_saleable_output_t = d("50");
    let r = run(&in_2026(installation(vec![kiln], vec![good("25231000", "clinker", "P1")]))).unwrap();
    assert_eq!((r.goods[0].see_direct, r.processes[0].non_saleable_output_t), (d("0.24"), d("50")));
}

#[test]
fn cement_carries_its_see_per_tonne_of_clinker_contained() {
    // Mill: 1,000 t cement from 750 t verified clinker at 0.80 / 0.04: SEE total 0.6 + 0.03 = 0.63;
    // clinker ratio 75 %: 0.63 / 0.75 = 0.84 tCO2e per tonne of clinker contained.
    let mut inst = mill_buying_clinker("CN", Some("VR-1"), false);
    if let Some(p) = inst.processes[0].precursors.first_mut() {
        p.mass_t = d("750");
    }
    inst.goods[0].params.clinker_ratio_pct = Some(d("75"));
    let r = run(&inst).unwrap();
    assert_eq!((r.goods[0].see_total, r.goods[0].see_per_t_clinker), (d("0.63"), Some(d("0.84"))));
}

#[test]
fn aluminium_counts_direct_only_from_2026_and_results_carry_the_regime() {
    // Smelter: 1,000 t; 1,600 t CO2 entered directly (as the Commission template attributes it),
    // 14,000 MWh × 0.8 = 11,200 t indirect: SEE direct 1.6, indirect 11.2; 2026 counts 1.6.
    let mut smelter = with_electricity(process("P1", GoodsCategory::UnwroughtAluminium, "1000"), "14000", "0.8");
    smelter.direct_emissions_entered_t = Some(d("1600"));
    let inst = in_2026(installation(vec![smelter], vec![good("76011090", "ingot", "P1")]));
    let r = run(&inst).unwrap();
    assert_eq!((r.goods[0].see_direct, r.goods[0].see_indirect, r.goods[0].see_cbam), (d("1.6"), d("11.2"), d("1.6")));
    assert_eq!(r.goods[0].obligation.scope, crate::regime::ObligationScope::Direct);
    assert_eq!(r.regime.methodology, Methodology::Ir2025_2547);
    assert_eq!(r.regime.rounding.unwrap().see_decimals, 5);
}

#[test]
fn what_the_definitive_period_requires_of_the_data() {
    use crate::validate::definitive::check;
    let regime = crate::compute::testkit::regime_2547();
    // A cement without clinker ratio; aluminium without scrap figures; biomass without the
    // criteria declared; a PPA factor without evidence; a grid factor without its source.
    let mut mill = with_electricity(process("P2", CEMENT, "1000"), "100", "0.5");
    mill.electricity.ef_source = Some(EfSource::Ppa);
    let mut kiln = with_electricity(process("P1", CLINKER, "1000"), "100", "0.6");
    kiln.electricity.ef_source = Some(EfSource::Grid);
    let mut rdf = fuel("RDF", "100", "20", "100");
    rdf.biomass = d("0.4");
    kiln.streams.push(rdf);
    let smelter = process("P3", GoodsCategory::UnwroughtAluminium, "10");
    let inst = in_2026(installation(
        vec![kiln, mill, smelter],
        vec![good("25231000", "clinker", "P1"), good("25232900", "CEM I", "P2"), good("76011090", "ingot", "P3")],
    ));
    let mut found = codes(&check(&inst, &regime).into_sorted());
    found.sort();
    assert_eq!(
        found,
        [
            DiagCode::InputBiomassCriteria,
            DiagCode::InputElectricityEvidence,
            DiagCode::InputGridFactorSource,
            DiagCode::InputRequiredDefinitive,
            DiagCode::InputRequiredDefinitive
        ]
    );
    // The same data under the transitional methodology is complete.
    assert!(check(&inst, &crate::compute::testkit::regime_1773()).is_empty());
}

/// An extrusion press of 1,000 t profiles from 1,000 t of purchased 7604 10 10 bars (a product
/// used as precursor, at default values) of `country` (None: unknown).
fn press_buying(cn: &str, country: &str, variant: Option<Variant>) -> Installation {
    let mut press = process("P1", GoodsCategory::AluminiumProducts, "1000");
    press.precursors.push(default_valued("bars", GoodsCategory::AluminiumProducts, "1000", country, cn, variant));
    in_2026(installation(vec![press], vec![good("76042100", "profiles", "P1")]))
}

#[test]
fn default_values_as_corrected_by_ir_2026_1740() {
    // China, 7604 10 10: 4.881 in the corrected table (the OJ's 3 decimals), 4.8808 in the
    // workbook as first published. 1,000 t × SEE / 1,000 t = SEE.
    let inst = press_buying("76041010", "CN", None);
    let r = run(&inst).unwrap();
    assert_eq!(r.goods[0].see_direct, d("4.881"));
    let PrecursorOrigin::Default { table, .. } = &r.processes[0].precursors[0].origin else { panic!("a default value") };
    assert_eq!(*table, crate::tables::defaults::DefaultsVersion::Corrected1740.citation(), "the corrected table's value");
    assert_eq!(run_1773(&inst).goods[0].see_direct, d("4.8808"));
}

#[test]
fn a_precursor_of_unknown_origin_takes_annex_iv() {
    // Unwrought aluminium 7601 of unknown origin: Annex IV (the highest default) 3.198, not
    // China's 3.000.
    let mut smelter = process("P1", GoodsCategory::UnwroughtAluminium, "1000");
    smelter.route = crate::model::Route::SecondaryMelting;
    smelter.precursors.push(default_valued("ingots", GoodsCategory::UnwroughtAluminium, "1000", "unknown", "76011090", None));
    let inst = in_2026(installation(vec![smelter], vec![good("76012080", "alloy", "P1")]));
    let r = run(&inst).unwrap();
    assert_eq!(r.goods[0].see_direct, d("3.198"));
    assert!(r.processes[0].precursors[0].decision.as_deref().unwrap().contains("unknown"));
    // The table as first published has no Annex IV: an error under the transitional rules.
    let t = crate::regime::Regime::for_period(&inst.period, Choice { year: Some(2026), methodology: Some(Methodology::Ir2023_1773) }).unwrap();
    assert_eq!(codes(&compute(&inst, &t).unwrap_err().into_sorted()), [DiagCode::ComputeDefaultNotFound]);
}

#[test]
fn an_eight_digit_clinker_code_the_corrected_table_splits_names_both_taric_keys() {
    let mut mill = process("P2", CEMENT, "1000");
    mill.precursors.push(default_valued("clinker", CLINKER, "800", "CN", "25231000", None));
    let inst = in_2026(installation(vec![mill], vec![good("25232900", "CEM II", "P2")]));
    let e = run(&inst).unwrap_err().into_sorted();
    assert_eq!(codes(&e), [DiagCode::ComputeDefaultNotFound]);
    assert!(e[0].message.contains("2523100010") && e[0].message.contains("2523100090"), "{}", e[0].message);
    // Grey settles it: 800 × 1.35 / 1,000 = 1.08 direct (China grey clinker, 2523 10 00 90).
    mill = process("P2", CEMENT, "1000");
    mill.precursors.push(default_valued("clinker", CLINKER, "800", "CN", "25231000", Some(Variant::Grey)));
    let inst = in_2026(installation(vec![mill], vec![good("25232900", "CEM II", "P2")]));
    assert_eq!(run(&inst).unwrap().goods[0].see_direct, d("1.08"));
    // So does the TARIC code itself.
    mill = process("P2", CEMENT, "1000");
    mill.precursors.push(default_valued("clinker", CLINKER, "800", "CN", "2523100090", None));
    let inst = in_2026(installation(vec![mill], vec![good("25232900", "CEM II", "P2")]));
    assert_eq!(run(&inst).unwrap().goods[0].see_direct, d("1.08"));
}
