//! Vasoactive boluses and infusions on whole runs (docs/physiology.md "Vasoactive
//! drugs"): a bolus peaks within 1-2 min and wears off over 10-20 min; an infusion
//! settles where the published infusion responses put it.

mod common;

use common::{at, run, scenario};
use perfsim_core::action::{Action, Drug};

#[test]
fn a_phenylephrine_bolus_lifts_a_vasoplegic_map_ten_to_thirty_five_mmhg_and_wears_off() {
    let s = scenario("vasoplegic_wean");
    let bolus_s = 180;
    let session = run(
        &s,
        1,
        &[(
            bolus_s as f64,
            Action::DrugBolus {
                drug: Drug::Phenylephrine,
                dose: 100.0,
            },
        )],
        bolus_s as f64 + 1500.0,
    );
    let before = at(&session, bolus_s - 1).map_mmhg;
    let rise_at = |secs: u64| at(&session, bolus_s + secs).map_mmhg - before;
    let (peak_s, peak) = (0..300)
        .map(|t| (t, rise_at(t)))
        .fold((0, f64::MIN), |a, b| if b.1 > a.1 { b } else { a });
    // physiology.md §4: onset ~1 min, 10-35 mmHg, duration 10-20 min [S42, S43].
    assert!(before < 50.0, "vasoplegic: MAP {before:.0}");
    assert!((10.0..=35.0).contains(&peak), "peak rise {peak:.1} mmHg");
    assert!(peak_s <= 150, "peak at {peak_s} s");
    assert!(
        rise_at(60) > 0.6 * peak,
        "onset: +{:.1} at 1 min",
        rise_at(60)
    );
    assert!(
        rise_at(600) < 0.6 * peak,
        "falling by 10 min: +{:.1}",
        rise_at(600)
    );
    assert!(rise_at(1200) < 2.0, "gone by 20 min: +{:.1}", rise_at(1200));
}

#[test]
fn a_norepinephrine_infusion_settles_where_the_infusion_calibration_puts_it() {
    let s = scenario("baseline");
    // 0.1 µg/kg/min (8 µg/min in 80 kg) raises SVR ~45 % at steady state (drugs.rs).
    let session = run(
        &s,
        1,
        &[(
            60.0,
            Action::SetInfusion {
                drug: Drug::Norepinephrine,
                rate_per_min: 8.0,
            },
        )],
        60.0 + 1800.0,
    );
    let (before, after) = (at(&session, 59), at(&session, 1860));
    let rise = after.svr_dyn_s_cm5 / before.svr_dyn_s_cm5 - 1.0;
    assert!((0.3..=0.6).contains(&rise), "SVR +{:.0} %", 100.0 * rise);
}
