//! A folder of attempts at a glance: per scenario the pass rate, the score
//! distribution, each critical item's difficulty (fraction done on time) and its time
//! from onset, never-event counts, rater agreement and the borderline-regression pass
//! mark; per candidate their attempts over time.
//!
//! Scores come only from the summary's verified replays ([`AttemptSummary`]); an item's
//! details from the same replay's typed report. Records that do not verify or are
//! interrupted are counted as attempts but not scored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::rating::{GlobalRating, PintsItem, Rating};
use super::signed;
use crate::record::summary::{AttemptSummary, summaries_in};
use crate::record::{PublicKey, RecordReader};
use crate::scoring::report::{Report, Status};

/// One attempt in the cohort.
#[derive(Clone, Debug)]
pub struct CohortAttempt {
    /// The record.
    pub path: PathBuf,
    /// Its summary row (score from the verified replay).
    pub summary: AttemptSummary,
    /// The replay's report, when scored.
    pub report: Option<Report>,
    /// Counted ratings beside it.
    pub ratings: Vec<Rating>,
}

impl CohortAttempt {
    /// Whether it has a score.
    pub fn scored(&self) -> bool {
        self.summary.score_pct.is_some()
    }
}

/// One critical item across a scenario's scored attempts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemStat {
    /// The rubric's name.
    pub name: String,
    /// Whether missing it is a critical error.
    pub critical: bool,
    /// Attempts where it applied (its anchor happened).
    pub applicable: usize,
    /// Done within its window.
    pub on_time: usize,
    /// Done late.
    pub late: usize,
    /// Missed, wrong or not reached.
    pub not_done: usize,
    /// Seconds from its anchor to the deciding action, one per attempt that did it.
    pub times_s: Vec<f64>,
}

impl ItemStat {
    /// Fraction done on time of the attempts where it applied (its difficulty index).
    pub fn difficulty(&self) -> Option<f64> {
        (self.applicable > 0).then(|| self.on_time as f64 / self.applicable as f64)
    }
}

/// How closely raters agree on one item where an attempt has two or more raters.
#[derive(Clone, Debug, PartialEq)]
pub struct AgreementStat {
    /// The item.
    pub label: String,
    /// Pairs of raters compared.
    pub pairs: usize,
    /// Mean absolute difference, points.
    pub mean_abs_diff: f64,
    /// Pairs within one point, %.
    pub within_one_pct: f64,
}

/// The borderline-regression pass mark: the score regressed on the global rating (1-5),
/// read at "borderline" (2).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Borderline {
    /// Ratings used (one point per rating).
    pub n: usize,
    /// Intercept of the score on the global rating.
    pub intercept: f64,
    /// Score points per global-rating step.
    pub slope: f64,
    /// Predicted score at borderline, %.
    pub pass_mark_pct: f64,
}

impl Borderline {
    /// Least squares of `points` (global rating, score); `None` with fewer than three
    /// points or one rating value only.
    pub fn fit(points: &[(f64, f64)]) -> Option<Self> {
        let n = points.len();
        if n < 3 {
            return None;
        }
        let nf = n as f64;
        let mx = points.iter().map(|p| p.0).sum::<f64>() / nf;
        let my = points.iter().map(|p| p.1).sum::<f64>() / nf;
        let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
        let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        if sxx < 1e-12 {
            return None;
        }
        let slope = sxy / sxx;
        let intercept = my - slope * mx;
        Some(Self {
            n,
            intercept,
            slope,
            pass_mark_pct: intercept + slope * GlobalRating::Borderline.points(),
        })
    }
}

/// One scenario across the cohort.
#[derive(Clone, Debug, Default)]
pub struct ScenarioStats {
    /// Scenario name.
    pub name: String,
    /// Attempts (scored or not).
    pub attempts: usize,
    /// Scores of the scored attempts, %.
    pub scores: Vec<f64>,
    /// Scored attempts that passed.
    pub passed: usize,
    /// The rubric's pass mark, %.
    pub pass_mark_pct: Option<f64>,
    /// Critical items in rubric order.
    pub items: Vec<ItemStat>,
    /// Never-events and how many attempts had each.
    pub never_events: Vec<(String, usize)>,
    /// Rater agreement per PINTS element and the global rating.
    pub agreement: Vec<AgreementStat>,
    /// (global rating, score) of every counted rating of a scored attempt.
    pub global_points: Vec<(f64, f64)>,
    /// The borderline-regression pass mark, when there are enough ratings.
    pub borderline: Option<Borderline>,
}

impl ScenarioStats {
    /// Pass rate of the scored attempts, 0-1.
    pub fn pass_rate(&self) -> Option<f64> {
        (!self.scores.is_empty()).then(|| self.passed as f64 / self.scores.len() as f64)
    }
}

/// One candidate's attempt, for their history.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryPoint {
    /// Start, UTC RFC 3339.
    pub date: String,
    /// Scenario name.
    pub scenario: String,
    /// Score, when scored.
    pub score_pct: Option<f64>,
    /// Passed, when scored.
    pub passed: Option<bool>,
}

/// The cohort of one folder.
#[derive(Clone, Debug, Default)]
pub struct Cohort {
    /// Every attempt, in the summary's order (date, candidate, file).
    pub attempts: Vec<CohortAttempt>,
    /// Per scenario, by name.
    pub scenarios: Vec<ScenarioStats>,
    /// Per candidate, by ID: their attempts in date order.
    pub candidates: Vec<(String, Vec<HistoryPoint>)>,
}

impl Cohort {
    /// Reads every record in `dir`, scoring those that verify against `key`; ratings
    /// count when signed by a key on `raters` (any key without a list).
    pub fn load(
        dir: &Path,
        key: Option<&PublicKey>,
        raters: Option<&super::raters::RaterKeys>,
    ) -> std::io::Result<Self> {
        let attempts = summaries_in(dir, key)?
            .into_iter()
            .filter(|s| s.seed.is_some())
            .map(|summary| {
                let path = dir.join(&summary.file);
                let report = if summary.score_pct.is_some() {
                    replayed_report(&path)
                } else {
                    None
                };
                let ratings = signed::load_checked(&path, raters)
                    .iter()
                    .filter_map(|s| s.valid().cloned())
                    .collect();
                CohortAttempt {
                    path,
                    summary,
                    report,
                    ratings,
                }
            })
            .collect();
        Ok(Self::of(attempts))
    }

    /// The cohort of attempts already read.
    pub fn of(attempts: Vec<CohortAttempt>) -> Self {
        let mut by_scenario: BTreeMap<String, Vec<&CohortAttempt>> = BTreeMap::new();
        let mut by_candidate: BTreeMap<String, Vec<HistoryPoint>> = BTreeMap::new();
        for a in &attempts {
            by_scenario
                .entry(a.summary.scenario_name.clone())
                .or_default()
                .push(a);
            by_candidate
                .entry(a.summary.candidate.clone())
                .or_default()
                .push(HistoryPoint {
                    date: a.summary.date.clone(),
                    scenario: a.summary.scenario_name.clone(),
                    score_pct: a.summary.score_pct,
                    passed: a.summary.passed,
                });
        }
        let scenarios = by_scenario
            .into_iter()
            .map(|(name, list)| scenario_stats(name, &list))
            .collect();
        let candidates = by_candidate
            .into_iter()
            .map(|(c, mut h)| {
                h.sort_by(|a, b| a.date.cmp(&b.date));
                (c, h)
            })
            .collect();
        Self {
            attempts,
            scenarios,
            candidates,
        }
    }
}

fn replayed_report(path: &Path) -> Option<Report> {
    let rec = RecordReader::open(path).ok()?;
    let session = crate::record::replay::resimulate(&rec, rec.last_tick()).ok()?;
    session.scenario().rubric.as_ref()?;
    Some(session.report())
}

fn scenario_stats(name: String, list: &[&CohortAttempt]) -> ScenarioStats {
    let mut s = ScenarioStats {
        name,
        attempts: list.len(),
        ..ScenarioStats::default()
    };
    let mut never: BTreeMap<String, usize> = BTreeMap::new();
    for a in list.iter().filter(|a| a.scored()) {
        let score = a.summary.score_pct.unwrap_or_default();
        s.scores.push(score);
        if a.summary.passed == Some(true) {
            s.passed += 1;
        }
        for r in &a.ratings {
            s.global_points.push((r.global.points(), score));
        }
        let Some(report) = &a.report else { continue };
        s.pass_mark_pct = Some(report.pass_mark_pct);
        for c in &report.critical_actions {
            let item = match s.items.iter_mut().position(|i| i.name == c.name) {
                Some(i) => &mut s.items[i],
                None => {
                    s.items.push(ItemStat {
                        name: c.name.clone(),
                        critical: c.critical,
                        ..ItemStat::default()
                    });
                    let last = s.items.len() - 1;
                    &mut s.items[last]
                }
            };
            if c.status == Status::NotApplicable {
                continue;
            }
            item.applicable += 1;
            match c.status {
                Status::Done => item.on_time += 1,
                Status::Late => item.late += 1,
                _ => item.not_done += 1,
            }
            if matches!(c.status, Status::Done | Status::Late)
                && let Some(t) = c.t_from_onset_s
            {
                item.times_s.push(t);
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for n in &report.never_events {
            if !seen.contains(&n.name.as_str()) {
                seen.push(&n.name);
                *never.entry(n.name.clone()).or_default() += 1;
            }
        }
    }
    s.never_events = never.into_iter().collect();
    s.agreement = agreement(list);
    s.borderline = Borderline::fit(&s.global_points);
    s
}

/// One rated item's score: a PINTS element, or the global rating (`None`).
fn score_of(r: &Rating, item: Option<PintsItem>) -> f64 {
    match item {
        Some(i) => r.pints.get(i),
        None => r.global.points(),
    }
}

fn agreement(list: &[&CohortAttempt]) -> Vec<AgreementStat> {
    PintsItem::ALL
        .iter()
        .map(|i| (i.label().to_string(), Some(*i)))
        .chain(std::iter::once(("Global rating".to_string(), None)))
        .map(|(label, item)| {
            let mut diffs = Vec::new();
            for a in list {
                for (i, x) in a.ratings.iter().enumerate() {
                    for y in a.ratings.iter().skip(i + 1) {
                        diffs.push((score_of(x, item) - score_of(y, item)).abs());
                    }
                }
            }
            let pairs = diffs.len();
            let n = pairs.max(1) as f64;
            AgreementStat {
                label,
                pairs,
                mean_abs_diff: diffs.iter().sum::<f64>() / n,
                within_one_pct: 100.0 * diffs.iter().filter(|d| **d <= 1.0).count() as f64 / n,
            }
        })
        .collect()
}
