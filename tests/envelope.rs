//! The validity envelope: a sweep of patients and settings over which each relation of
//! docs/physiology.md holds within its stated tolerance. docs/validation.md carries the
//! table; this test is its evidence. Each case starts steady at its temperature and
//! runs 20 simulated minutes before the relations are checked on the last sample.

mod common;

use std::sync::Arc;

use common::{run, scenario};
use perfsim_core::model::blood::{base_excess, o2_content, po2_from_content, sat_from_po2};
use perfsim_core::model::patient::{Sex, ebv_ml};
use perfsim_core::model::snapshot::Snapshot;

/// One point of the envelope.
#[derive(Clone, Copy, Debug)]
struct Case {
    weight_kg: f64,
    sex: Sex,
    hct_pre_pct: f64,
    flow_l_min: f64,
    temp_c: f64,
    fio2: f64,
}

const WEIGHTS_KG: [f64; 5] = [40.0, 60.0, 85.0, 115.0, 150.0];
const FLOWS_L_MIN: [f64; 4] = [1.5, 3.0, 4.5, 7.0];
const TEMPS_C: [f64; 3] = [18.0, 28.0, 37.0];
const HCTS_PCT: [f64; 3] = [28.0, 38.0, 48.0];
const FIO2S: [f64; 4] = [0.4, 0.6, 0.8, 1.0];
const PRIME_ML: f64 = 1500.0;
const RUN_S: u64 = 1200;

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut i = 0;
    for w in WEIGHTS_KG {
        for q in FLOWS_L_MIN {
            for t in TEMPS_C {
                out.push(Case {
                    weight_kg: w,
                    sex: if i % 2 == 0 { Sex::Male } else { Sex::Female },
                    hct_pre_pct: HCTS_PCT[i % 3],
                    flow_l_min: q,
                    temp_c: t,
                    fio2: FIO2S[i % 4],
                });
                i += 1;
            }
        }
    }
    out
}

fn run_case(c: &Case) -> (Snapshot, Snapshot) {
    let mut s = (*scenario("baseline")).clone();
    let m = &mut s.model;
    m.patient.weight_kg = c.weight_kg;
    m.patient.sex = c.sex;
    m.patient.height_cm = if c.sex == Sex::Male { 175.0 } else { 162.0 };
    m.patient.hct_pre_pct = c.hct_pre_pct;
    m.circuit.prime_ml = PRIME_ML;
    m.start.pump_flow_l_min = c.flow_l_min;
    // Gas:blood 0.5, colder blood needs less (alpha-stat, §5).
    m.start.sweep_l_min = (0.5 * c.flow_l_min * (0.5 + c.temp_c / 74.0)).max(0.5);
    m.start.fio2 = c.fio2;
    m.start.temp_c = c.temp_c;
    m.start.water_c = c.temp_c;
    // Gravity drainage does not return 7 L/min from a large patient: VAVD does [S79].
    if c.flow_l_min > 5.0 {
        m.start.vacuum_mmhg = 40.0;
    }
    m.start.heparin_u_per_kg = 400.0;
    m.start.heparin_given_min_ago = 0.0;
    let session = run(&Arc::new(s), 1, &[], RUN_S as f64);
    (
        session.trace()[0].clone(),
        session.trace()[RUN_S as usize].clone(),
    )
}

/// Each relation's check: `Err` with the figures when it does not hold.
fn check(c: &Case, first: &Snapshot, x: &Snapshot) -> Vec<(&'static str, Result<(), String>)> {
    let mut out = Vec::new();
    let within = |name, ok: bool, msg: String| (name, if ok { Ok(()) } else { Err(msg) });
    out.push(within(
        "flow held",
        (x.pump_flow_l_min - c.flow_l_min).abs() < 0.01,
        format!("pump flow {:.2}", x.pump_flow_l_min),
    ));

    // SVR: MAP = CVP + Q·SVR/80 [S29] (the heart is arrested: Q is the pump's flow).
    let map = x.cvp_mmhg + x.pump_flow_l_min * x.svr_dyn_s_cm5 / 80.0;
    out.push(within(
        "SVR",
        (map - x.map_mmhg).abs() <= 1.0,
        format!("MAP {:.1} vs {map:.1}", x.map_mmhg),
    ));

    // DO2i = CI·CaO2·10, CaO2 = 1.34·Hb·SaO2 + 0.003·PaO2 (§2).
    let cao2 = 1.34 * x.hb_g_dl * x.sao2_pct / 100.0 + 0.003 * x.pao2_mmhg;
    let do2i = x.pump_flow_index_l_min_m2 * cao2 * 10.0;
    out.push(within(
        "DO2i",
        (do2i - x.do2i_ml_min_m2).abs() <= 0.01 * do2i,
        format!("{:.0} vs {do2i:.0}", x.do2i_ml_min_m2),
    ));

    // Fick: VO2i = CI·(CaO2 − CvO2)·10, so SvO2 follows from VO2 (§2).
    let cvo2 = cao2 - x.vo2i_ml_min_m2 / (x.pump_flow_index_l_min_m2 * 10.0);
    let svo2 = 100.0 * sat_from_po2(po2_from_content(cvo2, x.hb_g_dl));
    out.push(within(
        "Fick",
        (svo2 - x.svo2_pct).abs() <= 1.5,
        format!("SvO2 {:.1} vs Fick {svo2:.1}", x.svo2_pct),
    ));

    // Q10 2 above critical delivery, VO2 = DO2·O2ERmax below it (§2): the demand at
    // 37 °C implied by VO2 is the patient's (95 mL/min/m² ± 3 SD of 6 %).
    let q10 = 2f64.powf((x.temp_bladder_c - 37.0) / 10.0);
    let supplied = 0.35 * x.do2i_ml_min_m2;
    let demand_37 = x.vo2i_ml_min_m2 / q10;
    let ok = if supplied > x.vo2i_ml_min_m2 * 1.001 {
        (95.0 * 0.82..=95.0 * 1.18).contains(&demand_37)
    } else {
        (x.vo2i_ml_min_m2 - supplied).abs() <= 0.01 * supplied
    };
    out.push(within(
        "Q10 and O2ERmax",
        ok,
        format!(
            "VO2i {:.1} at {:.1} °C, DO2i {:.0}",
            x.vo2i_ml_min_m2, x.temp_bladder_c, x.do2i_ml_min_m2
        ),
    ));

    // PaCO2 vs sweep: exhaust PCO2 = 0.713·VCO2/sweep (dry gas at 713 mmHg, §5); the
    // blood leaves within 15 % of it (the membrane's share).
    let sweep_pco2 = 713.0 * x.co2_removal_ml_min / (x.sweep_l_min * 1000.0);
    let ratio = x.post_oxy_pco2_mmhg / sweep_pco2;
    out.push(within(
        "PaCO2 vs sweep",
        (1.0..=1.15).contains(&ratio),
        format!("PCO2 {:.1} vs {sweep_pco2:.1}", x.post_oxy_pco2_mmhg),
    ));

    // PaO2 vs FiO2: between 450·FiO2 − 60 and the ideal 747·FiO2 − 46 (§5 [S53]).
    let f = x.fio2_pct / 100.0;
    out.push(within(
        "PaO2 vs FiO2",
        (450.0 * f - 60.0..=747.0 * f - 46.0).contains(&x.post_oxy_po2_mmhg),
        format!("PaO2 {:.0} at FiO2 {f:.2}", x.post_oxy_po2_mmhg),
    ));

    // Henderson-Hasselbalch and Van Slyke (§13).
    let hco3 = 0.0307 * x.paco2_mmhg * 10f64.powf(x.ph - 6.105);
    let be = base_excess(x.ph, x.paco2_mmhg, x.hb_g_dl);
    out.push(within(
        "Henderson-Hasselbalch",
        (hco3 - x.hco3_mmol_l).abs() <= 0.005 * hco3 && (be - x.be_mmol_l).abs() <= 0.05,
        format!(
            "HCO3 {:.2} vs {hco3:.2}, BE {:.2} vs {be:.2}",
            x.hco3_mmol_l, x.be_mmol_l
        ),
    ));

    // Haemodilution: Hct_on = Hct_pre·EBV / (EBV + prime) (§1), at the first tick.
    let ebv = ebv_ml(c.sex, c.weight_kg);
    let hct_on = c.hct_pre_pct * ebv / (ebv + PRIME_ML);
    out.push(within(
        "haemodilution",
        (first.hct_pct - hct_on).abs() <= 0.5,
        format!("Hct {:.1} vs {hct_on:.1}", first.hct_pct),
    ));

    // ACT vs heparin: ACT = ACT0 + S·[H], S 45-110 s per U/mL at the reference
    // antithrombin (§6 [S64]); ACT0 here includes cold and dilution [S70, S71].
    let act0 = 120.0
        * (1.0 + 0.02 * (37.0 - x.temp_bladder_c).max(0.0))
        * (1.0 + 0.6 * (1.0 - x.hct_pct / c.hct_pre_pct).max(0.0));
    let s = (x.act_s - act0) / (x.heparin_u_ml * x.antithrombin_pct / 70.0);
    out.push(within(
        "ACT vs heparin",
        (45.0..=110.0).contains(&s),
        format!("S {s:.0} s per U/mL"),
    ));
    let _ = o2_content;
    out
}

#[test]
fn every_relation_holds_across_the_envelope() {
    let mut failures = Vec::new();
    for c in cases() {
        let (first, last) = run_case(&c);
        for (name, result) in check(&c, &first, &last) {
            if let Err(msg) = result {
                failures.push(format!("{name} at {c:?}: {msg}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
