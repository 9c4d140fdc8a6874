//! Where the record browser looks for records and the programme key.

use std::path::PathBuf;

use crate::record::{self, KeySource, PublicKey};

/// Where records and the programme key are, for reading. `None` fields mean the
/// defaults: [`record::default_folder`] and [`KeySource::from_env`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordPlaces {
    /// The folder listed first.
    pub folder: Option<PathBuf>,
    /// The programme key file (as `--key`).
    pub key_file: Option<PathBuf>,
}

impl RecordPlaces {
    /// The folder to list.
    pub fn folder(&self) -> Option<PathBuf> {
        self.folder.clone().or_else(record::default_folder)
    }

    /// The programme's public key, if there is one. Never creates a key: viewing signs
    /// nothing and needs no secret.
    pub fn key(&self) -> Option<PublicKey> {
        KeySource::from_env(self.key_file.as_deref())
            .and_then(|s| s.load_public())
            .ok()
    }
}
