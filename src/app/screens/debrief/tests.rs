//! Whole-window tests of the debrief.

use std::sync::Arc;

use egui_kittest::kittest::Queryable;

use crate::app::Screen;
use crate::app::screens::debrief;
use crate::app::test_util::{
    advance, app_on_start_screen, harness, scenario_with_fault, scenarios_dir, session,
};
use perfsim_core::model::faults::FaultKind;
use perfsim_core::scenario::Scenario;

/// An emergency left untreated to its end: the debrief shows the scoring report.
#[test]
fn the_debrief_shows_the_score_of_an_untreated_emergency() {
    let path = scenarios_dir().join("oxygenator_failure.ron");
    let scenario = match Scenario::load(&path) {
        Ok(s) => Arc::new(s),
        Err(e) => panic!("{e}"),
    };
    let mut app = app_on_start_screen();
    app.start_run(scenario.clone(), 1, Some(path));
    let mut h = harness(app);
    h.run();
    h.get_by_label("10×").click();
    h.run();
    let mut guard = 0;
    while !h.state().is_debrief() && guard < 100 {
        advance(&mut h, 20);
        guard += 1;
    }
    assert!(h.state().is_debrief(), "no debrief after the run ended");
    let Screen::Debrief(d) = &h.state().screen else {
        panic!("not the debrief");
    };
    let Some(report) = d.report.clone() else {
        panic!("no report for a scenario with a rubric");
    };
    assert!(!report.passed, "an untreated emergency passed");
    assert!(
        h.query_by_label(&format!("Score {:.0} %", report.score_pct))
            .is_some()
    );
    assert!(h.query_by_label("FAILED").is_some());
    assert!(
        !h.query_all_by_label("missed")
            .collect::<Vec<_>>()
            .is_empty()
    );
    assert!(h.query_by_label(debrief::NO_RUBRIC).is_none());
    // The patient's outcome in numbers, as the core computed them from the trace.
    let Some(outcome) = d.outcome.clone() else {
        panic!("no outcome");
    };
    assert!(h.query_by_label(debrief::OUTCOME_HEADING).is_some());
    for (label, value) in outcome.rows() {
        assert!(h.query_by_label(&label).is_some(), "no {label}");
        assert!(
            h.query_by_label(&value).is_some(),
            "no {label} value {value}"
        );
    }
}

/// Ends the run from its confirm dialog and submits a chart the debrief asks for first.
fn end_run_now(h: &mut egui_kittest::Harness<'_, crate::app::App>) {
    end_run_asking_for_chart(h);
    crate::app::test_util::submit_chart_if_asked(h);
}

/// Ends the run from its confirm dialog, leaving the debrief as it opens.
fn end_run_asking_for_chart(h: &mut egui_kittest::Harness<'_, crate::app::App>) {
    h.get_by_label("End run").click();
    h.run();
    h.get_by_label(crate::app::screens::run::END_RUN_CONFIRM)
        .click();
    h.run();
    h.run();
}

/// A second debrief opens at its top, not at the first one's scroll position.
#[test]
fn a_new_debrief_opens_scrolled_to_the_top() {
    let mut app = app_on_start_screen();
    app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
    let mut h = crate::app::test_util::harness_sized(app, egui::vec2(1280.0, 360.0));
    advance(&mut h, 20);
    end_run_now(&mut h);
    let top = h.get_by_label(debrief::OUTCOME_HEADING).rect().top();
    // Scroll the side panel down.
    h.event(egui::Event::PointerMoved(egui::pos2(150.0, 250.0)));
    for _ in 0..10 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -200.0),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        h.run();
    }
    h.run();
    let scrolled = h.get_by_label(debrief::OUTCOME_HEADING).rect().top();
    assert!(
        scrolled < top - 50.0,
        "the debrief did not scroll, so this test proves nothing"
    );
    h.get_by_label("Run again").click();
    h.run();
    advance(&mut h, 20);
    end_run_now(&mut h);
    let again = h.get_by_label(debrief::OUTCOME_HEADING).rect().top();
    assert_eq!(
        again, top,
        "the new debrief kept the old one's scroll position"
    );
}

#[test]
fn ending_the_run_early_opens_the_debrief_and_run_again_restarts() {
    let mut app = app_on_start_screen();
    app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 600), 3, None);
    let mut h = harness(app);
    advance(&mut h, 3);
    h.get_by_label("End run").click();
    h.run();
    h.get_by_label(crate::app::screens::run::END_RUN_CONFIRM)
        .click();
    h.run();
    assert!(h.state().is_debrief());
    assert_eq!(session(&h).tick(), 30);
    h.get_by_label("Run again").click();
    h.run();
    assert!(h.state().run_state().is_some());
    assert_eq!(session(&h).tick(), 0);
}

mod download;
mod perfusion;
