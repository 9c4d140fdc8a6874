//! What the ECMO circuit does to the blood: the membrane's gas exchange (shared with
//! bypass), the heat exchanger, and the blood and air it moves (leaks, a pulled-out
//! cannula, air in either limb).

use crate::model::circuit::ecmo::EcmoCircuit;
use crate::model::circuit::{
    BloodMoved, FaultLevels, Oxygenated, PatientSide, VenousBlood, level, membrane,
};
use crate::model::faults::FaultKind;
use crate::model::relax;
use crate::time::DT_SECS;

/// mL per L/min per tick.
const ML_PER_LPM_TICK: f64 = 1000.0 / 60.0 * DT_SECS;
/// Return limb volume between the pump and the cannula, mL (air moves through it).
const RETURN_LINE_ML: f64 = 200.0;
/// Blood lost through a fully ruptured post-pump connector, L/min [U].
const RUPTURE_L_MIN: f64 = 1.2;

impl EcmoCircuit {
    /// Gas exchange in the membrane for one tick.
    pub(crate) fn oxygenate(&self, venous: &VenousBlood, levels: &FaultLevels) -> Oxygenated {
        let sweep = self.sweep_l_min * (1.0 - level(levels, FaultKind::GasSupplyFailure));
        let health = (1.0 - level(levels, FaultKind::MembraneFailure)) * (1.0 - 0.7 * self.clot);
        membrane::transfer(sweep, self.fdo2, health, venous)
    }

    /// Heater for one tick: the returned blood's temperature for venous blood at
    /// `t_ven` flowing at `q` L/min.
    pub(crate) fn warm(
        &mut self,
        q: f64,
        t_ven: f64,
        t_art_before: f64,
        levels: &FaultLevels,
    ) -> f64 {
        self.t_water = relax(self.t_water, self.water_set_c, 60.0);
        let eps =
            (1.0 - libm::exp(-3.5 / q.max(0.1))) * (1.0 - level(levels, FaultKind::HeaterFailure));
        if q > 0.05 {
            t_ven + eps * (self.t_water - t_ven)
        } else {
            relax(t_art_before.max(1.0), self.t_water, 60.0)
        }
    }

    /// Blood drained and returned this tick at `q` L/min: what a rupture or a pulled-out
    /// return cannula loses, and air carried in either limb.
    pub(crate) fn move_blood(
        &mut self,
        q: f64,
        patient: &PatientSide,
        levels: &FaultLevels,
    ) -> BloodMoved {
        let flowing = q > 0.2;
        let mut deprimed_now = false;
        // Air drawn into the drainage limb reaches the pump head, which de-primes.
        if level(levels, FaultKind::VenousAirLock) > 0.3 && flowing && !self.pump_deprimed {
            self.pump_deprimed = true;
            deprimed_now = true;
        }
        let (q_drained, returned_l_min) = if q > 0.0 {
            let leak = (RUPTURE_L_MIN * level(levels, FaultKind::CircuitRupture)).min(q);
            // A pulled-out return cannula pumps onto the bed.
            let out = (q - leak) * (1.0 - level(levels, FaultKind::Decannulation));
            (q, out)
        } else {
            // Backflow goes from artery to vein through the circuit: no net change.
            (0.0, 0.0)
        };
        let v_out = returned_l_min * ML_PER_LPM_TICK;
        let entry = level(levels, FaultKind::AirEntry);
        if entry > 0.0 && flowing {
            self.air_in_line_ml += 2.0 * entry * DT_SECS;
        }
        let mut air_to_patient_ml = None;
        if q > 0.0 && self.air_in_line_ml > 0.0 {
            let frac = (q * ML_PER_LPM_TICK / RETURN_LINE_ML).min(1.0);
            let moved = self.air_in_line_ml * frac;
            self.air_in_line_ml -= moved;
            air_to_patient_ml = Some(moved);
        }
        if self.air_in_line_ml < 1e-4 {
            self.air_in_line_ml = 0.0;
        }
        BloodMoved {
            q_venous: q_drained,
            q_blood: q,
            v_out_ml: v_out,
            v_back_ml: 0.0,
            rbc_out_ml: v_out * patient.hct,
            deprimed_now,
            air_to_patient_ml,
        }
    }
}
