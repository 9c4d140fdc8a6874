//! `perfsim calibrate SCENARIO --actions FILE... --seeds 1-50 [--csv OUT]`: runs each
//! action file across the seeds, in parallel on every core, and prints per file the
//! score's spread and pass rate and, per critical action, when it was done relative to
//! its anchor. A programme uses it to set a pass mark and to show that good responses
//! pass and poor ones fail on every seed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};

use perfsim_core::scenario::Scenario;
use perfsim_core::scoring::Report;
use perfsim_core::scoring::report::Status;
use perfsim_core::session::Session;

/// The most seeds one calibration runs.
pub const MAX_SEEDS: usize = 10_000;

/// Parses `1-50`, `7` or `1,3,9-12` into seeds.
pub fn parse_seeds(text: &str) -> anyhow::Result<Vec<u64>> {
    let mut seeds = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let number = |s: &str| {
            s.trim()
                .parse::<u64>()
                .with_context(|| format!("--seeds: {s:?} is not a whole number"))
        };
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (number(a)?, number(b)?);
                if a > b || b - a >= MAX_SEEDS as u64 {
                    bail!("--seeds: {part} must run upwards and hold at most {MAX_SEEDS} seeds");
                }
                seeds.extend(a..=b);
            }
            None => seeds.push(number(part)?),
        }
        if seeds.len() > MAX_SEEDS {
            bail!("--seeds: at most {MAX_SEEDS} seeds");
        }
    }
    if seeds.is_empty() {
        bail!("--seeds: expected seeds such as 1-50");
    }
    Ok(seeds)
}

/// One scored run.
struct Run {
    seed: u64,
    report: Report,
}

/// Runs `script` on `scenario` for every seed, on all cores.
fn run_seeds(
    scenario: &Arc<Scenario>,
    script: &[perfsim_core::action::LoggedAction],
    seeds: &[u64],
) -> anyhow::Result<Vec<Run>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = seeds.len().div_ceil(cores).max(1);
    let results: Vec<anyhow::Result<Vec<Run>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = seeds
            .chunks(chunk)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|&seed| {
                            let mut session = Session::new(scenario.clone(), seed);
                            session
                                .run_script(script, scenario.duration_ticks, |_| {})
                                .with_context(|| format!("seed {seed}"))?;
                            Ok(Run {
                                seed,
                                report: session.report(),
                            })
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a calibration thread failed")))
            })
            .collect()
    });
    let mut runs = Vec::with_capacity(seeds.len());
    for r in results {
        runs.extend(r?);
    }
    runs.sort_by_key(|r| r.seed);
    Ok(runs)
}

/// Min, median and max of `values` (which must not be empty).
fn spread(values: &mut [f64]) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    (values[0], median, values[n - 1])
}

fn file_label(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into(),
    )
}

/// `perfsim calibrate`.
pub fn calibrate(
    scenario_path: &Path,
    actions: &[PathBuf],
    seeds: &str,
    csv: Option<&Path>,
) -> anyhow::Result<()> {
    let scenario = Arc::new(Scenario::load(scenario_path)?);
    if scenario.rubric.is_none() {
        bail!(
            "{}: the scenario has no rubric to calibrate",
            scenario_path.display()
        );
    }
    let seeds = parse_seeds(seeds)?;
    let mut table = Vec::new();
    for path in actions {
        let script = perfsim_core::script::load_for(path, scenario.model.circuit.kind)?;
        table.push((file_label(path), run_seeds(&scenario, &script, &seeds)?));
    }
    crate::outln!(
        "{} ({} seeds: {}-{}), pass mark {:.0} %",
        scenario.name,
        seeds.len(),
        seeds.iter().min().copied().unwrap_or(0),
        seeds.iter().max().copied().unwrap_or(0),
        table
            .first()
            .and_then(|(_, runs)| runs.first())
            .map_or(0.0, |r| r.report.pass_mark_pct)
    );
    crate::outln!(
        "{:<32} {:>6} {:>6} {:>6} {:>6}",
        "action file",
        "min %",
        "median",
        "max %",
        "passed"
    );
    for (label, runs) in &table {
        let mut scores: Vec<f64> = runs.iter().map(|r| r.report.score_pct).collect();
        let (min, median, max) = spread(&mut scores);
        let passed = runs.iter().filter(|r| r.report.passed).count();
        crate::outln!(
            "{label:<32} {min:>6.1} {median:>6.1} {max:>6.1} {:>3}/{}",
            passed,
            runs.len()
        );
    }
    crate::outln!("\ncritical actions: seconds from the anchor (negative: before it)");
    crate::outln!(
        "{:<32} {:<36} {:>5} {:>5} {:>5} {:>5} {:>5} {:>7} {:>7} {:>7}",
        "action file",
        "item",
        "done",
        "late",
        "miss",
        "wrong",
        "n/r",
        "min s",
        "median",
        "max s"
    );
    for (label, runs) in &table {
        let Some(first) = runs.first() else { continue };
        for (i, item) in first.report.critical_actions.iter().enumerate() {
            if !item.critical {
                continue;
            }
            let statuses: Vec<Status> = runs
                .iter()
                .map(|r| r.report.critical_actions[i].status)
                .collect();
            let count = |s: Status| statuses.iter().filter(|&&x| x == s).count();
            // Not reached or not applicable: the run ended, or the anchor never came.
            let other = statuses.len()
                - count(Status::Done)
                - count(Status::Late)
                - count(Status::Missed)
                - count(Status::Wrong);
            let mut times: Vec<f64> = runs
                .iter()
                .filter_map(|r| r.report.critical_actions[i].t_from_onset_s)
                .collect();
            let t = if times.is_empty() {
                "      -       -       -".to_string()
            } else {
                let (a, m, b) = spread(&mut times);
                format!("{a:>7.0} {m:>7.0} {b:>7.0}")
            };
            crate::outln!(
                "{label:<32} {:<36} {:>5} {:>5} {:>5} {:>5} {:>5} {t}",
                item.name,
                count(Status::Done),
                count(Status::Late),
                count(Status::Missed),
                count(Status::Wrong),
                other
            );
        }
    }
    crate::outln!("\nranges: seconds outside (fail: runs that reached the range's fail_after_s)");
    crate::outln!(
        "{:<32} {:<36} {:>7} {:>7} {:>7} {:>5}",
        "action file",
        "range",
        "min s",
        "median",
        "max s",
        "fail"
    );
    for (label, runs) in &table {
        let Some(first) = runs.first() else { continue };
        for (i, range) in first.report.ranges.iter().enumerate() {
            let mut outside: Vec<f64> = runs.iter().map(|r| r.report.ranges[i].s_outside).collect();
            let failed = runs.iter().filter(|r| r.report.ranges[i].failed).count();
            let (a, m, b) = spread(&mut outside);
            crate::outln!(
                "{label:<32} {:<36} {a:>7.0} {m:>7.0} {b:>7.0} {failed:>5}",
                range.name
            );
        }
    }
    if let Some(path) = csv {
        write_csv(path, &table)?;
        crate::outln!(
            "\n{} runs written to {}",
            table.iter().map(|t| t.1.len()).sum::<usize>(),
            path.display()
        );
    }
    Ok(())
}

/// One row per run: file, seed, score, passed, fail reasons, then each critical
/// action's status and seconds from its anchor.
fn write_csv(path: &Path, table: &[(String, Vec<Run>)]) -> anyhow::Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
    let items: Vec<String> = table
        .first()
        .and_then(|(_, runs)| runs.first())
        .map(|r| {
            r.report
                .critical_actions
                .iter()
                .map(|a| a.name.clone())
                .collect()
        })
        .unwrap_or_default();
    let mut header = vec![
        "action_file".to_string(),
        "seed".into(),
        "score_pct".into(),
        "passed".into(),
        "fail_reasons".into(),
    ];
    for name in &items {
        header.push(format!("{name}: status"));
        header.push(format!("{name}: s from anchor"));
    }
    w.write_record(&header)?;
    for (label, runs) in table {
        for r in runs {
            let mut row = vec![
                label.clone(),
                r.seed.to_string(),
                format!("{:.1}", r.report.score_pct),
                r.report.passed.to_string(),
                r.report.fail_reasons.join("; "),
            ];
            for a in &r.report.critical_actions {
                row.push(a.status.label().to_string());
                row.push(
                    a.t_from_onset_s
                        .map_or(String::new(), |t| format!("{t:.1}")),
                );
            }
            w.write_record(&row)?;
        }
    }
    w.flush()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_seeds;

    #[test]
    fn seeds_parse_and_are_bounded() {
        assert_eq!(parse_seeds("1-3").unwrap(), vec![1, 2, 3]);
        assert_eq!(parse_seeds("7, 9-10").unwrap(), vec![7, 9, 10]);
        for bad in ["", "5-1", "x", "1-99999999"] {
            assert!(parse_seeds(bad).is_err(), "{bad}");
        }
    }
}
