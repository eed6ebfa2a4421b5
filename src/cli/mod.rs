//! Command-line interface: clap definitions, one file per subcommand. The only place that prints,
//! reads the clock, or chooses an exit code (0 done, 1 the input has problems, 2 usage, I/O or
//! internal error).

mod compute;
mod cost;
mod declaration;
mod init;
mod inspect;
pub mod lang;
mod operator_report;
mod report;
mod serve;
mod statement;
mod template;
mod validate;
mod verify;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cbam::model::Diagnostic;

#[derive(Parser, Debug)]
#[command(
    name = "cbam",
    version,
    about = "CBAM embedded emissions for cement and aluminium installations",
    long_about = "Turns an installation's monitoring data (fuels, raw materials, anodes, PFCs, electricity, precursors) \
into the specific embedded emissions of each good per the EU CBAM rules: the transitional methodology for reporting \
periods up to 2025, the definitive one from 2026 (`cbam compute` names the one it applied).\n\n\
Start with `cbam init installation.xlsx`, fill in the workbook, then `cbam compute installation.xlsx`.",
    after_help = "Exit codes: 0 done; 1 the input has problems (each printed with its cell); 2 usage, file or internal error."
)]
/// The command line: the language of the messages and the command.
pub struct Cli {
    /// Language of the problems printed on stderr: en, or zh (简体中文: each code's sentence, then
    /// the English detail). Before the command: `cbam --lang zh compute FILE`; `cbam --lang zh
    /// init` also writes the workbook's ReadMe and notes in Chinese.
    #[arg(long, value_enum, default_value = "en")]
    pub lang: lang::MessageLang,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands of `cbam`.
#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum Command {
    /// Compute specific embedded emissions per good from an installation workbook.
    Compute(compute::Args),
    /// Write a blank installation workbook (or, with --imports, an imports workbook) to fill in.
    Init(init::Args),
    /// Show what a Communication template (or installation workbook) holds, with the file's own
    /// results beside cbam's.
    Inspect(inspect::Args),
    /// Write the quarterly CBAM report (QReport XML) of an importer from its customs lines and its suppliers' data.
    Report(report::Args),
    /// Check a QReport XML file against the official schema and the registry's business rules.
    Validate(validate::Args),
    /// Carbon cost per tonne exported: the gross model, and the definitive CBAM rules beside it.
    Cost(cost::Args),
    /// The annual declaration worksheet (2026 on): certificates due per CN code and installation.
    Declaration(declaration::Args),
    /// Write an embedded emissions statement (PDF, English and Chinese) per installation file.
    Statement(statement::Args),
    /// Write the operator's emissions report of a definitive-period reporting period (Annex IV summary): JSON and PDF.
    #[command(name = "operator-report")]
    OperatorReport(operator_report::Args),
    /// Check a statement's or operator report's attached data against its digest and, given the source file, every figure.
    Verify(verify::Args),
    /// Write the Commission's Communication template for installations from an installation's data.
    Template(template::Args),
    /// Serve the local web app (English, 简体中文) and its HTTP API on 127.0.0.1.
    Serve(serve::Args),
}

/// Outcome of a command, mapped to the exit code by [`main`].
pub enum Outcome {
    /// The command did what it was asked.
    Done,
    /// The input has problems; they were printed.
    InputProblems,
    /// A file could not be opened or read; the problem was printed.
    Io,
}

impl Outcome {
    /// Exit 2 when the only errors are about reaching the file (`io.*`), 1 otherwise.
    pub fn from_problems(diags: &[Diagnostic]) -> Outcome {
        let mut errors = diags.iter().filter(|d| d.is_error()).peekable();
        if errors.peek().is_some() && errors.all(|d| d.code.as_str().starts_with("io.")) { Outcome::Io } else { Outcome::InputProblems }
    }
}

/// Runs the command line: parses the arguments, runs the command and returns its exit code (0 done,
/// 1 the input has problems, 2 usage, file or internal error).
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    lang::choose(cli.lang);
    let result = match cli.command {
        Command::Compute(a) => compute::run(a),
        Command::Init(a) => init::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Report(a) => report::run(a),
        Command::Validate(a) => validate::run(a),
        Command::Cost(a) => cost::run(a),
        Command::Declaration(a) => declaration::run(a),
        Command::Statement(a) => statement::run(a),
        Command::OperatorReport(a) => operator_report::run(a),
        Command::Verify(a) => verify::run(a),
        Command::Template(a) => template::run(a),
        Command::Serve(a) => serve::run(a),
    };
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::InputProblems) => ExitCode::from(1),
        Ok(Outcome::Io) => ExitCode::from(2),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Prints diagnostics to stderr, then a one-line count.
pub(crate) fn report(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(lang::render_all(diags, lang::chosen()).as_bytes());
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if errors > 0 {
        let _ = writeln!(err, "{}", lang::count(errors, warnings, lang::chosen()));
    }
}

/// `--rules`: the methodology's key, as [`Methodology::parse`](cbam::regime::Methodology::parse) reads it.
pub(crate) fn parse_rules(s: &str) -> Result<cbam::regime::Methodology, String> {
    cbam::regime::Methodology::parse(s).ok_or_else(|| {
        let keys: Vec<&str> = cbam::regime::Methodology::ALL.iter().map(|m| m.key()).collect();
        format!("expected one of {}, found '{s}'", keys.join(", "))
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
