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
        "fio2: 0.6,",
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
    assert!(err.contains("t_s must be 0 or more"), "{err}");
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
