//! [`Command`]: everything the window can be asked to do. UI code returns these; one
//! function (`App::apply`, in `apply.rs`) does them.

use std::path::PathBuf;
use std::sync::Arc;

use perfsim_core::action::{Action, Drug};
use perfsim_core::scenario::Scenario;

use super::clock::Speed;
use super::prefs::{ThemeChoice, TrendWindow};
use super::screens::exam_setup::ExamSetupCommand;
use super::screens::instructor::InstructorCommand;
use super::screens::records::BrowserCommand;

/// Everything the window can be asked to do; UI code returns these, `apply` does them.
#[must_use]
#[derive(Clone, Debug)]
pub enum Command {
    /// A trainee action.
    Act(Action),
    /// A bolus, confirmed first if large or dangerous.
    Bolus {
        /// Which drug.
        drug: Drug,
        /// Dose in its bolus unit.
        dose: f64,
    },
    /// Give the bolus waiting for confirmation.
    ConfirmPending,
    /// Drop the bolus waiting for confirmation.
    CancelPending,
    /// Pause or resume (practice).
    TogglePause,
    /// Change speed (practice).
    SetSpeed(Speed),
    /// End the run now and debrief.
    EndRun,
    /// Theme.
    SetTheme(ThemeChoice),
    /// Alarm tone volume (0-1) and mute.
    SetAlarmSound {
        /// Loudness, 0-1.
        volume: f32,
        /// Tones off.
        muted: bool,
    },
    /// Save the debrief's printable report (HTML).
    SaveReport,
    /// Download the debrief's record, kept in memory (the browser).
    DownloadRecord,
    /// Open a file with the system's file dialog.
    PickFile(crate::app::files::FileKind),
    /// Zoom on top of the system's scale.
    SetZoom(f32),
    /// Trend window.
    SetTrendWindow(TrendWindow),
    /// Show or hide the keyboard help.
    ToggleHelp,
    /// Show or hide the briefing during a run.
    ToggleBriefing,
    /// Start a scenario.
    Start {
        /// The scenario.
        scenario: Arc<Scenario>,
        /// Its file, if any.
        path: Option<PathBuf>,
        /// Seed.
        seed: u64,
    },
    /// Remember the scenario folder.
    FolderChanged(PathBuf),
    /// Run the debriefed scenario again.
    Again,
    /// Back to the scenario list.
    ToStart,
    /// Ask for the programme passphrase to open the record browser.
    OpenRecords,
    /// Open the record browser's list if this passphrase opens the programme key.
    OpenRecordsWith(String),
    /// Stop asking for the records passphrase.
    CancelRecords,
    /// Something the record browser asked for.
    Browser(BrowserCommand),
    /// Open the exam setup.
    OpenExamSetup,
    /// From the exam setup.
    ExamSetup(ExamSetupCommand),
    /// From the instructor console.
    Instructor(InstructorCommand),
    /// Open or close the instructor console.
    ToggleConsole,
    /// Open an ended exam's report with this PIN.
    UnlockReport(String),
    /// Continue the interrupted attempt at this index.
    ContinueInterrupted(usize),
    /// Stop offering the interrupted attempt at this index (the file stays).
    DismissInterrupted(usize),
    /// Record to this folder from now on.
    SetRecordFolder(PathBuf),
    /// Hide the notice.
    DismissNotice,
}
