//! JSON files: load, save and the JSON Schema.

use std::path::Path;

use serde::Deserialize;

use super::text;
use crate::error::{Error, Result};
use crate::model::{Document, Journey, SCHEMA_VERSION};

/// The largest document the loaders read: 64 MiB. A journey map is rarely larger than a few hundred KiB.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// Reads a document from JSON text, with every shape error reported at its JSON path. Does not validate.
/// A leading byte order mark is skipped.
///
/// # Errors
/// [`Error::WrongEncoding`] for UTF-16 or UTF-32 text taken for UTF-8, [`Error::Empty`], [`Error::TooLarge`], [`Error::SchemaVersion`], [`Error::Json`].
pub fn document_from_str(text: &str) -> Result<Document> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::TooLarge { size: text.len(), limit: MAX_DOCUMENT_BYTES });
    }
    let text = text::without_bom(text)?;
    if text.trim().is_empty() {
        return Err(Error::Empty { expected: "a journey document (JSON object)" });
    }
    let start = text.trim_start();
    if !start.starts_with('{') {
        let offset = text.len() - start.len();
        let line = text[..offset].matches('\n').count() + 1;
        let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
        let found = start.chars().next().map_or_else(String::new, |c| format!(" `{c}`"));
        return Err(Error::Json {
            path: String::new(),
            line,
            column,
            message: format!("found{found}, expected a JSON object at the top level"),
        });
    }
    check_version(text)?;
    check_duplicate_keys(text)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let doc: Document = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        json_error(path, e.into_inner())
    })?;
    de.end().map_err(|e| json_error(String::new(), e))?;
    Ok(doc)
}

/// Reads a document given as a value tree (what a Python dict or a JavaScript object is converted to), with
/// every shape error reported at its JSON path as in [`document_from_str`]. Does not validate.
///
/// A binding whose value cannot even be converted to a tree (a Python `set`, a cyclic JavaScript object)
/// reports that as an [`Error::Shape`] at the path of the part at fault, so both read the same.
///
/// # Errors
/// [`Error::SchemaVersion`], [`Error::Shape`] (kind `json`, with the JSON path).
pub fn document_from_value(value: serde_json::Value) -> Result<Document> {
    let serde_json::Value::Object(object) = &value else {
        let found = match &value {
            serde_json::Value::Null => "null",
            serde_json::Value::Bool(_) => "a boolean",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::String(_) => "a string",
            _ => "an array",
        };
        return Err(Error::Shape {
            path: String::new(),
            message: format!("found {found}, expected a JSON object at the top level"),
        });
    };
    version(object.get("schema_version"))?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        Error::Shape {
            path: if path == "." { String::new() } else { path },
            message: crate::binding::with_spelling_hint(e.into_inner().to_string()),
        }
    })
}

fn json_error(path: String, e: serde_json::Error) -> Error {
    // serde_json appends " at line L column C"; the error carries them separately.
    let mut message = e.to_string();
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    let message = crate::binding::with_spelling_hint(message);
    // serde_path_to_error writes `?` for a place it could not name (e.g. after a syntax error).
    let mut path = path;
    while let Some(stripped) = path.strip_suffix(".?").or_else(|| path.strip_suffix('?')) {
        path = stripped.to_owned();
    }
    Error::Json { path: if path == "." { String::new() } else { path }, line: e.line(), column: e.column(), message }
}

/// Rejects an object that has a key twice, anywhere in the document. serde_json keeps the last value of a
/// repeated key in a map (`persona_emotions`, `goals`) and rejects one in a struct: a key given twice is an
/// error everywhere, naming the object's JSON path and the key. Syntax errors are left to the full parse,
/// which reports them with their path.
fn check_duplicate_keys(text: &str) -> Result<()> {
    use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
    use std::collections::HashSet;
    use std::fmt;

    /// A value at a JSON path; on a duplicate key it leaves the path of the object in `found`.
    struct Walk<'a> {
        path: String,
        found: &'a mut Option<(String, String)>,
    }

    impl<'de> DeserializeSeed<'de> for Walk<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
            de.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Walk<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut i = 0usize;
            while seq
                .next_element_seed(Walk { path: format!("{}[{i}]", self.path), found: &mut *self.found })?
                .is_some()
            {
                i += 1;
            }
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut keys: HashSet<String> = HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if keys.contains(&key) {
                    *self.found = Some((self.path.clone(), key.clone()));
                    return Err(A::Error::custom(format!(
                        "duplicate key \"{key}\", expected each key once in an object"
                    )));
                }
                let path = if self.path.is_empty() { key.clone() } else { format!("{}.{key}", self.path) };
                map.next_value_seed(Walk { path, found: &mut *self.found })?;
                keys.insert(key);
            }
            Ok(())
        }
    }

    let mut found = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let walked = Walk { path: String::new(), found: &mut found }.deserialize(&mut de);
    match (walked, found) {
        (Err(e), Some((path, _key))) => Err(json_error(path, e)),
        // Any other error is the full parse's to report.
        _ => Ok(()),
    }
}

/// Looks at `schema_version` first, so a document of another version gets a version error rather than a
/// confusing shape error.
fn check_version(text: &str) -> Result<()> {
    #[derive(Deserialize)]
    struct Probe {
        schema_version: Option<serde_json::Value>,
    }
    // A document that is not even an object is reported by the full parse, with its position.
    let Ok(probe) = serde_json::from_str::<Probe>(text) else { return Ok(()) };
    version(probe.schema_version.as_ref())
}

/// A document's `schema_version`, given or missing, checked against the version this library reads.
fn version(found: Option<&serde_json::Value>) -> Result<()> {
    match found {
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(u64::from(SCHEMA_VERSION)) => Ok(()),
        // `null` is read as missing, as serde reads an optional field.
        Some(serde_json::Value::Null) | None => {
            Err(Error::SchemaVersion { found: "missing".into(), supported: SCHEMA_VERSION })
        }
        Some(other) => Err(Error::SchemaVersion { found: other.to_string(), supported: SCHEMA_VERSION }),
    }
}

impl Journey {
    /// Loads and validates a journey from JSON text.
    ///
    /// # Errors
    /// [`Error::Empty`], [`Error::TooLarge`], [`Error::SchemaVersion`], [`Error::Json`] (with the JSON path,
    /// line and column), and [`Error::Invalid`] with every problem of the map.
    pub fn from_json(text: &str) -> Result<Journey> {
        Journey::from_document(document_from_str(text)?)
    }

    /// Loads and validates a journey from a document given as a value tree (see [`document_from_value`]).
    ///
    /// # Errors
    /// [`Error::SchemaVersion`], [`Error::Shape`] (with the JSON path), and [`Error::Invalid`] with every
    /// problem of the map.
    pub fn from_value(value: serde_json::Value) -> Result<Journey> {
        Journey::from_document(document_from_value(value)?)
    }

    /// Loads a journey from JSON bytes, which must be UTF-8 (a byte order mark is skipped).
    ///
    /// # Errors
    /// [`Error::WrongEncoding`] naming the encoding of UTF-16 or UTF-32 bytes; [`Error::Encoding`] with the
    /// offset of the first bad byte; and those of [`Journey::from_json`].
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Journey> {
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(Error::TooLarge { size: bytes.len(), limit: MAX_DOCUMENT_BYTES });
        }
        Journey::from_json(text::utf8(bytes)?)
    }

    /// Loads a journey from a JSON file.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, and those of [`Journey::from_json_bytes`].
    pub fn load(path: impl AsRef<Path>) -> Result<Journey> {
        Journey::from_json_bytes(&read_file(path.as_ref())?)
    }

    /// The journey as pretty-printed JSON (two-space indent, fields in a fixed order), which
    /// [`Journey::from_json`] reads back to an equal journey.
    pub fn to_json(&self) -> String {
        document_to_json(&self.to_document())
    }

    /// Saves the journey as JSON.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be written.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.to_json() + "\n").map_err(|source| Error::Io { path: path.to_owned(), source })
    }
}

/// A document as pretty-printed JSON.
pub fn document_to_json(doc: &Document) -> String {
    // Serialising plain data with string keys to a String cannot fail; fall back to a compact form anyway.
    serde_json::to_string_pretty(doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    let size = usize::try_from(meta.len()).unwrap_or(usize::MAX);
    if size > MAX_DOCUMENT_BYTES {
        return Err(Error::TooLarge { size, limit: MAX_DOCUMENT_BYTES });
    }
    std::fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), source })
}

/// The JSON Schema of the journey file format, generated from the types, as pretty-printed JSON.
///
/// The same schema is committed as `journey-core/schema/journey.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Document);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
