//! The command line: `perfsim run`, `perfsim validate`, and (with no command) the window.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use perfsim_core::bounded::short;
use perfsim_core::scenario::Scenario;
use perfsim_core::session::Session;
use perfsim_core::time::{TICKS_PER_SEC, tick_from_secs};
use perfsim_core::trace::CsvTrace;

pub mod calibrate;
pub mod certificate;
pub mod keys;
pub mod programme;
pub mod records;
pub mod resume;

/// Writes a line to standard output; when the reader has gone (`perfsim validate ... |
/// head -1`), the process ends quietly with success instead of panicking.
#[macro_export]
macro_rules! outln {
    ($($t:tt)*) => { $crate::cli::write_out(format_args!("{}\n", format_args!($($t)*))) };
}

/// Writes to standard output; see [`outln!`].
pub fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        quiet_exit_on_closed_pipe(&e);
    }
}

/// Ends the process quietly (status 0) if `e` says the reader closed the pipe.
pub fn quiet_exit_on_closed_pipe(e: &std::io::Error) {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
}

/// The longest run the command line simulates, s (a day; scenarios are at most that).
pub const MAX_DURATION_S: f64 = 86_400.0;
/// The pace range of `--pace`, simulated seconds per wall-clock second.
pub const PACE_RANGE: std::ops::RangeInclusive<f64> = 0.1..=1000.0;

/// perfsim: cardiopulmonary bypass emergencies trainer.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// What to do; with none, the trainer window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Window only: start this scenario at once, skipping the picker.
    #[arg(long, value_name = "SCENARIO")]
    pub start: Option<PathBuf>,
    /// Window only: seed of the run `--start` begins.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub start_seed: u64,
    /// Window only: fast-forward the `--start` run by this many simulated seconds
    /// (for demonstrations and screenshots).
    #[arg(long, default_value_t = 0.0, value_name = "S")]
    pub skip_s: f64,
    /// Window only: an action file applied during `--skip-s` (to set up a situation).
    #[arg(long, value_name = "FILE")]
    pub skip_actions: Option<PathBuf>,
    /// Window only: open this attempt record in the record browser (with `--skip-s`, the
    /// cursor starts there).
    #[arg(long, value_name = "RECORD")]
    pub open_record: Option<PathBuf>,
    /// Window only: open on the exam setup screen.
    #[arg(long)]
    pub exam_setup: bool,
    /// Window only: start the `--start` run as an exam of this candidate (needs
    /// `--exam-pin`).
    #[arg(long, value_name = "CANDIDATE")]
    pub exam: Option<String>,
    /// Window only: the facilitator PIN of the `--exam` run.
    #[arg(long, value_name = "DIGITS")]
    pub exam_pin: Option<String>,
    /// Window only: the programme passphrase of the `--exam` run, first line of FILE
    /// (default: asked on standard input).
    #[arg(long, value_name = "FILE")]
    pub exam_passphrase_file: Option<PathBuf>,
    /// Window only: hold the candidate's window full screen, without a title bar, during
    /// an exam; closing it needs the facilitator (also a checkbox on the exam setup).
    #[arg(long)]
    pub kiosk: bool,
    /// Window only: open the instructor console, unlocked, on the `--start` run.
    #[arg(long)]
    pub instructor: bool,
    /// Window only: write attempt records to this folder (default: the preferences'
    /// folder, else the user's data folder).
    #[arg(long, value_name = "DIR")]
    pub record_folder: Option<PathBuf>,
    /// Window only: the window's size in points, e.g. `1280x720` (screenshots at a
    /// given screen size).
    #[arg(long, value_name = "WxH", value_parser = parse_window_size)]
    pub window_size: Option<[f32; 2]>,
}

/// Parses `WIDTHxHEIGHT` (points, each 320-8192).
fn parse_window_size(text: &str) -> Result<[f32; 2], String> {
    let expected = || format!("expected WIDTHxHEIGHT such as 1280x720, not {text:?}");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(expected)?;
    let side = |s: &str| {
        s.trim()
            .parse::<u16>()
            .ok()
            .filter(|v| (320..=8192).contains(v))
            .map(f32::from)
            .ok_or_else(expected)
    };
    Ok([side(w)?, side(h)?])
}

impl Cli {
    /// What the window needs from the command line.
    pub fn launch_options(&self) -> crate::app::LaunchOptions {
        crate::app::LaunchOptions {
            start: self.start.clone(),
            seed: self.start_seed,
            skip_secs: self.skip_s,
            skip_actions: self.skip_actions.clone(),
            open_record: self.open_record.clone(),
            exam_setup: self.exam_setup,
            exam_candidate: self.exam.clone(),
            exam_pin: self.exam_pin.clone(),
            exam_passphrase_file: self.exam_passphrase_file.clone(),
            instructor: self.instructor,
            record_folder: self.record_folder.clone(),
            window_size: self.window_size,
            kiosk: self.kiosk,
        }
    }
}

/// A command-line command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario headless, as fast as possible, and write its trace.
    Run(RunArgs),
    /// Check scenario and action files; exits non-zero on any error.
    Validate {
        /// Files to check (`.ron`). Scenario or action files are told apart by content.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Check an attempt record against the programme key; exits 0 only if it is intact
    /// and complete.
    Verify {
        /// The record (`.jsonl`).
        record: PathBuf,
        /// The programme's public (or sealed) key file (default: PERFSIM_KEY_FILE, else the
        /// user's data folder).
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// Re-simulate an attempt record and confirm the identical trace and report.
    Replay {
        /// The record (`.jsonl`).
        record: PathBuf,
        /// Write the replayed 1 Hz trace as CSV here.
        #[arg(long)]
        trace: Option<PathBuf>,
        /// The programme key file, to report the record's integrity too.
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// One CSV row per attempt record (`*.jsonl`) in a folder.
    Summary {
        /// The folder of records.
        folder: PathBuf,
        /// Write the table here (default: standard output).
        #[arg(long)]
        csv: Option<PathBuf>,
        /// The programme key file, to check each record's integrity.
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// Write a printable report of one attempt record (`.html`, or `.md` for Markdown).
    Report {
        /// The record (`.jsonl`).
        record: PathBuf,
        /// The output file.
        #[arg(long)]
        out: PathBuf,
        /// The programme key file, to state the record's integrity.
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// Continue an interrupted attempt record headless (an exam needs the facilitator's
    /// passphrase); the record names who authorised it.
    Continue(resume::ContinueArgs),
    /// Manage the programme key that signs attempt records.
    #[command(subcommand)]
    Key(keys::KeyCommand),
    /// Run action files across seeds (in parallel) and print each file's score spread,
    /// pass rate and, per critical action, the time from its anchor: to set a pass mark
    /// and show that good passes and poor fails on every seed.
    Calibrate {
        /// The scenario file (with a rubric).
        scenario: PathBuf,
        /// The action files to run.
        #[arg(long, required = true, num_args = 1..)]
        actions: Vec<PathBuf>,
        /// Seeds: `1-50`, `7` or `1,3,9-12`.
        #[arg(long, default_value = "1-50")]
        seeds: String,
        /// Also write one row per run here.
        #[arg(long)]
        csv: Option<PathBuf>,
    },
    /// The programme's commands (raters, cohort, perfusion record, case log, certificate).
    #[command(flatten)]
    Programme(programme::ProgrammeCommand),
}

/// Arguments of `perfsim run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// An action file to apply at its times.
    #[arg(long)]
    pub actions: Option<PathBuf>,
    /// Seed for patient variability and measurement noise.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Simulated seconds to run (default: the scenario's duration).
    #[arg(long)]
    pub duration_s: Option<f64>,
    /// Write the trace as CSV here.
    #[arg(long)]
    pub trace: Option<PathBuf>,
    /// Seconds between trace rows (a multiple of 0.1).
    #[arg(long, default_value_t = 1.0)]
    pub every_s: f64,
    /// Score the run and write the report here: `.json`, `.html` or `.md`.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Write an attempt record (JSON Lines, signed) here as the run happens.
    #[arg(long)]
    pub record: Option<PathBuf>,
    /// Candidate ID for the record.
    #[arg(long, default_value = "", requires = "record")]
    pub candidate: String,
    /// Facilitator's name for the record.
    #[arg(long, default_value = "", requires = "record")]
    pub facilitator: String,
    /// Practice or exam, for the record.
    #[arg(long, value_enum, requires = "record")]
    pub mode: Option<records::ModeArg>,
    /// Run paced at this many simulated seconds per wall-clock second.
    #[arg(long)]
    pub pace: Option<f64>,
    /// The programme key file (default: PERFSIM_KEY_FILE, else the user's data folder).
    #[arg(long, requires = "record")]
    pub key: Option<PathBuf>,
    /// The facilitator's passphrase in a file (default: asked on standard input) to
    /// unlock the programme key: needed for an exam.
    #[arg(long, requires = "record")]
    pub passphrase_file: Option<PathBuf>,
}

/// Runs the command line; returns the process exit code.
pub fn run_command(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Run(args) => run(&args),
        Command::Validate { files } => validate(&files),
        Command::Verify { record, key } => records::verify(&record, key.as_deref()),
        Command::Replay { record, trace, key } => {
            records::replay(&record, trace.as_deref(), key.as_deref())
        }
        Command::Summary { folder, csv, key } => {
            records::summary(&folder, csv.as_deref(), key.as_deref())
        }
        Command::Report { record, out, key } => records::report(&record, &out, key.as_deref()),
        Command::Key(command) => keys::key(&command),
        Command::Continue(args) => resume::continue_record(&args),
        Command::Calibrate {
            scenario,
            actions,
            seeds,
            csv,
        } => calibrate::calibrate(&scenario, &actions, &seeds, csv.as_deref()),
        Command::Programme(command) => programme::run(command),
    }
}

fn run(args: &RunArgs) -> anyhow::Result<()> {
    let scenario = Arc::new(Scenario::load(&args.scenario)?);
    let script = match &args.actions {
        // Checked against the scenario's circuit: an action its console lacks is an error
        // at its line, before the run starts.
        Some(path) => perfsim_core::script::load_for(path, scenario.model.circuit.kind)?,
        None => Vec::new(),
    };
    let end = match args.duration_s {
        Some(s) if s.is_finite() && s > 0.0 && s <= MAX_DURATION_S => tick_from_secs(s),
        Some(s) => bail!(
            "--duration-s must be from 0 to {} seconds (a day), not {}",
            short(MAX_DURATION_S),
            short(s)
        ),
        None => scenario.duration_ticks,
    };
    let every = tick_from_secs(args.every_s);
    if !(args.every_s.is_finite() && every >= 1 && args.every_s <= MAX_DURATION_S) {
        bail!(
            "--every-s must be from 0.1 to {} s, not {}",
            short(MAX_DURATION_S),
            short(args.every_s)
        );
    }
    if let Some(pace) = args.pace
        && !PACE_RANGE.contains(&pace)
    {
        bail!(
            "--pace must be from {} to {} simulated seconds per second, not {}",
            short(*PACE_RANGE.start()),
            short(*PACE_RANGE.end()),
            short(pace)
        );
    }
    if args.record.is_some() || args.pace.is_some() {
        let opts = records::RecordOptions {
            record: args.record.clone(),
            candidate: args.candidate.clone(),
            facilitator: args.facilitator.clone(),
            mode: args.mode,
            pace: args.pace,
            key: args.key.clone(),
            passphrase_file: args.passphrase_file.clone(),
        };
        let session = records::run_recorded(
            &args.scenario,
            args.seed,
            &script,
            end,
            every,
            args.trace.as_deref(),
            &opts,
        )?;
        return write_report(args, &session);
    }
    let mut csv = match &args.trace {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            Some(CsvTrace::new(std::io::BufWriter::new(file))?)
        }
        None => None,
    };
    let mut session = Session::new(scenario.clone(), args.seed);
    let mut write_error = None;
    let mut write_row = |s: &Session, csv: &mut Option<CsvTrace<_>>| {
        if let Some(w) = csv.as_mut()
            && s.tick().is_multiple_of(every)
            && write_error.is_none()
            && let Err(e) = w.write(&sample(s))
        {
            write_error = Some(e);
        }
    };
    write_row(&session, &mut csv);
    let started = std::time::Instant::now();
    session.run_script(&script, end, |s| write_row(s, &mut csv))?;
    let elapsed = started.elapsed();
    if let Some(e) = write_error {
        return Err(e).context("writing the trace");
    }
    if let Some(w) = csv {
        w.finish()?;
    }
    print_summary(&session, elapsed);
    write_report(args, &session)
}

/// The session's state now: its 1 Hz trace already holds whole seconds, so a trace written
/// every second costs no second snapshot (each computes pH by bisection).
fn sample(session: &Session) -> std::borrow::Cow<'_, perfsim_core::model::Snapshot> {
    match session.trace().last() {
        Some(last) if last.tick == session.tick() => std::borrow::Cow::Borrowed(last),
        _ => std::borrow::Cow::Owned(session.sim().snapshot()),
    }
}

/// Scores the run and writes `--report`, if asked.
fn write_report(args: &RunArgs, session: &Session) -> anyhow::Result<()> {
    if let Some(path) = &args.report {
        let report = session.report();
        report.write(path)?;
        crate::cli::write_out(format_args!("{}", report.summary()));
        crate::outln!("report written to {}", path.display());
    }
    Ok(())
}

fn print_summary(session: &Session, elapsed: std::time::Duration) {
    let s = session.sim().snapshot();
    let sim_s = session.tick() as f64 / TICKS_PER_SEC as f64;
    crate::outln!(
        "{}: {:.0} s simulated in {:.3} s ({:.0}× real time), {} actions, {} events",
        session.scenario().name,
        sim_s,
        elapsed.as_secs_f64(),
        sim_s / elapsed.as_secs_f64().max(1e-9),
        session.log().len(),
        session.events().len(),
    );
    crate::outln!(
        "end: flow {:.2} L/min, MAP {:.0}, SvO2 {:.0} %, PaO2 {:.0}, PaCO2 {:.0}, pH {:.2}, lactate {:.1}, ACT {:.0} s, core {:.1} °C, reservoir {:.0} mL",
        s.pump_flow_l_min,
        s.map_mmhg,
        s.svo2_pct,
        s.pao2_mmhg,
        s.paco2_mmhg,
        s.ph,
        s.lactate_mmol_l,
        s.act_s,
        s.temp_core_c,
        s.reservoir_ml
    );
}

fn validate(files: &[PathBuf]) -> anyhow::Result<()> {
    let mut failed = 0;
    for path in files {
        match validate_one(path) {
            Ok(kind) => crate::outln!("{}: ok ({kind})", path.display()),
            Err(e) => {
                failed += 1;
                eprintln!("{e}");
            }
        }
    }
    if failed > 0 {
        bail!("{failed} of {} files have errors", files.len());
    }
    Ok(())
}

/// Checks one file: a RON list is an action file, anything else a scenario. Told apart
/// by the first character that is not a comment, a byte-order mark or white space.
fn validate_one(path: &Path) -> anyhow::Result<&'static str> {
    let text = perfsim_core::ron_file::read(path)?;
    let label = path.display().to_string();
    if is_action_file(&text) {
        let script = perfsim_core::script::parse(&label, &text)?;
        // Actor rules and values are checked by `parse`; say how many actions it holds.
        let _ = script.len();
        Ok("action file")
    } else {
        Scenario::parse(&label, &text)?;
        Ok("scenario")
    }
}

/// Whether RON text is an action file (a list) rather than a scenario.
pub fn is_action_file(text: &str) -> bool {
    let text = perfsim_core::ron_file::strip_bom(text);
    let mask = perfsim_core::ron_file::locate::code_mask(text);
    text.bytes()
        .zip(&mask)
        .find(|(b, code)| **code && !b.is_ascii_whitespace())
        .is_some_and(|(b, _)| b == b'[')
}

/// Parses the command line and runs it; `None` means open the window. An error comes
/// back as one sentence in which each cause is said once (a typed error that already
/// names its cause is not followed by the cause again).
pub fn main_with(cli: Cli) -> Option<anyhow::Result<()>> {
    cli.command
        .map(|c| run_command(c).map_err(|e| anyhow::anyhow!(error_text(&e))))
}

/// The error and its causes, each cause said once.
pub fn error_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::parse_window_size;

    #[test]
    fn window_size_reads_width_by_height_and_names_what_it_expected() {
        assert_eq!(parse_window_size("1280x720"), Ok([1280.0, 720.0]));
        assert_eq!(parse_window_size("1920X1080"), Ok([1920.0, 1080.0]));
        for bad in ["1280", "x720", "10x10", "1280x-720", "99999x720"] {
            let err = parse_window_size(bad).err().unwrap_or_default();
            assert!(err.contains("expected WIDTHxHEIGHT"), "{bad}: {err}");
        }
    }
}
