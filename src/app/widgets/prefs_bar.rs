//! The theme and help buttons at the right of a screen's top bar.

use crate::app::prefs::{Prefs, ThemeChoice};
use crate::app::{Command, UiCommand};

/// Theme and help buttons, right-aligned.
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
    });
}
