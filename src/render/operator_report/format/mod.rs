//! The members of `operator-report-v1` as Rust types: serde structs that mirror
//! `schemas/operator-report-v1.schema.json` (every member present, `null` where the workbook has no
//! value; unknown members refused), with the model's code enums written as their workbook codes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{CnCode, CountryCode, Dec, GoodsCategory, Route, Variant, Verification};
use crate::tables::benchmarks::{BenchmarkRoute, Column};

mod full;
mod installation;
pub use full::*;
pub use installation::*;

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
    /// The summary of Annex IV point 1.2 of IR 2025/2547, the version a declarant may receive.
    Summary,
    /// The full report of Annex IV point 1.1, with the summary's content too.
    Full,
}

/// The operator's emissions report, as `operator-report-v1` defines it. The members only the full
/// report has are `Option`s that a summary leaves out (`None`: absent from the JSON); those the full
/// report may leave `null` because the workbook has no value are `Option<serde_json::Value>`
/// (`Some(Value::Null)`), never filled by this version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorReport {
    /// The format's name: `cbam-operator-report`.
    pub format: String,
    /// The format's version: 1.
    pub format_version: u32,
    /// Summary or full report.
    pub kind: Kind,
    /// `en`: Article 10(4) of IR 2025/2547.
    pub language: String,
    /// The program that wrote the report.
    pub generator: Generator,
    /// The law the figures were computed under.
    pub regime: RegimeInfo,
    /// The operator (items 1.1-1(a)-(c), 1.2-1).
    pub operator: Operator,
    /// The installation (items 1.1-1(d), 1.2-2).
    pub installation: InstallationInfo,
    /// The reporting period the report covers.
    pub reporting_period: PeriodInfo,
    /// The verifier's report on the period (the installation's About fields), as the model holds it.
    pub verification: Option<Verification>,
    /// The installation's CBAM production processes and their goods (items 1.1-2(a), 1.2-3), in the
    /// workbook's order.
    pub processes: Vec<ProcessInfo>,
    /// One entry per good: its specific embedded emissions and what they rest on (items 1.1-15,
    /// 1.2-4).
    pub goods: Vec<GoodInfo>,
    /// One entry per precursor a process consumes (one per Precursors row; items 1.1-18 to 1.1-23,
    /// 1.2-12, 1.2-13).
    pub precursors: Vec<PrecursorInfo>,
    /// The precursors grouped by CN code (items 1.1-24, 1.1-25, 1.2-14, 1.2-15).
    pub precursors_by_cn_code: Vec<PrecursorsByCn>,
    /// Emissions of the installation over the period (items 1.1-7, 1.1-16, 1.2-5, 1.2-6).
    pub totals: Totals,
    /// Whether measurable heat is imported or exported (items 1.1-2(h), 1.2-7).
    pub measurable_heat: MeasurableHeat,
    /// Whether zero-rated fuels are used (items 1.1-2(g), 1.2-8).
    pub zero_rated_fuels: ZeroRatedFuels,
    /// Whether waste gases are produced and used, imported or exported (items 1.1-5, 1.2-9).
    pub waste_gases: WasteGases,
    /// CO2 capture and transfer (items 1.1-6, 1.2-10).
    pub co2_transfer: Co2Transfer,
    /// Electricity produced inside the installation (items 1.1-4, 1.2-11).
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
    /// Not an Annex IV item: the carbon prices paid in the country of production (Article 9 of
    /// Regulation (EU) 2023/956); `None` where the installation declares none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carbon_price: Option<CarbonPrice>,
    /// Items that do not apply to this installation, with the reason.
    pub items_not_applicable: Vec<NotApplicable>,
    /// Items (or parts of them) the installation workbook does not give, and what is lacking.
    pub missing: Vec<Missing>,
}

/// The program that wrote the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generator {
    /// The program's name: `cbam`.
    pub name: String,
    /// The program's version.
    pub version: String,
}

/// The law the figures were computed under (the regime's record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegimeInfo {
    /// `2023/1773` or `2025/2547`.
    pub methodology: String,
    /// The act and annex of the methodology, as cited.
    pub methodology_act: String,
    /// Year of the CBAM obligation.
    pub year: i32,
    /// The default-value table, its citation.
    pub default_values: String,
    /// The benchmark table, its citation.
    pub benchmarks: String,
    /// The rounding the methodology prescribes; `None` where it prescribes none (IR 2023/1773).
    pub rounding: Option<RoundingInfo>,
}

/// How the reported figures are rounded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundingInfo {
    /// Decimals of specific embedded emissions: "a maximum of 5 digits after the comma" (IR
    /// 2025/2547 Annex II A.1(8)).
    pub see_decimals: u32,
    /// Decimals of emissions over a full reporting period: "rounded to full tonnes" (A.1(6)).
    pub totals_decimals: u32,
    /// How halves are rounded, in words (half away from zero).
    pub method: String,
    /// The passage of the act the rounding follows.
    pub basis: String,
}

/// An address in English; `None` members are not in the workbook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street and number.
    pub street: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Post code.
    pub post_code: Option<String>,
    /// Post-office box (the installation's address only; `None` for the operator's).
    pub po_box: Option<String>,
    /// Country, ISO 3166-1 alpha-2.
    pub country: Option<CountryCode>,
}

/// The operator of the installation (items 1.1-1(a)-(c), 1.2-1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// Name of the operator (item 1.2-1(a)).
    pub name: Option<String>,
    /// Corporate or activity registration number of the operator (item 1.2-1(b)), About
    /// `operator_id`.
    pub registration_number: Option<String>,
    /// The operator's address in English (item 1.2-1(c)).
    pub address: Address,
    /// The operator's authorised representative, the person to contact.
    pub contact: Contact,
}

/// A person to contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The person's name.
    pub name: Option<String>,
    /// The person's email address.
    pub email: Option<String>,
    /// The person's telephone number.
    pub phone: Option<String>,
}

/// The installation (items 1.1-1(d), 1.2-2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstallationInfo {
    /// The operator's own identifier of the installation (About `installation_id`).
    pub id: String,
    /// Unique installation identifier in the CBAM Registry (item 1.2-2(b)).
    pub registry_id: Option<String>,
    /// The installation's name in English (item 1.2-2(a)).
    pub name: String,
    /// Its name in the local language.
    pub name_local: Option<String>,
    /// What the installation does, in words.
    pub economic_activity: Option<String>,
    /// UN/LOCODE of the installation's location (item 1.2-2(c)).
    pub unlocode: String,
    /// The installation's address in English (item 1.2-2(d)).
    pub address: Address,
    /// Coordinates of the main emission source (item 1.2-2(e)); `None` where the workbook gives
    /// none.
    pub coordinates: Option<Coordinates>,
}

/// Geographical coordinates of the main emission source, decimal degrees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coordinates {
    /// Latitude, decimal degrees, north positive.
    pub latitude: Dec,
    /// Longitude, decimal degrees, east positive.
    pub longitude: Dec,
}

/// The reporting period, both days included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodInfo {
    /// The period's first day.
    pub start: NaiveDate,
    /// The period's last day.
    pub end: NaiveDate,
    /// Item 1.1-8: months of monitoring of a new installation; `None` when not new or not known
    /// (this version always writes `None`).
    pub new_installation_months: Option<u32>,
}

/// One CBAM production process of the installation and its goods (items 1.1-2(a), 1.2-3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessInfo {
    /// The process's id, as in the workbook.
    pub id: String,
    /// The operator's name for the process.
    pub name: String,
    /// Aggregated goods category of the process, as its workbook code.
    #[serde(with = "coded")]
    pub category: GoodsCategory,
    /// Production route, as its workbook code (`Route::code`).
    #[serde(with = "coded")]
    pub route: Route,
    /// QReport production method code of the route (P01-P48).
    pub method_id: String,
    /// The goods of the process (item 1.2-3).
    pub goods: Vec<ProcessGood>,
    /// Fossil CO2 of the source streams plus PFC CO2e, whole tonnes.
    pub direct_emissions_t: Dec,
    /// Specific direct embedded emissions of the process's output, tCO2e/t, rounded as
    /// `regime.rounding` says.
    pub see_direct: Dec,
    /// Specific indirect embedded emissions of the process's output, tCO2e/t, rounded as
    /// `regime.rounding` says.
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
    /// Item 1.1-16 (full report only): biomass CO2 of the process, t, whole tonnes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biomass_co2_t: Option<Dec>,
    /// Item 1.1-16 (full report only): PFC emissions of the process, tCO2e, whole tonnes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pfc_co2e_t: Option<Dec>,
    /// Item 1.1-30 (full report only): attributed direct emissions, tCO2e, whole tonnes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributed_direct_t: Option<Dec>,
    /// Item 1.1-30 (full report only): attributed indirect emissions, whole tonnes.
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
    /// Item 1.1-16(a) (full report only): the PFC monitoring lines of the process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pfc: Option<Vec<PfcInfo>>,
    /// Item 1.1-29 (full report only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calculation: Option<Calculation>,
    /// Item 1.1-14 (full report only): `null`, the workbook names no non-CBAM goods.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub non_cbam_goods: Option<serde_json::Value>,
}

/// A good of a process (item 1.2-3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessGood {
    /// The good's 8-digit CN code.
    pub cn_code: String,
    /// Its 10-digit TARIC code, where the good was given by one; its first 8 digits are `cn_code`.
    pub taric_code: Option<String>,
    /// The good's description, as in the workbook.
    pub product: String,
}

/// One good of the installation and its specific embedded emissions (items 1.1-15, 1.2-4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoodInfo {
    /// The good's 8-digit CN code.
    pub cn_code: String,
    /// Its 10-digit TARIC code, where the good was given by one; its first 8 digits are `cn_code`.
    pub taric_code: Option<String>,
    /// The good's description, as in the workbook.
    pub product: String,
    /// The process that makes the good.
    pub process_id: String,
    /// Aggregated goods category, as its workbook code.
    #[serde(with = "coded")]
    pub category: GoodsCategory,
    /// Production route, as its workbook code.
    #[serde(with = "coded")]
    pub route: Route,
    /// `grey` or `white` for clinker and cement where the workbook says.
    #[serde(with = "coded::opt")]
    pub variant: Option<Variant>,
    /// Listed in Annex II of Regulation (EU) 2023/956 (aluminium): direct emissions only from 2026.
    pub listed_in_annex_ii: bool,
    /// The unit the specific figures are per: `t` (tonne of good).
    pub functional_unit: String,
    /// Specific direct embedded emissions, tCO2e/t, rounded as `regime.rounding` says (items
    /// 1.1-15(a), 1.2-4(a)).
    pub see_direct: Dec,
    /// Specific indirect embedded emissions, tCO2e/t, rounded as `regime.rounding` says.
    pub see_indirect: Dec,
    /// Specific embedded emissions, direct plus indirect, tCO2e/t, rounded as `regime.rounding`
    /// says.
    pub see_total: Dec,
    /// Cement: total specific embedded emissions per tonne of clinker contained, for information;
    /// `None` for other goods.
    pub see_per_t_clinker: Option<Dec>,
    /// Specific embedded electricity, MWh/t, 6 decimals.
    pub embedded_electricity_mwh_per_t: Dec,
    /// Fraction of the embedded emissions (direct + indirect) from default values.
    pub share_default_values: Dec,
    /// Items 1.1-15(e), 1.2-4(c): what the indirect emissions rest on; `None` for goods listed in
    /// Annex II of Regulation (EU) 2023/956.
    pub indirect_basis: Option<IndirectBasis>,
    /// Items 1.2-4(e), (f): the specific embedded free allocation (IR 2025/2620); `None` outside
    /// the definitive period or where it cannot be determined.
    pub sefa: Option<Sefa>,
    /// Item 1.1-35: the sector-specific parameters of Annex IV point 2.
    pub sector_parameters: SectorParameters,
    /// Not an Annex IV item: the carbon price paid per tonne of good; `None` where no price is
    /// declared.
    pub carbon_price: Option<GoodCarbonPrice>,
    /// Item 1.1-13 (full report only): `null`, no quantity per good.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub quantity_t: Option<serde_json::Value>,
    /// Items 1.1-31, 1.1-34(a) (full report only): `null`, no quantity per good.
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

/// Items 1.1-15(e), 1.2-4(c): the shares of a good's indirect emissions from actual and from
/// default values (Article 9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndirectBasis {
    /// Share of the indirect emissions from actual values, 0..1.
    pub share_actual: Dec,
    /// Share of the indirect emissions from default values, 0..1.
    pub share_default: Dec,
    /// Point 6 of Annex IV to Regulation (EU) 2023/956 is met for the actual part; `None` where
    /// there is no actual part or no evidence is named.
    pub actual_criteria_met: Option<bool>,
    /// The evidence of Annex II D.4.3 was submitted to the verifier; `None`: the workbook does not
    /// say.
    pub evidence_submitted_to_verifier: Option<bool>,
}

/// The specific embedded free allocation (IR 2025/2620) of a good at actual values: column A.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sefa {
    /// benchmark × CBAM factor × CSCF, tCO2e/t.
    pub value: Dec,
    /// The table column the benchmark is taken from: always column A.
    pub column: Column,
    /// Σ mass_per_t × value over `parts`.
    pub benchmark: Dec,
    /// The production route indicator the good's benchmark was taken for (`(K)`), where one
    /// was known.
    pub route: Option<BenchmarkRoute>,
    /// The CBAM factor of the obligation year.
    pub cbam_factor: Dec,
    /// The cross-sectoral correction factor applied.
    pub cscf: Dec,
    /// The terms of the benchmark: the good's process and each precursor.
    pub parts: Vec<SefaPart>,
    /// How the SEFA was determined, in words (item 1.2-4(f)).
    pub method: String,
    /// The benchmark table, its citation.
    pub table: String,
}

/// One term of a good's benchmark: its process or one precursor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SefaPart {
    /// The process or precursor, as named.
    pub what: String,
    /// Tonnes of it per tonne of the good (1 for the good's own process).
    pub mass_per_t: Dec,
    /// Its 8-digit CN code.
    pub cn_code: String,
    /// The table column the value was taken from.
    pub column: Column,
    /// The production route indicator the value was taken for, where one was known.
    pub route: Option<BenchmarkRoute>,
    /// The table's benchmark, tCO2e per tonne of it.
    pub value: Dec,
    /// Why this column or value, where it is not the plain rule.
    pub why: Option<String>,
}

/// The sector-specific parameters of Annex IV point 2 of a good (item 1.1-35), as the workbook
/// gives them; `None` where it gives none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorParameters {
    /// QPD02: clinker-to-cement ratio, percent.
    pub clinker_ratio_pct: Option<Dec>,
    /// QPD01: whether clay is calcined.
    pub calcined: Option<bool>,
    /// QPD21: tonnes of scrap per tonne of product.
    pub scrap_t_per_t: Option<Dec>,
    /// QPD22: percent of that scrap that is pre-consumer.
    pub pre_consumer_scrap_pct: Option<Dec>,
    /// QPD23: percent of elements other than aluminium.
    pub non_al_elements_pct: Option<Dec>,
}

/// The carbon price paid per tonne of a good (not an Annex IV item; exact figures).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoodCarbonPrice {
    /// ISO 4217 currency of `amount`: that of the first scheme.
    pub currency: String,
    /// Sum of the lines' amounts, per tonne of good, in `currency`, exact.
    pub amount: Dec,
    /// Sum of the lines' EUR amounts, per tonne of good; `None` when a line has none.
    pub amount_eur: Option<Dec>,
    /// Direct emissions covered, tCO2e per tonne of good: the sum over the first scheme's lines,
    /// exact.
    pub emissions_covered: Dec,
    /// The price part by part: the good's own process and each precursor, per scheme.
    pub lines: Vec<CarbonPriceLine>,
}

/// What part of a good a carbon price line covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoveredPart {
    /// The good's own process.
    Good,
    /// A precursor made by another process.
    Precursor,
}

/// One scheme's price on one part of a good, per tonne of good, exact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarbonPriceLine {
    /// The part covered.
    pub covered: CoveredPart,
    /// The good's 8-digit CN code; for a precursor, that of the first good its producing process
    /// sells (`None` if it sells none).
    pub cn_code: Option<String>,
    /// For a precursor, the name of the process that makes it; `None` for the good's own process.
    pub name: Option<String>,
    /// Index into `carbon_price.schemes`.
    pub scheme: usize,
    /// Direct emissions of that part covered by the scheme, tCO2e per tonne of good.
    pub emissions_covered: Dec,
    /// The part of `emissions_covered` covered by free allocation or a rebate, tCO2e per tonne of
    /// good.
    pub emissions_covered_free: Dec,
    /// The price paid per tonne of good, in the scheme's currency.
    pub amount: Dec,
    /// The same in EUR; `None` without an exchange rate.
    pub amount_eur: Option<Dec>,
}

/// What the specific embedded emissions of a precursor rest on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrecursorValues {
    /// Another process of the installation made it: its own results.
    Own,
    /// The supplier's actual values.
    Actual,
    /// A default value.
    Default,
}

/// Where a precursor comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrecursorSourceKind {
    /// Made in the installation.
    Own,
    /// Bought from another installation.
    Purchased,
}

/// One precursor a process consumes (one per Precursors row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrecursorInfo {
    /// The consuming process.
    pub process_id: String,
    /// The operator's name for the precursor (items 1.1-22(b), 1.2-12(b)).
    pub name: String,
    /// Aggregated goods category of the precursor, as its workbook code.
    #[serde(with = "coded")]
    pub category: GoodsCategory,
    /// Made in the installation or purchased.
    pub source: PrecursorSourceKind,
    /// What its specific embedded emissions rest on.
    pub values: PrecursorValues,
    /// The process of the installation that made it, for an own precursor.
    pub from_process: Option<String>,
    /// The supplier, as the workbook names it, for a purchased precursor.
    pub supplier: Option<String>,
    /// Its 8-digit CN code (items 1.1-22(a), 1.2-12(a)): that of the good of `from_process` for an
    /// own precursor, else the Precursors sheet's `default_cn_code` where given.
    pub cn_code: Option<String>,
    /// Its 10-digit TARIC code, where given by one; its first 8 digits are `cn_code`.
    pub taric_code: Option<String>,
    /// Country of production, ISO 3166-1 alpha-2 (items 1.1-22(c), 1.2-12(c)); `None` where
    /// unknown.
    pub country: Option<CountryCode>,
    /// True for alloying elements counted as primary unwrought aluminium.
    pub alloying: bool,
    /// True where the precursor counts zero: produced in the Union or an exempted country (definitive period).
    pub zero_origin: bool,
    /// Definitive period: why the supplier's actual values were not used, or why the precursor
    /// counts zero.
    pub decision: Option<String>,
    /// The reference of the verification report that covers the supplier's values.
    pub verification_report: Option<String>,
    /// Items 1.1-22(d), 1.2-12(d): the default value applied; `None` for a precursor not at default
    /// values.
    pub default_value: Option<DefaultValue>,
    /// Specific direct embedded emissions, tCO2e/t, rounded as `regime.rounding` says.
    pub see_direct: Dec,
    /// Specific indirect embedded emissions, tCO2e/t, rounded as `regime.rounding` says.
    pub see_indirect: Dec,
    /// Share of its embedded emissions from default values, 0..1.
    pub share_default_values: Dec,
    /// Items 1.1-23(d), 1.2-13(d): `null`, the workbook has no reporting period per precursor.
    pub reporting_period: Option<serde_json::Value>,
    /// Items 1.1-28, 1.2-16: `null`, the workbook names the supplier in one text only.
    pub origin: Option<serde_json::Value>,
    /// Items 1.1-18 to 1.1-21, 1.1-27 (full report only): the mass consumed, t.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mass_t: Option<Dec>,
    /// m_i, t of precursor per t of the consuming process's output (full report only; `null`
    /// where the process has no output).
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub specific_mass_consumption: Option<serde_json::Value>,
}

/// The default value applied to a precursor (items 1.1-22(d), 1.2-12(d)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultValue {
    /// Specific direct embedded emissions, tCO2e/t.
    pub see_direct: Dec,
    /// Specific indirect embedded emissions, tCO2e/t.
    pub see_indirect: Dec,
    /// The default value's description.
    pub description: String,
    /// The default-value table, its citation.
    pub table: String,
    /// Whether the table fell back to the value of "Other countries and territories".
    pub fallback: bool,
}

/// The precursors of one CN code (items 1.1-24, 1.1-25, 1.2-14, 1.2-15).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrecursorsByCn {
    /// The 8-digit CN code.
    pub cn_code: String,
    /// Aggregated goods category, as its workbook code.
    #[serde(with = "coded")]
    pub category: GoodsCategory,
    /// Item 1.1-24, 1.2-14: the SEE used for precursors of this code produced in different
    /// reporting periods (Article 14(1)); `null`, not in the workbook.
    pub across_periods: Option<serde_json::Value>,
    /// Item 1.1-25, 1.2-15: the SEE used for precursors of this code from several installations,
    /// and the method of Article 14; `null`, not in the workbook.
    pub across_installations: Option<serde_json::Value>,
}
