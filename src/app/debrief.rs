//! The debrief: the whole run's trends with fault onset, alarms and actions marked, the
//! timeline, the scoring report, and the scenario's teaching points. Only here may the
//! fault be named.

use egui::RichText;

use super::theme::Palette;
use super::trends::{Marker, MarkerKind, TrendCache, TrendView, trends_ui};
use crate::action::{Actor, LoggedAction};
use crate::model::Snapshot;
use crate::model::events::{Event, LoggedEvent};
use crate::scenario::Scenario;
use crate::session::Session;
use crate::time::{Tick, clock_label, secs_from_tick};

/// A finished run, ready to debrief.
#[derive(Clone, Debug)]
pub struct DebriefState {
    /// The finished session.
    pub session: Session,
    /// The run's trends.
    pub trends: TrendCache,
    /// Markers for the trends.
    pub markers: Vec<Marker>,
    /// The timeline, in time order.
    pub timeline: Vec<TimelineEntry>,
}

/// One row of the debrief timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEntry {
    /// When.
    pub tick: Tick,
    /// Fault, alarm, action or other event.
    pub kind: Option<MarkerKind>,
    /// What happened.
    pub text: String,
}

/// What the debrief asks for.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DebriefCommand {
    /// Run the same scenario again.
    Again,
    /// Back to the scenario list.
    ToStart,
}

impl DebriefState {
    /// Builds the debrief of a finished (or ended) session.
    pub fn new(session: Session, mut trends: TrendCache) -> Self {
        trends.update(session.trace());
        let timeline = timeline(session.log(), session.events());
        let markers = timeline
            .iter()
            .filter_map(|e| {
                e.kind.map(|kind| Marker {
                    t_min: secs_from_tick(e.tick) / 60.0,
                    kind,
                    label: format!("{} {}", clock_label(e.tick), e.text),
                })
            })
            .collect();
        Self {
            session,
            trends,
            markers,
            timeline,
        }
    }
}

/// Merges actions and every event (faults included) into one time-ordered list.
pub fn timeline(actions: &[LoggedAction], events: &[LoggedEvent]) -> Vec<TimelineEntry> {
    let mut rows: Vec<TimelineEntry> = events
        .iter()
        .filter(|e| !matches!(e.event, Event::AlarmCleared { .. }))
        .map(|e| TimelineEntry {
            tick: e.tick,
            kind: match e.event {
                Event::FaultOnset { .. } => Some(MarkerKind::Fault),
                Event::AlarmRaised { .. } => Some(MarkerKind::Alarm),
                _ => None,
            },
            text: e.event.describe(),
        })
        .chain(actions.iter().map(|a| TimelineEntry {
            tick: a.tick,
            kind: Some(MarkerKind::Action),
            text: match a.actor {
                Actor::Trainee => a.action.describe(),
                Actor::Instructor => format!("(instructor) {}", a.action.describe()),
            },
        }))
        .collect();
    rows.sort_by_key(|r| r.tick);
    rows
}

/// Everything the scoring report needs, borrowed from the finished run.
#[derive(Clone, Copy, Debug)]
pub struct ReportInputs<'a> {
    /// The scenario with its rubric.
    pub scenario: &'a Scenario,
    /// The action log.
    pub actions: &'a [LoggedAction],
    /// Every event.
    pub events: &'a [LoggedEvent],
    /// The 1 Hz trace.
    pub trace: &'a [Snapshot],
}

/// Label the debrief shows while no scoring engine is wired in (tests look for it).
pub const REPORT_PENDING: &str = "Score and critical actions: not available in this build";

/// SEAM for the scoring engine (issue 3): draws the score, pass or fail, critical actions
/// (done, late, missed, wrong, with their time from onset), never-events and ranges.
///
/// To wire it: compute `crate::scoring::score(inputs.scenario, inputs.actions,
/// inputs.events, inputs.trace)` once (in [`DebriefState::new`], stored beside the
/// timeline, not every frame), pass the `Report` in here and draw its `score_pct`,
/// `passed`, `critical_actions`, `sequence_rules`, `never_events` and `ranges`. Until then
/// it says plainly that there is no score, and invents none.
pub fn debrief_report_ui(ui: &mut egui::Ui, inputs: &ReportInputs<'_>) {
    let _ = inputs;
    ui.label(RichText::new(REPORT_PENDING).strong());
    ui.label(
        RichText::new(
            "The scoring engine is not part of this build yet; the timeline and trends below show what happened.",
        )
        .weak(),
    );
}

/// Draws the debrief.
pub fn debrief_ui(
    ui: &mut egui::Ui,
    state: &DebriefState,
    palette: &Palette,
) -> Option<DebriefCommand> {
    let DebriefState {
        session,
        trends,
        markers,
        timeline,
    } = state;
    let mut out = None;
    let scenario = session.scenario();
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
    });
    ui.separator();
    egui::Panel::left("debrief_side")
        .default_size(420.0)
        .resizable(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.label(RichText::new("Report").strong().size(16.0));
                debrief_report_ui(
                    ui,
                    &ReportInputs {
                        scenario,
                        actions: session.log(),
                        events: session.events(),
                        trace: session.trace(),
                    },
                );
                ui.separator();
                ui.label(RichText::new("Teaching points").strong().size(16.0));
                if scenario.debrief.is_empty() {
                    ui.label(RichText::new("(none in this scenario)").weak());
                }
                for point in &scenario.debrief {
                    ui.label(format!("• {point}"));
                }
                ui.separator();
                ui.label(RichText::new("Timeline").strong().size(16.0));
                egui::Grid::new("timeline").striped(true).show(ui, |ui| {
                    for row in timeline {
                        ui.monospace(clock_label(row.tick));
                        let text = RichText::new(&row.text);
                        let text = match row.kind {
                            Some(MarkerKind::Fault) => text.color(palette.marker_fault).strong(),
                            Some(MarkerKind::Alarm) => text.color(palette.marker_alarm),
                            Some(MarkerKind::Action) => text.color(palette.marker_action),
                            None => text,
                        };
                        ui.label(text);
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
            },
            markers,
            palette,
        );
    });
    out
}
