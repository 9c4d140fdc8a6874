//! The case log and the signed simulation certificate.

use crate::support::{exam, key, ok, perfsim, text};

#[test]
fn case_log_and_certificate_state_the_case_credit_and_check_their_signature() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (prog, _) = key(d, "programme", 1);
    let (other, _) = key(d, "other", 9);
    let records = d.join("records");
    std::fs::create_dir_all(&records).expect("folder");
    // A 50-minute case (circuit clot) and a 30-minute one (air embolism).
    let clot = records.join("clot.jsonl");
    let air = records.join("air.jsonl");
    exam(
        d,
        &prog,
        &clot,
        "circuit_clot",
        "circuit_clot_expert",
        1,
        "cand-7",
    );
    exam(
        d,
        &prog,
        &air,
        "air_embolism",
        "air_embolism_expert",
        1,
        "cand-7",
    );
    exam(
        d,
        &prog,
        &records.join("x.jsonl"),
        "air_embolism",
        "air_embolism_slow",
        1,
        "cand-8",
    );
    let prog_s = prog.display().to_string();
    let pass = d.join("passphrase.txt").display().to_string();

    let log = ok(
        d,
        &[
            "caselog",
            &records.display().to_string(),
            "--candidate",
            "cand-7",
            "--csv",
            "--key",
            &prog_s,
        ],
    );
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 3, "{log}");
    assert!(lines[0].starts_with(
        "date,scenario,version,role,duration_min,facilitator,mode,score_pct,passed,case_credit"
    ));
    let clot_row = lines
        .iter()
        .find(|l| l.contains("clot.jsonl"))
        .expect("clot row");
    assert!(
        clot_row.contains(",50.0,Dr Facilitator,exam,")
            && clot_row.contains(",true,true,clot.jsonl"),
        "{clot_row}"
    );
    let air_row = lines
        .iter()
        .find(|l| l.contains("air.jsonl"))
        .expect("air row");
    assert!(
        air_row.contains(",30.0,") && air_row.ends_with(",false,air.jsonl"),
        "{air_row}"
    );
    assert!(!log.contains("cand-8") && !log.contains("x.jsonl"));

    let cert = |rec: &std::path::Path, out: &str| {
        ok(
            d,
            &[
                "certificate",
                &rec.display().to_string(),
                "--out",
                out,
                "--key",
                &prog_s,
                "--passphrase-file",
                &pass,
            ],
        );
        std::fs::read_to_string(d.join(out)).expect("certificate")
    };
    let c = cert(&clot, "clot.html");
    assert!(
        c.contains("Qualifies for a high-fidelity simulation case credit"),
        "{c}"
    );
    for part in [
        "Briefing",
        "Debrief",
        "Facilitator",
        "Technology",
        "Scenario summary",
        "Simulated time",
    ] {
        assert!(c.contains(part), "certificate lacks {part}");
    }
    let a = cert(&air, "air.html");
    assert!(a.contains("Does NOT qualify for a case credit: 30 simulated minutes"));

    assert!(
        ok(
            d,
            &["certificate", "--verify", "clot.html", "--key", &prog_s]
        )
        .contains("intact")
    );
    // Another programme's key does not vouch for it.
    let t = text(&perfsim(
        d,
        &[
            "certificate",
            "--verify",
            "clot.html",
            "--key",
            &other.display().to_string(),
        ],
    ));
    assert!(t.contains("not the programme key"), "{t}");
    // The visible page edited (30 minutes made 60) is found.
    std::fs::write(
        d.join("edited.html"),
        a.replacen("<td>30.0 min</td>", "<td>60.0 min</td>", 1),
    )
    .expect("edit");
    let out = perfsim(
        d,
        &["certificate", "--verify", "edited.html", "--key", &prog_s],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("visible page was edited"),
        "{}",
        text(&out)
    );
    // The signed data edited is found too.
    std::fs::write(
        d.join("forged.html"),
        a.replace("\"simulated_min\":30.0", "\"simulated_min\":60.0"),
    )
    .expect("edit");
    let t = text(&perfsim(
        d,
        &["certificate", "--verify", "forged.html", "--key", &prog_s],
    ));
    assert!(t.contains("signature does not match"), "{t}");
}

#[test]
fn a_practice_record_signed_with_a_per_user_key_earns_no_case_credit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (prog, _) = key(d, "programme", 1);
    let records = d.join("records");
    std::fs::create_dir_all(&records).expect("folder");
    let scenario = crate::support::repo("scenarios/circuit_clot.ron");
    let actions = crate::support::repo("tests/actions/circuit_clot_expert.ron");
    // A 50-minute practice run signed with the per-user practice key.
    ok(
        d,
        &[
            "run",
            &scenario.display().to_string(),
            "--actions",
            &actions.display().to_string(),
            "--record",
            &records.join("p.jsonl").display().to_string(),
            "--candidate",
            "cand-9",
        ],
    );
    let prog_s = prog.display().to_string();
    let log = ok(
        d,
        &[
            "caselog",
            &records.display().to_string(),
            "--candidate",
            "cand-9",
            "--key",
            &prog_s,
        ],
    );
    let row = log.lines().nth(1).unwrap_or_default();
    assert!(
        row.contains(",50.0,") && row.ends_with(",false,p.jsonl"),
        "{log}"
    );
}
