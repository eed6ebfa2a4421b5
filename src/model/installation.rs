//! An installation as the engine sees it: identity, reporting period, processes with their
//! source streams, PFC monitoring and precursors, and the goods they make. Values are already
//! converted to canonical units; every item keeps where it came from (`origin`) so later checks
//! can point at the cell.

use chrono::NaiveDate;
use serde::Serialize;

use super::{CarbonPrice, CellRef, CellTechnology, CnCode, CountryCode, Dec, EfSource, GoodsCategory, PfcMethod, Route, StreamMethod, Variant};

/// One installation's data for one reporting period, read from the installation workbook or the
/// Commission's Communication template and validated: what [`crate::compute::compute`] takes.
#[derive(Debug, Clone, Serialize)]
pub struct Installation {
    /// Who and where the installation is, and who operates it.
    pub identity: Identity,
    /// The reporting period every figure covers.
    pub period: ReportingPeriod,
    /// The production processes, in the order given; ids are unique.
    pub processes: Vec<Process>,
    /// The goods (CN codes) the installation produces, each naming the process that makes it.
    pub goods: Vec<Good>,
    /// Carbon prices paid in the country of production, one per scheme and compliance year.
    pub carbon_prices: Vec<CarbonPrice>,
    /// The verifier's report on this reporting period, where the workbook gives one. In the
    /// definitive period a declarant may use actual values only when they are verified.
    pub verification: Option<Verification>,
}

impl Installation {
    /// The process whose id is `id`; `None` when there is none.
    pub fn process(&self, id: &str) -> Option<&Process> {
        self.processes.iter().find(|p| p.id == id)
    }
}

/// The installation's identifiers, name and address, its operator and a contact person (the
/// About sheet, or the template's `A_InstData`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Identity {
    /// The operator's own identifier of the installation (registry id where it has one).
    pub installation_id: String,
    /// The installation's unique identifier in the CBAM Registry, once registered.
    pub registry_id: Option<String>,
    /// The installation's name in English.
    pub name_en: String,
    /// Name in the local language (e.g. Chinese).
    pub name_local: Option<String>,
    /// What the installation does, in words (e.g. "clinker and cement production").
    pub economic_activity: Option<String>,
    /// Street (and number) of the installation's address.
    pub street: Option<String>,
    /// City of the installation's address.
    pub city: Option<String>,
    /// Post code of the installation's address.
    pub post_code: Option<String>,
    /// Post-office box of the installation's address.
    pub po_box: Option<String>,
    /// Country where the installation is located: the country of production of what it makes.
    pub country: Option<CountryCode>,
    /// UN/LOCODE of the site (e.g. `CN WHI`); importers may name the installation by it.
    pub unlocode: Option<String>,
    /// Latitude of the main emission source, decimal degrees, north positive.
    pub latitude: Option<Dec>,
    /// Longitude of the main emission source, decimal degrees, east positive.
    pub longitude: Option<Dec>,
    /// The operator's identifier (e.g. a Chinese unified social credit code).
    pub operator_id: Option<String>,
    /// Name of the operator of the installation.
    pub operator_name: Option<String>,
    /// Street (and number) of the operator's address.
    pub operator_street: Option<String>,
    /// City of the operator's address.
    pub operator_city: Option<String>,
    /// Post code of the operator's address.
    pub operator_post_code: Option<String>,
    /// Country of the operator's address.
    pub operator_country: Option<CountryCode>,
    /// The operator's authorised representative, the person to contact.
    pub contact_name: Option<String>,
    /// That person's email address.
    pub contact_email: Option<String>,
    /// That person's telephone number.
    pub contact_phone: Option<String>,
    /// Whether CO2 is captured at the installation (About `co2_capture`); `None` where not said.
    pub co2_capture: Option<bool>,
}

/// The verification report covering the installation's reporting period (About sheet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Verification {
    /// The accredited verifier who issued the report.
    pub verifier_name: String,
    /// The verifier's accreditation number.
    pub accreditation_number: String,
    /// The national accreditation body that accredited the verifier.
    pub accreditation_body: Option<String>,
    /// The reference of the verification report.
    pub report_reference: String,
    /// The day the report was issued: after the reporting period's last day.
    pub report_date: NaiveDate,
    /// The verifier's opinion as the report words it.
    pub opinion: Option<String>,
}

/// The period the installation's figures cover, both days included; it decides the regime (the
/// methodology and the obligation year, [`crate::regime`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportingPeriod {
    /// The period's first day.
    pub start: NaiveDate,
    /// The period's last day.
    pub end: NaiveDate,
}

/// A production process: the system boundary for which specific embedded emissions are computed.
#[derive(Debug, Clone, Serialize)]
pub struct Process {
    /// Short id, unique in the installation (e.g. `P1`), by which goods and own precursors name
    /// the process.
    pub id: String,
    /// The operator's name for the process (e.g. "Kiln line 1").
    pub name: String,
    /// The aggregated goods category of the process's output.
    pub category: GoodsCategory,
    /// The production route, one of the category's [`GoodsCategory::routes`].
    pub route: Route,
    /// Total saleable output of the process over the period, tonnes (scrap excluded).
    pub activity_level_t: Dec,
    /// Electricity consumed by the process and its emission factor: the source of the
    /// process's indirect emissions.
    pub electricity: Electricity,
    /// Electricity produced in the process and exported or used elsewhere, MWh: its emissions
    /// (at `electricity_produced_ef`) are subtracted from the direct emissions.
    pub electricity_produced_mwh: Dec,
    /// Emission factor of the electricity produced, tCO2/MWh (0 where not given).
    pub electricity_produced_ef: Dec,
    /// Measurable heat imported into the process, TJ: its emissions are added to the direct
    /// emissions.
    pub heat_imported_tj: Dec,
    /// Emission factor of the heat imported, tCO2/TJ.
    pub heat_imported_ef: Dec,
    /// Measurable heat exported from the process, TJ: its emissions are subtracted from the
    /// direct emissions.
    pub heat_exported_tj: Dec,
    /// Emission factor of the heat exported, tCO2/TJ.
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
    /// The source streams whose emissions are attributed to the process.
    pub streams: Vec<SourceStream>,
    /// PFC monitoring of primary aluminium smelting (empty for other processes).
    pub pfc: Vec<PfcMonitoring>,
    /// The precursors the process consumes.
    pub precursors: Vec<PrecursorInput>,
    /// The first cell of the row the process was read from, for diagnostics.
    #[serde(skip)]
    pub origin: Option<CellRef>,
}

/// The electricity a process consumes and where its emission factor comes from.
#[derive(Debug, Clone, Serialize)]
pub struct Electricity {
    /// Electricity consumed by the process, MWh.
    pub consumed_mwh: Dec,
    /// Emission factor of that electricity, tCO2/MWh; `None` only when nothing is consumed.
    pub ef: Option<Dec>,
    /// Where the factor comes from (grid, PPA, direct line, own generation); `None` where the
    /// input does not say (QReport then reports the grid).
    pub ef_source: Option<EfSource>,
    /// Free text naming the factor's publication or contract (e.g. "MEE 2023 national grid").
    pub ef_reference: Option<String>,
    /// For an actual factor (PPA, direct technical link, own generation): the evidence the
    /// definitive period asks for (IR 2025/2547 Annex II D.4.3: contract, metering data, grid
    /// connection or single-line diagram), as a reference to the documents.
    pub evidence: Option<String>,
    /// Cell of the factor's source, for diagnostics.
    #[serde(skip)]
    pub ef_source_at: Option<CellRef>,
    /// Cell of the evidence, for diagnostics.
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

/// A source stream of a process (a fuel, a raw material, anodes, kiln dust …): its activity
/// data and, in [`Monitoring`], the method its emissions are calculated by with exactly the
/// factors that method takes.
#[derive(Debug, Clone, Serialize)]
pub struct SourceStream {
    /// The operator's name for the stream (e.g. "Bituminous coal").
    pub name: String,
    /// How its emissions are calculated, with the factors of that method.
    pub monitoring: Monitoring,
    /// The material, where given (for method A without an emission factor, the carbonate whose
    /// standard factor applies: see [`Monitoring::ProcessA`]).
    pub material: Option<String>,
    /// Activity data in the canonical unit of `basis` (signed for mass-balance outputs).
    pub amount: Dec,
    /// The physical basis `amount` is measured on.
    pub basis: Basis,
    /// Net calorific value, GJ per canonical unit of `basis` (= TJ per 1000 units): the
    /// stream's energy content whatever its method; combustion with a factor per TJ needs it.
    pub ncv: Option<Dec>,
    /// Biomass fraction of the stream's carbon, 0..1 (0 where not given): its CO2 is reported
    /// apart and not counted.
    pub biomass: Dec,
    /// Whether the biomass meets the sustainability and GHG-saving criteria of Directive (EU)
    /// 2018/2001 (RED II) Art. 29, as IR 2025/2547 Annex II B.3.3 requires for zero-rating;
    /// `None` when not declared.
    pub biomass_criteria_met: Option<bool>,
    /// Cell of that declaration, for diagnostics.
    #[serde(skip)]
    pub biomass_criteria_at: Option<CellRef>,
    /// The first cell of the row the stream was read from, for diagnostics.
    #[serde(skip)]
    pub origin: Option<CellRef>,
}

/// A source stream's monitoring method and the factors it takes (DOMAIN §3.1–3.2): each variant
/// carries the inputs of its formula and nothing else. A factor the input may leave empty is an
/// `Option`; which of them must be given is checked by the readers and by the engine
/// ([`crate::compute`]) with located diagnostics.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "method")]
pub enum Monitoring {
    /// Fuel combustion: `AD × NCV × EF × OF` (factor per TJ, with the stream's NCV), `AD × EF ×
    /// OF` (factor per unit) or `AD × C × 3.664 × OF`.
    Combustion {
        /// The emission factor given, before the biomass deduction.
        ef: Option<EmissionFactor>,
        /// Carbon content, tC per canonical unit, used when no factor is given.
        carbon_content: Option<Dec>,
        /// Oxidation factor, fraction 0..1 (1 where not given).
        oxidation: Dec,
    },
    /// Process emissions, method A (input-based: raw meal or carbonates): `AD × EF × CF`, the
    /// factor given or the standard factor of the carbonate the stream's `material` names.
    ProcessA {
        /// The emission factor given, per unit of material.
        ef: Option<EmissionFactor>,
        /// Conversion factor, fraction 0..1 (1 where not given).
        conversion: Dec,
    },
    /// Process emissions, method B (output-based: clinker or oxides): `AD × EF × CF`, the factor
    /// given, else from the CaO and MgO contents, else the standard value.
    ProcessB {
        /// The emission factor given, per tonne of output.
        ef: Option<EmissionFactor>,
        /// CaO mass fraction of the clinker, 0..1.
        cao: Option<Dec>,
        /// MgO mass fraction of the clinker, 0..1.
        mgo: Option<Dec>,
        /// Conversion factor, fraction 0..1 (1 where not given).
        conversion: Dec,
    },
    /// Mass balance: `3.664 × AD × C` (AD negative for outputs); also anodes and electrodes.
    MassBalance {
        /// Carbon content, tC per canonical unit.
        carbon_content: Option<Dec>,
    },
    /// Cement kiln dust or bypass dust leaving the kiln system (Annex III B.9.2.3): the factor
    /// given, else equation 28 from the degree of calcination and the clinker factor, else the
    /// standard value.
    KilnDust {
        /// The emission factor given, per tonne of dust.
        ef: Option<EmissionFactor>,
        /// Degree of calcination of the dust, 0..1.
        calcination: Option<Dec>,
        /// Emission factor of the clinker, tCO2/t, used with `calcination`.
        clinker_ef: Option<Dec>,
    },
    /// Non-carbonate (organic) carbon of the raw meal: `AD × TOC × 3.664`.
    NonCarbonateCarbon {
        /// Carbon content (TOC), tC per canonical unit.
        carbon_content: Option<Dec>,
    },
}

impl Monitoring {
    /// The method, without its factors.
    pub fn method(&self) -> StreamMethod {
        match self {
            Monitoring::Combustion { .. } => StreamMethod::Combustion,
            Monitoring::ProcessA { .. } => StreamMethod::ProcessA,
            Monitoring::ProcessB { .. } => StreamMethod::ProcessB,
            Monitoring::MassBalance { .. } => StreamMethod::MassBalance,
            Monitoring::KilnDust { .. } => StreamMethod::KilnDust,
            Monitoring::NonCarbonateCarbon { .. } => StreamMethod::NonCarbonateCarbon,
        }
    }

    /// The emission factor given, for the methods that take one.
    pub fn ef(&self) -> Option<EmissionFactor> {
        match self {
            Monitoring::Combustion { ef, .. } | Monitoring::ProcessA { ef, .. } | Monitoring::ProcessB { ef, .. } | Monitoring::KilnDust { ef, .. } => *ef,
            Monitoring::MassBalance { .. } | Monitoring::NonCarbonateCarbon { .. } => None,
        }
    }

    /// The carbon content, for the methods that take one.
    pub fn carbon_content(&self) -> Option<Dec> {
        match self {
            Monitoring::Combustion { carbon_content, .. } | Monitoring::MassBalance { carbon_content } | Monitoring::NonCarbonateCarbon { carbon_content } => {
                *carbon_content
            }
            _ => None,
        }
    }

    /// The oxidation factor applied: combustion's, 1 for every other method.
    pub fn oxidation(&self) -> Dec {
        match self {
            Monitoring::Combustion { oxidation, .. } => *oxidation,
            _ => Dec::ONE,
        }
    }

    /// The conversion factor applied: methods A and B's, 1 for every other method.
    pub fn conversion(&self) -> Dec {
        match self {
            Monitoring::ProcessA { conversion, .. } | Monitoring::ProcessB { conversion, .. } => *conversion,
            _ => Dec::ONE,
        }
    }
}

impl SourceStream {
    /// How its emissions are calculated ([`Monitoring::method`]).
    pub fn method(&self) -> StreamMethod {
        self.monitoring.method()
    }
}

/// PFC (CF4 and C2F6) monitoring of primary aluminium smelting, one line per potline or cell
/// technology: the inputs of the slope or the overvoltage method.
#[derive(Debug, Clone, Serialize)]
pub struct PfcMonitoring {
    /// Slope (anode-effect minutes) or overvoltage.
    pub method: PfcMethod,
    /// The electrolysis cell technology, whose default factors apply where the
    /// installation-specific ones are not given.
    pub technology: Option<CellTechnology>,
    /// Primary aluminium produced, t.
    pub aluminium_t: Dec,
    /// Slope: anode-effect frequency, anode effects per cell-day.
    pub ae_frequency: Option<Dec>,
    /// Slope: anode-effect duration, minutes per anode effect.
    pub ae_duration_min: Option<Dec>,
    /// Slope: installation-specific slope emission factor SEF(CF4),
    /// (kg CF4/t Al)/(AE-min/cell-day); `None`: the technology's default.
    pub sef_cf4: Option<Dec>,
    /// Overvoltage: anode-effect overvoltage per cell (AEO), mV.
    pub aeo_mv: Option<Dec>,
    /// Overvoltage: current efficiency of aluminium production, fraction 0..1 (equation 24 of
    /// Annex III takes it in percent: the engine multiplies by 100).
    pub current_efficiency: Option<Dec>,
    /// Overvoltage: installation-specific overvoltage coefficient (OVC), (kg CF4/t Al)/mV;
    /// `None`: the technology's default.
    pub ovc: Option<Dec>,
    /// Weight fraction of C2F6 to CF4, t C2F6 per t CF4 (as given, or the technology's default).
    pub f_c2f6: Dec,
    /// Collection efficiency 0..1: the formulas give collected emissions, divided by this.
    pub collection_efficiency: Dec,
    /// The first cell of the row the line was read from, for diagnostics.
    #[serde(skip)]
    pub origin: Option<CellRef>,
}

/// A precursor consumed by a process.
#[derive(Debug, Clone, Serialize)]
pub struct PrecursorInput {
    /// The operator's name for the precursor (e.g. "Clinker from kiln 1").
    pub name: String,
    /// The precursor's aggregated goods category, one of the consuming process's
    /// [`GoodsCategory::precursor_categories`].
    pub category: GoodsCategory,
    /// Total mass consumed over the period to produce the process's output, t.
    pub mass_t: Dec,
    /// Made in the installation or bought, with the values that come with it.
    pub source: PrecursorSource,
    /// True for alloying elements counted as primary unwrought aluminium (the > 5 % rule).
    pub alloying: bool,
    /// Purchased at actual values: the reference of the verification report that covers the
    /// supplier's values (IR 2025/2547 Annex II A.1(4)).
    pub verification_report: Option<String>,
    /// Cell of the verification report's reference, for diagnostics.
    #[serde(skip)]
    pub verification_at: Option<CellRef>,
    /// The first cell of the row the precursor was read from, for diagnostics.
    #[serde(skip)]
    pub origin: Option<CellRef>,
}

/// Where a precursor comes from.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PrecursorSource {
    /// Produced in another process of this installation.
    Own {
        /// The id of the process that produces it.
        process: String,
    },
    /// Bought from another installation.
    Purchased {
        /// The supplier installation, by name or id, as given.
        supplier: Option<String>,
        /// Country of production; `None` when it cannot be identified (default values only: the
        /// highest default value applies, Annex IV of the default-value act).
        country: Option<CountryCode>,
        /// The specific embedded emissions the precursor comes with.
        values: PurchasedSee,
    },
}

/// The specific embedded emissions of a purchased precursor: the supplier's actual values or a
/// default value.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PurchasedSee {
    /// Values the supplier communicated.
    Actual {
        /// Specific direct embedded emissions, tCO2e/t.
        see_direct: Dec,
        /// Specific indirect embedded emissions, tCO2e/t.
        see_indirect: Dec,
        /// Specific embedded electricity, MWh/t; `None` where the supplier did not give it.
        embedded_electricity: Option<Dec>,
        /// The CN code (and variant) whose default value replaces these values where the regime
        /// does not accept them (no verification report in the definitive period).
        default_key: Option<(CnCode, Option<Variant>)>,
    },
    /// The country's default value for this CN code (IR 2025/2621).
    Default {
        /// The CN code whose default value applies.
        cn_code: CnCode,
        /// Grey or white, where the default-value table distinguishes them.
        variant: Option<Variant>,
    },
}

/// A good the installation produces: its CN code, the process that makes it and its
/// qualifying parameters.
#[derive(Debug, Clone, Serialize)]
pub struct Good {
    /// The good's CN code (or one of the TARIC codes of [`crate::model::TARIC_CODES`]).
    pub cn_code: CnCode,
    /// The operator's product name (e.g. "P.O 42.5 ordinary Portland cement").
    pub product: String,
    /// The id of the process that makes it: the good's SEE are that process's.
    pub process: String,
    /// Grey or white, for clinker and cements.
    pub variant: Option<Variant>,
    /// The qualifying parameters declared for the good (Annex IV §2).
    pub params: QualifyingParams,
    /// Cells of the qualifying parameters, for diagnostics.
    #[serde(skip)]
    pub params_at: ParamCells,
    /// The first cell of the row the good was read from, for diagnostics.
    #[serde(skip)]
    pub origin: Option<CellRef>,
}

/// Where each qualifying parameter of a good was read (or would be read).
#[derive(Debug, Clone, Default)]
pub struct ParamCells {
    /// Cell of the clinker-to-cement ratio (QPD02).
    pub clinker_ratio_pct: Option<CellRef>,
    /// Cell of the tonnes of scrap per tonne of product (QPD21).
    pub scrap_t_per_t: Option<CellRef>,
    /// Cell of the pre-consumer share of that scrap (QPD22).
    pub pre_consumer_scrap_pct: Option<CellRef>,
    /// Cell of the share of elements other than aluminium (QPD23).
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

    /// The unit its figure is given in: `%`, `t/t`, or empty for the QPD01 flag.
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
    /// Yes or no (QPD01: whether the clay is calcined).
    Flag(bool),
    /// A figure in the parameter's [`Qualifying::unit`].
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
