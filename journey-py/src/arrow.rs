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
    ColumnError, ColumnPositions, EpochUnit, EventChunk, EventColumns, EventField, EventLog, NumberColumn, Outcome,
    Sequence, TextColumn, Timestamp, check_outcome_value, check_sequence, check_timestamp, epoch_ticks_to_ms,
    is_outcome,
};

/// Why a table could not be read as an event log.
#[derive(Debug)]
pub(crate) enum TableError {
    /// A column the log needs is not in the table.
    Missing { column: String, available: Vec<String> },
    /// A column the log needs is in the table more than once.
    Duplicate(ColumnError),
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
            TableError::Duplicate(e) => e.fmt(f),
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

    fn texts<'s>(&'s self, rows: std::ops::Range<usize>, out: &mut Vec<Option<&'s str>>) {
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

/// A row at fault, counted from 0 in its column, with the core's message for it.
type RowFault = (usize, String);

/// The values of a column checked one by one by the core's `check`, appended to `out`; or the first row at
/// fault (counted from 0 in the column) with the core's message, `out` then holding the rows before it.
fn checked<V, T>(
    values: impl Iterator<Item = Option<V>>,
    check: impl Fn(Option<V>) -> Result<T, String>,
    out: &mut Vec<T>,
) -> Result<(), RowFault> {
    for (i, v) in values.enumerate() {
        out.push(check(v).map_err(|message| (i, message))?);
    }
    Ok(())
}

/// A column whose type cannot be read as `expected` at this point, for the log.
fn unreadable(a: &dyn Array, expected: &str) -> RowFault {
    (0, format!("values of type {} cannot be read, expected {expected}", a.data_type()))
}

/// The timestamps of a block in milliseconds since the epoch, each read by the core's timestamp rule.
fn timestamps(a: &dyn Array, out: &mut Vec<i64>) -> Result<(), RowFault> {
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
        t if is_int(t) => checked(
            ints(a).unwrap_or_default().into_iter(),
            |v| check_timestamp(v.map(|v| Timestamp::Epoch(v as f64))),
            out,
        ),
        _ => {
            let texts = Texts::new(a).ok_or_else(|| unreadable(a, TIMESTAMPS))?;
            checked((0..a.len()).map(|i| texts.text(i)), |v| check_timestamp(v.map(Timestamp::Text)), out)
        }
    }
}

/// The outcomes of a block, each read by the core's outcome rule (a null is no conversion).
fn outcomes(a: &dyn Array, out: &mut Vec<f64>) -> Result<(), RowFault> {
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
fn sequences(a: &dyn Array, out: &mut Vec<i64>) -> Result<(), RowFault> {
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

fn type_error(a: &dyn Array, column: &str, expected: &'static str) -> TableError {
    TableError::Type { column: column.to_owned(), found: a.data_type().clone(), expected }
}

/// Where the columns of the log are in the table, each of a type it can be read from when the table has
/// `rows` rows.
fn positions(schema: &Schema, columns: &EventColumns, rows: usize) -> Result<ColumnPositions, TableError> {
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let at = columns.positions(&names).map_err(|e| match e {
        ColumnError::Missing(column) => {
            TableError::Missing { column, available: names.iter().map(|n| (*n).to_owned()).collect() }
        }
        duplicate => TableError::Duplicate(duplicate),
    })?;
    let check =
        |i: Option<usize>, name: &Option<String>, ok: fn(&DataType) -> bool, expected: &'static str| match (i, name) {
            // An empty table is an empty log, whatever the types of its columns (an empty pandas frame has
            // float64 columns): no value has to be read.
            _ if rows == 0 => Ok(()),
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
    check(at.reason, &columns.reason, is_ids, IDS)?;
    check(at.outcome, &columns.outcome, is_outcomes, OUTCOMES)?;
    check(at.sequence, &columns.sequence, is_sequences, SEQUENCES)?;
    Ok(at)
}

/// Reads an event log from record batches. Rows are counted from 0 across batches, as `df.iloc` and
/// `table.slice` count them.
pub(crate) fn read(
    schema: &Schema,
    batches: impl Iterator<Item = Result<RecordBatch, ArrowError>>,
    columns: &EventColumns,
    progress: &mut dyn FnMut(journey_core::analytics::Progress) -> std::ops::ControlFlow<()>,
) -> Result<EventLog, TableError> {
    let batches: Vec<RecordBatch> = batches.collect::<Result<_, _>>().map_err(TableError::Stream)?;
    let at = positions(schema, columns, batches.iter().map(RecordBatch::num_rows).sum())?;
    // Slices of the batches (zero-copy), made ready on all cores (integer ids are written out as text), cut
    // and spread as the core cuts and spreads its own reads.
    const PIECE: usize = journey_core::parallel::PIECE_ROWS;
    let mut pieces = Vec::new();
    for batch in &batches {
        let n = batch.num_rows();
        pieces.extend((0..n).step_by(PIECE).map(|offset| batch.slice(offset, PIECE.min(n - offset))));
    }
    if pieces.is_empty() {
        // No rows: reported as the core reports an empty table (0 of 0), with the columns named.
        EventLog::from_columns_with_progress(&[], columns.ties, progress).map_err(TableError::Core)?.ok();
        return columns.builder().build().map_err(TableError::Core);
    }
    let read: Vec<Batch<'_>> =
        journey_core::parallel::try_map(pieces.iter().collect(), |batch| Batch::new(batch, &at, columns))?;
    let chunks: Vec<EventChunk<'_>> = read.iter().map(Batch::chunk).collect();
    let read = EventLog::from_columns_with_progress(&chunks, columns.ties, progress).map_err(TableError::Core)?;
    read.map_err(|e| {
        let name = |n: &Option<String>| n.clone().unwrap_or_default();
        let column = match e.field {
            EventField::Customer => columns.customer.clone(),
            EventField::Timestamp => columns.timestamp.clone(),
            EventField::Touchpoint => columns.touchpoint.clone(),
            EventField::Channel => name(&columns.channel),
            EventField::Device => name(&columns.device),
            EventField::Session => name(&columns.session),
            EventField::Segment => name(&columns.segment),
            EventField::Reason => name(&columns.reason),
            EventField::Outcome => name(&columns.outcome),
            EventField::Sequence => name(&columns.sequence),
        };
        TableError::Row { row: e.row, column, message: e.message }
    })
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

    fn values(&self, rows: std::ops::Range<usize>, out: &mut Vec<i64>) -> Result<(), RowFault> {
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
    rows: std::ops::Range<usize>,
    out: &mut Vec<T>,
    read: fn(&dyn Array, &mut Vec<T>) -> Result<(), RowFault>,
) -> Result<(), RowFault> {
    let block = a.slice(rows.start, rows.len());
    read(block.as_ref(), out).map_err(|(row, message)| (rows.start + row, message))
}

impl NumberColumn<i64> for Times<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn values(&self, rows: std::ops::Range<usize>, out: &mut Vec<i64>) -> Result<(), RowFault> {
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
                        epoch_ticks_to_ms(*v, $unit).unwrap_or_else(|| {
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

    fn values(&self, rows: std::ops::Range<usize>, out: &mut Vec<f64>) -> Result<(), RowFault> {
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
    fn new(batch: &'a RecordBatch, at: &ColumnPositions, columns: &EventColumns) -> Result<Self, TableError> {
        let column = |i: usize| batch.column(i).as_ref();
        let texts = |i: usize, name: &str| Texts::new(column(i)).ok_or_else(|| type_error(column(i), name, IDS));
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
            timestamp_ms: &self.timestamp,
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
