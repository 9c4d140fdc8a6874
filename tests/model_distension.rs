//! A left ventricle left to distend under the cross-clamp comes back stunned: the same
//! case with a vent at 200 mL/min keeps the ventricle empty and the heart that
//! reperfuses ejects more after weaning. Without a clamp, distension does nothing.

mod common;

use common::{run, scenario};
use perfsim_core::action::{Action, Drug, PlegiaRoute, PlegiaSolution};
use perfsim_core::model::Signal;
use perfsim_core::session::Session;

/// The whole case's patient on bypass at 4 L/min; with `clamp`, clamped at 700 s with
/// del Nido and released at 2600 s (32 minutes); the vent at 200 mL/min from 715 s
/// with `vent`; weaned to 2 L/min from 3300 s.
fn case(clamp: bool, vent: bool, seed: u64) -> Session {
    let mut a = vec![
        (
            5.0,
            Action::DrugBolus {
                drug: Drug::Heparin,
                dose: 27000.0,
            },
        ),
        (
            60.0,
            Action::SetVenousOcclusion {
                occlusion_pct: 73.0,
            },
        ),
        (
            60.0,
            Action::SetPumpFlow {
                flow_l_per_min: 1.5,
            },
        ),
        (60.0, Action::PumpStart),
        (
            100.0,
            Action::SetVenousOcclusion {
                occlusion_pct: 40.0,
            },
        ),
        (
            100.0,
            Action::SetPumpFlow {
                flow_l_per_min: 3.0,
            },
        ),
        (140.0, Action::SetVenousOcclusion { occlusion_pct: 0.0 }),
        (
            140.0,
            Action::SetPumpFlow {
                flow_l_per_min: 4.0,
            },
        ),
        (160.0, Action::Ventilation { on: false }),
        (2900.0, Action::Defibrillate),
        (3200.0, Action::Ventilation { on: true }),
        (
            3300.0,
            Action::SetVenousOcclusion {
                occlusion_pct: 60.0,
            },
        ),
        (
            3300.0,
            Action::SetPumpFlow {
                flow_l_per_min: 2.0,
            },
        ),
    ];
    if clamp {
        a.push((700.0, Action::CrossClamp { on: true }));
        a.push((
            710.0,
            Action::DeliverCardioplegia {
                solution: PlegiaSolution::DelNido,
                route: PlegiaRoute::Antegrade,
                volume_ml: 1000.0,
                temp_c: 8.0,
                ratio: None,
                flow_ml_per_min: None,
            },
        ));
        a.push((2600.0, Action::CrossClamp { on: false }));
    }
    if vent {
        a.push((
            715.0,
            Action::SetVent {
                flow_ml_per_min: 200.0,
            },
        ));
    }
    a.sort_by(|x: &(f64, Action), y| x.0.total_cmp(&y.0));
    run(&scenario("morning_list"), seed, &a, 3600.0)
}

fn native_after_weaning(s: &Session) -> f64 {
    s.trace()[3590].value(Signal::NativeCo)
}

#[test]
fn a_distended_ventricle_under_the_clamp_reperfuses_stunned_and_a_vent_prevents_it() {
    for seed in 1..=3 {
        let unvented = case(true, false, seed);
        let vented = case(true, true, seed);
        let (u, v) = (
            native_after_weaning(&unvented),
            native_after_weaning(&vented),
        );
        assert!(
            u < 0.8 * v,
            "seed {seed}: native output after weaning {u:.2} L/min unvented vs {v:.2} vented"
        );
        assert!(
            unvented.sim().distension_stun() > 0.25,
            "32 min distended: stun {:.2}",
            unvented.sim().distension_stun()
        );
        assert!(vented.sim().distension_stun() < 0.05);
        // The vent kept the ventricle decompressed under the clamp.
        let lv_at = |s: &Session| s.sim().heart_lung_machine().lv_distension_ml;
        assert!(lv_at(&vented) < 1.0);
    }
}

#[test]
fn without_a_clamp_distension_changes_nothing() {
    let unclamped = case(false, false, 1);
    assert_eq!(unclamped.sim().distension_stun(), 0.0);
    assert_eq!(unclamped.sim().heart_lung_machine().distended_min, 0.0);
}
