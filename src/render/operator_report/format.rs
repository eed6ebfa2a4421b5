//! The members of `operator-report-v1` as Rust types: serde structs that mirror
//! `schemas/operator-report-v1.schema.json` (every member present, `null` where the workbook has no
//! value; unknown members refused), with the model's code enums written as their workbook codes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{CnCode, CountryCode, Dec, GoodsCategory, Route, Variant, Verification};
use crate::tables::benchmarks::Column;

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

/// `summary` (Annex IV point 1.2) or `full` (point 1.1; not written by this version).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Summary,
    Full,
}

/// The operator's emissions report, as `operator-report-v1` defines it (the summary's members).
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
    pub route: Option<String>,
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
    pub route: Option<String>,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasurableHeat {
    pub imported: bool,
    pub exported: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZeroRatedFuels {
    pub used: bool,
    pub demonstration: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WasteGases {
    pub produced_and_used: Option<bool>,
    pub imported: Option<bool>,
    pub exported: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Co2Transfer {
    pub capture_used: Option<bool>,
    pub transfer_applies: Option<bool>,
    pub receivers: Option<Vec<serde_json::Value>>,
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
