//! Vasoactive drug pharmacokinetics and effects (physiology.md §4).
//!
//! Each vasoactive drug is a one-compartment amount with first-order elimination
//! (infusion in, `ln 2 / t½` out) and an effect site that lags it by `ke0`, so a bolus
//! acts after its onset and wears off over its duration. Amounts are per kg so one
//! parameter set fits every patient. Effects are Emax curves on SVR (and, for the
//! catecholamines, contractility). The numbers are [U] calibrations against the
//! magnitudes in the §4 table; each is noted beside its constant.
//!
//! Heparin, protamine, antithrombin and the electrolytes have their own mass balances
//! in [`crate::model::coag`] and [`crate::model::Sim`].

use crate::action::Drug;

/// Pharmacology of one vasoactive drug.
#[derive(Clone, Copy, Debug)]
pub struct Pk {
    /// Elimination half-life, min.
    pub half_life_min: f64,
    /// Effect-site equilibration half-time, min (onset).
    pub onset_half_min: f64,
    /// Maximum fractional rise in SVR.
    pub svr_emax: f64,
    /// Amount (per kg, in bolus units) at half-maximal SVR effect.
    pub svr_ec50_per_kg: f64,
    /// Maximum fractional rise in contractility.
    pub inotropy_emax: f64,
    /// Whether vasoplegia blunts it (catecholamines do; vasopressin and methylene blue do not).
    pub blunted_by_vasoplegia: bool,
}

/// The vasoactive drugs the model carries a compartment for, in a fixed order.
pub const VASOACTIVE: [Drug; 5] = [
    Drug::Phenylephrine,
    Drug::Norepinephrine,
    Drug::Vasopressin,
    Drug::MethyleneBlue,
    Drug::Epinephrine,
];

/// Pharmacology of a vasoactive drug, `None` for the rest.
pub fn pk(drug: Drug) -> Option<Pk> {
    Some(match drug {
        // Onset ~1 min, duration 10-20 min [S42]. EC50 6 µg/kg: an infusion of
        // 1.4 µg/kg/min settles at ~6 µg/kg and raises SVR ~60 % (45 % in [S44]);
        // a 100 µg bolus in 80 kg raises SVR ~15 %, MAP 47 → ~54 at constant flow.
        Drug::Phenylephrine => Pk {
            half_life_min: 3.0,
            onset_half_min: 0.5,
            svr_emax: 1.2,
            svr_ec50_per_kg: 6.0,
            inotropy_emax: 0.0,
            blunted_by_vasoplegia: true,
        },
        // 0.1 µg/kg/min (8 µg/min in 80 kg) settles at ~0.36 µg/kg: SVR +45 %.
        Drug::Norepinephrine => Pk {
            half_life_min: 2.5,
            onset_half_min: 0.7,
            svr_emax: 1.5,
            svr_ec50_per_kg: 0.85,
            inotropy_emax: 0.25,
            blunted_by_vasoplegia: true,
        },
        // 0.1 U/min settles at ~0.027 U/kg: SVR +45 % (+46 % in [S32b]).
        Drug::Vasopressin => Pk {
            half_life_min: 15.0,
            onset_half_min: 3.0,
            svr_emax: 1.0,
            svr_ec50_per_kg: 0.033,
            inotropy_emax: 0.0,
            blunted_by_vasoplegia: false,
        },
        // Effect builds over ~40 min on CPB [S49], lasts hours [S50]. Its SVR effect is
        // applied against vasoplegia only (see `Sim::svr`), so `svr_emax` is the
        // fraction of the vasoplegic loss it restores.
        Drug::MethyleneBlue => Pk {
            half_life_min: 300.0,
            onset_half_min: 12.0,
            svr_emax: 0.6,
            svr_ec50_per_kg: 1.0,
            inotropy_emax: 0.0,
            blunted_by_vasoplegia: false,
        },
        // Mostly inotropy at the doses used; α effect at higher amounts.
        Drug::Epinephrine => Pk {
            half_life_min: 2.5,
            onset_half_min: 0.5,
            svr_emax: 0.8,
            svr_ec50_per_kg: 1.5,
            inotropy_emax: 0.8,
            blunted_by_vasoplegia: true,
        },
        _ => return None,
    })
}

/// One vasoactive drug's amounts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DrugState {
    /// Amount in the central compartment, bolus units per kg.
    pub amount_per_kg: f64,
    /// Effect-site amount, bolus units per kg.
    pub effect_per_kg: f64,
    /// Running infusion, bolus units per minute (total, not per kg).
    pub infusion_per_min: f64,
}

/// Decay factors for one tick, precomputed because `exp` is the costly part.
#[derive(Clone, Copy, Debug)]
pub struct DrugRates {
    keep_central: f64,
    keep_effect_gap: f64,
    half_life_min: f64,
}

impl DrugRates {
    /// Rates for a drug at a tick length.
    pub fn new(pk: &Pk, dt_secs: f64) -> Self {
        let dt_min = dt_secs / 60.0;
        Self {
            keep_central: libm::exp(-core::f64::consts::LN_2 * dt_min / pk.half_life_min),
            keep_effect_gap: libm::exp(-core::f64::consts::LN_2 * dt_min / pk.onset_half_min),
            half_life_min: pk.half_life_min,
        }
    }
}

impl DrugState {
    /// Advances one tick. The infusion enters as a constant input over the tick.
    pub fn step(&mut self, rates: &DrugRates, weight_kg: f64) {
        let k = core::f64::consts::LN_2 / rates.half_life_min;
        let input_per_kg_min = self.infusion_per_min / weight_kg;
        // Exact solution of dA/dt = input − k·A over the tick.
        self.amount_per_kg = self.amount_per_kg * rates.keep_central
            + input_per_kg_min / k * (1.0 - rates.keep_central);
        self.effect_per_kg =
            self.amount_per_kg + (self.effect_per_kg - self.amount_per_kg) * rates.keep_effect_gap;
    }

    /// Fractional effect `Emax·Ce/(EC50+Ce)` of this state for a pharmacology.
    pub fn emax_effect(&self, emax: f64, ec50_per_kg: f64) -> f64 {
        let ce = self.effect_per_kg.max(0.0);
        emax * ce / (ec50_per_kg + ce)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::DT_SECS;

    fn run(drug: Drug, bolus: f64, infusion: f64, minutes: f64) -> DrugState {
        let pk = pk(drug).unwrap();
        let rates = DrugRates::new(&pk, DT_SECS);
        let mut s = DrugState {
            amount_per_kg: bolus / 80.0,
            effect_per_kg: 0.0,
            infusion_per_min: infusion,
        };
        for _ in 0..(minutes * 600.0) as usize {
            s.step(&rates, 80.0);
        }
        s
    }

    #[test]
    fn phenylephrine_bolus_acts_within_minutes_and_wears_off() {
        let pk = pk(Drug::Phenylephrine).unwrap();
        let at = |m| {
            run(Drug::Phenylephrine, 100.0, 0.0, m).emax_effect(pk.svr_emax, pk.svr_ec50_per_kg)
        };
        assert!(at(0.2) < at(1.5), "onset takes about a minute");
        assert!(at(1.5) > 0.1, "100 µg raises SVR noticeably: {}", at(1.5));
        assert!(at(20.0) < 0.25 * at(1.5), "gone by 20 min");
    }

    #[test]
    fn vasopressin_point_one_unit_raises_svr_by_about_half() {
        let pk = pk(Drug::Vasopressin).unwrap();
        let e =
            run(Drug::Vasopressin, 0.0, 0.1, 120.0).emax_effect(pk.svr_emax, pk.svr_ec50_per_kg);
        assert!((0.35..0.6).contains(&e), "{e}");
    }
}
