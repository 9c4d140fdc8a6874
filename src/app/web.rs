//! The browser build's entry point (eframe's web runner, as in the eframe template): the
//! practice window on the page's canvas, with the shipped scenarios built in. Exams, the
//! instructor's second window and the record folder are desktop-only and say so; a
//! practice attempt's record is kept in memory, signed with the browser's practice key
//! ([`browser_key`]), and offered as a download at the debrief.
//!
//! `?start=<scenario file stem>` in the page's address starts that shipped scenario at
//! once (the headless check in `tools/web-check.sh` uses it). The document's title
//! carries the simulated clock, so a script can see the model run.

use std::sync::Arc;

use wasm_bindgen::JsCast;

use super::clock::Clock;
use super::prefs::{self, Prefs};
use super::sound::AlarmSound;
use super::{App, browser_key, builtin};
use perfsim_core::attempt::RecordTarget;

/// The id of the page's canvas (`index.html`).
pub const CANVAS_ID: &str = "perfsim_canvas";

/// Starts the window on the page's canvas.
pub fn start() {
    let _ = eframe::WebLogger::init(log::LevelFilter::Info);
    wasm_bindgen_futures::spawn_local(async {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(canvas) = document
            .get_element_by_id(CANVAS_ID)
            .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            super::sound::log_line("perfsim: the page has no canvas");
            return;
        };
        let start_stem = start_parameter();
        let started = eframe::WebRunner::new()
            .start(
                canvas,
                eframe::WebOptions::default(),
                Box::new(move |cc| {
                    let prefs = cc
                        .storage
                        .and_then(|s| eframe::get_value::<Prefs>(s, prefs::STORAGE_KEY))
                        .unwrap_or_default();
                    let mut app = App::new(prefs, Clock::default());
                    app.sound = AlarmSound::with_device();
                    // Practice records are kept in memory, signed with this browser's
                    // practice key, and offered as downloads at the debrief.
                    let stored = cc
                        .storage
                        .and_then(|s| s.get_string(browser_key::STORAGE_KEY));
                    match browser_key::load_or_make(stored.as_deref(), crate::entropy::os_random) {
                        Ok((key, to_store)) => {
                            if let Some(text) = to_store {
                                // At once, not at eframe's next save: a record may be
                                // downloaded before it.
                                eframe::web::storage::local_storage_set(
                                    browser_key::STORAGE_KEY,
                                    &text,
                                );
                            }
                            app.set_record_target(RecordTarget::InMemory { key });
                        }
                        Err(e) => {
                            app.notice = Some(format!(
                                "Practice attempts are not recorded in this browser: no practice key ({e})"
                            ));
                        }
                    }
                    if let Some((name, text)) = start_stem.as_deref().and_then(builtin::find) {
                        match perfsim_core::scenario::Scenario::parse(name, text) {
                            Ok(s) => app.start_run(Arc::new(s), 1, Some(name.into())),
                            Err(e) => app.notice = Some(e.to_string()),
                        }
                    }
                    Ok(Box::new(app))
                }),
            )
            .await;
        if let Some(loading) = document.get_element_by_id("loading_text") {
            match started {
                Ok(()) => loading.remove(),
                Err(e) => {
                    loading.set_inner_html("<p>perfsim could not start: see the console.</p>");
                    super::sound::log_line(&format!("perfsim: cannot start: {e:?}"));
                }
            }
        }
    });
}

/// The `start` parameter of the page's address, if any.
fn start_parameter() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("start="))
        .map(str::to_owned)
}

/// Shows the simulated clock in the page's title ("perfsim 01:23"), once a frame.
pub fn show_clock_in_title(sim_clock: Option<&str>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let title = match sim_clock {
        Some(clock) => format!("perfsim {clock}"),
        None => "perfsim".to_owned(),
    };
    if document.title() != title {
        document.set_title(&title);
    }
}
