//! The core's words for numbers (`journey_core::words`), so that a web page writes counts, shares,
//! money, p-values and durations exactly as the poster, the report and the CLI do.

use journey_core::words::{self, MAX_DECIMALS, MAX_WHOLE};
use wasm_bindgen::prelude::*;

use crate::error::JsResult;

fn decimals_or(d: Option<f64>, default: usize) -> JsResult<usize> {
    match d {
        Some(d) => Ok(words::whole("decimals", d, MAX_DECIMALS as f64)? as usize),
        None => Ok(default),
    }
}

/// A whole number with thousands separators: `formatCount(12345)` is `"12,345"`. Throws kind `argument`
/// for a number that is not a whole number in 0..=2^53 − 1.
#[wasm_bindgen(js_name = formatCount)]
pub fn format_count(n: f64) -> JsResult<String> {
    Ok(words::count(words::whole("n", n, MAX_WHOLE)?))
}

/// A count and its noun, agreeing: `plural(1, "pain point")` is `"1 pain point"`, `plural(2400,
/// "customer")` `"2,400 customers"`. Throws as `formatCount`.
#[wasm_bindgen]
pub fn plural(n: f64, noun: &str) -> JsResult<String> {
    Ok(words::plural(words::whole("n", n, MAX_WHOLE)?, noun))
}

/// A number with thousands separators and at most `decimals` decimals (default 2, at most 17), trailing
/// zeros dropped: `"1,234.5"`; `"?"` when it is not finite.
#[wasm_bindgen(js_name = formatNumber)]
pub fn format_number(v: f64, decimals: Option<f64>) -> JsResult<String> {
    Ok(words::number(v, decimals_or(decimals, 2)?))
}

/// A change with its sign: `formatSigned(36.87, 1)` is `"+36.9"` (default 1 decimal).
#[wasm_bindgen(js_name = formatSigned)]
pub fn format_signed(v: f64, decimals: Option<f64>) -> JsResult<String> {
    Ok(words::signed(v, decimals_or(decimals, 1)?))
}

/// A share 0..1 as a percentage with at most one decimal: `formatPercent(0.125)` is `"12.5%"`.
#[wasm_bindgen(js_name = formatPercent)]
pub fn format_percent(share: f64) -> String {
    words::percent(share)
}

/// Money with its currency: `formatMoney(0.95, "EUR")` is `"€0.95"`, `formatMoney(12.5, "CHF")` `"12.50 CHF"`.
#[wasm_bindgen(js_name = formatMoney)]
pub fn format_money(v: f64, currency: &str) -> String {
    words::money(v, currency)
}

/// A figure in a unit as a map declares it (`"EUR"`, `"%"`, `"days"`), or bare without one.
#[wasm_bindgen(js_name = formatQuantity)]
pub fn format_quantity(v: f64, unit: Option<String>) -> String {
    words::quantity(v, unit.as_deref())
}

/// A p-value: `"p < 0.001"` below 0.001, else `"p = "` with three significant digits.
#[wasm_bindgen(js_name = formatPValue)]
pub fn format_p_value(p: f64) -> String {
    words::p_value(p)
}

/// A duration in milliseconds in the largest unit that fits: `"45 s"`, `"3.5 min"`, `"3.2 days"`.
#[wasm_bindgen(js_name = formatDuration)]
pub fn format_duration(ms: f64) -> String {
    words::duration_ms(ms)
}
