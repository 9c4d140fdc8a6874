//! The record commands: `run --record/--pace`, `verify`, `replay`, `summary`, `report`
//! and `key`. The wall clock and the OS random source are read here, at the edge.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};

use perfsim_core::action::{Actor, LoggedAction};
use perfsim_core::attempt::{Attempt, AttemptError};
use perfsim_core::record::report::{ReportFormat, ReportInputs};
use perfsim_core::record::{
    self, AttemptInfo, KeySource, Mode, ProgrammeKey, RecordReader, RecordedAttempt, Recovered,
};
use perfsim_core::review::{Integrity, Review};
use perfsim_core::scenario::Scenario;
use perfsim_core::script::{RunError, ScriptError};
use perfsim_core::session::Session;
use perfsim_core::time::{TICKS_PER_SEC, Tick, clock_label, secs_from_tick};
use perfsim_core::trace::CsvTrace;

/// Mode of a recorded attempt, as typed on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ModeArg {
    /// Practice.
    Practice,
    /// Exam.
    Exam,
}

impl From<ModeArg> for Mode {
    fn from(m: ModeArg) -> Self {
        match m {
            ModeArg::Practice => Mode::Practice,
            ModeArg::Exam => Mode::Exam,
        }
    }
}

/// `perfsim key` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum KeyCommand {
    /// Install the programme key from FILE (hex, at least 16 bytes), e.g. to share one
    /// key across the programme's computers.
    Set {
        /// A file holding the key as hex digits.
        file: PathBuf,
        /// Replace an existing, different key (records signed with it stop verifying).
        #[arg(long)]
        force: bool,
        /// The key file to write (default: PERFSIM_KEY_FILE, else the user's data folder).
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// Print the programme key's short ID and where it is (creating the key on first use).
    ShowId {
        /// The key file (default: PERFSIM_KEY_FILE, else the user's data folder).
        #[arg(long)]
        key: Option<PathBuf>,
    },
}

/// How `perfsim run` records and paces an attempt.
#[derive(Clone, Debug, Default)]
pub struct RecordOptions {
    /// Write the attempt record here.
    pub record: Option<PathBuf>,
    /// Candidate ID for the header.
    pub candidate: String,
    /// Facilitator for the header.
    pub facilitator: String,
    /// Practice or exam.
    pub mode: Option<ModeArg>,
    /// Simulated seconds per wall second; `None` runs as fast as possible.
    pub pace: Option<f64>,
    /// The programme key file.
    pub key: Option<PathBuf>,
}

/// The wall clock now as UTC RFC 3339.
fn now_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    record::date::rfc3339_utc(i64::try_from(secs).unwrap_or(i64::MAX))
}

fn key_source(explicit: Option<&Path>) -> anyhow::Result<KeySource> {
    Ok(KeySource::from_env(explicit)?)
}

/// `perfsim run` with `--record` or `--pace`: a scripted attempt, optionally paced
/// against the wall clock, written to a record as it happens.
#[allow(clippy::too_many_arguments)]
pub fn run_recorded(
    scenario_path: &Path,
    seed: u64,
    script: &[LoggedAction],
    end: Tick,
    every: Tick,
    trace: Option<&Path>,
    opts: &RecordOptions,
) -> anyhow::Result<Session> {
    let text = perfsim_core::ron_file::read(scenario_path)?;
    let scenario = Arc::new(Scenario::parse(
        &scenario_path.display().to_string(),
        &text,
    )?);
    if let Some(p) = opts.pace
        && !(p.is_finite() && p > 0.0)
    {
        bail!("--pace must be a positive number of simulated seconds per second, not {p}");
    }
    if opts.mode == Some(ModeArg::Exam)
        && (opts.candidate.trim().is_empty() || opts.facilitator.trim().is_empty())
    {
        bail!("an exam record needs --candidate and --facilitator");
    }
    let mut csv = match trace {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            Some(CsvTrace::new(std::io::BufWriter::new(file))?)
        }
        None => None,
    };
    let mut attempt = match &opts.record {
        Some(path) => {
            let source = key_source(opts.key.as_deref())?;
            let (key, created) = source.load_or_create(crate::entropy::os_random)?;
            if created {
                eprintln!(
                    "created a new programme key (ID {}) at {}",
                    key.id(),
                    source.path.display()
                );
            }
            let info = AttemptInfo {
                candidate_id: opts.candidate.clone(),
                facilitator: opts.facilitator.clone(),
                mode: opts.mode.map_or(Mode::Practice, Mode::from),
                started_at_utc: now_utc(),
            };
            Attempt::recorded(
                RecordedAttempt::start(path, scenario.clone(), &text, seed, info, key)
                    .with_context(|| format!("cannot start the record {}", path.display()))?,
            )
        }
        None => Attempt::plain(Session::new(scenario.clone(), seed)),
    };
    if let Some(w) = csv.as_mut() {
        w.write(&attempt.session().sim().snapshot())?;
    }
    let started = Instant::now();
    let mut last_beat = started;
    let beat_every = Duration::from_secs(1);
    let ticks_per_wall_s = opts.pace.map(|pace| pace * TICKS_PER_SEC as f64);
    // Holds the simulation at or behind `pace` × wall time before the next tick, with a
    // heartbeat about once a wall second while waiting or running.
    let mut pace_and_beat = |attempt: &mut Attempt| -> anyhow::Result<()> {
        if let Some(rate) = ticks_per_wall_s {
            let tick = attempt.session().tick() as f64;
            loop {
                let allowed = started.elapsed().as_secs_f64() * rate;
                if tick < allowed {
                    break;
                }
                let wait_s = (tick + 1.0 - allowed) / rate;
                std::thread::sleep(Duration::from_secs_f64(wait_s.clamp(0.0005, 0.05)));
                if last_beat.elapsed() >= beat_every {
                    attempt.heartbeat().map_err(|e| stopped(e, attempt))?;
                    last_beat = Instant::now();
                }
            }
        }
        if last_beat.elapsed() >= beat_every {
            attempt.heartbeat().map_err(|e| stopped(e, attempt))?;
            last_beat = Instant::now();
        }
        Ok(())
    };
    pace_and_beat(&mut attempt)?;
    attempt
        .run_script(script, end, |a| {
            if let Some(w) = csv.as_mut()
                && a.session().tick().is_multiple_of(every)
            {
                w.write(&a.session().sim().snapshot())?;
            }
            pace_and_beat(a)
        })
        .map_err(|e| match e {
            RunError::Action(ScriptError {
                source: e @ AttemptError::Record(_),
                ..
            }) => stopped(e, &attempt),
            RunError::Action(e) => anyhow::Error::new(e),
            RunError::AfterStep(e) => e,
        })?;
    if let Some(w) = csv {
        w.finish()?;
    }
    let elapsed = started.elapsed();
    let path = attempt.record_path().map(Path::to_path_buf);
    let (session, record_error) = attempt.finish();
    if let Some(e) = record_error {
        return Err(e).context("the record was not finished");
    }
    if let Some(path) = path {
        crate::outln!("record written to {}", path.display());
    }
    super::print_summary(&session, elapsed);
    Ok(session)
}

/// A record error during a run, in words for the facilitator: the attempt stops where
/// the record stops (a refused action is reported as the action's own error instead).
fn stopped(e: AttemptError, attempt: &Attempt) -> anyhow::Error {
    let place = attempt
        .record_path()
        .map_or_else(String::new, |p| format!(" {}", p.display()));
    anyhow::anyhow!(
        "the record{place} cannot be written, so the attempt stopped at {}: {e}",
        clock_label(attempt.session().tick())
    )
}

/// `perfsim verify RECORD`: fails unless the record is intact and complete.
pub fn verify(path: &Path, key: Option<&Path>) -> anyhow::Result<()> {
    let rec = RecordReader::open(path)?;
    let key = key_source(key)?.load()?;
    if let Err(t) = rec.verify(&key) {
        bail!("{}: {t}", path.display());
    }
    if let Some(cut) = rec.cut().filter(|c| c.damaged_line) {
        bail!(
            "{}: line {}: not a valid record entry: the record was damaged or edited after it was written",
            path.display(),
            cut.line
        );
    }
    if let Some(cut) = rec.cut() {
        bail!(
            "{}: interrupted: the record has no footer and stops at line {} (simulated time {}); the {} complete lines are intact and the attempt can be continued",
            path.display(),
            cut.line,
            clock_label(rec.last_tick()),
            rec.lines().len()
        );
    }
    let h = rec.header();
    crate::outln!(
        "{}: intact and complete: {} lines, signed with key ID {}; {} v{}, candidate {:?}, {} mode, {}",
        path.display(),
        rec.lines().len(),
        h.key_id,
        h.scenario_name,
        h.scenario_version,
        h.candidate_id,
        h.mode.label(),
        clock_label(rec.last_tick()),
    );
    Ok(())
}

/// The key check in words, without failing when there is no key.
fn integrity(rec: &Recovered, key: Option<&Path>) -> String {
    match key_source(key).and_then(|s| Ok(s.load()?)) {
        Ok(k) => Integrity::check(rec, Some(&k)).plain_text(),
        Err(e) => format!("not checked ({e:#})"),
    }
}

/// `perfsim replay RECORD`: re-simulates and compares with the record.
pub fn replay(path: &Path, trace: Option<&Path>, key: Option<&Path>) -> anyhow::Result<()> {
    let rec = RecordReader::open(path)?;
    crate::outln!("integrity: {}", integrity(&rec, key));
    let started = Instant::now();
    let outcome = record::replay::replay(&rec, record::score::report_json)?;
    let elapsed = started.elapsed();
    if let Some(path) = trace {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut csv = CsvTrace::new(std::io::BufWriter::new(file))?;
        for snap in outcome.session.trace() {
            csv.write(snap)?;
        }
        csv.finish()?;
    }
    let actions = rec.actions();
    let by_instructor = actions
        .iter()
        .filter(|a| a.actor == Actor::Instructor)
        .count();
    crate::outln!(
        "replayed {} s simulated, {} actions ({} by the instructor) in {:.3} s",
        secs_from_tick(outcome.session.tick()),
        actions.len(),
        by_instructor,
        elapsed.as_secs_f64()
    );
    if let Some(d) = &outcome.difference {
        let written_by = &rec.header().perfsim_version;
        let this = env!("CARGO_PKG_VERSION");
        let hint = if written_by == this {
            format!(
                "the record was written by this perfsim version ({this}); if the model was changed since, replay with the build that wrote it"
            )
        } else {
            format!(
                "the record was written by perfsim {written_by}, this is {this}: replay it with the version that wrote it"
            )
        };
        bail!("{}: replay differs: {d}\n({hint})", path.display());
    }
    let Some(footer) = rec.footer() else {
        bail!(
            "{}: interrupted: no footer to compare against (replayed to {}, trace digest {})",
            path.display(),
            clock_label(outcome.session.tick()),
            outcome.trace_digest
        );
    };
    let report = match (&footer.report, outcome.report_compared) {
        (None, _) => "no report in the record",
        (Some(_), true) => "report identical",
        (Some(_), false) => "report not re-scored (no scoring engine in this build)",
    };
    crate::outln!(
        "replay identical: trace digest {}; {report}",
        outcome.trace_digest
    );
    Ok(())
}

/// `perfsim summary FOLDER`: one CSV row per record.
pub fn summary(folder: &Path, csv: Option<&Path>, key: Option<&Path>) -> anyhow::Result<()> {
    let key = match key_source(key).and_then(|s| Ok(s.load()?)) {
        Ok(k) => Some(k),
        Err(e) => {
            eprintln!("integrity not checked: {e:#}");
            None
        }
    };
    if !folder.is_dir() {
        bail!("{}: no such folder of attempt records", folder.display());
    }
    let rows = record::summary::summaries_in(folder, key.as_ref())
        .with_context(|| format!("cannot list {}", folder.display()))?;
    match csv {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            record::summary::write_csv(&rows, std::io::BufWriter::new(file))?;
            crate::outln!("{} attempts written to {}", rows.len(), path.display());
        }
        None => {
            if let Err(e) = record::summary::write_csv(&rows, std::io::stdout().lock()) {
                if let csv::ErrorKind::Io(io) = e.kind() {
                    crate::cli::quiet_exit_on_closed_pipe(io);
                }
                return Err(e.into());
            }
        }
    }
    Ok(())
}

/// `perfsim report RECORD --out FILE`: a printable HTML or Markdown report.
pub fn report(path: &Path, out: &Path, key: Option<&Path>) -> anyhow::Result<()> {
    let rec = RecordReader::open(path)?;
    let integrity = integrity(&rec, key);
    let review = Review::of_record(rec.clone(), None);
    let events = match &review {
        Ok(r) => r.end.events(),
        Err(e) => {
            eprintln!("model events left out of the timeline: {e}");
            &[]
        }
    };
    let inputs = ReportInputs { integrity, events };
    let text = record::report::render(&rec, &inputs, ReportFormat::for_path(out));
    let mut file =
        std::fs::File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", out.display()))?;
    crate::outln!("report written to {}", out.display());
    Ok(())
}

/// `perfsim key ...`.
pub fn key(command: &KeyCommand) -> anyhow::Result<()> {
    match command {
        KeyCommand::Set { file, force, key } => {
            let text = perfsim_core::ron_file::read(file)?;
            let new = ProgrammeKey::from_file_text(&text)
                .map_err(|m| anyhow::anyhow!("{}: {m}", file.display()))?;
            let source = key_source(key.as_deref())?;
            match source.load() {
                Ok(old) if old == new => {
                    crate::outln!("the programme key is already this key (ID {})", new.id());
                    return Ok(());
                }
                Ok(old) if !force => bail!(
                    "{} already holds a different key (ID {}); records signed with it will no longer verify here. Use --force to replace it",
                    source.path.display(),
                    old.id()
                ),
                Ok(_) | Err(record::KeyError::Missing { .. }) => {}
                Err(e) if !force => return Err(e.into()),
                Err(_) => {}
            }
            source.write(&new, true)?;
            crate::outln!(
                "programme key set: ID {} ({})",
                new.id(),
                source.path.display()
            );
        }
        KeyCommand::ShowId { key } => {
            let source = key_source(key.as_deref())?;
            let (k, created) = source.load_or_create(crate::entropy::os_random)?;
            crate::outln!(
                "{}{} ({})",
                k.id(),
                if created { " (new key created)" } else { "" },
                source.path.display()
            );
        }
    }
    Ok(())
}
