//! The phases of a whole bypass case and the heart-lung machine's parts, as a user would
//! notice them: initiation drains the patient into the reservoir and the native heart
//! stops ejecting as the pump takes over; a late cardioplegia dose lets electrical
//! activity return under the clamp; ultrafiltration and blood in the prime move the
//! haematocrit as mass balance says; the expert's whole case runs from pre-bypass to
//! decannulation with its phase events in order.

mod common;

use common::{run, scenario};
use perfsim_core::action::{
    Action, ActionError, Actor, Checklist, Drug, Fluid, PlegiaRoute, PlegiaSolution,
};
use perfsim_core::model::Signal;
use perfsim_core::model::events::Event;
use perfsim_core::model::phase::Phase;
use perfsim_core::session::Session;

const CASE: &str = "morning_list";

fn value(session: &Session, secs: usize, signal: Signal) -> f64 {
    session.trace()[secs].value(signal)
}

fn phases(session: &Session) -> Vec<(f64, Phase)> {
    session
        .events()
        .iter()
        .filter_map(|e| match e.event {
            Event::PhaseChanged { phase } => Some((e.tick as f64 / 10.0, phase)),
            _ => None,
        })
        .collect()
}

/// Heparin, then from `at_s` the venous line opened and the flow brought up in three
/// steps, the drainage matched to the flow at each as a perfusionist does.
fn initiation(at_s: f64) -> Vec<(f64, Action)> {
    let step = |t: f64, occlusion_pct: f64, flow_l_per_min: f64| {
        [
            (t, Action::SetVenousOcclusion { occlusion_pct }),
            (t, Action::SetPumpFlow { flow_l_per_min }),
        ]
    };
    let mut actions = vec![(
        5.0,
        Action::DrugBolus {
            drug: Drug::Heparin,
            dose: 27000.0,
        },
    )];
    actions.extend(step(at_s, 73.0, 1.5));
    actions.push((at_s, Action::PumpStart));
    actions.extend(step(at_s + 40.0, 40.0, 3.0));
    actions.extend(step(at_s + 80.0, 0.0, 4.0));
    actions.push((at_s + 100.0, Action::Ventilation { on: false }));
    actions
}

#[test]
fn initiation_drains_the_patient_into_the_reservoir_and_the_native_output_falls_as_flow_rises() {
    let s = scenario(CASE);
    let session = run(&s, 1, &initiation(60.0), 240.0);
    let before = |sig| value(&session, 59, sig);
    let after = |sig| value(&session, 230, sig);
    assert_eq!(before(Signal::PumpFlow), 0.0);
    assert!(
        after(Signal::Reservoir) > before(Signal::Reservoir) + 300.0,
        "the patient drains into the reservoir: {:.0} → {:.0} mL",
        before(Signal::Reservoir),
        after(Signal::Reservoir)
    );
    assert!(
        after(Signal::PatientVolume) < before(Signal::PatientVolume) - 300.0,
        "the patient's volume falls: {:.0} → {:.0} mL",
        before(Signal::PatientVolume),
        after(Signal::PatientVolume)
    );
    // The native heart's output at the end of each flow step, before and during bypass.
    let native: Vec<f64> = [59, 99, 139, 230]
        .iter()
        .map(|t| value(&session, *t, Signal::NativeCo))
        .collect();
    assert!(native[0] > 2.5, "beating before bypass: {native:?}");
    assert!(
        native.windows(2).all(|w| w[1] < w[0]),
        "native output falls as pump flow rises: {native:?}"
    );
    assert!(
        native[3] < 0.5,
        "the heart is empty on full flow: {native:?}"
    );
    let seen: Vec<Phase> = phases(&session).into_iter().map(|(_, p)| p).collect();
    assert_eq!(seen, vec![Phase::Initiation, Phase::FullBypass]);
    assert!(phases(&session)[0].0 >= 60.0);
}

fn clamp_and_plegia(redose_at_s: Option<f64>) -> Vec<(f64, Action)> {
    clamp_and_plegia_at(redose_at_s, 8.0)
}

/// On bypass, cross-clamp at 200 s, 600 mL of blood cardioplegia at `temp_c` at 210 s
/// and, if given, 300 mL more at `redose_at_s`.
fn clamp_and_plegia_at(redose_at_s: Option<f64>, temp_c: f64) -> Vec<(f64, Action)> {
    let mut actions = initiation(20.0);
    actions.push((200.0, Action::CrossClamp { on: true }));
    let dose = |volume_ml| Action::DeliverCardioplegia {
        solution: PlegiaSolution::Blood,
        route: PlegiaRoute::Antegrade,
        volume_ml,
        temp_c,
        ratio: None,
        flow_ml_per_min: None,
    };
    actions.push((210.0, dose(600.0)));
    if let Some(t) = redose_at_s {
        actions.push((t, dose(300.0)));
    }
    actions
}

fn arrest_lost_at_s(session: &Session) -> Option<f64> {
    session
        .events()
        .iter()
        .find(|e| e.event == Event::ArrestLost)
        .map(|e| e.tick as f64 / 10.0)
}

#[test]
fn a_late_cardioplegia_dose_lets_electrical_activity_return_under_the_clamp() {
    let s = scenario(CASE);
    let late = run(&s, 1, &clamp_and_plegia(None), 1800.0);
    let lost = arrest_lost_at_s(&late).expect("the arrest is lost without a redose");
    let minutes = (lost - 210.0) / 60.0;
    assert!(
        (15.0..25.0).contains(&minutes),
        "blood cardioplegia holds the arrest about 20 min, not {minutes:.1}"
    );
    assert!(value(&late, 1790, Signal::HeartRate) > 0.0);
    let on_time = run(&s, 1, &clamp_and_plegia(Some(210.0 + 17.0 * 60.0)), 1800.0);
    assert_eq!(arrest_lost_at_s(&on_time), None, "redosed at 17 min");
    assert_eq!(value(&on_time, 1790, Signal::HeartRate), 0.0);
    let doses = on_time
        .events()
        .iter()
        .filter(|e| matches!(e.event, Event::CardioplegiaGiven { .. }))
        .count();
    assert_eq!(doses, 2);
    assert_eq!(on_time.sim().case_record().doses.len(), 2);
}

#[test]
fn warm_cardioplegia_holds_the_arrest_for_less_time_than_cold() {
    let s = scenario(CASE);
    let cold = run(&s, 1, &clamp_and_plegia_at(None, 8.0), 1800.0);
    let warm = run(&s, 1, &clamp_and_plegia_at(None, 37.0), 1800.0);
    let cold_min = (arrest_lost_at_s(&cold).expect("cold lost") - 210.0) / 60.0;
    let warm_min = (arrest_lost_at_s(&warm).expect("warm lost") - 210.0) / 60.0;
    assert!(
        warm_min < cold_min - 4.0 && warm_min > 8.0,
        "warm {warm_min:.1} min, cold {cold_min:.1} min"
    );
}

#[test]
fn ultrafiltration_raises_hct_by_mass_balance_and_zero_balance_takes_potassium_instead() {
    let s = scenario("baseline");
    let uf = |zero_balance| {
        vec![
            (
                60.0,
                Action::SetUltrafiltration {
                    rate_ml_per_min: 100.0,
                    zero_balance,
                },
            ),
            (
                660.0,
                Action::SetUltrafiltration {
                    rate_ml_per_min: 0.0,
                    zero_balance,
                },
            ),
        ]
    };
    let reference = run(&s, 3, &[], 960.0);
    let filtered = run(&s, 3, &uf(false), 960.0);
    let removed_ml = filtered.sim().case_record().ultrafiltrate_ml;
    assert!((950.0..=1000.0).contains(&removed_ml), "{removed_ml}");
    let total = |session: &Session| {
        value(session, 959, Signal::PatientVolume) + value(session, 959, Signal::Reservoir) + 700.0
    };
    let hct_ref = value(&reference, 959, Signal::Hct);
    let expected = hct_ref * total(&reference) / (total(&reference) - removed_ml);
    let got = value(&filtered, 959, Signal::Hct);
    assert!(
        (got - expected).abs() < 0.5 && got > hct_ref + 2.0,
        "Hct {hct_ref:.1} → {got:.1} %, mass balance says {expected:.1} %"
    );
    let zero = run(&s, 3, &uf(true), 960.0);
    assert!((value(&zero, 959, Signal::Hct) - hct_ref).abs() < 0.2);
    assert!(
        value(&zero, 959, Signal::K) < value(&reference, 959, Signal::K) - 0.2,
        "zero-balance ultrafiltration washes potassium out"
    );
}

#[test]
fn blood_in_the_prime_raises_the_predicted_and_the_actual_hct_alike() {
    let s = scenario(CASE);
    let plain = run(&s, 2, &initiation(60.0), 600.0);
    let mut with_blood = vec![(
        2.0,
        Action::GiveFluid {
            fluid: Fluid::RedCells,
            volume_ml: 300.0,
        },
    )];
    with_blood.extend(initiation(60.0));
    let primed = run(&s, 2, &with_blood, 600.0);
    // The console's prediction before bypass (tick 0 vs after the blood went in).
    let predicted_plain = Session::new(s.clone(), 2).sim().predicted_hct_pct();
    let mut before = Session::new(s.clone(), 2);
    before
        .act(Actor::Trainee, with_blood[0].1.clone())
        .expect("blood goes into the prime");
    let predicted_primed = before.sim().predicted_hct_pct();
    let actual_plain = value(&plain, 590, Signal::Hct);
    let actual_primed = value(&primed, 590, Signal::Hct);
    assert!(
        (predicted_plain - actual_plain).abs() < 1.0,
        "prediction {predicted_plain:.1} %, on bypass {actual_plain:.1} %"
    );
    let predicted_rise = predicted_primed - predicted_plain;
    let actual_rise = actual_primed - actual_plain;
    assert!(predicted_rise > 1.0, "{predicted_rise}");
    assert!(
        (predicted_rise - actual_rise).abs() < 0.5,
        "predicted +{predicted_rise:.2}, actual +{actual_rise:.2} Hct points"
    );
}

#[test]
fn retrograde_autologous_priming_raises_the_predicted_hct_and_only_before_bypass() {
    let s = scenario(CASE);
    let mut session = Session::new(s.clone(), 1);
    let plain = session.sim().predicted_hct_pct();
    session
        .act(
            Actor::Trainee,
            Action::RetrogradeAutologousPrime { volume_ml: 400.0 },
        )
        .expect("accepted");
    let rap = session.sim().predicted_hct_pct();
    assert!(rap > plain + 1.5, "{plain:.1} → {rap:.1}");
    let on_bypass = run(&scenario("baseline"), 1, &[], 1.0);
    let mut on_bypass = on_bypass;
    on_bypass
        .act(
            Actor::Trainee,
            Action::RetrogradeAutologousPrime { volume_ml: 400.0 },
        )
        .expect("checked");
    assert_eq!(on_bypass.refused().last(), Some(&true));
}

#[test]
fn a_checklist_tick_is_logged_and_only_for_the_scenarios_lists() {
    let mut session = Session::new(scenario(CASE), 1);
    let tick = Action::CheckItem {
        list: Checklist::PreBypass,
        item: 5,
    };
    session.act(Actor::Trainee, tick.clone()).expect("ticked");
    assert_eq!(session.log().last().map(|a| &a.action), Some(&tick));
    let err = session
        .act(
            Actor::Trainee,
            Action::CheckItem {
                list: Checklist::PreBypass,
                item: 42,
            },
        )
        .expect_err("no item 42");
    assert_eq!(
        err.to_string(),
        "the Pre-bypass checklist has items 1 to 9, not 42"
    );
    let mut other = Session::new(scenario("baseline"), 1);
    let err = other
        .act(
            Actor::Trainee,
            Action::CheckItem {
                list: Checklist::Weaning,
                item: 1,
            },
        )
        .expect_err("baseline lists no checklist");
    assert!(matches!(err, ActionError::ChecklistNotInScenario { .. }));
}

#[test]
fn the_whole_case_runs_from_pre_bypass_to_decannulation_with_its_phase_events_in_order() {
    let s = scenario(CASE);
    let script =
        perfsim_core::script::load(&common::repo_path("tests/actions/morning_list_expert.ron"))
            .expect("action file");
    let mut session = Session::new(s.clone(), 1);
    session
        .run_script(&script, s.duration_ticks, |_| {})
        .expect("actions apply");
    let seen: Vec<Phase> = phases(&session).into_iter().map(|(_, p)| p).collect();
    assert_eq!(
        seen,
        vec![
            Phase::Initiation,
            Phase::FullBypass,
            Phase::CrossClamped,
            Phase::Reperfusion,
            Phase::OffBypass,
            Phase::Protamine,
            Phase::Decannulated,
        ]
    );
    assert!(
        session.trace().len() >= 3600,
        "at least 60 simulated minutes"
    );
    let coldest = session
        .trace()
        .iter()
        .map(|x| x.value(Signal::TempCore))
        .fold(f64::INFINITY, f64::min);
    assert!(coldest <= 32.5, "cooled to 32 °C: coldest {coldest:.2}");
    let record = session.sim().case_record();
    assert_eq!(record.doses.len(), 3);
    assert_eq!(arrest_lost_at_s(&session), None);
    assert!(record.clamp_s() > 45.0 * 60.0, "{}", record.clamp_s());
    assert!(record.pump_s() > record.clamp_s());
    assert!(record.urine_ml > 20.0, "{}", record.urine_ml);
    // Separated warm, and the heart carries the circulation afterwards (the core drifts
    // down a little off bypass: the afterdrop).
    let (off_s, _) = phases(&session)[4];
    assert!(value(&session, off_s as usize, Signal::TempCore) >= 35.8);
    let end = session.trace().last().expect("trace");
    assert!(end.value(Signal::TempCore) >= 35.0);
    assert!(end.value(Signal::NativeCo) > 1.5);
}

#[test]
fn walking_the_venous_line_clears_an_air_lock_and_drainage_returns() {
    use perfsim_core::action::CircuitPart;
    let s = scenario("empty_reservoir");
    let script = [
        (
            188.0,
            Action::SetPumpFlow {
                flow_l_per_min: 1.0,
            },
        ),
        (
            205.0,
            Action::CheckCircuit {
                part: CircuitPart::VenousLine,
            },
        ),
    ];
    let session = run(&s, 1, &script, 240.0);
    assert!(
        value(&session, 200, Signal::VenousReturn) < 0.8,
        "the lock stops drainage"
    );
    assert!(
        value(&session, 230, Signal::VenousReturn) > 0.9,
        "drainage returns once the air is walked out"
    );
    assert!(session.events().iter().any(|e| e.event
        == Event::CircuitChecked {
            part: CircuitPart::VenousLine,
            fault_found: true
        }));
    // Checking a line with nothing wrong finds nothing.
    let quiet = run(
        &scenario("baseline"),
        1,
        &[(
            10.0,
            Action::CheckCircuit {
                part: CircuitPart::ArterialLine,
            },
        )],
        20.0,
    );
    assert!(quiet.events().iter().any(|e| e.event
        == Event::CircuitChecked {
            part: CircuitPart::ArterialLine,
            fault_found: false
        }));
}

#[test]
fn protamine_after_separation_can_drop_the_pressure_and_the_reaction_wanes() {
    let s = scenario("after_the_valve");
    let protamine = [(
        45.0,
        Action::DrugBolus {
            drug: Drug::Protamine,
            dose: 200.0,
        },
    )];
    let session = run(&s, 1, &protamine, 1500.0);
    let before = value(&session, 40, Signal::Map);
    let worst = (60..300)
        .map(|t| value(&session, t, Signal::Map))
        .fold(f64::INFINITY, f64::min);
    assert!(worst < before - 25.0, "MAP {before:.0} → {worst:.0}");
    assert!(
        value(&session, 120, Signal::NativeCo) < value(&session, 40, Signal::NativeCo) - 0.8,
        "the right heart fails: the native output falls"
    );
    let late = value(&session, 1490, Signal::Map);
    assert!(late > worst + 15.0, "it wanes: {worst:.0} → {late:.0}");
    let seen: Vec<Phase> = phases(&session).into_iter().map(|(_, p)| p).collect();
    assert_eq!(seen, vec![Phase::Protamine]);
}

/// On bypass with the cross-clamp on (the baseline case), for `secs`.
fn clamped_with(actions: &[(f64, Action)], secs: f64) -> Session {
    run(&scenario("baseline"), 1, actions, secs)
}

#[test]
fn an_unvented_arrested_heart_distends_and_the_vent_decompresses_it_into_the_reservoir() {
    let unvented = clamped_with(&[], 600.0);
    let lv = unvented.sim().heart_lung_machine().lv_distension_ml;
    assert!(
        lv > 300.0,
        "bronchial return fills an unvented heart: {lv:.0} mL"
    );
    let vented = clamped_with(
        &[(
            1.0,
            Action::SetVent {
                flow_ml_per_min: 150.0,
            },
        )],
        600.0,
    );
    let lv_vented = vented.sim().heart_lung_machine().lv_distension_ml;
    assert!(lv_vented < 5.0, "{lv_vented}");
    // What the vent takes goes to the reservoir, not out of the body.
    let total =
        |s: &Session| value(s, 599, Signal::PatientVolume) + value(s, 599, Signal::Reservoir);
    assert!((total(&vented) - total(&unvented)).abs() < 5.0);
}

#[test]
fn a_sucker_with_nothing_to_take_empties_the_field_and_pulls_from_the_open_heart() {
    // With drainage restricted (as while weaning), what the sucker pulls from the open
    // heart is what fills the reservoir.
    let occluded = (
        1.0,
        Action::SetVenousOcclusion {
            occlusion_pct: 70.0,
        },
    );
    let sucker = (
        1.0,
        Action::SetSucker {
            flow_ml_per_min: 1500.0,
        },
    );
    let quiet = clamped_with(std::slice::from_ref(&occluded), 300.0);
    let over = clamped_with(&[occluded, sucker], 300.0);
    let gained = value(&over, 299, Signal::Reservoir) - value(&quiet, 299, Signal::Reservoir);
    assert!(gained > 300.0, "the reservoir fills: +{gained:.0} mL");
    assert!(
        value(&over, 299, Signal::PatientVolume)
            < value(&quiet, 299, Signal::PatientVolume) - 300.0
    );
}

#[test]
fn the_cell_saver_returns_washed_red_cells_from_the_field() {
    let s = scenario("redo_root");
    let without = run(&s, 1, &[], 600.0);
    let with = run(&s, 1, &[(590.0, Action::CellSaverReturn)], 600.0);
    let collected = without.sim().heart_lung_machine().cell_saver_ml;
    assert!(
        collected > 500.0,
        "half of what is shed is collected: {collected:.0} mL"
    );
    assert!(
        value(&with, 599, Signal::Reservoir) > value(&without, 599, Signal::Reservoir) + 200.0,
        "the washed cells go back into the reservoir"
    );
    // Washed cells at Hct 55 %: the circuit's haematocrit rises, not falls.
    assert!(with.sim().predicted_hct_pct() > without.sim().predicted_hct_pct() + 0.5);
    let nothing = run(
        &scenario("baseline"),
        1,
        &[(5.0, Action::CellSaverReturn)],
        6.0,
    );
    assert_eq!(nothing.refused().last(), Some(&true));
}

#[test]
fn a_level_servo_slows_the_roller_pump_instead_of_running_the_reservoir_dry() {
    let text = std::fs::read_to_string(common::repo_path("scenarios/empty_reservoir.ron"))
        .expect("scenario");
    let servo = text.replace(
        "interlocks: (level_stop: true, bubble_stop: true)",
        "interlocks: (level_servo: true)",
    );
    let plain = text.replace(
        "interlocks: (level_stop: true, bubble_stop: true)",
        "interlocks: ()",
    );
    let parse = |t: &str| {
        std::sync::Arc::new(
            perfsim_core::scenario::Scenario::parse("edited.ron", t).expect("parses"),
        )
    };
    let with_servo = run(&parse(&servo), 1, &[], 300.0);
    let lowest = with_servo
        .trace()
        .iter()
        .map(|x| x.value(Signal::Reservoir))
        .fold(f64::INFINITY, f64::min);
    assert!(
        lowest > 150.0,
        "the level holds near its minimum: {lowest:.0} mL"
    );
    assert_eq!(value(&with_servo, 299, Signal::AirDelivered), 0.0);
    assert!(
        value(&with_servo, 250, Signal::PumpFlow) < 2.0,
        "the pump slowed to the return"
    );
    let without = run(&parse(&plain), 1, &[], 300.0);
    assert!(
        value(&without, 299, Signal::AirDelivered) > 10.0,
        "without it, air is pumped"
    );
}

#[test]
fn the_whole_case_replays_bit_for_bit() {
    let s = scenario(CASE);
    let script =
        perfsim_core::script::load(&common::repo_path("tests/actions/morning_list_expert.ron"))
            .expect("action file");
    let once = || {
        let mut session = Session::new(s.clone(), 7);
        session
            .run_script(&script, s.duration_ticks, |_| {})
            .expect("actions apply");
        session
    };
    let (a, b) = (once(), once());
    assert_eq!(
        perfsim_core::trace::digest(a.trace()),
        perfsim_core::trace::digest(b.trace())
    );
    assert_eq!(a.events(), b.events());
}

/// Before bypass the circuit holds clear crystalloid prime: nothing in it can clot while
/// the patient waits for heparin. Once on bypass with heparin on board, the oxygenator
/// has its clean pressure drop and gives a full-flow PaO2, as on any fresh circuit.
#[test]
fn a_primed_circuit_does_not_clot_before_bypass() {
    let s = run(&scenario(CASE), 1, &initiation(600.0), 1500.0);
    for secs in [0, 300, 599] {
        assert!(
            value(&s, secs, Signal::ClotBurden) < 0.5,
            "clot {} % at {secs} s, before any blood reached the circuit",
            value(&s, secs, Signal::ClotBurden)
        );
    }
    let dp = value(&s, 1400, Signal::OxyDp);
    assert!(
        dp < 80.0,
        "oxygenator ΔP {dp} mmHg at 4 L/min on a fresh circuit"
    );
    let pao2 = value(&s, 1400, Signal::Pao2);
    assert!(
        pao2 > 200.0,
        "PaO2 {pao2} mmHg at FiO2 0.6 on a fresh oxygenator"
    );
}
