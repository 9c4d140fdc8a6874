//! Helpers: keys, recorded runs of the shipped emergencies, running `perfsim`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use perfsim_core::record::{KeySource, ProgrammeKey, SealedKey};

pub const BIN: &str = env!("CARGO_BIN_EXE_perfsim");

/// The passphrase sealing every test key.
pub const PASSPHRASE: &str = "facilitator passphrase";

pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A fixed key sealed under [`PASSPHRASE`] at `dir/NAME.key`; the passphrase in
/// `dir/passphrase.txt`.
pub fn key(dir: &Path, name: &str, fill: u8) -> (PathBuf, ProgrammeKey) {
    let key = ProgrammeKey::from_bytes(vec![fill; 32]).expect("key");
    let path = dir.join(format!("{name}.key"));
    let sealed = SealedKey::seal(&key, PASSPHRASE, [fill; 40]).expect("seal");
    KeySource { path: path.clone() }
        .write_text(&sealed.file_text(), true)
        .expect("write key");
    std::fs::write(dir.join("passphrase.txt"), format!("{PASSPHRASE}\n")).expect("passphrase");
    (path, key)
}

/// Runs `perfsim` in `dir` with a throwaway home and practice key.
pub fn perfsim(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("PERFSIM_KEY_FILE")
        .env_remove("PERFSIM_RATERS_FILE")
        .env("PERFSIM_PRACTICE_KEY_FILE", dir.join("practice.key"))
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("xdg"))
        .output()
        .expect("run perfsim")
}

/// Standard output and error.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs `perfsim` and asserts it succeeded; returns its output text.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = perfsim(dir, args);
    assert!(out.status.success(), "perfsim {args:?}: {}", text(&out));
    text(&out)
}

/// Records an exam of `scenario` (a shipped file stem) with the action file
/// `tests/actions/{actions}.ron`, signed by the programme key at `key`.
pub fn exam(
    dir: &Path,
    key: &Path,
    record: &Path,
    scenario: &str,
    actions: &str,
    seed: u64,
    candidate: &str,
) {
    let scenario = repo(&format!("scenarios/{scenario}.ron"));
    let actions = repo(&format!("tests/actions/{actions}.ron"));
    ok(
        dir,
        &[
            "run",
            &scenario.display().to_string(),
            "--actions",
            &actions.display().to_string(),
            "--seed",
            &seed.to_string(),
            "--record",
            &record.display().to_string(),
            "--candidate",
            candidate,
            "--facilitator",
            "Dr Facilitator",
            "--mode",
            "exam",
            "--key",
            &key.display().to_string(),
            "--passphrase-file",
            &dir.join("passphrase.txt").display().to_string(),
        ],
    );
}

/// Writes a rating form.
pub fn form(dir: &Path, name: &str, pints: [f64; 4], global: &str, extra: &str) -> PathBuf {
    let path = dir.join(format!("{name}.ron"));
    std::fs::write(
        &path,
        format!(
            "(situation_awareness: {:?}, decision_making: {:?}, task_management: {:?}, teamwork_communication: {:?}, global: {global}, {extra})",
            pints[0], pints[1], pints[2], pints[3]
        ),
    )
    .expect("form");
    path
}

/// `perfsim rate` with a rater key in `dir`.
pub fn rate(dir: &Path, record: &Path, rater: &str, form: &Path, key: &Path) -> Output {
    perfsim(
        dir,
        &[
            "rate",
            &record.display().to_string(),
            "--rater",
            rater,
            "--form",
            &form.display().to_string(),
            "--key",
            &key.display().to_string(),
            "--passphrase-file",
            &dir.join("passphrase.txt").display().to_string(),
        ],
    )
}
