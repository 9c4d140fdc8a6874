//! The candidate's end-of-exam screen: "attempt complete", and the report opens only
//! behind the facilitator's PIN.

use egui::RichText;

use perfsim_core::record::RecordWriter;
use perfsim_core::time::Tick;

use super::debrief::DebriefState;
use super::exam_setup::names;
use super::instructor::pin_lock::PinLock;
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
    /// What the last PIN try came to (wrong, locked out), if it failed.
    pub pin_message: Option<String>,
    /// Five wrong PINs lock the report for a minute, as they lock the console.
    pub pin_lock: PinLock,
    /// The finished record, kept open (and locked) so every wrong PIN typed here is a
    /// `wrong_pin` line after its footer; `None` for an unrecorded exam.
    pub record: Option<RecordWriter>,
    /// The tick the exam ended at (the wrong PINs' tick).
    pub final_tick: Tick,
}

impl ExamDone {
    /// Locks `debrief` behind `info`'s PIN; wrong PINs go into `record`.
    pub fn new(debrief: DebriefState, info: ExamInfo, record: Option<RecordWriter>) -> Self {
        let final_tick = debrief.session.tick();
        Self {
            debrief,
            info,
            pin: String::new(),
            pin_message: None,
            pin_lock: PinLock::default(),
            record,
            final_tick,
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
        pin_message,
        ..
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
        if let Some(message) = pin_message {
            ui.label(RichText::new(message.as_str()).color(palette.message_warning));
        }
    });
    out
}

#[cfg(test)]
#[path = "exam_done_tests.rs"]
mod tests;
