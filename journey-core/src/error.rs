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
    /// A document given as a value tree (a Python dict, a JavaScript object, a [`serde_json::Value`]) does
    /// not have the shape of a journey document, or could not be read as one (kind `json`, as
    /// [`Error::Json`]); there is no text, so no line or column.
    #[error("{}{}", path_prefix(path), printable(message))]
    Shape {
        /// JSON path of the value at fault (`touchpoints[3].emotion`), empty at the top level.
        path: String,
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
    /// An Excel workbook could not be read, or a row of its worksheet could not be read with the CSV
    /// sheet's layout (kind `csv`, as [`Error::Csv`]: the same reader and messages, at the worksheet's row
    /// in place of a line).
    #[error("{}{}", sheet_place(sheet.as_deref(), *row, column.as_deref()), printable(message))]
    Xlsx {
        /// Name of the worksheet, once one is chosen.
        sheet: Option<String>,
        /// Row of the error (1-based, as the spreadsheet numbers it), when one is at fault.
        row: Option<u64>,
        /// Name of the column at fault (its header), when one is.
        column: Option<String>,
        /// What was wrong and what was expected.
        message: String,
    },
    /// Arrow data (record batches, a Parquet file's rows, a data frame) could not be read as an event log:
    /// the stream, or a column the table lacks, has twice or has of a type that cannot be read. A value at
    /// fault in a row is an [`Error::Table`], as it is in every other table.
    #[error("{}", printable(message))]
    Arrow {
        /// Name of the column at fault, when one is.
        column: Option<String>,
        /// What was wrong and what was expected; it names the column itself.
        message: String,
    },
    /// An event table given as values (rows pushed into an [`EventLogBuilder`](crate::analytics::EventLogBuilder),
    /// columns given to [`EventLog::from_columns`](crate::analytics::EventLog::from_columns), an Arrow table's
    /// rows, the bindings' arrays and data frames, a header given to
    /// [`EventColumns::positions`](crate::analytics::EventColumns::positions)) that an event log cannot take:
    /// kind `csv`, the kind the CSV reader gives the same table, with the same message after the place.
    #[error("{}", row_message(*row, Some(column), message))]
    Table {
        /// The row at fault (counted from 0 over the rows given), when a value is at fault.
        row: Option<u64>,
        /// The column at fault: its name in the header, or the event's field (`customer`, `timestamp`,
        /// `touchpoint`, ...; [`EventField::as_str`](crate::analytics::EventField::as_str)) for values
        /// given without names.
        column: String,
        /// What was wrong and what was expected; it names the column itself when no row is at fault (a
        /// column missing or repeated).
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
    #[error("unknown {what} \"{}\"{}", printable(id), printable(known))]
    NotFound {
        /// What kind of thing (`touchpoint`, `stage`, `persona`).
        what: &'static str,
        /// The id asked for.
        id: String,
        /// What the journey has instead, for the message (`; the map's personas are savvy, browser`), or
        /// empty; see [`crate::Journey::not_found`].
        known: String,
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
    /// Bytes that are not a partial result this version reads (`analytics::Partial::from_bytes`):
    /// another file's magic, another format version, or a body that is truncated or corrupted.
    #[error("partial bytes: {}", printable(message))]
    Partial {
        /// What was wrong and what was expected.
        message: String,
    },
    /// A long analysis was stopped by its progress callback.
    #[error("{what} was cancelled by the progress callback")]
    Cancelled {
        /// The analysis.
        what: &'static str,
    },
}

/// The message of an [`Error::Table`]: the row and column at fault before the
/// message, when a row is.
fn row_message(row: Option<u64>, column: Option<&str>, message: &str) -> String {
    match row {
        Some(row) => format!("row {row}, column \"{}\": {}", printable(column.unwrap_or_default()), printable(message)),
        None => printable(message).into_owned(),
    }
}

/// `sheet "Map", row 5, column "emotion": ` with the parts that are known.
fn sheet_place(sheet: Option<&str>, row: Option<u64>, column: Option<&str>) -> String {
    let parts: Vec<String> = [
        sheet.map(|s| format!("sheet \"{}\"", printable(s))),
        row.map(|r| format!("row {r}")),
        column.map(|c| format!("column \"{}\"", printable(c))),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() { String::new() } else { format!("{}: ", parts.join(", ")) }
}

fn path_prefix(path: &str) -> String {
    if path.is_empty() || path == "." { String::new() } else { format!("{}: ", printable(path)) }
}

impl Error {
    /// The kind of error, with a stable snake_case name ([`ErrorKind::as_str`]) that the Python and
    /// JavaScript bindings expose ([`Error::Limit`] is [`ErrorKind::TooLarge`] too).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Json { .. } | Error::Shape { .. } => ErrorKind::Json,
            Error::Csv { .. } | Error::Xlsx { .. } | Error::Table { .. } => ErrorKind::Csv,
            Error::Arrow { .. } => ErrorKind::Arrow,
            Error::Mermaid { .. } => ErrorKind::Mermaid,
            Error::Encoding { .. } | Error::WrongEncoding { .. } | Error::NotUnicode { .. } => ErrorKind::Encoding,
            Error::Empty { .. } => ErrorKind::Empty,
            Error::TooLarge { .. } | Error::Limit { .. } => ErrorKind::TooLarge,
            Error::SchemaVersion { .. } => ErrorKind::SchemaVersion,
            Error::Invalid(_) => ErrorKind::Invalid,
            Error::Io { .. } => ErrorKind::Io,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Duplicate { .. } => ErrorKind::Duplicate,
            Error::Argument { .. } => ErrorKind::Argument,
            Error::Cancelled { .. } => ErrorKind::Cancelled,
            Error::Partial { .. } => ErrorKind::Partial,
        }
    }

    /// Where the error is in the input: the JSON path, line and column of a JSON error, the line and column
    /// name of a CSV error, the line of a Mermaid error. Every field is `None` when the error has no such
    /// place; the problems of an [`Error::Invalid`] carry their own paths ([`Error::problems`]). The bindings
    /// expose these fields on their errors (Python attributes, JavaScript properties) under the same names.
    pub fn location(&self) -> ErrorLocation {
        let path = |p: &str| (!p.is_empty()).then(|| p.to_owned());
        match self {
            Error::Json { path: p, line, column, .. } => ErrorLocation {
                path: path(p),
                line: Some(*line as u64),
                column: Some(ErrorColumn::Number(*column as u64)),
                ..ErrorLocation::default()
            },
            Error::Shape { path: p, .. } => ErrorLocation { path: path(p), ..ErrorLocation::default() },
            Error::Csv { line, column, .. } => ErrorLocation {
                line: Some(*line),
                column: column.clone().map(ErrorColumn::Name),
                ..ErrorLocation::default()
            },
            Error::Xlsx { row, column, .. } => {
                ErrorLocation { line: *row, column: column.clone().map(ErrorColumn::Name), ..ErrorLocation::default() }
            }
            Error::Arrow { column, .. } => {
                ErrorLocation { column: column.clone().map(ErrorColumn::Name), ..ErrorLocation::default() }
            }
            Error::Table { row, column, .. } => {
                ErrorLocation { row: *row, column: Some(ErrorColumn::Name(column.clone())), ..ErrorLocation::default() }
            }
            Error::Mermaid { line, .. } => ErrorLocation { line: Some(*line), ..ErrorLocation::default() },
            _ => ErrorLocation::default(),
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
        Error::NotFound { what, id: id.to_owned(), known: String::new() }
    }
}

/// Where an [`Error`] is in the input ([`Error::location`]); each field is `None` when the error has no such
/// place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ErrorLocation {
    /// JSON path of the value at fault (`touchpoints[3].emotion`).
    pub path: Option<String>,
    /// Line (1-based; the header of a CSV file is line 1), or a worksheet's row as the spreadsheet numbers
    /// it.
    pub line: Option<u64>,
    /// Column: a number (1-based) in JSON text, the column's name in a CSV file.
    pub column: Option<ErrorColumn>,
    /// Row of an event log (counted from 0 over the rows given).
    pub row: Option<u64>,
}

/// The column of an [`ErrorLocation`]: a position in text or a named column of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ErrorColumn {
    /// Position in a line of text (1-based).
    Number(u64),
    /// Name of a table's column, as its header gives it.
    Name(String),
}

/// The kind of an [`Error`]: what the bindings raise it as. Its names ([`ErrorKind::as_str`]:
/// `json`, `csv`, `arrow`, `mermaid`, `encoding`, `empty`, `too_large`, `schema_version`, `invalid`, `io`,
/// `not_found`, `duplicate`, `argument`, `cancelled`) are stable; the TypeScript `ErrorKind` union and the
/// Python `_ErrorKind` literal list them, and a test fails when they drift from [`ErrorKind::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Not well-formed JSON, or not the shape of a journey document.
    Json,
    /// A CSV file, or an event table given as values ([`Error::Table`]), that could not be read.
    Csv,
    /// Arrow data that could not be read.
    Arrow,
    /// Mermaid journey text that could not be read.
    Mermaid,
    /// Input that is not UTF-8 or text that is not valid Unicode.
    Encoding,
    /// Empty input.
    Empty,
    /// Input or a computation past one of the library's limits.
    TooLarge,
    /// A `schema_version` missing or not read by this version.
    SchemaVersion,
    /// A map with problems.
    Invalid,
    /// A file that could not be read or written.
    Io,
    /// An id the journey does not have.
    NotFound,
    /// An id the journey already has.
    Duplicate,
    /// An argument out of its domain.
    Argument,
    /// A long analysis stopped by its progress callback.
    Cancelled,
    /// Bytes that are not a partial result this version reads.
    Partial,
}

crate::names::names!(ErrorKind, "error kind", "kind" {
    Json => "json",
    Csv => "csv",
    Arrow => "arrow",
    Mermaid => "mermaid",
    Encoding => "encoding",
    Empty => "empty",
    TooLarge => "too_large",
    SchemaVersion => "schema_version",
    Invalid => "invalid",
    Io => "io",
    NotFound => "not_found",
    Duplicate => "duplicate",
    Argument => "argument",
    Cancelled => "cancelled",
    Partial => "partial",
});

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
