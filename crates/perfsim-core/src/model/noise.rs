//! Seeded randomness. Patient variability is drawn once from the run's seed; measurement
//! noise is a pure function of (seed, tick, channel), so reading a monitor any number of
//! times, at any frame rate, never changes the run.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::time::Tick;

/// A standard normal deviate fixed by `(seed, tick, channel)`. ChaCha8 is a named,
/// portable algorithm: the same inputs give the same number on every platform.
pub fn noise(seed: u64, tick: Tick, channel: u64) -> f64 {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(channel);
    // 16 words per tick leaves room for the normal sampler's rejection loop.
    rng.set_word_pos(u128::from(tick) * 16);
    StandardNormal.sample(&mut rng)
}

/// The generator for a run's once-only draws (patient variability).
pub fn run_rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// A normal draw `mean · (1 + sd_frac·z)`, clamped to ±3 SD so no patient is absurd.
pub fn vary(rng: &mut ChaCha8Rng, mean: f64, sd_frac: f64) -> f64 {
    let z: f64 = StandardNormal.sample(rng);
    mean * (1.0 + sd_frac * z.clamp(-3.0, 3.0))
}
