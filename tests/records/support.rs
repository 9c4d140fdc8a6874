//! Helpers shared by the record tests: a fixed key, the baseline scenario, a stand-in
//! scorer, and recorded attempts written with the core's script loop.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use perfsim_core::action::LoggedAction;
use perfsim_core::record::{AttemptInfo, KeySource, Mode, ProgrammeKey, RecordedAttempt};
use perfsim_core::scenario::Scenario;
use perfsim_core::session::Session;
use perfsim_core::time::{TICKS_PER_SEC, Tick, tick_from_secs};
use serde_json::{Value, json};

pub const BIN: &str = env!("CARGO_BIN_EXE_perfsim");

pub fn baseline_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.ron")
}

pub fn baseline() -> (Arc<Scenario>, String) {
    let path = baseline_path();
    let text = std::fs::read_to_string(&path).expect("baseline scenario");
    let scenario = Scenario::parse(&path.display().to_string(), &text).expect("parses");
    (Arc::new(scenario), text)
}

/// A fixed test key written to `dir/test.key`.
pub fn test_key(dir: &Path, fill: u8) -> (PathBuf, ProgrammeKey) {
    let key = ProgrammeKey::from_bytes(vec![fill; 32]).expect("key");
    let path = dir.join(format!("test-{fill}.key"));
    KeySource { path: path.clone() }
        .write(&key, true)
        .expect("write key");
    (path, key)
}

/// Runs `perfsim` with a key file in the environment and a throwaway home, so nothing
/// ever touches the real user folder.
pub fn perfsim(dir: &Path, key: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("PERFSIM_KEY_FILE", key)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("xdg"))
        .output()
        .expect("run perfsim")
}

pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Actions as an action file would give them.
pub fn script(ron: &str) -> Vec<LoggedAction> {
    perfsim_core::script::parse("test actions", ron).expect("valid actions")
}

pub const ACTIONS: &str = r#"[
    (t_s: 5, action: SetSweep(sweep_l_per_min: 2.2)),
    (t_s: 20, actor: Instructor, action: InjectFault(fault: (kind: Vasoplegia, onset: AtSecs(0), ramp_s: 20, severity: 0.9))),
    (t_s: 90, action: DrugBolus(drug: Phenylephrine, dose: 100)),
    (t_s: 150, actor: Instructor, action: ClearFault(kind: Vasoplegia)),
]"#;

/// A stand-in for the scoring engine: a deterministic function of the run with the
/// field names the real report uses.
pub fn fake_score(s: &Session) -> Option<Value> {
    let trace = s.trace();
    let mean_map = trace.iter().map(|x| x.map_mmhg).sum::<f64>() / trace.len() as f64;
    Some(json!({
        "score_pct": (mean_map * 10.0).round() / 10.0,
        "passed": mean_map > 60.0,
        "critical_actions": [{"name": "Vasopressor", "status": "done"}],
        "never_events": [],
        "mean_map_exact": mean_map,
    }))
}

/// Writes a finished record: `actions` applied at their ticks, a heartbeat every
/// simulated 10 s, a note and a pause at 30 s, ending at `end_s`.
pub fn write_record(
    path: &Path,
    key: &ProgrammeKey,
    info: AttemptInfo,
    actions: &[LoggedAction],
    end_s: f64,
    report: Option<Value>,
) -> Session {
    let (scenario, text) = baseline();
    let mut a = RecordedAttempt::start(path, scenario, &text, 7, info, key.clone()).expect("start");
    run_attempt(&mut a, actions, tick_from_secs(end_s));
    a.finish(report).expect("finish")
}

/// Runs `a` to `end` with the core's script loop: a note, a pause and a resume at 30 s,
/// a heartbeat every simulated 10 s. Actions before the attempt's current tick (a
/// continued attempt) were applied already.
pub fn run_attempt(a: &mut RecordedAttempt, actions: &[LoggedAction], end: Tick) {
    let from = a.session().tick();
    let rest = actions.partition_point(|x| x.tick < from);
    let ran = perfsim_core::script::run(a, &actions[rest..], end, |a| {
        if a.session().tick() == 300 {
            a.note("Candidate calls for help")?;
            a.pause()?;
            a.resume()?;
        }
        if a.session().tick().is_multiple_of(10 * TICKS_PER_SEC) {
            a.heartbeat()?;
        }
        Ok::<(), perfsim_core::attempt::AttemptError>(())
    });
    if let Err(e) = ran {
        panic!("{e:?}");
    }
}

pub fn info(candidate: &str, date: &str, mode: Mode) -> AttemptInfo {
    AttemptInfo {
        candidate_id: candidate.into(),
        facilitator: "Dr Facilitator".into(),
        mode,
        started_at_utc: date.into(),
    }
}
