//! CPU cost of one frame of the trainee console, drawn headless: layout, plots and
//! tessellation, with 60 minutes of trends on screen (the 60-minute window).
//!
//! `cargo bench --bench ui_frame` prints criterion's estimate and, first, the median of
//! 300 timed frames.

use std::sync::Arc;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use perfsim::app::App;
use perfsim::app::clock::Clock;
use perfsim::app::prefs::{Prefs, TrendWindow};
use perfsim_core::scenario::Scenario;
use perfsim_core::time::TICKS_PER_SEC;

const FRAME_NS: u64 = 16_666_667;

fn app_with_an_hour_of_history() -> App {
    app_on("baseline")
}

/// A run of `scenarios/{name}.ron` an hour in, showing the last 60 minutes of trends.
fn app_on(name: &str) -> App {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{name}.ron"));
    let mut scenario = match Scenario::load(&path) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    scenario.duration_ticks = 3 * 3600 * TICKS_PER_SEC;
    let prefs = Prefs {
        trend_window: TrendWindow::Min60,
        ..Prefs::default()
    };
    let mut app = App::new(prefs, Clock::mock());
    app.start_run(Arc::new(scenario), 1, None);
    app.fast_forward(3600 * TICKS_PER_SEC);
    app
}

fn input(ctx_time: f64) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1366.0, 768.0),
        )),
        time: Some(ctx_time),
        ..Default::default()
    }
}

/// One frame: logic (model stepping), UI, tessellation.
fn frame(ctx: &egui::Context, app: &mut App, n: u64) {
    app.clock.advance_mock(FRAME_NS);
    let output = ctx.run_ui(input(n as f64 * FRAME_NS as f64 * 1e-9), |ui| {
        app.step_logic(ui.ctx());
        app.show(ui);
    });
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    std::hint::black_box(primitives);
}

fn bench(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let mut app = app_with_an_hour_of_history();
    let mut n = 0;
    // Warm up fonts and plot memory, then time frames one by one for the median.
    for _ in 0..30 {
        frame(&ctx, &mut app, n);
        n += 1;
    }
    let mut times: Vec<f64> = (0..300)
        .map(|_| {
            let start = Instant::now();
            frame(&ctx, &mut app, n);
            n += 1;
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    {
        // Sanity: the frame really draws a full-size console with its plots.
        app.clock.advance_mock(FRAME_NS);
        let output = ctx.run_ui(input(n as f64 * FRAME_NS as f64 * 1e-9), |ui| {
            app.step_logic(ui.ctx());
            app.show(ui);
        });
        n += 1;
        let rect = ctx.content_rect();
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        let vertices: usize = primitives
            .iter()
            .map(|p| match &p.primitive {
                egui::epaint::Primitive::Mesh(m) => m.vertices.len(),
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum();
        println!("ui_frame: screen {rect:?}, {vertices} vertices per frame");
    }
    println!(
        "ui_frame: median {:.3} ms, p90 {:.3} ms per frame (60 min of trends, 1366×768)",
        times[times.len() / 2],
        times[times.len() * 9 / 10]
    );
    c.bench_function("ui_frame_60min_trends", |b| {
        b.iter(|| {
            frame(&ctx, &mut app, n);
            n += 1;
        })
    });
}

/// The ECMO console (VA: the ECMO controls, monitors and circuit drawing) an hour in.
fn bench_ecmo(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let mut app = app_on("ecmo_va_1");
    let mut n = 0;
    for _ in 0..30 {
        frame(&ctx, &mut app, n);
        n += 1;
    }
    c.bench_function("ui_frame_ecmo_60min_trends", |b| {
        b.iter(|| {
            frame(&ctx, &mut app, n);
            n += 1;
        })
    });
}

criterion_group!(benches, bench, bench_ecmo);
criterion_main!(benches);
