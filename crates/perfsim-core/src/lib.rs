//! perfsim's core: everything that is not drawing or argument parsing.
//!
//! A scenario file becomes a checked [`scenario::Scenario`]; a [`session::Session`] runs it
//! on the patient-and-circuit [`model`] with a seed, changed only by typed
//! [`action::Action`]s logged with their tick; [`scoring`] scores a finished run;
//! [`record`] writes and checks signed attempt records. This crate never imports egui,
//! never reads the wall clock and takes all randomness from the run's seed: its
//! `Cargo.toml` has no window or clock-reading dependency, and `clippy.toml` forbids the
//! clock. See ARCHITECTURE.md for the map.

pub mod action;
pub mod attempt;
pub mod bounded;
pub mod model;
pub mod record;
pub mod review;
pub mod ron_file;
pub mod scenario;
pub mod scoring;
pub mod script;
pub mod session;
pub mod time;
pub mod trace;
