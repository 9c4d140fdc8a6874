//! One timeline of an attempt: faults, first cue, alarms, actions (trainee and
//! instructor), notes, pauses and never-events, in time order.

use crate::action::Actor;
use crate::model::events::Event;
use crate::record::Entry;
use crate::scoring::Report;
use crate::scoring::report::TimelineKind;
use crate::session::Session;
use crate::time::{Tick, tick_from_secs};

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

/// One row of the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEvent {
    /// When.
    pub tick: Tick,
    /// What kind.
    pub kind: EventKind,
    /// What happened.
    pub text: String,
}

/// The timeline: the scoring report's (faults, first cue, alarms, actions, never-events)
/// or, without a rubric, the session's faults, alarms and actions; plus the record's
/// notes, pauses and restarts (`entries`, empty for a session not recorded). Sorted by
/// time (stable: at one tick, the report's rows come first).
pub fn timeline<'a>(
    entries: impl Iterator<Item = &'a Entry>,
    end: &Session,
    report: Option<&Report>,
) -> Vec<TimelineEvent> {
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
    rows.extend(entries.filter_map(|e| {
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
