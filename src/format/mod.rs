//! The definitions of this project's own spreadsheet formats, as data: sheet names, columns,
//! units, code lists and notes. The readers (`read`), the blank-workbook writer (`cbam init`)
//! and the documentation all follow these tables, so they cannot drift apart.
//!
//! No I/O here, and no knowledge of any spreadsheet library.

pub mod imports;
pub mod tidy;
