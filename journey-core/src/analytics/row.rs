//! The one checked entry point from a row to an event: every reader (CSV, columns, the bindings' arrays and
//! Arrow tables) and [`EventLogBuilder::push`](super::EventLogBuilder::push) goes through these checks, so
//! that what an event log takes and the messages that say why not exist once.

use super::columns::{EventField, RowError};
use super::csv::{TIMESTAMP_RANGE, is_outcome, not_an_outcome, timestamp_in_range};
use super::log::Event;

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
pub fn check_id(value: Option<&str>, field: EventField) -> Result<&str, String> {
    let (what, expected) = match field {
        EventField::Customer => ("customer id", "an id"),
        _ => ("touchpoint", "a touchpoint id"),
    };
    match value.map(trim) {
        Some(v) if !v.is_empty() => Ok(v),
        Some(_) => Err(format!("{what} is empty, expected {expected}")),
        None => Err(format!("{what} is missing (null), expected {expected}")),
    }
}

/// A reason (a cancellation reason, a survey answer, an error code) as the log keeps it: trimmed of
/// surrounding white space; `None` for a null, an empty or a blank text, which all mean no reason.
pub fn check_reason(value: Option<&str>) -> Option<&str> {
    value.map(trim).filter(|r| !r.is_empty())
}

/// A timestamp in milliseconds since the epoch the log takes, or why not.
pub fn check_timestamp_ms(ms: i64) -> Result<i64, String> {
    timestamp_in_range(ms).ok_or_else(|| format!("{ms} ms since the epoch is out of range, {TIMESTAMP_RANGE}"))
}

/// An outcome the log takes, or why not.
pub fn check_outcome(outcome: f64) -> Result<f64, String> {
    if is_outcome(outcome) { Ok(outcome) } else { Err(not_an_outcome(&outcome.to_string())) }
}

impl<'a> Event<'a> {
    /// This event as a log takes it (ids and the reason trimmed, a blank reason none), or a [`RowError`] at `row` naming the column and what
    /// was expected: an empty customer id or touchpoint, a timestamp out of range, an outcome that is not a
    /// number from 0 to 1e15.
    ///
    /// # Errors
    /// As above.
    pub fn checked(&self, row: u64) -> Result<Event<'a>, RowError> {
        let fault = |field: EventField| move |message: String| RowError { row, field, message };
        let customer = check_id(Some(self.customer), EventField::Customer).map_err(fault(EventField::Customer))?;
        let touchpoint =
            check_id(Some(self.touchpoint), EventField::Touchpoint).map_err(fault(EventField::Touchpoint))?;
        let timestamp_ms = check_timestamp_ms(self.timestamp_ms).map_err(fault(EventField::Timestamp))?;
        let outcome = self.outcome.map(check_outcome).transpose().map_err(fault(EventField::Outcome))?;
        let reason = check_reason(self.reason);
        Ok(Event { customer, touchpoint, timestamp_ms, outcome, reason, ..self.clone() })
    }
}
