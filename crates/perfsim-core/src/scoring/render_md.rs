//! The report as Markdown: readable as plain text, renders anywhere, prints well.

use std::fmt::Write as _;

use crate::scoring::report::Report;
use crate::time::clock_label;

fn clock(t_s: f64) -> String {
    clock_label(crate::time::tick_from_secs(t_s))
}

/// Renders `report` as a Markdown document.
pub fn render(report: &Report) -> String {
    let mut s = String::new();
    let r = report;
    let _ = writeln!(s, "# Debrief: {}\n", r.scenario);
    let _ = writeln!(
        s,
        "**{}** — score **{:.0} %** (pass mark {:.0} %). Scenario version {}, run {:.0} s, file SHA-256 `{}`.\n",
        if r.passed { "PASSED" } else { "FAILED" },
        r.score_pct,
        r.pass_mark_pct,
        r.scenario_version,
        r.duration_s,
        r.scenario_sha256
    );
    if !r.critical_errors.is_empty() {
        let _ = writeln!(s, "## Critical errors\n");
        for e in &r.critical_errors {
            let _ = writeln!(s, "- {e}");
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "## Sections\n\n| Section | Score | Weight |\n|---|---:|---:|"
    );
    for sec in &r.sections {
        let _ = writeln!(
            s,
            "| {} | {:.0} % | {:.0} |",
            sec.name, sec.score_pct, sec.weight
        );
    }
    let _ = writeln!(
        s,
        "\n## Critical actions\n\n| Action | Status | When | Points |\n|---|---|---|---:|"
    );
    for a in &r.critical_actions {
        let _ = writeln!(
            s,
            "| {}{} | {} | {} | {:.1} / {:.0} |",
            a.name,
            if a.critical { " (critical)" } else { "" },
            a.status.label(),
            a.timing().trim(),
            a.points,
            a.max_points
        );
    }
    if !r.sequence_rules.is_empty() {
        let _ = writeln!(
            s,
            "\n## Sequence\n\n| Rule | Status | Points |\n|---|---|---:|"
        );
        for q in &r.sequence_rules {
            let _ = writeln!(
                s,
                "| {} | {} | {:.0} / {:.0} |",
                q.name,
                q.status.label(),
                q.points,
                q.max_points
            );
        }
    }
    let _ = writeln!(s, "\n## Never-events\n");
    if r.never_events.is_empty() {
        let _ = writeln!(s, "None.");
    }
    for n in &r.never_events {
        let cost = if n.fails {
            "fails the attempt".to_string()
        } else {
            format!("−{:.0} points", n.penalty_pct)
        };
        let _ = writeln!(s, "- **{}** at {} ({cost})", n.name, clock(n.t_s));
    }
    if !r.ranges.is_empty() {
        let _ = writeln!(
            s,
            "\n## Physiology\n\n| Range | Time outside | Lowest | Highest | Credit |\n|---|---:|---:|---:|---:|"
        );
        for g in &r.ranges {
            let _ = writeln!(
                s,
                "| {} | {:.0} s | {} | {} | {:.0} % |",
                g.name,
                g.s_outside,
                g.min.map_or("—".into(), |v| format!("{v:.1}")),
                g.max.map_or("—".into(), |v| format!("{v:.1}")),
                g.score_pct
            );
        }
    }
    let _ = writeln!(s, "\n## Teaching points\n");
    for t in &r.teaching_points {
        let _ = writeln!(s, "- {t}");
    }
    let _ = writeln!(s, "\n## Timeline\n\n| Time | What | |\n|---|---|---|");
    for e in &r.timeline {
        let _ = writeln!(
            s,
            "| {} | {} | {} |",
            clock(e.t_s),
            super::render_html::kind_label(e.kind),
            e.text.replace('|', "/")
        );
    }
    s
}
