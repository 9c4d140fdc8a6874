//! Vasoactive drug pharmacokinetics and effects (physiology.md §4).
//!
//! Each vasoactive drug has a small central compartment a bolus lands in, a body
//! compartment with first-order elimination (infusion in, `ln 2 / t½` out) and an
//! effect site that lags the concentration by `ke0`. A bolus is first concentrated in
//! the central volume (plasma and the vessel-rich tissue, a tenth or so of the drug's
//! distribution volume), so its effect peaks within 1-2 min and falls as it
//! redistributes, then wears off with elimination over 10-20 min (the two-compartment
//! behaviour of a bolus, physiology.md §4 [S42]). Infusions run into the body
//! compartment: their steady state is `rate / clearance` whatever the central volume,
//! so the §4 infusion calibrations hold unchanged. Amounts are per kg so one
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
    /// Concentration in the central compartment relative to the body's for the same
    /// amount (distribution volume / central volume): how much stronger a fresh bolus
    /// acts than the same amount spread through the body.
    pub central_gain: f64,
    /// Half-time of redistribution from the central compartment, min.
    pub redistribution_half_min: f64,
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

/// Central gain of the α-agonist boluses (phenylephrine's distribution volume ~5 L/kg
/// over a central volume of ~0.6 L/kg [U]).
const CENTRAL_GAIN_PE: f64 = 10.0;

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
            // [U] fitted to [S42, S43]: 100 µg in a vasoplegic 80 kg adult on bypass
            // raises MAP 10-35 mmHg within 1-2 min, gone in 10-20 min; 2 µg/kg in a
            // normal one ~+30 mmHg at its peak.
            central_gain: CENTRAL_GAIN_PE,
            redistribution_half_min: 2.0,
            blunted_by_vasoplegia: true,
        },
        // 0.1 µg/kg/min (8 µg/min in 80 kg) settles at ~0.36 µg/kg: SVR +45 %.
        Drug::Norepinephrine => Pk {
            half_life_min: 2.5,
            onset_half_min: 0.7,
            svr_emax: 1.5,
            svr_ec50_per_kg: 0.85,
            inotropy_emax: 0.25,
            // [U] as phenylephrine: a 10 µg push acts within a minute for a few.
            central_gain: CENTRAL_GAIN_PE,
            redistribution_half_min: 1.5,
            blunted_by_vasoplegia: true,
        },
        // 0.1 U/min settles at ~0.027 U/kg: SVR +45 % (+46 % in [S32b]).
        Drug::Vasopressin => Pk {
            half_life_min: 15.0,
            onset_half_min: 3.0,
            svr_emax: 1.0,
            svr_ec50_per_kg: 0.033,
            inotropy_emax: 0.0,
            // [U] a 1-2 U bolus acts within minutes and lasts ~20 min.
            central_gain: 3.0,
            redistribution_half_min: 3.0,
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
            // Given over 20 min [S48]: no early peak to speak of.
            central_gain: 1.0,
            redistribution_half_min: 5.0,
            blunted_by_vasoplegia: false,
        },
        // Mostly inotropy at the doses used; α effect at higher amounts.
        Drug::Epinephrine => Pk {
            half_life_min: 2.5,
            onset_half_min: 0.5,
            svr_emax: 0.8,
            svr_ec50_per_kg: 1.5,
            inotropy_emax: 0.8,
            // [U] as phenylephrine.
            central_gain: CENTRAL_GAIN_PE,
            redistribution_half_min: 1.5,
            blunted_by_vasoplegia: true,
        },
        _ => return None,
    })
}

/// One vasoactive drug's amounts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DrugState {
    /// Bolus amount still in the central compartment, bolus units per kg.
    pub central_per_kg: f64,
    /// Amount in the body compartment, bolus units per kg.
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
    keep_bolus_central: f64,
    central_gain: f64,
    half_life_min: f64,
}

impl DrugRates {
    /// Rates for a drug at a tick length.
    pub fn new(pk: &Pk, dt_secs: f64) -> Self {
        let dt_min = dt_secs / 60.0;
        Self {
            keep_central: libm::exp(-core::f64::consts::LN_2 * dt_min / pk.half_life_min),
            keep_effect_gap: libm::exp(-core::f64::consts::LN_2 * dt_min / pk.onset_half_min),
            keep_bolus_central: libm::exp(
                -core::f64::consts::LN_2 * dt_min / pk.redistribution_half_min,
            ),
            central_gain: pk.central_gain,
            half_life_min: pk.half_life_min,
        }
    }
}

impl DrugState {
    /// Advances one tick. The infusion enters as a constant input over the tick.
    pub fn step(&mut self, rates: &DrugRates, weight_kg: f64) {
        // A drug never given stays exactly zero: skip the arithmetic (most drugs, most
        // ticks), with the same result bit for bit.
        if self.central_per_kg == 0.0
            && self.amount_per_kg == 0.0
            && self.effect_per_kg == 0.0
            && self.infusion_per_min == 0.0
        {
            return;
        }
        let k = core::f64::consts::LN_2 / rates.half_life_min;
        let input_per_kg_min = self.infusion_per_min / weight_kg;
        // The bolus leaves the central compartment for the body (mass kept).
        let redistributed = self.central_per_kg * (1.0 - rates.keep_bolus_central);
        self.central_per_kg -= redistributed;
        // Exact solution of dA/dt = input − k·A over the tick.
        self.amount_per_kg = (self.amount_per_kg + redistributed) * rates.keep_central
            + input_per_kg_min / k * (1.0 - rates.keep_central);
        // The effect site sees the concentration: the body's plus the central excess.
        let driving = self.amount_per_kg + rates.central_gain * self.central_per_kg;
        self.effect_per_kg = driving + (self.effect_per_kg - driving) * rates.keep_effect_gap;
    }

    /// Gives a bolus of `dose_per_kg` (bolus units per kg) into the central compartment.
    pub fn bolus(&mut self, dose_per_kg: f64) {
        self.central_per_kg += dose_per_kg;
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
            central_per_kg: bolus / 80.0,
            amount_per_kg: 0.0,
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
