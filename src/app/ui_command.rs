//! Every command that has a keyboard shortcut, each owning its label, its help text and
//! its keys (rerun's `UICommand` pattern). The buttons, the shortcut listener and the F1
//! help window all read this one table, so a key cannot drift from its button or its
//! help line.
//!
//! The listener consumes the keys it acts on ([`egui::InputState::consume_shortcut`])
//! before the screen draws its buttons, so a key pressed while a button has keyboard
//! focus acts once: Space on a focused button pauses, and does not also press it.

use egui::{Key, KeyboardShortcut, Modifiers};

use perfsim_core::action::{Action, LabKind, limits};
use perfsim_core::model::Settings;
use perfsim_core::model::config::PumpKind;

/// A command with a keyboard shortcut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    /// Pause or resume (practice only).
    TogglePause,
    /// Stop the arterial pump.
    StopPump,
    /// Silence the sounding alarms.
    AcknowledgeAlarms,
    /// FiO2 to 100 %.
    Fio2Full,
    /// Arterial clamp on or off.
    ToggleArterialClamp,
    /// Venous clamp on or off.
    ToggleVenousClamp,
    /// Pump flow up one step.
    FlowUp,
    /// Pump flow down one step.
    FlowDown,
    /// Send a blood gas.
    SendBloodGas,
    /// Send an ACT.
    SendAct,
    /// Show or hide the keyboard help.
    ToggleHelp,
}

/// Keys egui itself handles, listed in the help window after [`UiCommand::ALL`].
pub const EGUI_KEYS: &[(&str, &str)] = &[("Ctrl + / Ctrl −", "Larger / smaller (large screens)")];

/// Title of the keyboard help window.
pub const HELP_TITLE: &str = "Keyboard shortcuts";

const fn key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

impl UiCommand {
    /// Every command, in the help window's order.
    pub const ALL: [Self; 11] = [
        Self::TogglePause,
        Self::StopPump,
        Self::AcknowledgeAlarms,
        Self::Fio2Full,
        Self::ToggleArterialClamp,
        Self::ToggleVenousClamp,
        Self::FlowUp,
        Self::FlowDown,
        Self::SendBloodGas,
        Self::SendAct,
        Self::ToggleHelp,
    ];

    /// The button's text without its key.
    pub fn label(self) -> &'static str {
        match self {
            Self::TogglePause => "Pause",
            Self::StopPump => "Stop pump",
            Self::AcknowledgeAlarms => "Acknowledge alarms",
            Self::Fio2Full => "FiO2 100 %",
            Self::ToggleArterialClamp => "Arterial clamp",
            Self::ToggleVenousClamp => "Venous clamp",
            Self::FlowUp => "Flow up",
            Self::FlowDown => "Flow down",
            Self::SendBloodGas => "Send Blood gas",
            Self::SendAct => "Send ACT",
            Self::ToggleHelp => "Help",
        }
    }

    /// The help window's line (and the button's tooltip).
    pub fn help(self) -> &'static str {
        match self {
            Self::TogglePause => "Pause / resume (practice)",
            Self::StopPump => "Stop the pump",
            Self::AcknowledgeAlarms => "Acknowledge alarms",
            Self::Fio2Full => "FiO2 100 %",
            Self::ToggleArterialClamp => "Arterial clamp on / off (ECMO: return line clamp)",
            Self::ToggleVenousClamp => "Venous clamp on / off (ECMO: drainage line clamp)",
            Self::FlowUp => "Pump flow +0.1 L/min (centrifugal: +50 rpm)",
            Self::FlowDown => "Pump flow −0.1 L/min (centrifugal: −50 rpm)",
            Self::SendBloodGas => "Send a blood gas",
            Self::SendAct => "Send an ACT",
            Self::ToggleHelp => "This help",
        }
    }

    /// Its keys, without modifiers; the first is the one buttons show.
    pub fn kb_shortcuts(self) -> &'static [KeyboardShortcut] {
        match self {
            Self::TogglePause => const { &[key(Key::Space)] },
            Self::StopPump => const { &[key(Key::S)] },
            Self::AcknowledgeAlarms => const { &[key(Key::A)] },
            Self::Fio2Full => const { &[key(Key::F)] },
            Self::ToggleArterialClamp => const { &[key(Key::C)] },
            Self::ToggleVenousClamp => const { &[key(Key::V)] },
            Self::FlowUp => const { &[key(Key::ArrowUp)] },
            Self::FlowDown => const { &[key(Key::ArrowDown)] },
            Self::SendBloodGas => const { &[key(Key::G)] },
            Self::SendAct => const { &[key(Key::T)] },
            Self::ToggleHelp => const { &[key(Key::F1), key(Key::H)] },
        }
    }

    /// Its keys as the help window lists them ("F1 / H").
    pub fn keys_text(self) -> String {
        self.kb_shortcuts()
            .iter()
            .map(|k| key_name(k.logical_key))
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// The button's text with its first key: "Stop pump (S)".
    pub fn button_text(self) -> String {
        self.button_text_as(self.label())
    }

    /// `label` with this command's first key, for buttons whose text changes with
    /// state ("Resume (Space)").
    pub fn button_text_as(self, label: &str) -> String {
        match self.kb_shortcuts().first() {
            Some(k) => format!("{label} ({})", key_name(k.logical_key)),
            None => label.to_owned(),
        }
    }

    /// The command a lab's "Send" button shares its key with, if any.
    pub fn send_lab(lab: LabKind) -> Option<Self> {
        match lab {
            LabKind::BloodGas => Some(Self::SendBloodGas),
            LabKind::Act => Some(Self::SendAct),
            _ => None,
        }
    }

    /// The model action this command stands for, given the current settings; `None` for
    /// the window's own commands (pause, help).
    pub fn action(self, settings: &Settings) -> Option<Action> {
        let flow_step = |sign: f64| match settings.pump_kind {
            PumpKind::Roller => Action::SetPumpFlow {
                flow_l_per_min: limits::PUMP_FLOW
                    .clamp(settings.pump_flow_set_l_min + limits::PUMP_FLOW.step * sign),
            },
            PumpKind::Centrifugal => Action::SetPumpRpm {
                rpm: limits::PUMP_SPEED
                    .clamp(settings.pump_rpm_set + limits::PUMP_SPEED.step * sign),
            },
        };
        Some(match self {
            Self::TogglePause | Self::ToggleHelp => return None,
            Self::StopPump => Action::PumpStop,
            Self::AcknowledgeAlarms => Action::AcknowledgeAlarms,
            Self::Fio2Full => Action::SetFio2 { fio2: 1.0 },
            // ECMO has no arterial or venous clamp: the same keys clamp its return and
            // drainage lines (return first on a centrifugal circuit, so C before V).
            Self::ToggleArterialClamp => match &settings.ecmo {
                Some(e) => Action::ClampReturn {
                    closed: !e.return_clamped,
                },
                None => Action::ClampArterial {
                    closed: !settings.arterial_clamped,
                },
            },
            Self::ToggleVenousClamp => match &settings.ecmo {
                Some(e) => Action::ClampDrainage {
                    closed: !e.drainage_clamped,
                },
                None => Action::ClampVenous {
                    closed: settings.venous_occlusion_pct < limits::VENOUS_OCCLUSION.max,
                },
            },
            Self::FlowUp => flow_step(1.0),
            Self::FlowDown => flow_step(-1.0),
            Self::SendBloodGas => Action::RequestLab {
                lab: LabKind::BloodGas,
            },
            Self::SendAct => Action::RequestLab { lab: LabKind::Act },
        })
    }

    /// The commands whose key was pressed this frame (among those `available`),
    /// consuming each key so that no focused widget also acts on it. While a text field
    /// has focus nothing is consumed (the keys are typing); while another widget has
    /// focus the arrow keys stay with it (they move focus, or step a dial).
    pub fn listen_for_kb_shortcuts(
        ctx: &egui::Context,
        available: impl Fn(Self) -> bool,
    ) -> Vec<Self> {
        if ctx.text_edit_focused() {
            return Vec::new();
        }
        let widget_focused = ctx.memory(|m| m.focused().is_some());
        ctx.input_mut(|i| {
            if !i.modifiers.is_none() {
                return Vec::new();
            }
            Self::ALL
                .into_iter()
                .filter(|c| available(*c))
                .filter(|c| !(widget_focused && matches!(c, Self::FlowUp | Self::FlowDown)))
                .filter(|c| {
                    // Count, not `any`: both keys of a command are consumed.
                    c.kb_shortcuts()
                        .iter()
                        .filter(|k| i.consume_shortcut(k))
                        .count()
                        > 0
                })
                .collect()
        })
    }
}

fn key_name(key: Key) -> &'static str {
    match key {
        Key::ArrowUp => "↑",
        Key::ArrowDown => "↓",
        other => other.name(),
    }
}

/// The keyboard help window: every [`UiCommand`]'s keys and help line, then egui's own.
/// Returns `true` when the trainee closed it.
#[must_use]
pub fn help_window_ui(ctx: &egui::Context) -> bool {
    let mut open = true;
    egui::Window::new(HELP_TITLE)
        .open(&mut open)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("keys").striped(true).show(ui, |ui| {
                for command in UiCommand::ALL {
                    ui.monospace(command.keys_text());
                    ui.label(command.help());
                    ui.end_row();
                }
                for (keys, what) in EGUI_KEYS {
                    ui.monospace(*keys);
                    ui.label(*what);
                    ui.end_row();
                }
            });
        });
    !open
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The help text quotes the arrow keys' steps; they come from the core's limits table.
    #[test]
    fn the_flow_keys_help_states_the_tables_steps() {
        let help = UiCommand::FlowUp.help();
        assert!(
            help.contains(&format!("+{} L/min", limits::PUMP_FLOW.step)),
            "{help}"
        );
        assert!(
            help.contains(&format!("+{} rpm", limits::PUMP_SPEED.step)),
            "{help}"
        );
    }

    /// The buttons read their text from the table; these are the texts trainees know.
    #[test]
    fn buttons_show_their_keys_and_each_key_has_one_command() {
        let check = |c: UiCommand, text: &str| assert_eq!(c.button_text(), text);
        check(UiCommand::TogglePause, "Pause (Space)");
        check(UiCommand::StopPump, "Stop pump (S)");
        check(UiCommand::AcknowledgeAlarms, "Acknowledge alarms (A)");
        check(UiCommand::Fio2Full, "FiO2 100 % (F)");
        check(UiCommand::ToggleArterialClamp, "Arterial clamp (C)");
        check(UiCommand::ToggleVenousClamp, "Venous clamp (V)");
        check(UiCommand::ToggleHelp, "Help (F1)");
        assert_eq!(UiCommand::ToggleHelp.keys_text(), "F1 / H");
        assert_eq!(UiCommand::FlowUp.keys_text(), "↑");
        let mut keys: Vec<Key> = UiCommand::ALL
            .iter()
            .flat_map(|c| c.kb_shortcuts().iter().map(|k| k.logical_key))
            .collect();
        let n = keys.len();
        keys.sort_by_key(|k| k.name());
        keys.dedup();
        assert_eq!(keys.len(), n, "a key bound to two commands");
    }
}
