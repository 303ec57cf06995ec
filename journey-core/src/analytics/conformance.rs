//! Conformance: how far what customers did follows the designed map, and where they loop back.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::ControlFlow;

use petgraph::stable_graph::NodeIndex;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use rustc_hash::FxHashMap;

use super::log::{Dictionary, EventLog};
use super::progress::{EVENT_WORK, Meter, Progress, Reporter};
use crate::error::Result;
use crate::model::Journey;
use crate::model::back_moves::BackMoves;

/// A transition customers took that the map does not design.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct PathCount {
    /// Touchpoint left.
    pub source: String,
    /// Touchpoint reached.
    pub target: String,
    /// Times taken.
    pub count: u64,
    /// Distinct customers.
    pub customers: u64,
}

/// One customer's fitness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct CustomerFitness {
    /// Customer id.
    pub customer: String,
    /// Conforming moves / moves. The start counts as a move: it conforms when it is at a touchpoint of the map
    /// that is an entry, or any touchpoint of the map when the map has no entries but designs transitions. A
    /// map with neither entries nor expected transitions designs nothing, so no start conforms.
    pub fitness: f64,
    /// Moves, the start included.
    pub moves: u64,
}

/// How far the observed paths follow the designed map.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(hashmap_as_object))]
pub struct Conformance {
    /// Conforming moves / moves over all customers.
    pub fitness: f64,
    /// Customers whose every move conforms.
    pub fully_conforming: u64,
    /// Customers.
    pub customers: u64,
    /// Each customer's fitness, by customer id.
    pub per_customer: Vec<CustomerFitness>,
    /// Moves the map does not design, most taken first.
    pub unexpected: Vec<PathCount>,
    /// Designed transitions nobody took, as `[from, to]`.
    pub untaken: Vec<(String, String)>,
    /// Touchpoints in the log that the map does not know, with their event counts.
    pub unknown_touchpoints: BTreeMap<String, u64>,
    /// Customers whose first touchpoint is not an entry of the map (when it has entries).
    pub starts_outside_entries: u64,
}

/// Customers going back: to a touchpoint they met before, or (with a map) to an earlier stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Loops {
    /// Customers with at least one loop.
    pub customers: u64,
    /// All customers.
    pub of_customers: u64,
    /// The moves that loop back, most taken first.
    pub moves: Vec<PathCount>,
}

/// Moves with their counts, most taken first (ties by source, then target), named by `name`.
pub(super) fn sorted_counts<'a>(
    map: impl IntoIterator<Item = ((u32, u32), (u64, u64))>,
    name: impl Fn(u32) -> &'a str,
) -> Vec<PathCount> {
    let mut v: Vec<PathCount> = map
        .into_iter()
        .map(|((a, b), (count, customers))| PathCount {
            source: name(a).to_owned(),
            target: name(b).to_owned(),
            count,
            customers,
        })
        .collect();
    v.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| (&x.source, &x.target).cmp(&(&y.source, &y.target))));
    v
}

/// The work of checking one event, a few times that of a pass that counts it (sets of moves, names): a
/// report about every 16,384 events.
const CHECK_WORK: u64 = 4 * EVENT_WORK;

/// Consecutive repeats removed: a reload of the same page is not a move.
pub(crate) fn dedup(path: &[u32]) -> Vec<u32> {
    let mut p = path.to_vec();
    p.dedup();
    p
}

impl EventLog {
    /// Checks the observed paths against a designed map (its expected transitions and entries). Consecutive
    /// repeats of a touchpoint are not moves. O(events).
    ///
    /// A customer conforms only through the map: a start conforms at an entry (at any touchpoint of the map
    /// when it has no entries but designs transitions) and a move when the map designs it, so a touchpoint
    /// the map does not have never conforms. A map with neither entries nor expected transitions designs no
    /// path at all: every customer is reported as not conforming (fitness 0), with the touchpoints the map
    /// does not know counted in `unknown_touchpoints`, rather than as vacuously conforming.
    pub fn conformance(&self, journey: &Journey) -> Conformance {
        // A silent reporter never stops the work.
        self.conformance_reported(journey, &mut Reporter::silent("conformance")).unwrap_or_default()
    }

    /// [`EventLog::conformance`], calling `progress` at the start, every few milliseconds of work and at the
    /// end, with the events looked at (see [`Progress`]); `progress` returning `ControlFlow::Break(())`
    /// stops the work within a few milliseconds.
    ///
    /// # Errors
    /// [`Error::Cancelled`](crate::Error::Cancelled) when `progress` asked to stop.
    pub fn conformance_with_progress(
        &self,
        journey: &Journey,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<Conformance> {
        self.conformance_reported(journey, &mut Reporter::new(progress, "conformance"))
    }

    fn conformance_reported(&self, journey: &Journey, rep: &mut Reporter<'_>) -> Result<Conformance> {
        rep.begin(self.len() as u64, CHECK_WORK)?;
        let partial = ConformancePartial::of_reported(self, journey, rep)?;
        rep.end()?;
        // The ids of one log are unique.
        partial.finish(journey)
    }

    /// Finds customers who go back where the design does not send them.
    ///
    /// With a map, a move is a loop when the map does not design it (no expected transition from its source
    /// to its target) and it goes back in the map: see `BackMoves` (crate-internal) for what "back" means (a designed
    /// return, such as repurchase from retention, is never a loop). This is the definition of the map's
    /// `loop` gap after [`Journey::apply`]: each loop move here is a loop transition there, with the same
    /// count of moves. Without a map there is no design to go by, and a loop is a move back to a touchpoint
    /// the customer met before. Consecutive repeats are not moves. `moves` counts moves (times taken) and,
    /// beside them, distinct customers; `customers` counts customers with at least one loop. O(events).
    pub fn loops(&self, journey: Option<&Journey>) -> Loops {
        // A silent reporter never stops the work.
        self.loops_reported(journey, &mut Reporter::silent("finding loops")).unwrap_or_default()
    }

    /// [`EventLog::loops`] following progress as [`EventLog::conformance_with_progress`] does.
    ///
    /// # Errors
    /// [`Error::Cancelled`](crate::Error::Cancelled) when `progress` asked to stop.
    pub fn loops_with_progress(
        &self,
        journey: Option<&Journey>,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<Loops> {
        self.loops_reported(journey, &mut Reporter::new(progress, "finding loops"))
    }

    fn loops_reported(&self, journey: Option<&Journey>, rep: &mut Reporter<'_>) -> Result<Loops> {
        rep.begin(self.len() as u64, CHECK_WORK)?;
        let partial = LoopsPartial::of_reported(self, journey, rep)?;
        rep.end()?;
        Ok(partial.finish(journey))
    }
}

/// A partial conformance over some customers: what [`EventLog::conformance`] counts, by touchpoint names
/// and customer ids, so that partials over disjoint customers merge into exactly the one pass.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct ConformancePartial {
    /// Each customer's id, conforming moves and moves (the start included).
    per_customer: Vec<(String, u64, u64)>,
    /// Moves the map does not design: (times taken, distinct customers).
    unexpected: BTreeMap<(String, String), (u64, u64)>,
    /// Designed moves taken.
    taken: BTreeSet<(String, String)>,
    /// Events at touchpoints the map does not know.
    unknown: BTreeMap<String, u64>,
    /// Customers whose first touchpoint is not an entry.
    outside: u64,
}

impl ConformancePartial {
    /// The partial conformance of a log's customers against a map.
    pub(crate) fn of(log: &EventLog, journey: &Journey) -> Self {
        // A silent reporter never stops the work.
        Self::of_reported(log, journey, &mut Reporter::silent("conformance")).unwrap_or_default()
    }

    fn of_reported(log: &EventLog, journey: &Journey, rep: &mut Reporter<'_>) -> Result<Self> {
        let mut meter = Meter::inline(rep);
        let designed: HashSet<(&str, &str)> =
            journey.transitions().filter(|t| t.expected).map(|t| (t.from.as_str(), t.to.as_str())).collect();
        let has_entries = !journey.entries().is_empty();
        let designs_anything = has_entries || !designed.is_empty();
        let mut out = ConformancePartial::default();
        let mut unexpected: std::collections::HashMap<(u32, u32), (u64, u64)> = Default::default();
        for c in meter.walk(0..log.customer_count(), |c| log.path(*c).len() as u64) {
            let path = log.path(c);
            if path.is_empty() {
                continue;
            }
            for &t in path {
                let name = log.touchpoints.name(t);
                if journey.touchpoint(name).is_none() {
                    *out.unknown.entry(name.to_owned()).or_default() += 1;
                }
            }
            let p = dedup(path);
            let first = log.touchpoints.name(p[0]);
            let start_ok = if has_entries {
                journey.is_entry(first)
            } else {
                designs_anything && journey.touchpoint(first).is_some()
            };
            out.outside += u64::from(!start_ok);
            let mut good = u64::from(start_ok);
            let mut seen = HashSet::new();
            for w in p.windows(2) {
                let (a, b) = (log.touchpoints.name(w[0]), log.touchpoints.name(w[1]));
                if designed.contains(&(a, b)) {
                    good += 1;
                    if !out.taken.contains(&(a.to_owned(), b.to_owned())) {
                        out.taken.insert((a.to_owned(), b.to_owned()));
                    }
                } else {
                    let e = unexpected.entry((w[0], w[1])).or_default();
                    e.0 += 1;
                    if seen.insert((w[0], w[1])) {
                        e.1 += 1;
                    }
                }
            }
            out.per_customer.push((log.customer_name(c).to_owned(), good, p.len() as u64));
        }
        if let Err(e) = meter.finish() {
            // Thrown away: a stopped call does not wait for the memory to be freed.
            crate::parallel::drop_later(out);
            return Err(e);
        }
        let name = |c: u32| log.touchpoints.name(c).to_owned();
        out.unexpected = unexpected.into_iter().map(|((a, b), n)| ((name(a), name(b)), n)).collect();
        Ok(out)
    }

    /// Adds the partial of other customers.
    pub(crate) fn merge(&mut self, other: ConformancePartial) {
        self.per_customer.extend(other.per_customer);
        for (k, (n, c)) in other.unexpected {
            let e = self.unexpected.entry(k).or_default();
            e.0 += n;
            e.1 += c;
        }
        self.taken.extend(other.taken);
        for (k, n) in other.unknown {
            *self.unknown.entry(k).or_default() += n;
        }
        self.outside += other.outside;
    }

    /// The sum of the counts, for the checks of a partial read from bytes; `u128::MAX` for counts that do
    /// not hold together (more conforming moves than moves, a customer without moves).
    pub(crate) fn counted(&self) -> u128 {
        if self.per_customer.iter().any(|(_, good, moves)| good > moves || *moves == 0) {
            return u128::MAX;
        }
        let moves: u128 = self.per_customer.iter().map(|c| u128::from(c.2)).sum();
        let unexpected: u128 = self.unexpected.values().map(|(n, c)| u128::from(*n) + u128::from(*c)).sum();
        let unknown: u128 = self.unknown.values().map(|n| u128::from(*n)).sum();
        moves + unexpected + unknown + u128::from(self.outside)
    }

    /// The finished conformance against `journey`, customers by id.
    ///
    /// # Errors
    /// [`Error::Duplicate`](crate::Error::Duplicate) for a customer found in two of the merged partials.
    pub(crate) fn finish(mut self, journey: &Journey) -> Result<Conformance> {
        self.per_customer.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if let Some(w) = self.per_customer.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(crate::Error::Duplicate { what: "customer in two merged partials", id: w[0].0.clone() });
        }
        let (mut good_total, mut moves_total, mut fully) = (0u64, 0u64, 0u64);
        let per_customer = self
            .per_customer
            .into_iter()
            .map(|(customer, good, moves)| {
                good_total += good;
                moves_total += moves;
                fully += u64::from(good == moves);
                CustomerFitness { customer, fitness: good as f64 / moves as f64, moves }
            })
            .collect::<Vec<_>>();
        let untaken = journey
            .transitions()
            .filter(|t| t.expected && !self.taken.contains(&(t.from.clone(), t.to.clone())))
            .map(|t| (t.from.clone(), t.to.clone()))
            .collect();
        let has_entries = !journey.entries().is_empty();
        let mut unexpected: Vec<PathCount> = self
            .unexpected
            .into_iter()
            .map(|((source, target), (count, customers))| PathCount { source, target, count, customers })
            .collect();
        unexpected
            .sort_by(|x, y| y.count.cmp(&x.count).then_with(|| (&x.source, &x.target).cmp(&(&y.source, &y.target))));
        Ok(Conformance {
            fitness: if moves_total == 0 { 1.0 } else { good_total as f64 / moves_total as f64 },
            fully_conforming: fully,
            customers: per_customer.len() as u64,
            per_customer,
            unexpected,
            untaken,
            unknown_touchpoints: self.unknown,
            starts_outside_entries: if has_entries { self.outside } else { 0 },
        })
    }
}

/// A partial of [`EventLog::loops`] over some customers. Without a map, what a customer does decides
/// alone: the loop moves and the customers who loop are counted. With a map, whether a move goes back
/// depends on every move observed (see `BackMoves`), so the moves between the map's touchpoints are
/// counted, and the customers by the set of distinct moves they made; the loops are told when finished.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoopsPartial {
    names: Dictionary,
    with_map: bool,
    customers: u64,
    /// Without a map: customers with at least one loop.
    looping: u64,
    /// Without a map the loop moves, with a map every move between its touchpoints: (times, customers).
    moves: FxHashMap<(u32, u32), (u64, u64)>,
    /// With a map: customers by the sorted set of the distinct moves between its touchpoints they made.
    sets: FxHashMap<Vec<(u32, u32)>, u64>,
}

impl LoopsPartial {
    /// The partial loops of a log's customers, with or without a map.
    pub(crate) fn of(log: &EventLog, journey: Option<&Journey>) -> Self {
        // A silent reporter never stops the work.
        Self::of_reported(log, journey, &mut Reporter::silent("loops")).unwrap_or_default()
    }

    fn of_reported(log: &EventLog, journey: Option<&Journey>, rep: &mut Reporter<'_>) -> Result<Self> {
        let mut meter = Meter::inline(rep);
        // With a map: whether each of the log's touchpoints is one of the map's.
        let in_map: Option<Vec<bool>> =
            journey.map(|j| log.touchpoints.names().iter().map(|n| j.node_index(n).is_some()).collect());
        let mut out = LoopsPartial { with_map: in_map.is_some(), ..LoopsPartial::default() };
        for c in meter.walk(0..log.customer_count(), |&c| log.path(c).len() as u64) {
            let path = log.path(c);
            if path.is_empty() {
                continue;
            }
            out.customers += 1;
            let p = dedup(path);
            let mut met = HashSet::new();
            let mut seen: Vec<(u32, u32)> = Vec::new();
            for (i, w) in p.windows(2).enumerate() {
                met.insert(p[i]);
                let counted = match &in_map {
                    Some(known) => known[w[0] as usize] && known[w[1] as usize],
                    None => met.contains(&w[1]),
                };
                if counted {
                    let e = out.moves.entry((w[0], w[1])).or_default();
                    e.0 += 1;
                    if !seen.contains(&(w[0], w[1])) {
                        seen.push((w[0], w[1]));
                        e.1 += 1;
                    }
                }
            }
            if in_map.is_some() {
                if !seen.is_empty() {
                    seen.sort_unstable();
                    *out.sets.entry(seen).or_default() += 1;
                }
            } else {
                out.looping += u64::from(!seen.is_empty());
            }
        }
        meter.finish()?;
        out.names = log.touchpoints.clone();
        Ok(out)
    }

    /// Whether the partial was made against a map.
    pub(crate) fn with_map(&self) -> bool {
        self.with_map
    }

    /// Adds the partial of other customers.
    pub(crate) fn merge(&mut self, other: LoopsPartial) {
        let same = other.names.len() <= self.names.len()
            && other.names.names().iter().zip(self.names.names()).all(|(a, b)| a == b);
        let remap: Vec<u32> =
            if same { Vec::new() } else { other.names.names().iter().map(|n| self.names.code(n)).collect() };
        let m = |c: u32| if same { c } else { remap.get(c as usize).copied().unwrap_or(c) };
        self.with_map |= other.with_map;
        self.customers += other.customers;
        self.looping += other.looping;
        for ((a, b), (n, k)) in other.moves {
            let e = self.moves.entry((m(a), m(b))).or_default();
            e.0 += n;
            e.1 += k;
        }
        for (set, n) in other.sets {
            let mut set: Vec<(u32, u32)> = set.into_iter().map(|(a, b)| (m(a), m(b))).collect();
            if !same {
                set.sort_unstable();
            }
            *self.sets.entry(set).or_default() += n;
        }
    }

    /// The sum of the counts, for the checks of a partial read from bytes.
    pub(crate) fn counted(&self) -> u128 {
        u128::from(self.customers)
            + u128::from(self.looping)
            + self.moves.values().map(|(n, k)| u128::from(*n) + u128::from(*k)).sum::<u128>()
            + self.sets.values().map(|n| u128::from(*n)).sum::<u128>()
    }

    /// The finished loops, against `journey` when the partial was made with one.
    pub(crate) fn finish(&self, journey: Option<&Journey>) -> Loops {
        let name = |c: u32| self.names.name(c);
        let Some(j) = journey.filter(|_| self.with_map) else {
            let moves = sorted_counts(self.moves.iter().map(|(k, v)| (*k, *v)), name);
            return Loops { customers: self.looping, of_customers: self.customers, moves };
        };
        let node = |c: u32| j.node_index(name(c));
        let extra: Vec<(NodeIndex, NodeIndex)> =
            self.moves.keys().filter_map(|&(a, b)| Some((node(a)?, node(b)?))).collect();
        let back = BackMoves::new(j, &extra);
        let is_loop = |&(a, b): &(u32, u32)| match (node(a), node(b)) {
            (Some(x), Some(y)) => back.is_loop(j, x, y),
            _ => false,
        };
        let loops: FxHashMap<(u32, u32), bool> = self.moves.keys().map(|k| (*k, is_loop(k))).collect();
        let looping =
            self.sets.iter().filter(|(set, _)| set.iter().any(|k| loops.get(k) == Some(&true))).map(|(_, n)| n).sum();
        let moves =
            sorted_counts(self.moves.iter().filter(|(k, _)| loops.get(k) == Some(&true)).map(|(k, v)| (*k, *v)), name);
        Loops { customers: looping, of_customers: self.customers, moves }
    }
}

/// [`LoopsPartial`] as it travels: touchpoints by name, moves and sets by codes, sorted.
#[derive(Serialize, Deserialize)]
struct LoopsWire {
    names: Vec<String>,
    with_map: bool,
    customers: u64,
    looping: u64,
    moves: Vec<(u32, u32, u64, u64)>,
    sets: Vec<(Vec<(u32, u32)>, u64)>,
}

super::wire::through_wire!(LoopsPartial, LoopsWire);

impl LoopsPartial {
    /// The partial as it travels.
    fn to_wire(&self) -> LoopsWire {
        let mut moves: Vec<(u32, u32, u64, u64)> = self.moves.iter().map(|(&(a, b), &(n, k))| (a, b, n, k)).collect();
        moves.sort_unstable();
        let mut sets: Vec<(Vec<(u32, u32)>, u64)> = self.sets.iter().map(|(s, n)| (s.clone(), *n)).collect();
        sets.sort_unstable();
        LoopsWire {
            names: self.names.names().to_vec(),
            with_map: self.with_map,
            customers: self.customers,
            looping: self.looping,
            moves,
            sets,
        }
    }
}

impl LoopsWire {
    /// The partial, once its codes are within its dictionary, no move or set of moves is listed twice and
    /// the sets are sorted.
    fn check(self) -> Result<LoopsPartial> {
        use super::wire::{codes_within, dictionary, ensure};
        let w = self;
        let names = dictionary(w.names, "touchpoints of loops")?;
        let n = names.len();
        let mut moves = FxHashMap::default();
        for (a, b, times, k) in w.moves {
            codes_within([a, b], n, "a loop move's touchpoint")?;
            ensure(k <= times && k <= w.customers, || "a loop move counts more customers than moves".into())?;
            ensure(moves.insert((a, b), (times, k)).is_none(), || "a loop move is listed twice".into())?;
        }
        let mut sets = FxHashMap::default();
        for (set, k) in w.sets {
            codes_within(set.iter().flat_map(|(a, b)| [*a, *b]), n, "a loop move's touchpoint")?;
            ensure(set.windows(2).all(|p| p[0] < p[1]) && k <= w.customers, || "a set of moves is not sorted".into())?;
            ensure(sets.insert(set, k).is_none(), || "a set of moves is listed twice".into())?;
        }
        ensure(w.looping <= w.customers, || "more customers loop than there are".into())?;
        Ok(LoopsPartial { names, with_map: w.with_map, customers: w.customers, looping: w.looping, moves, sets })
    }
}
