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
    /// A key could not be found, read or created.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// An exam needs the programme's signing key, unlocked by the facilitator's
    /// passphrase; a practice key cannot sign one.
    #[error(
        "an exam is signed only with the programme key, unlocked with the facilitator's passphrase"
    )]
    ExamNeedsProgrammeKey,
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
    /// A record kept in memory could not be started.
    #[error("cannot start the record: {0}")]
    StartInMemory(Box<StartError>),
    /// Records are kept in memory here (the browser): there is no key file or record
    /// folder, so no programme key and no exam.
    #[error(
        "this build keeps practice records in memory only: the programme key, exams and the record folder are in the desktop app"
    )]
    InMemory,
}

/// Fills a new practice key's bytes (the edge passes the OS random source).
pub type FreshBytes<'a> = &'a dyn Fn(&mut [u8]) -> Result<(), String>;

/// What signs a new or continued record.
#[derive(Clone, Copy)]
pub enum Signer<'a> {
    /// The per-user practice key (created from these bytes on first use). Practice only.
    Practice(FreshBytes<'a>),
    /// The programme key, unlocked in memory by the facilitator's passphrase.
    Programme(&'a ProgrammeKey),
}

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
    /// Practice records are kept in memory, signed with this per-browser practice key
    /// and labelled so ([`record::PracticeKeyKind::Browser`]), to be offered as a
    /// download (the browser build, which has no record folder). Never an exam.
    InMemory {
        /// The browser's practice key.
        key: ProgrammeKey,
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
            RecordTarget::Off | RecordTarget::InMemory { .. } => None,
            RecordTarget::Folder { folder, .. } => Some(folder),
        }
    }

    /// The key file, when records go to a folder.
    fn key_file(&self) -> Result<Option<&Path>, TargetError> {
        match self {
            RecordTarget::Off => Err(TargetError::Off),
            RecordTarget::InMemory { .. } => Err(TargetError::InMemory),
            RecordTarget::Folder { key_file, .. } => Ok(key_file.as_deref()),
        }
    }

    /// Where the programme key is (sealed, or public only on a checking machine).
    pub fn programme_key(&self) -> Result<KeySource, TargetError> {
        Ok(KeySource::from_env(self.key_file()?)?)
    }

    /// Where the per-user practice key is: beside a named programme key file, else
    /// [`KeySource::practice`].
    pub fn practice_key_source(&self) -> Result<KeySource, TargetError> {
        Ok(match self.key_file()? {
            Some(p) => KeySource {
                path: p.with_file_name("practice.key"),
            },
            None => KeySource::practice()?,
        })
    }

    /// The key that signs an attempt in `mode`: an exam only with the programme key; in
    /// memory, only practice, always with the target's own practice key.
    pub fn signing_key(
        &self,
        mode: record::Mode,
        signer: Signer<'_>,
    ) -> Result<ProgrammeKey, TargetError> {
        if let RecordTarget::InMemory { key } = self {
            return match mode {
                record::Mode::Practice => Ok(key.clone()),
                record::Mode::Exam => Err(TargetError::ExamNeedsProgrammeKey),
            };
        }
        match (mode, signer) {
            (_, Signer::Programme(k)) => Ok(k.clone()),
            (record::Mode::Exam, Signer::Practice(_)) => Err(TargetError::ExamNeedsProgrammeKey),
            (record::Mode::Practice, Signer::Practice(fresh)) => {
                Ok(self.practice_key_source()?.load_or_create_practice(fresh)?)
            }
        }
    }

    /// Starts a recorded attempt of the scenario loaded from `path` (its text goes in
    /// the header). `info.started_at_utc` is the caller's wall clock.
    pub fn start(
        &self,
        scenario: Arc<Scenario>,
        path: Option<&Path>,
        seed: u64,
        info: AttemptInfo,
        signer: Signer<'_>,
    ) -> Result<RecordedAttempt, TargetError> {
        if *self == RecordTarget::Off {
            return Err(TargetError::Off);
        }
        let Some(path) = path else {
            return Err(TargetError::NoScenarioFile);
        };
        let text = crate::ron_file::read(path)?;
        self.start_with_text(scenario, &text, seed, info, signer)
    }

    /// Like [`RecordTarget::start`], with the scenario's text at hand (a branch of a
    /// recorded attempt embeds the text its record holds). The file is named from the
    /// start time and candidate; a second attempt started within the same second is
    /// numbered. [`RecordTarget::InMemory`] keeps the record in memory instead.
    pub fn start_with_text(
        &self,
        scenario: Arc<Scenario>,
        text: &str,
        seed: u64,
        info: AttemptInfo,
        signer: Signer<'_>,
    ) -> Result<RecordedAttempt, TargetError> {
        let key = self.signing_key(info.mode, signer)?;
        let folder = match self {
            RecordTarget::Off => return Err(TargetError::Off),
            RecordTarget::InMemory { .. } => {
                let kind = Some(record::PracticeKeyKind::Browser);
                return RecordedAttempt::start_in_memory(scenario, text, seed, info, key, kind)
                    .map_err(|e| TargetError::StartInMemory(Box::new(e)));
            }
            RecordTarget::Folder { folder, .. } => folder,
        };
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

    /// Continues an interrupted record, signed by the key that signed it (an exam: the
    /// programme key only), naming who authorised it.
    pub fn continue_interrupted(
        &self,
        recovered: &Recovered,
        signer: Signer<'_>,
        authorised_by: &str,
    ) -> Result<RecordedAttempt, TargetError> {
        let key = self.signing_key(recovered.header().mode, signer)?;
        RecordedAttempt::continue_interrupted(recovered, key, authorised_by)
            .map_err(|e| TargetError::Continue(Box::new(e)))
    }

    /// Interrupted records in the folder (none when not recording or unreadable).
    pub fn interrupted(&self) -> Vec<Recovered> {
        self.folder()
            .and_then(|f| record::interrupted_in(f).ok())
            .unwrap_or_default()
    }
}
