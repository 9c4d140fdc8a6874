//! Helpers shared by the window's kittest tests: a harness over [`App`], a temporary
//! record folder and key, and text entry.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use std::sync::Arc;

use perfsim_core::action::Action;
use perfsim_core::model::faults::FaultKind;
use perfsim_core::scenario::Scenario;

use super::App;
use super::clock::Clock;
use super::prefs::Prefs;
use perfsim_core::attempt::RecordTarget;
use perfsim_core::session::Session;

/// One wall second in nanoseconds.
pub const SECOND_NS: u64 = 1_000_000_000;

/// The shipped scenarios.
pub fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// A temporary folder with a `records` folder and a `programme.key` path in it.
pub struct TempRecords {
    /// Keeps the folder alive.
    pub dir: tempfile::TempDir,
}

/// The passphrase sealing the test programme key.
pub const TEST_PASSPHRASE: &str = "test passphrase 1";

impl TempRecords {
    /// A new empty folder with a programme key sealed under [`TEST_PASSPHRASE`].
    pub fn new() -> Self {
        let dir = match tempfile::tempdir() {
            Ok(dir) => dir,
            Err(e) => panic!("temp dir: {e}"),
        };
        let key = match perfsim_core::record::ProgrammeKey::from_bytes(vec![11; 32]) {
            Ok(k) => k,
            Err(e) => panic!("{e}"),
        };
        let sealed = perfsim_core::record::SealedKey::seal(&key, TEST_PASSPHRASE, [5; 40]);
        let written = sealed.map_err(|e| e.to_string()).and_then(|s| {
            std::fs::write(dir.path().join("programme.key"), s.file_text())
                .map_err(|e| e.to_string())
        });
        if let Err(e) = written {
            panic!("test key: {e}");
        }
        Self { dir }
    }

    /// Where records go.
    pub fn folder(&self) -> PathBuf {
        self.dir.path().join("records")
    }

    /// The sealed programme key file.
    pub fn key_file(&self) -> PathBuf {
        self.dir.path().join("programme.key")
    }

    /// Recording into this folder with this key.
    pub fn target(&self) -> RecordTarget {
        RecordTarget::Folder {
            folder: self.folder(),
            key_file: Some(self.key_file()),
        }
    }

    /// The record files written so far.
    pub fn records(&self) -> Vec<PathBuf> {
        perfsim_core::record::folder::record_files(&self.folder()).unwrap_or_default()
    }
}

/// A window on the start screen over the shipped scenarios, recording to `records`.
pub fn app_recording_to(records: &TempRecords) -> App {
    let prefs = Prefs {
        scenario_folder: scenarios_dir(),
        ..Prefs::default()
    };
    let mut app = App::new(prefs, Clock::mock());
    app.set_record_target(records.target());
    // As if the facilitator had entered the passphrase: a test may start an exam
    // directly with `App::start_exam`, which takes the key.
    if let Err(e) = app.unlock_programme_key(TEST_PASSPHRASE) {
        panic!("{e}");
    }
    app
}

/// A 1366×768 harness that runs `logic` then `ui` each frame, as eframe does.
pub fn harness(app: App) -> Harness<'static, App> {
    harness_sized(app, egui::vec2(1366.0, 768.0))
}

/// A harness of `size` points that runs `logic` then `ui` each frame, as eframe does.
pub fn harness_sized(app: App, size: egui::Vec2) -> Harness<'static, App> {
    Harness::builder()
        .with_size(size)
        .with_max_steps(8)
        .build_ui_state(
            |ui, app: &mut App| {
                app.step_logic(ui.ctx());
                app.show(ui);
            },
            app,
        )
}

/// The run's session.
pub fn session<'h>(h: &'h Harness<'_, App>) -> &'h Session {
    match h.state().session() {
        Some(s) => s,
        None => panic!("no run"),
    }
}

/// Moves the mock clock on by `secs` and runs frames.
pub fn advance(h: &mut Harness<'_, App>, secs: u64) {
    h.state_mut().clock.advance_mock(secs * SECOND_NS);
    h.run();
}

/// On a debrief that asks for the trainee's chart first, submits it blank and opens the
/// report tab, so a test can look at the rest of the debrief.
pub fn submit_chart_if_asked(h: &mut Harness<'_, App>) {
    use crate::app::screens::debrief::{chart_form::SUBMIT_CHART_LABEL, perfusion_tab::REPORT_TAB};
    if let Some(submit) = h.query_by_label(SUBMIT_CHART_LABEL) {
        submit.click();
        h.run();
        h.get_by_label(REPORT_TAB).click();
        h.run();
        h.run();
    }
}

/// Types `text` into the text field labelled `label` (plain or password).
pub fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    assert!(
        h.query_by_role_and_label(Role::TextInput, label)
            .or_else(|| h.query_by_role_and_label(Role::PasswordInput, label))
            .is_some(),
        "no text field {label:?}"
    );
    focus_field(h, label);
    h.run();
    if let Some(n) = h
        .query_by_role_and_label(Role::TextInput, label)
        .or_else(|| h.query_by_role_and_label(Role::PasswordInput, label))
    {
        n.type_text(text);
    }
    h.run();
}

fn focus_field(h: &Harness<'_, App>, label: &str) {
    if let Some(n) = h
        .query_by_role_and_label(Role::TextInput, label)
        .or_else(|| h.query_by_role_and_label(Role::PasswordInput, label))
    {
        n.focus();
    }
}

fn baseline_text() -> String {
    std::fs::read_to_string(scenarios_dir().join("baseline.ron")).unwrap_or_default()
}

/// The baseline with a fault that starts 20 s in, and a chosen length.
pub fn scenario_with_fault(kind: FaultKind, duration_s: u32) -> Arc<Scenario> {
    let text = baseline_text()
        .replace(
            "duration_s: 3600,",
            &format!(
                "duration_s: {duration_s},\n    faults: [(kind: {kind:?}, onset: AtSecs(20), ramp_s: 30, severity: 0.8)],"
            ),
        );
    match Scenario::parse("test", &text) {
        Ok(s) => Arc::new(s),
        Err(e) => panic!("test scenario: {e}"),
    }
}

/// A window on the start screen over the shipped scenarios, recording nothing.
pub fn app_on_start_screen() -> App {
    let prefs = Prefs {
        scenario_folder: scenarios_dir(),
        ..Prefs::default()
    };
    App::new(prefs, Clock::mock())
}

/// Whether the run's log holds an action that passes `f`.
pub fn logged(h: &Harness<'_, App>, f: impl Fn(&Action) -> bool) -> bool {
    session(h).log().iter().any(|a| f(&a.action))
}

/// A rater's own signing key made from `key_byte`, sealed under [`TEST_PASSPHRASE`] and
/// written to `path`.
pub fn write_rater_key(path: &Path, key_byte: u8, salt_byte: u8) {
    use perfsim_core::record::{KeySource, ProgrammeKey, SealedKey};
    let Ok(key) = ProgrammeKey::from_bytes(vec![key_byte; 32]) else {
        panic!("key");
    };
    let written = SealedKey::seal(&key, TEST_PASSPHRASE, [salt_byte; 40])
        .map_err(|e| e.to_string())
        .and_then(|s| {
            KeySource {
                path: path.to_path_buf(),
            }
            .write_text(&s.file_text(), true)
            .map_err(|e| e.to_string())
        });
    assert!(written.is_ok(), "{written:?}");
}

/// Opens the Ratings tab and signs the rating as `rater` with the key at `key_file`
/// (sealed under [`TEST_PASSPHRASE`]).
pub fn sign_rating(h: &mut Harness<'_, App>, rater: &str, key_file: &Path) {
    use crate::app::screens::debrief::perfusion_tab::RATINGS_TAB;
    use crate::app::screens::records::rating_tab::{
        RATER_KEY_LABEL, RATER_LABEL, RATER_PASSPHRASE_LABEL, SUBMIT_LABEL,
    };
    h.get_by_label(RATINGS_TAB).click();
    h.run();
    type_into(h, RATER_LABEL, rater);
    type_into(h, RATER_KEY_LABEL, &key_file.display().to_string());
    type_into(h, RATER_PASSPHRASE_LABEL, TEST_PASSPHRASE);
    h.get_by_label(SUBMIT_LABEL).click();
    h.run();
    h.run();
}
