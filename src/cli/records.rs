//! The record commands: `run --record/--pace`, `verify`, `replay`, `summary`, `report`
//! and `key`. The wall clock and the OS random source are read here, at the edge.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use perfsim_core::action::{Actor, LoggedAction};
use perfsim_core::attempt::{Attempt, AttemptError};
use perfsim_core::record::report::{ReportFormat, ReportInputs};
use perfsim_core::record::{
    self, AttemptInfo, Entry, KeySource, Mode, PublicKey, RecordReader, RecordedAttempt, Recovered,
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
    /// The facilitator's passphrase in a file (else asked on standard input) when the
    /// programme key signs: always for an exam.
    pub passphrase_file: Option<PathBuf>,
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
            let mode = opts.mode.map_or(Mode::Practice, Mode::from);
            // An exam is signed only by the programme key, unlocked with the passphrase;
            // practice by the per-user practice key unless the facilitator unlocks the
            // programme key for it.
            let key = if mode == Mode::Exam || opts.passphrase_file.is_some() {
                super::keys::unlock(opts.key.as_deref(), opts.passphrase_file.as_deref())?
            } else {
                KeySource::practice()?.load_or_create_practice(crate::entropy::os_random)?
            };
            let info = AttemptInfo {
                candidate_id: opts.candidate.clone(),
                facilitator: opts.facilitator.clone(),
                mode,
                started_at_utc: crate::wall_clock::now_utc(),
                pin: None,
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

/// The programme's public key (never created, never secret).
fn public_key(explicit: Option<&Path>) -> anyhow::Result<PublicKey> {
    Ok(key_source(explicit)?.load_public()?)
}

/// Restarts and interruptions, one line each, with their times and who authorised them.
fn continuations(rec: &Recovered) -> Vec<String> {
    let mut out: Vec<String> = rec
        .entries()
        .filter_map(|e| match e {
            Entry::Restarted {
                tick,
                authorised_by,
                key_id,
            } => Some(format!(
                "interrupted and continued at {} (authorised by {}, signed with key ID {})",
                clock_label(*tick),
                if authorised_by.is_empty() {
                    "nobody named"
                } else {
                    authorised_by
                },
                if key_id.is_empty() { "?" } else { key_id },
            )),
            _ => None,
        })
        .collect();
    let wrong_pins = rec
        .entries()
        .filter(|e| matches!(e, Entry::WrongPin { .. }))
        .count();
    if wrong_pins > 0 {
        out.push(format!(
            "{wrong_pins} wrong facilitator PIN(s) entered at the console or the locked report"
        ));
    }
    out
}

/// `perfsim verify RECORD`: fails unless the record is signed by the programme key (or
/// is a practice record, labelled so), intact and complete, and every continuation of
/// an exam names who authorised it.
pub fn verify(path: &Path, key: Option<&Path>) -> anyhow::Result<()> {
    let rec = RecordReader::open(path)?;
    let key = match public_key(key) {
        Ok(k) => Some(k),
        // A practice record is checked against its own key whatever the programme's:
        // it needs none here (a student's download from the browser build), and says
        // it is not evidence of an exam.
        Err(e) if rec.header().mode == Mode::Practice => {
            eprintln!(
                "no programme key here ({e:#}): a practice record is checked against its own key"
            );
            None
        }
        Err(e) => return Err(e),
    };
    let integrity = Integrity::check(&rec, key.as_ref());
    if !integrity.trusted() {
        bail!("{}: {}", path.display(), integrity.plain_text());
    }
    if let Some(cut) = rec.cut().filter(|c| c.damaged_line) {
        bail!(
            "{}: line {}: not a valid record entry: the record was damaged or edited after it was written",
            path.display(),
            cut.line
        );
    }
    let notes = continuations(&rec);
    for n in &notes {
        crate::outln!("{}: {n}", path.display());
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
    let unauthorised = rec.entries().any(
        |e| matches!(e, Entry::Restarted { authorised_by, .. } if authorised_by.trim().is_empty()),
    );
    if h.mode == Mode::Exam && unauthorised {
        bail!(
            "{}: the exam was continued after an interruption without a facilitator's authorisation",
            path.display()
        );
    }
    let label = match integrity {
        Integrity::Practice => format!(
            "PRACTICE record, signed with a {} (ID {}) that is not a programme key: unedited since it was signed, but not evidence of an exam or of who sat it",
            h.practice_key
                .map_or("per-user practice key", |k| k.label()),
            h.key_id
        ),
        _ => format!("signed with the programme key ID {}", h.key_id),
    };
    crate::outln!(
        "{}: intact and complete: {} lines, {label}; {} v{}, candidate {:?}, {} mode, {}, {} restart(s)",
        path.display(),
        rec.lines().len(),
        h.scenario_name,
        h.scenario_version,
        h.candidate_id,
        h.mode.label(),
        clock_label(rec.last_tick()),
        rec.entries()
            .filter(|e| matches!(e, Entry::Restarted { .. }))
            .count(),
    );
    Ok(())
}

/// The key check, without failing when there is no key.
fn integrity(rec: &Recovered, key: Option<&Path>) -> Integrity {
    match public_key(key) {
        Ok(k) => Integrity::check(rec, Some(&k)),
        Err(e) => {
            eprintln!("integrity not checked: {e:#}");
            Integrity::check(rec, None)
        }
    }
}

/// `perfsim replay RECORD`: re-simulates and compares with the record.
pub fn replay(path: &Path, trace: Option<&Path>, key: Option<&Path>) -> anyhow::Result<()> {
    let rec = RecordReader::open(path)?;
    let integrity = integrity(&rec, key);
    crate::outln!("integrity: {}", integrity.plain_text());
    if !integrity.trusted() {
        bail!(
            "{}: not replayed: the record does not verify ({})",
            path.display(),
            integrity.plain_text()
        );
    }
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
    let key = match public_key(key) {
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
    let checked = integrity(&rec, key);
    let trusted = checked.trusted();
    let integrity = checked.text();
    let review = if trusted {
        Review::of_record(rec.clone(), None).map_err(|e| e.to_string())
    } else {
        Err("the record does not verify".to_string())
    };
    let events = match &review {
        Ok(r) => r.end.events(),
        Err(e) => {
            eprintln!("model events left out of the timeline: {e}");
            &[]
        }
    };
    // The score is the replay's, and only of a record that verifies; never the footer's.
    let replayed = review
        .as_ref()
        .ok()
        .filter(|_| rec.is_complete())
        .and_then(|r| record::score::report_json(&r.end));
    let no_score = if !trusted {
        format!("the record does not verify ({integrity}), so no score is shown")
    } else if !rec.is_complete() {
        "the attempt is interrupted".to_string()
    } else {
        "the scenario has no rubric".to_string()
    };
    let inputs = ReportInputs {
        integrity,
        events,
        report: replayed.as_ref(),
        no_score,
    };
    let format = ReportFormat::for_path(out);
    let text = record::report::render(&rec, &inputs, format);
    // Trend plots and, once released, the raters' feedback (src/cli/programme.rs).
    let text = super::programme::extend_report(path, review.as_ref().ok(), text, format, key);
    let mut file =
        std::fs::File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", out.display()))?;
    crate::outln!("report written to {}", out.display());
    Ok(())
}
