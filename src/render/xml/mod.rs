//! The registry XML: the CBAM quarterly report (QReport v23.00).
//!
//! - [`dto`]: the document as structs in the schema's element order, decimals rounded to the
//!   schema's digits only when written;
//! - [`write()`]: those structs to UTF-8 bytes with the XML declaration, indented, escaped by
//!   quick-xml; the same structs always give the same bytes;
//! - [`xsd`]: validation against the official schema (`schemas/`, embedded) with libxml2, in
//!   process, streaming, errors with line and column;
//! - [`tree`]: a located element tree of a QReport file for the business rules of
//!   `cbam validate`, refusing DOCTYPE declarations (no entity is ever expanded).
//!
//! This module must not read inputs or compute emissions: `crate::report` fills the DTOs.

pub mod dto;
pub mod tree;
pub mod xsd;

/// The XML declaration written before the root element.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// The report as UTF-8 bytes: declaration, root with its namespace, elements indented by two
/// spaces, a final newline.
pub fn write(report: &dto::QReport) -> crate::render::Result<Vec<u8>> {
    let mut text = String::with_capacity(4096 + 2500 * report.imported_good.len());
    text.push_str(DECLARATION);
    let mut ser = quick_xml::se::Serializer::new(&mut text);
    ser.indent(' ', 2);
    serde::Serialize::serialize(report, ser).map_err(|e| crate::render::Error::Xml(e.to_string()))?;
    text.push('\n');
    Ok(text.into_bytes())
}
