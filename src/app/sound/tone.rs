//! The alarm tones, generated in code in the pattern of IEC 60601-1-8 (tables 3 and 4):
//! a high-priority burst of ten pulses (3 + 2, a pause, 3 + 2) and a medium-priority
//! triple, each pulse a fundamental between 150 and 1000 Hz with four harmonics (so it is
//! heard and located over theatre noise), repeated after an interburst interval.
//!
//! [`render`] is a pure function of the pattern and the sample rate: the audio back end
//! loops its output, and the tests measure it.

/// Which alarm sound: IEC 60601-1-8's priorities (low priority has no sound here).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// A triple, repeated: a condition that needs a prompt response.
    Medium,
    /// Ten pulses, repeated: a condition that needs an immediate response.
    High,
}

/// Relative amplitudes of the fundamental and harmonics 2 to 5 (all within 15 dB of the
/// strongest, as the standard asks of at least four harmonics in 300-4000 Hz).
const HARMONICS: [f32; 5] = [1.0, 0.6, 0.45, 0.35, 0.3];

/// Peak amplitude of a rendered tone, leaving headroom below full scale.
pub const PEAK: f32 = 0.8;

impl Priority {
    /// Both priorities, lowest first.
    pub const ALL: [Priority; 2] = [Priority::Medium, Priority::High];

    /// The fundamental frequency, Hz (150-1000 Hz).
    pub fn fundamental_hz(self) -> f32 {
        match self {
            // C5 and A4: the high tone is higher, as most monitors make it.
            Priority::High => 523.25,
            Priority::Medium => 440.0,
        }
    }

    /// Effective pulse duration t_d, ms (high 75-200 ms, medium 125-250 ms).
    pub fn pulse_ms(self) -> u32 {
        match self {
            Priority::High => 150,
            Priority::Medium => 200,
        }
    }

    /// Where each pulse of one burst starts, ms from the burst's start.
    ///
    /// High priority: pulses spaced x = 100 ms (50-125 ms) apart, 2x + t_d between the
    /// third and fourth and the eighth and ninth, 500 ms (0.35-1.3 s) between the fifth
    /// and sixth. Medium priority: spaced y = 200 ms (125-250 ms). Spacing is from the
    /// end of one pulse to the start of the next.
    pub fn pulse_starts_ms(self) -> Vec<u32> {
        let td = self.pulse_ms();
        let gaps_ms: &[u32] = match self {
            Priority::High => &[
                100,
                100,
                2 * 100 + td,
                100,
                500,
                100,
                100,
                2 * 100 + td,
                100,
            ],
            Priority::Medium => &[200, 200],
        };
        let mut starts = vec![0];
        let mut at = 0;
        for gap in gaps_ms {
            at += td + gap;
            starts.push(at);
        }
        starts
    }

    /// Silence from the end of one burst to the start of the next, ms (high 2.5-15 s,
    /// medium 2.5-30 s).
    pub fn interburst_ms(self) -> u32 {
        match self {
            Priority::High => 4000,
            Priority::Medium => 6000,
        }
    }

    /// Length of one burst and the silence after it, ms: the period the tone repeats at.
    pub fn cycle_ms(self) -> u32 {
        let last = self.pulse_starts_ms().last().copied().unwrap_or(0);
        last + self.pulse_ms() + self.interburst_ms()
    }

    /// Spoken and shown name, for the sound preference and the log.
    pub fn label(self) -> &'static str {
        match self {
            Priority::High => "high priority",
            Priority::Medium => "medium priority",
        }
    }
}

/// One cycle of `priority`'s tone (a burst and its interburst silence) as mono samples
/// in -1..1 at `sample_rate_hz`. Loop it to sound the alarm.
pub fn render(priority: Priority, sample_rate_hz: u32) -> Vec<f32> {
    let rate = sample_rate_hz.max(1) as f32;
    let samples_of = |ms: u32| (u64::from(ms) * u64::from(sample_rate_hz) / 1000) as usize;
    let mut out = vec![0.0; samples_of(priority.cycle_ms())];
    let pulse_len = samples_of(priority.pulse_ms());
    // Rise and fall each 15 % of the pulse (the standard's 10-20 %), so pulses click not.
    let ramp_len = (pulse_len * 15 / 100).max(1);
    let f0 = priority.fundamental_hz();
    let norm: f32 = PEAK / HARMONICS.iter().sum::<f32>();
    for start_ms in priority.pulse_starts_ms() {
        let start = samples_of(start_ms);
        for i in 0..pulse_len {
            let Some(sample) = out.get_mut(start + i) else {
                break;
            };
            let envelope = if i < ramp_len {
                i as f32 / ramp_len as f32
            } else if pulse_len - i <= ramp_len {
                (pulse_len - i) as f32 / ramp_len as f32
            } else {
                1.0
            };
            // Phase from the pulse's own start, so every pulse is the same waveform.
            let t = i as f32 / rate;
            let wave: f32 = HARMONICS
                .iter()
                .enumerate()
                .map(|(k, a)| a * (std::f32::consts::TAU * f0 * (k as f32 + 1.0) * t).sin())
                .sum();
            *sample = envelope * norm * wave;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: u32 = 48_000;

    /// (start, end) of each pulse in ms, found from the envelope: 1 ms blocks whose peak
    /// is above a tenth of full scale, runs closer than 20 ms merged.
    fn pulses_ms(samples: &[f32]) -> Vec<(u32, u32)> {
        let block = (RATE / 1000) as usize;
        let loud: Vec<bool> = samples
            .chunks(block)
            .map(|c| c.iter().fold(0.0_f32, |m, s| m.max(s.abs())) > 0.1 * PEAK)
            .collect();
        let mut runs: Vec<(u32, u32)> = Vec::new();
        for (ms, on) in loud.iter().enumerate() {
            let ms = ms as u32;
            if !on {
                continue;
            }
            match runs.last_mut() {
                Some((_, end)) if ms <= *end + 20 => *end = ms + 1,
                _ => runs.push((ms, ms + 1)),
            }
        }
        runs
    }

    /// The fundamental of `samples`, Hz: the lag (within 150-1000 Hz) at which the
    /// waveform best matches itself.
    fn fundamental_hz(samples: &[f32]) -> f32 {
        let lags = (RATE / 1000) as usize..=(RATE / 150) as usize;
        let score = |lag: usize| -> f32 {
            samples
                .iter()
                .zip(&samples[lag..])
                .map(|(a, b)| a * b)
                .sum::<f32>()
        };
        let best = lags.max_by(|a, b| score(*a).total_cmp(&score(*b)));
        RATE as f32 / best.unwrap_or(1) as f32
    }

    /// Power of `samples` at `hz` (Goertzel: one frequency, no FFT).
    fn power_at(samples: &[f32], hz: f32) -> f32 {
        let w = std::f32::consts::TAU * hz / RATE as f32;
        let (mut s1, mut s2) = (0.0_f32, 0.0_f32);
        for x in samples {
            let s0 = x + 2.0 * w.cos() * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        s1 * s1 + s2 * s2 - 2.0 * w.cos() * s1 * s2
    }

    #[test]
    fn high_priority_is_ten_pulses_in_three_two_three_two_then_silence() {
        let tone = render(Priority::High, RATE);
        let pulses = pulses_ms(&tone);
        assert_eq!(pulses.len(), 10, "{pulses:?}");
        let starts: Vec<u32> = pulses.iter().map(|p| p.0).collect();
        let expected = Priority::High.pulse_starts_ms();
        for (got, want) in starts.iter().zip(&expected) {
            assert!(got.abs_diff(*want) <= 25, "pulse at {got} ms, want {want}");
        }
        // Grouped 3 + 2 + 3 + 2: the gaps after pulses 3, 5 and 8 are the long ones.
        let gaps: Vec<u32> = pulses.windows(2).map(|w| w[1].0 - w[0].1).collect();
        let short = gaps[0];
        for (i, gap) in gaps.iter().enumerate() {
            if [2, 4, 7].contains(&i) {
                assert!(*gap > short + 100, "gap {i} is {gap} ms: {gaps:?}");
            } else {
                assert!(gap.abs_diff(short) <= 10, "gap {i} is {gap} ms: {gaps:?}");
            }
        }
        // The 5th-6th gap is 0.35-1.3 s; pulses last 75-200 ms.
        assert!((350..=1300).contains(&gaps[4]), "{gaps:?}");
        for (start, end) in &pulses {
            assert!((75..=200).contains(&(end - start)), "{pulses:?}");
        }
        // Then silence until the burst repeats: 2.5-15 s.
        let last_end = pulses[9].1;
        let cycle = tone.len() as u32 * 1000 / RATE;
        assert!(
            (2500..=15000).contains(&(cycle - last_end)),
            "{cycle} {last_end}"
        );
    }

    #[test]
    fn medium_priority_is_a_triple() {
        let tone = render(Priority::Medium, RATE);
        let pulses = pulses_ms(&tone);
        assert_eq!(pulses.len(), 3, "{pulses:?}");
        for (start, end) in &pulses {
            assert!((125..=250).contains(&(end - start)), "{pulses:?}");
        }
        let cycle = tone.len() as u32 * 1000 / RATE;
        assert!((2500..=30000).contains(&(cycle - pulses[2].1)));
    }

    #[test]
    fn each_pulse_has_its_pitch_and_four_harmonics() {
        for priority in Priority::ALL {
            let tone = render(priority, RATE);
            let (start, end) = pulses_ms(&tone)[0];
            let pulse = &tone[(start * RATE / 1000) as usize..(end * RATE / 1000) as usize];
            let f0 = fundamental_hz(pulse);
            let want = priority.fundamental_hz();
            assert!((f0 - want).abs() / want < 0.02, "{priority:?}: {f0} Hz");
            assert!((150.0..=1000.0).contains(&f0));
            let base = power_at(pulse, want);
            for k in 2..=5 {
                let hz = want * k as f32;
                assert!((300.0..=4000.0).contains(&hz));
                let db = 10.0 * (power_at(pulse, hz) / base).log10();
                assert!(db > -15.0, "{priority:?} harmonic {k}: {db} dB");
            }
            // Between harmonics there is next to nothing: it is a tone, not noise.
            let between = 10.0 * (power_at(pulse, want * 1.5) / base).log10();
            assert!(
                between < -20.0,
                "{priority:?}: {between} dB between harmonics"
            );
        }
    }

    #[test]
    fn samples_stay_in_range_at_any_rate() {
        for rate in [8_000, 44_100, 48_000, 96_000] {
            for priority in Priority::ALL {
                let tone = render(priority, rate);
                assert_eq!(
                    tone.len() as u64,
                    u64::from(priority.cycle_ms()) * u64::from(rate) / 1000
                );
                assert!(tone.iter().all(|s| s.abs() <= PEAK + 1e-3));
            }
        }
        assert!(render(Priority::High, 0).is_empty());
    }
}
