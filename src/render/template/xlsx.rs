//! Edits cells of an existing `.xlsx` workbook in place, at the level of the sheet XML inside the
//! zip, so that everything not edited stays as it was: formulas, styles, protection, data
//! validations, defined names, hidden sheets, drawings. Parts that are not edited are copied
//! compressed as they are, byte for byte.
//!
//! Two things change besides the cells written:
//! - every formula cell loses its cached result (`<v>`), in every sheet: the cached results of a
//!   blank template are those of empty inputs, and a reader that trusts cached values (as many
//!   importers' tools do) must not be shown them next to our inputs;
//! - `workbook.xml` asks for a full recalculation on load (`<calcPr fullCalcOnLoad="1"/>`), so a
//!   spreadsheet program computes every formula when it opens the file.
//!
//! A cell to write must exist as a plain (non-formula) cell or not exist at all: writing over a
//! formula is refused, as the caller asked to change something the template computes.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read, Write};

use chrono::NaiveDate;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

use crate::model::Dec;
use crate::render::Error;

/// A value to put into a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// A number, written as its exact decimal (trailing zeros dropped).
    Number(Dec),
    /// Text, written as an inline string.
    Text(String),
    /// A boolean, `TRUE` or `FALSE`.
    Bool(bool),
    /// A date, written as the spreadsheet date serial (days since 1899-12-30).
    Date(NaiveDate),
}

/// Cells to write, per sheet name: (0-based row, 0-based column) → value.
pub type Edits = BTreeMap<String, BTreeMap<(u32, u32), CellValue>>;

/// The edited copy of the workbook `template`.
pub fn edit(template: &[u8], edits: &Edits) -> Result<Vec<u8>, Error> {
    let mut zin = ZipArchive::new(Cursor::new(template))?;
    let parts = sheet_parts(&mut zin)?;
    let mut by_part: HashMap<String, &BTreeMap<(u32, u32), CellValue>> = HashMap::new();
    for (sheet, cells) in edits {
        let part = parts.get(sheet).ok_or_else(|| Error::NoSheet(sheet.clone()))?;
        by_part.insert(part.clone(), cells);
    }
    let sheet_of: HashMap<&String, &String> = parts.iter().map(|(s, p)| (p, s)).collect();

    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(template.len() + template.len() / 4)));
    for i in 0..zin.len() {
        let name = zin.by_index_raw(i)?.name()?.to_string();
        let is_sheet = sheet_of.contains_key(&name);
        if !is_sheet && name != "xl/workbook.xml" {
            let f = zin.by_index_raw(i)?;
            out.raw_copy_file(f)?;
            continue;
        }
        let mut xml = Vec::new();
        zin.by_index(i)?.read_to_end(&mut xml).map_err(Error::Edit)?;
        let new = if name == "xl/workbook.xml" {
            full_calc_on_load(&xml).map_err(|message| Error::TemplatePart { part: name.clone(), message })?
        } else {
            let empty = BTreeMap::new();
            let cells = by_part.get(&name).copied().unwrap_or(&empty);
            rewrite_sheet(&xml, cells).map_err(|e| match e {
                SheetError::Xml(message) => Error::TemplatePart { part: name.clone(), message },
                SheetError::Formula(cell) => Error::Formula { sheet: sheet_of[&name].to_string(), cell },
            })?
        };
        out.start_file(name, SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated))?;
        out.write_all(&new).map_err(Error::Edit)?;
    }
    Ok(out.finish()?.into_inner())
}

/// Sheet name → zip part, from `xl/workbook.xml` and its relationships.
pub(crate) fn sheet_parts(zin: &mut ZipArchive<Cursor<&[u8]>>) -> Result<BTreeMap<String, String>, Error> {
    let read = |zin: &mut ZipArchive<Cursor<&[u8]>>, name: &str| -> Result<Vec<u8>, Error> {
        let mut v = Vec::new();
        zin.by_name(name)?.read_to_end(&mut v).map_err(Error::Edit)?;
        Ok(v)
    };
    let rels = read(zin, "xl/_rels/workbook.xml.rels")?;
    let wb = read(zin, "xl/workbook.xml")?;
    let xml_err = |part: &str, e: String| Error::TemplatePart { part: part.to_string(), message: e };
    let mut targets = HashMap::new();
    let mut r = Reader::from_reader(rels.as_slice());
    let mut buf = Vec::new();
    loop {
        match r.read_event_into(&mut buf).map_err(|e| xml_err("xl/_rels/workbook.xml.rels", e.to_string()))? {
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                let id = attr(&e, "Id").map_err(|m| xml_err("xl/_rels/workbook.xml.rels", m))?;
                let target = attr(&e, "Target").map_err(|m| xml_err("xl/_rels/workbook.xml.rels", m))?;
                if let (Some(id), Some(t)) = (id, target) {
                    let t = t.trim_start_matches('/');
                    let part = if t.starts_with("xl/") { t.to_string() } else { format!("xl/{t}") };
                    targets.insert(id, part);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let mut out = BTreeMap::new();
    let mut r = Reader::from_reader(wb.as_slice());
    loop {
        match r.read_event_into(&mut buf).map_err(|e| xml_err("xl/workbook.xml", e.to_string()))? {
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == "sheet" => {
                let name = attr(&e, "name").map_err(|m| xml_err("xl/workbook.xml", m))?;
                let id = e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "id").map(|a| a.value.to_string());
                if let (Some(name), Some(part)) = (name, id.and_then(|id| targets.get(&id))) {
                    out.insert(name, part.clone());
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The unescaped value of attribute `key` of `e`.
pub(crate) fn attr(e: &BytesStart, key: &str) -> Result<Option<String>, String> {
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        if a.key.as_ref() == key {
            return a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map(|v| Some(v.into_owned())).map_err(|e| e.to_string());
        }
    }
    Ok(None)
}

/// `workbook.xml` with `fullCalcOnLoad="1"` on its `calcPr` (added when missing).
fn full_calc_on_load(xml: &[u8]) -> Result<Vec<u8>, String> {
    let mut r = Reader::from_reader(xml);
    let mut w = Writer::new(Vec::with_capacity(xml.len() + 64));
    let mut buf = Vec::new();
    let mut seen = false;
    loop {
        let ev = r.read_event_into(&mut buf).map_err(|e| e.to_string())?;
        match ev {
            Event::Empty(e) if e.local_name().as_ref() == "calcPr" => {
                seen = true;
                let mut n = BytesStart::new("calcPr");
                for a in e.attributes().flatten() {
                    if a.key.as_ref() != "fullCalcOnLoad" {
                        n.push_attribute(a);
                    }
                }
                n.push_attribute(("fullCalcOnLoad", "1"));
                w.write_event(Event::Empty(n)).map_err(|e| e.to_string())?;
            }
            Event::End(e) if e.local_name().as_ref() == "workbook" && !seen => {
                let n = BytesStart::new("calcPr").with_attributes([("fullCalcOnLoad", "1")]);
                w.write_event(Event::Empty(n)).map_err(|e| e.to_string())?;
                w.write_event(Event::End(e)).map_err(|e| e.to_string())?;
            }
            Event::Eof => break,
            e => w.write_event(e).map_err(|e| e.to_string())?,
        }
        buf.clear();
    }
    Ok(w.into_inner())
}

enum SheetError {
    Xml(String),
    Formula(String),
}

impl From<quick_xml::Error> for SheetError {
    fn from(e: quick_xml::Error) -> Self {
        SheetError::Xml(e.to_string())
    }
}
impl From<std::io::Error> for SheetError {
    fn from(e: std::io::Error) -> Self {
        SheetError::Xml(e.to_string())
    }
}

/// A1 reference of 0-based (row, col).
pub fn a1(row: u32, col: u32) -> String {
    let mut c = col + 1;
    let mut letters = Vec::new();
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push(b'A' + r as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).unwrap_or_default(), row + 1)
}

/// 0-based (row, col) of an A1 reference.
fn parse_a1(s: &str) -> Option<(u32, u32)> {
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() {
        return None;
    }
    let mut col = 0u32;
    for b in letters.bytes() {
        if !b.is_ascii_uppercase() {
            return None;
        }
        col = col.checked_mul(26)?.checked_add(u32::from(b - b'A' + 1))?;
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// Days since 1899-12-30, the spreadsheet date serial.
fn serial(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid date")).num_days()
}

/// Writes one new `<c>` element for `value` at `r`, keeping the attributes of the template's
/// cell (its style) except the type.
fn write_cell<W: Write>(w: &mut Writer<W>, r: &str, old: Option<&BytesStart>, value: &CellValue) -> Result<(), SheetError> {
    let mut c = BytesStart::new("c");
    c.push_attribute(("r", r));
    if let Some(old) = old {
        for a in old.attributes().flatten() {
            if a.key.as_ref() != "r" && a.key.as_ref() != "t" {
                c.push_attribute(a);
            }
        }
    }
    let v = |w: &mut Writer<W>, text: &str| -> Result<(), SheetError> {
        w.write_event(Event::Start(BytesStart::new("v")))?;
        w.write_event(Event::Text(BytesText::new(text)))?;
        w.write_event(Event::End(BytesEnd::new("v")))?;
        Ok(())
    };
    match value {
        CellValue::Number(d) => {
            w.write_event(Event::Start(c))?;
            v(w, &d.normalize().to_string())?;
        }
        CellValue::Date(d) => {
            w.write_event(Event::Start(c))?;
            v(w, &serial(*d).to_string())?;
        }
        CellValue::Bool(b) => {
            c.push_attribute(("t", "b"));
            w.write_event(Event::Start(c))?;
            v(w, if *b { "1" } else { "0" })?;
        }
        CellValue::Text(t) => {
            c.push_attribute(("t", "inlineStr"));
            w.write_event(Event::Start(c))?;
            w.write_event(Event::Start(BytesStart::new("is")))?;
            let mut tag = BytesStart::new("t");
            if t.starts_with(char::is_whitespace) || t.ends_with(char::is_whitespace) {
                tag.push_attribute(("xml:space", "preserve"));
            }
            w.write_event(Event::Start(tag))?;
            w.write_event(Event::Text(BytesText::new(t)))?;
            w.write_event(Event::End(BytesEnd::new("t")))?;
            w.write_event(Event::End(BytesEnd::new("is")))?;
        }
    }
    w.write_event(Event::End(BytesEnd::new("c")))?;
    Ok(())
}

/// The sheet XML with `cells` written and every formula's cached result removed.
fn rewrite_sheet(xml: &[u8], cells: &BTreeMap<(u32, u32), CellValue>) -> Result<Vec<u8>, SheetError> {
    let mut rows: BTreeMap<u32, Vec<(u32, &CellValue)>> = BTreeMap::new();
    for ((r, c), v) in cells {
        rows.entry(*r).or_default().push((*c, v));
    }
    let mut r = Reader::from_reader(xml);
    let mut s = Sheet { w: Writer::new(Vec::with_capacity(xml.len())), rows, pending: Vec::new(), row: None, held: None, formula: false, skip_v: false };
    let mut buf = Vec::new();
    loop {
        let ev = r.read_event_into(&mut buf)?.into_owned();
        buf.clear();
        match ev {
            Event::Start(e) => s.start(e, false, &mut r)?,
            Event::Empty(e) => s.start(e, true, &mut r)?,
            Event::End(e) => s.end(e)?,
            Event::Eof => break,
            ev => s.other(ev)?,
        }
    }
    Ok(s.w.into_inner())
}

/// The state of one sheet's rewrite.
struct Sheet<'a> {
    w: Writer<Vec<u8>>,
    /// Cells still to write, per row, in column order.
    rows: BTreeMap<u32, Vec<(u32, &'a CellValue)>>,
    /// Cells still to write in the current row.
    pending: Vec<(u32, &'a CellValue)>,
    row: Option<u32>,
    /// A template cell whose start tag waits for its first child (a formula drops its type).
    held: Option<BytesStart<'static>>,
    /// Inside a formula cell.
    formula: bool,
    /// Inside the cached value of a formula cell: dropped.
    skip_v: bool,
}

impl Sheet<'_> {
    fn release_held(&mut self) -> Result<(), SheetError> {
        if let Some(c) = self.held.take() {
            self.w.write_event(Event::Start(c))?;
        }
        Ok(())
    }

    /// Writes whole rows of new cells for the rows before `limit` (all when `None`).
    fn rows_before(&mut self, limit: Option<u32>) -> Result<(), SheetError> {
        let keys: Vec<u32> = self.rows.keys().copied().filter(|k| limit.is_none_or(|l| *k < l)).collect();
        for k in keys {
            let cells = self.rows.remove(&k).unwrap_or_default();
            let row = BytesStart::new("row").with_attributes([("r", (k + 1).to_string().as_str())]);
            self.w.write_event(Event::Start(row))?;
            for (c, v) in cells {
                write_cell(&mut self.w, &a1(k, c), None, v)?;
            }
            self.w.write_event(Event::End(BytesEnd::new("row")))?;
        }
        Ok(())
    }

    fn start(&mut self, e: BytesStart<'static>, empty: bool, r: &mut Reader<&[u8]>) -> Result<(), SheetError> {
        let wrap = |e| if empty { Event::Empty(e) } else { Event::Start(e) };
        if self.skip_v {
            return Ok(());
        }
        match e.local_name().as_ref() {
            "row" => {
                let n = attr(&e, "r").map_err(SheetError::Xml)?.and_then(|v| v.parse::<u32>().ok()).and_then(|v| v.checked_sub(1));
                let Some(n) = n else { return Err(SheetError::Xml("a row without its number".into())) };
                self.rows_before(Some(n))?;
                self.pending = self.rows.remove(&n).unwrap_or_default();
                if empty && !self.pending.is_empty() {
                    self.w.write_event(Event::Start(e))?;
                    self.row = Some(n);
                    return self.end(BytesEnd::new("row").into_owned());
                }
                self.row = (!empty).then_some(n);
                self.w.write_event(wrap(e))?;
            }
            "sheetData" if empty => {
                self.w.write_event(Event::Start(e))?;
                self.end(BytesEnd::new("sheetData").into_owned())?;
            }
            "c" => {
                let reference = attr(&e, "r").map_err(SheetError::Xml)?.unwrap_or_default();
                let Some((row, col)) = parse_a1(&reference) else { return Err(SheetError::Xml(format!("a cell with the reference '{reference}'"))) };
                while let Some(&(c, v)) = self.pending.first() {
                    if c >= col {
                        break;
                    }
                    write_cell(&mut self.w, &a1(row, c), None, v)?;
                    self.pending.remove(0);
                }
                if let Some(&(c, v)) = self.pending.first()
                    && c == col
                {
                    self.pending.remove(0);
                    if !empty {
                        skip_cell(r, &reference)?;
                    }
                    return write_cell(&mut self.w, &reference, Some(&e), v);
                }
                if empty {
                    self.w.write_event(Event::Empty(e))?;
                } else {
                    self.held = Some(e);
                    self.formula = false;
                }
            }
            name => {
                if let Some(c) = self.held.take() {
                    if name == "f" {
                        self.formula = true;
                        let mut n = BytesStart::new("c");
                        for a in c.attributes().flatten() {
                            if a.key.as_ref() != "t" {
                                n.push_attribute(a);
                            }
                        }
                        self.w.write_event(Event::Start(n))?;
                    } else {
                        self.w.write_event(Event::Start(c))?;
                    }
                }
                if self.formula && name == "v" {
                    self.skip_v = !empty;
                    return Ok(());
                }
                self.w.write_event(wrap(e))?;
            }
        }
        Ok(())
    }

    fn end(&mut self, e: BytesEnd<'static>) -> Result<(), SheetError> {
        match e.local_name().as_ref() {
            "v" if self.skip_v => {
                self.skip_v = false;
                return Ok(());
            }
            _ if self.skip_v => return Ok(()),
            "row" => {
                if let Some(n) = self.row.take() {
                    for (c, v) in std::mem::take(&mut self.pending) {
                        write_cell(&mut self.w, &a1(n, c), None, v)?;
                    }
                }
            }
            "sheetData" => self.rows_before(None)?,
            "c" => {
                self.release_held()?;
                self.formula = false;
            }
            _ => {}
        }
        self.w.write_event(Event::End(e))?;
        Ok(())
    }

    fn other(&mut self, ev: Event<'static>) -> Result<(), SheetError> {
        if self.skip_v {
            return Ok(());
        }
        self.release_held()?;
        self.w.write_event(ev)?;
        Ok(())
    }
}

/// Reads past the content of the cell `reference` (to be replaced); a formula in it is refused.
fn skip_cell(r: &mut Reader<&[u8]>, reference: &str) -> Result<(), SheetError> {
    let mut buf = Vec::new();
    let mut depth = 0u32;
    loop {
        match r.read_event_into(&mut buf)? {
            Event::Start(x) | Event::Empty(x) if x.local_name().as_ref() == "f" => return Err(SheetError::Formula(reference.to_string())),
            Event::Start(_) => depth += 1,
            Event::End(x) if depth == 0 && x.local_name().as_ref() == "c" => return Ok(()),
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => return Err(SheetError::Xml("the file ends inside a cell".into())),
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[((u32, u32), CellValue)]) -> BTreeMap<(u32, u32), CellValue> {
        v.iter().cloned().collect()
    }

    fn run(xml: &str, v: &[((u32, u32), CellValue)]) -> String {
        match rewrite_sheet(xml.as_bytes(), &cells(v)) {
            Ok(b) => String::from_utf8(b).unwrap(),
            Err(SheetError::Xml(m)) => panic!("xml: {m}"),
            Err(SheetError::Formula(c)) => panic!("formula in {c}"),
        }
    }

    const SHEET: &str = r#"<worksheet><sheetData><row r="2"><c r="B2" s="7"/><c r="D2" s="3" t="s"><v>4</v></c><c r="E2" t="str"><f>A1&amp;"x"</f><v>old</v></c></row><row r="5" spans="1:3"><c r="A5"><f t="shared" si="0"/><v>12</v></c></row></sheetData><protection/></worksheet>"#;

    #[test]
    fn writes_existing_cells_keeping_their_style() {
        let d: Dec = "1250.5".parse().unwrap();
        let out = run(SHEET, &[((1, 1), CellValue::Number(d)), ((1, 3), CellValue::Text("Kiln & mill".into()))]);
        assert!(out.contains(r#"<c r="B2" s="7"><v>1250.5</v></c>"#), "{out}");
        assert!(out.contains(r#"<c r="D2" s="3" t="inlineStr"><is><t>Kiln &amp; mill</t></is></c>"#), "{out}");
    }

    #[test]
    fn inserts_missing_cells_and_rows_in_order() {
        let date = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let out = run(
            SHEET,
            &[((1, 2), CellValue::Bool(true)), ((0, 0), CellValue::Date(date)), ((2, 0), CellValue::Text(" x".into())), ((9, 1), CellValue::Bool(false))],
        );
        // 2025-01-01 is day 45658 of the spreadsheet calendar (1900 date system, from 1899-12-30).
        assert!(
            out.starts_with(
                r#"<worksheet><sheetData><row r="1"><c r="A1"><v>45658</v></c></row><row r="2"><c r="B2" s="7"/><c r="C2" t="b"><v>1</v></c><c r="D2""#
            ),
            "{out}"
        );
        assert!(out.contains(r#"</row><row r="3"><c r="A3" t="inlineStr"><is><t xml:space="preserve"> x</t></is></c></row><row r="5""#), "{out}");
        assert!(out.ends_with(r#"<row r="10"><c r="B10" t="b"><v>0</v></c></row></sheetData><protection/></worksheet>"#), "{out}");
    }

    #[test]
    fn drops_cached_results_of_formulas_only() {
        let out = run(SHEET, &[]);
        assert!(out.contains(r#"<c r="E2"><f>A1&amp;"x"</f></c>"#), "{out}");
        assert!(out.contains(r#"<c r="A5"><f t="shared" si="0"/></c>"#), "{out}");
        // A plain shared-string cell keeps its type and value.
        assert!(out.contains(r#"<c r="D2" s="3" t="s"><v>4</v></c>"#), "{out}");
    }

    #[test]
    fn refuses_to_write_over_a_formula() {
        let r = rewrite_sheet(SHEET.as_bytes(), &cells(&[((1, 4), CellValue::Bool(true))]));
        assert!(matches!(r, Err(SheetError::Formula(c)) if c == "E2"));
    }

    #[test]
    fn asks_for_a_full_recalculation_on_load() {
        let out = full_calc_on_load(br#"<workbook><sheets/><calcPr calcId="162913"/></workbook>"#).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"<workbook><sheets/><calcPr calcId="162913" fullCalcOnLoad="1"/></workbook>"#);
        let out = full_calc_on_load(br#"<workbook><sheets/></workbook>"#).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"<workbook><sheets/><calcPr fullCalcOnLoad="1"/></workbook>"#);
    }

    #[test]
    fn a1_references() {
        assert_eq!((a1(0, 0), a1(97, 45), a1(9, 701), a1(9, 702)), ("A1".into(), "AT98".into(), "ZZ10".into(), "AAA10".into()));
        assert_eq!((parse_a1("AT98"), parse_a1("A0"), parse_a1("98")), (Some((97, 45)), None, None));
    }
}
