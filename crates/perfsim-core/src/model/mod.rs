//! The patient-and-circuit model: state, one fixed `step`, and typed actions.
//!
//! The model never imports egui, never reads the wall clock and draws randomness only
//! from the run's seed. [`Sim::step`] advances one tick of [`crate::time::DT_SECS`];
//! [`Sim::apply`] applies one [`Action`] at the current tick. The same configuration,
//! seed and sequence of `apply`/`step` calls give bit-identical state: the maths uses
//! `libm` (portable) rather than the platform's libm.

pub mod alarms;
mod apply;
pub mod blood;
mod body;
pub mod circuit;
pub mod coag;
pub mod config;
pub mod distension;
pub mod drugs;
mod ecmo_heparin;
mod ecmo_observe;
mod ecmo_patient;
pub mod events;
pub mod faults;
mod hlm;
pub mod labs;
mod metabolism;
pub mod noise;
mod observe;
pub mod patient;
pub mod phase;
pub mod plegia_delivery;
pub mod pulmonary;
mod servo;
mod settings;
mod settle;
pub mod snapshot;
mod step;
pub mod thermal;

use rand::Rng;

use crate::model::alarms::{AlarmLimits, AlarmSet};
use crate::model::circuit::{Circuit, Fill};
use crate::model::config::{CircuitSpec, PumpKind, StartSpec, VentilatorSpec};
use crate::model::drugs::{DrugRates, DrugState, VASOACTIVE};
use crate::model::events::{Event, LoggedEvent, Procedure, Rhythm};
use crate::model::faults::{FaultKind, FaultSpec, FaultState};
use crate::model::labs::LabResult;
use crate::model::patient::PatientSpec;
use crate::model::phase::StartPhase;
use crate::time::{DT_SECS, Tick};

pub use crate::action::Action;
pub use hlm::HeartLungMachine;
pub use settings::{EcmoSettings, Settings};
pub use snapshot::{Signal, Snapshot};

/// Everything the model needs to start a run.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelConfig {
    /// The patient.
    pub patient: PatientSpec,
    /// The circuit.
    pub circuit: CircuitSpec,
    /// Settings at the first tick.
    pub start: StartSpec,
    /// Scheduled faults.
    pub faults: Vec<FaultSpec>,
    /// Alarm limits.
    pub alarms: AlarmLimits,
}

/// Patient parameters drawn once from the seed (seeded variability).
#[derive(Clone, Debug, PartialEq)]
struct Params {
    bsa_m2: f64,
    weight_kg: f64,
    svr_base: f64,
    vo2i_37: f64,
    heparin_s_per_u_ml: f64,
    /// Venous drainage resistance, mmHg per L/min.
    r_venous: f64,
    /// Patient volume at which CVP is zero, mL.
    v_unstressed_ml: f64,
    /// Venous compliance, mL/mmHg.
    c_venous_ml_per_mmhg: f64,
    /// Share of cerebral air going right (brachiocephalic trunk first).
    air_right_share: f64,
    /// Whether this heart fibrillates when it reanimates.
    fibrillates_on_reperfusion: bool,
    hct_pre_pct: f64,
    /// Extracellular fluid volume, L (for electrolyte and bicarbonate doses).
    ecf_l: f64,
    /// Fraction of blood that passes a clean membrane without equilibrating.
    membrane_shunt: f64,
    /// Baseline ACT without heparin, s.
    act0_s: f64,
    /// Contractility of this heart when recovered (1 normal).
    contractility: f64,
    /// Native lung shunt fraction at PEEP 5 (ECMO).
    lung_shunt: f64,
}

/// The trainee's settings on the patient's side (the circuit's are in [`Circuit`]).
#[derive(Clone, Debug, PartialEq)]
struct Controls {
    trendelenburg: bool,
    ventilation: bool,
    pacing_per_min: f64,
    cross_clamp: bool,
    retro_svc: bool,
    svr_factor: f64,
    /// The ventilator on ECMO.
    vent: VentilatorSpec,
    /// Heparin infusion on ECMO, U/h.
    heparin_u_per_h: f64,
}

/// Values computed during a step that the snapshot reports.
#[derive(Clone, Debug, Default, PartialEq)]
struct Derived {
    q_pump: f64,
    q_venous: f64,
    cvp: f64,
    svr: f64,
    native_co: f64,
    heart_rate: f64,
    ca_post: f64,
    ca_patient: f64,
    post_po2: f64,
    pa_o2: f64,
    svo2_pct: f64,
    pv_o2: f64,
    post_pco2: f64,
    pa_co2: f64,
    o2_transfer: f64,
    co2_removal: f64,
    do2: f64,
    vo2: f64,
    t_art: f64,
    t_ven: f64,
    art_line: f64,
    post_oxy: f64,
    venous_line: f64,
    act_s: f64,
    rso2_left: f64,
    rso2_right: f64,
    sweep_delivered: f64,
    /// Arterial PO2 reaching the upper body (the brain): on VA, the right hand's.
    pa_o2_upper: f64,
    /// Native stroke volume, mL.
    stroke_volume_ml: f64,
    /// What only ECMO monitors show.
    ecmo: ecmo_patient::EcmoDerived,
}

/// The simulated patient and circuit.
#[derive(Clone, Debug)]
pub struct Sim {
    seed: u64,
    tick: Tick,
    /// The circuit attached to the patient, with its own state and settings.
    circuit: Circuit,
    limits: AlarmLimits,
    p: Params,
    ctl: Controls,

    // Blood volumes (mL) and red-cell volumes (mL) by compartment.
    patient_ml: f64,
    patient_rbc_ml: f64,

    // Air.
    air_delivered_ml: f64,
    cerebral_air_left_ml: f64,
    cerebral_air_right_ml: f64,

    // Gases and metabolism.
    map_mmhg: f64,
    cv_o2_ml_dl: f64,
    pv_co2_mmhg: f64,
    lactate_mmol_l: f64,
    be_mmol_l: f64,
    sjvo2_left: f64,
    sjvo2_right: f64,
    ischaemia_37_min: f64,
    /// Nasopharyngeal temperature rise over about the last minute, °C/min.
    rewarming_c_per_min: f64,
    /// The last ACT reported by the lab, s.
    act_measured_s: Option<f64>,
    /// Plasma free haemoglobin, mg/dL (ECMO).
    free_hb_mg_dl: f64,

    // Temperatures, °C.
    t_core: f64,
    t_shell: f64,
    t_np: f64,

    // Heart.
    rhythm: Rhythm,
    contractility: f64,
    myo_k_mmol_l: f64,

    // Coagulation.
    heparin_u: f64,
    protamine_mg: f64,
    at_u: f64,
    at_deficit_applied_u: f64,
    /// Antithrombin when heparin resistance began: the fault takes a share of this, so
    /// antithrombin given during its ramp is not consumed by it.
    at_before_resistance_u: Option<f64>,

    // Drugs and electrolytes.
    drugs: [DrugState; 5],
    drug_rates: [DrugRates; 5],
    k_mmol_l: f64,
    ica_mmol_l: f64,

    faults: Vec<FaultState>,
    fault_level: [f64; FaultKind::ALL.len()],
    procedure: Option<(Procedure, Tick)>,
    labs: Vec<LabResult>,
    alarms_active: AlarmSet,
    alarms_acked: AlarmSet,
    air_seen: bool,
    events: Vec<LoggedEvent>,
    d: Derived,
    /// The heart-lung machine's other parts (cardioplegia, vent, sucker, haemoconcentrator, cell saver).
    hlm: HeartLungMachine,
    /// The cardioplegia delivery system (a timed dose, its pressure).
    plegia: plegia_delivery::PlegiaDelivery,
    /// The pulmonary circulation (PVR, PA pressure, a failing right heart).
    pulm: pulmonary::Pulmonary,
    /// The perfusion record: phase, timers, doses.
    case: phase::CaseRecord,
}

/// First-order relaxation of `x` toward `target` with time constant `tau_s`.
pub(crate) fn relax(x: f64, target: f64, tau_s: f64) -> f64 {
    x + (target - x) * (DT_SECS / tau_s).min(1.0)
}

impl Sim {
    /// Builds the patient as the scenario's start describes, with patient variability
    /// drawn from `seed`. On (or off) bypass the prime is mixed and volumes are at the
    /// drainage equilibrium for the starting flow; before bypass
    /// ([`phase::StartPhase::PreBypass`]) the patient keeps their own blood and the
    /// circuit only its clear prime.
    pub fn new(config: &ModelConfig, seed: u64) -> Self {
        let ModelConfig {
            patient,
            circuit,
            start,
            faults,
            alarms,
        } = config;
        let mut rng = noise::run_rng(seed);
        let weight = patient.weight_kg;
        let ebv = patient.ebv_ml();
        let p = Params {
            bsa_m2: patient.bsa_m2(),
            weight_kg: weight,
            svr_base: noise::vary(&mut rng, patient.svr_dyn_s_cm5, 0.08),
            vo2i_37: noise::vary(&mut rng, patient.vo2i_37_ml_min_m2, 0.06),
            // Per-seed variation (docs/scenario-format.md lists every one): SD 6 %.
            heparin_s_per_u_ml: noise::vary(&mut rng, patient.heparin_sensitivity_s_per_u_ml, 0.06),
            r_venous: noise::vary(&mut rng, 7.6, 0.06),
            // [U] Anaesthetised, vasodilated veins hold most of the volume unstressed;
            // 86 % of EBV puts the reservoir at ~1-1.5 L on full flow in a typical adult.
            v_unstressed_ml: 0.86 * ebv,
            c_venous_ml_per_mmhg: 1.1 * weight,
            air_right_share: rng.random_range(0.55..0.7),
            fibrillates_on_reperfusion: rng.random_bool(0.3),
            hct_pre_pct: patient.hct_pre_pct,
            ecf_l: 0.2 * weight + circuit.prime_ml / 1000.0,
            membrane_shunt: noise::vary(&mut rng, 0.05, 0.2),
            act0_s: patient.act_baseline_s,
            contractility: patient.contractility,
            lung_shunt: patient.lung_shunt_fraction,
        };

        let ctl = Controls {
            trendelenburg: false,
            ventilation: start.ventilation,
            pacing_per_min: 0.0,
            cross_clamp: start.cross_clamp,
            retro_svc: false,
            svr_factor: 1.0,
            vent: start.ventilator,
            heparin_u_per_h: start.heparin_u_per_h,
        };

        // Total blood and red cells after the prime and crystalloid mix in.
        let total_ml = ebv + circuit.prime_ml + start.crystalloid_ml;
        let rbc_total = ebv * patient.hct_pre_pct / 100.0;
        let hct = rbc_total / total_ml;
        let primed = if start.phase == StartPhase::PreBypass {
            Circuit::primed(circuit, start)
        } else {
            None
        };
        let (circuit_state, patient_ml, hct_patient) = if let Some(primed) = primed {
            // Before bypass the prime stays in the circuit and the patient keeps their
            // own blood (diluted only by the crystalloid already given).
            let patient_ml = ebv + start.crystalloid_ml;
            (primed, patient_ml, rbc_total / patient_ml)
        } else {
            // The circuit takes its share of the blood; the patient holds the rest.
            let (circuit_state, patient_ml) = Circuit::fill(
                circuit,
                start,
                &Fill {
                    total_ml,
                    hct,
                    v_unstressed_ml: p.v_unstressed_ml,
                    c_venous_ml_per_mmhg: p.c_venous_ml_per_mmhg,
                    r_venous: p.r_venous,
                },
            );
            (circuit_state, patient_ml, hct)
        };

        let hb = hct_patient * 100.0 / 3.0;
        let heparin_u = {
            let dose = start.heparin_u_per_kg * weight;
            // Dose-dependent elimination since the bolus (§6): t½ = 25 + 0.31·U/kg min.
            let half_life = 25.0 + 0.31 * start.heparin_u_per_kg;
            dose * libm::exp(-core::f64::consts::LN_2 * start.heparin_given_min_ago / half_life)
        };
        let plasma_pre_ml = ebv * (1.0 - patient.hct_pre_pct / 100.0);
        let drug_rates = VASOACTIVE.map(|d| {
            DrugRates::new(
                &drugs::pk(d).expect("VASOACTIVE lists only drugs with pharmacology"),
                DT_SECS,
            )
        });

        let mut sim = Self {
            seed,
            tick: 0,
            circuit: circuit_state,
            limits: alarms.clone(),
            ctl,
            patient_ml,
            patient_rbc_ml: patient_ml * hct_patient,
            air_delivered_ml: 0.0,
            cerebral_air_left_ml: 0.0,
            cerebral_air_right_ml: 0.0,
            map_mmhg: 60.0,
            cv_o2_ml_dl: blood::o2_content(hb, 42.0),
            pv_co2_mmhg: 46.0,
            lactate_mmol_l: patient.lactate_mmol_l,
            // Lactic acid already in the blood has consumed its base, mmol for mmol
            // (physiology.md §13 [S107]), just as it does during the run: the scenario's
            // base excess is the rest of the metabolic state, so a high starting
            // lactate starts with the deficit it implies, and clearing it later
            // returns base excess toward the scenario's value, not beyond it.
            be_mmol_l: patient.be_mmol_l
                - (patient.lactate_mmol_l - metabolism::LACTATE_NORMAL_MMOL_L),
            sjvo2_left: 0.6,
            sjvo2_right: 0.6,
            ischaemia_37_min: 0.0,
            rewarming_c_per_min: 0.0,
            act_measured_s: None,
            free_hb_mg_dl: ecmo_patient::FHB_START_MG_DL,
            t_core: start.temp_c,
            t_shell: start.temp_c,
            t_np: start.temp_c,
            rhythm: if start.heart_arrested {
                Rhythm::Asystole
            } else {
                Rhythm::Sinus
            },
            contractility: if start.heart_arrested { 0.0 } else { 1.0 },
            myo_k_mmol_l: if start.heart_arrested {
                20.0
            } else {
                patient.k_mmol_l
            },
            heparin_u,
            protamine_mg: 0.0,
            at_u: plasma_pre_ml * patient.antithrombin_pct / 100.0,
            at_deficit_applied_u: 0.0,
            at_before_resistance_u: None,
            drugs: [DrugState::default(); 5],
            drug_rates,
            // Plasma-Lyte prime carries 5 mmol/L K and no calcium.
            k_mmol_l: (patient.k_mmol_l * 0.2 * weight + 5.0 * circuit.prime_ml / 1000.0) / p.ecf_l,
            ica_mmol_l: 1.2 * (0.2 * weight) / p.ecf_l,
            faults: faults.iter().cloned().map(FaultState::scheduled).collect(),
            fault_level: [0.0; FaultKind::ALL.len()],
            procedure: None,
            labs: Vec::new(),
            alarms_active: AlarmSet::default(),
            alarms_acked: AlarmSet::default(),
            air_seen: false,
            events: Vec::new(),
            d: Derived::default(),
            hlm: HeartLungMachine::default(),
            plegia: plegia_delivery::PlegiaDelivery::default(),
            pulm: pulmonary::Pulmonary::default(),
            case: phase::CaseRecord::starting(start.phase, start.cross_clamp),
            p,
        };
        sim.settle(start.pump_flow_l_min);
        sim
    }

    /// The current tick.
    pub fn tick(&self) -> Tick {
        self.tick
    }

    /// The run's seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Advances the model by one tick.
    pub fn step(&mut self) {
        self.start_due_faults();
        self.step_physics();
        self.update_case();
        self.finish_procedures();
        self.report_ready_labs();
        self.evaluate_alarms();
        self.tick += 1;
    }

    /// Events since the last call, oldest first.
    pub fn drain_events(&mut self) -> std::vec::Drain<'_, LoggedEvent> {
        self.events.drain(..)
    }

    /// Lab results requested so far (pending ones included; check `is_ready`).
    pub fn labs(&self) -> &[LabResult] {
        &self.labs
    }

    /// Alarms sounding now.
    pub fn alarms_active(&self) -> AlarmSet {
        self.alarms_active
    }

    /// Active alarms not yet acknowledged.
    pub fn alarms_unacknowledged(&self) -> AlarmSet {
        AlarmSet(self.alarms_active.0 & !self.alarms_acked.0)
    }

    /// The procedure under way and the tick it ends, if any.
    pub fn procedure(&self) -> Option<(Procedure, Tick)> {
        self.procedure
    }

    /// The heart's rhythm.
    pub fn rhythm(&self) -> Rhythm {
        self.rhythm
    }

    /// Faults with their onset and clearance (for the debrief and the instructor only).
    pub fn faults(&self) -> &[FaultState] {
        &self.faults
    }

    /// The trainee-visible settings, for drawing controls.
    pub fn settings(&self) -> Settings {
        let c = &self.ctl;
        let cpb = match &self.circuit {
            Circuit::Cpb(cpb) => cpb,
            Circuit::Ecmo(ecmo) => return self.ecmo_settings(ecmo),
        };
        Settings {
            circuit_kind: self.circuit.kind(),
            pump_kind: cpb.spec.pump,
            pump_running: cpb.pump_running,
            pump_flow_set_l_min: cpb.pump_flow_set,
            pump_rpm_set: cpb.pump_rpm_set,
            hand_crank_l_min: cpb.hand_crank_l_min,
            arterial_clamped: cpb.art_clamped,
            venous_occlusion_pct: cpb.venous_occlusion_pct,
            vacuum_mmhg: cpb.vacuum_mmhg,
            sweep_l_min: cpb.sweep_l_min,
            fio2: cpb.fio2,
            water_set_c: cpb.water_set_c,
            trendelenburg: c.trendelenburg,
            ventilation: c.ventilation,
            pacing_per_min: c.pacing_per_min,
            cross_clamp: c.cross_clamp,
            retro_svc: c.retro_svc,
            infusions_per_min: VASOACTIVE.map(|d| (d, self.drug_state(d).infusion_per_min)),
            reservoir_capacity_ml: cpb.spec.reservoir_capacity_ml,
            reservoir_min_ml: cpb.spec.reservoir_min_ml,
            bsa_m2: self.p.bsa_m2,
            weight_kg: self.p.weight_kg,
            interlocks: cpb.spec.interlocks,
            ecmo: None,
        }
    }

    /// The settings of an ECMO console, in the same shape (clamps as the drainage and
    /// return lines, FiO2 as the blender's FdO2).
    fn ecmo_settings(&self, ecmo: &circuit::EcmoCircuit) -> Settings {
        let c = &self.ctl;
        Settings {
            circuit_kind: ecmo.kind,
            pump_kind: PumpKind::Centrifugal,
            pump_running: ecmo.pump_running,
            pump_flow_set_l_min: 0.0,
            pump_rpm_set: ecmo.rpm_set,
            hand_crank_l_min: ecmo.hand_crank_l_min,
            arterial_clamped: ecmo.return_clamped,
            venous_occlusion_pct: if ecmo.drainage_clamped { 100.0 } else { 0.0 },
            vacuum_mmhg: 0.0,
            sweep_l_min: ecmo.sweep_l_min,
            fio2: ecmo.fdo2,
            water_set_c: ecmo.water_set_c,
            trendelenburg: c.trendelenburg,
            ventilation: true,
            pacing_per_min: c.pacing_per_min,
            cross_clamp: false,
            retro_svc: false,
            infusions_per_min: VASOACTIVE.map(|d| (d, self.drug_state(d).infusion_per_min)),
            reservoir_capacity_ml: 0.0,
            reservoir_min_ml: 0.0,
            bsa_m2: self.p.bsa_m2,
            weight_kg: self.p.weight_kg,
            interlocks: self.interlocks(),
            ecmo: Some(EcmoSettings {
                drainage_clamped: ecmo.drainage_clamped,
                return_clamped: ecmo.return_clamped,
                vent_fio2: c.vent.fio2,
                peep_cmh2o: c.vent.peep_cmh2o,
                vent_rate_per_min: c.vent.rate_per_min,
                heparin_u_per_h: c.heparin_u_per_h,
                battery_pct: ecmo.battery_pct,
                on_battery: self.level(FaultKind::PumpPowerFailure) >= 0.5,
            }),
        }
    }

    fn drug_state(&self, drug: crate::action::Drug) -> &DrugState {
        let i = VASOACTIVE.iter().position(|d| *d == drug).unwrap_or(0);
        &self.drugs[i]
    }

    fn push_event(&mut self, event: Event) {
        self.events.push(LoggedEvent {
            tick: self.tick,
            event,
        });
    }

    fn level(&self, kind: FaultKind) -> f64 {
        self.fault_level[kind.index()]
    }

    /// The circuit attached to the patient.
    pub fn circuit(&self) -> &Circuit {
        &self.circuit
    }

    /// A centrifugal pump's speed for `flow_l_min` at the present afterload (a roller
    /// pump is set by flow and keeps its speed at zero).
    fn set_flow_by_speed(&mut self, flow_l_min: f64) {
        let nodes = self.ecmo_nodes();
        match &mut self.circuit {
            Circuit::Cpb(cpb) => {
                if cpb.spec.pump == PumpKind::Centrifugal {
                    cpb.pump_rpm_set =
                        cpb.rpm_for_flow(flow_l_min, self.map_mmhg, &self.fault_level);
                }
            }
            Circuit::Ecmo(ecmo) => {
                // Round to the console's step, as a specialist sets it.
                let rpm = ecmo.rpm_for_flow(flow_l_min, &nodes, &self.fault_level);
                ecmo.rpm_set = (rpm / 10.0).round() * 10.0;
            }
        }
    }
}
