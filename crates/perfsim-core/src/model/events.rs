//! Things that happen in the model at a tick: alarms, procedures, results, faults.
//! Scoring and the debrief timeline read them; the trainee sees only the visible ones.

use serde::{Deserialize, Serialize};

use crate::action::{CircuitPart, LabKind, PlegiaRoute, PlegiaSolution};
use crate::model::alarms::Alarm;
use crate::model::faults::FaultKind;
use crate::model::phase::Phase;
use crate::model::thermal::ThermalPhase;
use crate::time::Tick;

/// A timed procedure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Procedure {
    /// Oxygenator change-out.
    OxygenatorChange,
    /// De-airing of the arterial line and cannula (ECMO: of the circuit).
    Deair,
    /// ECMO: the whole circuit replaced.
    CircuitChange,
    /// ECMO: the drainage cannula repositioned (or a cannula replaced).
    CannulaReposition,
    /// ECMO: the pump head moved to the backup drive.
    DriveChange,
}

/// Heart rhythm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Rhythm {
    /// Arrested (cardioplegia) or asystole.
    #[default]
    Asystole,
    /// Sinus rhythm.
    Sinus,
    /// Ventricular fibrillation.
    Vf,
    /// Paced from epicardial wires.
    Paced,
}

impl Rhythm {
    /// The rhythm as a monitor or a colleague names it.
    pub fn label(self) -> &'static str {
        match self {
            Rhythm::Asystole => "asystole",
            Rhythm::Sinus => "sinus rhythm",
            Rhythm::Vf => "ventricular fibrillation",
            Rhythm::Paced => "paced",
        }
    }
}

/// What a gas-supply check found, traced from the wall to the oxygenator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum GasFinding {
    /// Nothing wrong along the path.
    #[default]
    Intact,
    /// The oxygen hose was off its wall outlet (the supply fault): reconnected.
    DisconnectedAtWall,
    /// The path is intact but the sweep flowmeter is turned off: no gas reaches the
    /// membrane until the trainee sets a sweep.
    SweepOff,
}

impl GasFinding {
    /// What the trainee is told.
    pub fn describe(self) -> &'static str {
        match self {
            GasFinding::Intact => "Gas supply checked: source, blender, line and flowmeter intact",
            GasFinding::DisconnectedAtWall => {
                "Gas supply checked: oxygen supply disconnected at the wall, reconnected"
            }
            GasFinding::SweepOff => {
                "Gas supply checked: source, blender and line intact, but the sweep flowmeter is off"
            }
        }
    }
}

/// One thing that happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// A fault began (hidden from the trainee until the debrief).
    FaultOnset {
        /// Its mechanism.
        kind: FaultKind,
    },
    /// A fault ended: repaired, replaced or cleared by the instructor (hidden).
    FaultCleared {
        /// Its mechanism.
        kind: FaultKind,
    },
    /// Air first reached the arterial line (a model fact: the bubble detector's alarm is the cue).
    AirInArterialLine,
    /// An alarm started sounding.
    AlarmRaised {
        /// Which.
        alarm: Alarm,
    },
    /// An alarm's condition cleared.
    AlarmCleared {
        /// Which.
        alarm: Alarm,
    },
    /// An interlock stopped the arterial pump.
    InterlockStop {
        /// The alarm that tripped it.
        alarm: Alarm,
    },
    /// The pump started while air was still in the arterial line.
    PumpStartedWithAir,
    /// A procedure began.
    ProcedureStarted {
        /// Which.
        procedure: Procedure,
    },
    /// A procedure finished.
    ProcedureCompleted {
        /// Which.
        procedure: Procedure,
    },
    /// The console refused an action, and why (shown to the trainee).
    Refused {
        /// What the trainee is told.
        reason: String,
    },
    /// A lab result is ready.
    LabResult {
        /// Which test.
        lab: LabKind,
    },
    /// The gas supply was checked; `fault_found` when a disconnection was found and fixed.
    GasSupplyChecked {
        /// Whether a supply problem was found (and fixed).
        fault_found: bool,
        /// What the check found, in the order a perfusionist traces the gas path.
        #[serde(default)]
        finding: GasFinding,
    },
    /// The heart's rhythm changed.
    RhythmChanged {
        /// The new rhythm.
        rhythm: Rhythm,
    },
    /// The centrifugal pump de-primed with air in its head.
    PumpDeprimed,
    /// ECMO: the console's battery ran out and the motor stopped.
    BatteryEmpty,
    /// Volume given into a full reservoir overflowed and was spilled (not given).
    Spilled {
        /// What was spilled, mL.
        volume_ml: f64,
    },
    /// The case moved to another phase (the perfusion record's times: on bypass,
    /// cross-clamp on and off, off bypass, protamine, decannulation).
    PhaseChanged {
        /// The new phase.
        phase: Phase,
    },
    /// A cardioplegia dose went in.
    CardioplegiaGiven {
        /// Its number in the case, from 1.
        dose: u32,
        /// Which solution.
        solution: PlegiaSolution,
        /// Which route.
        route: PlegiaRoute,
        /// Volume, mL.
        volume_ml: f64,
    },
    /// Electrical activity returned under the cross-clamp: the arrest was lost (a
    /// cardioplegia dose is due or late).
    ArrestLost,
    /// A part of the circuit was walked and checked; `fault_found` when something was
    /// found there and put right.
    CircuitChecked {
        /// Which part.
        part: CircuitPart,
        /// Whether a problem was found (and fixed).
        fault_found: bool,
    },
    /// The cardioplegia delivery pressure went above what the route tolerates (aortic
    /// root above 100 mmHg, coronary sinus above 40): the flow is too high.
    PlegiaPressureHigh {
        /// Which route.
        route: PlegiaRoute,
        /// The pressure, mmHg.
        pressure_mmhg: f64,
    },
    /// Retrograde cardioplegia above the coronary sinus's limit (~50 mmHg) injured
    /// the sinus (oedema, haemorrhage, rupture).
    CoronarySinusInjury {
        /// The pressure, mmHg.
        pressure_mmhg: f64,
    },
    /// The case moved to another temperature phase (cooling, cold, rewarming,
    /// normothermic), followed from what the heater-cooler does.
    ThermalPhaseChanged {
        /// The new phase.
        phase: ThermalPhase,
    },
    /// The arterial outlet to venous inflow gradient went beyond the guideline (10 °C;
    /// 4 °C warming with the outlet at 30 °C or more): once per excursion.
    TempGradientExceeded {
        /// The gradient when it went beyond, °C (outlet minus venous).
        gradient_c: f64,
    },
    /// Rewarming faster than 0.5 °C/min with the outlet at 30 °C or more: once per
    /// excursion.
    RewarmingTooFast {
        /// The nasopharyngeal rewarming rate when it went beyond, °C/min.
        c_per_min: f64,
    },
    /// The arterial outlet went above 37 °C: once per excursion.
    OutletTooHot {
        /// The outlet temperature when it went beyond, °C.
        temp_c: f64,
    },
}

impl Event {
    /// Whether the trainee may see this before the debrief. Fault onsets and clearances
    /// would name the diagnosis.
    pub fn visible_to_trainee(&self) -> bool {
        !matches!(
            self,
            Event::FaultOnset { .. } | Event::FaultCleared { .. } | Event::AirInArterialLine
        )
    }

    /// A line for the event list or the debrief timeline.
    pub fn describe(&self) -> String {
        match self {
            Event::FaultOnset { kind } => format!("Fault: {}", kind.label()),
            Event::FaultCleared { kind } => format!("Fault ended: {}", kind.label()),
            Event::AirInArterialLine => "Air entered the arterial line".into(),
            Event::AlarmRaised { alarm } => format!("Alarm: {}", alarm.label()),
            Event::AlarmCleared { alarm } => format!("Alarm cleared: {}", alarm.label()),
            Event::InterlockStop { alarm } => {
                format!("Pump stopped by the {} interlock", alarm.label())
            }
            Event::PumpStartedWithAir => "Pump started with air in the arterial line".into(),
            Event::ProcedureStarted { procedure } => {
                format!("{} started", procedure_label(*procedure))
            }
            // What the procedure did, as the perfusionist would report it.
            Event::ProcedureCompleted {
                procedure: Procedure::OxygenatorChange,
            } => "Oxygenator change-out completed: new oxygenator in the circuit; \
                  de-air its connections before restarting"
                .into(),
            Event::ProcedureCompleted {
                procedure: Procedure::Deair,
            } => "De-airing completed: arterial line and cannula clear of air".into(),
            Event::ProcedureCompleted { procedure } => {
                format!("{} completed", procedure_label(*procedure))
            }
            Event::Refused { reason } => format!("Not done: {reason}"),
            Event::LabResult { lab } => format!("{} result ready", lab.label()),
            Event::GasSupplyChecked { finding, .. } => finding.describe().into(),
            Event::RhythmChanged { rhythm } => format!("Rhythm: {}", rhythm.label()),
            Event::PumpDeprimed => "Centrifugal pump de-primed (air in the pump head)".into(),
            Event::BatteryEmpty => "Console battery empty: the pump motor stopped".into(),
            Event::Spilled { volume_ml } => {
                format!("Reservoir full: {volume_ml:.0} mL spilled, not given")
            }
            Event::PhaseChanged { phase } => format!("Phase: {}", phase.label()),
            Event::CardioplegiaGiven {
                dose,
                solution,
                route,
                volume_ml,
            } => format!(
                "Cardioplegia dose {dose}: {} {} {volume_ml:.0} mL",
                solution.label(),
                route.label()
            ),
            Event::ArrestLost => "Electrical activity under the cross-clamp".into(),
            Event::PlegiaPressureHigh {
                route,
                pressure_mmhg,
            } => format!(
                "Cardioplegia delivery pressure high: {pressure_mmhg:.0} mmHg {}",
                route.label()
            ),
            Event::CoronarySinusInjury { pressure_mmhg } => format!(
                "Coronary sinus injured: retrograde cardioplegia at {pressure_mmhg:.0} mmHg"
            ),
            Event::CircuitChecked { part, fault_found } => match (part, fault_found) {
                (_, false) => format!("Checked the {}: nothing wrong found", part.label()),
                (CircuitPart::VenousLine, true) => {
                    "Venous line checked: an air lock found and walked up into the reservoir".into()
                }
                (CircuitPart::ArterialLine, true) => {
                    "Arterial line checked: a kink at the cannula found and straightened".into()
                }
                (CircuitPart::HeaterCooler, true) => {
                    "Heater-cooler checked: faulty unit, switched to the backup".into()
                }
            },
            Event::ThermalPhaseChanged { phase } => format!("Temperature: {}", phase.label()),
            Event::TempGradientExceeded { gradient_c } => {
                format!("Outlet-venous gradient {gradient_c:+.1} °C: beyond the guideline limit")
            }
            Event::RewarmingTooFast { c_per_min } => {
                format!("Rewarming {c_per_min:.2} °C/min: faster than 0.5 °C/min")
            }
            Event::OutletTooHot { temp_c } => {
                format!("Arterial outlet {temp_c:.1} °C: above 37 °C")
            }
        }
    }
}

fn procedure_label(p: Procedure) -> &'static str {
    match p {
        Procedure::OxygenatorChange => "Oxygenator change-out",
        Procedure::Deair => "De-airing",
        Procedure::CircuitChange => "Circuit change-out",
        Procedure::CannulaReposition => "Cannula repositioning",
        Procedure::DriveChange => "Drive change",
    }
}

/// An event and when it happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoggedEvent {
    /// The tick.
    pub tick: Tick,
    /// What happened.
    pub event: Event,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The console log names a rhythm as people do, never by its code name ("Vf").
    #[test]
    fn a_rhythm_change_reads_as_people_say_it() {
        let vf = Event::RhythmChanged { rhythm: Rhythm::Vf };
        assert_eq!(vf.describe(), "Rhythm: ventricular fibrillation");
    }
}
