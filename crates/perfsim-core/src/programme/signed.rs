//! A rating signed by its rater's own Ed25519 key, and where ratings live: beside the
//! record in `RECORD.ratings/<rater>.json`, so the record itself never changes.
//!
//! The file is `{"format": …, "rating": {…}, "public_key": hex, "signature": hex}`;
//! the signature covers a fixed tag and the rating's JSON as serialised from its typed
//! form, so any edit to a value fails the check.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::rating::Rating;
use crate::record::{ProgrammeKey, PublicKey};

/// The format tag of a rating file, also signed.
pub const RATING_FORMAT: &str = "perfsim rating 1";

/// A rating and its signature, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedRating {
    /// [`RATING_FORMAT`].
    pub format: String,
    /// The rating.
    pub rating: Rating,
    /// The rater's public key, hex.
    pub public_key: String,
    /// Ed25519 signature of the tag and the rating, hex.
    pub signature: String,
}

/// Why a rating cannot be trusted or stored.
#[derive(Debug, thiserror::Error)]
pub enum RatingError {
    /// The file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a rating.
    #[error("{}: not a perfsim rating ({why})", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// Another key already signed a rating under this rater's name.
    #[error("{}: a rating by {rater:?} signed with another key (ID {other_key_id}) is already there; each rater signs with their own key", path.display())]
    OtherRatersFile {
        /// The file.
        path: PathBuf,
        /// The rater's name.
        rater: String,
        /// The key ID that signed the existing file.
        other_key_id: String,
    },
}

/// What checking a stored rating found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RatingCheck {
    /// Signed by the key it names, unedited, about this record's bytes.
    Valid,
    /// The signature does not match: edited after it was signed.
    Edited,
    /// Signed and unedited, but about other bytes of the record (it has changed since).
    OtherRecord,
    /// The file names another rater than its file name says, or holds invalid scores.
    Inconsistent(String),
    /// Signed and intact, but by a key not on the programme's raters list (its ID).
    UnknownRater(String),
}

impl RatingCheck {
    /// Words for reports.
    pub fn text(&self) -> String {
        match self {
            RatingCheck::Valid => "signed, intact".into(),
            RatingCheck::Edited => "EDITED: the signature does not match; not counted".into(),
            RatingCheck::OtherRecord => "about another version of the record; not counted".into(),
            RatingCheck::Inconsistent(why) => format!("not counted: {why}"),
            RatingCheck::UnknownRater(id) => {
                format!(
                    "signed by key ID {id}, which is not on the programme's raters list; not counted"
                )
            }
        }
    }
}

fn message(rating: &Rating) -> Vec<u8> {
    let mut m = format!("{RATING_FORMAT}\n").into_bytes();
    // Serialising a typed struct of strings, numbers and enums cannot fail.
    m.extend(serde_json::to_vec(rating).unwrap_or_default());
    m
}

impl SignedRating {
    /// Signs `rating` with the rater's `key`.
    pub fn sign(rating: Rating, key: &ProgrammeKey) -> Self {
        let signature = hex::encode(key.sign(&message(&rating)));
        Self {
            format: RATING_FORMAT.into(),
            rating,
            public_key: key.public().hex(),
            signature,
        }
    }

    /// The signing key, if the signature is its own over this rating.
    pub fn verify(&self) -> Option<PublicKey> {
        let key = PublicKey::from_hex(&self.public_key).ok()?;
        let mut sig = [0u8; 64];
        hex::decode_to_slice(self.signature.trim(), &mut sig).ok()?;
        (self.format == RATING_FORMAT && key.verify(&message(&self.rating), &sig)).then_some(key)
    }

    /// The rater key's short ID (whether or not the signature matches).
    pub fn key_id(&self) -> String {
        PublicKey::from_hex(&self.public_key)
            .map(|k| k.id())
            .unwrap_or_else(|_| "?".into())
    }

    /// Checks the rating against the record's bytes' hash.
    pub fn check(&self, record_sha256: &str, file_stem: &str) -> RatingCheck {
        if self.verify().is_none() {
            return RatingCheck::Edited;
        }
        if let Some(item) = self.rating.pints.first_invalid() {
            return RatingCheck::Inconsistent(format!("{} out of range", item.label()));
        }
        if file_name(&self.rating.rater) != file_stem {
            return RatingCheck::Inconsistent(format!(
                "the file {file_stem}.json holds a rating by {:?}",
                self.rating.rater
            ));
        }
        if self.rating.record_sha256 != record_sha256 {
            return RatingCheck::OtherRecord;
        }
        RatingCheck::Valid
    }
}

/// The folder of a record's ratings: `RECORD.ratings/` beside it.
pub fn ratings_dir(record: &Path) -> PathBuf {
    let mut name = record
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".ratings");
    record.with_file_name(name)
}

/// A rater's name as a file name: letters, digits, `-` and `_`, lower case.
pub fn file_name(rater: &str) -> String {
    let s: String = rater
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    if s.is_empty() { "rater".into() } else { s }
}

/// Where `rater`'s rating of `record` is stored.
pub fn rating_path(record: &Path, rater: &str) -> PathBuf {
    ratings_dir(record).join(format!("{}.json", file_name(rater)))
}

/// One rating file found beside a record.
#[derive(Clone, Debug)]
pub struct StoredRating {
    /// The file.
    pub path: PathBuf,
    /// Its content, if it parses.
    pub signed: Result<SignedRating, String>,
    /// What the check found (`Edited` for a file that does not parse).
    pub check: RatingCheck,
}

impl StoredRating {
    /// The rating, if it counts.
    pub fn valid(&self) -> Option<&Rating> {
        match (&self.signed, &self.check) {
            (Ok(s), RatingCheck::Valid) => Some(&s.rating),
            _ => None,
        }
    }

    /// The rater's name, or the file name when it cannot be read.
    pub fn rater(&self) -> String {
        match &self.signed {
            Ok(s) => s.rating.rater.clone(),
            Err(_) => stem(&self.path),
        }
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Writes `signed` beside `record`. A rater may replace their own earlier rating (same
/// key); a file under the same name signed by another key is refused.
pub fn store(record: &Path, signed: &SignedRating) -> Result<PathBuf, RatingError> {
    let path = rating_path(record, &signed.rating.rater);
    let io = |source| RatingError::Io {
        path: path.clone(),
        source,
    };
    if let Ok(text) = std::fs::read_to_string(&path)
        && let Ok(old) = serde_json::from_str::<SignedRating>(&text)
        && old.public_key != signed.public_key
    {
        return Err(RatingError::OtherRatersFile {
            path,
            rater: signed.rating.rater.clone(),
            other_key_id: old.key_id(),
        });
    }
    std::fs::create_dir_all(ratings_dir(record)).map_err(io)?;
    let text = serde_json::to_string_pretty(signed).map_err(|e| RatingError::Format {
        path: path.clone(),
        why: e.to_string(),
    })?;
    std::fs::write(&path, format!("{text}\n")).map_err(io)?;
    Ok(path)
}

/// Largest rating file read, bytes.
const MAX_RATING_BYTES: u64 = 256 * 1024;

/// [`load_all`], and then only keys on the programme's `raters` list count (when a list
/// is given).
pub fn load_checked(record: &Path, raters: Option<&super::raters::RaterKeys>) -> Vec<StoredRating> {
    let mut all = load_all(record);
    if let Some(list) = raters {
        for s in &mut all {
            if s.check == RatingCheck::Valid
                && let Ok(signed) = &s.signed
                && !signed.verify().is_some_and(|k| list.contains(&k))
            {
                s.check = RatingCheck::UnknownRater(signed.key_id());
            }
        }
    }
    all
}

/// Every rating stored beside `record`, checked against the record's current bytes,
/// sorted by file name. A missing folder is no ratings. The release marker is skipped.
/// Any key's rating counts here: see [`load_checked`].
pub fn load_all(record: &Path) -> Vec<StoredRating> {
    let record_sha = std::fs::read(record)
        .map(|b| super::rating::record_sha256(&b))
        .unwrap_or_default();
    let Ok(entries) = std::fs::read_dir(ratings_dir(record)) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| stem(p) != super::release::RELEASE_STEM)
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let signed = read_bounded(&path)
                .and_then(|t| serde_json::from_str::<SignedRating>(&t).map_err(|e| e.to_string()));
            let check = match &signed {
                Ok(s) => s.check(&record_sha, &stem(&path)),
                Err(_) => RatingCheck::Edited,
            };
            StoredRating {
                path,
                signed,
                check,
            }
        })
        .collect()
}

/// Reads a small text file (at most 256 KiB).
pub fn read_bounded(path: &Path) -> Result<String, String> {
    use std::io::Read as _;
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_RATING_BYTES).read_to_string(&mut text))
        .map_err(|e| e.to_string())?;
    Ok(text)
}
