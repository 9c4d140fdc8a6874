//! Whether **Attempt records** asks for the programme passphrase.
//!
//! On the exam machine the sealed programme key is present and the passphrase keeps the
//! candidate out of the records (fault names, notes, scores, a live exam's included). A
//! checking machine holds only the public key (`perfsim key export-public`): nothing
//! there can sign, the passphrase is not known there, and the records open at once. A
//! sealed key in the user's data folder marks an exam machine whatever `--key` or
//! `PERFSIM_KEY_FILE` say, so pointing the window at a copy of the public key does not
//! open the records on the exam machine. With no readable key at all the gate stays
//! shut (fail closed).

use std::path::Path;

use perfsim_core::record::KeySource;

/// True unless the configured key (`explicit`, else the environment, else the data
/// folder) is a public key only and the data folder holds no sealed key.
pub fn needs_passphrase(explicit: Option<&Path>) -> bool {
    let configured_public_only = KeySource::from_env(explicit).is_ok_and(|s| is_public_only(&s));
    let data_folder_sealed = KeySource::resolve(None, None).is_ok_and(|s| s.load_sealed().is_ok());
    !configured_public_only || data_folder_sealed
}

fn is_public_only(source: &KeySource) -> bool {
    source.load_sealed().is_err() && source.load_public().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use perfsim_core::record::{ProgrammeKey, SealedKey};

    #[test]
    fn only_a_public_key_opens_the_records_without_the_passphrase() {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        let key = match ProgrammeKey::from_bytes(vec![4; 32]) {
            Ok(k) => k,
            Err(e) => panic!("{e}"),
        };
        let sealed = match SealedKey::seal(&key, "a long passphrase", [1; 40]) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        let sealed_path = dir.path().join("programme.key");
        let public_path = dir.path().join("programme.pub");
        let write = |p: &Path, text: String| {
            if let Err(e) = (KeySource { path: p.into() }).write_text(&text, true) {
                panic!("{e}");
            }
        };
        write(&sealed_path, sealed.file_text());
        write(&public_path, key.public().file_text());
        assert!(needs_passphrase(Some(&sealed_path)));
        assert!(!needs_passphrase(Some(&public_path)));
        assert!(needs_passphrase(Some(&dir.path().join("missing.key"))));
    }
}
