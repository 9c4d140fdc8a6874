//! Bad input never panics and is reported with file, line, column and what was expected.

mod common;

use std::process::Command;

use perfsim_core::scenario::Scenario;

/// Replaces `from` with `to` in the baseline scenario and parses the result.
fn baseline_with(from: &str, to: &str) -> Result<Scenario, String> {
    let text = std::fs::read_to_string(common::repo_path("scenarios/baseline.ron")).unwrap();
    assert!(text.contains(from), "test setup: {from:?} not in baseline");
    Scenario::parse("edited.ron", &text.replacen(from, to, 1)).map_err(|e| e.to_string())
}

#[track_caller]
fn check_scenario_error(from: &str, to: &str, expect_line: usize, expect_in_message: &str) {
    let err = baseline_with(from, to).expect_err("the edit must be rejected");
    let prefix = format!("edited.ron:{expect_line}:");
    assert!(
        err.starts_with(&prefix),
        "{err:?} should start with {prefix:?}"
    );
    assert!(
        err.contains(expect_in_message),
        "{err:?} should mention {expect_in_message:?}"
    );
}

#[test]
fn scenario_errors_name_line_column_and_expectation() {
    // Out of range: the parser reports the number's own line.
    check_scenario_error(
        "weight_kg: 80,",
        "weight_kg: 800,",
        13,
        "expected a number from 35 to 200",
    );
    check_scenario_error(
        "fio2: 0.45,",
        "fio2: 1.6,",
        24,
        "expected a number from 0.21 to 1",
    );
    // A misspelt field.
    check_scenario_error("prime_ml: 1500,", "prime_mls: 1500,", 18, "prime_mls");
    // A value of the wrong type.
    check_scenario_error("pump: Roller,", "pump: Rollerr,", 17, "Rollerr");
    // Broken syntax.
    check_scenario_error("sex: Male,", "sex: Male,,", 10, "");
    // A cross-field rule.
    let err = baseline_with(
        "prime_ml: 1500,",
        "prime_ml: 1500, reservoir_min_ml: 900,\n        alarms_dummy: 0,",
    )
    .expect_err("unknown field");
    assert!(err.contains("alarms_dummy"), "{err}");
}

#[test]
fn action_file_errors_name_line_and_entry() {
    let text = "[\n  (t_s: 10, action: SetFio2(fio2: 1.0)),\n  (t_s: 20, action: SetFio2(fio2: 3.0)),\n]\n";
    let err = perfsim_core::script::parse("acts.ron", text)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("acts.ron:3:"), "{err}");
    assert!(
        err.contains("action 2") && err.contains("FiO2 must be between 0.21 and 1"),
        "{err}"
    );

    let text = "[\n  (t_s: 10, action: SetFoi2(fio2: 1.0)),\n]\n";
    let err = perfsim_core::script::parse("acts.ron", text)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("acts.ron:2:"), "{err}");
    assert!(err.contains("SetFoi2"), "{err}");

    let text = "[\n  (t_s: -5, action: PumpStop),\n]\n";
    let err = perfsim_core::script::parse("acts.ron", text)
        .unwrap_err()
        .to_string();
    assert!(err.contains("t_s must be from 0 to 86400 seconds"), "{err}");
}

#[test]
fn validate_exits_non_zero_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    let text = std::fs::read_to_string(common::repo_path("scenarios/baseline.ron")).unwrap();
    std::fs::write(
        &bad,
        text.replace("height_cm: 175,", "height_cm: \"tall\","),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_perfsim"))
        .args(["validate", "scenarios/baseline.ron"])
        .arg(&bad)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("scenarios/baseline.ron: ok (scenario)"),
        "{stdout}"
    );
    assert!(stderr.contains("bad.ron:12:"), "{stderr}");
    assert!(stderr.contains("1 of 2 files have errors"), "{stderr}");

    let missing = Command::new(env!("CARGO_BIN_EXE_perfsim"))
        .args(["validate", "no/such/file.ron"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/file.ron: cannot read"));
}

#[test]
fn run_writes_a_trace_with_the_promised_columns() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("t.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_perfsim"))
        .args([
            "run",
            "scenarios/baseline.ron",
            "--duration-s",
            "120",
            "--every-s",
            "10",
            "--trace",
        ])
        .arg(&csv)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    for col in [
        "t_s",
        "pump_flow_l_min",
        "map_mmhg",
        "cvp_mmhg",
        "svr_dyn_s_cm5",
        "hct_pct",
        "hb_g_dl",
        "pao2_mmhg",
        "paco2_mmhg",
        "sao2_pct",
        "svo2_pct",
        "ph",
        "hco3_mmol_l",
        "be_mmol_l",
        "lactate_mmol_l",
        "do2i_ml_min_m2",
        "vo2i_ml_min_m2",
        "act_s",
        "heparin_u_ml",
        "temp_arterial_c",
        "temp_venous_c",
        "temp_core_c",
        "reservoir_ml",
        "art_line_mmhg",
        "pre_oxy_mmhg",
        "post_oxy_mmhg",
        "oxy_dp_mmhg",
        "sweep_l_min",
        "fio2_pct",
        "rso2_left_pct",
        "rso2_right_pct",
        "k_mmol_l",
        "native_co_l_min",
        "air_delivered_ml",
    ] {
        assert!(header.contains(&col), "missing column {col}");
    }
    // Header plus rows at 0, 10, ..., 120 s.
    assert_eq!(text.lines().count(), 1 + 13);
}

#[test]
fn the_format_doc_names_every_signal_and_fault() {
    let doc = std::fs::read_to_string(common::repo_path("docs/scenario-format.md")).unwrap();
    for signal in perfsim_core::model::Signal::ALL {
        assert!(
            doc.contains(&format!("`{signal:?}`")),
            "docs miss signal {signal:?}"
        );
        assert!(
            doc.contains(&format!("`{}`", signal.column())),
            "docs miss column {}",
            signal.column()
        );
    }
    for kind in perfsim_core::model::faults::FaultKind::ALL {
        assert!(
            doc.contains(&format!("`{kind:?}`")),
            "docs miss fault {kind:?}"
        );
    }
}

/// A console without a centrifugal pump's speed control: what a second circuit kind's
/// table looks like to the action-file check.
static WITHOUT_RPM: perfsim_core::model::circuit::Applicability =
    perfsim_core::model::circuit::Applicability {
        circuit: perfsim_core::model::config::CircuitKind::Cpb,
        actions: &[
            perfsim_core::action::ActionKind::SetPumpFlow,
            perfsim_core::action::ActionKind::PumpStop,
        ],
        faults: &[],
        alarms: &[],
        signals: &[],
    };

#[test]
fn an_action_its_circuit_lacks_is_refused_at_its_line() {
    let text =
        "[\n  (t_s: 10, action: PumpStop),\n  (t_s: 20, action: SetPumpRpm(rpm: 2000)),\n]\n";
    let err = perfsim_core::script::parse_with("acts.ron", text, Some(&WITHOUT_RPM))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("acts.ron:3:"), "{err}");
    assert!(
        err.contains("action 2: action SetPumpRpm is not available on cardiopulmonary bypass")
            && err.contains("expected an action"),
        "{err}"
    );
    // The same file is fine where the console has the control, and when only values
    // are checked.
    let cpb = perfsim_core::model::circuit::Applicability::of(Default::default());
    assert!(perfsim_core::script::parse_with("acts.ron", text, Some(cpb)).is_ok());
    assert!(perfsim_core::script::parse("acts.ron", text).is_ok());
}

/// The 1-based line of byte offset `o` in `text`.
fn line_of(text: &str, o: usize) -> usize {
    text[..o].matches('\n').count() + 1
}

/// The oxygenator scenario with `from` replaced by `to` (the `nth` occurrence, from 0),
/// and the edited text.
fn oxygenator_with(from: &str, to: &str, nth: usize) -> (String, Result<Scenario, String>) {
    let text =
        std::fs::read_to_string(common::repo_path("scenarios/oxygenator_failure.ron")).unwrap();
    let o = text
        .match_indices(from)
        .nth(nth)
        .unwrap_or_else(|| panic!("test setup: {from:?} #{nth} not in the scenario"))
        .0;
    let edited = format!("{}{to}{}", &text[..o], &text[o + from.len()..]);
    let parsed = Scenario::parse("rubric.ron", &edited).map_err(|e| e.to_string());
    (edited, parsed)
}

/// Issue 10: rubrics that would mislead are refused at load, each at its own line.
#[test]
fn misleading_rubrics_are_rejected_at_their_entry() {
    // (from, to, occurrence, text that starts the line named, words in the message)
    let cases: [(&str, &str, usize, &str, &str); 5] = [
        (
            "weights: (actions: 60, sequence: 15, ranges: 25)",
            "weights: (actions: 0, sequence: 0, ranges: 0)",
            0,
            "weights:",
            "sum to 0",
        ),
        (
            "points: 15,",
            "points: 1e308,",
            0,
            "(",
            "points must be from 0 to 1000, not 1e308",
        ),
        (
            "points: 10,",
            "points: NaN,",
            0,
            "(",
            "points must be from 0 to 1000, not NaN",
        ),
        (
            "from: Event(FaultOnset(MembraneFailure)),\n                only_while",
            "from: Event(FaultOnset(AirEntry)),\n                only_while",
            0,
            "(",
            "AirEntry fault, which this scenario never schedules",
        ),
        (
            "name: \"Blood gas\"",
            "name: \"Tell the surgeon\"",
            0,
            "(",
            "the name \"Tell the surgeon\" is used twice",
        ),
    ];
    for (from, to, nth, line_starts, words) in cases {
        let (text, parsed) = oxygenator_with(from, to, nth);
        let err = parsed.expect_err(to);
        assert!(err.contains(words), "{to}: {err}");
        let (line, col) = {
            let mut parts = err.split(':').skip(1);
            let line: usize = parts.next().unwrap().parse().unwrap();
            let col: usize = parts.next().unwrap().parse().unwrap();
            (line, col)
        };
        let named = text.lines().nth(line - 1).unwrap();
        let at: String = named.chars().skip(col - 1).collect();
        assert!(
            at.starts_with(line_starts),
            "{to}: {err}\nline {line}: {named}"
        );
        // The entry named is the edited one (or, for a duplicate, the second use).
        let edited = text.find(to).unwrap();
        let expected_line = if words.contains("twice") {
            let second = text
                .match_indices("name: \"Tell the surgeon\"")
                .nth(1)
                .unwrap()
                .0;
            line_of(&text, second) - 1
        } else if line_starts == "(" {
            // The entry opens on the line above its first field, or above that.
            (1..=line_of(&text, edited))
                .rev()
                .find(|l| text.lines().nth(l - 1).unwrap().trim() == "(")
                .unwrap()
        } else {
            line_of(&text, edited)
        };
        assert_eq!(line, expected_line, "{to}: {err}");
    }
}

/// A position points at the offending entry: never at a word in a comment or at an
/// earlier entry with the same word.
#[test]
fn positions_skip_comments_and_earlier_entries() {
    let text = "// (t_s: 1, action: SetFio2(fio2: 3.0))\n[\n  /* (t_s: 2) */ (t_s: 10, action: PumpStop),\n  // (t_s: 15, action: PumpStop),\n  (t_s: 20, action: SetFio2(fio2: 3.0)),\n]\n";
    let err = perfsim_core::script::parse("acts.ron", text)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("acts.ron:5:3: action 2:"), "{err}");

    // The second of two faults of the same kind, and the second hint.
    let (text, parsed) = oxygenator_with(
        "faults: [\n        (kind: MembraneFailure, onset: AtSecs(300), ramp_s: 600, severity: 0.85),",
        "faults: [\n        (kind: MembraneFailure, onset: AtSecs(300), ramp_s: 600, severity: 0.85),\n        // kind: MembraneFailure in a comment\n        (kind: MembraneFailure, onset: AtSecs(900), ramp_s: 60, severity: 7),",
        0,
    );
    let err = parsed.unwrap_err();
    let second = text
        .match_indices("(kind: MembraneFailure")
        .nth(1)
        .unwrap()
        .0;
    assert!(
        err.starts_with(&format!("rubric.ron:{}:9:", line_of(&text, second))),
        "{err}"
    );
    let (text, parsed) = oxygenator_with("(at_s: 1200,", "(at_s: -3,", 0);
    let err = parsed.unwrap_err();
    assert!(
        err.starts_with(&format!(
            "rubric.ron:{}:",
            line_of(&text, text.find("(at_s: -3").unwrap())
        )) && err.contains("hint 2"),
        "{err}"
    );
}

/// Unknown fields are refused everywhere, including inside an action; a trainee's line
/// that only the instructor may do is refused by `validate`, at its entry.
#[test]
fn every_field_is_checked() {
    let err = perfsim_core::script::parse(
        "a.ron",
        "[(t_s: 1, action: SetFio2(fio2: 1.0, fast: true))]",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("fast"), "{err}");
    let text =
        "[\n  (t_s: 1, action: PumpStop),\n  (t_s: 2, action: SetSvrFactor(factor: 0.5)),\n]";
    let err = perfsim_core::script::parse("a.ron", text)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("a.ron:3:3: action 2:") && err.contains("actor: Instructor"),
        "{err}"
    );
    let ok = text.replace("(t_s: 2,", "(t_s: 2, actor: Instructor,");
    assert!(perfsim_core::script::parse("a.ron", &ok).is_ok());
    // A range error names its limits short, not in 300 digits.
    let err = perfsim_core::script::parse(
        "a.ron",
        "[(t_s: 1, action: DrugBolus(drug: Heparin, dose: 5e-324))]",
    )
    .unwrap_err()
    .to_string();
    assert!(err.len() < 120 && err.contains("2.22507e-308"), "{err}");
}

fn perfsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_perfsim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

/// A byte-order mark is accepted; an action file is recognised by its content even
/// when it opens with a block comment.
#[test]
fn bom_and_leading_comments_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(common::repo_path("scenarios/baseline.ron")).unwrap();
    let scenario = dir.path().join("bom.ron");
    std::fs::write(&scenario, format!("\u{feff}{base}")).unwrap();
    let actions = dir.path().join("acts.ron");
    std::fs::write(
        &actions,
        "\u{feff}/* An action file.\n   (name: \"not a scenario\") */\n[(t_s: 1, action: PumpStop)]",
    )
    .unwrap();
    let out = perfsim(&[
        "validate",
        scenario.to_str().unwrap(),
        actions.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("bom.ron: ok (scenario)"), "{stdout}");
    assert!(stdout.contains("acts.ron: ok (action file)"), "{stdout}");
}

/// The reader of `perfsim validate ... | head -1` going away ends the command quietly.
#[test]
fn a_closed_pipe_ends_quietly() {
    let mut files: Vec<String> = vec!["validate".into()];
    for _ in 0..50 {
        files.push("scenarios/baseline.ron".into());
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_perfsim"))
        .args(&files)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

/// Inputs and durations are bounded, with a sentence; a missing folder is an error;
/// an error's cause is said once.
#[test]
fn inputs_are_bounded_with_a_clear_message() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["run", "scenarios/baseline.ron", "--duration-s", "1e12"],
            "--duration-s must be from 0 to 86400 seconds (a day), not 1e12",
        ),
        (
            &["run", "scenarios/baseline.ron", "--pace", "1e-300"],
            "--pace must be from 0.1 to 1000",
        ),
        (&["validate", "/dev/zero"], "/dev/zero: larger than 4 MiB"),
        (&["summary", "/nonexistent"], "/nonexistent: no such folder"),
    ];
    for (args, words) in cases {
        let out = perfsim(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr.contains(words), "{args:?}: {stderr}");
    }
    for args in [
        &["validate", "scenarios"][..],
        &["verify", "scenarios"],
        &["replay", "scenarios"],
    ] {
        let out = perfsim(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert_eq!(stderr.matches("os error").count(), 1, "{args:?}: {stderr}");
    }
}

/// `perfsim validate` rejects a rubric file for each check, each at its position.
#[test]
fn validate_rejects_each_misleading_rubric_file_at_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "weights_zero.ron",
            "weights: (actions: 60, sequence: 15, ranges: 25)",
            "weights: (actions: 0, sequence: 0, ranges: 0)",
            "sum to 0",
        ),
        (
            "points_absurd.ron",
            "points: 15,",
            "points: 1e308,",
            "points must be from 0 to 1000",
        ),
        (
            "never_applies.ron",
            "from: Event(FaultOnset(MembraneFailure)),\n                only_while",
            "from: Event(FaultOnset(AirEntry)),\n                only_while",
            "never schedules",
        ),
        (
            "duplicate_name.ron",
            "name: \"Blood gas\"",
            "name: \"Tell the surgeon\"",
            "used twice",
        ),
    ];
    for (file, from, to, words) in cases {
        let (text, parsed) = oxygenator_with(from, to, 0);
        let expected = parsed.expect_err(file);
        // `rubric.ron:L:C: ...` from the parser; the CLI names the real file.
        let position: String = expected
            .split(':')
            .skip(1)
            .take(2)
            .collect::<Vec<_>>()
            .join(":");
        let path = dir.path().join(file);
        std::fs::write(&path, &text).unwrap();
        let out = perfsim(&["validate", path.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{file}");
        assert!(
            stderr.contains(&format!("{file}:{position}: ")) && stderr.contains(words),
            "{file}: {stderr}"
        );
    }
}
