//! The programme's list of rater keys: which keys may sign a rating that counts.
//!
//! A rating proves only that the holder of its key wrote it; anyone (a candidate too)
//! can make a key. So, like records against the programme's public key, ratings are
//! checked against a list the programme keeps on the checking machine: one public key a
//! line (64 hex digits, optionally followed by the rater's name), `#` comments; the tag
//! lines of `perfsim key export-public` files are skipped, so those files can simply be
//! concatenated.

use std::path::Path;

use crate::record::PublicKey;
use crate::record::key::PUBLIC_KEY_FILE_TAG;
use crate::ron_file::FileError;

/// Environment variable naming the raters list when no `--raters` is given.
pub const RATERS_FILE_ENV: &str = "PERFSIM_RATERS_FILE";

/// The public keys of the programme's raters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RaterKeys {
    /// The keys.
    pub keys: Vec<PublicKey>,
}

impl RaterKeys {
    /// Parses a list; errors name the file and line.
    pub fn parse(file: &str, text: &str) -> Result<Self, FileError> {
        let mut keys = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line == PUBLIC_KEY_FILE_TAG {
                continue;
            }
            let hex = line.split_whitespace().next().unwrap_or_default();
            let key = PublicKey::from_hex(hex).map_err(|e| FileError::Invalid {
                file: file.to_string(),
                line: i + 1,
                col: 1,
                message: format!("expected a rater's public key (64 hex digits): {e}"),
            })?;
            keys.push(key);
        }
        Ok(Self { keys })
    }

    /// Reads a list file.
    pub fn load(path: &Path) -> Result<Self, FileError> {
        let text = crate::ron_file::read(path)?;
        Self::parse(&path.display().to_string(), &text)
    }

    /// The list named by `explicit` (a `--raters` option), else by [`RATERS_FILE_ENV`];
    /// `None` when neither names one.
    pub fn resolve(explicit: Option<&Path>) -> Result<Option<Self>, FileError> {
        let env = std::env::var_os(RATERS_FILE_ENV).filter(|v| !v.is_empty());
        match explicit.map(Path::to_path_buf).or(env.map(Into::into)) {
            Some(path) => Self::load(&path).map(Some),
            None => Ok(None),
        }
    }

    /// Whether `key` is on the list.
    pub fn contains(&self, key: &PublicKey) -> bool {
        self.keys.contains(key)
    }
}
