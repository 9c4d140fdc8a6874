//! The patient's outcome in numbers, from a run's one-second trace: what a perfusionist
//! would write in the incident report (air delivered, ischaemic minutes, the worst
//! cerebral saturation and oxygen delivery, time hypotensive, peak lactate).

use crate::model::{Signal, Snapshot};
use crate::scenario::Scenario;

/// MAP target when the scenario's rubric sets none, mmHg (the usual lower limit on
/// bypass).
pub const DEFAULT_MAP_TARGET_MMHG: f64 = 50.0;

/// The patient's outcome over a whole run.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Air that reached the patient's arteries.
    pub air_delivered_ml: f64,
    /// Low-flow time weighted to its 37 °C equivalent.
    pub ischaemia_37_min: f64,
    /// Lowest cerebral oximetry, left or right.
    pub lowest_rso2_pct: f64,
    /// Lowest indexed oxygen delivery.
    pub worst_do2i_ml_min_m2: f64,
    /// The MAP target the next figure counts against.
    pub map_target_mmhg: f64,
    /// Seconds with MAP below the target.
    pub map_below_target_s: f64,
    /// Highest lactate.
    pub peak_lactate_mmol_l: f64,
}

impl Outcome {
    /// The outcome of a run of `scenario` from its `trace` (one sample a second). The MAP
    /// target is the lowest MAP limit of the scenario's rubric, or
    /// [`DEFAULT_MAP_TARGET_MMHG`]. `None` for an empty trace.
    pub fn of(scenario: &Scenario, trace: &[Snapshot]) -> Option<Self> {
        let last = trace.last()?;
        let map_target_mmhg = scenario
            .rubric
            .iter()
            .flat_map(|r| &r.ranges)
            .filter(|r| r.signal == Signal::Map)
            .filter_map(|r| r.low)
            .reduce(f64::min)
            .unwrap_or(DEFAULT_MAP_TARGET_MMHG);
        let min_of =
            |f: &dyn Fn(&Snapshot) -> f64| trace.iter().map(f).fold(f64::INFINITY, f64::min);
        let max_of =
            |f: &dyn Fn(&Snapshot) -> f64| trace.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
        // Each sample after the first stands for the second before it.
        let below = trace
            .iter()
            .skip(1)
            .filter(|s| s.map_mmhg < map_target_mmhg)
            .count();
        Some(Self {
            air_delivered_ml: max_of(&|s| s.air_delivered_ml),
            ischaemia_37_min: last.ischaemia_37_min,
            lowest_rso2_pct: min_of(&|s| s.rso2_left_pct.min(s.rso2_right_pct)),
            worst_do2i_ml_min_m2: min_of(&|s| s.do2i_ml_min_m2),
            map_target_mmhg,
            map_below_target_s: below as f64,
            peak_lactate_mmol_l: max_of(&|s| s.lactate_mmol_l),
        })
    }

    /// Label, value and unit of each figure, for the debrief and the record browser.
    pub fn rows(&self) -> [(String, String); 6] {
        [
            (
                "Air delivered to the patient".into(),
                format!("{:.1} mL", self.air_delivered_ml),
            ),
            (
                "Ischaemic time (37 °C-equivalent)".into(),
                format!("{:.1} min", self.ischaemia_37_min),
            ),
            (
                "Lowest rSO2".into(),
                format!("{:.0} %", self.lowest_rso2_pct),
            ),
            (
                "Worst DO2i".into(),
                format!("{:.0} mL/min/m²", self.worst_do2i_ml_min_m2),
            ),
            (
                format!("Time with MAP below {:.0} mmHg", self.map_target_mmhg),
                crate::time::clock_label(crate::time::tick_from_secs(self.map_below_target_s)),
            ),
            (
                "Peak lactate".into(),
                format!("{:.1} mmol/L", self.peak_lactate_mmol_l),
            ),
        ]
    }
}
