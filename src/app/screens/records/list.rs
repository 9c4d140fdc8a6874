//! The records list: the folder, a path to open, and every record with its typed
//! summary, rendered to text only here.

use std::path::PathBuf;

use egui::RichText;

use super::{BrowserCommand, BrowserState, LIST_EDITED};
use crate::app::theme::Palette;
use perfsim_core::record::Mode;
use perfsim_core::record::summary::RecordStatus;
use perfsim_core::review::Integrity;

pub(super) fn list_ui(
    ui: &mut egui::Ui,
    state: &mut BrowserState,
    palette: &Palette,
) -> Option<BrowserCommand> {
    let BrowserState {
        folder,
        open_path,
        listed,
        message,
        key,
        open: _,
        rating_form: _,
        cohort,
    } = state;
    let mut out = None;
    ui.horizontal(|ui| {
        ui.heading("Attempt records");
        if ui.button("Scenario list").clicked() {
            out = Some(BrowserCommand::ToStart);
        }
    });
    ui.label("Open a record to scrub its timeline, jump to any event, continue from any moment as practice, or print its report.");
    if key.is_none() {
        ui.label(
            RichText::new("No programme key on this computer: integrity cannot be checked.")
                .color(palette.message_warning),
        );
    }
    ui.separator();
    ui.horizontal(|ui| {
        let label = ui.label("Record folder");
        ui.add(egui::TextEdit::singleline(folder).desired_width(360.0))
            .labelled_by(label.id);
        if ui.button("List").clicked() {
            out = Some(BrowserCommand::Rescan);
        }
        if ui.button(super::cohort_view::COHORT_LABEL).clicked() {
            out = Some(BrowserCommand::Cohort);
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Open record");
        ui.add(
            egui::TextEdit::singleline(open_path)
                .hint_text("path/to/attempt.jsonl")
                .desired_width(360.0),
        )
        .labelled_by(label.id);
        if ui.button("Open").clicked() && !open_path.trim().is_empty() {
            out = Some(BrowserCommand::Open(PathBuf::from(open_path.trim())));
        }
    });
    if let Some(m) = message {
        ui.label(RichText::new(m.as_str()).color(palette.value_alarm));
    }
    if let Some(c) = cohort {
        ui.separator();
        if let Some(cmd) = super::cohort_view::cohort_ui(ui, c, palette) {
            out = Some(cmd);
        }
    }
    ui.separator();
    if listed.is_empty() {
        ui.label(RichText::new("No records (*.jsonl) here.").weak());
        return out;
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("records_list")
            .striped(true)
            .spacing([16.0, 6.0])
            .show(ui, |ui| {
                for h in [
                    "",
                    "Candidate",
                    "Scenario",
                    "Date (UTC)",
                    "Mode",
                    "Score",
                    "Status",
                    "Integrity",
                ] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for item in listed.iter().rev() {
                    let RecordStatus::Read {
                        completion,
                        integrity,
                    } = &item.summary.status
                    else {
                        continue;
                    };
                    let r = &item.summary;
                    if ui.button(format!("Open {}", r.file)).clicked() {
                        out = Some(BrowserCommand::Open(item.path.clone()));
                    }
                    ui.label(if r.candidate.is_empty() {
                        "—"
                    } else {
                        &r.candidate
                    });
                    ui.label(&r.scenario);
                    ui.label(&r.date);
                    ui.label(r.mode.map_or("", Mode::label));
                    ui.label(score_text(r.score_pct, r.passed));
                    ui.label(completion.label());
                    let (short, color) = match integrity {
                        Integrity::Intact => ("intact", palette.value_normal),
                        Integrity::Practice => ("practice key", palette.value_caution),
                        Integrity::NoKey => ("cannot check: no key", palette.value_caution),
                        Integrity::Edited(_) => (LIST_EDITED, palette.value_alarm),
                        Integrity::DifferentKey(_) => ("other key", palette.value_caution),
                    };
                    ui.label(RichText::new(short).color(color).strong())
                        .on_hover_text(integrity.text());
                    ui.end_row();
                }
            });
        let unreadable: Vec<(&str, &str)> = listed
            .iter()
            .filter_map(|l| match &l.summary.status {
                RecordStatus::Unreadable(why) => Some((l.summary.file.as_str(), why.as_str())),
                RecordStatus::Read { .. } => None,
            })
            .collect();
        if !unreadable.is_empty() {
            ui.separator();
            ui.label(RichText::new("Not readable as records").strong());
            for (file, why) in unreadable {
                ui.label(RichText::new(format!("{file}: {why}")).color(palette.value_alarm));
            }
        }
    });
    out
}

/// The score column: `82 % (pass)`, or a dash for a record without a report.
fn score_text(score_pct: Option<f64>, passed: Option<bool>) -> String {
    match score_pct {
        Some(pct) => format!(
            "{pct:.0} % ({})",
            if passed == Some(true) { "pass" } else { "fail" }
        ),
        None => String::from("—"),
    }
}
