//! Reading a statement back: the attached data (`statement.json`) and the digests the PDF
//! records for it (the document keywords and the attachment's description, both written by the
//! template from the digest printed on every page). `cbam verify` checks that they agree and,
//! given the source file, that every figure is what the source gives today.

use lopdf::{Document, Object};

use super::ATTACHMENT;

/// What a statement PDF carries.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The attachment's name: [`ATTACHMENT`] (a statement) or
    /// [`crate::render::operator_report::ATTACHMENT`] (an operator's emissions report).
    pub name: &'static str,
    /// The attached data, decompressed.
    pub json: Vec<u8>,
    /// Each place the PDF records the data's digest, with the 64-hex digest found there (or
    /// `None` when that place records none).
    pub recorded: Vec<(&'static str, Option<String>)>,
}

/// The attachments cbam writes: a statement's data and an operator report's.
const KNOWN: [&str; 2] = [ATTACHMENT, crate::render::operator_report::ATTACHMENT];

/// Limit on the attachment's decompressed size: a statement's data is a few kilobytes.
const MAX_ATTACHMENT: usize = 16 << 20;

fn text_of(obj: &Object) -> Option<String> {
    let bytes = match obj {
        Object::String(b, _) => b.as_slice(),
        Object::Name(b) => b.as_slice(),
        _ => return None,
    };
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// The first run of exactly 64 hexadecimal digits in `s`, lowercased.
fn find_digest(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_hexdigit() {
            let j = (i..b.len()).find(|&j| !b[j].is_ascii_hexdigit()).unwrap_or(b.len());
            if j - i == 64 {
                return Some(s[i..j].to_ascii_lowercase());
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}

fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    match obj {
        Object::Reference(id) => doc.get_object(*id).ok(),
        o => Some(o),
    }
}

/// Finds the statement's attachment and the digests recorded for it. `Err` says, for a person,
/// why the file is not a statement this tool wrote.
pub fn extract(pdf: &[u8]) -> Result<Extracted, String> {
    let doc = Document::load_mem(pdf).map_err(|_| "the file is not a readable PDF".to_string())?;
    let mut json = None;
    let mut desc = None;
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        let is_filespec = dict.get(b"Type").ok().and_then(text_of).as_deref() == Some("Filespec");
        if !is_filespec {
            continue;
        }
        let name = dict.get(b"UF").or_else(|_| dict.get(b"F")).ok().and_then(text_of);
        let Some(name) = KNOWN.into_iter().find(|k| name.as_deref() == Some(*k)) else { continue };
        let stream = dict
            .get(b"EF")
            .ok()
            .and_then(|ef| resolve(&doc, ef))
            .and_then(|ef| ef.as_dict().ok())
            .and_then(|ef| ef.get(b"F").ok())
            .and_then(|f| resolve(&doc, f))
            .and_then(|f| f.as_stream().ok())
            .ok_or_else(|| format!("the attachment {name} has no embedded file"))?;
        let content = stream
            .decompressed_content_with_limit(MAX_ATTACHMENT)
            .map_err(|_| format!("the attachment {name} cannot be decompressed: the PDF was damaged or altered"))?;
        // A damaged deflate stream can come back empty rather than as an error.
        if content.is_empty() && !stream.content.is_empty() {
            return Err(format!("the attachment {name} cannot be decompressed: the PDF was damaged or altered"));
        }
        json = Some((name, content));
        desc = Some(dict.get(b"Desc").ok().and_then(|d| resolve(&doc, d)).and_then(text_of).and_then(|t| find_digest(&t)));
        break;
    }
    let (name, json) = json.ok_or_else(|| format!("the PDF has no attachment named {}: it is not a statement or report made by cbam", KNOWN.join(" or ")))?;
    let keywords = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|i| resolve(&doc, i))
        .and_then(|i| i.as_dict().ok())
        .and_then(|i| i.get(b"Keywords").ok())
        .and_then(|k| resolve(&doc, k))
        .and_then(text_of)
        .and_then(|t| find_digest(&t));
    let mut recorded = vec![("document keywords", keywords), ("attachment description", desc.flatten())];
    // Every "sha256:<hex>" written in the clear (the XMP metadata repeats the keywords).
    let needle = b"sha256:";
    let mut at = 0;
    while let Some(i) = pdf[at..].windows(needle.len()).position(|w| w == needle) {
        let start = at + i + needle.len();
        let hex = &pdf[start..(start + 64).min(pdf.len())];
        let found = ("PDF metadata", Some(String::from_utf8_lossy(hex).into_owned()));
        // The XMP metadata repeats the keywords: one mismatch is told once.
        if !recorded.contains(&found) {
            recorded.push(found);
        }
        at = start;
    }
    Ok(Extracted { name, json, recorded })
}

/// The data a cbam PDF carries, read and checked.
#[derive(Debug)]
pub enum Attached {
    /// An embedded emissions statement (`cbam statement`).
    Statement(Box<super::StatementData>),
    /// An operator's emissions report (`cbam operator-report`).
    OperatorReport(Box<crate::render::operator_report::OperatorReport>),
}

/// A cbam PDF whose attached data is intact.
#[derive(Debug)]
pub struct Intact {
    /// The SHA-256 of the attached data, lowercase hex, as every place in the PDF records it.
    pub digest: String,
    /// The attached data as it is in the PDF.
    pub json: Vec<u8>,
    /// That data read: a statement's or an operator's emissions report's.
    pub attached: Attached,
}

/// The checks `cbam verify` makes with the PDF alone: the attachment is found and decompresses,
/// every place that records its digest records the data's SHA-256, and the data is what cbam
/// writes (a statement of the current format, or an operator report valid against its schema),
/// in canonical form. `Err` holds every problem found, in words, in that order.
pub fn intact(pdf: &[u8]) -> Result<Intact, Vec<String>> {
    use crate::render::operator_report::{self, schema};
    let x = extract(pdf).map_err(|m| vec![m])?;
    let digest = super::data::sha256_hex(&x.json);
    let mut problems = Vec::new();
    for (place, recorded) in &x.recorded {
        match recorded {
            Some(d) if *d == digest => {}
            Some(d) => problems.push(format!("the digest in the {place} is {d}, but the attached data's SHA-256 is {digest}")),
            None => problems.push(format!("the {place} records no SHA-256 digest")),
        }
    }
    let attached = if x.name == operator_report::ATTACHMENT {
        let value: serde_json::Value = match serde_json::from_slice(&x.json) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("the attached {} is not JSON ({e})", operator_report::ATTACHMENT));
                return Err(problems);
            }
        };
        let errors = schema::check(&value);
        if !errors.is_empty() {
            problems.extend(errors.iter().map(|e| format!("the attached report breaks operator-report-v1 at {e}")));
            return Err(problems);
        }
        let report: operator_report::OperatorReport = match serde_json::from_value(value) {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("the attached report cannot be read ({e})"));
                return Err(problems);
            }
        };
        if report.canonical_json() != x.json {
            problems.push(format!("the attached {} is not in canonical form (it was edited)", operator_report::ATTACHMENT));
        }
        Attached::OperatorReport(Box::new(report))
    } else {
        let stated: super::StatementData = match serde_json::from_slice(&x.json) {
            Ok(s) => s,
            Err(e) => {
                problems.push(format!("the attached {ATTACHMENT} is not statement data ({e})"));
                return Err(problems);
            }
        };
        if stated.format != super::data::FORMAT && stated.format != super::data::FORMAT_1 {
            problems.push(format!("the attached data has format '{}', expected '{}' or '{}'", stated.format, super::data::FORMAT, super::data::FORMAT_1));
        }
        if stated.canonical_json() != x.json {
            problems.push(format!("the attached {ATTACHMENT} is not in canonical form (it was edited)"));
        }
        Attached::Statement(Box::new(stated))
    };
    if problems.is_empty() { Ok(Intact { digest, json: x.json, attached }) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::find_digest;

    #[test]
    fn digests_are_found_whole() {
        let d = "ab".repeat(32);
        assert_eq!(find_digest(&format!("sha256:{d}")), Some(d.clone()));
        assert_eq!(find_digest(&format!("x{d}0")), None);
        assert_eq!(find_digest("cafe"), None);
    }
}
