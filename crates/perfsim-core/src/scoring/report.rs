//! The scored result of a run: what the debrief shows and what gradebooks read.
//!
//! The JSON form is [`Report`] serialised with serde; field names are part of the
//! contract (`passed`, `score_pct`, `critical_actions[].status`, ...).

use std::path::Path;

use serde::{Deserialize, Serialize};

/// How a critical action went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Done within its window.
    Done,
    /// Done after its window, before its late limit.
    Late,
    /// Not done in time, or not at all.
    Missed,
    /// A wrong attempt came before any right one.
    Wrong,
    /// Its anchor never happened (the emergency it answers did not occur), so it is not
    /// scored.
    NotApplicable,
    /// Not done, and the run ended early while its window was still open: it earns
    /// nothing, and a critical one keeps the attempt from passing, but it is not a
    /// critical error.
    NotReached,
}

impl Status {
    /// A word for people.
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Late => "late",
            Status::Missed => "missed",
            Status::Wrong => "wrong",
            Status::NotApplicable => "not applicable",
            Status::NotReached => "not reached",
        }
    }
}

/// One critical action's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionResult {
    /// The rubric's name for it.
    pub name: String,
    /// How it went.
    pub status: Status,
    /// Seconds from its anchor (see `anchor`) to the action or state that decided the
    /// status (done, late or wrong), negative when it came before the anchor (after the
    /// fault's onset, before the first alarm); `None` when missed or not applicable.
    pub t_from_onset_s: Option<f64>,
    /// Run time of that action, s.
    pub t_s: Option<f64>,
    /// Run time of the anchor, s.
    pub anchor_t_s: Option<f64>,
    /// What the anchor is, for people: "first cue (Alarm: Low PO2)", "fault onset",
    /// "Procedure completed: ...".
    #[serde(default)]
    pub anchor: String,
    /// Run time at which the window opened for credit, s.
    #[serde(default)]
    pub opens_t_s: Option<f64>,
    /// How it was met: "action", "refused" is never credited, "state" when `met_by`
    /// held, empty otherwise.
    #[serde(default)]
    pub met_by: String,
    /// Points earned.
    pub points: f64,
    /// Points available.
    pub max_points: f64,
    /// Whether missing it is a critical error.
    pub critical: bool,
    /// The rubric's teaching point.
    pub teaching: String,
}

impl ActionResult {
    /// When it was done, relative to its named anchor: " at +16 s from first cue
    /// (Alarm: Low PO2) at 674 s", or " at 204 s before ...". Empty when not timed.
    pub fn timing(&self) -> String {
        let anchor = match self.anchor_t_s {
            Some(a) => format!("{} at {}", self.anchor, crate::bounded::short(a)),
            None => return String::new(),
        };
        match self.t_from_onset_s {
            Some(t) if t < 0.0 => format!(" at {:.0} s before {anchor} s", -t),
            Some(t) => format!(" at +{t:.0} s from {anchor} s"),
            None => format!(" (timed from {anchor} s)"),
        }
    }
}

/// Whether a sequence rule was kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleStatus {
    /// The second action came after the first.
    Kept,
    /// The second action came without the first before it.
    Broken,
    /// The second action never came.
    NotReached,
}

impl RuleStatus {
    /// A word for people.
    pub fn label(self) -> &'static str {
        match self {
            RuleStatus::Kept => "kept",
            RuleStatus::Broken => "broken",
            RuleStatus::NotReached => "not reached",
        }
    }
}

/// One sequence rule's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleResult {
    /// The rubric's name for it.
    pub name: String,
    /// Kept, broken or not reached.
    pub status: RuleStatus,
    /// Run time of the second action, s, if it happened.
    pub t_s: Option<f64>,
    /// Points earned.
    pub points: f64,
    /// Points available.
    pub max_points: f64,
    /// The rubric's teaching point.
    pub teaching: String,
}

/// A never-event that happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeverEventHit {
    /// The rubric's name for it.
    pub name: String,
    /// Run time, s.
    pub t_s: f64,
    /// Whether it fails the attempt.
    pub fails: bool,
    /// Points taken off the total (0 for a fail).
    pub penalty_pct: f64,
    /// The rubric's teaching point.
    pub teaching: String,
}

/// Time outside one range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RangeResult {
    /// The rubric's name for it.
    pub name: String,
    /// The signal's trace column, e.g. `map_mmhg`.
    pub signal: String,
    /// Seconds outside (counted at 1 Hz over the scored period).
    pub s_outside: f64,
    /// Seconds scored (from the anchor, while the conditions held).
    pub s_scored: f64,
    /// The lowest value seen in the scored period.
    pub min: Option<f64>,
    /// The highest value seen in the scored period.
    pub max: Option<f64>,
    /// Share of this range's credit earned, 0-100.
    pub score_pct: f64,
    /// The rubric's `fail_after_s`, if any.
    #[serde(default)]
    pub fail_after_s: Option<f64>,
    /// Whether the time outside reached `fail_after_s` (a critical error).
    #[serde(default)]
    pub failed: bool,
    /// Weight within the section.
    pub weight: f64,
    /// The rubric's teaching point.
    pub teaching: String,
}

/// One scored section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionScore {
    /// `actions`, `sequence` or `ranges`.
    pub name: String,
    /// Score within the section, 0-100.
    pub score_pct: f64,
    /// The section's weight (0 when it has no items).
    pub weight: f64,
}

/// What one timeline entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// A fault began or ended (hidden from the trainee until the debrief).
    Fault,
    /// The first alarm after the fault's onset.
    FirstCue,
    /// An alarm started sounding.
    Alarm,
    /// The candidate acted.
    Action,
    /// The instructor acted.
    Instructor,
    /// Something else the model reported (procedures, interlocks, results).
    Event,
    /// A never-event.
    NeverEvent,
}

/// One line of the debrief timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Run time, s.
    pub t_s: f64,
    /// What it is.
    pub kind: TimelineKind,
    /// What happened.
    pub text: String,
}

/// The scored result of one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Scenario title.
    pub scenario: String,
    /// Scenario version label.
    pub scenario_version: String,
    /// SHA-256 of the scenario file.
    pub scenario_sha256: String,
    /// Run length scored, s.
    pub duration_s: f64,
    /// Passed: total at or above the pass mark and no more critical errors than allowed.
    pub passed: bool,
    /// Total score, 0-100.
    pub score_pct: f64,
    /// The pass mark, 0-100.
    pub pass_mark_pct: f64,
    /// Section scores.
    pub sections: Vec<SectionScore>,
    /// Every critical action.
    pub critical_actions: Vec<ActionResult>,
    /// Every sequence rule.
    pub sequence_rules: Vec<RuleResult>,
    /// Never-events that happened, in time order.
    pub never_events: Vec<NeverEventHit>,
    /// Time outside each range.
    pub ranges: Vec<RangeResult>,
    /// The critical errors (never-events that fail, critical actions missed or wrong).
    pub critical_errors: Vec<String>,
    /// Why the attempt failed, one line each (empty when it passed).
    #[serde(default)]
    pub fail_reasons: Vec<String>,
    /// Teaching points that apply to this run, then the scenario's general ones.
    pub teaching_points: Vec<String>,
    /// Faults, first cue, alarms, actions and events with times.
    pub timeline: Vec<TimelineEntry>,
}

/// A report file that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The extension does not name a format.
    #[error("{0}: a report file must end in .json, .html or .md")]
    UnknownFormat(String),
    /// Writing failed.
    #[error("{file}: cannot write the report: {source}")]
    Io {
        /// The path.
        file: String,
        /// Why.
        source: std::io::Error,
    },
    /// JSON encoding failed.
    #[error("cannot encode the report as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl Report {
    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }

    /// Writes the report in the format its extension names: `.json`, `.html` or `.md`.
    pub fn write(&self, path: &Path) -> Result<(), ReportError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let text = match ext.as_deref() {
            Some("json") => self.to_json()?,
            Some("html" | "htm") => super::render_html::render(self),
            Some("md" | "markdown") => super::render_md::render(self),
            _ => return Err(ReportError::UnknownFormat(path.display().to_string())),
        };
        std::fs::write(path, text).map_err(|source| ReportError::Io {
            file: path.display().to_string(),
            source,
        })
    }

    /// A few lines for the terminal.
    pub fn summary(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "score {:.0} % (pass mark {:.0} %): {}",
            self.score_pct,
            self.pass_mark_pct,
            if self.passed { "PASSED" } else { "FAILED" }
        );
        for a in &self.critical_actions {
            let _ = writeln!(s, "  {:<14} {}{}", a.status.label(), a.name, a.timing());
        }
        for r in &self.sequence_rules {
            let _ = writeln!(s, "  {:<14} {}", r.status.label(), r.name);
        }
        for n in &self.never_events {
            let _ = writeln!(s, "  NEVER-EVENT    {} at {:.0} s", n.name, n.t_s);
        }
        for r in &self.ranges {
            let _ = writeln!(s, "  {:>6.0} s out  {}", r.s_outside, r.name);
        }
        for e in &self.critical_errors {
            let _ = writeln!(s, "  critical error: {e}");
        }
        if !self.passed {
            for r in &self.fail_reasons {
                let _ = writeln!(s, "  failed: {r}");
            }
        }
        s
    }
}
