//! Which action it is, without its values: what applicability tables and the window's
//! command lists are keyed by.

use serde::{Deserialize, Serialize};

use crate::action::Action;

/// An [`Action`]'s variant without its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ActionKind {
    /// Set the roller pump's flow.
    SetPumpFlow,
    /// Set the centrifugal pump's speed.
    SetPumpRpm,
    /// Stop the arterial pump (motor off).
    PumpStop,
    /// Start the arterial pump at its set flow or speed.
    PumpStart,
    /// Turn the pump head by hand (after power failure), at about this flow; 0 stops cranking.
    HandCrank,
    /// Clamp or release the arterial line.
    ClampArterial,
    /// Clamp or release the venous line.
    ClampVenous,
    /// Partially occlude the venous line (how drainage is restricted to wean or fill the heart).
    SetVenousOcclusion,
    /// Vacuum-assisted venous drainage.
    SetVacuum,
    /// Sweep gas flow through the oxygenator.
    SetSweep,
    /// Blender oxygen fraction.
    SetFio2,
    /// Heater-cooler water temperature.
    SetWaterTemp,
    /// Give a single dose of a drug.
    DrugBolus,
    /// Set a continuous infusion (0 stops it).
    SetInfusion,
    /// Add a fluid or blood product to the reservoir.
    GiveFluid,
    /// Deliver a cardioplegia dose into the aortic root (cross-clamp on).
    GiveCardioplegia,
    /// Ask for a lab test; the sample is drawn now and reported after its turnaround.
    RequestLab,
    /// Check the gas supply: wall source, blender, sweep line. Reconnects a disconnected line.
    CheckGasSupply,
    /// Replace the oxygenator. Needs the pump stopped and the lines clamped; takes minutes.
    ChangeOxygenator,
    /// De-air the arterial line and cannula. Needs the pump stopped.
    DeairArterialLine,
    /// Retrograde perfusion through the SVC to flush air out of the cerebral circulation.
    RetrogradeSvcPerfusion,
    /// Steep head-down position.
    Trendelenburg,
    /// Ask the anaesthetist to ventilate the lungs (or stop).
    Ventilation,
    /// Pace the heart (epicardial wires); 0 stops pacing.
    Pace,
    /// Internal defibrillation.
    Defibrillate,
    /// Aortic cross-clamp on or off (the surgeon's action; scripts and the instructor use it).
    CrossClamp,
    /// Tell a team member what is happening.
    Notify,
    /// Silence an active alarm (it sounds again if the condition returns after clearing).
    AcknowledgeAlarms,
    /// Instructor: start a fault now, with this ramp and severity.
    InjectFault,
    /// Instructor: end every active fault of this kind.
    ClearFault,
    /// Instructor: scale the patient's baseline systemic vascular resistance.
    SetSvrFactor,
    /// ECMO: clamp or release the drainage line.
    ClampDrainage,
    /// ECMO: clamp or release the return line.
    ClampReturn,
    /// ECMO: the ventilator's FiO2, PEEP and rate.
    SetVentilator,
    /// ECMO: heparin infusion rate.
    SetHeparinInfusion,
    /// ECMO: reposition the drainage cannula.
    RepositionCannula,
    /// ECMO: replace the whole circuit.
    ChangeCircuit,
    /// ECMO: move the pump head to the backup drive.
    ReplaceDrive,
    /// VA ECMO: add a venous return limb (VAV).
    ConvertToVav,
    /// Deliver a cardioplegia dose from the delivery system (cross-clamp on).
    DeliverCardioplegia,
    /// Set the left-ventricular vent pump (0 stops it).
    SetVent,
    /// Set the cardiotomy sucker pump (0 stops it).
    SetSucker,
    /// Run the haemoconcentrator (0 stops it).
    SetUltrafiltration,
    /// Wash what the cell saver has collected and return the red cells.
    CellSaverReturn,
    /// Before bypass: retrograde autologous priming.
    RetrogradeAutologousPrime,
    /// Take the cannulae out.
    Decannulate,
    /// Tick an item of a checklist.
    CheckItem,
    /// Walk and check a part of the circuit by hand.
    CheckCircuit,
    /// Stop the cardioplegia dose being delivered.
    StopCardioplegia,
    /// Switch a safety servo (level, bubble, pressure) on or off.
    SetInterlock,
}

impl ActionKind {
    /// Every kind, in the order [`Action`] declares them.
    pub const ALL: [ActionKind; 50] = [
        ActionKind::SetPumpFlow,
        ActionKind::SetPumpRpm,
        ActionKind::PumpStop,
        ActionKind::PumpStart,
        ActionKind::HandCrank,
        ActionKind::ClampArterial,
        ActionKind::ClampVenous,
        ActionKind::SetVenousOcclusion,
        ActionKind::SetVacuum,
        ActionKind::SetSweep,
        ActionKind::SetFio2,
        ActionKind::SetWaterTemp,
        ActionKind::DrugBolus,
        ActionKind::SetInfusion,
        ActionKind::GiveFluid,
        ActionKind::GiveCardioplegia,
        ActionKind::RequestLab,
        ActionKind::CheckGasSupply,
        ActionKind::ChangeOxygenator,
        ActionKind::DeairArterialLine,
        ActionKind::RetrogradeSvcPerfusion,
        ActionKind::Trendelenburg,
        ActionKind::Ventilation,
        ActionKind::Pace,
        ActionKind::Defibrillate,
        ActionKind::CrossClamp,
        ActionKind::Notify,
        ActionKind::AcknowledgeAlarms,
        ActionKind::InjectFault,
        ActionKind::ClearFault,
        ActionKind::SetSvrFactor,
        ActionKind::ClampDrainage,
        ActionKind::ClampReturn,
        ActionKind::SetVentilator,
        ActionKind::SetHeparinInfusion,
        ActionKind::RepositionCannula,
        ActionKind::ChangeCircuit,
        ActionKind::ReplaceDrive,
        ActionKind::ConvertToVav,
        ActionKind::DeliverCardioplegia,
        ActionKind::SetVent,
        ActionKind::SetSucker,
        ActionKind::SetUltrafiltration,
        ActionKind::CellSaverReturn,
        ActionKind::RetrogradeAutologousPrime,
        ActionKind::Decannulate,
        ActionKind::CheckItem,
        ActionKind::CheckCircuit,
        ActionKind::StopCardioplegia,
        ActionKind::SetInterlock,
    ];
}

impl Action {
    /// Which action this is.
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::SetPumpFlow { .. } => ActionKind::SetPumpFlow,
            Action::SetPumpRpm { .. } => ActionKind::SetPumpRpm,
            Action::PumpStop => ActionKind::PumpStop,
            Action::PumpStart => ActionKind::PumpStart,
            Action::HandCrank { .. } => ActionKind::HandCrank,
            Action::ClampArterial { .. } => ActionKind::ClampArterial,
            Action::ClampVenous { .. } => ActionKind::ClampVenous,
            Action::SetVenousOcclusion { .. } => ActionKind::SetVenousOcclusion,
            Action::SetVacuum { .. } => ActionKind::SetVacuum,
            Action::SetSweep { .. } => ActionKind::SetSweep,
            Action::SetFio2 { .. } => ActionKind::SetFio2,
            Action::SetWaterTemp { .. } => ActionKind::SetWaterTemp,
            Action::DrugBolus { .. } => ActionKind::DrugBolus,
            Action::SetInfusion { .. } => ActionKind::SetInfusion,
            Action::GiveFluid { .. } => ActionKind::GiveFluid,
            Action::GiveCardioplegia { .. } => ActionKind::GiveCardioplegia,
            Action::RequestLab { .. } => ActionKind::RequestLab,
            Action::CheckGasSupply => ActionKind::CheckGasSupply,
            Action::ChangeOxygenator => ActionKind::ChangeOxygenator,
            Action::DeairArterialLine => ActionKind::DeairArterialLine,
            Action::RetrogradeSvcPerfusion { .. } => ActionKind::RetrogradeSvcPerfusion,
            Action::Trendelenburg { .. } => ActionKind::Trendelenburg,
            Action::Ventilation { .. } => ActionKind::Ventilation,
            Action::Pace { .. } => ActionKind::Pace,
            Action::Defibrillate => ActionKind::Defibrillate,
            Action::CrossClamp { .. } => ActionKind::CrossClamp,
            Action::Notify { .. } => ActionKind::Notify,
            Action::AcknowledgeAlarms => ActionKind::AcknowledgeAlarms,
            Action::InjectFault { .. } => ActionKind::InjectFault,
            Action::ClearFault { .. } => ActionKind::ClearFault,
            Action::SetSvrFactor { .. } => ActionKind::SetSvrFactor,
            Action::ClampDrainage { .. } => ActionKind::ClampDrainage,
            Action::ClampReturn { .. } => ActionKind::ClampReturn,
            Action::SetVentilator { .. } => ActionKind::SetVentilator,
            Action::SetHeparinInfusion { .. } => ActionKind::SetHeparinInfusion,
            Action::RepositionCannula => ActionKind::RepositionCannula,
            Action::ChangeCircuit => ActionKind::ChangeCircuit,
            Action::ReplaceDrive => ActionKind::ReplaceDrive,
            Action::ConvertToVav => ActionKind::ConvertToVav,
            Action::DeliverCardioplegia { .. } => ActionKind::DeliverCardioplegia,
            Action::SetVent { .. } => ActionKind::SetVent,
            Action::SetSucker { .. } => ActionKind::SetSucker,
            Action::SetUltrafiltration { .. } => ActionKind::SetUltrafiltration,
            Action::CellSaverReturn => ActionKind::CellSaverReturn,
            Action::RetrogradeAutologousPrime { .. } => ActionKind::RetrogradeAutologousPrime,
            Action::Decannulate => ActionKind::Decannulate,
            Action::CheckItem { .. } => ActionKind::CheckItem,
            Action::CheckCircuit { .. } => ActionKind::CheckCircuit,
            Action::StopCardioplegia => ActionKind::StopCardioplegia,
            Action::SetInterlock { .. } => ActionKind::SetInterlock,
        }
    }
}
