//! The `perfsim` binary: the trainer window, or a command-line command. Built for the
//! browser (`trunk build --release`), it is the practice window only ([`perfsim::app::web`]).

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use clap::Parser;

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

#[cfg(target_arch = "wasm32")]
fn main() {
    perfsim::app::web::start();
}
