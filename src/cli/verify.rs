//! `cbam verify STATEMENT.pdf [FILE]`: checks a statement's attached data against the digest it
//! records and, given the source file, recomputes every figure.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use super::{Outcome, report};
use cbam::render::operator_report::OperatorReport;
use cbam::render::pdf::verify::Attached;
use cbam::render::pdf::{self, Meta, data};

type Fail<'a> = dyn Fn(&mut std::io::StderrLock<'_>, &[String]) -> anyhow::Result<Outcome> + 'a;

/// The operator-report half of `cbam verify`, once the PDF is intact: given the source file, the
/// attached report against the report made from it today.
fn verify_report(a: &Args, stated: &OperatorReport, json: &[u8], digest: &str, fail: &Fail<'_>, err: &mut std::io::StderrLock<'_>) -> anyhow::Result<Outcome> {
    let name = a.statement.display();
    let mut problems = Vec::new();
    let mut compared = None;
    if let Some(src) = &a.file {
        let value: serde_json::Value = serde_json::from_slice(json).context("the attached report, read once already")?;
        let cscf = stated.goods.iter().find_map(|g| g.sefa.as_ref().map(|s| s.cscf)).unwrap_or(cbam::model::Dec::ONE);
        let opts = cbam::render::operator_report::Options { cscf, kind: stated.kind };
        match crate::cli::operator_report::make(src, opts) {
            Ok((made, _)) => {
                let made = serde_json::to_value(&made).expect("a report serialises");
                problems.extend(data::value_differences(&value, &made).into_iter().filter(|d| !d.starts_with("generator.")));
                compared = Some(stated.goods.len());
            }
            Err(diags) => {
                report(&diags);
                problems.push(format!("{} cannot be computed: its problems are listed above", src.display()));
                return fail(err, &problems);
            }
        }
    }
    if !problems.is_empty() {
        return fail(err, &problems);
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{name}: an operator's emissions report ({}) of {} for {} to {}",
        match stated.kind {
            cbam::render::operator_report::Kind::Summary => "summary",
            cbam::render::operator_report::Kind::Full => "full report",
        },
        stated.installation.name,
        stated.reporting_period.start,
        stated.reporting_period.end
    )?;
    writeln!(out, "{name}: the attached data matches its SHA-256 {digest} and the schema operator-report-v1")?;
    if !stated.is_verified() {
        writeln!(out, "{name}: the report itself says it is not verified (no verifier's report covers the period)")?;
    }
    if let (Some(src), Some(n)) = (&a.file, compared) {
        writeln!(out, "{name}: every figure agrees with {} ({n} good{})", src.display(), if n == 1 { "" } else { "s" })?;
    }
    writeln!(out, "{name}: verified")?;
    Ok(Outcome::Done)
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  cbam verify statements/cement-integrated-cn.pdf\n  \
cbam verify reports/cement-integrated-cn.pdf samples/2026/cement-integrated-cn.xlsx\n  \
cbam verify statements/cement-integrated-cn.pdf samples/cement-integrated-cn.xlsx\n\n\
Exit codes: 0 the statement is intact (and every figure agrees with FILE); 1 a mismatch, each printed; \
2 a file could not be read.")]
pub struct Args {
    /// A statement written by `cbam statement`, or an operator's emissions report written by `cbam operator-report`.
    pub statement: PathBuf,
    /// The installation file it was made from: recompute and compare every figure.
    pub file: Option<PathBuf>,
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let bytes = std::fs::read(&a.statement).with_context(|| format!("reading {}", a.statement.display()))?;
    let mut err = std::io::stderr().lock();
    let name = a.statement.display();
    let fail = |err: &mut std::io::StderrLock<'_>, msgs: &[String]| {
        for m in msgs {
            let _ = writeln!(err, "mismatch: {name}: {m}");
        }
        let _ = writeln!(err, "{name}: NOT verified ({} mismatch{})", msgs.len(), if msgs.len() == 1 { "" } else { "es" });
        Ok(Outcome::InputProblems)
    };
    let intact = match pdf::verify::intact(&bytes) {
        Ok(i) => i,
        Err(problems) => return fail(&mut err, &problems),
    };
    let digest = &intact.digest;
    let stated = match &intact.attached {
        Attached::OperatorReport(r) => return verify_report(&a, r, &intact.json, digest, &fail, &mut err),
        Attached::Statement(s) => s,
    };
    let mut problems = Vec::new();
    let mut goods_checked = None;
    if let Some(src) = &a.file {
        let src_bytes = std::fs::read(src).with_context(|| format!("reading {}", src.display()))?;
        let (loaded, res, year) = match cbam::compute_file(
            src,
            cbam::regime::Choice {
                year: Some(stated.obligation_year),
                methodology: cbam::regime::Methodology::ALL.into_iter().find(|m| m.citation() == stated.methodology.rules),
            },
        ) {
            Ok(x) => x,
            Err(diags) => {
                report(&diags);
                problems.push(format!("{} cannot be computed: its problems are listed above", src.display()));
                return fail(&mut err, &problems);
            }
        };
        let issued = chrono::NaiveDate::parse_from_str(&stated.issued, "%Y-%m-%d").unwrap_or(loaded.installation.period.end);
        let source_name = src.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let meta = Meta { issued, lang: &stated.lang, kind: loaded.kind, source_bytes: &src_bytes, source_name: &source_name, year };
        let recomputed = data::build(&loaded.installation, &res, &meta);
        // A statement of the first layout is compared with what that layout holds.
        let recomputed = if stated.format == data::FORMAT_1 { recomputed.as_format_1() } else { recomputed };
        for d in data::differences(stated, &recomputed) {
            if d.starts_with("source.name:") {
                // The file was renamed: its name is no figure (its digest is compared).
            } else if d.starts_with("source.sha256:") {
                let _ = writeln!(
                    err,
                    "warning: {} is not byte for byte the file the statement was made from ({d}); its figures were compared all the same",
                    src.display()
                );
            } else {
                problems.push(d);
            }
        }
        goods_checked = Some(recomputed.goods.len());
    }
    if !problems.is_empty() {
        return fail(&mut err, &problems);
    }
    drop(err);
    let mut out = std::io::stdout().lock();
    writeln!(out, "{name}: the attached data matches its SHA-256 {digest}")?;
    if let (Some(src), Some(n)) = (&a.file, goods_checked) {
        writeln!(out, "{name}: every figure agrees with {} ({n} good{})", src.display(), if n == 1 { "" } else { "s" })?;
    }
    writeln!(out, "{name}: verified")?;
    Ok(Outcome::Done)
}
