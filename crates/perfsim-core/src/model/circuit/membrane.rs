//! The membrane oxygenator's gas exchange (physiology.md §5), shared by every circuit
//! kind: bypass and ECMO oxygenators differ in their settings and their clot, not in
//! how gas crosses a membrane.

use crate::model::blood::o2_content;
use crate::model::circuit::{Oxygenated, VenousBlood};

/// Gas exchange for one tick: `sweep_l_min` of gas reaching the membrane at oxygen
/// fraction `fio2`, through a membrane of `health` (1 clean, 0 failed).
pub(crate) fn transfer(sweep: f64, fio2: f64, health: f64, venous: &VenousBlood) -> Oxygenated {
    let hb = venous.hb_g_dl;
    let q = venous.q_l_min;
    let cv = venous.cv_o2_ml_dl;
    // A fraction (1 − shunt) of the blood meets the gas and closes 80 % of the PO2
    // gap to it (diffusion limit); the rest passes unchanged. Shunt rises as the
    // membrane fails or clots. Both numbers are [U], fitted to the §5 slope
    // (400-650 mmHg per unit FiO2; FiO2 0.5 gives ~200-330).
    let gas_reach = (sweep / 0.3).min(1.0);
    let shunt =
        (venous.membrane_shunt + 0.6 * (1.0 - health) + 0.04 * (q.abs() - 6.0).max(0.0)).min(1.0);
    let e = (1.0 - shunt) * gas_reach;
    let pg_o2 = fio2 * 713.0;
    let pv_o2 = venous.pv_o2_mmhg.max(1.0);
    let c_eq = o2_content(hb, pv_o2 + 0.8 * (pg_o2 - pv_o2).max(0.0));
    let mut ca_post = cv + e * (c_eq - cv);
    let q_blood = q.max(0.0);
    let mut o2_transfer = q_blood * 10.0 * (ca_post - cv);
    // The gas cannot give more O2 than it carries.
    let o2_supply = 0.9 * sweep * 1000.0 * fio2;
    if o2_transfer > o2_supply && q_blood > 0.0 {
        o2_transfer = o2_supply;
        ca_post = cv + o2_supply / (q_blood * 10.0);
    }
    // CO2: venous blood → membrane → sweep gas, three conductances in series
    // (mL/min/mmHg). At steady state the outlet PCO2 is VCO2·(1/g_gas + 1/g_membrane),
    // so with the gas side limiting, PCO2 ∝ VCO2/sweep: doubling sweep nearly halves
    // PaCO2 at constant flow and VCO2 (physiology.md §5 [S11, S55]; the
    // alveolar-equation analogue, with dry gas at 713 mmHg). A healthy membrane's
    // CO2 conductance (~100 mL/min/mmHg [U]) is ~40× the gas side's at usual sweep:
    // CO2 diffuses ~20× faster than O2 through the same fibres, which is also why
    // CO2 transfer is the last to fail: a failed or clotted membrane keeps a twentieth
    // of it (Lubnow 2014 [S59]: failing devices still clear CO2, less at a given
    // sweep), while it shunts most of the blood past the O2 exchange.
    let g_gas = sweep * 1000.0 / 713.0;
    let g_membrane = 5.0 + 95.0 * health;
    let g_blood = q_blood * 1000.0 * 0.0045;
    let pv_co2 = venous.pv_co2_mmhg;
    let co2_removal = if g_gas > 0.0 && g_blood > 0.0 && g_membrane > 0.0 {
        pv_co2 / (1.0 / g_gas + 1.0 / g_membrane + 1.0 / g_blood)
    } else {
        0.0
    };
    let post_pco2 = if g_blood > 0.0 {
        pv_co2 - co2_removal / g_blood
    } else if g_gas > 0.0 {
        // Stagnant blood in a ventilated membrane loses its CO2.
        pv_co2 * 0.2
    } else {
        pv_co2
    };
    Oxygenated {
        ca_post,
        post_pco2,
        o2_transfer,
        co2_removal,
        sweep_delivered: sweep,
    }
}
