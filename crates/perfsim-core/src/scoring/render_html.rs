//! The report as one self-contained HTML page: inline CSS, no scripts, no external
//! assets; it prints on A4 without the colours it needs to be read.

use std::fmt::Write as _;

use crate::scoring::report::{Report, RuleStatus, Status, TimelineKind};
use crate::time::clock_label;

const CSS: &str = "
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1f24;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.6rem 0 .4rem;border-bottom:1px solid #ccd;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.3rem 0}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #e3e6ea;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.verdict{display:inline-block;padding:.2rem .7rem;border-radius:.3rem;font-weight:700;border:2px solid}
.pass{color:#176d2c;border-color:#176d2c}.fail{color:#a3161b;border-color:#a3161b}
.s-done,.s-kept{color:#176d2c}.s-late{color:#8a5a00}.s-missed,.s-wrong,.s-broken{color:#a3161b;font-weight:600}.s-na{color:#667}
.k-fault{color:#6b2fa3;font-weight:600}.k-first_cue{color:#a3161b;font-weight:600}.k-alarm{color:#a3161b}.k-never_event{color:#a3161b;font-weight:700}.k-instructor{color:#667}
.meta{color:#556;font-size:.85rem}ul{margin:.3rem 0 .3rem 1.2rem;padding:0}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}tr{break-inside:avoid}a{color:inherit}}
";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn clock(t_s: f64) -> String {
    clock_label(crate::time::tick_from_secs(t_s))
}

/// A label for a timeline kind.
pub fn kind_label(kind: TimelineKind) -> &'static str {
    match kind {
        TimelineKind::Fault => "fault",
        TimelineKind::FirstCue => "first cue",
        TimelineKind::Alarm => "alarm",
        TimelineKind::Action => "action",
        TimelineKind::Instructor => "instructor",
        TimelineKind::Event => "event",
        TimelineKind::NeverEvent => "NEVER-EVENT",
    }
}

fn kind_class(kind: TimelineKind) -> &'static str {
    match kind {
        TimelineKind::Fault => "k-fault",
        TimelineKind::FirstCue => "k-first_cue",
        TimelineKind::Alarm => "k-alarm",
        TimelineKind::Action => "k-action",
        TimelineKind::Instructor => "k-instructor",
        TimelineKind::Event => "k-event",
        TimelineKind::NeverEvent => "k-never_event",
    }
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Done => "s-done",
        Status::Late => "s-late",
        Status::Missed => "s-missed",
        Status::Wrong => "s-wrong",
        Status::NotApplicable | Status::NotReached => "s-na",
    }
}

/// Renders `report` as a standalone HTML document.
pub fn render(report: &Report) -> String {
    let r = report;
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Debrief: {}</title><style>{CSS}</style></head><body>\n",
        esc(&r.scenario)
    );
    let _ = writeln!(
        s,
        "<h1>Debrief: {}</h1><p><span class=\"verdict {}\">{}</span> &nbsp;Score <b>{:.0}&nbsp;%</b> (pass mark {:.0}&nbsp;%)</p>",
        esc(&r.scenario),
        if r.passed { "pass" } else { "fail" },
        if r.passed { "PASSED" } else { "FAILED" },
        r.score_pct,
        r.pass_mark_pct
    );
    let _ = writeln!(
        s,
        "<p class=\"meta\">Scenario version {} · run {:.0} s · file SHA-256 {}</p>",
        esc(&r.scenario_version),
        r.duration_s,
        esc(&r.scenario_sha256)
    );
    if !r.critical_errors.is_empty() {
        s.push_str("<h2>Critical errors</h2><ul>");
        for e in &r.critical_errors {
            let _ = write!(s, "<li class=\"s-wrong\">{}</li>", esc(e));
        }
        s.push_str("</ul>\n");
    }
    s.push_str("<h2>Sections</h2><table><tr><th>Section</th><th class=\"n\">Score</th><th class=\"n\">Weight</th></tr>");
    for sec in &r.sections {
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"n\">{:.0} %</td><td class=\"n\">{:.0}</td></tr>",
            esc(&sec.name),
            sec.score_pct,
            sec.weight
        );
    }
    s.push_str("</table>\n<h2>Critical actions</h2><table><tr><th>Action</th><th>Status</th><th>When</th><th class=\"n\">Points</th><th>Teaching point</th></tr>");
    for a in &r.critical_actions {
        let _ = write!(
            s,
            "<tr><td>{}{}</td><td class=\"{}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}/{:.0}</td><td>{}</td></tr>",
            esc(&a.name),
            if a.critical { " <b>(critical)</b>" } else { "" },
            status_class(a.status),
            a.status.label(),
            esc(a.timing().trim()),
            a.points,
            a.max_points,
            if a.status == Status::Done {
                String::new()
            } else {
                esc(&a.teaching)
            }
        );
    }
    s.push_str("</table>\n");
    if !r.sequence_rules.is_empty() {
        s.push_str("<h2>Sequence</h2><table><tr><th>Rule</th><th>Status</th><th class=\"n\">Points</th></tr>");
        for q in &r.sequence_rules {
            let class = match q.status {
                RuleStatus::Kept => "s-kept",
                RuleStatus::Broken => "s-broken",
                RuleStatus::NotReached => "s-na",
            };
            let _ = write!(
                s,
                "<tr><td>{}</td><td class=\"{class}\">{}</td><td class=\"n\">{:.0}/{:.0}</td></tr>",
                esc(&q.name),
                q.status.label(),
                q.points,
                q.max_points
            );
        }
        s.push_str("</table>\n");
    }
    s.push_str("<h2>Never-events</h2>");
    if r.never_events.is_empty() {
        s.push_str("<p>None.</p>");
    } else {
        s.push_str("<ul>");
        for n in &r.never_events {
            let _ = write!(
                s,
                "<li class=\"s-wrong\">{} at {} ({})</li>",
                esc(&n.name),
                clock(n.t_s),
                if n.fails {
                    "fails the attempt".to_string()
                } else {
                    format!("−{:.0} points", n.penalty_pct)
                }
            );
        }
        s.push_str("</ul>");
    }
    if !r.ranges.is_empty() {
        s.push_str("\n<h2>Physiology</h2><table><tr><th>Range</th><th class=\"n\">Time outside</th><th class=\"n\">Lowest</th><th class=\"n\">Highest</th><th class=\"n\">Credit</th></tr>");
        for g in &r.ranges {
            let _ = write!(
                s,
                "<tr><td>{}</td><td class=\"n\">{:.0} s</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.0} %</td></tr>",
                esc(&g.name),
                g.s_outside,
                g.min.map_or("—".into(), |v| format!("{v:.1}")),
                g.max.map_or("—".into(), |v| format!("{v:.1}")),
                g.score_pct
            );
        }
        s.push_str("</table>\n");
    }
    s.push_str("<h2>Teaching points</h2><ul>");
    for t in &r.teaching_points {
        let _ = write!(s, "<li>{}</li>", esc(t));
    }
    s.push_str(
        "</ul>\n<h2>Timeline</h2><table><tr><th class=\"n\">Time</th><th>What</th><th></th></tr>",
    );
    for e in &r.timeline {
        let _ = write!(
            s,
            "<tr class=\"{}\"><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            kind_class(e.kind),
            clock(e.t_s),
            kind_label(e.kind),
            esc(&e.text)
        );
    }
    s.push_str("</table>\n</body></html>\n");
    s
}
