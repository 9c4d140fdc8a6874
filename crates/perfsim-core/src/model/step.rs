//! One tick of physics, in the order blood moves: pump, drainage, volumes and air,
//! oxygenator, heart, tissues, pressures, brain, heat, coagulation, drugs, alarms.

use crate::model::alarms::{Alarm, AlarmSet};
use crate::model::blood::{self, o2_content, po2_from_content, sat_from_po2};
use crate::model::coag;
use crate::model::config::PumpKind;
use crate::model::events::{Event, Procedure, Rhythm};
use crate::model::faults::FaultKind;
use crate::model::snapshot::{Signal, Snapshot};
use crate::model::{CENTRIFUGAL_A, CENTRIFUGAL_B, Sim};
use crate::time::DT_SECS;

/// mL per L/min per tick.
const ML_PER_LPM_TICK: f64 = 1000.0 / 60.0 * DT_SECS;
const DT_MIN: f64 = DT_SECS / 60.0;
/// Blood volumetric heat capacity, kJ/L/K.
const BLOOD_HEAT_KJ_PER_L_K: f64 = 3.6;
/// Tissue heat capacity, kJ/kg/K.
const TISSUE_HEAT_KJ_PER_KG_K: f64 = 3.5;
/// Arterial line volume between pump and cannula, mL (air moves through it with flow).
const ARTERIAL_LINE_ML: f64 = 250.0;
/// Arterial line pressure at which tubing or a connector gives way, mmHg.
const LINE_BURST_MMHG: f64 = 600.0;
/// Air in the line above which the bubble detector sees it, mL.
const BUBBLE_DETECT_ML: f64 = 0.05;

/// First-order relaxation of `x` toward `target` with time constant `tau_s`.
fn relax(x: f64, target: f64, tau_s: f64) -> f64 {
    x + (target - x) * (DT_SECS / tau_s).min(1.0)
}

impl Sim {
    /// Starts faults whose onset is due and refreshes every kind's level.
    pub(super) fn start_due_faults(&mut self) {
        let tick = self.tick;
        let mut snapshot = None;
        let mut started = Vec::new();
        for i in 0..self.faults.len() {
            let needs_signal = !matches!(
                self.faults[i].spec.onset,
                crate::model::faults::Onset::AtSecs(_)
            );
            if needs_signal && snapshot.is_none() && tick.is_multiple_of(crate::time::TICKS_PER_SEC)
            {
                snapshot = Some(self.snapshot());
            }
            let due = {
                let snap = snapshot.as_ref();
                self.faults[i].due(tick, |s| snap.map_or(f64::NAN, |x| x.value(s)))
            };
            if due {
                self.faults[i].onset_tick = Some(tick);
                started.push(self.faults[i].spec.kind);
            }
        }
        for kind in started {
            self.push_event(Event::FaultOnset { kind });
        }
        self.fault_level = [0.0; FaultKind::ALL.len()];
        for f in &self.faults {
            let l = f.level(tick);
            let slot = &mut self.fault_level[f.spec.kind.index()];
            *slot = slot.max(l);
        }
    }

    /// The physics of one tick (no events about faults, procedures or labs).
    pub(super) fn step_physics(&mut self) {
        let q = self.pump_flow();
        self.move_blood(q);
        self.exchange_gas_and_metabolise();
        self.update_pressures();
        self.update_brain();
        self.update_temperatures();
        self.update_coagulation();
        self.update_drugs_and_electrolytes();
    }

    /// Arterial pump flow this tick, L/min (negative: backflow through a stopped
    /// centrifugal pump).
    fn pump_flow(&mut self) -> f64 {
        let changing_oxygenator = matches!(self.procedure, Some((Procedure::OxygenatorChange, _)));
        let powered = self.level(FaultKind::PumpPowerFailure) < 0.5;
        let motor_on = self.ctl.pump_running && powered && !changing_oxygenator;
        let q = if changing_oxygenator || self.ctl.art_clamped {
            0.0
        } else if motor_on {
            match self.circuit.pump {
                PumpKind::Roller => self.ctl.pump_flow_set,
                PumpKind::Centrifugal if self.pump_deprimed => 0.0,
                PumpKind::Centrifugal => self.centrifugal_flow(self.ctl.pump_rpm_set),
            }
        } else if self.ctl.hand_crank_l_min > 0.0 {
            self.ctl.hand_crank_l_min
        } else if self.circuit.pump == PumpKind::Centrifugal && !self.pump_deprimed {
            // A stopped centrifugal head is not occlusive: the patient's pressure drives
            // blood backwards unless the line is clamped.
            self.centrifugal_flow(0.0).max(-1.5)
        } else {
            0.0
        };
        if !motor_on && self.ctl.pump_running && !powered {
            // Power lost: the console shows the pump stopped.
            self.ctl.pump_running = false;
        }
        q
    }

    /// Solves pump head = MAP + circuit drops for a centrifugal pump.
    fn centrifugal_flow(&self, rpm: f64) -> f64 {
        let head0 = CENTRIFUGAL_A * rpm * rpm;
        let net = head0 - self.map_mmhg;
        // Drops ≈ r1·Q + r2·Q²; take them at a nominal flow for the quadratic's coefficients.
        let (o, f, c) = self.circuit_drops(5.0);
        let r2 = (o + f + c) / 25.0 * 0.5 + CENTRIFUGAL_B;
        let r1 = (o + f + c) / 5.0 * 0.5;
        let mag = (-r1 + libm::sqrt(r1 * r1 + 4.0 * r2 * net.abs())) / (2.0 * r2);
        if net >= 0.0 { mag } else { -mag }
    }

    /// Venous drainage, reservoir balance, red cells, bleeding and air.
    fn move_blood(&mut self, q_pump: f64) {
        let cvp = self.cvp();
        let airlock = self.level(FaultKind::VenousAirLock);
        // Drainage conductance falls in proportion to the clamp's occlusion [U].
        let open = 1.0 - self.ctl.venous_occlusion_pct / 100.0;
        // Veins collapse around the cannula as the patient empties: drainage fades
        // over the last ±200 mL around the unstressed volume (the "chatter" zone).
        let collapse =
            ((self.patient_ml - (self.p.v_unstressed_ml - 200.0)) / 400.0).clamp(0.0, 1.0);
        let drive = cvp + self.circuit.siphon_mmhg * (1.0 - airlock) + self.ctl.vacuum_mmhg;
        let q_venous =
            (drive.max(0.0) / self.p.r_venous * collapse * open * (1.0 - 0.97 * airlock)).max(0.0);

        let bleed_l_min = 0.5 * self.level(FaultKind::Bleeding);
        // Cardiotomy suction returns half of what is shed to the reservoir.
        let suction_l_min = 0.5 * bleed_l_min;

        let hct_patient = self.patient_rbc_ml / self.patient_ml.max(1.0);
        let circuit_ml = self.reservoir_ml + self.circuit.circuit_volume_ml;
        let hct_circuit = self.circuit_rbc_ml / circuit_ml.max(1.0);

        let v_in = (q_venous + suction_l_min) * ML_PER_LPM_TICK;
        let mut v_out = q_pump.max(0.0) * ML_PER_LPM_TICK;
        let v_back = (-q_pump).max(0.0) * ML_PER_LPM_TICK;
        let available = self.reservoir_ml + v_in + v_back;
        let mut air_ml = 0.0;
        if v_out > available {
            let deficit = v_out - available;
            match self.circuit.pump {
                // An occlusive roller keeps pumping: what blood is missing, air replaces.
                PumpKind::Roller => air_ml = deficit,
                // Air reaches the centrifugal head, which de-primes after a small bolus.
                PumpKind::Centrifugal => {
                    air_ml = deficit.min(5.0);
                    if !self.pump_deprimed {
                        self.pump_deprimed = true;
                        self.push_event(Event::PumpDeprimed);
                    }
                }
            }
            v_out = available;
        }
        // What reaches the patient as blood; the rest of the stroke volume was air.
        let q_blood = if q_pump > 0.0 {
            v_out / ML_PER_LPM_TICK
        } else {
            q_pump
        };

        let rbc_in = q_venous * ML_PER_LPM_TICK * hct_patient
            + suction_l_min * ML_PER_LPM_TICK * hct_patient
            + v_back * hct_patient;
        let rbc_out = v_out * hct_circuit;
        self.reservoir_ml = (self.reservoir_ml + v_in + v_back - v_out).max(0.0);
        self.circuit_rbc_ml = (self.circuit_rbc_ml + rbc_in - rbc_out).max(0.0);
        let bleed_ml = bleed_l_min * ML_PER_LPM_TICK;
        if bleed_ml > 0.0 {
            // Blood lost to the field (not the half suction returns) carries its share
            // of heparin and antithrombin out of the body.
            let lost = (bleed_l_min - suction_l_min) * ML_PER_LPM_TICK / self.total_blood_ml();
            self.heparin_u *= 1.0 - lost;
            self.at_u *= 1.0 - lost;
        }
        let v_p_out = q_venous * ML_PER_LPM_TICK + bleed_ml + v_back;
        self.patient_ml = (self.patient_ml + v_out - v_p_out).max(500.0);
        self.patient_rbc_ml = (self.patient_rbc_ml + rbc_out - (v_p_out) * hct_patient).max(0.0);

        // Air: entry on the arterial side while blood flows, then carried to the patient.
        let entry = self.level(FaultKind::AirEntry);
        if entry > 0.0 && q_pump > 0.2 {
            air_ml += 3.0 * entry * DT_SECS;
        }
        self.air_in_line_ml += air_ml;
        if q_pump > 0.0 && self.air_in_line_ml > 0.0 {
            let frac = (q_pump * ML_PER_LPM_TICK / ARTERIAL_LINE_ML).min(1.0);
            let moved = self.air_in_line_ml * frac;
            self.air_in_line_ml -= moved;
            if self.ctl.retro_svc {
                // Pumped into the SVC the air returns to the venous line, not the brain.
            } else {
                self.air_delivered_ml += moved;
                // About a fifth of arterial air reaches the head; steep head-down keeps
                // most of it out [S80, U].
                let to_brain = moved * if self.ctl.trendelenburg { 0.04 } else { 0.2 };
                self.cerebral_air_right_ml += to_brain * self.p.air_right_share;
                self.cerebral_air_left_ml += to_brain * (1.0 - self.p.air_right_share);
            }
        }
        if self.air_in_line_ml < 1e-4 {
            self.air_in_line_ml = 0.0;
        }
        self.d.q_pump = q_blood;
        self.d.q_venous = q_venous;
    }

    /// CVP from the patient's stressed volume; head-down adds a little.
    pub(super) fn cvp(&self) -> f64 {
        let stressed = (self.patient_ml - self.p.v_unstressed_ml) / self.p.c_venous_ml_per_mmhg;
        stressed.max(-3.0) + if self.ctl.trendelenburg { 3.0 } else { 0.0 }
    }

    fn hb(&self) -> f64 {
        // MCHC 33 g/dL: Hb ≈ Hct/3.
        self.patient_rbc_ml / self.patient_ml.max(1.0) * 100.0 / 3.0
    }

    /// Systemic flow through the patient's arteries from the pump, L/min.
    fn q_systemic(&self) -> f64 {
        if self.ctl.retro_svc {
            0.0
        } else {
            self.d.q_pump
        }
    }

    /// Oxygenator, native heart and lungs, tissue O2 and CO2, lactate.
    fn exchange_gas_and_metabolise(&mut self) {
        let hb = self.hb();
        let q = self.d.q_pump;
        let cv = self.cv_o2_ml_dl;

        // --- Oxygenator (§5). A fraction (1 − shunt) of the blood meets the gas and
        // closes 80 % of the PO2 gap to it (diffusion limit); the rest passes unchanged.
        // Shunt rises as the membrane fails or clots. Both numbers are [U], fitted to
        // the §5 slope (400-650 mmHg per unit FiO2; FiO2 0.5 gives ~200-330).
        let sweep = self.ctl.sweep_l_min * (1.0 - self.level(FaultKind::GasSupplyFailure));
        let health = (1.0 - self.level(FaultKind::MembraneFailure)) * (1.0 - 0.7 * self.clot);
        let gas_reach = (sweep / 0.3).min(1.0);
        let shunt =
            (self.p.membrane_shunt + 0.6 * (1.0 - health) + 0.04 * (q.abs() - 6.0).max(0.0))
                .min(1.0);
        let e = (1.0 - shunt) * gas_reach;
        let pg_o2 = self.ctl.fio2 * 713.0;
        let pv_o2 = self.d.pv_o2.max(1.0);
        let c_eq = o2_content(hb, pv_o2 + 0.8 * (pg_o2 - pv_o2).max(0.0));
        let mut ca_post = cv + e * (c_eq - cv);
        let q_blood = q.max(0.0);
        let mut o2_transfer = q_blood * 10.0 * (ca_post - cv);
        // The gas cannot give more O2 than it carries.
        let o2_supply = 0.9 * sweep * 1000.0 * self.ctl.fio2;
        if o2_transfer > o2_supply && q_blood > 0.0 {
            o2_transfer = o2_supply;
            ca_post = cv + o2_supply / (q_blood * 10.0);
        }
        // CO2: venous blood → membrane → sweep gas, three conductances in series
        // (mL/min/mmHg). Steady state gives PCO2 ∝ VCO2/sweep (§5).
        let g_gas = sweep * 1000.0 / 713.0;
        // [U] 15 mL/min/mmHg makes the exhaust gas carry ~70 % of venous PCO2 at usual sweep
        // (the "efficiency" of §5), so halving sweep nearly doubles PaCO2.
        let g_membrane = 15.0 * health;
        let g_blood = q_blood * 1000.0 * 0.0045;
        let co2_removal = if g_gas > 0.0 && g_blood > 0.0 && g_membrane > 0.0 {
            self.pv_co2_mmhg / (1.0 / g_gas + 1.0 / g_membrane + 1.0 / g_blood)
        } else {
            0.0
        };
        let post_pco2 = if g_blood > 0.0 {
            self.pv_co2_mmhg - co2_removal / g_blood
        } else if g_gas > 0.0 {
            // Stagnant blood in a ventilated membrane loses its CO2.
            self.pv_co2_mmhg * 0.2
        } else {
            self.pv_co2_mmhg
        };

        // --- Native heart and lungs.
        self.update_heart();
        let co = self.d.native_co;
        let (ca_lung, pco2_lung) = if self.ctl.ventilation {
            (o2_content(hb, 200.0), self.pv_co2_mmhg.min(38.0))
        } else {
            (cv, self.pv_co2_mmhg)
        };
        let lung_co2 = if self.ctl.ventilation {
            co * 1000.0 * 0.0045 * (self.pv_co2_mmhg - pco2_lung).max(0.0)
        } else {
            0.0
        };

        // --- Patient arterial blood: pump and heart outputs mixed.
        let q_sys = self.q_systemic().max(0.0);
        let q_tot = q_sys + co;
        // With no flow at all, tissues judge extraction against the last blood they were
        // sent (the post-oxygenator content), while a sample from the patient's artery
        // is the stagnant blood itself.
        let (ca_pat, pa_co2) = if q_tot > 1e-3 {
            (
                (q_sys * ca_post + co * ca_lung) / q_tot,
                (q_sys * post_pco2 + co * pco2_lung) / q_tot,
            )
        } else {
            (ca_post, self.pv_co2_mmhg)
        };

        // --- Tissue O2 (§2). Demand scales with temperature (Q10 = 2). Supply limitation
        // follows the [U] rule DO2crit ≈ 4·VO2 with O2ERmax 0.35, expressed through the
        // extraction ratio of the blood the tissue sees rather than through DO2: with no
        // flow, DO2 = 0 would stop consumption altogether, whereas real tissue goes on
        // drawing on the blood in its capillaries until extraction reaches its limit.
        let demand = self.p.vo2i_37 * self.p.bsa_m2 * libm::pow(2.0, (self.t_core - 37.0) / 10.0);
        let er = if ca_pat > 0.1 { 1.0 - cv / ca_pat } else { 1.0 };
        let limit = ((0.35 - er) / (0.35 - 0.25)).clamp(0.0, 1.0);
        let vo2 = demand * limit;
        let debt_i = (demand - vo2) / self.p.bsa_m2;
        // Venous pool O2 balance: arterial in, venous out, consumption. Retrograde SVC
        // blood enters the venous side directly.
        let v_dl = self.patient_ml / 100.0;
        let retro_in = if self.ctl.retro_svc {
            q_blood * 10.0 * (ca_post - cv)
        } else {
            0.0
        };
        let dcv = (q_tot * 10.0 * (ca_pat - cv) + retro_in - vo2) / v_dl * DT_MIN;
        self.cv_o2_ml_dl = (cv + dcv).max(0.0);

        // CO2 stores: ~0.55 mL/mmHg/kg of fast-equilibrating stores [U], RQ 0.8.
        let vco2 = 0.8 * vo2;
        let c_co2 = 0.55 * self.p.weight_kg;
        let co2_oxy = if self.ctl.retro_svc { 0.0 } else { co2_removal };
        self.pv_co2_mmhg =
            (self.pv_co2_mmhg + (vco2 - co2_oxy - lung_co2) / c_co2 * DT_MIN).clamp(5.0, 200.0);

        // Lactate (§2): production ∝ O2 debt, calibrated so DO2i 20 % below critical for
        // 60 min gives ~3.5 mmol/L; first-order clearance toward 0.8, slower when cold.
        let lactate_before = self.lactate_mmol_l;
        let clearance_tau_min = 60.0 * libm::pow(2.0, (37.0 - self.t_core) / 10.0);
        self.lactate_mmol_l +=
            (0.0085 * debt_i - (self.lactate_mmol_l - 0.8) / clearance_tau_min) * DT_MIN;
        self.lactate_mmol_l = self.lactate_mmol_l.max(0.3);
        // Each mmol/L of lactic acid consumes a mmol/L of base (§13).
        self.be_mmol_l -= self.lactate_mmol_l - lactate_before;

        let d = &mut self.d;
        d.ca_post = ca_post;
        d.ca_patient = ca_pat;
        d.post_po2 = po2_from_content(ca_post, hb);
        d.pv_o2 = po2_from_content(self.cv_o2_ml_dl, hb);
        d.pa_o2 = if q_tot <= 1e-3 {
            d.pv_o2
        } else if co > 1e-3 {
            po2_from_content(ca_pat, hb)
        } else {
            d.post_po2
        };
        d.svo2_pct = 100.0 * sat_from_po2(d.pv_o2);
        d.post_pco2 = post_pco2;
        d.pa_co2 = pa_co2;
        d.o2_transfer = o2_transfer;
        d.co2_removal = co2_oxy;
        d.do2 = q_tot * 10.0 * ca_pat;
        d.vo2 = vo2;
        d.sweep_delivered = sweep;
    }

    /// Rhythm, contractility, rate and native output.
    fn update_heart(&mut self) {
        // Myocardial K+: cardioplegia raises it; coronary flow (cross-clamp off) washes
        // it out in minutes, non-coronary collaterals in about an hour.
        let washout_tau_s = if self.ctl.cross_clamp { 3600.0 } else { 180.0 };
        self.myo_k_mmol_l = relax(self.myo_k_mmol_l, self.k_mmol_l, washout_tau_s);
        let arrested = self.myo_k_mmol_l > 9.0 || self.k_mmol_l > 8.0;
        let new_rhythm = match self.rhythm {
            _ if arrested => Rhythm::Asystole,
            Rhythm::Asystole => {
                // Reanimation: a cold, hypokalaemic or simply unlucky heart fibrillates.
                if self.t_np < 32.0 || self.k_mmol_l < 3.0 || self.p.fibrillates_on_reperfusion {
                    Rhythm::Vf
                } else {
                    Rhythm::Sinus
                }
            }
            Rhythm::Paced if self.ctl.pacing_per_min == 0.0 => Rhythm::Sinus,
            Rhythm::Sinus if self.ctl.pacing_per_min > self.intrinsic_rate() => Rhythm::Paced,
            r => r,
        };
        if new_rhythm != self.rhythm {
            self.rhythm = new_rhythm;
            self.push_event(Event::RhythmChanged { rhythm: new_rhythm });
        }

        // Contractility recovers over ~8 min of reperfusion; calcium, catecholamines
        // and temperature modulate it.
        let target = if self.rhythm == Rhythm::Asystole || self.ctl.cross_clamp {
            0.0
        } else {
            1.0
        };
        self.contractility = relax(self.contractility, target, 480.0);
        let ca_factor = (self.ica_mmol_l / 1.1).clamp(0.6, 1.1);
        let temp_factor = (1.0 - 0.04 * (37.0 - self.t_core).max(0.0)).max(0.2);
        let ino = 1.0 + self.inotropy();
        let c = self.contractility * self.p.contractility * ca_factor * temp_factor * ino;

        let rate = match self.rhythm {
            Rhythm::Sinus => self.intrinsic_rate(),
            Rhythm::Paced => self.ctl.pacing_per_min.max(self.intrinsic_rate()),
            Rhythm::Vf | Rhythm::Asystole => 0.0,
        };
        // Frank-Starling filling from CVP and an afterload penalty [U]: a normal heart
        // gives ~4-5 L/min at CVP 10 and MAP 70, and little while drained on bypass.
        let cvp = self.cvp().max(0.0);
        let fill = cvp * cvp / (cvp * cvp + 64.0);
        let afterload = 1.0 / (1.0 + (self.map_mmhg - 70.0).max(0.0) / 100.0);
        let sv_ml = 80.0 * c * fill * afterload;
        self.d.heart_rate = rate;
        self.d.native_co = rate * sv_ml / 1000.0;
    }

    fn intrinsic_rate(&self) -> f64 {
        let epi = self.drug_effect(crate::action::Drug::Epinephrine, |pk| pk.inotropy_emax);
        (85.0 - 4.0 * (37.0 - self.t_core).max(0.0) + 25.0 * epi).clamp(30.0, 150.0)
    }

    /// SVR (dyn·s·cm⁻⁵) from baseline, temperature, viscosity, vasoplegia and drugs (§4).
    pub(super) fn svr(&self) -> f64 {
        use crate::action::Drug;
        let hct = self.patient_rbc_ml / self.patient_ml.max(1.0) * 100.0;
        // [U] Cold raises SVR ~2.5 %/°C (vasoconstriction, viscosity); viscosity ~2 % per
        // Hct point around 25 %.
        let temp = 1.0 + 0.025 * (37.0 - self.t_core);
        let viscosity = (1.0 + 0.02 * (hct - 25.0)).max(0.6);
        let plegia = self.level(FaultKind::Vasoplegia);
        let mb = self.drug_effect(Drug::MethyleneBlue, |pk| pk.svr_emax);
        let loss = 0.6 * plegia * (1.0 - mb);
        let blunting = 1.0 - 0.6 * plegia;
        let catechol = (self.drug_effect(Drug::Phenylephrine, |pk| pk.svr_emax)
            + self.drug_effect(Drug::Norepinephrine, |pk| pk.svr_emax)
            + self.drug_effect(Drug::Epinephrine, |pk| pk.svr_emax))
            * blunting;
        let vasopressin = self.drug_effect(Drug::Vasopressin, |pk| pk.svr_emax);
        (self.p.svr_base
            * self.ctl.svr_factor
            * temp
            * viscosity
            * (1.0 - loss)
            * (1.0 + catechol + vasopressin))
            .clamp(150.0, 5000.0)
    }

    fn drug_effect(
        &self,
        drug: crate::action::Drug,
        emax: impl Fn(&crate::model::drugs::Pk) -> f64,
    ) -> f64 {
        let Some(pk) = crate::model::drugs::pk(drug) else {
            return 0.0;
        };
        self.drug_state(drug)
            .emax_effect(emax(&pk), pk.svr_ec50_per_kg)
    }

    fn inotropy(&self) -> f64 {
        use crate::action::Drug;
        self.drug_effect(Drug::Epinephrine, |pk| pk.inotropy_emax)
            + self.drug_effect(Drug::Norepinephrine, |pk| pk.inotropy_emax)
    }

    /// MAP = CVP + Q·SVR/80 with Q the pump's systemic flow plus the heart's output,
    /// reached through an arterial time constant of 1.5 s; then the circuit pressures.
    fn update_pressures(&mut self) {
        let cvp = self.cvp();
        let svr = self.svr();
        let q_total = self.q_systemic() + self.d.native_co;
        let target = cvp + q_total * svr / 80.0;
        self.map_mmhg = relax(self.map_mmhg, target.max(cvp.max(0.0)), 1.5);

        let q = self.d.q_pump;
        let (oxy, filter, cannula) = self.circuit_drops(q);
        let downstream = if self.ctl.retro_svc {
            cvp.max(0.0)
        } else {
            self.map_mmhg
        };
        let roller_against_clamp = self.ctl.art_clamped
            && self.ctl.pump_running
            && self.circuit.pump == PumpKind::Roller
            && self.ctl.pump_flow_set > 0.0;
        let (post, pre) = if roller_against_clamp {
            // An occlusive pump against a clamp: pressure climbs until something gives.
            (LINE_BURST_MMHG, LINE_BURST_MMHG)
        } else if self.ctl.art_clamped && self.circuit.pump == PumpKind::Centrifugal {
            let head = CENTRIFUGAL_A * self.ctl.pump_rpm_set * self.ctl.pump_rpm_set;
            (head, head)
        } else {
            let post = downstream + (filter + cannula) * q.signum();
            (post, post + oxy * q.signum())
        };
        let d = &mut self.d;
        d.cvp = cvp;
        d.svr = svr;
        // Tubing and connectors give way beyond ~600 mmHg; the model stops there.
        d.post_oxy = post.min(LINE_BURST_MMHG);
        d.art_line = pre.min(LINE_BURST_MMHG);
        // Venous line pressure at the reservoir inlet: siphon and vacuum below zero.
        d.venous_line = cvp - d.q_venous * self.p.r_venous;
    }

    /// Cerebral blood flow, oxygenation and air; low-flow time.
    fn update_brain(&mut self) {
        let hb = self.hb();
        let sa = sat_from_po2(if self.ctl.retro_svc {
            self.d.post_po2
        } else {
            self.d.pa_o2
        });
        // CMRO2 ~46 mL/min at 37 °C, Q10 2.8 [S13]; CBF coupled to it (alpha-stat) at an
        // extraction of 0.33 for normal arterial content (16 mL/dL) [U].
        let q10 = libm::pow(2.8, (self.t_np - 37.0) / 10.0);
        let cmro2 = 46.0 * q10;
        let cbf_coupled = 871.0 * q10;
        let autoreg = if self.ctl.retro_svc {
            // Retrograde SVC perfusion keeps some oxygen coming, backwards.
            0.35 * (self.d.q_pump / 1.5).clamp(0.0, 1.0)
        } else {
            // Pressure-passive below a MAP of 50 (lower limit of autoregulation on CPB).
            ((self.map_mmhg - 10.0) / 40.0).clamp(0.0, 1.0)
        };
        let side = |air_ml: f64, sjv: f64| {
            let flow_dl = cbf_coupled * autoreg / 2.0 / (1.0 + air_ml / 0.5) / 100.0;
            let demand = cmro2 / 2.0;
            let target = if flow_dl > 1e-3 && hb > 0.1 {
                (sa - demand / (flow_dl * blood::HUFNER_ML_PER_G * hb)).max(0.12)
            } else {
                0.12
            };
            relax(sjv, target, 15.0)
        };
        self.sjvo2_left = side(self.cerebral_air_left_ml, self.sjvo2_left);
        self.sjvo2_right = side(self.cerebral_air_right_ml, self.sjvo2_right);
        self.d.rso2_left = 100.0 * (0.25 * sa + 0.75 * self.sjvo2_left);
        self.d.rso2_right = 100.0 * (0.25 * sa + 0.75 * self.sjvo2_right);

        // Cerebral air is absorbed over ~20 min (faster on 100 % O2); retrograde SVC
        // perfusion at ≥0.8 L/min flushes it in about a minute [S80].
        let tau_s = if self.ctl.retro_svc && self.d.q_pump >= 0.8 {
            45.0
        } else if self.ctl.fio2 >= 0.9 {
            720.0
        } else {
            1200.0
        };
        self.cerebral_air_left_ml = relax(self.cerebral_air_left_ml, 0.0, tau_s);
        self.cerebral_air_right_ml = relax(self.cerebral_air_right_ml, 0.0, tau_s);

        // Low or no flow (< 0.5 L/min/m²) counts toward the safe-arrest budget,
        // scaled to 37 °C-equivalent minutes: 5 min × 2.3^((37−T)/10) (§10).
        let flow_index = (self.q_systemic().max(0.0) + self.d.native_co) / self.p.bsa_m2;
        if flow_index < 0.5 {
            self.ischaemia_37_min += DT_MIN * libm::pow(2.3, (self.t_np - 37.0) / 10.0);
        }
    }

    /// Heater-cooler, heat exchanger and the core/shell/nasopharyngeal temperatures (§7).
    fn update_temperatures(&mut self) {
        let overheat = self.level(FaultKind::HeaterOverheat);
        self.t_water = relax(self.t_water, self.ctl.water_set_c + 6.0 * overheat, 60.0);
        let q = self.d.q_pump.max(0.0);
        let t_ven = 0.7 * self.t_core + 0.3 * self.t_shell;
        // Heat exchanger effectiveness falls with blood flow [U: ~0.5 at 5 L/min].
        let eps =
            (1.0 - libm::exp(-3.5 / q.max(0.1))) * (1.0 - self.level(FaultKind::HeaterFailure));
        let t_art = if q > 0.05 {
            t_ven + eps * (self.t_water - t_ven)
        } else {
            // Stagnant blood in the exchanger drifts to the water.
            relax(self.d.t_art.max(1.0), self.t_water, 60.0)
        };
        let w = self.p.weight_kg;
        let c_core = 0.35 * w * TISSUE_HEAT_KJ_PER_KG_K;
        let c_shell = 0.65 * w * TISSUE_HEAT_KJ_PER_KG_K;
        let q_sys = if self.ctl.retro_svc { 0.0 } else { q };
        let to_core = 0.7 * q_sys * BLOOD_HEAT_KJ_PER_L_K * (t_art - self.t_core);
        let to_shell = 0.3 * q_sys * BLOOD_HEAT_KJ_PER_L_K * (t_art - self.t_shell);
        let native = 0.3 * self.d.native_co * BLOOD_HEAT_KJ_PER_L_K * (self.t_shell - self.t_core);
        let conduction = 1.5 * (self.t_shell - self.t_core);
        let metabolic = self.d.vo2 * 0.0201;
        // Open chest and cold theatre: ~0.15 kJ/min/K to a 22 °C room [U].
        let loss_core = 0.1 * (self.t_core - 22.0);
        let loss_shell = 0.05 * (self.t_shell - 22.0);
        self.t_core +=
            (to_core + native + conduction + 0.7 * metabolic - loss_core) / c_core * DT_MIN;
        self.t_shell +=
            (to_shell - native - conduction + 0.3 * metabolic - loss_shell) / c_shell * DT_MIN;
        // Nasopharynx tracks the blood reaching the brain within a few minutes.
        let np_target = if q_sys + self.d.native_co > 0.3 {
            if self.d.native_co > q_sys {
                self.t_core
            } else {
                t_art
            }
        } else {
            self.t_core
        };
        self.t_np = relax(self.t_np, np_target, 180.0);
        self.d.t_art = t_art;
        self.d.t_ven = t_ven;
    }

    /// Heparin elimination, protamine, antithrombin and clot growth (§6).
    fn update_coagulation(&mut self) {
        let total_ml = self.total_blood_ml();
        let half_life = coag::heparin_half_life_min(self.heparin_u / self.p.weight_kg, self.t_core);
        self.heparin_u *= libm::exp(-core::f64::consts::LN_2 * DT_MIN / half_life);
        // Free protamine binds heparin as it meets it and is cleared in ~10 min.
        if self.protamine_mg > 0.0 {
            let bound = self.heparin_u.min(100.0 * self.protamine_mg);
            self.heparin_u -= bound;
            self.protamine_mg = relax(self.protamine_mg - bound / 100.0, 0.0, 600.0);
        }
        // Heparin resistance: antithrombin falls once, along the fault's ramp.
        let resistance = self.level(FaultKind::HeparinResistance);
        if resistance > 0.0 && self.at_before_resistance_u.is_none() {
            self.at_before_resistance_u = Some(self.at_u);
        }
        let deficit_target = 0.55 * resistance * self.at_before_resistance_u.unwrap_or(0.0);
        if deficit_target > self.at_deficit_applied_u {
            let take = deficit_target - self.at_deficit_applied_u;
            self.at_u = (self.at_u - take).max(0.0);
            self.at_deficit_applied_u = deficit_target;
        }
        let act = self.act_now(total_ml);
        let accel = 1.0 + 4.0 * self.level(FaultKind::AcceleratedClotting);
        let stasis = if self.d.q_pump.abs() < 1.0 { 2.0 } else { 1.0 };
        let hazard = coag::clot_hazard_per_min(act) * accel * stasis
            + 0.01 * self.level(FaultKind::AcceleratedClotting);
        self.clot = (self.clot + hazard * (1.0 - self.clot) * DT_MIN).min(1.0);
        self.d.act_s = act;
    }

    fn total_blood_ml(&self) -> f64 {
        self.patient_ml + self.reservoir_ml + self.circuit.circuit_volume_ml
    }

    fn plasma_ml(&self) -> f64 {
        let total = self.total_blood_ml();
        let rbc = self.patient_rbc_ml + self.circuit_rbc_ml;
        (total - rbc).max(1.0)
    }

    fn at_pct(&self) -> f64 {
        self.at_u / self.plasma_ml() * 100.0
    }

    fn act_now(&self, total_ml: f64) -> f64 {
        let hct = self.patient_rbc_ml / self.patient_ml.max(1.0) * 100.0;
        coag::act_s(
            self.p.act0_s,
            self.heparin_u / total_ml,
            self.p.heparin_s_per_u_ml,
            self.at_pct(),
            self.t_core,
            hct,
            self.p.hct_pre_pct,
        )
    }

    /// Drug compartments; potassium and calcium redistribute toward normal.
    fn update_drugs_and_electrolytes(&mut self) {
        let w = self.p.weight_kg;
        for (state, rates) in self.drugs.iter_mut().zip(self.drug_rates.iter()) {
            state.step(rates, w);
        }
        // [U] K+ returns toward 4.0 over ~90 min (cells, kidneys); iCa toward 1.15 over 30.
        self.k_mmol_l = relax(self.k_mmol_l, 4.0, 5400.0);
        self.ica_mmol_l = relax(self.ica_mmol_l, 1.15, 1800.0);
    }

    /// Ends a procedure whose time is up.
    pub(super) fn finish_procedures(&mut self) {
        let Some((procedure, end)) = self.procedure else {
            return;
        };
        if self.tick < end {
            return;
        }
        self.procedure = None;
        match procedure {
            Procedure::OxygenatorChange => {
                // A new device: the membrane and its clot are gone, but its connections
                // hold air until the line is de-aired.
                self.clear_faults(FaultKind::MembraneFailure);
                self.clot = 0.0;
                self.air_in_line_ml += 15.0;
            }
            Procedure::Deair => {
                self.air_in_line_ml = 0.0;
                self.pump_deprimed = false;
                // De-airing includes finding and closing the entry point (loose luer, open
                // vent, empty pressurised bag) while the cannula site is vented
                // (physiology.md §9 step 3, [S80, S81]); otherwise a pump restarted after
                // de-airing would go on entraining air for ever.
                self.clear_faults(FaultKind::AirEntry);
            }
        }
        self.push_event(Event::ProcedureCompleted { procedure });
    }

    /// Marks every active fault of `kind` cleared now.
    pub(super) fn clear_faults(&mut self, kind: FaultKind) -> bool {
        let tick = self.tick;
        let mut any = false;
        for f in &mut self.faults {
            if f.spec.kind == kind && f.onset_tick.is_some() && f.cleared_tick.is_none() {
                f.cleared_tick = Some(tick);
                any = true;
            }
        }
        if any {
            self.fault_level[kind.index()] = 0.0;
            self.push_event(Event::FaultCleared { kind });
        }
        any
    }

    /// Announces lab results that became ready this tick.
    pub(super) fn report_ready_labs(&mut self) {
        let tick = self.tick;
        let ready: Vec<_> = self
            .labs
            .iter()
            .filter(|l| l.ready_tick == tick)
            .map(|l| l.lab)
            .collect();
        for lab in ready {
            self.push_event(Event::LabResult { lab });
        }
    }

    /// Raises and clears alarms; trips interlocks.
    pub(super) fn evaluate_alarms(&mut self) {
        let d = &self.d;
        let limits = &self.limits;
        let flowing = d.q_pump > 0.2;
        let grad = d.t_art - d.t_ven;
        let svo2 = self.svo2_pct();
        let mut now = AlarmSet::default();
        let mut set = |alarm: Alarm, on: bool| {
            if on {
                now.insert(alarm);
            }
        };
        set(Alarm::LowLevel, self.reservoir_ml < limits.low_level_ml);
        set(Alarm::Bubble, self.air_in_line_ml > BUBBLE_DETECT_ML);
        set(Alarm::HighLinePressure, d.art_line > limits.high_line_mmhg);
        set(
            Alarm::HighArterialTemp,
            flowing && d.t_art > limits.high_arterial_c,
        );
        set(
            Alarm::TempGradient,
            flowing && (grad.abs() > 10.0 || (d.t_art >= 30.0 && grad > 4.0)),
        );
        set(Alarm::LowPo2, flowing && d.post_po2 < limits.low_po2_mmhg);
        set(
            Alarm::HighPco2,
            flowing && d.post_pco2 > limits.high_pco2_mmhg,
        );
        set(Alarm::LowSvo2, flowing && svo2 < limits.low_svo2_pct);
        set(Alarm::LowSweep, flowing && self.ctl.sweep_l_min < 0.5);
        set(Alarm::LowMap, self.map_mmhg < limits.low_map_mmhg);
        set(
            Alarm::LowRso2,
            d.rso2_left.min(d.rso2_right) < limits.low_rso2_pct,
        );

        let before = self.alarms_active;
        for alarm in now.iter() {
            if !before.contains(alarm) {
                self.push_event(Event::AlarmRaised { alarm });
            }
        }
        for alarm in before.iter() {
            if !now.contains(alarm) {
                self.push_event(Event::AlarmCleared { alarm });
            }
        }
        self.alarms_active = now;
        self.alarms_acked = AlarmSet(self.alarms_acked.0 & now.0);

        if self.air_in_line_ml > BUBBLE_DETECT_ML && !self.air_seen {
            self.air_seen = true;
            self.push_event(Event::AirInArterialLine);
        } else if self.air_in_line_ml == 0.0 {
            self.air_seen = false;
        }

        let il = self.circuit.interlocks;
        let trips = [
            (
                il.level_stop && self.reservoir_ml < self.circuit.reservoir_min_ml,
                Alarm::LowLevel,
            ),
            (il.bubble_stop && now.contains(Alarm::Bubble), Alarm::Bubble),
            (
                il.pressure_stop && now.contains(Alarm::HighLinePressure),
                Alarm::HighLinePressure,
            ),
        ];
        for (tripped, alarm) in trips {
            if tripped && self.ctl.pump_running {
                self.ctl.pump_running = false;
                self.push_event(Event::InterlockStop { alarm });
            }
        }
    }

    fn svo2_pct(&self) -> f64 {
        self.d.svo2_pct
    }

    /// Every monitored value now. Pure: calling it never changes the run.
    pub fn snapshot(&self) -> Snapshot {
        let d = &self.d;
        let hb = self.hb();
        let hct = hb * 3.0;
        let pao2 = d.pa_o2;
        let ph = blood::ph_from(self.be_mmol_l, d.pa_co2, hb);
        Snapshot {
            tick: self.tick,
            pump_flow_l_min: d.q_pump,
            pump_flow_index_l_min_m2: d.q_pump / self.p.bsa_m2,
            pump_rpm: if self.circuit.pump == PumpKind::Centrifugal && self.ctl.pump_running {
                self.ctl.pump_rpm_set
            } else {
                0.0
            },
            map_mmhg: self.map_mmhg,
            cvp_mmhg: d.cvp,
            svr_dyn_s_cm5: d.svr,
            hct_pct: hct,
            hb_g_dl: hb,
            pao2_mmhg: pao2,
            paco2_mmhg: d.pa_co2,
            sao2_pct: 100.0 * sat_from_po2(pao2),
            svo2_pct: self.svo2_pct(),
            ph,
            hco3_mmol_l: blood::hco3_from(ph, d.pa_co2),
            be_mmol_l: self.be_mmol_l,
            lactate_mmol_l: self.lactate_mmol_l,
            do2i_ml_min_m2: d.do2 / self.p.bsa_m2,
            vo2i_ml_min_m2: d.vo2 / self.p.bsa_m2,
            act_s: d.act_s,
            heparin_u_ml: self.heparin_u / self.total_blood_ml(),
            antithrombin_pct: self.at_pct(),
            temp_arterial_c: d.t_art,
            temp_venous_c: d.t_ven,
            temp_core_c: self.t_np,
            temp_bladder_c: self.t_core,
            temp_water_c: self.t_water,
            temp_gradient_c: d.t_art - d.t_ven,
            reservoir_ml: self.reservoir_ml,
            art_line_mmhg: d.art_line,
            pre_oxy_mmhg: d.art_line,
            post_oxy_mmhg: d.post_oxy,
            oxy_dp_mmhg: d.art_line - d.post_oxy,
            venous_line_mmhg: d.venous_line,
            venous_return_l_min: d.q_venous,
            sweep_l_min: self.ctl.sweep_l_min,
            fio2_pct: self.ctl.fio2 * 100.0,
            post_oxy_po2_mmhg: d.post_po2,
            post_oxy_pco2_mmhg: d.post_pco2,
            o2_transfer_ml_min: d.o2_transfer,
            co2_removal_ml_min: d.co2_removal,
            rso2_left_pct: d.rso2_left,
            rso2_right_pct: d.rso2_right,
            k_mmol_l: self.k_mmol_l,
            ica_mmol_l: self.ica_mmol_l,
            native_co_l_min: d.native_co,
            heart_rate_per_min: d.heart_rate,
            air_delivered_ml: self.air_delivered_ml,
            air_in_line_ml: self.air_in_line_ml,
            patient_volume_ml: self.patient_ml,
            ischaemia_37_min: self.ischaemia_37_min,
            clot_burden_pct: 100.0 * self.clot,
        }
    }

    /// The snapshot as monitors show it: model values plus measurement noise fixed by
    /// the seed and tick. Traces and scoring use [`Sim::snapshot`]; only screens use this.
    pub fn monitored(&self) -> Snapshot {
        let mut s = self.snapshot();
        let noisy: [(Signal, f64); 6] = [
            (Signal::Map, 0.7),
            (Signal::Cvp, 0.3),
            (Signal::Svo2, 0.3),
            (Signal::Rso2Left, 0.5),
            (Signal::Rso2Right, 0.5),
            (Signal::ArtLine, 1.0),
        ];
        for (i, (signal, sd)) in noisy.into_iter().enumerate() {
            *s.value_mut(signal) += sd * crate::model::noise::noise(self.seed, self.tick, i as u64);
        }
        s.svo2_pct = s.svo2_pct.clamp(0.0, 100.0);
        s.rso2_left_pct = s.rso2_left_pct.clamp(0.0, 100.0);
        s.rso2_right_pct = s.rso2_right_pct.clamp(0.0, 100.0);
        s
    }
}
