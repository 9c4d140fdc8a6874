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
