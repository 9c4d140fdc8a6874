//! Whole-window tests of the ECMO console: the window picks the console, monitors and
//! drawing by circuit kind; the speed dial changes the flow the model gives; bypass-only
//! controls are not there; VA shows the right-hand and femoral saturations.

use std::sync::Arc;

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::app::App;
use crate::app::test_util::{
    advance, app_on_start_screen, harness, logged, scenarios_dir, session,
};
use crate::app::widgets::controls::names;
use crate::app::widgets::ecmo_console::ecmo_names;
use perfsim_core::action::Action;
use perfsim_core::scenario::Scenario;

fn running(name: &str) -> Harness<'static, App> {
    let scenario = Scenario::load(&scenarios_dir().join(format!("{name}.ron"))).expect("loads");
    let mut app = app_on_start_screen();
    app.start_run(Arc::new(scenario), 1, None);
    let mut h = harness(app);
    h.run();
    advance(&mut h, 1);
    h
}

fn type_into_dial(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::SpinButton, label).focus();
    h.run();
    for c in text.chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.run();
    }
    h.key_press(Key::Enter);
    h.run();
}

#[test]
fn the_speed_dial_changes_the_ecmo_flow() {
    let mut h = running("ecmo_vv_1");
    let before = session(&h).sim().snapshot().ecmo_flow_l_min;
    let rpm = session(&h).sim().settings().pump_rpm_set;
    assert!(rpm > 1000.0, "the scenario starts the pump: {rpm}");
    // Select the dial's text and type a new speed.
    h.get_by_role_and_label(Role::SpinButton, names::RPM)
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    type_into_dial(&mut h, names::RPM, "3000");
    assert!(
        logged(&h, |a| *a == Action::SetPumpRpm { rpm: 3000.0 }),
        "log: {:?}",
        session(&h).log()
    );
    advance(&mut h, 2);
    let after = session(&h).sim().snapshot().ecmo_flow_l_min;
    assert!(after > before + 0.5, "flow {before:.2} → {after:.2} L/min");
    // The monitors show it.
    assert!(h.query_by_label_contains("ECMO flow").is_some());
}

#[test]
fn bypass_only_controls_are_absent_on_ecmo_and_ecmo_controls_present() {
    let h = running("ecmo_vv_1");
    for cpb_only in [
        "Venous occlusion %",
        "Vacuum −mmHg",
        "Give cardioplegia",
        "Retrograde SVC perfusion",
    ] {
        assert!(
            h.query_by_label(cpb_only).is_none(),
            "{cpb_only} shown on an ECMO console"
        );
    }
    for ecmo in [
        names::RPM,
        ecmo_names::HAND_CRANK,
        ecmo_names::FDO2,
        ecmo_names::VENT_FIO2,
        ecmo_names::PEEP,
        ecmo_names::HEPARIN,
    ] {
        assert!(h.query_by_label(ecmo).is_some(), "{ecmo} missing");
    }
    assert!(h.query_by_label(ecmo_names::CLAMP_RETURN).is_some());
    assert!(h.query_by_label("Send Anti-Xa").is_some());
    assert!(h.query_by_label("Send Plasma free Hb").is_some());
}

#[test]
fn the_return_clamp_button_clamps_and_stops_the_flow() {
    let mut h = running("ecmo_va_1");
    h.get_by_label(ecmo_names::CLAMP_RETURN).click();
    h.run();
    assert!(logged(&h, |a| *a == Action::ClampReturn { closed: true }));
    advance(&mut h, 1);
    assert_eq!(session(&h).sim().snapshot().ecmo_flow_l_min, 0.0);
    assert!(h.query_by_label("Return clamped").is_some());
}

#[test]
fn va_monitors_show_right_hand_and_femoral_saturations() {
    let h = running("ecmo_va_1");
    assert!(h.query_by_label_contains("SpO2 R hand").is_some());
    assert!(h.query_by_label_contains("SaO2 femoral").is_some());
    assert!(h.query_by_label_contains("P1 drain").is_some());
    let vv = running("ecmo_vv_1");
    assert!(vv.query_by_label_contains("Recirc").is_some());
    assert!(vv.query_by_label_contains("SaO2 femoral").is_none());
}

#[test]
fn ecmo_trends_show_the_circuit_not_a_reservoir() {
    let h = running("ecmo_va_1");
    assert!(h.query_by_label("Reservoir (mL)").is_none());
    for title in [
        "ECMO / effective flow (L/min)",
        "Pump speed (rpm)",
        "Drainage P1 / oxy ΔP (mmHg)",
        "SaO2 / right hand / femoral (%)",
    ] {
        assert!(h.query_by_label(title).is_some(), "{title}");
    }
    let cpb = {
        let scenario = Scenario::load(&scenarios_dir().join("baseline.ron")).expect("loads");
        let mut app = app_on_start_screen();
        app.start_run(Arc::new(scenario), 1, None);
        let mut h = harness(app);
        h.run();
        h
    };
    assert!(cpb.query_by_label("Reservoir (mL)").is_some());
    assert!(cpb.query_by_label("Pump speed (rpm)").is_none());
}

#[test]
fn the_clamp_keys_clamp_the_ecmo_lines_return_first() {
    let mut h = running("ecmo_vv_1");
    h.key_press(Key::C);
    h.run();
    h.key_press(Key::V);
    h.run();
    let log: Vec<Action> = session(&h).log().iter().map(|l| l.action.clone()).collect();
    assert_eq!(
        log,
        [
            Action::ClampReturn { closed: true },
            Action::ClampDrainage { closed: true }
        ],
        "no refusal: the keys act on the ECMO clamps"
    );
    advance(&mut h, 1);
    assert_eq!(session(&h).sim().snapshot().ecmo_flow_l_min, 0.0);
    assert!(h.query_by_label("Return clamped").is_some());
    // Pressed again, they release.
    h.key_press(Key::C);
    h.run();
    assert!(logged(&h, |a| *a == Action::ClampReturn { closed: false }));
}
