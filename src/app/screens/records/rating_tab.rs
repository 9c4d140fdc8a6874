//! The record browser's Ratings tab: a rater's form (PINTS with their behavioural
//! anchors, global rating, notes pinned to the cursor, one override, feedback), signed
//! with the rater's own key; the other raters' scores are shown only once this rater's
//! own rating is stored.

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::app::theme::Palette;
use perfsim_core::programme::raters::RaterKeys;
use perfsim_core::programme::rating::{GlobalRating, PintsItem, record_sha256};
use perfsim_core::programme::rating_form::{
    FormContext, FormNote, FormOverride, FormStatus, RatingForm,
};
use perfsim_core::programme::{RatingPanel, SignedRating, signed};
use perfsim_core::record::KeySource;
use perfsim_core::scoring::Report;
use perfsim_core::time::{Tick, clock_label, secs_from_tick};

/// Label of the rater's name field.
pub const RATER_LABEL: &str = "Rater";
/// Label of the rater's key file field.
pub const RATER_KEY_LABEL: &str = "Rater's key file";
/// Label of the rater's passphrase field.
pub const RATER_PASSPHRASE_LABEL: &str = "Rater's passphrase";
/// Label of the submit button.
pub const SUBMIT_LABEL: &str = "Sign and submit rating";
/// Label of the feedback field.
pub const FEEDBACK_LABEL: &str = "Feedback for the candidate";
/// Shown instead of the others' scores before this rater has submitted.
pub const HIDDEN_UNTIL_SUBMITTED: &str = "you see them after submitting your own";

/// The form and what the tab shows after submitting.
#[derive(Clone, Debug)]
pub struct RatingFormState {
    /// The record the form is for (reset when another opens).
    pub record: Option<PathBuf>,
    /// Rating files beside the record when it opened.
    pub on_file: usize,
    /// Rater's name.
    pub rater: String,
    /// The rater's sealed key file.
    pub key_file: String,
    /// The rater's passphrase (cleared once used).
    pub passphrase: String,
    /// PINTS scores in [`PintsItem::ALL`] order.
    pub pints: [f64; 4],
    /// Global rating.
    pub global: GlobalRating,
    /// A note being written.
    pub note: String,
    /// Notes pinned so far: (tick, text).
    pub notes: Vec<(Tick, String)>,
    /// The automatic item to override, if any.
    pub override_item: Option<String>,
    /// The rater's outcome for it.
    pub override_status: FormStatus,
    /// Why.
    pub override_reason: String,
    /// Feedback for the candidate.
    pub feedback: String,
    /// What submitting did (a sentence).
    pub message: Option<Result<String, String>>,
    /// The panel of all raters, once this rater's rating is stored.
    pub panel: Option<RatingPanel>,
}

impl Default for RatingFormState {
    fn default() -> Self {
        Self {
            record: None,
            on_file: 0,
            rater: String::new(),
            key_file: String::new(),
            passphrase: String::new(),
            pints: [3.0; 4],
            global: GlobalRating::ClearPass,
            note: String::new(),
            notes: Vec::new(),
            override_item: None,
            override_status: FormStatus::Done,
            override_reason: String::new(),
            feedback: String::new(),
            message: None,
            panel: None,
        }
    }
}

impl RatingFormState {
    /// A fresh form for `record`, keeping the rater's name and key file.
    fn reset_for(&mut self, record: &Path) {
        *self = Self {
            record: Some(record.to_path_buf()),
            on_file: signed::load_all(record).len(),
            rater: std::mem::take(&mut self.rater),
            key_file: std::mem::take(&mut self.key_file),
            ..Self::default()
        };
    }

    /// Checks, signs and stores the rating of `record` (its automatic `report` and last
    /// tick `end_tick`); on success shows every rater's scores.
    pub fn submit(&mut self, record: &Path, report: Option<&Report>, end_tick: Tick) {
        let passphrase = std::mem::take(&mut self.passphrase);
        self.message = Some(self.sign_and_store(record, report, end_tick, &passphrase));
        if matches!(self.message, Some(Ok(_))) {
            // Only the programme's raters count, when it names its list.
            let raters = RaterKeys::resolve(None).ok().flatten();
            self.panel = Some(RatingPanel::of(
                signed::load_checked(record, raters.as_ref()),
                report,
            ));
        }
    }

    fn sign_and_store(
        &self,
        record: &Path,
        report: Option<&Report>,
        end_tick: Tick,
        passphrase: &str,
    ) -> Result<String, String> {
        let bytes = std::fs::read(record).map_err(|e| format!("{}: {e}", record.display()))?;
        let form = RatingForm {
            situation_awareness: self.pints[0],
            decision_making: self.pints[1],
            task_management: self.pints[2],
            teamwork_communication: self.pints[3],
            global: self.global,
            notes: self
                .notes
                .iter()
                .map(|(t, text)| FormNote {
                    t_s: secs_from_tick(*t),
                    text: text.clone(),
                })
                .collect(),
            overrides: self
                .override_item
                .iter()
                .map(|item| FormOverride {
                    item: item.clone(),
                    status: self.override_status,
                    reason: self.override_reason.clone(),
                })
                .collect(),
            feedback: self.feedback.clone(),
        };
        let ctx = FormContext {
            rater: self.rater.clone(),
            record_file: record
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            record_sha256: record_sha256(&bytes),
            rated_at_utc: crate::wall_clock::now_utc(),
            items: items(report),
            duration_s: secs_from_tick(end_tick),
        };
        let rating = form
            .rating("the rating form", "", &ctx)
            .map_err(|e| e.to_string())?;
        let source = KeySource {
            path: PathBuf::from(self.key_file.trim()),
        };
        let key = source.unlock(passphrase).map_err(|e| e.to_string())?;
        let stored =
            signed::store(record, &SignedRating::sign(rating, &key)).map_err(|e| e.to_string())?;
        Ok(format!(
            "Rating signed with key ID {} and stored in {}",
            key.id(),
            stored.display()
        ))
    }
}

fn items(report: Option<&Report>) -> Vec<String> {
    report
        .map(|r| r.critical_actions.iter().map(|a| a.name.clone()).collect())
        .unwrap_or_default()
}

/// What the tab asks for.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RatingTabCommand {
    /// Sign and store the form.
    Submit,
}

/// Draws the tab for the record at `path` with its automatic `report`, the cursor at
/// `cursor` (where a new note is pinned).
pub fn rating_tab_ui(
    ui: &mut egui::Ui,
    form: &mut RatingFormState,
    path: &Path,
    report: Option<&Report>,
    cursor: Tick,
    palette: &Palette,
) -> Option<RatingTabCommand> {
    if form.record.as_deref() != Some(path) {
        form.reset_for(path);
    }
    let mut out = None;
    if let Some(panel) = &form.panel {
        ui.label(RichText::new("All raters").strong().size(16.0));
        ui.add(egui::Label::new(RichText::new(panel.text()).monospace()).wrap());
        if let Some(Ok(m)) = &form.message {
            ui.label(RichText::new(m).color(palette.value_normal));
        }
        return None;
    }
    ui.label(format!(
        "{} other rating(s) on file: {HIDDEN_UNTIL_SUBMITTED}.",
        form.on_file
    ));
    egui::Grid::new("rating_who").num_columns(2).show(ui, |ui| {
        let l = ui.label(RATER_LABEL);
        ui.add(egui::TextEdit::singleline(&mut form.rater).desired_width(200.0))
            .labelled_by(l.id);
        ui.end_row();
        let l = ui.label(RATER_KEY_LABEL);
        ui.add(
            egui::TextEdit::singleline(&mut form.key_file)
                .hint_text("perfsim key init --key rater.key")
                .desired_width(200.0),
        )
        .labelled_by(l.id);
        ui.end_row();
        let l = ui.label(RATER_PASSPHRASE_LABEL);
        ui.add(
            egui::TextEdit::singleline(&mut form.passphrase)
                .password(true)
                .desired_width(200.0),
        )
        .labelled_by(l.id);
        ui.end_row();
    });
    ui.separator();
    for (i, item) in PintsItem::ALL.iter().enumerate() {
        let Some(score) = form.pints.get_mut(i) else {
            continue;
        };
        ui.horizontal(|ui| {
            let l = ui.label(RichText::new(item.label()).strong());
            ui.add(
                egui::Slider::new(score, 0.5..=4.0)
                    .step_by(0.5)
                    .show_value(false),
            )
            .labelled_by(l.id);
            ui.monospace(format!("{score:.1}"));
        });
        for (_, anchor) in item.anchors() {
            ui.add(egui::Label::new(RichText::new(anchor).small().weak()).wrap());
        }
    }
    ui.horizontal(|ui| {
        egui::ComboBox::from_label("Global rating")
            .selected_text(form.global.label())
            .show_ui(ui, |ui| {
                for g in GlobalRating::ALL {
                    ui.selectable_value(&mut form.global, g, g.label());
                }
            });
    });
    ui.separator();
    ui.horizontal(|ui| {
        let l = ui.label("Note");
        ui.add(
            egui::TextEdit::singleline(&mut form.note)
                .hint_text("note at the cursor")
                .desired_width(220.0),
        )
        .labelled_by(l.id);
        if ui
            .button(format!("Pin at {}", clock_label(cursor)))
            .clicked()
            && !form.note.trim().is_empty()
        {
            form.notes.push((cursor, std::mem::take(&mut form.note)));
        }
    });
    for (t, text) in &form.notes {
        ui.label(format!("{} {text}", clock_label(*t)));
    }
    let names = items(report);
    if !names.is_empty() {
        ui.horizontal(|ui| {
            egui::ComboBox::from_label("Override")
                .selected_text(form.override_item.as_deref().unwrap_or("none"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut form.override_item, None, "none");
                    for n in &names {
                        ui.selectable_value(&mut form.override_item, Some(n.clone()), n);
                    }
                });
            if form.override_item.is_some() {
                egui::ComboBox::from_label("Outcome")
                    .selected_text(format!("{:?}", form.override_status))
                    .show_ui(ui, |ui| {
                        for s in [
                            FormStatus::Done,
                            FormStatus::Late,
                            FormStatus::Missed,
                            FormStatus::Wrong,
                            FormStatus::NotApplicable,
                        ] {
                            ui.selectable_value(&mut form.override_status, s, format!("{s:?}"));
                        }
                    });
            }
        });
        if form.override_item.is_some() {
            ui.horizontal(|ui| {
                let l = ui.label("Reason");
                ui.add(
                    egui::TextEdit::singleline(&mut form.override_reason)
                        .hint_text("required")
                        .desired_width(300.0),
                )
                .labelled_by(l.id);
            });
        }
    }
    let l = ui.label(FEEDBACK_LABEL);
    ui.add(
        egui::TextEdit::multiline(&mut form.feedback)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    if ui.button(RichText::new(SUBMIT_LABEL).strong()).clicked() {
        out = Some(RatingTabCommand::Submit);
    }
    if let Some(Err(e)) = &form.message {
        ui.add(egui::Label::new(RichText::new(e).color(palette.value_alarm)).wrap());
    }
    out
}
