//! Audible alarms. Which tone should sound now is a pure function of the run
//! ([`tone_due`]: the alarms, when they were last acknowledged, the simulated time); the
//! tone itself is rendered in code ([`tone::render`]); an audio back end ([`output`],
//! cpal: ALSA, WASAPI, CoreAudio, WebAudio) loops it. With no sound device the window
//! runs silently and says so once in the log.

pub mod output;
pub mod tone;
#[cfg(test)]
mod window_tests;

use perfsim_core::action::Action;
use perfsim_core::model::alarms::{Alarm, AlarmSet};
use perfsim_core::session::Session;
use perfsim_core::time::{TICKS_PER_SEC, Tick};

pub use self::tone::Priority;

/// How long Acknowledge silences the alarms that are sounding (IEC 60601-1-8's "audio
/// paused", at most 2 minutes), in simulated ticks. A condition that persists sounds
/// again after it; a new one sounds at once.
pub const SILENCE_TICKS: Tick = 120 * TICKS_PER_SEC;

/// The priority of each console alarm's sound: high where harm follows within seconds to
/// a minute (air, an empty reservoir, an occluded line, no oxygen, the arrest budget),
/// medium for the rest.
pub fn priority(alarm: Alarm) -> Priority {
    match alarm {
        Alarm::Bubble
        | Alarm::LowLevel
        | Alarm::HighLinePressure
        | Alarm::LowPo2
        | Alarm::LowSweep
        | Alarm::ArrestBudget
        // ECMO: flow falling or the drainage sucking the vein shut harms within a minute.
        | Alarm::LowEcmoFlow
        | Alarm::DrainageSuction => Priority::High,
        Alarm::HighArterialTemp
        | Alarm::TempGradient
        | Alarm::HighPco2
        | Alarm::LowSvo2
        | Alarm::LowMap
        | Alarm::LowRso2
        | Alarm::FastRewarming
        | Alarm::LowAct
        | Alarm::LowDo2i
        | Alarm::Vasoplegia
        // ECMO: the battery buys minutes; a falling saturation is watched, not yet lethal.
        | Alarm::OnBattery
        | Alarm::LowSpo2 => Priority::Medium,
    }
}

/// The tone that should sound at tick `now`: the highest priority among the alarms not
/// yet acknowledged, and, once [`SILENCE_TICKS`] have passed since the last
/// acknowledgement (`last_ack`), among all active ones. `None`: silence.
pub fn tone_due(
    active: AlarmSet,
    unacknowledged: AlarmSet,
    last_ack: Option<Tick>,
    now: Tick,
) -> Option<Priority> {
    let silence_over = last_ack.is_none_or(|t| now >= t.saturating_add(SILENCE_TICKS));
    let sounding = if silence_over { active } else { unacknowledged };
    sounding.iter().map(priority).max()
}

/// The tone due in a running session (see [`tone_due`]).
pub fn tone_due_in(session: &Session) -> Option<Priority> {
    let sim = session.sim();
    let last_ack = session
        .log()
        .iter()
        .rev()
        .find(|a| matches!(a.action, Action::AcknowledgeAlarms))
        .map(|a| a.tick);
    tone_due(
        sim.alarms_active(),
        sim.alarms_unacknowledged(),
        last_ack,
        session.tick(),
    )
}

/// The window's alarm sound: the tone due this frame and, when the window has a sound
/// device, the stream playing it.
#[derive(Default)]
pub struct AlarmSound {
    due: Option<Priority>,
    /// Whether to open the sound device the first time a tone is due (the window does;
    /// tests do not, so they never make a noise).
    use_device: bool,
    /// The open device, once opened; `Some(None)` once opening failed (logged once).
    output: Option<Option<output::Output>>,
}

impl std::fmt::Debug for AlarmSound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AlarmSound")
            .field("due", &self.due)
            .field("use_device", &self.use_device)
            .field("device_open", &matches!(self.output, Some(Some(_))))
            .finish()
    }
}

impl AlarmSound {
    /// A sound that plays on the default output device (opened when first needed: a
    /// browser lets a page make sound only after the user has clicked in it).
    pub fn with_device() -> Self {
        Self {
            use_device: true,
            ..Self::default()
        }
    }

    /// The tone the window decided should sound this frame (whatever the volume).
    pub fn due(&self) -> Option<Priority> {
        self.due
    }

    /// Sounds `due` at `volume` (0-1; 0 is mute) from now on.
    pub fn set(&mut self, due: Option<Priority>, volume: f32) {
        let changed = self.due != due;
        self.due = due;
        if !self.use_device {
            return;
        }
        if self.output.is_none() && due.is_some() {
            self.output = Some(match output::Output::open() {
                Ok(out) => Some(out),
                Err(why) => {
                    log_line(&format!("perfsim: alarms are silent: {why}"));
                    None
                }
            });
        }
        if let Some(Some(out)) = &self.output {
            if changed && due.is_some() {
                out.resume();
            }
            out.play(due, volume);
        }
    }
}

/// One line in the log: standard error on the desktop, the console in a browser.
pub fn log_line(text: &str) {
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("{text}");
    #[cfg(target_arch = "wasm32")]
    web_sys::console::log_1(&text.into());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(alarms: &[Alarm]) -> AlarmSet {
        let mut s = AlarmSet::default();
        for a in alarms {
            s.insert(*a);
        }
        s
    }

    #[test]
    fn the_highest_priority_sounds_and_acknowledge_silences_for_two_minutes() {
        let both = set(&[Alarm::LowMap, Alarm::Bubble]);
        let none = AlarmSet::default();
        let check = |active, unacked, ack, now, want| {
            assert_eq!(tone_due(active, unacked, ack, now), want, "{ack:?} {now}");
        };
        check(none, none, None, 50, None);
        check(both, both, None, 50, Some(Priority::High));
        check(
            set(&[Alarm::LowMap]),
            set(&[Alarm::LowMap]),
            None,
            5,
            Some(Priority::Medium),
        );
        // Acknowledged at 100: silent until 100 + 1200, then the persisting alarms sound.
        check(both, none, Some(100), 101, None);
        check(both, none, Some(100), 1299, None);
        check(both, none, Some(100), 1300, Some(Priority::High));
        // A new alarm during the silence sounds at once, at its own priority.
        check(
            both,
            set(&[Alarm::LowMap]),
            Some(100),
            200,
            Some(Priority::Medium),
        );
    }
}
