//! What the bypass circuit does to the blood it returns: the membrane oxygenator's gas
//! exchange (§5), the heat exchanger (§7) and the pressures along the arterial line.

use crate::model::circuit::cpb::{CENTRIFUGAL_A, CpbCircuit};
use crate::model::circuit::{FaultLevels, Oxygenated, VenousBlood, level, membrane};
use crate::model::config::PumpKind;
use crate::model::faults::FaultKind;
use crate::model::relax;

/// Arterial line pressure at which tubing or a connector gives way, mmHg.
pub(crate) const LINE_BURST_MMHG: f64 = 600.0;

impl CpbCircuit {
    /// Gas exchange in the membrane for one tick.
    pub(crate) fn oxygenate(&self, venous: &VenousBlood, levels: &FaultLevels) -> Oxygenated {
        let sweep = self.sweep_l_min * (1.0 - level(levels, FaultKind::GasSupplyFailure));
        let health = (1.0 - level(levels, FaultKind::MembraneFailure)) * (1.0 - 0.7 * self.clot);
        membrane::transfer(sweep, self.fio2, health, venous)
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
