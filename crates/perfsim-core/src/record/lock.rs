//! One writer per record: an exclusive operating-system lock on `<record>.lock`, held
//! for as long as the record is open for writing. The OS drops it when the process
//! ends, even on SIGKILL, so a crash never leaves a record locked. The lock file names
//! its holder so a second window can say who has the record.

use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::error::RecordError;

/// A held lock on one record.
#[derive(Debug)]
pub struct RecordLock {
    _file: File,
}

/// The lock file beside a record.
pub fn lock_path(record: &Path) -> PathBuf {
    let mut name = record.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

impl RecordLock {
    /// Takes the record's lock or says who holds it.
    pub fn take(record: &Path) -> Result<Self, RecordError> {
        let path = lock_path(record);
        let io = |source| RecordError::Io {
            path: path.clone(),
            source,
        };
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                return Err(RecordError::Locked {
                    path: record.into(),
                    holder: holder.trim().chars().take(200).collect(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        writeln!(file, "perfsim process {}", std::process::id()).map_err(io)?;
        file.flush().map_err(io)?;
        Ok(Self { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_and_told_who_holds_the_record() {
        let dir = tempfile::tempdir().expect("tempdir");
        let record = dir.path().join("a.jsonl");
        let first = RecordLock::take(&record).expect("first");
        let second = RecordLock::take(&record);
        let Err(RecordError::Locked { holder, .. }) = second else {
            panic!("a second writer was let in: {second:?}");
        };
        assert!(holder.contains(&std::process::id().to_string()), "{holder}");
        drop(first);
        assert!(RecordLock::take(&record).is_ok());
    }
}
