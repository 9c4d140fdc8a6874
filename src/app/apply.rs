//! [`App::apply`]: the one place the window carries out a [`Command`], changing the run
//! (through the session's `act`), the screen or the preferences.

use std::path::Path;

use perfsim_core::action::{Action, Actor};
use perfsim_core::record::{Entry, Mode};

use super::exam_info::{ExamInfo, PinHash};
use super::recorder;
use super::screens::Screen;
use super::screens::exam_setup::{ExamSetupCommand, ExamSetupState};
use super::screens::instructor::InstructorCommand;
use super::screens::instructor::pin_lock::PinOutcome;
use super::screens::records::{BrowserCommand, RecordView};
use super::screens::run::RunState;
use super::screens::start::StartState;
use super::{App, Command};
use perfsim_core::attempt::{Attempt, RecordTarget};

impl App {
    /// Does one command. The only place the window changes the run or the preferences.
    pub(super) fn apply(&mut self, command: Command) {
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
            Command::SetAlarmSound { volume, muted } => {
                self.prefs.alarm_volume = volume.clamp(0.0, 1.0);
                self.prefs.alarm_muted = muted;
            }
            Command::SetZoom(zoom) => self.prefs.zoom = zoom,
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
            // Records hold fault names, notes and scores, a live exam's included: only
            // the facilitator opens them, with the programme passphrase.
            // On a checking machine that holds only the programme's public key there is
            // no secret to ask for, and no exam runs there: the records open at once.
            Command::OpenRecords => {
                if super::records_gate::needs_passphrase(self.record_places.key_file.as_deref()) {
                    self.records_gate = Some(String::new());
                } else {
                    self.open_records();
                }
            }
            Command::CancelRecords => {
                self.records_gate = None;
                self.gated_record = None;
            }
            Command::SaveReport => {
                if let Screen::Debrief(d) = &self.screen
                    && let Some(report) = &d.report
                {
                    let html = perfsim_core::scoring::render_html::render(report);
                    if let Err(e) = super::files::save("perfsim-report.html", "text/html", &html) {
                        self.notice = Some(format!("The report was not saved: {e}"));
                    }
                }
            }
            Command::DownloadRecord => {
                if let Screen::Debrief(d) = &self.screen
                    && let Some((name, text)) = d.record_download()
                    && let Err(e) = super::files::save(&name, "application/jsonl", &text)
                {
                    self.notice = Some(format!("The record was not downloaded: {e}"));
                }
            }
            Command::PickFile(kind) => {
                if let Some(file) = self.files.pick(kind) {
                    self.open_file(file);
                }
            }
            Command::OpenRecordsWith(passphrase) => {
                self.records_gate = None;
                let source = perfsim_core::record::KeySource::from_env(
                    self.record_places.key_file.as_deref(),
                );
                match source.map(|s| s.unlock(&passphrase)) {
                    Ok(Ok(_key)) => match self.gated_record.take() {
                        Some(path) => self.open_record(&path),
                        None => self.open_records(),
                    },
                    Ok(Err(e)) => {
                        self.notice = Some(format!("The records stay closed: {e}"));
                    }
                    Err(e) => self.notice = Some(format!("The records stay closed: {e}")),
                }
            }
            Command::Browser(cmd) => self.apply_browser(cmd),
            Command::OpenExamSetup => {
                let picker = StartState::new(
                    &self.prefs.scenario_folder,
                    self.prefs.last_scenario.as_deref(),
                );
                let mut setup = ExamSetupState::new(picker);
                setup.kiosk = self.kiosk.requested;
                setup.record_folder = self.records.folder().map(Path::to_path_buf);
                self.screen = Screen::ExamSetup(Box::new(setup));
            }
            Command::ExamSetup(ExamSetupCommand::Cancel) => self.apply(Command::ToStart),
            Command::ExamSetup(ExamSetupCommand::Start {
                scenario,
                path,
                seed,
                info,
                passphrase,
                kiosk,
            }) => {
                let started = self
                    .unlock_programme_key(&passphrase)
                    .and_then(|()| self.start_exam(scenario, Some(path.clone()), seed, info));
                if let Err(e) = started {
                    if let Screen::ExamSetup(setup) = &mut self.screen {
                        setup.error = Some(format!("The exam cannot start: {e}"));
                    }
                } else {
                    self.prefs.last_scenario = Some(path);
                    self.kiosk.requested = kiosk;
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
                        let now_ns = self.clock.now_ns();
                        // The console's lockout: while locked out no PIN is checked.
                        let matches =
                            !done.pin_lock.locked_out(now_ns) && done.info.pin.matches(&pin);
                        let outcome = done.pin_lock.attempt(now_ns, matches);
                        if outcome == PinOutcome::Unlocked {
                            let mut debrief = done.debrief;
                            debrief.keep_record(done.record);
                            Screen::Debrief(Box::new(debrief))
                        } else {
                            done.pin_message = Some(outcome.message_for("report"));
                            if let PinOutcome::Wrong { .. } = outcome
                                && let Some(record) = &mut done.record
                            {
                                let entry = Entry::WrongPin {
                                    tick: done.final_tick,
                                };
                                if let Err(e) = record.append(&entry) {
                                    self.notice =
                                        Some(format!("The wrong PIN was not recorded: {e}"));
                                }
                            }
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
                let key_file = match &self.records {
                    RecordTarget::Folder { key_file, .. } => key_file.clone(),
                    RecordTarget::Off => None,
                    // The browser has no record folder: its records stay downloads.
                    RecordTarget::InMemory { .. } => return,
                };
                self.prefs.record_folder = Some(folder.clone());
                self.set_record_target(RecordTarget::Folder { folder, key_file });
            }
            Command::DismissNotice => self.notice = None,
        }
    }

    /// A practice run from the browser's cursor. When attempts are recorded, the branch is
    /// a new practice record: the original's scenario text, seed and actions up to the
    /// cursor, replayed into it, then whatever the trainee does next. Otherwise (or if the
    /// record cannot be started) the branch runs unrecorded from the cursor's session.
    fn branch(records: &RecordTarget, rec: &RecordView) -> RunState {
        let Some(header) = rec.recovered().map(|r| r.header()) else {
            return RunState::from_session(rec.at_cursor.clone(), None);
        };
        let info = perfsim_core::record::AttemptInfo {
            candidate_id: header.candidate_id.clone(),
            facilitator: header.facilitator.clone(),
            mode: Mode::Practice,
            started_at_utc: String::new(),
            pin: None,
        };
        let recorded = recorder::start_with_text(
            records,
            rec.at_cursor.scenario().clone(),
            &header.scenario_text,
            header.seed,
            info,
        )
        .ok()
        .and_then(|attempt| {
            let mut driver = Attempt::recorded(attempt);
            let replayed = driver.run_script(&rec.review.actions, rec.cursor, |_| {
                Ok::<(), std::convert::Infallible>(())
            });
            replayed.is_ok().then_some(driver)
        });
        match recorded {
            Some(driver) if driver.session().tick() == rec.at_cursor.tick() => {
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

    /// Continues an interrupted attempt. An exam needs its original facilitator: the
    /// PIN set at its start (hashed in the signed header) and the programme passphrase,
    /// which unlocks the key that signs the continuation.
    fn continue_interrupted(&mut self, index: usize) {
        // The typed secrets are used once, whatever comes of it.
        let typed_pin = std::mem::take(&mut self.interrupted_pin);
        let typed_passphrase = std::mem::take(&mut self.interrupted_passphrase);
        let Some(recovered) = self.interrupted.get(index) else {
            return;
        };
        let header = recovered.header().clone();
        let (exam, key) = match header.mode {
            Mode::Practice => (None, None),
            Mode::Exam => {
                let Some(pin) = header.pin.clone().map(PinHash::from_record) else {
                    self.notice = Some(
                        "This exam's record holds no facilitator PIN, so it cannot be continued here."
                            .into(),
                    );
                    return;
                };
                if !pin.matches(&typed_pin) {
                    self.notice = Some(format!(
                        "Only the exam's facilitator ({}) can continue it: enter the PIN set when it started.",
                        header.facilitator
                    ));
                    return;
                }
                let key = match recorder::unlock(&self.records, &typed_passphrase) {
                    Ok(k) => k,
                    Err(e) => {
                        self.notice = Some(format!("Cannot unlock the programme key: {e}"));
                        return;
                    }
                };
                let info = ExamInfo {
                    candidate_id: header.candidate_id.clone(),
                    facilitator: header.facilitator.clone(),
                    pin,
                };
                (Some(info), Some(key))
            }
        };
        let authorised_by = match header.mode {
            Mode::Exam => header.facilitator.clone(),
            Mode::Practice => "the trainee (practice)".to_string(),
        };
        let continued =
            recorder::continue_interrupted(&self.records, recovered, key.as_ref(), &authorised_by);
        match continued {
            Ok(attempt) => {
                self.interrupted.remove(index);
                self.notice = None;
                let mut run = RunState::new(Attempt::recorded(attempt), header.mode, None);
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
                let done = run.driver.act(Actor::Instructor, action);
                run.instructor.last_error = run.instructor_outcome(done);
            }
            InstructorCommand::Freeze(frozen) => {
                if run.frozen != frozen {
                    run.frozen = frozen;
                    let done = if frozen {
                        run.driver.pause()
                    } else {
                        run.driver.resume()
                    };
                    run.instructor.last_error = run.instructor_outcome(done);
                }
            }
            InstructorCommand::Note(text) => {
                let done = run.driver.note(&text);
                run.instructor.last_error = run.instructor_outcome(done);
                run.instructor.notes.push((tick, text));
            }
            InstructorCommand::Unlock(pin) => {
                let now_ns = self.clock.now_ns();
                // While locked out no PIN is checked (not even hashed).
                let matches = !run.instructor.pin_lock.locked_out(now_ns)
                    && run.exam.as_ref().is_none_or(|e| e.pin.matches(&pin));
                let outcome = run.instructor.pin_lock.attempt(now_ns, matches);
                let ok = outcome == PinOutcome::Unlocked;
                run.instructor.unlocked = ok;
                run.instructor.wrong_pin = !ok;
                run.instructor.pin_message = (!ok).then(|| outcome.message());
                if let PinOutcome::Wrong { .. } = outcome {
                    // Every wrong PIN goes into the record.
                    let done = run.driver.wrong_pin();
                    run.instructor.last_error = run.instructor_outcome(done);
                }
            }
            InstructorCommand::Lock => run.instructor.unlocked = false,
            InstructorCommand::EndRun => self.end_run(),
            // Closing the console locks it: reopening asks for the PIN again.
            InstructorCommand::Close => {
                run.console_open = false;
                run.instructor.unlocked = false;
                run.instructor.pin.clear();
            }
        }
    }

    fn act(&mut self, action: Action) {
        let Screen::Run(run) = &mut self.screen else {
            return;
        };
        run.act_as_trainee(action);
    }
}
