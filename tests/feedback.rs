//! What the console tells the trainee and the debrief shows: the gas check's finding,
//! the patient's outcome in numbers, and the scenario file's conditions on hints and team
//! lines (checked with the file's line).

mod common;

use std::sync::Arc;

use common::{repo_path, run, scenario};
use perfsim_core::action::Action;
use perfsim_core::model::events::{Event, GasFinding};
use perfsim_core::review::Outcome;
use perfsim_core::scenario::Scenario;

fn gas_findings(session: &perfsim_core::session::Session) -> Vec<(GasFinding, String)> {
    session
        .events()
        .iter()
        .filter_map(|e| match &e.event {
            Event::GasSupplyChecked { finding, .. } => Some((*finding, e.event.describe())),
            _ => None,
        })
        .collect()
}

fn baseline_with(extra: &str) -> Arc<Scenario> {
    let text = std::fs::read_to_string(repo_path("scenarios/baseline.ron")).unwrap_or_default();
    let text = text.replace("duration_s: 3600,", &format!("duration_s: 3600,\n{extra}"));
    Arc::new(Scenario::parse("test.ron", &text).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn the_gas_check_names_what_it_found() {
    let intact = run(
        &scenario("baseline"),
        1,
        &[(10.0, Action::CheckGasSupply)],
        20.0,
    );
    let found = gas_findings(&intact);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, GasFinding::Intact);
    assert!(
        found[0]
            .1
            .contains("source, blender, line and flowmeter intact")
    );

    let faulty = baseline_with(
        "    faults: [(kind: GasSupplyFailure, onset: AtSecs(5), ramp_s: 0, severity: 1.0)],",
    );
    let session = run(&faulty, 1, &[(30.0, Action::CheckGasSupply)], 40.0);
    let found = gas_findings(&session);
    assert_eq!(found[0].0, GasFinding::DisconnectedAtWall);
    assert!(
        found[0]
            .1
            .contains("oxygen supply disconnected at the wall")
    );

    let session = run(
        &scenario("baseline"),
        1,
        &[
            (
                5.0,
                Action::SetSweep {
                    sweep_l_per_min: 0.0,
                },
            ),
            (10.0, Action::CheckGasSupply),
        ],
        20.0,
    );
    assert_eq!(gas_findings(&session)[0].0, GasFinding::SweepOff);
}

#[test]
fn the_outcome_counts_air_hypotension_and_lactate_from_the_trace() {
    let s = scenario("baseline");
    let calm = run(&s, 3, &[], 300.0);
    let calm = Outcome::of(&s, calm.trace()).unwrap_or_else(|| panic!("empty trace"));
    assert_eq!(calm.air_delivered_ml, 0.0);
    assert_eq!(calm.map_below_target_s, 0.0, "{calm:?}");
    assert!(calm.lowest_rso2_pct > 50.0, "{calm:?}");
    assert!(calm.worst_do2i_ml_min_m2 > 250.0, "{calm:?}");

    // Two minutes with the pump off: pressure, delivery and saturation fall.
    let stopped = run(
        &s,
        3,
        &[(60.0, Action::PumpStop), (180.0, Action::PumpStart)],
        300.0,
    );
    let stopped = Outcome::of(&s, stopped.trace()).unwrap_or_else(|| panic!("empty trace"));
    assert!(stopped.map_below_target_s >= 60.0, "{stopped:?}");
    assert!(stopped.worst_do2i_ml_min_m2 < calm.worst_do2i_ml_min_m2 / 2.0);
    assert!(stopped.lowest_rso2_pct < calm.lowest_rso2_pct);
    assert!(stopped.ischaemia_37_min > calm.ischaemia_37_min);
    assert!(stopped.peak_lactate_mmol_l >= calm.peak_lactate_mmol_l);
}

#[test]
fn a_bad_condition_or_team_action_is_refused_at_its_line() {
    let text = std::fs::read_to_string(repo_path("scenarios/baseline.ron")).unwrap_or_default();
    let bad_action = text.replace(
        "does: CrossClamp(on: false)",
        "does: SetPumpFlow(flow_l_per_min: 2.0)",
    );
    let err = Scenario::parse("b.ron", &bad_action)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    let line = 1 + bad_action
        .lines()
        .position(|l| l.contains("Cross-clamp coming off"))
        .unwrap_or(0);
    assert!(err.starts_with(&format!("b.ron:{line}:")), "{err}");
    assert!(err.contains("a team line may do CrossClamp"), "{err}");

    let bad_when = text.replace("when: Below(Map, 45)", "when: Below(Map, inf)");
    assert!(Scenario::parse("b.ron", &bad_when).is_err());

    let no_when = text.replace("(when: Below(Map, 50), text:", "(text:");
    let err = Scenario::parse("b.ron", &no_when)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("a hint needs at_s"), "{err}");
}
