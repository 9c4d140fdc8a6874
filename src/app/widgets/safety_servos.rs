//! The bypass console's safety servos (Terumo System 1, LivaNova S5): the level
//! detector's stop and servo, the bubble detector's stop and the line pressure stop,
//! each a checkbox the perfusionist arms or disarms. A tick is one typed
//! [`Action::SetInterlock`]; nothing here touches the model. Shown only on a circuit
//! whose console has them (bypass).

use egui::RichText;

use perfsim_core::action::{Action, ActionKind, Interlock};
use perfsim_core::model::Sim;
use perfsim_core::model::circuit::Applicability;
use perfsim_core::model::config::Interlocks;

/// Whether `interlock` is armed in `il`.
pub fn armed(il: &Interlocks, interlock: Interlock) -> bool {
    match interlock {
        Interlock::LevelStop => il.level_stop,
        Interlock::BubbleStop => il.bubble_stop,
        Interlock::PressureStop => il.pressure_stop,
        Interlock::LevelServo => il.level_servo,
    }
}

/// Draws the servos' checkboxes; returns the action of the one the trainee changed.
#[must_use]
pub fn safety_servos_ui(ui: &mut egui::Ui, sim: &Sim) -> Option<Action> {
    if !Applicability::of(sim.circuit().kind()).action(ActionKind::SetInterlock) {
        return None;
    }
    let il = sim.interlocks();
    let mut out = None;
    ui.group(|ui| {
        ui.label(RichText::new("Safety servos").strong());
        if !il.fitted {
            ui.label("This console's detectors only alarm: no servo is fitted.");
            return;
        }
        ui.horizontal_wrapped(|ui| {
            for interlock in Interlock::ALL {
                let mut on = armed(&il, interlock);
                // The checkbox shows the model's state; a click asks for the change.
                if ui.checkbox(&mut on, interlock.label()).changed() {
                    out = Some(Action::SetInterlock { interlock, on });
                }
            }
        });
    });
    out
}
