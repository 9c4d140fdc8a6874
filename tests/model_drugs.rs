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

#[test]
fn methylene_blue_dips_the_cerebral_oximeter_reading_not_the_brain() {
    use perfsim_core::session::Session;
    let s = scenario("baseline");
    let mut session = Session::new(s, 1);
    // (shown, true) rSO2 left just before the dose and two minutes after it.
    let mut seen = Vec::new();
    session
        .run_script(
            &common::script(&[(
                60.0,
                Action::DrugBolus {
                    drug: Drug::MethyleneBlue,
                    dose: 160.0,
                },
            )]),
            perfsim_core::time::tick_from_secs(200.0),
            |x| {
                if x.sim().tick() == 590 || x.sim().tick() == 1800 {
                    let sim = x.sim();
                    seen.push((sim.monitored().rso2_left_pct, sim.snapshot().rso2_left_pct));
                }
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let [(shown_before, true_before), (shown_after, true_after)] = seen[..] else {
        panic!("sampled {seen:?}");
    };
    assert!(
        shown_after < shown_before - 8.0,
        "rSO2 shown {shown_before:.0} → {shown_after:.0}"
    );
    assert!(
        (true_after - true_before).abs() < 3.0,
        "the brain: {true_before:.0} → {true_after:.0}"
    );
}
