//! The `cbam` command: parse arguments, run, map the outcome to an exit code.

fn main() -> std::process::ExitCode {
    cbam::cli::main()
}
