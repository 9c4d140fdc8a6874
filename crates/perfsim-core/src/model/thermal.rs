//! Cooling and rewarming as phases of a bypass case, and the temperature limits of the
//! STS/SCA/AmSECT guideline (Engelman 2015 [S75]; physiology.md "Guideline limits"):
//! an arterial-outlet to venous-inflow gradient of at most 10 °C while cooling or
//! rewarming, at most 4 °C and rewarming at most 0.5 °C/min once the outlet is at
//! 30 °C or more, and an outlet never above 37 °C.
//!
//! The temperature phase is never set: it follows what the heater-cooler does to the
//! blood (the outlet-venous gradient) and how the patient's nasopharyngeal temperature
//! moves, with hysteresis so a phase does not flicker at a threshold. Each change, and
//! each excursion beyond a limit (once per excursion, with its value), is an
//! [`Event`], so the debrief, the perfusion record and a rubric see them.

use serde::{Deserialize, Serialize};

use crate::model::Sim;
use crate::model::events::Event;
use crate::time::tick_from_secs;

/// Where a case is in its temperature management.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum ThermalPhase {
    /// At or near normal temperature, not being cooled.
    #[default]
    Normothermic,
    /// The heat exchanger is taking heat out and the patient's temperature is falling.
    Cooling,
    /// Cooled, and the target temperature held.
    Cold,
    /// The heat exchanger is warming the blood back towards normothermia.
    Rewarming,
}

impl ThermalPhase {
    /// The phase as a perfusion record names it.
    pub fn label(self) -> &'static str {
        match self {
            ThermalPhase::Normothermic => "Normothermic",
            ThermalPhase::Cooling => "Cooling",
            ThermalPhase::Cold => "Cold (target held)",
            ThermalPhase::Rewarming => "Rewarming",
        }
    }

    /// The phase at the start of a run with the patient at `t_np_c` and the heat
    /// exchanger making `gradient_c` (outlet minus venous; 0 without flow), so a
    /// scenario that starts part-way through rewarming starts in Rewarming.
    pub fn at_start(t_np_c: f64, gradient_c: f64) -> Self {
        if t_np_c >= COOLED_BELOW_C {
            ThermalPhase::Normothermic
        } else if gradient_c > DRIVE_GRADIENT_C {
            ThermalPhase::Rewarming
        } else if gradient_c < -DRIVE_GRADIENT_C {
            ThermalPhase::Cooling
        } else {
            ThermalPhase::Cold
        }
    }
}

/// Nasopharyngeal temperature below which a patient counts as cooled, °C. Mild
/// hypothermia on bypass starts around 34-35.9 °C; half a degree under normothermia
/// keeps the normal drift of an open chest out of the cooling phase [U].
pub const COOLED_BELOW_C: f64 = 35.5;
/// Nasopharyngeal temperature at which rewarming is complete, °C: the guideline's
/// lower bound for separation (36 °C, Engelman 2015 [S75]). Half a degree above
/// [`COOLED_BELOW_C`]: the hysteresis band.
pub const NORMOTHERMIC_FROM_C: f64 = 36.0;
/// Outlet-venous gradient that counts as the heat exchanger driving the temperature
/// (cooling below minus this, warming above it), °C [U]: well clear of the ±0.5 °C an
/// idle exchanger shows against the open chest's heat loss.
pub const DRIVE_GRADIENT_C: f64 = 1.5;
/// Gradient within which the exchanger only holds the temperature, °C [U]: half the
/// drive threshold, so the phase does not flicker between them.
pub const HOLD_GRADIENT_C: f64 = 0.75;
/// Nasopharyngeal rate of change, °C/min, slower than which the temperature counts as
/// held (cooling or rewarming has levelled off) [U].
pub const HOLD_RATE_C_PER_MIN: f64 = 0.03;
/// Nasopharyngeal fall, °C/min, faster than which a held temperature counts as cooling
/// again: well above [`HOLD_RATE_C_PER_MIN`], the hysteresis band [U].
pub const COOLING_RATE_C_PER_MIN: f64 = 0.1;
/// How long a temperature must stay level before it counts as held (`Cold`), s [U]:
/// longer than the water takes to swing from cooling to rewarming (τ 60 s).
pub const HOLD_DWELL_S: f64 = 60.0;
/// Pump flow below which the exchanger moves no heat into the patient, L/min.
const FLOWING_L_MIN: f64 = 0.5;

/// The guideline's largest outlet-venous gradient while cooling or rewarming, °C [S75].
pub const MAX_GRADIENT_C: f64 = 10.0;
/// The guideline's largest rewarming gradient with the outlet at 30 °C or more, °C [S75].
pub const MAX_WARM_GRADIENT_C: f64 = 4.0;
/// Outlet temperature above which the tighter rewarming limits apply, °C [S75].
pub const WARM_OUTLET_C: f64 = 30.0;
/// The guideline's fastest rewarming with the outlet at 30 °C or more, °C/min [S75].
pub const MAX_REWARMING_C_PER_MIN: f64 = 0.5;
/// The guideline's hottest arterial outlet, °C [S75].
pub const MAX_OUTLET_C: f64 = 37.0;
/// How far back inside a limit a value must come before a new excursion counts, in the
/// limit's unit as a share of it [U]: a value hovering at a limit is one excursion.
const REARM_SHARE: f64 = 0.05;

/// The temperature limits' excursions so far: whether one is under way (so each counts
/// once) and the worst value each reached, for the perfusion record.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ThermalLimits {
    /// A gradient excursion is under way.
    pub gradient_out: bool,
    /// A rewarming-rate excursion is under way.
    pub rate_out: bool,
    /// An outlet-temperature excursion is under way.
    pub outlet_out: bool,
    /// Excursions of each limit so far: gradient, rewarming rate, outlet.
    pub excursions: [u32; 3],
    /// The largest gradient magnitude seen while flowing, °C.
    pub worst_gradient_c: f64,
    /// The fastest rewarming seen with the outlet at 30 °C or more, °C/min.
    pub worst_rate_c_per_min: f64,
    /// The hottest outlet seen while flowing, °C.
    pub worst_outlet_c: f64,
    /// Ticks the patient's temperature has stayed level (for the dwell before `Cold`).
    pub levelled_ticks: u32,
    /// Ticks the heat exchanger has stayed idle (likewise).
    pub idle_ticks: u32,
}

/// Whether an outlet-venous gradient of `gradient_c` at outlet `outlet_c` is beyond
/// the guideline [S75].
pub fn gradient_beyond_limit(gradient_c: f64, outlet_c: f64) -> bool {
    gradient_beyond(gradient_c, outlet_c, 1.0)
}

/// Whether `rate_c_per_min` of rewarming at outlet `outlet_c` is beyond the guideline.
pub fn rewarming_beyond_limit(rate_c_per_min: f64, outlet_c: f64) -> bool {
    outlet_c >= WARM_OUTLET_C && rate_c_per_min > MAX_REWARMING_C_PER_MIN
}

/// Whether `gradient_c` at outlet `outlet_c` is beyond the guideline (`margin` 1) or
/// beyond the re-arm band inside it (`margin` < 1).
fn gradient_beyond(gradient_c: f64, outlet_c: f64, margin: f64) -> bool {
    gradient_c.abs() > MAX_GRADIENT_C * margin
        || (outlet_c >= WARM_OUTLET_C && gradient_c > MAX_WARM_GRADIENT_C * margin)
}

impl Sim {
    /// The patient's (nasopharyngeal) rewarming rate over about the last minute,
    /// °C/min (negative while cooling): the rate the guideline limits.
    pub fn rewarming_c_per_min(&self) -> f64 {
        self.rewarming_c_per_min
    }

    /// The temperature phase and the limits, for one tick of a bypass case.
    pub(super) fn update_thermal(&mut self) {
        if self.d.q_pump < FLOWING_L_MIN {
            // No flow through the exchanger: the phase holds, except that a patient
            // who reaches normothermia is normothermic whatever warmed them.
            if self.t_np >= NORMOTHERMIC_FROM_C {
                self.set_thermal_phase(ThermalPhase::Normothermic);
            }
            return;
        }
        let gradient = self.d.t_art - self.d.t_ven;
        let rate = self.rewarming_c_per_min;
        let cooling_drive = gradient < -DRIVE_GRADIENT_C;
        let warming_drive = gradient > DRIVE_GRADIENT_C;
        let idle_now = gradient.abs() < HOLD_GRADIENT_C;
        let levelled_now = idle_now || rate.abs() < HOLD_RATE_C_PER_MIN;
        // A temperature counts as held only after it has stayed level for a while: the
        // water swung from cold to warm passes through the idle band on its way.
        let lim = &mut self.case.thermal_limits;
        lim.levelled_ticks = if levelled_now {
            lim.levelled_ticks.saturating_add(1)
        } else {
            0
        };
        lim.idle_ticks = if idle_now {
            lim.idle_ticks.saturating_add(1)
        } else {
            0
        };
        let dwell = tick_from_secs(HOLD_DWELL_S) as u32;
        let levelled = lim.levelled_ticks >= dwell;
        let exchanger_idle = lim.idle_ticks >= dwell;
        use ThermalPhase as T;
        let next = match self.case.thermal_phase {
            T::Normothermic if cooling_drive && self.t_np < COOLED_BELOW_C => T::Cooling,
            T::Cooling | T::Cold | T::Rewarming if self.t_np >= NORMOTHERMIC_FROM_C => {
                T::Normothermic
            }
            T::Cooling | T::Cold if warming_drive => T::Rewarming,
            T::Cooling if levelled => T::Cold,
            T::Cold | T::Rewarming if cooling_drive && rate < -COOLING_RATE_C_PER_MIN => T::Cooling,
            T::Rewarming if exchanger_idle => T::Cold,
            phase => phase,
        };
        self.set_thermal_phase(next);
        self.check_thermal_limits(gradient);
    }

    fn set_thermal_phase(&mut self, phase: ThermalPhase) {
        if self.case.thermal_phase != phase {
            self.case.thermal_phase = phase;
            self.push_event(Event::ThermalPhaseChanged { phase });
        }
    }

    /// One event per excursion beyond each guideline limit, with its value.
    fn check_thermal_limits(&mut self, gradient_c: f64) {
        let outlet_c = self.d.t_art;
        let rate = self.rewarming_c_per_min;
        let warm = outlet_c >= WARM_OUTLET_C;
        let lim = &mut self.case.thermal_limits;
        lim.worst_gradient_c = lim.worst_gradient_c.max(gradient_c.abs());
        lim.worst_outlet_c = lim.worst_outlet_c.max(outlet_c);
        if warm {
            lim.worst_rate_c_per_min = lim.worst_rate_c_per_min.max(rate);
        }
        let rearm = 1.0 - REARM_SHARE;
        let mut events = Vec::new();
        if !lim.gradient_out && gradient_beyond(gradient_c, outlet_c, 1.0) {
            lim.gradient_out = true;
            lim.excursions[0] += 1;
            events.push(Event::TempGradientExceeded { gradient_c });
        } else if lim.gradient_out && !gradient_beyond(gradient_c, outlet_c, rearm) {
            lim.gradient_out = false;
        }
        if !lim.rate_out && rewarming_beyond_limit(rate, outlet_c) {
            lim.rate_out = true;
            lim.excursions[1] += 1;
            events.push(Event::RewarmingTooFast { c_per_min: rate });
        } else if lim.rate_out && (!warm || rate < MAX_REWARMING_C_PER_MIN * rearm) {
            lim.rate_out = false;
        }
        if !lim.outlet_out && outlet_c > MAX_OUTLET_C {
            lim.outlet_out = true;
            lim.excursions[2] += 1;
            events.push(Event::OutletTooHot { temp_c: outlet_c });
        } else if lim.outlet_out && outlet_c < MAX_OUTLET_C - 0.2 {
            lim.outlet_out = false;
        }
        for e in events {
            self.push_event(e);
        }
    }
}
