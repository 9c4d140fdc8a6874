//! The cardioplegia delivery system on the console, as on a System 1 or S5 plegia
//! module: solution, route, blood:crystalloid ratio, volume, flow and temperature; the
//! dose's potassium by mass balance; while a dose runs, the volume delivered counting
//! up and the delivery pressure live, with a stop button. Produces typed actions only.

use egui::RichText;

use perfsim_core::action::{Action, PlegiaRatio, PlegiaRoute, PlegiaSolution, limits};
use perfsim_core::model::Sim;
use perfsim_core::model::plegia_delivery::{
    ROOT_HIGH_MMHG, ROOT_LOW_MMHG, SINUS_HIGH_MMHG, delivery_pressure_mmhg,
};

use crate::app::widgets::hlm_controls::{HlmDrafts, field_ui};

/// Accessible names of the delivery system's controls and readouts.
pub mod names {
    /// Button that starts a cardioplegia dose.
    pub const DELIVER_PLEGIA: &str = "Deliver cardioplegia";
    /// Button that stops the dose being delivered.
    pub const STOP_PLEGIA: &str = "Stop cardioplegia";
    /// Delivery flow field.
    pub const FLOW: &str = "Plegia mL/min";
    /// Blood parts of the ratio.
    pub const BLOOD_PARTS: &str = "Blood parts";
    /// Crystalloid parts of the ratio.
    pub const CRYSTALLOID_PARTS: &str = "Crystalloid parts";
    /// The live delivery pressure readout starts with this.
    pub const PRESSURE: &str = "Delivery pressure";
}

/// Whether `pressure_mmhg` down `route` is outside what the route tolerates: too high
/// for either, or too low for the aortic root to distribute the dose.
fn pressure_out_of_range(route: PlegiaRoute, pressure_mmhg: f64) -> bool {
    match route {
        PlegiaRoute::Antegrade => !(ROOT_LOW_MMHG..=ROOT_HIGH_MMHG).contains(&pressure_mmhg),
        PlegiaRoute::Retrograde => pressure_mmhg > SINUS_HIGH_MMHG,
    }
}

/// Draws the delivery system; returns the action asked for, if any.
#[must_use]
pub fn plegia_ui(
    ui: &mut egui::Ui,
    drafts: &mut HlmDrafts,
    sim: &Sim,
    palette: &crate::app::theme::Palette,
) -> Option<Action> {
    let mut out = None;
    let delivery = sim.plegia_delivery();
    ui.label(RichText::new("Cardioplegia delivery").strong());
    ui.horizontal(|ui| {
        let before = drafts.solution;
        egui::ComboBox::from_label("Solution")
            .selected_text(drafts.solution.label())
            .show_ui(ui, |ui| {
                for s in PlegiaSolution::ALL {
                    ui.selectable_value(&mut drafts.solution, s, s.label());
                }
            });
        if drafts.solution != before {
            // A new solution comes at its usual ratio; the perfusionist may change it.
            let r = drafts.solution.usual_ratio();
            drafts.blood_parts = r.blood;
            drafts.crystalloid_parts = r.crystalloid;
        }
        for r in PlegiaRoute::ALL {
            ui.radio_value(&mut drafts.route, r, r.label());
        }
    });
    let ratio = PlegiaRatio {
        blood: drafts.blood_parts,
        crystalloid: drafts.crystalloid_parts,
    };
    ui.horizontal(|ui| {
        field_ui(
            ui,
            names::BLOOD_PARTS,
            &mut drafts.blood_parts,
            limits::PLEGIA_BLOOD_PARTS,
        );
        field_ui(
            ui,
            names::CRYSTALLOID_PARTS,
            &mut drafts.crystalloid_parts,
            limits::PLEGIA_CRYSTALLOID_PARTS,
        );
        let k = ratio.mixed_k_mmol_l(
            sim.snapshot().k_mmol_l,
            drafts.solution.crystalloid_k_mmol_l(),
        );
        ui.label(format!(
            "{} blood:crystalloid · K+ {k:.0} mmol/L · {:.0} % crystalloid",
            ratio.label(),
            100.0 * ratio.crystalloid_share()
        ));
    });
    ui.horizontal(|ui| {
        field_ui(
            ui,
            "Volume mL",
            &mut drafts.plegia_ml,
            limits::CARDIOPLEGIA_VOLUME,
        );
        field_ui(
            ui,
            names::FLOW,
            &mut drafts.plegia_flow_ml_per_min,
            limits::PLEGIA_FLOW,
        );
        field_ui(
            ui,
            "Plegia °C",
            &mut drafts.plegia_temp_c,
            limits::PLEGIA_TEMP,
        );
    });
    match &delivery.running {
        Some(dose) => {
            let pressure = delivery.pressure_mmhg;
            let text = format!(
                "{} {pressure:.0} mmHg {} · {:.0} of {:.0} mL at {:.0} mL/min",
                names::PRESSURE,
                dose.route.label(),
                dose.delivered_ml,
                dose.target_ml,
                dose.flow_ml_per_min
            );
            ui.label(if pressure_out_of_range(dose.route, pressure) {
                RichText::new(text).strong().color(palette.value_caution)
            } else {
                RichText::new(text).strong()
            });
            if ui.button(names::STOP_PLEGIA).clicked() {
                out = Some(Action::StopCardioplegia);
            }
        }
        None => {
            // What this flow would give now (the heart's temperature as the system
            // last saw it, or the core's).
            let myo_c = if delivery.myocardial_temp_c.is_nan() {
                sim.snapshot().temp_bladder_c
            } else {
                delivery.myocardial_temp_c
            };
            let expected =
                delivery_pressure_mmhg(drafts.route, drafts.plegia_flow_ml_per_min, myo_c);
            ui.horizontal(|ui| {
                let text = format!("{} ~{expected:.0} mmHg at this flow", names::PRESSURE);
                ui.label(if pressure_out_of_range(drafts.route, expected) {
                    RichText::new(text).color(palette.value_caution)
                } else {
                    RichText::new(text)
                });
                if ui.button(names::DELIVER_PLEGIA).clicked() {
                    out = Some(Action::DeliverCardioplegia {
                        solution: drafts.solution,
                        route: drafts.route,
                        volume_ml: drafts.plegia_ml,
                        temp_c: drafts.plegia_temp_c,
                        ratio: Some(ratio),
                        flow_ml_per_min: Some(drafts.plegia_flow_ml_per_min),
                    });
                }
            });
            if let Some(last) = &delivery.last {
                ui.label(format!(
                    "Last dose: {:.0} mL {} {}, peak {:.0} mmHg",
                    last.delivered_ml,
                    last.ratio.label(),
                    last.route.label(),
                    last.peak_pressure_mmhg
                ));
            }
        }
    }
    out
}
