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
