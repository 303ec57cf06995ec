//! Event logs from Arrow data (the `arrow` feature): record batches from any [`RecordBatchReader`] (a
//! Parquet file's reader, an Arrow IPC stream, the C stream interface of pyarrow, polars or pandas), read
//! column by column from the Arrow buffers through [`TextColumn`] and [`NumberColumn`], without a value
//! copied per row. Every value goes through the core's row checks, those of [`EventValues::check`](super::EventValues::check),
//! so the errors (an [`Error::Table`] at the row) and messages are those of every other reader.

use std::fmt::Write as _;
use std::ops::{ControlFlow, Range};

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt8Type,
    UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, LargeStringArray, RecordBatch, RecordBatchReader, StringArray, StringViewArray};
use arrow_schema::{DataType, Schema, TimeUnit};

use super::columns::{EventChunk, EventField, NumberColumn, TextColumn, ValueError};
use super::csv::{ColumnPositions, EpochUnit, EventColumns, epoch_ticks_to_ns, is_outcome};
use super::log::EventLog;
use super::progress::Progress;
use super::row::{Outcome, Sequence, Timestamp, check_outcome_value, check_sequence, check_timestamp};
use crate::{Error, Result};

/// An [`Error::Arrow`]: a column the table lacks, or has of a type that cannot be read.
fn column_error(column: &str, message: String) -> Error {
    Error::Arrow { column: Some(column.to_owned()), message }
}

const IDS: &str = "strings (utf8, large_utf8, utf8_view or a dictionary of them) or integers";
const TIMESTAMPS: &str = "an Arrow timestamp (any unit, with or without a time zone), date32, date64, epoch seconds or \
                          milliseconds as integers or floats, or strings";
const OUTCOMES: &str = "booleans, numbers, or strings (1/0, true/false, yes/no or a number)";
const SEQUENCES: &str = "integers, floats holding whole numbers, or strings of integers";

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

fn is_sequences(t: &DataType) -> bool {
    matches!(t, DataType::Float32 | DataType::Float64) || is_ids(t)
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
    Dict {
        keys: &'a dyn Array,
        index: Vec<usize>,
        values: Box<Texts<'a>>,
    },
    /// Integers written out once: row `i` is `text[ends[i - 1]..ends[i]]`, or null.
    Int {
        text: String,
        ends: Vec<usize>,
        valid: Vec<bool>,
    },
    /// A column of the Null type, of this many rows.
    Null(usize),
}

impl<'a> Texts<'a> {
    fn new(a: &'a dyn Array) -> Option<Texts<'a>> {
        Some(match a.data_type() {
            DataType::Utf8 => Texts::Utf8(a.as_string_opt::<i32>()?),
            DataType::LargeUtf8 => Texts::Large(a.as_string_opt::<i64>()?),
            DataType::Utf8View => Texts::View(a.as_string_view_opt()?),
            DataType::Null => Texts::Null(a.len()),
            DataType::Dictionary(..) => {
                let d = a.as_any_dictionary_opt()?;
                let values = Texts::new(d.values().as_ref())?;
                // `normalized_keys` needs at least one value; without values every key must be null.
                let index = if d.values().is_empty() { Vec::new() } else { d.normalized_keys() };
                Texts::Dict { keys: d.keys(), index, values: Box::new(values) }
            }
            _ => {
                let values = ints(a)?;
                let mut text = String::new();
                let mut ends = Vec::with_capacity(values.len());
                for v in &values {
                    if let Some(n) = v {
                        let _ = write!(text, "{n}");
                    }
                    ends.push(text.len());
                }
                Texts::Int { text, ends, valid: values.iter().map(Option::is_some).collect() }
            }
        })
    }
}

impl TextColumn for Texts<'_> {
    fn len(&self) -> usize {
        match self {
            Texts::Utf8(a) => a.len(),
            Texts::Large(a) => a.len(),
            Texts::View(a) => a.len(),
            Texts::Dict { keys, .. } => keys.len(),
            Texts::Int { ends, .. } => ends.len(),
            Texts::Null(n) => *n,
        }
    }

    /// The text of row `i` of the batch; None for a null.
    fn text(&self, i: usize) -> Option<&str> {
        match self {
            Texts::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::View(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::Dict { keys, index, values } => {
                if keys.is_null(i) {
                    return None;
                }
                values.text(*index.get(i)?)
            }
            Texts::Int { text, ends, valid } => {
                if !*valid.get(i)? {
                    return None;
                }
                let start = if i == 0 { 0 } else { ends[i - 1] };
                text.get(start..ends[i])
            }
            Texts::Null(_) => None,
        }
    }

    fn texts<'s>(&'s self, rows: Range<usize>, out: &mut Vec<Option<&'s str>>) {
        // One loop per kind of array, rather than a match per row.
        macro_rules! strings {
            ($a:expr) => {
                if $a.null_count() == 0 {
                    out.extend(rows.map(|r| Some($a.value(r))))
                } else {
                    out.extend(rows.map(|r| $a.is_valid(r).then(|| $a.value(r))))
                }
            };
        }
        match self {
            Texts::Utf8(a) => strings!(a),
            Texts::Large(a) => strings!(a),
            Texts::View(a) => strings!(a),
            _ => out.extend(rows.map(|r| self.text(r))),
        }
    }
}

/// The values of a column checked one by one by the core's `check`, appended to `out`; or the first row at
/// fault (counted from 0 in the column) with the core's message, `out` then holding the rows before it.
fn checked<V, T>(
    values: impl Iterator<Item = Option<V>>,
    check: impl Fn(Option<V>) -> Result<T, String>,
    out: &mut Vec<T>,
) -> Result<(), ValueError> {
    for (i, v) in values.enumerate() {
        out.push(check(v).map_err(|message| ValueError::new(i, message))?);
    }
    Ok(())
}

/// A column whose type cannot be read as `expected` at this point, for the log.
fn unreadable(a: &dyn Array, expected: &str) -> ValueError {
    ValueError::new(0, format!("values of type {} cannot be read, expected {expected}", a.data_type()))
}

/// The timestamps of a block in nanoseconds since the epoch, each read by the core's timestamp rule.
fn timestamps(a: &dyn Array, out: &mut Vec<i64>) -> Result<(), ValueError> {
    macro_rules! ticks {
        ($t:ty, $unit:expr) => {{
            let p = a.as_primitive_opt::<$t>().ok_or_else(|| unreadable(a, TIMESTAMPS))?;
            checked(p.iter(), |v| check_timestamp(v.map(|v| Timestamp::Ticks(v.into(), $unit))), out)
        }};
    }
    match a.data_type() {
        DataType::Timestamp(TimeUnit::Second, _) => ticks!(TimestampSecondType, EpochUnit::Seconds),
        DataType::Timestamp(TimeUnit::Millisecond, _) => ticks!(TimestampMillisecondType, EpochUnit::Milliseconds),
        DataType::Timestamp(TimeUnit::Microsecond, _) => ticks!(TimestampMicrosecondType, EpochUnit::Microseconds),
        DataType::Timestamp(TimeUnit::Nanosecond, _) => ticks!(TimestampNanosecondType, EpochUnit::Nanoseconds),
        DataType::Date32 => ticks!(Date32Type, EpochUnit::Days),
        DataType::Date64 => ticks!(Date64Type, EpochUnit::Milliseconds),
        DataType::Float32 | DataType::Float64 => {
            checked(floats(a).unwrap_or_default().into_iter(), |v| check_timestamp(v.map(Timestamp::Epoch)), out)
        }
        t if is_int(t) => {
            checked(ints(a).unwrap_or_default().into_iter(), |v| check_timestamp(v.map(Timestamp::EpochInteger)), out)
        }
        _ => {
            let texts = Texts::new(a).ok_or_else(|| unreadable(a, TIMESTAMPS))?;
            checked((0..a.len()).map(|i| texts.text(i)), |v| check_timestamp(v.map(Timestamp::Text)), out)
        }
    }
}

/// The outcomes of a block, each read by the core's outcome rule (a null is no conversion).
fn outcomes(a: &dyn Array, out: &mut Vec<f64>) -> Result<(), ValueError> {
    if let Some(fast) = plain_outcomes(a) {
        out.extend(fast);
        return Ok(());
    }
    if let Some(b) = a.as_boolean_opt() {
        return checked(b.iter(), |v| check_outcome_value(v.map(Outcome::Flag)), out);
    }
    if let Some(v) = floats(a) {
        return checked(v.into_iter(), |v| check_outcome_value(v.map(Outcome::Number)), out);
    }
    if let Some(v) = ints(a) {
        return checked(v.into_iter(), |v| check_outcome_value(v.map(|x| Outcome::Number(x as f64))), out);
    }
    let texts = Texts::new(a).ok_or_else(|| unreadable(a, OUTCOMES))?;
    checked((0..a.len()).map(|i| texts.text(i)), |v| check_outcome_value(v.map(Outcome::Text)), out)
}

/// The sequence numbers of a block, each read by the core's sequence rule.
fn sequences(a: &dyn Array, out: &mut Vec<i64>) -> Result<(), ValueError> {
    if let Some(v) = ints(a) {
        return checked(v.into_iter(), |v| check_sequence(v.map(Sequence::Integer)), out);
    }
    if let Some(v) = floats(a) {
        return checked(v.into_iter(), |v| check_sequence(v.map(Sequence::Number)), out);
    }
    let texts = Texts::new(a).ok_or_else(|| unreadable(a, SEQUENCES))?;
    checked((0..a.len()).map(|i| texts.text(i)), |v| check_sequence(v.map(Sequence::Text)), out)
}

/// The outcomes of a numeric column without nulls whose values are all outcomes (the core's `is_outcome`),
/// read straight from the values; None otherwise (and `outcomes` then finds the row at fault).
fn plain_outcomes(a: &dyn Array) -> Option<Vec<f64>> {
    if a.null_count() != 0 {
        return None;
    }
    macro_rules! ints {
        ($t:ty) => {
            a.as_primitive_opt::<$t>()?
                .values()
                .iter()
                .map(|v| {
                    let x = i128::from(*v) as f64;
                    is_outcome(x).then_some(x)
                })
                .collect()
        };
    }
    let ok = |x: f64| is_outcome(x).then_some(x);
    match a.data_type() {
        DataType::Int8 => ints!(Int8Type),
        DataType::Int16 => ints!(Int16Type),
        DataType::Int32 => ints!(Int32Type),
        DataType::Int64 => ints!(Int64Type),
        DataType::UInt8 => ints!(UInt8Type),
        DataType::UInt16 => ints!(UInt16Type),
        DataType::UInt32 => ints!(UInt32Type),
        DataType::UInt64 => ints!(UInt64Type),
        DataType::Float32 => a.as_primitive_opt::<Float32Type>()?.values().iter().map(|v| ok(f64::from(*v))).collect(),
        DataType::Float64 => a.as_primitive_opt::<Float64Type>()?.values().iter().map(|v| ok(*v)).collect(),
        _ => None,
    }
}

fn type_error(found: &DataType, column: &str, expected: &str) -> Error {
    column_error(column, format!("column \"{column}\": values of type {found} cannot be read, expected {expected}"))
}

impl EventColumns {
    /// Finds each named column among the names of a table's columns (compared after trimming), as
    /// [`EventColumns::positions`] does, for an Arrow table: what [`EventLog::from_arrow`] does first, for
    /// a caller (a binding) that has the names before it has the table.
    ///
    /// # Errors
    /// [`Error::Arrow`] naming the column: a named column the table does not have (listing those it has),
    /// or has more than once.
    pub fn arrow_positions<S: AsRef<str>>(&self, names: &[S]) -> Result<ColumnPositions> {
        self.find_columns(names).map_err(|e| column_error(e.column(), e.explained(names)))
    }
}

/// Where the columns of the log are in the table, each of a type it can be read from when the table has
/// `rows` rows.
fn positions(schema: &Schema, columns: &EventColumns, rows: usize) -> Result<ColumnPositions> {
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let at = columns.arrow_positions(&names)?;
    let check = |i: Option<usize>, name: Option<&str>, ok: fn(&DataType) -> bool, expected: &str| match (i, name) {
        // An empty table is an empty log, whatever the types of its columns (an empty pandas frame has
        // float64 columns): no value has to be read.
        _ if rows == 0 => Ok(()),
        (Some(i), Some(name)) if !ok(schema.field(i).data_type()) => {
            Err(type_error(schema.field(i).data_type(), name, expected))
        }
        _ => Ok(()),
    };
    check(Some(at.customer), Some(&columns.customer), is_ids, IDS)?;
    check(Some(at.timestamp), Some(&columns.timestamp), is_timestamps, TIMESTAMPS)?;
    check(Some(at.touchpoint), Some(&columns.touchpoint), is_ids, IDS)?;
    check(at.channel, columns.channel.as_deref(), is_ids, IDS)?;
    check(at.device, columns.device.as_deref(), is_ids, IDS)?;
    check(at.session, columns.session.as_deref(), is_ids, IDS)?;
    check(at.segment, columns.segment.as_deref(), is_ids, IDS)?;
    check(at.reason, columns.reason.as_deref(), is_ids, IDS)?;
    check(at.outcome, columns.outcome.as_deref(), is_outcomes, OUTCOMES)?;
    check(at.sequence, columns.sequence.as_deref(), is_sequences, SEQUENCES)?;
    Ok(at)
}

/// The name of the column of `field` in a table read with `columns` (empty for an optional column not
/// named, which a log read with `columns` has no value of).
fn column_name(columns: &EventColumns, field: EventField) -> &str {
    let optional = match field {
        EventField::Customer => return &columns.customer,
        EventField::Timestamp => return &columns.timestamp,
        EventField::Touchpoint => return &columns.touchpoint,
        EventField::Channel => &columns.channel,
        EventField::Device => &columns.device,
        EventField::Session => &columns.session,
        EventField::Segment => &columns.segment,
        EventField::Reason => &columns.reason,
        EventField::Outcome => &columns.outcome,
        EventField::Sequence => &columns.sequence,
    };
    optional.as_deref().unwrap_or_default()
}

impl EventLog {
    /// Reads an event log from Arrow record batches: those of a Parquet file, an Arrow IPC stream or any
    /// other [`RecordBatchReader`] (batches in memory go through [`arrow_array::RecordBatchIterator`]).
    /// Columns are found by name as [`EventColumns`] says, in the reader's schema; rows are counted from 0
    /// across the batches. The log is the one [`EventLog::from_csv_reader`] gives for the same table, and
    /// is built on all cores.
    ///
    /// The columns may be of these Arrow types (a column of the Null type reads as nulls anywhere):
    /// - ids (customer, touchpoint, channel, device, session, segment, reason): strings (`Utf8`,
    ///   `LargeUtf8`, `Utf8View` or a dictionary of them) or integers (written out as text);
    /// - timestamp: an Arrow timestamp (any unit, with or without a time zone, kept exactly to the
    ///   nanosecond), `Date32`, `Date64`, epoch seconds or milliseconds as integers (exact) or floats (as
    ///   precise as the float, see [`epoch_to_ns`](super::epoch_to_ns)) by the rule of text (11 or more
    ///   digits are milliseconds), or strings in the forms of a CSV file;
    /// - outcome: booleans, numbers, or strings (`1`/`0`, `true`/`false`, `yes`/`no` or a number);
    /// - sequence: integers, floats holding whole numbers, or strings of integers.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use arrow_array::{ArrayRef, Float64Array, RecordBatch, RecordBatchIterator, StringArray, TimestampSecondArray};
    /// use journey_core::analytics::{EventColumns, EventLog};
    ///
    /// let columns: Vec<(&str, ArrayRef)> = vec![
    ///     ("customer_id", Arc::new(StringArray::from(vec!["a", "a", "b"]))),
    ///     ("timestamp", Arc::new(TimestampSecondArray::from(vec![1_772_323_200, 1_772_323_500, 1_772_409_600]))),
    ///     ("touchpoint", Arc::new(StringArray::from(vec!["ad", "checkout", "ad"]))),
    ///     ("value", Arc::new(Float64Array::from(vec![0.0, 25.0, 0.0]))),
    /// ];
    /// let batch = RecordBatch::try_from_iter(columns).expect("columns of one length"); // ok: doc example
    /// let schema = batch.schema();
    /// let reader = RecordBatchIterator::new([Ok(batch)], schema);
    /// let log = EventLog::from_arrow(reader, &EventColumns { outcome: Some("value".into()), ..EventColumns::default() })?;
    /// assert_eq!((log.len(), log.customer_count(), log.conversions()), (3, 2, 1));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Arrow`]: a named column the schema does not have or has twice, a column of a type that
    /// cannot hold its values, or the batches failing to read. [`Error::Table`] (kind `csv`, as every table
    /// of values) for a value the log cannot take, naming its row and the table's column, with the message
    /// the CSV reader gives: an empty or null id, a timestamp unreadable or out of range, an outcome that is
    /// not one, a sequence number that is not an integer.
    pub fn from_arrow(reader: impl RecordBatchReader, columns: &EventColumns) -> Result<EventLog> {
        // Without a callback nothing asks to stop.
        Self::from_arrow_with_progress(reader, columns, &mut |_| ControlFlow::Continue(()))
    }

    /// [`EventLog::from_arrow`], calling `progress` as [`EventLog::from_columns_with_progress`] does once
    /// the batches are read: the units are rows, each counted when it is read and when it is placed, and
    /// `progress` returning `ControlFlow::Break(())` stops the work within a few milliseconds.
    ///
    /// # Errors
    /// As [`EventLog::from_arrow`], and [`Error::Cancelled`] when `progress` asked to stop.
    pub fn from_arrow_with_progress(
        reader: impl RecordBatchReader,
        columns: &EventColumns,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<EventLog> {
        let schema = reader.schema();
        let batches: Vec<RecordBatch> = reader
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| Error::Arrow { column: None, message: format!("cannot read the Arrow stream: {e}") })?;
        let at = positions(&schema, columns, batches.iter().map(RecordBatch::num_rows).sum())?;
        // Slices of the batches (zero-copy), made ready on all cores (integer ids written out as text,
        // dictionaries normalised), cut and spread as the core cuts and spreads its own reads.
        const PIECE: usize = crate::parallel::PIECE_ROWS;
        let mut slices = Vec::new();
        for batch in &batches {
            let n = batch.num_rows();
            slices.extend((0..n).step_by(PIECE).map(|offset| batch.slice(offset, PIECE.min(n - offset))));
        }
        if slices.is_empty() {
            // No rows: reported as the core reports an empty table (0 of 0), with the columns named.
            EventLog::from_columns_with_progress(&[], columns.ties, progress)?;
            return columns.builder().build();
        }
        let read: Vec<Batch<'_>> = crate::parallel::try_map(slices.iter().collect(), |b| Batch::new(b, &at, columns))?;
        let chunks: Vec<EventChunk<'_>> = read.iter().map(Batch::chunk).collect();
        EventLog::from_columns_faulted(&chunks, columns.ties, progress)?.map_err(|e| Error::Table {
            row: Some(e.row),
            column: column_name(columns, e.field).to_owned(),
            message: e.message,
        })
    }
}

/// An outcome column, converted to numbers block by block as the log reads it.
struct Outcomes<'a>(&'a dyn Array);

/// A timestamp column, converted to milliseconds block by block as the log reads it.
struct Times<'a>(&'a dyn Array);

/// A sequence column, converted to integers block by block as the log reads it.
struct Sequences<'a>(&'a dyn Array);

impl NumberColumn<i64> for Sequences<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn values(&self, rows: Range<usize>, out: &mut Vec<i64>) -> Result<(), ValueError> {
        // 64-bit integers without nulls straight from the values; anything else through `sequences`.
        if let Some(p) = self.0.as_primitive_opt::<Int64Type>()
            && p.null_count() == 0
            && let Some(values) = p.values().get(rows.clone())
        {
            out.extend_from_slice(values);
            return Ok(());
        }
        read_block(self.0, rows, out, sequences)
    }
}

/// Rows `rows` of column `a` read by `read`, appended to `out` (those before the row at fault when one is, as
/// the log needs them to report faults of earlier columns of that row first).
fn read_block<T>(
    a: &dyn Array,
    rows: Range<usize>,
    out: &mut Vec<T>,
    read: fn(&dyn Array, &mut Vec<T>) -> Result<(), ValueError>,
) -> Result<(), ValueError> {
    let block = a.slice(rows.start, rows.len());
    read(block.as_ref(), out).map_err(|e| ValueError { row: rows.start + e.row, ..e })
}

impl NumberColumn<i64> for Times<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn values(&self, rows: Range<usize>, out: &mut Vec<i64>) -> Result<(), ValueError> {
        // Timestamps without nulls straight from the values; anything else through `timestamps`.
        macro_rules! plain {
            ($t:ty, $unit:expr) => {
                if let Some(p) = self.0.as_primitive_opt::<$t>()
                    && p.null_count() == 0
                    && let Some(values) = p.values().get(rows.clone())
                {
                    // A value out of range goes through `timestamps`, which names it.
                    let before = out.len();
                    let mut in_range = true;
                    out.extend(values.iter().map(|v| {
                        epoch_ticks_to_ns(*v, $unit).unwrap_or_else(|| {
                            in_range = false;
                            0
                        })
                    }));
                    if in_range {
                        return Ok(());
                    }
                    out.truncate(before);
                }
            };
        }
        match self.0.data_type() {
            DataType::Timestamp(TimeUnit::Second, _) => plain!(TimestampSecondType, EpochUnit::Seconds),
            DataType::Timestamp(TimeUnit::Millisecond, _) => plain!(TimestampMillisecondType, EpochUnit::Milliseconds),
            DataType::Timestamp(TimeUnit::Microsecond, _) => plain!(TimestampMicrosecondType, EpochUnit::Microseconds),
            DataType::Timestamp(TimeUnit::Nanosecond, _) => plain!(TimestampNanosecondType, EpochUnit::Nanoseconds),
            _ => {}
        }
        read_block(self.0, rows, out, timestamps)
    }
}

impl NumberColumn<f64> for Outcomes<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn values(&self, rows: Range<usize>, out: &mut Vec<f64>) -> Result<(), ValueError> {
        // Outcomes without nulls straight from the values (`plain_outcomes`); anything else by the core's rule.
        read_block(self.0, rows, out, outcomes)
    }
}

/// The columns of one batch, ready to be read as they are in the Arrow buffers.
struct Batch<'a> {
    customer: Texts<'a>,
    timestamp: Times<'a>,
    touchpoint: Texts<'a>,
    optional: [Option<Texts<'a>>; 5],
    outcome: Option<Outcomes<'a>>,
    sequence: Option<Sequences<'a>>,
}

impl<'a> Batch<'a> {
    /// The batch's columns.
    fn new(batch: &'a RecordBatch, at: &ColumnPositions, columns: &EventColumns) -> Result<Self> {
        let column = |i: usize| batch.column(i).as_ref();
        let texts =
            |i: usize, name: &str| Texts::new(column(i)).ok_or_else(|| type_error(column(i).data_type(), name, IDS));
        let optional = |i: Option<usize>, name: &Option<String>| {
            i.map(|i| texts(i, name.as_deref().unwrap_or_default())).transpose()
        };
        let timestamp = Times(column(at.timestamp));
        Ok(Batch {
            customer: texts(at.customer, &columns.customer)?,
            timestamp,
            touchpoint: texts(at.touchpoint, &columns.touchpoint)?,
            optional: [
                optional(at.channel, &columns.channel)?,
                optional(at.device, &columns.device)?,
                optional(at.session, &columns.session)?,
                optional(at.segment, &columns.segment)?,
                optional(at.reason, &columns.reason)?,
            ],
            outcome: at.outcome.map(|i| Outcomes(column(i))),
            sequence: at.sequence.map(|i| Sequences(column(i))),
        })
    }

    fn chunk(&self) -> EventChunk<'_> {
        let [channel, device, session, segment, reason] =
            self.optional.each_ref().map(|t| t.as_ref().map(|t| t as &dyn TextColumn));
        EventChunk {
            customer: &self.customer,
            timestamp_ns: &self.timestamp,
            touchpoint: &self.touchpoint,
            channel,
            device,
            session,
            segment,
            reason,
            outcome: self.outcome.as_ref().map(|o| o as &dyn NumberColumn<f64>),
            sequence: self.sequence.as_ref().map(|q| q as &dyn NumberColumn<i64>),
        }
    }
}
