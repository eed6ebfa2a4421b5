//! Regenerates the sample installation workbooks and the sample imports workbook in `samples/`
//! (see `samples/README.md`).
//!
//! ```text
//! cargo run --example make_samples              # (over)write every sample
//! cargo run --example make_samples -- --check   # exit 1 if a committed sample differs
//! cargo run --example make_samples -- --bench-imports PATH N   # N customs lines for benches/report.sh
//! cargo run --example make_samples -- --bench-suppliers DIR N  # N supplier templates + imports for benches/suppliers.sh
//! ```
//!
//! Every figure below is written out with its basis in a comment. The companies, people, contracts
//! and identifiers are fictional; the electricity emission factors are illustrative inputs, not
//! official values (China's official grid factor is an input the user supplies).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use calamine::{Data, Reader, Xlsx};
use cbam::format::imports::{DECLARANT, IMPORTS as IMPORTS_SHEET};
use cbam::format::tidy::{ABOUT, CARBON_PRICE, GOODS, PFC, PRECURSORS, PROCESSES, STREAMS, TABLE_SHEETS};
use cbam::render::workbook::{CellValue, IMPORTS, README_SHEET, TidyWorkbook};
use cbam::tidy_row;
use chrono::NaiveDate;

/// Every sample: file name in `samples/` and its content.
fn samples() -> Vec<(&'static str, TidyWorkbook)> {
    vec![
        ("cement-integrated-cn.xlsx", cement_integrated_cn()),
        ("aluminium-smelter-coal-cn.xlsx", aluminium_smelter_coal_cn()),
        ("aluminium-smelter-hydro-cn.xlsx", aluminium_smelter_hydro_cn()),
        ("aluminium-extrusion-cn.xlsx", aluminium_extrusion_cn()),
        ("ec-example-1-cement.xlsx", ec_example_1_cement()),
        ("imports-2025Q4.xlsx", imports_2025q4()),
        ("2026/cement-integrated-cn.xlsx", registered(verified(in_2026(cement_integrated_cn()), "VR-2027-0101", (2027, 3, 15)), "CN-EXAMPLE-000101")),
        ("2026/aluminium-smelter-coal-cn.xlsx", verified(in_2026(aluminium_smelter_coal_cn()), "VR-2027-0102", (2027, 3, 22))),
        // Actual values, but no verifier's report yet: a declarant must use default values.
        ("2026/aluminium-smelter-hydro-cn.xlsx", in_2026(aluminium_smelter_hydro_cn())),
        ("2026/aluminium-extrusion-cn.xlsx", verified(in_2026(aluminium_extrusion_cn()), "VR-2027-0103", (2027, 4, 2))),
        ("imports-2026.xlsx", imports_2026_workbook()),
    ]
}

/// Samples that are text files: the same customs lines as `imports-2026.xlsx`, as CSV.
fn text_samples() -> Vec<(&'static str, String)> {
    vec![("imports-2026.csv", imports_2026_csv())]
}

/// Declaration, release date (y, m, d), CN code, origin, net mass (t), installation, product.
type ImportRow = (&'static str, (i32, u32, u32), &'static str, &'static str, &'static str, &'static str, &'static str);

/// A year of customs lines of 2026 for the importer of `imports-2025Q4.xlsx`, in four quarters:
/// cement and clinker from the integrated plant (verified actual values, `samples/2026`), ingots
/// from the coal-fired smelter, ingots from the hydro smelter whose actual values of 2026 are not
/// verified (default values), profiles from an extrusion plant that sent no data (default
/// values), aluminium bars without a named installation (default values), flat-rolled steel (a
/// CBAM good of another sector: counted for de minimis, not computed) and ceramic tiles (not a
/// CBAM good). Columns: declaration, release date, CN code, origin, net mass (t), installation,
/// product; procedure 40, area EU.
const IMPORTS_2026: &[ImportRow] = &[
    ("26DE471190000101A1 item 1", (2026, 1, 14), "25232900", "CN", "12500", "JNC-WH-01", "P·O 42.5 ordinary Portland cement"),
    ("26DE471190000102B7 item 1", (2026, 2, 3), "76011090", "CN", "2400", "BHA-LK-01", ""),
    ("26DE471190000103C3 item 1", (2026, 4, 21), "25231000", "CN", "30000", "CN WHI", ""),
    ("26DE471190000104D9 item 2", (2026, 6, 2), "72085120", "CN", "40", "", ""),
    ("26DE471190000105E5 item 1", (2026, 7, 8), "25232900", "CN", "8000", "JNC-WH-01", "P·I 52.5 Portland cement (CEM I 52.5)"),
    ("26DE471190000106F1 item 3", (2026, 8, 19), "76042100", "CN", "650.5", "GDX-EX-02", ""),
    ("26DE471190000107G8 item 1", (2026, 9, 15), "69072100", "CN", "15", "", ""),
    ("26DE471190000108H4 item 1", (2026, 10, 20), "76011090", "CN", "1200", "BHA-LK-01", ""),
    ("26DE471190000109J0 item 2", (2026, 11, 24), "76041090", "CN", "120.25", "", ""),
    ("26DE471190000110K6 item 1", (2026, 5, 12), "76011090", "CN", "800", "YLA-AN-01", ""),
];

fn imports_2026_workbook() -> TidyWorkbook {
    let mut wb = imports_2025q4();
    wb.clear_rows(IMPORTS_SHEET);
    wb.field("remarks", "Customs lines of 2026 for the annual CBAM declaration (due 30 September 2027); the same lines as imports-2026.csv.");
    for (mrn, (y, m, d), cn, origin, mass, installation, product) in IMPORTS_2026 {
        let mut row = tidy_row![
            "declaration" => *mrn,
            "release_date" => date(*y, *m, *d),
            "cn_code" => *cn,
            "origin_country" => *origin,
            "net_mass" => n(mass),
            "requested_procedure" => "40",
            "import_area" => "EU",
        ];
        if !installation.is_empty() {
            row.extend(tidy_row!["installation" => *installation]);
        }
        if !product.is_empty() {
            row.extend(tidy_row!["product" => *product]);
        }
        wb.row(IMPORTS_SHEET, row);
    }
    wb
}

fn imports_2026_csv() -> String {
    let quote = |t: &str| if t.contains([',', '"', '\n']) { format!("\"{}\"", t.replace('"', "\"\"")) } else { t.to_string() };
    let mut out = String::from("declaration,release_date,cn_code,origin_country,net_mass,requested_procedure,import_area,installation,product\n");
    for (mrn, (y, m, d), cn, origin, mass, installation, product) in IMPORTS_2026 {
        out.push_str(&format!("{},{:04}-{:02}-{:02},{cn},{origin},{mass},40,EU,{},{}\n", quote(mrn), y, m, d, quote(installation), quote(product)));
    }
    out
}

/// The same installation monitored over 2026, the first year of the definitive period
/// (IR 2025/2547): the same plant data, plus what that methodology asks for. The figures stay
/// those of 2025 so that the two years differ only by the rules.
/// - the period is 2026 and the national ETS position is that of compliance year 2026;
/// - 7601 10 00 no longer exists in the 2026 Combined Nomenclature: not alloyed ingots are
///   7601 10 90 ("excl. slabs");
/// - biomass streams declare the RED II criteria met (sustainability certificates of the RDF
///   supplier, fictional);
/// - actual electricity factors (own generation, PPA) name their evidence;
/// - purchased precursors at actual values name the verification report that covers them;
/// - aluminium goods without scrap give 0 t of scrap per tonne.
fn in_2026(mut wb: TidyWorkbook) -> TidyWorkbook {
    wb.about("period_start", date(2026, 1, 1)).about("period_end", date(2026, 12, 31)).about("co2_capture", "no");
    let text = |row: &[(&'static str, CellValue)], key: &str| -> Option<String> {
        row.iter().find(|(k, _)| *k == key).and_then(|(_, v)| match v {
            CellValue::Text(t) => Some(t.clone()),
            _ => None,
        })
    };
    let set = |row: &mut Vec<(&'static str, CellValue)>, key: &'static str, value: CellValue| match row.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => row.push((key, value)),
    };
    for row in wb.rows_mut(PROCESSES) {
        match text(row, "electricity_ef_source").as_deref() {
            Some("own_generation") => set(row, "electricity_evidence", "Single-line diagram SLD-2026-01 of the captive power plant and its busbar to the potlines; hourly metering of generation and potline consumption (fictional)".into()),
            Some("ppa") => set(row, "electricity_evidence", "PPA contract PPA-2021-007 with the hydropower plant, hourly metering data, grid connection confirmed by the provincial grid company (fictional)".into()),
            Some("direct_line") => set(row, "electricity_evidence", "Single-line diagram and hourly metering of the direct line (fictional)".into()),
            _ => {}
        }
    }
    for row in wb.rows_mut(STREAMS) {
        if row.iter().any(|(k, _)| *k == "biomass_pct") {
            set(row, "biomass_criteria", "yes".into());
        }
    }
    for row in wb.rows_mut(PRECURSORS) {
        if text(row, "values").as_deref() == Some("actual") {
            set(
                row,
                "verification_report",
                "VR-2027-0042 of 2027-03-20, issued by an accredited verifier for the supplier's 2026 reporting period (fictional)".into(),
            );
        }
        if text(row, "default_cn_code").as_deref() == Some("76011000") {
            set(row, "default_cn_code", "76011090".into());
        }
    }
    for row in wb.rows_mut(GOODS) {
        let cn = text(row, "cn_code").unwrap_or_default();
        if cn == "76011000" {
            set(row, "cn_code", "76011090".into());
        }
        if cn.starts_with("76") && !row.iter().any(|(k, _)| *k == "scrap_t_per_t") {
            set(row, "scrap_t_per_t", 0.0.into());
        }
    }
    for row in wb.rows_mut(CARBON_PRICE) {
        set(row, "compliance_year", 2026.into());
    }
    wb
}

/// The installation's identifier in the CBAM Registry (fictional: the Registry's format is not
/// published in the reference).
fn registered(mut wb: TidyWorkbook, id: &str) -> TidyWorkbook {
    wb.about("registry_installation_id", id);
    wb
}

/// The verifier's report on the 2026 reporting period (About sheet; all fictional).
fn verified(mut wb: TidyWorkbook, reference: &str, (y, m, d): (i32, u32, u32)) -> TidyWorkbook {
    wb.about("verifier_name", "Example Verification GmbH (fictional)")
        .about("verifier_accreditation_number", "D-VS-00000-01 (fictional)")
        .about("verifier_accreditation_body", "Deutsche Akkreditierungsstelle (DAkkS)")
        .about("verification_report_reference", reference)
        .about("verification_report_date", date(y, m, d))
        .about("verification_opinion", "Verified as satisfactory (fictional)");
    wb
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// A number given as decimal text, for figures that must survive exactly (transcriptions).
fn n(text: &str) -> CellValue {
    CellValue::number(text)
}

/// The reporting period of the Chinese samples: calendar year 2025.
fn year_2025(wb: &mut TidyWorkbook) {
    wb.about("period_start", date(2025, 1, 1)).about("period_end", date(2025, 12, 31));
}

/// Illustrative grid factor: the national average grid emission factor the Ministry of Ecology and
/// Environment (MEE) published in 2024 (0.5366 tCO2/MWh). An input here, not an official CBAM value.
const CN_GRID_EF: f64 = 0.5366;
const CN_GRID_REF: &str = "MEE 2024 national grid average (input; illustrative, not an official CBAM value)";

// ---------------------------------------------------------------------------------------------
// 1. Integrated cement plant, Wuhu (Anhui)

fn cement_integrated_cn() -> TidyWorkbook {
    let mut wb = TidyWorkbook::new();
    wb.about("installation_id", "JNC-WH-01")
        .about("name_en", "Jiangnan Cement Co., Ltd. Wuhu Plant")
        .about("name_local", "江南水泥有限公司芜湖工厂")
        .about("economic_activity", "Clinker and cement production: one 6,000 t/d dry-process kiln line, two cement mills")
        .about("street", "1 Gangwan Road, Fanchang District")
        .about("city", "Wuhu, Anhui")
        .about("post_code", "241200")
        .about("country", "CN")
        .about("unlocode", "CN WHI")
        .about("latitude", 31.0833)
        .about("longitude", 118.1986)
        .about("operator_id", "91340222EXAMPLE001")
        .about("operator_name", "Jiangnan Cement Co., Ltd.")
        .about("operator_street", "18 Zhongshan Road, Jinghu District")
        .about("operator_city", "Wuhu, Anhui")
        .about("operator_post_code", "241000")
        .about("operator_country", "CN")
        .about("contact_name", "Zhang Min, Energy and Environment Manager")
        .about("contact_email", "zhang.min@jiangnan-cement.example")
        .about("contact_phone", "+86 553 555 0101");
    year_2025(&mut wb);

    // Clinker: a 6,000 t/d precalciner kiln running ~317 days → 1,902,400 t clinker.
    // Electricity ~60 kWh/t clinker (raw mill, kiln, coal mill): 1,902,400 × 0.060 = 114,144 MWh.
    wb.row(
        PROCESSES,
        tidy_row![
            "process_id" => "P1",
            "name" => "Kiln line 1: new dry process, 5-stage preheater and precalciner",
            "category" => "cement_clinker",
            "route" => "clinker",
            "activity_level" => 1_902_400.0,
            "electricity_consumed" => 114_144.0,
            "electricity_ef" => CN_GRID_EF,
            "electricity_ef_source" => "grid",
            "electricity_ef_reference" => CN_GRID_REF,
        ],
    );
    // P·I 52.5 (CEM I): 95 % clinker + 5 % gypsum; finer grinding, ~38 kWh/t: 600,000 × 0.038 = 22,800 MWh.
    wb.row(
        PROCESSES,
        tidy_row![
            "process_id" => "P2",
            "name" => "Cement mill 1: P·I 52.5 Portland cement",
            "category" => "cement",
            "route" => "cement",
            "activity_level" => 600_000.0,
            "electricity_consumed" => 22_800.0,
            "electricity_ef" => CN_GRID_EF,
            "electricity_ef_source" => "grid",
            "electricity_ef_reference" => CN_GRID_REF,
        ],
    );
    // P·O 42.5 (GB 175: clinker + gypsum 80–95 %): 76 % clinker, 5 % gypsum, 19 % slag, fly ash and
    // limestone; ~34 kWh/t: 1,250,000 × 0.034 = 42,500 MWh.
    wb.row(
        PROCESSES,
        tidy_row![
            "process_id" => "P3",
            "name" => "Cement mill 2: P·O 42.5 ordinary Portland cement",
            "category" => "cement",
            "route" => "cement",
            "activity_level" => 1_250_000.0,
            "electricity_consumed" => 42_500.0,
            "electricity_ef" => CN_GRID_EF,
            "electricity_ef_source" => "grid",
            "electricity_ef_reference" => CN_GRID_REF,
        ],
    );

    // Raw meal, method A: 1.55 t raw meal per t clinker → 2,948,720 t. Its factor from the lab's
    // carbonate analysis: 77.5 % CaCO3 × 0.440 + 1.1 % MgCO3 × 0.522 = 0.3467 tCO2/t raw meal
    // (≈ 0.537 tCO2 per t clinker).
    wb.row(
        STREAMS,
        tidy_row![
            "process_id" => "P1",
            "name" => "Raw meal (kiln feed)",
            "method" => "process_a",
            "activity_data" => 2_948_720.0,
            "activity_unit" => "t",
            "ef" => 0.3467,
            "ef_unit" => "tCO2/t",
        ],
    );
    // Bypass dust leaving the kiln system: 4,850 t, 60 % calcined; clinker factor 1.55 × 0.3467 ≈ 0.5374.
    wb.row(
        STREAMS,
        tidy_row![
            "process_id" => "P1",
            "name" => "Bypass dust discarded",
            "method" => "kiln_dust",
            "activity_data" => 4_850.0,
            "activity_unit" => "t",
            "calcination_pct" => 60.0,
            "clinker_ef" => 0.5374,
        ],
    );
    // Organic carbon of the raw meal: TOC 0.10 % of 2,948,720 t.
    wb.row(
        STREAMS,
        tidy_row![
            "process_id" => "P1",
            "name" => "Non-carbonate carbon of the raw meal",
            "method" => "non_carbonate_carbon",
            "activity_data" => 2_948_720.0,
            "activity_unit" => "t",
            "carbon_content" => 0.1,
            "carbon_content_unit" => "%",
        ],
    );
    // Kiln fuels, ≈ 3,090 MJ/t clinker in all (typical of a modern precalciner line):
    // bituminous coal 80 %: 208,350 t × 23.0 MJ/kg (≈ 5,500 kcal/kg) = 4,792,050 GJ; IPCC 94.6 tCO2/TJ.
    wb.row(
        STREAMS,
        tidy_row![
            "process_id" => "P1",
            "name" => "Bituminous coal (kiln and precalciner)",
            "method" => "combustion",
            "activity_data" => 208_350.0,
            "activity_unit" => "t",
            "ncv" => 23.0,
            "ncv_unit" => "MJ/kg",
            "ef" => 94.6,
            "ef_unit" => "tCO2/TJ",
        ],
    );
    // Petroleum coke 10 %: 18,420 t × 32.5 GJ/t = 598,650 GJ; IPCC 97.5 tCO2/TJ.
    wb.row(
        STREAMS,
        tidy_row![
            "process_id" => "P1",
            "name" => "Petroleum coke",
            "method" => "combustion",
            "activity_data" => 18_420.0,
            "activity_unit" => "t",
            "ncv" => 32.5,
            "ncv_unit" => "GJ/t",
            "ef" => 97.5,
            "ef_unit" => "tCO2/TJ",
        ],
    );
    // Refuse-derived fuel 8 %: 32,000 t × 15.0 GJ/t = 480,000 GJ; 95 tCO2/TJ on its total carbon
    // (lab analysis), of which 40 % biomass (14C method).
    wb.row(
        STREAMS,
        tidy_row![
            "process_id" => "P1",
            "name" => "Refuse-derived fuel (RDF)",
            "method" => "combustion",
            "activity_data" => 32_000.0,
            "activity_unit" => "t",
            "ncv" => 15.0,
            "ncv_unit" => "GJ/t",
            "ef" => 95.0,
            "ef_unit" => "tCO2/TJ",
            "biomass_pct" => 40.0,
        ],
    );
    // Diesel for kiln start-ups, metered in litres: 420,000 L × 36.0 MJ/L (43.0 GJ/t × 0.84 kg/L);
    // IPCC gas/diesel oil 74.1 tCO2/TJ.
    wb.row(
        STREAMS,
        tidy_row![
            "process_id" => "P1",
            "name" => "Diesel for kiln start-up",
            "method" => "combustion",
            "activity_data" => 420_000.0,
            "activity_unit" => "L",
            "ncv" => 36.0,
            "ncv_unit" => "MJ/L",
            "ef" => 74.1,
            "ef_unit" => "tCO2/TJ",
        ],
    );

    // Own clinker into the mills: 600,000 × 95 % = 570,000 t and 1,250,000 × 76 % = 950,000 t;
    // 1,520,000 t of 1,902,400 t, the remaining 382,400 t is sold as clinker.
    wb.row(
        PRECURSORS,
        tidy_row![
            "process_id" => "P2",
            "name" => "Clinker from kiln line 1",
            "category" => "cement_clinker",
            "source" => "own",
            "from_process" => "P1",
            "mass" => 570_000.0,
        ],
    );
    wb.row(
        PRECURSORS,
        tidy_row![
            "process_id" => "P3",
            "name" => "Clinker from kiln line 1",
            "category" => "cement_clinker",
            "source" => "own",
            "from_process" => "P1",
            "mass" => 950_000.0,
        ],
    );

    wb.row(
        GOODS,
        tidy_row![
            "cn_code" => "25231000",
            "product" => "Grey Portland cement clinker",
            "process_id" => "P1",
            "variant" => "grey",
        ],
    );
    wb.row(
        GOODS,
        tidy_row![
            "cn_code" => "25232900",
            "product" => "P·I 52.5 Portland cement (CEM I 52.5)",
            "process_id" => "P2",
            "variant" => "grey",
            "clinker_ratio_pct" => 95.0,
        ],
    );
    wb.row(
        GOODS,
        tidy_row![
            "cn_code" => "25232900",
            "product" => "P·O 42.5 ordinary Portland cement",
            "process_id" => "P3",
            "variant" => "grey",
            "clinker_ratio_pct" => 76.0,
        ],
    );
    // China's national ETS, compliance year 2025, in deficit. All figures are illustrative inputs.
    // Allocation by benchmark: 1,902,400 t clinker × 0.8 allowances/t = 1,521,920 allowances free;
    // verified (covered) emissions 1,574,600 t, all surrendered: a shortfall of 52,680 covered by
    // 40,000 allowances bought at a mean 92.5 CNY and 12,680 CCER credits at 58 CNY:
    // 3,700,000 + 735,440 = 4,435,440 CNY effectively paid, 2.8168… CNY per tCO2e covered.
    wb.row(
        CARBON_PRICE,
        tidy_row![
            "instrument" => "national_ets",
            "scheme" => "China national ETS",
            "compliance_year" => 2025,
            "legal_act" => "MEE work plan for including cement, steel and aluminium smelting in the national carbon emissions trading market (March 2025)",
            "currency" => "CNY",
            "covered_emissions" => 1_574_600.0,
            "free_allocation" => 1_521_920.0,
            "surrendered" => 1_574_600.0,
            "bought" => 40_000.0,
            "bought_price" => 92.5,
            "offsets_used" => 12_680.0,
            "offsets_price" => 58.0,
            "eur_rate" => 7.9,
            "eur_rate_source" => "yearly average 2025 (illustrative input; use the rate the Commission publishes)",
            "benchmark_output" => 1_902_400.0,
            "benchmark_intensity" => 0.8,
        ],
    );
    wb
}

// ---------------------------------------------------------------------------------------------
// 2. Primary smelter on captive coal power, Longkou (Shandong)

fn aluminium_smelter_coal_cn() -> TidyWorkbook {
    let mut wb = TidyWorkbook::new();
    wb.about("installation_id", "BHA-LK-01")
        .about("name_en", "Bohai Aluminium Co., Ltd. Longkou Smelter")
        .about("name_local", "渤海铝业有限公司龙口电解铝厂")
        .about("economic_activity", "Primary aluminium smelting: two 400 kA prebake potlines, casthouse, captive coal-fired power plant")
        .about("street", "6 Binhai Industrial Park Road")
        .about("city", "Longkou, Shandong")
        .about("post_code", "265700")
        .about("country", "CN")
        .about("unlocode", "CN LKU")
        .about("latitude", 37.646)
        .about("longitude", 120.327)
        .about("operator_id", "91370681EXAMPLE002")
        .about("operator_name", "Bohai Aluminium Co., Ltd.")
        .about("operator_street", "6 Binhai Industrial Park Road")
        .about("operator_city", "Longkou, Shandong")
        .about("operator_post_code", "265700")
        .about("operator_country", "CN")
        .about("contact_name", "Wang Lei, Head of Energy Management")
        .about("contact_email", "wang.lei@bohai-aluminium.example")
        .about("contact_phone", "+86 535 555 0102");
    year_2025(&mut wb);

    // 500,000 t of primary aluminium. Electricity ~13,500 kWh/t Al (AC, potlines and auxiliaries):
    // 6,750,000 MWh, entered in GWh. Captive coal plant at ~300 gce/kWh: ≈ 0.862 tCO2/MWh.
    wb.row(
        PROCESSES,
        tidy_row![
            "process_id" => "P1",
            "name" => "Potlines 1-2 (PFPB, 400 kA) and casthouse",
            "category" => "unwrought_aluminium",
            "route" => "primary_smelting",
            "activity_level" => 500_000.0,
            "electricity_consumed" => 6_750.0,
            "electricity_ef" => 0.862,
            "electricity_ef_source" => "own_generation",
            "electricity_ef_reference" => "Captive 4 × 330 MW coal-fired plant: 2025 fuel CO2 / net generation (plant data, illustrative)",
        ],
    )
    .set_unit(PROCESSES, "electricity_consumed", "GWh");

    // Prebaked anodes, net consumption 0.412 t/t Al → 206,000 t at 97 % carbon (0.97 tC/t).
    wb.row(
        STREAMS,
        tidy_row![
            "process_id" => "P1",
            "name" => "Prebaked anodes (net consumption)",
            "method" => "mass_balance",
            "activity_data" => 206_000.0,
            "activity_unit" => "t",
            "carbon_content" => 0.97,
            "carbon_content_unit" => "tC/t",
        ],
    );
    // Natural gas for holding furnaces and ingot casting, ~25 Nm3/t Al: 12,480 thousand Nm3;
    // NCV 35.6 MJ/Nm3 (pipeline gas), IPCC 56.1 tCO2/TJ.
    wb.row(
        STREAMS,
        tidy_row![
            "process_id" => "P1",
            "name" => "Natural gas (casthouse)",
            "method" => "combustion",
            "activity_data" => 12_480.0,
            "activity_unit" => "1000 Nm3",
            "ncv" => 35.6,
            "ncv_unit" => "MJ/Nm3",
            "ef" => 56.1,
            "ef_unit" => "tCO2/TJ",
        ],
    );
    // Soda ash for bath chemistry, 3 kg/t Al: 1,500 t; no ef given, so the standard 0.415 tCO2/t
    // of Na2CO3 applies.
    wb.row(
        STREAMS,
        tidy_row![
            "process_id" => "P1",
            "name" => "Soda ash",
            "method" => "process_a",
            "material" => "Na2CO3",
            "activity_data" => 1_500.0,
            "activity_unit" => "t",
        ],
    );
    // Slope method: 0.10 anode effects per cell-day of 1.5 min (well-controlled modern point-fed
    // cells); SEF(CF4) and F(C2F6) blank → the PFPB modern defaults of Annex III (0.104, 0.057).
    wb.row(
        PFC,
        tidy_row![
            "process_id" => "P1",
            "method" => "slope",
            "technology" => "PFPB_modern",
            "aluminium_produced" => 500_000.0,
            "ae_frequency" => 0.1,
            "ae_duration" => 1.5,
        ],
    );

    wb.row(
        GOODS,
        tidy_row![
            "cn_code" => "76011000",
            "product" => "Aluminium ingot Al99.70 (P1020A), not alloyed",
            "process_id" => "P1",
            "non_al_elements_pct" => 0.3,
        ],
    );
    // China's national ETS, 2025, in surplus: 850,000 allowances free for 814,337 t verified;
    // nothing bought, so nothing was effectively paid (illustrative inputs).
    wb.row(
        CARBON_PRICE,
        tidy_row![
            "instrument" => "national_ets",
            "scheme" => "China national ETS",
            "compliance_year" => 2025,
            "legal_act" => "MEE work plan for including cement, steel and aluminium smelting in the national carbon emissions trading market (March 2025)",
            "currency" => "CNY",
            "covered_emissions" => 814_337.0,
            "free_allocation" => 850_000.0,
            "surrendered" => 814_337.0,
            "eur_rate" => 7.9,
            "eur_rate_source" => "yearly average 2025 (illustrative input; use the rate the Commission publishes)",
        ],
    );
    wb
}

// ---------------------------------------------------------------------------------------------
// 3. Primary smelter on hydropower under a PPA, Kunming (Yunnan)

fn aluminium_smelter_hydro_cn() -> TidyWorkbook {
    let mut wb = TidyWorkbook::new();
    wb.about("installation_id", "YLA-AN-01")
        .about("name_en", "Yunling Aluminium Co., Ltd. Anning Smelter")
        .about("name_local", "云岭铝业有限公司安宁电解铝厂")
        .about("economic_activity", "Primary aluminium smelting on hydropower: one 350 kA prebake potline, casthouse for ingots and billets")
        .about("street", "3 Caopu Industrial Road, Anning")
        .about("city", "Kunming, Yunnan")
        .about("post_code", "650300")
        .about("country", "CN")
        .about("unlocode", "CN KMG")
        .about("latitude", 24.921)
        .about("longitude", 102.478)
        .about("operator_id", "91530181EXAMPLE003")
        .about("operator_name", "Yunling Aluminium Co., Ltd.")
        .about("operator_street", "88 Dianchi Road, Xishan District")
        .about("operator_city", "Kunming, Yunnan")
        .about("operator_post_code", "650100")
        .about("operator_country", "CN")
        .about("contact_name", "Li Na, Carbon Management Office")
        .about("contact_email", "li.na@yunling-aluminium.example")
        .about("contact_phone", "+86 871 555 0103");
    year_2025(&mut wb);

    // 420,000 t of primary aluminium (ingots and billets). 13,300 kWh/t Al → 5,586,000 MWh.
    // Hydropower under a PPA: 18 gCO2/kWh (0.018 tCO2/MWh) for the contract year, including the
    // balancing supply; entered in gCO2/kWh.
    wb.row(
        PROCESSES,
        tidy_row![
            "process_id" => "P1",
            "name" => "Potline 1 (350 kA prebake) and casthouse",
            "category" => "unwrought_aluminium",
            "route" => "primary_smelting",
            "activity_level" => 420_000.0,
            "electricity_consumed" => 5_586_000.0,
            "electricity_ef" => 18.0,
            "electricity_ef_source" => "ppa",
            "electricity_ef_reference" => "PPA JSR-2023-017 with a Jinsha River hydropower station, factor per contract annex (fictional, illustrative)",
        ],
    )
    .set_unit(PROCESSES, "electricity_ef", "gCO2/kWh");

    // Prebaked anodes, net 0.405 t/t Al → 170,100 t at 97.5 % carbon (entered in %).
    wb.row(
        STREAMS,
        tidy_row![
            "process_id" => "P1",
            "name" => "Prebaked anodes (net consumption)",
            "method" => "mass_balance",
            "activity_data" => 170_100.0,
            "activity_unit" => "t",
            "carbon_content" => 97.5,
            "carbon_content_unit" => "%",
        ],
    );
    // Natural gas for the casthouse and billet homogenising, 27 Nm3/t Al → 11,340,000 Nm3, with a
    // volume-based factor: 56.1 tCO2/TJ × 35.6 MJ/Nm3 = 1.997 kgCO2/Nm3 (no NCV needed).
    wb.row(
        STREAMS,
        tidy_row![
            "process_id" => "P1",
            "name" => "Natural gas (casthouse, homogenising)",
            "method" => "combustion",
            "activity_data" => 11_340_000.0,
            "activity_unit" => "Nm3",
            "ef" => 1.997,
            "ef_unit" => "kgCO2/Nm3",
        ],
    );
    // Overvoltage method: AEO 3.0 mV per cell (about 0.1 anode effects per cell-day of 1.5 min at
    // ~30 V above target: 30,000 mV × 1.5 / 14,400 min ≈ 3 mV), current efficiency 94.5 %.
    // OVC and F(C2F6) blank → the CWPB defaults of Annex III (1.16, 0.121); only CWPB and SWPB
    // have overvoltage defaults.
    wb.row(
        PFC,
        tidy_row![
            "process_id" => "P1",
            "method" => "overvoltage",
            "technology" => "CWPB",
            "aluminium_produced" => 420_000.0,
            "aeo" => 3.0,
            "current_efficiency_pct" => 94.5,
        ],
    );

    // Ingots (not alloyed) and 6063 extrusion billets (Mg 0.45–0.9 %, Si 0.2–0.6 %, Fe: ≈ 1.3 %
    // elements other than aluminium, so reported, and below 5 %).
    wb.row(
        GOODS,
        tidy_row![
            "cn_code" => "76011000",
            "product" => "Aluminium ingot Al99.70 (P1020A), not alloyed",
            "process_id" => "P1",
            "non_al_elements_pct" => 0.3,
        ],
    );
    wb.row(
        GOODS,
        tidy_row![
            // 7601 20 80: unwrought aluminium alloys other than slabs (CN 2025).
            "cn_code" => "76012080",
            "product" => "6063 extrusion billets, alloyed",
            "process_id" => "P1",
            "non_al_elements_pct" => 1.3,
        ],
    );
    wb
}

// ---------------------------------------------------------------------------------------------
// 4. Extrusion plant buying unwrought aluminium, Foshan (Guangdong)

fn aluminium_extrusion_cn() -> TidyWorkbook {
    let mut wb = TidyWorkbook::new();
    wb.about("installation_id", "LNA-NH-01")
        .about("name_en", "Lingnan Aluminium Profiles Co., Ltd. Nanhai Plant")
        .about("name_local", "岭南铝型材有限公司南海工厂")
        .about("economic_activity", "Aluminium extrusion: remelting casthouse, 12 extrusion presses, ageing, anodising and powder coating")
        .about("street", "21 Dali Industrial Avenue, Nanhai District")
        .about("city", "Foshan, Guangdong")
        .about("post_code", "528200")
        .about("country", "CN")
        .about("unlocode", "CN FOS")
        .about("latitude", 23.03)
        .about("longitude", 113.145)
        .about("operator_id", "91440605EXAMPLE004")
        .about("operator_name", "Lingnan Aluminium Profiles Co., Ltd.")
        .about("operator_street", "21 Dali Industrial Avenue, Nanhai District")
        .about("operator_city", "Foshan, Guangdong")
        .about("operator_post_code", "528200")
        .about("operator_country", "CN")
        .about("contact_name", "Chen Hui, Quality and Sustainability")
        .about("contact_email", "chen.hui@lingnan-profiles.example")
        .about("contact_phone", "+86 757 555 0104");
    year_2025(&mut wb);

    // 60,000 t of saleable profiles. Electricity ~950 kWh/t (presses, casthouse, anodising, coating)
    // → 57,000,000 kWh from the bills, entered in kWh; grid factor entered in kgCO2/kWh.
    wb.row(
        PROCESSES,
        tidy_row![
            "process_id" => "P1",
            "name" => "Casthouse, extrusion, ageing and surface treatment",
            "category" => "aluminium_products",
            "route" => "products",
            "activity_level" => 60_000.0,
            "electricity_consumed" => 57_000_000.0,
            "electricity_ef" => CN_GRID_EF,
            "electricity_ef_source" => "grid",
            "electricity_ef_reference" => CN_GRID_REF,
        ],
    )
    .set_unit(PROCESSES, "electricity_consumed", "kWh")
    .set_unit(PROCESSES, "electricity_ef", "kgCO2/kWh");

    // Natural gas: remelting 41,200 t (ingots + own process scrap) × 65 Nm3 = 2,678,000; billet
    // heating 76,000 t × 12 = 912,000; ageing ovens and powder curing 60,000 t × 10 = 600,000
    // → 4,190,000 Nm3. NCV 35.59 GJ/1000 Nm3 (gas supplier's bill), 56.1 kgCO2/GJ.
    wb.row(
        STREAMS,
        tidy_row![
            "process_id" => "P1",
            "name" => "Natural gas (melting, billet heating, ageing, curing)",
            "method" => "combustion",
            "activity_data" => 4_190_000.0,
            "activity_unit" => "Nm3",
            "ncv" => 35.59,
            "ncv_unit" => "GJ/1000 Nm3",
            "ef" => 56.1,
            "ef_unit" => "kgCO2/GJ",
        ],
    );

    // Metal input: 60,000 t of product plus ~2 % melt loss and dross → 61,200 t of unwrought
    // aluminium: 36,000 t of billets with the smelter's actual values (the hydro smelter of sample
    // aluminium-smelter-hydro-cn, as communicated: 1.79 direct, 0.24 indirect tCO2e/t,
    // 13,300 kWh/t, entered in kWh/t) and 25,200 t of P1020A ingots from traders whose producer is
    // unknown, at China's default value for CN 7601 10 00.
    wb.row(
        PRECURSORS,
        tidy_row![
            "process_id" => "P1",
            "name" => "6063 extrusion billets, Yunling Aluminium",
            "category" => "unwrought_aluminium",
            "source" => "purchased",
            "supplier" => "Yunling Aluminium Co., Ltd. Anning Smelter (YLA-AN-01)",
            "country" => "CN",
            "mass" => 36_000.0,
            "values" => "actual",
            "see_direct" => 1.79,
            "see_indirect" => 0.24,
            "embedded_electricity" => 13_300.0,
            "alloying" => "no",
        ],
    );
    wb.row(
        PRECURSORS,
        tidy_row![
            "process_id" => "P1",
            "name" => "Al99.70 ingots from traders, producer unknown",
            "category" => "unwrought_aluminium",
            "source" => "purchased",
            "supplier" => "Spot purchases through metal traders (producer not identified)",
            "country" => "CN",
            "mass" => 25_200.0,
            "values" => "default",
            "default_cn_code" => "76011000",
            "alloying" => "no",
        ],
    )
    .set_unit(PRECURSORS, "embedded_electricity", "kWh/t");

    // Qualifying parameters. Hollow 6063 profiles: 76,000 t of billets pressed for 60,000 t of
    // profiles gives ~0.27 t of own process scrap remelted per t, all pre-consumer; 6063 carries
    // ≈ 1.2 % elements other than aluminium. Solid 1060 profiles and bus bars are made from ingots
    // with only their own trimmings (0.10 t/t); 0.4 % other elements (not alloyed).
    wb.row(
        GOODS,
        tidy_row![
            "cn_code" => "76042100",
            "product" => "6063-T5 hollow profiles for windows and curtain walls",
            "process_id" => "P1",
            "scrap_t_per_t" => 0.27,
            "pre_consumer_scrap_pct" => 100.0,
            "non_al_elements_pct" => 1.2,
        ],
    );
    wb.row(
        GOODS,
        tidy_row![
            "cn_code" => "76041090",
            "product" => "1060 solid profiles and bus bars, not alloyed",
            "process_id" => "P1",
            "scrap_t_per_t" => 0.1,
            "pre_consumer_scrap_pct" => 100.0,
            "non_al_elements_pct" => 0.4,
        ],
    );
    wb
}

// ---------------------------------------------------------------------------------------------
// 5. The Commission's cement example 1, transcribed

/// Transcribed from the Commission's `example-1-cement.xlsx` (Communication template): A_InstData
/// (installation, period, process "Cement Bubble" with cement clinker inside its boundary),
/// B_EmInst rows 17–20 (source streams), D_Processes block 1 (production L16 = 1255000/0.95,
/// electricity L65 = L16 × 0.085 + 81575, factor L66 = 0.833 with source D.4(b)) and
/// Summary_Products row 10 (good, clinker factor 0.95). The coordinates are the example's own.
/// The Commission's results: SEE direct 0.7852147410, indirect 0.1222427500 tCO2e/t, embedded
/// electricity 0.14675 MWh/t.
fn ec_example_1_cement() -> TidyWorkbook {
    let mut wb = TidyWorkbook::new();
    wb.about("installation_id", "EC-EXAMPLE-1")
        .about("name_en", "Example Cement Producer")
        .about("economic_activity", "Clinker and cement")
        .about("street", "Cement street 2023")
        .about("city", "Example City")
        .about("post_code", "123456")
        .about("po_box", "XYZ")
        .about("country", "TR")
        .about("unlocode", "TR ABC")
        .about("latitude", n("16.6911279"))
        .about("longitude", n("147.80337464"))
        .about("period_start", date(2023, 1, 1))
        .about("period_end", date(2023, 12, 31));

    wb.row(
        PROCESSES,
        tidy_row![
            "process_id" => "P1",
            "name" => "Cement Bubble",
            "category" => "cement",
            "route" => "cement",
            "activity_level" => n("1321052.6315789474"),
            "electricity_consumed" => n("193864.47368421053"),
            "electricity_ef" => n("0.833"),
            "electricity_ef_source" => "grid",
            "electricity_ef_reference" => "D.4(b): other publicly available data (Commission example 1)",
        ],
    );
    let streams = [
        // name, method, activity (t), NCV (GJ/t), EF, EF unit, biomass %
        ("Raw meal for clinker", "process_a", "1255000", None, "0.525", "tCO2/t", None),
        ("Coal", "combustion", "88000", Some("25"), "95", "tCO2/TJ", None),
        ("Household waste", "combustion", "25000", Some("20"), "83", "tCO2/TJ", Some("15")),
        ("Heavy fuel oil", "combustion", "43000", Some("40"), "78", "tCO2/TJ", None),
    ];
    for (name, method, activity, ncv, ef, ef_unit, biomass) in streams {
        let mut row = tidy_row![
            "process_id" => "P1",
            "name" => name,
            "method" => method,
            "activity_data" => n(activity),
            "activity_unit" => "t",
            "ef" => n(ef),
            "ef_unit" => ef_unit,
        ];
        if let Some(ncv) = ncv {
            row.extend(tidy_row!["ncv" => n(ncv), "ncv_unit" => "GJ/t"]);
        }
        if let Some(biomass) = biomass {
            row.extend(tidy_row!["biomass_pct" => n(biomass)]);
        }
        wb.row(STREAMS, row);
    }
    wb.row(
        GOODS,
        tidy_row![
            "cn_code" => "25232900",
            "product" => "Portland Cement Art. Nr. 1",
            "process_id" => "P1",
            "variant" => "grey",
            "clinker_ratio_pct" => 95.0,
        ],
    );
    wb
}

// ---------------------------------------------------------------------------------------------
// 6. An importer's customs lines of Q4 2025, from the sample installations above

/// A fictional German importer buying from the four Chinese sample installations and from the
/// Commission's example plant in Türkiye. Every line names its supplier by `installation_id` or
/// by UN/LOCODE, and its CN code is one the supplier's workbook lists (with the product name
/// where an installation lists two goods under one code), so `cbam report` needs no default
/// value. Masses are illustrative consignments (a bulk carrier of clinker, coils of ingots …).
fn imports_2025q4() -> TidyWorkbook {
    let mut wb = TidyWorkbook::with_layout(&IMPORTS);
    wb.field("eori", "DE123456789012345")
        .field("name", "Rheinland Baustoffe & Metallhandel GmbH")
        .field("role", "01")
        .field("subdivision", "Nordrhein-Westfalen")
        .field("city", "Duisburg")
        .field("street", "Hafenstraße")
        .field("number", "12")
        .field("post_code", "47119")
        .field("signature_place", "Duisburg")
        .field("signatory", "Anna Schröder")
        .field("signatory_position", "Head of Customs & Compliance")
        .field("global_data_confirmation", "yes")
        .field("use_of_data_confirmation", "yes")
        .field("other_methodology", "no")
        .field(
            "remarks",
            "Embedded emissions computed with cbam from the installation workbooks the suppliers sent for 2025 (the Commission's example plant: 2023).",
        );
    // Release for free circulation and home use (40), by customs import declaration (EU).
    let line = |date: NaiveDate, mrn: &str, cn: &str, origin: &str, mass: f64, installation: &str| {
        tidy_row![
            "declaration" => mrn,
            "release_date" => date,
            "cn_code" => cn,
            "origin_country" => origin,
            "net_mass" => mass,
            "requested_procedure" => "40",
            "import_area" => "EU",
            "installation" => installation,
        ]
    };
    let mut l = line(date(2025, 10, 7), "25DE471190000001A1 item 1", "25232900", "CN", 12_500.0, "JNC-WH-01");
    l.extend(tidy_row!["product" => "P·O 42.5 ordinary Portland cement", "document_type" => "N380", "document_reference" => "JNC-2025-INV-0917"]);
    wb.row(IMPORTS_SHEET, l);
    // The clinker, named by the plant's UN/LOCODE instead of its id.
    wb.row(IMPORTS_SHEET, line(date(2025, 10, 21), "25DE471190000002B7 item 1", "25231000", "CN", 30_000.0, "CN WHI"));
    let mut l = line(date(2025, 11, 4), "25DE471190000003C3 item 2", "25232900", "CN", 8_000.0, "JNC-WH-01");
    l.extend(tidy_row!["product" => "P·I 52.5 Portland cement (CEM I 52.5)"]);
    wb.row(IMPORTS_SHEET, l);
    wb.row(IMPORTS_SHEET, line(date(2025, 11, 12), "25DE471190000004D9 item 1", "76011000", "CN", 2_400.0, "BHA-LK-01"));
    // Ingots that were under inward processing (51) before their release for free circulation.
    let mut l = line(date(2025, 11, 18), "25DE471190000005E5 item 1", "76011000", "CN", 1_800.0, "YLA-AN-01");
    l.extend(tidy_row![
        "previous_procedure" => "51",
        "ip_member_state" => "DE",
        "ip_discharge_bill_waiver" => "no",
        "ip_authorisation" => "DE/IP/2025/004711",
        "ip_start" => date(2025, 1, 1),
        "ip_end" => date(2025, 12, 31),
        "ip_deadline" => date(2026, 3, 31),
    ]);
    wb.row(IMPORTS_SHEET, l);
    let mut l = line(date(2025, 12, 2), "25DE471190000006F1 item 3", "76042100", "CN", 650.5, "LNA-NH-01");
    l.extend(tidy_row!["description" => "6063-T5 hollow profiles for windows and curtain walls (铝合金门窗型材)"]);
    wb.row(IMPORTS_SHEET, l);
    wb.row(IMPORTS_SHEET, line(date(2025, 12, 9), "25DE471190000007G8 item 1", "76041090", "CN", 120.25, "CN FOS"));
    wb.row(IMPORTS_SHEET, line(date(2025, 12, 15), "25DE471190000008H4 item 1", "25232900", "TR", 5_000.0, "EC-EXAMPLE-1"));
    wb.row(IMPORTS_SHEET, line(date(2025, 12, 16), "25DE471190000009J0 item 2", "76042100", "CN", 349.5, "LNA-NH-01"));
    wb
}

/// `n` customs lines for the benchmark (`benches/report.sh`), not a sample: the declarant of
/// `imports-2025Q4.xlsx`, and lines cycling through every CN code of cement and aluminium and every
/// country with its own default values, under two procedures (40 and 42). Lines of Chinese origin
/// whose CN code a sample installation makes name that installation; the others name none and
/// need `--allow-defaults`.
fn bench_imports(n: usize) -> TidyWorkbook {
    let mut wb = imports_2025q4();
    wb.clear_rows(IMPORTS_SHEET);
    let codes: Vec<String> = cbam::report::codelists::CodeLists::embedded().list("cn_code").map(|c| c.code.clone()).collect();
    let countries: Vec<String> = cbam::tables::defaults::DefaultValues::embedded().countries().map(str::to_string).collect();
    let supplier = |cn: &str| match cn {
        "25231000" => Some(("JNC-WH-01", None)),
        "25232900" => Some(("JNC-WH-01", Some("P·O 42.5 ordinary Portland cement"))),
        "76011000" => Some(("BHA-LK-01", None)),
        "76042100" | "76041090" => Some(("LNA-NH-01", None)),
        _ => None,
    };
    for i in 0..n {
        let cn = &codes[i % codes.len()];
        let country = &countries[(i / codes.len()) % countries.len()];
        let day = date(2025, 10, 1) + chrono::Days::new((i % 92) as u64);
        let mut row = tidy_row![
            "declaration" => format!("25DE4711900{i:07}"),
            "release_date" => day,
            "cn_code" => cn.as_str(),
            "origin_country" => country.as_str(),
            "net_mass" => CellValue::number(format!("{}.{:03}", 1 + i % 997, i % 1000)),
            "requested_procedure" => if i % 2 == 0 { "40" } else { "42" },
            "import_area" => "EU",
            "variant" => if cn == "25232100" { "white" } else { "grey" },
        ];
        if let (true, Some((installation, product))) = (country == "CN", supplier(cn)) {
            row.push(("installation", CellValue::from(installation)));
            if let Some(p) = product {
                row.push(("product", CellValue::from(p)));
            }
        }
        wb.row(IMPORTS_SHEET, row);
    }
    wb
}

/// `N` Communication templates (`DIR/suppliers/supplier-NNNN.xlsx`), each filled from one of the
/// Chinese samples in turn under its own UN/LOCODE (`CNAAA`, `CNAAB`, …: a template's installation
/// identifier), and an
/// imports workbook (`DIR/imports.xlsx`) with one customs line per good of every supplier,
/// naming the installation (and the product where it makes several goods under one CN code).
fn bench_suppliers(dir: &Path, n: usize) -> Result<(), String> {
    let suppliers = dir.join("suppliers");
    fs::create_dir_all(&suppliers).map_err(|e| format!("{}: {e}", suppliers.display()))?;
    let mut bases = Vec::new();
    for name in ["cement-integrated-cn.xlsx", "aluminium-smelter-coal-cn.xlsx", "aluminium-smelter-hydro-cn.xlsx", "aluminium-extrusion-cn.xlsx"] {
        let (loaded, res, _) = cbam::compute_file(&samples_dir().join(name), cbam::regime::Choice::default()).map_err(|d| format!("{name}: {d:?}"))?;
        bases.push((name, loaded.installation, res));
    }
    let mut wb = imports_2025q4();
    wb.clear_rows(IMPORTS_SHEET);
    for i in 0..n {
        let (name, base, res) = &bases[i % bases.len()];
        // The template takes liquids in t: the samples' liquids are diesel (0.84 t/m3).
        let densities = base
            .processes
            .iter()
            .flat_map(|p| &p.streams)
            .filter(|s| s.basis == cbam::model::Basis::LiquidVolume)
            .map(|s| (s.name.clone(), cbam::model::Dec::new(84, 2)))
            .collect();
        let opts = cbam::render::template::Options { densities };
        let mut inst = base.clone();
        // A template identifies its installation by UN/LOCODE (its only identifier field).
        let letter = |k: usize| char::from(b'A' + (k % 26) as u8);
        let id = format!("CN{}{}{}", letter(i / 676), letter(i / 26), letter(i));
        inst.identity.installation_id = id.clone();
        inst.identity.name_en = format!("{} (bench copy {i})", base.identity.name_en);
        inst.identity.unlocode = Some(id.clone());
        let filled = cbam::render::template::fill(&inst, res, &opts).map_err(|d| format!("{name}: {:?}", d.into_sorted()))?;
        let path = suppliers.join(format!("supplier-{i:04}.xlsx"));
        fs::write(&path, &filled.bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        for (j, g) in inst.goods.iter().enumerate() {
            let several = inst.goods.iter().filter(|h| h.cn_code == g.cn_code).count() > 1;
            let mut row = tidy_row![
                "declaration" => format!("25DE4711900{i:04}{j:03}"),
                "release_date" => date(2025, 10, 1) + chrono::Days::new((i % 92) as u64),
                "cn_code" => g.cn_code.as_str(),
                "origin_country" => "CN",
                "net_mass" => CellValue::number(format!("{}.{:03}", 10 + i % 990, i % 1000)),
                "requested_procedure" => "40",
                "import_area" => "EU",
                "installation" => id.as_str(),
            ];
            if several {
                row.push(("product", CellValue::from(g.product.as_str())));
            }
            wb.row(IMPORTS_SHEET, row);
        }
    }
    let path = dir.join("imports.xlsx");
    wb.save(&path).map_err(|e| format!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args.as_slice() {
        [] => false,
        [flag] if flag == "--check" => true,
        [flag, path, n] if flag == "--bench-imports" => {
            let Ok(n) = n.parse::<usize>() else {
                eprintln!("usage: cargo run --example make_samples -- --bench-imports PATH N");
                return ExitCode::from(2);
            };
            return match bench_imports(n).save(Path::new(path)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {path}: {e}");
                    ExitCode::from(2)
                }
            };
        }
        [flag, dir, n] if flag == "--bench-suppliers" => {
            let Ok(n) = n.parse::<usize>() else {
                eprintln!("usage: cargo run --example make_samples -- --bench-suppliers DIR N");
                return ExitCode::from(2);
            };
            return match bench_suppliers(Path::new(dir), n) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            };
        }
        _ => {
            eprintln!("usage: cargo run --example make_samples [-- --check | --bench-imports PATH N | --bench-suppliers DIR N]");
            return ExitCode::from(2);
        }
    };
    let dir = samples_dir();
    let mut differences = 0;
    for (name, workbook) in samples() {
        let path = dir.join(name);
        let fresh = match workbook.to_bytes() {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {name}: {e}");
                return ExitCode::from(2);
            }
        };
        if check {
            match fs::read(&path) {
                Ok(committed) if committed == fresh => println!("ok       samples/{name}"),
                Ok(committed) => {
                    differences += 1;
                    println!("differs  samples/{name}");
                    for line in cell_differences(&committed, &fresh) {
                        println!("         {line}");
                    }
                }
                Err(e) => {
                    differences += 1;
                    println!("missing  samples/{name} ({e})");
                }
            }
        } else {
            if let Err(e) = fs::create_dir_all(path.parent().unwrap_or(&dir)).and_then(|()| cbam::render::write_atomically(&path, &fresh)) {
                eprintln!("error: writing {}: {e}", path.display());
                return ExitCode::from(2);
            }
            println!("wrote samples/{name}");
        }
    }
    for (name, text) in text_samples() {
        let path = dir.join(name);
        if check {
            match fs::read(&path) {
                Ok(committed) if committed == text.as_bytes() => println!("ok       samples/{name}"),
                Ok(_) => {
                    differences += 1;
                    println!("differs  samples/{name}");
                }
                Err(e) => {
                    differences += 1;
                    println!("missing  samples/{name} ({e})");
                }
            }
        } else {
            if let Err(e) = cbam::render::write_atomically(&path, text.as_bytes()) {
                eprintln!("error: writing {}: {e}", path.display());
                return ExitCode::from(2);
            }
            println!("wrote samples/{name}");
        }
    }
    if check {
        let known: BTreeSet<&str> = samples().iter().map(|(name, _)| *name).chain(text_samples().iter().map(|(name, _)| *name)).collect();
        let mut stale: Vec<String> = fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|f| (f.ends_with(".xlsx") || f.ends_with(".csv")) && !known.contains(f.as_str()))
            .collect();
        stale.sort();
        for f in stale {
            differences += 1;
            println!("stale    samples/{f} (no longer generated)");
        }
        if differences > 0 {
            println!("{differences} sample(s) out of date: run `cargo run --example make_samples` and commit samples/");
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

/// Cells whose values differ between two workbooks (at most 20 lines), or why only the bytes do.
fn cell_differences(old: &[u8], new: &[u8]) -> Vec<String> {
    let open = |bytes: &[u8]| Xlsx::new(std::io::Cursor::new(bytes.to_vec()));
    let (mut old, mut new) = match (open(old), open(new)) {
        (Ok(o), Ok(n)) => (o, n),
        _ => return vec!["the committed file is not a readable xlsx workbook".into()],
    };
    let mut lines = Vec::new();
    if old.sheet_names() != new.sheet_names() {
        lines.push(format!("sheets {:?} → {:?}", old.sheet_names(), new.sheet_names()));
    }
    let sheets = [README_SHEET, ABOUT, DECLARANT, IMPORTS_SHEET].into_iter().chain(TABLE_SHEETS);
    for sheet in sheets {
        let (Ok(a), Ok(b)) = (old.worksheet_range(sheet), new.worksheet_range(sheet)) else { continue };
        let rows = a.end().map_or(0, |e| e.0 + 1).max(b.end().map_or(0, |e| e.0 + 1));
        let cols = a.end().map_or(0, |e| e.1 + 1).max(b.end().map_or(0, |e| e.1 + 1));
        for r in 0..rows {
            for c in 0..cols {
                let va = a.get_value((r, c)).unwrap_or(&Data::Empty);
                let vb = b.get_value((r, c)).unwrap_or(&Data::Empty);
                if va != vb {
                    lines.push(format!("{sheet}!{}{}: committed '{va}', now '{vb}'", column_letters(c), r + 1));
                }
            }
        }
    }
    if lines.is_empty() {
        lines.push("same cell values; styles, drop-downs, notes or the writer version changed".into());
    }
    lines.truncate(20);
    lines
}

/// `0` → `A`, `26` → `AA`.
fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut letters = String::new();
    while n > 0 {
        letters.insert(0, char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    letters
}
