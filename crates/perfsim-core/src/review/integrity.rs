//! A record's key check, as a value.

use crate::record::{ProgrammeKey, Recovered, Tamper};

/// The result of checking a record against the programme key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Integrity {
    /// Every MAC matches.
    Intact,
    /// A MAC does not match: the record was edited after it was written.
    Edited(String),
    /// Signed with another programme's key: cannot tell.
    DifferentKey(String),
    /// No programme key here.
    NoKey,
}

impl Integrity {
    /// Checks `rec` with `key`.
    pub fn check(rec: &Recovered, key: Option<&ProgrammeKey>) -> Self {
        let Some(key) = key else {
            return Integrity::NoKey;
        };
        match rec.verify(key) {
            Ok(()) => Integrity::Intact,
            Err(t @ Tamper::MacMismatch { .. }) => Integrity::Edited(t.to_string()),
            Err(t @ Tamper::DifferentKey { .. }) => Integrity::DifferentKey(t.to_string()),
        }
    }

    /// Words for the record browser's list and banner and its printed report.
    pub fn text(&self) -> String {
        match self {
            Integrity::Intact => "intact".into(),
            Integrity::Edited(why) => format!("edited: {why}"),
            Integrity::DifferentKey(why) => format!("cannot check: {why}"),
            Integrity::NoKey => "cannot check: no key".into(),
        }
    }

    /// Words for the command line and the summary table: `intact`, the first problem
    /// found with the key, or `not checked ...` without one.
    pub fn plain_text(&self) -> String {
        match self {
            Integrity::Intact => "intact".into(),
            Integrity::Edited(why) | Integrity::DifferentKey(why) => why.clone(),
            Integrity::NoKey => "not checked (no programme key)".into(),
        }
    }
}
