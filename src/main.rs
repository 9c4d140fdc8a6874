//! The `perfsim` binary: the trainer window, or a command-line command. Built for the
//! browser (`trunk build --release`), it is the practice window only ([`perfsim::app::web`]).
//!
//! On Windows the release build is a GUI-subsystem program, so a student who double-clicks
//! it gets the trainer without a console window beside it. Command-line use (`perfsim.exe
//! run …` from cmd or PowerShell) then attaches to the console it was started from, as
//! alacritty does; debug builds keep the console for development.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use clap::Parser;

    #[cfg(windows)]
    attach_parent_console();

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

/// Sends this process's output to the console of the shell that started it, if any (a
/// GUI-subsystem program has none of its own). Started from Explorer there is no parent
/// console, the call fails, and the window runs without one, as it should.
#[cfg(windows)]
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole takes a process id and touches no memory of ours; failure
    // (no parent console, or one already attached) is reported by its return value,
    // which needs no handling here.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    perfsim::app::web::start();
}
