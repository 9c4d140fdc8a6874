//! The start screen's record section: the record folder, interrupted attempts to
//! continue, and the facilitator's notice.

use std::path::PathBuf;

use egui::RichText;

use perfsim_core::record::{Mode, Recovered};
use perfsim_core::time::clock_label;

use crate::app::Command;
use crate::app::theme::Palette;
use perfsim_core::attempt::RecordTarget;

/// Label of the PIN field for continuing an exam.
pub const CONTINUE_PIN: &str = "Exam's facilitator PIN";
/// Label of the passphrase field for continuing an exam.
pub const CONTINUE_PASSPHRASE: &str = "Programme passphrase";

/// What the start screen's record section shows.
pub struct RecordsView<'a> {
    /// Where attempts are recorded.
    pub records: &'a RecordTarget,
    /// Interrupted attempts to offer.
    pub interrupted: &'a [Recovered],
    /// A message for the facilitator.
    pub notice: Option<&'a str>,
}

/// The record folder, interrupted attempts to continue, and any notice.
pub fn records_ui(
    ui: &mut egui::Ui,
    view: &RecordsView<'_>,
    pin: &mut String,
    passphrase: &mut String,
    folder_edit: &mut String,
    palette: &Palette,
    commands: &mut Vec<Command>,
) {
    let RecordsView {
        records,
        interrupted,
        notice,
    } = view;
    if let Some(text) = notice {
        ui.horizontal(|ui| {
            ui.label(RichText::new(*text).strong().color(palette.message_warning));
            if ui.small_button("OK").clicked() {
                commands.push(Command::DismissNotice);
            }
        });
    }
    ui.horizontal(|ui| {
        let l = ui.label("Record folder");
        ui.add(egui::TextEdit::singleline(folder_edit).desired_width(320.0))
            .labelled_by(l.id);
        if ui.button("Use").clicked() && !folder_edit.trim().is_empty() {
            commands.push(Command::SetRecordFolder(PathBuf::from(folder_edit.trim())));
        }
        if **records == RecordTarget::Off {
            ui.label(RichText::new("Attempts are not being recorded.").weak());
        }
    });
    if interrupted.is_empty() {
        return;
    }
    ui.group(|ui| {
        ui.label(RichText::new("Interrupted attempts").strong());
        ui.label("These attempts stopped without an end (a crash, a power cut). Continue one from where its record stops, or dismiss it (the file stays).");
        let any_exam = interrupted.iter().any(|r| r.header().mode == Mode::Exam);
        if any_exam {
            ui.label("Only the exam's own facilitator can continue it: the PIN set at its start and the programme passphrase.");
            ui.horizontal(|ui| {
                let l = ui.label(CONTINUE_PIN);
                ui.add(egui::TextEdit::singleline(pin).password(true).desired_width(100.0))
                    .labelled_by(l.id);
                let l = ui.label(CONTINUE_PASSPHRASE);
                ui.add(egui::TextEdit::singleline(passphrase).password(true).desired_width(200.0))
                    .labelled_by(l.id);
            });
        }
        for (i, r) in interrupted.iter().enumerate() {
            let h = r.header();
            let file = r
                .path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            ui.horizontal(|ui| {
                let who = if h.candidate_id.is_empty() {
                    String::new()
                } else {
                    format!(" · candidate {}", h.candidate_id)
                };
                ui.label(format!(
                    "{file} · {} · {}{who} · stopped at {}",
                    h.scenario_name,
                    h.mode.label(),
                    clock_label(r.last_tick())
                ));
                if ui.button("Continue").clicked() {
                    commands.push(Command::ContinueInterrupted(i));
                }
                if ui.button("Dismiss").clicked() {
                    commands.push(Command::DismissInterrupted(i));
                }
            });
        }
    });
    ui.separator();
}
