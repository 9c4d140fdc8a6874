//! The attempt driver, its record target and the review, as the window and the command
//! line use them: one driver with or without a record, one error split by who must hear
//! it, one review of a finished attempt whether opened from its record or not.

mod common;

use std::path::PathBuf;

use perfsim_core::action::{Action, Actor};
use perfsim_core::attempt::{Attempt, AttemptError, RecordTarget, Signer, TargetError};
use perfsim_core::record::summary::{RecordStatus, summaries_in};
use perfsim_core::record::{AttemptInfo, KeySource, Mode, ProgrammeKey, PublicKey};
use perfsim_core::review::{EventKind, Integrity, Review};
use perfsim_core::session::Session;
use perfsim_core::time::tick_from_secs;

/// A record target in a fresh folder whose key file does not exist yet.
fn target(dir: &std::path::Path) -> (RecordTarget, PathBuf) {
    let key_file = dir.join("programme.key");
    let target = RecordTarget::Folder {
        folder: dir.join("records"),
        key_file: Some(key_file.clone()),
    };
    (target, key_file)
}

/// Fresh key bytes as the edge would give them, but fixed.
fn sevens(bytes: &mut [u8]) -> Result<(), String> {
    bytes.fill(7);
    Ok(())
}

fn exam_info() -> AttemptInfo {
    AttemptInfo {
        candidate_id: "C1".into(),
        facilitator: "F".into(),
        mode: Mode::Exam,
        started_at_utc: "2026-03-02T10:00:00Z".into(),
        pin: None,
    }
}

/// The programme key, as if unlocked by the facilitator's passphrase.
fn programme_key() -> ProgrammeKey {
    ProgrammeKey::from_bytes(vec![7; 32]).unwrap_or_else(|e| panic!("{e}"))
}

/// Its public half, which is all a checking machine holds.
fn public_key() -> Option<PublicKey> {
    Some(programme_key().public())
}

/// A recorded exam of the oxygenator-failure scenario: the trainee acts, the instructor pauses
/// and notes, then the attempt finishes.
fn recorded_exam(target: &RecordTarget) -> (Attempt, PathBuf) {
    let path = common::repo_path("scenarios/oxygenator_failure.ron");
    let scenario = common::scenario("oxygenator_failure");
    let recorded = target
        .start(
            scenario,
            Some(&path),
            3,
            exam_info(),
            Signer::Programme(&programme_key()),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let mut attempt = Attempt::recorded(recorded);
    let script = common::script(&[
        (
            5.0,
            Action::SetPumpFlow {
                flow_l_per_min: 4.0,
            },
        ),
        (
            20.0,
            Action::SetPumpFlow {
                flow_l_per_min: 4.4,
            },
        ),
    ]);
    let mut beats = 0;
    let applied = attempt.run_script(&script, tick_from_secs(30.0), |a| {
        if a.session().tick() % tick_from_secs(10.0) == 0 {
            beats += 1;
            a.heartbeat()?;
        }
        Ok::<(), AttemptError>(())
    });
    assert_eq!(applied.ok(), Some(2), "both scripted actions applied");
    assert_eq!(beats, 3);
    assert!(attempt.pause().is_ok());
    assert!(attempt.note("called for help").is_ok());
    assert!(attempt.resume().is_ok());
    let file = attempt.record_path().map(PathBuf::from);
    let Some(file) = file else {
        panic!("a recorded attempt has a record file");
    };
    (attempt, file)
}

#[test]
fn a_refused_action_is_the_trainees_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (target, _) = target(dir.path());
    let (mut attempt, file) = recorded_exam(&target);
    let before = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
    let log_len = attempt.session().log().len();
    let refused = attempt.act(
        Actor::Trainee,
        Action::SetPumpFlow {
            flow_l_per_min: 9.0,
        },
    );
    let Err(e) = refused else {
        panic!("a pump flow of 9 L/min was accepted");
    };
    assert!(matches!(e, AttemptError::Refused(_)), "{e:?}");
    assert!(!e.is_record());
    assert!(e.to_string().contains("pump flow"), "{e}");
    assert_eq!(attempt.session().log().len(), log_len);
    let after = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(before, after, "a refused action reached the record");
}

#[test]
fn the_target_names_the_record_and_signs_exams_only_with_the_programme_key() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (target, key_file) = target(dir.path());
    let (attempt, file) = recorded_exam(&target);
    assert_eq!(file.parent(), Some(dir.path().join("records").as_path()));
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
    assert!(name.is_some_and(|n| n.starts_with("2026-03-02T100000Z") && n.contains("C1")));
    // Signing an exam created no key file: the programme key is never made on the side.
    assert!(!key_file.exists());
    drop(attempt);
    // An exam cannot be signed with the per-user practice key.
    let practice_signed = target.start(
        common::scenario("baseline"),
        Some(&common::repo_path("scenarios/baseline.ron")),
        1,
        exam_info(),
        Signer::Practice(&sevens),
    );
    assert!(matches!(
        practice_signed,
        Err(TargetError::ExamNeedsProgrammeKey)
    ));
    // A practice attempt creates the practice key, beside the programme key, from the
    // caller's bytes.
    let practice = target.start(
        common::scenario("baseline"),
        Some(&common::repo_path("scenarios/baseline.ron")),
        1,
        AttemptInfo::default(),
        Signer::Practice(&sevens),
    );
    assert!(practice.is_ok());
    let practice_key = KeySource {
        path: dir.path().join("practice.key"),
    }
    .load_unsealed();
    assert!(practice_key.is_ok_and(|k| k == programme_key()));
    // A second attempt in the same second gets its own file.
    let (_, second) = recorded_exam(&target);
    assert_ne!(file, second);
    // Off records nothing, and says so.
    let off = RecordTarget::Off.start(
        common::scenario("baseline"),
        None,
        1,
        AttemptInfo::default(),
        Signer::Practice(&sevens),
    );
    assert!(matches!(off, Err(TargetError::Off)));
}

#[test]
fn a_finished_attempt_reviews_the_same_from_its_record_and_from_its_session() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (target, _) = target(dir.path());
    let (attempt, file) = recorded_exam(&target);
    let (session, error) = attempt.finish();
    assert!(error.is_none(), "{error:?}");
    let key = public_key();
    let opened = Review::open(&file, key.as_ref()).unwrap_or_else(|e| panic!("{e}"));
    let live = Review::of_session(session.clone());
    assert_eq!(opened.end.tick(), session.tick());
    assert_eq!(opened.end.log(), session.log());
    assert!(opened.report.is_some(), "the scenario has a rubric");
    assert_eq!(opened.report, live.report);
    assert_eq!(
        opened.record.as_ref().map(|r| r.integrity.clone()),
        Some(Integrity::Intact)
    );
    // The record adds the facilitator's pause and note; otherwise the timelines agree.
    let from_record: Vec<_> = opened
        .timeline
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::Note | EventKind::Pause))
        .collect();
    let from_session: Vec<_> = live.timeline.iter().collect();
    assert_eq!(from_record, from_session);
    assert!(
        opened
            .timeline
            .iter()
            .any(|e| e.kind == EventKind::Note && e.text.contains("called for help"))
    );
    assert_eq!(
        live.timeline
            .iter()
            .filter(|e| e.kind == EventKind::Action)
            .count(),
        2
    );
    // Scrubbing: the session at 10 s has the first action only, as a fresh run would.
    let at_10 = opened.session_at(tick_from_secs(10.0));
    assert_eq!(at_10.log().len(), 1);
    assert_eq!(live.session_at(tick_from_secs(10.0)).trace(), at_10.trace());
}

#[test]
fn summary_rows_keep_numbers_and_flags_typed_until_written() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (target, _) = target(dir.path());
    let (attempt, _) = recorded_exam(&target);
    let (session, _) = attempt.finish();
    std::fs::write(dir.path().join("records/junk.jsonl"), "not a record")
        .unwrap_or_else(|e| panic!("{e}"));
    let key = public_key();
    let rows =
        summaries_in(&dir.path().join("records"), key.as_ref()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), 2);
    let Some(exam) = rows.iter().find(|r| r.candidate == "C1") else {
        panic!("the exam is not in the summary");
    };
    let report = session.report();
    assert_eq!(exam.score_pct, Some(report.score_pct));
    assert_eq!(exam.passed, Some(report.passed));
    assert_eq!(exam.mode, Some(Mode::Exam));
    assert!(matches!(
        &exam.status,
        RecordStatus::Read {
            integrity: Integrity::Intact,
            ..
        }
    ));
    let row = exam.row();
    let passed = if report.passed { "true" } else { "false" };
    assert_eq!(row.get("passed"), Some(passed));
    assert_eq!(row.get("integrity"), Some("intact"));
    assert!(
        rows.iter()
            .any(|r| matches!(r.status, RecordStatus::Unreadable(_)))
    );
}

#[test]
fn a_plain_attempt_runs_a_script_like_a_session() {
    let scenario = common::scenario("baseline");
    let actions = [(
        5.0,
        Action::SetPumpFlow {
            flow_l_per_min: 4.0,
        },
    )];
    let bare = common::run(&scenario, 2, &actions, 20.0);
    let mut attempt = Attempt::plain(Session::new(scenario, 2));
    let ran = attempt.run_script(&common::script(&actions), tick_from_secs(20.0), |_| {
        Ok::<(), AttemptError>(())
    });
    assert!(ran.is_ok());
    assert!(attempt.record_path().is_none());
    let (session, error) = attempt.finish();
    assert!(error.is_none());
    assert_eq!(session.trace(), bare.trace());
    assert_eq!(session.log(), bare.log());
}
