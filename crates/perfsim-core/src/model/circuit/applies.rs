//! Which actions, faults, alarms and monitors each circuit kind has.
pub trait Applicability {}
