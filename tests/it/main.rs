//! One integration-test binary, modules by topic.

mod architecture;
mod bad_inputs;
mod cli;
mod declaration;
mod properties;
mod report;
mod samples;
mod statement;
mod template;
mod template_fill;
