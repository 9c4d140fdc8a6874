//! Whole-window tests of the start screen.

use egui_kittest::kittest::Queryable;

use crate::app::test_util::{app_on_start_screen, harness, scenarios_dir};
use perfsim_core::scenario::Scenario;

/// The shipped files are named for their emergency: the picker shows each scenario's
/// title, description and briefing, never its file name.
#[test]
fn the_scenario_picker_never_shows_a_file_name() {
    let paths = perfsim_core::scenario::list_folder(&scenarios_dir());
    let mut h = harness(app_on_start_screen());
    h.run();
    for path in &paths {
        let Ok(scenario) = Scenario::load(path) else {
            panic!("{}", path.display());
        };
        // The list entry (the detail pane repeats the title once selected).
        let Some(entry) = h.query_all_by_label_contains(&scenario.name).next() else {
            panic!("{} not listed", scenario.name);
        };
        entry.click();
        h.run();
        assert!(h.query_by_label_contains(&scenario.briefing).is_some());
        for other in &paths {
            let stem = other.file_stem().map(|f| f.to_string_lossy().into_owned());
            let stem = stem.unwrap_or_default();
            assert!(
                h.query_by_label_contains(&stem).is_none(),
                "{stem} visible on the start screen"
            );
        }
    }
}
