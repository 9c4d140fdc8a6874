//! The candidate's end-of-exam screen: "attempt complete", and the report opens only
//! behind the facilitator's PIN.

use egui::RichText;

use super::debrief::DebriefState;
use super::exam_setup::names;
use crate::app::exam_info::ExamInfo;
use crate::app::theme::Palette;
use crate::app::widgets::pin_entry::pin_entry_ui;

/// An ended exam: the debrief is built but locked until the facilitator's PIN.
#[derive(Debug)]
pub struct ExamDone {
    /// The debrief, shown once unlocked.
    pub debrief: DebriefState,
    /// Candidate, facilitator, PIN.
    pub info: ExamInfo,
    /// PIN as typed.
    pub pin: String,
    /// The last PIN typed was wrong.
    pub wrong_pin: bool,
}

impl ExamDone {
    /// Locks `debrief` behind `info`'s PIN.
    pub fn new(debrief: DebriefState, info: ExamInfo) -> Self {
        Self {
            debrief,
            info,
            pin: String::new(),
            wrong_pin: false,
        }
    }
}

/// The candidate's end-of-exam screen; returns a PIN to try. Shows nothing of the
/// diagnosis or the score.
pub fn exam_done_ui(
    ui: &mut egui::Ui,
    done: &mut ExamDone,
    notice: Option<&str>,
    palette: &Palette,
) -> Option<String> {
    let ExamDone {
        debrief: _,
        info,
        pin,
        wrong_pin,
    } = done;
    let mut out = None;
    ui.add_space(ui.available_height() * 0.25);
    ui.vertical_centered(|ui| {
        ui.label(RichText::new(names::COMPLETE).strong().size(28.0));
        ui.add_space(8.0);
        ui.label(format!("Candidate {}", info.candidate_id));
        if let Some(text) = notice {
            ui.label(RichText::new(text).color(palette.message_warning));
        }
        ui.add_space(32.0);
        ui.scope(|ui| {
            ui.set_max_width(360.0);
            out = pin_entry_ui(ui, pin, names::OPEN_REPORT);
        });
        if *wrong_pin {
            ui.label(RichText::new("Wrong PIN.").color(palette.message_warning));
        }
    });
    out
}
