//! The trainee's own chart: a scenario may ask the trainee to complete parts of the
//! perfusion record themselves (`perfusion_chart: (complete: [...])`); what they write
//! is scored against the truth of the run's [`PerfusionRecord`] with stated tolerances.
//!
//! The entries are kept as the text the trainee typed (so a record replays exactly what
//! they wrote), and read here: times as `mm:ss` (or `h:mm:ss`), values as decimals.

use serde::{Deserialize, Serialize};

use crate::model::snapshot::Signal;
use crate::programme::perfusion::{INTERVAL_SIGNALS, PerfusionRecord};
use crate::time::{TICKS_PER_SEC, Tick, clock_label};

/// Times are right within one minute.
pub const TIME_TOLERANCE_S: u64 = 60;
/// Pump flow is right within 0.2 L/min.
pub const FLOW_TOLERANCE_L_PER_MIN: f64 = 0.2;
/// Temperatures are right within 0.5 °C.
pub const TEMP_TOLERANCE_C: f64 = 0.5;
/// Mean arterial pressure is right within 5 mmHg.
pub const MAP_TOLERANCE_MMHG: f64 = 5.0;

/// A part of the perfusion record the trainee completes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChartItem {
    /// When arterial flow first started (on bypass).
    OnBypass,
    /// When arterial flow last stopped (off bypass); blank if still on at the end.
    OffBypass,
    /// When the aortic cross-clamp first went on; blank if it never did.
    CrossClampOn,
    /// When it first came off; blank if it never did.
    CrossClampOff,
    /// The time of every cardioplegia dose (one field, times separated by commas).
    CardioplegiaDoses,
    /// Pump flow (L/min) at every 5-minute row.
    FlowEvery5Min,
    /// Arterial blood temperature (°C) at every 5-minute row.
    ArterialTempEvery5Min,
    /// Mean arterial pressure (mmHg) at every 5-minute row.
    MapEvery5Min,
}

impl ChartItem {
    /// The item's name on the form.
    pub fn label(self) -> &'static str {
        match self {
            ChartItem::OnBypass => "On bypass",
            ChartItem::OffBypass => "Off bypass",
            ChartItem::CrossClampOn => "Cross-clamp on",
            ChartItem::CrossClampOff => "Cross-clamp off",
            ChartItem::CardioplegiaDoses => "Cardioplegia doses",
            ChartItem::FlowEvery5Min => "Pump flow (L/min)",
            ChartItem::ArterialTempEvery5Min => "Arterial temperature (°C)",
            ChartItem::MapEvery5Min => "MAP (mmHg)",
        }
    }

    /// The signal and tolerance of a 5-minute item; `None` for a time item.
    fn interval(self) -> Option<(Signal, f64)> {
        match self {
            ChartItem::FlowEvery5Min => Some((Signal::PumpFlow, FLOW_TOLERANCE_L_PER_MIN)),
            ChartItem::ArterialTempEvery5Min => Some((Signal::TempArterial, TEMP_TOLERANCE_C)),
            ChartItem::MapEvery5Min => Some((Signal::Map, MAP_TOLERANCE_MMHG)),
            _ => None,
        }
    }

    /// The tolerance in words.
    pub fn tolerance(self) -> String {
        match self.interval() {
            Some((s, tol)) => format!("±{tol} {}", s.unit()),
            None => format!("±{} min", TIME_TOLERANCE_S / 60),
        }
    }
}

/// The scenario's request: which parts of the perfusion record the trainee completes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartRequest {
    /// The items, in the order the form shows them.
    pub complete: Vec<ChartItem>,
}

impl ChartRequest {
    /// At least one item, none twice: what a scenario file's `perfusion_chart` must say.
    pub fn check(&self) -> Result<(), String> {
        if self.complete.is_empty() {
            return Err("perfusion_chart: expected at least one item in complete: [...]".into());
        }
        for (i, item) in self.complete.iter().enumerate() {
            if self.complete[..i].contains(item) {
                return Err(format!(
                    "perfusion_chart: {item:?} is listed twice; expected each item once"
                ));
            }
        }
        Ok(())
    }
}

/// One field of the form: an item, and for a 5-minute item the row's index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartField {
    /// Which item.
    pub item: ChartItem,
    /// The 5-minute row (0 for the other items).
    pub row: usize,
}

impl ChartField {
    /// The field's label on the form ("Pump flow (L/min) at 05:00").
    pub fn label(&self) -> String {
        match self.item.interval() {
            Some(_) => format!(
                "{} at {}",
                self.item.label(),
                clock_label(
                    self.row as Tick * crate::programme::perfusion::INTERVAL_S * TICKS_PER_SEC
                )
            ),
            None => self.item.label().to_string(),
        }
    }
}

/// What the trainee wrote in one field, as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraineeEntry {
    /// The field.
    pub field: ChartField,
    /// The text typed (times `mm:ss`, values as decimals; blank for "none").
    pub text: String,
}

/// Every field of the form for `request` over a run charted as `truth`: 5-minute items
/// get one field per row of the chart (their times are not secret); the others one each.
pub fn fields(truth: &PerfusionRecord, request: &ChartRequest) -> Vec<ChartField> {
    let mut out = Vec::new();
    for &item in &request.complete {
        if item.interval().is_some() {
            out.extend((0..truth.intervals.len()).map(|row| ChartField { item, row }));
        } else {
            out.push(ChartField { item, row: 0 });
        }
    }
    out
}

/// One scored line: the field, what was written, the truth, and whether it is within
/// the tolerance.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLine {
    /// What the line is about ("Cardioplegia dose 2", "MAP (mmHg) at 10:00").
    pub label: String,
    /// What the trainee wrote ("(blank)" when nothing).
    pub entered: String,
    /// The truth from the run.
    pub truth: String,
    /// The tolerance in words.
    pub tolerance: String,
    /// Within the tolerance.
    pub correct: bool,
}

/// The trainee's chart scored against the truth.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartScore {
    /// Every line, in the form's order.
    pub lines: Vec<ChartLine>,
}

impl ChartScore {
    /// Lines within their tolerance.
    pub fn correct(&self) -> usize {
        self.lines.iter().filter(|l| l.correct).count()
    }

    /// Lines scored.
    pub fn total(&self) -> usize {
        self.lines.len()
    }

    /// One sentence: "7 of 9 chart entries within tolerance".
    pub fn summary(&self) -> String {
        format!(
            "{} of {} chart entries within tolerance",
            self.correct(),
            self.total()
        )
    }
}

/// Reads a time typed as `mm:ss` or `h:mm:ss` (seconds below 60) into ticks.
pub fn parse_time(text: &str) -> Option<Tick> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let nums: Option<Vec<u64>> = parts
        .iter()
        .map(|p| {
            let p = p.trim();
            (!p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let secs = match nums?.as_slice() {
        [m, s] if *s < 60 => m * 60 + s,
        [h, m, s] if *s < 60 && *m < 60 => h * 3600 + m * 60 + s,
        _ => return None,
    };
    Some(secs * TICKS_PER_SEC)
}

fn is_blank(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t == "-" || t.eq_ignore_ascii_case("none")
}

fn shown(text: &str) -> String {
    if text.trim().is_empty() {
        "(blank)".into()
    } else {
        text.trim().to_string()
    }
}

/// A time entry against a truth that may be absent (then blank is right).
fn time_line(label: String, text: &str, truth: Option<Tick>) -> ChartLine {
    let tol = TIME_TOLERANCE_S * TICKS_PER_SEC;
    let correct = match (truth, is_blank(text)) {
        (None, blank) => blank,
        (Some(_), true) => false,
        (Some(t), false) => parse_time(text).is_some_and(|e| e.abs_diff(t) <= tol),
    };
    ChartLine {
        label,
        entered: shown(text),
        truth: truth.map(clock_label).unwrap_or_else(|| "none".into()),
        tolerance: ChartItem::OnBypass.tolerance(),
        correct,
    }
}

/// Scores the trainee's `entries` against `truth` for `request`: every time within one
/// minute, flows within 0.2 L/min, temperatures within 0.5 °C, MAP within 5 mmHg. A field
/// left out counts as blank; blank is right only where the truth is "none". Each
/// cardioplegia dose is matched to at most one typed time; extra typed times are wrong.
pub fn score_chart(
    truth: &PerfusionRecord,
    request: &ChartRequest,
    entries: &[TraineeEntry],
) -> ChartScore {
    let text_of = |field: &ChartField| {
        entries
            .iter()
            .rev()
            .find(|e| e.field == *field)
            .map(|e| e.text.as_str())
            .unwrap_or("")
    };
    let mut lines = Vec::new();
    for field in fields(truth, request) {
        let text = text_of(&field);
        let first_on = |ps: &[crate::programme::perfusion::Period]| ps.first().map(|p| p.on);
        match field.item {
            ChartItem::OnBypass => {
                lines.push(time_line(
                    field.label(),
                    text,
                    first_on(&truth.flow_periods),
                ));
            }
            ChartItem::OffBypass => {
                let off = truth.flow_periods.last().and_then(|p| p.off);
                lines.push(time_line(field.label(), text, off));
            }
            ChartItem::CrossClampOn => {
                lines.push(time_line(field.label(), text, first_on(&truth.cross_clamp)));
            }
            ChartItem::CrossClampOff => {
                let off = truth.cross_clamp.first().and_then(|p| p.off);
                lines.push(time_line(field.label(), text, off));
            }
            ChartItem::CardioplegiaDoses => doses(&mut lines, truth, text),
            ChartItem::FlowEvery5Min
            | ChartItem::ArterialTempEvery5Min
            | ChartItem::MapEvery5Min => {
                let Some((signal, tol)) = field.item.interval() else {
                    continue;
                };
                let col = INTERVAL_SIGNALS.iter().position(|s| *s == signal);
                let value = truth
                    .intervals
                    .get(field.row)
                    .and_then(|r| col.and_then(|c| r.values.get(c)))
                    .copied();
                let entered: Option<f64> = text.trim().parse().ok().filter(|v: &f64| v.is_finite());
                let correct = match (value, entered) {
                    (Some(v), Some(e)) => (e - v).abs() <= tol + 1e-9,
                    _ => false,
                };
                lines.push(ChartLine {
                    label: field.label(),
                    entered: shown(text),
                    truth: value.map(|v| format!("{v:.1}")).unwrap_or_default(),
                    tolerance: field.item.tolerance(),
                    correct,
                });
            }
        }
    }
    ChartScore { lines }
}

/// Cardioplegia: each true dose matched to the nearest unused typed time.
fn doses(lines: &mut Vec<ChartLine>, truth: &PerfusionRecord, text: &str) {
    let tol = TIME_TOLERANCE_S * TICKS_PER_SEC;
    let typed: Vec<&str> = text.split(',').filter(|t| !t.trim().is_empty()).collect();
    let times: Vec<Option<Tick>> = typed.iter().map(|t| parse_time(t)).collect();
    let mut used = vec![false; typed.len()];
    let tolerance = ChartItem::CardioplegiaDoses.tolerance();
    if truth.cardioplegia.is_empty() && typed.is_empty() {
        lines.push(ChartLine {
            label: "Cardioplegia doses".into(),
            entered: "(blank)".into(),
            truth: "none".into(),
            tolerance,
            correct: true,
        });
        return;
    }
    for (i, dose) in truth.cardioplegia.iter().enumerate() {
        let best = times
            .iter()
            .enumerate()
            .filter(|(j, t)| !used[*j] && t.is_some_and(|t| t.abs_diff(dose.tick) <= tol))
            .min_by_key(|(_, t)| t.map(|t| t.abs_diff(dose.tick)))
            .map(|(j, _)| j);
        if let Some(j) = best {
            used[j] = true;
        }
        lines.push(ChartLine {
            label: format!("Cardioplegia dose {}", i + 1),
            entered: best
                .map(|j| typed[j].trim().to_string())
                .unwrap_or_else(|| "(not charted)".into()),
            truth: clock_label(dose.tick),
            tolerance: tolerance.clone(),
            correct: best.is_some(),
        });
    }
    for (j, t) in typed.iter().enumerate() {
        if !used[j] {
            lines.push(ChartLine {
                label: "Cardioplegia dose (extra)".into(),
                entered: t.trim().to_string(),
                truth: "no dose then".into(),
                tolerance: tolerance.clone(),
                correct: false,
            });
        }
    }
}

/// The trainee's chart of a reviewed record, scored against `truth` (its chart from the
/// same review): the last chart written into the record, when its scenario asks for one.
pub fn of_review(review: &crate::review::Review, truth: &PerfusionRecord) -> Option<ChartScore> {
    let request = review.end.scenario().perfusion_chart.as_ref()?;
    let entries = review
        .record
        .as_ref()?
        .recovered
        .entries()
        .filter_map(|e| match e {
            crate::record::Entry::TraineeChart { entries, .. } => Some(entries),
            _ => None,
        })
        .last()?;
    Some(score_chart(truth, request, entries))
}

/// Heading of the trainee's chart in printed reports.
pub const HEADING: &str = "The trainee's chart beside the truth";

/// The trainee's chart as an HTML section.
pub fn html(score: &ChartScore) -> String {
    use crate::programme::html::esc;
    let mut o = format!(
        "<h2>{HEADING}</h2>\n<p>{}</p>\n<table><tr><th>Entry</th><th>Trainee wrote</th><th>Truth</th><th>Tolerance</th><th></th></tr>\n",
        esc(&score.summary())
    );
    for l in &score.lines {
        o.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&l.label),
            esc(&l.entered),
            esc(&l.truth),
            esc(&l.tolerance),
            if l.correct { "within" } else { "<b>OUTSIDE</b>" }
        ));
    }
    o.push_str("</table>\n");
    o
}

/// The trainee's chart as a Markdown section.
pub fn markdown(score: &ChartScore) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut o = format!(
        "\n## {HEADING}\n\n{}\n\n| Entry | Trainee wrote | Truth | Tolerance | |\n|---|---|---|---|---|\n",
        score.summary()
    );
    for l in &score.lines {
        o.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&l.label),
            cell(&l.entered),
            cell(&l.truth),
            cell(&l.tolerance),
            if l.correct { "within" } else { "**OUTSIDE**" }
        ));
    }
    o
}

/// The trainee's chart as CSV: one row per entry, beside the truth (the perfusion
/// record's CSV export writes it next to the chart's own files).
pub fn csv<W: std::io::Write>(score: &ChartScore, out: W) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["entry", "trainee_wrote", "truth", "tolerance", "within"])?;
    for l in &score.lines {
        w.write_record([
            l.label.as_str(),
            l.entered.as_str(),
            l.truth.as_str(),
            l.tolerance.as_str(),
            if l.correct { "yes" } else { "no" },
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
#[path = "trainee_chart_tests.rs"]
mod tests;
