//! Scenario files: a raw RON file is parsed and checked once into a [`Scenario`]; the
//! rest of the program never sees the raw form.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::bounded::bounded;
use crate::checklist::Checklist;
use crate::model::ModelConfig;
use crate::model::alarms::AlarmLimits;
use crate::model::circuit::Applicability;
use crate::model::config::{CircuitKind, CircuitSpec, StartSpec};
use crate::model::faults::FaultSpec;
use crate::model::patient::PatientSpec;
use crate::model::phase::StartPhase;
use crate::programme::trainee_chart::ChartRequest;
use crate::ron_file::{self, FileError, locate};
use crate::scoring::Rubric;
use crate::scoring::rubric::RubricPlace;
use crate::time::{Tick, tick_from_secs};

pub mod cues;
pub mod team;
pub mod when;

pub use cues::Cues;
pub use team::{Reply, Team, TeamLine};
pub use when::When;

/// A hint shown in practice mode (never in an exam): from `at_s` on, while `when` holds
/// (withdrawn when it stops holding). At least one of the two is given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hint {
    /// Simulated seconds from the start before which the hint does not appear.
    #[serde(default)]
    pub at_s: Option<f64>,
    /// The condition under which it shows.
    #[serde(default)]
    pub when: Option<When>,
    /// What the trainee is told.
    pub text: String,
}

/// A scenario file as written. See `docs/scenario-format.md`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    name: String,
    version: String,
    #[serde(default)]
    description: String,
    briefing: String,
    #[serde(deserialize_with = "bounded::<_, 60_000, 86_400_000>")]
    duration_s: f64,
    patient: PatientSpec,
    circuit: CircuitSpec,
    start: StartSpec,
    #[serde(default)]
    faults: Vec<FaultSpec>,
    #[serde(default)]
    alarms: AlarmLimits,
    #[serde(default)]
    hints: Vec<Hint>,
    #[serde(default)]
    team: Team,
    #[serde(default)]
    debrief: Vec<String>,
    #[serde(default)]
    rubric: Option<Rubric>,
    #[serde(default)]
    start_phase: StartPhase,
    #[serde(default)]
    checklists: Vec<Checklist>,
    #[serde(default)]
    group: Option<Group>,
    #[serde(default)]
    perfusion_chart: Option<ChartRequest>,
}

/// Which heading the start screen lists a scenario under. Headings name the kind of
/// case, never the diagnosis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Group {
    /// A whole case or a quiet run: the day's routine.
    RoutineCase,
    /// Emergencies on cardiopulmonary bypass.
    CpbEmergency,
    /// Extracorporeal membrane oxygenation.
    Ecmo,
}

impl Group {
    /// Every group, in the start screen's order.
    pub const ALL: [Group; 3] = [Group::RoutineCase, Group::CpbEmergency, Group::Ecmo];

    /// The start screen's heading.
    pub fn heading(self) -> &'static str {
        match self {
            Group::RoutineCase => "Routine cases",
            Group::CpbEmergency => "CPB emergencies",
            Group::Ecmo => "ECMO",
        }
    }
}

/// A checked scenario, ready to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Title.
    pub name: String,
    /// The author's version label.
    pub version: String,
    /// One line for the scenario list (no diagnosis).
    pub description: String,
    /// What the trainee is told before starting.
    pub briefing: String,
    /// Length of the run.
    pub duration_ticks: Tick,
    /// What the model starts from.
    pub model: ModelConfig,
    /// Practice-mode hints.
    pub hints: Vec<Hint>,
    /// The surgeon's and anaesthetist's scripted lines and answers.
    pub team: Team,
    /// General teaching points for the debrief.
    pub debrief: Vec<String>,
    /// How the run is scored, if it is.
    pub rubric: Option<Rubric>,
    /// The checklists the console shows for this case.
    pub checklists: Vec<Checklist>,
    /// The start screen's heading for it: the file's `group:`, or by its circuit
    /// (bypass scenarios are emergencies unless they say otherwise).
    pub group: Group,
    /// The parts of the perfusion record the trainee completes after the run, if any.
    pub perfusion_chart: Option<ChartRequest>,
    /// SHA-256 of the file's bytes, hex: identifies the exact scenario in records.
    pub content_sha256: String,
    /// Where it came from (a path or a label).
    pub source: String,
}

impl Scenario {
    /// Reads and checks a scenario file.
    pub fn load(path: &Path) -> Result<Self, FileError> {
        let text = ron_file::read(path)?;
        Self::parse(&path.display().to_string(), &text)
    }

    /// Parses and checks scenario text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, FileError> {
        Self::parse_with(file, text, Applicability::of)
    }

    /// As [`Scenario::parse`], with `applicability` giving each circuit kind's table
    /// (tests give a narrower one than the model's).
    fn parse_with(
        file: &str,
        text: &str,
        applicability: fn(CircuitKind) -> &'static Applicability,
    ) -> Result<Self, FileError> {
        let raw: ScenarioFile = ron_file::parse(file, text)?;
        let table = applicability(raw.circuit.kind);
        // Errors found after parsing point at the entry or field they are about, found
        // outside comments and strings.
        let entry_at = |key: &str, index: usize, from: usize, message: String| {
            let offset = locate::entry_of(text, key, index, from).unwrap_or(0);
            ron_file::error_at_offset(file, text, offset, message)
        };
        for (i, fault) in raw.faults.iter().enumerate() {
            let at = |message| entry_at("faults", i, 0, message);
            fault.check().map_err(at)?;
            table.check_fault(fault).map_err(|e| {
                at(format!(
                    "{e}; expected a fault that can happen on {}",
                    table.circuit.label()
                ))
            })?;
        }
        if let Some(rubric) = &raw.rubric {
            let kinds: Vec<_> = raw.faults.iter().map(|f| f.kind).collect();
            rubric.check(&kinds).map_err(|e| {
                let mask = locate::code_mask(text);
                let from = locate::find_key(text, &mask, "rubric", 0).unwrap_or(0);
                match e.place {
                    RubricPlace::Entry { list, index } => entry_at(list, index, from, e.message),
                    RubricPlace::Field(key) => {
                        let offset = locate::find_key(text, &mask, key, from).unwrap_or(from);
                        ron_file::error_at_offset(file, text, offset, e.message)
                    }
                }
            })?;
        }
        for (i, hint) in raw.hints.iter().enumerate() {
            let at =
                |message: String| entry_at("hints", i, 0, format!("hint {}: {message}", i + 1));
            match (hint.at_s, &hint.when) {
                (None, None) => {
                    return Err(at(
                        "a hint needs at_s (seconds), when (a condition) or both".into(),
                    ));
                }
                (Some(t), _) if !(t.is_finite() && t >= 0.0) => {
                    return Err(at(format!(
                        "hint time must be 0 s or later, not {}",
                        crate::bounded::short(t)
                    )));
                }
                _ => {}
            }
            if let Some(w) = &hint.when {
                w.check().map_err(at)?;
            }
        }
        let team_from = {
            let mask = locate::code_mask(text);
            locate::find_key(text, &mask, "team", 0).unwrap_or(0)
        };
        for (i, line) in raw.team.lines.iter().enumerate() {
            let at = |message| entry_at("lines", i, team_from, message);
            line.when.check().map_err(at)?;
            if let Some(action) = &line.does {
                if !TeamLine::may_do(action) {
                    return Err(at(format!(
                        "a team line may do {}, not {}",
                        TeamLine::MAY_DO,
                        action.describe()
                    )));
                }
                action
                    .check()
                    .map_err(|e| at(format!("{e}; expected a value the console accepts")))?;
            }
        }
        for (i, reply) in raw.team.replies.iter().enumerate() {
            if let Some(w) = &reply.when {
                w.check()
                    .map_err(|m| entry_at("replies", i, team_from, m))?;
            }
        }
        let c = &raw.circuit;
        if c.kind.is_ecmo() && !c.cannulation.fits(c.kind) {
            return Err(ron_file::error_at(
                file,
                text,
                "cannulation",
                format!(
                    "cannulation {:?} is not a {} configuration; expected {}",
                    c.cannulation,
                    c.kind.label(),
                    if c.kind == CircuitKind::VvEcmo {
                        "FemoroJugular or DualLumen"
                    } else {
                        "FemoroFemoral or Central"
                    }
                ),
            ));
        }
        if c.reservoir_min_ml >= c.reservoir_capacity_ml {
            return Err(ron_file::error_at(
                file,
                text,
                "reservoir_min_ml",
                format!(
                    "reservoir_min_ml ({}) must be below reservoir_capacity_ml ({})",
                    c.reservoir_min_ml, c.reservoir_capacity_ml
                ),
            ));
        }
        if raw.alarms.low_level_ml < c.reservoir_min_ml {
            return Err(ron_file::error_at(
                file,
                text,
                "low_level_ml",
                format!(
                    "the low-level alarm ({} mL) must sit at or above the minimum operating level ({} mL)",
                    raw.alarms.low_level_ml, c.reservoir_min_ml
                ),
            ));
        }
        if raw.circuit.kind != CircuitKind::Cpb && raw.start_phase != StartPhase::OnBypass {
            // Phases are a bypass case's; an ECMO run starts on ECMO.
            return Err(ron_file::error_at(
                file,
                text,
                "start_phase",
                "start_phase is for bypass cases: an ECMO scenario starts on ECMO (leave it out)"
                    .to_string(),
            ));
        }
        if let Some(chart) = &raw.perfusion_chart
            && let Err(message) = chart.check()
        {
            return Err(ron_file::error_at(file, text, "perfusion_chart", message));
        }
        let content_sha256 = hex::encode(Sha256::digest(text.as_bytes()));
        let group = raw
            .group
            .unwrap_or(if raw.circuit.kind == CircuitKind::Cpb {
                Group::CpbEmergency
            } else {
                Group::Ecmo
            });
        let mut start = raw.start;
        start.phase = raw.start_phase;
        Ok(Self {
            name: raw.name,
            version: raw.version,
            description: raw.description,
            briefing: raw.briefing,
            duration_ticks: tick_from_secs(raw.duration_s),
            model: ModelConfig {
                patient: raw.patient,
                circuit: raw.circuit,
                start,
                faults: raw.faults,
                alarms: raw.alarms,
            },
            hints: raw.hints,
            team: raw.team,
            debrief: raw.debrief,
            rubric: raw.rubric,
            checklists: raw.checklists,
            group,
            perfusion_chart: raw.perfusion_chart,
            content_sha256,
            source: file.to_string(),
        })
    }
}

/// Scenario files (`*.ron`) in a folder, sorted by file name.
pub fn list_folder(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    paths
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::faults::FaultKind;

    /// A circuit on which membranes never fail (as a second kind's table would say).
    static NO_MEMBRANE_FAILURE: Applicability = Applicability {
        circuit: CircuitKind::Cpb,
        actions: &[],
        faults: &[FaultKind::GasSupplyFailure],
        alarms: &[],
        signals: &[],
    };

    fn no_membrane_failure(_: CircuitKind) -> &'static Applicability {
        &NO_MEMBRANE_FAILURE
    }

    #[test]
    fn a_fault_its_circuit_cannot_have_is_refused_at_its_line() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scenarios/oxygenator_failure.ron"
        );
        let text = std::fs::read_to_string(path).expect("scenario file");
        let line = 1 + text
            .lines()
            .position(|l| l.contains("kind: MembraneFailure"))
            .expect("the scenario schedules a membrane failure");
        let err = Scenario::parse_with("oxy.ron", &text, no_membrane_failure)
            .expect_err("membrane failure is not in the table")
            .to_string();
        assert!(err.starts_with(&format!("oxy.ron:{line}:")), "{err}");
        assert!(
            err.contains("fault MembraneFailure is not available on cardiopulmonary bypass")
                && err.contains("expected a fault that can happen"),
            "{err}"
        );
        assert!(Scenario::parse("oxy.ron", &text).is_ok());
    }

    #[test]
    fn a_perfusion_chart_with_no_items_or_an_item_twice_is_refused_at_its_line() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/baseline.ron");
        let text = std::fs::read_to_string(path).expect("scenario file");
        let parsed = Scenario::parse("base.ron", &text).expect("the baseline parses");
        assert!(
            parsed.perfusion_chart.is_some(),
            "the baseline asks for a chart"
        );
        let line = 1 + text
            .lines()
            .position(|l| l.contains("perfusion_chart:"))
            .expect("the baseline has perfusion_chart");
        let start = text.find("complete: [").expect("complete") + "complete: [".len();
        let end = start + text[start..].find(']').expect("]");
        for (list, want) in [
            ("", "expected at least one item"),
            ("OnBypass, OnBypass", "OnBypass is listed twice"),
        ] {
            let bad = format!("{}{list}{}", &text[..start], &text[end..]);
            let err = Scenario::parse("base.ron", &bad)
                .expect_err("refused")
                .to_string();
            assert!(err.starts_with(&format!("base.ron:{line}:")), "{err}");
            assert!(err.contains(want), "{err}");
        }
        let unknown = text.replace("complete: [OnBypass,", "complete: [OnBypas,");
        let err = Scenario::parse("base.ron", &unknown)
            .expect_err("an unknown item is refused")
            .to_string();
        assert!(err.contains("OnBypas"), "{err}");
    }
}
