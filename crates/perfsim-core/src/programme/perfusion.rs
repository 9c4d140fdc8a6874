//! The perfusion record: the perfusionist's own chart of a run, as a department keeps
//! it. Times on and off the pump, cross-clamp on and off, cardioplegia doses and the
//! intervals between them, flows, pressures and temperatures at fixed intervals, every
//! gas, ACT and lab with its time and values, drugs and fluids with doses, circuit
//! changes and incidents; and, in time order, every action and model event of the run.
//!
//! Built from a [`Review`] (its action log, events, labs and 1 Hz trace), so a chart
//! made in the window, from a record or on the command line is the same chart.

use crate::action::{Action, Actor, LabKind};
use crate::model::events::Event;
use crate::model::snapshot::{Signal, Snapshot};
use crate::review::Review;
use crate::time::{TICKS_PER_SEC, Tick};

/// Seconds between the chart's rows of vital values.
pub const INTERVAL_S: u64 = 300;

/// What a chart entry is about: the column a paper chart would put it in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChartCategory {
    /// Pump on or off, flow changes.
    Pump,
    /// Aortic cross-clamp.
    CrossClamp,
    /// Cardioplegia.
    Cardioplegia,
    /// Sweep gas and FiO2.
    Gas,
    /// Heater-cooler.
    Temperature,
    /// Drugs.
    Drug,
    /// Fluids and blood products.
    Fluid,
    /// Samples and results.
    Lab,
    /// Clamps, vacuum, occlusion, oxygenator change, de-airing.
    Circuit,
    /// Telling the team; position, ventilation, pacing, defibrillation.
    Team,
    /// Alarms raised and cleared.
    Alarm,
    /// Faults, interlocks, air, refusals, spills: things to write an incident report on.
    Incident,
    /// Anything else the model reported.
    Event,
}

impl ChartCategory {
    /// The column's name.
    pub fn label(self) -> &'static str {
        match self {
            ChartCategory::Pump => "Pump",
            ChartCategory::CrossClamp => "Cross-clamp",
            ChartCategory::Cardioplegia => "Cardioplegia",
            ChartCategory::Gas => "Gases",
            ChartCategory::Temperature => "Temperature",
            ChartCategory::Drug => "Drug",
            ChartCategory::Fluid => "Fluid",
            ChartCategory::Lab => "Lab",
            ChartCategory::Circuit => "Circuit",
            ChartCategory::Team => "Team",
            ChartCategory::Alarm => "Alarm",
            ChartCategory::Incident => "Incident",
            ChartCategory::Event => "Event",
        }
    }
}

/// Where an entry came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The action log: the candidate's action.
    Candidate,
    /// The action log: the instructor's or the theatre team's action.
    Instructor,
    /// The model's event list.
    Model,
}

impl Source {
    /// Words for the chart.
    pub fn label(self) -> &'static str {
        match self {
            Source::Candidate => "Perfusionist",
            Source::Instructor => "Team / instructor",
            Source::Model => "Monitor / model",
        }
    }
}

/// One line of the chart's event log.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartEntry {
    /// When.
    pub tick: Tick,
    /// Its column.
    pub category: ChartCategory,
    /// Who or what.
    pub source: Source,
    /// What, as the action or event describes itself.
    pub text: String,
    /// The action was refused by the console (it did nothing).
    pub refused: bool,
}

/// One row of vital values at a fixed interval.
#[derive(Clone, Debug, PartialEq)]
pub struct IntervalRow {
    /// When.
    pub tick: Tick,
    /// The values, in [`INTERVAL_SIGNALS`] order.
    pub values: Vec<f64>,
}

/// The signals in an interval row: flows, pressures, temperatures, gases, level.
pub const INTERVAL_SIGNALS: [Signal; 14] = [
    Signal::PumpFlow,
    Signal::PumpFlowIndex,
    Signal::Map,
    Signal::Cvp,
    Signal::ArtLine,
    Signal::TempArterial,
    Signal::TempCore,
    Signal::TempBladder,
    Signal::TempWater,
    Signal::Sweep,
    Signal::Fio2,
    Signal::Svo2,
    Signal::Rso2Left,
    Signal::Reservoir,
];

/// A lab sample and its result.
#[derive(Clone, Debug, PartialEq)]
pub struct LabRow {
    /// Which test.
    pub lab: LabKind,
    /// When drawn.
    pub sampled_tick: Tick,
    /// When reported.
    pub ready_tick: Tick,
    /// (signal, value) as reported.
    pub values: Vec<(Signal, f64)>,
}

/// One cardioplegia dose.
#[derive(Clone, Debug, PartialEq)]
pub struct CardioplegiaDose {
    /// When.
    pub tick: Tick,
    /// Volume, mL.
    pub volume_ml: f64,
    /// Minutes since the previous dose (or since the cross-clamp went on).
    pub interval_min: Option<f64>,
    /// Highest delivery pressure while it ran, mmHg (a dose from the delivery system
    /// with a flow; `None` for a dose given at once).
    pub peak_pressure_mmhg: Option<f64>,
}

/// A drug or fluid given.
#[derive(Clone, Debug, PartialEq)]
pub struct DoseRow {
    /// When.
    pub tick: Tick,
    /// Drug or fluid, with dose and unit, as described.
    pub text: String,
    /// Who gave it.
    pub source: Source,
}

/// A period with a state on (pump running, cross-clamp on): start and end ticks
/// (`None` when still on at the end of the run).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// On at.
    pub on: Tick,
    /// Off at.
    pub off: Option<Tick>,
}

/// The perfusionist's chart of one run.
#[derive(Clone, Debug, PartialEq)]
pub struct PerfusionRecord {
    /// Scenario name and version.
    pub scenario: String,
    /// Length of the run.
    pub end_tick: Tick,
    /// Periods with arterial flow (pump or hand crank over 0.1 L/min), from the trace.
    pub flow_periods: Vec<Period>,
    /// Periods with the cross-clamp on.
    pub cross_clamp: Vec<Period>,
    /// Cardioplegia doses.
    pub cardioplegia: Vec<CardioplegiaDose>,
    /// Vital values every [`INTERVAL_S`].
    pub intervals: Vec<IntervalRow>,
    /// Every lab sample.
    pub labs: Vec<LabRow>,
    /// Drugs and fluids.
    pub doses: Vec<DoseRow>,
    /// The temperature limits' worst values and excursions (a bypass run; none on ECMO).
    pub thermal: Option<crate::model::thermal::ThermalLimits>,
    /// Every action and model event, in time order (actions before the events they
    /// caused at the same tick).
    pub entries: Vec<ChartEntry>,
}

/// The column of an action.
pub fn action_category(a: &Action) -> ChartCategory {
    use Action as A;
    match a {
        A::SetPumpFlow { .. }
        | A::SetPumpRpm { .. }
        | A::PumpStop
        | A::PumpStart
        | A::HandCrank { .. }
        | A::ReplaceDrive => ChartCategory::Pump,
        A::CrossClamp { .. } => ChartCategory::CrossClamp,
        A::GiveCardioplegia { .. } | A::DeliverCardioplegia { .. } | A::StopCardioplegia => {
            ChartCategory::Cardioplegia
        }
        A::SetVent { .. }
        | A::SetSucker { .. }
        | A::SetUltrafiltration { .. }
        | A::CellSaverReturn
        | A::RetrogradeAutologousPrime { .. }
        | A::Decannulate
        | A::CheckCircuit { .. }
        | A::SetInterlock { .. } => ChartCategory::Circuit,
        A::CheckItem { .. } => ChartCategory::Team,
        A::SetSweep { .. } | A::SetFio2 { .. } | A::CheckGasSupply => ChartCategory::Gas,
        A::SetWaterTemp { .. } => ChartCategory::Temperature,
        A::DrugBolus { .. } | A::SetInfusion { .. } => ChartCategory::Drug,
        A::GiveFluid { .. } => ChartCategory::Fluid,
        A::RequestLab { .. } => ChartCategory::Lab,
        A::ClampArterial { .. }
        | A::ClampVenous { .. }
        | A::SetVenousOcclusion { .. }
        | A::SetVacuum { .. }
        | A::ChangeOxygenator
        | A::DeairArterialLine
        | A::RetrogradeSvcPerfusion { .. }
        | A::ClampDrainage { .. }
        | A::ClampReturn { .. }
        | A::RepositionCannula
        | A::ChangeCircuit
        | A::ConvertToVav => ChartCategory::Circuit,
        A::SetHeparinInfusion { .. } => ChartCategory::Drug,
        A::Trendelenburg { .. }
        | A::Ventilation { .. }
        | A::SetVentilator { .. }
        | A::Pace { .. }
        | A::Defibrillate
        | A::Notify { .. }
        | A::AcknowledgeAlarms => ChartCategory::Team,
        A::InjectFault { .. } | A::ClearFault { .. } | A::SetSvrFactor { .. } => {
            ChartCategory::Incident
        }
    }
}

/// The column of a model event.
pub fn event_category(e: &Event) -> ChartCategory {
    match e {
        Event::AlarmRaised { .. } | Event::AlarmCleared { .. } => ChartCategory::Alarm,
        Event::FaultOnset { .. }
        | Event::FaultCleared { .. }
        | Event::AirInArterialLine
        | Event::InterlockStop { .. }
        | Event::PumpStartedWithAir
        | Event::Refused { .. }
        | Event::PumpDeprimed
        | Event::Spilled { .. }
        | Event::BatteryEmpty => ChartCategory::Incident,
        Event::ProcedureStarted { .. } | Event::ProcedureCompleted { .. } => ChartCategory::Circuit,
        Event::LabResult { .. } => ChartCategory::Lab,
        Event::GasSupplyChecked { .. } => ChartCategory::Gas,
        Event::RhythmChanged { .. } | Event::PhaseChanged { .. } | Event::ArrestLost => {
            ChartCategory::Event
        }
        Event::CardioplegiaGiven { .. } | Event::PlegiaPressureHigh { .. } => {
            ChartCategory::Cardioplegia
        }
        Event::CoronarySinusInjury { .. } => ChartCategory::Incident,
        Event::ThermalPhaseChanged { .. } => ChartCategory::Temperature,
        Event::TempGradientExceeded { .. }
        | Event::RewarmingTooFast { .. }
        | Event::OutletTooHot { .. } => ChartCategory::Incident,
        Event::CircuitChecked { .. } => ChartCategory::Circuit,
    }
}

fn source(actor: Actor) -> Source {
    match actor {
        Actor::Trainee => Source::Candidate,
        Actor::Instructor => Source::Instructor,
    }
}

/// The highest cardioplegia delivery pressure in the trace from the dose the `i`th
/// action started (at `from`) until the next cardioplegia action, if the line had flow.
fn peak_plegia_pressure(
    trace: &[Snapshot],
    from: Tick,
    log: &[crate::action::LoggedAction],
    i: usize,
) -> Option<f64> {
    let until = log[i + 1..]
        .iter()
        .find(|a| {
            matches!(
                a.action,
                Action::DeliverCardioplegia { .. } | Action::GiveCardioplegia { .. }
            )
        })
        .map_or(Tick::MAX, |a| a.tick);
    trace
        .iter()
        .filter(|s| s.tick >= from && s.tick < until)
        .map(|s| s.plegia_pressure_mmhg)
        // Empty before any timed dose, 0 with no flow: a dose given at once has none.
        .filter(|p| p.is_finite() && *p > 0.0)
        .reduce(f64::max)
}

/// Periods where `on(snapshot)` holds over a 1 Hz trace.
fn periods(trace: &[Snapshot], on: impl Fn(&Snapshot) -> bool) -> Vec<Period> {
    let mut out: Vec<Period> = Vec::new();
    let mut open: Option<Tick> = None;
    for s in trace {
        match (on(s), open) {
            (true, None) => open = Some(s.tick),
            (false, Some(start)) => {
                out.push(Period {
                    on: start,
                    off: Some(s.tick),
                });
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        out.push(Period {
            on: start,
            off: None,
        });
    }
    out
}

impl PerfusionRecord {
    /// The chart of a reviewed run.
    pub fn of(review: &Review) -> Self {
        let end = &review.end;
        let scenario = end.scenario();
        let log = end.log();
        let refused = end.refused();
        let mut entries: Vec<ChartEntry> = log
            .iter()
            .enumerate()
            .map(|(i, a)| ChartEntry {
                tick: a.tick,
                category: action_category(&a.action),
                source: source(a.actor),
                text: a.action.describe(),
                refused: refused.get(i).copied().unwrap_or(false),
            })
            .collect();
        entries.extend(end.events().iter().map(|e| ChartEntry {
            tick: e.tick,
            category: event_category(&e.event),
            source: Source::Model,
            text: e.event.describe(),
            refused: false,
        }));
        // Stable: at one tick the actions stay before the events they caused.
        entries.sort_by_key(|e| e.tick);

        // Cross-clamp: its state at the start, then each accepted CrossClamp action.
        let start_clamp = review
            .checkpoints
            .first()
            .is_some_and(|s| s.sim().settings().cross_clamp);
        let mut cross_clamp: Vec<Period> = Vec::new();
        let mut clamp_on: Option<Tick> = start_clamp.then_some(0);
        let mut cardioplegia = Vec::new();
        let mut last_cp_or_clamp: Option<Tick> = clamp_on;
        let mut doses = Vec::new();
        let case_doses = &end.sim().case_record().doses;
        for (i, a) in log.iter().enumerate() {
            if refused.get(i).copied().unwrap_or(false) {
                continue;
            }
            match &a.action {
                Action::CrossClamp { on: true } if clamp_on.is_none() => {
                    clamp_on = Some(a.tick);
                    last_cp_or_clamp = Some(a.tick);
                }
                Action::CrossClamp { on: false } => {
                    if let Some(on) = clamp_on.take() {
                        cross_clamp.push(Period {
                            on,
                            off: Some(a.tick),
                        });
                    }
                }
                Action::GiveCardioplegia { volume_ml }
                | Action::DeliverCardioplegia { volume_ml, .. } => {
                    // A timed dose counts what went in (it may have been stopped early).
                    let delivered = case_doses
                        .iter()
                        .find(|d| d.tick == a.tick)
                        .map_or(*volume_ml, |d| d.volume_ml);
                    cardioplegia.push(CardioplegiaDose {
                        tick: a.tick,
                        volume_ml: delivered,
                        peak_pressure_mmhg: peak_plegia_pressure(end.trace(), a.tick, log, i),
                        interval_min: last_cp_or_clamp
                            .map(|t| (a.tick - t) as f64 / (60 * TICKS_PER_SEC) as f64),
                    });
                    last_cp_or_clamp = Some(a.tick);
                }
                Action::DrugBolus { .. }
                | Action::SetInfusion { .. }
                | Action::SetHeparinInfusion { .. }
                | Action::GiveFluid { .. } => {
                    doses.push(DoseRow {
                        tick: a.tick,
                        text: a.action.describe(),
                        source: source(a.actor),
                    });
                }
                _ => {}
            }
        }
        if let Some(on) = clamp_on {
            cross_clamp.push(Period { on, off: None });
        }
        let trace = end.trace();
        let every = INTERVAL_S * TICKS_PER_SEC;
        let intervals = trace
            .iter()
            .filter(|s| s.tick.is_multiple_of(every))
            .map(|s| IntervalRow {
                tick: s.tick,
                values: INTERVAL_SIGNALS.iter().map(|g| s.value(*g)).collect(),
            })
            .collect();
        let labs = end
            .sim()
            .labs()
            .iter()
            .map(|l| LabRow {
                lab: l.lab,
                sampled_tick: l.sampled_tick,
                ready_tick: l.ready_tick,
                values: l.values.iter().map(|v| (v.signal, v.value)).collect(),
            })
            .collect();
        Self {
            scenario: format!("{} v{}", scenario.name, scenario.version),
            end_tick: end.tick(),
            flow_periods: periods(trace, |s| s.pump_flow_l_min > 0.1),
            cross_clamp,
            cardioplegia,
            intervals,
            labs,
            doses,
            thermal: (end.sim().circuit().kind() == crate::model::config::CircuitKind::Cpb)
                .then(|| end.sim().case_record().thermal_limits),
            entries,
        }
    }

    /// Total ticks with the cross-clamp on.
    pub fn cross_clamp_ticks(&self) -> Tick {
        total(&self.cross_clamp, self.end_tick)
    }

    /// Total ticks with arterial flow.
    pub fn flow_ticks(&self) -> Tick {
        total(&self.flow_periods, self.end_tick)
    }
}

fn total(periods: &[Period], end: Tick) -> Tick {
    periods
        .iter()
        .map(|p| p.off.unwrap_or(end).saturating_sub(p.on))
        .sum()
}
