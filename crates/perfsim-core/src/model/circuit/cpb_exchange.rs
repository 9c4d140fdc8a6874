//! What the bypass circuit does to the blood it returns: the membrane oxygenator's gas
//! exchange (§5), the heat exchanger (§7) and the pressures along the arterial line.

use crate::model::blood::o2_content;
use crate::model::circuit::cpb::{CENTRIFUGAL_A, CpbCircuit};
use crate::model::circuit::{FaultLevels, Oxygenated, VenousBlood, level};
use crate::model::config::PumpKind;
use crate::model::faults::FaultKind;
use crate::model::relax;

/// Arterial line pressure at which tubing or a connector gives way, mmHg.
pub(crate) const LINE_BURST_MMHG: f64 = 600.0;

impl CpbCircuit {
    /// Gas exchange in the membrane for one tick.
    pub(crate) fn oxygenate(&self, venous: &VenousBlood, levels: &FaultLevels) -> Oxygenated {
        let hb = venous.hb_g_dl;
        let q = venous.q_l_min;
        let cv = venous.cv_o2_ml_dl;
        // A fraction (1 − shunt) of the blood meets the gas and closes 80 % of the PO2
        // gap to it (diffusion limit); the rest passes unchanged. Shunt rises as the
        // membrane fails or clots. Both numbers are [U], fitted to the §5 slope
        // (400-650 mmHg per unit FiO2; FiO2 0.5 gives ~200-330).
        let sweep = self.sweep_l_min * (1.0 - level(levels, FaultKind::GasSupplyFailure));
        let health = (1.0 - level(levels, FaultKind::MembraneFailure)) * (1.0 - 0.7 * self.clot);
        let gas_reach = (sweep / 0.3).min(1.0);
        let shunt =
            (venous.membrane_shunt + 0.6 * (1.0 - health) + 0.04 * (q.abs() - 6.0).max(0.0))
                .min(1.0);
        let e = (1.0 - shunt) * gas_reach;
        let pg_o2 = self.fio2 * 713.0;
        let pv_o2 = venous.pv_o2_mmhg.max(1.0);
        let c_eq = o2_content(hb, pv_o2 + 0.8 * (pg_o2 - pv_o2).max(0.0));
        let mut ca_post = cv + e * (c_eq - cv);
        let q_blood = q.max(0.0);
        let mut o2_transfer = q_blood * 10.0 * (ca_post - cv);
        // The gas cannot give more O2 than it carries.
        let o2_supply = 0.9 * sweep * 1000.0 * self.fio2;
        if o2_transfer > o2_supply && q_blood > 0.0 {
            o2_transfer = o2_supply;
            ca_post = cv + o2_supply / (q_blood * 10.0);
        }
        // CO2: venous blood → membrane → sweep gas, three conductances in series
        // (mL/min/mmHg). At steady state the outlet PCO2 is VCO2·(1/g_gas + 1/g_membrane),
        // so with the gas side limiting, PCO2 ∝ VCO2/sweep: doubling sweep nearly halves
        // PaCO2 at constant flow and VCO2 (physiology.md §5 [S11, S55]; the
        // alveolar-equation analogue, with dry gas at 713 mmHg). A healthy membrane's
        // CO2 conductance (~100 mL/min/mmHg [U]) is ~40× the gas side's at usual sweep:
        // CO2 diffuses ~20× faster than O2 through the same fibres, which is also why
        // CO2 transfer is the last to fail: a failed or clotted membrane keeps a twentieth
        // of it (Lubnow 2014 [S59]: failing devices still clear CO2, less at a given
        // sweep), while it shunts most of the blood past the O2 exchange.
        let g_gas = sweep * 1000.0 / 713.0;
        let g_membrane = 5.0 + 95.0 * health;
        let g_blood = q_blood * 1000.0 * 0.0045;
        let pv_co2 = venous.pv_co2_mmhg;
        let co2_removal = if g_gas > 0.0 && g_blood > 0.0 && g_membrane > 0.0 {
            pv_co2 / (1.0 / g_gas + 1.0 / g_membrane + 1.0 / g_blood)
        } else {
            0.0
        };
        let post_pco2 = if g_blood > 0.0 {
            pv_co2 - co2_removal / g_blood
        } else if g_gas > 0.0 {
            // Stagnant blood in a ventilated membrane loses its CO2.
            pv_co2 * 0.2
        } else {
            pv_co2
        };
        Oxygenated {
            ca_post,
            post_pco2,
            o2_transfer,
            co2_removal,
            sweep_delivered: sweep,
        }
    }

    /// Heater-cooler and heat exchanger for one tick: the arterial blood temperature
    /// for venous blood at `t_ven` flowing at `q` L/min (`t_art_before` is last tick's).
    pub(crate) fn warm(
        &mut self,
        q: f64,
        t_ven: f64,
        t_art_before: f64,
        levels: &FaultLevels,
    ) -> f64 {
        let overheat = level(levels, FaultKind::HeaterOverheat);
        self.t_water = relax(self.t_water, self.water_set_c + 6.0 * overheat, 60.0);
        // Heat exchanger effectiveness falls with blood flow [U: ~0.5 at 5 L/min].
        let eps =
            (1.0 - libm::exp(-3.5 / q.max(0.1))) * (1.0 - level(levels, FaultKind::HeaterFailure));
        if q > 0.05 {
            t_ven + eps * (self.t_water - t_ven)
        } else {
            // Stagnant blood in the exchanger drifts to the water.
            relax(t_art_before.max(1.0), self.t_water, 60.0)
        }
    }

    /// (post-oxygenator, pre-oxygenator = arterial line) pressures, mmHg, at flow `q`
    /// into a patient whose return point is at `downstream_mmhg`.
    pub(crate) fn line_pressures(
        &self,
        q: f64,
        downstream_mmhg: f64,
        levels: &FaultLevels,
    ) -> (f64, f64) {
        let (oxy, filter, cannula) = self.drops(q, levels);
        let roller_against_clamp = self.art_clamped
            && self.pump_running
            && self.spec.pump == PumpKind::Roller
            && self.pump_flow_set > 0.0;
        let (post, pre) = if roller_against_clamp {
            // An occlusive pump against a clamp: pressure climbs until something gives.
            (LINE_BURST_MMHG, LINE_BURST_MMHG)
        } else if self.art_clamped && self.spec.pump == PumpKind::Centrifugal {
            let head = CENTRIFUGAL_A * self.pump_rpm_set * self.pump_rpm_set;
            (head, head)
        } else {
            let post = downstream_mmhg + (filter + cannula) * q.signum();
            (post, post + oxy * q.signum())
        };
        // Tubing and connectors give way beyond ~600 mmHg; the model stops there.
        (post.min(LINE_BURST_MMHG), pre.min(LINE_BURST_MMHG))
    }
}
