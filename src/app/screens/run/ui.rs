//! Drawing the run screen: top bar (clock, pause and speed, trend window, briefing,
//! end, instructor console), alarms and hints, the controls, the patient view with labs
//! and the console log, the trends, and the bolus confirmation. Keyboard shortcuts come
//! from the [`UiCommand`] table.

use egui::RichText;

use perfsim_core::action::{Action, Drug};
use perfsim_core::model::events::{Event, LoggedEvent, Procedure};
use perfsim_core::record::Mode;
use perfsim_core::time::{Tick, clock_label, secs_from_tick};

use super::RunState;
use crate::app::clock::Speed;
use crate::app::prefs::{Prefs, TrendWindow};
use crate::app::screens::instructor::names;
use crate::app::theme::Palette;
use crate::app::widgets::controls::{self, ControlCommand};
use crate::app::widgets::prefs_bar::top_right_prefs_ui;
use crate::app::widgets::trends::{self, TrendView};
use crate::app::widgets::{
    alarms, checklist, feed, hlm_controls, labs, patient_view, safety_servos,
};
use crate::app::{Command, UiCommand};

/// The top bar's button that ends the run (after a confirmation).
pub const END_RUN: &str = "End run";
/// The confirmation's button that ends the run.
pub const END_RUN_CONFIRM: &str = "End the run";

/// Height of the strip under the top bar: one row of alarms, one of procedure and hint,
/// one of what the theatre team says.
const STATUS_STRIP_H: f32 = 82.0;
/// Height of the alarm row in that strip.
const ALARM_ROW_H: f32 = 30.0;
/// Height of the procedure-and-hint row in that strip.
const INFO_ROW_H: f32 = 26.0;
/// How long (simulated seconds) the team's latest line stays in the message strip.
const TEAM_LINE_SHOWN_S: f64 = 90.0;
/// Width of a timed procedure's progress bar.
const PROGRESS_W: f32 = 140.0;
/// Narrowest controls panel: two columns of console modules.
const CONTROLS_MIN_W: f32 = 520.0;

/// The status strip's three rows: alarms; procedure, record error and hint; the team.
fn strip_rows(rect: egui::Rect) -> [egui::Rect; 3] {
    let (alarm, rest) = rect.split_top_bottom_at_y(rect.top() + ALARM_ROW_H);
    let (info, team) = rest.split_top_bottom_at_y(rest.top() + INFO_ROW_H);
    [alarm, info, team]
}

/// How far the procedure under way (ending at `end`) has gone, 0-1: from its
/// `ProcedureStarted` event, the latest one in the log.
fn procedure_progress(events: &[LoggedEvent], tick: Tick, end: Tick) -> f32 {
    let start = events
        .iter()
        .rev()
        .find(|e| matches!(e.event, Event::ProcedureStarted { .. }))
        .map_or(tick, |e| e.tick);
    let total = end.saturating_sub(start).max(1);
    (tick.saturating_sub(start) as f32 / total as f32).clamp(0.0, 1.0)
}

/// Draws `add` left to right in `rect`, clipped to it, without moving anything else.
fn row_ui<R>(ui: &mut egui::Ui, rect: egui::Rect, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect)
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
    );
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    add(&mut child)
}

/// What the banner calls a procedure.
pub fn procedure_text(procedure: Procedure) -> &'static str {
    match procedure {
        Procedure::OxygenatorChange => "Oxygenator change",
        Procedure::Deair => "De-airing",
        Procedure::CircuitChange => "Circuit change",
        Procedure::CannulaReposition => "Cannula repositioning",
        Procedure::DriveChange => "Drive change",
    }
}

/// The commands whose keys were pressed this frame; none while a bolus waits for
/// confirmation. Pause exists only in practice, so in an exam Space stays unconsumed.
fn shortcut_commands(ctx: &egui::Context, run: &RunState) -> Vec<Command> {
    if run.pending_confirm.is_some() || run.confirm_end {
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
        confirm_end,
        markers,
        marked: _,
        cues,
        team_said,
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
                // A fixed width, so "Resume" and "Pause" do not shift what follows.
                let pause_button = egui::Button::new(pause_label).min_size(egui::vec2(110.0, 0.0));
                if ui.add(pause_button).on_hover_text(pause.help()).clicked() {
                    commands.push(Command::TogglePause);
                }
                for s in Speed::ALL {
                    if ui.selectable_label(*speed == s, s.label()).clicked() {
                        commands.push(Command::SetSpeed(s));
                    }
                }
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
            if !exam_mode && ui.button(END_RUN).clicked() {
                *confirm_end = true;
            }
            // The instructor's console is a second window: desktop only.
            let console = ui.add_enabled(
                cfg!(not(target_arch = "wasm32")),
                egui::Button::new(names::OPEN),
            );
            if console
                .on_disabled_hover_text(crate::app::DESKTOP_ONLY_RECORDS)
                .clicked()
            {
                commands.push(Command::ToggleConsole);
            }
            top_right_prefs_ui(ui, prefs, commands);
        });
    });

    // A strip of fixed height, so an alarm, a procedure or a hint never moves the console.
    egui::Panel::top("run_alarms")
        .exact_size(STATUS_STRIP_H)
        .show(ui, |ui| {
            let [alarm_row, info_row, team_row] = strip_rows(ui.max_rect());
            let alarm_cmd = row_ui(ui, alarm_row, |ui| {
                alarms::alarms_ui(
                    ui,
                    sim.alarms_active(),
                    sim.alarms_unacknowledged(),
                    palette,
                )
            });
            if alarm_cmd.is_some() {
                commands.push(Command::Act(Action::AcknowledgeAlarms));
            }
            row_ui(ui, info_row, |ui| {
                // The paused state leads this row, so showing it moves nothing.
                let status = if *frozen {
                    Some("Paused by the facilitator")
                } else if *paused && !exam_mode {
                    Some("PAUSED")
                } else {
                    None
                };
                if let Some(status) = status {
                    ui.label(RichText::new(status).strong().color(palette.value_caution));
                }
                if let Some((proc_, end)) = sim.procedure() {
                    ui.label(
                        RichText::new(format!(
                            "{} under way, {} left",
                            procedure_text(proc_),
                            clock_label(end.saturating_sub(tick))
                        ))
                        .color(palette.value_caution),
                    );
                    let progress = procedure_progress(session.events(), tick, end);
                    ui.add(
                        egui::ProgressBar::new(progress)
                            .desired_width(PROGRESS_W)
                            .show_percentage(),
                    );
                }
                if let Some(e) = record_error {
                    // The details are the facilitator's (the instructor console has
                    // them); a candidate learns only that the attempt stopped, and whom
                    // to call.
                    let shown = if exam_mode {
                        RECORD_STOPPED_FOR_CANDIDATE
                    } else {
                        e.as_str()
                    };
                    ui.add(
                        egui::Label::new(RichText::new(shown).color(palette.message_warning))
                            .truncate(),
                    );
                }
                // The latest hint that holds now; withdrawn when its condition clears.
                let hint = if exam_mode {
                    None
                } else {
                    cues.hints(session).last()
                };
                if let Some(hint) = hint {
                    ui.add(
                        egui::Label::new(RichText::new(format!("Hint: {}", hint.text)).italics())
                            .truncate(),
                    );
                }
            });
            row_ui(ui, team_row, |ui| {
                let recent = team_said
                    .last()
                    .filter(|m| secs_from_tick(tick.saturating_sub(m.tick)) <= TEAM_LINE_SHOWN_S);
                if let Some(m) = recent {
                    ui.add(
                        egui::Label::new(
                            RichText::new(m.text()).strong().color(palette.message_team),
                        )
                        .truncate(),
                    );
                }
            });
        });

    egui::Panel::right("run_controls")
        .default_size((ui.available_width() * 0.45).clamp(CONTROLS_MIN_W, 760.0))
        .min_size(CONTROLS_MIN_W)
        .resizable(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                if let Some(cmd) = controls::controls_ui(ui, controls, &settings) {
                    commands.push(match cmd {
                        ControlCommand::Act(a) => Command::Act(a),
                        ControlCommand::Bolus { drug, dose } => Command::Bolus { drug, dose },
                    });
                }
                commands.extend(
                    hlm_controls::hlm_ui(ui, &mut controls.hlm, sim, palette)
                        .into_iter()
                        .map(Command::Act),
                );
                if let Some(a) = safety_servos::safety_servos_ui(ui, sim) {
                    commands.push(Command::Act(a));
                }
                if let Some(a) = checklist::checklist_ui(ui, &scenario.checklists, session.log()) {
                    commands.push(Command::Act(a));
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
                // Pending samples above the scrolled results, so none is pushed out of view.
                labs::pending_ui(ui, sim.labs(), tick, palette);
                egui::ScrollArea::vertical()
                    .id_salt("labs_scroll")
                    .max_height(row_h * 0.42)
                    .auto_shrink([false, true])
                    .show(ui, |ui| labs::results_ui(ui, sim.labs(), tick));
                ui.separator();
                ui.label(RichText::new("Console log").strong());
                let mut lines = feed::feed_lines(session.log(), session.events(), messages, 40);
                feed::add_team(&mut lines, team_said, 40);
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

    if *confirm_end {
        let modal = egui::Modal::new(egui::Id::unique("confirm_end_run")).show(ui.ctx(), |ui| {
            ui.heading("End the run now?");
            ui.label("The run stops here and the debrief opens. It cannot be continued.");
            ui.horizontal(|ui| {
                if ui.button(END_RUN_CONFIRM).clicked() {
                    *confirm_end = false;
                    commands.push(Command::EndRun);
                }
                if ui.button("Keep running").clicked() {
                    *confirm_end = false;
                }
            });
        });
        if modal.should_close() {
            *confirm_end = false;
        }
    }

    if *show_briefing {
        let mut open = true;
        // Opens at the bottom left, over the trends: never over the MAP and CVP tiles
        // at the top of the patient view.
        let screen = ui.ctx().content_rect();
        egui::Window::new("Briefing")
            .open(&mut open)
            .default_width(420.0)
            .pivot(egui::Align2::LEFT_BOTTOM)
            .default_pos(screen.left_bottom() + egui::vec2(12.0, -12.0))
            .show(ui.ctx(), |ui| {
                ui.label(&scenario.briefing);
            });
        if !open {
            commands.push(Command::ToggleBriefing);
        }
    }
}
