//! What the run screen and the record browser both show of the patient at one moment:
//! the monitors above the drawn circuit, with a column beside the circuit that each
//! screen fills its own way (labs and console log; labs at the cursor).

use perfsim_core::model::Sim;
use perfsim_core::scenario::Scenario;
use perfsim_core::time::Tick;

use super::circuit_view;
use super::ecmo_circuit_view;
use super::labs;
use super::monitors::{self, MonitorInputs};
use crate::app::theme::Palette;

/// How much room the circuit row takes.
#[derive(Clone, Copy, Debug)]
pub struct RowLayout {
    /// Share of the remaining height for the circuit row, and its bounds in points.
    pub height_share: f32,
    /// Smallest row height.
    pub min_height: f32,
    /// Largest row height.
    pub max_height: f32,
    /// Share of the width for the circuit, and its minimum in points.
    pub circuit_share: f32,
    /// Narrowest circuit.
    pub circuit_min_width: f32,
}

/// Draws the monitors, then the circuit with `side_ui` beside it (given the row height).
pub fn patient_view_ui(
    ui: &mut egui::Ui,
    sim: &Sim,
    scenario: &Scenario,
    tick: Tick,
    layout: RowLayout,
    palette: &Palette,
    side_ui: impl FnOnce(&mut egui::Ui, f32),
) {
    let monitored = sim.monitored();
    let settings = sim.settings();
    monitors::monitors_ui(
        ui,
        &MonitorInputs {
            snapshot: &monitored,
            alarms: sim.alarms_active(),
            limits: &scenario.model.alarms,
            act: labs::latest_act(sim.labs(), tick),
        },
        palette,
    );
    ui.add_space(4.0);
    let row_h =
        (ui.available_height() * layout.height_share).clamp(layout.min_height, layout.max_height);
    ui.horizontal(|ui| {
        let circuit_w = (ui.available_width() * layout.circuit_share).max(layout.circuit_min_width);
        ui.allocate_ui(egui::vec2(circuit_w, row_h), |ui| {
            if settings.ecmo.is_some() {
                ecmo_circuit_view::ecmo_circuit_ui(ui, &monitored, &settings, row_h, palette);
                return;
            }
            circuit_view::circuit_ui(
                ui,
                &monitored,
                &settings,
                sim.rhythm(),
                scenario.model.alarms.low_level_ml,
                row_h,
                palette,
            );
        });
        ui.separator();
        let side_w = ui.available_width();
        ui.allocate_ui(egui::vec2(side_w, row_h), |ui| {
            ui.set_max_width(side_w);
            side_ui(ui, row_h);
        });
    });
}
