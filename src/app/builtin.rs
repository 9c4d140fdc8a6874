//! The shipped scenarios, built into the binary: the browser has no scenario folder.

/// Each shipped scenario's file name and text.
pub const SCENARIOS: [(&str, &str); 5] = [
    ("baseline.ron", include_str!("../../scenarios/baseline.ron")),
    (
        "air_embolism.ron",
        include_str!("../../scenarios/air_embolism.ron"),
    ),
    (
        "oxygenator_failure.ron",
        include_str!("../../scenarios/oxygenator_failure.ron"),
    ),
    (
        "circuit_clot.ron",
        include_str!("../../scenarios/circuit_clot.ron"),
    ),
    (
        "vasoplegic_wean.ron",
        include_str!("../../scenarios/vasoplegic_wean.ron"),
    ),
];

/// The shipped scenario whose file stem is `stem` ("baseline"): its file name and text.
pub fn find(stem: &str) -> Option<(&'static str, &'static str)> {
    SCENARIOS
        .iter()
        .find(|(name, _)| name.strip_suffix(".ron") == Some(stem))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file in `scenarios/` is built in, and each parses.
    #[test]
    fn every_shipped_scenario_is_built_in_and_parses() {
        let dir = crate::app::test_util::scenarios_dir();
        let mut on_disk: Vec<String> = perfsim_core::scenario::list_folder(&dir)
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = SCENARIOS.iter().map(|(n, _)| (*n).to_owned()).collect();
        built_in.sort();
        assert_eq!(built_in, on_disk);
        for (name, text) in SCENARIOS {
            if let Err(e) = perfsim_core::scenario::Scenario::parse(name, text) {
                panic!("{name}: {e}");
            }
        }
        assert_eq!(find("baseline").map(|f| f.0), Some("baseline.ron"));
        assert_eq!(find("nope"), None);
    }
}
