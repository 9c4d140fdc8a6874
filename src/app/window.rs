//! [`App`]: the trainer window. Small on purpose: preferences, the clock, the current
//! [`Screen`], where attempts are recorded, and the facilitator's notice. Each screen's
//! state, stepping and drawing live in `screens/`; commands are applied in `apply.rs`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::RichText;

use perfsim_core::record::{Mode, Recovered};
use perfsim_core::review::RecordPlaces;
use perfsim_core::scenario::Scenario;
use perfsim_core::session::Session;
use perfsim_core::time::Tick;

use super::clock::Clock;
use super::exam_info::ExamInfo;
use super::files::FileInbox;
use super::prefs::{self, Prefs, ThemeChoice};
use super::recorder;
use super::screens::Screen;
use super::screens::debrief::{self, DebriefCommand, DebriefState};
use super::screens::exam_done::{self, ExamDone};
use super::screens::exam_setup;
use super::screens::instructor::window::instructor_window;
use super::screens::records::{self, BrowserState};
use super::screens::run::{self, RunProgress, RunState};
use super::screens::start::{self, StartState};
use super::sound::{self, AlarmSound};
use super::theme::Palette;
use super::ui_command::help_window_ui;
use super::{Command, UiCommand};
use perfsim_core::attempt::{Attempt, RecordTarget};

/// What the locked console says when the window is closed mid-exam.
pub const QUIT_NEEDS_FACILITATOR: &str =
    "The window cannot close during an exam: the facilitator enters the PIN, then ends the run.";

/// The trainer window.
#[derive(Debug)]
pub struct App {
    /// Persisted preferences.
    pub prefs: Prefs,
    /// Wall clock (mockable).
    pub clock: Clock,
    /// The current screen.
    pub screen: Screen,
    /// Keyboard help open.
    pub show_help: bool,
    /// Where the record browser looks for records and the key.
    pub record_places: RecordPlaces,
    /// Where attempts are recorded.
    pub records: RecordTarget,
    /// Interrupted attempts found in the record folder, offered on the start screen.
    pub interrupted: Vec<Recovered>,
    /// The exam's facilitator PIN, typed to continue an interrupted exam.
    pub interrupted_pin: String,
    /// The programme passphrase, typed to continue an interrupted exam.
    pub interrupted_passphrase: String,
    /// The passphrase being typed to open the record browser, while it is asked for.
    pub records_gate: Option<String>,
    /// The programme's signing key, unlocked in memory for the next exam only.
    pub unlocked_key: Option<perfsim_core::record::ProgrammeKey>,
    /// Record folder as typed on the start screen.
    pub record_folder_edit: String,
    /// A message for the facilitator (a record that could not be written...).
    pub notice: Option<String>,
    /// Where the instructor console's window opens (screen pixels), if chosen.
    /// The candidate's full-screen kiosk during an exam.
    pub kiosk: super::kiosk::Kiosk,
    pub console_position: Option<egui::Pos2>,
    /// The theme last handed to egui, so it is set only when it changes.
    applied_theme: Option<ThemeChoice>,
    /// The zoom last handed to egui: a change by Ctrl + / − is kept in the preferences.
    applied_zoom: Option<f32>,
    /// The alarm tone due and the sound device playing it.
    pub sound: AlarmSound,
    /// Files read in the background (the browser's dialogs and drops).
    pub files: FileInbox,
    /// A record picked or dropped before the records were opened: opened once the
    /// facilitator's passphrase opens them.
    pub gated_record: Option<PathBuf>,
    /// Scenario texts for records kept in memory (the browser reads no files back).
    pub scenario_texts: super::scenario_texts::ScenarioTexts,
}

impl App {
    /// A window on the start screen that records nothing (see [`App::set_record_target`]).
    pub fn new(prefs: Prefs, clock: Clock) -> Self {
        let start = StartState::new(&prefs.scenario_folder, prefs.last_scenario.as_deref());
        Self {
            prefs,
            clock,
            screen: Screen::Start(start),
            show_help: false,
            record_places: RecordPlaces::default(),
            records: RecordTarget::Off,
            interrupted: Vec::new(),
            interrupted_pin: String::new(),
            interrupted_passphrase: String::new(),
            records_gate: None,
            unlocked_key: None,
            record_folder_edit: String::new(),
            notice: None,
            console_position: None,
            kiosk: super::kiosk::Kiosk::default(),
            applied_theme: None,
            applied_zoom: None,
            sound: AlarmSound::default(),
            files: FileInbox::default(),
            gated_record: None,
            scenario_texts: Default::default(),
        }
    }

    /// Records attempts to `target` from now on, and lists its interrupted attempts.
    pub fn set_record_target(&mut self, target: RecordTarget) {
        self.record_folder_edit = target
            .folder()
            .map(|f| f.display().to_string())
            .unwrap_or_default();
        self.interrupted = target.interrupted();
        // The record browser lists where attempts are written, with the same key.
        if let RecordTarget::Folder { folder, key_file } = &target {
            self.record_places = RecordPlaces {
                folder: Some(folder.clone()),
                key_file: key_file.clone(),
            };
        }
        self.records = target;
    }

    /// Starts a practice run of `scenario`, recorded when recording is on. If the record
    /// cannot be started, the run goes on unrecorded and says why.
    pub fn start_run(&mut self, scenario: Arc<Scenario>, seed: u64, path: Option<PathBuf>) {
        // A scenario the programme keeps for exams is never practised.
        let exam_only = path.as_deref().map_or(super::exam_only::ExamOnly::No, |p| {
            super::exam_only::status(p, self.record_places.key_file.as_deref())
        });
        if exam_only != super::exam_only::ExamOnly::No {
            self.notice = Some(super::exam_only::refusal(&scenario.name, &exam_only));
            if !matches!(self.screen, Screen::Start(_)) {
                self.screen = Screen::Start(StartState::new(&self.prefs.scenario_folder, None));
            }
            return;
        }
        let (driver, record_error) = match self.records {
            RecordTarget::Off => (Attempt::plain(Session::new(scenario, seed)), None),
            _ => {
                let info = perfsim_core::record::AttemptInfo::default();
                let started = match &self.records {
                    // In memory (the browser) there is no file to read the text from.
                    RecordTarget::InMemory { .. } => match self.scenario_texts.of(&scenario) {
                        Some(text) => recorder::start_with_text(
                            &self.records,
                            scenario.clone(),
                            &text,
                            seed,
                            info,
                        ),
                        None => Err(perfsim_core::attempt::TargetError::NoScenarioFile),
                    },
                    _ => recorder::start(
                        &self.records,
                        scenario.clone(),
                        path.as_deref(),
                        seed,
                        info,
                        None,
                    ),
                };
                match started {
                    Ok(a) => (Attempt::recorded(a), None),
                    Err(e) => (
                        Attempt::plain(Session::new(scenario, seed)),
                        Some(format!("This practice run is not recorded: {e}")),
                    ),
                }
            }
        };
        let mut run = RunState::new(driver, Mode::Practice, path);
        run.record_error = record_error;
        self.screen = Screen::Run(Box::new(run));
    }

    /// Unlocks the programme's signing key with the facilitator's passphrase, in memory,
    /// for the next exam (which takes it: each exam asks again).
    pub fn unlock_programme_key(&mut self, passphrase: &str) -> Result<(), String> {
        self.unlocked_key = None;
        self.unlocked_key = Some(recorder::unlock(&self.records, passphrase)?);
        Ok(())
    }

    /// Starts an exam, which must be recorded and signed with the programme key
    /// unlocked by [`App::unlock_programme_key`]: on error nothing starts.
    pub fn start_exam(
        &mut self,
        scenario: Arc<Scenario>,
        path: Option<PathBuf>,
        seed: u64,
        info: ExamInfo,
    ) -> Result<(), String> {
        if self.records == RecordTarget::Off {
            return Err("recording is off, and an exam must be recorded".into());
        }
        let Some(key) = self.unlocked_key.take() else {
            return Err(
                "the programme key is locked: the facilitator enters the programme passphrase"
                    .into(),
            );
        };
        let attempt = recorder::start(
            &self.records,
            scenario,
            path.as_deref(),
            seed,
            perfsim_core::record::AttemptInfo {
                candidate_id: info.candidate_id.clone(),
                facilitator: info.facilitator.clone(),
                mode: Mode::Exam,
                started_at_utc: String::new(),
                pin: Some(info.pin.record_hash()),
            },
            Some(&key),
        )
        .map_err(|e| e.to_string())?;
        let mut run = RunState::new(Attempt::recorded(attempt), Mode::Exam, path);
        run.exam = Some(info);
        self.screen = Screen::Run(Box::new(run));
        Ok(())
    }

    /// Shows the record browser's list of [`App::record_places`].
    pub fn open_records(&mut self) {
        let folder = self.record_places.folder();
        let key = self.record_places.key();
        self.screen = Screen::Browser(Box::new(BrowserState::new(folder.as_deref(), key)));
    }

    /// Opens one record in the browser (listing its folder behind it).
    pub fn open_record(&mut self, path: &Path) {
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .or_else(|| self.record_places.folder());
        let key = self.record_places.key();
        let mut state = BrowserState::new(folder.as_deref(), key);
        state.open(path);
        self.screen = Screen::Browser(Box::new(state));
    }

    /// The record browser, if it is showing.
    pub fn browser(&self) -> Option<&BrowserState> {
        match &self.screen {
            Screen::Browser(b) => Some(b),
            _ => None,
        }
    }

    /// Steps the current run `ticks` ticks at once (demos, benchmarks).
    pub fn fast_forward(&mut self, ticks: Tick) {
        if let Screen::Run(run) = &mut self.screen {
            for _ in 0..ticks {
                if run.driver.session().is_finished() {
                    break;
                }
                run.step_once();
            }
            run.trends.update(run.driver.session().trace());
        }
    }

    /// Steps the current run to `ticks` from its start, applying `script` (sorted by
    /// tick) on the way, as `perfsim run --actions` does.
    pub fn fast_forward_with(
        &mut self,
        script: &[perfsim_core::action::LoggedAction],
        ticks: Tick,
    ) -> Result<(), String> {
        if let Screen::Run(run) = &mut self.screen {
            let end = ticks.min(run.session().scenario().duration_ticks.saturating_sub(1));
            // The one script loop, driving the run screen so the team speaks on the way.
            perfsim_core::script::run(&mut **run, script, end, |_| {
                Ok::<(), std::convert::Infallible>(())
            })
            .map_err(|e| e.into_script_error().to_string())?;
            run.trends.update(run.driver.session().trace());
            run.update_markers();
        }
        Ok(())
    }

    /// The run in progress or being debriefed.
    pub fn session(&self) -> Option<&Session> {
        match &self.screen {
            Screen::Start(_) | Screen::ExamSetup(_) | Screen::Browser(_) => None,
            Screen::Run(run) => Some(run.session()),
            Screen::Debrief(d) => Some(&d.session),
            Screen::ExamDone(d) => Some(&d.debrief.session),
        }
    }

    /// The run in progress, if any.
    pub fn run_state(&self) -> Option<&RunState> {
        match &self.screen {
            Screen::Run(run) => Some(run),
            _ => None,
        }
    }

    /// Whether the debrief is showing.
    pub fn is_debrief(&self) -> bool {
        matches!(self.screen, Screen::Debrief(_))
    }

    /// The frame's model work: theme, stepping, heartbeats, end of run. Draws nothing.
    pub fn step_logic(&mut self, ctx: &egui::Context) {
        if self.applied_theme != Some(self.prefs.theme) {
            ctx.set_theme(match self.prefs.theme {
                ThemeChoice::Dark => egui::Theme::Dark,
                ThemeChoice::Light => egui::Theme::Light,
            });
            self.applied_theme = Some(self.prefs.theme);
        }
        self.follow_zoom(ctx);
        let mut opened = self.files.take_dropped(ctx);
        opened.extend(self.files.take_arrived());
        for file in opened {
            self.open_file(file);
        }
        self.step_run(ctx);
        // The alarm tone follows the run: none while paused, frozen or on other screens.
        let due = match &self.screen {
            Screen::Run(run) if !run.paused && !run.frozen => sound::tone_due_in(run.session()),
            _ => None,
        };
        self.sound.set(due, self.prefs.alarm_output_volume());
        #[cfg(target_arch = "wasm32")]
        super::web::show_clock_in_title(
            self.session()
                .map(|s| perfsim_core::time::clock_label(s.tick()))
                .as_deref(),
        );
    }

    /// Keeps egui's zoom and the preference in step: the preference sets it at start and
    /// when changed on screen; Ctrl + / Ctrl − (egui's own keys) change the preference.
    fn follow_zoom(&mut self, ctx: &egui::Context) {
        let wanted = self.prefs.zoom_factor();
        match self.applied_zoom {
            Some(applied) if applied != wanted => {
                ctx.set_zoom_factor(wanted);
                self.applied_zoom = Some(wanted);
            }
            Some(applied) if ctx.zoom_factor() != applied => {
                self.prefs.zoom = ctx.zoom_factor();
                self.applied_zoom = Some(self.prefs.zoom);
            }
            Some(_) => {}
            None => {
                ctx.set_zoom_factor(wanted);
                self.applied_zoom = Some(wanted);
            }
        }
    }

    fn step_run(&mut self, ctx: &egui::Context) {
        let now_ns = self.clock.now_ns();
        let exam_locked = match &self.screen {
            Screen::Run(run) => run.mode == Mode::Exam,
            Screen::ExamDone(_) => true,
            _ => false,
        };
        if self.kiosk.frame(ctx, exam_locked) && matches!(self.screen, Screen::ExamDone(_)) {
            self.notice = Some(QUIT_NEEDS_FACILITATOR.into());
        }
        let Screen::Run(run) = &mut self.screen else {
            return;
        };
        // Closing the window mid-exam needs the facilitator: the close is cancelled and
        // the locked console opens; the facilitator unlocks it and ends the run.
        if run.mode == Mode::Exam && ctx.input(|i| i.viewport().close_requested()) {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            run.console_open = true;
            run.instructor.pin_message = Some(QUIT_NEEDS_FACILITATOR.into());
        }
        if run.logic(ctx, now_ns) == RunProgress::Finished {
            self.end_run();
        }
    }

    /// Ends the run now: its debrief, or in an exam the locked end screen.
    pub(super) fn end_run(&mut self) {
        let screen = std::mem::replace(
            &mut self.screen,
            Screen::Start(StartState::new(&self.prefs.scenario_folder, None)),
        );
        self.screen = match screen {
            Screen::Run(run) => {
                let RunState {
                    driver,
                    trends,
                    exam,
                    ..
                } = *run;
                let (session, error, record) = driver.finish_keeping_record();
                let finished = error.is_none();
                // Raters rate a finished record from its debrief (its Ratings tab).
                let record_path = record
                    .as_ref()
                    .filter(|_| finished)
                    .and_then(|w| w.path().map(Path::to_path_buf));
                if let Some(e) = error {
                    self.notice = Some(format!("The record was not finished: {e}"));
                }
                let mut debrief = DebriefState::new(session, trends);
                debrief.record = record_path;
                match exam {
                    Some(info) => Screen::ExamDone(Box::new(ExamDone::new(debrief, info, record))),
                    None => {
                        // Kept open to take the trainee's chart, if one is asked, and
                        // in memory (the browser) to be downloaded.
                        debrief.keep_record(record.filter(|_| finished));
                        Screen::Debrief(Box::new(debrief))
                    }
                }
            }
            other => other,
        };
    }

    /// Draws the window and applies what the trainee and the facilitator asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let palette = Palette::for_theme(self.prefs.theme);
        let mut commands = Vec::new();
        let Self {
            prefs,
            clock: _,
            screen,
            show_help,
            record_places: _,
            records,
            interrupted,
            interrupted_pin,
            interrupted_passphrase,
            records_gate,
            unlocked_key: _,
            record_folder_edit,
            notice,
            console_position,
            applied_theme: _,
            kiosk: _,
            applied_zoom: _,
            sound: _,
            files: _,
            gated_record: _,
            scenario_texts: _,
        } = self;
        // F1 / H open the help on every screen; the run screen listens for all its keys
        // itself, before its buttons draw.
        if !matches!(screen, Screen::Run(_))
            && !UiCommand::listen_for_kb_shortcuts(ui.ctx(), |c| c == UiCommand::ToggleHelp)
                .is_empty()
        {
            commands.push(Command::ToggleHelp);
        }
        match screen {
            Screen::Start(state) => start::start_screen_ui(
                ui,
                state,
                prefs,
                &start::RecordsView {
                    records,
                    interrupted,
                    notice: notice.as_deref(),
                },
                start::RecordEdits {
                    pin: interrupted_pin,
                    passphrase: interrupted_passphrase,
                    records_gate,
                    folder: record_folder_edit,
                },
                &palette,
                &mut commands,
            ),
            Screen::Browser(state) => {
                if let Some(cmd) = records::browser_ui(ui, state, &palette) {
                    commands.push(Command::Browser(cmd));
                }
            }
            Screen::ExamSetup(state) => {
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    if let Some(cmd) = exam_setup::exam_setup_ui(ui, state) {
                        commands.push(Command::ExamSetup(cmd));
                    }
                });
            }
            Screen::Run(run) => {
                run::run_ui(ui, run, prefs, &palette, &mut commands);
                if run.console_open {
                    instructor_window(ui.ctx(), run, *console_position, &palette, &mut commands);
                }
            }
            Screen::ExamDone(done) => {
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    if let Some(pin) =
                        exam_done::exam_done_ui(ui, done, notice.as_deref(), &palette)
                    {
                        commands.push(Command::UnlockReport(pin));
                    }
                });
            }
            Screen::Debrief(state) => {
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    if let Some(text) = notice.as_deref() {
                        ui.label(RichText::new(text).strong().color(palette.message_warning));
                    }
                    if let Some(cmd) = debrief::debrief_ui(ui, state, &palette) {
                        commands.push(match cmd {
                            DebriefCommand::Again => Command::Again,
                            DebriefCommand::ToStart => Command::ToStart,
                            DebriefCommand::SaveReport => Command::SaveReport,
                            DebriefCommand::DownloadRecord => Command::DownloadRecord,
                        });
                    }
                });
            }
        }
        if *show_help && help_window_ui(ui.ctx()) {
            commands.push(Command::ToggleHelp);
        }
        for command in commands {
            self.apply(command);
        }
    }
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.step_logic(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, prefs::STORAGE_KEY, &self.prefs);
    }
}
