//! One integration-test binary, modules by topic.

mod architecture;
mod atomic;
mod bad_inputs;
mod cli;
mod declaration;
mod fuzz_regressions;
mod properties;
mod report;
mod samples;
mod statement;
mod template;
mod template_fill;
