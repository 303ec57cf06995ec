//! `journey.Journey`: a core [`Journey`] behind a Python face.

use std::path::PathBuf;

use journey_core::analytics::Discovery;
use journey_core::analytics::Spend;
use journey_core::render::{HtmlOptions, PageOptions, SvgOptions};
use journey_core::{Channel, Error, Journey};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::analytics::{self, PyEventLog};
use crate::builder::PyJourneyBuilder;
use crate::errors::{OrRaise, to_py_err};
use crate::records::{self, PERSONA, PROBLEM, STAGE, TOUCHPOINT, TRANSITION};
use crate::render;
use crate::scoring::{self, PyScoringModel};

/// A customer journey map: stages, touchpoints (nodes) and transitions (edges), personas, entries and goals.
/// Made by `Journey.load`, `Journey.from_json`, `Journey.from_dict`, `Journey.builder` or `JourneyBuilder`;
/// `Journey()` raises ArgumentTypeError saying so.
#[pyclass(name = "Journey", module = "journey", frozen, eq, skip_from_py_object)]
#[derive(Clone, PartialEq)]
pub struct PyJourney {
    inner: Journey,
}

impl From<Journey> for PyJourney {
    fn from(inner: Journey) -> Self {
        PyJourney { inner }
    }
}

impl From<PyJourney> for Journey {
    fn from(j: PyJourney) -> Self {
        j.inner
    }
}

/// Text given as `str` or as UTF-8 `bytes`/`bytearray`.
enum Text {
    Str(String),
    Bytes(Vec<u8>),
}

impl Text {
    fn extract(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Text> {
        if value.is_instance_of::<PyString>() {
            // A lone surrogate: an encoding error naming the argument and the place.
            return Ok(Text::Str(crate::errors::converted(value, name)?));
        }
        if let Ok(b) = value.cast::<PyBytes>() {
            return Ok(Text::Bytes(b.as_bytes().to_vec()));
        }
        if let Ok(b) = value.cast::<PyByteArray>() {
            return Ok(Text::Bytes(b.to_vec()));
        }
        let type_name = value.get_type().qualname().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
        Err(PyTypeError::new_err(format!("{name} must be str or bytes, not {type_name}")))
    }
}

impl PyJourney {
    /// The core journey.
    pub(crate) fn inner(&self) -> &Journey {
        &self.inner
    }

    fn touchpoints<'py, 'a>(
        py: Python<'py>,
        list: impl IntoIterator<Item = &'a journey_core::Touchpoint>,
    ) -> PyResult<Bound<'py, PyList>> {
        records::many(py, TOUCHPOINT, list)
    }
}

#[pymethods]
impl PyJourney {
    /// Loads and validates a journey from a JSON file.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        py.detach(|| Journey::load(&path)).or_raise(py).map(Self::from)
    }

    /// Loads and validates a journey from JSON text (`str`, or UTF-8 `bytes`).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let journey = match Text::extract(text, "text")? {
            Text::Str(s) => py.detach(|| Journey::from_json(&s)),
            Text::Bytes(b) => py.detach(|| Journey::from_json_bytes(&b)),
        };
        journey.or_raise(py).map(Self::from)
    }

    /// Builds and validates a journey from a dict shaped like the JSON file.
    #[staticmethod]
    fn from_dict(py: Python<'_>, d: &Bound<'_, PyAny>) -> PyResult<Self> {
        let value = records::to_value(d).map_err(|(path, message)| to_py_err(py, Error::Shape { path, message }))?;
        py.detach(|| Journey::from_value(value)).or_raise(py).map(Self::from)
    }

    /// Loads and validates a CSV sheet (one row per touchpoint). The id defaults to the file stem, the name
    /// to the stem with spaces.
    #[staticmethod]
    #[pyo3(signature = (path, id = None, name = None))]
    fn from_csv_sheet(py: Python<'_>, path: PathBuf, id: Option<String>, name: Option<String>) -> PyResult<Self> {
        let journey = py.detach(|| Journey::load_csv_sheet(&path)).or_raise(py)?;
        renamed(py, journey, id, name)
    }

    /// Reads and validates a worksheet of an Excel workbook laid out as a CSV sheet: `source` is a path
    /// (the id and name come from the file name unless given) or the workbook's `bytes` (then `id` and
    /// `name` are needed). `sheet` names the worksheet; the first one when None. Problems are reported at
    /// `sheet "Map", row N, column "col"` with the CSV sheet's messages.
    #[staticmethod]
    #[pyo3(signature = (source, id = None, name = None, sheet = None))]
    fn from_xlsx_sheet(
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
        id: Option<String>,
        name: Option<String>,
        sheet: Option<String>,
    ) -> PyResult<Self> {
        let bytes = match source.cast::<PyBytes>() {
            Ok(b) => Some(b.as_bytes().to_vec()),
            Err(_) => source.cast::<PyByteArray>().ok().map(|b| b.to_vec()),
        };
        let Some(bytes) = bytes else {
            let path: PathBuf = source.extract()?;
            let journey = py.detach(|| Journey::load_xlsx_worksheet(&path, sheet.as_deref())).or_raise(py)?;
            return renamed(py, journey, id, name);
        };
        let needed = |arg: &str| Error::Argument {
            name: arg.into(),
            message: "missing, expected the journey's id and name when the workbook is given as bytes".into(),
        };
        let (id, name) = match (id, name) {
            (Some(id), Some(name)) => (id, name),
            (None, _) => return Err(to_py_err(py, needed("id"))),
            (_, None) => return Err(to_py_err(py, needed("name"))),
        };
        let journey = py.detach(|| Journey::from_xlsx_worksheet(&bytes, sheet.as_deref(), &id, &name));
        journey.or_raise(py).map(Self::from)
    }

    /// Reads and validates a CSV sheet given as text (`str`, or UTF-8 `bytes`).
    #[staticmethod]
    fn from_csv_sheet_text(py: Python<'_>, text: &Bound<'_, PyAny>, id: &str, name: &str) -> PyResult<Self> {
        let journey = match Text::extract(text, "text")? {
            Text::Str(s) => py.detach(|| Journey::from_csv_sheet(&s, id, name)),
            Text::Bytes(b) => py.detach(|| Journey::from_csv_sheet_bytes(&b, id, name)),
        };
        journey.or_raise(py).map(Self::from)
    }

    /// A builder for a journey with an id and a name.
    #[staticmethod]
    fn builder(id: String, name: String) -> PyJourneyBuilder {
        PyJourneyBuilder::create(id, name, false)
    }

    /// A builder that already has the five standard stages.
    #[staticmethod]
    fn with_standard_stages(id: String, name: String) -> PyJourneyBuilder {
        PyJourneyBuilder::create(id, name, true)
    }

    /// The journey as pretty-printed JSON.
    fn to_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.inner.to_json())
    }

    /// The journey as a dict shaped like the JSON file.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner.to_document())?)
    }

    /// Saves the journey as a JSON file.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| self.inner.save(&path)).or_raise(py)
    }

    /// Every problem of the journey; empty when it is valid.
    fn validate<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        records::many(py, PROBLEM, &self.inner.validate())
    }

    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    #[getter]
    fn description(&self) -> Option<&str> {
        self.inner.description.as_deref()
    }

    #[getter]
    fn kind<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner.kind)?)
    }

    #[getter]
    fn reviewed_on(&self) -> Option<String> {
        self.inner.reviewed_on.map(|d| d.to_string())
    }

    /// The currency of outcome values (an ISO 4217 code such as ``EUR``, or a symbol such as ``€``), as the
    /// backlog's estimated effects, the attribution and the report write them; ``None`` writes plain numbers.
    #[getter]
    fn currency(&self) -> Option<&str> {
        self.inner.currency.as_deref()
    }

    /// A copy of the map with the currency of outcome values set (``None`` clears it). Raises ArgumentError
    /// naming ``currency`` for anything that is not an ISO 4217 code or a currency symbol.
    #[pyo3(signature = (currency))]
    fn with_currency(&self, py: Python<'_>, currency: Option<&str>) -> PyResult<PyJourney> {
        let mut j = self.inner.clone();
        j.set_currency(currency).or_raise(py)?;
        Ok(j.into())
    }

    #[getter]
    fn stages<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        records::many(py, STAGE, self.inner.stages())
    }

    #[getter(touchpoints)]
    fn all_touchpoints<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        Self::touchpoints(py, self.inner.touchpoints())
    }

    #[getter]
    fn personas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        records::many(py, PERSONA, self.inner.personas())
    }

    #[getter]
    fn transitions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        records::many(py, TRANSITION, self.inner.transitions())
    }

    #[getter]
    fn entries<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        Self::touchpoints(py, self.inner.entries())
    }

    #[getter]
    fn goals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        Self::touchpoints(py, self.inner.goals())
    }

    /// The touchpoint with this id, or None.
    fn touchpoint<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.touchpoint(id).map(|t| records::one(py, TOUCHPOINT, t)).transpose()
    }

    /// The stage with this id, or None.
    fn stage<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.stage(id).map(|s| records::one(py, STAGE, s)).transpose()
    }

    /// The persona with this id, or None.
    fn persona<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.persona(id).map(|p| records::one(py, PERSONA, p)).transpose()
    }

    /// The touchpoints of a stage, in order.
    fn stage_touchpoints<'py>(&self, py: Python<'py>, stage_id: &str) -> PyResult<Bound<'py, PyList>> {
        Self::touchpoints(py, self.inner.touchpoints_in_stage(stage_id).or_raise(py)?)
    }

    /// The touchpoints that serve a persona, in map order.
    fn persona_touchpoints<'py>(&self, py: Python<'py>, persona_id: &str) -> PyResult<Bound<'py, PyList>> {
        Self::touchpoints(py, self.inner.touchpoints_for_persona(persona_id).or_raise(py)?)
    }

    /// The touchpoints on a channel (`"web"`, `"other:kiosk"`), in map order.
    fn channel_touchpoints<'py>(&self, py: Python<'py>, channel: &str) -> PyResult<Bound<'py, PyList>> {
        let channel: Channel = channel.parse().map_err(|e: journey_core::UnknownChannel| {
            to_py_err(py, Error::Argument { name: "channel".into(), message: e.to_string() })
        })?;
        Self::touchpoints(py, self.inner.touchpoints_on_channel(&channel))
    }

    /// The touchpoints one transition away from this one.
    fn successors<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyList>> {
        Self::touchpoints(py, self.inner.successors(id).or_raise(py)?)
    }

    /// The touchpoints with a transition to this one.
    fn predecessors<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyList>> {
        Self::touchpoints(py, self.inner.predecessors(id).or_raise(py)?)
    }

    /// A shortest path from one touchpoint to another, both ends included, or None.
    fn path<'py>(&self, py: Python<'py>, from_id: &str, to_id: &str) -> PyResult<Option<Bound<'py, PyList>>> {
        self.inner.path(from_id, to_id).or_raise(py)?.map(|p| Self::touchpoints(py, p)).transpose()
    }

    /// Whether `to_id` can be reached from `from_id`.
    fn reaches(&self, py: Python<'_>, from_id: &str, to_id: &str) -> PyResult<bool> {
        self.inner.reaches(from_id, to_id).or_raise(py)
    }

    /// The role that applies to a touchpoint: "entry", "step" or "optional" (the file's, or by default an
    /// entry for the map's entries and a step otherwise).
    fn role(&self, py: Python<'_>, id: &str) -> PyResult<&'static str> {
        let role = self.inner.role(id).ok_or_else(|| self.inner.not_found("touchpoint", id));
        role.map(|r| r.as_str()).or_raise(py)
    }

    /// Scores (0–100, with their breakdown) of every touchpoint, stage and the journey; with `persona`,
    /// of that persona's journey only. `model` defaults to `ScoringModel.default()`.
    #[pyo3(signature = (model = None, persona = None))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        model: Option<PyRef<'py, PyScoringModel>>,
        persona: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let model = scoring::model_or_default(model.as_deref());
        let score = py
            .detach(|| match persona {
                Some(p) => self.inner.score_persona(&model, p),
                None => self.inner.score(&model),
            })
            .or_raise(py)?;
        records::result(py, "JourneyScore", &score)
    }

    /// The scores, gaps and backlog as an Excel workbook (worksheets "Scores", "Gaps" and "Backlog", each
    /// with its header frozen and an autofilter), as bytes; written to `path` too when given. `model` and
    /// `as_of` as for `gaps`; with `log`, its observations applied first and (with an outcome column) each
    /// backlog line's estimated effect.
    #[pyo3(signature = (path = None, model = None, as_of = None, log = None))]
    fn to_xlsx<'py>(
        &self,
        py: Python<'py>,
        path: Option<PathBuf>,
        model: Option<PyRef<'py, PyScoringModel>>,
        as_of: Option<&Bound<'py, PyAny>>,
        log: Option<PyRef<'py, PyEventLog>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let options = journey_core::XlsxOptions {
            model: scoring::model_or_default(model.as_deref()),
            as_of: Some(scoring::as_of(py, as_of)?),
        };
        let log = log.as_ref().map(|l| l.inner());
        let bytes = py
            .detach(|| match (&path, log) {
                (Some(path), Some(log)) => self.inner.save_xlsx_with_log(path, &options, log),
                (Some(path), None) => self.inner.save_xlsx(path, &options),
                (None, Some(log)) => self.inner.to_xlsx_with_log(&options, log),
                (None, None) => self.inner.to_xlsx(&options),
            })
            .or_raise(py)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Every gap of the map, most severe first. `as_of` (a `datetime.date` or `"YYYY-MM-DD"`, today when
    /// None) is the date the map's age is measured against.
    #[pyo3(signature = (model = None, as_of = None))]
    fn gaps<'py>(
        &self,
        py: Python<'py>,
        model: Option<PyRef<'py, PyScoringModel>>,
        as_of: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let model = scoring::model_or_default(model.as_deref());
        let as_of = scoring::as_of(py, as_of)?;
        let gaps = py.detach(|| self.inner.gaps(&model, Some(as_of))).or_raise(py)?;
        records::result(py, "GapList", &gaps)
    }

    /// Gaps, pain points and opportunities in one backlog, one line per problem, ranked by reach × impact
    /// × confidence × importance / 5 / effort. `as_of` as for `gaps`; with `log`, each line's estimated
    /// effect in conversions and value, and the lines the log shows to win conversions first, by
    /// `effect.priority` (conversions in place of reach); `ranked_by` says which rule ranked a line.
    #[pyo3(signature = (model = None, as_of = None, log = None))]
    fn prioritize<'py>(
        &self,
        py: Python<'py>,
        model: Option<PyRef<'py, PyScoringModel>>,
        as_of: Option<&Bound<'py, PyAny>>,
        log: Option<PyRef<'py, PyEventLog>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let model = scoring::model_or_default(model.as_deref());
        let as_of = scoring::as_of(py, as_of)?;
        let log = log.as_ref().map(|l| l.inner());
        let items = py
            .detach(|| match log {
                Some(log) => self.inner.prioritize_with_log(&model, Some(as_of), log),
                None => self.inner.prioritize(&model, Some(as_of)),
            })
            .or_raise(py)?;
        records::result(py, "Backlog", &items)
    }

    /// A new journey with observations applied: `observed` is a `Discovery` (from `EventLog.discover()`) or
    /// an `EventLog`, discovered first. Touchpoints get `metrics.entered` and `metrics.completed`, observed
    /// transitions their count, probability and durations; transitions the map lacks are added as not
    /// expected. This journey is not changed.
    fn apply(&self, py: Python<'_>, observed: &Bound<'_, PyAny>) -> PyResult<Self> {
        let discovery: Discovery = if let Ok(log) = observed.cast::<PyEventLog>() {
            let log = log.get().inner();
            py.detach(|| log.discover())
        } else if observed.is_instance(&records::results_module(py)?.getattr("Discovery")?)? {
            // The variants, when they are still with the core, are taken from there rather than through Python.
            let lazy = observed.getattr("_variants")?;
            match lazy.cast::<analytics::PyVariants>() {
                Ok(variants) => {
                    let mut d: Discovery = scoring::argument(py, "observed", &observed.getattr("_data")?)?;
                    d.variants = variants.get().inner.clone();
                    d
                }
                Err(_) => scoring::argument(py, "observed", &observed.call_method0("to_dict")?)?,
            }
        } else {
            let type_name = observed.get_type().qualname().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
            return Err(PyTypeError::new_err(format!("observed must be a Discovery or an EventLog, not {type_name}")));
        };
        let mut journey = self.inner.clone();
        py.detach(|| journey.apply(&discovery));
        Ok(journey.into())
    }

    /// The map as an SVG poster: stages as columns, lanes for touchpoints, actions, thoughts, what customers
    /// expect and say, the emotion curve, pain points, delights, observed flow and the backstage. `persona`
    /// draws that persona's map; `lanes` is a dict of lane names to booleans or a list of the lanes to draw;
    /// `size` is `"auto"`, `"a4_landscape"` or `"a3_landscape"`.
    #[pyo3(signature = (persona = None, lanes = None, size = "auto"))]
    fn to_svg(
        &self,
        py: Python<'_>,
        persona: Option<String>,
        lanes: Option<&Bound<'_, PyAny>>,
        size: &str,
    ) -> PyResult<String> {
        let options = render::svg_options(py, persona, lanes, size)?;
        py.detach(|| self.inner.to_svg(&options)).or_raise(py)
    }

    /// Saves the SVG poster to a file; arguments as for `to_svg`.
    #[pyo3(signature = (path, persona = None, lanes = None, size = "auto"))]
    fn save_svg(
        &self,
        py: Python<'_>,
        path: PathBuf,
        persona: Option<String>,
        lanes: Option<&Bound<'_, PyAny>>,
        size: &str,
    ) -> PyResult<()> {
        let svg = self.to_svg(py, persona, lanes, size)?;
        render::write_file(py, path, &svg)
    }

    /// The map as Mermaid `journey` text; with `persona`, that persona's touchpoints and emotions.
    #[pyo3(signature = (persona = None))]
    fn to_mermaid(&self, py: Python<'_>, persona: Option<&str>) -> PyResult<String> {
        self.inner.to_mermaid(persona).or_raise(py)
    }

    /// Reads Mermaid `journey` text into a map named `id`.
    #[staticmethod]
    #[pyo3(signature = (text, id = "journey"))]
    fn from_mermaid(py: Python<'_>, text: &str, id: &str) -> PyResult<Self> {
        py.detach(|| Journey::from_mermaid(text, id)).or_raise(py).map(Self::from)
    }

    /// The touchpoint graph as Graphviz DOT, a cluster per stage.
    fn to_dot(&self, py: Python<'_>) -> String {
        py.detach(|| self.inner.to_dot())
    }

    /// The map as one self-contained HTML report: summary, poster, what customers expect and say, scores
    /// with their breakdowns, gaps, backlog and, with an event log, the stage funnel, drop-off, attribution
    /// and conformance; with `spend` (touchpoint id to money, in the map's currency, which `spend_currency`
    /// must be when given) the cost per converting customer and ROAS of each; the paths around the touchpoint
    /// where most customers left are around each customer's first visit, or every visit with
    /// `paths_anchor="every"`.
    #[pyo3(signature = (log = None, as_of = None, model = None, persona = None, size = "auto", lanes = None,
        top = 20, spend = None, spend_currency = None, paths_anchor = "first"))]
    #[allow(clippy::too_many_arguments)]
    fn to_html<'py>(
        &self,
        py: Python<'py>,
        log: Option<PyRef<'py, PyEventLog>>,
        as_of: Option<&Bound<'py, PyAny>>,
        model: Option<PyRef<'py, PyScoringModel>>,
        persona: Option<String>,
        size: &str,
        lanes: Option<&Bound<'py, PyAny>>,
        top: usize,
        spend: Option<&Bound<'py, PyAny>>,
        spend_currency: Option<String>,
        paths_anchor: &str,
    ) -> PyResult<String> {
        let spend = (spend, spend_currency);
        let options = html_options(py, as_of, model, persona, size, lanes, top, spend, paths_anchor)?;
        let log = log.as_ref().map(|l| l.inner());
        py.detach(|| self.inner.to_html(&options, log)).or_raise(py)
    }

    /// The poster as a one-page PDF of `page` (`"screen"`, `"a4"`, `"a4_landscape"`, `"a3"`,
    /// `"a3_landscape"` or `"WIDTHxHEIGHT"` in millimetres), scaled to fit; `fonts` are font files (bytes or
    /// paths) for characters the bundled and the system's fonts lack.
    #[pyo3(signature = (persona = None, lanes = None, page = "screen", fonts = None))]
    fn poster_pdf<'py>(
        &self,
        py: Python<'py>,
        persona: Option<String>,
        lanes: Option<&Bound<'py, PyAny>>,
        page: &str,
        fonts: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        poster_bytes(py, &self.inner, persona, lanes, render::page_options(py, page, 96.0, fonts)?, Journey::poster_pdf)
    }

    /// Saves the poster's PDF to a file; arguments as for `poster_pdf`.
    #[pyo3(signature = (path, *args, **kwargs))]
    fn save_poster_pdf(
        slf: &Bound<'_, Self>,
        path: PathBuf,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        save_bytes(slf, "poster_pdf", path, args, kwargs)
    }

    /// The poster as a PNG of `page` (as for `poster_pdf`) at `dpi` pixels per inch, on white.
    #[pyo3(signature = (persona = None, lanes = None, page = "screen", dpi = 96.0, fonts = None))]
    fn poster_png<'py>(
        &self,
        py: Python<'py>,
        persona: Option<String>,
        lanes: Option<&Bound<'py, PyAny>>,
        page: &str,
        dpi: f64,
        fonts: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        poster_bytes(py, &self.inner, persona, lanes, render::page_options(py, page, dpi, fonts)?, Journey::poster_png)
    }

    /// Saves the poster's PNG to a file; arguments as for `poster_png`.
    #[pyo3(signature = (path, *args, **kwargs))]
    fn save_poster_png(
        slf: &Bound<'_, Self>,
        path: PathBuf,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        save_bytes(slf, "poster_png", path, args, kwargs)
    }

    /// The report as a PDF of `page` (A4 portrait for `screen`): the HTML report's content laid out on
    /// numbered pages, its charts in place under their headings; other arguments as for `to_html` and
    /// `poster_pdf`.
    #[pyo3(signature = (log = None, as_of = None, model = None, persona = None, lanes = None, top = 20,
        spend = None, spend_currency = None, page = "screen", fonts = None, paths_anchor = "first"))]
    #[allow(clippy::too_many_arguments)]
    fn report_pdf<'py>(
        &self,
        py: Python<'py>,
        log: Option<PyRef<'py, PyEventLog>>,
        as_of: Option<&Bound<'py, PyAny>>,
        model: Option<PyRef<'py, PyScoringModel>>,
        persona: Option<String>,
        lanes: Option<&Bound<'py, PyAny>>,
        top: usize,
        spend: Option<&Bound<'py, PyAny>>,
        spend_currency: Option<String>,
        page: &str,
        fonts: Option<&Bound<'py, PyAny>>,
        paths_anchor: &str,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let spend = (spend, spend_currency);
        let options = html_options(py, as_of, model, persona, "auto", lanes, top, spend, paths_anchor)?;
        let page = render::page_options(py, page, 96.0, fonts)?;
        let log = log.as_ref().map(|l| l.inner());
        let pdf = py.detach(|| self.inner.report_pdf(&options, log, &page)).or_raise(py)?;
        Ok(PyBytes::new(py, &pdf))
    }

    /// Saves the report's PDF to a file; arguments as for `report_pdf`.
    #[pyo3(signature = (path, *args, **kwargs))]
    fn save_report_pdf(
        slf: &Bound<'_, Self>,
        path: PathBuf,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        save_bytes(slf, "report_pdf", path, args, kwargs)
    }

    /// Saves the HTML report to a file; arguments as for `to_html`.
    #[pyo3(signature = (path, log = None, as_of = None, model = None, persona = None, size = "auto",
        lanes = None, top = 20, spend = None, spend_currency = None, paths_anchor = "first"))]
    #[allow(clippy::too_many_arguments)]
    fn save_html<'py>(
        &self,
        py: Python<'py>,
        path: PathBuf,
        log: Option<PyRef<'py, PyEventLog>>,
        as_of: Option<&Bound<'py, PyAny>>,
        model: Option<PyRef<'py, PyScoringModel>>,
        persona: Option<String>,
        size: &str,
        lanes: Option<&Bound<'py, PyAny>>,
        top: usize,
        spend: Option<&Bound<'py, PyAny>>,
        spend_currency: Option<String>,
        paths_anchor: &str,
    ) -> PyResult<()> {
        let html =
            self.to_html(py, log, as_of, model, persona, size, lanes, top, spend, spend_currency, paths_anchor)?;
        render::write_file(py, path, &html)
    }

    /// The poster, for Jupyter.
    fn _repr_svg_(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| self.inner.to_svg(&Default::default())).or_raise(py)
    }

    /// A one-line summary and the poster, for Jupyter; the full report is `to_html()`.
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| self.inner.to_card_html("to_html()")).or_raise(py)
    }

    fn __len__(&self) -> usize {
        self.inner.touchpoint_count()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let id = PyString::new(py, &self.inner.id).repr()?;
        Ok(format!(
            "<Journey {id} {} stages, {} touchpoints, {} transitions>",
            self.inner.stages().len(),
            self.inner.touchpoint_count(),
            self.inner.transition_count()
        ))
    }

    /// Pickles as JSON.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_json = py.get_type::<PyJourney>().getattr("from_json")?;
        PyTuple::new(py, [from_json, PyTuple::new(py, [self.inner.to_json()])?.into_any()])
    }
}

/// The poster drawn by `draw` (`Journey::poster_pdf` or `poster_png`) on the page, as bytes.
fn poster_bytes<'py>(
    py: Python<'py>,
    journey: &Journey,
    persona: Option<String>,
    lanes: Option<&Bound<'py, PyAny>>,
    page: PageOptions,
    draw: fn(&Journey, &SvgOptions, &PageOptions) -> journey_core::Result<Vec<u8>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let svg = render::svg_options(py, persona, lanes, "auto")?;
    let bytes = py.detach(|| draw(journey, &svg, &page)).or_raise(py)?;
    Ok(PyBytes::new(py, &bytes))
}

/// Writes the bytes a method of the journey returns (`poster_pdf`, ...) for `args` and `kwargs` to a file.
fn save_bytes(
    slf: &Bound<'_, PyJourney>,
    method: &str,
    path: PathBuf,
    args: &Bound<'_, PyTuple>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<()> {
    let data = slf.call_method(method, args, kwargs)?;
    let bytes = data.cast::<PyBytes>()?;
    render::write_file(slf.py(), path, bytes.as_bytes())
}

/// The options of the report (`to_html`, `report_pdf`) from their Python arguments.
#[allow(clippy::too_many_arguments)]
fn html_options(
    py: Python<'_>,
    as_of: Option<&Bound<'_, PyAny>>,
    model: Option<PyRef<'_, PyScoringModel>>,
    persona: Option<String>,
    size: &str,
    lanes: Option<&Bound<'_, PyAny>>,
    top: usize,
    (spend, spend_currency): (Option<&Bound<'_, PyAny>>, Option<String>),
    paths_anchor: &str,
) -> PyResult<HtmlOptions> {
    // A currency alone is spend without amounts, which the core refuses.
    let spend = match (spend, spend_currency) {
        (None, None) => None,
        (s, currency) => {
            let entries = s.map(|s| analytics::spend_of(py, s)).transpose()?.unwrap_or_default();
            Some(Spend::from_entries(&entries, currency).map_err(|e| to_py_err(py, e))?)
        }
    };
    Ok(HtmlOptions {
        svg: render::svg_options(py, persona, lanes, size)?,
        model: scoring::model_or_default(model.as_deref()),
        as_of: Some(scoring::as_of(py, as_of)?),
        top,
        spend,
        paths_anchor: paths_anchor.parse().map_err(|e| to_py_err(py, e))?,
    })
}

/// A journey read from a file, with another id or name when given: checked again like any other document.
fn renamed(py: Python<'_>, journey: Journey, id: Option<String>, name: Option<String>) -> PyResult<PyJourney> {
    if id.is_none() && name.is_none() {
        return Ok(journey.into());
    }
    let mut doc = journey.to_document();
    doc.id = id.unwrap_or(doc.id);
    doc.name = name.unwrap_or(doc.name);
    Journey::from_document(doc).or_raise(py).map(PyJourney::from)
}
