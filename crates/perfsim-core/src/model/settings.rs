//! What the console shows of the trainee's settings: the same shape for every circuit,
//! with an ECMO console's own settings beside it.

use crate::model::config::{CircuitKind, PumpKind};

/// The trainee's current settings, as the console shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// The circuit attached (the controls a console shows depend on it).
    pub circuit_kind: CircuitKind,
    /// Pump type.
    pub pump_kind: PumpKind,
    /// Motor on.
    pub pump_running: bool,
    /// Set flow (roller), L/min.
    pub pump_flow_set_l_min: f64,
    /// Set speed (centrifugal), rpm.
    pub pump_rpm_set: f64,
    /// Hand-crank flow, L/min.
    pub hand_crank_l_min: f64,
    /// Arterial clamp on.
    pub arterial_clamped: bool,
    /// Venous occlusion, %.
    pub venous_occlusion_pct: f64,
    /// Vacuum, mmHg below atmosphere.
    pub vacuum_mmhg: f64,
    /// Sweep set on the flowmeter, L/min.
    pub sweep_l_min: f64,
    /// Blender FiO2, fraction.
    pub fio2: f64,
    /// Heater-cooler set point, °C.
    pub water_set_c: f64,
    /// Head-down.
    pub trendelenburg: bool,
    /// Lungs ventilated.
    pub ventilation: bool,
    /// Pacing rate, 0 when off.
    pub pacing_per_min: f64,
    /// Cross-clamp on.
    pub cross_clamp: bool,
    /// Retrograde SVC perfusion running.
    pub retro_svc: bool,
    /// Running infusions by drug, in the drug's infusion unit.
    pub infusions_per_min: [(crate::action::Drug, f64); 5],
    /// Reservoir capacity, mL.
    pub reservoir_capacity_ml: f64,
    /// Minimum operating level, mL.
    pub reservoir_min_ml: f64,
    /// Patient BSA, m².
    pub bsa_m2: f64,
    /// Patient weight, kg.
    pub weight_kg: f64,
    /// The bypass console's safety servos armed now (all off on ECMO).
    pub interlocks: crate::model::config::Interlocks,
    /// The ECMO console's own settings, on ECMO.
    pub ecmo: Option<EcmoSettings>,
}

/// Settings only an ECMO console and its ventilator have.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EcmoSettings {
    /// Drainage line clamped.
    pub drainage_clamped: bool,
    /// Return line clamped.
    pub return_clamped: bool,
    /// Ventilator FiO2, fraction.
    pub vent_fio2: f64,
    /// PEEP, cmH2O.
    pub peep_cmh2o: f64,
    /// Ventilator rate, /min.
    pub vent_rate_per_min: f64,
    /// Heparin infusion, U/h.
    pub heparin_u_per_h: f64,
    /// Console battery, %.
    pub battery_pct: f64,
    /// Mains power lost: the console runs on its battery.
    pub on_battery: bool,
}
