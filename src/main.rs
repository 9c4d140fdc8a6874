//! The `perfsim` binary: the trainer window, or a command-line command.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = perfsim::cli::Cli::parse();
    let launch = cli.launch_options();
    match perfsim::cli::main_with(cli) {
        Some(Ok(())) => std::process::ExitCode::SUCCESS,
        Some(Err(e)) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
        None => match perfsim::app::run_window(launch) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                std::process::ExitCode::FAILURE
            }
        },
    }
}
