//! Drawing the run screen: top bar (clock, pause and speed, trend window, briefing,
//! end, instructor console), alarms and hints, the controls, the patient view with labs
//! and the console log, the trends, and the bolus confirmation. Keyboard shortcuts come
//! from the [`UiCommand`] table.

use egui::RichText;

use perfsim_core::action::{Action, Drug};
use perfsim_core::record::Mode;
use perfsim_core::time::{clock_label, secs_from_tick};

use super::RunState;
use crate::app::clock::Speed;
use crate::app::prefs::{Prefs, TrendWindow};
use crate::app::screens::instructor::names;
use crate::app::theme::Palette;
use crate::app::widgets::controls::{self, ControlCommand};
use crate::app::widgets::prefs_bar::top_right_prefs_ui;
use crate::app::widgets::trends::{self, TrendView};
use crate::app::widgets::{alarms, feed, labs, patient_view};
use crate::app::{Command, UiCommand};

/// The commands whose keys were pressed this frame; none while a bolus waits for
/// confirmation. Pause exists only in practice, so in an exam Space stays unconsumed.
fn shortcut_commands(ctx: &egui::Context, run: &RunState) -> Vec<Command> {
    if run.pending_confirm.is_some() {
        return Vec::new();
    }
    let practice = run.mode == Mode::Practice;
    let settings = run.session().sim().settings();
    UiCommand::listen_for_kb_shortcuts(ctx, |c| practice || c != UiCommand::TogglePause)
        .into_iter()
        .filter_map(|c| match c {
            UiCommand::TogglePause => Some(Command::TogglePause),
            UiCommand::ToggleHelp => Some(Command::ToggleHelp),
            other => other.action(&settings).map(Command::Act),
        })
        .collect()
}

/// What a candidate sees when the exam's record cannot be written.
pub const RECORD_STOPPED_FOR_CANDIDATE: &str =
    "The attempt is paused because it cannot be recorded. Please call the facilitator.";

/// Draws the run screen: alarms, monitors, circuit, controls, trends and log; returns the
/// commands the trainee gave.
pub fn run_ui(
    ui: &mut egui::Ui,
    run: &mut RunState,
    prefs: &Prefs,
    palette: &Palette,
    commands: &mut Vec<Command>,
) {
    // Before any button is drawn, so a focused button never acts on the same key.
    commands.extend(shortcut_commands(ui.ctx(), run));
    let RunState {
        driver,
        mode,
        exam,
        frozen,
        instructor: _,
        console_open: _,
        record_error,
        last_beat_ns: _,
        path: _,
        stepper: _,
        speed,
        paused,
        trends,
        controls,
        pending_confirm,
        messages,
        show_briefing,
        markers,
        marked: _,
    } = run;
    let session = driver.session();
    let exam_mode = *mode == Mode::Exam;
    let sim = session.sim();
    let tick = session.tick();
    let settings = sim.settings();
    let scenario = session.scenario();

    egui::Panel::top("run_top").show(ui, |ui| {
        ui.horizontal(|ui| {
            match exam {
                Some(e) if exam_mode => ui.label(
                    RichText::new(format!("perfsim · exam · candidate {}", e.candidate_id))
                        .strong(),
                ),
                _ => ui.label(RichText::new("perfsim · practice").strong()),
            };
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "{} / {}",
                    clock_label(tick),
                    clock_label(scenario.duration_ticks)
                ))
                .monospace()
                .size(18.0),
            );
            if !exam_mode {
                let pause = UiCommand::TogglePause;
                let pause_label =
                    pause.button_text_as(if *paused { "Resume" } else { pause.label() });
                if ui.button(pause_label).on_hover_text(pause.help()).clicked() {
                    commands.push(Command::TogglePause);
                }
                if *paused {
                    ui.label(
                        RichText::new("PAUSED")
                            .strong()
                            .color(palette.value_caution),
                    );
                }
                for s in Speed::ALL {
                    if ui.selectable_label(*speed == s, s.label()).clicked() {
                        commands.push(Command::SetSpeed(s));
                    }
                }
            }
            if *frozen {
                ui.label(
                    RichText::new("Paused by the facilitator")
                        .strong()
                        .color(palette.value_caution),
                );
            }
            ui.separator();
            ui.label("Trends");
            for w in TrendWindow::ALL {
                if ui
                    .selectable_label(prefs.trend_window == w, w.label())
                    .clicked()
                {
                    commands.push(Command::SetTrendWindow(w));
                }
            }
            ui.separator();
            if ui.button("Briefing").clicked() {
                commands.push(Command::ToggleBriefing);
            }
            if !exam_mode && ui.button("End run").clicked() {
                commands.push(Command::EndRun);
            }
            if ui.button(names::OPEN).clicked() {
                commands.push(Command::ToggleConsole);
            }
            top_right_prefs_ui(ui, prefs, commands);
        });
    });

    egui::Panel::top("run_alarms").show(ui, |ui| {
        if alarms::alarms_ui(
            ui,
            sim.alarms_active(),
            sim.alarms_unacknowledged(),
            palette,
        )
        .is_some()
        {
            commands.push(Command::Act(Action::AcknowledgeAlarms));
        }
        if let Some((proc_, end)) = sim.procedure() {
            ui.label(
                RichText::new(format!(
                    "{proc_:?} under way, {} left",
                    clock_label(end.saturating_sub(tick))
                ))
                .color(palette.value_caution),
            );
        }
        if let Some(e) = record_error {
            // The details are the facilitator's (the instructor console has them); the
            // candidate in an exam learns only that the attempt stopped and whom to call.
            let shown = if exam_mode {
                RECORD_STOPPED_FOR_CANDIDATE
            } else {
                e.as_str()
            };
            ui.label(RichText::new(shown).color(palette.message_warning));
        }
        let now_s = secs_from_tick(tick);
        let hints = if exam_mode {
            &[][..]
        } else {
            &scenario.hints[..]
        };
        if let Some(hint) = hints.iter().rev().find(|h| h.at_s <= now_s) {
            ui.label(RichText::new(format!("Hint: {}", hint.text)).italics());
        }
    });

    egui::Panel::right("run_controls")
        .default_size(350.0)
        .min_size(300.0)
        .resizable(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                if let Some(cmd) = controls::controls_ui(ui, controls, &settings) {
                    commands.push(match cmd {
                        ControlCommand::Act(a) => Command::Act(a),
                        ControlCommand::Bolus { drug, dose } => Command::Bolus { drug, dose },
                    });
                }
            });
        });

    egui::CentralPanel::default_margins().show(ui, |ui| {
        let layout = patient_view::RowLayout {
            height_share: 0.36,
            min_height: 150.0,
            max_height: 260.0,
            circuit_share: 0.55,
            circuit_min_width: 380.0,
        };
        patient_view::patient_view_ui(ui, sim, scenario, tick, layout, palette, |ui, row_h| {
            ui.set_height(row_h);
            ui.vertical(|ui| {
                ui.label(RichText::new("Labs").strong());
                egui::ScrollArea::vertical()
                    .id_salt("labs_scroll")
                    .max_height(row_h * 0.42)
                    .auto_shrink([false, true])
                    .show(ui, |ui| labs::labs_ui(ui, sim.labs(), tick, palette));
                ui.separator();
                ui.label(RichText::new("Console log").strong());
                let lines = feed::feed_lines(session.log(), session.events(), messages, 40);
                egui::ScrollArea::vertical()
                    .id_salt("feed_scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| feed::feed_ui(ui, &lines, palette));
            });
        });
        ui.separator();
        trends::trends_ui(
            ui,
            "run_trends",
            trends,
            TrendView {
                now_min: secs_from_tick(tick) / 60.0,
                window_secs: Some(prefs.trend_window.secs()),
                cursor: None,
            },
            markers,
            palette,
        );
    });

    if let Some(action) = pending_confirm {
        let warning = match action {
            Action::DrugBolus {
                drug: Drug::Protamine,
                ..
            } => "Protamine reverses heparin. Given on bypass, the circuit can clot.",
            _ => "This is a large dose.",
        };
        let modal = egui::Modal::new(egui::Id::unique("confirm_dose")).show(ui.ctx(), |ui| {
            ui.heading("Confirm dose");
            ui.label(RichText::new(action.describe()).strong().size(18.0));
            ui.label(warning);
            ui.horizontal(|ui| {
                if ui.button("Give now").clicked() {
                    commands.push(Command::ConfirmPending);
                }
                if ui.button("Cancel").clicked() {
                    commands.push(Command::CancelPending);
                }
            });
        });
        if modal.should_close() {
            commands.push(Command::CancelPending);
        }
    }

    if *show_briefing {
        let mut open = true;
        egui::Window::new("Briefing")
            .open(&mut open)
            .default_width(420.0)
            .show(ui.ctx(), |ui| {
                ui.label(&scenario.briefing);
            });
        if !open {
            commands.push(Command::ToggleBriefing);
        }
    }
}
