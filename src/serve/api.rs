//! The HTTP API (`docs/http-api.md`): each endpoint reads its form, runs the library in
//! `spawn_blocking`, and answers the CLI's own output (the same JSON, the same PDF, the same
//! workbook) or the diagnostics as JSON.
//!
//! Statuses: 200 done; 400 a form that is not what the endpoint takes; 403 a foreign `Host`;
//! 413 an upload past its limit; 422 the input has problems (every diagnostic, with its cell or
//! line); 500 an internal error (this request only).

use crate::model::DiagCode;
use std::path::Path;
use std::sync::OnceLock;

use axum::extract::{Multipart, Path as UrlPath, RawQuery};
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
pub fn problem(status: StatusCode, code: DiagCode, message: impl Into<String>) -> Response {
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
    problem(StatusCode::INTERNAL_SERVER_ERROR, DiagCode::ServeInternal, "an internal error stopped this request; the server goes on")
}

fn unprocessable(diags: &[Diagnostic]) -> Response {
    diagnostics(StatusCode::UNPROCESSABLE_ENTITY, diags)
}

/// `year` and `rules` of a form, as `cbam compute --year --rules` take them.
fn choice(form: &Form) -> Result<crate::regime::Choice, Response> {
    let year = match form.text("year") {
        None => None,
        Some(y) => Some(y.parse::<i32>().ok().filter(|y| (2023..=2100).contains(y)).ok_or_else(|| {
            problem(StatusCode::BAD_REQUEST, DiagCode::ServeForm, format!("expected a year from 2023 to 2100 in the field 'year', found '{y}'"))
        })?),
    };
    let methodology = match form.text("rules") {
        None => None,
        Some(r) => Some(crate::regime::Methodology::parse(r).ok_or_else(|| {
            let keys: Vec<&str> = crate::regime::Methodology::ALL.iter().map(|m| m.key()).collect();
            problem(StatusCode::BAD_REQUEST, DiagCode::ServeForm, format!("expected one of {} in the field 'rules', found '{r}'", keys.join(", ")))
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
                // Which documents the page offers: the operator's report under the definitive
                // methodology, the statement before it; the filled template unless it was the input.
                "definitive": res.regime.methodology.is_definitive(),
                "template_input": loaded.kind == crate::read::InputKind::CommunicationTemplate,
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
        other => return problem(StatusCode::BAD_REQUEST, DiagCode::ServeForm, format!("expected en, zh or en+zh in the field 'lang', found '{other}'")),
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
        let source_name = Path::new(&name).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let meta = crate::render::pdf::Meta {
            issued: loaded.installation.period.end,
            lang: &lang,
            kind: loaded.kind,
            source_bytes: &bytes,
            source_name: &source_name,
            year,
        };
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

/// `POST /api/operator-report`: the operator's emissions report `cbam operator-report` writes
/// for the form's `file` (a reporting period of the definitive methodology): the PDF, or with
/// `format` = json its JSON; optional `lang` (en, zh, en+zh) and `cscf`. The issue date is the
/// period's last day, as the CLI's default.
pub async fn operator_report(mp: Multipart) -> Response {
    let mut form = match Form::read(mp, Limit::WORKBOOK).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let bad = |msg: String| problem(StatusCode::BAD_REQUEST, DiagCode::ServeForm, msg);
    let lang = match form.text("lang").unwrap_or("en+zh") {
        l @ ("en" | "zh" | "en+zh") => l.to_string(),
        other => return bad(format!("expected en, zh or en+zh in the field 'lang', found '{other}'")),
    };
    let json = match form.text("format").unwrap_or("pdf") {
        "pdf" => false,
        "json" => true,
        other => return bad(format!("expected pdf or json in the field 'format', found '{other}'")),
    };
    let cscf = match form.text("cscf").map(|c| (c, crate::validate::fields::dec_from_text(c))) {
        None => crate::model::Dec::ONE,
        Some((_, Some(d))) if d > crate::model::Dec::ZERO && d <= crate::model::Dec::ONE => d,
        Some((c, _)) => return bad(format!("expected a cross-sectoral correction factor above 0 and at most 1 in the field 'cscf', found '{c}'")),
    };
    let upload = match form.file("file") {
        Ok(u) => u,
        Err(r) => return r,
    };
    let stem = Path::new(&upload.name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "operator-report".into());
    let made = blocking(move || -> Result<Vec<u8>, Response> {
        let Upload { name, bytes, .. } = upload;
        let (loaded, res, _) = crate::load_installation_bytes(&name, bytes)
            .and_then(|l| crate::compute_loaded(l, crate::regime::Choice::default()))
            .map_err(|d| unprocessable(&d))?;
        let report = crate::render::operator_report::checked(
            &loaded.installation,
            &res,
            crate::render::operator_report::Options { cscf, kind: crate::render::operator_report::Kind::Summary },
            &name,
        )
        .map_err(|d| unprocessable(&d))?;
        if json {
            return Ok(report.canonical_json());
        }
        let out = crate::render::pdf::render_operator_report(&report, &lang, report.reporting_period.end);
        crate::render::pdf::evict_caches();
        out.map(|r| r.pdf).map_err(|_| internal())
    })
    .await;
    match made {
        Ok(Ok(bytes)) if json => attachment("application/json", &format!("{stem}.json"), bytes),
        Ok(Ok(pdf)) => attachment("application/pdf", &format!("{stem}.pdf"), pdf),
        Ok(Err(r)) | Err(r) => r,
    }
}

/// `POST /api/template`: the Commission's Communication template filled from the form's `file`,
/// an installation workbook, as `cbam template fill` writes it; `density` (repeatable,
/// `STREAM=T_PER_M3`) as `--density`.
pub async fn template(mp: Multipart) -> Response {
    let mut form = match Form::read(mp, Limit::WORKBOOK).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let mut densities = Vec::new();
    for d in form.texts("density") {
        match crate::render::template::parse_density(d) {
            Ok(x) => densities.push(x),
            Err(why) => return problem(StatusCode::BAD_REQUEST, DiagCode::ServeForm, format!("{why} in the field 'density'")),
        }
    }
    let upload = match form.file("file") {
        Ok(u) => u,
        Err(r) => return r,
    };
    let stem = Path::new(&upload.name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "installation".into());
    let filled = blocking(move || -> Result<Vec<u8>, Response> {
        let Upload { name, bytes, .. } = upload;
        let (loaded, res, _) = crate::load_installation_bytes(&name, bytes)
            .and_then(|l| crate::compute_loaded(l, crate::regime::Choice::default()))
            .map_err(|d| unprocessable(&d))?;
        if loaded.kind == crate::read::InputKind::CommunicationTemplate {
            return Err(unprocessable(&[crate::render::template::input_is_template(&name)]));
        }
        let opts = crate::render::template::Options { densities };
        crate::render::template::fill(&loaded.installation, &res, &opts).map(|f| f.bytes).map_err(|d| unprocessable(&d.into_sorted()))
    })
    .await;
    match filled {
        Ok(Ok(bytes)) => attachment("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &format!("{stem}-communication-template.xlsx"), bytes),
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

/// `POST /api/verify`: a statement or operator report PDF checked as `cbam verify FILE` does
/// without the source file: 200 with what it carries when its attached data is intact, 422 with
/// each problem (`verify.mismatch`) otherwise.
pub async fn verify(mp: Multipart) -> Response {
    let mut form = match Form::read(mp, Limit::WORKBOOK).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let upload = match form.file("file") {
        Ok(u) => u,
        Err(r) => return r,
    };
    let name = upload.name.clone();
    let checked = match blocking(move || crate::render::pdf::verify::intact(&upload.bytes)).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match checked {
        Ok(i) => {
            let kind = match i.attached {
                crate::render::pdf::verify::Attached::Statement(_) => "statement",
                crate::render::pdf::verify::Attached::OperatorReport(_) => "operator_report",
            };
            let data: serde_json::Value = serde_json::from_slice(&i.json).unwrap_or_default();
            json_response(StatusCode::OK, &json!({ "verified": true, "kind": kind, "sha256": i.digest, "data": data }))
        }
        Err(problems) => {
            let diags: Vec<Diagnostic> =
                problems.into_iter().map(|m| Diagnostic::error(DiagCode::VerifyMismatch, Some(crate::model::Location::File(name.clone())), m)).collect();
            json_response(StatusCode::UNPROCESSABLE_ENTITY, &json!({ "verified": false, "diagnostics": diags.iter().map(diagnostic_json).collect::<Vec<_>>() }))
        }
    }
}

/// `GET /api/blank/installation.xlsx` and `GET /api/blank/imports.xlsx`: the blank workbooks of
/// `cbam init` and `cbam init --imports`; with `?lang=zh`, those of `cbam init --lang zh`.
pub async fn blank(UrlPath(file): UrlPath<String>, RawQuery(query): RawQuery) -> Response {
    use crate::format::notes::Lang;
    use crate::render::workbook::{IMPORTS, INSTALLATION};
    let lang = match query.as_deref().unwrap_or_default().split('&').filter_map(|p| p.strip_prefix("lang=")).next_back() {
        None | Some("en") => Lang::En,
        Some("zh") => Lang::Zh,
        Some(_) => return problem(StatusCode::BAD_REQUEST, DiagCode::ServeForm, "lang is en or zh"),
    };
    let layout = match file.as_str() {
        "installation.xlsx" => &INSTALLATION,
        "imports.xlsx" => &IMPORTS,
        _ => return problem(StatusCode::NOT_FOUND, DiagCode::ServeNotFound, "the blank workbooks are installation.xlsx and imports.xlsx"),
    };
    let book = crate::render::workbook::blank(layout, lang);
    match blocking(move || book.to_bytes()).await {
        Ok(Ok(bytes)) => attachment("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &file, bytes),
        Ok(Err(_)) | Err(_) => internal(),
    }
}

/// `POST /api/report`: the quarterly report of the transitional period (`cbam report`) from the
/// form's `imports` file and `suppliers` files, for `period` (such as 2025Q4) with
/// `submission_date` (the page sends the browser's clock: the server reads none) and, optionally,
/// `allow_defaults` = yes and `format` = page. 200: the XML, valid against QReport v23.00 (with
/// `format` = page, JSON with the XML as text, the counts and the warnings); 422: the
/// diagnostics.
pub async fn report(mp: Multipart) -> Response {
    let mut form = match Form::read(mp, Limit::DECLARATION).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let bad = |msg: String| problem(StatusCode::BAD_REQUEST, DiagCode::ServeForm, msg);
    let Some(period_text) = form.text("period") else { return bad("expected a quarter such as 2025Q4 in the field 'period'".into()) };
    let Some(period) = crate::report::Period::parse(period_text) else {
        return bad(format!("expected a quarter such as 2025Q4 in the field 'period', found '{period_text}'"));
    };
    let submission_date = match form.text("submission_date").map(crate::report::parse_submission_date) {
        Some(Ok(d)) => d,
        Some(Err(why)) => return bad(format!("{why} in the field 'submission_date'")),
        None => return bad("expected the submission date YYYY-MM-DDThh:mm:ssZ in the field 'submission_date'".into()),
    };
    let page = match form.text("format") {
        None | Some("xml") => false,
        Some("page") => true,
        Some(other) => return bad(format!("expected xml or page in the field 'format', found '{other}'")),
    };
    let allow_defaults = match form.text("allow_defaults") {
        None | Some("no") => false,
        Some("yes") => true,
        Some(other) => return bad(format!("expected yes or no in the field 'allow_defaults', found '{other}'")),
    };
    let imports = match form.file("imports") {
        Ok(u) => u,
        Err(r) => return r,
    };
    let suppliers: Vec<(String, Vec<u8>)> = form.files("suppliers").into_iter().map(|u| (u.name, u.bytes)).collect();
    if let Some((name, bytes)) = suppliers.iter().find(|(_, b)| b.len() as u64 > crate::read::workbook::MAX_FILE_BYTES) {
        return problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            DiagCode::InputTooLarge,
            format!("the supplier file {name} is {} bytes; the limit is {} bytes", bytes.len(), crate::read::workbook::MAX_FILE_BYTES),
        );
    }
    let opts = crate::report::Options { period, submission_date: Some(submission_date), allow_defaults };
    let made = blocking(move || crate::report::make_bytes((&imports.name, imports.bytes), suppliers, &opts)).await;
    match made {
        Ok(Ok(m)) if page => json_response(
            StatusCode::OK,
            &json!({
                "period": period.to_string(),
                "goods": m.goods,
                "lines": m.lines,
                "xml": String::from_utf8_lossy(&m.xml),
                "diagnostics": m.warnings.iter().map(diagnostic_json).collect::<Vec<_>>(),
            }),
        ),
        Ok(Ok(m)) => attachment("application/xml", &format!("qreport-{period}.xml"), m.xml),
        Ok(Err(diags)) => unprocessable(&diags),
        Err(r) => r,
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
    let bad = |msg: String| problem(StatusCode::BAD_REQUEST, DiagCode::ServeForm, msg);
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
            DiagCode::InputTooLarge,
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

/// The declaration from uploads, read in memory: nothing is written to disk.
fn declare(
    imports: Upload,
    suppliers: Vec<Upload>,
    declarant: (Option<String>, Option<String>),
    opts: &crate::declaration::Options,
) -> Result<(crate::declaration::Worksheet, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (imports, idiags) = crate::report::load_imports_bytes(&imports.name, imports.bytes)?;
    let (eori, name) = match (&imports.declarant, declarant) {
        (Some(d), _) => (d.eori.clone(), d.name.clone()),
        (None, (Some(eori), Some(name))) if crate::read::imports::is_eori(&eori) => (eori, name),
        (None, (eori, _)) => {
            return Err(vec![Diagnostic::error(
                DiagCode::DeclarationDeclarant,
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
    let files = suppliers.into_iter().map(|u| (u.name, u.bytes)).collect();
    let (suppliers, swarn) = crate::report::suppliers::Suppliers::from_bytes(files, opts.year, crate::report::suppliers::Purpose::Declaration)?;
    let (mut ws, warnings) = crate::declaration::build(&imports, &suppliers, opts)?;
    (ws.declarant_eori, ws.declarant_name) = (eori, name);
    let mut all = idiags.into_sorted();
    all.extend(swarn);
    all.extend(warnings);
    Ok((ws, all))
}
