//! Recording the window's attempts: where records go, the programme key, and a
//! [`Driver`] that runs a session with or without a record. The wall clock is read here
//! (the start time in the header), never in the model.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::action::{Action, Actor, LoggedAction};
use crate::record::{self, AttemptInfo, KeySource, RecordedAttempt, Recovered};
use crate::scenario::Scenario;
use crate::session::Session;
use crate::time::Tick;

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
        let (key, _created) = source.load_or_create().map_err(|e| e.to_string())?;
        Ok(key)
    }

    /// Starts a recorded attempt of the scenario in `path` (its text goes in the header).
    pub fn start(
        &self,
        scenario: Arc<Scenario>,
        path: Option<&Path>,
        seed: u64,
        mut info: AttemptInfo,
    ) -> Result<RecordedAttempt, String> {
        let RecordTarget::Folder { folder, .. } = self else {
            return Err("recording is off".into());
        };
        let Some(path) = path else {
            return Err("the scenario has no file to embed in the record".into());
        };
        let text = crate::ron_file::read(path).map_err(|e| e.to_string())?;
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
        RecordedAttempt::start(&file, scenario, &text, seed, info, key)
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
