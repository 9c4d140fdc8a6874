//! Cardioplegia as the delivery system gives it: which solution and by which route.

use serde::{Deserialize, Serialize};

/// The cardioplegia solution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PlegiaSolution {
    /// del Nido, 4:1 crystalloid:blood, single dose lasting 60-90 min (lidocaine and
    /// magnesium hold the arrest) [physiology.md §11].
    DelNido,
    /// Blood cardioplegia, 4:1 blood:crystalloid, redosed about every 20 min: the
    /// non-coronary collateral flow washes its potassium out sooner.
    Blood,
}

impl PlegiaSolution {
    /// Every solution, in the order a console lists them.
    pub const ALL: [PlegiaSolution; 2] = [PlegiaSolution::DelNido, PlegiaSolution::Blood];

    /// Name as on the delivery system.
    pub fn label(self) -> &'static str {
        match self {
            PlegiaSolution::DelNido => "del Nido",
            PlegiaSolution::Blood => "Blood 4:1",
        }
    }

    /// Potassium delivered to the myocardium, mmol/L.
    pub fn k_mmol_l(self) -> f64 {
        match self {
            // 4:1 crystalloid (26 mmol/L) : blood (4 mmol/L).
            PlegiaSolution::DelNido => 0.8 * 26.0 + 0.2 * 4.0,
            // 4:1 blood (4 mmol/L) : crystalloid concentrate (~84 mmol/L) for induction.
            PlegiaSolution::Blood => 0.8 * 4.0 + 0.2 * 84.0,
        }
    }

    /// Potassium in the solution's crystalloid part, mmol/L: del Nido's base (Plasma-Lyte
    /// with 26 mmol/L added), or the blood cardioplegia concentrate (~84 mmol/L, so that
    /// a 4:1 blood mix induces at ~20 mmol/L) [physiology.md §11, S88].
    pub fn crystalloid_k_mmol_l(self) -> f64 {
        match self {
            PlegiaSolution::DelNido => 26.0,
            PlegiaSolution::Blood => 84.0,
        }
    }

    /// The blood:crystalloid ratio the solution is usually given at: del Nido 1:4,
    /// blood cardioplegia 4:1.
    pub fn usual_ratio(self) -> PlegiaRatio {
        match self {
            PlegiaSolution::DelNido => PlegiaRatio {
                blood: 1.0,
                crystalloid: 4.0,
            },
            PlegiaSolution::Blood => PlegiaRatio {
                blood: 4.0,
                crystalloid: 1.0,
            },
        }
    }

    /// Share of the dose that is crystalloid (returns to the venous line as volume
    /// without red cells).
    pub fn crystalloid_share(self) -> f64 {
        match self {
            PlegiaSolution::DelNido => 0.8,
            PlegiaSolution::Blood => 0.2,
        }
    }

    /// Time constant with which the myocardium's potassium washes out under the
    /// clamp after a dose delivered at `temp_c`, s [U]: cold (≤ 8 °C) del Nido holds the
    /// arrest 60-90 min and cold blood cardioplegia about 20; delivered warm (37 °C) the
    /// warm, working myocardium washes it out in 60 % of the time.
    pub fn washout_tau_at_s(self, temp_c: f64) -> f64 {
        let warmth = ((temp_c - 8.0) / 29.0).clamp(0.0, 1.0);
        self.washout_tau_s() * (1.0 - 0.4 * warmth)
    }

    /// The washout time constant of a cold dose, s (see [`Self::washout_tau_at_s`]).
    pub fn washout_tau_s(self) -> f64 {
        match self {
            PlegiaSolution::DelNido => 3600.0,
            PlegiaSolution::Blood => 900.0,
        }
    }
}

/// Where cardioplegia enters the heart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PlegiaRoute {
    /// Into the aortic root (or the coronary ostia), down the coronary arteries.
    Antegrade,
    /// Into the coronary sinus, back through the veins: reaches the right ventricle
    /// less well.
    Retrograde,
}

impl PlegiaRoute {
    /// Every route.
    pub const ALL: [PlegiaRoute; 2] = [PlegiaRoute::Antegrade, PlegiaRoute::Retrograde];

    /// Name as people say it.
    pub fn label(self) -> &'static str {
        match self {
            PlegiaRoute::Antegrade => "antegrade",
            PlegiaRoute::Retrograde => "retrograde",
        }
    }

    /// Share of the myocardium the dose reaches fully [U].
    pub fn reach(self) -> f64 {
        match self {
            PlegiaRoute::Antegrade => 1.0,
            PlegiaRoute::Retrograde => 0.85,
        }
    }
}

/// The delivery system's blood:crystalloid ratio (the two pump segments' bore and
/// the pump's speed fix it on a System 1 or S5 plegia module): 1:4 del Nido, 4:1 blood
/// cardioplegia, 8:1 or more for microplegia, 0:1 all crystalloid.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlegiaRatio {
    /// Parts of the circuit's own oxygenated blood, 0-66.
    pub blood: f64,
    /// Parts of the solution's crystalloid, 1-10.
    pub crystalloid: f64,
}

impl PlegiaRatio {
    /// Share of a dose that is crystalloid: what returns through the coronary sinus as
    /// volume without red cells.
    pub fn crystalloid_share(self) -> f64 {
        self.crystalloid / (self.blood + self.crystalloid).max(1e-9)
    }

    /// Potassium of the mixed dose by mass balance, mmol/L, from the blood's own
    /// (`blood_k_mmol_l`, the patient's plasma) and the crystalloid's.
    pub fn mixed_k_mmol_l(self, blood_k_mmol_l: f64, crystalloid_k_mmol_l: f64) -> f64 {
        let c = self.crystalloid_share();
        (1.0 - c) * blood_k_mmol_l + c * crystalloid_k_mmol_l
    }

    /// "4:1" as the console writes it.
    pub fn label(self) -> String {
        format!(
            "{}:{}",
            crate::bounded::short(self.blood),
            crate::bounded::short(self.crystalloid)
        )
    }
}
