//! Data crossing the boundary: core values become the plain Python records of `journey._records`
//! (`Stage`, `Touchpoint`, ...) and results become the data classes of `journey._results` (`JourneyScore`,
//! `GapList`, ...) through pythonize; Python values become core values through [`from_py`].

use journey_core::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDate, PyDict, PyFloat, PyInt, PyList, PyModule, PyString, PyTuple};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::errors::to_py_err;

/// Record class names in `journey._records`.
pub(crate) const STAGE: &str = "Stage";
pub(crate) const TOUCHPOINT: &str = "Touchpoint";
pub(crate) const PERSONA: &str = "Persona";
pub(crate) const TRANSITION: &str = "Transition";
pub(crate) const PROBLEM: &str = "Problem";

static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
static RESULTS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let module = MODULE.get_or_try_init(py, || py.import("journey._records").map(Bound::unbind))?;
    module.bind(py).getattr(name)
}

/// One core value as a record of class `name`.
pub(crate) fn one<'py, T: Serialize>(py: Python<'py>, name: &str, value: &T) -> PyResult<Bound<'py, PyAny>> {
    class(py, name)?.call1((pythonize::pythonize(py, value)?,))
}

/// Core values as a list of records of class `name`.
pub(crate) fn many<'py, 'a, T: Serialize + 'a>(
    py: Python<'py>,
    name: &str,
    values: impl IntoIterator<Item = &'a T>,
) -> PyResult<Bound<'py, PyList>> {
    let class = class(py, name)?;
    let list = PyList::empty(py);
    for value in values {
        list.append(class.call1((pythonize::pythonize(py, value)?,))?)?;
    }
    Ok(list)
}

/// A core result as an instance of `journey._results.<name>`, made by its `_from_data` from the
/// pythonized value (which refuses fields it does not know, so the two cannot drift apart silently).
pub(crate) fn result<'py, T: Serialize>(py: Python<'py>, name: &str, value: &T) -> PyResult<Bound<'py, PyAny>> {
    results_module(py)?.getattr(name)?.call_method1("_from_data", (pythonize::pythonize(py, value)?,))
}

/// The module `journey._results`.
pub(crate) fn results_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    Ok(RESULTS.get_or_try_init(py, || py.import("journey._results").map(Bound::unbind))?.bind(py))
}

/// A core value from a Python value, with the JSON path of the first mismatch.
///
/// The value is first read strictly as JSON-like data (dicts with string keys, lists, tuples, str, int,
/// float, bool, None, and `datetime.date` as ISO text): a str where a list is expected is a type error, not
/// a list of characters, and NaN or infinity is refused with its path rather than read as "absent".
pub(crate) fn from_py<T: DeserializeOwned>(value: &Bound<'_, PyAny>) -> Result<T, (String, String)> {
    let json = to_value(value)?;
    serde_path_to_error::deserialize(json).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        (path, e.into_inner().to_string())
    })
}

/// A Python value read strictly as JSON-like data (see [`from_py`]), or the JSON path and message of the
/// first part that is not.
pub(crate) fn to_value(value: &Bound<'_, PyAny>) -> Result<Value, (String, String)> {
    to_json(value, String::new(), 0)
}

/// Deeper than this, a value is refused rather than walked (the file format nests a few levels only).
const MAX_DEPTH: usize = 64;

fn to_json(value: &Bound<'_, PyAny>, path: String, depth: usize) -> Result<Value, (String, String)> {
    let fail = |path: &str, message: String| Err((path.to_owned(), message));
    if depth > MAX_DEPTH {
        return fail(&path, format!("nested deeper than {MAX_DEPTH} levels"));
    }
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = value.cast::<PyInt>() {
        if let Ok(n) = i.extract::<i64>() {
            return Ok(Value::from(n));
        }
        if let Ok(n) = i.extract::<u64>() {
            return Ok(Value::from(n));
        }
        return fail(&path, format!("integer {i} is too large"));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        let x = f.value();
        return match serde_json::Number::from_f64(x) {
            Some(n) => Ok(Value::Number(n)),
            None => fail(&path, format!("{x} is not a finite number")),
        };
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Value::String(s.extract::<String>().map_err(|e| (path.clone(), e.to_string()))?));
    }
    if let Ok(d) = value.cast::<PyDict>() {
        let mut map = serde_json::Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let Ok(key) = k.cast::<PyString>() else {
                return fail(&path, format!("dict key {k} is not a str"));
            };
            let key = key.extract::<String>().map_err(|e| (path.clone(), e.to_string()))?;
            let at = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            map.insert(key, to_json(&v, at, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, v) in value.try_iter().map_err(|e| (path.clone(), e.to_string()))?.enumerate() {
            let v = v.map_err(|e| (path.clone(), e.to_string()))?;
            items.push(to_json(&v, format!("{path}[{i}]"), depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    if value.is_instance_of::<PyDate>() {
        let text = value.call_method0("isoformat").and_then(|t| t.extract::<String>());
        return text.map(Value::String).map_err(|e| (path.clone(), e.to_string()));
    }
    let type_name = value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".into());
    fail(
        &path,
        format!("a value of type {type_name} is not supported, expected a dict, list, str, number, bool or None"),
    )
}

/// A core value from keyword arguments of a builder method: a mismatch is an `ArgumentError` naming what
/// was being added (`touchpoint "ad": pain_points[0].severity: ...`).
pub(crate) fn from_fields<T: DeserializeOwned>(py: Python<'_>, what: &str, value: &Bound<'_, PyAny>) -> PyResult<T> {
    from_py(value).map_err(|(path, message)| {
        let name = if path.is_empty() { what.to_owned() } else { format!("{what}: {path}") };
        to_py_err(py, Error::Argument { name, message })
    })
}
