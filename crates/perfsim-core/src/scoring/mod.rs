//! Scoring: a pure function of a scenario's rubric, the action log and the run.
//!
//! - [`rubric`]: what a scenario file says is scored (typed, checked at parse time).
//! - [`engine`]: [`score`], the pure scoring function.
//! - [`report`]: the [`Report`] it returns, and writing it as JSON, HTML or Markdown
//!   ([`render_html`], [`render_md`]).

pub mod engine;
pub mod render_html;
pub mod render_md;
pub mod report;
pub mod rubric;

pub use engine::{RunLog, score};
pub use report::Report;
pub use rubric::Rubric;
