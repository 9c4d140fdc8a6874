//! Scoring: a pure function of a scenario's rubric, the action log and the run.
//! (The scoring engine lands with the scoring issue; the rubric type is here so
//! scenario files can carry one.)

use serde::{Deserialize, Serialize};

/// A scenario's rubric.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rubric {}
