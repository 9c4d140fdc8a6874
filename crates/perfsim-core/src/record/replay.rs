//! Re-simulating a record from the scenario text, seed and actions in its header and
//! entries, and comparing the result with what the record says.

use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::reader::Recovered;
use crate::action::ActionError;
use crate::ron_file::FileError;
use crate::scenario::Scenario;
use crate::script::ScriptError;
use crate::session::Session;
use crate::time::{TICKS_PER_SEC, Tick};

/// Why a record cannot be re-simulated.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// The embedded scenario text does not hash to the header's hash.
    #[error(
        "the scenario text in the record does not match its SHA-256 (header {recorded}, text {actual}): the record was edited"
    )]
    ScenarioHash {
        /// Hash in the header.
        recorded: String,
        /// Hash of the embedded text.
        actual: String,
    },
    /// The embedded scenario no longer parses (a newer or older perfsim).
    #[error("the scenario in the record cannot be loaded by this perfsim: {0}")]
    Scenario(#[from] FileError),
    /// The record was written by a model with a different tick length.
    #[error("the record counts {recorded} ticks per second, this perfsim {supported}")]
    TickRate {
        /// The record's.
        recorded: u64,
        /// This build's.
        supported: u64,
    },
    /// A recorded action is refused on replay.
    #[error("replaying the actions: {0}")]
    Action(#[from] ActionError),
    /// A recorded action is refused on replay, before the record's last tick.
    #[error("replaying the actions: {0}")]
    Script(#[from] ScriptError<ActionError>),
}

/// The first way a replay differs from its record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    /// The replayed action log differs from the recorded actions at this action (1-based).
    ActionLog {
        /// 1-based index among the record's actions.
        action: usize,
    },
    /// The 1 Hz trace differs.
    TraceDigest {
        /// Digest in the footer.
        recorded: String,
        /// Digest of the replay.
        replayed: String,
    },
    /// The scoring report differs at this JSON path.
    Report {
        /// Where, e.g. `critical_actions[2].status`.
        path: String,
        /// The recorded value there (JSON, or `missing`).
        recorded: String,
        /// The replayed value there.
        replayed: String,
    },
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::ActionLog { action } => {
                write!(f, "action {action} was not applied as recorded")
            }
            Difference::TraceDigest { recorded, replayed } => write!(
                f,
                "trace digest differs: recorded {recorded}, replayed {replayed}"
            ),
            Difference::Report {
                path,
                recorded,
                replayed,
            } => write!(
                f,
                "report differs at {path}: recorded {recorded}, replayed {replayed}"
            ),
        }
    }
}

/// What a replay found.
#[derive(Debug)]
pub struct ReplayOutcome {
    /// The re-simulated session, at the record's last tick.
    pub session: Session,
    /// Digest of the replayed trace.
    pub trace_digest: String,
    /// Whether a report was compared (the record has one and the scorer gave one).
    pub report_compared: bool,
    /// The first difference, if any. `None` with a complete record means identical.
    pub difference: Option<Difference>,
}

/// The scenario embedded in a record, checked against the header's hash.
pub fn scenario(recovered: &Recovered) -> Result<Scenario, ReplayError> {
    let h = recovered.header();
    let actual = hex::encode(Sha256::digest(h.scenario_text.as_bytes()));
    if actual != h.scenario_sha256 {
        return Err(ReplayError::ScenarioHash {
            recorded: h.scenario_sha256.clone(),
            actual,
        });
    }
    let label = format!(
        "{} (scenario embedded in {})",
        h.scenario_source,
        recovered.path.display()
    );
    Ok(Scenario::parse(&label, &h.scenario_text)?)
}

/// Re-simulates a record's scenario, seed and actions (trainee and instructor) up to
/// `end` (actions logged at `end` itself are applied too).
pub fn resimulate(recovered: &Recovered, end: Tick) -> Result<Session, ReplayError> {
    resimulate_with(recovered, end, |_| {})
}

/// [`resimulate`], calling `on_tick` after each tick (the review keeps checkpoints).
pub fn resimulate_with(
    recovered: &Recovered,
    end: Tick,
    on_tick: impl FnMut(&Session),
) -> Result<Session, ReplayError> {
    let h = recovered.header();
    if h.ticks_per_sec != TICKS_PER_SEC {
        return Err(ReplayError::TickRate {
            recorded: h.ticks_per_sec,
            supported: TICKS_PER_SEC,
        });
    }
    let scenario = Arc::new(scenario(recovered)?);
    let mut session = Session::new(scenario, h.seed);
    let actions = recovered.actions();
    let applied = session.run_script(&actions, end, on_tick)?;
    for a in actions.iter().skip(applied) {
        session.act(a.actor, a.action.clone())?;
    }
    Ok(session)
}

/// Replays a record and compares the action log, the trace digest and (when both exist)
/// the report. `scorer` turns the replayed session into report JSON (see
/// [`super::score::report_json`]).
pub fn replay(
    recovered: &Recovered,
    scorer: impl Fn(&Session) -> Option<serde_json::Value>,
) -> Result<ReplayOutcome, ReplayError> {
    let session = resimulate(recovered, recovered.last_tick())?;
    let trace_digest = crate::trace::digest(session.trace());
    let recorded_actions = recovered.actions();
    let mut difference = recorded_actions
        .iter()
        .zip(session.log())
        .position(|(a, b)| a != b)
        .or((recorded_actions.len() != session.log().len())
            .then(|| recorded_actions.len().min(session.log().len())))
        .map(|i| Difference::ActionLog { action: i + 1 });
    let mut report_compared = false;
    if difference.is_none()
        && let Some(footer) = recovered.footer()
    {
        if footer.trace_digest != trace_digest {
            difference = Some(Difference::TraceDigest {
                recorded: footer.trace_digest.clone(),
                replayed: trace_digest.clone(),
            });
        } else if let Some(recorded) = &footer.report
            && let Some(replayed) = scorer(&session)
        {
            report_compared = true;
            difference = first_json_difference("report", recorded, &replayed).map(
                |(path, recorded, replayed)| Difference::Report {
                    path,
                    recorded,
                    replayed,
                },
            );
        }
    }
    Ok(ReplayOutcome {
        session,
        trace_digest,
        report_compared,
        difference,
    })
}

/// The first path at which two JSON values differ, with both values there (objects are
/// compared key by key in sorted order, arrays element by element).
pub fn first_json_difference(
    path: &str,
    a: &serde_json::Value,
    b: &serde_json::Value,
) -> Option<(String, String, String)> {
    use serde_json::Value;
    let show = |v: Option<&Value>| v.map_or_else(|| "missing".to_string(), Value::to_string);
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|k| {
                let p = format!("{path}.{k}");
                match (x.get(k), y.get(k)) {
                    (Some(u), Some(v)) => first_json_difference(&p, u, v),
                    (u, v) => Some((p, show(u), show(v))),
                }
            })
        }
        (Value::Array(x), Value::Array(y)) => (0..x.len().max(y.len())).find_map(|i| {
            let p = format!("{path}[{i}]");
            match (x.get(i), y.get(i)) {
                (Some(u), Some(v)) => first_json_difference(&p, u, v),
                (u, v) => Some((p, show(u), show(v))),
            }
        }),
        _ if a == b => None,
        _ => Some((path.to_string(), a.to_string(), b.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_difference_names_the_first_path() {
        let check = |a: serde_json::Value, b: serde_json::Value, expect: Option<&str>| {
            let got = first_json_difference("report", &a, &b).map(|(p, _, _)| p);
            assert_eq!(got.as_deref(), expect);
        };
        check(json!({"a": 1}), json!({"a": 1}), None);
        check(
            json!({"a": 1, "b": 2}),
            json!({"a": 1, "b": 3}),
            Some("report.b"),
        );
        check(json!({"a": [1, 2]}), json!({"a": [1]}), Some("report.a[1]"));
        check(json!({"a": 1}), json!({"z": 1}), Some("report.a"));
        check(json!(1.5), json!(1.5), None);
    }
}
