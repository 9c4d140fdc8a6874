//! The pulmonary circulation of a bypass patient: a pulmonary vascular resistance
//! (PVR), the right ventricle that must push the heart's output through it, and the
//! mean pulmonary artery pressure a PA catheter reads.
//!
//! mPAP = LAP + CO × PVR (Wood units: mmHg per L/min). Off bypass that is ~15-20 mmHg
//! (normal mPAP 12-20, PVR 1-2 WU); on full bypass, the heart empty and not ejecting,
//! it falls to the left atrial pressure, a few mmHg.
//!
//! An acutely loaded, normal right ventricle cannot hold a mean PA pressure much above
//! ~40 mmHg [U: the textbook ceiling of the unadapted RV; sheep given heparin then
//! protamine reached 44 mmHg from 18 within a minute, Lowenstein's group, and case
//! reports of type III reactions read PA pressures of 85-90/40 mmHg]. So the heart's
//! output is limited to (RV ceiling − LAP) / PVR: with a normal PVR that ceiling is
//! far above any output (~18 L/min) and changes nothing; when PVR rises several-fold
//! it binds, the output falls, the right heart dilates and the blood it cannot pass
//! backs up into the veins (the CVP rises, ~3 mmHg per L/min it fails to pass [U]).
//! Inotropes raise the ceiling (adrenaline supports the failing RV) [U: +50 % at full
//! effect], and so does the systemic pressure that perfuses the loaded ventricle: as
//! MAP falls the ischaemic RV holds less and the PA pressure sags from its spike while
//! the CVP climbs, and a vasopressor that restores MAP lets it pass more. Going back on bypass drains the venous side, the RV has little to pass,
//! the output and with it the PA pressure fall.
//!
//! A type III protamine reaction (catastrophic pulmonary vasoconstriction: complement
//! activation and thromboxane; Lowenstein, J Cardiothorac Anesth 1989;3:99; Ralley,
//! Anesth Analg 1999;88:505, who went back on full bypass) multiplies PVR by
//! 1 + 7 × its level [U], 6.6 at the shipped scenario's severity 0.8. Its systemic
//! vasodilation is in [`Sim::svr`].
//!
//! Only a bypass patient has this (a PA catheter): on ECMO the output is left alone
//! and the PA pressure is NaN (VA ECMO's pulmonary circulation is not modelled yet).

use crate::model::config::CircuitKind;
use crate::model::faults::FaultKind;
use crate::model::{Sim, relax};

/// Baseline pulmonary vascular resistance, Wood units (mmHg per L/min; ×80 for
/// dyn·s·cm⁻⁵): normal 1-2.
pub const PVR_BASE_WU: f64 = 1.5;
/// Rise of PVR per unit of protamine reaction level: PVR × (1 + this × level) [U].
const PROTAMINE_PVR_RISE: f64 = 14.0;
/// The highest mean PA pressure an acutely loaded, well-perfused right ventricle
/// sustains, mmHg [U: the unadapted RV's 40-50; see the module's note].
const RV_CEILING_MMHG: f64 = 46.0;
/// Rise of that ceiling per unit of inotropy (adrenaline, noradrenaline) [U].
const RV_INOTROPY_GAIN: f64 = 0.5;
/// Right-ventricular perfusion pressure (MAP − CVP) at and above which a pressure-loaded
/// ventricle is fully perfused, mmHg [U: the RV is perfused in systole and diastole;
/// loaded, it turns ischaemic as its perfusion pressure falls, the spiral that makes a
/// systemic vasopressor part of treating RV failure (Haddad, Circulation
/// 2008;117:1717)].
const RV_PERFUSED_MMHG: f64 = 60.0;
/// Perfusion pressure at and below which the ventricle holds only
/// [`RV_ISCHAEMIC_SHARE`] of its ceiling, mmHg [U].
const RV_ISCHAEMIC_MMHG: f64 = 20.0;
/// The share of its ceiling an ischaemic, pressure-loaded RV keeps at the worst [U]:
/// ~36 mmHg, still the severe pulmonary hypertension the PA catheter shows through a
/// type III reaction (the shipped scenario's anaesthetist speaks above 35).
const RV_ISCHAEMIC_SHARE: f64 = 0.78;
/// Left atrial pressure above the patient's own venous filling pressure, mmHg [U]
/// (PCWP runs a few mmHg above CVP in a heart with a normal left ventricle).
const LAP_ABOVE_CVP_MMHG: f64 = 2.0;
/// Venous congestion per L/min the right ventricle fails to pass, mmHg [U].
const CONGESTION_MMHG_PER_L_MIN: f64 = 4.0;
/// The most the right heart's failure adds to the CVP, mmHg [U].
const CONGESTION_MAX_MMHG: f64 = 15.0;
/// Time constant with which the right heart dilates or recovers, s [U].
const CONGESTION_TAU_S: f64 = 20.0;

/// The pulmonary circulation's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Pulmonary {
    /// Pulmonary vascular resistance now, Wood units.
    pub pvr_wu: f64,
    /// Mean pulmonary artery pressure, mmHg (NaN on a circuit without a PA catheter).
    pub mpap_mmhg: f64,
    /// What the failing right heart adds to the central venous pressure, mmHg.
    pub congestion_mmhg: f64,
}

impl Default for Pulmonary {
    fn default() -> Self {
        Self {
            pvr_wu: PVR_BASE_WU,
            mpap_mmhg: f64::NAN,
            congestion_mmhg: 0.0,
        }
    }
}

impl Sim {
    /// The pulmonary circulation.
    pub fn pulmonary(&self) -> &Pulmonary {
        &self.pulm
    }

    /// The heart's output once the right ventricle has pushed it through the lungs,
    /// L/min, from `co_l_min`, what the heart's filling and contractility would give.
    /// Updates PVR, the PA pressure and the venous congestion.
    pub(super) fn through_the_lungs(&mut self, co_l_min: f64) -> f64 {
        if self.circuit.kind() != CircuitKind::Cpb {
            return co_l_min;
        }
        let pvr =
            PVR_BASE_WU * (1.0 + PROTAMINE_PVR_RISE * self.level(FaultKind::ProtamineReaction));
        let lap = (self.filling_mmhg() - self.pulm.congestion_mmhg).max(0.0) + LAP_ABOVE_CVP_MMHG;
        // A ventricle perfused below its need holds less: the PA pressure spikes, then
        // sags as the systemic pressure falls, and a vasopressor that restores MAP
        // restores it.
        let perfused = ((self.map_mmhg - self.filling_mmhg() - RV_ISCHAEMIC_MMHG)
            / (RV_PERFUSED_MMHG - RV_ISCHAEMIC_MMHG))
            .clamp(0.0, 1.0);
        let perfusion = RV_ISCHAEMIC_SHARE + (1.0 - RV_ISCHAEMIC_SHARE) * perfused;
        let ceiling = RV_CEILING_MMHG * (1.0 + RV_INOTROPY_GAIN * self.inotropy()) * perfusion;
        let passable = (ceiling - lap).max(0.0) / pvr;
        let co = co_l_min.min(passable);
        // What backs up is the venous return the right ventricle cannot pass: the
        // output the heart's filling gives without inotropes, less what goes through.
        // An inotrope that helps the ventricle pass more lowers the CVP.
        let returned = co_l_min / (1.0 + self.inotropy());
        let target =
            (CONGESTION_MMHG_PER_L_MIN * (returned - co).max(0.0)).min(CONGESTION_MAX_MMHG);
        self.pulm.congestion_mmhg = relax(self.pulm.congestion_mmhg, target, CONGESTION_TAU_S);
        self.pulm.pvr_wu = pvr;
        self.pulm.mpap_mmhg = lap + co * pvr;
        co
    }
}
