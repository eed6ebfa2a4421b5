//! The members only the full report has (Annex IV point 1.1): the monitoring plan in short, the
//! electricity and heat balances, each source stream and PFC line with its factors, how the
//! attributed emissions were calculated, the data quality of each good.

use super::*;

/// One of the five most important goods of a process (item 1.1-2(c)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MainGood {
    /// The good's 8-digit CN code.
    pub cn_code: String,
    /// The good's description, as in the workbook.
    pub product: String,
    /// `null`: the workbook has no quantity per good.
    pub quantity_t: Option<Dec>,
}

/// The electricity of a process (full report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessElectricity {
    /// Electricity consumed by the process, MWh (item 1.1-26).
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
    /// Electricity consumed from the source, MWh.
    pub quantity_mwh: Dec,
    /// tCO2/MWh.
    pub ef: Option<Dec>,
    /// Free text naming the factor's publication or contract.
    pub ef_reference: Option<String>,
    /// PPA, direct line, own generation: the evidence of IR 2025/2547 Annex II D.4.3, as a
    /// reference to the documents.
    pub evidence: Option<String>,
    /// Whether that evidence went to the verifier; `None`: the workbook does not say.
    pub evidence_submitted_to_verifier: Option<bool>,
    /// Country the electricity comes from; `None`: the workbook does not say.
    pub country_of_origin: Option<CountryCode>,
    /// Name of the installation supplying the electricity; `None`: the workbook does not say.
    pub supplier_name: Option<String>,
    /// Country of that installation; `None`: the workbook does not say.
    pub supplier_country: Option<CountryCode>,
}

/// Item 1.1-17: what a process imports, produces, consumes and exports; `null` where not known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Balance {
    /// Measurable heat, TJ.
    pub heat_tj: Flows,
    /// Electricity, MWh.
    pub electricity_mwh: Flows,
    /// Waste gases, TJ.
    pub waste_gases_tj: Flows,
}

/// Imported, produced, consumed and exported quantities of one carrier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flows {
    /// Imported into the process.
    pub imported: Option<Dec>,
    /// Produced in the process.
    pub produced: Option<Dec>,
    /// Consumed in the process.
    pub consumed: Option<Dec>,
    /// Exported from the process.
    pub exported: Option<Dec>,
}

/// A source stream with its activity data, calculation factors and emissions (item 1.1-16(a)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamInfo {
    /// The stream's name, as in the workbook.
    pub name: String,
    /// The workbook's method code: `combustion`, `process_a`, `process_b`, `mass_balance`,
    /// `kiln_dust`, `non_carbonate_carbon`.
    pub method: String,
    /// The material, where given.
    pub material: Option<String>,
    /// In `activity_unit`; negative for mass-balance outputs.
    pub activity_data: Dec,
    /// `t`, `1000 Nm3` or `m3`.
    pub activity_unit: String,
    /// GJ per activity unit.
    pub ncv: Option<Dec>,
    /// The factor multiplied with the activity data, in the unit `ef_basis` names.
    pub ef_applied: Dec,
    /// How `ef_applied` was obtained (`given_per_energy`, `carbonate`, `standard_value`…).
    pub ef_basis: String,
    /// The carbonate whose standard factor applies, where `ef_basis` is `carbonate`.
    pub carbonate: Option<String>,
    /// tC per activity unit.
    pub carbon_content: Option<Dec>,
    /// Oxidation factor applied, 0..1 (1 where the method takes none).
    pub oxidation: Dec,
    /// Conversion factor applied, 0..1 (1 where the method takes none).
    pub conversion: Dec,
    /// Biomass fraction of the stream's carbon, 0..1: its CO2 is reported apart and not counted.
    pub biomass: Dec,
    /// Whether the biomass meets the sustainability and GHG-saving criteria of Directive (EU)
    /// 2018/2001 Art. 29 (IR 2025/2547 Annex II B.3.3); `None` when not declared.
    pub biomass_criteria_met: Option<bool>,
    /// Energy content, TJ, 6 decimals: activity data times `ncv`; `None` without an NCV.
    pub energy_tj: Option<Dec>,
    /// Fossil CO2 of the stream, t, whole tonnes.
    pub fossil_co2_t: Dec,
    /// Biomass CO2 of the stream, t, whole tonnes: reported apart, not counted.
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
    /// Primary aluminium produced, t.
    pub aluminium_t: Dec,
    /// SEF_CF4 (slope, (kg CF4/t Al)/(AE-min/cell-day)) or OVC (overvoltage, (kg CF4/t Al)/mV)
    /// applied.
    pub coefficient: Dec,
    /// Whether `coefficient` is the technology default of Annex III Tables 2/3 rather than the
    /// installation's own.
    pub coefficient_is_default: bool,
    /// Weight fraction C2F6/CF4 applied, t C2F6 per t CF4.
    pub f_c2f6: Dec,
    /// Collection efficiency applied, 0..1.
    pub collection_efficiency: Dec,
    /// CF4 emitted through the duct, t, 6 decimals.
    pub cf4_t: Dec,
    /// C2F6 emitted through the duct, t, 6 decimals.
    pub c2f6_t: Dec,
    /// The line's PFC emissions, `(CF4 × GWP_CF4 + C2F6 × GWP_C2F6) / collection efficiency`,
    /// tCO2e, whole tonnes.
    pub co2e_t: Dec,
}

/// How a process's attributed emissions were calculated (item 1.1-29).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calculation {
    /// Correction for the measurable heat imported, tCO2, whole tonnes (added).
    pub heat_imported_co2_t: Dec,
    /// Correction for the measurable heat exported, tCO2, whole tonnes (subtracted).
    pub heat_exported_co2_t: Dec,
    /// Correction for the electricity produced, tCO2, whole tonnes (subtracted).
    pub electricity_produced_co2_t: Dec,
    /// Correction for waste gases, tCO2, whole tonnes (signed, added).
    pub waste_gas_correction_t: Dec,
    /// True when the corrections took the attributed direct emissions below zero and they were set
    /// to 0.
    pub attributed_direct_floored: bool,
    /// Emission factor of the electricity consumed, tCO2/MWh; `None` where none is consumed.
    pub indirect_ef: Option<Dec>,
    /// Where that factor comes from: `grid`, `ppa`, `direct_line` or `own_generation`; `None` where
    /// the workbook does not say.
    pub indirect_ef_source: Option<String>,
    /// Free text naming the factor's publication or contract.
    pub indirect_ef_reference: Option<String>,
    /// How the attributed direct and indirect emissions were calculated, in words.
    pub description: String,
}

/// Item 1.1-2: the monitoring plan in short.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonitoringPlan {
    /// `null`: the workbook holds CBAM processes only.
    pub non_cbam_processes: Option<serde_json::Value>,
    /// Item 1.1-2(d): the five most important fuels by energy content.
    pub main_fuels: Vec<MainFuel>,
    /// Item 1.1-2(e): the five most important materials by process emissions.
    pub main_process_materials: Vec<MainMaterial>,
    /// `null`: the workbook has calculation-based methods only.
    pub continuous_measurement: Option<serde_json::Value>,
}

/// One of the five most important fuels by energy content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MainFuel {
    /// The source stream's name.
    pub name: String,
    /// The process whose stream it is.
    pub process_id: String,
    /// Its energy content over the period, TJ; `None` without an NCV.
    pub energy_tj: Option<Dec>,
}

/// One of the five most important materials by process emissions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MainMaterial {
    /// The source stream's name.
    pub name: String,
    /// The process whose stream it is.
    pub process_id: String,
    /// The stream's method code (`process_a`, `process_b`, `mass_balance`, `kiln_dust`,
    /// `non_carbonate_carbon`).
    pub method: String,
    /// Its fossil CO2 over the period, t, whole tonnes.
    pub emissions_t: Dec,
}

/// Items 1.1-9 to 1.1-11: the installation's electricity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstallationElectricity {
    /// Item 1.1-9: electricity consumed in the installation, MWh (the sum over the workbook's
    /// processes).
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
    /// The precursors at default values, in words; `None` where there are none.
    pub note: Option<String>,
}

/// A zero-rated (biomass) source stream (item 1.1-2(g)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZeroRatedStream {
    /// The process whose stream it is.
    pub process_id: String,
    /// The stream's name.
    pub name: String,
    /// Biomass fraction of the stream's carbon, 0..1.
    pub biomass: Dec,
    /// Whether the biomass meets the criteria for zero-rating; `None` when not declared.
    pub criteria_met: Option<bool>,
    /// Biomass CO2 of the stream, t, whole tonnes.
    pub biomass_co2_t: Dec,
}
