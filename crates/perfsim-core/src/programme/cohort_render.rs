//! The cohort as a self-contained printable page (inline SVG, no script) and as CSV
//! files holding the same figures.

use std::path::{Path, PathBuf};

use super::cohort::{Cohort, ScenarioStats};
use super::html::{esc, page};
use super::svg::{self, Series, colour, median};

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{:.0} %", v * 100.0))
        .unwrap_or_else(|| "–".into())
}

fn one(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite())
        .map(|v| format!("{v:.1}"))
        .unwrap_or_default()
}

/// The cohort page.
pub fn html(cohort: &Cohort, title: &str) -> String {
    let scored = cohort.attempts.iter().filter(|a| a.scored()).count();
    let mut o = format!(
        "<h1>{}</h1>\n<p>{} attempts by {} candidates across {} scenarios; {scored} scored from verified replays (records that do not verify or are interrupted are counted but not scored).</p>\n",
        esc(title),
        cohort.attempts.len(),
        cohort.candidates.len(),
        cohort.scenarios.len()
    );
    o.push_str("<h2>Scenarios</h2>\n<table><tr><th>Scenario</th><th>Attempts</th><th>Scored</th><th>Passed</th><th>Pass rate</th><th>Median score</th><th>Pass mark</th><th>Borderline-regression pass mark</th></tr>\n");
    for s in &cohort.scenarios {
        o.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            esc(&s.name),
            s.attempts,
            s.scores.len(),
            s.passed,
            pct(s.pass_rate()),
            one(median(&s.scores)),
            one(s.pass_mark_pct),
            s.borderline
                .map(|b| format!("{:.1} (n={})", b.pass_mark_pct, b.n))
                .unwrap_or_else(|| "too few ratings".into())
        ));
    }
    o.push_str("</table>\n");
    let rows: Vec<(String, Vec<f64>)> = cohort
        .scenarios
        .iter()
        .map(|s| (s.name.clone(), s.scores.clone()))
        .collect();
    let mark = cohort.scenarios.iter().find_map(|s| s.pass_mark_pct);
    o.push_str(&figure(
        &svg::strip_chart(
            "Score distribution per scenario",
            &rows,
            (0.0, 100.0),
            "score %",
            mark.map(|m| (m, "pass mark")),
        ),
        "Each dot is one scored attempt; the bar is the median; the dashed line the rubric's pass mark.",
    ));
    for s in &cohort.scenarios {
        o.push_str(&scenario_html(s));
    }
    o.push_str("<h2>Candidates</h2>\n");
    let series: Vec<Series> = cohort
        .candidates
        .iter()
        .enumerate()
        .map(|(i, (c, h))| Series {
            label: c.clone(),
            colour: colour::SERIES[i % colour::SERIES.len()],
            points: h
                .iter()
                .enumerate()
                .filter_map(|(j, p)| p.score_pct.map(|s| (j as f64 + 1.0, s)))
                .collect(),
        })
        .collect();
    let most = cohort
        .candidates
        .iter()
        .map(|(_, h)| h.len())
        .max()
        .unwrap_or(1)
        .max(2) as f64;
    o.push_str(&figure(
        &svg::line_chart(
            "Each candidate's scores over their attempts",
            &series,
            &[],
            (1.0, most),
            (0.0, 100.0),
            "attempt number (in date order)",
            &|x| format!("{x:.0}"),
            200.0,
        ),
        "Score % of each scored attempt, in the order the candidate sat them.",
    ));
    o.push_str("<table><tr><th>Candidate</th><th>Date (UTC)</th><th>Scenario</th><th>Score %</th><th>Passed</th></tr>\n");
    for (c, h) in &cohort.candidates {
        for p in h {
            o.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
                esc(c),
                esc(&p.date),
                esc(&p.scenario),
                one(p.score_pct),
                p.passed
                    .map(|b| if b { "yes" } else { "no" })
                    .unwrap_or("–")
            ));
        }
    }
    o.push_str("</table>\n");
    page(title, &o)
}

fn figure(svg: &str, caption: &str) -> String {
    format!(
        "<figure>{svg}<figcaption>{}</figcaption></figure>\n",
        esc(caption)
    )
}

fn scenario_html(s: &ScenarioStats) -> String {
    let mut o = format!("<h2>{}</h2>\n", esc(&s.name));
    let rows: Vec<(String, f64, String)> = s
        .items
        .iter()
        .map(|i| {
            (
                format!("{}{}", i.name, if i.critical { " (critical)" } else { "" }),
                i.difficulty().unwrap_or(0.0),
                format!("{} of {}", i.on_time, i.applicable),
            )
        })
        .collect();
    o.push_str(&figure(
        &svg::bars("Difficulty: fraction done on time", &rows, 1.0),
        "Of the scored attempts where the item applied, the fraction done within its window.",
    ));
    let times: Vec<(String, Vec<f64>)> = s
        .items
        .iter()
        .map(|i| (i.name.clone(), i.times_s.clone()))
        .collect();
    let (lo, hi) = svg::range_of(
        times
            .iter()
            .flat_map(|(_, t)| t.iter().copied())
            .chain([0.0]),
    );
    o.push_str(&figure(
        &svg::strip_chart(
            "Time from onset to action",
            &times,
            (lo.min(0.0), hi.max(60.0)),
            "seconds from the item's anchor (fault onset or first cue)",
            Some((0.0, "onset")),
        ),
        "Each dot is one attempt that did the item (on time or late); the bar is the median.",
    ));
    o.push_str("<table><tr><th>Item</th><th>Applied</th><th>On time</th><th>Late</th><th>Not done</th><th>Difficulty</th><th>Median s from onset</th></tr>\n");
    for i in &s.items {
        o.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            esc(&i.name),
            i.applicable,
            i.on_time,
            i.late,
            i.not_done,
            pct(i.difficulty()),
            one(median(&i.times_s))
        ));
    }
    o.push_str("</table>\n<h3>Never-events</h3>\n");
    if s.never_events.is_empty() {
        o.push_str("<p>None in any scored attempt.</p>\n");
    } else {
        o.push_str("<table><tr><th>Never-event</th><th>Attempts</th></tr>\n");
        for (n, c) in &s.never_events {
            o.push_str(&format!(
                "<tr><td>{}</td><td class=\"n\">{c}</td></tr>\n",
                esc(n)
            ));
        }
        o.push_str("</table>\n");
    }
    o.push_str("<h3>Raters</h3>\n");
    if s.agreement.iter().all(|a| a.pairs == 0) {
        o.push_str("<p>No attempt has two or more counted ratings.</p>\n");
    } else {
        o.push_str("<table><tr><th>Item</th><th>Rater pairs</th><th>Mean absolute difference</th><th>Within 1 point</th></tr>\n");
        for a in &s.agreement {
            o.push_str(&format!(
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.2}</td><td class=\"n\">{:.0} %</td></tr>\n",
                esc(&a.label),
                a.pairs,
                a.mean_abs_diff,
                a.within_one_pct
            ));
        }
        o.push_str("</table>\n");
    }
    if !s.global_points.is_empty() {
        let ticks = [
            (1.0, "clear fail"),
            (2.0, "borderline"),
            (3.0, "clear pass"),
            (4.0, "good"),
            (5.0, "excellent"),
        ];
        let mark = s.borderline.map(|b| {
            (
                2.0,
                b.pass_mark_pct,
                format!("pass mark {:.1} %", b.pass_mark_pct),
            )
        });
        o.push_str(&figure(
            &svg::scatter_fit(
                "Borderline regression: score against global rating",
                &s.global_points,
                s.borderline.map(|b| (b.intercept, b.slope)),
                mark,
                &ticks,
                "score %",
            ),
            "One dot per rating; the line is the least-squares fit; the pass mark is the fitted score at borderline.",
        ));
    }
    o
}

/// Writes the cohort's figures as CSV files in `dir`: `attempts.csv`,
/// `scenarios.csv`, `items.csv`, `never_events.csv`, `agreement.csv` and
/// `candidates.csv`. Returns the files written.
pub fn write_csv(cohort: &Cohort, dir: &Path) -> Result<Vec<PathBuf>, csv::Error> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    let mut open = |name: &str| -> Result<csv::Writer<std::fs::File>, csv::Error> {
        let path = dir.join(name);
        written.push(path.clone());
        csv::Writer::from_path(path)
    };
    let mut w = open("attempts.csv")?;
    w.write_record([
        "file",
        "candidate",
        "scenario",
        "date",
        "score_pct",
        "passed",
        "ratings",
        "mean_global_rating",
    ])?;
    for a in &cohort.attempts {
        let g: Vec<f64> = a.ratings.iter().map(|r| r.global.points()).collect();
        let mean = (!g.is_empty()).then(|| g.iter().sum::<f64>() / g.len() as f64);
        w.write_record([
            a.summary.file.clone(),
            a.summary.candidate.clone(),
            a.summary.scenario_name.clone(),
            a.summary.date.clone(),
            one(a.summary.score_pct),
            a.summary.passed.map(|p| p.to_string()).unwrap_or_default(),
            a.ratings.len().to_string(),
            one(mean),
        ])?;
    }
    w.flush()?;
    let mut w = open("scenarios.csv")?;
    w.write_record([
        "scenario",
        "attempts",
        "scored",
        "passed",
        "pass_rate_pct",
        "median_score_pct",
        "min_score_pct",
        "max_score_pct",
        "pass_mark_pct",
        "borderline_pass_mark_pct",
        "borderline_n",
    ])?;
    for s in &cohort.scenarios {
        let lo = s.scores.iter().copied().reduce(f64::min);
        let hi = s.scores.iter().copied().reduce(f64::max);
        w.write_record([
            s.name.clone(),
            s.attempts.to_string(),
            s.scores.len().to_string(),
            s.passed.to_string(),
            one(s.pass_rate().map(|r| r * 100.0)),
            one(median(&s.scores)),
            one(lo),
            one(hi),
            one(s.pass_mark_pct),
            one(s.borderline.map(|b| b.pass_mark_pct)),
            s.borderline.map(|b| b.n.to_string()).unwrap_or_default(),
        ])?;
    }
    w.flush()?;
    let mut w = open("items.csv")?;
    w.write_record([
        "scenario",
        "item",
        "critical",
        "applicable",
        "on_time",
        "late",
        "not_done",
        "difficulty",
        "median_s_from_onset",
        "s_from_onset",
    ])?;
    for s in &cohort.scenarios {
        for i in &s.items {
            w.write_record([
                s.name.clone(),
                i.name.clone(),
                i.critical.to_string(),
                i.applicable.to_string(),
                i.on_time.to_string(),
                i.late.to_string(),
                i.not_done.to_string(),
                i.difficulty()
                    .map(|d| format!("{d:.3}"))
                    .unwrap_or_default(),
                one(median(&i.times_s)),
                i.times_s
                    .iter()
                    .map(|t| format!("{t:.1}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            ])?;
        }
    }
    w.flush()?;
    let mut w = open("never_events.csv")?;
    w.write_record(["scenario", "never_event", "attempts"])?;
    for s in &cohort.scenarios {
        for (n, c) in &s.never_events {
            w.write_record([s.name.clone(), n.clone(), c.to_string()])?;
        }
    }
    w.flush()?;
    let mut w = open("agreement.csv")?;
    w.write_record([
        "scenario",
        "item",
        "rater_pairs",
        "mean_abs_diff",
        "within_one_pct",
    ])?;
    for s in &cohort.scenarios {
        for a in &s.agreement {
            w.write_record([
                s.name.clone(),
                a.label.clone(),
                a.pairs.to_string(),
                format!("{:.2}", a.mean_abs_diff),
                format!("{:.1}", a.within_one_pct),
            ])?;
        }
    }
    w.flush()?;
    let mut w = open("candidates.csv")?;
    w.write_record([
        "candidate",
        "attempt",
        "date",
        "scenario",
        "score_pct",
        "passed",
    ])?;
    for (c, h) in &cohort.candidates {
        for (i, p) in h.iter().enumerate() {
            w.write_record([
                c.clone(),
                (i + 1).to_string(),
                p.date.clone(),
                p.scenario.clone(),
                one(p.score_pct),
                p.passed.map(|b| b.to_string()).unwrap_or_default(),
            ])?;
        }
    }
    w.flush()?;
    Ok(written)
}
