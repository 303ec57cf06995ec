//! The one place where core errors become JavaScript exceptions.

use journey_core::Error;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// A core error on its way out to JavaScript, where it is thrown as an `Error` whose `message` is the
/// core error's text, with a `kind` property ([`Error::kind`]) and, for kind `invalid`, a `problems` array.
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
