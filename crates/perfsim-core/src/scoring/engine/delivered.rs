//! A cardioplegia dose scores by what went in, not by what was asked: a timed dose that
//! the trainee stopped early (or that the clamp coming off ended) carries the volume the
//! model delivered, from its `CardioplegiaGiven` event.

use crate::action::{Action, LoggedAction};
use crate::model::events::{Event, LoggedEvent};

/// The action log as the scorer reads it: each carried-out cardioplegia dose paired,
/// in order, with the next `CardioplegiaGiven` event at or after it and given that
/// event's volume. A dose still running when the run ended has no event and keeps the
/// volume asked (what the console was set to deliver).
pub(super) fn as_delivered(
    log: &[LoggedAction],
    refused: &[bool],
    events: &[LoggedEvent],
) -> Vec<LoggedAction> {
    let mut given = events.iter().filter_map(|e| match e.event {
        Event::CardioplegiaGiven { volume_ml, .. } => Some((e.tick, volume_ml)),
        _ => None,
    });
    let mut next = given.next();
    log.iter()
        .enumerate()
        .map(|(i, a)| {
            let mut a = a.clone();
            let carried_out = !refused.get(i).copied().unwrap_or(false);
            // Both actions give a dose, and each dose carried out raises one event.
            if let Action::DeliverCardioplegia { volume_ml, .. }
            | Action::GiveCardioplegia { volume_ml } = &mut a.action
                && carried_out
            {
                while next.is_some_and(|(tick, _)| tick < a.tick) {
                    next = given.next();
                }
                if let Some((_, delivered_ml)) = next {
                    *volume_ml = delivered_ml;
                    next = given.next();
                }
            }
            a
        })
        .collect()
}
