//! `cbam compute FILE`: specific embedded emissions per good.

use cbam::model::DiagCode;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::ValueEnum;

use super::{Outcome, report};
use cbam::render::results;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  cbam compute samples/cement-integrated-cn.xlsx\n  cbam compute plant.xlsx --year 2026 --format json > see.json\n\n\
The methodology follows the reporting period (periods starting in the definitive period use the definitive \
methodology) unless --rules names one; the table and the JSON say which applied and every decision taken under it. \
The SEE that counts for the CBAM obligation ('SEE CBAM') is the total for cement goods, and in the definitive period \
the direct part only for aluminium goods.")]
pub struct Args {
    /// Installation workbook (xlsx or ods) in the cbam installation format, or the Commission's
    /// Communication template for installations (versions 2.1, 2.1.1).
    pub file: PathBuf,
    /// Year of the CBAM obligation; decides whether aluminium counts direct emissions only
    /// (definitive period). Default: the year the reporting period ends.
    #[arg(long, value_parser = clap::value_parser!(i32).range(2023..=2100))]
    pub year: Option<i32>,
    /// Methodology: 2023/1773 (transitional) or 2025/2547 (definitive). Default: the one
    /// governing the reporting period (by its first day).
    #[arg(long, value_parser = super::parse_rules)]
    pub rules: Option<cbam::regime::Methodology>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Communication template: a good whose SEE disagrees with the file's own cached result
    /// (beyond 1e-6 relative) is an error, not a warning; definitive period: so is a purchased
    /// precursor whose actual values lack a verification report.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Aligned columns for people: 6 decimals of SEE (5 under the definitive methodology).
    Table,
    /// Every figure as an exact decimal string.
    Json,
}

/// Warnings `--strict` turns into errors: a template's cached result that disagrees, and a
/// precursor whose unverified actual values were replaced by its default value.
const STRICT: [DiagCode; 2] = [DiagCode::TemplateCachedMismatch, DiagCode::ComputePrecursorUnverified];

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let (loaded, res, year) = match cbam::compute_file(&a.file, cbam::regime::Choice { year: a.year, methodology: a.rules }) {
        Ok(x) => x,
        Err(diags) => {
            report(&diags);
            return Ok(Outcome::from_problems(&diags));
        }
    };
    if a.strict && loaded.warnings.iter().any(|d| STRICT.contains(&d.code)) {
        let diags: Vec<_> = loaded
            .warnings
            .into_iter()
            .map(|mut d| {
                if STRICT.contains(&d.code) {
                    d.severity = cbam::model::Severity::Error;
                }
                d
            })
            .collect();
        let diags = cbam::model::Diagnostics::from(diags).into_sorted();
        report(&diags);
        return Ok(Outcome::InputProblems);
    }
    report(&loaded.warnings);
    let text = match a.format {
        Format::Table => results::table(&loaded.installation, &res, year),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&results::json(&loaded.installation, &res, year)).context("serialising the results")?;
            s.push('\n');
            s
        }
    };
    std::io::stdout().lock().write_all(text.as_bytes()).context("writing to standard output")?;
    Ok(Outcome::Done)
}
