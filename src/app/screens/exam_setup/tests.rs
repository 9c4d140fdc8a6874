//! Whole-window tests of an exam: setup, the candidate's run, the end screen, the PIN.

use egui_kittest::kittest::Queryable;

use super::*;
use crate::app::Screen;
use crate::app::screens::instructor;
use crate::app::test_util::{
    TEST_PASSPHRASE, TempRecords, advance, app_recording_to, harness, type_into,
};
use perfsim_core::model::faults::FaultKind;
use perfsim_core::record::{Mode, RecordReader};

/// Nothing the candidate may not see: no fault name, no score, no time controls.
fn assert_candidate_view(h: &egui_kittest::Harness<'_, crate::app::App>, when: &str) {
    for fault in FaultKind::ALL {
        assert!(
            h.query_by_label_contains(fault.label()).is_none(),
            "{when}: {} visible to the candidate",
            fault.label()
        );
    }
    for hidden in [
        "Score", "PASSED", "FAILED", "Pause", "Resume", "2×", "10×", "End run", "Hint:",
    ] {
        assert!(
            h.query_by_label_contains(hidden).is_none(),
            "{when}: {hidden:?} visible to the candidate"
        );
    }
}

#[test]
fn an_exam_hides_diagnosis_score_and_time_controls_until_the_pin() {
    // Long enough not to turn up by chance among the record's MACs and numbers.
    const PIN: &str = "97531864";
    let records = TempRecords::new();
    // Tall enough that the scenario picked below is on screen among all the shipped ones.
    let mut h = crate::app::test_util::harness_sized(
        app_recording_to(&records),
        egui::vec2(1366.0, 2400.0),
    );
    h.run();
    h.get_by_label(names::OPEN_SETUP).click();
    h.run();
    type_into(&mut h, names::CANDIDATE, "C-12");
    type_into(&mut h, names::FACILITATOR, "Dr Rivera");
    // Starting without a PIN is refused, and says why.
    h.get_by_label_contains("Long pump run, valve repair")
        .click();
    h.run();
    h.get_by_label(names::START).click();
    h.run();
    assert!(h.query_by_label_contains("The PIN must be").is_some());
    assert!(h.state().run_state().is_none());
    type_into(&mut h, names::PIN, PIN);
    // Without the programme passphrase nothing can sign the exam: it does not start.
    h.get_by_label(names::START).click();
    h.run();
    assert!(
        h.query_by_label_contains("Enter the programme passphrase")
            .is_some()
    );
    assert!(h.state().run_state().is_none());
    type_into(&mut h, names::PASSPHRASE, "not the passphrase");
    h.get_by_label(names::START).click();
    h.run();
    assert!(h.query_by_label_contains("wrong passphrase").is_some());
    assert!(h.state().run_state().is_none());
    assert!(
        records.records().is_empty(),
        "a record was started unsigned"
    );
    // Both secrets are cleared after each try.
    type_into(&mut h, names::PIN, PIN);
    type_into(&mut h, names::PASSPHRASE, TEST_PASSPHRASE);
    h.get_by_label(names::START).click();
    h.run();
    let Some(run) = h.state().run_state() else {
        panic!("the exam did not start");
    };
    assert_eq!(run.mode, Mode::Exam);
    assert_eq!(run.session().scenario().name, "Long pump run, valve repair");
    assert_candidate_view(&h, "start");

    // Space does not pause an exam; time runs at 1× only.
    h.key_press(egui::Key::Space);
    h.run();
    advance(&mut h, 2);
    assert!(h.state().run_state().is_some_and(|r| !r.paused));
    assert_eq!(crate::app::test_util::session(&h).tick(), 20);

    // The instructor console asks for the PIN before it shows anything.
    h.get_by_label(instructor::names::OPEN).click();
    h.run();
    assert!(h.query_by_label(instructor::names::UNLOCK).is_some());
    assert_candidate_view(&h, "console locked");
    type_into(&mut h, names::PIN, "9999");
    h.get_by_label(instructor::names::UNLOCK).click();
    h.run();
    // The console counts wrong PINs towards its lockout.
    assert!(h.query_by_label_contains("Wrong PIN (4 more").is_some());
    assert!(h.query_by_label(instructor::names::INJECT).is_none());
    type_into(&mut h, names::PIN, PIN);
    h.get_by_label(instructor::names::UNLOCK).click();
    h.run();
    // Unlocked, the facilitator sees what the candidate cannot, and the live score.
    assert!(h.query_by_label(instructor::names::INJECT).is_some());
    assert!(h.query_by_label_contains("If it ended at").is_some());
    h.get_by_label("Lock").click();
    h.run();
    assert!(h.query_by_label(instructor::names::INJECT).is_none());
    h.get_by_label(instructor::names::OPEN).click();
    h.run();

    // Play the whole exam, looking at the candidate's screen as it goes.
    let mut guard = 0;
    while h.state().run_state().is_some() && guard < 200 {
        advance(&mut h, 15);
        assert_candidate_view(&h, "during the run");
        guard += 1;
    }
    let session = crate::app::test_util::session(&h);
    assert!(
        session.events().iter().any(|e| matches!(
            e.event,
            perfsim_core::model::events::Event::FaultOnset { .. }
        )),
        "the fault never started, so the checks proved nothing"
    );
    assert!(matches!(h.state().screen, Screen::ExamDone(_)));
    assert!(h.query_by_label(names::COMPLETE).is_some());
    assert_candidate_view(&h, "after the run");
    assert!(
        h.query_by_label_contains("%").is_none(),
        "a score after the run"
    );

    // A wrong PIN keeps the report shut; the right one opens it.
    type_into(&mut h, names::PIN, "1111");
    h.get_by_label(names::OPEN_REPORT).click();
    h.run();
    assert!(h.query_by_label_contains("Wrong PIN (4 more").is_some());
    assert_candidate_view(&h, "wrong PIN");
    type_into(&mut h, names::PIN, PIN);
    h.get_by_label(names::OPEN_REPORT).click();
    h.run();
    assert!(h.state().is_debrief(), "the PIN did not open the report");
    assert!(h.query_by_label_contains("Score").is_some());
    assert!(h.query_by_label("FAILED").is_some());

    // The record: an exam of C-12 by Dr Rivera, finished, intact under the key.
    let files = records.records();
    assert_eq!(files.len(), 1, "{files:?}");
    let rec = match RecordReader::open(&files[0]) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert!(rec.is_complete());
    assert_eq!(rec.header().mode, Mode::Exam);
    assert_eq!(rec.header().candidate_id, "C-12");
    assert_eq!(rec.header().facilitator, "Dr Rivera");
    let heartbeats = rec
        .entries()
        .filter(|e| matches!(e, perfsim_core::record::Entry::Heartbeat { .. }))
        .count();
    assert!(heartbeats > 100, "{heartbeats} heartbeats");
    if let Err(e) = crate::cli::records::verify(&files[0], Some(&records.key_file())) {
        panic!("perfsim verify refuses the record: {e:#}");
    }
    let text = std::fs::read_to_string(&files[0]).unwrap_or_default();
    assert!(!text.contains(PIN), "the PIN is in the record");
}

/// Asks the window to close (Alt+F4, the window manager) and runs one frame; the root
/// viewport's commands from that frame.
fn request_close(h: &mut egui_kittest::Harness<'_, crate::app::App>) -> Vec<egui::ViewportCommand> {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default()
}

#[test]
fn the_kiosk_holds_the_exam_full_screen_until_the_facilitator_opens_the_report() {
    const PIN: &str = "86429731";
    let records = TempRecords::new();
    let mut h = harness(app_recording_to(&records));
    h.run();
    h.get_by_label(names::OPEN_SETUP).click();
    h.run();
    type_into(&mut h, names::CANDIDATE, "C-7");
    type_into(&mut h, names::FACILITATOR, "Dr Kiosk");
    h.get_by_label_contains("Baseline: stable full bypass")
        .click();
    h.run();
    type_into(&mut h, names::PIN, PIN);
    type_into(&mut h, names::PASSPHRASE, TEST_PASSPHRASE);
    h.get_by_label(names::KIOSK).click();
    h.run();
    h.get_by_label(names::START).click();
    h.run();
    assert!(h.state().run_state().is_some(), "the exam did not start");
    assert!(h.state().kiosk.is_active(), "the exam is not full screen");
    let cancelled = request_close(&mut h);
    assert!(
        cancelled.contains(&egui::ViewportCommand::CancelClose),
        "{cancelled:?}"
    );
    // The facilitator ends the run: the candidate's report screen stays a kiosk.
    h.get_by_label(instructor::names::OPEN).click();
    h.run();
    type_into(&mut h, names::PIN, PIN);
    h.get_by_label(instructor::names::UNLOCK).click();
    h.run();
    h.get_by_label("End the run").click();
    h.run();
    assert!(matches!(h.state().screen, Screen::ExamDone(_)));
    assert!(h.state().kiosk.is_active());
    let cancelled = request_close(&mut h);
    assert!(
        cancelled.contains(&egui::ViewportCommand::CancelClose),
        "the candidate closed the locked report: {cancelled:?}"
    );
    // The report's PIN opens the debrief and gives the window back.
    type_into(&mut h, names::PIN, PIN);
    h.get_by_label(names::OPEN_REPORT).click();
    h.run();
    assert!(h.state().is_debrief());
    assert!(!h.state().kiosk.is_active());
    let closing = request_close(&mut h);
    assert!(!closing.contains(&egui::ViewportCommand::CancelClose));
}
