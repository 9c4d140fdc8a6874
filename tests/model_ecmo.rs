//! ECMO on whole runs: each mechanism of the VA and VV circuits as a user would see it
//! on the monitors and the trace, and the equations the trace must satisfy (Rf,
//! effective flow, Fick, O2 content).

mod common;

use common::{at, run, scenario};
use perfsim_core::action::{Action, Actor, Fluid};
use perfsim_core::model::blood::{o2_content, sat_from_po2};
use perfsim_core::model::faults::{FaultKind, FaultSpec, Onset};
use perfsim_core::model::{Signal, Snapshot};
use perfsim_core::session::Session;
use perfsim_core::trace::CsvTrace;

fn rpm(rpm: f64) -> Action {
    Action::SetPumpRpm { rpm }
}

fn inject(kind: FaultKind, ramp_s: f64, severity: f64) -> Action {
    Action::InjectFault {
        fault: FaultSpec {
            kind,
            onset: Onset::AtSecs(0.0),
            ramp_s,
            severity,
        },
    }
}

/// The mean of a signal over `from..to` seconds (the drainage line chatters).
fn mean(session: &Session, signal: Signal, from: usize, to: usize) -> f64 {
    let t = &session.trace()[from..to];
    t.iter().map(|s| s.value(signal)).sum::<f64>() / t.len() as f64
}

/// PO2 at a saturation (fraction), by bisection on the model's dissociation curve.
fn po2_at_sat(sat: f64) -> f64 {
    let (mut lo, mut hi) = (1.0, 700.0);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if sat_from_po2(mid) < sat {
            lo = mid
        } else {
            hi = mid
        }
    }
    0.5 * (lo + hi)
}

#[test]
fn vv_recirculation_rises_with_flow_and_arterial_saturation_follows_ecmo_flow() {
    let s = scenario("ecmo_vv_1");
    let low = run(&s, 1, &[(1.0, rpm(1900.0))], 240.0);
    let mid = run(&s, 1, &[(1.0, rpm(2340.0))], 240.0);
    let high = run(&s, 1, &[(1.0, rpm(3000.0))], 240.0);
    let r = |x: &Session| mean(x, Signal::Recirculation, 60, 110);
    let q = |x: &Session| mean(x, Signal::EcmoFlow, 60, 110);
    let sao2 = |x: &Session| at(x, 230).sao2_pct;
    assert!(
        q(&low) < q(&mid) && q(&mid) < q(&high),
        "{} {} {}",
        q(&low),
        q(&mid),
        q(&high)
    );
    assert!(
        r(&low) < r(&mid) && r(&mid) + 5.0 < r(&high),
        "recirculation {:.1} {:.1} {:.1} % at {:.1} {:.1} {:.1} L/min",
        r(&low),
        r(&mid),
        r(&high),
        q(&low),
        q(&mid),
        q(&high)
    );
    // Less ECMO flow for the same cardiac output: lower SaO2.
    assert!(
        sao2(&low) + 3.0 < sao2(&mid),
        "{} {}",
        sao2(&low),
        sao2(&mid)
    );
}

#[test]
fn vv_saturation_falls_as_cardiac_output_rises_at_the_same_ecmo_flow() {
    // With no native lung (shunt 1, Spinelli & Bartlett's case), a higher native output
    // at the same ECMO flow lowers EF/CO and with it SaO2.
    let text = std::fs::read_to_string(common::repo_path("scenarios/ecmo_vv_1.ron"))
        .expect("scenario")
        .replace("lung_shunt_fraction: 0.85", "lung_shunt_fraction: 1.0");
    let s = std::sync::Arc::new(
        perfsim_core::scenario::Scenario::parse("no_lung.ron", &text).expect("parses"),
    );
    let epi = |rate_per_min| Action::SetInfusion {
        drug: perfsim_core::action::Drug::Epinephrine,
        rate_per_min,
    };
    // (Before the scenario's fault at 120 s.)
    let base = run(&s, 2, &[], 115.0);
    let more = run(&s, 2, &[(1.0, epi(30.0))], 115.0);
    let (b, e) = (at(&base, 110), at(&more, 110));
    assert!(
        e.native_co_l_min > b.native_co_l_min + 0.2,
        "CO {} {}",
        b.native_co_l_min,
        e.native_co_l_min
    );
    let ratio = |x: &Snapshot| x.effective_flow_l_min / x.native_co_l_min;
    assert!(ratio(e) < ratio(b));
    assert!(
        e.sao2_pct < b.sao2_pct - 0.4,
        "SaO2 {} {}",
        b.sao2_pct,
        e.sao2_pct
    );
}

#[test]
fn trace_holds_rf_effective_flow_fick_and_o2_content() {
    let s = scenario("ecmo_vv_1");
    let session = run(&s, 3, &[], 110.0);
    let x = at(&session, 100);
    let rf = (x.pre_oxy_so2_pct - x.svo2_pct) / (x.post_oxy_so2_pct - x.svo2_pct);
    assert!(
        (100.0 * rf - x.recirculation_pct).abs() < 2.0,
        "Rf from saturations {:.1} %, model {:.1} %",
        100.0 * rf,
        x.recirculation_pct
    );
    let ef = (1.0 - x.recirculation_pct / 100.0) * x.ecmo_flow_l_min;
    assert!(
        (ef - x.effective_flow_l_min).abs() < 1e-3,
        "{ef} {}",
        x.effective_flow_l_min
    );
    // O2 content: the oxygenator's transfer is Q·(Cpost − Cpre)·10.
    let c = |sat_pct: f64, po2: f64| 1.34 * x.hb_g_dl * sat_pct / 100.0 + 0.003 * po2;
    let transfer = x.ecmo_flow_l_min
        * 10.0
        * (c(x.post_oxy_so2_pct, x.post_oxy_po2_mmhg) - c(x.pre_oxy_so2_pct, x.pre_oxy_po2_mmhg));
    assert!(
        (transfer / x.o2_transfer_ml_min - 1.0).abs() < 0.03,
        "O2 transfer from contents {transfer:.0}, model {:.0} mL/min",
        x.o2_transfer_ml_min
    );
    assert!(
        (o2_content(x.hb_g_dl, x.pao2_mmhg) - c(x.sao2_pct, x.pao2_mmhg)).abs() < 0.05,
        "arterial content"
    );
    // Fick on VV: all systemic flow is the native output.
    let bsa = x.ecmo_flow_l_min / x.pump_flow_index_l_min_m2;
    let ca = o2_content(x.hb_g_dl, x.pao2_mmhg);
    let cv = o2_content(x.hb_g_dl, po2_at_sat(x.svo2_pct / 100.0));
    let fick = x.native_co_l_min * 10.0 * (ca - cv);
    let vo2 = x.vo2i_ml_min_m2 * bsa;
    assert!(
        (fick / vo2 - 1.0).abs() < 0.05,
        "Fick {fick:.0}, VO2 {vo2:.0} mL/min"
    );
}

#[test]
fn va_differential_hypoxia_right_hand_below_femoral_and_not_after_a_jugular_return() {
    let s = scenario("ecmo_va_1");
    let untreated = run(&s, 1, &[], 900.0);
    let x = at(&untreated, 890);
    assert!(
        x.sao2_right_radial_pct < x.sao2_femoral_pct - 10.0 && x.sao2_right_radial_pct < 88.0,
        "right hand {:.1}, femoral {:.1}",
        x.sao2_right_radial_pct,
        x.sao2_femoral_pct
    );
    let fixed = run(
        &s,
        1,
        &[
            (
                400.0,
                Action::SetVentilator {
                    fio2: 1.0,
                    peep_cmh2o: 12.0,
                    rate_per_min: 14.0,
                },
            ),
            (405.0, rpm(3400.0)),
            (410.0, Action::ConvertToVav),
        ],
        900.0,
    );
    let y = at(&fixed, 890);
    assert!(
        y.sao2_right_radial_pct > 93.0 && y.sao2_femoral_pct - y.sao2_right_radial_pct < 5.0,
        "after the fix: right hand {:.1}, femoral {:.1}",
        y.sao2_right_radial_pct,
        y.sao2_femoral_pct
    );
    assert!(y.rso2_right_pct > x.rso2_right_pct + 5.0);
}

#[test]
fn va_pulse_pressure_falls_as_ecmo_takes_over() {
    let s = scenario("ecmo_va_5");
    let low = run(&s, 1, &[(1.0, rpm(2300.0))], 200.0);
    let high = run(&s, 1, &[(1.0, rpm(3600.0))], 200.0);
    let (l, h) = (at(&low, 190), at(&high, 190));
    assert!(h.ecmo_flow_l_min > l.ecmo_flow_l_min + 1.5);
    assert!(
        h.pulse_pressure_mmhg < 0.8 * l.pulse_pressure_mmhg
            && h.native_co_l_min < l.native_co_l_min,
        "pulse pressure {:.0} → {:.0} mmHg",
        l.pulse_pressure_mmhg,
        h.pulse_pressure_mmhg
    );
    // Higher flow raises the afterload the left ventricle ejects against.
    assert!(h.map_mmhg > l.map_mmhg);
}

#[test]
fn hypovolaemia_at_high_speed_drops_p1_below_minus_100_and_flow_falls_and_chatters() {
    let s = scenario("ecmo_vv_1");
    let full = run(&s, 1, &[(1.0, rpm(3000.0))], 200.0);
    let empty = run(
        &s,
        1,
        &[
            (1.0, rpm(3000.0)),
            (2.0, inject(FaultKind::Bleeding, 0.0, 1.0)),
        ],
        200.0,
    );
    let q_full = mean(&full, Signal::EcmoFlow, 150, 190);
    let q_empty = mean(&empty, Signal::EcmoFlow, 150, 190);
    let p1_full = at(&full, 190).p_drainage_mmhg;
    let p1_empty = mean(&empty, Signal::PDrainage, 150, 190);
    assert!(p1_full > -100.0, "a full patient: P1 {p1_full:.0}");
    assert!(
        p1_empty < -100.0,
        "an empty patient at the same speed: P1 {p1_empty:.0}"
    );
    assert!(
        q_empty < 0.8 * q_full,
        "flow {q_full:.2} → {q_empty:.2} L/min"
    );
    // Chatter: the flow swings from second to second.
    let flows: Vec<f64> = empty.trace()[150..190]
        .iter()
        .map(|x| x.ecmo_flow_l_min)
        .collect();
    let swing = flows.iter().cloned().fold(f64::MIN, f64::max)
        - flows.iter().cloned().fold(f64::MAX, f64::min);
    assert!(swing > 0.2, "flow swing {swing:.2} L/min");
    assert!(
        empty
            .sim()
            .alarms_active()
            .contains(perfsim_core::model::alarms::Alarm::DrainageSuction)
    );
}

#[test]
fn haemolysis_rises_with_a_pump_head_thrombus_and_stops_with_a_new_circuit() {
    let s = scenario("ecmo_vv_1");
    let clean = run(&s, 1, &[], 1800.0);
    let thrombus = run(
        &s,
        1,
        &[(10.0, inject(FaultKind::PumpHeadThrombus, 300.0, 1.0))],
        1800.0,
    );
    let (c, t) = (at(&clean, 1790), at(&thrombus, 1790));
    assert!(c.plasma_free_hb_mg_dl < 6.0, "{}", c.plasma_free_hb_mg_dl);
    assert!(t.plasma_free_hb_mg_dl > 20.0, "{}", t.plasma_free_hb_mg_dl);
    // The thrombus takes head from the pump: less flow at the same speed.
    assert!(t.ecmo_flow_l_min < c.ecmo_flow_l_min - 0.2);
}

#[test]
fn oxygenator_clot_raises_dp_over_q_and_lowers_post_oxygenator_po2() {
    let s = scenario("ecmo_vv_3");
    let session = run(&s, 1, &[], 1200.0);
    let (a, b) = (at(&session, 30), at(&session, 1190));
    let r = |x: &Snapshot| x.oxy_dp_mmhg / x.ecmo_flow_l_min;
    assert!(r(b) > 1.5 * r(a), "ΔP/Q {:.1} → {:.1}", r(a), r(b));
    assert!(b.post_oxy_po2_mmhg < 200.0 && a.post_oxy_po2_mmhg > 400.0);
    // A clotting oxygenator does not haemolyse (Lehle 2015): free Hb stays low.
    assert!(b.plasma_free_hb_mg_dl < 10.0);
}

#[test]
fn a_stopped_va_pump_runs_backwards_until_the_return_is_clamped() {
    let s = scenario("ecmo_va_2");
    let open = run(&s, 1, &[], 300.0);
    assert!(
        at(&open, 290).ecmo_flow_l_min < -0.3,
        "backflow {}",
        at(&open, 290).ecmo_flow_l_min
    );
    let clamped = run(
        &s,
        1,
        &[(245.0, Action::ClampReturn { closed: true })],
        300.0,
    );
    assert_eq!(at(&clamped, 290).ecmo_flow_l_min, 0.0);
    let cranked = run(
        &s,
        1,
        &[
            (245.0, Action::ClampReturn { closed: true }),
            (
                250.0,
                Action::HandCrank {
                    flow_l_per_min: 3.0,
                },
            ),
            (252.0, Action::ClampReturn { closed: false }),
        ],
        300.0,
    );
    assert!(at(&cranked, 290).ecmo_flow_l_min > 2.5);
}

#[test]
fn same_speed_other_flow_when_the_return_kinks_or_afterload_rises() {
    let s = scenario("ecmo_va_5");
    let base = run(&s, 1, &[], 120.0);
    let svr = run(&s, 1, &[(1.0, Action::SetSvrFactor { factor: 2.0 })], 120.0);
    let (b, v) = (at(&base, 110), at(&svr, 110));
    assert_eq!(b.pump_rpm, v.pump_rpm);
    assert!(
        v.ecmo_flow_l_min < b.ecmo_flow_l_min - 0.3,
        "{} {}",
        b.ecmo_flow_l_min,
        v.ecmo_flow_l_min
    );
    assert!(v.p_post_oxy_mmhg > b.p_post_oxy_mmhg);
}

#[test]
fn bypass_only_controls_are_refused_on_ecmo_and_ecmo_controls_on_bypass() {
    let mut ecmo = Session::new(scenario("ecmo_vv_1"), 1);
    let err = ecmo
        .act(Actor::Trainee, Action::ClampArterial { closed: true })
        .expect_err("no arterial line clamp on ECMO");
    assert_eq!(
        err.to_string(),
        "action ClampArterial is not available on VV ECMO"
    );
    assert!(
        ecmo.act(
            Actor::Trainee,
            Action::SetPumpFlow {
                flow_l_per_min: 4.0
            }
        )
        .is_err()
    );
    assert!(
        ecmo.act(
            Actor::Trainee,
            Action::GiveFluid {
                fluid: Fluid::RedCells,
                volume_ml: 500.0
            }
        )
        .is_ok()
    );
    let mut cpb = Session::new(scenario("baseline"), 1);
    let err = cpb
        .act(Actor::Trainee, Action::ClampReturn { closed: true })
        .expect_err("no return clamp on bypass");
    assert_eq!(
        err.to_string(),
        "action ClampReturn is not available on cardiopulmonary bypass"
    );
}

#[test]
fn ecmo_columns_are_empty_on_bypass_and_bypass_columns_empty_on_ecmo() {
    let csv = |name: &str| {
        let session = run(&scenario(name), 1, &[], 3.0);
        let mut out = Vec::new();
        let mut w = CsvTrace::new(&mut out).expect("header");
        w.write(&session.trace()[2]).expect("row");
        w.finish().expect("flush");
        let text = String::from_utf8(out).expect("utf-8");
        let mut lines = text.lines();
        let header: Vec<String> = lines
            .next()
            .expect("header")
            .split(',')
            .map(String::from)
            .collect();
        let row: Vec<String> = lines
            .next()
            .expect("row")
            .split(',')
            .map(String::from)
            .collect();
        header
            .into_iter()
            .zip(row)
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let named = [
        "ecmo_flow_l_min",
        "pump_rpm",
        "p_drainage_mmhg",
        "p_pre_oxy_mmhg",
        "p_post_oxy_mmhg",
        "oxy_dp_mmhg",
        "pre_oxy_so2_pct",
        "post_oxy_so2_pct",
        "recirculation_pct",
        "effective_flow_l_min",
        "sao2_right_radial_pct",
        "sao2_femoral_pct",
        "pulse_pressure_mmhg",
        "plasma_free_hb_mg_dl",
        "anti_xa_u_ml",
    ];
    let vv = csv("ecmo_vv_1");
    for column in named {
        assert!(!vv[column].is_empty(), "{column} empty on VV");
    }
    assert_eq!(vv["reservoir_ml"], "", "a VV circuit has no reservoir");
    let va = csv("ecmo_va_1");
    assert_eq!(
        va["recirculation_pct"], "",
        "a VA return never recirculates"
    );
    assert!(!va["sao2_femoral_pct"].is_empty());
    let cpb = csv("baseline");
    for column in named {
        let empty = cpb[column].is_empty();
        // The bypass console has its own pump speed and oxygenator ΔP.
        assert_eq!(
            empty,
            !matches!(column, "pump_rpm" | "oxy_dp_mmhg"),
            "{column} on bypass"
        );
    }
    assert!(!cpb["reservoir_ml"].is_empty());
}

#[test]
fn pump_height_moves_the_circuit_pressures_not_the_flow() {
    // A bench study found bed height changed circuit pressures but not flow (ecmo.md §0).
    let text = std::fs::read_to_string(common::repo_path("scenarios/ecmo_vv_1.ron"))
        .expect("scenario")
        .replace(
            "tip_distance_cm: 22,",
            "tip_distance_cm: 22, pump_below_patient_cm: 40,",
        );
    let low = std::sync::Arc::new(
        perfsim_core::scenario::Scenario::parse("low_pump.ron", &text).expect("parses"),
    );
    let (a, b) = (
        run(&scenario("ecmo_vv_1"), 1, &[], 60.0),
        run(&low, 1, &[], 60.0),
    );
    let (x, y) = (at(&a, 50), at(&b, 50));
    assert!((x.ecmo_flow_l_min - y.ecmo_flow_l_min).abs() < 0.01);
    let rise = y.p_drainage_mmhg - x.p_drainage_mmhg;
    assert!(
        (rise - 31.2).abs() < 0.5,
        "P1 rose {rise:.1} mmHg for 40 cm"
    );
    assert!((y.p_post_oxy_mmhg - x.p_post_oxy_mmhg - 31.2).abs() < 0.5);
}

#[test]
fn a_ruptured_circuit_bleeds_while_it_flows_and_not_once_clamped() {
    let s = scenario("ecmo_vv_1");
    let leak = run(
        &s,
        1,
        &[(10.0, inject(FaultKind::CircuitRupture, 0.0, 1.0))],
        130.0,
    );
    let lost = at(&leak, 10).patient_volume_ml - at(&leak, 70).patient_volume_ml;
    assert!(
        (1000.0..1300.0).contains(&lost),
        "lost {lost:.0} mL in a minute"
    );
    let clamped = run(
        &s,
        1,
        &[
            (10.0, inject(FaultKind::CircuitRupture, 0.0, 1.0)),
            (20.0, Action::ClampReturn { closed: true }),
            (22.0, Action::ClampDrainage { closed: true }),
        ],
        130.0,
    );
    let v = |t| at(&clamped, t).patient_volume_ml;
    assert!((v(30) - v(110)).abs() < 1.0, "{} → {}", v(30), v(110));
}

#[test]
fn a_worsening_heart_on_va_loses_its_pulse_pressure_and_output() {
    let s = scenario("ecmo_va_5");
    let worse = run(
        &s,
        1,
        &[(10.0, inject(FaultKind::HeartWorsening, 120.0, 1.0))],
        300.0,
    );
    let (a, b) = (at(&worse, 5), at(&worse, 290));
    assert!(b.native_co_l_min < 0.4 * a.native_co_l_min);
    assert!(b.pulse_pressure_mmhg < 0.4 * a.pulse_pressure_mmhg);
    // The circuit still carries him: MAP falls but does not collapse.
    assert!(b.map_mmhg > 40.0 && b.map_mmhg < a.map_mmhg);
}

#[test]
fn ecmo_files_with_the_wrong_circuit_name_the_line_and_what_was_expected() {
    use perfsim_core::model::circuit::Applicability;
    use perfsim_core::model::config::CircuitKind;
    let text = std::fs::read_to_string(common::repo_path("scenarios/ecmo_va_1.ron"))
        .expect("scenario")
        .replace("cannulation: FemoroFemoral", "cannulation: DualLumen");
    let line = 1 + text
        .lines()
        .position(|l| l.contains("cannulation: DualLumen"))
        .expect("the edited line");
    let err = perfsim_core::scenario::Scenario::parse("va.ron", &text)
        .expect_err("a VV cannula on VA")
        .to_string();
    assert!(err.starts_with(&format!("va.ron:{line}:")), "{err}");
    assert!(err.contains("expected FemoroFemoral or Central"), "{err}");
    // An action file with a bypass clamp, run on ECMO.
    let actions = "[\n    (t_s: 10, action: ClampReturn(closed: true)),\n    (t_s: 12, action: ClampArterial(closed: true)),\n]";
    let err = perfsim_core::script::parse_with(
        "a.ron",
        actions,
        Some(Applicability::of(CircuitKind::VaEcmo)),
    )
    .expect_err("no arterial clamp on ECMO")
    .to_string();
    assert!(err.starts_with("a.ron:3:"), "{err}");
    assert!(
        err.contains("ClampArterial is not available on VA ECMO"),
        "{err}"
    );
}
