//! Simulated time. The model counts integer ticks; seconds exist only at the edges
//! (files people write, labels people read).

/// Ticks in one simulated second. The model's fixed step is `1 / TICKS_PER_SEC` s.
pub const TICKS_PER_SEC: u64 = 10;

/// Length of one tick in seconds (0.1 s: the brief caps the step at 0.1 s).
pub const DT_SECS: f64 = 1.0 / TICKS_PER_SEC as f64;

/// A moment of simulated time, counted in ticks from the start of the run.
pub type Tick = u64;

/// Converts seconds written by a person to the nearest tick. Callers validate that
/// `secs` is finite and non-negative first.
pub fn tick_from_secs(secs: f64) -> Tick {
    (secs * TICKS_PER_SEC as f64).round().max(0.0) as Tick
}

/// Seconds at a tick, for display and files.
pub fn secs_from_tick(tick: Tick) -> f64 {
    tick as f64 / TICKS_PER_SEC as f64
}

/// `mm:ss` (or `h:mm:ss`) of a tick, as a perfusion record writes times.
pub fn clock_label(tick: Tick) -> String {
    let total_s = tick / TICKS_PER_SEC;
    let (h, m, s) = (total_s / 3600, (total_s / 60) % 60, total_s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}
