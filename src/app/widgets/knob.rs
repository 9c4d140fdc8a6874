//! A console knob: one numeric control that changes the model only by deliberate moves,
//! as a heart-lung machine's knob does. A typed value applies on Enter or when the field
//! loses focus (never digit by digit: typing FiO2 "100" must not first set 10 %); a drag
//! shows a draft and applies once on release; the arrow keys (while the knob has focus)
//! and each mouse-wheel notch move it one step. Each of these is one value, so one logged
//! action; nothing in between reaches the model or the record.

use std::ops::RangeInclusive;

use egui::{DragValue, Id, Key, Modifiers};

/// Mouse-wheel travel (points) that counts as one notch, one step of the knob.
const WHEEL_NOTCH_POINTS: f32 = 40.0;

/// Drag travel (points) for one step: fine enough to set any value, slow enough that a
/// short drag is a small change.
const DRAG_POINTS_PER_STEP: f64 = 4.0;

/// A knob's travel: its limits, its step and how many decimals it shows. Each control
/// keeps its spec in one place (see `controls.rs`), so the limits can come from one table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KnobSpec {
    /// Lowest value.
    pub min: f64,
    /// Highest value.
    pub max: f64,
    /// One arrow-key press or wheel notch.
    pub step: f64,
    /// Decimals shown (and kept when dragging).
    pub decimals: usize,
}

impl KnobSpec {
    /// The allowed range.
    pub fn range(&self) -> RangeInclusive<f64> {
        self.min..=self.max
    }

    /// `value` moved by `steps` steps, on the step grid, within the limits.
    pub fn stepped(&self, value: f64, steps: i32) -> f64 {
        let on_grid = (value / self.step).round() * self.step;
        let moved = on_grid + self.step * f64::from(steps);
        round_to(moved.clamp(self.min, self.max), self.decimals)
    }
}

fn round_to(value: f64, decimals: usize) -> f64 {
    let scale = 10f64.powi(decimals as i32);
    (value * scale).round() / scale
}

/// Draws a knob labelled by `label_id` showing `draft` (if one is being dragged) or
/// `current`. Returns the value to apply when the trainee made a deliberate change this
/// frame; while a drag is under way `draft` holds it and nothing is returned.
pub fn knob_ui(
    ui: &mut egui::Ui,
    label_id: Id,
    draft: &mut Option<f64>,
    current: f64,
    spec: KnobSpec,
) -> Option<f64> {
    // The DragValue takes the next auto id; its arrow keys step by its drag speed, so the
    // knob consumes them first and steps by its own step.
    let id = ui.next_auto_id();
    let focused = ui.memory(|m| m.has_focus(id));
    let arrow_steps = if focused {
        ui.input_mut(|i| {
            i.count_and_consume_key(Modifiers::NONE, Key::ArrowUp) as i32
                - i.count_and_consume_key(Modifiers::NONE, Key::ArrowDown) as i32
        })
    } else {
        0
    };
    let mut value = draft.unwrap_or(current);
    let response = ui
        .add(
            DragValue::new(&mut value)
                .range(spec.range())
                .speed(spec.step / DRAG_POINTS_PER_STEP)
                .fixed_decimals(spec.decimals)
                .update_while_editing(false),
        )
        .labelled_by(label_id);

    let wheel_steps = if response.hovered() && !response.dragged() {
        wheel_notches(ui, id)
    } else {
        0
    };
    let steps = arrow_steps + wheel_steps;
    let commit = |v: f64| (v != current).then_some(v);
    if steps != 0 {
        *draft = None;
        return commit(spec.stepped(current, steps));
    }
    if response.drag_stopped() {
        *draft = None;
        return commit(value);
    }
    if response.dragged() {
        *draft = Some(value);
        return None;
    }
    if response.changed() {
        // A typed value, on Enter or focus loss.
        *draft = None;
        return commit(value);
    }
    if !response.has_focus() {
        *draft = None;
    }
    None
}

/// Whole wheel notches turned over the knob this frame (up is positive). The scroll is
/// taken from the frame so the panel behind does not also scroll; part-notches carry over.
fn wheel_notches(ui: &egui::Ui, id: Id) -> i32 {
    let delta_y = ui.input_mut(|i| std::mem::take(&mut i.smooth_scroll_delta).y);
    if delta_y == 0.0 {
        return 0;
    }
    let key = id.with("wheel");
    let carried = ui.data(|d| d.get_temp::<f32>(key)).unwrap_or(0.0) + delta_y;
    let notches = (carried / WHEEL_NOTCH_POINTS).trunc();
    ui.data_mut(|d| d.insert_temp(key, carried - notches * WHEEL_NOTCH_POINTS));
    notches as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_land_on_the_grid_and_stay_within_the_limits() {
        let water = KnobSpec {
            min: 4.0,
            max: 40.0,
            step: 0.5,
            decimals: 1,
        };
        assert_eq!(water.stepped(36.2, 1), 36.5);
        assert_eq!(water.stepped(36.0, -2), 35.0);
        assert_eq!(water.stepped(39.8, 3), 40.0);
        assert_eq!(water.stepped(4.0, -1), 4.0);
        let flow = KnobSpec {
            min: 0.0,
            max: 7.0,
            step: 0.1,
            decimals: 2,
        };
        assert_eq!(flow.stepped(4.2, 1), 4.3);
    }
}
