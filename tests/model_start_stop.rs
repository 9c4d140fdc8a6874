//! How a run starts and what stopped flow looks like (docs/physiology.md "Acid-base",
//! "Pressure"): a high starting lactate starts with its base deficit; stopped flow
//! settles at the mean systemic filling pressure; inline gases go stale without flow.

mod common;

use common::{at, run, scenario};
use perfsim_core::action::Action;

#[test]
fn a_high_starting_lactate_starts_with_its_base_deficit_and_clears_without_alkalosis() {
    let mut s = (*scenario("baseline")).clone();
    s.model.patient.lactate_mmol_l = 6.0;
    let s = std::sync::Arc::new(s);
    let session = run(&s, 1, &[], 7200.0);
    let (start, end) = (at(&session, 0), at(&session, 7200));
    // ΔBE ≈ −Δlactate (physiology.md §13 [S107]).
    assert!(
        (start.be_mmol_l - (0.8 - start.lactate_mmol_l)).abs() < 0.5,
        "lactate {:.1} with BE {:.1} at the first tick",
        start.lactate_mmol_l,
        start.be_mmol_l
    );
    assert!(
        start.ph < 7.35,
        "acidaemic at the start: pH {:.2}",
        start.ph
    );
    assert!(
        end.lactate_mmol_l < 2.0,
        "clears: {:.1}",
        end.lactate_mmol_l
    );
    assert!(
        end.be_mmol_l < 1.0,
        "no alkalosis as it clears: BE {:.1}",
        end.be_mmol_l
    );
}

#[test]
fn stopped_flow_settles_at_the_mean_systemic_filling_pressure() {
    let s = scenario("baseline");
    let session = run(&s, 3, &[(60.0, Action::PumpStop)], 60.0 + 300.0);
    for secs in [70, 90, 180, 360] {
        let map = at(&session, secs).map_mmhg;
        assert!(
            (7.0..=15.0).contains(&map),
            "MAP {map:.1} mmHg {} s after the stop",
            secs - 60
        );
    }
}

/// Issue 11: with the pump stopped the arterial and venous sides meet at the filling
/// pressure (Guyton 1954; ~7-15 mmHg in patients [S108]) and never fall below its
/// physical floor, whether the venous line is left open (the patient drains into the
/// reservoir and its central pressure goes negative) or clamped as it should be. (The
/// scenarios have arrested hearts, so stopping the pump stops the circulation.)
#[test]
fn stopped_flow_equalises_arteries_and_veins_above_the_filling_pressure_floor() {
    for name in ["baseline", "circuit_clot", "oxygenator_failure"] {
        let s = scenario(name);
        for clamp in [false, true] {
            let mut actions = vec![(60.0, Action::PumpStop)];
            if clamp {
                actions.push((60.0, Action::ClampVenous { closed: true }));
            }
            for seed in 1..=5 {
                let session = run(&s, seed, &actions, 60.0 + 300.0);
                let before = at(&session, 59);
                assert!(
                    before.map_mmhg - before.cvp_mmhg > 40.0,
                    "{name}: a gradient on flow: MAP {:.1}, CVP {:.1}",
                    before.map_mmhg,
                    before.cvp_mmhg
                );
                for secs in [80, 120, 240, 360] {
                    let x = at(&session, secs);
                    let label = format!(
                        "{name} seed {seed}, venous line {}, {} s after the stop: MAP {:.1}, CVP {:.1}",
                        if clamp { "clamped" } else { "open" },
                        secs - 60,
                        x.map_mmhg,
                        x.cvp_mmhg
                    );
                    assert!((7.0..=15.0).contains(&x.map_mmhg), "{label}");
                    assert!((x.map_mmhg - x.cvp_mmhg).abs() < 1.0, "equalised: {label}");
                }
            }
        }
    }
}

#[test]
fn inline_gases_go_stale_without_flow_through_the_cell() {
    let s = scenario("baseline");
    let session = run(&s, 3, &[(60.0, Action::PumpStop)], 60.0 + 120.0);
    let before = at(&session, 59).clone();
    for secs in [62, 90, 180] {
        let x = at(&session, secs);
        assert!(
            (x.post_oxy_po2_mmhg - before.post_oxy_po2_mmhg).abs()
                < 0.05 * before.post_oxy_po2_mmhg
                && (x.post_oxy_pco2_mmhg - before.post_oxy_pco2_mmhg).abs() < 2.0,
            "inline PO2/PCO2 {:.0}/{:.0} → {:.0}/{:.0} {} s after the stop",
            before.post_oxy_po2_mmhg,
            before.post_oxy_pco2_mmhg,
            x.post_oxy_po2_mmhg,
            x.post_oxy_pco2_mmhg,
            secs - 60
        );
    }
}

#[test]
fn vasoplegia_sets_in_over_minutes_not_seconds() {
    let s = scenario("vasoplegic_wean");
    let session = run(&s, 1, &[], 300.0);
    let (start, early, later) = (
        at(&session, 0).map_mmhg,
        at(&session, 30).map_mmhg,
        at(&session, 240).map_mmhg,
    );
    assert!(
        early > 55.0 && later < 50.0,
        "MAP {start:.0} → {early:.0} at 30 s → {later:.0} at 4 min"
    );
}
