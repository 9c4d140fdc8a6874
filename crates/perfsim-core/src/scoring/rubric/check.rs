//! What the parser cannot check in a rubric: numbers in range, windows in order, value
//! conditions only on actions that carry a value, names unique, weights that can score,
//! and items that can apply in the scenario that carries the rubric.

use std::collections::BTreeSet;

use super::{Anchor, AnyOf, Condition, Consequence, EventKind, Rubric, Trigger};
use crate::bounded::short;
use crate::model::faults::FaultKind;

/// The largest number of points, weight or penalty a rubric may give one thing: more
/// is a typing slip (points of 1e308 made the total `NaN`).
pub const MAX_POINTS: f64 = 1000.0;
/// The longest window or range time, s: ten days.
pub const MAX_SECONDS: f64 = 864_000.0;

/// Where in the rubric a problem is, so that the scenario parser can point at it.
#[derive(Clone, Debug, PartialEq)]
pub enum RubricPlace {
    /// A top-level field of the rubric (`weights`, `pass_mark_pct`...).
    Field(&'static str),
    /// The `index`-th entry (from 0) of a list: `critical_actions`, `sequence_rules`,
    /// `never_events` or `ranges`.
    Entry {
        /// The list's field name.
        list: &'static str,
        /// Its position in the list.
        index: usize,
    },
}

/// A rule a rubric breaks: where and what.
#[derive(Clone, Debug, PartialEq)]
pub struct RubricError {
    /// Where.
    pub place: RubricPlace,
    /// What is wrong, and what was expected.
    pub message: String,
}

fn non_negative(what: &str, v: f64, max: f64) -> Result<(), String> {
    if v.is_finite() && (0.0..=max).contains(&v) {
        Ok(())
    } else {
        Err(format!(
            "{what} must be from 0 to {}, not {}",
            short(max),
            short(v)
        ))
    }
}

/// Why an anchor can never happen in a scenario scheduling `faults`, if it cannot.
fn never_happens(anchor: &Anchor, faults: &BTreeSet<FaultKind>) -> Option<String> {
    let kind = match anchor {
        Anchor::Event(EventKind::FaultOnset(k) | EventKind::FaultCleared(k)) => *k,
        Anchor::FaultOnset | Anchor::FirstCue if faults.is_empty() => {
            return Some(
                "it is timed from a fault, and this scenario schedules none; \
                 expected an anchor that happens in this scenario"
                    .into(),
            );
        }
        Anchor::Action(_)
        | Anchor::Event(_)
        | Anchor::Start
        | Anchor::FaultOnset
        | Anchor::FirstCue => {
            return None;
        }
    };
    (!faults.contains(&kind)).then(|| {
        format!(
            "it is timed from a {kind:?} fault, which this scenario never schedules (it \
             schedules {}), so it would always be \"not applicable\"",
            if faults.is_empty() {
                "none".to_string()
            } else {
                faults
                    .iter()
                    .map(|k| format!("{k:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        )
    })
}

fn conditions_apply(conditions: &[Condition], faults: &BTreeSet<FaultKind>) -> Result<(), String> {
    for c in conditions {
        c.check()?;
        if let Condition::NotDoneSince(_, anchor) = c
            && let Some(why) = never_happens(anchor, faults)
        {
            return Err(format!("a NotDoneSince condition never holds: {why}"));
        }
    }
    Ok(())
}

impl Rubric {
    /// Checks the rubric on its own and against the faults its scenario schedules.
    pub fn check(&self, faults: &[FaultKind]) -> Result<(), RubricError> {
        let faults: BTreeSet<FaultKind> = faults.iter().copied().collect();
        let field = |name: &'static str| {
            move |message: String| RubricError {
                place: RubricPlace::Field(name),
                message,
            }
        };
        for (name, v) in [
            ("pass_mark_pct", self.pass_mark_pct),
            ("late_credit_pct", self.late_credit_pct),
        ] {
            non_negative(name, v, 100.0).map_err(field(name))?;
        }
        let w = &self.weights;
        for (what, v) in [
            ("weights.actions", w.actions),
            ("weights.sequence", w.sequence),
            ("weights.ranges", w.ranges),
        ] {
            non_negative(what, v, MAX_POINTS).map_err(field("weights"))?;
        }
        let used = [
            (!self.critical_actions.is_empty(), w.actions),
            (!self.sequence_rules.is_empty(), w.sequence),
            (!self.ranges.is_empty(), w.ranges),
        ];
        if used.iter().any(|(has, _)| *has) && used.iter().all(|(has, w)| !has || *w <= 0.0) {
            return Err(field("weights")(
                "the weights of the sections that have items sum to 0, so every attempt \
                 would score 100 %; expected a weight above 0 for at least one of them"
                    .into(),
            ));
        }
        let mut names = BTreeSet::new();
        let mut unique = |name: &str| {
            if names.insert(name.to_string()) {
                Ok(())
            } else {
                Err(format!(
                    "the name {name:?} is used twice in this rubric; expected a name of its own"
                ))
            }
        };
        let entry = |list: &'static str, index: usize, kind: &'static str, name: &str| {
            let name = name.to_string();
            move |message: String| RubricError {
                place: RubricPlace::Entry { list, index },
                message: format!("{kind} {name:?}: {message}"),
            }
        };
        let applies = |anchor: &Anchor| never_happens(anchor, &faults).map_or(Ok(()), Err);
        for (i, a) in self.critical_actions.iter().enumerate() {
            let at = entry("critical_actions", i, "critical action", &a.name);
            unique(&a.name).map_err(&at)?;
            a.actions.check("actions").map_err(&at)?;
            if let Some(w) = &a.wrong {
                w.check("wrong").map_err(&at)?;
            }
            a.from.check().map_err(&at)?;
            applies(&a.from).map_err(&at)?;
            conditions_apply(&a.met_by, &faults).map_err(&at)?;
            non_negative("not_before_s", a.not_before_s, MAX_SECONDS).map_err(&at)?;
            non_negative("points", a.points, MAX_POINTS).map_err(&at)?;
            if !(a.within_s.is_finite() && a.within_s > a.not_before_s && a.within_s <= MAX_SECONDS)
            {
                return Err(at(format!(
                    "within_s ({}) must be later than not_before_s ({}) and at most {}",
                    short(a.within_s),
                    short(a.not_before_s),
                    short(MAX_SECONDS)
                )));
            }
            if let Some(late) = a.late_until_s
                && !(late.is_finite() && late >= a.within_s && late <= MAX_SECONDS)
            {
                return Err(at(format!(
                    "late_until_s ({}) must be at or after within_s ({}) and at most {}",
                    short(late),
                    short(a.within_s),
                    short(MAX_SECONDS)
                )));
            }
        }
        for (i, r) in self.sequence_rules.iter().enumerate() {
            let at = entry("sequence_rules", i, "sequence rule", &r.name);
            unique(&r.name).map_err(&at)?;
            r.first.check("first").map_err(&at)?;
            r.then.check("then").map_err(&at)?;
            r.from.check().map_err(&at)?;
            applies(&r.from).map_err(&at)?;
            non_negative("points", r.points, MAX_POINTS).map_err(&at)?;
        }
        for (i, n) in self.never_events.iter().enumerate() {
            let at = entry("never_events", i, "never-event", &n.name);
            unique(&n.name).map_err(&at)?;
            match &n.trigger {
                Trigger::Action(any, conditions) => {
                    AnyOf::check(any, "the trigger").map_err(&at)?;
                    conditions_apply(conditions, &faults).map_err(&at)?;
                }
                Trigger::Event(kind) => applies(&Anchor::Event(*kind)).map_err(&at)?,
            }
            if let Consequence::Penalty(p) = n.consequence {
                non_negative("a penalty", p, 100.0).map_err(&at)?;
            }
        }
        for (i, r) in self.ranges.iter().enumerate() {
            let at = entry("ranges", i, "range", &r.name);
            unique(&r.name).map_err(&at)?;
            match (r.low, r.high) {
                (None, None) => return Err(at("give a low limit, a high limit or both".into())),
                (lo, hi) if lo.into_iter().chain(hi).any(|v| !v.is_finite()) => {
                    return Err(at("limits must be numbers".into()));
                }
                (Some(lo), Some(hi)) if lo >= hi => {
                    return Err(at(format!(
                        "low ({}) must be below high ({})",
                        short(lo),
                        short(hi)
                    )));
                }
                _ => {}
            }
            r.from.check().map_err(&at)?;
            applies(&r.from).map_err(&at)?;
            conditions_apply(&r.only_while, &faults).map_err(&at)?;
            non_negative("free_s", r.free_s, MAX_SECONDS).map_err(&at)?;
            non_negative("weight", r.weight, MAX_POINTS).map_err(&at)?;
            if let Some(fail) = r.fail_after_s
                && !(fail.is_finite() && fail >= r.free_s && fail <= MAX_SECONDS)
            {
                return Err(at(format!(
                    "fail_after_s ({}) must be at or after free_s ({}) and at most {}",
                    short(fail),
                    short(r.free_s),
                    short(MAX_SECONDS)
                )));
            }
            if !(r.zero_at_s.is_finite() && r.zero_at_s > r.free_s && r.zero_at_s <= MAX_SECONDS) {
                return Err(at(format!(
                    "zero_at_s ({}) must be later than free_s ({}) and at most {}",
                    short(r.zero_at_s),
                    short(r.free_s),
                    short(MAX_SECONDS)
                )));
            }
        }
        Ok(())
    }
}
