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

use super::entry::Entry;
use super::entry::Mode;
use super::folder::record_files;
use super::key::PublicKey;
use super::reader::{Completion, RecordReader, Recovered};
use crate::review::Integrity;

/// Column names of the summary CSV, in order.
pub const COLUMNS: [&str; 14] = [
    "file",
    "candidate",
    "scenario",
    "date",
    "mode",
    "score_pct",
    "passed",
    "critical_missed_or_late",
    "never_events",
    "status",
    "integrity",
    "interruptions",
    "restarts",
    "interventions",
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

/// A critical action that was missed or late.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissedAction {
    /// The action's name in the rubric.
    pub name: String,
    /// `missed` or `late`.
    pub status: String,
}

/// One attempt, typed. Score fields are `None` when the record has no report.
#[derive(Clone, Debug, PartialEq)]
pub struct AttemptSummary {
    /// File name within the folder.
    pub file: String,
    /// Candidate ID.
    pub candidate: String,
    /// Scenario name and version.
    pub scenario: String,
    /// Start, UTC RFC 3339.
    pub date: String,
    /// Practice or exam (`None` for an unreadable file).
    pub mode: Option<Mode>,
    /// The report's `score_pct`, 0-100.
    pub score_pct: Option<f64>,
    /// The report's `passed`.
    pub passed: Option<bool>,
    /// Critical actions missed or late, in the report's order.
    pub critical_missed_or_late: Vec<MissedAction>,
    /// Never-events' names.
    pub never_events: Vec<String>,
    /// Readable or not; complete or interrupted; intact or not.
    pub status: RecordStatus,
    /// Times the record stopped without a footer: each continuation, and the end of a
    /// record still interrupted.
    pub interruptions: usize,
    /// Times the attempt was continued after an interruption.
    pub restarts: usize,
    /// Instructor actions and facilitator pauses.
    pub interventions: usize,
}

/// One attempt as text, in [`COLUMNS`] order (see [`AttemptSummary::row`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SummaryRow {
    /// File name within the folder.
    pub file: String,
    /// Candidate ID.
    pub candidate: String,
    /// Scenario name and version.
    pub scenario: String,
    /// Start, UTC RFC 3339.
    pub date: String,
    /// `practice` or `exam`.
    pub mode: String,
    /// The report's `score_pct`.
    pub score_pct: String,
    /// The report's `passed`: `yes` or `no`.
    pub passed: String,
    /// Critical actions whose status is missed or late: `name (status)`, `; `-separated.
    pub critical_missed_or_late: String,
    /// Never-events' names, `; `-separated.
    pub never_events: String,
    /// `complete`, `interrupted`, or `unreadable`.
    pub status: String,
    /// `intact`, the first problem found with the key, or `not checked` without one.
    pub integrity: String,
    /// Interruptions.
    pub interruptions: String,
    /// Restarts.
    pub restarts: String,
    /// Instructor interventions.
    pub interventions: String,
}

impl SummaryRow {
    /// The row's cells in [`COLUMNS`] order.
    pub fn cells(&self) -> [&str; 14] {
        let Self {
            file,
            candidate,
            scenario,
            date,
            mode,
            score_pct,
            passed,
            critical_missed_or_late,
            never_events,
            status,
            integrity,
            interruptions,
            restarts,
            interventions,
        } = self;
        [
            file,
            candidate,
            scenario,
            date,
            mode,
            score_pct,
            passed,
            critical_missed_or_late,
            never_events,
            status,
            integrity,
            interruptions,
            restarts,
            interventions,
        ]
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
        let restarts = rec
            .entries()
            .filter(|e| matches!(e, Entry::Restarted { .. }))
            .count();
        let interventions = rec
            .entries()
            .filter(|e| match e {
                Entry::Action(a) => a.actor == crate::action::Actor::Instructor,
                Entry::Pause { .. } => true,
                _ => false,
            })
            .count();
        let field = |name: &str| report.and_then(|r| r.get(name));
        let critical_missed_or_late = items(field("critical_actions"))
            .filter_map(|c| {
                let status = c.get("status")?.as_str()?.to_ascii_lowercase();
                (status == "missed" || status == "late").then(|| MissedAction {
                    name: name_of(c),
                    status,
                })
            })
            .collect();
        Self {
            file,
            candidate: h.candidate_id.clone(),
            scenario: format!("{} v{}", h.scenario_name, h.scenario_version),
            date: h.started_at_utc.clone(),
            mode: Some(h.mode),
            score_pct: field("score_pct").and_then(Value::as_f64),
            passed: field("passed").and_then(Value::as_bool),
            critical_missed_or_late,
            never_events: items(field("never_events")).map(name_of).collect(),
            status: RecordStatus::Read {
                completion: rec.completion(),
                integrity,
            },
            interruptions: restarts + usize::from(!rec.is_complete()),
            restarts,
            interventions,
        }
    }

    /// A file that is not a readable record, and why.
    pub fn unreadable(file: String, why: String) -> Self {
        Self {
            file,
            candidate: String::new(),
            scenario: String::new(),
            date: String::new(),
            mode: None,
            score_pct: None,
            passed: None,
            critical_missed_or_late: Vec::new(),
            never_events: Vec::new(),
            status: RecordStatus::Unreadable(why),
            interruptions: 0,
            restarts: 0,
            interventions: 0,
        }
    }

    /// The attempt as text, as the CSV and the console show it.
    pub fn row(&self) -> SummaryRow {
        let (status, integrity) = match &self.status {
            RecordStatus::Read {
                completion,
                integrity,
            } => (completion.label().to_string(), integrity.plain_text()),
            RecordStatus::Unreadable(why) => (UNREADABLE.to_string(), why.clone()),
        };
        SummaryRow {
            file: self.file.clone(),
            candidate: self.candidate.clone(),
            scenario: self.scenario.clone(),
            date: self.date.clone(),
            mode: self.mode.map(|m| m.label().to_string()).unwrap_or_default(),
            score_pct: self
                .score_pct
                .and_then(serde_json::Number::from_f64)
                .map(|n| n.to_string())
                .unwrap_or_default(),
            passed: match self.passed {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
            critical_missed_or_late: self
                .critical_missed_or_late
                .iter()
                .map(|m| format!("{} ({})", m.name, m.status))
                .collect::<Vec<_>>()
                .join("; "),
            never_events: self.never_events.join("; "),
            status,
            integrity,
            interruptions: self.interruptions.to_string(),
            restarts: self.restarts.to_string(),
            interventions: self.interventions.to_string(),
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
