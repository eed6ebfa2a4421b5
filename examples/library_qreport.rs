//! Using cbam as a library: write an importer's quarterly report (QReport XML, validated against
//! the official schema) into a `Vec<u8>` from files held in memory (the imports workbook and the
//! suppliers' workbooks, as a system would get them from a database or an upload), then check it
//! as a received report is checked (`cbam validate`: the schema, then the Registry's business
//! rules), all in memory.
//!
//! Run: `cargo run --example library_qreport` (the 2025Q4 imports sample and the samples as
//! suppliers). `tests/it/library.rs` runs [`run`].

use std::path::Path;

/// What the run gives: the XML, and the problems the check found in it (schema, rules).
pub struct Outcome {
    pub xml: Vec<u8>,
    pub goods: usize,
    pub schema_problems: usize,
    pub rule_errors: usize,
    /// Business-rule warnings (the sample has a line under a CN code of an earlier year).
    pub rule_warnings: usize,
}

pub fn run(root: &Path) -> Result<Outcome, Vec<cbam::model::Diagnostic>> {
    let opts = cbam::report::Options {
        period: cbam::report::Period::parse("2025Q4").expect("a quarter"),
        // Fixed, so the same inputs give the same bytes (the CLI reads the clock).
        submission_date: Some("2026-01-20T09:00:00Z".into()),
        allow_defaults: false,
    };
    // The files as bytes with their names: the names appear in messages and in the report's
    // remarks, the extensions say what each supplier's file is.
    let read = |p: &Path| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let imports = read(&root.join("samples/imports-2025Q4.xlsx"));
    let suppliers: Vec<(String, Vec<u8>)> = [
        "cement-integrated-cn.xlsx",
        "aluminium-smelter-coal-cn.xlsx",
        "aluminium-smelter-hydro-cn.xlsx",
        "aluminium-extrusion-cn.xlsx",
        "ec-example-1-cement.xlsx",
    ]
    .iter()
    .map(|name| (name.to_string(), read(&root.join("samples").join(name))))
    .collect();
    let made = cbam::report::make_bytes(("imports-2025Q4.xlsx", imports), suppliers, &opts)?;
    let checked = cbam::report::check_bytes(&made.xml, None);
    let rule_errors = checked.rules.iter().filter(|d| d.is_error()).count();
    Ok(Outcome { goods: made.goods, schema_problems: checked.schema.len(), rule_errors, rule_warnings: checked.rules.len() - rule_errors, xml: made.xml })
}

#[allow(dead_code)]
fn main() {
    match run(Path::new(env!("CARGO_MANIFEST_DIR"))) {
        Ok(o) => println!(
            "QReport of {} goods, {} bytes of XML in memory; checked: {} schema problem(s), {} business-rule error(s), {} warning(s)",
            o.goods,
            o.xml.len(),
            o.schema_problems,
            o.rule_errors,
            o.rule_warnings
        ),
        Err(diags) => {
            for d in diags {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    }
}
