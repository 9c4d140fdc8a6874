//! `perfsim continue`: carries on an interrupted attempt record headless, as the
//! window's *Continue* does: the record is checked against the key, the run is
//! re-simulated to where it stopped, a `restarted` line names who authorised it, and the
//! rest of an action file (actions at or after that time) is applied to the end.

use std::path::PathBuf;

use anyhow::{Context, bail};
use perfsim_core::record::{KeySource, Mode, RecordReader, RecordedAttempt};
use perfsim_core::script::RunError;
use perfsim_core::time::{TICKS_PER_SEC, tick_from_secs};

/// What `perfsim continue` was given.
#[derive(Clone, Debug, clap::Args)]
pub struct ContinueArgs {
    /// The interrupted record (`.jsonl`).
    pub record: PathBuf,
    /// Who authorises the continuation (written into the record; default: the record's
    /// facilitator).
    #[arg(long)]
    pub facilitator: Option<String>,
    /// Actions to apply from where the record stopped (earlier ones were applied then).
    #[arg(long)]
    pub actions: Option<PathBuf>,
    /// Run to this many simulated seconds from the start (default: the scenario's end).
    #[arg(long)]
    pub duration_s: Option<f64>,
    /// The programme key file (default: PERFSIM_KEY_FILE, else the user's data folder).
    #[arg(long)]
    pub key: Option<PathBuf>,
    /// The facilitator's passphrase in a file (default: asked at the terminal without
    /// echo): an exam continues only under the programme key.
    #[arg(long)]
    pub passphrase_file: Option<PathBuf>,
}

/// Simulated seconds between the heartbeats of a headless continuation.
const HEARTBEAT_EVERY_S: u64 = 1;

/// Continues an interrupted record to its end; see the module docs.
pub fn continue_record(args: &ContinueArgs) -> anyhow::Result<()> {
    let rec = RecordReader::open(&args.record)?;
    if rec.is_complete() {
        bail!(
            "{}: the attempt is finished and cannot be continued",
            args.record.display()
        );
    }
    let header = rec.header().clone();
    // An exam continues only under the programme key (the facilitator's passphrase);
    // a practice record under the key that signed it.
    let key = if header.mode == Mode::Exam || args.passphrase_file.is_some() {
        super::keys::unlock(args.key.as_deref(), args.passphrase_file.as_deref())?
    } else {
        KeySource::practice()?.load_or_create_practice(crate::entropy::os_random)?
    };
    let authorised_by = args
        .facilitator
        .clone()
        .unwrap_or_else(|| header.facilitator.clone());
    if authorised_by.trim().is_empty() {
        bail!("name who authorises the continuation with --facilitator");
    }
    let mut attempt = RecordedAttempt::continue_interrupted(&rec, key, authorised_by.trim())
        .with_context(|| format!("cannot continue {}", args.record.display()))?;
    let from = attempt.session().tick();
    let end = match args.duration_s {
        Some(s) if s.is_finite() && s > 0.0 && s <= super::MAX_DURATION_S => tick_from_secs(s),
        Some(s) => bail!("--duration-s must be from 0 to 86400 seconds, not {s}"),
        None => attempt.session().scenario().duration_ticks,
    }
    .max(from);
    let script = match &args.actions {
        Some(path) => {
            perfsim_core::script::load_for(path, attempt.session().scenario().model.circuit.kind)?
        }
        None => Vec::new(),
    };
    let rest = script.partition_point(|a| a.tick < from);
    perfsim_core::script::run(&mut attempt, &script[rest..], end, |a| {
        if a.session()
            .tick()
            .is_multiple_of(HEARTBEAT_EVERY_S * TICKS_PER_SEC)
        {
            a.heartbeat()?;
        }
        Ok::<(), perfsim_core::attempt::AttemptError>(())
    })
    .map_err(|e| match e {
        RunError::Action(e) => anyhow::Error::new(e),
        RunError::AfterStep(e) => anyhow::Error::new(e),
    })
    .context("the continuation stopped")?;
    let report = perfsim_core::record::score::report_json(attempt.session());
    attempt
        .finish(report)
        .context("the record was not finished")?;
    crate::outln!(
        "{}: continued from {} to {}, authorised by {:?}; check it with `perfsim verify`",
        args.record.display(),
        perfsim_core::time::clock_label(from),
        perfsim_core::time::clock_label(end),
        authorised_by.trim()
    );
    Ok(())
}
