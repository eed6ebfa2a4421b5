//! `cbam serve` over HTTP: the server started in-process on an ephemeral port of 127.0.0.1 and
//! asked with a plain HTTP/1.1 client written here (so every header, the `Host` included, is the
//! test's own). Every endpoint, every error status, and the server still answering afterwards.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use crate::run::{self, cbam, root};
use serde_json::Value as Json;

/// Runs `fut` (a server) on a runtime of its own thread.
fn run_in_background(fut: impl std::future::Future<Output = std::io::Result<()>> + Send + 'static) {
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime");
        rt.block_on(fut).expect("the server runs");
    });
}

/// The server every test shares.
fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let (addr, fut) = cbam::serve::bind("127.0.0.1:0".parse().unwrap()).expect("bind an ephemeral port");
        run_in_background(fut);
        addr
    })
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Json {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The codes and locations of the diagnostics of a JSON answer.
    fn diagnostics(&self) -> Vec<(String, String)> {
        self.json()["diagnostics"]
            .as_array()
            .expect("a diagnostics array")
            .iter()
            .map(|d| (d["code"].as_str().unwrap_or_default().to_string(), d["location"].as_str().unwrap_or_default().to_string()))
            .collect()
    }
}

/// One request on its own connection; `host` is sent as the `Host` header.
fn request(addr: SocketAddr, method: &str, path: &str, host: &str, headers: &[(&str, String)], body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(300))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-length")) && (method == "POST" || !body.is_empty()) {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).expect("send the head");
    s.write_all(body).expect("send the body");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read the answer");
    parse(&raw)
}

fn parse(raw: &[u8]) -> Reply {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    let mut body = raw[end + 4..].to_vec();
    if headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked")) {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let nl = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..nl]).unwrap().split(';').next().unwrap().trim(), 16).unwrap();
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[nl + 2..nl + 2 + size]);
            rest = &rest[nl + 4 + size..];
        }
        body = out;
    }
    Reply { status, headers, body }
}

fn get(path: &str) -> Reply {
    let addr = server();
    request(addr, "GET", path, &format!("127.0.0.1:{}", addr.port()), &[], b"")
}

/// A `multipart/form-data` body: (field, file name for a file, content).
fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----cbam-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (field, file, content) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{field}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{field}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn post_form(path: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Reply {
    let addr = server();
    let (ct, body) = multipart(parts);
    request(addr, "POST", path, &format!("localhost:{}", addr.port()), &[("Content-Type", ct)], &body)
}

fn post_file(path: &str, file: &Path) -> Reply {
    let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let name = file.file_name().unwrap().to_str().unwrap();
    post_form(path, &[("file", Some(name), &bytes)])
}

/// The QReport `cbam report` writes for the 2025Q4 imports sample with the samples as suppliers,
/// submitted 2026-01-20T09:00:00Z.
fn sample_qreport() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("q.xml");
    let (code, _, err) = run::sample_qreport(&root().join("samples"), &out);
    assert_eq!(code, 0, "{err}");
    std::fs::read(&out).unwrap()
}

/// The server still answers.
fn still_serving() {
    let r = get("/healthz");
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn serve_healthz_page_assets_and_headers() {
    let r = get("/healthz");
    assert_eq!((r.status, r.text().as_str()), (200, "ok\n"));
    let page = get("/");
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").unwrap().starts_with("text/html"));
    assert!(page.text().contains("<script src=\"/app.js\""));
    assert!(page.header("content-security-policy").unwrap().starts_with("default-src 'self'"), "{:?}", page.headers);
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    for (path, mime) in [("/app.js", "text/javascript"), ("/app.css", "text/css"), ("/i18n/en.json", "application/json"), ("/i18n/zh.json", "application/json")]
    {
        let r = get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.header("content-type").unwrap().starts_with(mime), "{path}");
        assert!(r.headers.iter().all(|(k, _)| !k.to_ascii_lowercase().starts_with("access-control-")), "{path}: a CORS header");
    }
    assert!(get("/i18n/zh.json").text().contains("简体中文") || get("/i18n/zh.json").text().contains("设施"));
    // The diagnostics' catalogs: the library's (English from each code's documentation, Chinese
    // as committed); nothing else under that prefix.
    for (lang, format_lang) in [("en", cbam::format::notes::Lang::En), ("zh", cbam::format::notes::Lang::Zh)] {
        let r = get(&format!("/i18n/diagnostics-{lang}.json"));
        assert_eq!(r.status, 200, "{lang}");
        assert_eq!(r.text(), cbam::format::diagnostics::catalog_json(format_lang), "{lang}");
    }
    let committed: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join("src/format/diagnostics-zh.json")).unwrap()).unwrap();
    let served: serde_json::Value = serde_json::from_str(&get("/i18n/diagnostics-zh.json").text()).unwrap();
    assert_eq!(served, committed, "the Chinese catalog is the committed file");
    let en: serde_json::Value = serde_json::from_str(&get("/i18n/diagnostics-en.json").text()).unwrap();
    assert_eq!(en["input.type"].as_str(), Some(cbam::model::DiagCode::InputType.sentence()));
    for path in ["/i18n/diagnostics-fr.json", "/i18n/diagnostics-.json", "/i18n/diagnostics-zh"] {
        assert_eq!(get(path).status, 404, "{path}");
    }
    // No path reaches the file system.
    for path in ["/Cargo.toml", "/../Cargo.toml", "/%2e%2e/Cargo.toml", "/i18n/..%2F..%2FCargo.toml", "/src/serve/assets/app.js", "/api/blank/..%2FCargo.toml"]
    {
        let r = get(path);
        assert_eq!(r.status, 404, "{path}: {}", r.text());
        assert!(!r.text().contains("[package]"), "{path}");
    }
    // The blank workbooks of `cbam init`.
    for file in ["installation.xlsx", "imports.xlsx"] {
        let r = get(&format!("/api/blank/{file}"));
        assert_eq!(r.status, 200, "{file}");
        assert!(r.body.starts_with(b"PK\x03\x04"), "{file}");
        assert!(r.header("content-disposition").unwrap().contains(file));
        // In Chinese (the page in 中文 asks for it): the bytes of `cbam init --lang zh`.
        let zh = get(&format!("/api/blank/{file}?lang=zh"));
        assert_eq!(zh.status, 200, "{file}");
        let dir = std::env::temp_dir().join(format!("cbam-it-serve-blank-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let written = dir.join(file);
        let mut init = std::process::Command::new(env!("CARGO_BIN_EXE_cbam"));
        init.args(["init", "--lang", "zh", "--force"]).arg(&written);
        if file == "imports.xlsx" {
            init.arg("--imports");
        }
        let out = init.output().unwrap();
        assert!(out.status.success());
        assert_eq!(zh.body, std::fs::read(&written).unwrap(), "{file} in Chinese");
        assert_ne!(zh.body, r.body);
        assert_eq!(get(&format!("/api/blank/{file}?lang=en")).body, r.body);
        assert_eq!(get(&format!("/api/blank/{file}?lang=fr")).status, 400);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn serve_compute_answers_the_cli_json() {
    let sample = root().join("samples/cement-integrated-cn.xlsx");
    let r = post_file("/api/compute", &sample);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.header("content-type").unwrap().starts_with("application/json"));
    let (code, cli, _) = cbam(&["compute", "samples/cement-integrated-cn.xlsx", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(r.text(), cli, "POST /api/compute must give the bytes of cbam compute --format json");

    // With the CLI's --year and --rules as form fields.
    let bytes = std::fs::read(root().join("samples/2026/cement-integrated-cn.xlsx")).unwrap();
    let r = post_form("/api/compute", &[("file", Some("cement-integrated-cn.xlsx"), &bytes), ("rules", None, b"2023/1773"), ("year", None, b"2026")]);
    let (_, cli, _) = cbam(&["compute", "samples/2026/cement-integrated-cn.xlsx", "--format", "json", "--rules", "2023/1773", "--year", "2026"]);
    assert_eq!((r.status, r.text()), (200, cli));

    // What the page shows: the CLI's table, the JSON and the warnings.
    let r = post_file("/api/compute/page", &sample);
    assert_eq!(r.status, 200);
    let j = r.json();
    let (_, table, _) = cbam(&["compute", "samples/cement-integrated-cn.xlsx"]);
    assert_eq!(j["table"].as_str().unwrap(), table);
    assert!(j["diagnostics"].is_array());
    assert_eq!(j["results"]["installation"]["country"], "CN");

    let r = post_form("/api/compute", &[("file", Some("x.xlsx"), &bytes), ("year", None, b"next year")]);
    assert_eq!(r.status, 400, "{}", r.text());
    let r = post_form("/api/compute", &[("other", None, b"no file")]);
    assert_eq!(r.status, 400, "{}", r.text());
    still_serving();
}

#[test]
fn serve_bad_workbooks_get_422_with_their_cells() {
    let bad = root().join("tests/fixtures/bad");
    let r = post_file("/api/compute", &bad.join("01-text-in-number.xlsx"));
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.diagnostics().contains(&("input.type".to_string(), "Processes!E4".to_string())), "{:?}", r.diagnostics());
    let d = &r.json()["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert!(d["message"].as_str().unwrap().contains("n/a"));
    assert!(d["hints"].is_array());

    // Several problems: every one of them, each with its cell.
    let r = post_file("/api/compute", &bad.join("40-several-problems.xlsx"));
    assert_eq!(r.status, 422);
    assert!(r.diagnostics().len() > 1, "{:?}", r.diagnostics());

    // A garbage file, a truncated one, an encrypted one.
    for (file, code) in [("38-not-a-workbook.xlsx", "input.not_a_workbook"), ("39-truncated.xlsx", "input.corrupt"), ("56-encrypted.xlsx", "input.encrypted")] {
        let r = post_file("/api/compute", &bad.join(file));
        assert_eq!(r.status, 422, "{file}: {}", r.text());
        assert!(r.diagnostics().iter().any(|(c, _)| c == code), "{file}: {:?}", r.diagnostics());
        assert_eq!(r.diagnostics()[0].1, file, "{file}: the location names the upload");
    }
    let r = post_form("/api/compute", &[("file", Some("noise.bin"), &[0u8, 159, 146, 150, 255, 1, 2, 3])]);
    assert_eq!(r.status, 422);
    still_serving();
}

#[test]
fn serve_zip_bomb_and_reader_limits_get_4xx() {
    let bad = root().join("tests/fixtures/bad");
    for file in ["49-zip-bomb.xlsx", "50-declared-size-lies.xlsx", "52-used-range-too-wide.xlsx"] {
        let r = post_file("/api/compute", &bad.join(file));
        assert!((400..500).contains(&r.status), "{file}: {} {}", r.status, r.text());
        assert!(!r.diagnostics().is_empty(), "{file}");
        still_serving();
    }
    let r = post_file("/api/compute", &bad.join("49-zip-bomb.xlsx"));
    assert!(r.diagnostics().iter().any(|(c, _)| c == "input.too_large"), "{:?}", r.diagnostics());
}

#[test]
fn serve_uploads_past_the_limit_get_413_before_they_are_read() {
    let addr = server();
    let host = format!("127.0.0.1:{}", addr.port());
    let ct = ("Content-Type", "multipart/form-data; boundary=x".to_string());
    // A 100 MB upload announced: refused on its length, before a byte of it is sent.
    for path in ["/api/compute", "/api/statement", "/api/validate"] {
        let r = request(addr, "POST", path, &host, &[ct.clone(), ("Content-Length", (100 * 1024 * 1024).to_string())], b"");
        assert_eq!(r.status, 413, "{path}: {}", r.text());
        assert_eq!(r.diagnostics()[0].0, "input.too_large");
    }
    let r = request(addr, "POST", "/api/declaration", &host, &[ct.clone(), ("Content-Length", (300u64 * 1024 * 1024).to_string())], b"");
    assert_eq!(r.status, 413);
    // A 100 MB upload sent whole, without a length (chunked): cut off at the limit. The body is
    // written by a thread of its own while the answer is read.
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(300))).unwrap();
    let (ct, body) = multipart(&[("file", Some("big.xlsx"), &vec![b'P'; 100 * 1024 * 1024])]);
    write!(s, "POST /api/compute HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Type: {ct}\r\nTransfer-Encoding: chunked\r\n\r\n").unwrap();
    let mut w = s.try_clone().unwrap();
    let writer = std::thread::spawn(move || {
        for chunk in body.chunks(1 << 16) {
            if write!(w, "{:x}\r\n", chunk.len()).and_then(|_| w.write_all(chunk)).and_then(|_| w.write_all(b"\r\n")).is_err() {
                return false; // the server stopped reading: it has answered
            }
        }
        let _ = w.write_all(b"0\r\n\r\n");
        true
    });
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    // Read until the head and the announced body are in (the server may close hard afterwards).
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if raw.windows(4).any(|w| w == b"\r\n\r\n") && raw.ends_with(b"}\n") {
            break;
        }
    }
    let r = parse(&raw);
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.diagnostics()[0].0, "input.too_large");
    let _ = s.shutdown(std::net::Shutdown::Both);
    let _ = writer.join();
    still_serving();
}

#[test]
fn serve_foreign_hosts_get_403() {
    let addr = server();
    let port = addr.port();
    for host in
        [format!("evil.example:{port}"), "evil.example".to_string(), format!("127.0.0.1:{}", port.wrapping_add(1)), format!("localhost.evil.example:{port}")]
    {
        for path in ["/", "/healthz", "/api/blank/installation.xlsx"] {
            let r = request(addr, "GET", path, &host, &[], b"");
            assert_eq!(r.status, 403, "{host}{path}");
            assert_eq!(r.diagnostics()[0].0, "serve.foreign_host");
        }
    }
    let (ct, body) = multipart(&[("file", Some("a.xlsx"), b"x")]);
    let r = request(addr, "POST", "/api/compute", &format!("rebind.example:{port}"), &[("Content-Type", ct)], &body);
    assert_eq!(r.status, 403);
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}")] {
        assert_eq!(request(addr, "GET", "/healthz", &host, &[], b"").status, 200, "{host}");
    }
    // A form another site's page makes the browser send: its Origin is refused, its body unread.
    let sample = std::fs::read(root().join("samples/cement-integrated-cn.xlsx")).unwrap();
    let (ct, body) = multipart(&[("file", Some("cement.xlsx"), &sample)]);
    for origin in ["http://evil.example", "null", "https://localhost"] {
        let r = request(addr, "POST", "/api/compute", &format!("localhost:{port}"), &[("Content-Type", ct.clone()), ("Origin", origin.into())], &body);
        assert_eq!(r.status, 403, "{origin}");
        assert_eq!(r.diagnostics()[0].0, "serve.foreign_origin");
    }
    // The app's own page, and a client that sends no Origin, are answered.
    let own = format!("http://localhost:{port}");
    let r = request(addr, "POST", "/api/compute", &format!("localhost:{port}"), &[("Content-Type", ct.clone()), ("Origin", own)], &body);
    assert_eq!(r.status, 200);
    // No CORS: a preflight gets no Access-Control header.
    let r = request(
        addr,
        "OPTIONS",
        "/api/compute",
        &format!("localhost:{port}"),
        &[("Origin", "http://evil.example".into()), ("Access-Control-Request-Method", "POST".into())],
        b"",
    );
    assert!(r.headers.iter().all(|(k, _)| !k.to_ascii_lowercase().starts_with("access-control-")), "{:?}", r.headers);
    still_serving();
}

#[test]
fn serve_validate_gives_lines_and_columns() {
    let xml = root().join("tests/fixtures/xml");
    let r = post_file("/api/validate", &xml.join("bad-doctype-entities.xml"));
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.json()["valid"], false);
    assert!(r.diagnostics()[0].0.starts_with("xml."), "{:?}", r.diagnostics());

    let r = post_file("/api/validate", &xml.join("bad-element-order.xml"));
    assert_eq!(r.status, 422);
    let first = &r.json()["diagnostics"][0];
    assert!(first["line"].as_u64().is_some_and(|l| l > 1), "{first}");
    assert_eq!(first["part"], "schema");

    // A valid report made by `cbam report`: 200.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.xml");
    std::fs::write(&out, sample_qreport()).unwrap();
    let r = post_file("/api/validate", &out);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["valid"], true);

    let r = post_form("/api/validate", &[("file", Some("x.xml"), b"not xml at all <")]);
    assert_eq!(r.status, 422);
    still_serving();
}

#[test]
fn serve_statement_is_a_pdf() {
    let r = post_file("/api/statement", &root().join("samples/cement-integrated-cn.xlsx"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/pdf"));
    assert!(r.body.starts_with(b"%PDF"));
    assert!(r.header("content-disposition").unwrap().contains("cement-integrated-cn.pdf"));
    // The same bytes as `cbam statement` writes.
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = cbam(&["statement", "samples/cement-integrated-cn.xlsx", "-o", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read(dir.path().join("cement-integrated-cn.pdf")).unwrap(), r.body, "the PDF differs from cbam statement's");

    let r = post_file("/api/statement", &root().join("tests/fixtures/bad/01-text-in-number.xlsx"));
    assert_eq!(r.status, 422);
    still_serving();
}

#[test]
fn serve_declaration_answers_the_cli_json() {
    let imports = std::fs::read(root().join("samples/imports-2026.csv")).unwrap();
    let mut parts: Vec<(&str, Option<&str>, Vec<u8>)> = vec![
        ("imports", Some("imports-2026.csv"), imports),
        ("year", None, b"2026".to_vec()),
        ("price", None, b"2026Q4=80".to_vec()),
        ("declarant_eori", None, b"DE123456789012345".to_vec()),
        ("declarant_name", None, "Rheinland Baustoffe & Metallhandel GmbH".as_bytes().to_vec()),
    ];
    let mut names: Vec<String> = std::fs::read_dir(root().join("samples/2026")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let files: Vec<(String, Vec<u8>)> = names.iter().map(|n| (n.clone(), std::fs::read(root().join("samples/2026").join(n)).unwrap())).collect();
    for (n, b) in &files {
        parts.push(("suppliers", Some(n.as_str()), b.clone()));
    }
    let view: Vec<(&str, Option<&str>, &[u8])> = parts.iter().map(|(f, n, b)| (*f, *n, b.as_slice())).collect();
    let r = post_form("/api/declaration", &view);
    assert_eq!(r.status, 200, "{}", r.text());
    let (code, cli, _) = cbam(&[
        "declaration",
        "--imports",
        "samples/imports-2026.csv",
        "--declarant-eori",
        "DE123456789012345",
        "--declarant-name",
        "Rheinland Baustoffe & Metallhandel GmbH",
        "--suppliers",
        "samples/2026",
        "--year",
        "2026",
        "--price",
        "2026Q4=80",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(r.text(), cli, "POST /api/declaration must give the bytes of cbam declaration --format json");

    let mut xlsx = view.clone();
    xlsx.push(("format", None, b"xlsx"));
    let r = post_form("/api/declaration", &xlsx);
    assert_eq!(r.status, 200);
    assert!(r.body.starts_with(b"PK\x03\x04"));

    let mut page = view.clone();
    page.push(("format", None, b"page"));
    let r = post_form("/api/declaration", &page);
    assert_eq!(r.status, 200);
    let j = r.json();
    assert!(j["worksheet"]["entries"].as_array().is_some_and(|e| !e.is_empty()));
    // The hydro smelter's unverified values are warned about, naming its uploaded file.
    let warnings = j["diagnostics"].to_string();
    assert!(warnings.contains("declaration.unverified"), "{warnings}");
    assert!(!warnings.contains("cbam-serve-"), "a temporary path leaks: {warnings}");

    // A CSV without the declarant: 422 with the diagnostic; a year outside the definitive period: 400.
    let r = post_form("/api/declaration", &[view[0], view[1], view[2]]);
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.diagnostics()[0].0, "declaration.declarant");
    let r = post_form("/api/declaration", &[view[0], ("year", None, b"2024")]);
    assert_eq!(r.status, 400);
    // A garbage imports file: 422 naming the upload.
    let r = post_form("/api/declaration", &[("imports", Some("lines.csv"), b"\x00\x01garbage"), view[1], view[3], view[4]]);
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(!r.text().contains("cbam-serve-"), "{}", r.text());
    // Nothing is written to disk: no temporary directory is made for the uploads.
    let left: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("cbam-serve-"))
        .collect();
    assert!(left.is_empty(), "left in the temporary directory: {left:?}");
    still_serving();
}

/// A panic in a handler ends that request with a 500; the server goes on.
#[test]
fn serve_a_panic_stays_in_its_request() {
    use axum::routing::get as route_get;
    let extra = axum::Router::new().route(
        "/panic",
        route_get(|| async {
            if std::hint::black_box(true) {
                panic!("a bug in one request");
            }
            "never"
        }),
    );
    let (addr, fut) = cbam::serve::bind_with("127.0.0.1:0".parse().unwrap(), extra, std::future::pending()).unwrap();
    run_in_background(fut);
    let host = format!("127.0.0.1:{}", addr.port());
    for _ in 0..3 {
        let r = request(addr, "GET", "/panic", &host, &[], b"");
        assert_eq!(r.status, 500);
        assert_eq!(r.diagnostics()[0].0, "serve.internal");
        assert_eq!(request(addr, "GET", "/healthz", &host, &[], b"").status, 200);
    }
}

/// Uploads in flight share a budget: while one upload holds the whole room of a small server, the
/// next waits, then gets 503 `serve.busy` with Retry-After; once the first is answered, uploads
/// get in again.
#[test]
fn serve_uploads_past_the_room_wait_then_get_503() {
    let room = cbam::serve::form::Admission::new(1, Duration::from_millis(300));
    let (addr, fut) = cbam::serve::bind_admitting("127.0.0.1:0".parse().unwrap(), room, axum::Router::new(), std::future::pending()).unwrap();
    run_in_background(fut);
    let host = format!("localhost:{}", addr.port());
    let sample = std::fs::read(root().join("samples/cement-integrated-cn.xlsx")).unwrap();
    let (ct, body) = multipart(&[("file", Some("cement-integrated-cn.xlsx"), &sample)]);
    // The first upload announces its length and sends its head and half its body: it holds the room.
    let mut first = TcpStream::connect(addr).unwrap();
    first.set_read_timeout(Some(Duration::from_secs(300))).unwrap();
    write!(first, "POST /api/compute HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n", body.len()).unwrap();
    let (head, tail) = body.split_at(body.len() / 2);
    first.write_all(head).unwrap();
    // The second finds no room (the first may need a moment to be admitted: try a few times).
    let busy = (0..20)
        .map(|_| request(addr, "POST", "/api/compute", &host, &[("Content-Type", ct.clone())], &body))
        .find(|r| r.status == 503)
        .expect("an upload while the room is held gets 503");
    assert_eq!(busy.diagnostics()[0].0, "serve.busy");
    assert_eq!(busy.header("Retry-After"), Some("5"));
    // The first finishes and is answered as usual; then there is room again.
    first.write_all(tail).unwrap();
    let mut raw = Vec::new();
    first.read_to_end(&mut raw).unwrap();
    assert_eq!(parse(&raw).status, 200, "{}", parse(&raw).text());
    let again = request(addr, "POST", "/api/compute", &host, &[("Content-Type", ct)], &body);
    assert_eq!(again.status, 200, "{}", again.text());
}

/// A supplier's PDF on the Check page: a statement and an operator report are intact and give
/// what they declare (the figures `cbam compute` gives, as the PDF rounds them); a PDF whose
/// recorded digest was changed, and a file that is no cbam PDF, get 422 `verify.mismatch`.
#[test]
fn serve_verify_reads_intact_pdfs_and_refuses_altered_ones() {
    let statement = post_file("/api/statement", &root().join("samples/cement-integrated-cn.xlsx"));
    assert_eq!(statement.status, 200, "{}", statement.text());
    let r = post_form("/api/verify", &[("file", Some("cement.pdf"), &statement.body)]);
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!((j["verified"].as_bool(), j["kind"].as_str()), (Some(true), Some("statement")));
    assert_eq!(j["sha256"].as_str().map(str::len), Some(64));
    // The clinker's SEE as `cbam compute` prints it (0.8276856…), rounded to the statement's 6 decimals.
    let clinker = j["data"]["goods"].as_array().unwrap().iter().find(|g| g["cn_code"] == "25231000").expect("the clinker").clone();
    assert_eq!(clinker["see_direct"], "0.827686");

    // An operator report PDF of a 2026 sample, made by the CLI.
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = cbam(&["operator-report", "samples/2026/cement-integrated-cn.xlsx", "-o", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let pdf = std::fs::read(dir.path().join("cement-integrated-cn.pdf")).unwrap();
    let r = post_form("/api/verify", &[("file", Some("report.pdf"), &pdf)]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["kind"], "operator_report");
    assert_eq!(r.json()["data"]["installation"]["id"], "JNC-WH-01");

    // One digit of the digest in the metadata changed: the PDF no longer agrees with itself.
    let mut altered = statement.body.clone();
    let at = altered.windows(7).position(|w| w == b"sha256:").expect("a digest in the clear") + 7;
    altered[at] = if altered[at] == b'0' { b'1' } else { b'0' };
    let r = post_form("/api/verify", &[("file", Some("altered.pdf"), &altered)]);
    assert_eq!(r.status, 422, "{}", r.text());
    let diags = r.diagnostics();
    assert!(diags.iter().all(|(code, at)| code == "verify.mismatch" && at == "altered.pdf"), "{diags:?}");
    assert!(r.text().contains("the attached data's SHA-256 is"), "{}", r.text());
    // Not a cbam PDF at all.
    let r = post_form("/api/verify", &[("file", Some("junk.pdf"), b"%PDF-1.7 junk")]);
    assert_eq!(r.status, 422);
    assert_eq!(r.diagnostics()[0].0, "verify.mismatch");
    still_serving();
}

/// The late quarterly report from uploads: the same XML as `cbam report` on the files (the same
/// submission date), valid against QReport v23.00; the page's JSON carries it with its warnings;
/// a quarter of the definitive period and a malformed date are refused.
#[test]
fn serve_report_answers_the_cli_qreport() {
    let read = |p: &str| std::fs::read(root().join(p)).unwrap();
    let names = [
        "cement-integrated-cn.xlsx",
        "aluminium-smelter-coal-cn.xlsx",
        "aluminium-smelter-hydro-cn.xlsx",
        "aluminium-extrusion-cn.xlsx",
        "ec-example-1-cement.xlsx",
    ];
    let imports = read("samples/imports-2025Q4.xlsx");
    let suppliers: Vec<(String, Vec<u8>)> = names.iter().map(|n| (n.to_string(), read(&format!("samples/{n}")))).collect();
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![("imports", Some("imports-2025Q4.xlsx"), &imports)];
    for (n, b) in &suppliers {
        parts.push(("suppliers", Some(n.as_str()), b));
    }
    parts.push(("period", None, b"2025Q4"));
    parts.push(("submission_date", None, b"2026-01-20T09:00:00Z"));
    let r = post_form("/api/report", &parts);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/xml"));
    let cli = sample_qreport();
    assert!(cli == r.body, "the XML differs from cbam report's");
    let checked = cbam::report::check_bytes(&r.body, None);
    assert!(checked.schema.is_empty(), "{:?}", checked.schema);

    let mut page = parts.clone();
    page.push(("format", None, b"page"));
    let r = post_form("/api/report", &page);
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["xml"].as_str().map(str::as_bytes), Some(cli.as_slice()));
    assert!(j["diagnostics"].to_string().contains("report.cn_code_year"), "{}", j["diagnostics"]);

    let mut late = parts.clone();
    let at = late.len() - 2;
    late[at] = ("period", None, b"2026Q1");
    let r = post_form("/api/report", &late);
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.diagnostics()[0].0, "report.period");
    let mut bad_date = parts.clone();
    let last = bad_date.len() - 1;
    bad_date[last] = ("submission_date", None, b"20 January 2026");
    assert_eq!(post_form("/api/report", &bad_date).status, 400);
    still_serving();
}

/// The Installation page's other downloads: the operator's emissions report (PDF and JSON) of a
/// 2026 workbook and the filled Communication template are the bytes the CLI writes; a
/// transitional workbook gets no operator report, and a template is not filled from itself.
#[test]
fn serve_operator_report_and_template_are_the_cli_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let sample = root().join("samples/2026/cement-integrated-cn.xlsx");
    let bytes = std::fs::read(&sample).unwrap();
    let (code, out, _) = cbam(&["operator-report", "samples/2026/cement-integrated-cn.xlsx", "-o", d, "--format", "both", "--lang", "en"]);
    assert_eq!(code, 0, "{out}");
    let r = post_form("/api/operator-report", &[("file", Some("cement-integrated-cn.xlsx"), &bytes), ("lang", None, b"en")]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/pdf"));
    assert!(std::fs::read(dir.path().join("cement-integrated-cn.pdf")).unwrap() == r.body, "the PDF differs from cbam operator-report's");
    let r = post_form("/api/operator-report", &[("file", Some("cement-integrated-cn.xlsx"), &bytes), ("format", None, b"json")]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(std::fs::read(dir.path().join("cement-integrated-cn.json")).unwrap() == r.body, "the JSON differs from cbam operator-report's");
    // A 2025 workbook: the transitional methodology, no operator report.
    let r = post_file("/api/operator-report", &root().join("samples/cement-integrated-cn.xlsx"));
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.diagnostics()[0].0, "report.operator_report");

    let filled = dir.path().join("filled.xlsx");
    let (code, out, _) =
        cbam(&["template", "fill", "samples/cement-integrated-cn.xlsx", "-o", filled.to_str().unwrap(), "--density", "Diesel for kiln start-up=0.84"]);
    assert_eq!(code, 0, "{out}");
    let cement = std::fs::read(root().join("samples/cement-integrated-cn.xlsx")).unwrap();
    // Without the diesel's density the template cannot take its volume: 422, as the CLI says.
    let r = post_form("/api/template", &[("file", Some("cement-integrated-cn.xlsx"), &cement)]);
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.diagnostics()[0].0, "template.does_not_fit");
    let r = post_form("/api/template", &[("file", Some("cement-integrated-cn.xlsx"), &cement), ("density", None, b"Diesel for kiln start-up=0.84")]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(std::fs::read(&filled).unwrap() == r.body, "the template differs from cbam template fill's");
    assert!(r.header("content-disposition").unwrap().contains("cement-integrated-cn-communication-template.xlsx"));
    let r = post_form("/api/template", &[("file", Some("filled.xlsx"), &std::fs::read(&filled).unwrap())]);
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.diagnostics()[0].0, "template.input_is_template");
    still_serving();
}
