//! The programme's signed list of exam-only scenarios (`exam-only.manifest` in the
//! scenario folder): each scenario by file name and the SHA-256 of its text, signed with
//! the programme key so the candidate cannot take a scenario off the list unnoticed.
//!
//! ```text
//! perfsim exam-only manifest 1
//! key <key ID>
//! <sha256 hex> <file name>
//! sig <Ed25519 signature, 128 hex, over every line above with its newline>
//! ```

use super::key::{ProgrammeKey, PublicKey, SIGNATURE_LEN_BYTES};

/// The manifest's file name in the scenario folder.
pub const MANIFEST_FILE: &str = "exam-only.manifest";

const TAG: &str = "perfsim exam-only manifest 1";

/// One exam-only scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestEntry {
    /// SHA-256 of the scenario file's bytes, lowercase hex.
    pub sha256: String,
    /// The scenario's file name (no folder).
    pub file_name: String,
}

/// A verified exam-only list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExamOnlyManifest {
    /// The scenarios, as signed.
    pub entries: Vec<ManifestEntry>,
}

/// Why a manifest is not to be trusted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    /// Line `line` is not what the format expects there.
    #[error("{MANIFEST_FILE} line {line}: expected {expected}")]
    Malformed {
        /// 1-based line number.
        line: usize,
        /// What was expected.
        expected: &'static str,
    },
    /// The signature does not check with the programme key.
    #[error(
        "{MANIFEST_FILE}: the signature does not check with the programme key (ID {key_id}): it was edited or signed with another key"
    )]
    BadSignature {
        /// The programme key's ID.
        key_id: String,
    },
}

/// SHA-256 of a scenario file's bytes, as the manifest lists it.
pub fn file_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

impl ExamOnlyManifest {
    /// Whether a scenario file (its name and bytes) is on the list: by name or by
    /// content, so neither renaming nor moving a listed scenario takes it off.
    pub fn lists(&self, file_name: &str, bytes: &[u8]) -> bool {
        let sha = file_sha256(bytes);
        self.entries
            .iter()
            .any(|e| e.file_name == file_name || e.sha256 == sha)
    }

    /// The signed file text.
    pub fn sign(&self, key: &ProgrammeKey) -> String {
        let mut body = format!("{TAG}\nkey {}\n", key.id());
        for e in &self.entries {
            body.push_str(&format!("{} {}\n", e.sha256, e.file_name));
        }
        let sig = key.sign(body.as_bytes());
        format!("{body}sig {}\n", hex::encode(sig))
    }

    /// Parses a manifest and checks its signature with the programme's public key.
    pub fn verify(text: &str, key: &PublicKey) -> Result<Self, ManifestError> {
        let malformed = |line, expected| ManifestError::Malformed { line, expected };
        let lines: Vec<&str> = text.lines().collect();
        if lines.first() != Some(&TAG) {
            return Err(malformed(1, "the line `perfsim exam-only manifest 1`"));
        }
        if !lines.get(1).is_some_and(|l| l.starts_with("key ")) {
            return Err(malformed(2, "`key <key ID>`"));
        }
        let sig_at = lines.len().saturating_sub(1);
        let sig_hex = lines
            .get(sig_at)
            .and_then(|l| l.strip_prefix("sig "))
            .filter(|_| sig_at >= 2)
            .ok_or(malformed(lines.len().max(1), "`sig <128 hex digits>` last"))?;
        let mut sig = [0u8; SIGNATURE_LEN_BYTES];
        hex::decode_to_slice(sig_hex.trim(), &mut sig)
            .map_err(|_| malformed(sig_at + 1, "`sig <128 hex digits>`"))?;
        let mut body = String::new();
        for l in &lines[..sig_at] {
            body.push_str(l);
            body.push('\n');
        }
        if !key.verify(body.as_bytes(), &sig) {
            return Err(ManifestError::BadSignature { key_id: key.id() });
        }
        let mut entries = Vec::new();
        for (i, l) in lines[2..sig_at].iter().enumerate() {
            let (sha256, file_name) = l
                .split_once(' ')
                .filter(|(h, n)| h.len() == 64 && !n.is_empty())
                .ok_or(malformed(i + 3, "`<sha256 hex> <file name>`"))?;
            entries.push(ManifestEntry {
                sha256: sha256.into(),
                file_name: file_name.into(),
            });
        }
        Ok(Self { entries })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_manifest_verifies_and_any_edit_or_other_key_fails() {
        let key = ProgrammeKey::from_bytes(vec![9; 32]).expect("key");
        let other = ProgrammeKey::from_bytes(vec![8; 32]).expect("key");
        let m = ExamOnlyManifest {
            entries: vec![ManifestEntry {
                sha256: file_sha256(b"scenario text"),
                file_name: "exam.ron".into(),
            }],
        };
        let text = m.sign(&key);
        assert_eq!(
            ExamOnlyManifest::verify(&text, &key.public()),
            Ok(m.clone())
        );
        assert!(m.lists("renamed.ron", b"scenario text"));
        assert!(m.lists("exam.ron", b"edited text"));
        assert!(!m.lists("other.ron", b"other text"));
        // Taking the scenario off the list, or re-signing with another key, fails.
        let emptied = text.replace(&format!("{} exam.ron\n", m.entries[0].sha256), "");
        assert!(matches!(
            ExamOnlyManifest::verify(&emptied, &key.public()),
            Err(ManifestError::BadSignature { .. })
        ));
        assert!(ExamOnlyManifest::verify(&m.sign(&other), &key.public()).is_err());
        assert!(matches!(
            ExamOnlyManifest::verify("junk", &key.public()),
            Err(ManifestError::Malformed { line: 1, .. })
        ));
    }
}
