//! The alarm panel: what is sounding, what is acknowledged, and the acknowledge button.
//! An alarm is told apart by its text and its priority mark ("!!!" high, "!!" medium,
//! as IEC 60601-1-8 marks them; blinking until acknowledged, "ack" after), not by colour
//! alone.

use egui::{Button, RichText};

use crate::app::UiCommand;
use crate::app::sound::{self, Priority};
use crate::app::theme::Palette;
use perfsim_core::model::alarms::AlarmSet;

/// What the alarm panel asks for.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlarmCommand {
    /// Silence the sounding alarms.
    Acknowledge,
}

/// The mark before an alarm of `priority` (IEC 60601-1-8's "!!!" and "!!").
pub fn priority_mark(priority: Priority) -> &'static str {
    match priority {
        Priority::High => "!!!",
        Priority::Medium => "!!",
    }
}

/// The mark after an acknowledged alarm.
pub const ACKNOWLEDGED_MARK: &str = "ack";

/// How fast an unacknowledged alarm's mark blinks: on and off each half second
/// (IEC 60601-1-8's high-priority visual rate is 1.4-2.8 Hz; one rate for both here).
const BLINK_HALF_PERIOD_SECS: f64 = 0.25;

/// Draws active alarms (red until acknowledged, amber after) and the acknowledge button.
pub fn alarms_ui(
    ui: &mut egui::Ui,
    active: AlarmSet,
    unacknowledged: AlarmSet,
    palette: &Palette,
) -> Option<AlarmCommand> {
    let mut command = None;
    let time = ui.input(|i| i.time);
    let blink_on = (time / BLINK_HALF_PERIOD_SECS).floor() as i64 % 2 == 0;
    if !unacknowledged.is_empty() {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(BLINK_HALF_PERIOD_SECS));
    }
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
                    ui.spacing_mut().item_spacing.x = 4.0;
                    // The mark blinks by its colour only, so nothing moves and a screen
                    // reader reads the same text whatever the phase. It fades rather than
                    // vanishes, so the priority stays readable in the off phase (and in a
                    // screenshot taken then).
                    let mark_color = if fresh && !blink_on {
                        palette.alarm_text.gamma_multiply(0.45)
                    } else {
                        palette.alarm_text
                    };
                    ui.label(
                        RichText::new(priority_mark(sound::priority(alarm)))
                            .strong()
                            .monospace()
                            .size(15.0)
                            .color(mark_color),
                    );
                    ui.label(
                        RichText::new(alarm.label())
                            .strong()
                            .size(15.0)
                            .color(palette.alarm_text),
                    );
                    if !fresh {
                        ui.label(
                            RichText::new(ACKNOWLEDGED_MARK)
                                .size(12.0)
                                .color(palette.alarm_text),
                        );
                    }
                });
        }
    });
    command
}
