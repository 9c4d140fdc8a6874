//! The programme's side of perfsim: what a programme director does with finished,
//! signed attempt records, built on the record's public API (open, verify, replay,
//! review) and never changing a record.
//!
//! - [`rating`]: a human rater's judgement of one attempt (PINTS non-technical skills,
//!   a global rating, notes pinned to moments, overrides of automatic items), read from
//!   a RON form ([`rating_form`]), signed by the rater's own key and stored beside the
//!   record ([`signed`]); [`panel`] puts several raters side by side (mean, spread,
//!   disagreement), [`raters`] is the programme's list of rater keys, and [`release`] is the facilitator's signed release of their feedback
//!   to the candidate.
//! - [`cohort`]: a folder of attempts at a glance (pass rates, score distributions,
//!   item difficulty, never-events, rater agreement, a borderline-regression pass mark,
//!   each candidate's attempts over time), rendered by [`cohort_render`].
//! - [`trends`]: the run's trend plots with fault onset, cues, alarms and actions marked,
//!   for the printed debrief.
//! - [`perfusion`]: the perfusionist's chart of a run, rendered by [`perfusion_render`].
//! - [`caselog`] and [`certificate`]: a candidate's case log and a signed one-page
//!   simulation certificate per attempt.
//! - [`svg`]: the small SVG plots these pages draw (no script, prints as it shows).

pub mod caselog;
pub mod certificate;
pub mod cohort;
pub mod cohort_render;
pub mod html;
pub mod panel;
pub mod perfusion;
pub mod perfusion_render;
pub mod raters;
pub mod rating;
pub mod rating_form;
pub mod release;
pub mod signed;
pub mod svg;
pub mod trainee_chart;
pub mod trends;

pub use panel::RatingPanel;
pub use rating::{GlobalRating, PintsItem, Rating};
pub use signed::{RatingCheck, SignedRating, StoredRating};
