//! The programme's side: human raters, cohort analytics, the perfusion record, the case
//! log and the simulation certificate. Every test writes its records with `perfsim run
//! --record` into its own temporary folder, with its own keys, and never touches the
//! user's data folder.

mod cohort;
mod paperwork;
mod perfusion;
mod rating;
mod support;
