//! The members about the installation as a whole: its emissions over the period, heat, zero-rated
//! fuels, waste gases, CO2 transferred, electricity produced, the carbon prices paid, and the
//! items that do not apply or that the workbook does not give.

use super::*;

/// Emissions of the installation over the period, whole tonnes (items 1.1-7, 1.1-16, 1.2-5, 1.2-6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// Total direct emissions, tCO2e (items 1.1-7, 1.2-5).
    pub direct_emissions_t: Dec,
    /// Total attributed indirect emissions, tCO2 (item 1.2-6).
    pub indirect_emissions_t: Dec,
    /// Biomass CO2, t: reported apart, not counted.
    pub biomass_co2_t: Dec,
    /// PFC emissions, tCO2e; part of `direct_emissions_t`.
    pub pfc_co2e_t: Dec,
    /// Item 1.1-16(b) (full report only): `null`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub measured_sources: Option<serde_json::Value>,
    /// Item 1.1-16(c) (full report only): `null`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub other_methods_emissions_t: Option<serde_json::Value>,
}

/// Whether measurable heat crosses the installation's boundary (items 1.1-2(h), 1.2-7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasurableHeat {
    /// Some process imports measurable heat.
    pub imported: bool,
    /// Some process exports measurable heat.
    pub exported: bool,
    /// Item 1.1-2(h) (full report only): `[]` when no heat crosses the boundary, else `null`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub counterparts: Option<serde_json::Value>,
}

/// Zero-rated fuels (items 1.1-2(g), 1.2-8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZeroRatedFuels {
    /// Some source stream has a biomass fraction.
    pub used: bool,
    /// How the operator demonstrates that the zero-rating applies; `None`: not in the workbook.
    pub demonstration: Option<String>,
    /// Item 1.1-2(g) (full report only): the streams with a biomass fraction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streams: Option<Vec<ZeroRatedStream>>,
}

/// Waste gases (items 1.1-5, 1.2-9); `None`: not in the workbook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WasteGases {
    /// Whether waste gases are produced and used in the installation.
    pub produced_and_used: Option<bool>,
    /// Whether waste gases are imported.
    pub imported: Option<bool>,
    /// Whether waste gases are exported.
    pub exported: Option<bool>,
    /// Item 1.1-5 (full report only): `null`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub counterparts: Option<serde_json::Value>,
}

/// CO2 capture and transfer (items 1.1-6, 1.2-10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Co2Transfer {
    /// Whether CO2 is captured at the installation; `None` where the workbook does not say.
    pub capture_used: Option<bool>,
    /// Whether CO2 transfer applies: `Some(false)` where no CO2 is captured, else `None`.
    pub transfer_applies: Option<bool>,
    /// The installations or transport infrastructure the CO2 goes to: empty where no CO2 is
    /// captured, else `None`.
    pub receivers: Option<Vec<serde_json::Value>>,
    /// Item 1.1-16(d) (full report only): `null`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub quantities: Option<serde_json::Value>,
}

/// Electricity produced inside the installation (items 1.1-4, 1.2-11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectricityProduction {
    /// Some process produces electricity.
    pub produced: bool,
    /// Whether it comes from co-generation; `None`: not in the workbook.
    pub cogeneration: Option<bool>,
    /// Whether it comes from separate generation; `None`: not in the workbook.
    pub separate_generation: Option<bool>,
    /// Fossil or renewable origin; `None`: not in the workbook.
    pub origin: Option<String>,
    /// Electricity produced is exported from the system boundaries of a production process.
    pub exported_from_process: bool,
}

/// Not an Annex IV item: the carbon prices paid in the country of production (Article 9 of
/// Regulation (EU) 2023/956).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarbonPrice {
    /// The status of the implementing act the Article 9 figures follow.
    pub article9_status: String,
    /// One entry per scheme and compliance year.
    pub schemes: Vec<SchemeInfo>,
}

/// One carbon pricing scheme, for one compliance year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemeInfo {
    /// The kind of pricing instrument, as a code: `carbon_tax`, `levy`, `fee`, `national_ets`,
    /// `regional_ets` or `other`.
    pub instrument: String,
    /// The scheme's name.
    pub scheme: String,
    /// The compliance year the figures belong to.
    pub compliance_year: i32,
    /// The legal act establishing the price (QReport `LegalActDescription`).
    pub legal_act: String,
    /// ISO 4217 currency of the amounts.
    pub currency: String,
    /// Verified emissions of the installation covered by the scheme, tCO2e, whole tonnes.
    pub covered_emissions_t: Dec,
    /// Effectively paid, net of free allocation and rebates, in `currency`.
    pub net_paid: Dec,
    /// Per tonne of covered emissions, in `currency`.
    pub price_per_t: Dec,
    /// The same in EUR per tCO2e; `None` without an exchange rate, unless `currency` is EUR.
    pub price_per_t_eur: Option<Dec>,
    /// Yearly average exchange rate used, units of `currency` per EUR.
    pub eur_rate: Option<Dec>,
    /// Where the exchange rate comes from.
    pub eur_rate_source: Option<String>,
    /// Who certified the documentation of the price paid (Article 9(2)), as the supplier gives it.
    pub certified_by: Option<String>,
    /// Share of the covered emissions covered by free allocation (ETS) or by the rebate (tax),
    /// 0..1.
    pub free_share: Dec,
}

/// An Annex IV item that does not apply to the installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotApplicable {
    /// The item, e.g. `1.2-4(d)`.
    pub item: String,
    /// Why it does not apply.
    pub reason: String,
}

/// An Annex IV item (or part of one) the installation workbook does not give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Missing {
    /// The item, e.g. `1.2-13(d)`.
    pub item: String,
    /// What is lacking.
    pub what: String,
}
