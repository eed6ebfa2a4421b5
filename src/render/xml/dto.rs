//! The QReport v23.00 document as plain structs, one per complex type of
//! `schemas/QReport_ver23.00.xsd`, fields in the order of the schema's `xs:sequence` (quick-xml
//! writes them in field order). Optional elements are `Option`s skipped when `None` and lists are
//! `Vec`s, so nothing is ever written empty. Decimals are [`Dec5`], [`Dec6`], [`Dec7`]: exact
//! values rounded to the schema's digits only when written.
//!
//! These structs carry no logic: `crate::report` fills them from model and compute values.

use serde::{Serialize, Serializer};

use crate::model::Dec;

/// The namespace of every QReport element.
pub const NAMESPACE: &str = "http://xmlns.ec.eu/BusinessObjects/CBAM/Types/V1";

macro_rules! rounded {
    ($name:ident, $dp:expr, $doc:expr) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub struct $name(pub Dec);

        impl $name {
            /// The decimals the schema's type allows, and the value is written with.
            pub const PLACES: u32 = $dp;
            /// The text written: rounded half away from zero to `PLACES` decimals, with exactly
            /// that many, never in exponent notation, never `-0`.
            pub fn text(&self) -> String {
                let mut d = self.0.round_dp_with_strategy(Self::PLACES, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
                if d.is_zero() {
                    d = Dec::ZERO;
                }
                d.rescale(Self::PLACES);
                d.to_string()
            }
            /// Whether the rounded value has at most `total` digits (the schema's `totalDigits`).
            pub fn fits(&self, total: u32) -> bool {
                let t = self.text();
                let digits = t.trim_start_matches('-').trim_start_matches('0').chars().filter(|c| c.is_ascii_digit()).count();
                digits <= total as usize
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.text())
            }
        }
    };
}

rounded!(Dec7, 7, "An emission figure (`dec16-7`).");
rounded!(Dec6, 6, "A mass (`dec16-6`).");
rounded!(Dec5, 5, "A carbon-price quantity or a factor (`dec16-5`, `dec5-5`).");

/// The quarterly report (`QReport`), the document's root element.
#[derive(Debug, Clone, Serialize)]
#[serde(rename = "QReport", rename_all = "PascalCase")]
pub struct QReport {
    /// The namespace of the document: [`NAMESPACE`].
    #[serde(rename = "@xmlns")]
    pub xmlns: &'static str,
    /// The date and time of submission, `YYYY-MM-DDThh:mm:ssZ` (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submission_date: Option<String>,
    /// The registry's identifier of an earlier report this one corrects, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_id: Option<String>,
    /// The quarter: `Q1` to `Q4`.
    pub reporting_period: String,
    /// The year of the quarter.
    pub year: i32,
    /// The reporting declarant.
    pub declarant: Declarant,
    /// The indirect customs representative, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub representative: Option<Representative>,
    /// The importer, where the declarant reports as a representative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub importer: Option<Importer>,
    /// The declarant's confirmations and signature.
    pub signatures: Signatures,
    /// Remarks on the report as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<Remarks>,
    /// The goods imported, one per CN code and country of origin.
    pub imported_good: Vec<ImportedGood>,
}

/// The reporting declarant (`Declarant`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Declarant {
    /// The declarant's EORI number.
    pub identification_number: String,
    /// The declarant's name.
    pub name: String,
    /// The declarant's role, a code of the list Role: `01` importer for all goods, `02`
    /// representative for all goods, `03` importer for some goods and representative for others.
    pub role: String,
    /// The declarant's address.
    pub actor_address: DeclarantAddress,
}

/// The importer (`Importer`), where the declarant reports as its representative.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Importer {
    /// The importer's EORI number.
    pub identification_number: String,
    /// The importer's name.
    pub name: String,
    /// The importer's address.
    pub importer_address: Address,
}

/// An indirect customs representative (`Representative`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Representative {
    /// The representative's EORI number.
    pub identification_number: String,
    /// The representative's name.
    pub name: String,
    /// The representative's address.
    pub representative_address: Address,
}

/// The declarant's confirmations and signature (`Signatures`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Signatures {
    /// The confirmation of the report's data and the signature.
    pub report_confirmation: ReportConfirmation,
    /// Whether a methodology other than the Commission's was applied, where the declarant says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicable_methodology_confirmation: Option<ApplicableMethodologyConfirmation>,
}

/// The declarant's confirmation of the report (`ReportConfirmation`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReportConfirmation {
    /// The declarant confirms the report is complete and correct to the best of its knowledge.
    pub global_data_confirmation: bool,
    /// The declarant agrees to the use of the data by the Commission and the competent authorities.
    pub use_of_data_confirmation: bool,
    /// Where the report was signed.
    pub signature_place: String,
    /// The name of the person signing.
    pub signature: String,
    /// The position of the person signing.
    pub position_of_person_sending: String,
}

/// Whether another reporting methodology was applied (`ApplicableMethodologyConfirmation`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicableMethodologyConfirmation {
    /// True when some emissions were determined by a methodology other than the Commission's (TOM02).
    pub other_applicable_reporting_methodology: bool,
}

/// Free-text remarks (`Remarks`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Remarks {
    /// The remarks, at most 512 characters.
    pub additional_information: String,
}

/// One good imported (`ImportedGood`): one CN code from one country of origin.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImportedGood {
    /// The good's number in the report, from 1.
    pub item_number: u32,
    /// The representative for this good alone; cbam leaves it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub representative: Option<Representative>,
    /// The importer of this good alone; cbam leaves it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub importer: Option<Importer>,
    /// The good's HS and CN codes and description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commodity_code: Option<CommodityCode>,
    /// The country of origin.
    pub origin_country: OriginCountry,
    /// The quantities imported, one per customs procedure.
    pub imported_quantity: Vec<ImportedQuantity>,
    /// The total quantity imported.
    pub measure_imported: Measure,
    /// The documents the good's lines name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub supporting_documents: Vec<SupportingDocument>,
    /// Remarks on the good; cbam leaves them out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<Remarks>,
    /// The embedded emissions, one per installation of production (or per default value used).
    pub goods_emissions: Vec<GoodsEmissions>,
}

/// A good's commodity code (`CommodityCode`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CommodityCode {
    /// The 6-digit HS code.
    pub hs_code: String,
    /// The 8-digit CN code.
    pub cn_code: String,
    /// The good's description.
    pub commodity_details: CommodityDetails,
}

/// A good's description (`CommodityDetails`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CommodityDetails {
    /// The description: that of the customs lines, else the CN code's, at most 512 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The country of origin (`OriginCountry`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OriginCountry {
    /// ISO 3166-1 alpha-2 code of the country.
    pub country: String,
}

/// The quantity of a good imported under one customs procedure (`ImportedQuantity`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImportedQuantity {
    /// The entry's number within the good, from 1.
    pub sequence_number: u32,
    /// The customs procedure.
    pub procedure: Procedure,
    /// The area of import.
    pub import_area: ImportArea,
    /// The quantity imported under the procedure.
    pub measure_procedure_imported: Vec<MeasureProcedure>,
}

/// A customs procedure (`Procedure`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Procedure {
    /// The requested procedure, a code of the list Customs_Procedure.
    pub requested_proc: String,
    /// The previous procedure, a code of the same list, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_proc: Option<String>,
    /// The inward processing authorisations, where the goods were under inward processing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inward_processing_info: Vec<InwardProcessingInfo>,
}

/// An inward processing authorisation (`InwardProcessingInfo`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InwardProcessingInfo {
    /// The member state that issued the authorisation, ISO 3166-1 alpha-2.
    pub member_state_auth: String,
    /// 1 when the bill of discharge is waived, else 0.
    pub discharge_bill_waiver: u8,
    /// The authorisation's number.
    pub authorisation: String,
    /// `YYYYMMDD` (`n8`).
    pub start_time: String,
    /// `YYYYMMDD` (`n8`): the end of the authorisation's period.
    pub end_time: String,
    /// `YYYYMMDD` (`n8`): the deadline for discharge.
    pub deadline: String,
}

/// The area of import (`ImportArea`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImportArea {
    /// A code of the list Area_of_import: `EU` (customs import declaration) or `EUOTH` (other
    /// means).
    pub import_area: String,
}

/// A quantity of goods (`Measure`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Measure {
    /// Net mass, in `measurement_unit` (tonnes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_mass: Option<Dec6>,
    /// Supplementary units, where the customs lines give them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplementary_units: Option<Dec6>,
    /// The unit's code (`01`, tonnes of net mass).
    pub measurement_unit: String,
}

/// A quantity imported under one procedure (`MeasureProcedure`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MeasureProcedure {
    /// `0`: the goods measure per procedure; `1`: under inward processing.
    pub indicator: u8,
    /// Net mass, in `measurement_unit` (tonnes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_mass: Option<Dec6>,
    /// Supplementary units, where the customs lines give them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplementary_units: Option<Dec6>,
    /// The unit's code (`01`, tonnes of net mass).
    pub measurement_unit: String,
}

/// A supporting document a good's customs lines name (`SupportingDocument`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SupportingDocument {
    /// The document's number within the good, from 1.
    pub sequence_number: u32,
    /// The document's type code (element `Type`).
    #[serde(rename = "Type")]
    pub type_code: String,
    /// The document's reference, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_number: Option<String>,
}

/// The embedded emissions of a good from one installation, or at default values (`GoodsEmissions`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GoodsEmissions {
    /// The entry's number within the good, from 1.
    pub sequence_number: u32,
    /// The country of production, ISO 3166-1 alpha-2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub production_country: Option<String>,
    /// The operator of the installation, where the supplier's data name it fully.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installation_operator: Option<InstallationOperator>,
    /// The installation of production, where the supplier's data name it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installation: Option<Installation>,
    /// The quantity of the good imported from this installation.
    pub produced_measure: Measure,
    /// The specific direct embedded emissions.
    pub direct_emissions: DirectEmissions,
    /// The specific indirect embedded emissions; `None` where the default-value table gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indirect_emissions: Option<IndirectEmissions>,
    /// The production method and the qualifying parameters of the good.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prod_method_qualifying_params: Option<ProdMethodQualifyingParams>,
    /// Issue 5: the carbon price due, from the supplier's declaration (empty until then).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub carbon_price_due: Vec<CarbonPriceDue>,
    /// Remarks on the emissions: where the data come from, and the share resting on default values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remarks_emissions: Vec<RemarksEmissions>,
}

/// The installation of production (`Installation`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Installation {
    /// The installation's identifier, at most 20 characters.
    pub installation_id: String,
    /// The installation's name in English, at most 256 characters.
    pub installation_name: String,
    /// What the installation does, in words, at most 256 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub economic_activity: Option<String>,
    /// The installation's address.
    pub address: InstallationAddress,
}

/// The address of an installation (`InstallationAddress`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstallationAddress {
    /// Country, ISO 3166-1 alpha-2.
    pub establishment_country: String,
    /// City, at most 35 characters.
    pub city: String,
    /// Street, at most 70 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// Post code, at most 17 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// Post-office box, at most 70 characters.
    #[serde(rename = "POBox", skip_serializing_if = "Option::is_none")]
    pub po_box: Option<String>,
    /// UN/LOCODE of the site, at most 17 characters.
    #[serde(rename = "UNLOCODE", skip_serializing_if = "Option::is_none")]
    pub unlocode: Option<String>,
    /// Latitude of the main emission source, decimal degrees, north positive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<String>,
    /// Longitude of the main emission source, decimal degrees, east positive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<String>,
    /// The coordinate system, a code of the list Coordinate_System (`01` GPS); given only with both
    /// coordinates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordinates_type: Option<String>,
}

/// The operator of an installation (`InstallationOperator`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstallationOperator {
    /// The operator's identifier, at most 25 characters.
    pub operator_id: String,
    /// The operator's name, at most 70 characters.
    pub operator_name: String,
    /// The operator's address.
    pub operator_address: Address,
    /// The persons to contact.
    pub contact_details: Vec<ContactDetails>,
}

/// `AddressType`: representative, importer and operator addresses (with a country).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Address {
    /// Country, ISO 3166-1 alpha-2.
    pub country: String,
    /// Subdivision of the country (region, province), where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_division: Option<String>,
    /// City, at most 35 characters.
    pub city: String,
    /// Street, at most 70 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// A second line of the street, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_additional_line: Option<String>,
    /// House number, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Post code, at most 17 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// Post-office box.
    #[serde(rename = "POBox", skip_serializing_if = "Option::is_none")]
    pub po_box: Option<String>,
}

/// `DeclarantAddressType`: no country.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeclarantAddress {
    /// Subdivision of the country (region, province), where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_division: Option<String>,
    /// City.
    pub city: String,
    /// Street.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// A second line of the street, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_additional_line: Option<String>,
    /// House number, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Post code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// Post-office box.
    #[serde(rename = "POBox", skip_serializing_if = "Option::is_none")]
    pub po_box: Option<String>,
}

/// A person to contact (`ContactDetails`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContactDetails {
    /// The person's name, at most 70 characters.
    pub name: String,
    /// The person's telephone number, at most 35 characters.
    pub phone: String,
    /// The person's email address, at most 256 characters.
    pub email: String,
}

/// The specific direct embedded emissions of a good (`DirectEmissions`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DirectEmissions {
    /// How they were determined, a code of the list Electricity_Determination: `01` actual data,
    /// `02` other methods including default values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub determination_type: Option<String>,
    /// The reporting rules applied, a code of the list Reporting_Rule: `TOM01` Commission rules,
    /// `TOM02` other.
    pub applicable_reporting_type_methodology: String,
    /// The other methodology applied, in words, where `TOM02`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicable_reporting_methodology: Option<String>,
    /// The figure, in `measurement_unit`, 7 decimals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specific_embedded_emissions: Option<Dec7>,
    /// The unit's code: `EMU1`, tCO2e per tonne of good.
    pub measurement_unit: String,
}

/// The specific indirect embedded emissions of a good (`IndirectEmissions`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IndirectEmissions {
    /// How they were determined: `01` actual data, `02` other methods including default values.
    pub determination_type: String,
    /// The emission factor of the electricity, tCO2/MWh, 5 decimals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emission_factor: Option<Dec5>,
    /// The figure, in `measurement_unit`, 7 decimals.
    pub specific_embedded_emissions: Dec7,
    /// The unit's code: `EMU1`, tCO2e per tonne of good.
    pub measurement_unit: String,
    /// Specific electricity consumption, MWh per tonne of good (`dec5-5`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub electricity_consumed: Option<Dec5>,
    /// The source of the electricity, a code of the list Source_of_electricity: `SOE01` direct
    /// technical link, `SOE02` power purchase agreement, `SOE03` the grid.
    pub electricity_source: String,
    /// More on the source, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_source_indication: Option<String>,
    /// Where the emission factor comes from, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emission_factor_source_value: Option<String>,
}

/// The production method of a good and its qualifying parameters (`ProdMethodQualifyingParams`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProdMethodQualifyingParams {
    /// The entry's number, from 1.
    pub sequence_number: u32,
    /// The production method's code, `P01` to `P48`.
    pub method_id: String,
    /// The production method's name, at most 512 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_information: Option<String>,
    /// The qualifying parameters of the good's category.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub direct_qualifying_parameters: Vec<QualifyingParameter>,
}

/// One qualifying parameter (`DirectQualifyingParameters`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QualifyingParameter {
    /// The parameter's number, from 1.
    pub sequence_number: u32,
    /// The parameter's code, e.g. `QPD02`.
    pub parameter_id: String,
    /// Its value, as text.
    pub parameter_value: String,
    /// More on the value, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_information: Option<String>,
}

/// `CarbonPriceDueType`; filled by issue 5 from the supplier's carbon-price declaration.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CarbonPriceDue {
    /// The entry's number, from 1.
    pub sequence_number: u32,
    /// The kind of pricing instrument, a code of the list Instrument, `01` to `06`.
    pub instrument_type: String,
    /// The legal act establishing the price.
    pub legal_act_description: String,
    /// In the original currency (`xs:decimal`); written with 5 decimals.
    pub amount: Dec5,
    /// ISO 4217 currency of `amount`.
    pub currency: String,
    /// The country of the installation, where the price was paid, ISO 3166-1 alpha-2.
    pub country: String,
    /// What the price covers: the good itself and precursors made by the same installation.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub products_covered: Vec<ProductsCovered>,
}

/// What a carbon price covers (`ProductsCovered`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProductsCovered {
    /// The entry's number, from 1.
    pub sequence_number: u32,
    /// `TPC01` for the good itself, `TPC02` for other materials (element `Type`).
    #[serde(rename = "Type")]
    pub type_code: String,
    /// The 8-digit CN code of what is covered, where known.
    #[serde(rename = "CN", skip_serializing_if = "Option::is_none")]
    pub cn: Option<String>,
    /// Emissions covered by the price for the quantity imported, tCO2e, 5 decimals.
    pub quantity_covered: Dec5,
    /// The part of `quantity_covered` covered by free allocation or a rebate, tCO2e, 5 decimals.
    pub quantity_covered_free_aloc: Dec5,
    /// For a precursor: its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplementary_information: Option<String>,
    /// The scheme, its price per tCO2e and its exchange rate, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_information: Option<String>,
    /// The quantity of the good the price applies to.
    pub measure: Measure,
}

/// A remark on a good's emissions (`RemarksEmissions`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RemarksEmissions {
    /// The remark's number, from 1.
    pub sequence_number: u32,
    /// The remark, at most 512 characters.
    pub additional_information: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dec {
        Dec::from_str_exact(s).unwrap()
    }

    #[test]
    fn decimals_are_rounded_only_when_written() {
        assert_eq!(Dec7(d("0.78521474100000")).text(), "0.7852147");
        assert_eq!(Dec7(d("0.12345675")).text(), "0.1234568");
        assert_eq!(Dec7(d("1")).text(), "1.0000000");
        assert_eq!(Dec7(d("-0.00000001")).text(), "0.0000000");
        assert_eq!(Dec6(d("1321052.6315789474")).text(), "1321052.631579");
        assert_eq!(Dec5(d("0.0000000001")).text(), "0.00000");
        assert_eq!(Dec7(d("0.0000001")).text(), "0.0000001");
        assert!(Dec7(d("999999999.1")).fits(16));
        assert!(!Dec7(d("1000000000")).fits(16));
        assert!(!Dec5(d("100000")).fits(10));
    }
}
