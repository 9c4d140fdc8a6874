//! One review of an attempt, finished or opened from its record: the final session,
//! checkpoints to scrub through it, the scoring report and one timeline. The debrief,
//! the record browser, the instructor's live score and `perfsim report` all read a
//! [`Review`].

pub mod integrity;
pub mod outcome;
pub mod places;
pub mod timeline;

use std::path::Path;

use crate::action::LoggedAction;
use crate::record::replay::{self, ReplayError};
use crate::record::{PublicKey, RecordError, RecordReader, Recovered};
use crate::scoring::Report;
use crate::session::Session;
use crate::time::{TICKS_PER_SEC, Tick};

pub use integrity::Integrity;
pub use outcome::Outcome;
pub use places::RecordPlaces;
pub use timeline::{EventKind, TimelineEvent, timeline};

/// Shortest simulated time between kept session clones.
pub const MIN_CHECKPOINT_TICKS: Tick = 5 * 60 * TICKS_PER_SEC;

/// Most session clones kept (each holds its trace so far: a few MB for a 4-hour run).
pub const MAX_CHECKPOINTS: Tick = 16;

/// Simulated time between kept session clones for a record `end_tick` long: 5 minutes,
/// or whole minutes enough to keep at most [`MAX_CHECKPOINTS`] clones. Scrubbing
/// re-simulates at most this much.
pub fn checkpoint_ticks(end_tick: Tick) -> Tick {
    let minute = 60 * TICKS_PER_SEC;
    let spread = end_tick.div_ceil(MAX_CHECKPOINTS).div_ceil(minute) * minute;
    spread.max(MIN_CHECKPOINT_TICKS)
}

/// Why a record cannot be reviewed.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The record cannot be read.
    #[error(transparent)]
    Read(#[from] RecordError),
    /// The record cannot be re-simulated.
    #[error(transparent)]
    Replay(#[from] ReplayError),
}

/// The record a review was opened from, and its key check.
#[derive(Debug)]
pub struct ReviewedRecord {
    /// The record as read.
    pub recovered: Recovered,
    /// Its key check.
    pub integrity: Integrity,
}

/// A finished (or running, or recorded) attempt, ready to debrief and scrub.
#[derive(Debug)]
pub struct Review {
    /// The record it was opened from; `None` for a session reviewed directly.
    pub record: Option<ReviewedRecord>,
    /// Every action, trainee and instructor, in order.
    pub actions: Vec<LoggedAction>,
    /// Ticks between checkpoints ([`checkpoint_ticks`]).
    pub checkpoint_ticks: Tick,
    /// The session at ticks 0, N, 2N… (actions logged at that tick not yet applied). A
    /// session reviewed directly keeps only tick 0.
    pub checkpoints: Vec<Session>,
    /// The session at the attempt's last tick.
    pub end: Session,
    /// The scoring report (scenarios with a rubric).
    pub report: Option<Report>,
    /// Faults, cues, alarms, actions, notes and never-events in time order.
    pub timeline: Vec<TimelineEvent>,
    /// The patient's outcome in numbers, from the whole trace.
    pub outcome: Option<Outcome>,
}

impl Review {
    /// Reads and re-simulates a record.
    pub fn open(path: &Path, key: Option<&PublicKey>) -> Result<Self, ReviewError> {
        Self::of_record(RecordReader::open(path)?, key)
    }

    /// Re-simulates a record already read, keeping a checkpoint every
    /// [`checkpoint_ticks`].
    pub fn of_record(recovered: Recovered, key: Option<&PublicKey>) -> Result<Self, ReviewError> {
        let integrity = Integrity::check(&recovered, key);
        let h = recovered.header();
        if h.ticks_per_sec != TICKS_PER_SEC {
            return Err(ReplayError::TickRate {
                recorded: h.ticks_per_sec,
                supported: TICKS_PER_SEC,
            }
            .into());
        }
        let end_tick = recovered.last_tick();
        let every = checkpoint_ticks(end_tick);
        let scenario = std::sync::Arc::new(replay::scenario(&recovered)?);
        let mut checkpoints = vec![Session::new(scenario, h.seed)];
        let end = replay::resimulate_with(&recovered, end_tick, |s| {
            if s.tick().is_multiple_of(every) {
                checkpoints.push(s.clone());
            }
        })?;
        let report = scored(&end);
        let timeline = timeline(recovered.entries(), &end, report.as_ref());
        let outcome = Outcome::of(end.scenario(), end.trace());
        Ok(Self {
            outcome,
            actions: recovered.actions(),
            record: Some(ReviewedRecord {
                recovered,
                integrity,
            }),
            checkpoint_ticks: every,
            checkpoints,
            end,
            report,
            timeline,
        })
    }

    /// Reviews a session as it is now: the debrief of a run just finished, or the
    /// instructor's live score. Scrubbing re-simulates from tick 0.
    pub fn of_session(end: Session) -> Self {
        let report = scored(&end);
        let timeline = timeline(std::iter::empty(), &end, report.as_ref());
        let start = Session::new(end.scenario().clone(), end.seed());
        let outcome = Outcome::of(end.scenario(), end.trace());
        Self {
            outcome,
            record: None,
            actions: end.log().to_vec(),
            checkpoint_ticks: checkpoint_ticks(end.tick()),
            checkpoints: vec![start],
            end,
            report,
            timeline,
        }
    }

    /// The last tick of the attempt.
    pub fn end_tick(&self) -> Tick {
        self.end.tick()
    }

    /// The session at `tick`, with the actions logged before it applied: the nearest
    /// earlier checkpoint, run on. At the end, the final session.
    pub fn session_at(&self, tick: Tick) -> Session {
        session_at(
            &self.checkpoints,
            self.checkpoint_ticks,
            &self.actions,
            &self.end,
            tick,
        )
    }
}

/// The scoring report of `session` if its scenario has a rubric.
fn scored(session: &Session) -> Option<Report> {
    session.scenario().rubric.as_ref()?;
    Some(session.report())
}

/// The session at `tick` from `checkpoints` kept every `every` ticks, `actions` the
/// attempt's whole log and `end` its final session (see [`Review::session_at`]).
pub fn session_at(
    checkpoints: &[Session],
    every: Tick,
    actions: &[LoggedAction],
    end: &Session,
    tick: Tick,
) -> Session {
    if tick >= end.tick() {
        return end.clone();
    }
    let index = usize::try_from(tick / every.max(1)).unwrap_or(usize::MAX);
    // A checkpoint past `tick` (none kept between) cannot be run backwards.
    let Some(start) = checkpoints
        .get(index)
        .or_else(|| checkpoints.iter().rev().find(|s| s.tick() <= tick))
    else {
        return end.clone();
    };
    let mut session = start.clone();
    let rest = actions.get(session.log().len()..).unwrap_or_default();
    // These actions were all applied once already; a refusal cannot happen here.
    if session.run_script(rest, tick, |_| {}).is_err() {
        return end.clone();
    }
    session
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoints_every_five_minutes_at_most_sixteen() {
        let min = 60 * TICKS_PER_SEC;
        let check = |end_min: u64, expect_min: u64| {
            assert_eq!(
                checkpoint_ticks(end_min * min),
                expect_min * min,
                "{end_min} min"
            );
        };
        check(0, 5);
        check(8, 5);
        check(80, 5);
        check(81, 6);
        check(240, 15);
        check(241, 16);
    }
}
