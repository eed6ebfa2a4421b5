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
