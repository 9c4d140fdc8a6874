//! The programme key that signs records: 32 random bytes in a file, created on first use.
//!
//! Where the key lives, in order of precedence: a `--key FILE` option, the
//! `PERFSIM_KEY_FILE` environment variable, then `programme.key` in the user's data
//! folder (`ProjectDirs::from("org", "perfsim", "perfsim")`). The file holds the key as
//! hex. The core draws no randomness for a key: [`KeySource::load_or_create`] takes the
//! fresh bytes from its caller (the window or the command line, which read the OS RNG).

use std::io::Write;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Environment variable naming the key file.
pub const KEY_FILE_ENV: &str = "PERFSIM_KEY_FILE";

/// Bytes in a key perfsim creates.
pub const KEY_LEN_BYTES: usize = 32;

/// Shortest key accepted from a facilitator's file.
pub const MIN_KEY_LEN_BYTES: usize = 16;

/// A problem with the programme key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// No key file where one was expected.
    #[error("no programme key at {}: records signed elsewhere cannot be checked here (set one with `perfsim key set FILE`)", path.display())]
    Missing {
        /// Where it was looked for.
        path: PathBuf,
    },
    /// The file could not be read or written.
    #[error("programme key {}: {source}", path.display())]
    Io {
        /// The key file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file does not hold a usable key.
    #[error("programme key {}: {source}", path.display())]
    Invalid {
        /// The key file.
        path: PathBuf,
        /// What is wrong.
        source: KeyFormatError,
    },
    /// No user data folder is known on this system and no key file was named.
    #[error("no user data folder for the programme key; name one with --key or {KEY_FILE_ENV}")]
    NoDataFolder,
    /// The operating system's random source failed.
    #[error("cannot draw a random key from the operating system: {0}")]
    Random(String),
}

/// Why some bytes or text are not a programme key.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum KeyFormatError {
    /// Fewer than [`MIN_KEY_LEN_BYTES`] bytes.
    #[error("a key needs at least {MIN_KEY_LEN_BYTES} bytes, this one has {found_bytes}")]
    TooShort {
        /// How many bytes there are.
        found_bytes: usize,
    },
    /// The key file's text is not hex digits.
    #[error("the file must hold the key as hex digits ({0})")]
    NotHex(#[from] hex::FromHexError),
}

/// A programme key.
#[derive(Clone)]
pub struct ProgrammeKey {
    bytes: Vec<u8>,
    /// HMAC-SHA256 keyed with `bytes`, ready to clone for each line.
    hmac: Hmac<Sha256>,
}

impl PartialEq for ProgrammeKey {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for ProgrammeKey {}

impl std::fmt::Debug for ProgrammeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProgrammeKey(id {})", self.id())
    }
}

impl ProgrammeKey {
    /// A key from raw bytes (tests, or a facilitator's file). At least
    /// [`MIN_KEY_LEN_BYTES`] bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, KeyFormatError> {
        let too_short = KeyFormatError::TooShort {
            found_bytes: bytes.len(),
        };
        if bytes.len() < MIN_KEY_LEN_BYTES {
            return Err(too_short);
        }
        // HMAC takes a key of any length; an empty one is the only refusal, caught above.
        let Ok(hmac) = <Hmac<Sha256> as Mac>::new_from_slice(&bytes) else {
            return Err(too_short);
        };
        Ok(Self { bytes, hmac })
    }

    /// Parses key-file text: hex (whitespace ignored) of at least [`MIN_KEY_LEN_BYTES`] bytes.
    pub fn from_file_text(text: &str) -> Result<Self, KeyFormatError> {
        let hex_text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        Self::from_bytes(hex::decode(&hex_text)?)
    }

    /// The key bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// A fresh HMAC-SHA256 keyed with this key.
    pub fn hmac(&self) -> Hmac<Sha256> {
        self.hmac.clone()
    }

    /// A short public ID: the first 8 bytes of SHA-256 of the key, hex. Stored in record
    /// headers so a check can say "signed with a different key".
    pub fn id(&self) -> String {
        hex::encode(&Sha256::digest(&self.bytes)[..8])
    }

    /// The key as key-file text (hex and a newline).
    pub fn file_text(&self) -> String {
        format!("{}\n", hex::encode(&self.bytes))
    }
}

/// Where the programme key is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySource {
    /// The key file.
    pub path: PathBuf,
}

impl KeySource {
    /// Resolves the key file from an explicit path (a `--key` option), else the value of
    /// [`KEY_FILE_ENV`] (passed in by the caller), else the user's data folder.
    pub fn resolve(explicit: Option<&Path>, env_value: Option<&str>) -> Result<Self, KeyError> {
        if let Some(p) = explicit {
            return Ok(Self { path: p.into() });
        }
        if let Some(v) = env_value.filter(|v| !v.is_empty()) {
            return Ok(Self { path: v.into() });
        }
        let dirs = directories::ProjectDirs::from("org", "perfsim", "perfsim")
            .ok_or(KeyError::NoDataFolder)?;
        Ok(Self {
            path: dirs.data_dir().join("programme.key"),
        })
    }

    /// Resolves from an explicit path or the process environment.
    pub fn from_env(explicit: Option<&Path>) -> Result<Self, KeyError> {
        let env_value = std::env::var(KEY_FILE_ENV).ok();
        Self::resolve(explicit, env_value.as_deref())
    }

    /// Reads the key; a missing file is [`KeyError::Missing`].
    pub fn load(&self) -> Result<ProgrammeKey, KeyError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(KeyError::Missing {
                    path: self.path.clone(),
                });
            }
            Err(source) => {
                return Err(KeyError::Io {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        ProgrammeKey::from_file_text(&text).map_err(|source| KeyError::Invalid {
            path: self.path.clone(),
            source,
        })
    }

    /// Reads the key, creating one from `fresh_bytes` first if there is none (called only
    /// then, to fill [`KEY_LEN_BYTES`] random bytes). Returns the key and whether it was
    /// just created.
    pub fn load_or_create(
        &self,
        fresh_bytes: impl FnOnce(&mut [u8]) -> Result<(), String>,
    ) -> Result<(ProgrammeKey, bool), KeyError> {
        match self.load() {
            Ok(k) => return Ok((k, false)),
            Err(KeyError::Missing { .. }) => {}
            Err(e) => return Err(e),
        }
        let mut bytes = vec![0u8; KEY_LEN_BYTES];
        fresh_bytes(&mut bytes).map_err(KeyError::Random)?;
        let key = ProgrammeKey::from_bytes(bytes).map_err(|source| KeyError::Invalid {
            path: self.path.clone(),
            source,
        })?;
        match self.write(&key, false) {
            Ok(()) => Ok((key, true)),
            // Another process created it first: use theirs.
            Err(KeyError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::AlreadyExists =>
            {
                Ok((self.load()?, false))
            }
            Err(e) => Err(e),
        }
    }

    /// Writes `key` to the key file (owner-only permissions on Unix). With `replace`
    /// false, an existing file is an error of kind `AlreadyExists`.
    pub fn write(&self, key: &ProgrammeKey, replace: bool) -> Result<(), KeyError> {
        let io = |source| KeyError::Io {
            path: self.path.clone(),
            source,
        };
        if let Some(parent) = self.path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true);
        if replace {
            options.create(true).truncate(true);
        } else {
            options.create_new(true);
        }
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&self.path).map_err(io)?;
        file.write_all(key.file_text().as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_prefers_option_then_env() {
        let check = |explicit: Option<&str>, env: Option<&str>, expect: &str| {
            let got = KeySource::resolve(explicit.map(Path::new), env).map(|s| s.path);
            assert_eq!(got.ok(), Some(PathBuf::from(expect)));
        };
        check(Some("/a.key"), Some("/b.key"), "/a.key");
        check(None, Some("/b.key"), "/b.key");
    }

    #[test]
    fn create_then_load_same_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let src = KeySource {
            path: dir.path().join("sub/programme.key"),
        };
        assert!(matches!(src.load(), Err(KeyError::Missing { .. })));
        let fill = |b: &mut [u8]| {
            b.iter_mut().enumerate().for_each(|(i, x)| *x = i as u8);
            Ok(())
        };
        let (k1, created) = src.load_or_create(fill).expect("create");
        assert!(created);
        let (k2, created) = src
            .load_or_create(|_| Err("a second key must not be drawn".into()))
            .expect("load");
        assert!(!created);
        assert_eq!(k1, k2);
        assert_eq!(k1.bytes().len(), KEY_LEN_BYTES);
        assert_eq!(k1.id().len(), 16);
    }

    #[test]
    fn key_text_must_be_hex_and_long_enough() {
        assert!(ProgrammeKey::from_file_text("zz").is_err());
        assert!(ProgrammeKey::from_file_text("00ff").is_err());
        assert!(ProgrammeKey::from_file_text(&"ab".repeat(16)).is_ok());
    }
}
