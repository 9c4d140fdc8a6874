//! The seam between records and the scoring engine.
//!
//! Records store the scoring report as JSON so this module is the only place that needs
//! to know the engine's types.

use crate::session::Session;

/// The scoring report of a finished (or replayed) session as JSON, or `None` when the
/// scenario has no rubric. The summary reads `score_pct`, `passed`,
/// `critical_actions[].{name,status}` and `never_events[].name` from this JSON.
pub fn report_json(session: &Session) -> Option<serde_json::Value> {
    session.scenario().rubric.as_ref()?;
    serde_json::to_value(session.report()).ok()
}
