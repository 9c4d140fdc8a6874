//! The body after the blood has moved: pressures, brain, temperatures, coagulation,
//! drugs and electrolytes.

use crate::model::blood::{self, sat_from_po2};
use crate::model::coag;
use crate::model::faults::FaultKind;
use crate::model::step::DT_MIN;
use crate::model::{Sim, relax};

/// Blood volumetric heat capacity, kJ/L/K.
const BLOOD_HEAT_KJ_PER_L_K: f64 = 3.6;
/// Mean systemic filling pressure above the model's drained central venous pressure,
/// mmHg [U] (the venous-return gradient of the small veins, Guyton).
const MSF_ABOVE_CVP_MMHG: f64 = 7.0;
/// Lowest static filling pressure with flow stopped, mmHg: the low end of the 7-15 mmHg
/// measured when patients' circulations were stopped briefly [S108].
const MSFP_FLOOR_MMHG: f64 = 7.0;
/// Tissue heat capacity, kJ/kg/K.
const TISSUE_HEAT_KJ_PER_KG_K: f64 = 3.5;

impl Sim {
    /// MAP = CVP + Q·SVR/80 with Q the pump's systemic flow plus the heart's output,
    /// reached through an arterial time constant of 1.5 s; then the circuit pressures.
    pub(super) fn update_pressures(&mut self) {
        let cvp = self.cvp();
        let svr = self.svr();
        let q_total = self.q_systemic() + self.d.native_co;
        // With flow stopped, arterial blood runs off into the veins until both sides
        // stand at the mean systemic filling pressure (Guyton; stop-flow measurements
        // in patients put it at ~7-15 mmHg [Schipke 2003]). The
        // model's CVP is the drained central pressure; the small veins that hold
        // most of the stressed volume sit ~7 mmHg above it [U], so MAP = CVP + Q·SVR/80
        // is floored at that filling pressure. It matters only below ~0.6 L/min.
        // A patient drained into the reservoir through an open venous line still keeps
        // that floor: vessels collapse rather than hold a negative pressure, and the
        // walls' tone keeps the static pressure near the low end of the measured range.
        let msfp = (cvp + MSF_ABOVE_CVP_MMHG).max(MSFP_FLOOR_MMHG);
        let target = (cvp + q_total * svr / 80.0).max(msfp);
        self.map_mmhg = relax(self.map_mmhg, target, 1.5);
        // The venous side rises to meet it: below ~0.6 L/min nothing holds the
        // arteriovenous gradient up, so the central venous pressure the monitor shows
        // approaches the same filling pressure as the MAP falls to it (Guyton 1954,
        // [S108]). Drainage still follows the drained central pressure `cvp`.
        let still = (1.0 - q_total / 0.6).clamp(0.0, 1.0);
        let cvp_shown = cvp + still * (self.map_mmhg.min(msfp) - cvp).max(0.0);

        let q = self.d.q_pump;
        // The circuit returns blood to the aorta, or to the SVC when perfusing retrograde.
        let downstream = if self.ctl.retro_svc {
            cvp.max(0.0)
        } else {
            self.map_mmhg
        };
        let (post, pre) = self
            .circuit
            .line_pressures(q, downstream, &self.fault_level);
        let d = &mut self.d;
        d.cvp = cvp_shown;
        d.svr = svr;
        d.post_oxy = post;
        d.art_line = pre;
        // Venous line pressure at the reservoir inlet: siphon and vacuum below zero.
        d.venous_line = cvp - d.q_venous * self.p.r_venous;
    }

    /// Cerebral blood flow, oxygenation and air; low-flow time.
    pub(super) fn update_brain(&mut self) {
        let hb = self.hb();
        // The brain gets the upper body's blood (on VA ECMO, the right hand's).
        let sa = sat_from_po2(if self.ctl.retro_svc {
            self.d.post_po2
        } else {
            self.d.pa_o2_upper
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
        } else if self.circuit.fio2() >= 0.9 {
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
    pub(super) fn update_temperatures(&mut self) {
        let q = self.d.q_pump.max(0.0);
        let t_ven = 0.7 * self.t_core + 0.3 * self.t_shell;
        let t_art = self.circuit.warm(q, t_ven, self.d.t_art, &self.fault_level);
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
        // The nasopharyngeal probe reads the brain and the mucosa around it: between the
        // blood reaching the brain and the core [U], so during rewarming it lags the
        // arterial outlet by degrees and rises at the body's pace (typically well under
        // 0.5 °C/min with a ≤ 4 °C gradient, Engelman 2015 [S75]) rather than jumping
        // with the outlet.
        let np_target = if q_sys + self.d.native_co > 0.3 && self.d.native_co <= q_sys {
            0.5 * t_art + 0.5 * self.t_core
        } else {
            self.t_core
        };
        // Rewarming rate of the patient as the console shows it (nasopharyngeal),
        // averaged over ~1 min: the rate Engelman 2015 [S75] limits to 0.5 °C/min.
        let np_before = self.t_np;
        self.t_np = relax(self.t_np, np_target, 180.0);
        self.rewarming_c_per_min = relax(
            self.rewarming_c_per_min,
            (self.t_np - np_before) / DT_MIN,
            60.0,
        );
        self.d.t_art = t_art;
        self.d.t_ven = t_ven;
    }

    /// Heparin elimination, protamine, antithrombin and clot growth (§6).
    pub(super) fn update_coagulation(&mut self) {
        let total_ml = self.total_blood_ml();
        if self.circuit.ecmo().is_some() {
            // ECMO doses are a tenth of bypass's: saturable kinetics (ecmo_heparin.rs).
            self.ecmo_heparin_step();
        } else {
            if self.ctl.heparin_u_per_h > 0.0 {
                self.heparin_u += self.ctl.heparin_u_per_h * DT_MIN / 60.0;
            }
            let half_life =
                coag::heparin_half_life_min(self.heparin_u / self.p.weight_kg, self.t_core);
            self.heparin_u *= libm::exp(-core::f64::consts::LN_2 * DT_MIN / half_life);
        }
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
        if self.circuit.ecmo().is_some() {
            let act = self.ecmo_act_s();
            let hazard = self.ecmo_clot_hazard_per_min(act);
            let clot = self.circuit.clot_mut();
            *clot = (*clot + hazard * (1.0 - *clot) * DT_MIN).min(1.0);
            self.d.act_s = act;
            self.update_haemolysis();
            return;
        }
        let act = self.act_now(total_ml);
        if self.case.phase == crate::model::phase::Phase::PreBypass {
            // Before bypass the circuit holds only clear crystalloid prime: there is no
            // blood in it to clot, whatever the patient's ACT.
            self.d.act_s = act;
            return;
        }
        let accel = 1.0 + 4.0 * self.level(FaultKind::AcceleratedClotting);
        let stasis = if self.d.q_pump.abs() < 1.0 { 2.0 } else { 1.0 };
        // Contact activation adds clot on its own only while anticoagulation is short:
        // fully below 400 s, none at or above the 480 s target (physiology.md §6
        // [S61, S62]), so treatment stops growth; deposited clot stays.
        let short = ((480.0 - act) / 80.0).clamp(0.0, 1.0);
        let hazard = coag::clot_hazard_per_min(act) * accel * stasis
            + 0.01 * self.level(FaultKind::AcceleratedClotting) * short;
        let clot = self.circuit.clot_mut();
        *clot = (*clot + hazard * (1.0 - *clot) * DT_MIN).min(1.0);
        self.d.act_s = act;
    }

    pub(super) fn total_blood_ml(&self) -> f64 {
        let (variable_ml, fixed_ml) = self.circuit.blood_ml();
        self.patient_ml + variable_ml + fixed_ml
    }

    pub(super) fn plasma_ml(&self) -> f64 {
        let total = self.total_blood_ml();
        let rbc = self.patient_rbc_ml + self.circuit.rbc_ml();
        (total - rbc).max(1.0)
    }

    pub(super) fn at_pct(&self) -> f64 {
        self.at_u / self.plasma_ml() * 100.0
    }

    pub(super) fn act_now(&self, total_ml: f64) -> f64 {
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
    pub(super) fn update_drugs_and_electrolytes(&mut self) {
        let w = self.p.weight_kg;
        for (state, rates) in self.drugs.iter_mut().zip(self.drug_rates.iter()) {
            state.step(rates, w);
        }
        // [U] K+ returns toward 4.0 over ~90 min (cells, kidneys); iCa toward 1.15 over 30.
        self.k_mmol_l = relax(self.k_mmol_l, 4.0, 5400.0);
        self.ica_mmol_l = relax(self.ica_mmol_l, 1.15, 1800.0);
    }
}
