//! The one place where core errors become JavaScript exceptions.

use journey_core::{Error, ErrorColumn};
use serde::Serialize;
use wasm_bindgen::JsValue;

/// A core error on its way out to JavaScript, where it is thrown as an `Error` whose `message` is the
/// core error's text, with a `kind` property ([`Error::kind`]), the fields of its location
/// ([`Error::location`]: `path`, `line`, `column`, `row`, each only when the error has it) and, for kind
/// `invalid`, a `problems` array.
#[derive(Debug)]
pub struct Thrown(pub Error);

impl From<Error> for Thrown {
    fn from(e: Error) -> Self {
        Thrown(e)
    }
}

/// The result of every exported function that can fail.
pub type JsResult<T> = Result<T, Thrown>;

impl From<Thrown> for JsValue {
    fn from(Thrown(e): Thrown) -> Self {
        let error = js_sys::Error::new(&e.to_string());
        error.set_name("JourneyError");
        set(&error, "kind", &JsValue::from_str(e.kind().as_str()));
        let location = e.location();
        if let Some(path) = &location.path {
            set(&error, "path", &JsValue::from_str(path));
        }
        // Lines, columns and rows are far below 2^53, so a JavaScript number holds them exactly.
        if let Some(line) = location.line {
            set(&error, "line", &JsValue::from_f64(line as f64));
        }
        match &location.column {
            Some(ErrorColumn::Number(n)) => set(&error, "column", &JsValue::from_f64(*n as f64)),
            Some(ErrorColumn::Name(name)) => set(&error, "column", &JsValue::from_str(name)),
            _ => {}
        }
        if let Some(row) = location.row {
            set(&error, "row", &JsValue::from_f64(row as f64));
        }
        if let Error::Invalid(problems) = &e {
            // Problems are plain strings; serialising them cannot fail, and if it did the error would
            // still carry its message and kind.
            if let Ok(list) = problems.0.serialize(&serde_wasm_bindgen::Serializer::json_compatible()) {
                set(&error, "problems", &list);
            }
        }
        error.into()
    }
}

fn set(target: &js_sys::Error, key: &str, value: &JsValue) {
    // Setting a property on a fresh Error object does not fail.
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// An [`Error::Argument`] for an argument (or a part of one) named `name`.
pub(crate) fn argument(name: impl Into<String>, message: impl Into<String>) -> Error {
    Error::Argument { name: name.into(), message: message.into() }
}
