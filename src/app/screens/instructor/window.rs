//! The instructor console's window: its own native viewport, or embedded where the
//! backend cannot open one (tests).

use perfsim_core::record::Mode;

use super::{InstructorCommand, InstructorView, instructor_ui, names};
use crate::app::Command;
use crate::app::screens::run::RunState;
use crate::app::theme::Palette;

/// The instructor console in its own native window, or embedded where the backend
/// cannot open one.
pub fn instructor_window(
    ctx: &egui::Context,
    run: &mut RunState,
    position: Option<egui::Pos2>,
    palette: &Palette,
    commands: &mut Vec<Command>,
) {
    let RunState {
        driver,
        mode,
        exam,
        frozen,
        instructor,
        record_error,
        ..
    } = run;
    let view = InstructorView {
        session: driver.session(),
        frozen: *frozen,
        pin_required: *mode == Mode::Exam,
        record: driver.record_path(),
        record_error: record_error.as_deref(),
        candidate: exam.as_ref().map_or("", |e| e.candidate_id.as_str()),
    };
    let mut builder = egui::ViewportBuilder::default()
        .with_title(names::TITLE)
        .with_inner_size([760.0, 560.0]);
    if let Some(p) = position {
        builder = builder.with_position(p);
    }
    let out = ctx.show_viewport_immediate(
        egui::ViewportId::from_hash_of("instructor_console"),
        builder,
        |ui, class| {
            let mut out = match class {
                egui::ViewportClass::EmbeddedWindow => instructor_ui(ui, instructor, view, palette),
                _ => {
                    egui::CentralPanel::default_margins()
                        .show(ui, |ui| instructor_ui(ui, instructor, view, palette))
                        .inner
                }
            };
            // An embedded console shares the main window's viewport: a close request
            // there is the main window's (handled by the app), not the console's.
            if class != egui::ViewportClass::EmbeddedWindow
                && ui.ctx().input(|i| i.viewport().close_requested())
            {
                out.push(InstructorCommand::Close);
            }
            out
        },
    );
    commands.extend(out.into_iter().map(Command::Instructor));
}
