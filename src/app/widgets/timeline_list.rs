//! How one [`TimelineEvent`] looks wherever a timeline is drawn (the debrief's list, the
//! record browser's list and bar, the trend markers): one colour per [`EventKind`].

use egui::{Color32, RichText};

use crate::app::theme::Palette;
use crate::app::{EventKind, TimelineEvent};

/// The colour token of an event kind.
pub fn event_color(kind: EventKind, palette: &Palette) -> Color32 {
    match kind {
        EventKind::Fault | EventKind::NeverEvent => palette.marker_fault,
        EventKind::FirstCue | EventKind::Alarm => palette.marker_alarm,
        EventKind::Action => palette.marker_action,
        EventKind::Instructor => palette.marker_instructor,
        EventKind::Note | EventKind::Pause => palette.marker_note,
        EventKind::Other => palette.tile_label,
    }
}

/// Faults and never-events stand out: drawn bold in lists, full height on the bar and
/// solid on the trends.
pub fn is_major(kind: EventKind) -> bool {
    matches!(kind, EventKind::Fault | EventKind::NeverEvent)
}

/// Whether the trends mark this kind with a vertical line (notes, pauses and other model
/// events are only listed).
pub fn is_trend_marker(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::Fault
            | EventKind::NeverEvent
            | EventKind::FirstCue
            | EventKind::Alarm
            | EventKind::Action
            | EventKind::Instructor
    )
}

/// One row's text, coloured by its kind.
pub fn timeline_text(event: &TimelineEvent, palette: &Palette) -> RichText {
    let text = RichText::new(&event.text).color(event_color(event.kind, palette));
    if is_major(event.kind) {
        text.strong()
    } else {
        text
    }
}
