//! `journey.EventLog`: the core's event log and its analytics behind a Python face. Tables come back as
//! pandas (or polars) data frames, made in `journey._results` from the pythonized core results.

use std::fs::File;
use std::io::BufReader;
use std::ops::ControlFlow;
use std::path::PathBuf;

use arrow_array::ffi_stream::RecordBatchStreamReader;
use arrow_pyarrow::{FromPyArrow, ToPyArrow};
use journey_core::Error;
use journey_core::analytics::{
    AttributionOptions, BootstrapOptions, CohortOptions, CompareOptions, CostOptions, DEFAULT_SESSION_TIMEOUT_MINUTES,
    DidThenOptions, Dimension, EpochUnit, EventColumns, EventLog, FunnelOptions, JourneyOptions, PathsAround,
    PathsOptions, Progress, SelectOptions, SessionOptions, TimeToConvert, TimeToConvertOptions, Timestamp, Variant,
    spend_entry, steps_wrong_type, timestamp_argument,
};
use journey_core::binding::Signature;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDate, PyDateTime, PyDict, PyList, PyString};
use serde::Serialize;

use crate::errors::{OrRaise, to_py_err, type_error_of};
use crate::journey::PyJourney;
use crate::records;
use crate::render;

/// Customer events — who met which touchpoint when — grouped by customer and ordered in time, with the
/// analytics of the core: discovery, funnels, attribution, conformance, loops and comparison.
#[pyclass(name = "EventLog", module = "journey", frozen, skip_from_py_object)]
pub struct PyEventLog {
    inner: EventLog,
}

impl From<EventLog> for PyEventLog {
    fn from(inner: EventLog) -> Self {
        PyEventLog { inner }
    }
}

impl PyEventLog {
    /// The core log.
    pub(crate) fn inner(&self) -> &EventLog {
        &self.inner
    }
}

fn argument_error(py: Python<'_>, name: &str, message: String) -> PyErr {
    to_py_err(py, Error::Argument { name: name.into(), message })
}

/// The columns of a reader (`EventLog.from_csv`, `from_csv_text`, `from_arrow`), from its keyword arguments
/// other than `progress`: the core's [`EventColumns`], whose fields are the names the readers take and whose
/// defaults stand for the columns not named.
///
/// Raises `ArgumentTypeError` for a name that is not a column (the core's message for an unexpected
/// argument) or a value that is not a `str` (or `None`); `ParseError` (kind `encoding`) for a `str` with a
/// lone surrogate; `ArgumentError` naming the argument for a value the core refuses (an unknown tie order,
/// `None` for a required column).
fn event_columns(py: Python<'_>, call: &str, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<EventColumns> {
    let Some(kwargs) = kwargs else { return Ok(EventColumns::default()) };
    let defaults = serde_json::to_value(EventColumns::default()).unwrap_or_default();
    let params: Vec<&str> = defaults.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
    let names: Vec<String> =
        kwargs.keys().iter().map(|k| Ok(k.str()?.to_string_lossy().into_owned())).collect::<PyResult<_>>()?;
    let given: Vec<&str> = names.iter().map(String::as_str).collect();
    Signature::new(call, &params, 0).by_name_only().bind(0, &given).map_err(|e| type_error_of(py, e))?;
    for (name, value) in names.iter().zip(kwargs.values().iter()) {
        if value.is_instance_of::<PyString>() {
            // A lone surrogate: an encoding error naming the argument and the place.
            crate::errors::converted::<String>(&value, name)?;
        } else if !value.is_none() {
            let found = crate::call::type_name(&value);
            return Err(crate::errors::type_error(py, name, &format!("expected str or None, found {found}")));
        }
    }
    records::from_py::<EventColumns>(kwargs.as_any())
        .map_err(|(name, message)| to_py_err(py, Error::Argument { name, message }))
}

/// The columns a reader takes from its keyword arguments, as a dict of the core's [`EventColumns`] (the
/// defaults filled in), with the errors `EventLog.from_arrow` gives for them, `call` naming the caller
/// (private: the engines of `journey.spark` and `journey.dask` select and partition by these columns).
#[pyfunction]
#[pyo3(signature = (call, **columns))]
pub(crate) fn _event_columns<'py>(
    py: Python<'py>,
    call: &str,
    columns: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let columns = event_columns(py, call, columns)?;
    Ok(pythonize::pythonize(py, &columns)?)
}

/// A progress callback of the core, as the bindings give it.
type Callback<'a> = &'a mut dyn FnMut(Progress) -> ControlFlow<()>;

/// Runs a long core call without the GIL, following it from Python: at every report (the start, every few
/// milliseconds of work, the end) the GIL is taken for a moment to check for signals — Ctrl-C raises
/// KeyboardInterrupt there and stops the work — and to call `callback(done, total)`, if there is one.
/// The callback returning False stops the work (CancelledError, kind `cancelled`, from the core); an
/// exception it raises stops it too and is raised as it is.
fn follow<T: Send>(
    py: Python<'_>,
    callback: Option<Py<PyAny>>,
    work: impl FnOnce(Callback<'_>) -> journey_core::Result<T> + Send,
) -> PyResult<T> {
    let mut raised: Option<PyErr> = None;
    let result = py.detach(|| {
        work(&mut |p| {
            Python::attach(|py| {
                let answer = py.check_signals().and_then(|()| match &callback {
                    Some(f) => f.bind(py).call1((p.done, p.total)).map(Some),
                    None => Ok(None),
                });
                match answer {
                    // Only False stops: a callback that returns nothing goes on.
                    Ok(Some(v)) if v.is_instance_of::<PyBool>() && !v.is_truthy().unwrap_or(true) => {
                        ControlFlow::Break(())
                    }
                    Ok(_) => ControlFlow::Continue(()),
                    Err(e) => {
                        raised = Some(e);
                        ControlFlow::Break(())
                    }
                }
            })
        })
    });
    if let Some(e) = raised {
        return Err(e);
    }
    result.or_raise(py)
}

/// The callable that follows a call, if any: `progress` itself when callable, the bar of
/// `journey._progress` (labelled `label`) for True, nothing for False, and for None the bar only when the
/// session is interactive and the input larger than `journey._progress.AUTO_BYTES` (`size`, for readers;
/// an analysis shows none by default).
fn progress_callback(
    py: Python<'_>,
    progress: Option<&Bound<'_, PyAny>>,
    label: &str,
    size: Option<u64>,
) -> PyResult<Option<Py<PyAny>>> {
    let module = || py.import("journey._progress");
    let made = match progress {
        None => match size {
            Some(total) => module()?.call_method1("auto", (label, total))?,
            None => return Ok(None),
        },
        Some(p) if p.is_none() => return progress_callback(py, None, label, size),
        Some(p) if p.is_instance_of::<PyBool>() => match (p.is_truthy()?, size) {
            (false, _) => return Ok(None),
            (true, Some(total)) => module()?.call_method1("bar", (label, total))?,
            (true, None) => module()?.call_method1("analysis_bar", (label,))?,
        },
        Some(p) if p.is_callable() => p.clone(),
        Some(p) => {
            let type_name = p.get_type().qualname().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
            return Err(PyTypeError::new_err(format!(
                "progress must be a callable (done, total), True, False or None, not {type_name}"
            )));
        }
    };
    Ok((!made.is_none()).then(|| made.unbind()))
}

/// A file's name, the label of its progress bar.
fn file_label(path: &std::path::Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Whether a pandas DataFrame holds in its index a column the log reads (`wanted`) that is not among its
/// columns: one named after a level of the index, or `index` for an index without a name.
fn reads_the_index(frame: &Bound<'_, PyAny>, wanted: &[&str]) -> PyResult<bool> {
    if !frame.hasattr("index")? || !frame.hasattr("columns")? {
        return Ok(false);
    }
    let mut columns = Vec::new();
    for label in frame.getattr("columns")?.try_iter()? {
        columns.push(label?.extract::<String>().ok());
    }
    let mut levels = Vec::new();
    for name in frame.getattr("index")?.getattr("names")?.try_iter()? {
        let name = name?;
        levels.push(if name.is_none() { None } else { name.extract::<String>().ok() });
    }
    let in_index = |w: &str| {
        levels.iter().any(|l| l.as_deref() == Some(w)) || (w == "index" && levels.iter().all(Option::is_none))
    };
    Ok(wanted.iter().any(|w| !columns.iter().any(|c| c.as_deref() == Some(*w)) && in_index(w)))
}

/// Arrow data as a C stream: the object's `__arrow_c_stream__`, or for a pandas data frame without it
/// (pandas < 2.2) `pyarrow.Table.from_pandas`; a polars LazyFrame is collected first.
fn arrow_stream(py: Python<'_>, data: &Bound<'_, PyAny>, columns: &EventColumns) -> PyResult<RecordBatchStreamReader> {
    let has = |d: &Bound<'_, PyAny>, name: &str| d.getattr_opt(name).map(|m| m.is_some_and(|m| m.is_callable()));
    let module = data.get_type().module().map(|m| m.to_string()).unwrap_or_default();
    // A polars LazyFrame is a query: it runs (`collect()`) into the DataFrame it describes.
    let collected;
    let data = if module.starts_with("polars") && data.get_type().name()?.to_cow()? == "LazyFrame" {
        collected = data.call_method0("collect")?;
        &collected
    } else {
        data
    };
    // A pandas DataFrame converts all its columns on export: keep those the log reads (the others named are
    // missing, and reading reports them).
    let selected;
    let wanted = columns.names();
    // Ids in a pandas DataFrame's index (`customer="index"` for an unnamed one, or a column named after
    // the index): the index becomes columns first, as `reset_index()` makes them.
    let reset;
    let data = if module.starts_with("pandas") && reads_the_index(data, &wanted)? {
        reset = data.call_method0("reset_index")?;
        &reset
    } else {
        data
    };
    let mut keep = Vec::new();
    if module.starts_with("pandas") && data.hasattr("columns")? {
        let mut labels = Vec::new();
        for label in data.getattr("columns")?.try_iter()? {
            let label = label?;
            // A label that is not text names no column the log reads.
            if let Ok(name) = label.extract::<String>()
                && wanted.contains(&name.trim())
            {
                keep.push(name);
            }
            labels.push(label.str()?.to_cow()?.into_owned());
        }
        columns.arrow_positions(&labels).or_raise(py)?;
    }
    // The columns kept, numbers and datetimes without a copy where they can be (journey._arrow); should that
    // fail, the frame's own export says which column and why.
    if !keep.is_empty()
        && data.getattr("columns")?.getattr("is_unique")?.is_truthy()?
        && let Ok(table) = py.import("journey._arrow").and_then(|m| m.call_method1("pandas_table", (data, &keep)))
    {
        return RecordBatchStreamReader::from_pyarrow_bound(&table);
    }
    let data = if keep.is_empty() {
        data
    } else {
        selected = data.get_item(keep)?;
        &selected
    };
    // polars exports a column of its Null type (what an empty frame built from lists has) with a buffer the
    // Arrow C interface does not allow: such columns go as text columns of nulls, which read the same.
    let cast;
    let data = if module.starts_with("polars") && has(data, "with_columns")? {
        let polars = py.import("polars")?;
        let nulls = polars.call_method1("col", (polars.getattr("Null")?,))?;
        cast = data.call_method1("with_columns", (nulls.call_method1("cast", (polars.getattr("String")?,))?,))?;
        &cast
    } else {
        data
    };
    let data = if has(data, "__arrow_c_stream__")? {
        data.clone()
    } else {
        if module.starts_with("pandas") {
            let pyarrow = py.import("pyarrow").map_err(|e| {
                let message = "from_arrow of a pandas DataFrame needs pyarrow (pip install pyarrow)";
                let error = PyTypeError::new_err(message);
                error.set_cause(py, Some(e));
                error
            })?;
            let kwargs = pyo3::types::PyDict::new(py);
            kwargs.set_item("preserve_index", false)?;
            pyarrow.getattr("Table")?.call_method("from_pandas", (data,), Some(&kwargs))?
        } else if has(data, "__arrow_c_array__")? {
            py.import("pyarrow")?.call_method1("record_batch", (data,))?
        } else {
            let type_name = data.get_type().qualname().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
            return Err(PyTypeError::new_err(format!(
                "data must support the Arrow PyCapsule interface (__arrow_c_stream__): a pyarrow Table or \
                 RecordBatch, a polars DataFrame or a pandas DataFrame, not {type_name}"
            )));
        }
    };
    RecordBatchStreamReader::from_pyarrow_bound(&data)
}

/// Nanoseconds since the epoch of a bound of `filter_period` (or `as_of`), read by the core's rule for
/// timestamp arguments: a `datetime.datetime` (naive means UTC, as in event files; exact to its
/// microsecond, and to the nanosecond for a `pandas.Timestamp`), a `datetime.date` (midnight UTC), text in
/// any form a timestamp column accepts, or a number of epoch seconds or milliseconds (as in CSV files);
/// another type is an `ArgumentTypeError`.
fn instant(py: Python<'_>, name: &str, value: Option<&Bound<'_, PyAny>>, open: i64) -> PyResult<i64> {
    let Some(value) = value.filter(|v| !v.is_none()) else { return Ok(open) };
    let text: String;
    let read = if value.is_instance_of::<PyDateTime>() {
        let utc = py.import("datetime")?.getattr("timezone")?.getattr("utc")?;
        let aware = if value.getattr("tzinfo")?.is_none() {
            let kwargs = pyo3::types::PyDict::new(py);
            kwargs.set_item("tzinfo", &utc)?;
            value.call_method("replace", (), Some(&kwargs))?
        } else {
            value.clone()
        };
        if value.hasattr("nanosecond")? && value.hasattr("value")? {
            // A pandas Timestamp: its nanoseconds since the epoch (of its UTC time when it has a zone).
            Timestamp::Ticks(aware.getattr("value")?.extract()?, EpochUnit::Nanoseconds)
        } else {
            // Exact: the whole microseconds since the epoch, from the parts of the difference.
            let epoch = py.import("datetime")?.getattr("datetime")?.call1((1970, 1, 1, 0, 0, 0, 0, utc))?;
            let delta = aware.call_method1("__sub__", (epoch,))?;
            let part = |name: &str| -> PyResult<i64> { delta.getattr(name)?.extract() };
            let micros = (part("days")? * 86_400 + part("seconds")?) * 1_000_000 + part("microseconds")?;
            Timestamp::Ticks(micros, EpochUnit::Microseconds)
        }
    } else if value.is_instance_of::<PyDate>() {
        text = value.call_method0("isoformat")?.extract()?;
        Timestamp::Text(&text)
    } else if let Ok(s) = value.cast::<PyString>() {
        text = s.to_cow()?.into_owned();
        Timestamp::Text(&text)
    } else if let (false, Ok(n)) = (value.is_instance_of::<PyBool>(), value.extract::<f64>()) {
        Timestamp::Epoch(n)
    } else {
        let found = crate::call::type_name(value);
        let message = format!("expected a datetime, a date, text or epoch seconds or milliseconds, found {found}");
        return Err(crate::errors::type_error(py, name, &message));
    };
    timestamp_argument(name, Some(read)).or_raise(py)
}

/// The steps of a funnel: a sequence of `str` (a list, a tuple, a pandas Series), not a `str` itself.
fn funnel_steps(py: Python<'_>, steps: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let wrong =
        |index, value: &Bound<'_, PyAny>| type_error_of(py, steps_wrong_type(index, &crate::call::type_name(value)));
    if steps.is_instance_of::<PyString>() || steps.is_instance_of::<pyo3::types::PyBytes>() {
        return Err(wrong(None, steps));
    }
    let Ok(items) = steps.try_iter() else { return Err(wrong(None, steps)) };
    let mut out = Vec::new();
    for (i, item) in items.enumerate() {
        let item = item?;
        if !item.is_instance_of::<PyString>() {
            return Err(wrong(Some(i), &item));
        }
        // A lone surrogate: an encoding error naming the step.
        out.push(crate::errors::converted::<String>(&item, &format!("steps[{i}]"))?);
    }
    Ok(out)
}

/// The keyword arguments that say which attribution: model, order, collapse, half_life_days, first, last,
/// value_weighted, per_conversion and lookback_days, in the order of the methods' signatures.
type AttributionArgs<'a> =
    (Option<&'a str>, Option<usize>, bool, Option<f64>, Option<f64>, Option<f64>, bool, bool, Option<f64>);

/// The attribution options of the keyword arguments (None for those not given), checked.
fn attribution_options(py: Python<'_>, args: AttributionArgs<'_>) -> PyResult<AttributionOptions> {
    let (model, order, collapse, half_life_days, first, last, value_weighted, per_conversion, lookback_days) = args;
    let options = AttributionOptions {
        model: model.map(str::to_owned),
        order,
        half_life_days,
        first,
        last,
        collapse,
        value_weighted,
        per_conversion,
        lookback_days,
    };
    options.model().or_raise(py)?;
    options.journeys().or_raise(py)?;
    Ok(options)
}

/// The spend on touchpoints: a mapping of touchpoint ids (`str`) to money (`int` or `float`, not `bool`).
pub(crate) fn spend_of(py: Python<'_>, spend: &Bound<'_, PyAny>) -> PyResult<Vec<(String, f64)>> {
    let Ok(map) = spend.cast::<pyo3::types::PyMapping>() else {
        let found = crate::call::type_name(spend);
        return Err(crate::errors::type_error(
            py,
            "spend",
            &format!("expected a mapping of str to float, found {found}"),
        ));
    };
    let mut out = Vec::new();
    for item in map.items()?.iter() {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        if !key.is_instance_of::<PyString>() {
            let found = crate::call::type_name(&key);
            return Err(crate::errors::type_error(
                py,
                "spend",
                &format!("expected touchpoint ids (str), found {found}"),
            ));
        }
        let id: String = crate::errors::converted(&key, "spend")?;
        // Any number, NumPy's and Decimal included: what converts to a float (a bool is no amount).
        let number = value.hasattr("__float__")? || value.hasattr("__index__")?;
        if !number || value.is_instance_of::<PyBool>() {
            let found = crate::call::type_name(&value);
            return Err(crate::errors::type_error(py, &spend_entry(&id), &format!("expected a number, found {found}")));
        }
        let amount: f64 = crate::errors::converted(&value, &spend_entry(&id))?;
        out.push((id, amount));
    }
    Ok(out)
}

/// A discovery as `journey.Discovery`, its variants kept native until asked for.
pub(crate) fn discovery_object(
    py: Python<'_>,
    mut d: journey_core::analytics::Discovery,
) -> PyResult<Bound<'_, PyAny>> {
    let variants = PyVariants { inner: std::mem::take(&mut d.variants) };
    let data = pythonize::pythonize(py, &d)?;
    records::results_module(py)?.getattr("Discovery")?.call_method1("_from_parts", (data, variants))
}

/// A core result as a data frame made by `journey._results._frame_of(kind, data, backend)`.
pub(crate) fn frame<'py, T: Serialize>(
    py: Python<'py>,
    kind: &str,
    value: &T,
    backend: &str,
) -> PyResult<Bound<'py, PyAny>> {
    records::results_module(py)?.call_method1("_frame_of", (kind, pythonize::pythonize(py, value)?, backend))
}

/// Path variants as an Arrow record batch: each path joined with `separator`, its length, customers and
/// conversions.
fn variant_batch<'t, P: Iterator<Item = &'t str>>(
    rows: impl ExactSizeIterator<Item = (P, u64, u64)> + Clone,
    separator: &str,
) -> Result<arrow_array::RecordBatch, String> {
    use std::fmt::Write;

    use arrow_array::builder::{Int64Builder, LargeStringBuilder};
    use arrow_array::{ArrayRef, RecordBatch};

    let n = rows.len();
    // The text's exact size first, so that it is written into one buffer without growing it.
    let bytes: usize = rows
        .clone()
        .map(|(path, _, _)| path.fold((0usize, 0usize), |(b, k), t| (b + t.len(), k + 1)))
        .map(|(b, k)| b + k.saturating_sub(1) * separator.len())
        .sum();
    // 64-bit offsets: the paths of a large log may hold more than 2 GiB of text.
    let mut path = LargeStringBuilder::with_capacity(n, bytes);
    let (mut length, mut customers, mut conversions) =
        (Int64Builder::with_capacity(n), Int64Builder::with_capacity(n), Int64Builder::with_capacity(n));
    // Lengths and counts of a log of at most 2^50 events: well inside i64.
    #[allow(clippy::cast_possible_wrap)]
    for (touchpoints, n, conv) in rows {
        let mut steps = 0i64;
        for t in touchpoints {
            // Writing to the builder appends to the value being made; it cannot fail.
            let _ =
                if steps > 0 { path.write_str(separator).and_then(|()| path.write_str(t)) } else { path.write_str(t) };
            steps += 1;
        }
        path.append_value("");
        length.append_value(steps);
        customers.append_value(n as i64);
        conversions.append_value(conv as i64);
    }
    let columns: [(&str, ArrayRef); 4] = [
        ("path", std::sync::Arc::new(path.finish())),
        ("length", std::sync::Arc::new(length.finish())),
        ("customers", std::sync::Arc::new(customers.finish())),
        ("conversions", std::sync::Arc::new(conversions.finish())),
    ];
    // Four columns of n rows each, named apart: the batch is always made.
    RecordBatch::try_from_iter(columns).map_err(|e| e.to_string())
}

/// The path variants of a discovery, kept as the core gives them until Python asks for them.
#[pyclass(module = "journey._journey", name = "_Variants", frozen)]
pub(crate) struct PyVariants {
    pub(crate) inner: Vec<Variant>,
}

#[pymethods]
impl PyVariants {
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyVariants>().is_ok_and(|o| o.get().inner == self.inner)
    }

    /// The first `top` variants (all without it) as columns: each path joined with `separator`, its length,
    /// customers and conversions.
    #[pyo3(signature = (top, separator))]
    fn columns(&self, top: Option<usize>, separator: &str) -> (Vec<String>, Vec<usize>, Vec<u64>, Vec<u64>) {
        let shown = &self.inner[..top.unwrap_or(usize::MAX).min(self.inner.len())];
        (
            shown.iter().map(|v| v.path.iter().map(|t| &**t).collect::<Vec<&str>>().join(separator)).collect(),
            shown.iter().map(|v| v.path.len()).collect(),
            shown.iter().map(|v| v.customers).collect(),
            shown.iter().map(|v| v.conversions).collect(),
        )
    }

    /// The first `top` variants (all without it) as a pyarrow RecordBatch of the same columns: path
    /// (large_utf8), length, customers and conversions (int64). Built here, so that a data frame is made
    /// without a Python list of strings.
    #[pyo3(signature = (top, separator))]
    fn arrow<'py>(&self, py: Python<'py>, top: Option<usize>, separator: &str) -> PyResult<Bound<'py, PyAny>> {
        let shown = &self.inner[..top.unwrap_or(usize::MAX).min(self.inner.len())];
        let rows = shown.iter().map(|v| (v.path.iter().map(|t| &**t), v.customers, v.conversions));
        let batch = py.detach(|| variant_batch(rows, separator));
        batch.map_err(pyo3::exceptions::PyRuntimeError::new_err)?.to_pyarrow(py)
    }

    /// The variants as plain dicts, paths as lists, as `to_dict` gives them.
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner)?)
    }
}

#[pymethods]
impl PyEventLog {
    /// Reads an event log from a CSV file (a header row, then one event per row).
    #[staticmethod]
    #[pyo3(signature = (path, *, progress = None, **columns))]
    fn from_csv(
        py: Python<'_>,
        path: PathBuf,
        progress: Option<&Bound<'_, PyAny>>,
        columns: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let columns = event_columns(py, "EventLog.from_csv", columns)?;
        let file = File::open(&path).map_err(|source| to_py_err(py, Error::Io { path: path.clone(), source }))?;
        let size = file.metadata().ok().map(|m| m.len());
        let callback = progress_callback(py, progress, &file_label(&path), Some(size.unwrap_or(0)))?;
        let reader = BufReader::with_capacity(1 << 20, file);
        follow(py, callback, |p| EventLog::from_csv_source_with_progress(reader, &path, &columns, size, p))
            .map(Self::from)
    }

    /// Reads an event log from CSV text (`str`, or UTF-8 `bytes`).
    #[staticmethod]
    #[pyo3(signature = (text, *, progress = None, **columns))]
    fn from_csv_text(
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        progress: Option<&Bound<'_, PyAny>>,
        columns: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let columns = event_columns(py, "EventLog.from_csv_text", columns)?;
        let bytes: Vec<u8> = if text.is_instance_of::<PyString>() {
            // A lone surrogate: an encoding error naming the argument and the place.
            crate::errors::converted::<String>(text, "text")?.into_bytes()
        } else if let Ok(b) = text.extract::<Vec<u8>>() {
            b
        } else {
            let type_name = text.get_type().qualname().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
            return Err(PyTypeError::new_err(format!("text must be str or bytes, not {type_name}")));
        };
        let callback = progress_callback(py, progress, "CSV text", Some(bytes.len() as u64))?;
        follow(py, callback, |p| EventLog::from_csv_bytes_with_progress(&bytes, &columns, p)).map(Self::from)
    }

    /// Reads an event log from a Parquet file, through the core's Parquet reader.
    #[staticmethod]
    #[pyo3(signature = (path, *, progress = None, **columns))]
    fn from_parquet(
        py: Python<'_>,
        path: PathBuf,
        progress: Option<&Bound<'_, PyAny>>,
        columns: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let columns = event_columns(py, "EventLog.from_parquet", columns)?;
        let callback = progress_callback(py, progress, &file_label(&path), None)?;
        follow(py, callback, |p| EventLog::load_parquet_with_progress(&path, &columns, p)).map(Self::from)
    }

    /// Reads an event log from Arrow data: a pyarrow Table or RecordBatch, a polars DataFrame or LazyFrame,
    /// a pandas DataFrame, or anything with `__arrow_c_stream__`.
    #[staticmethod]
    #[pyo3(signature = (data, *, progress = None, **columns))]
    fn from_arrow(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        progress: Option<&Bound<'_, PyAny>>,
        columns: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let columns = event_columns(py, "EventLog.from_arrow", columns)?;
        let callback = progress_callback(py, progress, "table", None)?;
        let stream = arrow_stream(py, data, &columns)?;
        follow(py, callback, move |p| EventLog::from_arrow_with_progress(stream, &columns, p)).map(Self::from)
    }

    /// How many events.
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// How many customers.
    #[getter]
    fn customer_count(&self) -> usize {
        self.inner.customer_count()
    }

    /// How many customers converted (0 without an outcome column).
    #[getter]
    fn conversions(&self) -> usize {
        self.inner.conversions()
    }

    /// Whether the log has an outcome column.
    #[getter]
    fn has_outcome(&self) -> bool {
        self.inner.has_outcome()
    }

    /// The touchpoint ids the log mentions, in order of first appearance.
    #[getter]
    fn touchpoint_ids(&self) -> Vec<String> {
        self.inner.touchpoint_ids().to_vec()
    }

    /// What customers did: transitions, starts, ends, visits, variants and drop-off. The variants stay here
    /// until a table or `to_dict` asks for them: a log of a million events has tens of thousands.
    #[pyo3(signature = (*, progress = None))]
    fn discover<'py>(&self, py: Python<'py>, progress: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let callback = progress_callback(py, progress, "discover", None)?;
        let d = follow(py, callback, |p| self.inner.discover_with_progress(p))?;
        discovery_object(py, d)
    }

    /// The partial results of `analyses` over this log's customers (a `journey.Partial`), to write as bytes
    /// and merge with the partials of other customers: `analyses` maps each analysis (`discover`,
    /// `funnel`, `stage_funnel`, `attribution`, `markov`, `conformance`, `loops`, `compare`, or
    /// `kind:label` for several of one kind) to its options as the in-memory method takes them, a map as
    /// `"map"`.
    fn partial(&self, py: Python<'_>, analyses: &Bound<'_, PyAny>) -> PyResult<crate::partial::PyPartial> {
        let request = crate::partial::request_of(py, analyses)?;
        let p = py.detach(|| self.inner.partial(&request)).or_raise(py)?;
        Ok(crate::partial::PyPartial::from(p))
    }

    /// The directly-follows graph alone: counts of moves, starts and ends, without durations or variants.
    fn dfg<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let d = py.detach(|| self.inner.dfg());
        records::result(py, "Dfg", &d)
    }

    /// A closed ordered funnel over touchpoint ids, as a data frame; with `strict=False`, steps the log has
    /// not met count 0 customers instead of raising.
    #[pyo3(signature = (steps, *, strict = true, within_days = None, backend = "pandas", progress = None))]
    fn funnel<'py>(
        &self,
        py: Python<'py>,
        steps: &Bound<'py, PyAny>,
        strict: bool,
        within_days: Option<f64>,
        backend: &str,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let steps = funnel_steps(py, steps)?;
        let callback = progress_callback(py, progress, "funnel", None)?;
        let options = FunnelOptions { strict, within_days };
        let f = follow(py, callback, |p| self.inner.funnel_with_progress(&steps, &options, p))?;
        frame(py, "funnel", &f, backend)
    }

    /// The stage funnel of a map, as a data frame.
    #[pyo3(signature = (journey, *, backend = "pandas", progress = None))]
    fn stage_funnel<'py>(
        &self,
        py: Python<'py>,
        journey: PyRef<'py, PyJourney>,
        backend: &str,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let j = journey.inner();
        let callback = progress_callback(py, progress, "stage funnel", None)?;
        let f = follow(py, callback, |p| self.inner.stage_funnel_with_progress(j, p))?;
        frame(py, "funnel", &f, backend)
    }

    /// Attribution of conversions and value to touchpoints, as a data frame. `progress(done, total)` is
    /// called every few milliseconds; returning False (or Ctrl-C) stops it.
    #[pyo3(signature = (model = None, *, order = None, collapse = true, half_life_days = None,
        first = None, last = None, value_weighted = false, per_conversion = false, lookback_days = None,
        backend = "pandas", progress = None))]
    #[allow(clippy::too_many_arguments)]
    fn attribution<'py>(
        &self,
        py: Python<'py>,
        model: Option<&str>,
        order: Option<usize>,
        collapse: bool,
        half_life_days: Option<f64>,
        first: Option<f64>,
        last: Option<f64>,
        value_weighted: bool,
        per_conversion: bool,
        lookback_days: Option<f64>,
        backend: &str,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let args = (model, order, collapse, half_life_days, first, last, value_weighted, per_conversion, lookback_days);
        let options = attribution_options(py, args)?;
        let callback = progress_callback(py, progress, "attribution", None)?;
        let a = follow(py, callback, |p| self.inner.attribution_with_options_progress(&options, p))?;
        frame(py, "attribution", &a, backend)
    }

    /// Percentile bootstrap intervals on each touchpoint's share of the conversions, as a data frame.
    /// Attribution arguments as for `attribution`; `progress(done, total)` counts the resamples.
    #[pyo3(signature = (model = None, *, resamples = 200, level = 0.95, seed = 0, order = None, collapse = true,
        half_life_days = None, first = None, last = None, value_weighted = false, per_conversion = false,
        lookback_days = None, backend = "pandas", progress = None))]
    #[allow(clippy::too_many_arguments)]
    fn attribution_intervals<'py>(
        &self,
        py: Python<'py>,
        model: Option<&str>,
        resamples: usize,
        level: f64,
        seed: u64,
        order: Option<usize>,
        collapse: bool,
        half_life_days: Option<f64>,
        first: Option<f64>,
        last: Option<f64>,
        value_weighted: bool,
        per_conversion: bool,
        lookback_days: Option<f64>,
        backend: &str,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let args = (model, order, collapse, half_life_days, first, last, value_weighted, per_conversion, lookback_days);
        let options = attribution_options(py, args)?;
        let bootstrap = BootstrapOptions { resamples, level, seed };
        let callback = progress_callback(py, progress, "attribution bootstrap", None)?;
        let a = follow(py, callback, |p| self.inner.attribution_intervals_with_progress(&options, &bootstrap, p))?;
        frame(py, "attribution_intervals", &a, backend)
    }

    /// Cost per conversion and ROAS of each touchpoint in `spend` under each of `models` (every model when
    /// None), as a data frame; `currency`, when given, is what the figures are in (`df.attrs["currency"]`).
    #[pyo3(signature = (spend, models = None, *, collapse = true, currency = None, backend = "pandas"))]
    fn cost<'py>(
        &self,
        py: Python<'py>,
        spend: &Bound<'py, PyAny>,
        models: Option<Vec<String>>,
        collapse: bool,
        currency: Option<String>,
        backend: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let spend = spend_of(py, spend)?;
        let options = CostOptions { models, collapse, currency };
        let c = py.detach(|| self.inner.cost_with(&spend, &options)).or_raise(py)?;
        frame(py, "cost", &c, backend)
    }

    /// The transition matrix of the Markov chain of `order`, as a data frame.
    #[pyo3(signature = (order = 1, *, collapse = true, backend = "pandas"))]
    fn transition_matrix<'py>(
        &self,
        py: Python<'py>,
        order: usize,
        collapse: bool,
        backend: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let m = py.detach(|| self.inner.transition_matrix(order, collapse)).or_raise(py)?;
        frame(py, "transition_matrix", &m, backend)
    }

    /// The fit of the Markov chains of orders 1 to `max_order` and the order chosen, as a data frame.
    #[pyo3(signature = (max_order = 4, *, collapse = true, backend = "pandas"))]
    fn markov_order_selection<'py>(
        &self,
        py: Python<'py>,
        max_order: usize,
        collapse: bool,
        backend: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let s = py.detach(|| self.inner.markov_order_selection(max_order, collapse)).or_raise(py)?;
        frame(py, "order_selection", &s, backend)
    }

    /// A closed ordered funnel over touchpoint ids, drawn as an SVG bar chart (a `journey.Svg`); `strict` as
    /// for `funnel`.
    #[pyo3(signature = (steps, *, strict = true, within_days = None))]
    fn funnel_chart<'py>(
        &self,
        py: Python<'py>,
        steps: &Bound<'py, PyAny>,
        strict: bool,
        within_days: Option<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let steps = funnel_steps(py, steps)?;
        let options = FunnelOptions { strict, within_days };
        let svg = follow(py, None, |p| {
            self.inner.funnel_with_progress(&steps, &options, p).map(|f| journey_core::render::funnel_svg(&f))
        })?;
        render::svg_object(py, svg)
    }

    /// What leads to a touchpoint and what follows it, `steps` events each way around each customer's first
    /// visit (`anchor="first"`) or around every visit (`anchor="every"`), as a `journey.PathsAround` (tables
    /// as data frames, `svg()` for the Sankey diagram). `None` stands for the core's defaults.
    #[pyo3(signature = (touchpoint, *, steps = None, top = None, anchor = "first"))]
    fn paths_around<'py>(
        &self,
        py: Python<'py>,
        touchpoint: &str,
        steps: Option<usize>,
        top: Option<usize>,
        anchor: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let defaults = PathsOptions::default();
        let options = PathsOptions {
            steps: steps.unwrap_or(defaults.steps),
            top: top.unwrap_or(defaults.top),
            anchor: anchor.parse().or_raise(py)?,
        };
        let p = py.detach(|| self.inner.paths_around(touchpoint, &options)).or_raise(py)?;
        records::result(py, "PathsAround", &p)
    }

    /// How long customers took from their first event to their first conversion, those who have not
    /// converted counted as censored at `as_of` (a datetime, a date or ISO text; by default the log's last
    /// event): a `journey.TimeToConvert` with the Kaplan–Meier curve.
    #[pyo3(signature = (*, as_of = None, progress = None))]
    fn time_to_convert<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = match as_of.filter(|v| !v.is_none()) {
            Some(v) => Some(instant(py, "as_of", Some(v), 0)?),
            None => None,
        };
        let options = TimeToConvertOptions { as_of };
        let callback = progress_callback(py, progress, "time to convert", None)?;
        let t = follow(py, callback, |p| self.inner.time_to_convert_with_progress(&options, p))?;
        records::result(py, "TimeToConvert", &t)
    }

    /// Retention cohorts by the `period` (`"week"` or `"month"`) of the customers' first conversion, as a
    /// `journey.Cohorts`.
    #[pyo3(signature = (*, period = "month", progress = None))]
    fn cohorts<'py>(
        &self,
        py: Python<'py>,
        period: &str,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = CohortOptions { period: period.parse().or_raise(py)? };
        let callback = progress_callback(py, progress, "cohorts", None)?;
        let c = follow(py, callback, |p| self.inner.cohorts_with_progress(&options, p))?;
        records::result(py, "Cohorts", &c)
    }

    /// The stage funnel of a map, drawn as an SVG bar chart with the stages' names (a `journey.Svg`).
    fn stage_funnel_chart<'py>(&self, py: Python<'py>, journey: PyRef<'py, PyJourney>) -> PyResult<Bound<'py, PyAny>> {
        let j = journey.inner();
        let svg = follow(py, None, |p| {
            let mut f = self.inner.stage_funnel_with_progress(j, p)?;
            for step in &mut f.steps {
                if let Some(stage) = j.stage(&step.step) {
                    step.step.clone_from(&stage.name);
                }
            }
            Ok(journey_core::render::funnel_svg(&f))
        })?;
        render::svg_object(py, svg)
    }

    /// Attribution drawn as an SVG bar chart (a `journey.Svg`): conversions credited per touchpoint and, for
    /// Markov, removal effects. Arguments as for `attribution`; with `journey`, touchpoints show their names and
    /// values are written in its `currency`.
    #[pyo3(signature = (model = None, *, order = None, collapse = true, half_life_days = None,
        first = None, last = None, value_weighted = false, per_conversion = false, lookback_days = None,
        journey = None))]
    #[allow(clippy::too_many_arguments)]
    fn attribution_chart<'py>(
        &self,
        py: Python<'py>,
        model: Option<&str>,
        order: Option<usize>,
        collapse: bool,
        half_life_days: Option<f64>,
        first: Option<f64>,
        last: Option<f64>,
        value_weighted: bool,
        per_conversion: bool,
        lookback_days: Option<f64>,
        journey: Option<PyRef<'py, PyJourney>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let args = (model, order, collapse, half_life_days, first, last, value_weighted, per_conversion, lookback_days);
        let options = attribution_options(py, args)?;
        let j = journey.as_ref().map(|j| j.inner());
        let svg = follow(py, None, |p| {
            let mut a = self.inner.attribution_with_options_progress(&options, p)?;
            if let Some(j) = j {
                for row in &mut a.rows {
                    if let Some(t) = j.touchpoint(&row.touchpoint) {
                        row.touchpoint.clone_from(&t.name);
                    }
                }
            }
            Ok(journey_core::render::attribution_svg(&a, j.and_then(|j| j.currency.as_deref())))
        })?;
        render::svg_object(py, svg)
    }

    /// How far the observed paths follow a designed map.
    #[pyo3(signature = (journey, *, progress = None))]
    fn conformance<'py>(
        &self,
        py: Python<'py>,
        journey: PyRef<'py, PyJourney>,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let j = journey.inner();
        let callback = progress_callback(py, progress, "conformance", None)?;
        let c = follow(py, callback, |p| self.inner.conformance_with_progress(j, p))?;
        records::result(py, "Conformance", &c)
    }

    /// Customers going back: to a touchpoint met before, or with a map to an earlier stage.
    #[pyo3(signature = (journey = None, *, progress = None))]
    fn loops<'py>(
        &self,
        py: Python<'py>,
        journey: Option<PyRef<'py, PyJourney>>,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let j = journey.as_ref().map(|j| j.inner());
        let callback = progress_callback(py, progress, "loops", None)?;
        let l = follow(py, callback, |p| self.inner.loops_with_progress(j, p))?;
        records::result(py, "Loops", &l)
    }

    /// This log (a) and another (b) side by side, with the changes that matter as gaps.
    #[pyo3(signature = (other, journey = None, *, alpha = 0.05, min_change = 0.05, funnel = None, names = None))]
    #[allow(clippy::too_many_arguments)]
    fn compare<'py>(
        &self,
        py: Python<'py>,
        other: PyRef<'py, PyEventLog>,
        journey: Option<PyRef<'py, PyJourney>>,
        alpha: f64,
        min_change: f64,
        funnel: Option<Vec<String>>,
        names: Option<(String, String)>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut options =
            CompareOptions { alpha, min_change, funnel: funnel.unwrap_or_default(), ..Default::default() };
        if let Some((a, b)) = names {
            options.names = [a, b];
        }
        let j = journey.as_ref().map(|j| j.inner());
        let other = &other.inner;
        let c = py.detach(|| self.inner.compare(other, j, &options)).or_raise(py)?;
        records::result(py, "Comparison", &c)
    }

    /// The customers whose segment (that of their first event) is `segment`.
    fn filter_segment(&self, py: Python<'_>, segment: &str) -> PyResult<Self> {
        py.detach(|| self.inner.filter_segment(segment)).or_raise(py).map(Self::from)
    }

    /// The customers of one of the map's personas: those whose segment is the persona's `segment`.
    fn for_persona(&self, py: Python<'_>, journey: PyRef<'_, PyJourney>, persona: &str) -> PyResult<Self> {
        let j = journey.inner();
        py.detach(|| self.inner.for_persona(j, persona)).or_raise(py).map(Self::from)
    }

    /// The customers whose first event is at or after `start` and before `end`.
    #[pyo3(signature = (start = None, end = None))]
    fn filter_period(
        &self,
        py: Python<'_>,
        start: Option<&Bound<'_, PyAny>>,
        end: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let from = instant(py, "start", start, i64::MIN)?;
        let to = instant(py, "end", end, i64::MAX)?;
        Ok(py.detach(|| self.inner.filter_period(from, to)).into())
    }

    /// One unit per session instead of per customer: the session column's value when the log has one (and
    /// `use_column`), else a new session after more than `timeout_minutes` without an event.
    /// `timeout_minutes` None is the core's default, 30 minutes.
    #[pyo3(signature = (*, timeout_minutes = None, use_column = true, progress = None))]
    fn sessions(
        &self,
        py: Python<'_>,
        timeout_minutes: Option<f64>,
        use_column: bool,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let timeout_minutes = timeout_minutes.unwrap_or(DEFAULT_SESSION_TIMEOUT_MINUTES);
        let options = SessionOptions { timeout_minutes, use_column };
        let callback = progress_callback(py, progress, "sessions", None)?;
        follow(py, callback, |p| self.inner.sessions_with_progress(&options, p)).map(Self::from)
    }

    /// The same events with their `channel` or `device` in place of the touchpoint (`touchpoint`: as is).
    fn by(&self, py: Python<'_>, dimension: &str) -> PyResult<Self> {
        let dimension: Dimension = dimension.parse().or_raise(py)?;
        py.detach(|| self.inner.by(dimension)).or_raise(py).map(Self::from)
    }

    /// The switches of `channel`, `device` or `touchpoint` between each customer's consecutive events.
    fn switches<'py>(&self, py: Python<'py>, dimension: &str) -> PyResult<Bound<'py, PyAny>> {
        let dimension: Dimension = dimension.parse().or_raise(py)?;
        let s = py.detach(|| self.inner.switches(dimension)).or_raise(py)?;
        records::result(py, "Switches", &s)
    }

    /// The customer ids, in the log's order.
    #[getter]
    fn customer_ids(&self) -> Vec<String> {
        self.inner.customer_ids().map(str::to_owned).collect()
    }

    /// The log split into journeys anchored on the conversion: one customer per conversion, ids `c1#1`,
    /// `c1#2`, ... (see the core's `EventLog::journeys`).
    #[pyo3(signature = (*, lookback_days = None, include_conversion = false, keep_after_conversion = true,
        progress = None))]
    fn journeys(
        &self,
        py: Python<'_>,
        lookback_days: Option<f64>,
        include_conversion: bool,
        keep_after_conversion: bool,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let options = JourneyOptions { lookback_days, include_conversion, keep_after_conversion };
        let callback = progress_callback(py, progress, "journeys", None)?;
        follow(py, callback, |p| self.inner.journeys_with_progress(&options, p)).map(Self::from)
    }

    /// The path variants alone, as `discover().variants(top, backend)` gives them, without the rest of the
    /// discovery.
    #[pyo3(signature = (top = None, backend = "pandas"))]
    fn variants<'py>(&self, py: Python<'py>, top: Option<i64>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        let results = records::results_module(py)?;
        let top = top.map(|t| usize::try_from(t).unwrap_or(0));
        if results.call_method0("_has_pyarrow")?.is_truthy()? && top != Some(0) {
            // The frame reads Arrow columns written from the log's codes: no list of names per variant.
            let separator: String = results.getattr("PATH_SEPARATOR")?.extract()?;
            let batch = py
                .detach(|| {
                    let table = self.inner.variant_table();
                    let shown = top.unwrap_or(usize::MAX).min(table.len());
                    variant_batch(
                        (0..shown).map(|i| (table.path(i), table.customers(i), table.conversions(i))),
                        &separator,
                    )
                })
                .map_err(pyo3::exceptions::PyRuntimeError::new_err)?;
            if batch.num_rows() > 0 {
                return results.call_method1("_arrow_frame", (batch.to_pyarrow(py)?, backend));
            }
        }
        let variants = PyVariants { inner: py.detach(|| self.inner.variants()) };
        results.call_method1("_variants_frame", (variants, top, backend))
    }

    /// Each customer (or journey) with their touchpoints in order, as a data frame.
    #[pyo3(signature = (*, backend = "pandas"))]
    fn customer_paths<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        let paths = py.detach(|| self.inner.customer_paths());
        frame(py, "customer_paths", &paths, backend)
    }

    /// The customers who reached step `step` (0 for the first) of the funnel over `steps`, as the funnel
    /// counts them.
    #[pyo3(signature = (steps, step, *, strict = true, within_days = None))]
    fn select_at_step(
        &self,
        py: Python<'_>,
        steps: &Bound<'_, PyAny>,
        step: usize,
        strict: bool,
        within_days: Option<f64>,
    ) -> PyResult<Self> {
        let steps = funnel_steps(py, steps)?;
        let options = FunnelOptions { strict, within_days };
        py.detach(|| self.inner.select_at_step(&steps, step, &options)).or_raise(py).map(Self::from)
    }

    /// The customers who reached step `step` of the funnel over `steps` but not the next one.
    #[pyo3(signature = (steps, step, *, strict = true, within_days = None))]
    fn select_dropped_at_step(
        &self,
        py: Python<'_>,
        steps: &Bound<'_, PyAny>,
        step: usize,
        strict: bool,
        within_days: Option<f64>,
    ) -> PyResult<Self> {
        let steps = funnel_steps(py, steps)?;
        let options = FunnelOptions { strict, within_days };
        py.detach(|| self.inner.select_dropped_at_step(&steps, step, &options)).or_raise(py).map(Self::from)
    }

    /// The customers who met `touchpoint`.
    #[pyo3(signature = (touchpoint, *, strict = true))]
    fn select_did(&self, py: Python<'_>, touchpoint: &str, strict: bool) -> PyResult<Self> {
        py.detach(|| self.inner.select_did(touchpoint, &SelectOptions { strict })).or_raise(py).map(Self::from)
    }

    /// The customers who never met `touchpoint`.
    #[pyo3(signature = (touchpoint, *, strict = true))]
    fn select_did_not(&self, py: Python<'_>, touchpoint: &str, strict: bool) -> PyResult<Self> {
        py.detach(|| self.inner.select_did_not(touchpoint, &SelectOptions { strict })).or_raise(py).map(Self::from)
    }

    /// The customers who met `first` and later `then` (within `within_seconds`, when given).
    #[pyo3(signature = (first, then, *, within_seconds = None, strict = true))]
    fn select_did_then(
        &self,
        py: Python<'_>,
        first: &str,
        then: &str,
        within_seconds: Option<f64>,
        strict: bool,
    ) -> PyResult<Self> {
        let options = DidThenOptions { strict, within_seconds };
        py.detach(|| self.inner.select_did_then(first, then, &options)).or_raise(py).map(Self::from)
    }

    /// The customers whose path is one of the `top` most common variants, as discovery lists them.
    fn select_top_variants(&self, py: Python<'_>, top: usize) -> PyResult<Self> {
        py.detach(|| self.inner.select_top_variants(top)).or_raise(py).map(Self::from)
    }

    /// The customers split into `parts` logs of about equal size (at most one per customer).
    fn partition<'py>(&self, py: Python<'py>, parts: usize) -> PyResult<Bound<'py, PyList>> {
        let logs = py.detach(|| self.inner.partition(parts));
        PyList::new(py, logs.into_iter().map(Self::from))
    }

    fn __repr__(&self) -> String {
        let outcome = if self.inner.has_outcome() {
            format!(", {} conversions", self.inner.conversions())
        } else {
            String::new()
        };
        format!("<EventLog {} events, {} customers{outcome}>", self.inner.len(), self.inner.customer_count())
    }
}

/// The Sankey diagram of paths around a touchpoint (`PathsAround.svg`), from the result's fields, with the
/// names of `journey`'s touchpoints when one is given: a `journey.Svg`.
#[pyfunction]
#[pyo3(signature = (paths, journey = None))]
pub(crate) fn _paths_sankey_svg<'py>(
    py: Python<'py>,
    paths: &Bound<'py, PyAny>,
    journey: Option<PyRef<'py, PyJourney>>,
) -> PyResult<Bound<'py, PyAny>> {
    let paths: PathsAround = records::from_py(paths).map_err(|(name, message)| argument_error(py, &name, message))?;
    let j = journey.as_ref().map(|j| j.inner());
    render::svg_object(py, journey_core::render::paths_sankey_svg(&paths, j))
}

/// The Kaplan–Meier curve of a time to convert (`TimeToConvert.svg`), from the result's fields: a
/// `journey.Svg`.
#[pyfunction]
pub(crate) fn _time_to_convert_svg<'py>(py: Python<'py>, time: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let time: TimeToConvert = records::from_py(time).map_err(|(name, message)| argument_error(py, &name, message))?;
    render::svg_object(py, journey_core::render::time_to_convert_svg(&time))
}
