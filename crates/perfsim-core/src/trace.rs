//! Trace output: CSV for people and spreadsheets, and a digest for the golden test.

mod fixed_decimal;

use std::io::Write;

use sha2::{Digest, Sha256};

use crate::model::{Signal, Snapshot};
use crate::time::TICKS_PER_SEC;

pub use fixed_decimal::push_fixed;

// `t_s` is written as whole seconds and one decimal: one tick per decimal.
const _: () = assert!(
    TICKS_PER_SEC == 10,
    "t_s is written with one decimal per tick"
);

/// Writes CSV rows of snapshots: `t_s` then one column per [`Signal`]. Column names and
/// numbers never need quoting, so rows are written straight into one reused buffer.
pub struct CsvTrace<W: Write> {
    out: W,
    row: Vec<u8>,
}

impl<W: Write> CsvTrace<W> {
    /// Starts a trace and writes its header row.
    pub fn new(mut out: W) -> std::io::Result<Self> {
        let mut row = Vec::with_capacity(64 * 16);
        row.extend_from_slice(b"t_s");
        for s in Signal::ALL {
            row.push(b',');
            row.extend_from_slice(s.column().as_bytes());
        }
        row.push(b'\n');
        out.write_all(&row)?;
        Ok(Self { out, row })
    }

    /// Writes one row: the time to 0.1 s, every value to four decimals (ample for every
    /// column, and files stay small). A value the run's circuit does not have (NaN: an
    /// ECMO column on bypass, the reservoir on ECMO) is an empty cell, never zero.
    pub fn write(&mut self, snapshot: &Snapshot) -> std::io::Result<()> {
        let Self { out, row } = self;
        row.clear();
        let mut digits = itoa::Buffer::new();
        row.extend_from_slice(digits.format(snapshot.tick / TICKS_PER_SEC).as_bytes());
        row.push(b'.');
        row.extend_from_slice(digits.format(snapshot.tick % TICKS_PER_SEC).as_bytes());
        for s in Signal::ALL {
            row.push(b',');
            let value = snapshot.value(*s);
            if !value.is_nan() {
                push_fixed::<4>(row, value);
            }
        }
        row.push(b'\n');
        out.write_all(row)
    }

    /// Flushes the output.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// SHA-256 over the exact bits of every value of every snapshot, hex. Two runs have the
/// same digest only if their traces are bit-identical. Values a circuit does not have
/// (NaN, empty cells) are left out, so adding a circuit kind's columns leaves the
/// digests of the other kinds' runs as they were.
pub fn digest(trace: &[Snapshot]) -> String {
    let mut h = Sha256::new();
    for snap in trace {
        h.update(snap.tick.to_le_bytes());
        for s in Signal::ALL {
            let value = snap.value(*s);
            if !value.is_nan() {
                h.update(value.to_bits().to_le_bytes());
            }
        }
    }
    hex::encode(h.finalize())
}
