//! The bypass console's safety servos as the perfusionist switches them: the level and
//! bubble detectors' pump stops, the line pressure stop and the level servo. A scenario
//! sets how the console starts (`interlocks:` in the circuit); the trainee may arm or
//! disarm each during the run, and [`super::observe`] and the pump act on what is armed.

use crate::action::Interlock;
use crate::model::Sim;
use crate::model::circuit::Circuit;
use crate::model::config::Interlocks;

impl Sim {
    /// The safety servos armed now (all off on a circuit without them).
    pub fn interlocks(&self) -> Interlocks {
        match &self.circuit {
            Circuit::Cpb(cpb) => cpb.spec.interlocks,
            Circuit::Ecmo(_) => Interlocks {
                fitted: false,
                ..Interlocks::default()
            },
        }
    }

    /// Arms or disarms one servo.
    pub(super) fn set_interlock(&mut self, interlock: Interlock, on: bool) {
        let Circuit::Cpb(cpb) = &mut self.circuit else {
            return self.refuse("the safety servos are a bypass console's");
        };
        if !cpb.spec.interlocks.fitted {
            return self.refuse("this console's detectors only alarm: no servo is fitted");
        }
        let il = &mut cpb.spec.interlocks;
        let slot = match interlock {
            Interlock::LevelStop => &mut il.level_stop,
            Interlock::BubbleStop => &mut il.bubble_stop,
            Interlock::PressureStop => &mut il.pressure_stop,
            Interlock::LevelServo => &mut il.level_servo,
        };
        *slot = on;
    }
}
