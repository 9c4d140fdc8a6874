//! Wall-clock time for the window, and the fixed-step accumulator that turns it into
//! model ticks. The model itself never sees the wall clock: [`Stepper`] only says how
//! many whole ticks are due, and the app calls `Session::step` that many times.

// std's `Instant` panics in the browser; `web_time` is std's on the desktop.
use web_time::Instant;

use perfsim_core::time::TICKS_PER_SEC;

/// Nanoseconds of wall time per model tick at 1× speed.
pub const NANOS_PER_TICK: u64 = 1_000_000_000 / TICKS_PER_SEC;

/// Most ticks stepped in one frame. A slow frame (or a long pause of the process) drops
/// the excess rather than freezing the window while the model catches up.
pub const MAX_TICKS_PER_FRAME: u64 = 2000;

/// Where the window reads the time from: the real clock, or a mock time that tests and
/// screenshots set by hand so runs are reproducible.
#[derive(Clone, Debug)]
pub struct Clock {
    start: Instant,
    /// When set, the clock reads this many nanoseconds and never moves by itself.
    pub mock_time_ns: Option<u64>,
}

impl Default for Clock {
    fn default() -> Self {
        Self {
            start: Instant::now(),
            mock_time_ns: None,
        }
    }
}

impl Clock {
    /// A clock frozen at zero that moves only through [`Clock::advance_mock`].
    pub fn mock() -> Self {
        Self {
            start: Instant::now(),
            mock_time_ns: Some(0),
        }
    }

    /// Nanoseconds since the clock was made (or the mock time).
    pub fn now_ns(&self) -> u64 {
        match self.mock_time_ns {
            Some(ns) => ns,
            None => u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX),
        }
    }

    /// Moves a mock clock forward; does nothing to a real one.
    pub fn advance_mock(&mut self, nanos: u64) {
        if let Some(ns) = &mut self.mock_time_ns {
            *ns = ns.saturating_add(nanos);
        }
    }
}

/// Simulation speed in practice mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Speed {
    /// Real time.
    #[default]
    X1,
    /// Twice real time.
    X2,
    /// Five times real time.
    X5,
    /// Ten times real time.
    X10,
}

impl Speed {
    /// Every speed, slowest first.
    pub const ALL: [Speed; 4] = [Speed::X1, Speed::X2, Speed::X5, Speed::X10];

    /// Simulated seconds per wall second.
    pub fn factor(self) -> u64 {
        match self {
            Speed::X1 => 1,
            Speed::X2 => 2,
            Speed::X5 => 5,
            Speed::X10 => 10,
        }
    }

    /// Label on the speed selector.
    pub fn label(self) -> &'static str {
        match self {
            Speed::X1 => "1×",
            Speed::X2 => "2×",
            Speed::X5 => "5×",
            Speed::X10 => "10×",
        }
    }
}

/// Fixed-step integer accumulator: wall nanoseconds in, whole ticks out.
#[derive(Clone, Debug, Default)]
pub struct Stepper {
    last_ns: Option<u64>,
    /// Scaled nanoseconds not yet turned into a tick.
    carry_ns: u64,
}

impl Stepper {
    /// Ticks due at wall time `now_ns` at `speed`, at most [`MAX_TICKS_PER_FRAME`].
    /// The first call after [`Stepper::pause`] only starts the count.
    pub fn ticks_due(&mut self, now_ns: u64, speed: Speed) -> u64 {
        let Some(last) = self.last_ns.replace(now_ns) else {
            return 0;
        };
        let elapsed = now_ns.saturating_sub(last);
        self.carry_ns = self
            .carry_ns
            .saturating_add(elapsed.saturating_mul(speed.factor()));
        let ticks = self.carry_ns / NANOS_PER_TICK;
        if ticks > MAX_TICKS_PER_FRAME {
            self.carry_ns = 0;
            MAX_TICKS_PER_FRAME
        } else {
            self.carry_ns %= NANOS_PER_TICK;
            ticks
        }
    }

    /// Forgets the last reading, so time spent paused is not stepped on resume.
    pub fn pause(&mut self) {
        self.last_ns = None;
        self.carry_ns = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stepper_counts_whole_ticks_and_carries_the_rest() {
        let mut s = Stepper::default();
        assert_eq!(s.ticks_due(0, Speed::X1), 0);
        assert_eq!(s.ticks_due(250_000_000, Speed::X1), 2);
        assert_eq!(s.ticks_due(300_000_000, Speed::X1), 1);
        assert_eq!(s.ticks_due(400_000_000, Speed::X10), 10);
    }

    #[test]
    fn stepper_caps_a_long_frame_and_forgets_pauses() {
        let mut s = Stepper::default();
        s.ticks_due(0, Speed::X1);
        assert_eq!(
            s.ticks_due(3_600_000_000_000, Speed::X10),
            MAX_TICKS_PER_FRAME
        );
        s.pause();
        assert_eq!(s.ticks_due(9_000_000_000_000, Speed::X1), 0);
        assert_eq!(s.ticks_due(9_000_100_000_000, Speed::X1), 1);
    }
}
