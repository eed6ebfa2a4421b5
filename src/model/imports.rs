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
    pub release_date: NaiveDate,
    pub origin: CountryCode,
    /// Net mass, t.
    pub net_mass_t: Dec,
    /// The line's first cell, and the CN code's.
    #[serde(skip)]
    pub at: LineCells,
}

#[derive(Debug, Clone, Serialize)]
pub struct Declarant {
    /// EORI number.
    pub eori: String,
    pub name: String,
    /// QReport role code: 01, 02 or 03.
    pub role: String,
    /// The declarant's address has no country in QReport.
    pub address: Address,
    pub representative: Option<Party>,
    pub importer: Option<Party>,
    pub signature_place: String,
    pub signatory: String,
    pub signatory_position: String,
    pub global_data_confirmation: bool,
    pub use_of_data_confirmation: bool,
    pub other_methodology: Option<bool>,
    pub report_id: Option<String>,
    pub remarks: Option<String>,
}

/// A representative or an importer: EORI, name and an address with its country.
#[derive(Debug, Clone, Serialize)]
pub struct Party {
    pub eori: String,
    pub name: String,
    pub address: Address,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Address {
    pub country: Option<CountryCode>,
    pub subdivision: Option<String>,
    pub city: String,
    pub street: Option<String>,
    pub street_additional_line: Option<String>,
    pub number: Option<String>,
    pub post_code: Option<String>,
    pub po_box: Option<String>,
}

/// One customs line (declaration item).
#[derive(Debug, Clone, Serialize)]
pub struct ImportLine {
    pub declaration: Option<String>,
    pub release_date: NaiveDate,
    pub cn_code: CnCode,
    pub description: Option<String>,
    pub origin: CountryCode,
    /// Net mass, t.
    pub net_mass_t: Dec,
    pub supplementary_units: Option<Dec>,
    pub procedure: Procedure,
    /// The supplier installation as written (installation id or UN/LOCODE).
    pub installation: Option<String>,
    pub product: Option<String>,
    pub variant: Option<Variant>,
    /// Boxed: most lines have none, and a year of lines is held at once.
    pub document: Option<Box<SupportingDocument>>,
    #[serde(skip)]
    pub at: LineCells,
}

/// Requested and previous customs procedure, import area and inward-processing data: lines
/// that agree on all of it are one `ImportedQuantity` of the report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Procedure {
    /// Two digits, e.g. `40`.
    pub requested: String,
    pub previous: Option<String>,
    /// `EU` or `EUOTH`.
    pub area: String,
    /// Boxed: most lines have none, and a year of lines is held at once.
    pub inward_processing: Option<Box<InwardProcessing>>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct InwardProcessing {
    pub member_state: CountryCode,
    pub discharge_bill_waiver: bool,
    pub authorisation: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub deadline: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SupportingDocument {
    /// Four characters (QReport `an4`).
    pub type_code: String,
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
    ReleaseDate,
    CnCode,
    Installation,
    Product,
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
    pub fn release_date(&self) -> Option<CellRef> {
        self.get(LineCell::ReleaseDate)
    }
    pub fn cn_code(&self) -> Option<CellRef> {
        self.get(LineCell::CnCode)
    }
    pub fn installation(&self) -> Option<CellRef> {
        self.get(LineCell::Installation)
    }
    pub fn product(&self) -> Option<CellRef> {
        self.get(LineCell::Product)
    }
    pub fn variant(&self) -> Option<CellRef> {
        self.get(LineCell::Variant)
    }
}
