//! Discovery: what customers really did — directly-follows transitions, starts, ends, visits, durations and
//! path variants — as a partial result that merges exactly with partials of other customers.

use std::ops::ControlFlow;

use rustc_hash::FxHashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::csv::seconds_of_ns;
use super::durations::Durations;
use super::log::{Dictionary, EventLog};
use super::progress::{EVENT_WORK, Meter, Progress, Reporter};
use crate::error::Result;
pub use crate::model::{ReasonCount, TOP_REASONS};

/// Figures of one observed transition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct TransitionStats {
    /// Touchpoint left.
    pub source: String,
    /// Touchpoint reached next.
    pub target: String,
    /// How many times customers went directly from source to target.
    pub count: u64,
    /// How many distinct customers did.
    pub customers: u64,
    /// Mean time between the two events, in seconds.
    pub mean_seconds: f64,
    /// Median time (linear interpolation between the middle values, as numpy's default).
    pub median_seconds: f64,
    /// 95th percentile time (linear interpolation).
    pub p95_seconds: f64,
}

/// A count per touchpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct TouchpointCount {
    /// Touchpoint id.
    pub touchpoint: String,
    /// The count.
    pub count: u64,
}

/// Visits to a touchpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Visits {
    /// Touchpoint id.
    pub touchpoint: String,
    /// Events at it.
    pub events: u64,
    /// Distinct customers who came to it.
    pub customers: u64,
}

/// A path variant: one exact sequence of touchpoints and the customers who took it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Variant {
    /// The touchpoints, in order (repeats kept). The names are shared between variants.
    #[cfg_attr(feature = "typescript", tsify(type = "string[]"))]
    pub path: Vec<std::sync::Arc<str>>,
    /// Customers who took exactly this path.
    pub customers: u64,
    /// Of them, how many converted.
    pub conversions: u64,
}

/// Where customers who did not convert left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct DropOff {
    /// Touchpoint id.
    pub touchpoint: String,
    /// Customers whose journey ended here without converting.
    pub customers: u64,
    /// Customers who came to this touchpoint.
    pub visitors: u64,
    /// customers / visitors.
    pub rate: f64,
    /// Why they left, as the log's reason column says: for each of these customers, the reason of their
    /// last event (the one they left on). A customer whose last event has no reason counts for none, even
    /// when an earlier event had one: an earlier reason (an error they got past, an answer to another
    /// question) is not why they left. The most common first, ties by the reason's text, at most
    /// [`TOP_REASONS`]; empty when the log has no reason column or none of them gave one.
    pub reasons: Vec<ReasonCount>,
}

/// What a log shows, in finished form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Discovery {
    /// Events.
    pub events: u64,
    /// Customers.
    pub customers: u64,
    /// Customers who converted (0 without an outcome column).
    pub conversions: u64,
    /// Conversions in all: events with an outcome above zero (a customer who bought three times counts
    /// three). 0 without an outcome column.
    pub conversion_events: u64,
    /// Customers who converted at least twice (0 without an outcome column): over `conversions`, the
    /// repeat-purchase rate.
    pub repeat_customers: u64,
    /// Directly-follows transitions, most taken first (ties by source, then target).
    pub transitions: Vec<TransitionStats>,
    /// First touchpoints of customers, most common first.
    pub starts: Vec<TouchpointCount>,
    /// Last touchpoints of customers, most common first.
    pub ends: Vec<TouchpointCount>,
    /// Visits per touchpoint, most events first.
    pub visits: Vec<Visits>,
    /// Path variants, most customers first (ties by path).
    pub variants: Vec<Variant>,
    /// Where non-converting customers left, most first; empty without an outcome column.
    pub dropoff: Vec<DropOff>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct PairAcc {
    count: u64,
    customers: u64,
    total_ns: i128,
    /// Every duration, in nanoseconds, for exact medians and percentiles.
    durations: Durations,
    /// 1 + the last customer counted in `customers` (0: none yet), while observing one log.
    last: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct TouchAcc {
    events: u64,
    customers: u64,
    starts: u64,
    ends: u64,
    ends_unconverted: u64,
}

/// A partial discovery over some customers. Partials over disjoint sets of customers [`merge`](Self::merge)
/// into exactly the partial over all of them, whatever the order; [`finish`](Self::finish) gives the
/// [`Discovery`].
#[derive(Debug, Clone, Default)]
pub struct Observations {
    names: Dictionary,
    has_outcome: bool,
    events: u64,
    customers: u64,
    conversions: u64,
    conversion_events: u64,
    repeat_customers: u64,
    pairs: FxHashMap<(u32, u32), PairAcc>,
    /// Per touchpoint code.
    touch: Vec<TouchAcc>,
    variants: FxHashMap<Vec<u32>, (u64, u64)>,
    /// The reasons of the log (codes of `exits`).
    reasons: Dictionary,
    /// Customers who left without converting, by (touchpoint code, reason code) of their last event, for
    /// those whose last event has a reason.
    exits: FxHashMap<(u32, u32), u64>,
}

/// How the codes of `theirs` read in `mine`, whose names it adds: `None` when they read the same, as in
/// partials of one log, which share its dictionary.
pub(super) fn remapping(mine: &mut Dictionary, theirs: &Dictionary) -> Option<Vec<u32>> {
    let same =
        theirs.names().len() <= mine.names().len() && theirs.names().iter().zip(mine.names()).all(|(a, b)| a == b);
    (!same).then(|| theirs.names().iter().map(|n| mine.code(n)).collect())
}

/// The q-quantile with linear interpolation between the two nearest values (numpy's default). O(n): it
/// selects instead of sorting, and reorders `values`.
pub(crate) fn percentile(values: &mut [i64], q: f64) -> f64 {
    let n = values.len();
    if n == 0 {
        return 0.0;
    }
    let (lo, frac) = super::stats::quantile_position(n, q);
    let (_, a, right) = values.select_nth_unstable(lo);
    let a = *a as f64;
    let b = right.iter().min().map_or(a, |b| *b as f64);
    if frac == 0.0 { a } else { a + (b - a) * frac }
}

/// Touchpoints by `counts[code]` (named by `name`), most first, ties by name; those counting 0 left out.
pub(super) fn touchpoint_counts<'a>(counts: &[u64], name: impl Fn(u32) -> &'a str) -> Vec<TouchpointCount> {
    let mut out: Vec<TouchpointCount> = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        // Codes of a dictionary: they fit in u32.
        .map(|(t, c)| TouchpointCount { touchpoint: name(t as u32).to_owned(), count: *c })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.touchpoint.cmp(&b.touchpoint)));
    out
}

/// The ranks of the first touchpoints of a path packed into one number, so that comparing two numbers
/// orders two paths as comparing their ranks one by one does, up to the touchpoints packed: each rank + 1 in
/// as few bits as the ranks need (0 past the path's end, so a shorter path comes first), first touchpoint
/// highest. Paths with equal numbers still need comparing whole.
struct RankPrefix<'a> {
    rank: &'a [u32],
    bits: u32,
    digits: usize,
}

impl<'a> RankPrefix<'a> {
    fn new(rank: &'a [u32]) -> Self {
        // Digits 0..=rank.len(), and no more than 32 bits of them (a dictionary holds at most u32::MAX names).
        let bits = (usize::BITS - rank.len().leading_zeros()).clamp(1, 32);
        RankPrefix { rank, bits, digits: (64 / bits) as usize }
    }

    fn of(&self, path: &[u32]) -> u64 {
        (0..self.digits).fold(0u64, |key, i| {
            let digit = path.get(i).map_or(0, |c| u64::from(self.rank[*c as usize]) + 1);
            (key << self.bits) | digit
        })
    }
}

/// [`variant_order`] of two variants, each with its packed prefix ([`RankPrefix::of`]) before its path and
/// customers: the prefixes first, the whole paths only when they are equal.
fn packed_order(rank: &[u32], a: (u64, &[u32], u64), b: (u64, &[u32], u64)) -> std::cmp::Ordering {
    b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then_with(|| variant_order(rank, (a.1, a.2), (b.1, b.2)))
}

/// The order of path variants: most customers first, ties by path in the order of the touchpoints' names
/// (`rank[code]`, from [`Dictionary::name_order`]), so that it does not depend on the order the names came
/// in. Each variant is its path (touchpoint codes) and its customers.
pub(crate) fn variant_order(rank: &[u32], a: (&[u32], u64), b: (&[u32], u64)) -> std::cmp::Ordering {
    b.1.cmp(&a.1).then_with(|| a.0.iter().map(|c| rank[*c as usize]).cmp(b.0.iter().map(|c| rank[*c as usize])))
}

/// Path variants (touchpoint codes of `names`, customers, conversions; each path once) in their order: most
/// customers first, ties by path in name order.
fn sorted_variants<'a>(
    names: &Dictionary,
    keyed: Vec<(&'a [u32], u64, u64)>,
    rep: &mut Reporter<'_>,
) -> Result<Vec<(&'a [u32], u64, u64)>> {
    // Compare ranks of names, not the names; most comparisons are settled by the ranks of the first few
    // touchpoints, packed into one number beside each path.
    let (_, rank) = names.name_order();
    let prefix = RankPrefix::new(&rank);
    let mut keyed: Vec<(u64, &[u32], u64, u64)> =
        keyed.into_iter().map(|(p, n, conv)| (prefix.of(p), p, n, conv)).collect();
    // Paths are unique, so an unstable sort gives one order.
    rep.sort_unstable_by(&mut keyed, 0, |a, b| packed_order(&rank, (a.0, a.1, a.2), (b.0, b.1, b.2)))?;
    Ok(keyed.into_iter().map(|(_, p, n, conv)| (p, n, conv)).collect())
}

/// Sorted path variants with their names, counting each variant's customers as `rep`'s units.
fn name_variants(names: &Dictionary, sorted: &[(&[u32], u64, u64)], rep: &mut Reporter<'_>) -> Result<Vec<Variant>> {
    let shared: Vec<std::sync::Arc<str>> = names.names().iter().map(|n| std::sync::Arc::from(n.as_str())).collect();
    let mut variants: Vec<Variant> = Vec::with_capacity(sorted.len());
    let mut pending = 0;
    for &(p, n, conv) in sorted {
        variants.push(Variant {
            path: p.iter().map(|c| shared[*c as usize].clone()).collect(),
            customers: n,
            conversions: conv,
        });
        pending += n;
        if pending >= 1 << 12 {
            rep.advance(std::mem::take(&mut pending))?;
        }
    }
    rep.advance(pending)?;
    Ok(variants)
}

/// Path variants (touchpoint codes of `names`, customers, conversions; each path once) in their order — most
/// customers first, ties by path in name order — with their names, counting each variant's customers as
/// `rep`'s units.
pub(crate) fn named_variants(
    names: &Dictionary,
    keyed: Vec<(&[u32], u64, u64)>,
    rep: &mut Reporter<'_>,
) -> Result<Vec<Variant>> {
    let sorted = sorted_variants(names, keyed, rep)?;
    name_variants(names, &sorted, rep)
}

/// The path variants of a log ([`EventLog::variant_table`]): what [`EventLog::variants`] lists, in its
/// order, each path kept as the log's touchpoint codes instead of a list of names, for a caller that writes
/// the paths out (as text, or as Arrow columns) and needs no list.
#[derive(Debug, Clone)]
pub struct VariantTable<'a> {
    log: &'a EventLog,
    rows: Vec<(&'a [u32], u64, u64)>,
}

impl<'a> VariantTable<'a> {
    /// How many variants.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are none (a log without events).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The touchpoints of variant `i` in order (none past the last variant).
    pub fn path(&self, i: usize) -> impl ExactSizeIterator<Item = &'a str> + 'a {
        let log = self.log;
        self.rows.get(i).map_or(&[][..], |r| r.0).iter().map(move |c| log.touchpoints.name(*c))
    }

    /// The customers who took exactly the path of variant `i` (0 past the last variant).
    pub fn customers(&self, i: usize) -> u64 {
        self.rows.get(i).map_or(0, |r| r.1)
    }

    /// Of them, how many converted.
    pub fn conversions(&self, i: usize) -> u64 {
        self.rows.get(i).map_or(0, |r| r.2)
    }

    /// The variants with their names: [`EventLog::variants`].
    pub fn to_variants(&self) -> Vec<Variant> {
        // A silent reporter never stops the work.
        name_variants(&self.log.touchpoints, &self.rows, &mut Reporter::silent("counting variants")).unwrap_or_default()
    }
}

impl Observations {
    /// Observes every customer of a log. O(events); the variants cost one hash of each customer's path.
    /// Large logs are observed in chunks on all cores and merged, which gives the same result.
    pub fn of(log: &EventLog) -> Self {
        // A silent reporter never stops the work.
        Self::of_reported(log, &mut Reporter::silent("discovery")).unwrap_or_default()
    }

    /// [`Observations::of`], counting the events looked at as `rep`'s units.
    fn of_reported(log: &EventLog, rep: &mut Reporter<'_>) -> Result<Self> {
        // The partials share the log's dictionary, which is given to the merged result alone: one copy of it,
        // not one per chunk.
        let mut o = super::log::in_chunks_reported(log, rep, Self::of_range, |mut a, b, stop| {
            a.merge_until(b, stop);
            a
        })?;
        o.names = log.touchpoints.clone();
        o.reasons = log.reason.as_ref().map(|r| r.dict.clone()).unwrap_or_default();
        Ok(o)
    }

    /// Observes the customers `range` of a log, by the log's touchpoint codes (without the dictionary),
    /// counting their events on `meter` (and stopping early when it says so).
    fn of_range(log: &EventLog, range: std::ops::Range<usize>, meter: &mut Meter<'_, '_>) -> Self {
        let n = log.touchpoints.len();
        let mut o =
            Observations { has_outcome: log.has_outcome(), touch: vec![TouchAcc::default(); n], ..Default::default() };
        // Pairs: a dense index for the usual few touchpoints, a hash map beyond.
        let dense = n <= 512;
        let mut index: Vec<u32> = if dense { vec![u32::MAX; n * n] } else { Vec::new() };
        let mut pairs: Vec<((u32, u32), PairAcc)> = Vec::new();
        let mut sparse: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut variants: FxHashMap<&[u32], (u64, u64)> = FxHashMap::default();
        let mut seen_touch: Vec<usize> = vec![usize::MAX; n];
        // The reason codes and the code of no reason.
        let reasons = log.reason.as_ref().map(|r| (r.codes.as_slice(), r.dict.get("")));
        for c in meter.walk(range, |&c| log.events(c).len() as u64) {
            let events = log.events(c);
            if events.is_empty() {
                continue;
            }
            let exit = events.end - 1;
            let path = &log.touchpoint[events.clone()];
            let times = &log.timestamp[events];
            let converted = log.is_converted(c);
            o.customers += 1;
            o.events += path.len() as u64;
            o.conversions += u64::from(converted);
            if converted {
                let n = log.events(c).filter(|i| log.is_converting_event(*i)).count() as u64;
                o.conversion_events += n;
                o.repeat_customers += u64::from(n >= 2);
            }
            for (k, &t) in path.iter().enumerate() {
                let acc = &mut o.touch[t as usize];
                acc.events += 1;
                if seen_touch[t as usize] != c {
                    seen_touch[t as usize] = c;
                    acc.customers += 1;
                }
                if k + 1 < path.len() {
                    let key = (t, path[k + 1]);
                    let slot = if dense {
                        &mut index[t as usize * n + key.1 as usize]
                    } else {
                        sparse.entry(key).or_insert(u32::MAX)
                    };
                    if *slot == u32::MAX {
                        *slot = u32::try_from(pairs.len()).unwrap_or(u32::MAX);
                        pairs.push((key, PairAcc::default()));
                    }
                    let pair = &mut pairs[*slot as usize].1;
                    let d = times[k + 1] - times[k];
                    pair.count += 1;
                    pair.total_ns += i128::from(d);
                    pair.durations.push(d);
                    if pair.last != c + 1 {
                        pair.last = c + 1;
                        pair.customers += 1;
                    }
                }
            }
            if let (Some(first), Some(last)) = (path.first(), path.last()) {
                o.touch[*first as usize].starts += 1;
                let end = &mut o.touch[*last as usize];
                end.ends += 1;
                end.ends_unconverted += u64::from(!converted);
                if let Some((codes, none)) = reasons
                    && !converted
                    && Some(codes[exit]) != none
                {
                    *o.exits.entry((*last, codes[exit])).or_default() += 1;
                }
            }
            let v = variants.entry(path).or_default();
            v.0 += 1;
            v.1 += u64::from(converted);
        }
        if meter.stopped() {
            // Thrown away: not worth the copies.
            return Observations::default();
        }
        o.pairs = pairs.into_iter().collect();
        o.variants = variants.into_iter().map(|(p, v)| (p.to_vec(), v)).collect();
        o
    }

    /// Adds the observations of other customers (disjoint from these). Exact: counts and nanosecond
    /// totals are integers, durations are kept whole.
    pub fn merge(&mut self, other: Observations) {
        self.merge_until(other, &|| false);
    }

    /// [`Observations::merge`], returning early (these observations then incomplete, to be thrown away) once
    /// `stop()` says so; it is asked every few thousand variants.
    fn merge_until(&mut self, other: Observations, stop: &dyn Fn() -> bool) {
        let remap = remapping(&mut self.names, &other.names);
        let same = remap.is_none();
        let m = |c: u32| remap.as_ref().and_then(|r| r.get(c as usize).copied()).unwrap_or(c);
        let reason_remap = remapping(&mut self.reasons, &other.reasons);
        let r = |c: u32| reason_remap.as_ref().and_then(|r| r.get(c as usize).copied()).unwrap_or(c);
        for ((t, why), n) in other.exits {
            *self.exits.entry((m(t), r(why))).or_default() += n;
        }
        self.has_outcome |= other.has_outcome;
        self.events += other.events;
        self.customers += other.customers;
        self.conversions += other.conversions;
        self.conversion_events += other.conversion_events;
        self.repeat_customers += other.repeat_customers;
        for ((a, b), p) in other.pairs {
            let acc = self.pairs.entry((m(a), m(b))).or_default();
            acc.count += p.count;
            acc.customers += p.customers;
            acc.total_ns += p.total_ns;
            acc.durations.merge(&p.durations);
        }
        if self.touch.len() < self.names.len() {
            self.touch.resize(self.names.len(), TouchAcc::default());
        }
        for (t, x) in other.touch.into_iter().enumerate() {
            let acc = &mut self.touch[m(t as u32) as usize];
            acc.events += x.events;
            acc.customers += x.customers;
            acc.starts += x.starts;
            acc.ends += x.ends;
            acc.ends_unconverted += x.ends_unconverted;
        }
        let mut rest = other.variants.into_iter();
        let mut looked = 0u32;
        while let Some((path, (n, conv))) = rest.next() {
            let key = if same { path } else { path.into_iter().map(m).collect() };
            let v = self.variants.entry(key).or_default();
            v.0 += n;
            v.1 += conv;
            looked = looked.wrapping_add(1);
            if looked.is_multiple_of(4096) && stop() {
                crate::parallel::drop_later(rest);
                return;
            }
        }
    }

    /// Whether the customers observed come from a log with an outcome column.
    pub(crate) fn has_outcome(&self) -> bool {
        self.has_outcome
    }

    /// The sum of the counts, for the checks of a partial read from bytes.
    pub(crate) fn counted(&self) -> u128 {
        u128::from(self.events) + u128::from(self.customers)
    }

    /// How many customers went directly from one touchpoint to another, by ids.
    pub fn transition_count(&self, from: &str, to: &str) -> u64 {
        match (self.names.get(from), self.names.get(to)) {
            (Some(a), Some(b)) => self.pairs.get(&(a, b)).map_or(0, |p| p.count),
            _ => 0,
        }
    }

    /// The finished discovery. Costs a sort of each transition's durations and of the variants.
    pub fn finish(&self) -> Discovery {
        // A silent reporter never stops the work.
        self.finish_reported(&mut Reporter::silent("discovery")).unwrap_or_else(|_| Observations::default().finish())
    }

    /// How many units [`Observations::finish_reported`] counts: the durations and the variants' customers
    /// (for the observations of one log, its events).
    fn finish_units(&self) -> u64 {
        self.pairs.values().map(|p| p.durations.len()).sum::<u64>() + self.variants.values().map(|v| v.0).sum::<u64>()
    }

    /// [`Observations::finish`], counting each transition's durations and each variant's customers as
    /// `rep`'s units ([`Observations::finish_units`] in all).
    fn finish_reported(&self, rep: &mut Reporter<'_>) -> Result<Discovery> {
        let name = |c: u32| self.names.name(c).to_owned();
        let mut transitions: Vec<TransitionStats> = Vec::with_capacity(self.pairs.len());
        for (&(a, b), p) in &self.pairs {
            let d = &p.durations;
            let mean = if p.count > 0 { p.total_ns as f64 / p.count as f64 } else { 0.0 };
            transitions.push(TransitionStats {
                source: name(a),
                target: name(b),
                count: p.count,
                customers: p.customers,
                mean_seconds: seconds_of_ns(mean),
                median_seconds: seconds_of_ns(d.quantile(0.5).unwrap_or(0.0)),
                p95_seconds: seconds_of_ns(d.quantile(0.95).unwrap_or(0.0)),
            });
            rep.advance(d.len())?;
        }
        transitions.sort_by(|x, y| {
            y.count.cmp(&x.count).then_with(|| x.source.cmp(&y.source)).then_with(|| x.target.cmp(&y.target))
        });
        let counts = |f: fn(&TouchAcc) -> u64| {
            let v: Vec<u64> = self.touch.iter().map(f).collect();
            touchpoint_counts(&v, |c| self.names.name(c))
        };
        let mut visits: Vec<Visits> = self
            .touch
            .iter()
            .enumerate()
            .filter(|(_, x)| x.events > 0)
            .map(|(t, x)| Visits { touchpoint: name(t as u32), events: x.events, customers: x.customers })
            .collect();
        visits.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.touchpoint.cmp(&b.touchpoint)));
        let keyed = self.variants.iter().map(|(p, &(n, conv))| (p.as_slice(), n, conv)).collect();
        let variants = named_variants(&self.names, keyed, rep)?;
        // The reasons by touchpoint, most customers first, ties by text, the top ones.
        let mut reasons: FxHashMap<u32, Vec<ReasonCount>> = FxHashMap::default();
        for (&(t, why), &n) in &self.exits {
            reasons.entry(t).or_default().push(ReasonCount { reason: self.reasons.name(why).to_owned(), customers: n });
        }
        for list in reasons.values_mut() {
            list.sort_by(|a, b| b.customers.cmp(&a.customers).then_with(|| a.reason.cmp(&b.reason)));
            list.truncate(TOP_REASONS);
        }
        let mut dropoff: Vec<DropOff> = if self.has_outcome {
            self.touch
                .iter()
                .enumerate()
                .filter(|(_, x)| x.ends_unconverted > 0)
                .map(|(t, x)| DropOff {
                    touchpoint: name(t as u32),
                    customers: x.ends_unconverted,
                    visitors: x.customers,
                    rate: x.ends_unconverted as f64 / x.customers.max(1) as f64,
                    reasons: reasons.remove(&(t as u32)).unwrap_or_default(),
                })
                .collect()
        } else {
            Vec::new()
        };
        dropoff.sort_by(|a, b| b.customers.cmp(&a.customers).then_with(|| a.touchpoint.cmp(&b.touchpoint)));
        Ok(Discovery {
            events: self.events,
            customers: self.customers,
            conversions: self.conversions,
            conversion_events: self.conversion_events,
            repeat_customers: self.repeat_customers,
            transitions,
            starts: counts(|x| x.starts),
            ends: counts(|x| x.ends),
            visits,
            variants,
            dropoff,
        })
    }
}

impl EventLog {
    /// Discovers what customers did: directly-follows transitions with counts, distinct customers and
    /// durations; starts, ends, visits, path variants and drop-off. Runs on all cores for large logs; the
    /// result is the same as a single pass.
    pub fn discover(&self) -> Discovery {
        self.observe().finish()
    }

    /// The path variants alone, as [`EventLog::discover`] lists them (most customers first, ties by path),
    /// without the rest of the discovery: one hash of each customer's path, much cheaper than `discover()`.
    ///
    /// ```
    /// use journey_core::analytics::{EventColumns, EventLog};
    ///
    /// let log = EventLog::from_csv_str(
    ///     "customer_id,timestamp,touchpoint\na,2026-03-01,ad\na,2026-03-02,site\nb,2026-03-01,ad\nb,2026-03-03,site\nc,2026-03-01,site\n",
    ///     &EventColumns::default(),
    /// )?;
    /// let variants = log.variants();
    /// assert_eq!((variants[0].path.len(), variants[0].customers), (2, 2));
    /// assert_eq!(variants, log.discover().variants);
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    pub fn variants(&self) -> Vec<Variant> {
        self.variant_table().to_variants()
    }

    /// [`EventLog::variants`] with each path as the log's touchpoint codes: the same variants in the same
    /// order, without a list of names for each.
    ///
    /// ```
    /// use journey_core::analytics::{EventColumns, EventLog};
    ///
    /// let log = EventLog::from_csv_str("customer_id,timestamp,touchpoint\na,2026-03-01,ad\na,2026-03-02,site\nb,2026-03-01,ad\n",
    ///     &EventColumns::default())?;
    /// let table = log.variant_table();
    /// assert_eq!(table.len(), 2);
    /// assert_eq!((table.path(0).collect::<Vec<_>>(), table.customers(0)), (vec!["ad"], 1));
    /// assert_eq!(table.path(1).collect::<Vec<_>>(), ["ad", "site"]);
    /// assert_eq!(table.to_variants(), log.variants());
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    pub fn variant_table(&self) -> VariantTable<'_> {
        // Room for a variant per customer (most paths of a large log are their own), up to a million.
        let mut counts: FxHashMap<&[u32], (u64, u64)> =
            FxHashMap::with_capacity_and_hasher(self.customer_count().min(1 << 20), Default::default());
        for c in 0..self.customer_count() {
            let events = self.events(c);
            if events.is_empty() {
                continue;
            }
            let v = counts.entry(&self.touchpoint[events]).or_default();
            v.0 += 1;
            v.1 += u64::from(self.is_converted(c));
        }
        let keyed = counts.into_iter().map(|(p, (n, conv))| (p, n, conv)).collect();
        // A silent reporter never stops the work.
        let rows =
            sorted_variants(&self.touchpoints, keyed, &mut Reporter::silent("counting variants")).unwrap_or_default();
        VariantTable { log: self, rows }
    }

    /// The partial result of [`EventLog::discover`], to merge with others.
    pub fn observe(&self) -> Observations {
        Observations::of(self)
    }

    /// [`EventLog::discover`], calling `progress` at the start, every few milliseconds of work and at the end
    /// (see [`Progress`]): the units are the events, counted once by the pass over the log and once more by
    /// the figures made of it (durations and variants), so `total` is twice the events.
    /// `progress` returning `ControlFlow::Break(())` stops the work within a few milliseconds.
    ///
    /// ```
    /// use std::ops::ControlFlow;
    /// use journey_core::analytics::{EventColumns, EventLog};
    ///
    /// let log = EventLog::from_csv_str("customer_id,timestamp,touchpoint\na,2026-03-01,ad\na,2026-03-02,site\n",
    ///     &EventColumns::default())?;
    /// let mut seen = Vec::new();
    /// let found = log.discover_with_progress(&mut |p| {
    ///     seen.push((p.done, p.total));
    ///     ControlFlow::Continue(())
    /// })?;
    /// assert_eq!(found, log.discover());
    /// assert_eq!(seen, [(0, 4), (4, 4)]);
    /// let stopped = log.discover_with_progress(&mut |_| ControlFlow::Break(())).unwrap_err();
    /// assert_eq!((stopped.kind().as_str(), stopped.to_string().as_str()), ("cancelled", "discovery was cancelled by the progress callback"));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Cancelled`](crate::Error::Cancelled) when `progress` asked to stop.
    pub fn discover_with_progress(&self, progress: &mut dyn FnMut(Progress) -> ControlFlow<()>) -> Result<Discovery> {
        let mut rep = Reporter::new(progress, "discovery");
        rep.begin(2 * self.len() as u64, EVENT_WORK)?;
        let o = Observations::of_reported(self, &mut rep)?;
        // The finish counts the events once more; the figures never go past the total told at the start.
        rep.total = rep.total.max(rep.done + o.finish_units());
        let d = match o.finish_reported(&mut rep) {
            Ok(d) => d,
            Err(e) => {
                // Freeing the observations of a large log takes long: a stopped call returns at once.
                crate::parallel::drop_later(o);
                return Err(e);
            }
        };
        rep.end()?;
        Ok(d)
    }

    /// [`EventLog::observe`] following progress as [`EventLog::discover_with_progress`] does: the units are
    /// the events.
    ///
    /// # Errors
    /// [`Error::Cancelled`](crate::Error::Cancelled) when `progress` asked to stop.
    pub fn observe_with_progress(&self, progress: &mut dyn FnMut(Progress) -> ControlFlow<()>) -> Result<Observations> {
        let mut rep = Reporter::new(progress, "discovery");
        rep.begin(self.len() as u64, EVENT_WORK)?;
        let o = Observations::of_reported(self, &mut rep)?;
        rep.end()?;
        Ok(o)
    }
}

/// [`Observations`] as they travel (see `docs/partials.md`): touchpoints and reasons by name, everything
/// else by their codes, in sorted order so that the same observations give the same bytes.
#[derive(Serialize, Deserialize)]
struct ObservationsWire {
    names: Vec<String>,
    has_outcome: bool,
    /// Events, customers, conversions, conversion events, repeat customers.
    totals: [u64; 5],
    /// (source, target, distinct customers, durations); the count is that of the durations.
    pairs: Vec<(u32, u32, u64, Durations)>,
    /// Per touchpoint code: events, customers, starts, ends, ends without converting.
    touch: Vec<[u64; 5]>,
    /// (path, customers, conversions).
    variants: Vec<(Vec<u32>, u64, u64)>,
    reasons: Vec<String>,
    /// (touchpoint, reason, customers).
    exits: Vec<(u32, u32, u64)>,
}

super::wire::through_wire!(Observations, ObservationsWire);

impl Observations {
    /// The observations as they travel.
    fn to_wire(&self) -> ObservationsWire {
        let mut pairs: Vec<(u32, u32, u64, Durations)> =
            self.pairs.iter().map(|(&(a, b), p)| (a, b, p.customers, p.durations.clone())).collect();
        pairs.sort_unstable_by_key(|p| (p.0, p.1));
        let mut touch: Vec<[u64; 5]> =
            self.touch.iter().map(|t| [t.events, t.customers, t.starts, t.ends, t.ends_unconverted]).collect();
        touch.resize(self.names.len(), [0; 5]);
        let mut variants: Vec<(Vec<u32>, u64, u64)> =
            self.variants.iter().map(|(p, &(n, c))| (p.clone(), n, c)).collect();
        variants.sort_unstable();
        let mut exits: Vec<(u32, u32, u64)> = self.exits.iter().map(|(&(t, r), &n)| (t, r, n)).collect();
        exits.sort_unstable();
        let totals = [self.events, self.customers, self.conversions, self.conversion_events, self.repeat_customers];
        let (names, reasons) = (self.names.names().to_vec(), self.reasons.names().to_vec());
        ObservationsWire { names, has_outcome: self.has_outcome, totals, pairs, touch, variants, reasons, exits }
    }
}

impl ObservationsWire {
    /// The observations, once every code is within its dictionary and the counts add up as those of a pass
    /// over a log do (so that merging them cannot overflow where merging the logs' would not).
    fn check(self) -> Result<Observations> {
        use super::wire::{codes_within, dictionary, ensure};
        let names = dictionary(self.names, "touchpoints of a discovery")?;
        let reasons = dictionary(self.reasons, "reasons of a discovery")?;
        let n = names.len();
        let [events_n, customers_n, conversions, conversion_events, repeat_customers] = self.totals;
        ensure(self.touch.len() == n, || {
            format!("a discovery has {} touchpoint counts for {n} touchpoints", self.touch.len())
        })?;
        let sum = |f: fn(&[u64; 5]) -> u64| self.touch.iter().map(|t| u128::from(f(t))).sum::<u128>();
        let events = u128::from(events_n);
        let customers = u128::from(customers_n);
        ensure(sum(|t| t[0]) == events, || "a discovery's visits do not add up to its events".into())?;
        ensure(sum(|t| t[2]) == customers && sum(|t| t[3]) == customers, || {
            "a discovery's starts or ends do not add up to its customers".into()
        })?;
        ensure(self.touch.iter().all(|t| t[1] <= t[0] && t[1] <= customers_n && t[4] <= t[3]), || {
            "a discovery counts more customers at a touchpoint than it has".into()
        })?;
        ensure(conversions <= customers_n && repeat_customers <= conversions && conversion_events <= events_n, || {
            "a discovery counts more conversions than it has customers or events".into()
        })?;
        let mut pairs = FxHashMap::default();
        let mut moves = 0u128;
        // Per touchpoint: starts and moves into it, against ends and moves out of it (equal in any log), and
        // its visits, which are its starts and the moves into it.
        let mut flow: Vec<(u128, u128)> = self.touch.iter().map(|t| (u128::from(t[2]), u128::from(t[3]))).collect();
        for (a, b, customers, durations) in self.pairs {
            codes_within([a, b], n, "a transition's touchpoint")?;
            let count = durations.len();
            ensure(count > 0 && customers > 0 && customers <= count, || {
                "a transition counts no moves, or more customers than moves".into()
            })?;
            moves += u128::from(count);
            flow[b as usize].0 += u128::from(count);
            flow[a as usize].1 += u128::from(count);
            let acc = PairAcc { count, customers, total_ns: durations.total(), durations, last: 0 };
            ensure(pairs.insert((a, b), acc).is_none(), || "a transition is listed twice".into())?;
        }
        ensure(moves + customers == events, || {
            "a discovery's transitions do not add up to its events less its customers".into()
        })?;
        ensure(flow.iter().zip(&self.touch).all(|((into, out), t)| into == out && *into == u128::from(t[0])), || {
            "a discovery's moves into and out of a touchpoint do not match its starts, ends and visits".into()
        })?;
        let mut variants = FxHashMap::default();
        let (mut taken, mut steps) = (0u128, 0u128);
        for (path, k, conv) in self.variants {
            codes_within(path.iter().copied(), n, "a variant's touchpoint")?;
            ensure(!path.is_empty() && k > 0 && conv <= k, || "a variant is empty or counts no customers".into())?;
            taken += u128::from(k);
            steps += u128::from(k) * path.len() as u128;
            ensure(variants.insert(path, (k, conv)).is_none(), || "a variant is listed twice".into())?;
        }
        ensure(taken == customers && steps == events, || {
            "a discovery's variants do not add up to its customers and events".into()
        })?;
        let mut exits = FxHashMap::default();
        for (t, why, k) in self.exits {
            codes_within([t], n, "a drop-off's touchpoint")?;
            codes_within([why], reasons.len(), "a drop-off's reason")?;
            ensure(k > 0 && k <= customers_n, || "a drop-off reason counts no customers".into())?;
            ensure(exits.insert((t, why), k).is_none(), || "a drop-off reason is listed twice".into())?;
        }
        let touch = self
            .touch
            .into_iter()
            .map(|t| TouchAcc { events: t[0], customers: t[1], starts: t[2], ends: t[3], ends_unconverted: t[4] })
            .collect();
        let has_outcome = self.has_outcome;
        let (events, customers) = (events_n, customers_n);
        #[rustfmt::skip]
        let o = Observations { names, has_outcome, events, customers, conversions, conversion_events, repeat_customers, pairs, touch, variants, reasons, exits };
        Ok(o)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{RankPrefix, packed_order, variant_order};

    proptest! {
        /// Packed prefixes, then whole paths, order variants exactly as comparing their ranks one by one:
        /// dictionaries small and large (digits of 1 to 17 bits), paths shorter and longer than the digits
        /// packed, sharing long beginnings.
        #[test]
        fn packed_prefixes_keep_the_order_of_the_ranks(
            n in prop_oneof![Just(1usize), Just(2), 3usize..70, Just(100_000)],
            seed in proptest::collection::vec((0usize..8, 0u64..3, proptest::collection::vec(any::<u32>(), 0..30)), 1..60),
        ) {
            let rank: Vec<u32> = (0..n as u32).rev().collect();
            let shared: Vec<u32> = (0..25).map(|i| (i * 7 % n) as u32).collect();
            let paths: Vec<(Vec<u32>, u64)> = seed
                .into_iter()
                .map(|(common, count, tail)| {
                    let mut p = shared[..common.min(shared.len())].to_vec();
                    p.extend(tail.into_iter().map(|c| c % n as u32));
                    (p, count)
                })
                .collect();
            let prefix = RankPrefix::new(&rank);
            for a in &paths {
                for b in &paths {
                    let plain = variant_order(&rank, (&a.0, a.1), (&b.0, b.1));
                    let packed = packed_order(&rank, (prefix.of(&a.0), &a.0, a.1), (prefix.of(&b.0), &b.0, b.1));
                    prop_assert_eq!(packed, plain, "{:?} against {:?}", a, b);
                }
            }
        }
    }
}
