//! The audio back end: one cpal output stream on the default device that loops the tone
//! due ([`super::tone::render`], rendered once per priority at the device's rate) or
//! plays silence. The window tells it what to play through two atomics, so the audio
//! callback never waits for the window.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU32, Ordering};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};

use super::tone::{self, Priority};

/// What the window wants played, read by the audio callback.
#[derive(Debug, Default)]
struct Wanted {
    /// 0 silence, 1 medium, 2 high.
    tone: AtomicU8,
    /// Volume 0-1 as `f32` bits.
    volume_bits: AtomicU32,
}

/// An open sound device looping the wanted tone.
pub struct Output {
    wanted: Arc<Wanted>,
    /// Dropping the stream closes the device.
    stream: cpal::Stream,
}

impl Output {
    /// Opens the default output device. `Err` says why there is no sound (no device, no
    /// sound server, a format it cannot take).
    pub fn open() -> Result<Self, String> {
        let host = cpal::default_host();
        let device = host
            .default_output_device()
            .ok_or("no sound output device")?;
        let supported = device
            .default_output_config()
            .map_err(|e| format!("the sound device has no output format: {e}"))?;
        let format = supported.sample_format();
        let config: cpal::StreamConfig = supported.into();
        let wanted = Arc::new(Wanted::default());
        let stream = match format {
            cpal::SampleFormat::F32 => build::<f32>(&device, &config, &wanted),
            cpal::SampleFormat::I16 => build::<i16>(&device, &config, &wanted),
            cpal::SampleFormat::U16 => build::<u16>(&device, &config, &wanted),
            cpal::SampleFormat::I32 => build::<i32>(&device, &config, &wanted),
            other => return Err(format!("the sound device wants {other} samples")),
        }?;
        stream
            .play()
            .map_err(|e| format!("the sound device does not play: {e}"))?;
        Ok(Self { wanted, stream })
    }

    /// Asks the device to play again: a browser keeps a page's audio suspended until
    /// the user has clicked in it, so each new tone asks again.
    pub fn resume(&self) {
        let _ = self.stream.play();
    }

    /// Loops `tone` (or silence) at `volume` (0-1) from the next buffer on.
    pub fn play(&self, tone: Option<Priority>, volume: f32) {
        let code = match tone {
            None => 0,
            Some(Priority::Medium) => 1,
            Some(Priority::High) => 2,
        };
        self.wanted.tone.store(code, Ordering::Relaxed);
        self.wanted
            .volume_bits
            .store(volume.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
    }
}

fn build<T>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    wanted: &Arc<Wanted>,
) -> Result<cpal::Stream, String>
where
    T: cpal::SizedSample + cpal::FromSample<f32>,
{
    let channels = usize::from(config.channels.max(1));
    let tones = [
        tone::render(Priority::Medium, config.sample_rate),
        tone::render(Priority::High, config.sample_rate),
    ];
    let wanted = Arc::clone(wanted);
    // The tone playing and where in its cycle: a new tone starts from its first pulse.
    let mut playing = 0_u8;
    let mut at = 0_usize;
    let mut told = false;
    device
        .build_output_stream(
            *config,
            move |data: &mut [T], _: &cpal::OutputCallbackInfo| {
                let code = wanted.tone.load(Ordering::Relaxed);
                let volume = f32::from_bits(wanted.volume_bits.load(Ordering::Relaxed));
                if code != playing {
                    playing = code;
                    at = 0;
                }
                let samples = match code {
                    1 => tones[0].as_slice(),
                    2 => tones[1].as_slice(),
                    _ => &[],
                };
                for frame in data.chunks_mut(channels) {
                    let value = match samples.get(at) {
                        Some(s) => {
                            at = (at + 1) % samples.len();
                            s * volume
                        }
                        None => 0.0,
                    };
                    frame.fill(T::from_sample(value));
                }
            },
            // A lost device mid-run: the run goes on, silent, and the log says so once.
            move |e| {
                if !told {
                    told = true;
                    super::log_line(&format!("perfsim: the alarm sound failed: {e}"));
                }
            },
            None,
        )
        .map_err(|e| format!("cannot open the sound device: {e}"))
}
