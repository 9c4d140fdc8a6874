//! The programme's signing key at rest: sealed under the facilitator's passphrase.
//!
//! The seed is encrypted with XChaCha20-Poly1305 under a key derived from the passphrase
//! with Argon2id (memory-hard, so guessing a passphrase from a copied file is slow). The
//! public key is stored in clear beside it (and bound to the ciphertext as associated
//! data), so the same file serves machines that only check records. Opening needs the
//! passphrase and happens only in memory.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use super::key::{KEY_LEN_BYTES, KeyFormatError, ProgrammeKey, PublicKey};

/// The first line of a sealed key file.
pub const SEALED_KEY_FILE_TAG: &str =
    "perfsim sealed signing key (ed25519; argon2id, xchacha20poly1305)";

/// Fresh random bytes a new seal needs: a 16-byte salt and a 24-byte nonce.
pub const SEAL_RANDOM_BYTES: usize = 16 + 24;

/// Argon2id memory cost in KiB (OWASP's minimum recommendation, 19 MiB).
const KDF_MEMORY_KIB: u32 = 19 * 1024;
/// Argon2id passes.
const KDF_PASSES: u32 = 2;

/// Why a sealed key cannot be opened.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum SealError {
    /// The passphrase is wrong (or the file was altered).
    #[error("wrong passphrase (or the key file was altered)")]
    WrongPassphrase,
    /// The passphrase is too short to protect the key.
    #[error("a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters")]
    ShortPassphrase,
    /// The file's text is not a sealed key.
    #[error("{0}")]
    Format(#[from] KeyFormatError),
    /// The key derivation failed (parameters out of range: the file was altered).
    #[error("cannot derive the key from the passphrase: {0}")]
    Kdf(String),
}

/// Fewest characters in a passphrase.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// A signing key sealed under a passphrase, as stored in `programme.key`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedKey {
    /// The public half, in clear.
    pub public: PublicKey,
    memory_kib: u32,
    passes: u32,
    salt: [u8; 16],
    nonce: [u8; 24],
    sealed: Vec<u8>,
}

fn derive(
    passphrase: &str,
    salt: &[u8],
    memory_kib: u32,
    passes: u32,
) -> Result<Zeroizing<[u8; 32]>, SealError> {
    let params =
        Params::new(memory_kib, passes, 1, Some(32)).map_err(|e| SealError::Kdf(e.to_string()))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut_slice())
        .map_err(|e| SealError::Kdf(e.to_string()))?;
    Ok(out)
}

impl SealedKey {
    /// Seals `key` under `passphrase`; `random` are [`SEAL_RANDOM_BYTES`] fresh bytes
    /// from the caller (salt, then nonce).
    pub fn seal(
        key: &ProgrammeKey,
        passphrase: &str,
        random: [u8; SEAL_RANDOM_BYTES],
    ) -> Result<Self, SealError> {
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(SealError::ShortPassphrase);
        }
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 24];
        salt.copy_from_slice(&random[..16]);
        nonce.copy_from_slice(&random[16..]);
        let kek = derive(passphrase, &salt, KDF_MEMORY_KIB, KDF_PASSES)?;
        let public = key.public();
        let aead = XChaCha20Poly1305::new(kek.as_slice().into());
        let seed = key.seed();
        let sealed = aead
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: seed.as_slice(),
                    aad: public.hex().as_bytes(),
                },
            )
            .map_err(|_| SealError::Kdf("encryption failed".into()))?;
        Ok(Self {
            public,
            memory_kib: KDF_MEMORY_KIB,
            passes: KDF_PASSES,
            salt,
            nonce,
            sealed,
        })
    }

    /// Opens the key with `passphrase` (in memory only).
    pub fn open(&self, passphrase: &str) -> Result<ProgrammeKey, SealError> {
        let kek = derive(passphrase, &self.salt, self.memory_kib, self.passes)?;
        let aead = XChaCha20Poly1305::new(kek.as_slice().into());
        let seed = Zeroizing::new(
            aead.decrypt(
                XNonce::from_slice(&self.nonce),
                Payload {
                    msg: &self.sealed,
                    aad: self.public.hex().as_bytes(),
                },
            )
            .map_err(|_| SealError::WrongPassphrase)?,
        );
        if seed.len() != KEY_LEN_BYTES {
            return Err(SealError::WrongPassphrase);
        }
        let key = ProgrammeKey::from_bytes(seed.to_vec())?;
        if key.public() != self.public {
            return Err(SealError::WrongPassphrase);
        }
        Ok(key)
    }

    /// The file's text.
    pub fn file_text(&self) -> String {
        format!(
            "{SEALED_KEY_FILE_TAG}\npublic {}\nkdf argon2id {} {}\nsalt {}\nnonce {}\nsealed {}\n",
            self.public.hex(),
            self.memory_kib,
            self.passes,
            hex::encode(self.salt),
            hex::encode(self.nonce),
            hex::encode(&self.sealed),
        )
    }

    /// Whether `text` looks like a sealed key file (its first line).
    pub fn is_sealed_text(text: &str) -> bool {
        text.lines().next().map(str::trim) == Some(SEALED_KEY_FILE_TAG)
    }

    /// Parses a sealed key file.
    pub fn from_file_text(text: &str) -> Result<Self, KeyFormatError> {
        let bad = || KeyFormatError::NotAKeyFile {
            expected: SEALED_KEY_FILE_TAG,
        };
        if !Self::is_sealed_text(text) {
            return Err(bad());
        }
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.trim().strip_prefix(name)?.strip_prefix(' '))
                .map(str::trim)
                .ok_or_else(bad)
        };
        let public = PublicKey::from_hex(field("public")?)?;
        let mut kdf = field("kdf")?.split_whitespace();
        if kdf.next() != Some("argon2id") {
            return Err(bad());
        }
        let mut number = || -> Result<u32, KeyFormatError> {
            kdf.next().and_then(|n| n.parse().ok()).ok_or_else(bad)
        };
        let memory_kib = number()?;
        let passes = number()?;
        let mut salt = [0u8; 16];
        hex::decode_to_slice(field("salt")?, &mut salt)?;
        let mut nonce = [0u8; 24];
        hex::decode_to_slice(field("nonce")?, &mut nonce)?;
        let sealed = hex::decode(field("sealed")?)?;
        Ok(Self {
            public,
            memory_kib,
            passes,
            salt,
            nonce,
            sealed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_passphrase_opens_the_sealed_key() {
        let key = ProgrammeKey::from_bytes(vec![5; 32]).expect("key");
        let sealed = SealedKey::seal(&key, "correct horse", [9; SEAL_RANDOM_BYTES]).expect("seal");
        let text = sealed.file_text();
        assert!(!text.contains(&hex::encode(key.seed().as_slice())));
        let back = SealedKey::from_file_text(&text).expect("parse");
        assert_eq!(back.open("correct horse").expect("open"), key);
        assert_eq!(back.open("correct horse!"), Err(SealError::WrongPassphrase));
        assert_eq!(
            SealedKey::seal(&key, "short", [0; SEAL_RANDOM_BYTES]),
            Err(SealError::ShortPassphrase)
        );
        // Swapping in another public key breaks the seal rather than relabelling it.
        let other = ProgrammeKey::from_bytes(vec![6; 32]).expect("key").public();
        let swapped = text.replace(&key.public().hex(), &other.hex());
        let swapped = SealedKey::from_file_text(&swapped).expect("parse");
        assert_eq!(
            swapped.open("correct horse"),
            Err(SealError::WrongPassphrase)
        );
    }
}
