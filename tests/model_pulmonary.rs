//! The pulmonary circulation as a perfusionist notices it on the PA catheter: a type III
//! protamine reaction (catastrophic pulmonary vasoconstriction) raises the mean PA
//! pressure and the CVP as the right ventricle fails, the output and the systemic
//! pressure fall; back on bypass the right heart is unloaded and the PA pressure falls.
//! On full bypass with the heart empty the PA pressure is low; on ECMO it is empty.

mod common;

use common::{at, run, scenario};
use perfsim_core::action::{Action, Drug};
use perfsim_core::model::Signal;
use perfsim_core::model::faults::{FaultKind, FaultSpec, Onset};

/// The protamine reaction scenario: off bypass after a valve, heart beating.
const CASE: &str = "after_the_valve";

/// A reaction injected at 60 s (so the untreated and treated runs differ only in it).
fn reaction(severity: f64) -> Action {
    Action::InjectFault {
        fault: FaultSpec {
            kind: FaultKind::ProtamineReaction,
            onset: Onset::AtSecs(0.0),
            ramp_s: 30.0,
            severity,
        },
    }
}

#[test]
fn a_protamine_reaction_raises_the_pa_pressure_and_cvp_and_drops_output_and_map() {
    let s = scenario(CASE);
    // No protamine: the scenario's own reaction (onset when the ACT falls) never starts.
    let calm = run(&s, 1, &[], 240.0);
    let hit = run(&s, 1, &[(60.0, reaction(0.8))], 240.0);
    let v = |session, secs, signal| at(session, secs).value(signal);
    let (pap0, pap) = (v(&calm, 200, Signal::PaMean), v(&hit, 200, Signal::PaMean));
    let (cvp0, cvp) = (v(&calm, 200, Signal::Cvp), v(&hit, 200, Signal::Cvp));
    let (co0, co) = (
        v(&calm, 200, Signal::NativeCo),
        v(&hit, 200, Signal::NativeCo),
    );
    let (map0, map) = (v(&calm, 200, Signal::Map), v(&hit, 200, Signal::Map));
    assert!(
        (12.0..=22.0).contains(&pap0),
        "off bypass mPAP {pap0:.1} mmHg"
    );
    assert!(
        pap >= 35.0 && pap > 1.8 * pap0,
        "mPAP {pap0:.1} → {pap:.1} mmHg"
    );
    assert!(
        cvp >= cvp0 + 4.0,
        "the right heart fails: CVP {cvp0:.1} → {cvp:.1}"
    );
    assert!(co < 0.7 * co0, "output {co0:.2} → {co:.2} L/min");
    assert!(map < map0 - 20.0, "MAP {map0:.0} → {map:.0} mmHg");
    let pvr = hit.sim().pulmonary().pvr_wu;
    assert!(pvr > 4.0 * calm.sim().pulmonary().pvr_wu, "PVR {pvr:.1} WU");

    // Adrenaline supports the right ventricle: more output through the same lungs, a
    // higher PA pressure that pushes it, less blood dammed back, a better MAP.
    let supported = run(
        &s,
        1,
        &[
            (60.0, reaction(0.8)),
            (
                90.0,
                Action::DrugBolus {
                    drug: Drug::Epinephrine,
                    dose: 10.0,
                },
            ),
            (
                90.0,
                Action::SetInfusion {
                    drug: Drug::Epinephrine,
                    rate_per_min: 6.0,
                },
            ),
        ],
        320.0,
    );
    let untreated = run(&s, 1, &[(60.0, reaction(0.8))], 320.0);
    let both = |signal| (v(&untreated, 300, signal), v(&supported, 300, signal));
    let (co, co_epi) = both(Signal::NativeCo);
    assert!(
        co_epi > co + 0.2,
        "adrenaline: output {co:.2} → {co_epi:.2} L/min"
    );
    let (pap, pap_epi) = both(Signal::PaMean);
    assert!(pap_epi > pap, "adrenaline: mPAP {pap:.1} → {pap_epi:.1}");
    let (cvp, cvp_epi) = both(Signal::Cvp);
    assert!(cvp_epi <= cvp, "adrenaline: CVP {cvp:.1} → {cvp_epi:.1}");
    let (map, map_epi) = both(Signal::Map);
    assert!(
        map_epi > map + 5.0,
        "adrenaline: MAP {map:.0} → {map_epi:.0}"
    );
}

/// A pressure-loaded right ventricle is perfused from the aorta: a pure vasopressor that
/// restores the systemic pressure lets it pass more through the same lungs (the RV
/// ischaemia spiral, and why phenylephrine belongs in treating RV failure).
#[test]
fn a_vasopressor_that_restores_map_lets_the_failing_right_ventricle_pass_more() {
    let s = scenario(CASE);
    let untreated = run(&s, 1, &[(60.0, reaction(0.8))], 320.0);
    let pressed = run(
        &s,
        1,
        &[
            (60.0, reaction(0.8)),
            (
                90.0,
                Action::SetInfusion {
                    drug: Drug::Phenylephrine,
                    rate_per_min: 100.0,
                },
            ),
        ],
        320.0,
    );
    let both = |signal| {
        (
            at(&untreated, 300).value(signal),
            at(&pressed, 300).value(signal),
        )
    };
    let (map, map_p) = both(Signal::Map);
    assert!(
        map_p > map + 10.0,
        "phenylephrine: MAP {map:.0} → {map_p:.0}"
    );
    let (co, co_p) = both(Signal::NativeCo);
    assert!(
        co_p > co + 0.1,
        "phenylephrine: RV output {co:.2} → {co_p:.2} L/min"
    );
    let (pap, pap_p) = both(Signal::PaMean);
    assert!(
        pap_p > pap + 2.0,
        "phenylephrine: mPAP {pap:.1} → {pap_p:.1}"
    );
}

#[test]
fn back_on_bypass_the_right_heart_is_unloaded_and_the_pa_pressure_falls() {
    let s = scenario(CASE);
    let mut actions = vec![(60.0, reaction(0.8))];
    // Re-heparinised, then back on bypass at full flow.
    actions.push((
        150.0,
        Action::DrugBolus {
            drug: Drug::Heparin,
            dose: 30000.0,
        },
    ));
    actions.push((200.0, Action::ClampVenous { closed: false }));
    actions.push((200.0, Action::SetVenousOcclusion { occlusion_pct: 0.0 }));
    actions.push((
        200.0,
        Action::SetPumpFlow {
            flow_l_per_min: 4.5,
        },
    ));
    actions.push((201.0, Action::PumpStart));
    let back = run(&s, 1, &actions, 400.0);
    let pap = |secs| at(&back, secs).value(Signal::PaMean);
    let cvp = |secs| at(&back, secs).value(Signal::Cvp);
    assert!(pap(195) >= 35.0, "before: {:.1}", pap(195));
    assert!(
        pap(380) < 15.0,
        "back on bypass: mPAP {:.1} → {:.1}",
        pap(195),
        pap(380)
    );
    assert!(
        cvp(380) < cvp(195) - 4.0,
        "CVP {:.1} → {:.1}",
        cvp(195),
        cvp(380)
    );
    assert!(at(&back, 380).value(Signal::Map) > 50.0);
}

#[test]
fn on_full_bypass_the_pa_pressure_is_low_and_on_ecmo_there_is_none() {
    let s = scenario("baseline");
    let on = run(&s, 1, &[], 120.0);
    let pap = at(&on, 100).value(Signal::PaMean);
    assert!(
        (0.0..10.0).contains(&pap),
        "heart empty on bypass: mPAP {pap:.1}"
    );
    let ecmo = run(&scenario("ecmo_vv_1"), 1, &[], 30.0);
    assert!(at(&ecmo, 20).value(Signal::PaMean).is_nan());
}
