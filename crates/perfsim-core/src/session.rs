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
use crate::time::{TICKS_PER_SEC, Tick};

/// A run of one scenario with one seed.
#[derive(Clone, Debug)]
pub struct Session {
    scenario: Arc<Scenario>,
    seed: u64,
    sim: Sim,
    log: Vec<LoggedAction>,
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
            events: Vec::new(),
            trace,
        }
    }

    /// Checks, logs and applies an action at the current tick.
    pub fn act(&mut self, actor: Actor, action: Action) -> Result<(), ActionError> {
        self.check(actor, &action)?;
        self.sim.apply(&action);
        self.events.extend(self.sim.drain_events());
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
    /// tick. `script` must be sorted by tick; actions before the current tick are an error
    /// of the caller and are applied at once. Returns how many actions were applied.
    pub fn run_script(
        &mut self,
        script: &[LoggedAction],
        end: Tick,
        mut on_tick: impl FnMut(&Session),
    ) -> Result<usize, ActionError> {
        let mut next = 0;
        while self.tick() < end {
            while next < script.len() && script[next].tick <= self.tick() {
                let a = &script[next];
                self.act(a.actor, a.action.clone())
                    .map_err(|e| ActionError::InScript {
                        number: next + 1,
                        tick: a.tick,
                        source: Box::new(e),
                    })?;
                next += 1;
            }
            self.step();
            on_tick(self);
        }
        Ok(next)
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
