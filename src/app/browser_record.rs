//! The record browser's model side, now in the core ([`perfsim_core::review`]): this
//! shim keeps the names the browser uses. [`OpenRecord`] is a core [`Review`] of a
//! record plus what the window adds (trends, markers, the cursor, the saved report).
//! Drawn by [`super::browser`].

use std::path::{Path, PathBuf};

use super::trends::{Marker, MarkerKind, TrendCache};
use perfsim_core::action::LoggedAction;
use perfsim_core::record::report::{ReportFormat, ReportInputs};
use perfsim_core::record::{self, ProgrammeKey, RecordReader, Recovered};
use perfsim_core::review::{Review, ReviewedRecord};
use perfsim_core::scoring::Report;
use perfsim_core::session::Session;
use perfsim_core::time::{Tick, clock_label, secs_from_tick};

pub use perfsim_core::review::{
    EventKind, Integrity, MAX_CHECKPOINTS, MIN_CHECKPOINT_TICKS, RecordPlaces, TimelineEvent,
    checkpoint_ticks,
};

/// A record re-simulated and ready to scrub.
#[derive(Debug)]
pub struct OpenRecord {
    /// The record as read.
    pub recovered: Recovered,
    /// Its key check.
    pub integrity: Integrity,
    /// Every action, trainee and instructor, in order.
    pub actions: Vec<LoggedAction>,
    /// Ticks between checkpoints ([`checkpoint_ticks`]).
    pub checkpoint_ticks: Tick,
    /// The session at ticks 0, N, 2N… (actions logged at that tick not yet applied).
    pub checkpoints: Vec<Session>,
    /// The session at the record's last tick.
    pub end: Session,
    /// The whole run's trends.
    pub trends: TrendCache,
    /// Trend markers; the last one is the cursor.
    pub markers: Vec<Marker>,
    /// Faults, cues, alarms, actions, notes and never-events in time order.
    pub timeline: Vec<TimelineEvent>,
    /// The re-scored report (scenarios with a rubric).
    pub report: Option<Report>,
    /// The moment shown.
    pub cursor: Tick,
    /// The session at the cursor.
    pub at_cursor: Session,
    /// Where the last report was saved, or why it was not.
    pub saved: Option<Result<PathBuf, String>>,
}

impl OpenRecord {
    /// Reads and re-simulates a record. Errors are sentences for the facilitator.
    pub fn open(path: &Path, key: Option<&ProgrammeKey>) -> Result<Self, String> {
        let recovered = RecordReader::open(path).map_err(|e| e.to_string())?;
        Self::from_recovered(recovered, key)
    }

    /// Re-simulates a record already read.
    pub fn from_recovered(
        recovered: Recovered,
        key: Option<&ProgrammeKey>,
    ) -> Result<Self, String> {
        let review = Review::of_record(recovered, key).map_err(|e| e.to_string())?;
        Self::from_review(review)
    }

    /// The window's view of a review of a record (a review of a bare session has no
    /// record to show here).
    fn from_review(review: Review) -> Result<Self, String> {
        let Review {
            record,
            actions,
            checkpoint_ticks,
            checkpoints,
            end,
            report,
            timeline,
        } = review;
        let Some(ReviewedRecord {
            recovered,
            integrity,
        }) = record
        else {
            return Err("this attempt was not recorded".into());
        };
        let mut trends = TrendCache::default();
        trends.update(end.trace());
        let mut markers: Vec<Marker> = timeline
            .iter()
            .filter_map(|e| {
                let kind = match e.kind {
                    EventKind::Fault | EventKind::NeverEvent => MarkerKind::Fault,
                    EventKind::FirstCue | EventKind::Alarm => MarkerKind::Alarm,
                    EventKind::Action | EventKind::Instructor => MarkerKind::Action,
                    _ => return None,
                };
                Some(Marker {
                    t_min: secs_from_tick(e.tick) / 60.0,
                    kind,
                    label: format!("{} {}", clock_label(e.tick), e.text),
                })
            })
            .collect();
        markers.push(cursor_marker(end.tick()));
        let at_cursor = end.clone();
        let cursor = end.tick();
        Ok(Self {
            recovered,
            integrity,
            actions,
            checkpoint_ticks,
            checkpoints,
            end,
            trends,
            markers,
            timeline,
            report,
            cursor,
            at_cursor,
            saved: None,
        })
    }

    /// The last tick of the attempt.
    pub fn end_tick(&self) -> Tick {
        self.end.tick()
    }

    /// The session at `tick`, with the actions logged before it applied: the nearest
    /// earlier checkpoint, run on. At the end, the final session.
    pub fn session_at(&self, tick: Tick) -> Session {
        perfsim_core::review::session_at(
            &self.checkpoints,
            self.checkpoint_ticks,
            &self.actions,
            &self.end,
            tick,
        )
    }

    /// Moves the cursor to `tick` (clamped to the attempt).
    pub fn seek(&mut self, tick: Tick) {
        let tick = tick.min(self.end.tick());
        if tick == self.cursor {
            return;
        }
        self.cursor = tick;
        self.at_cursor = self.session_at(tick);
        if let Some(m) = self.markers.last_mut() {
            *m = cursor_marker(tick);
        }
    }

    /// Writes the printable report next to the record (`NAME.report.html` or `.md`),
    /// with the same renderer as `perfsim report`.
    pub fn save_report(&self, format: ReportFormat) -> Result<PathBuf, String> {
        let ext = match format {
            ReportFormat::Html => "report.html",
            ReportFormat::Markdown => "report.md",
        };
        let out = self.recovered.path.with_extension(ext);
        let inputs = ReportInputs {
            integrity: self.integrity.text(),
            events: self.end.events(),
        };
        let text = record::report::render(&self.recovered, &inputs, format);
        std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        Ok(out)
    }
}

fn cursor_marker(tick: Tick) -> Marker {
    Marker {
        t_min: secs_from_tick(tick) / 60.0,
        kind: MarkerKind::Cursor,
        label: format!("Cursor {}", clock_label(tick)),
    }
}
