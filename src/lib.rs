//! perfsim: a trainer for the emergencies of cardiopulmonary bypass.
//!
//! The model core ([`model`], [`scenario`], [`session`], [`scoring`]) never imports
//! egui, never reads the wall clock and takes all randomness from the run's seed. The
//! window ([`app`]) and the command line ([`cli`]) drive it through typed actions.
//! See ARCHITECTURE.md for the map.

pub mod action;
pub mod app;
pub mod bounded;
pub mod cli;
pub mod model;
pub mod record;
pub mod ron_file;
pub mod scenario;
pub mod scoring;
pub mod script;
pub mod session;
pub mod time;
pub mod trace;
