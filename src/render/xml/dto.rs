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

#[derive(Debug, Clone, Serialize)]
#[serde(rename = "QReport", rename_all = "PascalCase")]
pub struct QReport {
    #[serde(rename = "@xmlns")]
    pub xmlns: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submission_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_id: Option<String>,
    pub reporting_period: String,
    pub year: i32,
    pub declarant: Declarant,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub representative: Option<Representative>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub importer: Option<Importer>,
    pub signatures: Signatures,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<Remarks>,
    pub imported_good: Vec<ImportedGood>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Declarant {
    pub identification_number: String,
    pub name: String,
    pub role: String,
    pub actor_address: DeclarantAddress,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Importer {
    pub identification_number: String,
    pub name: String,
    pub importer_address: Address,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Representative {
    pub identification_number: String,
    pub name: String,
    pub representative_address: Address,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Signatures {
    pub report_confirmation: ReportConfirmation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicable_methodology_confirmation: Option<ApplicableMethodologyConfirmation>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReportConfirmation {
    pub global_data_confirmation: bool,
    pub use_of_data_confirmation: bool,
    pub signature_place: String,
    pub signature: String,
    pub position_of_person_sending: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicableMethodologyConfirmation {
    pub other_applicable_reporting_methodology: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Remarks {
    pub additional_information: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImportedGood {
    pub item_number: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub representative: Option<Representative>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub importer: Option<Importer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commodity_code: Option<CommodityCode>,
    pub origin_country: OriginCountry,
    pub imported_quantity: Vec<ImportedQuantity>,
    pub measure_imported: Measure,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub supporting_documents: Vec<SupportingDocument>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<Remarks>,
    pub goods_emissions: Vec<GoodsEmissions>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CommodityCode {
    pub hs_code: String,
    pub cn_code: String,
    pub commodity_details: CommodityDetails,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CommodityDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OriginCountry {
    pub country: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImportedQuantity {
    pub sequence_number: u32,
    pub procedure: Procedure,
    pub import_area: ImportArea,
    pub measure_procedure_imported: Vec<MeasureProcedure>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Procedure {
    pub requested_proc: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_proc: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inward_processing_info: Vec<InwardProcessingInfo>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InwardProcessingInfo {
    pub member_state_auth: String,
    pub discharge_bill_waiver: u8,
    pub authorisation: String,
    /// `YYYYMMDD` (`n8`).
    pub start_time: String,
    pub end_time: String,
    pub deadline: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImportArea {
    pub import_area: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Measure {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_mass: Option<Dec6>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplementary_units: Option<Dec6>,
    pub measurement_unit: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MeasureProcedure {
    pub indicator: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_mass: Option<Dec6>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplementary_units: Option<Dec6>,
    pub measurement_unit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SupportingDocument {
    pub sequence_number: u32,
    #[serde(rename = "Type")]
    pub type_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_number: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GoodsEmissions {
    pub sequence_number: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub production_country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installation_operator: Option<InstallationOperator>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installation: Option<Installation>,
    pub produced_measure: Measure,
    pub direct_emissions: DirectEmissions,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indirect_emissions: Option<IndirectEmissions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prod_method_qualifying_params: Option<ProdMethodQualifyingParams>,
    /// Issue 5: the carbon price due, from the supplier's declaration (empty until then).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub carbon_price_due: Vec<CarbonPriceDue>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remarks_emissions: Vec<RemarksEmissions>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Installation {
    pub installation_id: String,
    pub installation_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub economic_activity: Option<String>,
    pub address: InstallationAddress,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstallationAddress {
    pub establishment_country: String,
    pub city: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(rename = "POBox", skip_serializing_if = "Option::is_none")]
    pub po_box: Option<String>,
    #[serde(rename = "UNLOCODE", skip_serializing_if = "Option::is_none")]
    pub unlocode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordinates_type: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstallationOperator {
    pub operator_id: String,
    pub operator_name: String,
    pub operator_address: Address,
    pub contact_details: Vec<ContactDetails>,
}

/// `AddressType`: representative, importer and operator addresses (with a country).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Address {
    pub country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_division: Option<String>,
    pub city: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_additional_line: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(rename = "POBox", skip_serializing_if = "Option::is_none")]
    pub po_box: Option<String>,
}

/// `DeclarantAddressType`: no country.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeclarantAddress {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_division: Option<String>,
    pub city: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_additional_line: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(rename = "POBox", skip_serializing_if = "Option::is_none")]
    pub po_box: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContactDetails {
    pub name: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DirectEmissions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub determination_type: Option<String>,
    pub applicable_reporting_type_methodology: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicable_reporting_methodology: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specific_embedded_emissions: Option<Dec7>,
    pub measurement_unit: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IndirectEmissions {
    pub determination_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emission_factor: Option<Dec5>,
    pub specific_embedded_emissions: Dec7,
    pub measurement_unit: String,
    /// Specific electricity consumption, MWh per tonne of good (`dec5-5`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub electricity_consumed: Option<Dec5>,
    pub electricity_source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_source_indication: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emission_factor_source_value: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProdMethodQualifyingParams {
    pub sequence_number: u32,
    pub method_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_information: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub direct_qualifying_parameters: Vec<QualifyingParameter>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QualifyingParameter {
    pub sequence_number: u32,
    pub parameter_id: String,
    pub parameter_value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_information: Option<String>,
}

/// `CarbonPriceDueType`; filled by issue 5 from the supplier's carbon-price declaration.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CarbonPriceDue {
    pub sequence_number: u32,
    pub instrument_type: String,
    pub legal_act_description: String,
    /// In the original currency (`xs:decimal`); written with 5 decimals.
    pub amount: Dec5,
    pub currency: String,
    pub country: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub products_covered: Vec<ProductsCovered>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProductsCovered {
    pub sequence_number: u32,
    #[serde(rename = "Type")]
    pub type_code: String,
    #[serde(rename = "CN", skip_serializing_if = "Option::is_none")]
    pub cn: Option<String>,
    pub quantity_covered: Dec5,
    pub quantity_covered_free_aloc: Dec5,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplementary_information: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_information: Option<String>,
    pub measure: Measure,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RemarksEmissions {
    pub sequence_number: u32,
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
