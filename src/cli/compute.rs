//! `cbam compute FILE`: specific embedded emissions per good.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::ValueEnum;

use super::{Outcome, report};
use crate::render::results;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  cbam compute samples/cement-integrated-cn.xlsx\n  cbam compute plant.xlsx --year 2026 --format json > see.json\n\n\
The SEE that counts for the CBAM obligation ('SEE CBAM') is the total for cement goods, and from 2026 the direct part only for aluminium goods.")]
pub struct Args {
    /// Installation workbook (xlsx or ods) in the cbam installation format, or the Commission's
    /// Communication template for installations (versions 2.1, 2.1.1).
    pub file: PathBuf,
    /// Year of the CBAM obligation; decides whether aluminium counts direct emissions only
    /// (2026 on). Default: the year the reporting period ends.
    #[arg(long, value_parser = clap::value_parser!(i32).range(2023..=2100))]
    pub year: Option<i32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Communication template: a good whose SEE disagrees with the file's own cached result
    /// (beyond 1e-6 relative) is an error, not a warning.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Aligned columns for people, 6 decimals.
    Table,
    /// Every figure as an exact decimal string.
    Json,
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let (loaded, res, year) = match crate::compute_file(&a.file, a.year) {
        Ok(x) => x,
        Err(diags) => {
            report(&diags);
            return Ok(Outcome::from_problems(&diags));
        }
    };
    if a.strict && loaded.warnings.iter().any(|d| d.code == "template.cached_mismatch") {
        let diags: Vec<_> = loaded
            .warnings
            .into_iter()
            .map(|mut d| {
                if d.code == "template.cached_mismatch" {
                    d.severity = crate::model::Severity::Error;
                }
                d
            })
            .collect();
        let diags = crate::model::Diagnostics::from(diags).into_sorted();
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
