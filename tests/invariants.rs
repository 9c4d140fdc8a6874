//! The core's absences, checked in its sources: no egui, no wall clock, no unseeded
//! randomness. (Records may create a programme key from OS randomness: that is the one
//! allowed draw, in `record/key.rs`, and it never feeds a run.)

mod common;

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_core_never_imports_egui_reads_the_clock_or_draws_unseeded_randomness() {
    let core = ["model", "scenario", "scoring", "record"].map(|d| format!("src/{d}"));
    let files_core = [
        "action.rs",
        "session.rs",
        "time.rs",
        "trace.rs",
        "script.rs",
    ]
    .map(|f| format!("src/{f}"));
    let mut files = Vec::new();
    for dir in &core {
        rust_files(&common::repo_path(dir), &mut files);
    }
    files.extend(files_core.iter().map(|f| common::repo_path(f)));
    assert!(files.len() > 20, "found the sources");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        for forbidden in [
            "use egui",
            "egui::",
            "eframe",
            "Instant::now",
            "SystemTime::now",
            "thread_rng",
            "rand::rng()",
            "from_entropy",
            "OsRng",
            "StdRng",
        ] {
            let allowed = forbidden == "OsRng" && name.ends_with("record/key.rs");
            assert!(
                allowed || !text.contains(forbidden),
                "{name} mentions {forbidden}"
            );
        }
    }
}
