//! Validation against the official QReport v23.00 schema with libxml2 (the `libxml` crate), in
//! process. The two schema files of `schemas/` are embedded; libxml2 resolves the main file's
//! relative `xs:include` of `stypes.xsd` only when it reads from files, so [`Validator::new`]
//! writes both to a fresh temporary directory, parses them and removes the directory.
//!
//! Documents are validated as a stream (libxml2's SAX validator, `xmlSchemaValidateStream`): no
//! tree is built, so a report of the schema's maximum size needs little memory, and line numbers
//! beyond 65,535 stay right. The parser runs with libxml2's defaults: no external DTD is loaded,
//! no network access, entities are not substituted. A [`Validator`] is not `Send`: one per thread.

use crate::model::DiagCode;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::{CString, c_void};
use std::os::raw::{c_char, c_int};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use libxml::bindings;
use libxml::error::StructuredError;
use libxml::schemas::{SchemaParserContext, SchemaValidationContext};

use crate::model::{Diagnostic, Location};
use crate::render::{Error, Result};

/// Name and content of the schema files, main file first.
pub const SCHEMA_FILES: [(&str, &str); 2] =
    [("QReport_ver23.00.xsd", include_str!("../../../schemas/QReport_ver23.00.xsd")), ("stypes.xsd", include_str!("../../../schemas/stypes.xsd"))];

/// The schema's version, as printed in messages.
pub const SCHEMA_VERSION: &str = "QReport v23.00";

/// One problem libxml2 found: where, and its message with the namespace removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XsdProblem {
    /// True for a schema-validity error, false for a document that is not well-formed XML.
    pub validity: bool,
    /// The line of the document (1-based), where libxml2 gives one.
    pub line: Option<u32>,
    /// The column of the element the message names, where it can be found on that line.
    pub column: Option<u32>,
    /// libxml2's message, without the namespace.
    pub message: String,
}

impl XsdProblem {
    /// As a diagnostic of `cbam report` / `cbam validate` (code `xml.schema`, or `xml.syntax` for
    /// a document that is not well-formed XML).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let location = self.line.map(|line| Location::Line { line, column: self.column });
        let code = if self.validity { DiagCode::XmlSchema } else { DiagCode::XmlSyntax };
        Diagnostic::error(code, location, self.message.clone())
    }
}

/// A parsed schema ready to validate documents.
pub struct Validator {
    ctx: SchemaValidationContext,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl Validator {
    /// Parses the embedded schema (a few milliseconds).
    pub fn new() -> Result<Validator> {
        let dir = temp_dir().map_err(Error::SchemaFiles)?;
        let result = (|| {
            for (name, text) in SCHEMA_FILES {
                std::fs::write(dir.join(name), text).map_err(Error::SchemaFiles)?;
            }
            let main = dir.join(SCHEMA_FILES[0].0);
            let mut parser = SchemaParserContext::from_file(&main.to_string_lossy());
            SchemaValidationContext::from_parser(&mut parser)
                .map_err(|errors| Error::SchemaParse(errors.iter().filter_map(|e| e.message.clone()).collect::<Vec<_>>().join("; ")))
        })();
        let _ = std::fs::remove_dir_all(&dir);
        Ok(Validator { ctx: result? })
    }

    /// Validates a document held in memory; every problem found, in document order (libxml2
    /// stops checking the content of an element after its first unexpected child, like xmllint).
    pub fn validate(&mut self, xml: &[u8]) -> Result<Vec<XsdProblem>> {
        let len = c_int::try_from(xml.len()).map_err(|_| Error::TooLarge(xml.len()))?;
        // SAFETY: libxml2 copies `xml` into the input buffer (the zero-copy "static" buffer of
        // libxml2 2.9 misreports element content near the end of large documents);
        // xmlSchemaValidateStream takes ownership of the buffer and frees it with its parser
        // context before returning.
        let (rc, raw) = self.collecting(|ctx| unsafe {
            let input = bindings::xmlParserInputBufferCreateMem(xml.as_ptr() as *const c_char, len, bindings::xmlCharEncoding_XML_CHAR_ENCODING_NONE);
            if input.is_null() {
                return -1;
            }
            bindings::xmlSchemaValidateStream(ctx, input, bindings::xmlCharEncoding_XML_CHAR_ENCODING_NONE, std::ptr::null_mut(), std::ptr::null_mut())
        });
        Ok(finish(rc, raw, xml))
    }

    /// Validates the file at `path`, streamed from disk (no copy of a large file in memory);
    /// `xml` is the same file's content, used only to find the column of an element on the line
    /// an error names.
    pub fn validate_file(&mut self, path: &Path, xml: &[u8]) -> Result<Vec<XsdProblem>> {
        let c_path = CString::new(path.to_string_lossy().as_bytes()).map_err(|_| Error::NulInPath(path.to_owned()))?;
        // SAFETY: the path is a valid C string for the duration of the call.
        let (rc, raw) = self.collecting(|ctx| unsafe { bindings::xmlSchemaValidateFile(ctx, c_path.as_ptr(), 0) });
        Ok(finish(rc, raw, xml))
    }

    /// Runs `f` on the validation context with libxml2's per-thread structured handler set, so
    /// that well-formedness errors (which come from the parser, not the validator) are collected
    /// rather than printed to stderr; returns `f`'s status and every error, in document order.
    fn collecting(&mut self, f: impl FnOnce(bindings::xmlSchemaValidCtxtPtr) -> c_int) -> (c_int, Vec<StructuredError>) {
        let _ = self.ctx.drain_errors();
        let mut parser_errors: Box<Vec<StructuredError>> = Box::default();
        // SAFETY: the handler's context is the boxed Vec, alive until the handler is removed.
        let rc = unsafe {
            bindings::xmlSetStructuredErrorFunc(&mut *parser_errors as *mut Vec<StructuredError> as *mut c_void, Some(collect));
            let rc = f(self.ctx.as_ptr());
            bindings::xmlSetStructuredErrorFunc(std::ptr::null_mut(), None);
            rc
        };
        let mut raw = self.ctx.drain_errors();
        raw.extend(*parser_errors);
        raw.sort_by_key(|e| (e.line.unwrap_or(0), e.col.unwrap_or(0)));
        (rc, raw)
    }
}

/// libxml2's errors as ours, with the column of the element each names where it can be found.
fn finish(rc: c_int, raw: Vec<StructuredError>, xml: &[u8]) -> Vec<XsdProblem> {
    let raw: Vec<StructuredError> =
        raw.into_iter().filter(|e| !matches!(e.level, libxml::error::XmlErrorLevel::Warning | libxml::error::XmlErrorLevel::None)).collect();
    let wanted: BTreeSet<usize> = raw.iter().filter_map(|e| e.line).filter_map(|l| usize::try_from(l).ok()).collect();
    let lines = lines_of(xml, &wanted);
    let mut out: Vec<XsdProblem> = raw
        .into_iter()
        .map(|e| {
            let message = clean(e.message.as_deref().unwrap_or("invalid"));
            let line = e.line.and_then(|l| u32::try_from(l).ok()).filter(|&l| l > 0);
            let text = line.and_then(|l| lines.get(&(l as usize))).map(String::as_str).unwrap_or("");
            let column = line.and_then(|_| element_column(text, &message)).or_else(|| e.col.and_then(|c| u32::try_from(c).ok()).filter(|&c| c > 0));
            let validity = e.domain == bindings::xmlErrorDomain_XML_FROM_SCHEMASV as i32;
            XsdProblem { validity, line, column, message }
        })
        .collect();
    if rc != 0 && out.is_empty() {
        out.push(XsdProblem {
            validity: true,
            line: None,
            column: None,
            message: format!("the document does not validate against {SCHEMA_VERSION} (libxml2 status {rc})"),
        });
    }
    out
}

/// The text of the wanted (1-based) lines, found in one pass without splitting the whole file.
fn lines_of(xml: &[u8], wanted: &BTreeSet<usize>) -> BTreeMap<usize, String> {
    let mut out = BTreeMap::new();
    let Some(&last) = wanted.iter().next_back() else { return out };
    let mut line = 1;
    let mut start = 0;
    for (i, b) in xml.iter().enumerate().chain(std::iter::once((xml.len(), &b'\n'))) {
        if *b == b'\n' {
            if wanted.contains(&line) {
                out.insert(line, String::from_utf8_lossy(&xml[start..i]).into_owned());
            }
            if line >= last {
                break;
            }
            line += 1;
            start = i + 1;
        }
    }
    out
}

/// Collects one libxml2 error into the `Vec<StructuredError>` behind `ctx`.
unsafe extern "C" fn collect(ctx: *mut c_void, error: bindings::xmlErrorPtr) {
    if ctx.is_null() || error.is_null() {
        return;
    }
    // SAFETY: `ctx` is the boxed Vec installed by `validate` for the duration of the call, and
    // libxml2 passes a valid error.
    unsafe {
        let errors = &mut *(ctx as *mut Vec<StructuredError>);
        errors.push(StructuredError::from_raw(error));
    }
}

fn temp_dir() -> std::io::Result<PathBuf> {
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("cbam-qreport-xsd-{}-{n}", std::process::id()));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// libxml2's message without the namespace in braces and the trailing newline.
fn clean(message: &str) -> String {
    let mut s = message.trim().to_string();
    let ns = format!("{{{}}}", super::dto::NAMESPACE);
    s = s.replace(&ns, "");
    s
}

/// 1-based column of the start tag of the element a message names (`Element 'Year': …`) on its
/// line, if it is there.
fn element_column(line: &str, message: &str) -> Option<u32> {
    let name = message.strip_prefix("Element '")?.split('\'').next()?;
    let at = line.find(&format!("<{name}")).or_else(|| line.find(&format!(":{name}")).map(|i| line[..i].rfind('<').unwrap_or(i)))?;
    Some(line[..at].chars().count() as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_loads_and_finds_errors_with_their_place() {
        let mut v = Validator::new().unwrap();
        let bad = b"<?xml version=\"1.0\"?>\n<QReport xmlns=\"http://xmlns.ec.eu/BusinessObjects/CBAM/Types/V1\">\n  <ReportingPeriod>Q4</ReportingPeriod>\n  <Year>20251</Year>\n</QReport>\n";
        let errors = v.validate(bad).unwrap();
        assert_eq!(errors[0].line, Some(4));
        assert_eq!(errors[0].column, Some(3));
        assert!(errors[0].message.starts_with("Element 'Year': [facet 'totalDigits']"), "{}", errors[0].message);
        assert!(!errors[0].message.contains('{'));
        // Not even XML.
        let errors = v.validate(b"<QReport xmlns=\"http://xmlns.ec.eu/BusinessObjects/CBAM/Types/V1\"><Year>2025</Yea>").unwrap();
        assert!(!errors.is_empty());
        assert!(errors.iter().any(|e| e.to_diagnostic().code == DiagCode::XmlSyntax && e.message.contains("mismatch")), "{errors:?}");
    }
}
