//! Exam mode: the facilitator's setup screen (candidate, facilitator, PIN, scenario,
//! seed). The candidate's "attempt complete" screen is `exam_done.rs`; the PIN hash is
//! `exam_info.rs`.

use std::path::PathBuf;
use std::sync::Arc;

use egui::RichText;

use super::start::StartState;
pub use crate::app::exam_info::{ExamInfo, PIN_MIN_DIGITS, PinHash, is_valid_pin};
use perfsim_core::scenario::Scenario;

#[cfg(test)]
mod tests;

/// The exam setup screen's state.
#[derive(Clone, Debug)]
pub struct ExamSetupState {
    /// Scenario list and seed (shared with the start screen's picker).
    pub picker: StartState,
    /// Candidate ID as typed.
    pub candidate_id: String,
    /// Facilitator's name as typed.
    pub facilitator: String,
    /// PIN as typed (cleared once the exam starts).
    pub pin: String,
    /// The programme passphrase as typed (cleared once the exam starts or fails).
    pub passphrase: String,
    /// Why the exam could not start, if it could not.
    pub error: Option<String>,
    /// Where the record will go (`None`: recording is off, so no exam can start).
    pub record_folder: Option<PathBuf>,
    /// Hold the candidate's window full screen until the facilitator unlocks it.
    pub kiosk: bool,
}

impl ExamSetupState {
    /// A blank form over `picker`'s scenarios.
    pub fn new(picker: StartState) -> Self {
        Self {
            picker,
            candidate_id: String::new(),
            facilitator: String::new(),
            pin: String::new(),
            passphrase: String::new(),
            error: None,
            record_folder: None,
            kiosk: false,
        }
    }
}

/// What the exam setup asks for.
#[must_use]
#[derive(Clone, Debug)]
pub enum ExamSetupCommand {
    /// Start the exam.
    Start {
        /// The scenario.
        scenario: Arc<Scenario>,
        /// Its file.
        path: PathBuf,
        /// Seed.
        seed: u64,
        /// Candidate, facilitator, PIN.
        info: ExamInfo,
        /// The programme passphrase, which unlocks the signing key in memory.
        passphrase: String,
        /// Full-screen kiosk for the candidate.
        kiosk: bool,
    },
    /// Back to the start screen.
    Cancel,
}

/// Labels tests look for.
pub mod names {
    /// Candidate ID field.
    pub const CANDIDATE: &str = "Candidate ID";
    /// Facilitator field.
    pub const FACILITATOR: &str = "Facilitator";
    /// PIN field.
    pub const PIN: &str = "Facilitator PIN";
    /// Kiosk checkbox.
    pub const KIOSK: &str = "Full-screen kiosk for the candidate";
    /// Passphrase field.
    pub const PASSPHRASE: &str = "Programme passphrase";
    /// Start button.
    pub const START: &str = "Start the exam";
    /// Opens the setup from the start screen.
    pub const OPEN_SETUP: &str = "Exam setup…";
    /// The candidate's end-of-attempt message.
    pub const COMPLETE: &str = "Attempt complete — the facilitator will debrief you";
    /// Opens the report behind the PIN.
    pub const OPEN_REPORT: &str = "Open the report";
}

/// Draws the exam setup screen.
pub fn exam_setup_ui(ui: &mut egui::Ui, state: &mut ExamSetupState) -> Option<ExamSetupCommand> {
    let mut out = None;
    let ExamSetupState {
        picker,
        candidate_id,
        facilitator,
        pin,
        passphrase,
        error,
        record_folder,
        kiosk,
    } = state;
    ui.heading("Exam setup");
    ui.label(
        "The facilitator fills this in. The exam runs in real time with no pause, speed-up \
         or hints; the candidate never sees the diagnosis or the score. The report opens \
         only with the PIN, which is kept as a salted slow hash in the signed record. The \
         programme passphrase unlocks the signing key in memory for this exam only.",
    );
    ui.separator();
    egui::Grid::new("exam_setup")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let l = ui.label(names::CANDIDATE);
            ui.add(egui::TextEdit::singleline(candidate_id).desired_width(260.0))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(names::FACILITATOR);
            ui.add(egui::TextEdit::singleline(facilitator).desired_width(260.0))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(names::PIN);
            ui.add(
                egui::TextEdit::singleline(pin)
                    .password(true)
                    .hint_text(format!("{PIN_MIN_DIGITS}+ digits"))
                    .desired_width(120.0),
            )
            .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(names::PASSPHRASE);
            ui.add(
                egui::TextEdit::singleline(passphrase)
                    .password(true)
                    .hint_text("signs the exam record")
                    .desired_width(260.0),
            )
            .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Seed");
            ui.add(egui::DragValue::new(&mut picker.seed).range(0..=u32::MAX as u64))
                .labelled_by(l.id);
            ui.end_row();
        });
    ui.separator();
    ui.label(RichText::new("Scenario").strong());
    egui::ScrollArea::vertical()
        .id_salt("exam_scenarios")
        .max_height(ui.available_height() - 90.0)
        .show(ui, |ui| {
            for (i, entry) in picker.entries.iter().enumerate() {
                let Ok(s) = &entry.scenario else { continue };
                let text = format!(
                    "{} · v{} · {} min",
                    s.name,
                    s.version,
                    s.duration_ticks / perfsim_core::time::TICKS_PER_SEC / 60
                );
                if ui
                    .selectable_label(picker.selected == Some(i), text)
                    .clicked()
                {
                    picker.selected = Some(i);
                }
            }
        });
    ui.separator();
    ui.label(match record_folder {
        Some(f) => format!("The attempt is recorded in {}", f.display()),
        None => "Recording is off: an exam cannot start.".into(),
    });
    if let Some(e) = error {
        ui.label(
            RichText::new(e.as_str())
                .strong()
                .color(ui.visuals().warn_fg_color),
        );
    }
    ui.checkbox(kiosk, names::KIOSK)
        .on_hover_text("Full screen without a title bar; closing it needs the facilitator.");
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new(names::START).strong().size(16.0))
            .clicked()
        {
            let chosen = picker
                .selected
                .and_then(|i| picker.entries.get(i))
                .and_then(|e| {
                    e.scenario
                        .as_ref()
                        .ok()
                        .map(|s| (s.clone(), e.path.clone()))
                });
            let problem = if candidate_id.trim().is_empty() {
                Some("Enter the candidate ID.".to_string())
            } else if facilitator.trim().is_empty() {
                Some("Enter the facilitator's name.".to_string())
            } else if !is_valid_pin(pin) {
                Some(format!(
                    "The PIN must be at least {PIN_MIN_DIGITS} digits, digits only."
                ))
            } else if passphrase.is_empty() {
                Some("Enter the programme passphrase: only it can sign an exam record.".to_string())
            } else if chosen.is_none() {
                Some("Choose a scenario.".to_string())
            } else {
                None
            };
            *error = problem;
            if let (None, Some((scenario, path)), Some(pin_hash)) =
                (&*error, chosen, PinHash::new(pin))
            {
                out = Some(ExamSetupCommand::Start {
                    scenario,
                    path,
                    seed: picker.seed,
                    info: ExamInfo {
                        candidate_id: candidate_id.trim().into(),
                        facilitator: facilitator.trim().into(),
                        pin: pin_hash,
                    },
                    passphrase: std::mem::take(passphrase),
                    kiosk: *kiosk,
                });
                pin.clear();
            }
        }
        if ui.button("Cancel").clicked() {
            out = Some(ExamSetupCommand::Cancel);
        }
    });
    out
}
