//! Rewarming as the nasopharyngeal probe shows it (docs/physiology.md §7): with the
//! arterial outlet held within 4 °C of the venous blood, the patient rewarms at no more
//! than ~0.5 °C/min and the probe lags the outlet.

mod common;

use common::{at, run, scenario};
use perfsim_core::action::Action;

#[test]
fn rewarming_within_a_four_degree_gradient_stays_under_half_a_degree_a_minute() {
    let mut s = (*scenario("baseline")).clone();
    s.model.start.temp_c = 30.0;
    s.model.start.water_c = 30.0;
    let s = std::sync::Arc::new(s);
    let session = run(
        &s,
        1,
        &[(0.0, Action::SetWaterTemp { water_c: 38.0 })],
        1800.0,
    );
    let trace = session.trace();
    let max_gradient = trace
        .iter()
        .map(|x| x.temp_gradient_c)
        .fold(f64::MIN, f64::max);
    let max_rate = (60..1800)
        .map(|t| at(&session, t).temp_core_c - at(&session, t - 60).temp_core_c)
        .fold(f64::MIN, f64::max);
    assert!(max_gradient <= 4.0, "gradient {max_gradient:.1} °C");
    assert!(max_rate <= 0.5, "nasopharyngeal rise {max_rate:.2} °C/min");
    let x = at(&session, 600);
    assert!(
        x.temp_arterial_c - x.temp_core_c > 0.3,
        "the probe lags the outlet: {:.1} vs {:.1}",
        x.temp_core_c,
        x.temp_arterial_c
    );
}
