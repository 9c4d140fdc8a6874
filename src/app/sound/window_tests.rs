//! Whole-window tests of the alarm sound: the tone the window plays follows the alarms,
//! Acknowledge silences it for two simulated minutes, and it comes back if the condition
//! persists.

use std::sync::Arc;

use egui::Key;
use egui_kittest::kittest::Queryable;

use super::Priority;
use crate::app::UiCommand;
use crate::app::test_util::{advance, app_on_start_screen, harness, scenarios_dir, session};
use crate::app::widgets::alarms::{ACKNOWLEDGED_MARK, priority_mark};
use perfsim_core::scenario::Scenario;

/// The baseline with a low-MAP limit above the patient's pressure: the LOW MAP alarm
/// (medium priority) sounds at once and stays, and nothing else alarms.
fn low_map_alarm_scenario() -> Arc<Scenario> {
    let text = std::fs::read_to_string(scenarios_dir().join("baseline.ron"))
        .unwrap_or_default()
        .replace(
            "duration_s: 3600,",
            "duration_s: 3600,\n    alarms: (low_map_mmhg: 90.0),",
        );
    match Scenario::parse("low-map", &text) {
        Ok(s) => Arc::new(s),
        Err(e) => panic!("test scenario: {e}"),
    }
}

fn running_with_alarm() -> egui_kittest::Harness<'static, crate::app::App> {
    let mut app = app_on_start_screen();
    app.start_run(low_map_alarm_scenario(), 1, None);
    let mut h = harness(app);
    h.run();
    advance(&mut h, 2);
    assert!(
        h.query_by_label("LOW MAP").is_some(),
        "no LOW MAP alarm on screen"
    );
    h
}

#[test]
fn acknowledge_silences_the_tone_for_two_minutes_then_it_sounds_again() {
    let mut h = running_with_alarm();
    assert_eq!(h.state().sound.due(), Some(Priority::Medium));
    h.get_by_label(&UiCommand::AcknowledgeAlarms.button_text())
        .click();
    h.run();
    assert_eq!(h.state().sound.due(), None, "Acknowledge did not silence");
    assert!(
        h.query_by_label(ACKNOWLEDGED_MARK).is_some(),
        "no text says it is acknowledged"
    );
    // The condition persists: the alarm stays on screen, silent, for 120 s.
    advance(&mut h, 119);
    assert_eq!(h.state().sound.due(), None, "sounded before two minutes");
    assert!(h.query_by_label("LOW MAP").is_some());
    advance(&mut h, 1);
    assert_eq!(
        h.state().sound.due(),
        Some(Priority::Medium),
        "did not sound again after two minutes"
    );
}

/// Told apart without colour: the alarm's text and its priority's mark are on screen.
#[test]
fn an_alarm_shows_its_text_and_priority_mark() {
    let h = running_with_alarm();
    assert!(h.query_by_label("LOW MAP").is_some());
    assert!(h.query_by_label(priority_mark(Priority::Medium)).is_some());
    assert!(h.query_by_label(priority_mark(Priority::High)).is_none());
    assert!(h.query_by_label(ACKNOWLEDGED_MARK).is_none());
}

#[test]
fn the_a_key_silences_too_and_pausing_is_quiet() {
    let mut h = running_with_alarm();
    h.key_press(Key::A);
    h.run();
    assert_eq!(h.state().sound.due(), None);
    advance(&mut h, 121);
    assert_eq!(h.state().sound.due(), Some(Priority::Medium));
    h.key_press(Key::Space);
    h.run();
    assert_eq!(h.state().sound.due(), None, "a paused run still sounds");
    let tick = session(&h).tick();
    h.key_press(Key::Space);
    h.run();
    assert_eq!(session(&h).tick(), tick);
    assert_eq!(h.state().sound.due(), Some(Priority::Medium));
}

#[test]
fn a_stopped_pump_sounds_the_high_priority_tone() {
    let mut app = app_on_start_screen();
    let scenario = match Scenario::load(&scenarios_dir().join("baseline.ron")) {
        Ok(s) => Arc::new(s),
        Err(e) => panic!("{e}"),
    };
    app.start_run(scenario, 1, None);
    let mut h = harness(app);
    h.run();
    advance(&mut h, 2);
    assert_eq!(h.state().sound.due(), None, "a stable patient alarms");
    h.key_press(Key::S);
    h.run();
    advance(&mut h, 10);
    let active = session(&h).sim().alarms_active();
    let want = active.iter().map(super::priority).max();
    assert!(want.is_some(), "no alarm after stopping the pump");
    assert_eq!(h.state().sound.due(), want);
}
