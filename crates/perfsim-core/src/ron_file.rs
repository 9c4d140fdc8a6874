//! Reading the RON files people write (scenarios, action files), with errors that name
//! the file, the line and the column, and say what was expected.

use std::path::Path;

use serde::de::DeserializeOwned;

/// A file that could not be read or understood.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file could not be read at all.
    #[error("{file}: cannot read the file: {source}")]
    Io {
        /// The path as given.
        file: String,
        /// Why.
        source: std::io::Error,
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

/// Reads a file to a string.
pub fn read(path: &Path) -> Result<String, FileError> {
    std::fs::read_to_string(path).map_err(|source| FileError::Io {
        file: path.display().to_string(),
        source,
    })
}

/// Parses RON text into `T`, naming `file` in any error.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, FileError> {
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options.from_str(text).map_err(|e| FileError::Invalid {
        file: file.to_string(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    })
}

/// An error about something found after parsing (a cross-field rule), placed at the
/// first occurrence of `needle` in the text, or at the top of the file if absent.
pub fn error_at(file: &str, text: &str, needle: &str, message: String) -> FileError {
    error_at_offset(file, text, text.find(needle).unwrap_or(0), message)
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
