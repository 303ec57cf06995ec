//! Journeys anchored on the conversion ([`EventLog::journeys`]): a customer's history split at each
//! conversion, one journey per conversion, so that every analysis can count conversions rather than
//! customers.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use std::ops::ControlFlow;

use super::log::{EventLog, EventLogBuilder, TieOrder};
use super::progress::{EVENT_WORK, Progress, Reporter};
use crate::error::{Error, Result};

/// How a log is split into journeys anchored on the conversion ([`EventLog::journeys`]). Every field has a
/// default, so `{}` is a valid set of options: no lookback window, the conversion left out of the touches,
/// and the events after a customer's last conversion kept as a journey that did not convert.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct JourneyOptions {
    /// A window before each conversion, in days (>= 0): events of the journey earlier than this before its
    /// conversion are dropped (the attribution lookback window). `None`, the default, keeps them all. The
    /// journey that did not convert has no conversion to look back from and is kept whole.
    pub lookback_days: Option<f64>,
    /// Whether the conversion is a touch of its journey, which attribution then credits (a `purchase`
    /// event taking last-touch credit). `false`, the default, leaves it out of the touches: the journey
    /// still converted, with the conversion's value, and still ends with the conversion's events.
    pub include_conversion: bool,
    /// Whether the events after a customer's last conversion are kept, as one more journey that did not
    /// convert (the default, `true`), or dropped.
    pub keep_after_conversion: bool,
}

impl Default for JourneyOptions {
    fn default() -> Self {
        JourneyOptions { lookback_days: None, include_conversion: false, keep_after_conversion: true }
    }
}

/// A window given in days as whole nanoseconds (see [`window_ns`](super::csv::window_ns)), refused unless a
/// number of at least 0.
///
/// # Errors
/// [`Error::Argument`] named `name` for a negative, NaN or infinite window.
pub(crate) fn window_in_days(name: &str, days: Option<f64>) -> Result<Option<i64>> {
    match days {
        None => Ok(None),
        Some(d) if d.is_finite() && d >= 0.0 => Ok(Some(super::csv::window_ns(d, super::csv::NS_PER_DAY))),
        Some(d) => {
            Err(Error::Argument { name: name.into(), message: format!("{d} is not a number of days of at least 0") })
        }
    }
}

/// The separator between a customer's id and the number of their journey.
pub const JOURNEY_SEPARATOR: char = '#';

/// One journey of a customer: events `start..end` (indices into the log), the conversion's events from
/// `conversion` (`end` for a journey that did not convert).
struct Span {
    start: usize,
    conversion: usize,
    end: usize,
}

impl EventLog {
    /// The customer's journeys, in time order.
    fn spans(&self, customer: usize) -> Vec<Span> {
        let r = self.events(customer);
        // A log that marks customers rather than events (every event carries the outcome) has nothing to
        // split: one journey, converted as a whole.
        if !r.is_empty() && r.clone().all(|i| self.is_converting_event(i)) {
            return vec![Span { start: r.start, conversion: r.start, end: r.end }];
        }
        let mut spans = Vec::new();
        let mut start = r.start;
        let mut i = r.start;
        while i < r.end {
            if self.is_converting_event(i) {
                let conversion = i;
                while i < r.end && self.is_converting_event(i) {
                    i += 1;
                }
                spans.push(Span { start, conversion, end: i });
                start = i;
            } else {
                i += 1;
            }
        }
        if start < r.end {
            spans.push(Span { start, conversion: r.end, end: r.end });
        }
        spans
    }

    /// The log split into journeys anchored on the conversion: one "customer" per conversion, on which
    /// every other analysis runs unchanged (a funnel of journeys, the attribution of each conversion).
    ///
    /// A conversion is a converting event (an outcome above zero), or several of them one right after
    /// another with no other event between (the lines of one basket): they are one conversion, and their
    /// outcomes add up. Journey `n` of a customer holds their events after their conversion `n - 1` up to
    /// and including conversion `n`; its id is the customer's id, [`JOURNEY_SEPARATOR`] and `n` (`c1#1`,
    /// `c1#2`, ...), counted from 1 in time order, so each journey traces back to its customer (the id
    /// before the last `#`). The events after the last conversion are one more journey, which did not
    /// convert ([`JourneyOptions::keep_after_conversion`]); a customer who never converted is one journey,
    /// `c#1`. A log that marks customers rather than events (every event of a converting customer carries
    /// the outcome) has nothing to split: each such customer is one journey.
    ///
    /// The conversion stays the last event of its journey, so that funnels and paths still see it, but by
    /// default it is no touch: attribution credits what came before it
    /// ([`JourneyOptions::include_conversion`] makes it a touch). A journey whose conversion has nothing
    /// before it (or nothing within the lookback window) converted at its first touch, the conversion,
    /// which takes its credit, as a customer's does.
    ///
    /// The journeys of a customer come in time order, customers in the order of the log. A journey's value is the sum of the outcomes of its events, so that without a
    /// lookback window the journeys of a customer, with the one after their last conversion, add up to the
    /// customer's value. O(events).
    ///
    /// ```
    /// use journey_core::analytics::{AttributionModel, EventColumns, EventLog, JourneyOptions};
    ///
    /// let csv = "customer_id,timestamp,touchpoint,order_value\n\
    ///            c1,2026-03-01T10:00:00Z,ad,0\n\
    ///            c1,2026-03-01T10:05:00Z,purchase,40\n\
    ///            c1,2026-03-02T09:00:00Z,email,0\n\
    ///            c1,2026-03-02T09:10:00Z,purchase,25\n\
    ///            c1,2026-03-03T08:00:00Z,review,0\n";
    /// let columns = EventColumns { outcome: Some("order_value".into()), ..EventColumns::default() };
    /// let log = EventLog::from_csv_str(csv, &columns)?;
    /// let journeys = log.journeys(&JourneyOptions::default())?;
    /// assert_eq!((journeys.customer_count(), journeys.conversions()), (3, 2));
    /// let last = journeys.attribution(AttributionModel::LastTouch, true)?;
    /// assert_eq!((last.rows[0].touchpoint.as_str(), last.rows[0].value), ("ad", 40.0));
    /// assert_eq!((last.rows[1].touchpoint.as_str(), last.rows[1].value), ("email", 25.0));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Argument`] named `outcome` for a log without an outcome column (nothing marks the
    /// conversions), and named `lookback_days` for a negative, NaN or infinite window.
    pub fn journeys(&self, options: &JourneyOptions) -> Result<EventLog> {
        self.journeys_reported(options, &mut Reporter::silent("splitting into journeys"))
    }

    /// [`EventLog::journeys`], calling `progress` at the start, every few milliseconds of work and at the end,
    /// with the events looked at (see [`Progress`]); `progress` returning `ControlFlow::Break(())` stops the
    /// work within a few milliseconds.
    ///
    /// # Errors
    /// As [`EventLog::journeys`]; [`Error::Cancelled`](crate::Error::Cancelled) when `progress` asked to stop.
    pub fn journeys_with_progress(
        &self,
        options: &JourneyOptions,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<EventLog> {
        self.journeys_reported(options, &mut Reporter::new(progress, "splitting into journeys"))
    }

    fn journeys_reported(&self, options: &JourneyOptions, rep: &mut Reporter<'_>) -> Result<EventLog> {
        let lookback = window_in_days("lookback_days", options.lookback_days)?;
        if !self.has_outcome() {
            return Err(Error::Argument {
                name: "outcome".into(),
                message: "journeys anchored on the conversion need an outcome column (a conversion flag or value)"
                    .into(),
            });
        }
        rep.begin(self.len() as u64, EVENT_WORK)?;
        let mut b = EventLogBuilder::with_capacity(self.len()).with_ties(TieOrder::Input).with_outcome_column();
        let mut id = String::new();
        for c in 0..self.customer_count() {
            rep.advance(self.events(c).len() as u64)?;
            let customer = self.customers.name(c as u32);
            let mut number = 0usize;
            for span in self.spans(c) {
                if span.conversion == span.end && !options.keep_after_conversion && number > 0 {
                    continue;
                }
                number += 1;
                id.clear();
                id.push_str(customer);
                id.push(JOURNEY_SEPARATOR);
                id.push_str(&number.to_string());
                let at = self.timestamp[span.end - 1];
                let kept = (span.start..span.end)
                    .filter(|&i| i >= span.conversion || lookback.is_none_or(|w| at - self.timestamp[i] <= w));
                for i in kept {
                    // The log's events passed the checks when it was built.
                    b.push_checked(&self.event_as(i, &id, self.touchpoints.name(self.touchpoint[i])));
                }
            }
        }
        // Rebuilding cannot meet a non-finite outcome: they were refused when this log was built.
        let mut log = b.build().unwrap_or_default();
        if options.include_conversion {
            // The journeys still converted (their outcomes say so), but no event is set apart as the
            // conversion: every event is a touch (see `EventLog::before_conversion`).
            log.converting = log.converting.map(|c| vec![false; c.len()]);
        }
        rep.end()?;
        Ok(log)
    }
}

/// One customer of a log (or one journey of a log of journeys) with their touchpoints in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct CustomerPath {
    /// The customer's id (a journey's id, `c1#2`, in a log of journeys).
    pub customer: String,
    /// Their touchpoints, in order, repeats kept.
    pub touchpoints: Vec<String>,
    /// Whether they converted.
    pub converted: bool,
    /// Their value: the sum of their outcomes.
    pub value: f64,
}

impl EventLog {
    /// Each customer with their touchpoints, in the order of the log: how a log of journeys
    /// ([`EventLog::journeys`]) shows what each journey holds. O(events).
    pub fn customer_paths(&self) -> Vec<CustomerPath> {
        (0..self.customer_count())
            .map(|c| CustomerPath {
                customer: self.customers.name(c as u32).to_owned(),
                touchpoints: self.path(c).iter().map(|t| self.touchpoints.name(*t).to_owned()).collect(),
                converted: self.is_converted(c),
                value: self.value_of(c),
            })
            .collect()
    }
}
