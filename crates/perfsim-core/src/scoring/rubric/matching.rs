//! The rubric's matching vocabulary: which actions, values, events and anchors a rule
//! can name, and how each matches a run.

use serde::{Deserialize, Serialize};

use crate::action::{
    Action, Checklist, CircuitPart, Drug, Fluid, Interlock, LabKind, PlegiaSolution, Role,
};
use crate::model::Signal;
use crate::model::alarms::Alarm;
use crate::model::events::{Event, Procedure};
use crate::model::faults::FaultKind;
use crate::model::phase::Phase;
use crate::model::thermal::ThermalPhase;

/// The kind of an [`Action`], with the discrete choices that matter for scoring (which
/// drug, which lab, on or off) and without its number, which a [`ValueCondition`] tests.
/// Instructor-only actions are not here: they are never the candidate's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ActionKind {
    /// [`Action::SetPumpFlow`]; value: L/min.
    SetPumpFlow,
    /// [`Action::SetPumpRpm`]; value: rpm.
    SetPumpRpm,
    /// [`Action::PumpStop`].
    PumpStop,
    /// [`Action::PumpStart`].
    PumpStart,
    /// [`Action::HandCrank`]; value: L/min.
    HandCrank,
    /// [`Action::ClampArterial`] with this `closed`.
    ClampArterial(bool),
    /// [`Action::ClampVenous`] with this `closed`.
    ClampVenous(bool),
    /// [`Action::SetVenousOcclusion`]; value: %.
    SetVenousOcclusion,
    /// [`Action::SetVacuum`]; value: mmHg.
    SetVacuum,
    /// [`Action::SetSweep`]; value: L/min.
    SetSweep,
    /// [`Action::SetFio2`]; value: fraction.
    SetFio2,
    /// [`Action::SetWaterTemp`]; value: °C.
    SetWaterTemp,
    /// [`Action::DrugBolus`] of this drug; value: dose in the drug's bolus unit.
    DrugBolus(Drug),
    /// [`Action::SetInfusion`] of this drug; value: rate in the drug's infusion unit.
    SetInfusion(Drug),
    /// [`Action::GiveFluid`] of this fluid; value: mL.
    GiveFluid(Fluid),
    /// [`Action::GiveCardioplegia`]; value: mL.
    GiveCardioplegia,
    /// [`Action::RequestLab`] of this test.
    RequestLab(LabKind),
    /// [`Action::CheckGasSupply`].
    CheckGasSupply,
    /// [`Action::ChangeOxygenator`].
    ChangeOxygenator,
    /// [`Action::DeairArterialLine`].
    DeairArterialLine,
    /// [`Action::RetrogradeSvcPerfusion`] with this `on`.
    RetrogradeSvcPerfusion(bool),
    /// [`Action::Trendelenburg`] with this `on`.
    Trendelenburg(bool),
    /// [`Action::Ventilation`] with this `on`.
    Ventilation(bool),
    /// [`Action::Pace`]; value: /min.
    Pace,
    /// [`Action::Defibrillate`].
    Defibrillate,
    /// [`Action::Notify`] of this person.
    Notify(Role),
    /// [`Action::AcknowledgeAlarms`].
    AcknowledgeAlarms,
    /// [`Action::ClampDrainage`] with this `closed`.
    ClampDrainage(bool),
    /// [`Action::ClampReturn`] with this `closed`.
    ClampReturn(bool),
    /// [`Action::SetVentilator`]; value: the ventilator's FiO2 (fraction).
    SetVentilator,
    /// [`Action::SetHeparinInfusion`]; value: U/h.
    SetHeparinInfusion,
    /// [`Action::RepositionCannula`].
    RepositionCannula,
    /// [`Action::ChangeCircuit`].
    ChangeCircuit,
    /// [`Action::ReplaceDrive`].
    ReplaceDrive,
    /// [`Action::ConvertToVav`].
    ConvertToVav,
    /// [`Action::DeliverCardioplegia`] of this solution; value: mL.
    DeliverCardioplegia(PlegiaSolution),
    /// [`Action::SetVent`]; value: mL/min.
    SetVent,
    /// [`Action::SetSucker`]; value: mL/min.
    SetSucker,
    /// [`Action::SetUltrafiltration`] with this `zero_balance`; value: mL/min.
    SetUltrafiltration(bool),
    /// [`Action::CellSaverReturn`].
    CellSaverReturn,
    /// [`Action::RetrogradeAutologousPrime`]; value: mL.
    RetrogradeAutologousPrime,
    /// [`Action::Decannulate`].
    Decannulate,
    /// [`Action::CheckItem`]: this item (from 1) of this checklist.
    CheckItem(Checklist, u8),
    /// [`Action::CheckCircuit`] of this part.
    CheckCircuit(CircuitPart),
    /// [`Action::StopCardioplegia`].
    StopCardioplegia,
    /// [`Action::SetInterlock`] of this servo, switched on (`true`) or off.
    SetInterlock(Interlock, bool),
}

impl ActionKind {
    /// The kind of `action`, or `None` for instructor-only actions.
    pub fn of(action: &Action) -> Option<Self> {
        use ActionKind as K;
        Some(match action {
            Action::SetPumpFlow { .. } => K::SetPumpFlow,
            Action::SetPumpRpm { .. } => K::SetPumpRpm,
            Action::PumpStop => K::PumpStop,
            Action::PumpStart => K::PumpStart,
            Action::HandCrank { .. } => K::HandCrank,
            Action::ClampArterial { closed } => K::ClampArterial(*closed),
            Action::ClampVenous { closed } => K::ClampVenous(*closed),
            Action::SetVenousOcclusion { .. } => K::SetVenousOcclusion,
            Action::SetVacuum { .. } => K::SetVacuum,
            Action::SetSweep { .. } => K::SetSweep,
            Action::SetFio2 { .. } => K::SetFio2,
            Action::SetWaterTemp { .. } => K::SetWaterTemp,
            Action::DrugBolus { drug, .. } => K::DrugBolus(*drug),
            Action::SetInfusion { drug, .. } => K::SetInfusion(*drug),
            Action::GiveFluid { fluid, .. } => K::GiveFluid(*fluid),
            Action::GiveCardioplegia { .. } => K::GiveCardioplegia,
            Action::RequestLab { lab } => K::RequestLab(*lab),
            Action::CheckGasSupply => K::CheckGasSupply,
            Action::ChangeOxygenator => K::ChangeOxygenator,
            Action::DeairArterialLine => K::DeairArterialLine,
            Action::RetrogradeSvcPerfusion { on } => K::RetrogradeSvcPerfusion(*on),
            Action::Trendelenburg { on } => K::Trendelenburg(*on),
            Action::Ventilation { on } => K::Ventilation(*on),
            Action::Pace { .. } => K::Pace,
            Action::Defibrillate => K::Defibrillate,
            Action::Notify { who } => K::Notify(*who),
            Action::AcknowledgeAlarms => K::AcknowledgeAlarms,
            Action::ClampDrainage { closed } => K::ClampDrainage(*closed),
            Action::ClampReturn { closed } => K::ClampReturn(*closed),
            Action::SetVentilator { .. } => K::SetVentilator,
            Action::SetHeparinInfusion { .. } => K::SetHeparinInfusion,
            Action::RepositionCannula => K::RepositionCannula,
            Action::ChangeCircuit => K::ChangeCircuit,
            Action::ReplaceDrive => K::ReplaceDrive,
            Action::ConvertToVav => K::ConvertToVav,
            Action::DeliverCardioplegia { solution, .. } => K::DeliverCardioplegia(*solution),
            Action::SetVent { .. } => K::SetVent,
            Action::SetSucker { .. } => K::SetSucker,
            Action::SetUltrafiltration { zero_balance, .. } => K::SetUltrafiltration(*zero_balance),
            Action::CellSaverReturn => K::CellSaverReturn,
            Action::RetrogradeAutologousPrime { .. } => K::RetrogradeAutologousPrime,
            Action::Decannulate => K::Decannulate,
            Action::CheckItem { list, item } => K::CheckItem(*list, *item),
            Action::CheckCircuit { part } => K::CheckCircuit(*part),
            Action::StopCardioplegia => K::StopCardioplegia,
            Action::SetInterlock { interlock, on } => K::SetInterlock(*interlock, *on),
            Action::InjectFault { .. }
            | Action::ClearFault { .. }
            | Action::SetSvrFactor { .. }
            | Action::CrossClamp { .. } => return None,
        })
    }

    /// Whether actions of this kind carry a number a [`ValueCondition`] can test.
    pub fn has_value(self) -> bool {
        use ActionKind as K;
        matches!(
            self,
            K::SetPumpFlow
                | K::SetPumpRpm
                | K::HandCrank
                | K::SetVenousOcclusion
                | K::SetVacuum
                | K::SetSweep
                | K::SetFio2
                | K::SetWaterTemp
                | K::DrugBolus(_)
                | K::SetInfusion(_)
                | K::GiveFluid(_)
                | K::GiveCardioplegia
                | K::Pace
                | K::SetVentilator
                | K::SetHeparinInfusion
                | K::DeliverCardioplegia(_)
                | K::SetVent
                | K::SetSucker
                | K::SetUltrafiltration(_)
                | K::RetrogradeAutologousPrime
        )
    }
}

/// The number an action carries (flow, dose, rate, volume...), if any.
pub fn action_value(action: &Action) -> Option<f64> {
    match action {
        Action::SetPumpFlow { flow_l_per_min } | Action::HandCrank { flow_l_per_min } => {
            Some(*flow_l_per_min)
        }
        Action::SetPumpRpm { rpm } => Some(*rpm),
        Action::SetVenousOcclusion { occlusion_pct } => Some(*occlusion_pct),
        Action::SetVacuum { vacuum_mmhg } => Some(*vacuum_mmhg),
        Action::SetSweep { sweep_l_per_min } => Some(*sweep_l_per_min),
        Action::SetFio2 { fio2 } => Some(*fio2),
        Action::SetWaterTemp { water_c } => Some(*water_c),
        Action::DrugBolus { dose, .. } => Some(*dose),
        Action::SetInfusion { rate_per_min, .. } => Some(*rate_per_min),
        Action::GiveFluid { volume_ml, .. } | Action::GiveCardioplegia { volume_ml } => {
            Some(*volume_ml)
        }
        Action::Pace { rate_per_min } => Some(*rate_per_min),
        Action::SetVentilator { fio2, .. } => Some(*fio2),
        Action::SetHeparinInfusion { u_per_h } => Some(*u_per_h),
        Action::DeliverCardioplegia { volume_ml, .. }
        | Action::RetrogradeAutologousPrime { volume_ml } => Some(*volume_ml),
        Action::SetVent { flow_ml_per_min } | Action::SetSucker { flow_ml_per_min } => {
            Some(*flow_ml_per_min)
        }
        Action::SetUltrafiltration {
            rate_ml_per_min, ..
        } => Some(*rate_ml_per_min),
        _ => None,
    }
}

/// A test on an action's number, in the unit of that action's field.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum ValueCondition {
    /// At least this much.
    AtLeast(f64),
    /// At most this much.
    AtMost(f64),
    /// From the first to the second, inclusive.
    Between(f64, f64),
}

impl ValueCondition {
    /// Whether `value` passes.
    pub fn holds(self, value: f64) -> bool {
        match self {
            ValueCondition::AtLeast(lo) => value >= lo,
            ValueCondition::AtMost(hi) => value <= hi,
            ValueCondition::Between(lo, hi) => (lo..=hi).contains(&value),
        }
    }

    pub(super) fn check(self) -> Result<(), String> {
        match self {
            ValueCondition::AtLeast(v) | ValueCondition::AtMost(v) if !v.is_finite() => {
                Err(format!("value condition must be a number, not {v}"))
            }
            ValueCondition::Between(lo, hi) if !(lo.is_finite() && hi.is_finite() && lo <= hi) => {
                Err(format!(
                    "Between(lo, hi) needs two numbers with lo ≤ hi, not ({lo}, {hi})"
                ))
            }
            _ => Ok(()),
        }
    }
}

/// One action pattern: a kind and, where it matters, a condition on its number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionMatch {
    /// The kind of action.
    pub action: ActionKind,
    /// A condition on its number (dose, flow, FiO2...); none matches any value.
    #[serde(default)]
    pub value: Option<ValueCondition>,
}

impl ActionMatch {
    /// Whether `action` matches.
    pub fn matches(&self, action: &Action) -> bool {
        ActionKind::of(action) == Some(self.action)
            && match (self.value, action_value(action)) {
                (None, _) => true,
                (Some(cond), Some(v)) => cond.holds(v),
                (Some(_), None) => false,
            }
    }

    pub(super) fn check(&self) -> Result<(), String> {
        if let Some(cond) = self.value {
            if !self.action.has_value() {
                return Err(format!(
                    "{:?} carries no number, so it cannot have a value condition",
                    self.action
                ));
            }
            cond.check()?;
        }
        Ok(())
    }
}

/// Any one of several action patterns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnyOf(pub Vec<ActionMatch>);

impl AnyOf {
    /// Whether `action` matches any of the patterns.
    pub fn matches(&self, action: &Action) -> bool {
        self.0.iter().any(|m| m.matches(action))
    }

    pub(super) fn check(&self, what: &str) -> Result<(), String> {
        if self.0.is_empty() {
            return Err(format!("{what} needs at least one action pattern"));
        }
        self.0.iter().try_for_each(ActionMatch::check)
    }
}

/// A kind of model [`Event`], for anchors and never-events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    /// A fault of this kind began.
    FaultOnset(FaultKind),
    /// A fault of this kind ended.
    FaultCleared(FaultKind),
    /// Air first reached the arterial line.
    AirInArterialLine,
    /// This alarm started sounding.
    AlarmRaised(Alarm),
    /// An interlock stopped the pump.
    InterlockStop,
    /// The pump was started with air in the arterial line.
    PumpStartedWithAir,
    /// This procedure began.
    ProcedureStarted(Procedure),
    /// This procedure finished.
    ProcedureCompleted(Procedure),
    /// The console refused an action.
    Refused,
    /// A result of this test came back.
    LabResult(LabKind),
    /// The gas supply was checked.
    GasSupplyChecked,
    /// The heart's rhythm changed.
    RhythmChanged,
    /// The centrifugal pump de-primed.
    PumpDeprimed,
    /// ECMO: the console's battery ran out.
    BatteryEmpty,
    /// The case entered this phase.
    PhaseChanged(Phase),
    /// The cardioplegia dose with this number (from 1) went in.
    CardioplegiaDose(u32),
    /// Electrical activity returned under the cross-clamp.
    ArrestLost,
    /// This part of the circuit was checked.
    CircuitChecked(CircuitPart),
    /// The case entered this temperature phase.
    ThermalPhaseChanged(ThermalPhase),
    /// The outlet-venous gradient went beyond the guideline (once per excursion).
    TempGradientExceeded,
    /// Rewarming went faster than 0.5 °C/min (once per excursion).
    RewarmingTooFast,
    /// The arterial outlet went above 37 °C (once per excursion).
    OutletTooHot,
}

impl EventKind {
    /// Whether `event` is of this kind.
    pub fn matches(self, event: &Event) -> bool {
        use EventKind as K;
        match (self, event) {
            (K::FaultOnset(k), Event::FaultOnset { kind }) => k == *kind,
            (K::FaultCleared(k), Event::FaultCleared { kind }) => k == *kind,
            (K::AirInArterialLine, Event::AirInArterialLine) => true,
            (K::AlarmRaised(a), Event::AlarmRaised { alarm }) => a == *alarm,
            (K::InterlockStop, Event::InterlockStop { .. }) => true,
            (K::PumpStartedWithAir, Event::PumpStartedWithAir) => true,
            (K::ProcedureStarted(p), Event::ProcedureStarted { procedure }) => p == *procedure,
            (K::ProcedureCompleted(p), Event::ProcedureCompleted { procedure }) => p == *procedure,
            (K::Refused, Event::Refused { .. }) => true,
            (K::LabResult(l), Event::LabResult { lab }) => l == *lab,
            (K::GasSupplyChecked, Event::GasSupplyChecked { .. }) => true,
            (K::RhythmChanged, Event::RhythmChanged { .. }) => true,
            (K::PumpDeprimed, Event::PumpDeprimed) => true,
            (K::BatteryEmpty, Event::BatteryEmpty) => true,
            (K::PhaseChanged(p), Event::PhaseChanged { phase }) => p == *phase,
            (K::CardioplegiaDose(n), Event::CardioplegiaGiven { dose, .. }) => n == *dose,
            (K::ArrestLost, Event::ArrestLost) => true,
            (K::CircuitChecked(p), Event::CircuitChecked { part, .. }) => p == *part,
            (K::ThermalPhaseChanged(p), Event::ThermalPhaseChanged { phase }) => p == *phase,
            (K::TempGradientExceeded, Event::TempGradientExceeded { .. }) => true,
            (K::RewarmingTooFast, Event::RewarmingTooFast { .. }) => true,
            (K::OutletTooHot, Event::OutletTooHot { .. }) => true,
            _ => false,
        }
    }
}

/// The moment a time window is measured from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Anchor {
    /// The start of the run.
    Start,
    /// The first fault's onset (hidden from the trainee: what they could have noticed
    /// first, on the monitors, before any alarm).
    FaultOnset,
    /// The first event of this kind, e.g. `Event(FaultOnset(MembraneFailure))`.
    Event(EventKind),
    /// The first cue: the first alarm raised at or after the first fault's onset (the
    /// onset itself when no alarm ever sounded).
    FirstCue,
    /// The candidate's first action matching any of these patterns.
    Action(AnyOf),
}

impl Anchor {
    pub(super) fn check(&self) -> Result<(), String> {
        match self {
            Anchor::Action(any) => any.check("an Action anchor"),
            _ => Ok(()),
        }
    }
}

/// A fact about the run at a moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// The signal is above the value.
    Above(Signal, f64),
    /// The signal is below the value.
    Below(Signal, f64),
    /// The lungs are ventilated (`true`) or not (`false`), from the scenario's start and
    /// the candidate's `Ventilation` actions.
    Ventilated(bool),
    /// The anchor has happened and no action matching the patterns has followed it yet,
    /// e.g. "air entered and the line has not been de-aired".
    NotDoneSince(AnyOf, Anchor),
}

impl Condition {
    pub(super) fn check(&self) -> Result<(), String> {
        match self {
            Condition::Above(_, v) | Condition::Below(_, v) if !v.is_finite() => {
                Err(format!("condition threshold must be a number, not {v}"))
            }
            Condition::NotDoneSince(any, anchor) => {
                any.check("NotDoneSince")?;
                anchor.check()
            }
            _ => Ok(()),
        }
    }
}
