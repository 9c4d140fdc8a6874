//! The run's stepping, once a frame before anything is drawn: the ticks due by the wall
//! clock (a fixed-step integer accumulator, capped per frame), heartbeats to the record,
//! trend markers and the instructor's live score.

use std::time::Duration;

use perfsim_core::record::Mode;
use perfsim_core::time::Tick;

use super::RunState;
use crate::app::clock::Speed;
use crate::app::screens::instructor::LiveScore;

/// How often (simulated ticks) the instructor console re-scores the run.
const LIVE_SCORE_EVERY: Tick = 5 * perfsim_core::time::TICKS_PER_SEC;

/// How often the window redraws while a run plays.
const REPAINT_EVERY: Duration = Duration::from_millis(50);

/// Whether the run goes on after this frame's stepping.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunProgress {
    /// Still running (or paused).
    Running,
    /// The scenario's time is up: debrief.
    Finished,
}

impl RunState {
    /// The frame's model work at wall time `now_ns`. Draws nothing.
    pub fn logic(&mut self, ctx: &egui::Context, now_ns: u64) -> RunProgress {
        if self.paused || self.frozen {
            self.stepper.pause();
        } else {
            let speed = match self.mode {
                Mode::Practice => self.speed,
                Mode::Exam => Speed::X1,
            };
            let due = self.stepper.ticks_due(now_ns, speed);
            for _ in 0..due {
                if self.driver.session().is_finished() {
                    break;
                }
                self.step_once();
            }
            self.trends.update(self.driver.session().trace());
            ctx.request_repaint_after(REPAINT_EVERY);
        }
        // About once a wall second the record learns the attempt is still running.
        let beat_due = self
            .last_beat_ns
            .is_none_or(|last| now_ns.saturating_sub(last) >= 1_000_000_000);
        if beat_due && self.record_error.is_none() {
            self.last_beat_ns = Some(now_ns);
            if let Err(perfsim_core::attempt::AttemptError::Record(e)) = self.driver.heartbeat() {
                self.record_failed(&e);
            }
        }
        self.update_markers();
        let console_shows =
            self.console_open && (self.instructor.unlocked || self.mode == Mode::Practice);
        let tick = self.driver.session().tick();
        let stale = self
            .instructor
            .live_score
            .is_none_or(|s| tick >= s.tick + LIVE_SCORE_EVERY || tick < s.tick);
        if console_shows && stale {
            self.instructor.live_score = LiveScore::of(self.driver.session());
        }
        if self.driver.session().is_finished() {
            RunProgress::Finished
        } else {
            RunProgress::Running
        }
    }
}
