//! Arguments of the pictures (poster options, lanes, size) from Python values, and the small pieces the
//! picture methods of `journey.Journey` and `journey.EventLog` share.

use std::path::PathBuf;

use journey_core::Error;
use journey_core::render::{Lanes, PageOptions, PosterSize, SvgOptions};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyString};
use serde_json::Value;

use crate::errors::{OrRaise, to_py_err};
use crate::records;
use crate::scoring::argument;

fn argument_error(py: Python<'_>, name: &str, message: String) -> PyErr {
    to_py_err(py, Error::Argument { name: name.into(), message })
}

/// The lanes to draw: None for all of them, a dict of lane names to booleans (those not named stay on), or
/// a list (any iterable) of the lane names to draw, the others off.
fn lanes(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<Lanes> {
    let Some(value) = value.filter(|v| !v.is_none()) else { return Ok(Lanes::default()) };
    if value.is_instance_of::<PyDict>() {
        return argument(py, "lanes", value);
    }
    let expected = "expected a dict of lane names to booleans or a list of lane names";
    if value.is_instance_of::<PyString>() {
        return Err(argument_error(py, "lanes", format!("a str, {expected}")));
    }
    let Ok(Value::Object(all)) = serde_json::to_value(Lanes::default()) else {
        return Err(argument_error(py, "lanes", "the lanes have no names".into()));
    };
    let names: Vec<String> = all.keys().cloned().collect();
    let mut chosen: serde_json::Map<String, Value> = names.iter().map(|k| (k.clone(), Value::Bool(false))).collect();
    let items = value.try_iter().map_err(|_| {
        let type_name = value.get_type().qualname().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
        argument_error(py, "lanes", format!("a {type_name}, {expected}"))
    })?;
    for item in items {
        let item = item?;
        let name: String = item.extract().map_err(|_| argument_error(py, "lanes", format!("{item}: {expected}")))?;
        if !chosen.contains_key(&name) {
            return Err(argument_error(
                py,
                "lanes",
                format!("unknown lane \"{name}\", expected one of {}", names.join(", ")),
            ));
        }
        chosen.insert(name, Value::Bool(true));
    }
    serde_json::from_value(Value::Object(chosen)).map_err(|e| argument_error(py, "lanes", e.to_string()))
}

/// The poster options from the keyword arguments of `to_svg`.
pub(crate) fn svg_options(
    py: Python<'_>,
    persona: Option<String>,
    lanes_value: Option<&Bound<'_, PyAny>>,
    size: &str,
) -> PyResult<SvgOptions> {
    let size: PosterSize = size.parse().or_raise(py)?;
    Ok(SvgOptions { persona, lanes: lanes(py, lanes_value)?, size })
}

/// A `journey.Svg` holding SVG text.
pub(crate) fn svg_object(py: Python<'_>, text: String) -> PyResult<Bound<'_, PyAny>> {
    records::results_module(py)?.getattr("Svg")?.call1((text,))
}

/// Writes text or bytes to a file; a failure is a `JourneyIOError` naming the file.
pub(crate) fn write_file(py: Python<'_>, path: PathBuf, data: impl AsRef<[u8]> + Send) -> PyResult<()> {
    py.detach(|| std::fs::write(&path, data).map_err(|source| Error::Io { path, source })).map_err(|e| to_py_err(py, e))
}

/// The page options of the PDF and PNG methods: the page size's name, the PNG's dots per inch and the font
/// files (a list of bytes or of paths, read here).
pub(crate) fn page_options(
    py: Python<'_>,
    page: &str,
    dpi: f64,
    fonts: Option<&Bound<'_, PyAny>>,
) -> PyResult<PageOptions> {
    let page = page.parse().or_raise(py)?;
    let mut files = Vec::new();
    if let Some(fonts) = fonts.filter(|f| !f.is_none()) {
        let expected = "expected a list of font files as bytes or paths";
        if fonts.is_instance_of::<PyString>() || fonts.is_instance_of::<PyBytes>() {
            return Err(argument_error(py, "fonts", format!("one value, {expected}")));
        }
        let items = fonts.try_iter().map_err(|_| argument_error(py, "fonts", format!("not a list, {expected}")))?;
        for (i, item) in items.enumerate() {
            let item = item?;
            if let Ok(b) = item.cast::<PyBytes>() {
                files.push(b.as_bytes().to_vec());
            } else if let Ok(b) = item.cast::<PyByteArray>() {
                files.push(b.to_vec());
            } else if let Ok(path) = item.extract::<PathBuf>() {
                let data = py.detach(|| std::fs::read(&path).map_err(|source| Error::Io { path, source }));
                files.push(data.map_err(|e| to_py_err(py, e))?);
            } else {
                let type_name = item.get_type().qualname().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
                return Err(argument_error(py, &format!("fonts[{i}]"), format!("a {type_name}, {expected}")));
            }
        }
    }
    Ok(PageOptions { page, dpi, fonts: files })
}
