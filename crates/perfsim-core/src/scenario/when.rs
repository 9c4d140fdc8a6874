//! Conditions a scenario file puts on its hints and its team's lines (`when:`): a time,
//! a signal threshold, a sounding alarm, an event, something the trainee did or has not
//! done yet, and their combinations. [`Watch`] evaluates them against a running session,
//! reading only what is new since its last update, so a frame's work stays small.

use serde::{Deserialize, Serialize};

use crate::action::Actor;
use crate::model::Signal;
use crate::model::alarms::Alarm;
use crate::scoring::rubric::{ActionKind, EventKind};
use crate::session::Session;
use crate::time::{Tick, secs_from_tick};

/// A fact about a run at a moment. See `docs/scenario-format.md`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum When {
    /// From this many simulated seconds after the start on.
    AtS(f64),
    /// The signal's latest one-second sample is above the value.
    Above(Signal, f64),
    /// The signal's latest one-second sample is below the value.
    Below(Signal, f64),
    /// This alarm is sounding (acknowledged or not).
    Alarm(Alarm),
    /// An event of this kind has happened.
    Event(EventKind),
    /// At least this many seconds have passed since the first event of this kind.
    SinceS(EventKind, f64),
    /// The trainee has done an action of this kind.
    Done(ActionKind),
    /// The trainee has done an action of this kind since the first event of that kind
    /// (false while the event has not happened).
    DoneSince(ActionKind, EventKind),
    /// Every one of these holds.
    All(Vec<When>),
    /// At least one of these holds.
    Any(Vec<When>),
    /// This does not hold.
    Not(Box<When>),
}

impl When {
    /// Checks the numbers a file gave: thresholds finite, times 0 s or later, lists not
    /// empty. Returns what was expected.
    pub fn check(&self) -> Result<(), String> {
        match self {
            When::AtS(s) | When::SinceS(_, s) if !(s.is_finite() && *s >= 0.0) => {
                Err(format!("a time must be 0 s or later, not {s}"))
            }
            When::Above(_, v) | When::Below(_, v) if !v.is_finite() => {
                Err(format!("a threshold must be a number, not {v}"))
            }
            When::All(list) | When::Any(list) => {
                if list.is_empty() {
                    return Err("All([...]) and Any([...]) need at least one condition".into());
                }
                list.iter().try_for_each(When::check)
            }
            When::Not(inner) => inner.check(),
            _ => Ok(()),
        }
    }

    fn visit<'a>(&'a self, f: &mut impl FnMut(&'a When)) {
        f(self);
        match self {
            When::All(list) | When::Any(list) => list.iter().for_each(|w| w.visit(f)),
            When::Not(inner) => inner.visit(f),
            _ => {}
        }
    }
}

/// Evaluates [`When`] conditions on a session as it runs. Remembers the first tick of
/// each event kind and the last tick of each trainee action kind its conditions name.
#[derive(Clone, Debug, Default)]
pub struct Watch {
    events_seen: usize,
    actions_seen: usize,
    first_event: Vec<(EventKind, Option<Tick>)>,
    last_action: Vec<(ActionKind, Option<Tick>)>,
}

impl Watch {
    /// A watch for these conditions.
    pub fn new<'a>(conditions: impl IntoIterator<Item = &'a When>) -> Self {
        let mut watch = Self::default();
        for c in conditions {
            c.visit(&mut |w| match w {
                When::Event(e) | When::SinceS(e, _) => watch.remember_event(*e),
                When::Done(a) => watch.remember_action(*a),
                When::DoneSince(a, e) => {
                    watch.remember_event(*e);
                    watch.remember_action(*a);
                }
                _ => {}
            });
        }
        watch
    }

    fn remember_event(&mut self, kind: EventKind) {
        if !self.first_event.iter().any(|(k, _)| *k == kind) {
            self.first_event.push((kind, None));
        }
    }

    fn remember_action(&mut self, kind: ActionKind) {
        if !self.last_action.iter().any(|(k, _)| *k == kind) {
            self.last_action.push((kind, None));
        }
    }

    /// Reads the events and trainee actions logged since the last update.
    pub fn update(&mut self, session: &Session) {
        let events = session.events().get(self.events_seen..).unwrap_or_default();
        for e in events {
            for (kind, first) in &mut self.first_event {
                if first.is_none() && kind.matches(&e.event) {
                    *first = Some(e.tick);
                }
            }
        }
        self.events_seen = session.events().len();
        let actions = session.log().get(self.actions_seen..).unwrap_or_default();
        for a in actions.iter().filter(|a| a.actor == Actor::Trainee) {
            for (kind, last) in &mut self.last_action {
                if ActionKind::of(&a.action) == Some(*kind) {
                    *last = Some(a.tick);
                }
            }
        }
        self.actions_seen = session.log().len();
    }

    fn first(&self, kind: EventKind) -> Option<Tick> {
        self.first_event
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, t)| *t)
    }

    fn last(&self, kind: ActionKind) -> Option<Tick> {
        self.last_action
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, t)| *t)
    }

    /// Whether `when` holds for `session` now (after [`Watch::update`]).
    pub fn holds(&self, when: &When, session: &Session) -> bool {
        let now = session.tick();
        let sample = |s: Signal| session.trace().last().map(|snap| snap.value(s));
        match when {
            When::AtS(s) => secs_from_tick(now) >= *s,
            When::Above(signal, v) => sample(*signal).is_some_and(|x| x > *v),
            When::Below(signal, v) => sample(*signal).is_some_and(|x| x < *v),
            When::Alarm(alarm) => session.sim().alarms_active().contains(*alarm),
            When::Event(kind) => self.first(*kind).is_some(),
            When::SinceS(kind, s) => self
                .first(*kind)
                .is_some_and(|t| secs_from_tick(now.saturating_sub(t)) >= *s),
            When::Done(kind) => self.last(*kind).is_some(),
            When::DoneSince(action, event) => match (self.last(*action), self.first(*event)) {
                (Some(done), Some(since)) => done >= since,
                _ => false,
            },
            When::All(list) => list.iter().all(|w| self.holds(w, session)),
            When::Any(list) => list.iter().any(|w| self.holds(w, session)),
            When::Not(inner) => !self.holds(inner, session),
        }
    }
}
