//! Reading the RON files people write (scenarios, action files), with errors that name
//! the file, the line and the column, and say what was expected.

use std::path::Path;

use serde::de::DeserializeOwned;

pub mod locate;

/// The largest file read as a scenario or an action file: reading `/dev/zero` or a
/// mistaken multi-gigabyte file stops here with a sentence, not an exhausted memory.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A file that could not be read or understood.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file could not be read at all. The cause is in the message and not chained
    /// as a source, so it is printed once.
    #[error("{file}: cannot read the file: {cause}")]
    Io {
        /// The path as given.
        file: String,
        /// Why.
        cause: std::io::Error,
    },
    /// The file is larger than [`MAX_FILE_BYTES`] (or endless, like `/dev/zero`).
    #[error("{file}: larger than {} MiB; expected a scenario or action file", MAX_FILE_BYTES / (1024 * 1024))]
    TooLarge {
        /// The path as given.
        file: String,
    },
    /// The text is not valid, or a value is out of range.
    #[error("{file}:{line}:{col}: {message}")]
    Invalid {
        /// The path as given.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// What was wrong and what was expected.
        message: String,
    },
}

/// Reads a file to a string, at most [`MAX_FILE_BYTES`].
pub fn read(path: &Path) -> Result<String, FileError> {
    use std::io::Read as _;
    let file = path.display().to_string();
    let io = |cause| FileError::Io {
        file: file.clone(),
        cause,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(FileError::TooLarge { file });
    }
    String::from_utf8(bytes).map_err(|e| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        ))
    })
}

/// `text` without a leading UTF-8 byte-order mark (some editors write one).
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses RON text into `T`, naming `file` in any error.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, FileError> {
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options
        .from_str(strip_bom(text))
        .map_err(|e| FileError::Invalid {
            file: file.to_string(),
            line: e.span.start.line,
            col: e.span.start.col,
            message: e.code.to_string(),
        })
}

/// An error about something found after parsing (a cross-field rule), placed at the
/// first occurrence of `needle` in the text outside comments (and, unless `needle` is
/// a quoted string, outside strings), or at the top of the file if absent.
pub fn error_at(file: &str, text: &str, needle: &str, message: String) -> FileError {
    let mask = locate::code_mask(text);
    let offset = locate::find_code(text, &mask, needle, 0).unwrap_or(0);
    error_at_offset(file, text, offset, message)
}

/// An error placed at a byte offset of the text.
pub fn error_at_offset(file: &str, text: &str, offset: usize, message: String) -> FileError {
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    FileError::Invalid {
        file: file.to_string(),
        line,
        col,
        message,
    }
}
