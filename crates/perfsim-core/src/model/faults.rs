//! Faults: typed mechanisms with an onset, a ramp and a severity.
//!
//! A fault never writes a displayed value. Each kind changes one physical parameter
//! (membrane conductance, delivered sweep, venous resistance...) and the monitors
//! follow from the model. The trainee's screens never name an active fault.

use serde::{Deserialize, Serialize};

use crate::model::snapshot::Signal;
use crate::time::{TICKS_PER_SEC, Tick, tick_from_secs};

/// The mechanism a fault acts through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FaultKind {
    /// Membrane thrombosis or plasma leak: gas transfer falls, ΔP rises.
    MembraneFailure,
    /// Sweep gas not reaching the oxygenator (wall source, blender, line off or kinked).
    /// Found and fixed by [`crate::action::Action::CheckGasSupply`].
    GasSupplyFailure,
    /// Air entering the arterial side (loose luer, pressurised vent, empty cardioplegia bag).
    AirEntry,
    /// Clot forms faster at a given ACT (contact activation, low-flow stasis).
    AcceleratedClotting,
    /// Antithrombin falls, so heparin raises ACT less.
    HeparinResistance,
    /// Loss of vasomotor tone: SVR falls and catecholamines work less well.
    Vasoplegia,
    /// The arterial pump's motor loses power; the hand crank still turns it.
    PumpPowerFailure,
    /// The heater-cooler stops circulating water: the heat exchanger stops exchanging.
    HeaterFailure,
    /// The heater-cooler's thermostat fails hot: water runs above its set point.
    HeaterOverheat,
    /// Air in the venous line stops siphon drainage.
    VenousAirLock,
    /// The arterial line or cannula kinks: resistance rises sharply.
    ArterialLineKink,
    /// Surgical bleeding into the field, partly returned by cardiotomy suction (on ECMO:
    /// blood lost from the patient, none returned).
    Bleeding,
    /// ECMO: thrombus in the centrifugal pump head: haemolysis, noise, less head.
    PumpHeadThrombus,
    /// ECMO: the return cannula pulled out: the circuit pumps onto the bed and the
    /// site bleeds until recannulated.
    Decannulation,
    /// ECMO: the drainage cannula migrates (toward the return jet on VV; against the
    /// vessel wall on VA).
    CannulaMalposition,
    /// ECMO: a crack or connector leak after the pump: blood lost while it flows.
    CircuitRupture,
    /// ECMO: the native lungs worsen (shunt fraction rises toward 1).
    LungWorsening,
    /// ECMO: the native heart worsens (contractility falls).
    HeartWorsening,
    /// An anaphylactoid reaction to protamine: systemic vasodilation and pulmonary
    /// vasoconstriction (the right ventricle fails, the left fills poorly). It wanes
    /// over about ten minutes once it has peaked.
    ProtamineReaction,
}

impl FaultKind {
    /// Every kind, in a stable order.
    pub const ALL: [FaultKind; 19] = [
        FaultKind::MembraneFailure,
        FaultKind::GasSupplyFailure,
        FaultKind::AirEntry,
        FaultKind::AcceleratedClotting,
        FaultKind::HeparinResistance,
        FaultKind::Vasoplegia,
        FaultKind::PumpPowerFailure,
        FaultKind::HeaterFailure,
        FaultKind::HeaterOverheat,
        FaultKind::VenousAirLock,
        FaultKind::ArterialLineKink,
        FaultKind::Bleeding,
        FaultKind::PumpHeadThrombus,
        FaultKind::Decannulation,
        FaultKind::CannulaMalposition,
        FaultKind::CircuitRupture,
        FaultKind::LungWorsening,
        FaultKind::HeartWorsening,
        FaultKind::ProtamineReaction,
    ];

    /// Time constant with which a fault of this kind wanes after its ramp, s; `None`
    /// for faults that last until repaired.
    pub fn wanes_tau_s(self) -> Option<f64> {
        match self {
            FaultKind::ProtamineReaction => Some(600.0),
            _ => None,
        }
    }

    /// Index into per-kind arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name a debrief (never the trainee's console) shows.
    pub fn label(self) -> &'static str {
        match self {
            FaultKind::MembraneFailure => "Oxygenator membrane failure",
            FaultKind::GasSupplyFailure => "Gas supply failure",
            FaultKind::AirEntry => "Air entry on the arterial side",
            FaultKind::AcceleratedClotting => "Accelerated circuit clotting",
            FaultKind::HeparinResistance => "Heparin resistance",
            FaultKind::Vasoplegia => "Vasoplegia",
            FaultKind::PumpPowerFailure => "Pump power failure",
            FaultKind::HeaterFailure => "Heater-cooler failure",
            FaultKind::HeaterOverheat => "Heater-cooler overheating",
            FaultKind::VenousAirLock => "Venous air lock",
            FaultKind::ArterialLineKink => "Arterial line kink",
            FaultKind::Bleeding => "Surgical bleeding",
            FaultKind::PumpHeadThrombus => "Pump-head thrombus",
            FaultKind::Decannulation => "Accidental decannulation",
            FaultKind::CannulaMalposition => "Drainage cannula malposition",
            FaultKind::CircuitRupture => "Circuit rupture",
            FaultKind::LungWorsening => "Worsening native lung",
            FaultKind::HeartWorsening => "Worsening native heart",
            FaultKind::ProtamineReaction => "Protamine reaction",
        }
    }
}

/// When a fault starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Onset {
    /// At this many simulated seconds from the start.
    AtSecs(f64),
    /// The first whole second at which a model signal is below a value.
    WhenBelow(Signal, f64),
    /// The first whole second at which a model signal is above a value.
    WhenAbove(Signal, f64),
}

/// A fault as a scenario (or the instructor) describes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    /// The mechanism.
    pub kind: FaultKind,
    /// When it starts.
    pub onset: Onset,
    /// Seconds from onset to full severity (0 for a step).
    #[serde(default)]
    pub ramp_s: f64,
    /// Full severity, 0-1 (1 is the worst the mechanism can do).
    pub severity: f64,
}

impl FaultSpec {
    /// Checks numbers a parser cannot: finite, in range.
    pub fn check(&self) -> Result<(), String> {
        if !(self.severity.is_finite() && (0.0..=1.0).contains(&self.severity)) {
            return Err(format!(
                "fault severity must be from 0 to 1, not {}",
                self.severity
            ));
        }
        if !(self.ramp_s.is_finite() && (0.0..=7200.0).contains(&self.ramp_s)) {
            return Err(format!(
                "fault ramp_s must be from 0 to 7200 s, not {}",
                self.ramp_s
            ));
        }
        match &self.onset {
            Onset::AtSecs(s) if !(s.is_finite() && *s >= 0.0) => Err(format!(
                "fault onset must be a time of 0 s or later, not {s}"
            )),
            Onset::WhenBelow(_, v) | Onset::WhenAbove(_, v) if !v.is_finite() => {
                Err(format!("fault onset threshold must be a number, not {v}"))
            }
            _ => Ok(()),
        }
    }
}

/// A scheduled or running fault inside the model.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultState {
    /// What the scenario asked for.
    pub spec: FaultSpec,
    /// The tick it started, once it has.
    pub onset_tick: Option<Tick>,
    /// The tick it was cleared (by repair or by the instructor), if it has been.
    pub cleared_tick: Option<Tick>,
}

impl FaultState {
    /// A fault waiting for its onset.
    pub fn scheduled(spec: FaultSpec) -> Self {
        Self {
            spec,
            onset_tick: None,
            cleared_tick: None,
        }
    }

    /// Whether the onset is due at `tick`, given a way to read model signals.
    /// Conditions are checked once per simulated second.
    pub fn due(&self, tick: Tick, signal: impl Fn(Signal) -> f64) -> bool {
        if self.onset_tick.is_some() || self.cleared_tick.is_some() {
            return false;
        }
        match &self.spec.onset {
            Onset::AtSecs(s) => tick >= tick_from_secs(*s),
            Onset::WhenBelow(sig, v) => tick.is_multiple_of(TICKS_PER_SEC) && signal(*sig) < *v,
            Onset::WhenAbove(sig, v) => tick.is_multiple_of(TICKS_PER_SEC) && signal(*sig) > *v,
        }
    }

    /// Severity now: 0 before onset and after clearing, ramping linearly to full.
    pub fn level(&self, tick: Tick) -> f64 {
        let Some(onset) = self.onset_tick else {
            return 0.0;
        };
        if self.cleared_tick.is_some() || tick < onset {
            return 0.0;
        }
        let ramp_ticks = tick_from_secs(self.spec.ramp_s);
        if let Some(tau_s) = self.spec.kind.wanes_tau_s() {
            let since_peak_s =
                crate::time::secs_from_tick((tick - onset).saturating_sub(ramp_ticks));
            let frac = if ramp_ticks == 0 {
                1.0
            } else {
                ((tick - onset) as f64 / ramp_ticks as f64).min(1.0)
            };
            return self.spec.severity * frac * libm::exp(-since_peak_s / tau_s);
        }
        if ramp_ticks == 0 {
            return self.spec.severity;
        }
        let frac = ((tick - onset) as f64 / ramp_ticks as f64).min(1.0);
        self.spec.severity * frac
    }
}
