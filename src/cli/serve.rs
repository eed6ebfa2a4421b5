//! `cbam serve`: the local web app ([`cbam::serve`]) on 127.0.0.1 until Ctrl-C.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use anyhow::Context;

use super::Outcome;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  cbam serve --open\n  cbam serve --port 9000\n\n\
Serves a web page for computing an installation's embedded emissions, making an importer's declaration worksheet and \
checking a QReport XML, in English or Chinese, and the HTTP API it uses (docs/http-api.md). Files are read in memory and \
nothing is kept. The server answers on 127.0.0.1 only, to requests addressed to localhost or that address.")]
pub struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on instead of 127.0.0.1. Another computer reaching this address can
    /// use the server: a warning says so.
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<IpAddr>,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let ip = a.listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    if !ip.is_loopback() {
        eprintln!("warning: listening on {ip}: anyone who can reach this address can use the server and read what it computes");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the server's runtime")?;
    runtime.block_on(async {
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        let (addr, server) =
            cbam::serve::bind_with(SocketAddr::new(ip, a.port), axum::Router::new(), shutdown).with_context(|| format!("listening on {ip} port {}", a.port))?;
        let shown = if ip.is_loopback() && ip.is_ipv4() { format!("http://localhost:{}/", addr.port()) } else { format!("http://{addr}/") };
        eprintln!("cbam serving {shown} (Ctrl-C stops it)");
        if a.open {
            open_browser(&shown);
        }
        server.await.context("serving")
    })?;
    Ok(Outcome::Done)
}

/// The system's own way of opening an address; a failure is only a warning.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url).stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    if cmd.spawn().is_err() {
        eprintln!("warning: could not open a browser; open {url} yourself");
    }
}
