//! Whole-run behaviour of the model: what a perfusionist would see happen.

mod common;

use common::{at, run, scenario};
use perfsim_core::action::{Action, Drug};
use perfsim_core::model::Signal;
use perfsim_core::model::alarms::Alarm;
use perfsim_core::model::events::Event;

#[test]
fn an_hour_of_uneventful_bypass_stays_in_normal_ranges() {
    let s = scenario("baseline");
    // Sensible care: redose heparin at 30 minutes as ACT drifts down.
    let session = run(
        &s,
        7,
        &[(
            1800.0,
            Action::DrugBolus {
                drug: Drug::Heparin,
                dose: 8000.0,
            },
        )],
        3600.0,
    );
    // (signal, low, high): normal on-bypass ranges from physiology.md.
    let ranges = [
        (Signal::Map, 50.0, 90.0),
        (Signal::Svo2, 65.0, 95.0),
        (Signal::Pao2, 150.0, 400.0),
        (Signal::Paco2, 32.0, 48.0),
        (Signal::Ph, 7.33, 7.50),
        (Signal::Lactate, 0.3, 2.0),
        (Signal::Do2i, 280.0, 450.0),
        (Signal::Hct, 22.0, 33.0),
        (Signal::Rso2Left, 55.0, 85.0),
        (Signal::Rso2Right, 55.0, 85.0),
        (Signal::Reservoir, 400.0, 3000.0),
        (Signal::ArtLine, 100.0, 300.0),
        (Signal::Act, 400.0, 700.0),
        (Signal::TempCore, 33.0, 35.0),
    ];
    for snap in session.trace() {
        for (signal, lo, hi) in ranges {
            let v = snap.value(signal);
            assert!(
                (lo..=hi).contains(&v),
                "{} = {v:.2} at t = {} s, outside {lo}-{hi}",
                signal.label(),
                snap.tick / 10
            );
        }
    }
    let alarms: Vec<_> = session
        .events()
        .iter()
        .filter(|e| matches!(e.event, Event::AlarmRaised { .. }))
        .collect();
    assert!(alarms.is_empty(), "no alarms in a quiet case: {alarms:?}");
}

#[test]
fn halving_sweep_roughly_doubles_paco2_at_steady_state() {
    let s = scenario("baseline");
    let paco2 = |sweep: f64| {
        let session = run(
            &s,
            1,
            &[(
                0.0,
                Action::SetSweep {
                    sweep_l_per_min: sweep,
                },
            )],
            5400.0,
        );
        at(&session, 5400).paco2_mmhg
    };
    let (high, low) = (paco2(3.0), paco2(1.5));
    let ratio = low / high;
    assert!(
        (1.6..=2.2).contains(&ratio),
        "PaCO2 {high:.1} → {low:.1}, ratio {ratio:.2}"
    );
}

#[test]
fn more_fio2_raises_pao2_along_a_roughly_linear_slope() {
    let s = scenario("baseline");
    let pao2 = |fio2: f64| {
        let session = run(&s, 1, &[(0.0, Action::SetFio2 { fio2 })], 600.0);
        at(&session, 600).post_oxy_po2_mmhg
    };
    let (half, full) = (pao2(0.5), pao2(1.0));
    // physiology.md §5: slope 400-650 mmHg per unit FiO2, FiO2 0.5 gives ~200-330.
    let slope = (full - half) / 0.5;
    assert!((400.0..=650.0).contains(&slope), "slope {slope:.0}");
    assert!(
        (200.0..=330.0).contains(&half),
        "PaO2 at FiO2 0.5: {half:.0}"
    );
}

#[test]
fn stopping_the_pump_drops_rso2_and_svo2_and_raises_lactate() {
    let s = scenario("baseline");
    let session = run(&s, 3, &[(60.0, Action::PumpStop)], 60.0 + 300.0);
    let (before, after) = (at(&session, 59), at(&session, 360));
    assert!(after.pump_flow_l_min == 0.0);
    assert!(
        after.rso2_left_pct < before.rso2_left_pct - 20.0,
        "rSO2 {:.0} → {:.0}",
        before.rso2_left_pct,
        after.rso2_left_pct
    );
    assert!(
        after.svo2_pct < before.svo2_pct - 8.0,
        "SvO2 {:.0} → {:.0}",
        before.svo2_pct,
        after.svo2_pct
    );
    assert!(
        after.lactate_mmol_l > before.lactate_mmol_l + 0.4,
        "lactate {:.2} → {:.2}",
        before.lactate_mmol_l,
        after.lactate_mmol_l
    );
    assert!(after.map_mmhg < 15.0, "MAP {:.0}", after.map_mmhg);
    assert!(after.ischaemia_37_min > 2.0);
}

#[test]
fn clamping_the_venous_line_empties_the_reservoir_in_seconds() {
    let s = scenario("baseline");
    let session = run(&s, 2, &[(10.0, Action::ClampVenous { closed: true })], 60.0);
    let full = at(&session, 10).reservoir_ml;
    let low_at = session
        .trace()
        .iter()
        .find(|x| x.reservoir_ml < 400.0)
        .map(|x| x.tick / 10)
        .expect("the reservoir runs down");
    assert!(full > 1000.0);
    assert!(low_at - 10 <= 20, "low level after {} s", low_at - 10);
    // The baseline console has its level detector on: it stops the pump before air.
    assert!(session.events().iter().any(|e| e.event
        == Event::InterlockStop {
            alarm: Alarm::LowLevel
        }));
    assert_eq!(at(&session, 60).air_delivered_ml, 0.0);
}

#[test]
fn fick_and_do2_agree_with_the_equations() {
    let s = scenario("baseline");
    let session = run(&s, 5, &[], 600.0);
    let x = at(&session, 600);
    // DO2i = CI · CaO2 · 10, CaO2 = 1.34 · Hb · SaO2 + 0.003 · PaO2.
    let cao2 = 1.34 * x.hb_g_dl * x.sao2_pct / 100.0 + 0.003 * x.pao2_mmhg;
    let do2i = x.pump_flow_index_l_min_m2 * cao2 * 10.0;
    assert!(
        (do2i - x.do2i_ml_min_m2).abs() / do2i < 0.01,
        "{do2i} vs {}",
        x.do2i_ml_min_m2
    );
    // At steady state VO2i = CI · (CaO2 − CvO2) · 10 (Fick).
    let po2v = perfsim_core::model::blood::po2_from_content(
        cao2 - x.vo2i_ml_min_m2 / (x.pump_flow_index_l_min_m2 * 10.0),
        x.hb_g_dl,
    );
    let svo2 = 100.0 * perfsim_core::model::blood::sat_from_po2(po2v);
    assert!(
        (svo2 - x.svo2_pct).abs() < 1.0,
        "Fick {svo2:.1} vs model {:.1}",
        x.svo2_pct
    );
    // MAP = CVP + Q · SVR / 80.
    let map = x.cvp_mmhg + x.pump_flow_l_min * x.svr_dyn_s_cm5 / 80.0;
    assert!((map - x.map_mmhg).abs() < 1.0, "{map} vs {}", x.map_mmhg);
}

#[test]
fn oxygen_consumption_halves_with_ten_degrees_of_cooling() {
    let s = scenario("baseline");
    let vo2 = |water_c: f64| {
        let session = run(&s, 1, &[(0.0, Action::SetWaterTemp { water_c })], 7200.0);
        let x = at(&session, 7200).clone();
        (x.vo2i_ml_min_m2, x.temp_bladder_c)
    };
    let (warm, t_warm) = vo2(37.0);
    let (cold, t_cold) = vo2(27.0);
    // Q10 = 2 (physiology.md §2): VO2 ratio = 2^(ΔT/10).
    let expected = 2f64.powf((t_cold - t_warm) / 10.0);
    assert!(t_warm > 36.0 && t_cold < 28.5, "{t_warm} {t_cold}");
    assert!(
        ((cold / warm) - expected).abs() < 0.05,
        "{cold}/{warm} vs {expected}"
    );
}

#[test]
fn a_roller_pump_run_dry_pumps_air_to_the_patient() {
    let mut s = (*scenario("baseline")).clone();
    s.model.circuit.interlocks.level_stop = false;
    s.model.circuit.interlocks.bubble_stop = false;
    let s = std::sync::Arc::new(s);
    let session = run(&s, 2, &[(10.0, Action::ClampVenous { closed: true })], 90.0);
    let end = at(&session, 90);
    assert!(
        end.air_delivered_ml > 50.0,
        "air {:.0} mL",
        end.air_delivered_ml
    );
    assert!(
        end.rso2_right_pct < 50.0,
        "rSO2 R {:.0}",
        end.rso2_right_pct
    );
    assert!(session.events().iter().any(|e| e.event
        == Event::AlarmRaised {
            alarm: Alarm::Bubble
        }));
}

#[test]
fn phenylephrine_raises_map_at_constant_flow() {
    let s = scenario("baseline");
    let session = run(
        &s,
        1,
        &[(
            60.0,
            Action::DrugBolus {
                drug: Drug::Phenylephrine,
                dose: 200.0,
            },
        )],
        60.0 + 1200.0,
    );
    let base = at(&session, 59).map_mmhg;
    let peak = session.trace()[60..300]
        .iter()
        .map(|x| x.map_mmhg)
        .fold(0.0, f64::max);
    // A bolus lasts 10-20 min (physiology.md §4 [S42]).
    let later = at(&session, 1260).map_mmhg;
    assert!(peak > base + 8.0, "MAP {base:.0} → peak {peak:.0}");
    assert!(later < base + 3.0, "wears off: {later:.0}");
}

fn centrifugal_baseline() -> std::sync::Arc<perfsim_core::scenario::Scenario> {
    let mut s = (*scenario("baseline")).clone();
    s.model.circuit.pump = perfsim_core::model::config::PumpKind::Centrifugal;
    std::sync::Arc::new(s)
}

#[test]
fn a_centrifugal_pump_loses_flow_against_afterload_and_runs_backwards_when_stopped() {
    let s = centrifugal_baseline();
    let session = run(
        &s,
        1,
        &[
            (60.0, Action::SetSvrFactor { factor: 2.0 }),
            (300.0, Action::PumpStop),
        ],
        330.0,
    );
    let before = at(&session, 59);
    let squeezed = at(&session, 290);
    assert!(
        (4.5..5.1).contains(&before.pump_flow_l_min),
        "set flow reached: {:.2}",
        before.pump_flow_l_min
    );
    assert!(
        squeezed.pump_flow_l_min < before.pump_flow_l_min - 0.4,
        "same rpm, higher SVR, less flow: {:.2} → {:.2}",
        before.pump_flow_l_min,
        squeezed.pump_flow_l_min
    );
    assert_eq!(before.pump_rpm, squeezed.pump_rpm);
    assert!(
        at(&session, 310).pump_flow_l_min < 0.0,
        "backflow through a stopped head"
    );
}

#[test]
fn lab_results_arrive_after_turnaround_with_values_from_the_sampling_moment() {
    use perfsim_core::action::LabKind;
    let s = scenario("baseline");
    let session = run(
        &s,
        4,
        &[
            (100.0, Action::RequestLab { lab: LabKind::Act }),
            (
                110.0,
                Action::DrugBolus {
                    drug: Drug::Heparin,
                    dose: 20000.0,
                },
            ),
        ],
        400.0,
    );
    let lab = &session.sim().labs()[0];
    assert!(
        !lab.is_ready(100 * 10 + 100),
        "not ready before the turnaround"
    );
    assert!(lab.is_ready(session.tick()));
    let reported = lab.value(Signal::Act).unwrap();
    let at_sampling = at(&session, 100).act_s;
    let now = at(&session, 400).act_s;
    assert!(
        (reported - at_sampling).abs() < 50.0,
        "{reported:.0} vs {at_sampling:.0}"
    );
    assert!(
        now > at_sampling + 150.0,
        "the later heparin is not in the result"
    );
    assert!(
        session
            .events()
            .iter()
            .any(|e| matches!(e.event, Event::LabResult { .. }))
    );
}

#[test]
fn protamine_on_bypass_reverses_heparin_and_the_circuit_clots() {
    let s = scenario("baseline");
    let session = run(
        &s,
        1,
        &[(
            60.0,
            Action::DrugBolus {
                drug: Drug::Protamine,
                dose: 300.0,
            },
        )],
        1800.0,
    );
    let (before, after) = (at(&session, 59), at(&session, 1800));
    assert!(after.act_s < 200.0, "ACT {:.0}", after.act_s);
    assert!(
        after.oxy_dp_mmhg > 1.5 * before.oxy_dp_mmhg,
        "ΔP {:.0} → {:.0}",
        before.oxy_dp_mmhg,
        after.oxy_dp_mmhg
    );
}

#[test]
fn the_heart_wakes_after_the_cross_clamp_comes_off_and_can_be_defibrillated() {
    use perfsim_core::model::events::Rhythm;
    let mut s = (*scenario("baseline")).clone();
    s.model.start.temp_c = 36.5;
    s.model.start.water_c = 37.0;
    let s = std::sync::Arc::new(s);
    // Two seeds cover both outcomes of reperfusion (sinus or VF).
    for seed in 0..6 {
        let session = run(
            &s,
            seed,
            &[
                (10.0, Action::CrossClamp { on: false }),
                (900.0, Action::Defibrillate),
                (901.0, Action::Ventilation { on: true }),
                (
                    950.0,
                    Action::GiveFluid {
                        fluid: perfsim_core::action::Fluid::Albumin,
                        volume_ml: 1000.0,
                    },
                ),
                (
                    960.0,
                    Action::SetVenousOcclusion {
                        occlusion_pct: 70.0,
                    },
                ),
                (
                    961.0,
                    Action::SetPumpFlow {
                        flow_l_per_min: 2.0,
                    },
                ),
            ],
            1500.0,
        );
        assert!(
            matches!(session.sim().rhythm(), Rhythm::Sinus),
            "seed {seed}: {:?}",
            session.sim().rhythm()
        );
        assert_eq!(at(&session, 5).native_co_l_min, 0.0, "arrested at first");
        let end = at(&session, 1500);
        assert!(
            end.native_co_l_min > 2.5,
            "seed {seed}: ejecting when filled, CO {:.1} at CVP {:.0}",
            end.native_co_l_min,
            end.cvp_mmhg
        );
    }
}

#[test]
fn fluids_and_red_cells_move_haematocrit_by_mass_balance() {
    use perfsim_core::action::Fluid;
    let s = scenario("baseline");
    let session = run(
        &s,
        1,
        &[
            (
                60.0,
                Action::GiveFluid {
                    fluid: Fluid::Crystalloid,
                    volume_ml: 1000.0,
                },
            ),
            (
                600.0,
                Action::GiveFluid {
                    fluid: Fluid::RedCells,
                    volume_ml: 300.0,
                },
            ),
        ],
        1200.0,
    );
    let x0 = at(&session, 59);
    let total0 = x0.patient_volume_ml + x0.reservoir_ml + 700.0;
    // Hct_on = Hct · V / (V + V_cryst), once mixed (physiology.md §1).
    let expect1 = perfsim_core::model::patient::hct_after_dilution_pct(x0.hct_pct, total0, 1000.0);
    let x1 = at(&session, 590);
    assert!(
        (x1.hct_pct - expect1).abs() < 0.3,
        "{:.2} vs {expect1:.2}",
        x1.hct_pct
    );
    // RBC addition: Hct = (Hct·V + Hct_u·V_u) / (V + V_u).
    let total1 = total0 + 1000.0;
    let expect2 = (x1.hct_pct * total1 + 60.0 * 300.0) / (total1 + 300.0);
    let x2 = at(&session, 1200);
    assert!(
        (x2.hct_pct - expect2).abs() < 0.3,
        "{:.2} vs {expect2:.2}",
        x2.hct_pct
    );
}

#[test]
fn an_hour_twenty_percent_below_critical_delivery_raises_lactate_to_three_or_four() {
    let s = scenario("baseline");
    // physiology.md §2 [U] calibration: DO2crit = VO2 demand / O2ERmax (0.35); flow
    // chosen for DO2i ≈ 0.8 · crit.
    let session = run(
        &s,
        1,
        &[(
            0.0,
            Action::SetPumpFlow {
                flow_l_per_min: 2.6,
            },
        )],
        3600.0,
    );
    let demand_vo2i = at(&session, 0).vo2i_ml_min_m2;
    let x = at(&session, 3600);
    let ratio = x.do2i_ml_min_m2 / (demand_vo2i / 0.35);
    assert!((0.75..0.85).contains(&ratio), "DO2i/crit {ratio:.2}");
    assert!(
        (3.0..4.0).contains(&x.lactate_mmol_l),
        "lactate {:.2}",
        x.lactate_mmol_l
    );
    assert!(
        x.be_mmol_l < -1.5,
        "base deficit follows lactate: {:.1}",
        x.be_mmol_l
    );
}

#[test]
fn antithrombin_given_during_heparin_resistance_stays_given() {
    use perfsim_core::model::faults::{FaultKind, FaultSpec, Onset};
    let mut s = (*scenario("baseline")).clone();
    s.model.faults.push(FaultSpec {
        kind: FaultKind::HeparinResistance,
        onset: Onset::AtSecs(60.0),
        ramp_s: 900.0,
        severity: 0.7,
    });
    let s = std::sync::Arc::new(s);
    let at = |actions: &[(f64, Action)]| {
        let session = run(&s, 1, actions, 1200.0);
        let x = at(&session, 1200).clone();
        (
            x.antithrombin_pct,
            x.patient_volume_ml + x.reservoir_ml + 700.0,
            x.hct_pct,
        )
    };
    let (without, total_ml, hct) = at(&[]);
    let (with, _, _) = at(&[(
        400.0,
        Action::DrugBolus {
            drug: Drug::Antithrombin,
            dose: 2000.0,
        },
    )]);
    let plasma_ml = total_ml * (1.0 - hct / 100.0);
    let expected_rise = 2000.0 / plasma_ml * 100.0;
    assert!(
        without < 45.0,
        "resistance lowers antithrombin: {without:.0} %"
    );
    assert!(
        ((with - without) - expected_rise).abs() < 0.1 * expected_rise,
        "2000 U raised antithrombin by {:.1} points, expected {expected_rise:.1}",
        with - without
    );
}
