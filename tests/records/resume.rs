//! `perfsim continue`: an interrupted exam record continued headless with the
//! facilitator's passphrase; `verify` lists the interruption and who authorised it.

use super::support::*;

#[test]
fn perfsim_continue_carries_on_an_interrupted_exam_with_the_facilitators_passphrase() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, key) = test_key(dir.path(), 1);
    let path = dir.path().join("exam.jsonl");
    write_scored_exam(&path, &key, "C9", 60.0);
    // A crash: the footer never reached the disk.
    let full = std::fs::read_to_string(&path).expect("read");
    let lines: Vec<&str> = full.lines().collect();
    let cut = lines[..lines.len() - 1].join("\n") + "\n";
    std::fs::write(&path, &cut).expect("cut");
    let out = perfsim(dir.path(), &key_path, &["verify", "exam.jsonl"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("interrupted"), "{}", text(&out));

    // Without the passphrase nothing is continued, and the record is untouched.
    std::fs::write(dir.path().join("wrong.txt"), "not it\n").expect("write");
    let out = perfsim(
        dir.path(),
        &key_path,
        &["continue", "exam.jsonl", "--passphrase-file", "wrong.txt"],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("passphrase"), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), cut);

    std::fs::write(
        dir.path().join("rest.ron"),
        "[(t_s: 20, action: SetFio2(fio2: 1.0)), (t_s: 70, action: SetFio2(fio2: 0.8))]",
    )
    .expect("actions");
    let out = perfsim(
        dir.path(),
        &key_path,
        &[
            "continue",
            "exam.jsonl",
            "--passphrase-file",
            "passphrase.txt",
            "--facilitator",
            "Dr Second",
            "--actions",
            "rest.ron",
            "--duration-s",
            "120",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Dr Second"), "{}", text(&out));

    let out = perfsim(dir.path(), &key_path, &["verify", "exam.jsonl"]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("1 restart(s)"), "{said}");
    assert!(said.contains("Dr Second"), "{said}");
    // The action before the cut was not applied twice; the one after it was.
    let rec = perfsim_core::record::RecordReader::open(&path).expect("open");
    let fio2: Vec<_> = rec
        .actions()
        .iter()
        .filter(|a| matches!(a.action, perfsim_core::action::Action::SetFio2 { .. }))
        .map(|a| a.tick)
        .collect();
    assert_eq!(fio2, vec![200, 700]);
    assert_eq!(rec.last_tick(), 1200);
    // A finished record is not continued again.
    let out = perfsim(
        dir.path(),
        &key_path,
        &[
            "continue",
            "exam.jsonl",
            "--passphrase-file",
            "passphrase.txt",
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("finished"), "{}", text(&out));
}

/// A checking machine with only the exported public key (no sealed key, no passphrase)
/// verifies, replays, tables and reports a record, and is never asked for a passphrase.
#[test]
fn a_machine_with_only_the_public_key_checks_records_without_a_passphrase() {
    let exam_machine = tempfile::tempdir().expect("tempdir");
    let (_, key) = test_key(exam_machine.path(), 1);
    let checker = tempfile::tempdir().expect("tempdir");
    write_scored_exam(&checker.path().join("exam.jsonl"), &key, "C4", 60.0);
    let public = checker.path().join("programme.pub");
    std::fs::write(&public, key.public().file_text()).expect("public key");
    for args in [
        vec!["verify", "exam.jsonl"],
        vec!["replay", "exam.jsonl"],
        vec!["summary", "."],
        vec!["report", "exam.jsonl", "--out", "r.html"],
    ] {
        let out = perfsim(checker.path(), &public, &args);
        let said = text(&out);
        assert!(out.status.success(), "{args:?}: {said}");
        assert!(!said.contains("passphrase"), "{args:?}: {said}");
    }
    let out = perfsim(checker.path(), &public, &["summary", "."]);
    assert!(text(&out).contains("C4"), "{}", text(&out));
    assert!(text(&out).contains("intact"), "{}", text(&out));
}

/// `perfsim key sign-exam-only` writes a list the programme's public key checks, and it
/// needs the passphrase.
#[test]
fn sign_exam_only_writes_a_manifest_the_public_key_checks() {
    use perfsim_core::record::manifest::{ExamOnlyManifest, MANIFEST_FILE};
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, key) = test_key(dir.path(), 1);
    let folder = dir.path().join("scenarios");
    std::fs::create_dir_all(&folder).expect("folder");
    let scenario = folder.join("exam.ron");
    std::fs::copy(baseline_path(), &scenario).expect("copy");
    let exam = scenario.display().to_string();
    std::fs::write(dir.path().join("wrong.txt"), "not it at all\n").expect("write");
    let out = perfsim(
        dir.path(),
        &key_path,
        &[
            "key",
            "sign-exam-only",
            &exam,
            "--passphrase-file",
            "wrong.txt",
        ],
    );
    assert!(!out.status.success());
    assert!(!folder.join(MANIFEST_FILE).exists());
    let out = perfsim(
        dir.path(),
        &key_path,
        &[
            "key",
            "sign-exam-only",
            &exam,
            "--passphrase-file",
            "passphrase.txt",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let written = std::fs::read_to_string(folder.join(MANIFEST_FILE)).expect("manifest");
    let m = ExamOnlyManifest::verify(&written, &key.public()).expect("verifies");
    let bytes = std::fs::read(&scenario).expect("scenario");
    assert!(m.lists("exam.ron", &bytes));
}
