//! Whole-window tests of the run screen's feedback and rough edges: the labs pane shows
//! every pending sample, the briefing never covers the MAP and CVP tiles, the gas check
//! says what it found, and a timed procedure shows a moving progress bar.

use egui::{Pos2, Rect, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};

use crate::app::App;
use crate::app::test_util::{
    advance, app_on_start_screen, harness_sized, scenario_with_fault, session,
};
use perfsim_core::model::faults::FaultKind;

fn running(size: egui::Vec2) -> Harness<'static, App> {
    let mut app = app_on_start_screen();
    app.start_run(scenario_with_fault(FaultKind::Vasoplegia, 900), 3, None);
    let mut h = harness_sized(app, size);
    h.run();
    advance(&mut h, 1);
    h
}

/// A node's text: its label or, for a plain label, its value.
fn text_of(n: &egui_kittest::Node<'_>) -> Option<String> {
    let node = n.accesskit_node();
    node.label().or_else(|| node.value())
}

fn press(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn the_labs_pane_shows_every_pending_sample_above_the_results() {
    let size = vec2(1280.0, 720.0);
    let window = Rect::from_min_size(Pos2::ZERO, size);
    let mut h = running(size);
    // An ACT (150 s) first, then four quicker tests that report before it.
    press(&mut h, "Send ACT");
    for label in [
        "Send Blood gas",
        "Send Electrolytes",
        "Send Hb/Hct",
        "Send Hb/Hct",
    ] {
        press(&mut h, label);
    }
    advance(&mut h, 100);
    let mut samples: Vec<(String, Rect)> = h
        .query_all(By::new())
        .filter_map(|n| text_of(&n).map(|t| (t, n.rect())))
        .filter(|(t, _)| t.contains("· sampled"))
        .collect();
    // A label and its text run are two nodes with one rectangle.
    samples.dedup_by(|a, b| a.1 == b.1);
    let Some(pending) = samples
        .iter()
        .find(|(t, _)| t.starts_with("ACT") && t.contains("pending"))
        .map(|(_, r)| *r)
    else {
        panic!("the ACT should still be pending, so this test proves nothing: {samples:?}");
    };
    assert!(window.contains_rect(pending), "pending ACT off screen");
    let results: Vec<Rect> = samples
        .iter()
        .filter(|(t, _)| !t.contains("pending"))
        .map(|(_, r)| *r)
        .collect();
    assert_eq!(results.len(), 4, "four results are reported: {samples:?}");
    for r in results {
        assert!(
            pending.top() < r.top(),
            "a result is drawn above the pending sample, which it can push out of view"
        );
    }
    assert_eq!(session(&h).sim().labs().len(), 5);
}

#[test]
fn the_briefing_does_not_cover_the_map_and_cvp_tiles() {
    for size in [
        vec2(1280.0, 720.0),
        vec2(1366.0, 768.0),
        vec2(1920.0, 1080.0),
    ] {
        let mut h = running(size);
        press(&mut h, "Briefing");
        h.run();
        let briefing = session(&h).scenario().briefing.clone();
        let text = h.get_by_label(&briefing).rect();
        for tile in ["MAP ", "CVP "] {
            // A tile's text is its accessible value or label.
            let rect = h
                .query_all(By::new())
                .find(|n| {
                    let node = n.accesskit_node();
                    [node.label(), node.value()]
                        .into_iter()
                        .flatten()
                        .any(|t| t.starts_with(tile) && t.ends_with("mmHg"))
                })
                .map(|n| n.rect());
            let Some(rect) = rect else {
                panic!("no {tile}tile at {size:?}");
            };
            assert!(
                !text.intersects(rect),
                "the briefing covers the {tile}tile at {size:?}: {text:?} over {rect:?}"
            );
        }
    }
}

/// The gas check says what it found, in the console log.
#[test]
fn the_gas_check_reports_its_finding_in_the_console_log() {
    let mut h = running(vec2(1366.0, 768.0));
    press(&mut h, "Check gas supply");
    advance(&mut h, 1);
    assert!(
        h.query_all(By::new())
            .filter_map(|n| text_of(&n))
            .any(|t| t.contains("source, blender, line and flowmeter intact")),
        "the gas check did not say what it found"
    );
}

/// A timed procedure shows its progress, and the bar moves as it goes.
#[test]
fn a_timed_procedure_shows_a_moving_progress_bar() {
    let mut h = running(vec2(1366.0, 768.0));
    let progress = |h: &Harness<'_, App>| {
        h.query_all(By::new())
            .find(|n| n.accesskit_node().role() == egui::accesskit::Role::ProgressIndicator)
            .and_then(|n| n.accesskit_node().numeric_value())
    };
    assert_eq!(progress(&h), None, "a progress bar with nothing under way");
    press(&mut h, "Stop pump (S)");
    advance(&mut h, 8);
    press(&mut h, "De-air arterial line");
    advance(&mut h, 3);
    let Some(early) = progress(&h) else {
        panic!("no progress bar while de-airing");
    };
    advance(&mut h, 10);
    let Some(later) = progress(&h) else {
        panic!("the progress bar went away while de-airing");
    };
    assert!(later > early, "the bar did not move: {early} then {later}");
}
