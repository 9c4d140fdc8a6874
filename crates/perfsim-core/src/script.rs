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

use crate::action::{Actor, LoggedAction, ScriptedAction};
use crate::model::circuit::Applicability;
use crate::model::config::CircuitKind;
use crate::ron_file::{self, FileError};
use crate::time::tick_from_secs;

mod drive;

/// The latest time an action file may name: a day (no scenario runs longer).
pub const MAX_T_S: f64 = 86_400.0;

pub use drive::{Drive, RunError, ScriptError, run};

/// Reads and checks an action file's values; returns the actions sorted by tick
/// (stable, so actions written for the same second keep their order). Use
/// [`load_for`] when the circuit it will run on is known.
pub fn load(path: &Path) -> Result<Vec<LoggedAction>, FileError> {
    let text = ron_file::read(path)?;
    parse(&path.display().to_string(), &text)
}

/// Reads an action file to run on `circuit`: as [`load`], and every action must exist
/// on that circuit.
pub fn load_for(path: &Path, circuit: CircuitKind) -> Result<Vec<LoggedAction>, FileError> {
    let text = ron_file::read(path)?;
    parse_with(
        &path.display().to_string(),
        &text,
        Some(Applicability::of(circuit)),
    )
}

/// Parses action-file text, checking values only; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Vec<LoggedAction>, FileError> {
    parse_with(file, text, None)
}

/// Parses action-file text; with `applicability`, each action must also be one that
/// circuit has. Errors name `file`, the entry's line and column, and what was expected.
pub fn parse_with(
    file: &str,
    text: &str,
    applicability: Option<&Applicability>,
) -> Result<Vec<LoggedAction>, FileError> {
    let raw: Vec<ScriptedAction> = ron_file::parse(file, text)?;
    // Where each entry begins, outside comments and strings.
    let mask = ron_file::locate::code_mask(text);
    let entries = ron_file::locate::list_entries(text, &mask, 0);
    let mut out = Vec::with_capacity(raw.len());
    for (i, a) in raw.into_iter().enumerate() {
        let locate = |message: String| {
            let offset = entries.get(i).copied().unwrap_or(0);
            ron_file::error_at_offset(file, text, offset, message)
        };
        if !(a.t_s.is_finite() && a.t_s >= 0.0 && a.t_s <= MAX_T_S) {
            return Err(locate(format!(
                "action {}: t_s must be from 0 to {MAX_T_S} seconds, not {}",
                i + 1,
                crate::bounded::short(a.t_s)
            )));
        }
        if let Err(e) = a.action.check() {
            return Err(locate(format!("action {}: {e}", i + 1)));
        }
        if a.actor == Actor::Trainee && a.action.is_instructor_only() {
            return Err(locate(format!(
                "action {}: {} is the instructor's; expected `actor: Instructor` on this line \
                 or an action the trainee's console has",
                i + 1,
                a.action.describe()
            )));
        }
        if let Some(table) = applicability
            && let Err(e) = table.check_action(&a.action)
        {
            return Err(locate(format!(
                "action {}: {e}; expected an action a {} console has",
                i + 1,
                table.circuit.label()
            )));
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
