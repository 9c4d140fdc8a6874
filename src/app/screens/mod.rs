//! One module per screen, each with its state type, its `logic` (stepping, if any) and
//! its `*_ui`; whole-window tests of a screen sit in a `tests.rs` beside it.

pub mod debrief;
pub mod exam_done;
pub mod exam_setup;
pub mod instructor;
pub mod records;
pub mod run;
pub mod start;

use self::debrief::DebriefState;
use self::exam_done::ExamDone;
use self::exam_setup::ExamSetupState;
use self::records::BrowserState;
use self::run::RunState;
use self::start::StartState;

/// What the window shows.
#[derive(Debug)]
pub enum Screen {
    /// Scenario picker and briefing.
    Start(StartState),
    /// A run.
    Run(Box<RunState>),
    /// After the run.
    Debrief(Box<DebriefState>),
    /// The facilitator's record browser.
    Browser(Box<BrowserState>),
    /// The facilitator sets up an exam.
    ExamSetup(Box<ExamSetupState>),
    /// An exam ended: the candidate waits; the report opens behind the PIN.
    ExamDone(Box<ExamDone>),
}
