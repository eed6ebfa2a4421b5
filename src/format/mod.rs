//! The definitions of the spreadsheet formats cbam reads and writes, as data (its own formats,
//! and the cell map of the Commission's Communication template): sheet names, columns,
//! units, code lists and notes (in English beside the columns, in Chinese in `notes`). The readers (`read`), the blank-workbook writer (`cbam init`)
//! and the documentation all follow these tables, so they cannot drift apart.
//!
//! No I/O here, and no knowledge of any spreadsheet library.

pub mod diagnostics;
pub mod imports;
pub mod notes;
pub mod template_cells;
pub mod template_countries;
pub mod tidy;
