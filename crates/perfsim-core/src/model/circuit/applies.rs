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

/// Cardiopulmonary bypass has everything modelled so far.
const CPB: Applicability = Applicability {
    circuit: CircuitKind::Cpb,
    actions: &ActionKind::ALL,
    faults: &FaultKind::ALL,
    alarms: &Alarm::ALL,
    signals: Signal::ALL,
};

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
    fn cpb_has_everything_modelled() {
        let cpb = Applicability::of(CircuitKind::Cpb);
        assert!(ActionKind::ALL.iter().all(|k| cpb.action(*k)));
        assert!(FaultKind::ALL.iter().all(|k| cpb.fault(*k)));
        assert!(Alarm::ALL.iter().all(|a| cpb.alarm(*a)));
        assert!(Signal::ALL.iter().all(|s| cpb.signal(*s)));
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
