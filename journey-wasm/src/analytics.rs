//! Analytics from event logs: the `EventLog` class and `Journey.apply`.
//!
//! Logs come from CSV (text, bytes, or a `Blob` such as a dropped `File`) or from plain arrays. Results come
//! out as plain objects shaped like the core's serde types (snake_case fields); options go in as one plain
//! object with camelCase keys, read strictly like every other input.

use std::cell::RefCell;
use std::ops::ControlFlow;

use journey_core::Error;
use journey_core::analytics::{
    self, AttributionOptions, BootstrapOptions, CompareOptions, CostOptions, DidThenOptions, Dimension, Discovery,
    EpochUnit, EventColumns, EventField, FunnelOptions, JourneyOptions, Outcome, SelectOptions, Sequence,
    TIMESTAMP_FORMS, TieOrder, Timestamp,
};
use journey_core::binding::hint_unknown;
use js_sys::{Array, ArrayBuffer, Function, Uint8Array};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, js_text, string_arg, to_js, type_name};
use crate::error::{JsResult, Thrown, argument};
use crate::journey::Journey;
use crate::options::{name_options, read_options, read_options_pair, read_options_with};

#[wasm_bindgen(typescript_custom_section)]
const TS_ANALYTICS: &'static str = r#"
/**
 * Called by a long call (reading CSV, `discover`, `funnel`, `stageFunnel`, `conformance`, `loops`,
 * `attribution`) at its start (`done` 0), every few milliseconds of work and at its end (`done === total`;
 * an empty log gives one call, 0 of 0), on the calling thread. The units depend on the call: bytes of
 * input when reading CSV (`done` the bytes parsed), events for an analysis (`discover` counts them twice,
 * Markov attribution adds a step per touchpoint). Returning `false` stops the call, which throws kind
 * `cancelled`; an exception it throws stops the call and is rethrown as it is.
 */
export type ProgressCallback = (done: number, total: number) => boolean | void;

/** The callback of a long analysis: the same as `ProgressCallback`. */
export type AnalysisProgressCallback = ProgressCallback;

/**
 * How a long call is followed and stopped: `onProgress` as a `ProgressCallback`, and `signal`, an
 * `AbortSignal` that stops the call (kind `cancelled`) when it is aborted. The module runs on the calling
 * thread, so nothing else runs during a call: the signal is looked at each time the call reports (before
 * and after `onProgress`), which means it can stop a call when it was aborted before the call, or from
 * inside `onProgress` (or before `fromFile` has the file's bytes); an abort from a timer or an event
 * handler takes effect only after the call has returned.
 */
export interface ProgressOptions {
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

/**
 * A point in time: ISO 8601 text (`2026-03-01T10:15:00Z`, with or without an offset; none means UTC; or a
 * date alone; fractions of a second kept to the nanosecond, 9 digits), epoch seconds or milliseconds as a
 * number (11 or more digits before the point are milliseconds, as in CSV files; as precise as the double
 * is, about a quarter of a microsecond), or a `Date` (milliseconds). From 1677-09-21T00:12:43.145224192Z to
 * 2262-04-11T23:47:16.854775807Z. A timestamp a result returns is in milliseconds (a number, as a `Date`
 * takes it) with its exact value beside it as ISO text to the nanosecond (`as_of` and `as_of_iso`).
 */
export type TimestampInput = string | number | Date;

/** An event log as columns of equal length, one entry per event. */
export interface EventArrays {
  customer: string[];
  timestamp: TimestampInput[];
  touchpoint: string[];
  /** `null` or `undefined` entries mean "no value". */
  channel?: (string | null | undefined)[];
  device?: (string | null | undefined)[];
  session?: (string | null | undefined)[];
  segment?: (string | null | undefined)[];
  /**
   * Why a customer left (a cancellation reason, a survey answer, an error code): trimmed; `null`,
   * `undefined`, empty or blank entries mean none. The reason of a non-converting customer's last event is
   * counted where they left (`DropOff.reasons`).
   */
  reason?: (string | null | undefined)[];
  /** A conversion flag or a value (a number from 0 to 1e15); `null` or `undefined` count as 0. */
  outcome?: (number | boolean | null | undefined)[];
  /**
   * Integers that order a customer's events with the same timestamp; `null` or `undefined` (no number)
   * come first.
   */
  sequence?: (number | null | undefined)[];
}

/** Options of `EventLog.funnel`: those of `ProgressOptions`, and how steps the log has not met are read. */
export interface FunnelOptions extends ProgressOptions {
  /**
   * Refuse a step that no event of the log has (the default, `true`: kind `not_found`, naming the step and
   * the log's touchpoints); `false` lets it count 0 customers, for a funnel over touchpoints that are
   * planned but not yet in the data.
   */
  strict?: boolean;
  /**
   * The conversion window in days (at least 0): a customer counts at step k only when they reached it within
   * this long after step 1 (from any of their visits to step 1). Default: no window.
   */
  withinDays?: number;
}

/** Options of `EventLog.journeys`. */
export interface JourneyOptions {
  /**
   * Days (at least 0) before each conversion: the journey's events earlier than this are dropped (the
   * lookback window). Default: none dropped.
   */
  lookbackDays?: number;
  /**
   * Whether the conversion is a touch of its journey, which attribution then credits (default `false`: the
   * journey converted, with its value, but credits what came before the conversion).
   */
  includeConversion?: boolean;
  /**
   * Whether the events after a customer's last conversion are kept as one more journey that did not
   * convert (the default, `true`), or dropped.
   */
  keepAfterConversion?: boolean;
}

/**
 * Options of a selection by touchpoints (`selectAtStep`, `selectDroppedAtStep`, `selectDid`, `selectDidNot`):
 * `strict` (default `true`) refuses a touchpoint that no event of the log has (kind `not_found`, naming it
 * and the log's touchpoints) as a strict funnel does; `false` reads it as a touchpoint nobody met.
 */
export interface SelectOptions {
  strict?: boolean;
}

/** Options of `EventLog.selectDidThen`: those of `SelectOptions`, and how soon the later touchpoint came. */
export interface DidThenOptions extends SelectOptions {
  /** At most this many seconds from the first touchpoint to the later one (0 or more; default any time). */
  withinSeconds?: number;
}

/** Options of `EventLog.fromArrays`. */
export interface EventArraysOptions {
  /**
   * How a customer's events with the same timestamp are ordered: `canonical` (the default: by sequence,
   * then touchpoint, channel, device, session, segment, reason and outcome, whatever the order of the
   * entries) or
   * `input` (in the order of the entries).
   */
  ties?: TieOrder;
}

/** The name of an attribution model. */

/** Options of `EventLog.attribution`. */
export interface AttributionOptions {
  /** Default `markov`. */
  model?: AttributionModelName;
  /** Markov only: how many past touchpoints make a state, 1..=4 (default 1). */
  order?: number;
  /**
   * Collapse consecutive repeats of a touchpoint into one touch (default true; the result's `collapsed`
   * says which). `false` keeps every touch, as ChannelAttribution and marketing-attribution-models count
   * them out of the box.
   */
  collapse?: boolean;
  /** time_decay only: credit halves for every this many days before the conversion (default 7). */
  halfLifeDays?: number;
  /** position_based only: share of the first touchpoint (default 0.4). */
  first?: number;
  /** position_based only: share of the last touchpoint (default 0.4). */
  last?: number;
  /**
   * markov only: weigh each move to conversion by the converting customer's value instead of counting it,
   * as ChannelAttribution's `var_value` (default false). Removal effects are then `1 - E[value without the
   * touchpoint] / E[value]`, and conversions and value are shared by them; `conversion_probability` stays
   * the one by count.
   */
  valueWeighted?: boolean;
  /**
   * Attribute each conversion rather than each customer (default false): on the journeys of
   * `EventLog.journeys`, a customer who bought twice counts two conversions.
   */
  perConversion?: boolean;
  /** With `perConversion`: touches earlier than this many days before their conversion earn nothing. */
  lookbackDays?: number;
}

/** Options of `EventLog.attributionIntervals`: those of the attribution, and of the bootstrap. */
export interface AttributionIntervalOptions extends AttributionOptions {
  /** Resamples of the customers, 1..=10000 (default 200). */
  resamples?: number;
  /** The confidence level of the intervals, strictly between 0 and 1 (default 0.95). */
  level?: number;
  /** The seed of the draws, an integer from 0 (default 0): the same seed gives the same intervals. */
  seed?: number;
}

/** Options of `EventLog.sessions`. */
export interface SessionOptions {
  /**
   * A customer's event more than this many minutes after their previous one starts a new session (exactly
   * this long after stays in it); at least 0, default 30. Used without a session column or with
   * `useColumn: false`.
   */
  timeoutMinutes?: number;
  /** Take the sessions from the log's session column when it has one (default true). */
  useColumn?: boolean;
}

/** Options of `EventLog.timeToConvert`. */
export interface TimeToConvertOptions {
  /**
   * The end of the observation: customers who have not converted are censored at it, less their first
   * event. Default the log's last event; it may not be before it.
   */
  asOf?: TimestampInput;
}

/** Options of `EventLog.cost`. */
export interface CostOptions {
  /** The models to cost, each with its default parameters (default: every model). */
  models?: AttributionModelName[];
  /** Collapse consecutive repeats of a touchpoint into one touch (default true), as for `attribution`. */
  collapse?: boolean;
  /**
   * The currency the spend and the values are in (an ISO 4217 code or a symbol), which the result's
   * `currency` carries; plain numbers (`null`) when left out. It converts nothing.
   */
  currency?: string;
}

/** Options of `EventLog.transitionMatrix`. */
export interface TransitionMatrixOptions {
  /** How many past touchpoints make a state, 1..=4 (default 1). */
  order?: number;
  /** Collapse consecutive repeats of a touchpoint into one touch (default true). */
  collapse?: boolean;
}

/** Options of `EventLog.markovOrderSelection`. */
export interface OrderSelectionOptions {
  /** The highest order fitted, 1..=4 (default 4). */
  maxOrder?: number;
  /** Collapse consecutive repeats of a touchpoint into one touch (default true). */
  collapse?: boolean;
}

/** Options of `EventLog.compare`. */
export interface ComparisonOptions {
  /** With a map, loops are moves to an earlier stage and unexpected paths are moves the map does not design. */
  journey?: Journey;
  /** The false-discovery rate to keep to: a change is significant when its Benjamini–Hochberg adjusted
   * p-value (`q_value`) is below it (default 0.05). */
  alpha?: number;
  /** The smallest change of a share that matters (default 0.05). */
  minChange?: number;
  /** Funnel steps (touchpoint ids) to compare. */
  funnel?: string[];
  /** How the gaps' messages call the two logs, e.g. `['segment "online"', 'segment "offline"']` or
   * `['October', 'November']` (default `['the first log', 'the second log']`). */
  names?: [string, string];
}
"#;

/// Customers' events over time: who met which touchpoint when, with optional channel, device, session,
/// segment, reason and outcome columns. A customer's events are ordered by timestamp; events at the same
/// time by the sequence column (when there is one), then by touchpoint, channel, device, session, segment,
/// reason and outcome, so that events still tied are identical and shuffled input gives the same answers as sorted
/// input. The option `ties: "input"` keeps ties in the order of the input instead.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct EventLog {
    pub(crate) inner: analytics::EventLog,
}

impl From<analytics::EventLog> for EventLog {
    fn from(inner: analytics::EventLog) -> Self {
        EventLog { inner }
    }
}

impl From<EventLog> for analytics::EventLog {
    fn from(log: EventLog) -> Self {
        log.inner
    }
}

/// An optional callback: `undefined` and `null` mean none.
fn read_callback(value: &JsValue, name: &str) -> Result<Option<Function>, Error> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        value
            .dyn_ref::<Function>()
            .cloned()
            .map(Some)
            .ok_or_else(|| argument(name, format!("expected a function, found {}", type_name(value))))
    }
}

/// How a long call is followed: a progress callback and an `AbortSignal`, either of them optional.
struct Follow {
    callback: Option<Function>,
    signal: Option<JsValue>,
}

/// The fields of a `ProgressOptions` object.
const PROGRESS_FIELDS: [&str; 2] = ["onProgress", "signal"];

/// The last argument of a long call: `undefined` or `null` (not followed), a `ProgressCallback`, or a
/// `ProgressOptions` object `{ onProgress, signal }`.
fn read_follow(value: &JsValue, name: &str) -> Result<Follow, Error> {
    Ok(read_follow_with::<NoOptions>(value, name, "progress")?.1)
}

/// No options but the progress ones.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoOptions {}

/// The last argument of a long call that takes options `T` besides `onProgress` and `signal`
/// (`FunnelOptions`): `undefined` or `null` (the defaults, not followed), a `ProgressCallback`, or an
/// object of options, named `object` in messages about its keys.
fn read_follow_with<T: Default + serde::de::DeserializeOwned>(
    value: &JsValue,
    name: &str,
    object: &str,
) -> Result<(T, Follow), Error> {
    if value.is_undefined() || value.is_null() {
        return Ok((T::default(), Follow { callback: None, signal: None }));
    }
    if let Some(f) = value.dyn_ref::<Function>() {
        return Ok((T::default(), Follow { callback: Some(f.clone()), signal: None }));
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(argument(
            name,
            format!("expected a function or an object {{ onProgress, signal }}, found {}", type_name(value)),
        ));
    }
    let options = read_options_with(value, object, &PROGRESS_FIELDS)?;
    let field = |key: &str| js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let callback = read_callback(&field("onProgress"), "onProgress")?;
    let signal = field("signal");
    let signal = if signal.is_undefined() || signal.is_null() {
        None
    } else if signal.is_object()
        && js_sys::Reflect::get(&signal, &JsValue::from_str("aborted")).is_ok_and(|a| a.as_bool().is_some())
    {
        Some(signal)
    } else {
        return Err(argument("signal", format!("expected an AbortSignal, found {}", type_name(&signal))));
    };
    Ok((options, Follow { callback, signal }))
}

impl Follow {
    fn aborted(&self) -> bool {
        self.signal.as_ref().is_some_and(|s| {
            js_sys::Reflect::get(s, &JsValue::from_str("aborted")).is_ok_and(|a| a.as_bool() == Some(true))
        })
    }

    /// Runs a long core call, calling `onProgress(done, total)` at each of its reports and stopping it when
    /// the callback returns `false` or the signal is aborted (the core's `cancelled` error); an exception
    /// the callback throws stops the call and is rethrown as it is.
    fn run<T>(
        &self,
        work: impl FnOnce(&mut dyn FnMut(analytics::Progress) -> ControlFlow<()>) -> Result<T, Error>,
    ) -> Result<T, JsValue> {
        let mut thrown: Option<JsValue> = None;
        let result = work(&mut |p| {
            if self.aborted() {
                return ControlFlow::Break(());
            }
            if let Some(f) = &self.callback {
                let (done, total) = (JsValue::from_f64(p.done as f64), JsValue::from_f64(p.total as f64));
                match f.call2(&JsValue::UNDEFINED, &done, &total) {
                    // Only `false` stops: a callback that returns nothing goes on.
                    Ok(v) if v.as_bool() == Some(false) => return ControlFlow::Break(()),
                    Ok(_) => {}
                    Err(e) => {
                        thrown = Some(e);
                        return ControlFlow::Break(());
                    }
                }
            }
            if self.aborted() { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
        });
        if let Some(e) = thrown {
            return Err(e);
        }
        result.map_err(|e| Thrown(e).into())
    }
}

/// The error for CSV input of `size` bytes when it is more than the core reads ([`analytics::MAX_CSV_BYTES`]).
fn check_size(size: f64) -> Result<(), Error> {
    analytics::check_csv_size(if size >= usize::MAX as f64 { usize::MAX } else { size as usize })
}

/// A buffer of `len` bytes, or an error (not a trap) when the memory cannot hold them.
fn buffer(len: usize) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(len).map_err(|_| Error::Io {
        path: "<input>".into(),
        source: std::io::Error::new(
            std::io::ErrorKind::OutOfMemory,
            format!("not enough memory to hold {len} bytes of input"),
        ),
    })?;
    Ok(bytes)
}

/// The bytes of CSV input: text (as UTF-8), a `Uint8Array` or an `ArrayBuffer`. Input over the core's limit
/// ([`analytics::MAX_CSV_BYTES`]) is refused before it is copied into the module's memory, and the copy is made in
/// memory reserved first, so that a large input is an error, never an abort.
fn read_bytes(input: &JsValue) -> Result<Vec<u8>, Error> {
    if let Some(text) = input.dyn_ref::<js_sys::JsString>() {
        // UTF-8 takes at least one byte per UTF-16 unit.
        check_size(f64::from(text.length()))?;
        let text = js_text(input, "input")?.unwrap_or_default();
        check_size(text.len() as f64)?;
        Ok(text.into_bytes())
    } else if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
        copy(bytes)
    } else if let Some(buffer) = input.dyn_ref::<ArrayBuffer>() {
        copy(&Uint8Array::new(buffer))
    } else {
        Err(argument("input", format!("expected CSV text or a Uint8Array, found {}", type_name(input))))
    }
}

fn copy(bytes: &Uint8Array) -> Result<Vec<u8>, Error> {
    let len = bytes.byte_length() as usize;
    check_size(len as f64)?;
    let mut out = buffer(len)?;
    out.resize(len, 0);
    bytes.copy_to(&mut out);
    Ok(out)
}

/// The steps of a funnel: an array of strings.
fn read_steps(value: &JsValue) -> Result<Vec<String>, Error> {
    let Some(items) = value.dyn_ref::<Array>() else {
        return Err(analytics::steps_wrong_type(None, &type_name(value)));
    };
    let mut steps = Vec::with_capacity(items.length() as usize);
    for (i, item) in items.iter().enumerate() {
        match js_text(&item, &format!("steps[{i}]"))? {
            Some(step) => steps.push(step),
            None => return Err(analytics::steps_wrong_type(Some(i), &type_name(&item))),
        }
    }
    Ok(steps)
}

/// A count or an index given as a number (`step`, `top`): a whole number, 0 or more.
fn read_whole(value: &JsValue, name: &str) -> Result<usize, Error> {
    let Some(n) = value.as_f64() else {
        return Err(argument(name, format!("expected a whole number, found {}", type_name(value))));
    };
    Ok(journey_core::words::whole(name, n, usize::MAX as f64)? as usize)
}

/// Reads CSV bytes into a log, followed as `follow` says: the core reports the bytes parsed of the input's
/// length.
fn read_csv(bytes: &[u8], columns: &EventColumns, follow: &Follow) -> Result<EventLog, JsValue> {
    follow.run(|p| analytics::EventLog::from_csv_bytes_with_progress(bytes, columns, p)).map(EventLog::from)
}

/// A JavaScript value as a timestamp as the core reads one: a string (its text kept in `text`), a number
/// (epoch seconds or milliseconds, by the rule of CSV files) or a `Date`; `null` and `undefined` are a
/// missing timestamp. `Err` says what was expected, for a value of another type.
fn timestamp_of<'a>(value: &JsValue, text: &'a mut Option<String>) -> Result<Option<Timestamp<'a>>, String> {
    *text = value.as_string();
    if let Some(text) = text {
        Ok(Some(Timestamp::Text(text)))
    } else if let Some(n) = value.as_f64() {
        Ok(Some(Timestamp::Epoch(n)))
    } else if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        let ms = date.get_time();
        if !ms.is_finite() {
            return Err("expected a valid Date, found an invalid Date".to_owned());
        }
        Ok(Some(Timestamp::Ticks(ms as i64, EpochUnit::Milliseconds)))
    } else if value.is_null() || value.is_undefined() {
        Ok(None)
    } else {
        Err(format!("{TIMESTAMP_FORMS}, or a Date, found {}", type_name(value)))
    }
}

/// A timestamp argument (`from`, `to`) in nanoseconds since the epoch, read by the core's rule for
/// timestamp arguments ([`analytics::timestamp_argument`]).
fn read_timestamp(value: &JsValue, name: &str) -> Result<i64, Error> {
    let mut text = None;
    let read = timestamp_of(value, &mut text).map_err(|message| argument(name, message))?;
    analytics::timestamp_argument(name, read)
}

/// The fields of `EventLog.fromArrays`' argument: those of an event.
const ARRAY_FIELDS: &[&str] = EventField::NAMES;

/// Options of `EventLog.fromArrays`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ArraysOptions {
    ties: TieOrder,
}

/// One column of `EventLog.fromArrays`' argument; `None` when it is left out (or `undefined`/`null`).
fn array_field(arrays: &JsValue, field: &str, required: bool) -> Result<Option<Array>, Error> {
    let value = js_sys::Reflect::get(arrays, &JsValue::from_str(field))
        .map_err(|_| argument(format!("arrays.{field}"), "cannot be read"))?;
    if (value.is_undefined() || value.is_null()) && !required {
        return Ok(None);
    }
    value
        .dyn_into::<Array>()
        .map(Some)
        .map_err(|v| argument(format!("arrays.{field}"), format!("expected an array, found {}", type_name(&v))))
}

/// A value of row `row` of the column of `field` that is not of a type the column takes: an
/// [`Error::Table`] at that row and column, as the core reports every value it cannot take.
fn cell_fault(row: u32, field: EventField, message: String) -> Error {
    Error::Table { row: Some(u64::from(row)), column: field.as_str().to_owned(), message }
}

/// A text cell: the text of a string, `None` for `null` or `undefined`; `Err` for a value of another type
/// (saying what was `expected`) and for a string with a lone surrogate, which a conversion to UTF-8 would
/// silently replace (an encoding error naming the entry).
fn text_at(column: &Array, field: EventField, i: u32, expected: &str) -> Result<Option<String>, Error> {
    let value = column.get(i);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.dyn_ref::<js_sys::JsString>() {
        Some(s) if !s.is_valid_utf16() => js_text(&value, &format!("arrays.{}[{i}]", field.as_str())),
        Some(s) => Ok(s.as_string()),
        None => Err(cell_fault(i, field, format!("expected {expected}, found {}", type_name(&value)))),
    }
}

/// An optional text cell: `null` and `undefined` mean "no value".
fn optional_at(column: Option<&Array>, field: EventField, i: u32) -> Result<Option<String>, Error> {
    column.map_or(Ok(None), |column| text_at(column, field, i, "a string or null"))
}

/// An outcome cell: a number or a boolean; `null` and `undefined` are none (no conversion).
fn outcome_at(column: Option<&Array>, i: u32) -> Result<Option<Outcome<'static>>, Error> {
    let Some(column) = column else { return Ok(None) };
    let value = column.get(i);
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else if let Some(flag) = value.as_bool() {
        Ok(Some(Outcome::Flag(flag)))
    } else if let Some(n) = value.as_f64() {
        Ok(Some(Outcome::Number(n)))
    } else {
        let message = format!("expected a number or a boolean, found {}", type_name(&value));
        Err(cell_fault(i, EventField::Outcome, message))
    }
}

/// A sequence cell: a number; `null` and `undefined` mean none.
fn sequence_at(column: Option<&Array>, i: u32) -> Result<Option<Sequence<'static>>, Error> {
    let Some(column) = column else { return Ok(None) };
    let value = column.get(i);
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else if let Some(n) = value.as_f64() {
        Ok(Some(Sequence::Number(n)))
    } else {
        let message = format!("expected an integer or null, found {}", type_name(&value));
        Err(cell_fault(i, EventField::Sequence, message))
    }
}

/// Reads `EventLog.fromArrays`' arguments into a log.
fn log_from_arrays(arrays: &JsValue, options: &JsValue) -> Result<analytics::EventLog, Error> {
    let options: ArraysOptions = read_options(options, "options")?;
    if !arrays.is_object() || Array::is_array(arrays) {
        return Err(argument("arrays", format!("expected an object of arrays, found {}", type_name(arrays))));
    }
    for key in js_sys::Object::keys::<JsValue>(arrays.unchecked_ref()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !ARRAY_FIELDS.contains(&key.as_str()) {
            let message = format!("unknown field \"{key}\", expected one of {}", ARRAY_FIELDS.join(", "));
            return Err(argument("arrays", hint_unknown(message, &key, ARRAY_FIELDS.iter().copied())));
        }
    }
    let required = |field| array_field(arrays, field, true)?.ok_or_else(|| argument(field, "is missing"));
    let (customer, timestamp, touchpoint) = (required("customer")?, required("timestamp")?, required("touchpoint")?);
    let optional = |field| array_field(arrays, field, false);
    let (channel, device, session, segment, outcome) =
        (optional("channel")?, optional("device")?, optional("session")?, optional("segment")?, optional("outcome")?);
    let (reason, sequence) = (optional("reason")?, optional("sequence")?);
    let n = customer.length();
    let columns = [
        ("timestamp", Some(&timestamp)),
        ("touchpoint", Some(&touchpoint)),
        ("channel", channel.as_ref()),
        ("device", device.as_ref()),
        ("session", session.as_ref()),
        ("segment", segment.as_ref()),
        ("reason", reason.as_ref()),
        ("outcome", outcome.as_ref()),
        ("sequence", sequence.as_ref()),
    ];
    for (field, column) in columns {
        if let Some(column) = column
            && column.length() != n
        {
            return Err(argument(
                format!("arrays.{field}"),
                format!("has {} entries, expected {n} (as many as arrays.customer)", column.length()),
            ));
        }
    }
    let mut builder = analytics::EventLogBuilder::with_capacity(n as usize).with_ties(options.ties);
    if outcome.is_some() {
        builder = builder.with_outcome_column();
    }
    for i in 0..n {
        // The cells converted from their JavaScript types, in the order of the columns; the core checks
        // their values.
        let customer = text_at(&customer, EventField::Customer, i, "a string")?;
        let touchpoint = text_at(&touchpoint, EventField::Touchpoint, i, "a string")?;
        let mut text = None;
        let time = timestamp_of(&timestamp.get(i), &mut text).map_err(|m| cell_fault(i, EventField::Timestamp, m))?;
        let channel = optional_at(channel.as_ref(), EventField::Channel, i)?;
        let device = optional_at(device.as_ref(), EventField::Device, i)?;
        let session = optional_at(session.as_ref(), EventField::Session, i)?;
        let segment = optional_at(segment.as_ref(), EventField::Segment, i)?;
        let reason = optional_at(reason.as_ref(), EventField::Reason, i)?;
        builder.push_values(&analytics::EventValues {
            customer: customer.as_deref(),
            timestamp: time,
            touchpoint: touchpoint.as_deref(),
            channel: channel.as_deref(),
            device: device.as_deref(),
            session: session.as_deref(),
            segment: segment.as_deref(),
            reason: reason.as_deref(),
            outcome: outcome_at(outcome.as_ref(), i)?,
            sequence: sequence_at(sequence.as_ref(), i)?,
        })?;
    }
    builder.build()
}

// Class instances inside plain objects (`options.journey`) and in union-typed arguments (`Discovery |
// EventLog`) cannot be borrowed from a `JsValue` in safe Rust: wasm-bindgen's conversion takes the object
// over. Instead the instance's hidden hand-off method is called (through JavaScript, so it runs with a
// checked borrow of the instance) and leaves what is needed here.
thread_local! {
    static HANDED: RefCell<Option<Handed>> = const { RefCell::new(None) };
}

/// What a hand-off method leaves.
enum Handed {
    Journey(Box<journey_core::Journey>),
    Discovery(Discovery),
    /// A log's events, lent by `__logLend` and given back by `__logReturn`.
    Log(Box<analytics::EventLog>),
    /// A copy of a partial (`JourneyPartial`'s `__partialHandOff`).
    Partial(Box<journey_core::analytics::Partial>),
}

/// Hands a copy of a partial to the function that called the hand-off (see [`partial_in`]).
pub(crate) fn hand_partial(p: &journey_core::analytics::Partial) {
    hand(Handed::Partial(Box::new(p.clone())));
}

/// A `JourneyPartial` instance given where a value is expected (a copy of it), `None` for anything else.
pub(crate) fn partial_in(value: &JsValue, name: &str) -> Result<Option<journey_core::analytics::Partial>, Error> {
    match take_handed(value, "__partialHandOff") {
        Ok(Some(Handed::Partial(p))) => Ok(Some(*p)),
        Ok(_) => Ok(None),
        Err(_) => Err(argument(name, "is a JourneyPartial that can no longer be used (it was freed)")),
    }
}

/// The options of a comparison (`ComparisonOptions`), with the map of its `journey` key, if any.
pub(crate) fn comparison_options(options: &JsValue) -> Result<(CompareOptions, Option<journey_core::Journey>), Error> {
    let read: CompareOptions = read_options_with(options, "options", &["journey"])?;
    let journey = match js_sys::Reflect::get(options, &JsValue::from_str("journey")) {
        Ok(v) if options.is_object() => optional_journey(&v, "options.journey")?,
        _ => None,
    };
    Ok((read, journey))
}

/// A `Journey` instance held in a plain object (a copy of its map), for the binding's readers of options.
pub(crate) fn journey_of(value: &JsValue, name: &str) -> Result<journey_core::Journey, Error> {
    journey_in(value, name)
}

fn hand(item: Handed) {
    HANDED.with(|h| *h.borrow_mut() = Some(item));
}

/// Calls `value[method]()` when it is a function; what it handed over, if anything.
fn take_handed(value: &JsValue, method: &str) -> Result<Option<Handed>, JsValue> {
    if !value.is_object() {
        return Ok(None);
    }
    let Some(f) = js_sys::Reflect::get(value, &JsValue::from_str(method))?.dyn_into::<Function>().ok() else {
        return Ok(None);
    };
    HANDED.with(|h| h.borrow_mut().take());
    f.call0(value)?;
    Ok(HANDED.with(|h| h.borrow_mut().take()))
}

/// A `Journey` instance held in a plain object (a copy of its map).
fn journey_in(value: &JsValue, name: &str) -> Result<journey_core::Journey, Error> {
    let not_a_journey = || argument(name, format!("expected a Journey, found {}", type_name(value)));
    match take_handed(value, "__journeyHandOff") {
        Ok(Some(Handed::Journey(journey))) => Ok(*journey),
        Ok(_) => Err(not_a_journey()),
        // A freed instance throws when its method is called.
        Err(_) => Err(argument(name, "is a Journey that can no longer be used (it was freed)")),
    }
}

/// Calls `f` with the events of an optional `EventLog` argument (`undefined` and `null` mean none), without
/// copying them: the instance lends its events (its hidden `__logLend`) and gets them back afterwards
/// (`__logReturn`), so that a large log is not held twice.
pub(crate) fn with_optional_log<R>(
    value: &JsValue,
    name: &str,
    f: impl FnOnce(Option<&analytics::EventLog>) -> R,
) -> Result<R, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(f(None));
    }
    let log = match take_handed(value, "__logLend") {
        Ok(Some(Handed::Log(log))) => log,
        Ok(_) => return Err(argument(name, format!("expected an EventLog, found {}", type_name(value)))),
        Err(_) => return Err(argument(name, "is an EventLog that can no longer be used (it was freed)")),
    };
    let result = f(Some(&log));
    hand(Handed::Log(log));
    // The instance was usable a moment ago, so its method is there; if it threw, the events would be lost
    // and the log would read as empty from then on, which is all that could go wrong.
    let give_back =
        js_sys::Reflect::get(value, &JsValue::from_str("__logReturn")).ok().and_then(|f| f.dyn_into::<Function>().ok());
    if let Some(give_back) = give_back {
        let _ = give_back.call0(value);
    }
    HANDED.with(|h| h.borrow_mut().take());
    Ok(result)
}

/// An optional `Journey` argument: `undefined` and `null` mean none.
pub(crate) fn optional_journey(value: &JsValue, name: &str) -> Result<Option<journey_core::Journey>, Error> {
    if value.is_undefined() || value.is_null() { Ok(None) } else { journey_in(value, name).map(Some) }
}

#[wasm_bindgen]
impl Journey {
    /// Internal: hands a copy of the map to the function that called this (see `journey_in`).
    #[wasm_bindgen(js_name = __journeyHandOff, skip_typescript)]
    pub fn hand_off(&self) {
        hand(Handed::Journey(Box::new(self.inner.clone())));
    }

    /// A new journey with observations written onto it: `metrics.entered` and `metrics.completed` of every
    /// touchpoint the log knows, and `observed`, `count`, `probability` and durations of every observed
    /// transition (transitions the map lacks are added with `expected: false`), `metrics.starts` (customers
    /// who started there) and `metrics.exit_reasons` (the top reasons of those who left there, from the log's
    /// reason column; the `drop_off` gaps name them). A touchpoint of the log the map lacks is kept as a
    /// proposed one (`proposed: true`, role `optional`). This journey is unchanged.
    ///
    /// `observed` is an `EventLog` (its discovery is used) or the result of `EventLog.discover()`. Throws
    /// kind `argument` for anything else.
    #[wasm_bindgen(unchecked_return_type = "Journey")]
    pub fn apply(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Discovery | EventLog")] observed: JsValue,
    ) -> Result<Journey, JsValue> {
        let discovery = match take_handed(&observed, "__discoveryHandOff") {
            Ok(Some(Handed::Discovery(d))) => d,
            Ok(_) if observed.is_object() && !Array::is_array(&observed) => {
                from_js::<Discovery>(&observed, "observed").map_err(Thrown)?
            }
            Ok(_) => {
                return Err(Thrown(argument(
                    "observed",
                    format!("expected a Discovery or an EventLog, found {}", type_name(&observed)),
                ))
                .into());
            }
            Err(_) => {
                return Err(
                    Thrown(argument("observed", "is an EventLog that can no longer be used (it was freed)")).into()
                );
            }
        };
        let mut journey = self.inner.clone();
        journey.apply(&discovery);
        Ok(journey.into())
    }
}

#[wasm_bindgen]
impl EventLog {
    /// Reads an event log from CSV (text, or UTF-8 bytes as a `Uint8Array`): a header row, then one event per
    /// row. `columns` names the columns (defaults `customer_id`, `timestamp`, `touchpoint`; channel, device,
    /// session, segment, reason, outcome and sequence only when named) and may set `ties` (`canonical` or
    /// `input`).
    /// `progress` is a `ProgressCallback` or `{ onProgress, signal }` (see `ProgressOptions`): called with the
    /// bytes parsed of the input's length at the start, every few milliseconds (about every 256 KiB) and
    /// at the end; returning `false` (or an aborted signal) stops the reading with kind `cancelled`, and an
    /// exception it throws stops it and is rethrown.
    ///
    /// Throws kind `csv` naming the line and column (a missing column, an unreadable timestamp or outcome, an
    /// empty id, a row of the wrong length, bytes that are not UTF-8), `too_large` for input of more than
    /// 1 GiB (refused before it is copied), or `argument` for arguments of the wrong type or unknown column
    /// options.
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Partial<EventColumns>")] columns: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback | ProgressOptions")] progress: JsValue,
    ) -> Result<EventLog, JsValue> {
        let columns: EventColumns = read_options(&columns, "columns").map_err(Thrown)?;
        let follow = read_follow(&progress, "onProgress").map_err(Thrown)?;
        let bytes = read_bytes(&input).map_err(Thrown)?;
        read_csv(&bytes, &columns, &follow)
    }

    /// Reads an event log from a `Blob` (a `File` dropped on a page, a fetched body) holding CSV; see
    /// `fromCsv` (`progress` too: the signal is looked at once the bytes are there, so an abort while the
    /// Blob is read stops the parse at its start). The promise rejects with the errors `fromCsv` throws, or
    /// kind `argument` when `file` is not a Blob.
    #[wasm_bindgen(js_name = fromFile, unchecked_return_type = "Promise<EventLog>")]
    pub fn from_file(
        #[wasm_bindgen(unchecked_param_type = "Blob")] file: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Partial<EventColumns>")] columns: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback | ProgressOptions")] progress: JsValue,
    ) -> js_sys::Promise {
        match start_reading(&file, &columns, &progress) {
            Ok(promise) => promise,
            Err(e) => js_sys::Promise::reject(&e),
        }
    }

    /// An event log from columns of equal length, one entry per event. Timestamps are ISO 8601 text, epoch
    /// seconds or milliseconds (numbers of 11 or more digits before the point are milliseconds, as in CSV
    /// files) or `Date`s; outcomes are numbers from 0 to 1e15 or booleans; sequence numbers are integers.
    /// `options.ties` orders a customer's events with the same timestamp (`canonical` by default, or
    /// `input`).
    ///
    /// Throws kind `csv` for a value the log cannot take, as every reader of a table does, with its row and
    /// field as `row` and `column` (`row 3, column "timestamp": cannot read ...`); kind `argument` for
    /// arrays of unequal length, or for unknown fields or options.
    #[wasm_bindgen(js_name = fromArrays)]
    pub fn from_arrays(
        #[wasm_bindgen(unchecked_param_type = "EventArrays")] arrays: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EventArraysOptions")] options: JsValue,
    ) -> JsResult<EventLog> {
        Ok(log_from_arrays(&arrays, &options)?.into())
    }

    /// Internal: lends this log's events to the function that called this (see `with_optional_log`); the log
    /// is empty until `__logReturn` gives them back.
    #[wasm_bindgen(js_name = __logLend, skip_typescript)]
    pub fn lend(&mut self) {
        hand(Handed::Log(Box::new(std::mem::take(&mut self.inner))));
    }

    /// Internal: takes back the events lent by `__logLend`.
    #[wasm_bindgen(js_name = __logReturn, skip_typescript)]
    pub fn take_back(&mut self) {
        if let Some(Handed::Log(log)) = HANDED.with(|h| h.borrow_mut().take()) {
            self.inner = *log;
        }
    }

    /// Internal: hands this log's discovery to the function that called this (see `Journey.apply`).
    #[wasm_bindgen(js_name = __discoveryHandOff, skip_typescript)]
    pub fn hand_off(&self) {
        hand(Handed::Discovery(self.inner.discover()));
    }

    /// What customers really did: directly-follows transitions with durations, starts, ends, visits, path
    /// variants and drop-off. O(events).
    ///
    /// `progress`, as for every long call: a `ProgressCallback` or `{ onProgress, signal }` (see
    /// `ProgressOptions`), here counting the events twice (the pass and its figures). Throws kind
    /// `cancelled` when it stopped the call.
    #[wasm_bindgen(unchecked_return_type = "Discovery")]
    pub fn discover(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback | ProgressOptions")] progress: JsValue,
    ) -> Result<JsValue, JsValue> {
        let follow = read_follow(&progress, "onProgress").map_err(Thrown)?;
        let d = follow.run(|p| self.inner.discover_with_progress(p))?;
        Ok(to_js(&d).map_err(Thrown)?)
    }

    /// The directly-follows graph alone: counts of moves, starts and ends, without durations or variants;
    /// much cheaper than `discover()`.
    #[wasm_bindgen(unchecked_return_type = "Dfg")]
    pub fn dfg(&self) -> JsResult<JsValue> {
        Ok(to_js(&self.inner.dfg())?)
    }

    /// A closed ordered funnel over touchpoint ids: a customer counts at step k when they passed steps 1..k
    /// in that order (not necessarily one right after another). `options` is a `ProgressCallback` or
    /// `FunnelOptions`: `strict: false` lets a step that no event of the log has count 0 customers (a
    /// funnel over touchpoints planned but not yet in the data), and `onProgress` and `signal` follow the
    /// call as for `discover` (in events).
    ///
    /// Throws kind `not_found` for a step that no event of the log has (naming it and the log's
    /// touchpoints), unless `strict` is false; `argument` for no steps, steps that are not an array of
    /// strings, or an unknown option.
    #[wasm_bindgen(unchecked_return_type = "Funnel")]
    pub fn funnel(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] steps: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback | FunnelOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let steps = read_steps(&steps).map_err(Thrown)?;
        let (options, follow): (FunnelOptions, _) =
            read_follow_with(&options, "onProgress", "options").map_err(Thrown)?;
        options.check().map_err(|e| Thrown(name_options::<FunnelOptions>(e, "options")))?;
        let f = follow.run(|p| self.inner.funnel_with_progress(&steps, &options, p))?;
        Ok(to_js(&f).map_err(Thrown)?)
    }

    /// The stage funnel of a map: step k is reached by customers who met a touchpoint of each of the stages
    /// 1..k in that order. `progress` as for `discover` (in events).
    #[wasm_bindgen(js_name = stageFunnel, unchecked_return_type = "Funnel")]
    pub fn stage_funnel(
        &self,
        journey: &Journey,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback | ProgressOptions")] progress: JsValue,
    ) -> Result<JsValue, JsValue> {
        let follow = read_follow(&progress, "onProgress").map_err(Thrown)?;
        let f = follow.run(|p| self.inner.stage_funnel_with_progress(&journey.inner, p))?;
        Ok(to_js(&f).map_err(Thrown)?)
    }

    /// Which touchpoints earn the conversions: `first_touch`, `last_touch`, `linear`, `time_decay`,
    /// `position_based`, `markov` (the default, order 1: exact removal effects of the absorbing chain),
    /// `shapley` (the exact Shapley value over the observed coalitions, each converting customer's distinct
    /// touchpoints sharing their conversion equally) or `ordered_shapley` (the same, split by position by
    /// first touch in `positions`). Consecutive repeats are collapsed unless `collapse` is false.
    ///
    /// `progress` as for `discover` (a `ProgressCallback` or `{ onProgress, signal }`): the events, then for
    /// Markov one step per touchpoint and one more; returning `false` stops it, and an exception it throws
    /// is rethrown as it is.
    ///
    /// Throws kind `argument` for an unknown option, a parameter of another model, or a value out of range;
    /// `too_large` for a Markov chain past the solve's work limits; `cancelled` when `onProgress` stopped it.
    #[wasm_bindgen(unchecked_return_type = "Attribution")]
    pub fn attribution(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AttributionOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback | ProgressOptions")] progress: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options: AttributionOptions = read_options(&options, "options").map_err(Thrown)?;
        let named = |e| Thrown(name_options::<AttributionOptions>(e, "options"));
        options.model().map_err(named)?;
        options.journeys().map_err(named)?;
        let follow = read_follow(&progress, "onProgress").map_err(Thrown)?;
        let a = follow.run(|p| self.inner.attribution_with_options_progress(&options, p))?;
        Ok(to_js(&a).map_err(Thrown)?)
    }

    /// How sure the shares of `attribution` are: one row per touchpoint, in its order, with its share of
    /// the conversions and the percentile bootstrap interval (`low`, `high`) at `level` (default 0.95) over
    /// `resamples` (1..=10000, default 200) draws of the customers with replacement. The draws follow
    /// `seed` (default 0) with SplitMix64, customers in the order of their ids, so a seed gives the same
    /// intervals in Rust, Python and JavaScript; with `perConversion` a customer is drawn with all their
    /// journeys. The other options are those of `attribution`. `progress` as for `attribution`, counting
    /// the resamples.
    ///
    /// Throws kind `argument` for resamples outside 1..=10000, a level not strictly between 0 and 1, or as
    /// `attribution`; `cancelled` when `onProgress` stopped it.
    #[wasm_bindgen(js_name = attributionIntervals, unchecked_return_type = "AttributionIntervals")]
    pub fn attribution_intervals(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AttributionIntervalOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback | ProgressOptions")] progress: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (options, bootstrap): (AttributionOptions, BootstrapOptions) =
            read_options_pair(&options, "options", &[]).map_err(Thrown)?;
        let named =
            |e| Thrown(name_options::<AttributionOptions>(name_options::<BootstrapOptions>(e, "options"), "options"));
        bootstrap.check().map_err(named)?;
        options.model().map_err(named)?;
        options.journeys().map_err(named)?;
        let follow = read_follow(&progress, "onProgress").map_err(Thrown)?;
        let a = follow.run(|p| self.inner.attribution_intervals_with_progress(&options, &bootstrap, p))?;
        Ok(to_js(&a).map_err(Thrown)?)
    }

    /// What the spend on each touchpoint bought under each model: `spend` maps touchpoint ids to money;
    /// one row per model (in the order of `options.models`, every model when none is named) and touchpoint
    /// of `spend` (by id), with the conversions and value the model credits to it, `cost_per_conversion`
    /// (`spend / conversions`, `null` when it is credited with no conversion) and `roas` (`value / spend`,
    /// `null` when nothing was spent); `options.currency` (an ISO 4217 code or a symbol), when given, is
    /// what the spend and the values are in, and the result's `currency` carries it (`null` without it).
    ///
    /// Throws kind `not_found` (naming the log's touchpoints) for a touchpoint the log does not have, kind
    /// `argument` for a spend that is not a plain object of numbers or is negative, NaN or infinite (named
    /// `spend["id"]`), an unknown model (`options.models[i]`), a currency that is not one
    /// (`options.currency`) or an unknown option.
    #[wasm_bindgen(unchecked_return_type = "Cost")]
    pub fn cost(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, number>")] spend: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CostOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let spend = spend_of(&spend)?;
        let options: CostOptions = read_options(&options, "options")?;
        let cost = self.inner.cost_with(&spend, &options).map_err(|e| name_options::<CostOptions>(e, "options"))?;
        Ok(to_js(&cost)?)
    }

    /// The transition matrix of the Markov chain that `attribution` solves, of `order` 1..=4 (default 1):
    /// one row per move observed (`from`, `to`, `count`, `probability`), from `(start)`, then the touchpoint
    /// states by name (the last `order` touchpoints joined by ` > `), to those, `(conversion)` or `(null)`.
    ///
    /// Throws kind `argument` for an order outside 1..=4, an unknown option or a log without outcomes.
    #[wasm_bindgen(js_name = transitionMatrix, unchecked_return_type = "TransitionMatrix")]
    pub fn transition_matrix(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "TransitionMatrixOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let o: analytics::TransitionMatrixOptions = read_options(&options, "options")?;
        let m = self
            .inner
            .transition_matrix(o.order, o.collapse)
            .map_err(|e| name_options::<analytics::TransitionMatrixOptions>(e, "options"))?;
        Ok(to_js(&m)?)
    }

    /// How well the Markov chains of orders 1 to `maxOrder` (1..=4, default 4) fit the paths: log-likelihood,
    /// AIC and BIC per order, and `chosen`, the order of least BIC (the lower on a tie).
    ///
    /// Throws kind `argument` for `maxOrder` outside 1..=4, an unknown option or a log without outcomes.
    #[wasm_bindgen(js_name = markovOrderSelection, unchecked_return_type = "OrderSelection")]
    pub fn markov_order_selection(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "OrderSelectionOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let o: analytics::OrderSelectionOptions = read_options(&options, "options")?;
        let s = self
            .inner
            .markov_order_selection(o.max_order, o.collapse)
            .map_err(|e| name_options::<analytics::OrderSelectionOptions>(e, "options"))?;
        Ok(to_js(&s)?)
    }

    /// What leads to a touchpoint and what follows it: for each customer who came to it, around their first
    /// visit, the `steps` events before and after (1 to 10, default 3), counted by customers, repeats kept:
    /// the `top` sequences each way (default 10, 0 for all; the rest in `before_other` and `after_other`),
    /// the places at each offset (`nodes`) and the flows between consecutive offsets (`flows`, by node
    /// index), which `pathsSankeySvg` draws. With `anchor: "every"`, around every visit, counted by visits
    /// (`customers` of the result still counts customers, `visits` the visits; two visits closer than the
    /// steps both count, each around itself).
    ///
    /// Throws kind `not_found` (naming the log's touchpoints) for a touchpoint the log does not have, kind
    /// `argument` for steps outside 1 to 10, an anchor other than `"first"` and `"every"`, or an unknown
    /// option.
    #[wasm_bindgen(js_name = pathsAround, unchecked_return_type = "PathsAround")]
    pub fn paths_around(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] touchpoint: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Partial<PathsOptions>")] options: JsValue,
    ) -> JsResult<JsValue> {
        let touchpoint = string_arg(&touchpoint, "touchpoint")?;
        let options: analytics::PathsOptions = read_options(&options, "options")?;
        Ok(to_js(&self.inner.paths_around(&touchpoint, &options)?)?)
    }

    /// How long customers took from their first event to their first conversion: the counts, the
    /// percentiles of the observed times and the Kaplan–Meier curve, with the customers who have not
    /// converted counted as censored at `asOf` (by default the log's last event). Throws kind `argument`
    /// for a log without an outcome column, an unknown option, or an `asOf` that is not a time or is before
    /// the log's last event; `cancelled` when `progress` (as for `discover`, in events) stopped it.
    #[wasm_bindgen(js_name = timeToConvert, unchecked_return_type = "TimeToConvert")]
    pub fn time_to_convert(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "TimeToConvertOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback | ProgressOptions")] progress: JsValue,
    ) -> Result<JsValue, JsValue> {
        let mut read: analytics::TimeToConvertOptions =
            read_options_with(&options, "options", &["asOf"]).map_err(Thrown)?;
        if options.is_object() {
            let as_of = js_sys::Reflect::get(&options, &JsValue::from_str("asOf")).unwrap_or(JsValue::UNDEFINED);
            if !as_of.is_null_or_undefined() {
                read.as_of = Some(read_timestamp(&as_of, "options.asOf").map_err(Thrown)?);
            }
        }
        let follow = read_follow(&progress, "onProgress").map_err(Thrown)?;
        let found = follow.run(|p| {
            self.inner
                .time_to_convert_with_progress(&read, p)
                .map_err(|e| name_options::<analytics::TimeToConvertOptions>(e, "options"))
        })?;
        Ok(to_js(&found).map_err(Thrown)?)
    }

    /// Retention cohorts: the customers who converted, grouped by the UTC week (Monday to Sunday) or month
    /// (the default) of their first conversion, with the share of each converting again in each later
    /// period, the repeat-purchase rate and the mean conversions per customer. Throws kind `argument` for a
    /// log without an outcome column or an unknown option or period; `cancelled` when `progress` (as for
    /// `discover`, in events) stopped it.
    #[wasm_bindgen(unchecked_return_type = "Cohorts")]
    pub fn cohorts(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Partial<CohortOptions>")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback | ProgressOptions")] progress: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options: analytics::CohortOptions = read_options(&options, "options").map_err(Thrown)?;
        let follow = read_follow(&progress, "onProgress").map_err(Thrown)?;
        let c = follow.run(|p| self.inner.cohorts_with_progress(&options, p))?;
        Ok(to_js(&c).map_err(Thrown)?)
    }

    /// How far the observed paths follow the designed map: fitness per customer and overall, unexpected
    /// transitions, designed transitions never taken, unknown touchpoints. O(events). `progress` as for
    /// `discover` (in events).
    #[wasm_bindgen(unchecked_return_type = "Conformance")]
    pub fn conformance(
        &self,
        journey: &Journey,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback | ProgressOptions")] progress: JsValue,
    ) -> Result<JsValue, JsValue> {
        let follow = read_follow(&progress, "onProgress").map_err(Thrown)?;
        let c = follow.run(|p| self.inner.conformance_with_progress(&journey.inner, p))?;
        Ok(to_js(&c).map_err(Thrown)?)
    }

    /// Customers going back: to a touchpoint they met before, or, with a map, to an earlier stage.
    /// `progress` as for `discover` (in events).
    #[wasm_bindgen(unchecked_return_type = "Loops")]
    pub fn loops(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Journey")] journey: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback | ProgressOptions")] progress: JsValue,
    ) -> Result<JsValue, JsValue> {
        let journey = optional_journey(&journey, "journey").map_err(Thrown)?;
        let follow = read_follow(&progress, "onProgress").map_err(Thrown)?;
        let l = follow.run(|p| self.inner.loops_with_progress(journey.as_ref(), p))?;
        Ok(to_js(&l).map_err(Thrown)?)
    }

    /// This log (a) side by side with another (b): transition shares, drop-off, funnel steps and loops, each
    /// tested (Fisher's exact test for small counts, the two-proportion z-test otherwise) with its p-value
    /// adjusted by Benjamini–Hochberg over all of them (`q_value`), and the changes that matter as gaps.
    ///
    /// Throws kind `argument` for an unknown option, a value out of range, or a `journey` that is not a
    /// Journey.
    #[wasm_bindgen(unchecked_return_type = "Comparison")]
    pub fn compare(
        &self,
        other: &EventLog,
        #[wasm_bindgen(unchecked_optional_param_type = "ComparisonOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let (read, journey) = comparison_options(&options)?;
        let comparison = self.inner.compare(&other.inner, journey.as_ref(), &read);
        Ok(to_js(&comparison.map_err(|e| name_options::<CompareOptions>(e, "options"))?)?)
    }

    /// The log split into journeys anchored on the conversion, as a new log with one customer per
    /// conversion (ids `c1#1`, `c1#2`, ... counted from 1 in time order), on which every analysis runs; the
    /// events after a customer's last conversion are one more journey that did not convert. `options` as
    /// `JourneyOptions` says. Throws kind `argument` for a log without an outcome column, a negative
    /// `lookbackDays` or an unknown option; `cancelled` when `progress` (as for `discover`, in events)
    /// stopped it.
    pub fn journeys(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "JourneyOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback | ProgressOptions")] progress: JsValue,
    ) -> Result<EventLog, JsValue> {
        let options: JourneyOptions = read_options(&options, "options").map_err(Thrown)?;
        let follow = read_follow(&progress, "onProgress").map_err(Thrown)?;
        let log = follow.run(|p| {
            self.inner.journeys_with_progress(&options, p).map_err(|e| name_options::<JourneyOptions>(e, "options"))
        })?;
        Ok(log.into())
    }

    /// The partial results of `analyses` over this log's customers, to send as bytes (`toBytes`) and merge
    /// with the partials of the other customers (`merge`, `mergePartials`) into exactly the answer of one
    /// pass. `analyses` maps each analysis (`discover`, `funnel`, `stage_funnel`, `attribution`, `markov`,
    /// `conformance`, `loops`, `compare`, or `kind:label` for several of one kind) to its options as the
    /// in-memory method takes them (camelCase), a map (a `Journey`) as `map`. Each customer's events must
    /// all be in one part.
    ///
    /// Throws kind `argument` for an unknown analysis or option, or options out of their domain.
    pub fn partial(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PartialAnalyses")] analyses: JsValue,
    ) -> JsResult<crate::partial::JourneyPartial> {
        let request = crate::partial::request_of(&analyses)?;
        Ok(self.inner.partial(&request)?.into())
    }

    /// The path variants alone, as `discover().variants` lists them (most customers first, ties by path),
    /// without the rest of the discovery: much cheaper than `discover()`.
    #[wasm_bindgen(unchecked_return_type = "Variant[]")]
    pub fn variants(&self) -> JsResult<JsValue> {
        Ok(to_js(&self.inner.variants())?)
    }

    /// Each customer (or journey, in a log of `journeys`) with their touchpoints in order, in the log's order.
    #[wasm_bindgen(js_name = customerPaths, unchecked_return_type = "CustomerPath[]")]
    pub fn customer_paths(&self) -> JsResult<JsValue> {
        Ok(to_js(&self.inner.customer_paths())?)
    }

    /// The customers whose segment (that of their first event) is `segment`, as a new log. Throws kind
    /// `argument` when the log has no segment column.
    #[wasm_bindgen(js_name = filterSegment)]
    pub fn filter_segment(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] segment: JsValue,
    ) -> JsResult<EventLog> {
        Ok(self.inner.filter_segment(&string_arg(&segment, "segment")?)?.into())
    }

    /// The customers of one of the map's personas, as a new log: those whose segment (that of their first
    /// event) is the persona's `segment`, as `filterSegment` selects them; a segment no customer has gives
    /// an empty log. The persona's funnel is `log.forPersona(j, p).stageFunnel(j)`; their scores and gaps
    /// are those of `j.apply(log.forPersona(j, p))`. Throws kind `not_found` for a persona the map lacks
    /// (as every call that takes a persona does), and kind `argument` for one without a segment and when
    /// the log has no segment column.
    #[wasm_bindgen(js_name = forPersona)]
    pub fn for_persona(
        &self,
        journey: &Journey,
        #[wasm_bindgen(unchecked_param_type = "string")] persona: JsValue,
    ) -> JsResult<EventLog> {
        Ok(self.inner.for_persona(&journey.inner, &string_arg(&persona, "persona")?)?.into())
    }

    /// The customers whose first event falls in `from..to` (`to` excluded), as a new log. Throws kind
    /// `argument` for a value that is not a timestamp.
    #[wasm_bindgen(js_name = filterPeriod)]
    pub fn filter_period(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TimestampInput")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TimestampInput")] to: JsValue,
    ) -> JsResult<EventLog> {
        let from = read_timestamp(&from, "from")?;
        let to = read_timestamp(&to, "to")?;
        Ok(self.inner.filter_period(from, to).into())
    }

    /// One unit per session instead of per customer, as a new log, so that every analysis runs per session
    /// (a transition's duration is then the time within a visit). With a session column (and `useColumn`,
    /// the default) a customer's events with the same session value make a session, id `customer#session`;
    /// otherwise a customer's next event more than `timeoutMinutes` (default 30) after the one before starts
    /// a new session (exactly the timeout stays), ids `customer#1`, `customer#2`, ... Events keep their
    /// columns and outcomes. Throws kind `argument` naming `options.timeoutMinutes` for a negative or
    /// non-finite timeout, `session` for an event without a session value, `customer` when two sessions get
    /// the same id; `cancelled` when `progress` (as for `discover`, in events, each counted twice: cutting
    /// the sessions, then the log of them) stopped it.
    pub fn sessions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SessionOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback | ProgressOptions")] progress: JsValue,
    ) -> Result<EventLog, JsValue> {
        let options: analytics::SessionOptions = read_options(&options, "options").map_err(Thrown)?;
        let follow = read_follow(&progress, "onProgress").map_err(Thrown)?;
        let log = follow.run(|p| {
            self.inner
                .sessions_with_progress(&options, p)
                .map_err(|e| name_options::<analytics::SessionOptions>(e, "options"))
        })?;
        Ok(log.into())
    }

    /// The same customers and events with each event's `channel` (or `device`) in place of its touchpoint,
    /// as a new log, so that every analysis runs by channel or device, rolled up exactly; an event without a
    /// value is `"(none)"`. Throws kind `argument` for an unknown dimension or a log without that column.
    pub fn by(&self, #[wasm_bindgen(unchecked_param_type = "Dimension")] dimension: JsValue) -> JsResult<EventLog> {
        let dimension: Dimension = string_arg(&dimension, "dimension")?.parse()?;
        Ok(self.inner.by(dimension)?.into())
    }

    /// The switches of `channel` (`device`, `touchpoint`) between each customer's consecutive events that
    /// have a value: counts by kind (`from`, `to`) and the conversion of customers with and without a
    /// switch. Throws kind `argument` for an unknown dimension or a log without that column.
    #[wasm_bindgen(unchecked_return_type = "Switches")]
    pub fn switches(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Dimension")] dimension: JsValue,
    ) -> Result<JsValue, JsValue> {
        let dimension: Dimension = string_arg(&dimension, "dimension").map_err(Thrown)?.parse().map_err(Thrown)?;
        let s = self.inner.switches(dimension).map_err(Thrown)?;
        Ok(to_js(&s).map_err(Thrown)?)
    }

    /// The customer ids (session ids for a log made by `sessions`), in the log's order.
    #[wasm_bindgen(getter = customerIds)]
    pub fn customer_ids(&self) -> Vec<String> {
        self.inner.customer_ids().map(str::to_owned).collect()
    }

    /// The customers who reached step `step` (an index into `steps`, 0 for the first) of the funnel over
    /// `steps`, with all their events, as a new log: those who passed steps 0 to `step` in that order, as
    /// `funnel` counts them (`funnel(steps).steps[step].customers` of them). Every selection is a log, so
    /// every analysis runs on it and selections compose.
    ///
    /// Throws kind `argument` for no steps or a step past the last, `not_found` for a step that no event of
    /// the log has (unless `strict` is false).
    #[wasm_bindgen(js_name = selectAtStep)]
    pub fn select_at_step(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] steps: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] step: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SelectOptions")] options: JsValue,
    ) -> JsResult<EventLog> {
        self.select_step(&steps, &step, &options, |log, steps, step, options| log.select_at_step(steps, step, options))
    }

    /// The customers who reached step `step` of the funnel over `steps` but not the next one: those who left
    /// the funnel there. Every customer at the last step finished the funnel, so `step` is before the last
    /// (`selectAtStep` gives those at the last step).
    ///
    /// Throws kind `argument` for no steps or for the last step or one past it, `not_found` for a step that
    /// no event of the log has (unless `strict` is false).
    #[wasm_bindgen(js_name = selectDroppedAtStep)]
    pub fn select_dropped_at_step(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] steps: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] step: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SelectOptions")] options: JsValue,
    ) -> JsResult<EventLog> {
        self.select_step(&steps, &step, &options, |log, steps, step, options| {
            log.select_dropped_at_step(steps, step, options)
        })
    }

    /// The customers who met `touchpoint` at least once, as a new log. Throws kind `not_found` for a
    /// touchpoint that no event of the log has, naming the log's touchpoints (unless `strict` is false).
    #[wasm_bindgen(js_name = selectDid)]
    pub fn select_did(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] touchpoint: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SelectOptions")] options: JsValue,
    ) -> JsResult<EventLog> {
        self.select_touchpoint(&touchpoint, &options, analytics::EventLog::select_did)
    }

    /// The customers who never met `touchpoint`, as a new log: the others of `selectDid`. Throws as
    /// `selectDid`.
    #[wasm_bindgen(js_name = selectDidNot)]
    pub fn select_did_not(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] touchpoint: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SelectOptions")] options: JsValue,
    ) -> JsResult<EventLog> {
        self.select_touchpoint(&touchpoint, &options, analytics::EventLog::select_did_not)
    }

    /// The customers who met `first` and later `then`, as a new log: an event at `then` after one at
    /// `first` in their order of events, as the funnel `[first, then]` reads it (the two may be the same
    /// touchpoint, met twice), with `withinSeconds` at most that long after it.
    ///
    /// Throws kind `argument` for a negative or non-finite `withinSeconds`, `not_found` as `selectDid`.
    #[wasm_bindgen(js_name = selectDidThen)]
    pub fn select_did_then(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] first: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] then: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DidThenOptions")] options: JsValue,
    ) -> JsResult<EventLog> {
        let (first, then) = (string_arg(&first, "first")?, string_arg(&then, "then")?);
        let options: DidThenOptions = read_options(&options, "options")?;
        let selected = self.inner.select_did_then(&first, &then, &options);
        Ok(selected.map_err(|e| name_options::<DidThenOptions>(e, "options"))?.into())
    }

    /// The customers whose path (every touchpoint, in order, repeats kept) is one of the `top` most common
    /// variants, as `discover` lists them (most customers first, ties by path), as a new log. Throws kind
    /// `argument` for 0 or a value that is not a whole number.
    #[wasm_bindgen(js_name = selectTopVariants)]
    pub fn select_top_variants(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] top: JsValue,
    ) -> JsResult<EventLog> {
        Ok(self.inner.select_top_variants(read_whole(&top, "top")?)?.into())
    }

    /// How many events.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }

    /// How many customers.
    #[wasm_bindgen(getter = customerCount)]
    pub fn customer_count(&self) -> usize {
        self.inner.customer_count()
    }

    /// How many customers converted (0 without an outcome column).
    #[wasm_bindgen(getter)]
    pub fn conversions(&self) -> usize {
        self.inner.conversions()
    }
}

impl EventLog {
    /// A selection by a funnel step (`selectAtStep`, `selectDroppedAtStep`): its steps, step and options
    /// read, then `select`ed.
    fn select_step(
        &self,
        steps: &JsValue,
        step: &JsValue,
        options: &JsValue,
        select: impl Fn(&analytics::EventLog, &[String], usize, &FunnelOptions) -> Result<analytics::EventLog, Error>,
    ) -> JsResult<EventLog> {
        let (steps, step) = (read_steps(steps)?, read_whole(step, "step")?);
        let options: FunnelOptions = read_options(options, "options")?;
        Ok(select(&self.inner, &steps, step, &options)?.into())
    }

    /// A selection by a touchpoint (`selectDid`, `selectDidNot`): its touchpoint and options read, then
    /// `select`ed.
    fn select_touchpoint(
        &self,
        touchpoint: &JsValue,
        options: &JsValue,
        select: impl Fn(&analytics::EventLog, &str, &SelectOptions) -> Result<analytics::EventLog, Error>,
    ) -> JsResult<EventLog> {
        let touchpoint = string_arg(touchpoint, "touchpoint")?;
        let options: SelectOptions = read_options(options, "options")?;
        Ok(select(&self.inner, &touchpoint, &options)?.into())
    }
}

/// Starts reading a Blob for `EventLog.fromFile`: checks the arguments, then parses the bytes once
/// `blob.arrayBuffer()` has them.
fn start_reading(file: &JsValue, columns: &JsValue, progress: &JsValue) -> Result<js_sys::Promise, JsValue> {
    let columns: EventColumns = read_options(columns, "columns").map_err(Thrown)?;
    let follow = read_follow(progress, "onProgress").map_err(Thrown)?;
    let not_a_blob =
        || JsValue::from(Thrown(argument("file", format!("expected a Blob or a File, found {}", type_name(file)))));
    if !file.is_object() {
        return Err(not_a_blob());
    }
    // A Blob says its size: one over the limit is refused before it is read.
    if let Some(size) = js_sys::Reflect::get(file, &JsValue::from_str("size")).ok().and_then(|s| s.as_f64()) {
        check_size(size).map_err(Thrown)?;
    }
    let array_buffer = js_sys::Reflect::get(file, &JsValue::from_str("arrayBuffer"))?
        .dyn_into::<Function>()
        .map_err(|_| not_a_blob())?;
    let reading = array_buffer.call0(file)?;
    let then =
        js_sys::Reflect::get(&reading, &JsValue::from_str("then"))?.dyn_into::<Function>().map_err(|_| not_a_blob())?;
    let parse = Closure::<dyn FnMut(JsValue) -> Result<JsValue, JsValue>>::once_into_js(
        move |buffer: JsValue| -> Result<JsValue, JsValue> {
            let bytes = read_bytes(&buffer).map_err(Thrown)?;
            Ok(read_csv(&bytes, &columns, &follow)?.into())
        },
    );
    then.call1(&reading, &parse)?.dyn_into::<js_sys::Promise>().map_err(|_| not_a_blob())
}

/// The spend on touchpoints: a plain object of touchpoint ids to numbers, read as it is (so that NaN is
/// refused as NaN, which JSON would turn into `null`).
fn spend_of(value: &JsValue) -> Result<Vec<(String, f64)>, Error> {
    let plain =
        value.is_object() && !Array::is_array(value) && !value.is_instance_of::<js_sys::Map>() && !value.is_function();
    if !plain {
        let found = type_name(value);
        return Err(argument("spend", format!("expected an object of touchpoint ids to numbers, found {found}")));
    }
    let mut out = Vec::new();
    for entry in js_sys::Object::entries(value.unchecked_ref()).iter() {
        let pair: Array = entry.unchecked_into();
        let id = pair.get(0).as_string().unwrap_or_default();
        let amount = pair.get(1);
        let Some(x) = amount.as_f64() else {
            let found = type_name(&amount);
            return Err(argument(analytics::spend_entry(&id), format!("expected a number, found {found}")));
        };
        out.push((id, x));
    }
    Ok(out)
}
