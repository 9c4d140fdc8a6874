//! The shipped scenarios, built into the binary: the browser has no scenario folder.

/// Each shipped scenario's file name and text (a test checks this is every file in
/// `scenarios/`).
pub const SCENARIOS: [(&str, &str); 25] = [
    (
        "after_the_valve.ron",
        include_str!("../../scenarios/after_the_valve.ron"),
    ),
    (
        "air_embolism.ron",
        include_str!("../../scenarios/air_embolism.ron"),
    ),
    ("baseline.ron", include_str!("../../scenarios/baseline.ron")),
    (
        "circuit_clot.ron",
        include_str!("../../scenarios/circuit_clot.ron"),
    ),
    (
        "dark_console.ron",
        include_str!("../../scenarios/dark_console.ron"),
    ),
    (
        "ecmo_va_1.ron",
        include_str!("../../scenarios/ecmo_va_1.ron"),
    ),
    (
        "ecmo_va_2.ron",
        include_str!("../../scenarios/ecmo_va_2.ron"),
    ),
    (
        "ecmo_va_3.ron",
        include_str!("../../scenarios/ecmo_va_3.ron"),
    ),
    (
        "ecmo_va_4.ron",
        include_str!("../../scenarios/ecmo_va_4.ron"),
    ),
    (
        "ecmo_va_5.ron",
        include_str!("../../scenarios/ecmo_va_5.ron"),
    ),
    (
        "ecmo_vv_1.ron",
        include_str!("../../scenarios/ecmo_vv_1.ron"),
    ),
    (
        "ecmo_vv_2.ron",
        include_str!("../../scenarios/ecmo_vv_2.ron"),
    ),
    (
        "ecmo_vv_3.ron",
        include_str!("../../scenarios/ecmo_vv_3.ron"),
    ),
    (
        "ecmo_vv_4.ron",
        include_str!("../../scenarios/ecmo_vv_4.ron"),
    ),
    (
        "ecmo_vv_5.ron",
        include_str!("../../scenarios/ecmo_vv_5.ron"),
    ),
    (
        "empty_reservoir.ron",
        include_str!("../../scenarios/empty_reservoir.ron"),
    ),
    (
        "grey_blood.ron",
        include_str!("../../scenarios/grey_blood.ron"),
    ),
    (
        "morning_list.ron",
        include_str!("../../scenarios/morning_list.ron"),
    ),
    (
        "oxygenator_failure.ron",
        include_str!("../../scenarios/oxygenator_failure.ron"),
    ),
    (
        "redo_root.ron",
        include_str!("../../scenarios/redo_root.ron"),
    ),
    (
        "slow_to_warm.ron",
        include_str!("../../scenarios/slow_to_warm.ron"),
    ),
    (
        "stiff_line.ron",
        include_str!("../../scenarios/stiff_line.ron"),
    ),
    (
        "vasoplegic_wean.ron",
        include_str!("../../scenarios/vasoplegic_wean.ron"),
    ),
    (
        "ward_week.ron",
        include_str!("../../scenarios/ward_week.ron"),
    ),
    (
        "warm_water.ron",
        include_str!("../../scenarios/warm_water.ron"),
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
