//! Cardiopulmonary bypass: an open venous reservoir filled by siphon (and vacuum), an
//! arterial pump (roller or centrifugal), a membrane oxygenator with its heat
//! exchanger, an arterial filter and the aortic cannula.

use crate::model::circuit::{BloodMoved, FaultLevels, Fill, PatientSide, level};
use crate::model::config::{CircuitSpec, PumpKind, StartSpec};
use crate::model::faults::FaultKind;
use crate::time::DT_SECS;

/// Centrifugal pump head: H = A·rpm² − B·Q|Q| (mmHg, L/min) [U: fitted to a
/// 3000-rpm shut-off head of ~350 mmHg and ~5 L/min at ~2600 rpm in an adult circuit].
pub(crate) const CENTRIFUGAL_A: f64 = 3.9e-5;
pub(crate) const CENTRIFUGAL_B: f64 = 4.0;
/// mL per L/min per tick.
pub(crate) const ML_PER_LPM_TICK: f64 = 1000.0 / 60.0 * DT_SECS;
/// Reservoir volume above the minimum level over which a level servo slows the pump, mL.
const LEVEL_SERVO_BAND_ML: f64 = 200.0;
/// Arterial line volume between pump and cannula, mL (air moves through it with flow).
const ARTERIAL_LINE_ML: f64 = 250.0;

/// The bypass circuit's state and the perfusionist's settings on it.
#[derive(Clone, Debug, PartialEq)]
pub struct CpbCircuit {
    /// The circuit as the scenario describes it.
    pub(crate) spec: CircuitSpec,
    /// Motor on.
    pub(crate) pump_running: bool,
    /// Set flow (roller; or the flow a centrifugal speed was set for), L/min.
    pub(crate) pump_flow_set: f64,
    /// Set speed (centrifugal), rpm.
    pub(crate) pump_rpm_set: f64,
    /// Hand-crank flow, L/min.
    pub(crate) hand_crank_l_min: f64,
    /// Arterial line clamped.
    pub(crate) art_clamped: bool,
    /// Venous line occlusion, %.
    pub(crate) venous_occlusion_pct: f64,
    /// Vacuum on the reservoir, mmHg below atmosphere.
    pub(crate) vacuum_mmhg: f64,
    /// Sweep set on the flowmeter, L/min.
    pub(crate) sweep_l_min: f64,
    /// Blender FiO2, fraction.
    pub(crate) fio2: f64,
    /// Heater-cooler set point, °C.
    pub(crate) water_set_c: f64,
    /// Blood in the venous reservoir, mL.
    pub(crate) reservoir_ml: f64,
    /// Red cells in reservoir, lines and oxygenator, mL.
    pub(crate) circuit_rbc_ml: f64,
    /// Air in the arterial line, mL.
    pub(crate) air_in_line_ml: f64,
    /// The centrifugal head has lost its prime.
    pub(crate) pump_deprimed: bool,
    /// Heater-cooler water temperature, °C.
    pub(crate) t_water: f64,
    /// Clot burden of oxygenator and filter, 0-1.
    pub(crate) clot: f64,
}

impl CpbCircuit {
    /// A primed circuit with the start's settings, holding the blood the patient does
    /// not at the drainage equilibrium for the starting flow; returns it and the
    /// patient's volume, mL. (A centrifugal pump's speed is set by the model once the
    /// patient's afterload is known.)
    pub fn fill(spec: &CircuitSpec, start: &StartSpec, fill: &Fill) -> (Self, f64) {
        // Venous return (CVP + siphon + vacuum)/R = pump flow.
        let q = start.pump_flow_l_min;
        let open = 1.0 - start.venous_occlusion_pct / 100.0;
        let cvp_eq = if q > 0.0 && open > 0.0 {
            (q * fill.r_venous / open - spec.siphon_mmhg - start.vacuum_mmhg).clamp(1.0, 12.0)
        } else {
            8.0
        };
        let patient_ml = (fill.v_unstressed_ml + cvp_eq * fill.c_venous_ml_per_mmhg)
            .min(fill.total_ml - spec.circuit_volume_ml - spec.reservoir_min_ml);
        let reservoir_ml = fill.total_ml - spec.circuit_volume_ml - patient_ml;
        let circuit_ml = reservoir_ml + spec.circuit_volume_ml;
        let circuit = Self::new(spec, start, reservoir_ml, circuit_ml * fill.hct);
        (circuit, patient_ml)
    }

    /// A circuit holding only its clear prime (before bypass): the reservoir has what
    /// the lines and devices do not.
    pub fn primed(spec: &CircuitSpec, start: &StartSpec) -> Self {
        let reservoir_ml = (spec.prime_ml - spec.circuit_volume_ml).max(0.0);
        Self::new(spec, start, reservoir_ml, 0.0)
    }

    /// A primed circuit with the start's settings and this much blood in it.
    fn new(spec: &CircuitSpec, start: &StartSpec, reservoir_ml: f64, circuit_rbc_ml: f64) -> Self {
        Self {
            spec: spec.clone(),
            pump_running: start.pump_flow_l_min > 0.0,
            pump_flow_set: start.pump_flow_l_min,
            pump_rpm_set: 0.0,
            hand_crank_l_min: 0.0,
            art_clamped: false,
            venous_occlusion_pct: start.venous_occlusion_pct,
            vacuum_mmhg: start.vacuum_mmhg,
            sweep_l_min: start.sweep_l_min,
            fio2: start.fio2,
            water_set_c: start.water_c,
            reservoir_ml,
            circuit_rbc_ml,
            air_in_line_ml: 0.0,
            pump_deprimed: false,
            t_water: start.water_c,
            clot: 0.0,
        }
    }

    /// Pump speed that gives `flow` at the present afterload (centrifugal).
    pub(crate) fn rpm_for_flow(&self, flow_l_min: f64, map_mmhg: f64, levels: &FaultLevels) -> f64 {
        let head = map_mmhg.max(30.0)
            + self.drop_mmhg(flow_l_min, levels)
            + CENTRIFUGAL_B * flow_l_min * flow_l_min;
        libm::sqrt(head.max(0.0) / CENTRIFUGAL_A).min(crate::action::limits::PUMP_SPEED.max)
    }

    /// Pressure lost across oxygenator, filter and cannula at `q` L/min (quadratic in
    /// flow, §4-5), with kinks and clot raising their resistances.
    fn drop_mmhg(&self, q: f64, levels: &FaultLevels) -> f64 {
        let (oxy, filter, cannula) = self.drops(q, levels);
        oxy + filter + cannula
    }

    /// (oxygenator, arterial filter, cannula) pressure drops at `q` L/min.
    pub(crate) fn drops(&self, q: f64, levels: &FaultLevels) -> (f64, f64, f64) {
        let qa = q.abs();
        let oxy5 = self.spec.oxygenator_dp_at_5_mmhg;
        let can5 = self.spec.cannula_dp_at_5_mmhg;
        // 80 % laminar (linear) in the oxygenator, 80 % turbulent (quadratic) in the cannula.
        let oxy = (0.8 * oxy5 / 5.0 * qa + 0.2 * oxy5 / 25.0 * qa * qa)
            * (1.0 + 4.0 * self.clot)
            * (1.0 + 0.5 * level(levels, FaultKind::MembraneFailure));
        let filter = (0.5 * qa + 0.2 * qa * qa) * (1.0 + 3.0 * self.clot);
        let cannula = (0.2 * can5 / 5.0 * qa + 0.8 * can5 / 25.0 * qa * qa)
            * (1.0 + 15.0 * level(levels, FaultKind::ArterialLineKink));
        (oxy, filter, cannula)
    }

    /// Arterial pump flow this tick, L/min (negative: backflow through a stopped
    /// centrifugal pump). `changing_oxygenator` holds the pump; `map_mmhg` is the
    /// patient's pressure the pump works against.
    pub(crate) fn pump_flow(
        &mut self,
        changing_oxygenator: bool,
        map_mmhg: f64,
        levels: &FaultLevels,
    ) -> f64 {
        let powered = level(levels, FaultKind::PumpPowerFailure) < 0.5;
        let motor_on = self.pump_running && powered && !changing_oxygenator;
        let q = if changing_oxygenator || self.art_clamped {
            0.0
        } else if motor_on {
            match self.spec.pump {
                PumpKind::Roller if self.spec.interlocks.level_servo => {
                    self.pump_flow_set * self.level_servo_share()
                }
                PumpKind::Roller => self.pump_flow_set,
                PumpKind::Centrifugal if self.pump_deprimed => 0.0,
                PumpKind::Centrifugal => self.centrifugal_flow(self.pump_rpm_set, map_mmhg, levels),
            }
        } else if self.hand_crank_l_min > 0.0 {
            self.hand_crank_l_min
        } else if self.spec.pump == PumpKind::Centrifugal && !self.pump_deprimed {
            // A stopped centrifugal head is not occlusive: the patient's pressure drives
            // blood backwards unless the line is clamped.
            self.centrifugal_flow(0.0, map_mmhg, levels).max(-1.5)
        } else {
            0.0
        };
        if !motor_on && self.pump_running && !powered {
            // Power lost: the console shows the pump stopped.
            self.pump_running = false;
        }
        q
    }

    /// The share of its set flow a level-servoed roller pump delivers: all of it above
    /// the minimum level plus [`LEVEL_SERVO_BAND_ML`], slowing in proportion to the level
    /// within that band, none at the minimum (System 1 / S5 level control).
    fn level_servo_share(&self) -> f64 {
        ((self.reservoir_ml - self.spec.reservoir_min_ml) / LEVEL_SERVO_BAND_ML).clamp(0.0, 1.0)
    }

    /// Solves pump head = MAP + circuit drops for a centrifugal pump.
    fn centrifugal_flow(&self, rpm: f64, map_mmhg: f64, levels: &FaultLevels) -> f64 {
        let head0 = CENTRIFUGAL_A * rpm * rpm;
        let net = head0 - map_mmhg;
        // Drops ≈ r1·Q + r2·Q²; take them at a nominal flow for the quadratic's coefficients.
        let (o, f, c) = self.drops(5.0, levels);
        let r2 = (o + f + c) / 25.0 * 0.5 + CENTRIFUGAL_B;
        let r1 = (o + f + c) / 5.0 * 0.5;
        let mag = (-r1 + libm::sqrt(r1 * r1 + 4.0 * r2 * net.abs())) / (2.0 * r2);
        if net >= 0.0 { mag } else { -mag }
    }

    /// Venous drainage into the reservoir, the reservoir's balance, its red cells, and
    /// air in the arterial line, for one tick at pump flow `q_pump`.
    pub(crate) fn move_blood(
        &mut self,
        q_pump: f64,
        patient: &PatientSide,
        levels: &FaultLevels,
    ) -> BloodMoved {
        let cvp = patient.cvp_mmhg;
        let airlock = level(levels, FaultKind::VenousAirLock);
        // Drainage conductance falls in proportion to the clamp's occlusion [U].
        let open = 1.0 - self.venous_occlusion_pct / 100.0;
        // Veins collapse around the cannula as the patient empties: drainage fades
        // over the last ±200 mL around the unstressed volume (the "chatter" zone).
        let collapse =
            ((patient.patient_ml - (patient.v_unstressed_ml - 200.0)) / 400.0).clamp(0.0, 1.0);
        let drive = cvp + self.spec.siphon_mmhg * (1.0 - airlock) + self.vacuum_mmhg;
        let q_venous =
            (drive.max(0.0) / patient.r_venous * collapse * open * (1.0 - 0.97 * airlock)).max(0.0);
        let suction_l_min = patient.suction_l_min;

        let hct_patient = patient.hct;
        let circuit_ml = self.reservoir_ml + self.spec.circuit_volume_ml;
        let hct_circuit = self.circuit_rbc_ml / circuit_ml.max(1.0);

        // A full reservoir stops drainage: the venous line backs up and the volume stays
        // in the patient (it never exceeds its container).
        let room_ml = self.spec.reservoir_capacity_ml - self.reservoir_ml
            + q_pump.max(0.0) * ML_PER_LPM_TICK
            - (-q_pump).max(0.0) * ML_PER_LPM_TICK
            - suction_l_min * ML_PER_LPM_TICK;
        let q_venous = q_venous.min((room_ml / ML_PER_LPM_TICK).max(0.0));
        let v_in = (q_venous + suction_l_min) * ML_PER_LPM_TICK;
        let mut v_out = q_pump.max(0.0) * ML_PER_LPM_TICK;
        let v_back = (-q_pump).max(0.0) * ML_PER_LPM_TICK;
        let available = self.reservoir_ml + v_in + v_back;
        let mut air_ml = 0.0;
        let mut deprimed_now = false;
        if v_out > available {
            let deficit = v_out - available;
            match self.spec.pump {
                // An occlusive roller keeps pumping: what blood is missing, air replaces.
                PumpKind::Roller => air_ml = deficit,
                // Air reaches the centrifugal head, which de-primes after a small bolus.
                PumpKind::Centrifugal => {
                    air_ml = deficit.min(5.0);
                    if !self.pump_deprimed {
                        self.pump_deprimed = true;
                        deprimed_now = true;
                    }
                }
            }
            v_out = available;
        }
        // What reaches the patient as blood; the rest of the stroke volume was air.
        let q_blood = if q_pump > 0.0 {
            v_out / ML_PER_LPM_TICK
        } else {
            q_pump
        };

        let rbc_in = q_venous * ML_PER_LPM_TICK * hct_patient
            + suction_l_min * ML_PER_LPM_TICK * hct_patient
            + v_back * hct_patient;
        let rbc_out = v_out * hct_circuit;
        // Suction into a full reservoir spills (it is already out of the patient).
        self.reservoir_ml = (self.reservoir_ml + v_in + v_back - v_out)
            .clamp(0.0, self.spec.reservoir_capacity_ml.max(self.reservoir_ml));
        self.circuit_rbc_ml = (self.circuit_rbc_ml + rbc_in - rbc_out).max(0.0);

        // Air: entry on the arterial side while blood flows, then carried to the patient.
        let entry = level(levels, FaultKind::AirEntry);
        if entry > 0.0 && q_pump > 0.2 {
            air_ml += 3.0 * entry * DT_SECS;
        }
        self.air_in_line_ml += air_ml;
        let mut air_to_patient_ml = None;
        if q_pump > 0.0 && self.air_in_line_ml > 0.0 {
            let frac = (q_pump * ML_PER_LPM_TICK / ARTERIAL_LINE_ML).min(1.0);
            let moved = self.air_in_line_ml * frac;
            self.air_in_line_ml -= moved;
            air_to_patient_ml = Some(moved);
        }
        if self.air_in_line_ml < 1e-4 {
            self.air_in_line_ml = 0.0;
        }
        BloodMoved {
            q_venous,
            q_blood,
            v_out_ml: v_out,
            v_back_ml: v_back,
            rbc_out_ml: rbc_out,
            deprimed_now,
            air_to_patient_ml,
        }
    }
}
