//! Whole-window tests of the start screen.

use egui_kittest::kittest::Queryable;

use crate::app::test_util::{app_on_start_screen, harness, harness_sized, scenarios_dir};
use perfsim_core::scenario::Scenario;

/// The shipped files are named for their emergency: the picker shows each scenario's
/// title, description and briefing, never its file name.
#[test]
fn the_scenario_picker_never_shows_a_file_name() {
    let paths = perfsim_core::scenario::list_folder(&scenarios_dir());
    // Tall enough that every one of the shipped scenarios is on screen to click.
    let mut h = harness_sized(app_on_start_screen(), egui::vec2(1366.0, 2400.0));
    h.run();
    for path in &paths {
        let Ok(scenario) = Scenario::load(path) else {
            panic!("{}", path.display());
        };
        // The list entry (the detail pane repeats the title once selected).
        let Some(entry) = h.query_all_by_label_contains(&scenario.name).next() else {
            panic!("{} not listed", scenario.name);
        };
        entry.click();
        h.run();
        assert!(h.query_by_label_contains(&scenario.briefing).is_some());
        for other in &paths {
            let stem = other.file_stem().map(|f| f.to_string_lossy().into_owned());
            let stem = stem.unwrap_or_default();
            assert!(
                h.query_by_label_contains(&stem).is_none(),
                "{stem} visible on the start screen"
            );
        }
    }
}

/// An exam killed mid-run (its window gone without an end) is continued only by its own
/// facilitator: the PIN set at its start and the programme passphrase. Whoever is at the
/// keyboard cannot set a new PIN, and the continuation is recorded with who authorised it.
#[test]
fn continuing_an_interrupted_exam_needs_its_original_facilitator() {
    use crate::app::exam_info::{ExamInfo, PinHash};
    use crate::app::screens::instructor;
    use crate::app::test_util::{
        TEST_PASSPHRASE, TempRecords, advance, app_recording_to, type_into,
    };
    use perfsim_core::record::{Entry, RecordReader};

    const PIN: &str = "86427531";
    let records = TempRecords::new();
    {
        let mut app = app_recording_to(&records);
        let path = scenarios_dir().join("baseline.ron");
        let scenario = match Scenario::load(&path) {
            Ok(s) => std::sync::Arc::new(s),
            Err(e) => panic!("{e}"),
        };
        let Some(pin) = PinHash::new(PIN) else {
            panic!("pin")
        };
        let info = ExamInfo {
            candidate_id: "C-5".into(),
            facilitator: "Dr Origin".into(),
            pin,
        };
        if let Err(e) = app.start_exam(scenario, Some(path), 4, info) {
            panic!("{e}");
        }
        let mut h = harness(app);
        h.run();
        advance(&mut h, 3);
        // The window is gone without an end: as after a kill.
    }
    let mut h = harness(app_recording_to(&records));
    h.run();
    assert!(h.query_by_label("Interrupted attempts").is_some());
    let attempt =
        |h: &mut egui_kittest::Harness<'static, crate::app::App>, pin: &str, pass: &str| {
            type_into(h, super::records::CONTINUE_PIN, pin);
            type_into(h, super::records::CONTINUE_PASSPHRASE, pass);
            h.get_by_label("Continue").click();
            h.run();
        };
    // A new PIN from whoever is at the keyboard is refused.
    attempt(&mut h, "11223344", TEST_PASSPHRASE);
    assert!(
        h.state().run_state().is_none(),
        "a new PIN continued the exam"
    );
    assert!(
        h.query_by_label_contains("Only the exam's facilitator (Dr Origin)")
            .is_some()
    );
    // The right PIN without the passphrase is refused too.
    attempt(&mut h, PIN, "not the passphrase");
    assert!(h.state().run_state().is_none());
    assert!(h.query_by_label_contains("wrong passphrase").is_some());
    // The original facilitator continues it.
    attempt(&mut h, PIN, TEST_PASSPHRASE);
    let Some(run) = h.state().run_state() else {
        panic!("the facilitator could not continue the exam");
    };
    assert_eq!(run.session().tick(), 30);
    // The console opens with the original PIN, not with any other.
    h.get_by_label(instructor::names::OPEN).click();
    h.run();
    if let crate::app::Screen::Run(run) = &mut h.state_mut().screen {
        run.instructor.pin = PIN.into();
    }
    h.run();
    h.get_by_label(instructor::names::UNLOCK).click();
    h.run();
    assert!(h.query_by_label(instructor::names::INJECT).is_some());
    let Some(path) = records.records().first().cloned() else {
        panic!("no record");
    };
    let rec = match RecordReader::open(&path) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert!(rec.entries().any(|e| matches!(
        e,
        Entry::Restarted { authorised_by, .. } if authorised_by == "Dr Origin"
    )));
}

/// A scenario the programme lists in `exam-only.txt` is not practised from the start
/// screen (no hints, no debrief to rehearse it); it runs only as an exam.
#[test]
fn an_exam_only_scenario_is_not_practised() {
    use crate::app::test_util::{TempRecords, app_recording_to};
    let records = TempRecords::new();
    let folder = records.dir.path().join("scenarios");
    let copied = std::fs::create_dir_all(&folder)
        .and_then(|()| {
            std::fs::copy(
                scenarios_dir().join("baseline.ron"),
                folder.join("baseline.ron"),
            )
        })
        .and_then(|_| {
            std::fs::copy(
                scenarios_dir().join("oxygenator_failure.ron"),
                folder.join("oxygenator_failure.ron"),
            )
        })
        .and_then(|_| {
            std::fs::write(
                folder.join(crate::app::exam_only::EXAM_ONLY_FILE),
                "# kept for the summative exam\noxygenator_failure.ron\n",
            )
        });
    if let Err(e) = copied {
        panic!("{e}");
    }
    let mut app = app_recording_to(&records);
    app.prefs.scenario_folder = folder.clone();
    app.screen = crate::app::Screen::Start(super::StartState::new(&folder, None));
    let mut h = harness(app);
    h.run();
    h.get_by_label_contains("Long pump run, valve repair")
        .click();
    h.run();
    h.get_by_label(super::START_LABEL).click();
    h.run();
    assert!(
        h.state().run_state().is_none(),
        "an exam-only scenario was practised"
    );
    assert!(h.query_by_label_contains("is kept for exams").is_some());
    assert!(records.records().is_empty());
    // Another scenario still starts.
    h.get_by_label_contains("Baseline: stable full bypass")
        .click();
    h.run();
    h.get_by_label(super::START_LABEL).click();
    h.run();
    assert!(h.state().run_state().is_some());
}

/// The signed exam-only list: a listed scenario is not practised, even renamed; a list
/// the candidate edited keeps every scenario in the folder exam-only and says why.
#[test]
fn the_signed_exam_only_list_holds_and_an_edited_one_closes_the_folder() {
    use crate::app::test_util::{TempRecords, app_recording_to};
    use perfsim_core::record::manifest::{
        ExamOnlyManifest, MANIFEST_FILE, ManifestEntry, file_sha256,
    };
    let records = TempRecords::new();
    let folder = records.dir.path().join("scenarios");
    let oxygenator = match std::fs::read(scenarios_dir().join("oxygenator_failure.ron")) {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    };
    let copied = std::fs::create_dir_all(&folder)
        .and_then(|()| {
            std::fs::copy(
                scenarios_dir().join("baseline.ron"),
                folder.join("baseline.ron"),
            )
        })
        // Renamed by the candidate: still listed by its content.
        .and_then(|_| std::fs::write(folder.join("my_practice.ron"), &oxygenator));
    if let Err(e) = copied {
        panic!("{e}");
    }
    let key = match perfsim_core::record::ProgrammeKey::from_bytes(vec![11; 32]) {
        Ok(k) => k,
        Err(e) => panic!("{e}"),
    };
    let manifest = ExamOnlyManifest {
        entries: vec![ManifestEntry {
            sha256: file_sha256(&oxygenator),
            file_name: "oxygenator_failure.ron".into(),
        }],
    }
    .sign(&key);
    if let Err(e) = std::fs::write(folder.join(MANIFEST_FILE), &manifest) {
        panic!("{e}");
    }
    let try_start = |label: &str| {
        let mut app = app_recording_to(&records);
        app.prefs.scenario_folder = folder.clone();
        app.screen = crate::app::Screen::Start(super::StartState::new(&folder, None));
        let mut h = harness(app);
        h.run();
        if let Some(entry) = h.get_all_by_label_contains(label).next() {
            entry.click();
        }
        h.run();
        h.get_by_label(super::START_LABEL).click();
        h.run();
        let started = h.state().run_state().is_some();
        let notice = h.state().notice.clone().unwrap_or_default();
        (started, notice)
    };
    let (started, notice) = try_start("Long pump run, valve repair");
    assert!(
        !started,
        "a listed scenario was practised under another name"
    );
    assert!(notice.contains("is kept for exams"), "{notice}");
    assert!(try_start("Baseline: stable full bypass").0);
    // The candidate empties the list: now nothing in the folder is practised.
    let emptied: String = manifest
        .lines()
        .filter(|l| !l.ends_with("oxygenator_failure.ron"))
        .map(|l| format!("{l}\n"))
        .collect();
    if let Err(e) = std::fs::write(folder.join(MANIFEST_FILE), emptied) {
        panic!("{e}");
    }
    let (started, notice) = try_start("Baseline: stable full bypass");
    assert!(!started, "an edited list opened the folder");
    assert!(notice.contains("does not check"), "{notice}");
    // Only the one practice run allowed above was recorded.
    assert_eq!(records.records().len(), 1);
}

/// Scenarios are listed under headings by kind of case (routine cases, bypass
/// emergencies, ECMO), never by diagnosis: the whole case under the first, the
/// emergencies under the second.
#[test]
fn scenarios_are_grouped_under_headings_that_name_no_diagnosis() {
    let mut h = harness_sized(app_on_start_screen(), egui::vec2(1366.0, 2400.0));
    h.run();
    let top = |h: &egui_kittest::Harness<'_, crate::app::App>, label: &str| match h
        .query_all_by_label_contains(label)
        .next()
    {
        Some(node) => node.rect().top(),
        None => panic!("{label} not on the start screen"),
    };
    let routine = top(&h, "Routine cases");
    let emergencies = top(&h, "CPB emergencies");
    let whole_case = top(&h, "First case of the morning");
    let power = top(&h, "Mitral repair, forty minutes in");
    assert!(
        routine < whole_case && whole_case < emergencies,
        "{routine} {whole_case} {emergencies}"
    );
    assert!(emergencies < power);
    for heading in perfsim_core::scenario::Group::ALL.map(|g| g.heading()) {
        for fault in perfsim_core::model::faults::FaultKind::ALL {
            assert!(!fault.label().contains(heading) && !heading.contains(fault.label()));
        }
    }
}
