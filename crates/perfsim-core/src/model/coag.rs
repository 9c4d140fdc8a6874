//! Anticoagulation (physiology.md §6): ACT from heparin, antithrombin, temperature and
//! haemodilution; heparin elimination; clot hazard. Pure functions; the amounts live in
//! [`crate::model::Sim`].

/// Antithrombin activity (%) at which `heparin_s_per_u_ml` applies. A typical adult
/// primed with 1.5 L of clear fluid sits near 70 % on bypass; the §6 sensitivity
/// S ≈ 80 s per U/mL is for that patient.
pub const AT_REFERENCE_PCT: f64 = 70.0;

/// ACT (s) = ACT0·f_temp·f_dilution + S·[H]·AT/AT_ref (§6 model [U]).
/// - Hypothermia lengthens ACT independently of heparin [S70]: +2 %/°C below 37 [U].
/// - Haemodilution lengthens it too [S71]: +0.6 × the fractional fall in Hct [U].
/// - Antithrombin scales heparin's effect; heparin resistance is low antithrombin [S65].
pub fn act_s(
    act0_s: f64,
    heparin_u_ml: f64,
    sensitivity_s_per_u_ml: f64,
    at_pct: f64,
    temp_c: f64,
    hct_pct: f64,
    hct_pre_pct: f64,
) -> f64 {
    let f_temp = 1.0 + 0.02 * (37.0 - temp_c).max(0.0);
    let f_dil = 1.0 + 0.6 * (1.0 - hct_pct / hct_pre_pct).max(0.0);
    let at_factor = at_pct.clamp(0.0, 130.0) / AT_REFERENCE_PCT;
    act0_s * f_temp * f_dil + sensitivity_s_per_u_ml * heparin_u_ml.max(0.0) * at_factor
}

/// Heparin half-life (min): 25 + 0.31·(U/kg in the body) [S68], lengthened by
/// hypothermia (+4 %/°C below 37 [U]; warm bypass needs more heparin [S69]).
pub fn heparin_half_life_min(heparin_u_per_kg: f64, temp_c: f64) -> f64 {
    (25.0 + 0.31 * heparin_u_per_kg.max(0.0)) * (1.0 + 0.04 * (37.0 - temp_c).max(0.0))
}

/// Clot hazard per minute (fraction of remaining clean surface that clots) [U]:
/// none above 480 s, low below it, rising steeply below 400 and high below 300 [S62].
pub fn clot_hazard_per_min(act_s: f64) -> f64 {
    if act_s >= 480.0 {
        0.0
    } else if act_s >= 400.0 {
        // Up to ~6 %/h of the clean surface at 400 s.
        0.001 * (480.0 - act_s) / 80.0
    } else {
        let x = (400.0 - act_s) / 100.0;
        0.001 + 0.02 * x * x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_hundred_units_per_kg_gives_act_in_the_published_range() {
        // 300 U/kg in 80 kg, 5.6 L blood + 1.5 L prime: 3.4 U/mL; ACT 308-520 s [S64].
        let h = 300.0 * 80.0 / 7100.0;
        let act = act_s(120.0, h, 80.0, AT_REFERENCE_PCT, 37.0, 38.0, 38.0);
        assert!((308.0..520.0).contains(&act), "{act}");
    }

    #[test]
    fn low_antithrombin_blunts_heparin() {
        let normal = act_s(120.0, 4.5, 80.0, 70.0, 37.0, 30.0, 38.0);
        let resistant = act_s(120.0, 4.5, 80.0, 32.0, 37.0, 30.0, 38.0);
        assert!(normal > 480.0 && resistant < 330.0, "{normal} {resistant}");
    }

    #[test]
    fn cold_and_dilution_lengthen_act_without_heparin() {
        let warm = act_s(120.0, 0.0, 80.0, 70.0, 37.0, 38.0, 38.0);
        let cold_dilute = act_s(120.0, 0.0, 80.0, 70.0, 27.0, 25.0, 38.0);
        assert_eq!(warm, 120.0);
        assert!(cold_dilute > 160.0, "{cold_dilute}");
    }

    #[test]
    fn heparin_half_life_grows_with_dose() {
        assert!((heparin_half_life_min(25.0, 37.0) - 32.75).abs() < 0.01);
        assert!((heparin_half_life_min(400.0, 37.0) - 149.0).abs() < 0.01);
    }

    #[test]
    fn clot_hazard_rises_as_act_falls() {
        assert_eq!(clot_hazard_per_min(500.0), 0.0);
        assert!(clot_hazard_per_min(300.0) > 5.0 * clot_hazard_per_min(420.0));
    }
}
