//! The rubric a scenario file carries: what is scored and how, in RON, so that a
//! programme can change it without touching code. See `docs/scenario-format.md`.
//!
//! Every name a rubric uses (an action, a signal, an alarm, a fault, an event) is a typed
//! enum, so a rubric that names something that does not exist is rejected by the parser
//! with the file, line and column. Cross-field rules (a window that ends before it starts,
//! a value condition on an action that carries no value) are checked by [`Rubric::check`].

use serde::{Deserialize, Serialize};

pub mod matching;

pub use matching::{
    ActionKind, ActionMatch, Anchor, AnyOf, Condition, EventKind, ValueCondition, action_value,
};

/// When a critical action's window opens for credit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Opens {
    /// At the first fault's onset, if that comes before the anchor: a candidate who
    /// notices the problem on the monitors before the alarm is credited.
    FaultOnset,
    /// At the anchor (plus `not_before_s`).
    Anchor,
}

use crate::model::Signal;

/// How a run is scored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// Total score (0-100) needed to pass.
    #[serde(default = "default_pass_mark")]
    pub pass_mark_pct: f64,
    /// Critical errors tolerated before the attempt fails whatever the total (0: the
    /// first critical error fails it; 1: the second does, as some programmes score).
    #[serde(default)]
    pub critical_errors_allowed: u32,
    /// Share of a critical action's points earned when it is done late, 0-100.
    #[serde(default = "default_late_credit")]
    pub late_credit_pct: f64,
    /// Relative weights of the scored sections.
    #[serde(default)]
    pub weights: SectionWeights,
    /// Actions that must be done, each in its time window.
    #[serde(default)]
    pub critical_actions: Vec<CriticalAction>,
    /// Orders that must be kept: this before that.
    #[serde(default)]
    pub sequence_rules: Vec<SequenceRule>,
    /// Things that must never happen.
    #[serde(default)]
    pub never_events: Vec<NeverEvent>,
    /// Physiological ranges, scored by the time spent outside them.
    #[serde(default)]
    pub ranges: Vec<Range>,
}

fn default_pass_mark() -> f64 {
    70.0
}
fn default_late_credit() -> f64 {
    50.0
}

impl Default for Rubric {
    fn default() -> Self {
        Self {
            pass_mark_pct: default_pass_mark(),
            critical_errors_allowed: 0,
            late_credit_pct: default_late_credit(),
            weights: SectionWeights::default(),
            critical_actions: Vec::new(),
            sequence_rules: Vec::new(),
            never_events: Vec::new(),
            ranges: Vec::new(),
        }
    }
}

/// Relative weights of the three scored sections. A section with no items drops out and
/// the others share its weight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionWeights {
    /// Critical actions.
    #[serde(default = "default_actions_weight")]
    pub actions: f64,
    /// Sequence rules.
    #[serde(default = "default_sequence_weight")]
    pub sequence: f64,
    /// Physiological ranges.
    #[serde(default = "default_ranges_weight")]
    pub ranges: f64,
}

fn default_actions_weight() -> f64 {
    60.0
}
fn default_sequence_weight() -> f64 {
    15.0
}
fn default_ranges_weight() -> f64 {
    25.0
}

impl Default for SectionWeights {
    fn default() -> Self {
        Self {
            actions: default_actions_weight(),
            sequence: default_sequence_weight(),
            ranges: default_ranges_weight(),
        }
    }
}

/// An action the candidate must take, in a time window after its anchor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriticalAction {
    /// What the report calls it, e.g. "Stop the pump".
    pub name: String,
    /// Any of these actions counts.
    pub actions: AnyOf,
    /// Actions that are a wrong attempt at it (a wrong dose, the wrong drug). If one
    /// comes before a right one, the item is marked wrong.
    #[serde(default)]
    pub wrong: Option<AnyOf>,
    /// Where time is measured from: the fault's onset, the first cue, an alarm, an event.
    pub from: Anchor,
    /// When the window opens for credit. Default: at the fault's onset when `from` is
    /// the first cue, an alarm or the onset itself (vigilance before the alarm counts);
    /// at the anchor otherwise.
    #[serde(default)]
    pub opens: Option<Opens>,
    /// A state that meets the item without an action, checked each second from the
    /// window's opening (e.g. `[Above(Fio2, 94)]`: FiO2 already at 1.0). All must hold.
    #[serde(default)]
    pub met_by: Vec<Condition>,
    /// Actions earlier than this many seconds after the anchor do not count (a recheck
    /// must wait for the drug to act).
    #[serde(default)]
    pub not_before_s: f64,
    /// Done within this many seconds of the anchor: on time.
    pub within_s: f64,
    /// Done after `within_s` but within this: late. Later, or never: missed. Default:
    /// late until the end of the run.
    #[serde(default)]
    pub late_until_s: Option<f64>,
    /// Points when done on time.
    pub points: f64,
    /// Whether missing it (or doing it wrongly) is a critical error.
    #[serde(default)]
    pub critical: bool,
    /// Shown in the debrief when the action was late, missed or wrong.
    pub teaching: String,
}

/// "This before that": the first `then` must come after a `first`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SequenceRule {
    /// What the report calls it.
    pub name: String,
    /// What must come first.
    pub first: AnyOf,
    /// What must come after it.
    pub then: AnyOf,
    /// Only actions at or after this anchor count (default: the start).
    #[serde(default = "default_anchor")]
    pub from: Anchor,
    /// Points when kept (none when broken, or when `then` never happened).
    pub points: f64,
    /// Shown in the debrief when the rule was broken.
    pub teaching: String,
}

fn default_anchor() -> Anchor {
    Anchor::Start
}

/// What a never-event costs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Consequence {
    /// A critical error: the attempt fails whatever the total.
    Fail,
    /// This many percentage points off the total.
    Penalty(f64),
}

/// What sets off a never-event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Trigger {
    /// A candidate's action matching any pattern while every condition holds (judged on
    /// the model's state at that moment; no conditions: always).
    Action(AnyOf, Vec<Condition>),
    /// A model event of this kind (e.g. `PumpStartedWithAir`).
    Event(EventKind),
}

/// Something that must never happen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeverEvent {
    /// What the report calls it.
    pub name: String,
    /// What sets it off.
    pub trigger: Trigger,
    /// What it costs (each time, for penalties; once, for a fail).
    pub consequence: Consequence,
    /// Shown in the debrief when it happened.
    pub teaching: String,
}

/// A physiological range; time outside it costs points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// What the report calls it, e.g. "MAP 50-90 mmHg".
    pub name: String,
    /// The model value.
    pub signal: Signal,
    /// Lower limit, in the signal's unit.
    #[serde(default)]
    pub low: Option<f64>,
    /// Upper limit, in the signal's unit.
    #[serde(default)]
    pub high: Option<f64>,
    /// Only seconds from this anchor on count (default: the start).
    #[serde(default = "default_anchor")]
    pub from: Anchor,
    /// Only seconds at which every one of these holds count (e.g. only on bypass).
    #[serde(default)]
    pub only_while: Vec<Condition>,
    /// Seconds outside that cost nothing.
    #[serde(default)]
    pub free_s: f64,
    /// Seconds outside at which the range earns nothing.
    pub zero_at_s: f64,
    /// Weight within the ranges section.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// Shown in the debrief when any points were lost here.
    #[serde(default)]
    pub teaching: String,
}

fn default_weight() -> f64 {
    1.0
}

/// A rule a rubric breaks: what to point at in the file and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct RubricError {
    /// Text near the problem (an item's name), to place the error in the file.
    pub near: String,
    /// What is wrong.
    pub message: String,
}

fn non_negative(what: &str, v: f64) -> Result<(), String> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(format!("{what} must be 0 or more, not {v}"))
    }
}

impl Rubric {
    /// Checks what the parser cannot: numbers in range, windows in order, value
    /// conditions only on actions that carry a value, names unique.
    pub fn check(&self) -> Result<(), RubricError> {
        let top = |message: String| RubricError {
            near: "rubric".into(),
            message,
        };
        if !(0.0..=100.0).contains(&self.pass_mark_pct) {
            return Err(top(format!(
                "pass_mark_pct must be from 0 to 100, not {}",
                self.pass_mark_pct
            )));
        }
        if !(0.0..=100.0).contains(&self.late_credit_pct) {
            return Err(top(format!(
                "late_credit_pct must be from 0 to 100, not {}",
                self.late_credit_pct
            )));
        }
        let w = &self.weights;
        for (what, v) in [
            ("weights.actions", w.actions),
            ("weights.sequence", w.sequence),
            ("weights.ranges", w.ranges),
        ] {
            non_negative(what, v).map_err(top)?;
        }
        let mut names = std::collections::BTreeSet::new();
        let mut unique = |name: &str| {
            if names.insert(name.to_string()) {
                Ok(())
            } else {
                Err(format!("the name {name:?} is used twice in this rubric"))
            }
        };
        for a in &self.critical_actions {
            let at = |message: String| RubricError {
                near: format!("\"{}\"", a.name),
                message: format!("critical action {:?}: {message}", a.name),
            };
            unique(&a.name).map_err(at)?;
            a.actions.check("actions").map_err(at)?;
            if let Some(w) = &a.wrong {
                w.check("wrong").map_err(at)?;
            }
            a.from.check().map_err(at)?;
            non_negative("not_before_s", a.not_before_s).map_err(at)?;
            non_negative("points", a.points).map_err(at)?;
            if !(a.within_s.is_finite() && a.within_s > a.not_before_s) {
                return Err(at(format!(
                    "within_s ({}) must be later than not_before_s ({})",
                    a.within_s, a.not_before_s
                )));
            }
            if let Some(late) = a.late_until_s
                && !(late.is_finite() && late >= a.within_s)
            {
                return Err(at(format!(
                    "late_until_s ({late}) must be at or after within_s ({})",
                    a.within_s
                )));
            }
        }
        for r in &self.sequence_rules {
            let at = |message: String| RubricError {
                near: format!("\"{}\"", r.name),
                message: format!("sequence rule {:?}: {message}", r.name),
            };
            unique(&r.name).map_err(at)?;
            r.first.check("first").map_err(at)?;
            r.then.check("then").map_err(at)?;
            r.from.check().map_err(at)?;
            non_negative("points", r.points).map_err(at)?;
        }
        for n in &self.never_events {
            let at = |message: String| RubricError {
                near: format!("\"{}\"", n.name),
                message: format!("never-event {:?}: {message}", n.name),
            };
            unique(&n.name).map_err(at)?;
            if let Trigger::Action(any, conditions) = &n.trigger {
                any.check("the trigger").map_err(at)?;
                conditions
                    .iter()
                    .try_for_each(Condition::check)
                    .map_err(at)?;
            }
            if let Consequence::Penalty(p) = n.consequence
                && !(p.is_finite() && (0.0..=100.0).contains(&p))
            {
                return Err(at(format!("a penalty must be 0-100 points, not {p}")));
            }
        }
        for r in &self.ranges {
            let at = |message: String| RubricError {
                near: format!("\"{}\"", r.name),
                message: format!("range {:?}: {message}", r.name),
            };
            unique(&r.name).map_err(at)?;
            match (r.low, r.high) {
                (None, None) => return Err(at("give a low limit, a high limit or both".into())),
                (lo, hi) if lo.into_iter().chain(hi).any(|v| !v.is_finite()) => {
                    return Err(at("limits must be numbers".into()));
                }
                (Some(lo), Some(hi)) if lo >= hi => {
                    return Err(at(format!("low ({lo}) must be below high ({hi})")));
                }
                _ => {}
            }
            r.from.check().map_err(at)?;
            r.only_while
                .iter()
                .try_for_each(Condition::check)
                .map_err(at)?;
            non_negative("free_s", r.free_s).map_err(at)?;
            non_negative("weight", r.weight).map_err(at)?;
            if !(r.zero_at_s.is_finite() && r.zero_at_s > r.free_s) {
                return Err(at(format!(
                    "zero_at_s ({}) must be later than free_s ({})",
                    r.zero_at_s, r.free_s
                )));
            }
        }
        Ok(())
    }
}
