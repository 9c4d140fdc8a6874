//! The programme's commands: `rate`, `ratings`, `release`, `cohort`,
//! `perfusion-record`, `caselog` and `certificate`; and the raters' section and trend
//! plots `perfsim report` adds to a printed debrief. Built on the record's public API
//! (open, verify, replay, review); none of them changes a record.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use perfsim_core::programme::cohort::Cohort;
use perfsim_core::programme::perfusion::PerfusionRecord;
use perfsim_core::programme::raters::{RATERS_FILE_ENV, RaterKeys};
use perfsim_core::programme::rating::record_sha256;
use perfsim_core::programme::rating_form::{FormContext, RatingForm, template};
use perfsim_core::programme::release::{Release, SignedRelease};
use perfsim_core::programme::{
    RatingPanel, SignedRating, caselog, cohort_render, perfusion_render, release, signed,
    trainee_chart,
};
use perfsim_core::record::report::ReportFormat;
use perfsim_core::record::{KeySource, PublicKey, RecordReader};
use perfsim_core::review::{Integrity, Review};
use perfsim_core::time::secs_from_tick;

mod report;
pub use report::{extend_report, extend_report_for};

/// The programme's subcommands (flattened into `perfsim`'s).
#[derive(Debug, clap::Subcommand)]
pub enum ProgrammeCommand {
    /// Rate an attempt as a human rater (PINTS, global rating, notes, overrides), signed
    /// with the rater's own key and stored beside the record in RECORD.ratings/. Prints
    /// every rater's scores once yours is stored.
    Rate {
        /// The record (`.jsonl`).
        record: PathBuf,
        /// Your name as rater.
        #[arg(long, required_unless_present = "template")]
        rater: Option<String>,
        /// Your rating form (RON; `--template` prints a blank one).
        #[arg(long, required_unless_present = "template")]
        form: Option<PathBuf>,
        /// Your own sealed signing key (`perfsim key init --key rater.key`).
        #[arg(long, required_unless_present = "template")]
        key: Option<PathBuf>,
        /// Your key's passphrase in a file (default: asked on standard input).
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
        /// Print a blank rating form with the behavioural anchors and stop.
        #[arg(long)]
        template: bool,
    },
    /// Show every rater's ratings of an attempt: each rater, the mean and spread of each
    /// item, disagreements over one point, overrides; and each rating's signature check.
    Ratings {
        /// The record (`.jsonl`).
        record: PathBuf,
        /// Also write them here (`.html` or `.md`).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The programme's raters list (their public keys; default: PERFSIM_RATERS_FILE):
        /// only those keys' ratings count.
        #[arg(long)]
        raters: Option<PathBuf>,
    },
    /// Release the raters' feedback on an attempt to the candidate (signed by the
    /// programme key; a practice record's also by one of its raters' keys).
    Release {
        /// The record (`.jsonl`).
        record: PathBuf,
        /// Who releases it.
        #[arg(long)]
        by: String,
        /// The sealed key that signs the release (default: the programme key).
        #[arg(long)]
        key: Option<PathBuf>,
        /// The key's passphrase in a file (default: asked on standard input).
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// Cohort analytics over a folder of records: a printable page with SVG plots and
    /// the same figures as CSV.
    Cohort {
        /// The folder of records.
        folder: PathBuf,
        /// The page to write (`.html`).
        #[arg(long)]
        out: PathBuf,
        /// Also write the figures as CSV files into this folder.
        #[arg(long)]
        csv: Option<PathBuf>,
        /// The programme's public key, to check each record.
        #[arg(long)]
        key: Option<PathBuf>,
        /// The programme's raters list (default: PERFSIM_RATERS_FILE).
        #[arg(long)]
        raters: Option<PathBuf>,
    },
    /// The perfusionist's chart of an attempt (`.html`, `.md` or `.csv`; default:
    /// Markdown on standard output).
    PerfusionRecord {
        /// The record (`.jsonl`).
        record: PathBuf,
        /// Write it here.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The programme's public key.
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// A candidate's case log (scenario, role, duration, date, facilitator, pass) as CSV.
    Caselog {
        /// The folder of records.
        folder: PathBuf,
        /// The candidate's ID.
        #[arg(long)]
        candidate: String,
        /// Write the CSV here (default, or `--csv` alone: standard output).
        #[arg(long, num_args = 0..=1, default_missing_value = "-")]
        csv: Option<PathBuf>,
        /// The programme's public key.
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// Write a signed one-page simulation certificate of an attempt, or check one with
    /// `--verify`.
    Certificate {
        /// The record (`.jsonl`).
        #[arg(required_unless_present = "verify")]
        record: Option<PathBuf>,
        /// The certificate page to write.
        #[arg(long, required_unless_present = "verify")]
        out: Option<PathBuf>,
        /// Check this certificate page instead.
        #[arg(long, conflicts_with_all = ["record", "out"])]
        verify: Option<PathBuf>,
        /// The programme key (sealed to sign; public is enough to check).
        #[arg(long)]
        key: Option<PathBuf>,
        /// The programme passphrase in a file (default: asked on standard input).
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
}

/// Runs a programme command.
pub fn run(command: ProgrammeCommand) -> anyhow::Result<()> {
    match command {
        ProgrammeCommand::Rate { template: true, .. } => {
            crate::cli::write_out(format_args!("{}", template()));
            Ok(())
        }
        ProgrammeCommand::Rate {
            record,
            rater,
            form,
            key,
            passphrase_file,
            ..
        } => rate(
            &record,
            rater.as_deref().unwrap_or_default(),
            form.as_deref(),
            key.as_deref(),
            passphrase_file.as_deref(),
        ),
        ProgrammeCommand::Ratings {
            record,
            out,
            raters,
        } => ratings(&record, out.as_deref(), raters.as_deref()),
        ProgrammeCommand::Release {
            record,
            by,
            key,
            passphrase_file,
        } => release_cmd(&record, &by, key.as_deref(), passphrase_file.as_deref()),
        ProgrammeCommand::Cohort {
            folder,
            out,
            csv,
            key,
            raters,
        } => cohort(
            &folder,
            &out,
            csv.as_deref(),
            key.as_deref(),
            raters.as_deref(),
        ),
        ProgrammeCommand::PerfusionRecord { record, out, key } => {
            perfusion(&record, out.as_deref(), key.as_deref())
        }
        ProgrammeCommand::Caselog {
            folder,
            candidate,
            csv,
            key,
        } => case_log(&folder, &candidate, csv.as_deref(), key.as_deref()),
        ProgrammeCommand::Certificate {
            record,
            out,
            verify,
            key,
            passphrase_file,
        } => match verify {
            Some(page) => super::certificate::verify(&page, key.as_deref()),
            None => super::certificate::write(
                record.as_deref().unwrap_or(Path::new("")),
                out.as_deref().unwrap_or(Path::new("")),
                key.as_deref(),
                passphrase_file.as_deref(),
            ),
        },
    }
}

/// The programme's public key, or `None` (said on standard error) when there is none.
fn public_key(key: Option<&Path>) -> Option<PublicKey> {
    match KeySource::from_env(key).and_then(|s| s.load_public()) {
        Ok(k) => Some(k),
        Err(e) => {
            eprintln!("integrity not checked: {e}");
            None
        }
    }
}

/// The programme's raters list, if one is named; a sentence on standard error when none
/// is, since then any key's rating counts.
fn raters_list(explicit: Option<&Path>) -> anyhow::Result<Option<RaterKeys>> {
    let list = RaterKeys::resolve(explicit)?;
    if list.is_none() {
        eprintln!(
            "rater keys not checked: any key's rating counts; name the programme's raters list with --raters FILE or {RATERS_FILE_ENV}"
        );
    }
    Ok(list)
}

/// A review of a record that verifies (programme-signed, or practice) and is complete.
pub(crate) fn trusted_review(path: &Path, key: Option<&PublicKey>) -> anyhow::Result<Review> {
    let rec = RecordReader::open(path)?;
    let integrity = Integrity::check(&rec, key);
    if !integrity.trusted() {
        bail!(
            "{}: the record does not verify ({}), so nothing is built from it",
            path.display(),
            integrity.plain_text()
        );
    }
    if !rec.is_complete() {
        bail!("{}: the attempt is interrupted", path.display());
    }
    Ok(Review::of_record(rec, key)?)
}

fn rate(
    path: &Path,
    rater: &str,
    form: Option<&Path>,
    key: Option<&Path>,
    passphrase_file: Option<&Path>,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let rec = RecordReader::parse(path, &bytes)?;
    // A rater judges the attempt as recorded; a record that does not check (its own
    // signatures) is refused.
    if let Err(t) = rec.verify_chain() {
        bail!("{}: the record does not verify ({t})", path.display());
    }
    let review = Review::of_record(rec, None)?;
    let form_path = form.unwrap_or(Path::new(""));
    let text = perfsim_core::ron_file::read(form_path)?;
    let label = form_path.display().to_string();
    let parsed = RatingForm::parse(&label, &text)?;
    let ctx = FormContext {
        rater: rater.to_string(),
        record_file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        record_sha256: record_sha256(&bytes),
        rated_at_utc: crate::wall_clock::now_utc(),
        items: review
            .report
            .as_ref()
            .map(|r| r.critical_actions.iter().map(|a| a.name.clone()).collect())
            .unwrap_or_default(),
        duration_s: secs_from_tick(review.end_tick()),
    };
    let rating = parsed.rating(&label, &text, &ctx)?;
    let Some(key_path) = key else {
        bail!(
            "--key: your own sealed signing key is needed (create one with `perfsim key init --key rater.key`)"
        );
    };
    let signing = super::keys::unlock(Some(key_path), passphrase_file)?;
    let signed_rating = SignedRating::sign(rating, &signing);
    let stored = signed::store(path, &signed_rating)?;
    crate::outln!(
        "rating by {rater:?} signed with key ID {} and stored in {}",
        signing.id(),
        stored.display()
    );
    // Only now, with their own rating stored, does the rater see the others.
    let raters = raters_list(None)?;
    let panel = RatingPanel::of(
        signed::load_checked(path, raters.as_ref()),
        review.report.as_ref(),
    );
    crate::cli::write_out(format_args!("{}", panel.text()));
    Ok(())
}

fn ratings(path: &Path, out: Option<&Path>, raters: Option<&Path>) -> anyhow::Result<()> {
    if !path.is_file() {
        bail!("{}: no such record", path.display());
    }
    let report = Review::open(path, None).ok().and_then(|r| r.report);
    let raters = raters_list(raters)?;
    let panel = RatingPanel::of(signed::load_checked(path, raters.as_ref()), report.as_ref());
    crate::cli::write_out(format_args!("{}", panel.text()));
    if let Some(out) = out {
        let text = match ReportFormat::for_path(out) {
            ReportFormat::Html => perfsim_core::programme::html::page(
                &format!("Ratings of {}", path.display()),
                &panel.html(true),
            ),
            ReportFormat::Markdown => panel.markdown(true),
        };
        std::fs::write(out, text).with_context(|| format!("cannot write {}", out.display()))?;
        crate::outln!("ratings written to {}", out.display());
    }
    let edited = panel
        .stored
        .iter()
        .filter(|s| s.check == perfsim_core::programme::RatingCheck::Edited)
        .count();
    if edited > 0 {
        bail!("{edited} rating file(s) do not verify: edited after signing");
    }
    Ok(())
}

fn release_cmd(
    path: &Path,
    by: &str,
    key: Option<&Path>,
    passphrase_file: Option<&Path>,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let signing = super::keys::unlock(key, passphrase_file)?;
    let rel = Release {
        record_file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        record_sha256: record_sha256(&bytes),
        released_by: by.to_string(),
        released_at_utc: crate::wall_clock::now_utc(),
    };
    let stored = release::store(path, &SignedRelease::sign(rel, &signing))?;
    crate::outln!(
        "raters' feedback released by {by:?} (key ID {}): {}",
        signing.id(),
        stored.display()
    );
    Ok(())
}

fn cohort(
    folder: &Path,
    out: &Path,
    csv: Option<&Path>,
    key: Option<&Path>,
    raters: Option<&Path>,
) -> anyhow::Result<()> {
    if !folder.is_dir() {
        bail!("{}: no such folder of attempt records", folder.display());
    }
    let key = public_key(key);
    let raters = raters_list(raters)?;
    let cohort = Cohort::load(folder, key.as_ref(), raters.as_ref())
        .with_context(|| format!("cannot list {}", folder.display()))?;
    let title = format!("Cohort: {}", folder.display());
    std::fs::write(out, cohort_render::html(&cohort, &title))
        .with_context(|| format!("cannot write {}", out.display()))?;
    crate::outln!(
        "{} attempts, {} candidates, {} scenarios: page written to {}",
        cohort.attempts.len(),
        cohort.candidates.len(),
        cohort.scenarios.len(),
        out.display()
    );
    if let Some(dir) = csv {
        let files = cohort_render::write_csv(&cohort, dir)
            .with_context(|| format!("cannot write the CSV files in {}", dir.display()))?;
        crate::outln!("{} CSV files written to {}", files.len(), dir.display());
    }
    Ok(())
}

pub(crate) fn perfusion(path: &Path, out: Option<&Path>, key: Option<&Path>) -> anyhow::Result<()> {
    let key = public_key(key);
    let review = trusted_review(path, key.as_ref())?;
    let chart = PerfusionRecord::of(&review);
    let h = review.record.as_ref().map(|r| r.recovered.header().clone());
    let title = match &h {
        Some(h) => format!(
            "Perfusion record: {} ({}, {})",
            h.candidate_id, h.scenario_name, h.started_at_utc
        ),
        None => "Perfusion record".into(),
    };
    // The trainee's own chart, when the scenario asked for one and it is in the record.
    let trainee = trainee_chart::of_review(&review, &chart);
    let mut markdown = perfusion_render::markdown(&chart, &title);
    if let Some(score) = &trainee {
        markdown.push_str(&trainee_chart::markdown(score));
    }
    let Some(out) = out else {
        crate::cli::write_out(format_args!("{markdown}"));
        return Ok(());
    };
    let is_csv = out
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("csv"));
    if is_csv {
        let file = std::fs::File::create(out)
            .with_context(|| format!("cannot create {}", out.display()))?;
        perfusion_render::entries_csv(&chart, file)?;
        let intervals = out.with_extension("intervals.csv");
        let file = std::fs::File::create(&intervals)
            .with_context(|| format!("cannot create {}", intervals.display()))?;
        perfusion_render::intervals_csv(&chart, file)?;
        crate::outln!(
            "perfusion record written to {} and {}",
            out.display(),
            intervals.display()
        );
        if let Some(score) = &trainee {
            let charted = out.with_extension("trainee-chart.csv");
            let file = std::fs::File::create(&charted)
                .with_context(|| format!("cannot create {}", charted.display()))?;
            trainee_chart::csv(score, file)?;
            crate::outln!("the trainee's chart written to {}", charted.display());
        }
        return Ok(());
    }
    let text = match ReportFormat::for_path(out) {
        ReportFormat::Html => {
            let mut body = trainee
                .as_ref()
                .map(trainee_chart::html)
                .unwrap_or_default();
            body.insert_str(0, &perfusion_render::html_body(&chart, &title));
            perfsim_core::programme::html::page(&title, &body)
        }
        ReportFormat::Markdown => markdown,
    };
    std::fs::write(out, text).with_context(|| format!("cannot write {}", out.display()))?;
    crate::outln!("perfusion record written to {}", out.display());
    Ok(())
}

fn case_log(
    folder: &Path,
    candidate: &str,
    csv: Option<&Path>,
    key: Option<&Path>,
) -> anyhow::Result<()> {
    if !folder.is_dir() {
        bail!("{}: no such folder of attempt records", folder.display());
    }
    let key = public_key(key);
    let rows = caselog::case_log(folder, candidate, key.as_ref())
        .with_context(|| format!("cannot list {}", folder.display()))?;
    match csv.filter(|p| *p != Path::new("-")) {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            caselog::write_csv(&rows, file)?;
            crate::outln!(
                "{} attempts of {candidate:?} written to {}",
                rows.len(),
                path.display()
            );
        }
        None => {
            if let Err(e) = caselog::write_csv(&rows, std::io::stdout().lock()) {
                if let csv::ErrorKind::Io(io) = e.kind() {
                    crate::cli::quiet_exit_on_closed_pipe(io);
                }
                return Err(e.into());
            }
        }
    }
    Ok(())
}
