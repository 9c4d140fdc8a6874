//! Exams a programme can trust, through the command line: only the sealed programme
//! key signs an exam, scores come from replaying a verified record, continuations are
//! reported, absurd ticks are refused fast, and one writer holds a record at a time.

use std::process::Command;
use std::time::{Duration, Instant};

use perfsim_core::record::{
    KeySource, ProgrammeKey, RecordError, RecordReader, RecordedAttempt, StartError,
};

use super::support::*;

fn lines_of(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("read")
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn a_record_re_signed_with_anything_the_candidates_account_can_read_fails_verify() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, key) = test_key(dir.path(), 1);
    let exam = dir.path().join("exam.jsonl");
    write_scored_exam(&exam, &key, "C1", 60.0);
    let out = perfsim(dir.path(), &key_path, &["verify", "exam.jsonl"]);
    assert!(out.status.success(), "{}", text(&out));

    // The candidate's account can read the practice key (a practice run creates it)...
    let out = perfsim(
        dir.path(),
        &key_path,
        &[
            "run",
            &baseline_path().display().to_string(),
            "--record",
            "practice.jsonl",
            "--duration-s",
            "5",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let practice = KeySource {
        path: dir.path().join("practice.key"),
    }
    .load_unsealed()
    .expect("the practice key is readable");
    // ... and the sealed key file, and the public key in it, but not the passphrase.
    let sealed_text = std::fs::read_to_string(&key_path).expect("sealed file");
    let readable: Vec<(&str, ProgrammeKey)> = vec![
        ("practice key", practice),
        // Every 32 bytes of the sealed file, taken as a seed.
        (
            "sealed file bytes",
            ProgrammeKey::from_bytes(sealed_text.as_bytes()[..32].to_vec()).expect("32 bytes"),
        ),
        (
            "public key as seed",
            ProgrammeKey::from_bytes(hex::decode(key.public().hex()).expect("hex"))
                .expect("32 bytes"),
        ),
    ];
    let original = std::fs::read_to_string(&exam).expect("read");
    for (what, forger) in readable {
        let forged = resign(&original, &forger, |_, body| {
            body.replace("\"candidate_id\":\"C1\"", "\"candidate_id\":\"C9\"")
        });
        std::fs::write(dir.path().join("forged.jsonl"), forged).expect("write");
        let out = perfsim(dir.path(), &key_path, &["verify", "forged.jsonl"]);
        assert!(!out.status.success(), "{what}: {}", text(&out));
        assert!(
            text(&out).contains("signed with a different key"),
            "{what}: {}",
            text(&out)
        );
        // Its score is not shown either.
        let out = perfsim(
            dir.path(),
            &key_path,
            &["report", "forged.jsonl", "--out", "forged.md"],
        );
        assert!(out.status.success(), "{}", text(&out));
        let md = std::fs::read_to_string(dir.path().join("forged.md")).expect("report");
        assert!(
            md.contains("**No score**: the record does not verify"),
            "{md}"
        );
    }

    // Nothing signs an exam without the passphrase: not the candidate's run, not a guess.
    std::fs::write(dir.path().join("guess.txt"), "password123\n").expect("write");
    for extra in [&["--passphrase-file", "guess.txt"][..], &[][..]] {
        let mut args = vec![
            "run".to_string(),
            baseline_path().display().to_string(),
            "--record".into(),
            "self-made.jsonl".into(),
            "--mode".into(),
            "exam".into(),
            "--candidate".into(),
            "C9".into(),
            "--facilitator".into(),
            "Me".into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = perfsim(dir.path(), &key_path, &args);
        assert!(!out.status.success(), "{}", text(&out));
        assert!(!dir.path().join("self-made.jsonl").exists());
    }
}

#[test]
fn scores_come_from_replaying_the_verified_record_never_from_its_footer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, key) = test_key(dir.path(), 2);
    let records = dir.path().join("records");
    let session = write_scored_exam(&records.join("a.jsonl"), &key, "C1", 120.0);
    let real = session.report().score_pct;
    let out = perfsim(dir.path(), &key_path, &["summary", "records"]);
    assert!(out.status.success(), "{}", text(&out));
    let real_cell = serde_json::Number::from_f64(real)
        .expect("finite")
        .to_string();
    assert!(
        text(&out).contains(&format!(",exam,{real_cell},")),
        "{}",
        text(&out)
    );
    // Edit the footer's stored score: the record fails, and shows no score anywhere.
    let mut lines = lines_of(&records.join("a.jsonl"));
    let n = lines.len();
    let stored = format!("\"score_pct\":{real_cell}");
    assert!(lines[n - 1].contains(&stored), "{}", lines[n - 1]);
    lines[n - 1] = lines[n - 1].replace(&stored, "\"score_pct\":99.0");
    std::fs::write(records.join("a.jsonl"), lines.join("\n") + "\n").expect("write");
    let out = perfsim(dir.path(), &key_path, &["summary", "records"]);
    let row = text(&out);
    assert!(row.contains(",exam,,,"), "{row}");
    // (A cell, not a substring: the scenario's SHA-256 may hold "99".)
    assert!(
        !row.split([',', '\n'])
            .any(|cell| cell == "99" || cell == "99.0"),
        "{row}"
    );
    let out = perfsim(
        dir.path(),
        &key_path,
        &["report", "records/a.jsonl", "--out", "a.html"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let html = std::fs::read_to_string(dir.path().join("a.html")).expect("report");
    assert!(html.contains("<strong>No score</strong>"), "no warning");
    for stored in ["99.0", "99 %", "99%", "score_pct"] {
        assert!(
            !html.contains(stored),
            "the stored score is shown: {stored}"
        );
    }
    assert!(!html.contains("PASSED"), "a verdict is shown");
    // Replay refuses an unverified record instead of re-simulating it.
    let out = perfsim(dir.path(), &key_path, &["replay", "records/a.jsonl"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("not replayed"), "{}", text(&out));
}

#[test]
fn a_finished_record_cut_back_and_continued_is_reported_by_verify_and_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, key) = test_key(dir.path(), 3);
    let records = dir.path().join("records");
    let path = records.join("cut.jsonl");
    write_scored_exam(&path, &key, "C1", 120.0);
    // Cut the finished record back to its first lines (the footer goes with them).
    let lines = lines_of(&path);
    std::fs::write(&path, lines[..6].join("\n") + "\n").expect("cut");
    let rec = RecordReader::open(&path).expect("open");
    assert!(!rec.is_complete());
    // Continuing needs the signing key, so the facilitator's passphrase.
    let unlocked = KeySource {
        path: key_path.clone(),
    }
    .unlock(PASSPHRASE)
    .expect("passphrase");
    let mut a =
        RecordedAttempt::continue_interrupted(&rec, unlocked, "Dr Facilitator").expect("continue");
    let to = a.session().tick() + 300;
    run_attempt(&mut a, &[], to);
    a.finish(None).expect("finish");
    let out = perfsim(dir.path(), &key_path, &["verify", "records/cut.jsonl"]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("interrupted and continued at"), "{said}");
    assert!(said.contains("authorised by Dr Facilitator"), "{said}");
    assert!(said.contains("1 restart(s)"), "{said}");
    let out = perfsim(dir.path(), &key_path, &["summary", "records"]);
    let csv = text(&out);
    let table_text = csv
        .lines()
        .skip_while(|l| !l.starts_with("file,"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut table = csv::Reader::from_reader(table_text.as_bytes());
    let header = table.headers().expect("header").clone();
    let row = table
        .records()
        .filter_map(Result::ok)
        .find(|r| r.get(0) == Some("cut.jsonl"))
        .expect("row");
    let cell = |name: &str| {
        let i = header.iter().position(|c| c == name).expect("column");
        row.get(i).unwrap_or_default().to_string()
    };
    assert_eq!(
        (
            cell("interruptions"),
            cell("restarts"),
            cell("instructor_interventions")
        ),
        ("1".to_string(), "1".to_string(), "1".to_string()),
        "{csv}"
    );

    // A continuation that names nobody fails verify for an exam.
    let path = records.join("nobody.jsonl");
    write_scored_exam(&path, &key, "C2", 60.0);
    let lines = lines_of(&path);
    std::fs::write(&path, lines[..6].join("\n") + "\n").expect("cut");
    let rec = RecordReader::open(&path).expect("open");
    let a = RecordedAttempt::continue_interrupted(&rec, key.clone(), "").expect("continue");
    a.finish(None).expect("finish");
    let out = perfsim(dir.path(), &key_path, &["verify", "records/nobody.jsonl"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("without a facilitator's authorisation"),
        "{}",
        text(&out)
    );
}

#[test]
fn an_absurd_tick_is_refused_within_seconds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, key) = test_key(dir.path(), 4);
    let path = dir.path().join("far.jsonl");
    write_scored_exam(&path, &key, "C1", 30.0);
    let original = std::fs::read_to_string(&path).expect("read");
    // Signed with the real key, so only the tick check can stop it.
    let forged = resign(&original, &key, |_, body| {
        body.replace(
            "{\"kind\":\"heartbeat\",\"tick\":100}",
            "{\"kind\":\"heartbeat\",\"tick\":100000000000}",
        )
        .replace("\"final_tick\":300", "\"final_tick\":100000000000")
    });
    assert_ne!(forged, original);
    std::fs::write(&path, forged).expect("write");
    for args in [
        &["verify", "far.jsonl"][..],
        &["replay", "far.jsonl"][..],
        &["report", "far.jsonl", "--out", "far.md"][..],
    ] {
        let started = Instant::now();
        let out = perfsim(dir.path(), &key_path, args);
        let took = started.elapsed();
        assert!(!out.status.success(), "{args:?}: {}", text(&out));
        assert!(
            text(&out).contains("tick 100000000000 is beyond the longest attempt"),
            "{args:?}: {}",
            text(&out)
        );
        assert!(took < Duration::from_secs(5), "{args:?} took {took:?}");
    }
    let started = Instant::now();
    let out = perfsim(dir.path(), &key_path, &["summary", "."]);
    assert!(text(&out).contains("unreadable"), "{}", text(&out));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_second_writer_is_refused_and_told_who_holds_the_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, key) = test_key(dir.path(), 5);
    let path = dir.path().join("shared.jsonl");
    write_scored_exam(&path, &key, "C1", 30.0);
    let lines = lines_of(&path);
    std::fs::write(&path, lines[..5].join("\n") + "\n").expect("cut");
    let rec = RecordReader::open(&path).expect("open");
    let first = RecordedAttempt::continue_interrupted(&rec, key.clone(), "F").expect("first");
    let second = RecordedAttempt::continue_interrupted(&rec, key.clone(), "F");
    let Err(StartError::Record(RecordError::Locked { holder, .. })) = &second else {
        panic!("a second writer was let in: {second:?}");
    };
    assert!(holder.contains(&std::process::id().to_string()), "{holder}");
    drop(first);
    // Once the first lets go, the record has changed under the second's reading.
    let late = RecordedAttempt::continue_interrupted(&rec, key, "F");
    assert!(late.is_err(), "a stale reading continued the record");
}

/// A paced exam killed with SIGKILL is continued with the facilitator's passphrase; the
/// record verifies with the interruption listed.
#[test]
fn a_killed_exam_continues_with_the_passphrase_and_verifies_with_the_interruption() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, _) = test_key(dir.path(), 6);
    let record = dir.path().join("killed.jsonl");
    let mut child = Command::new(BIN)
        .args([
            "run",
            &baseline_path().display().to_string(),
            "--record",
            "killed.jsonl",
            "--mode",
            "exam",
            "--candidate",
            "C7",
            "--facilitator",
            "Dr K",
            "--passphrase-file",
            "passphrase.txt",
            "--pace",
            "20",
        ])
        .current_dir(dir.path())
        .env("PERFSIM_KEY_FILE", &key_path)
        .env("HOME", dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let spawned = Instant::now();
    while !std::fs::read(&record).is_ok_and(|b| b.contains(&b'\n')) {
        assert!(spawned.elapsed() < Duration::from_secs(30), "never started");
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(1500));
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    let rec = RecordReader::open(&record).expect("recovered");
    assert!(!rec.is_complete());
    // Without the passphrase, nothing can continue it.
    assert!(
        KeySource {
            path: key_path.clone()
        }
        .unlock("guess guess")
        .is_err()
    );
    let key = KeySource {
        path: key_path.clone(),
    }
    .unlock(PASSPHRASE)
    .expect("passphrase");
    let mut a = RecordedAttempt::continue_interrupted(&rec, key, "Dr K").expect("continue");
    let to = a.session().tick() + 100;
    run_attempt(&mut a, &[], to);
    a.finish(None).expect("finish");
    let out = perfsim(dir.path(), &key_path, &["verify", "killed.jsonl"]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("interrupted and continued at"), "{said}");
    assert!(said.contains("authorised by Dr K"), "{said}");
}
