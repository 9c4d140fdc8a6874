//! perfsim: a trainer for the emergencies of cardiopulmonary bypass: the window ([`app`])
//! and the command line ([`cli`]). Both drive the core crate, [`perfsim_core`], through
//! typed actions; the core never imports egui, never reads the wall clock and takes all
//! randomness from the run's seed. See ARCHITECTURE.md for the map.

pub mod app;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod entropy;
pub mod wall_clock;
