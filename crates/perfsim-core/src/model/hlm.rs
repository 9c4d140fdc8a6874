//! The heart-lung machine's other parts, as on a Terumo System 1 or a LivaNova S5: the
//! cardioplegia delivery system, the vent and sucker pumps, the haemoconcentrator and
//! the cell saver; retrograde autologous priming; and the perfusion record's phase
//! tracking ([`super::phase`]).
//!
//! Every part is off at the start, and off it changes nothing: a scenario that never
//! touches them runs bit for bit as before they existed (the golden digest).

use crate::action::{PlegiaRoute, PlegiaSolution};
use crate::model::Sim;
use crate::model::circuit::Circuit;
use crate::model::events::{Event, Rhythm};
use crate::model::phase::{Phase, PlegiaDose};
use crate::model::step::ML_PER_LPM_TICK;
use crate::time::DT_SECS;

/// Red cells the cell saver recovers from what it collects [U: 70-90 % in practice].
const CELL_SAVER_RECOVERY: f64 = 0.8;
/// Bronchial and Thebesian return into an arrested, unvented left ventricle, as a share
/// of pump flow [U: 1-3 % of flow on bypass].
const BRONCHIAL_SHARE: f64 = 0.015;
/// Share of over-suction (sucker flow the field cannot supply) that the sucker pulls
/// out of the open heart and great vessels instead [U].
const OVERSUCTION_FROM_PATIENT: f64 = 0.3;

/// The settings and contents of the heart-lung machine's parts.
#[derive(Clone, Debug, PartialEq)]
pub struct HeartLungMachine {
    /// Vent pump flow, mL/min.
    pub vent_ml_per_min: f64,
    /// Sucker pump flow, mL/min; `None` until set: the surgeon's own field suction
    /// returns half of what is shed, as the model always had it.
    pub sucker_ml_per_min: Option<f64>,
    /// Haemoconcentrator ultrafiltrate rate, mL/min.
    pub ultrafiltration_ml_per_min: f64,
    /// Zero-balance ultrafiltration (replaced by potassium-free crystalloid).
    pub zero_balance: bool,
    /// Shed blood standing in the surgical field, mL.
    pub field_ml: f64,
    /// Blood collected by the cell saver and not yet returned, mL.
    pub cell_saver_ml: f64,
    /// Red cells in it, mL.
    pub cell_saver_rbc_ml: f64,
    /// Blood distending the left ventricle above its empty volume, mL.
    pub lv_distension_ml: f64,
    /// Minutes of full-stretch-equivalent distension under the clamp (the dose that
    /// stuns the heart, [`super::distension`]).
    pub distended_min: f64,
    /// Myocardial potassium washout time constant under the clamp, s (set by the last
    /// cardioplegia's solution; del Nido's by default).
    pub clamp_washout_tau_s: f64,
}

impl Default for HeartLungMachine {
    fn default() -> Self {
        Self {
            vent_ml_per_min: 0.0,
            sucker_ml_per_min: None,
            ultrafiltration_ml_per_min: 0.0,
            zero_balance: false,
            field_ml: 0.0,
            cell_saver_ml: 0.0,
            cell_saver_rbc_ml: 0.0,
            lv_distension_ml: 0.0,
            distended_min: 0.0,
            clamp_washout_tau_s: PlegiaSolution::DelNido.washout_tau_s(),
        }
    }
}

/// What the suckers and the vent move this tick, L/min.
pub(super) struct Suction {
    /// Into the reservoir (shed blood, vented blood, over-suction).
    pub into_circuit_l_min: f64,
    /// Of which taken straight from the patient (vent, over-suction), not shed.
    pub from_patient_l_min: f64,
    /// Shed blood that is lost from the body (not returned to the circuit), L/min.
    pub lost_l_min: f64,
}

impl Sim {
    /// The heart-lung machine's parts.
    pub fn heart_lung_machine(&self) -> &HeartLungMachine {
        &self.hlm
    }

    /// The perfusion record: phase, timers, doses, urine.
    pub fn case_record(&self) -> &crate::model::phase::CaseRecord {
        &self.case
    }

    /// The haematocrit the whole system (patient and circuit) mixes to, %: before
    /// bypass, the predicted on-bypass Hct from the patient's volume (weight, height),
    /// Hct and the prime; blood in the prime, retrograde autologous priming and
    /// ultrafiltration move it as mass balance says.
    pub fn predicted_hct_pct(&self) -> f64 {
        let (reservoir, fixed) = self.circuit.blood_ml();
        let total_ml = self.patient_ml + reservoir + fixed;
        100.0 * (self.patient_rbc_ml + self.circuit.rbc_ml()) / total_ml.max(1.0)
    }

    /// Suction this tick for `bleed_l_min` shed into the field.
    pub(super) fn suction(&mut self, bleed_l_min: f64, hct_patient: f64) -> Suction {
        let vent_l_min = self.vent_flow_l_min();
        let Some(sucker_ml_min) = self.hlm.sucker_ml_per_min else {
            // The model's original field suction: half of what is shed comes back; the
            // other half goes to the cell saver's own suction.
            let suction_l_min = 0.5 * bleed_l_min;
            let lost_ml = (bleed_l_min - suction_l_min) * ML_PER_LPM_TICK;
            self.collect_in_cell_saver(lost_ml, hct_patient);
            return Suction {
                into_circuit_l_min: suction_l_min + vent_l_min,
                from_patient_l_min: vent_l_min,
                lost_l_min: bleed_l_min - suction_l_min,
            };
        };
        self.hlm.field_ml += bleed_l_min * ML_PER_LPM_TICK;
        let want_ml = sucker_ml_min / 60.0 * DT_SECS;
        let from_field_ml = want_ml.min(self.hlm.field_ml);
        self.hlm.field_ml -= from_field_ml;
        // A sucker with nothing to take empties the field and then the open heart.
        let over_ml = if self.case.phase.on_bypass() {
            (want_ml - from_field_ml) * OVERSUCTION_FROM_PATIENT
        } else {
            0.0
        };
        // What the sucker leaves, the cell saver's suction takes over about a minute.
        let to_saver_ml = self.hlm.field_ml * (DT_SECS / 60.0);
        self.hlm.field_ml -= to_saver_ml;
        self.collect_in_cell_saver(to_saver_ml, hct_patient);
        let per_l_min = 1.0 / ML_PER_LPM_TICK;
        Suction {
            into_circuit_l_min: (from_field_ml + over_ml) * per_l_min + vent_l_min,
            from_patient_l_min: over_ml * per_l_min + vent_l_min,
            lost_l_min: bleed_l_min - from_field_ml * per_l_min,
        }
    }

    /// The vent's flow this tick, L/min: what the arrested left ventricle holds and
    /// receives, up to the vent's setting; the rest distends it.
    fn vent_flow_l_min(&mut self) -> f64 {
        let ejecting = self.d.native_co > 0.5;
        let inflow_ml = if ejecting {
            0.0
        } else {
            BRONCHIAL_SHARE * self.d.q_pump.max(0.0) * ML_PER_LPM_TICK
        };
        let mut lv = self.hlm.lv_distension_ml + inflow_ml;
        if ejecting {
            // A beating heart empties itself.
            lv -= lv * (DT_SECS / 10.0).min(1.0);
        }
        let vent_ml = (self.hlm.vent_ml_per_min / 60.0 * DT_SECS).min(lv);
        self.hlm.lv_distension_ml = (lv - vent_ml).min(400.0);
        vent_ml / ML_PER_LPM_TICK
    }

    fn collect_in_cell_saver(&mut self, volume_ml: f64, hct: f64) {
        if volume_ml > 0.0 {
            self.hlm.cell_saver_ml += volume_ml;
            self.hlm.cell_saver_rbc_ml += volume_ml * hct;
        }
    }

    /// The haemoconcentrator for one tick: plasma water out of the reservoir (while it
    /// stays above its minimum level); zero-balance puts potassium-free crystalloid back.
    pub(super) fn ultrafilter(&mut self) {
        let rate = self.hlm.ultrafiltration_ml_per_min;
        if rate <= 0.0 {
            return;
        }
        let zero_balance = self.hlm.zero_balance;
        // The haemoconcentrator is a bypass part (refused on ECMO by `Applicability`).
        let Circuit::Cpb(cpb) = &mut self.circuit else {
            return;
        };
        let want_ml = rate / 60.0 * DT_SECS;
        let floor_ml = cpb.spec.reservoir_min_ml + 100.0;
        let removed_ml = if zero_balance {
            want_ml
        } else {
            want_ml.min((cpb.reservoir_ml - floor_ml).max(0.0))
        };
        if !zero_balance {
            cpb.reservoir_ml -= removed_ml;
        } else {
            // Ultrafiltrate carries plasma potassium out; its replacement carries none.
            self.k_mmol_l *= 1.0 - removed_ml / 1000.0 / self.p.ecf_l;
        }
        self.case.ultrafiltrate_ml += removed_ml;
    }

    /// Applies a cardioplegia dose (the cross-clamp is on): potassium to the myocardium
    /// and, through the coronary sinus, to the reservoir. `temp_c` is the delivery
    /// temperature (`None`: the console's original cold del Nido, exactly as before);
    /// `ratio` the delivery system's blood:crystalloid ratio (`None`: the solution's
    /// usual one, with the figures the model always had).
    pub(super) fn deliver_cardioplegia(
        &mut self,
        solution: PlegiaSolution,
        route: PlegiaRoute,
        volume_ml: f64,
        temp_c: Option<f64>,
        ratio: Option<crate::action::PlegiaRatio>,
    ) {
        // Potassium and crystalloid by mass balance from the ratio (plegia_delivery.rs).
        let (k, crystalloid_share) = match ratio {
            Some(r) => (
                r.mixed_k_mmol_l(self.k_mmol_l, solution.crystalloid_k_mmol_l()),
                r.crystalloid_share(),
            ),
            None => (solution.k_mmol_l(), solution.crystalloid_share()),
        };
        let share = (volume_ml / 300.0).min(1.0) * route.reach();
        self.myo_k_mmol_l += (k - self.myo_k_mmol_l) * share;
        self.hlm.clamp_washout_tau_s = match temp_c {
            Some(t) => solution.washout_tau_at_s(t),
            None => solution.washout_tau_s(),
        };
        // The crystalloid part returns by the coronary sinus to the venous line, into a
        // reservoir that holds only its capacity: the rest spills. (The blood part was
        // the circuit's own blood.)
        let returned_ml = crystalloid_share * volume_ml;
        let kept_ml = self.fill_reservoir(returned_ml);
        let kept = if returned_ml > 0.0 {
            kept_ml / returned_ml
        } else {
            0.0
        };
        self.k_mmol_l += kept * volume_ml / 1000.0 * k / self.p.ecf_l;
        if let Some(t) = temp_c {
            // The crystalloid that returns carries its cold (or warmth) into the core.
            let c_core_kj_per_k = 0.35 * self.p.weight_kg * 3.5;
            self.t_core += kept_ml / 1000.0 * 3.6 * (t - self.t_core) / c_core_kj_per_k;
        }
        self.case.doses.push(PlegiaDose {
            tick: self.tick,
            solution,
            route,
            volume_ml,
        });
        self.push_event(Event::CardioplegiaGiven {
            dose: self.case.doses.len() as u32,
            solution,
            route,
            volume_ml,
        });
    }

    /// Washes what the cell saver collected and returns the red cells (Hct 55 %): into
    /// the reservoir on bypass, to the patient by the anaesthetist's line off it.
    pub(super) fn return_cell_saver(&mut self) {
        let rbc_ml = self.hlm.cell_saver_rbc_ml * CELL_SAVER_RECOVERY;
        if rbc_ml < 1.0 {
            return self.refuse("the cell saver has nothing to wash");
        }
        let volume_ml = rbc_ml / crate::action::Fluid::CellSaver.hct_fraction();
        self.hlm.cell_saver_ml = 0.0;
        self.hlm.cell_saver_rbc_ml = 0.0;
        if self.case.phase.on_bypass() {
            let v = self.fill_reservoir(volume_ml);
            if let Circuit::Cpb(cpb) = &mut self.circuit {
                cpb.circuit_rbc_ml += v * crate::action::Fluid::CellSaver.hct_fraction();
            }
        } else {
            self.patient_ml += volume_ml;
            self.patient_rbc_ml += rbc_ml;
        }
    }

    /// Retrograde autologous priming: the patient's blood runs back into the circuit
    /// and pushes as much crystalloid prime out to waste.
    pub(super) fn retrograde_autologous_prime(&mut self, volume_ml: f64) {
        if self.case.phase != Phase::PreBypass {
            return self.refuse("retrograde autologous priming is done before bypass");
        }
        let Circuit::Cpb(cpb) = &mut self.circuit else {
            return self.refuse("retrograde autologous priming is a bypass circuit's");
        };
        let room_ml = cpb.reservoir_ml - cpb.spec.reservoir_min_ml;
        if volume_ml > room_ml {
            return self.refuse("not that much crystalloid above the reservoir's minimum level");
        }
        let hct = self.patient_rbc_ml / self.patient_ml.max(1.0);
        cpb.circuit_rbc_ml += volume_ml * hct;
        self.patient_ml -= volume_ml;
        self.patient_rbc_ml -= volume_ml * hct;
    }

    /// Takes the cannulae out, after separation.
    pub(super) fn decannulate(&mut self) {
        let Circuit::Cpb(cpb) = &self.circuit else {
            return self.refuse("decannulation ends a bypass case");
        };
        let pumping = cpb.pump_running || cpb.hand_crank_l_min > 0.0;
        if !matches!(self.case.phase, Phase::OffBypass | Phase::Protamine) || pumping {
            return self.refuse("decannulate only after separation, with the pump stopped");
        }
        self.set_phase(Phase::Decannulated);
    }

    /// Follows the case from what the circuit and the team do: one tick of the
    /// perfusion record (phase, timers, urine is counted where blood moves).
    pub(super) fn update_case(&mut self) {
        // Phases are a bypass case's: another circuit kind (ECMO) keeps its start phase.
        if self.circuit.kind() != crate::model::config::CircuitKind::Cpb {
            return;
        }
        let q = self.d.q_pump;
        let clamped = self.ctl.cross_clamp;
        if self.case.phase.on_bypass() {
            self.case.pump_ticks += 1;
        }
        match (self.case.clamp_on_tick, clamped) {
            (None, true) => self.case.clamp_on_tick = Some(self.tick),
            (Some(_), false) => self.case.clamp_on_tick = None,
            _ => {}
        }
        if clamped {
            self.case.clamp_ticks += 1;
        }
        let draining = q >= 0.5 && self.d.q_venous >= 0.3;
        let ejecting = self.d.native_co >= 1.0;
        let next = match self.case.phase {
            Phase::PreBypass | Phase::OffBypass | Phase::Protamine if draining => {
                Some(Phase::Initiation)
            }
            Phase::Initiation | Phase::FullBypass | Phase::Reperfusion if clamped => {
                Some(Phase::CrossClamped)
            }
            Phase::CrossClamped if !clamped => Some(Phase::Reperfusion),
            Phase::Initiation | Phase::FullBypass | Phase::Reperfusion if q < 0.2 && ejecting => {
                Some(Phase::OffBypass)
            }
            Phase::Initiation if q >= 2.0 * self.p.bsa_m2 && self.d.native_co < 1.0 => {
                Some(Phase::FullBypass)
            }
            _ => None,
        };
        if let Some(phase) = next {
            self.set_phase(phase);
        }
        self.update_thermal();
        self.accumulate_distension_injury();
    }

    pub(super) fn set_phase(&mut self, phase: Phase) {
        if self.case.phase != phase {
            self.case.phase = phase;
            self.push_event(Event::PhaseChanged { phase });
        }
    }

    /// Electrical activity returning under the clamp is the record's "arrest lost".
    pub(super) fn note_rhythm_under_clamp(&mut self, rhythm: Rhythm) {
        if self.ctl.cross_clamp && rhythm != Rhythm::Asystole {
            self.push_event(Event::ArrestLost);
        }
    }
}
