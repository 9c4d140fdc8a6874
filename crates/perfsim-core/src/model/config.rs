//! The circuit and the starting point of a run, as a scenario file writes them.
//! Everything the model needs to start is here or in [`crate::model::patient`].

use serde::{Deserialize, Serialize};

use crate::action::limits;
use crate::bounded::bounded;

/// Which extracorporeal circuit is attached. VA and VV ECMO reuse the same patient
/// with a different circuit (no reservoir, cannula positions, recirculation), which is
/// why this is a configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum CircuitKind {
    /// Open-reservoir cardiopulmonary bypass.
    #[default]
    Cpb,
    /// Veno-venous ECMO: drains and returns venous blood (respiratory support only).
    VvEcmo,
    /// Veno-arterial ECMO: drains venous blood and returns it to an artery.
    VaEcmo,
}

impl CircuitKind {
    /// Every kind.
    pub const ALL: [CircuitKind; 3] = [CircuitKind::Cpb, CircuitKind::VvEcmo, CircuitKind::VaEcmo];

    /// The circuit's name in messages, e.g. "cardiopulmonary bypass".
    pub fn label(self) -> &'static str {
        match self {
            CircuitKind::Cpb => "cardiopulmonary bypass",
            CircuitKind::VvEcmo => "VV ECMO",
            CircuitKind::VaEcmo => "VA ECMO",
        }
    }

    /// Whether this is an ECMO circuit (closed, centrifugal, no reservoir).
    pub fn is_ecmo(self) -> bool {
        matches!(self, CircuitKind::VvEcmo | CircuitKind::VaEcmo)
    }
}

/// Where the ECMO cannulae sit (ecmo.md §0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Cannulation {
    /// VV: drainage from the IVC by a femoral cannula, return to the RA by the right IJ.
    #[default]
    FemoroJugular,
    /// VV: one bicaval dual-lumen cannula in the right IJ, return jet at the tricuspid.
    DualLumen,
    /// VA: femoral venous drainage, retrograde return into the iliac artery and aorta.
    FemoroFemoral,
    /// VA: RA drainage, return into the ascending aorta (no North-South problem).
    Central,
}

impl Cannulation {
    /// Whether this configuration belongs to `kind`.
    pub fn fits(self, kind: CircuitKind) -> bool {
        match self {
            Cannulation::FemoroJugular | Cannulation::DualLumen => kind == CircuitKind::VvEcmo,
            Cannulation::FemoroFemoral | Cannulation::Central => kind == CircuitKind::VaEcmo,
        }
    }
}

/// The arterial pump.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PumpKind {
    /// Occlusive: delivers its set flow whatever the afterload, and pumps air when the
    /// reservoir runs dry.
    Roller,
    /// Kinetic: flow follows speed and afterload; de-primes when air reaches it, and
    /// flows backwards at low speed.
    Centrifugal,
}

/// Safety interlocks a console may have switched on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interlocks {
    /// The console has switchable servos (a System 1 or S5): the perfusionist may arm
    /// or disarm each during the run. `false` on a relief console whose detectors only
    /// alarm: the trainee cannot arm what is not fitted.
    #[serde(default = "fitted_by_default")]
    pub fitted: bool,
    /// Level detector stops the pump when the reservoir reaches its minimum.
    #[serde(default)]
    pub level_stop: bool,
    /// Bubble detector stops the pump when air reaches the arterial line.
    #[serde(default)]
    pub bubble_stop: bool,
    /// Pressure servo stops the pump when arterial line pressure exceeds its limit.
    #[serde(default)]
    pub pressure_stop: bool,
    /// Level servo: a roller pump slows as the reservoir nears its minimum level
    /// (over the last 200 mL) instead of running it dry.
    #[serde(default)]
    pub level_servo: bool,
}

fn fitted_by_default() -> bool {
    true
}

impl Default for Interlocks {
    /// A console with its servos fitted and all of them off.
    fn default() -> Self {
        Self {
            fitted: true,
            level_stop: false,
            bubble_stop: false,
            pressure_stop: false,
            level_servo: false,
        }
    }
}

/// The extracorporeal circuit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CircuitSpec {
    /// Circuit configuration.
    #[serde(default)]
    pub kind: CircuitKind,
    /// Arterial pump type (ECMO pumps are centrifugal).
    #[serde(default = "default_pump")]
    pub pump: PumpKind,
    /// Priming volume (clear crystalloid), 500-3000 mL.
    #[serde(deserialize_with = "bounded::<_, 500_000, 3_000_000>")]
    pub prime_ml: f64,
    /// Blood held in lines, oxygenator and filter (not the reservoir), 300-1500 mL.
    #[serde(
        default = "default_fixed",
        deserialize_with = "bounded::<_, 300_000, 1_500_000>"
    )]
    pub circuit_volume_ml: f64,
    /// Reservoir capacity, 1500-6000 mL.
    #[serde(
        default = "default_capacity",
        deserialize_with = "bounded::<_, 1_500_000, 6_000_000>"
    )]
    pub reservoir_capacity_ml: f64,
    /// Manufacturer's minimum operating level, 50-1000 mL.
    #[serde(
        default = "default_min_level",
        deserialize_with = "bounded::<_, 50_000, 1_000_000>"
    )]
    pub reservoir_min_ml: f64,
    /// Height of the patient above the reservoir, as siphon pressure, 10-60 mmHg.
    #[serde(
        default = "default_siphon",
        deserialize_with = "bounded::<_, 10_000, 60_000>"
    )]
    pub siphon_mmhg: f64,
    /// Oxygenator pressure drop at 5 L/min with a clean membrane, 20-150 mmHg.
    #[serde(
        default = "default_oxy_dp",
        deserialize_with = "bounded::<_, 20_000, 150_000>"
    )]
    pub oxygenator_dp_at_5_mmhg: f64,
    /// Aortic cannula pressure drop at 5 L/min, 20-100 mmHg (25-92 in [S33]).
    #[serde(
        default = "default_cannula_dp",
        deserialize_with = "bounded::<_, 20_000, 100_000>"
    )]
    pub cannula_dp_at_5_mmhg: f64,
    /// Seconds a team takes to change the oxygenator, 60-900 (trained ~170, naive ~560 [S85]).
    #[serde(
        default = "default_change_s",
        deserialize_with = "bounded::<_, 60_000, 900_000>"
    )]
    pub oxygenator_change_s: f64,
    /// Seconds to de-air the arterial line and cannula, 10-300.
    #[serde(
        default = "default_deair_s",
        deserialize_with = "bounded::<_, 10_000, 300_000>"
    )]
    pub deair_s: f64,
    /// Interlocks switched on.
    #[serde(default)]
    pub interlocks: Interlocks,
    /// ECMO: where the cannulae sit (VV: FemoroJugular or DualLumen; VA: FemoroFemoral
    /// or Central).
    #[serde(default)]
    pub cannulation: Cannulation,
    /// ECMO: drainage cannula size, 15-31 Fr.
    #[serde(
        default = "default_drainage_fr",
        deserialize_with = "bounded::<_, 15_000, 31_000>"
    )]
    pub drainage_fr: f64,
    /// ECMO: return cannula size, 15-31 Fr (for a dual-lumen cannula, the cannula's size).
    #[serde(
        default = "default_return_fr",
        deserialize_with = "bounded::<_, 15_000, 31_000>"
    )]
    pub return_fr: f64,
    /// ECMO VV femoro-jugular: distance between the drainage and return tips, 2-40 cm
    /// (recirculation rises below ~10 cm, ecmo.md §5).
    #[serde(
        default = "default_tip_cm",
        deserialize_with = "bounded::<_, 2_000, 40_000>"
    )]
    pub tip_distance_cm: f64,
    /// ECMO: height of the pump head below the patient's right atrium, −50 to 100 cm
    /// (a hydrostatic 0.78 mmHg per cm at the pump inlet, ecmo.md §0).
    #[serde(default, deserialize_with = "bounded::<_, -50_000, 100_000>")]
    pub pump_below_patient_cm: f64,
    /// ECMO: minutes the console's battery runs the pump without mains power, 1-180.
    #[serde(
        default = "default_battery_min",
        deserialize_with = "bounded::<_, 1_000, 180_000>"
    )]
    pub battery_min: f64,
    /// ECMO: seconds a team takes to change the whole circuit, 120-1800.
    #[serde(
        default = "default_circuit_change_s",
        deserialize_with = "bounded::<_, 120_000, 1_800_000>"
    )]
    pub circuit_change_s: f64,
    /// ECMO: seconds to reposition a cannula under echo, 60-1800.
    #[serde(
        default = "default_reposition_s",
        deserialize_with = "bounded::<_, 60_000, 1_800_000>"
    )]
    pub reposition_s: f64,
}

fn default_pump() -> PumpKind {
    PumpKind::Centrifugal
}
fn default_drainage_fr() -> f64 {
    25.0
}
fn default_return_fr() -> f64 {
    21.0
}
fn default_tip_cm() -> f64 {
    20.0
}
fn default_battery_min() -> f64 {
    90.0
}
fn default_circuit_change_s() -> f64 {
    480.0
}
fn default_reposition_s() -> f64 {
    300.0
}

fn default_fixed() -> f64 {
    700.0
}
fn default_capacity() -> f64 {
    4000.0
}
fn default_min_level() -> f64 {
    200.0
}
fn default_siphon() -> f64 {
    35.0
}
fn default_oxy_dp() -> f64 {
    60.0
}
fn default_cannula_dp() -> f64 {
    50.0
}
fn default_change_s() -> f64 {
    // A practised team: 170 ± 33 s after training [S85]; with de-airing the default
    // team is back on bypass within the 90-180 s a trained team takes.
    150.0
}
fn default_deair_s() -> f64 {
    30.0
}

/// Settings and state at the first tick. Runs start on full bypass by default, with
/// heparin given and the prime already mixed; scenarios that need another point of the
/// case say so with `start_phase:` (before bypass, off bypass) and the heart,
/// cross-clamp and ventilation fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartSpec {
    /// Roller pump flow (or, for a centrifugal pump, the flow its speed is set to give), 0-7 L/min.
    #[serde(
        deserialize_with = "bounded::<_, { limits::PUMP_FLOW.min_milli() }, { limits::PUMP_FLOW.max_milli() }>"
    )]
    pub pump_flow_l_min: f64,
    /// Sweep gas, 0-15 L/min.
    #[serde(
        deserialize_with = "bounded::<_, { limits::SWEEP.min_milli() }, { limits::SWEEP.max_milli() }>"
    )]
    pub sweep_l_min: f64,
    /// Blender FiO2, 0.21-1.
    #[serde(
        deserialize_with = "bounded::<_, { limits::FIO2.min_milli() }, { limits::FIO2.max_milli() }>"
    )]
    pub fio2: f64,
    /// Heater-cooler water, 4-40 °C.
    #[serde(
        deserialize_with = "bounded::<_, { limits::WATER_TEMP.min_milli() }, { limits::WATER_TEMP.max_milli() }>"
    )]
    pub water_c: f64,
    /// Patient temperature at the start (all compartments), 15-39 °C.
    #[serde(deserialize_with = "bounded::<_, 15_000, 39_000>")]
    pub temp_c: f64,
    /// Heparin given before bypass, 0-600 U/kg.
    #[serde(deserialize_with = "bounded::<_, 0, 600_000>")]
    pub heparin_u_per_kg: f64,
    /// Minutes since the heparin bolus (its elimination has begun), 0-240.
    #[serde(default, deserialize_with = "bounded::<_, 0, 240_000>")]
    pub heparin_given_min_ago: f64,
    /// Aortic cross-clamp on.
    pub cross_clamp: bool,
    /// Heart arrested by cardioplegia (otherwise beating in sinus rhythm).
    pub heart_arrested: bool,
    /// Lungs ventilated.
    pub ventilation: bool,
    /// Venous line occlusion, 0-100 %.
    #[serde(
        default,
        deserialize_with = "bounded::<_, { limits::VENOUS_OCCLUSION.min_milli() }, { limits::VENOUS_OCCLUSION.max_milli() }>"
    )]
    pub venous_occlusion_pct: f64,
    /// Vacuum-assisted drainage, 0-100 mmHg below atmosphere.
    #[serde(
        default,
        deserialize_with = "bounded::<_, { limits::VACUUM.min_milli() }, { limits::VACUUM.max_milli() }>"
    )]
    pub vacuum_mmhg: f64,
    /// Crystalloid given before bypass beyond the prime, 0-5000 mL.
    #[serde(default, deserialize_with = "bounded::<_, 0, 5_000_000>")]
    pub crystalloid_ml: f64,
    /// The phase the case starts in: the scenario file's top-level `start_phase:`
    /// (default: on bypass, as every scenario before phases).
    #[serde(skip)]
    pub phase: crate::model::phase::StartPhase,
    /// ECMO: the ventilator at the start (ignored on bypass, where `ventilation` rules).
    #[serde(default)]
    pub ventilator: VentilatorSpec,
    /// ECMO: heparin infusion at the start, 0-3000 U/h.
    #[serde(
        default,
        deserialize_with = "bounded::<_, { limits::HEPARIN_INFUSION.min_milli() }, { limits::HEPARIN_INFUSION.max_milli() }>"
    )]
    pub heparin_u_per_h: f64,
}

/// The ventilator's settings on ECMO (rest ventilation by default: FiO2 0.4, PEEP 10,
/// rate 10, ecmo.md §11).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VentilatorSpec {
    /// Inspired oxygen fraction, 0.21-1.
    #[serde(
        deserialize_with = "bounded::<_, { limits::VENT_FIO2.min_milli() }, { limits::VENT_FIO2.max_milli() }>"
    )]
    pub fio2: f64,
    /// PEEP, 0-20 cmH2O.
    #[serde(
        deserialize_with = "bounded::<_, { limits::PEEP.min_milli() }, { limits::PEEP.max_milli() }>"
    )]
    pub peep_cmh2o: f64,
    /// Breaths per minute, 4-35.
    #[serde(
        deserialize_with = "bounded::<_, { limits::VENT_RATE.min_milli() }, { limits::VENT_RATE.max_milli() }>"
    )]
    pub rate_per_min: f64,
}

impl Default for VentilatorSpec {
    fn default() -> Self {
        Self {
            fio2: 0.4,
            peep_cmh2o: 10.0,
            rate_per_min: 10.0,
        }
    }
}
