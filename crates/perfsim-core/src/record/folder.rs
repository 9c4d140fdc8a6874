//! Where records live: the default folder, listing a folder, finding interrupted
//! attempts to offer for continuation, and naming new record files.

use std::path::{Path, PathBuf};

use super::reader::{RecordReader, Recovered};

/// File-name extension of attempt records.
pub const RECORD_EXTENSION: &str = "jsonl";

/// The folder where the window keeps records by default: `records` in the user's data
/// folder, or `None` when the system has no such folder.
pub fn default_folder() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "perfsim", "perfsim")
        .map(|d| d.data_dir().join("records"))
}

/// Record files (`*.jsonl`) directly in `dir`, sorted by name.
pub fn record_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|x| x == RECORD_EXTENSION) {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Readable records in `dir` that have no footer: attempts cut off by a crash, a
/// power cut or a kill, sorted by file name. The app offers these on start; continue
/// one with [`super::RecordedAttempt::continue_interrupted`]. Unreadable files are
/// skipped.
pub fn interrupted_in(dir: &Path) -> std::io::Result<Vec<Recovered>> {
    Ok(record_files(dir)?
        .iter()
        .filter_map(|p| RecordReader::open(p).ok())
        .filter(|r| !r.is_complete())
        .collect())
}

/// A file name for a new record: `<start>_<candidate>.jsonl`, with the start time's
/// `:` removed and anything but letters, digits, `-` and `_` in the candidate ID
/// replaced by `_`, e.g. `2026-11-21T075500Z_C-12.jsonl`.
pub fn file_name_for(started_at_utc: &str, candidate_id: &str) -> String {
    let safe = |s: &str, keep_colon: bool| -> String {
        s.chars()
            .filter(|c| keep_colon || *c != ':')
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let candidate = if candidate_id.is_empty() {
        "practice".to_string()
    } else {
        safe(candidate_id, true)
    };
    format!(
        "{}_{candidate}.{RECORD_EXTENSION}",
        safe(started_at_utc, false)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        let check = |date: &str, cand: &str, expect: &str| {
            assert_eq!(file_name_for(date, cand), expect);
        };
        check(
            "2026-11-21T07:55:00Z",
            "C-12",
            "2026-11-21T075500Z_C-12.jsonl",
        );
        check(
            "2026-11-21T07:55:00Z",
            "",
            "2026-11-21T075500Z_practice.jsonl",
        );
        check(
            "2026-11-21T07:55:00Z",
            "../x y",
            "2026-11-21T075500Z____x_y.jsonl",
        );
    }
}
