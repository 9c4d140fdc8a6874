//! The trainer window (eframe). [`App::logic`](eframe::App::logic) steps the model with
//! a fixed-step accumulator; the `*_ui` functions only read state and return commands,
//! which [`App`] applies in one place (`apply`). Nothing in the window mutates the
//! model except through [`Session::act`].

pub mod alarms;
pub mod browser;
pub mod browser_record;
pub mod browser_timeline;
pub mod circuit_view;
pub mod clock;
pub mod controls;
pub mod debrief;
pub mod exam;
pub mod feed;
pub mod instructor;
pub mod labs;
pub mod monitors;
pub mod patient_view;
pub mod prefs;
pub mod recorder;
pub mod start;
#[cfg(test)]
pub(crate) mod test_util;
pub mod theme;
pub mod trends;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use egui::{Key, RichText};

use perfsim_core::action::{Action, Actor, Drug, LabKind};
use perfsim_core::model::config::PumpKind;
use perfsim_core::record::{Mode, Recovered};
use perfsim_core::scenario::Scenario;
use perfsim_core::session::Session;
use perfsim_core::time::{Tick, clock_label, secs_from_tick};

use self::browser::{BrowserCommand, BrowserState, RecordPlaces};
use self::clock::{Clock, Speed, Stepper};
use self::controls::{ControlCommand, ControlsState};
use self::debrief::{DebriefCommand, DebriefState};
use self::exam::{ExamDone, ExamInfo, ExamSetupCommand, ExamSetupState};
use self::instructor::{InstructorCommand, InstructorState, InstructorView};
use self::prefs::{Prefs, ThemeChoice, TrendWindow};
use self::recorder::{Driver, RecordTarget};
use self::start::{StartCommand, StartState};
use self::theme::Palette;
use self::trends::{TrendCache, TrendView};

/// How often (simulated ticks) the instructor console re-scores the run.
const LIVE_SCORE_EVERY: Tick = 5 * perfsim_core::time::TICKS_PER_SEC;

/// How often the window redraws while a run plays.
const REPAINT_EVERY: Duration = Duration::from_millis(50);

/// A run in progress, with its window-side state.
#[derive(Debug)]
pub struct RunState {
    /// The run, recorded as it happens (or, in practice when recording failed, not).
    pub driver: Driver,
    /// Practice or exam.
    pub mode: Mode,
    /// Candidate, facilitator and PIN (exams).
    pub exam: Option<ExamInfo>,
    /// Frozen by the facilitator (logged in the record).
    pub frozen: bool,
    /// The instructor console's state.
    pub instructor: InstructorState,
    /// Instructor console open.
    pub console_open: bool,
    /// Why the run is not (or no longer) being recorded.
    pub record_error: Option<String>,
    /// Wall time of the last heartbeat.
    last_beat_ns: Option<u64>,
    /// Where its scenario came from, to run it again.
    pub path: Option<PathBuf>,
    /// Wall time → ticks.
    pub stepper: Stepper,
    /// Practice speed.
    pub speed: Speed,
    /// Paused (practice mode).
    pub paused: bool,
    /// Trend caches.
    pub trends: TrendCache,
    /// Control-panel drafts.
    pub controls: ControlsState,
    /// A bolus waiting for the trainee's confirmation.
    pub pending_confirm: Option<Action>,
    /// Actions the console refused before applying them (value checks), with when.
    pub messages: Vec<(Tick, String)>,
    /// Briefing window open.
    pub show_briefing: bool,
    /// Alarm and action markers for the trends, kept up to date incrementally.
    pub markers: Vec<trends::Marker>,
    /// Actions and events already turned into markers.
    marked: (usize, usize),
}

impl RunState {
    fn new(driver: Driver, mode: Mode, path: Option<PathBuf>) -> Self {
        let mut trends = TrendCache::default();
        trends.update(driver.session().trace());
        let mut run = Self {
            driver,
            mode,
            exam: None,
            frozen: false,
            instructor: InstructorState::default(),
            console_open: false,
            record_error: None,
            last_beat_ns: None,
            path,
            stepper: Stepper::default(),
            speed: Speed::X1,
            paused: false,
            trends,
            controls: ControlsState::default(),
            pending_confirm: None,
            messages: Vec::new(),
            show_briefing: false,
            markers: Vec::new(),
            marked: (0, 0),
        };
        run.update_markers();
        run
    }

    /// A practice run that continues `session` from its current tick, keeping its log
    /// (the record browser's "rewind and branch"). A branch is not recorded: the attempt
    /// it came from already is.
    pub fn from_session(session: Session, path: Option<PathBuf>) -> Self {
        Self::new(Driver::Plain(Box::new(session)), Mode::Practice, path)
    }

    /// The session.
    pub fn session(&self) -> &Session {
        self.driver.session()
    }

    /// Adds markers for the trainee's actions and raised alarms since the last call
    /// (never faults, never the instructor's actions).
    fn update_markers(&mut self) {
        let (actions_seen, events_seen) = self.marked;
        let log = self.driver.session().log();
        let events = self.driver.session().events();
        for a in log
            .get(actions_seen..)
            .unwrap_or_default()
            .iter()
            .filter(|a| a.actor == Actor::Trainee)
        {
            self.markers.push(trends::Marker {
                t_min: secs_from_tick(a.tick) / 60.0,
                kind: trends::MarkerKind::Action,
                label: a.action.describe(),
            });
        }
        for e in events.get(events_seen..).unwrap_or_default() {
            if let perfsim_core::model::events::Event::AlarmRaised { alarm } = e.event {
                self.markers.push(trends::Marker {
                    t_min: secs_from_tick(e.tick) / 60.0,
                    kind: trends::MarkerKind::Alarm,
                    label: format!("Alarm: {}", alarm.label()),
                });
            }
        }
        self.marked = (log.len(), events.len());
    }
}

/// What the window shows.
#[derive(Debug)]
pub enum Screen {
    /// Scenario picker and briefing.
    Start(StartState),
    /// A run.
    Run(Box<RunState>),
    /// After the run.
    Debrief(Box<DebriefState>),
    /// The facilitator's record browser.
    Browser(Box<BrowserState>),
    /// The facilitator sets up an exam.
    ExamSetup(Box<ExamSetupState>),
    /// An exam ended: the candidate waits; the report opens behind the PIN.
    ExamDone(Box<ExamDone>),
}

/// Everything the window can be asked to do; UI code returns these, `apply` does them.
#[must_use]
#[derive(Clone, Debug)]
pub enum Command {
    /// A trainee action.
    Act(Action),
    /// A bolus, confirmed first if large or dangerous.
    Bolus {
        /// Which drug.
        drug: Drug,
        /// Dose in its bolus unit.
        dose: f64,
    },
    /// Give the bolus waiting for confirmation.
    ConfirmPending,
    /// Drop the bolus waiting for confirmation.
    CancelPending,
    /// Pause or resume (practice).
    TogglePause,
    /// Change speed (practice).
    SetSpeed(Speed),
    /// End the run now and debrief.
    EndRun,
    /// Theme.
    SetTheme(ThemeChoice),
    /// Trend window.
    SetTrendWindow(TrendWindow),
    /// Show or hide the keyboard help.
    ToggleHelp,
    /// Show or hide the briefing during a run.
    ToggleBriefing,
    /// Start a scenario.
    Start {
        /// The scenario.
        scenario: Arc<Scenario>,
        /// Its file, if any.
        path: Option<PathBuf>,
        /// Seed.
        seed: u64,
    },
    /// Remember the scenario folder.
    FolderChanged(PathBuf),
    /// Run the debriefed scenario again.
    Again,
    /// Back to the scenario list.
    ToStart,
    /// Open the record browser's list.
    OpenRecords,
    /// Something the record browser asked for.
    Browser(BrowserCommand),
    /// Open the exam setup.
    OpenExamSetup,
    /// From the exam setup.
    ExamSetup(ExamSetupCommand),
    /// From the instructor console.
    Instructor(InstructorCommand),
    /// Open or close the instructor console.
    ToggleConsole,
    /// Open an ended exam's report with this PIN.
    UnlockReport(String),
    /// Continue the interrupted attempt at this index.
    ContinueInterrupted(usize),
    /// Stop offering the interrupted attempt at this index (the file stays).
    DismissInterrupted(usize),
    /// Record to this folder from now on.
    SetRecordFolder(PathBuf),
    /// Hide the notice.
    DismissNotice,
}

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
    /// PIN typed to continue an interrupted exam.
    pub interrupted_pin: String,
    /// Record folder as typed on the start screen.
    pub record_folder_edit: String,
    /// A message for the facilitator (a record that could not be written...).
    pub notice: Option<String>,
    /// Where the instructor console's window opens (screen pixels), if chosen.
    pub console_position: Option<egui::Pos2>,
    applied_theme: Option<ThemeChoice>,
}

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
    /// Open the instructor console (unlocked) on the started run.
    pub instructor: bool,
    /// Record to this folder instead of the preferences' or the default one.
    pub record_folder: Option<PathBuf>,
}

/// Opens the trainer window and runs until it is closed.
pub fn run_window(options: LaunchOptions) -> anyhow::Result<()> {
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("perfsim")
            .with_inner_size([1366.0, 768.0])
            .with_min_inner_size([1024.0, 640.0]),
        ..Default::default()
    };
    let start = match &options.start {
        Some(path) => Some(Arc::new(Scenario::load(path)?)),
        None => None,
    };
    let script = match &options.skip_actions {
        Some(path) => perfsim_core::script::load(path)?,
        None => Vec::new(),
    };
    let exam = match (&options.exam_candidate, &options.exam_pin) {
        (None, _) => None,
        (Some(candidate_id), Some(pin)) => Some(ExamInfo {
            candidate_id: candidate_id.clone(),
            facilitator: "Facilitator".into(),
            pin: exam::PinHash::new(pin).ok_or_else(|| {
                anyhow::anyhow!(
                    "--exam-pin must be at least {} digits",
                    exam::PIN_MIN_DIGITS
                )
            })?,
        }),
        (Some(_), None) => anyhow::bail!("--exam needs --exam-pin"),
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
            app.set_record_target(RecordTarget::from_prefs(app.prefs.record_folder.as_deref()));
            if options.exam_setup {
                app.apply(Command::OpenExamSetup);
            }
            if let Some(scenario) = start {
                match exam {
                    Some(info) => {
                        app.start_exam(scenario, options.start.clone(), options.seed, info)
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
            record_folder_edit: String::new(),
            notice: None,
            console_position: None,
            applied_theme: None,
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
        let (driver, record_error) = match self.records {
            RecordTarget::Off => (Driver::Plain(Box::new(Session::new(scenario, seed))), None),
            _ => {
                let info = perfsim_core::record::AttemptInfo::default();
                match self
                    .records
                    .start(scenario.clone(), path.as_deref(), seed, info)
                {
                    Ok(a) => (Driver::Recorded(Box::new(a)), None),
                    Err(e) => (
                        Driver::Plain(Box::new(Session::new(scenario, seed))),
                        Some(format!("This practice run is not recorded: {e}")),
                    ),
                }
            }
        };
        let mut run = RunState::new(driver, Mode::Practice, path);
        run.record_error = record_error;
        self.screen = Screen::Run(Box::new(run));
    }

    /// Starts an exam, which must be recorded: on error nothing starts.
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
        let attempt = self.records.start(
            scenario,
            path.as_deref(),
            seed,
            perfsim_core::record::AttemptInfo {
                candidate_id: info.candidate_id.clone(),
                facilitator: info.facilitator.clone(),
                mode: Mode::Exam,
                started_at_utc: String::new(),
            },
        )?;
        let mut run = RunState::new(Driver::Recorded(Box::new(attempt)), Mode::Exam, path);
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
    pub fn open_record(&mut self, path: &std::path::Path) {
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(std::path::Path::to_path_buf)
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
                run.driver.step();
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
            run.driver.run_script(script, end)?;
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
        let Screen::Run(run) = &mut self.screen else {
            return;
        };
        let now_ns = self.clock.now_ns();
        if run.paused || run.frozen {
            run.stepper.pause();
        } else {
            let speed = match run.mode {
                Mode::Practice => run.speed,
                Mode::Exam => Speed::X1,
            };
            let due = run.stepper.ticks_due(now_ns, speed);
            for _ in 0..due {
                if run.driver.session().is_finished() {
                    break;
                }
                run.driver.step();
            }
            run.trends.update(run.driver.session().trace());
            ctx.request_repaint_after(REPAINT_EVERY);
        }
        // About once a wall second the record learns the attempt is still running.
        let beat_due = run
            .last_beat_ns
            .is_none_or(|last| now_ns.saturating_sub(last) >= 1_000_000_000);
        if beat_due && run.record_error.is_none() {
            run.last_beat_ns = Some(now_ns);
            if let Err(e) = run.driver.heartbeat() {
                run.record_error = Some(format!("The record cannot be written: {e}"));
            }
        }
        run.update_markers();
        let console_shows =
            run.console_open && (run.instructor.unlocked || run.mode == Mode::Practice);
        let tick = run.driver.session().tick();
        let stale = run
            .instructor
            .live_score
            .is_none_or(|s| tick >= s.tick + LIVE_SCORE_EVERY || tick < s.tick);
        if console_shows && stale {
            run.instructor.live_score = instructor::LiveScore::of(run.driver.session());
        }
        if run.driver.session().is_finished() {
            self.end_run();
        }
    }

    fn end_run(&mut self) {
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
                let (session, error) = driver.finish();
                if error.is_some() {
                    self.notice = error;
                }
                let debrief = DebriefState::new(session, trends);
                match exam {
                    Some(info) => Screen::ExamDone(Box::new(ExamDone::new(debrief, info))),
                    None => Screen::Debrief(Box::new(debrief)),
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
            record_folder_edit,
            notice,
            console_position,
            applied_theme: _,
        } = self;
        match screen {
            Screen::Start(state) => {
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.heading("perfsim — cardiopulmonary bypass trainer");
                        ui.add_space(12.0);
                        if ui.button(exam::names::OPEN_SETUP).clicked() {
                            commands.push(Command::OpenExamSetup);
                        }
                        if ui
                            .button(start::RECORDS_LABEL)
                            .on_hover_text("Open an attempt record: replay, debrief, print")
                            .clicked()
                        {
                            commands.push(Command::OpenRecords);
                        }
                        top_right_prefs_ui(ui, prefs, &mut commands);
                    });
                    ui.label(
                        "Pick a scenario, read the briefing, and start. Practice mode: you can pause and speed up time.",
                    );
                    records_ui(
                        ui,
                        &RecordsView {
                            records,
                            interrupted,
                            notice: notice.as_deref(),
                        },
                        interrupted_pin,
                        record_folder_edit,
                        &palette,
                        &mut commands,
                    );
                    if let Some(cmd) = start::start_ui(ui, state) {
                        commands.push(match cmd {
                            StartCommand::Start {
                                scenario,
                                path,
                                seed,
                            } => Command::Start {
                                scenario,
                                path: Some(path),
                                seed,
                            },
                            StartCommand::FolderChanged(p) => Command::FolderChanged(p),
                        });
                    }
                });
            }
            Screen::Browser(state) => {
                if let Some(cmd) = browser::browser_ui(ui, state, &palette) {
                    commands.push(Command::Browser(cmd));
                }
            }
            Screen::ExamSetup(state) => {
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    if let Some(cmd) = exam::exam_setup_ui(ui, state) {
                        commands.push(Command::ExamSetup(cmd));
                    }
                });
            }
            Screen::Run(run) => {
                run_ui(ui, run, prefs, &palette, &mut commands);
                if run.console_open {
                    instructor_window(ui.ctx(), run, *console_position, &palette, &mut commands);
                }
            }
            Screen::ExamDone(done) => {
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    if let Some(pin) = exam::exam_done_ui(ui, done, notice.as_deref(), &palette) {
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
                        });
                    }
                });
            }
        }
        if *show_help {
            let mut open = true;
            egui::Window::new("Keyboard shortcuts")
                .open(&mut open)
                .resizable(false)
                .show(ui.ctx(), |ui| {
                    egui::Grid::new("keys").striped(true).show(ui, |ui| {
                        for (key, what) in SHORTCUTS {
                            ui.monospace(*key);
                            ui.label(*what);
                            ui.end_row();
                        }
                    });
                });
            if !open {
                commands.push(Command::ToggleHelp);
            }
        }
        for command in commands {
            self.apply(command);
        }
    }

    /// Does one command. The only place the window changes the run or the preferences.
    fn apply(&mut self, command: Command) {
        match command {
            Command::Act(action) => self.act(action),
            Command::Bolus { drug, dose } => {
                let action = Action::DrugBolus { drug, dose };
                if dose > drug.confirm_bolus_above() {
                    if let Screen::Run(run) = &mut self.screen {
                        run.pending_confirm = Some(action);
                    }
                } else {
                    self.act(action);
                }
            }
            Command::ConfirmPending => {
                let pending = match &mut self.screen {
                    Screen::Run(run) => run.pending_confirm.take(),
                    _ => None,
                };
                if let Some(action) = pending {
                    self.act(action);
                }
            }
            Command::CancelPending => {
                if let Screen::Run(run) = &mut self.screen {
                    run.pending_confirm = None;
                }
            }
            Command::TogglePause => {
                if let Screen::Run(run) = &mut self.screen
                    && run.mode == Mode::Practice
                {
                    run.paused = !run.paused;
                }
            }
            Command::SetSpeed(speed) => {
                if let Screen::Run(run) = &mut self.screen
                    && run.mode == Mode::Practice
                {
                    run.speed = speed;
                }
            }
            Command::EndRun => self.end_run(),
            Command::SetTheme(theme) => self.prefs.theme = theme,
            Command::SetTrendWindow(window) => self.prefs.trend_window = window,
            Command::ToggleHelp => self.show_help = !self.show_help,
            Command::ToggleBriefing => {
                if let Screen::Run(run) = &mut self.screen {
                    run.show_briefing = !run.show_briefing;
                }
            }
            Command::Start {
                scenario,
                path,
                seed,
            } => {
                if path.is_some() {
                    self.prefs.last_scenario = path.clone();
                }
                self.start_run(scenario, seed, path);
            }
            Command::FolderChanged(folder) => self.prefs.scenario_folder = folder,
            Command::Again => {
                let again = match &self.screen {
                    Screen::Debrief(d) => Some((d.session.scenario().clone(), d.session.seed())),
                    _ => None,
                };
                if let Some((scenario, seed)) = again {
                    let path = self.prefs.last_scenario.clone();
                    self.start_run(scenario, seed, path);
                }
            }
            Command::ToStart => {
                self.interrupted = self.records.interrupted();
                self.screen = Screen::Start(StartState::new(
                    &self.prefs.scenario_folder,
                    self.prefs.last_scenario.as_deref(),
                ));
            }
            Command::OpenRecords => self.open_records(),
            Command::Browser(cmd) => self.apply_browser(cmd),
            Command::OpenExamSetup => {
                let picker = StartState::new(
                    &self.prefs.scenario_folder,
                    self.prefs.last_scenario.as_deref(),
                );
                let mut setup = ExamSetupState::new(picker);
                setup.record_folder = self.records.folder().map(Path::to_path_buf);
                self.screen = Screen::ExamSetup(Box::new(setup));
            }
            Command::ExamSetup(ExamSetupCommand::Cancel) => self.apply(Command::ToStart),
            Command::ExamSetup(ExamSetupCommand::Start {
                scenario,
                path,
                seed,
                info,
            }) => {
                if let Err(e) = self.start_exam(scenario, Some(path.clone()), seed, info) {
                    if let Screen::ExamSetup(setup) = &mut self.screen {
                        setup.error = Some(format!("The exam cannot start: {e}"));
                    }
                } else {
                    self.prefs.last_scenario = Some(path);
                }
            }
            Command::Instructor(cmd) => self.instruct(cmd),
            Command::ToggleConsole => {
                if let Screen::Run(run) = &mut self.screen {
                    run.console_open = !run.console_open;
                }
            }
            Command::UnlockReport(pin) => {
                let screen = std::mem::replace(
                    &mut self.screen,
                    Screen::Start(StartState::new(&self.prefs.scenario_folder, None)),
                );
                self.screen = match screen {
                    Screen::ExamDone(mut done) => {
                        if done.info.pin.matches(&pin) {
                            Screen::Debrief(Box::new(done.debrief))
                        } else {
                            done.wrong_pin = true;
                            Screen::ExamDone(done)
                        }
                    }
                    other => other,
                };
            }
            Command::ContinueInterrupted(i) => self.continue_interrupted(i),
            Command::DismissInterrupted(i) => {
                if i < self.interrupted.len() {
                    self.interrupted.remove(i);
                }
            }
            Command::SetRecordFolder(folder) => {
                self.prefs.record_folder = Some(folder.clone());
                let key_file = match &self.records {
                    RecordTarget::Folder { key_file, .. } => key_file.clone(),
                    RecordTarget::Off => None,
                };
                self.set_record_target(RecordTarget::Folder { folder, key_file });
            }
            Command::DismissNotice => self.notice = None,
        }
    }

    /// A practice run from the browser's cursor. When attempts are recorded, the branch is
    /// a new practice record: the original's scenario text, seed and actions up to the
    /// cursor, replayed into it, then whatever the trainee does next. Otherwise (or if the
    /// record cannot be started) the branch runs unrecorded from the cursor's session.
    fn branch(records: &RecordTarget, rec: &browser_record::OpenRecord) -> RunState {
        let header = rec.recovered.header();
        let info = perfsim_core::record::AttemptInfo {
            candidate_id: header.candidate_id.clone(),
            facilitator: header.facilitator.clone(),
            mode: Mode::Practice,
            started_at_utc: String::new(),
        };
        let recorded = records
            .start_with_text(
                rec.at_cursor.scenario().clone(),
                &header.scenario_text,
                header.seed,
                info,
            )
            .and_then(|attempt| {
                let mut driver = Driver::Recorded(Box::new(attempt));
                driver.run_script(&rec.actions, rec.cursor)?;
                Ok(driver)
            });
        match recorded {
            Ok(driver) if driver.session().tick() == rec.at_cursor.tick() => {
                RunState::new(driver, Mode::Practice, None)
            }
            _ => RunState::from_session(rec.at_cursor.clone(), None),
        }
    }

    /// Does a record-browser command; a branch becomes a paused practice run.
    fn apply_browser(&mut self, command: BrowserCommand) {
        let Screen::Browser(state) = &mut self.screen else {
            return;
        };
        match state.apply(command) {
            Some(BrowserCommand::Branch) => {
                let Some(rec) = &state.open else {
                    return;
                };
                let mut run = Self::branch(&self.records, rec);
                run.paused = true;
                self.screen = Screen::Run(Box::new(run));
            }
            Some(BrowserCommand::ToStart) => self.apply(Command::ToStart),
            _ => {}
        }
    }

    fn continue_interrupted(&mut self, index: usize) {
        let Some(recovered) = self.interrupted.get(index) else {
            return;
        };
        let header = recovered.header().clone();
        let exam = match header.mode {
            Mode::Practice => None,
            Mode::Exam => match exam::PinHash::new(&self.interrupted_pin) {
                Some(pin) => Some(ExamInfo {
                    candidate_id: header.candidate_id.clone(),
                    facilitator: header.facilitator.clone(),
                    pin,
                }),
                None => {
                    self.notice = Some(format!(
                        "To continue an exam, the facilitator first enters a PIN of at least {} digits.",
                        exam::PIN_MIN_DIGITS
                    ));
                    return;
                }
            },
        };
        match self.records.continue_interrupted(recovered) {
            Ok(attempt) => {
                self.interrupted.remove(index);
                self.interrupted_pin.clear();
                self.notice = None;
                let mut run = RunState::new(Driver::Recorded(Box::new(attempt)), header.mode, None);
                run.exam = exam;
                run.update_markers();
                self.screen = Screen::Run(Box::new(run));
            }
            Err(e) => self.notice = Some(format!("Cannot continue the attempt: {e}")),
        }
    }

    /// Applies a command from the instructor console.
    fn instruct(&mut self, command: InstructorCommand) {
        let Screen::Run(run) = &mut self.screen else {
            return;
        };
        let tick = run.session().tick();
        match command {
            InstructorCommand::Act(action) => {
                run.instructor.last_error = run.driver.act(Actor::Instructor, action).err();
            }
            InstructorCommand::Freeze(frozen) => {
                if run.frozen != frozen {
                    run.frozen = frozen;
                    run.instructor.last_error = run.driver.freeze(frozen).err();
                }
            }
            InstructorCommand::Note(text) => {
                run.instructor.last_error = run.driver.note(&text).err();
                run.instructor.notes.push((tick, text));
            }
            InstructorCommand::Unlock(pin) => {
                let ok = run.exam.as_ref().is_none_or(|e| e.pin.matches(&pin));
                run.instructor.unlocked = ok;
                run.instructor.wrong_pin = !ok;
            }
            InstructorCommand::Lock => run.instructor.unlocked = false,
            InstructorCommand::EndRun => self.end_run(),
            InstructorCommand::Close => run.console_open = false,
        }
    }

    fn act(&mut self, action: Action) {
        let Screen::Run(run) = &mut self.screen else {
            return;
        };
        if let Err(e) = run.driver.act(Actor::Trainee, action) {
            run.messages.push((run.session().tick(), e));
        }
    }
}

/// The instructor console in its own native window, or embedded where the backend
/// cannot open one.
fn instructor_window(
    ctx: &egui::Context,
    run: &mut RunState,
    position: Option<egui::Pos2>,
    palette: &Palette,
    commands: &mut Vec<Command>,
) {
    let RunState {
        driver,
        mode,
        exam,
        frozen,
        instructor,
        ..
    } = run;
    let view = InstructorView {
        session: driver.session(),
        frozen: *frozen,
        pin_required: *mode == Mode::Exam,
        record: driver.record_path(),
        candidate: exam.as_ref().map_or("", |e| e.candidate_id.as_str()),
    };
    let mut builder = egui::ViewportBuilder::default()
        .with_title(instructor::names::TITLE)
        .with_inner_size([760.0, 560.0]);
    if let Some(p) = position {
        builder = builder.with_position(p);
    }
    let out = ctx.show_viewport_immediate(
        egui::ViewportId::from_hash_of("instructor_console"),
        builder,
        |ui, class| {
            let mut out = match class {
                egui::ViewportClass::EmbeddedWindow => {
                    instructor::instructor_ui(ui, instructor, view, palette)
                }
                _ => {
                    egui::CentralPanel::default_margins()
                        .show(ui, |ui| {
                            instructor::instructor_ui(ui, instructor, view, palette)
                        })
                        .inner
                }
            };
            if ui.ctx().input(|i| i.viewport().close_requested()) {
                out.push(InstructorCommand::Close);
            }
            out
        },
    );
    commands.extend(out.into_iter().map(Command::Instructor));
}

/// What the start screen's record section shows.
struct RecordsView<'a> {
    records: &'a RecordTarget,
    interrupted: &'a [Recovered],
    notice: Option<&'a str>,
}

/// The record folder, interrupted attempts to continue, and any notice.
fn records_ui(
    ui: &mut egui::Ui,
    view: &RecordsView<'_>,
    pin: &mut String,
    folder_edit: &mut String,
    palette: &Palette,
    commands: &mut Vec<Command>,
) {
    let RecordsView {
        records,
        interrupted,
        notice,
    } = view;
    if let Some(text) = notice {
        ui.horizontal(|ui| {
            ui.label(RichText::new(*text).strong().color(palette.message_warning));
            if ui.small_button("OK").clicked() {
                commands.push(Command::DismissNotice);
            }
        });
    }
    ui.horizontal(|ui| {
        let l = ui.label("Record folder");
        ui.add(egui::TextEdit::singleline(folder_edit).desired_width(320.0))
            .labelled_by(l.id);
        if ui.button("Use").clicked() && !folder_edit.trim().is_empty() {
            commands.push(Command::SetRecordFolder(PathBuf::from(folder_edit.trim())));
        }
        if **records == RecordTarget::Off {
            ui.label(RichText::new("Attempts are not being recorded.").weak());
        }
    });
    if interrupted.is_empty() {
        return;
    }
    ui.group(|ui| {
        ui.label(RichText::new("Interrupted attempts").strong());
        ui.label("These attempts stopped without an end (a crash, a power cut). Continue one from where its record stops, or dismiss it (the file stays).");
        let any_exam = interrupted.iter().any(|r| r.header().mode == Mode::Exam);
        if any_exam {
            ui.horizontal(|ui| {
                let l = ui.label("New facilitator PIN (to continue an exam)");
                ui.add(egui::TextEdit::singleline(pin).password(true).desired_width(100.0))
                    .labelled_by(l.id);
            });
        }
        for (i, r) in interrupted.iter().enumerate() {
            let h = r.header();
            let file = r
                .path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            ui.horizontal(|ui| {
                let who = if h.candidate_id.is_empty() {
                    String::new()
                } else {
                    format!(" · candidate {}", h.candidate_id)
                };
                ui.label(format!(
                    "{file} · {} · {}{who} · stopped at {}",
                    h.scenario_name,
                    h.mode.label(),
                    clock_label(r.last_tick())
                ));
                if ui.button("Continue").clicked() {
                    commands.push(Command::ContinueInterrupted(i));
                }
                if ui.button("Dismiss").clicked() {
                    commands.push(Command::DismissInterrupted(i));
                }
            });
        }
    });
    ui.separator();
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

/// Keyboard shortcuts, as the help window lists them.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Space", "Pause / resume (practice)"),
    ("S", "Stop the pump"),
    ("A", "Acknowledge alarms"),
    ("F", "FiO2 100 %"),
    ("C", "Arterial clamp on / off"),
    ("V", "Venous clamp on / off"),
    ("↑ / ↓", "Pump flow ±0.1 L/min (centrifugal: ±50 rpm)"),
    ("G", "Send a blood gas"),
    ("T", "Send an ACT"),
    ("F1 / H", "This help"),
    ("Ctrl + / Ctrl −", "Larger / smaller (large screens)"),
];

fn shortcut_commands(ctx: &egui::Context, run: &RunState) -> Vec<Command> {
    if ctx.egui_wants_keyboard_input() || run.pending_confirm.is_some() {
        return Vec::new();
    }
    let settings = run.session().sim().settings();
    let mut out = Vec::new();
    ctx.input(|i| {
        let pressed = |k: Key| i.key_pressed(k) && i.modifiers.is_none();
        if pressed(Key::Space) && run.mode == Mode::Practice {
            out.push(Command::TogglePause);
        }
        if pressed(Key::S) {
            out.push(Command::Act(Action::PumpStop));
        }
        if pressed(Key::A) {
            out.push(Command::Act(Action::AcknowledgeAlarms));
        }
        if pressed(Key::F) {
            out.push(Command::Act(Action::SetFio2 { fio2: 1.0 }));
        }
        if pressed(Key::C) {
            out.push(Command::Act(Action::ClampArterial {
                closed: !settings.arterial_clamped,
            }));
        }
        if pressed(Key::V) {
            out.push(Command::Act(Action::ClampVenous {
                closed: settings.venous_occlusion_pct < 100.0,
            }));
        }
        for (key, sign) in [(Key::ArrowUp, 1.0), (Key::ArrowDown, -1.0)] {
            if pressed(key) {
                out.push(Command::Act(match settings.pump_kind {
                    PumpKind::Roller => Action::SetPumpFlow {
                        flow_l_per_min: (settings.pump_flow_set_l_min + 0.1 * sign).clamp(0.0, 7.0),
                    },
                    PumpKind::Centrifugal => Action::SetPumpRpm {
                        rpm: (settings.pump_rpm_set + 50.0 * sign).clamp(0.0, 4000.0),
                    },
                }));
            }
        }
        if pressed(Key::G) {
            out.push(Command::Act(Action::RequestLab {
                lab: LabKind::BloodGas,
            }));
        }
        if pressed(Key::T) {
            out.push(Command::Act(Action::RequestLab { lab: LabKind::Act }));
        }
        if pressed(Key::F1) || pressed(Key::H) {
            out.push(Command::ToggleHelp);
        }
    });
    out
}

/// Theme and help buttons, right-aligned.
fn top_right_prefs_ui(ui: &mut egui::Ui, prefs: &Prefs, commands: &mut Vec<Command>) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        if ui.button("Help (F1)").clicked() {
            commands.push(Command::ToggleHelp);
        }
        let (next, label) = match prefs.theme {
            ThemeChoice::Dark => (ThemeChoice::Light, "Light theme"),
            ThemeChoice::Light => (ThemeChoice::Dark, "Dark theme"),
        };
        if ui.button(label).clicked() {
            commands.push(Command::SetTheme(next));
        }
    });
}

fn run_ui(
    ui: &mut egui::Ui,
    run: &mut RunState,
    prefs: &Prefs,
    palette: &Palette,
    commands: &mut Vec<Command>,
) {
    commands.extend(shortcut_commands(ui.ctx(), run));
    let RunState {
        driver,
        mode,
        exam,
        frozen,
        instructor: _,
        console_open: _,
        record_error,
        last_beat_ns: _,
        path: _,
        stepper: _,
        speed,
        paused,
        trends,
        controls,
        pending_confirm,
        messages,
        show_briefing,
        markers,
        marked: _,
    } = run;
    let session = driver.session();
    let exam_mode = *mode == Mode::Exam;
    let sim = session.sim();
    let tick = session.tick();
    let settings = sim.settings();
    let scenario = session.scenario();

    egui::Panel::top("run_top").show(ui, |ui| {
        ui.horizontal(|ui| {
            match exam {
                Some(e) if exam_mode => ui.label(
                    RichText::new(format!("perfsim · exam · candidate {}", e.candidate_id))
                        .strong(),
                ),
                _ => ui.label(RichText::new("perfsim · practice").strong()),
            };
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "{} / {}",
                    clock_label(tick),
                    clock_label(scenario.duration_ticks)
                ))
                .monospace()
                .size(18.0),
            );
            if !exam_mode {
                let pause_label = if *paused {
                    "Resume (Space)"
                } else {
                    "Pause (Space)"
                };
                if ui.button(pause_label).clicked() {
                    commands.push(Command::TogglePause);
                }
                if *paused {
                    ui.label(
                        RichText::new("PAUSED")
                            .strong()
                            .color(palette.value_caution),
                    );
                }
                for s in Speed::ALL {
                    if ui.selectable_label(*speed == s, s.label()).clicked() {
                        commands.push(Command::SetSpeed(s));
                    }
                }
            }
            if *frozen {
                ui.label(
                    RichText::new("Paused by the facilitator")
                        .strong()
                        .color(palette.value_caution),
                );
            }
            ui.separator();
            ui.label("Trends");
            for w in TrendWindow::ALL {
                if ui
                    .selectable_label(prefs.trend_window == w, w.label())
                    .clicked()
                {
                    commands.push(Command::SetTrendWindow(w));
                }
            }
            ui.separator();
            if ui.button("Briefing").clicked() {
                commands.push(Command::ToggleBriefing);
            }
            if !exam_mode && ui.button("End run").clicked() {
                commands.push(Command::EndRun);
            }
            if ui.button(instructor::names::OPEN).clicked() {
                commands.push(Command::ToggleConsole);
            }
            top_right_prefs_ui(ui, prefs, commands);
        });
    });

    egui::Panel::top("run_alarms").show(ui, |ui| {
        if alarms::alarms_ui(
            ui,
            sim.alarms_active(),
            sim.alarms_unacknowledged(),
            palette,
        )
        .is_some()
        {
            commands.push(Command::Act(Action::AcknowledgeAlarms));
        }
        if let Some((proc_, end)) = sim.procedure() {
            ui.label(
                RichText::new(format!(
                    "{proc_:?} under way, {} left",
                    clock_label(end.saturating_sub(tick))
                ))
                .color(palette.value_caution),
            );
        }
        if let Some(e) = record_error {
            ui.label(RichText::new(e.as_str()).color(palette.message_warning));
        }
        let now_s = secs_from_tick(tick);
        let hints = if exam_mode {
            &[][..]
        } else {
            &scenario.hints[..]
        };
        if let Some(hint) = hints.iter().rev().find(|h| h.at_s <= now_s) {
            ui.label(RichText::new(format!("Hint: {}", hint.text)).italics());
        }
    });

    egui::Panel::right("run_controls")
        .default_size(350.0)
        .min_size(300.0)
        .resizable(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                if let Some(cmd) = controls::controls_ui(ui, controls, &settings) {
                    commands.push(match cmd {
                        ControlCommand::Act(a) => Command::Act(a),
                        ControlCommand::Bolus { drug, dose } => Command::Bolus { drug, dose },
                    });
                }
            });
        });

    egui::CentralPanel::default_margins().show(ui, |ui| {
        let layout = patient_view::RowLayout {
            height_share: 0.36,
            min_height: 150.0,
            max_height: 260.0,
            circuit_share: 0.55,
            circuit_min_width: 380.0,
        };
        patient_view::patient_view_ui(ui, sim, scenario, tick, layout, palette, |ui, row_h| {
            ui.set_height(row_h);
            ui.vertical(|ui| {
                ui.label(RichText::new("Labs").strong());
                egui::ScrollArea::vertical()
                    .id_salt("labs_scroll")
                    .max_height(row_h * 0.42)
                    .auto_shrink([false, true])
                    .show(ui, |ui| labs::labs_ui(ui, sim.labs(), tick, palette));
                ui.separator();
                ui.label(RichText::new("Console log").strong());
                let lines = feed::feed_lines(session.log(), session.events(), messages, 40);
                egui::ScrollArea::vertical()
                    .id_salt("feed_scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| feed::feed_ui(ui, &lines, palette));
            });
        });
        ui.separator();
        trends::trends_ui(
            ui,
            "run_trends",
            trends,
            TrendView {
                now_min: secs_from_tick(tick) / 60.0,
                window_secs: Some(prefs.trend_window.secs()),
            },
            markers,
            palette,
        );
    });

    if let Some(action) = pending_confirm {
        let warning = match action {
            Action::DrugBolus {
                drug: Drug::Protamine,
                ..
            } => "Protamine reverses heparin. Given on bypass, the circuit can clot.",
            _ => "This is a large dose.",
        };
        let modal = egui::Modal::new(egui::Id::unique("confirm_dose")).show(ui.ctx(), |ui| {
            ui.heading("Confirm dose");
            ui.label(RichText::new(action.describe()).strong().size(18.0));
            ui.label(warning);
            ui.horizontal(|ui| {
                if ui.button("Give now").clicked() {
                    commands.push(Command::ConfirmPending);
                }
                if ui.button("Cancel").clicked() {
                    commands.push(Command::CancelPending);
                }
            });
        });
        if modal.should_close() {
            commands.push(Command::CancelPending);
        }
    }

    if *show_briefing {
        let mut open = true;
        egui::Window::new("Briefing")
            .open(&mut open)
            .default_width(420.0)
            .show(ui.ctx(), |ui| {
                ui.label(&scenario.briefing);
            });
        if !open {
            commands.push(Command::ToggleBriefing);
        }
    }
}

#[cfg(test)]
mod tests {

    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::test_util::{advance, harness, scenarios_dir, session};
    use super::*;
    use perfsim_core::action::Drug;
    use perfsim_core::model::faults::FaultKind;

    fn baseline_text() -> String {
        std::fs::read_to_string(scenarios_dir().join("baseline.ron")).unwrap_or_default()
    }

    /// The baseline with a fault that starts 20 s in, and a chosen length.
    fn scenario_with_fault(kind: FaultKind, duration_s: u32) -> Arc<Scenario> {
        let text = baseline_text()
            .replace(
                "duration_s: 3600,",
                &format!(
                    "duration_s: {duration_s},\n    faults: [(kind: {kind:?}, onset: AtSecs(20), ramp_s: 30, severity: 0.8)],"
                ),
            );
        match Scenario::parse("test", &text) {
            Ok(s) => Arc::new(s),
            Err(e) => panic!("test scenario: {e}"),
        }
    }

    fn app_on_start_screen() -> App {
        let prefs = Prefs {
            scenario_folder: scenarios_dir(),
            ..Prefs::default()
        };
        App::new(prefs, Clock::mock())
    }

    fn logged(h: &Harness<'_, App>, f: impl Fn(&Action) -> bool) -> bool {
        session(h).log().iter().any(|a| f(&a.action))
    }

    #[test]
    fn start_change_settings_give_drug_request_lab() {
        let mut h = harness(app_on_start_screen());
        h.run();
        h.get_by_label_contains("Baseline: stable full bypass")
            .click();
        h.run();
        h.get_by_label(start::START_LABEL).click();
        h.run();
        assert!(h.state().run_state().is_some(), "the run did not start");
        assert_eq!(session(&h).scenario().name, "Baseline: stable full bypass");
        // The clock starts counting on the first frame; one simulated second passes.
        advance(&mut h, 1);
        assert_eq!(session(&h).tick(), 10);

        h.get_by_role_and_label(Role::SpinButton, controls::names::FLOW)
            .set_value_accesskit(3.9);
        h.get_by_role_and_label(Role::SpinButton, controls::names::SWEEP)
            .set_value_accesskit(3.0);
        h.run();
        h.get_by_role_and_label(Role::SpinButton, controls::names::FIO2)
            .set_value_accesskit(80.0);
        h.run();
        let settings = session(&h).sim().settings();
        assert!((settings.pump_flow_set_l_min - 3.9).abs() < 1e-9);
        assert!((settings.sweep_l_min - 3.0).abs() < 1e-9);
        assert!((settings.fio2 - 0.8).abs() < 1e-9);
        assert!(logged(
            &h,
            |a| matches!(a, Action::SetPumpFlow { flow_l_per_min } if (*flow_l_per_min - 3.9).abs() < 1e-9)
        ));
        assert!(logged(&h, |a| matches!(a, Action::SetSweep { .. })));
        assert!(logged(&h, |a| matches!(a, Action::SetFio2 { .. })));
        // The model follows the new flow within a few seconds.
        advance(&mut h, 5);
        assert!((session(&h).sim().snapshot().pump_flow_l_min - 3.9).abs() < 0.05);

        // A phenylephrine bolus below the confirmation threshold goes straight in.
        h.get_by_label(controls::names::GIVE_BOLUS).click();
        h.run();
        assert!(logged(&h, |a| matches!(
            a,
            Action::DrugBolus { drug: Drug::Phenylephrine, dose } if *dose == 100.0
        )));

        // Protamine always asks first; nothing is logged until the trainee confirms.
        if let Screen::Run(run) = &mut h.state_mut().screen {
            run.controls.bolus_drug = Drug::Protamine;
            run.controls.bolus_dose = 30.0;
        }
        h.run();
        h.get_by_label(controls::names::GIVE_BOLUS).click();
        h.run();
        assert!(!logged(&h, |a| matches!(
            a,
            Action::DrugBolus {
                drug: Drug::Protamine,
                ..
            }
        )));
        h.get_by_label("Give now").click();
        h.run();
        assert!(logged(&h, |a| matches!(
            a,
            Action::DrugBolus {
                drug: Drug::Protamine,
                ..
            }
        )));

        // An ACT: pending first, then a value on the monitors after its turnaround.
        h.get_by_label("Send ACT").click();
        h.run();
        assert!(logged(&h, |a| matches!(
            a,
            Action::RequestLab { lab: LabKind::Act }
        )));
        assert_eq!(session(&h).sim().labs().len(), 1);
        assert!(h.query_by_label_contains("pending, result in").is_some());
        assert!(
            h.query_by_label_contains("s @").is_none(),
            "ACT shown before it was measured"
        );
        advance(&mut h, LabKind::Act.turnaround_secs() + 1);
        assert!(
            h.query_by_label_contains("s @").is_some(),
            "no ACT readout after the result"
        );
    }

    #[test]
    fn a_paused_run_does_not_advance_and_resumes_without_a_jump() {
        let mut app = app_on_start_screen();
        app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
        let mut h = harness(app);
        advance(&mut h, 2);
        let before = session(&h).tick();
        assert_eq!(before, 20);
        h.get_by_label("Pause (Space)").click();
        h.run();
        advance(&mut h, 30);
        assert_eq!(session(&h).tick(), before, "the paused run advanced");
        // Paused, the window asks for no repaint: it stays idle.
        let root = &h.output().viewport_output[&egui::ViewportId::ROOT];
        assert!(root.repaint_delay > Duration::from_secs(3600));
        // Space resumes; the 30 paused seconds are not stepped.
        h.key_press(Key::Space);
        h.run();
        advance(&mut h, 1);
        assert_eq!(session(&h).tick(), before + 10);
        // Faster speeds step more ticks per wall second.
        h.get_by_label("10×").click();
        h.run();
        advance(&mut h, 1);
        assert_eq!(session(&h).tick(), before + 110);
    }

    #[test]
    fn shortcuts_act_through_the_log() {
        let mut app = app_on_start_screen();
        app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
        let mut h = harness(app);
        h.run();
        h.key_press(Key::F);
        h.key_press(Key::S);
        h.run();
        assert!(logged(&h, |a| *a == Action::SetFio2 { fio2: 1.0 }));
        assert!(logged(&h, |a| *a == Action::PumpStop));
        assert!(!session(&h).sim().settings().pump_running);
    }

    #[test]
    fn shortcuts_work_after_a_click_and_never_repeat_the_clicked_button() {
        let mut app = app_on_start_screen();
        app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
        let mut h = harness(app);
        h.run();
        h.get_by_label(controls::names::GIVE_BOLUS).click();
        h.run();
        h.key_press(Key::Space);
        h.run();
        h.key_press(Key::A);
        h.run();
        let boluses = session(&h)
            .log()
            .iter()
            .filter(|a| matches!(a.action, Action::DrugBolus { .. }))
            .count();
        assert_eq!(boluses, 1, "Space clicked the focused button again");
        assert!(
            h.state().run_state().is_some_and(|r| r.paused),
            "Space did not pause"
        );
        assert!(logged(&h, |a| *a == Action::AcknowledgeAlarms));
    }

    #[test]
    fn a_refused_action_tells_the_trainee_why() {
        let mut app = app_on_start_screen();
        app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
        let mut h = harness(app);
        h.run();
        assert!(h.query_by_label_contains("Not done").is_none());
        h.get_by_label("Procedures and team").click();
        h.run();
        // De-airing needs the pump stopped; the model refuses and says so.
        h.get_by_label("De-air arterial line").click();
        h.run();
        assert!(logged(&h, |a| *a == Action::DeairArterialLine));
        assert!(
            h.query_by_label_contains("Not done: stop the pump")
                .is_some()
        );
    }

    #[test]
    fn no_fault_name_before_the_debrief_and_the_debrief_after_the_end() {
        for kind in [
            FaultKind::MembraneFailure,
            FaultKind::Vasoplegia,
            FaultKind::AirEntry,
        ] {
            let mut app = app_on_start_screen();
            app.start_run(scenario_with_fault(kind, 240), 7, None);
            let mut h = harness(app);
            h.run();
            // Open every control group, send labs, and play past the fault's onset.
            for header in ["Fluids and cardioplegia", "Procedures and team"] {
                h.get_by_label(header).click();
            }
            h.run();
            h.get_by_label("Send Blood gas").click();
            h.run();
            h.get_by_label("Briefing").click();
            h.run();
            for _ in 0..12 {
                advance(&mut h, 15);
                assert!(!h.state().is_debrief());
                for fault in FaultKind::ALL {
                    assert!(
                        h.query_by_label_contains(fault.label()).is_none(),
                        "{} visible to the trainee",
                        fault.label()
                    );
                }
                assert!(h.query_by_label_contains("clot burden").is_none());
                assert!(h.query_by_label_contains("Antithrombin %").is_none());
            }
            assert!(
                session(&h).events().iter().any(|e| matches!(
                    e.event,
                    perfsim_core::model::events::Event::FaultOnset { .. }
                )),
                "the fault never started, so the check above proved nothing"
            );
            // The run ends by time: the debrief shows, and there the fault is named.
            advance(&mut h, 60);
            assert!(h.state().is_debrief(), "no debrief after the run ended");
            assert!(h.query_by_label(debrief::NO_RUBRIC).is_some());
            assert!(
                h.query_by_label_contains(kind.label()).is_some(),
                "the debrief hides the fault"
            );
            assert!(
                h.query_by_label_contains("Target flow is CI").is_some(),
                "no teaching points"
            );
        }
    }

    /// Practice shows a scenario's hints once their time has come (exams never do: see
    /// `exam.rs`).
    #[test]
    fn practice_shows_hints_when_their_time_comes() {
        let path = scenarios_dir().join("oxygenator_failure.ron");
        let scenario = match Scenario::load(&path) {
            Ok(s) => Arc::new(s),
            Err(e) => panic!("{e}"),
        };
        let Some(first) = scenario.hints.first().cloned() else {
            panic!("the scenario has hints");
        };
        let mut app = app_on_start_screen();
        app.start_run(scenario, 1, Some(path));
        let mut h = harness(app);
        h.run();
        advance(&mut h, 1);
        assert!(
            h.query_by_label_contains("Hint:").is_none(),
            "no hint at the start"
        );
        if let Screen::Run(run) = &mut h.state_mut().screen {
            run.speed = Speed::X10;
        }
        let secs = first.at_s as u64 / 10 + 2;
        for _ in 0..secs {
            advance(&mut h, 1);
        }
        assert!(
            h.query_by_label_contains(&first.text).is_some(),
            "the hint at {} s is not shown at {} s",
            first.at_s,
            session(&h).tick() / 10
        );
    }

    /// The shipped files are named for their emergency: the picker shows each scenario's
    /// title, description and briefing, never its file name.
    #[test]
    fn the_scenario_picker_never_shows_a_file_name() {
        let paths = perfsim_core::scenario::list_folder(&scenarios_dir());
        let mut h = harness(app_on_start_screen());
        h.run();
        for path in &paths {
            let Ok(scenario) = Scenario::load(path) else {
                panic!("{}", path.display());
            };
            // The list entry (the detail pane repeats the title once selected).
            let Some(entry) = h.query_all_by_label_contains(&scenario.name).next() else {
                panic!("{} not listed", scenario.name);
            };
            entry.click();
            h.run();
            assert!(h.query_by_label_contains(&scenario.briefing).is_some());
            for other in &paths {
                let stem = other.file_stem().map(|f| f.to_string_lossy().into_owned());
                let stem = stem.unwrap_or_default();
                assert!(
                    h.query_by_label_contains(&stem).is_none(),
                    "{stem} visible on the start screen"
                );
            }
        }
    }

    /// Every shipped scenario, played untouched for up to 25 minutes: no fault name, no
    /// hidden signal and no debrief text on the trainee's screens.
    #[test]
    fn shipped_scenarios_never_name_their_fault_during_the_run() {
        let paths = perfsim_core::scenario::list_folder(&scenarios_dir());
        assert!(!paths.is_empty());
        for path in paths {
            let scenario = match Scenario::load(&path) {
                Ok(s) => Arc::new(s),
                Err(e) => panic!("{e}"),
            };
            let mut app = app_on_start_screen();
            app.start_run(scenario.clone(), 1, Some(path.clone()));
            let mut h = harness(app);
            h.run();
            for header in ["Fluids and cardioplegia", "Procedures and team"] {
                h.get_by_label(header).click();
            }
            h.get_by_label("Send Blood gas").click();
            h.run();
            let end_s = (scenario.duration_ticks / perfsim_core::time::TICKS_PER_SEC)
                .saturating_sub(20)
                .min(1500);
            let mut t = 0;
            while t + 20 <= end_s {
                advance(&mut h, 20);
                t += 20;
                for fault in FaultKind::ALL {
                    assert!(
                        h.query_by_label_contains(fault.label()).is_none(),
                        "{}: {} visible at {t} s",
                        path.display(),
                        fault.label()
                    );
                }
                for point in &scenario.debrief {
                    assert!(
                        h.query_by_label_contains(point).is_none(),
                        "{}: debrief text visible at {t} s",
                        path.display()
                    );
                }
                assert!(h.query_by_label_contains("clot burden").is_none());
            }
        }
    }

    /// An emergency left untreated to its end: the debrief shows the scoring report.
    #[test]
    fn the_debrief_shows_the_score_of_an_untreated_emergency() {
        let path = scenarios_dir().join("oxygenator_failure.ron");
        let scenario = match Scenario::load(&path) {
            Ok(s) => Arc::new(s),
            Err(e) => panic!("{e}"),
        };
        let mut app = app_on_start_screen();
        app.start_run(scenario.clone(), 1, Some(path));
        let mut h = harness(app);
        h.run();
        h.get_by_label("10×").click();
        h.run();
        let mut guard = 0;
        while !h.state().is_debrief() && guard < 100 {
            advance(&mut h, 20);
            guard += 1;
        }
        assert!(h.state().is_debrief(), "no debrief after the run ended");
        let Screen::Debrief(d) = &h.state().screen else {
            panic!("not the debrief");
        };
        let Some(report) = d.report.clone() else {
            panic!("no report for a scenario with a rubric");
        };
        assert!(!report.passed, "an untreated emergency passed");
        assert!(
            h.query_by_label(&format!("Score {:.0} %", report.score_pct))
                .is_some()
        );
        assert!(h.query_by_label("FAILED").is_some());
        assert!(
            !h.query_all_by_label("missed")
                .collect::<Vec<_>>()
                .is_empty()
        );
        assert!(h.query_by_label(debrief::NO_RUBRIC).is_none());
    }

    #[test]
    fn ending_the_run_early_opens_the_debrief_and_run_again_restarts() {
        let mut app = app_on_start_screen();
        app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
        let mut h = harness(app);
        advance(&mut h, 3);
        h.get_by_label("End run").click();
        h.run();
        assert!(h.state().is_debrief());
        assert_eq!(session(&h).tick(), 30);
        h.get_by_label("Run again").click();
        h.run();
        assert!(h.state().run_state().is_some());
        assert_eq!(session(&h).tick(), 0);
    }
}
