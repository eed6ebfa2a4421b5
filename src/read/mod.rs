//! The only place that knows calamine: opens workbooks (xlsx, ods, xls), hands their cells to
//! `validate` as plain [`Value`](crate::validate::Value)s with absolute cell references, and
//! recognises which of our input formats a file is by its content.

pub mod csv_file;
pub mod guard;
pub mod imports;
#[deny(missing_docs)]
pub mod template;
#[deny(missing_docs)]
pub mod tidy;
pub mod workbook;
mod xlsx_parts;
mod xlsx_stream;

use crate::model::DiagCode;
use std::path::Path;

use crate::model::{Diagnostic, Location};

/// The input formats this tool reads, recognised by content, never by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Our tidy installation workbook (`About!A1` = `format`).
    TidyInstallation,
    /// The Commission's "Communication template for installations".
    CommunicationTemplate,
    /// Our imports workbook of a reporting declarant (`Declarant` and `Imports` sheets).
    Imports,
}

/// Opens `path` and says what it is; a located error when it is none of our formats.
pub fn recognise(book: &workbook::Book) -> Result<InputKind, Diagnostic> {
    let has = |n: &str| book.sheet_names().iter().any(|s| s == n);
    if has(crate::format::tidy::ABOUT) {
        return Ok(InputKind::TidyInstallation);
    }
    if has("0_Versions") && has("A_InstData") && has("Summary_Products") {
        return Ok(InputKind::CommunicationTemplate);
    }
    if has(crate::format::imports::DECLARANT) && has(crate::format::imports::IMPORTS) {
        return Ok(InputKind::Imports);
    }
    Err(Diagnostic::error(
        DiagCode::InputUnknownFormat,
        Some(Location::File(book.path_display())),
        format!(
            "this workbook is neither a cbam installation workbook nor a CBAM Communication template; its sheets are: {}",
            book.sheet_names().iter().take(12).cloned().collect::<Vec<_>>().join(", ")
        ),
    )
    .hint("create a blank installation workbook with `cbam init installation.xlsx`"))
}

/// Convenience: open and recognise.
pub fn open(path: &Path) -> Result<(workbook::Book, InputKind), Diagnostic> {
    let book = workbook::Book::open(path)?;
    let kind = recognise(&book)?;
    Ok((book, kind))
}
