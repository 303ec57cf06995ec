//! `journey.ScoringModel` and `journey.diff`: the core's scoring model behind a Python face, and the
//! comparison of two maps. Scores, gaps and the backlog are methods of `journey.Journey`.

use std::sync::OnceLock;

use journey_core::binding::Signature;
use journey_core::{Error, ScoringModel};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::call;
use crate::errors::{OrRaise, to_py_err};
use crate::journey::PyJourney;
use crate::records;

/// How scores, gaps and the backlog are computed: component weights, thresholds and defaults. Checked when
/// made, so a model that exists is a valid one.
#[pyclass(name = "ScoringModel", module = "journey", frozen, eq, skip_from_py_object)]
#[derive(Clone, PartialEq, Default)]
pub struct PyScoringModel {
    inner: ScoringModel,
}

impl From<ScoringModel> for PyScoringModel {
    fn from(inner: ScoringModel) -> Self {
        PyScoringModel { inner }
    }
}

impl From<PyScoringModel> for ScoringModel {
    fn from(m: PyScoringModel) -> Self {
        m.inner
    }
}

/// The core model of an optional `model` argument: the default one when it is None.
pub(crate) fn model_or_default(model: Option<&PyScoringModel>) -> ScoringModel {
    model.map(|m| m.inner.clone()).unwrap_or_default()
}

/// A core value from a Python argument; a mismatch is an `ArgumentError` named by the JSON path of the
/// mismatch (`weights.pain`), or by `name` when the whole value is wrong.
pub(crate) fn argument<T: DeserializeOwned>(py: Python<'_>, name: &str, value: &Bound<'_, PyAny>) -> PyResult<T> {
    records::from_py(value).map_err(|(path, message)| {
        let name = if path.is_empty() { name.to_owned() } else { path };
        to_py_err(py, Error::Argument { name, message })
    })
}

/// The fields of `value` that differ from `default`, looking one level into nested objects.
fn changed(value: Value, default: &Value) -> serde_json::Map<String, Value> {
    let Value::Object(fields) = value else { return serde_json::Map::new() };
    let mut out = serde_json::Map::new();
    for (key, v) in fields {
        let d = &default[key.as_str()];
        if &v == d {
            continue;
        }
        let v = match (v, d) {
            (v @ Value::Object(_), Value::Object(_)) => Value::Object(changed(v, d)),
            (v, _) => v,
        };
        out.insert(key, v);
    }
    out
}

/// The fields of the core's model, the keyword arguments of `ScoringModel(...)`.
fn model_fields() -> &'static [String] {
    static FIELDS: OnceLock<Vec<String>> = OnceLock::new();
    FIELDS.get_or_init(|| match serde_json::to_value(ScoringModel::default()) {
        Ok(Value::Object(fields)) => fields.keys().cloned().collect(),
        _ => Vec::new(),
    })
}

#[pymethods]
impl PyScoringModel {
    /// A model from keyword arguments shaped like the core struct (`weights={"pain": 2}`,
    /// `thresholds={"drop_off": 0.4}`, `default_share=0.3`); what is not given takes the default.
    ///
    /// The arguments are bound by the core's rule ([`crate::call`]): a positional argument or a keyword that
    /// is not a field of the model is an `ArgumentTypeError`; a value out of its domain an `ArgumentError`
    /// named `ScoringModel: weights.pain`.
    #[new]
    #[pyo3(signature = (*args, **fields), text_signature = "(**fields)")]
    fn new(py: Python<'_>, args: &Bound<'_, PyTuple>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let names: Vec<&str> = model_fields().iter().map(String::as_str).collect();
        let signature = Signature::new("ScoringModel", &names, 0).by_name_only();
        let values = call::given(&signature, args, fields)?;
        let given = PyDict::new(py);
        for (name, value) in names.iter().zip(values) {
            if let Some(value) = value {
                given.set_item(name, value)?;
            }
        }
        let named = |(path, message): (String, String)| {
            let name = if path.is_empty() { "fields".to_owned() } else { path };
            to_py_err(py, call::named_after(&signature, Error::Argument { name, message }))
        };
        let inner: ScoringModel = records::from_py(given.as_any()).map_err(named)?;
        inner.check().map_err(|e| to_py_err(py, call::named_after(&signature, e)))?;
        Ok(Self { inner })
    }

    /// The default model.
    #[staticmethod]
    fn default() -> Self {
        Self::from(ScoringModel::default())
    }

    /// Component weights by name: emotion, satisfaction, completion, effort, pain.
    #[getter]
    fn weights<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner.weights)?)
    }

    /// Gap and backlog thresholds by name.
    #[getter]
    fn thresholds<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner.thresholds)?)
    }

    #[getter]
    fn default_share(&self) -> f64 {
        self.inner.default_share
    }

    #[getter]
    fn evidence_target(&self) -> u32 {
        self.inner.evidence_target
    }

    #[getter]
    fn default_effort(&self) -> f64 {
        self.inner.default_effort
    }

    #[getter]
    fn default_reach(&self) -> f64 {
        self.inner.default_reach
    }

    /// How the journey score weighs its stages: "equal" or "customers".
    #[getter]
    fn stage_weighting<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner.stage_weighting)?)
    }

    /// With "customers" weighting, the largest share of the journey's score one stage may carry.
    #[getter]
    fn max_stage_share(&self) -> f64 {
        self.inner.max_stage_share
    }

    /// Every field as a dict; `ScoringModel(**m.to_dict())` is the same model.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner)?)
    }

    /// The fields that differ from the default, as keyword arguments: `ScoringModel(weights={'pain': 2.0})`.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let to_value = |m: &ScoringModel| serde_json::to_value(m).map_err(|e| PyRuntimeError::new_err(e.to_string()));
        let fields = changed(to_value(&self.inner)?, &to_value(&ScoringModel::default())?);
        let mut shown = Vec::with_capacity(fields.len());
        for (key, value) in &fields {
            shown.push(format!("{key}={}", pythonize::pythonize(py, value)?.repr()?));
        }
        Ok(format!("ScoringModel({})", shown.join(", ")))
    }

    /// Pickles as its keyword arguments.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let partial = py.import("functools")?.getattr("partial")?;
        let kwargs = self.to_dict(py)?.cast_into::<PyDict>()?;
        let make = partial.call((py.get_type::<PyScoringModel>(),), Some(&kwargs))?;
        PyTuple::new(py, [make, PyTuple::empty(py).into_any()])
    }
}

/// What differs between two maps, by id; scores use `model` (the default when None).
#[pyfunction]
#[pyo3(signature = (a, b, model = None))]
pub(crate) fn diff<'py>(
    py: Python<'py>,
    a: PyRef<'py, PyJourney>,
    b: PyRef<'py, PyJourney>,
    model: Option<PyRef<'py, PyScoringModel>>,
) -> PyResult<Bound<'py, PyAny>> {
    let model = model_or_default(model.as_deref());
    let (a, b) = (a.inner(), b.inner());
    let d = py.detach(|| journey_core::diff(a, b, &model)).or_raise(py)?;
    records::result(py, "JourneyDiff", &d)
}

/// `as_of` of the gap analysis: a `datetime.date` or `"YYYY-MM-DD"`, today when None.
/// A `datetime.datetime` counts as its date.
pub(crate) fn as_of<T: DeserializeOwned>(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<T> {
    let datetime = py.import("datetime")?;
    let value = match value {
        Some(v) if v.is_instance(&datetime.getattr("datetime")?)? => v.call_method0("date")?,
        Some(v) if !v.is_none() => v.clone(),
        _ => datetime.getattr("date")?.call_method0("today")?,
    };
    records::from_py(&value).map_err(|(_, message)| {
        let shown = value.repr().map(|r| r.to_string()).unwrap_or_else(|_| "?".into());
        let message = format!("{shown} is not a date ({message}), expected a datetime.date or \"YYYY-MM-DD\"");
        to_py_err(py, Error::Argument { name: "as_of".into(), message })
    })
}
