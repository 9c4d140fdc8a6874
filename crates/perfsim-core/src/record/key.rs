//! The keys that sign and check records: an Ed25519 signing key ([`ProgrammeKey`]) and
//! its public half ([`PublicKey`]).
//!
//! Signing and checking are separate: `verify`, `replay`, `summary`, `report` and the
//! record browser need only the public key, which can be copied to any machine. The
//! programme's signing key is stored sealed under the facilitator's passphrase (see
//! [`super::sealed`]) and is decrypted only in memory. A per-user *practice* key may sign
//! practice records; it proves nothing about who wrote them and records signed with it
//! are labelled practice everywhere.
//!
//! The core draws no randomness for a key: the caller (the window or the command line)
//! passes fresh bytes from the OS.

use ed25519_dalek::Signer;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Bytes in a signing key's seed.
pub const KEY_LEN_BYTES: usize = 32;

/// Bytes in a signature.
pub const SIGNATURE_LEN_BYTES: usize = 64;

/// Why some bytes or text are not a key.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum KeyFormatError {
    /// The wrong number of bytes.
    #[error("a key has {KEY_LEN_BYTES} bytes, this one has {found_bytes}")]
    WrongLength {
        /// How many bytes there are.
        found_bytes: usize,
    },
    /// The key text is not hex digits.
    #[error("the key must be hex digits ({0})")]
    NotHex(#[from] hex::FromHexError),
    /// The bytes are not a point on the curve.
    #[error("not an Ed25519 public key")]
    NotAPublicKey,
    /// The file is not one of perfsim's key files.
    #[error("not a perfsim key file (expected a line `{expected}`)")]
    NotAKeyFile {
        /// The line that was looked for.
        expected: &'static str,
    },
}

/// An Ed25519 signing key. Its bytes never leave memory except sealed
/// ([`super::sealed::SealedKey`]) or, for a practice key, in the user's own folder.
#[derive(Clone)]
pub struct ProgrammeKey {
    signing: ed25519_dalek::SigningKey,
}

impl PartialEq for ProgrammeKey {
    fn eq(&self, other: &Self) -> bool {
        self.public() == other.public()
    }
}

impl Eq for ProgrammeKey {}

impl std::fmt::Debug for ProgrammeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProgrammeKey(id {})", self.id())
    }
}

impl ProgrammeKey {
    /// A key from its 32-byte seed (fresh OS bytes, a test, or an unsealed practice key).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, KeyFormatError> {
        let bytes = Zeroizing::new(bytes);
        let seed: [u8; KEY_LEN_BYTES] =
            bytes
                .as_slice()
                .try_into()
                .map_err(|_| KeyFormatError::WrongLength {
                    found_bytes: bytes.len(),
                })?;
        Ok(Self {
            signing: ed25519_dalek::SigningKey::from_bytes(&seed),
        })
    }

    /// Parses an unsealed (practice) key file's text: the seed as hex.
    pub fn from_file_text(text: &str) -> Result<Self, KeyFormatError> {
        let hex_text: Zeroizing<String> =
            Zeroizing::new(text.chars().filter(|c| !c.is_whitespace()).collect());
        Self::from_bytes(hex::decode(hex_text.as_str())?)
    }

    /// The seed (for sealing or an unsealed practice key file).
    pub fn seed(&self) -> Zeroizing<[u8; KEY_LEN_BYTES]> {
        Zeroizing::new(self.signing.to_bytes())
    }

    /// The public half, which checks what this key signs.
    pub fn public(&self) -> PublicKey {
        PublicKey {
            verifying: self.signing.verifying_key(),
        }
    }

    /// The public key's short ID (see [`PublicKey::id`]).
    pub fn id(&self) -> String {
        self.public().id()
    }

    /// Signs `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; SIGNATURE_LEN_BYTES] {
        self.signing.sign(message).to_bytes()
    }

    /// An unsealed key file's text (the seed as hex): for per-user practice keys only.
    pub fn file_text(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("{}\n", hex::encode(self.seed().as_slice())))
    }
}

/// The first line of a public key file.
pub const PUBLIC_KEY_FILE_TAG: &str = "perfsim public key (ed25519)";

/// An Ed25519 public key: checks records, signs nothing.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey {
    verifying: ed25519_dalek::VerifyingKey,
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey(id {})", self.id())
    }
}

impl PublicKey {
    /// Parses 64 hex digits.
    pub fn from_hex(text: &str) -> Result<Self, KeyFormatError> {
        let mut bytes = [0u8; 32];
        let text = text.trim();
        if text.len() != 64 {
            return Err(KeyFormatError::WrongLength {
                found_bytes: text.len() / 2,
            });
        }
        hex::decode_to_slice(text, &mut bytes)?;
        let verifying = ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map_err(|_| KeyFormatError::NotAPublicKey)?;
        Ok(Self { verifying })
    }

    /// The key as 64 hex digits (as written in record headers).
    pub fn hex(&self) -> String {
        hex::encode(self.verifying.as_bytes())
    }

    /// A short ID: the first 8 bytes of SHA-256 of the public key, hex. Printed by
    /// `perfsim key` and `verify` so people can compare keys by eye.
    pub fn id(&self) -> String {
        hex::encode(&Sha256::digest(self.verifying.as_bytes())[..8])
    }

    /// Whether `signature` is this key's signature of `message` (strict check: no
    /// malleable or small-order forms).
    pub fn verify(&self, message: &[u8], signature: &[u8; SIGNATURE_LEN_BYTES]) -> bool {
        let sig = ed25519_dalek::Signature::from_bytes(signature);
        self.verifying.verify_strict(message, &sig).is_ok()
    }

    /// A public key file's text: a tag line and the key as hex.
    pub fn file_text(&self) -> String {
        format!("{PUBLIC_KEY_FILE_TAG}\n{}\n", self.hex())
    }

    /// Parses a public key file.
    pub fn from_file_text(text: &str) -> Result<Self, KeyFormatError> {
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        if lines.next() != Some(PUBLIC_KEY_FILE_TAG) {
            return Err(KeyFormatError::NotAKeyFile {
                expected: PUBLIC_KEY_FILE_TAG,
            });
        }
        Self::from_hex(lines.next().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_key_checks_what_the_signing_key_signs() {
        let k = ProgrammeKey::from_bytes(vec![7; 32]).expect("key");
        let other = ProgrammeKey::from_bytes(vec![8; 32]).expect("key");
        let sig = k.sign(b"line");
        assert!(k.public().verify(b"line", &sig));
        assert!(!k.public().verify(b"lime", &sig));
        assert!(!other.public().verify(b"line", &sig));
        assert_eq!(k.id().len(), 16);
    }

    #[test]
    fn key_texts_round_trip_and_reject_junk() {
        let k = ProgrammeKey::from_bytes(vec![3; 32]).expect("key");
        let back = ProgrammeKey::from_file_text(&k.file_text()).expect("round trip");
        assert_eq!(back, k);
        let p = PublicKey::from_file_text(&k.public().file_text()).expect("public");
        assert_eq!(p, k.public());
        assert!(ProgrammeKey::from_file_text("zz").is_err());
        assert!(ProgrammeKey::from_file_text("00ff").is_err());
        assert!(PublicKey::from_file_text(&k.public().hex()).is_err());
    }
}
