//! Guideline limits flagged as alarms (docs/physiology.md "Guideline limits"): each
//! raises an alarm event the record and the debrief keep, at the default limit the
//! scenario's `alarms` section may change.

mod common;

use common::{at, run, scenario};
use perfsim_core::action::{Action, Drug, LabKind};
use perfsim_core::model::alarms::Alarm;
use perfsim_core::model::events::Event;
use perfsim_core::session::Session;

/// When `alarm` was first raised, in seconds.
fn raised_at(session: &Session, alarm: Alarm) -> Option<f64> {
    session
        .events()
        .iter()
        .find(|e| e.event == Event::AlarmRaised { alarm })
        .map(|e| e.tick as f64 / 10.0)
}

#[test]
fn vasoplegia_on_full_bypass_flags_low_map_and_low_svr() {
    let s = scenario("vasoplegic_wean");
    let session = run(&s, 1, &[], 120.0);
    let x = at(&session, 120);
    // MAP < 50 on full bypass [S10]; SVR < 800 with MAP < 60 on CI ≥ 2.2 [S31].
    assert!(x.map_mmhg < 50.0 && x.svr_dyn_s_cm5 < 800.0);
    assert!(raised_at(&session, Alarm::LowMap).is_some(), "LOW MAP");
    assert!(
        raised_at(&session, Alarm::Vasoplegia).is_some(),
        "vasoplegia"
    );
    let quiet = run(&scenario("baseline"), 1, &[], 600.0);
    assert_eq!(raised_at(&quiet, Alarm::Vasoplegia), None);
}

#[test]
fn an_arterial_outlet_above_37_degrees_is_flagged() {
    let s = scenario("baseline");
    let session = run(
        &s,
        1,
        &[(0.0, Action::SetWaterTemp { water_c: 40.0 })],
        1200.0,
    );
    let t = raised_at(&session, Alarm::HighArterialTemp).expect("raised") as u64;
    let outlet = at(&session, t).temp_arterial_c;
    // Keep the outlet below 37 °C [S75]: flagged as it passes 37, not 37.5.
    assert!(outlet < 37.2, "raised at {outlet:.2} °C");
}

#[test]
fn rewarming_faster_than_half_a_degree_a_minute_is_flagged() {
    let mut s = (*scenario("baseline")).clone();
    s.model.start.temp_c = 30.0;
    s.model.start.water_c = 30.0;
    let s = std::sync::Arc::new(s);
    let fast = run(
        &s,
        1,
        &[(0.0, Action::SetWaterTemp { water_c: 40.0 })],
        900.0,
    );
    let slow = run(
        &s,
        1,
        &[(0.0, Action::SetWaterTemp { water_c: 34.0 })],
        900.0,
    );
    assert!(raised_at(&fast, Alarm::FastRewarming).is_some());
    assert_eq!(raised_at(&slow, Alarm::FastRewarming), None);
}

#[test]
fn a_measured_act_below_400_is_flagged_when_the_result_comes() {
    let s = scenario("baseline");
    let session = run(
        &s,
        1,
        &[
            (
                60.0,
                Action::DrugBolus {
                    drug: Drug::Protamine,
                    dose: 200.0,
                },
            ),
            (120.0, Action::RequestLab { lab: LabKind::Act }),
        ],
        400.0,
    );
    assert!(
        at(&session, 100).act_s < 400.0,
        "ACT is low before it is measured"
    );
    let raised = raised_at(&session, Alarm::LowAct).expect("raised");
    assert!(raised > 120.0, "only once the result is back: {raised} s");
}

#[test]
fn oxygen_delivery_below_critical_is_flagged() {
    let s = scenario("baseline");
    let low = run(
        &s,
        1,
        &[(
            0.0,
            Action::SetPumpFlow {
                flow_l_per_min: 3.0,
            },
        )],
        120.0,
    );
    assert!(at(&low, 120).do2i_ml_min_m2 < 272.0);
    assert!(raised_at(&low, Alarm::LowDo2i).is_some());
}

#[test]
fn the_safe_arrest_time_spent_is_flagged() {
    let s = scenario("baseline");
    let session = run(&s, 1, &[(60.0, Action::PumpStop)], 60.0 + 600.0);
    let raised = raised_at(&session, Alarm::ArrestBudget).expect("raised");
    // 5 min at 37 °C is 5 × 2.3^(3/10) ≈ 6.4 min at 34 °C (§10).
    assert!(
        (60.0 + 6.0 * 60.0..=60.0 + 7.0 * 60.0).contains(&raised),
        "raised {:.1} min after the stop",
        (raised - 60.0) / 60.0
    );
}
