//! The core's words for numbers (`journey_core::words`), so that a notebook writes counts, shares, money,
//! p-values and durations exactly as the poster, the report and the CLI do.

use journey_core::words::{self, MAX_DECIMALS, MAX_WHOLE};
use pyo3::prelude::*;

use crate::errors::OrRaise;

fn whole(py: Python<'_>, name: &str, v: f64, max: f64) -> PyResult<u64> {
    words::whole(name, v, max).or_raise(py)
}

/// A whole number with thousands separators: ``format_count(12345) == "12,345"``.
#[pyfunction]
pub(crate) fn format_count(py: Python<'_>, n: f64) -> PyResult<String> {
    Ok(words::count(whole(py, "n", n, MAX_WHOLE)?))
}

/// A count and its noun, agreeing: ``plural(1, "pain point") == "1 pain point"``.
#[pyfunction]
pub(crate) fn plural(py: Python<'_>, n: f64, noun: &str) -> PyResult<String> {
    Ok(words::plural(whole(py, "n", n, MAX_WHOLE)?, noun))
}

/// A number with thousands separators and at most ``decimals`` decimals, trailing zeros dropped.
#[pyfunction]
#[pyo3(signature = (v, decimals = 2))]
pub(crate) fn format_number(py: Python<'_>, v: f64, decimals: i64) -> PyResult<String> {
    Ok(words::number(v, whole(py, "decimals", decimals as f64, MAX_DECIMALS as f64)? as usize))
}

/// A change with its sign: ``format_signed(36.87, 1) == "+36.9"``.
#[pyfunction]
#[pyo3(signature = (v, decimals = 1))]
pub(crate) fn format_signed(py: Python<'_>, v: f64, decimals: i64) -> PyResult<String> {
    Ok(words::signed(v, whole(py, "decimals", decimals as f64, MAX_DECIMALS as f64)? as usize))
}

/// A share 0..1 as a percentage with at most one decimal: ``format_percent(0.125) == "12.5%"``.
#[pyfunction]
pub(crate) fn format_percent(share: f64) -> String {
    words::percent(share)
}

/// Money with its currency: ``format_money(0.95, "EUR") == "€0.95"``.
#[pyfunction]
pub(crate) fn format_money(v: f64, currency: &str) -> String {
    words::money(v, currency)
}

/// A figure in a unit as a map declares it (``"EUR"``, ``"%"``, ``"days"``), or bare without one.
#[pyfunction]
#[pyo3(signature = (v, unit = None))]
pub(crate) fn format_quantity(v: f64, unit: Option<&str>) -> String {
    words::quantity(v, unit)
}

/// A p-value: ``"p < 0.001"`` below 0.001, else ``"p = "`` with three significant digits.
#[pyfunction]
pub(crate) fn format_p_value(p: f64) -> String {
    words::p_value(p)
}

/// A duration in milliseconds in the largest unit that fits: ``"45 s"``, ``"3.5 min"``, ``"3.2 days"``.
#[pyfunction]
pub(crate) fn format_duration(ms: f64) -> String {
    words::duration_ms(ms)
}
