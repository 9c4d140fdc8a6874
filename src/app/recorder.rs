//! Recording the window's attempts: where records go, the programme key, and a
//! [`Driver`] that runs a session with or without a record. The wall clock is read here
//! (the start time in the header), never in the model.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use perfsim_core::action::{Action, Actor, LoggedAction};
use perfsim_core::record::{self, AttemptInfo, KeySource, RecordedAttempt, Recovered};
use perfsim_core::scenario::Scenario;
use perfsim_core::session::Session;
use perfsim_core::time::Tick;

/// Where the window writes records, if anywhere.
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

impl RecordTarget {
    /// The folder chosen in the preferences, else [`record::default_folder`].
    pub fn from_prefs(folder: Option<&Path>) -> Self {
        match folder
            .map(Path::to_path_buf)
            .or_else(record::default_folder)
        {
            Some(folder) => RecordTarget::Folder {
                folder,
                key_file: None,
            },
            None => RecordTarget::Off,
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
        let RecordTarget::Folder { key_file, .. } = self else {
            return Err("recording is off".into());
        };
        let source = KeySource::from_env(key_file.as_deref()).map_err(|e| e.to_string())?;
        let (key, _created) = source
            .load_or_create(crate::entropy::os_random)
            .map_err(|e| e.to_string())?;
        Ok(key)
    }

    /// Starts a recorded attempt of the scenario in `path` (its text goes in the header).
    pub fn start(
        &self,
        scenario: Arc<Scenario>,
        path: Option<&Path>,
        seed: u64,
        info: AttemptInfo,
    ) -> Result<RecordedAttempt, String> {
        if *self == RecordTarget::Off {
            return Err("recording is off".into());
        }
        let Some(path) = path else {
            return Err("the scenario has no file to embed in the record".into());
        };
        let text = perfsim_core::ron_file::read(path).map_err(|e| e.to_string())?;
        self.start_with_text(scenario, &text, seed, info)
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
        let RecordTarget::Folder { folder, .. } = self else {
            return Err("recording is off".into());
        };
        let key = self.key()?;
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("cannot create the record folder {}: {e}", folder.display()))?;
        info.started_at_utc = now_utc();
        let mut file = folder.join(record::folder::file_name_for(
            &info.started_at_utc,
            &info.candidate_id,
        ));
        // Two attempts started within one second: number the second.
        let mut n = 1;
        while file.exists() {
            n += 1;
            let stem = record::folder::file_name_for(&info.started_at_utc, &info.candidate_id);
            let stem = stem.trim_end_matches(".jsonl");
            file = folder.join(format!("{stem}-{n}.jsonl"));
        }
        RecordedAttempt::start(&file, scenario, text, seed, info, key)
            .map_err(|e| format!("cannot start the record {}: {e}", file.display()))
    }

    /// Continues an interrupted record.
    pub fn continue_interrupted(&self, recovered: &Recovered) -> Result<RecordedAttempt, String> {
        let key = self.key()?;
        RecordedAttempt::continue_interrupted(recovered, key).map_err(|e| e.to_string())
    }

    /// Interrupted records in the folder (none when not recording or unreadable).
    pub fn interrupted(&self) -> Vec<Recovered> {
        self.folder()
            .and_then(|f| record::interrupted_in(f).ok())
            .unwrap_or_default()
    }
}

/// The wall clock now as UTC RFC 3339.
pub fn now_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    record::date::rfc3339_utc(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// A run, written to a record as it happens or (practice, when recording failed) not.
#[derive(Debug)]
pub enum Driver {
    /// Not recorded.
    Plain(Box<Session>),
    /// Recorded.
    Recorded(Box<RecordedAttempt>),
}

impl Driver {
    /// The session.
    pub fn session(&self) -> &Session {
        match self {
            Driver::Plain(s) => s,
            Driver::Recorded(a) => a.session(),
        }
    }

    /// The record file, if recorded.
    pub fn record_path(&self) -> Option<&Path> {
        match self {
            Driver::Plain(_) => None,
            Driver::Recorded(a) => Some(a.path()),
        }
    }

    /// Checks, records (if recording) and applies an action.
    pub fn act(&mut self, actor: Actor, action: Action) -> Result<(), String> {
        match self {
            Driver::Plain(s) => s.act(actor, action).map_err(|e| e.to_string()),
            Driver::Recorded(a) => a.act(actor, action).map_err(|e| e.to_string()),
        }
    }

    /// One tick.
    pub fn step(&mut self) {
        match self {
            Driver::Plain(s) => s.step(),
            Driver::Recorded(a) => a.step(),
        }
    }

    /// Steps to `end`, applying `script` (sorted by tick) on the way.
    pub fn run_script(&mut self, script: &[LoggedAction], end: Tick) -> Result<(), String> {
        let mut next = 0;
        while self.session().tick() < end && !self.session().is_finished() {
            while let Some(a) = script.get(next).filter(|a| a.tick <= self.session().tick()) {
                self.act(a.actor, a.action.clone())
                    .map_err(|e| format!("action {} at tick {}: {e}", next + 1, a.tick))?;
                next += 1;
            }
            self.step();
        }
        Ok(())
    }

    /// Marks the record alive at the current tick.
    pub fn heartbeat(&mut self) -> Result<(), String> {
        match self {
            Driver::Plain(_) => Ok(()),
            Driver::Recorded(a) => a.heartbeat().map_err(|e| e.to_string()),
        }
    }

    /// Records a facilitator pause (`true`) or resume.
    pub fn freeze(&mut self, frozen: bool) -> Result<(), String> {
        match self {
            Driver::Plain(_) => Ok(()),
            Driver::Recorded(a) if frozen => a.pause().map_err(|e| e.to_string()),
            Driver::Recorded(a) => a.resume().map_err(|e| e.to_string()),
        }
    }

    /// Records a facilitator's note at the current tick.
    pub fn note(&mut self, text: &str) -> Result<(), String> {
        match self {
            Driver::Plain(_) => Ok(()),
            Driver::Recorded(a) => a.note(text).map_err(|e| e.to_string()),
        }
    }

    /// Ends the run: writes the footer with the report (if recorded) and returns the
    /// session, with an error message if the footer could not be written.
    pub fn finish(self) -> (Session, Option<String>) {
        match self {
            Driver::Plain(s) => (*s, None),
            Driver::Recorded(a) => {
                let report = record::score::report_json(a.session());
                let session = a.session().clone();
                match a.finish(report) {
                    Ok(s) => (s, None),
                    Err(e) => (session, Some(format!("the record was not finished: {e}"))),
                }
            }
        }
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
        h.get_by_label(crate::app::screens::run::END_RUN_CONFIRM)
            .click();
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
        h.get_by_label(crate::app::start::START_LABEL).click();
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
