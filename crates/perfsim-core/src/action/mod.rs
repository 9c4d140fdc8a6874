//! Typed actions: the only way anything changes the simulation after it starts.
//!
//! Trainee controls, scripted action files and the instructor's console all produce
//! [`Action`]s. A [`crate::session::Session`] applies each at a tick and logs it, so a
//! run is fully described by its scenario, its seed and its action log.

use serde::{Deserialize, Serialize};

use crate::model::faults::{FaultKind, FaultSpec};

mod describe;
mod drug;
mod error;
mod fluid;
mod interlock;
mod kind;
mod lab;
pub mod limits;
mod plegia;

pub use drug::Drug;
pub use error::ActionError;
pub use fluid::Fluid;
pub use interlock::Interlock;
pub use kind::ActionKind;
pub use lab::LabKind;
pub use limits::Limit;
pub use plegia::{PlegiaRatio, PlegiaRoute, PlegiaSolution};

pub use crate::checklist::Checklist;

/// A part of the circuit the perfusionist can walk and check by hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CircuitPart {
    /// The venous line from the cannula to the reservoir: an air lock is walked up
    /// into the reservoir.
    VenousLine,
    /// The arterial line and the aortic cannula: a kink is straightened, a
    /// malpositioned cannula repositioned by the surgeon.
    ArterialLine,
    /// The heater-cooler: a failed or overheating unit is swapped for the backup.
    HeaterCooler,
}

impl CircuitPart {
    /// Every part, in the order a console lists them.
    pub const ALL: [CircuitPart; 3] = [
        CircuitPart::VenousLine,
        CircuitPart::ArterialLine,
        CircuitPart::HeaterCooler,
    ];

    /// The part as people name it.
    pub fn label(self) -> &'static str {
        match self {
            CircuitPart::VenousLine => "venous line",
            CircuitPart::ArterialLine => "arterial line and cannula",
            CircuitPart::HeaterCooler => "heater-cooler",
        }
    }
}

/// Someone the perfusionist can call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// The operating surgeon.
    Surgeon,
    /// The anaesthetist.
    Anaesthetist,
    /// The ICU intensivist in charge of an ECMO patient.
    Intensivist,
}

/// One change to the simulation, as a trainee, a script or an instructor makes it.
///
/// Each variant carries its units in its field names. Values are checked by
/// [`Action::check`] before a session accepts them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Action {
    /// Set the roller pump's flow.
    SetPumpFlow {
        /// Target flow, 0-7 L/min.
        flow_l_per_min: f64,
    },
    /// Set the centrifugal pump's speed.
    SetPumpRpm {
        /// Speed, 0-4000 rpm.
        rpm: f64,
    },
    /// Stop the arterial pump (motor off).
    PumpStop,
    /// Start the arterial pump at its set flow or speed.
    PumpStart,
    /// Turn the pump head by hand (after power failure), at about this flow; 0 stops cranking.
    HandCrank {
        /// Flow delivered by hand, 0-5 L/min.
        flow_l_per_min: f64,
    },
    /// Clamp or release the arterial line.
    ClampArterial {
        /// `true` clamps the line.
        closed: bool,
    },
    /// Clamp or release the venous line.
    ClampVenous {
        /// `true` clamps the line.
        closed: bool,
    },
    /// Partially occlude the venous line (how drainage is restricted to wean or fill the heart).
    SetVenousOcclusion {
        /// 0 is fully open, 100 fully clamped.
        occlusion_pct: f64,
    },
    /// Vacuum-assisted venous drainage.
    SetVacuum {
        /// Suction applied to the reservoir, 0 (off) to 100 mmHg below atmosphere.
        vacuum_mmhg: f64,
    },
    /// Sweep gas flow through the oxygenator.
    SetSweep {
        /// Total gas flow, 0-15 L/min.
        sweep_l_per_min: f64,
    },
    /// Blender oxygen fraction.
    SetFio2 {
        /// Fraction of oxygen in the sweep, 0.21-1.0.
        fio2: f64,
    },
    /// Heater-cooler water temperature.
    SetWaterTemp {
        /// Water set point, 4-40 °C.
        water_c: f64,
    },
    /// Give a single dose of a drug.
    DrugBolus {
        /// Which drug.
        drug: Drug,
        /// Dose in [`Drug::bolus_unit`].
        dose: f64,
    },
    /// Set a continuous infusion (0 stops it).
    SetInfusion {
        /// Which drug; must have an [`Drug::infusion_unit`].
        drug: Drug,
        /// Rate in [`Drug::infusion_unit`].
        rate_per_min: f64,
    },
    /// Add a fluid or blood product to the reservoir.
    GiveFluid {
        /// What goes in.
        fluid: Fluid,
        /// Volume, 1-2000 mL.
        volume_ml: f64,
    },
    /// Deliver a cardioplegia dose into the aortic root (cross-clamp on).
    GiveCardioplegia {
        /// Volume of blood cardioplegia, 1-2000 mL.
        volume_ml: f64,
    },
    /// Ask for a lab test; the sample is drawn now and reported after its turnaround.
    RequestLab {
        /// Which test.
        lab: LabKind,
    },
    /// Check the gas supply: wall source, blender, sweep line. Reconnects a disconnected line.
    CheckGasSupply,
    /// Replace the oxygenator. Needs the pump stopped and the lines clamped; takes minutes.
    ChangeOxygenator,
    /// De-air the arterial line and cannula. Needs the pump stopped.
    DeairArterialLine,
    /// Retrograde perfusion through the SVC to flush air out of the cerebral circulation.
    RetrogradeSvcPerfusion {
        /// Start (`true`) or stop it.
        on: bool,
    },
    /// Steep head-down position.
    Trendelenburg {
        /// Head down (`true`) or level.
        on: bool,
    },
    /// Ask the anaesthetist to ventilate the lungs (or stop).
    Ventilation {
        /// Lungs ventilated.
        on: bool,
    },
    /// Pace the heart (epicardial wires); 0 stops pacing.
    Pace {
        /// Paced rate, 0 or 40-140 /min.
        rate_per_min: f64,
    },
    /// Internal defibrillation.
    Defibrillate,
    /// Aortic cross-clamp on or off (the surgeon's action; scripts and the instructor use it).
    CrossClamp {
        /// Clamp on (`true`).
        on: bool,
    },
    /// Tell a team member what is happening.
    Notify {
        /// Who is told.
        who: Role,
    },
    /// Silence an active alarm (it sounds again if the condition returns after clearing).
    AcknowledgeAlarms,
    /// Instructor: start a fault now, with this ramp and severity.
    InjectFault {
        /// The fault to start (its onset is ignored; it starts at once).
        fault: FaultSpec,
    },
    /// Instructor: end every active fault of this kind.
    ClearFault {
        /// Which mechanism to stop.
        kind: FaultKind,
    },
    /// Instructor: scale the patient's baseline systemic vascular resistance.
    SetSvrFactor {
        /// Multiplier on the baseline SVR, 0.2-3.
        factor: f64,
    },
    /// ECMO: clamp or release the drainage (venous) line.
    ClampDrainage {
        /// `true` clamps the line.
        closed: bool,
    },
    /// ECMO: clamp or release the return line.
    ClampReturn {
        /// `true` clamps the line.
        closed: bool,
    },
    /// ECMO: the ventilator's settings, all three at once.
    SetVentilator {
        /// Inspired oxygen fraction, 0.21-1.
        fio2: f64,
        /// PEEP, 0-20 cmH2O.
        peep_cmh2o: f64,
        /// Breaths per minute, 4-35.
        rate_per_min: f64,
    },
    /// ECMO: heparin infusion rate (0 stops it).
    SetHeparinInfusion {
        /// Rate, 0-3000 U/h (18-20 U/kg/h holds the ECMO targets).
        u_per_h: f64,
    },
    /// ECMO: reposition the drainage cannula under echo (takes minutes; flow continues).
    RepositionCannula,
    /// ECMO: replace the whole circuit, pump head and oxygenator (clamped, pump
    /// stopped; takes minutes).
    ChangeCircuit,
    /// ECMO: move the pump head to the backup drive console (pump stopped; about a
    /// minute).
    ReplaceDrive,
    /// VA ECMO: add a return limb into the right internal jugular vein (VAV), so part
    /// of the oxygenated return reaches the lungs and the upper body (takes minutes).
    ConvertToVav,
    /// Deliver a cardioplegia dose from the delivery system (cross-clamp on).
    DeliverCardioplegia {
        /// Which solution.
        solution: PlegiaSolution,
        /// Where it enters the heart.
        route: PlegiaRoute,
        /// Volume delivered, 1-2000 mL.
        volume_ml: f64,
        /// Delivery temperature, 4-37 °C (cold, 4-12 °C, holds the arrest longer).
        temp_c: f64,
        /// The blood:crystalloid ratio; absent: the solution's usual one
        /// ([`PlegiaSolution::usual_ratio`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ratio: Option<PlegiaRatio>,
        /// Delivery flow, 20-600 mL/min: the dose runs for volume / flow, its pressure
        /// shown live, and can be stopped ([`Action::StopCardioplegia`]). Absent: the
        /// whole dose at once, as action files written before the delivery system
        /// was modelled have it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        flow_ml_per_min: Option<f64>,
    },
    /// Set the left-ventricular vent pump (0 stops it).
    SetVent {
        /// Vent flow, 0-500 mL/min.
        flow_ml_per_min: f64,
    },
    /// Set the cardiotomy sucker pump (0 stops it).
    SetSucker {
        /// Sucker flow, 0-2000 mL/min.
        flow_ml_per_min: f64,
    },
    /// Run the haemoconcentrator (0 stops it).
    SetUltrafiltration {
        /// Ultrafiltrate removed from the circuit, 0-200 mL/min.
        rate_ml_per_min: f64,
        /// Zero-balance: the same volume of potassium-free crystalloid goes back in.
        zero_balance: bool,
    },
    /// Wash what the cell saver has collected and return the red cells.
    CellSaverReturn,
    /// Before bypass: drain the patient's blood back into the circuit, displacing
    /// crystalloid prime to waste (retrograde autologous priming).
    RetrogradeAutologousPrime {
        /// Prime displaced, 1-1500 mL.
        volume_ml: f64,
    },
    /// Take the cannulae out (off bypass, after protamine): the case is over for the circuit.
    Decannulate,
    /// Tick an item of a checklist the scenario lists.
    CheckItem {
        /// Which checklist.
        list: Checklist,
        /// Item number, from 1.
        item: u8,
    },
    /// Walk and check a part of the circuit by hand; a fault found there is put right.
    CheckCircuit {
        /// Which part.
        part: CircuitPart,
    },
    /// Stop the cardioplegia dose being delivered (what went in stays in).
    StopCardioplegia,
    /// Switch one of the bypass console's safety servos on or off.
    SetInterlock {
        /// Which servo.
        interlock: Interlock,
        /// On (armed) or off.
        on: bool,
    },
}

impl Action {
    /// Checks the action's values against the console's limits ([`limits`]).
    pub fn check(&self) -> Result<(), ActionError> {
        match self {
            Action::SetPumpFlow { flow_l_per_min } => limits::PUMP_FLOW.check(*flow_l_per_min),
            Action::SetPumpRpm { rpm } => limits::PUMP_SPEED.check(*rpm),
            Action::HandCrank { flow_l_per_min } => limits::HAND_CRANK.check(*flow_l_per_min),
            Action::SetVenousOcclusion { occlusion_pct } => {
                limits::VENOUS_OCCLUSION.check(*occlusion_pct)
            }
            Action::SetVacuum { vacuum_mmhg } => limits::VACUUM.check(*vacuum_mmhg),
            Action::SetSweep { sweep_l_per_min } => limits::SWEEP.check(*sweep_l_per_min),
            Action::SetFio2 { fio2 } => limits::FIO2.check(*fio2),
            Action::SetWaterTemp { water_c } => limits::WATER_TEMP.check(*water_c),
            Action::DrugBolus { drug, dose } => drug.bolus_limit().check(*dose),
            Action::SetInfusion { drug, rate_per_min } => match drug.infusion_limit() {
                Some(limit) => {
                    limit.check_named(&format!("{} infusion", drug.label()), *rate_per_min)
                }
                None => Err(ActionError::BolusOnly { drug: *drug }),
            },
            Action::GiveFluid { volume_ml, .. } => limits::FLUID_VOLUME.check(*volume_ml),
            Action::GiveCardioplegia { volume_ml } => limits::CARDIOPLEGIA_VOLUME.check(*volume_ml),
            Action::Pace { rate_per_min } => {
                if *rate_per_min == 0.0 {
                    Ok(())
                } else {
                    limits::PACING_RATE.check(*rate_per_min)
                }
            }
            Action::SetSvrFactor { factor } => limits::SVR_FACTOR.check(*factor),
            Action::SetVentilator {
                fio2,
                peep_cmh2o,
                rate_per_min,
            } => limits::VENT_FIO2
                .check(*fio2)
                .and_then(|()| limits::PEEP.check(*peep_cmh2o))
                .and_then(|()| limits::VENT_RATE.check(*rate_per_min)),
            Action::SetHeparinInfusion { u_per_h } => limits::HEPARIN_INFUSION.check(*u_per_h),
            Action::DeliverCardioplegia {
                volume_ml,
                temp_c,
                ratio,
                flow_ml_per_min,
                ..
            } => {
                limits::CARDIOPLEGIA_VOLUME.check(*volume_ml)?;
                limits::PLEGIA_TEMP.check(*temp_c)?;
                if let Some(r) = ratio {
                    limits::PLEGIA_BLOOD_PARTS.check(r.blood)?;
                    limits::PLEGIA_CRYSTALLOID_PARTS.check(r.crystalloid)?;
                }
                flow_ml_per_min.map_or(Ok(()), |f| limits::PLEGIA_FLOW.check(f))
            }
            Action::SetVent { flow_ml_per_min } => limits::VENT_FLOW.check(*flow_ml_per_min),
            Action::SetSucker { flow_ml_per_min } => limits::SUCKER_FLOW.check(*flow_ml_per_min),
            Action::SetUltrafiltration {
                rate_ml_per_min, ..
            } => limits::ULTRAFILTRATION.check(*rate_ml_per_min),
            Action::RetrogradeAutologousPrime { volume_ml } => limits::RAP_VOLUME.check(*volume_ml),
            Action::CheckItem { list, item } => {
                if list.item(*item).is_some() {
                    Ok(())
                } else {
                    Err(ActionError::NoSuchItem {
                        list: *list,
                        item: *item,
                        items: list.len(),
                    })
                }
            }
            Action::InjectFault { fault } => fault
                .check()
                .map_err(|message| ActionError::InvalidFault { message }),
            Action::PumpStop
            | Action::PumpStart
            | Action::ClampArterial { .. }
            | Action::ClampVenous { .. }
            | Action::RequestLab { .. }
            | Action::CheckGasSupply
            | Action::ChangeOxygenator
            | Action::DeairArterialLine
            | Action::RetrogradeSvcPerfusion { .. }
            | Action::Trendelenburg { .. }
            | Action::Ventilation { .. }
            | Action::Defibrillate
            | Action::CrossClamp { .. }
            | Action::Notify { .. }
            | Action::AcknowledgeAlarms
            | Action::ClearFault { .. }
            | Action::ClampDrainage { .. }
            | Action::ClampReturn { .. }
            | Action::RepositionCannula
            | Action::ChangeCircuit
            | Action::ReplaceDrive
            | Action::ConvertToVav => Ok(()),
            Action::CellSaverReturn
            | Action::Decannulate
            | Action::CheckCircuit { .. }
            | Action::StopCardioplegia
            | Action::SetInterlock { .. } => Ok(()),
        }
    }

    /// Whether only the instructor's console may issue this action. Instructor actions
    /// are logged apart from the candidate's and never scored as the candidate's.
    pub fn is_instructor_only(&self) -> bool {
        matches!(
            self,
            Action::InjectFault { .. }
                | Action::ClearFault { .. }
                | Action::SetSvrFactor { .. }
                | Action::CrossClamp { .. }
        )
    }
}

/// Who issued an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Actor {
    /// The trainee or candidate (or a script standing in for one).
    #[default]
    Trainee,
    /// The facilitator at the instructor's console.
    Instructor,
}

/// An action with the tick at which it took effect: one line of the action log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoggedAction {
    /// When it was applied.
    pub tick: crate::time::Tick,
    /// Who issued it.
    #[serde(default)]
    pub actor: Actor,
    /// What was done.
    pub action: Action,
}

/// One entry of an action file as people write it: seconds, not ticks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedAction {
    /// Simulated seconds from the start of the run.
    pub t_s: f64,
    /// Who issues it; defaults to the trainee.
    #[serde(default)]
    pub actor: Actor,
    /// What is done.
    pub action: Action,
}
