//! The settling minutes before tick 0: a run starts from a steady patient, not from the
//! starting guesses.

use crate::model::Sim;
use crate::model::alarms::AlarmSet;
use crate::model::thermal;
use crate::time::DT_SECS;

impl Sim {
    /// Settles the fast states (MAP, venous content, CO2, cerebral saturations) for two
    /// minutes of simulated time at the starting flow, then clears what those minutes
    /// left that belongs to no run, and raises the alarms already sounding at tick 0.
    pub(super) fn settle(&mut self, pump_flow_l_min: f64) {
        self.set_flow_by_speed(pump_flow_l_min);
        // Faults and events are held back so tick 0 is the true start.
        let faults = std::mem::take(&mut self.faults);
        for half in 0..2 {
            for _ in 0..(60.0 / DT_SECS) as usize {
                self.step_physics();
            }
            // A centrifugal pump's speed for the starting flow depends on the afterload,
            // which the first half-minute settles.
            if half == 0 {
                self.set_flow_by_speed(pump_flow_l_min);
            }
        }
        self.faults = faults;
        // What the settling minutes piled up is not the run's: urine, blood in the field
        // and the cell saver, and the bronchial return filling an arrested ventricle
        // (which would otherwise start every clamped scenario with ~150 mL in an
        // unvented ventricle the trainee never saw fill).
        self.case.urine_ml = 0.0;
        self.hlm.lv_distension_ml = 0.0;
        self.hlm.distended_min = 0.0;
        self.hlm.field_ml = 0.0;
        self.hlm.cell_saver_ml = 0.0;
        self.hlm.cell_saver_rbc_ml = 0.0;
        let flowing = self.d.q_pump >= 0.5;
        let gradient_c = if flowing {
            self.d.t_art - self.d.t_ven
        } else {
            0.0
        };
        self.case.thermal_phase = thermal::ThermalPhase::at_start(self.t_np, gradient_c);
        self.events.clear();
        self.alarms_active = AlarmSet::default();
        self.tick = 0;
        // Alarms already sounding at the start are raised at tick 0.
        self.evaluate_alarms();
        self.alarms_acked = AlarmSet::default();
    }
}
