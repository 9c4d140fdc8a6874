//! Where attempts are recorded: the record folder and the programme key file. The
//! caller supplies the wall-clock start time and the key's fresh bytes (the core reads
//! neither the clock nor the OS random source).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::record::{
    self, AttemptInfo, KeyError, KeySource, ProgrammeKey, RecordedAttempt, Recovered, StartError,
};
use crate::ron_file::FileError;
use crate::scenario::Scenario;

/// Why an attempt could not be recorded where the target says.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    /// Recording is off.
    #[error("recording is off")]
    Off,
    /// The scenario was not loaded from a file, so there is no text to embed.
    #[error("the scenario has no file to embed in the record")]
    NoScenarioFile,
    /// The scenario file could not be read.
    #[error(transparent)]
    ScenarioFile(#[from] FileError),
    /// The programme key could not be found, read or created.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The record folder could not be created.
    #[error("cannot create the record folder {}: {source}", folder.display())]
    Folder {
        /// The folder.
        folder: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The record could not be started.
    #[error("cannot start the record {}: {source}", file.display())]
    Start {
        /// The record file.
        file: PathBuf,
        /// Why (boxed: a replay error is large, and this error is returned often).
        source: Box<StartError>,
    },
    /// An interrupted record could not be continued.
    #[error(transparent)]
    Continue(Box<StartError>),
}

/// Fills a new programme key's bytes (the edge passes the OS random source).
pub type FreshBytes<'a> = &'a dyn Fn(&mut [u8]) -> Result<(), String>;

/// Where attempts are recorded, if anywhere.
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

    /// Loads the programme key, creating it from `fresh_bytes` if there is none.
    pub fn key(&self, fresh_bytes: FreshBytes<'_>) -> Result<ProgrammeKey, TargetError> {
        let RecordTarget::Folder { key_file, .. } = self else {
            return Err(TargetError::Off);
        };
        let source = KeySource::from_env(key_file.as_deref())?;
        let (key, _created) = source.load_or_create(fresh_bytes)?;
        Ok(key)
    }

    /// Starts a recorded attempt of the scenario loaded from `path` (its text goes in
    /// the header). `info.started_at_utc` is the caller's wall clock.
    pub fn start(
        &self,
        scenario: Arc<Scenario>,
        path: Option<&Path>,
        seed: u64,
        info: AttemptInfo,
        fresh_bytes: FreshBytes<'_>,
    ) -> Result<RecordedAttempt, TargetError> {
        if *self == RecordTarget::Off {
            return Err(TargetError::Off);
        }
        let Some(path) = path else {
            return Err(TargetError::NoScenarioFile);
        };
        let text = crate::ron_file::read(path)?;
        self.start_with_text(scenario, &text, seed, info, fresh_bytes)
    }

    /// Like [`RecordTarget::start`], with the scenario's text at hand (a branch of a
    /// recorded attempt embeds the text its record holds). The file is named from the
    /// start time and candidate; a second attempt started within the same second is
    /// numbered.
    pub fn start_with_text(
        &self,
        scenario: Arc<Scenario>,
        text: &str,
        seed: u64,
        info: AttemptInfo,
        fresh_bytes: FreshBytes<'_>,
    ) -> Result<RecordedAttempt, TargetError> {
        let RecordTarget::Folder { folder, .. } = self else {
            return Err(TargetError::Off);
        };
        let key = self.key(fresh_bytes)?;
        std::fs::create_dir_all(folder).map_err(|source| TargetError::Folder {
            folder: folder.clone(),
            source,
        })?;
        let name = record::folder::file_name_for(&info.started_at_utc, &info.candidate_id);
        let mut file = folder.join(&name);
        let mut n = 1;
        while file.exists() {
            n += 1;
            let stem = name.trim_end_matches(".jsonl");
            file = folder.join(format!("{stem}-{n}.jsonl"));
        }
        RecordedAttempt::start(&file, scenario, text, seed, info, key).map_err(|source| {
            TargetError::Start {
                file,
                source: Box::new(source),
            }
        })
    }

    /// Continues an interrupted record.
    pub fn continue_interrupted(
        &self,
        recovered: &Recovered,
        fresh_bytes: FreshBytes<'_>,
    ) -> Result<RecordedAttempt, TargetError> {
        let key = self.key(fresh_bytes)?;
        RecordedAttempt::continue_interrupted(recovered, key)
            .map_err(|e| TargetError::Continue(Box::new(e)))
    }

    /// Interrupted records in the folder (none when not recording or unreadable).
    pub fn interrupted(&self) -> Vec<Recovered> {
        self.folder()
            .and_then(|f| record::interrupted_in(f).ok())
            .unwrap_or_default()
    }
}
