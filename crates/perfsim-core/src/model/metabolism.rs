//! Gas exchange and metabolism: the oxygenator's blood mixed with the heart's, tissue
//! O2 and CO2, lactate; the heart's rhythm and output; vascular tone and drug effects.

use crate::model::blood::{self, o2_content, po2_from_content, sat_from_po2};
use crate::model::circuit::{Oxygenated, VenousBlood};
use crate::model::events::{Event, Rhythm};
use crate::model::faults::FaultKind;
use crate::model::step::DT_MIN;
use crate::model::{Sim, relax};

/// Highest whole-body O2 extraction ratio at which demand is still met (physiology.md
/// §2 gives 0.30-0.35 [U]); below the delivery that needs it, consumption is
/// `DO2 · O2ER_MAX`.
pub(crate) const O2ER_MAX: f64 = 0.35;

/// Lactate that first-order clearance settles toward, mmol/L (physiology.md §2: 0.8 at
/// the start of an uneventful run [S40]).
pub(crate) const LACTATE_NORMAL_MMOL_L: f64 = 0.8;

impl Sim {
    /// Oxygenator, native heart and lungs, tissue O2 and CO2, lactate.
    pub(super) fn exchange_gas_and_metabolise(&mut self) {
        if self.circuit.ecmo().is_some() {
            return self.exchange_gas_ecmo();
        }
        let hb = self.hb();
        let q = self.d.q_pump;
        let cv = self.cv_o2_ml_dl;

        // --- Oxygenator (§5).
        let oxy = self.circuit.oxygenate(
            &VenousBlood {
                hb_g_dl: hb,
                q_l_min: q,
                cv_o2_ml_dl: cv,
                pv_o2_mmhg: self.d.pv_o2,
                pv_co2_mmhg: self.pv_co2_mmhg,
                membrane_shunt: self.p.membrane_shunt,
            },
            &self.fault_level,
        );
        let Oxygenated {
            ca_post,
            post_pco2,
            o2_transfer,
            co2_removal,
            sweep_delivered: sweep,
        } = oxy;
        let q_blood = q.max(0.0);

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

        // Retrograde SVC blood enters the venous side directly.
        let retro_in = if self.ctl.retro_svc {
            q_blood * 10.0 * (ca_post - cv)
        } else {
            0.0
        };
        let co2_oxy = if self.ctl.retro_svc { 0.0 } else { co2_removal };
        let (do2, vo2) = self.metabolise(hb, q_tot, ca_pat, retro_in, co2_oxy, lung_co2);

        let d = &mut self.d;
        d.ca_post = ca_post;
        d.ca_patient = ca_pat;
        let post_po2 = po2_from_content(ca_post, hb);
        d.pv_o2 = po2_from_content(self.cv_o2_ml_dl, hb);
        d.pa_o2 = if q_tot <= 1e-3 {
            d.pv_o2
        } else if co > 1e-3 {
            po2_from_content(ca_pat, hb)
        } else {
            post_po2
        };
        d.svo2_pct = 100.0 * sat_from_po2(d.pv_o2);
        // The inline sensor reads the blood in its cell: with no forward flow through it
        // that blood stands still and the reading goes stale (it does not equilibrate
        // with the sweep gas in seconds); it is fresh again once blood moves.
        if q_blood > 0.05 || d.post_po2 == 0.0 {
            d.post_po2 = post_po2;
            d.post_pco2 = post_pco2;
        }
        d.pa_co2 = pa_co2;
        d.o2_transfer = o2_transfer;
        d.co2_removal = co2_oxy;
        d.do2 = do2;
        d.vo2 = vo2;
        d.sweep_delivered = sweep;
        d.pa_o2_upper = d.pa_o2;
    }

    /// Tissue O2 and CO2, lactate and base excess for one tick, given the systemic
    /// flow `q_tot` (L/min) of arterial blood at `ca_pat` mL/dL, O2 added straight to
    /// the venous side (`retro_in`, mL/min) and CO2 taken out by the oxygenator and the
    /// lungs (mL/min). Shared by every circuit kind. Returns (DO2, VO2), mL/min.
    pub(super) fn metabolise(
        &mut self,
        hb: f64,
        q_tot: f64,
        ca_pat: f64,
        retro_in: f64,
        co2_oxy: f64,
        lung_co2: f64,
    ) -> (f64, f64) {
        let cv = self.cv_o2_ml_dl;
        // --- Tissue O2 (docs/physiology.md "Oxygen consumption"; Schumacker & Cain 1987,
        // Ranucci 2005). Demand scales with temperature (Q10 = 2). It is met in full
        // while delivery covers it at an extraction up to O2ERmax; below that critical
        // delivery (DO2crit = demand / O2ERmax) consumption is supply-dependent,
        // VO2 = DO2 · O2ERmax. The venous content then follows by Fick (the venous pool
        // balance below). With little or no flow (< 0.5 L/min/m², the low-flow threshold
        // of the arrest budget) tissue also draws on the blood standing in its
        // capillaries until its saturation nears ~30 % (critical venous PO2 ~20 mmHg),
        // so SvO2 falls during an arrest instead of freezing where the flow stopped.
        let demand = self.p.vo2i_37 * self.p.bsa_m2 * libm::pow(2.0, (self.t_core - 37.0) / 10.0);
        let do2 = q_tot * 10.0 * ca_pat;
        let supplied = O2ER_MAX * do2;
        let stagnation = (1.0 - q_tot / (0.5 * self.p.bsa_m2)).clamp(0.0, 1.0);
        let vo2 = if supplied >= demand {
            demand
        } else {
            let sat_pool = if hb > 0.1 {
                cv / (blood::HUFNER_ML_PER_G * hb)
            } else {
                0.0
            };
            let pool = demand * stagnation * ((sat_pool - 0.3) / 0.25).clamp(0.0, 1.0);
            (supplied + pool).min(demand)
        };
        let debt_i = (demand - vo2) / self.p.bsa_m2;
        // Venous pool O2 balance: arterial in, venous out, consumption. Retrograde SVC
        // blood enters the venous side directly.
        let v_dl = self.patient_ml / 100.0;
        let dcv = (q_tot * 10.0 * (ca_pat - cv) + retro_in - vo2) / v_dl * DT_MIN;
        self.cv_o2_ml_dl = (cv + dcv).max(0.0);

        // CO2 stores: ~0.55 mL/mmHg/kg of fast-equilibrating stores [U], RQ 0.8.
        let vco2 = 0.8 * vo2;
        let c_co2 = 0.55 * self.p.weight_kg;
        self.pv_co2_mmhg =
            (self.pv_co2_mmhg + (vco2 - co2_oxy - lung_co2) / c_co2 * DT_MIN).clamp(5.0, 200.0);

        // Lactate (§2): production ∝ O2 debt, calibrated so DO2i 20 % below critical for
        // 60 min gives ~3.7 mmol/L (the 3-4 of physiology.md §2) with the default demand;
        // first-order clearance toward 0.8, slower when cold.
        let lactate_before = self.lactate_mmol_l;
        let clearance_tau_min = 60.0 * libm::pow(2.0, (37.0 - self.t_core) / 10.0);
        self.lactate_mmol_l += (0.005 * debt_i
            - (self.lactate_mmol_l - LACTATE_NORMAL_MMOL_L) / clearance_tau_min)
            * DT_MIN;
        self.lactate_mmol_l = self.lactate_mmol_l.max(0.3);
        // (LACTATE_NORMAL_MMOL_L is where clearance settles; see `Sim::new` for the BE.)
        // Each mmol/L of lactic acid consumes a mmol/L of base (§13).
        self.be_mmol_l -= self.lactate_mmol_l - lactate_before;
        (do2, vo2)
    }

    /// Rhythm, contractility, rate and native output.
    pub(super) fn update_heart(&mut self) {
        // Myocardial K+: cardioplegia raises it; coronary flow (cross-clamp off) washes
        // it out in minutes, non-coronary collaterals in about an hour.
        let washout_tau_s = if self.ctl.cross_clamp {
            self.hlm.clamp_washout_tau_s
        } else {
            180.0
        };
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
            let was_arrested = self.rhythm == Rhythm::Asystole;
            self.rhythm = new_rhythm;
            self.push_event(Event::RhythmChanged { rhythm: new_rhythm });
            if was_arrested {
                self.note_rhythm_under_clamp(new_rhythm);
            }
        }

        // Contractility recovers over ~8 min of reperfusion, less what distension
        // under the clamp stunned (`distension.rs`); calcium, catecholamines and
        // temperature modulate it.
        let target = if self.rhythm == Rhythm::Asystole || self.ctl.cross_clamp {
            0.0
        } else {
            1.0 - self.distension_stun()
        };
        self.contractility = relax(self.contractility, target, 480.0);
        let ca_factor = (self.ica_mmol_l / 1.1).clamp(0.6, 1.1);
        let temp_factor = (1.0 - 0.04 * (37.0 - self.t_core).max(0.0)).max(0.2);
        let ino = 1.0 + self.inotropy();
        let mut c = self.contractility * self.p.contractility * ca_factor * temp_factor * ino;
        let worse = self.level(FaultKind::HeartWorsening);
        if worse > 0.0 {
            c *= 1.0 - 0.8 * worse;
        }

        let rate = match self.rhythm {
            Rhythm::Sinus => self.intrinsic_rate(),
            Rhythm::Paced => self.ctl.pacing_per_min.max(self.intrinsic_rate()),
            Rhythm::Vf | Rhythm::Asystole => 0.0,
        };
        // Frank-Starling filling from CVP and an afterload penalty [U]: a normal heart
        // gives ~4-5 L/min at CVP 10 and MAP 70, and little while drained on bypass.
        // The heart fills from the patient's venous volume, not from the blood a failing
        // right ventricle has dammed back (`pulmonary.rs`).
        let cvp = (self.filling_mmhg() - self.pulm.congestion_mmhg).max(0.0);
        let fill = if self.circuit.ecmo().is_some() {
            // An ICU patient's heart, filled and beating for hours, is less steeply
            // preload-dependent than a heart coming off bypass [U].
            cvp / (cvp + 6.0)
        } else {
            cvp * cvp / (cvp * cvp + 64.0)
        };
        let afterload = 1.0 / (1.0 + (self.map_mmhg - 70.0).max(0.0) / 100.0);
        let sv_ml = 80.0 * c * fill * afterload;
        let co_filled = rate * sv_ml / 1000.0;
        // The right ventricle must push it through the lungs: a high PVR (a protamine
        // reaction's pulmonary vasoconstriction) limits it (`pulmonary.rs`).
        let co = self.through_the_lungs(co_filled);
        self.d.heart_rate = rate;
        self.d.native_co = co;
        self.d.stroke_volume_ml = if co < co_filled {
            co * 1000.0 / rate
        } else {
            sv_ml
        };
    }

    pub(super) fn intrinsic_rate(&self) -> f64 {
        let epi = self.drug_effect(crate::action::Drug::Epinephrine, |pk| pk.inotropy_emax);
        // A critically ill patient on ECMO (sepsis, ARDS, shock) runs faster than an
        // anaesthetised one on bypass [U].
        let base = if self.circuit.ecmo().is_some() {
            100.0
        } else {
            85.0
        };
        (base - 4.0 * (37.0 - self.t_core).max(0.0) + 25.0 * epi).clamp(30.0, 150.0)
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
        // [U] Vasoplegia blunts catecholamines (receptor down-regulation) but does not
        // abolish them: a 100 µg phenylephrine bolus still lifts MAP 10-35 mmHg [S42].
        let blunting = 1.0 - 0.4 * plegia;
        let catechol = (self.drug_effect(Drug::Phenylephrine, |pk| pk.svr_emax)
            + self.drug_effect(Drug::Norepinephrine, |pk| pk.svr_emax)
            + self.drug_effect(Drug::Epinephrine, |pk| pk.svr_emax))
            * blunting;
        let vasopressin = self.drug_effect(Drug::Vasopressin, |pk| pk.svr_emax);
        // A protamine reaction dilates the systemic vessels (its pulmonary part is in
        // the heart's output, `update_heart`).
        let reaction = 1.0 - 0.5 * self.level(FaultKind::ProtamineReaction);
        (self.p.svr_base
            * self.ctl.svr_factor
            * temp
            * viscosity
            * (1.0 - loss)
            * (1.0 + catechol + vasopressin)
            * reaction)
            .clamp(150.0, 5000.0)
    }

    pub(super) fn drug_effect(
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

    pub(super) fn inotropy(&self) -> f64 {
        use crate::action::Drug;
        self.drug_effect(Drug::Epinephrine, |pk| pk.inotropy_emax)
            + self.drug_effect(Drug::Norepinephrine, |pk| pk.inotropy_emax)
    }
}
