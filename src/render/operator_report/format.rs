//! The members of `operator-report-v1` as Rust types: serde structs that mirror
//! `schemas/operator-report-v1.schema.json` (every member present, `null` where the workbook has no
//! value; unknown members refused), with the model's code enums written as their workbook codes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{CnCode, CountryCode, Dec, GoodsCategory, Route, Variant, Verification};
use crate::tables::benchmarks::{BenchmarkRoute, Column};

/// Serde for the model's code enums (`GoodsCategory`, `Route`, `EfSource`, `Variant`) as their
/// workbook codes, so the JSON says `mixed`, never a Rust variant name.
mod coded {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub trait Coded: Sized + Copy {
        fn code_of(self) -> &'static str;
        fn parse_code(s: &str) -> Option<Self>;
    }
    macro_rules! coded {
        ($($t:ty),*) => {$(
            impl Coded for $t {
                fn code_of(self) -> &'static str { self.code() }
                fn parse_code(s: &str) -> Option<Self> { <$t>::parse(s) }
            }
        )*};
    }
    coded!(crate::model::GoodsCategory, crate::model::Route, crate::model::Variant);

    pub fn serialize<T: Coded, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.code_of())
    }
    pub fn deserialize<'de, T: Coded, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        let s = String::deserialize(d)?;
        T::parse_code(&s).ok_or_else(|| D::Error::custom(format!("unknown code '{s}'")))
    }

    pub mod opt {
        use super::*;
        pub fn serialize<T: Coded, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
            match v {
                Some(v) => s.serialize_str(v.code_of()),
                None => s.serialize_none(),
            }
        }
        pub fn deserialize<'de, T: Coded, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
            match Option::<String>::deserialize(d)? {
                Some(s) => T::parse_code(&s).map(Some).ok_or_else(|| D::Error::custom(format!("unknown code '{s}'"))),
                None => Ok(None),
            }
        }
    }
}

/// A member the full report has and may leave `null`: present (even as `null`) is `Some`, absent
/// (a summary) is `None` through `#[serde(default)]`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(d).map(Some)
}

/// `summary` (Annex IV point 1.2) or `full` (point 1.1, which contains the summary's content too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Summary,
    Full,
}

/// The operator's emissions report, as `operator-report-v1` defines it. The members only the full
/// report has are `Option`s that a summary leaves out (`None`: absent from the JSON); those the full
/// report may leave `null` because the workbook has no value are `Option<serde_json::Value>`
/// (`Some(Value::Null)`), never filled by this version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorReport {
    pub format: String,
    pub format_version: u32,
    pub kind: Kind,
    /// `en`: Article 10(4) of IR 2025/2547.
    pub language: String,
    pub generator: Generator,
    pub regime: RegimeInfo,
    pub operator: Operator,
    pub installation: InstallationInfo,
    pub reporting_period: PeriodInfo,
    /// The verifier's report on the period (the installation's About fields), as the model holds it.
    pub verification: Option<Verification>,
    pub processes: Vec<ProcessInfo>,
    pub goods: Vec<GoodInfo>,
    pub precursors: Vec<PrecursorInfo>,
    pub precursors_by_cn_code: Vec<PrecursorsByCn>,
    pub totals: Totals,
    pub measurable_heat: MeasurableHeat,
    pub zero_rated_fuels: ZeroRatedFuels,
    pub waste_gases: WasteGases,
    pub co2_transfer: Co2Transfer,
    pub electricity_production: ElectricityProduction,
    /// Item 1.1-2 (full report only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring_plan: Option<MonitoringPlan>,
    /// Items 1.1-9 to 1.1-11 (full report only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electricity: Option<InstallationElectricity>,
    /// Item 1.1-16(e) (full report only): `null`, the workbook records no data gaps.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub data_gaps: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carbon_price: Option<CarbonPrice>,
    pub items_not_applicable: Vec<NotApplicable>,
    pub missing: Vec<Missing>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generator {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegimeInfo {
    /// `2023/1773` or `2025/2547`.
    pub methodology: String,
    pub methodology_act: String,
    pub year: i32,
    pub default_values: String,
    pub benchmarks: String,
    pub rounding: Option<RoundingInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundingInfo {
    pub see_decimals: u32,
    pub totals_decimals: u32,
    pub method: String,
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub street: Option<String>,
    pub city: Option<String>,
    pub post_code: Option<String>,
    pub po_box: Option<String>,
    pub country: Option<CountryCode>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    pub name: Option<String>,
    pub registration_number: Option<String>,
    pub address: Address,
    pub contact: Contact,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstallationInfo {
    pub id: String,
    pub registry_id: Option<String>,
    pub name: String,
    pub name_local: Option<String>,
    pub economic_activity: Option<String>,
    pub unlocode: String,
    pub address: Address,
    pub coordinates: Option<Coordinates>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coordinates {
    pub latitude: Dec,
    pub longitude: Dec,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodInfo {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub new_installation_months: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessInfo {
    pub id: String,
    pub name: String,
    #[serde(with = "coded")]
    pub category: GoodsCategory,
    #[serde(with = "coded")]
    pub route: Route,
    pub method_id: String,
    pub goods: Vec<ProcessGood>,
    /// Fossil CO2 of the source streams plus PFC CO2e, whole tonnes.
    pub direct_emissions_t: Dec,
    pub see_direct: Dec,
    pub see_indirect: Dec,
    /// Item 1.1-2(c), full report only: the process's goods (at most five), their quantities
    /// unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_goods: Option<Vec<MainGood>>,
    /// Item 1.1-30 (full report only): the process's output, t.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_level_t: Option<Dec>,
    /// Item 1.1-14 (full report only): scrap, off-spec products and by-products, t.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_saleable_output_t: Option<Dec>,
    /// Item 1.1-34(b) (full report only): `null`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub quantity_functional_unit: Option<serde_json::Value>,
    /// Item 1.1-16 (full report only), whole tonnes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biomass_co2_t: Option<Dec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pfc_co2e_t: Option<Dec>,
    /// Item 1.1-30 (full report only): attributed emissions, whole tonnes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributed_direct_t: Option<Dec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributed_indirect_t: Option<Dec>,
    /// Items 1.1-3, 1.1-12, 1.1-26, 1.1-32, 1.1-33 (full report only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electricity: Option<ProcessElectricity>,
    /// Item 1.1-17 (full report only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<Balance>,
    /// Item 1.1-16(a) (full report only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_streams: Option<Vec<StreamInfo>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pfc: Option<Vec<PfcInfo>>,
    /// Item 1.1-29 (full report only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calculation: Option<Calculation>,
    /// Item 1.1-14 (full report only): `null`, the workbook names no non-CBAM goods.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub non_cbam_goods: Option<serde_json::Value>,
}

/// One of the five most important goods of a process (item 1.1-2(c)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MainGood {
    pub cn_code: String,
    pub product: String,
    /// `null`: the workbook has no quantity per good.
    pub quantity_t: Option<Dec>,
}

/// The electricity of a process (full report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessElectricity {
    pub consumed_mwh: Dec,
    /// One entry per source; the workbook has one source per process.
    pub sources: Vec<ElectricitySource>,
    /// Produced in the process and used outside it, MWh.
    pub produced_exported_mwh: Dec,
    /// tCO2/MWh of the electricity produced; `null` where none is.
    pub produced_ef: Option<Dec>,
}

/// Electricity consumed from one source (items 1.1-3, 1.1-12, 1.1-32, 1.1-33).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectricitySource {
    /// `grid`, `ppa`, `direct_line`, `own_generation`; `null` where not stated.
    pub kind: Option<String>,
    pub quantity_mwh: Dec,
    /// tCO2/MWh.
    pub ef: Option<Dec>,
    pub ef_reference: Option<String>,
    pub evidence: Option<String>,
    pub evidence_submitted_to_verifier: Option<bool>,
    pub country_of_origin: Option<CountryCode>,
    pub supplier_name: Option<String>,
    pub supplier_country: Option<CountryCode>,
}

/// Item 1.1-17: what a process imports, produces, consumes and exports; `null` where not known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Balance {
    pub heat_tj: Flows,
    pub electricity_mwh: Flows,
    pub waste_gases_tj: Flows,
}

/// Imported, produced, consumed and exported quantities of one carrier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flows {
    pub imported: Option<Dec>,
    pub produced: Option<Dec>,
    pub consumed: Option<Dec>,
    pub exported: Option<Dec>,
}

/// A source stream with its activity data, calculation factors and emissions (item 1.1-16(a)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamInfo {
    pub name: String,
    /// The workbook's method code: `combustion`, `process_a`, `process_b`, `mass_balance`,
    /// `kiln_dust`, `non_carbonate_carbon`.
    pub method: String,
    pub material: Option<String>,
    /// In `activity_unit`; negative for mass-balance outputs.
    pub activity_data: Dec,
    /// `t`, `1000 Nm3` or `m3`.
    pub activity_unit: String,
    /// GJ per activity unit.
    pub ncv: Option<Dec>,
    pub ef_applied: Dec,
    /// How `ef_applied` was obtained (`given_per_energy`, `carbonate`, `standard_value`…).
    pub ef_basis: String,
    pub carbonate: Option<String>,
    /// tC per activity unit.
    pub carbon_content: Option<Dec>,
    pub oxidation: Dec,
    pub conversion: Dec,
    pub biomass: Dec,
    pub biomass_criteria_met: Option<bool>,
    pub energy_tj: Option<Dec>,
    pub fossil_co2_t: Dec,
    pub biomass_co2_t: Dec,
}

/// One line of PFC monitoring (item 1.1-16(a)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PfcInfo {
    /// `slope` or `overvoltage`.
    pub method: String,
    /// The cell technology's code, where given.
    pub technology: Option<String>,
    pub aluminium_t: Dec,
    pub coefficient: Dec,
    pub coefficient_is_default: bool,
    pub f_c2f6: Dec,
    pub collection_efficiency: Dec,
    pub cf4_t: Dec,
    pub c2f6_t: Dec,
    pub co2e_t: Dec,
}

/// How a process's attributed emissions were calculated (item 1.1-29).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calculation {
    pub heat_imported_co2_t: Dec,
    pub heat_exported_co2_t: Dec,
    pub electricity_produced_co2_t: Dec,
    pub waste_gas_correction_t: Dec,
    pub attributed_direct_floored: bool,
    pub indirect_ef: Option<Dec>,
    pub indirect_ef_source: Option<String>,
    pub indirect_ef_reference: Option<String>,
    pub description: String,
}

/// Item 1.1-2: the monitoring plan in short.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonitoringPlan {
    /// `null`: the workbook holds CBAM processes only.
    pub non_cbam_processes: Option<serde_json::Value>,
    pub main_fuels: Vec<MainFuel>,
    pub main_process_materials: Vec<MainMaterial>,
    /// `null`: the workbook has calculation-based methods only.
    pub continuous_measurement: Option<serde_json::Value>,
}

/// One of the five most important fuels by energy content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MainFuel {
    pub name: String,
    pub process_id: String,
    pub energy_tj: Option<Dec>,
}

/// One of the five most important materials by process emissions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MainMaterial {
    pub name: String,
    pub process_id: String,
    pub method: String,
    pub emissions_t: Dec,
}

/// Items 1.1-9 to 1.1-11: the installation's electricity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstallationElectricity {
    pub total_consumed_mwh: Dec,
    /// Consumed for goods not listed in Annex II of Regulation (EU) 2023/956.
    pub non_annex_ii_goods_mwh: Dec,
    /// `null`: the workbook does not name the installations electricity comes from.
    pub supplying_installations: Option<serde_json::Value>,
}

/// Item 1.1-15(c): how a good's figures were determined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataQuality {
    /// `monitoring`, `monitoring_and_default_values` or `default_values`.
    pub determination: String,
    /// The monitoring methods of the good's process (source-stream and PFC methods).
    pub methods: Vec<String>,
    /// Some factor is a standard value or a PFC technology default.
    pub standard_factors_used: bool,
    pub note: Option<String>,
}

/// A zero-rated (biomass) source stream (item 1.1-2(g)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZeroRatedStream {
    pub process_id: String,
    pub name: String,
    pub biomass: Dec,
    pub criteria_met: Option<bool>,
    pub biomass_co2_t: Dec,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessGood {
    pub cn_code: String,
    pub taric_code: Option<String>,
    pub product: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoodInfo {
    pub cn_code: String,
    pub taric_code: Option<String>,
    pub product: String,
    pub process_id: String,
    #[serde(with = "coded")]
    pub category: GoodsCategory,
    #[serde(with = "coded")]
    pub route: Route,
    #[serde(with = "coded::opt")]
    pub variant: Option<Variant>,
    pub listed_in_annex_ii: bool,
    pub functional_unit: String,
    pub see_direct: Dec,
    pub see_indirect: Dec,
    pub see_total: Dec,
    pub see_per_t_clinker: Option<Dec>,
    pub embedded_electricity_mwh_per_t: Dec,
    /// Fraction of the embedded emissions (direct + indirect) from default values.
    pub share_default_values: Dec,
    pub indirect_basis: Option<IndirectBasis>,
    pub sefa: Option<Sefa>,
    pub sector_parameters: SectorParameters,
    pub carbon_price: Option<GoodCarbonPrice>,
    /// Items 1.1-13, 1.1-31, 1.1-34(a) (full report only): `null`, no quantity per good.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub quantity_t: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub quantity_functional_unit: Option<serde_json::Value>,
    /// Item 1.1-15(b) (full report only): `null`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub compositions: Option<serde_json::Value>,
    /// Item 1.1-15(c) (full report only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_quality: Option<DataQuality>,
}

impl GoodInfo {
    /// The good's code as a [`CnCode`]: its TARIC code where it has one.
    pub fn code(&self) -> Option<CnCode> {
        CnCode::parse(self.taric_code.as_deref().unwrap_or(&self.cn_code)).ok()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndirectBasis {
    pub share_actual: Dec,
    pub share_default: Dec,
    pub actual_criteria_met: Option<bool>,
    pub evidence_submitted_to_verifier: Option<bool>,
}

/// The specific embedded free allocation (IR 2025/2620) of a good at actual values: column A.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sefa {
    /// benchmark × CBAM factor × CSCF, tCO2e/t.
    pub value: Dec,
    pub column: Column,
    /// Σ mass_per_t × value over `parts`.
    pub benchmark: Dec,
    pub route: Option<BenchmarkRoute>,
    pub cbam_factor: Dec,
    pub cscf: Dec,
    pub parts: Vec<SefaPart>,
    pub method: String,
    pub table: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SefaPart {
    pub what: String,
    pub mass_per_t: Dec,
    pub cn_code: String,
    pub column: Column,
    pub route: Option<BenchmarkRoute>,
    pub value: Dec,
    pub why: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorParameters {
    pub clinker_ratio_pct: Option<Dec>,
    pub calcined: Option<bool>,
    pub scrap_t_per_t: Option<Dec>,
    pub pre_consumer_scrap_pct: Option<Dec>,
    pub non_al_elements_pct: Option<Dec>,
}

/// The carbon price paid per tonne of a good (not an Annex IV item; exact figures).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoodCarbonPrice {
    pub currency: String,
    pub amount: Dec,
    pub amount_eur: Option<Dec>,
    pub emissions_covered: Dec,
    pub lines: Vec<CarbonPriceLine>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoveredPart {
    Good,
    Precursor,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarbonPriceLine {
    pub covered: CoveredPart,
    pub cn_code: Option<String>,
    pub name: Option<String>,
    /// Index into `carbon_price.schemes`.
    pub scheme: usize,
    pub emissions_covered: Dec,
    pub emissions_covered_free: Dec,
    pub amount: Dec,
    pub amount_eur: Option<Dec>,
}

/// What the specific embedded emissions of a precursor rest on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrecursorValues {
    Own,
    Actual,
    Default,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrecursorSourceKind {
    Own,
    Purchased,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrecursorInfo {
    pub process_id: String,
    pub name: String,
    #[serde(with = "coded")]
    pub category: GoodsCategory,
    pub source: PrecursorSourceKind,
    pub values: PrecursorValues,
    pub from_process: Option<String>,
    pub supplier: Option<String>,
    pub cn_code: Option<String>,
    pub taric_code: Option<String>,
    pub country: Option<CountryCode>,
    pub alloying: bool,
    pub zero_origin: bool,
    pub decision: Option<String>,
    pub verification_report: Option<String>,
    pub default_value: Option<DefaultValue>,
    pub see_direct: Dec,
    pub see_indirect: Dec,
    pub share_default_values: Dec,
    pub reporting_period: Option<serde_json::Value>,
    pub origin: Option<serde_json::Value>,
    /// Items 1.1-18 to 1.1-21, 1.1-27 (full report only): the mass consumed, t.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mass_t: Option<Dec>,
    /// m_i, t of precursor per t of the consuming process's output (full report only; `null`
    /// where the process has no output).
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub specific_mass_consumption: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultValue {
    pub see_direct: Dec,
    pub see_indirect: Dec,
    pub description: String,
    pub table: String,
    pub fallback: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrecursorsByCn {
    pub cn_code: String,
    #[serde(with = "coded")]
    pub category: GoodsCategory,
    pub across_periods: Option<serde_json::Value>,
    pub across_installations: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    pub direct_emissions_t: Dec,
    pub indirect_emissions_t: Dec,
    pub biomass_co2_t: Dec,
    pub pfc_co2e_t: Dec,
    /// Item 1.1-16(b) (full report only): `null`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub measured_sources: Option<serde_json::Value>,
    /// Item 1.1-16(c) (full report only): `null`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub other_methods_emissions_t: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasurableHeat {
    pub imported: bool,
    pub exported: bool,
    /// Item 1.1-2(h) (full report only): `[]` when no heat crosses the boundary, else `null`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub counterparts: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZeroRatedFuels {
    pub used: bool,
    pub demonstration: Option<String>,
    /// Item 1.1-2(g) (full report only): the streams with a biomass fraction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streams: Option<Vec<ZeroRatedStream>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WasteGases {
    pub produced_and_used: Option<bool>,
    pub imported: Option<bool>,
    pub exported: Option<bool>,
    /// Item 1.1-5 (full report only): `null`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub counterparts: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Co2Transfer {
    pub capture_used: Option<bool>,
    pub transfer_applies: Option<bool>,
    pub receivers: Option<Vec<serde_json::Value>>,
    /// Item 1.1-16(d) (full report only): `null`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub quantities: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectricityProduction {
    pub produced: bool,
    pub cogeneration: Option<bool>,
    pub separate_generation: Option<bool>,
    pub origin: Option<String>,
    pub exported_from_process: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarbonPrice {
    /// The status of the implementing act the Article 9 figures follow.
    pub article9_status: String,
    pub schemes: Vec<SchemeInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemeInfo {
    pub instrument: String,
    pub scheme: String,
    pub compliance_year: i32,
    pub legal_act: String,
    pub currency: String,
    pub covered_emissions_t: Dec,
    pub net_paid: Dec,
    pub price_per_t: Dec,
    pub price_per_t_eur: Option<Dec>,
    pub eur_rate: Option<Dec>,
    pub eur_rate_source: Option<String>,
    pub certified_by: Option<String>,
    pub free_share: Dec,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotApplicable {
    pub item: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Missing {
    pub item: String,
    pub what: String,
}
