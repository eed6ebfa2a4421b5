//! The samples through the whole pipeline, checked against the Commission's published figures and
//! against hand calculations written out here (never against the code's own output).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use cbam::compute::{GoodResult, Results};
use cbam::model::Dec;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(name)
}

fn d(s: &str) -> Dec {
    Dec::from_str(s).unwrap()
}

fn run(name: &str, year: Option<i32>) -> Results {
    match cbam::compute_file(&sample(name), cbam::regime::Choice::year(year)) {
        Ok((_, res, _)) => res,
        Err(diags) => panic!("{name}: {}", cbam::model::render_diagnostics(&diags)),
    }
}

fn good<'a>(res: &'a Results, cn: &str, product_starts: &str) -> &'a GoodResult {
    res.goods.iter().find(|g| g.cn_code.as_str() == cn && g.product.starts_with(product_starts)).unwrap_or_else(|| panic!("no good {cn} {product_starts}"))
}

/// `actual` equals `expected` to `digits` significant digits.
fn sig(actual: Dec, expected: &str, digits: u32) {
    let e = d(expected);
    let tol = e.abs() * Dec::new(1, digits);
    assert!((actual - e).abs() <= tol, "{actual} != {expected} to {digits} significant digits");
}

#[test]
fn commission_cement_example_1_through_the_tidy_workbook() {
    // Commission example #1 (v2.1), cached Summary_Products: SEE direct 0.7852147410,
    // indirect 0.1222427500, embedded electricity 0.14675 MWh/t.
    let res = run("ec-example-1-cement.xlsx", None);
    let g = good(&res, "25232900", "");
    sig(g.see_direct, "0.7852147410", 10);
    sig(g.see_indirect, "0.1222427500", 10);
    sig(g.see_total, "0.9074574910", 10);
    sig(g.embedded_electricity, "0.14675", 10);
    // 658,875 + 209,000 + 35,275 + 134,160 = 1,037,310 t fossil; 6,225 t biomass reported apart.
    assert_eq!(res.processes[0].direct_emissions_t, d("1037310"));
    assert_eq!(res.processes[0].biomass_co2_t, d("6225"));
}

#[test]
fn coal_powered_smelter_by_hand() {
    let res = run("aluminium-smelter-coal-cn.xlsx", Some(2025));
    // Anodes: 206,000 t × 0.97 tC/t × 3.664 = 732,140.48 t
    // Natural gas: 12,480 thousand Nm3 × 35.6 MJ/Nm3 = 444.288 TJ × 56.1 = 24,924.5568 t
    // Soda ash: 1,500 t × 0.415 = 622.5 t
    // PFC (slope, PFPB modern defaults SEF 0.104, F 0.057): CF4 = 0.1 × 1.5 × 0.104/1000 × 500,000 = 7.8 t;
    //   C2F6 = 7.8 × 0.057 = 0.4446 t; CO2e = 7.8 × 6,630 + 0.4446 × 11,100 = 51,714 + 4,935.06 = 56,649.06 t
    // Direct = 814,336.5968 t; / 500,000 t = 1.6286731936
    let p = &res.processes[0];
    assert_eq!(p.pfc_co2e_t, d("56649.06"));
    assert_eq!(p.direct_emissions_t, d("814336.5968"));
    let g = good(&res, "76011000", "");
    assert_eq!(g.see_direct, d("1.6286731936"));
    // Indirect: 6,750 GWh = 6,750,000 MWh × 0.862 = 5,818,500 t; / 500,000 = 11.637
    assert_eq!(g.see_indirect, d("11.637"));
    assert_eq!(g.embedded_electricity, d("13.5"));
    // Transitional reporting (2025): the total counts; definitive period: direct only.
    assert_eq!(g.see_cbam, d("13.2656731936"));
    let res26 = run("aluminium-smelter-coal-cn.xlsx", Some(2026));
    assert_eq!(good(&res26, "76011000", "").see_cbam, d("1.6286731936"));
}

#[test]
fn integrated_cement_plant_by_hand() {
    let res = run("cement-integrated-cn.xlsx", None);
    // Kiln line P1, 1,902,400 t clinker:
    //   raw meal 2,948,720 t × 0.3467                     = 1,022,321.224
    //   non-carbonate carbon 2,948,720 × 0.001 × 3.664     =    10,804.11008
    //   coal 208,350 t × 23 MJ/kg = 4,792.05 TJ × 94.6      =   453,327.93
    //   pet coke 18,420 × 32.5 = 598.65 TJ × 97.5           =    58,368.375
    //   RDF 32,000 × 15 = 480 TJ × 95 = 45,600, 60 % fossil =    27,360    (18,240 biomass)
    //   diesel 420,000 L × 36 MJ/L = 15.12 TJ × 74.1        =     1,120.392
    //   sum without kiln dust                             = 1,573,302.03108
    //   kiln dust 4,850 t, d = 0.6, EF_cli 0.5374: x = 0.5374 × 0.6 / 1.5374 = 0.32244 / 1.5374,
    //   EF_CKD = x / (1 − x) = 0.32244 / (1.5374 − 0.32244) = 0.32244 / 1.21496,
    //   so dust emissions × 1.21496 = 4,850 × 0.32244 = 1,563.834
    let p1 = &res.processes[0];
    let dust = p1.direct_emissions_t - d("1573302.03108");
    assert!((dust * d("1.21496") - d("1563.834")).abs() < d("1e-20"), "kiln dust {dust}");
    assert_eq!(p1.biomass_co2_t, d("18240"));
    let clinker = good(&res, "25231000", "");
    assert_eq!(clinker.see_direct, p1.direct_emissions_t / d("1902400"));
    // Indirect: 114,144 MWh × 0.5366 = 61,249.6704 t / 1,902,400 = 0.032196...; 60 kWh/t
    assert_eq!(clinker.see_indirect, d("61249.6704") / d("1902400"));
    assert_eq!(clinker.embedded_electricity, d("0.06"));
    // P·I 52.5 (P2): 570,000 t own clinker for 600,000 t cement, no direct emissions of its own:
    //   SEE_dir = 0.95 × SEE_dir(clinker); SEE_ind = (22,800 × 0.5366 + 570,000 × SEE_ind(clinker)) / 600,000
    let cem1 = good(&res, "25232900", "P·I");
    let diff = cem1.see_direct - d("0.95") * clinker.see_direct;
    assert!(diff.abs() < d("1e-25"), "{diff}");
    let ind = (d("12234.48") + d("570000") * clinker.see_indirect) / d("600000");
    assert!((cem1.see_indirect - ind).abs() < d("1e-25"));
    // Embedded electricity: (22,800 + 570,000 × 0.06) / 600,000 = 57,000 / 600,000 = 0.095
    assert_eq!(cem1.embedded_electricity, d("0.095"));
    // P·O 42.5 (P3): 950,000 t clinker for 1,250,000 t: 76 % clinker, (42,500 + 57,000)/1.25 Mt = 0.0796 MWh/t
    let cem2 = good(&res, "25232900", "P·O");
    assert_eq!(cem2.embedded_electricity, d("0.0796"));
    assert!(cem2.see_total < cem1.see_total, "less clinker, less embedded emissions");
}

#[test]
fn extrusion_plant_with_actual_and_default_precursors_by_hand() {
    let res = run("aluminium-extrusion-cn.xlsx", Some(2025));
    // Natural gas 4,190,000 Nm3 × 35.59 GJ/1000 Nm3 = 149.1221 TJ × 56.1 = 8,365.74981 t
    // Supplier at actual values: 36,000 t × 1.79 = 64,440 t direct; × 0.24 = 8,640 t indirect;
    //   × 13.3 MWh/t = 478,800 MWh
    // Traders' ingots at China's default (7601: 3 direct, no indirect): 25,200 × 3 = 75,600 t
    // Electricity 57,000 MWh × 0.5366 = 30,586.2 t
    // Direct = 148,405.74981 / 60,000 = 2.4734291635; indirect = 39,226.2 / 60,000 = 0.65377
    // Embedded electricity = (57,000 + 478,800) / 60,000 = 8.93 MWh/t
    // Default share = 75,600 / (148,405.74981 + 39,226.2) = 75,600 / 187,631.94981
    for cn in ["76042100", "76041090"] {
        let g = good(&res, cn, "");
        assert_eq!(g.see_direct, d("2.4734291635"));
        assert_eq!(g.see_indirect, d("0.65377"));
        assert_eq!(g.embedded_electricity, d("8.93"));
        assert_eq!(g.default_share, d("75600") / d("187631.94981"));
    }
}

#[test]
fn hydro_smelter_has_low_indirect_emissions() {
    let res = run("aluminium-smelter-hydro-cn.xlsx", Some(2026));
    for g in &res.goods {
        assert!(g.see_indirect < d("0.5"), "PPA hydro power: {}", g.see_indirect);
        assert_eq!(g.see_cbam, g.see_direct, "aluminium counts direct emissions only from 2026");
    }
}

#[test]
fn ods_reads_like_xlsx() {
    for name in ["cement-integrated-cn", "ec-example-1-cement"] {
        let ods = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/ods/{name}.ods"));
        let (_, from_ods, _) = cbam::compute_file(&ods, cbam::regime::Choice::default()).unwrap_or_else(|d| panic!("{}", cbam::model::render_diagnostics(&d)));
        let from_xlsx = run(&format!("{name}.xlsx"), None);
        assert_eq!(serde_json::to_value(&from_ods.goods).unwrap(), serde_json::to_value(&from_xlsx.goods).unwrap(), "{name}");
        assert_eq!(serde_json::to_value(&from_ods.processes).unwrap(), serde_json::to_value(&from_xlsx.processes).unwrap(), "{name}");
    }
}

#[test]
fn carbon_price_of_the_samples_by_hand() {
    // Cement plant, China national ETS 2025: shortfall 1,574,600 − 1,521,920 = 52,680, bought as
    // 40,000 × 92.5 + 12,680 × 58 = 3,700,000 + 735,440 = 4,435,440 CNY over 1,574,600 t covered.
    let res = run("cement-integrated-cn.xlsx", None);
    let s = &res.carbon_price.schemes[0];
    assert_eq!(s.shortfall_t, d("52680"));
    assert_eq!(s.net_paid, d("4435440"));
    assert_eq!(s.price_per_t, d("4435440") / d("1574600"));
    // Free share 1,521,920 / 1,574,600; benchmark check 1,902,400 × 0.8 = 1,521,920 allowances.
    assert_eq!(s.free_share, d("1521920") / d("1574600"));
    assert_eq!(s.benchmark_balance_t, Some(d("1521920") - d("1574600")));
    // Clinker carries its kiln's direct emissions per tonne at that price; the cements carry the
    // clinker they contain (TPC02) at it too, and nothing of their own (no fuel in the mills).
    let clinker = good(&res, "25231000", "");
    let cp = &res.carbon_price.goods[0];
    assert_eq!(cp.emissions_covered, clinker.see_direct);
    assert_eq!(cp.amount, clinker.see_direct * s.price_per_t);
    let cem1 = &res.carbon_price.goods[1];
    assert_eq!(cem1.emissions_covered, d("570000") / d("600000") * clinker.see_direct);
    // Coal smelter in surplus (850,000 free for 814,337 t): nothing effectively paid.
    let res = run("aluminium-smelter-coal-cn.xlsx", Some(2026));
    assert_eq!(res.carbon_price.schemes[0].net_paid, Dec::ZERO);
    assert_eq!(res.carbon_price.goods[0].amount, Dec::ZERO);
}
