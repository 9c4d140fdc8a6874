//! The candidate's full-screen kiosk: while an exam runs (and until the facilitator
//! opens its report) the window is full screen without decorations, and a close request
//! (the title bar is gone, but Alt+F4 or the window manager can still ask) is cancelled.
//! Leaving needs the facilitator: the console's PIN ends the run, the report's PIN
//! opens the debrief, and the window returns to normal.

/// Whether the kiosk is wanted and whether it is in force.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Kiosk {
    /// The facilitator asked for it (`--kiosk`, or the exam setup's checkbox).
    pub requested: bool,
    active: bool,
}

impl Kiosk {
    /// Whether the window is held full screen now.
    pub fn is_active(&self) -> bool {
        self.active
    }

    /// Runs once a frame. `exam_locked`: an exam is running or its report is still
    /// locked. Sends the viewport commands that enter or leave the kiosk when that
    /// changes, and cancels any close request while it is in force; returns whether a
    /// close was refused.
    pub fn frame(&mut self, ctx: &egui::Context, exam_locked: bool) -> bool {
        let want = self.requested && exam_locked;
        if want != self.active {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(want));
            ctx.send_viewport_cmd(egui::ViewportCommand::Decorations(!want));
            self.active = want;
        }
        let refused = self.active && ctx.input(|i| i.viewport().close_requested());
        if refused {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        }
        refused
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{ViewportCommand, ViewportEvent, ViewportId};

    /// One frame of a bare context; the root viewport's commands.
    fn frame(kiosk: &mut Kiosk, exam_locked: bool, close: bool) -> Vec<ViewportCommand> {
        let ctx = egui::Context::default();
        let mut input = egui::RawInput::default();
        if close {
            input
                .viewports
                .entry(ViewportId::ROOT)
                .or_default()
                .events
                .push(ViewportEvent::Close);
        }
        let mut out = ctx.run_ui(input, |ui| {
            kiosk.frame(ui.ctx(), exam_locked);
        });
        // No renderer takes the font texture here.
        out.textures_delta.clear();
        out.viewport_output
            .get(&ViewportId::ROOT)
            .map(|v| v.commands.clone())
            .unwrap_or_default()
    }

    #[test]
    fn an_exam_goes_full_screen_refuses_to_close_and_comes_back_when_unlocked() {
        let mut kiosk = Kiosk {
            requested: true,
            ..Kiosk::default()
        };
        let entered = frame(&mut kiosk, true, false);
        assert!(entered.contains(&ViewportCommand::Fullscreen(true)));
        assert!(entered.contains(&ViewportCommand::Decorations(false)));
        // Alt+F4 or the window manager's close: cancelled while the exam is locked.
        let closing = frame(&mut kiosk, true, true);
        assert!(
            closing.contains(&ViewportCommand::CancelClose),
            "{closing:?}"
        );
        // The facilitator opened the report: the window is a window again and closes.
        let left = frame(&mut kiosk, false, true);
        assert!(left.contains(&ViewportCommand::Fullscreen(false)));
        assert!(left.contains(&ViewportCommand::Decorations(true)));
        assert!(!left.contains(&ViewportCommand::CancelClose));
        assert!(!kiosk.is_active());
    }

    #[test]
    fn without_the_kiosk_nothing_is_sent() {
        let mut kiosk = Kiosk::default();
        let sent = frame(&mut kiosk, true, true);
        assert!(
            !sent.iter().any(|c| matches!(
                c,
                ViewportCommand::Fullscreen(_)
                    | ViewportCommand::Decorations(_)
                    | ViewportCommand::CancelClose
            )),
            "{sent:?}"
        );
    }
}
