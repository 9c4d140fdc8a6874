//! A distended arrested left ventricle leaves a stunned heart. Under the cross-clamp
//! bronchial and Thebesian blood keeps returning to the left heart
//! ([`super::hlm`]); without a vent it fills the ventricle it cannot eject from. The
//! stretched wall raises its tension and compresses the subendocardium (ischaemia
//! even while arrested), and the warm returning blood washes cardioplegia out of the
//! myocardium it bathes: the heart that reperfuses contracts less well and is harder
//! to separate. A vent that keeps the ventricle decompressed prevents it; that is what
//! a perfusionist is taught the vent is for.
//!
//! The model keeps the dose (minutes of stretch under the clamp) and turns it into a
//! lasting fall in the contractility the heart recovers after reperfusion (stunning
//! recovers over hours to days, longer than any run).

use crate::model::Sim;
use crate::model::step::DT_MIN;

/// Distension above which the arrested ventricle's wall is stretched, mL [U]: an empty
/// adult left ventricle takes about this much before its pressure rises.
pub const STRETCH_FROM_ML: f64 = 50.0;
/// Distension counted as full stretch, mL: the model's ceiling ([`super::hlm`]).
const FULL_STRETCH_ML: f64 = 400.0;
/// The most of its contractility a heart loses to distension under the clamp [U]:
/// stunned, not infarcted; about half its function, as a hard separation needs.
pub const MAX_STUN: f64 = 0.5;
/// Minutes of full stretch that take about 63 % of [`MAX_STUN`] [U]: a ventricle left
/// distended through a 30-minute clamp period loses about a third of its function.
const STUN_TAU_MIN: f64 = 30.0;

impl Sim {
    /// One tick of the distension dose: minutes of stretch while the clamp is on.
    pub(super) fn accumulate_distension_injury(&mut self) {
        if !self.ctl.cross_clamp {
            return;
        }
        let stretch = ((self.hlm.lv_distension_ml - STRETCH_FROM_ML)
            / (FULL_STRETCH_ML - STRETCH_FROM_ML))
            .clamp(0.0, 1.0);
        self.hlm.distended_min += stretch * DT_MIN;
    }

    /// The share of its contractility the heart has lost to distension under the
    /// clamp, 0 to [`MAX_STUN`].
    pub fn distension_stun(&self) -> f64 {
        MAX_STUN * (1.0 - libm::exp(-self.hlm.distended_min / STUN_TAU_MIN))
    }
}
