//! Python bindings of journey: the native module `journey._journey`.
//!
//! Thin by design: every type wraps a core type, data crosses with pythonize, and core errors become
//! Python exceptions in one place ([`errors`]). The hand-written package around it lives in
//! `python/journey/`.

mod analytics;
mod builder;
mod call;
mod errors;
mod journey;
mod partial;
mod records;
mod render;
mod scoring;
mod what_if;
mod words;

use pyo3::prelude::*;

/// The JSON Schema of the journey file format, as pretty-printed JSON.
#[pyfunction]
fn json_schema() -> String {
    journey_core::io::json_schema()
}

/// The JSON Schema of a validation problem (private: the records read their fields from it).
#[pyfunction]
fn _problem_schema() -> PyResult<String> {
    let schema = schemars::schema_for!(journey_core::Problem);
    serde_json::to_string(&schema).map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))
}

/// The journey error (kind `argument`) for an argument that a call could not convert: raised by
/// `journey._guard`, which maps the interpreter's own `TypeError`s and `OverflowError`s of a native call.
/// With `type_error`, an `ArgumentTypeError` (also a `TypeError`).
#[pyfunction]
#[pyo3(signature = (name, message, type_error = false))]
fn _argument_error(
    py: Python<'_>,
    name: &str,
    message: &str,
    type_error: bool,
) -> Py<pyo3::exceptions::PyBaseException> {
    let error = if type_error {
        errors::type_error(py, name, message)
    } else {
        errors::to_py_err(py, journey_core::Error::Argument { name: name.to_owned(), message: message.to_owned() })
    };
    error.into_value(py)
}

/// The journey error (kind `encoding`) for a `str` argument holding a lone surrogate at `index`.
#[pyfunction]
fn _not_unicode(py: Python<'_>, name: &str, index: usize) -> Py<pyo3::exceptions::PyBaseException> {
    errors::to_py_err(py, journey_core::Error::NotUnicode { name: name.to_owned(), index }).into_value(py)
}

/// The native module.
#[pymodule]
fn _journey(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<journey::PyJourney>()?;
    m.add_class::<builder::PyJourneyBuilder>()?;
    m.add_class::<scoring::PyScoringModel>()?;
    m.add_class::<analytics::PyEventLog>()?;
    m.add_class::<analytics::PyVariants>()?;
    m.add_class::<partial::PyPartial>()?;
    m.add_class::<partial::PyCompareInputs>()?;
    m.add_function(wrap_pyfunction!(partial::merge_partials, m)?)?;
    m.add_function(wrap_pyfunction!(scoring::diff, m)?)?;
    m.add_function(wrap_pyfunction!(json_schema, m)?)?;
    m.add_function(wrap_pyfunction!(_problem_schema, m)?)?;
    m.add_function(wrap_pyfunction!(_argument_error, m)?)?;
    m.add_function(wrap_pyfunction!(_not_unicode, m)?)?;
    m.add_function(wrap_pyfunction!(call::_bind, m)?)?;
    m.add_function(wrap_pyfunction!(call::_wrong_type, m)?)?;
    m.add_function(wrap_pyfunction!(call::_check_fields, m)?)?;
    m.add_function(wrap_pyfunction!(call::_no_constructor, m)?)?;
    m.add_function(wrap_pyfunction!(what_if::_what_if, m)?)?;
    m.add_function(wrap_pyfunction!(analytics::_event_columns, m)?)?;
    m.add_function(wrap_pyfunction!(analytics::_paths_sankey_svg, m)?)?;
    m.add_function(wrap_pyfunction!(analytics::_time_to_convert_svg, m)?)?;
    m.add_function(wrap_pyfunction!(words::format_count, m)?)?;
    m.add_function(wrap_pyfunction!(words::plural, m)?)?;
    m.add_function(wrap_pyfunction!(words::format_number, m)?)?;
    m.add_function(wrap_pyfunction!(words::format_signed, m)?)?;
    m.add_function(wrap_pyfunction!(words::format_percent, m)?)?;
    m.add_function(wrap_pyfunction!(words::format_money, m)?)?;
    m.add_function(wrap_pyfunction!(words::format_quantity, m)?)?;
    m.add_function(wrap_pyfunction!(words::format_p_value, m)?)?;
    m.add_function(wrap_pyfunction!(words::format_duration, m)?)?;
    m.add("SCHEMA_VERSION", journey_core::SCHEMA_VERSION)?;
    m.add("ERROR_KINDS", pyo3::types::PyTuple::new(py, journey_core::ErrorKind::NAMES)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    for (name, class) in errors::exceptions(py)?.named() {
        m.add(name, class.clone_ref(py))?;
    }
    Ok(())
}
