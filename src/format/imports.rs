//! The imports workbook, format version 1: what an EU importer (the declarant) fills in once per
//! quarter to have `cbam report` write its QReport XML.
//!
//! Layout, following the installation workbook ([`super::tidy`]): a key/value sheet `Declarant`
//! (field in column A, value in column B, notes in C) and a table sheet `Imports` with the column
//! keys in row 1, units or notes in row 2 and one customs line per row from row 3 on. Columns may
//! come in any order; a row whose cells are all empty is skipped.
//!
//! [`MAX_CHARS`] gives, per field, the longest text the QReport schema takes where the value is
//! copied into the XML (`an..N` types): the reader refuses longer text with its cell, rather than
//! let the schema validation fail later. No I/O here.

use super::tidy::{Column, Kind, MASS, Table, UnitChoice};

/// `Declarant!A1` holds [`FORMAT_KEY`], `Declarant!B1` holds [`FORMAT_NAME`].
pub const FORMAT_KEY: &str = "format";
/// The workbook's format name, in `Declarant!B1`.
pub const FORMAT_NAME: &str = "cbam-imports-workbook";
/// The format's version, in the Declarant field `format_version`.
pub const FORMAT_VERSION: u32 = 1;

/// Name of the key/value sheet of the reporting declarant.
pub const DECLARANT: &str = "Declarant";
/// Name of the table sheet of customs lines.
pub const IMPORTS: &str = "Imports";

const fn col(key: &'static str, required: bool, kind: Kind, note: &'static str) -> Column {
    Column { key, required, kind, unit: None, note }
}
const fn num(key: &'static str, required: bool, unit: UnitChoice, note: &'static str) -> Column {
    Column { key, required, kind: Kind::Number, unit: Some(unit), note }
}

/// QReport `Role` of the declarant (01 importer, 02 representative, 03 both; DOMAIN §5).
pub const ROLES: &[&str] = &["01", "02", "03"];
/// QReport `ImportArea`.
pub const IMPORT_AREAS: &[&str] = &["EU", "EUOTH"];
/// Grey or white, for the default value of clinker and hydraulic cements.
pub const VARIANTS: &[&str] = &["grey", "white"];
/// The values the list of a yes/no column offers in the workbook `cbam init --imports` writes.
pub const YES_NO: &[&str] = &["yes", "no"];

/// Fields of the key/value sheet `Declarant`, in the order `cbam init --imports` writes them.
pub const DECLARANT_FIELDS: &[Column] = &[
    col("format", true, Kind::Text, "always cbam-imports-workbook"),
    col("format_version", true, Kind::Number, "always 1"),
    col("eori", true, Kind::Text, "EORI number of the reporting declarant: country code and up to 15 letters or digits, e.g. DE123456789012345"),
    col("name", true, Kind::Text, "name of the reporting declarant"),
    col("role", true, Kind::Code(ROLES), "01 importer, 02 indirect customs representative, 03 importer for some goods and representative for others"),
    col("subdivision", false, Kind::Text, "region or state of the declarant's address"),
    col("city", true, Kind::Text, "city of the declarant's address (QReport has no country here: the EORI says it)"),
    col("street", false, Kind::Text, ""),
    col("street_additional_line", false, Kind::Text, ""),
    col("number", false, Kind::Text, "house number"),
    col("post_code", false, Kind::Text, ""),
    col("po_box", false, Kind::Text, ""),
    col("representative_eori", false, Kind::Text, "indirect customs representative, if any: EORI number (then name, country and city are required)"),
    col("representative_name", false, Kind::Text, ""),
    col("representative_country", false, Kind::Text, "ISO 3166-1 alpha-2"),
    col("representative_city", false, Kind::Text, ""),
    col("representative_street", false, Kind::Text, ""),
    col("representative_number", false, Kind::Text, ""),
    col("representative_post_code", false, Kind::Text, ""),
    col("importer_eori", false, Kind::Text, "importer, when the declarant reports as representative: EORI number (then name, country and city are required)"),
    col("importer_name", false, Kind::Text, ""),
    col("importer_country", false, Kind::Text, "ISO 3166-1 alpha-2"),
    col("importer_city", false, Kind::Text, ""),
    col("importer_street", false, Kind::Text, ""),
    col("importer_number", false, Kind::Text, ""),
    col("importer_post_code", false, Kind::Text, ""),
    col("signature_place", true, Kind::Text, "place of signature, e.g. Hamburg"),
    col("signatory", true, Kind::Text, "full name of the person signing the report"),
    col("signatory_position", true, Kind::Text, "position of that person"),
    col("global_data_confirmation", true, Kind::Bool, "yes: the declarant confirms the report is complete and correct to the best of its knowledge"),
    col("use_of_data_confirmation", true, Kind::Bool, "yes: the declarant agrees to the use of the data by the Commission and the competent authorities"),
    col("other_methodology", false, Kind::Bool, "yes when some emissions were determined by a methodology other than the Commission's (TOM02)"),
    col("report_id", false, Kind::Text, "report identifier given by the registry, for a correction of an earlier report"),
    col("remarks", false, Kind::Text, "remarks on the whole report"),
];

/// The sheet `Imports`: one row per customs line of CBAM goods released in the quarter.
pub const IMPORTS_TABLE: Table = Table {
    sheet: IMPORTS,
    purpose: "One row per customs line (declaration item) of CBAM goods released in the quarter, with the supplier installation the goods come from.",
    columns: &[
        col("declaration", false, Kind::Text, "customs declaration reference (MRN) and item, for your records and messages"),
        col("release_date", true, Kind::Date, "date the customs declaration was accepted; must fall in the quarter reported"),
        col("cn_code", true, Kind::Text, "8-digit CN code of a cement or aluminium good, e.g. 76011000 or 2523 29 00"),
        col("description", false, Kind::Text, "description of the goods; the CN code's description is used when blank"),
        col("origin_country", true, Kind::Text, "country of origin, ISO 3166-1 alpha-2, e.g. CN"),
        num("net_mass", true, MASS, "net mass of the goods"),
        col("supplementary_units", false, Kind::Number, "supplementary units, where the CN code has any (cement and aluminium codes have none)"),
        col("requested_procedure", true, Kind::Text, "requested customs procedure, 2 digits, e.g. 40 (release for free circulation and home use)"),
        col("previous_procedure", false, Kind::Text, "previous customs procedure, 2 digits, e.g. 51 after inward processing"),
        col("import_area", true, Kind::Code(IMPORT_AREAS), "EU (customs import declaration) or EUOTH (other means)"),
        col("ip_member_state", false, Kind::Text, "inward processing: member state of the authorisation, ISO alpha-2 (then all ip_ columns are required)"),
        col("ip_discharge_bill_waiver", false, Kind::Bool, "inward processing: whether the bill of discharge is waived"),
        col("ip_authorisation", false, Kind::Text, "inward processing: authorisation number"),
        col("ip_start", false, Kind::Date, "inward processing: start of the authorisation"),
        col("ip_end", false, Kind::Date, "inward processing: end of the authorisation"),
        col("ip_deadline", false, Kind::Date, "inward processing: deadline for discharge"),
        col("installation", false, Kind::Text, "supplier installation: its installation_id or UN/LOCODE, as in the workbook it sent; blank when unknown"),
        col("product", false, Kind::Text, "the supplier's product name, when the installation lists several goods under this CN code"),
        col(
            "variant",
            false,
            Kind::Code(VARIANTS),
            "grey or white: picks the default value of clinker and hydraulic cements (used only with --allow-defaults)",
        ),
        col("document_type", false, Kind::Text, "supporting document for the goods: type code of 4 characters, e.g. N935 (invoice)"),
        col("document_reference", false, Kind::Text, "that document's reference number"),
    ],
};

/// Every table of the format, in sheet order.
pub const TABLES: [&Table; 1] = [&IMPORTS_TABLE];

/// Longest text the QReport schema accepts for the value of a field or column, in characters
/// (`an..N`), keyed by the field or column key. Fields of the `Declarant` sheet and `Imports`
/// columns share no key, so one list serves both.
pub const MAX_CHARS: &[(&str, usize)] = &[
    ("eori", 17),
    ("name", 70),
    ("subdivision", 35),
    ("city", 35),
    ("street", 70),
    ("street_additional_line", 70),
    ("number", 35),
    ("post_code", 17),
    ("po_box", 70),
    ("representative_eori", 17),
    ("representative_name", 70),
    ("representative_city", 35),
    ("representative_street", 70),
    ("representative_number", 35),
    ("representative_post_code", 17),
    ("importer_eori", 17),
    ("importer_name", 70),
    ("importer_city", 35),
    ("importer_street", 70),
    ("importer_number", 35),
    ("importer_post_code", 17),
    ("signature_place", 128),
    ("signatory", 128),
    ("signatory_position", 128),
    ("report_id", 22),
    ("remarks", 512),
    ("description", 512),
    ("ip_authorisation", 512),
    ("document_reference", 70),
];

/// The schema's limit for a key, if the value is copied into the XML as text.
pub fn max_chars(key: &str) -> Option<usize> {
    MAX_CHARS.iter().find(|(k, _)| *k == key).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_limits_name_real_keys() {
        let mut keys: Vec<&str> = DECLARANT_FIELDS.iter().map(|c| c.key).chain(IMPORTS_TABLE.columns.iter().map(|c| c.key)).collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(n, keys.len(), "a key is used twice");
        for (k, _) in MAX_CHARS {
            assert!(keys.contains(k), "MAX_CHARS names unknown key {k}");
        }
        assert_eq!(DECLARANT_FIELDS[0].key, FORMAT_KEY);
        assert!(DECLARANT_FIELDS.iter().all(|c| c.unit.is_none()));
    }
}

/// Typed handles of the columns of [`IMPORTS_TABLE`], in its order: a reader names a column by
/// its handle, so a misspelt key fails to compile. `tests::every_handle_names_its_column` checks
/// that each handle is at its column's position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// `declaration`: the customs declaration reference (MRN) and item.
    Declaration,
    /// `release_date`: the day the customs declaration was accepted.
    ReleaseDate,
    /// `cn_code`: the 8-digit CN code.
    CnCode,
    /// `description`: the description of the goods.
    Description,
    /// `origin_country`: the country of origin, ISO 3166-1 alpha-2.
    OriginCountry,
    /// `net_mass`: the net mass of the goods.
    NetMass,
    /// `supplementary_units`: supplementary units, where the CN code has any.
    SupplementaryUnits,
    /// `requested_procedure`: the requested customs procedure, 2 digits.
    RequestedProcedure,
    /// `previous_procedure`: the previous customs procedure, 2 digits.
    PreviousProcedure,
    /// `import_area`: `EU` or `EUOTH`.
    ImportArea,
    /// `ip_member_state`: inward processing, the member state of the authorisation.
    IpMemberState,
    /// `ip_discharge_bill_waiver`: inward processing, whether the bill of discharge is waived.
    IpDischargeBillWaiver,
    /// `ip_authorisation`: inward processing, the authorisation number.
    IpAuthorisation,
    /// `ip_start`: inward processing, the start of the authorisation.
    IpStart,
    /// `ip_end`: inward processing, the end of the authorisation.
    IpEnd,
    /// `ip_deadline`: inward processing, the deadline for discharge.
    IpDeadline,
    /// `installation`: the supplier installation's installation_id or UN/LOCODE.
    Installation,
    /// `product`: the supplier's product name.
    Product,
    /// `variant`: grey or white, for the default value of clinker and hydraulic cements.
    Variant,
    /// `document_type`: the type code of a supporting document.
    DocumentType,
    /// `document_reference`: that document's reference number.
    DocumentReference,
}

impl Col {
    /// Every column, in the order of [`IMPORTS_TABLE`].
    pub const ALL: [Col; 21] = [
        Col::Declaration,
        Col::ReleaseDate,
        Col::CnCode,
        Col::Description,
        Col::OriginCountry,
        Col::NetMass,
        Col::SupplementaryUnits,
        Col::RequestedProcedure,
        Col::PreviousProcedure,
        Col::ImportArea,
        Col::IpMemberState,
        Col::IpDischargeBillWaiver,
        Col::IpAuthorisation,
        Col::IpStart,
        Col::IpEnd,
        Col::IpDeadline,
        Col::Installation,
        Col::Product,
        Col::Variant,
        Col::DocumentType,
        Col::DocumentReference,
    ];

    /// The column's position in [`IMPORTS_TABLE`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The column's key, as the header and messages write it.
    pub fn key(self) -> &'static str {
        IMPORTS_TABLE.columns[self.index()].key
    }

    /// The key each handle stands for, written out once: what the test compares the table with.
    #[cfg(test)]
    fn spelled(self) -> &'static str {
        match self {
            Col::Declaration => "declaration",
            Col::ReleaseDate => "release_date",
            Col::CnCode => "cn_code",
            Col::Description => "description",
            Col::OriginCountry => "origin_country",
            Col::NetMass => "net_mass",
            Col::SupplementaryUnits => "supplementary_units",
            Col::RequestedProcedure => "requested_procedure",
            Col::PreviousProcedure => "previous_procedure",
            Col::ImportArea => "import_area",
            Col::IpMemberState => "ip_member_state",
            Col::IpDischargeBillWaiver => "ip_discharge_bill_waiver",
            Col::IpAuthorisation => "ip_authorisation",
            Col::IpStart => "ip_start",
            Col::IpEnd => "ip_end",
            Col::IpDeadline => "ip_deadline",
            Col::Installation => "installation",
            Col::Product => "product",
            Col::Variant => "variant",
            Col::DocumentType => "document_type",
            Col::DocumentReference => "document_reference",
        }
    }
}

#[cfg(test)]
mod col_tests {
    use super::*;

    #[test]
    fn every_handle_names_its_column() {
        assert_eq!(Col::ALL.len(), IMPORTS_TABLE.columns.len(), "a column without a handle");
        for (i, c) in Col::ALL.iter().enumerate() {
            assert_eq!(c.index(), i);
            assert_eq!(IMPORTS_TABLE.columns[i].key, c.spelled(), "handle {c:?}");
        }
    }
}
