//! The library examples (`examples/library_*.rs`) run as tests: each example's `run` is compiled
//! into this binary and its result compared with what the command line gives for the same input,
//! so the documented API and the CLI cannot drift apart.

use std::process::Command;

use crate::run::{root, sample_qreport, temp_dir};
use serde_json::Value;

#[path = "../../examples/library_compute.rs"]
mod library_compute;
#[path = "../../examples/library_declaration.rs"]
mod library_declaration;
#[path = "../../examples/library_qreport.rs"]
mod library_qreport;

fn cli_json(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_cbam")).args(args).current_dir(root()).output().expect("run cbam");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn d(v: &Value) -> rust_decimal::Decimal {
    v.as_str().unwrap().parse().unwrap()
}

/// In memory, the same SEE as `cbam compute` on the file, rounded as the 2026 rules report them.
#[test]
fn computing_an_installation_held_in_memory() {
    let path = root().join("samples/2026/cement-integrated-cn.xlsx");
    let goods = library_compute::run("cement.xlsx", std::fs::read(&path).unwrap()).expect("computes");
    let cli = cli_json(&["compute", path.to_str().unwrap(), "--format", "json"]);
    let want: Vec<(String, rust_decimal::Decimal)> = cli["goods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (g["cn_code"].as_str().unwrap().to_string(), d(&g["see_direct"]).round_dp_with_strategy(5, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
        })
        .collect();
    let got: Vec<(String, rust_decimal::Decimal)> = goods.iter().map(|(cn, _, direct, _)| (cn.clone(), *direct)).collect();
    assert_eq!(got, want);
    assert_eq!(goods.len(), 3);
    // A workbook that is not one: diagnostics, not a panic.
    assert!(library_compute::run("junk.xlsx", b"not a workbook".to_vec()).is_err());
}

/// A QReport written to memory passes the official schema and the business rules when checked
/// as a received file.
#[test]
fn writing_a_qreport_to_memory_and_checking_it() {
    let o = library_qreport::run(&root()).expect("the report is made");
    assert!(o.xml.starts_with(b"<?xml"), "XML in memory");
    assert!(o.goods > 0);
    assert_eq!((o.schema_problems, o.rule_errors), (0, 0));
    // The sample's one line under a CN 2024 code is warned about, as `cbam validate` does.
    assert_eq!(o.rule_warnings, 1);
    // The same bytes as `cbam report` on the files (the suppliers' directory holds the same five
    // workbooks).
    let dir = temp_dir("library-qreport");
    let (code, _, err) = sample_qreport(&root().join("samples"), &dir.join("q.xml"));
    assert_eq!(code, 0, "{err}");
    let cli = std::fs::read(dir.join("q.xml")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(o.xml == cli, "the report made in memory differs from `cbam report`'s");
}

/// The declaration assessed from operator reports made in memory equals `cbam declaration` on
/// the suppliers' workbooks.
#[test]
fn assessing_a_declaration_from_operator_reports() {
    let o = library_declaration::run(&root()).expect("assessed");
    assert_eq!(o.reports, 4);
    let cli = cli_json(&[
        "declaration",
        "--imports",
        "samples/imports-2026.xlsx",
        "--suppliers",
        "samples/2026",
        "--year",
        "2026",
        "--price",
        "2026Q4=79.10",
        "--format",
        "json",
    ]);
    assert_eq!(o.certificates, d(&cli["totals"]["certificates"]));
    assert_eq!(o.entries, cli["entries"].as_array().unwrap().len());
}

/// Each layer fails with one error type, and each is a `std::error::Error + Send + Sync +
/// 'static`, so a library user carries any of them with `?` into `Box<dyn Error>` or `anyhow`.
/// Input problems are `Diagnostic`s in every layer.
#[test]
fn one_error_type_per_layer() {
    fn is_error<E: std::error::Error + Send + Sync + 'static>() {}
    is_error::<cbam::model::Diagnostic>();
    is_error::<cbam::model::CnError>();
    is_error::<cbam::tables::TableError>();
    is_error::<cbam::regime::RegimeError>();
    is_error::<cbam::compute::definitive::ObligationError>();
    is_error::<cbam::render::Error>();
    // The messages are the ones the command line prints.
    assert_eq!(cbam::model::CnError::NotCbam.to_string(), "not a CBAM good of cement or aluminium");
    let broken = cbam::tables::factors::Factors::parse("group,name,value,unit,source\ncarbon,co2_per_c,x,t,s\n").unwrap_err();
    assert_eq!(broken.to_string(), "data/factors.csv line 2: 'x' is not a decimal number");
    // A renderer's failure: an operator's report refuses a transitional period.
    let path = root().join("samples/cement-integrated-cn.xlsx");
    let loaded = cbam::load_installation(&path).expect("the sample loads");
    let regime = cbam::regime::Regime::for_period(&loaded.installation.period, cbam::regime::Choice::default()).unwrap();
    let results = cbam::compute::compute(&loaded.installation, &regime).expect("computes");
    let e = cbam::render::operator_report::build(
        &loaded.installation,
        &results,
        cbam::render::operator_report::Options { cscf: rust_decimal::Decimal::ONE, kind: cbam::render::operator_report::Kind::Summary },
    )
    .unwrap_err();
    assert!(matches!(e, cbam::render::Error::Transitional { .. }), "{e:?}");
    assert!(e.to_string().contains("for a transitional period make the embedded emissions statement"), "{e}");
}
