//! One open record: the moment at the cursor (monitors, circuit, labs), the whole run's
//! trends, the timeline bar and list, and the report.

use egui::RichText;

use super::{
    BRANCH_LABEL, BrowserCommand, EDITED_BANNER, PRACTICE_LABEL, RecordView, SAVE_HTML_LABEL,
    SAVE_MD_LABEL, UNVERIFIED_NO_SCORE,
};
use crate::app::screens::debrief;
use crate::app::theme::Palette;
use crate::app::widgets::timeline_bar::timeline_bar_ui;
use crate::app::widgets::timeline_list::timeline_text;
use crate::app::widgets::trends::{TrendView, trends_ui};
use crate::app::widgets::{labs, patient_view};
use perfsim_core::record::report::ReportFormat;
use perfsim_core::review::{Integrity, Review, ReviewedRecord};
use perfsim_core::time::{TICKS_PER_SEC, Tick, clock_label, secs_from_tick};

/// Seconds ← and → move the cursor (Shift: a minute).
const ARROW_STEP_S: i64 = 10;

pub(super) fn record_ui(
    ui: &mut egui::Ui,
    rec: &RecordView,
    rating_form: &mut super::rating_tab::RatingFormState,
    palette: &Palette,
) -> Option<BrowserCommand> {
    let RecordView {
        review,
        trends,
        cursor,
        at_cursor,
        saved,
        perfusion,
        trainee_chart,
    } = rec;
    let Review {
        record,
        actions: _,
        checkpoint_ticks: _,
        checkpoints: _,
        end,
        report,
        timeline,
        outcome,
    } = review;
    let mut out = None;
    // The browser opens records, so a review without one is not expected; say so rather
    // than draw a header from nothing.
    let Some(ReviewedRecord {
        recovered,
        integrity,
    }) = record
    else {
        egui::CentralPanel::default_margins().show(ui, |ui| {
            ui.label("This attempt was not recorded.");
            if ui.button("Back to records").clicked() {
                out = Some(BrowserCommand::Close);
            }
        });
        return out;
    };
    let h = recovered.header();
    let end_tick = end.tick();
    let seek_by = |secs: i64| {
        let t = (*cursor as i64 + secs * TICKS_PER_SEC as i64).clamp(0, end_tick as i64);
        BrowserCommand::Seek(t as Tick)
    };
    if !ui.ctx().egui_wants_keyboard_input() {
        ui.input(|i| {
            let step = if i.modifiers.shift { 60 } else { ARROW_STEP_S };
            if i.key_pressed(egui::Key::ArrowLeft) {
                out = Some(seek_by(-step));
            }
            if i.key_pressed(egui::Key::ArrowRight) {
                out = Some(seek_by(step));
            }
        });
    }
    egui::Panel::top("browser_top").show(ui, |ui| {
        ui.horizontal(|ui| {
            if ui.button("Back to records").clicked() {
                out = Some(BrowserCommand::Close);
            }
            ui.heading(format!("Record: {}", h.scenario_name));
            ui.label(
                RichText::new(format!(
                    "candidate {} · facilitator {} · {} · {} · seed {}",
                    if h.candidate_id.is_empty() {
                        "—"
                    } else {
                        &h.candidate_id
                    },
                    if h.facilitator.is_empty() {
                        "—"
                    } else {
                        &h.facilitator
                    },
                    h.mode.label(),
                    h.started_at_utc,
                    h.seed
                ))
                .weak(),
            );
        });
        ui.horizontal_wrapped(|ui| {
            match integrity {
                Integrity::Intact => {
                    ui.label(RichText::new("integrity: intact").color(palette.value_normal));
                }
                Integrity::Practice => {
                    ui.label(
                        RichText::new(PRACTICE_LABEL)
                            .color(palette.value_caution)
                            .strong(),
                    );
                }
                Integrity::Edited(why) => {
                    egui::Frame::new()
                        .fill(palette.alarm_bg)
                        .corner_radius(3.0)
                        .inner_margin(egui::Margin::symmetric(6, 2))
                        .show(ui, |ui| {
                            ui.label(
                                RichText::new(format!("{EDITED_BANNER} — {why}"))
                                    .color(palette.alarm_text)
                                    .strong()
                                    .size(16.0),
                            );
                        });
                }
                other => {
                    ui.label(
                        RichText::new(format!("integrity: {}", other.text()))
                            .color(palette.value_caution),
                    );
                }
            }
            ui.separator();
            match recovered.cut() {
                None => ui.label(format!("complete · {}", clock_label(end_tick))),
                Some(c) => ui.label(
                    RichText::new(format!(
                        "interrupted at {} (stops at line {})",
                        clock_label(end_tick),
                        c.line
                    ))
                    .color(palette.value_caution),
                ),
            };
            ui.separator();
            if ui.button(SAVE_HTML_LABEL).clicked() {
                out = Some(BrowserCommand::SaveReport(ReportFormat::Html));
            }
            if ui.button(SAVE_MD_LABEL).clicked() {
                out = Some(BrowserCommand::SaveReport(ReportFormat::Markdown));
            }
            match saved {
                Some(Ok(p)) => {
                    ui.label(format!("Report saved: {}", p.display()));
                }
                Some(Err(e)) => {
                    ui.label(RichText::new(e.as_str()).color(palette.value_alarm));
                }
                None => {}
            }
        });
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!(
                    "{} / {}",
                    clock_label(*cursor),
                    clock_label(end_tick)
                ))
                .monospace()
                .size(18.0),
            );
            let step =
                |ui: &mut egui::Ui, label: &str, delta: i64, out: &mut Option<BrowserCommand>| {
                    if ui.button(label).clicked() {
                        *out = Some(seek_by(delta));
                    }
                };
            step(ui, "-1 min", -60, &mut out);
            step(ui, "-10 s", -10, &mut out);
            step(ui, "+10 s", 10, &mut out);
            step(ui, "+1 min", 60, &mut out);
            if ui.button("Previous event").clicked()
                && let Some(e) = timeline.iter().rev().find(|e| e.tick < *cursor)
            {
                out = Some(BrowserCommand::Seek(e.tick));
            }
            if ui.button("Next event").clicked()
                && let Some(e) = timeline.iter().find(|e| e.tick > *cursor)
            {
                out = Some(BrowserCommand::Seek(e.tick));
            }
            ui.separator();
            if ui
                .button(RichText::new(BRANCH_LABEL).strong())
                .on_hover_text("A new practice run from this moment, with the actions so far kept")
                .clicked()
            {
                out = Some(BrowserCommand::Branch);
            }
        });
        if let Some(t) = timeline_bar_ui(ui, end_tick, *cursor, timeline, palette) {
            out = Some(BrowserCommand::Seek(t));
        }
        ui.add_space(2.0);
    });

    egui::Panel::left("browser_side")
        .default_size(380.0)
        .min_size(280.0)
        .resizable(true)
        .show(ui, |ui| {
            ui.label(
                RichText::new("Timeline (click to jump)")
                    .strong()
                    .size(16.0),
            );
            let list_h = (ui.available_height() * 0.5).max(120.0);
            egui::ScrollArea::vertical()
                .id_salt("browser_events_scroll")
                .max_height(list_h)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    egui::Grid::new("browser_events")
                        .striped(true)
                        .show(ui, |ui| {
                            for e in timeline {
                                ui.monospace(clock_label(e.tick));
                                let text = timeline_text(e, palette);
                                if ui.selectable_label(e.tick == *cursor, text).clicked() {
                                    out = Some(BrowserCommand::Seek(e.tick));
                                }
                                ui.end_row();
                            }
                        });
                });
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("browser_report_scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let tab = debrief::perfusion_tab::side_tabs_ui(
                        ui,
                        egui::Id::unique("browser_tab"),
                        true,
                    );
                    match tab {
                        debrief::perfusion_tab::SideTab::Perfusion => {
                            // The chart is the record's facts, not its score: shown for
                            // any record that opens, its integrity in the banner above.
                            if let Some(score) = trainee_chart {
                                debrief::chart_form::chart_score_ui(ui, score, palette);
                            }
                            debrief::perfusion_tab::perfusion_record_ui(ui, perfusion, palette);
                            return;
                        }
                        debrief::perfusion_tab::SideTab::Ratings => {
                            let asked = super::rating_tab::rating_tab_ui(
                                ui,
                                rating_form,
                                &recovered.path,
                                report.as_ref(),
                                *cursor,
                                palette,
                            );
                            if asked.is_some() {
                                out = Some(BrowserCommand::SubmitRating);
                            }
                            return;
                        }
                        debrief::perfusion_tab::SideTab::Report => {}
                    }
                    debrief::outcome_ui(ui, outcome.as_ref());
                    ui.label(RichText::new("Report").strong().size(16.0));
                    if recovered.cut().is_some() {
                        ui.label(
                            RichText::new("Interrupted attempt: scored up to where it stops.")
                                .weak(),
                        );
                    }
                    // A record that does not verify shows no score: anyone could have
                    // written it.
                    if integrity.trusted() {
                        if *integrity == Integrity::Practice {
                            ui.label(RichText::new(PRACTICE_LABEL).color(palette.value_caution));
                        }
                        debrief::debrief_report_ui(ui, report.as_ref(), palette);
                    } else {
                        ui.label(
                            RichText::new(UNVERIFIED_NO_SCORE)
                                .strong()
                                .color(palette.value_alarm),
                        );
                    }
                });
        });

    egui::CentralPanel::default_margins().show(ui, |ui| {
        let sim = at_cursor.sim();
        let tick = at_cursor.tick();
        let scenario = at_cursor.scenario();
        let layout = patient_view::RowLayout {
            height_share: 0.34,
            min_height: 140.0,
            max_height: 240.0,
            circuit_share: 0.62,
            circuit_min_width: 360.0,
        };
        patient_view::patient_view_ui(ui, sim, scenario, tick, layout, palette, |ui, _| {
            ui.vertical(|ui| {
                ui.label(RichText::new(format!("Labs at {}", clock_label(tick))).strong());
                egui::ScrollArea::vertical()
                    .id_salt("browser_labs")
                    .auto_shrink([false, false])
                    .show(ui, |ui| labs::labs_ui(ui, sim.labs(), tick, palette));
            });
        });
        ui.separator();
        ui.horizontal(|ui| {
            ui.label(RichText::new("Whole run:").strong());
            ui.label(RichText::new("| cursor").color(palette.marker_cursor));
            ui.label(RichText::new("— fault").color(palette.marker_fault));
            ui.label(RichText::new("-- alarm").color(palette.marker_alarm));
            ui.label(RichText::new("-- action").color(palette.marker_action));
        });
        trends_ui(
            ui,
            "browser_trends",
            trends,
            TrendView {
                now_min: secs_from_tick(end_tick) / 60.0,
                window_secs: None,
                cursor: Some(*cursor),
            },
            timeline,
            palette,
        );
    });
    out
}
