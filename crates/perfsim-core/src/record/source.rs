//! Where the keys are, and reading and writing their files.
//!
//! The programme key: a `--key FILE` option, else the `PERFSIM_KEY_FILE` environment
//! variable, else `programme.key` (sealed signing key) or `programme.pub` (public key
//! only) in the user's data folder (`ProjectDirs::from("org", "perfsim", "perfsim")`).
//! Checking accepts any of them; signing an exam needs the sealed key and its
//! passphrase. The per-user practice key: `PERFSIM_PRACTICE_KEY_FILE`, else
//! `practice.key` in the data folder; it is the only key perfsim ever creates by itself.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::key::{KEY_LEN_BYTES, KeyFormatError, ProgrammeKey, PublicKey};
use super::sealed::{SealError, SealedKey};

/// Environment variable naming the programme key file.
pub const KEY_FILE_ENV: &str = "PERFSIM_KEY_FILE";

/// Environment variable naming the per-user practice key file.
pub const PRACTICE_KEY_FILE_ENV: &str = "PERFSIM_PRACTICE_KEY_FILE";

/// A problem with a key file.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// No key file where one was expected. Never created as a side effect.
    #[error("no programme key at {}: create one with `perfsim key init`, or copy the programme's public key there (`perfsim key export-public`)", path.display())]
    Missing {
        /// Where it was looked for.
        path: PathBuf,
    },
    /// The file could not be read or written.
    #[error("key file {}: {source}", path.display())]
    Io {
        /// The key file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file does not hold a usable key.
    #[error("key file {}: {source}", path.display())]
    Invalid {
        /// The key file.
        path: PathBuf,
        /// What is wrong.
        source: KeyFormatError,
    },
    /// The file holds only a public key (or an unsealed practice key) where the sealed
    /// signing key is needed.
    #[error("key file {}: holds no sealed signing key, so it cannot sign an exam (it only checks records)", path.display())]
    NotSealed {
        /// The key file.
        path: PathBuf,
    },
    /// The sealed key could not be opened.
    #[error("key file {}: {source}", path.display())]
    Seal {
        /// The key file.
        path: PathBuf,
        /// Why.
        source: SealError,
    },
    /// No user data folder is known on this system and no key file was named.
    #[error("no user data folder for the keys; name one with --key or {KEY_FILE_ENV}")]
    NoDataFolder,
    /// The operating system's random source failed.
    #[error("cannot draw random bytes from the operating system: {0}")]
    Random(String),
}

/// A key file's location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySource {
    /// The key file.
    pub path: PathBuf,
}

fn data_dir() -> Result<PathBuf, KeyError> {
    directories::ProjectDirs::from("org", "perfsim", "perfsim")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(KeyError::NoDataFolder)
}

impl KeySource {
    /// The programme key file from an explicit path (a `--key` option), else the value
    /// of [`KEY_FILE_ENV`] (passed in by the caller), else the user's data folder
    /// (`programme.key`, or `programme.pub` when only that exists).
    pub fn resolve(explicit: Option<&Path>, env_value: Option<&str>) -> Result<Self, KeyError> {
        if let Some(p) = explicit {
            return Ok(Self { path: p.into() });
        }
        if let Some(v) = env_value.filter(|v| !v.is_empty()) {
            return Ok(Self { path: v.into() });
        }
        let dir = data_dir()?;
        let sealed = dir.join("programme.key");
        let public = dir.join("programme.pub");
        let path = if !sealed.exists() && public.exists() {
            public
        } else {
            sealed
        };
        Ok(Self { path })
    }

    /// [`KeySource::resolve`] from an explicit path or the process environment.
    pub fn from_env(explicit: Option<&Path>) -> Result<Self, KeyError> {
        let env_value = std::env::var(KEY_FILE_ENV).ok();
        Self::resolve(explicit, env_value.as_deref())
    }

    /// The per-user practice key file: [`PRACTICE_KEY_FILE_ENV`], else `practice.key`
    /// in the data folder.
    pub fn practice() -> Result<Self, KeyError> {
        if let Some(v) = std::env::var_os(PRACTICE_KEY_FILE_ENV).filter(|v| !v.is_empty()) {
            return Ok(Self { path: v.into() });
        }
        Ok(Self {
            path: data_dir()?.join("practice.key"),
        })
    }

    fn read(&self) -> Result<String, KeyError> {
        match std::fs::read_to_string(&self.path) {
            Ok(t) => Ok(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(KeyError::Missing {
                path: self.path.clone(),
            }),
            Err(source) => Err(KeyError::Io {
                path: self.path.clone(),
                source,
            }),
        }
    }

    fn invalid(&self, source: KeyFormatError) -> KeyError {
        KeyError::Invalid {
            path: self.path.clone(),
            source,
        }
    }

    /// The public key in the file: a sealed key, a public key file or a practice key.
    pub fn load_public(&self) -> Result<PublicKey, KeyError> {
        let text = self.read()?;
        if SealedKey::is_sealed_text(&text) {
            return Ok(SealedKey::from_file_text(&text)
                .map_err(|e| self.invalid(e))?
                .public);
        }
        if let Ok(p) = PublicKey::from_file_text(&text) {
            return Ok(p);
        }
        ProgrammeKey::from_file_text(&text)
            .map(|k| k.public())
            .map_err(|e| self.invalid(e))
    }

    /// The sealed signing key (still sealed).
    pub fn load_sealed(&self) -> Result<SealedKey, KeyError> {
        let text = self.read()?;
        if !SealedKey::is_sealed_text(&text) {
            return Err(KeyError::NotSealed {
                path: self.path.clone(),
            });
        }
        SealedKey::from_file_text(&text).map_err(|e| self.invalid(e))
    }

    /// Opens the sealed signing key with `passphrase`, in memory.
    pub fn unlock(&self, passphrase: &str) -> Result<ProgrammeKey, KeyError> {
        self.load_sealed()?
            .open(passphrase)
            .map_err(|source| KeyError::Seal {
                path: self.path.clone(),
                source,
            })
    }

    /// Reads an unsealed (practice) key.
    pub fn load_unsealed(&self) -> Result<ProgrammeKey, KeyError> {
        let text = self.read()?;
        ProgrammeKey::from_file_text(&text).map_err(|e| self.invalid(e))
    }

    /// The practice key, created from `fresh_bytes` if there is none. Only for the
    /// per-user practice key: programme keys are made by `perfsim key init`.
    pub fn load_or_create_practice(
        &self,
        fresh_bytes: impl FnOnce(&mut [u8]) -> Result<(), String>,
    ) -> Result<ProgrammeKey, KeyError> {
        match self.load_unsealed() {
            Ok(k) => return Ok(k),
            Err(KeyError::Missing { .. }) => {}
            Err(e) => return Err(e),
        }
        let mut bytes = vec![0u8; KEY_LEN_BYTES];
        fresh_bytes(&mut bytes).map_err(KeyError::Random)?;
        let key = ProgrammeKey::from_bytes(bytes).map_err(|e| self.invalid(e))?;
        match self.write_text(&key.file_text(), false) {
            Ok(()) => Ok(key),
            // Another process created it first: use theirs.
            Err(KeyError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::AlreadyExists =>
            {
                self.load_unsealed()
            }
            Err(e) => Err(e),
        }
    }

    /// Writes `text` to the key file (owner-only permissions on Unix). With `replace`
    /// false, an existing file is an error of kind `AlreadyExists`.
    pub fn write_text(&self, text: &str, replace: bool) -> Result<(), KeyError> {
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
        file.write_all(text.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::sealed::SEAL_RANDOM_BYTES;

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
    fn a_missing_key_is_never_created_and_a_sealed_one_needs_its_passphrase() {
        let dir = tempfile::tempdir().expect("tempdir");
        let src = KeySource {
            path: dir.path().join("sub/programme.key"),
        };
        assert!(matches!(src.load_public(), Err(KeyError::Missing { .. })));
        assert!(matches!(
            src.unlock("passphrase"),
            Err(KeyError::Missing { .. })
        ));
        assert!(!src.path.exists());
        let key = ProgrammeKey::from_bytes(vec![4; 32]).expect("key");
        let sealed = SealedKey::seal(&key, "passphrase", [1; SEAL_RANDOM_BYTES]).expect("seal");
        src.write_text(&sealed.file_text(), false).expect("write");
        assert_eq!(src.load_public().expect("public"), key.public());
        assert_eq!(src.unlock("passphrase").expect("open"), key);
        assert!(matches!(
            src.unlock("wrong passphrase"),
            Err(KeyError::Seal {
                source: SealError::WrongPassphrase,
                ..
            })
        ));
        // A practice key file cannot stand in for the sealed key.
        let practice = KeySource {
            path: dir.path().join("practice.key"),
        };
        let p = practice
            .load_or_create_practice(|b| {
                b.fill(2);
                Ok(())
            })
            .expect("practice");
        assert_eq!(
            practice
                .load_or_create_practice(|_| Err("drawn twice".into()))
                .expect("load"),
            p
        );
        assert!(matches!(
            practice.unlock("passphrase"),
            Err(KeyError::NotSealed { .. })
        ));
    }
}
