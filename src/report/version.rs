//! Recognising a report of another schema (version) before listing its errors against v23.00: a
//! root element that is not `QReport`, a namespace other than v23.00's, or a trait of the older
//! versions (the declarant's address with a `Country`, which v23.00 removed). One plain sentence
//! then says so, instead of only a list of schema errors that do not name the cause.

use crate::model::DiagCode;
use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::model::{Diagnostic, Location};
use crate::render::xml::dto::NAMESPACE;
use crate::render::xml::tree::Element;

/// The root element's local name and namespace, with the line and column of its start tag.
/// `None` when the document has no readable root (the syntax errors say why).
pub fn root(xml: &[u8]) -> Option<(String, Option<String>, u32, u32)> {
    let text = std::str::from_utf8(xml).ok()?;
    let mut reader = Reader::from_str(text);
    loop {
        let pos = reader.buffer_position() as usize;
        match reader.read_event().ok()? {
            Event::Start(s) | Event::Empty(s) => {
                let qname = s.name().as_ref().to_string();
                let (prefix, local) = match qname.split_once(':') {
                    Some((p, l)) => (Some(p.to_string()), l.to_string()),
                    None => (None, qname.clone()),
                };
                let wanted = match &prefix {
                    Some(p) => format!("xmlns:{p}"),
                    None => "xmlns".to_string(),
                };
                let ns = s.attributes().flatten().find(|a| a.key.as_ref() == wanted).map(|a| a.value.to_string());
                let before = &text[..pos.min(text.len())];
                let line = before.matches('\n').count() as u32 + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
                return Some((local, ns, line, column));
            }
            Event::Eof | Event::DocType(_) => return None,
            _ => {}
        }
    }
}

/// A refusal when the root is not v23.00's `QReport`: nothing of the document can then be checked
/// against v23.00 meaningfully.
pub fn other_schema(xml: &[u8]) -> Option<Diagnostic> {
    let (name, ns, line, column) = root(xml)?;
    let at = Some(Location::Line { line, column: Some(column) });
    let ns_text = ns.as_deref().map_or("no namespace".to_string(), |n| format!("the namespace {n}"));
    if name != "QReport" {
        return Some(
            Diagnostic::error(
                DiagCode::XmlSchemaVersion,
                at,
                format!("the root element is {name} in {ns_text}: this is not a QReport (the quarterly report's root element is QReport)"),
            )
            .hint("cbam validate checks CBAM quarterly reports (QReport v23.00) only"),
        );
    }
    if ns.as_deref() != Some(NAMESPACE) {
        return Some(
            Diagnostic::error(
                DiagCode::XmlSchemaVersion,
                at,
                format!("the QReport is in {ns_text}, not in {NAMESPACE}, the namespace of QReport v23.00: the file follows another version of the schema, or another schema"),
            )
            .hint("cbam validates against QReport v23.00 only: have the report made again for that version"),
        );
    }
    None
}

/// Looks at each child of the root as it is read for traits of an older schema version.
#[derive(Default)]
pub struct OlderVersion {
    declarant_country: Option<(u32, u32)>,
}

impl OlderVersion {
    /// Looks at one child of the root: a `Declarant` whose address has a `Country` is of an older
    /// version.
    pub fn element(&mut self, e: &Element) {
        if e.name == "Declarant"
            && let Some(c) = e.at("ActorAddress/Country")
        {
            self.declarant_country.get_or_insert((c.line, c.column));
        }
    }

    /// The sentence that names the older version, to put before the schema errors.
    pub fn finish(self) -> Option<Diagnostic> {
        let (line, column) = self.declarant_country?;
        Some(
            Diagnostic::error(
                DiagCode::XmlSchemaVersion,
                Some(Location::Line { line, column: Some(column) }),
                "this report follows an older version of the QReport schema: its declarant's address has a Country, which version 23.00 no longer has; the errors below are its differences from v23.00",
            )
            .hint("have the report made again for QReport v23.00, the version the registry takes"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_namespace_is_found_with_or_without_a_prefix() {
        let v23 = format!("<?xml version=\"1.0\"?>\n<!-- c -->\n<q:QReport xmlns:q=\"{NAMESPACE}\"><q:Year>2025</q:Year></q:QReport>");
        assert_eq!(root(v23.as_bytes()), Some(("QReport".into(), Some(NAMESPACE.into()), 3, 1)));
        assert!(other_schema(v23.as_bytes()).is_none());
        // The default namespace does not apply to a prefixed name.
        let wrong = format!("<q:QReport xmlns=\"{NAMESPACE}\" xmlns:q=\"urn:other\"/>");
        assert!(other_schema(wrong.as_bytes()).unwrap().message.contains("the namespace urn:other"));
        let none = "<QReport/>";
        assert!(other_schema(none.as_bytes()).unwrap().message.contains("QReport is in no namespace"));
    }
}
