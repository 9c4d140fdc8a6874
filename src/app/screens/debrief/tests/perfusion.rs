//! The debrief's perfusion record tab.

use egui_kittest::kittest::Queryable;

use super::end_run_now;
use crate::app::Screen;
use crate::app::screens::debrief::perfusion_tab::{EVENTS_HEADING, PERFUSION_TAB};
use crate::app::test_util::{advance, app_on_start_screen, harness_sized, scenario_with_fault};
use perfsim_core::model::faults::FaultKind;
use perfsim_core::time::clock_label;

#[test]
fn the_debrief_has_a_perfusion_record_tab_with_the_runs_events() {
    let mut app = app_on_start_screen();
    app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
    let mut h = harness_sized(app, egui::vec2(1600.0, 2400.0));
    advance(&mut h, 400);
    end_run_now(&mut h);
    let Screen::Debrief(d) = &h.state().screen else {
        panic!("not the debrief");
    };
    let chart = d.perfusion.clone();
    assert!(!chart.entries.is_empty(), "a fault run has events");
    h.get_by_label(PERFUSION_TAB).click();
    h.run();
    h.run();
    assert!(h.query_by_label(EVENTS_HEADING).is_some());
    assert!(h.query_by_label("Time with flow").is_some());
    // Every chart row's text is on screen, and the 5-minute rows at 00:00 and 05:00.
    for e in &chart.entries {
        assert!(h.query_by_label(&e.text).is_some(), "no row {}", e.text);
    }
    assert!(!chart.intervals.is_empty());
    for row in &chart.intervals {
        assert!(
            !h.query_all_by_label(&clock_label(row.tick))
                .collect::<Vec<_>>()
                .is_empty(),
            "no row at {}",
            clock_label(row.tick)
        );
    }
}

/// A recorded run's debrief has a Ratings tab: the rater signs a rating of the finished
/// record with their own key, and the panel of raters follows.
#[test]
fn a_recorded_runs_debrief_rates_its_record() {
    use crate::app::screens::debrief::perfusion_tab::RATINGS_TAB;
    use crate::app::screens::records::rating_tab::{
        RATER_KEY_LABEL, RATER_LABEL, RATER_PASSPHRASE_LABEL, SUBMIT_LABEL,
    };
    use crate::app::test_util::{TEST_PASSPHRASE, TempRecords, app_recording_to, type_into};
    use perfsim_core::programme::signed;
    use perfsim_core::record::{KeySource, ProgrammeKey, SealedKey};

    let records = TempRecords::new();
    let mut app = app_recording_to(&records);
    let scenario_path = crate::app::test_util::scenarios_dir().join("air_embolism.ron");
    let scenario = match perfsim_core::scenario::Scenario::load(&scenario_path) {
        Ok(s) => std::sync::Arc::new(s),
        Err(e) => panic!("{e}"),
    };
    app.start_run(scenario, 3, Some(scenario_path));
    let mut h = harness_sized(app, egui::vec2(1600.0, 2400.0));
    advance(&mut h, 30);
    end_run_now(&mut h);
    let Screen::Debrief(d) = &h.state().screen else {
        panic!("not the debrief");
    };
    let Some(path) = d.record.clone() else {
        panic!("the run was recorded, but its debrief has no record");
    };
    let Ok(key) = ProgrammeKey::from_bytes(vec![21; 32]) else {
        panic!("key");
    };
    let key_file = records.folder().join("rater.key");
    let written = SealedKey::seal(&key, TEST_PASSPHRASE, [6; 40])
        .map_err(|e| e.to_string())
        .and_then(|s| {
            KeySource {
                path: key_file.clone(),
            }
            .write_text(&s.file_text(), true)
            .map_err(|e| e.to_string())
        });
    assert!(written.is_ok(), "{written:?}");
    h.get_by_label(RATINGS_TAB).click();
    h.run();
    type_into(&mut h, RATER_LABEL, "Dr A");
    type_into(&mut h, RATER_KEY_LABEL, &key_file.display().to_string());
    type_into(&mut h, RATER_PASSPHRASE_LABEL, TEST_PASSPHRASE);
    h.get_by_label(SUBMIT_LABEL).click();
    h.run();
    h.run();
    assert!(
        h.query_by_label("All raters").is_some(),
        "no panel after submitting"
    );
    let stored = signed::load_all(&path);
    assert_eq!(stored.len(), 1);
    assert!(stored[0].valid().is_some(), "{:?}", stored[0].check);
}
