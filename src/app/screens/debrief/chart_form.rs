//! The trainee's chart in the debrief: when the scenario asks (`perfusion_chart`), the
//! Perfusion record tab first shows a form for the parts the trainee charts themselves
//! (times as mm:ss, values as decimals); once submitted, their entries are scored
//! against the run's chart and shown beside the truth, and the truth follows.

use egui::RichText;

use crate::app::theme::Palette;
use perfsim_core::programme::perfusion::PerfusionRecord;
use perfsim_core::programme::trainee_chart::{
    ChartField, ChartRequest, ChartScore, TraineeEntry, fields, score_chart,
};

/// Heading of the form.
pub const CHART_FORM_HEADING: &str = "Your chart";
/// What the debrief says while the chart is asked: the rest of the debrief follows it.
pub const CHART_FIRST: &str = "Chart the run first: the debrief (trends, timeline, report and \
     perfusion record) opens once you submit your chart.";
/// Label of the submit button.
pub const SUBMIT_CHART_LABEL: &str = "Submit my chart";
/// Heading of the comparison.
pub const CHART_SCORE_HEADING: &str = "Your chart beside the truth";

/// The form's fields and, once submitted, the score.
#[derive(Clone, Debug, Default)]
pub struct ChartFormState {
    /// The fields, in the form's order.
    pub fields: Vec<ChartField>,
    /// The text typed into each field.
    pub texts: Vec<String>,
    /// What was submitted and how it scored.
    pub submitted: Option<(Vec<TraineeEntry>, ChartScore)>,
    /// What storing the entries in the record came to, if the run was recorded.
    pub message: Option<Result<String, String>>,
}

impl ChartFormState {
    /// A blank form for `request` over the run charted as `truth`.
    pub fn new(truth: &PerfusionRecord, request: &ChartRequest) -> Self {
        let fields = fields(truth, request);
        Self {
            texts: vec![String::new(); fields.len()],
            fields,
            submitted: None,
            message: None,
        }
    }

    /// Scores what was typed and keeps it; returns the entries to record.
    pub fn submit(&mut self, truth: &PerfusionRecord, request: &ChartRequest) -> Vec<TraineeEntry> {
        let entries: Vec<TraineeEntry> = self
            .fields
            .iter()
            .zip(&self.texts)
            .map(|(field, text)| TraineeEntry {
                field: *field,
                text: text.trim().to_string(),
            })
            .collect();
        let score = score_chart(truth, request, &entries);
        self.submitted = Some((entries.clone(), score));
        entries
    }
}

/// The form; returns true when the trainee submits it.
pub fn chart_form_ui(ui: &mut egui::Ui, state: &mut ChartFormState) -> bool {
    ui.label(RichText::new(CHART_FORM_HEADING).strong().size(16.0));
    ui.add(
        egui::Label::new(
            "Chart these parts of the perfusion record from memory and the run's monitors: \
             times as mm:ss (blank if it never happened), values as numbers, cardioplegia \
             doses as times separated by commas. The truth is shown once you submit.",
        )
        .wrap(),
    );
    egui::Grid::new("trainee_chart_form")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for (field, text) in state.fields.iter().zip(state.texts.iter_mut()) {
                let label = field.label();
                let l = ui.label(&label);
                // Sized explicitly: inside a grid a text field otherwise shrinks to a
                // few characters.
                ui.add_sized([110.0, 20.0], egui::TextEdit::singleline(text))
                    .labelled_by(l.id);
                ui.label(RichText::new(field.item.tolerance()).weak());
                ui.end_row();
            }
        });
    ui.button(RichText::new(SUBMIT_CHART_LABEL).strong())
        .clicked()
}

/// The trainee's entries beside the truth, each marked right or wrong.
pub fn chart_score_ui(ui: &mut egui::Ui, score: &ChartScore, palette: &Palette) {
    ui.label(RichText::new(CHART_SCORE_HEADING).strong().size(16.0));
    ui.label(RichText::new(score.summary()).strong());
    egui::Grid::new("trainee_chart_score")
        .num_columns(5)
        .striped(true)
        .show(ui, |ui| {
            for h in ["Entry", "You wrote", "Truth", "Tolerance", ""] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for line in &score.lines {
                ui.label(&line.label);
                ui.monospace(&line.entered);
                ui.monospace(&line.truth);
                ui.label(RichText::new(&line.tolerance).weak());
                let (mark, color) = if line.correct {
                    ("within", palette.value_normal)
                } else {
                    ("OUTSIDE", palette.value_alarm)
                };
                ui.label(RichText::new(mark).color(color).strong());
                ui.end_row();
            }
        });
    ui.separator();
}
