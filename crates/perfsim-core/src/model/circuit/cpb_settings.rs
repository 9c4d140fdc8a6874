//! The perfusionist's settings on the bypass console: pump, clamps, drainage, gas and
//! water. Actions the console's own rules refuse say why.

use crate::action::Action;
use crate::model::circuit::cpb::CpbCircuit;
use crate::model::circuit::{FaultLevels, Setting};
use crate::model::config::PumpKind;

impl CpbCircuit {
    /// Applies `action` if it is a setting of this console. `map_mmhg` is the afterload
    /// a centrifugal pump's speed is set against.
    pub(crate) fn set(&mut self, action: &Action, map_mmhg: f64, levels: &FaultLevels) -> Setting {
        match action {
            Action::SetPumpFlow { flow_l_per_min } => {
                self.pump_flow_set = *flow_l_per_min;
                if self.spec.pump == PumpKind::Centrifugal {
                    self.pump_rpm_set = self.rpm_for_flow(*flow_l_per_min, map_mmhg, levels);
                }
            }
            Action::SetPumpRpm { rpm } => match self.spec.pump {
                PumpKind::Centrifugal => self.pump_rpm_set = *rpm,
                PumpKind::Roller => {
                    return Setting::Refused("a roller pump is set by flow, not speed");
                }
            },
            Action::PumpStop => self.pump_running = false,
            Action::HandCrank { flow_l_per_min } => {
                if self.pump_running && *flow_l_per_min > 0.0 {
                    return Setting::Refused(
                        "the motor is running: stop it before cranking by hand",
                    );
                }
                self.hand_crank_l_min = *flow_l_per_min;
            }
            Action::ClampArterial { closed } => self.art_clamped = *closed,
            Action::ClampVenous { closed } => {
                self.venous_occlusion_pct = if *closed { 100.0 } else { 0.0 }
            }
            Action::SetVenousOcclusion { occlusion_pct } => {
                self.venous_occlusion_pct = *occlusion_pct
            }
            Action::SetVacuum { vacuum_mmhg } => self.vacuum_mmhg = *vacuum_mmhg,
            Action::SetSweep { sweep_l_per_min } => self.sweep_l_min = *sweep_l_per_min,
            Action::SetFio2 { fio2 } => self.fio2 = *fio2,
            Action::SetWaterTemp { water_c } => self.water_set_c = *water_c,
            _ => return Setting::NotASetting,
        }
        Setting::Done
    }
}
