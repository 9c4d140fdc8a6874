//! The record browser: the facilitator's debrief of a recorded attempt. Lists the
//! records in a folder, opens one ([`OpenRecord`], in `browser_record.rs`) and shows the
//! attempt at any moment: monitors, circuit, labs and the whole run's trends with a
//! cursor, the timeline of faults, cues, alarms, actions and notes, and the scoring
//! report. From any moment the facilitator can continue as a new practice run ("rewind
//! and branch") or save the printable report. Fault names are shown here: this is the
//! debrief.

use std::path::{Path, PathBuf};

use egui::RichText;

pub use super::browser_record::{
    EventKind, Integrity, MAX_CHECKPOINTS, MIN_CHECKPOINT_TICKS, OpenRecord, RecordPlaces,
    TimelineEvent, checkpoint_ticks,
};
use super::browser_timeline::{BarMark, timeline_bar_ui};
use super::theme::Palette;
use super::trends::{TrendView, trends_ui};
use super::{debrief, labs, patient_view};
use perfsim_core::record::report::ReportFormat;
use perfsim_core::record::summary::SummaryRow;
use perfsim_core::record::{self, ProgrammeKey};
use perfsim_core::time::{TICKS_PER_SEC, Tick, clock_label, secs_from_tick};

/// Label of the branch button (tests click it).
pub const BRANCH_LABEL: &str = "Continue from here as practice";
/// Label of the HTML report button.
pub const SAVE_HTML_LABEL: &str = "Save report (HTML)";
/// Label of the Markdown report button.
pub const SAVE_MD_LABEL: &str = "Save report (Markdown)";
/// Integrity column of an edited record in the list.
pub const LIST_EDITED: &str = "EDITED";
/// `SummaryRow::status` of a file that is not a readable record.
const UNREADABLE: &str = "unreadable";
/// Banner of a record whose MACs do not match.
pub const EDITED_BANNER: &str = "INTEGRITY: EDITED";

/// One file in the records list.
#[derive(Clone, Debug)]
pub struct ListedRecord {
    /// The file.
    pub path: PathBuf,
    /// Candidate, scenario, date, mode, status, integrity (as `perfsim summary`).
    pub row: SummaryRow,
}

/// The browser: the records list, and the record open, if any.
#[derive(Debug)]
pub struct BrowserState {
    /// Folder listed (as typed).
    pub folder: String,
    /// A record path typed in.
    pub open_path: String,
    /// Records in the folder.
    pub listed: Vec<ListedRecord>,
    /// Why the folder or a record could not be read.
    pub message: Option<String>,
    /// The programme key, if there is one.
    pub key: Option<ProgrammeKey>,
    /// The record being viewed.
    pub open: Option<Box<OpenRecord>>,
}

impl BrowserState {
    /// The list of `folder` (empty when `None`), checked with `key`.
    pub fn new(folder: Option<&Path>, key: Option<ProgrammeKey>) -> Self {
        let mut state = Self {
            folder: folder.map(|f| f.display().to_string()).unwrap_or_default(),
            open_path: String::new(),
            listed: Vec::new(),
            message: None,
            key,
            open: None,
        };
        state.rescan();
        state
    }

    /// Lists the folder again.
    pub fn rescan(&mut self) {
        self.listed.clear();
        self.message = None;
        if self.folder.trim().is_empty() {
            self.message = Some("No record folder: type one, or a record's path.".into());
            return;
        }
        let dir = PathBuf::from(self.folder.trim());
        match record::summary::summarize_folder(&dir, self.key.as_ref()) {
            Ok(rows) => {
                self.listed = rows
                    .into_iter()
                    .map(|mut row| {
                        if self.key.is_none() && row.status != UNREADABLE {
                            row.integrity = Integrity::NoKey.text();
                        }
                        ListedRecord {
                            path: dir.join(&row.file),
                            row,
                        }
                    })
                    .collect();
            }
            Err(e) => self.message = Some(format!("Cannot list {}: {e}", dir.display())),
        }
    }

    /// Opens a record; on failure the list stays and says why.
    pub fn open(&mut self, path: &Path) {
        match OpenRecord::open(path, self.key.as_ref()) {
            Ok(rec) => {
                self.open = Some(Box::new(rec));
                self.message = None;
            }
            Err(e) => self.message = Some(format!("Cannot open {}: {e}", path.display())),
        }
    }

    /// Does a browser-local command; returns the ones for the window ([`BrowserCommand::Branch`],
    /// [`BrowserCommand::ToStart`]).
    pub fn apply(&mut self, command: BrowserCommand) -> Option<BrowserCommand> {
        match command {
            BrowserCommand::Rescan => self.rescan(),
            BrowserCommand::Open(path) => self.open(&path),
            BrowserCommand::Close => self.open = None,
            BrowserCommand::Seek(tick) => {
                if let Some(rec) = &mut self.open {
                    rec.seek(tick);
                }
            }
            BrowserCommand::SaveReport(format) => {
                if let Some(rec) = &mut self.open {
                    rec.saved = Some(rec.save_report(format));
                }
            }
            BrowserCommand::Branch | BrowserCommand::ToStart => return Some(command),
        }
        None
    }
}

/// What the browser asks for.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum BrowserCommand {
    /// List the folder again.
    Rescan,
    /// Open this record.
    Open(PathBuf),
    /// Back to the list.
    Close,
    /// Show this moment.
    Seek(Tick),
    /// Write the printable report next to the record.
    SaveReport(ReportFormat),
    /// Continue from the cursor as a practice run.
    Branch,
    /// Back to the scenario list.
    ToStart,
}

/// Draws the browser: the list, or the open record.
pub fn browser_ui(
    ui: &mut egui::Ui,
    state: &mut BrowserState,
    palette: &Palette,
) -> Option<BrowserCommand> {
    match &state.open {
        Some(rec) => record_ui(ui, rec, palette),
        None => {
            let mut out = None;
            egui::CentralPanel::default_margins().show(ui, |ui| out = list_ui(ui, state, palette));
            out
        }
    }
}

fn list_ui(
    ui: &mut egui::Ui,
    state: &mut BrowserState,
    palette: &Palette,
) -> Option<BrowserCommand> {
    let BrowserState {
        folder,
        open_path,
        listed,
        message,
        key,
        open: _,
    } = state;
    let mut out = None;
    ui.horizontal(|ui| {
        ui.heading("Attempt records");
        if ui.button("Scenario list").clicked() {
            out = Some(BrowserCommand::ToStart);
        }
    });
    ui.label("Open a record to scrub its timeline, jump to any event, continue from any moment as practice, or print its report.");
    if key.is_none() {
        ui.label(
            RichText::new("No programme key on this computer: integrity cannot be checked.")
                .color(palette.message_warning),
        );
    }
    ui.separator();
    ui.horizontal(|ui| {
        let label = ui.label("Record folder");
        ui.add(egui::TextEdit::singleline(folder).desired_width(360.0))
            .labelled_by(label.id);
        if ui.button("List").clicked() {
            out = Some(BrowserCommand::Rescan);
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Open record");
        ui.add(
            egui::TextEdit::singleline(open_path)
                .hint_text("path/to/attempt.jsonl")
                .desired_width(360.0),
        )
        .labelled_by(label.id);
        if ui.button("Open").clicked() && !open_path.trim().is_empty() {
            out = Some(BrowserCommand::Open(PathBuf::from(open_path.trim())));
        }
    });
    if let Some(m) = message {
        ui.label(RichText::new(m.as_str()).color(palette.value_alarm));
    }
    ui.separator();
    if listed.is_empty() {
        ui.label(RichText::new("No records (*.jsonl) here.").weak());
        return out;
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("records_list")
            .striped(true)
            .spacing([16.0, 6.0])
            .show(ui, |ui| {
                for h in [
                    "",
                    "Candidate",
                    "Scenario",
                    "Date (UTC)",
                    "Mode",
                    "Score",
                    "Status",
                    "Integrity",
                ] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for item in listed.iter().rev().filter(|l| l.row.status != UNREADABLE) {
                    let r = &item.row;
                    if ui.button(format!("Open {}", r.file)).clicked() {
                        out = Some(BrowserCommand::Open(item.path.clone()));
                    }
                    ui.label(if r.candidate.is_empty() {
                        "—"
                    } else {
                        &r.candidate
                    });
                    ui.label(&r.scenario);
                    ui.label(&r.date);
                    ui.label(&r.mode);
                    ui.label(match r.score_pct.parse::<f64>() {
                        Ok(pct) => format!(
                            "{pct:.0} % ({})",
                            if r.passed == "yes" { "pass" } else { "fail" }
                        ),
                        Err(_) => String::from("—"),
                    });
                    ui.label(&r.status);
                    let (short, color) = if r.integrity == "intact" {
                        ("intact", palette.value_normal)
                    } else if r.integrity.starts_with("cannot check") {
                        ("cannot check: no key", palette.value_caution)
                    } else if r.integrity.contains("MAC mismatch") {
                        (LIST_EDITED, palette.value_alarm)
                    } else {
                        ("other key", palette.value_caution)
                    };
                    ui.label(RichText::new(short).color(color).strong())
                        .on_hover_text(&r.integrity);
                    ui.end_row();
                }
            });
        let unreadable: Vec<&ListedRecord> = listed
            .iter()
            .filter(|l| l.row.status == UNREADABLE)
            .collect();
        if !unreadable.is_empty() {
            ui.separator();
            ui.label(RichText::new("Not readable as records").strong());
            for item in unreadable {
                ui.label(
                    RichText::new(format!("{}: {}", item.row.file, item.row.integrity))
                        .color(palette.value_alarm),
                );
            }
        }
    });
    out
}

fn event_color(kind: EventKind, palette: &Palette) -> egui::Color32 {
    match kind {
        EventKind::Fault | EventKind::NeverEvent => palette.marker_fault,
        EventKind::FirstCue | EventKind::Alarm => palette.marker_alarm,
        EventKind::Action => palette.marker_action,
        EventKind::Instructor => palette.marker_instructor,
        EventKind::Note | EventKind::Pause => palette.marker_note,
        EventKind::Other => palette.tile_label,
    }
}

/// Seconds ← and → move the cursor (Shift: a minute).
const ARROW_STEP_S: i64 = 10;

fn record_ui(ui: &mut egui::Ui, rec: &OpenRecord, palette: &Palette) -> Option<BrowserCommand> {
    let OpenRecord {
        recovered,
        integrity,
        actions: _,
        checkpoint_ticks: _,
        checkpoints: _,
        end,
        trends,
        markers,
        timeline,
        report,
        cursor,
        at_cursor,
        saved,
    } = rec;
    let mut out = None;
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
        let marks: Vec<BarMark> = timeline
            .iter()
            .filter(|e| e.kind != EventKind::Other)
            .map(|e| BarMark {
                tick: e.tick,
                color: event_color(e.kind, palette),
                tall: matches!(e.kind, EventKind::Fault | EventKind::NeverEvent),
            })
            .collect();
        if let Some(t) = timeline_bar_ui(ui, end_tick, *cursor, &marks, palette.marker_cursor) {
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
                                let mut text =
                                    RichText::new(&e.text).color(event_color(e.kind, palette));
                                if matches!(e.kind, EventKind::Fault | EventKind::NeverEvent) {
                                    text = text.strong();
                                }
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
                    ui.label(RichText::new("Report").strong().size(16.0));
                    if recovered.cut().is_some() {
                        ui.label(
                            RichText::new("Interrupted attempt: scored up to where it stops.")
                                .weak(),
                        );
                    }
                    debrief::debrief_report_ui(ui, report.as_ref(), palette);
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
            },
            markers,
            palette,
        );
    });
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::app::test_util::{harness, scenarios_dir};
    use std::sync::Arc;

    use crate::app::clock::Clock;
    use crate::app::prefs::Prefs;
    use crate::app::recorder::RecordTarget;
    use crate::app::{App, Screen, start};
    use perfsim_core::action::{Action, Actor, LabKind, LoggedAction};
    use perfsim_core::record::{AttemptInfo, Mode, RecordedAttempt};
    use perfsim_core::scenario::Scenario;
    use perfsim_core::session::Session;

    const CANDIDATE: &str = "C-12";
    const SCENARIO_NAME: &str = "Long pump run, valve repair";
    /// Seconds the recorded attempt lasts (the fault starts at 300 s).
    const END_S: u64 = 480;

    fn test_key() -> ProgrammeKey {
        match ProgrammeKey::from_bytes(vec![7; 32]) {
            Ok(k) => k,
            Err(e) => panic!("{e}"),
        }
    }

    fn scenario() -> (Arc<Scenario>, String) {
        let path = scenarios_dir().join("oxygenator_failure.ron");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        match Scenario::parse(&path.display().to_string(), &text) {
            Ok(s) => (Arc::new(s), text),
            Err(e) => panic!("{e}"),
        }
    }

    /// The script of the recorded attempt: (second, actor, action).
    fn script() -> Vec<(u64, Actor, Action)> {
        vec![
            (60, Actor::Instructor, Action::SetSvrFactor { factor: 0.8 }),
            (330, Actor::Trainee, Action::SetFio2 { fio2: 1.0 }),
            (
                360,
                Actor::Trainee,
                Action::RequestLab {
                    lab: LabKind::BloodGas,
                },
            ),
            (400, Actor::Trainee, Action::CheckGasSupply),
        ]
    }

    /// Writes a finished, signed record of the oxygenator-failure scenario in `dir`:
    /// an instructor action, candidate actions after the fault's onset, a note and a
    /// pause, then the footer with the report.
    fn write_record(dir: &Path) -> PathBuf {
        let path = dir.join("2026-11-21T080000Z_C-12.jsonl");
        let (scenario, text) = scenario();
        let info = AttemptInfo {
            candidate_id: CANDIDATE.into(),
            facilitator: "Dr Ames".into(),
            mode: Mode::Exam,
            started_at_utc: "2026-11-21T08:00:00Z".into(),
        };
        let mut attempt = match RecordedAttempt::start(&path, scenario, &text, 5, info, test_key())
        {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        };
        let script = script();
        let mut next = 0;
        while attempt.session().tick() < END_S * TICKS_PER_SEC {
            let tick = attempt.session().tick();
            while let Some((_, actor, action)) =
                script.get(next).filter(|a| a.0 * TICKS_PER_SEC <= tick)
            {
                if let Err(e) = attempt.act(*actor, action.clone()) {
                    panic!("{e}");
                }
                next += 1;
            }
            if tick == 320 * TICKS_PER_SEC {
                let noted = attempt
                    .note("circuit looks dark")
                    .and(attempt.pause())
                    .and(attempt.resume());
                if let Err(e) = noted {
                    panic!("{e}");
                }
            }
            attempt.step();
        }
        let report = record::score::report_json(attempt.session());
        if let Err(e) = attempt.finish(report) {
            panic!("{e}");
        }
        path
    }

    /// A fresh session of the same attempt run to `tick`.
    fn fresh_at(tick: Tick) -> Session {
        let (scenario, _) = scenario();
        let actions: Vec<LoggedAction> = script()
            .into_iter()
            .map(|(s, actor, action)| LoggedAction {
                tick: s * TICKS_PER_SEC,
                actor,
                action,
            })
            .collect();
        let mut s = Session::new(scenario, 5);
        if let Err(e) = s.run_script(&actions, tick, |_| {}) {
            panic!("{e}");
        }
        s
    }

    /// A window whose record folder and key are in `dir` (never the user's).
    fn app(dir: &Path, with_key: bool) -> App {
        let key_file = dir.join("programme.key");
        if with_key && let Err(e) = std::fs::write(&key_file, test_key().file_text()) {
            panic!("{e}");
        }
        let prefs = Prefs {
            scenario_folder: scenarios_dir(),
            ..Prefs::default()
        };
        let mut app = App::new(prefs, Clock::mock());
        app.record_places = RecordPlaces {
            folder: Some(dir.to_path_buf()),
            key_file: Some(if with_key {
                key_file
            } else {
                dir.join("no-such.key")
            }),
        };
        app
    }

    fn open<'h>(h: &'h Harness<'_, App>) -> &'h OpenRecord {
        match h.state().browser().and_then(|b| b.open.as_deref()) {
            Some(r) => r,
            None => panic!("no record open"),
        }
    }

    fn seek(h: &mut Harness<'_, App>, tick: Tick) {
        if let Screen::Browser(b) = &mut h.state_mut().screen {
            let _ = b.apply(BrowserCommand::Seek(tick));
        }
        h.run();
    }

    fn tempdir() -> tempfile::TempDir {
        match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn open_from_the_start_screen_scrub_and_jump() {
        let dir = tempdir();
        let path = write_record(dir.path());
        let mut h = harness(app(dir.path(), true));
        h.run();
        h.get_by_label(start::RECORDS_LABEL).click();
        h.run();
        // The list: candidate, scenario, mode, complete, intact.
        assert!(h.query_by_label(CANDIDATE).is_some());
        assert!(h.query_by_label_contains(SCENARIO_NAME).is_some());
        assert!(h.query_by_label("exam").is_some());
        assert!(h.query_by_label("complete").is_some());
        assert!(h.query_by_label("intact").is_some());
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        h.get_by_label(&format!("Open {file}")).click();
        h.run();
        assert!(
            h.query_by_label(&format!("Record: {SCENARIO_NAME}"))
                .is_some()
        );
        assert!(
            h.query_by_label_contains(&format!("candidate {CANDIDATE}"))
                .is_some()
        );
        assert!(h.query_by_label("integrity: intact").is_some());
        assert_eq!(open(&h).end_tick(), END_S * TICKS_PER_SEC);
        assert_eq!(open(&h).checkpoints.len(), 2);

        // Scrubbing to a tick shows what a fresh run shows at that tick.
        let t = 4321;
        seek(&mut h, t);
        let fresh = fresh_at(t);
        assert_eq!(open(&h).cursor, t);
        assert_eq!(open(&h).at_cursor.sim().snapshot(), fresh.sim().snapshot());
        assert_eq!(
            perfsim_core::trace::digest(open(&h).at_cursor.trace()),
            perfsim_core::trace::digest(fresh.trace())
        );
        let map = format!("MAP {:.0} mmHg", fresh.sim().monitored().map_mmhg);
        assert!(h.query_by_label(&map).is_some(), "no {map}");
        assert!(
            h.query_by_label_contains(&format!("{} / 08:00", clock_label(t)))
                .is_some()
        );

        // Dragging on the bar scrubs there.
        let bar = h
            .get_by_label(super::super::browser_timeline::BAR_LABEL)
            .rect();
        let track = bar.shrink2(egui::vec2(super::super::browser_timeline::TRACK_INSET, 0.0));
        let x = track.left() + track.width() * 0.25;
        let y = bar.center().y;
        h.drag_at(egui::pos2(x - 20.0, y));
        h.run();
        h.hover_at(egui::pos2(x, y));
        h.run();
        h.drop_at(egui::pos2(x, y));
        h.run();
        let expect = 1200;
        let cursor = open(&h).cursor;
        assert!(
            cursor.abs_diff(expect) <= 20,
            "scrubbed to {cursor}, not near {expect}"
        );
        assert_eq!(
            open(&h).at_cursor.sim().snapshot(),
            fresh_at(cursor).sim().snapshot()
        );

        // Clicking the fault's onset in the timeline jumps there.
        let onset = match open(&h)
            .timeline
            .iter()
            .find(|e| e.kind == EventKind::Fault)
        {
            Some(e) => e.clone(),
            None => panic!("no fault onset in the timeline"),
        };
        assert_eq!(onset.tick, 300 * TICKS_PER_SEC);
        h.get_by_label(&onset.text).click();
        h.run();
        assert_eq!(open(&h).cursor, onset.tick);
        assert_eq!(open(&h).at_cursor.tick(), onset.tick);
        // Arrow keys step 10 s; a click on the bar a few points off the fault's mark
        // jumps exactly to the onset.
        h.key_press(egui::Key::ArrowRight);
        h.run();
        assert_eq!(open(&h).cursor, onset.tick + 100);
        let end = open(&h).end_tick();
        let mark_x = track.left() + track.width() * (onset.tick as f32 / end as f32);
        h.drag_at(egui::pos2(mark_x + 3.0, y));
        h.run();
        h.drop_at(egui::pos2(mark_x + 3.0, y));
        h.run();
        assert_eq!(open(&h).cursor, onset.tick);
        // The note and the instructor's action are on the timeline too.
        assert!(h.query_by_label("Note: circuit looks dark").is_some());
        assert!(
            open(&h)
                .timeline
                .iter()
                .any(|e| e.kind == EventKind::Instructor)
        );
    }

    #[test]
    fn branching_continues_the_attempt_as_practice_from_the_cursor() {
        let dir = tempdir();
        let path = write_record(dir.path());
        let mut app = app(dir.path(), true);
        app.open_record(&path);
        let mut h = harness(app);
        h.run();
        let t = 3456;
        seek(&mut h, t);
        let original = open(&h).end.trace().to_vec();
        let earlier: Vec<LoggedAction> = open(&h)
            .actions
            .iter()
            .filter(|a| a.tick < t)
            .cloned()
            .collect();
        h.get_by_label(BRANCH_LABEL).click();
        h.run();
        let Some(run) = h.state().run_state() else {
            panic!("no practice run after branching");
        };
        assert!(run.paused, "the branch should wait for the facilitator");
        assert_eq!(run.session().tick(), t);
        let samples = run.session().trace().len();
        assert_eq!(samples, usize::try_from(t / TICKS_PER_SEC).unwrap_or(0) + 1);
        assert_eq!(
            perfsim_core::trace::digest(run.session().trace()),
            perfsim_core::trace::digest(&original[..samples])
        );
        assert_eq!(run.session().log(), earlier.as_slice());
        // New actions go in after T: one while paused, one after resuming.
        h.key_press(egui::Key::F);
        h.run();
        h.key_press(egui::Key::Space);
        h.run();
        h.state_mut().clock.advance_mock(2_000_000_000);
        h.run();
        h.key_press(egui::Key::G);
        h.run();
        let Some(session) = h.state().session() else {
            panic!("no run");
        };
        let log = session.log();
        assert_eq!(&log[..earlier.len()], earlier.as_slice());
        let new = &log[earlier.len()..];
        assert_eq!(new.len(), 2, "{new:?}");
        assert_eq!(new[0].tick, t);
        assert_eq!(new[0].action, Action::SetFio2 { fio2: 1.0 });
        assert!(new[1].tick >= t + 20, "{new:?}");
    }

    /// When attempts are recorded, a branch is a new practice record of its own: the
    /// original's actions up to the cursor, then the trainee's, and it verifies.
    #[test]
    fn a_branch_is_recorded_as_a_new_practice_attempt() {
        let dir = tempdir();
        let path = write_record(dir.path());
        let mut app = app(dir.path(), true);
        let branches = dir.path().join("branches");
        app.set_record_target(RecordTarget::Folder {
            folder: branches.clone(),
            key_file: Some(dir.path().join("programme.key")),
        });
        app.open_record(&path);
        let mut h = harness(app);
        h.run();
        let t = 3456;
        seek(&mut h, t);
        h.get_by_label(BRANCH_LABEL).click();
        h.run();
        let Some(run) = h.state().run_state() else {
            panic!("no practice run after branching");
        };
        assert_eq!(run.session().tick(), t);
        let Some(record) = run.driver.record_path().map(Path::to_path_buf) else {
            panic!("the branch is not recorded");
        };
        assert!(record.starts_with(&branches));
        h.key_press(egui::Key::F);
        h.run();
        let recovered = match perfsim_core::record::RecordReader::open(&record) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert!(recovered.verify(&test_key()).is_ok());
        assert_eq!(recovered.header().mode, Mode::Practice);
        let Some(session) = h.state().session() else {
            panic!("no run");
        };
        assert_eq!(session.log().last().map(|a| a.tick), Some(t));
    }

    #[test]
    fn an_edited_record_opens_with_a_warning() {
        let dir = tempdir();
        let path = write_record(dir.path());
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let edited = text.replacen(
            "\"facilitator\":\"Dr Ames\"",
            "\"facilitator\":\"Dr Amis\"",
            1,
        );
        assert_ne!(text, edited);
        if let Err(e) = std::fs::write(&path, edited) {
            panic!("{e}");
        }
        let mut app = app(dir.path(), true);
        app.open_record(&path);
        let mut h = harness(app);
        h.run();
        assert!(h.query_by_label_contains(EDITED_BANNER).is_some());
        assert!(h.query_by_label_contains("MAC mismatch").is_some());
        // Still viewable.
        assert!(
            h.query_by_label(&format!("Record: {SCENARIO_NAME}"))
                .is_some()
        );
        assert_eq!(open(&h).end_tick(), END_S * TICKS_PER_SEC);
        // The list says so too.
        h.get_by_label("Back to records").click();
        h.run();
        assert!(h.query_by_label(LIST_EDITED).is_some());
    }

    #[test]
    fn without_a_key_integrity_cannot_be_checked() {
        let dir = tempdir();
        let path = write_record(dir.path());
        let mut app = app(dir.path(), false);
        app.open_record(&path);
        let mut h = harness(app);
        h.run();
        assert!(
            h.query_by_label("integrity: cannot check: no key")
                .is_some()
        );
        assert!(h.query_by_label_contains(EDITED_BANNER).is_none());
    }

    #[test]
    fn a_truncated_record_opens_as_interrupted_and_junk_never_panics() {
        let dir = tempdir();
        let path = write_record(dir.path());
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        // Cut in the middle of the line after the candidate's FiO2 action.
        let header_end = text.find('\n').unwrap_or(0);
        let Some(fio2) = text[header_end..].find("Fio2").map(|i| i + header_end) else {
            panic!("no FiO2 action in the record");
        };
        let line_end = fio2 + text[fio2..].find('\n').unwrap_or(0);
        let cut = line_end + 20;
        if let Err(e) = std::fs::write(&path, &text.as_bytes()[..cut]) {
            panic!("{e}");
        }
        if let Err(e) = std::fs::write(dir.path().join("junk.jsonl"), b"\xff\xfe not a record") {
            panic!("{e}");
        }
        let mut h = harness(app(dir.path(), true));
        h.run();
        h.get_by_label(start::RECORDS_LABEL).click();
        h.run();
        assert!(h.query_by_label("interrupted").is_some());
        assert!(h.query_by_label("Not readable as records").is_some());
        assert!(h.query_by_label_contains("junk.jsonl: ").is_some());
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        h.get_by_label(&format!("Open {file}")).click();
        h.run();
        assert!(h.query_by_label_contains("interrupted at").is_some());
        assert_eq!(open(&h).end_tick(), 330 * TICKS_PER_SEC);
        assert_eq!(open(&h).actions.len(), 2);
        // Opening the junk file says why and stays on the list.
        if let Screen::Browser(b) = &mut h.state_mut().screen {
            b.open = None;
            let _ = b.apply(BrowserCommand::Open(dir.path().join("junk.jsonl")));
        }
        h.run();
        assert!(h.query_by_label_contains("Cannot open").is_some());
    }

    #[test]
    fn saving_the_report_writes_html_next_to_the_record() {
        let dir = tempdir();
        let path = write_record(dir.path());
        let mut app = app(dir.path(), true);
        app.open_record(&path);
        let mut h = harness(app);
        h.run();
        h.get_by_label(SAVE_HTML_LABEL).click();
        h.run();
        let out = path.with_extension("report.html");
        let html = std::fs::read_to_string(&out).unwrap_or_default();
        assert!(html.starts_with("<!DOCTYPE html>"), "{}", out.display());
        assert!(html.contains(SCENARIO_NAME));
        let Some(report) = open(&h).report.clone() else {
            panic!("no report");
        };
        assert!(html.contains(&format!("Score <b>{:.0}&nbsp;%</b>", report.score_pct)));
        assert!(html.contains("intact"));
        assert!(
            !html.contains("<link") && !html.contains("<script src"),
            "not self-contained"
        );
        assert!(h.query_by_label_contains("Report saved:").is_some());
        h.get_by_label(SAVE_MD_LABEL).click();
        h.run();
        let md = std::fs::read_to_string(path.with_extension("report.md")).unwrap_or_default();
        assert!(md.contains(SCENARIO_NAME));
    }
}
