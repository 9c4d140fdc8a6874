//! Whole-window tests of the console as a perfusionist operates it: deliberate input
//! (one logged action per typed value, drag or notch), a layout that does not move when
//! alarms, procedures or the paused state appear, every scored control on screen at
//! 1280×720, human names, and the end-of-run confirmation.

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, Rect, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};

use crate::app::App;
use crate::app::screens::run::{END_RUN, END_RUN_CONFIRM};
use crate::app::test_util::{
    advance, app_on_start_screen, harness, harness_sized, logged, scenario_with_fault, session,
};
use crate::app::widgets::controls::names;
use perfsim_core::action::Action;
use perfsim_core::model::faults::FaultKind;

fn running(size: Option<egui::Vec2>) -> Harness<'static, App> {
    let mut app = app_on_start_screen();
    app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
    let mut h = match size {
        Some(size) => harness_sized(app, size),
        None => harness(app),
    };
    h.run();
    advance(&mut h, 1);
    h
}

fn count(h: &Harness<'_, App>, f: impl Fn(&Action) -> bool) -> usize {
    session(h).log().iter().filter(|a| f(&a.action)).count()
}

/// Types `text` into the dial labelled `label` key by key, as a trainee does (a frame
/// after each character), and presses Enter.
fn type_into_dial(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::SpinButton, label).focus();
    h.run();
    for c in text.chars() {
        h.event(Event::Text(c.to_string()));
        h.run();
    }
    h.key_press(Key::Enter);
    h.run();
}

#[test]
fn a_typed_value_is_one_action_on_enter() {
    let mut h = running(None);
    let fio2s = |h: &Harness<'_, App>| count(h, |a| matches!(a, Action::SetFio2 { .. }));
    type_into_dial(&mut h, names::FIO2, "100");
    assert_eq!(fio2s(&h), 1, "typing FiO2 100 logged intermediate values");
    assert!(logged(&h, |a| *a == Action::SetFio2 { fio2: 1.0 }));
    assert_eq!(session(&h).sim().settings().fio2, 1.0);

    type_into_dial(&mut h, names::WATER, "30");
    let waters: Vec<f64> = session(&h)
        .log()
        .iter()
        .filter_map(|a| match a.action {
            Action::SetWaterTemp { water_c } => Some(water_c),
            _ => None,
        })
        .collect();
    assert_eq!(
        waters,
        vec![30.0],
        "typing water 30 logged 3 (or 4) °C first"
    );
}

#[test]
fn typing_reaches_nothing_until_enter() {
    let mut h = running(None);
    let fio2_before = session(&h).sim().settings().fio2;
    h.get_by_role_and_label(Role::SpinButton, names::FIO2)
        .focus();
    h.run();
    h.event(Event::Text("8".to_owned()));
    h.run();
    advance(&mut h, 2);
    assert_eq!(count(&h, |a| matches!(a, Action::SetFio2 { .. })), 0);
    assert_eq!(session(&h).sim().settings().fio2, fio2_before);
    h.event(Event::Text("0".to_owned()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let log: Vec<_> = session(&h).log().iter().map(|a| a.action.clone()).collect();
    assert!(
        logged(&h, |a| *a == Action::SetFio2 { fio2: 0.8 }),
        "{log:?}"
    );
}

#[test]
fn a_drag_is_one_action_on_release() {
    let mut h = running(None);
    let center = h
        .get_by_role_and_label(Role::SpinButton, names::FIO2)
        .rect()
        .center();
    let fio2_before = session(&h).sim().settings().fio2;
    h.event(Event::PointerMoved(center));
    h.run();
    h.event(Event::PointerButton {
        pos: center,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.run();
    let mut pos = center;
    for _ in 0..20 {
        pos += vec2(4.0, 0.0);
        h.event(Event::PointerMoved(pos));
        h.run();
    }
    assert_eq!(
        count(&h, |a| matches!(a, Action::SetFio2 { .. })),
        0,
        "the drag reached the model before the release"
    );
    assert_eq!(session(&h).sim().settings().fio2, fio2_before);
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    assert_eq!(count(&h, |a| matches!(a, Action::SetFio2 { .. })), 1);
    assert!(session(&h).sim().settings().fio2 > fio2_before);
}

#[test]
fn arrow_keys_and_the_wheel_move_a_dial_one_step_each() {
    let mut h = running(None);
    let water = |h: &Harness<'_, App>| session(h).sim().settings().water_set_c;
    let before = water(&h);
    h.get_by_role_and_label(Role::SpinButton, names::WATER)
        .focus();
    h.run();
    h.key_press(Key::ArrowUp);
    h.run();
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(
        water(&h),
        before + 1.0,
        "two presses, two half-degree steps"
    );
    assert_eq!(count(&h, |a| matches!(a, Action::SetWaterTemp { .. })), 2);
    // The arrow keys stayed with the dial: the pump flow did not change.
    assert_eq!(count(&h, |a| matches!(a, Action::SetPumpFlow { .. })), 0);

    h.key_press(Key::Escape);
    h.run();
    let fio2 = h
        .get_by_role_and_label(Role::SpinButton, names::FIO2)
        .rect()
        .center();
    let fio2_before = session(&h).sim().settings().fio2;
    h.event(Event::PointerMoved(fio2));
    h.run();
    h.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(0.0, 40.0),
        phase: egui::TouchPhase::Move,
        modifiers: Modifiers::NONE,
        source: egui::MouseWheelSource::Wheel,
    });
    h.run();
    advance(&mut h, 1);
    assert_eq!(count(&h, |a| matches!(a, Action::SetFio2 { .. })), 1);
    assert!((session(&h).sim().settings().fio2 - (fio2_before + 0.01)).abs() < 1e-9);
}

/// The rectangles of the controls a trainee reaches for.
fn control_rects(h: &Harness<'_, App>) -> Vec<(String, Rect)> {
    let mut out: Vec<(String, Rect)> = [
        "Start pump",
        names::GIVE_BOLUS,
        names::TELL_SURGEON,
        "Add to reservoir",
        "Send ACT",
        END_RUN,
    ]
    .iter()
    .map(|l| (l.to_string(), h.get_by_label(l).rect()))
    .collect();
    for dial in [names::FLOW, names::FIO2, names::WATER] {
        let rect = h.get_by_role_and_label(Role::SpinButton, dial).rect();
        out.push((dial.to_string(), rect));
    }
    out
}

#[test]
fn nothing_moves_when_alarms_a_procedure_and_the_pause_appear() {
    let mut h = running(None);
    let before = control_rects(&h);
    assert!(h.query_by_label_contains("under way").is_none());
    // Stop the pump (alarms rise), start de-airing (a banner), pause.
    h.key_press(Key::S);
    h.run();
    advance(&mut h, 8);
    h.get_by_label("De-air arterial line").click();
    h.run();
    advance(&mut h, 2);
    h.key_press(Key::Space);
    h.run();
    assert!(
        h.query_by_label_contains("De-airing under way").is_some(),
        "no procedure banner, so this test proves nothing"
    );
    assert!(h.query_by_label("PAUSED").is_some());
    assert!(
        !session(&h).sim().alarms_active().is_empty(),
        "no alarm rose, so this test proves nothing"
    );
    assert_eq!(control_rects(&h), before, "a control moved");
}

#[test]
fn every_scored_control_is_on_screen_at_1280_by_720() {
    let size = vec2(1280.0, 720.0);
    let h = running(Some(size));
    let window = Rect::from_min_size(Pos2::ZERO, size);
    let buttons = [
        "Start pump",
        "Stop pump (S)",
        "Arterial clamp (C)",
        "Venous clamp (V)",
        "FiO2 100 % (F)",
        names::GIVE_BOLUS,
        "Add to reservoir",
        "Give cardioplegia",
        "Send ACT",
        "Send Blood gas",
        "Check gas supply",
        "Change oxygenator",
        "De-air arterial line",
        "Retrograde SVC perfusion",
        "Trendelenburg",
        "Ventilation",
        names::TELL_SURGEON,
        names::TELL_ANAESTHETIST,
    ];
    for label in buttons {
        let rect = h.get_by_label(label).rect();
        assert!(window.contains_rect(rect), "{label} off screen: {rect:?}");
    }
    for dial in [names::FLOW, names::SWEEP, names::FIO2, names::WATER] {
        let rect = h.get_by_role_and_label(Role::SpinButton, dial).rect();
        assert!(window.contains_rect(rect), "{dial} off screen: {rect:?}");
    }
}

/// A word written as a Rust type name ("OxygenatorChange"): a capital, lower case, then
/// another capital followed by lower case.
fn camel_case_word(text: &str) -> Option<&str> {
    text.split(|c: char| !c.is_alphanumeric()).find(|word| {
        let chars: Vec<char> = word.chars().collect();
        chars.first().is_some_and(|c| c.is_uppercase())
            && chars
                .windows(3)
                .skip(1)
                .any(|w| w[0].is_lowercase() && w[1].is_uppercase() && w[2].is_lowercase())
    })
}

#[test]
fn the_trainee_never_reads_an_internal_name() {
    assert_eq!(
        camel_case_word("OxygenatorChange under way"),
        Some("OxygenatorChange")
    );
    assert_eq!(camel_case_word("SvO2 · PaO2 mmHg · iCa"), None);
    let mut h = running(None);
    h.key_press(Key::S);
    h.run();
    advance(&mut h, 8);
    h.get_by_label("Change oxygenator").click();
    h.run();
    advance(&mut h, 3);
    assert!(
        h.query_by_label_contains("Oxygenator change under way")
            .is_some(),
        "no procedure banner, so this test proves nothing"
    );
    for node in h.query_all(By::new()) {
        let node = node.accesskit_node();
        for text in [node.label(), node.value()].into_iter().flatten() {
            assert_eq!(camel_case_word(&text), None, "internal name in {text:?}");
        }
    }
}

#[test]
fn end_run_asks_first() {
    let mut h = running(None);
    h.get_by_label(END_RUN).click();
    h.run();
    advance(&mut h, 1);
    assert!(
        h.state().run_state().is_some(),
        "End run ended without asking"
    );
    h.get_by_label("Keep running").click();
    h.run();
    assert!(h.query_by_label(END_RUN_CONFIRM).is_none());
    let tick = session(&h).tick();
    advance(&mut h, 1);
    assert!(session(&h).tick() > tick, "the run stopped");
    h.get_by_label(END_RUN).click();
    h.run();
    h.get_by_label(END_RUN_CONFIRM).click();
    h.run();
    assert!(h.state().is_debrief());
}

#[test]
fn f1_and_h_open_the_help_on_the_start_screen() {
    for key in [Key::F1, Key::H] {
        let mut h = harness(app_on_start_screen());
        h.run();
        assert!(
            h.query_by_label(crate::app::ui_command::HELP_TITLE)
                .is_none()
        );
        h.key_press(key);
        h.run();
        assert!(
            h.query_by_label(crate::app::ui_command::HELP_TITLE)
                .is_some(),
            "{key:?} did nothing on the start screen"
        );
    }
}
