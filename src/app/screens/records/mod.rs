//! The record browser: the facilitator's debrief of a recorded attempt. Lists the
//! records in a folder (typed [`AttemptSummary`] rows), opens one ([`RecordView`]: the
//! core's [`Review`](perfsim_core::review::Review) plus the cursor) and shows the
//! attempt at any moment: monitors, circuit, labs and the whole run's trends with a
//! cursor, the timeline of faults, cues, alarms, actions and notes, and the scoring
//! report. From any moment the facilitator can continue as a new practice run ("rewind
//! and branch") or save the printable report. Fault names are shown here: this is the
//! debrief.

use std::path::{Path, PathBuf};

use crate::app::theme::Palette;
use perfsim_core::record::PublicKey;
use perfsim_core::record::report::ReportFormat;
use perfsim_core::record::summary::{AttemptSummary, summaries_in};
use perfsim_core::time::Tick;

pub mod cohort_view;
mod list;
mod open_record;
pub mod rating_tab;
#[cfg(test)]
mod tests;
mod view;

pub use self::view::RecordView;

/// Label of the branch button (tests click it).
pub const BRANCH_LABEL: &str = "Continue from here as practice";
/// Label of the HTML report button.
pub const SAVE_HTML_LABEL: &str = "Save report (HTML)";
/// Label of the Markdown report button.
pub const SAVE_MD_LABEL: &str = "Save report (Markdown)";
/// Integrity column of an edited record in the list.
pub const LIST_EDITED: &str = "EDITED";
/// Banner of a record whose MACs do not match.
pub const EDITED_BANNER: &str = "INTEGRITY: EDITED";
/// Shown instead of a score for a record that does not verify.
pub const UNVERIFIED_NO_SCORE: &str =
    "No score: this record is not signed by the programme key, so its score is not shown.";
/// The label of a record signed with a practice key (the desktop's per-user one or a
/// browser's).
pub const PRACTICE_LABEL: &str =
    "PRACTICE record (a per-user or per-browser practice key): not evidence of an exam";

/// One file in the records list.
#[derive(Clone, Debug)]
pub struct ListedRecord {
    /// The file.
    pub path: PathBuf,
    /// Candidate, scenario, date, mode, score, status, integrity (as `perfsim summary`).
    pub summary: AttemptSummary,
}

/// The browser: the records list, and the record open, if any.
#[derive(Debug)]
pub struct BrowserState {
    /// Folder listed (as typed).
    pub folder: String,
    /// A record path typed in.
    pub open_path: String,
    /// Records in the folder.
    pub listed: Vec<ListedRecord>,
    /// Why the folder or a record could not be read.
    pub message: Option<String>,
    /// The programme key, if there is one.
    pub key: Option<PublicKey>,
    /// The record being viewed.
    pub open: Option<Box<RecordView>>,
    /// The rater's form of the Ratings tab.
    pub rating_form: rating_tab::RatingFormState,
    /// The folder's cohort, once asked for.
    pub cohort: Option<cohort_view::CohortView>,
}

impl BrowserState {
    /// The list of `folder` (empty when `None`), checked with `key`.
    pub fn new(folder: Option<&Path>, key: Option<PublicKey>) -> Self {
        let mut state = Self {
            folder: folder.map(|f| f.display().to_string()).unwrap_or_default(),
            open_path: String::new(),
            listed: Vec::new(),
            message: None,
            key,
            open: None,
            rating_form: rating_tab::RatingFormState::default(),
            cohort: None,
        };
        state.rescan();
        state
    }

    /// Lists the folder again.
    pub fn rescan(&mut self) {
        self.listed.clear();
        self.message = None;
        if self.folder.trim().is_empty() {
            self.message = Some("No record folder: type one, or a record's path.".into());
            return;
        }
        let dir = PathBuf::from(self.folder.trim());
        match summaries_in(&dir, self.key.as_ref()) {
            Ok(summaries) => {
                self.listed = summaries
                    .into_iter()
                    .map(|summary| ListedRecord {
                        path: dir.join(&summary.file),
                        summary,
                    })
                    .collect();
            }
            Err(e) => self.message = Some(format!("Cannot list {}: {e}", dir.display())),
        }
    }

    /// Opens a record; on failure the list stays and says why.
    pub fn open(&mut self, path: &Path) {
        match RecordView::open(path, self.key.as_ref()) {
            Ok(rec) => {
                self.open = Some(Box::new(rec));
                self.message = None;
            }
            Err(e) => self.message = Some(format!("Cannot open {}: {e}", path.display())),
        }
    }

    /// Does a browser-local command; returns the ones for the window ([`BrowserCommand::Branch`],
    /// [`BrowserCommand::ToStart`]).
    pub fn apply(&mut self, command: BrowserCommand) -> Option<BrowserCommand> {
        match command {
            BrowserCommand::Rescan => self.rescan(),
            BrowserCommand::Open(path) => self.open(&path),
            BrowserCommand::Close => self.open = None,
            BrowserCommand::Seek(tick) => {
                if let Some(rec) = &mut self.open {
                    rec.seek(tick);
                }
            }
            BrowserCommand::SaveReport(format) => {
                if let Some(rec) = &mut self.open {
                    rec.saved = Some(rec.save_report(format, self.key.as_ref()));
                }
            }
            BrowserCommand::Cohort => {
                let dir = PathBuf::from(self.folder.trim());
                match cohort_view::CohortView::load(&dir, self.key.as_ref()) {
                    Ok(c) => self.cohort = Some(c),
                    Err(e) => self.message = Some(e),
                }
            }
            BrowserCommand::SaveCohort => {
                if let Some(c) = &mut self.cohort {
                    c.save();
                }
            }
            BrowserCommand::SubmitRating => {
                if let Some(rec) = &self.open
                    && let Some(recovered) = rec.recovered()
                {
                    let path = recovered.path.clone();
                    let review = &rec.review;
                    self.rating_form
                        .submit(&path, review.report.as_ref(), review.end_tick());
                }
            }
            BrowserCommand::Branch | BrowserCommand::ToStart => return Some(command),
        }
        None
    }
}

/// What the browser asks for.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum BrowserCommand {
    /// List the folder again.
    Rescan,
    /// Open this record.
    Open(PathBuf),
    /// Back to the list.
    Close,
    /// Show this moment.
    Seek(Tick),
    /// Write the printable report next to the record.
    SaveReport(ReportFormat),
    /// Sign and store the rater's form (the Ratings tab).
    SubmitRating,
    /// Compute the listed folder's cohort.
    Cohort,
    /// Save the cohort's printable page in the folder.
    SaveCohort,
    /// Continue from the cursor as a practice run.
    Branch,
    /// Back to the scenario list.
    ToStart,
}

/// Draws the browser: the list, or the open record.
pub fn browser_ui(
    ui: &mut egui::Ui,
    state: &mut BrowserState,
    palette: &Palette,
) -> Option<BrowserCommand> {
    match &state.open {
        Some(rec) => open_record::record_ui(ui, rec, &mut state.rating_form, palette),
        None => {
            let mut out = None;
            egui::CentralPanel::default_margins()
                .show(ui, |ui| out = list::list_ui(ui, state, palette));
            out
        }
    }
}
