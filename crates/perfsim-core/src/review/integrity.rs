//! A record's key check, as a value.

use crate::record::{Mode, PublicKey, Recovered, Tamper};

/// The result of checking a record against the programme's public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Integrity {
    /// Signed by the programme key and every signature matches.
    Intact,
    /// A practice record signed with a practice key (per-user or per-browser): unedited
    /// since that key signed it, but anyone with the user's account could have written it.
    Practice,
    /// A signature does not match: the record was edited after it was written.
    Edited(String),
    /// Signed with another key than the programme's: proves nothing.
    DifferentKey(String),
    /// No programme key here to check against.
    NoKey,
}

impl Integrity {
    /// Checks `rec` against the programme's public `key`.
    pub fn check(rec: &Recovered, key: Option<&PublicKey>) -> Self {
        let own = match rec.verify_chain() {
            Ok(own) => own,
            Err(t) => return Integrity::Edited(t.to_string()),
        };
        if key == Some(&own) {
            return Integrity::Intact;
        }
        if rec.header().mode == Mode::Practice {
            return Integrity::Practice;
        }
        match key {
            None => Integrity::NoKey,
            Some(key) => Integrity::DifferentKey(
                Tamper::DifferentKey {
                    record_key_id: own.id(),
                    key_id: key.id(),
                }
                .to_string(),
            ),
        }
    }

    /// Whether a score may be shown: the programme signed it, or it is practice
    /// (labelled so wherever it is shown).
    pub fn trusted(&self) -> bool {
        matches!(self, Integrity::Intact | Integrity::Practice)
    }

    /// Words for the record browser's list and banner and its printed report.
    pub fn text(&self) -> String {
        match self {
            Integrity::Intact => "intact".into(),
            Integrity::Practice => "practice (a practice key: not proof of an exam)".into(),
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
            Integrity::Practice => "practice key".into(),
            Integrity::Edited(why) | Integrity::DifferentKey(why) => why.clone(),
            Integrity::NoKey => "not checked (no programme key)".into(),
        }
    }
}
