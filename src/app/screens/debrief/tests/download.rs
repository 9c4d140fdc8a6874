//! The browser's attempt record: kept in memory, signed with the browser's practice key
//! and offered as a download at the debrief; the desktop, which writes its record
//! folder, shows no download.

use std::sync::Arc;

use egui_kittest::kittest::Queryable;

use super::end_run_asking_for_chart;
use crate::app::Screen;
use crate::app::clock::Clock;
use crate::app::prefs::Prefs;
use crate::app::screens::debrief::{DOWNLOAD_RECORD, SAVE_REPORT};
use crate::app::test_util::{
    TempRecords, advance, app_recording_to, harness, logged, scenarios_dir,
};
use crate::app::{App, builtin};
use perfsim_core::action::Action;
use perfsim_core::attempt::RecordTarget;
use perfsim_core::record::{Mode, PracticeKeyKind, ProgrammeKey, RecordReader};
use perfsim_core::scenario::Scenario;

/// A shipped scenario as the browser starts it: built in, named by its file name.
fn start_builtin(app: &mut App, stem: &str) {
    let Some((name, text)) = builtin::find(stem) else {
        panic!("{stem} is not built in");
    };
    match Scenario::parse(name, text) {
        Ok(s) => app.start_run(Arc::new(s), 4, Some(name.into())),
        Err(e) => panic!("{e}"),
    }
}

/// Plays a short attempt (one action by script, then 40 s) and ends it at the debrief.
fn play_to_debrief(h: &mut egui_kittest::Harness<'_, App>) {
    play_to_chart(h);
    crate::app::test_util::submit_chart_if_asked(h);
}

/// Plays to the debrief as it opens (on the trainee's chart, when one is asked).
fn play_to_chart(h: &mut egui_kittest::Harness<'_, App>) {
    let script = match perfsim_core::script::parse(
        "test",
        "[(t_s: 5, action: SetSweep(sweep_l_per_min: 2.6))]",
    ) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    if let Err(e) = h.state_mut().fast_forward_with(&script, 100) {
        panic!("{e}");
    }
    h.run();
    advance(h, 30);
    assert!(logged(h, |a| matches!(a, Action::SetSweep { .. })));
    end_run_asking_for_chart(h);
    assert!(h.state().is_debrief(), "no debrief");
}

#[test]
fn the_browser_offers_the_signed_practice_record_as_a_download() {
    let key = match ProgrammeKey::from_bytes(vec![23; 32]) {
        Ok(k) => k,
        Err(e) => panic!("{e}"),
    };
    let mut app = App::new(Prefs::default(), Clock::mock());
    app.set_record_target(RecordTarget::InMemory { key: key.clone() });
    start_builtin(&mut app, "air_embolism");
    let mut h = harness(app);
    h.run();
    assert!(h.query_by_label_contains("not recorded").is_none());
    play_to_debrief(&mut h);
    assert!(h.query_by_label(SAVE_REPORT).is_some());
    assert!(
        h.query_by_label(DOWNLOAD_RECORD).is_some(),
        "no download button"
    );
    let Screen::Debrief(d) = &h.state().screen else {
        panic!("not the debrief");
    };
    let Some((name, text)) = d.record_download() else {
        panic!("no record to download");
    };
    assert!(
        name.starts_with("perfsim_") && name.ends_with("_practice.jsonl"),
        "{name}"
    );
    // What the student downloads is a finished practice record signed with this
    // browser's key, which the desktop's `perfsim verify` accepts without a programme key.
    let rec = match RecordReader::parse(std::path::Path::new(&name), text.as_bytes()) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert!(rec.is_complete());
    assert_eq!(rec.verify(&key.public()), Ok(()));
    assert_eq!(rec.header().mode, Mode::Practice);
    assert_eq!(rec.header().practice_key, Some(PracticeKeyKind::Browser));
    assert_eq!(rec.header().scenario_name, d.session.scenario().name);
    assert_eq!(rec.actions(), d.session.log());
    let replayed =
        perfsim_core::record::replay::replay(&rec, perfsim_core::record::score::report_json);
    assert!(replayed.is_ok_and(|o| o.difference.is_none()));
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let file = dir.path().join(&name);
    assert!(std::fs::write(&file, &text).is_ok());
    let no_key = dir.path().join("no-programme.key");
    if let Err(e) = crate::cli::records::verify(&file, Some(&no_key)) {
        panic!("perfsim verify refuses the browser's record: {e:#}");
    }
}

#[test]
fn the_desktop_writes_its_record_folder_and_offers_no_download() {
    let records = TempRecords::new();
    let mut app = app_recording_to(&records);
    let path = scenarios_dir().join("air_embolism.ron");
    match Scenario::load(&path) {
        Ok(s) => app.start_run(Arc::new(s), 4, Some(path)),
        Err(e) => panic!("{e}"),
    }
    let mut h = harness(app);
    h.run();
    play_to_debrief(&mut h);
    assert_eq!(records.records().len(), 1);
    assert!(h.query_by_label(SAVE_REPORT).is_some());
    assert!(h.query_by_label(DOWNLOAD_RECORD).is_none());
    let Screen::Debrief(d) = &h.state().screen else {
        panic!("not the debrief");
    };
    assert!(d.record_download().is_none());
}

/// The trainee's chart, submitted at the debrief, goes into the record the browser offers
/// (signed after the footer, as on the desktop), and the download still verifies.
#[test]
fn the_browsers_download_holds_the_trainees_chart() {
    use crate::app::screens::debrief::chart_form::SUBMIT_CHART_LABEL;
    let key = match ProgrammeKey::from_bytes(vec![24; 32]) {
        Ok(k) => k,
        Err(e) => panic!("{e}"),
    };
    let mut app = App::new(Prefs::default(), Clock::mock());
    app.set_record_target(RecordTarget::InMemory { key: key.clone() });
    start_builtin(&mut app, "baseline");
    let mut h = crate::app::test_util::harness_sized(app, egui::vec2(1600.0, 2400.0));
    h.run();
    play_to_chart(&mut h);
    // The chart's form is all the debrief shows until it is submitted.
    h.get_by_label(SUBMIT_CHART_LABEL).click();
    h.run();
    h.run();
    assert!(
        h.query_by_label("Your chart is signed into the run's record.")
            .is_some()
    );
    let Screen::Debrief(d) = &h.state().screen else {
        panic!("not the debrief");
    };
    let Some((name, text)) = d.record_download() else {
        panic!("no record to download");
    };
    let rec = match RecordReader::parse(std::path::Path::new(&name), text.as_bytes()) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(rec.verify(&key.public()), Ok(()));
    assert!(rec.is_complete());
    assert!(
        rec.entries()
            .any(|e| matches!(e, perfsim_core::record::Entry::TraineeChart { .. }))
    );
}
