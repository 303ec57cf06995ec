//! The one place where core errors become Python exceptions.
//!
//! The exception family is created once per interpreter with `type(name, bases, namespace)`, because
//! its members inherit from two bases (`ParseError(JourneyError, ValueError)`), which
//! `create_exception!` cannot express.

use std::path::Path;

use journey_core::{Error, ErrorColumn, ErrorKind, ErrorLocation, Problem};
use pyo3::exceptions::{PyBaseException, PyException, PyKeyError, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};

use crate::records;

/// The exception classes, created on first use.
pub(crate) struct Exceptions {
    pub base: Py<PyType>,
    pub parse: Py<PyType>,
    pub validation: Py<PyType>,
    pub not_found: Py<PyType>,
    pub duplicate: Py<PyType>,
    pub argument: Py<PyType>,
    pub argument_type: Py<PyType>,
    pub io: Py<PyType>,
    pub cancelled: Py<PyType>,
    pub limit: Py<PyType>,
}

static EXCEPTIONS: PyOnceLock<Exceptions> = PyOnceLock::new();

impl Exceptions {
    /// The classes with their Python names, for registration on the module.
    pub fn named(&self) -> [(&'static str, &Py<PyType>); 10] {
        [
            ("JourneyError", &self.base),
            ("ParseError", &self.parse),
            ("ValidationError", &self.validation),
            ("NotFoundError", &self.not_found),
            ("DuplicateError", &self.duplicate),
            ("ArgumentError", &self.argument),
            ("ArgumentTypeError", &self.argument_type),
            ("JourneyIOError", &self.io),
            ("CancelledError", &self.cancelled),
            ("LimitError", &self.limit),
        ]
    }
}

/// Makes one exception class. `plain_str` keeps `str(e)` the message for bases (`KeyError`, `OSError`)
/// that would otherwise quote it or format it from `errno`.
fn make_class<'py>(
    py: Python<'py>,
    name: &str,
    bases: Bound<'py, PyTuple>,
    doc: &str,
    kind: Option<&str>,
    plain_str: bool,
) -> PyResult<Py<PyType>> {
    let namespace = PyDict::new(py);
    namespace.set_item("__module__", "journey")?;
    namespace.set_item("__doc__", doc)?;
    namespace.set_item("kind", kind)?;
    if plain_str {
        namespace.set_item("__str__", py.get_type::<PyBaseException>().getattr("__str__")?)?;
    }
    let class = py.get_type::<PyType>().call1((name, bases, namespace))?;
    Ok(class.cast_into::<PyType>()?.unbind())
}

/// The exception classes of this interpreter.
pub(crate) fn exceptions(py: Python<'_>) -> PyResult<&Exceptions> {
    EXCEPTIONS.get_or_try_init(py, || {
        let base = make_class(
            py,
            "JourneyError",
            PyTuple::new(py, [py.get_type::<PyException>()])?,
            "Base of every error raised by journey; `kind` is the core error's stable name.",
            None,
            false,
        )?;
        let sub = |name: &str, other: Bound<'_, PyType>, doc: &str, kind: Option<&str>, plain_str: bool| {
            let bases = PyTuple::new(py, [base.bind(py).clone(), other])?;
            make_class(py, name, bases, doc, kind, plain_str)
        };
        let value_error = py.get_type::<PyValueError>();
        let argument =
            sub("ArgumentError", value_error.clone(), "An argument out of its domain.", Some("argument"), false)?;
        let parse = sub(
            "ParseError",
            value_error.clone(),
            "The input could not be read: json, csv, arrow, mermaid, encoding, empty or schema_version (and \
             too_large, raised as its subclass LimitError).",
            None,
            false,
        )?;
        let exceptions = Exceptions {
            limit: make_class(
                py,
                "LimitError",
                PyTuple::new(py, [parse.bind(py).clone()])?,
                "An input or a computation past one of the library's documented limits (kind ``too_large``): a \
                 file or text too large, more events or Markov states than an analysis takes. A ParseError too, \
                 as which it was raised before it had its own class.",
                Some("too_large"),
                false,
            )?,
            parse,
            validation: sub(
                "ValidationError",
                value_error.clone(),
                "The map has problems; `problems` lists every one of them.",
                Some("invalid"),
                false,
            )?,
            not_found: sub(
                "NotFoundError",
                py.get_type::<PyKeyError>(),
                "An id the journey does not have.",
                Some("not_found"),
                true,
            )?,
            duplicate: sub(
                "DuplicateError",
                value_error.clone(),
                "An id the journey already has.",
                Some("duplicate"),
                false,
            )?,
            argument_type: make_class(
                py,
                "ArgumentTypeError",
                PyTuple::new(py, [argument.bind(py).clone(), py.get_type::<PyTypeError>()])?,
                "An argument of the wrong type: an ArgumentError that is also a TypeError.",
                Some("argument"),
                false,
            )?,
            argument,
            io: sub(
                "JourneyIOError",
                py.get_type::<PyOSError>(),
                "A file could not be read or written.",
                Some("io"),
                true,
            )?,
            cancelled: make_class(
                py,
                "CancelledError",
                PyTuple::new(py, [base.bind(py).clone()])?,
                "A long analysis was stopped by its progress callback (kind ``cancelled``).",
                Some("cancelled"),
                false,
            )?,
            base,
        };
        exceptions.validation.bind(py).setattr("problems", PyList::empty(py))?;
        for field in ["path", "line", "column", "row"] {
            exceptions.base.bind(py).setattr(field, py.None())?;
        }
        Ok(exceptions)
    })
}

/// A Python exception of the class for `kind`, with `kind`; `problems` for a validation error; `errno`,
/// `strerror` and `filename` for an I/O error; and the fields of the core error's [`ErrorLocation`] (`path`,
/// `line`, `column`, `row`; the classes give None for those it lacks).
pub(crate) fn new_error(
    py: Python<'_>,
    kind: ErrorKind,
    message: String,
    problems: &[Problem],
    io: Option<(&Path, &std::io::Error)>,
    location: &ErrorLocation,
) -> PyResult<PyErr> {
    let exceptions = exceptions(py)?;
    // By the core's enum, so that a kind cannot be misspelt here; a kind added to the core later (the enum is
    // non-exhaustive) gets the base class until it is given its own.
    let class = match kind {
        ErrorKind::Json
        | ErrorKind::Csv
        | ErrorKind::Arrow
        | ErrorKind::Mermaid
        | ErrorKind::Encoding
        | ErrorKind::Empty
        | ErrorKind::SchemaVersion
        | ErrorKind::Partial => &exceptions.parse,
        ErrorKind::TooLarge => &exceptions.limit,
        ErrorKind::Invalid => &exceptions.validation,
        ErrorKind::NotFound => &exceptions.not_found,
        ErrorKind::Duplicate => &exceptions.duplicate,
        ErrorKind::Argument => &exceptions.argument,
        ErrorKind::Io => &exceptions.io,
        ErrorKind::Cancelled => &exceptions.cancelled,
        _ => &exceptions.base,
    };
    let instance = class.bind(py).call1((message,))?;
    instance.setattr("kind", kind.as_str())?;
    if kind == ErrorKind::Invalid {
        instance.setattr("problems", records::many(py, records::PROBLEM, problems)?)?;
    }
    if let Some((path, source)) = io {
        instance.setattr("errno", source.raw_os_error())?;
        instance.setattr("strerror", source.to_string())?;
        instance.setattr("filename", path.as_os_str())?;
    }
    set_location(&instance, location)?;
    Ok(PyErr::from_value(instance))
}

/// Sets the fields of `location` that it has on an exception instance.
fn set_location(instance: &Bound<'_, PyAny>, location: &ErrorLocation) -> PyResult<()> {
    if let Some(path) = &location.path {
        instance.setattr("path", path)?;
    }
    if let Some(line) = location.line {
        instance.setattr("line", line)?;
    }
    match &location.column {
        Some(ErrorColumn::Number(n)) => instance.setattr("column", n)?,
        Some(ErrorColumn::Name(name)) => instance.setattr("column", name)?,
        _ => {}
    }
    if let Some(row) = location.row {
        instance.setattr("row", row)?;
    }
    Ok(())
}

/// The Python exception for a core error. Never fails: should building the exception fail, that failure
/// is what is raised.
pub(crate) fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    let io = match &error {
        Error::Io { path, source } => Some((path.as_path(), source)),
        _ => None,
    };
    new_error(py, error.kind(), error.to_string(), error.problems(), io, &error.location()).unwrap_or_else(|e| e)
}

/// `?` for core results inside the binding.
pub(crate) trait OrRaise<T> {
    /// The value, or the core error as a Python exception.
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrRaise<T> for journey_core::Result<T> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py_err(py, e))
    }
}

/// An argument converted in a function's body, with a journey error naming it when it has the wrong type
/// (kind `argument`) or is a `str` with a lone surrogate (kind `encoding`). The package's guard
/// (`journey._guard`) does this for methods; constructors, which it cannot wrap, call this.
pub(crate) fn converted<'a, 'py, T>(value: &'a Bound<'py, PyAny>, name: &str) -> PyResult<T>
where
    T: FromPyObject<'a, 'py>,
    T::Error: Into<PyErr>,
{
    let py = value.py();
    value.extract::<T>().map_err(|e| {
        let e: PyErr = e.into();
        let surrogate = value
            .cast::<pyo3::types::PyString>()
            .ok()
            .filter(|_| e.is_instance_of::<pyo3::exceptions::PyUnicodeEncodeError>(py))
            .and_then(|s| s.to_string_lossy().chars().position(|c| c == '\u{fffd}'));
        let error = match surrogate {
            Some(index) => Error::NotUnicode { name: name.to_owned(), index },
            None if e.is_instance_of::<PyTypeError>(py) => return type_error(py, name, &e.value(py).to_string()),
            None => Error::Argument { name: name.to_owned(), message: e.value(py).to_string() },
        };
        to_py_err(py, error)
    })
}

/// An [`Error::Argument`] raised as `ArgumentTypeError` (an `ArgumentError` that is also a `TypeError`), for
/// an argument of the wrong type.
pub(crate) fn type_error(py: Python<'_>, name: &str, message: &str) -> PyErr {
    type_error_of(py, Error::Argument { name: name.to_owned(), message: message.to_owned() })
}

/// A core error of kind `argument` raised as `ArgumentTypeError` (an `ArgumentError` that is also a
/// `TypeError`): what Python code expects for an argument of the wrong type or a call's wrong arguments.
pub(crate) fn type_error_of(py: Python<'_>, error: Error) -> PyErr {
    let kind = error.kind();
    let made = exceptions(py).and_then(|e| e.argument_type.bind(py).call1((error.to_string(),)));
    let made = made.and_then(|instance| {
        instance.setattr("kind", kind.as_str())?;
        set_location(&instance, &error.location()).map(|()| instance)
    });
    match made {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
}
