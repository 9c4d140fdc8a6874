//! Records kept in memory (the browser build, which offers them as downloads): the same
//! writer as the desktop's files, byte for byte, and a practice record signed with a
//! per-browser key that `perfsim verify` and `replay` accept and label honestly.

use perfsim_core::attempt::{RecordTarget, Signer, TargetError};
use perfsim_core::record::{
    Mode, PracticeKeyKind, ProgrammeKey, RecordReader, RecordedAttempt, StartError,
};
use perfsim_core::time::tick_from_secs;

use super::support::*;

/// A practice attempt of the baseline: the shared script, a note, a pause, heartbeats.
fn practise(a: &mut RecordedAttempt) {
    run_attempt(a, &script(ACTIONS), tick_from_secs(120.0));
    let report = perfsim_core::record::score::report_json(a.session());
    if let Err(e) = a.write_footer(report) {
        panic!("{e}");
    }
}

#[test]
fn a_record_kept_in_memory_is_byte_identical_to_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = ProgrammeKey::from_bytes(vec![42; 32]).expect("key");
    let (scenario, text) = baseline();
    let when = "2026-11-29T23:00:00Z";
    let path = dir.path().join("file.jsonl");
    let mut on_disk = RecordedAttempt::start(
        &path,
        scenario.clone(),
        &text,
        7,
        info("", when, Mode::Practice),
        key.clone(),
    )
    .expect("start a file");
    let mut in_memory = RecordedAttempt::start_in_memory(
        scenario,
        &text,
        7,
        info("", when, Mode::Practice),
        key.clone(),
        None,
    )
    .expect("start in memory");
    assert_eq!(on_disk.bytes(), None);
    assert_eq!(in_memory.path(), None);
    practise(&mut on_disk);
    practise(&mut in_memory);
    let file = std::fs::read(&path).expect("read the file");
    let memory = in_memory.bytes().expect("bytes in memory").to_vec();
    assert!(file.len() > 1000, "{} bytes", file.len());
    assert!(file == memory, "the record in memory differs from the file");
    // And it is a record: it verifies against its key and replays identically.
    let rec = RecordReader::parse(std::path::Path::new("memory"), &memory).expect("parse");
    assert!(rec.is_complete());
    assert_eq!(rec.verify(&key.public()), Ok(()));
    let replayed = perfsim_core::record::replay::replay(&rec, |_| None).expect("replay");
    assert_eq!(replayed.difference, None);
    assert_eq!(replayed.session.trace(), in_memory.session().trace());
}

#[test]
fn a_browser_practice_record_verifies_on_the_desktop_labelled_as_such() {
    let dir = tempfile::tempdir().expect("tempdir");
    let browser_key = ProgrammeKey::from_bytes(vec![77; 32]).expect("key");
    let target = RecordTarget::InMemory {
        key: browser_key.clone(),
    };
    let (scenario, scenario_text) = baseline();
    let no_randomness: &dyn Fn(&mut [u8]) -> Result<(), String> =
        &|_| Err("the browser target has its key".into());
    // Never an exam, whatever signer is offered.
    let exam = target.start_with_text(
        scenario.clone(),
        &scenario_text,
        3,
        info("C1", "2026-11-29T23:00:00Z", Mode::Exam),
        Signer::Practice(no_randomness),
    );
    assert!(
        matches!(exam, Err(TargetError::ExamNeedsProgrammeKey)),
        "{exam:?}"
    );
    let exam = RecordedAttempt::start_in_memory(
        scenario.clone(),
        &scenario_text,
        3,
        info("C1", "2026-11-29T23:00:00Z", Mode::Exam),
        browser_key.clone(),
        Some(PracticeKeyKind::Browser),
    );
    assert!(matches!(exam, Err(StartError::ExamInMemory)), "{exam:?}");
    // No programme key, record folder or key file behind a browser's target.
    assert!(matches!(target.programme_key(), Err(TargetError::InMemory)));
    assert!(matches!(
        target.practice_key_source(),
        Err(TargetError::InMemory)
    ));
    assert_eq!(target.folder(), None);
    assert!(target.interrupted().is_empty());
    let mut a = match target.start_with_text(
        scenario,
        &scenario_text,
        3,
        info("", "2026-11-29T23:00:00Z", Mode::Practice),
        Signer::Practice(no_randomness),
    ) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    practise(&mut a);
    let download = dir.path().join("perfsim_download.jsonl");
    std::fs::write(&download, a.bytes().expect("in memory")).expect("save the download");
    let rec = RecordReader::open(&download).expect("open");
    assert_eq!(rec.header().mode, Mode::Practice);
    assert_eq!(rec.header().practice_key, Some(PracticeKeyKind::Browser));
    assert_eq!(rec.header().public_key, browser_key.public().hex());

    // A student's machine with no programme key at all.
    let nowhere = dir.path().join("no-programme.key");
    let out = perfsim(dir.path(), &nowhere, &["verify", "perfsim_download.jsonl"]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    for words in [
        "intact and complete",
        "PRACTICE record",
        "per-browser practice key",
        &browser_key.id(),
        "not a programme key",
        "not evidence of an exam",
    ] {
        assert!(said.contains(words), "{words:?} not in: {said}");
    }
    // The programme's machine, with its key: the same, never "signed with the programme key".
    let (key_path, programme) = test_key(dir.path(), 5);
    let out = perfsim(dir.path(), &key_path, &["verify", "perfsim_download.jsonl"]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("per-browser practice key"), "{said}");
    assert!(!said.contains(&programme.id()), "{said}");
    let out = perfsim(dir.path(), &key_path, &["replay", "perfsim_download.jsonl"]);
    assert!(text(&out).contains("replay identical"), "{}", text(&out));

    // One edited byte and it no longer verifies, key or no key.
    let edited =
        std::fs::read_to_string(&download)
            .expect("read")
            .replacen("\"seed\":3", "\"seed\":4", 1);
    std::fs::write(dir.path().join("edited.jsonl"), edited).expect("write");
    let out = perfsim(dir.path(), &nowhere, &["verify", "edited.jsonl"]);
    assert!(!out.status.success(), "{}", text(&out));
}
