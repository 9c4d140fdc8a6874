//! The facilitator's release of the raters' feedback to the candidate: a marker signed
//! by the programme key (or, for a practice record, by a key that rated it), stored as
//! `RECORD.ratings/release.json`. Reports show rater feedback only once it verifies; an
//! exam's only when the programme key signed it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::signed::{RatingError, ratings_dir, read_bounded};
use crate::record::{ProgrammeKey, PublicKey};

/// The release file's stem in the ratings folder.
pub const RELEASE_STEM: &str = "release";

/// The tag signed with a release.
pub const RELEASE_FORMAT: &str = "perfsim release 1";

/// What is released.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    /// The record's file name.
    pub record_file: String,
    /// SHA-256 of the record's bytes when released.
    pub record_sha256: String,
    /// Who released it.
    pub released_by: String,
    /// When, UTC RFC 3339.
    pub released_at_utc: String,
}

/// A release and its signature.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedRelease {
    /// [`RELEASE_FORMAT`].
    pub format: String,
    /// The release.
    pub release: Release,
    /// The signer's public key, hex.
    pub public_key: String,
    /// Ed25519 signature, hex.
    pub signature: String,
}

fn message(r: &Release) -> Vec<u8> {
    let mut m = format!("{RELEASE_FORMAT}\n").into_bytes();
    m.extend(serde_json::to_vec(r).unwrap_or_default());
    m
}

impl SignedRelease {
    /// Signs a release with `key`.
    pub fn sign(release: Release, key: &ProgrammeKey) -> Self {
        Self {
            format: RELEASE_FORMAT.into(),
            signature: hex::encode(key.sign(&message(&release))),
            public_key: key.public().hex(),
            release,
        }
    }

    /// The signer, if the signature is its own over this release.
    pub fn verify(&self) -> Option<PublicKey> {
        let key = PublicKey::from_hex(&self.public_key).ok()?;
        let mut sig = [0u8; 64];
        hex::decode_to_slice(self.signature.trim(), &mut sig).ok()?;
        (self.format == RELEASE_FORMAT && key.verify(&message(&self.release), &sig)).then_some(key)
    }
}

/// Where a record's release marker is.
pub fn release_path(record: &Path) -> PathBuf {
    ratings_dir(record).join(format!("{RELEASE_STEM}.json"))
}

/// Writes the release marker.
pub fn store(record: &Path, signed: &SignedRelease) -> Result<PathBuf, RatingError> {
    let path = release_path(record);
    let io = |source| RatingError::Io {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(ratings_dir(record)).map_err(io)?;
    let text = serde_json::to_string_pretty(signed).unwrap_or_default();
    std::fs::write(&path, format!("{text}\n")).map_err(io)?;
    Ok(path)
}

/// Whether the raters' feedback on `record` is released: a release marker about the
/// record's current bytes, signed by one of `signers` (the programme key; for practice
/// the raters' keys too). Returns the release when it is.
pub fn released(record: &Path, signers: &[PublicKey]) -> Option<Release> {
    let text = read_bounded(&release_path(record)).ok()?;
    let signed: SignedRelease = serde_json::from_str(&text).ok()?;
    let key = signed.verify()?;
    let sha = std::fs::read(record)
        .map(|b| super::rating::record_sha256(&b))
        .ok()?;
    (signers.contains(&key) && signed.release.record_sha256 == sha).then_some(signed.release)
}
