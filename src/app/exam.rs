//! Exam mode: the facilitator's setup screen (candidate, facilitator, PIN, scenario,
//! seed), the facilitator PIN (kept only as a salted SHA-256, in memory), and the
//! candidate's "attempt complete" screen that opens the report only behind the PIN.

use std::path::PathBuf;
use std::sync::Arc;

use egui::RichText;
use sha2::{Digest, Sha256};

use super::debrief::DebriefState;
use super::start::StartState;
use super::theme::Palette;
use perfsim_core::scenario::Scenario;

/// Fewest digits in a facilitator PIN.
pub const PIN_MIN_DIGITS: usize = 4;

/// A facilitator PIN as a salted SHA-256; the digits themselves are never kept.
#[derive(Clone, PartialEq, Eq)]
pub struct PinHash {
    salt: [u8; 16],
    hash: [u8; 32],
}

impl std::fmt::Debug for PinHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PinHash(..)")
    }
}

impl PinHash {
    /// Hashes `pin` with a fresh random salt; `None` unless it is at least
    /// [`PIN_MIN_DIGITS`] digits.
    pub fn new(pin: &str) -> Option<Self> {
        if !is_valid_pin(pin) {
            return None;
        }
        let mut salt = [0u8; 16];
        // A failing OS random source leaves a zero salt: still a hash, only unsalted.
        let _ = rand::TryRngCore::try_fill_bytes(&mut rand::rngs::OsRng, &mut salt);
        Some(Self {
            salt,
            hash: Self::digest(&salt, pin),
        })
    }

    fn digest(salt: &[u8; 16], pin: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(salt);
        h.update(pin.trim().as_bytes());
        h.finalize().into()
    }

    /// Whether `pin` is the PIN.
    pub fn matches(&self, pin: &str) -> bool {
        Self::digest(&self.salt, pin) == self.hash
    }
}

/// Whether `pin` is acceptable: digits only, at least [`PIN_MIN_DIGITS`].
pub fn is_valid_pin(pin: &str) -> bool {
    let pin = pin.trim();
    pin.len() >= PIN_MIN_DIGITS && pin.chars().all(|c| c.is_ascii_digit())
}

/// Who sits an exam and who runs it, with the PIN hash.
#[derive(Clone, Debug)]
pub struct ExamInfo {
    /// Candidate ID.
    pub candidate_id: String,
    /// Facilitator's name.
    pub facilitator: String,
    /// The facilitator's PIN.
    pub pin: PinHash,
}

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
    /// Why the exam could not start, if it could not.
    pub error: Option<String>,
    /// Where the record will go (`None`: recording is off, so no exam can start).
    pub record_folder: Option<PathBuf>,
}

impl ExamSetupState {
    /// A blank form over `picker`'s scenarios.
    pub fn new(picker: StartState) -> Self {
        Self {
            picker,
            candidate_id: String::new(),
            facilitator: String::new(),
            pin: String::new(),
            error: None,
            record_folder: None,
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
        error,
        record_folder,
    } = state;
    ui.heading("Exam setup");
    ui.label(
        "The facilitator fills this in. The exam runs in real time with no pause, speed-up \
         or hints; the candidate never sees the diagnosis or the score. The report opens \
         only with the PIN, which is kept for this session only and never written to disk.",
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

/// A PIN field with a button; returns the PIN typed when the button is clicked or
/// Enter is pressed (and clears the field).
pub fn pin_entry_ui(ui: &mut egui::Ui, pin: &mut String, button: &str) -> Option<String> {
    let mut out = None;
    ui.horizontal(|ui| {
        let l = ui.label(names::PIN);
        let r = ui
            .add(
                egui::TextEdit::singleline(pin)
                    .password(true)
                    .desired_width(100.0),
            )
            .labelled_by(l.id);
        let entered = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button(button).clicked() || entered {
            out = Some(std::mem::take(pin));
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::app::test_util::{TempRecords, advance, app_recording_to, harness, type_into};
    use crate::app::{Screen, instructor};
    use perfsim_core::model::faults::FaultKind;
    use perfsim_core::record::{Mode, RecordReader};

    /// Nothing the candidate may not see: no fault name, no score, no time controls.
    fn assert_candidate_view(h: &egui_kittest::Harness<'_, crate::app::App>, when: &str) {
        for fault in FaultKind::ALL {
            assert!(
                h.query_by_label_contains(fault.label()).is_none(),
                "{when}: {} visible to the candidate",
                fault.label()
            );
        }
        for hidden in [
            "Score", "PASSED", "FAILED", "Pause", "Resume", "2×", "10×", "End run", "Hint:",
        ] {
            assert!(
                h.query_by_label_contains(hidden).is_none(),
                "{when}: {hidden:?} visible to the candidate"
            );
        }
    }

    #[test]
    fn an_exam_hides_diagnosis_score_and_time_controls_until_the_pin() {
        // Long enough not to turn up by chance among the record's MACs and numbers.
        const PIN: &str = "97531864";
        let records = TempRecords::new();
        let mut h = harness(app_recording_to(&records));
        h.run();
        h.get_by_label(names::OPEN_SETUP).click();
        h.run();
        type_into(&mut h, names::CANDIDATE, "C-12");
        type_into(&mut h, names::FACILITATOR, "Dr Rivera");
        // Starting without a PIN is refused, and says why.
        h.get_by_label_contains("Long pump run, valve repair")
            .click();
        h.run();
        h.get_by_label(names::START).click();
        h.run();
        assert!(h.query_by_label_contains("The PIN must be").is_some());
        assert!(h.state().run_state().is_none());
        type_into(&mut h, names::PIN, PIN);
        h.get_by_label(names::START).click();
        h.run();
        let Some(run) = h.state().run_state() else {
            panic!("the exam did not start");
        };
        assert_eq!(run.mode, Mode::Exam);
        assert_eq!(run.session().scenario().name, "Long pump run, valve repair");
        assert_candidate_view(&h, "start");

        // Space does not pause an exam; time runs at 1× only.
        h.key_press(egui::Key::Space);
        h.run();
        advance(&mut h, 2);
        assert!(h.state().run_state().is_some_and(|r| !r.paused));
        assert_eq!(crate::app::test_util::session(&h).tick(), 20);

        // The instructor console asks for the PIN before it shows anything.
        h.get_by_label(instructor::names::OPEN).click();
        h.run();
        assert!(h.query_by_label(instructor::names::UNLOCK).is_some());
        assert_candidate_view(&h, "console locked");
        type_into(&mut h, names::PIN, "9999");
        h.get_by_label(instructor::names::UNLOCK).click();
        h.run();
        assert!(h.query_by_label("Wrong PIN.").is_some());
        assert!(h.query_by_label(instructor::names::INJECT).is_none());
        type_into(&mut h, names::PIN, PIN);
        h.get_by_label(instructor::names::UNLOCK).click();
        h.run();
        // Unlocked, the facilitator sees what the candidate cannot, and the live score.
        assert!(h.query_by_label(instructor::names::INJECT).is_some());
        assert!(h.query_by_label_contains("If it ended at").is_some());
        h.get_by_label("Lock").click();
        h.run();
        assert!(h.query_by_label(instructor::names::INJECT).is_none());
        h.get_by_label(instructor::names::OPEN).click();
        h.run();

        // Play the whole exam, looking at the candidate's screen as it goes.
        let mut guard = 0;
        while h.state().run_state().is_some() && guard < 200 {
            advance(&mut h, 15);
            assert_candidate_view(&h, "during the run");
            guard += 1;
        }
        let session = crate::app::test_util::session(&h);
        assert!(
            session.events().iter().any(|e| matches!(
                e.event,
                perfsim_core::model::events::Event::FaultOnset { .. }
            )),
            "the fault never started, so the checks proved nothing"
        );
        assert!(matches!(h.state().screen, Screen::ExamDone(_)));
        assert!(h.query_by_label(names::COMPLETE).is_some());
        assert_candidate_view(&h, "after the run");
        assert!(
            h.query_by_label_contains("%").is_none(),
            "a score after the run"
        );

        // A wrong PIN keeps the report shut; the right one opens it.
        type_into(&mut h, names::PIN, "1111");
        h.get_by_label(names::OPEN_REPORT).click();
        h.run();
        assert!(h.query_by_label("Wrong PIN.").is_some());
        assert_candidate_view(&h, "wrong PIN");
        type_into(&mut h, names::PIN, PIN);
        h.get_by_label(names::OPEN_REPORT).click();
        h.run();
        assert!(h.state().is_debrief(), "the PIN did not open the report");
        assert!(h.query_by_label_contains("Score").is_some());
        assert!(h.query_by_label("FAILED").is_some());

        // The record: an exam of C-12 by Dr Rivera, finished, intact under the key.
        let files = records.records();
        assert_eq!(files.len(), 1, "{files:?}");
        let rec = match RecordReader::open(&files[0]) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert!(rec.is_complete());
        assert_eq!(rec.header().mode, Mode::Exam);
        assert_eq!(rec.header().candidate_id, "C-12");
        assert_eq!(rec.header().facilitator, "Dr Rivera");
        let heartbeats = rec
            .entries()
            .filter(|e| matches!(e, perfsim_core::record::Entry::Heartbeat { .. }))
            .count();
        assert!(heartbeats > 100, "{heartbeats} heartbeats");
        if let Err(e) = crate::cli::records::verify(&files[0], Some(&records.key_file())) {
            panic!("perfsim verify refuses the record: {e:#}");
        }
        let text = std::fs::read_to_string(&files[0]).unwrap_or_default();
        assert!(!text.contains(PIN), "the PIN is in the record");
    }

    #[test]
    fn pins_are_digits_and_only_the_right_one_matches() {
        assert!(PinHash::new("12a4").is_none());
        assert!(PinHash::new("123").is_none());
        let Some(h) = PinHash::new("2468") else {
            panic!("a valid PIN was refused");
        };
        assert!(h.matches("2468"));
        assert!(!h.matches("2469"));
        assert!(!h.matches(""));
        // Salted: the same PIN hashes differently each time.
        assert_ne!(PinHash::new("2468"), Some(h));
    }
}
