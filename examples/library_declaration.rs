//! Using cbam as a library: assess the annual declaration of 2026 imports from the imports
//! sample and the suppliers' operator reports, made in memory from their 2026 workbooks (as a
//! supplier would send them, as operator-report-v1 JSON checked against its schema).
//!
//! Run: `cargo run --example library_declaration`. `tests/it/library.rs` runs [`run`].

use std::collections::BTreeMap;
use std::path::Path;

use cbam::model::Dec;
use cbam::render::operator_report::{self, schema};
use cbam::report::suppliers::{Reported, Suppliers};

/// The declaration's totals: embedded emissions, certificates due, and the operator reports it
/// rested on.
pub struct Outcome {
    pub entries: usize,
    pub certificates: Dec,
    pub reports: usize,
}

pub fn run(root: &Path) -> Result<Outcome, Vec<cbam::model::Diagnostic>> {
    // The suppliers' side: one operator's report per 2026 workbook, JSON checked against the
    // schema and read back, as an importer receives it.
    let mut suppliers = Suppliers::default();
    for name in ["cement-integrated-cn", "aluminium-smelter-coal-cn", "aluminium-smelter-hydro-cn", "aluminium-extrusion-cn"] {
        let (loaded, results, _) = cbam::compute_file(&root.join(format!("samples/2026/{name}.xlsx")), cbam::regime::Choice::default())?;
        let report = operator_report::build(&loaded.installation, &results, operator_report::Options { cscf: Dec::ONE, kind: operator_report::Kind::Summary })
            .map_err(|e| vec![cbam::model::Diagnostic::error(cbam::model::DiagCode::ReportOperatorReport, None, e.to_string())])?;
        let json = report.canonical_json();
        let value: serde_json::Value = serde_json::from_slice(&json).expect("canonical JSON");
        assert!(schema::check(&value).is_empty(), "the report follows its schema");
        let received: operator_report::OperatorReport = serde_json::from_value(value).expect("a report reads back");
        suppliers.reported.push(Reported { file: format!("{name}.json"), report: received });
    }
    // The importer's side.
    let (imports, _) = cbam::report::load_imports(&root.join("samples/imports-2026.xlsx"))?;
    let opts = cbam::declaration::Options {
        year: 2026,
        cbam_price: None,
        // Q4 2026 is published after the quarter: given here as the CLI's --price would.
        prices: BTreeMap::from([((2026, 4), Dec::new(7910, 2))]),
        cscf: Dec::ONE,
        routes: BTreeMap::new(),
        default_carbon_prices: BTreeMap::new(),
        holding: false,
    };
    let (worksheet, _warnings) = cbam::declaration::build(&imports, &suppliers, &opts)?;
    Ok(Outcome { entries: worksheet.entries.len(), certificates: worksheet.totals.certificates, reports: suppliers.reported.len() })
}

#[allow(dead_code)]
fn main() {
    match run(Path::new(env!("CARGO_MANIFEST_DIR"))) {
        Ok(o) => println!("{} entries from {} operator reports: {} certificates", o.entries, o.reports, o.certificates),
        Err(diags) => {
            for d in diags {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    }
}
