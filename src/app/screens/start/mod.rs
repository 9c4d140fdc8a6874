//! The start screen: pick a scenario from a folder (or open a file by path), read its
//! briefing, start. The briefing is what the trainee is told; the debrief text and the
//! rubric are never shown here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::RichText;

use perfsim_core::scenario::{Group, Scenario, list_folder};

pub use self::records::RecordsView;
#[cfg(not(target_arch = "wasm32"))]
use self::records::records_ui;
#[cfg(not(target_arch = "wasm32"))]
use super::exam_setup;
use crate::app::Command;
use crate::app::prefs::Prefs;
use crate::app::theme::Palette;
use crate::app::widgets::prefs_bar::top_right_prefs_ui;

pub mod records;
#[cfg(test)]
mod tests;

/// A scenario file found or opened, loaded or with its error.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The file.
    pub path: PathBuf,
    /// The checked scenario, or why it could not be loaded.
    pub scenario: Result<Arc<Scenario>, String>,
}

impl Entry {
    fn load(path: PathBuf) -> Self {
        let scenario = Scenario::load(&path)
            .map(Arc::new)
            .map_err(|e| e.to_string());
        Self { path, scenario }
    }
}

/// Start-screen state.
#[derive(Clone, Debug)]
pub struct StartState {
    /// Folder being listed (as typed).
    pub folder: String,
    /// Scenarios found there, plus any opened by path.
    pub entries: Vec<Entry>,
    /// The chosen entry.
    pub selected: Option<usize>,
    /// Path typed into "open file".
    pub open_path: String,
    /// Seed of the run (patient variability and monitor noise).
    pub seed: u64,
}

impl StartState {
    /// Lists `folder` and preselects `last` if it is there.
    pub fn new(folder: &Path, last: Option<&Path>) -> Self {
        let mut state = Self {
            folder: folder.display().to_string(),
            entries: Vec::new(),
            selected: None,
            open_path: String::new(),
            seed: 1,
        };
        state.rescan();
        if let Some(last) = last {
            state.selected = state.entries.iter().position(|e| e.path == last);
            if state.selected.is_none() && last.is_file() {
                state.open(last.to_path_buf());
            }
        }
        if state.selected.is_none() && !state.entries.is_empty() {
            state.selected = Some(0);
        }
        state
    }

    /// Reads the folder again.
    pub fn rescan(&mut self) {
        self.entries = list_folder(Path::new(&self.folder))
            .into_iter()
            .map(Entry::load)
            .collect();
        self.selected = None;
        // The browser has no folders: the shipped scenarios are built in.
        #[cfg(target_arch = "wasm32")]
        for (name, text) in crate::app::builtin::SCENARIOS {
            self.open_text(name, text);
        }
    }

    /// Loads a file by path and selects it.
    pub fn open(&mut self, path: PathBuf) {
        self.add(Entry::load(path));
    }

    /// Parses a scenario's `text` (a file read by the browser, or one built in) named
    /// `name`, and selects it.
    pub fn open_text(&mut self, name: &str, text: &str) {
        let scenario = Scenario::parse(name, text)
            .map(Arc::new)
            .map_err(|e| e.to_string());
        self.add(Entry {
            path: PathBuf::from(name),
            scenario,
        });
    }

    /// Adds `entry` (replacing one of the same path) and selects it.
    fn add(&mut self, entry: Entry) {
        match self.entries.iter().position(|e| e.path == entry.path) {
            Some(i) => {
                self.entries[i] = entry;
                self.selected = Some(i);
            }
            None => {
                self.entries.push(entry);
                self.selected = Some(self.entries.len() - 1);
            }
        }
    }
}

/// What the start screen asks for.
#[must_use]
#[derive(Clone, Debug)]
pub enum StartCommand {
    /// Start this scenario.
    Start {
        /// The scenario.
        scenario: Arc<Scenario>,
        /// Its file.
        path: PathBuf,
        /// Seed.
        seed: u64,
    },
    /// The folder listed changed (to remember it).
    FolderChanged(PathBuf),
    /// Open a scenario with the file dialog.
    PickFile,
}

/// The button that opens one record with the system's file dialog.
pub const OPEN_RECORD_DIALOG: &str = "Choose a record file…";

/// The button that opens a scenario with the system's file dialog.
pub const OPEN_SCENARIO_DIALOG: &str = "Choose a scenario file…";

/// Label of the start button (tests click it).
pub const START_LABEL: &str = "Start the run";

/// Label of the button that opens the record browser.
pub const RECORDS_LABEL: &str = "Attempt records";
/// The passphrase field that opens the records.
pub const RECORDS_PASSPHRASE: &str = "Facilitator: programme passphrase to open the records";
/// The button that opens the records with it.
pub const OPEN_RECORDS: &str = "Open records";

/// Draws the start screen.
pub fn start_ui(ui: &mut egui::Ui, state: &mut StartState) -> Option<StartCommand> {
    let mut out = None;
    ui.separator();
    ui.horizontal(|ui| {
        let label = ui.label("Scenario folder");
        ui.add(egui::TextEdit::singleline(&mut state.folder).desired_width(320.0))
            .labelled_by(label.id);
        if ui.button("List").clicked() {
            state.rescan();
            if !state.entries.is_empty() {
                state.selected = Some(0);
            }
            out = Some(StartCommand::FolderChanged(PathBuf::from(&state.folder)));
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Open file");
        ui.add(
            egui::TextEdit::singleline(&mut state.open_path)
                .hint_text("path/to/scenario.ron")
                .desired_width(320.0),
        )
        .labelled_by(label.id);
        if ui.button("Open").clicked() && !state.open_path.trim().is_empty() {
            state.open(PathBuf::from(state.open_path.trim()));
        }
        if ui
            .button(OPEN_SCENARIO_DIALOG)
            .on_hover_text("Or drop a scenario (.ron) or a record (.jsonl) on the window")
            .clicked()
        {
            out = Some(StartCommand::PickFile);
        }
    });
    ui.separator();
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        ui.label(RichText::new("Scenarios").strong());
        if state.entries.is_empty() {
            ui.label(format!("No .ron files in {}", state.folder));
        }
        egui::ScrollArea::vertical()
            .id_salt("scenario_list")
            .show(ui, |ui| {
                // Under a heading per kind of case (never the diagnosis); files that do
                // not load go last.
                let group_of = |entry: &Entry| entry.scenario.as_ref().ok().map(|s| s.group);
                let headings = Group::ALL.iter().map(|g| (Some(*g), g.heading()));
                for (group, heading) in headings.chain(std::iter::once((None, "Files with errors")))
                {
                    let mut members = state
                        .entries
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| group_of(e) == group)
                        .peekable();
                    if members.peek().is_none() {
                        continue;
                    }
                    ui.label(RichText::new(heading).strong().small());
                    for (i, entry) in members {
                        let file = entry
                            .path
                            .file_name()
                            .map(|f| f.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        let text = match &entry.scenario {
                            Ok(s) => format!("{}\n{}", s.name, s.description),
                            Err(_) => format!("{file} (cannot be loaded)"),
                        };
                        if ui
                            .selectable_label(state.selected == Some(i), text)
                            .clicked()
                        {
                            state.selected = Some(i);
                        }
                    }
                    ui.add_space(4.0);
                }
            });

        let ui = &mut cols[1];
        let Some(entry) = state.selected.and_then(|i| state.entries.get(i)) else {
            ui.label("Choose a scenario on the left.");
            return;
        };
        match &entry.scenario {
            Err(e) => {
                ui.label(RichText::new("This file has errors:").strong());
                ui.monospace(e);
            }
            Ok(scenario) => {
                ui.label(RichText::new(&scenario.name).strong().size(18.0));
                // Not the file name: shipped files are named for their emergency
                // (`air_embolism.ron`), and the trainee must not see the diagnosis.
                ui.label(
                    RichText::new(format!(
                        "Version {} · {} min",
                        scenario.version,
                        scenario.duration_ticks / perfsim_core::time::TICKS_PER_SEC / 60
                    ))
                    .weak(),
                );
                ui.separator();
                ui.label(RichText::new("Briefing").strong());
                ui.label(&scenario.briefing);
                ui.separator();
                ui.horizontal(|ui| {
                    let label = ui.label("Seed");
                    ui.add(egui::DragValue::new(&mut state.seed).range(0..=u32::MAX as u64))
                        .labelled_by(label.id);
                    if ui
                        .button(RichText::new(START_LABEL).strong().size(16.0))
                        .clicked()
                    {
                        out = Some(StartCommand::Start {
                            scenario: scenario.clone(),
                            path: entry.path.clone(),
                            seed: state.seed,
                        });
                    }
                });
            }
        }
    });
    out
}

/// The whole start screen: title bar, the record section and
/// the scenario picker ([`start_ui`]).
pub fn start_screen_ui(
    ui: &mut egui::Ui,
    state: &mut StartState,
    prefs: &Prefs,
    records: &RecordsView<'_>,
    edits: RecordEdits<'_>,
    palette: &Palette,
    commands: &mut Vec<Command>,
) {
    egui::CentralPanel::default_margins().show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("perfsim — cardiopulmonary bypass trainer");
            ui.add_space(12.0);
            #[cfg(target_arch = "wasm32")]
            ui.label(RichText::new(crate::app::DESKTOP_ONLY_RECORDS).weak());
            #[cfg(not(target_arch = "wasm32"))]
            if ui.button(exam_setup::names::OPEN_SETUP).clicked() {
                commands.push(Command::OpenExamSetup);
            }
            #[cfg(not(target_arch = "wasm32"))]
            if ui
                .button(RECORDS_LABEL)
                .on_hover_text("Open an attempt record: replay, debrief, print")
                .clicked()
            {
                commands.push(Command::OpenRecords);
            }
            #[cfg(not(target_arch = "wasm32"))]
            if ui
                .button(OPEN_RECORD_DIALOG)
                .on_hover_text("Open one attempt record (the programme passphrase is asked first)")
                .clicked()
            {
                commands.push(Command::PickFile(crate::app::files::FileKind::Record));
            }
            top_right_prefs_ui(ui, prefs, commands);
        });
        if let Some(passphrase) = edits.records_gate.as_mut() {
            ui.horizontal(|ui| {
                let l = ui.label(RECORDS_PASSPHRASE);
                let field = ui
                    .add(egui::TextEdit::singleline(passphrase).password(true).desired_width(220.0))
                    .labelled_by(l.id);
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button(OPEN_RECORDS).clicked() || entered {
                    commands.push(Command::OpenRecordsWith(std::mem::take(passphrase)));
                }
                if ui.button("Cancel").clicked() {
                    commands.push(Command::CancelRecords);
                }
            });
        }
        ui.label(
            "Pick a scenario, read the briefing, and start. Practice mode: you can pause and speed up time.",
        );
        // The browser has no record folder (desktop only, said in the title bar): its
        // practice records are downloads from the debrief. Only the notice is shown.
        #[cfg(target_arch = "wasm32")]
        if let Some(text) = records.notice {
            ui.label(RichText::new(text).strong().color(palette.message_warning));
        }
        #[cfg(not(target_arch = "wasm32"))]
        records_ui(
            ui,
            records,
            edits.pin,
            edits.passphrase,
            edits.folder,
            palette,
            commands,
        );
        if let Some(cmd) = start_ui(ui, state) {
            commands.push(match cmd {
                StartCommand::Start {
                    scenario,
                    path,
                    seed,
                } => Command::Start {
                    scenario,
                    path: Some(path),
                    seed,
                },
                StartCommand::FolderChanged(p) => Command::FolderChanged(p),
                StartCommand::PickFile => {
                    Command::PickFile(crate::app::files::FileKind::Scenario)
                }
            });
        }
    });
}

/// The start screen's text fields that belong to the window, not the picker.
pub struct RecordEdits<'a> {
    /// The exam's facilitator PIN, typed to continue an interrupted exam.
    pub pin: &'a mut String,
    /// The programme passphrase, typed to continue an interrupted exam.
    pub passphrase: &'a mut String,
    /// The programme passphrase being typed to open the records, while asked for.
    pub records_gate: &'a mut Option<String>,
    /// Record folder as typed.
    pub folder: &'a mut String,
}
