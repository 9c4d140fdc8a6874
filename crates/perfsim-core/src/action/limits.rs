//! The console's limits for every numeric action parameter, in one table.
//!
//! [`crate::action::Action::check`], the scenario parser (start values that are the
//! same quantity), the property tests and the window's controls and shortcuts all read
//! these constants, so a limit is changed in one place.

use std::ops::RangeInclusive;

use crate::action::ActionError;

/// The range the console accepts for one parameter, its unit and the step a control
/// moves it by.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limit {
    /// The parameter's name as error messages give it, e.g. "pump flow".
    pub name: &'static str,
    /// Smallest accepted value.
    pub min: f64,
    /// Largest accepted value.
    pub max: f64,
    /// Unit, e.g. "L/min".
    pub unit: &'static str,
    /// One step of a control or a shortcut.
    pub step: f64,
}

impl Limit {
    /// Whether `value` is a finite number inside the range.
    pub fn contains(&self, value: f64) -> bool {
        value.is_finite() && (self.min..=self.max).contains(&value)
    }

    /// The range, for sliders and drag values.
    pub fn range(&self) -> RangeInclusive<f64> {
        self.min..=self.max
    }

    /// `value` clamped into the range (a shortcut's step never leaves it).
    pub fn clamp(&self, value: f64) -> f64 {
        value.clamp(self.min, self.max)
    }

    /// Checks `value`, naming the parameter in the error.
    pub fn check(&self, value: f64) -> Result<(), ActionError> {
        self.check_named(self.name, value)
    }

    /// Checks `value`, naming the parameter `parameter` in the error (for per-drug
    /// limits, whose names are not static).
    pub fn check_named(&self, parameter: &str, value: f64) -> Result<(), ActionError> {
        if self.contains(value) {
            Ok(())
        } else {
            Err(ActionError::OutOfRange {
                parameter: parameter.to_string(),
                value,
                limit: *self,
            })
        }
    }

    /// The lower bound in thousandths, for the file parser's const-generic range check.
    pub const fn min_milli(&self) -> i64 {
        milli(self.min)
    }

    /// The upper bound in thousandths, for the file parser's const-generic range check.
    pub const fn max_milli(&self) -> i64 {
        milli(self.max)
    }
}

/// Thousandths of `x`, rounded to the nearest (bounds are never negative).
const fn milli(x: f64) -> i64 {
    (x * 1000.0 + 0.5) as i64
}

/// Roller pump flow (or the flow a centrifugal pump's speed is set for).
pub const PUMP_FLOW: Limit = Limit {
    name: "pump flow",
    min: 0.0,
    max: 7.0,
    unit: "L/min",
    step: 0.1,
};

/// Centrifugal pump speed.
pub const PUMP_SPEED: Limit = Limit {
    name: "pump speed",
    min: 0.0,
    max: 4000.0,
    unit: "rpm",
    step: 50.0,
};

/// Flow turned by hand after a power failure.
pub const HAND_CRANK: Limit = Limit {
    name: "hand-crank flow",
    min: 0.0,
    max: 5.0,
    unit: "L/min",
    step: 0.1,
};

/// Venous line occlusion: 0 open, 100 clamped.
pub const VENOUS_OCCLUSION: Limit = Limit {
    name: "venous occlusion",
    min: 0.0,
    max: 100.0,
    unit: "%",
    step: 1.0,
};

/// Vacuum-assisted drainage, below atmosphere.
pub const VACUUM: Limit = Limit {
    name: "vacuum",
    min: 0.0,
    max: 100.0,
    unit: "mmHg",
    step: 1.0,
};

/// Sweep gas through the oxygenator.
pub const SWEEP: Limit = Limit {
    name: "sweep",
    min: 0.0,
    max: 15.0,
    unit: "L/min",
    step: 0.1,
};

/// Blender oxygen fraction.
pub const FIO2: Limit = Limit {
    name: "FiO2",
    min: 0.21,
    max: 1.0,
    unit: "(fraction)",
    step: 0.01,
};

/// Heater-cooler water set point.
pub const WATER_TEMP: Limit = Limit {
    name: "water temperature",
    min: 4.0,
    max: 40.0,
    unit: "°C",
    step: 0.5,
};

/// A fluid or blood product added to the reservoir.
pub const FLUID_VOLUME: Limit = Limit {
    name: "fluid volume",
    min: 1.0,
    max: 2000.0,
    unit: "mL",
    step: 50.0,
};

/// One dose of blood cardioplegia.
pub const CARDIOPLEGIA_VOLUME: Limit = Limit {
    name: "cardioplegia volume",
    min: 1.0,
    max: 2000.0,
    unit: "mL",
    step: 50.0,
};

/// Pacing rate when pacing (0 switches pacing off and is always accepted).
pub const PACING_RATE: Limit = Limit {
    name: "pacing rate",
    min: 40.0,
    max: 140.0,
    unit: "/min",
    step: 5.0,
};

/// Instructor: multiplier on the patient's baseline SVR.
pub const SVR_FACTOR: Limit = Limit {
    name: "SVR factor",
    min: 0.2,
    max: 3.0,
    unit: "×",
    step: 0.1,
};

/// ECMO: heparin infusion (ACT 180-220 s, anti-Xa 0.3-0.7 U/mL, ecmo.md §10): 18-20
/// U/kg/h holds the targets, so the ceiling (~40 U/kg/h for 80 kg) leaves room to
/// titrate and to overdose, not to run the bypass-sized doses the knob once needed.
pub const HEPARIN_INFUSION: Limit = Limit {
    name: "heparin infusion",
    min: 0.0,
    max: 3000.0,
    unit: "U/h",
    step: 100.0,
};

/// ECMO: the ventilator's inspired oxygen fraction.
pub const VENT_FIO2: Limit = Limit {
    name: "ventilator FiO2",
    min: 0.21,
    max: 1.0,
    unit: "(fraction)",
    step: 0.05,
};

/// ECMO: the ventilator's PEEP.
pub const PEEP: Limit = Limit {
    name: "PEEP",
    min: 0.0,
    max: 20.0,
    unit: "cmH2O",
    step: 1.0,
};

/// ECMO: the ventilator's rate.
pub const VENT_RATE: Limit = Limit {
    name: "ventilator rate",
    min: 4.0,
    max: 35.0,
    unit: "/min",
    step: 1.0,
};

/// Left-ventricular vent pump flow.
pub const VENT_FLOW: Limit = Limit {
    name: "vent flow",
    min: 0.0,
    max: 500.0,
    unit: "mL/min",
    step: 25.0,
};

/// Cardiotomy sucker pump flow.
pub const SUCKER_FLOW: Limit = Limit {
    name: "sucker flow",
    min: 0.0,
    max: 2000.0,
    unit: "mL/min",
    step: 50.0,
};

/// Haemoconcentrator ultrafiltrate rate.
pub const ULTRAFILTRATION: Limit = Limit {
    name: "ultrafiltration rate",
    min: 0.0,
    max: 200.0,
    unit: "mL/min",
    step: 10.0,
};

/// Prime displaced by retrograde autologous priming.
pub const RAP_VOLUME: Limit = Limit {
    name: "retrograde autologous prime",
    min: 1.0,
    max: 1500.0,
    unit: "mL",
    step: 50.0,
};

/// Cardioplegia delivery temperature.
pub const PLEGIA_TEMP: Limit = Limit {
    name: "cardioplegia temperature",
    min: 4.0,
    max: 37.0,
    unit: "°C",
    step: 1.0,
};

/// Cardioplegia delivery flow: 200-300 mL/min antegrade, 100-200 retrograde in practice.
pub const PLEGIA_FLOW: Limit = Limit {
    name: "cardioplegia flow",
    min: 20.0,
    max: 600.0,
    unit: "mL/min",
    step: 10.0,
};

/// Blood parts of the delivery system's blood:crystalloid ratio (66:1 is the
/// microplegia end of practice).
pub const PLEGIA_BLOOD_PARTS: Limit = Limit {
    name: "cardioplegia blood parts",
    min: 0.0,
    max: 66.0,
    unit: "parts",
    step: 1.0,
};

/// Crystalloid parts of the ratio.
pub const PLEGIA_CRYSTALLOID_PARTS: Limit = Limit {
    name: "cardioplegia crystalloid parts",
    min: 1.0,
    max: 10.0,
    unit: "parts",
    step: 1.0,
};

/// Every static limit, for tests and documentation.
pub const ALL: [Limit; 24] = [
    PUMP_FLOW,
    PUMP_SPEED,
    HAND_CRANK,
    VENOUS_OCCLUSION,
    VACUUM,
    SWEEP,
    FIO2,
    WATER_TEMP,
    FLUID_VOLUME,
    CARDIOPLEGIA_VOLUME,
    PACING_RATE,
    SVR_FACTOR,
    HEPARIN_INFUSION,
    VENT_FIO2,
    PEEP,
    VENT_RATE,
    VENT_FLOW,
    SUCKER_FLOW,
    ULTRAFILTRATION,
    RAP_VOLUME,
    PLEGIA_TEMP,
    PLEGIA_FLOW,
    PLEGIA_BLOOD_PARTS,
    PLEGIA_CRYSTALLOID_PARTS,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_in_thousandths_round_trip() {
        for l in ALL {
            assert_eq!(l.min_milli() as f64 / 1000.0, l.min, "{}", l.name);
            assert_eq!(l.max_milli() as f64 / 1000.0, l.max, "{}", l.name);
        }
    }

    #[test]
    fn out_of_range_names_the_parameter_and_its_range() {
        let e = FIO2.check(0.1).expect_err("below 0.21");
        assert_eq!(
            e.to_string(),
            "FiO2 must be between 0.21 and 1 (fraction), not 0.1"
        );
        assert!(PUMP_FLOW.check(f64::NAN).is_err());
        assert!(PUMP_FLOW.check(7.0).is_ok());
    }
}
