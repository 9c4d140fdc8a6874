//! Recording the window's attempts: a shim over the core's attempt driver
//! ([`perfsim_core::attempt`]) under the names the window uses. The edge's part lives
//! here: the wall clock (the start time in the header) and the OS random bytes of a new
//! programme key. Errors become sentences here, at the edge.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use perfsim_core::action::{Action, Actor, LoggedAction};
use perfsim_core::attempt::{self, Attempt};
use perfsim_core::record::{self, AttemptInfo, RecordedAttempt, Recovered};
use perfsim_core::scenario::Scenario;
use perfsim_core::session::Session;
use perfsim_core::time::Tick;

/// Where the window writes records, if anywhere (the window's name for
/// [`attempt::RecordTarget`], with the clock and the key's fresh bytes filled in).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum RecordTarget {
    /// Attempts are not recorded (tests, demos). Exams cannot start.
    #[default]
    Off,
    /// Records go to `folder`, signed with the key in `key_file` (or, when `None`,
    /// the key from `PERFSIM_KEY_FILE` or the user's data folder).
    Folder {
        /// The record folder.
        folder: PathBuf,
        /// The programme key file.
        key_file: Option<PathBuf>,
    },
}

impl From<&RecordTarget> for attempt::RecordTarget {
    fn from(t: &RecordTarget) -> Self {
        match t {
            RecordTarget::Off => attempt::RecordTarget::Off,
            RecordTarget::Folder { folder, key_file } => attempt::RecordTarget::Folder {
                folder: folder.clone(),
                key_file: key_file.clone(),
            },
        }
    }
}

impl RecordTarget {
    /// The core's target.
    pub fn core(&self) -> attempt::RecordTarget {
        self.into()
    }

    /// The folder chosen in the preferences, else [`record::default_folder`].
    pub fn from_prefs(folder: Option<&Path>) -> Self {
        match attempt::RecordTarget::from_prefs(folder) {
            attempt::RecordTarget::Off => RecordTarget::Off,
            attempt::RecordTarget::Folder { folder, key_file } => {
                RecordTarget::Folder { folder, key_file }
            }
        }
    }

    /// The record folder, if recording.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            RecordTarget::Off => None,
            RecordTarget::Folder { folder, .. } => Some(folder),
        }
    }

    /// Loads (or creates) the programme key.
    pub fn key(&self) -> Result<record::ProgrammeKey, String> {
        self.core()
            .key(&crate::entropy::os_random)
            .map_err(|e| e.to_string())
    }

    /// Starts a recorded attempt of the scenario in `path` (its text goes in the header),
    /// stamped with the wall clock now.
    pub fn start(
        &self,
        scenario: Arc<Scenario>,
        path: Option<&Path>,
        seed: u64,
        mut info: AttemptInfo,
    ) -> Result<RecordedAttempt, String> {
        info.started_at_utc = now_utc();
        self.core()
            .start(scenario, path, seed, info, &crate::entropy::os_random)
            .map_err(|e| e.to_string())
    }

    /// Like [`RecordTarget::start`], with the scenario's text at hand (a branch of a
    /// recorded attempt embeds the text its record holds).
    pub fn start_with_text(
        &self,
        scenario: Arc<Scenario>,
        text: &str,
        seed: u64,
        mut info: AttemptInfo,
    ) -> Result<RecordedAttempt, String> {
        info.started_at_utc = now_utc();
        self.core()
            .start_with_text(scenario, text, seed, info, &crate::entropy::os_random)
            .map_err(|e| e.to_string())
    }

    /// Continues an interrupted record.
    pub fn continue_interrupted(&self, recovered: &Recovered) -> Result<RecordedAttempt, String> {
        self.core()
            .continue_interrupted(recovered, &crate::entropy::os_random)
            .map_err(|e| e.to_string())
    }

    /// Interrupted records in the folder (none when not recording or unreadable).
    pub fn interrupted(&self) -> Vec<Recovered> {
        self.core().interrupted()
    }
}

/// The wall clock now as UTC RFC 3339.
pub fn now_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    record::date::rfc3339_utc(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// The window's attempt driver: [`Attempt`] with its errors as sentences. The window
/// switches to [`Attempt`] and [`attempt::AttemptError`] directly when its run screen
/// is split out (a record error then goes to the facilitator, not the console log).
#[derive(Debug)]
pub struct Driver(pub Attempt);

#[allow(non_snake_case)]
impl Driver {
    /// An unrecorded run (the old enum variant's name, kept for the window's callers).
    pub fn Plain(session: Box<Session>) -> Self {
        Driver(Attempt::plain(*session))
    }

    /// A recorded run (the old enum variant's name, kept for the window's callers).
    pub fn Recorded(attempt: Box<RecordedAttempt>) -> Self {
        Driver(Attempt::recorded(*attempt))
    }
}

impl Driver {
    /// The session.
    pub fn session(&self) -> &Session {
        self.0.session()
    }

    /// The record file, if recorded.
    pub fn record_path(&self) -> Option<&Path> {
        self.0.record_path()
    }

    /// Checks, records (if recording) and applies an action.
    pub fn act(&mut self, actor: Actor, action: Action) -> Result<(), String> {
        self.0.act(actor, action).map_err(|e| e.to_string())
    }

    /// One tick.
    pub fn step(&mut self) {
        self.0.step();
    }

    /// Steps to `end`, applying `script` (sorted by tick) on the way; stops at the end
    /// of the scenario.
    pub fn run_script(&mut self, script: &[LoggedAction], end: Tick) -> Result<(), String> {
        let end = end.min(
            self.session()
                .scenario()
                .duration_ticks
                .max(self.session().tick()),
        );
        self.0
            .run_script(script, end, |_| Ok::<(), std::convert::Infallible>(()))
            .map(|_| ())
            .map_err(|e| match e {
                perfsim_core::script::RunError::Action(e) => e.to_string(),
                perfsim_core::script::RunError::AfterStep(never) => match never {},
            })
    }

    /// Marks the record alive at the current tick.
    pub fn heartbeat(&mut self) -> Result<(), String> {
        self.0.heartbeat().map_err(|e| e.to_string())
    }

    /// Records a facilitator pause (`true`) or resume.
    pub fn freeze(&mut self, frozen: bool) -> Result<(), String> {
        let done = if frozen {
            self.0.pause()
        } else {
            self.0.resume()
        };
        done.map_err(|e| e.to_string())
    }

    /// Records a facilitator's note at the current tick.
    pub fn note(&mut self, text: &str) -> Result<(), String> {
        self.0.note(text).map_err(|e| e.to_string())
    }

    /// Ends the run: writes the footer with the report (if recorded) and returns the
    /// session, with an error message if the footer could not be written.
    pub fn finish(self) -> (Session, Option<String>) {
        let (session, error) = self.0.finish();
        (
            session,
            error.map(|e| format!("the record was not finished: {e}")),
        )
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::app::test_util::{
        TempRecords, advance, app_recording_to, harness, scenarios_dir, session,
    };
    use perfsim_core::record::{Mode, RecordReader};

    /// A practice attempt that stops mid-line, as after a power cut: 3 actions, then a
    /// partial line. Returns its path and last complete tick.
    fn interrupted_record(records: &TempRecords) -> (PathBuf, Tick) {
        let path = scenarios_dir().join("baseline.ron");
        let scenario = match Scenario::load(&path) {
            Ok(s) => Arc::new(s),
            Err(e) => panic!("{e}"),
        };
        let info = AttemptInfo {
            mode: Mode::Practice,
            ..AttemptInfo::default()
        };
        let mut attempt = match records.target().start(scenario, Some(&path), 4, info) {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        };
        for (secs, flow) in [(5, 4.2), (9, 4.0), (12, 3.8)] {
            while attempt.session().tick() < secs * 10 {
                attempt.step();
            }
            let acted = attempt.act(
                Actor::Trainee,
                Action::SetPumpFlow {
                    flow_l_per_min: flow,
                },
            );
            assert!(acted.is_ok());
        }
        for _ in 0..30 {
            attempt.step();
        }
        assert!(attempt.heartbeat().is_ok());
        let file = attempt.path().to_path_buf();
        let last = attempt.session().tick();
        drop(attempt);
        let appended = std::fs::OpenOptions::new()
            .append(true)
            .open(&file)
            .and_then(|mut f| f.write_all(b"{\"kind\":\"action\",\"tick\":15"));
        assert!(appended.is_ok());
        (file, last)
    }

    #[test]
    fn an_interrupted_attempt_is_offered_on_start_and_continues() {
        let records = TempRecords::new();
        let (file, last_tick) = interrupted_record(&records);
        let mut h = harness(app_recording_to(&records));
        h.run();
        assert!(h.query_by_label("Interrupted attempts").is_some());
        assert!(h.query_by_label_contains("stopped at").is_some());
        h.get_by_label("Continue").click();
        h.run();
        let Some(run) = h.state().run_state() else {
            panic!("the attempt did not continue");
        };
        assert_eq!(run.driver.record_path(), Some(file.as_path()));
        assert_eq!(session(&h).tick(), last_tick);
        assert_eq!(session(&h).log().len(), 3);
        advance(&mut h, 3);
        h.get_by_label("End run").click();
        h.run();
        assert!(h.state().is_debrief());
        // The one record, continued and finished, verifies and replays.
        assert_eq!(records.records(), vec![file.clone()]);
        if let Err(e) = crate::cli::records::verify(&file, Some(&records.key_file())) {
            panic!("perfsim verify refuses the continued record: {e:#}");
        }
        let rec = match RecordReader::open(&file) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        let outcome =
            perfsim_core::record::replay::replay(&rec, perfsim_core::record::score::report_json);
        assert!(outcome.is_ok_and(|o| o.difference.is_none()));
        // Dismissing hides an offer without deleting the file.
        let _ = interrupted_record(&records);
        h.get_by_label("Scenario list").click();
        h.run();
        assert!(h.query_by_label("Interrupted attempts").is_some());
        h.get_by_label("Dismiss").click();
        h.run();
        assert!(h.query_by_label("Interrupted attempts").is_none());
        assert_eq!(records.records().len(), 2);
    }

    #[test]
    fn a_practice_run_goes_on_unrecorded_when_the_key_is_unusable() {
        let records = TempRecords::new();
        assert!(std::fs::write(records.key_file(), "not a key").is_ok());
        let mut h = harness(app_recording_to(&records));
        h.run();
        h.get_by_label_contains("Baseline: stable full bypass")
            .click();
        h.run();
        h.get_by_label(crate::app::screens::start::START_LABEL)
            .click();
        h.run();
        assert!(
            h.state().run_state().is_some(),
            "the practice run did not start"
        );
        assert!(h.query_by_label_contains("not recorded").is_some());
        advance(&mut h, 1);
        assert_eq!(session(&h).tick(), 10);
    }
}
