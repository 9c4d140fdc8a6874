//! The console's PIN lockout: five wrong PINs lock it for a minute. Times are the app
//! clock's nanoseconds (mockable in tests).

/// Wrong PINs in a row that lock the console.
pub const MAX_WRONG_PINS: u32 = 5;

/// How long the console stays locked after [`MAX_WRONG_PINS`], in nanoseconds.
pub const LOCKOUT_NS: u64 = 60_000_000_000;

/// What a PIN try came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinOutcome {
    /// The PIN was right.
    Unlocked,
    /// The PIN was wrong; this many tries are left before the lockout.
    Wrong {
        /// Tries left.
        left: u32,
    },
    /// Locked out: no PIN is checked for this many more seconds.
    LockedOut {
        /// Seconds left, rounded up.
        secs_left: u64,
    },
}

impl PinOutcome {
    /// A sentence for the console.
    pub fn message(self) -> String {
        self.message_for("console")
    }

    /// A sentence naming what the PIN unlocks (`console`, `report`).
    pub fn message_for(self, what: &str) -> String {
        match self {
            PinOutcome::Unlocked => String::new(),
            PinOutcome::Wrong { left: 0 } => format!(
                "Wrong PIN. The {what} is locked for {} s.",
                LOCKOUT_NS / 1_000_000_000
            ),
            PinOutcome::Wrong { left } => {
                format!("Wrong PIN ({left} more before the {what} locks for a minute).")
            }
            PinOutcome::LockedOut { secs_left } => {
                format!("Too many wrong PINs: the {what} is locked for {secs_left} s more.")
            }
        }
    }
}

/// Wrong tries and any lockout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PinLock {
    wrong_in_a_row: u32,
    locked_until_ns: Option<u64>,
}

impl PinLock {
    /// A try at `now_ns` whose PIN `matches` (checked by the caller) or not.
    pub fn attempt(&mut self, now_ns: u64, matches: bool) -> PinOutcome {
        if let Some(until) = self.locked_until_ns {
            if now_ns < until {
                return PinOutcome::LockedOut {
                    secs_left: (until - now_ns).div_ceil(1_000_000_000),
                };
            }
            self.locked_until_ns = None;
        }
        if matches {
            self.wrong_in_a_row = 0;
            return PinOutcome::Unlocked;
        }
        self.wrong_in_a_row += 1;
        let left = MAX_WRONG_PINS.saturating_sub(self.wrong_in_a_row);
        if left == 0 {
            self.wrong_in_a_row = 0;
            self.locked_until_ns = Some(now_ns.saturating_add(LOCKOUT_NS));
        }
        PinOutcome::Wrong { left }
    }

    /// Whether a try at `now_ns` would be refused unchecked.
    pub fn locked_out(&self, now_ns: u64) -> bool {
        self.locked_until_ns.is_some_and(|until| now_ns < until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_wrong_pins_lock_for_a_minute_then_the_right_one_works() {
        let mut lock = PinLock::default();
        for left in (0..MAX_WRONG_PINS).rev() {
            assert_eq!(lock.attempt(0, false), PinOutcome::Wrong { left });
        }
        // Even the right PIN is refused while locked out.
        assert_eq!(
            lock.attempt(1, true),
            PinOutcome::LockedOut { secs_left: 60 }
        );
        assert!(lock.locked_out(LOCKOUT_NS - 1));
        assert_eq!(lock.attempt(LOCKOUT_NS, true), PinOutcome::Unlocked);
    }
}
