//! Preferences that outlive a run, saved with eframe's storage.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Light or dark console.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Dark background, as in a dimmed operating room.
    #[default]
    Dark,
    /// Light background.
    Light,
}

/// How much history the trend plots show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrendWindow {
    /// The last 5 minutes.
    Min5,
    /// The last 15 minutes.
    #[default]
    Min15,
    /// The last hour.
    Min60,
}

impl TrendWindow {
    /// Every window, shortest first.
    pub const ALL: [TrendWindow; 3] = [TrendWindow::Min5, TrendWindow::Min15, TrendWindow::Min60];

    /// Length in seconds.
    pub fn secs(self) -> u64 {
        match self {
            TrendWindow::Min5 => 300,
            TrendWindow::Min15 => 900,
            TrendWindow::Min60 => 3600,
        }
    }

    /// Label on the selector.
    pub fn label(self) -> &'static str {
        match self {
            TrendWindow::Min5 => "5 min",
            TrendWindow::Min15 => "15 min",
            TrendWindow::Min60 => "60 min",
        }
    }
}

/// The user's preferences (persisted; nothing about a run lives here).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Light or dark theme.
    pub theme: ThemeChoice,
    /// Trend plot window.
    pub trend_window: TrendWindow,
    /// Folder the scenario picker lists.
    pub scenario_folder: PathBuf,
    /// The scenario file picked last, if any.
    pub last_scenario: Option<PathBuf>,
    /// Where attempt records go; `None` for the user's data folder.
    pub record_folder: Option<PathBuf>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::Dark,
            trend_window: TrendWindow::Min15,
            scenario_folder: PathBuf::from("scenarios"),
            last_scenario: None,
            record_folder: None,
        }
    }
}

/// The key under which eframe stores [`Prefs`].
pub const STORAGE_KEY: &str = "perfsim-prefs";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefs_round_trip_and_old_files_fill_in_defaults() {
        let prefs = Prefs {
            theme: ThemeChoice::Light,
            trend_window: TrendWindow::Min60,
            scenario_folder: PathBuf::from("/srv/perfusion/cases"),
            last_scenario: Some(PathBuf::from("/srv/perfusion/cases/air.ron")),
            record_folder: Some(PathBuf::from("/srv/perfusion/records")),
        };
        let text = ron::to_string(&prefs).unwrap_or_default();
        assert_eq!(ron::from_str::<Prefs>(&text).ok(), Some(prefs));
        let partial: Option<Prefs> = ron::from_str("(theme: Light)").ok();
        assert_eq!(
            partial.map(|p| (p.theme, p.trend_window)),
            Some((ThemeChoice::Light, TrendWindow::Min15))
        );
    }
}
