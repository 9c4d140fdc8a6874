//! The trainer window (eframe). A small [`App`] (`window.rs`: preferences, clock, the
//! current [`Screen`], where attempts are recorded, the facilitator's notice) and one
//! module per screen under `screens/`, each with its state, its `logic` (stepping, if
//! any) and its `*_ui`. Widgets shared by screens sit under `widgets/`.
//!
//! [`App::logic`](eframe::App::logic) steps the model with a fixed-step accumulator; the
//! `*_ui` functions only read state and return [`Command`]s, which [`App`] applies in one
//! place (`apply.rs`). Nothing in the window mutates the model except through
//! [`Session::act`](perfsim_core::session::Session::act). Every keyboard shortcut, its
//! button label and its help line live once, in [`UiCommand`].

mod apply;
pub mod browser_key;
pub mod builtin;
pub mod clock;
pub mod command;
pub mod exam_info;
pub mod exam_only;
pub mod files;
pub mod kiosk;
#[cfg(not(target_arch = "wasm32"))]
pub mod launch;
mod open_file;
pub mod prefs;
pub mod recorder;
pub mod records_gate;
pub mod scenario_texts;
pub mod screens;
pub mod sound;
#[cfg(test)]
pub(crate) mod test_util;
pub mod theme;
pub mod ui_command;
#[cfg(target_arch = "wasm32")]
pub mod web;
pub mod widgets;
pub mod window;

pub use self::command::Command;
#[cfg(not(target_arch = "wasm32"))]
pub use self::launch::{LaunchOptions, run_window};
pub use self::screens::Screen;
pub use self::screens::run::RunState;
pub use self::ui_command::UiCommand;
pub use self::window::App;

/// What the browser build says where the desktop app is needed for records.
/// (A practice run's record is a download at its debrief, so records are not named here.)
pub const DESKTOP_ONLY_RECORDS: &str =
    "Exams, record folders and the instructor's console are in the desktop app only.";
pub use perfsim_core::review::{EventKind, TimelineEvent};
