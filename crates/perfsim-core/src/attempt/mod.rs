//! The attempt driver: a [`Session`] plus, when the attempt is recorded, its record
//! writer. The window, `perfsim run` and the tests all drive an [`Attempt`]; its one
//! error, [`AttemptError`], separates a refused action (the trainee's) from a record that
//! could not be written (the facilitator's). [`RecordTarget`] says where records go.
//!
//! The wall clock is the caller's: it passes the start time in
//! [`crate::record::AttemptInfo`] and calls [`Attempt::heartbeat`] about once a wall
//! second.

pub mod error;
pub mod target;

use std::path::Path;

use crate::action::{Action, Actor, LoggedAction};
use crate::record::{RecordError, RecordedAttempt};
use crate::script::{self, Drive, RunError};
use crate::session::Session;
use crate::time::Tick;

pub use error::AttemptError;
pub use target::{RecordTarget, Signer, TargetError};

/// A run, written to a record as it happens or (practice, tests, or when recording
/// failed) not.
#[derive(Debug)]
pub struct Attempt {
    inner: Inner,
}

#[derive(Debug)]
enum Inner {
    Plain(Box<Session>),
    Recorded(Box<RecordedAttempt>),
}

impl Attempt {
    /// An unrecorded attempt of `session`, from its current tick.
    pub fn plain(session: Session) -> Self {
        Self {
            inner: Inner::Plain(Box::new(session)),
        }
    }

    /// An attempt written to `recorded`'s record.
    pub fn recorded(recorded: RecordedAttempt) -> Self {
        Self {
            inner: Inner::Recorded(Box::new(recorded)),
        }
    }

    /// The session (read-only: change it through [`Attempt::act`]).
    pub fn session(&self) -> &Session {
        match &self.inner {
            Inner::Plain(s) => s,
            Inner::Recorded(a) => a.session(),
        }
    }

    /// The record file, if recorded.
    pub fn record_path(&self) -> Option<&Path> {
        match &self.inner {
            Inner::Plain(_) => None,
            Inner::Recorded(a) => a.path(),
        }
    }

    /// The record so far, when it is kept in memory (the browser).
    pub fn record_bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Plain(_) => None,
            Inner::Recorded(a) => a.bytes(),
        }
    }

    /// Checks, records (if recording, before applying) and applies an action now.
    pub fn act(&mut self, actor: Actor, action: Action) -> Result<(), AttemptError> {
        match &mut self.inner {
            Inner::Plain(s) => s.act(actor, action).map_err(AttemptError::Refused),
            Inner::Recorded(a) => a.act(actor, action),
        }
    }

    /// One tick. Writes nothing.
    pub fn step(&mut self) {
        match &mut self.inner {
            Inner::Plain(s) => s.step(),
            Inner::Recorded(a) => a.step(),
        }
    }

    /// Runs the action script to `end` with [`script::run`], calling `after_step` after
    /// each tick (heartbeats, pacing, trace rows). Returns how many actions were applied.
    pub fn run_script<F>(
        &mut self,
        script: &[LoggedAction],
        end: Tick,
        after_step: impl FnMut(&mut Self) -> Result<(), F>,
    ) -> Result<usize, RunError<AttemptError, F>> {
        script::run(self, script, end, after_step)
    }

    /// Marks the record alive at the current tick (nothing when not recorded).
    pub fn heartbeat(&mut self) -> Result<(), AttemptError> {
        match &mut self.inner {
            Inner::Plain(_) => Ok(()),
            Inner::Recorded(a) => a.heartbeat(),
        }
    }

    /// Records a facilitator's pause at the current tick (the caller stops stepping).
    pub fn pause(&mut self) -> Result<(), AttemptError> {
        match &mut self.inner {
            Inner::Plain(_) => Ok(()),
            Inner::Recorded(a) => a.pause(),
        }
    }

    /// Records that the facilitator resumed the run.
    pub fn resume(&mut self) -> Result<(), AttemptError> {
        match &mut self.inner {
            Inner::Plain(_) => Ok(()),
            Inner::Recorded(a) => a.resume(),
        }
    }

    /// Records a wrong facilitator PIN at the console.
    pub fn wrong_pin(&mut self) -> Result<(), AttemptError> {
        match &mut self.inner {
            Inner::Plain(_) => Ok(()),
            Inner::Recorded(a) => a.wrong_pin(),
        }
    }

    /// Records a facilitator's note at the current tick.
    pub fn note(&mut self, text: &str) -> Result<(), AttemptError> {
        match &mut self.inner {
            Inner::Plain(_) => Ok(()),
            Inner::Recorded(a) => a.note(text),
        }
    }

    /// Stops writing the record (after it could not be written) and goes on unrecorded
    /// from the current tick, keeping the session. The record stays as written so far: an
    /// interrupted record. Returns its path, if it was recorded to a file.
    pub fn stop_recording(&mut self) -> Option<std::path::PathBuf> {
        let Inner::Recorded(a) = &self.inner else {
            return None;
        };
        let path = a.path().map(Path::to_path_buf);
        // A clone, once, when recording fails: the writer is dropped with the old value.
        self.inner = Inner::Plain(Box::new(a.session().clone()));
        path
    }

    /// Ends the run: writes the footer with the scoring report (if recorded) and returns
    /// the session, with the record error if the footer could not be written (the session
    /// is kept either way, for the debrief).
    pub fn finish(self) -> (Session, Option<RecordError>) {
        let (session, error, _) = self.finish_keeping_record();
        (session, error)
    }

    /// [`Attempt::finish`], keeping the finished record's writer (and its lock): the
    /// wrong PINs typed at an exam's locked report go into the record after the footer.
    pub fn finish_keeping_record(
        self,
    ) -> (
        Session,
        Option<RecordError>,
        Option<crate::record::RecordWriter>,
    ) {
        match self.inner {
            Inner::Plain(s) => (*s, None, None),
            Inner::Recorded(mut a) => {
                let report = crate::record::score::report_json(a.session());
                let error = a.write_footer(report).err();
                let (session, writer) = a.into_parts();
                (session, error, Some(writer))
            }
        }
    }
}

impl Drive for Attempt {
    type Error = AttemptError;

    fn session(&self) -> &Session {
        Attempt::session(self)
    }

    fn act(&mut self, actor: Actor, action: Action) -> Result<(), AttemptError> {
        Attempt::act(self, actor, action)
    }

    fn step(&mut self) {
        Attempt::step(self);
    }
}
