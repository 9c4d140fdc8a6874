//! The ECMO cases end to end: each scenario's expert action file passes on seeds 1-10,
//! its slow and harmful files fail on every one of them, and untreated it fails with
//! its cue on the trainee's screen (an alarm the console raises after the fault).

use std::path::Path;
use std::sync::Arc;

use perfsim_core::model::events::Event;
use perfsim_core::scenario::Scenario;
use perfsim_core::scoring::{Report, RunLog, score};
use perfsim_core::session::Session;

const SEEDS: std::ops::RangeInclusive<u64> = 1..=10;

fn load(name: &str) -> Arc<Scenario> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Arc::new(Scenario::load(&root.join(format!("scenarios/{name}.ron"))).expect("scenario loads"))
}

fn run(scenario: &Arc<Scenario>, actions: Option<&str>, seed: u64) -> (Session, Report) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = match actions {
        Some(name) => perfsim_core::script::load_for(
            &root.join(format!("tests/actions/{name}.ron")),
            scenario.model.circuit.kind,
        )
        .expect("action file loads"),
        None => Vec::new(),
    };
    let mut session = Session::new(scenario.clone(), seed);
    session
        .run_script(&script, scenario.duration_ticks, |_| {})
        .expect("actions apply");
    let report = score(
        scenario,
        &RunLog {
            log: session.log(),
            refused: session.refused(),
            events: session.events(),
            trace: session.trace(),
        },
    );
    (session, report)
}

/// Expert passes on every seed, slow and harmful fail on every seed; untreated fails,
/// and (when the case has a fault) an alarm sounds after its onset.
fn check(name: &str) {
    let scenario = load(name);
    for seed in SEEDS {
        let (_, expert) = run(&scenario, Some(&format!("{name}_expert")), seed);
        assert!(
            expert.passed && expert.never_events.is_empty(),
            "{name} expert, seed {seed}:\n{}",
            expert.summary()
        );
        for poor in ["slow", "harmful"] {
            let (_, r) = run(&scenario, Some(&format!("{name}_{poor}")), seed);
            assert!(
                !r.passed,
                "{name} {poor}, seed {seed} passed:\n{}",
                r.summary()
            );
        }
    }
    let (session, untreated) = run(&scenario, None, 1);
    assert!(!untreated.passed, "{name} untreated passed");
    let onset = session
        .events()
        .iter()
        .find(|e| matches!(e.event, Event::FaultOnset { .. }))
        .map(|e| e.tick);
    if let Some(onset) = onset {
        let cue = session.events().iter().find(|e| {
            e.tick >= onset
                && matches!(e.event, Event::AlarmRaised { .. })
                && e.event.visible_to_trainee()
        });
        assert!(cue.is_some(), "{name}: no alarm after the fault's onset");
    }
}

#[test]
fn vv_recirculation() {
    check("ecmo_vv_1");
}

#[test]
fn vv_access_insufficiency() {
    check("ecmo_vv_2");
}

#[test]
fn vv_oxygenator_failure() {
    check("ecmo_vv_3");
}

#[test]
fn vv_sweep_disconnection() {
    check("ecmo_vv_4");
}

#[test]
fn vv_sweep_off_trial() {
    check("ecmo_vv_5");
}

#[test]
fn va_differential_hypoxia() {
    check("ecmo_va_1");
}

#[test]
fn va_power_failure() {
    check("ecmo_va_2");
}

#[test]
fn va_air_in_the_return_limb() {
    check("ecmo_va_3");
}

#[test]
fn va_decannulation() {
    check("ecmo_va_4");
}

#[test]
fn va_flow_reduction_trial() {
    check("ecmo_va_5");
}
