//! `cbam statement FILE... -o DIR`: one embedded emissions statement (PDF) per installation
//! file, rendered in parallel on all cores.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::ValueEnum;

use super::{Outcome, report};
use cbam::model::Diagnostic;
use cbam::render::pdf::{self, Meta, Template};

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  cbam statement samples/cement-integrated-cn.xlsx -o statements\n  \
cbam statement plants/*.xlsx -o out --lang en --date 2026-03-31\n\n\
Each FILE.xlsx gives DIR/FILE.pdf: the installation, operator and period, per good the CN code, route, activity level, \
specific embedded emissions (direct, indirect, total, the value that counts for CBAM), embedded electricity and its factor, \
precursors, qualifying parameters and any carbon price paid, with notes on method. The statement's data is attached to \
the PDF as statement.json; its SHA-256 is printed on every page and in a QR code. Check a statement with `cbam verify`.")]
pub struct Args {
    /// Installation files: installation workbooks or the Commission's Communication templates (v2.1, v2.1.1).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Directory for the PDFs (created if missing); FILE.xlsx becomes DIR/FILE.pdf.
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Language of the statement's labels and notes.
    #[arg(long, value_enum, default_value_t = Lang::EnZh)]
    pub lang: Lang,
    /// A typst template to use instead of the built-in one.
    #[arg(long, value_name = "FILE.typ")]
    pub template: Option<PathBuf>,
    /// Date of issue printed and recorded in the PDF. Default: the end of the reporting period,
    /// so the same input always gives the same bytes.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Year of the CBAM obligation for the "SEE for CBAM" figure. Default: the year the
    /// reporting period ends.
    #[arg(long, value_parser = clap::value_parser!(i32).range(2023..=2100))]
    pub year: Option<i32>,
    /// Methodology: 2023/1773 or 2025/2547. Default: the one governing the reporting period.
    #[arg(long, value_parser = super::parse_rules)]
    pub rules: Option<cbam::regime::Methodology>,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("expected a date as YYYY-MM-DD, found '{s}'"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// English.
    En,
    /// Simplified Chinese.
    Zh,
    /// English with Chinese beside it.
    #[value(name = "en+zh")]
    EnZh,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::EnZh => "en+zh",
        }
    }
}

/// What happened to one input file.
enum FileOutcome {
    Written {
        warnings: Vec<Diagnostic>,
    },
    Problems(Vec<Diagnostic>),
    Failed(String),
    /// The template does not compile: the same for every file, so the batch stops.
    Template(String),
}

/// DIR/FILE.pdf for FILE.xlsx (`plant-v2.1.1.xlsx` gives `plant-v2.1.1.pdf`).
fn out_path(dir: &Path, file: &Path) -> PathBuf {
    let mut name = file.file_stem().unwrap_or_default().to_os_string();
    name.push(".pdf");
    dir.join(name)
}

/// Renders one installation file.
fn statement_for(
    path: &Path,
    template: &Template,
    lang: Lang,
    date: Option<NaiveDate>,
    year: Option<i32>,
    rules: Option<cbam::regime::Methodology>,
) -> Result<(pdf::Rendered, Vec<Diagnostic>), FileOutcome> {
    let bytes = std::fs::read(path).map_err(|e| FileOutcome::Failed(format!("cannot read {}: {e}", path.display())))?;
    let (loaded, res, year) = cbam::compute_file(path, cbam::regime::Choice { year, methodology: rules }).map_err(FileOutcome::Problems)?;
    let issued = date.unwrap_or(loaded.installation.period.end);
    let source_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let meta = Meta { issued, lang: lang.code(), kind: loaded.kind, source_bytes: &bytes, source_name: &source_name, year };
    let data = pdf::data::build(&loaded.installation, &res, &meta);
    let rendered = pdf::render(template, &data).map_err(|e| FileOutcome::Template(e.to_string()))?;
    Ok((rendered, loaded.warnings))
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let template = match &a.template {
        Some(p) => Template::from_text(std::fs::read_to_string(p).with_context(|| format!("reading the template {}", p.display()))?),
        None => Template::embedded(),
    };
    // One output per input; two inputs with the same name would overwrite each other.
    let mut outputs: BTreeMap<PathBuf, &Path> = BTreeMap::new();
    for f in &a.files {
        f.file_stem().with_context(|| format!("{} names no file", f.display()))?;
        let out = out_path(&a.out_dir, f);
        if let Some(other) = outputs.insert(out.clone(), f) {
            bail!("{} and {} would both be written to {}: rename one", other.display(), f.display(), out.display());
        }
    }
    std::fs::create_dir_all(&a.out_dir).with_context(|| format!("creating {}", a.out_dir.display()))?;

    let n = a.files.len();
    let bar = if std::io::stdout().is_terminal() {
        let b = indicatif::ProgressBar::new(n as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} statements, {elapsed} (eta {eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(n.max(1));
    let next = AtomicUsize::new(0);
    let abort = AtomicBool::new(false);
    let results: Mutex<Vec<Option<FileOutcome>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n || abort.load(Ordering::Relaxed) {
                        break;
                    }
                    let f = &a.files[i];
                    let out = out_path(&a.out_dir, f);
                    let outcome = match statement_for(f, &template, a.lang, a.date, a.year, a.rules) {
                        Ok((r, warnings)) => match cbam::render::write_atomically(&out, &r.pdf) {
                            Ok(()) => FileOutcome::Written { warnings },
                            Err(e) => FileOutcome::Failed(format!("cannot write {}: {e}", out.display())),
                        },
                        Err(other) => other,
                    };
                    if matches!(outcome, FileOutcome::Template(_)) {
                        abort.store(true, Ordering::Relaxed);
                    }
                    pdf::evict_caches();
                    results.lock().expect("no worker panicked")[i] = Some(outcome);
                    bar.inc(1);
                }
            });
        }
    });
    bar.finish_and_clear();

    let results = results.into_inner().expect("no worker panicked");
    if let Some(FileOutcome::Template(msg)) = results.iter().flatten().find(|r| matches!(r, FileOutcome::Template(_))) {
        let which = a.template.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "the built-in template".into());
        bail!("{which} does not compile; no statement was written from it:\n{msg}");
    }
    let (mut written, mut problems, mut failed) = (0, 0, 0);
    let many = n > 1;
    for (f, r) in a.files.iter().zip(results) {
        let heading = || {
            if many {
                let _ = writeln!(std::io::stderr(), "{}:", f.display());
            }
        };
        match r {
            Some(FileOutcome::Written { warnings }) => {
                written += 1;
                if !warnings.is_empty() {
                    heading();
                    report(&warnings);
                }
            }
            Some(FileOutcome::Problems(diags)) => {
                problems += 1;
                heading();
                report(&diags);
            }
            Some(FileOutcome::Failed(msg) | FileOutcome::Template(msg)) => {
                failed += 1;
                let _ = writeln!(std::io::stderr(), "error: {}: {msg}", f.display());
            }
            None => failed += 1,
        }
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{written} statement{} written to {}", if written == 1 { "" } else { "s" }, a.out_dir.display())?;
    Ok(if failed > 0 {
        Outcome::Io
    } else if problems > 0 {
        Outcome::InputProblems
    } else {
        Outcome::Done
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_keep_the_whole_stem() {
        assert_eq!(out_path(Path::new("out"), Path::new("in/plant-v2.1.1.xlsx")), PathBuf::from("out/plant-v2.1.1.pdf"));
        assert_eq!(out_path(Path::new("out"), Path::new("plant.xlsx")), PathBuf::from("out/plant.pdf"));
    }
}
