//! The bypass console's safety servos the perfusionist switches on or off (Terumo
//! System 1, LivaNova S5): the level and bubble detectors, the pressure servo and the
//! level servo.

use serde::{Deserialize, Serialize};

/// One safety servo of a bypass console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Interlock {
    /// The level detector stops the arterial pump when the reservoir reaches its minimum.
    LevelStop,
    /// The bubble detector stops the arterial pump when air reaches the arterial line.
    BubbleStop,
    /// The pressure servo stops the arterial pump above the line pressure limit.
    PressureStop,
    /// The level servo slows a roller pump as the reservoir nears its minimum.
    LevelServo,
}

impl Interlock {
    /// Every servo, in the order a console lists them.
    pub const ALL: [Interlock; 4] = [
        Interlock::LevelStop,
        Interlock::LevelServo,
        Interlock::BubbleStop,
        Interlock::PressureStop,
    ];

    /// The servo as the console labels it.
    pub fn label(self) -> &'static str {
        match self {
            Interlock::LevelStop => "Level detector stop",
            Interlock::BubbleStop => "Bubble detector stop",
            Interlock::PressureStop => "Line pressure stop",
            Interlock::LevelServo => "Level servo (slows the pump)",
        }
    }
}
