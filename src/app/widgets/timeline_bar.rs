//! The record browser's timeline bar: the whole attempt from 0 to its end, with a tick
//! mark per event and the cursor. Drag anywhere to scrub; a click near a mark jumps
//! exactly to that event's tick.

use egui::{Align2, FontId, Sense, Stroke, pos2, vec2};

use super::timeline_list::{event_color, is_major};
use crate::app::theme::Palette;
use crate::app::{EventKind, TimelineEvent};

use perfsim_core::time::{TICKS_PER_SEC, Tick, clock_label};

/// Height of the bar in points.
pub const BAR_HEIGHT: f32 = 46.0;

/// A click within this many points of a mark jumps to the mark.
pub const SNAP_PX: f32 = 5.0;

/// Space left and right of the track, so the end labels fit.
pub const TRACK_INSET: f32 = 14.0;

/// Accessible label of the bar (tests find it by this).
pub const BAR_LABEL: &str = "Record timeline";

/// Whether an event gets a mark on the bar (every kind but other model events).
fn on_bar(e: &TimelineEvent) -> bool {
    e.kind != EventKind::Other
}

/// The tick under `x` on a bar spanning `left..left + width` for `0..=end`. On a click
/// (`snap`), the nearest mark within [`SNAP_PX`] wins.
pub fn pick(
    left: f32,
    width: f32,
    end: Tick,
    x: f32,
    events: &[TimelineEvent],
    snap: bool,
) -> Tick {
    let width = width.max(1.0);
    let x_of = |t: Tick| left + width * (t as f32 / end.max(1) as f32);
    if snap {
        let nearest = events
            .iter()
            .filter(|e| on_bar(e))
            .map(|m| (m.tick, (x_of(m.tick) - x).abs()))
            .filter(|(_, d)| *d <= SNAP_PX)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((tick, _)) = nearest {
            return tick;
        }
    }
    let frac = ((x - left) / width).clamp(0.0, 1.0);
    ((frac as f64 * end as f64).round() as Tick).min(end)
}

/// Draws the bar; returns the tick the facilitator scrubbed or clicked to.
#[must_use]
pub fn timeline_bar_ui(
    ui: &mut egui::Ui,
    end: Tick,
    cursor: Tick,
    events: &[TimelineEvent],
    palette: &Palette,
) -> Option<Tick> {
    let cursor_color = palette.marker_cursor;
    let size = vec2(ui.available_width(), BAR_HEIGHT);
    let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    response.widget_info(|| {
        egui::WidgetInfo::slider(true, cursor as f64 / TICKS_PER_SEC as f64, BAR_LABEL)
    });
    let track = rect.shrink2(vec2(TRACK_INSET, 0.0));
    let mut out = None;
    if let Some(pos) = response.interact_pointer_pos()
        && (response.dragged() || response.clicked() || response.drag_started())
    {
        let snap = response.clicked();
        let t = pick(track.left(), track.width(), end, pos.x, events, snap);
        if t != cursor {
            out = Some(t);
        }
    }
    if !ui.is_rect_visible(rect) {
        return out;
    }
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    let x_of = |t: Tick| track.left() + track.width() * (t as f32 / end.max(1) as f32);
    let mid = rect.top() + 16.0;
    painter.rect_filled(
        egui::Rect::from_min_max(
            pos2(track.left(), mid - 3.0),
            pos2(track.right(), mid + 3.0),
        ),
        3.0,
        visuals.widgets.inactive.bg_fill,
    );
    for m in events.iter().filter(|e| on_bar(e)) {
        let x = x_of(m.tick);
        let tall = is_major(m.kind);
        let (top, bottom) = if tall {
            (rect.top() + 2.0, mid + 12.0)
        } else {
            (mid - 8.0, mid + 8.0)
        };
        painter.line_segment(
            [pos2(x, top), pos2(x, bottom)],
            Stroke::new(if tall { 3.0 } else { 1.5 }, event_color(m.kind, palette)),
        );
    }
    // Minute labels under the track, about every 80 points.
    let end_min = end / TICKS_PER_SEC / 60;
    let per_label_min = [1, 2, 5, 10, 15, 30, 60]
        .into_iter()
        .find(|step| track.width() / (end_min.max(1) as f32 / *step as f32) >= 80.0)
        .unwrap_or(60);
    let font = FontId::proportional(11.0);
    let mut m = 0;
    while m <= end_min {
        let t = m * 60 * TICKS_PER_SEC;
        let x = x_of(t);
        painter.line_segment(
            [pos2(x, mid + 4.0), pos2(x, mid + 9.0)],
            Stroke::new(1.0, visuals.weak_text_color()),
        );
        painter.text(
            pos2(x, rect.bottom() - 1.0),
            Align2::CENTER_BOTTOM,
            format!("{m}m"),
            font.clone(),
            visuals.weak_text_color(),
        );
        m += per_label_min;
    }
    let cx = x_of(cursor);
    painter.line_segment(
        [pos2(cx, rect.top()), pos2(cx, mid + 12.0)],
        Stroke::new(2.5, cursor_color),
    );
    painter.circle_filled(pos2(cx, mid), 6.0, cursor_color);
    if response.hovered()
        && let Some(hover) = response.hover_pos()
    {
        let t = pick(track.left(), track.width(), end, hover.x, events, true);
        response.on_hover_text_at_pointer(clock_label(t));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_maps_x_to_ticks_and_snaps_to_marks_on_click() {
        let marks = [
            TimelineEvent {
                tick: 3000,
                kind: EventKind::Fault,
                text: "Fault".into(),
            },
            // Other model events have no mark, so clicks never snap to them.
            TimelineEvent {
                tick: 3100,
                kind: EventKind::Other,
                text: "Event".into(),
            },
        ];
        let check = |x: f32, snap: bool, expect: Tick| {
            assert_eq!(pick(100.0, 600.0, 6000, x, &marks, snap), expect, "x {x}");
        };
        check(100.0, false, 0);
        check(700.0, false, 6000);
        check(50.0, false, 0);
        check(900.0, true, 6000);
        check(400.0, false, 3000);
        // 3 points right of the mark: a click snaps, a drag does not.
        check(403.0, true, 3000);
        check(403.0, false, 3030);
        check(420.0, true, 3200);
        check(411.0, true, 3110);
    }
}
