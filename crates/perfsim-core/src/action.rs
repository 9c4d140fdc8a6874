//! Typed actions: the only way anything changes the simulation after it starts.
//!
//! Trainee controls, scripted action files and the instructor's console all produce
//! [`Action`]s. A [`crate::session::Session`] applies each at a tick and logs it, so a
//! run is fully described by its scenario, its seed and its action log.

use serde::{Deserialize, Serialize};

use crate::model::faults::{FaultKind, FaultSpec};

/// A drug the perfusionist or anaesthetist can give. Bolus units are in
/// [`Drug::bolus_unit`], infusion units in [`Drug::infusion_unit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Drug {
    /// α1 agonist. Bolus µg, infusion µg/min.
    Phenylephrine,
    /// α1 (and some β1) agonist. Bolus µg, infusion µg/min.
    Norepinephrine,
    /// V1 agonist, works when catecholamines fail. Bolus U, infusion U/min.
    Vasopressin,
    /// Guanylate cyclase inhibitor for refractory vasoplegia. Bolus mg (given over 20 min).
    MethyleneBlue,
    /// Inotrope and vasoconstrictor. Bolus µg, infusion µg/min.
    Epinephrine,
    /// Unfractionated heparin. Bolus U.
    Heparin,
    /// Heparin antagonist. Bolus mg. Never on bypass.
    Protamine,
    /// Antithrombin concentrate. Bolus U (IU).
    Antithrombin,
    /// Sodium bicarbonate 8.4 %. Bolus mmol (= mL of 8.4 %).
    SodiumBicarbonate,
    /// Calcium chloride. Bolus mg.
    CalciumChloride,
    /// Potassium chloride. Bolus mmol.
    PotassiumChloride,
}

impl Drug {
    /// Every drug, in the order a drug drawer lists them.
    pub const ALL: [Drug; 11] = [
        Drug::Phenylephrine,
        Drug::Norepinephrine,
        Drug::Vasopressin,
        Drug::MethyleneBlue,
        Drug::Epinephrine,
        Drug::Heparin,
        Drug::Protamine,
        Drug::Antithrombin,
        Drug::SodiumBicarbonate,
        Drug::CalciumChloride,
        Drug::PotassiumChloride,
    ];

    /// Name as printed on the syringe label.
    pub fn label(self) -> &'static str {
        match self {
            Drug::Phenylephrine => "Phenylephrine",
            Drug::Norepinephrine => "Norepinephrine",
            Drug::Vasopressin => "Vasopressin",
            Drug::MethyleneBlue => "Methylene blue",
            Drug::Epinephrine => "Epinephrine",
            Drug::Heparin => "Heparin",
            Drug::Protamine => "Protamine",
            Drug::Antithrombin => "Antithrombin",
            Drug::SodiumBicarbonate => "Sodium bicarbonate",
            Drug::CalciumChloride => "Calcium chloride",
            Drug::PotassiumChloride => "Potassium chloride",
        }
    }

    /// Unit of a bolus dose.
    pub fn bolus_unit(self) -> &'static str {
        match self {
            Drug::Phenylephrine | Drug::Norepinephrine | Drug::Epinephrine => "µg",
            Drug::Vasopressin | Drug::Heparin | Drug::Antithrombin => "U",
            Drug::MethyleneBlue | Drug::Protamine | Drug::CalciumChloride => "mg",
            Drug::SodiumBicarbonate | Drug::PotassiumChloride => "mmol",
        }
    }

    /// Unit of an infusion rate, or `None` when the drug is given only as a bolus.
    pub fn infusion_unit(self) -> Option<&'static str> {
        match self {
            Drug::Phenylephrine | Drug::Norepinephrine | Drug::Epinephrine => Some("µg/min"),
            Drug::Vasopressin => Some("U/min"),
            _ => None,
        }
    }

    /// Largest single bolus the console accepts; larger doses are refused as typos.
    pub fn max_bolus(self) -> f64 {
        match self {
            Drug::Phenylephrine => 1000.0,
            Drug::Norepinephrine => 100.0,
            Drug::Vasopressin => 10.0,
            Drug::MethyleneBlue => 400.0,
            Drug::Epinephrine => 1000.0,
            Drug::Heparin => 60_000.0,
            Drug::Protamine => 500.0,
            Drug::Antithrombin => 6000.0,
            Drug::SodiumBicarbonate => 200.0,
            Drug::CalciumChloride => 2000.0,
            Drug::PotassiumChloride => 40.0,
        }
    }

    /// Bolus above which the console asks the user to confirm (a large or dangerous dose).
    pub fn confirm_bolus_above(self) -> f64 {
        match self {
            Drug::Phenylephrine => 200.0,
            Drug::Norepinephrine => 20.0,
            Drug::Vasopressin => 2.0,
            Drug::MethyleneBlue => 200.0,
            Drug::Epinephrine => 100.0,
            Drug::Heparin => 20_000.0,
            // Any protamine on bypass is dangerous: always confirm.
            Drug::Protamine => 0.0,
            Drug::Antithrombin => 3000.0,
            Drug::SodiumBicarbonate => 100.0,
            Drug::CalciumChloride => 1000.0,
            Drug::PotassiumChloride => 10.0,
        }
    }

    /// Largest infusion rate the pump accepts (in [`Drug::infusion_unit`]).
    pub fn max_infusion(self) -> f64 {
        match self {
            Drug::Phenylephrine => 300.0,
            Drug::Norepinephrine => 60.0,
            Drug::Vasopressin => 0.2,
            Drug::Epinephrine => 60.0,
            _ => 0.0,
        }
    }
}

/// Fluids and blood products added to the venous reservoir.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Fluid {
    /// Balanced crystalloid (Plasma-Lyte A).
    Crystalloid,
    /// Albumin 5 %.
    Albumin,
    /// Packed red cells, Hct about 60 %.
    RedCells,
    /// Fresh frozen plasma, about 1 U/mL antithrombin.
    Ffp,
    /// Washed cell-saver blood, Hct about 55 %.
    CellSaver,
}

impl Fluid {
    /// Every fluid, in the order a console lists them.
    pub const ALL: [Fluid; 5] = [
        Fluid::Crystalloid,
        Fluid::Albumin,
        Fluid::RedCells,
        Fluid::Ffp,
        Fluid::CellSaver,
    ];

    /// Name as on the bag.
    pub fn label(self) -> &'static str {
        match self {
            Fluid::Crystalloid => "Crystalloid",
            Fluid::Albumin => "Albumin 5%",
            Fluid::RedCells => "Packed red cells",
            Fluid::Ffp => "FFP",
            Fluid::CellSaver => "Cell saver",
        }
    }

    /// Haematocrit of the product, fraction.
    pub fn hct_fraction(self) -> f64 {
        match self {
            Fluid::RedCells => 0.60,
            Fluid::CellSaver => 0.55,
            _ => 0.0,
        }
    }
}

/// A laboratory or point-of-care test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LabKind {
    /// Arterial and venous blood gas with lactate.
    BloodGas,
    /// Activated clotting time.
    Act,
    /// K+, ionised Ca, glucose-free electrolyte panel.
    Electrolytes,
    /// Haemoglobin and haematocrit.
    Hb,
}

impl LabKind {
    /// Every test, in menu order.
    pub const ALL: [LabKind; 4] = [
        LabKind::BloodGas,
        LabKind::Act,
        LabKind::Electrolytes,
        LabKind::Hb,
    ];

    /// Name on the request form.
    pub fn label(self) -> &'static str {
        match self {
            LabKind::BloodGas => "Blood gas",
            LabKind::Act => "ACT",
            LabKind::Electrolytes => "Electrolytes",
            LabKind::Hb => "Hb/Hct",
        }
    }

    /// Seconds from sampling to result: point-of-care turnaround, not a central lab.
    pub fn turnaround_secs(self) -> u64 {
        match self {
            LabKind::BloodGas => 90,
            LabKind::Act => 150,
            LabKind::Electrolytes => 90,
            LabKind::Hb => 60,
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
}

/// One change to the simulation, as a trainee, a script or an instructor makes it.
///
/// Each variant carries its units in its field names. Values are checked by
/// [`Action::check`] before a session accepts them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

/// A problem with an action's values.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct ActionError(pub String);

fn check_range(what: &str, value: f64, lo: f64, hi: f64, unit: &str) -> Result<(), ActionError> {
    if value.is_finite() && (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(ActionError(format!(
            "{what} must be between {lo} and {hi} {unit}, not {value}"
        )))
    }
}

impl Action {
    /// Checks the action's values against what the console allows.
    pub fn check(&self) -> Result<(), ActionError> {
        match self {
            Action::SetPumpFlow { flow_l_per_min } => {
                check_range("pump flow", *flow_l_per_min, 0.0, 7.0, "L/min")
            }
            Action::SetPumpRpm { rpm } => check_range("pump speed", *rpm, 0.0, 4000.0, "rpm"),
            Action::HandCrank { flow_l_per_min } => {
                check_range("hand-crank flow", *flow_l_per_min, 0.0, 5.0, "L/min")
            }
            Action::SetVenousOcclusion { occlusion_pct } => {
                check_range("venous occlusion", *occlusion_pct, 0.0, 100.0, "%")
            }
            Action::SetVacuum { vacuum_mmhg } => {
                check_range("vacuum", *vacuum_mmhg, 0.0, 100.0, "mmHg")
            }
            Action::SetSweep { sweep_l_per_min } => {
                check_range("sweep", *sweep_l_per_min, 0.0, 15.0, "L/min")
            }
            Action::SetFio2 { fio2 } => check_range("FiO2", *fio2, 0.21, 1.0, "(fraction)"),
            Action::SetWaterTemp { water_c } => {
                check_range("water temperature", *water_c, 4.0, 40.0, "°C")
            }
            Action::DrugBolus { drug, dose } => check_range(
                drug.label(),
                *dose,
                f64::MIN_POSITIVE,
                drug.max_bolus(),
                drug.bolus_unit(),
            ),
            Action::SetInfusion { drug, rate_per_min } => match drug.infusion_unit() {
                Some(unit) => check_range(
                    &format!("{} infusion", drug.label()),
                    *rate_per_min,
                    0.0,
                    drug.max_infusion(),
                    unit,
                ),
                None => Err(ActionError(format!(
                    "{} is given as a bolus, not an infusion",
                    drug.label()
                ))),
            },
            Action::GiveFluid { volume_ml, .. } => {
                check_range("fluid volume", *volume_ml, 1.0, 2000.0, "mL")
            }
            Action::GiveCardioplegia { volume_ml } => {
                check_range("cardioplegia volume", *volume_ml, 1.0, 2000.0, "mL")
            }
            Action::Pace { rate_per_min } => {
                if *rate_per_min == 0.0 {
                    Ok(())
                } else {
                    check_range("pacing rate", *rate_per_min, 40.0, 140.0, "/min")
                }
            }
            Action::SetSvrFactor { factor } => check_range("SVR factor", *factor, 0.2, 3.0, "×"),
            Action::InjectFault { fault } => fault.check().map_err(ActionError),
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
            | Action::ClearFault { .. } => Ok(()),
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

    /// A short human description, e.g. "Phenylephrine 100 µg". Never names a fault's
    /// diagnosis beyond what the actor did.
    pub fn describe(&self) -> String {
        match self {
            Action::SetPumpFlow { flow_l_per_min } => {
                format!("Pump flow {flow_l_per_min:.2} L/min")
            }
            Action::SetPumpRpm { rpm } => format!("Pump speed {rpm:.0} rpm"),
            Action::PumpStop => "Pump stop".into(),
            Action::PumpStart => "Pump start".into(),
            Action::HandCrank { flow_l_per_min } => {
                format!("Hand-crank {flow_l_per_min:.1} L/min")
            }
            Action::ClampArterial { closed } => {
                format!(
                    "Arterial line {}",
                    if *closed { "clamped" } else { "unclamped" }
                )
            }
            Action::ClampVenous { closed } => {
                format!(
                    "Venous line {}",
                    if *closed { "clamped" } else { "unclamped" }
                )
            }
            Action::SetVenousOcclusion { occlusion_pct } => {
                format!("Venous occlusion {occlusion_pct:.0} %")
            }
            Action::SetVacuum { vacuum_mmhg } => format!("Vacuum −{vacuum_mmhg:.0} mmHg"),
            Action::SetSweep { sweep_l_per_min } => format!("Sweep {sweep_l_per_min:.1} L/min"),
            Action::SetFio2 { fio2 } => format!("FiO2 {:.0} %", fio2 * 100.0),
            Action::SetWaterTemp { water_c } => format!("Water {water_c:.1} °C"),
            Action::DrugBolus { drug, dose } => {
                format!("{} {dose} {}", drug.label(), drug.bolus_unit())
            }
            Action::SetInfusion { drug, rate_per_min } => format!(
                "{} infusion {rate_per_min} {}",
                drug.label(),
                drug.infusion_unit().unwrap_or("")
            ),
            Action::GiveFluid { fluid, volume_ml } => {
                format!("{} {volume_ml:.0} mL", fluid.label())
            }
            Action::GiveCardioplegia { volume_ml } => format!("Cardioplegia {volume_ml:.0} mL"),
            Action::RequestLab { lab } => format!("{} requested", lab.label()),
            Action::CheckGasSupply => "Gas supply checked".into(),
            Action::ChangeOxygenator => "Oxygenator change-out".into(),
            Action::DeairArterialLine => "De-air arterial line".into(),
            Action::RetrogradeSvcPerfusion { on } => {
                format!("Retrograde SVC perfusion {}", on_off(*on))
            }
            Action::Trendelenburg { on } => format!("Trendelenburg {}", on_off(*on)),
            Action::Ventilation { on } => format!("Ventilation {}", on_off(*on)),
            Action::Pace { rate_per_min } => {
                if *rate_per_min == 0.0 {
                    "Pacing off".into()
                } else {
                    format!("Pacing {rate_per_min:.0} /min")
                }
            }
            Action::Defibrillate => "Defibrillation".into(),
            Action::CrossClamp { on } => format!("Cross-clamp {}", on_off(*on)),
            Action::Notify { who } => format!("{who:?} informed"),
            Action::AcknowledgeAlarms => "Alarms acknowledged".into(),
            Action::InjectFault { fault } => format!("Instructor: fault {:?}", fault.kind),
            Action::ClearFault { kind } => format!("Instructor: cleared {kind:?}"),
            Action::SetSvrFactor { factor } => format!("Instructor: SVR × {factor:.2}"),
        }
    }
}

fn on_off(on: bool) -> &'static str {
    if on { "on" } else { "off" }
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
