//! The event log: who met which touchpoint when, in columns, grouped by customer.

use std::cmp::Ordering;
use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::progress::{Meter, Reporter};
use crate::Journey;
use crate::error::{Error, Result};
use crate::parallel;

/// How the events of one customer that have the same timestamp are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum TieOrder {
    /// By the sequence number (when the log has one), then by the touchpoint, channel, device, session,
    /// segment, reason and outcome: events that still compare equal are identical, so the order of the input rows
    /// never matters. The default.
    #[default]
    Canonical,
    /// In the order of the input rows (the sequence number, if any, is not used).
    Input,
}

crate::names::names!(TieOrder, "tie order", "ties" {
    Canonical => "canonical",
    Input => "input",
});

/// A dictionary-encoded column as the order of events reads it: the names and one code per event.
pub(crate) type Coded<'a> = (&'a Dictionary, &'a [u32]);

/// The columns that order one customer's events: the one definition of the order of a log's events, used
/// by every way of building one. Events are indices into these columns.
pub(crate) struct OrderKeys<'a> {
    pub(crate) ties: TieOrder,
    pub(crate) timestamp: &'a [i64],
    /// Sequence numbers, [`NO_SEQUENCE`] for an event without one.
    pub(crate) sequence: Option<&'a [i64]>,
    pub(crate) touchpoint: Coded<'a>,
    /// Channel, device, session, segment and reason, those the log has.
    pub(crate) optional: [Option<Coded<'a>>; OPTIONAL_COLUMNS],
    pub(crate) outcome: Option<&'a [f64]>,
}

/// How many optional text columns a log may have: channel, device, session, segment and reason, in that
/// order wherever they go together.
pub(crate) const OPTIONAL_COLUMNS: usize = 5;

/// The sequence number of an event without one: before every number.
pub const NO_SEQUENCE: i64 = i64::MIN;

impl OrderKeys<'_> {
    /// The order of events `a` and `b`: by timestamp, and on a tie as [`TieOrder`] says (`Equal` for
    /// [`TieOrder::Input`], which a stable sort of input-ordered events then keeps).
    #[inline]
    fn cmp(&self, a: usize, b: usize) -> Ordering {
        match self.timestamp[a].cmp(&self.timestamp[b]) {
            Ordering::Equal if self.ties == TieOrder::Canonical => self.tie(a, b),
            by_time => by_time,
        }
    }

    /// Two events at the same time: by sequence number, then by the texts of the touchpoint and the
    /// optional columns (equal codes are equal texts; names are compared only when the codes differ), then
    /// by outcome. Events equal here are equal in every column the log keeps.
    fn tie(&self, a: usize, b: usize) -> Ordering {
        let by_name = |(dict, codes): Coded<'_>| {
            let (x, y) = (codes[a], codes[b]);
            if x == y { Ordering::Equal } else { dict.name(x).cmp(dict.name(y)) }
        };
        self.sequence
            .map_or(Ordering::Equal, |s| s[a].cmp(&s[b]))
            .then_with(|| by_name(self.touchpoint))
            .then_with(|| self.optional.iter().flatten().fold(Ordering::Equal, |o, c| o.then_with(|| by_name(*c))))
            .then_with(|| self.outcome.map_or(Ordering::Equal, |o| o[a].total_cmp(&o[b])))
    }

    /// Whether `events` (indices into the columns) are in order.
    pub(crate) fn ordered(&self, events: impl IntoIterator<Item = usize>) -> bool {
        let mut events = events.into_iter();
        let Some(mut last) = events.next() else { return true };
        events.all(|e| {
            let ok = self.cmp(last, e) != Ordering::Greater;
            last = e;
            ok
        })
    }

    /// Puts `events` (indices into the columns, in input order) in order; O(n) when they already are.
    pub(crate) fn sort(&self, events: &mut [u32]) {
        if !self.ordered(events.iter().map(|&e| e as usize)) {
            self.sort_unchecked(events);
        }
    }

    /// Puts `events` in order, for a caller that has already found them out of order.
    pub(crate) fn sort_unchecked(&self, events: &mut [u32]) {
        // Stable, so that `TieOrder::Input` keeps ties in input order.
        events.sort_by(|&a, &b| self.cmp(a as usize, b as usize));
    }
}

/// Optional per-event columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Event<'a> {
    /// Customer id.
    pub customer: &'a str,
    /// Nanoseconds since 1970-01-01T00:00:00Z (every `i64` is a time, from
    /// 1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z).
    pub timestamp_ns: i64,
    /// Touchpoint id (as the journey map names it, if it knows it).
    pub touchpoint: &'a str,
    /// Channel, if the log has that column.
    pub channel: Option<&'a str>,
    /// Device, if the log has that column.
    pub device: Option<&'a str>,
    /// Session id, if the log has that column.
    pub session: Option<&'a str>,
    /// Segment (e.g. a persona's segment value), if the log has that column.
    pub segment: Option<&'a str>,
    /// Reason (a cancellation reason, a survey answer, an error code), if the event has one: trimmed, and
    /// an empty or blank text is no reason. The reason of a customer's last event is why they left (see
    /// [`DropOff::reasons`](super::DropOff::reasons)).
    pub reason: Option<&'a str>,
    /// Sequence number, if the log has that column: orders events of the customer that have the same
    /// timestamp (an event without one comes before those with one). Not kept in the log.
    pub sequence: Option<i64>,
    /// Outcome of the event: a conversion flag (1 or 0) or a value; `None` when the log has no outcome.
    pub outcome: Option<f64>,
}

/// Interns strings to dense codes in order of first appearance. Each name is stored once; the table holds
/// codes and hashes names through them.
#[derive(Clone, Default)]
pub(crate) struct Dictionary {
    names: Vec<String>,
    table: hashbrown::HashTable<u32>,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.names).finish()
    }
}

pub(crate) fn hash(name: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(name)
}

impl Dictionary {
    pub(crate) fn code(&mut self, name: &str) -> u32 {
        let h = hash(name);
        let names = &self.names;
        if let Some(c) = self.table.find(h, |c| names[*c as usize] == name) {
            return *c;
        }
        let c = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.to_owned());
        let names = &self.names;
        self.table.insert_unique(h, c, |c| hash(&names[*c as usize]));
        c
    }

    /// The dictionary of `names` in that order, `None` when a name repeats.
    pub(crate) fn from_names(names: Vec<String>) -> Option<Dictionary> {
        let mut d = Dictionary::default();
        for n in &names {
            d.code(n);
        }
        (d.len() == names.len()).then_some(d)
    }

    pub(crate) fn get(&self, name: &str) -> Option<u32> {
        self.table.find(hash(name), |c| self.names[*c as usize] == name).copied()
    }

    pub(crate) fn name(&self, code: u32) -> &str {
        self.names.get(code as usize).map_or("", String::as_str)
    }

    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// The codes in the order of their names, and the rank of each code's name in that order
    /// (`rank[code]`), so that results that sort by names can compare ranks instead, and do not depend on
    /// the order in which the names came.
    pub(crate) fn name_order(&self) -> (Vec<u32>, Vec<u32>) {
        let mut by_name: Vec<u32> = (0..self.names.len() as u32).collect();
        by_name.sort_unstable_by(|a, b| self.names[*a as usize].cmp(&self.names[*b as usize]));
        let mut rank = vec![0u32; self.names.len()];
        for (r, &c) in by_name.iter().enumerate() {
            rank[c as usize] = r as u32;
        }
        (by_name, rank)
    }
}

/// Names kept one after another in one text: the customer ids of a log, which are only ever read by index.
#[derive(Clone, Default)]
pub(crate) struct Names {
    text: String,
    ends: Vec<usize>,
}

impl std::fmt::Debug for Names {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Names {
    pub(crate) fn with_capacity(names: usize, bytes: usize) -> Names {
        Names { text: String::with_capacity(bytes), ends: Vec::with_capacity(names) }
    }

    pub(crate) fn push(&mut self, name: &str) {
        self.text.push_str(name);
        self.ends.push(self.text.len());
    }

    /// Name `i`; empty for an index out of range.
    pub(crate) fn name(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) };
        self.ends.get(i).and_then(|end| self.text.get(start..*end)).unwrap_or_default()
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The bytes of all the names.
    pub(crate) fn bytes(&self) -> usize {
        self.text.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.name(i as u32))
    }

    /// These names followed by `other`'s.
    pub(crate) fn extend(&mut self, other: &Names) {
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|e| base + e));
    }
}

/// An optional dictionary-encoded column, one code per event (in log order).
#[derive(Debug, Clone, Default)]
pub(crate) struct Column {
    pub(crate) dict: Dictionary,
    pub(crate) codes: Vec<u32>,
}

/// Collects events in any order and builds an [`EventLog`].
#[derive(Debug, Default)]
pub struct EventLogBuilder {
    customers: Dictionary,
    touchpoints: Dictionary,
    customer: Vec<u32>,
    touchpoint: Vec<u32>,
    timestamp: Vec<i64>,
    channel: Option<Column>,
    device: Option<Column>,
    session: Option<Column>,
    segment: Option<Column>,
    /// Reasons, `""` for an event without one.
    reason: Option<Column>,
    outcome: Option<Vec<f64>>,
    /// Sequence numbers, [`NO_SEQUENCE`] for events without one.
    sequence: Option<Vec<i64>>,
    ties: TieOrder,
}

fn push_optional(column: &mut Option<Column>, value: Option<&str>, index: usize) {
    match (column.as_mut(), value) {
        (Some(c), v) => {
            let code = c.dict.code(v.unwrap_or(""));
            c.codes.push(code);
        }
        (None, Some(v)) => {
            // The column starts here: earlier events had no value.
            let mut c = Column::default();
            let empty = c.dict.code("");
            c.codes = vec![empty; index];
            let code = c.dict.code(v);
            c.codes.push(code);
            *column = Some(c);
        }
        (None, None) => {}
    }
}

impl EventLogBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty builder with room for `n` events.
    pub fn with_capacity(n: usize) -> Self {
        EventLogBuilder {
            customer: Vec::with_capacity(n),
            touchpoint: Vec::with_capacity(n),
            timestamp: Vec::with_capacity(n),
            ..Self::default()
        }
    }

    /// Declares that the log has an outcome column, even if no event (or no event yet) carries an outcome:
    /// customers without one did not convert.
    pub fn with_outcome_column(mut self) -> Self {
        if self.outcome.is_none() {
            self.outcome = Some(vec![0.0; self.customer.len()]);
        }
        self
    }

    /// Orders the events of a customer that have the same timestamp as `ties` says (by default
    /// [`TieOrder::Canonical`]).
    pub fn with_ties(mut self, ties: TieOrder) -> Self {
        self.ties = ties;
        self
    }

    /// How many events so far.
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    /// Whether there are no events yet.
    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }

    /// Adds an event, checked as every reader checks a row ([`Event::checked`]): ids trimmed, an empty
    /// customer id or touchpoint or an outcome that is not one refused (every `i64` of nanoseconds is a
    /// time). Events may come in any order.
    ///
    /// # Errors
    /// An [`Error::Table`] (kind `csv`, with the message the CSV reader gives) at this event's row (counted
    /// from 0 over the events pushed) naming the column ([`EventField::as_str`](super::EventField::as_str))
    /// and what was expected.
    pub fn push(&mut self, e: &Event<'_>) -> Result<()> {
        self.push_at(e).map_err(super::columns::RowFault::into_error)
    }

    /// Adds the event of one row of cells as a reader meets them ([`EventValues::check`](super::EventValues::check)):
    /// the entry of readers that hold values before any check, such as the bindings' arrays.
    ///
    /// # Errors
    /// An [`Error::Table`] at this event's row (counted from 0 over the events pushed) naming the column and
    /// what was expected, as [`EventLogBuilder::push`].
    pub fn push_values(&mut self, cells: &super::EventValues<'_>) -> Result<()> {
        let e = cells.check(self.customer.len() as u64)?;
        self.push_checked(&e);
        Ok(())
    }

    /// [`EventLogBuilder::push`] with the value at fault as the readers find it.
    pub(crate) fn push_at(&mut self, e: &Event<'_>) -> std::result::Result<(), super::columns::RowFault> {
        let e = e.checked_at(self.customer.len() as u64)?;
        self.push_checked(&e);
        Ok(())
    }

    /// Adds an event that [`Event::checked`] has passed.
    pub(crate) fn push_checked(&mut self, e: &Event<'_>) {
        let i = self.customer.len();
        // Events of one customer usually come together: skip the hash lookup then.
        let c = match self.customer.last() {
            Some(&last) if self.customers.name(last) == e.customer => last,
            _ => self.customers.code(e.customer),
        };
        self.customer.push(c);
        let t = self.touchpoints.code(e.touchpoint);
        self.touchpoint.push(t);
        self.timestamp.push(e.timestamp_ns);
        push_optional(&mut self.channel, e.channel, i);
        push_optional(&mut self.device, e.device, i);
        push_optional(&mut self.session, e.session, i);
        push_optional(&mut self.segment, e.segment, i);
        push_optional(&mut self.reason, e.reason, i);
        match (&mut self.outcome, e.outcome) {
            (Some(o), v) => o.push(v.unwrap_or(0.0)),
            (None, Some(v)) => {
                let mut o = vec![0.0; i];
                o.push(v);
                self.outcome = Some(o);
            }
            (None, None) => {}
        }
        match (&mut self.sequence, e.sequence) {
            (Some(s), v) => s.push(v.unwrap_or(NO_SEQUENCE)),
            (None, Some(v)) => {
                let mut s = vec![NO_SEQUENCE; i];
                s.push(v);
                self.sequence = Some(s);
            }
            (None, None) => {}
        }
    }

    /// Pushes `n` rows, row `i` given by `row(i)`, after the events pushed so far and builds the log: the rows
    /// are read in chunks on all cores (one core in WebAssembly) and joined in order, so the result is that
    /// of pushing them one by one.
    ///
    /// # Errors
    /// The first row that [`EventLogBuilder::push`] would refuse, as it does (its row counted after the
    /// events pushed so far); then as [`EventLogBuilder::build`].
    pub fn build_from_fn<'a>(mut self, n: usize, row: impl Fn(usize) -> Event<'a> + Sync) -> Result<EventLog> {
        let outcome_column = self.outcome.is_some();
        let pushed = self.customer.len() as u64;
        let part = |range: std::ops::Range<usize>| {
            let mut b = EventLogBuilder::with_capacity(range.len());
            if outcome_column {
                b = b.with_outcome_column();
            }
            for i in range {
                let e = row(i).checked(pushed + i as u64)?;
                b.push_checked(&e);
            }
            Ok::<_, Error>(b)
        };
        let threads = parallel::threads();
        if n >= parallel::MIN_EVENTS && threads > 1 {
            let chunk = n.div_ceil(threads * parallel::PARTS_PER_THREAD);
            let starts: Vec<usize> = (0..n).step_by(chunk).collect();
            for p in parallel::try_map(starts, |s| part(s..(s + chunk).min(n)))? {
                self.append(p);
            }
            return self.build();
        }
        self.append(part(0..n)?);
        self.build()
    }

    /// Appends the events of another builder after these, as if they had been pushed here.
    pub fn append(&mut self, other: EventLogBuilder) {
        let start = self.customer.len();
        let customers: Vec<u32> = other.customers.names().iter().map(|n| self.customers.code(n)).collect();
        let touchpoints: Vec<u32> = other.touchpoints.names().iter().map(|n| self.touchpoints.code(n)).collect();
        self.customer.extend(other.customer.iter().map(|c| customers[*c as usize]));
        self.touchpoint.extend(other.touchpoint.iter().map(|t| touchpoints[*t as usize]));
        self.timestamp.extend(other.timestamp);
        let n = other.customer.len();
        for (mine, theirs) in [
            (&mut self.channel, other.channel),
            (&mut self.device, other.device),
            (&mut self.session, other.session),
            (&mut self.segment, other.segment),
            (&mut self.reason, other.reason),
        ] {
            match (mine.as_mut(), theirs) {
                (_, None) => {
                    if let Some(m) = mine.as_mut() {
                        let empty = m.dict.code("");
                        m.codes.extend(std::iter::repeat_n(empty, n));
                    }
                }
                (Some(m), Some(t)) => {
                    let map: Vec<u32> = t.dict.names().iter().map(|x| m.dict.code(x)).collect();
                    m.codes.extend(t.codes.iter().map(|c| map[*c as usize]));
                }
                (None, Some(t)) => {
                    let mut m = Column::default();
                    let empty = m.dict.code("");
                    m.codes = vec![empty; start];
                    let map: Vec<u32> = t.dict.names().iter().map(|x| m.dict.code(x)).collect();
                    m.codes.extend(t.codes.iter().map(|c| map[*c as usize]));
                    *mine = Some(m);
                }
            }
        }
        match (&mut self.outcome, other.outcome) {
            (Some(o), Some(t)) => o.extend(t),
            (Some(o), None) => o.extend(std::iter::repeat_n(0.0, n)),
            (None, Some(t)) => {
                let mut o = vec![0.0; start];
                o.extend(t);
                self.outcome = Some(o);
            }
            (None, None) => {}
        }
        match (&mut self.sequence, other.sequence) {
            (Some(s), Some(t)) => s.extend(t),
            (Some(s), None) => s.extend(std::iter::repeat_n(NO_SEQUENCE, n)),
            (None, Some(t)) => {
                let mut s = vec![NO_SEQUENCE; start];
                s.extend(t);
                self.sequence = Some(s);
            }
            (None, None) => {}
        }
    }

    /// Orders the events by customer, then by timestamp, then as [`TieOrder`] says, and builds the log. O(n)
    /// plus the sorting of each customer's events when they came out of order.
    ///
    /// # Errors
    /// [`Error::Argument`] when an outcome is NaN or infinite, or named `timestamp of customer "…"` when a
    /// customer's events span more than the 292 years (2^63 - 1 nanoseconds) a duration holds.
    pub fn build(self) -> Result<EventLog> {
        if let Some(o) = &self.outcome
            && let Some(i) = o.iter().position(|v| !super::csv::is_outcome(*v))
        {
            return Err(Error::Argument {
                name: format!("outcome of event {}", i + 1),
                message: super::csv::not_an_outcome(&o[i].to_string()),
            });
        }
        let n = self.customer.len();
        let c = self.customers.len();
        // Counting sort by customer keeps the input order within each customer.
        let mut offsets = vec![0usize; c + 1];
        for &cu in &self.customer {
            offsets[cu as usize + 1] += 1;
        }
        for i in 0..c {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut order = vec![0u32; n];
        for (i, &cu) in self.customer.iter().enumerate() {
            let slot = &mut next[cu as usize];
            order[*slot] = u32::try_from(i).unwrap_or(u32::MAX);
            *slot += 1;
        }
        // Within a customer: in the order of `OrderKeys` (each slice of `order` is in input order).
        fn coded(c: &Option<Column>) -> Option<Coded<'_>> {
            c.as_ref().map(|c| (&c.dict, c.codes.as_slice()))
        }
        let keys = OrderKeys {
            ties: self.ties,
            timestamp: &self.timestamp,
            sequence: self.sequence.as_deref(),
            touchpoint: (&self.touchpoints, &self.touchpoint),
            optional: [
                coded(&self.channel),
                coded(&self.device),
                coded(&self.session),
                coded(&self.segment),
                coded(&self.reason),
            ],
            outcome: self.outcome.as_deref(),
        };
        for w in offsets.windows(2) {
            keys.sort(&mut order[w[0]..w[1]]);
        }
        let gather_u32 = |v: &[u32]| order.iter().map(|&i| v[i as usize]).collect::<Vec<u32>>();
        let column = |col: Option<Column>| {
            col.map(|c| Column { codes: order.iter().map(|&i| c.codes[i as usize]).collect(), dict: c.dict })
        };
        let touchpoint = gather_u32(&self.touchpoint);
        let timestamp: Vec<i64> = order.iter().map(|&i| self.timestamp[i as usize]).collect();
        // Which events carry the conversion: an outcome above zero.
        let converting = self.outcome.as_ref().map(|o| order.iter().map(|&i| o[i as usize] > 0.0).collect());
        let outcomes = self.outcome.as_ref().map(|o| order.iter().map(|&i| o[i as usize]).collect());
        let (converted, value) = match &self.outcome {
            None => (None, None),
            Some(o) => {
                let mut conv = vec![false; c];
                let mut val = vec![0.0; c];
                for (cu, w) in offsets.windows(2).enumerate() {
                    let values = order[w[0]..w[1]].iter().map(|&i| o[i as usize]);
                    conv[cu] = values.clone().any(|v| v > 0.0);
                    // Exact, and so independent of the order of the customer's events.
                    val[cu] = super::sum::exact_sum(values);
                }
                (Some(conv), Some(val))
            }
        };
        let log = EventLog {
            customers: {
                let mut names = Names::with_capacity(c, self.customers.names().iter().map(String::len).sum());
                for n in self.customers.names() {
                    names.push(n);
                }
                names
            },
            touchpoints: self.touchpoints,
            offsets,
            touchpoint,
            timestamp,
            channel: column(self.channel),
            device: column(self.device),
            session: column(self.session),
            segment: column(self.segment),
            reason: column(self.reason),
            converted,
            value,
            converting,
            outcomes,
        };
        log.check_spans()?;
        Ok(log)
    }
}

/// Events grouped by customer and ordered in time: customer id, timestamp, touchpoint, and optionally
/// channel, device, session, segment, a reason and an outcome.
///
/// Each customer's events are ordered by timestamp; events at the same time by their sequence number (when
/// the log has a sequence column), then by touchpoint, channel, device, session, segment, reason and outcome, so
/// that events still tied are identical: the order of the input rows does not matter, and shuffled input
/// gives the same answers as sorted input ([`TieOrder::Input`] keeps ties in input order instead). A customer converted when any of their events
/// has an outcome above zero; their value is the sum of their outcomes.
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    pub(crate) customers: Names,
    pub(crate) touchpoints: Dictionary,
    /// Customer `c`'s events are `offsets[c]..offsets[c + 1]`.
    pub(crate) offsets: Vec<usize>,
    pub(crate) touchpoint: Vec<u32>,
    /// Nanoseconds since the epoch; a customer's events span at most `i64::MAX` of them.
    pub(crate) timestamp: Vec<i64>,
    pub(crate) channel: Option<Column>,
    pub(crate) device: Option<Column>,
    pub(crate) session: Option<Column>,
    pub(crate) segment: Option<Column>,
    /// Reasons, `""` for an event without one.
    pub(crate) reason: Option<Column>,
    pub(crate) converted: Option<Vec<bool>>,
    pub(crate) value: Option<Vec<f64>>,
    /// By event (in the log's order): whether it carries an outcome above zero, the conversion itself;
    /// `None` without an outcome column.
    pub(crate) converting: Option<Vec<bool>>,
    /// By event (in the log's order): its outcome; `None` without an outcome column.
    pub(crate) outcomes: Option<Vec<f64>>,
}

impl EventLog {
    /// A builder.
    pub fn builder() -> EventLogBuilder {
        EventLogBuilder::new()
    }

    /// Builds a log from `n` rows, row `i` given by `row(i)`: the rows are read in chunks on all cores (one
    /// core in WebAssembly) and joined in order, so the result is that of pushing them one by one.
    /// `outcome_column` declares an outcome column even when no row has an outcome. Ties are in the
    /// default order; [`EventLogBuilder::build_from_fn`] takes a builder with other settings.
    ///
    /// # Errors
    /// As [`EventLogBuilder::build_from_fn`].
    pub fn from_fn<'a>(n: usize, outcome_column: bool, row: impl Fn(usize) -> Event<'a> + Sync) -> Result<EventLog> {
        let b = EventLogBuilder::new();
        if outcome_column { b.with_outcome_column() } else { b }.build_from_fn(n, row)
    }

    /// How many events.
    pub fn len(&self) -> usize {
        self.touchpoint.len()
    }

    /// Whether there are no events.
    pub fn is_empty(&self) -> bool {
        self.touchpoint.is_empty()
    }

    /// How many customers.
    pub fn customer_count(&self) -> usize {
        self.customers.len()
    }

    /// The customer ids, in the log's order (that of first appearance in the input, or of the view that
    /// made the log).
    pub fn customer_ids(&self) -> impl Iterator<Item = &str> {
        self.customers.iter()
    }

    /// The id of a customer, by index.
    pub(crate) fn customer_name(&self, customer: usize) -> &str {
        self.customers.name(u32::try_from(customer).unwrap_or(u32::MAX))
    }

    /// The touchpoint ids the log mentions, in order of first appearance in the input.
    pub fn touchpoint_ids(&self) -> &[String] {
        self.touchpoints.names()
    }

    /// Whether the log has an outcome column.
    pub fn has_outcome(&self) -> bool {
        self.converted.is_some()
    }

    /// How many customers converted (0 without an outcome column).
    pub fn conversions(&self) -> usize {
        self.converted.as_ref().map_or(0, |c| c.iter().filter(|x| **x).count())
    }

    pub(crate) fn events(&self, customer: usize) -> std::ops::Range<usize> {
        self.offsets[customer]..self.offsets[customer + 1]
    }

    pub(crate) fn path(&self, customer: usize) -> &[u32] {
        &self.touchpoint[self.events(customer)]
    }

    pub(crate) fn is_converted(&self, customer: usize) -> bool {
        self.converted.as_ref().is_some_and(|c| c[customer])
    }

    pub(crate) fn value_of(&self, customer: usize) -> f64 {
        self.value.as_ref().map_or(0.0, |v| v[customer])
    }

    /// Whether the event (by index in the log's order) carries the conversion: an outcome above zero, unless
    /// the log is one of journeys whose conversions are touches ([`EventLog::journeys`]).
    pub(crate) fn is_converting_event(&self, event: usize) -> bool {
        self.converting.as_ref().is_some_and(|c| c[event])
    }

    /// The outcome of an event (by index in the log's order), `None` when the log has no outcome column.
    pub(crate) fn outcome_of(&self, event: usize) -> Option<f64> {
        self.outcomes.as_ref().map(|o| o[event])
    }

    /// A converting customer's events before their conversion, as positions within their events: those
    /// before their last converting event, the converting events themselves left out (a conversion is not a
    /// touchpoint that earned it). When no touchpoint comes before it, the customer converted at their first
    /// touch, and that first event alone is returned: it is where they came in. When every event of the
    /// customer carries an outcome, the log marks customers rather than events, and all their events are
    /// returned, as they are for a converted customer none of whose events is marked as the conversion (a
    /// journey whose conversion is a touch). Empty for a customer who did not convert.
    pub(crate) fn before_conversion(&self, customer: usize) -> Vec<usize> {
        let r = self.events(customer);
        let Some(last) = r.clone().rev().find(|i| self.is_converting_event(*i)) else {
            // A converted journey whose conversion is one of its touches (`JourneyOptions::include_conversion`):
            // every event.
            return if self.is_converted(customer) { (0..r.len()).collect() } else { Vec::new() };
        };
        if r.clone().all(|i| self.is_converting_event(i)) {
            return (0..r.len()).collect();
        }
        let before: Vec<usize> =
            (r.start..last).filter(|i| !self.is_converting_event(*i)).map(|i| i - r.start).collect();
        if before.is_empty() { vec![0] } else { before }
    }

    /// The customer ids in canonical (sorted) order with their index in the log.
    pub(crate) fn customers_sorted(&self) -> Vec<(usize, &str)> {
        let mut v: Vec<(usize, &str)> = self.customers.iter().enumerate().collect();
        v.sort_unstable_by(|a, b| a.1.cmp(b.1));
        v
    }

    /// The reason of an event (by index in the log's order), `None` when it has none.
    pub(crate) fn reason_of(&self, event: usize) -> Option<&str> {
        let r = self.reason.as_ref()?;
        Some(r.dict.name(r.codes[event])).filter(|t| !t.is_empty())
    }

    /// The customers' segment: the segment of their first event (in time).
    pub fn customer_segments(&self) -> Option<HashMap<&str, &str>> {
        let seg = self.segment.as_ref()?;
        Some(
            (0..self.customer_count())
                .filter(|c| !self.events(*c).is_empty())
                .map(|c| (self.customers.name(c as u32), seg.dict.name(seg.codes[self.offsets[c]])))
                .collect(),
        )
    }

    /// A new log with only the customers `keep` selects (by customer index), in the same order.
    pub(crate) fn select(&self, keep: impl Fn(usize) -> bool) -> EventLog {
        self.select_customers((0..self.customer_count()).filter(|c| keep(*c)))
    }

    /// A new log with these customers (by customer index, in the order given). Costs O(their events).
    fn select_customers(&self, customers: impl IntoIterator<Item = usize>) -> EventLog {
        let chosen: Vec<usize> = customers.into_iter().collect();
        let touchpoint = |i: usize| self.touchpoints.name(self.touchpoint[i]);
        let mut log = self.rebuilt(chosen.iter().flat_map(|&c| {
            let id = self.customers.name(c as u32);
            self.events(c).map(move |i| self.event_as(i, id, touchpoint(i)))
        }));
        // The events are in the same order as here (customer by customer): the conversions stay where they
        // were (a log of journeys marks them apart from the outcomes, see `EventLog::journeys`).
        if let (Some(mine), Some(theirs)) = (&self.converting, &mut log.converting) {
            theirs.clear();
            theirs.extend(chosen.iter().flat_map(|c| mine[self.events(*c)].iter().copied()));
        }
        log
    }

    /// `Ok` when every customer's events span at most `i64::MAX` nanoseconds (about 292 years), so that
    /// every duration between two events of a customer is an exact `i64`; otherwise the error of the first
    /// customer whose events span more.
    ///
    /// # Errors
    /// [`Error::Argument`] named `timestamp of customer "…"`, saying their first and last times.
    pub(crate) fn check_spans(&self) -> Result<()> {
        for (c, w) in self.offsets.windows(2).enumerate() {
            if w[1] > w[0] && self.timestamp[w[1] - 1].checked_sub(self.timestamp[w[0]]).is_none() {
                return Err(Error::Argument {
                    name: format!("timestamp of customer \"{}\"", self.customers.name(c as u32)),
                    message: format!(
                        "the customer's events span from {} to {}, expected at most 292 years (2^63 - 1 \
                         nanoseconds, the longest duration kept)",
                        crate::words::instant(self.timestamp[w[0]]),
                        crate::words::instant(self.timestamp[w[1] - 1])
                    ),
                });
            }
        }
        Ok(())
    }

    /// Event `i` (by index in the log's order) with all its columns, under the customer id `customer` and
    /// the touchpoint `touchpoint`.
    pub(crate) fn event_as<'a>(&'a self, i: usize, customer: &'a str, touchpoint: &'a str) -> Event<'a> {
        fn name(col: &Option<Column>, i: usize) -> Option<&str> {
            col.as_ref().map(|c| c.dict.name(c.codes[i]))
        }
        Event {
            customer,
            timestamp_ns: self.timestamp[i],
            touchpoint,
            channel: name(&self.channel, i),
            device: name(&self.device, i),
            session: name(&self.session, i),
            segment: name(&self.segment, i),
            reason: name(&self.reason, i),
            sequence: None,
            outcome: self.outcome_of(i),
        }
    }

    /// A new log of `events`, events of this log (as [`EventLog::event_as`] gives them) in the log's order
    /// within each of their customers, with this log's outcome column. O(events).
    pub(crate) fn rebuilt<'a>(&self, events: impl IntoIterator<Item = Event<'a>>) -> EventLog {
        // The events come in the log's order, which input order keeps.
        let mut b = EventLogBuilder::new().with_ties(TieOrder::Input);
        if self.has_outcome() {
            b = b.with_outcome_column();
        }
        for e in events {
            // The log's events passed the checks when it was built.
            b.push_checked(&e);
        }
        // Rebuilding cannot meet a non-finite outcome: they were refused when this log was built.
        b.build().unwrap_or_default()
    }

    /// The customers whose segment (of their first event) is `segment`.
    ///
    /// # Errors
    /// [`Error::Argument`] when the log has no segment column.
    pub fn filter_segment(&self, segment: &str) -> Result<EventLog> {
        let seg = self.segment.as_ref().ok_or_else(|| Error::Argument {
            name: "segment".into(),
            message: "the event log has no segment column".into(),
        })?;
        Ok(self.select(|c| {
            let r = self.events(c);
            !r.is_empty() && seg.dict.name(seg.codes[r.start]) == segment
        }))
    }

    /// The customers of one of the map's personas: those whose segment (of their first event) is the
    /// persona's [`segment`](crate::Persona::segment), selected as [`EventLog::filter_segment`] selects
    /// them. Funnels, scores and gaps per persona follow from it: the persona's log gives their funnel, and
    /// applied to the map it gives their scores and the gaps their customers show. O(events).
    ///
    /// A segment that no customer of the log has gives an empty log, as it does for
    /// [`EventLog::filter_segment`]: a persona may have no customers in a period. Check
    /// [`EventLog::customer_count`] when an empty selection would mislead (a misspelt segment looks the
    /// same).
    ///
    /// ```
    /// use journey_core::analytics::{EventColumns, EventLog};
    /// use journey_core::{Journey, ScoringModel};
    ///
    /// let map = Journey::from_json(r#"{"schema_version": 1, "id": "shop", "name": "Shop",
    ///     "personas": [{"id": "savvy", "name": "Savvy shopper", "segment": "online"}],
    ///     "stages": [{"id": "find", "name": "Find"}, {"id": "buy", "name": "Buy"}],
    ///     "touchpoints": [{"id": "ad", "name": "Ad", "stage": "find", "channel": "search"},
    ///         {"id": "pay", "name": "Payment", "stage": "buy", "channel": "web"}],
    ///     "transitions": [{"from": "ad", "to": "pay"}], "entries": ["ad"], "goals": ["pay"]}"#)?;
    /// let csv = "customer_id,timestamp,touchpoint,segment,order\n\
    ///            a,2026-03-01T10:00:00Z,ad,online,0\n\
    ///            a,2026-03-01T10:05:00Z,pay,online,40\n\
    ///            b,2026-03-01T11:00:00Z,ad,online,0\n\
    ///            c,2026-03-02T09:00:00Z,ad,offline,0\n";
    /// let columns =
    ///     EventColumns { segment: Some("segment".into()), outcome: Some("order".into()), ..EventColumns::default() };
    /// let log = EventLog::from_csv_str(csv, &columns)?;
    ///
    /// let savvy = log.for_persona(&map, "savvy")?;
    /// assert_eq!((savvy.customer_count(), savvy.conversions()), (2, 1));
    /// // Their funnel,
    /// assert_eq!(savvy.stage_funnel(&map).steps[1].customers, 1);
    /// // and their scores and gaps, with their log applied to the map.
    /// let mut seen = map.clone();
    /// seen.apply(&savvy.discover());
    /// let score = seen.score_persona(&ScoringModel::default(), "savvy")?;
    /// let gaps = seen.gaps(&ScoringModel::default(), None)?;
    /// assert_eq!(score.persona.as_deref(), Some("savvy"));
    /// assert!((0.0..=100.0).contains(&score.score.value));
    /// for g in &gaps {
    ///     println!("[{}] {}", g.severity, g.message);
    /// }
    ///
    /// assert_eq!(log.for_persona(&map, "bargain").unwrap_err().to_string(),
    ///     r#"unknown persona "bargain"; the map's personas are savvy"#);
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::NotFound`] for a persona the map lacks (the message lists the map's personas);
    /// [`Error::Argument`] named `persona` for a persona without a segment, and named `segment` for a log
    /// without a segment column.
    pub fn for_persona(&self, journey: &Journey, persona: &str) -> Result<EventLog> {
        let argument = |name: &str, message: String| Error::Argument { name: name.into(), message };
        let (i, p) = journey.persona_at(persona)?;
        let Some(segment) = &p.segment else {
            return Err(argument(
                "persona",
                format!(
                    "persona \"{persona}\" has no segment: set personas[{i}].segment to the value of the log's \
                     segment column"
                ),
            ));
        };
        if self.segment.is_none() {
            return Err(argument(
                "segment",
                format!("the event log has no segment column to select the customers of persona \"{persona}\" by"),
            ));
        }
        self.filter_segment(segment)
    }

    /// The customers whose first event falls in `from..to` (nanoseconds since the epoch).
    pub fn filter_period(&self, from: i64, to: i64) -> EventLog {
        self.select(|c| {
            let r = self.events(c);
            !r.is_empty() && (from..to).contains(&self.timestamp[r.start])
        })
    }

    /// Splits the customers into `parts` chunks of about equal size (by canonical customer order), e.g. to
    /// compute partial results on several threads or machines and merge them.
    ///
    /// `parts` is capped at the number of customers (a chunk has at least one customer), and 0 counts as 1:
    /// the result has `min(max(parts, 1), max(customers, 1))` logs, so an empty log gives one empty log.
    /// Costs O(events + customers log customers), whatever `parts` is.
    pub fn partition(&self, parts: usize) -> Vec<EventLog> {
        let sorted = self.customers_sorted();
        let len = sorted.len();
        let parts = parts.clamp(1, len.max(1));
        let mut chunks: Vec<Vec<usize>> = vec![Vec::new(); parts];
        for (rank, (c, _)) in sorted.iter().enumerate() {
            // In u64, so that rank × parts cannot overflow a 32-bit usize (WebAssembly).
            let chunk = (rank as u64 * parts as u64 / len.max(1) as u64) as usize;
            if let Some(list) = chunks.get_mut(chunk) {
                list.push(*c);
            }
        }
        chunks
            .into_iter()
            .map(|mut customers| {
                // Each chunk keeps the log's own order of its customers, as a filter would.
                customers.sort_unstable();
                self.select_customers(customers)
            })
            .collect()
    }
}

/// Two logs are equal when they hold the same customers with the same events in the same order (timestamps,
/// touchpoints and the optional columns by their texts), the same columns and the same outcomes. How the
/// logs number their customers and touchpoints inside does not matter, nor whether a log without any
/// reason has a reason column (an event without a reason has none either way).
impl PartialEq for EventLog {
    fn eq(&self, other: &Self) -> bool {
        fn text(col: &Option<Column>, i: usize) -> Option<&str> {
            col.as_ref().map(|c| c.dict.name(c.codes[i]))
        }
        let columns = |l: &EventLog| [&l.channel, &l.device, &l.session, &l.segment].map(Option::is_some);
        if self.len() != other.len()
            || self.customer_count() != other.customer_count()
            || self.has_outcome() != other.has_outcome()
            || columns(self) != columns(other)
        {
            return false;
        }
        self.customers_sorted().into_iter().zip(other.customers_sorted()).all(|((a, a_id), (b, b_id))| {
            let (ea, eb) = (self.events(a), other.events(b));
            a_id == b_id
                && ea.len() == eb.len()
                && self.is_converted(a) == other.is_converted(b)
                && self.value_of(a) == other.value_of(b)
                && ea.zip(eb).all(|(i, j)| {
                    self.timestamp[i] == other.timestamp[j]
                        && self.is_converting_event(i) == other.is_converting_event(j)
                        && self.touchpoints.name(self.touchpoint[i]) == other.touchpoints.name(other.touchpoint[j])
                        && text(&self.channel, i) == text(&other.channel, j)
                        && text(&self.device, i) == text(&other.device, j)
                        && text(&self.session, i) == text(&other.session, j)
                        && text(&self.segment, i) == text(&other.segment, j)
                        && self.reason_of(i) == other.reason_of(j)
                })
        })
    }
}

/// Runs `work` over chunks of the log's customers and folds the partial results with `merge`: on all cores
/// for large logs (see [`crate::parallel`]), in one piece otherwise. `merge` must make the
/// result independent of how the customers were cut.
///
/// A partial may hold a table of one entry per touchpoint: the chunks are at most events / touchpoints, so
/// that all the partials together stay within the size of the log (a log with as many touchpoints as events
/// is observed in one piece), not threads × touchpoints.
pub(crate) fn in_chunks<T: Send + Default + 'static>(
    log: &EventLog,
    work: impl Fn(&EventLog, std::ops::Range<usize>) -> T + Sync,
    merge: impl Fn(T, T) -> T + Sync,
) -> T {
    let mut rep = Reporter::silent("");
    // A silent reporter never stops the work.
    in_chunks_reported(log, &mut rep, |log, range, _| work(log, range), |a, b, _| merge(a, b)).unwrap_or_default()
}

/// [`in_chunks`] following progress: `work` counts the events of each customer it looks at on its meter
/// and returns early when the meter says to stop; the events are counted as `rep`'s units. `merge` may
/// return early (a result to be thrown away) once its third argument says to stop.
///
/// # Errors
/// [`Error::Cancelled`] when the progress callback asked to stop.
pub(crate) fn in_chunks_reported<T: Send + Default + 'static>(
    log: &EventLog,
    rep: &mut Reporter<'_>,
    work: impl Fn(&EventLog, std::ops::Range<usize>, &mut Meter<'_, '_>) -> T + Sync,
    merge: impl Fn(T, T, &dyn Fn() -> bool) -> T + Sync,
) -> Result<T> {
    let customers = log.customer_count();
    let threads = parallel::threads();
    let chunks = (threads * parallel::CHUNKS_PER_THREAD).min(log.len() / log.touchpoints.len().max(1));
    if log.len() >= parallel::MIN_EVENTS && threads > 1 && chunks > 1 {
        let chunk = customers.div_ceil(chunks).max(1);
        let ranges: Vec<std::ops::Range<usize>> =
            (0..customers).step_by(chunk).map(|s| s..(s + chunk).min(customers)).collect();
        return rep.follow(|shared| {
            let part = |r| {
                let mut meter = Meter::shared(shared);
                let t = work(log, r, &mut meter);
                let _ = meter.flush();
                t
            };
            let merged = |a, b| {
                if shared.stopping() {
                    // Thrown away: not worth merging, nor waiting for the memory to be freed.
                    parallel::drop_later((a, b));
                    T::default()
                } else {
                    merge(a, b, &|| shared.stopping())
                }
            };
            parallel::map_reduce(ranges, part, merged).unwrap_or_default()
        });
    }
    let mut meter = Meter::inline(rep);
    let t = work(log, 0..customers, &mut meter);
    meter.finish()?;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// How many chunks `in_chunks` cuts a log of `events` events over `touchpoints` touchpoints into.
    fn chunks(events: usize, touchpoints: usize) -> usize {
        let mut b = EventLogBuilder::with_capacity(events);
        for i in 0..events {
            let (c, t) = (format!("c{}", i % 50_000), format!("t{}", i % touchpoints));
            b.push(&Event { customer: &c, touchpoint: &t, timestamp_ns: i as i64, ..Event::default() })
                .expect("a valid event"); // ok: a unit test, its generated events are valid
        }
        let log = b.build().unwrap_or_default();
        let calls = AtomicUsize::new(0);
        in_chunks(&log, |_, _| calls.fetch_add(1, Ordering::Relaxed), |a, b| a + b);
        calls.into_inner()
    }

    /// Partials with a table per touchpoint stay within the size of the log: a log with as many touchpoints
    /// as events is observed in one piece, whatever the number of threads.
    #[test]
    fn chunks_times_touchpoints_stay_within_the_events() {
        assert_eq!(chunks(250_000, 250_000), 1);
        let few = chunks(250_000, 20);
        let threads = crate::parallel::threads();
        assert_eq!(few, if threads > 1 { threads * crate::parallel::CHUNKS_PER_THREAD } else { 1 });
        let some = chunks(250_000, 100_000);
        assert!(some * 100_000 <= 250_000 && some >= 1, "{some}");
    }
}
