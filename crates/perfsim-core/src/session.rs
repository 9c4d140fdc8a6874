//! A run in progress: scenario, model, action log, events and the 1 Hz trace.
//!
//! Everything that changes a run goes through [`Session::act`], which checks the action,
//! logs it with its tick and actor, and applies it. The window, the command line and the
//! tests all drive a `Session` the same way, so any run can be replayed from its log.

use std::sync::Arc;

use crate::action::{Action, ActionError, Actor, LoggedAction};
use crate::model::circuit::Applicability;
use crate::model::events::LoggedEvent;
use crate::model::{Sim, Snapshot};
use crate::scenario::Scenario;
use crate::scoring::Report;
use crate::script::{RunError, ScriptError};
use crate::time::{TICKS_PER_SEC, Tick};

/// A run of one scenario with one seed.
#[derive(Clone, Debug)]
pub struct Session {
    scenario: Arc<Scenario>,
    seed: u64,
    sim: Sim,
    log: Vec<LoggedAction>,
    /// Parallel to `log`: whether the console refused that action (it is logged, so a
    /// replay refuses it again, but it changed nothing and scores nothing).
    refused: Vec<bool>,
    events: Vec<LoggedEvent>,
    trace: Vec<Snapshot>,
}

impl Session {
    /// Starts a run at tick 0.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Self {
        let sim = Sim::new(&scenario.model, seed);
        let trace = vec![sim.snapshot()];
        Self {
            scenario,
            seed,
            sim,
            log: Vec::new(),
            refused: Vec::new(),
            events: Vec::new(),
            trace,
        }
    }

    /// Checks, logs and applies an action at the current tick.
    pub fn act(&mut self, actor: Actor, action: Action) -> Result<(), ActionError> {
        self.check(actor, &action)?;
        self.sim.apply(&action);
        let first_new = self.events.len();
        self.events.extend(self.sim.drain_events());
        // Only `Sim::apply` raises `Refused`, so a refusal among the events just drained
        // belongs to this action.
        self.refused.push(
            self.events[first_new..]
                .iter()
                .any(|e| matches!(e.event, crate::model::events::Event::Refused { .. })),
        );
        self.log.push(LoggedAction {
            tick: self.sim.tick(),
            actor,
            action,
        });
        Ok(())
    }

    /// Whether [`Session::act`] would accept this action from this actor now. Lets a
    /// recorder write an action ahead of applying it.
    pub fn check(&self, actor: Actor, action: &Action) -> Result<(), ActionError> {
        action.check()?;
        Applicability::of(self.sim.circuit().kind()).check_action(action)?;
        if let Action::CheckItem { list, .. } = action
            && !self.scenario.checklists.contains(list)
        {
            return Err(ActionError::ChecklistNotInScenario { list: *list });
        }
        if actor == Actor::Trainee && action.is_instructor_only() {
            return Err(ActionError::InstructorOnly {
                description: action.describe(),
            });
        }
        Ok(())
    }

    /// Advances one tick; records a trace sample on each whole second.
    pub fn step(&mut self) {
        self.sim.step();
        self.events.extend(self.sim.drain_events());
        if self.sim.tick().is_multiple_of(TICKS_PER_SEC) {
            self.trace.push(self.sim.snapshot());
        }
    }

    /// Runs to `end` (exclusive of actions at `end`), applying each logged action at its
    /// tick and calling `on_tick` after each tick: [`crate::script::run`] on a bare
    /// session. `script` must be sorted by tick. Returns how many actions were applied.
    pub fn run_script(
        &mut self,
        script: &[LoggedAction],
        end: Tick,
        mut on_tick: impl FnMut(&Session),
    ) -> Result<usize, ScriptError<ActionError>> {
        crate::script::run(self, script, end, |s| {
            on_tick(s);
            Ok::<(), std::convert::Infallible>(())
        })
        .map_err(RunError::into_script_error)
    }

    /// The scoring report of the run so far (the debrief, the instructor's live score,
    /// the record's footer and `perfsim run --report` all read this one). A scenario
    /// without a rubric scores against an empty one.
    pub fn report(&self) -> Report {
        crate::scoring::score(
            &self.scenario,
            &crate::scoring::RunLog {
                log: &self.log,
                refused: &self.refused,
                events: &self.events,
                trace: &self.trace,
            },
        )
    }

    /// The current tick.
    pub fn tick(&self) -> Tick {
        self.sim.tick()
    }

    /// The model (read-only: change it through [`Session::act`]).
    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    /// The scenario.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Every action so far, in the order applied.
    pub fn log(&self) -> &[LoggedAction] {
        &self.log
    }

    /// Parallel to [`Session::log`]: whether the console refused each action.
    pub fn refused(&self) -> &[bool] {
        &self.refused
    }

    /// Every event so far, in order.
    pub fn events(&self) -> &[LoggedEvent] {
        &self.events
    }

    /// One snapshot per simulated second, from tick 0.
    pub fn trace(&self) -> &[Snapshot] {
        &self.trace
    }

    /// Whether the scenario's time is up.
    pub fn is_finished(&self) -> bool {
        self.tick() >= self.scenario.duration_ticks
    }
}
