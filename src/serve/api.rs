//! The HTTP API (`docs/http-api.md`): each endpoint reads its form, runs the library in
//! `spawn_blocking`, and answers the CLI's own output (the same JSON, the same PDF, the same
//! workbook) or the diagnostics as JSON.
//!
//! Statuses: 200 done; 400 a form that is not what the endpoint takes; 403 a foreign `Host`;
//! 413 an upload past its limit; 422 the input has problems (every diagnostic, with its cell or
//! line); 500 an internal error (this request only).

use std::path::Path;
use std::sync::OnceLock;

use axum::extract::{Multipart, Path as UrlPath};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value as Json, json};
use tokio::sync::Semaphore;

use super::form::{Form, Limit, Upload};
use crate::model::{Diagnostic, Location, Severity};

/// One diagnostic as the API shows it: `severity`, `code`, `location` (as the CLI prints it, or
/// null), `line` and `column` for a place in a text file, `message`, `hints`.
pub fn diagnostic_json(d: &Diagnostic) -> Json {
    let mut o = json!({
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "code": d.code,
        "location": d.location.as_ref().map(|l| l.to_string()),
        "message": d.message,
        "hints": d.hints,
    });
    if let Some(Location::Line { line, column }) = &d.location {
        o["line"] = json!(line);
        o["column"] = json!(column);
    }
    o
}

fn json_response(status: StatusCode, body: &Json) -> Response {
    let mut text = serde_json::to_string_pretty(body).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    (status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], text).into_response()
}

/// An answer made of diagnostics: `{"diagnostics": [...]}`.
pub fn diagnostics(status: StatusCode, diags: &[Diagnostic]) -> Response {
    json_response(status, &json!({ "diagnostics": diags.iter().map(diagnostic_json).collect::<Vec<_>>() }))
}

/// A problem of the request itself, in the same shape as the input's diagnostics.
pub fn problem(status: StatusCode, code: &'static str, message: impl Into<String>) -> Response {
    diagnostics(status, &[Diagnostic::error(code, None, message)])
}

/// Heavy work at most as many at once as there are cores; each in a blocking thread, where a
/// panic ends that request with a 500.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, Response> {
    static WORK: OnceLock<Semaphore> = OnceLock::new();
    let permits = WORK.get_or_init(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));
    let _permit = permits.acquire().await.map_err(|_| internal())?;
    tokio::task::spawn_blocking(f).await.map_err(|_| internal())
}

fn internal() -> Response {
    problem(StatusCode::INTERNAL_SERVER_ERROR, "serve.internal", "an internal error stopped this request; the server goes on")
}

fn unprocessable(diags: &[Diagnostic]) -> Response {
    diagnostics(StatusCode::UNPROCESSABLE_ENTITY, diags)
}

/// `year` and `rules` of a form, as `cbam compute --year --rules` take them.
fn choice(form: &Form) -> Result<crate::regime::Choice, Response> {
    let year =
        match form.text("year") {
            None => None,
            Some(y) => Some(y.parse::<i32>().ok().filter(|y| (2023..=2100).contains(y)).ok_or_else(|| {
                problem(StatusCode::BAD_REQUEST, "serve.form", format!("expected a year from 2023 to 2100 in the field 'year', found '{y}'"))
            })?),
        };
    let methodology = match form.text("rules") {
        None => None,
        Some(r) => Some(crate::regime::Methodology::parse(r).ok_or_else(|| {
            let keys: Vec<&str> = crate::regime::Methodology::ALL.iter().map(|m| m.key()).collect();
            problem(StatusCode::BAD_REQUEST, "serve.form", format!("expected one of {} in the field 'rules', found '{r}'", keys.join(", ")))
        })?),
    };
    Ok(crate::regime::Choice { year, methodology })
}

type Computed = (crate::Loaded, crate::compute::Results, i32);

/// Reads the form's `file` and computes it, as `cbam compute` does.
async fn compute_upload(mp: Multipart) -> Result<(Upload, Computed), Response> {
    let mut form = Form::read(mp, Limit::WORKBOOK).await?;
    let choice = choice(&form)?;
    let upload = form.file("file")?;
    let (name, bytes) = (upload.name.clone(), upload.bytes.clone());
    let computed = blocking(move || crate::load_installation_bytes(&name, bytes).and_then(|l| crate::compute_loaded(l, choice))).await?;
    computed.map(|c| (upload, c)).map_err(|d| unprocessable(&d))
}

/// `POST /api/compute`: the JSON of `cbam compute --format json`, byte for byte.
pub async fn compute(mp: Multipart) -> Response {
    match compute_upload(mp).await {
        Ok((_, (loaded, res, year))) => {
            let mut text = serde_json::to_string_pretty(&crate::render::results::json(&loaded.installation, &res, year)).unwrap_or_default();
            text.push('\n');
            ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], text).into_response()
        }
        Err(r) => r,
    }
}

/// `POST /api/compute/page`: what the page shows: the table `cbam compute` prints, the JSON,
/// and every warning with its cell.
pub async fn compute_page(mp: Multipart) -> Response {
    match compute_upload(mp).await {
        Ok((_, (loaded, res, year))) => json_response(
            StatusCode::OK,
            &json!({
                "table": crate::render::results::table(&loaded.installation, &res, year),
                "results": crate::render::results::json(&loaded.installation, &res, year),
                "diagnostics": loaded.warnings.iter().map(diagnostic_json).collect::<Vec<_>>(),
            }),
        ),
        Err(r) => r,
    }
}

/// `POST /api/statement`: the PDF `cbam statement` writes for the form's `file`.
pub async fn statement(mp: Multipart) -> Response {
    let mut form = match Form::read(mp, Limit::WORKBOOK).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let lang = match form.text("lang").unwrap_or("en+zh") {
        l @ ("en" | "zh" | "en+zh") => l.to_string(),
        other => return problem(StatusCode::BAD_REQUEST, "serve.form", format!("expected en, zh or en+zh in the field 'lang', found '{other}'")),
    };
    let choice = match choice(&form) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let upload = match form.file("file") {
        Ok(u) => u,
        Err(r) => return r,
    };
    let stem = Path::new(&upload.name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "statement".into());
    let rendered = blocking(move || -> Result<Vec<u8>, Response> {
        let Upload { name, bytes, .. } = upload;
        let (loaded, res, year) =
            crate::load_installation_bytes(&name, bytes.clone()).and_then(|l| crate::compute_loaded(l, choice)).map_err(|d| unprocessable(&d))?;
        let meta = crate::render::pdf::Meta { issued: loaded.installation.period.end, lang: &lang, kind: loaded.kind, source_bytes: &bytes, year };
        let data = crate::render::pdf::data::build(&loaded.installation, &res, &meta);
        let out = crate::render::pdf::render(&crate::render::pdf::Template::embedded(), &data);
        crate::render::pdf::evict_caches();
        out.map(|r| r.pdf).map_err(|_| internal())
    })
    .await;
    match rendered {
        Ok(Ok(pdf)) => attachment("application/pdf", &format!("{stem}.pdf"), pdf),
        Ok(Err(r)) | Err(r) => r,
    }
}

/// A download: `Content-Disposition: attachment` with an ASCII file name.
fn attachment(mime: &'static str, name: &str, bytes: Vec<u8>) -> Response {
    let ascii: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    let mut res = ([(header::CONTENT_TYPE, mime)], bytes).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// `POST /api/validate`: a QReport XML checked as `cbam validate` does: 200 when it has no
/// error (its warnings listed), 422 with every error's line and column otherwise.
pub async fn validate(mp: Multipart) -> Response {
    let mut form = match Form::read(mp, Limit::XML).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let upload = match form.file("file") {
        Ok(u) => u,
        Err(r) => return r,
    };
    let checked = match blocking(move || crate::report::check_bytes(&upload.bytes, None)).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let part = |ds: &[Diagnostic], name: &str| {
        ds.iter()
            .map(|d| {
                let mut j = diagnostic_json(d);
                j["part"] = json!(name);
                j
            })
            .collect::<Vec<_>>()
    };
    let mut all = part(&checked.schema, "schema");
    all.extend(part(&checked.rules, "rules"));
    let valid = !checked.has_errors();
    json_response(if valid { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY }, &json!({ "valid": valid, "diagnostics": all }))
}

/// `GET /api/blank/installation.xlsx` and `GET /api/blank/imports.xlsx`: the blank workbooks of
/// `cbam init` and `cbam init --imports`.
pub async fn blank(UrlPath(file): UrlPath<String>) -> Response {
    use crate::render::workbook::{IMPORTS, TidyWorkbook};
    let book = match file.as_str() {
        "installation.xlsx" => TidyWorkbook::new(),
        "imports.xlsx" => TidyWorkbook::with_layout(&IMPORTS),
        _ => return problem(StatusCode::NOT_FOUND, "serve.not_found", "the blank workbooks are installation.xlsx and imports.xlsx"),
    };
    match blocking(move || book.to_bytes()).await {
        Ok(Ok(bytes)) => attachment("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &file, bytes),
        Ok(Err(_)) | Err(_) => internal(),
    }
}

/// `POST /api/declaration`: the annual declaration worksheet of `cbam declaration` from the
/// form's `imports` file and `suppliers` files (`year` required; `price` as QUARTER=EUR,
/// repeatable; `cbam_price`; `declarant_eori` and `declarant_name` for a CSV file; `format`
/// json, xlsx or page).
pub async fn declaration(mp: Multipart) -> Response {
    match declaration_inner(mp).await {
        Ok(r) | Err(r) => r,
    }
}

async fn declaration_inner(mp: Multipart) -> Result<Response, Response> {
    let mut form = Form::read(mp, Limit::DECLARATION).await?;
    let bad = |msg: String| problem(StatusCode::BAD_REQUEST, "serve.form", msg);
    let format = form.text("format").unwrap_or("json").to_string();
    if !matches!(format.as_str(), "json" | "xlsx" | "page") {
        return Err(bad(format!("expected json, xlsx or page in the field 'format', found '{format}'")));
    }
    let year_text = form.text("year").ok_or_else(|| bad("expected the year declared in the field 'year'".into()))?;
    let year: i32 = year_text.parse().map_err(|_| bad(format!("expected a year in the field 'year', found '{year_text}'")))?;
    match crate::regime::Regime::for_year(year, None) {
        Ok(r) if r.year_rules.is_some() => {}
        Ok(_) => return Err(bad(format!("{year} is not a year of the definitive period (from {})", crate::regime::Regime::first_definitive_year()))),
        Err(e) => return Err(bad(e.to_string())),
    }
    let dec = |field: &str, s: &str| match crate::validate::fields::dec_from_text(s) {
        Some(d) if d > crate::model::Dec::ZERO => Ok(d),
        _ => Err(bad(format!("expected a price above zero such as 75.36 in the field '{field}', found '{s}'"))),
    };
    let mut prices = std::collections::BTreeMap::new();
    for p in form.texts("price") {
        let (q, eur) = p.split_once('=').ok_or_else(|| bad(format!("expected QUARTER=EUR such as 2026Q4=79.10 in the field 'price', found '{p}'")))?;
        let quarter = crate::tables::prices::parse_quarter(q.trim())
            .ok_or_else(|| bad(format!("expected a quarter such as 2026Q4 in the field 'price', found '{q}'")))?;
        prices.insert(quarter, dec("price", eur.trim())?);
    }
    let cbam_price = form.text("cbam_price").map(|p| dec("cbam_price", p)).transpose()?;
    let declarant = (form.text("declarant_eori").map(str::to_string), form.text("declarant_name").map(str::to_string));
    let imports = form.file("imports")?;
    let suppliers = form.files("suppliers");
    if let Some(big) = suppliers.iter().find(|u| u.bytes.len() as u64 > crate::read::workbook::MAX_FILE_BYTES) {
        return Err(problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "input.too_large",
            format!("the supplier file {} is {} bytes; the limit is {} bytes", big.name, big.bytes.len(), crate::read::workbook::MAX_FILE_BYTES),
        ));
    }
    let opts = crate::declaration::Options {
        year,
        cbam_price,
        prices,
        cscf: crate::model::Dec::ONE,
        routes: Default::default(),
        default_carbon_prices: Default::default(),
        holding: false,
    };
    let built = blocking(move || declare(imports, suppliers, declarant, &opts)).await?;
    let (ws, warnings) = built.map_err(|d| unprocessable(&d))?;
    Ok(match format.as_str() {
        "xlsx" => match crate::declaration::xlsx::write(&ws) {
            Ok(bytes) => attachment("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &format!("declaration-{year}.xlsx"), bytes),
            Err(_) => internal(),
        },
        "page" => json_response(
            StatusCode::OK,
            &json!({
                "worksheet": serde_json::to_value(&ws).unwrap_or(Json::Null),
                "diagnostics": warnings.iter().map(diagnostic_json).collect::<Vec<_>>(),
            }),
        ),
        _ => {
            let mut text = serde_json::to_string_pretty(&ws).unwrap_or_default();
            text.push('\n');
            ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], text).into_response()
        }
    })
}

/// The declaration from uploads: the readers take paths, so the files go to a private temporary
/// directory (mode 0700, deleted when this returns) under their safe names, and the directory's
/// path is taken out of every diagnostic again.
fn declare(
    imports: Upload,
    suppliers: Vec<Upload>,
    declarant: (Option<String>, Option<String>),
    opts: &crate::declaration::Options,
) -> Result<(crate::declaration::Worksheet, Vec<Diagnostic>), Vec<Diagnostic>> {
    let io = |e: std::io::Error| vec![Diagnostic::error("io.write", None, format!("cannot hold the upload in a temporary directory: {}", e.kind()))];
    let dir = tempfile::Builder::new().prefix("cbam-serve-").tempdir().map_err(io)?;
    let (imports_dir, suppliers_dir) = (dir.path().join("imports"), dir.path().join("suppliers"));
    std::fs::create_dir(&imports_dir).map_err(io)?;
    std::fs::create_dir(&suppliers_dir).map_err(io)?;
    let imports_path = imports_dir.join(&imports.name);
    std::fs::write(&imports_path, &imports.bytes).map_err(io)?;
    let mut used = std::collections::BTreeSet::new();
    for (i, s) in suppliers.iter().enumerate() {
        let name = if used.insert(s.name.clone()) { s.name.clone() } else { format!("{}-{}", i + 1, s.name) };
        used.insert(name.clone());
        std::fs::write(suppliers_dir.join(&name), &s.bytes).map_err(io)?;
    }
    let prefixes = [format!("{}/", imports_dir.display()), format!("{}/", suppliers_dir.display()), format!("{}", suppliers_dir.display())];
    let clean = |ds: Vec<Diagnostic>| ds.into_iter().map(|d| unlocate(d, &prefixes)).collect::<Vec<_>>();

    let (imports, idiags) = crate::report::load_imports(&imports_path).map_err(clean)?;
    let (eori, name) = match (&imports.declarant, declarant) {
        (Some(d), _) => (d.eori.clone(), d.name.clone()),
        (None, (Some(eori), Some(name))) if crate::read::imports::is_eori(&eori) => (eori, name),
        (None, (eori, _)) => {
            return Err(vec![Diagnostic::error(
                "declaration.declarant",
                None,
                match eori {
                    Some(e) if !crate::read::imports::is_eori(&e) => {
                        format!("expected an EORI number in the field 'declarant_eori' (a country code and up to 15 capital letters or digits), found '{e}'")
                    }
                    _ => "expected the fields 'declarant_eori' and 'declarant_name': a CSV file of customs lines names no declarant".to_string(),
                },
            )]);
        }
    };
    let (suppliers, swarn) = crate::report::suppliers::Suppliers::load(&suppliers_dir, opts.year, None).map_err(clean)?;
    let (mut ws, warnings) = crate::declaration::build(&imports, &suppliers, opts).map_err(clean)?;
    (ws.declarant_eori, ws.declarant_name) = (eori, name);
    let mut all = idiags.into_sorted();
    all.extend(swarn);
    all.extend(warnings);
    Ok((ws, clean(all)))
}

/// `d` without the temporary directory's path in its location, message and hints.
fn unlocate(mut d: Diagnostic, prefixes: &[String]) -> Diagnostic {
    let strip = |s: &str| prefixes.iter().fold(s.to_string(), |acc, p| acc.replace(p.as_str(), ""));
    match &mut d.location {
        Some(Location::File(p)) => *p = strip(p),
        Some(Location::Cell(c)) => c.sheet = strip(&c.sheet).into(),
        _ => {}
    }
    d.message = strip(&d.message);
    d.hints = d.hints.iter().map(|h| strip(h)).collect();
    d
}
