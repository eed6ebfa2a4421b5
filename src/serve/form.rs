//! Uploads: the size limits of each endpoint and the reading of a `multipart/form-data` body
//! within them.
//!
//! The limits are the CLI's (`read::workbook::MAX_FILE_BYTES` for a workbook,
//! `read::csv_file::MAX_CSV_BYTES` for a CSV file of customs lines); a QReport XML, which the CLI
//! reads from disk up to `report::MAX_XML_BYTES`, is held in memory here and so limited like a
//! workbook. A request whose `Content-Length` exceeds its endpoint's limit is answered 413
//! before any of its body is read; a body without a length (chunked) is cut off at the limit, and
//! every file part is checked against its own limit as it arrives.

use axum::extract::multipart::MultipartError;
use axum::extract::{DefaultBodyLimit, Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::MethodRouter;

use super::api::problem;

/// Room for the form around its files: boundaries, part headers, the text fields.
const FORM_OVERHEAD: u64 = 1024 * 1024;
/// Characters of one text field (a year, a price, a declarant's name).
const MAX_TEXT_BYTES: usize = 4096;
/// Parts of one form (the suppliers' files of a declaration are one part each).
const MAX_PARTS: usize = 1000;

/// What one endpoint accepts: the whole request body, and each file in it.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub request: u64,
    pub file: u64,
}

impl Limit {
    /// One installation workbook (or Communication template).
    pub const WORKBOOK: Limit = Limit { request: crate::read::workbook::MAX_FILE_BYTES + FORM_OVERHEAD, file: crate::read::workbook::MAX_FILE_BYTES };
    /// One QReport XML, held in memory.
    pub const XML: Limit = Limit::WORKBOOK;
    /// An imports file (a CSV file of customs lines may be as large as the CLI reads) and the
    /// suppliers' workbooks, each within the workbook limit, together within the CSV limit.
    pub const DECLARATION: Limit = Limit { request: crate::read::csv_file::MAX_CSV_BYTES + FORM_OVERHEAD, file: crate::read::csv_file::MAX_CSV_BYTES };
}

/// `route` with the limit `l` applied: the announced length checked first, the body cut off at
/// the limit.
pub fn upload<S: Clone + Send + Sync + 'static>(route: MethodRouter<S>, l: Limit) -> MethodRouter<S> {
    route.layer(DefaultBodyLimit::max(l.request as usize)).layer(middleware::from_fn_with_state(l, announced_length))
}

async fn announced_length(State(l): State<Limit>, req: Request, next: Next) -> Response {
    let length = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    match length {
        Some(n) if n > l.request => too_large(n, l.request),
        _ => next.run(req).await,
    }
}

fn too_large(found: u64, limit: u64) -> Response {
    problem(StatusCode::PAYLOAD_TOO_LARGE, "input.too_large", format!("the upload is {found} bytes; the limit is {limit} bytes"))
}

/// A file part of a form.
#[derive(Debug)]
pub struct Upload {
    /// The part's form field (`file`, `imports`, `suppliers`).
    pub field: String,
    /// The file's own name as the browser gave it, reduced to a safe base name ([`safe_name`]).
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A form read whole, files in memory.
#[derive(Debug, Default)]
pub struct Form {
    pub files: Vec<Upload>,
    pub texts: Vec<(String, String)>,
}

impl Form {
    /// Reads every part within `l`; a part that is not a file is a text field.
    pub async fn read(mut mp: Multipart, l: Limit) -> Result<Form, Response> {
        let mut form = Form::default();
        let mut total: u64 = 0;
        while let Some(mut field) = mp.next_field().await.map_err(multipart_error)? {
            if form.files.len() + form.texts.len() >= MAX_PARTS {
                return Err(problem(StatusCode::BAD_REQUEST, "serve.form", format!("the form has more than {MAX_PARTS} parts")));
            }
            let name = field.name().unwrap_or_default().to_string();
            let file = field.file_name().map(safe_name);
            let cap = if file.is_some() { l.file } else { MAX_TEXT_BYTES as u64 };
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                total += chunk.len() as u64;
                if (bytes.len() + chunk.len()) as u64 > cap || total > l.request {
                    return Err(match file {
                        Some(_) => too_large(total.max((bytes.len() + chunk.len()) as u64), cap.min(l.request)),
                        None => problem(StatusCode::BAD_REQUEST, "serve.form", format!("the form field '{name}' is longer than {MAX_TEXT_BYTES} bytes")),
                    });
                }
                bytes.extend_from_slice(&chunk);
            }
            match file {
                Some(fname) => form.files.push(Upload { field: name, name: fname, bytes }),
                None => {
                    let text = String::from_utf8(bytes)
                        .map_err(|_| problem(StatusCode::BAD_REQUEST, "serve.form", format!("the form field '{name}' is not UTF-8 text")))?;
                    form.texts.push((name, text));
                }
            }
        }
        Ok(form)
    }

    /// The one file of `field`; 400 when there is none or more than one.
    pub fn file(&mut self, field: &str) -> Result<Upload, Response> {
        let mut found: Vec<usize> = self.files.iter().enumerate().filter(|(_, u)| u.field == field).map(|(i, _)| i).collect();
        match found.len() {
            1 => Ok(self.files.remove(found.remove(0))),
            0 => Err(problem(StatusCode::BAD_REQUEST, "serve.form", format!("expected a file in the form field '{field}' (multipart/form-data), found none"))),
            n => Err(problem(StatusCode::BAD_REQUEST, "serve.form", format!("expected one file in the form field '{field}', found {n}"))),
        }
    }

    /// Every file of `field`.
    pub fn files(&mut self, field: &str) -> Vec<Upload> {
        let (these, others) = std::mem::take(&mut self.files).into_iter().partition(|u| u.field == field);
        self.files = others;
        these
    }

    /// The text of `field` (trimmed), if given and not blank; the last one wins.
    pub fn text(&self, field: &str) -> Option<&str> {
        self.texts.iter().rev().find(|(k, v)| k == field && !v.trim().is_empty()).map(|(_, v)| v.trim())
    }

    /// Every non-blank text of `field`, in order.
    pub fn texts(&self, field: &str) -> Vec<&str> {
        self.texts.iter().filter(|(k, v)| k == field && !v.trim().is_empty()).map(|(_, v)| v.trim()).collect()
    }
}

fn multipart_error(e: MultipartError) -> Response {
    let status = e.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        problem(status, "input.too_large", "the upload exceeds this endpoint's limit (docs/http-api.md, Limits)")
    } else {
        problem(StatusCode::BAD_REQUEST, "serve.form", format!("expected a multipart/form-data body: {}", e.body_text()))
    }
}

/// A browser's file name reduced to a base name of letters, digits, `.`, `-`, `_` and spaces
/// (others become `_`), without a leading dot, at most 100 characters: it only ever names the
/// file in messages and in the private temporary directory of a declaration.
pub fn safe_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut s: String = base.chars().map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') { c } else { '_' }).take(100).collect();
    while s.starts_with('.') || s.starts_with(' ') {
        s.remove(0);
    }
    let s = s.trim_end().to_string();
    if s.is_empty() { "upload".to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn file_names_cannot_leave_their_directory() {
        assert_eq!(safe_name("plant.xlsx"), "plant.xlsx");
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\Users\\a\\水泥厂.xlsx"), "水泥厂.xlsx");
        assert_eq!(safe_name(".."), "upload");
        assert_eq!(safe_name(".hidden"), "hidden");
        assert_eq!(safe_name("a\0b;c.xlsx"), "a_b_c.xlsx");
        assert_eq!(safe_name(""), "upload");
    }
}
