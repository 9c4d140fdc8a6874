//! A candidate's case log: one row per attempt (scenario, role, simulated duration,
//! date, facilitator, pass), from the summary's verified replays.

use std::path::Path;

use crate::record::PublicKey;
use crate::record::summary::{AttemptSummary, RecordStatus, summaries_in};

/// The role a candidate plays in every perfsim attempt.
pub const ROLE: &str = "primary perfusionist (simulated)";

/// Simulated minutes a high-fidelity simulation needs for a case credit.
pub const CASE_CREDIT_MIN: f64 = 50.0;

/// Column names of the case log CSV.
pub const COLUMNS: [&str; 11] = [
    "date",
    "scenario",
    "version",
    "role",
    "duration_min",
    "facilitator",
    "mode",
    "score_pct",
    "passed",
    "case_credit",
    "file",
];

/// One attempt in a case log.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseLogRow {
    /// The attempt's summary.
    pub summary: AttemptSummary,
    /// Simulated minutes run (from the record's last tick).
    pub duration_min: f64,
}

impl CaseLogRow {
    /// Whether the attempt counts towards a case credit: signed by the programme key (a
    /// per-user practice key proves nothing about who wrote it), complete, and at least
    /// [`CASE_CREDIT_MIN`] simulated minutes.
    pub fn case_credit(&self) -> bool {
        let verified = matches!(
            &self.summary.status,
            RecordStatus::Read { integrity, completion }
                if *integrity == crate::review::Integrity::Intact
                    && *completion == crate::record::Completion::Complete
        );
        verified && self.duration_min >= CASE_CREDIT_MIN
    }

    /// The row's cells in [`COLUMNS`] order.
    pub fn cells(&self) -> Vec<String> {
        let s = &self.summary;
        vec![
            s.date.clone(),
            s.scenario_name.clone(),
            s.version.clone(),
            ROLE.into(),
            format!("{:.1}", self.duration_min),
            s.facilitator.clone(),
            s.mode.map(|m| m.label().to_string()).unwrap_or_default(),
            s.score_pct.map(|v| format!("{v:.1}")).unwrap_or_default(),
            s.passed.map(|p| p.to_string()).unwrap_or_default(),
            self.case_credit().to_string(),
            s.file.clone(),
        ]
    }
}

/// The case log of `candidate` in `dir`, in date order.
pub fn case_log(
    dir: &Path,
    candidate: &str,
    key: Option<&PublicKey>,
) -> std::io::Result<Vec<CaseLogRow>> {
    Ok(summaries_in(dir, key)?
        .into_iter()
        .filter(|s| s.candidate == candidate)
        .map(|summary| {
            let duration_min = crate::record::RecordReader::open(&dir.join(&summary.file))
                .map(|r| crate::time::secs_from_tick(r.last_tick()) / 60.0)
                .unwrap_or(0.0);
            CaseLogRow {
                summary,
                duration_min,
            }
        })
        .collect())
}

/// Writes a case log as CSV.
pub fn write_csv<W: std::io::Write>(rows: &[CaseLogRow], out: W) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for r in rows {
        w.write_record(r.cells())?;
    }
    w.flush()?;
    Ok(())
}
