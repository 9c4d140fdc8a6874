//! Errors reading and writing records.

use std::path::PathBuf;

/// A record that cannot be written, read or replayed.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The file could not be opened, read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The record file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file has no complete first line.
    #[error("{}: not an attempt record: it has no complete header line", path.display())]
    NoHeader {
        /// The record file.
        path: PathBuf,
    },
    /// A line that is not the last one is not a record entry: damaged or edited.
    #[error("{}: line {line}: not a valid record entry ({message}): the record was damaged or edited", path.display())]
    Malformed {
        /// The record file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The entries are in an impossible order (header not first, anything after the footer).
    #[error("{}: line {line}: {message}: the record was damaged or edited", path.display())]
    OutOfOrder {
        /// The record file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Written by a newer perfsim.
    #[error("{}: record format {found} is newer than this perfsim reads ({supported}); update perfsim", path.display())]
    NewerFormat {
        /// The record file.
        path: PathBuf,
        /// The record's format version.
        found: u32,
        /// What this build reads.
        supported: u32,
    },
    /// Another process is writing this record.
    #[error("{} is open for writing elsewhere ({holder}): one window at a time", path.display())]
    Locked {
        /// The record file.
        path: PathBuf,
        /// Who holds it, as the lock file says.
        holder: String,
    },
    /// A format-1 record (HMAC under a shared secret), which this build does not read.
    #[error("{}: a format-1 record (HMAC under a shared key, which anyone holding the key could forge); check it with the perfsim release that wrote it", path.display())]
    OldFormat {
        /// The record file.
        path: PathBuf,
    },
    /// A tick beyond what any attempt can reach, or going backwards.
    #[error("{}: line {line}: tick {tick} {why}: the record was damaged or edited", path.display())]
    BadTick {
        /// The record file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// The tick.
        tick: u64,
        /// What is wrong with it.
        why: String,
    },
    /// An entry could not be turned into JSON (should not happen).
    #[error("cannot encode a record entry: {0}")]
    Encode(#[from] serde_json::Error),
}
