//! The one checked entry point from a row to an event: every reader (CSV, columns, the bindings' arrays and
//! Arrow tables) and [`EventLogBuilder::push`](super::EventLogBuilder::push) goes through these checks, so
//! that what an event log takes and the messages that say why not exist once.

use super::columns::{EventField, RowFault};
use super::csv::{
    EpochUnit, TIMESTAMP_FORMS, TIMESTAMP_RANGE, epoch_integer_to_ns, epoch_ticks_to_ns, epoch_to_ns, is_outcome,
    not_an_outcome, parse_outcome, parse_sequence, read_timestamp,
};
use super::log::{Event, NO_SEQUENCE};

/// `text` without surrounding white space; quick when there is none, as with almost every id.
#[inline]
pub(crate) fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        // No white space is ASCII above the space, nor a byte of it.
        (Some(&a), Some(&b)) if (b'!'..0x80).contains(&a) && (b'!'..0x80).contains(&b) => text,
        _ => text.trim(),
    }
}

/// A required id (customer or touchpoint): trimmed of surrounding white space, or what is wrong with it
/// (empty, or missing when `value` is `None`, a null) and what was expected.
pub(crate) fn check_id(value: Option<&str>, field: EventField) -> Result<&str, String> {
    let (what, expected) = match field {
        EventField::Customer => ("customer id", "an id"),
        _ => ("touchpoint", "a touchpoint id"),
    };
    match value.map(trim) {
        Some(v) if !v.is_empty() => Ok(v),
        Some(_) => Err(format!("{what} is empty, expected {expected}")),
        None => Err(missing(field)),
    }
}

/// A reason (a cancellation reason, a survey answer, an error code) as the log keeps it: trimmed of
/// surrounding white space; `None` for a null, an empty or a blank text, which all mean no reason.
pub(crate) fn check_reason(value: Option<&str>) -> Option<&str> {
    value.map(trim).filter(|r| !r.is_empty())
}

/// A timestamp as a reader meets it: text, a number of epoch seconds or milliseconds, or a count of a unit.
/// Each is kept to the nanosecond as far as it goes (a float holds about 16 significant digits).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Timestamp<'a> {
    /// Text, as [`parse_timestamp`](super::parse_timestamp) reads it (ISO 8601, a date, epoch seconds or
    /// milliseconds).
    Text(&'a str),
    /// Epoch seconds or milliseconds as a number, by the rule of text ([`epoch_to_ns`]): the number's
    /// value to the nanosecond, as precise as the float is.
    Epoch(f64),
    /// Epoch seconds or milliseconds as an integer, by the rule of text ([`epoch_integer_to_ns`]), exactly.
    EpochInteger(i128),
    /// A count of `unit` since the epoch (an Arrow timestamp or date, a JavaScript `Date`'s milliseconds),
    /// kept exactly.
    Ticks(i64, EpochUnit),
}

fn unit_name(unit: EpochUnit) -> &'static str {
    match unit {
        EpochUnit::Days => "days",
        EpochUnit::Seconds => "s",
        EpochUnit::Milliseconds => "ms",
        EpochUnit::Microseconds => "µs",
        EpochUnit::Nanoseconds => "ns",
    }
}

/// A timestamp (`None` for a null) as nanoseconds since the epoch the log takes, or what is wrong with it
/// and what was expected. Every reader of timestamps (CSV, columns, Arrow tables, JavaScript arrays) says
/// this.
pub(crate) fn check_timestamp(value: Option<Timestamp<'_>>) -> Result<i64, String> {
    let out_of_range = |shown: &dyn std::fmt::Display, unit: &str| {
        format!("{shown} {unit} since the epoch is out of range, {TIMESTAMP_RANGE}")
    };
    match value {
        None => Err(missing(EventField::Timestamp)),
        Some(Timestamp::Text(text)) => read_timestamp(text),
        Some(Timestamp::Epoch(v)) if !v.is_finite() => {
            Err(format!("cannot read {v} as a timestamp, {TIMESTAMP_FORMS}"))
        }
        // A number out of range is one of 10^10 or more, which is milliseconds.
        Some(Timestamp::Epoch(v)) => epoch_to_ns(v).ok_or_else(|| out_of_range(&v, "ms")),
        Some(Timestamp::EpochInteger(v)) => epoch_integer_to_ns(v).ok_or_else(|| out_of_range(&v, "ms")),
        Some(Timestamp::Ticks(v, unit)) => epoch_ticks_to_ns(v, unit).ok_or_else(|| out_of_range(&v, unit_name(unit))),
    }
}

/// What a null in a required column (customer, timestamp, touchpoint) is told.
pub(crate) fn missing(field: EventField) -> String {
    match field {
        EventField::Customer => "customer id is missing (null), expected an id".to_owned(),
        EventField::Timestamp => "timestamp is missing (null), expected a timestamp".to_owned(),
        _ => "touchpoint is missing (null), expected a touchpoint id".to_owned(),
    }
}

/// An outcome the log takes, or why not.
pub(crate) fn check_outcome(outcome: f64) -> Result<f64, String> {
    if is_outcome(outcome) { Ok(outcome) } else { Err(not_an_outcome(&outcome.to_string())) }
}

/// An outcome as a reader meets it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome<'a> {
    /// Text, as [`parse_outcome`] reads it (a flag or a number).
    Text(&'a str),
    /// A number.
    Number(f64),
    /// A flag: true is 1, false 0.
    Flag(bool),
}

/// An outcome (`None` for a null, which is no conversion: 0) the log takes, or why not, in the words of
/// [`not_an_outcome`] (text quoted, a number as it is).
pub(crate) fn check_outcome_value(value: Option<Outcome<'_>>) -> Result<f64, String> {
    match value {
        None | Some(Outcome::Flag(false)) => Ok(0.0),
        Some(Outcome::Flag(true)) => Ok(1.0),
        Some(Outcome::Number(v)) => check_outcome(v),
        Some(Outcome::Text(text)) => parse_outcome(text).ok_or_else(|| not_an_outcome(&format!("\"{text}\""))),
    }
}

/// A sequence number as a reader meets it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sequence<'a> {
    /// Text: an integer, surrounding white space ignored (empty is none).
    Text(&'a str),
    /// An integer of any width.
    Integer(i128),
    /// A number: NaN (pandas' missing value) is none.
    Number(f64),
}

/// A sequence number (`None` for a null, and so [`NO_SEQUENCE`]), or why not.
pub(crate) fn check_sequence(value: Option<Sequence<'_>>) -> Result<i64, String> {
    // Whole numbers up to 2^53 in magnitude are exact as floats (and as JavaScript numbers).
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        None => Ok(NO_SEQUENCE),
        Some(Sequence::Text(text)) => parse_sequence(text).map(|q| q.unwrap_or(NO_SEQUENCE)),
        // Out of the range of i64, which the text rule says.
        Some(Sequence::Integer(v)) => {
            i64::try_from(v).or_else(|_| parse_sequence(&v.to_string()).map(|q| q.unwrap_or(NO_SEQUENCE)))
        }
        Some(Sequence::Number(v)) if v.is_nan() => Ok(NO_SEQUENCE),
        Some(Sequence::Number(v)) if v.fract() == 0.0 && v.abs() <= EXACT => Ok(v as i64),
        Some(Sequence::Number(v)) => {
            Err(format!("cannot read {v} as a sequence number, expected a whole number of at most 2^53 in magnitude"))
        }
    }
}

impl<'a> Event<'a> {
    /// This event as a log takes it (ids and the reason trimmed, a blank reason none), or an
    /// [`Error::Table`](crate::Error::Table) at `row` naming the column ([`EventField::as_str`]) and what was
    /// expected: an empty customer id or touchpoint, an outcome that is not a number from 0 to 1e15 (every
    /// `i64` of nanoseconds is a time).
    ///
    /// # Errors
    /// As above.
    pub fn checked(&self, row: u64) -> crate::Result<Event<'a>> {
        self.checked_at(row).map_err(RowFault::into_error)
    }

    /// [`Event::checked`] with the value at fault as the readers find it.
    pub(crate) fn checked_at(&self, row: u64) -> Result<Event<'a>, RowFault> {
        let fault = |field: EventField| move |message: String| RowFault { row, field, message };
        let customer = check_id(Some(self.customer), EventField::Customer).map_err(fault(EventField::Customer))?;
        let touchpoint =
            check_id(Some(self.touchpoint), EventField::Touchpoint).map_err(fault(EventField::Touchpoint))?;
        let outcome = self.outcome.map(check_outcome).transpose().map_err(fault(EventField::Outcome))?;
        let reason = check_reason(self.reason);
        Ok(Event { customer, touchpoint, outcome, reason, ..self.clone() })
    }
}

/// One row of an event table as a reader meets its cells, before any check: every cell may be missing
/// (`None`, a null), and the timestamp, outcome and sequence number come in any of the forms the readers
/// take. [`EventValues::check`] (and [`EventLogBuilder::push_values`](super::EventLogBuilder::push_values))
/// turns it into an [`Event`] by the rules every reader follows (the CSV reader, the column readers, Arrow
/// tables, the bindings' arrays), with their messages.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EventValues<'a> {
    /// The customer id (required).
    pub customer: Option<&'a str>,
    /// The timestamp (required).
    pub timestamp: Option<Timestamp<'a>>,
    /// The touchpoint id (required).
    pub touchpoint: Option<&'a str>,
    /// The channel, or none.
    pub channel: Option<&'a str>,
    /// The device, or none.
    pub device: Option<&'a str>,
    /// The session, or none.
    pub session: Option<&'a str>,
    /// The segment, or none.
    pub segment: Option<&'a str>,
    /// The reason, or none (a blank reason is none).
    pub reason: Option<&'a str>,
    /// The outcome: none is no conversion.
    pub outcome: Option<Outcome<'a>>,
    /// The sequence number, or none.
    pub sequence: Option<Sequence<'a>>,
}

impl<'a> EventValues<'a> {
    /// The event these cells make, or an [`Error::Table`](crate::Error::Table) at `row` naming the column
    /// ([`EventField::as_str`]) and what was expected. The cells are checked in the order of the columns
    /// (customer, touchpoint, timestamp, then the outcome before the sequence number), so the first fault of
    /// a row is the one every reader reports.
    ///
    /// ```
    /// use journey_core::analytics::{EventValues, Timestamp};
    ///
    /// let cells = EventValues {
    ///     customer: Some(" c1 "),
    ///     timestamp: Some(Timestamp::Text("2026-03-01T10:00:00Z")),
    ///     touchpoint: Some("ad"),
    ///     ..EventValues::default()
    /// };
    /// let event = cells.check(0)?;
    /// assert_eq!((event.customer, event.timestamp_ns), ("c1", 1_772_359_200_000_000_000));
    /// let blank = EventValues { customer: Some(""), ..cells };
    /// assert_eq!(blank.check(4).unwrap_err().to_string(), "row 4, column \"customer\": customer id is empty, expected an id");
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As above.
    pub fn check(&self, row: u64) -> crate::Result<Event<'a>> {
        self.check_at(row).map_err(RowFault::into_error)
    }

    /// [`EventValues::check`] with the value at fault as the readers find it.
    pub(crate) fn check_at(&self, row: u64) -> Result<Event<'a>, RowFault> {
        let fault = |field: EventField| move |message: String| RowFault { row, field, message };
        let customer = check_id(self.customer, EventField::Customer).map_err(fault(EventField::Customer))?;
        let touchpoint = check_id(self.touchpoint, EventField::Touchpoint).map_err(fault(EventField::Touchpoint))?;
        let timestamp_ns = check_timestamp(self.timestamp).map_err(fault(EventField::Timestamp))?;
        let outcome =
            self.outcome.map(|o| check_outcome_value(Some(o))).transpose().map_err(fault(EventField::Outcome))?;
        let sequence = check_sequence(self.sequence).map_err(fault(EventField::Sequence))?;
        Ok(Event {
            customer,
            timestamp_ns,
            touchpoint,
            channel: self.channel,
            device: self.device,
            session: self.session,
            segment: self.segment,
            reason: check_reason(self.reason),
            outcome,
            sequence: (sequence != NO_SEQUENCE).then_some(sequence),
        })
    }
}

/// A timestamp given as an argument (the bounds of a period, say) in nanoseconds since the epoch, read by
/// the rule of timestamp columns; `None` (a null) is refused as a missing timestamp.
///
/// # Errors
/// [`Error::Argument`](crate::Error::Argument) named `name`, with the message a timestamp column gives.
pub fn timestamp_argument(name: &str, value: Option<Timestamp<'_>>) -> crate::Result<i64> {
    check_timestamp(value).map_err(|message| crate::Error::Argument { name: name.to_owned(), message })
}
