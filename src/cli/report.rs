//! `cbam report --imports FILE --suppliers DIR --period 2025Q4 -o report.xml`: the quarterly
//! CBAM report (QReport v23.00), validated against the official schema before it is written.

use std::path::PathBuf;

use anyhow::{Context, bail};

use super::{Outcome, report as print_problems};
use cbam::report::{self, Options, Period};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  cbam report --imports samples/imports-2025Q4.xlsx --suppliers samples --period 2025Q4 \\\n      --submission-date 2026-01-20T09:00:00Z -o report.xml\n\n\
Every line of the imports workbook is matched to the workbook its supplier sent (by installation_id or UN/LOCODE) \
in the suppliers' directory. The report is validated against the QReport v23.00 schema before it is written; \
a report that fails is not written."
)]
pub struct Args {
    /// Imports workbook (`cbam init --imports` writes a blank one).
    #[arg(long)]
    pub imports: PathBuf,
    /// Directory with the suppliers' installation workbooks.
    #[arg(long)]
    pub suppliers: PathBuf,
    /// Quarter reported, e.g. 2025Q4.
    #[arg(long, value_parser = parse_period)]
    pub period: Period,
    /// Submission date written into the report, YYYY-MM-DDThh:mm:ssZ (default: now, UTC).
    /// Give it to get byte-identical reruns.
    #[arg(long, value_parser = parse_submission_date)]
    pub submission_date: Option<String>,
    /// Use the country default values (IR 2025/2621) for lines whose supplier sent nothing.
    #[arg(long)]
    pub allow_defaults: bool,
    /// Where to write the XML.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

fn parse_period(s: &str) -> Result<Period, String> {
    Period::parse(s).ok_or_else(|| format!("expected a quarter such as 2025Q4, found '{s}'"))
}

fn parse_submission_date(s: &str) -> Result<String, String> {
    cbam::report::parse_submission_date(s)
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    if a.output.exists() && !a.force {
        bail!("{} exists; use --force to replace it", a.output.display());
    }
    let submission_date = a.submission_date.clone().unwrap_or_else(|| chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string());
    let opts = Options { period: a.period, submission_date: Some(submission_date), allow_defaults: a.allow_defaults };
    let made = match report::make(&a.imports, &a.suppliers, &opts) {
        Ok(m) => m,
        Err(diags) => {
            print_problems(&diags);
            eprintln!("no report written");
            return Ok(Outcome::from_problems(&diags));
        }
    };
    print_problems(&made.warnings);
    cbam::render::write_atomically(&a.output, &made.xml).with_context(|| format!("writing {}", a.output.display()))?;
    eprintln!("wrote {}: {} goods from {} customs lines, valid against QReport v23.00", a.output.display(), made.goods, made.lines);
    Ok(Outcome::Done)
}
