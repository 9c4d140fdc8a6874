//! Colour tokens: every colour the console draws comes from here, for both themes.

use egui::Color32;

use super::prefs::ThemeChoice;

/// How a readout compares with its limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Within range.
    Normal,
    /// Outside the usual range, not alarming.
    Caution,
    /// An alarm is sounding for this value.
    Alarm,
}

/// The console's colours for one theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Background of a monitor tile.
    pub tile_bg: Color32,
    /// Small label text on a tile.
    pub tile_label: Color32,
    /// A value within range.
    pub value_normal: Color32,
    /// A value outside the usual range.
    pub value_caution: Color32,
    /// A value in alarm.
    pub value_alarm: Color32,
    /// Background of an unacknowledged alarm.
    pub alarm_bg: Color32,
    /// Background of an acknowledged, still active alarm.
    pub alarm_acked_bg: Color32,
    /// Text on alarm backgrounds.
    pub alarm_text: Color32,
    /// Venous (desaturated) blood.
    pub venous_blood: Color32,
    /// Arterial (oxygenated) blood.
    pub arterial_blood: Color32,
    /// Tubing and device outlines.
    pub outline: Color32,
    /// Air bubbles.
    pub air: Color32,
    /// Clamps.
    pub clamp: Color32,
    /// Series colours for trend lines, in order.
    pub series: [Color32; 3],
    /// Fault onset marker (debrief only).
    pub marker_fault: Color32,
    /// Alarm marker.
    pub marker_alarm: Color32,
    /// Action marker.
    pub marker_action: Color32,
    /// A refused action or warning message.
    pub message_warning: Color32,
    /// What the surgeon or the anaesthetist says (the message strip).
    pub message_team: Color32,
    /// The record browser's cursor.
    pub marker_cursor: Color32,
    /// An instructor's action on the record browser's timeline.
    pub marker_instructor: Color32,
    /// A facilitator's note, pause or resume on the record browser's timeline.
    pub marker_note: Color32,
}

impl Palette {
    /// The palette for a theme.
    pub fn for_theme(theme: ThemeChoice) -> Self {
        match theme {
            ThemeChoice::Dark => Self {
                tile_bg: Color32::from_rgb(16, 20, 26),
                tile_label: Color32::from_rgb(150, 160, 175),
                value_normal: Color32::from_rgb(90, 230, 120),
                value_caution: Color32::from_rgb(255, 200, 60),
                value_alarm: Color32::from_rgb(255, 80, 80),
                alarm_bg: Color32::from_rgb(190, 30, 30),
                alarm_acked_bg: Color32::from_rgb(150, 100, 0),
                alarm_text: Color32::WHITE,
                venous_blood: Color32::from_rgb(110, 40, 90),
                arterial_blood: Color32::from_rgb(220, 40, 40),
                outline: Color32::from_rgb(170, 180, 190),
                air: Color32::from_rgb(235, 245, 255),
                clamp: Color32::from_rgb(255, 200, 60),
                series: [
                    Color32::from_rgb(90, 230, 120),
                    Color32::from_rgb(90, 170, 255),
                    Color32::from_rgb(255, 160, 80),
                ],
                marker_fault: Color32::from_rgb(255, 80, 80),
                marker_alarm: Color32::from_rgb(255, 200, 60),
                marker_action: Color32::from_rgb(120, 180, 255),
                message_warning: Color32::from_rgb(255, 200, 60),
                message_team: Color32::from_rgb(120, 200, 255),
                marker_cursor: Color32::from_rgb(240, 240, 250),
                marker_instructor: Color32::from_rgb(200, 130, 255),
                marker_note: Color32::from_rgb(120, 220, 210),
            },
            ThemeChoice::Light => Self {
                tile_bg: Color32::from_rgb(240, 243, 247),
                tile_label: Color32::from_rgb(70, 78, 90),
                value_normal: Color32::from_rgb(0, 120, 40),
                value_caution: Color32::from_rgb(170, 100, 0),
                value_alarm: Color32::from_rgb(200, 0, 0),
                alarm_bg: Color32::from_rgb(200, 30, 30),
                alarm_acked_bg: Color32::from_rgb(190, 130, 0),
                alarm_text: Color32::WHITE,
                venous_blood: Color32::from_rgb(110, 30, 90),
                arterial_blood: Color32::from_rgb(210, 20, 20),
                outline: Color32::from_rgb(60, 65, 75),
                air: Color32::from_rgb(120, 170, 230),
                clamp: Color32::from_rgb(200, 120, 0),
                series: [
                    Color32::from_rgb(0, 130, 50),
                    Color32::from_rgb(20, 90, 200),
                    Color32::from_rgb(210, 100, 0),
                ],
                marker_fault: Color32::from_rgb(200, 0, 0),
                marker_alarm: Color32::from_rgb(190, 130, 0),
                marker_action: Color32::from_rgb(20, 90, 200),
                message_warning: Color32::from_rgb(170, 100, 0),
                message_team: Color32::from_rgb(0, 80, 170),
                marker_cursor: Color32::from_rgb(20, 20, 30),
                marker_instructor: Color32::from_rgb(130, 40, 180),
                marker_note: Color32::from_rgb(0, 120, 120),
            },
        }
    }

    /// Text colour for a value with this status.
    pub fn value(&self, status: Status) -> Color32 {
        match status {
            Status::Normal => self.value_normal,
            Status::Caution => self.value_caution,
            Status::Alarm => self.value_alarm,
        }
    }
}
