//! Uploads: the size limits of each endpoint and the reading of a `multipart/form-data` body
//! within them.
//!
//! The limits are the CLI's (`read::workbook::MAX_FILE_BYTES` for a workbook,
//! `read::csv_file::MAX_CSV_BYTES` for a CSV file of customs lines); a QReport XML, which the CLI
//! reads from disk up to `report::MAX_XML_BYTES`, is held in memory here and so limited like a
//! workbook. A request whose `Content-Length` exceeds its endpoint's limit is answered 413
//! before any of its body is read; a body without a length (chunked) is cut off at the limit, and
//! every file part is checked against its own limit as it arrives.
//!
//! Across requests, [`Admission`] bounds what the uploads in flight may hold: each upload takes
//! units of [`Admission::UNIT`] bytes (its announced length, or its endpoint's limit when it
//! announces none) before its body is read, and gives them back when its answer is made. An
//! upload that finds no room waits for it, up to a time, then gets 503 `serve.busy`. One upload
//! larger than the whole budget (a year of customs lines) is let in alone.

use crate::model::DiagCode;
use axum::extract::multipart::MultipartError;
use axum::extract::{DefaultBodyLimit, Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::MethodRouter;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

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
    /// Largest request body, bytes.
    pub request: u64,
    /// Largest file in it, bytes.
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

/// The room the uploads of one server may hold at once, shared by every upload route.
#[derive(Debug)]
pub struct Admission {
    units: Semaphore,
    capacity: u32,
    wait: Duration,
}

impl Admission {
    /// One unit: the largest workbook upload (the workbook limit and the form around it).
    pub const UNIT: u64 = Limit::WORKBOOK.request;
    /// The server's default: two workbook-sized uploads at once (one per core of a small
    /// machine), waiting up to two minutes for room.
    pub fn standard() -> Admission {
        Admission::new(2, Duration::from_secs(120))
    }
    /// `capacity` units (at least 1); an upload waits up to `wait` for room.
    pub fn new(capacity: u32, wait: Duration) -> Admission {
        let capacity = capacity.max(1);
        Admission { units: Semaphore::new(capacity as usize), capacity, wait }
    }
    /// The units an upload of `length` bytes (or, unannounced, up to its endpoint's limit `l`)
    /// takes: at least one, at most the whole budget.
    pub fn units_for(&self, length: Option<u64>, l: Limit) -> u32 {
        let bytes = length.unwrap_or(l.request).max(1);
        bytes.div_ceil(Self::UNIT).min(self.capacity as u64) as u32
    }
}

/// `route` with the limit `l` applied: the announced length checked first, then room taken in
/// `admission`, then the body cut off at the limit.
pub fn upload<S: Clone + Send + Sync + 'static>(route: MethodRouter<S>, l: Limit, admission: &Arc<Admission>) -> MethodRouter<S> {
    route.layer(DefaultBodyLimit::max(l.request as usize)).layer(middleware::from_fn_with_state((l, admission.clone()), admitted))
}

async fn admitted(State((l, admission)): State<(Limit, Arc<Admission>)>, req: Request, next: Next) -> Response {
    let length = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(n) = length.filter(|n| *n > l.request) {
        return too_large(n, l.request);
    }
    let units = admission.units_for(length, l);
    let _room = match tokio::time::timeout(admission.wait, admission.units.acquire_many(units)).await {
        Ok(Ok(room)) => room,
        Ok(Err(_)) => return problem(StatusCode::INTERNAL_SERVER_ERROR, DiagCode::ServeInternal, "the server is stopping"),
        Err(_) => {
            let mut busy = problem(
                StatusCode::SERVICE_UNAVAILABLE,
                DiagCode::ServeBusy,
                format!("the server is reading other uploads and had no room for this one within {} s; send it again", admission.wait.as_secs()),
            );
            busy.headers_mut().insert(header::RETRY_AFTER, axum::http::HeaderValue::from_static("5"));
            return busy;
        }
    };
    next.run(req).await
}

fn too_large(found: u64, limit: u64) -> Response {
    problem(StatusCode::PAYLOAD_TOO_LARGE, DiagCode::InputTooLarge, format!("the upload is {found} bytes; the limit is {limit} bytes"))
}

/// A file part of a form.
#[derive(Debug)]
pub struct Upload {
    /// The part's form field (`file`, `imports`, `suppliers`).
    pub field: String,
    /// The file's own name as the browser gave it, reduced to a safe base name ([`safe_name`]).
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// A form read whole, files in memory.
#[derive(Debug, Default)]
pub struct Form {
    /// The file parts, in the order sent.
    pub files: Vec<Upload>,
    /// The text fields, (field, value), in the order sent.
    pub texts: Vec<(String, String)>,
}

impl Form {
    /// Reads every part within `l`; a part that is not a file is a text field.
    pub async fn read(mut mp: Multipart, l: Limit) -> Result<Form, Response> {
        let mut form = Form::default();
        let mut total: u64 = 0;
        while let Some(mut field) = mp.next_field().await.map_err(multipart_error)? {
            if form.files.len() + form.texts.len() >= MAX_PARTS {
                return Err(problem(StatusCode::BAD_REQUEST, DiagCode::ServeForm, format!("the form has more than {MAX_PARTS} parts")));
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
                        None => problem(StatusCode::BAD_REQUEST, DiagCode::ServeForm, format!("the form field '{name}' is longer than {MAX_TEXT_BYTES} bytes")),
                    });
                }
                bytes.extend_from_slice(&chunk);
            }
            match file {
                Some(fname) => form.files.push(Upload { field: name, name: fname, bytes }),
                None => {
                    let text = String::from_utf8(bytes)
                        .map_err(|_| problem(StatusCode::BAD_REQUEST, DiagCode::ServeForm, format!("the form field '{name}' is not UTF-8 text")))?;
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
            0 => Err(problem(
                StatusCode::BAD_REQUEST,
                DiagCode::ServeForm,
                format!("expected a file in the form field '{field}' (multipart/form-data), found none"),
            )),
            n => Err(problem(StatusCode::BAD_REQUEST, DiagCode::ServeForm, format!("expected one file in the form field '{field}', found {n}"))),
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
        problem(status, DiagCode::InputTooLarge, "the upload exceeds this endpoint's limit (docs/http-api.md, Limits)")
    } else {
        problem(StatusCode::BAD_REQUEST, DiagCode::ServeForm, format!("expected a multipart/form-data body: {}", e.body_text()))
    }
}

/// A browser's file name reduced to a base name of letters, digits, `.`, `-`, `_` and spaces
/// (others become `_`), without a leading dot, at most 100 characters: it only ever names the
/// file in messages (a declaration's suppliers are told apart by their extension).
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
    use super::{Admission, Limit, safe_name};

    #[test]
    fn uploads_take_room_by_their_size() {
        let a = Admission::new(2, std::time::Duration::from_secs(1));
        // A 400 kB workbook takes one unit, a 65 MiB one (the workbook limit) still one.
        assert_eq!(a.units_for(Some(400_000), Limit::WORKBOOK), 1);
        assert_eq!(a.units_for(Some(Admission::UNIT), Limit::WORKBOOK), 1);
        // One byte more takes two; a 257 MiB declaration takes the whole budget, not five units.
        assert_eq!(a.units_for(Some(Admission::UNIT + 1), Limit::DECLARATION), 2);
        assert_eq!(a.units_for(Some(257 * 1024 * 1024), Limit::DECLARATION), 2);
        // No announced length: the endpoint's limit.
        assert_eq!(a.units_for(None, Limit::WORKBOOK), 1);
        assert_eq!(a.units_for(None, Limit::DECLARATION), 2);
        assert_eq!(a.units_for(Some(0), Limit::WORKBOOK), 1);
        assert_eq!(Admission::new(0, std::time::Duration::ZERO).units_for(None, Limit::DECLARATION), 1);
    }

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
