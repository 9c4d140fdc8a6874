//! One record open in the browser: the core's [`Review`] of it, plus what only the window
//! keeps (the whole run's trend caches, the cursor, the session at the cursor, and the
//! last saved report).

use std::path::{Path, PathBuf};

use crate::app::widgets::trends::TrendCache;
use perfsim_core::programme::perfusion::PerfusionRecord;
use perfsim_core::record::report::{ReportFormat, ReportInputs};
use perfsim_core::record::{self, PublicKey, Recovered};
use perfsim_core::review::{Review, ReviewError};
use perfsim_core::session::Session;
use perfsim_core::time::Tick;

/// A reviewed attempt the browser shows at one moment.
#[derive(Debug)]
pub struct RecordView {
    /// The attempt: record, checkpoints, final session, report and timeline.
    pub review: Review,
    /// The whole run's trends, read once from the final session's trace.
    pub trends: TrendCache,
    /// The moment shown.
    pub cursor: Tick,
    /// The session at the cursor.
    pub at_cursor: Session,
    /// The perfusionist's chart of the attempt (the perfusion record tab).
    pub perfusion: PerfusionRecord,
    /// The trainee's own chart from the record, scored against it, if there is one.
    pub trainee_chart: Option<perfsim_core::programme::trainee_chart::ChartScore>,
    /// Where the last report was saved, or why it was not (a sentence for the
    /// facilitator).
    pub saved: Option<Result<PathBuf, String>>,
}

impl RecordView {
    /// Reads and re-simulates a record, with the cursor at its end.
    pub fn open(path: &Path, key: Option<&PublicKey>) -> Result<Self, ReviewError> {
        Ok(Self::new(Review::open(path, key)?))
    }

    /// Shows `review` with the cursor at its end.
    pub fn new(review: Review) -> Self {
        let mut trends = TrendCache::default();
        trends.update(review.end.trace());
        let perfusion = PerfusionRecord::of(&review);
        Self {
            trainee_chart: perfsim_core::programme::trainee_chart::of_review(&review, &perfusion),
            perfusion,
            trends,
            cursor: review.end_tick(),
            at_cursor: review.end.clone(),
            saved: None,
            review,
        }
    }

    /// The record the review was opened from (`None` for an attempt not recorded).
    pub fn recovered(&self) -> Option<&Recovered> {
        self.review.record.as_ref().map(|r| &r.recovered)
    }

    /// Moves the cursor to `tick` (clamped to the attempt).
    pub fn seek(&mut self, tick: Tick) {
        let tick = tick.min(self.review.end_tick());
        if tick == self.cursor {
            return;
        }
        self.cursor = tick;
        self.at_cursor = self.review.session_at(tick);
    }

    /// Writes the printable report next to the record (`NAME.report.html` or `.md`),
    /// with the same renderer as `perfsim report`. Errors are sentences for the
    /// facilitator.
    pub fn save_report(
        &self,
        format: ReportFormat,
        key: Option<&PublicKey>,
    ) -> Result<PathBuf, String> {
        let Some(reviewed) = &self.review.record else {
            return Err("This attempt was not recorded: there is no record to report.".into());
        };
        let ext = match format {
            ReportFormat::Html => "report.html",
            ReportFormat::Markdown => "report.md",
        };
        let out = reviewed.recovered.path.with_extension(ext);
        // The score is the replay's, shown only for a record that checks and finished.
        let trusted = reviewed.integrity.trusted() && reviewed.recovered.is_complete();
        let replayed = trusted
            .then(|| record::score::report_json(&self.review.end))
            .flatten();
        let inputs = ReportInputs {
            integrity: reviewed.integrity.text(),
            events: self.review.end.events(),
            report: replayed.as_ref(),
            no_score: if reviewed.integrity.trusted() {
                "the attempt is interrupted, or the scenario has no rubric".into()
            } else {
                format!("the record does not verify ({})", reviewed.integrity.text())
            },
        };
        let text = record::report::render(&reviewed.recovered, &inputs, format);
        // The trend plots and, once released, the raters' feedback, as `perfsim report`.
        let review = reviewed.integrity.trusted().then_some(&self.review);
        let path = &reviewed.recovered.path;
        #[cfg(not(target_arch = "wasm32"))]
        let text = crate::cli::programme::extend_report_for(path, review, text, format, key);
        // The browser has no record folder, ratings or release files (desktop only).
        #[cfg(target_arch = "wasm32")]
        let _ = (path, review, key);
        std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        Ok(out)
    }
}
