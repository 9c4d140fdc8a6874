//! What the surgeon sees of the left ventricle (and the anaesthetist on TEE): its
//! distension while it cannot eject, marked once the wall is stretched, so a trainee
//! sees that the vent is needed; and, after reperfusion, a heart stunned by that
//! distension. Read-only: it draws what the model reports.

use egui::RichText;

use crate::app::theme::Palette;

use perfsim_core::model::Sim;
use perfsim_core::model::distension::STRETCH_FROM_ML;

/// The words the line starts with, so tests and screen readers find it.
pub const LABEL: &str = "LV (TEE)";

/// Stun above which the reperfused heart visibly contracts poorly [U].
const VISIBLE_STUN: f64 = 0.1;

/// The left ventricle's line for `sim` (none when there is nothing to see) and whether
/// it needs attention.
pub fn lv_text(sim: &Sim) -> Option<(String, bool)> {
    let lv_ml = sim.heart_lung_machine().lv_distension_ml;
    let clamped = sim.settings().cross_clamp;
    let stun = sim.distension_stun();
    if lv_ml > STRETCH_FROM_ML {
        let what = if clamped {
            "distending under the clamp: vent it"
        } else {
            "distending"
        };
        return Some((format!("{LABEL}: {lv_ml:.0} mL, {what}"), true));
    }
    if !clamped && stun > VISIBLE_STUN {
        return Some((
            format!("{LABEL}: contracting poorly after distension under the clamp"),
            true,
        ));
    }
    if clamped || lv_ml >= 1.0 {
        return Some((format!("{LABEL}: {lv_ml:.0} mL, decompressed"), false));
    }
    None
}

/// Draws the left ventricle's line.
pub fn lv_ui(ui: &mut egui::Ui, sim: &Sim, palette: &Palette) {
    if let Some((text, attention)) = lv_text(sim) {
        ui.label(if attention {
            RichText::new(text).color(palette.value_caution).strong()
        } else {
            RichText::new(text)
        });
    }
}
