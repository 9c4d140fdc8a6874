//! The window's edge of recording. The core's attempt driver
//! ([`perfsim_core::attempt::Attempt`]) and record target
//! ([`perfsim_core::attempt::RecordTarget`]) take the wall clock and a new programme
//! key's random bytes as parameters; these functions fill them in for the window.

use std::path::Path;
use std::sync::Arc;

use perfsim_core::attempt::{RecordTarget, Signer, TargetError};
use perfsim_core::record::{AttemptInfo, ProgrammeKey, RecordedAttempt, Recovered};
use perfsim_core::scenario::Scenario;

/// What signs: the unlocked programme key when there is one, else the per-user
/// practice key (created from OS randomness on first use; it cannot sign an exam).
fn signer(programme: Option<&ProgrammeKey>) -> Signer<'_> {
    match programme {
        Some(k) => Signer::Programme(k),
        None => Signer::Practice(&crate::entropy::os_random),
    }
}

/// Unlocks the programme's signing key with the facilitator's passphrase (in memory).
pub fn unlock(target: &RecordTarget, passphrase: &str) -> Result<ProgrammeKey, String> {
    let source = target.programme_key().map_err(|e| e.to_string())?;
    source.unlock(passphrase).map_err(|e| e.to_string())
}

/// Starts a recorded attempt of the scenario in `path` (its text goes in the header),
/// stamped with the wall clock now.
pub fn start(
    target: &RecordTarget,
    scenario: Arc<Scenario>,
    path: Option<&Path>,
    seed: u64,
    mut info: AttemptInfo,
    programme: Option<&ProgrammeKey>,
) -> Result<RecordedAttempt, TargetError> {
    info.started_at_utc = crate::wall_clock::now_utc();
    target.start(scenario, path, seed, info, signer(programme))
}

/// Like [`start`], with the scenario's text at hand (a branch of a recorded attempt
/// embeds the text its record holds).
pub fn start_with_text(
    target: &RecordTarget,
    scenario: Arc<Scenario>,
    text: &str,
    seed: u64,
    mut info: AttemptInfo,
) -> Result<RecordedAttempt, TargetError> {
    info.started_at_utc = crate::wall_clock::now_utc();
    target.start_with_text(scenario, text, seed, info, signer(None))
}

/// Continues an interrupted record (an exam: with the unlocked programme key),
/// naming who authorised it.
pub fn continue_interrupted(
    target: &RecordTarget,
    recovered: &Recovered,
    programme: Option<&ProgrammeKey>,
    authorised_by: &str,
) -> Result<RecordedAttempt, TargetError> {
    target.continue_interrupted(recovered, signer(programme), authorised_by)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use egui_kittest::kittest::Queryable;

    use std::path::PathBuf;

    use perfsim_core::action::{Action, Actor};
    use perfsim_core::time::Tick;

    use super::*;
    use crate::app::test_util::{
        TempRecords, advance, app_recording_to, harness, scenarios_dir, session,
    };
    use perfsim_core::record::{Mode, RecordReader};

    /// A practice attempt that stops mid-line, as after a power cut: 3 actions, then a
    /// partial line. Returns its path and last complete tick.
    fn interrupted_record(records: &TempRecords) -> (PathBuf, Tick) {
        let path = scenarios_dir().join("baseline.ron");
        let scenario = match Scenario::load(&path) {
            Ok(s) => Arc::new(s),
            Err(e) => panic!("{e}"),
        };
        let info = AttemptInfo {
            mode: Mode::Practice,
            ..AttemptInfo::default()
        };
        let mut attempt = match start(&records.target(), scenario, Some(&path), 4, info, None) {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        };
        for (secs, flow) in [(5, 4.2), (9, 4.0), (12, 3.8)] {
            while attempt.session().tick() < secs * 10 {
                attempt.step();
            }
            let acted = attempt.act(
                Actor::Trainee,
                Action::SetPumpFlow {
                    flow_l_per_min: flow,
                },
            );
            assert!(acted.is_ok());
        }
        for _ in 0..30 {
            attempt.step();
        }
        assert!(attempt.heartbeat().is_ok());
        let Some(file) = attempt.path().map(std::path::Path::to_path_buf) else {
            panic!("a folder's record has a file");
        };
        let last = attempt.session().tick();
        drop(attempt);
        let appended = std::fs::OpenOptions::new()
            .append(true)
            .open(&file)
            .and_then(|mut f| f.write_all(b"{\"kind\":\"action\",\"tick\":15"));
        assert!(appended.is_ok());
        (file, last)
    }

    #[test]
    fn an_interrupted_attempt_is_offered_on_start_and_continues() {
        let records = TempRecords::new();
        let (file, last_tick) = interrupted_record(&records);
        let mut h = harness(app_recording_to(&records));
        h.run();
        assert!(h.query_by_label("Interrupted attempts").is_some());
        assert!(h.query_by_label_contains("stopped at").is_some());
        h.get_by_label("Continue").click();
        h.run();
        let Some(run) = h.state().run_state() else {
            panic!("the attempt did not continue");
        };
        assert_eq!(run.driver.record_path(), Some(file.as_path()));
        assert_eq!(session(&h).tick(), last_tick);
        assert_eq!(session(&h).log().len(), 3);
        advance(&mut h, 3);
        h.get_by_label("End run").click();
        h.run();
        h.get_by_label(crate::app::screens::run::END_RUN_CONFIRM)
            .click();
        h.run();
        assert!(h.state().is_debrief());
        // The one record, continued and finished, verifies and replays.
        assert_eq!(records.records(), vec![file.clone()]);
        if let Err(e) = crate::cli::records::verify(&file, Some(&records.key_file())) {
            panic!("perfsim verify refuses the continued record: {e:#}");
        }
        let rec = match RecordReader::open(&file) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        let outcome =
            perfsim_core::record::replay::replay(&rec, perfsim_core::record::score::report_json);
        assert!(outcome.is_ok_and(|o| o.difference.is_none()));
        // Dismissing hides an offer without deleting the file.
        let _ = interrupted_record(&records);
        h.get_by_label("Scenario list").click();
        h.run();
        assert!(h.query_by_label("Interrupted attempts").is_some());
        h.get_by_label("Dismiss").click();
        h.run();
        assert!(h.query_by_label("Interrupted attempts").is_none());
        assert_eq!(records.records().len(), 2);
    }

    #[test]
    fn a_practice_run_goes_on_unrecorded_when_the_key_is_unusable() {
        let records = TempRecords::new();
        assert!(std::fs::write(records.dir.path().join("practice.key"), "not a key").is_ok());
        let mut h = harness(app_recording_to(&records));
        h.run();
        h.get_by_label_contains("Baseline: stable full bypass")
            .click();
        h.run();
        h.get_by_label(crate::app::screens::start::START_LABEL)
            .click();
        h.run();
        assert!(
            h.state().run_state().is_some(),
            "the practice run did not start"
        );
        assert!(h.query_by_label_contains("not recorded").is_some());
        advance(&mut h, 1);
        assert_eq!(session(&h).tick(), 10);
    }
}
