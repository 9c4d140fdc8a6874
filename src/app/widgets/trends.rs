//! Trend plots. History is kept in per-signal point caches that grow by the new 1 Hz
//! samples only; each frame the plots borrow the visible tail of a cache, never copy it.

use egui_plot::{Line, LineStyle, Plot, PlotPoint, PlotPoints, VLine};

use super::timeline_list::{event_color, is_major, is_trend_marker};
use crate::app::TimelineEvent;
use crate::app::theme::Palette;
use perfsim_core::model::{Signal, Snapshot};
use perfsim_core::time::{Tick, secs_from_tick};

/// One trend plot: a title and the signals drawn on it, with a y range it always shows.
#[derive(Clone, Copy, Debug)]
pub struct PlotSpec {
    /// Title above the plot.
    pub title: &'static str,
    /// Signals drawn (at most three).
    pub signals: &'static [Signal],
    /// The y range always included, so small noise does not fill the plot.
    pub y_include: (f64, f64),
    /// Fixed y grid steps (fine, medium, labelled), where powers of ten are too coarse.
    pub y_steps: Option<[f64; 3]>,
}

/// The trend plots, in screen order. Only trainee-visible signals appear here.
pub const PLOTS: [PlotSpec; 8] = [
    PlotSpec {
        title: "MAP / CVP (mmHg)",
        signals: &[Signal::Map, Signal::Cvp],
        y_include: (0.0, 90.0),
        y_steps: Some([10.0, 20.0, 40.0]),
    },
    PlotSpec {
        title: "Pump flow (L/min)",
        signals: &[Signal::PumpFlow],
        y_include: (0.0, 6.0),
        y_steps: None,
    },
    PlotSpec {
        title: "SvO2 / rSO2 L / R (%)",
        signals: &[Signal::Svo2, Signal::Rso2Left, Signal::Rso2Right],
        y_include: (30.0, 90.0),
        y_steps: None,
    },
    PlotSpec {
        title: "Reservoir (mL)",
        signals: &[Signal::Reservoir],
        y_include: (0.0, 2000.0),
        y_steps: None,
    },
    PlotSpec {
        title: "Pre-oxy P / ΔP (mmHg)",
        // The pre-oxygenator pressure is the arterial line pressure on bypass and P2 on ECMO.
        signals: &[Signal::PreOxy, Signal::OxyDp],
        y_include: (0.0, 300.0),
        y_steps: None,
    },
    PlotSpec {
        title: "Inline PO2 (mmHg)",
        signals: &[Signal::PostOxyPo2],
        y_include: (0.0, 400.0),
        y_steps: None,
    },
    PlotSpec {
        title: "Inline PCO2 (mmHg)",
        signals: &[Signal::PostOxyPco2],
        y_include: (20.0, 60.0),
        y_steps: None,
    },
    PlotSpec {
        title: "Temp art / ven / NP (°C)",
        signals: &[Signal::TempArterial, Signal::TempVenous, Signal::TempCore],
        y_include: (30.0, 38.0),
        y_steps: Some([0.5, 1.0, 2.0]),
    },
];

/// The trend plots on ECMO, in screen order: there is no reservoir, and what the
/// specialist watches is the circuit's flow, speed, pressures and the saturations
/// (right hand and femoral on VA; their columns are empty on VV, so no line).
pub const ECMO_PLOTS: [PlotSpec; 8] = [
    PLOTS[0],
    PlotSpec {
        title: "ECMO / effective flow (L/min)",
        signals: &[Signal::EcmoFlow, Signal::EffectiveFlow],
        y_include: (0.0, 6.0),
        y_steps: None,
    },
    PlotSpec {
        title: "Pump speed (rpm)",
        signals: &[Signal::PumpRpm],
        y_include: (0.0, 4000.0),
        y_steps: None,
    },
    PlotSpec {
        title: "Drainage P1 / oxy ΔP (mmHg)",
        signals: &[Signal::PDrainage, Signal::OxyDp],
        y_include: (-120.0, 60.0),
        y_steps: None,
    },
    PlotSpec {
        title: "SaO2 / right hand / femoral (%)",
        signals: &[Signal::Sao2, Signal::Sao2RightRadial, Signal::Sao2Femoral],
        y_include: (70.0, 100.0),
        y_steps: None,
    },
    PlotSpec {
        title: "Pre / post-oxy SO2 (%)",
        signals: &[Signal::PreOxySo2, Signal::PostOxySo2],
        y_include: (50.0, 100.0),
        y_steps: None,
    },
    PLOTS[5],
    PLOTS[7],
];

/// The plots for a trace: ECMO's when it carries an ECMO flow and no reservoir (the
/// columns a circuit lacks are empty), bypass's otherwise.
pub fn plots_for(trace: &[Snapshot]) -> &'static [PlotSpec; 8] {
    match trace.first() {
        Some(s) if !s.value(Signal::EcmoFlow).is_nan() && s.value(Signal::Reservoir).is_nan() => {
            &ECMO_PLOTS
        }
        _ => &PLOTS,
    }
}

/// Shortest plot (points, axes included) worth drawing in two columns; below it the
/// plots go four abreast so the bottom row is never cut off.
const MIN_TWO_COLUMN_PLOT_H: f32 = 95.0;

/// How many plots go abreast in `width` × `height`: four when wide, or when two columns
/// would leave each plot too short to read (a 1280×720 or 1366×768 window).
pub fn trend_columns(width: f32, height: f32, title_h: f32) -> usize {
    let rows_of_two = PLOTS.len().div_ceil(2) as f32;
    let two_col_h = height / rows_of_two - title_h;
    if width > 900.0 || (two_col_h < MIN_TWO_COLUMN_PLOT_H && width >= 560.0) {
        4
    } else {
        2
    }
}

/// A time axis tick: whole minutes, without a unit (the axis label carries it).
pub fn x_tick_label(minutes: f64) -> String {
    format!("{minutes:.0}")
}

/// The y axis's label: the unit in the plot's title ("mmHg" for "MAP / CVP (mmHg)").
pub fn y_axis_label(spec: &PlotSpec) -> &'static str {
    let title = spec.title;
    match (title.rfind('('), title.rfind(')')) {
        (Some(open), Some(close)) if open < close => &title[open + 1..close],
        _ => "",
    }
}

/// Every sample becomes a fine point; every `COARSE_EVERY`-th also a coarse point, which
/// long windows draw (a 60-minute plot is a few hundred pixels wide).
const COARSE_EVERY: usize = 4;

/// Windows longer than this many seconds draw the coarse cache.
const COARSE_ABOVE_SECS: u64 = 900;

/// Point caches for every trended signal, in minutes on x.
#[derive(Clone, Debug, Default)]
pub struct TrendCache {
    /// Per plot, per signal: every sample.
    fine: Vec<Vec<Vec<PlotPoint>>>,
    /// Per plot, per signal: every `COARSE_EVERY`-th sample.
    coarse: Vec<Vec<Vec<PlotPoint>>>,
    /// How many trace samples have been read.
    seen: usize,
    /// The plots this cache feeds, chosen by the circuit on the first sample.
    plots: Option<&'static [PlotSpec; 8]>,
}

impl TrendCache {
    /// Appends the samples of `trace` not seen yet. `trace` must be the same growing
    /// history each call (a session's [`perfsim_core::session::Session::trace`]).
    pub fn update(&mut self, trace: &[Snapshot]) {
        if self.fine.is_empty() {
            if trace.is_empty() {
                return;
            }
            let plots = plots_for(trace);
            self.plots = Some(plots);
            self.fine = plots
                .iter()
                .map(|p| vec![Vec::new(); p.signals.len()])
                .collect();
            self.coarse = self.fine.clone();
        }
        let Some(new) = trace.get(self.seen..) else {
            return;
        };
        for (offset, snap) in new.iter().enumerate() {
            let index = self.seen + offset;
            let x = secs_from_tick(snap.tick) / 60.0;
            for (p, spec) in self.plots().iter().enumerate() {
                for (s, signal) in spec.signals.iter().enumerate() {
                    let value = snap.value(*signal);
                    // A value the circuit does not have (the reservoir on ECMO) is no point.
                    if value.is_nan() {
                        continue;
                    }
                    let point = PlotPoint::new(x, value);
                    self.fine[p][s].push(point);
                    if index.is_multiple_of(COARSE_EVERY) {
                        self.coarse[p][s].push(point);
                    }
                }
            }
        }
        self.seen = trace.len();
    }

    /// The plots drawn from this cache (bypass's until a sample has been read).
    pub fn plots(&self) -> &'static [PlotSpec; 8] {
        self.plots.unwrap_or(&PLOTS)
    }

    /// Samples read so far.
    pub fn len(&self) -> usize {
        self.seen
    }

    /// Whether nothing has been read yet.
    pub fn is_empty(&self) -> bool {
        self.seen == 0
    }

    /// The points of one series from `from_min` on, borrowed.
    fn tail(&self, plot: usize, series: usize, from_min: f64, coarse: bool) -> &[PlotPoint] {
        let cache = if coarse { &self.coarse } else { &self.fine };
        let Some(points) = cache.get(plot).and_then(|p| p.get(series)) else {
            return &[];
        };
        let start = points.partition_point(|p| p.x < from_min);
        &points[start..]
    }
}

/// What part of the history to draw.
#[derive(Clone, Copy, Debug)]
pub struct TrendView {
    /// Minutes at the right edge (now, or the end of the run).
    pub now_min: f64,
    /// Window in seconds, or `None` for the whole run.
    pub window_secs: Option<u64>,
    /// The moment the record browser shows, drawn as a solid line.
    pub cursor: Option<Tick>,
}

/// Draws the trend plots in a grid filling the available space, with a vertical line for
/// each fault, alarm and action in `events` (see [`is_trend_marker`]).
pub fn trends_ui(
    ui: &mut egui::Ui,
    id_salt: &str,
    cache: &TrendCache,
    view: TrendView,
    events: &[TimelineEvent],
    palette: &Palette,
) {
    let (from_min, to_min) = match view.window_secs {
        Some(w) => {
            let w_min = w as f64 / 60.0;
            ((view.now_min - w_min).max(0.0), view.now_min.max(w_min))
        }
        None => (0.0, view.now_min.max(1.0)),
    };
    let coarse = view.window_secs.is_none_or(|w| w > COARSE_ABOVE_SECS);
    // Grid steps in minutes (fine, medium, labelled) to suit the window.
    let span_min = to_min - from_min;
    let x_steps: [f64; 3] = if span_min <= 6.0 {
        [0.5, 1.0, 5.0]
    } else if span_min <= 16.0 {
        [1.0, 5.0, 15.0]
    } else if span_min <= 61.0 {
        [5.0, 10.0, 30.0]
    } else {
        [10.0, 30.0, 60.0]
    };
    let spacing = ui.spacing().item_spacing;
    let title_h = ui.text_style_height(&egui::TextStyle::Small) + spacing.y;
    let cols = trend_columns(ui.available_width(), ui.available_height(), title_h);
    let rows = PLOTS.len().div_ceil(cols);
    let cell_w =
        ((ui.available_width() - spacing.x * (cols as f32 - 1.0)) / cols as f32).max(120.0);
    let cell_h = ((ui.available_height() - spacing.y * (rows as f32 - 1.0)) / rows as f32
        - title_h)
        .max(70.0);

    egui::Grid::new((id_salt, "grid"))
        .num_columns(cols)
        .spacing(spacing)
        .show(ui, |ui| {
            for (p, spec) in cache.plots().iter().enumerate() {
                ui.vertical(|ui| {
                    ui.set_width(cell_w);
                    ui.label(egui::RichText::new(spec.title).small());
                    let mut plot = Plot::new((id_salt, p));
                    if let Some(steps) = spec.y_steps {
                        plot = plot.y_grid_spacer(egui_plot::uniform_grid_spacer(move |_| steps));
                    }
                    plot.width(cell_w)
                        .height(cell_h)
                        .allow_drag(false)
                        .allow_zoom(false)
                        .allow_scroll(false)
                        .allow_boxed_zoom(false)
                        .allow_double_click_reset(false)
                        .show_x(true)
                        .show_y(true)
                        .include_x(from_min)
                        .include_x(to_min)
                        .include_y(spec.y_include.0)
                        .include_y(spec.y_include.1)
                        .set_margin_fraction(egui::vec2(0.0, 0.05))
                        .y_axis_min_width(28.0)
                        .x_grid_spacer(egui_plot::uniform_grid_spacer(move |_| x_steps))
                        .custom_y_axes(vec![
                            egui_plot::AxisHints::new_y().label(y_axis_label(spec)),
                        ])
                        .custom_x_axes(vec![
                            egui_plot::AxisHints::new_x()
                                .label("min")
                                // Wide enough that "25" never runs into "30" in a narrow cell.
                                .label_spacing(40.0..=70.0)
                                // Plain numbers: the axis label says "min" once.
                                .formatter(|mark, _| x_tick_label(mark.value)),
                        ])
                        .show(ui, |plot_ui| {
                            for e in events {
                                let t_min = secs_from_tick(e.tick) / 60.0;
                                if t_min < from_min || !is_trend_marker(e.kind) {
                                    continue;
                                }
                                let major = is_major(e.kind);
                                plot_ui.vline(
                                    VLine::new(e.text.as_str(), t_min)
                                        .color(event_color(e.kind, palette))
                                        .style(if major {
                                            LineStyle::Solid
                                        } else {
                                            LineStyle::dashed_dense()
                                        })
                                        .width(if major { 2.0 } else { 1.0 }),
                                );
                            }
                            if let Some(cursor) = view.cursor {
                                plot_ui.vline(
                                    VLine::new("cursor", secs_from_tick(cursor) / 60.0)
                                        .color(palette.marker_cursor)
                                        .style(LineStyle::Solid)
                                        .width(2.0),
                                );
                            }
                            for (s, signal) in spec.signals.iter().enumerate() {
                                let points = cache.tail(p, s, from_min, coarse);
                                plot_ui.line(
                                    Line::new(signal.label(), PlotPoints::Borrowed(points))
                                        .color(palette.series[s % palette.series.len()])
                                        .width(1.5),
                                );
                            }
                        });
                });
                if (p + 1) % cols == 0 {
                    ui.end_row();
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(t_s: u64, map: f64) -> Snapshot {
        Snapshot {
            tick: t_s * perfsim_core::time::TICKS_PER_SEC,
            map_mmhg: map,
            ..Snapshot::default()
        }
    }

    #[test]
    fn every_plot_names_its_y_unit() {
        for spec in PLOTS.iter().chain(&ECMO_PLOTS) {
            assert!(
                !y_axis_label(spec).is_empty(),
                "{} has no y unit",
                spec.title
            );
        }
        assert_eq!(y_axis_label(&PLOTS[0]), "mmHg");
        // The x axis says "min" once, in its label; its ticks are bare numbers.
        assert_eq!(x_tick_label(25.0), "25");
    }

    #[test]
    fn an_ecmo_trace_fills_the_ecmo_plots() {
        let ecmo = Snapshot {
            ecmo_flow_l_min: 4.0,
            reservoir_ml: f64::NAN,
            ..snap(0, 70.0)
        };
        let mut cache = TrendCache::default();
        cache.update(&[ecmo]);
        assert_eq!(cache.plots()[1].title, ECMO_PLOTS[1].title);
        assert_eq!(cache.tail(1, 0, 0.0, false).first().map(|p| p.y), Some(4.0));
        let mut cpb = TrendCache::default();
        cpb.update(&[snap(0, 70.0)]);
        assert_eq!(cpb.plots()[3].title, "Reservoir (mL)");
    }

    #[test]
    fn cache_appends_only_new_samples_and_borrows_the_tail() {
        let mut trace: Vec<Snapshot> = (0..120).map(|t| snap(t, 60.0 + t as f64)).collect();
        let mut cache = TrendCache::default();
        cache.update(&trace);
        assert_eq!(cache.len(), 120);
        trace.push(snap(120, 1.0));
        cache.update(&trace);
        cache.update(&trace);
        assert_eq!(cache.fine[0][0].len(), 121);
        assert_eq!(cache.coarse[0][0].len(), 31);
        // Last minute: samples at 60..=120 s.
        let tail = cache.tail(0, 0, 1.0, false);
        assert_eq!(tail.len(), 61);
        assert_eq!(tail.last().map(|p| p.y), Some(1.0));
    }
}
