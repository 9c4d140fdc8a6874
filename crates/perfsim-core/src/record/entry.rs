//! The entries of an attempt record: one header, then actions, notes, pause and resume
//! markers and heartbeats as they happen, and a footer when the attempt ends.

use serde::{Deserialize, Serialize};

use crate::action::LoggedAction;
use crate::time::Tick;

/// The record format this build writes. Readers refuse newer versions, and format 1
/// (HMAC lines under a shared secret) is no longer read: see `docs/records.md`.
pub const FORMAT_VERSION: u32 = 3;

/// The longest attempt a record may hold: 12 simulated hours. A record whose ticks go
/// beyond it is refused before any replay, so no file can make a check run for long.
pub const MAX_RECORD_TICKS: Tick = 12 * 3600 * crate::time::TICKS_PER_SEC;

/// How an attempt is run and judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Pause, speed-up and hints allowed; the report is shown at the end.
    #[default]
    Practice,
    /// Real time, no hints, score hidden from the candidate.
    Exam,
}

impl Mode {
    /// The word used in files and tables: `practice` or `exam`.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Practice => "practice",
            Mode::Exam => "exam",
        }
    }
}

/// Who, what and when: the first entry of every record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// The perfsim version that wrote the record (`CARGO_PKG_VERSION`).
    pub perfsim_version: String,
    /// Ticks per simulated second of the writer's model.
    pub ticks_per_sec: u64,
    /// Scenario title.
    pub scenario_name: String,
    /// Scenario version label.
    pub scenario_version: String,
    /// SHA-256 (hex) of the scenario file's bytes; checked against `scenario_text` on replay.
    pub scenario_sha256: String,
    /// Where the scenario was loaded from (informative only).
    pub scenario_source: String,
    /// The scenario file's full text, so the record replays even if the file changes.
    pub scenario_text: String,
    /// Seed of the run.
    pub seed: u64,
    /// Candidate ID as the facilitator entered it (may be empty in practice).
    pub candidate_id: String,
    /// Facilitator's name (may be empty in practice).
    pub facilitator: String,
    /// Practice or exam.
    pub mode: Mode,
    /// Wall-clock start, UTC, RFC 3339 (`2026-11-21T07:55:00Z`), supplied by the app edge.
    pub started_at_utc: String,
    /// Short ID of the key the record is signed with (see [`super::key::PublicKey::id`]).
    pub key_id: String,
    /// The public key (hex) whose signatures chain the record's lines. Trust comes from
    /// comparing it with the programme's public key, never from the record itself.
    pub public_key: String,
    /// The facilitator's console PIN for this exam as a salted slow hash, so a
    /// continuation after a crash asks for the same facilitator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<super::pin::PinHash>,
    /// What kind of practice key signed the record, as the app that wrote it says
    /// (informative, like `scenario_source`: trust comes only from comparing
    /// `public_key` with the programme's). Absent from records signed on the desktop,
    /// so their bytes are as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice_key: Option<PracticeKeyKind>,
}

/// Which practice key signed a practice record, when it was not the desktop's per-user
/// one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PracticeKeyKind {
    /// A per-browser key, made by the browser build on first use and kept in that
    /// browser's storage: it signs only practice records, offered as downloads.
    Browser,
}

impl PracticeKeyKind {
    /// Words for `verify` and the record browser.
    pub fn label(self) -> &'static str {
        match self {
            PracticeKeyKind::Browser => "per-browser practice key",
        }
    }
}

/// The last entry of a finished attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Footer {
    /// The tick at which the attempt ended.
    pub final_tick: Tick,
    /// [`crate::trace::digest`] of the 1 Hz trace at the end.
    pub trace_digest: String,
    /// The scoring report as JSON, when the scenario is scored.
    pub report: Option<serde_json::Value>,
}

/// One line of a record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// Always and only the first line.
    Header(Box<Header>),
    /// An action (trainee or instructor) with the tick it was applied at.
    Action(LoggedAction),
    /// A facilitator's note.
    Note {
        /// When it was written.
        tick: Tick,
        /// What the facilitator wrote.
        text: String,
    },
    /// The facilitator paused the run.
    Pause {
        /// When.
        tick: Tick,
    },
    /// The facilitator resumed the run.
    Resume {
        /// When.
        tick: Tick,
    },
    /// The attempt was still running at this tick (written about once a wall second).
    Heartbeat {
        /// The current tick.
        tick: Tick,
    },
    /// The attempt was interrupted (power cut, crash) and continued from here.
    Restarted {
        /// The tick the attempt continued from.
        tick: Tick,
        /// Who authorised the continuation (the facilitator's name as entered).
        #[serde(default)]
        authorised_by: String,
        /// ID of the key that signs from here on.
        #[serde(default)]
        key_id: String,
    },
    /// A wrong facilitator PIN was entered at the console (or, after the footer, at the finished exam's locked report).
    WrongPin {
        /// When.
        tick: Tick,
    },
    /// The trainee's own chart of the parts of the perfusion record the scenario asks
    /// for (`perfusion_chart`), written from the debrief after the run (after the
    /// footer, like a wrong PIN at the locked report), so it is signed with the record
    /// and a review scores it again against the replay.
    TraineeChart {
        /// The run's last tick.
        tick: Tick,
        /// What the trainee typed into each field.
        entries: Vec<crate::programme::trainee_chart::TraineeEntry>,
    },
    /// Always and only the last line of a finished record (a wrong PIN or the
    /// trainee's chart may follow it).
    Footer(Footer),
}

impl Entry {
    /// The simulated tick the entry refers to (0 for the header).
    pub fn tick(&self) -> Tick {
        match self {
            Entry::Header(_) => 0,
            Entry::Action(a) => a.tick,
            Entry::Note { tick, .. }
            | Entry::Pause { tick }
            | Entry::Resume { tick }
            | Entry::Heartbeat { tick }
            | Entry::WrongPin { tick }
            | Entry::TraineeChart { tick, .. }
            | Entry::Restarted { tick, .. } => *tick,
            Entry::Footer(f) => f.final_tick,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::{Action, Actor};

    /// Replays are bit-identical only if every float survives the JSON round trip
    /// exactly (serde_json's `float_roundtrip` feature).
    #[test]
    fn floats_round_trip_bit_exactly() {
        let check = |flow_l_per_min: f64| {
            let entry = Entry::Action(LoggedAction {
                tick: 7,
                actor: Actor::Trainee,
                action: Action::SetPumpFlow { flow_l_per_min },
            });
            let text = serde_json::to_string(&entry).expect("encode");
            let back: Entry = serde_json::from_str(&text).expect("decode");
            let Entry::Action(LoggedAction {
                action:
                    Action::SetPumpFlow {
                        flow_l_per_min: got,
                    },
                ..
            }) = back
            else {
                panic!("not the same entry: {text}");
            };
            assert_eq!(got.to_bits(), flow_l_per_min.to_bits(), "{text}");
        };
        check(1.6 + 0.1 * 1.0);
        check(0.1 + 0.2);
        check(4.8 / 3.0);
        check(f64::MIN_POSITIVE);
        let mut x = 0.123_456_789_f64;
        for _ in 0..10_000 {
            x = (x * 3.987_654_321).fract() * 7.0;
            check(x);
        }
    }
}
