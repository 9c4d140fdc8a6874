//! The run's trend plots for the printed debrief: flow, MAP, SvO2 and rSO2,
//! temperatures and reservoir level over the run, with fault onset, first cue, alarms
//! and the candidate's actions marked. SVG text, self-contained.

use super::svg::{self, Marker, Series, colour};
use crate::model::snapshot::{Signal, Snapshot};
use crate::review::{EventKind, TimelineEvent};
use crate::time::{TICKS_PER_SEC, Tick};

/// One plot: a title and the signals it draws.
struct Plot {
    title: &'static str,
    signals: &'static [Signal],
    /// A fixed y range, or `None` to fit the data.
    y_range: Option<(f64, f64)>,
    /// The smallest y span drawn when fitting (so noise is not magnified).
    min_span: f64,
}

const PLOTS: [Plot; 5] = [
    Plot {
        title: "Pump flow (L/min)",
        signals: &[Signal::PumpFlow],
        y_range: Some((0.0, 7.0)),
        min_span: 0.0,
    },
    Plot {
        title: "Pressures (mmHg): MAP and CVP",
        signals: &[Signal::Map, Signal::Cvp],
        y_range: None,
        min_span: 40.0,
    },
    Plot {
        title: "Oxygenation (%): SvO2, rSO2 left and right",
        signals: &[Signal::Svo2, Signal::Rso2Left, Signal::Rso2Right],
        y_range: Some((0.0, 100.0)),
        min_span: 0.0,
    },
    Plot {
        title: "Temperatures (°C): arterial outlet, nasopharyngeal, bladder",
        signals: &[Signal::TempArterial, Signal::TempCore, Signal::TempBladder],
        y_range: None,
        min_span: 4.0,
    },
    Plot {
        title: "Reservoir level (mL)",
        signals: &[Signal::Reservoir],
        y_range: None,
        min_span: 400.0,
    },
];

/// Most points drawn per line (the trace is thinned evenly beyond this).
const MAX_POINTS: usize = 600;

/// The markers for a timeline: faults (red), first cue (orange), never-events (purple),
/// the candidate's actions (blue), and alarms (grey) when there are not too many.
pub fn markers(timeline: &[TimelineEvent]) -> Vec<Marker> {
    let alarms = timeline
        .iter()
        .filter(|e| e.kind == EventKind::Alarm)
        .count();
    timeline
        .iter()
        .filter_map(|e| {
            let colour = match e.kind {
                EventKind::Fault => colour::RED,
                EventKind::FirstCue => colour::ORANGE,
                EventKind::NeverEvent => colour::PURPLE,
                EventKind::Action => colour::BLUE,
                EventKind::Alarm if alarms <= 20 => colour::MUTED,
                _ => return None,
            };
            Some(Marker {
                x: minutes(e.tick),
                label: e.text.clone(),
                colour,
            })
        })
        .collect()
}

fn minutes(t: Tick) -> f64 {
    t as f64 / (60 * TICKS_PER_SEC) as f64
}

/// The trend plots of a run as SVG figures (one string each), over `trace` with the
/// `timeline`'s events marked.
pub fn plots(trace: &[Snapshot], timeline: &[TimelineEvent]) -> Vec<String> {
    let Some(last) = trace.last() else {
        return Vec::new();
    };
    let step = trace.len().div_ceil(MAX_POINTS).max(1);
    let marks = markers(timeline);
    let x_range = (0.0, minutes(last.tick).max(1.0));
    PLOTS
        .iter()
        .map(|p| {
            let series: Vec<Series> = p
                .signals
                .iter()
                .enumerate()
                .map(|(i, sig)| Series {
                    label: sig.label().to_string(),
                    colour: colour::SERIES[i % colour::SERIES.len()],
                    points: trace
                        .iter()
                        .step_by(step)
                        .chain(std::iter::once(last))
                        .map(|s| (minutes(s.tick), s.value(*sig)))
                        .collect(),
                })
                .collect();
            let y_range = p.y_range.unwrap_or_else(|| {
                let (lo, hi) =
                    svg::range_of(series.iter().flat_map(|s| s.points.iter().map(|p| p.1)));
                let grow = (p.min_span - (hi - lo)).max(0.0) / 2.0;
                (lo - grow, hi + grow)
            });
            svg::line_chart(
                p.title,
                &series,
                &marks,
                x_range,
                y_range,
                "minutes from the start of the run",
                &|x| format!("{x:.0}"),
                150.0,
            )
        })
        .collect()
}

/// The plots as an HTML section with a key to the markers.
pub fn html_section(trace: &[Snapshot], timeline: &[TimelineEvent]) -> String {
    let mut o = String::from(
        "<h2>Trends</h2>\n<p class=\"muted\">Markers: <span style=\"color:#c0392b\">fault onset</span>, <span style=\"color:#d17a00\">first cue</span>, <span style=\"color:#1f5fa8\">your actions</span>, <span style=\"color:#777777\">alarms</span>, <span style=\"color:#6a3d9a\">never-events</span>. Hover a marker for its text.</p>\n",
    );
    for p in plots(trace, timeline) {
        o.push_str(&format!("<figure>{p}</figure>\n"));
    }
    o
}
