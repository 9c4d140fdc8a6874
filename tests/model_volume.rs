//! Volume over an uneventful case: urine, evaporation and third spacing take plasma
//! from the patient, so the reservoir drifts down and the blood concentrates a little.

mod common;

use common::{at, run, scenario};

#[test]
fn the_reservoir_drifts_down_over_an_uneventful_case() {
    let s = scenario("baseline");
    let session = run(&s, 1, &[], 2700.0);
    let (start, end) = (at(&session, 0), at(&session, 2700));
    let fall = start.reservoir_ml - end.reservoir_ml;
    // ~2.5 mL/kg/h in an 80 kg adult [U]: ~150 mL in 45 min.
    assert!(
        (80.0..=300.0).contains(&fall),
        "reservoir fell {fall:.0} mL"
    );
    assert!(
        end.hct_pct > start.hct_pct + 0.2,
        "plasma lost, Hct {:.1} → {:.1}",
        start.hct_pct,
        end.hct_pct
    );
}
