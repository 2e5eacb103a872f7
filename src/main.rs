//! The `parallax` binary: parse the command line, pick the mode, run it.

fn main() -> std::process::ExitCode {
    parallax::cli::main()
}
