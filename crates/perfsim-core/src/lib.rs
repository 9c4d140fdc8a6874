//! perfsim's core: everything that is not drawing or argument parsing.
//!
//! A scenario file becomes a checked [`scenario::Scenario`]; a [`session::Session`] runs it
//! on the patient-and-circuit [`model`] with a seed, changed only by typed
//! [`action::Action`]s logged with their tick; [`script::run`] is the one loop that runs
//! an action script; [`attempt::Attempt`] drives a session with or without its record
//! (one [`attempt::AttemptError`]: refused action or unwritable record); [`scoring`]
//! scores a run ([`session::Session::report`]); [`record`] writes and checks signed
//! attempt records; [`review::Review`] is a finished or opened attempt ready to debrief:
//! final session, checkpoints, report and one timeline. This crate never imports egui,
//! never reads the wall clock and takes all randomness from the run's seed: its
//! `Cargo.toml` has no window or clock-reading dependency, and `clippy.toml` forbids the
//! clock. See ARCHITECTURE.md for the map.

pub mod action;
pub mod attempt;
pub mod bounded;
pub mod checklist;
pub mod model;
pub mod programme;
pub mod record;
pub mod review;
pub mod ron_file;
pub mod scenario;
pub mod scoring;
pub mod script;
pub mod session;
pub mod time;
pub mod trace;
