//! `cbam operator-report FILE... -o DIR`: the operator's emissions report of the definitive period
//! (Annex IV point 1.2 of the definitive methodology) per installation file, as operator-report-v1 JSON checked
//! against its schema and as a PDF carrying that JSON.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::ValueEnum;

use super::statement::Lang;
use super::{Outcome, report};
use cbam::model::{Dec, Diagnostic};
use cbam::render::operator_report::{self, OperatorReport};
use cbam::render::pdf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The PDF, with the JSON attached.
    Pdf,
    /// The JSON (operator-report-v1) alone.
    Json,
    /// Both files.
    Both,
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  cbam operator-report samples/2026/cement-integrated-cn.xlsx -o reports\n  \
cbam operator-report plants/*.xlsx -o out --format json --cscf 0.9\n\n\
For each FILE.xlsx of a reporting period under the definitive methodology, writes DIR/FILE.json (cbam's own format \
operator-report-v1, checked against schemas/operator-report-v1.schema.json before it is written) and DIR/FILE.pdf \
(the same data laid out item by item with the numbering of Annex IV point 1.2, the JSON attached, its SHA-256 on every page \
and in the QR code). Every item is filled from the workbook, or marked not applicable with the reason, or listed as \
missing with what the workbook lacks; docs/operator-report.md maps each item. A report without a verifier's report \
says so on every page. Declarants read these files with `cbam declaration --suppliers DIR`; check a PDF with `cbam verify`.\n\
For a transitional period (up to 2025) make the embedded emissions statement instead: `cbam statement`.")]
pub struct Args {
    /// Installation files of a definitive-period reporting period: installation workbooks or Communication templates.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Directory for the reports (created if missing); FILE.xlsx becomes DIR/FILE.json and DIR/FILE.pdf.
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    pub out_dir: PathBuf,
    /// What to write.
    #[arg(long, value_enum, default_value_t = Format::Both)]
    pub format: Format,
    /// Language of the PDF's labels (the report's data is in English, as the methodology's Article 10(4) requires).
    #[arg(long, value_enum, default_value_t = Lang::EnZh)]
    pub lang: Lang,
    /// The full report of Annex IV point 1.1 (for the verifier) instead of the summary.
    #[arg(long)]
    pub full: bool,
    /// Cross-sectoral correction factor for the specific embedded free allocation (published
    /// yearly; 1 until it is).
    #[arg(long, value_parser = super::declaration::dec, default_value = "1")]
    pub cscf: Dec,
    /// Date of issue printed in the PDF. Default: the end of the reporting period, so the same
    /// input always gives the same bytes.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("expected a date as YYYY-MM-DD, found '{s}'"))
}

/// What one input file gives: the files to write, or its problems.
struct Made {
    json: Option<(PathBuf, Vec<u8>)>,
    pdf: Option<(PathBuf, Vec<u8>)>,
    warnings: Vec<Diagnostic>,
}

fn out_path(dir: &Path, file: &Path, ext: &str) -> PathBuf {
    let mut name = file.file_stem().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(ext);
    dir.join(name)
}

/// The report of one installation file, checked against the schema. `Err`: the input's problems.
pub(crate) fn make(path: &Path, opts: operator_report::Options) -> Result<(OperatorReport, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (loaded, res, _) = cbam::compute_file(path, cbam::regime::Choice::default())?;
    let report = operator_report::checked(&loaded.installation, &res, opts, &path.display().to_string())?;
    Ok((report, loaded.warnings))
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let kind = if a.full { operator_report::Kind::Full } else { operator_report::Kind::Summary };
    for (i, f) in a.files.iter().enumerate() {
        f.file_stem().with_context(|| format!("{} names no file", f.display()))?;
        if let Some(other) = a.files[..i].iter().find(|o| o.file_stem() == f.file_stem()) {
            bail!("{} and {} would both be written to {}: rename one", other.display(), f.display(), out_path(&a.out_dir, f, "pdf").display());
        }
    }
    let mut made = Vec::new();
    let mut problems = Vec::new();
    for f in &a.files {
        match make(f, operator_report::Options { cscf: a.cscf, kind }) {
            Ok((rep, warnings)) => {
                let issued = a.date.unwrap_or(rep.reporting_period.end);
                let json = matches!(a.format, Format::Json | Format::Both).then(|| (out_path(&a.out_dir, f, "json"), rep.canonical_json()));
                let pdf = match a.format {
                    Format::Json => None,
                    Format::Pdf | Format::Both => {
                        let r = pdf::render_operator_report(&rep, a.lang.code(), issued)
                            .map_err(|e| anyhow::anyhow!("the operator-report template does not compile:\n{e}"))?;
                        pdf::evict_caches();
                        Some((out_path(&a.out_dir, f, "pdf"), r.pdf))
                    }
                };
                made.push(Made { json, pdf, warnings });
            }
            Err(d) => problems.push((f, d)),
        }
    }
    let many = a.files.len() > 1;
    for (f, d) in &problems {
        if many {
            let _ = writeln!(std::io::stderr(), "{}:", f.display());
        }
        report(d);
    }
    if !problems.is_empty() {
        let _ = writeln!(std::io::stderr(), "nothing written: {} of {} file(s) have problems", problems.len(), a.files.len());
        let all: Vec<Diagnostic> = problems.into_iter().flat_map(|(_, d)| d).collect();
        return Ok(Outcome::from_problems(&all));
    }
    std::fs::create_dir_all(&a.out_dir).with_context(|| format!("creating {}", a.out_dir.display()))?;
    let mut written = 0;
    for m in &made {
        if !m.warnings.is_empty() {
            report(&m.warnings);
        }
        for (path, bytes) in m.json.iter().chain(m.pdf.iter()) {
            cbam::render::write_atomically(path, bytes).with_context(|| format!("writing {}", path.display()))?;
            written += 1;
        }
    }
    writeln!(
        std::io::stdout().lock(),
        "{} operator report{} ({written} file{}) written to {}",
        made.len(),
        if made.len() == 1 { "" } else { "s" },
        if written == 1 { "" } else { "s" },
        a.out_dir.display()
    )?;
    Ok(Outcome::Done)
}
