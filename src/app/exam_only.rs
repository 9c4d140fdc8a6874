//! Scenarios the programme keeps for exams. They run only as an exam, which needs the
//! facilitator's passphrase; practice, with its hints and debrief, would rehearse them.
//!
//! The list is `exam-only.manifest` in the scenario folder, signed with the programme
//! key (`perfsim key sign-exam-only`) and checked here with its public key: a scenario
//! listed by name or by content runs only as an exam. A manifest that does not check
//! (edited, signed with another key, no key to check it with) keeps *every* scenario in
//! the folder exam-only and says why, for the facilitator to fix, rather than opening
//! them. The older unsigned `exam-only.txt` (file names, `#` comments) is still honoured:
//! it can only add to the list.

use std::path::Path;

use perfsim_core::record::KeySource;
use perfsim_core::record::manifest::{ExamOnlyManifest, MANIFEST_FILE};

/// The older, unsigned list's file name in the scenario folder.
pub const EXAM_ONLY_FILE: &str = "exam-only.txt";

/// Whether a scenario may be practised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExamOnly {
    /// Not on any list: practice is fine.
    No,
    /// On the programme's list: exam only.
    Listed,
    /// The signed list does not check, so nothing in the folder is practised: why.
    Untrusted(String),
}

/// Whether the scenario at `path` is kept for exams; `key_file` is the programme key the
/// window uses (else the environment's, else the data folder's).
pub fn status(path: &Path, key_file: Option<&Path>) -> ExamOnly {
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return ExamOnly::No;
    };
    let name = name.to_string_lossy();
    if listed_in_text(folder, &name) {
        return ExamOnly::Listed;
    }
    let Ok(text) = std::fs::read_to_string(folder.join(MANIFEST_FILE)) else {
        return ExamOnly::No;
    };
    let key = match KeySource::from_env(key_file).and_then(|s| s.load_public()) {
        Ok(k) => k,
        Err(e) => {
            return ExamOnly::Untrusted(format!(
                "the exam-only list cannot be checked without the programme key ({e})"
            ));
        }
    };
    match ExamOnlyManifest::verify(&text, &key) {
        Ok(m) => {
            let bytes = std::fs::read(path).unwrap_or_default();
            if m.lists(&name, &bytes) {
                ExamOnly::Listed
            } else {
                ExamOnly::No
            }
        }
        Err(e) => ExamOnly::Untrusted(e.to_string()),
    }
}

fn listed_in_text(folder: &Path, name: &str) -> bool {
    let Ok(list) = std::fs::read_to_string(folder.join(EXAM_ONLY_FILE)) else {
        return false;
    };
    list.lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .any(|l| !l.is_empty() && l == name)
}

/// What the start screen says when practice of an exam-only scenario is refused.
pub fn refusal(scenario_name: &str, status: &ExamOnly) -> String {
    match status {
        ExamOnly::Untrusted(why) => format!(
            "“{scenario_name}” runs only as an exam for now: {why}. Ask the facilitator to re-sign the list (perfsim key sign-exam-only)."
        ),
        _ => format!(
            "“{scenario_name}” is kept for exams: it runs only from Exam setup…, with the facilitator's passphrase."
        ),
    }
}
