//! Whole-window tests of the run screen: controls, pause and speed, shortcuts, refusals,
//! hints, and what the trainee never sees.

use std::sync::Arc;
use std::time::Duration;

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use crate::app::Screen;
use crate::app::clock::Speed;
use crate::app::screens::debrief;
use crate::app::screens::start;
use crate::app::test_util::{
    advance, app_on_start_screen, harness, logged, scenario_with_fault, scenarios_dir, session,
};
use crate::app::widgets::controls;
use perfsim_core::action::{Action, Drug, LabKind};
use perfsim_core::model::faults::FaultKind;
use perfsim_core::scenario::Scenario;

#[test]
fn start_change_settings_give_drug_request_lab() {
    let mut h = harness(app_on_start_screen());
    h.run();
    h.get_by_label_contains("Baseline: stable full bypass")
        .click();
    h.run();
    h.get_by_label(start::START_LABEL).click();
    h.run();
    assert!(h.state().run_state().is_some(), "the run did not start");
    assert_eq!(session(&h).scenario().name, "Baseline: stable full bypass");
    // The clock starts counting on the first frame; one simulated second passes.
    advance(&mut h, 1);
    assert_eq!(session(&h).tick(), 10);

    h.get_by_role_and_label(Role::SpinButton, controls::names::FLOW)
        .set_value_accesskit(3.9);
    h.get_by_role_and_label(Role::SpinButton, controls::names::SWEEP)
        .set_value_accesskit(3.0);
    h.run();
    h.get_by_role_and_label(Role::SpinButton, controls::names::FIO2)
        .set_value_accesskit(80.0);
    h.run();
    let settings = session(&h).sim().settings();
    assert!((settings.pump_flow_set_l_min - 3.9).abs() < 1e-9);
    assert!((settings.sweep_l_min - 3.0).abs() < 1e-9);
    assert!((settings.fio2 - 0.8).abs() < 1e-9);
    assert!(logged(
        &h,
        |a| matches!(a, Action::SetPumpFlow { flow_l_per_min } if (*flow_l_per_min - 3.9).abs() < 1e-9)
    ));
    assert!(logged(&h, |a| matches!(a, Action::SetSweep { .. })));
    assert!(logged(&h, |a| matches!(a, Action::SetFio2 { .. })));
    // The model follows the new flow within a few seconds.
    advance(&mut h, 5);
    assert!((session(&h).sim().snapshot().pump_flow_l_min - 3.9).abs() < 0.05);

    // A phenylephrine bolus below the confirmation threshold goes straight in.
    h.get_by_label(controls::names::GIVE_BOLUS).click();
    h.run();
    assert!(logged(&h, |a| matches!(
        a,
        Action::DrugBolus { drug: Drug::Phenylephrine, dose } if *dose == 100.0
    )));

    // Protamine always asks first; nothing is logged until the trainee confirms.
    if let Screen::Run(run) = &mut h.state_mut().screen {
        run.controls.bolus_drug = Drug::Protamine;
        run.controls.bolus_dose = 30.0;
    }
    h.run();
    h.get_by_label(controls::names::GIVE_BOLUS).click();
    h.run();
    assert!(!logged(&h, |a| matches!(
        a,
        Action::DrugBolus {
            drug: Drug::Protamine,
            ..
        }
    )));
    h.get_by_label("Give now").click();
    h.run();
    assert!(logged(&h, |a| matches!(
        a,
        Action::DrugBolus {
            drug: Drug::Protamine,
            ..
        }
    )));

    // An ACT: pending first, then a value on the monitors after its turnaround.
    h.get_by_label("Send ACT").click();
    h.run();
    assert!(logged(&h, |a| matches!(
        a,
        Action::RequestLab { lab: LabKind::Act }
    )));
    assert_eq!(session(&h).sim().labs().len(), 1);
    assert!(h.query_by_label_contains("pending, result in").is_some());
    assert!(
        h.query_by_label_contains("s @").is_none(),
        "ACT shown before it was measured"
    );
    advance(&mut h, LabKind::Act.turnaround_secs() + 1);
    assert!(
        h.query_by_label_contains("s @").is_some(),
        "no ACT readout after the result"
    );
}

#[test]
fn a_paused_run_does_not_advance_and_resumes_without_a_jump() {
    let mut app = app_on_start_screen();
    app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
    let mut h = harness(app);
    advance(&mut h, 2);
    let before = session(&h).tick();
    assert_eq!(before, 20);
    h.get_by_label("Pause (Space)").click();
    h.run();
    advance(&mut h, 30);
    assert_eq!(session(&h).tick(), before, "the paused run advanced");
    // Paused, the window asks for no repaint: it stays idle.
    let root = &h.output().viewport_output[&egui::ViewportId::ROOT];
    assert!(root.repaint_delay > Duration::from_secs(3600));
    // Space resumes; the 30 paused seconds are not stepped.
    h.key_press(Key::Space);
    h.run();
    advance(&mut h, 1);
    assert_eq!(session(&h).tick(), before + 10);
    // Faster speeds step more ticks per wall second.
    h.get_by_label("10×").click();
    h.run();
    advance(&mut h, 1);
    assert_eq!(session(&h).tick(), before + 110);
}

#[test]
fn shortcuts_act_through_the_log() {
    let mut app = app_on_start_screen();
    app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
    let mut h = harness(app);
    h.run();
    h.key_press(Key::F);
    h.key_press(Key::S);
    h.run();
    assert!(logged(&h, |a| *a == Action::SetFio2 { fio2: 1.0 }));
    assert!(logged(&h, |a| *a == Action::PumpStop));
    assert!(!session(&h).sim().settings().pump_running);
}

#[test]
fn shortcuts_work_after_a_click_and_never_repeat_the_clicked_button() {
    let mut app = app_on_start_screen();
    app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
    let mut h = harness(app);
    h.run();
    h.get_by_label(controls::names::GIVE_BOLUS).click();
    h.run();
    h.key_press(Key::Space);
    h.run();
    h.key_press(Key::A);
    h.run();
    let boluses = session(&h)
        .log()
        .iter()
        .filter(|a| matches!(a.action, Action::DrugBolus { .. }))
        .count();
    assert_eq!(boluses, 1, "Space clicked the focused button again");
    assert!(
        h.state().run_state().is_some_and(|r| r.paused),
        "Space did not pause"
    );
    assert!(logged(&h, |a| *a == Action::AcknowledgeAlarms));
}

#[test]
fn a_refused_action_tells_the_trainee_why() {
    let mut app = app_on_start_screen();
    app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
    let mut h = harness(app);
    h.run();
    assert!(h.query_by_label_contains("Not done").is_none());
    h.get_by_label("Procedures and team").click();
    h.run();
    // De-airing needs the pump stopped; the model refuses and says so.
    h.get_by_label("De-air arterial line").click();
    h.run();
    assert!(logged(&h, |a| *a == Action::DeairArterialLine));
    assert!(
        h.query_by_label_contains("Not done: stop the pump")
            .is_some()
    );
}

/// A scenario without a rubric still ends in a debrief, which says there is no score
/// (the shipped baseline has a rubric now, so this one is built without it).
#[test]
fn a_scenario_without_a_rubric_says_so_in_the_debrief() {
    let text = std::fs::read_to_string(scenarios_dir().join("baseline.ron")).unwrap_or_default();
    let cut = text.find("    rubric: (").unwrap_or(text.len());
    let text = format!(
        "{})\n",
        &text[..cut].replace("duration_s: 3600,", "duration_s: 60,")
    );
    let scenario = match Scenario::parse("no-rubric", &text) {
        Ok(s) => Arc::new(s),
        Err(e) => panic!("rubric-less baseline: {e}"),
    };
    let mut app = app_on_start_screen();
    app.start_run(scenario, 1, None);
    let mut h = harness(app);
    h.run();
    h.get_by_label("Briefing").click();
    h.run();
    advance(&mut h, 90);
    assert!(h.state().is_debrief(), "no debrief after the run ended");
    crate::app::test_util::submit_chart_if_asked(&mut h);
    assert!(h.query_by_label(debrief::NO_RUBRIC).is_some());
}

#[test]
fn no_fault_name_before_the_debrief_and_the_debrief_after_the_end() {
    for kind in [
        FaultKind::MembraneFailure,
        FaultKind::Vasoplegia,
        FaultKind::AirEntry,
    ] {
        let mut app = app_on_start_screen();
        app.start_run(scenario_with_fault(kind, 240), 7, None);
        let mut h = harness(app);
        h.run();
        // Open every control group, send labs, and play past the fault's onset.
        // (The bypass console's module headings; an ECMO console has its own.)
        for header in ["Fluids and cardioplegia", "Procedures and team"] {
            if let Some(node) = h.query_by_label(header) {
                node.click();
            }
        }
        h.run();
        h.get_by_label("Send Blood gas").click();
        h.run();
        h.get_by_label("Briefing").click();
        h.run();
        for _ in 0..12 {
            advance(&mut h, 15);
            assert!(!h.state().is_debrief());
            for fault in FaultKind::ALL {
                assert!(
                    h.query_by_label_contains(fault.label()).is_none(),
                    "{} visible to the trainee",
                    fault.label()
                );
            }
            assert!(h.query_by_label_contains("clot burden").is_none());
            assert!(h.query_by_label_contains("Antithrombin %").is_none());
        }
        assert!(
            session(&h).events().iter().any(|e| matches!(
                e.event,
                perfsim_core::model::events::Event::FaultOnset { .. }
            )),
            "the fault never started, so the check above proved nothing"
        );
        // The run ends by time: the debrief shows, and there the fault is named.
        advance(&mut h, 60);
        assert!(h.state().is_debrief(), "no debrief after the run ended");
        crate::app::test_util::submit_chart_if_asked(&mut h);
        // The baseline these runs are built on has a rubric (issue 10): the run is scored.
        let Screen::Debrief(d) = &h.state().screen else {
            panic!("not the debrief");
        };
        let score = d.report.as_ref().map(|r| r.score_pct);
        assert!(
            score.is_some_and(|s| h.query_by_label(&format!("Score {s:.0} %")).is_some()),
            "no score in the debrief: {score:?}"
        );
        assert!(h.query_by_label(debrief::NO_RUBRIC).is_none());
        assert!(
            h.query_by_label_contains(kind.label()).is_some(),
            "the debrief hides the fault"
        );
        assert!(
            h.query_by_label_contains("Target flow is CI").is_some(),
            "no teaching points"
        );
    }
}

/// Practice shows a scenario's hints once their time has come (exams never do: see
/// `exam.rs`).
#[test]
fn practice_shows_hints_when_their_time_comes() {
    let path = scenarios_dir().join("oxygenator_failure.ron");
    let scenario = match Scenario::load(&path) {
        Ok(s) => Arc::new(s),
        Err(e) => panic!("{e}"),
    };
    let Some(first) = scenario.hints.first().cloned() else {
        panic!("the scenario has hints");
    };
    let Some(at_s) = first.at_s else {
        panic!("the first hint has a time");
    };
    let mut app = app_on_start_screen();
    app.start_run(scenario, 1, Some(path));
    let mut h = harness(app);
    h.run();
    advance(&mut h, 1);
    assert!(
        h.query_by_label_contains("Hint:").is_none(),
        "no hint at the start"
    );
    if let Screen::Run(run) = &mut h.state_mut().screen {
        run.speed = Speed::X10;
    }
    let secs = at_s as u64 / 10 + 2;
    for _ in 0..secs {
        advance(&mut h, 1);
    }
    assert!(
        h.query_by_label_contains(&first.text).is_some(),
        "the hint at {} s is not shown at {} s",
        at_s,
        session(&h).tick() / 10
    );
}

/// Every shipped scenario, played untouched for up to 25 minutes: no fault name, no
/// hidden signal and no debrief text on the trainee's screens.
#[test]
fn shipped_scenarios_never_name_their_fault_during_the_run() {
    let paths = perfsim_core::scenario::list_folder(&scenarios_dir());
    assert!(!paths.is_empty());
    for path in paths {
        let scenario = match Scenario::load(&path) {
            Ok(s) => Arc::new(s),
            Err(e) => panic!("{e}"),
        };
        let mut app = app_on_start_screen();
        app.start_run(scenario.clone(), 1, Some(path.clone()));
        let mut h = harness(app);
        h.run();
        // (The bypass console's module headings; an ECMO console has its own.)
        for header in ["Fluids and cardioplegia", "Procedures and team"] {
            if let Some(node) = h.query_by_label(header) {
                node.click();
            }
        }
        h.get_by_label("Send Blood gas").click();
        h.run();
        let end_s = (scenario.duration_ticks / perfsim_core::time::TICKS_PER_SEC)
            .saturating_sub(20)
            .min(1500);
        let mut t = 0;
        while t + 20 <= end_s {
            advance(&mut h, 20);
            t += 20;
            for fault in FaultKind::ALL {
                assert!(
                    h.query_by_label_contains(fault.label()).is_none(),
                    "{}: {} visible at {t} s",
                    path.display(),
                    fault.label()
                );
            }
            for point in &scenario.debrief {
                assert!(
                    h.query_by_label_contains(point).is_none(),
                    "{}: debrief text visible at {t} s",
                    path.display()
                );
            }
            assert!(h.query_by_label_contains("clot burden").is_none());
        }
    }
}

/// A key pressed while a button has keyboard focus acts once: Space pauses and does not
/// also press the focused button; Enter, which is no shortcut, still presses it.
#[test]
fn space_on_a_focused_button_pauses_and_does_not_press_it() {
    let mut app = app_on_start_screen();
    app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
    let mut h = harness(app);
    h.run();
    h.get_by_label(controls::names::GIVE_BOLUS).focus();
    h.run();
    assert!(
        h.ctx.memory(|m| m.focused().is_some()),
        "the button did not take focus, so this test would prove nothing"
    );
    let boluses = |h: &egui_kittest::Harness<'_, crate::app::App>| {
        session(h)
            .log()
            .iter()
            .filter(|a| matches!(a.action, Action::DrugBolus { .. }))
            .count()
    };
    h.key_press(Key::Space);
    h.run();
    assert_eq!(boluses(&h), 0, "Space pressed the focused button");
    assert!(
        h.state().run_state().is_some_and(|r| r.paused),
        "Space did not pause"
    );
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(boluses(&h), 1, "Enter no longer presses the focused button");
}

/// The help window lists every command of the table with its keys.
#[test]
fn f1_opens_the_help_with_every_shortcut() {
    let mut app = app_on_start_screen();
    app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
    let mut h = harness(app);
    h.run();
    assert!(
        h.query_by_label(crate::app::ui_command::HELP_TITLE)
            .is_none()
    );
    h.key_press(Key::F1);
    h.run();
    assert!(
        h.query_by_label(crate::app::ui_command::HELP_TITLE)
            .is_some()
    );
    for command in crate::app::UiCommand::ALL {
        assert!(
            h.query_by_label(command.help()).is_some(),
            "{command:?} missing from the help"
        );
    }
}

/// Set in the child process of
/// [`a_record_write_failure_reaches_the_facilitator_and_not_the_trainee`].
#[cfg(unix)]
const RECORD_FULL_CHILD: &str = "PERFSIM_TEST_RECORD_FULL_CHILD";

/// A record that can no longer be written (here: the disk quota, a file-size limit
/// the test sets on its own child process) during an exam: the facilitator learns why in
/// the instructor console, the exam stops safely (frozen, nothing the candidate does is
/// applied unrecorded, the record intact and interrupted), and the trainee's console log
/// never shows the I/O error.
#[cfg(unix)]
#[test]
fn a_record_write_failure_reaches_the_facilitator_and_not_the_trainee() {
    const NAME: &str = "app::screens::run::tests::a_record_write_failure_reaches_the_facilitator_and_not_the_trainee";
    if std::env::var_os(RECORD_FULL_CHILD).is_some() {
        record_full_child();
        return;
    }
    // The record's header holds the scenario's text; allow it and a few kilobytes more.
    let scenario_bytes =
        std::fs::metadata(scenarios_dir().join("baseline.ron")).map_or(20_000, |m| m.len());
    let blocks = (scenario_bytes + 6_000) / 512 + 1;
    let Ok(exe) = std::env::current_exe() else {
        panic!("no test executable");
    };
    let out = std::process::Command::new("sh")
        .args([
            "-c",
            &format!("trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\""),
        ])
        .arg(exe)
        .args([NAME, "--exact", "--nocapture", "--test-threads", "1"])
        .env(RECORD_FULL_CHILD, "1")
        .output();
    let Ok(out) = out else {
        panic!("cannot start the child test");
    };
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child test failed:\n{said}");
    assert!(
        said.contains("1 passed"),
        "the child did not run the test:\n{said}"
    );
}

/// The child's half: an exam whose record fills the size limit.
#[cfg(unix)]
fn record_full_child() {
    use super::ui::RECORD_STOPPED_FOR_CANDIDATE;
    use crate::app::exam_info::{ExamInfo, PinHash};
    use crate::app::test_util::{TempRecords, app_recording_to};

    let records = TempRecords::new();
    let mut app = app_recording_to(&records);
    let path = scenarios_dir().join("baseline.ron");
    let scenario = match Scenario::load(&path) {
        Ok(s) => Arc::new(s),
        Err(e) => panic!("{e}"),
    };
    let Some(pin) = PinHash::new("97531864") else {
        panic!("pin")
    };
    let info = ExamInfo {
        candidate_id: "C-7".into(),
        facilitator: "F".into(),
        pin,
    };
    if let Err(e) = app.start_exam(scenario, Some(path), 3, info) {
        panic!("the exam did not start: {e}");
    }
    let mut h = harness(app);
    h.run();
    // FiO2 100 % by its key, again and again: each press is a recorded action, until the
    // record cannot take another line.
    let mut presses = 0;
    while h
        .state()
        .run_state()
        .is_some_and(|r| r.record_error.is_none())
        && presses < 2_000
    {
        h.key_press(Key::F);
        h.run();
        presses += 1;
    }
    let Some(run) = h.state().run_state() else {
        panic!("the run ended");
    };
    let Some(error) = run.record_error.clone() else {
        panic!("{presses} actions and the record never failed");
    };
    assert!(error.contains("cannot be written"), "{error}");
    assert!(error.contains("exam stopped at"), "{error}");
    assert!(run.frozen, "the exam went on unrecorded");
    assert!(
        run.messages.is_empty(),
        "the trainee's console log shows {:?}",
        run.messages
    );
    let logged_before = session(&h).log().len();
    let tick_before = session(&h).tick();
    h.key_press(Key::F);
    advance(&mut h, 2);
    assert_eq!(
        session(&h).log().len(),
        logged_before,
        "an unrecorded action was applied"
    );
    assert_eq!(session(&h).tick(), tick_before, "the exam went on");
    // The candidate is told to call the facilitator, without the I/O details.
    assert!(h.query_by_label(RECORD_STOPPED_FOR_CANDIDATE).is_some());
    assert!(h.query_by_label_contains("File too large").is_none());
    // The record holds every action applied, and reads as an intact, interrupted attempt.
    let files = records.records();
    assert_eq!(files.len(), 1);
    let rec = match perfsim_core::record::RecordReader::open(&files[0]) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert!(!rec.is_complete());
    assert_eq!(rec.actions().len(), logged_before);
}

/// A fast-forward (demos, screenshots, `--skip-s`) lets the team speak at each line's own
/// time, not all at once when it ends: the baseline surgeon asks for cardioplegia at 15 min.
#[test]
fn a_fast_forward_speaks_each_team_line_at_its_time() {
    let mut h = harness(app_on_start_screen());
    h.run();
    h.get_by_label_contains("Baseline: stable full bypass")
        .click();
    h.run();
    h.get_by_label(start::START_LABEL).click();
    h.run();
    h.state_mut()
        .fast_forward(perfsim_core::time::tick_from_secs(1000.0));
    let Some(run) = h.state().run_state() else {
        panic!("the run did not start");
    };
    let said: Vec<_> = run
        .team_said
        .iter()
        .map(|m| (m.tick, m.says.clone()))
        .collect();
    let cardioplegia = said.iter().find(|(_, s)| s.contains("Cardioplegia"));
    assert_eq!(
        cardioplegia.map(|(t, _)| *t),
        Some(perfsim_core::time::tick_from_secs(900.0)),
        "{said:?}"
    );
}
