//! The theatre team in a scenario file: what the surgeon and the anaesthetist say, and
//! when, and what they answer when the perfusionist tells them something. A line may
//! carry what the speaker does (the surgeon takes the cross-clamp off), which the window
//! logs as a typed action so a replay reproduces it.

use serde::{Deserialize, Serialize};

use super::when::When;
use crate::action::{Action, Role};

/// The `team:` section of a scenario file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// Lines spoken once, each the first time its condition holds.
    #[serde(default)]
    pub lines: Vec<TeamLine>,
    /// Answers to the perfusionist's `Notify`: the first whose condition holds.
    #[serde(default)]
    pub replies: Vec<Reply>,
}

/// One scripted line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamLine {
    /// Who speaks.
    pub who: Role,
    /// When (the first whole second at which this holds).
    pub when: When,
    /// What is said, e.g. "Cardioplegia, please."
    pub says: String,
    /// What the speaker does as they say it: one of [`TeamLine::MAY_DO`].
    #[serde(default)]
    pub does: Option<Action>,
}

impl TeamLine {
    /// What a team member may do in a scenario file: the things done at the table, not
    /// at the perfusion console.
    pub const MAY_DO: &'static str = "CrossClamp, Ventilation, Trendelenburg, Pace or Defibrillate";

    /// Whether `action` is done at the table (by the surgeon or the anaesthetist).
    pub fn may_do(action: &Action) -> bool {
        matches!(
            action,
            Action::CrossClamp { .. }
                | Action::Ventilation { .. }
                | Action::Trendelenburg { .. }
                | Action::Pace { .. }
                | Action::Defibrillate
        )
    }
}

/// An answer to the perfusionist telling someone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// Who answers (the one told).
    pub to: Role,
    /// Only while this holds; none: always.
    #[serde(default)]
    pub when: Option<When>,
    /// The answer.
    pub says: String,
}

/// What a role is called in the console log.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Surgeon => "Surgeon",
        Role::Anaesthetist => "Anaesthetist",
        Role::Intensivist => "Intensivist",
    }
}
