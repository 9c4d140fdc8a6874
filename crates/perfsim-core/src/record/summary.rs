//! One row per attempt record in a folder, for a programme director's spreadsheet.

use std::path::Path;

use serde_json::Value;

use super::folder::record_files;
use super::key::ProgrammeKey;
use super::reader::{RecordReader, Recovered};

/// Column names of the summary CSV, in order.
pub const COLUMNS: [&str; 11] = [
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
];

/// One attempt. Score fields are empty when the record has no report.
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
}

impl SummaryRow {
    /// The row's cells in [`COLUMNS`] order.
    pub fn cells(&self) -> [&str; 11] {
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
        ]
    }

    /// The row for one record already read.
    pub fn of(file: String, rec: &Recovered, key: Option<&ProgrammeKey>) -> Self {
        let h = rec.header();
        let report = rec.footer().and_then(|f| f.report.as_ref());
        let field = |name: &str| report.and_then(|r| r.get(name));
        let score_pct = match field("score_pct") {
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let passed = match field("passed") {
            Some(Value::Bool(true)) => "yes".into(),
            Some(Value::Bool(false)) => "no".into(),
            _ => String::new(),
        };
        let critical_missed_or_late = items(field("critical_actions"))
            .filter_map(|c| {
                let status = c.get("status")?.as_str()?;
                let lower = status.to_ascii_lowercase();
                (lower == "missed" || lower == "late").then(|| format!("{} ({lower})", name_of(c)))
            })
            .collect::<Vec<_>>()
            .join("; ");
        let never_events = items(field("never_events"))
            .map(name_of)
            .collect::<Vec<_>>()
            .join("; ");
        let integrity = match key {
            None => "not checked (no programme key)".into(),
            Some(k) => match rec.verify(k) {
                Ok(()) => "intact".into(),
                Err(t) => t.to_string(),
            },
        };
        Self {
            file,
            candidate: h.candidate_id.clone(),
            scenario: format!("{} v{}", h.scenario_name, h.scenario_version),
            date: h.started_at_utc.clone(),
            mode: h.mode.label().into(),
            score_pct,
            passed,
            critical_missed_or_late,
            never_events,
            status: rec.completion().label().into(),
            integrity,
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

/// One row per record in `dir`, sorted by date, then candidate, then file name. A file
/// that is not a readable record still gets a row (status `unreadable`) so nothing
/// disappears from the table silently.
pub fn summarize_folder(
    dir: &Path,
    key: Option<&ProgrammeKey>,
) -> std::io::Result<Vec<SummaryRow>> {
    let mut rows: Vec<SummaryRow> = record_files(dir)?
        .into_iter()
        .map(|path| {
            let file = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            match RecordReader::open(&path) {
                Ok(rec) => SummaryRow::of(file, &rec, key),
                Err(e) => SummaryRow {
                    file,
                    status: "unreadable".into(),
                    integrity: e.to_string(),
                    ..SummaryRow::default()
                },
            }
        })
        .collect();
    rows.sort_by(|a, b| (&a.date, &a.candidate, &a.file).cmp(&(&b.date, &b.candidate, &b.file)));
    Ok(rows)
}

/// Writes the rows as CSV with a header row of [`COLUMNS`].
pub fn write_csv<W: std::io::Write>(rows: &[SummaryRow], out: W) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for r in rows {
        w.write_record(r.cells())?;
    }
    w.flush()?;
    Ok(())
}
