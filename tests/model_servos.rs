//! The bypass console's safety servos as a perfusionist switches them: armed during the
//! run, the bubble detector stops the arterial pump when air reaches it and the level
//! servo slows a roller pump as the reservoir falls; disarmed, neither does; a relief
//! console without servos refuses to arm them.

mod common;

use std::sync::Arc;

use common::run;
use perfsim_core::action::{Action, Interlock};
use perfsim_core::model::Signal;
use perfsim_core::model::alarms::Alarm;
use perfsim_core::model::events::Event;
use perfsim_core::scenario::Scenario;
use perfsim_core::session::Session;

/// A shipped scenario with its `interlocks:` replaced by `interlocks`.
fn with_interlocks(name: &str, interlocks: &str) -> Arc<Scenario> {
    let text = std::fs::read_to_string(common::repo_path(&format!("scenarios/{name}.ron")))
        .expect("scenario");
    let start = text.find("interlocks: (").expect("an interlocks entry");
    let end = start + text[start..].find(')').expect("closed") + 1;
    let edited = format!("{}{interlocks}{}", &text[..start], &text[end..]);
    Arc::new(Scenario::parse("edited.ron", &edited).unwrap_or_else(|e| panic!("{e}")))
}

fn stopped_by_bubble(session: &Session) -> bool {
    session.events().iter().any(|e| {
        e.event
            == Event::InterlockStop {
                alarm: Alarm::Bubble,
            }
    })
}

fn arm(interlock: Interlock, on: bool) -> Action {
    Action::SetInterlock { interlock, on }
}

/// Air enters the arterial side at 300 s (the air embolism case, here on a console with
/// its servos fitted but off).
#[test]
fn an_armed_bubble_detector_stops_the_pump_and_a_disarmed_one_does_not() {
    let s = with_interlocks("air_embolism", "interlocks: ()");
    let off = run(&s, 1, &[], 330.0);
    let on = run(&s, 1, &[(10.0, arm(Interlock::BubbleStop, true))], 330.0);
    assert!(on.sim().interlocks().bubble_stop);
    assert!(stopped_by_bubble(&on), "the armed detector stops the pump");
    assert!(!on.sim().settings().pump_running);
    assert!(!stopped_by_bubble(&off), "disarmed, it only alarms");
    assert!(off.sim().settings().pump_running);
    let air = |s: &Session| s.trace()[329].value(Signal::AirDelivered);
    assert!(
        air(&on) < 1.0 && air(&off) > 20.0,
        "air to the patient: armed {:.1} mL, disarmed {:.1} mL",
        air(&on),
        air(&off)
    );
    // Disarming it again lets the pump run on with air: the servo is what stops it.
    let disarmed = run(
        &with_interlocks("air_embolism", "interlocks: (bubble_stop: true)"),
        1,
        &[(10.0, arm(Interlock::BubbleStop, false))],
        330.0,
    );
    assert!(!stopped_by_bubble(&disarmed));
}

#[test]
fn a_relief_console_without_servos_refuses_to_arm_them() {
    let s = common::scenario("air_embolism");
    let session = run(&s, 1, &[(10.0, arm(Interlock::BubbleStop, true))], 330.0);
    assert_eq!(session.refused().last(), Some(&true));
    assert!(!session.sim().interlocks().bubble_stop);
    assert!(!stopped_by_bubble(&session));
}

/// A venous air lock at a roller pump's full flow: armed, the level servo slows the
/// pump as the level falls and no air is pumped; left off, the reservoir runs dry.
#[test]
fn the_level_servo_armed_by_the_trainee_slows_the_pump_as_the_level_falls() {
    let s = with_interlocks("empty_reservoir", "interlocks: ()");
    let off = run(&s, 1, &[], 300.0);
    let on = run(&s, 1, &[(5.0, arm(Interlock::LevelServo, true))], 300.0);
    let flow = |s: &Session, t: usize| s.trace()[t].value(Signal::PumpFlow);
    let level = |s: &Session, t: usize| s.trace()[t].value(Signal::Reservoir);
    assert!(flow(&on, 4) > 3.5, "full flow before: {:.2}", flow(&on, 4));
    // Where the level is in the servo's band, the flow falls with it.
    let slowed = on.trace().iter().find(|x| x.pump_flow_l_min < 2.0);
    let slowed = slowed.expect("the servo slows the pump");
    assert!(
        slowed.reservoir_ml < 400.0,
        "slowed as the level fell: {:.0} mL",
        slowed.reservoir_ml
    );
    assert_eq!(on.trace()[299].value(Signal::AirDelivered), 0.0);
    assert!(level(&on, 299) > 150.0);
    assert!(
        off.trace()[299].value(Signal::AirDelivered) > 10.0,
        "without the servo the roller pump empties the reservoir into the patient"
    );
}
