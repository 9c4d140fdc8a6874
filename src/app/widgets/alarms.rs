//! The alarm panel: what is sounding, what is acknowledged, and the acknowledge button.

use egui::{Button, RichText};

use crate::app::UiCommand;
use crate::app::theme::Palette;
use perfsim_core::model::alarms::AlarmSet;

/// What the alarm panel asks for.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlarmCommand {
    /// Silence the sounding alarms.
    Acknowledge,
}

/// Draws active alarms (red until acknowledged, amber after) and the acknowledge button.
pub fn alarms_ui(
    ui: &mut egui::Ui,
    active: AlarmSet,
    unacknowledged: AlarmSet,
    palette: &Palette,
) -> Option<AlarmCommand> {
    let mut command = None;
    ui.horizontal_wrapped(|ui| {
        let ack = ui.add_enabled(
            !unacknowledged.is_empty(),
            Button::new(RichText::new(UiCommand::AcknowledgeAlarms.button_text()).strong()),
        );
        if ack.clicked() {
            command = Some(AlarmCommand::Acknowledge);
        }
        if active.is_empty() {
            ui.label(RichText::new("No alarms").color(palette.value_normal));
        }
        for alarm in active.iter() {
            let fresh = unacknowledged.contains(alarm);
            let bg = if fresh {
                palette.alarm_bg
            } else {
                palette.alarm_acked_bg
            };
            egui::Frame::new()
                .fill(bg)
                .corner_radius(4.0)
                .inner_margin(egui::Margin::symmetric(8, 3))
                .show(ui, |ui| {
                    ui.label(
                        RichText::new(alarm.label())
                            .strong()
                            .size(15.0)
                            .color(palette.alarm_text),
                    );
                });
        }
    });
    command
}
