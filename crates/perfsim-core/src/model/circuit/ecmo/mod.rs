//! VA and VV ECMO: a closed circuit (no reservoir) of drainage cannula, centrifugal
//! pump, membrane oxygenator with its heat exchanger, and return cannula, solved each
//! tick as a pressure-driven branch between the patient's drainage and return points
//! (ecmo.md §0). The trainee sets the pump's speed; flow is an outcome.
//!
//! `hydraulics.rs` solves flow and the pressures P1/P2/P3; `exchange.rs` gives the
//! blood its gases and heat and moves it (leaks, air); this file holds the state and
//! the console's settings.

mod exchange;
mod hydraulics;

use crate::action::Action;
use crate::model::circuit::{FaultLevels, Fill, Setting};
use crate::model::config::{CircuitKind, CircuitSpec, StartSpec};

pub use hydraulics::Nodes;

/// The ECMO circuit's state and the specialist's settings on it.
#[derive(Clone, Debug, PartialEq)]
pub struct EcmoCircuit {
    /// The circuit as the scenario describes it.
    pub(crate) spec: CircuitSpec,
    /// VV or VA.
    pub(crate) kind: CircuitKind,
    /// Motor on.
    pub(crate) pump_running: bool,
    /// Set speed, rpm.
    pub(crate) rpm_set: f64,
    /// Flow turned by the hand crank (emergency drive), L/min.
    pub(crate) hand_crank_l_min: f64,
    /// Drainage line clamped.
    pub(crate) drainage_clamped: bool,
    /// Return line clamped.
    pub(crate) return_clamped: bool,
    /// Sweep gas set on the flowmeter, L/min.
    pub(crate) sweep_l_min: f64,
    /// Blender FdO2, fraction.
    pub(crate) fdo2: f64,
    /// Heater set point, °C.
    pub(crate) water_set_c: f64,
    /// Heater water temperature, °C.
    pub(crate) t_water: f64,
    /// Circuit flow this tick, L/min (negative: backflow through a VA circuit).
    pub(crate) q_l_min: f64,
    /// Vein collapsed around the drainage ports, 0 (open) to 1 (lagged, so the
    /// pump-vessel loop chatters instead of jumping).
    pub(crate) collapse: f64,
    /// P1, drainage pressure at the pump inlet, mmHg.
    pub(crate) p1_mmhg: f64,
    /// P2, pump outlet / pre-oxygenator, mmHg.
    pub(crate) p2_mmhg: f64,
    /// P3, post-oxygenator, mmHg.
    pub(crate) p3_mmhg: f64,
    /// Clot in the oxygenator, 0-1: raises its resistance and shunts blood past the gas.
    pub(crate) clot: f64,
    /// Air in the return limb, mL.
    pub(crate) air_in_line_ml: f64,
    /// The pump head has lost its prime (air reached it).
    pub(crate) pump_deprimed: bool,
    /// Console battery, %.
    pub(crate) battery_pct: f64,
    /// Red cells in the circuit, mL.
    pub(crate) circuit_rbc_ml: f64,
    /// Seconds the circuit has been in use (clot grows with circuit age).
    pub(crate) age_s: f64,
    /// The battery ran out this tick (the model logs it).
    pub(crate) battery_emptied: bool,
    /// VA with a second return limb into the jugular vein (VAV).
    pub(crate) vav: bool,
    /// A VAV limb is being added (the cannulation under way).
    pub(crate) vav_pending: bool,
}

impl EcmoCircuit {
    /// A primed circuit holding `circuit_volume_ml` of the mixed blood; returns it and
    /// the patient's volume, mL. (Its speed for the starting flow is set by the model
    /// once the patient's pressures are known.)
    pub fn fill(spec: &CircuitSpec, start: &StartSpec, fill: &Fill) -> (Self, f64) {
        let circuit_ml = spec.circuit_volume_ml;
        let patient_ml = fill.total_ml - circuit_ml;
        let circuit = Self {
            spec: spec.clone(),
            kind: spec.kind,
            pump_running: start.pump_flow_l_min > 0.0,
            rpm_set: 0.0,
            hand_crank_l_min: 0.0,
            drainage_clamped: false,
            return_clamped: false,
            sweep_l_min: start.sweep_l_min,
            fdo2: start.fio2,
            water_set_c: start.water_c,
            t_water: start.water_c,
            q_l_min: start.pump_flow_l_min,
            collapse: 0.0,
            p1_mmhg: 0.0,
            p2_mmhg: 0.0,
            p3_mmhg: 0.0,
            clot: 0.0,
            air_in_line_ml: 0.0,
            pump_deprimed: false,
            battery_pct: 100.0,
            circuit_rbc_ml: circuit_ml * fill.hct,
            age_s: 0.0,
            battery_emptied: false,
            vav: false,
            vav_pending: false,
        };
        (circuit, patient_ml)
    }

    /// Applies `action` if it is a setting of this console.
    pub(crate) fn set(&mut self, action: &Action, _levels: &FaultLevels) -> Setting {
        match action {
            Action::SetPumpRpm { rpm } => self.rpm_set = *rpm,
            Action::PumpStop => self.pump_running = false,
            Action::HandCrank { flow_l_per_min } => {
                if self.pump_running && *flow_l_per_min > 0.0 {
                    return Setting::Refused(
                        "the drive is running: stop it before using the emergency crank",
                    );
                }
                self.hand_crank_l_min = *flow_l_per_min;
            }
            Action::ClampDrainage { closed } => self.drainage_clamped = *closed,
            Action::ClampReturn { closed } => self.return_clamped = *closed,
            Action::SetSweep { sweep_l_per_min } => self.sweep_l_min = *sweep_l_per_min,
            Action::SetFio2 { fio2 } => self.fdo2 = *fio2,
            Action::SetWaterTemp { water_c } => self.water_set_c = *water_c,
            _ => return Setting::NotASetting,
        }
        Setting::Done
    }

    /// VV or VA.
    pub fn kind(&self) -> CircuitKind {
        self.kind
    }

    /// Motor on.
    pub fn pump_running(&self) -> bool {
        self.pump_running
    }

    /// Set speed, rpm.
    pub fn rpm_set(&self) -> f64 {
        self.rpm_set
    }

    /// Drainage line clamped.
    pub fn drainage_clamped(&self) -> bool {
        self.drainage_clamped
    }

    /// Return line clamped.
    pub fn return_clamped(&self) -> bool {
        self.return_clamped
    }

    /// Console battery, %.
    pub fn battery_pct(&self) -> f64 {
        self.battery_pct
    }

    /// Whether the line is open end to end (both clamps off).
    pub(crate) fn open(&self) -> bool {
        !self.drainage_clamped && !self.return_clamped
    }

    /// A new circuit (pump head, oxygenator, tubing): clean, primed, air-free.
    pub(crate) fn replace(&mut self) {
        self.clot = 0.0;
        self.air_in_line_ml = 0.0;
        self.pump_deprimed = false;
        self.age_s = 0.0;
        self.collapse = 0.0;
    }
}
