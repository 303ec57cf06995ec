//! Event logs from Arrow data: any object with the Arrow PyCapsule stream interface (`__arrow_c_stream__`:
//! pyarrow tables and record batches, polars data frames, pandas >= 2.2 data frames), read column by column
//! from the Arrow buffers, without a Python object per row.

use std::fmt::{self, Write as _};

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt8Type,
    UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, LargeStringArray, RecordBatch, StringArray, StringViewArray};
use arrow_schema::{ArrowError, DataType, Schema, TimeUnit};
use journey_core::analytics::{
    ColumnPositions, Event, EventColumns, EventLog, EventLogBuilder, epoch_to_ms, parse_outcome, parse_timestamp,
};

/// Why a table could not be read as an event log.
#[derive(Debug)]
pub(crate) enum TableError {
    /// A column the log needs is not in the table.
    Missing { column: String, available: Vec<String> },
    /// A column has a type that cannot hold what it should.
    Type { column: String, found: DataType, expected: &'static str },
    /// A value in a row cannot be read.
    Row { row: u64, column: String, message: String },
    /// The stream failed.
    Stream(ArrowError),
    /// The core refused the events.
    Core(journey_core::Error),
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::Missing { column, available } => {
                write!(f, "missing column \"{column}\", expected it among: {}", available.join(", "))
            }
            TableError::Type { column, found, expected } => {
                write!(f, "column \"{column}\": values of type {found} cannot be read, expected {expected}")
            }
            TableError::Row { row, column, message } => write!(f, "row {row}, column \"{column}\": {message}"),
            TableError::Stream(e) => write!(f, "cannot read the Arrow stream: {e}"),
            TableError::Core(e) => e.fmt(f),
        }
    }
}

const IDS: &str = "strings (utf8, large_utf8, utf8_view or a dictionary of them) or integers";
const TIMESTAMPS: &str = "an Arrow timestamp (any unit, with or without a time zone), date32, date64, epoch seconds or \
                          milliseconds as integers or floats, or strings";
const OUTCOMES: &str = "booleans, numbers >= 0, or strings (1/0, true/false, yes/no or a number)";

fn is_int(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64
    )
}

/// A column of the Null type (pandas makes one of an empty object column) has only nulls: it is accepted
/// wherever a column is, and its rows are read as nulls.
fn is_ids(t: &DataType) -> bool {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => true,
        DataType::Dictionary(_, values) => is_ids(values),
        t => is_int(t),
    }
}

fn is_timestamps(t: &DataType) -> bool {
    matches!(t, DataType::Timestamp(..) | DataType::Date32 | DataType::Date64 | DataType::Float32 | DataType::Float64)
        || is_ids(t)
}

fn is_outcomes(t: &DataType) -> bool {
    matches!(t, DataType::Boolean | DataType::Float32 | DataType::Float64) || is_ids(t)
}

/// Integers of any width as i128, nulls as None.
fn ints(a: &dyn Array) -> Option<Vec<Option<i128>>> {
    macro_rules! collect {
        ($t:ty) => {
            a.as_primitive_opt::<$t>().map(|p| p.iter().map(|v| v.map(i128::from)).collect())
        };
    }
    match a.data_type() {
        DataType::Int8 => collect!(Int8Type),
        DataType::Int16 => collect!(Int16Type),
        DataType::Int32 => collect!(Int32Type),
        DataType::Int64 => collect!(Int64Type),
        DataType::UInt8 => collect!(UInt8Type),
        DataType::UInt16 => collect!(UInt16Type),
        DataType::UInt32 => collect!(UInt32Type),
        DataType::UInt64 => collect!(UInt64Type),
        _ => None,
    }
}

/// Floats as f64, nulls as None.
fn floats(a: &dyn Array) -> Option<Vec<Option<f64>>> {
    match a.data_type() {
        DataType::Float32 => a.as_primitive_opt::<Float32Type>().map(|p| p.iter().map(|v| v.map(f64::from)).collect()),
        DataType::Float64 => a.as_primitive_opt::<Float64Type>().map(|p| p.iter().collect()),
        _ => None,
    }
}

/// A column of text (or of integers read as text) in one batch.
enum Texts<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
    Dict { keys: &'a dyn Array, index: Vec<usize>, values: Box<Texts<'a>> },
    Int(Vec<Option<i128>>),
    Null,
}

impl<'a> Texts<'a> {
    fn new(a: &'a dyn Array) -> Option<Texts<'a>> {
        Some(match a.data_type() {
            DataType::Utf8 => Texts::Utf8(a.as_string_opt::<i32>()?),
            DataType::LargeUtf8 => Texts::Large(a.as_string_opt::<i64>()?),
            DataType::Utf8View => Texts::View(a.as_string_view_opt()?),
            DataType::Null => Texts::Null,
            DataType::Dictionary(..) => {
                let d = a.as_any_dictionary_opt()?;
                let values = Texts::new(d.values().as_ref())?;
                // `normalized_keys` needs at least one value; without values every key must be null.
                let index = if d.values().is_empty() { Vec::new() } else { d.normalized_keys() };
                Texts::Dict { keys: d.keys(), index, values: Box::new(values) }
            }
            _ => Texts::Int(ints(a)?),
        })
    }

    /// The text of row `i` of the batch; None for a null. `buf` holds the text of an integer.
    fn get<'s>(&'s self, i: usize, buf: &'s mut String) -> Option<&'s str> {
        match self {
            Texts::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::View(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::Dict { keys, index, values } => {
                if keys.is_null(i) {
                    return None;
                }
                values.get(*index.get(i)?, buf)
            }
            Texts::Int(v) => {
                let n = (*v.get(i)?)?;
                buf.clear();
                let _ = write!(buf, "{n}");
                Some(buf.as_str())
            }
            Texts::Null => None,
        }
    }
}

fn row_error(row: u64, column: &str, message: String) -> TableError {
    TableError::Row { row, column: column.to_owned(), message }
}

fn missing_timestamp(row: u64, column: &str) -> TableError {
    row_error(row, column, "timestamp is missing (null), expected a timestamp".into())
}

/// The timestamps of a batch in milliseconds since the epoch.
fn timestamps(a: &dyn Array, first_row: u64, column: &str) -> Result<Vec<i64>, TableError> {
    let n = a.len();
    let mut out = Vec::with_capacity(n);
    let row = |i: usize| first_row + i as u64;
    macro_rules! each {
        ($t:ty, $to_ms:expr) => {{
            let to_ms: fn(i64) -> Option<i64> = $to_ms;
            let p = a.as_primitive_opt::<$t>().ok_or_else(|| type_error(a, column, TIMESTAMPS))?;
            for (i, v) in p.iter().enumerate() {
                let v = v.ok_or_else(|| missing_timestamp(row(i), column))?;
                let ms = to_ms(v.into())
                    .ok_or_else(|| row_error(row(i), column, format!("timestamp {v} is out of range")))?;
                out.push(ms);
            }
        }};
    }
    match a.data_type() {
        DataType::Timestamp(TimeUnit::Second, _) => each!(TimestampSecondType, |v| v.checked_mul(1000)),
        DataType::Timestamp(TimeUnit::Millisecond, _) => each!(TimestampMillisecondType, Some),
        DataType::Timestamp(TimeUnit::Microsecond, _) => each!(TimestampMicrosecondType, |v| Some(v.div_euclid(1000))),
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            each!(TimestampNanosecondType, |v| Some(v.div_euclid(1_000_000)))
        }
        DataType::Date32 => each!(Date32Type, |v| v.checked_mul(86_400_000)),
        DataType::Date64 => each!(Date64Type, Some),
        DataType::Float32 | DataType::Float64 => {
            for (i, v) in floats(a).unwrap_or_default().into_iter().enumerate() {
                let v = v.ok_or_else(|| missing_timestamp(row(i), column))?;
                out.push(epoch_to_ms(v).ok_or_else(|| {
                    row_error(
                        row(i),
                        column,
                        format!("cannot read {v} as a timestamp, expected epoch seconds or milliseconds"),
                    )
                })?);
            }
        }
        t if is_int(t) => {
            for (i, v) in ints(a).unwrap_or_default().into_iter().enumerate() {
                let v = v.ok_or_else(|| missing_timestamp(row(i), column))?;
                out.push(epoch_to_ms(v as f64).ok_or_else(|| {
                    row_error(
                        row(i),
                        column,
                        format!("cannot read {v} as a timestamp, expected epoch seconds or milliseconds"),
                    )
                })?);
            }
        }
        _ => {
            let texts = Texts::new(a).ok_or_else(|| type_error(a, column, TIMESTAMPS))?;
            let mut buf = String::new();
            for i in 0..n {
                let text = texts.get(i, &mut buf).ok_or_else(|| missing_timestamp(row(i), column))?;
                out.push(parse_timestamp(text).ok_or_else(|| {
                    row_error(
                        row(i),
                        column,
                        format!(
                            "cannot read \"{text}\" as a timestamp, expected ISO 8601 (2026-03-01T10:15:00Z, with or without an offset), a date, or epoch seconds or milliseconds"
                        ),
                    )
                })?);
            }
        }
    }
    Ok(out)
}

/// The outcomes of a batch; a null is 0 (no conversion).
fn outcomes(a: &dyn Array, first_row: u64, column: &str) -> Result<Vec<f64>, TableError> {
    let row = |i: usize| first_row + i as u64;
    let bad = |i: usize, shown: String| {
        row_error(
            row(i),
            column,
            format!("cannot read {shown} as an outcome, expected 1/0, true/false, yes/no or a number >= 0"),
        )
    };
    let t = a.data_type();
    if let Some(b) = a.as_boolean_opt() {
        return Ok(b.iter().map(|v| if v == Some(true) { 1.0 } else { 0.0 }).collect());
    }
    if let Some(v) = floats(a) {
        return v
            .into_iter()
            .enumerate()
            .map(|(i, v)| match v {
                None => Ok(0.0),
                Some(x) if x.is_finite() && x >= 0.0 => Ok(x),
                Some(x) => Err(bad(i, x.to_string())),
            })
            .collect();
    }
    if is_int(t) {
        return ints(a)
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, v)| match v {
                None => Ok(0.0),
                Some(x) if x >= 0 => Ok(x as f64),
                Some(x) => Err(bad(i, x.to_string())),
            })
            .collect();
    }
    let texts = Texts::new(a).ok_or_else(|| type_error(a, column, OUTCOMES))?;
    let mut buf = String::new();
    (0..a.len())
        .map(|i| match texts.get(i, &mut buf) {
            None => Ok(0.0),
            Some(text) => parse_outcome(text).ok_or_else(|| bad(i, format!("\"{text}\""))),
        })
        .collect()
}

fn type_error(a: &dyn Array, column: &str, expected: &'static str) -> TableError {
    TableError::Type { column: column.to_owned(), found: a.data_type().clone(), expected }
}

/// Where the columns of the log are in the table, each of a type it can be read from.
fn positions(schema: &Schema, columns: &EventColumns) -> Result<ColumnPositions, TableError> {
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let at = columns
        .positions(&names)
        .map_err(|column| TableError::Missing { column, available: names.iter().map(|n| (*n).to_owned()).collect() })?;
    let check =
        |i: Option<usize>, name: &Option<String>, ok: fn(&DataType) -> bool, expected: &'static str| match (i, name) {
            (Some(i), Some(name)) if !ok(schema.field(i).data_type()) => {
                Err(TableError::Type { column: name.clone(), found: schema.field(i).data_type().clone(), expected })
            }
            _ => Ok(()),
        };
    let some = |s: &String| Some(s.clone());
    check(Some(at.customer), &some(&columns.customer), is_ids, IDS)?;
    check(Some(at.timestamp), &some(&columns.timestamp), is_timestamps, TIMESTAMPS)?;
    check(Some(at.touchpoint), &some(&columns.touchpoint), is_ids, IDS)?;
    check(at.channel, &columns.channel, is_ids, IDS)?;
    check(at.device, &columns.device, is_ids, IDS)?;
    check(at.session, &columns.session, is_ids, IDS)?;
    check(at.segment, &columns.segment, is_ids, IDS)?;
    check(at.outcome, &columns.outcome, is_outcomes, OUTCOMES)?;
    Ok(at)
}

/// A required id: null and empty (after trimming) are errors naming the row.
fn required<'s>(
    value: Option<&'s str>,
    row: u64,
    column: &str,
    what: &str,
    expected: &str,
) -> Result<&'s str, TableError> {
    let message = match value.map(str::trim) {
        Some(v) if !v.is_empty() => return Ok(v),
        Some(_) => format!("{what} is empty, expected {expected}"),
        None => format!("{what} is missing (null), expected {expected}"),
    };
    Err(row_error(row, column, message))
}

/// The text of an optional column: None without the column, and as in CSV files (where a column that is
/// there always has a field) an empty text for a null.
fn optional_text<'s>(texts: &'s Option<Texts<'_>>, i: usize, buf: &'s mut String) -> Option<&'s str> {
    texts.as_ref().map(|t| t.get(i, buf).unwrap_or(""))
}

/// Reads an event log from record batches. Rows are counted from 0 across batches, as `df.iloc` and
/// `table.slice` count them.
pub(crate) fn read(
    schema: &Schema,
    batches: impl Iterator<Item = Result<RecordBatch, ArrowError>>,
    columns: &EventColumns,
) -> Result<EventLog, TableError> {
    let at = positions(schema, columns)?;
    let batches: Vec<RecordBatch> = batches.collect::<Result<_, _>>().map_err(TableError::Stream)?;
    // Slices of the batches (zero-copy), read on all cores and joined in order, as if read one by one.
    const PIECE: usize = 1 << 17;
    let mut pieces = Vec::new();
    let mut first_row = 0u64;
    for batch in &batches {
        let n = batch.num_rows();
        let mut offset = 0;
        while offset < n {
            let len = PIECE.min(n - offset);
            pieces.push((batch.slice(offset, len), first_row + offset as u64));
            offset += len;
        }
        first_row += n as u64;
    }
    use rayon::prelude::*;
    let builders: Vec<Result<EventLogBuilder, TableError>> =
        pieces.par_iter().map(|(batch, row)| read_batch(batch, *row, &at, columns)).collect();
    let mut builder = EventLogBuilder::new();
    if at.outcome.is_some() {
        builder = builder.with_outcome_column();
    }
    for b in builders {
        builder.append(b?);
    }
    builder.build().map_err(TableError::Core)
}

/// Reads the rows of one batch, the first being row `first_row` of the table.
fn read_batch(
    batch: &RecordBatch,
    first_row: u64,
    at: &ColumnPositions,
    columns: &EventColumns,
) -> Result<EventLogBuilder, TableError> {
    let mut builder = EventLogBuilder::with_capacity(batch.num_rows());
    if at.outcome.is_some() {
        builder = builder.with_outcome_column();
    }
    let name = |n: &Option<String>| n.clone().unwrap_or_default();
    let (channel_name, device_name, session_name, segment_name, outcome_name) = (
        name(&columns.channel),
        name(&columns.device),
        name(&columns.session),
        name(&columns.segment),
        name(&columns.outcome),
    );
    let column = |i: usize| batch.column(i).as_ref();
    let texts = |i: usize, name: &str| Texts::new(column(i)).ok_or_else(|| type_error(column(i), name, IDS));
    let optional = |i: Option<usize>, name: &str| i.map(|i| texts(i, name)).transpose();
    let customer = texts(at.customer, &columns.customer)?;
    let touchpoint = texts(at.touchpoint, &columns.touchpoint)?;
    let channel = optional(at.channel, &channel_name)?;
    let device = optional(at.device, &device_name)?;
    let session = optional(at.session, &session_name)?;
    let segment = optional(at.segment, &segment_name)?;
    let time = timestamps(column(at.timestamp), first_row, &columns.timestamp)?;
    let outcome = at.outcome.map(|i| outcomes(column(i), first_row, &outcome_name)).transpose()?;
    let mut bufs: [String; 6] = Default::default();
    for (i, &timestamp_ms) in time.iter().enumerate() {
        let row = first_row + i as u64;
        let [b0, b1, b2, b3, b4, b5] = &mut bufs;
        let customer = required(customer.get(i, b0), row, &columns.customer, "customer id", "an id")?;
        let touchpoint = required(touchpoint.get(i, b1), row, &columns.touchpoint, "touchpoint", "a touchpoint id")?;
        builder.push(&Event {
            customer,
            timestamp_ms,
            touchpoint,
            channel: optional_text(&channel, i, b2),
            device: optional_text(&device, i, b3),
            session: optional_text(&session, i, b4),
            segment: optional_text(&segment, i, b5),
            outcome: outcome.as_ref().and_then(|o| o.get(i).copied()),
        });
    }
    Ok(builder)
}
