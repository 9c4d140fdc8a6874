//! Appending entries to a record as the attempt happens, durably.
//!
//! Every entry is written as one complete line in a single `write`, then flushed and
//! `sync_data`-ed, so a power cut or SIGKILL loses at most the entry being written. The
//! driver writes a heartbeat about once a wall-clock second, which bounds what a cut can
//! lose to the last second.
//!
//! The same writer keeps a record in memory where there is no file system (the browser
//! build, which offers the bytes as a download): only where a finished line goes differs
//! ([`Sink`]), so a record kept in memory is byte for byte the file the desktop writes.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::entry::{Entry, FORMAT_VERSION, Header};
use super::error::RecordError;
use super::key::ProgrammeKey;
use super::line::{self, CHAIN_START, Chain, LineSig};
use super::lock::RecordLock;
use super::reader::Recovered;

/// Where a record's signed lines go.
#[derive(Debug)]
enum Sink {
    /// A file, synced after every line and locked against other writers while open.
    File {
        path: PathBuf,
        file: File,
        _lock: RecordLock,
    },
    /// Bytes in memory (the browser): nothing to sync or lock.
    Memory(Vec<u8>),
}

impl Sink {
    /// Writes one whole line and, for a file, makes it durable before returning.
    fn write_line(&mut self, text: &[u8]) -> Result<(), RecordError> {
        match self {
            Sink::File { path, file, .. } => {
                let io = |source| RecordError::Io {
                    path: path.clone(),
                    source,
                };
                file.write_all(text).map_err(io)?;
                file.flush().map_err(io)?;
                file.sync_data().map_err(io)
            }
            Sink::Memory(bytes) => {
                bytes.extend_from_slice(text);
                Ok(())
            }
        }
    }
}

/// Writes one record: to a file ([`RecordWriter::create`]) or to memory
/// ([`RecordWriter::in_memory`]), with the same lines either way.
#[derive(Debug)]
pub struct RecordWriter {
    sink: Sink,
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
}

impl RecordWriter {
    /// Creates a new record (refusing to overwrite one) and writes its header. The
    /// header's `key_id`, `public_key` and `format_version` are set from `key` and this
    /// build. The record stays locked against other writers while this writer lives.
    pub fn create(path: &Path, header: Header, key: ProgrammeKey) -> Result<Self, RecordError> {
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
        let sink = Sink::File {
            path: path.into(),
            file,
            _lock: lock,
        };
        let w = Self::start(sink, header, key)?;
        // Make the new file's directory entry durable too.
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && let Ok(dir) = File::open(parent)
        {
            let _ = dir.sync_all();
        }
        Ok(w)
    }

    /// Starts a record kept in memory (the browser, which has no record folder) and
    /// writes its header, exactly as [`RecordWriter::create`] would write it to a file;
    /// [`RecordWriter::bytes`] gives the record so far.
    pub fn in_memory(header: Header, key: ProgrammeKey) -> Result<Self, RecordError> {
        Self::start(Sink::Memory(Vec::new()), header, key)
    }

    /// Writes the header to a new `sink`. The header's `key_id`, `public_key` and
    /// `format_version` are set from `key` and this build.
    fn start(sink: Sink, mut header: Header, key: ProgrammeKey) -> Result<Self, RecordError> {
        header.format_version = FORMAT_VERSION;
        header.key_id = key.id();
        header.public_key = key.public().hex();
        let mut w = Self {
            sink,
            key,
            format_version: FORMAT_VERSION,
            previous: CHAIN_START,
            chain: Chain::START,
            lines: 0,
            header: None,
        };
        w.append(&Entry::Header(Box::new(header.clone())))?;
        w.header = Some(header);
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
            sink: Sink::File {
                path: path.into(),
                file,
                _lock: lock,
            },
            key,
            format_version: recovered.header().format_version,
            previous: recovered.last_sig(),
            chain: recovered.chain_end(),
            lines: recovered.lines().len(),
            header: Some(recovered.header().clone()),
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
        self.sink.write_line(text.as_bytes())?;
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

    /// The record file (`None` for a record kept in memory).
    pub fn path(&self) -> Option<&Path> {
        match &self.sink {
            Sink::File { path, .. } => Some(path),
            Sink::Memory(_) => None,
        }
    }

    /// The record so far, when it is kept in memory (`None` for a file: read the file).
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.sink {
            Sink::File { .. } => None,
            Sink::Memory(bytes) => Some(bytes),
        }
    }
}
