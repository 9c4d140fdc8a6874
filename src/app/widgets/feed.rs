//! The console log: the trainee's own actions and the events the trainee may see, newest
//! first. Refusals stand out, since they say why a control did nothing.

use egui::RichText;

use crate::app::screens::run::TeamMessage;
use crate::app::theme::Palette;
use perfsim_core::action::{Actor, LoggedAction};
use perfsim_core::model::events::{Event, LoggedEvent};
use perfsim_core::time::{Tick, clock_label};

/// One line of the log.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedLine {
    /// When.
    pub tick: Tick,
    /// What.
    pub text: String,
    /// Shown as a warning (a refusal).
    pub warning: bool,
}

/// The newest `max` lines from actions, trainee-visible events and console messages.
pub fn feed_lines(
    actions: &[LoggedAction],
    events: &[LoggedEvent],
    messages: &[(Tick, String)],
    max: usize,
) -> Vec<FeedLine> {
    let mut lines: Vec<FeedLine> = actions
        .iter()
        .rev()
        .filter(|a| a.actor == Actor::Trainee)
        .take(max)
        .map(|a| FeedLine {
            tick: a.tick,
            text: a.action.describe(),
            warning: false,
        })
        .chain(
            events
                .iter()
                .rev()
                .filter(|e| e.event.visible_to_trainee())
                .take(max)
                .map(|e| FeedLine {
                    tick: e.tick,
                    text: e.event.describe(),
                    warning: matches!(e.event, Event::Refused { .. }),
                }),
        )
        .chain(
            messages
                .iter()
                .rev()
                .take(max)
                .map(|(tick, text)| FeedLine {
                    tick: *tick,
                    text: format!("Not done: {text}"),
                    warning: true,
                }),
        )
        .collect();
    // Stable sort: at equal ticks actions come before what they caused.
    lines.sort_by_key(|l| std::cmp::Reverse(l.tick));
    lines.truncate(max);
    lines
}

/// Adds the theatre team's lines to `lines` (newest first), keeping the newest `max`.
pub fn add_team(lines: &mut Vec<FeedLine>, team: &[TeamMessage], max: usize) {
    lines.extend(team.iter().rev().take(max).map(|m| FeedLine {
        tick: m.tick,
        text: m.text(),
        warning: false,
    }));
    lines.sort_by_key(|l| std::cmp::Reverse(l.tick));
    lines.truncate(max);
}

/// Draws the log lines.
pub fn feed_ui(ui: &mut egui::Ui, lines: &[FeedLine], palette: &Palette) {
    for line in lines {
        let text = format!("{}  {}", clock_label(line.tick), line.text);
        if line.warning {
            ui.add(
                egui::Label::new(RichText::new(text).color(palette.message_warning).strong())
                    .wrap(),
            );
        } else {
            ui.add(egui::Label::new(text).wrap());
        }
    }
}
