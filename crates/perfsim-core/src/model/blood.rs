//! Blood chemistry: the oxygen dissociation curve, oxygen content and acid-base.
//! Pure functions of their arguments (physiology.md §2 and §13).
//!
//! Blood gases are reported as a blood-gas machine reports them, at 37 °C (alpha-stat),
//! so the curve is not shifted for the patient's temperature. This departs from the
//! in-vivo curve during hypothermia on purpose: it is what the trainee reads.

/// Hüfner factor, mL O2 per g Hb (physiology.md §2 allows 1.34-1.39; fixed here).
pub const HUFNER_ML_PER_G: f64 = 1.34;
/// Dissolved O2, mL per dL per mmHg.
pub const O2_SOLUBILITY: f64 = 0.003;

/// Saturation (fraction) at a PO2, by Severinghaus's equation (1979).
pub fn sat_from_po2(po2_mmhg: f64) -> f64 {
    let p = po2_mmhg.max(0.0);
    1.0 / (23_400.0 / (p * p * p + 150.0 * p + 1e-9) + 1.0)
}

/// O2 content, mL/dL.
pub fn o2_content(hb_g_dl: f64, po2_mmhg: f64) -> f64 {
    HUFNER_ML_PER_G * hb_g_dl * sat_from_po2(po2_mmhg) + O2_SOLUBILITY * po2_mmhg.max(0.0)
}

/// d(content)/d(PO2), mL/dL per mmHg.
fn o2_content_slope(hb_g_dl: f64, po2_mmhg: f64) -> f64 {
    let p = po2_mmhg.max(0.0);
    let u = p * p * p + 150.0 * p;
    let ds = 23_400.0 * (3.0 * p * p + 150.0) / ((u + 23_400.0) * (u + 23_400.0));
    HUFNER_ML_PER_G * hb_g_dl * ds + O2_SOLUBILITY
}

/// The PO2 at which blood with this Hb holds `content_ml_dl` of O2. Inverts
/// [`o2_content`] by Newton's method inside a shrinking bracket (bisecting whenever a
/// Newton step would leave it): content is monotonic in PO2, so this always converges,
/// and a fixed sequence of operations keeps the result bit-identical from run to run.
/// This runs a few times per tick, so it is written for speed.
pub fn po2_from_content(content_ml_dl: f64, hb_g_dl: f64) -> f64 {
    let (mut lo, mut hi) = (0.5_f64, 1200.0_f64);
    if content_ml_dl.is_nan() || content_ml_dl <= o2_content(hb_g_dl, lo) {
        return lo;
    }
    if content_ml_dl >= o2_content(hb_g_dl, hi) {
        return hi;
    }
    // Start from the dissolved-only answer when Hb is saturated, else near P50.
    let bound_max = HUFNER_ML_PER_G * hb_g_dl;
    let mut p = if content_ml_dl > bound_max {
        ((content_ml_dl - bound_max) / O2_SOLUBILITY + 100.0).clamp(lo, hi)
    } else {
        40.0
    };
    for _ in 0..60 {
        let f = o2_content(hb_g_dl, p) - content_ml_dl;
        if f.abs() < 1e-10 {
            break;
        }
        if f < 0.0 {
            lo = p;
        } else {
            hi = p;
        }
        let next = p - f / o2_content_slope(hb_g_dl, p);
        p = if next > lo && next < hi {
            next
        } else {
            0.5 * (lo + hi)
        };
        if hi - lo < 1e-9 {
            break;
        }
    }
    p
}

/// Bicarbonate (mmol/L) from pH and PCO2 by Henderson-Hasselbalch (§13).
pub fn hco3_from(ph: f64, pco2_mmhg: f64) -> f64 {
    0.0307 * pco2_mmhg * libm::pow(10.0, ph - 6.105)
}

/// Base excess of blood (mmol/L), the Van Slyke form of §13.
pub fn base_excess(ph: f64, pco2_mmhg: f64, hb_g_dl: f64) -> f64 {
    let hco3 = hco3_from(ph, pco2_mmhg);
    (1.0 - 0.014 * hb_g_dl) * ((hco3 - 24.8) + (1.43 * hb_g_dl + 7.7) * (ph - 7.4))
}

/// The pH that gives this base excess at this PCO2: the model carries base excess as
/// its metabolic state (lactate and bicarbonate move it mmol for mmol, §13) and
/// derives pH from it. Bisection over a range no living patient leaves.
///
/// Forty halvings, each deciding `base_excess(mid) < be`. Base excess rises steeply and
/// monotonically with pH (~65 mmol/L per pH unit), so wherever `mid` is clearly on one
/// side of the root a few Newton steps find first, that side is known without evaluating
/// `pow`; only halvings within [`DECIDE_NEAR_PH`] of it evaluate. The decisions, and so the
/// result, are bit for bit those of the plain bisection (tested), at half the cost: the
/// 1 Hz snapshot calls this, and it was a quarter of a 4-hour run's time.
pub fn ph_from(be_mmol_l: f64, pco2_mmhg: f64, hb_g_dl: f64) -> f64 {
    let pco2 = pco2_mmhg.clamp(5.0, 200.0);
    let root = ph_root_estimate(be_mmol_l, pco2, hb_g_dl);
    let (mut lo, mut hi) = (6.5_f64, 8.0_f64);
    for _ in 0..40 {
        let mid = 0.5 * (lo + hi);
        let below = match root {
            Some(r) if mid < r - DECIDE_NEAR_PH => true,
            Some(r) if mid > r + DECIDE_NEAR_PH => false,
            _ => base_excess(mid, pco2, hb_g_dl) < be_mmol_l,
        };
        if below {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Within this distance (pH units) of the estimated root a halving evaluates base excess
/// exactly. It is ~6·10⁻⁶ mmol/L of base excess, ten million times the rounding error of
/// evaluating it, and a thousand times the Newton estimate's error.
const DECIDE_NEAR_PH: f64 = 1e-7;

/// The pH at which base excess equals `be_mmol_l`, by Newton's method from 7.4, if it
/// converges inside the bisection's range (±0.1): else `None`, and every halving
/// evaluates.
fn ph_root_estimate(be_mmol_l: f64, pco2: f64, hb_g_dl: f64) -> Option<f64> {
    let hb_factor = 1.0 - 0.014 * hb_g_dl;
    let buffer = 1.43 * hb_g_dl + 7.7;
    if !(be_mmol_l.is_finite() && hb_factor > 0.0 && buffer > 0.0) {
        return None;
    }
    let mut ph = 7.4_f64;
    for _ in 0..20 {
        let hco3 = hco3_from(ph, pco2);
        let f = hb_factor * ((hco3 - 24.8) + buffer * (ph - 7.4)) - be_mmol_l;
        let slope = hb_factor * (hco3 * core::f64::consts::LN_10 + buffer);
        let step = f / slope;
        ph = (ph - step).clamp(6.4, 8.1);
        if step.abs() < 1e-12 {
            return Some(ph);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dissociation_curve_passes_through_textbook_points() {
        // P50 26.8 mmHg; venous 40 mmHg about 75 %; arterial 100 mmHg about 97.5 %.
        assert!((sat_from_po2(26.8) - 0.5).abs() < 0.01);
        assert!((sat_from_po2(40.0) - 0.75).abs() < 0.02);
        assert!((sat_from_po2(100.0) - 0.975).abs() < 0.01);
    }

    #[test]
    fn content_is_hb_bound_plus_dissolved() {
        // Hb 15, PO2 100: 1.34·15·0.975 + 0.3 ≈ 19.9 mL/dL.
        let c = o2_content(15.0, 100.0);
        assert!((c - 19.9).abs() < 0.2, "{c}");
    }

    #[test]
    fn po2_from_content_inverts_content() {
        for po2 in [20.0, 40.0, 80.0, 150.0, 400.0, 650.0] {
            let c = o2_content(9.0, po2);
            let back = po2_from_content(c, 9.0);
            assert!((back - po2).abs() / po2 < 1e-3, "{po2} -> {back}");
        }
    }

    #[test]
    fn henderson_hasselbalch_normal_values() {
        // pH 7.40 and PCO2 40 give HCO3 about 24 and BE about 0.
        let hco3 = hco3_from(7.40, 40.0);
        assert!((hco3 - 24.4).abs() < 0.5, "{hco3}");
        assert!(base_excess(7.40, 40.0, 12.0).abs() < 0.6);
    }

    /// The plain bisection `ph_from` must reproduce bit for bit.
    fn ph_by_plain_bisection(be_mmol_l: f64, pco2_mmhg: f64, hb_g_dl: f64) -> f64 {
        let pco2 = pco2_mmhg.clamp(5.0, 200.0);
        let (mut lo, mut hi) = (6.5_f64, 8.0_f64);
        for _ in 0..40 {
            let mid = 0.5 * (lo + hi);
            if base_excess(mid, pco2, hb_g_dl) < be_mmol_l {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }

    #[test]
    fn ph_from_matches_the_plain_bisection_bit_for_bit() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let check = |be: f64, pco2: f64, hb: f64| {
            let fast = ph_from(be, pco2, hb);
            let plain = ph_by_plain_bisection(be, pco2, hb);
            assert_eq!(
                fast.to_bits(),
                plain.to_bits(),
                "BE {be} PCO2 {pco2} Hb {hb}"
            );
        };
        for _ in 0..200_000 {
            check(
                rng.random_range(-40.0..40.0),
                rng.random_range(0.0..250.0),
                rng.random_range(0.0..25.0),
            );
        }
        // Beyond the range (pH pinned at 6.5 or 8.0), and values that are not numbers.
        for be in [
            -1e6,
            -200.0,
            200.0,
            1e6,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            check(be, 40.0, 9.0);
        }
        check(0.0, f64::NAN, 9.0);
        check(0.0, 40.0, f64::NAN);
        check(0.0, 40.0, 80.0);
    }

    #[test]
    fn ph_follows_co2_and_base_excess() {
        let normal = ph_from(0.0, 40.0, 9.0);
        assert!((normal - 7.40).abs() < 0.01, "{normal}");
        // Respiratory acidosis: doubling PCO2 lowers pH by about 0.2-0.3.
        let resp = ph_from(0.0, 80.0, 9.0);
        assert!((7.10..7.22).contains(&resp), "{resp}");
        // Metabolic acidosis: BE −10 at PCO2 40 gives pH about 7.25.
        let met = ph_from(-10.0, 40.0, 9.0);
        assert!((7.20..7.30).contains(&met), "{met}");
    }
}
