//! The crate's error type.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::io::text::printable;
use crate::model::Problem;

/// Everything that can go wrong in journey.
///
/// Every message names the place (file, line and column, JSON path, id) and what was expected. Input quoted
/// into a message has its control and invisible characters escaped (`\n`, `\u{1b}`, `\u{feff}`), so a
/// message never holds a raw control character.
/// [`Error::kind`] gives a stable snake_case name for each variant, which the Python and JavaScript
/// bindings expose.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not well-formed JSON, or does not have the shape of a journey document.
    #[error("{}line {line}, column {column}: {}", path_prefix(path), printable(message))]
    Json {
        /// JSON path of the value at fault (`touchpoints[3].emotion`), empty at the top level.
        path: String,
        /// Line of the error (1-based).
        line: usize,
        /// Column of the error (1-based).
        column: usize,
        /// What was wrong and what was expected.
        message: String,
    },
    /// A CSV file could not be read.
    #[error("line {line}{}: {}", column.as_deref().map(|c| format!(", column \"{}\"", printable(c))).unwrap_or_default(), printable(message))]
    Csv {
        /// Line of the error (1-based, the header is line 1).
        line: u64,
        /// Name of the column at fault, when one is.
        column: Option<String>,
        /// What was wrong and what was expected.
        message: String,
    },
    /// Mermaid journey text could not be read.
    #[error("line {line}: {}", printable(message))]
    Mermaid {
        /// Line of the error (1-based).
        line: u64,
        /// What was wrong and what was expected.
        message: String,
    },
    /// The input is not UTF-8.
    #[error("input is not valid UTF-8: invalid byte at offset {offset}")]
    Encoding {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The input is in another encoding than UTF-8 (kind `encoding`, as [`Error::Encoding`]).
    #[error("input is {encoding}, not UTF-8: save it as UTF-8")]
    WrongEncoding {
        /// The encoding found, e.g. `UTF-16 (little-endian)`.
        encoding: &'static str,
    },
    /// A text argument that is not valid Unicode: a string of a binding (Python `str`, JavaScript `string`)
    /// holding a lone surrogate, which no UTF-8 text can (kind `encoding`).
    #[error("{}: the text has a lone surrogate at character {index}, expected valid Unicode text", printable(name))]
    NotUnicode {
        /// The argument's name.
        name: String,
        /// Position (0-based, in characters) of the first lone surrogate.
        index: usize,
    },
    /// The input is empty.
    #[error("input is empty, expected {expected}")]
    Empty {
        /// What the input should have held.
        expected: &'static str,
    },
    /// The input is larger than the library reads.
    #[error("input is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The document's `schema_version` is missing or not one this version reads.
    #[error("schema_version: found {}, expected {supported}", printable(found))]
    SchemaVersion {
        /// What the document has (`missing` when it has none).
        found: String,
        /// The version this library reads and writes.
        supported: u32,
    },
    /// The map has one or more problems; all of them are listed.
    #[error("{0}")]
    Invalid(Problems),
    /// A file could not be read or written.
    #[error("{}: {}", printable(&path.display().to_string()), printable(&source.to_string()))]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// An id the journey does not have.
    #[error("unknown {what} \"{}\"", printable(id))]
    NotFound {
        /// What kind of thing (`touchpoint`, `stage`, `persona`).
        what: &'static str,
        /// The id asked for.
        id: String,
    },
    /// An id or a pair of ids that the journey already has.
    #[error("{what} \"{}\" already exists", printable(id))]
    Duplicate {
        /// What kind of thing.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// An argument out of its domain (a weight, an option).
    #[error("{}: {}", printable(name), printable(message))]
    Argument {
        /// The argument's name.
        name: String,
        /// What was wrong and what was expected.
        message: String,
    },
    /// A computation would go past one of the library's documented limits (kind `too_large`).
    #[error("{what}: {size} {unit}, more than the limit of {limit}")]
    Limit {
        /// What is too large.
        what: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
        /// The unit of both.
        unit: &'static str,
    },
    /// A long analysis was stopped by its progress callback.
    #[error("{what} was cancelled by the progress callback")]
    Cancelled {
        /// The analysis.
        what: &'static str,
    },
}

fn path_prefix(path: &str) -> String {
    if path.is_empty() || path == "." { String::new() } else { format!("{}: ", printable(path)) }
}

impl Error {
    /// A stable snake_case name for the kind of error: `json`, `csv`, `mermaid`, `encoding`, `empty`, `too_large`,
    /// `schema_version`, `invalid`, `io`, `not_found`, `duplicate`, `argument`, `cancelled` ([`Error::Limit`]
    /// is `too_large` too).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Json { .. } => "json",
            Error::Csv { .. } => "csv",
            Error::Mermaid { .. } => "mermaid",
            Error::Encoding { .. } | Error::WrongEncoding { .. } | Error::NotUnicode { .. } => "encoding",
            Error::Empty { .. } => "empty",
            Error::TooLarge { .. } => "too_large",
            Error::SchemaVersion { .. } => "schema_version",
            Error::Invalid(_) => "invalid",
            Error::Io { .. } => "io",
            Error::NotFound { .. } => "not_found",
            Error::Duplicate { .. } => "duplicate",
            Error::Argument { .. } => "argument",
            Error::Limit { .. } => "too_large",
            Error::Cancelled { .. } => "cancelled",
        }
    }

    /// The problems of an [`Error::Invalid`], empty for other kinds.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Invalid(p) => &p.0,
            _ => &[],
        }
    }

    pub(crate) fn not_found(what: &'static str, id: &str) -> Self {
        Error::NotFound { what, id: id.to_owned() }
    }
}

/// A non-empty list of problems found by validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// How many problems the message of an [`Error::Invalid`] spells out; the rest are counted. The list
    /// itself ([`Error::problems`]) always has every problem.
    pub const SHOWN: usize = 20;
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::model::validate::{MAX_PROBLEMS, TOO_MANY_PROBLEMS};
        let (listed, cut) = match self.0.split_last() {
            Some((last, rest)) if last.kind == TOO_MANY_PROBLEMS => (rest, Some(last)),
            _ => (self.0.as_slice(), None),
        };
        if let ([one], None) = (listed, cut) {
            return f.write_str(&printable(&one.to_string()));
        }
        match cut {
            Some(_) => write!(f, "more than {MAX_PROBLEMS} problems: ")?,
            None => write!(f, "{} problems: ", listed.len())?,
        }
        for (i, p) in listed.iter().take(Self::SHOWN).enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&printable(&p.to_string()))?;
        }
        if listed.len() > Self::SHOWN {
            write!(f, "; and {} more", listed.len() - Self::SHOWN)?;
        }
        if let Some(last) = cut {
            write!(f, "; {}", last.message)?;
        }
        Ok(())
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
