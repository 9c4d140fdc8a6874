//! Why the console refused an action.

use crate::action::{Checklist, Drug, Limit};
use crate::model::circuit::applies::NotAvailable;

/// A problem with an action: a value out of range, an action this actor or this
/// circuit cannot do. Messages are what the trainee's console shows.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ActionError {
    /// A numeric value outside the console's limit.
    #[error("{parameter} must be between {} and {} {}, not {}", crate::bounded::short(limit.min), crate::bounded::short(limit.max), limit.unit, crate::bounded::short(*value))]
    OutOfRange {
        /// The parameter, as the message names it.
        parameter: String,
        /// The value asked for.
        value: f64,
        /// The limit it broke.
        limit: Limit,
    },
    /// An infusion of a drug given only as a bolus.
    #[error("{} is given as a bolus, not an infusion", drug.label())]
    BolusOnly {
        /// The drug.
        drug: Drug,
    },
    /// An injected fault whose severity, ramp or onset is invalid.
    #[error("{message}")]
    InvalidFault {
        /// What was wrong.
        message: String,
    },
    /// A trainee asked for something only the instructor may do.
    #[error("only the instructor can do this: {description}")]
    InstructorOnly {
        /// The action, described.
        description: String,
    },
    /// A checklist item the list does not have.
    #[error("the {} checklist has items 1 to {items}, not {item}", list.spec().title)]
    NoSuchItem {
        /// The list.
        list: Checklist,
        /// The item asked for.
        item: u8,
        /// How many items it has.
        items: usize,
    },
    /// A checklist the scenario does not list.
    #[error("this scenario has no {} checklist", list.spec().title)]
    ChecklistNotInScenario {
        /// The list.
        list: Checklist,
    },
    /// The action (or the fault it injects) does not exist on this circuit.
    #[error(transparent)]
    NotAvailable(#[from] NotAvailable),
}
