//! A printable, self-contained report of one attempt (HTML with inline CSS, or
//! Markdown): the header, the timeline of actions, notes and model events, and the
//! stored scoring report. The scoring engine's renderer replaces the score part once
//! merged.

use serde_json::Value;

use crate::scoring::report::Report;

use super::entry::Entry;
use super::reader::Recovered;
use crate::action::Actor;
use crate::model::events::LoggedEvent;
use crate::time::{Tick, clock_label};

/// Output format of [`render`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// One HTML file with inline CSS.
    Html,
    /// Markdown.
    Markdown,
}

impl ReportFormat {
    /// The format for an output file name: `.md` is Markdown, anything else HTML.
    pub fn for_path(path: &std::path::Path) -> Self {
        if path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("md"))
        {
            ReportFormat::Markdown
        } else {
            ReportFormat::Html
        }
    }
}

/// What goes into a report beyond the record itself.
#[derive(Clone, Debug, Default)]
pub struct ReportInputs<'a> {
    /// The key check's result in words (`intact`, or the first problem).
    pub integrity: String,
    /// Model events from a replay (faults, alarms), merged into the timeline.
    pub events: &'a [LoggedEvent],
    /// The scoring report from replaying the verified record; never the stored footer.
    pub report: Option<&'a Value>,
    /// Why there is no score, when `report` is `None` (e.g. the record does not verify).
    pub no_score: String,
}

/// One row of the timeline.
struct Row {
    tick: Tick,
    who: &'static str,
    what: String,
}

fn timeline(rec: &Recovered, events: &[LoggedEvent]) -> Vec<Row> {
    let mut rows: Vec<Row> = rec
        .entries()
        .filter_map(|e| {
            let (who, what) = match e {
                Entry::Action(a) => (
                    match a.actor {
                        Actor::Trainee => "Candidate",
                        Actor::Instructor => "Instructor",
                    },
                    a.action.describe(),
                ),
                Entry::Note { text, .. } => ("Note", text.clone()),
                Entry::Pause { .. } => ("Facilitator", "Paused".into()),
                Entry::Resume { .. } => ("Facilitator", "Resumed".into()),
                Entry::Restarted { authorised_by, .. } => (
                    "Record",
                    format!("Interrupted; continued from here, authorised by {authorised_by:?}"),
                ),
                Entry::WrongPin { .. } => ("Console", "Wrong facilitator PIN".into()),
                Entry::TraineeChart { entries, .. } => (
                    "Candidate",
                    format!("Charted {} perfusion record entries", entries.len()),
                ),
                Entry::Footer(_) => ("Record", "Attempt ended".into()),
                Entry::Header(_) | Entry::Heartbeat { .. } => return None,
            };
            Some(Row {
                tick: e.tick(),
                who,
                what,
            })
        })
        .collect();
    rows.extend(events.iter().map(|e| Row {
        tick: e.tick,
        who: "Model",
        what: e.event.describe(),
    }));
    // Stable: at the same tick, record entries come before the events they caused.
    rows.sort_by_key(|r| r.tick);
    rows
}

fn facts(rec: &Recovered, integrity: &str) -> Vec<(&'static str, String)> {
    let h = rec.header();
    let status = match rec.cut() {
        None => "complete".to_string(),
        Some(c) => format!("interrupted (stops at line {})", c.line),
    };
    vec![
        ("Candidate", h.candidate_id.clone()),
        ("Facilitator", h.facilitator.clone()),
        ("Mode", h.mode.label().into()),
        ("Started (UTC)", h.started_at_utc.clone()),
        (
            "Scenario",
            format!("{} v{}", h.scenario_name, h.scenario_version),
        ),
        ("Scenario SHA-256", h.scenario_sha256.clone()),
        ("Seed", h.seed.to_string()),
        ("Duration", clock_label(rec.last_tick())),
        ("Status", status),
        ("Integrity", integrity.into()),
        ("perfsim", h.perfsim_version.clone()),
        ("Key ID", h.key_id.clone()),
    ]
}

/// Renders the report. When the record holds a scoring report, the scoring engine's own
/// renderer draws the debrief and the attempt's facts and record log frame it; otherwise
/// (an interrupted attempt, or a report this version cannot read) the stored JSON is
/// shown as tables.
pub fn render(rec: &Recovered, inputs: &ReportInputs<'_>, format: ReportFormat) -> String {
    let facts = facts(rec, &inputs.integrity);
    let rows = timeline(rec, inputs.events);
    let report = inputs.report;
    let title = format!("Attempt report: {}", rec.header().scenario_name);
    let scored = report.and_then(|v| serde_json::from_value::<Report>(v.clone()).ok());
    match (format, scored) {
        (ReportFormat::Html, Some(r)) => framed_html(&title, &facts, &rows, &r),
        (ReportFormat::Markdown, Some(r)) => framed_markdown(&title, &facts, &rows, &r),
        (ReportFormat::Html, None) => html(&title, &facts, &rows, report, &inputs.no_score),
        (ReportFormat::Markdown, None) => markdown(&title, &facts, &rows, report, &inputs.no_score),
    }
}

/// The scoring engine's HTML debrief with the attempt's facts at the top and the record
/// log (actions, instructor events, notes, pauses) at the end.
fn framed_html(title: &str, facts: &[(&str, String)], rows: &[Row], report: &Report) -> String {
    let debrief = crate::scoring::render_html::render(report);
    let head = facts_html(title, facts);
    let tail = log_html(rows, "Record log");
    let with_head = debrief.replacen("<body>\n", &format!("<body>\n{head}"), 1);
    with_head.replacen("</body>", &format!("{tail}</body>"), 1)
}

/// The attempt's title and facts as an HTML heading and table.
fn facts_html(title: &str, facts: &[(&str, String)]) -> String {
    let mut o = format!("<h1>{}</h1>\n<table>\n", esc(title));
    for (k, v) in facts {
        o.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>\n",
            esc(k),
            esc(v)
        ));
    }
    o.push_str("</table>\n");
    o
}

/// The record's log as an HTML table under `heading`.
fn log_html(rows: &[Row], heading: &str) -> String {
    let mut o =
        format!("<h2>{heading}</h2>\n<table><tr><th>Time</th><th>Who</th><th>What</th></tr>\n");
    for r in rows {
        o.push_str(&format!(
            "<tr><td class=\"t\">{}</td><td>{}</td><td>{}</td></tr>\n",
            clock_label(r.tick),
            r.who,
            esc(&r.what)
        ));
    }
    o.push_str("</table>\n");
    o
}

/// The attempt's title and facts as a Markdown heading and table.
fn facts_md(title: &str, facts: &[(&str, String)]) -> String {
    let mut o = format!("# {title}\n\n| | |\n|---|---|\n");
    for (k, v) in facts {
        o.push_str(&format!("| {k} | {} |\n", md_cell(v)));
    }
    o
}

/// The record's log as a Markdown table under `heading`.
fn log_md(rows: &[Row], heading: &str) -> String {
    let mut o = format!("\n## {heading}\n\n| Time | Who | What |\n|---|---|---|\n");
    for r in rows {
        o.push_str(&format!(
            "| {} | {} | {} |\n",
            clock_label(r.tick),
            r.who,
            md_cell(&r.what)
        ));
    }
    o
}

/// The scoring engine's Markdown debrief framed like [`framed_html`].
fn framed_markdown(title: &str, facts: &[(&str, String)], rows: &[Row], report: &Report) -> String {
    let mut o = facts_md(title, facts);
    o.push('\n');
    // Demote the debrief's headings one level under the attempt's title.
    for line in crate::scoring::render_md::render(report).lines() {
        if line.starts_with('#') {
            o.push('#');
        }
        o.push_str(line);
        o.push('\n');
    }
    o.push_str(&log_md(rows, "Record log"));
    o
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        other => other.to_string(),
    }
}

/// Columns of an array of objects: the union of their keys, in first-seen order.
fn columns(items: &[Value]) -> Vec<String> {
    let mut cols: Vec<String> = Vec::new();
    for item in items {
        if let Value::Object(m) = item {
            for k in m.keys() {
                if !cols.contains(k) {
                    cols.push(k.clone());
                }
            }
        }
    }
    cols
}

const CSS: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}\
table{border-collapse:collapse;margin:0.5rem 0 1.5rem}\
th,td{border:1px solid #bbb;padding:0.2rem 0.5rem;text-align:left;vertical-align:top}\
th{background:#eee}td.t{font-variant-numeric:tabular-nums;white-space:nowrap}\
pre{background:#f6f6f6;padding:0.5rem;white-space:pre-wrap}\
@media print{body{margin:0}}";

fn html(
    title: &str,
    facts: &[(&str, String)],
    rows: &[Row],
    report: Option<&Value>,
    no_score: &str,
) -> String {
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    o.push_str(&format!(
        "<title>{}</title><style>{CSS}</style></head><body>\n",
        esc(title)
    ));
    o.push_str(&facts_html(title, facts));
    o.push_str("<h2>Score</h2>\n");
    match report {
        None => o.push_str(&format!(
            "<p><strong>No score</strong>: {}</p>\n",
            esc(no_score)
        )),
        Some(Value::Object(m)) => {
            let mut scalars = String::new();
            let mut blocks = String::new();
            for (k, v) in m {
                match v {
                    Value::Array(items) if items.iter().all(Value::is_object) => {
                        let cols = columns(items);
                        blocks.push_str(&format!("<h3>{}</h3>\n<table><tr>", esc(k)));
                        for c in &cols {
                            blocks.push_str(&format!("<th>{}</th>", esc(c)));
                        }
                        blocks.push_str("</tr>\n");
                        for item in items {
                            blocks.push_str("<tr>");
                            for c in &cols {
                                let cell = item.get(c).map(scalar).unwrap_or_default();
                                blocks.push_str(&format!("<td>{}</td>", esc(&cell)));
                            }
                            blocks.push_str("</tr>\n");
                        }
                        blocks.push_str("</table>\n");
                    }
                    Value::Array(_) | Value::Object(_) => blocks.push_str(&format!(
                        "<h3>{}</h3>\n<pre>{}</pre>\n",
                        esc(k),
                        esc(&serde_json::to_string_pretty(v).unwrap_or_default())
                    )),
                    _ => scalars.push_str(&format!(
                        "<tr><th>{}</th><td>{}</td></tr>\n",
                        esc(k),
                        esc(&scalar(v))
                    )),
                }
            }
            o.push_str(&format!("<table>\n{scalars}</table>\n{blocks}"));
        }
        Some(other) => o.push_str(&format!("<pre>{}</pre>\n", esc(&other.to_string()))),
    }
    o.push_str(&log_html(rows, "Timeline"));
    o.push_str("</body></html>\n");
    o
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(
    title: &str,
    facts: &[(&str, String)],
    rows: &[Row],
    report: Option<&Value>,
    no_score: &str,
) -> String {
    let mut o = facts_md(title, facts);
    o.push_str("\n## Score\n\n");
    match report {
        None => o.push_str(&format!("**No score**: {no_score}\n")),
        Some(Value::Object(m)) => {
            for (k, v) in m {
                match v {
                    Value::Array(items) if items.iter().all(Value::is_object) => {
                        let cols = columns(items);
                        o.push_str(&format!("\n### {k}\n\n| {} |\n|", cols.join(" | ")));
                        o.push_str(&"---|".repeat(cols.len()));
                        o.push('\n');
                        for item in items {
                            let cells: Vec<String> = cols
                                .iter()
                                .map(|c| md_cell(&item.get(c).map(scalar).unwrap_or_default()))
                                .collect();
                            o.push_str(&format!("| {} |\n", cells.join(" | ")));
                        }
                    }
                    Value::Array(_) | Value::Object(_) => {
                        o.push_str(&format!("\n### {k}\n\n```json\n{v:#}\n```\n"));
                    }
                    _ => o.push_str(&format!("- **{k}**: {}\n", md_cell(&scalar(v)))),
                }
            }
        }
        Some(other) => o.push_str(&format!("```json\n{other}\n```\n")),
    }
    o.push_str(&log_md(rows, "Timeline"));
    o
}
