//! Whole-window tests of the run screen as a screen reader and a keyboard meet it: every
//! monitor and control has a spoken label, and Tab reaches every control.

use std::collections::BTreeSet;

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};

use crate::app::App;
use crate::app::test_util::{advance, app_on_start_screen, harness, scenario_with_fault, session};
use crate::app::widgets::{labs, monitors};
use perfsim_core::action::{Action, LabKind};
use perfsim_core::model::faults::FaultKind;

/// Roles a trainee operates.
const CONTROL_ROLES: [Role; 6] = [
    Role::Button,
    Role::SpinButton,
    Role::CheckBox,
    Role::Slider,
    Role::ComboBox,
    Role::TextInput,
];

fn running() -> Harness<'static, App> {
    let mut app = app_on_start_screen();
    app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 900), 3, None);
    let mut h = harness(app);
    h.run();
    advance(&mut h, 2);
    h
}

/// The labels of the enabled controls on screen, as a screen reader speaks them.
fn control_labels(h: &Harness<'_, App>) -> Vec<(Role, String)> {
    h.query_all(By::new())
        .filter(|n| CONTROL_ROLES.contains(&n.accesskit_node().role()))
        .filter(|n| !n.accesskit_node().is_disabled())
        .map(|n| {
            let node = n.accesskit_node();
            (node.role(), node.label().unwrap_or_default())
        })
        .collect()
}

#[test]
fn every_monitor_and_control_is_found_by_its_spoken_label() {
    let h = running();
    let sim = session(&h).sim();
    let tick = session(&h).tick();
    let snapshot = sim.monitored();
    let tiles = monitors::readouts(&monitors::MonitorInputs {
        snapshot: &snapshot,
        alarms: sim.alarms_active(),
        limits: &session(&h).scenario().model.alarms,
        act: labs::latest_act(sim.labs(), tick),
    });
    assert!(tiles.len() >= 15, "only {} monitors", tiles.len());
    for tile in &tiles {
        // Spoken as "MAP 64 mmHg": the name, the value and the unit.
        let spoken = format!("{} {}", tile.label, tile.value);
        assert!(
            h.query_by_label_contains(&spoken).is_some(),
            "no monitor speaks {spoken:?}"
        );
    }
    let controls = control_labels(&h);
    assert!(controls.len() >= 25, "only {} controls", controls.len());
    for (role, label) in &controls {
        assert!(!label.trim().is_empty(), "a {role:?} has no label");
    }
    // The dials a perfusionist turns, by name.
    for dial in [
        crate::app::widgets::controls::names::FLOW,
        crate::app::widgets::controls::names::SWEEP,
        crate::app::widgets::controls::names::FIO2,
        crate::app::widgets::controls::names::WATER,
    ] {
        assert!(
            h.query_by_role_and_label(Role::SpinButton, dial).is_some(),
            "{dial}"
        );
    }
}

#[test]
fn tab_reaches_every_control_and_enter_presses_it() {
    let mut h = running();
    let wanted: BTreeSet<String> = control_labels(&h).into_iter().map(|(_, l)| l).collect();
    let mut reached = BTreeSet::new();
    // More presses than controls: focus goes round at least once.
    for _ in 0..wanted.len() + 10 {
        h.key_press(Key::Tab);
        h.run();
        if let Some(node) = h
            .query_all(By::new())
            .find(|n| n.accesskit_node().is_focused())
        {
            reached.insert(node.accesskit_node().label().unwrap_or_default());
        }
    }
    let missed: Vec<&String> = wanted.difference(&reached).collect();
    assert!(missed.is_empty(), "Tab never reaches {missed:?}");

    // A focused button is pressed with Enter: "Send ACT" requests one.
    for _ in 0..wanted.len() + 10 {
        let focused = h
            .query_all(By::new())
            .find(|n| n.accesskit_node().is_focused())
            .and_then(|n| n.accesskit_node().label());
        if focused.as_deref() == Some("Send ACT") {
            break;
        }
        h.key_press(Key::Tab);
        h.run();
    }
    h.key_press(Key::Enter);
    h.run();
    assert!(
        session(&h)
            .log()
            .iter()
            .any(|a| a.action == Action::RequestLab { lab: LabKind::Act }),
        "Enter on the focused Send ACT did nothing"
    );
}
