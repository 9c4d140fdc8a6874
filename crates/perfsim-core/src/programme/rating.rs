//! One human rater's judgement of one attempt.
//!
//! The non-technical skills follow PINTS (Perfusionists' Intraoperative Non-Technical
//! Skills: situation awareness, decision making, task management, teamwork and
//! communication; J Thorac Cardiovasc Surg 2023;165:1462), each scored 0.5-4.0 in half
//! points against behavioural anchors; the global rating (clear fail … excellent) feeds
//! borderline-regression standard setting.

use serde::{Deserialize, Serialize};

use crate::scoring::report::Status;

/// Lowest PINTS score.
pub const PINTS_MIN: f64 = 0.5;
/// Highest PINTS score.
pub const PINTS_MAX: f64 = 4.0;
/// Raters who differ by more than this many points on an item are flagged.
pub const DISAGREEMENT_POINTS: f64 = 1.0;

/// One PINTS element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PintsItem {
    /// Noticing, understanding and anticipating the state of patient and circuit.
    SituationAwareness,
    /// Choosing, carrying out and reviewing a course of action.
    DecisionMaking,
    /// Planning, prioritising and keeping routine tasks going under load.
    TaskManagement,
    /// Telling the team, closing the loop, asking for help.
    TeamworkCommunication,
}

impl PintsItem {
    /// Every element, in the form's order.
    pub const ALL: [PintsItem; 4] = [
        PintsItem::SituationAwareness,
        PintsItem::DecisionMaking,
        PintsItem::TaskManagement,
        PintsItem::TeamworkCommunication,
    ];

    /// The element's name.
    pub fn label(self) -> &'static str {
        match self {
            PintsItem::SituationAwareness => "Situation awareness",
            PintsItem::DecisionMaking => "Decision making",
            PintsItem::TaskManagement => "Task management",
            PintsItem::TeamworkCommunication => "Teamwork and communication",
        }
    }

    /// The element's field name in a rating form.
    pub fn field(self) -> &'static str {
        match self {
            PintsItem::SituationAwareness => "situation_awareness",
            PintsItem::DecisionMaking => "decision_making",
            PintsItem::TaskManagement => "task_management",
            PintsItem::TeamworkCommunication => "teamwork_communication",
        }
    }

    /// Behavioural anchors at 1 (poor), 2 (marginal), 3 (acceptable) and 4 (good),
    /// shown beside the score in every form.
    pub fn anchors(self) -> [(f64, &'static str); 4] {
        match self {
            PintsItem::SituationAwareness => [
                (
                    1.0,
                    "Poor: misses alarms or trends; fixes on one number; surprised by predictable events",
                ),
                (
                    2.0,
                    "Marginal: notices the problem late or only when an alarm sounds",
                ),
                (
                    3.0,
                    "Acceptable: scans patient and circuit; recognises the fault once cues appear",
                ),
                (
                    4.0,
                    "Good: anticipates (calls a falling level or rSO2 before the alarm); recognises the fault early and says so",
                ),
            ],
            PintsItem::DecisionMaking => [
                (
                    1.0,
                    "Poor: does not decide, or acts without checking; no review of the effect",
                ),
                (
                    2.0,
                    "Marginal: right response but hesitant or out of order; reviews only when prompted",
                ),
                (
                    3.0,
                    "Acceptable: chooses the protocol response and carries it out; checks that it worked",
                ),
                (
                    4.0,
                    "Good: weighs options aloud, acts promptly, reassesses and adapts when it does not work",
                ),
            ],
            PintsItem::TaskManagement => [
                (
                    1.0,
                    "Poor: overloaded; tasks in the wrong order; routine checks (ACT, gases) dropped",
                ),
                (
                    2.0,
                    "Marginal: does the urgent task but loses track of others",
                ),
                (
                    3.0,
                    "Acceptable: prioritises the life-threatening task, then returns to routine",
                ),
                (
                    4.0,
                    "Good: prioritises, uses checklists, delegates and keeps routine tasks going throughout",
                ),
            ],
            PintsItem::TeamworkCommunication => [
                (
                    1.0,
                    "Poor: does not tell the surgeon or anaesthetist; unclear or no messages",
                ),
                (
                    2.0,
                    "Marginal: tells the team late or vaguely; does not close the loop",
                ),
                (
                    3.0,
                    "Acceptable: tells the team clearly and by name when it matters",
                ),
                (
                    4.0,
                    "Good: tells the team early, by name, closes the loop and asks for help in time",
                ),
            ],
        }
    }
}

/// The four PINTS scores, 0.5-4.0 in half points.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PintsScores {
    /// Situation awareness.
    pub situation_awareness: f64,
    /// Decision making.
    pub decision_making: f64,
    /// Task management.
    pub task_management: f64,
    /// Teamwork and communication.
    pub teamwork_communication: f64,
}

impl PintsScores {
    /// The score of one element.
    pub fn get(&self, item: PintsItem) -> f64 {
        match item {
            PintsItem::SituationAwareness => self.situation_awareness,
            PintsItem::DecisionMaking => self.decision_making,
            PintsItem::TaskManagement => self.task_management,
            PintsItem::TeamworkCommunication => self.teamwork_communication,
        }
    }

    /// The first element whose score is not 0.5-4.0 in half points.
    pub fn first_invalid(&self) -> Option<PintsItem> {
        PintsItem::ALL
            .into_iter()
            .find(|i| !is_half_point(self.get(*i)))
    }
}

/// Whether `v` is 0.5-4.0 in half points.
pub fn is_half_point(v: f64) -> bool {
    (PINTS_MIN..=PINTS_MAX).contains(&v) && (v * 2.0).fract() == 0.0
}

/// A rater's overall judgement, for standard setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum GlobalRating {
    /// Clear fail.
    ClearFail,
    /// Borderline: the candidate the pass mark is set at.
    Borderline,
    /// Clear pass.
    ClearPass,
    /// Good.
    Good,
    /// Excellent.
    Excellent,
}

impl GlobalRating {
    /// Every rating, lowest first.
    pub const ALL: [GlobalRating; 5] = [
        GlobalRating::ClearFail,
        GlobalRating::Borderline,
        GlobalRating::ClearPass,
        GlobalRating::Good,
        GlobalRating::Excellent,
    ];

    /// 1 (clear fail) to 5 (excellent): the x of the borderline regression.
    pub fn points(self) -> f64 {
        match self {
            GlobalRating::ClearFail => 1.0,
            GlobalRating::Borderline => 2.0,
            GlobalRating::ClearPass => 3.0,
            GlobalRating::Good => 4.0,
            GlobalRating::Excellent => 5.0,
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            GlobalRating::ClearFail => "clear fail",
            GlobalRating::Borderline => "borderline",
            GlobalRating::ClearPass => "clear pass",
            GlobalRating::Good => "good",
            GlobalRating::Excellent => "excellent",
        }
    }
}

/// A note pinned to a moment of the attempt's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinnedNote {
    /// Simulated seconds from the start of the attempt.
    pub t_s: f64,
    /// What the rater saw.
    pub text: String,
}

/// A rater's override of one automatically scored critical item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemOverride {
    /// The rubric's name of the item.
    pub item: String,
    /// The outcome the rater judged.
    pub status: Status,
    /// Why (required).
    pub reason: String,
}

/// One rater's signed judgement of one attempt. It names the record by file name and by
/// the SHA-256 of its bytes, so a rating of another version of the record is seen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    /// The rater's name.
    pub rater: String,
    /// The record's file name.
    pub record_file: String,
    /// SHA-256 of the record file's bytes when it was rated, hex.
    pub record_sha256: String,
    /// When the rating was made, UTC RFC 3339 (from the caller's clock).
    pub rated_at_utc: String,
    /// PINTS scores.
    pub pints: PintsScores,
    /// Global rating.
    pub global: GlobalRating,
    /// Notes pinned to moments of the timeline, in time order.
    pub notes: Vec<PinnedNote>,
    /// Overrides of automatic items.
    pub overrides: Vec<ItemOverride>,
    /// Feedback for the candidate, shown once the facilitator releases it.
    pub feedback: String,
}

/// SHA-256 of a record file's bytes, hex: what a rating refers to.
pub fn record_sha256(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(bytes))
}
