//! The phases of a bypass case and the perfusion record's times: on bypass, cross-clamp
//! on and off, cardioplegia doses, off bypass, protamine, decannulation.
//!
//! The phase follows what the circuit and the team do (it is never set directly):
//! flow with drainage puts the patient on bypass, the cross-clamp arrests the heart,
//! the pump stopping after bypass separates. Each change and each cardioplegia dose is
//! an [`crate::model::events::Event`], so the debrief, the record and a rubric see the
//! same times a paper perfusion record keeps.

use serde::{Deserialize, Serialize};

use crate::action::{PlegiaRoute, PlegiaSolution};
use crate::time::Tick;

/// Where a case is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum Phase {
    /// Cannulated, heart beating, lungs ventilated, the circuit primed and clamped.
    PreBypass,
    /// Venous line open and flow rising; the heart still ejects.
    Initiation,
    /// Full flow, the heart empty, the lungs still.
    #[default]
    FullBypass,
    /// Aortic cross-clamp on: the heart arrested with cardioplegia.
    CrossClamped,
    /// Cross-clamp off on bypass: the heart reperfused and beating empty.
    Reperfusion,
    /// Separated from bypass: the heart carries the circulation.
    OffBypass,
    /// Protamine given after separation.
    Protamine,
    /// Cannulae out.
    Decannulated,
}

impl Phase {
    /// The phase as a perfusion record names it.
    pub fn label(self) -> &'static str {
        match self {
            Phase::PreBypass => "Pre-bypass",
            Phase::Initiation => "Initiation",
            Phase::FullBypass => "Full bypass",
            Phase::CrossClamped => "Cross-clamp on",
            Phase::Reperfusion => "Reperfusion",
            Phase::OffBypass => "Off bypass",
            Phase::Protamine => "Protamine",
            Phase::Decannulated => "Decannulated",
        }
    }

    /// Whether the patient is on bypass in this phase.
    pub fn on_bypass(self) -> bool {
        matches!(
            self,
            Phase::Initiation | Phase::FullBypass | Phase::CrossClamped | Phase::Reperfusion
        )
    }
}

/// Where a scenario starts (`start_phase:` in the file).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum StartPhase {
    /// Before bypass: the patient holds their own blood, the circuit only its prime;
    /// pump stopped and venous line clamped.
    PreBypass,
    /// On bypass with the prime mixed in (every scenario before phases existed).
    #[default]
    OnBypass,
    /// Separated from bypass (the start's pump flow should be 0): the prime is mixed
    /// in and the circuit stands ready to go back on.
    OffBypass,
}

/// One cardioplegia dose as the record keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlegiaDose {
    /// When.
    pub tick: Tick,
    /// Which solution.
    pub solution: PlegiaSolution,
    /// Which route.
    pub route: PlegiaRoute,
    /// Volume, mL.
    pub volume_ml: f64,
}

/// The perfusion record of a case so far: its phase and the times a perfusionist
/// writes down, with the running totals of the heart-lung machine's parts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CaseRecord {
    /// The phase now.
    pub phase: Phase,
    /// Ticks on bypass (pump flow with drainage), all runs added.
    pub pump_ticks: u64,
    /// When the cross-clamp went on last, while it is on.
    pub clamp_on_tick: Option<Tick>,
    /// Ticks under the cross-clamp, all applications added (the ischaemic time).
    pub clamp_ticks: u64,
    /// Cardioplegia doses, in order.
    pub doses: Vec<PlegiaDose>,
    /// Urine made since the start, mL.
    pub urine_ml: f64,
    /// Ultrafiltrate removed by the haemoconcentrator, mL.
    pub ultrafiltrate_ml: f64,
    /// The temperature phase now (cooling, cold, rewarming), beside [`Self::phase`].
    pub thermal_phase: crate::model::thermal::ThermalPhase,
    /// Excursions beyond the guideline's temperature limits so far.
    pub thermal_limits: crate::model::thermal::ThermalLimits,
}

impl CaseRecord {
    /// The record at the start of a run in `start` with the cross-clamp as given.
    pub fn starting(start: StartPhase, cross_clamp: bool) -> Self {
        let phase = match start {
            StartPhase::PreBypass => Phase::PreBypass,
            StartPhase::OffBypass => Phase::OffBypass,
            StartPhase::OnBypass if cross_clamp => Phase::CrossClamped,
            StartPhase::OnBypass => Phase::FullBypass,
        };
        Self {
            phase,
            clamp_on_tick: cross_clamp.then_some(0),
            ..Self::default()
        }
    }

    /// Seconds since the last cardioplegia dose (the redosing timer), if any.
    pub fn since_last_dose_s(&self, now: Tick) -> Option<f64> {
        self.doses
            .last()
            .map(|d| crate::time::secs_from_tick(now.saturating_sub(d.tick)))
    }

    /// Time on bypass, s.
    pub fn pump_s(&self) -> f64 {
        crate::time::secs_from_tick(self.pump_ticks)
    }

    /// Time under the cross-clamp (ischaemic time), s.
    pub fn clamp_s(&self) -> f64 {
        crate::time::secs_from_tick(self.clamp_ticks)
    }
}
