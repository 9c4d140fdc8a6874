//! The debrief's perfusion record tab.

use egui_kittest::kittest::Queryable;

use super::{end_run_asking_for_chart, end_run_now};
use crate::app::Screen;
use crate::app::screens::debrief::chart_form::SUBMIT_CHART_LABEL;
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
    end_run_asking_for_chart(&mut h);
    let Screen::Debrief(d) = &h.state().screen else {
        panic!("not the debrief");
    };
    let chart = d.perfusion.clone();
    assert!(!chart.entries.is_empty(), "a fault run has events");
    // The baseline asks the trainee to chart first: the truth, the trends and the
    // timeline are hidden until then (they would hand over the answers).
    assert!(h.query_by_label(EVENTS_HEADING).is_none());
    assert!(h.query_by_label(PERFUSION_TAB).is_none());
    assert!(h.query_by_label("Timeline").is_none());
    assert!(h.query_by_label("Trends over the whole run:").is_none());
    h.get_by_label(SUBMIT_CHART_LABEL).click();
    h.run();
    h.run();
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
    use crate::app::test_util::{TempRecords, app_recording_to};
    use perfsim_core::programme::signed;

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
    // A rater's own key, sealed under their passphrase.
    let key_file = records.folder().join("rater.key");
    crate::app::test_util::write_rater_key(&key_file, 21, 6);
    crate::app::test_util::sign_rating(&mut h, "Dr A", &key_file);
    assert!(
        h.query_by_label("All raters").is_some(),
        "no panel after submitting"
    );
    let stored = signed::load_all(&path);
    assert_eq!(stored.len(), 1);
    assert!(stored[0].valid().is_some(), "{:?}", stored[0].check);
}

/// A recorded practice run of a scenario that asks for the trainee's chart: the
/// trainee fills the form, sees each entry beside the truth, and the entries are
/// signed into the record, which still verifies, and score the same from it.
#[test]
fn the_trainee_charts_the_run_and_sees_it_beside_the_truth() {
    use crate::app::screens::debrief::chart_form::{CHART_FORM_HEADING, CHART_SCORE_HEADING};
    use crate::app::test_util::{TempRecords, app_recording_to, type_into};
    use perfsim_core::programme::trainee_chart::{self, ChartItem};
    use perfsim_core::record::{Entry, RecordReader};

    let records = TempRecords::new();
    let mut app = app_recording_to(&records);
    let text = std::fs::read_to_string(crate::app::test_util::scenarios_dir().join("baseline.ron"))
        .unwrap_or_default()
        .replace("duration_s: 3600,", "duration_s: 900,");
    assert!(std::fs::create_dir_all(records.folder()).is_ok());
    let scenario_path = records.folder().join("short_baseline.ron");
    assert!(std::fs::write(&scenario_path, text).is_ok());
    let scenario = match perfsim_core::scenario::Scenario::load(&scenario_path) {
        Ok(s) => std::sync::Arc::new(s),
        Err(e) => panic!("{e}"),
    };
    app.start_run(scenario, 5, Some(scenario_path));
    app.fast_forward(400 * 10);
    let mut h = harness_sized(app, egui::vec2(1600.0, 2400.0));
    h.run();
    end_run_asking_for_chart(&mut h);
    let Screen::Debrief(d) = &h.state().screen else {
        panic!("not the debrief");
    };
    let Some(path) = d.record.clone() else {
        panic!("the run was recorded, but its debrief has no record");
    };
    let truth = d.perfusion.clone();
    // The baseline starts on bypass with the clamp on.
    assert_eq!(truth.flow_periods.first().map(|p| p.on), Some(0));
    assert_eq!(truth.cross_clamp.first().map(|p| p.on), Some(0));
    assert!(h.query_by_label(CHART_FORM_HEADING).is_some());
    type_into(&mut h, "On bypass", "00:30");
    type_into(&mut h, "Cross-clamp on", "03:00");
    let flow_5 = truth.intervals[1].values[0];
    type_into(
        &mut h,
        "Pump flow (L/min) at 05:00",
        &format!("{:.1}", flow_5 + 0.1),
    );
    h.get_by_label(SUBMIT_CHART_LABEL).click();
    h.run();
    h.run();
    assert!(h.query_by_label(CHART_SCORE_HEADING).is_some());
    assert!(
        h.query_by_label(EVENTS_HEADING).is_some(),
        "no truth after submitting"
    );
    let Screen::Debrief(d) = &h.state().screen else {
        panic!("not the debrief");
    };
    let Some((entries, score)) = d.chart_form.as_ref().and_then(|f| f.submitted.clone()) else {
        panic!("nothing submitted");
    };
    let line = |label: &str| score.lines.iter().find(|l| l.label == label).cloned();
    // 0:30 is within a minute of 0:00; 3:00 is not; the flow is within 0.2 L/min; the
    // clamp never came off, so blank is right; a blank flow at 10:00 is wrong.
    assert_eq!(line("On bypass").map(|l| l.correct), Some(true));
    assert_eq!(
        line("Cross-clamp on").map(|l| (l.correct, l.truth)),
        Some((false, "00:00".into()))
    );
    assert_eq!(
        line("Pump flow (L/min) at 05:00").map(|l| l.correct),
        Some(true)
    );
    assert_eq!(line("Cross-clamp off").map(|l| l.correct), Some(true));
    assert_eq!(
        line("Pump flow (L/min) at 00:00").map(|l| l.correct),
        Some(false)
    );
    assert!(h.query_by_label(&score.summary()).is_some());
    assert!(
        h.query_by_label("03:00").is_some(),
        "the typed time is not beside the truth"
    );
    assert!(
        !h.query_all_by_label("OUTSIDE")
            .collect::<Vec<_>>()
            .is_empty()
    );
    assert!(
        !h.query_all_by_label("within")
            .collect::<Vec<_>>()
            .is_empty()
    );
    assert!(
        h.query_by_label_contains("signed into the run's record")
            .is_some()
    );
    // The record holds the entries after its footer and still verifies.
    let rec = match RecordReader::open(&path) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let logged: Vec<_> = rec
        .entries()
        .filter_map(|e| match e {
            Entry::TraineeChart { entries, .. } => Some(entries.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0], entries);
    assert!(
        entries
            .iter()
            .any(|e| e.field.item == ChartItem::CrossClampOn && e.text == "03:00")
    );
    if let Err(e) = crate::cli::records::verify(&path, Some(&records.key_file())) {
        panic!("perfsim verify refuses the charted record: {e:#}");
    }
    // Scored again from the record, the chart scores the same.
    let review = match perfsim_core::review::Review::open(&path, None) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let replayed = perfsim_core::programme::perfusion::PerfusionRecord::of(&review);
    let Some(request) = review.end.scenario().perfusion_chart.clone() else {
        panic!("no chart request");
    };
    assert_eq!(
        trainee_chart::score_chart(&replayed, &request, &entries),
        score
    );
    assert_eq!(
        trainee_chart::of_review(&review, &replayed),
        Some(score.clone())
    );
    // The printed report carries it beside the truth.
    let md = crate::cli::programme::extend_report_for(
        &path,
        Some(&review),
        String::new(),
        perfsim_core::record::report::ReportFormat::Markdown,
        None,
    );
    assert!(md.contains(trainee_chart::HEADING), "{md}");
    assert!(
        md.contains("| Cross-clamp on | 03:00 | 00:00 | ±1 min | **OUTSIDE** |"),
        "{md}"
    );
    // The perfusion record's CSV export writes it beside the chart's own files.
    let csv_out = records.folder().join("chart.csv");
    if let Err(e) =
        crate::cli::programme::perfusion(&path, Some(&csv_out), Some(&records.key_file()))
    {
        panic!("perfusion-record --out chart.csv: {e:#}");
    }
    let charted = std::fs::read_to_string(records.folder().join("chart.trainee-chart.csv"))
        .unwrap_or_default();
    assert!(
        charted.contains("Cross-clamp on,03:00,00:00,±1 min,no"),
        "{charted}"
    );
    assert_eq!(charted.lines().count(), 1 + score.lines.len());
    // The record browser's Perfusion record tab shows it too.
    let view = crate::app::screens::records::RecordView::new(review);
    assert_eq!(view.trainee_chart, Some(score));
}
