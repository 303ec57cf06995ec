//! Views of an event log: the same events seen per session instead of per customer, or with their channel
//! or device in place of the touchpoint. Each view is an [`EventLog`], so every analysis (discovery,
//! funnels, paths, attribution, comparisons) runs on it unchanged; and the switches of channel or device
//! between a customer's consecutive events, with the conversion of those who switch and those who do not.
//!
//! ```
//! use journey_core::analytics::{Dimension, EventColumns, EventLog, SessionOptions};
//!
//! let csv = "customer_id,timestamp,touchpoint,channel,converted\n\
//!            a,2026-03-01T10:00:00Z,ad,search,0\n\
//!            a,2026-03-01T10:05:00Z,product,web,0\n\
//!            a,2026-03-03T09:00:00Z,product,app,0\n\
//!            a,2026-03-03T09:10:00Z,checkout,app,1\n";
//! let columns = EventColumns {
//!     channel: Some("channel".into()),
//!     outcome: Some("converted".into()),
//!     ..EventColumns::default()
//! };
//! let log = EventLog::from_csv_str(csv, &columns)?;
//!
//! // Two visits two days apart: two sessions, and the second one converted.
//! let sessions = log.sessions(&SessionOptions::default())?;
//! assert_eq!((sessions.customer_count(), sessions.conversions()), (2, 1));
//! // The transition from the product page to checkout within the second visit takes 10 minutes...
//! let within = sessions.discover();
//! assert_eq!(within.transitions.iter().map(|t| t.count).sum::<u64>(), 2);
//! // ...while per customer the gap between the visits counts as a transition too.
//! assert_eq!(log.discover().transitions.iter().map(|t| t.count).sum::<u64>(), 3);
//!
//! // By channel: search, web and app take the place of the touchpoints.
//! let by_channel = log.by(Dimension::Channel)?;
//! assert_eq!(by_channel.touchpoint_ids(), ["search", "web", "app"]);
//! let switches = log.switches(Dimension::Channel)?;
//! assert_eq!((switches.switches, switches.with_switch.customers), (2, 1));
//! # Ok::<(), journey_core::Error>(())
//! ```

use std::ops::ControlFlow;

use rustc_hash::FxHashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::log::{Column, EventLog};
use super::progress::{EVENT_WORK, Progress, Reporter};
use crate::error::{Error, Result};

/// The inactivity after which a customer's next event starts a new session, when none is given: 30
/// minutes, as web analytics count visits.
pub const DEFAULT_SESSION_TIMEOUT_MINUTES: f64 = 30.0;

/// The value that stands for an event without a channel (or device) in [`EventLog::by`]: `(none)`.
pub const NO_VALUE: &str = "(none)";

/// How [`EventLog::sessions`] cuts a customer's events into sessions. Every field has a default, so `{}`
/// is a valid set of options: the log's session column when it has one, else 30 minutes of inactivity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SessionOptions {
    /// A customer's event more than this many minutes after their previous one starts a new session (an
    /// event exactly this long after stays in the session). At least 0; default
    /// [`DEFAULT_SESSION_TIMEOUT_MINUTES`]. Used when the log has no session column or `use_column` is
    /// false.
    pub timeout_minutes: f64,
    /// Take the sessions from the log's session column when it has one (the default, `true`); `false` cuts
    /// by inactivity whatever the log has.
    pub use_column: bool,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions { timeout_minutes: DEFAULT_SESSION_TIMEOUT_MINUTES, use_column: true }
    }
}

/// Where the sessions of [`EventLog::report_sessions`] come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionsFrom {
    /// The log's session column.
    Column,
    /// Inactivity: the log has no session column.
    Inactivity,
    /// Inactivity: the log's session column leaves some events without a session.
    InactivityColumnIncomplete,
}

impl SessionsFrom {
    /// What a session is, in words: `a customer's events with the same value in the log's session column`.
    pub fn words(self) -> String {
        let gap = crate::words::duration_ms(DEFAULT_SESSION_TIMEOUT_MINUTES * 60_000.0);
        match self {
            SessionsFrom::Column => "a customer's events with the same value in the log's session column".into(),
            SessionsFrom::Inactivity => format!("a customer's events with no gap of more than {gap} between them"),
            SessionsFrom::InactivityColumnIncomplete => format!(
                "a customer's events with no gap of more than {gap} between them (the log's session column \
                 leaves some events without a session, so it is not used)"
            ),
        }
    }
}

/// What takes the place of the touchpoint in a view of the log ([`EventLog::by`]) or is compared between
/// consecutive events ([`EventLog::switches`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// The touchpoint itself.
    #[default]
    Touchpoint,
    /// The event's channel (the log's channel column).
    Channel,
    /// The event's device (the log's device column).
    Device,
}

crate::names::names!(Dimension, "dimension", "dimension" {
    Touchpoint => "touchpoint",
    Channel => "channel",
    Device => "device",
});

/// Customers who switched, or did not, and how many of them converted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct SwitchGroup {
    /// Customers in the group.
    pub customers: u64,
    /// Those of them who converted (0 when the log has no outcome column).
    pub conversions: u64,
    /// `conversions / customers`; `None` for a group without customers or a log without an outcome column.
    pub conversion_rate: Option<f64>,
}

/// One kind of switch: from one value to another between a customer's consecutive events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct SwitchPair {
    /// The value switched from.
    pub from: String,
    /// The value switched to.
    pub to: String,
    /// How many times, over all customers.
    pub switches: u64,
    /// The customers who made this switch, and their conversion.
    pub customers: SwitchGroup,
}

/// The switches of channel (or device, or touchpoint) between each customer's consecutive events
/// ([`EventLog::switches`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct Switches {
    /// What is compared.
    pub dimension: Dimension,
    /// Switches in all.
    pub switches: u64,
    /// Customers with at least one switch.
    pub with_switch: SwitchGroup,
    /// Customers without any.
    pub without_switch: SwitchGroup,
    /// Each kind of switch, most made first (ties by `from`, then `to`).
    pub pairs: Vec<SwitchPair>,
}

impl SwitchGroup {
    fn new(customers: u64, conversions: u64, outcome: bool) -> SwitchGroup {
        let rate = (outcome && customers > 0).then(|| conversions as f64 / customers as f64);
        SwitchGroup { customers, conversions, conversion_rate: rate }
    }
}

impl EventLog {
    /// The column of `dimension` (`None` for the touchpoint).
    ///
    /// # Errors
    /// [`Error::Argument`] named after the dimension when the log lacks its column.
    fn dimension_column(&self, dimension: Dimension) -> Result<Option<&Column>> {
        let column = match dimension {
            Dimension::Touchpoint => return Ok(None),
            Dimension::Channel => &self.channel,
            Dimension::Device => &self.device,
        };
        column.as_ref().map(Some).ok_or_else(|| Error::Argument {
            name: dimension.as_str().into(),
            message: format!("the event log has no {dimension} column"),
        })
    }

    /// Whether the log has the column of `dimension` (the touchpoint it always has), for the report.
    #[cfg(feature = "render")]
    pub(crate) fn has_dimension(&self, dimension: Dimension) -> bool {
        self.dimension_column(dimension).is_ok()
    }

    /// The sessions the reports show, and where they come from: the log's session column when it has one
    /// and every event has a session there, else cut after [`DEFAULT_SESSION_TIMEOUT_MINUTES`] without an
    /// event ([`EventLog::sessions`] with the default options, or without the column).
    ///
    /// # Errors
    /// As [`EventLog::sessions`] (named `customer` for two sessions with the same id).
    pub fn report_sessions(&self) -> Result<(EventLog, SessionsFrom)> {
        if self.session.is_none() {
            return Ok((self.sessions(&SessionOptions::default())?, SessionsFrom::Inactivity));
        }
        match self.sessions(&SessionOptions::default()) {
            Ok(s) => Ok((s, SessionsFrom::Column)),
            // An event without a session: the column cannot cut them all.
            Err(Error::Argument { name, .. }) if name == "session" => {
                let options = SessionOptions { use_column: false, ..SessionOptions::default() };
                Ok((self.sessions(&options)?, SessionsFrom::InactivityColumnIncomplete))
            }
            Err(e) => Err(e),
        }
    }

    /// One unit per session instead of per customer: the same events, each session a "customer" of the
    /// new log, so that every analysis runs per session. A transition's duration then is the time within
    /// a visit, without the days between visits.
    ///
    /// - With a session column (and `use_column`, the default): a customer's events with the same session
    ///   value make one session, whose id is `customer#session` (`c1#s7`). Every event must have a session
    ///   value.
    /// - Otherwise: a customer's events in time order, a new session starting after a gap of more than
    ///   `timeout_minutes` (a gap of exactly the timeout stays in the session); sessions are numbered from
    ///   1 per customer, `customer#1`, `customer#2`, ...
    ///
    /// Every event keeps its columns (the session column too) and its outcome: a session converted when
    /// one of its events has an outcome above zero, and its value is the sum of its events' outcomes. A
    /// session's segment is that of its first event. O(events).
    ///
    /// # Errors
    /// [`Error::Argument`] named `timeout_minutes` for a timeout that is not a number of at least 0, named
    /// `session` for an event without a session value (naming its customer), and named `customer` when two
    /// sessions get the same id (a customer id containing `#` can make one: `a#1`'s first session and
    /// `a`'s session `1#1`).
    pub fn sessions(&self, options: &SessionOptions) -> Result<EventLog> {
        self.sessions_reported(options, &mut Reporter::silent("cutting sessions"))
    }

    /// [`EventLog::sessions`], calling `progress` at the start, every few milliseconds of work and at the end,
    /// with the events looked at (see [`Progress`]); `progress` returning `ControlFlow::Break(())` stops the
    /// work within a few milliseconds.
    ///
    /// # Errors
    /// As [`EventLog::sessions`]; [`Error::Cancelled`](crate::Error::Cancelled) when `progress` asked to stop.
    pub fn sessions_with_progress(
        &self,
        options: &SessionOptions,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<EventLog> {
        self.sessions_reported(options, &mut Reporter::new(progress, "cutting sessions"))
    }

    fn sessions_reported(&self, options: &SessionOptions, rep: &mut Reporter<'_>) -> Result<EventLog> {
        // Two passes over the events: cutting them into sessions, then the log of the sessions.
        rep.begin(2 * self.len() as u64, EVENT_WORK)?;
        let (ids, unit_of) = self.session_units(options, rep)?;
        // Ids are unique when no customer id has the separator; otherwise two sessions may share one.
        if self.customers.iter().any(|c| c.contains('#')) {
            let mut seen = rustc_hash::FxHashSet::default();
            let repeated = ids.iter().filter(|id| !seen.insert(id.as_str())).count();
            if repeated > 0 {
                return Err(Error::Argument {
                    name: "customer".into(),
                    message: format!(
                        "{repeated} sessions share an id with another (a customer id containing \"#\" gives the id \
                         of another customer's session); rename the customers without \"#\""
                    ),
                });
            }
        }
        let log = self.of_units(&ids, &unit_of);
        rep.advance(self.len() as u64)?;
        rep.end()?;
        Ok(log)
    }

    /// The sessions of [`EventLog::sessions`]: their ids, and each event's session (an index into them).
    fn session_units(&self, options: &SessionOptions, rep: &mut Reporter<'_>) -> Result<(Vec<String>, Vec<u32>)> {
        let minutes = options.timeout_minutes;
        if !(minutes.is_finite() && minutes >= 0.0) {
            return Err(Error::Argument {
                name: "timeout_minutes".into(),
                message: format!("{minutes} is not a number of minutes of at least 0"),
            });
        }
        let timeout = super::csv::window_ns(minutes, 60 * super::csv::NS_PER_SECOND);
        let column = self.session.as_ref().filter(|_| options.use_column);
        // The id of each session, and each event's session (an index into `ids`); `names` gives a customer's
        // sessions by the code of their session value.
        let mut ids: Vec<String> = Vec::new();
        let mut unit_of = vec![0u32; self.len()];
        let mut names: FxHashMap<u32, u32> = FxHashMap::default();
        for c in 0..self.customer_count() {
            rep.advance(self.events(c).len() as u64)?;
            let customer = self.customers.name(c as u32);
            names.clear();
            let mut number = 0u64;
            for (k, i) in self.events(c).enumerate() {
                let unit = match column {
                    Some(col) => {
                        let code = col.codes[i];
                        let value = col.dict.name(code);
                        if value.is_empty() {
                            return Err(Error::Argument {
                                name: "session".into(),
                                message: format!(
                                    "customer \"{customer}\" has an event without a session (its event {} in time \
                                     order): give every event a session, or cut sessions by inactivity",
                                    k + 1
                                ),
                            });
                        }
                        *names.entry(code).or_insert_with(|| {
                            ids.push(format!("{customer}#{value}"));
                            (ids.len() - 1) as u32
                        })
                    }
                    None => {
                        if k == 0 || self.timestamp[i] - self.timestamp[i - 1] > timeout {
                            number += 1;
                            ids.push(format!("{customer}#{number}"));
                        }
                        (ids.len() - 1) as u32
                    }
                };
                unit_of[i] = unit;
            }
        }
        Ok((ids, unit_of))
    }

    /// The log with the units `ids` in place of its customers, event `i` in unit `unit_of[i]`: a unit's
    /// events are some of one customer's, and the units of a customer are numbered in the order of their
    /// first events. Built directly from this log's columns (the events keep their order within a unit), as
    /// [`EventLog::rebuilt`] would build it from the events. O(events).
    pub(crate) fn of_units(&self, ids: &[String], unit_of: &[u32]) -> EventLog {
        // The events by unit, each unit's in the log's order: a stable counting sort (most units are runs
        // of a customer's events already, and then the order is the log's).
        let mut counts = vec![0usize; ids.len() + 1];
        for &u in unit_of {
            counts[u as usize + 1] += 1;
        }
        for k in 1..counts.len() {
            counts[k] += counts[k - 1];
        }
        let offsets = counts.clone();
        let mut order = vec![0u32; unit_of.len()];
        for (i, &u) in unit_of.iter().enumerate() {
            order[counts[u as usize]] = i as u32;
            counts[u as usize] += 1;
        }
        let gather = |v: &[u32]| order.iter().map(|&i| v[i as usize]).collect::<Vec<u32>>();
        let column = |c: &Option<Column>| c.as_ref().map(|c| Column { dict: c.dict.clone(), codes: gather(&c.codes) });
        let outcomes: Option<Vec<f64>> = self.outcomes.as_ref().map(|o| order.iter().map(|&i| o[i as usize]).collect());
        let (converted, value) = match &outcomes {
            None => (None, None),
            Some(o) => {
                let of = |w: &[usize]| &o[w[0]..w[1]];
                let converted = offsets.windows(2).map(|w| of(w).iter().any(|v| *v > 0.0)).collect();
                let value = offsets.windows(2).map(|w| super::sum::exact_sum(of(w).iter().copied())).collect();
                (Some(converted), Some(value))
            }
        };
        let mut customers = super::log::Names::with_capacity(ids.len(), ids.iter().map(String::len).sum());
        for id in ids {
            customers.push(id);
        }
        EventLog {
            customers,
            touchpoints: self.touchpoints.clone(),
            offsets,
            touchpoint: gather(&self.touchpoint),
            timestamp: order.iter().map(|&i| self.timestamp[i as usize]).collect(),
            channel: column(&self.channel),
            device: column(&self.device),
            session: column(&self.session),
            segment: column(&self.segment),
            reason: column(&self.reason),
            converted,
            value,
            converting: self.converting.as_ref().map(|c| order.iter().map(|&i| c[i as usize]).collect()),
            outcomes,
        }
    }

    /// The same customers and events with the event's channel (or device) in place of its touchpoint, so
    /// that every analysis runs by channel or device: the counts of customers, events and conversions are
    /// those of the log, rolled up exactly. An event without a value in that column is kept, under the
    /// value [`NO_VALUE`] (`(none)`), so that no customer or conversion is lost (a real value spelt
    /// `(none)` is counted with them). [`Dimension::Touchpoint`] gives the log as it is. O(events).
    ///
    /// # Errors
    /// [`Error::Argument`] named `channel` (or `device`) when the log has no such column.
    pub fn by(&self, dimension: Dimension) -> Result<EventLog> {
        let Some(col) = self.dimension_column(dimension)? else { return Ok(self.clone()) };
        Ok(self.rebuilt((0..self.customer_count()).flat_map(|c| {
            let id = self.customers.name(c as u32);
            self.events(c).map(move |i| {
                let value = col.dict.name(col.codes[i]);
                self.event_as(i, id, if value.is_empty() { NO_VALUE } else { value })
            })
        })))
    }

    /// The switches of channel (or device, or touchpoint) between each customer's consecutive events: how
    /// many of each kind (from one value to another), and the conversion of the customers who switched at
    /// least once against those who never did. An event without a value in the column is passed over (an
    /// unknown channel is not a switch): `web`, no value, `app` is one switch from `web` to `app`. All of a
    /// customer's events count, those after a conversion too. O(events).
    ///
    /// # Errors
    /// [`Error::Argument`] named `channel` (or `device`) when the log has no such column.
    pub fn switches(&self, dimension: Dimension) -> Result<Switches> {
        let col = self.dimension_column(dimension)?;
        let (dict, codes) = match col {
            Some(c) => (&c.dict, c.codes.as_slice()),
            None => (&self.touchpoints, self.touchpoint.as_slice()),
        };
        // Per pair of codes: switches, customers, conversions.
        let mut pairs: FxHashMap<(u32, u32), [u64; 3]> = FxHashMap::default();
        let (mut switches, mut switched, mut switched_conversions, mut conversions) = (0u64, 0u64, 0u64, 0u64);
        let mut mine: Vec<(u32, u32)> = Vec::new();
        for c in 0..self.customer_count() {
            let converted = self.is_converted(c);
            conversions += u64::from(converted);
            mine.clear();
            let mut last: Option<u32> = None;
            for i in self.events(c) {
                let code = codes[i];
                if dict.name(code).is_empty() {
                    continue;
                }
                if let Some(l) = last
                    && l != code
                {
                    mine.push((l, code));
                }
                last = Some(code);
            }
            if mine.is_empty() {
                continue;
            }
            switches += mine.len() as u64;
            switched += 1;
            switched_conversions += u64::from(converted);
            for p in &mine {
                pairs.entry(*p).or_default()[0] += 1;
            }
            mine.sort_unstable();
            mine.dedup();
            for p in &mine {
                let e = pairs.entry(*p).or_default();
                e[1] += 1;
                e[2] += u64::from(converted);
            }
        }
        let outcome = self.has_outcome();
        let customers = self.customer_count() as u64;
        let mut pairs: Vec<SwitchPair> = pairs
            .into_iter()
            .map(|((from, to), [n, who, conv])| SwitchPair {
                from: dict.name(from).to_owned(),
                to: dict.name(to).to_owned(),
                switches: n,
                customers: SwitchGroup::new(who, conv, outcome),
            })
            .collect();
        pairs.sort_by(|a, b| {
            b.switches.cmp(&a.switches).then_with(|| a.from.cmp(&b.from)).then_with(|| a.to.cmp(&b.to))
        });
        Ok(Switches {
            dimension,
            switches,
            with_switch: SwitchGroup::new(switched, switched_conversions, outcome),
            without_switch: SwitchGroup::new(customers - switched, conversions - switched_conversions, outcome),
            pairs,
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::SessionOptions;
    use crate::analytics::{Event, EventLog, EventLogBuilder};

    /// A log of `rows` (customer, minute, touchpoint, session, outcome), pushed in the order given.
    fn log_of(rows: &[(u8, u16, u8, u8, u8)]) -> EventLog {
        let mut b = EventLogBuilder::new().with_outcome_column();
        let names: Vec<String> = (0..8).map(|k| format!("x{k}")).collect();
        for &(c, minute, t, session, outcome) in rows {
            let e = Event {
                customer: &names[usize::from(c % 4)],
                timestamp_ns: i64::from(minute) * 60_000_000_000,
                touchpoint: &names[usize::from(t % 5)],
                session: Some(&names[usize::from(session % 3)]),
                outcome: Some(f64::from(outcome % 3)),
                ..Event::default()
            };
            b.push(&e).unwrap(); // ok: test data within every range
        }
        b.build().unwrap() // ok: test data within every range
    }

    /// A customer as [`seen`] shows them: id, events (time, touchpoint, session, outcome), converted, value.
    type Seen = (String, Vec<(i64, String, Option<String>, Option<f64>)>, bool, f64);

    /// What can be seen of a log: its customers with their events (time, touchpoint, session, outcome),
    /// conversions and value, and its discovery.
    fn seen(log: &EventLog) -> impl PartialEq + std::fmt::Debug {
        let events: Vec<Seen> = (0..log.customer_count())
            .map(|c| {
                let events = log
                    .events(c)
                    .map(|i| {
                        let session = log.session.as_ref().map(|s| s.dict.name(s.codes[i]).to_owned());
                        (
                            log.timestamp[i],
                            log.touchpoints.name(log.touchpoint[i]).to_owned(),
                            session,
                            log.outcome_of(i),
                        )
                    })
                    .collect();
                (log.customers.name(c as u32).to_owned(), events, log.is_converted(c), log.value_of(c))
            })
            .collect();
        (events, log.discover(), log.converting.clone())
    }

    proptest! {
        /// The sessions built straight from the columns are the log the builder makes of the same events
        /// under their sessions' ids.
        #[test]
        fn sessions_are_the_log_the_builder_makes(
            rows in proptest::collection::vec((0u8..4, 0u16..600, 0u8..5, 0u8..3, 0u8..4), 0..60),
            timeout in 0.0f64..120.0,
            use_column: bool,
        ) {
            let log = log_of(&rows);
            let options = SessionOptions { timeout_minutes: timeout, use_column };
            let direct = log.sessions(&options).unwrap(); // ok: the ids have no separator
            let (ids, unit_of) = log.session_units(&options, &mut super::Reporter::silent("cutting sessions")).unwrap(); // ok: as above
            let built = log.rebuilt((0..log.len()).map(|i| {
                log.event_as(i, &ids[unit_of[i] as usize], log.touchpoints.name(log.touchpoint[i]))
            }));
            prop_assert_eq!(seen(&direct), seen(&built));
        }
    }
}
