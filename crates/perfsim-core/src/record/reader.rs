//! Reading a record back: every complete entry, whether the attempt finished, and where
//! an interrupted record was cut. Reading never needs the key; [`Recovered::verify`] does.

use std::path::{Path, PathBuf};

use super::entry::{Entry, FORMAT_VERSION, Footer, Header, MAX_RECORD_TICKS};
use super::error::RecordError;
use super::key::PublicKey;
use super::line::{self, CHAIN_START, Chain, LineSig};
use crate::action::LoggedAction;
use crate::time::Tick;

/// Opens records.
#[derive(Debug)]
pub struct RecordReader;

/// One complete line of a record.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordLine {
    /// 1-based line number in the file.
    pub line: usize,
    /// The entry.
    pub entry: Entry,
    body: String,
    sig: LineSig,
}

/// Where and why an interrupted record stops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cut {
    /// 1-based number of the first line that is missing or incomplete.
    pub line: usize,
    /// Byte offset at which the complete entries end.
    pub offset_bytes: u64,
    /// Bytes after that offset that were dropped (a partly written line), 0 if none.
    pub dropped_bytes: u64,
    /// The dropped last line was complete (it ends with a newline) but is not a valid
    /// entry. A power cut leaves a partial line; a complete damaged one points to an
    /// edit, so a check reports it as damage rather than as an interruption.
    pub damaged_line: bool,
}

/// Whether an attempt finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completion {
    /// It has a footer.
    Complete,
    /// It stops without a footer: the program was stopped or the power cut mid-attempt.
    Interrupted,
}

impl Completion {
    /// `complete` or `interrupted`.
    pub fn label(self) -> &'static str {
        match self {
            Completion::Complete => "complete",
            Completion::Interrupted => "interrupted",
        }
    }
}

/// What a record holds, up to its last complete entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    /// The record file.
    pub path: PathBuf,
    header: Header,
    lines: Vec<RecordLine>,
    cut: Option<Cut>,
    valid_len_bytes: u64,
    /// The format-3 hash chain after the last complete line.
    chain_end: Chain,
}

/// Why a record fails its check against a public key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Tamper {
    /// The record is signed with another key than the one it is checked against.
    #[error(
        "signed with a different key: the record's key ID is {record_key_id}, the programme key's ID is {key_id}"
    )]
    DifferentKey {
        /// Key ID of the record's own public key.
        record_key_id: String,
        /// ID of the key used to check.
        key_id: String,
    },
    /// A line's signature does not match its content and position.
    #[error("line {line}: bad signature: the record was edited after it was written")]
    BadSignature {
        /// 1-based line number.
        line: usize,
    },
    /// The header's public key is not a key.
    #[error("line 1: the header's public key is not a key: the record was edited")]
    NoPublicKey,
}

impl RecordReader {
    /// Reads a record up to its last complete entry. A partly written last line (a cut
    /// mid-write) is dropped and reported in [`Recovered::cut`]; damage anywhere before
    /// the last line is an error. Never panics on any input.
    pub fn open(path: &Path) -> Result<Recovered, RecordError> {
        let bytes = std::fs::read(path).map_err(|source| RecordError::Io {
            path: path.into(),
            source,
        })?;
        Self::parse(path, &bytes)
    }

    /// [`RecordReader::open`] on bytes already read; `path` names them in errors.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Recovered, RecordError> {
        let mut lines: Vec<RecordLine> = Vec::new();
        let mut offset = 0usize;
        let mut cut = None;
        let mut footer_seen = false;
        let mut max_tick: Tick = 0;
        let mut format_version = FORMAT_VERSION;
        let mut chain = Chain::START;
        while offset < bytes.len() {
            let number = lines.len() + 1;
            let rest = &bytes[offset..];
            let newline = rest.iter().position(|&b| b == b'\n');
            let raw = &rest[..newline.unwrap_or(rest.len())];
            let is_last = newline.is_none_or(|n| offset + n + 1 >= bytes.len());
            let parsed = match newline {
                None => Err("the line was cut off mid-write".to_string()),
                Some(_) => parse_line(raw),
            };
            if number == 1
                && parsed.is_err()
                && std::str::from_utf8(raw).is_ok_and(line::is_old_format)
            {
                return Err(RecordError::OldFormat { path: path.into() });
            }
            match parsed {
                Ok((entry, body, sig)) => {
                    let order = check_order(&entry, number, footer_seen, format_version);
                    if let Err(message) = order {
                        return Err(RecordError::OutOfOrder {
                            path: path.into(),
                            line: number,
                            message,
                        });
                    }
                    if let Entry::Header(h) = &entry {
                        format_version = h.format_version;
                    }
                    if let Entry::Header(h) = &entry
                        && h.format_version > FORMAT_VERSION
                    {
                        return Err(RecordError::NewerFormat {
                            path: path.into(),
                            found: h.format_version,
                            supported: FORMAT_VERSION,
                        });
                    }
                    let tick = entry.tick();
                    let why = if tick > MAX_RECORD_TICKS {
                        Some(format!(
                            "is beyond the longest attempt a record may hold ({MAX_RECORD_TICKS})"
                        ))
                    } else if tick < max_tick {
                        Some(format!(
                            "goes back (an earlier line reached tick {max_tick})"
                        ))
                    } else {
                        None
                    };
                    if let Some(why) = why {
                        return Err(RecordError::BadTick {
                            path: path.into(),
                            line: number,
                            tick,
                            why,
                        });
                    }
                    max_tick = tick;
                    footer_seen |= matches!(entry, Entry::Footer(_));
                    chain.advance(&body, &sig);
                    lines.push(RecordLine {
                        line: number,
                        entry,
                        body,
                        sig,
                    });
                    offset += raw.len() + 1;
                }
                Err(_) if is_last && !footer_seen => {
                    cut = Some(Cut {
                        line: number,
                        offset_bytes: offset as u64,
                        dropped_bytes: (bytes.len() - offset) as u64,
                        damaged_line: newline.is_some(),
                    });
                    break;
                }
                Err(message) => {
                    return Err(RecordError::Malformed {
                        path: path.into(),
                        line: number,
                        message,
                    });
                }
            }
        }
        let Some(Entry::Header(header)) = lines.first().map(|l| l.entry.clone()) else {
            return Err(RecordError::NoHeader { path: path.into() });
        };
        if cut.is_none() && !footer_seen {
            cut = Some(Cut {
                line: lines.len() + 1,
                offset_bytes: offset as u64,
                dropped_bytes: 0,
                damaged_line: false,
            });
        }
        Ok(Recovered {
            path: path.into(),
            header: *header,
            lines,
            cut,
            valid_len_bytes: offset as u64,
            chain_end: chain,
        })
    }
}

fn parse_line(raw: &[u8]) -> Result<(Entry, String, LineSig), String> {
    let text = std::str::from_utf8(raw).map_err(|e| format!("not UTF-8 text ({e})"))?;
    let (body, sig) = line::decode(text)?;
    let entry: Entry = serde_json::from_str(body).map_err(|e| e.to_string())?;
    Ok((entry, body.to_string(), sig))
}

fn check_order(
    entry: &Entry,
    number: usize,
    footer_seen: bool,
    format_version: u32,
) -> Result<(), String> {
    let is_header = matches!(entry, Entry::Header(_));
    if number == 1 && !is_header {
        return Err("the first line is not a header".into());
    }
    if number > 1 && is_header {
        return Err("a second header".into());
    }
    // From format 3 the facilitator's wrong PINs at the locked report of a finished
    // exam, and the trainee's chart written in the debrief, follow its footer; nothing
    // else may.
    let after_footer_ok =
        format_version >= 3 && matches!(entry, Entry::WrongPin { .. } | Entry::TraineeChart { .. });
    if footer_seen && !after_footer_ok {
        return Err("an entry after the footer".into());
    }
    Ok(())
}

impl Recovered {
    /// The header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Every complete line, header first.
    pub fn lines(&self) -> &[RecordLine] {
        &self.lines
    }

    /// Every complete entry, header first.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.lines.iter().map(|l| &l.entry)
    }

    /// The footer of a finished attempt.
    pub fn footer(&self) -> Option<&Footer> {
        // Only wrong PINs at the locked report may follow the footer.
        self.lines.iter().rev().find_map(|l| match &l.entry {
            Entry::Footer(f) => Some(f),
            _ => None,
        })
    }

    /// Whether the attempt finished (has a footer).
    pub fn is_complete(&self) -> bool {
        self.footer().is_some()
    }

    /// Complete or interrupted.
    pub fn completion(&self) -> Completion {
        if self.is_complete() {
            Completion::Complete
        } else {
            Completion::Interrupted
        }
    }

    /// Where an interrupted record stops; `None` for a finished one.
    pub fn cut(&self) -> Option<&Cut> {
        self.cut.as_ref()
    }

    /// Every action, trainee and instructor, in the order applied.
    pub fn actions(&self) -> Vec<LoggedAction> {
        self.entries()
            .filter_map(|e| match e {
                Entry::Action(a) => Some(a.clone()),
                _ => None,
            })
            .collect()
    }

    /// The last tick the record shows the attempt reached: the footer's final tick, or
    /// for an interrupted record the latest tick of any entry. An interrupted attempt
    /// resumes from here.
    pub fn last_tick(&self) -> Tick {
        match self.footer() {
            Some(f) => f.final_tick,
            None => self.entries().map(Entry::tick).max().unwrap_or(0),
        }
    }

    /// Bytes of complete entries (the length to which a continuation truncates).
    pub fn valid_len_bytes(&self) -> u64 {
        self.valid_len_bytes
    }

    /// The signature of the last complete line (where a continuation picks up the chain).
    pub fn last_sig(&self) -> LineSig {
        self.lines.last().map_or(CHAIN_START, |l| l.sig)
    }

    /// The format-3 hash chain after the last complete line (where a continuation picks
    /// it up).
    pub fn chain_end(&self) -> Chain {
        self.chain_end
    }

    /// The public key the record says signed it (not to be trusted by itself).
    pub fn own_key(&self) -> Result<PublicKey, Tamper> {
        PublicKey::from_hex(&self.header.public_key).map_err(|_| Tamper::NoPublicKey)
    }

    /// Checks every line's signature against the record's own public key: `Ok` means no
    /// line was edited, removed or reordered since the holder of that key signed it. Who
    /// that is, is a separate question: compare the key with the programme's
    /// ([`Recovered::verify`]).
    pub fn verify_chain(&self) -> Result<PublicKey, Tamper> {
        let key = self.own_key()?;
        if self.header.format_version >= 3 {
            // One signature, the last line's, covers every byte before it.
            if self.chain_end.check_last(&key) {
                return Ok(key);
            }
            let mut chain = Chain::START;
            for l in &self.lines {
                chain.advance(&l.body, &l.sig);
                if !chain.check_last(&key) {
                    return Err(Tamper::BadSignature { line: l.line });
                }
            }
            // Unreachable in practice: the last line failed above.
            return Err(Tamper::BadSignature {
                line: self.lines.len(),
            });
        }
        let mut previous = CHAIN_START;
        for l in &self.lines {
            if !line::check(&key, &previous, &l.body, &l.sig) {
                return Err(Tamper::BadSignature { line: l.line });
            }
            previous = l.sig;
        }
        Ok(key)
    }

    /// Checks the record against the programme's public key: signed by that key, and
    /// nothing edited, removed or reordered among the complete lines. Check
    /// [`Recovered::is_complete`] as well.
    pub fn verify(&self, key: &PublicKey) -> Result<(), Tamper> {
        let own = self.verify_chain()?;
        if own != *key {
            return Err(Tamper::DifferentKey {
                record_key_id: own.id(),
                key_id: key.id(),
            });
        }
        Ok(())
    }
}
