//! [`App::open_file`]: a scenario or a record the user picked in the file dialog or
//! dropped on the window, taken where it belongs without leaving a run or a locked exam.

use super::App;
use super::files::{FileKind, FileSource, OpenedFile};
use super::screens::Screen;
use super::screens::start::StartState;

/// What the window says about a file it does not open.
pub fn not_opened(name: &str) -> String {
    format!("{name} is not opened: perfsim opens scenarios (.ron) and attempt records (.jsonl).")
}

/// What the window says about a file dropped while a run or an exam is on screen.
pub const FINISH_FIRST: &str = "Files open from the start screen: finish this run first.";

impl App {
    /// Opens a file the user picked or dropped: a scenario into the start screen's list
    /// (selected, its briefing shown), a record into the record browser (behind the
    /// passphrase unless the browser is open already). During a run, an exam's setup or
    /// its locked end screen nothing is opened.
    pub fn open_file(&mut self, file: OpenedFile) {
        let Some(kind) = FileKind::of(&file.name) else {
            self.notice = Some(not_opened(&file.name));
            return;
        };
        match &mut self.screen {
            Screen::Run(run) => {
                let tick = run.session().tick();
                run.messages.push((tick, FINISH_FIRST.into()));
                return;
            }
            Screen::ExamSetup(_) | Screen::ExamDone(_) => return,
            Screen::Start(_) | Screen::Debrief(_) | Screen::Browser(_) => {}
        }
        match (kind, file.source) {
            (FileKind::Scenario, source) => {
                if !matches!(self.screen, Screen::Start(_)) {
                    self.screen = Screen::Start(StartState::new(&self.prefs.scenario_folder, None));
                }
                if let Screen::Start(state) = &mut self.screen {
                    match source {
                        FileSource::Path(path) => state.open(path),
                        FileSource::Bytes(bytes) => {
                            let text = String::from_utf8_lossy(&bytes);
                            // Kept for the record, which embeds the scenario's text.
                            self.scenario_texts.add(&text);
                            state.open_text(&file.name, &text);
                        }
                    }
                }
            }
            (FileKind::Record, FileSource::Path(path)) => {
                if matches!(self.screen, Screen::Browser(_)) {
                    self.open_record(&path);
                } else {
                    // The same gate as the "Attempt records" button: the facilitator's
                    // passphrase, then this record.
                    self.gated_record = Some(path);
                    self.records_gate = Some(String::new());
                }
            }
            (FileKind::Record, FileSource::Bytes(_)) => {
                self.notice = Some(crate::app::DESKTOP_ONLY_RECORDS.into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::app::clock::Clock;
    use crate::app::prefs::Prefs;
    use crate::app::screens::start::RECORDS_PASSPHRASE;
    use crate::app::test_util::{advance, harness, scenario_with_fault, scenarios_dir};

    /// A file dropped on the window, as eframe hands it over.
    #[derive(Debug)]
    struct Dropped(PathBuf);

    impl egui::DroppedFile for Dropped {
        fn path(&self) -> &Path {
            &self.0
        }

        fn bytes(&self) -> Result<Vec<u8>, String> {
            std::fs::read(&self.0).map_err(|e| e.to_string())
        }
    }

    fn drop_on(h: &mut Harness<'_, App>, path: PathBuf) {
        h.input_mut().dropped_files.push(Arc::new(Dropped(path)));
        h.run();
    }

    /// A start screen over an empty folder, and a scenario file of our own beside it.
    fn empty_start() -> (tempfile::TempDir, Harness<'static, App>) {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        let text = std::fs::read_to_string(scenarios_dir().join("baseline.ron"))
            .unwrap_or_default()
            .replacen(
                "name: \"Baseline: stable full bypass\"",
                "name: \"Dropped case\"",
                1,
            );
        if let Err(e) = std::fs::write(dir.path().join("mine.ron"), text) {
            panic!("{e}");
        }
        let prefs = Prefs {
            scenario_folder: dir.path().join("empty"),
            ..Prefs::default()
        };
        let mut h = harness(App::new(prefs, Clock::mock()));
        h.run();
        (dir, h)
    }

    #[test]
    fn a_dropped_scenario_is_listed_selected_and_starts() {
        let (dir, mut h) = empty_start();
        let shown = |h: &Harness<'_, App>| h.query_all_by_label_contains("Dropped case").count();
        assert_eq!(shown(&h), 0);
        drop_on(&mut h, dir.path().join("mine.ron"));
        assert!(
            shown(&h) > 0,
            "the dropped scenario is not on the start screen"
        );
        h.get_by_label(crate::app::screens::start::START_LABEL)
            .click();
        h.run();
        let name = h.state().session().map(|s| s.scenario().name.clone());
        assert_eq!(name.as_deref(), Some("Dropped case"));
    }

    #[test]
    fn a_dropped_record_asks_for_the_passphrase_first() {
        let (dir, mut h) = empty_start();
        drop_on(&mut h, dir.path().join("attempt.jsonl"));
        assert!(
            h.query_by_label(RECORDS_PASSPHRASE).is_some(),
            "a dropped record skipped the facilitator's passphrase"
        );
        assert!(h.state().browser().is_none());
        assert_eq!(
            h.state().gated_record.as_deref(),
            Some(dir.path().join("attempt.jsonl").as_path())
        );
    }

    #[test]
    fn nothing_opens_during_a_run_and_other_files_are_named() {
        let (dir, mut h) = empty_start();
        drop_on(&mut h, dir.path().join("notes.txt"));
        assert!(h.query_by_label(&not_opened("notes.txt")).is_some());
        h.state_mut().start_run(
            scenario_with_fault(perfsim_core::model::faults::FaultKind::Vasoplegia, 600),
            1,
            None,
        );
        h.run();
        advance(&mut h, 1);
        drop_on(&mut h, dir.path().join("mine.ron"));
        advance(&mut h, 1);
        assert!(
            h.state().run_state().is_some(),
            "a dropped file ended the run"
        );
        assert!(h.query_by_label_contains(FINISH_FIRST).is_some());
    }
}
