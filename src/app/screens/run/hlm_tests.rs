//! Whole-window tests of the heart-lung machine module and the checklist panel on a whole
//! case: a checklist tick is logged with its tick; the module's controls change the
//! model through logged actions; the predicted haematocrit is on screen before bypass.

use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::app::App;
use crate::app::test_util::{
    advance, app_on_start_screen, harness_sized, logged, scenarios_dir, session,
};
use crate::app::widgets::hlm_controls::names;
use perfsim_core::action::{Action, Checklist};
use perfsim_core::scenario::Scenario;

/// The whole case, before bypass, on a screen tall enough to show every module.
fn whole_case() -> Harness<'static, App> {
    case("morning_list")
}

#[test]
fn a_checklist_tick_is_logged_with_its_tick() {
    let mut h = whole_case();
    assert!(h.query_by_label_contains("Pre-bypass (0/9)").is_some());
    h.get_by_label("5. Heparin given (300-400 U/kg)").click();
    h.run();
    let tick = session(&h)
        .log()
        .iter()
        .find(|a| {
            a.action
                == Action::CheckItem {
                    list: Checklist::PreBypass,
                    item: 5,
                }
        })
        .map(|a| a.tick);
    assert!(tick.is_some_and(|t| t > 0), "logged at its tick: {tick:?}");
    assert!(h.query_by_label_contains("Pre-bypass (1/9)").is_some());
}

#[test]
fn the_module_shows_the_predicted_hct_and_its_controls_change_the_model() {
    let mut h = whole_case();
    let predicted = session(&h).sim().predicted_hct_pct();
    let shown = format!("{}: {predicted:.1} %", names::PREDICTED_HCT);
    assert!(h.query_by_label(&shown).is_some(), "{shown} not on screen");

    // Retrograde autologous priming raises the prediction on screen and in the model.
    h.get_by_label(names::RAP).click();
    h.run();
    assert!(logged(&h, |a| matches!(
        a,
        Action::RetrogradeAutologousPrime { .. }
    )));
    let after = session(&h).sim().predicted_hct_pct();
    assert!(after > predicted + 1.0, "{predicted:.1} → {after:.1}");
    let shown = format!("{}: {after:.1} %", names::PREDICTED_HCT);
    assert!(h.query_by_label(&shown).is_some(), "{shown} not on screen");

    // The sucker pump takes over from the surgeon's on-demand suction.
    assert_eq!(
        session(&h).sim().heart_lung_machine().sucker_ml_per_min,
        None
    );
    h.get_by_label(names::SET_SUCKER).click();
    h.run();
    assert_eq!(
        session(&h).sim().heart_lung_machine().sucker_ml_per_min,
        Some(500.0)
    );

    // Cardioplegia into a beating, unclamped heart is refused, and says why.
    h.get_by_label(names::DELIVER_PLEGIA).click();
    h.run();
    advance(&mut h, 1);
    assert!(
        h.query_by_label_contains("cardioplegia goes into a clamped heart")
            .is_some()
    );
    assert!(session(&h).sim().case_record().doses.is_empty());
}

#[test]
fn go_on_bypass_opens_the_venous_line_and_starts_the_pump_and_come_off_stops_it() {
    let mut h = whole_case();
    h.get_by_label(names::GO_ON).click();
    h.run();
    advance(&mut h, 20);
    let settings = session(&h).sim().settings();
    assert!(settings.pump_running);
    assert_eq!(settings.venous_occlusion_pct, 0.0);
    assert!(session(&h).sim().case_record().phase.on_bypass());
    assert!(logged(&h, |a| *a == Action::PumpStart));
    h.get_by_label(names::COME_OFF).click();
    h.run();
    let settings = session(&h).sim().settings();
    assert!(!settings.pump_running);
    assert_eq!(settings.venous_occlusion_pct, 100.0);
}

#[test]
fn a_cardioplegia_dose_runs_with_its_pressure_live_and_the_stop_button_stops_it() {
    use crate::app::widgets::plegia_controls::names as plegia;
    // The baseline case starts on bypass with the cross-clamp on.
    let scenario = match Scenario::load(&scenarios_dir().join("baseline.ron")) {
        Ok(s) => Arc::new(s),
        Err(e) => panic!("{e}"),
    };
    let mut app = app_on_start_screen();
    app.start_run(scenario, 1, None);
    let mut h = harness_sized(app, egui::vec2(1600.0, 2400.0));
    h.run();
    assert!(h.query_by_label_contains("at this flow").is_some());
    h.get_by_label(plegia::DELIVER_PLEGIA).click();
    h.run();
    advance(&mut h, 30);
    assert!(logged(&h, |a| matches!(
        a,
        Action::DeliverCardioplegia {
            flow_ml_per_min: Some(_),
            ratio: Some(_),
            ..
        }
    )));
    // The live readout: the root pressure and the volume counting up.
    let running = session(&h).sim().plegia_delivery().running.clone();
    let Some(dose) = running else {
        panic!("a dose runs after the button")
    };
    assert!(dose.delivered_ml > 50.0 && dose.delivered_ml < dose.target_ml);
    let pressure = session(&h).sim().plegia_delivery().pressure_mmhg;
    assert!((50.0..=100.0).contains(&pressure), "{pressure:.0} mmHg");
    assert!(h.query_by_label_contains(plegia::PRESSURE).is_some());
    assert!(
        h.query_by_label_contains("of 500 mL at 250 mL/min")
            .is_some()
    );
    h.get_by_label(plegia::STOP_PLEGIA).click();
    h.run();
    advance(&mut h, 1);
    assert!(logged(&h, |a| *a == Action::StopCardioplegia));
    let record = session(&h).sim().case_record();
    assert_eq!(record.doses.len(), 1);
    assert!(record.doses[0].volume_ml < 500.0, "stopped early");
    assert!(h.query_by_label_contains("Last dose:").is_some());
}

/// The number the PA catheter's tile speaks ("PA mean 40 mmHg"), if it is on screen.
fn pa_tile_mmhg(h: &Harness<'static, App>) -> Option<f64> {
    use egui_kittest::kittest::{By, NodeT};
    let prefix = format!("{} ", crate::app::widgets::monitors::PA_MEAN_LABEL);
    h.query_all(By::new()).find_map(|n| {
        let node = n.accesskit_node();
        [node.label(), node.value()]
            .into_iter()
            .flatten()
            .find_map(|text| {
                text.strip_prefix(&prefix)?
                    .split_whitespace()
                    .next()?
                    .parse()
                    .ok()
            })
    })
}

#[test]
fn the_pa_tile_shows_the_protamine_reaction_climb() {
    // The protamine reaction case, its reaction starting 20 s in.
    let text = std::fs::read_to_string(scenarios_dir().join("after_the_valve.ron"))
        .unwrap_or_default()
        .replace("onset: WhenBelow(Act, 300)", "onset: AtSecs(20)");
    let scenario = match Scenario::parse("after_the_valve", &text) {
        Ok(s) => Arc::new(s),
        Err(e) => panic!("{e}"),
    };
    let mut app = app_on_start_screen();
    app.start_run(scenario, 1, None);
    let mut h = harness_sized(app, egui::vec2(1600.0, 2400.0));
    h.run();
    advance(&mut h, 10);
    let before = pa_tile_mmhg(&h);
    assert!(
        before.is_some_and(|p| (12.0..=20.0).contains(&p)),
        "before: {before:?}"
    );
    advance(&mut h, 110);
    let during = pa_tile_mmhg(&h);
    assert!(during.is_some_and(|p| p >= 35.0), "during: {during:?}");
}

#[test]
fn a_safety_servo_checkbox_arms_and_disarms_the_models_interlock() {
    use perfsim_core::action::Interlock;
    let mut h = whole_case();
    // The whole case's console starts with its level and bubble stops armed.
    assert!(session(&h).sim().interlocks().bubble_stop);
    assert!(!session(&h).sim().interlocks().pressure_stop);
    h.get_by_label(Interlock::PressureStop.label()).click();
    h.run();
    assert!(session(&h).sim().interlocks().pressure_stop);
    h.get_by_label(Interlock::BubbleStop.label()).click();
    h.run();
    assert!(!session(&h).sim().interlocks().bubble_stop);
    assert!(logged(&h, |a| *a
        == Action::SetInterlock {
            interlock: Interlock::BubbleStop,
            on: false,
        }));
}

/// A shipped scenario on the run screen, tall enough to show every module.
fn case(name: &str) -> Harness<'static, App> {
    let scenario = match Scenario::load(&scenarios_dir().join(format!("{name}.ron"))) {
        Ok(s) => Arc::new(s),
        Err(e) => panic!("{e}"),
    };
    let mut app = app_on_start_screen();
    app.start_run(scenario, 1, None);
    let mut h = harness_sized(app, egui::vec2(1600.0, 2400.0));
    h.run();
    advance(&mut h, 2);
    h
}

#[test]
fn the_perfusion_record_shows_the_temperature_phase_and_marks_a_hot_outlet() {
    use crate::app::widgets::thermal_readout::LABEL;
    let mut h = case("warm_water");
    // The case starts part-way through rewarming, within the limits.
    let line = format!("{LABEL}: Rewarming");
    assert!(
        h.query_by_label_contains(&line).is_some(),
        "{line} not shown"
    );
    assert!(h.query_by_label_contains("(beyond limit)").is_none());
    // The heater-cooler overheats from 180 s: the outlet passes 37 °C and is marked.
    for _ in 0..300 {
        advance(&mut h, 1);
    }
    assert!(session(&h).sim().case_record().thermal_limits.excursions[2] == 1);
    assert!(
        h.query_by_label_contains("°C (beyond limit) · outlet−venous")
            .is_some(),
        "the hot outlet is marked"
    );
}

#[test]
fn a_distending_ventricle_is_shown_and_the_vent_button_decompresses_it() {
    use crate::app::widgets::heart_readout::LABEL;
    // The baseline case starts clamped with no vent: the ventricle fills.
    let mut h = case("baseline");
    for _ in 0..120 {
        advance(&mut h, 1);
    }
    let cue = "distending under the clamp: vent it";
    assert!(
        h.query_by_label_contains(cue).is_some(),
        "{LABEL} shows the distension"
    );
    h.get_by_label(names::SET_VENT).click();
    h.run();
    for _ in 0..200 {
        advance(&mut h, 1);
    }
    let lv_ml = session(&h).sim().heart_lung_machine().lv_distension_ml;
    assert!(lv_ml < 50.0, "vented: {lv_ml:.0} mL");
    assert!(h.query_by_label_contains(cue).is_none());
    let shown = format!("{LABEL}: {lv_ml:.0} mL, decompressed");
    assert!(h.query_by_label(&shown).is_some(), "{shown} not shown");
}
