//! Data across the boundary: JavaScript values in, plain JSON-shaped objects out.

use journey_core::binding::with_spelling_hint;
use journey_core::io::MAX_DOCUMENT_BYTES;
use journey_core::{Document, Error};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::error::argument;

/// Reads a JavaScript value shaped like the JSON file format into a core type.
///
/// The value goes through `JSON.stringify` and serde_json rather than straight through
/// serde-wasm-bindgen, because serde-wasm-bindgen reads only the fields a struct knows (so a misspelt
/// field would be dropped silently instead of rejected as in files) and walks cyclic or very deep objects
/// until the stack overflows, which kills the instance. `JSON.stringify` throws a catchable error for those,
/// and serde_json limits nesting.
///
/// # Errors
/// [`Error::Argument`] named after the argument and the JSON path of the part at fault;
/// [`Error::TooLarge`] when the value's JSON form is larger than the loaders read.
pub(crate) fn from_js<T: DeserializeOwned>(value: &JsValue, name: &str) -> Result<T, Error> {
    let text = json_text(value).map_err(|message| argument(name, message))?;
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::TooLarge { size: text.len(), limit: MAX_DOCUMENT_BYTES });
    }
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let message = with_spelling_hint(strip_position(e.into_inner().to_string()));
        let name = if path.is_empty() || path == "." { name.to_owned() } else { format!("{name}.{path}") };
        argument(name, message)
    })
}

/// Reads a JavaScript object shaped like the JSON file as a journey document, through the core's
/// [`journey_core::io::document_from_value`], so that a document of the wrong shape reads as in Python: kind
/// `json`, with its JSON path. A value that cannot be written as JSON (a cycle, a BigInt) is an
/// [`Error::Shape`] at the top level.
///
/// # Errors
/// [`Error::Shape`], [`Error::SchemaVersion`], [`Error::TooLarge`].
pub(crate) fn document_from_js(value: &JsValue) -> Result<Document, Error> {
    let shape = |message: String| Error::Shape { path: String::new(), message };
    let text = json_text(value).map_err(shape)?;
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::TooLarge { size: text.len(), limit: MAX_DOCUMENT_BYTES });
    }
    let tree = serde_json::from_str(&text).map_err(|e| shape(strip_position(e.to_string())))?;
    journey_core::io::document_from_value(tree)
}

/// The JSON text of a value (see [`to_json_text`]), or the message saying why it has none.
pub(crate) fn json_text(value: &JsValue) -> Result<String, String> {
    match to_json_text(value) {
        Ok(Some(text)) => Ok(text),
        Err(Failure::Js(e)) => Err(format!("cannot be read as JSON: {}", exception_message(&e))),
        Err(Failure::Json(e)) => Err(strip_position(e.to_string())),
        // `JSON.stringify` gives `undefined` for undefined, functions and symbols.
        Ok(None) => Err(format!("expected a value, found {}", type_name(value))),
    }
}

/// `JSON.stringify` with the non-finite numbers kept visible.
///
/// `JSON.stringify` writes NaN and the infinities as `null`, which a field that may be empty would read as
/// "not given". When the text has a `null` (rarely), the value is written again with a replacer that turns
/// them into strings (`"NaN"`), which are then rejected, with their path, where a number is expected. The
/// replacer is a Rust closure; the first pass, plain JavaScript, has already refused cycles and deep values
/// (and serde_json checks the depth), so the second pass cannot overflow the stack inside a call into wasm.
///
/// Gives `None` for undefined, functions and symbols; the JavaScript exception for cycles, BigInts and
/// values too deep for the engine.
fn to_json_text(value: &JsValue) -> Result<Option<String>, Failure> {
    let Some(text) = js_sys::JSON::stringify(value).map_err(Failure::Js)?.as_string() else { return Ok(None) };
    if !text.contains("null") {
        return Ok(Some(text));
    }
    serde_json::from_str::<serde::de::IgnoredAny>(&text).map_err(Failure::Json)?;
    let replacer =
        Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(|_key: JsValue, v: JsValue| match v.as_f64() {
            Some(n) if n.is_nan() => JsValue::from_str("NaN"),
            Some(n) if n.is_infinite() => JsValue::from_str(if n > 0.0 { "Infinity" } else { "-Infinity" }),
            _ => v,
        });
    let text = js_sys::JSON::stringify_with_replacer(value, replacer.as_ref()).map_err(Failure::Js)?;
    Ok(text.as_string())
}

/// Why a value could not be written as JSON text.
enum Failure {
    Js(JsValue),
    Json(serde_json::Error),
}

/// The text of a JavaScript string, `None` for any other value.
///
/// # Errors
/// [`Error::NotUnicode`] naming the argument when the string holds a lone surrogate, which the way into
/// Rust would otherwise replace with U+FFFD without a word.
pub(crate) fn js_text(value: &JsValue, name: &str) -> Result<Option<String>, Error> {
    let Some(s) = value.dyn_ref::<js_sys::JsString>() else { return Ok(None) };
    if !s.is_valid_utf16() {
        let index = char::decode_utf16(s.iter()).position(|c| c.is_err()).unwrap_or(0);
        return Err(Error::NotUnicode { name: name.to_owned(), index });
    }
    Ok(s.as_string())
}

/// A string argument; other types are rejected rather than coerced.
///
/// # Errors
/// [`Error::Argument`] when the value is not a string; [`Error::NotUnicode`] for a lone surrogate.
pub(crate) fn string_arg(value: &JsValue, name: &str) -> Result<String, Error> {
    js_text(value, name)?.ok_or_else(|| argument(name, format!("expected a string, found {}", type_name(value))))
}

/// Writes a value as a plain JavaScript object shaped like the JSON file format.
///
/// # Errors
/// [`Error::Argument`] in the rare case a value has no JavaScript form (an integer above 2^53).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| argument("result", format!("cannot be converted to a JavaScript value: {e}")))
}

/// What a value is, for messages: `null`, `array`, or its `typeof`.
pub(crate) fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_owned()
    } else if js_sys::Array::is_array(value) {
        "array".to_owned()
    } else {
        value.js_typeof().as_string().unwrap_or_else(|| "unknown".to_owned())
    }
}

/// serde_json appends " at line L column C", which refers to the stringified text, not to anything the
/// caller wrote.
pub(crate) fn strip_position(mut message: String) -> String {
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    message
}

fn exception_message(e: &JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => e.as_string().unwrap_or_else(|| "unknown error".to_owned()),
    }
}

/// An optional string argument: `undefined` and `null` mean "not given".
pub(crate) fn optional_string(value: &JsValue, name: &str) -> Result<Option<String>, Error> {
    if value.is_undefined() || value.is_null() { Ok(None) } else { Ok(Some(string_arg(value, name)?)) }
}
