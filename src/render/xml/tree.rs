//! A QReport file as located elements, for the business rules of `cbam validate`.
//!
//! [`read`] walks the document with quick-xml and hands each child of the root element to a
//! callback as a small tree ([`Element`]: local name, line, column, text, children), then drops
//! it, so memory stays bounded by one `ImportedGood` however large the file. A DOCTYPE
//! declaration is refused (`xml.doctype`): the XML the registry takes has none, and refusing it
//! means no entity is ever declared, let alone expanded. Only the five predefined entities and
//! character references are resolved.

use crate::model::DiagCode;
use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::model::{Diagnostic, Location};

/// One element: local name (prefix dropped), 1-based line and column of its start tag, the text
/// directly inside it (trimmed), and its child elements in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// The local name (prefix dropped).
    pub name: String,
    /// The 1-based line of its start tag.
    pub line: u32,
    /// The 1-based column of its start tag.
    pub column: u32,
    /// The text directly inside it, trimmed.
    pub text: String,
    /// Its child elements, in document order.
    pub children: Vec<Element>,
}

impl Element {
    /// The first child of that name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
    /// Every child of that name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    /// Text of the element at a `/`-separated path below this one (`CommodityCode/CnCode`).
    pub fn text_at(&self, path: &str) -> Option<&str> {
        self.at(path).map(|e| e.text.as_str())
    }
    /// The element at a `/`-separated path below this one (`CommodityCode/CnCode`); `None` where
    /// there is none.
    pub fn at(&self, path: &str) -> Option<&Element> {
        path.split('/').try_fold(self, |e, name| e.child(name))
    }
    /// The line and column of the element's start tag, as a diagnostic's location.
    pub fn location(&self) -> Location {
        Location::Line { line: self.line, column: Some(self.column) }
    }
}

/// Turns byte offsets into lines and columns, counting as it goes (offsets asked for only grow
/// while a document is read), so that no index of a large file's lines is kept.
struct Lines<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines { text, offset: 0, line: 1, line_start: 0 }
    }
    /// 1-based line and column (in characters) of a byte offset at or after the last one asked.
    fn at(&mut self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            *self = Lines::new(self.text);
        }
        let bytes = &self.text.as_bytes()[self.offset..offset];
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\n' {
                self.line += 1;
                self.line_start = self.offset + i + 1;
            }
        }
        self.offset = offset;
        let col = self.text.get(self.line_start..offset).map_or(offset - self.line_start, |s| s.chars().count()) + 1;
        (self.line as u32, col as u32)
    }
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or_default().to_string()
}

/// Reads `xml`; calls `each` with every child of the root element (header elements and each
/// `ImportedGood`) in order. Returns the root element without children, or the first problem
/// that stops reading (not well-formed, DOCTYPE, unknown entity).
pub fn read(xml: &[u8], mut each: impl FnMut(Element)) -> Result<Element, Diagnostic> {
    let text = std::str::from_utf8(xml).map_err(|e| {
        let mut lines = Lines::new(std::str::from_utf8(&xml[..e.valid_up_to()]).unwrap_or_default());
        let (line, column) = lines.at(e.valid_up_to());
        Diagnostic::error(DiagCode::XmlEncoding, Some(Location::Line { line, column: Some(column) }), "expected UTF-8 text, found bytes that are not")
    })?;
    let lines = std::cell::RefCell::new(Lines::new(text));
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let located = |offset: u64, code: DiagCode, msg: String| {
        let (line, column) = lines.borrow_mut().at(offset as usize);
        Diagnostic::error(code, Some(Location::Line { line, column: Some(column) }), msg)
    };
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| located(reader.error_position(), DiagCode::XmlSyntax, format!("not well-formed XML: {e}")))?;
        match event {
            Event::DocType(_) => {
                return Err(located(pos, DiagCode::XmlDoctype, "a DOCTYPE declaration is refused: a QReport has none, and cbam never expands entities".into()));
            }
            Event::Start(s) => {
                let (line, column) = lines.borrow_mut().at(pos as usize);
                stack.push(Element { name: local(s.name().as_ref()), line, column, ..Element::default() });
            }
            Event::Empty(s) => {
                let (line, column) = lines.borrow_mut().at(pos as usize);
                let el = Element { name: local(s.name().as_ref()), line, column, ..Element::default() };
                close(el, &mut stack, &mut root, &mut each);
            }
            Event::End(_) => {
                let mut el = stack.pop().ok_or_else(|| located(pos, DiagCode::XmlSyntax, "an end tag without its start tag".into()))?;
                el.text = el.text.trim().to_string();
                close(el, &mut stack, &mut root, &mut each);
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&c.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match r.as_ref() {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "apos" => Some('\''),
                        "quot" => Some('"'),
                        _ => None,
                    },
                    Err(_) => None,
                };
                match (ch, stack.last_mut()) {
                    (Some(c), Some(top)) => top.text.push(c),
                    (None, _) => {
                        return Err(located(
                            pos,
                            DiagCode::XmlEntity,
                            format!("unknown entity reference &{};: only the five predefined entities and character references are allowed", r.as_ref()),
                        ));
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(Diagnostic::error(DiagCode::XmlSyntax, Some(open.location()), format!("element {} is not closed", open.name)));
    }
    root.ok_or_else(|| Diagnostic::error(DiagCode::XmlSyntax, None, "the document has no root element"))
}

fn close(el: Element, stack: &mut [Element], root: &mut Option<Element>, each: &mut impl FnMut(Element)) {
    match stack.len() {
        0 => *root = Some(el),
        1 => each(el),
        _ => stack.last_mut().expect("parent").children.push(el),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_keep_their_place_and_text() {
        let xml = "<?xml version=\"1.0\"?>\n<q:QReport xmlns:q=\"x\">\n  <q:Year>2025</q:Year>\n  <q:ImportedGood><q:Name>A &amp; B &lt;C&gt; &#x4E2D;文</q:Name></q:ImportedGood>\n</q:QReport>";
        let mut seen = Vec::new();
        let root = read(xml.as_bytes(), |e| seen.push(e)).unwrap();
        assert_eq!(root.name, "QReport");
        assert_eq!((seen[0].name.as_str(), seen[0].line, seen[0].column, seen[0].text.as_str()), ("Year", 3, 3, "2025"));
        assert_eq!(seen[1].text_at("Name"), Some("A & B <C> 中文"));
    }

    #[test]
    fn doctype_and_unknown_entities_are_refused() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE q [<!ENTITY e \"boom\">]>\n<q>&e;</q>";
        let e = read(xml.as_bytes(), |_| {}).unwrap_err();
        assert_eq!((e.code, e.location), (DiagCode::XmlDoctype, Some(Location::Line { line: 2, column: Some(1) })));
        let e = read(b"<q>&e;</q>", |_| {}).unwrap_err();
        assert_eq!(e.code, DiagCode::XmlEntity);
        assert_eq!(read(b"<q><a></q>", |_| {}).unwrap_err().code, DiagCode::XmlSyntax);
    }
}
