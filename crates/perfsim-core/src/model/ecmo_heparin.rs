//! Heparin on ECMO (ecmo.md §10): an infusion of 18-20 U/kg/h after a 50-100 U/kg bolus
//! holds anti-Xa 0.3-0.7 U/mL and a low-range ACT 180-220 s within a few hours.
//!
//! Bypass's first-order model (half-life 25 + 0.31·U/kg, [`crate::model::coag`]) is
//! fitted to boluses of 300-400 U/kg; at ECMO levels it clears an infusion so fast that
//! it needed ~55 U/kg/h to hold ACT 200 s, three times the clinical dose. Heparin's
//! elimination is the sum of a saturable cellular (reticulo-endothelial) route and a
//! linear renal one (Boneu et al.; de Swart et al., Blood 1982;60:1251), so clearance
//! falls as the plasma level rises: Michaelis-Menten plus first order. The ACT on ECMO
//! is a low-range cartridge (Hemochron ACT-LR class), several times more sensitive to
//! heparin below 1 U/mL than the bypass test, which is why 180-220 s on ECMO and
//! 480 s on bypass are both reached. The bypass path does not come through here.

use crate::model::Sim;
use crate::model::coag;
use crate::model::step::DT_MIN;

/// Saturable elimination's maximum rate, U/kg/min [U]: with [`KM_U_ML`] and
/// [`LINEAR_CLEARANCE_ML_KG_MIN`] it puts the steady plasma level near 0.5 U/mL on
/// 18 U/kg/h and 0.55 on 20 U/kg/h, about a 60-90 min half-life there (Raschke's 18 U/kg/h nomogram aims at anti-Xa
/// 0.3-0.7; ecmo.md §10 [E51] starts ECMO at 18 IU/kg/h).
pub const VMAX_U_KG_MIN: f64 = 0.2;
/// Plasma level at which the saturable route runs at half its maximum, U/mL [U].
pub const KM_U_ML: f64 = 0.3;
/// Renal (first-order) clearance, mL/kg/min [U].
pub const LINEAR_CLEARANCE_ML_KG_MIN: f64 = 0.35;
/// Low-range ACT's sensitivity per U/mL of plasma heparin, as a multiple of the
/// patient's bypass (whole-blood) sensitivity [U], chosen so that the two ECMO targets
/// agree: ACT 180 s near anti-Xa 0.35 and 220 s near 0.6 U/mL from a baseline of ~125.
pub const LOW_RANGE_ACT_GAIN: f64 = 1.07;
/// Antithrombin activity (%) of normal plasma: anti-Xa assays without added
/// antithrombin read low when the patient's is low [U].
const AT_NORMAL_PCT: f64 = 100.0;

/// Heparin eliminated per minute, U/min, at a plasma level (U/mL) in a patient of
/// `weight_kg`: saturable plus linear.
pub fn elimination_u_per_min(plasma_u_ml: f64, weight_kg: f64) -> f64 {
    let c = plasma_u_ml.max(0.0);
    weight_kg * (VMAX_U_KG_MIN * c / (KM_U_ML + c) + LINEAR_CLEARANCE_ML_KG_MIN * c)
}

/// Anti-Xa (U/mL) for a plasma heparin level and antithrombin activity (%).
pub fn anti_xa_u_ml(plasma_u_ml: f64, at_pct: f64) -> f64 {
    plasma_u_ml.max(0.0) * (at_pct / AT_NORMAL_PCT).clamp(0.0, 1.2)
}

impl Sim {
    /// One tick of ECMO heparin: the infusion in, Michaelis-Menten and renal out.
    pub(super) fn ecmo_heparin_step(&mut self) {
        self.heparin_u += self.ctl.heparin_u_per_h.max(0.0) * DT_MIN / 60.0;
        let out = elimination_u_per_min(self.plasma_heparin_u_ml(), self.p.weight_kg) * DT_MIN;
        self.heparin_u = (self.heparin_u - out).max(0.0);
    }

    /// Heparin per mL of plasma (it does not enter red cells).
    pub(super) fn plasma_heparin_u_ml(&self) -> f64 {
        self.heparin_u / self.plasma_ml()
    }

    /// The low-range ACT on ECMO, s: the bypass equation (temperature, dilution,
    /// antithrombin) with the low-range test's sensitivity to plasma heparin.
    pub(super) fn ecmo_act_s(&self) -> f64 {
        let hct = self.patient_rbc_ml / self.patient_ml.max(1.0) * 100.0;
        coag::act_s(
            self.p.act0_s,
            self.plasma_heparin_u_ml() * LOW_RANGE_ACT_GAIN,
            self.p.heparin_s_per_u_ml,
            self.at_pct(),
            self.t_core,
            hct,
            self.p.hct_pre_pct,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plasma level an infusion settles at, by bisection on the elimination curve.
    fn steady_u_ml(u_kg_h: f64) -> f64 {
        let (mut lo, mut hi) = (0.0, 10.0);
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if elimination_u_per_min(mid, 80.0) < u_kg_h * 80.0 / 60.0 {
                lo = mid
            } else {
                hi = mid
            }
        }
        lo
    }

    #[test]
    fn clinical_infusions_settle_in_the_anti_xa_target() {
        let (a, b) = (steady_u_ml(18.0), steady_u_ml(20.0));
        assert!(
            (0.3..0.7).contains(&a) && (0.3..0.7).contains(&b),
            "{a} {b}"
        );
        // The old dose would now be an overdose (saturable clearance).
        assert!(steady_u_ml(55.0) > 2.0, "{}", steady_u_ml(55.0));
    }

    #[test]
    fn half_life_lengthens_with_the_level() {
        // Clearance (mL/min) falls as the saturable route fills.
        let cl = |c: f64| elimination_u_per_min(c, 80.0) / c;
        assert!(cl(0.1) > 1.5 * cl(1.5), "{} {}", cl(0.1), cl(1.5));
    }
}
