//! The facilitator's console PIN for one exam, kept as a salted slow hash in the
//! record's signed header: it survives a crash, so only the facilitator who set it can
//! unlock the console of the continued exam, and it cannot be changed without breaking
//! the signature.
//!
//! A short PIN is guessable offline from the hash with enough time; Argon2id makes each
//! guess cost tens of milliseconds, and the console allows five tries a minute. The PIN
//! guards the running exam's console only; signing needs the passphrase.

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use subtle_eq::constant_time_eq;

/// Fresh bytes for a PIN's salt.
pub const PIN_SALT_BYTES: usize = 16;

const MEMORY_KIB: u32 = 8 * 1024;
const PASSES: u32 = 2;

/// A salted Argon2id hash of a PIN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinHash {
    /// Salt, hex.
    pub salt: String,
    /// Argon2id output, hex.
    pub hash: String,
    /// Memory cost, KiB.
    pub memory_kib: u32,
    /// Passes.
    pub passes: u32,
}

fn hash(pin: &str, salt: &[u8], memory_kib: u32, passes: u32) -> Option<[u8; 32]> {
    // Out-of-range costs come only from an edited header, which fails its signature
    // anyway; refuse rather than spend unbounded memory on them.
    if !(8..=64 * 1024).contains(&memory_kib) || !(1..=8).contains(&passes) {
        return None;
    }
    let params = Params::new(memory_kib, passes, 1, Some(32)).ok()?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(pin.as_bytes(), salt, &mut out)
        .ok()?;
    Some(out)
}

impl PinHash {
    /// Hashes `pin` with `salt` (fresh bytes from the caller).
    pub fn new(pin: &str, salt: [u8; PIN_SALT_BYTES]) -> Self {
        let out = hash(pin, &salt, MEMORY_KIB, PASSES).unwrap_or([0; 32]);
        Self {
            salt: hex::encode(salt),
            hash: hex::encode(out),
            memory_kib: MEMORY_KIB,
            passes: PASSES,
        }
    }

    /// Whether `pin` is the PIN that was hashed.
    pub fn matches(&self, pin: &str) -> bool {
        let Ok(salt) = hex::decode(&self.salt) else {
            return false;
        };
        let Some(out) = hash(pin, &salt, self.memory_kib, self.passes) else {
            return false;
        };
        constant_time_eq(hex::encode(out).as_bytes(), self.hash.as_bytes())
    }
}

mod subtle_eq {
    /// Compares without an early exit, so timing says nothing about where they differ.
    pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_pin_matches() {
        let h = PinHash::new("2468", [3; PIN_SALT_BYTES]);
        assert!(h.matches("2468"));
        assert!(!h.matches("2469"));
        assert!(!PinHash::new("2468", [4; PIN_SALT_BYTES]).hash.eq(&h.hash));
    }
}
