//! Property: no sequence of valid actions drives the model to NaN, infinity, negative
//! volumes or saturations outside 0-100.

mod common;

use std::sync::Arc;

use perfsim_core::action::{
    Action, Actor, Drug, Fluid, LabKind, Limit, LoggedAction, Role, limits,
};
use perfsim_core::model::Signal;
use perfsim_core::model::faults::{FaultKind, FaultSpec, Onset};
use perfsim_core::session::Session;
use proptest::prelude::*;

/// Values the console accepts for a parameter (its limit, upper end excluded).
fn within(limit: Limit) -> std::ops::Range<f64> {
    limit.min..limit.max
}

fn action() -> impl Strategy<Value = Action> {
    let drug = proptest::sample::select(Drug::ALL.to_vec());
    let infusable = proptest::sample::select(
        Drug::ALL
            .into_iter()
            .filter(|d| d.infusion_limit().is_some())
            .collect::<Vec<_>>(),
    );
    let fault = proptest::sample::select(FaultKind::ALL.to_vec());
    prop_oneof![
        within(limits::PUMP_FLOW).prop_map(|f| Action::SetPumpFlow { flow_l_per_min: f }),
        Just(Action::PumpStop),
        Just(Action::PumpStart),
        within(limits::HAND_CRANK).prop_map(|f| Action::HandCrank { flow_l_per_min: f }),
        any::<bool>().prop_map(|c| Action::ClampArterial { closed: c }),
        any::<bool>().prop_map(|c| Action::ClampVenous { closed: c }),
        within(limits::VENOUS_OCCLUSION)
            .prop_map(|p| Action::SetVenousOcclusion { occlusion_pct: p }),
        within(limits::VACUUM).prop_map(|v| Action::SetVacuum { vacuum_mmhg: v }),
        within(limits::SWEEP).prop_map(|s| Action::SetSweep { sweep_l_per_min: s }),
        within(limits::FIO2).prop_map(|f| Action::SetFio2 { fio2: f }),
        within(limits::WATER_TEMP).prop_map(|w| Action::SetWaterTemp { water_c: w }),
        (drug, 0.0..1.0f64).prop_map(|(d, x)| Action::DrugBolus {
            drug: d,
            dose: (x * d.max_bolus()).max(0.01)
        }),
        (infusable, 0.0..1.0f64).prop_map(|(d, x)| Action::SetInfusion {
            drug: d,
            rate_per_min: x * d.max_infusion()
        }),
        (
            proptest::sample::select(Fluid::ALL.to_vec()),
            within(limits::FLUID_VOLUME)
        )
            .prop_map(|(f, v)| Action::GiveFluid {
                fluid: f,
                volume_ml: v
            }),
        within(limits::CARDIOPLEGIA_VOLUME).prop_map(|v| Action::GiveCardioplegia { volume_ml: v }),
        proptest::sample::select(LabKind::ALL.to_vec()).prop_map(|l| Action::RequestLab { lab: l }),
        Just(Action::CheckGasSupply),
        Just(Action::ChangeOxygenator),
        Just(Action::DeairArterialLine),
        any::<bool>().prop_map(|on| Action::RetrogradeSvcPerfusion { on }),
        any::<bool>().prop_map(|on| Action::Trendelenburg { on }),
        any::<bool>().prop_map(|on| Action::Ventilation { on }),
        prop_oneof![Just(0.0), within(limits::PACING_RATE)]
            .prop_map(|r| Action::Pace { rate_per_min: r }),
        Just(Action::Defibrillate),
        any::<bool>().prop_map(|on| Action::CrossClamp { on }),
        Just(Action::Notify { who: Role::Surgeon }),
        Just(Action::AcknowledgeAlarms),
        (fault, 0.0..1.0f64, 0.0..300.0f64).prop_map(|(k, sev, ramp)| Action::InjectFault {
            fault: FaultSpec {
                kind: k,
                onset: Onset::AtSecs(0.0),
                ramp_s: ramp,
                severity: sev
            }
        }),
        within(limits::SVR_FACTOR).prop_map(|f| Action::SetSvrFactor { factor: f }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_actions_keep_the_model_physical(
        actions in proptest::collection::vec((0u64..6000, action()), 0..40),
        seed in 0u64..1000,
    ) {
        let scenario = common::scenario("baseline");
        let mut script: Vec<LoggedAction> = actions
            .into_iter()
            .map(|(tick, action)| {
                let actor = if action.is_instructor_only() { Actor::Instructor } else { Actor::Trainee };
                LoggedAction { tick, actor, action }
            })
            .collect();
        script.sort_by_key(|a| a.tick);
        let mut session = Session::new(Arc::clone(&scenario), seed);
        let mut bad = None;
        session.run_script(&script, 6000, |s| {
            if bad.is_some() { return; }
            let x = s.sim().snapshot();
            for signal in Signal::ALL {
                let v = x.value(*signal);
                if !v.is_finite() {
                    bad = Some(format!("{} is {v} at tick {}", signal.column(), x.tick));
                }
            }
            for signal in [Signal::Sao2, Signal::Svo2, Signal::Rso2Left, Signal::Rso2Right] {
                let v = x.value(signal);
                if !(0.0..=100.0).contains(&v) {
                    bad = Some(format!("{} = {v} at tick {}", signal.column(), x.tick));
                }
            }
            for signal in [Signal::Reservoir, Signal::PatientVolume, Signal::AirDelivered, Signal::AirInLine, Signal::Hct, Signal::Act, Signal::Heparin] {
                let v = x.value(signal);
                if v < 0.0 {
                    bad = Some(format!("{} = {v} at tick {}", signal.column(), x.tick));
                }
            }
        }).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(bad.is_none(), "{}", bad.unwrap_or_default());
    }
}
