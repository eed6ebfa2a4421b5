//! Whole-installation tests of [`super::compute`]: the Commission's cement example, precursors
//! (own, actual, default), aluminium, and the problems that must be reported. Expected figures
//! are worked out by hand in the comments.

use super::testkit::*;
use super::*;
use crate::model::DiagCode;
use crate::model::{CellTechnology, EmissionFactor, GoodsCategory, StreamMethod, Variant};

const CEMENT: GoodsCategory = GoodsCategory::Cement;
const CLINKER: GoodsCategory = GoodsCategory::CementClinker;
const UNWROUGHT: GoodsCategory = GoodsCategory::UnwroughtAluminium;

fn run(inst: &Installation, year: i32) -> Result<Results, Diagnostics> {
    compute(inst, &regime_of(inst, year))
}

fn ok(inst: &Installation) -> Results {
    run(inst, 2025).unwrap_or_else(|e| panic!("{:#?}", e.into_sorted()))
}

fn errors(inst: &Installation) -> Vec<Diagnostic> {
    match run(inst, 2025) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e.into_sorted(),
    }
}

#[track_caller]
fn close(actual: Dec, expected: &str, tolerance: &str) {
    let diff = (actual - d(expected)).abs();
    assert!(diff <= d(tolerance), "{actual} is not {expected} within {tolerance}");
}

/// A fuel with a factor per tonne: `amount × ef`.
fn fuel_t(amount: &str, ef: &str) -> crate::model::SourceStream {
    let mut s = stream("fuel", StreamMethod::Combustion, amount);
    s.monitoring = crate::model::Monitoring::Combustion { ef: Some(EmissionFactor::Unit(d(ef))), carbon_content: None, oxidation: Dec::ONE };
    s
}

#[test]
fn commission_cement_example_1() {
    let mut raw_meal = stream("raw meal", StreamMethod::ProcessA, "1255000");
    raw_meal.monitoring = crate::model::Monitoring::ProcessA { ef: Some(EmissionFactor::Unit(d("0.525"))), conversion: Dec::ONE };
    let mut waste = fuel("household waste", "25000", "20", "83");
    waste.biomass = d("0.15");
    let mut p = process("cement", CEMENT, "1321052.6315789474");
    p.streams = vec![raw_meal, fuel("coal", "88000", "25", "95"), waste, fuel("heavy fuel oil", "43000", "40", "78")];
    let p = with_electricity(p, "193864.47368421053", "0.833");
    let r = ok(&installation(vec![p], vec![good("25232900", "Portland cement", "cement")]));
    let pr = &r.processes[0];

    // raw meal 1 255 000 × 0.525 = 658 875
    // coal 88 000 × 25 / 1000 = 2 200 TJ × 95 = 209 000
    // waste 25 000 × 20 / 1000 = 500 TJ × 83 = 41 500: biomass × 0.15 = 6 225, fossil 35 275
    // heavy fuel oil 43 000 × 40 / 1000 = 1 720 TJ × 78 = 134 160
    // direct = 658 875 + 209 000 + 35 275 + 134 160 = 1 037 310
    let fossil: Vec<Dec> = pr.streams.iter().map(|s| s.fossil_t).collect();
    assert_eq!(fossil, [d("658875"), d("209000"), d("35275"), d("134160")]);
    assert_eq!(pr.streams[2].energy_tj, Some(d("500")));
    assert_eq!(pr.direct_emissions_t, d("1037310"));
    assert_eq!(pr.biomass_co2_t, d("6225"));
    assert_eq!(pr.attributed_direct_t, d("1037310"));
    // indirect = 193 864.47368421053 × 0.833 = 161 489.10657894737149
    assert_eq!(pr.attributed_indirect_t, d("161489.10657894737149"));

    // AL = 1 255 000 / 0.95 = 1 321 052.63157894737 (the workbook holds 1321052.6315789474)
    // SEE_dir = 1 037 310 / AL ≈ 1 037 310 × 0.95 / 1 255 000 = 985 444.5 / 1 255 000 = 0.785214741035857
    // the electricity is 0.14675 × AL = 193 864.4736842105…, so
    // embedded electricity = 0.14675, SEE_ind = 0.14675 × 0.833 = 0.12224275
    // total = 0.785214741035857 + 0.12224275 = 0.907457491035857
    // The Commission's figures (10 decimals): 0.7852147410, 0.1222427500, 0.9074574910, 0.14675.
    for see in [pr.see_direct, r.goods[0].see_direct] {
        close(see, "0.7852147410", "0.00000000005");
    }
    close(pr.see_indirect, "0.1222427500", "0.00000000005");
    close(pr.see_total, "0.9074574910", "0.00000000005");
    close(pr.embedded_electricity, "0.14675", "0.00000000005");
    // the unrounded direct figure to 15 digits, from 985 444.5 / 1 255 000 above
    close(pr.see_direct, "0.785214741035857", "0.000000000000001");

    let g = &r.goods[0];
    assert_eq!((g.cn_code.as_str(), g.process.as_str(), g.category), ("25232900", "cement", CEMENT));
    assert_eq!(g.see_total, pr.see_total);
    // cement: charged on direct + indirect, every year
    assert_eq!(g.see_cbam, g.see_total);
    assert_eq!(g.default_share, Dec::ZERO);
    assert!(pr.embedded_electricity_complete);
    assert!(r.warnings.is_empty());
}

#[test]
fn cement_with_own_clinker_in_input_order() {
    // clinker P1: 1000 t clinker × 0.525 (standard value, method B) = 525 t; fuel 100 t × 3 = 300 t
    //   direct 825 t → SEE_dir 825 / 1000 = 0.825; electricity 100 MWh × 0.5 = 50 t → SEE_ind 0.05;
    //   embedded electricity 100 / 1000 = 0.1 MWh/t
    let mut clinker = process("P1", CLINKER, "1000");
    clinker.streams = vec![stream("clinker", StreamMethod::ProcessB, "1000"), fuel_t("100", "3")];
    let clinker = with_electricity(clinker, "100", "0.5");
    // cement P2: 2000 t with 800 t of P1's clinker, 200 MWh × 0.5 = 100 t
    let mut cement = with_electricity(process("P2", CEMENT, "2000"), "200", "0.5");
    cement.precursors.push(own("clinker", CLINKER, "800", "P1"));
    // the consumer comes first: the recursion must not depend on the order
    let inst = installation(vec![cement, clinker], vec![good("25232900", "CEM I", "P2"), good("25231000", "clinker", "P1"), good("25232100", "white", "P2")]);
    let r = ok(&inst);
    let ids: Vec<&str> = r.processes.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["P2", "P1"]);
    let goods: Vec<(&str, &str)> = r.goods.iter().map(|g| (g.cn_code.as_str(), g.process.as_str())).collect();
    assert_eq!(goods, [("25232900", "P2"), ("25231000", "P1"), ("25232100", "P2")]);

    let (p2, p1) = (&r.processes[0], &r.processes[1]);
    assert_eq!((p1.see_direct, p1.see_indirect, p1.embedded_electricity), (d("0.825"), d("0.05"), d("0.1")));
    // P2: SEE_dir = (0 + 800 × 0.825) / 2000 = 660 / 2000 = 0.33
    //     SEE_ind = (100 + 800 × 0.05) / 2000 = 140 / 2000 = 0.07
    //     EE = (200 + 800 × 0.1) / 2000 = 280 / 2000 = 0.14
    assert_eq!((p2.see_direct, p2.see_indirect, p2.see_total), (d("0.33"), d("0.07"), d("0.40")));
    assert_eq!(p2.embedded_electricity, d("0.14"));
    assert_eq!(p2.default_share, Dec::ZERO);
    let pre = &p2.precursors[0];
    assert_eq!(pre.origin.kind(), PrecursorKind::Own);
    assert_eq!(pre.origin, PrecursorOrigin::Own { process: "P1".into() });
    // contributions 800 × 0.825 = 660 and 800 × 0.05 = 40
    assert_eq!((pre.contribution_direct_t, pre.contribution_indirect_t), (d("660"), d("40")));
    assert_eq!(r.goods[2].see_total, d("0.40"));
}

#[test]
fn cement_with_actual_and_china_default_clinker() {
    // 1000 t cement; drying fuel 10 t × 3 = 30 t; 50 MWh × 0.6 = 30 t
    let mut p = with_electricity(process("CEM", CEMENT, "1000"), "50", "0.6");
    p.streams.push(fuel_t("10", "3"));
    // 400 t clinker bought in Türkiye at 0.8 / 0.04, 0.07 MWh/t
    p.precursors.push(actual("clinker TR", CLINKER, "400", "TR", "0.8", "0.04", Some("0.07")));
    // 300 t grey clinker from China at the default value: 1.35 direct, 0.04 indirect
    p.precursors.push(default_valued("clinker CN", CLINKER, "300", "CN", "25231000", Some(Variant::Grey)));
    let r = ok(&installation(vec![p], vec![good("25232900", "CEM II", "CEM")]));
    let pr = &r.processes[0];
    // SEE_dir = (30 + 400 × 0.8 + 300 × 1.35) / 1000 = (30 + 320 + 405) / 1000 = 0.755
    // SEE_ind = (30 + 400 × 0.04 + 300 × 0.04) / 1000 = (30 + 16 + 12) / 1000 = 0.058
    // EE = (50 + 400 × 0.07 + 300 × 0 (unknown)) / 1000 = 78 / 1000 = 0.078
    assert_eq!((pr.see_direct, pr.see_indirect, pr.see_total), (d("0.755"), d("0.058"), d("0.813")));
    assert_eq!(pr.embedded_electricity, d("0.078"));
    assert!(!pr.embedded_electricity_complete);
    // default share = 300 × (1.35 + 0.04) / (755 + 58) = 417 / 813 = 139 / 271 = 0.51291 51291 51291…
    close(pr.default_share, "0.5129151291512915129151291513", "0.0000000000000000000000000002");
    close(r.goods[0].default_share, "0.5129151291512915129151291513", "0.0000000000000000000000000002");

    let (tr, cn) = (&pr.precursors[0], &pr.precursors[1]);
    assert_eq!((&tr.origin, tr.embedded_electricity), (&PrecursorOrigin::Actual, Some(d("0.07"))));
    assert_eq!((tr.contribution_direct_t, tr.contribution_indirect_t), (d("320"), d("16")));
    assert!(matches!(cn.origin, PrecursorOrigin::Default { fallback: false, .. }), "{:?}", cn.origin);
    assert!(cn.origin.is_default() && cn.origin.kind() == PrecursorKind::Default);
    assert_eq!((cn.see_direct, cn.see_indirect, cn.embedded_electricity), (d("1.35"), d("0.04"), None));
    assert_eq!((cn.contribution_direct_t, cn.contribution_indirect_t), (d("405"), d("12")));
    assert!(cn.source.contains("Grey clinker"), "{}", cn.source);
    assert_eq!(cn.country.as_ref().map(|c| c.as_str()), Some("CN"));
    assert!(r.warnings.is_empty());
}

#[test]
fn default_falls_back_to_other_countries() {
    // Türkiye's grey clinker row has no value: "Other countries and territories" 1.37 / 0.05.
    let mut p = process("CEM", CEMENT, "100");
    p.precursors.push(default_valued("clinker", CLINKER, "50", "TR", "25231000", Some(Variant::Grey)));
    let r = ok(&installation(vec![p], vec![]));
    let pr = &r.processes[0];
    assert!(matches!(pr.precursors[0].origin, PrecursorOrigin::Default { fallback: true, .. }));
    // SEE_dir = 50 × 1.37 / 100 = 0.685, SEE_ind = 50 × 0.05 / 100 = 0.025; all from defaults
    assert_eq!((pr.see_direct, pr.see_indirect), (d("0.685"), d("0.025")));
    assert_eq!(pr.default_share, Dec::ONE);
}

/// Primary smelter P1 with an alloying default precursor, products P2 from P1's metal.
fn aluminium_installation() -> Installation {
    // P1, 1000 t: PFC slope, CWPB defaults: CF4 = 0.5 × 2 × 0.143 / 1000 × 1000 = 0.143 t,
    //   C2F6 = 0.143 × 0.121 = 0.017303 t, CO2e = 0.143 × 6630 + 0.017303 × 11100 = 948.09 + 192.0633 = 1140.1533
    //   anodes 400 t × 0.85 tC/t × 3.664 = 1245.76
    //   direct 1140.1533 + 1245.76 = 2385.9133; electricity 14 000 MWh × 0.6 = 8400
    //   alloying elements 50 t at China's 7601 default: direct 3, no indirect → 150
    let mut p1 = with_electricity(process("P1", UNWROUGHT, "1000"), "14000", "0.6");
    let mut pfc = pfc_slope("1000", "0.5", "2", None, "0.121", "1");
    pfc.technology = Some(CellTechnology::Cwpb);
    p1.pfc.push(pfc);
    let mut anodes = stream("anodes", StreamMethod::MassBalance, "400");
    anodes.monitoring = crate::model::Monitoring::MassBalance { carbon_content: Some(d("0.85")) };
    p1.streams.push(anodes);
    let mut alloy = default_valued("alloying elements", UNWROUGHT, "50", "CN", "76011000", None);
    alloy.alloying = true;
    p1.precursors.push(alloy);
    // P2, 500 t of products: fuel 20 t × 3 = 60 t; 500 MWh × 0.6 = 300 t; 510 t of P1's metal
    let mut p2 = with_electricity(process("P2", GoodsCategory::AluminiumProducts, "500"), "500", "0.6");
    p2.streams.push(fuel_t("20", "3"));
    p2.precursors.push(own("unwrought", UNWROUGHT, "510", "P1"));
    installation(vec![p1, p2], vec![good("76011000", "ingots", "P1"), good("76042100", "profiles", "P2")])
}

#[test]
fn aluminium_pfc_alloying_default_and_see_cbam_by_year() {
    let inst = aluminium_installation();
    let r25 = run(&inst, 2025).unwrap();
    let r26 = run(&inst, 2026).unwrap();
    let (p1, p2) = (&r25.processes[0], &r25.processes[1]);
    assert_eq!(p1.pfc_co2e_t, d("1140.1533"));
    assert_eq!(p1.direct_emissions_t, d("2385.9133"));
    assert!(p1.precursors[0].alloying && p1.precursors[0].origin.is_default());
    // P1: SEE_dir = (2385.9133 + 150) / 1000 = 2.5359133; SEE_ind = 8400 / 1000 = 8.4;
    //     total 10.9359133; EE = 14 000 / 1000 = 14
    assert_eq!((p1.see_direct, p1.see_indirect, p1.see_total), (d("2.5359133"), d("8.4"), d("10.9359133")));
    assert_eq!(p1.embedded_electricity, d("14"));
    // default share = 150 / (2535.9133 + 8400) = 150 / 10935.9133 = 0.0137162755304579819593…
    close(p1.default_share, "0.01371627553045798195931199", "0.00000000000000000000000001");
    // P2: SEE_dir = (60 + 510 × 2.5359133) / 500 = (60 + 1293.315783) / 500 = 2.706631566
    //     SEE_ind = (300 + 510 × 8.4) / 500 = (300 + 4284) / 500 = 9.168
    //     EE = (500 + 510 × 14) / 500 = 7640 / 500 = 15.28
    assert_eq!((p2.see_direct, p2.see_indirect), (d("2.706631566"), d("9.168")));
    assert_eq!(p2.embedded_electricity, d("15.28"));
    // default share = 510 × (150 / 1000) / (1353.315783 + 4584) = 76.5 / 5937.315783 = 0.012884610284505731…
    close(p2.default_share, "0.0128846102845057315018678", "0.0000000000000000000000001");

    // 2025 (transitional reporting): total; 2026 on: aluminium charged on direct only
    let cbam25: Vec<Dec> = r25.goods.iter().map(|g| g.see_cbam).collect();
    let cbam26: Vec<Dec> = r26.goods.iter().map(|g| g.see_cbam).collect();
    // 2.706631566 + 9.168 = 11.874631566
    assert_eq!(cbam25, [d("10.9359133"), d("11.874631566")]);
    assert_eq!(cbam26, [d("2.5359133"), d("2.706631566")]);
    assert_eq!(r26.goods[1].see_total, d("11.874631566"));
}

#[test]
fn precursor_cycle_is_named() {
    let mut p1 = process("P1", CEMENT, "10");
    p1.precursors.push(own("clinker", CLINKER, "5", "P2"));
    let mut p2 = process("P2", CLINKER, "10");
    p2.precursors.push(own("cement?", CEMENT, "1", "P1"));
    let mut p3 = process("P3", CEMENT, "10");
    p3.precursors.push(own("self", CEMENT, "1", "P3"));
    // P4 depends on the cycle: no error of its own
    let mut p4 = process("P4", CEMENT, "10");
    p4.precursors.push(own("clinker", CLINKER, "1", "P2"));
    let e = errors(&installation(vec![p1, p2, p3, p4], vec![good("25232900", "c", "P4")]));
    let msgs: Vec<(DiagCode, &str)> = e.iter().map(|d| (d.code, d.message.as_str())).collect();
    assert_eq!(msgs, [(DiagCode::ComputePrecursorCycle, "precursor cycle: P1 → P2 → P1"), (DiagCode::ComputePrecursorCycle, "precursor cycle: P3 → P3"),]);
    assert_eq!(e[0].location.as_ref().unwrap().to_string(), "T!A201");
}

#[test]
fn zero_activity_level_is_an_error_not_a_panic() {
    let p = with_electricity(process("P1", CEMENT, "0"), "10", "0.5");
    let e = errors(&installation(vec![p], vec![good("25232900", "c", "P1")]));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].code, DiagCode::ComputeZeroOutput);
    assert_eq!(e[0].location.as_ref().unwrap().to_string(), "T!A101");
    let e = errors(&installation(vec![process("P1", CEMENT, "-5")], vec![]));
    assert_eq!(e[0].code, DiagCode::ComputeNegativeOutput);
}

#[test]
fn every_problem_is_collected() {
    let mut p1 = process("P1", CEMENT, "10");
    p1.electricity.consumed_mwh = d("3"); // no factor
    p1.streams.push(stream("fuel", StreamMethod::Combustion, "1")); // no factor
    p1.precursors.push(own("clinker", CLINKER, "1", "NOPE"));
    // China has no white Portland cement under 25232900 (grey only)
    p1.precursors.push(default_valued("cem", CEMENT, "1", "CN", "25232900", Some(Variant::White)));
    let p2 = process("P2", CEMENT, "0");
    let e = errors(&installation(vec![p1, p2], vec![good("25232900", "c", "P9")]));
    let mut codes: Vec<DiagCode> = e.iter().map(|d| d.code).collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            DiagCode::ComputeDefaultNotFound,
            DiagCode::ComputeMissingElectricityEf,
            DiagCode::ComputeMissingFactor,
            DiagCode::ComputeUnknownProcess,
            DiagCode::ComputeUnknownProcess,
            DiagCode::ComputeZeroOutput,
        ]
    );
}

#[test]
fn negative_see_is_an_error() {
    let mut p = process("P1", CEMENT, "10");
    p.precursors.push(actual("clinker", CLINKER, "5", "TR", "-1", "0", Some("0")));
    let e = errors(&installation(vec![p], vec![]));
    assert_eq!(e[0].code, DiagCode::ComputeNegativeSee);
    // 5 × −1 / 10 = −0.5
    assert!(e[0].message.contains("direct -0.5"), "{}", e[0].message);
}

#[test]
fn floor_and_missing_supplier_electricity_are_warnings() {
    let mut p = process("P1", CEMENT, "100");
    p.streams.push(fuel_t("10", "2")); // 20 t
    p.electricity_produced_mwh = d("100");
    p.electricity_produced_ef = d("0.5"); // 50 t subtracted: 20 − 50 = −30 → 0
    p.heat_imported_tj = d("0.1");
    p.heat_imported_ef = d("62.3"); // + 6.23: 20 + 6.23 − 50 = −23.77 → 0
    p.precursors.push(actual("clinker", CLINKER, "70", "TR", "0.8", "0.05", None));
    let r = ok(&installation(vec![p], vec![good("25232900", "c", "P1")]));
    let pr = &r.processes[0];
    assert!(pr.attributed_direct_floored);
    assert_eq!(pr.attributed_direct_t, Dec::ZERO);
    assert_eq!(pr.heat_imported_co2_t, d("6.23"));
    assert_eq!(pr.electricity_produced_co2_t, d("50"));
    // SEE_dir = (0 + 70 × 0.8) / 100 = 0.56; SEE_ind = 70 × 0.05 / 100 = 0.035; EE 0 (unknown)
    assert_eq!((pr.see_direct, pr.see_indirect, pr.embedded_electricity), (d("0.56"), d("0.035"), Dec::ZERO));
    assert!(!pr.embedded_electricity_complete);
    let codes: Vec<DiagCode> = r.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, [DiagCode::ComputeAttributedFloor, DiagCode::ComputePrecursorElectricityUnknown]);

    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["warnings"][0]["code"], "compute.attributed_floor");
    assert_eq!(json["warnings"][0]["severity"], "warning");
    assert_eq!(json["warnings"][0]["location"], "T!A101");
    // decimals serialize as exact strings (scale kept: 56 / 100 gives 0.560)
    let dec = |v: &serde_json::Value| d(v.as_str().unwrap());
    assert_eq!(dec(&json["processes"][0]["see_direct"]), d("0.56"));
    // 0.56 + 0.035 = 0.595
    assert_eq!(dec(&json["goods"][0]["see_cbam"]), d("0.595"));
}
