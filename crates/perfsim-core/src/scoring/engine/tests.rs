//! The scoring engine's unit tests.

use super::*;
use crate::action::{Action, Drug};
use crate::model::faults::FaultKind;
use crate::time::tick_from_secs;

// The fault the rubric is timed from must be one the scenario schedules (the real run
// data below is made by hand, so when it begins here does not matter).
const RUBRIC: &str = r#"faults: [(kind: AirEntry, onset: AtSecs(10), ramp_s: 0, severity: 0.5)],
rubric: (
    pass_mark_pct: 50,
    critical_actions: [
        (
            name: "Stop",
            actions: [(action: PumpStop)],
            wrong: [(action: SetPumpFlow, value: AtLeast(1))],
            from: Event(FaultOnset(AirEntry)),
            within_s: 10,
            late_until_s: 60,
            points: 10,
            critical: true,
            teaching: "stop",
        ),
        (
            name: "Recheck",
            actions: [(action: RequestLab(Act))],
            from: Action([(action: DrugBolus(Heparin))]),
            not_before_s: 5,
            within_s: 20,
            points: 10,
            teaching: "recheck",
        ),
    ],
    sequence_rules: [
        (name: "Vent first", first: [(action: Ventilation(true))], then: [(action: PumpStop)],
         points: 5, teaching: "vent"),
    ],
    never_events: [
        (name: "Protamine on bypass",
         trigger: Action([(action: DrugBolus(Protamine))], [Above(PumpFlow, 0.5)]),
         consequence: Penalty(30), teaching: "protamine"),
        (name: "Stop unventilated",
         trigger: Action([(action: PumpStop)], [Ventilated(false)]),
         consequence: Fail, teaching: "ventilate"),
    ],
    ranges: [
        (name: "MAP", signal: Map, low: Some(50), zero_at_s: 10),
    ],
),
)"#;

fn scenario() -> Scenario {
    let base = include_str!("../../../../../scenarios/baseline.ron");
    // The shipped baseline has its own rubric: replace it with this test's.
    let end = base
        .find("    // A routine case has a rubric too")
        .or_else(|| base.find("    rubric: ("))
        .unwrap_or_else(|| base.rfind(')').expect("closing parenthesis"));
    let text = format!("{}{}", &base[..end], RUBRIC);
    Scenario::parse("test.ron", &text).expect("test rubric parses")
}

/// 60 s of trace: flow 4.8 L/min for the first 20 s, then stopped; MAP 40 from 30 s
/// to 34 s, 70 otherwise. The fault begins at 10 s.
fn run_data() -> (Vec<LoggedEvent>, Vec<Snapshot>) {
    let events = vec![LoggedEvent {
        tick: 100,
        event: Event::FaultOnset {
            kind: FaultKind::AirEntry,
        },
    }];
    let trace = (0..=60)
        .map(|s| Snapshot {
            tick: s * 10,
            pump_flow_l_min: if s < 20 { 4.8 } else { 0.0 },
            map_mmhg: if (30..=34).contains(&s) { 40.0 } else { 70.0 },
            ..Snapshot::default()
        })
        .collect();
    (events, trace)
}

fn summary(r: &Report) -> String {
    let mut parts: Vec<String> = r
        .critical_actions
        .iter()
        .map(|a| {
            let t = a.t_from_onset_s.map_or(String::new(), |t| format!("@{t}"));
            format!("{}:{}{t}", a.name, a.status.label())
        })
        .collect();
    parts.extend(
        r.sequence_rules
            .iter()
            .map(|q| format!("{}:{}", q.name, q.status.label())),
    );
    parts.extend(
        r.never_events
            .iter()
            .map(|n| format!("!{}@{}", n.name, n.t_s)),
    );
    parts.extend(
        r.ranges
            .iter()
            .map(|g| format!("{}:{}s", g.name, g.s_outside)),
    );
    parts.push(format!(
        "{} {:.0}",
        if r.passed { "pass" } else { "fail" },
        r.score_pct
    ));
    parts.join(" | ")
}

fn check(log: &[(f64, Actor, Action)], expect: &str) {
    let (events, trace) = run_data();
    let log: Vec<LoggedAction> = log
        .iter()
        .map(|(t_s, actor, action)| LoggedAction {
            tick: tick_from_secs(*t_s),
            actor: *actor,
            action: action.clone(),
        })
        .collect();
    let report = score(
        &scenario(),
        &RunLog {
            log: &log,
            refused: &[],
            events: &events,
            trace: &trace,
        },
    );
    assert_eq!(summary(&report), expect);
    assert_eq!(
        report,
        score(
            &scenario(),
            &RunLog {
                log: &log,
                refused: &[],
                events: &events,
                trace: &trace
            }
        )
    );
}

use Actor::{Instructor, Trainee};

fn heparin() -> Action {
    Action::DrugBolus {
        drug: Drug::Heparin,
        dose: 10_000.0,
    }
}

fn protamine() -> Action {
    Action::DrugBolus {
        drug: Drug::Protamine,
        dose: 50.0,
    }
}

#[test]
fn critical_action_statuses() {
    let ventilate = (1.0, Trainee, Action::Ventilation { on: true });
    check(
        &[ventilate.clone(), (12.0, Trainee, Action::PumpStop)],
        "Stop:done@2 | Recheck:not applicable | Vent first:kept | MAP:5s | pass 88",
    );
    check(
        &[ventilate.clone(), (40.0, Trainee, Action::PumpStop)],
        "Stop:late@30 | Recheck:not applicable | Vent first:kept | MAP:5s | pass 58",
    );
    check(
        &[ventilate.clone(), (80.0, Trainee, Action::PumpStop)],
        "Stop:missed | Recheck:not applicable | Vent first:kept | MAP:5s | fail 28",
    );
    // Before the anchor does not count; nor does the instructor. The run's 60 s end
    // before the scenario's comes while the window (to 70 s) is open: not reached, and
    // a critical item not reached still keeps the attempt from passing.
    check(
        &[
            ventilate.clone(),
            (5.0, Trainee, Action::PumpStop),
            (12.0, Instructor, Action::PumpStop),
        ],
        "Stop:not reached | Recheck:not applicable | Vent first:kept | MAP:5s | fail 28",
    );
    // A wrong attempt before the right one.
    check(
        &[
            ventilate,
            (
                11.0,
                Trainee,
                Action::SetPumpFlow {
                    flow_l_per_min: 2.0,
                },
            ),
            (12.0, Trainee, Action::PumpStop),
        ],
        "Stop:wrong@1 | Recheck:not applicable | Vent first:kept | MAP:5s | fail 28",
    );
}

#[test]
fn windows_from_an_action_anchor() {
    // The recheck counts only from 5 s after the heparin (not_before_s).
    let base = [
        (1.0, Trainee, Action::Ventilation { on: true }),
        (12.0, Trainee, Action::PumpStop),
        (20.0, Trainee, heparin()),
    ];
    let with = |t_s: f64| {
        let mut log = base.to_vec();
        log.push((
            t_s,
            Trainee,
            Action::RequestLab {
                lab: crate::action::LabKind::Act,
            },
        ));
        log
    };
    // Late until the end of the run, which stopped early: not reached.
    check(
        &with(22.0),
        "Stop:done@2 | Recheck:not reached | Vent first:kept | MAP:5s | pass 58",
    );
    check(
        &with(30.0),
        "Stop:done@2 | Recheck:done@10 | Vent first:kept | MAP:5s | pass 88",
    );
    check(
        &with(50.0),
        "Stop:done@2 | Recheck:late@30 | Vent first:kept | MAP:5s | pass 72",
    );
}

#[test]
fn never_events_read_the_state_at_the_moment() {
    // Protamine while the pump flows costs 30 points; after it stops, nothing.
    // (Weights 60/15/25; MAP 5 s out of a 10 s zero point gives half the ranges.)
    check(
        &[
            (1.0, Trainee, Action::Ventilation { on: true }),
            (12.0, Trainee, protamine()),
            (15.0, Trainee, Action::PumpStop),
            (25.0, Trainee, protamine()),
        ],
        "Stop:done@5 | Recheck:not applicable | Vent first:kept | !Protamine on bypass@12 | MAP:5s | pass 58",
    );
    // Stopping with the lungs not ventilated fails the attempt and breaks the order.
    check(
        &[(12.0, Trainee, Action::PumpStop)],
        "Stop:done@2 | Recheck:not applicable | Vent first:broken | !Stop unventilated@12 | MAP:5s | fail 72",
    );
}

/// An ACT drawn 2 s after a second heparin dose shows nothing of that dose: it is no
/// recheck, even though it is long enough after the first dose.
#[test]
fn a_recheck_right_after_a_repeat_dose_does_not_count() {
    let act = || Action::RequestLab {
        lab: crate::action::LabKind::Act,
    };
    let base = vec![
        (1.0, Trainee, Action::Ventilation { on: true }),
        (12.0, Trainee, Action::PumpStop),
        (20.0, Trainee, heparin()),
        (40.0, Trainee, heparin()),
        (42.0, Trainee, act()),
    ];
    check(
        &base,
        "Stop:done@2 | Recheck:not reached | Vent first:kept | MAP:5s | pass 58",
    );
    let mut later = base;
    later.push((46.0, Trainee, act()));
    check(
        &later,
        "Stop:done@2 | Recheck:late@26 | Vent first:kept | MAP:5s | pass 72",
    );
}

/// A refused action is not credited; one the console carried out is.
#[test]
fn a_refused_action_is_not_credited() {
    let (events, trace) = run_data();
    let log: Vec<LoggedAction> = [
        (1.0, Action::Ventilation { on: true }),
        (12.0, Action::PumpStop),
    ]
    .into_iter()
    .map(|(t_s, action)| LoggedAction {
        tick: tick_from_secs(t_s),
        actor: Trainee,
        action,
    })
    .collect();
    let score_with = |refused: &[bool]| {
        score(
            &scenario(),
            &RunLog {
                log: &log,
                refused,
                events: &events,
                trace: &trace,
            },
        )
    };
    assert_eq!(
        summary(&score_with(&[false, false])).split(" | ").next(),
        Some("Stop:done@2")
    );
    let refused = score_with(&[false, true]);
    assert_eq!(
        summary(&refused).split(" | ").next(),
        Some("Stop:not reached")
    );
    assert!(
        refused
            .timeline
            .iter()
            .any(|e| e.text.starts_with("Refused by the console: "))
    );
}
