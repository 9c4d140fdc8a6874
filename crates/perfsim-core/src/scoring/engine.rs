//! The scoring engine: a pure function of the scenario, the action log, the events and
//! the 1 Hz trace. It never reads the wall clock; the same run always gives the same
//! report. Only the candidate's ([`Actor::Trainee`]) actions that the console carried
//! out are scored: a refused one is in the timeline, marked refused, and earns nothing.

use crate::action::{Actor, LoggedAction};
use crate::model::Snapshot;
use crate::model::events::{Event, LoggedEvent};
use crate::scenario::Scenario;
use crate::scoring::report::{
    ActionResult, NeverEventHit, RangeResult, Report, RuleResult, RuleStatus, SectionScore, Status,
    TimelineEntry, TimelineKind,
};
use crate::scoring::rubric::{
    Anchor, Condition, Consequence, NeverEvent, Range, Rubric, SequenceRule, Trigger,
};
use crate::time::{Tick, secs_from_tick};

mod critical;
mod delivered;

/// What the scorer reads of a run, as [`crate::session::Session`] records it.
#[derive(Clone, Copy, Debug)]
pub struct RunLog<'a> {
    /// The whole action log (instructor actions appear in the timeline but are never
    /// scored).
    pub log: &'a [LoggedAction],
    /// Parallel to `log`: whether the console refused each action. Shorter than `log`
    /// (empty, for instance) means the rest were carried out.
    pub refused: &'a [bool],
    /// The model's events in order.
    pub events: &'a [LoggedEvent],
    /// The 1 Hz snapshots from tick 0.
    pub trace: &'a [Snapshot],
}

/// Scores a run against its scenario's rubric (an empty rubric when it has none).
pub fn score(scenario: &Scenario, input: &RunLog<'_>) -> Report {
    let default_rubric = Rubric::default();
    let rubric = scenario.rubric.as_ref().unwrap_or(&default_rubric);
    let delivered = delivered::as_delivered(input.log, input.refused, input.events);
    let input = RunLog {
        log: &delivered,
        ..*input
    };
    let run = Run::new(scenario, &input);

    let critical_actions: Vec<ActionResult> = rubric
        .critical_actions
        .iter()
        .map(|a| run.critical_action(a, rubric.late_credit_pct))
        .collect();
    let sequence_rules: Vec<RuleResult> = rubric
        .sequence_rules
        .iter()
        .map(|r| run.sequence_rule(r))
        .collect();
    let mut never_events: Vec<NeverEventHit> = rubric
        .never_events
        .iter()
        .flat_map(|n| run.never_event(n))
        .collect();
    never_events.sort_by(|a, b| a.t_s.total_cmp(&b.t_s));
    let ranges: Vec<RangeResult> = rubric.ranges.iter().map(|r| run.range(r)).collect();

    let section = |name: &str, weight: f64, earned: f64, max: f64| SectionScore {
        name: name.to_string(),
        score_pct: if max > 0.0 {
            100.0 * earned / max
        } else {
            100.0
        },
        weight: if max > 0.0 { weight } else { 0.0 },
    };
    // A not-reached item counts in the total with nothing earned: ending a run early
    // must never raise the score.
    let scored = critical_actions
        .iter()
        .filter(|a| a.status != Status::NotApplicable);
    let sections = vec![
        section(
            "actions",
            rubric.weights.actions,
            scored.clone().map(|a| a.points).sum(),
            scored.map(|a| a.max_points).sum(),
        ),
        section(
            "sequence",
            rubric.weights.sequence,
            sequence_rules.iter().map(|r| r.points).sum(),
            sequence_rules.iter().map(|r| r.max_points).sum(),
        ),
        section(
            "ranges",
            rubric.weights.ranges,
            ranges.iter().map(|r| r.weight * r.score_pct / 100.0).sum(),
            ranges.iter().map(|r| r.weight).sum(),
        ),
    ];
    let total_weight: f64 = sections.iter().map(|s| s.weight).sum();
    let weighted = if total_weight > 0.0 {
        sections.iter().map(|s| s.weight * s.score_pct).sum::<f64>() / total_weight
    } else {
        100.0
    };
    let penalty: f64 = never_events.iter().map(|n| n.penalty_pct).sum();
    let score_pct = (weighted - penalty).clamp(0.0, 100.0);

    let mut critical_errors = Vec::new();
    for n in &rubric.never_events {
        if let Some(hit) = never_events.iter().find(|h| h.name == n.name && h.fails) {
            critical_errors.push(format!("never-event: {} at {:.0} s", hit.name, hit.t_s));
        }
    }
    for a in &critical_actions {
        if a.critical && matches!(a.status, Status::Missed | Status::Wrong) {
            critical_errors.push(format!("critical action {}: {}", a.status.label(), a.name));
        }
    }
    for r in &ranges {
        if r.failed {
            critical_errors.push(format!(
                "outcome: {} out of range for {:.0} s (the limit is {:.0} s)",
                r.name,
                r.s_outside,
                r.fail_after_s.unwrap_or_default()
            ));
        }
    }
    let mut fail_reasons = Vec::new();
    if score_pct < rubric.pass_mark_pct {
        fail_reasons.push(format!(
            "score {:.0} % below the pass mark {:.0} %",
            score_pct, rubric.pass_mark_pct
        ));
    }
    if critical_errors.len() > rubric.critical_errors_allowed as usize {
        fail_reasons.extend(critical_errors.iter().cloned());
    }
    for a in &critical_actions {
        if a.critical && a.status == Status::NotReached {
            fail_reasons.push(format!(
                "critical action not reached before the run ended: {}",
                a.name
            ));
        }
    }
    let passed = fail_reasons.is_empty();

    let mut teaching_points = Vec::new();
    let mut teach = |text: &str| {
        if !text.is_empty() && !teaching_points.iter().any(|t: &String| t == text) {
            teaching_points.push(text.to_string());
        }
    };
    for n in &never_events {
        teach(&n.teaching);
    }
    for a in &critical_actions {
        if matches!(a.status, Status::Late | Status::Missed | Status::Wrong) {
            teach(&a.teaching);
        }
    }
    for r in &sequence_rules {
        if r.status != RuleStatus::Kept {
            teach(&r.teaching);
        }
    }
    for r in &ranges {
        if r.score_pct < 100.0 {
            teach(&r.teaching);
        }
    }
    for d in &scenario.debrief {
        teach(d);
    }

    let timeline = run.timeline(&never_events);
    Report {
        scenario: scenario.name.clone(),
        scenario_version: scenario.version.clone(),
        scenario_sha256: scenario.content_sha256.clone(),
        duration_s: secs_from_tick(run.end),
        passed,
        score_pct,
        pass_mark_pct: rubric.pass_mark_pct,
        sections,
        critical_actions,
        sequence_rules,
        never_events,
        ranges,
        critical_errors,
        fail_reasons,
        teaching_points,
        timeline,
    }
}

/// The run as the scorer reads it.
struct Run<'a> {
    start_ventilated: bool,
    /// The candidate's actions that the console carried out, in log order.
    trainee: Vec<&'a LoggedAction>,
    log: &'a [LoggedAction],
    refused: &'a [bool],
    /// Whether the run stopped before the scenario's time was up.
    ended_early: bool,
    events: &'a [LoggedEvent],
    trace: &'a [Snapshot],
    end: Tick,
}

impl<'a> Run<'a> {
    fn new(scenario: &Scenario, input: &RunLog<'a>) -> Self {
        let RunLog {
            log,
            refused,
            events,
            trace,
        } = *input;
        let end = trace
            .last()
            .map(|s| s.tick)
            .into_iter()
            .chain(log.last().map(|a| a.tick))
            .chain(events.last().map(|e| e.tick))
            .max()
            .unwrap_or(0);
        Self {
            start_ventilated: scenario.model.start.ventilation,
            trainee: log
                .iter()
                .enumerate()
                .filter(|(i, a)| {
                    a.actor == Actor::Trainee && !refused.get(*i).copied().unwrap_or(false)
                })
                .map(|(_, a)| a)
                .collect(),
            log,
            refused,
            ended_early: end < scenario.duration_ticks,
            events,
            trace,
            end,
        }
    }

    /// The tick of the first fault onset.
    fn first_fault(&self) -> Option<Tick> {
        self.events
            .iter()
            .find(|e| matches!(e.event, Event::FaultOnset { .. }))
            .map(|e| e.tick)
    }

    /// Index (into the events) of the first alarm raised at or after the first fault's
    /// onset.
    fn first_cue(&self) -> Option<usize> {
        let onset = self.first_fault()?;
        self.events
            .iter()
            .position(|e| e.tick >= onset && matches!(e.event, Event::AlarmRaised { .. }))
    }

    fn anchor_tick(&self, anchor: &Anchor) -> Option<Tick> {
        match anchor {
            Anchor::Start => Some(0),
            Anchor::FaultOnset => self.first_fault(),
            Anchor::Event(kind) => self
                .events
                .iter()
                .find(|e| kind.matches(&e.event))
                .map(|e| e.tick),
            // A candidate vigilant enough that no alarm ever sounds is timed from the
            // fault's onset, not left unscored.
            Anchor::FirstCue => self
                .first_cue()
                .map(|i| self.events[i].tick)
                .or_else(|| self.first_fault()),
            Anchor::Action(any) => self
                .trainee
                .iter()
                .find(|a| any.matches(&a.action))
                .map(|a| a.tick),
        }
    }

    /// The latest snapshot at or before `tick` (the state before actions at `tick`).
    fn snapshot_at(&self, tick: Tick) -> Option<&'a Snapshot> {
        let i = self.trace.partition_point(|s| s.tick <= tick);
        self.trace.get(i.checked_sub(1)?)
    }

    fn ventilated_at(&self, tick: Tick) -> bool {
        self.trainee
            .iter()
            .take_while(|a| a.tick <= tick)
            .filter_map(|a| match a.action {
                crate::action::Action::Ventilation { on } => Some(on),
                _ => None,
            })
            .last()
            .unwrap_or(self.start_ventilated)
    }

    /// Whether `condition` holds at `tick`, reading signals from `snapshot`.
    fn holds(&self, condition: &Condition, tick: Tick, snapshot: Option<&Snapshot>) -> bool {
        match condition {
            Condition::Above(signal, v) => snapshot.is_some_and(|s| s.value(*signal) > *v),
            Condition::Below(signal, v) => snapshot.is_some_and(|s| s.value(*signal) < *v),
            Condition::Ventilated(on) => self.ventilated_at(tick) == *on,
            Condition::NotDoneSince(any, anchor) => match self.anchor_tick(anchor) {
                Some(a) if a <= tick => !self
                    .trainee
                    .iter()
                    .any(|x| x.tick >= a && x.tick < tick && any.matches(&x.action)),
                _ => false,
            },
        }
    }

    fn sequence_rule(&self, rule: &SequenceRule) -> RuleResult {
        let mut result = RuleResult {
            name: rule.name.clone(),
            status: RuleStatus::NotReached,
            t_s: None,
            points: 0.0,
            max_points: rule.points,
            teaching: rule.teaching.clone(),
        };
        let Some(from) = self.anchor_tick(&rule.from) else {
            return result;
        };
        let Some(then_at) = self
            .trainee
            .iter()
            .position(|a| a.tick >= from && rule.then.matches(&a.action))
        else {
            return result;
        };
        let kept = self.trainee[..then_at]
            .iter()
            .any(|a| a.tick >= from && rule.first.matches(&a.action));
        result.t_s = Some(secs_from_tick(self.trainee[then_at].tick));
        result.status = if kept {
            RuleStatus::Kept
        } else {
            RuleStatus::Broken
        };
        if kept {
            result.points = rule.points;
        }
        result
    }

    fn never_event(&self, item: &NeverEvent) -> Vec<NeverEventHit> {
        let ticks: Vec<Tick> = match &item.trigger {
            Trigger::Action(any, conditions) => self
                .trainee
                .iter()
                .filter(|a| any.matches(&a.action))
                .filter(|a| {
                    let snap = self.snapshot_at(a.tick);
                    conditions.iter().all(|c| self.holds(c, a.tick, snap))
                })
                .map(|a| a.tick)
                .collect(),
            Trigger::Event(kind) => self
                .events
                .iter()
                .filter(|e| kind.matches(&e.event))
                .map(|e| e.tick)
                .collect(),
        };
        let (fails, penalty_pct) = match item.consequence {
            Consequence::Fail => (true, 0.0),
            Consequence::Penalty(p) => (false, p),
        };
        ticks
            .into_iter()
            .map(|t| NeverEventHit {
                name: item.name.clone(),
                t_s: secs_from_tick(t),
                fails,
                penalty_pct,
                teaching: item.teaching.clone(),
            })
            .collect()
    }

    fn range(&self, item: &Range) -> RangeResult {
        let mut s_outside = 0.0;
        let mut s_scored = 0.0;
        let (mut min, mut max): (Option<f64>, Option<f64>) = (None, None);
        if let Some(from) = self.anchor_tick(&item.from) {
            let mut previous: Option<Tick> = None;
            for snap in self.trace {
                let dt_s = previous.map_or(0.0, |p| secs_from_tick(snap.tick - p));
                previous = Some(snap.tick);
                if snap.tick < from
                    || !item
                        .only_while
                        .iter()
                        .all(|c| self.holds(c, snap.tick, Some(snap)))
                {
                    continue;
                }
                let v = snap.value(item.signal);
                min = Some(min.map_or(v, |m| m.min(v)));
                max = Some(max.map_or(v, |m| m.max(v)));
                s_scored += dt_s;
                let below = item.low.is_some_and(|lo| v < lo);
                let above = item.high.is_some_and(|hi| v > hi);
                if below || above {
                    s_outside += dt_s;
                }
            }
        }
        let lost = ((s_outside - item.free_s) / (item.zero_at_s - item.free_s)).clamp(0.0, 1.0);
        RangeResult {
            name: item.name.clone(),
            signal: item.signal.column().to_string(),
            s_outside,
            s_scored,
            min,
            max,
            score_pct: 100.0 * (1.0 - lost),
            fail_after_s: item.fail_after_s,
            failed: item.fail_after_s.is_some_and(|f| s_outside > f),
            weight: item.weight,
            teaching: item.teaching.clone(),
        }
    }

    fn timeline(&self, never_events: &[NeverEventHit]) -> Vec<TimelineEntry> {
        let cue = self.first_cue();
        let mut out = Vec::new();
        for (i, e) in self.events.iter().enumerate() {
            let kind = match &e.event {
                _ if Some(i) == cue => TimelineKind::FirstCue,
                Event::FaultOnset { .. } | Event::FaultCleared { .. } => TimelineKind::Fault,
                Event::AlarmRaised { .. } => TimelineKind::Alarm,
                Event::AlarmCleared { .. } => continue,
                _ => TimelineKind::Event,
            };
            let text = if kind == TimelineKind::FirstCue {
                format!("First cue: {}", e.event.describe())
            } else {
                e.event.describe()
            };
            out.push(TimelineEntry {
                t_s: secs_from_tick(e.tick),
                kind,
                text,
            });
        }
        for (i, a) in self.log.iter().enumerate() {
            let refused = self.refused.get(i).copied().unwrap_or(false);
            out.push(TimelineEntry {
                t_s: secs_from_tick(a.tick),
                kind: match a.actor {
                    Actor::Trainee => TimelineKind::Action,
                    Actor::Instructor => TimelineKind::Instructor,
                },
                text: if refused {
                    format!("Refused by the console: {}", a.action.describe())
                } else {
                    a.action.describe()
                },
            });
        }
        for n in never_events {
            out.push(TimelineEntry {
                t_s: n.t_s,
                kind: TimelineKind::NeverEvent,
                text: format!("Never-event: {}", n.name),
            });
        }
        out.sort_by(|a, b| a.t_s.total_cmp(&b.t_s));
        out
    }
}

#[cfg(test)]
mod tests;
