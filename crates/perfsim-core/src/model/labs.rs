//! Lab tests: drawn at the request tick, values frozen then (with measurement error),
//! reported after the test's turnaround.

use serde::{Deserialize, Serialize};

use crate::action::LabKind;
use crate::model::noise::noise;
use crate::model::snapshot::{Signal, Snapshot};
use crate::time::{TICKS_PER_SEC, Tick};

/// One reported value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabValue {
    /// What was measured.
    pub signal: Signal,
    /// The reported value.
    pub value: f64,
}

/// A requested test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabResult {
    /// Which test.
    pub lab: LabKind,
    /// When the sample was drawn.
    pub sampled_tick: Tick,
    /// When the result is available.
    pub ready_tick: Tick,
    /// Values as frozen at sampling.
    pub values: Vec<LabValue>,
}

impl LabResult {
    /// Whether the result can be read at `tick`.
    pub fn is_ready(&self, tick: Tick) -> bool {
        tick >= self.ready_tick
    }

    /// One value of the result, if the test reports it.
    pub fn value(&self, signal: Signal) -> Option<f64> {
        self.values
            .iter()
            .find(|v| v.signal == signal)
            .map(|v| v.value)
    }
}

/// What each test reports, and its analytical error (1 SD).
fn panel(lab: LabKind) -> &'static [(Signal, f64)] {
    match lab {
        // On ECMO the gas also reports the right-radial and femoral saturations (empty,
        // so not reported, on bypass).
        LabKind::BloodGas => &[
            (Signal::Ph, 0.005),
            (Signal::Pao2, 4.0),
            (Signal::Paco2, 1.0),
            (Signal::Hco3, 0.4),
            (Signal::Be, 0.4),
            (Signal::Sao2, 0.3),
            (Signal::Svo2, 0.8),
            (Signal::Lactate, 0.1),
            (Signal::Hb, 0.15),
            (Signal::K, 0.05),
            (Signal::Sao2RightRadial, 0.3),
            (Signal::Sao2Femoral, 0.3),
        ],
        LabKind::Act => &[(Signal::Act, 12.0)],
        LabKind::Electrolytes => &[(Signal::K, 0.05), (Signal::Ica, 0.02)],
        LabKind::Hb => &[(Signal::Hb, 0.15), (Signal::Hct, 0.5)],
        LabKind::PrePostOxyGases => &[
            (Signal::PreOxyPo2, 2.0),
            (Signal::PreOxyPco2, 1.0),
            (Signal::PreOxySo2, 0.5),
            (Signal::PostOxyPo2, 6.0),
            (Signal::PostOxyPco2, 1.0),
            (Signal::PostOxySo2, 0.3),
        ],
        LabKind::PlasmaFreeHb => &[(Signal::PlasmaFreeHb, 0.5)],
        LabKind::AntiXa => &[(Signal::AntiXa, 0.03)],
    }
}

/// Draws a sample now. Error comes from the run's seed, the tick and the signal, so the
/// same run gives the same result.
pub fn draw(lab: LabKind, snapshot: &Snapshot, seed: u64) -> LabResult {
    let tick = snapshot.tick;
    let values = panel(lab)
        .iter()
        .enumerate()
        // A value the circuit does not have (empty) is not reported.
        .filter(|(_, (signal, _))| !snapshot.value(*signal).is_nan())
        .map(|(i, (signal, sd))| {
            let channel = 1000 + (lab as u64) * 32 + i as u64;
            let mut value = snapshot.value(*signal) + sd * noise(seed, tick, channel);
            if matches!(
                signal,
                Signal::Sao2
                    | Signal::Svo2
                    | Signal::Sao2RightRadial
                    | Signal::Sao2Femoral
                    | Signal::PreOxySo2
                    | Signal::PostOxySo2
            ) {
                value = value.clamp(0.0, 100.0);
            }
            LabValue {
                signal: *signal,
                value: value.max(0.0),
            }
        })
        .collect();
    LabResult {
        lab,
        sampled_tick: tick,
        ready_tick: tick + lab.turnaround_secs() * TICKS_PER_SEC,
        values,
    }
}
