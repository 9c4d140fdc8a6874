//! Appending entries to a record as the attempt happens, durably.
//!
//! Every entry is written as one complete line in a single `write`, then flushed and
//! `sync_data`-ed, so a power cut or SIGKILL loses at most the entry being written. The
//! driver writes a heartbeat about once a wall-clock second, which bounds what a cut can
//! lose to the last second.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::entry::{Entry, FORMAT_VERSION, Header};
use super::error::RecordError;
use super::key::ProgrammeKey;
use super::line::{self, CHAIN_START, Chain, LineSig};
use super::lock::RecordLock;
use super::reader::Recovered;

/// Writes one record file.
#[derive(Debug)]
pub struct RecordWriter {
    path: PathBuf,
    file: File,
    key: ProgrammeKey,
    /// The format the lines are chained in: this build's for a new record, the
    /// record's own for a continued one.
    format_version: u32,
    /// Format 2's chain value: the previous line's signature.
    previous: LineSig,
    /// Format 3's hash chain.
    chain: Chain,
    lines: usize,
    header: Option<Header>,
    _lock: RecordLock,
}

impl RecordWriter {
    /// Creates a new record (refusing to overwrite one) and writes its header. The
    /// header's `key_id`, `public_key` and `format_version` are set from `key` and this
    /// build. The record stays locked against other writers while this writer lives.
    pub fn create(path: &Path, mut header: Header, key: ProgrammeKey) -> Result<Self, RecordError> {
        let io = |source| RecordError::Io {
            path: path.into(),
            source,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let lock = RecordLock::take(path)?;
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(io)?;
        header.format_version = FORMAT_VERSION;
        header.key_id = key.id();
        header.public_key = key.public().hex();
        let mut w = Self {
            path: path.into(),
            file,
            key,
            format_version: FORMAT_VERSION,
            previous: CHAIN_START,
            chain: Chain::START,
            lines: 0,
            header: None,
            _lock: lock,
        };
        w.append(&Entry::Header(Box::new(header.clone())))?;
        w.header = Some(header);
        // Make the new file's directory entry durable too.
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && let Ok(dir) = File::open(parent)
        {
            let _ = dir.sync_all();
        }
        Ok(w)
    }

    /// Reopens an interrupted record to continue it: cuts off any partial last line and
    /// continues the signature chain after the last complete entry. `recovered` must
    /// come from [`super::RecordReader::open`] on the same file and verify with `key`; a
    /// finished record cannot be continued. The record is re-read under the lock, so a
    /// second writer that read it earlier cannot cut what the first wrote since.
    pub fn continue_interrupted(
        path: &Path,
        recovered: &Recovered,
        key: ProgrammeKey,
    ) -> Result<Self, RecordError> {
        let io = |source| RecordError::Io {
            path: path.into(),
            source,
        };
        if recovered.is_complete() {
            return Err(RecordError::OutOfOrder {
                path: path.into(),
                line: recovered.lines().len(),
                message: "the attempt is finished and cannot be continued".into(),
            });
        }
        let lock = RecordLock::take(path)?;
        let now = super::RecordReader::open(path)?;
        if now.valid_len_bytes() != recovered.valid_len_bytes()
            || now.last_sig() != recovered.last_sig()
            || now.chain_end() != recovered.chain_end()
        {
            return Err(RecordError::OutOfOrder {
                path: path.into(),
                line: now.lines().len(),
                message: "the record changed since it was read (another window continued it)"
                    .into(),
            });
        }
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(io)?;
        file.set_len(recovered.valid_len_bytes()).map_err(io)?;
        file.sync_data().map_err(io)?;
        let mut file = file;
        std::io::Seek::seek(&mut file, std::io::SeekFrom::End(0)).map_err(io)?;
        Ok(Self {
            path: path.into(),
            file,
            key,
            format_version: recovered.header().format_version,
            previous: recovered.last_sig(),
            chain: recovered.chain_end(),
            lines: recovered.lines().len(),
            header: Some(recovered.header().clone()),
            _lock: lock,
        })
    }

    /// Appends one entry and makes it durable before returning.
    pub fn append(&mut self, entry: &Entry) -> Result<(), RecordError> {
        let body = serde_json::to_string(entry)?;
        let sig = if self.format_version <= 2 {
            line::sign(&self.key, &self.previous, &body)
        } else {
            self.chain.sign_next(&self.key, &body)
        };
        let text = line::encode(&body, &sig);
        let io = |source| RecordError::Io {
            path: self.path.clone(),
            source,
        };
        self.file.write_all(text.as_bytes()).map_err(io)?;
        self.file.flush().map_err(io)?;
        self.file.sync_data().map_err(io)?;
        self.previous = sig;
        self.lines += 1;
        Ok(())
    }

    /// Lines written so far (including any before a continuation).
    pub fn lines_written(&self) -> usize {
        self.lines
    }

    /// The short ID of the key signing the lines.
    pub fn key_id(&self) -> String {
        self.key.id()
    }

    /// The record's header.
    pub fn header(&self) -> Option<&Header> {
        self.header.as_ref()
    }

    /// The record file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}
