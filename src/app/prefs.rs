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
    /// Loudness of the alarm tones, 0-1.
    pub alarm_volume: f32,
    /// Alarm tones off (the alarms still show, with their text and a blinking mark).
    pub alarm_muted: bool,
    /// Zoom on top of the system's own scale (Ctrl + / Ctrl − change it too).
    pub zoom: f32,
}

/// The zooms the preference offers, smallest first.
pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.5..=3.0;

impl Prefs {
    /// The volume the alarm tones play at: 0 when muted.
    pub fn alarm_output_volume(&self) -> f32 {
        if self.alarm_muted {
            0.0
        } else {
            self.alarm_volume.clamp(0.0, 1.0)
        }
    }

    /// The zoom to apply, kept in [`ZOOM_RANGE`] whatever a hand-edited file says.
    pub fn zoom_factor(&self) -> f32 {
        if self.zoom.is_finite() {
            self.zoom.clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end())
        } else {
            1.0
        }
    }
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::Dark,
            trend_window: TrendWindow::Min15,
            scenario_folder: PathBuf::from("scenarios"),
            last_scenario: None,
            record_folder: None,
            alarm_volume: 0.7,
            alarm_muted: false,
            zoom: 1.0,
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
            alarm_volume: 0.4,
            alarm_muted: true,
            zoom: 1.5,
        };
        let text = ron::to_string(&prefs).unwrap_or_default();
        assert_eq!(ron::from_str::<Prefs>(&text).ok(), Some(prefs));
        let partial: Option<Prefs> = ron::from_str("(theme: Light)").ok();
        assert_eq!(
            partial.map(|p| (p.theme, p.trend_window)),
            Some((ThemeChoice::Light, TrendWindow::Min15))
        );
    }

    #[test]
    fn mute_and_odd_zooms_are_safe() {
        let muted = Prefs {
            alarm_muted: true,
            ..Prefs::default()
        };
        assert_eq!(muted.alarm_output_volume(), 0.0);
        assert!(Prefs::default().alarm_output_volume() > 0.0);
        for (zoom, want) in [(f32::NAN, 1.0), (100.0, 3.0), (0.0, 0.5), (1.25, 1.25)] {
            let p = Prefs {
                zoom,
                ..Prefs::default()
            };
            assert_eq!(p.zoom_factor(), want);
        }
    }
}
