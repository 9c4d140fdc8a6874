//! The one error of driving an attempt, split by who must hear about it.

use crate::action::ActionError;
use crate::record::RecordError;

/// Why an attempt did not take a step: the console refused it (tell the trainee), or the
/// record could not be written (tell the facilitator; an exam must stop safely).
#[derive(Debug, thiserror::Error)]
pub enum AttemptError {
    /// The action was refused (out of range, or not the trainee's to take). Nothing was
    /// logged, recorded or applied. Shown to whoever acted.
    #[error(transparent)]
    Refused(ActionError),
    /// The record could not be written. Nothing was applied. Shown to the facilitator,
    /// never in the trainee's console log.
    #[error(transparent)]
    Record(#[from] RecordError),
}

impl AttemptError {
    /// Whether this is the record failing (the facilitator's problem), not a refusal.
    pub fn is_record(&self) -> bool {
        matches!(self, AttemptError::Record(_))
    }
}
