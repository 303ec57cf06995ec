//! `EventLog.what_if` (attached to the class by the package, see `journey/_what_if.py`): conversions and
//! value before and after changes to what customers do, from the core's absorbing Markov chain.

use journey_core::Error;
use journey_core::analytics::WhatIfChange;
use pyo3::prelude::*;

use crate::analytics::PyEventLog;
use crate::errors::{OrRaise, to_py_err};
use crate::records;

/// The what-if of `log` for `changes` (a list of dicts such as `{"change": "completion", "touchpoint":
/// "cart", "completion": 0.9}`), as a `journey.WhatIf`.
#[pyfunction]
pub(crate) fn _what_if<'py>(
    py: Python<'py>,
    log: PyRef<'py, PyEventLog>,
    changes: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let changes: Vec<WhatIfChange> = records::from_py(changes).map_err(|(path, message)| {
        let name = if path.is_empty() { "changes".to_owned() } else { format!("changes{path}") };
        to_py_err(py, Error::Argument { name, message })
    })?;
    let log = log.inner();
    let result = py.detach(|| log.what_if(&changes)).or_raise(py)?;
    py.import("journey._what_if")?.getattr("WhatIf")?.call_method1("_from_data", (pythonize::pythonize(py, &result)?,))
}
