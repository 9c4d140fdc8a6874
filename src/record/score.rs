//! The seam between records and the scoring engine.
//!
//! Records store the scoring report as JSON so this module is the only place that needs
//! to know the engine's types. Until the scoring engine is merged it scores nothing.

use crate::session::Session;

/// The scoring report of a finished (or replayed) session as JSON, or `None` when the
/// session is not scored.
///
/// Wiring point for the scoring engine: return
/// `serde_json::to_value(crate::scoring::score(s.scenario(), s.log(), s.events(), s.trace())).ok()`.
/// The summary reads `score_pct`, `passed`, `critical_actions[].{name,status}` and
/// `never_events[].name` from this JSON.
pub fn report_json(session: &Session) -> Option<serde_json::Value> {
    let _ = session;
    None
}
