//! The one error type of the renderers.
//!
//! A renderer fails for one of three reasons: what it was given cannot be rendered as asked (a
//! reporting period of the transitional rules for an operator's report), something around it
//! failed (a file that cannot be written, a template that is not an xlsx file), or the code that
//! defines the output is wrong (a misspelt column key of a workbook format, a typst error in a
//! shipped template). Each variant says which, and its message names the place.
//!
//! Problems found *in a document* by a check (the XSD's findings on a QReport, the JSON Schema's
//! on an operator's report) are not errors of the renderer: they are records
//! ([`xml::xsd::XsdProblem`](super::xml::xsd::XsdProblem),
//! [`operator_report::schema::SchemaProblem`](super::operator_report::schema::SchemaProblem)) that
//! become [`Diagnostic`](crate::model::Diagnostic)s.

use std::path::PathBuf;

use chrono::NaiveDate;
use rust_xlsxwriter::XlsxError;

/// Why a renderer could not produce its output.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be written (the path and the system's reason).
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's reason.
        source: std::io::Error,
    },

    /// The QReport could not be serialised to XML.
    #[error("cannot write the report XML: {0}")]
    Xml(String),
    /// The embedded XSD could not be written to a temporary directory for libxml2.
    #[error("cannot write the schema files to a temporary directory: {0}")]
    SchemaFiles(std::io::Error),
    /// The embedded XSD does not parse: a defect of the build, not of the input.
    #[error("the embedded schema does not parse: {0}")]
    SchemaParse(String),
    /// A file to validate whose name holds a NUL byte, which libxml2 cannot be given.
    #[error("cannot validate {}: its name holds a NUL byte", .0.display())]
    NulInPath(PathBuf),
    /// The document is larger than libxml2 validates in memory.
    #[error("the document is too large to validate in memory ({0} bytes)")]
    TooLarge(usize),

    /// A sheet the workbook format does not define.
    #[error("unknown sheet '{0}' in this workbook format")]
    UnknownSheet(String),
    /// A column key the sheet does not define.
    #[error("unknown column '{key}' in sheet {sheet}")]
    UnknownColumn {
        /// The sheet.
        sheet: String,
        /// The key asked for.
        key: String,
    },
    /// A row gives the same column twice.
    #[error("column '{key}' appears twice in one row of sheet {sheet}")]
    DuplicateColumn {
        /// The sheet.
        sheet: String,
        /// The column's key.
        key: String,
    },
    /// A field of the About sheet the format does not define.
    #[error("unknown About field '{0}'")]
    UnknownAboutField(String),
    /// A numeric column without its unit.
    #[error("column '{key}' of sheet {sheet} has no unit in row 2")]
    NoUnit {
        /// The sheet.
        sheet: String,
        /// The column's key.
        key: String,
    },
    /// A number cell whose text is not a finite number.
    #[error("'{text}' is not a finite number ({location})")]
    BadNumber {
        /// The sheet, row and column.
        location: String,
        /// The text found.
        text: String,
    },
    /// rust_xlsxwriter refused the workbook.
    #[error("cannot lay out the workbook: {0}")]
    Xlsx(#[from] XlsxError),

    /// The Communication template to fill is not a readable xlsx (zip) file.
    #[error("the template is not a readable xlsx file: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// A part of the template is not readable XML.
    #[error("the template's part {part} is not readable XML: {message}")]
    TemplatePart {
        /// The part's name inside the zip file (`xl/worksheets/sheet3.xml`).
        part: String,
        /// The XML reader's message.
        message: String,
    },
    /// The template has no sheet of this name.
    #[error("the template has no sheet named '{0}'")]
    NoSheet(String),
    /// An edit aims at a cell the template computes.
    #[error("cell {sheet}!{cell} of the template holds a formula; cbam writes input cells only")]
    Formula {
        /// The sheet.
        sheet: String,
        /// The cell, A1 style.
        cell: String,
    },
    /// Writing the edited workbook into memory failed.
    #[error("writing the workbook failed: {0}")]
    Edit(#[source] std::io::Error),

    /// An operator's emissions report covers periods of the definitive methodology only.
    #[error(
        "the reporting period {start} to {end} falls under {act}: the operator's emissions report (Annex IV of {definitive}) covers periods of the definitive methodology; for a transitional period make the embedded emissions statement (`cbam statement`)"
    )]
    Transitional {
        /// First day of the reporting period.
        start: NaiveDate,
        /// Last day of the reporting period.
        end: NaiveDate,
        /// The act of the transitional methodology that governs the period.
        act: &'static str,
        /// The act of the definitive methodology.
        definitive: &'static str,
    },
    /// An operator's emissions report names the installation's UN/LOCODE.
    #[error("About unlocode is blank: the report names the installation's UN/LOCODE (Annex IV 1.2-2(c))")]
    NoUnlocode,

    /// typst could not lay out or export a PDF: its errors and warnings, each with its place in
    /// the template.
    #[error("{}", .0.join("\n"))]
    Typst(Vec<String>),
    /// The statement's date of issue is not a date.
    #[error("the date of issue '{0}' is not a date")]
    IssueDate(String),
}

/// A renderer's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;
