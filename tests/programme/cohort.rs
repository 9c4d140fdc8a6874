//! Cohort analytics over 36 attempts across the four emergencies, checked against
//! `perfsim summary`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{exam, form, key, ok, rate};

const SCENARIOS: [&str; 4] = [
    "air_embolism",
    "circuit_clot",
    "oxygenator_failure",
    "vasoplegic_wean",
];
const STYLES: [&str; 3] = ["expert", "slow", "harmful"];

fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("csv");
    let head: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    r.records()
        .map(|row| {
            let row = row.expect("row");
            head.iter()
                .cloned()
                .zip(row.iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn the_cohort_of_36_attempts_matches_the_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (prog, _) = key(d, "programme", 1);
    let (ka, _) = key(d, "rater-a", 2);
    let (kb, _) = key(d, "rater-b", 3);
    let records = d.join("records");
    std::fs::create_dir_all(&records).expect("folder");
    let mut n = 0;
    for (si, scenario) in SCENARIOS.iter().enumerate() {
        for (k, style) in STYLES.iter().enumerate() {
            for seed in 1..=3u64 {
                let candidate = format!("cand-{}", 1 + (n % 6));
                let path = records.join(format!("{scenario}-{style}-{seed}.jsonl"));
                exam(
                    d,
                    &prog,
                    &path,
                    scenario,
                    &format!("{scenario}_{style}"),
                    seed,
                    &candidate,
                );
                // Two raters on the first seed of each; global rating follows the style.
                if seed == 1 {
                    let global = ["Good", "Borderline", "ClearFail"][k];
                    let fa = form(d, &format!("a{si}{k}"), [3.0 - k as f64; 4], global, "");
                    let fb = form(d, &format!("b{si}{k}"), [3.5 - k as f64; 4], global, "");
                    assert!(rate(d, &path, "Dr A", &fa, &ka).status.success());
                    assert!(rate(d, &path, "Dr B", &fb, &kb).status.success());
                }
                n += 1;
            }
        }
    }
    assert_eq!(n, 36);
    let rec_s = records.display().to_string();
    let prog_s = prog.display().to_string();
    ok(
        d,
        &["summary", &rec_s, "--key", &prog_s, "--csv", "summary.csv"],
    );
    let out = ok(
        d,
        &[
            "cohort",
            &rec_s,
            "--key",
            &prog_s,
            "--out",
            "cohort.html",
            "--csv",
            "cohort",
        ],
    );
    assert!(
        out.contains("36 attempts, 6 candidates, 4 scenarios"),
        "{out}"
    );
    let summary = read_csv(&d.join("summary.csv"));
    let attempts = read_csv(&d.join("cohort/attempts.csv"));
    assert_eq!(summary.len(), 36);
    assert_eq!(attempts.len(), 36);

    // Every attempt's score and pass are the summary's, to the same decimal.
    for s in &summary {
        let a = attempts
            .iter()
            .find(|a| a["file"] == s["file"])
            .expect("same files");
        assert_eq!(a["score_pct"], s["score_pct"], "{}", s["file"]);
        assert_eq!(a["passed"], s["passed"], "{}", s["file"]);
        assert!(
            !s["score_pct"].is_empty(),
            "every exam verifies and is scored"
        );
    }

    // Per scenario: attempts, pass rate and never-event counts from the summary.
    let scenarios = read_csv(&d.join("cohort/scenarios.csv"));
    let never = read_csv(&d.join("cohort/never_events.csv"));
    let items = read_csv(&d.join("cohort/items.csv"));
    assert_eq!(scenarios.len(), 4);
    let mut any_never = 0;
    for sc in &scenarios {
        let rows: Vec<_> = summary
            .iter()
            .filter(|s| s["scenario"] == sc["scenario"])
            .collect();
        assert_eq!(sc["attempts"], rows.len().to_string());
        let passed = rows.iter().filter(|s| s["passed"] == "true").count();
        assert_eq!(sc["passed"], passed.to_string());
        let rate = format!("{:.1}", 100.0 * passed as f64 / rows.len() as f64);
        assert_eq!(sc["pass_rate_pct"], rate, "{}", sc["scenario"]);
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for s in &rows {
            let mut seen: Vec<&str> = s["never_events"]
                .split("; ")
                .filter(|x| !x.is_empty())
                .collect();
            seen.dedup();
            for name in seen {
                *counts.entry(name.to_string()).or_default() += 1;
            }
        }
        for (name, count) in &counts {
            any_never += 1;
            let row = never
                .iter()
                .find(|r| r["scenario"] == sc["scenario"] && &r["never_event"] == name)
                .unwrap_or_else(|| panic!("never-event {name} missing"));
            assert_eq!(row["attempts"], count.to_string(), "{name}");
        }
        // Critical items done late: as many as summary rows list them late.
        for it in items
            .iter()
            .filter(|i| i["scenario"] == sc["scenario"] && i["critical"] == "true")
        {
            let late = rows
                .iter()
                .filter(|s| s["critical_late"].split("; ").any(|x| x == it["item"]))
                .count();
            assert_eq!(it["late"], late.to_string(), "{}", it["item"]);
            let on_time: usize = it["on_time"].parse().expect("count");
            let applicable: usize = it["applicable"].parse().expect("count");
            assert!(on_time <= applicable);
        }
        // Borderline regression from the raters' global ratings (6 per scenario).
        assert_eq!(sc["borderline_n"], "6", "{}", sc["scenario"]);
        // The same least-squares fit by hand: score on global rating (Good 4,
        // Borderline 2, clear fail 1), two raters on each seed-1 attempt, read at 2.
        let points: Vec<(f64, f64)> = rows
            .iter()
            .filter(|s| s["file"].ends_with("-1.jsonl"))
            .flat_map(|s| {
                let g = if s["file"].contains("-expert-") {
                    4.0
                } else if s["file"].contains("-slow-") {
                    2.0
                } else {
                    1.0
                };
                let score: f64 = s["score_pct"].parse().expect("score");
                [(g, score), (g, score)]
            })
            .collect();
        let n = points.len() as f64;
        let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
        let my = points.iter().map(|p| p.1).sum::<f64>() / n;
        let b = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum::<f64>()
            / points.iter().map(|p| (p.0 - mx).powi(2)).sum::<f64>();
        let expect = my + b * (2.0 - mx);
        let mark: f64 = sc["borderline_pass_mark_pct"].parse().expect("a pass mark");
        // The summary's scores are rounded to 0.1, the cohort's are not.
        assert!(
            (mark - expect).abs() < 0.2,
            "{}: {mark} vs {expect}",
            sc["scenario"]
        );
    }
    assert!(any_never > 0, "harmful runs commit never-events");

    // Rater agreement: three double-rated attempts per scenario, 0.5 apart on PINTS.
    let agreement = read_csv(&d.join("cohort/agreement.csv"));
    let sa = agreement
        .iter()
        .find(|a| a["item"] == "Situation awareness")
        .expect("agreement row");
    assert_eq!(sa["rater_pairs"], "3");
    assert_eq!(sa["mean_abs_diff"], "0.50");
    assert_eq!(sa["within_one_pct"], "100.0");

    // The page: one section per scenario, plots drawn, each candidate listed.
    let html = std::fs::read_to_string(d.join("cohort.html")).expect("page");
    assert!(html.matches("<svg").count() > 1 + 4 * 3, "plots missing");
    for c in 1..=6 {
        assert!(html.contains(&format!("cand-{c}")));
    }
    assert!(!html.contains("<script"), "a page without script");
    let candidates = read_csv(&d.join("cohort/candidates.csv"));
    assert_eq!(candidates.len(), 36);
}
