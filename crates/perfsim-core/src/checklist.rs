//! Checklists as a first-class thing: the lists a programme recognises (pre-bypass,
//! initiation, weaning, oxygenator change-out, air embolism recovery), shipped as RON in
//! `crates/perfsim-core/checklists/`. A scenario names the lists its console shows; each
//! tick is an [`crate::action::Action::CheckItem`] logged with its tick, so a rubric can
//! score an item, its order and its timing like any other action.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// One of the shipped checklists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Checklist {
    /// Before the venous line is unclamped.
    PreBypass,
    /// From the first flow to full bypass.
    Initiation,
    /// Weaning and separation.
    Weaning,
    /// Re-establishing bypass after an oxygenator change-out.
    OxygenatorChangeOut,
    /// Recovery from massive arterial air embolism.
    AirEmbolismRecovery,
}

/// A checklist as its file writes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistSpec {
    /// Which list this is.
    pub list: Checklist,
    /// Its heading in the panel.
    pub title: String,
    /// The items, numbered from 1 in this order.
    pub items: Vec<String>,
}

/// The shipped files, in [`Checklist::ALL`] order.
const FILES: [(&str, &str); 5] = [
    (
        "checklists/pre_bypass.ron",
        include_str!("../checklists/pre_bypass.ron"),
    ),
    (
        "checklists/initiation.ron",
        include_str!("../checklists/initiation.ron"),
    ),
    (
        "checklists/weaning.ron",
        include_str!("../checklists/weaning.ron"),
    ),
    (
        "checklists/oxygenator_change_out.ron",
        include_str!("../checklists/oxygenator_change_out.ron"),
    ),
    (
        "checklists/air_embolism_recovery.ron",
        include_str!("../checklists/air_embolism_recovery.ron"),
    ),
];

impl Checklist {
    /// Every list.
    pub const ALL: [Checklist; 5] = [
        Checklist::PreBypass,
        Checklist::Initiation,
        Checklist::Weaning,
        Checklist::OxygenatorChangeOut,
        Checklist::AirEmbolismRecovery,
    ];

    fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }

    /// The list's title and items. The files are compiled in and a test parses each,
    /// so a broken file fails the build's tests, not a user's run; should one not
    /// parse anyway, the list shows its file's error as its only item.
    pub fn spec(self) -> &'static ChecklistSpec {
        static SPECS: OnceLock<Vec<ChecklistSpec>> = OnceLock::new();
        let specs = SPECS.get_or_init(|| {
            Self::ALL
                .iter()
                .zip(FILES)
                .map(|(list, (file, text))| {
                    crate::ron_file::parse::<ChecklistSpec>(file, text).unwrap_or_else(|e| {
                        ChecklistSpec {
                            list: *list,
                            title: format!("{list:?}"),
                            items: vec![e.to_string()],
                        }
                    })
                })
                .collect()
        });
        &specs[self.index()]
    }

    /// The text of item `item` (1-based), if the list has it.
    pub fn item(self, item: u8) -> Option<&'static str> {
        let i = usize::from(item).checked_sub(1)?;
        self.spec().items.get(i).map(String::as_str)
    }

    /// How many items the list has.
    pub fn len(self) -> usize {
        self.spec().items.len()
    }

    /// Whether the list has no items (never, for a shipped list).
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_list_parses_and_names_itself() {
        for (list, (file, text)) in Checklist::ALL.iter().zip(FILES) {
            let spec: ChecklistSpec = crate::ron_file::parse(file, text).expect("parses");
            assert_eq!(spec.list, *list, "{file}");
            assert!(spec.items.len() >= 5, "{file}");
        }
        assert_eq!(Checklist::Weaning.item(3), Some("Lungs ventilated"));
        assert_eq!(Checklist::Weaning.item(0), None);
        assert_eq!(Checklist::Weaning.item(99), None);
    }

    #[test]
    fn the_change_out_list_has_the_reference_items() {
        let items = &Checklist::OxygenatorChangeOut.spec().items;
        for needed in ["Connections tight", "Circuit de-aired", "Surgeon told"] {
            assert!(items.iter().any(|i| i == needed), "{needed}");
        }
    }
}
