//! The core's absences, kept by the crate graph: `perfsim-core` depends on nothing that
//! draws a window (egui, eframe, winit), parses arguments (clap) or reads OS randomness
//! (getrandom, rand's OS and thread generators), and its sources never read the wall
//! clock (also forbidden by `crates/perfsim-core/clippy.toml`).

mod common;

use std::path::Path;
use std::process::Command;

/// Every package (name, features) in the core's normal dependency tree, resolved for the
/// core alone, as `cargo tree` prints it.
fn core_dependency_tree() -> Vec<(String, String)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(common::repo_path(""))
        .args([
            "tree",
            "--locked",
            "--offline",
            "-p",
            "perfsim-core",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}|{f}",
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let (package, features) = l.split_once('|')?;
            let name = package.split_whitespace().next()?.to_string();
            Some((name, features.to_string()))
        })
        .collect()
}

#[test]
fn the_core_depends_on_no_window_no_argument_parser_and_no_os_randomness() {
    let tree = core_dependency_tree();
    assert!(
        tree.iter().any(|(n, _)| n == "perfsim-core") && tree.iter().any(|(n, _)| n == "ron"),
        "cargo tree listed the core: {tree:?}"
    );
    for (name, features) in &tree {
        for forbidden in ["egui", "eframe", "winit", "clap", "getrandom"] {
            assert!(
                !name.starts_with(forbidden),
                "perfsim-core depends on {name}"
            );
        }
        if name.starts_with("rand") {
            for feature in ["os_rng", "thread_rng", "std_rng", "getrandom"] {
                assert!(
                    !features.split(',').any(|f| f == feature),
                    "{name} has feature {feature} in the core"
                );
            }
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("readable source folder")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_core_never_reads_the_wall_clock() {
    let mut files = Vec::new();
    rust_files(&common::repo_path("crates/perfsim-core/src"), &mut files);
    assert!(files.len() > 20, "found the sources");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable source");
        for forbidden in ["Instant::now", "SystemTime::now", "UNIX_EPOCH"] {
            assert!(
                !text.contains(forbidden),
                "{} mentions {forbidden}",
                path.display()
            );
        }
    }
}
