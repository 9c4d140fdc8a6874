//! Human raters: signed ratings beside a record, the panel of several raters, edits
//! detected, the facilitator's release, and the record itself left untouched.

use crate::support::{self, exam, form, key, ok, perfsim, rate, text};

#[test]
fn two_raters_are_shown_side_by_side_with_mean_spread_and_disagreement() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (prog, _) = key(d, "programme", 1);
    let (ka, _) = key(d, "rater-a", 2);
    let (kb, _) = key(d, "rater-b", 3);
    let record = d.join("a1.jsonl");
    exam(
        d,
        &prog,
        &record,
        "air_embolism",
        "air_embolism_slow",
        2,
        "cand-1",
    );
    let prog_s = prog.display().to_string();
    let rec_s = record.display().to_string();
    let verified_before = ok(d, &["verify", &rec_s, "--key", &prog_s]);
    let bytes_before = std::fs::read(&record).expect("record");

    let fa = form(
        d,
        "form-a",
        [3.0, 2.5, 3.0, 3.5],
        "ClearPass",
        r#"notes: [(t_s: 320, text: "Slow to stop the pump")], overrides: [(item: "Stop the pump", status: Done, reason: "Pump stopped at the surgeon's call; the console logged it late")], feedback: "Stop the pump first, then clamp.""#,
    );
    let fb = form(d, "form-b", [1.5, 2.5, 3.0, 3.0], "Borderline", "");
    let out = rate(d, &record, "Dr A", &fa, &ka);
    assert!(out.status.success(), "{}", text(&out));
    // Rater A, the first, sees only their own rating.
    assert!(!text(&out).contains("Dr B"), "{}", text(&out));
    let out = rate(d, &record, "Dr B", &fb, &kb);
    let b_sees = text(&out);
    assert!(out.status.success(), "{b_sees}");
    // Once B's own rating is stored, B sees A's too.
    assert!(
        b_sees.contains("Dr A") && b_sees.contains("Dr B"),
        "{b_sees}"
    );

    let panel = ok(d, &["ratings", &rec_s, "--out", "ratings.html"]);
    let row = |label: &str| {
        panel
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no row {label}: {panel}"))
            .to_string()
    };
    // Situation awareness: 3.0 and 1.5, mean 2.25, spread 1.5 > 1: flagged.
    let sa = row("Situation awareness");
    assert!(
        sa.contains("3.0") && sa.contains("1.5") && sa.contains("2.25"),
        "{sa}"
    );
    assert!(sa.contains("DISAGREE"), "{sa}");
    // Teamwork: 3.5 and 3.0, within a point: not flagged.
    let tw = row("Teamwork and communication");
    assert!(tw.contains("3.25") && !tw.contains("DISAGREE"), "{tw}");
    // The override changes the displayed outcome, names the rater and the reason.
    assert!(
        panel.contains("override: Stop the pump late -> done by Dr A: Pump stopped"),
        "{panel}"
    );
    let html = std::fs::read_to_string(d.join("ratings.html")).expect("html");
    assert!(
        html.contains("raters disagree by more than 1 point"),
        "{html}"
    );
    assert!(html.contains("Dr A") && html.contains("Dr B"));

    // The record is unchanged and verifies exactly as before.
    assert_eq!(std::fs::read(&record).expect("record"), bytes_before);
    assert_eq!(
        ok(d, &["verify", &rec_s, "--key", &prog_s]),
        verified_before
    );
    let summary = ok(d, &["summary", d.to_str().unwrap_or("."), "--key", &prog_s]);
    assert!(summary.contains(",intact,"), "{summary}");
}

#[test]
fn an_edited_rating_fails_its_check_and_is_shown_as_edited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (prog, _) = key(d, "programme", 1);
    let (ka, _) = key(d, "rater-a", 2);
    let (kb, _) = key(d, "rater-b", 3);
    let record = d.join("a1.jsonl");
    exam(
        d,
        &prog,
        &record,
        "air_embolism",
        "air_embolism_expert",
        1,
        "cand-1",
    );
    let rec_s = record.display().to_string();
    let prog_s = prog.display().to_string();
    let pass = d.join("passphrase.txt").display().to_string();
    assert!(
        rate(
            d,
            &record,
            "Dr A",
            &form(d, "a", [3.0; 4], "Good", r#"feedback: "Well done""#),
            &ka
        )
        .status
        .success()
    );
    assert!(
        rate(
            d,
            &record,
            "Dr B",
            &form(d, "b", [2.0; 4], "Borderline", ""),
            &kb
        )
        .status
        .success()
    );
    let file = d.join("a1.jsonl.ratings/dr_b.json");
    let original = std::fs::read_to_string(&file).expect("rating");
    assert!(ok(d, &["ratings", &rec_s]).contains("signed, intact"));

    // Rater B's rating, raised by someone after signing.
    let edited = original.replace("\"global\": \"Borderline\"", "\"global\": \"Excellent\"");
    assert_ne!(edited, original, "the edit must change the file");
    std::fs::write(&file, edited).expect("edit");
    let out = perfsim(d, &["ratings", &rec_s]);
    let t = text(&out);
    assert!(!out.status.success(), "{t}");
    assert!(t.contains("\"Dr B\"") && t.contains("EDITED"), "{t}");
    // Only the intact rating counts.
    let global = t
        .lines()
        .find(|l| l.starts_with("Global"))
        .unwrap_or_default();
    assert!(
        global.contains("4.0") && !global.contains("5.0"),
        "{global}"
    );

    // The printed report shows the edit once feedback is released, and never a score
    // from the edited rating; the record's own check is unaffected.
    ok(
        d,
        &[
            "release",
            &rec_s,
            "--by",
            "Dr Facilitator",
            "--key",
            &prog_s,
            "--passphrase-file",
            &pass,
        ],
    );
    ok(d, &["report", &rec_s, "--out", "r.html", "--key", &prog_s]);
    let html = std::fs::read_to_string(d.join("r.html")).expect("report");
    assert!(
        html.contains("EDITED: the signature does not match"),
        "edited rating not shown"
    );
    assert!(html.contains("Feedback from Dr A") && !html.contains("Feedback from Dr B"));
    assert!(ok(d, &["verify", &rec_s, "--key", &prog_s]).contains("intact and complete"));

    // A rating about other bytes of the record (the record changed) is not counted.
    std::fs::write(&file, &original).expect("restore");
    let mut bytes = std::fs::read(&record).expect("record");
    bytes.extend_from_slice(b"\n");
    std::fs::write(&record, bytes).expect("append");
    let t = text(&perfsim(d, &["ratings", &rec_s]));
    assert!(t.contains("about another version of the record"), "{t}");
}

#[test]
fn feedback_reaches_the_report_only_when_the_facilitator_releases_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (prog, _) = key(d, "programme", 1);
    let (ka, _) = key(d, "rater-a", 2);
    let record = d.join("a1.jsonl");
    exam(
        d,
        &prog,
        &record,
        "air_embolism",
        "air_embolism_expert",
        1,
        "cand-1",
    );
    let rec_s = record.display().to_string();
    let prog_s = prog.display().to_string();
    let pass = d.join("passphrase.txt").display().to_string();
    let f = form(
        d,
        "a",
        [3.5; 4],
        "Excellent",
        r#"feedback: "Textbook de-airing""#,
    );
    assert!(rate(d, &record, "Dr A", &f, &ka).status.success());
    let report = |name: &str| {
        ok(d, &["report", &rec_s, "--out", name, "--key", &prog_s]);
        std::fs::read_to_string(d.join(name)).expect("report")
    };
    let before = report("before.html");
    assert!(!before.contains("Textbook de-airing"));
    assert!(before.contains("has not been released by the facilitator"));
    // The trend plots are there either way, with the fault onset marked.
    assert!(before.matches("<svg").count() >= 4, "no trend plots");
    assert!(before.contains("Fault: "), "fault onset not marked");

    // A rater cannot release an exam's feedback with their own key.
    ok(
        d,
        &[
            "release",
            &rec_s,
            "--by",
            "Dr A",
            "--key",
            &ka.display().to_string(),
            "--passphrase-file",
            &pass,
        ],
    );
    assert!(!report("by-rater.html").contains("Textbook de-airing"));
    // The facilitator can, with the programme key.
    ok(
        d,
        &[
            "release",
            &rec_s,
            "--by",
            "Dr Facilitator",
            "--key",
            &prog_s,
            "--passphrase-file",
            &pass,
        ],
    );
    let after = report("after.html");
    assert!(
        after.contains("Textbook de-airing"),
        "feedback not shown after release"
    );
    assert!(after.contains("released by Dr Facilitator"));
    let md = report("after.md");
    assert!(md.contains("Textbook de-airing") && md.contains("data:image/svg+xml;base64,"));
    let _ = support::repo("");
}

#[test]
fn a_bad_form_names_its_line_and_what_was_expected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (prog, _) = key(d, "programme", 1);
    let (ka, _) = key(d, "rater-a", 2);
    let record = d.join("a1.jsonl");
    exam(
        d,
        &prog,
        &record,
        "air_embolism",
        "air_embolism_expert",
        1,
        "cand-1",
    );
    let f = d.join("bad.ron");
    std::fs::write(
        &f,
        "(\n situation_awareness: 3.0,\n decision_making: 4.5,\n task_management: 3.0,\n teamwork_communication: 3.0,\n global: Good,\n)",
    )
    .expect("form");
    let t = text(&rate(d, &record, "Dr A", &f, &ka));
    assert!(
        t.contains("bad.ron:3:") && t.contains("0.5 to 4.0 in steps of 0.5"),
        "{t}"
    );
    assert!(
        !d.join("a1.jsonl.ratings").exists(),
        "nothing stored from a bad form"
    );
    // The blank form carries the behavioural anchors.
    let blank = ok(d, &["rate", "--template", "x"]);
    assert!(blank.contains("Good: tells the team early"), "{blank}");
}

#[test]
fn only_keys_on_the_programmes_raters_list_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (prog, _) = key(d, "programme", 1);
    let (ka, _) = key(d, "rater-a", 2);
    let (kb, _) = key(d, "rater-b", 3);
    // A key the candidate made for themself.
    let (kc, _) = key(d, "candidate", 7);
    let record = d.join("a1.jsonl");
    exam(
        d,
        &prog,
        &record,
        "air_embolism",
        "air_embolism_expert",
        1,
        "cand-1",
    );
    let rec_s = record.display().to_string();
    assert!(
        rate(d, &record, "Dr A", &form(d, "a", [3.0; 4], "Good", ""), &ka)
            .status
            .success()
    );
    assert!(
        rate(d, &record, "Dr B", &form(d, "b", [3.0; 4], "Good", ""), &kb)
            .status
            .success()
    );
    let fake = form(d, "c", [4.0; 4], "Excellent", "");
    assert!(rate(d, &record, "Dr C", &fake, &kc).status.success());
    let without = ok(d, &["ratings", &rec_s]);
    assert!(without.contains("rater keys not checked"), "{without}");
    // The programme's list: Dr A's and Dr B's exported public keys, concatenated.
    let mut list = String::from("# the programme's raters\n");
    for (k, name) in [(&ka, "a.pub"), (&kb, "b.pub")] {
        ok(
            d,
            &[
                "key",
                "export-public",
                "--key",
                &k.display().to_string(),
                "--out",
                name,
            ],
        );
        list.push_str(&std::fs::read_to_string(d.join(name)).expect("public key"));
    }
    std::fs::write(d.join("raters.txt"), list).expect("list");
    let with = ok(d, &["ratings", &rec_s, "--raters", "raters.txt"]);
    let c = with
        .lines()
        .find(|l| l.contains("\"Dr C\""))
        .unwrap_or_default();
    assert!(c.contains("not on the programme's raters list"), "{with}");
    let global = with
        .lines()
        .find(|l| l.starts_with("Global"))
        .unwrap_or_default();
    assert!(
        global.contains("4.0") && !global.contains("5.0"),
        "{global}"
    );
    let bad = d.join("bad-list.txt");
    std::fs::write(&bad, "# list\nnot a key\n").expect("list");
    let out = perfsim(
        d,
        &["ratings", &rec_s, "--raters", &bad.display().to_string()],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("bad-list.txt:2:1"), "{}", text(&out));
}
