//! How an action reads in the log, the debrief and the record: never naming a
//! diagnosis beyond what the actor did.

use crate::action::Action;

impl Action {
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
            Action::InjectFault { fault } => format!("Instructor: fault {}", fault.kind.label()),
            Action::ClearFault { kind } => format!("Instructor: cleared {}", kind.label()),
            Action::SetSvrFactor { factor } => format!("Instructor: SVR × {factor:.2}"),
            Action::ClampDrainage { closed } => format!(
                "Drainage line {}",
                if *closed { "clamped" } else { "unclamped" }
            ),
            Action::ClampReturn { closed } => format!(
                "Return line {}",
                if *closed { "clamped" } else { "unclamped" }
            ),
            Action::SetVentilator {
                fio2,
                peep_cmh2o,
                rate_per_min,
            } => format!(
                "Ventilator FiO2 {:.0} %, PEEP {peep_cmh2o:.0} cmH2O, rate {rate_per_min:.0} /min",
                fio2 * 100.0
            ),
            Action::SetHeparinInfusion { u_per_h } => format!("Heparin infusion {u_per_h:.0} U/h"),
            Action::RepositionCannula => "Drainage cannula repositioned".into(),
            Action::ChangeCircuit => "Circuit change-out".into(),
            Action::ReplaceDrive => "Pump head to the backup drive".into(),
            Action::ConvertToVav => "Venous return limb added (VAV)".into(),
            Action::DeliverCardioplegia {
                solution,
                route,
                volume_ml,
                temp_c,
                ratio,
                flow_ml_per_min,
            } => {
                let mut text = format!(
                    "Cardioplegia {} {} {volume_ml:.0} mL at {temp_c:.0} °C",
                    solution.label(),
                    route.label()
                );
                if let Some(r) = ratio {
                    text.push_str(&format!(", ratio {} blood:crystalloid", r.label()));
                }
                if let Some(f) = flow_ml_per_min {
                    text.push_str(&format!(", {f:.0} mL/min"));
                }
                text
            }
            Action::SetVent { flow_ml_per_min } => {
                if *flow_ml_per_min == 0.0 {
                    "Vent off".into()
                } else {
                    format!("Vent {flow_ml_per_min:.0} mL/min")
                }
            }
            Action::SetSucker { flow_ml_per_min } => {
                if *flow_ml_per_min == 0.0 {
                    "Sucker off".into()
                } else {
                    format!("Sucker {flow_ml_per_min:.0} mL/min")
                }
            }
            Action::SetUltrafiltration {
                rate_ml_per_min,
                zero_balance,
            } => {
                if *rate_ml_per_min == 0.0 {
                    "Haemoconcentrator off".into()
                } else if *zero_balance {
                    format!("Zero-balance ultrafiltration {rate_ml_per_min:.0} mL/min")
                } else {
                    format!("Ultrafiltration {rate_ml_per_min:.0} mL/min")
                }
            }
            Action::CellSaverReturn => "Cell saver: washed red cells returned".into(),
            Action::RetrogradeAutologousPrime { volume_ml } => {
                format!("Retrograde autologous prime {volume_ml:.0} mL")
            }
            Action::Decannulate => "Decannulated".into(),
            Action::StopCardioplegia => "Cardioplegia stopped".into(),
            Action::CheckCircuit { part } => format!("Checked the {}", part.label()),
            Action::SetInterlock { interlock, on } => {
                format!("{} {}", interlock.label(), on_off(*on))
            }
            Action::CheckItem { list, item } => format!(
                "{} checklist {item}: {}",
                list.spec().title,
                list.item(*item).unwrap_or("?")
            ),
        }
    }
}

fn on_off(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}
