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
