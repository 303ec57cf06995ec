//! `journey.Partial`: the partial results of analyses over one part of the customers, as bytes and back,
//! merged and finished into the result objects of the in-memory methods. The rules are the core's
//! (`journey_core::analytics::partial`); this converts.

use journey_core::analytics::{Analysis, CompareInputs, CompareOptions, Finding, Partial, Request};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::analytics::{discovery_object, frame};
use crate::errors::{OrRaise, type_error};
use crate::journey::PyJourney;
use crate::records;

/// The request of `EventLog.partial`'s `analyses`: a mapping of str keys to dicts of options (or None),
/// a map given as a `Journey` under `"map"`.
pub(crate) fn request_of(py: Python<'_>, analyses: &Bound<'_, PyAny>) -> PyResult<Request> {
    let Ok(map) = analyses.cast::<pyo3::types::PyMapping>() else {
        let found = crate::call::type_name(analyses);
        return Err(type_error(
            py,
            "analyses",
            &format!("expected a dict of analysis names to options, found {found}"),
        ));
    };
    let mut request = Request::new();
    for item in map.items()?.iter() {
        let (key, options): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        if !key.is_instance_of::<PyString>() {
            let found = crate::call::type_name(&key);
            return Err(type_error(py, "analyses", &format!("expected analysis names (str), found {found}")));
        }
        let key: String = crate::errors::converted(&key, "analyses")?;
        let place = format!("analyses[{}]", serde_json::Value::from(key.as_str()));
        let mut journey = None;
        let options: serde_json::Value = if options.is_none() {
            serde_json::Value::Null
        } else {
            let Ok(dict) = options.cast::<PyDict>() else {
                let found = crate::call::type_name(&options);
                return Err(type_error(py, &place, &format!("expected a dict of options, found {found}")));
            };
            let dict = dict.copy()?;
            if let Some(m) = dict.get_item("map")?
                && let Ok(j) = m.cast::<PyJourney>()
            {
                journey = Some(j.borrow().inner().clone());
                dict.del_item("map")?;
            }
            pythonize::depythonize(dict.as_any()).map_err(|e| {
                crate::errors::to_py_err(
                    py,
                    journey_core::Error::Argument { name: place.clone(), message: e.to_string() },
                )
            })?
        };
        let analysis = Analysis::from_options(&key, options, journey).or_raise(py)?;
        request = request.with(key, analysis);
    }
    Ok(request)
}

/// The partial results of some analyses over one part of the customers (`EventLog.partial`): write them
/// with `to_bytes`, read them back with `Partial.from_bytes`, merge them with the partials of the other
/// customers (`merge`, `journey.merge_partials`) and `finish` them into the results of the in-memory
/// methods. Pickles as its bytes.
#[pyclass(name = "Partial", module = "journey", frozen, skip_from_py_object)]
pub struct PyPartial {
    inner: Partial,
}

impl From<Partial> for PyPartial {
    fn from(inner: Partial) -> Self {
        PyPartial { inner }
    }
}

/// A `Partial`, or the bytes of one.
fn partial_of(py: Python<'_>, item: &Bound<'_, PyAny>, name: &str) -> PyResult<Partial> {
    if let Ok(p) = item.cast::<PyPartial>() {
        return Ok(p.get().inner.clone());
    }
    if let Ok(b) = item.cast::<PyBytes>() {
        let bytes = b.as_bytes();
        return py.detach(|| Partial::from_bytes(bytes)).or_raise(py);
    }
    let found = crate::call::type_name(item);
    Err(type_error(py, name, &format!("expected a Partial or its bytes, found {found}")))
}

#[pymethods]
impl PyPartial {
    /// The partial as bytes (`JRNYPART`, the format version, the body; see docs/partials.md).
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = py.detach(|| self.inner.to_bytes()).or_raise(py)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Reads a partial written by `to_bytes`; raises `ParseError` (kind `partial`) for bytes that are not
    /// one.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        if !data.is_instance_of::<PyBytes>() {
            let found = crate::call::type_name(data);
            return Err(type_error(py, "data", &format!("expected bytes, found {found}")));
        }
        partial_of(py, data, "data").map(Self::from)
    }

    /// This partial merged with the partial of other customers, as a new `Partial`; raises `ArgumentError`
    /// for partials of different analyses.
    fn merge(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Self> {
        let other = partial_of(py, other, "other")?;
        let mine = self.inner.clone();
        py.detach(|| mine.merged(other)).or_raise(py).map(Self::from)
    }

    /// The finished results: a dict from each analysis name to what the in-memory method returns
    /// (`Discovery`, funnel and attribution data frames in `backend`, `Conformance`, `Loops`, and for
    /// `compare` a `CompareInputs`).
    #[pyo3(signature = (*, backend = "pandas"))]
    fn finish<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyDict>> {
        let finished = py.detach(|| self.inner.finish()).or_raise(py)?;
        let out = PyDict::new(py);
        for (key, finding) in finished.results {
            let value = match finding {
                Finding::Discovery(d) => discovery_object(py, d)?,
                Finding::Dfg(d) => records::result(py, "Dfg", &d)?,
                Finding::Funnel(f) => frame(py, "funnel", &f, backend)?,
                Finding::Attribution(a) => frame(py, "attribution", &a, backend)?,
                Finding::Conformance(c) => records::result(py, "Conformance", &c)?,
                Finding::Loops(l) => records::result(py, "Loops", &l)?,
                Finding::Compare(c) => Bound::new(py, PyCompareInputs { inner: *c })?.into_any(),
                _ => py.None().into_bound(py),
            };
            out.set_item(key, value)?;
        }
        Ok(out)
    }

    /// The analysis names of the request, sorted.
    #[getter]
    fn analyses(&self) -> Vec<String> {
        self.inner.request().analyses.keys().cloned().collect()
    }

    /// Customers the partial is over.
    #[getter]
    fn customers(&self) -> u64 {
        self.inner.customers()
    }

    /// Events the partial is over.
    #[getter]
    fn events(&self) -> u64 {
        self.inner.events()
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let from_bytes = py.get_type::<PyPartial>().getattr("from_bytes")?;
        Ok((from_bytes, (self.to_bytes(py)?,)))
    }

    fn __repr__(&self) -> String {
        format!(
            "Partial(analyses={:?}, customers={}, events={})",
            self.analyses(),
            self.inner.customers(),
            self.inner.events()
        )
    }
}

/// Merges partials (each a `Partial` or its bytes) as a balanced tree into one `Partial`.
#[pyfunction]
pub fn merge_partials(py: Python<'_>, partials: &Bound<'_, PyAny>) -> PyResult<PyPartial> {
    let mut all = Vec::new();
    let iter = partials.try_iter().map_err(|_| {
        let found = crate::call::type_name(partials);
        type_error(py, "partials", &format!("expected an iterable of Partial or bytes, found {found}"))
    })?;
    for (i, item) in iter.enumerate() {
        all.push(partial_of(py, &item?, &format!("partials[{i}]"))?);
    }
    py.detach(|| journey_core::analytics::merge_all(all)).or_raise(py).map(PyPartial::from)
}

/// The figures of one log that a comparison puts side by side, finished from partials (the `compare`
/// analysis): `compare` them with those of another log.
#[pyclass(name = "CompareInputs", module = "journey", frozen, skip_from_py_object)]
pub struct PyCompareInputs {
    inner: CompareInputs,
}

#[pymethods]
impl PyCompareInputs {
    /// These figures (a) against another log's (b), as `EventLog.compare` gives them for the two logs; the
    /// keyword options are those of `EventLog.compare` (`alpha`, `min_change`, `funnel`, `names`), and
    /// `funnel` must be the funnel both counted.
    #[pyo3(signature = (other, journey = None, **options))]
    fn compare<'py>(
        &self,
        py: Python<'py>,
        other: PyRef<'py, PyCompareInputs>,
        journey: Option<PyRef<'py, PyJourney>>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options: CompareOptions = match options {
            None => CompareOptions::default(),
            Some(o) => {
                let value: serde_json::Value = pythonize::depythonize(o.as_any()).map_err(|e| {
                    let message = e.to_string();
                    crate::errors::to_py_err(py, journey_core::Error::Argument { name: "options".into(), message })
                })?;
                journey_core::binding::read_value("options", value).or_raise(py)?
            }
        };
        let j = journey.as_ref().map(|j| j.inner());
        let other = &other.inner;
        let c = py.detach(|| self.inner.compare(other, j, &options)).or_raise(py)?;
        records::result(py, "Comparison", &c)
    }

    fn __repr__(&self) -> String {
        format!("CompareInputs(customers={}, events={})", self.inner.discovery.customers, self.inner.discovery.events)
    }
}
