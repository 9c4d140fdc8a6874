//! Scoring a 4-hour run: the circuit-clot case with its slow action file, run for 4 h of
//! simulated time (14 400 trace rows), then scored. Target: well under a second.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use perfsim_core::scenario::Scenario;
use perfsim_core::session::Session;
use perfsim_core::time::tick_from_secs;

fn four_hour_run() -> (Arc<Scenario>, Session) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario =
        Arc::new(Scenario::load(&root.join("scenarios/circuit_clot.ron")).expect("scenario"));
    let script = perfsim_core::script::load(&root.join("tests/actions/circuit_clot_slow.ron"))
        .expect("actions");
    let mut session = Session::new(scenario.clone(), 1);
    session
        .run_script(&script, tick_from_secs(4.0 * 3600.0), |_| {})
        .expect("run");
    (scenario, session)
}

fn bench(c: &mut Criterion) {
    let (scenario, session) = four_hour_run();
    assert_eq!(session.trace().len(), 14_401);
    c.bench_function("score a 4-hour run", |b| {
        b.iter(|| {
            perfsim_core::scoring::score(
                black_box(&scenario),
                black_box(&perfsim_core::scoring::RunLog {
                    log: session.log(),
                    refused: session.refused(),
                    events: session.events(),
                    trace: session.trace(),
                }),
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
