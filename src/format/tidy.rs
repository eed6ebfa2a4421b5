//! The tidy installation workbook, format version 1.
//!
//! Layout: a key/value sheet `About` (field in column A, value in column B, notes in C), then one
//! sheet per table (`Processes`, `SourceStreams`, `PFC`, `Precursors`, `Goods`) with the column
//! keys in row 1, units (or notes) in row 2 and data from row 3 on. Columns may come in any order;
//! they are found by their key in row 1. A row whose cells are all empty is skipped.
//!
//! Where a column's unit sits in row 2, the user may replace it by any unit listed in
//! [`UnitChoice::accepted`]; the reader converts. Source streams carry a unit per row instead.

/// Identifies the workbook: `About!A1` holds [`FORMAT_KEY`], `About!B1` holds [`FORMAT_NAME`];
/// `format_version` holds [`FORMAT_VERSION`].
pub const FORMAT_KEY: &str = "format";
/// The workbook's format name, in `About!B1`.
pub const FORMAT_NAME: &str = "cbam-installation-workbook";
/// The format's version, in the About field `format_version`.
pub const FORMAT_VERSION: u32 = 1;

/// Name of the key/value sheet (field in column A, value in column B, notes in C).
pub const ABOUT: &str = "About";
/// Name of the sheet of production processes.
pub const PROCESSES: &str = "Processes";
/// Name of the sheet of source streams.
pub const STREAMS: &str = "SourceStreams";
/// Name of the sheet of PFC emissions of primary aluminium smelting.
pub const PFC: &str = "PFC";
/// Name of the sheet of precursors.
pub const PRECURSORS: &str = "Precursors";
/// Name of the sheet of goods.
pub const GOODS: &str = "Goods";
/// Name of the sheet of carbon prices paid in the country of production.
pub const CARBON_PRICE: &str = "CarbonPrice";
/// Sheets holding tables, in the order `cbam init` writes them.
pub const TABLE_SHEETS: [&str; 6] = [PROCESSES, STREAMS, PFC, PRECURSORS, GOODS, CARBON_PRICE];

/// Rows (0-based) of table sheets.
pub const HEADER_ROW: u32 = 0;
/// Row (0-based) of the units or notes, below the column keys.
pub const UNITS_ROW: u32 = 1;
/// Row (0-based) of a table's first data row.
pub const FIRST_DATA_ROW: u32 = 2;

/// The kind of value a column or About field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A number, in the column's unit where it has one.
    Number,
    /// A date.
    Date,
    /// yes/no (also true/false, 1/0).
    Bool,
    /// One of a closed list of codes.
    Code(&'static [&'static str]),
}

/// A unit the user picks in row 2 (or, for source streams, in a unit column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitChoice {
    /// The unit `cbam init` writes, and assumed where row 2 is empty.
    pub default: &'static str,
    /// Every unit the reader converts from, `default` first.
    pub accepted: &'static [&'static str],
}

/// A column of a table sheet, or a field of the About sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The key in row 1 (or column A of About).
    pub key: &'static str,
    /// Whether a row (or the About sheet) must give it.
    pub required: bool,
    /// The kind of value it holds.
    pub kind: Kind,
    /// For numbers: the unit in row 2 and its accepted alternatives. `None`: dimensionless or the
    /// unit is fixed and named in `note`.
    pub unit: Option<UnitChoice>,
    /// What it holds, in words (row 2 where it has no unit; the notes column of About).
    pub note: &'static str,
}

/// A table sheet: its name, what a row is, and its columns.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// The sheet's name.
    pub sheet: &'static str,
    /// What a row is, in words.
    pub purpose: &'static str,
    /// Its columns, in the order `cbam init` writes them.
    pub columns: &'static [Column],
}

impl Table {
    /// The column whose key is `key`; `None` where the table has none.
    pub fn column(&self, key: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.key == key)
    }
}

const fn col(key: &'static str, required: bool, kind: Kind, note: &'static str) -> Column {
    Column { key, required, kind, unit: None, note }
}
const fn num(key: &'static str, required: bool, unit: UnitChoice, note: &'static str) -> Column {
    Column { key, required, kind: Kind::Number, unit: Some(unit), note }
}

/// The values the list of a yes/no column offers in the workbook `cbam init` writes.
pub const YES_NO: &[&str] = &["yes", "no"];

/// Codes of the aggregated goods categories (`GoodsCategory::code`).
pub const CATEGORIES: &[&str] = &["calcined_clay", "cement_clinker", "cement", "aluminous_cement", "unwrought_aluminium", "aluminium_products"];
/// Codes of the production routes (`Route::code`).
pub const ROUTES: &[&str] = &[
    "calcined_clay",
    "clinker",
    "cement",
    "aluminous_cement",
    "primary_smelting",
    "secondary_melting",
    "mixed",
    "products",
    "products_integrated_primary",
    "products_integrated_secondary",
    "products_integrated_mixed",
];
/// Codes of the sources of an electricity emission factor (`EfSource::code`).
pub const EF_SOURCES: &[&str] = &["grid", "ppa", "direct_line", "own_generation"];
/// Codes of the monitoring methods of a source stream (`StreamMethod::code`).
pub const METHODS: &[&str] = &["combustion", "process_a", "process_b", "mass_balance", "kiln_dust", "non_carbonate_carbon"];
/// Codes of the methods of PFC monitoring: slope or overvoltage.
pub const PFC_METHODS: &[&str] = &["slope", "overvoltage"];
/// Codes of the cell technologies of aluminium smelting (`CellTechnology::code`).
pub const TECHNOLOGIES: &[&str] = &["PFPB_legacy", "PFPB_modern", "CWPB", "SWPB", "VSS", "HSS", "PFPB_MW"];
/// Codes of where a precursor comes from: made in the installation or bought.
pub const PRECURSOR_SOURCES: &[&str] = &["own", "purchased"];
/// Codes of what a purchased precursor's specific embedded emissions rest on.
pub const SEE_VALUES: &[&str] = &["actual", "default"];
/// Codes of the variants of clinker and cement.
pub const VARIANTS: &[&str] = &["grey", "white"];
/// Codes of the kinds of carbon pricing instrument (`Instrument::code`).
pub const INSTRUMENTS: &[&str] = &["national_ets", "regional_ets", "carbon_tax", "levy", "fee", "other"];

/// Units of activity data (per row in `SourceStreams`).
pub const ACTIVITY_UNITS: &[&str] = &["t", "kg", "Nm3", "1000 Nm3", "L", "m3"];
/// Units of net calorific value.
pub const NCV_UNITS: &[&str] = &["GJ/t", "MJ/kg", "TJ/Gg", "MJ/Nm3", "GJ/1000 Nm3", "MJ/L", "GJ/m3"];
/// Units of emission factors.
pub const EF_UNITS: &[&str] = &["tCO2/TJ", "kgCO2/GJ", "tCO2/t", "kgCO2/kg", "tCO2/1000 Nm3", "kgCO2/Nm3", "tCO2/Nm3", "tCO2/m3", "kgCO2/L"];
/// Units of carbon content.
pub const CARBON_UNITS: &[&str] = &["tC/t", "%", "tC/1000 Nm3", "kgC/Nm3", "tC/m3"];

/// Masses: t (kg and kt accepted).
pub const MASS: UnitChoice = UnitChoice { default: "t", accepted: &["t", "kg", "kt"] };
/// Electricity: MWh (kWh and GWh accepted).
pub const ELECTRICITY: UnitChoice = UnitChoice { default: "MWh", accepted: &["MWh", "kWh", "GWh"] };
/// Emission factors of electricity: tCO2/MWh (kgCO2/kWh and gCO2/kWh accepted).
pub const ELECTRICITY_EF: UnitChoice = UnitChoice { default: "tCO2/MWh", accepted: &["tCO2/MWh", "kgCO2/kWh", "gCO2/kWh"] };
/// Measurable heat: TJ (GJ and MWh accepted).
pub const HEAT: UnitChoice = UnitChoice { default: "TJ", accepted: &["TJ", "GJ", "MWh"] };
/// Emission factors of measurable heat: tCO2/TJ (kgCO2/GJ and tCO2/MWh accepted).
pub const HEAT_EF: UnitChoice = UnitChoice { default: "tCO2/TJ", accepted: &["tCO2/TJ", "kgCO2/GJ", "tCO2/MWh"] };
/// Amounts of CO2: t (kg accepted).
pub const TCO2: UnitChoice = UnitChoice { default: "tCO2", accepted: &["tCO2", "kgCO2"] };
/// Percentages, 0 to 100.
pub const PERCENT: UnitChoice = UnitChoice { default: "%", accepted: &["%"] };
/// Specific embedded emissions: tCO2e per tonne of good.
pub const SEE: UnitChoice = UnitChoice { default: "tCO2e/t", accepted: &["tCO2e/t"] };
/// Specific embedded electricity: MWh per tonne of good (kWh/t accepted).
pub const SPECIFIC_ELECTRICITY: UnitChoice = UnitChoice { default: "MWh/t", accepted: &["MWh/t", "kWh/t"] };
/// The emission factor of clinker: tCO2 per tonne of clinker.
pub const CLINKER_EF: UnitChoice = UnitChoice { default: "tCO2/t", accepted: &["tCO2/t"] };
/// Emissions and allowances (one allowance = one tonne CO2e).
pub const EMISSIONS: UnitChoice = UnitChoice { default: "tCO2e", accepted: &["tCO2e", "tCO2", "ktCO2e"] };

/// Fields of the key/value sheet `About`, in the order `cbam init` writes them.
pub const ABOUT_FIELDS: &[Column] = &[
    col("format", true, Kind::Text, "always cbam-installation-workbook"),
    col("format_version", true, Kind::Number, "always 1"),
    col("installation_id", true, Kind::Text, "the operator's identifier of the installation; importers match on it"),
    col(
        "registry_installation_id",
        false,
        Kind::Text,
        "the installation's unique identifier in the CBAM Registry, once registered (the operator's report, item 1.2-2(b))",
    ),
    col("name_en", true, Kind::Text, "installation name in English"),
    col("name_local", false, Kind::Text, "installation name in the local language, e.g. 江南水泥有限公司芜湖工厂"),
    col("economic_activity", false, Kind::Text, "e.g. clinker and cement production"),
    col("street", false, Kind::Text, "street and number"),
    col("city", false, Kind::Text, ""),
    col("post_code", false, Kind::Text, ""),
    col("po_box", false, Kind::Text, ""),
    col("country", true, Kind::Text, "ISO 3166-1 alpha-2, e.g. CN"),
    col("unlocode", true, Kind::Text, "UN/LOCODE of the site, e.g. CN WHI"),
    col("latitude", false, Kind::Number, "decimal degrees of the main emission source, north positive"),
    col("longitude", false, Kind::Number, "decimal degrees, east positive"),
    col("operator_id", false, Kind::Text, "operator identifier (e.g. unified social credit code)"),
    col("operator_name", false, Kind::Text, ""),
    col("operator_street", false, Kind::Text, ""),
    col("operator_city", false, Kind::Text, ""),
    col("operator_post_code", false, Kind::Text, ""),
    col("operator_country", false, Kind::Text, "ISO 3166-1 alpha-2"),
    col("contact_name", false, Kind::Text, "authorised representative"),
    col("contact_email", false, Kind::Text, ""),
    col("contact_phone", false, Kind::Text, ""),
    col("period_start", true, Kind::Date, "first day of the reporting period (a date cell or YYYY-MM-DD)"),
    col("period_end", true, Kind::Date, "last day of the reporting period"),
    col(
        "verifier_name",
        false,
        Kind::Text,
        "the accredited verifier whose report covers this reporting period; from 2026 a declarant uses actual values only when verified",
    ),
    col("verifier_accreditation_number", false, Kind::Text, "the verifier's accreditation number (required with verifier_name)"),
    col("verifier_accreditation_body", false, Kind::Text, "the national accreditation body that accredited the verifier"),
    col("verification_report_reference", false, Kind::Text, "reference of the verification report (required with verifier_name)"),
    col("verification_report_date", false, Kind::Date, "day the verification report was issued, after period_end (required with verifier_name)"),
    col("verification_opinion", false, Kind::Text, "the verifier's opinion as the report words it"),
    col("co2_capture", false, Kind::Bool, "yes if CO2 is captured at the installation, no if not (the operator's report, item 1.2-10)"),
];

/// The sheet `Processes`: one row per production process.
pub const PROCESSES_TABLE: Table = Table {
    sheet: PROCESSES,
    purpose: "One row per production process: the system boundary whose specific embedded emissions are computed.",
    columns: &[
        col("process_id", true, Kind::Text, "short unique id, e.g. P1; other sheets refer to it"),
        col("name", true, Kind::Text, "e.g. Kiln line 1"),
        col("category", true, Kind::Code(CATEGORIES), "aggregated goods category"),
        col("route", true, Kind::Code(ROUTES), "production route (QReport P01-P48)"),
        num("activity_level", true, MASS, "total saleable output of the process over the period, scrap excluded"),
        num("electricity_consumed", false, ELECTRICITY, "electricity consumed by the process"),
        num("electricity_ef", false, ELECTRICITY_EF, "emission factor of that electricity; required when electricity is consumed"),
        col("electricity_ef_source", false, Kind::Code(EF_SOURCES), "grid (country grid factor), ppa, direct_line or own_generation"),
        col("electricity_ef_reference", false, Kind::Text, "publication or contract the factor comes from"),
        col(
            "electricity_evidence",
            false,
            Kind::Text,
            "ppa, direct_line, own_generation: the evidence of the actual factor (contract, metering data, grid connection, single-line diagram); required from 2026",
        ),
        num("electricity_produced", false, ELECTRICITY, "electricity produced in the process and used outside it"),
        num("electricity_produced_ef", false, ELECTRICITY_EF, "factor of the produced electricity (subtracted from direct emissions)"),
        num("heat_imported", false, HEAT, "measurable heat imported into the process"),
        num("heat_imported_ef", false, HEAT_EF, "emission factor of the imported heat"),
        num("heat_exported", false, HEAT, "measurable heat exported from the process"),
        num("heat_exported_ef", false, HEAT_EF, "emission factor of the exported heat"),
        num("waste_gas_correction", false, TCO2, "correction for waste gases, signed (rare in cement and aluminium)"),
        num("non_saleable_output", false, MASS, "scrap, off-spec products and by-products leaving the process: not in activity_level, zero embedded emissions"),
    ],
};

/// The sheet `SourceStreams`: one row per source stream.
pub const STREAMS_TABLE: Table = Table {
    sheet: STREAMS,
    purpose: "One row per source stream (fuel, raw material, anode, kiln dust) and the process it is attributed to.",
    columns: &[
        col("process_id", true, Kind::Text, "process the emissions are attributed to"),
        col("name", true, Kind::Text, "e.g. Bituminous coal"),
        col("method", true, Kind::Code(METHODS), "how the emissions are calculated"),
        col("material", false, Kind::Text, "method process_a: CaCO3, MgCO3, Na2CO3 or FeCO3 give the standard factor when ef is blank"),
        col("activity_data", true, Kind::Number, "amount consumed (negative for mass-balance outputs)"),
        col("activity_unit", true, Kind::Code(ACTIVITY_UNITS), "unit of activity_data"),
        col("ncv", false, Kind::Number, "net calorific value (combustion with an energy-based factor)"),
        col("ncv_unit", false, Kind::Code(NCV_UNITS), "unit of ncv"),
        col("ef", false, Kind::Number, "emission factor before biomass deduction"),
        col("ef_unit", false, Kind::Code(EF_UNITS), "unit of ef"),
        col("carbon_content", false, Kind::Number, "carbon content (mass balance, non-carbonate carbon, or instead of ef)"),
        col("carbon_content_unit", false, Kind::Code(CARBON_UNITS), "unit of carbon_content"),
        num("oxidation_pct", false, PERCENT, "oxidation factor, default 100"),
        num("conversion_pct", false, PERCENT, "conversion factor, default 100"),
        num("biomass_pct", false, PERCENT, "biomass fraction of the carbon, default 0"),
        col(
            "biomass_criteria",
            false,
            Kind::Bool,
            "yes: the biomass meets the RED II sustainability and GHG-saving criteria (required from 2026 where biomass_pct > 0; no: counted as fossil)",
        ),
        num("cao_pct", false, PERCENT, "process_b: CaO content of the clinker"),
        num("mgo_pct", false, PERCENT, "process_b: MgO content of the clinker"),
        num("calcination_pct", false, PERCENT, "kiln_dust: degree of calcination of the dust"),
        num("clinker_ef", false, CLINKER_EF, "kiln_dust: emission factor of the clinker, used with calcination_pct"),
    ],
};

/// The sheet `PFC`: one row per potline or cell technology of primary aluminium smelting.
pub const PFC_TABLE: Table = Table {
    sheet: PFC,
    purpose: "Perfluorocarbon (CF4, C2F6) emissions of primary aluminium smelting, one row per potline or cell technology.",
    columns: &[
        col("process_id", true, Kind::Text, "primary smelting process"),
        col("method", true, Kind::Code(PFC_METHODS), "slope (anode-effect minutes) or overvoltage"),
        col("technology", false, Kind::Code(TECHNOLOGIES), "cell technology; gives the default factors when sef_cf4/ovc and f_c2f6 are blank"),
        num("aluminium_produced", true, MASS, "primary aluminium produced"),
        col("ae_frequency", false, Kind::Number, "slope: anode effects per cell-day"),
        col("ae_duration", false, Kind::Number, "slope: minutes per anode effect"),
        col("sef_cf4", false, Kind::Number, "slope coefficient, (kg CF4/t Al)/(AE-min/cell-day)"),
        col("aeo", false, Kind::Number, "overvoltage: anode effect overvoltage per cell, mV"),
        num("current_efficiency_pct", false, PERCENT, "overvoltage: current efficiency"),
        col("ovc", false, Kind::Number, "overvoltage coefficient, (kg CF4/t Al)/mV"),
        col("f_c2f6", false, Kind::Number, "weight fraction C2F6/CF4, t C2F6 per t CF4"),
        num("collection_efficiency_pct", false, PERCENT, "collection efficiency; default 100"),
    ],
};

/// The sheet `Precursors`: one row per precursor a process consumes.
pub const PRECURSORS_TABLE: Table = Table {
    sheet: PRECURSORS,
    purpose: "One row per precursor consumed by a process: made in another process here (own) or bought (purchased).",
    columns: &[
        col("process_id", true, Kind::Text, "process that consumes the precursor"),
        col("name", true, Kind::Text, "e.g. Clinker from kiln 1, P1020 ingot from Smelter X"),
        col("category", true, Kind::Code(CATEGORIES), "aggregated goods category of the precursor"),
        col("source", true, Kind::Code(PRECURSOR_SOURCES), "own or purchased"),
        col("from_process", false, Kind::Text, "own: the process_id that produces it"),
        col("supplier", false, Kind::Text, "purchased: supplier installation (name or id)"),
        col(
            "country",
            false,
            Kind::Text,
            "purchased: country of production, ISO 3166-1 alpha-2; unknown (default values only): the highest default value of the code applies",
        ),
        num("mass", true, MASS, "total mass consumed over the period"),
        col("values", false, Kind::Code(SEE_VALUES), "purchased: actual (supplier's figures) or default (country default values)"),
        num("see_direct", false, SEE, "purchased, actual: specific direct embedded emissions"),
        num("see_indirect", false, SEE, "purchased, actual: specific indirect embedded emissions"),
        num("embedded_electricity", false, SPECIFIC_ELECTRICITY, "purchased, actual: specific embedded electricity, if known"),
        col(
            "verification_report",
            false,
            Kind::Text,
            "purchased, actual: reference of the verification report covering the supplier's values (required from 2026)",
        ),
        col(
            "default_cn_code",
            false,
            Kind::Text,
            "purchased: CN code whose default value applies (values default; or, from 2026, in place of unverified actual values)",
        ),
        col("variant", false, Kind::Code(VARIANTS), "purchased, default: grey or white, where the default table distinguishes them"),
        col("alloying", false, Kind::Bool, "yes: alloying elements counted as primary unwrought aluminium (products with > 5 % alloying elements)"),
    ],
};

/// The sheet `Goods`: one row per good sold.
pub const GOODS_TABLE: Table = Table {
    sheet: GOODS,
    purpose: "One row per good (CN code) sold, the process that makes it and its qualifying parameters.",
    columns: &[
        col("cn_code", true, Kind::Text, "8-digit CN code, e.g. 25232900 or 2523 29 00 (10-digit TARIC for split cements, e.g. 2523 10 00 90)"),
        col("product", true, Kind::Text, "product name, e.g. P.O 42.5 ordinary Portland cement"),
        col("process_id", true, Kind::Text, "process that produces it"),
        col("variant", false, Kind::Code(VARIANTS), "grey or white (clinker and cements)"),
        num("clinker_ratio_pct", false, PERCENT, "cement: clinker-to-cement ratio (QPD02; required from 2026)"),
        col("calcined", false, Kind::Bool, "calcined clay: whether calcined (QPD01)"),
        col("scrap_t_per_t", false, Kind::Number, "aluminium: tonnes of scrap per tonne of product (QPD21; required from 2026)"),
        num("pre_consumer_scrap_pct", false, PERCENT, "aluminium: share of that scrap that is pre-consumer (QPD22; required from 2026)"),
        num("non_al_elements_pct", false, PERCENT, "aluminium: elements other than aluminium (QPD23; reported when above 1 %)"),
    ],
};

/// The sheet `CarbonPrice`: one row per carbon pricing scheme and compliance year.
pub const CARBON_PRICE_TABLE: Table = Table {
    sheet: CARBON_PRICE,
    purpose: "Carbon price paid in the country of production (China's national ETS, a pilot ETS, a carbon tax), one row per scheme and compliance year.",
    columns: &[
        col("instrument", true, Kind::Code(INSTRUMENTS), "national_ets, regional_ets (a pilot ETS), carbon_tax, levy, fee or other"),
        col("scheme", true, Kind::Text, "name of the scheme, e.g. China national ETS, Guangdong pilot ETS"),
        col("compliance_year", true, Kind::Number, "compliance year the figures belong to, e.g. 2025"),
        col("legal_act", true, Kind::Text, "the legal act establishing the price, e.g. MEE work plan of March 2025"),
        col("currency", true, Kind::Text, "ISO 4217 code of every amount on the row, e.g. CNY"),
        num("covered_emissions", true, EMISSIONS, "verified emissions of the installation covered by the scheme"),
        num("free_allocation", false, EMISSIONS, "ETS: allowances allocated free of charge"),
        num("surrendered", false, EMISSIONS, "ETS: allowances and credits surrendered for the year"),
        num("bought", false, EMISSIONS, "ETS: allowances bought for the year"),
        col("bought_price", false, Kind::Number, "ETS: mean price paid per allowance bought, in currency"),
        num("offsets_used", false, EMISSIONS, "ETS: offset credits (CCER) surrendered"),
        col("offsets_price", false, Kind::Number, "ETS: mean price paid per offset credit, in currency"),
        col("tax_paid", false, Kind::Number, "tax, levy or fee: amount paid for the year, in currency"),
        col("rebate", false, Kind::Number, "any rebate, compensation or refund received, in currency"),
        col("eur_rate", false, Kind::Number, "yearly average exchange rate, units of currency per EUR; required unless currency is EUR"),
        col("eur_rate_source", false, Kind::Text, "where the rate comes from, e.g. ECB yearly average 2025 as published by the Commission"),
        col(
            "certified_by",
            false,
            Kind::Text,
            "definitive period: the independent person who certified the documentation of the price paid, and the certificate's reference (Article 9(2) of the CBAM Regulation); without it no deduction is claimed",
        ),
        num("benchmark_output", false, MASS, "optional: output the allocation is based on (e.g. clinker)"),
        num("benchmark_intensity", false, SEE, "optional: the scheme's benchmark intensity, allowances per tonne of output"),
    ],
};

/// Every table of the format, in sheet order.
pub const TABLES: [&Table; 6] = [&PROCESSES_TABLE, &STREAMS_TABLE, &PFC_TABLE, &PRECURSORS_TABLE, &GOODS_TABLE, &CARBON_PRICE_TABLE];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_sheets_match() {
        for t in TABLES {
            let mut keys: Vec<_> = t.columns.iter().map(|c| c.key).collect();
            keys.sort();
            let n = keys.len();
            keys.dedup();
            assert_eq!(n, keys.len(), "duplicate key in {}", t.sheet);
        }
        assert_eq!(TABLES.map(|t| t.sheet), TABLE_SHEETS);
        for c in ABOUT_FIELDS {
            assert!(c.unit.is_none());
        }
    }

    #[test]
    fn code_lists_match_the_model() {
        use crate::model::{CellTechnology, EfSource, GoodsCategory, Route, StreamMethod};
        assert!(CATEGORIES.iter().all(|c| GoodsCategory::parse(c).is_some()));
        assert_eq!(CATEGORIES.len(), GoodsCategory::ALL.len());
        assert!(ROUTES.iter().all(|c| Route::parse(c).is_some()));
        assert_eq!(ROUTES.len(), Route::ALL.len());
        assert!(EF_SOURCES.iter().all(|c| EfSource::parse(c).is_some()));
        assert!(METHODS.iter().all(|c| StreamMethod::parse(c).is_some()));
        assert!(TECHNOLOGIES.iter().all(|c| CellTechnology::parse(c).is_some()));
        assert!(INSTRUMENTS.iter().all(|c| crate::model::Instrument::parse(c).is_some()));
        for u in [MASS, ELECTRICITY, ELECTRICITY_EF, HEAT, HEAT_EF, TCO2, EMISSIONS] {
            assert!(u.accepted.contains(&u.default));
        }
    }
}
