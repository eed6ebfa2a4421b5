//! What an EU importer reports for a quarter: the reporting declarant (with its representative or
//! importer where there is one) and its customs lines of CBAM goods, each naming the supplier
//! installation it came from. Read from the imports workbook by `read::imports`; turned into the
//! quarterly report by `report`. Values are validated and in canonical units (tonnes).

use chrono::NaiveDate;
use serde::Serialize;

use super::{CellRef, CnCode, CountryCode, Dec, Variant};

/// One imports file: the declarant and every customs line, in input order.
#[derive(Debug, Clone, Serialize)]
pub struct Imports {
    /// From the workbook's `Declarant` sheet; `None` for a CSV file of customs lines, which has
    /// none (the declaration takes the declarant from its options; the quarterly report refuses).
    pub declarant: Option<Declarant>,
    /// Lines of cement and aluminium goods, which cbam computes.
    pub lines: Vec<ImportLine>,
    /// Lines of goods outside cement and aluminium: CBAM goods of other sectors (counted towards
    /// the de minimis threshold of the declaration, not computed) and goods outside CBAM.
    pub outside: Vec<OutsideLine>,
}

/// A customs line of a good cbam does not compute.
#[derive(Debug, Clone, Serialize)]
pub struct OutsideLine {
    /// The 8 digits as read (spaces and dots removed).
    pub cn_code: String,
    /// The code as written in its cell (`7602 00 11`), which messages quote.
    #[serde(skip)]
    pub cn_text: String,
    /// The CBAM sector of Annex I of Regulation 2023/956 (`iron and steel`, `fertilisers`,
    /// `hydrogen`, `electricity`), or `None` for a good outside CBAM.
    pub sector: Option<&'static str>,
    /// The day the customs declaration was accepted.
    pub release_date: NaiveDate,
    /// Country of origin of the goods.
    pub origin: CountryCode,
    /// Net mass, t.
    pub net_mass_t: Dec,
    /// The line's first cell, and the CN code's.
    #[serde(skip)]
    pub at: LineCells,
}

/// The reporting declarant of a quarterly report, who signs it (the `Declarant` sheet).
#[derive(Debug, Clone, Serialize)]
pub struct Declarant {
    /// EORI number.
    pub eori: String,
    /// The declarant's name.
    pub name: String,
    /// QReport role code: 01 importer, 02 indirect customs representative, 03 importer for some
    /// goods and representative for others.
    pub role: String,
    /// The declarant's address has no country in QReport.
    pub address: Address,
    /// The indirect customs representative, where there is one.
    pub representative: Option<Party>,
    /// The importer, where the declarant reports as its representative.
    pub importer: Option<Party>,
    /// Where the report is signed (e.g. Hamburg).
    pub signature_place: String,
    /// Full name of the person signing the report.
    pub signatory: String,
    /// That person's position.
    pub signatory_position: String,
    /// The declarant confirms the report is complete and correct to the best of its knowledge
    /// (the registry accepts a report only with it).
    pub global_data_confirmation: bool,
    /// The declarant agrees to the use of the data by the Commission and the competent
    /// authorities (the registry accepts a report only with it).
    pub use_of_data_confirmation: bool,
    /// Whether some emissions were determined by a methodology other than the Commission's
    /// (QReport TOM02); `None` where not said.
    pub other_methodology: Option<bool>,
    /// The registry's identifier of an earlier report this one corrects.
    pub report_id: Option<String>,
    /// Remarks on the whole report.
    pub remarks: Option<String>,
}

/// A representative or an importer: EORI, name and an address with its country.
#[derive(Debug, Clone, Serialize)]
pub struct Party {
    /// EORI number.
    pub eori: String,
    /// The party's name.
    pub name: String,
    /// The party's address, with its country.
    pub address: Address,
}

/// A postal address as QReport takes it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Address {
    /// Country; `None` for the declarant's own address (its EORI says it).
    pub country: Option<CountryCode>,
    /// Region or state.
    pub subdivision: Option<String>,
    /// City.
    pub city: String,
    /// Street.
    pub street: Option<String>,
    /// An additional line of the street address.
    pub street_additional_line: Option<String>,
    /// House number.
    pub number: Option<String>,
    /// Post code.
    pub post_code: Option<String>,
    /// Post-office box.
    pub po_box: Option<String>,
}

/// One customs line (declaration item).
#[derive(Debug, Clone, Serialize)]
pub struct ImportLine {
    /// The customs declaration reference (MRN) and item, for the declarant's records and
    /// messages.
    pub declaration: Option<String>,
    /// The day the customs declaration was accepted; it falls in the quarter reported.
    pub release_date: NaiveDate,
    /// The good's CN code (cement or aluminium).
    pub cn_code: CnCode,
    /// Description of the goods; `None`: the CN code's description is used.
    pub description: Option<String>,
    /// Country of origin of the goods.
    pub origin: CountryCode,
    /// Net mass, t.
    pub net_mass_t: Dec,
    /// Supplementary units, where the CN code has any (cement and aluminium codes have none).
    pub supplementary_units: Option<Dec>,
    /// The customs procedure and import area the goods were declared under.
    pub procedure: Procedure,
    /// The supplier installation as written (installation id or UN/LOCODE).
    pub installation: Option<String>,
    /// The supplier's product name, where the installation lists several goods under this CN
    /// code.
    pub product: Option<String>,
    /// Grey or white: picks the default value of clinker and hydraulic cements.
    pub variant: Option<Variant>,
    /// A supporting document for the goods. Boxed: most lines have none, and a year of lines is
    /// held at once.
    pub document: Option<Box<SupportingDocument>>,
    /// Cells of the line, for diagnostics.
    #[serde(skip)]
    pub at: LineCells,
}

/// Requested and previous customs procedure, import area and inward-processing data: lines
/// that agree on all of it are one `ImportedQuantity` of the report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Procedure {
    /// Two digits, e.g. `40`.
    pub requested: String,
    /// Previous customs procedure, two digits (e.g. `51` after inward processing).
    pub previous: Option<String>,
    /// `EU` or `EUOTH`.
    pub area: String,
    /// The inward-processing authorisation, where the goods come from inward processing.
    /// Boxed: most lines have none, and a year of lines is held at once.
    pub inward_processing: Option<Box<InwardProcessing>>,
}

/// The inward-processing authorisation of goods released after inward processing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct InwardProcessing {
    /// Member state that issued the authorisation.
    pub member_state: CountryCode,
    /// Whether the bill of discharge is waived.
    pub discharge_bill_waiver: bool,
    /// The authorisation number.
    pub authorisation: String,
    /// First day of the authorisation.
    pub start: NaiveDate,
    /// Last day of the authorisation.
    pub end: NaiveDate,
    /// Deadline for the discharge.
    pub deadline: NaiveDate,
}

/// A supporting document for the goods of a customs line (e.g. an invoice).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SupportingDocument {
    /// The document's type code, four characters (QReport `an4`, e.g. `N935` invoice).
    pub type_code: String,
    /// The document's reference number.
    pub reference: Option<String>,
}

/// Cells of a line that later checks point at: the sheet (or file) once, and the row and column
/// of each, so that a year of lines holds no more than it needs (a [`CellRef`] each would be
/// six shared names per line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineCells {
    sheet: Option<std::sync::Arc<str>>,
    text: bool,
    /// Row and column per [`LineCell`]; column [`NO_CELL`] where the sheet has no such column
    /// (48 bytes rather than the 72 of an `Option` each: a year of lines holds 400,000).
    cells: [(u32, u32); 6],
}

/// The column of a [`LineCells`] cell the sheet lacks: no sheet or file has that many columns
/// (the readers stop at 16,384).
const NO_CELL: u32 = u32::MAX;

impl Default for LineCells {
    fn default() -> LineCells {
        LineCells { sheet: None, text: false, cells: [(0, NO_CELL); 6] }
    }
}

/// The cells of a line [`LineCells`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineCell {
    /// The row's first cell.
    Row,
    /// The release date's cell.
    ReleaseDate,
    /// The CN code's cell.
    CnCode,
    /// The supplier installation's cell.
    Installation,
    /// The product's cell.
    Product,
    /// The variant's cell.
    Variant,
}

impl LineCells {
    /// No cell yet, on `sheet` (a text file's name when `text`).
    pub fn on(sheet: std::sync::Arc<str>, text: bool) -> LineCells {
        LineCells { sheet: Some(sheet), text, cells: [(0, NO_CELL); 6] }
    }

    /// Keeps the cell at `row` (a text file's line) and `col` as the line's `which` cell, on the
    /// sheet given to [`LineCells::on`].
    pub fn set_position(&mut self, which: LineCell, row: u32, col: u32) {
        debug_assert!(col != NO_CELL, "a column beyond any sheet's");
        self.cells[which as usize] = (row, col);
    }

    /// The line's `which` cell; `None` where the sheet has no such column or no sheet was set.
    pub fn get(&self, which: LineCell) -> Option<CellRef> {
        let (row, col) = self.cells[which as usize];
        if col == NO_CELL {
            return None;
        }
        Some(CellRef { sheet: self.sheet.clone()?, row, col, text: self.text })
    }

    /// The row's first cell.
    pub fn row(&self) -> Option<CellRef> {
        self.get(LineCell::Row)
    }
    /// The release date's cell.
    pub fn release_date(&self) -> Option<CellRef> {
        self.get(LineCell::ReleaseDate)
    }
    /// The CN code's cell.
    pub fn cn_code(&self) -> Option<CellRef> {
        self.get(LineCell::CnCode)
    }
    /// The supplier installation's cell.
    pub fn installation(&self) -> Option<CellRef> {
        self.get(LineCell::Installation)
    }
    /// The product's cell.
    pub fn product(&self) -> Option<CellRef> {
        self.get(LineCell::Product)
    }
    /// The variant's cell.
    pub fn variant(&self) -> Option<CellRef> {
        self.get(LineCell::Variant)
    }
}
