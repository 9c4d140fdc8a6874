//! Attempt records through the command line: `perfsim run --record`, `verify`, `replay`,
//! `summary`, `report` and `key`, and the SIGKILL durability test.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use perfsim_core::record::{Entry, KeySource, Mode, RecordReader};
use perfsim_core::time::tick_from_secs;
use serde_json::{Value, json};

use super::support::*;

#[test]
fn verify_names_the_first_bad_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, key) = test_key(dir.path(), 1);
    let (other_key_path, _) = test_key(dir.path(), 2);
    let good = dir.path().join("good.jsonl");
    write_record(
        &good,
        &key,
        info("C1", "2026-01-01T09:00:00Z", Mode::Exam),
        &script(ACTIONS),
        60.0,
        Some(json!({"score_pct": 80, "passed": true})),
    );
    let original = std::fs::read_to_string(&good).expect("read");
    let lines: Vec<&str> = original.lines().collect();
    let n = lines.len();
    let fault = lines
        .iter()
        .position(|l| l.contains("InjectFault"))
        .expect("fault line");

    let check = |name: &str, edited: String, key: &Path, expect: &str| {
        let file = format!("{name}.jsonl");
        std::fs::write(dir.path().join(&file), edited).expect("write");
        let out = perfsim(dir.path(), key, &["verify", &file]);
        let msg = text(&out);
        assert_eq!(out.status.success(), expect == "ok", "{name}: {msg}");
        let expect = if expect == "ok" {
            "intact and complete"
        } else {
            expect
        };
        assert!(
            msg.contains(expect),
            "{name}: expected {expect:?} in {msg:?}"
        );
    };
    let replace_in_line = |i: usize, from: &str, to: &str| {
        let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        let edited = l[i].replacen(from, to, 1);
        assert_ne!(edited, l[i], "edit must change line {}", i + 1);
        l[i] = edited;
        l.join("\n") + "\n"
    };
    let mac_of_line_2 = &lines[1][lines[1].len() - 130..lines[1].len() - 2];
    let first = if mac_of_line_2.starts_with('0') {
        "1"
    } else {
        "0"
    };
    let other_mac = format!("{first}{}", &mac_of_line_2[1..]);
    let join = |l: Vec<&str>| l.join("\n") + "\n";
    let mac_mismatch = |line: usize| {
        format!("line {line}: bad signature: the record was edited after it was written")
    };

    check("unchanged", original.clone(), &key_path, "ok");
    check(
        "severity",
        replace_in_line(fault, "\"severity\":0.9", "\"severity\":0.1"),
        &key_path,
        &mac_mismatch(fault + 1),
    );
    check(
        "candidate",
        replace_in_line(0, "\"C1\"", "\"C2\""),
        &key_path,
        &mac_mismatch(1),
    );
    check(
        "footer score",
        replace_in_line(n - 1, "\"score_pct\":80", "\"score_pct\":90"),
        &key_path,
        &mac_mismatch(n),
    );
    check(
        "mac digit",
        replace_in_line(1, mac_of_line_2, &other_mac),
        &key_path,
        &mac_mismatch(2),
    );
    check(
        "mac too long",
        replace_in_line(1, "\"sig\":\"", "\"sig\":\"0"),
        &key_path,
        "line 2: not a valid record entry",
    );
    check(
        "broken json",
        replace_in_line(3, "{\"entry\":{", "{\"entry\":["),
        &key_path,
        "line 4: not a valid record entry",
    );
    check(
        "broken footer",
        replace_in_line(n - 1, "{\"entry\":{", "{\"entry\":["),
        &key_path,
        &format!("line {n}: not a valid record entry"),
    );
    let mut deleted = lines.clone();
    deleted.remove(2);
    check("deleted line", join(deleted), &key_path, &mac_mismatch(3));
    let mut swapped = lines.clone();
    swapped.swap(1, 2);
    // Swapped lines put a tick before an earlier one: refused before any signature.
    check(
        "swapped lines",
        join(swapped),
        &key_path,
        "line 3: tick 50 goes back",
    );
    check(
        "footer removed",
        join(lines[..n - 1].to_vec()),
        &key_path,
        "interrupted",
    );
    check(
        "other key",
        original.clone(),
        &other_key_path,
        "signed with a different key",
    );

    // One-byte edits anywhere: never accepted as intact and complete, never a panic.
    let bytes = original.as_bytes();
    for i in (0..bytes.len()).step_by(7) {
        let mut edited = bytes.to_vec();
        edited[i] ^= 0x01;
        let accepted = RecordReader::parse(Path::new("edited"), &edited)
            .is_ok_and(|r| r.is_complete() && r.verify(&key.public()).is_ok());
        assert!(!accepted, "flipping byte {i} went unnoticed");
    }
}

#[test]
fn summary_tables_a_folder_of_records() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, key) = test_key(dir.path(), 1);
    let records = dir.path().join("records");
    let quiet = script("[(t_s: 5, action: SetSweep(sweep_l_per_min: 2.0))]");
    let report = |score: f64, passed: bool, late: &[&str], never: &[&str]| {
        json!({
            "score_pct": score,
            "passed": passed,
            "critical_actions": [
                {"name": "Stop the pump", "status": "done", "time_s": 12.0, "critical": true},
                {"name": late.first().copied().unwrap_or("Call for help"), "status": if late.is_empty() { "done" } else { "late" }, "critical": true},
                {"name": "Check the gas supply", "status": if late.len() > 1 { "missed" } else { "done" }, "critical": true},
                // Not critical: a gradebook's critical columns leave it out.
                {"name": "Blood gas", "status": "missed", "critical": false},
                {"name": "Give heparin", "status": if passed { "done" } else { "wrong" }, "critical": true},
            ],
            "pass_mark_pct": 70.0,
            "critical_errors": if passed { json!([]) } else { json!(["critical action wrong: Give heparin"]) },
            "never_events": never.iter().map(|n| json!({"name": n})).collect::<Vec<_>>(),
        })
    };
    let write = |file: &str, candidate: &str, date: &str, mode: Mode, r: Option<Value>| {
        write_record(
            &records.join(file),
            &key,
            info(candidate, date, mode),
            &quiet,
            20.0,
            r,
        );
    };
    write(
        "b.jsonl",
        "C2",
        "2026-03-02T10:00:00Z",
        Mode::Exam,
        Some(report(92.5, true, &[], &[])),
    );
    write(
        "a.jsonl",
        "C1",
        "2026-03-02T10:00:00Z",
        Mode::Exam,
        Some(report(
            40.0,
            false,
            &["Call for help", "x"],
            &["Protamine on bypass"],
        )),
    );
    write(
        "c.jsonl",
        "C3",
        "2026-03-01T08:00:00Z",
        Mode::Practice,
        None,
    );
    // An interrupted attempt and an edited one.
    write(
        "d.jsonl",
        "C4",
        "2026-03-03T08:00:00Z",
        Mode::Exam,
        Some(report(70.0, true, &[], &[])),
    );
    let d = std::fs::read_to_string(records.join("d.jsonl")).expect("read");
    std::fs::write(records.join("d.jsonl"), &d[..d.len() - 30]).expect("cut");
    write(
        "e.jsonl",
        "C5",
        "2026-03-04T08:00:00Z",
        Mode::Exam,
        Some(report(50.0, false, &[], &[])),
    );
    let e = std::fs::read_to_string(records.join("e.jsonl")).expect("read");
    std::fs::write(
        records.join("e.jsonl"),
        e.replace("\"score_pct\":50.0", "\"score_pct\":95.0"),
    )
    .expect("edit");
    std::fs::write(records.join("notes.txt"), "not a record").expect("write");

    let out = perfsim(
        dir.path(),
        &key_path,
        &["summary", "records", "--csv", "summary.csv"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let got = std::fs::read_to_string(dir.path().join("summary.csv")).expect("csv");
    // Scores come only from replaying a verified record, never from its footer: the
    // baseline scenario has no rubric, so no row has a score, whatever its footer says
    // (exam_scores_come_from_the_replay covers a scored scenario).
    let scenario = "Baseline: stable full bypass,1.0,7,Dr Facilitator";
    // The scenario's hash is the baseline file's; read it from the first row.
    let sha = got
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').nth(20))
        .unwrap_or_default();
    assert_eq!(sha.len(), 64, "{got}");
    // Typed, rounded columns.
    let expect = format!(
        "\
file,candidate,scenario,version,seed,facilitator,date,mode,score_pct,passed,fail_reasons,critical_missed,critical_late,critical_wrong,never_events,interruptions,restarts,instructor_interventions,status,integrity,scenario_sha256,duration_s
c.jsonl,C3,{scenario},2026-03-01T08:00:00Z,practice,,,,,,,,0,0,0,complete,intact,{sha},
a.jsonl,C1,{scenario},2026-03-02T10:00:00Z,exam,,,,,,,,0,0,0,complete,intact,{sha},
b.jsonl,C2,{scenario},2026-03-02T10:00:00Z,exam,,,,,,,,0,0,0,complete,intact,{sha},
d.jsonl,C4,{scenario},2026-03-03T08:00:00Z,exam,,,,,,,,1,0,0,interrupted,intact,{sha},
e.jsonl,C5,{scenario},2026-03-04T08:00:00Z,exam,,,,,,,,0,0,0,complete,line 5: bad signature: the record was edited after it was written,{sha},
"
    );
    assert_eq!(got, expect);

    // The interrupted attempt is the one the app offers to continue.
    let offered: Vec<_> = perfsim_core::record::interrupted_in(&records)
        .expect("list")
        .iter()
        .map(|r| r.header().candidate_id.clone())
        .collect();
    assert_eq!(offered, ["C4"]);
}

#[test]
fn report_shows_header_timeline_and_score() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, key) = test_key(dir.path(), 1);
    write_record(
        &dir.path().join("a.jsonl"),
        &key,
        info("C<1>", "2026-01-01T09:00:00Z", Mode::Exam),
        &script(ACTIONS),
        200.0,
        Some(json!({"score_pct": 75.0, "passed": true,
            "critical_actions": [{"name": "Give a vasopressor", "status": "done"}],
            "never_events": [{"name": "Protamine on bypass"}]})),
    );
    let check = |out_file: &str, expect: &[&str]| {
        let out = perfsim(
            dir.path(),
            &key_path,
            &["report", "a.jsonl", "--out", out_file],
        );
        assert!(out.status.success(), "{}", text(&out));
        let got = std::fs::read_to_string(dir.path().join(out_file)).expect("report");
        for e in expect {
            assert!(got.contains(e), "{out_file}: missing {e:?}");
        }
    };
    check(
        "r.html",
        &[
            "<style>",
            "C&lt;1&gt;",
            "<td>Instructor</td><td>Instructor: fault Vasoplegia</td>",
            "Fault: Vasoplegia",
            "Candidate calls for help",
            "<th>Integrity</th><td>intact</td>",
        ],
    );
    check(
        "r.md",
        &[
            "| Candidate | C<1> |",
            "| 00:20 | Model | Fault: Vasoplegia |",
            // The footer's report is never shown: the baseline has no rubric to replay.
            "**No score**: the scenario has no rubric",
        ],
    );
}

#[test]
fn run_record_verify_replay_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, _) = test_key(dir.path(), 3);
    std::fs::write(dir.path().join("actions.ron"), ACTIONS).expect("write");
    let scenario = baseline_path();
    let run = |record: &str| {
        perfsim(
            dir.path(),
            &key_path,
            &[
                "run",
                &scenario.display().to_string(),
                "--actions",
                "actions.ron",
                "--record",
                record,
                "--candidate",
                "C9",
                "--facilitator",
                "Dr F",
                "--mode",
                "exam",
                "--passphrase-file",
                "passphrase.txt",
                "--duration-s",
                "300",
            ],
        )
    };
    let out = run("cli.jsonl");
    assert!(out.status.success(), "{}", text(&out));
    let out = perfsim(dir.path(), &key_path, &["verify", "cli.jsonl"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = perfsim(dir.path(), &key_path, &["replay", "cli.jsonl"]);
    assert!(text(&out).contains("replay identical"), "{}", text(&out));
    assert!(text(&out).contains("4 actions (2 by the instructor)"));
    // A record is never overwritten.
    let out = run("cli.jsonl");
    assert!(!out.status.success());
    let rec = RecordReader::open(&dir.path().join("cli.jsonl")).expect("open");
    let h = rec.header();
    assert_eq!(
        (h.candidate_id.as_str(), h.facilitator.as_str(), h.mode),
        ("C9", "Dr F", Mode::Exam)
    );
    assert_eq!(
        h.scenario_text,
        std::fs::read_to_string(&scenario).expect("read")
    );
}

#[test]
fn key_commands_init_export_change_and_never_create_on_the_side() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key_path = dir.path().join("keys/programme.key");
    // A mistyped or missing key is an error, never a new key.
    let out = perfsim(dir.path(), &key_path, &["key", "show-id"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("perfsim key init"), "{}", text(&out));
    assert!(!key_path.exists());
    std::fs::write(dir.path().join("pass.txt"), "first passphrase\n").expect("write");
    std::fs::write(dir.path().join("new.txt"), "second passphrase\n").expect("write");
    std::fs::write(dir.path().join("short.txt"), "short\n").expect("write");
    let init = |pass: &str| {
        perfsim(
            dir.path(),
            &key_path,
            &["key", "init", "--passphrase-file", pass],
        )
    };
    let out = init("short.txt");
    assert!(!out.status.success(), "{}", text(&out));
    let out = init("pass.txt");
    assert!(out.status.success(), "{}", text(&out));
    let stored = std::fs::read_to_string(&key_path).expect("key file");
    assert!(stored.starts_with("perfsim sealed signing key"), "{stored}");
    // A second init never replaces the programme's key.
    let out = init("pass.txt");
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&key_path).expect("key"), stored);
    let out = perfsim(dir.path(), &key_path, &["key", "show-id"]);
    let id = text(&out)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(id.len(), 16, "{}", text(&out));
    let public = dir.path().join("programme.pub");
    let out = perfsim(
        dir.path(),
        &key_path,
        &["key", "export-public", "--out", "programme.pub"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let exported = std::fs::read_to_string(&public).expect("public");
    assert!(exported.starts_with("perfsim public key"), "{exported}");
    // The public key shows the same ID and cannot sign.
    let out = perfsim(dir.path(), &public, &["key", "show-id"]);
    assert!(text(&out).starts_with(&id), "{}", text(&out));
    // Changing the passphrase keeps the key; the old passphrase stops working.
    let change = |old: &str, new: &str| {
        perfsim(
            dir.path(),
            &key_path,
            &[
                "key",
                "change-passphrase",
                "--passphrase-file",
                old,
                "--new-passphrase-file",
                new,
            ],
        )
    };
    let out = change("new.txt", "pass.txt");
    assert!(!out.status.success());
    assert!(text(&out).contains("wrong passphrase"), "{}", text(&out));
    let out = change("pass.txt", "new.txt");
    assert!(out.status.success(), "{}", text(&out));
    let source = KeySource { path: key_path };
    assert!(source.unlock("first passphrase").is_err());
    let key = source.unlock("second passphrase").expect("new passphrase");
    assert_eq!(key.id(), id);
}

/// Spawns a paced scripted attempt, kills it with SIGKILL after about two wall
/// seconds, and checks that the record holds every action whose simulated time was
/// reached more than one wall second before the kill.
#[test]
fn sigkill_loses_at_most_the_last_second() {
    const PACE: f64 = 20.0;
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, key) = test_key(dir.path(), 4);
    let mut ron = String::from("[\n");
    for i in 1..=30 {
        ron.push_str(&format!(
            "(t_s: {}, action: SetSweep(sweep_l_per_min: {:.1})),\n",
            2 * i,
            1.5 + 0.1 * f64::from(i % 5)
        ));
    }
    ron.push(']');
    std::fs::write(dir.path().join("actions.ron"), &ron).expect("write");
    let all = script(&ron);
    let record = dir.path().join("killed.jsonl");

    let spawned = Instant::now();
    let mut child = Command::new(BIN)
        .args([
            "run",
            &baseline_path().display().to_string(),
            "--actions",
            "actions.ron",
            "--record",
            "killed.jsonl",
            "--passphrase-file",
            "passphrase.txt",
            "--pace",
            &PACE.to_string(),
        ])
        .current_dir(dir.path())
        .env("PERFSIM_KEY_FILE", &key_path)
        .env("HOME", dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    // The simulation starts right after the header is written: wait to see it.
    let started = loop {
        let has_header = std::fs::read(&record).is_ok_and(|b| b.contains(&b'\n'));
        if has_header {
            break Instant::now();
        }
        assert!(
            spawned.elapsed() < Duration::from_secs(20),
            "the run never started"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    std::thread::sleep(Duration::from_secs(2));
    let before_kill = Instant::now();
    child.kill().expect("SIGKILL");
    let after_kill = Instant::now();
    child.wait().expect("reap");

    let rec = RecordReader::open(&record).expect("recovered");
    assert!(!rec.is_complete(), "killed attempt has no footer");
    assert_eq!(rec.verify(&key.public()), Ok(()));
    // Simulated time can run at most `PACE` × wall time since the spawn...
    let reached_at_most = tick_from_secs(PACE * (after_kill - spawned).as_secs_f64());
    // ... and runs at least up to `PACE` × wall time since the header appeared, less
    // the one second a kill may lose.
    let must_hold_up_to = tick_from_secs(PACE * ((before_kill - started).as_secs_f64() - 1.0));
    let recorded = rec.actions();
    let expected: Vec<_> = all
        .iter()
        .filter(|a| a.tick <= must_hold_up_to)
        .cloned()
        .collect();
    assert!(expected.len() >= 8, "the test must cover several actions");
    assert!(
        recorded.len() >= expected.len(),
        "recorded {} actions, expected at least the {} up to tick {must_hold_up_to}",
        recorded.len(),
        expected.len()
    );
    assert_eq!(recorded[..expected.len()], expected[..]);
    assert_eq!(recorded[..], all[..recorded.len()]);
    assert!(recorded.iter().all(|a| a.tick <= reached_at_most));
    // Heartbeats about once a wall second.
    let heartbeats = rec
        .entries()
        .filter(|e| matches!(e, Entry::Heartbeat { .. }))
        .count();
    assert!(heartbeats >= 1, "no heartbeat in {} s", 2);
    assert!(rec.last_tick() >= must_hold_up_to);
}

/// A record that stops taking writes mid-run (here the file-size limit of the shell that
/// starts perfsim): the run stops at once and says the record could not be written, and
/// what was written is an intact, interrupted record.
#[cfg(unix)]
#[test]
fn a_record_that_cannot_be_written_stops_the_run_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, key) = test_key(dir.path(), 4);
    // 300 actions: far more than the size limit leaves room for after the header.
    let actions: String = (1..=300)
        .map(|s| {
            let flow = if s % 2 == 0 { 4.0 } else { 4.2 };
            format!("(t_s: {s}, action: SetPumpFlow(flow_l_per_min: {flow})),\n")
        })
        .collect();
    std::fs::write(dir.path().join("many.ron"), format!("[\n{actions}]\n")).expect("write");
    let scenario = baseline_path().display().to_string();
    // An ignored SIGXFSZ stays ignored across exec, so a write past the limit fails
    // with an error instead of killing the process.
    let out = Command::new("sh")
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\"",
            BIN,
            "run",
            &scenario,
            "--actions",
            "many.ron",
            "--record",
            "full.jsonl",
            "--passphrase-file",
            "passphrase.txt",
            "--duration-s",
            "400",
        ])
        .current_dir(dir.path())
        .env("PERFSIM_KEY_FILE", &key_path)
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("xdg"))
        .output()
        .expect("run perfsim");
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("cannot be written, so the attempt stopped at"),
        "{said}"
    );
    assert!(said.contains("full.jsonl"), "{said}");
    assert!(!said.contains("record written to"), "{said}");
    let rec = RecordReader::open(&dir.path().join("full.jsonl")).expect("readable");
    assert!(!rec.is_complete());
    assert_eq!(rec.verify(&key.public()), Ok(()));
    assert!(rec.actions().len() < 300, "every action was written");
}
