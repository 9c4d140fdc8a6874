//! The patient on ECMO: the circuit's blood mixed with the native circulation.
//!
//! VV (ecmo.md §5-6): the pump drains venous blood diluted by recirculated return
//! blood (Rf), and returns it to the right atrium; the effective flow (1 − Rf)·Q mixes
//! with the native venous return, and the native lung (its own shunt and ventilator)
//! finishes the job, so SaO2 follows ECMO flow / cardiac output.
//! VA (§7): the return joins the aorta; a femoral return meets the native ejection at
//! a mixing zone, so the right hand (upper body, brain) gets the native lungs' blood
//! while the femoral artery gets the circuit's (differential hypoxia).
//! Tissue O2, CO2 and lactate are the same as on bypass ([`Sim::metabolise`]).

use crate::model::Sim;
use crate::model::blood::{o2_content, po2_from_content, sat_from_po2};
use crate::model::circuit::{Nodes, Oxygenated, VenousBlood};
use crate::model::config::{Cannulation, CircuitKind};
use crate::model::faults::FaultKind;
use crate::model::step::DT_MIN;

/// Arterial compliance, mL/mmHg [U]: pulse pressure ≈ stroke volume / compliance
/// (70 mL gives ~45 mmHg).
const ARTERIAL_COMPLIANCE_ML_PER_MMHG: f64 = 1.5;
/// RA pressure a VA circuit's drainage takes off the heart's filling, mmHg per L/min [U].
const VA_UNLOADING_MMHG_PER_L_MIN: f64 = 1.2;
/// Aortic branches from the root, as shares of systemic flow [U]: coronaries,
/// brachiocephalic trunk (right arm, right radial), left carotid, left subclavian;
/// the rest is the descending aorta down to the femoral return (ecmo.md §7c).
const ROOT_SHARE: f64 = 0.05;
const BRACHIOCEPHALIC_SHARE: f64 = 0.10;
/// Share of a VAV circuit's return sent to the jugular vein [U] (ecmo.md §7c: VAV).
const VAV_VENOUS_SHARE: f64 = 0.5;
/// Haemolysis from the circuit, mg/dL/min of plasma free Hb [U, ecmo.md §9].
const FHB_THROMBUS_MG_DL_MIN: f64 = 1.2;
const FHB_SUCTION_MG_DL_MIN_PER_MMHG: f64 = 0.01;
/// Free Hb cleared by haptoglobin and the kidneys, time constant, min [U: 6-12 h].
const FHB_CLEARANCE_MIN: f64 = 480.0;
/// Plasma free Hb a patient starts ECMO with, mg/dL (< 5 normal, < 10 target).
pub(crate) const FHB_START_MG_DL: f64 = 4.0;

/// What the ECMO patient's monitors show beyond bypass's.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct EcmoDerived {
    pub pre_so2_pct: f64,
    pub post_so2_pct: f64,
    pub pre_po2: f64,
    pub pre_pco2: f64,
    pub recirculation: f64,
    pub effective_flow: f64,
    pub sao2_right_radial_pct: f64,
    pub sao2_femoral_pct: f64,
    pub pulse_pressure: f64,
    pub anti_xa: f64,
}

impl Sim {
    /// The patient's pressures at the cannula tips.
    pub(super) fn ecmo_nodes(&self) -> Nodes {
        let cvp = self.cvp();
        let return_mmhg = match self.circuit.kind() {
            CircuitKind::VaEcmo => self.map_mmhg,
            _ => cvp + 2.0,
        };
        Nodes {
            drain_mmhg: cvp,
            return_mmhg,
        }
    }

    /// The pressure filling the native heart: on VA the drainage empties the right
    /// atrium, unloading the heart as flow rises.
    pub(super) fn filling_mmhg(&self) -> f64 {
        if self.circuit.kind() == CircuitKind::VaEcmo {
            self.cvp() - VA_UNLOADING_MMHG_PER_L_MIN * self.d.q_pump.max(0.0)
        } else {
            self.cvp()
        }
    }

    /// Shunt fraction of the native lung: the scenario's disease, a little recruitment
    /// with PEEP [U], and a worsening-lung fault taking it toward 1.
    pub(super) fn lung_shunt(&self) -> f64 {
        let peep = (1.0 - 0.015 * (self.ctl.vent.peep_cmh2o - 5.0)).clamp(0.75, 1.1);
        let base = (self.p.lung_shunt * peep).clamp(0.02, 1.0);
        let worse = self.level(FaultKind::LungWorsening);
        (base + 0.9 * worse * (1.0 - base)).clamp(0.02, 1.0)
    }

    /// Recirculation fraction (VV), ecmo.md §5 [U]: rises with ECMO flow over cardiac
    /// output, short tip distance, hypovolaemia and PEEP; ~6 % at 3 and ~20 % at 5
    /// L/min with CO 6 and tips 22 cm apart (in silico 8-34 %, clinical median 14-16 %,
    /// ecmo.md §5), > 35 % with tips < 10 cm apart at 5 L/min.
    pub(super) fn recirculation(&self, q: f64, co: f64) -> f64 {
        let Some(ecmo) = self.circuit.ecmo() else {
            return 0.0;
        };
        if ecmo.kind != CircuitKind::VvEcmo || q <= 0.05 {
            return 0.0;
        }
        let ratio = (q / co.max(0.5)).min(2.0);
        let malposition = self.level(FaultKind::CannulaMalposition);
        let hypovolaemia = ((8.0 - self.cvp()) / 8.0).clamp(0.0, 1.0);
        let peep = (self.ctl.vent.peep_cmh2o - 5.0).max(0.0);
        let r = match ecmo.spec.cannulation {
            Cannulation::DualLumen => {
                0.03 + 0.3 * (ratio - 0.6).max(0.0)
                    + 0.45 * malposition
                    + 0.15 * hypovolaemia
                    + 0.005 * peep
            }
            _ => {
                let d_cm = ecmo.spec.tip_distance_cm * (1.0 - 0.8 * malposition);
                0.45 * (ratio - 0.5).max(0.0)
                    + 0.5 * libm::exp(-d_cm / 10.0)
                    + 0.15 * hypovolaemia
                    + 0.005 * peep
            }
        };
        r.clamp(0.0, 0.9)
    }

    /// The native lung for blood at `c_in` (mL/dL) and `pco2_in` flowing at `co` L/min:
    /// (arterial content, arterial PCO2, CO2 removed mL/min). End-capillary blood
    /// equilibrates with alveolar gas; shunted blood passes unchanged.
    fn native_lung(&self, hb: f64, c_in: f64, pco2_in: f64, co: f64) -> (f64, f64, f64) {
        if co < 0.01 {
            return (c_in, pco2_in, 0.0);
        }
        let fs = self.lung_shunt();
        let vent = self.ctl.vent;
        // Alveolar ventilation, L/min: rate × (Vt − dead space) of rest ventilation,
        // smaller in stiff lungs [U].
        let va = vent.rate_per_min * 0.33 * (1.0 - 0.5 * fs);
        let g_gas = va * 1000.0 / 713.0;
        let g_blood = co * (1.0 - fs) * 4.5;
        let (removed, p_cap) = if g_blood > 1e-6 && g_gas > 0.0 {
            let removed = pco2_in / (1.0 / g_gas + 1.0 / g_blood);
            (removed, pco2_in - removed / g_blood)
        } else {
            (0.0, pco2_in)
        };
        let p_alv_o2 = (vent.fio2 * 713.0 - p_cap / 0.8).max(30.0);
        let c_cap = o2_content(hb, p_alv_o2);
        (
            fs * c_in + (1.0 - fs) * c_cap,
            fs * pco2_in + (1.0 - fs) * p_cap,
            removed,
        )
    }

    /// Oxygenator, native heart and lungs, regional saturations, tissues (ECMO).
    pub(super) fn exchange_gas_ecmo(&mut self) {
        let hb = self.hb();
        let q = self.d.q_pump;
        let q_blood = q.max(0.0);
        let cv = self.cv_o2_ml_dl;
        let pv_co2 = self.pv_co2_mmhg;
        self.update_heart();
        let co = self.d.native_co;
        let va = self.circuit.kind() == CircuitKind::VaEcmo;

        // Drainage blood: venous blood plus the recirculated share of last tick's return.
        let r = self.recirculation(q, co);
        let (post_c, post_pco2_before) = if self.d.ca_post > 0.0 {
            (self.d.ca_post, self.d.post_pco2)
        } else {
            (cv, pv_co2)
        };
        // Mixed by saturation, as Rf = (SpreO2 − SvO2)/(SpostO2 − SvO2) is defined: the
        // dissolved O2 of the recirculated share (~1.5 mL/dL at a PO2 of 500) is not
        // carried over, a small loss the bedside formula also ignores.
        let sat_of = |c: f64| sat_from_po2(po2_from_content(c, hb));
        let s_v = sat_of(cv);
        let s_pre = s_v + r * (sat_of(post_c) - s_v);
        let pre_po2 = po2_at_sat(s_pre);
        let c_pre = o2_content(hb, pre_po2);
        let pco2_pre = pv_co2 + r * (post_pco2_before - pv_co2);
        let Oxygenated {
            ca_post,
            post_pco2,
            o2_transfer,
            co2_removal,
            sweep_delivered,
        } = self.circuit.oxygenate(
            &VenousBlood {
                hb_g_dl: hb,
                q_l_min: q,
                cv_o2_ml_dl: c_pre,
                pv_o2_mmhg: pre_po2,
                pv_co2_mmhg: pco2_pre,
                membrane_shunt: self.p.membrane_shunt,
            },
            &self.fault_level,
        );
        let effective = (1.0 - r) * q_blood;

        let (q_tot, ca_pat, pa_co2, lung_co2, c_rr, c_fem);
        if va {
            // The return reaches the arteries (less what a pulled-out cannula spills);
            // with a VAV limb a share goes to the right atrium, so the lungs (and the
            // heart's output to the upper body) get oxygenated blood too.
            let vav = self.circuit.ecmo().is_some_and(|e| e.vav);
            let to_vein = if vav { VAV_VENOUS_SHARE * q_blood } else { 0.0 };
            let q_sys = (q_blood - to_vein) * (1.0 - self.level(FaultKind::Decannulation));
            let frac = if co > 0.05 {
                (to_vein / co).min(1.0)
            } else {
                0.0
            };
            let c_pa = frac * ca_post + (1.0 - frac) * cv;
            let p_pa = frac * post_pco2 + (1.0 - frac) * pv_co2;
            let (ca_lung, pco2_lung, removed) = self.native_lung(hb, c_pa, p_pa, co);
            q_tot = q_sys + co;
            (ca_pat, pa_co2) = if q_tot > 1e-3 {
                (
                    (q_sys * ca_post + co * ca_lung) / q_tot,
                    (q_sys * post_pco2 + co * pco2_lung) / q_tot,
                )
            } else {
                (ca_post, pv_co2)
            };
            lung_co2 = removed;
            let central = self
                .circuit
                .ecmo()
                .is_some_and(|e| e.spec.cannulation == Cannulation::Central);
            if central || q_sys < 0.05 {
                c_rr = ca_pat;
                c_fem = ca_pat;
            } else {
                // The native ejection fills the aortic branches from the root on.
                let native_share =
                    |from: f64, width: f64| ((co - from * q_tot) / (width * q_tot)).clamp(0.0, 1.0);
                let rr = native_share(ROOT_SHARE, BRACHIOCEPHALIC_SHARE);
                let fem = native_share(0.9, 0.1);
                c_rr = rr * ca_lung + (1.0 - rr) * ca_post;
                c_fem = fem * ca_lung + (1.0 - fem) * ca_post;
            }
        } else {
            // VV: the pulmonary artery carries return blood and native venous return.
            let frac = if co > 0.05 {
                (effective / co).min(1.0)
            } else {
                0.0
            };
            let c_mix = frac * ca_post + (1.0 - frac) * cv;
            let p_mix = frac * post_pco2 + (1.0 - frac) * pv_co2;
            let (ca_lung, pco2_lung, removed) = self.native_lung(hb, c_mix, p_mix, co);
            q_tot = co;
            ca_pat = ca_lung;
            pa_co2 = pco2_lung;
            lung_co2 = removed;
            c_rr = ca_pat;
            c_fem = ca_pat;
        }
        let (do2, vo2) = self.metabolise(hb, q_tot, ca_pat, 0.0, co2_removal, lung_co2);

        let pulse_pressure = self.d.stroke_volume_ml / ARTERIAL_COMPLIANCE_ML_PER_MMHG;
        let d = &mut self.d;
        d.ca_post = ca_post;
        d.ca_patient = ca_pat;
        let post_po2 = po2_from_content(ca_post, hb);
        d.pv_o2 = po2_from_content(self.cv_o2_ml_dl, hb);
        d.pa_o2 = if q_tot <= 1e-3 {
            d.pv_o2
        } else {
            po2_from_content(ca_pat, hb)
        };
        // The regional samples are the mixed arterial blood unless the mixing zone
        // separates them (peripheral VA).
        let po2_of = |c: f64, pa: f64| {
            if c == ca_pat {
                pa
            } else {
                po2_from_content(c, hb)
            }
        };
        d.pa_o2_upper = po2_of(c_rr, d.pa_o2);
        let po2_fem = po2_of(c_fem, d.pa_o2);
        d.svo2_pct = 100.0 * sat_from_po2(d.pv_o2);
        if q_blood > 0.05 || d.post_po2 == 0.0 {
            d.post_po2 = post_po2;
            d.post_pco2 = post_pco2;
        }
        d.pa_co2 = pa_co2;
        d.o2_transfer = o2_transfer;
        d.co2_removal = co2_removal;
        d.do2 = do2;
        d.vo2 = vo2;
        d.sweep_delivered = sweep_delivered;
        let e = &mut d.ecmo;
        e.pre_so2_pct = 100.0 * sat_from_po2(pre_po2);
        e.post_so2_pct = 100.0 * sat_from_po2(post_po2);
        e.pre_po2 = pre_po2;
        e.pre_pco2 = pco2_pre;
        e.recirculation = r;
        e.effective_flow = effective;
        e.sao2_right_radial_pct = 100.0 * sat_from_po2(d.pa_o2_upper);
        e.sao2_femoral_pct = 100.0 * sat_from_po2(po2_fem);
        e.pulse_pressure = pulse_pressure;
    }

    /// Plasma free haemoglobin (ecmo.md §9): made by a thrombus in the pump head and by
    /// suction at the inlet beyond −60 mmHg, cleared over hours.
    pub(super) fn update_haemolysis(&mut self) {
        let Some(ecmo) = self.circuit.ecmo() else {
            return;
        };
        let suction = (-ecmo.p1_mmhg - 60.0).max(0.0) * FHB_SUCTION_MG_DL_MIN_PER_MMHG;
        let thrombus = FHB_THROMBUS_MG_DL_MIN * self.level(FaultKind::PumpHeadThrombus);
        // High speed at low flow shears blood in the head (ecmo.md §1: < 1 L/min).
        let low_flow = if ecmo.q_l_min.abs() < 1.0 && ecmo.pump_running && ecmo.rpm_set > 2000.0 {
            0.05
        } else {
            0.0
        };
        let baseline = FHB_START_MG_DL / FHB_CLEARANCE_MIN;
        self.free_hb_mg_dl += (baseline + suction + thrombus + low_flow
            - self.free_hb_mg_dl / FHB_CLEARANCE_MIN)
            * DT_MIN;
        // Anti-Xa is the plasma heparin level read through the patient's antithrombin.
        self.d.ecmo.anti_xa =
            super::ecmo_heparin::anti_xa_u_ml(self.plasma_heparin_u_ml(), self.at_pct());
    }

    /// Clot hazard per minute on an ECMO circuit [U]: circuits last days to weeks at
    /// ACT 180-220 s, so clot is slow unless anticoagulation is short or flow is low
    /// (ecmo.md §3a, §10).
    pub(super) fn ecmo_clot_hazard_per_min(&self, act_s: f64) -> f64 {
        let short = ((180.0 - act_s) / 60.0).clamp(0.0, 1.0);
        let low_flow = if self.d.q_pump.abs() < 1.5 { 2.0 } else { 1.0 };
        (0.00002 + 0.002 * short) * low_flow + 0.05 * self.level(FaultKind::AcceleratedClotting)
    }
}

/// PO2 at a saturation (fraction): Severinghaus's equation solved in closed form
/// (p³ + 150·p = 23400·S/(1 − S), a depressed cubic, by Cardano), so it costs two cube
/// roots a tick rather than an iteration.
fn po2_at_sat(sat: f64) -> f64 {
    let s = sat.clamp(1e-6, 1.0 - 1e-9);
    let q = 23_400.0 * s / (1.0 - s);
    let disc = libm::sqrt(q * q / 4.0 + 125_000.0);
    (libm::cbrt(q / 2.0 + disc) + libm::cbrt(q / 2.0 - disc)).max(0.5)
}
