//! Whole-window tests of the instructor console.

use egui_kittest::kittest::Queryable;

use super::*;
use crate::app::screens::start;
use crate::app::test_util::{TempRecords, advance, app_recording_to, harness, session};
use perfsim_core::action::Actor;
use perfsim_core::record::{Entry, RecordReader};

#[test]
fn an_injected_fault_is_logged_recorded_and_replays_identically() {
    let records = TempRecords::new();
    let mut h = harness(app_recording_to(&records));
    h.run();
    h.get_by_label_contains("Baseline: stable full bypass")
        .click();
    h.run();
    h.get_by_label(start::START_LABEL).click();
    h.run();
    advance(&mut h, 5);

    // In practice the console opens without a PIN.
    h.get_by_label(names::OPEN).click();
    h.run();
    assert!(h.query_by_label(names::UNLOCK).is_none());
    h.get_by_label(names::INJECT).click();
    h.run();
    let injected = |h: &egui_kittest::Harness<'_, crate::app::App>| {
        session(h)
            .log()
            .iter()
            .filter(|a| matches!(a.action, Action::InjectFault { .. }))
            .map(|a| (a.tick, a.actor))
            .collect::<Vec<_>>()
    };
    assert_eq!(injected(&h), vec![(50, Actor::Instructor)]);
    assert!(
        session(&h)
            .sim()
            .faults()
            .iter()
            .any(|f| f.spec.kind == FaultKind::MembraneFailure && f.onset_tick.is_some())
    );
    advance(&mut h, 3);
    assert!(
        h.query_by_label_contains("severity 0.70 · active since")
            .is_some(),
        "the console does not list the active fault"
    );

    // SVR, a note, and a freeze that stops the clock and is recorded.
    h.get_by_label("Apply").click();
    h.run();
    h.get_by_label(names::FREEZE).click();
    h.run();
    let frozen_at = session(&h).tick();
    advance(&mut h, 20);
    assert_eq!(session(&h).tick(), frozen_at, "a frozen run advanced");
    assert!(
        h.query_by_label_contains("Paused by the facilitator")
            .is_some()
    );
    h.get_by_label(names::UNFREEZE).click();
    h.run();
    advance(&mut h, 2);
    assert_eq!(session(&h).tick(), frozen_at + 20);
    if let crate::app::Screen::Run(run) = &mut h.state_mut().screen {
        run.instructor.note = "slow to check the gas line".into();
    }
    h.run();
    h.get_by_label(names::ADD_NOTE).click();
    h.run();

    // The candidate's log never shows the instructor's actions.
    h.get_by_label("Close").click();
    h.run();
    assert!(h.query_by_label_contains("Instructor:").is_none());
    assert!(h.query_by_label_contains("MembraneFailure").is_none());

    // End, then the record: the instructor's actions by actor, notes and pauses.
    advance(&mut h, 30);
    h.get_by_label("End run").click();
    h.run();
    h.get_by_label(crate::app::screens::run::END_RUN_CONFIRM)
        .click();
    h.run();
    assert!(h.state().is_debrief());
    let files = records.records();
    assert_eq!(files.len(), 1, "{files:?}");
    let rec = match RecordReader::open(&files[0]) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert!(rec.is_complete());
    let by_instructor: Vec<_> = rec
        .actions()
        .into_iter()
        .filter(|a| a.actor == Actor::Instructor)
        .map(|a| (a.tick, a.action.describe()))
        .collect();
    assert_eq!(by_instructor.len(), 2, "{by_instructor:?}");
    assert_eq!(by_instructor[0].0, 50);
    let entries: Vec<&Entry> = rec.entries().collect();
    assert!(
        entries
            .iter()
            .any(|e| matches!(e, Entry::Pause { tick } if *tick == frozen_at))
    );
    assert!(
        entries
            .iter()
            .any(|e| matches!(e, Entry::Resume { tick } if *tick == frozen_at))
    );
    assert!(
        entries
            .iter()
            .any(|e| matches!(e, Entry::Note { text, .. } if text == "slow to check the gas line"))
    );
    let outcome = match perfsim_core::record::replay::replay(
        &rec,
        perfsim_core::record::score::report_json,
    ) {
        Ok(o) => o,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(outcome.difference, None, "the replay differs");
    let Some(original) = h.state().session() else {
        panic!("no session");
    };
    assert_eq!(outcome.session.log(), original.log());
    assert_eq!(outcome.session.trace(), original.trace());
    if let Err(e) = crate::cli::records::verify(&files[0], Some(&records.key_file())) {
        panic!("perfsim verify refuses the record: {e:#}");
    }
    if let Err(e) = crate::cli::records::replay(&files[0], None, Some(&records.key_file())) {
        panic!("perfsim replay finds a difference: {e:#}");
    }
}

/// The facilitator's PIN in the exam tests (long enough not to turn up by chance).
const EXAM_PIN: &str = "97531864";

/// A window running an exam of the baseline scenario with [`EXAM_PIN`], recorded.
fn exam_window(records: &TempRecords) -> egui_kittest::Harness<'static, crate::app::App> {
    let mut app = app_recording_to(records);
    let path = crate::app::test_util::scenarios_dir().join("baseline.ron");
    let scenario = match perfsim_core::scenario::Scenario::load(&path) {
        Ok(s) => std::sync::Arc::new(s),
        Err(e) => panic!("{e}"),
    };
    let Some(pin) = crate::app::exam_info::PinHash::new(EXAM_PIN) else {
        panic!("pin");
    };
    let info = crate::app::exam_info::ExamInfo {
        candidate_id: "C-3".into(),
        facilitator: "Dr Lock".into(),
        pin,
    };
    if let Err(e) = app.start_exam(scenario, Some(path), 2, info) {
        panic!("the exam did not start: {e}");
    }
    let mut h = harness(app);
    h.run();
    h
}

fn try_pin(h: &mut egui_kittest::Harness<'static, crate::app::App>, pin: &str) {
    if let crate::app::Screen::Run(run) = &mut h.state_mut().screen {
        run.instructor.pin = pin.into();
    }
    h.run();
    h.get_by_label(names::UNLOCK).click();
    h.run();
}

#[test]
fn closing_the_console_locks_it_and_reopening_asks_for_the_pin() {
    let records = TempRecords::new();
    let mut h = exam_window(&records);
    h.get_by_label(names::OPEN).click();
    h.run();
    assert!(
        h.query_by_label(names::INJECT).is_none(),
        "open without a PIN"
    );
    try_pin(&mut h, EXAM_PIN);
    assert!(
        h.query_by_label(names::INJECT).is_some(),
        "the PIN did not unlock"
    );
    // Close (not Lock), then reopen from the candidate's seat.
    h.get_by_label("Close").click();
    h.run();
    h.get_by_label(names::OPEN).click();
    h.run();
    assert!(h.query_by_label(names::UNLOCK).is_some());
    assert!(
        h.query_by_label(names::INJECT).is_none(),
        "the closed console reopened unlocked"
    );
    assert!(h.query_by_label_contains("Clear").is_none());
}

#[test]
fn five_wrong_pins_lock_the_console_for_a_minute_and_each_is_recorded() {
    let records = TempRecords::new();
    let mut h = exam_window(&records);
    h.get_by_label(names::OPEN).click();
    h.run();
    for _ in 0..5 {
        try_pin(&mut h, "11112222");
    }
    assert!(
        h.query_by_label_contains("locked for 60 s").is_some(),
        "no lockout after five wrong PINs"
    );
    // Even the right PIN is refused during the minute.
    try_pin(&mut h, EXAM_PIN);
    assert!(h.query_by_label(names::INJECT).is_none());
    assert!(h.query_by_label_contains("locked for").is_some());
    h.state_mut().clock.advance_mock(61_000_000_000);
    try_pin(&mut h, EXAM_PIN);
    assert!(
        h.query_by_label(names::INJECT).is_some(),
        "not unlocked after the minute"
    );
    // Every wrong PIN is in the record, none for the refused or right ones.
    let Some(path) = records.records().first().cloned() else {
        panic!("no record");
    };
    let rec = match RecordReader::open(&path) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let wrong = rec
        .entries()
        .filter(|e| matches!(e, Entry::WrongPin { .. }))
        .count();
    assert_eq!(wrong, 5);
}

#[test]
fn while_frozen_the_candidates_controls_do_nothing() {
    let records = TempRecords::new();
    let mut h = exam_window(&records);
    advance(&mut h, 2);
    h.get_by_label(names::OPEN).click();
    h.run();
    try_pin(&mut h, EXAM_PIN);
    h.get_by_label(names::FREEZE).click();
    h.run();
    let before = session(&h).log().len();
    let fio2 = session(&h).sim().snapshot().fio2_pct;
    for key in [egui::Key::F, egui::Key::S, egui::Key::ArrowUp, egui::Key::C] {
        h.key_press(key);
        h.run();
    }
    assert_eq!(session(&h).log().len(), before, "a frozen candidate acted");
    assert_eq!(session(&h).sim().snapshot().fio2_pct, fio2);
    // Unfrozen, the same key acts.
    h.get_by_label(names::UNFREEZE).click();
    h.run();
    h.key_press(egui::Key::F);
    h.run();
    assert_eq!(session(&h).log().len(), before + 1);
}

/// Closing the window mid-exam does not quit: the locked console opens for the
/// facilitator, and the exam goes on recording.
#[test]
fn closing_the_window_mid_exam_asks_for_the_facilitator() {
    let records = TempRecords::new();
    let mut h = exam_window(&records);
    advance(&mut h, 1);
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    let cancelled = h
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(&egui::ViewportCommand::CancelClose));
    h.run();
    assert!(h.state().run_state().is_some(), "the exam ended on close");
    assert!(
        h.query_by_label(crate::app::window::QUIT_NEEDS_FACILITATOR)
            .is_some(),
        "the console did not ask for the facilitator"
    );
    assert!(h.query_by_label(names::UNLOCK).is_some());
    assert!(cancelled, "the close was not cancelled");
}

#[test]
fn five_wrong_pins_lock_the_exam_report_for_a_minute_and_each_is_recorded() {
    use crate::app::screens::exam_setup::names as exam;
    let records = TempRecords::new();
    let mut h = exam_window(&records);
    advance(&mut h, 2);
    h.get_by_label(names::OPEN).click();
    h.run();
    try_pin(&mut h, EXAM_PIN);
    h.get_by_label("End the run").click();
    h.run();
    assert!(matches!(h.state().screen, crate::app::Screen::ExamDone(_)));
    let try_report_pin = |h: &mut egui_kittest::Harness<'static, crate::app::App>, pin: &str| {
        if let crate::app::Screen::ExamDone(done) = &mut h.state_mut().screen {
            done.pin = pin.into();
        }
        h.run();
        h.get_by_label(exam::OPEN_REPORT).click();
        h.run();
    };
    for _ in 0..5 {
        try_report_pin(&mut h, "11112222");
    }
    assert!(
        h.query_by_label_contains("report is locked for 60 s")
            .is_some(),
        "no lockout after five wrong PINs"
    );
    // Even the right PIN is refused during the minute.
    try_report_pin(&mut h, EXAM_PIN);
    assert!(
        !h.state().is_debrief(),
        "the report opened while locked out"
    );
    assert!(h.query_by_label_contains("locked for").is_some());
    // Every wrong PIN is in the finished record, after its footer, and it verifies.
    let Some(path) = records.records().first().cloned() else {
        panic!("no record");
    };
    let rec = match RecordReader::open(&path) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert!(rec.is_complete());
    let after_footer = rec
        .entries()
        .skip_while(|e| !matches!(e, Entry::Footer(_)))
        .filter(|e| matches!(e, Entry::WrongPin { .. }))
        .count();
    assert_eq!(after_footer, 5);
    if let Err(e) = crate::cli::records::verify(&path, Some(&records.key_file())) {
        panic!("perfsim verify refuses the record: {e:#}");
    }
    h.state_mut().clock.advance_mock(61_000_000_000);
    try_report_pin(&mut h, EXAM_PIN);
    assert!(h.state().is_debrief(), "not unlocked after the minute");
}
