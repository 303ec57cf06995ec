//! The exact solve of the Markov attribution chain.
//!
//! The transient states are split into strongly connected components (petgraph's iterative Kosaraju), and
//! the absorption probabilities `x = Q x + r` are solved component by component, successors first: a
//! component of one state in O(its moves), a larger one by dense Gaussian elimination. The cost does not
//! depend on how slowly the chain mixes.
//!
//! The elimination is the Grassmann–Taksar–Heyman (GTH) variant, written here rather than taken from a
//! linear-algebra crate: a general LU solve of `I - Q` forms the diagonal `1 - q_ii` by subtraction and
//! loses digits exactly on the slow-mixing chains this must get right (a customer alternating two
//! touchpoints 10^6 times gives `1 - q = 10^-6` and a general solve about 10 correct digits). GTH keeps every
//! pivot as a sum of outflows (counted exactly as integers), has no subtraction at all, and needs no
//! pivoting because `I - Q` is a nonsingular M-matrix; the dense work is a few dozen lines.
//!
//! Removal effects:
//! - order 1 (one state per touchpoint): `P(conversion without s) = P(conversion) - h_s x_s`, where `x_s`
//!   is the absorption probability from `s` and `h_s = N[start, s] / N[s, s]` the probability of ever
//!   reaching `s` (`N` is the fundamental matrix `(I - Q)^-1`). `N[start, ·]` is one forward solve over the
//!   components; `N[s, s]` needs only `s`'s own component. Everything costs one pass over the chain plus
//!   `m^3` for each component of `m > 1` states.
//! - order >= 2 (a touchpoint is in many states): for each touchpoint, the states that can reach one of its
//!   states are solved again without them, component by component; the other states keep their values. The
//!   cost is, per touchpoint, the moves of those states plus `m^3` per component of `m > 1` states among
//!   them.
//!
//! Limits (clean [`Error::Limit`] errors, never a hang): a component of more than
//! [`MAX_COMPONENT_STATES`] states, and at order >= 2 more than [`MAX_REMOVAL_WORK`] dense steps in all.

use petgraph::graph::{DiGraph, NodeIndex};

use super::progress::Reporter;
use crate::error::{Error, Result};

/// The largest strongly connected component of the Markov chain that attribution solves: its dense solve
/// takes `8 m^2` bytes and about `m^3` steps (2048 states: 32 MiB, a few seconds).
pub const MAX_COMPONENT_STATES: usize = 2048;

/// The most dense steps (multiply-adds) that the removal solves of a Markov chain of order >= 2 may take
/// in all, about a minute of work.
pub const MAX_REMOVAL_WORK: u64 = 50_000_000_000;

/// An absorbing chain over transient states `0..n`, with move counts.
pub(crate) struct Chain {
    /// Moves of state `i` to transient states are `to[off[i]..off[i + 1]]` with `count`, sorted by target.
    pub(crate) off: Vec<usize>,
    /// Targets.
    pub(crate) to: Vec<u32>,
    /// Counts.
    pub(crate) count: Vec<u64>,
    /// All moves out of each state (to transient states, conversion and null).
    pub(crate) total: Vec<u64>,
    /// Moves of each state to conversion.
    pub(crate) conv: Vec<u64>,
    /// The start state.
    pub(crate) start: usize,
    /// The order of the chain (for messages).
    pub(crate) order: usize,
}

/// Strongly connected components in an order where every component comes after those it moves to.
struct Components {
    /// Members of each component, in state order.
    members: Vec<Vec<u32>>,
    /// The component of each state.
    of: Vec<u32>,
}

impl Chain {
    fn n(&self) -> usize {
        self.total.len()
    }

    fn moves(&self, i: usize) -> impl Iterator<Item = (usize, u64)> + '_ {
        let r = self.off[i]..self.off[i + 1];
        self.to[r.clone()].iter().map(|j| *j as usize).zip(self.count[r].iter().copied())
    }

    /// Moves of `i` to itself (targets are sorted: a binary search, so a hub costs O(log moves)).
    fn stay(&self, i: usize) -> u64 {
        let (from, to) = (self.off[i], self.off[i + 1]);
        self.to[from..to].binary_search(&(i as u32)).map_or(0, |k| self.count[from + k])
    }

    fn components(&self) -> Result<Components> {
        let n = self.n();
        let mut g: DiGraph<(), (), u32> = DiGraph::with_capacity(n, self.to.len());
        for _ in 0..n {
            g.add_node(());
        }
        for i in 0..n {
            for (j, _) in self.moves(i).filter(|(j, _)| *j != i) {
                g.add_edge(NodeIndex::new(i), NodeIndex::new(j), ());
            }
        }
        // Kosaraju's algorithm in petgraph is iterative (its Tarjan is recursive, and a path of 10^6 states
        // would overflow the stack); it gives the components successors first.
        let mut members: Vec<Vec<u32>> = petgraph::algo::kosaraju_scc(&g)
            .into_iter()
            .map(|c| {
                let mut m: Vec<u32> = c.into_iter().map(|v| v.index() as u32).collect();
                m.sort_unstable();
                m
            })
            .collect();
        members.shrink_to_fit();
        let mut of = vec![0u32; n];
        for (k, c) in members.iter().enumerate() {
            if c.len() > MAX_COMPONENT_STATES {
                return Err(Error::Limit {
                    what: format!(
                        "Markov attribution of order {}: a strongly connected group of states (paths that loop \
                         through each other)",
                        self.order
                    ),
                    size: c.len() as u64,
                    limit: MAX_COMPONENT_STATES as u64,
                    unit: "states",
                });
            }
            for &s in c {
                of[s as usize] = k as u32;
            }
        }
        Ok(Components { members, of })
    }
}

/// The GTH factors of `I - Q` over one set of states, in counts (each row scaled by its state's total):
/// above the diagonal the remaining move counts, below it the elimination factors, and the pivots.
struct Dense {
    m: usize,
    a: Vec<f64>,
    pivot: Vec<f64>,
}

/// The local position of each state in the set being factored (`NONE` outside it).
struct Scratch {
    local: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl Dense {
    /// Factors `I - Q` over `set` (states in order), where moves to states outside `set` leave it.
    fn factor(chain: &Chain, set: &[u32], scratch: &mut Scratch, rep: &mut Reporter<'_>) -> Result<Dense> {
        let m = set.len();
        for (k, &s) in set.iter().enumerate() {
            scratch.local[s as usize] = k as u32;
        }
        let mut a = vec![0.0f64; m * m];
        let mut out = vec![0.0f64; m];
        for (li, &s) in set.iter().enumerate() {
            let i = s as usize;
            let mut inside = 0u64;
            for (j, c) in chain.moves(i) {
                let lj = scratch.local[j];
                if lj != NONE {
                    inside += c;
                    if j != i {
                        a[li * m + lj as usize] = c as f64;
                    }
                }
            }
            // Moves out of the set (to conversion, null, or other states), counted exactly.
            out[li] = (chain.total[i] - inside) as f64;
        }
        for &s in set {
            scratch.local[s as usize] = NONE;
        }
        let mut pivot = vec![0.0f64; m];
        for k in 0..m {
            let (top, bottom) = a.split_at_mut((k + 1) * m);
            let row_k = &top[k * m..];
            // The pivot is the state's outflow: out of the set plus to states not yet eliminated.
            let d = (out[k] + row_k[k + 1..].iter().sum::<f64>()).max(f64::MIN_POSITIVE);
            pivot[k] = d;
            for (r, row_i) in bottom.chunks_exact_mut(m).enumerate() {
                let i = k + 1 + r;
                if row_i[k] == 0.0 {
                    continue;
                }
                let f = row_i[k] / d;
                row_i[k] = f;
                out[i] += f * out[k];
                // The move back to i itself lands on the diagonal, which is never read: a pivot is the sum
                // of the outflows, not `1 - q_ii`.
                for (x, y) in row_i[k + 1..].iter_mut().zip(&row_k[k + 1..]) {
                    *x += f * y;
                }
            }
            rep.work(((m - k) * (m - k)) as u64)?;
        }
        Ok(Dense { m, a, pivot })
    }

    /// Solves `(I - Q) x = b` (b in counts: moves to conversion plus moves out weighted by their targets'
    /// values); `b` becomes `x`.
    fn solve(&self, b: &mut [f64]) {
        let (m, a) = (self.m, &self.a);
        for k in 0..m {
            let bk = b[k];
            for i in k + 1..m {
                b[i] += a[i * m + k] * bk;
            }
        }
        for k in (0..m).rev() {
            let s: f64 = (k + 1..m).map(|j| a[k * m + j] * b[j]).sum();
            b[k] = (b[k] + s) / self.pivot[k];
        }
    }

    /// Solves `z^T (I - Q) = g^T` (g the expected arrivals from outside, z the expected visits divided by
    /// the state's total); `g` becomes `z`.
    fn solve_transposed(&self, g: &mut [f64]) {
        let (m, a) = (self.m, &self.a);
        for k in 0..m {
            let s: f64 = (0..k).map(|l| a[l * m + k] * g[l]).sum();
            g[k] = (g[k] + s) / self.pivot[k];
        }
        for k in (0..m).rev() {
            let s: f64 = (k + 1..m).map(|i| a[i * m + k] * g[i]).sum();
            g[k] += s;
        }
    }

    /// The diagonal of `(I - Q)^-1` in counts (divide by nothing: `h = z / diag`).
    fn inverse_diagonal(&self, rep: &mut Reporter<'_>) -> Result<Vec<f64>> {
        let (m, a) = (self.m, &self.a);
        let mut u = vec![0.0f64; m];
        let mut w = vec![0.0f64; m];
        let mut diag = vec![0.0f64; m];
        for s in 0..m {
            u[s] = 1.0 / self.pivot[s];
            w[s] = 1.0;
            for k in s + 1..m {
                let su: f64 = (s..k).map(|l| a[l * m + k] * u[l]).sum();
                u[k] = su / self.pivot[k];
                w[k] = (s..k).map(|l| a[k * m + l] * w[l]).sum();
            }
            diag[s] = (s..m).map(|k| u[k] * w[k]).sum();
            rep.work(((m - s) * (m - s)) as u64)?;
        }
        Ok(diag)
    }
}

/// The absorption probabilities of the full chain, and for order 1 the probability of ever reaching
/// each state.
struct Full {
    x: Vec<f64>,
    reach: Option<Vec<f64>>,
}

fn solve_full(chain: &Chain, comps: &Components, with_reach: bool, rep: &mut Reporter<'_>) -> Result<Full> {
    let n = chain.n();
    let mut scratch = Scratch { local: vec![NONE; n] };
    let mut x = vec![0.0f64; n];
    // z_i: expected visits of i divided by its total; diag_i: the diagonal of (I - Q)^-1 in counts.
    let mut diag = vec![0.0f64; if with_reach { n } else { 0 }];
    for (k, c) in comps.members.iter().enumerate() {
        let outside = |j: usize| comps.of[j] as usize != k;
        if let [s] = c[..] {
            let i = s as usize;
            let moved: f64 = chain.moves(i).filter(|(j, _)| *j != i).map(|(j, c)| c as f64 * x[j]).sum();
            let leave = (chain.total[i] - chain.stay(i)) as f64;
            x[i] = (chain.conv[i] as f64 + moved) / leave;
            if with_reach {
                diag[i] = 1.0 / leave;
            }
            rep.work(1 + (chain.off[i + 1] - chain.off[i]) as u64)?;
            continue;
        }
        let dense = Dense::factor(chain, c, &mut scratch, rep)?;
        let mut b: Vec<f64> = c
            .iter()
            .map(|&s| {
                let i = s as usize;
                let moved: f64 = chain.moves(i).filter(|(j, _)| outside(*j)).map(|(j, c)| c as f64 * x[j]).sum();
                chain.conv[i] as f64 + moved
            })
            .collect();
        dense.solve(&mut b);
        for (&s, v) in c.iter().zip(b) {
            x[s as usize] = v;
        }
        if with_reach {
            for (&s, v) in c.iter().zip(dense.inverse_diagonal(rep)?) {
                diag[s as usize] = v;
            }
        }
    }
    if !with_reach {
        return Ok(Full { x, reach: None });
    }
    // Forward: expected arrivals g, from the start, predecessors first.
    let mut g = vec![0.0f64; n];
    g[chain.start] = 1.0;
    let mut z = vec![0.0f64; n];
    for (k, c) in comps.members.iter().enumerate().rev() {
        if let [s] = c[..] {
            let i = s as usize;
            z[i] = g[i] * diag[i];
        } else {
            let dense = Dense::factor(chain, c, &mut scratch, rep)?;
            let mut local: Vec<f64> = c.iter().map(|&s| g[s as usize]).collect();
            dense.solve_transposed(&mut local);
            for (&s, v) in c.iter().zip(local) {
                z[s as usize] = v;
            }
        }
        for &s in c {
            let i = s as usize;
            for (j, cnt) in chain.moves(i) {
                if comps.of[j] as usize != k {
                    g[j] += z[i] * cnt as f64;
                }
            }
        }
        rep.work(c.len() as u64)?;
    }
    let reach = z.iter().zip(&diag).map(|(z, d)| if *d > 0.0 { (z / d).min(1.0) } else { 0.0 }).collect();
    Ok(Full { x, reach: Some(reach) })
}

/// The probability of conversion from the start, and for each touchpoint (in the order of `touchpoints`,
/// with `holders[k]` the states that contain touchpoint `k`) the probability of conversion without it.
pub(crate) fn conversion_without(chain: &Chain, holders: &[&[u32]], rep: &mut Reporter<'_>) -> Result<(f64, Vec<f64>)> {
    let comps = chain.components()?;
    rep.total = holders.len() as u64 + 1;
    rep.report()?;
    let single = chain.order == 1 && holders.iter().all(|h| h.len() == 1);
    let full = solve_full(chain, &comps, single, rep)?;
    let p = full.x[chain.start];
    rep.step(0)?;
    if let Some(reach) = &full.reach {
        let mut without = Vec::with_capacity(holders.len());
        for h in holders {
            let s = h[0] as usize;
            without.push((p - reach[s] * full.x[s]).max(0.0));
            rep.step(1)?;
        }
        return Ok((p, without));
    }
    removal_solves(chain, &comps, holders, &full.x, rep).map(|w| (p, w))
}

/// Order >= 2: for each touchpoint, the chain solved again without its states, over the states that can
/// reach them. A state alone in its component changes by the changes of its successors only
/// (`x_i - x'_i = sum_j c_ij (x_j - x'_j) / (total_i - c_ii)`), pushed along the moves into it, so a hub
/// with many successors costs O(1) per touchpoint; a larger component is solved again over its live
/// states.
fn removal_solves(
    chain: &Chain,
    comps: &Components,
    holders: &[&[u32]],
    x: &[f64],
    rep: &mut Reporter<'_>,
) -> Result<Vec<f64>> {
    let n = chain.n();
    // Moves into each state: (source, count).
    let mut pred_off = vec![0usize; n + 1];
    for &j in &chain.to {
        pred_off[j as usize + 1] += 1;
    }
    for i in 0..n {
        pred_off[i + 1] += pred_off[i];
    }
    let mut pred = vec![(0u32, 0u64); chain.to.len()];
    let mut next = pred_off.clone();
    for i in 0..n {
        for (j, c) in chain.moves(i) {
            pred[next[j]] = (i as u32, c);
            next[j] += 1;
        }
    }
    drop(next);
    let preds = |j: usize| &pred[pred_off[j]..pred_off[j + 1]];
    let mut seen = vec![0u32; n];
    let mut comp_seen = vec![0u32; comps.members.len()];
    // The components that can reach a state of `h`, successors first, and the moves looked at.
    let mut affected = |h: &[u32], epoch: u32| -> (Vec<u32>, u64) {
        let mut stack: Vec<u32> = Vec::new();
        let mut found = Vec::new();
        let mut looked = 0u64;
        for &s in h {
            if seen[s as usize] != epoch {
                seen[s as usize] = epoch;
                stack.push(s);
            }
        }
        while let Some(s) = stack.pop() {
            let c = comps.of[s as usize];
            if comp_seen[c as usize] != epoch {
                comp_seen[c as usize] = epoch;
                found.push(c);
            }
            let p = preds(s as usize);
            looked += p.len() as u64 + 1;
            for &(p, _) in p {
                if seen[p as usize] != epoch {
                    seen[p as usize] = epoch;
                    stack.push(p);
                }
            }
        }
        found.sort_unstable();
        (found, looked)
    };
    let dense_cost = |c: &[u32]| -> u64 {
        let m = c.len() as u64;
        if m > 1 {
            let moves: usize = c.iter().map(|&s| chain.off[s as usize + 1] - chain.off[s as usize]).sum();
            m * m * m + moves as u64
        } else {
            0
        }
    };
    // First the cost, so that a chain too big to solve fails at once rather than after minutes.
    let mut work = 0u64;
    for (k, h) in holders.iter().enumerate() {
        let (found, looked) = affected(h, 2 * k as u32 + 1);
        work = work.saturating_add(looked);
        for c in found {
            work = work.saturating_add(dense_cost(&comps.members[c as usize]));
        }
        if work > MAX_REMOVAL_WORK {
            return Err(Error::Limit {
                what: format!(
                    "Markov attribution of order {}: removing each touchpoint in turn (dense solve steps)",
                    chain.order
                ),
                size: work,
                limit: MAX_REMOVAL_WORK,
                unit: "steps",
            });
        }
    }
    let mut scratch = Scratch { local: vec![NONE; n] };
    // Per touchpoint (stamped with its epoch): dead states, changes `x - x'`, and pushed sums of changes.
    let mut dead = vec![0u32; n];
    let mut changed = vec![0u32; n];
    let mut delta = vec![0.0f64; n];
    let mut pushed = vec![0u32; n];
    let mut acc = vec![0.0f64; n];
    let mut without = Vec::with_capacity(holders.len());
    for (k, h) in holders.iter().enumerate() {
        let epoch = 2 * k as u32 + 2;
        let (found, looked) = affected(h, epoch);
        let mut spent = looked;
        // Pushes the change of state j to the states that move into it.
        let push = |j: usize, d: f64, acc: &mut [f64], pushed: &mut [u32]| {
            for &(i, c) in preds(j) {
                let i = i as usize;
                if i != j {
                    if pushed[i] != epoch {
                        pushed[i] = epoch;
                        acc[i] = 0.0;
                    }
                    acc[i] += c as f64 * d;
                }
            }
        };
        for &s in *h {
            let j = s as usize;
            dead[j] = epoch;
            changed[j] = epoch;
            delta[j] = x[j];
            push(j, x[j], &mut acc, &mut pushed);
        }
        for c in found {
            let members = &comps.members[c as usize];
            if let [s] = members[..] {
                let i = s as usize;
                if dead[i] != epoch {
                    let d = if pushed[i] == epoch { acc[i] } else { 0.0 };
                    let d = d / (chain.total[i] - chain.stay(i)) as f64;
                    changed[i] = epoch;
                    delta[i] = d;
                    push(i, d, &mut acc, &mut pushed);
                }
                continue;
            }
            spent += dense_cost(members);
            let live: Vec<u32> = members.iter().copied().filter(|s| dead[*s as usize] != epoch).collect();
            if live.is_empty() {
                continue;
            }
            let value = |j: usize| if changed[j] == epoch { x[j] - delta[j] } else { x[j] };
            let mut b: Vec<f64> = live
                .iter()
                .map(|&s| {
                    let i = s as usize;
                    let moved: f64 =
                        chain.moves(i).filter(|(j, _)| comps.of[*j] != c).map(|(j, cnt)| cnt as f64 * value(j)).sum();
                    chain.conv[i] as f64 + moved
                })
                .collect();
            let dense = Dense::factor(chain, &live, &mut scratch, rep)?;
            dense.solve(&mut b);
            for (&s, v) in live.iter().zip(b) {
                let i = s as usize;
                let d = x[i] - v;
                changed[i] = epoch;
                delta[i] = d;
                push(i, d, &mut acc, &mut pushed);
            }
        }
        let st = chain.start;
        without.push(if changed[st] == epoch { x[st] - delta[st] } else { x[st] });
        rep.step(spent)?;
    }
    Ok(without)
}
