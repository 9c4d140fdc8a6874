//! The `perfsim` binary: the trainer window, or a command-line command.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = perfsim::cli::Cli::parse();
    match perfsim::cli::main_with(cli) {
        Some(Ok(())) => std::process::ExitCode::SUCCESS,
        Some(Err(e)) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
        None => {
            eprintln!("the trainer window is not built yet; see `perfsim --help`");
            std::process::ExitCode::FAILURE
        }
    }
}
