//! The record browser's model side (no drawing): where records and the key are, the
//! key check, and [`OpenRecord`], a record re-simulated once with a clone of the session
//! every [`checkpoint_ticks`] (5 simulated minutes, longer for long records so that at
//! most [`MAX_CHECKPOINTS`] clones are kept), so any tick is a short re-simulation away.
//! Drawn by [`super::browser`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::trends::{Marker, MarkerKind, TrendCache};
use perfsim_core::action::{Actor, LoggedAction};
use perfsim_core::model::events::Event;
use perfsim_core::record::report::{ReportFormat, ReportInputs};
use perfsim_core::record::{self, Entry, KeySource, ProgrammeKey, RecordReader, Recovered, Tamper};
use perfsim_core::scoring::Report;
use perfsim_core::scoring::report::TimelineKind;
use perfsim_core::session::Session;
use perfsim_core::time::{TICKS_PER_SEC, Tick, clock_label, secs_from_tick, tick_from_secs};

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

/// Where the browser looks for records and the programme key. `None` fields mean the
/// defaults: [`record::default_folder`] and [`KeySource::from_env`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordPlaces {
    /// The folder listed first.
    pub folder: Option<PathBuf>,
    /// The programme key file (as `--key`).
    pub key_file: Option<PathBuf>,
}

impl RecordPlaces {
    /// The folder to list.
    pub fn folder(&self) -> Option<PathBuf> {
        self.folder.clone().or_else(record::default_folder)
    }

    /// The programme key, if there is one. Never creates a key: viewing signs nothing.
    pub fn key(&self) -> Option<ProgrammeKey> {
        KeySource::from_env(self.key_file.as_deref())
            .and_then(|s| s.load())
            .ok()
    }
}

/// The result of checking a record against the programme key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Integrity {
    /// Every MAC matches.
    Intact,
    /// A MAC does not match: the record was edited after it was written.
    Edited(String),
    /// Signed with another programme's key: cannot tell.
    DifferentKey(String),
    /// No programme key here.
    NoKey,
}

impl Integrity {
    /// Checks `rec` with `key`.
    pub fn check(rec: &Recovered, key: Option<&ProgrammeKey>) -> Self {
        let Some(key) = key else {
            return Integrity::NoKey;
        };
        match rec.verify(key) {
            Ok(()) => Integrity::Intact,
            Err(t @ Tamper::MacMismatch { .. }) => Integrity::Edited(t.to_string()),
            Err(t @ Tamper::DifferentKey { .. }) => Integrity::DifferentKey(t.to_string()),
        }
    }

    /// Words for the list, the banner and the printed report.
    pub fn text(&self) -> String {
        match self {
            Integrity::Intact => "intact".into(),
            Integrity::Edited(why) => format!("edited: {why}"),
            Integrity::DifferentKey(why) => format!("cannot check: {why}"),
            Integrity::NoKey => "cannot check: no key".into(),
        }
    }
}

/// What a point on the timeline is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A fault began or ended.
    Fault,
    /// The first alarm after a fault's onset.
    FirstCue,
    /// An alarm.
    Alarm,
    /// The candidate acted.
    Action,
    /// The instructor acted.
    Instructor,
    /// A facilitator's note.
    Note,
    /// Pause, resume or restart of the attempt.
    Pause,
    /// A never-event.
    NeverEvent,
    /// Any other model event.
    Other,
}

/// One row of the browser's timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEvent {
    /// When.
    pub tick: Tick,
    /// What kind.
    pub kind: EventKind,
    /// What happened.
    pub text: String,
}

/// A record re-simulated and ready to scrub.
#[derive(Debug)]
pub struct OpenRecord {
    /// The record as read.
    pub recovered: Recovered,
    /// Its key check.
    pub integrity: Integrity,
    /// Every action, trainee and instructor, in order.
    pub actions: Vec<LoggedAction>,
    /// Ticks between checkpoints ([`checkpoint_ticks`]).
    pub checkpoint_ticks: Tick,
    /// The session at ticks 0, N, 2N… (actions logged at that tick not yet applied).
    pub checkpoints: Vec<Session>,
    /// The session at the record's last tick.
    pub end: Session,
    /// The whole run's trends.
    pub trends: TrendCache,
    /// Trend markers; the last one is the cursor.
    pub markers: Vec<Marker>,
    /// Faults, cues, alarms, actions, notes and never-events in time order.
    pub timeline: Vec<TimelineEvent>,
    /// The re-scored report (scenarios with a rubric).
    pub report: Option<Report>,
    /// The moment shown.
    pub cursor: Tick,
    /// The session at the cursor.
    pub at_cursor: Session,
    /// Where the last report was saved, or why it was not.
    pub saved: Option<Result<PathBuf, String>>,
}

impl OpenRecord {
    /// Reads and re-simulates a record. Errors are sentences for the facilitator.
    pub fn open(path: &Path, key: Option<&ProgrammeKey>) -> Result<Self, String> {
        let recovered = RecordReader::open(path).map_err(|e| e.to_string())?;
        Self::from_recovered(recovered, key)
    }

    /// Re-simulates a record already read.
    pub fn from_recovered(
        recovered: Recovered,
        key: Option<&ProgrammeKey>,
    ) -> Result<Self, String> {
        let integrity = Integrity::check(&recovered, key);
        let h = recovered.header();
        if h.ticks_per_sec != TICKS_PER_SEC {
            return Err(format!(
                "the record counts {} ticks per second, this perfsim {TICKS_PER_SEC}",
                h.ticks_per_sec
            ));
        }
        let scenario = Arc::new(record::replay::scenario(&recovered).map_err(|e| e.to_string())?);
        let actions = recovered.actions();
        let end_tick = recovered.last_tick();
        let mut end = Session::new(scenario, h.seed);
        let every = checkpoint_ticks(end_tick);
        let mut checkpoints = vec![end.clone()];
        let applied = end
            .run_script(&actions, end_tick, |s| {
                if s.tick().is_multiple_of(every) {
                    checkpoints.push(s.clone());
                }
            })
            .map_err(|e| format!("replaying the actions: {e}"))?;
        for a in actions.iter().skip(applied) {
            end.act(a.actor, a.action.clone())
                .map_err(|e| format!("replaying the actions: {e}"))?;
        }
        let report = end.scenario().rubric.as_ref().map(|_| {
            perfsim_core::scoring::score(end.scenario(), end.log(), end.events(), end.trace())
        });
        let timeline = timeline(&recovered, &end, report.as_ref());
        let mut trends = TrendCache::default();
        trends.update(end.trace());
        let mut markers: Vec<Marker> = timeline
            .iter()
            .filter_map(|e| {
                let kind = match e.kind {
                    EventKind::Fault | EventKind::NeverEvent => MarkerKind::Fault,
                    EventKind::FirstCue | EventKind::Alarm => MarkerKind::Alarm,
                    EventKind::Action | EventKind::Instructor => MarkerKind::Action,
                    _ => return None,
                };
                Some(Marker {
                    t_min: secs_from_tick(e.tick) / 60.0,
                    kind,
                    label: format!("{} {}", clock_label(e.tick), e.text),
                })
            })
            .collect();
        markers.push(cursor_marker(end.tick()));
        let at_cursor = end.clone();
        let cursor = end.tick();
        Ok(Self {
            recovered,
            integrity,
            actions,
            checkpoint_ticks: every,
            checkpoints,
            end,
            trends,
            markers,
            timeline,
            report,
            cursor,
            at_cursor,
            saved: None,
        })
    }

    /// The last tick of the attempt.
    pub fn end_tick(&self) -> Tick {
        self.end.tick()
    }

    /// The session at `tick`, with the actions logged before it applied: the nearest
    /// earlier checkpoint, run on. At the end, the final session.
    pub fn session_at(&self, tick: Tick) -> Session {
        if tick >= self.end.tick() {
            return self.end.clone();
        }
        let index = usize::try_from(tick / self.checkpoint_ticks.max(1)).unwrap_or(usize::MAX);
        let Some(start) = self
            .checkpoints
            .get(index)
            .or_else(|| self.checkpoints.last())
        else {
            return self.end.clone();
        };
        let mut session = start.clone();
        let rest = self.actions.get(session.log().len()..).unwrap_or_default();
        // These actions were all applied once already; a refusal cannot happen here.
        if session.run_script(rest, tick, |_| {}).is_err() {
            return self.end.clone();
        }
        session
    }

    /// Moves the cursor to `tick` (clamped to the attempt).
    pub fn seek(&mut self, tick: Tick) {
        let tick = tick.min(self.end.tick());
        if tick == self.cursor {
            return;
        }
        self.cursor = tick;
        self.at_cursor = self.session_at(tick);
        if let Some(m) = self.markers.last_mut() {
            *m = cursor_marker(tick);
        }
    }

    /// Writes the printable report next to the record (`NAME.report.html` or `.md`),
    /// with the same renderer as `perfsim report`.
    pub fn save_report(&self, format: ReportFormat) -> Result<PathBuf, String> {
        let ext = match format {
            ReportFormat::Html => "report.html",
            ReportFormat::Markdown => "report.md",
        };
        let out = self.recovered.path.with_extension(ext);
        let inputs = ReportInputs {
            integrity: self.integrity.text(),
            events: self.end.events(),
        };
        let text = record::report::render(&self.recovered, &inputs, format);
        std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        Ok(out)
    }
}

fn cursor_marker(tick: Tick) -> Marker {
    Marker {
        t_min: secs_from_tick(tick) / 60.0,
        kind: MarkerKind::Cursor,
        label: format!("Cursor {}", clock_label(tick)),
    }
}

/// The timeline: the scoring report's (faults, first cue, alarms, actions, never-events)
/// or, without a rubric, the replay's faults, alarms and actions; plus the record's notes,
/// pauses and restarts. Sorted by time.
fn timeline(rec: &Recovered, end: &Session, report: Option<&Report>) -> Vec<TimelineEvent> {
    let mut rows: Vec<TimelineEvent> = match report {
        Some(r) => r
            .timeline
            .iter()
            .map(|e| TimelineEvent {
                tick: tick_from_secs(e.t_s),
                kind: match e.kind {
                    TimelineKind::Fault => EventKind::Fault,
                    TimelineKind::FirstCue => EventKind::FirstCue,
                    TimelineKind::Alarm => EventKind::Alarm,
                    TimelineKind::Action => EventKind::Action,
                    TimelineKind::Instructor => EventKind::Instructor,
                    TimelineKind::Event => EventKind::Other,
                    TimelineKind::NeverEvent => EventKind::NeverEvent,
                },
                text: e.text.clone(),
            })
            .collect(),
        None => end
            .events()
            .iter()
            .filter_map(|e| {
                let kind = match e.event {
                    Event::FaultOnset { .. } | Event::FaultCleared { .. } => EventKind::Fault,
                    Event::AlarmRaised { .. } => EventKind::Alarm,
                    Event::AlarmCleared { .. } => return None,
                    _ => EventKind::Other,
                };
                Some(TimelineEvent {
                    tick: e.tick,
                    kind,
                    text: e.event.describe(),
                })
            })
            .chain(end.log().iter().map(|a| TimelineEvent {
                tick: a.tick,
                kind: match a.actor {
                    Actor::Trainee => EventKind::Action,
                    Actor::Instructor => EventKind::Instructor,
                },
                text: a.action.describe(),
            }))
            .collect(),
    };
    rows.extend(rec.entries().filter_map(|e| {
        let (kind, text) = match e {
            Entry::Note { text, .. } => (EventKind::Note, format!("Note: {text}")),
            Entry::Pause { .. } => (EventKind::Pause, "Facilitator paused".into()),
            Entry::Resume { .. } => (EventKind::Pause, "Facilitator resumed".into()),
            Entry::Restarted { .. } => {
                (EventKind::Pause, "Interrupted; continued from here".into())
            }
            _ => return None,
        };
        Some(TimelineEvent {
            tick: e.tick(),
            kind,
            text,
        })
    }));
    rows.sort_by_key(|r| r.tick);
    rows
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
