//! The browser build's practice key: made once per browser from the browser's random
//! source and kept in its storage (eframe's persistent storage, `localStorage`), so
//! every practice record downloaded from that browser is signed by the same key. It is
//! never a programme key: it signs practice records only
//! ([`perfsim_core::attempt::RecordTarget::InMemory`]), which say so.

use perfsim_core::record::ProgrammeKey;

/// The storage key the practice key is kept under.
pub const STORAGE_KEY: &str = "perfsim_practice_key";

/// The practice key kept in `stored` (its seed as hex), or a new one from
/// `fresh_bytes` with the text to store for it. A stored text that is not a key is
/// replaced (it signed nothing this browser can still produce).
pub fn load_or_make(
    stored: Option<&str>,
    fresh_bytes: impl FnOnce(&mut [u8]) -> Result<(), String>,
) -> Result<(ProgrammeKey, Option<String>), String> {
    if let Some(key) = stored.and_then(|t| ProgrammeKey::from_file_text(t).ok()) {
        return Ok((key, None));
    }
    let mut bytes = vec![0u8; perfsim_core::record::key::KEY_LEN_BYTES];
    fresh_bytes(&mut bytes)?;
    let key = ProgrammeKey::from_bytes(bytes).map_err(|e| e.to_string())?;
    let text = key.file_text().trim().to_owned();
    Ok((key, Some(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_and_then_read_back() {
        let (made, to_store) = match load_or_make(None, crate::entropy::os_random) {
            Ok(k) => k,
            Err(e) => panic!("{e}"),
        };
        let Some(text) = to_store else {
            panic!("a new key is stored");
        };
        let again = load_or_make(Some(&text), |_| Err("no randomness needed".into()));
        assert_eq!(again, Ok((made.clone(), None)));
        // Junk in the storage is replaced by a new key.
        let fresh = load_or_make(Some("not a key"), |b| {
            b.fill(9);
            Ok(())
        });
        assert!(fresh.is_ok_and(|(k, stored)| k != made && stored.is_some()));
        assert!(load_or_make(None, |_| Err("no random source".into())).is_err());
    }
}
