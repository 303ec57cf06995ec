//! The directly-follows graph alone: counts of moves, starts and ends, without durations or variants.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use rustc_hash::FxHashMap;

use super::conformance::PathCount;
use super::discover::TouchpointCount;
use super::log::{Dictionary, EventLog};

/// Directly-follows counts: what [`EventLog::discover`] gives without durations, visits, variants and
/// drop-off, at a fraction of the cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Dfg {
    /// Moves from one touchpoint directly to the next, most taken first (ties by source, then target).
    pub transitions: Vec<PathCount>,
    /// First touchpoints of customers, most common first.
    pub starts: Vec<TouchpointCount>,
    /// Last touchpoints of customers, most common first.
    pub ends: Vec<TouchpointCount>,
}

/// Counts over some customers; counts add up exactly.
#[derive(Default)]
struct Counts {
    n: usize,
    pairs: Vec<(u64, u64, usize)>,
    starts: Vec<u64>,
    ends: Vec<u64>,
    sparse: FxHashMap<(u32, u32), (u64, u64, usize)>,
}

impl Counts {
    fn of(log: &EventLog, range: std::ops::Range<usize>) -> Counts {
        let n = log.touchpoints.len();
        let dense = n <= 1024;
        let mut c = Counts {
            n,
            pairs: if dense { vec![(0, 0, usize::MAX); n * n] } else { Vec::new() },
            starts: vec![0; n],
            ends: vec![0; n],
            sparse: Default::default(),
        };
        for customer in range {
            let path = log.path(customer);
            let (Some(first), Some(last)) = (path.first(), path.last()) else { continue };
            c.starts[*first as usize] += 1;
            c.ends[*last as usize] += 1;
            for w in path.windows(2) {
                let e = if dense {
                    &mut c.pairs[w[0] as usize * n + w[1] as usize]
                } else {
                    c.sparse.entry((w[0], w[1])).or_insert((0, 0, usize::MAX))
                };
                e.0 += 1;
                if e.2 != customer {
                    e.2 = customer;
                    e.1 += 1;
                }
            }
        }
        c
    }

    fn merge(mut self, other: Counts) -> Counts {
        for (a, b) in self.pairs.iter_mut().zip(other.pairs) {
            a.0 += b.0;
            a.1 += b.1;
        }
        for (k, v) in other.sparse {
            let e = self.sparse.entry(k).or_insert((0, 0, usize::MAX));
            e.0 += v.0;
            e.1 += v.1;
        }
        for (a, b) in self.starts.iter_mut().zip(other.starts) {
            *a += b;
        }
        for (a, b) in self.ends.iter_mut().zip(other.ends) {
            *a += b;
        }
        self
    }
}

impl EventLog {
    /// The directly-follows graph: how many times, and by how many customers, each move was made, and where
    /// customers start and end. O(events), on all cores for large logs.
    pub fn dfg(&self) -> Dfg {
        self.dfg_counts().finish()
    }

    /// The partial result of [`EventLog::dfg`], to merge with the counts of other customers.
    pub fn dfg_counts(&self) -> DfgCounts {
        let counts = super::log::in_chunks(self, Counts::of, Counts::merge);
        let n = counts.n;
        let mut pairs: FxHashMap<(u32, u32), (u64, u64)> = counts
            .pairs
            .iter()
            .enumerate()
            .filter(|(_, e)| e.0 > 0)
            // Codes of a dictionary of at most 1024 names (the dense table): they fit in u32.
            .map(|(i, e)| (((i / n.max(1)) as u32, (i % n.max(1)) as u32), (e.0, e.1)))
            .collect();
        pairs.extend(counts.sparse.iter().map(|(k, e)| (*k, (e.0, e.1))));
        DfgCounts { names: self.touchpoints.clone(), pairs, starts: counts.starts, ends: counts.ends }
    }
}

/// The directly-follows counts of some customers ([`EventLog::dfg_counts`]): merged with those of other
/// customers ([`DfgCounts::merge`]) and finished ([`DfgCounts::finish`]), they give exactly the
/// [`EventLog::dfg`] of all of them. Touchpoints are kept by name, so parts read into logs of their own
/// merge.
#[derive(Debug, Clone, Default)]
pub struct DfgCounts {
    names: Dictionary,
    /// (source, target) codes → (moves, distinct customers).
    pairs: FxHashMap<(u32, u32), (u64, u64)>,
    /// By touchpoint code.
    starts: Vec<u64>,
    ends: Vec<u64>,
}

impl DfgCounts {
    /// Adds the counts of other customers (disjoint from these).
    pub fn merge(&mut self, other: DfgCounts) {
        let remap = super::discover::remapping(&mut self.names, &other.names);
        let m = |c: u32| remap.as_ref().and_then(|r| r.get(c as usize).copied()).unwrap_or(c);
        for ((a, b), (count, customers)) in other.pairs {
            let e = self.pairs.entry((m(a), m(b))).or_default();
            e.0 += count;
            e.1 += customers;
        }
        let n = self.names.len();
        self.starts.resize(n, 0);
        self.ends.resize(n, 0);
        for (code, (s, e)) in other.starts.into_iter().zip(other.ends).enumerate() {
            // Codes of the other dictionary: below its length, which fits in u32.
            let c = m(code as u32) as usize;
            self.starts[c] += s;
            self.ends[c] += e;
        }
    }

    /// The directly-follows graph of the customers counted.
    pub fn finish(&self) -> Dfg {
        let name = |c: u32| self.names.name(c);
        let transitions = super::conformance::sorted_counts(self.pairs.iter().map(|(k, v)| (*k, *v)), name);
        Dfg {
            transitions,
            starts: super::discover::touchpoint_counts(&self.starts, name),
            ends: super::discover::touchpoint_counts(&self.ends, name),
        }
    }

    /// What the counts add up to, for the bound on merged partials.
    pub(crate) fn counted(&self) -> u128 {
        // Customers (their starts) and events (a start or a move each).
        let customers: u128 = self.starts.iter().map(|c| u128::from(*c)).sum();
        let moves: u128 = self.pairs.values().map(|p| u128::from(p.0)).sum();
        2 * customers + moves
    }

    /// The counts as they travel.
    fn to_wire(&self) -> DfgWire {
        let mut pairs: Vec<(u32, u32, u64, u64)> = self.pairs.iter().map(|(&(a, b), &(n, k))| (a, b, n, k)).collect();
        pairs.sort_unstable();
        let mut starts = self.starts.clone();
        let mut ends = self.ends.clone();
        starts.resize(self.names.len(), 0);
        ends.resize(self.names.len(), 0);
        DfgWire { names: self.names.names().to_vec(), pairs, starts, ends }
    }
}

/// [`DfgCounts`] as they travel (see `docs/partials.md`): touchpoints by name, moves by their codes in sorted
/// order, so that the same counts give the same bytes.
#[derive(Serialize, Deserialize)]
struct DfgWire {
    names: Vec<String>,
    /// (source, target, moves, distinct customers).
    pairs: Vec<(u32, u32, u64, u64)>,
    /// Per touchpoint code: customers who start there, who end there.
    starts: Vec<u64>,
    ends: Vec<u64>,
}

super::wire::through_wire!(DfgCounts, DfgWire);

impl DfgWire {
    /// The counts, once every code is within the dictionary and they add up as those of a pass over a log.
    fn check(self) -> crate::error::Result<DfgCounts> {
        use super::wire::{codes_within, dictionary, ensure};
        let names = dictionary(self.names, "touchpoints of a directly-follows graph")?;
        let n = names.len();
        ensure(self.starts.len() == n && self.ends.len() == n, || {
            format!(
                "a directly-follows graph has {} start and {} end counts for {n} touchpoints",
                self.starts.len(),
                self.ends.len()
            )
        })?;
        let total = |v: &[u64]| v.iter().map(|c| u128::from(*c)).sum::<u128>();
        let customers = total(&self.starts);
        ensure(total(&self.ends) == customers, || {
            "a directly-follows graph's starts and ends do not add up to the same customers".into()
        })?;
        let mut pairs = FxHashMap::default();
        // Per touchpoint: customers who start there and moves into it, against customers who end there and
        // moves out of it — equal at every touchpoint of any customers' paths.
        let mut flow: Vec<(u128, u128)> =
            self.starts.iter().zip(&self.ends).map(|(s, e)| (u128::from(*s), u128::from(*e))).collect();
        for (a, b, count, k) in self.pairs {
            codes_within([a, b], n, "a move's touchpoint")?;
            ensure(count > 0 && k > 0 && k <= count && u128::from(k) <= customers, || {
                "a move counts no moves, or more customers than moves or than the graph has".into()
            })?;
            flow[b as usize].0 += u128::from(count);
            flow[a as usize].1 += u128::from(count);
            ensure(pairs.insert((a, b), (count, k)).is_none(), || "a move is listed twice".into())?;
        }
        ensure(flow.iter().all(|(into, out)| into == out), || {
            "a directly-follows graph's moves into and out of a touchpoint do not match its starts and ends".into()
        })?;
        Ok(DfgCounts { names, pairs, starts: self.starts, ends: self.ends })
    }
}
