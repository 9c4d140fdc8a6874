//! Helpers shared by the record tests: a fixed key, the baseline scenario, a stand-in
//! scorer, and recorded attempts written with the core's script loop.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use perfsim_core::action::LoggedAction;
use perfsim_core::record::{
    AttemptInfo, KeySource, Mode, ProgrammeKey, RecordedAttempt, SealedKey,
};
use perfsim_core::scenario::Scenario;
use perfsim_core::session::Session;
use perfsim_core::time::{TICKS_PER_SEC, Tick, tick_from_secs};
use serde_json::{Value, json};

pub const BIN: &str = env!("CARGO_BIN_EXE_perfsim");

/// The baseline scenario without its rubric, written once per test process: these tests
/// are about records, scored by a stand-in ([`fake_score`]) or not at all, and were
/// written for a baseline that had no rubric (issue 10 gave it one).
pub fn baseline_path() -> PathBuf {
    static PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.ron");
        let text = std::fs::read_to_string(&shipped).expect("baseline scenario");
        let cut = text
            .find("    // A routine case has a rubric too")
            .or_else(|| text.find("    rubric: ("))
            .expect("the baseline's rubric");
        let path = std::env::temp_dir().join(format!(
            "perfsim-records-baseline-{}.ron",
            std::process::id()
        ));
        std::fs::write(&path, format!("{})\n", &text[..cut])).expect("write the baseline");
        path
    })
    .clone()
}

pub fn baseline() -> (Arc<Scenario>, String) {
    let path = baseline_path();
    let text = std::fs::read_to_string(&path).expect("baseline scenario");
    let scenario = Scenario::parse(&path.display().to_string(), &text).expect("parses");
    (Arc::new(scenario), text)
}

/// The passphrase sealing the test keys.
pub const PASSPHRASE: &str = "facilitator passphrase";

/// A fixed programme key, sealed under [`PASSPHRASE`] in `dir/test-N.key` (as
/// `perfsim key init` leaves it), and the passphrase in `dir/passphrase.txt`.
pub fn test_key(dir: &Path, fill: u8) -> (PathBuf, ProgrammeKey) {
    let key = ProgrammeKey::from_bytes(vec![fill; 32]).expect("key");
    let path = dir.join(format!("test-{fill}.key"));
    let sealed = SealedKey::seal(&key, PASSPHRASE, [fill; 40]).expect("seal");
    KeySource { path: path.clone() }
        .write_text(&sealed.file_text(), true)
        .expect("write key");
    std::fs::write(dir.join("passphrase.txt"), format!("{PASSPHRASE}\n")).expect("passphrase");
    (path, key)
}

/// Runs `perfsim` with a key file in the environment and a throwaway home, so nothing
/// ever touches the real user folder.
pub fn perfsim(dir: &Path, key: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("PERFSIM_KEY_FILE", key)
        .env("PERFSIM_PRACTICE_KEY_FILE", dir.join("practice.key"))
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
        pin: None,
    }
}

/// Re-signs every line of a record's text with `key`, after `edit` has changed the
/// entry bodies (the header's key fields are set to `key`'s): what someone holding
/// `key` could forge.
pub fn resign(text: &str, key: &ProgrammeKey, edit: impl Fn(usize, &str) -> String) -> String {
    use perfsim_core::record::line;
    let mut chain = line::Chain::START;
    let mut out = String::new();
    for (i, l) in text.lines().enumerate() {
        let (body, _) = line::decode(l).expect("a record line");
        let mut body = edit(i, body);
        if i == 0 {
            let mut h: Value = serde_json::from_str(&body).expect("header");
            h["public_key"] = Value::from(key.public().hex());
            h["key_id"] = Value::from(key.id());
            body = serde_json::to_string(&h).expect("header");
        }
        let sig = chain.sign_next(key, &body);
        out.push_str(&line::encode(&body, &sig));
    }
    out
}

/// Writes a finished exam record of a scored scenario (oxygenator failure): the trainee
/// acts at 20 s and 40 s, a heartbeat every 10 s, ending at `end_s`; the footer holds the
/// real report.
pub fn write_scored_exam(path: &Path, key: &ProgrammeKey, candidate: &str, end_s: f64) -> Session {
    let path_s = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/oxygenator_failure.ron");
    let text = std::fs::read_to_string(&path_s).expect("scenario");
    let scenario = Arc::new(Scenario::parse(&path_s.display().to_string(), &text).expect("parses"));
    let mut a = RecordedAttempt::start(
        path,
        scenario,
        &text,
        3,
        info(candidate, "2026-05-01T09:00:00Z", Mode::Exam),
        key.clone(),
    )
    .expect("start");
    let actions = script(
        "[(t_s: 20, action: SetFio2(fio2: 1.0)), (t_s: 40, action: SetSweep(sweep_l_per_min: 4.0))]",
    );
    run_attempt(&mut a, &actions, tick_from_secs(end_s));
    let report = perfsim_core::record::score::report_json(a.session());
    a.finish(report).expect("finish")
}
