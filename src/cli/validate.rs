//! `cbam validate FILE.xml`: a quarterly report received from elsewhere, checked against the
//! QReport v23.00 schema (errors with line and column), then against the registry's business
//! rules as cbam knows them. Exit 1 on any error.

use std::path::PathBuf;

use super::Outcome;

#[derive(clap::Args, Debug)]
#[command(after_help = "Checks, in this order: well-formed XML without DOCTYPE (entities are never expanded); the \
QReport v23.00 schema; codes in the code lists, CN codes of cement and aluminium consistent with their HS code, \
positive masses, unique item and sequence numbers, totals that add up, and SEE plausible against the country \
default value (a warning beyond 3 times or below a tenth).")]
pub struct Args {
    /// The QReport XML file.
    pub file: PathBuf,
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let checked = match cbam::report::check(&a.file) {
        Ok(c) => c,
        Err(d) => {
            super::report(std::slice::from_ref(&d));
            return Ok(Outcome::from_problems(&[d]));
        }
    };
    let lang = super::lang::chosen();
    let zh = lang == super::lang::MessageLang::Zh;
    let mut err = String::new();
    if !checked.schema.is_empty() {
        let head = if zh { "QReport v23.00 模式" } else { "schema QReport v23.00" };
        err.push_str(&format!("{}: {head}:\n", a.file.display()));
        err.push_str(&super::lang::render_all(&checked.schema, lang));
    }
    if !checked.rules.is_empty() {
        let head = if zh { "业务规则" } else { "business rules" };
        err.push_str(&format!("{}: {head}:\n", a.file.display()));
        err.push_str(&super::lang::render_all(&checked.rules, lang));
    }
    let all: Vec<_> = checked.schema.iter().chain(&checked.rules).cloned().collect();
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    eprint!("{err}");
    if errors > 0 {
        if zh {
            eprintln!("{}：{} 不是有效的 QReport", super::lang::count(errors, warnings, lang), a.file.display());
        } else {
            eprintln!("{errors} error{}, {warnings} warning{}: {} is not a valid QReport", plural(errors), plural(warnings), a.file.display());
        }
        Ok(Outcome::InputProblems)
    } else {
        if zh {
            eprintln!("{} 符合 QReport v23.00 模式和业务规则（{warnings} 个警告）", a.file.display());
        } else {
            eprintln!("{} is valid against QReport v23.00 and the business rules ({warnings} warning{})", a.file.display(), plural(warnings));
        }
        Ok(Outcome::Done)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
