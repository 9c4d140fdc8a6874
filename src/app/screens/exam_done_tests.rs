//! Whole-window tests of the exam's end screen: once the facilitator's PIN opens the
//! report, a rater rates the exam record from its Ratings tab, and the trainee's chart
//! the scenario asks for is signed into it.

use egui_kittest::kittest::Queryable;

use crate::app::Screen;
use crate::app::exam_info::{ExamInfo, PinHash};
use crate::app::screens::debrief::chart_form::SUBMIT_CHART_LABEL;
use crate::app::screens::debrief::perfusion_tab::RATINGS_TAB;
use crate::app::screens::exam_setup::names;
use crate::app::test_util::{
    TempRecords, app_recording_to, harness_sized, scenarios_dir, type_into,
};
use perfsim_core::programme::signed;
use perfsim_core::record::{Entry, RecordReader};
use perfsim_core::scenario::Scenario;

const PIN: &str = "86421357";

#[test]
fn the_exam_report_opened_by_the_pin_rates_the_exam_and_takes_the_trainees_chart() {
    let records = TempRecords::new();
    let mut app = app_recording_to(&records);
    let Some(pin) = PinHash::new(PIN) else {
        panic!("PIN refused");
    };
    let info = ExamInfo {
        candidate_id: "C-7".into(),
        facilitator: "Dr Rivera".into(),
        pin,
    };
    // A one-minute exam from a file (an exam record embeds its scenario file).
    let text = std::fs::read_to_string(scenarios_dir().join("baseline.ron"))
        .unwrap_or_default()
        .replace("duration_s: 3600,", "duration_s: 60,");
    assert!(std::fs::create_dir_all(records.folder()).is_ok());
    let scenario_path = records.folder().join("short_baseline.ron");
    assert!(std::fs::write(&scenario_path, text).is_ok());
    let scenario = match Scenario::load(&scenario_path) {
        Ok(s) => std::sync::Arc::new(s),
        Err(e) => panic!("{e}"),
    };
    if let Err(e) = app.start_exam(scenario, Some(scenario_path), 2, info) {
        panic!("{e}");
    }
    app.fast_forward(600);
    let mut h = harness_sized(app, egui::vec2(1600.0, 2400.0));
    h.run();
    h.run();
    assert!(matches!(h.state().screen, Screen::ExamDone(_)));
    // Before the PIN the candidate's screen has no Ratings tab.
    assert!(h.query_by_label(RATINGS_TAB).is_none());
    type_into(&mut h, names::PIN, PIN);
    h.get_by_label(names::OPEN_REPORT).click();
    h.run();
    h.run();
    assert!(h.state().is_debrief(), "the PIN did not open the report");
    let files = records.records();
    assert_eq!(files.len(), 1, "{files:?}");

    // The scenario asks for the trainee's chart: after the PIN the report opens on the
    // form alone (the candidate charts before anything reveals the run), and what is
    // submitted is signed into the exam record.
    assert!(h.query_by_label(RATINGS_TAB).is_none());
    type_into(&mut h, "On bypass", "00:00");
    h.get_by_label(SUBMIT_CHART_LABEL).click();
    h.run();
    h.run();
    assert!(
        h.query_by_label_contains("signed into the run's record")
            .is_some()
    );
    // A rater's own key, sealed under their passphrase.
    let key_file = records.folder().join("rater_b.key");
    crate::app::test_util::write_rater_key(&key_file, 33, 8);
    crate::app::test_util::sign_rating(&mut h, "Dr B", &key_file);
    assert!(
        h.query_by_label("All raters").is_some(),
        "no panel of raters after submitting"
    );
    let stored = signed::load_all(&files[0]);
    assert_eq!(stored.len(), 1);
    assert!(stored[0].valid().is_some(), "{:?}", stored[0].check);
    let charted = RecordReader::open(&files[0])
        .map(|r| {
            r.entries()
                .filter(|e| matches!(e, Entry::TraineeChart { .. }))
                .count()
        })
        .unwrap_or(0);
    assert_eq!(charted, 1, "the exam record holds no trainee chart");
    // The rating lives beside the exam record, which still verifies.
    if let Err(e) = crate::cli::records::verify(&files[0], Some(&records.key_file())) {
        panic!("perfsim verify refuses the rated exam record: {e:#}");
    }
}
