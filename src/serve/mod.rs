//! `cbam serve`: a local web app over the library, for people who never open a terminal.
//!
//! One HTTP server (axum on tokio) on a loopback address: a single page whose assets are
//! compiled into the binary ([`assets`]), and the HTTP API it calls ([`api`], documented in
//! `docs/http-api.md`). What it guarantees:
//!
//! - it calls the library, never the CLI, and answers the same JSON as the CLI;
//! - the CLI's input limits apply to uploads: a request announcing more than its endpoint's limit
//!   gets 413 before its body is read, and a body that turns out larger is cut off at the limit
//!   ([`form`]); the uploads in flight together hold at most two workbook-sized bodies (or one
//!   larger one), others wait for room and after two minutes get 503 ([`form::Admission`]);
//! - an upload a browser sends from another site's page (its `Origin` is not this server) gets
//!   403 before its body is read;
//! - a request whose `Host` is not the server's own loopback name or address gets 403, so a web
//!   page elsewhere cannot reach it by DNS rebinding; no CORS headers are ever sent;
//! - no request path reaches the file system: every route is listed in [`router`]; uploads are
//!   held and read in memory, and nothing is written to disk;
//! - heavy work (reading, computing, typst) runs in `spawn_blocking`; a panic in a request becomes
//!   a 500 answer for that request only ([`tower_http::catch_panic`]).
//!
//! It must not: print (the CLI does), read the clock into an output, keep anything on disk.

pub mod api;
pub mod assets;
pub mod form;

use crate::model::DiagCode;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

/// What every handler may consult: the address the server answers on.
#[derive(Debug, Clone)]
pub struct Served {
    /// The socket the server listens on (its port is the one `Host` must name, if any).
    pub addr: SocketAddr,
    /// The room uploads in flight may hold ([`form::Admission`]).
    pub admission: Arc<form::Admission>,
}

/// The Content-Security-Policy of every answer: the page loads only its own script, style and
/// strings, talks only to its own server, and cannot be framed.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Binds `addr` (port 0 picks a free port) and returns the address bound and the server, a
/// future that runs until it fails. The caller runs it on a tokio runtime.
pub fn bind(addr: SocketAddr) -> std::io::Result<(SocketAddr, impl Future<Output = std::io::Result<()>> + Send)> {
    bind_with(addr, Router::new(), std::future::pending())
}

/// [`bind`] with extra routes merged in (tests) and a signal that stops the server gracefully.
pub fn bind_with(
    addr: SocketAddr,
    extra: Router<Arc<Served>>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<(SocketAddr, impl Future<Output = std::io::Result<()>> + Send)> {
    bind_admitting(addr, form::Admission::standard(), extra, shutdown)
}

/// [`bind_with`] with the room for uploads given (tests use a small one).
pub fn bind_admitting(
    addr: SocketAddr,
    admission: form::Admission,
    extra: Router<Arc<Served>>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<(SocketAddr, impl Future<Output = std::io::Result<()>> + Send)> {
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;
    let app = router(Arc::new(Served { addr: local, admission: Arc::new(admission) }), extra);
    let fut = async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, app).with_graceful_shutdown(shutdown).await
    };
    Ok((local, fut))
}

/// Every route there is, with the layers every answer goes through (outermost first): a panic
/// becomes a 500, a foreign `Host` a 403, and the security headers are set.
pub fn router(served: Arc<Served>, extra: Router<Arc<Served>>) -> Router {
    let room = &served.admission;
    Router::new()
        .route("/", get(assets::index))
        .route("/app.js", get(assets::script))
        .route("/app.css", get(assets::style))
        .route("/i18n/{lang}", get(assets::strings))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/api/compute", form::upload(post(api::compute), form::Limit::WORKBOOK, room))
        .route("/api/compute/page", form::upload(post(api::compute_page), form::Limit::WORKBOOK, room))
        .route("/api/statement", form::upload(post(api::statement), form::Limit::WORKBOOK, room))
        .route("/api/operator-report", form::upload(post(api::operator_report), form::Limit::WORKBOOK, room))
        .route("/api/template", form::upload(post(api::template), form::Limit::WORKBOOK, room))
        .route("/api/validate", form::upload(post(api::validate), form::Limit::XML, room))
        .route("/api/verify", form::upload(post(api::verify), form::Limit::WORKBOOK, room))
        .route("/api/declaration", form::upload(post(api::declaration), form::Limit::DECLARATION, room))
        .route("/api/report", form::upload(post(api::report), form::Limit::DECLARATION, room))
        .route("/api/blank/{file}", get(api::blank))
        .merge(extra)
        .fallback(|| async { api::problem(StatusCode::NOT_FOUND, DiagCode::ServeNotFound, "there is nothing at this address") })
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn_with_state(served.clone(), own_host_only))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            api::problem(StatusCode::INTERNAL_SERVER_ERROR, DiagCode::ServeInternal, "an internal error stopped this request; the server goes on")
        }))
        .with_state(served)
}

/// Whether `host` (a `Host` header's value) names this server: `localhost`, a loopback address,
/// or the address it listens on, with this server's port if a port is given. A server listening
/// on every address (`--listen 0.0.0.0`) also accepts any IP address, which no DNS rebinding
/// can produce; a name other than `localhost` is always refused.
pub fn is_own_host(host: &str, served: &SocketAddr) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        // `[::1]:8080`, `127.0.0.1:8080`, `localhost:8080`; a bare IPv6 address has colons too.
        Some((n, p)) if !p.contains(']') && (n.ends_with(']') || !n.contains(':')) => (n, Some(p)),
        _ => (host, None),
    };
    if port.is_some_and(|p| p.parse::<u16>().ok() != Some(served.port())) {
        return false;
    }
    let name = name.trim_start_matches('[').trim_end_matches(']');
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == served.ip() || served.ip().is_unspecified(),
        Err(_) => false,
    }
}

/// Whether an `Origin` header names a page of this server (`http://localhost:8080`…). A page of
/// another site may make the visitor's browser send a form here (it cannot read the answer, but
/// the upload would use this machine's memory and time): browsers name that page's origin.
pub fn is_own_origin(origin: &str, served: &SocketAddr) -> bool {
    origin.strip_prefix("http://").is_some_and(|host| !host.contains('/') && is_own_host(host, served))
}

async fn own_host_only(State(served): State<Arc<Served>>, req: Request, next: Next) -> Response {
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).map(str::to_string);
    if !host.is_some_and(|h| is_own_host(&h, &served.addr)) {
        return api::problem(
            StatusCode::FORBIDDEN,
            DiagCode::ServeForeignHost,
            "this server answers only requests addressed to its own loopback name or address (Host header)",
        );
    }
    // A request a browser sends from another site's page: refused before its body is read. A
    // client that is no browser sends no Origin and is judged by its Host alone.
    let safe = matches!(*req.method(), axum::http::Method::GET | axum::http::Method::HEAD);
    let origin = req.headers().get(header::ORIGIN).map(|o| o.to_str().unwrap_or_default().to_string());
    if !safe && origin.is_some_and(|o| !is_own_origin(&o, &served.addr)) {
        return api::problem(
            StatusCode::FORBIDDEN,
            DiagCode::ServeForeignOrigin,
            "this server takes uploads only from its own page (Origin header): a page of another site cannot send files here",
        );
    }
    next.run(req).await
}

async fn security_headers(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
    if api {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_this_server_only() {
        let s: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        for ok in ["127.0.0.1:8080", "localhost:8080", "LOCALHOST", "127.0.0.1", "[::1]:8080", "127.0.0.2:8080"] {
            assert!(is_own_host(ok, &s), "{ok}");
        }
        for bad in ["evil.example:8080", "evil.example", "127.0.0.1:8081", "localhost:80", "localhost.evil.example:8080", "10.0.0.5:8080", "", "127.0.0.1:x"] {
            assert!(!is_own_host(bad, &s), "{bad}");
        }
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(is_own_host("192.168.1.20:8080", &any));
        assert!(!is_own_host("rebind.example:8080", &any));
        for ok in ["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080"] {
            assert!(is_own_origin(ok, &s), "{ok}");
        }
        for bad in ["null", "http://evil.example:8080", "https://localhost:8080", "http://localhost:8081", "http://localhost:8080/x", ""] {
            assert!(!is_own_origin(bad, &s), "{bad}");
        }
        let lan: SocketAddr = "192.168.1.20:9000".parse().unwrap();
        assert!(is_own_host("192.168.1.20:9000", &lan));
        assert!(!is_own_host("192.168.1.21:9000", &lan));
    }
}
