//! Determinism: the same scenario, seed and action log give a bit-identical trace.
//! The digest of one fixed run is committed; a change to the model that moves any value
//! by one bit changes it. After an intended model change, re-bless with
//! `PERFSIM_BLESS=1 cargo test --test golden` and say why in the commit.

mod common;

use common::{repo_path, run, scenario};
use perfsim_core::action::{Action, Drug, Fluid, LabKind, Role};
use perfsim_core::trace::digest;

fn golden_actions() -> Vec<(f64, Action)> {
    vec![
        (30.0, Action::SetFio2 { fio2: 0.8 }),
        (
            45.0,
            Action::RequestLab {
                lab: LabKind::BloodGas,
            },
        ),
        (
            60.0,
            Action::SetSweep {
                sweep_l_per_min: 2.4,
            },
        ),
        (90.0, Action::SetWaterTemp { water_c: 30.0 }),
        (
            120.0,
            Action::DrugBolus {
                drug: Drug::Phenylephrine,
                dose: 100.0,
            },
        ),
        (
            150.0,
            Action::SetInfusion {
                drug: Drug::Norepinephrine,
                rate_per_min: 4.0,
            },
        ),
        (
            200.0,
            Action::GiveFluid {
                fluid: Fluid::Crystalloid,
                volume_ml: 250.0,
            },
        ),
        (
            240.0,
            Action::SetPumpFlow {
                flow_l_per_min: 4.2,
            },
        ),
        (300.0, Action::GiveCardioplegia { volume_ml: 500.0 }),
        (
            400.0,
            Action::DrugBolus {
                drug: Drug::Heparin,
                dose: 5000.0,
            },
        ),
        (420.0, Action::RequestLab { lab: LabKind::Act }),
        (
            500.0,
            Action::SetVenousOcclusion {
                occlusion_pct: 30.0,
            },
        ),
        (600.0, Action::Notify { who: Role::Surgeon }),
        (700.0, Action::PumpStop),
        (730.0, Action::PumpStart),
        (900.0, Action::SetWaterTemp { water_c: 37.0 }),
        (1000.0, Action::CrossClamp { on: false }),
        (1100.0, Action::Ventilation { on: true }),
        (
            1200.0,
            Action::SetInfusion {
                drug: Drug::Norepinephrine,
                rate_per_min: 0.0,
            },
        ),
    ]
}

#[test]
fn the_same_run_twice_gives_the_same_trace() {
    let s = scenario("baseline");
    let a = run(&s, 42, &golden_actions(), 1500.0);
    let b = run(&s, 42, &golden_actions(), 1500.0);
    assert_eq!(digest(a.trace()), digest(b.trace()));
    assert_eq!(a.events(), b.events());
    assert_eq!(a.sim().labs(), b.sim().labs());
}

#[test]
fn another_seed_gives_another_patient() {
    let s = scenario("baseline");
    let a = run(&s, 42, &[], 60.0);
    let b = run(&s, 43, &[], 60.0);
    assert_ne!(digest(a.trace()), digest(b.trace()));
}

#[test]
fn the_golden_run_matches_its_committed_digest() {
    let s = scenario("baseline");
    let session = run(&s, 42, &golden_actions(), 1500.0);
    let got = digest(session.trace());
    let path = repo_path("tests/golden/baseline_seed42.sha256");
    if std::env::var_os("PERFSIM_BLESS").is_some() {
        std::fs::write(&path, format!("{got}\n")).expect("write the digest");
    }
    let want = std::fs::read_to_string(&path).expect("the committed digest");
    assert_eq!(
        got,
        want.trim(),
        "the golden trace changed: if the model change was intended, re-bless with PERFSIM_BLESS=1"
    );
}
