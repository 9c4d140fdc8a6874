//! Which actions, faults, alarms and monitors each circuit kind has: data, checked when
//! a scenario or an action file is loaded, and read by the window to hide controls and
//! monitors a circuit does not have.

use crate::action::{Action, ActionError, ActionKind};
use crate::model::alarms::Alarm;
use crate::model::config::CircuitKind;
use crate::model::faults::{FaultKind, FaultSpec, Onset};
use crate::model::snapshot::Signal;

/// What one circuit kind offers. A new kind adds a `const` table here and an arm in
/// [`Applicability::of`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Applicability {
    /// The circuit this table describes.
    pub circuit: CircuitKind,
    /// Actions a console for this circuit has.
    pub actions: &'static [ActionKind],
    /// Faults that can happen on it.
    pub faults: &'static [FaultKind],
    /// Alarms its console raises.
    pub alarms: &'static [Alarm],
    /// Values its monitors show (and scenarios and rubrics may read).
    pub signals: &'static [Signal],
}

/// Cardiopulmonary bypass: every action, fault, alarm and signal but ECMO's own.
const CPB: Applicability = Applicability {
    circuit: CircuitKind::Cpb,
    actions: CPB_ACTIONS,
    faults: &[
        FaultKind::MembraneFailure,
        FaultKind::GasSupplyFailure,
        FaultKind::AirEntry,
        FaultKind::AcceleratedClotting,
        FaultKind::HeparinResistance,
        FaultKind::Vasoplegia,
        FaultKind::PumpPowerFailure,
        FaultKind::HeaterFailure,
        FaultKind::HeaterOverheat,
        FaultKind::VenousAirLock,
        FaultKind::ArterialLineKink,
        FaultKind::Bleeding,
        FaultKind::ProtamineReaction,
    ],
    alarms: &[
        Alarm::LowLevel,
        Alarm::Bubble,
        Alarm::HighLinePressure,
        Alarm::HighArterialTemp,
        Alarm::TempGradient,
        Alarm::LowPo2,
        Alarm::HighPco2,
        Alarm::LowSvo2,
        Alarm::LowSweep,
        Alarm::LowMap,
        Alarm::LowRso2,
        Alarm::FastRewarming,
        Alarm::LowAct,
        Alarm::LowDo2i,
        Alarm::Vasoplegia,
        Alarm::ArrestBudget,
    ],
    signals: CPB_SIGNALS,
};

/// The ECMO console (VV and VA alike): speed not flow, drainage and return clamps,
/// ventilator, heparin infusion; no reservoir, cardioplegia, cross-clamp or pacing.
const ECMO_ACTIONS: &[ActionKind] = &[
    ActionKind::SetPumpRpm,
    ActionKind::PumpStop,
    ActionKind::PumpStart,
    ActionKind::HandCrank,
    ActionKind::ClampDrainage,
    ActionKind::ClampReturn,
    ActionKind::SetSweep,
    ActionKind::SetFio2,
    ActionKind::SetWaterTemp,
    ActionKind::DrugBolus,
    ActionKind::SetInfusion,
    ActionKind::GiveFluid,
    ActionKind::RequestLab,
    ActionKind::CheckGasSupply,
    ActionKind::ChangeOxygenator,
    ActionKind::ChangeCircuit,
    ActionKind::ReplaceDrive,
    ActionKind::DeairArterialLine,
    ActionKind::RepositionCannula,
    ActionKind::ConvertToVav,
    ActionKind::Trendelenburg,
    ActionKind::SetVentilator,
    ActionKind::SetHeparinInfusion,
    ActionKind::Defibrillate,
    ActionKind::Notify,
    ActionKind::AcknowledgeAlarms,
    ActionKind::InjectFault,
    ActionKind::ClearFault,
    ActionKind::SetSvrFactor,
];

const ECMO_FAULTS: &[FaultKind] = &[
    FaultKind::MembraneFailure,
    FaultKind::GasSupplyFailure,
    FaultKind::AirEntry,
    FaultKind::AcceleratedClotting,
    FaultKind::HeparinResistance,
    FaultKind::Vasoplegia,
    FaultKind::PumpPowerFailure,
    FaultKind::HeaterFailure,
    FaultKind::VenousAirLock,
    FaultKind::Bleeding,
    FaultKind::PumpHeadThrombus,
    FaultKind::Decannulation,
    FaultKind::CannulaMalposition,
    FaultKind::CircuitRupture,
    FaultKind::LungWorsening,
    FaultKind::HeartWorsening,
];

const ECMO_ALARMS: &[Alarm] = &[
    Alarm::Bubble,
    Alarm::LowPo2,
    Alarm::LowSweep,
    Alarm::LowMap,
    Alarm::LowRso2,
    Alarm::LowEcmoFlow,
    Alarm::DrainageSuction,
    Alarm::OnBattery,
    Alarm::LowSpo2,
];

/// Veno-venous ECMO.
const VV: Applicability = Applicability {
    circuit: CircuitKind::VvEcmo,
    actions: ECMO_ACTIONS,
    faults: ECMO_FAULTS,
    alarms: ECMO_ALARMS,
    signals: VV_SIGNALS,
};

/// Veno-arterial ECMO.
const VA: Applicability = Applicability {
    circuit: CircuitKind::VaEcmo,
    actions: ECMO_ACTIONS,
    faults: ECMO_FAULTS,
    alarms: ECMO_ALARMS,
    signals: VA_SIGNALS,
};

/// Every signal but the ECMO-only ones, in trace order.
const CPB_SIGNALS: &[Signal] =
    &signals_without::<{ Signal::ALL.len() - Signal::ECMO_ONLY.len() }>(&[Signal::ECMO_ONLY]);
/// Every signal but the bypass-only ones.
const VV_SIGNALS: &[Signal] =
    &signals_without::<{ Signal::ALL.len() - Signal::CPB_ONLY.len() }>(&[Signal::CPB_ONLY]);
/// As VV, without recirculation and effective flow (a VA return never reaches the
/// drainage cannula).
const VA_SIGNALS: &[Signal] =
    &signals_without::<{ Signal::ALL.len() - Signal::CPB_ONLY.len() - 2 }>(&[
        Signal::CPB_ONLY,
        &[Signal::Recirculation, Signal::EffectiveFlow],
    ]);

/// Defines `$name`, a compile-time `$t::ALL` without the items in `lists` (an item in
/// more than one list, or a wrong `N`, fails the build).
macro_rules! all_without {
    ($name:ident, $t:ty) => {
        const fn $name<const N: usize>(lists: &[&[$t]]) -> [$t; N] {
            let all = <$t>::ALL;
            let mut out = [all[0]; N];
            let mut n = 0;
            let mut i = 0;
            while i < all.len() {
                let item = all[i];
                let mut excluded = false;
                let mut l = 0;
                while l < lists.len() {
                    let mut j = 0;
                    while j < lists[l].len() {
                        if lists[l][j] as u32 == item as u32 {
                            excluded = true;
                        }
                        j += 1;
                    }
                    l += 1;
                }
                if !excluded {
                    out[n] = item;
                    n += 1;
                }
                i += 1;
            }
            assert!(n == N, "lists overlap or miscount");
            out
        }
    };
}
all_without!(signals_without, Signal);
all_without!(actions_without, ActionKind);

/// The ECMO console's own actions, which a bypass console does not have.
const ECMO_ONLY_ACTIONS: &[ActionKind] = &[
    ActionKind::ClampDrainage,
    ActionKind::ClampReturn,
    ActionKind::SetVentilator,
    ActionKind::SetHeparinInfusion,
    ActionKind::RepositionCannula,
    ActionKind::ChangeCircuit,
    ActionKind::ReplaceDrive,
    ActionKind::ConvertToVav,
];

/// Every action but ECMO's own, in `ActionKind::ALL`'s order.
const CPB_ACTIONS: &[ActionKind] =
    &actions_without::<{ ActionKind::ALL.len() - ECMO_ONLY_ACTIONS.len() }>(&[ECMO_ONLY_ACTIONS]);

/// Something a scenario or an action asked for that its circuit does not have.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{what} is not available on {}", circuit.label())]
pub struct NotAvailable {
    /// What was asked for, e.g. "action SetPumpRpm" or "fault VenousAirLock".
    pub what: String,
    /// The circuit.
    pub circuit: CircuitKind,
}

impl Applicability {
    /// The table for a circuit kind.
    pub fn of(circuit: CircuitKind) -> &'static Applicability {
        match circuit {
            CircuitKind::Cpb => &CPB,
            CircuitKind::VvEcmo => &VV,
            CircuitKind::VaEcmo => &VA,
        }
    }

    /// Whether this circuit's console has the action.
    pub fn action(&self, kind: ActionKind) -> bool {
        self.actions.contains(&kind)
    }

    /// Whether the fault can happen on this circuit.
    pub fn fault(&self, kind: FaultKind) -> bool {
        self.faults.contains(&kind)
    }

    /// Whether this circuit's console raises the alarm.
    pub fn alarm(&self, alarm: Alarm) -> bool {
        self.alarms.contains(&alarm)
    }

    /// Whether this circuit's monitors show the signal.
    pub fn signal(&self, signal: Signal) -> bool {
        self.signals.contains(&signal)
    }

    fn missing(&self, what: String) -> NotAvailable {
        NotAvailable {
            what,
            circuit: self.circuit,
        }
    }

    /// Checks a fault a scenario schedules or an instructor injects: its kind and the
    /// signal its onset watches.
    pub fn check_fault(&self, fault: &FaultSpec) -> Result<(), NotAvailable> {
        if !self.fault(fault.kind) {
            return Err(self.missing(format!("fault {:?}", fault.kind)));
        }
        match fault.onset {
            Onset::WhenBelow(s, _) | Onset::WhenAbove(s, _) if !self.signal(s) => {
                Err(self.missing(format!("signal {s:?}")))
            }
            _ => Ok(()),
        }
    }

    /// Checks that the action exists on this circuit (and, for the instructor's fault
    /// actions, that the fault does).
    pub fn check_action(&self, action: &Action) -> Result<(), ActionError> {
        let kind = action.kind();
        if !self.action(kind) {
            return Err(self.missing(format!("action {kind:?}")).into());
        }
        match action {
            Action::InjectFault { fault } => self.check_fault(fault)?,
            Action::ClearFault { kind } if !self.fault(*kind) => {
                return Err(self.missing(format!("fault {kind:?}")).into());
            }
            Action::RequestLab { lab } if lab.ecmo_only() && !self.circuit.is_ecmo() => {
                return Err(self.missing(format!("lab {}", lab.label())).into());
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A circuit without a centrifugal pump's speed, venous air locks or rSO2.
    const NO_RPM: Applicability = Applicability {
        circuit: CircuitKind::Cpb,
        actions: &[ActionKind::SetPumpFlow, ActionKind::InjectFault],
        faults: &[FaultKind::MembraneFailure],
        alarms: &[],
        signals: &[Signal::Map],
    };

    #[test]
    fn cpb_has_everything_but_ecmo_and_ecmo_has_no_reservoir() {
        let cpb = Applicability::of(CircuitKind::Cpb);
        let vv = Applicability::of(CircuitKind::VvEcmo);
        let va = Applicability::of(CircuitKind::VaEcmo);
        for k in ActionKind::ALL {
            assert!(cpb.action(k) || vv.action(k), "{k:?} on no circuit");
        }
        assert!(!cpb.action(ActionKind::ClampDrainage));
        assert!(!vv.action(ActionKind::SetPumpFlow) && !va.action(ActionKind::GiveCardioplegia));
        assert!(
            Alarm::ALL
                .iter()
                .all(|a| cpb.alarm(*a) != Alarm::ECMO_ONLY.contains(a))
        );
        assert!(
            Signal::ALL
                .iter()
                .all(|s| cpb.signal(*s) != Signal::ECMO_ONLY.contains(s))
        );
        assert!(!vv.signal(Signal::Reservoir) && vv.signal(Signal::Recirculation));
        assert!(!va.signal(Signal::Recirculation) && va.signal(Signal::Sao2RightRadial));
        let err = vv
            .check_action(&Action::ClampArterial { closed: true })
            .expect_err("bypass-only");
        assert_eq!(
            err.to_string(),
            "action ClampArterial is not available on VV ECMO"
        );
        let err = cpb
            .check_action(&Action::ClampReturn { closed: true })
            .expect_err("ECMO-only");
        assert_eq!(
            err.to_string(),
            "action ClampReturn is not available on cardiopulmonary bypass"
        );
    }

    #[test]
    fn an_action_or_fault_missing_from_the_table_is_refused() {
        let rpm = Action::SetPumpRpm { rpm: 2000.0 };
        let err = NO_RPM.check_action(&rpm).expect_err("not in the table");
        assert_eq!(
            err.to_string(),
            "action SetPumpRpm is not available on cardiopulmonary bypass"
        );
        assert!(
            NO_RPM
                .check_action(&Action::SetPumpFlow {
                    flow_l_per_min: 4.0
                })
                .is_ok()
        );
        let fault = |kind, onset| FaultSpec {
            kind,
            onset,
            ramp_s: 0.0,
            severity: 1.0,
        };
        let airlock = Action::InjectFault {
            fault: fault(FaultKind::VenousAirLock, Onset::AtSecs(0.0)),
        };
        assert!(NO_RPM.check_action(&airlock).is_err());
        let watching_rso2 = fault(
            FaultKind::MembraneFailure,
            Onset::WhenBelow(Signal::Rso2Left, 50.0),
        );
        assert_eq!(
            NO_RPM
                .check_fault(&watching_rso2)
                .map_err(|e| e.to_string()),
            Err("signal Rso2Left is not available on cardiopulmonary bypass".to_string())
        );
    }
}
