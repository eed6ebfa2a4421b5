//! One integration-test binary, modules by topic.

#[path = "../common/imports_base.rs"]
mod imports_base;
#[path = "../common/run.rs"]
mod run;

mod architecture;
mod atomic;
mod bad_inputs;
mod cli;
mod declaration;
mod fuzz_regressions;
mod imports_read;
mod init_zh;
mod library;
mod operator_report;
mod properties;
mod regime;
mod report;
mod samples;
mod serve;
mod statement;
mod template;
mod template_fill;

/// One line of a fixture directory's README: ``- `FILE`: what it exercises → `code` ``, or
/// ``→ warning `code` `` for a file that only warns.
#[derive(Debug)]
pub struct FixtureLine {
    pub file: String,
    pub code: String,
    pub warning_only: bool,
}

/// Every fixture line of the README at `readme` (other lines are prose).
pub fn fixture_lines(readme: &std::path::Path) -> Vec<FixtureLine> {
    let text = std::fs::read_to_string(readme).unwrap_or_else(|e| panic!("{}: {e}", readme.display()));
    text.lines()
        .filter_map(|line| {
            let (file, rest) = line.strip_prefix("- `")?.split_once('`')?;
            let (_, expect) = rest.rsplit_once(" → ")?;
            let warning_only = expect.starts_with("warning ");
            let code = expect.trim_start_matches("warning ").trim().trim_matches('`').to_string();
            Some(FixtureLine { file: file.to_string(), code, warning_only })
        })
        .collect()
}
