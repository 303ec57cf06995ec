//! Python bindings of journey: the native module `journey._journey`.
//!
//! Thin by design: every type wraps a core type, data crosses with pythonize, and core errors become
//! Python exceptions in one place ([`errors`]). The hand-written package around it lives in
//! `python/journey/`.

mod analytics;
mod arrow;
mod builder;
mod errors;
mod journey;
mod records;
mod render;
mod scoring;

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

/// The native module.
#[pymodule]
fn _journey(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<journey::PyJourney>()?;
    m.add_class::<builder::PyJourneyBuilder>()?;
    m.add_class::<scoring::PyScoringModel>()?;
    m.add_class::<analytics::PyEventLog>()?;
    m.add_class::<analytics::PyVariants>()?;
    m.add_function(wrap_pyfunction!(scoring::diff, m)?)?;
    m.add_function(wrap_pyfunction!(json_schema, m)?)?;
    m.add_function(wrap_pyfunction!(_problem_schema, m)?)?;
    m.add("SCHEMA_VERSION", journey_core::SCHEMA_VERSION)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    for (name, class) in errors::exceptions(py)?.named() {
        m.add(name, class.clone_ref(py))?;
    }
    Ok(())
}
