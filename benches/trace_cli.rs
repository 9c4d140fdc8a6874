//! Speed of the whole process a user runs to get a 4-hour case's 1 Hz CSV trace:
//! `perfsim run scenarios/baseline.ron --duration-s 14400 --every-s 1 --trace t.csv`.
//! Target (issue 8): at least 100,000× real time, i.e. under 0.144 s per run, on one core.
//! Run with `cargo bench --bench trace_cli`; it prints the real-time factor.

use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

const CASE_SECS: f64 = 4.0 * 3600.0;

fn run_once(trace: &std::path::Path) -> Duration {
    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_perfsim"))
        .args([
            "run",
            concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/baseline.ron"),
        ])
        .args(["--duration-s", "14400", "--every-s", "1", "--trace"])
        .arg(trace)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("perfsim runs");
    let elapsed = started.elapsed();
    assert!(status.success(), "perfsim run failed");
    elapsed
}

fn whole_process(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let trace = dir.path().join("t.csv");
    let mut group = c.benchmark_group("cli");
    group.sample_size(10);
    group.bench_function("perfsim run: 4 h baseline, 1 Hz CSV trace", |b| {
        b.iter(|| run_once(&trace))
    });
    group.finish();
    // The figure README's speed table quotes: the best of ten whole runs.
    let best = (0..10)
        .map(|_| run_once(&trace))
        .min()
        .unwrap_or(Duration::MAX);
    let rows = std::fs::read_to_string(&trace)
        .map(|t| t.lines().count())
        .unwrap_or(0);
    println!(
        "whole process: best {:.3} s for {rows} rows = {:.0}× real time",
        best.as_secs_f64(),
        CASE_SECS / best.as_secs_f64()
    );
}

criterion_group!(benches, whole_process);
criterion_main!(benches);
