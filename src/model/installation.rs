//! An installation as the engine sees it: identity, reporting period, processes with their
//! source streams, PFC monitoring and precursors, and the goods they make. Values are already
//! converted to canonical units; every item keeps where it came from (`origin`) so later checks
//! can point at the cell.

use chrono::NaiveDate;
use serde::Serialize;

use super::{CarbonPrice, CellRef, CellTechnology, CnCode, CountryCode, Dec, EfSource, GoodsCategory, PfcMethod, Route, StreamMethod, Variant};

#[derive(Debug, Clone, Serialize)]
pub struct Installation {
    pub identity: Identity,
    pub period: ReportingPeriod,
    /// In the order given; ids are unique.
    pub processes: Vec<Process>,
    pub goods: Vec<Good>,
    /// Carbon prices paid in the country of production, one per scheme and compliance year.
    pub carbon_prices: Vec<CarbonPrice>,
    /// The verifier's report on this reporting period, where the workbook gives one. In the
    /// definitive period a declarant may use actual values only when they are verified.
    pub verification: Option<Verification>,
}

impl Installation {
    pub fn process(&self, id: &str) -> Option<&Process> {
        self.processes.iter().find(|p| p.id == id)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Identity {
    /// The operator's own identifier of the installation (registry id where it has one).
    pub installation_id: String,
    /// The installation's unique identifier in the CBAM Registry, once registered.
    pub registry_id: Option<String>,
    pub name_en: String,
    /// Name in the local language (e.g. Chinese).
    pub name_local: Option<String>,
    pub economic_activity: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub post_code: Option<String>,
    pub po_box: Option<String>,
    pub country: Option<CountryCode>,
    pub unlocode: Option<String>,
    pub latitude: Option<Dec>,
    pub longitude: Option<Dec>,
    pub operator_id: Option<String>,
    pub operator_name: Option<String>,
    pub operator_street: Option<String>,
    pub operator_city: Option<String>,
    pub operator_post_code: Option<String>,
    pub operator_country: Option<CountryCode>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    /// Whether CO2 is captured at the installation (About `co2_capture`); `None` where not said.
    pub co2_capture: Option<bool>,
}

/// The verification report covering the installation's reporting period (About sheet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Verification {
    pub verifier_name: String,
    pub accreditation_number: String,
    /// The national accreditation body that accredited the verifier.
    pub accreditation_body: Option<String>,
    pub report_reference: String,
    /// The day the report was issued: after the reporting period's last day.
    pub report_date: NaiveDate,
    /// The verifier's opinion as the report words it.
    pub opinion: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportingPeriod {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A production process: the system boundary for which specific embedded emissions are computed.
#[derive(Debug, Clone, Serialize)]
pub struct Process {
    pub id: String,
    pub name: String,
    pub category: GoodsCategory,
    pub route: Route,
    /// Total saleable output of the process over the period, tonnes (scrap excluded).
    pub activity_level_t: Dec,
    pub electricity: Electricity,
    /// Electricity produced in the process and exported or used elsewhere, MWh, with the factor
    /// (tCO2/MWh) at which it is subtracted from the direct emissions.
    pub electricity_produced_mwh: Dec,
    pub electricity_produced_ef: Dec,
    /// Measurable heat imported / exported, TJ, with its factor in tCO2/TJ.
    pub heat_imported_tj: Dec,
    pub heat_imported_ef: Dec,
    pub heat_exported_tj: Dec,
    pub heat_exported_ef: Dec,
    /// Waste-gas correction to the attributed direct emissions, tCO2 (signed).
    pub waste_gas_correction_t: Dec,
    /// Scrap, off-spec products, by-products and waste leaving the process, t: not part of the
    /// activity level, they leave with zero embedded emissions (IR 2025/2547 Annex II F).
    /// Reported only; `activity_level_t` already excludes them.
    pub non_saleable_output_t: Dec,
    /// Directly attributable emissions entered as one amount, tCO2e, as the Commission's
    /// Communication template attributes them (D_Processes (g) "DirEm*") instead of by source
    /// stream. Added to whatever `streams` and `pfc` give (the template reader leaves those empty).
    pub direct_emissions_entered_t: Option<Dec>,
    pub streams: Vec<SourceStream>,
    pub pfc: Vec<PfcMonitoring>,
    pub precursors: Vec<PrecursorInput>,
    #[serde(skip)]
    pub origin: Option<CellRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Electricity {
    /// Electricity consumed by the process, MWh.
    pub consumed_mwh: Dec,
    /// Emission factor of that electricity, tCO2/MWh; `None` only when nothing is consumed.
    pub ef: Option<Dec>,
    pub ef_source: Option<EfSource>,
    /// Free text naming the factor's publication or contract (e.g. "MEE 2023 national grid").
    pub ef_reference: Option<String>,
    /// For an actual factor (PPA, direct technical link, own generation): the evidence the
    /// definitive period asks for (IR 2025/2547 Annex II D.4.3: contract, metering data, grid
    /// connection or single-line diagram), as a reference to the documents.
    pub evidence: Option<String>,
    /// Cells of the factor's source and of the evidence, for diagnostics.
    #[serde(skip)]
    pub ef_source_at: Option<CellRef>,
    #[serde(skip)]
    pub evidence_at: Option<CellRef>,
}

/// The physical basis an activity amount is measured on, after conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Tonnes.
    Mass,
    /// Thousands of normal cubic metres (1000 Nm3).
    GasVolume,
    /// Cubic metres of liquid (1000 L).
    LiquidVolume,
}

/// An emission factor, in one of the forms the methods accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "per", content = "value")]
pub enum EmissionFactor {
    /// tCO2 per TJ of fuel energy (combustion).
    Energy(Dec),
    /// tCO2 per canonical unit of the activity's basis (t, 1000 Nm3 or m3).
    Unit(Dec),
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceStream {
    pub name: String,
    pub method: StreamMethod,
    pub material: Option<String>,
    /// Activity data in the canonical unit of `basis` (signed for mass-balance outputs).
    pub amount: Dec,
    pub basis: Basis,
    /// Net calorific value, GJ per canonical unit of `basis` (= TJ per 1000 units).
    pub ncv: Option<Dec>,
    pub ef: Option<EmissionFactor>,
    /// Carbon content, tC per canonical unit of `basis`.
    pub carbon_content: Option<Dec>,
    /// Fractions 0..1.
    pub oxidation: Dec,
    pub conversion: Dec,
    pub biomass: Dec,
    /// Whether the biomass meets the sustainability and GHG-saving criteria of Directive (EU)
    /// 2018/2001 (RED II) Art. 29, as IR 2025/2547 Annex II B.3.3 requires for zero-rating;
    /// `None` when not declared.
    pub biomass_criteria_met: Option<bool>,
    #[serde(skip)]
    pub biomass_criteria_at: Option<CellRef>,
    /// Method B from the clinker's composition: CaO and MgO mass fractions 0..1.
    pub cao: Option<Dec>,
    pub mgo: Option<Dec>,
    /// Kiln dust: degree of calcination (0..1) and the clinker factor it is computed from.
    pub calcination: Option<Dec>,
    pub clinker_ef: Option<Dec>,
    #[serde(skip)]
    pub origin: Option<CellRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PfcMonitoring {
    pub method: PfcMethod,
    pub technology: Option<CellTechnology>,
    /// Primary aluminium produced, t.
    pub aluminium_t: Dec,
    /// Slope: anode effects per cell-day, minutes per anode effect, SEF(CF4) in
    /// (kg CF4/t Al)/(AE-min/cell-day).
    pub ae_frequency: Option<Dec>,
    pub ae_duration_min: Option<Dec>,
    pub sef_cf4: Option<Dec>,
    /// Overvoltage: AEO in mV, current efficiency as a fraction 0..1 (equation 24 of Annex III
    /// takes it in percent: the engine multiplies by 100), OVC in (kg CF4/t Al)/mV.
    pub aeo_mv: Option<Dec>,
    pub current_efficiency: Option<Dec>,
    pub ovc: Option<Dec>,
    /// t C2F6 per t CF4.
    pub f_c2f6: Dec,
    /// Collection efficiency 0..1: the formulas give collected emissions, divided by this.
    pub collection_efficiency: Dec,
    #[serde(skip)]
    pub origin: Option<CellRef>,
}

/// A precursor consumed by a process.
#[derive(Debug, Clone, Serialize)]
pub struct PrecursorInput {
    pub name: String,
    pub category: GoodsCategory,
    /// Total mass consumed over the period to produce the process's output, t.
    pub mass_t: Dec,
    pub source: PrecursorSource,
    /// True for alloying elements counted as primary unwrought aluminium (the > 5 % rule).
    pub alloying: bool,
    /// Purchased at actual values: the reference of the verification report that covers the
    /// supplier's values (IR 2025/2547 Annex II A.1(4)).
    pub verification_report: Option<String>,
    #[serde(skip)]
    pub verification_at: Option<CellRef>,
    #[serde(skip)]
    pub origin: Option<CellRef>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PrecursorSource {
    /// Produced in another process of this installation.
    Own { process: String },
    /// Bought from another installation.
    Purchased {
        supplier: Option<String>,
        /// Country of production; `None` when it cannot be identified (default values only: the
        /// highest default value applies, Annex IV of the default-value act).
        country: Option<CountryCode>,
        values: PurchasedSee,
    },
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PurchasedSee {
    /// Values the supplier communicated, tCO2e/t; embedded electricity MWh/t where known.
    Actual {
        see_direct: Dec,
        see_indirect: Dec,
        embedded_electricity: Option<Dec>,
        /// The CN code (and variant) whose default value replaces these values where the regime
        /// does not accept them (no verification report in the definitive period).
        default_key: Option<(CnCode, Option<Variant>)>,
    },
    /// The country's default value for this CN code (IR 2025/2621).
    Default { cn_code: CnCode, variant: Option<Variant> },
}

#[derive(Debug, Clone, Serialize)]
pub struct Good {
    pub cn_code: CnCode,
    pub product: String,
    pub process: String,
    pub variant: Option<Variant>,
    pub params: QualifyingParams,
    /// Cells of the qualifying parameters, for diagnostics.
    #[serde(skip)]
    pub params_at: ParamCells,
    #[serde(skip)]
    pub origin: Option<CellRef>,
}

/// Where each qualifying parameter of a good was read (or would be read).
#[derive(Debug, Clone, Default)]
pub struct ParamCells {
    pub clinker_ratio_pct: Option<CellRef>,
    pub scrap_t_per_t: Option<CellRef>,
    pub pre_consumer_scrap_pct: Option<CellRef>,
    pub non_al_elements_pct: Option<CellRef>,
}

/// A qualifying parameter of Annex IV §2 (the QPD codes of QReport).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Qualifying {
    /// QPD01: whether clay is calcined.
    Calcined,
    /// QPD02: clinker-to-cement ratio, percent.
    ClinkerRatio,
    /// QPD21: tonnes of scrap per tonne of product.
    Scrap,
    /// QPD22: percent of the scrap that is pre-consumer.
    PreConsumerScrap,
    /// QPD23: percent of elements other than aluminium.
    NonAlElements,
}

impl Qualifying {
    /// The QReport code, e.g. `QPD02`.
    pub fn code(self) -> &'static str {
        match self {
            Qualifying::Calcined => "QPD01",
            Qualifying::ClinkerRatio => "QPD02",
            Qualifying::Scrap => "QPD21",
            Qualifying::PreConsumerScrap => "QPD22",
            Qualifying::NonAlElements => "QPD23",
        }
    }

    /// The key outputs name it by (the statement's label catalogue).
    pub fn key(self) -> &'static str {
        match self {
            Qualifying::Calcined => "calcined",
            Qualifying::ClinkerRatio => "clinker_ratio",
            Qualifying::Scrap => "scrap",
            Qualifying::PreConsumerScrap => "pre_consumer_scrap",
            Qualifying::NonAlElements => "non_al_elements",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Qualifying::Calcined => "",
            Qualifying::Scrap => "t/t",
            Qualifying::ClinkerRatio | Qualifying::PreConsumerScrap | Qualifying::NonAlElements => "%",
        }
    }
}

/// A qualifying parameter's value: a flag (QPD01) or a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum QualifyingValue {
    Flag(bool),
    Figure(Dec),
}

/// Annex IV §2 qualifying parameters (QPD codes of QReport).
#[derive(Debug, Clone, Default, Serialize)]
pub struct QualifyingParams {
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

impl QualifyingParams {
    /// The parameters a good of `category` reports, in QPD order: the category's own (Annex IV
    /// §2), QPD23 only above 1 %. The one mapping every output (QReport, statement) uses.
    pub fn reported(&self, category: GoodsCategory) -> Vec<(Qualifying, QualifyingValue)> {
        let mut out = Vec::new();
        match category {
            GoodsCategory::CalcinedClay => out.extend(self.calcined.map(|c| (Qualifying::Calcined, QualifyingValue::Flag(c)))),
            GoodsCategory::Cement => out.extend(self.clinker_ratio_pct.map(|r| (Qualifying::ClinkerRatio, QualifyingValue::Figure(r)))),
            GoodsCategory::UnwroughtAluminium | GoodsCategory::AluminiumProducts => {
                out.extend(self.scrap_t_per_t.map(|v| (Qualifying::Scrap, QualifyingValue::Figure(v))));
                out.extend(self.pre_consumer_scrap_pct.map(|v| (Qualifying::PreConsumerScrap, QualifyingValue::Figure(v))));
                // "where the content of elements other than aluminium exceeds 1 %" (Annex IV §2).
                out.extend(self.non_al_elements_pct.filter(|v| *v > Dec::ONE).map(|v| (Qualifying::NonAlElements, QualifyingValue::Figure(v))));
            }
            GoodsCategory::CementClinker | GoodsCategory::AluminousCement => {}
        }
        out
    }
}
