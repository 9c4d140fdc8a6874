//! One row per attempt record in a folder, for a programme director's spreadsheet.
//!
//! An [`AttemptSummary`] keeps typed fields (score as a number, pass as a bool,
//! integrity as an enum); [`AttemptSummary::row`] renders them to text, only when
//! written ([`write_csv`]) or shown.
//!
//! Scores never come from the record's footer: they are computed by replaying a
//! record that checks (programme-signed, or practice) and is complete. Any other record
//! shows no score.

use std::path::Path;

use serde_json::Value;

use super::entry::{Entry, Mode};
use super::folder::record_files;
use super::key::PublicKey;
use super::reader::{Completion, RecordReader, Recovered};
use crate::action::Actor;
use crate::review::Integrity;

/// Column names of the summary CSV, in order: one typed column each, so a gradebook
/// imports the file as it is.
pub const COLUMNS: [&str; 22] = [
    "file",
    "candidate",
    "scenario",
    "version",
    "seed",
    "facilitator",
    "date",
    "mode",
    "score_pct",
    "passed",
    "fail_reasons",
    "critical_missed",
    "critical_late",
    "critical_wrong",
    "never_events",
    "interruptions",
    "restarts",
    "instructor_interventions",
    "status",
    "integrity",
    "scenario_sha256",
    "duration_s",
];

/// `status` of a file that is not a readable record.
pub const UNREADABLE: &str = "unreadable";

/// Whether a file is a record, and how far it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordStatus {
    /// Complete or interrupted, with its key check.
    Read {
        /// Complete (has a footer) or interrupted.
        completion: Completion,
        /// The key check.
        integrity: Integrity,
    },
    /// Not readable as a record: why.
    Unreadable(String),
}

/// One attempt, typed. Score fields are `None` when the record has no report.
#[derive(Clone, Debug, PartialEq)]
pub struct AttemptSummary {
    /// File name within the folder.
    pub file: String,
    /// Candidate ID.
    pub candidate: String,
    /// Scenario name and version, for people.
    pub scenario: String,
    /// Scenario name.
    pub scenario_name: String,
    /// Scenario version label.
    pub version: String,
    /// SHA-256 of the scenario file.
    pub scenario_sha256: String,
    /// The run's seed (`None` for an unreadable file).
    pub seed: Option<u64>,
    /// The facilitator's name.
    pub facilitator: String,
    /// Start, UTC RFC 3339.
    pub date: String,
    /// Practice or exam (`None` for an unreadable file).
    pub mode: Option<Mode>,
    /// The report's `score_pct`, 0-100.
    pub score_pct: Option<f64>,
    /// The report's `passed`.
    pub passed: Option<bool>,
    /// Why it failed (the report's `fail_reasons`, or for older reports its critical
    /// errors and a score below the pass mark).
    pub fail_reasons: Vec<String>,
    /// Critical actions (critical ones only) missed.
    pub critical_missed: Vec<String>,
    /// Critical actions done late.
    pub critical_late: Vec<String>,
    /// Critical actions done wrongly.
    pub critical_wrong: Vec<String>,
    /// Never-events' names.
    pub never_events: Vec<String>,
    /// Times the record stopped without a footer: each continuation, and the end of a
    /// record still interrupted.
    pub interruptions: u32,
    /// Times the attempt was continued after an interruption.
    pub restarts: u32,
    /// The instructor's actions and the facilitator's pauses during the attempt.
    pub instructor_interventions: u32,
    /// Simulated seconds run.
    pub duration_s: Option<f64>,
    /// Readable or not; complete or interrupted; intact or not.
    pub status: RecordStatus,
}

/// One attempt as text, in [`COLUMNS`] order (see [`AttemptSummary::row`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SummaryRow {
    /// The cells, in [`COLUMNS`] order.
    pub cells: Vec<String>,
}

impl SummaryRow {
    /// The row's cells in [`COLUMNS`] order.
    pub fn cells(&self) -> &[String] {
        &self.cells
    }

    /// The cell of one column, by its name in [`COLUMNS`].
    pub fn get(&self, column: &str) -> Option<&str> {
        let i = COLUMNS.iter().position(|c| *c == column)?;
        self.cells.get(i).map(String::as_str)
    }
}

impl AttemptSummary {
    /// The summary of one record already read. The score comes from replaying the
    /// record, and only when it checks and is complete.
    pub fn of(file: String, rec: &Recovered, key: Option<&PublicKey>) -> Self {
        let h = rec.header();
        let integrity = Integrity::check(rec, key);
        let replayed = (integrity.trusted() && rec.is_complete())
            .then(|| super::replay::resimulate(rec, rec.last_tick()).ok())
            .flatten()
            .and_then(|s| super::score::report_json(&s));
        let report = replayed.as_ref();
        let field = |name: &str| report.and_then(|r| r.get(name));
        let critical_with = |status: &str| -> Vec<String> {
            items(field("critical_actions"))
                .filter(|c| c.get("critical").and_then(Value::as_bool) == Some(true))
                .filter(|c| {
                    c.get("status")
                        .and_then(Value::as_str)
                        .is_some_and(|s| s.eq_ignore_ascii_case(status))
                })
                .map(name_of)
                .collect()
        };
        let score_pct = field("score_pct").and_then(Value::as_f64);
        let passed = field("passed").and_then(Value::as_bool);
        let strings = |name: &str| -> Vec<String> {
            items(field(name))
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        let fail_reasons = match (passed, field("fail_reasons")) {
            (Some(false), Some(_)) => strings("fail_reasons"),
            (Some(false), None) => {
                // A report from before `fail_reasons`: say what it does say.
                let mut reasons = Vec::new();
                let mark = field("pass_mark_pct").and_then(Value::as_f64);
                if let (Some(score), Some(mark)) = (score_pct, mark)
                    && score < mark
                {
                    reasons.push(format!(
                        "score {score:.0} % below the pass mark {mark:.0} %"
                    ));
                }
                reasons.extend(strings("critical_errors"));
                reasons
            }
            _ => Vec::new(),
        };
        let mut restarts = 0;
        let mut instructor_interventions = 0;
        for entry in rec.entries() {
            match entry {
                Entry::Restarted { .. } => restarts += 1,
                Entry::Action(a) if a.actor == Actor::Instructor => instructor_interventions += 1,
                Entry::Pause { .. } => instructor_interventions += 1,
                _ => {}
            }
        }
        Self {
            file,
            candidate: h.candidate_id.clone(),
            scenario: format!("{} v{}", h.scenario_name, h.scenario_version),
            scenario_name: h.scenario_name.clone(),
            version: h.scenario_version.clone(),
            scenario_sha256: h.scenario_sha256.clone(),
            seed: Some(h.seed),
            facilitator: h.facilitator.clone(),
            date: h.started_at_utc.clone(),
            mode: Some(h.mode),
            score_pct,
            passed,
            fail_reasons,
            critical_missed: critical_with("missed"),
            critical_late: critical_with("late"),
            critical_wrong: critical_with("wrong"),
            never_events: items(field("never_events")).map(name_of).collect(),
            interruptions: restarts + u32::from(!rec.is_complete()),
            restarts,
            instructor_interventions,
            duration_s: field("duration_s").and_then(Value::as_f64),
            status: RecordStatus::Read {
                completion: rec.completion(),
                integrity,
            },
        }
    }

    /// A file that is not a readable record, and why.
    pub fn unreadable(file: String, why: String) -> Self {
        Self {
            file,
            candidate: String::new(),
            scenario: String::new(),
            scenario_name: String::new(),
            version: String::new(),
            scenario_sha256: String::new(),
            seed: None,
            facilitator: String::new(),
            date: String::new(),
            mode: None,
            score_pct: None,
            passed: None,
            fail_reasons: Vec::new(),
            critical_missed: Vec::new(),
            critical_late: Vec::new(),
            critical_wrong: Vec::new(),
            never_events: Vec::new(),
            interruptions: 0,
            restarts: 0,
            instructor_interventions: 0,
            duration_s: None,
            status: RecordStatus::Unreadable(why),
        }
    }

    /// The attempt as text, as the CSV and the console show it: numbers rounded to one
    /// decimal, booleans `true`/`false`, lists `; `-separated, empty when unknown.
    pub fn row(&self) -> SummaryRow {
        let (status, integrity) = match &self.status {
            RecordStatus::Read {
                completion,
                integrity,
            } => (completion.label().to_string(), integrity.plain_text()),
            RecordStatus::Unreadable(why) => (UNREADABLE.to_string(), why.clone()),
        };
        let one_decimal = |v: Option<f64>| {
            v.filter(|v| v.is_finite())
                .map(|v| format!("{v:.1}"))
                .unwrap_or_default()
        };
        let read = matches!(self.status, RecordStatus::Read { .. });
        let count = |n: u32| if read { n.to_string() } else { String::new() };
        SummaryRow {
            cells: vec![
                self.file.clone(),
                self.candidate.clone(),
                self.scenario_name.clone(),
                self.version.clone(),
                self.seed.map(|s| s.to_string()).unwrap_or_default(),
                self.facilitator.clone(),
                self.date.clone(),
                self.mode.map(|m| m.label().to_string()).unwrap_or_default(),
                one_decimal(self.score_pct),
                self.passed.map(|p| p.to_string()).unwrap_or_default(),
                self.fail_reasons.join("; "),
                self.critical_missed.join("; "),
                self.critical_late.join("; "),
                self.critical_wrong.join("; "),
                self.never_events.join("; "),
                count(self.interruptions),
                count(self.restarts),
                count(self.instructor_interventions),
                status,
                integrity,
                self.scenario_sha256.clone(),
                one_decimal(self.duration_s),
            ],
        }
    }
}

fn items(v: Option<&Value>) -> impl Iterator<Item = &Value> {
    v.and_then(Value::as_array).into_iter().flatten()
}

fn name_of(v: &Value) -> String {
    match v.get("name") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "(unnamed)".into(),
    }
}

/// One summary per record in `dir`, sorted by date, then candidate, then file name. A
/// file that is not a readable record still gets one ([`RecordStatus::Unreadable`]) so
/// nothing disappears from the table silently.
pub fn summaries_in(dir: &Path, key: Option<&PublicKey>) -> std::io::Result<Vec<AttemptSummary>> {
    let mut rows: Vec<AttemptSummary> = record_files(dir)?
        .into_iter()
        .map(|path| {
            let file = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            match RecordReader::open(&path) {
                Ok(rec) => AttemptSummary::of(file, &rec, key),
                Err(e) => AttemptSummary::unreadable(file, e.to_string()),
            }
        })
        .collect();
    rows.sort_by(|a, b| (&a.date, &a.candidate, &a.file).cmp(&(&b.date, &b.candidate, &b.file)));
    Ok(rows)
}

/// Writes the summaries as CSV with a header row of [`COLUMNS`], rendering each to text
/// here.
pub fn write_csv<W: std::io::Write>(rows: &[AttemptSummary], out: W) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for r in rows {
        w.write_record(r.row().cells())?;
    }
    w.flush()?;
    Ok(())
}
