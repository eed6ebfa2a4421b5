//! The `cbam` command: parse arguments, run, map the outcome to an exit code.

mod cli;

fn main() -> std::process::ExitCode {
    // A parser's panic on a damaged file is reported as a damaged file, without its backtrace.
    cbam::read::guard::install_quiet_hook();
    cli::main()
}
