//! Files opened the desktop way: the native file dialog (`rfd`: the XDG portal on Linux,
//! the system dialogs on Windows and macOS, the browser's file picker on the web) or a
//! file dropped on the window. A scenario (`.ron`) goes to the start screen's list; an
//! attempt record (`.jsonl`) to the record browser, behind the facilitator's passphrase.
//!
//! In the browser a file's bytes arrive later (its reads are asynchronous): they wait in
//! the [`FileInbox`] until the next frame's `logic` takes them.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What kind of file, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A scenario (`.ron`).
    Scenario,
    /// An attempt record (`.jsonl`).
    Record,
}

impl FileKind {
    /// The kind a file of this name is, if perfsim opens it.
    pub fn of(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".ron") {
            Some(Self::Scenario)
        } else if lower.ends_with(".jsonl") {
            Some(Self::Record)
        } else {
            None
        }
    }

    /// The dialog's filter name and extension.
    fn filter(self) -> (&'static str, &'static str) {
        match self {
            Self::Scenario => ("perfsim scenario", "ron"),
            Self::Record => ("perfsim attempt record", "jsonl"),
        }
    }
}

/// Where an opened file's contents are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileSource {
    /// On disk (the desktop).
    Path(PathBuf),
    /// Read already (the browser gives no paths).
    Bytes(Vec<u8>),
}

/// A file the user opened or dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenedFile {
    /// Its name, for messages and the kind.
    pub name: String,
    /// Its contents or where they are.
    pub source: FileSource,
}

impl OpenedFile {
    /// A file on disk.
    pub fn at(path: PathBuf) -> Self {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Self {
            name,
            source: FileSource::Path(path),
        }
    }
}

/// Files that arrived since the last frame (dialogs and drops in the browser).
#[derive(Clone, Debug, Default)]
pub struct FileInbox {
    arrived: Arc<Mutex<Vec<OpenedFile>>>,
}

impl FileInbox {
    /// Opens the native file dialog for `kind`. On the desktop this returns the chosen
    /// file (the dialog is modal); in the browser the file arrives in the inbox later.
    pub fn pick(&self, kind: FileKind) -> Option<OpenedFile> {
        let (filter, ext) = kind.filter();
        #[cfg(not(target_arch = "wasm32"))]
        {
            rfd::FileDialog::new()
                .add_filter(filter, &[ext])
                .pick_file()
                .map(OpenedFile::at)
        }
        #[cfg(target_arch = "wasm32")]
        {
            let arrived = Arc::clone(&self.arrived);
            let dialog = rfd::AsyncFileDialog::new().add_filter(filter, &[ext]);
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(handle) = dialog.pick_file().await {
                    let file = OpenedFile {
                        name: handle.file_name(),
                        source: FileSource::Bytes(handle.read().await),
                    };
                    push(&arrived, file);
                }
            });
            None
        }
    }

    /// The files dropped on the window this frame. Desktop: at once, by path. Browser:
    /// read in the background, into the inbox.
    pub fn take_dropped(&self, ctx: &egui::Context) -> Vec<OpenedFile> {
        let dropped = ctx.input_mut(|i| std::mem::take(&mut i.raw.dropped_files));
        #[cfg(not(target_arch = "wasm32"))]
        {
            dropped
                .iter()
                .map(|f| OpenedFile::at(f.path().to_path_buf()))
                .collect()
        }
        #[cfg(target_arch = "wasm32")]
        {
            for f in dropped {
                let arrived = Arc::clone(&self.arrived);
                wasm_bindgen_futures::spawn_local(async move {
                    let name = f.path().display().to_string();
                    if let Ok(bytes) = f.bytes_async().await {
                        push(
                            &arrived,
                            OpenedFile {
                                name,
                                source: FileSource::Bytes(bytes),
                            },
                        );
                    }
                });
            }
            Vec::new()
        }
    }

    /// Files read since the last call.
    pub fn take_arrived(&self) -> Vec<OpenedFile> {
        match self.arrived.lock() {
            Ok(mut files) => std::mem::take(&mut *files),
            Err(_) => Vec::new(),
        }
    }
}

/// Saves `text` as a file named `name`: with the save dialog on the desktop, as a
/// download in the browser. Cancelling the dialog is not an error.
pub fn save(name: &str, mime: &str, text: &str) -> Result<(), String> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = mime;
        match rfd::FileDialog::new().set_file_name(name).save_file() {
            Some(path) => {
                std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
            }
            None => Ok(()),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        download(name, mime, text).map_err(|e| format!("{e:?}"))
    }
}

/// Offers `text` as a download named `name` (a blob URL clicked through an anchor).
#[cfg(target_arch = "wasm32")]
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)
}

#[cfg(target_arch = "wasm32")]
fn push(arrived: &Mutex<Vec<OpenedFile>>, file: OpenedFile) {
    if let Ok(mut files) = arrived.lock() {
        files.push(file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_extension() {
        assert_eq!(FileKind::of("air_embolism.ron"), Some(FileKind::Scenario));
        assert_eq!(FileKind::of("ATTEMPT.JSONL"), Some(FileKind::Record));
        assert_eq!(FileKind::of("notes.txt"), None);
        assert_eq!(FileKind::of("ron"), None);
    }
}
