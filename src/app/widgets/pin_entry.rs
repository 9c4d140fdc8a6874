//! A PIN field with its button (the exam end screen, the instructor console).

use crate::app::screens::exam_setup::names;

/// A PIN field with a button; returns the PIN typed when the button is clicked or
/// Enter is pressed (and clears the field).
pub fn pin_entry_ui(ui: &mut egui::Ui, pin: &mut String, button: &str) -> Option<String> {
    let mut out = None;
    ui.horizontal(|ui| {
        let l = ui.label(names::PIN);
        let r = ui
            .add(
                egui::TextEdit::singleline(pin)
                    .password(true)
                    .desired_width(100.0),
            )
            .labelled_by(l.id);
        let entered = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button(button).clicked() || entered {
            out = Some(std::mem::take(pin));
        }
    });
    out
}
