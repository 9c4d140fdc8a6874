//! A session whose every action, note and pause goes to a record as it happens.
//!
//! The window and `perfsim run --record` both drive a [`RecordedAttempt`] instead of a
//! bare [`Session`]. The driver owns the wall clock: it calls
//! [`RecordedAttempt::heartbeat`] about once a wall-clock second.

use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::entry::{Entry, FORMAT_VERSION, Footer, Header, Mode, PracticeKeyKind};
use super::error::RecordError;
use super::key::ProgrammeKey;
use super::reader::{Recovered, Tamper};
use super::replay::{self, ReplayError};
use super::writer::RecordWriter;
use crate::action::{Action, Actor, LoggedAction};
use crate::attempt::AttemptError;
use crate::scenario::Scenario;
use crate::session::Session;
use crate::time::TICKS_PER_SEC;

/// Who sits the attempt and how; the parts of the header the facilitator supplies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttemptInfo {
    /// Candidate ID.
    pub candidate_id: String,
    /// Facilitator's name.
    pub facilitator: String,
    /// Practice or exam.
    pub mode: Mode,
    /// Wall-clock start, UTC RFC 3339, read by the caller (the model never reads clocks).
    pub started_at_utc: String,
    /// The facilitator's console PIN for this exam, hashed (see [`super::pin`]).
    pub pin: Option<super::pin::PinHash>,
}

/// Why a recorded attempt could not be started or continued.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Writing or reading the record failed.
    #[error(transparent)]
    Record(#[from] RecordError),
    /// The scenario text given is not the text the scenario was parsed from.
    #[error(
        "the scenario text does not match the loaded scenario (SHA-256 {text_sha256}, expected {scenario_sha256})"
    )]
    ScenarioText {
        /// Hash of the text given.
        text_sha256: String,
        /// The scenario's hash.
        scenario_sha256: String,
    },
    /// An interrupted record could not be rebuilt to continue it.
    #[error(transparent)]
    Replay(#[from] ReplayError),
    /// An exam was to be kept in memory: exams are written to a file, under the
    /// programme key.
    #[error("an exam is recorded to a file under the programme key, never only in memory")]
    ExamInMemory,
    /// An interrupted record failed its key check, so it is not continued.
    #[error("{1}: {0}")]
    Tamper(Tamper, String),
}

/// A session being written to a record.
#[derive(Debug)]
pub struct RecordedAttempt {
    session: Session,
    writer: RecordWriter,
}

impl RecordedAttempt {
    /// Starts a session and its record at `path` (a new file). `scenario_text` is the
    /// scenario file's text, embedded in the header.
    pub fn start(
        path: &Path,
        scenario: Arc<Scenario>,
        scenario_text: &str,
        seed: u64,
        info: AttemptInfo,
        key: ProgrammeKey,
    ) -> Result<Self, StartError> {
        let header = Self::new_header(&scenario, scenario_text, seed, info, &key, None)?;
        let writer = RecordWriter::create(path, header, key)?;
        Ok(Self {
            session: Session::new(scenario, seed),
            writer,
        })
    }

    /// Like [`RecordedAttempt::start`], with the record kept in memory (the browser):
    /// the same lines, byte for byte, that `start` writes to a file; read them with
    /// [`RecordedAttempt::bytes`]. A practice attempt only: an exam is written to a file
    /// under the programme key. `practice_key` says in the header which kind of practice
    /// key signs it.
    pub fn start_in_memory(
        scenario: Arc<Scenario>,
        scenario_text: &str,
        seed: u64,
        info: AttemptInfo,
        key: ProgrammeKey,
        practice_key: Option<PracticeKeyKind>,
    ) -> Result<Self, StartError> {
        if info.mode != Mode::Practice {
            return Err(StartError::ExamInMemory);
        }
        let header = Self::new_header(&scenario, scenario_text, seed, info, &key, practice_key)?;
        let writer = RecordWriter::in_memory(header, key)?;
        Ok(Self {
            session: Session::new(scenario, seed),
            writer,
        })
    }

    /// The header of a new record, after checking that `scenario_text` is the text
    /// `scenario` was parsed from.
    fn new_header(
        scenario: &Scenario,
        scenario_text: &str,
        seed: u64,
        info: AttemptInfo,
        key: &ProgrammeKey,
        practice_key: Option<PracticeKeyKind>,
    ) -> Result<Header, StartError> {
        let text_sha256 = hex::encode(Sha256::digest(scenario_text.as_bytes()));
        if text_sha256 != scenario.content_sha256 {
            return Err(StartError::ScenarioText {
                text_sha256,
                scenario_sha256: scenario.content_sha256.clone(),
            });
        }
        let AttemptInfo {
            candidate_id,
            facilitator,
            mode,
            started_at_utc,
            pin,
        } = info;
        let header = Header {
            format_version: FORMAT_VERSION,
            perfsim_version: env!("CARGO_PKG_VERSION").into(),
            ticks_per_sec: TICKS_PER_SEC,
            scenario_name: scenario.name.clone(),
            scenario_version: scenario.version.clone(),
            scenario_sha256: scenario.content_sha256.clone(),
            scenario_source: scenario.source.clone(),
            scenario_text: scenario_text.into(),
            seed,
            candidate_id,
            facilitator,
            mode,
            started_at_utc,
            key_id: key.id(),
            public_key: key.public().hex(),
            pin,
            practice_key,
        };
        Ok(header)
    }

    /// Continues an interrupted attempt: checks that the record is signed with `key`
    /// (so an exam continues only under the programme key, unlocked by the facilitator's
    /// passphrase), re-simulates it to its last tick, cuts off any partial line and
    /// writes a [`Entry::Restarted`] marker naming `authorised_by`. The app offers this
    /// for records whose [`Recovered::is_complete`] is false.
    pub fn continue_interrupted(
        recovered: &Recovered,
        key: ProgrammeKey,
        authorised_by: &str,
    ) -> Result<Self, StartError> {
        recovered
            .verify(&key.public())
            .map_err(|t| StartError::Tamper(t, recovered.path.display().to_string()))?;
        let session = replay::resimulate(recovered, recovered.last_tick())?;
        let mut writer = RecordWriter::continue_interrupted(&recovered.path, recovered, key)?;
        let key_id = writer.key_id();
        writer.append(&Entry::Restarted {
            tick: session.tick(),
            authorised_by: authorised_by.into(),
            key_id,
        })?;
        Ok(Self { session, writer })
    }

    /// The session (read-only: change it through [`RecordedAttempt::act`]).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The record file (`None` when the record is kept in memory).
    pub fn path(&self) -> Option<&Path> {
        self.writer.path()
    }

    /// The record so far, when it is kept in memory (`None` for a file).
    pub fn bytes(&self) -> Option<&[u8]> {
        self.writer.bytes()
    }

    /// Records an action durably, then applies it (write-ahead: nothing is applied that
    /// is not on disk). A refused action ([`AttemptError::Refused`]) is neither recorded
    /// nor applied; if the record cannot be written ([`AttemptError::Record`]), the action
    /// is not applied either.
    pub fn act(&mut self, actor: Actor, action: Action) -> Result<(), AttemptError> {
        self.session
            .check(actor, &action)
            .map_err(AttemptError::Refused)?;
        let logged = LoggedAction {
            tick: self.session.tick(),
            actor,
            action,
        };
        self.writer.append(&Entry::Action(logged.clone()))?;
        self.session
            .act(logged.actor, logged.action)
            .map_err(AttemptError::Refused)?;
        Ok(())
    }

    /// Advances one tick. Nothing is written: the driver calls
    /// [`RecordedAttempt::heartbeat`] about once a wall second.
    pub fn step(&mut self) {
        self.session.step();
    }

    /// Records that the attempt is still running at the current tick.
    pub fn heartbeat(&mut self) -> Result<(), AttemptError> {
        let tick = self.session.tick();
        Ok(self.writer.append(&Entry::Heartbeat { tick })?)
    }

    /// Records a facilitator's note at the current tick.
    pub fn note(&mut self, text: &str) -> Result<(), AttemptError> {
        let tick = self.session.tick();
        Ok(self.writer.append(&Entry::Note {
            tick,
            text: text.into(),
        })?)
    }

    /// Records a wrong facilitator PIN at the console.
    pub fn wrong_pin(&mut self) -> Result<(), AttemptError> {
        let tick = self.session.tick();
        Ok(self.writer.append(&Entry::WrongPin { tick })?)
    }

    /// The record's header as written (its PIN hash, mode, facilitator).
    pub fn header(&self) -> Option<&Header> {
        self.writer.header()
    }

    /// Records a facilitator pause (the driver stops stepping).
    pub fn pause(&mut self) -> Result<(), AttemptError> {
        let tick = self.session.tick();
        Ok(self.writer.append(&Entry::Pause { tick })?)
    }

    /// Records that the facilitator resumed the run.
    pub fn resume(&mut self) -> Result<(), AttemptError> {
        let tick = self.session.tick();
        Ok(self.writer.append(&Entry::Resume { tick })?)
    }

    /// Ends the attempt: writes the footer with the final tick, the trace digest and the
    /// scoring report (as JSON), and returns the session for the debrief.
    pub fn finish(mut self, report: Option<serde_json::Value>) -> Result<Session, AttemptError> {
        self.write_footer(report)?;
        Ok(self.session)
    }

    /// Writes the footer (final tick, trace digest, report JSON). After it the record
    /// takes no more entries; [`RecordedAttempt::into_session`] keeps the session.
    pub fn write_footer(&mut self, report: Option<serde_json::Value>) -> Result<(), RecordError> {
        let footer = Footer {
            final_tick: self.session.tick(),
            trace_digest: crate::trace::digest(self.session.trace()),
            report,
        };
        self.writer.append(&Entry::Footer(footer))
    }

    /// The session and the record's writer, after [`RecordedAttempt::write_footer`]:
    /// a finished exam's record still takes the wrong PINs typed at its locked report.
    pub fn into_parts(self) -> (Session, RecordWriter) {
        (self.session, self.writer)
    }

    /// The session, leaving the record as it is (finished by
    /// [`RecordedAttempt::write_footer`], or interrupted if not).
    pub fn into_session(self) -> Session {
        self.session
    }
}

impl crate::script::Drive for RecordedAttempt {
    type Error = AttemptError;

    fn session(&self) -> &Session {
        RecordedAttempt::session(self)
    }

    fn act(&mut self, actor: Actor, action: Action) -> Result<(), AttemptError> {
        RecordedAttempt::act(self, actor, action)
    }

    fn step(&mut self) {
        RecordedAttempt::step(self);
    }
}
