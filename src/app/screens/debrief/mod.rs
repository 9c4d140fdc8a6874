//! The debrief: the whole run's trends with fault onset, alarms and actions marked, the
//! timeline, the scoring report, and the scenario's teaching points. Only here may the
//! fault be named.

use egui::RichText;

use crate::app::TimelineEvent;
use crate::app::theme::Palette;
use crate::app::widgets::timeline_list::timeline_text;
use crate::app::widgets::trends::{TrendCache, TrendView, trends_ui};
use perfsim_core::programme::perfusion::PerfusionRecord;
use perfsim_core::review::{Outcome, Review};

pub mod chart_form;
pub mod perfusion_tab;
use perfsim_core::scoring::Report;
use perfsim_core::scoring::report::{RuleStatus, Status as ActionStatus};
use perfsim_core::session::Session;
use perfsim_core::time::{clock_label, secs_from_tick};

/// A finished run, ready to debrief.
#[derive(Clone, Debug)]
pub struct DebriefState {
    /// The finished session.
    pub session: Session,
    /// The run's trends.
    pub trends: TrendCache,
    /// The timeline, in time order (also the trends' markers).
    pub timeline: Vec<TimelineEvent>,
    /// The scoring report, when the scenario has a rubric (scored once, here).
    pub report: Option<Report>,
    /// The patient's outcome in numbers.
    pub outcome: Option<Outcome>,
    /// The perfusionist's chart of the run (the perfusion record tab).
    pub perfusion: PerfusionRecord,
    /// The run's finished record, if it was recorded (the Ratings tab rates it).
    pub record: Option<std::path::PathBuf>,
    /// The rater's form of the Ratings tab.
    pub rating_form: crate::app::screens::records::rating_tab::RatingFormState,
    /// The trainee's chart form, when the scenario asks for one (`perfusion_chart`).
    pub chart_form: Option<chart_form::ChartFormState>,
    /// The finished record, kept open to append the trainee's chart to it and, when it
    /// is kept in memory (the browser), to offer it as a download (shared so the
    /// debrief stays cloneable; `None` when unrecorded, or a file and no chart is asked).
    pub record_writer: Option<std::sync::Arc<std::sync::Mutex<perfsim_core::record::RecordWriter>>>,
    /// This debrief's own number, so its scroll area starts at the top rather than at a
    /// previous debrief's position (egui keeps scroll offsets by id).
    serial: u64,
}

/// Debriefs opened so far in this process.
static DEBRIEFS_OPENED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The button that saves the printable report.
pub const SAVE_REPORT: &str = "Save printable report…";

/// The button that offers a record kept in memory (the browser's) as a download.
pub const DOWNLOAD_RECORD: &str = "Download attempt record";

/// What the debrief asks for.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DebriefCommand {
    /// Save the printable report (HTML) with the file dialog, or download it in a browser.
    SaveReport,
    /// Offer the attempt's record, kept in memory, as a download (the browser).
    DownloadRecord,
    /// Run the same scenario again.
    Again,
    /// Back to the scenario list.
    ToStart,
}

impl DebriefState {
    /// Builds the debrief of a finished (or ended) session from the core's one review of
    /// it: the same report and timeline the record browser and `perfsim report` show.
    pub fn new(session: Session, mut trends: TrendCache) -> Self {
        trends.update(session.trace());
        let review = Review::of_session(session);
        let perfusion = PerfusionRecord::of(&review);
        let chart_form = review
            .end
            .scenario()
            .perfusion_chart
            .as_ref()
            .map(|request| chart_form::ChartFormState::new(&perfusion, request));
        let Review {
            end,
            report,
            timeline,
            outcome,
            ..
        } = review;
        Self {
            perfusion,
            record: None,
            rating_form: Default::default(),
            chart_form,
            record_writer: None,
            serial: DEBRIEFS_OPENED.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            outcome,
            session: end,
            trends,
            timeline,
            report,
        }
    }
}

impl DebriefState {
    /// Keeps the finished record open to append the trainee's chart, when the scenario
    /// asks for one, and to download it, when it is kept in memory; otherwise lets it go
    /// (closing a file releases its lock).
    pub fn keep_record(&mut self, record: Option<perfsim_core::record::RecordWriter>) {
        self.record_writer = record
            .filter(|w| self.chart_form.is_some() || w.bytes().is_some())
            .map(|w| std::sync::Arc::new(std::sync::Mutex::new(w)));
    }

    /// The record kept in memory (the browser's), as a file name and its text, with the
    /// trainee's chart if it was submitted; `None` when the record is a file or there is
    /// none.
    pub fn record_download(&self) -> Option<(String, String)> {
        let writer = self.record_writer.as_ref()?.lock().ok()?;
        let text = String::from_utf8(writer.bytes()?.to_vec()).ok()?;
        let header = writer.header()?;
        let name = perfsim_core::record::folder::file_name_for(
            &header.started_at_utc,
            &header.candidate_id,
        );
        Some((format!("perfsim_{name}"), text))
    }

    /// Whether the record is kept in memory, to be downloaded.
    fn record_in_memory(&self) -> bool {
        self.record_writer
            .as_ref()
            .and_then(|w| w.lock().ok().map(|w| w.bytes().is_some()))
            .unwrap_or(false)
    }
}

/// Label shown when the scenario has no rubric, so there is nothing to score.
pub const NO_RUBRIC: &str = "This scenario has no rubric: no score";

fn status_color(status: ActionStatus, palette: &Palette) -> egui::Color32 {
    match status {
        ActionStatus::Done => palette.value_normal,
        ActionStatus::Late => palette.value_caution,
        ActionStatus::Missed | ActionStatus::Wrong => palette.value_alarm,
        ActionStatus::NotApplicable | ActionStatus::NotReached => palette.tile_label,
    }
}

/// Heading of the patient's outcome in numbers.
pub const OUTCOME_HEADING: &str = "Patient outcome";

/// The patient's outcome in numbers: air delivered, ischaemic minutes, lowest rSO2, worst
/// DO2i, time with MAP below target, peak lactate.
pub fn outcome_ui(ui: &mut egui::Ui, outcome: Option<&Outcome>) {
    let Some(outcome) = outcome else {
        return;
    };
    ui.label(RichText::new(OUTCOME_HEADING).strong().size(16.0));
    egui::Grid::new("outcome_grid")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (label, value) in outcome.rows() {
                ui.label(label);
                ui.label(RichText::new(value).monospace().strong());
                ui.end_row();
            }
        });
    ui.separator();
}

/// The scoring report: score, pass or fail, critical errors, every critical action (done,
/// late, missed or wrong, with its time from its anchor), sequence rules, never-events, time
/// outside each range and the sections. `None` means the scenario has no rubric.
pub fn debrief_report_ui(ui: &mut egui::Ui, report: Option<&Report>, palette: &Palette) {
    let Some(report) = report else {
        ui.label(RichText::new(NO_RUBRIC).strong());
        return;
    };
    let (verdict, color) = if report.passed {
        ("PASSED", palette.value_normal)
    } else {
        ("FAILED", palette.value_alarm)
    };
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("Score {:.0} %", report.score_pct))
                .size(22.0)
                .strong(),
        );
        ui.label(RichText::new(verdict).size(22.0).strong().color(color));
        ui.label(format!("pass mark {:.0} %", report.pass_mark_pct));
    });
    for error in &report.critical_errors {
        ui.label(
            RichText::new(format!("Critical error: {error}"))
                .color(palette.value_alarm)
                .strong(),
        );
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Critical actions").strong());
    for a in &report.critical_actions {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(a.status.label())
                    .strong()
                    .color(status_color(a.status, palette)),
            );
            ui.label(&a.name);
            // Timed from the item's own anchor (fault onset, first cue, an alarm or an
            // event), named with its time, as the printed report says it.
            let timing = a.timing();
            let onset = if timing.is_empty() {
                String::new()
            } else {
                format!("{} · ", timing.trim())
            };
            ui.label(
                RichText::new(format!("{onset}{:.0}/{:.0} points", a.points, a.max_points)).weak(),
            );
        });
    }
    if !report.sequence_rules.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new("Sequence").strong());
        for r in &report.sequence_rules {
            let color = match r.status {
                RuleStatus::Kept => palette.value_normal,
                RuleStatus::Broken => palette.value_alarm,
                RuleStatus::NotReached => palette.tile_label,
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(r.status.label()).strong().color(color));
                ui.label(&r.name);
            });
        }
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Never-events").strong());
    if report.never_events.is_empty() {
        ui.label(RichText::new("none").color(palette.value_normal));
    }
    for n in &report.never_events {
        ui.label(
            RichText::new(format!(
                "{} at {}{}",
                n.name,
                clock_label(perfsim_core::time::tick_from_secs(n.t_s)),
                if n.fails { " (fails the attempt)" } else { "" }
            ))
            .color(palette.value_alarm)
            .strong(),
        );
    }
    if !report.ranges.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new("Time outside safe ranges").strong());
        for r in &report.ranges {
            let color = if r.s_outside > 0.0 {
                palette.value_caution
            } else {
                palette.value_normal
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("{:.0} s", r.s_outside))
                        .strong()
                        .color(color),
                );
                ui.label(&r.name);
            });
        }
    }
}

/// Draws the debrief.
pub fn debrief_ui(
    ui: &mut egui::Ui,
    state: &mut DebriefState,
    palette: &Palette,
) -> Option<DebriefCommand> {
    let in_memory = state.record_in_memory();
    let DebriefState {
        session,
        trends,
        timeline,
        report,
        outcome,
        perfusion,
        record,
        rating_form,
        chart_form,
        record_writer,
        serial,
    } = state;
    let mut submit = false;
    let mut submit_chart = false;
    let mut out = None;
    let scenario = session.scenario();
    // While the trainee's own chart is asked and not yet submitted, the debrief shows
    // only the form: its trends, timeline and report would hand over the answers.
    let chart_pending = chart_form.as_ref().is_some_and(|f| f.submitted.is_none());
    ui.horizontal(|ui| {
        ui.heading(format!("Debrief: {}", scenario.name));
        ui.label(format!(
            "· {} simulated · seed {}",
            clock_label(session.tick()),
            session.seed()
        ));
        if ui.button("Run again").clicked() {
            out = Some(DebriefCommand::Again);
        }
        if ui.button("Scenario list").clicked() {
            out = Some(DebriefCommand::ToStart);
        }
        // Shown (so the row keeps its layout) but unusable until the chart is in: the
        // report would give its answers away.
        if report.is_some()
            && ui
                .add_enabled(!chart_pending, egui::Button::new(SAVE_REPORT))
                .on_disabled_hover_text("After your chart")
                .clicked()
        {
            out = Some(DebriefCommand::SaveReport);
        }
        // The browser's record: a download, signed with this browser's practice key.
        // On the desktop the record is already in its folder.
        if in_memory
            && ui
                .button(DOWNLOAD_RECORD)
                .on_hover_text(
                    "A practice record signed with this browser's practice key: `perfsim verify` checks it, but it is not evidence of an exam",
                )
                .clicked()
        {
            out = Some(DebriefCommand::DownloadRecord);
        }
    });
    ui.separator();
    if chart_pending {
        egui::CentralPanel::default_margins().show(ui, |ui| {
            ui.label(RichText::new(chart_form::CHART_FIRST).strong());
            if let Some(form) = chart_form.as_mut() {
                submit_chart = chart_form::chart_form_ui(ui, form);
            }
        });
        if submit_chart {
            // The debrief then opens on the chart beside the truth.
            ui.data_mut(|d| d.insert_temp(side_tab_id(), perfusion_tab::SideTab::Perfusion));
        }
    } else {
        egui::Panel::left("debrief_side")
            .default_size(420.0)
            .resizable(true)
            .show(ui, |ui| {
                // A fresh id per debrief, so a new one opens at its top rather than at the
                // previous debrief's scroll position.
                egui::ScrollArea::vertical()
                    .id_salt(("debrief_side_scroll", *serial))
                    .show(ui, |ui| {
                        let tab = perfusion_tab::side_tabs_ui(ui, side_tab_id(), record.is_some());
                        match (tab, record.as_deref()) {
                            (perfusion_tab::SideTab::Perfusion, _) => {
                                // The trainee's chart (submitted before the debrief
                                // opened) beside the truth, then the truth.
                                if let Some(form) = chart_form.as_ref()
                                    && let Some((_, score)) = &form.submitted
                                {
                                    chart_form::chart_score_ui(ui, score, palette);
                                    if let Some(m) = &form.message {
                                        let (text, color) = match m {
                                            Ok(t) => (t, palette.value_normal),
                                            Err(t) => (t, palette.value_alarm),
                                        };
                                        ui.label(RichText::new(text).color(color));
                                    }
                                }
                                perfusion_tab::perfusion_record_ui(ui, perfusion, palette);
                                return;
                            }
                            (perfusion_tab::SideTab::Ratings, Some(path)) => {
                                let asked = crate::app::screens::records::rating_tab::rating_tab_ui(
                                    ui,
                                    rating_form,
                                    path,
                                    report.as_ref(),
                                    session.tick(),
                                    palette,
                                );
                                submit = asked.is_some();
                                return;
                            }
                            _ => {}
                        }
                        outcome_ui(ui, outcome.as_ref());
                        ui.label(RichText::new("Report").strong().size(16.0));
                        debrief_report_ui(ui, report.as_ref(), palette);
                        ui.separator();
                        ui.label(RichText::new("Teaching points").strong().size(16.0));
                        // The report's list starts with the points this run earned, then the
                        // scenario's general ones; without a report, the general ones.
                        let points = match report {
                            Some(r) => &r.teaching_points,
                            None => &scenario.debrief,
                        };
                        if points.is_empty() {
                            ui.label(RichText::new("(none in this scenario)").weak());
                        }
                        for point in points {
                            ui.add(egui::Label::new(format!("• {point}")).wrap());
                        }
                        ui.separator();
                        ui.label(RichText::new("Timeline").strong().size(16.0));
                        egui::Grid::new("timeline").striped(true).show(ui, |ui| {
                            for row in timeline.iter() {
                                ui.monospace(clock_label(row.tick));
                                ui.label(timeline_text(row, palette));
                                ui.end_row();
                            }
                        });
                    });
            });
        egui::CentralPanel::default_margins().show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new("Trends over the whole run:").strong());
                ui.label(RichText::new("— fault onset").color(palette.marker_fault));
                ui.label(RichText::new("-- alarm").color(palette.marker_alarm));
                ui.label(RichText::new("-- action").color(palette.marker_action));
            });
            trends_ui(
                ui,
                "debrief_trends",
                trends,
                TrendView {
                    now_min: secs_from_tick(session.tick()) / 60.0,
                    window_secs: None,
                    cursor: None,
                },
                timeline,
                palette,
            );
        });
    }
    // The trainee's chart changes no run: it is scored here and, when the run was
    // recorded, appended to its record after the footer.
    if submit_chart
        && let (Some(form), Some(request)) = (chart_form.as_mut(), &scenario.perfusion_chart)
    {
        let entries = form.submit(perfusion, request);
        form.message = record_writer.as_ref().map(|w| {
            let entry = perfsim_core::record::Entry::TraineeChart {
                tick: session.tick(),
                entries,
            };
            match w.lock() {
                Ok(mut w) => w
                    .append(&entry)
                    .map(|()| "Your chart is signed into the run's record.".to_string())
                    .map_err(|e| format!("Your chart was not recorded: {e}")),
                Err(_) => Err("Your chart was not recorded: the record is unavailable".into()),
            }
        });
    }
    // The rater's form is this screen's own state: signing and storing it changes no run.
    if submit && let Some(path) = record.as_deref() {
        rating_form.submit(path, report.as_ref(), session.tick());
    }
    out
}

/// Where the debrief keeps which side tab is open.
fn side_tab_id() -> egui::Id {
    egui::Id::unique("debrief_tab")
}

#[cfg(test)]
mod tests;
