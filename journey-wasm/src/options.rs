//! Options in: one reader for every options object of the JavaScript API.
//!
//! Options are camelCase in JavaScript (`asOf`, `minChange`) and snake_case in the core's option structs
//! (`as_of`, `min_change`), which Python and Rust use as they are. [`read_options`] reads a JavaScript
//! object into any core options type: each key of the object's top level is the camelCase spelling of one
//! of the type's fields (found from the type itself, so no list is kept by hand), and is translated once,
//! here; what lies below a key is read as it is, because it is either data shaped like the JSON file (a
//! scoring model) or options whose keys are one word (`svg.lanes.flow`). Every message about an option,
//! the reader's and those of the core's checks after it ([`name_options`]), names the key the caller
//! writes: ``options.as_of: unknown field `as_of`, expected one of `svg`, `model`, `asOf`, `top`, `spend`,
//! `pathsAnchor`; did you mean `asOf`?``, `options.minChange: 2 is not a number in 0..=1`.

use journey_core::Error;
use journey_core::binding::{hint_unknown, with_spelling_hint};
use journey_core::io::MAX_DOCUMENT_BYTES;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use wasm_bindgen::prelude::*;

use crate::convert::{json_text, strip_position, type_name};
use crate::error::argument;

/// Reads an object of options named `name` into the core options type `T`; `undefined` and `null` mean
/// "none given", the defaults.
///
/// # Errors
/// [`Error::Argument`] for a value that is not a plain object, or for an option that is unknown (with the
/// name it may have meant: `asOf` for `as_of`), of the wrong type or out of range, named by its path
/// (`options.asOf`, `options.model.weights.pian`); [`Error::TooLarge`] for an object larger than the
/// loaders read.
pub(crate) fn read_options<T: Default + DeserializeOwned>(value: &JsValue, name: &str) -> Result<T, Error> {
    read_options_with(value, name, &[])
}

/// [`read_options`] for an object that also has keys the binding reads itself (`own`, such as `journey` or
/// `onProgress`: class instances and functions, not data): they are known keys, left out here.
///
/// # Errors
/// As [`read_options`].
pub(crate) fn read_options_with<T: Default + DeserializeOwned>(
    value: &JsValue,
    name: &str,
    own: &[&str],
) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(argument(name, format!("expected an object, found {}", type_name(value))));
    }
    let fields = fields_of::<T>();
    let keys: Vec<String> = fields.iter().map(|f| camel_case(f)).chain(own.iter().map(|k| (*k).to_owned())).collect();
    let object: &js_sys::Object = value.unchecked_ref();
    let mut copy: Option<js_sys::Object> = None;
    for key in js_sys::Object::keys::<JsValue>(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if own.contains(&key.as_str()) {
            // The binding's own keys (functions, class instances) are not written as JSON.
            let plain = copy.get_or_insert_with(|| js_sys::Object::assign(&js_sys::Object::new(), object));
            let _ = js_sys::Reflect::delete_property(plain, &JsValue::from_str(&key));
        } else if !keys.contains(&key) {
            let message = format!("unknown field `{key}`, expected {}", expected(&keys));
            return Err(argument(
                format!("{name}.{key}"),
                hint_unknown(message, &key, keys.iter().map(String::as_str)),
            ));
        }
    }
    let plain: JsValue = copy.map_or_else(|| value.clone(), JsValue::from);
    let text = json_text(&plain).map_err(|message| argument(name, message))?;
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::TooLarge { size: text.len(), limit: MAX_DOCUMENT_BYTES });
    }
    let mut tree: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).map_err(|e| argument(name, strip_position(e.to_string())))?;
    // Each camelCase key onto the field it spells (all of them known: checked above).
    for field in fields {
        if let Some(v) = tree.remove(&camel_case(field)) {
            tree.insert((*field).to_owned(), v);
        }
    }
    serde_path_to_error::deserialize(serde_json::Value::Object(tree)).map_err(|e| {
        let path = e.path().to_string();
        argument(option_path(name, &path, fields), with_spelling_hint(e.into_inner().to_string()))
    })
}

/// Reads one object of options named `name` that holds the fields of two core options types (the
/// attribution's and the bootstrap's, `{ model, resamples }`) into both; a key is known when either type
/// has it, or is one of the binding's `own` (as for [`read_options_with`]).
///
/// # Errors
/// As [`read_options`].
pub(crate) fn read_options_pair<A, B>(value: &JsValue, name: &str, own: &[&str]) -> Result<(A, B), Error>
where
    A: Default + DeserializeOwned,
    B: Default + DeserializeOwned,
{
    let keys = |fields: &[&str]| fields.iter().map(|f| camel_case(f)).collect::<Vec<String>>();
    let (of_a, of_b) = (keys(fields_of::<A>()), keys(fields_of::<B>()));
    let (mut not_a, mut not_b): (Vec<&str>, Vec<&str>) =
        (of_b.iter().map(String::as_str).collect(), of_a.iter().map(String::as_str).collect());
    not_a.extend_from_slice(own);
    not_b.extend_from_slice(own);
    let a = read_options_with(value, name, &not_a)?;
    let b = read_options_with(value, name, &not_b)?;
    Ok((a, b))
}

/// An error of the core's checks of options read by [`read_options`] from the object `name`, with an
/// [`Error::Argument`] named after a field of `T` (`min_change`, `names[0]`, `first + last`) named as the
/// caller wrote it (`options.minChange`, `options.names[0]`, `options.first + options.last`); other errors
/// as they are.
pub(crate) fn name_options<T: DeserializeOwned>(error: Error, name: &str) -> Error {
    match error {
        Error::Argument { name: field, message } => {
            let fields = fields_of::<T>();
            let parts: Vec<&str> = field.split(" + ").collect();
            let of_options = |part: &str| fields.iter().any(|f| part.strip_prefix(f).is_some_and(continues_path));
            let field = if parts.iter().all(|p| of_options(p)) {
                parts.iter().map(|p| option_path(name, p, fields)).collect::<Vec<_>>().join(" + ")
            } else {
                field
            };
            Error::Argument { name: field, message }
        }
        e => e,
    }
}

/// Whether `rest`, what follows a field's name in a path, ends the name: nothing, `.inner` or `[0]`.
fn continues_path(rest: &str) -> bool {
    rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
}

/// The name of the option at `path` (a path of the core's field names, `as_of`, `names[1]`,
/// `svg.lanes.flwo`) in the object `name`, with its first part in camelCase: `options.asOf`.
fn option_path(name: &str, path: &str, fields: &[&str]) -> String {
    if path.is_empty() || path == "." {
        return name.to_owned();
    }
    match fields.iter().find(|f| path.strip_prefix(**f).is_some_and(continues_path)) {
        Some(field) => format!("{name}.{}{}", camel_case(field), &path[field.len()..]),
        None => format!("{name}.{path}"),
    }
}

/// `as_of` as `asOf`: each letter after an underscore upper-cased, the underscores left out.
pub(crate) fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The keys an object takes, for messages as serde writes them: `` `a` ``, `` one of `a`, `b` ``.
fn expected(keys: &[String]) -> String {
    match keys {
        [] => "no options".to_owned(),
        [one] => format!("`{one}`"),
        _ => format!("one of {}", keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")),
    }
}

/// The names of the fields of a struct that derives `Deserialize`, in the order it declares them, as
/// serde gives them to a deserializer; none for a type that is not such a struct.
fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    // The deserializer only records the fields and fails, so the value is never made.
    let _ = T::deserialize(Fields(&mut fields));
    fields
}

/// A deserializer that records the field names a struct asks for and reads nothing.
struct Fields<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for Fields<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("fields recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default, deny_unknown_fields)]
    #[allow(dead_code)]
    struct Example {
        as_of: Option<String>,
        min_change: f64,
        names: Vec<String>,
    }

    #[test]
    fn finds_the_fields_and_spells_them_in_camel_case() {
        assert_eq!(fields_of::<Example>(), ["as_of", "min_change", "names"]);
        assert_eq!(fields_of::<u32>(), [] as [&str; 0]);
        assert_eq!(camel_case("half_life_days"), "halfLifeDays");
        assert_eq!(camel_case("top"), "top");
    }

    #[test]
    fn names_the_options_of_the_core_checks_in_camel_case() {
        let check = |field: &str| match name_options::<Example>(argument(field, "bad"), "options") {
            Error::Argument { name, .. } => name,
            e => e.to_string(),
        };
        assert_eq!(check("min_change"), "options.minChange");
        assert_eq!(check("names[1]"), "options.names[1]");
        assert_eq!(check("as_of + min_change"), "options.asOf + options.minChange");
        // Not an option of these: as it is.
        assert_eq!(check("model"), "model");
        assert_eq!(check("min_changes"), "min_changes");
        assert_eq!(option_path("options", "as_of", fields_of::<Example>()), "options.asOf");
        assert_eq!(option_path("options", "", fields_of::<Example>()), "options");
    }
}
