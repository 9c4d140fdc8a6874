//! Action scripts: action files (a RON list of actions with their simulated times, as
//! people write them) and [`run`], the one loop that applies a script while stepping.
//!
//! ```ron
//! [
//!     (t_s: 120, action: SetFio2(fio2: 1.0)),
//!     (t_s: 125, action: PumpStop),
//!     (t_s: 300, actor: Instructor, action: SetSvrFactor(factor: 0.6)),
//! ]
//! ```

use std::path::Path;

use crate::action::{Action, ActionError, Actor, LoggedAction, ScriptedAction};
use crate::ron_file::{self, FileError};
use crate::session::Session;
use crate::time::{Tick, tick_from_secs};

/// Reads and checks an action file; returns the actions sorted by tick (stable, so
/// actions written for the same second keep their order).
pub fn load(path: &Path) -> Result<Vec<LoggedAction>, FileError> {
    let text = ron_file::read(path)?;
    parse(&path.display().to_string(), &text)
}

/// Parses action-file text; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Vec<LoggedAction>, FileError> {
    let raw: Vec<ScriptedAction> = ron_file::parse(file, text)?;
    let mut out = Vec::with_capacity(raw.len());
    for (i, a) in raw.into_iter().enumerate() {
        // Point at the i-th entry's `t_s`, where that entry starts.
        let locate = |message: String| {
            let offset = text.match_indices("t_s").nth(i).map_or(0, |(o, _)| o);
            ron_file::error_at_offset(file, text, offset, message)
        };
        if !(a.t_s.is_finite() && a.t_s >= 0.0) {
            return Err(locate(format!(
                "action {}: t_s must be 0 or more seconds, not {}",
                i + 1,
                a.t_s
            )));
        }
        if let Err(e) = a.action.check() {
            return Err(locate(format!("action {}: {e}", i + 1)));
        }
        out.push(LoggedAction {
            tick: tick_from_secs(a.t_s),
            actor: a.actor,
            action: a.action,
        });
    }
    out.sort_by_key(|a| a.tick);
    Ok(out)
}

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
