//! The run screen: a run in progress ([`RunState`]), its stepping (`logic.rs`), its
//! drawing (`ui.rs`) and its whole-window tests (`tests.rs`).

use std::path::PathBuf;

use perfsim_core::action::{Action, Actor, Role};
use perfsim_core::record::Mode;
use perfsim_core::scenario::Cues;
use perfsim_core::scenario::team::role_label;
use perfsim_core::session::Session;
use perfsim_core::time::Tick;

use crate::app::clock::{Speed, Stepper};
use crate::app::exam_info::ExamInfo;
use crate::app::screens::instructor::InstructorState;
use crate::app::widgets::controls::ControlsState;
use crate::app::widgets::trends::TrendCache;
use crate::app::{EventKind, TimelineEvent};
use perfsim_core::attempt::{Attempt, AttemptError};
use perfsim_core::record::RecordError;

#[cfg(test)]
mod a11y_tests;
#[cfg(test)]
mod console_tests;
#[cfg(test)]
mod cue_tests;
#[cfg(test)]
mod ecmo_tests;
#[cfg(test)]
mod edge_tests;
#[cfg(test)]
mod hlm_tests;
mod logic;
#[cfg(test)]
mod tests;
mod ui;

pub use self::logic::RunProgress;
pub use self::ui::{END_RUN, END_RUN_CONFIRM, procedure_text, run_ui};

/// A run in progress, with its window-side state.
#[derive(Debug)]
pub struct RunState {
    /// The run, recorded as it happens (or, in practice when recording failed, not).
    pub driver: Attempt,
    /// Practice or exam.
    pub mode: Mode,
    /// Candidate, facilitator and PIN (exams).
    pub exam: Option<ExamInfo>,
    /// Frozen by the facilitator (logged in the record).
    pub frozen: bool,
    /// The instructor console's state.
    pub instructor: InstructorState,
    /// Instructor console open.
    pub console_open: bool,
    /// Why the run is not (or no longer) being recorded: for the facilitator (the
    /// instructor console, and the end notice), never the trainee's console log.
    pub record_error: Option<String>,
    /// Wall time of the last heartbeat.
    pub(crate) last_beat_ns: Option<u64>,
    /// Where its scenario came from, to run it again.
    pub path: Option<PathBuf>,
    /// Wall time → ticks.
    pub stepper: Stepper,
    /// Practice speed.
    pub speed: Speed,
    /// Paused (practice mode).
    pub paused: bool,
    /// Trend caches.
    pub trends: TrendCache,
    /// Control-panel drafts.
    pub controls: ControlsState,
    /// A bolus waiting for the trainee's confirmation.
    pub pending_confirm: Option<Action>,
    /// Actions the console refused before applying them (value checks), with when.
    pub messages: Vec<(Tick, String)>,
    /// Briefing window open.
    pub show_briefing: bool,
    /// "End run" was pressed and waits for the trainee to confirm.
    pub confirm_end: bool,
    /// The trainee's actions and raised alarms, for the trends' markers, kept up to date
    /// incrementally (never faults, never the instructor's actions).
    pub markers: Vec<TimelineEvent>,
    /// Actions and events already turned into markers.
    pub(crate) marked: (usize, usize),
    /// The scenario's conditional hints and team lines.
    pub(crate) cues: Cues,
    /// What the surgeon and the anaesthetist have said, oldest first.
    pub team_said: Vec<TeamMessage>,
}

/// A line spoken by the theatre team: a scripted line or an answer to the perfusionist.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamMessage {
    /// When.
    pub tick: Tick,
    /// Who.
    pub who: Role,
    /// What.
    pub says: String,
}

impl TeamMessage {
    /// The line as the console log and the message strip show it.
    pub fn text(&self) -> String {
        format!("{}: \u{201c}{}\u{201d}", role_label(self.who), self.says)
    }
}

impl RunState {
    pub(crate) fn new(driver: Attempt, mode: Mode, path: Option<PathBuf>) -> Self {
        let mut trends = TrendCache::default();
        trends.update(driver.session().trace());
        let cues = Cues::new(driver.session().scenario());
        let mut run = Self {
            cues,
            team_said: Vec::new(),
            driver,
            mode,
            exam: None,
            frozen: false,
            instructor: InstructorState::default(),
            console_open: false,
            record_error: None,
            last_beat_ns: None,
            path,
            stepper: Stepper::default(),
            speed: Speed::X1,
            paused: false,
            trends,
            controls: ControlsState::default(),
            pending_confirm: None,
            messages: Vec::new(),
            show_briefing: false,
            confirm_end: false,
            markers: Vec::new(),
            marked: (0, 0),
        };
        run.update_markers();
        // A run continued or branched part-way: the lines already due were spoken (and
        // what they did is in the log), so they are not spoken again.
        if run.session().tick() > 0 {
            let _ = run.cues.update(run.driver.session());
        } else {
            run.speak_due_lines();
        }
        run
    }

    /// One tick of the run, and on each whole simulated second the team's lines that fall
    /// due (as the trace is sampled, so a line falls on the same tick whatever the frame
    /// rate or a fast-forward).
    pub(crate) fn step_once(&mut self) {
        self.driver.step();
        if self
            .driver
            .session()
            .tick()
            .is_multiple_of(perfsim_core::time::TICKS_PER_SEC)
        {
            self.speak_due_lines();
        }
    }

    /// The team's lines that fall due now: each goes to the console log and the message
    /// strip, and what the speaker does (the surgeon taking the cross-clamp off) is
    /// logged as the scenario's own action (by the instructor actor), so the record
    /// replays it. Called on each whole simulated second.
    pub(crate) fn speak_due_lines(&mut self) {
        for spoken in self.cues.update(self.driver.session()) {
            let does = self
                .session()
                .scenario()
                .team
                .lines
                .get(spoken.line)
                .and_then(|l| l.does.clone());
            self.team_said.push(TeamMessage {
                tick: spoken.tick,
                who: spoken.who,
                says: spoken.says,
            });
            if let Some(action) = does {
                let done = self.driver.act(Actor::Instructor, action);
                if let Some(why) = self.instructor_outcome(done) {
                    self.messages.push((spoken.tick, why));
                }
            }
        }
    }

    /// A practice run that continues `session` from its current tick, keeping its log
    /// (the record browser's "rewind and branch"). A branch is not recorded: the attempt
    /// it came from already is.
    pub fn from_session(session: Session, path: Option<PathBuf>) -> Self {
        Self::new(Attempt::plain(session), Mode::Practice, path)
    }

    /// The session.
    pub fn session(&self) -> &Session {
        self.driver.session()
    }

    /// A trainee's action, through the attempt driver. A refusal goes to the trainee's
    /// console log; a record that cannot be written goes to the facilitator.
    pub(crate) fn act_as_trainee(&mut self, action: Action) {
        if self.frozen {
            // Frozen by the facilitator, or stopped because the record failed: the
            // candidate's controls do nothing.
            return;
        }
        let told = match action {
            Action::Notify { who } => Some(who),
            _ => None,
        };
        match self.driver.act(Actor::Trainee, action) {
            Ok(()) => {
                if let Some(who) = told {
                    let says = self.cues.reply(self.driver.session(), who).to_string();
                    let tick = self.session().tick();
                    self.team_said.push(TeamMessage { tick, who, says });
                }
            }
            Err(AttemptError::Refused(e)) => {
                let tick = self.session().tick();
                self.messages.push((tick, e.to_string()));
            }
            Err(AttemptError::Record(e)) => self.record_failed(&e),
        }
    }

    /// The instructor's outcome of an attempt call: a refusal is the instructor's to see
    /// (returned), a record failure is handled by [`RunState::record_failed`].
    pub(crate) fn instructor_outcome(&mut self, done: Result<(), AttemptError>) -> Option<String> {
        match done {
            Ok(()) => None,
            Err(AttemptError::Refused(e)) => Some(e.to_string()),
            Err(AttemptError::Record(e)) => {
                self.record_failed(&e);
                self.record_error.clone()
            }
        }
    }

    /// The record could not be written. An exam stops safely: frozen where it is, its
    /// record intact up to the last line written (an interrupted record the facilitator
    /// can continue), and nothing the candidate does is applied unrecorded. A practice run
    /// goes on unrecorded. Either way the facilitator is told why.
    pub(crate) fn record_failed(&mut self, error: &RecordError) {
        let path = self.driver.record_path().map(|p| p.display().to_string());
        let at = perfsim_core::time::clock_label(self.session().tick());
        let path = path.unwrap_or_default();
        self.record_error = Some(match self.mode {
            Mode::Exam => {
                self.frozen = true;
                format!(
                    "The record {path} cannot be written ({error}), so the exam stopped at {at}. \
                     The record is intact up to here and can be continued."
                )
            }
            Mode::Practice => {
                self.driver.stop_recording();
                format!(
                    "The record {path} cannot be written ({error}); this practice run goes on unrecorded from {at}."
                )
            }
        });
    }

    /// Adds markers for the trainee's actions and raised alarms since the last call
    /// (never faults, never the instructor's actions).
    pub(crate) fn update_markers(&mut self) {
        let (actions_seen, events_seen) = self.marked;
        let log = self.driver.session().log();
        let events = self.driver.session().events();
        for a in log
            .get(actions_seen..)
            .unwrap_or_default()
            .iter()
            .filter(|a| a.actor == Actor::Trainee)
        {
            self.markers.push(TimelineEvent {
                tick: a.tick,
                kind: EventKind::Action,
                text: a.action.describe(),
            });
        }
        for e in events.get(events_seen..).unwrap_or_default() {
            if let perfsim_core::model::events::Event::AlarmRaised { alarm } = e.event {
                self.markers.push(TimelineEvent {
                    tick: e.tick,
                    kind: EventKind::Alarm,
                    text: format!("Alarm: {}", alarm.label()),
                });
            }
        }
        self.marked = (log.len(), events.len());
    }
}

/// An action script drives the run screen's run as it drives a bare attempt, with the
/// team speaking on the way (fast-forwards and demos).
impl perfsim_core::script::Drive for RunState {
    type Error = AttemptError;

    fn session(&self) -> &Session {
        self.driver.session()
    }

    fn act(&mut self, actor: Actor, action: Action) -> Result<(), AttemptError> {
        self.driver.act(actor, action)
    }

    fn step(&mut self) {
        self.step_once();
    }
}
