//! Who sits an exam and who runs it, and the facilitator PIN (kept only as a salted
//! slow hash, in the exam record's signed header). Shared by the exam setup, the run, the instructor console and the
//! candidate's end screen.

use perfsim_core::record;

/// Fewest digits in a facilitator PIN.
pub const PIN_MIN_DIGITS: usize = 4;

/// A facilitator PIN as a salted Argon2id hash (the core's [`record::PinHash`]); the
/// digits themselves are never kept. It goes into the exam record's signed header, so
/// the same facilitator's PIN unlocks the console after a crash.
#[derive(Clone, PartialEq, Eq)]
pub struct PinHash(record::PinHash);

impl std::fmt::Debug for PinHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PinHash(..)")
    }
}

impl PinHash {
    /// Hashes `pin` with a fresh random salt; `None` unless it is at least
    /// [`PIN_MIN_DIGITS`] digits.
    pub fn new(pin: &str) -> Option<Self> {
        if !is_valid_pin(pin) {
            return None;
        }
        let mut salt = [0u8; record::pin::PIN_SALT_BYTES];
        // A failing OS random source leaves a zero salt: still a slow hash, only unsalted.
        let _ = crate::entropy::os_random(&mut salt);
        Some(Self(record::PinHash::new(pin.trim(), salt)))
    }

    /// The hash a record's header holds.
    pub fn from_record(hash: record::PinHash) -> Self {
        Self(hash)
    }

    /// The hash, for the record's header.
    pub fn record_hash(&self) -> record::PinHash {
        self.0.clone()
    }

    /// Whether `pin` is the PIN.
    pub fn matches(&self, pin: &str) -> bool {
        self.0.matches(pin.trim())
    }
}

/// Whether `pin` is acceptable: digits only, at least [`PIN_MIN_DIGITS`].
pub fn is_valid_pin(pin: &str) -> bool {
    let pin = pin.trim();
    pin.len() >= PIN_MIN_DIGITS && pin.chars().all(|c| c.is_ascii_digit())
}

/// Who sits an exam and who runs it, with the PIN hash.
#[derive(Clone, Debug)]
pub struct ExamInfo {
    /// Candidate ID.
    pub candidate_id: String,
    /// Facilitator's name.
    pub facilitator: String,
    /// The facilitator's PIN.
    pub pin: PinHash,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_digits_and_only_the_right_one_matches() {
        assert!(PinHash::new("12a4").is_none());
        assert!(PinHash::new("123").is_none());
        let Some(h) = PinHash::new("2468") else {
            panic!("a valid PIN was refused");
        };
        assert!(h.matches("2468"));
        assert!(!h.matches("2469"));
        assert!(!h.matches(""));
        // Salted: the same PIN hashes differently each time.
        assert_ne!(PinHash::new("2468"), Some(h));
    }
}
