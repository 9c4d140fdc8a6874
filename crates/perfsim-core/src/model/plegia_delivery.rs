//! The cardioplegia delivery system as on a Terumo System 1 or LivaNova S5 plegia
//! module: a blood:crystalloid ratio, a delivery flow, a heat exchanger, antegrade or
//! retrograde, the volume delivered counting up and the delivery line's pressure.
//!
//! A dose with a flow runs over volume / flow. Each tick the mixed dose (potassium by
//! mass balance from the patient's plasma and the solution's crystalloid) moves the
//! myocardium's potassium as much as the instant dose would per mL; the crystalloid
//! part returns by the coronary sinus into the venous reservoir. The delivery pressure
//! is flow × the coronary bed's resistance for the route (docs/physiology.md §11):
//!
//! - antegrade, the aortic root: 60-80 mmHg at 200-300 mL/min is the usual target
//!   (Buckberg's blood cardioplegia protocols; del Nido: 20 mL/kg at a root pressure
//!   of 100-150 mmHg before arrest, less once arrested [S88]) [U for the exact slope].
//!   The resistance rises as the heart cools (cold vasoconstriction and viscosity,
//!   ~1.5 %/°C [U]). Below ~50 mmHg the dose distributes poorly (less of the
//!   myocardium is reached per mL: distal to stenoses, the subendocardium) [U].
//! - retrograde, the coronary sinus: 30-40 mmHg at 150-200 mL/min (Menasché, Ann Thorac
//!   Surg 1982;34:647: perfusion pressure averaged 40 mmHg, safe); above 40-50 mmHg the
//!   sinus and the cardiac veins are injured (perivascular haemorrhage, oedema,
//!   rupture: the ceiling perfusionists are taught) [U for the exact resistance].
//!   Retrograde reaches the right ventricle less well (Smith, Cardiology 1993;83:331),
//!   [`PlegiaRoute::reach`].
//!
//! Nothing here runs until a dose with a flow is started: the pressure reads NaN (an
//! empty trace cell) until then, so runs without one keep their digest.

use crate::action::{PlegiaRatio, PlegiaRoute, PlegiaSolution};
use crate::model::Sim;
use crate::model::circuit::Circuit;
use crate::model::events::Event;
use crate::model::phase::PlegiaDose;
use crate::model::relax;
use crate::time::{DT_SECS, Tick};

/// Aortic root resistance of a warm (37 °C) arrested heart, mmHg per mL/min [U]:
/// 300 mL/min gives 60 mmHg warm; cold (8 °C) about 0.29, so 250 mL/min gives ~73.
const ROOT_R_37_MMHG_PER_ML_MIN: f64 = 0.2;
/// Coronary sinus resistance (warm), mmHg per mL/min [U]: 150 mL/min gives 24 mmHg
/// warm and ~34 cold, 200 mL/min ~46 cold (flagged), 250 ~57 (injury).
const SINUS_R_37_MMHG_PER_ML_MIN: f64 = 0.16;
/// Rise of the coronary resistance per °C the myocardium is below 37 [U].
const COLD_RESISTANCE_PER_C: f64 = 0.015;
/// Aortic root pressure above which the delivery is flagged, mmHg.
pub const ROOT_HIGH_MMHG: f64 = 100.0;
/// Aortic root pressure at and above which an antegrade dose distributes fully, mmHg.
pub const ROOT_LOW_MMHG: f64 = 50.0;
/// Coronary sinus pressure above which the delivery is flagged, mmHg.
pub const SINUS_HIGH_MMHG: f64 = 40.0;
/// Coronary sinus pressure above which the sinus is injured, mmHg.
pub const SINUS_INJURY_MMHG: f64 = 50.0;
/// Volume of a dose that equilibrates the whole myocardium with it, mL (as the instant
/// dose has always had it).
const FULL_DOSE_ML: f64 = 300.0;

/// One dose being delivered.
#[derive(Clone, Debug, PartialEq)]
pub struct RunningDose {
    /// When it started.
    pub start_tick: Tick,
    /// Which solution.
    pub solution: PlegiaSolution,
    /// Which route.
    pub route: PlegiaRoute,
    /// The blood:crystalloid ratio.
    pub ratio: PlegiaRatio,
    /// Delivery flow, mL/min.
    pub flow_ml_per_min: f64,
    /// Delivery temperature, °C.
    pub temp_c: f64,
    /// The volume asked for, mL.
    pub target_ml: f64,
    /// Delivered so far, mL.
    pub delivered_ml: f64,
    /// Of which crystalloid, mL.
    pub crystalloid_ml: f64,
    /// Potassium of the mixed dose, mmol/L (fixed when the dose starts).
    pub k_mmol_l: f64,
    /// Volume that reached the myocardium fully so far (less than delivered when an
    /// antegrade dose runs at too low a root pressure), mL.
    effective_ml: f64,
    /// The share of the myocardium equilibrated with the dose so far.
    share: f64,
    /// The high-pressure flag was raised in this dose.
    flagged_high: bool,
    /// The coronary sinus was injured in this dose.
    injured: bool,
}

/// A finished dose as the delivery system shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeliveredDose {
    /// Which solution.
    pub solution: PlegiaSolution,
    /// Which route.
    pub route: PlegiaRoute,
    /// The ratio.
    pub ratio: PlegiaRatio,
    /// Delivered, mL.
    pub delivered_ml: f64,
    /// Of which crystalloid, mL.
    pub crystalloid_ml: f64,
    /// Potassium of the mixed dose, mmol/L.
    pub k_mmol_l: f64,
    /// Highest delivery pressure during the dose, mmHg.
    pub peak_pressure_mmhg: f64,
}

/// The delivery system's state.
#[derive(Clone, Debug, PartialEq)]
pub struct PlegiaDelivery {
    /// The dose running now.
    pub running: Option<RunningDose>,
    /// The last dose that finished (or was stopped).
    pub last: Option<DeliveredDose>,
    /// Pressure in the delivery line now, mmHg: NaN until a timed dose has run, 0
    /// with no flow.
    pub pressure_mmhg: f64,
    /// Highest pressure of the running dose, mmHg.
    peak_mmhg: f64,
    /// The myocardium's temperature, °C: NaN until a timed dose has run (cooled by
    /// the dose, rewarmed by the non-coronary collaterals toward the core between
    /// doses).
    pub myocardial_temp_c: f64,
}

impl Default for PlegiaDelivery {
    fn default() -> Self {
        Self {
            running: None,
            last: None,
            pressure_mmhg: f64::NAN,
            peak_mmhg: 0.0,
            myocardial_temp_c: f64::NAN,
        }
    }
}

/// Delivery pressure for `flow_ml_per_min` down `route` into a myocardium at
/// `myocardial_temp_c`, mmHg.
pub fn delivery_pressure_mmhg(route: PlegiaRoute, flow_ml_per_min: f64, myo_c: f64) -> f64 {
    let r37 = match route {
        PlegiaRoute::Antegrade => ROOT_R_37_MMHG_PER_ML_MIN,
        PlegiaRoute::Retrograde => SINUS_R_37_MMHG_PER_ML_MIN,
    };
    let cold = 1.0 + COLD_RESISTANCE_PER_C * (37.0 - myo_c).max(0.0);
    flow_ml_per_min.max(0.0) * r37 * cold
}

/// Share of an antegrade dose's volume that reaches the myocardium fully at a root
/// pressure of `root_mmhg` [U]: all of it from 50 mmHg, falling to 30 % at 20 mmHg.
pub fn antegrade_distribution(root_mmhg: f64) -> f64 {
    0.3 + 0.7 * ((root_mmhg - 20.0) / (ROOT_LOW_MMHG - 20.0)).clamp(0.0, 1.0)
}

impl Sim {
    /// The cardioplegia delivery system.
    pub fn plegia_delivery(&self) -> &PlegiaDelivery {
        &self.plegia
    }

    /// Starts a timed dose (the cross-clamp is on).
    pub(super) fn start_plegia(
        &mut self,
        solution: PlegiaSolution,
        route: PlegiaRoute,
        ratio: PlegiaRatio,
        volume_ml: f64,
        temp_c: f64,
        flow_ml_per_min: f64,
    ) {
        if self.plegia.running.is_some() {
            return self.refuse("a cardioplegia dose is running: stop it first");
        }
        if self.plegia.myocardial_temp_c.is_nan() {
            self.plegia.myocardial_temp_c = self.t_core;
        }
        let k = ratio.mixed_k_mmol_l(self.k_mmol_l, solution.crystalloid_k_mmol_l());
        self.plegia.running = Some(RunningDose {
            start_tick: self.tick,
            solution,
            route,
            ratio,
            flow_ml_per_min,
            temp_c,
            target_ml: volume_ml,
            delivered_ml: 0.0,
            crystalloid_ml: 0.0,
            k_mmol_l: k,
            effective_ml: 0.0,
            share: 0.0,
            flagged_high: false,
            injured: false,
        });
        self.plegia.peak_mmhg = 0.0;
        self.hlm.clamp_washout_tau_s = solution.washout_tau_at_s(temp_c);
    }

    /// Stops the running dose (the perfusionist's stop, the dose complete, or the
    /// clamp off): what went in stays in, and the record counts it.
    pub(super) fn stop_plegia(&mut self) {
        let Some(dose) = self.plegia.running.take() else {
            return;
        };
        self.plegia.pressure_mmhg = 0.0;
        self.plegia.last = Some(DeliveredDose {
            solution: dose.solution,
            route: dose.route,
            ratio: dose.ratio,
            delivered_ml: dose.delivered_ml,
            crystalloid_ml: dose.crystalloid_ml,
            k_mmol_l: dose.k_mmol_l,
            peak_pressure_mmhg: self.plegia.peak_mmhg,
        });
        if dose.delivered_ml <= 0.0 {
            return;
        }
        self.case.doses.push(PlegiaDose {
            tick: dose.start_tick,
            solution: dose.solution,
            route: dose.route,
            volume_ml: dose.delivered_ml,
        });
        self.push_event(Event::CardioplegiaGiven {
            dose: self.case.doses.len() as u32,
            solution: dose.solution,
            route: dose.route,
            volume_ml: dose.delivered_ml,
        });
    }

    /// One tick of the delivery system: the dose's share of volume, potassium, cold
    /// and pressure; the myocardium's temperature between doses.
    pub(super) fn run_plegia(&mut self) {
        let t_core = self.t_core;
        let Some(dose) = self.plegia.running.as_mut() else {
            if !self.plegia.myocardial_temp_c.is_nan() {
                // Non-coronary collaterals (and, unclamped, the coronaries) rewarm the
                // heart toward the core over ~10 min [U].
                let tau_s = if self.ctl.cross_clamp { 600.0 } else { 120.0 };
                self.plegia.myocardial_temp_c = relax(self.plegia.myocardial_temp_c, t_core, tau_s);
            }
            return;
        };
        if !self.ctl.cross_clamp {
            // Off the clamp the root is open to the aorta: the dose ends.
            return self.stop_plegia();
        }
        let myo_c = relax(self.plegia.myocardial_temp_c, dose.temp_c, 90.0);
        self.plegia.myocardial_temp_c = myo_c;
        let pressure = delivery_pressure_mmhg(dose.route, dose.flow_ml_per_min, myo_c);
        self.plegia.pressure_mmhg = pressure;
        self.plegia.peak_mmhg = self.plegia.peak_mmhg.max(pressure);

        let dv_ml = (dose.flow_ml_per_min / 60.0 * DT_SECS).min(dose.target_ml - dose.delivered_ml);
        dose.delivered_ml += dv_ml;
        let crystalloid_ml = dv_ml * dose.ratio.crystalloid_share();
        dose.crystalloid_ml += crystalloid_ml;
        let distribution = match dose.route {
            PlegiaRoute::Antegrade => antegrade_distribution(pressure),
            PlegiaRoute::Retrograde => 1.0,
        };
        dose.effective_ml += dv_ml * distribution;
        // The share of the myocardium equilibrated rises with the effective volume as
        // the instant dose's does; each step moves the remaining gap by its part, so a
        // whole dose with no washout ends where the instant dose would.
        let share = (dose.effective_ml / FULL_DOSE_ML).min(1.0) * dose.route.reach();
        let gap = 1.0 - dose.share;
        let step = if gap > 1e-12 {
            (share - dose.share) / gap
        } else {
            0.0
        };
        dose.share = share;
        self.myo_k_mmol_l += (dose.k_mmol_l - self.myo_k_mmol_l) * step;

        let high = match dose.route {
            PlegiaRoute::Antegrade => pressure > ROOT_HIGH_MMHG,
            PlegiaRoute::Retrograde => pressure > SINUS_HIGH_MMHG,
        };
        let flag = high && !dose.flagged_high;
        dose.flagged_high |= high;
        let injure =
            dose.route == PlegiaRoute::Retrograde && pressure > SINUS_INJURY_MMHG && !dose.injured;
        dose.injured |= injure;
        let (route, temp_c, crystalloid_k) = (
            dose.route,
            dose.temp_c,
            dose.solution.crystalloid_k_mmol_l(),
        );
        let done = dose.delivered_ml >= dose.target_ml - 1e-9;

        // The crystalloid part returns by the coronary sinus to the venous reservoir
        // (what does not fit spills); its potassium joins the patient's. The blood part
        // was the circuit's own blood. The whole dose brings its cold back.
        let kept_ml = self.plegia_into_reservoir(crystalloid_ml);
        self.k_mmol_l += kept_ml / 1000.0 * crystalloid_k / self.p.ecf_l;
        let returned_ml = kept_ml + (dv_ml - crystalloid_ml);
        let c_core_kj_per_k = 0.35 * self.p.weight_kg * 3.5;
        self.t_core += returned_ml / 1000.0 * 3.6 * (temp_c - self.t_core) / c_core_kj_per_k;

        if flag {
            self.push_event(Event::PlegiaPressureHigh {
                route,
                pressure_mmhg: pressure,
            });
        }
        if injure {
            self.push_event(Event::CoronarySinusInjury {
                pressure_mmhg: pressure,
            });
        }
        if done {
            self.stop_plegia();
        }
    }

    /// Puts `volume_ml` into the reservoir up to its capacity, mL kept. (Quietly: a
    /// dose running into a full reservoir overflows at the same rate each tick.)
    fn plegia_into_reservoir(&mut self, volume_ml: f64) -> f64 {
        let Circuit::Cpb(cpb) = &mut self.circuit else {
            return 0.0;
        };
        let room = (cpb.spec.reservoir_capacity_ml - cpb.reservoir_ml).max(0.0);
        let v = volume_ml.max(0.0).min(room);
        cpb.reservoir_ml += v;
        v
    }
}
