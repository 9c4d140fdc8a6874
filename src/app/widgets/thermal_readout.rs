//! The perfusion record's temperature line: the temperature phase (cooling, cold,
//! rewarming, normothermic), the arterial outlet to venous inflow gradient and the
//! rewarming rate, each marked when beyond the STS/SCA/AmSECT limits (Engelman 2015):
//! gradient ≤ 10 °C, ≤ 4 °C and ≤ 0.5 °C/min with the outlet at 30 °C or more, outlet
//! ≤ 37 °C. Read-only: it draws what the model reports.

use egui::RichText;

use crate::app::theme::Palette;

use perfsim_core::model::Sim;
use perfsim_core::model::thermal::{MAX_OUTLET_C, gradient_beyond_limit, rewarming_beyond_limit};

/// The words the line starts with, so tests and screen readers find it.
pub const LABEL: &str = "Temperature";

/// The text of the temperature line for `sim` and whether any value is beyond its limit.
pub fn thermal_text(sim: &Sim) -> (String, bool) {
    let s = sim.snapshot();
    let (outlet, gradient) = (s.temp_arterial_c, s.temp_gradient_c);
    let rate = sim.rewarming_c_per_min();
    let flowing = s.pump_flow_l_min > 0.5;
    let grad_out = flowing && gradient_beyond_limit(gradient, outlet);
    let rate_out = flowing && rewarming_beyond_limit(rate, outlet);
    let outlet_out = flowing && outlet > MAX_OUTLET_C;
    let mark = |beyond: bool| if beyond { " (beyond limit)" } else { "" };
    let text = format!(
        "{LABEL}: {} · outlet {outlet:.1} °C{} · outlet−venous {gradient:+.1} °C{} · \
         rewarming {rate:+.2} °C/min{}",
        sim.case_record().thermal_phase.label(),
        mark(outlet_out),
        mark(grad_out),
        mark(rate_out),
    );
    (text, grad_out || rate_out || outlet_out)
}

/// Draws the temperature line.
pub fn thermal_ui(ui: &mut egui::Ui, sim: &Sim, palette: &Palette) {
    let (text, beyond) = thermal_text(sim);
    ui.label(if beyond {
        RichText::new(text).color(palette.value_alarm).strong()
    } else {
        RichText::new(text)
    });
}
