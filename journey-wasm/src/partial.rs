//! `JourneyPartial`: the partial results of analyses over one part of the customers, as bytes and back,
//! merged and finished into the results of the in-memory methods (`Partial` in Rust and Python; named
//! `JourneyPartial` here so that it does not hide TypeScript's own `Partial<T>`). The rules are the
//! core's; this converts.

use journey_core::Error;
use journey_core::analytics::{Analysis, CompareInputs, Finding, Partial, Request, merge_all};
use wasm_bindgen::prelude::*;

use crate::analytics::{comparison_options, hand_partial, journey_of, partial_in};
use crate::convert::{json_text, to_js, type_name};
use crate::error::{JsResult, argument};
use crate::options::camel_case;

#[wasm_bindgen(typescript_custom_section)]
const TS_PARTIALS: &'static str = r#"
/**
 * The analyses of `EventLog.partial`, by name (`discover`, `dfg`, `funnel`, `stage_funnel`, `attribution`, `markov`,
 * `conformance`, `loops`, `compare`, or `kind:label`), each with its options as the in-memory method takes
 * them (camelCase: `{ steps, strict, withinDays }` for a funnel, `AttributionOptions` for `attribution` and
 * `markov`), a map as `map` (a `Journey`); `{}`, `null` or `undefined` for none.
 */
export type PartialAnalyses = Record<string, Record<string, unknown> | null | undefined>;
/** What `JourneyPartial.finish()` gives for each analysis: what the in-memory method returns. */
export type PartialResult = Discovery | Dfg | Funnel | Attribution | Conformance | Loops | CompareInputs;
/** The results of `JourneyPartial.finish()`, by analysis name. */
export type PartialResults = Record<string, PartialResult>;
"#;

/// snake_case of a camelCase option (`withinDays` to `within_days`).
fn snake_case(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The core's error with the option it names spelt as JavaScript writes it (`analyses["funnel"].withinDays`).
fn camel_error(e: Error) -> Error {
    match e {
        Error::Argument { name, message } => match name.rsplit_once("].") {
            Some((head, field)) => Error::Argument { name: format!("{head}].{}", camel_case(field)), message },
            None => Error::Argument { name, message },
        },
        e => e,
    }
}

/// The request of `EventLog.partial`'s `analyses`.
pub(crate) fn request_of(analyses: &JsValue) -> Result<Request, Error> {
    if !analyses.is_object() || js_sys::Array::is_array(analyses) {
        return Err(argument(
            "analyses",
            format!("expected an object of analysis names to options, found {}", type_name(analyses)),
        ));
    }
    let object: &js_sys::Object = analyses.unchecked_ref();
    let mut request = Request::new();
    for entry in js_sys::Object::entries(object).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        let value = pair.get(1);
        let place = format!("analyses[{}]", serde_json::Value::from(key.as_str()));
        let mut journey = None;
        let options = if value.is_undefined() || value.is_null() {
            serde_json::Value::Null
        } else {
            if !value.is_object() || js_sys::Array::is_array(&value) {
                return Err(argument(place, format!("expected an object of options, found {}", type_name(&value))));
            }
            let map = js_sys::Reflect::get(&value, &JsValue::from_str("map")).unwrap_or(JsValue::UNDEFINED);
            let mut own: &[&str] = &[];
            // A Journey instance; a plain object is read by the core as the map's JSON document.
            if !map.is_undefined()
                && !map.is_null()
                && let Ok(j) = journey_of(&map, &format!("{place}.map"))
            {
                journey = Some(j);
                own = &["map"];
            }
            let tree = read_plain(&value, &place, own)?;
            serde_json::Value::Object(tree.into_iter().map(|(k, v)| (snake_case(&k), v)).collect())
        };
        let analysis = Analysis::from_options(&key, options, journey).map_err(camel_error)?;
        request = request.with(key, analysis);
    }
    Ok(request)
}

/// An object of options as a JSON tree, leaving out the keys the binding read itself (a class instance
/// under them is not JSON).
fn read_plain(value: &JsValue, place: &str, own: &[&str]) -> Result<serde_json::Map<String, serde_json::Value>, Error> {
    let plain = if own.is_empty() {
        value.clone()
    } else {
        let copy = js_sys::Object::assign(&js_sys::Object::new(), value.unchecked_ref());
        for k in own {
            let _ = js_sys::Reflect::delete_property(&copy, &JsValue::from_str(k));
        }
        copy.into()
    };
    let text = json_text(&plain).map_err(|message| argument(place, message))?;
    serde_json::from_str(&text).map_err(|e| argument(place, e.to_string()))
}

/// A `JourneyPartial`, or the bytes of one (a `Uint8Array`).
fn partial_of(value: &JsValue, name: &str) -> Result<Partial, Error> {
    if let Some(p) = partial_in(value, name)? {
        return Ok(p);
    }
    if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Partial::from_bytes(&bytes.to_vec());
    }
    Err(argument(name, format!("expected a JourneyPartial or its bytes (Uint8Array), found {}", type_name(value))))
}

/// The partial results of some analyses over one part of the customers (`EventLog.partial`): `toBytes`
/// writes them (`JRNYPART`, the format version, the body), `JourneyPartial.fromBytes` reads them back,
/// `merge` and `mergePartials` add the partials of other customers, `finish` gives the results of the
/// in-memory methods.
#[wasm_bindgen]
pub struct JourneyPartial {
    inner: Partial,
}

impl From<Partial> for JourneyPartial {
    fn from(inner: Partial) -> Self {
        JourneyPartial { inner }
    }
}

#[wasm_bindgen]
impl JourneyPartial {
    /// Not made by calling it: throws kind `argument` naming the ways to make one.
    #[wasm_bindgen(constructor)]
    pub fn no_constructor() -> JsResult<JourneyPartial> {
        let makers = ["EventLog.partial", "JourneyPartial.fromBytes", "mergePartials"];
        Err(journey_core::binding::no_constructor("JourneyPartial", &makers).into())
    }

    /// Internal: hands a copy of this partial to the function that called this.
    #[wasm_bindgen(js_name = __partialHandOff, skip_typescript)]
    pub fn hand_off(&self) {
        hand_partial(&self.inner);
    }

    /// The partial as bytes.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> JsResult<Vec<u8>> {
        Ok(self.inner.to_bytes()?)
    }

    /// Reads a partial written by `toBytes`. Throws kind `partial` for bytes that are not one (another
    /// magic, another format version, truncated or corrupted), `argument` for a value that is not a
    /// `Uint8Array`.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(#[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue) -> JsResult<JourneyPartial> {
        let Some(bytes) = bytes.dyn_ref::<js_sys::Uint8Array>() else {
            return Err(argument("bytes", format!("expected a Uint8Array, found {}", type_name(&bytes))).into());
        };
        Ok(Partial::from_bytes(&bytes.to_vec())?.into())
    }

    /// This partial merged with the partial of other customers (a `JourneyPartial` or its bytes), as a
    /// new `JourneyPartial`. Throws kind `argument` for partials of different analyses.
    pub fn merge(
        &self,
        #[wasm_bindgen(unchecked_param_type = "JourneyPartial | Uint8Array")] other: JsValue,
    ) -> JsResult<JourneyPartial> {
        let other = partial_of(&other, "other")?;
        Ok(self.inner.clone().merged(other)?.into())
    }

    /// The finished results, by analysis name: what the in-memory method returns for each (a
    /// `Discovery`, `Funnel`, `Attribution`, `Conformance`, `Loops`, and for `compare` a `CompareInputs`).
    /// Throws kind `not_found` for a strict funnel's step that no part met, `duplicate` for a customer
    /// found in two parts (conformance keeps the ids), `too_large` for a Markov chain past the limits.
    #[wasm_bindgen(unchecked_return_type = "PartialResults")]
    pub fn finish(&self) -> JsResult<JsValue> {
        let finished = self.inner.finish()?;
        let out = js_sys::Object::new();
        for (key, finding) in finished.results {
            let value = match finding {
                Finding::Discovery(d) => to_js(&d)?,
                Finding::Dfg(d) => to_js(&d)?,
                Finding::Funnel(f) => to_js(&f)?,
                Finding::Attribution(a) => to_js(&a)?,
                Finding::Conformance(c) => to_js(&c)?,
                Finding::Loops(l) => to_js(&l)?,
                Finding::Compare(c) => JsValue::from(JourneyCompareInputs { inner: *c }),
                _ => JsValue::UNDEFINED,
            };
            let _ = js_sys::Reflect::set(&out, &JsValue::from_str(&key), &value);
        }
        Ok(out.into())
    }

    /// The analysis names, sorted.
    #[wasm_bindgen(getter)]
    pub fn analyses(&self) -> Vec<String> {
        self.inner.request().analyses.keys().cloned().collect()
    }

    /// Customers the partial is over.
    #[wasm_bindgen(getter)]
    pub fn customers(&self) -> f64 {
        self.inner.customers() as f64
    }

    /// Events the partial is over.
    #[wasm_bindgen(getter)]
    pub fn events(&self) -> f64 {
        self.inner.events() as f64
    }
}

/// Merges partials (each a `JourneyPartial` or its bytes) as a balanced tree. Throws kind `argument` for
/// no partials or partials of different analyses, `partial` for bytes that are not one.
#[wasm_bindgen(js_name = mergePartials)]
pub fn merge_partials(
    #[wasm_bindgen(unchecked_param_type = "Iterable<JourneyPartial | Uint8Array>")] partials: JsValue,
) -> JsResult<JourneyPartial> {
    let Ok(Some(iter)) = js_sys::try_iter(&partials) else {
        return Err(argument(
            "partials",
            format!("expected an array of JourneyPartial or Uint8Array, found {}", type_name(&partials)),
        )
        .into());
    };
    let mut all = Vec::new();
    for (i, item) in iter.enumerate() {
        let item = item.map_err(|_| argument("partials", "could not be iterated"))?;
        all.push(partial_of(&item, &format!("partials[{i}]"))?);
    }
    Ok(merge_all(all)?.into())
}

/// The figures of one log that a comparison puts side by side, finished from partials (`compare`).
#[wasm_bindgen(js_name = CompareInputs)]
pub struct JourneyCompareInputs {
    inner: CompareInputs,
}

#[wasm_bindgen(js_class = CompareInputs)]
impl JourneyCompareInputs {
    /// Not made by calling it: `JourneyPartial.finish()` makes them.
    #[wasm_bindgen(constructor)]
    pub fn no_constructor() -> JsResult<JourneyCompareInputs> {
        Err(journey_core::binding::no_constructor("CompareInputs", &["JourneyPartial.finish"]).into())
    }

    /// These figures (a) against another log's (b), as `EventLog.compare` gives them; `options` as there
    /// (`funnel` must be the funnel both counted).
    #[wasm_bindgen(unchecked_return_type = "Comparison")]
    pub fn compare(
        &self,
        other: &JourneyCompareInputs,
        #[wasm_bindgen(unchecked_optional_param_type = "ComparisonOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let (read, journey) = comparison_options(&options)?;
        Ok(to_js(&self.inner.compare(&other.inner, journey.as_ref(), &read)?)?)
    }
}
