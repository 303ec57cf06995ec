//! Constructors' arguments, matched to their parameters by the core's rule ([`journey_core::binding`]).
//!
//! The interpreter checks the arguments of a call to a class itself and reports a mistake with a plain
//! `TypeError`, and the package's guard cannot wrap a native `__new__`. So the native constructors take
//! `*args, **kwargs` and bind them here, and the package's own classes (records, results) call
//! [`_bind`] when the interpreter refuses their arguments: a wrong number of arguments, an unknown or
//! repeated keyword, an argument of the wrong type and a class that is not made by calling it all raise
//! `ArgumentTypeError` (kind `argument`, also a `TypeError` as Python code expects) with the core's message.

use journey_core::Error;
use journey_core::binding::{Given, Signature, no_constructor};
use pyo3::exceptions::{PyBaseException, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::errors::type_error_of;

/// The value of each parameter of `signature`, from a call's `args` and `kwargs`; `None` for one not given
/// (which is what Python code passes for "the default").
pub(crate) fn bind<'py, const N: usize>(
    signature: &Signature<'_>,
    args: &Bound<'py, PyTuple>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<[Bound<'py, PyAny>; N]> {
    let py = args.py();
    let values: Vec<_> =
        given(signature, args, kwargs)?.into_iter().map(|v| v.unwrap_or_else(|| py.None().into_bound(py))).collect();
    values.try_into().map_err(|v: Vec<_>| {
        PyRuntimeError::new_err(format!("{}: {} parameters bound into {N} values", signature.call, v.len()))
    })
}

/// The value of each parameter of `signature` given in the call (`None` when not given).
pub(crate) fn given<'py>(
    signature: &Signature<'_>,
    args: &Bound<'py, PyTuple>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Vec<Option<Bound<'py, PyAny>>>> {
    let py = args.py();
    let named: Vec<(String, Bound<'py, PyAny>)> = match kwargs {
        Some(kwargs) => {
            kwargs.iter().map(|(k, v)| Ok((k.str()?.to_string_lossy().into_owned(), v))).collect::<PyResult<_>>()?
        }
        None => Vec::new(),
    };
    let names: Vec<&str> = named.iter().map(|(k, _)| k.as_str()).collect();
    let given = signature.bind(args.len(), &names).map_err(|e| type_error_of(py, e))?;
    given
        .into_iter()
        .map(|g| match g {
            Given::Position(i) => args.get_item(i).map(Some),
            Given::Name(i) => Ok(Some(named[i].1.clone())),
            Given::Absent => Ok(None),
        })
        .collect()
}

/// The name of a value's type, for messages: `int`, `dict`.
pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".to_owned())
}

/// The given arguments of a call of the package's own classes by parameter name (absent ones left out), as
/// the core binds `args` and `kwargs` to `params` (the first `required` of them required).
///
/// Raises `ArgumentTypeError` for a wrong number of arguments or an unknown or repeated keyword.
#[pyfunction]
#[pyo3(signature = (call, params, required, args, kwargs))]
pub(crate) fn _bind<'py>(
    call: &str,
    params: Vec<String>,
    required: usize,
    args: &Bound<'py, PyTuple>,
    kwargs: &Bound<'py, PyDict>,
) -> PyResult<Bound<'py, PyDict>> {
    let params: Vec<&str> = params.iter().map(String::as_str).collect();
    let values = given(&Signature::new(call, &params, required), args, Some(kwargs))?;
    let out = PyDict::new(args.py());
    for (name, value) in params.iter().zip(values) {
        if let Some(value) = value {
            out.set_item(name, value)?;
        }
    }
    Ok(out)
}

/// The `ArgumentTypeError` for the argument `param` of `call` that is not of the `expected` type.
#[pyfunction]
pub(crate) fn _wrong_type(
    py: Python<'_>,
    call: &str,
    param: &str,
    expected: &str,
    value: &Bound<'_, PyAny>,
) -> Py<PyBaseException> {
    let signature = Signature::new(call, &[], 0);
    type_error_of(py, signature.wrong_type(param, expected, &type_name(value))).into_value(py)
}

/// Checks the keys of a mapping given as the argument `param` of `call` against a record's `fields` (every
/// one of them required with `all_required`); raises `ArgumentTypeError` naming the field.
#[pyfunction]
pub(crate) fn _check_fields(
    py: Python<'_>,
    call: &str,
    param: &str,
    given: Vec<String>,
    fields: Vec<String>,
    all_required: bool,
) -> PyResult<()> {
    let given: Vec<&str> = given.iter().map(String::as_str).collect();
    let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
    Signature::new(call, &[], 0).check_fields(param, &given, &fields, all_required).map_err(|e| type_error_of(py, e))
}

/// The `ArgumentTypeError` for calling `class`, which is not made by calling it; `makers` are the ways to
/// make one.
#[pyfunction]
pub(crate) fn _no_constructor(py: Python<'_>, class: &str, makers: Vec<String>) -> Py<PyBaseException> {
    let makers: Vec<&str> = makers.iter().map(String::as_str).collect();
    type_error_of(py, no_constructor(class, &makers)).into_value(py)
}

/// A core error about a part of a constructor's arguments named after the class too: `weights.pain` becomes
/// `ScoringModel: weights.pain`, as the builder's methods name a part (`touchpoint "ad": metrics.entered`).
pub(crate) fn named_after(signature: &Signature<'_>, error: Error) -> Error {
    match error {
        Error::Argument { name, message } => Error::Argument { name: format!("{}: {name}", signature.call), message },
        other => other,
    }
}
