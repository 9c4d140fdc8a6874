//! The theme, sound-and-zoom and help buttons at the right of a screen's top bar.

use crate::app::prefs::{Prefs, ThemeChoice, ZOOM_RANGE};
use crate::app::{Command, UiCommand};

/// The button that opens the sound and zoom preferences.
pub const SOUND_AND_ZOOM: &str = "Sound and zoom";
/// The alarm volume slider's label.
pub const ALARM_VOLUME: &str = "Alarm volume";
/// The mute checkbox's label.
pub const MUTE_ALARMS: &str = "Mute alarm tones";
/// The zoom slider's label.
pub const ZOOM: &str = "Zoom";

/// Theme, sound-and-zoom and help buttons, right-aligned.
pub fn top_right_prefs_ui(ui: &mut egui::Ui, prefs: &Prefs, commands: &mut Vec<Command>) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        let help = UiCommand::ToggleHelp;
        if ui
            .button(help.button_text())
            .on_hover_text(help.help())
            .clicked()
        {
            commands.push(Command::ToggleHelp);
        }
        let (next, label) = match prefs.theme {
            ThemeChoice::Dark => (ThemeChoice::Light, "Light theme"),
            ThemeChoice::Light => (ThemeChoice::Dark, "Dark theme"),
        };
        if ui.button(label).clicked() {
            commands.push(Command::SetTheme(next));
        }
        ui.menu_button(SOUND_AND_ZOOM, |ui| sound_and_zoom_ui(ui, prefs, commands));
    });
}

/// The alarm volume, mute and zoom preferences (in the top bar's menu).
pub fn sound_and_zoom_ui(ui: &mut egui::Ui, prefs: &Prefs, commands: &mut Vec<Command>) {
    let mut volume_pct = (prefs.alarm_volume * 100.0).round();
    let mut muted = prefs.alarm_muted;
    let volume = ui.add(
        egui::Slider::new(&mut volume_pct, 0.0..=100.0)
            .suffix(" %")
            .step_by(5.0)
            .text(ALARM_VOLUME),
    );
    let mute = ui.checkbox(&mut muted, MUTE_ALARMS);
    if volume.changed() || mute.changed() {
        commands.push(Command::SetAlarmSound {
            volume: volume_pct / 100.0,
            muted,
        });
    }
    let mut zoom = prefs.zoom_factor();
    let zoomed = ui.add(
        egui::Slider::new(&mut zoom, ZOOM_RANGE)
            .step_by(0.05)
            .text(ZOOM),
    );
    // Committed on release, so the slider does not move under the pointer as it scales.
    if zoomed.drag_stopped() || (zoomed.changed() && !zoomed.dragged()) {
        commands.push(Command::SetZoom(zoom));
    }
    ui.label("Ctrl + and Ctrl − also zoom; the system's own scale applies first.");
}
