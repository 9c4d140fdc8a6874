//! The one place perfsim draws unseeded randomness: bytes for a new programme key, from
//! the operating system. Runs never see them; the core takes them as a parameter.

/// Fills `bytes` from the OS random number generator.
pub fn os_random(bytes: &mut [u8]) -> Result<(), String> {
    rand::TryRngCore::try_fill_bytes(&mut rand::rngs::OsRng, bytes).map_err(|e| e.to_string())
}
