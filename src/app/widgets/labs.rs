//! Lab results: pending requests with their time to result, and reported values.

use egui::RichText;

use crate::app::theme::Palette;
use perfsim_core::action::LabKind;
use perfsim_core::model::Signal;
use perfsim_core::model::labs::LabResult;
use perfsim_core::time::{TICKS_PER_SEC, Tick, clock_label};

/// Signals a lab panel may show the trainee (model-internal ones never appear).
fn shown_to_trainee(signal: Signal) -> bool {
    !matches!(signal, Signal::ClotBurden | Signal::Antithrombin)
}

/// The latest ACT result ready at `tick`, with its sampling tick.
pub fn latest_act(labs: &[LabResult], tick: Tick) -> Option<(f64, Tick)> {
    labs.iter()
        .rev()
        .filter(|r| r.lab == LabKind::Act && r.is_ready(tick))
        .find_map(|r| r.value(Signal::Act).map(|v| (v, r.sampled_tick)))
}

fn format_value(signal: Signal, value: f64) -> String {
    match signal {
        Signal::Ph => format!("{value:.2}"),
        Signal::K | Signal::Ica | Signal::Lactate | Signal::Hb => format!("{value:.1}"),
        _ => format!("{value:.0}"),
    }
}

/// Lists every sample: pending ones first (none is ever scrolled out of view), then the
/// results, newest first.
pub fn labs_ui(ui: &mut egui::Ui, labs: &[LabResult], tick: Tick, palette: &Palette) {
    pending_ui(ui, labs, tick, palette);
    results_ui(ui, labs, tick);
}

fn head(result: &LabResult) -> String {
    format!(
        "{} · sampled {}",
        result.lab.label(),
        clock_label(result.sampled_tick)
    )
}

/// The samples sent and not yet reported, newest first, each with its countdown; "No
/// samples sent" when there are none at all.
pub fn pending_ui(ui: &mut egui::Ui, labs: &[LabResult], tick: Tick, palette: &Palette) {
    if labs.is_empty() {
        ui.label(RichText::new("No samples sent").weak());
        return;
    }
    for result in labs.iter().rev().filter(|r| !r.is_ready(tick)) {
        let left = result.ready_tick.saturating_sub(tick);
        let left_s = left.div_ceil(TICKS_PER_SEC) * TICKS_PER_SEC;
        ui.label(
            RichText::new(format!(
                "{} · pending, result in {}",
                head(result),
                clock_label(left_s)
            ))
            .color(palette.value_caution),
        );
    }
}

/// The reported results, newest first, with their values.
pub fn results_ui(ui: &mut egui::Ui, labs: &[LabResult], tick: Tick) {
    for result in labs.iter().rev().filter(|r| r.is_ready(tick)) {
        ui.label(RichText::new(head(result)).strong());
        let text = result
            .values
            .iter()
            .filter(|v| shown_to_trainee(v.signal))
            .map(|v| {
                format!(
                    "{} {} {}",
                    v.signal.label(),
                    format_value(v.signal, v.value),
                    v.signal.unit()
                )
            })
            .collect::<Vec<_>>()
            .join(" · ");
        ui.add(egui::Label::new(text).wrap());
    }
}
