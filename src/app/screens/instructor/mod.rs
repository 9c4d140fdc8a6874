//! The instructor's console: what the facilitator sees and does that the candidate
//! cannot. It draws into its own native window (an egui viewport) or, where the backend
//! cannot open one (tests), an embedded window. In an exam it is locked behind the
//! facilitator's PIN. Every change goes out as an [`InstructorCommand`]; actions are
//! applied as [`Actor::Instructor`](perfsim_core::action::Actor::Instructor) and recorded.

use egui::RichText;

use crate::app::theme::Palette;
use crate::app::widgets::pin_entry::pin_entry_ui;
use perfsim_core::action::{Action, limits};
use perfsim_core::model::events::Event;
use perfsim_core::model::faults::{FaultKind, FaultSpec, Onset};
use perfsim_core::session::Session;
use perfsim_core::time::{Tick, clock_label};

/// The console's drafts and lock.
#[derive(Clone, Debug)]
pub struct InstructorState {
    /// Fault to inject.
    pub fault_kind: FaultKind,
    /// Its severity, 0-1.
    pub severity: f64,
    /// Its ramp, seconds.
    pub ramp_s: f64,
    /// SVR factor draft.
    pub svr_factor: f64,
    /// Note being written.
    pub note: String,
    /// PIN being typed.
    pub pin: String,
    /// Unlocked (always, when no PIN is set).
    pub unlocked: bool,
    /// Last wrong PIN, to say so.
    pub wrong_pin: bool,
    /// Wrong PINs in a row and any lockout.
    pub pin_lock: pin_lock::PinLock,
    /// What the last PIN try came to, in words.
    pub pin_message: Option<String>,
    /// Notes written so far, with their ticks.
    pub notes: Vec<(Tick, String)>,
    /// Why the last command was refused or not recorded.
    pub last_error: Option<String>,
    /// The score if the run ended at its tick (scored rubrics only, refreshed by the
    /// app every few simulated seconds while the console is open).
    pub live_score: Option<LiveScore>,
}

/// The scoring report's headline, as if the run ended now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LiveScore {
    /// When it was scored.
    pub tick: Tick,
    /// Total, 0-100.
    pub score_pct: f64,
    /// Would pass.
    pub passed: bool,
}

impl LiveScore {
    /// Scores `session` now, if its scenario has a rubric.
    pub fn of(session: &Session) -> Option<Self> {
        session.scenario().rubric.as_ref()?;
        let report = session.report();
        Some(Self {
            tick: session.tick(),
            score_pct: report.score_pct,
            passed: report.passed,
        })
    }
}

impl Default for InstructorState {
    fn default() -> Self {
        Self {
            fault_kind: FaultKind::MembraneFailure,
            severity: 0.7,
            ramp_s: 60.0,
            svr_factor: 1.0,
            note: String::new(),
            pin: String::new(),
            unlocked: false,
            wrong_pin: false,
            pin_lock: pin_lock::PinLock::default(),
            pin_message: None,
            notes: Vec::new(),
            last_error: None,
            live_score: None,
        }
    }
}

/// What the facilitator asks for.
#[must_use]
#[derive(Clone, Debug)]
pub enum InstructorCommand {
    /// An instructor-only action.
    Act(Action),
    /// Freeze (`true`) or unfreeze the run.
    Freeze(bool),
    /// A timestamped note.
    Note(String),
    /// Try this PIN.
    Unlock(String),
    /// Lock the console again.
    Lock,
    /// End the run now.
    EndRun,
    /// Close the console.
    Close,
}

pub mod pin_lock;
pub mod window;

/// Labels tests look for.
pub mod names {
    /// The console's title.
    pub const TITLE: &str = "Instructor console";
    /// Opens the console.
    pub const OPEN: &str = "Instructor…";
    /// Unlock button.
    pub const UNLOCK: &str = "Unlock";
    /// Inject button.
    pub const INJECT: &str = "Inject now";
    /// Note button.
    pub const ADD_NOTE: &str = "Add note";
    /// Freeze button.
    pub const FREEZE: &str = "Freeze run";
    /// Unfreeze button.
    pub const UNFREEZE: &str = "Unfreeze run";
}

/// What the console shows of the run.
#[derive(Clone, Copy, Debug)]
pub struct InstructorView<'a> {
    /// The run.
    pub session: &'a Session,
    /// Frozen by the facilitator.
    pub frozen: bool,
    /// A PIN is required.
    pub pin_required: bool,
    /// The record file, if recorded.
    pub record: Option<&'a std::path::Path>,
    /// Why the run is not, or no longer, recorded (the facilitator's to act on).
    pub record_error: Option<&'a str>,
    /// Candidate ID (empty in practice).
    pub candidate: &'a str,
}

/// Draws the console.
pub fn instructor_ui(
    ui: &mut egui::Ui,
    state: &mut InstructorState,
    view: InstructorView<'_>,
    palette: &Palette,
) -> Vec<InstructorCommand> {
    let mut out = Vec::new();
    let InstructorView {
        session,
        frozen,
        pin_required,
        record,
        record_error,
        candidate,
    } = view;
    let InstructorState {
        fault_kind,
        severity,
        ramp_s,
        svr_factor,
        note,
        pin,
        unlocked,
        wrong_pin,
        pin_lock: _,
        pin_message,
        notes,
        last_error,
        live_score,
    } = state;
    let tick = session.tick();
    ui.horizontal(|ui| {
        ui.label(RichText::new(names::TITLE).strong().size(18.0));
        ui.separator();
        ui.label(RichText::new(clock_label(tick)).monospace().size(18.0));
        if !candidate.is_empty() {
            ui.label(format!("candidate {candidate}"));
        }
        if ui.button("Close").clicked() {
            out.push(InstructorCommand::Close);
        }
    });
    if pin_required && !*unlocked {
        ui.label("Enter the facilitator PIN to open the console.");
        if let Some(p) = pin_entry_ui(ui, pin, names::UNLOCK) {
            out.push(InstructorCommand::Unlock(p));
        }
        if let Some(m) = pin_message {
            ui.label(RichText::new(m.as_str()).color(palette.message_warning));
        } else if *wrong_pin {
            ui.label(RichText::new("Wrong PIN.").color(palette.message_warning));
        }
        return out;
    }
    ui.label(
        RichText::new(match record {
            Some(p) => format!("Recording to {}", p.display()),
            None => "Not recorded".into(),
        })
        .weak(),
    );
    if let Some(e) = record_error {
        ui.label(RichText::new(e).color(palette.message_warning));
    }
    ui.horizontal(|ui| {
        let (label, freeze) = if frozen {
            (names::UNFREEZE, false)
        } else {
            (names::FREEZE, true)
        };
        if ui.button(label).clicked() {
            out.push(InstructorCommand::Freeze(freeze));
        }
        if frozen {
            ui.label(
                RichText::new("FROZEN")
                    .strong()
                    .color(palette.value_caution),
            );
        }
        if ui.button("End the run").clicked() {
            out.push(InstructorCommand::EndRun);
        }
        if pin_required && ui.button("Lock").clicked() {
            out.push(InstructorCommand::Lock);
        }
    });
    if let Some(e) = last_error {
        ui.label(RichText::new(format!("Not done: {e}")).color(palette.message_warning));
    }
    ui.separator();

    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        ui.label(RichText::new("Inject a fault now").strong());
        egui::ComboBox::new("inject_kind", "fault")
            .selected_text(fault_kind.label())
            .width(240.0)
            .show_ui(ui, |ui| {
                // Only the faults this run's circuit can have.
                let table =
                    perfsim_core::model::circuit::Applicability::of(session.sim().circuit().kind());
                for k in FaultKind::ALL.into_iter().filter(|k| table.fault(*k)) {
                    ui.selectable_value(fault_kind, k, k.label());
                }
            });
        ui.add(egui::Slider::new(severity, 0.05..=1.0).text("severity"));
        ui.add(
            egui::Slider::new(ramp_s, 0.0..=600.0)
                .text("ramp")
                .suffix(" s"),
        );
        if ui.button(names::INJECT).clicked() {
            out.push(InstructorCommand::Act(Action::InjectFault {
                fault: FaultSpec {
                    kind: *fault_kind,
                    onset: Onset::AtSecs(0.0),
                    ramp_s: *ramp_s,
                    severity: *severity,
                },
            }));
        }
        ui.separator();
        ui.label(RichText::new("Patient").strong());
        ui.horizontal(|ui| {
            ui.add(egui::Slider::new(svr_factor, limits::SVR_FACTOR.range()).text("SVR ×"));
            if ui.button("Apply").clicked() {
                out.push(InstructorCommand::Act(Action::SetSvrFactor {
                    factor: *svr_factor,
                }));
            }
        });
        ui.horizontal(|ui| {
            if ui.button("Cross-clamp on").clicked() {
                out.push(InstructorCommand::Act(Action::CrossClamp { on: true }));
            }
            if ui.button("Cross-clamp off").clicked() {
                out.push(InstructorCommand::Act(Action::CrossClamp { on: false }));
            }
        });
        ui.separator();
        ui.label(RichText::new("Note").strong());
        ui.add(
            egui::TextEdit::multiline(note)
                .desired_rows(2)
                .hint_text("what you saw, at this moment"),
        );
        if ui.button(names::ADD_NOTE).clicked() && !note.trim().is_empty() {
            out.push(InstructorCommand::Note(std::mem::take(note).trim().into()));
        }
        for (t, text) in notes.iter().rev().take(5) {
            ui.label(RichText::new(format!("{}  {text}", clock_label(*t))).weak());
        }

        let ui = &mut cols[1];
        if let Some(s) = live_score {
            ui.label(
                RichText::new(format!(
                    "If it ended at {}: {:.0} %, {}",
                    clock_label(s.tick),
                    s.score_pct,
                    if s.passed { "pass" } else { "fail" }
                ))
                .strong(),
            );
            ui.separator();
        }
        ui.label(RichText::new("Faults (hidden from the candidate)").strong());
        let mut any = false;
        for f in session.sim().faults() {
            let state = match (f.onset_tick, f.cleared_tick) {
                (None, _) => "scheduled".to_string(),
                (Some(on), None) => format!("active since {}", clock_label(on)),
                (Some(_), Some(off)) => format!("cleared at {}", clock_label(off)),
            };
            any = true;
            ui.horizontal_wrapped(|ui| {
                if f.onset_tick.is_some()
                    && f.cleared_tick.is_none()
                    && ui.small_button("Clear").clicked()
                {
                    out.push(InstructorCommand::Act(Action::ClearFault {
                        kind: f.spec.kind,
                    }));
                }
                ui.label(RichText::new(f.spec.kind.label()).strong());
                ui.label(format!("severity {:.2} · {state}", f.spec.severity));
            });
        }
        if !any {
            ui.label(RichText::new("none").weak());
        }
        ui.separator();
        ui.label(RichText::new("Hidden events").strong());
        egui::ScrollArea::vertical()
            .id_salt("hidden_events")
            .max_height(160.0)
            .show(ui, |ui| {
                for e in session
                    .events()
                    .iter()
                    .rev()
                    .filter(|e| !e.event.visible_to_trainee())
                    .take(30)
                {
                    let color = match e.event {
                        Event::FaultOnset { .. } => palette.marker_fault,
                        _ => palette.tile_label,
                    };
                    ui.label(
                        RichText::new(format!("{}  {}", clock_label(e.tick), e.event.describe()))
                            .color(color),
                    );
                }
            });
    });
    out
}

#[cfg(test)]
mod tests;
