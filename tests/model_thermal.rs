//! Cooling and rewarming as phases of a bypass case, and the guideline's temperature
//! limits (Engelman 2015): the whole case shows Cooling → Cold → Rewarming →
//! Normothermic in order, once each; rewarming too hard breaks the gradient, rate and
//! outlet limits, each reported once per excursion with its value; an overheating
//! heater-cooler's outlet above 37 °C is reported.

mod common;

use common::{run, scenario};
use perfsim_core::action::Action;
use perfsim_core::model::events::Event;
use perfsim_core::model::thermal::ThermalPhase;
use perfsim_core::session::Session;

fn thermal_phases(session: &Session) -> Vec<(f64, ThermalPhase)> {
    session
        .events()
        .iter()
        .filter_map(|e| match e.event {
            Event::ThermalPhaseChanged { phase } => Some((e.tick as f64 / 10.0, phase)),
            _ => None,
        })
        .collect()
}

fn count(session: &Session, what: impl Fn(&Event) -> bool) -> usize {
    session.events().iter().filter(|e| what(&e.event)).count()
}

fn expert_case(seed: u64) -> Session {
    let s = scenario("morning_list");
    let script =
        perfsim_core::script::load(&common::repo_path("tests/actions/morning_list_expert.ron"))
            .expect("action file");
    let mut session = Session::new(s.clone(), seed);
    session
        .run_script(&script, s.duration_ticks, |_| {})
        .expect("actions apply");
    session
}

#[test]
fn the_whole_case_cools_holds_rewarms_and_ends_normothermic_in_order() {
    for seed in [1, 7] {
        let session = expert_case(seed);
        let phases = thermal_phases(&session);
        let order: Vec<ThermalPhase> = phases.iter().map(|p| p.1).collect();
        assert_eq!(
            order,
            [
                ThermalPhase::Cooling,
                ThermalPhase::Cold,
                ThermalPhase::Rewarming,
                ThermalPhase::Normothermic
            ],
            "seed {seed}: {phases:?}"
        );
        // Cooling follows the water set to 30 °C at 580 s; rewarming the water set to
        // 37 °C at 2900 s; normothermia comes before separation at 4420 s.
        let at = |p: ThermalPhase| phases.iter().find(|x| x.1 == p).map(|x| x.0);
        assert!(at(ThermalPhase::Cooling).is_some_and(|t| (580.0..900.0).contains(&t)));
        assert!(at(ThermalPhase::Cold).is_some_and(|t| (900.0..2900.0).contains(&t)));
        assert!(at(ThermalPhase::Rewarming).is_some_and(|t| (2900.0..3100.0).contains(&t)));
        assert!(at(ThermalPhase::Normothermic).is_some_and(|t| t < 4420.0));
        assert_eq!(
            session.sim().case_record().thermal_phase,
            ThermalPhase::Normothermic
        );
        // The expert rewarms within every limit.
        let limits = session.sim().case_record().thermal_limits;
        assert_eq!(limits.excursions, [0, 0, 0], "seed {seed}: {limits:?}");
    }
}

#[test]
fn rewarming_too_hard_breaks_each_limit_once_with_its_value() {
    // Rewarming from 31.5 °C, a few minutes in: the water turned up to 40 °C and the
    // flow down to 2.5 L/min (the exchanger then hands more of the water's heat on).
    let s = scenario("slow_to_warm");
    let hard = [
        (10.0, Action::SetWaterTemp { water_c: 40.0 }),
        (
            10.0,
            Action::SetPumpFlow {
                flow_l_per_min: 2.5,
            },
        ),
    ];
    let hot = run(&s, 1, &hard, 230.0);
    let gradients: Vec<f64> = hot
        .events()
        .iter()
        .filter_map(|e| match e.event {
            Event::TempGradientExceeded { gradient_c } => Some(gradient_c),
            _ => None,
        })
        .collect();
    assert_eq!(gradients.len(), 1, "one excursion: {gradients:?}");
    assert!(gradients[0] >= 4.0, "its value: {:.2} °C", gradients[0]);
    assert_eq!(
        count(
            &hot,
            |e| matches!(e, Event::RewarmingTooFast { c_per_min } if *c_per_min >= 0.5)
        ),
        1
    );
    assert_eq!(
        count(
            &hot,
            |e| matches!(e, Event::OutletTooHot { temp_c } if *temp_c > 37.0)
        ),
        1
    );
    let limits = hot.sim().case_record().thermal_limits;
    assert_eq!(limits.excursions, [1, 1, 1]);
    assert!(limits.worst_gradient_c > 5.0 && limits.worst_outlet_c > 38.0);
    // The scenario starts part-way through rewarming: no phase change at the start.
    assert_eq!(
        hot.sim().case_record().thermal_phase,
        ThermalPhase::Rewarming
    );
    assert!(thermal_phases(&hot).is_empty());
    // As the scenario is set (water 36 °C, full flow): within every limit.
    let gentle = run(&s, 1, &[], 230.0);
    assert_eq!(
        gentle.sim().case_record().thermal_limits.excursions,
        [0, 0, 0]
    );
    // The baseline patient held at 34 °C: cold, no phase change, no excursion.
    let held = run(&scenario("baseline"), 1, &[], 600.0);
    assert!(thermal_phases(&held).is_empty());
    assert_eq!(held.sim().case_record().thermal_phase, ThermalPhase::Cold);
    assert_eq!(
        held.sim().case_record().thermal_limits.excursions,
        [0, 0, 0]
    );
}

#[test]
fn an_overheating_heater_cooler_is_reported_once_with_the_outlet_temperature() {
    let session = run(&scenario("warm_water"), 1, &[], 600.0);
    let outlets: Vec<f64> = session
        .events()
        .iter()
        .filter_map(|e| match e.event {
            Event::OutletTooHot { temp_c } => Some(temp_c),
            _ => None,
        })
        .collect();
    assert_eq!(outlets.len(), 1, "{outlets:?}");
    assert!(outlets[0] > 37.0 && outlets[0] < 37.5, "{:.2}", outlets[0]);
    let worst = session.sim().case_record().thermal_limits.worst_outlet_c;
    assert!(worst > 38.0, "the record keeps the worst: {worst:.1} °C");
}

/// The whole case's rubric scores the limits: the expert's file with the water turned
/// straight up to 40 °C for rewarming fails on the outlet; the expert's own rewarming
/// (water 37 °C) does not.
#[test]
fn the_whole_case_rubric_fails_a_hot_outlet() {
    let s = scenario("morning_list");
    let mut script =
        perfsim_core::script::load(&common::repo_path("tests/actions/morning_list_expert.ron"))
            .expect("action file");
    let named = |report: &perfsim_core::scoring::report::Report, name: &str| {
        report.never_events.iter().any(|n| n.name == name)
    };
    let expert = expert_case(1).report();
    assert!(expert.passed, "{}", expert.summary());
    assert!(!named(&expert, "Arterial outlet above 37 °C"));
    let rewarm = script
        .iter_mut()
        .find(|a| a.action == Action::SetWaterTemp { water_c: 37.0 })
        .expect("the expert's rewarming");
    rewarm.action = Action::SetWaterTemp { water_c: 40.0 };
    let mut session = Session::new(s.clone(), 1);
    session
        .run_script(&script, s.duration_ticks, |_| {})
        .expect("actions apply");
    let hot = session.report();
    assert!(!hot.passed, "{}", hot.summary());
    assert!(
        named(&hot, "Arterial outlet above 37 °C"),
        "{}",
        hot.summary()
    );
}

/// The perfusion record charts the temperature phases in its Temperature column, in
/// order, and a limit's excursion as an incident.
#[test]
fn the_perfusion_record_charts_the_temperature_phases_and_the_excursions() {
    use perfsim_core::programme::perfusion::{ChartCategory, PerfusionRecord};
    use perfsim_core::review::Review;
    let chart = PerfusionRecord::of(&Review::of_session(expert_case(1)));
    let temperature: Vec<&str> = chart
        .entries
        .iter()
        .filter(|e| e.category == ChartCategory::Temperature && e.text.starts_with("Temperature"))
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(
        temperature,
        [
            "Temperature: Cooling",
            "Temperature: Cold (target held)",
            "Temperature: Rewarming",
            "Temperature: Normothermic"
        ]
    );
    let hard = run(
        &scenario("slow_to_warm"),
        1,
        &[
            (10.0, Action::SetWaterTemp { water_c: 40.0 }),
            (
                10.0,
                Action::SetPumpFlow {
                    flow_l_per_min: 2.5,
                },
            ),
        ],
        230.0,
    );
    let chart = PerfusionRecord::of(&Review::of_session(hard));
    assert!(
        chart
            .entries
            .iter()
            .any(|e| e.category == ChartCategory::Incident
                && e.text.starts_with("Arterial outlet 37.0 °C: above 37 °C"))
    );
    // Its summary keeps the worst values and counts the excursions.
    let facts = perfsim_core::programme::perfusion_render::facts(&chart);
    let limits = facts
        .iter()
        .find(|(k, _)| *k == "Temperature limits")
        .map(|(_, v)| v.as_str());
    assert!(
        limits.is_some_and(|v| v.contains("hottest outlet 38.2 °C; 3 excursions")),
        "{limits:?}"
    );
}

/// Hysteresis: the water swung straight from cooling to rewarming passes through the
/// exchanger's idle band without the record calling the patient held cold.
#[test]
fn swinging_the_water_from_cold_to_warm_goes_from_cooling_to_rewarming() {
    let s = scenario("baseline");
    let swing = [
        (10.0, Action::SetWaterTemp { water_c: 25.0 }),
        (600.0, Action::SetWaterTemp { water_c: 37.0 }),
    ];
    let session = run(&s, 1, &swing, 900.0);
    let order: Vec<ThermalPhase> = thermal_phases(&session).iter().map(|p| p.1).collect();
    assert_eq!(order, [ThermalPhase::Cooling, ThermalPhase::Rewarming]);
}
