//! Record format 3: one Ed25519 verification per record (a SHA-256 chain runs through
//! the lines) instead of one per line, and format-2 records from older builds still
//! verify.

use std::path::Path;
use std::time::Instant;

use perfsim_core::record::{Mode, RecordReader, Tamper, line};
use serde_json::Value;

use super::support::*;

/// Heartbeat lines in a four-hour attempt (one a second).
const FOUR_HOURS_OF_HEARTBEATS: usize = 4 * 3600;

/// The lines of a finished record with `extra` copies of its last heartbeat inserted
/// after it: as long as a four-hour attempt, without simulating four hours.
fn long_bodies(dir: &Path, extra: usize) -> Vec<String> {
    let (_, key) = test_key(dir, 1);
    let path = dir.join("short.jsonl");
    write_record(
        &path,
        &key,
        info("C1", "2026-01-01T09:00:00Z", Mode::Exam),
        &script(ACTIONS),
        60.0,
        None,
    );
    let text = std::fs::read_to_string(&path).expect("read");
    let bodies: Vec<String> = text
        .lines()
        .map(|l| line::decode(l).expect("line").0.to_string())
        .collect();
    let last_beat = bodies
        .iter()
        .rposition(|b| b.contains("\"heartbeat\""))
        .expect("a heartbeat");
    let mut out = bodies[..=last_beat].to_vec();
    out.extend(std::iter::repeat_n(bodies[last_beat].clone(), extra));
    out.extend_from_slice(&bodies[last_beat + 1..]);
    out
}

/// Signs `bodies` in format 3 (this build's) or format 2 (older builds).
fn sign(bodies: &[String], key: &perfsim_core::record::ProgrammeKey, format: u32) -> String {
    let mut out = String::new();
    let mut chain = line::Chain::START;
    let mut previous = line::CHAIN_START;
    for (i, body) in bodies.iter().enumerate() {
        let mut body = body.clone();
        if i == 0 {
            let mut h: Value = serde_json::from_str(&body).expect("header");
            h["format_version"] = Value::from(format);
            body = serde_json::to_string(&h).expect("header");
        }
        let sig = if format == 2 {
            let s = line::sign(key, &previous, &body);
            previous = s;
            s
        } else {
            chain.sign_next(key, &body)
        };
        out.push_str(&line::encode(&body, &sig));
    }
    out
}

fn time_verify(dir: &Path, name: &str, text: &str) -> (f64, Result<(), Tamper>) {
    let (_, key) = test_key(dir, 1);
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    let rec = RecordReader::open(&path).expect("open");
    let start = Instant::now();
    let result = rec.verify(&key.public());
    (start.elapsed().as_secs_f64(), result)
}

#[test]
fn a_four_hour_record_verifies_with_one_signature_check_and_format_2_still_verifies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key_path, key) = test_key(dir.path(), 1);
    let bodies = long_bodies(dir.path(), FOUR_HOURS_OF_HEARTBEATS);
    let v3 = sign(&bodies, &key, 3);
    let v2 = sign(&bodies, &key, 2);
    let (t3, r3) = time_verify(dir.path(), "v3.jsonl", &v3);
    let (t2, r2) = time_verify(dir.path(), "v2.jsonl", &v2);
    assert_eq!(r3, Ok(()));
    assert_eq!(r2, Ok(()));
    eprintln!(
        "verify of {} lines: format 3 {:.1} ms, format 2 {:.1} ms",
        bodies.len(),
        t3 * 1e3,
        t2 * 1e3
    );
    // Format 2 verifies 14 400 signatures; format 3 hashes them and verifies one.
    assert!(
        t3 * 4.0 < t2,
        "format 3 {t3:.3} s is not much faster than format 2 {t2:.3} s"
    );

    // Both verify from the command line; an edit in either names the first bad line.
    for (name, text) in [("v3.jsonl", &v3), ("v2.jsonl", &v2)] {
        let out = perfsim(dir.path(), &key_path, &["verify", name]);
        assert!(
            out.status.success(),
            "{name}: {}",
            super::support::text(&out)
        );
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        lines[100] = lines[100].replacen("\"heartbeat\"", "\"heartbeat\" ", 1);
        let edited = dir.path().join(format!("edited-{name}"));
        std::fs::write(&edited, lines.join("\n") + "\n").expect("write");
        let rec = RecordReader::open(&edited).expect("open");
        assert_eq!(
            rec.verify(&key.public()),
            Err(Tamper::BadSignature { line: 101 }),
            "{name}"
        );
        // Flipping a digit of an earlier line's signature breaks format 3 as well: every
        // byte before the last line is under its signature.
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        let l = &mut lines[50];
        let at = l.len() - 3;
        let flipped = if &l[at..at + 1] == "0" { "1" } else { "0" };
        l.replace_range(at..at + 1, flipped);
        std::fs::write(&edited, lines.join("\n") + "\n").expect("write");
        let rec = RecordReader::open(&edited).expect("open");
        assert_eq!(
            rec.verify(&key.public()),
            Err(Tamper::BadSignature { line: 51 }),
            "{name}"
        );
    }
}

/// An interrupted format-2 record (an older build crashed) continues in format 2 and
/// still verifies.
#[test]
fn an_interrupted_format_2_record_continues_in_format_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, key) = test_key(dir.path(), 1);
    let bodies = long_bodies(dir.path(), 0);
    let v2 = sign(&bodies[..bodies.len() - 1], &key, 2);
    let path = dir.path().join("old.jsonl");
    std::fs::write(&path, &v2).expect("write");
    let rec = RecordReader::open(&path).expect("open");
    assert!(!rec.is_complete());
    let a = perfsim_core::record::RecordedAttempt::continue_interrupted(&rec, key.clone(), "Dr F")
        .expect("continue");
    a.finish(None).expect("finish");
    let rec = RecordReader::open(&path).expect("open");
    assert!(rec.is_complete());
    assert_eq!(rec.header().format_version, 2);
    assert_eq!(rec.verify(&key.public()), Ok(()));
}
