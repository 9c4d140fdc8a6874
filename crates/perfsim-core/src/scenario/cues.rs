//! A scenario's cues as a run goes: which hints hold now, which team lines are due, and
//! what a notified team member answers. Deterministic: evaluated on whole simulated
//! seconds from the session alone.

use super::Hint;
use super::Scenario;
use super::team::TeamLine;
use super::when::Watch;
use crate::action::Role;
use crate::session::Session;
use crate::time::{Tick, secs_from_tick};

/// The answer when the scenario scripts none.
pub const DEFAULT_REPLY: &str = "Thanks, understood.";

/// The state of one run's hints and team lines.
#[derive(Clone, Debug)]
pub struct Cues {
    watch: Watch,
    spoken: Vec<bool>,
}

/// A team line as it was spoken.
#[derive(Clone, Debug, PartialEq)]
pub struct Spoken {
    /// When.
    pub tick: Tick,
    /// Who.
    pub who: Role,
    /// What.
    pub says: String,
    /// Its index in the scenario's `team.lines` (its `does`, if any, is there).
    pub line: usize,
}

impl Cues {
    /// The cues of `scenario`, before the run starts.
    pub fn new(scenario: &Scenario) -> Self {
        let hints = scenario.hints.iter().filter_map(|h| h.when.as_ref());
        let lines = scenario.team.lines.iter().map(|l| &l.when);
        let replies = scenario.team.replies.iter().filter_map(|r| r.when.as_ref());
        Self {
            watch: Watch::new(hints.chain(lines).chain(replies)),
            spoken: vec![false; scenario.team.lines.len()],
        }
    }

    /// Reads what is new in `session` and returns the team lines that fall due now, each
    /// once. Call it on each whole simulated second, so that the tick a line is spoken
    /// at does not depend on the frame rate.
    pub fn update(&mut self, session: &Session) -> Vec<Spoken> {
        self.watch.update(session);
        let lines: &[TeamLine] = &session.scenario().team.lines;
        let mut due = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let spoken = self.spoken.get(i).copied().unwrap_or(true);
            if !spoken && self.watch.holds(&line.when, session) {
                if let Some(s) = self.spoken.get_mut(i) {
                    *s = true;
                }
                due.push(Spoken {
                    tick: session.tick(),
                    who: line.who,
                    says: line.says.clone(),
                    line: i,
                });
            }
        }
        due
    }

    /// The hints whose time has come and whose condition holds now, in file order.
    pub fn hints<'s>(&'s self, session: &'s Session) -> impl Iterator<Item = &'s Hint> + 's {
        let now_s = secs_from_tick(session.tick());
        session.scenario().hints.iter().filter(move |h| {
            h.at_s.is_none_or(|t| now_s >= t)
                && h.when.as_ref().is_none_or(|w| self.watch.holds(w, session))
        })
    }

    /// What `who` answers when told now.
    pub fn reply<'s>(&self, session: &'s Session, who: Role) -> &'s str {
        session
            .scenario()
            .team
            .replies
            .iter()
            .find(|r| r.to == who && r.when.as_ref().is_none_or(|w| self.watch.holds(w, session)))
            .map_or(DEFAULT_REPLY, |r| r.says.as_str())
    }
}
