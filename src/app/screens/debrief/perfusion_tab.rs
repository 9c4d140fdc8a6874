//! The perfusion record tab of the debrief and the record browser: the perfusionist's
//! chart (bypass and cross-clamp times, cardioplegia, 5-minute values, labs, drugs and
//! fluids, and every event in order), drawn from the core's [`PerfusionRecord`].

use egui::RichText;

use crate::app::theme::Palette;
use perfsim_core::programme::perfusion::{INTERVAL_SIGNALS, PerfusionRecord};
use perfsim_core::programme::perfusion_render::facts;
use perfsim_core::time::clock_label;

/// Label of the report tab.
pub const REPORT_TAB: &str = "Report";
/// Label of the ratings tab.
pub const RATINGS_TAB: &str = "Ratings";
/// Label of the perfusion record tab.
pub const PERFUSION_TAB: &str = "Perfusion record";
/// Heading of the chart's event log (tests look for it).
pub const EVENTS_HEADING: &str = "Events, circuit changes and incidents";

/// Which tab of a debrief's side panel is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SideTab {
    /// The outcome, the score and the teaching points.
    #[default]
    Report,
    /// The perfusion record.
    Perfusion,
    /// The raters' form and panel (record browser only).
    Ratings,
}

/// The tab bar (with a Ratings tab when `with_ratings`); the choice is kept in egui's
/// memory under `id` (view state, not model).
pub fn side_tabs_ui(ui: &mut egui::Ui, id: egui::Id, with_ratings: bool) -> SideTab {
    let mut tab: SideTab = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    ui.horizontal(|ui| {
        ui.selectable_value(&mut tab, SideTab::Report, REPORT_TAB);
        ui.selectable_value(&mut tab, SideTab::Perfusion, PERFUSION_TAB);
        if with_ratings {
            ui.selectable_value(&mut tab, SideTab::Ratings, RATINGS_TAB);
        }
    });
    ui.data_mut(|d| d.insert_temp(id, tab));
    tab
}

fn value(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Draws the chart.
pub fn perfusion_record_ui(ui: &mut egui::Ui, chart: &PerfusionRecord, palette: &Palette) {
    egui::Grid::new("perfusion_facts")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (k, v) in facts(chart) {
                ui.label(RichText::new(k).strong());
                ui.add(egui::Label::new(v).wrap());
                ui.end_row();
            }
        });
    ui.add_space(4.0);
    ui.label(RichText::new("Cardioplegia").strong());
    if chart.cardioplegia.is_empty() {
        ui.label(RichText::new("none given").weak());
    }
    for d in &chart.cardioplegia {
        ui.monospace(format!(
            "{}  {:.0} mL{}{}",
            clock_label(d.tick),
            d.volume_ml,
            d.interval_min
                .map(|m| format!("  ({m:.1} min since the last)"))
                .unwrap_or_default(),
            d.peak_pressure_mmhg
                .map(|p| format!("  peak {p:.0} mmHg"))
                .unwrap_or_default()
        ));
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Every 5 minutes").strong());
    egui::ScrollArea::horizontal()
        .id_salt("perfusion_intervals")
        .show(ui, |ui| {
            egui::Grid::new("perfusion_intervals_grid")
                .striped(true)
                .show(ui, |ui| {
                    ui.label(RichText::new("Time").strong());
                    for s in INTERVAL_SIGNALS {
                        ui.label(RichText::new(s.label()).strong())
                            .on_hover_text(s.unit());
                    }
                    ui.end_row();
                    for row in &chart.intervals {
                        ui.monospace(clock_label(row.tick));
                        for v in &row.values {
                            ui.monospace(value(*v));
                        }
                        ui.end_row();
                    }
                });
        });
    ui.add_space(4.0);
    ui.label(RichText::new("Gases, ACT and labs").strong());
    if chart.labs.is_empty() {
        ui.label(RichText::new("no samples sent").weak());
    }
    for l in &chart.labs {
        let values: Vec<String> = l
            .values
            .iter()
            .map(|(s, v)| perfsim_core::programme::perfusion_render::lab_value(*s, *v))
            .collect();
        ui.add(
            egui::Label::new(format!(
                "{} {} (reported {}): {}",
                clock_label(l.sampled_tick),
                l.lab.label(),
                clock_label(l.ready_tick),
                values.join(", ")
            ))
            .wrap(),
        );
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Drugs and fluids").strong());
    if chart.doses.is_empty() {
        ui.label(RichText::new("none given").weak());
    }
    for d in &chart.doses {
        ui.label(format!("{}  {}", clock_label(d.tick), d.text));
    }
    ui.add_space(4.0);
    ui.label(RichText::new(EVENTS_HEADING).strong());
    egui::Grid::new("perfusion_events")
        .striped(true)
        .show(ui, |ui| {
            for e in &chart.entries {
                ui.monospace(clock_label(e.tick));
                ui.label(RichText::new(e.category.label()).weak());
                let text = if e.refused {
                    RichText::new(format!("{} (refused)", e.text)).color(palette.value_caution)
                } else {
                    RichText::new(&e.text)
                };
                ui.label(text);
                ui.end_row();
            }
        });
}
