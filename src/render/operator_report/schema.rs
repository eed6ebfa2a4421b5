//! `schemas/operator-report-v1.schema.json` (JSON Schema draft 2020-12), compiled into the tool:
//! every report is checked against it before it is written, and every report read.

use crate::model::DiagCode;
use std::sync::OnceLock;

/// The schema's text, as shipped in `schemas/`.
pub const SCHEMA: &str = include_str!("../../../schemas/operator-report-v1.schema.json");

/// One place where a document breaks the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaProblem {
    /// JSON pointer to the member (`""` for the whole document).
    pub pointer: String,
    /// What is wrong there, as the validator words it.
    pub message: String,
}

impl std::fmt::Display for SchemaProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() { "/" } else { &self.pointer };
        write!(f, "{at}: {}", self.message)
    }
}

fn validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("the shipped schema is JSON");
        jsonschema::draft202012::options().should_validate_formats(true).build(&schema).expect("the shipped schema compiles")
    })
}

/// Every error of `doc` against the schema, in document order; empty when it is valid.
pub fn check(doc: &serde_json::Value) -> Vec<SchemaProblem> {
    let mut out: Vec<SchemaProblem> =
        validator().iter_errors(doc).map(|e| SchemaProblem { pointer: e.instance_path().as_str().to_string(), message: e.to_string() }).collect();
    out.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    out.dedup();
    out
}

/// [`build`](super::build), then the schema check every written report passes: what the CLI and the web app
/// write. `Err`: why not, located at `name` (the input file as the user knows it); a report that
/// breaks the schema is `internal.schema`, a defect of the tool, not of the input.
pub fn checked(
    inst: &crate::model::Installation,
    res: &crate::compute::Results,
    opts: super::Options,
    name: &str,
) -> Result<super::OperatorReport, Vec<crate::model::Diagnostic>> {
    use crate::model::{Diagnostic, Location};
    let report = super::build(inst, res, opts)
        .map_err(|e| vec![Diagnostic::error(DiagCode::ReportOperatorReport, Some(Location::File(name.to_string())), e.to_string())])?;
    let value = serde_json::to_value(&report).expect("a report serialises");
    let errors = check(&value);
    if !errors.is_empty() {
        let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        return Err(vec![Diagnostic::error(
            DiagCode::InternalSchema,
            Some(Location::File(name.to_string())),
            format!("the report made fails schemas/operator-report-v1.schema.json; nothing was written:\n  {}", list.join("\n  ")),
        )]);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_schema_compiles_and_catches_a_bad_member() {
        let errors = check(&serde_json::json!({"format": "cbam-operator-report", "format_version": 2}));
        assert!(errors.iter().any(|e| e.pointer == "/format_version"), "{errors:?}");
        assert!(errors.iter().any(|e| e.pointer.is_empty() && e.message.contains("required")), "{errors:?}");
    }
}
