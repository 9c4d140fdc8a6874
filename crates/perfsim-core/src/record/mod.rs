//! Attempt records: an append-only, tamper-evident log of one attempt, written as it
//! happens, that replays to the identical run.
//!
//! A record is JSON Lines. The first line is a [`Header`] (scenario text and hash, seed,
//! candidate, facilitator, mode, start time, key ID); then [`Entry`]s for actions,
//! notes, pauses and heartbeats; a finished attempt ends with a [`Footer`] (final tick,
//! trace digest, report). Each line carries an Ed25519 signature chained over the previous
//! line's signature; checking needs only the public [`key`]. See `docs/records.md`.
//!
//! Code map: [`entry`] the entry types, [`line`] the on-disk line and MAC, [`key`] the
//! signing and public keys, [`sealed`] the passphrase-sealed key, [`source`] key files,
//! [`pin`] the exam's console PIN, [`lock`] one writer per record, [`writer`] durable appends (to a file or, in the browser, to memory), [`reader`] recovery and verification,
//! [`attempt`] a session that records itself, [`replay`] re-simulation, [`score`] the
//! seam to the scoring engine, [`summary`] the folder table, [`folder`] where records live, [`report`] the printable
//! report, [`date`] timestamps.

pub mod attempt;
pub mod date;
pub mod entry;
pub mod error;
pub mod folder;
pub mod key;
pub mod line;
pub mod lock;
pub mod manifest;
pub mod pin;
pub mod reader;
pub mod replay;
pub mod report;
pub mod score;
pub mod sealed;
pub mod source;
pub mod summary;
pub mod writer;

pub use attempt::{AttemptInfo, RecordedAttempt, StartError};
pub use entry::{Entry, FORMAT_VERSION, Footer, Header, Mode, PracticeKeyKind};
pub use error::RecordError;
pub use folder::{default_folder, interrupted_in};
pub use key::{KeyFormatError, ProgrammeKey, PublicKey};
pub use pin::PinHash;
pub use reader::{Completion, Cut, RecordLine, RecordReader, Recovered, Tamper};
pub use sealed::{SealError, SealedKey};
pub use source::{KeyError, KeySource};
pub use writer::RecordWriter;
