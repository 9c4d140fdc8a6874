//! Scenarios the programme keeps for exams: listed by file name, one per line, in
//! `exam-only.txt` in the scenario folder (`#` starts a comment). They run only as an
//! exam, which needs the facilitator's passphrase; practice, with its hints and debrief,
//! would rehearse them.

use std::path::Path;

/// The list's file name in the scenario folder.
pub const EXAM_ONLY_FILE: &str = "exam-only.txt";

/// Whether the scenario at `path` is listed as exam-only beside it.
pub fn is_exam_only(path: &Path) -> bool {
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return false;
    };
    let Ok(list) = std::fs::read_to_string(folder.join(EXAM_ONLY_FILE)) else {
        return false;
    };
    list.lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .any(|l| !l.is_empty() && std::ffi::OsStr::new(l) == name)
}

/// What the start screen says when practice of an exam-only scenario is refused.
pub fn refusal(scenario_name: &str) -> String {
    format!(
        "“{scenario_name}” is kept for exams: it runs only from Exam setup…, with the facilitator's passphrase."
    )
}
