//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use perfsim_core::action::{Action, Actor, LoggedAction};
use perfsim_core::model::Snapshot;
use perfsim_core::scenario::Scenario;
use perfsim_core::session::Session;
use perfsim_core::time::tick_from_secs;

/// Path of a file in the repository.
pub fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Loads a scenario from `scenarios/`.
pub fn scenario(name: &str) -> Arc<Scenario> {
    let path = repo_path(&format!("scenarios/{name}.ron"));
    Arc::new(Scenario::load(&path).unwrap_or_else(|e| panic!("{e}")))
}

/// Actions at seconds; instructor-only actions are issued by the instructor.
pub fn script(actions: &[(f64, Action)]) -> Vec<LoggedAction> {
    actions
        .iter()
        .map(|(t_s, action)| LoggedAction {
            tick: tick_from_secs(*t_s),
            actor: if action.is_instructor_only() {
                Actor::Instructor
            } else {
                Actor::Trainee
            },
            action: action.clone(),
        })
        .collect()
}

/// Runs `scenario` with `seed` and the script for `secs` simulated seconds.
pub fn run(scenario: &Arc<Scenario>, seed: u64, actions: &[(f64, Action)], secs: f64) -> Session {
    let mut session = Session::new(scenario.clone(), seed);
    session
        .run_script(&script(actions), tick_from_secs(secs), |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    session
}

/// The 1 Hz sample at `secs`.
pub fn at(session: &Session, secs: u64) -> &Snapshot {
    &session.trace()[secs as usize]
}
