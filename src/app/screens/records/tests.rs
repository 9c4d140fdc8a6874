//! Whole-window tests of the record browser, on temporary records and keys.

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::*;
use crate::app::test_util::{TEST_PASSPHRASE, harness, scenarios_dir, type_into};
use std::sync::Arc;

use crate::app::clock::Clock;
use crate::app::prefs::Prefs;
use crate::app::screens::start;
use crate::app::{App, Screen};
use perfsim_core::action::{Action, Actor, LabKind, LoggedAction};
use perfsim_core::attempt::RecordTarget;
use perfsim_core::record::{self, ProgrammeKey};
use perfsim_core::record::{AttemptInfo, Mode, RecordedAttempt};
use perfsim_core::review::{EventKind, RecordPlaces};
use perfsim_core::scenario::Scenario;
use perfsim_core::session::Session;
use perfsim_core::time::{TICKS_PER_SEC, Tick, clock_label};

const CANDIDATE: &str = "C-12";
const SCENARIO_NAME: &str = "Long pump run, valve repair";
/// Seconds the recorded attempt lasts (the fault starts at 300 s).
const END_S: u64 = 480;

fn test_key() -> ProgrammeKey {
    match ProgrammeKey::from_bytes(vec![7; 32]) {
        Ok(k) => k,
        Err(e) => panic!("{e}"),
    }
}

fn scenario() -> (Arc<Scenario>, String) {
    let path = scenarios_dir().join("oxygenator_failure.ron");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    match Scenario::parse(&path.display().to_string(), &text) {
        Ok(s) => (Arc::new(s), text),
        Err(e) => panic!("{e}"),
    }
}

/// The script of the recorded attempt: (second, actor, action).
fn script() -> Vec<(u64, Actor, Action)> {
    vec![
        (60, Actor::Instructor, Action::SetSvrFactor { factor: 0.8 }),
        (330, Actor::Trainee, Action::SetFio2 { fio2: 1.0 }),
        (
            360,
            Actor::Trainee,
            Action::RequestLab {
                lab: LabKind::BloodGas,
            },
        ),
        (400, Actor::Trainee, Action::CheckGasSupply),
    ]
}

/// Writes a finished, signed record of the oxygenator-failure scenario in `dir`:
/// an instructor action, candidate actions after the fault's onset, a note and a
/// pause, then the footer with the report.
fn write_record(dir: &Path) -> PathBuf {
    let path = dir.join("2026-11-21T080000Z_C-12.jsonl");
    let (scenario, text) = scenario();
    let info = AttemptInfo {
        candidate_id: CANDIDATE.into(),
        facilitator: "Dr Ames".into(),
        mode: Mode::Exam,
        started_at_utc: "2026-11-21T08:00:00Z".into(),
        pin: None,
    };
    let mut attempt = match RecordedAttempt::start(&path, scenario, &text, 5, info, test_key()) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    let script = script();
    let mut next = 0;
    while attempt.session().tick() < END_S * TICKS_PER_SEC {
        let tick = attempt.session().tick();
        while let Some((_, actor, action)) =
            script.get(next).filter(|a| a.0 * TICKS_PER_SEC <= tick)
        {
            if let Err(e) = attempt.act(*actor, action.clone()) {
                panic!("{e}");
            }
            next += 1;
        }
        if tick == 320 * TICKS_PER_SEC {
            let noted = attempt
                .note("circuit looks dark")
                .and(attempt.pause())
                .and(attempt.resume());
            if let Err(e) = noted {
                panic!("{e}");
            }
        }
        attempt.step();
    }
    let report = record::score::report_json(attempt.session());
    if let Err(e) = attempt.finish(report) {
        panic!("{e}");
    }
    path
}

/// A fresh session of the same attempt run to `tick`.
fn fresh_at(tick: Tick) -> Session {
    let (scenario, _) = scenario();
    let actions: Vec<LoggedAction> = script()
        .into_iter()
        .map(|(s, actor, action)| LoggedAction {
            tick: s * TICKS_PER_SEC,
            actor,
            action,
        })
        .collect();
    let mut s = Session::new(scenario, 5);
    if let Err(e) = s.run_script(&actions, tick, |_| {}) {
        panic!("{e}");
    }
    s
}

/// A window whose record folder and key are in `dir` (never the user's).
/// Clicks Attempt records on the start screen and enters the programme passphrase.
fn open_records_as_facilitator(h: &mut Harness<'static, App>) {
    h.get_by_label(start::RECORDS_LABEL).click();
    h.run();
    type_into(h, start::RECORDS_PASSPHRASE, TEST_PASSPHRASE);
    h.get_by_label(start::OPEN_RECORDS).click();
    h.run();
}

/// From the candidate's seat, Attempt records opens nothing without the facilitator's
/// passphrase: no list, no candidate, no score.
#[test]
fn attempt_records_need_the_facilitators_passphrase() {
    let dir = tempdir();
    write_record(dir.path());
    let mut h = harness(app(dir.path(), true));
    h.run();
    h.get_by_label(start::RECORDS_LABEL).click();
    h.run();
    assert!(
        h.query_by_label(CANDIDATE).is_none(),
        "records opened without a passphrase"
    );
    type_into(&mut h, start::RECORDS_PASSPHRASE, "a guess at it");
    h.get_by_label(start::OPEN_RECORDS).click();
    h.run();
    assert!(
        h.query_by_label(CANDIDATE).is_none(),
        "a wrong passphrase opened the records"
    );
    assert!(
        h.query_by_label_contains("The records stay closed")
            .is_some()
    );
    assert!(matches!(h.state().screen, Screen::Start(_)));
    open_records_as_facilitator(&mut h);
    assert!(h.query_by_label(CANDIDATE).is_some());
}

fn app(dir: &Path, with_key: bool) -> App {
    let key_file = dir.join("programme.key");
    // The programme key as the facilitator's machine holds it: sealed under the
    // passphrase that also opens the records.
    let sealed = record::SealedKey::seal(&test_key(), TEST_PASSPHRASE, [3; 40]);
    if with_key && let Err(e) = sealed.map(|s| std::fs::write(&key_file, s.file_text())) {
        panic!("{e:?}");
    }
    let prefs = Prefs {
        scenario_folder: scenarios_dir(),
        ..Prefs::default()
    };
    let mut app = App::new(prefs, Clock::mock());
    app.record_places = RecordPlaces {
        folder: Some(dir.to_path_buf()),
        key_file: Some(if with_key {
            key_file
        } else {
            dir.join("no-such.key")
        }),
    };
    app
}

fn open<'h>(h: &'h Harness<'_, App>) -> &'h RecordView {
    match h.state().browser().and_then(|b| b.open.as_deref()) {
        Some(r) => r,
        None => panic!("no record open"),
    }
}

fn seek(h: &mut Harness<'_, App>, tick: Tick) {
    if let Screen::Browser(b) = &mut h.state_mut().screen {
        let _ = b.apply(BrowserCommand::Seek(tick));
    }
    h.run();
}

fn tempdir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn open_from_the_start_screen_scrub_and_jump() {
    let dir = tempdir();
    let path = write_record(dir.path());
    let mut h = harness(app(dir.path(), true));
    h.run();
    open_records_as_facilitator(&mut h);
    // The list: candidate, scenario, mode, complete, intact.
    assert!(h.query_by_label(CANDIDATE).is_some());
    assert!(h.query_by_label_contains(SCENARIO_NAME).is_some());
    assert!(h.query_by_label("exam").is_some());
    assert!(h.query_by_label("complete").is_some());
    assert!(h.query_by_label("intact").is_some());
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    h.get_by_label(&format!("Open {file}")).click();
    h.run();
    assert!(
        h.query_by_label(&format!("Record: {SCENARIO_NAME}"))
            .is_some()
    );
    assert!(
        h.query_by_label_contains(&format!("candidate {CANDIDATE}"))
            .is_some()
    );
    assert!(h.query_by_label("integrity: intact").is_some());
    assert_eq!(open(&h).review.end_tick(), END_S * TICKS_PER_SEC);
    assert_eq!(open(&h).review.checkpoints.len(), 2);

    // Scrubbing to a tick shows what a fresh run shows at that tick.
    let t = 4321;
    seek(&mut h, t);
    let fresh = fresh_at(t);
    assert_eq!(open(&h).cursor, t);
    assert_eq!(open(&h).at_cursor.sim().snapshot(), fresh.sim().snapshot());
    assert_eq!(
        perfsim_core::trace::digest(open(&h).at_cursor.trace()),
        perfsim_core::trace::digest(fresh.trace())
    );
    let map = format!("MAP {:.0} mmHg", fresh.sim().monitored().map_mmhg);
    assert!(h.query_by_label(&map).is_some(), "no {map}");
    assert!(
        h.query_by_label_contains(&format!("{} / 08:00", clock_label(t)))
            .is_some()
    );

    // Dragging on the bar scrubs there.
    let bar = h
        .get_by_label(crate::app::widgets::timeline_bar::BAR_LABEL)
        .rect();
    let track = bar.shrink2(egui::vec2(
        crate::app::widgets::timeline_bar::TRACK_INSET,
        0.0,
    ));
    let x = track.left() + track.width() * 0.25;
    let y = bar.center().y;
    h.drag_at(egui::pos2(x - 20.0, y));
    h.run();
    h.hover_at(egui::pos2(x, y));
    h.run();
    h.drop_at(egui::pos2(x, y));
    h.run();
    let expect = 1200;
    let cursor = open(&h).cursor;
    assert!(
        cursor.abs_diff(expect) <= 20,
        "scrubbed to {cursor}, not near {expect}"
    );
    assert_eq!(
        open(&h).at_cursor.sim().snapshot(),
        fresh_at(cursor).sim().snapshot()
    );

    // Clicking the fault's onset in the timeline jumps there.
    let onset = match open(&h)
        .review
        .timeline
        .iter()
        .find(|e| e.kind == EventKind::Fault)
    {
        Some(e) => e.clone(),
        None => panic!("no fault onset in the timeline"),
    };
    assert_eq!(onset.tick, 300 * TICKS_PER_SEC);
    h.get_by_label(&onset.text).click();
    h.run();
    assert_eq!(open(&h).cursor, onset.tick);
    assert_eq!(open(&h).at_cursor.tick(), onset.tick);
    // Arrow keys step 10 s; a click on the bar a few points off the fault's mark
    // jumps exactly to the onset.
    h.key_press(egui::Key::ArrowRight);
    h.run();
    assert_eq!(open(&h).cursor, onset.tick + 100);
    let end = open(&h).review.end_tick();
    let mark_x = track.left() + track.width() * (onset.tick as f32 / end as f32);
    h.drag_at(egui::pos2(mark_x + 3.0, y));
    h.run();
    h.drop_at(egui::pos2(mark_x + 3.0, y));
    h.run();
    assert_eq!(open(&h).cursor, onset.tick);
    // The note and the instructor's action are on the timeline too.
    assert!(h.query_by_label("Note: circuit looks dark").is_some());
    assert!(
        open(&h)
            .review
            .timeline
            .iter()
            .any(|e| e.kind == EventKind::Instructor)
    );
}

/// The list shows each attempt's score and whether it passed, as a fresh run of the same
/// attempt scores it.
#[test]
fn the_list_shows_the_score_and_pass() {
    let dir = tempdir();
    write_record(dir.path());
    let report = fresh_at(END_S * TICKS_PER_SEC).report();
    let expect = format!(
        "{:.0} % ({})",
        report.score_pct,
        if report.passed { "pass" } else { "fail" }
    );
    let mut app = app(dir.path(), true);
    app.open_records();
    let mut h = harness(app);
    h.run();
    assert!(h.query_by_label(&expect).is_some(), "no {expect}");
}

#[test]
fn branching_continues_the_attempt_as_practice_from_the_cursor() {
    let dir = tempdir();
    let path = write_record(dir.path());
    let mut app = app(dir.path(), true);
    app.open_record(&path);
    let mut h = harness(app);
    h.run();
    let t = 3456;
    seek(&mut h, t);
    let original = open(&h).review.end.trace().to_vec();
    let earlier: Vec<LoggedAction> = open(&h)
        .review
        .actions
        .iter()
        .filter(|a| a.tick < t)
        .cloned()
        .collect();
    h.get_by_label(BRANCH_LABEL).click();
    h.run();
    let Some(run) = h.state().run_state() else {
        panic!("no practice run after branching");
    };
    assert!(run.paused, "the branch should wait for the facilitator");
    assert_eq!(run.session().tick(), t);
    let samples = run.session().trace().len();
    assert_eq!(samples, usize::try_from(t / TICKS_PER_SEC).unwrap_or(0) + 1);
    assert_eq!(
        perfsim_core::trace::digest(run.session().trace()),
        perfsim_core::trace::digest(&original[..samples])
    );
    assert_eq!(run.session().log(), earlier.as_slice());
    // New actions go in after T: one while paused, one after resuming.
    h.key_press(egui::Key::F);
    h.run();
    h.key_press(egui::Key::Space);
    h.run();
    h.state_mut().clock.advance_mock(2_000_000_000);
    h.run();
    h.key_press(egui::Key::G);
    h.run();
    let Some(session) = h.state().session() else {
        panic!("no run");
    };
    let log = session.log();
    assert_eq!(&log[..earlier.len()], earlier.as_slice());
    let new = &log[earlier.len()..];
    assert_eq!(new.len(), 2, "{new:?}");
    assert_eq!(new[0].tick, t);
    assert_eq!(new[0].action, Action::SetFio2 { fio2: 1.0 });
    assert!(new[1].tick >= t + 20, "{new:?}");
}

/// When attempts are recorded, a branch is a new practice record of its own: the
/// original's actions up to the cursor, then the trainee's, and it verifies.
#[test]
fn a_branch_is_recorded_as_a_new_practice_attempt() {
    let dir = tempdir();
    let path = write_record(dir.path());
    let mut app = app(dir.path(), true);
    let branches = dir.path().join("branches");
    app.set_record_target(RecordTarget::Folder {
        folder: branches.clone(),
        key_file: Some(dir.path().join("programme.key")),
    });
    app.open_record(&path);
    let mut h = harness(app);
    h.run();
    let t = 3456;
    seek(&mut h, t);
    h.get_by_label(BRANCH_LABEL).click();
    h.run();
    let Some(run) = h.state().run_state() else {
        panic!("no practice run after branching");
    };
    assert_eq!(run.session().tick(), t);
    let Some(record) = run.driver.record_path().map(Path::to_path_buf) else {
        panic!("the branch is not recorded");
    };
    assert!(record.starts_with(&branches));
    h.key_press(egui::Key::F);
    h.run();
    let recovered = match perfsim_core::record::RecordReader::open(&record) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert!(recovered.verify_chain().is_ok());
    assert_eq!(recovered.header().mode, Mode::Practice);
    let Some(session) = h.state().session() else {
        panic!("no run");
    };
    assert_eq!(session.log().last().map(|a| a.tick), Some(t));
}

#[test]
fn an_edited_record_opens_with_a_warning() {
    let dir = tempdir();
    let path = write_record(dir.path());
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let edited = text.replacen(
        "\"facilitator\":\"Dr Ames\"",
        "\"facilitator\":\"Dr Amis\"",
        1,
    );
    assert_ne!(text, edited);
    if let Err(e) = std::fs::write(&path, edited) {
        panic!("{e}");
    }
    let mut app = app(dir.path(), true);
    app.open_record(&path);
    let mut h = harness(app);
    h.run();
    assert!(h.query_by_label_contains(EDITED_BANNER).is_some());
    assert!(h.query_by_label_contains("bad signature").is_some());
    // An edited record shows no score: anyone could have written it.
    assert!(h.query_by_label(UNVERIFIED_NO_SCORE).is_some());
    // Still viewable.
    assert!(
        h.query_by_label(&format!("Record: {SCENARIO_NAME}"))
            .is_some()
    );
    assert_eq!(open(&h).review.end_tick(), END_S * TICKS_PER_SEC);
    // The list says so too.
    h.get_by_label("Back to records").click();
    h.run();
    assert!(h.query_by_label(LIST_EDITED).is_some());
}

#[test]
fn without_a_key_integrity_cannot_be_checked() {
    let dir = tempdir();
    let path = write_record(dir.path());
    let mut app = app(dir.path(), false);
    app.open_record(&path);
    let mut h = harness(app);
    h.run();
    assert!(
        h.query_by_label("integrity: cannot check: no key")
            .is_some()
    );
    assert!(h.query_by_label_contains(EDITED_BANNER).is_none());
}

#[test]
fn a_truncated_record_opens_as_interrupted_and_junk_never_panics() {
    let dir = tempdir();
    let path = write_record(dir.path());
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    // Cut in the middle of the line after the candidate's FiO2 action.
    let header_end = text.find('\n').unwrap_or(0);
    let Some(fio2) = text[header_end..].find("Fio2").map(|i| i + header_end) else {
        panic!("no FiO2 action in the record");
    };
    let line_end = fio2 + text[fio2..].find('\n').unwrap_or(0);
    let cut = line_end + 20;
    if let Err(e) = std::fs::write(&path, &text.as_bytes()[..cut]) {
        panic!("{e}");
    }
    if let Err(e) = std::fs::write(dir.path().join("junk.jsonl"), b"\xff\xfe not a record") {
        panic!("{e}");
    }
    let mut h = harness(app(dir.path(), true));
    h.run();
    open_records_as_facilitator(&mut h);
    assert!(h.query_by_label("interrupted").is_some());
    assert!(h.query_by_label("Not readable as records").is_some());
    assert!(h.query_by_label_contains("junk.jsonl: ").is_some());
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    h.get_by_label(&format!("Open {file}")).click();
    h.run();
    assert!(h.query_by_label_contains("interrupted at").is_some());
    assert_eq!(open(&h).review.end_tick(), 330 * TICKS_PER_SEC);
    assert_eq!(open(&h).review.actions.len(), 2);
    // Opening the junk file says why and stays on the list.
    if let Screen::Browser(b) = &mut h.state_mut().screen {
        b.open = None;
        let _ = b.apply(BrowserCommand::Open(dir.path().join("junk.jsonl")));
    }
    h.run();
    assert!(h.query_by_label_contains("Cannot open").is_some());
}

#[test]
fn saving_the_report_writes_html_next_to_the_record() {
    let dir = tempdir();
    let path = write_record(dir.path());
    let mut app = app(dir.path(), true);
    app.open_record(&path);
    let mut h = harness(app);
    h.run();
    h.get_by_label(SAVE_HTML_LABEL).click();
    h.run();
    let out = path.with_extension("report.html");
    let html = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", out.display());
    assert!(html.contains(SCENARIO_NAME));
    let Some(report) = open(&h).review.report.clone() else {
        panic!("no report");
    };
    assert!(html.contains(&format!("Score <b>{:.0}&nbsp;%</b>", report.score_pct)));
    assert!(html.contains("intact"));
    assert!(
        !html.contains("<link") && !html.contains("<script src"),
        "not self-contained"
    );
    assert!(h.query_by_label_contains("Report saved:").is_some());
    h.get_by_label(SAVE_MD_LABEL).click();
    h.run();
    let md = std::fs::read_to_string(path.with_extension("report.md")).unwrap_or_default();
    assert!(md.contains(SCENARIO_NAME));
}

/// A checking machine with only the programme's public key: Attempt records opens at
/// once (there is no passphrase to know there) and the record checks against the key.
#[test]
fn a_public_key_only_machine_opens_records_without_a_passphrase() {
    let dir = tempdir();
    write_record(dir.path());
    let public = dir.path().join("programme.pub");
    if let Err(e) = std::fs::write(&public, test_key().public().file_text()) {
        panic!("{e}");
    }
    let mut app = app(dir.path(), false);
    app.record_places.key_file = Some(public);
    let mut h = harness(app);
    h.run();
    h.get_by_label(start::RECORDS_LABEL).click();
    h.run();
    assert!(
        h.query_by_label(start::RECORDS_PASSPHRASE).is_none(),
        "asked for a passphrase that cannot be known here"
    );
    assert!(
        h.query_by_label(CANDIDATE).is_some(),
        "the records stayed closed"
    );
    assert!(
        h.query_by_label_contains("programme key").is_some()
            || h.query_by_label_contains("verified").is_some()
            || h.query_by_label_contains("intact").is_some(),
        "the record was not checked against the public key"
    );
}

mod programme_tabs;
