//! The directly-follows graph alone: counts of moves, starts and ends, without durations or variants.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::conformance::PathCount;
use super::discover::TouchpointCount;
use super::log::EventLog;

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
    sparse: rustc_hash::FxHashMap<(u32, u32), (u64, u64, usize)>,
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
        let counts = super::log::in_chunks(self, Counts::of, Counts::merge);
        let name = |c: usize| self.touchpoints.name(c as u32).to_owned();
        let n = counts.n;
        let mut transitions: Vec<PathCount> = counts
            .pairs
            .iter()
            .enumerate()
            .filter(|(_, e)| e.0 > 0)
            .map(|(i, e)| (i / n.max(1), i % n.max(1), e))
            .chain(counts.sparse.iter().map(|((a, b), e)| (*a as usize, *b as usize, e)))
            .map(|(a, b, e)| PathCount { source: name(a), target: name(b), count: e.0, customers: e.1 })
            .collect();
        transitions
            .sort_by(|x, y| y.count.cmp(&x.count).then_with(|| (&x.source, &x.target).cmp(&(&y.source, &y.target))));
        let list = |v: &[u64]| {
            let mut out: Vec<TouchpointCount> = v
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(t, c)| TouchpointCount { touchpoint: name(t), count: *c })
                .collect();
            out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.touchpoint.cmp(&b.touchpoint)));
            out
        };
        Dfg { transitions, starts: list(&counts.starts), ends: list(&counts.ends) }
    }
}
