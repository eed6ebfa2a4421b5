//! The parts of an xlsx file that [`super::xlsx_stream`] needs besides the sheet itself: where a
//! sheet's XML lies in the zip, the shared strings, which cell styles are dates, and the date
//! system (1900 or 1904).
//!
//! Each is read the way calamine 0.38 reads it when it opens the workbook (the same relationships,
//! the same text rules: XML entities, line ends, `xml:space`, rich-text runs, phonetic runs left
//! out, `_xHHHH_` escapes; the same number-format rules for dates), so that the fast reader's
//! values are calamine's. Anything read differently, or not at all, makes [`Parts::read`] give up
//! (`None`): the sheet is then read by calamine, as every other sheet is.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Read, Seek};

use quick_xml::events::{BytesStart, Event};

/// What the fast reader knows of the workbook besides the sheet's XML.
pub(crate) struct Parts {
    /// The zip entry of the sheet's XML.
    pub sheet_path: String,
    pub strings: SharedStrings,
    /// By cell style (`s`): how a number in that style is read.
    pub formats: Vec<NumberKind>,
    pub is_1904: bool,
}

/// How a number is read in a cell style, by its number format (calamine's `CellFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    Other,
    DateTime,
    TimeDelta,
}

/// The shared strings of a workbook, in one text: a year of customs lines has hundreds of
/// thousands (each declaration reference is one), one allocation each would cost more than they
/// hold.
#[derive(Default)]
pub(crate) struct SharedStrings {
    text: String,
    ends: Vec<u32>,
}

impl SharedStrings {
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..end)
    }

    /// Held while the sheet is read: no more memory than the strings take.
    fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    fn push(&mut self, s: &str) -> Option<()> {
        self.text.push_str(s);
        self.ends.push(u32::try_from(self.text.len()).ok()?);
        Some(())
    }
}

/// The zip entries of a workbook by their lower-case name, as calamine looks them up.
struct Entries(HashMap<String, String>);

impl Entries {
    fn new<R: Read + Seek>(zip: &zip::ZipArchive<R>) -> Entries {
        Entries(zip.file_names().filter_map(Result::ok).map(|n| (n.replace('\\', "/").to_ascii_lowercase(), n.to_string())).collect())
    }

    fn name<'a>(&'a self, path: &'a str) -> &'a str {
        self.0.get(&path.to_ascii_lowercase()).map_or(path, String::as_str)
    }

    /// The part's bytes; `Ok(None)` when there is no such part.
    fn read<R: Read + Seek>(&self, zip: &mut zip::ZipArchive<R>, path: &str) -> Result<Option<Vec<u8>>, ()> {
        let mut entry = match zip.by_name(self.name(path)) {
            Ok(e) => e,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(_) => return Err(()),
        };
        // The declared size is within the workbook's limit on inflated bytes (checked when it was
        // opened), and the zip reader inflates no more than it declares.
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).map_err(|_| ())?);
        entry.read_to_end(&mut bytes).map_err(|_| ())?;
        Ok(Some(bytes))
    }
}

/// An XML reader configured as calamine configures its own.
fn xml(bytes: &[u8]) -> quick_xml::Reader<&[u8]> {
    let mut r = quick_xml::Reader::from_reader(bytes);
    let c = r.config_mut();
    c.check_end_names = false;
    c.trim_text(false);
    c.check_comments = false;
    c.expand_empty_elements = true;
    r
}

/// The raw value of an attribute (escapes left as written), as calamine's `raw_attr`.
fn raw_attr<'e>(e: &'e BytesStart<'_>, key: &str) -> Result<Option<Cow<'e, str>>, ()> {
    for a in e.attributes() {
        let a = a.map_err(|_| ())?;
        if a.key.as_ref() == key {
            return Ok(Some(a.value));
        }
    }
    Ok(None)
}

/// An attribute's value with its XML escapes resolved.
fn decoded(s: &str) -> Result<String, ()> {
    Ok(quick_xml::escape::unescape(s).map_err(|_| ())?.into_owned())
}

impl Parts {
    /// Reads what the sheet `name` needs; `None` when anything is not as this reader expects
    /// (the caller then lets calamine read the sheet).
    pub fn read<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<Parts> {
        Self::try_read(zip, name).ok().flatten()
    }

    fn try_read<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Result<Option<Parts>, ()> {
        let entries = Entries::new(zip);
        // The package's relationships name the workbook part (calamine: `xl/workbook.xml` when
        // they do not).
        let (mut dir, mut file) = ("xl/".to_string(), "workbook.xml".to_string());
        if let Some(rels) = entries.read(zip, "_rels/.rels")? {
            for (ty, target, _) in relationships(&rels)? {
                if ty.ends_with("/relationships/officeDocument") {
                    let target = decoded(&target)?;
                    let (d, f) = target.split_at(target.rfind('/').map_or(0, |i| i + 1));
                    dir = d.strip_prefix('/').unwrap_or(d).to_string();
                    if !f.is_empty() {
                        file = f.to_string();
                    }
                }
            }
        }
        let Some(rels) = entries.read(zip, &format!("{dir}_rels/{file}.rels"))? else { return Err(()) };
        let rels: HashMap<String, (String, String)> = relationships(&rels)?.into_iter().map(|(ty, target, id)| (id, (target, ty))).collect();
        let Some(workbook) = entries.read(zip, &format!("{dir}{file}"))? else { return Err(()) };
        let (sheet, is_1904) = sheet_target(&workbook, name)?;
        let Some((target, ty)) = sheet.and_then(|id| rels.get(&id)) else { return Err(()) };
        if ty.rsplit('/').next() != Some("worksheet") {
            return Ok(None);
        }
        let sheet_path = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("{dir}{target}"),
        };
        let formats = match entries.read(zip, &format!("{dir}styles.xml"))? {
            Some(styles) => number_kinds(&styles)?,
            None => Vec::new(),
        };
        let strings = match entries.read(zip, &format!("{dir}sharedStrings.xml"))? {
            Some(sst) => shared_strings(&sst)?,
            None => SharedStrings::default(),
        };
        let sheet_path = entries.name(&sheet_path).to_string();
        Ok(Some(Parts { sheet_path, strings, formats, is_1904 }))
    }
}

/// The `Relationship`s of a relationships part: (type, target, id), raw.
fn relationships(bytes: &[u8]) -> Result<Vec<(String, String, String)>, ()> {
    let mut r = xml(bytes);
    let mut out = Vec::new();
    loop {
        match r.read_event().map_err(|_| ())? {
            Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                let get = |k: &str| -> Result<String, ()> { Ok(raw_attr(&e, k)?.map(Cow::into_owned).unwrap_or_default()) };
                out.push((get("Type")?, get("Target")?, get("Id")?));
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The relationship id of the first sheet named `name`, and whether dates count from 1904.
fn sheet_target(bytes: &[u8], name: &str) -> Result<(Option<String>, bool), ()> {
    let mut r = xml(bytes);
    let (mut found, mut is_1904) = (None, false);
    loop {
        match r.read_event().map_err(|_| ())? {
            Event::Start(e) if e.local_name().as_ref() == "sheet" => {
                let (mut n, mut id) = (None, None);
                for a in e.attributes() {
                    let a = a.map_err(|_| ())?;
                    let key = a.key.as_ref();
                    if key == "name" {
                        n = Some(decoded(&a.value)?);
                    } else if key == "id" || key.ends_with(":id") {
                        id = Some(a.value.into_owned());
                    }
                }
                if found.is_none() && n.as_deref() == Some(name) {
                    found = Some(id.unwrap_or_default());
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "workbookPr" => {
                if let Some(v) = raw_attr(&e, "date1904")? {
                    is_1904 = v == "1" || v == "true";
                }
            }
            Event::Eof => return Ok((found, is_1904)),
            _ => {}
        }
    }
}

/// By cell style (`cellXfs`), how its number format reads a number.
fn number_kinds(bytes: &[u8]) -> Result<Vec<NumberKind>, ()> {
    let mut r = xml(bytes);
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut kinds = Vec::new();
    loop {
        match r.read_event().map_err(|_| ())? {
            Event::Start(e) if e.local_name().as_ref() == "numFmts" => loop {
                match r.read_event().map_err(|_| ())? {
                    Event::Start(e) if e.local_name().as_ref() == "numFmt" => {
                        if let (Some(id), Some(code)) = (raw_attr(&e, "numFmtId")?, raw_attr(&e, "formatCode")?) {
                            custom.insert(id.into_owned(), decoded(&code)?);
                        }
                    }
                    Event::End(e) if e.local_name().as_ref() == "numFmts" => break,
                    Event::Eof => return Err(()),
                    _ => {}
                }
            },
            Event::Start(e) if e.local_name().as_ref() == "cellXfs" => loop {
                match r.read_event().map_err(|_| ())? {
                    Event::Start(e) if e.local_name().as_ref() == "xf" => kinds.push(match raw_attr(&e, "numFmtId")? {
                        None => NumberKind::Other,
                        Some(id) => custom.get(&*id).map_or_else(|| builtin_kind(&id), |code| format_kind(code)),
                    }),
                    Event::End(e) if e.local_name().as_ref() == "cellXfs" => break,
                    Event::Eof => return Err(()),
                    _ => {}
                }
            },
            Event::Eof => return Ok(kinds),
            _ => {}
        }
    }
}

/// A built-in number format by its id (ECMA-376 18.8.30): the dates and times, including the
/// East Asian ones, and `[h]:mm:ss` as a duration.
fn builtin_kind(id: &str) -> NumberKind {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" => NumberKind::DateTime,
        "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51" | "52" | "53" | "54" | "55" | "56" | "57" | "58" => {
            NumberKind::DateTime
        }
        "46" => NumberKind::TimeDelta,
        _ => NumberKind::Other,
    }
}

/// A custom number format's first section read as calamine reads it: a date or time when it
/// holds d, m, h, y or s outside quotes, brackets and escapes (m, p or / after an a of AM/PM), a
/// duration when it starts with an elapsed-time bracket such as `[h]`.
fn format_kind(code: &str) -> NumberKind {
    let (mut escaped, mut quoted, mut brackets, mut prev, mut hms, mut ap) = (false, false, 0u8, ' ', false, false);
    for c in code.chars() {
        match (c, escaped, quoted, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => quoted = false,
            (_, _, true, _, _) => {}
            ('"', ..) => quoted = true,
            (';', ..) => return NumberKind::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return NumberKind::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumberKind::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => return NumberKind::DateTime,
            _ => {
                if !(hms && c.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = c;
    }
    NumberKind::Other
}

/// The shared strings part, each string read as calamine reads it.
fn shared_strings(bytes: &[u8]) -> Result<SharedStrings, ()> {
    match plain_strings(bytes) {
        Some(s) => Ok(s),
        None => xml_strings(bytes),
    }
}

/// The shared strings read by hand where each is one plain `<t>` (`<si><t>…</t></si>`, with
/// `xml:space="preserve"` or not, XML's five named entities), as spreadsheet programs write all
/// but rich text; `None` for anything else, which [`xml_strings`] reads.
fn plain_strings(bytes: &[u8]) -> Option<SharedStrings> {
    let head = memchr::memmem::find(bytes, b"<sst")?;
    let decl = bytes[..head].trim_ascii();
    if !(decl.is_empty() || (decl.starts_with(b"<?xml") && decl.ends_with(b"?>") && decl.iter().filter(|&&b| b == b'<').count() == 1)) {
        return None;
    }
    let open = head + memchr::memchr(b'>', &bytes[head..])?;
    if bytes[open - 1] == b'/' || !matches!(bytes.get(head + 4), Some(b' ' | b'>')) {
        return None;
    }
    let mut out = SharedStrings::default();
    out.ends.reserve(bytes.len() / 64);
    out.text.reserve(bytes.len() / 2);
    let mut i = open + 1;
    let mut value = String::new();
    loop {
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        let rest = &bytes[i..];
        if rest.starts_with(b"</sst>") {
            out.shrink();
            return Some(out);
        }
        let preserve = if rest.starts_with(b"<si><t>") {
            i += 7;
            false
        } else if rest.starts_with(b"<si><t xml:space=\"preserve\">") {
            i += 28;
            true
        } else {
            return None;
        };
        let end = i + memchr::memchr(b'<', &bytes[i..])?;
        if !bytes[end..].starts_with(b"</t></si>") {
            return None;
        }
        let raw = std::str::from_utf8(&bytes[i..end]).ok()?;
        if raw.contains('\r') {
            return None;
        }
        value.clear();
        let mut rest = raw;
        while let Some(amp) = rest.find('&') {
            value.push_str(&rest[..amp]);
            let semi = rest[amp..].find(';')? + amp;
            value.push_str(match &rest[amp + 1..semi] {
                "lt" => "<",
                "gt" => ">",
                "amp" => "&",
                "apos" => "'",
                "quot" => "\"",
                _ => return None,
            });
            rest = &rest[semi + 1..];
        }
        value.push_str(rest);
        let t = if preserve { value.as_str() } else { value.trim_matches([' ', '\t', '\r', '\n']) };
        out.push(&unescape_xml(t))?;
        i = end + 9;
    }
}

/// The shared strings part read by quick-xml.
fn xml_strings(bytes: &[u8]) -> Result<SharedStrings, ()> {
    let mut r = xml(bytes);
    let mut out = SharedStrings::default();
    loop {
        match r.read_event().map_err(|_| ())? {
            Event::Start(e) if e.local_name().as_ref() == "sst" => break,
            Event::Eof => return Err(()),
            _ => {}
        }
    }
    // At most one string per 7 bytes (`<si/>`): what the count may reserve.
    out.ends.reserve(bytes.len() / 64);
    out.text.reserve(bytes.len() / 2);
    let mut s = String::new();
    loop {
        match r.read_event().map_err(|_| ())? {
            Event::Start(e) if e.local_name().as_ref() == "si" => {
                s.clear();
                rich_text(&mut r, e.name().as_ref(), &mut s)?;
                out.push(&s).ok_or(())?;
            }
            Event::End(e) if e.local_name().as_ref() == "sst" => {
                out.shrink();
                return Ok(out);
            }
            Event::Eof => return Err(()),
            _ => {}
        }
    }
}

/// The text of a string element (`<si>`, `<is>`) up to its end tag `closing`: its `<t>`
/// elements, of runs or not, one after the other; phonetic runs (`<rPh>`) left out.
fn rich_text(r: &mut quick_xml::Reader<&[u8]>, closing: &str, out: &mut String) -> Result<(), ()> {
    let mut phonetic = false;
    let mut value = String::new();
    loop {
        match r.read_event().map_err(|_| ())? {
            Event::Start(e) if e.local_name().as_ref() == "rPh" => phonetic = true,
            Event::End(e) if e.name().as_ref() == closing => return Ok(()),
            Event::End(e) if e.local_name().as_ref() == "rPh" => phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == "t" && !phonetic => {
                let preserve = raw_attr(&e, "xml:space")?.is_some_and(|v| &*v == "preserve");
                value.clear();
                loop {
                    match r.read_event().map_err(|_| ())? {
                        Event::Text(t) => value.push_str(&t.xml10_content()),
                        Event::CData(t) => value.push_str(&t.xml10_content()),
                        Event::GeneralRef(g) => match quick_xml::escape::resolve_xml_entity(&g) {
                            Some(s) => value.push_str(s),
                            None => value.push(g.resolve_char_ref().map_err(|_| ())?.ok_or(())?),
                        },
                        Event::End(end) if end.name() == e.name() => break,
                        Event::Eof => return Err(()),
                        _ => {}
                    }
                }
                let t = if preserve { value.as_str() } else { value.trim_matches([' ', '\t', '\r', '\n']) };
                out.push_str(&unescape_xml(t));
            }
            Event::Eof => return Err(()),
            _ => {}
        }
    }
}

/// Excel's `_xHHHH_` escapes (a UTF-16 code unit each, for characters XML cannot carry) resolved,
/// a lone surrogate as U+FFFD.
pub(crate) fn unescape_xml(s: &str) -> Cow<'_, str> {
    let unit = |i: usize| -> Option<u16> {
        let b = s.as_bytes().get(i..i + 7)?;
        if b[0] != b'_' || b[1] != b'x' || b[6] != b'_' || !b[2..6].iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
    };
    let find = |mut from: usize| -> Option<(usize, u16)> {
        while let Some(o) = s[from..].find('_') {
            let i = from + o;
            if let Some(u) = unit(i) {
                return Some((i, u));
            }
            from = i + 1;
        }
        None
    };
    let Some((mut i, mut u)) = find(0) else { return Cow::Borrowed(s) };
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    loop {
        out.push_str(&s[copied..i]);
        i += 7;
        match u {
            0xD800..=0xDBFF => match unit(i) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let c = 0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                    i += 7;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = i;
        match find(i) {
            Some(next) => (i, u) = next,
            None => break,
        }
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats_read_as_dates_durations_or_numbers() {
        let date = ["yyyy-mm-dd", "DD/MM/YY", "H:MM:SS;@", "d-mmm", "[$-409]mmmm d, yyyy", "hh:mm AM/PM"];
        for f in date {
            assert_eq!(format_kind(f), NumberKind::DateTime, "{f}");
        }
        for f in ["0.00", "#,##0", "\"day\" 0", "0;[Red]-0", "#,##0\\ [$\\u20bd-46D]", "@", "General"] {
            assert_eq!(format_kind(f), NumberKind::Other, "{f}");
        }
        assert_eq!(format_kind("[h]:mm:ss"), NumberKind::TimeDelta);
        assert_eq!([builtin_kind("14"), builtin_kind("46"), builtin_kind("2")], [NumberKind::DateTime, NumberKind::TimeDelta, NumberKind::Other]);
    }

    #[test]
    fn plain_shared_strings_read_as_by_xml_events() {
        let sst = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5"><si><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</t></si><si><t xml:space="preserve"> kept </t></si><si><t> trimmed
</t></si><si><t>x_x000D_y</t></si><si><t></t></si></sst>"#;
        let fast = plain_strings(sst.as_bytes()).expect("plain");
        let slow = xml_strings(sst.as_bytes()).unwrap();
        assert_eq!((fast.text.as_str(), &fast.ends), (slow.text.as_str(), &slow.ends));
        assert_eq!(fast.get(0), Some("a & b <c> \"d\" 'e'"));
        assert_eq!([fast.get(1), fast.get(2), fast.get(3), fast.get(4), fast.get(5)], [Some(" kept "), Some("trimmed"), Some("x\ry"), Some(""), None]);
        // Rich text, a character reference: read by quick-xml.
        for other in ["<sst><si><r><t>a</t></r></si></sst>", "<sst><si><t>&#65;</t></si></sst>", "<!-- <sst> --><sst></sst>"] {
            assert!(plain_strings(other.as_bytes()).is_none(), "{other}");
        }
        assert_eq!(xml_strings(b"<sst><si><r><t>a</t></r><r><t xml:space=\"preserve\"> b</t></r><rPh><t>x</t></rPh></si></sst>").unwrap().get(0), Some("a b"));
    }

    #[test]
    fn excel_escapes_are_resolved() {
        assert_eq!(unescape_xml("a_x000D_b"), "a\rb");
        assert_eq!(unescape_xml("_xD83D__xDE00_"), "😀");
        assert_eq!(unescape_xml("_xD83D_x"), "\u{FFFD}x");
        assert_eq!(unescape_xml("plain_x12_"), "plain_x12_");
    }
}
