//! Passphrases typed at a terminal are not echoed: `perfsim key init` run in a
//! pseudo-terminal (util-linux `script`), with the passphrase typed after the prompt,
//! never shows it on the screen.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::support::BIN;

#[test]
fn a_passphrase_typed_at_a_terminal_is_not_echoed() {
    if Command::new("script").arg("--version").output().is_err() {
        panic!("this test needs util-linux `script` to give perfsim a terminal");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let key = dir.path().join("programme.key");
    let cmd = format!("'{BIN}' key init --key '{}'", key.display());
    let mut child = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("xdg"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script");
    let screen = Arc::new(Mutex::new(Vec::new()));
    let mut out = child.stdout.take().expect("stdout");
    let sink = Arc::clone(&screen);
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 256];
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().expect("screen").extend_from_slice(&buf[..n]);
        }
    });
    let seen = |s: &str| String::from_utf8_lossy(&screen.lock().expect("screen")).contains(s);
    let start = Instant::now();
    while !seen("new passphrase") {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no prompt: {}",
            String::from_utf8_lossy(&screen.lock().expect("screen"))
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Let the prompt's reader switch the terminal's echo off, as a typist would.
    std::thread::sleep(Duration::from_millis(500));
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(b"correct horse battery\n")
        .expect("type passphrase");
    let start = Instant::now();
    while !seen("programme key created") && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(stdin);
    let status = child.wait().expect("wait");
    reader.join().expect("reader");
    let screen = String::from_utf8_lossy(&screen.lock().expect("screen")).to_string();
    assert!(status.success(), "{screen}");
    assert!(screen.contains("programme key created"), "{screen}");
    assert!(
        !screen.contains("correct horse"),
        "the passphrase was echoed: {screen}"
    );
    assert!(key.exists());
}
