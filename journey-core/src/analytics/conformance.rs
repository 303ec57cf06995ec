//! Conformance: how far what customers did follows the designed map, and where they loop back.

use std::collections::{BTreeMap, HashSet};
use std::ops::ControlFlow;

use petgraph::stable_graph::NodeIndex;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::log::EventLog;
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

fn sorted_counts(map: std::collections::HashMap<(u32, u32), (u64, u64)>, log: &EventLog) -> Vec<PathCount> {
    let mut v: Vec<PathCount> = map
        .into_iter()
        .map(|((a, b), (count, customers))| PathCount {
            source: log.touchpoints.name(a).to_owned(),
            target: log.touchpoints.name(b).to_owned(),
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
        let sorted = self.customers_sorted_reported(rep)?;
        let mut meter = Meter::inline(rep);
        let designed: HashSet<(&str, &str)> =
            journey.transitions().filter(|t| t.expected).map(|t| (t.from.as_str(), t.to.as_str())).collect();
        let has_entries = !journey.entries().is_empty();
        let designs_anything = has_entries || !designed.is_empty();
        let mut taken: HashSet<(String, String)> = HashSet::new();
        let mut unexpected: std::collections::HashMap<(u32, u32), (u64, u64)> = Default::default();
        let mut unknown: BTreeMap<String, u64> = BTreeMap::new();
        let (mut good_total, mut moves_total, mut fully, mut customers, mut outside) = (0u64, 0u64, 0u64, 0u64, 0u64);
        let mut per_customer = Vec::new();
        for (c, id) in meter.walk(sorted, |(c, _)| self.path(*c).len() as u64) {
            let path = self.path(c);
            if path.is_empty() {
                continue;
            }
            customers += 1;
            for &t in path {
                let name = self.touchpoints.name(t);
                if journey.touchpoint(name).is_none() {
                    *unknown.entry(name.to_owned()).or_default() += 1;
                }
            }
            let p = dedup(path);
            let first = self.touchpoints.name(p[0]);
            let start_ok = if has_entries {
                journey.is_entry(first)
            } else {
                designs_anything && journey.touchpoint(first).is_some()
            };
            outside += u64::from(!start_ok);
            let mut good = u64::from(start_ok);
            let mut seen = HashSet::new();
            for w in p.windows(2) {
                let (a, b) = (self.touchpoints.name(w[0]), self.touchpoints.name(w[1]));
                if designed.contains(&(a, b)) {
                    good += 1;
                    taken.insert((a.to_owned(), b.to_owned()));
                } else {
                    let e = unexpected.entry((w[0], w[1])).or_default();
                    e.0 += 1;
                    if seen.insert((w[0], w[1])) {
                        e.1 += 1;
                    }
                }
            }
            let moves = p.len() as u64;
            good_total += good;
            moves_total += moves;
            fully += u64::from(good == moves);
            per_customer.push(CustomerFitness { customer: id.to_owned(), fitness: good as f64 / moves as f64, moves });
        }
        if let Err(e) = meter.finish() {
            // Thrown away: a stopped call does not wait for the memory to be freed.
            crate::parallel::drop_later(per_customer);
            return Err(e);
        }
        rep.end()?;
        let untaken = journey
            .transitions()
            .filter(|t| t.expected && !taken.contains(&(t.from.clone(), t.to.clone())))
            .map(|t| (t.from.clone(), t.to.clone()))
            .collect();
        Ok(Conformance {
            fitness: if moves_total == 0 { 1.0 } else { good_total as f64 / moves_total as f64 },
            fully_conforming: fully,
            customers,
            per_customer,
            unexpected: sorted_counts(unexpected, self),
            untaken,
            unknown_touchpoints: unknown,
            starts_outside_entries: if has_entries { outside } else { 0 },
        })
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
        let mut meter = Meter::inline(rep);
        // With a map: the map's node of each of the log's touchpoints, and which moves go back (over the map's
        // transitions and every observed move between its touchpoints, as the map has them after `apply`).
        let classify = journey.map(|j| {
            let node: Vec<Option<NodeIndex>> = self.touchpoints.names().iter().map(|n| j.node_index(n)).collect();
            let mut observed: HashSet<(NodeIndex, NodeIndex)> = HashSet::new();
            for c in 0..self.customer_count() {
                for w in self.path(c).windows(2) {
                    if let (Some(a), Some(b)) = (node[w[0] as usize], node[w[1] as usize])
                        && a != b
                    {
                        observed.insert((a, b));
                    }
                }
            }
            let extra: Vec<(NodeIndex, NodeIndex)> = observed.into_iter().collect();
            (BackMoves::new(j, &extra), node, j)
        });
        let mut moves: std::collections::HashMap<(u32, u32), (u64, u64)> = Default::default();
        let (mut looping, mut customers) = (0u64, 0u64);
        for c in meter.walk(0..self.customer_count(), |&c| self.path(c).len() as u64) {
            let path = self.path(c);
            if path.is_empty() {
                continue;
            }
            customers += 1;
            let p = dedup(path);
            let mut met = HashSet::new();
            let mut seen = HashSet::new();
            let mut any = false;
            for (i, w) in p.windows(2).enumerate() {
                met.insert(p[i]);
                let is_loop = match &classify {
                    Some((back, node, j)) => match (node[w[0] as usize], node[w[1] as usize]) {
                        (Some(a), Some(b)) => back.is_loop(j, a, b),
                        _ => false,
                    },
                    None => met.contains(&w[1]),
                };
                if is_loop {
                    any = true;
                    let e = moves.entry((w[0], w[1])).or_default();
                    e.0 += 1;
                    if seen.insert((w[0], w[1])) {
                        e.1 += 1;
                    }
                }
            }
            looping += u64::from(any);
        }
        meter.finish()?;
        rep.end()?;
        Ok(Loops { customers: looping, of_customers: customers, moves: sorted_counts(moves, self) })
    }
}
