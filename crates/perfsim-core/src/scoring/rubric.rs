//! The rubric a scenario file carries: what is scored and how, in RON, so that a
//! programme can change it without touching code. See `docs/scenario-format.md`.
//!
//! Every name a rubric uses (an action, a signal, an alarm, a fault, an event) is a typed
//! enum, so a rubric that names something that does not exist is rejected by the parser
//! with the file, line and column. Cross-field rules (a window that ends before it starts,
//! a value condition on an action that carries no value) are checked by [`Rubric::check`].

use serde::{Deserialize, Serialize};

mod check;
pub mod matching;

pub use check::{RubricError, RubricPlace};

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
    /// Seconds outside at which the attempt fails whatever its total (a critical
    /// error): a poor outcome for the patient cannot pass. None: never.
    #[serde(default)]
    pub fail_after_s: Option<f64>,
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
