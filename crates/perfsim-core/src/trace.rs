//! Trace output: CSV for people and spreadsheets, and a digest for the golden test.

use std::io::Write;

use sha2::{Digest, Sha256};

use crate::model::{Signal, Snapshot};
use crate::time::secs_from_tick;

/// Writes CSV rows of snapshots: `t_s` then one column per [`Signal`].
pub struct CsvTrace<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> CsvTrace<W> {
    /// Starts a trace and writes its header row.
    pub fn new(out: W) -> csv::Result<Self> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_field("t_s")?;
        for s in Signal::ALL {
            writer.write_field(s.column())?;
        }
        writer.write_record(None::<&[u8]>)?;
        Ok(Self { writer })
    }

    /// Writes one row. Four decimals are ample for every column and keep files small.
    pub fn write(&mut self, snapshot: &Snapshot) -> csv::Result<()> {
        self.writer
            .write_field(format!("{:.1}", secs_from_tick(snapshot.tick)))?;
        for s in Signal::ALL {
            self.writer
                .write_field(format!("{:.4}", snapshot.value(*s)))?;
        }
        self.writer.write_record(None::<&[u8]>)
    }

    /// Flushes the output.
    pub fn finish(mut self) -> csv::Result<()> {
        self.writer.flush()?;
        Ok(())
    }
}

/// SHA-256 over the exact bits of every value of every snapshot, hex. Two runs have the
/// same digest only if their traces are bit-identical.
pub fn digest(trace: &[Snapshot]) -> String {
    let mut h = Sha256::new();
    for snap in trace {
        h.update(snap.tick.to_le_bytes());
        for s in Signal::ALL {
            h.update(snap.value(*s).to_bits().to_le_bytes());
        }
    }
    hex::encode(h.finalize())
}
