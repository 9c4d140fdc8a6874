//! The checklist panel: the scenario's checklists, each item a box the trainee ticks.
//! A tick is an [`Action::CheckItem`] logged with its tick, so the debrief and the
//! rubric see when (and in what order) each item was done. An item once ticked stays
//! ticked: the log is the list's state.

use egui::RichText;

use perfsim_core::action::{Action, Checklist, LoggedAction};

/// Whether `item` of `list` has been ticked in `log`.
pub fn is_ticked(log: &[LoggedAction], list: Checklist, item: u8) -> bool {
    log.iter()
        .any(|a| a.action == Action::CheckItem { list, item })
}

/// Draws the scenario's checklists; returns the tick the trainee gave, if any.
#[must_use]
pub fn checklist_ui(
    ui: &mut egui::Ui,
    lists: &[Checklist],
    log: &[LoggedAction],
) -> Option<Action> {
    let mut out = None;
    for list in lists {
        let spec = list.spec();
        let done = (1..=spec.items.len())
            .filter(|i| u8::try_from(*i).is_ok_and(|i| is_ticked(log, *list, i)))
            .count();
        egui::CollapsingHeader::new(
            RichText::new(format!(
                "Checklist: {} ({done}/{})",
                spec.title,
                spec.items.len()
            ))
            .strong(),
        )
        .id_salt(("checklist", *list))
        .default_open(done < spec.items.len())
        .show(ui, |ui| {
            for (i, text) in spec.items.iter().enumerate() {
                let Ok(item) = u8::try_from(i + 1) else {
                    break;
                };
                let mut ticked = is_ticked(log, *list, item);
                let was = ticked;
                let label = format!("{item}. {text}");
                let response = ui.add_enabled(!was, egui::Checkbox::new(&mut ticked, label));
                if response.changed() && ticked && !was {
                    out = Some(Action::CheckItem { list: *list, item });
                }
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    #[test]
    fn ticking_an_item_asks_for_its_action_and_a_ticked_item_stays_ticked() {
        struct State {
            log: Vec<LoggedAction>,
            asked: Vec<Action>,
        }
        let mut h = Harness::new_ui_state(
            |ui, state: &mut State| {
                if let Some(a) = checklist_ui(ui, &[Checklist::Weaning], &state.log) {
                    state.asked.push(a.clone());
                    state.log.push(LoggedAction {
                        tick: 0,
                        actor: Default::default(),
                        action: a,
                    });
                }
            },
            State {
                log: Vec::new(),
                asked: Vec::new(),
            },
        );
        h.run();
        assert!(h.query_by_label_contains("Weaning (0/8)").is_some());
        h.get_by_label("3. Lungs ventilated").click();
        h.run();
        assert_eq!(
            h.state().asked,
            vec![Action::CheckItem {
                list: Checklist::Weaning,
                item: 3
            }]
        );
        assert!(h.query_by_label_contains("Weaning (1/8)").is_some());
        // Clicking it again changes nothing: the log is the list's state.
        h.get_by_label("3. Lungs ventilated").click();
        h.run();
        assert_eq!(h.state().asked.len(), 1);
    }
}
