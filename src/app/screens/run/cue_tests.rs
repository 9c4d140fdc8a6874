//! Whole-window tests of the scenario's cues: hints that appear and withdraw on their
//! conditions, and the theatre team's scripted lines, answers and actions.

use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::app::App;
use crate::app::test_util::{advance, app_on_start_screen, harness, scenarios_dir, session};
use crate::app::widgets::controls::names;
use perfsim_core::action::{Action, Actor};
use perfsim_core::scenario::Scenario;

/// The baseline with its own hints and team replaced by `hints` and `team`.
fn baseline_with(hints: &str, team: &str) -> Arc<Scenario> {
    match Scenario::parse("test", &baseline_text_with(hints, team)) {
        Ok(s) => Arc::new(s),
        Err(e) => panic!("test scenario: {e}"),
    }
}

/// The text of [`baseline_with`].
fn baseline_text_with(hints: &str, team: &str) -> String {
    let text = std::fs::read_to_string(scenarios_dir().join("baseline.ron")).unwrap_or_default();
    let start = text.find("    hints: [").unwrap_or(0);
    let end = text.find("    debrief: [").unwrap_or(0);
    assert!(
        start > 0 && end > start,
        "the baseline's hints and team moved"
    );
    format!(
        "{}    hints: [{hints}],\n    team: ({team}),\n{}",
        &text[..start],
        &text[end..]
    )
}

/// Whether some widget's label contains `text` (the message strip and the log both may).
fn shown(h: &Harness<'_, App>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

fn running(scenario: Arc<Scenario>) -> Harness<'static, App> {
    let mut app = app_on_start_screen();
    app.start_run(scenario, 5, None);
    let mut h = harness(app);
    h.run();
    advance(&mut h, 1);
    h
}

const PUMP_HINT: &str = "No flow: what is the brain getting now?";

#[test]
fn a_hint_appears_on_its_condition_and_withdraws_when_it_clears() {
    let scenario = baseline_with(
        &format!("(when: Below(PumpFlow, 1.0), text: \"{PUMP_HINT}\")"),
        "",
    );
    let mut h = running(scenario);
    advance(&mut h, 3);
    assert!(!shown(&h, PUMP_HINT), "the hint shows at full flow");
    h.get_by_label("Stop pump (S)").click();
    h.run();
    advance(&mut h, 3);
    assert!(shown(&h, PUMP_HINT), "no hint with the pump stopped");
    h.get_by_label("Start pump").click();
    h.run();
    advance(&mut h, 5);
    assert!(
        session(&h)
            .trace()
            .last()
            .is_some_and(|s| s.pump_flow_l_min > 1.0),
        "the pump did not restart, so this test proves nothing"
    );
    assert!(
        !shown(&h, PUMP_HINT),
        "the hint stayed after its condition cleared"
    );
}

const ASKS: &str = "Cardioplegia, please: 200 mL.";
const CLAMP_OFF: &str = "Cross-clamp coming off.";

#[test]
fn the_surgeon_asks_for_cardioplegia_then_takes_the_clamp_off() {
    let scenario = baseline_with(
        "",
        &format!(
            "lines: [
                (who: Surgeon, when: AtS(4), says: \"{ASKS}\"),
                (who: Surgeon, when: SinceS(RhythmChanged, 9999), says: \"never\"),
                (who: Surgeon, when: Done(GiveCardioplegia), says: \"{CLAMP_OFF}\", does: CrossClamp(on: false)),
            ],
            replies: [(to: Surgeon, says: \"Thanks, I heard you.\")]"
        ),
    );
    let mut h = running(scenario);
    assert!(!shown(&h, ASKS), "spoken early");
    advance(&mut h, 5);
    assert!(shown(&h, ASKS), "the surgeon's request is not shown");
    assert!(session(&h).sim().settings().cross_clamp);

    h.get_by_label("Give cardioplegia").click();
    h.run();
    advance(&mut h, 2);
    assert!(
        shown(&h, CLAMP_OFF),
        "the surgeon does not announce the clamp coming off"
    );
    assert!(
        !session(&h).sim().settings().cross_clamp,
        "the cross-clamp is still on"
    );
    let log = session(&h).log();
    let given = log
        .iter()
        .position(|a| matches!(a.action, Action::GiveCardioplegia { .. }));
    let off = log
        .iter()
        .position(|a| a.action == Action::CrossClamp { on: false });
    match (given, off) {
        (Some(g), Some(o)) => {
            assert!(o > g, "the clamp came off before the cardioplegia");
            assert_eq!(
                log[o].actor,
                Actor::Instructor,
                "the scenario's action is logged apart from the trainee's"
            );
        }
        _ => panic!("cardioplegia or clamp-off not logged: {log:?}"),
    }

    // Telling the surgeon gets an answer.
    h.get_by_label(names::TELL_SURGEON).click();
    h.run();
    advance(&mut h, 1);
    assert!(shown(&h, "Thanks, I heard you."));
}

fn h_record_error(app: &App) -> Option<String> {
    app.run_state().and_then(|r| r.record_error.clone())
}

/// The surgeon's clamp-off is in the record, so reopening the attempt reproduces it.
#[test]
fn the_record_replays_the_surgeons_clamp_off() {
    use crate::app::test_util::{TempRecords, app_recording_to};

    let records = TempRecords::new();
    let mut app = app_recording_to(&records);
    let text = baseline_text_with(
        "",
        &format!(
            "lines: [(who: Surgeon, when: AtS(3), says: \"{CLAMP_OFF}\", does: CrossClamp(on: false))]"
        ),
    );
    let path = records.dir.path().join("clamp_off.ron");
    if let Err(e) = std::fs::write(&path, text) {
        panic!("{e}");
    }
    let scenario = match Scenario::load(&path) {
        Ok(s) => Arc::new(s),
        Err(e) => panic!("{e}"),
    };
    app.start_run(scenario, 9, Some(path));
    assert!(
        h_record_error(&app).is_none(),
        "not recorded: {:?}",
        h_record_error(&app)
    );
    let mut h = harness(app);
    h.run();
    advance(&mut h, 6);
    assert!(!session(&h).sim().settings().cross_clamp);
    h.get_by_label("End run").click();
    h.run();
    h.get_by_label(crate::app::screens::run::END_RUN_CONFIRM)
        .click();
    h.run();
    let files = records.records();
    let Some(path) = files.first() else {
        panic!("no record written");
    };
    let review = match perfsim_core::review::Review::open(path, None) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert!(
        review.actions.iter().any(|a| a.actor == Actor::Instructor
            && a.action == Action::CrossClamp { on: false }
            && a.tick == 30),
        "the clamp-off is not in the record at 3 s: {:?}",
        review.actions
    );
    assert!(
        !review.end.sim().settings().cross_clamp,
        "the replayed attempt still has the clamp on"
    );
}
