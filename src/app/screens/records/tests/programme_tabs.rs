//! The record browser's perfusion record tab.

use egui_kittest::kittest::Queryable;

use super::{app, open, tempdir, write_record};
use crate::app::screens::debrief::perfusion_tab::{EVENTS_HEADING, PERFUSION_TAB};
use crate::app::test_util::harness_sized;
use perfsim_core::time::clock_label;

/// The tab shows the chart's rows: the candidate's actions and the lab sample with their
/// times, as the core's perfusion record lists them.
#[test]
fn the_perfusion_record_tab_shows_the_charts_rows() {
    let dir = tempdir();
    let path = write_record(dir.path());
    let mut app = app(dir.path(), true);
    app.open_record(&path);
    let mut h = harness_sized(app, egui::vec2(1600.0, 2400.0));
    h.run();
    assert!(
        h.query_by_label(EVENTS_HEADING).is_none(),
        "the report tab shows first"
    );
    let count = |h: &egui_kittest::Harness<'_, crate::app::App>, text: &str| {
        h.query_all_by_label(text).count()
    };
    let texts = ["FiO2 100 %", "Blood gas requested", "Gas supply checked"];
    let before: Vec<usize> = texts.iter().map(|t| count(&h, t)).collect();
    h.get_by_label(PERFUSION_TAB).click();
    h.run();
    h.run();
    assert!(
        h.query_by_label(EVENTS_HEADING).is_some(),
        "no chart after clicking the tab"
    );
    let chart = open(&h).perfusion.clone();
    // The FiO2 change at 05:30 and the blood gas sent at 06:00, each in its row.
    for (text, before) in texts.iter().zip(before) {
        let text = *text;
        let entry = chart
            .entries
            .iter()
            .find(|e| e.text == text)
            .unwrap_or_else(|| panic!("{text} not in the chart"));
        assert!(count(&h, text) > before, "no chart row {text}");
        assert!(
            !h.query_all_by_label(&clock_label(entry.tick))
                .collect::<Vec<_>>()
                .is_empty(),
            "no time {} for {text}",
            clock_label(entry.tick)
        );
    }
    assert_eq!(chart.labs.len(), 1);
    assert!(
        h.query_by_label_contains("Blood gas (reported 07:30)")
            .is_some(),
        "the sample's row"
    );
    assert!(h.query_by_label("Every 5 minutes").is_some());
}

/// The report saved from the browser is the one `perfsim report` writes: with the trend
/// plots of the run.
#[test]
fn the_saved_report_carries_the_trend_plots() {
    let dir = tempdir();
    let path = write_record(dir.path());
    let mut app = app(dir.path(), true);
    app.open_record(&path);
    let mut h = crate::app::test_util::harness(app);
    h.run();
    h.get_by_label(crate::app::screens::records::SAVE_HTML_LABEL)
        .click();
    h.run();
    let html = std::fs::read_to_string(path.with_extension("report.html")).unwrap_or_default();
    assert!(
        html.contains("<h2>Trends</h2>"),
        "no trends in the saved report"
    );
    assert!(html.matches("<svg").count() >= 5);
}

/// A rater in the window: the others' scores stay hidden until their own rating is
/// signed and stored; a wrong passphrase stores nothing.
#[test]
fn a_rater_sees_the_others_only_after_submitting_their_own() {
    use crate::app::screens::debrief::perfusion_tab::RATINGS_TAB;
    use crate::app::screens::records::rating_tab::{
        HIDDEN_UNTIL_SUBMITTED, RATER_KEY_LABEL, RATER_LABEL, RATER_PASSPHRASE_LABEL, SUBMIT_LABEL,
    };
    use crate::app::test_util::{TEST_PASSPHRASE, type_into};
    use perfsim_core::programme::rating::GlobalRating;
    use perfsim_core::programme::rating_form::{FormContext, RatingForm};
    use perfsim_core::programme::{SignedRating, signed};
    use perfsim_core::record::{KeySource, ProgrammeKey, SealedKey};

    let dir = tempdir();
    let path = write_record(dir.path());
    // Dr B rated first, from the command line's core calls.
    let bytes = std::fs::read(&path).unwrap_or_default();
    let form_b = RatingForm {
        situation_awareness: 1.5,
        decision_making: 2.0,
        task_management: 2.0,
        teamwork_communication: 2.0,
        global: GlobalRating::Borderline,
        notes: Vec::new(),
        overrides: Vec::new(),
        feedback: String::new(),
    };
    let ctx = FormContext {
        rater: "Dr B".into(),
        record_file: "x".into(),
        record_sha256: perfsim_core::programme::rating::record_sha256(&bytes),
        rated_at_utc: "2026-11-21T09:00:00Z".into(),
        items: Vec::new(),
        duration_s: 480.0,
    };
    let Ok(rating_b) = form_b.rating("b", "", &ctx) else {
        panic!("valid form");
    };
    let Ok(key_b) = ProgrammeKey::from_bytes(vec![9; 32]) else {
        panic!("key");
    };
    if let Err(e) = signed::store(&path, &SignedRating::sign(rating_b, &key_b)) {
        panic!("{e}");
    }
    // Dr A's own sealed key.
    let Ok(key_a) = ProgrammeKey::from_bytes(vec![10; 32]) else {
        panic!("key");
    };
    let key_file = dir.path().join("dr_a.key");
    let sealed = SealedKey::seal(&key_a, TEST_PASSPHRASE, [4; 40]).map(|s| s.file_text());
    let written = sealed.map_err(|e| e.to_string()).and_then(|t| {
        KeySource {
            path: key_file.clone(),
        }
        .write_text(&t, true)
        .map_err(|e| e.to_string())
    });
    assert!(written.is_ok(), "{written:?}");

    let mut app = app(dir.path(), true);
    app.open_record(&path);
    let mut h = harness_sized(app, egui::vec2(1600.0, 2400.0));
    h.run();
    h.get_by_label(RATINGS_TAB).click();
    h.run();
    assert!(
        h.query_by_label_contains(HIDDEN_UNTIL_SUBMITTED).is_some(),
        "the others are not said to be hidden"
    );
    assert!(
        h.query_by_label_contains("Dr B").is_none(),
        "Dr B shown before submitting"
    );
    type_into(&mut h, RATER_LABEL, "Dr A");
    type_into(&mut h, RATER_KEY_LABEL, &key_file.display().to_string());
    type_into(&mut h, RATER_PASSPHRASE_LABEL, "not the passphrase");
    h.get_by_label(SUBMIT_LABEL).click();
    h.run();
    h.run();
    assert!(
        h.query_by_label_contains("wrong passphrase").is_some(),
        "no error for a wrong passphrase"
    );
    assert!(h.query_by_label_contains("Dr B").is_none());
    assert!(
        !signed::rating_path(&path, "Dr A").exists(),
        "stored with a wrong passphrase"
    );

    type_into(&mut h, RATER_PASSPHRASE_LABEL, TEST_PASSPHRASE);
    h.get_by_label(SUBMIT_LABEL).click();
    h.run();
    h.run();
    // Both raters now, Dr A's signed rating beside the record, situation awareness 3.0
    // against 1.5: flagged.
    assert!(
        h.query_by_label_contains("Dr B").is_some(),
        "the others not shown after submitting"
    );
    assert!(h.query_by_label_contains("DISAGREE").is_some());
    let stored = signed::load_all(&path);
    assert_eq!(stored.iter().filter(|s| s.valid().is_some()).count(), 2);
}

/// The folder's cohort in the browser: the scenario's row with its pass rate and median,
/// and the printable page saved beside the records.
#[test]
fn the_cohort_of_the_listed_folder_is_shown_and_saved() {
    use crate::app::screens::records::cohort_view::{COHORT_LABEL, SAVE_COHORT_LABEL};
    let dir = tempdir();
    let _ = write_record(dir.path());
    let mut app = app(dir.path(), true);
    app.open_records();
    let mut h = harness_sized(app, egui::vec2(1600.0, 1000.0));
    h.run();
    assert!(
        h.query_by_label("Borderline-regression pass mark")
            .is_none()
    );
    h.get_by_label(COHORT_LABEL).click();
    h.run();
    h.run();
    assert!(
        h.query_by_label("Borderline-regression pass mark")
            .is_some(),
        "no cohort"
    );
    let Some(view) = h.state().browser().and_then(|b| b.cohort.clone()) else {
        panic!("no cohort computed");
    };
    let scenario = &view.cohort.scenarios[0];
    assert_eq!(scenario.attempts, 1);
    let rate = if scenario.passed == 1 { "100 %" } else { "0 %" };
    assert!(h.query_by_label(rate).is_some(), "no pass rate {rate}");
    assert!(h.query_by_label("too few ratings").is_some());
    h.get_by_label(SAVE_COHORT_LABEL).click();
    h.run();
    let page = std::fs::read_to_string(dir.path().join("cohort.html")).unwrap_or_default();
    assert!(page.contains("<svg") && page.contains(&scenario.name));
    assert!(h.query_by_label_contains("Cohort page saved").is_some());
}
