//! The rating form a rater fills in (RON), and its check against the attempt.
//!
//! ```ron
//! (
//!     situation_awareness: 3.0,
//!     decision_making: 2.5,
//!     task_management: 3.0,
//!     teamwork_communication: 3.5,
//!     global: ClearPass,
//!     notes: [(t_s: 310, text: "Stopped the pump within seconds of the alarm")],
//!     overrides: [(item: "Tell the surgeon", status: Done, reason: "Told him aloud; the log missed it")],
//!     feedback: "Calm, fast first response; say what you see sooner.",
//! )
//! ```

use serde::Deserialize;

use super::rating::{GlobalRating, ItemOverride, PinnedNote, PintsItem, PintsScores, Rating};
use crate::ron_file::{FileError, error_at};
use crate::scoring::report::Status;

/// An override's outcome as a rater writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum FormStatus {
    /// Done in time.
    Done,
    /// Done late.
    Late,
    /// Not done.
    Missed,
    /// Done wrongly.
    Wrong,
    /// Should not be scored.
    NotApplicable,
}

impl From<FormStatus> for Status {
    fn from(s: FormStatus) -> Self {
        match s {
            FormStatus::Done => Status::Done,
            FormStatus::Late => Status::Late,
            FormStatus::Missed => Status::Missed,
            FormStatus::Wrong => Status::Wrong,
            FormStatus::NotApplicable => Status::NotApplicable,
        }
    }
}

/// One override as written.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormOverride {
    /// The rubric's item name.
    pub item: String,
    /// The rater's outcome.
    pub status: FormStatus,
    /// Why.
    pub reason: String,
}

/// A note as written.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormNote {
    /// Simulated seconds.
    pub t_s: f64,
    /// The note.
    pub text: String,
}

/// A rating form as a rater writes it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingForm {
    /// PINTS situation awareness, 0.5-4.0.
    pub situation_awareness: f64,
    /// PINTS decision making.
    pub decision_making: f64,
    /// PINTS task management.
    pub task_management: f64,
    /// PINTS teamwork and communication.
    pub teamwork_communication: f64,
    /// Global rating.
    pub global: GlobalRating,
    /// Notes pinned to moments.
    #[serde(default)]
    pub notes: Vec<FormNote>,
    /// Overrides of automatic items.
    #[serde(default)]
    pub overrides: Vec<FormOverride>,
    /// Feedback for the candidate.
    #[serde(default)]
    pub feedback: String,
}

/// What a form is checked against: the attempt it rates.
#[derive(Clone, Debug, Default)]
pub struct FormContext {
    /// The rater's name.
    pub rater: String,
    /// The record's file name.
    pub record_file: String,
    /// SHA-256 of the record's bytes.
    pub record_sha256: String,
    /// When, UTC RFC 3339.
    pub rated_at_utc: String,
    /// The attempt's critical items (names an override may use).
    pub items: Vec<String>,
    /// The attempt's length, simulated seconds (notes must fall inside it).
    pub duration_s: f64,
}

/// Longest note, override reason or feedback, characters.
pub const MAX_TEXT_CHARS: usize = 4000;

impl RatingForm {
    /// Parses a form; errors name the file, line and column and say what was expected.
    pub fn parse(file: &str, text: &str) -> Result<Self, FileError> {
        crate::ron_file::parse(file, text)
    }

    /// The rating this form makes of the attempt in `ctx`, checked: every score 0.5-4.0
    /// in half points, notes inside the attempt, overrides naming one of its items with
    /// a reason. Errors point at the offending entry in the form's `text`.
    pub fn rating(&self, file: &str, text: &str, ctx: &FormContext) -> Result<Rating, FileError> {
        let pints = PintsScores {
            situation_awareness: self.situation_awareness,
            decision_making: self.decision_making,
            task_management: self.task_management,
            teamwork_communication: self.teamwork_communication,
        };
        if let Some(item) = pints.first_invalid() {
            return Err(error_at(
                file,
                text,
                item.field(),
                format!(
                    "{} is {}: expected 0.5 to 4.0 in steps of 0.5 ({})",
                    item.field(),
                    pints.get(item),
                    anchors_hint(item)
                ),
            ));
        }
        if ctx.rater.trim().is_empty() {
            return Err(error_at(
                file,
                text,
                "",
                "a rating needs the rater's name".into(),
            ));
        }
        let mut notes = Vec::new();
        for n in &self.notes {
            if !(n.t_s.is_finite() && (0.0..=ctx.duration_s).contains(&n.t_s)) {
                return Err(error_at(
                    file,
                    text,
                    &format!("{}", n.t_s),
                    format!(
                        "a note at t_s {} lies outside the attempt (0 to {} s)",
                        n.t_s, ctx.duration_s
                    ),
                ));
            }
            check_len(file, text, &n.text)?;
            notes.push(PinnedNote {
                t_s: n.t_s,
                text: n.text.clone(),
            });
        }
        notes.sort_by(|a, b| a.t_s.total_cmp(&b.t_s));
        let mut overrides = Vec::new();
        for o in &self.overrides {
            let quoted = format!("{:?}", o.item);
            if !ctx.items.contains(&o.item) {
                return Err(error_at(
                    file,
                    text,
                    &quoted,
                    format!(
                        "no critical item {quoted} in this attempt; expected one of: {}",
                        ctx.items.join(", ")
                    ),
                ));
            }
            if o.reason.trim().is_empty() {
                return Err(error_at(
                    file,
                    text,
                    &quoted,
                    format!("the override of {quoted} needs a reason"),
                ));
            }
            check_len(file, text, &o.reason)?;
            overrides.push(ItemOverride {
                item: o.item.clone(),
                status: o.status.into(),
                reason: o.reason.clone(),
            });
        }
        check_len(file, text, &self.feedback)?;
        Ok(Rating {
            rater: ctx.rater.trim().to_string(),
            record_file: ctx.record_file.clone(),
            record_sha256: ctx.record_sha256.clone(),
            rated_at_utc: ctx.rated_at_utc.clone(),
            pints,
            global: self.global,
            notes,
            overrides,
            feedback: self.feedback.clone(),
        })
    }
}

fn check_len(file: &str, text: &str, s: &str) -> Result<(), FileError> {
    if s.chars().count() > MAX_TEXT_CHARS {
        let start: String = s.chars().take(20).collect();
        return Err(error_at(
            file,
            text,
            &start,
            format!("text longer than {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(())
}

fn anchors_hint(item: PintsItem) -> String {
    item.anchors()
        .iter()
        .map(|(v, a)| format!("{v:.0} = {}", a.split(':').next().unwrap_or(a)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A blank form with the anchors as comments, to copy and fill in.
pub fn template() -> String {
    let mut o = String::from("// perfsim rating form: PINTS 0.5-4.0 in steps of 0.5.\n(\n");
    for item in PintsItem::ALL {
        o.push_str(&format!("    // {}\n", item.label()));
        for (_, a) in item.anchors() {
            o.push_str(&format!("    //   {a}\n"));
        }
        o.push_str(&format!("    {}: 3.0,\n", item.field()));
    }
    o.push_str(
        "    // ClearFail, Borderline, ClearPass, Good or Excellent\n    global: ClearPass,\n",
    );
    o.push_str("    // Notes pinned to moments (simulated seconds)\n    notes: [],\n");
    o.push_str("    // (item: \"<critical item>\", status: Done|Late|Missed|Wrong|NotApplicable, reason: \"...\")\n    overrides: [],\n");
    o.push_str("    feedback: \"\",\n)\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> FormContext {
        FormContext {
            rater: "Dr A".into(),
            items: vec!["Stop the pump".into()],
            duration_s: 1800.0,
            ..FormContext::default()
        }
    }

    fn check(text: &str) -> Result<Rating, String> {
        let form = RatingForm::parse("form.ron", text).map_err(|e| e.to_string())?;
        form.rating("form.ron", text, &ctx())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_template_parses_and_bad_entries_are_placed() {
        assert!(check(&template()).is_ok(), "{:?}", check(&template()));
        let base = "(situation_awareness: 3.0, decision_making: 2.5, task_management: 3.0, teamwork_communication: 3.5, global: Good";
        let ok = check(&format!(
            "{base}, overrides: [(item: \"Stop the pump\", status: Done, reason: \"seen\")])"
        ))
        .expect("valid");
        assert_eq!(ok.overrides[0].status, Status::Done);
        let err = check(&base.replace("2.5", "2.7").replace("Good", "Good)")).unwrap_err();
        assert!(
            err.contains("form.ron:1:") && err.contains("steps of 0.5"),
            "{err}"
        );
        let err = check(&format!(
            "{base}, overrides: [(item: \"Fly\", status: Done, reason: \"x\")])"
        ))
        .unwrap_err();
        assert!(err.contains("expected one of: Stop the pump"), "{err}");
        let err = check(&format!("{base}, notes: [(t_s: 9999, text: \"late\")])")).unwrap_err();
        assert!(err.contains("outside the attempt"), "{err}");
        let err = check("(situation_awareness: 3.0)").unwrap_err();
        assert!(err.starts_with("form.ron:1:"), "{err}");
    }
}
