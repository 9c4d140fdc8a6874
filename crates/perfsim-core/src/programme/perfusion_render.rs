//! The perfusion record as a printable page, Markdown and CSV.

use super::html::{esc, facts_table, md_cell, page};
use super::perfusion::{INTERVAL_SIGNALS, PerfusionRecord, Period};
use crate::time::{Tick, clock_label};

fn period_text(p: &Period) -> String {
    match p.off {
        Some(off) => format!("{} to {}", clock_label(p.on), clock_label(off)),
        None => format!("{} to end (still on)", clock_label(p.on)),
    }
}

fn minutes(t: Tick) -> String {
    format!("{:.1} min", t as f64 / 600.0)
}

/// A short column head for the 5-minute table, as a paper chart abbreviates it.
fn header_label(i: usize) -> String {
    use crate::model::snapshot::Signal as S;
    let Some(s) = INTERVAL_SIGNALS.get(i) else {
        return String::new();
    };
    match s {
        S::PumpFlow => "Flow L/min",
        S::PumpFlowIndex => "Index L/min/m²",
        S::Map => "MAP mmHg",
        S::Cvp => "CVP mmHg",
        S::ArtLine => "Line mmHg",
        S::TempArterial => "T art °C",
        S::TempCore => "T naso °C",
        S::TempBladder => "T blad °C",
        S::TempWater => "T water °C",
        S::Sweep => "Sweep L/min",
        S::Fio2 => "FiO2 %",
        S::Svo2 => "SvO2 %",
        S::Rso2Left => "rSO2 L %",
        S::Reservoir => "Res mL",
        other => other.label(),
    }
    .to_string()
}

fn value(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// One lab value as reported: pH to two decimals, the rest as [`value`], with its unit.
pub fn lab_value(s: crate::model::snapshot::Signal, v: f64) -> String {
    let number = if s == crate::model::snapshot::Signal::Ph {
        format!("{v:.2}")
    } else {
        value(v)
    };
    format!("{} {number} {}", s.label(), s.unit())
}

/// The summary facts at the top of the chart.
pub fn facts(r: &PerfusionRecord) -> Vec<(&'static str, String)> {
    let join = |ps: &[Period]| {
        if ps.is_empty() {
            "none".to_string()
        } else {
            ps.iter().map(period_text).collect::<Vec<_>>().join("; ")
        }
    };
    vec![
        ("Scenario", r.scenario.clone()),
        ("Run length", clock_label(r.end_tick)),
        ("Arterial flow (on pump)", join(&r.flow_periods)),
        ("Time with flow", minutes(r.flow_ticks())),
        ("Cross-clamp on", join(&r.cross_clamp)),
        ("Cross-clamp time", minutes(r.cross_clamp_ticks())),
        ("Cardioplegia doses", r.cardioplegia.len().to_string()),
        ("Temperature limits", thermal_text(r)),
    ]
}

/// The worst temperature values against the guideline's limits (Engelman 2015).
fn thermal_text(r: &PerfusionRecord) -> String {
    let Some(t) = r.thermal else {
        return "not a bypass run".into();
    };
    let excursions: u32 = t.excursions.iter().sum();
    format!(
        "largest outlet-venous gradient {:.1} °C, fastest rewarming {:.2} °C/min, hottest \
         outlet {:.1} °C; {}",
        t.worst_gradient_c,
        t.worst_rate_c_per_min,
        t.worst_outlet_c,
        match excursions {
            0 => "within the limits".to_string(),
            1 => "1 excursion beyond a limit".to_string(),
            n => format!("{n} excursions beyond a limit"),
        }
    )
}

/// The chart as a printable page.
pub fn html(r: &PerfusionRecord, title: &str) -> String {
    page(title, &html_body(r, title))
}

/// The chart's body (for embedding in another page).
pub fn html_body(r: &PerfusionRecord, title: &str) -> String {
    let mut o = format!("<h1>{}</h1>\n", esc(title));
    o.push_str(&facts_table(&facts(r)));
    o.push_str("<h2>Cardioplegia</h2>\n");
    if r.cardioplegia.is_empty() {
        o.push_str("<p>None given.</p>\n");
    } else {
        o.push_str("<table><tr><th>Time</th><th>Volume (mL)</th><th>Interval (min)</th><th>Peak delivery pressure (mmHg)</th></tr>\n");
        for d in &r.cardioplegia {
            o.push_str(&format!(
                "<tr><td class=\"n\">{}</td><td class=\"n\">{:.0}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                clock_label(d.tick),
                d.volume_ml,
                d.interval_min.map(|m| format!("{m:.1}")).unwrap_or_default(),
                d.peak_pressure_mmhg.map(|p| format!("{p:.0}")).unwrap_or_default()
            ));
        }
        o.push_str("</table>\n");
    }
    o.push_str("<h2>Every 5 minutes</h2>\n<table><tr><th>Time</th>");
    for i in 0..INTERVAL_SIGNALS.len() {
        o.push_str(&format!("<th>{}</th>", esc(&header_label(i))));
    }
    o.push_str("</tr>\n");
    for row in &r.intervals {
        o.push_str(&format!(
            "<tr><td class=\"n\">{}</td>",
            clock_label(row.tick)
        ));
        for v in &row.values {
            o.push_str(&format!("<td class=\"n\">{}</td>", value(*v)));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</table>\n<h2>Gases, ACT and labs</h2>\n");
    if r.labs.is_empty() {
        o.push_str("<p>No samples sent.</p>\n");
    } else {
        o.push_str(
            "<table><tr><th>Drawn</th><th>Reported</th><th>Test</th><th>Results</th></tr>\n",
        );
        for l in &r.labs {
            let values: Vec<String> = l
                .values
                .iter()
                .map(|(s, v)| lab_value(*s, *v).trim_end().to_string())
                .collect();
            o.push_str(&format!(
                "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>\n",
                clock_label(l.sampled_tick),
                clock_label(l.ready_tick),
                l.lab.label(),
                esc(&values.join(", "))
            ));
        }
        o.push_str("</table>\n");
    }
    o.push_str("<h2>Drugs and fluids</h2>\n");
    if r.doses.is_empty() {
        o.push_str("<p>None given.</p>\n");
    } else {
        o.push_str("<table><tr><th>Time</th><th>Given</th><th>By</th></tr>\n");
        for d in &r.doses {
            o.push_str(&format!(
                "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>\n",
                clock_label(d.tick),
                esc(&d.text),
                d.source.label()
            ));
        }
        o.push_str("</table>\n");
    }
    o.push_str("<h2>Events, circuit changes and incidents</h2>\n<table><tr><th>Time</th><th>Column</th><th>By</th><th>What</th></tr>\n");
    for e in &r.entries {
        o.push_str(&format!(
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>\n",
            clock_label(e.tick),
            e.category.label(),
            e.source.label(),
            esc(&e.text),
            if e.refused {
                " (refused by the console)"
            } else {
                ""
            }
        ));
    }
    o.push_str("</table>\n");
    o
}

/// The chart as Markdown.
pub fn markdown(r: &PerfusionRecord, title: &str) -> String {
    let mut o = format!("# {title}\n\n| | |\n|---|---|\n");
    for (k, v) in facts(r) {
        o.push_str(&format!("| {k} | {} |\n", md_cell(&v)));
    }
    o.push_str("\n## Cardioplegia\n\n| Time | Volume (mL) | Interval (min) | Peak delivery pressure (mmHg) |\n|---|---|---|---|\n");
    for d in &r.cardioplegia {
        o.push_str(&format!(
            "| {} | {:.0} | {} | {} |\n",
            clock_label(d.tick),
            d.volume_ml,
            d.interval_min
                .map(|m| format!("{m:.1}"))
                .unwrap_or_default(),
            d.peak_pressure_mmhg
                .map(|p| format!("{p:.0}"))
                .unwrap_or_default()
        ));
    }
    o.push_str("\n## Every 5 minutes\n\n| Time |");
    for i in 0..INTERVAL_SIGNALS.len() {
        o.push_str(&format!(" {} |", header_label(i)));
    }
    o.push_str("\n|---|");
    o.push_str(&"---|".repeat(INTERVAL_SIGNALS.len()));
    o.push('\n');
    for row in &r.intervals {
        o.push_str(&format!("| {} |", clock_label(row.tick)));
        for v in &row.values {
            o.push_str(&format!(" {} |", value(*v)));
        }
        o.push('\n');
    }
    o.push_str(
        "\n## Gases, ACT and labs\n\n| Drawn | Reported | Test | Results |\n|---|---|---|---|\n",
    );
    for l in &r.labs {
        let values: Vec<String> = l
            .values
            .iter()
            .map(|(s, v)| lab_value(*s, *v).trim_end().to_string())
            .collect();
        o.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            clock_label(l.sampled_tick),
            clock_label(l.ready_tick),
            l.lab.label(),
            md_cell(&values.join(", "))
        ));
    }
    o.push_str("\n## Drugs and fluids\n\n| Time | Given | By |\n|---|---|---|\n");
    for d in &r.doses {
        o.push_str(&format!(
            "| {} | {} | {} |\n",
            clock_label(d.tick),
            md_cell(&d.text),
            d.source.label()
        ));
    }
    o.push_str("\n## Events, circuit changes and incidents\n\n| Time | Column | By | What |\n|---|---|---|---|\n");
    for e in &r.entries {
        o.push_str(&format!(
            "| {} | {} | {} | {}{} |\n",
            clock_label(e.tick),
            e.category.label(),
            e.source.label(),
            md_cell(&e.text),
            if e.refused { " (refused)" } else { "" }
        ));
    }
    o
}

/// The chart's event log as CSV: `t_s,time,column,by,what,refused`.
pub fn entries_csv<W: std::io::Write>(r: &PerfusionRecord, out: W) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["t_s", "time", "column", "by", "what", "refused"])?;
    for e in &r.entries {
        w.write_record([
            format!("{:.1}", crate::time::secs_from_tick(e.tick)),
            clock_label(e.tick),
            e.category.label().into(),
            e.source.label().into(),
            e.text.clone(),
            e.refused.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The chart's 5-minute rows as CSV, one column per signal (named as in the trace).
pub fn intervals_csv<W: std::io::Write>(r: &PerfusionRecord, out: W) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut head = vec!["t_s".to_string()];
    head.extend(INTERVAL_SIGNALS.iter().map(|s| s.column().to_string()));
    w.write_record(&head)?;
    for row in &r.intervals {
        let mut cells = vec![format!("{:.0}", crate::time::secs_from_tick(row.tick))];
        cells.extend(row.values.iter().map(|v| format!("{v:.4}")));
        w.write_record(&cells)?;
    }
    w.flush()?;
    Ok(())
}
