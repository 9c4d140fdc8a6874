//! Several raters' ratings of one attempt side by side: each rater, the mean and the
//! spread of every item, and a flag where raters disagree by more than one point; and
//! the raters' overrides applied to the displayed outcome of automatic items (never to
//! the record).

use super::html::{esc, md_cell};
use super::rating::{DISAGREEMENT_POINTS, PintsItem, Rating};
use super::signed::StoredRating;
use crate::scoring::report::{Report, Status};
use crate::time::clock_label;

/// One row of the panel: an item scored by the raters whose ratings count.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemStats {
    /// The item (a PINTS element or "Global rating (1-5)").
    pub label: String,
    /// Each counted rater's score, in rater order.
    pub scores: Vec<f64>,
    /// Their mean.
    pub mean: Option<f64>,
    /// Highest minus lowest.
    pub spread: Option<f64>,
    /// Whether the spread is over [`DISAGREEMENT_POINTS`].
    pub disagree: bool,
}

impl ItemStats {
    /// Statistics of `scores`.
    pub fn of(label: &str, scores: Vec<f64>) -> Self {
        let n = scores.len() as f64;
        let mean = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / n);
        let hi = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let lo = scores.iter().copied().fold(f64::INFINITY, f64::min);
        let spread = (!scores.is_empty()).then_some(hi - lo);
        Self {
            label: label.into(),
            disagree: spread.is_some_and(|s| s > DISAGREEMENT_POINTS),
            scores,
            mean,
            spread,
        }
    }
}

/// An automatic item's outcome as displayed after the raters' overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct OverriddenItem {
    /// The item.
    pub item: String,
    /// What the scoring engine found.
    pub automatic: Status,
    /// The rater's outcome.
    pub overridden: Status,
    /// Who.
    pub rater: String,
    /// Why.
    pub reason: String,
}

/// The raters' view of one attempt.
#[derive(Clone, Debug, Default)]
pub struct RatingPanel {
    /// Every rating file, counted or not, with its check.
    pub stored: Vec<StoredRating>,
    /// The counted raters' names, in order.
    pub raters: Vec<String>,
    /// The four PINTS elements, then the global rating.
    pub items: Vec<ItemStats>,
    /// Overrides of automatic items.
    pub overrides: Vec<OverriddenItem>,
}

impl RatingPanel {
    /// The panel of the ratings `stored` beside a record whose automatic report is
    /// `report`.
    pub fn of(stored: Vec<StoredRating>, report: Option<&Report>) -> Self {
        let counted: Vec<&Rating> = stored.iter().filter_map(StoredRating::valid).collect();
        let mut items: Vec<ItemStats> = PintsItem::ALL
            .iter()
            .map(|i| ItemStats::of(i.label(), counted.iter().map(|r| r.pints.get(*i)).collect()))
            .collect();
        items.push(ItemStats::of(
            "Global rating (1 clear fail - 5 excellent)",
            counted.iter().map(|r| r.global.points()).collect(),
        ));
        let mut overrides = Vec::new();
        for r in &counted {
            for o in &r.overrides {
                let automatic = report
                    .and_then(|rep| rep.critical_actions.iter().find(|a| a.name == o.item))
                    .map_or(Status::NotApplicable, |a| a.status);
                overrides.push(OverriddenItem {
                    item: o.item.clone(),
                    automatic,
                    overridden: o.status,
                    rater: r.rater.clone(),
                    reason: o.reason.clone(),
                });
            }
        }
        Self {
            raters: counted.iter().map(|r| r.rater.clone()).collect(),
            stored,
            items,
            overrides,
        }
    }

    /// The counted ratings.
    pub fn counted(&self) -> impl Iterator<Item = &Rating> {
        self.stored.iter().filter_map(StoredRating::valid)
    }

    /// Items flagged for disagreement.
    pub fn disagreements(&self) -> Vec<&ItemStats> {
        self.items.iter().filter(|i| i.disagree).collect()
    }

    /// The panel as plain text for the terminal.
    pub fn text(&self) -> String {
        let mut o = String::new();
        for s in &self.stored {
            let key = s.signed.as_ref().map(|x| x.key_id()).unwrap_or_default();
            o.push_str(&format!(
                "rater {:?} (key ID {key}): {}\n",
                s.rater(),
                s.check.text()
            ));
        }
        if self.raters.is_empty() {
            o.push_str("no counted ratings\n");
            return o;
        }
        o.push_str(&format!("{:<44}", "item"));
        for r in &self.raters {
            o.push_str(&format!(" {:>10}", short_name(r)));
        }
        o.push_str("       mean  spread\n");
        for i in &self.items {
            o.push_str(&format!("{:<44}", i.label));
            for s in &i.scores {
                o.push_str(&format!(" {s:>10.1}"));
            }
            o.push_str(&format!(
                " {:>10.2} {:>7.1}{}\n",
                i.mean.unwrap_or(f64::NAN),
                i.spread.unwrap_or(f64::NAN),
                if i.disagree {
                    "  DISAGREE (> 1 point)"
                } else {
                    ""
                }
            ));
        }
        for ov in &self.overrides {
            o.push_str(&format!(
                "override: {} {} -> {} by {}: {}\n",
                ov.item,
                ov.automatic.label(),
                ov.overridden.label(),
                ov.rater,
                ov.reason
            ));
        }
        o
    }

    /// The panel as an HTML section; `feedback` adds each rater's notes and feedback for
    /// the candidate.
    pub fn html(&self, feedback: bool) -> String {
        let mut o = String::from(
            "<h2>Raters</h2>\n<table><tr><th>Rater</th><th>Key ID</th><th>Signature</th></tr>\n",
        );
        for s in &self.stored {
            let key = s.signed.as_ref().map(|x| x.key_id()).unwrap_or_default();
            let class = if s.valid().is_some() { "ok" } else { "flag" };
            o.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"{class}\">{}</td></tr>\n",
                esc(&s.rater()),
                esc(&key),
                esc(&s.check.text())
            ));
        }
        o.push_str("</table>\n");
        if !self.raters.is_empty() {
            o.push_str("<table><tr><th>Item</th>");
            for r in &self.raters {
                o.push_str(&format!("<th>{}</th>", esc(r)));
            }
            o.push_str("<th>Mean</th><th>Spread</th><th></th></tr>\n");
            for i in &self.items {
                o.push_str(&format!("<tr><td>{}</td>", esc(&i.label)));
                for s in &i.scores {
                    o.push_str(&format!("<td class=\"n\">{s:.1}</td>"));
                }
                o.push_str(&format!(
                    "<td class=\"n\">{:.2}</td><td class=\"n\">{:.1}</td><td>{}</td></tr>\n",
                    i.mean.unwrap_or(f64::NAN),
                    i.spread.unwrap_or(f64::NAN),
                    if i.disagree {
                        "<span class=\"flag\">raters disagree by more than 1 point</span>"
                    } else {
                        ""
                    }
                ));
            }
            o.push_str("</table>\n");
        }
        if !self.overrides.is_empty() {
            o.push_str("<h3>Overrides of automatic items</h3>\n<table><tr><th>Item</th><th>Automatic</th><th>Rater's outcome</th><th>Rater</th><th>Reason</th></tr>\n");
            for ov in &self.overrides {
                o.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td><strong>{}</strong></td><td>{}</td><td>{}</td></tr>\n",
                    esc(&ov.item),
                    ov.automatic.label(),
                    ov.overridden.label(),
                    esc(&ov.rater),
                    esc(&ov.reason)
                ));
            }
            o.push_str("</table>\n");
        }
        if feedback {
            for r in self
                .counted()
                .filter(|r| !(r.feedback.is_empty() && r.notes.is_empty()))
            {
                o.push_str(&format!("<h3>Feedback from {}</h3>\n", esc(&r.rater)));
                if !r.feedback.is_empty() {
                    o.push_str(&format!("<p>{}</p>\n", esc(&r.feedback)));
                }
                if !r.notes.is_empty() {
                    o.push_str("<table><tr><th>Time</th><th>Note</th></tr>\n");
                    for n in &r.notes {
                        o.push_str(&format!(
                            "<tr><td class=\"n\">{}</td><td>{}</td></tr>\n",
                            clock_label(crate::time::tick_from_secs(n.t_s)),
                            esc(&n.text)
                        ));
                    }
                    o.push_str("</table>\n");
                }
            }
        }
        o
    }

    /// The panel as Markdown (see [`RatingPanel::html`]).
    pub fn markdown(&self, feedback: bool) -> String {
        let mut o = String::from("\n## Raters\n\n| Rater | Key ID | Signature |\n|---|---|---|\n");
        for s in &self.stored {
            let key = s.signed.as_ref().map(|x| x.key_id()).unwrap_or_default();
            o.push_str(&format!(
                "| {} | {key} | {} |\n",
                md_cell(&s.rater()),
                s.check.text()
            ));
        }
        if !self.raters.is_empty() {
            o.push_str(&format!(
                "\n| Item | {} | Mean | Spread | |\n|---|{}---|---|---|\n",
                self.raters
                    .iter()
                    .map(|r| md_cell(r))
                    .collect::<Vec<_>>()
                    .join(" | "),
                "---|".repeat(self.raters.len())
            ));
            for i in &self.items {
                let cells: Vec<String> = i.scores.iter().map(|s| format!("{s:.1}")).collect();
                o.push_str(&format!(
                    "| {} | {} | {:.2} | {:.1} | {} |\n",
                    i.label,
                    cells.join(" | "),
                    i.mean.unwrap_or(f64::NAN),
                    i.spread.unwrap_or(f64::NAN),
                    if i.disagree {
                        "**raters disagree by more than 1 point**"
                    } else {
                        ""
                    }
                ));
            }
        }
        for ov in &self.overrides {
            o.push_str(&format!(
                "\n- Override: {} — automatic *{}*, rater's outcome **{}** ({}: {})",
                md_cell(&ov.item),
                ov.automatic.label(),
                ov.overridden.label(),
                md_cell(&ov.rater),
                md_cell(&ov.reason)
            ));
        }
        if feedback {
            for r in self
                .counted()
                .filter(|r| !(r.feedback.is_empty() && r.notes.is_empty()))
            {
                o.push_str(&format!(
                    "\n\n### Feedback from {}\n\n{}\n",
                    r.rater, r.feedback
                ));
                for n in &r.notes {
                    o.push_str(&format!(
                        "- {}: {}\n",
                        clock_label(crate::time::tick_from_secs(n.t_s)),
                        md_cell(&n.text)
                    ));
                }
            }
        }
        o.push('\n');
        o
    }
}

fn short_name(s: &str) -> String {
    s.chars().take(10).collect()
}
