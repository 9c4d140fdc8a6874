//! Attempt records: writing, recovery, tamper evidence and replay. Every test uses its
//! own temporary key file, never the user's data folder.
//!
//! The command-line side (`perfsim verify`, `replay`, `summary`, `report`, `key`, `run
//! --record`) is in `cli.rs`.

mod cli;
mod exam;
mod format;
mod memory;
mod resume;
mod support;
mod terminal;

use std::path::Path;

use perfsim_core::action::Actor;
use perfsim_core::model::events::Event;
use perfsim_core::model::faults::FaultKind;
use perfsim_core::record::replay::{self, Difference};
use perfsim_core::record::{AttemptInfo, Entry, Mode, RecordReader, RecordedAttempt};
use perfsim_core::session::Session;
use perfsim_core::time::tick_from_secs;
use serde_json::json;

use support::*;

#[test]
fn record_replays_to_identical_trace_and_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, key) = test_key(dir.path(), 1);
    let path = dir.path().join("a.jsonl");
    let actions = script(ACTIONS);
    let original = {
        let (scenario, text) = baseline();
        let mut a = RecordedAttempt::start(
            &path,
            scenario,
            &text,
            7,
            info("C1", "2026-01-01T09:00:00Z", Mode::Exam),
            key.clone(),
        )
        .expect("start");
        run_attempt(&mut a, &actions, tick_from_secs(240.0));
        let report = fake_score(a.session());
        a.finish(report).expect("finish")
    };

    let rec = RecordReader::open(&path).expect("open");
    assert!(rec.is_complete());
    assert_eq!(rec.verify(&key.public()), Ok(()));
    assert_eq!(rec.actions(), original.log());
    let h = rec.header();
    assert_eq!(
        (h.candidate_id.as_str(), h.mode, h.seed),
        ("C1", Mode::Exam, 7)
    );
    assert_eq!(h.key_id, key.id());

    let outcome = replay::replay(&rec, fake_score).expect("replay");
    assert_eq!(outcome.difference, None);
    assert!(outcome.report_compared);
    assert_eq!(
        outcome.trace_digest,
        perfsim_core::trace::digest(original.trace())
    );
    assert_eq!(outcome.session.trace(), original.trace());

    // A scorer that disagrees is reported as a report difference, by path.
    let outcome = replay::replay(&rec, |s| {
        let mut v = fake_score(s)?;
        v["critical_actions"][0]["status"] = json!("late");
        Some(v)
    })
    .expect("replay");
    assert!(
        matches!(&outcome.difference, Some(Difference::Report { path, .. }) if path == "report.critical_actions[0].status"),
        "{:?}",
        outcome.difference
    );

    // The command line agrees, and writes the replayed trace.
    let out = perfsim(
        dir.path(),
        &key_path,
        &["replay", "a.jsonl", "--trace", "replayed.csv"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("replay identical"), "{}", text(&out));
    let csv = std::fs::read_to_string(dir.path().join("replayed.csv")).expect("trace");
    assert_eq!(csv.lines().count(), 1 + 241);
}

#[test]
fn instructor_faults_are_replayed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, key) = test_key(dir.path(), 1);
    let with_fault = script(ACTIONS);
    let without_fault: Vec<_> = with_fault
        .iter()
        .filter(|a| a.actor == Actor::Trainee)
        .cloned()
        .collect();
    let rec_path = dir.path().join("fault.jsonl");
    let original = write_record(
        &rec_path,
        &key,
        info("C1", "2026-01-01T09:00:00Z", Mode::Practice),
        &with_fault,
        240.0,
        None,
    );
    let rec = RecordReader::open(&rec_path).expect("open");
    let instructor: Vec<_> = rec
        .actions()
        .into_iter()
        .filter(|a| a.actor == Actor::Instructor)
        .collect();
    assert_eq!(instructor.len(), 2);

    let replayed = replay::replay(&rec, |_| None).expect("replay");
    assert_eq!(replayed.difference, None);
    let s = &replayed.session;
    assert_eq!(s.trace(), original.trace());
    assert!(s.events().iter().any(|e| (200..=201).contains(&e.tick)
        && e.event
            == Event::FaultOnset {
                kind: FaultKind::Vasoplegia
            }));

    // The fault's effect shows in the trace: at 80 s, MAP is well below the same run
    // without the instructor's fault.
    let (scenario, _) = baseline();
    let mut plain = Session::new(scenario, 7);
    plain
        .run_script(&without_fault, tick_from_secs(240.0), |_| {})
        .expect("run");
    let map_at = |s: &Session, t: usize| s.trace()[t].map_mmhg;
    assert!(
        map_at(s, 80) < map_at(&plain, 80) - 10.0,
        "MAP with fault {} vs without {}",
        map_at(s, 80),
        map_at(&plain, 80)
    );
}

#[test]
fn truncated_records_recover_to_last_complete_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, key) = test_key(dir.path(), 1);
    let path = dir.path().join("full.jsonl");
    let actions = script(ACTIONS);
    write_record(
        &path,
        &key,
        info("C1", "2026-01-01T09:00:00Z", Mode::Exam),
        &actions,
        200.0,
        None,
    );
    let bytes = std::fs::read(&path).expect("read");
    let line_ends: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
        .collect();
    // Every cut, in every position: recovered up to the last complete line.
    for len in 0..=bytes.len() {
        let complete = line_ends.iter().filter(|&&e| e <= len).count();
        match RecordReader::parse(Path::new("cut"), &bytes[..len]) {
            Err(e) => assert_eq!(complete, 0, "cut at {len}: {e}"),
            Ok(rec) => {
                assert_eq!(rec.lines().len(), complete, "cut at {len}");
                assert_eq!(rec.verify(&key.public()), Ok(()), "cut at {len}");
                let full = len == bytes.len();
                assert_eq!(rec.is_complete(), full, "cut at {len}");
                if !full {
                    let cut = rec.cut().expect("cut reported");
                    assert_eq!(cut.line, complete + 1);
                    assert_eq!(cut.offset_bytes as usize, line_ends[complete - 1]);
                    assert_eq!(cut.offset_bytes + cut.dropped_bytes, len as u64);
                }
            }
        }
    }

    // A cut in the middle of the footer: interrupted, flagged by verify, and continued.
    let cut_len = bytes.len() - 40;
    let cut_path = dir.path().join("cut.jsonl");
    std::fs::write(&cut_path, &bytes[..cut_len]).expect("write");
    let out = perfsim(dir.path(), &key_path, &["verify", "cut.jsonl"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("interrupted"), "{}", text(&out));

    let rec = RecordReader::open(&cut_path).expect("recovered");
    assert!(!rec.is_complete());
    assert_eq!(rec.last_tick(), tick_from_secs(200.0));
    let mut resumed = RecordedAttempt::continue_interrupted(&rec, key.clone(), "Dr Facilitator")
        .expect("continue");
    assert_eq!(resumed.session().tick(), tick_from_secs(200.0));
    run_attempt(&mut resumed, &actions, tick_from_secs(260.0));
    let finished = resumed.finish(None).expect("finish");
    let rec = RecordReader::open(&cut_path).expect("open");
    assert!(rec.is_complete());
    assert_eq!(rec.verify(&key.public()), Ok(()));
    assert!(
        rec.entries()
            .any(|e| matches!(e, Entry::Restarted { tick, authorised_by, .. } if *tick == 2000 && authorised_by == "Dr Facilitator"))
    );
    let out = perfsim(dir.path(), &key_path, &["replay", "cut.jsonl"]);
    assert!(text(&out).contains("replay identical"), "{}", text(&out));
    // The continued run is the same run as one never interrupted.
    let (scenario, _) = baseline();
    let mut straight = Session::new(scenario, 7);
    straight
        .run_script(&actions, tick_from_secs(260.0), |_| {})
        .expect("run");
    assert_eq!(finished.trace(), straight.trace());
}

#[test]
fn replay_refuses_an_embedded_scenario_that_does_not_match_its_hash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, key) = test_key(dir.path(), 1);
    let path = dir.path().join("a.jsonl");
    let (scenario, text) = baseline();
    let a = RecordedAttempt::start(
        &path,
        scenario,
        &text,
        1,
        AttemptInfo::default(),
        key.clone(),
    )
    .expect("start");
    a.finish(None).expect("finish");
    // Re-sign a record whose embedded text was changed (as someone holding the key could).
    let rec = RecordReader::open(&path).expect("open");
    let mut header = rec.header().clone();
    header.scenario_text = header.scenario_text.replace("80 kg", "90 kg");
    let forged = dir.path().join("forged.jsonl");
    perfsim_core::record::RecordWriter::create(&forged, header, key).expect("create");
    let rec = RecordReader::open(&forged).expect("open");
    let err = replay::replay(&rec, |_| None).expect_err("hash mismatch");
    assert!(
        err.to_string().contains("does not match its SHA-256"),
        "{err}"
    );
}

#[test]
fn refused_actions_are_neither_recorded_nor_applied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, key) = test_key(dir.path(), 1);
    let path = dir.path().join("a.jsonl");
    let (scenario, text) = baseline();
    let mut a = RecordedAttempt::start(&path, scenario, &text, 1, AttemptInfo::default(), key)
        .expect("start");
    let check = |a: &mut RecordedAttempt, actor: Actor, action: perfsim_core::action::Action| {
        a.act(actor, action).expect_err("refused");
    };
    check(
        &mut a,
        Actor::Trainee,
        perfsim_core::action::Action::SetSvrFactor { factor: 0.5 },
    );
    check(
        &mut a,
        Actor::Trainee,
        perfsim_core::action::Action::SetSweep {
            sweep_l_per_min: 99.0,
        },
    );
    a.act(
        Actor::Instructor,
        perfsim_core::action::Action::SetSvrFactor { factor: 0.5 },
    )
    .expect("instructor may");
    assert_eq!(a.session().log().len(), 1);
    a.finish(None).expect("finish");
    let rec = RecordReader::open(&path).expect("open");
    assert_eq!(rec.actions().len(), 1);
    assert_eq!(rec.actions()[0].actor, Actor::Instructor);
}
