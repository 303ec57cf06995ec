//! `journey.JourneyBuilder`: the core [`journey_core::JourneyBuilder`], used by its `&mut` steps; keyword
//! arguments are the fields of the JSON file, converted to the core's parts.

use journey_core::binding::Signature;
use journey_core::{Error, Journey, Persona, Stage, Touchpoint, Transition};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};
use serde::de::DeserializeOwned;

use crate::call;
use crate::errors::{OrRaise, converted, to_py_err};
use crate::journey::PyJourney;
use crate::records;

/// Builds a journey piece by piece; `build()` checks everything at once.
#[pyclass(name = "JourneyBuilder", module = "journey", skip_from_py_object)]
#[derive(Clone)]
pub struct PyJourneyBuilder {
    inner: journey_core::JourneyBuilder,
}

impl From<journey_core::JourneyBuilder> for PyJourneyBuilder {
    fn from(inner: journey_core::JourneyBuilder) -> Self {
        PyJourneyBuilder { inner }
    }
}

impl From<PyJourneyBuilder> for journey_core::JourneyBuilder {
    fn from(b: PyJourneyBuilder) -> Self {
        b.inner
    }
}

impl PyJourneyBuilder {
    pub(crate) fn create(id: String, name: String, standard_stages: bool) -> Self {
        let mut inner = Journey::builder(id, name);
        if standard_stages {
            inner.add_standard_stages();
        }
        inner.into()
    }
}

/// A part from its required fields and the keyword arguments, as the JSON file has them.
fn part<'py, T: DeserializeOwned>(
    py: Python<'py>,
    label: &str,
    required: &[(&str, &str)],
    fields: Option<&Bound<'py, PyDict>>,
) -> PyResult<T> {
    let dict = PyDict::new(py);
    for (key, value) in required {
        dict.set_item(key, value)?;
    }
    if let Some(fields) = fields {
        for (key, value) in fields.iter() {
            let key_text = key.cast::<PyString>()?.to_cow()?;
            if required.iter().any(|(k, _)| *k == key_text) {
                let message = format!("\"{key_text}\" is given twice");
                return Err(to_py_err(py, Error::Argument { name: label.into(), message }));
            }
            dict.set_item(key, value)?;
        }
    }
    records::from_fields(py, label, dict.as_any())
}

#[pymethods]
impl PyJourneyBuilder {
    /// `JourneyBuilder(id, name, standard_stages=None)`. The arguments are bound by the core's rule
    /// ([`crate::call`]), so a mistake in them is an `ArgumentTypeError` naming the class.
    #[new]
    #[pyo3(signature = (*args, **kwargs), text_signature = "(id, name, standard_stages=None)")]
    fn new(args: &Bound<'_, PyTuple>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let signature = Signature::new("JourneyBuilder", &["id", "name", "standard_stages"], 2);
        let [id, name, standard_stages] = call::bind(&signature, args, kwargs)?;
        let standard_stages =
            !standard_stages.is_none() && converted::<bool>(&standard_stages, &signature.argument("standard_stages"))?;
        let id = converted(&id, &signature.argument("id"))?;
        Ok(Self::create(id, converted(&name, &signature.argument("name"))?, standard_stages))
    }

    /// Sets the description.
    fn description(mut slf: PyRefMut<'_, Self>, text: String) -> PyRefMut<'_, Self> {
        slf.inner.set_description(text);
        slf
    }

    /// Sets what the map describes: current_state, future_state, day_in_the_life, service_blueprint.
    fn kind<'py>(mut slf: PyRefMut<'py, Self>, k: &str) -> PyResult<PyRefMut<'py, Self>> {
        let kind = k.parse().or_raise(slf.py())?;
        slf.inner.set_kind(kind);
        Ok(slf)
    }

    /// Sets the currency of outcome values (an ISO 4217 code such as `EUR`, or a symbol such as `€`);
    /// `build` checks it.
    fn currency<'py>(mut slf: PyRefMut<'py, Self>, code: &str) -> PyRefMut<'py, Self> {
        slf.inner.set_currency(code);
        slf
    }

    /// Sets the date of the last review, `YYYY-MM-DD`.
    fn reviewed_on<'py>(mut slf: PyRefMut<'py, Self>, date: &str) -> PyResult<PyRefMut<'py, Self>> {
        let py = slf.py();
        slf.inner.set_reviewed_on_str(date).or_raise(py)?;
        Ok(slf)
    }

    /// Adds a stage after the ones added so far.
    #[pyo3(signature = (id, name, **fields))]
    fn stage<'py>(
        mut slf: PyRefMut<'py, Self>,
        id: &str,
        name: &str,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let stage: Stage = part(slf.py(), &format!("stage \"{id}\""), &[("id", id), ("name", name)], fields)?;
        slf.inner.add_stage(stage);
        Ok(slf)
    }

    /// Adds a persona.
    #[pyo3(signature = (id, name, **fields))]
    fn persona<'py>(
        mut slf: PyRefMut<'py, Self>,
        id: &str,
        name: &str,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let persona: Persona = part(slf.py(), &format!("persona \"{id}\""), &[("id", id), ("name", name)], fields)?;
        slf.inner.add_persona(persona);
        Ok(slf)
    }

    /// Adds a touchpoint.
    #[pyo3(signature = (id, name, stage, channel, **fields))]
    fn touchpoint<'py>(
        mut slf: PyRefMut<'py, Self>,
        id: &str,
        name: &str,
        stage: &str,
        channel: &str,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let required = [("id", id), ("name", name), ("stage", stage), ("channel", channel)];
        let touchpoint: Touchpoint = part(slf.py(), &format!("touchpoint \"{id}\""), &required, fields)?;
        slf.inner.add_touchpoint(touchpoint);
        Ok(slf)
    }

    /// Adds a transition between two touchpoints, by ids (expected unless `expected=False`).
    #[pyo3(signature = (from_, to, **fields))]
    fn transition<'py>(
        mut slf: PyRefMut<'py, Self>,
        from_: &str,
        to: &str,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let label = format!("transition \"{from_}->{to}\"");
        let transition: Transition = part(slf.py(), &label, &[("from", from_), ("to", to)], fields)?;
        slf.inner.add_transition(transition);
        Ok(slf)
    }

    /// Marks a touchpoint as an entry.
    fn entry(mut slf: PyRefMut<'_, Self>, id: String) -> PyRefMut<'_, Self> {
        slf.inner.add_entry(id);
        slf
    }

    /// Marks a touchpoint as a goal.
    fn goal(mut slf: PyRefMut<'_, Self>, id: String) -> PyRefMut<'_, Self> {
        slf.inner.add_goal(id);
        slf
    }

    /// Checks and builds the journey; raises ValidationError with every problem. The builder stays as it
    /// was, to be built again or added to.
    fn build(&self, py: Python<'_>) -> PyResult<PyJourney> {
        self.inner.build().or_raise(py).map(PyJourney::from)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let doc = self.inner.document();
        let id = PyString::new(py, &doc.id).repr()?;
        Ok(format!(
            "<JourneyBuilder {id} {} stages, {} touchpoints, {} transitions>",
            doc.stages.len(),
            doc.touchpoints.len(),
            doc.transitions.len()
        ))
    }
}
