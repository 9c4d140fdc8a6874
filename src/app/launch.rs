//! Opening the window from the command line: [`LaunchOptions`] and [`run_window`].

use std::path::PathBuf;
use std::sync::Arc;

use perfsim_core::scenario::Scenario;

use super::clock::Clock;
use super::exam_info::{ExamInfo, PIN_MIN_DIGITS, PinHash};
use super::prefs::{self, Prefs};
use super::screens::Screen;
use super::screens::records::BrowserCommand;
use super::{App, Command};
use perfsim_core::attempt::RecordTarget;

/// Options from the command line.
#[derive(Clone, Debug, Default)]
pub struct LaunchOptions {
    /// Start this scenario at once.
    pub start: Option<PathBuf>,
    /// Seed for `start`.
    pub seed: u64,
    /// Fast-forward the started run by this many simulated seconds (demos, screenshots).
    pub skip_secs: f64,
    /// Actions applied at their times during the fast-forward.
    pub skip_actions: Option<PathBuf>,
    /// Open this attempt record in the record browser at once (with the cursor at
    /// `skip_secs`, if given).
    pub open_record: Option<PathBuf>,
    /// Open on the exam setup screen.
    pub exam_setup: bool,
    /// Start `start` as an exam of this candidate (with `exam_pin`).
    pub exam_candidate: Option<String>,
    /// The facilitator PIN of an exam started from the command line.
    pub exam_pin: Option<String>,
    /// The programme passphrase's file for an exam started from the command line
    /// (default: standard input).
    pub exam_passphrase_file: Option<PathBuf>,
    /// Open the instructor console (unlocked) on the started run.
    pub instructor: bool,
    /// Record to this folder instead of the preferences' or the default one.
    pub record_folder: Option<PathBuf>,
    /// Hold the candidate's window full screen during an exam (`--kiosk`).
    pub kiosk: bool,
    /// The window's inner size in points (default 1366×768).
    pub window_size: Option<[f32; 2]>,
}

/// Opens the trainer window and runs until it is closed.
pub fn run_window(options: LaunchOptions) -> anyhow::Result<()> {
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("perfsim")
            .with_inner_size(options.window_size.unwrap_or([1366.0, 768.0]))
            .with_min_inner_size([1024.0, 640.0]),
        ..Default::default()
    };
    let start = match &options.start {
        Some(path) => Some(Arc::new(Scenario::load(path)?)),
        None => None,
    };
    let script = match (&options.skip_actions, &start) {
        (Some(path), Some(scenario)) => {
            perfsim_core::script::load_for(path, scenario.model.circuit.kind)?
        }
        (Some(path), None) => perfsim_core::script::load(path)?,
        (None, _) => Vec::new(),
    };
    let exam = match (&options.exam_candidate, &options.exam_pin) {
        (None, _) => None,
        (Some(candidate_id), Some(pin)) => Some(ExamInfo {
            candidate_id: candidate_id.clone(),
            facilitator: "Facilitator".into(),
            pin: PinHash::new(pin).ok_or_else(|| {
                anyhow::anyhow!("--exam-pin must be at least {} digits", PIN_MIN_DIGITS)
            })?,
        }),
        (Some(_), None) => anyhow::bail!("--exam needs --exam-pin"),
    };
    let passphrase = match &exam {
        Some(_) => crate::cli::keys::read_passphrase(
            options.exam_passphrase_file.as_deref(),
            "programme passphrase",
        )?,
        None => String::new(),
    };
    eframe::run_native(
        "perfsim",
        native,
        Box::new(move |cc| {
            let mut prefs = cc
                .storage
                .and_then(|s| eframe::get_value::<Prefs>(s, prefs::STORAGE_KEY))
                .unwrap_or_default();
            if let Some(folder) = &options.record_folder {
                prefs.record_folder = Some(folder.clone());
            }
            let mut app = App::new(prefs, Clock::default());
            app.kiosk.requested = options.kiosk;
            app.sound = crate::app::sound::AlarmSound::with_device();
            app.set_record_target(RecordTarget::from_prefs(app.prefs.record_folder.as_deref()));
            if options.exam_setup {
                app.apply(Command::OpenExamSetup);
            }
            if let Some(scenario) = start {
                match exam {
                    Some(info) => {
                        app.unlock_programme_key(&passphrase)
                            .and_then(|()| {
                                app.start_exam(scenario, options.start.clone(), options.seed, info)
                            })
                            .map_err(|e| format!("cannot start the exam: {e}"))?;
                    }
                    None => app.start_run(scenario, options.seed, options.start.clone()),
                }
                app.fast_forward_with(
                    &script,
                    perfsim_core::time::tick_from_secs(options.skip_secs.max(0.0)),
                )?;
                if options.instructor
                    && let Screen::Run(run) = &mut app.screen
                {
                    run.console_open = true;
                    run.instructor.unlocked = true;
                    // Beside the main window, as on a facilitator's second screen.
                    app.console_position = Some(egui::pos2(1376.0, 0.0));
                }
            }
            if let Some(path) = &options.open_record {
                app.open_record(path);
                if options.skip_secs > 0.0
                    && let Screen::Browser(b) = &mut app.screen
                {
                    let tick = perfsim_core::time::tick_from_secs(options.skip_secs);
                    let _ = b.apply(BrowserCommand::Seek(tick));
                }
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
