//! The one loop that runs an action script, over anything that can be driven: a bare
//! [`Session`] or an attempt that records as it goes.

use crate::action::{Action, ActionError, Actor, LoggedAction};
use crate::session::Session;
use crate::time::Tick;

/// Something an action script can drive: a bare [`Session`] or an
/// [`crate::attempt::Attempt`] (which also records each action).
pub trait Drive {
    /// Why an action was not taken.
    type Error: std::error::Error + 'static;
    /// The session driven.
    fn session(&self) -> &Session;
    /// Checks, logs (and, for an attempt, records) and applies an action now.
    fn act(&mut self, actor: Actor, action: Action) -> Result<(), Self::Error>;
    /// Advances one tick.
    fn step(&mut self);
}

/// An action of a script that could not be taken, and which one.
#[derive(Debug, thiserror::Error)]
#[error("action {action} at tick {tick}: {source}")]
pub struct ScriptError<E: std::error::Error + 'static> {
    /// 1-based index of the action in the script.
    pub action: usize,
    /// The tick it was logged for.
    pub tick: Tick,
    /// Why it was not taken.
    #[source]
    pub source: E,
}

/// The one loop that runs an action script: steps `driven` to `end` (actions logged at
/// `end` itself are not applied), applying each action of `script` at its tick and
/// calling `after_step` after every tick. `script` must be sorted by tick; actions before
/// the current tick are applied at once. Returns how many actions were applied.
///
/// `after_step` may stop the run with an error of its own (a heartbeat the record
/// refused, a trace row that could not be written).
pub fn run<D: Drive, F>(
    driven: &mut D,
    script: &[LoggedAction],
    end: Tick,
    mut after_step: impl FnMut(&mut D) -> Result<(), F>,
) -> Result<usize, RunError<D::Error, F>> {
    let mut next = 0;
    while driven.session().tick() < end {
        while let Some(a) = script
            .get(next)
            .filter(|a| a.tick <= driven.session().tick())
        {
            driven.act(a.actor, a.action.clone()).map_err(|source| {
                RunError::Action(ScriptError {
                    action: next + 1,
                    tick: a.tick,
                    source,
                })
            })?;
            next += 1;
        }
        driven.step();
        after_step(driven).map_err(RunError::AfterStep)?;
    }
    Ok(next)
}

/// Why [`run`] stopped early.
#[derive(Debug)]
pub enum RunError<E: std::error::Error + 'static, F> {
    /// An action of the script was not taken.
    Action(ScriptError<E>),
    /// The caller's per-tick work failed.
    AfterStep(F),
}

impl<E: std::error::Error + 'static> RunError<E, std::convert::Infallible> {
    /// The script error, when the per-tick work cannot fail.
    pub fn into_script_error(self) -> ScriptError<E> {
        match self {
            RunError::Action(e) => e,
            RunError::AfterStep(never) => match never {},
        }
    }
}

impl Drive for Session {
    type Error = ActionError;

    fn session(&self) -> &Session {
        self
    }

    fn act(&mut self, actor: Actor, action: Action) -> Result<(), ActionError> {
        Session::act(self, actor, action)
    }

    fn step(&mut self) {
        Session::step(self);
    }
}
