//! What students read after a run cites published sources, never a file they do not
//! have (a reference note in the repository, a chapter of an internal document).

mod common;

use common::scenario;

#[test]
fn debrief_points_and_hints_cite_no_repository_files() {
    for name in [
        "baseline",
        "air_embolism",
        "circuit_clot",
        "oxygenator_failure",
        "vasoplegic_wean",
        "morning_list",
        "dark_console",
        "ward_week",
        "redo_root",
        "grey_blood",
        "empty_reservoir",
        "stiff_line",
        "warm_water",
        "after_the_valve",
        "slow_to_warm",
    ] {
        let s = scenario(name);
        let texts = s
            .debrief
            .iter()
            .chain(s.hints.iter().map(|h| &h.text))
            .chain(std::iter::once(&s.briefing));
        for text in texts {
            assert!(
                !text.contains(".md"),
                "{name}: '{text}' cites a file students do not have"
            );
        }
    }
}
