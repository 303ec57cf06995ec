//! Event logs from CSV.

use std::io::Read;
use std::ops::ControlFlow;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::columns::EventField;
use super::log::{Event, EventLog, EventLogBuilder, NO_SEQUENCE, TieOrder};
use super::progress::{BYTE_WORK, Meter, Progress, Reporter, Shared};
use crate::error::{Error, Result};

/// Which columns of a CSV file (or table) hold what. Only customer, timestamp and touchpoint are needed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct EventColumns {
    /// Customer id column (default `customer_id`).
    pub customer: String,
    /// Timestamp column (default `timestamp`): ISO 8601 / RFC 3339 with or without an offset (no offset
    /// means UTC), a date alone, or epoch seconds or milliseconds (numbers of 11 or more digits before any
    /// decimal point are milliseconds). Fractions of a second are kept to the nanosecond (digits past it
    /// round to the nearest); the log keeps nanoseconds since the epoch.
    pub timestamp: String,
    /// Touchpoint id column (default `touchpoint`).
    pub touchpoint: String,
    /// Channel column, if any.
    pub channel: Option<String>,
    /// Device column, if any.
    pub device: Option<String>,
    /// Session column, if any.
    pub session: Option<String>,
    /// Segment column, if any.
    pub segment: Option<String>,
    /// Reason column, if any: a cancellation reason, a survey answer, an error code (text, trimmed; an
    /// empty or blank value is no reason). The reason of a non-converting customer's last event is counted
    /// at the touchpoint where they left ([`DropOff::reasons`](super::DropOff::reasons)).
    pub reason: Option<String>,
    /// Outcome column, if any: a flag (`1`/`0`, `true`/`false`, `yes`/`no`) or a value (a number from 0 to [`MAX_OUTCOME`]).
    pub outcome: Option<String>,
    /// Sequence column, if any: an integer per event that orders a customer's events with the same
    /// timestamp (an empty value comes before every number).
    pub sequence: Option<String>,
    /// How a customer's events with the same timestamp are ordered (default [`TieOrder::Canonical`]: by
    /// sequence, then touchpoint and the other columns, whatever the order of the rows).
    pub ties: TieOrder,
}

impl Default for EventColumns {
    fn default() -> Self {
        EventColumns {
            customer: "customer_id".into(),
            timestamp: "timestamp".into(),
            touchpoint: "touchpoint".into(),
            channel: None,
            device: None,
            session: None,
            segment: None,
            reason: None,
            outcome: None,
            sequence: None,
            ties: TieOrder::Canonical,
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    b.iter().try_fold(0i64, |acc, d| acc.checked_mul(10)?.checked_add(i64::from(d - b'0')))
}

/// Nanoseconds in a millisecond.
pub(crate) const NS_PER_MS: i64 = 1_000_000;
/// Nanoseconds in a second.
pub(crate) const NS_PER_SECOND: i64 = 1_000_000_000;
/// Nanoseconds in a day.
pub(crate) const NS_PER_DAY: i64 = 86_400 * NS_PER_SECOND;

/// Nanoseconds (a duration, or a figure of them such as a mean) in seconds.
pub(crate) fn seconds_of_ns(ns: f64) -> f64 {
    ns / NS_PER_SECOND as f64
}

/// A window of `amount` units of `unit_ns` nanoseconds (a number of days, minutes or seconds, finite and at
/// least 0) as whole nanoseconds, rounded down: a duration `d` in nanoseconds is within the window exactly
/// when `d <= window_ns(..)`. A window longer than `i64::MAX` nanoseconds is `i64::MAX`, longer than any
/// span of a customer's events.
pub(crate) fn window_ns(amount: f64, unit_ns: i64) -> i64 {
    // `as` saturates: past 2^63 - 1 it gives i64::MAX.
    (amount * unit_ns as f64).floor() as i64
}

/// The earliest timestamp an event log takes: 1677-09-21T00:12:43.145224192Z, the least number of
/// nanoseconds since the epoch an `i64` holds.
pub const MIN_TIMESTAMP_NS: i64 = i64::MIN;
/// The latest timestamp an event log takes: 2262-04-11T23:47:16.854775807Z, the most nanoseconds since the
/// epoch an `i64` holds.
pub const MAX_TIMESTAMP_NS: i64 = i64::MAX;

/// What a timestamp out of range is told: the range of [`MIN_TIMESTAMP_NS`]..=[`MAX_TIMESTAMP_NS`].
pub const TIMESTAMP_RANGE: &str =
    "expected a time from 1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z";

/// `ns` (nanoseconds since the epoch, counted wide) when it lies in the range an event log takes
/// ([`MIN_TIMESTAMP_NS`] to [`MAX_TIMESTAMP_NS`]), `None` otherwise. Every timestamp read from text,
/// numbers, Arrow or JavaScript passes here: none wraps or is clamped.
pub fn timestamp_in_range(ns: i128) -> Option<i64> {
    i64::try_from(ns).ok()
}

/// The unit of an integer timestamp (as Arrow and numpy count them), for [`epoch_ticks_to_ns`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpochUnit {
    /// Days since 1970-01-01.
    Days,
    /// Seconds since the epoch.
    Seconds,
    /// Milliseconds since the epoch.
    Milliseconds,
    /// Microseconds since the epoch.
    Microseconds,
    /// Nanoseconds since the epoch.
    Nanoseconds,
}

impl EpochUnit {
    /// Nanoseconds in one tick of this unit.
    pub fn nanoseconds(self) -> i64 {
        match self {
            EpochUnit::Days => NS_PER_DAY,
            EpochUnit::Seconds => NS_PER_SECOND,
            EpochUnit::Milliseconds => NS_PER_MS,
            EpochUnit::Microseconds => 1_000,
            EpochUnit::Nanoseconds => 1,
        }
    }
}

/// An integer timestamp in `unit` as nanoseconds since the epoch, exactly; `None` when it is out of the
/// range an event log takes ([`timestamp_in_range`]).
pub fn epoch_ticks_to_ns(value: i64, unit: EpochUnit) -> Option<i64> {
    timestamp_in_range(i128::from(value) * i128::from(unit.nanoseconds()))
}

/// Parses a timestamp to nanoseconds since the epoch; `None` when it is not one of the accepted forms or
/// out of range. [`timestamp_argument`](super::timestamp_argument) says why.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    read_timestamp(text).ok()
}

/// What the accepted forms of a timestamp are, for messages.
pub const TIMESTAMP_FORMS: &str = "expected ISO 8601 (2026-03-01T10:15:00Z, with or without an offset), a date, or \
                                   epoch seconds or milliseconds";

/// The decimal fraction `frac` (its digits, after the point) in units of 10^-`places`, rounded to the
/// nearest unit (a half up) when it has more digits: `fraction(b"25", 3)` is 250, `fraction(b"0000000005",
/// 9)` is 1.
fn fraction(frac: &[u8], places: usize) -> i128 {
    let mut v = 0i128;
    for k in 0..places {
        v = v * 10 + i128::from(frac.get(k).map_or(0, |d| d - b'0'));
    }
    v + i128::from(frac.get(places).is_some_and(|d| *d >= b'5'))
}

/// Parses a timestamp to nanoseconds since the epoch: ISO 8601 / RFC 3339 (`2026-03-01T10:15:00Z`, a space
/// for the `T`, fractions of a second, an offset `+01:00`, `+0100` or `+01` whose hours are 00 to 23 and
/// minutes 00 to 59, or none for UTC), a date alone, or epoch seconds or milliseconds (11 or more digits
/// before any decimal point are milliseconds). Fractions are exact to the nanosecond: 9 digits of a
/// second (6 of a millisecond) are kept as they are, and digits past the nanosecond round it to the
/// nearest one (a half up, away from zero for a negative epoch number). The time must lie from
/// 1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z ([`timestamp_in_range`]).
///
/// # Errors
/// What is wrong with the text (quoted in the message) and what was expected.
pub(crate) fn read_timestamp(text: &str) -> std::result::Result<i64, String> {
    let unreadable = || format!("cannot read \"{text}\" as a timestamp, {TIMESTAMP_FORMS}");
    let out_of_range = || format!("\"{text}\" is out of range, {TIMESTAMP_RANGE}");
    let s = text.trim().as_bytes();
    if s.is_empty() {
        return Err(unreadable());
    }
    // Epoch seconds or milliseconds, maybe with a fraction and a sign.
    if s.iter().all(|c| c.is_ascii_digit() || *c == b'.' || *c == b'-') && !(s.len() >= 10 && s.get(4) == Some(&b'-')) {
        let (neg, body) = if s[0] == b'-' { (true, &s[1..]) } else { (false, s) };
        let (int, frac) = match body.iter().position(|c| *c == b'.') {
            Some(i) => (&body[..i], &body[i + 1..]),
            None => (body, &b""[..]),
        };
        if int.is_empty() || !int.iter().all(u8::is_ascii_digit) || !frac.iter().all(u8::is_ascii_digit) {
            return Err(unreadable());
        }
        // Too many digits for an i64 is out of range, not unreadable.
        let whole = digits(int).ok_or_else(out_of_range)?;
        let (unit, places) = if int.len() >= 11 { (NS_PER_MS, 6) } else { (NS_PER_SECOND, 9) };
        let ns = i128::from(whole) * i128::from(unit) + fraction(frac, places);
        return timestamp_in_range(if neg { -ns } else { ns }).ok_or_else(out_of_range);
    }
    // YYYY-MM-DD[(T| )HH:MM[:SS[.fffffffff...]]][Z|(+|-)HH[:]MM]
    if s.len() < 10 || s[4] != b'-' || s[7] != b'-' {
        return Err(unreadable());
    }
    let (y, m, d) = match (digits(&s[0..4]), digits(&s[5..7]), digits(&s[8..10])) {
        (Some(y), Some(m), Some(d)) => (y, m, d),
        _ => return Err(unreadable()),
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return Err(format!("\"{text}\" is not a date of the calendar, {TIMESTAMP_FORMS}"));
    }
    let mut ns = i128::from(days_from_civil(y, m, d)) * i128::from(NS_PER_DAY);
    let rest = &s[10..];
    if rest.is_empty() {
        return timestamp_in_range(ns).ok_or_else(out_of_range);
    }
    if !(rest[0] == b'T' || rest[0] == b't' || rest[0] == b' ') || rest.len() < 6 || rest[3] != b':' {
        return Err(unreadable());
    }
    let (Some(hh), Some(mm)) = (digits(&rest[1..3]), digits(&rest[4..6])) else { return Err(unreadable()) };
    let mut i = 6;
    let mut ss = 0;
    let mut nanos = 0i128;
    if rest.get(i) == Some(&b':') {
        ss = rest.get(i + 1..i + 3).and_then(digits).ok_or_else(unreadable)?;
        i += 3;
        if rest.get(i) == Some(&b'.') || rest.get(i) == Some(&b',') {
            let start = i + 1;
            let mut end = start;
            while end < rest.len() && rest[end].is_ascii_digit() {
                end += 1;
            }
            if end == start {
                return Err(unreadable());
            }
            nanos = fraction(&rest[start..end], 9);
            i = end;
        }
    }
    if hh > 23 || mm > 59 || ss > 60 {
        return Err(format!(
            "\"{text}\" is not a time of day, expected hours 00 to 23, minutes 00 to 59 and seconds 00 to 60"
        ));
    }
    ns += i128::from((hh * 60 + mm) * 60 + ss) * i128::from(NS_PER_SECOND) + nanos;
    let zone = &rest[i..];
    // RFC 3339 (and ISO 8601): an offset's hours are 00 to 23 and its minutes 00 to 59.
    let offset = |sign: u8, h: [u8; 2], m: [u8; 2]| -> std::result::Result<i64, String> {
        let (Some(oh), Some(om)) = (digits(&h), digits(&m)) else { return Err(unreadable()) };
        if oh > 23 || om > 59 {
            let shown = String::from_utf8_lossy(zone);
            return Err(format!(
                "\"{text}\" has the UTC offset {shown}, which is out of range: expected hours 00 to 23 and minutes 00 to 59"
            ));
        }
        let v = oh * 60 + om;
        Ok(if sign == b'+' { v } else { -v })
    };
    let offset_min = match zone {
        [] | [b'Z'] | [b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            offset(*sign, [*h1, *h2], [*m1, *m2])?
        }
        [sign @ (b'+' | b'-'), h1, h2] => offset(*sign, [*h1, *h2], [b'0', b'0'])?,
        _ => return Err(unreadable()),
    };
    timestamp_in_range(ns - i128::from(offset_min) * i128::from(60 * NS_PER_SECOND)).ok_or_else(out_of_range)
}

/// Epoch seconds or milliseconds given as a number, by the rule of text timestamps: a magnitude of 10^10 or
/// more (11 or more digits before the point) is milliseconds, anything smaller seconds. The result is the
/// number's exact value rounded to the nanosecond, so a float keeps what it holds: a double has 53 bits,
/// about a quarter of a microsecond for epoch seconds or milliseconds of this century. `None` for NaN,
/// infinities and times out of the range an event log takes ([`timestamp_in_range`]).
pub fn epoch_to_ns(value: f64) -> Option<i64> {
    if !value.is_finite() {
        return None;
    }
    let a = value.abs();
    let whole = a.trunc();
    if whole >= 1e19 {
        return None;
    }
    let unit = if whole >= 1e10 { NS_PER_MS } else { NS_PER_SECOND };
    // `a - whole` is exact: the fraction's bits are those of `a` below the point.
    let ns = whole as i128 * i128::from(unit) + ((a - whole) * unit as f64).round() as i128;
    timestamp_in_range(if value < 0.0 { -ns } else { ns })
}

/// Epoch seconds or milliseconds given as an integer, by the rule of text timestamps (a magnitude of 10^10
/// or more is milliseconds, anything smaller seconds), exactly; `None` out of the range an event log takes.
pub fn epoch_integer_to_ns(value: i128) -> Option<i64> {
    let unit = if value.unsigned_abs() >= 10_000_000_000 { NS_PER_MS } else { NS_PER_SECOND };
    timestamp_in_range(value.checked_mul(i128::from(unit))?)
}

/// Reads a sequence number: an integer, surrounding white space ignored; `Ok(None)` for an empty value.
///
/// # Errors
/// What was expected, for anything else.
pub(crate) fn parse_sequence(text: &str) -> std::result::Result<Option<i64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>().map(Some).map_err(|_| {
        format!("cannot read {t:?} as a sequence number, expected an integer from {} to {}", i64::MIN, i64::MAX)
    })
}

/// The largest outcome value an event log takes: 10^15. Far below it every sum over a log (up to 2^32
/// events) is exact in attribution and stays far from overflow, and a value keeps cents (its resolution
/// at 10^15 is 1/8).
pub const MAX_OUTCOME: f64 = 1e15;

/// Whether `v` is an outcome an event log takes: a number from 0 to [`MAX_OUTCOME`].
pub fn is_outcome(v: f64) -> bool {
    (0.0..=MAX_OUTCOME).contains(&v)
}

/// What an outcome is, for messages: the forms [`parse_outcome`] reads, up to [`MAX_OUTCOME`].
pub const OUTCOME_EXPECTED: &str = "expected 1/0, true/false, yes/no or a number from 0 to 1e15";

/// The message for a value that is not an outcome, shown as `shown` (`"-1"` for text, `-1` for a number):
/// `cannot read "-1" as an outcome, expected 1/0, true/false, yes/no or a number from 0 to 1e15`. Every
/// reader of outcomes (CSV, Arrow tables, JavaScript arrays, the log builder) says this.
pub(crate) fn not_an_outcome(shown: &str) -> String {
    format!("cannot read {shown} as an outcome, {OUTCOME_EXPECTED}")
}

/// Reads an outcome: a flag (`1`/`0`, `true`/`false`, `yes`/`no`, `y`/`n`, empty for no) or a value (a
/// number from 0 to [`MAX_OUTCOME`]). `None` for anything else.
pub fn parse_outcome(text: &str) -> Option<f64> {
    let t = text.trim();
    match t.to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "n" => Some(0.0),
        "true" | "yes" | "y" => Some(1.0),
        _ => t.parse::<f64>().ok().filter(|v| is_outcome(*v)),
    }
}

/// Where each column named by [`EventColumns`] is in a table: an index into the header, or `None` for an
/// optional column the caller did not name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnPositions {
    /// The customer id column.
    pub customer: usize,
    /// The timestamp column.
    pub timestamp: usize,
    /// The touchpoint column.
    pub touchpoint: usize,
    /// The channel column.
    pub channel: Option<usize>,
    /// The device column.
    pub device: Option<usize>,
    /// The session column.
    pub session: Option<usize>,
    /// The segment column.
    pub segment: Option<usize>,
    /// The reason column.
    pub reason: Option<usize>,
    /// The outcome column.
    pub outcome: Option<usize>,
    /// The sequence column.
    pub sequence: Option<usize>,
}

impl EventColumns {
    /// The names of the columns the log reads: customer, timestamp, touchpoint and those of the optional
    /// columns that are named.
    pub fn names(&self) -> Vec<&str> {
        let optional =
            [&self.channel, &self.device, &self.session, &self.segment, &self.reason, &self.outcome, &self.sequence];
        [&self.customer, &self.timestamp, &self.touchpoint]
            .into_iter()
            .map(String::as_str)
            .chain(optional.into_iter().filter_map(|n| n.as_deref()))
            .collect()
    }

    /// Finds each named column in a header (names compared after trimming). O(columns²), for a header.
    ///
    /// # Errors
    /// An [`Error::Table`] (kind `csv`, with the message the CSV reader gives) naming the column: a named
    /// column the header does not have (listing those it has), or has more than once.
    pub fn positions<S: AsRef<str>>(&self, header: &[S]) -> Result<ColumnPositions> {
        self.find_columns(header).map_err(|e| Error::Table {
            row: None,
            column: e.column().to_owned(),
            message: e.explained(header),
        })
    }

    /// [`EventColumns::positions`] with the column at fault as the readers find it, for readers that name
    /// the place their own way.
    pub(crate) fn find_columns<S: AsRef<str>>(
        &self,
        header: &[S],
    ) -> std::result::Result<ColumnPositions, ColumnError> {
        let find = |want: &str| {
            let mut at = header.iter().enumerate().filter(|(_, h)| h.as_ref().trim() == want).map(|(i, _)| i);
            let first = at.next().ok_or_else(|| ColumnError::Missing(want.to_owned()))?;
            match at.next() {
                Some(second) => Err(ColumnError::Duplicate { name: want.to_owned(), first, second }),
                None => Ok(first),
            }
        };
        let optional = |want: &Option<String>| want.as_deref().map(find).transpose();
        Ok(ColumnPositions {
            customer: find(&self.customer)?,
            timestamp: find(&self.timestamp)?,
            touchpoint: find(&self.touchpoint)?,
            channel: optional(&self.channel)?,
            device: optional(&self.device)?,
            session: optional(&self.session)?,
            segment: optional(&self.segment)?,
            reason: optional(&self.reason)?,
            outcome: optional(&self.outcome)?,
            sequence: optional(&self.sequence)?,
        })
    }

    /// An empty builder for a table read with these columns: ties ordered as `ties` says, and an outcome
    /// column when one is named.
    pub fn builder(&self) -> EventLogBuilder {
        let b = EventLogBuilder::new().with_ties(self.ties);
        if self.outcome.is_some() { b.with_outcome_column() } else { b }
    }
}

/// Why a header cannot give the columns an event log reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ColumnError {
    /// A named column is not in the header.
    #[error("missing column \"{0}\"")]
    Missing(String),
    /// A named column is in the header more than once (positions counted from 1 in the message).
    #[error("column \"{name}\" appears more than once, at positions {} and {} (counted from 1), expected it once", first + 1, second + 1)]
    Duplicate {
        /// The column's name.
        name: String,
        /// Where it is first (counted from 0).
        first: usize,
        /// Where it is next (counted from 0).
        second: usize,
    },
}

impl ColumnError {
    /// The name of the column at fault.
    pub(crate) fn column(&self) -> &str {
        match self {
            ColumnError::Missing(name) | ColumnError::Duplicate { name, .. } => name,
        }
    }

    /// What is wrong with `header`, the names of a table's columns: a missing column with the names it has
    /// instead, or a repeated one with its places.
    pub(crate) fn explained<S: AsRef<str>>(&self, header: &[S]) -> String {
        match self {
            ColumnError::Missing(want) => {
                let names: Vec<&str> = header.iter().map(AsRef::as_ref).collect();
                format!("missing column \"{want}\", expected it among: {}", names.join(", "))
            }
            duplicate => duplicate.to_string(),
        }
    }
}

/// The largest CSV input [`EventLog::from_csv_reader`] and [`EventLog::from_csv_bytes`] read: 1 GiB in
/// WebAssembly (whose memory is 4 GiB at most, and the log is built beside the input), no limit but the
/// memory elsewhere. A larger input is an [`Error::TooLarge`], found before it is stored.
pub const MAX_CSV_BYTES: usize = if cfg!(target_arch = "wasm32") { 1 << 30 } else { usize::MAX };

/// A reader of `data` that gives its first byte alone, so that the CSV reader never takes bytes in the
/// middle of a file for a byte order mark (it strips one only from the first bytes it sees, when they
/// come three or more at a time).
struct MidFile<'a>(&'a [u8], bool);

impl Read for MidFile<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.1 {
            self.1 = false;
            if let (Some(first), Some(out)) = (self.0.first(), buf.first_mut()) {
                *out = *first;
                self.0 = &self.0[1..];
                return Ok(1);
            }
        }
        self.0.read(buf)
    }
}

/// A fault in a data row: the byte offset (in the data) where its record's content starts, the column and
/// the message. The line is counted only when there is a fault to place.
struct Fault {
    at: usize,
    column: Option<String>,
    message: String,
}

/// What parsing the records of one piece gives: the builder, and where the parse stopped — the reader's
/// position before the first record whose content starts at or after the piece's end (the data's length
/// when there is none). At that position the reader is between records.
struct Parsed {
    builder: EventLogBuilder,
    stop: usize,
}

/// Parses the records of `data` (no header) whose content starts in `start..end`, reading from `start`,
/// which must be a record boundary for the result to be that of a sequential parse; `data[..start]` is not
/// read. The bytes read are counted on `meter`; when it says to stop, the parse ends early (its result is
/// then thrown away).
fn parse_rows(
    data: &[u8],
    start: usize,
    end: usize,
    width: usize,
    at: ColumnPositions,
    columns: &EventColumns,
    meter: &mut Meter<'_, '_>,
) -> std::result::Result<Parsed, Fault> {
    let tail = data.get(start..).unwrap_or_default();
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(MidFile(tail, true));
    let mut builder = columns.builder();
    let mut record = csv::ByteRecord::new();
    let mut counted = start;
    loop {
        // The reader's position is the end of the last record: the next record's content starts after the
        // blank lines (and the line feed of a CR LF) that follow.
        let pos = start + usize::try_from(rdr.position().byte()).unwrap_or(usize::MAX);
        if meter.count(pos.saturating_sub(counted) as u64).is_break() {
            return Ok(Parsed { builder, stop: pos });
        }
        counted = counted.max(pos);
        let content =
            pos + data.get(pos..).unwrap_or_default().iter().take_while(|b| matches!(b, b'\n' | b'\r')).count();
        if content >= end && content < data.len() {
            return Ok(Parsed { builder, stop: pos });
        }
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(Parsed { builder, stop: data.len() }),
            Err(e) => return Err(Fault { at: content, column: None, message: e.to_string() }),
        }
        let fault =
            |column: Option<&str>, message: String| Fault { at: content, column: column.map(str::to_owned), message };
        if record.len() != width {
            if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
                continue; // a blank line
            }
            return Err(fault(
                None,
                format!("the row has {} fields, expected {} as in the header", record.len(), width),
            ));
        }
        let field = |i: usize, name: &str| -> std::result::Result<&str, Fault> {
            std::str::from_utf8(record.get(i).unwrap_or_default()).map_err(|e| {
                fault(Some(name), format!("not valid UTF-8 (invalid byte at offset {} of the field)", e.valid_up_to()))
            })
        };
        let opt = |i: Option<usize>, name: &Option<String>| -> std::result::Result<Option<&str>, Fault> {
            match (i, name) {
                (Some(i), Some(n)) => field(i, n).map(Some),
                _ => Ok(None),
            }
        };
        let customer = super::row::check_id(Some(field(at.customer, &columns.customer)?), EventField::Customer)
            .map_err(|message| fault(Some(&columns.customer), message))?;
        let touchpoint = super::row::check_id(Some(field(at.touchpoint, &columns.touchpoint)?), EventField::Touchpoint)
            .map_err(|message| fault(Some(&columns.touchpoint), message))?;
        let ts_text = field(at.timestamp, &columns.timestamp)?;
        let timestamp_ns = super::row::check_timestamp(Some(super::row::Timestamp::Text(ts_text)))
            .map_err(|message| fault(Some(&columns.timestamp), message))?;
        let outcome = match opt(at.outcome, &columns.outcome)? {
            Some(text) => Some(
                super::row::check_outcome_value(Some(super::row::Outcome::Text(text)))
                    .map_err(|message| fault(columns.outcome.as_deref(), message))?,
            ),
            None => None,
        };
        let sequence = match opt(at.sequence, &columns.sequence)? {
            Some(text) => Some(
                super::row::check_sequence(Some(super::row::Sequence::Text(text)))
                    .map_err(|message| fault(columns.sequence.as_deref(), message))?,
            )
            .filter(|q| *q != NO_SEQUENCE),
            None => None,
        };
        let event = Event {
            customer,
            timestamp_ns,
            touchpoint,
            channel: opt(at.channel, &columns.channel)?,
            device: opt(at.device, &columns.device)?,
            session: opt(at.session, &columns.session)?,
            segment: opt(at.segment, &columns.segment)?,
            reason: opt(at.reason, &columns.reason)?,
            sequence,
            outcome,
        };
        builder.push_at(&event).map_err(|e| fault(None, e.message))?;
    }
}

/// Cuts `data` into about `parts` pieces just after line feeds: guesses, as a line feed may be inside a
/// quoted field; [`parse_in_pieces`] checks each guess against the parse of the piece before.
fn split_rows(data: &[u8], parts: usize) -> Vec<usize> {
    let step = data.len() / parts.max(1);
    let mut cuts = vec![0usize];
    for k in 1..parts {
        let target = (k * step).max(cuts.last().copied().unwrap_or(0));
        match memchr::memchr(b'\n', data.get(target..).unwrap_or_default()) {
            Some(i) if target + i + 1 < data.len() => cuts.push(target + i + 1),
            _ => break,
        }
    }
    cuts.push(data.len());
    cuts.dedup();
    cuts
}

/// Parses the records of `data` in about `parts` pieces on all cores, giving exactly what one sequential
/// parse gives.
///
/// The pieces are cut just after line feeds, and each is parsed as if it began at a record boundary, all at
/// once. That guess is then checked in order: the parse of piece k (itself right) stops at the reader's
/// position before the first record whose content starts in piece k + 1; piece k + 1 began at a record
/// boundary exactly when that position is at or before its start (what lies between is then line ends,
/// which a reader between records passes over). Where the guess was wrong (a line feed inside a quoted
/// field) the piece is parsed again from the true boundary. No quote counting is involved: a stray quote in
/// an unquoted field, quoted line feeds or doubled quotes cost at most a second parse of a piece.
///
/// The bytes of the first parse of each piece are counted as `rep`'s units (a second parse is not counted
/// again); a request to stop ends the parse with [`Error::Cancelled`].
fn parse_in_pieces(
    data: &[u8],
    parts: usize,
    width: usize,
    at: ColumnPositions,
    columns: &EventColumns,
    rep: &mut Reporter<'_>,
) -> Result<std::result::Result<EventLogBuilder, Fault>> {
    let cuts = split_rows(data, parts);
    let ranges: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    let parse = |(start, end): (usize, usize), meter: &mut Meter<'_, '_>| {
        parse_rows(data, start, end, width, at, columns, meter)
    };
    let guesses = super::progress::map_all(ranges.clone(), rep, parse)?;
    let mut all = columns.builder();
    // Where the records of the next piece start: a record boundary, at or before the piece's start.
    let mut boundary = 0;
    let uncounted = Shared::default();
    for (&(start, end), guess) in ranges.iter().zip(guesses) {
        let parsed = if boundary <= start { guess } else { parse((boundary, end), &mut Meter::shared(&uncounted)) };
        let parsed = match parsed {
            Ok(p) => p,
            Err(fault) => return Ok(Err(fault)),
        };
        all.append(parsed.builder);
        boundary = parsed.stop;
        rep.work(((end - start) as u64).saturating_mul(BYTE_WORK))?;
    }
    Ok(Ok(all))
}

/// An [`Error::TooLarge`] when CSV input of `size` bytes is more than the readers take
/// ([`MAX_CSV_BYTES`]): for a caller that knows the size before it copies the input.
///
/// # Errors
/// [`Error::TooLarge`] naming the size and the limit.
pub fn check_csv_size(size: usize) -> Result<()> {
    check_size(size, MAX_CSV_BYTES)
}

/// An [`Error::TooLarge`] when `size` is over `limit`.
fn check_size(size: usize, limit: usize) -> Result<()> {
    if size > limit { Err(Error::TooLarge { size, limit }) } else { Ok(()) }
}

/// Reads all of `reader` into memory, up to `limit` bytes, reporting progress: `rep`'s total grows with the
/// bytes read when there are more than it was told, and a request to stop ends the reading.
fn read_all(mut reader: impl Read, name: &Path, limit: usize, rep: &mut Reporter<'_>) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut buf = vec![0u8; 4 << 20];
    let io = |source| Error::Io { path: name.to_owned(), source };
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(source) => return Err(io(source)),
        };
        if check_size(bytes.len() + n, limit).is_err() {
            // Count the rest without keeping it, to say how large the input is.
            let mut size = bytes.len() + n;
            drop(bytes);
            loop {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => size += n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(source) => return Err(io(source)),
                }
            }
            return Err(Error::TooLarge { size, limit });
        }
        bytes.try_reserve(n).map_err(|_| {
            io(std::io::Error::new(
                std::io::ErrorKind::OutOfMemory,
                format!("not enough memory to hold {} bytes of input", bytes.len() + n),
            ))
        })?;
        bytes.extend_from_slice(&buf[..n]);
        rep.total = rep.total.max(bytes.len() as u64);
        // Reading is quicker than parsing: a report about every 4 MiB read.
        rep.work(n as u64)?;
    }
    Ok(bytes)
}

impl EventLog {
    /// Reads an event log from CSV (a header row, then one event per row). Large inputs are parsed on all
    /// cores, with the result of a sequential parse. An input with no rows is an empty log.
    /// [`EventLog::from_csv_reader_with_progress`] reports how far it is and can be stopped.
    ///
    /// # Errors
    /// [`Error::Csv`] naming the line and column: a missing or repeated column (line 1), an unparsable or
    /// out-of-range timestamp, an empty customer id or touchpoint, an outcome that is neither a flag nor a
    /// number from 0 to 1e15, a row of the wrong length, bytes that are not UTF-8; [`Error::TooLarge`] for an input of
    /// more than [`MAX_CSV_BYTES`]; [`Error::Io`] when reading fails.
    pub fn from_csv_reader(reader: impl Read, columns: &EventColumns) -> Result<EventLog> {
        Self::from_csv_source(reader, Path::new("<reader>"), columns)
    }

    /// [`EventLog::from_csv_reader`], calling `progress` at the start, every few milliseconds of work and at
    /// the end (see [`Progress`]): the units are bytes of input, `total` the input's size (`size` when the
    /// caller knows it, such as a file's length; else the bytes read so far until all are read) and `done`
    /// the bytes parsed. `progress` returning `ControlFlow::Break(())` stops the reading or the parse within
    /// a few milliseconds.
    ///
    /// # Errors
    /// As [`EventLog::from_csv_reader`], and [`Error::Cancelled`] when `progress` asked to stop.
    pub fn from_csv_reader_with_progress(
        reader: impl Read,
        columns: &EventColumns,
        size: Option<u64>,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<EventLog> {
        Self::from_csv_source_with_progress(reader, Path::new("<reader>"), columns, size, progress)
    }

    /// Reads an event log from CSV that `reader` reads from the file `path`, which errors name; see
    /// [`EventLog::from_csv_reader`].
    ///
    /// # Errors
    /// As [`EventLog::from_csv_reader`], an [`Error::Io`] naming `path`.
    pub fn from_csv_source(reader: impl Read, path: &Path, columns: &EventColumns) -> Result<EventLog> {
        Self::read_csv(reader, path, columns, None, &mut Reporter::silent("reading CSV"))
    }

    /// [`EventLog::from_csv_source`] following progress as [`EventLog::from_csv_reader_with_progress`] does.
    ///
    /// # Errors
    /// As [`EventLog::from_csv_source`], and [`Error::Cancelled`] when `progress` asked to stop.
    pub fn from_csv_source_with_progress(
        reader: impl Read,
        path: &Path,
        columns: &EventColumns,
        size: Option<u64>,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<EventLog> {
        Self::read_csv(reader, path, columns, size, &mut Reporter::new(progress, "reading CSV"))
    }

    fn read_csv(
        reader: impl Read,
        path: &Path,
        columns: &EventColumns,
        size: Option<u64>,
        rep: &mut Reporter<'_>,
    ) -> Result<EventLog> {
        // Without the size, the first report waits until there are bytes to count (0 of 0 is an empty input).
        match size {
            Some(size) => rep.begin(size, BYTE_WORK)?,
            None => rep.prepare(0, BYTE_WORK),
        }
        let bytes = read_all(reader, path, MAX_CSV_BYTES, rep)?;
        let parts = if bytes.len() >= crate::parallel::MIN_CSV_BYTES { parallel_parts() } else { 1 };
        Self::parse_csv(&bytes, columns, parts, rep)
    }

    /// Reads an event log from CSV bytes; see [`EventLog::from_csv_reader`].
    ///
    /// # Errors
    /// As [`EventLog::from_csv_reader`].
    pub fn from_csv_bytes(bytes: &[u8], columns: &EventColumns) -> Result<EventLog> {
        let parts = if bytes.len() >= crate::parallel::MIN_CSV_BYTES { parallel_parts() } else { 1 };
        Self::from_csv_bytes_in_parts(bytes, columns, parts)
    }

    /// [`EventLog::from_csv_bytes`] following progress as [`EventLog::from_csv_reader_with_progress`] does
    /// (`total` is the length of `bytes`).
    ///
    /// ```
    /// use std::ops::ControlFlow;
    /// use journey_core::analytics::{EventColumns, EventLog};
    ///
    /// let csv = b"customer_id,timestamp,touchpoint\na,2026-03-01,ad\n";
    /// let mut seen = Vec::new();
    /// let log = EventLog::from_csv_bytes_with_progress(csv, &EventColumns::default(), &mut |p| {
    ///     seen.push((p.done, p.total));
    ///     ControlFlow::Continue(())
    /// })?;
    /// assert_eq!((log.len(), seen), (1, vec![(0, 49), (49, 49)]));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`EventLog::from_csv_reader`], and [`Error::Cancelled`] when `progress` asked to stop.
    pub fn from_csv_bytes_with_progress(
        bytes: &[u8],
        columns: &EventColumns,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<EventLog> {
        let parts = if bytes.len() >= crate::parallel::MIN_CSV_BYTES { parallel_parts() } else { 1 };
        let mut rep = Reporter::new(progress, "reading CSV");
        rep.begin(bytes.len() as u64, BYTE_WORK)?;
        Self::parse_csv(bytes, columns, parts, &mut rep)
    }

    /// Reads an event log from CSV bytes cut into about `parts` pieces parsed at once (on all cores; one
    /// after another in WebAssembly), whatever their size: what [`EventLog::from_csv_bytes`] does for large
    /// inputs. The result (the log, or the first error in the input) is always that of a sequential parse.
    ///
    /// # Errors
    /// As [`EventLog::from_csv_reader`].
    pub fn from_csv_bytes_in_parts(bytes: &[u8], columns: &EventColumns, parts: usize) -> Result<EventLog> {
        let mut rep = Reporter::silent("reading CSV");
        rep.begin(bytes.len() as u64, BYTE_WORK)?;
        Self::parse_csv(bytes, columns, parts, &mut rep)
    }

    /// Parses CSV bytes in about `parts` pieces, counting the bytes parsed as `rep`'s units (its total is
    /// set to their length), and ends `rep`'s work.
    fn parse_csv(bytes: &[u8], columns: &EventColumns, parts: usize, rep: &mut Reporter<'_>) -> Result<EventLog> {
        rep.total = bytes.len() as u64;
        rep.begin_late()?;
        let log = Self::parse_csv_bytes(bytes, columns, parts, rep)?;
        rep.end()?;
        Ok(log)
    }

    fn parse_csv_bytes(bytes: &[u8], columns: &EventColumns, parts: usize, rep: &mut Reporter<'_>) -> Result<EventLog> {
        check_size(bytes.len(), MAX_CSV_BYTES)?;
        if let Some(encoding) = crate::io::text::other_encoding(bytes) {
            return Err(Error::WrongEncoding { encoding });
        }
        let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
        let headers = rdr
            .byte_headers()
            .map_err(|e| Error::Csv {
                line: e.position().map_or(1, |p| p.line()),
                column: None,
                message: e.to_string(),
            })?
            .clone();
        if headers.is_empty() || (headers.len() == 1 && headers.get(0).is_some_and(|h| h.is_empty())) {
            // No header at all: an empty log, with the outcome column the caller named.
            return columns.builder().build();
        }
        let start = usize::try_from(rdr.position().byte()).unwrap_or(bytes.len()).min(bytes.len());
        let names: Vec<String> = headers.iter().map(|h| String::from_utf8_lossy(h).trim().to_owned()).collect();
        let width = names.len();
        let at = columns.find_columns(&names).map_err(|e| Error::Csv {
            line: 1,
            message: e.explained(&names),
            column: Some(e.column().to_owned()),
        })?;
        // The header counts as parsed.
        rep.advance(start as u64)?;
        let data = &bytes[start..];
        let parsed = if parts > 1 {
            parse_in_pieces(data, parts, width, at, columns, rep)?
        } else {
            let mut meter = Meter::inline(rep);
            let parsed = parse_rows(data, 0, data.len(), width, at, columns, &mut meter).map(|p| p.builder);
            meter.finish()?;
            parsed
        };
        match parsed {
            Ok(builder) => builder.build(),
            Err(Fault { at, column, message }) => {
                let line = 1 + memchr::memchr_iter(b'\n', &bytes[..(start + at).min(bytes.len())]).count() as u64;
                Err(Error::Csv { line, column, message })
            }
        }
    }

    /// Reads an event log from CSV text; see [`EventLog::from_csv_reader`].
    ///
    /// # Errors
    /// As [`EventLog::from_csv_reader`].
    pub fn from_csv_str(text: &str, columns: &EventColumns) -> Result<EventLog> {
        Self::from_csv_bytes(text.as_bytes(), columns)
    }

    /// Reads an event log from a CSV file; see [`EventLog::from_csv_reader`].
    ///
    /// # Errors
    /// [`Error::Io`] naming the file when it cannot be opened or read, and those of
    /// [`EventLog::from_csv_reader`].
    pub fn load_csv(path: impl AsRef<Path>, columns: &EventColumns) -> Result<EventLog> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
        Self::from_csv_source(std::io::BufReader::with_capacity(1 << 20, file), path, columns)
    }

    /// [`EventLog::load_csv`] following progress as [`EventLog::from_csv_reader_with_progress`] does, with
    /// the file's length as the total.
    ///
    /// # Errors
    /// As [`EventLog::load_csv`], and [`Error::Cancelled`] when `progress` asked to stop.
    pub fn load_csv_with_progress(
        path: impl AsRef<Path>,
        columns: &EventColumns,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<EventLog> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
        let size = file.metadata().ok().map(|m| m.len());
        Self::from_csv_source_with_progress(
            std::io::BufReader::with_capacity(1 << 20, file),
            path,
            columns,
            size,
            progress,
        )
    }
}

/// How many pieces a large input is cut into: [`crate::parallel::PARTS_PER_THREAD`] per thread.
fn parallel_parts() -> usize {
    crate::parallel::threads() * crate::parallel::PARTS_PER_THREAD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_every_accepted_form() {
        let t: i64 = 1_772_360_100_000_000_000; // 2026-03-01T10:15:00Z, in ns
        let (ms, s) = (NS_PER_MS, NS_PER_SECOND);
        assert_eq!(parse_timestamp("2026-03-01T10:15:00Z"), Some(t));
        assert_eq!(parse_timestamp("2026-03-01T10:15:00"), Some(t));
        assert_eq!(parse_timestamp("2026-03-01 10:15:00"), Some(t));
        assert_eq!(parse_timestamp("2026-03-01T11:15:00+01:00"), Some(t));
        assert_eq!(parse_timestamp("2026-03-01T05:15:00-0500"), Some(t));
        assert_eq!(parse_timestamp("2026-03-01T10:15:00.250Z"), Some(t + 250 * ms));
        assert_eq!(parse_timestamp("2026-03-01T10:15:00.000000001Z"), Some(t + 1));
        assert_eq!(parse_timestamp("2026-03-01T10:15:00,123456789+00:00"), Some(t + 123_456_789));
        assert_eq!(parse_timestamp("2026-03-01T10:15:00.1234567Z"), Some(t + 123_456_700));
        // Past the nanosecond: rounded to the nearest, a half up, carrying into the second.
        assert_eq!(parse_timestamp("2026-03-01T10:15:00.0000000014Z"), Some(t + 1));
        assert_eq!(parse_timestamp("2026-03-01T10:15:00.0000000015Z"), Some(t + 2));
        assert_eq!(parse_timestamp("2026-03-01T10:14:59.9999999999Z"), Some(t));
        assert_eq!(parse_timestamp("2026-03-01T10:15Z"), Some(t));
        assert_eq!(parse_timestamp("2026-03-01"), Some(t - (10 * 3600 + 15 * 60) * s));
        assert_eq!(parse_timestamp("1772360100"), Some(t));
        assert_eq!(parse_timestamp("1772360100.5"), Some(t + 500 * ms));
        assert_eq!(parse_timestamp("1772360100.000000007"), Some(t + 7));
        assert_eq!(parse_timestamp("1772360100000"), Some(t));
        assert_eq!(parse_timestamp("1772360100000.000007"), Some(t + 7));
        assert_eq!(parse_timestamp(" 1772360100000 "), Some(t));
        assert_eq!(parse_timestamp("-0.000000001"), Some(-1));
        assert_eq!(parse_timestamp("2026-03-01T10:15:00-23:59"), Some(t + (23 * 60 + 59) * 60 * s));
        assert_eq!(parse_timestamp("2262-04-11T23:47:16.854775807Z"), Some(MAX_TIMESTAMP_NS));
        assert_eq!(parse_timestamp("1677-09-21T00:12:43.145224192Z"), Some(MIN_TIMESTAMP_NS));
        assert_eq!(parse_timestamp("-9223372036.854775808"), Some(MIN_TIMESTAMP_NS));
        for bad in [
            "",
            "yesterday",
            "2026-02-30",
            "2026-13-01",
            "2026-03-01T25:00:00",
            "2026-03-01T10:15:00+5",
            "2026-03-01T10:15:00.Z",
            "1.2.3",
            "--1",
            "2026-03-01T10:15:00+25:00",
            "2026-03-01T10:15:00+99:99",
            "2026-03-01T10:15:00-24",
            "2026-03-01T10:15:00+0160",
            "2262-04-11T23:47:16.854775808Z",
            "1677-09-21T00:12:43.145224191Z",
            "2262-04-11T23:00:00-01:00",
            "1677-09-21T00:30:00+01:00",
            "9999-12-31",
            "0000-01-01",
            "9223372037",
            "1000000000000000",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
        let e = read_timestamp("2300-01-01").unwrap_err(); // ok: unit test
        assert_eq!(e, format!("\"2300-01-01\" is out of range, {TIMESTAMP_RANGE}"));
        // Agrees with chrono on a spread of dates.
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2024, 12, 31), (1969, 7, 20), (2100, 3, 1), (1700, 3, 1)] {
            let c = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc(); // ok: unit test
            assert_eq!(parse_timestamp(&format!("{y:04}-{m:02}-{d:02}")), c.timestamp_nanos_opt());
        }
    }

    #[test]
    fn epochs_given_as_numbers_follow_the_text_rule() {
        let t: i64 = 1_772_360_100_000_000_000;
        assert_eq!(epoch_to_ns(1_772_360_100.0), Some(t));
        assert_eq!(epoch_to_ns(1_772_360_100_000.0), Some(t));
        assert_eq!(epoch_to_ns(-86_400.0), Some(-NS_PER_DAY));
        assert_eq!(epoch_to_ns(i64::MAX as f64), None);
        assert_eq!(epoch_to_ns(1_772_360_100.5), Some(t + 500 * NS_PER_MS));
        // A float keeps what it holds: 1772360100.123456789 is 1772360100.1234567165374755859375 as a double.
        let nine: f64 = "1772360100.123456789".parse().unwrap(); // ok: unit test, more digits than a double holds
        assert_eq!(epoch_to_ns(nine), Some(t + 123_456_717));
        assert_eq!(epoch_to_ns(f64::NAN), None);
        assert_eq!(epoch_to_ns(9.3e15), None);
        assert_eq!(epoch_to_ns(-9e18), None);
        assert_eq!(epoch_ticks_to_ns(i64::MAX, EpochUnit::Seconds), None);
        assert_eq!(epoch_ticks_to_ns(9_300_000_000_000, EpochUnit::Milliseconds), None);
        assert_eq!(epoch_ticks_to_ns(1_772_360_100_000_123, EpochUnit::Microseconds), Some(t + 123_000));
        assert_eq!(epoch_ticks_to_ns(-1, EpochUnit::Nanoseconds), Some(-1));
        assert_eq!(epoch_ticks_to_ns(i64::MIN, EpochUnit::Nanoseconds), Some(i64::MIN));
        assert_eq!(epoch_ticks_to_ns(1, EpochUnit::Days), Some(NS_PER_DAY));
        assert_eq!(epoch_ticks_to_ns(106_752, EpochUnit::Days), None);
        assert_eq!(epoch_integer_to_ns(1_772_360_100), Some(t));
        assert_eq!(epoch_integer_to_ns(-1_772_360_100_000), Some(-t));
        assert_eq!(epoch_integer_to_ns(9_223_372_036_855), None);
        assert_eq!(epoch_integer_to_ns(i128::MAX), None);
        for (text, v) in [("1772360100.5", 1_772_360_100.5), ("1772360100000", 1_772_360_100_000.0), ("-5.25", -5.25)] {
            assert_eq!(parse_timestamp(text), epoch_to_ns(v), "{text}");
        }
    }

    #[test]
    fn input_over_the_limit_is_refused_before_it_is_stored() {
        use std::io::Read as _;
        let reader = std::io::repeat(b'a').take(10 << 20);
        let e = read_all(reader, Path::new("big.csv"), 6 << 20, &mut Reporter::silent("")).unwrap_err(); // ok: unit test
        assert_eq!(e.kind(), "too_large");
        assert_eq!(e.to_string(), format!("input is {} bytes, more than the limit of {} bytes", 10 << 20, 6 << 20));
        let fits = read_all(std::io::repeat(b'a').take(6 << 20), Path::new("x"), 6 << 20, &mut Reporter::silent(""));
        assert_eq!(fits.map(|b| b.len()).ok(), Some(6 << 20));
    }

    #[test]
    fn outcomes() {
        assert_eq!(parse_outcome("1"), Some(1.0));
        assert_eq!(parse_outcome("yes"), Some(1.0));
        assert_eq!(parse_outcome("FALSE"), Some(0.0));
        assert_eq!(parse_outcome(""), Some(0.0));
        assert_eq!(parse_outcome("129.90"), Some(129.9));
        assert_eq!(parse_outcome("-3"), None);
        assert_eq!(parse_outcome("lots"), None);
        assert_eq!(parse_outcome(" 12.5 "), Some(12.5));
        assert_eq!(parse_outcome("NaN"), None);
        assert_eq!(parse_outcome("1e15"), Some(1e15));
        assert!(OUTCOME_EXPECTED.ends_with(&format!(" {MAX_OUTCOME:e}")), "{OUTCOME_EXPECTED}");
        assert_eq!(parse_outcome("2.5e28"), None);
    }
}
