//! Speed of the model: a 4-hour case with its 1 Hz trace, headless.
//! Target (issue 2): at least 20,000× real time on one core, i.e. under 0.72 s; for a
//! 4-hour ECMO case (issue 13) at least 50,000×, i.e. under 0.29 s.
//! Run with `cargo bench --bench model`.

use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use perfsim_core::scenario::Scenario;
use perfsim_core::session::Session;
use perfsim_core::time::TICKS_PER_SEC;

const FOUR_HOURS_TICKS: u64 = 4 * 3600 * TICKS_PER_SEC;

fn four_hour_case(c: &mut Criterion) {
    let scenario = Arc::new(
        Scenario::load(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/baseline.ron"
        )))
        .expect("baseline scenario"),
    );
    let mut group = c.benchmark_group("model");
    group.sample_size(10);
    group.bench_function("4 h baseline, 1 Hz trace", |b| {
        b.iter(|| {
            let mut session = Session::new(scenario.clone(), 1);
            session
                .run_script(&[], FOUR_HOURS_TICKS, |_| {})
                .expect("no actions to fail");
            assert_eq!(
                session.trace().len() as u64,
                FOUR_HOURS_TICKS / TICKS_PER_SEC + 1
            );
            session
        })
    });
    group.finish();
}

/// A 4-hour VV case (with its recirculation fault) and a 4-hour VA case (a flow
/// reduction): the ECMO circuit solved every tick.
fn four_hour_ecmo_cases(c: &mut Criterion) {
    let mut group = c.benchmark_group("model");
    group.sample_size(10);
    for (name, file) in [("VV", "ecmo_vv_1"), ("VA", "ecmo_va_5")] {
        let scenario = Arc::new(
            Scenario::load(
                &Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{file}.ron")),
            )
            .expect("ECMO scenario"),
        );
        group.bench_function(format!("4 h {name} ECMO, 1 Hz trace"), |b| {
            b.iter(|| {
                let mut session = Session::new(scenario.clone(), 1);
                session
                    .run_script(&[], FOUR_HOURS_TICKS, |_| {})
                    .expect("no actions to fail");
                session
            })
        });
    }
    group.finish();
}

criterion_group!(benches, four_hour_case, four_hour_ecmo_cases);
criterion_main!(benches);
