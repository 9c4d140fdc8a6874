//! Replaying (and re-scoring) a 4-hour attempt record: open, check the MAC chain,
//! re-simulate 144,000 ticks, digest the trace, score. Target: under a second.
//!
//! Also the window's record browser on the same record: opening it, and the slowest
//! scrub (just before a checkpoint).
//!
//! `cargo bench --bench replay`

use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use perfsim::app::screens::records::RecordView;
use perfsim_core::record::{AttemptInfo, Mode, ProgrammeKey, RecordReader, RecordedAttempt};
use perfsim_core::scenario::Scenario;
use perfsim_core::time::{TICKS_PER_SEC, tick_from_secs};

const FOUR_HOURS_S: f64 = 4.0 * 3600.0;

/// Writes a 4-hour attempt as an exam at real time writes it: an action every five
/// simulated minutes and a heartbeat every second (14,400 heartbeats).
fn write_four_hour_record(path: &Path, key: &ProgrammeKey) {
    let scenario_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/circuit_clot.ron");
    let text = std::fs::read_to_string(&scenario_path).expect("circuit_clot scenario");
    let scenario =
        Arc::new(Scenario::parse(&scenario_path.display().to_string(), &text).expect("parses"));
    let info = AttemptInfo {
        candidate_id: "BENCH".into(),
        facilitator: "bench".into(),
        mode: Mode::Exam,
        started_at_utc: "2026-01-01T00:00:00Z".into(),
        pin: None,
    };
    let mut a =
        RecordedAttempt::start(path, scenario, &text, 42, info, key.clone()).expect("start");
    let end = tick_from_secs(FOUR_HOURS_S);
    let mut i = 0u32;
    while a.session().tick() < end {
        let tick = a.session().tick();
        if tick.is_multiple_of(300 * TICKS_PER_SEC) && tick > 0 {
            i += 1;
            let sweep = 1.6 + 0.1 * f64::from(i % 5);
            a.act(
                perfsim_core::action::Actor::Trainee,
                perfsim_core::action::Action::SetSweep {
                    sweep_l_per_min: sweep,
                },
            )
            .expect("act");
        }
        a.step();
        if a.session().tick().is_multiple_of(TICKS_PER_SEC) {
            a.heartbeat().expect("heartbeat");
        }
    }
    let report = perfsim_core::record::score::report_json(a.session());
    a.finish(report).expect("finish");
}

fn replay_four_hours(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = ProgrammeKey::from_bytes(vec![9; 32]).expect("key");
    let path = dir.path().join("four-hours.jsonl");
    write_four_hour_record(&path, &key);
    let mut group = c.benchmark_group("record");
    group.sample_size(10);
    group.bench_function("open_verify_replay_rescore_4h", |b| {
        b.iter(|| {
            let rec = RecordReader::open(&path).expect("open");
            rec.verify(&key.public()).expect("intact");
            let outcome = perfsim_core::record::replay::replay(
                &rec,
                perfsim_core::record::score::report_json,
            )
            .expect("replay");
            assert_eq!(outcome.difference, None);
            outcome.trace_digest
        })
    });
    // The window's record browser: open (re-simulate keeping checkpoints, re-score), then
    // the worst scrub: the tick just before a checkpoint.
    let rec = RecordView::open(&path, Some(&key.public())).expect("browser open");
    let worst = rec.review.checkpoint_ticks - 1;
    group.bench_function("browser_open_4h", |b| {
        b.iter(|| {
            RecordView::open(&path, Some(&key.public()))
                .expect("browser open")
                .review
                .checkpoints
                .len()
        })
    });
    group.bench_function("browser_seek_worst_4h", |b| {
        b.iter(|| rec.review.session_at(worst).tick())
    });
    group.finish();
}

criterion_group!(benches, replay_four_hours);
criterion_main!(benches);
