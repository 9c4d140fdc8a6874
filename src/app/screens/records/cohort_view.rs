//! The cohort of the listed folder in the record browser: per scenario the attempts,
//! pass rate, median score and borderline-regression pass mark, each critical item's
//! difficulty, never-events; and the printable page with its plots saved beside the
//! records (the same page as `perfsim cohort`).

use std::path::{Path, PathBuf};

use egui::RichText;

use super::BrowserCommand;
use crate::app::theme::Palette;
use perfsim_core::programme::cohort::Cohort;
use perfsim_core::programme::cohort_render;
use perfsim_core::programme::svg::median;

/// Label of the button that computes the cohort.
pub const COHORT_LABEL: &str = "Cohort analytics";
/// Label of the button that saves the cohort page.
pub const SAVE_COHORT_LABEL: &str = "Save cohort page (HTML)";

/// The cohort shown, and where its page was saved.
#[derive(Clone, Debug)]
pub struct CohortView {
    /// The folder it was read from.
    pub folder: PathBuf,
    /// The figures.
    pub cohort: Cohort,
    /// Where the page was saved, or why not.
    pub saved: Option<Result<PathBuf, String>>,
}

impl CohortView {
    /// Saves the printable page as `cohort.html` in the folder.
    pub fn save(&mut self) {
        let out = self.folder.join("cohort.html");
        let title = format!("Cohort: {}", self.folder.display());
        self.saved = Some(
            std::fs::write(&out, cohort_render::html(&self.cohort, &title))
                .map(|()| out.clone())
                .map_err(|e| format!("cannot write {}: {e}", out.display())),
        );
    }

    /// Reads the cohort of `folder`.
    pub fn load(
        folder: &Path,
        key: Option<&perfsim_core::record::PublicKey>,
    ) -> Result<Self, String> {
        // Only the programme's raters count, when it names its list.
        let raters =
            perfsim_core::programme::raters::RaterKeys::resolve(None).map_err(|e| e.to_string())?;
        let cohort = Cohort::load(folder, key, raters.as_ref())
            .map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
        Ok(Self {
            folder: folder.to_path_buf(),
            cohort,
            saved: None,
        })
    }
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{:.0} %", v * 100.0))
        .unwrap_or_else(|| "—".into())
}

/// Draws the cohort.
pub fn cohort_ui(
    ui: &mut egui::Ui,
    view: &CohortView,
    palette: &Palette,
) -> Option<BrowserCommand> {
    let mut out = None;
    let c = &view.cohort;
    ui.horizontal(|ui| {
        ui.label(RichText::new("Cohort").strong().size(16.0));
        ui.label(format!(
            "{} attempts · {} candidates · {} scored from verified replays",
            c.attempts.len(),
            c.candidates.len(),
            c.attempts.iter().filter(|a| a.scored()).count()
        ));
        if ui.button(SAVE_COHORT_LABEL).clicked() {
            out = Some(BrowserCommand::SaveCohort);
        }
        match &view.saved {
            Some(Ok(p)) => {
                ui.label(format!("Cohort page saved: {}", p.display()));
            }
            Some(Err(e)) => {
                ui.label(RichText::new(e.as_str()).color(palette.value_alarm));
            }
            None => {}
        }
    });
    egui::Grid::new("cohort_scenarios")
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for h in [
                "Scenario",
                "Attempts",
                "Pass rate",
                "Median score",
                "Borderline-regression pass mark",
                "Hardest item (done on time)",
                "Never-events",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for s in &c.scenarios {
                ui.label(&s.name);
                ui.label(s.attempts.to_string());
                ui.label(pct(s.pass_rate()));
                ui.label(
                    median(&s.scores)
                        .map(|m| format!("{m:.1} %"))
                        .unwrap_or_else(|| "—".into()),
                );
                ui.label(
                    s.borderline
                        .map(|b| format!("{:.1} % (n={})", b.pass_mark_pct, b.n))
                        .unwrap_or_else(|| "too few ratings".into()),
                );
                let hardest = s
                    .items
                    .iter()
                    .filter_map(|i| i.difficulty().map(|d| (i, d)))
                    .min_by(|a, b| a.1.total_cmp(&b.1));
                ui.label(
                    hardest
                        .map(|(i, d)| format!("{} ({})", i.name, pct(Some(d))))
                        .unwrap_or_else(|| "—".into()),
                );
                ui.label(
                    s.never_events
                        .iter()
                        .map(|(n, k)| format!("{n} ×{k}"))
                        .collect::<Vec<_>>()
                        .join("; "),
                );
                ui.end_row();
            }
        });
    out
}
