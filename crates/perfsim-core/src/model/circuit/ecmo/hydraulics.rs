//! The circuit as a pressure-driven branch (ecmo.md §0-4, §8): a centrifugal pump's
//! head H(Q, N) against the drainage cannula, tubing, oxygenator and return cannula,
//! between the patient's drainage and return pressures. Solved in closed form each
//! tick, so the same speed gives another flow when volume, afterload, kinks or clot
//! change.

use crate::model::circuit::ecmo::EcmoCircuit;
use crate::model::circuit::{FaultLevels, level};
use crate::model::config::{Cannulation, CircuitKind};
use crate::model::faults::FaultKind;
use crate::model::relax;
use crate::time::{DT_SECS, TICKS_PER_SEC, Tick};

/// Pump head H = A·N² − B·N·Q − C·Q² (mmHg; N rpm; Q L/min) [U]: fitted to the ECMO
/// EDGE adult curve of ecmo.md §1 (269 mmHg shut-off at 3000 rpm, 234 at 4 L/min;
/// 478 at 4000 rpm).
pub(crate) const HEAD_A: f64 = 2.99e-5;
const HEAD_B: f64 = 2.25e-3;
const HEAD_C: f64 = 0.5;
/// Tubing, both limbs: linear and quadratic drops (mmHg per L/min, per (L/min)²) [U].
const TUBING_R1: f64 = 0.6;
const TUBING_R2: f64 = 0.1;
/// Blood column, mmHg per cm (ρ 1060 kg/m³).
const MMHG_PER_CM: f64 = 0.78;
/// Cannula suction (mmHg) at which an underfilled vein collapses fully onto the ports [U].
const SUCTION_FOR_COLLAPSE_MMHG: f64 = 40.0;
/// Venous pressure below which the vein around the ports starts to collapse, mmHg [U].
const COLLAPSE_CVP_MMHG: f64 = 8.0;
/// Seconds the vein takes to collapse or reopen around the ports [U]: the lag that
/// makes the loop chatter (ecmo.md §8).
const COLLAPSE_TAU_S: f64 = 0.5;
/// Period of the drainage line's chatter, s (0.5-2 Hz, ecmo.md §8).
const CHATTER_PERIOD_S: f64 = 1.5;
/// Largest backflow through a stopped pump, L/min.
const MAX_BACKFLOW_L_MIN: f64 = 2.0;

/// The patient's pressures the circuit works between.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Nodes {
    /// Pressure at the drainage cannula's tip (IVC / RA), mmHg.
    pub drain_mmhg: f64,
    /// Pressure at the return cannula's tip (VV: RA; VA: aorta), mmHg.
    pub return_mmhg: f64,
}

impl EcmoCircuit {
    /// Drainage cannula: ΔP = k·Q² (mmHg, L/min) [U]: a 25 Fr femoral cannula with
    /// blood reaches −100 mmHg near 5.5 L/min in vivo (Robak, ecmo.md §2b); a 27 Fr
    /// dual-lumen drainage lumen ~150 mmHg at 5 L/min (Avalon chart × 1.5 for blood).
    /// Resistance scales with the fourth power of size.
    pub(crate) fn drainage_k(&self, levels: &FaultLevels) -> f64 {
        let fr = self.spec.drainage_fr;
        let base = match self.spec.cannulation {
            Cannulation::DualLumen => 6.0 * libm::pow(27.0 / fr, 4.0),
            _ => 3.6 * libm::pow(25.0 / fr, 4.0),
        };
        // A VA drainage cannula that migrates sucks against the vessel wall.
        let wall = if self.kind == CircuitKind::VaEcmo {
            1.0 + 3.0 * level(levels, FaultKind::CannulaMalposition)
        } else {
            1.0
        };
        base * wall
    }

    /// Return cannula: ΔP = k·Q² [U]: 21 Fr ~80 mmHg at 5 L/min; a dual-lumen return
    /// lumen ~300 mmHg at 5 L/min at 27 Fr (Avalon chart, ecmo.md §2a). A pulled-out
    /// cannula offers almost none.
    fn return_k(&self, levels: &FaultLevels) -> f64 {
        let fr = self.spec.return_fr;
        let k = match self.spec.cannulation {
            Cannulation::DualLumen => 12.0 * libm::pow(27.0 / fr, 4.0),
            _ => 3.2 * libm::pow(21.0 / fr, 4.0),
        };
        k * (1.0 - 0.9 * level(levels, FaultKind::Decannulation))
    }

    /// Oxygenator resistance, mmHg per L/min: laminar, rising with clot [U] (ΔP/Q is
    /// what a clinician trends, ecmo.md §3a).
    pub(crate) fn oxygenator_r(&self, levels: &FaultLevels) -> f64 {
        self.spec.oxygenator_dp_at_5_mmhg / 5.0
            * (1.0 + 4.0 * self.clot)
            * (1.0 + 0.5 * level(levels, FaultKind::MembraneFailure))
    }

    /// Shut-off head at `rpm`, mmHg; thrombus in the head takes some of it.
    fn shutoff_head(&self, rpm: f64, levels: &FaultLevels) -> f64 {
        HEAD_A * rpm * rpm * (1.0 - 0.3 * level(levels, FaultKind::PumpHeadThrombus))
    }

    /// Solves this tick's flow between the patient's `nodes` and updates P1, P2, P3,
    /// the vein's collapse and the battery. `held` stops the circuit (a procedure
    /// with the circuit out of use). Returns the blood flow, L/min.
    pub(crate) fn pump_flow(
        &mut self,
        nodes: &Nodes,
        held: bool,
        levels: &FaultLevels,
        tick: Tick,
    ) -> f64 {
        self.age_s += DT_SECS;
        // Mains lost: the console runs on its battery until it is empty.
        if level(levels, FaultKind::PumpPowerFailure) >= 0.5 && self.pump_running {
            self.battery_pct -= 100.0 / (self.spec.battery_min * 60.0) * DT_SECS;
            if self.battery_pct <= 0.0 {
                self.battery_pct = 0.0;
                self.pump_running = false;
                self.battery_emptied = true;
            }
        }
        let motor_on = self.pump_running && self.battery_pct > 0.0 && !held;
        let rpm = if motor_on { self.rpm_set } else { 0.0 };
        let kd = self.drainage_k(levels);
        let kr = self.return_k(levels);
        let r_ml = self.oxygenator_r(levels);
        let mult = 1.0 + 20.0 * self.collapse * self.collapse;
        let h = MMHG_PER_CM * self.spec.pump_below_patient_cm;
        let dp_nodes = nodes.return_mmhg - nodes.drain_mmhg;
        let head0 = self.shutoff_head(rpm, levels);

        let q = if held || !self.open() || self.pump_deprimed {
            0.0
        } else if !motor_on && self.hand_crank_l_min > 0.0 {
            self.hand_crank_l_min
        } else {
            let k2 = kd * mult + kr + TUBING_R2 + HEAD_C;
            let k1 = HEAD_B * rpm + TUBING_R1 + r_ml;
            let c = head0 - dp_nodes;
            let mag = (-k1 + libm::sqrt(k1 * k1 + 4.0 * k2 * c.abs())) / (2.0 * k2);
            if c >= 0.0 {
                mag
            } else {
                -mag.min(MAX_BACKFLOW_L_MIN)
            }
        };

        // The vein around the ports collapses when the patient's venous filling (CVP)
        // is low while the cannula sucks, and reopens as flow (and suction) falls: a
        // lagged loop.
        let suction = (kd * q.max(0.0) * q.max(0.0) / SUCTION_FOR_COLLAPSE_MMHG).min(1.0);
        let empty = ((COLLAPSE_CVP_MMHG - nodes.drain_mmhg) / 4.0).clamp(0.0, 1.0);
        let target = empty * suction;
        self.collapse = relax(self.collapse, target, COLLAPSE_TAU_S);
        // Chatter: flow swings as the vein shuts and reopens (0.5-2 Hz).
        let period_ticks = (CHATTER_PERIOD_S * TICKS_PER_SEC as f64) as u64;
        let phase = (tick % period_ticks) as f64 / period_ticks as f64;
        let swing = 0.5 + 0.5 * libm::sin(2.0 * core::f64::consts::PI * phase);
        let q = if q > 0.0 {
            q * (1.0 - 0.35 * self.collapse * swing)
        } else {
            q
        };
        self.q_l_min = q;

        // Pressures at the pump, which sits `h` below the patient.
        let qa = q * q.abs();
        if !self.open() && motor_on {
            if self.drainage_clamped {
                // Suction against a clamp: the inlet pulls hard on what is between.
                self.p1_mmhg = -0.5 * head0 + h;
                self.p2_mmhg = if self.return_clamped {
                    0.5 * head0 + h
                } else {
                    nodes.return_mmhg + h
                };
            } else {
                self.p1_mmhg = nodes.drain_mmhg + h;
                self.p2_mmhg = self.p1_mmhg + head0;
            }
            self.p3_mmhg = if self.return_clamped {
                self.p2_mmhg
            } else {
                nodes.return_mmhg + h
            };
        } else {
            self.p1_mmhg = nodes.drain_mmhg - kd * mult * qa + h;
            self.p3_mmhg = nodes.return_mmhg + kr * qa + TUBING_R1 * 0.5 * q + h;
            self.p2_mmhg = self.p3_mmhg + r_ml * q;
        }
        q
    }

    /// The speed that gives `flow_l_min` between `nodes` with the vein open (the
    /// scenario's starting flow is a flow; the console is set by speed).
    pub(crate) fn rpm_for_flow(&self, flow_l_min: f64, nodes: &Nodes, levels: &FaultLevels) -> f64 {
        let q = flow_l_min.max(0.0);
        let k2 = self.drainage_k(levels) + self.return_k(levels) + TUBING_R2 + HEAD_C;
        let need = nodes.return_mmhg - nodes.drain_mmhg
            + k2 * q * q
            + (TUBING_R1 + self.oxygenator_r(levels)) * q;
        // A·N² − B·q·N − need = 0.
        let b = HEAD_B * q;
        let n = (b + libm::sqrt(b * b + 4.0 * HEAD_A * need.max(0.0))) / (2.0 * HEAD_A);
        n.min(crate::action::limits::PUMP_SPEED.max)
    }
}
