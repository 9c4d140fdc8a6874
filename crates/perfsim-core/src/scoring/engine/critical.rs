//! One critical action: its window (anchor, opening, on-time and late limits), what
//! meets it (a carried-out action, or a state), and its status.

use super::Run;
use crate::model::events::Event;
use crate::scoring::report::{ActionResult, Status};
use crate::scoring::rubric::{Anchor, CriticalAction, EventKind, Opens};
use crate::time::{Tick, secs_from_tick, tick_from_secs};

/// Signed seconds from `from` to `to`.
fn signed_s(from: Tick, to: Tick) -> f64 {
    secs_from_tick(to) - secs_from_tick(from)
}

impl Run<'_> {
    /// The anchor's tick and a few words for people saying what it is.
    pub(super) fn anchor_described(&self, anchor: &Anchor) -> Option<(Tick, String)> {
        let tick = self.anchor_tick(anchor)?;
        let event_text = |pred: &dyn Fn(&Event) -> bool| {
            self.events
                .iter()
                .find(|e| e.tick == tick && pred(&e.event))
                .map(|e| e.event.describe())
                .unwrap_or_default()
        };
        let text = match anchor {
            Anchor::Start => "the start".to_string(),
            Anchor::FaultOnset => format!(
                "fault onset ({})",
                event_text(&|e| matches!(e, Event::FaultOnset { .. }))
            ),
            Anchor::FirstCue => match self.first_cue() {
                Some(i) => format!("first cue ({})", self.events[i].event.describe()),
                None => "fault onset (no alarm sounded)".to_string(),
            },
            Anchor::Event(kind) => event_text(&|e| kind.matches(e)),
            Anchor::Action(any) => {
                let first = self.trainee.iter().find(|a| any.matches(&a.action));
                format!(
                    "your {}",
                    first.map(|a| a.action.describe()).unwrap_or_default()
                )
            }
        };
        Some((tick, text))
    }

    /// Whether the item's window opens at the fault's onset (when that comes first).
    fn opens_at_onset(item: &CriticalAction) -> bool {
        match item.opens {
            Some(Opens::FaultOnset) => true,
            Some(Opens::Anchor) => false,
            None => matches!(
                item.from,
                Anchor::FirstCue
                    | Anchor::FaultOnset
                    | Anchor::Event(EventKind::AlarmRaised(_) | EventKind::FaultOnset(_))
            ),
        }
    }

    pub(super) fn critical_action(
        &self,
        item: &CriticalAction,
        late_credit_pct: f64,
    ) -> ActionResult {
        let mut result = ActionResult {
            name: item.name.clone(),
            status: Status::NotApplicable,
            t_from_onset_s: None,
            t_s: None,
            anchor_t_s: None,
            anchor: String::new(),
            opens_t_s: None,
            met_by: String::new(),
            points: 0.0,
            max_points: item.points,
            critical: item.critical,
            teaching: item.teaching.clone(),
        };
        let Some((anchor, anchor_text)) = self.anchor_described(&item.from) else {
            return result;
        };
        result.anchor_t_s = Some(secs_from_tick(anchor));
        result.anchor = anchor_text;
        let after_anchor = anchor + tick_from_secs(item.not_before_s);
        let from = match self.first_fault() {
            Some(onset) if Self::opens_at_onset(item) && onset < after_anchor => onset,
            _ => after_anchor,
        };
        result.opens_t_s = Some(secs_from_tick(from));
        let on_time = anchor + tick_from_secs(item.within_s);
        let late_until = item
            .late_until_s
            .map_or(Tick::MAX, |s| anchor.saturating_add(tick_from_secs(s)));
        let by_action = self
            .trainee
            .iter()
            .find(|a| {
                a.tick >= from
                    && a.tick <= late_until
                    && item.actions.matches(&a.action)
                    && !self.too_soon_after_anchor(item, a.tick)
            })
            .map(|a| a.tick);
        let by_state = self.first_state(item, from, late_until);
        let right = match (by_action, by_state) {
            (Some(a), Some(s)) => Some((a.min(s), if s < a { "state" } else { "action" })),
            (Some(a), None) => Some((a, "action")),
            (None, Some(s)) => Some((s, "state")),
            (None, None) => None,
        };
        let wrong = item.wrong.as_ref().and_then(|w| {
            self.trainee.iter().copied().find(|a| {
                a.tick >= from
                    && a.tick <= right.map_or(late_until, |r| r.0)
                    && !item.actions.matches(&a.action)
                    && w.matches(&a.action)
            })
        });
        let (status, decided) = match (right, wrong) {
            (_, Some(w)) => (Status::Wrong, Some((w.tick, "action"))),
            (Some(r), None) if r.0 <= on_time => (Status::Done, Some(r)),
            (Some(r), None) => (Status::Late, Some(r)),
            // The run stopped early with the window still open: not reached, not missed.
            (None, None) if self.ended_early && self.end < late_until => (Status::NotReached, None),
            (None, None) => (Status::Missed, None),
        };
        result.status = status;
        if let Some((tick, how)) = decided {
            result.t_s = Some(secs_from_tick(tick));
            result.t_from_onset_s = Some(signed_s(anchor, tick));
            result.met_by = how.to_string();
        }
        result.points = match status {
            Status::Done => item.points,
            Status::Late => item.points * late_credit_pct / 100.0,
            _ => 0.0,
        };
        result
    }

    /// Whether an action at `tick` comes less than `not_before_s` after the latest
    /// action matching an `Action` anchor: an ACT drawn 2 s after a second heparin dose
    /// shows nothing of that dose, so it is no recheck.
    fn too_soon_after_anchor(&self, item: &CriticalAction, tick: Tick) -> bool {
        let Anchor::Action(any) = &item.from else {
            return false;
        };
        let wait = tick_from_secs(item.not_before_s);
        wait > 0
            && self
                .trainee
                .iter()
                .any(|a| a.tick <= tick && a.tick + wait > tick && any.matches(&a.action))
    }

    /// The first whole second in `[from, until]` at which every `met_by` condition holds.
    fn first_state(&self, item: &CriticalAction, from: Tick, until: Tick) -> Option<Tick> {
        if item.met_by.is_empty() {
            return None;
        }
        // The state at the opening itself is the last sample at or before it.
        let at_opening = self
            .snapshot_at(from)
            .filter(|s| item.met_by.iter().all(|c| self.holds(c, from, Some(s))))
            .map(|_| from);
        at_opening.or_else(|| {
            self.trace
                .iter()
                .filter(|s| s.tick > from && s.tick <= until)
                .find(|s| item.met_by.iter().all(|c| self.holds(c, s.tick, Some(s))))
                .map(|s| s.tick)
        })
    }
}
