//! The solve of the Markov attribution chain: exact by elimination for strongly connected groups of up to
//! [`MAX_COMPONENT_STATES`] states, certified to within [`MARKOV_TOLERANCE`] above.
//!
//! The transient states are split into strongly connected components (petgraph's iterative Kosaraju), and
//! the absorption probabilities `x = Q x + r` are solved component by component, successors first: a
//! component of one state in O(its moves), a component of up to [`MAX_COMPONENT_STATES`] states by dense
//! Gaussian elimination, whose cost does not depend on how slowly the chain mixes, and a larger one by
//! interval iteration.
//!
//! The elimination is the Grassmann–Taksar–Heyman (GTH) variant, written here rather than taken from a
//! linear-algebra crate: a general LU solve of `I - Q` forms the diagonal `1 - q_ii` by subtraction and
//! loses digits exactly on the slow-mixing chains this must get right (a customer alternating two
//! touchpoints 10^6 times gives `1 - q = 10^-6` and a general solve about 10 correct digits). GTH keeps every
//! pivot as a sum of outflows (counted exactly as integers), has no subtraction at all, and needs no
//! pivoting because `I - Q` is a nonsingular M-matrix; the dense work is a few dozen lines.
//!
//! Interval iteration (a component of more than [`MAX_COMPONENT_STATES`] states, typical at order 2 and
//! above): on the component, with the values of the states outside it known, `x` is the least fixed point
//! of the monotone update `T(x) = Q x + r`. Gauss–Seidel sweeps raise a lower bound from 0 and lower an
//! upper bound from 1; every state of a chain built from paths that end can leave the component, so both
//! converge to `x`, and they stop when every state's bounds are at most a share of [`MARKOV_TOLERANCE`]
//! apart (beyond the width of the outside bounds that flow in). The bounds are rigorous, rounding
//! included: the iteration counts probabilities in units of 2^-63 with exact integer sums, rounding each
//! update's one division down for the lower bound and up for the upper one. Every state carries both
//! bounds: a component downstream of an iterated one is solved for both (a dense one twice; its inverse is
//! nonnegative, so the solutions stay in order), and widths only average along the moves, adding at most
//! one share per iterated component, so the start's bounds are at most [`MARKOV_TOLERANCE`] apart. The
//! reported probabilities are the midpoints: the probability of conversion and each probability of
//! conversion without a touchpoint are within `MARKOV_TOLERANCE / 2` of the exact values, and a removal
//! effect `1 - w / p` within about `MARKOV_TOLERANCE / p`. (Dense and single-state components are exact up
//! to their floating-point rounding, a few units in the last place, as before.) Only the time depends on
//! how slowly the chain mixes: the sweeps needed grow with the expected number of steps in the component.
//!
//! Removal effects:
//! - order 1 without iterated components (one state per touchpoint): `P(conversion without s) =
//!   P(conversion) - h_s x_s`, where `x_s` is the absorption probability from `s` and `h_s = N[start, s] /
//!   N[s, s]` the probability of ever reaching `s` (`N` is the fundamental matrix `(I - Q)^-1`).
//!   `N[start, ·]` is one forward solve over the components; `N[s, s]` needs only `s`'s own component.
//!   Everything costs one pass over the chain plus `m^3` for each component of `m > 1` states.
//! - otherwise (a touchpoint is in many states, or a component is iterated): for each touchpoint, the
//!   states that can reach one of its states are solved again without them, component by component; the
//!   other states keep their values. The cost is, per touchpoint, the moves of those states plus `m^3` per
//!   dense component of `m > 1` states among them, or the sweeps of an iterated one. Removing states only
//!   lowers absorption probabilities, so an iterated component starts its upper bounds from the full
//!   chain's (a valid start: `T'(u) <= T(u) <= u`) and its lower bounds from 0.
//!
//! Limits (clean [`Error::Limit`] errors, never a hang): more than [`MAX_REMOVAL_WORK`] dense steps in all
//! for the removal solves (order >= 2, or any order once a group is iterated), and more than
//! [`MAX_ITERATION_WORK`] steps of the interval iteration in all (the message names how far the bounds had
//! come). The removal solves' work of both kinds is estimated before they start, so that a chain too big
//! fails at once. The progress callback is called every few milliseconds of work throughout, so a caller
//! can cancel.

use std::cell::Cell;

use petgraph::graph::{DiGraph, NodeIndex};

use super::progress::Reporter;
use crate::error::{Error, Result};

/// The largest strongly connected component of the Markov chain solved exactly by dense elimination: it
/// takes `8 m^2` bytes and about `m^3` steps (2048 states: 32 MiB, a few seconds). Larger components are
/// solved by interval iteration, to within [`MARKOV_TOLERANCE`].
pub const MAX_COMPONENT_STATES: usize = 2048;

/// The most dense steps (multiply-adds) that the removal solves of a Markov chain (order >= 2, or any
/// order with a component of more than [`MAX_COMPONENT_STATES`] states) may take in all, about a minute of
/// work (checked before they start).
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
    /// What each state's moves to conversion earn: their count, or for a value-weighted chain the sum of
    /// their conversion values divided by the largest value, so that a move earns at most 1 and every
    /// solution stays within 0..=1 (a count is exact in an `f64` up to 2^53).
    pub(crate) conv: Vec<f64>,
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

    fn components(&self) -> Components {
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
            for &s in c {
                of[s as usize] = k as u32;
            }
        }
        Components { members, of }
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

/// The certified accuracy of the Markov probabilities above [`MAX_COMPONENT_STATES`]: the interval
/// iteration stops when the lower and upper bounds of every state are at most this far apart, and the
/// probabilities reported are the midpoints, within half of it of the exact values. 10^-12 keeps twelve
/// digits of any probability, far below the sampling error of a chain fitted to counts, and costs little:
/// the work grows with the logarithm of the tolerance (10^-9 would save only a quarter of it).
pub const MARKOV_TOLERANCE: f64 = 1e-12;

/// The most steps (moves looked at) that the interval iteration of a Markov chain may take in all, for the
/// full chain and the removal of each touchpoint: about a minute of work.
pub const MAX_ITERATION_WORK: u64 = 30_000_000_000;

/// The limits in force on this thread: the largest component solved densely, and the iteration work.
#[derive(Debug, Clone, Copy)]
struct Limits {
    dense: usize,
    work: u64,
}

thread_local! {
    static LIMITS: Cell<(usize, u64)> = const { Cell::new((MAX_COMPONENT_STATES, MAX_ITERATION_WORK)) };
}

fn limits() -> Limits {
    let (dense, work) = LIMITS.with(Cell::get);
    Limits { dense, work }
}

/// Runs `f` with lower Markov limits on this thread: components of more than `dense_states` states are
/// solved by the interval iteration, which may take `iteration_work` steps in all. For the tests of the
/// iteration on chains small enough to check against the dense solve; not part of the API.
#[doc(hidden)]
pub fn with_markov_limits<R>(dense_states: usize, iteration_work: u64, f: impl FnOnce() -> R) -> R {
    struct Restore((usize, u64));
    impl Drop for Restore {
        fn drop(&mut self) {
            LIMITS.with(|l| l.set(self.0));
        }
    }
    let lower = (dense_states.min(MAX_COMPONENT_STATES), iteration_work.min(MAX_ITERATION_WORK));
    let _restore = Restore(LIMITS.with(|l| l.replace(lower)));
    f()
}

/// Bounds `[l, u]` within `[0, top]` and in order (removing a touchpoint never raises a probability above
/// its full chain's upper bound `top`; this only mends the rounding of the floating-point parts).
fn ordered(l: f64, u: f64, top: f64) -> [f64; 2] {
    let u = u.min(top).max(0.0);
    [l.max(0.0).min(u), u]
}

/// The midpoint of two bounds (the bound itself when they are equal).
fn mid(lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) / 2.0
}

/// The interval iteration counts probabilities in units of 2^-63 (`ONE` is probability 1): sums of
/// counts times units are exact in `u128`, and the one rounding of an update, its division, goes down for
/// the lower bound and up for the upper one. The bounds are therefore rigorous, rounding included.
const ONE: u64 = 1 << 63;
/// 2^63.
const SCALE: f64 = 9_223_372_036_854_775_808.0;

/// The largest unit count at most `x` (x in [0, 1]; multiplying by 2^63 is exact, `as` truncates).
fn units_down(x: f64) -> u64 {
    ((x.max(0.0) * SCALE) as u64).min(ONE)
}

/// The smallest unit count at least `x`.
fn units_up(x: f64) -> u64 {
    ((x.max(0.0) * SCALE).ceil() as u64).min(ONE)
}

/// The largest float at most `v` units (`as f64` rounds to nearest: step down when it went up).
fn float_down(v: u64) -> f64 {
    let f = v as f64;
    (if f as u64 > v { f.next_down() } else { f }) / SCALE
}

/// The smallest float at least `v` units.
fn float_up(v: u64) -> f64 {
    let f = v as f64;
    (if (f as u64) < v { f.next_up() } else { f }) / SCALE
}

/// One strongly connected component for the interval iteration: its moves between its own states, in
/// local positions (moves of a state to itself left out: Gauss–Seidel solves each state's own equation).
struct Sparse {
    off: Vec<usize>,
    /// (local target, count), a count above `u32::MAX` split over several entries.
    moves: Vec<[u32; 2]>,
    /// Moves of each state other than to itself: the divisor of its update.
    den: Vec<u64>,
    /// Whether some state moves out of the component (to conversion, null or another component).
    exits: bool,
}

/// The iteration work done so far and its cap.
struct Budget {
    used: u64,
    cap: u64,
}

impl Sparse {
    fn new(chain: &Chain, members: &[u32], scratch: &mut Scratch) -> Sparse {
        for (k, &s) in members.iter().enumerate() {
            scratch.local[s as usize] = k as u32;
        }
        let mut sparse = Sparse {
            off: Vec::with_capacity(members.len() + 1),
            moves: Vec::new(),
            den: Vec::with_capacity(members.len()),
            exits: false,
        };
        sparse.off.push(0);
        for &s in members {
            let i = s as usize;
            let mut inside = 0u64;
            for (j, c) in chain.moves(i) {
                let lj = scratch.local[j];
                if lj != NONE && j != i {
                    inside += c;
                    let mut c = c;
                    while c > 0 {
                        let part = c.min(u64::from(u32::MAX));
                        sparse.moves.push([lj, part as u32]);
                        c -= part;
                    }
                }
            }
            let den = chain.total[i] - chain.stay(i);
            sparse.exits |= den > inside;
            sparse.den.push(den);
            sparse.off.push(sparse.moves.len());
        }
        for &s in members {
            scratch.local[s as usize] = NONE;
        }
        sparse
    }

    /// The work of one sweep: the moves looked at, and the states.
    fn sweep_work(&self) -> u64 {
        (self.moves.len() + self.den.len()) as u64
    }

    /// Gauss–Seidel sweeps of both bounds in state order, until the bounds of every live state are at
    /// most `target` apart (alternating directions, or ordering by the distance to an exit, took as many
    /// sweeps or more on the benchmark's walks and funnels). `v` holds `[lower, upper]` in units: a lower
    /// bound `l` with `T(l) >= l` and an upper bound `u` with `T(u) <= u` (0 and 1 will do, and `[0, 0]`
    /// for the dead states), where `T_i(x) = (b_i + sum_{j != i} c_ij x_j) / den_i` is the update of state
    /// `i` (its own equation solved, so `T_i` does not depend on `x_i`). An update raises `l_i` only up to
    /// `T_i(l)` (rounded down) and lowers `u_i` only down to `T_i(u)` (rounded up); `T` is monotone, so the
    /// invariants hold at every other state too. Hence `l <= T^k(l) <= x <= T^k(u) <= u` for the least
    /// fixed point `x` throughout, and both converge to it because every state leaves the component
    /// eventually (the spectral radius of the moves inside is below 1). A sweep that changes nothing has
    /// reached the rounding floor (about one unit, 10^-19, per expected step in the component) and ends the
    /// iteration; past `budget.cap` steps the answer is a clean [`Error::Limit`].
    #[allow(clippy::too_many_arguments)]
    fn iterate(
        &self,
        v: &mut [[u64; 2]],
        b: &[[u128; 2]],
        dead: &[bool],
        target: u64,
        budget: &mut Budget,
        rep: &mut Reporter<'_>,
        unconverged: &dyn Fn(u64, u64, u64) -> String,
    ) -> Result<u64> {
        let m = self.den.len();
        if !self.exits {
            // A closed class never converts (paths that end cannot make one; this is for safety).
            v.iter_mut().for_each(|x| *x = [0, 0]);
            return Ok(0);
        }
        let mut sweeps = 0u64;
        loop {
            let mut width = 0u64;
            let mut changed = false;
            for i in 0..m {
                if dead[i] {
                    continue;
                }
                let [mut lo, mut hi] = b[i];
                for &[j, c] in &self.moves[self.off[i]..self.off[i + 1]] {
                    let [l, h] = v[j as usize];
                    lo += u128::from(c) * u128::from(l);
                    hi += u128::from(c) * u128::from(h);
                }
                // A member of a group of states moves to another: den > 0 (max for safety).
                let den = u128::from(self.den[i].max(1));
                let (l, h) = ((lo / den) as u64, hi.div_ceil(den) as u64);
                let x = &mut v[i];
                if l > x[0] {
                    x[0] = l;
                    changed = true;
                }
                if h < x[1] {
                    x[1] = h;
                    changed = true;
                }
                width = width.max(x[1].saturating_sub(x[0]));
            }
            sweeps += 1;
            budget.used = budget.used.saturating_add(self.sweep_work());
            rep.work(self.sweep_work())?;
            if width <= target || !changed {
                return Ok(sweeps);
            }
            if budget.used > budget.cap {
                return Err(Error::Limit {
                    what: unconverged(width, target, sweeps),
                    size: budget.used,
                    limit: budget.cap,
                    unit: "steps",
                });
            }
        }
    }
}

/// The constant part `b` of each member's update, in units: its conversions, and its moves out of the
/// component times the bounds of their targets rounded outward; and the widest of those bounds.
fn inputs(
    chain: &Chain,
    members: &[u32],
    inside: impl Fn(usize) -> bool,
    value: impl Fn(usize) -> [f64; 2],
) -> (Vec<[u128; 2]>, u64) {
    let mut widest = 0u64;
    let b = members
        .iter()
        .map(|&s| {
            let i = s as usize;
            // Multiplying by 2^63 is exact; `as` truncates, so the two ends round down and up (a count gives
            // the same whole number of units at both).
            let conv = chain.conv[i] * SCALE;
            let mut b = [conv as u128, conv.ceil() as u128];
            for (j, c) in chain.moves(i).filter(|(j, _)| !inside(*j)) {
                let [l, h] = value(j);
                let (l, h) = (units_down(l), units_up(h));
                b[0] += u128::from(c) * u128::from(l);
                b[1] += u128::from(c) * u128::from(h);
                widest = widest.max(h.saturating_sub(l));
            }
            b
        })
        .collect();
    (b, widest)
}

fn unconverged_message(order: usize, states: usize) -> impl Fn(u64, u64, u64) -> String {
    move |width, target, sweeps| {
        format!(
            "Markov attribution of order {order}: the bounds on a strongly connected group of {states} states \
             (paths that loop through each other) converged to within {:.1e} of the {:.1e} wanted after \
             {sweeps} sweeps",
            width as f64 / SCALE,
            target as f64 / SCALE
        )
    }
}

/// A component solved by the interval iteration: its moves, its bounds in units, and the sweeps they took.
struct Interval {
    comp: u32,
    sparse: Sparse,
    bounds: Vec<[u64; 2]>,
    sweeps: u64,
}

/// The absorption probabilities of the full chain as bounds (equal, up to rounding, where nothing
/// downstream took the interval iteration), and for order 1 the probability of ever reaching each state.
struct Full {
    lo: Vec<f64>,
    hi: Vec<f64>,
    reach: Option<Vec<f64>>,
    /// The components solved by the interval iteration, in component order.
    interval: Vec<Interval>,
    /// The share of [`MARKOV_TOLERANCE`] that each of them may add to the width of the bounds, in units.
    share: u64,
}

fn solve_full(
    chain: &Chain,
    comps: &Components,
    with_reach: bool,
    limits: Limits,
    budget: &mut Budget,
    rep: &mut Reporter<'_>,
) -> Result<Full> {
    let n = chain.n();
    let mut scratch = Scratch { local: vec![NONE; n] };
    let mut lo = vec![0.0f64; n];
    let mut hi = vec![0.0f64; n];
    // Widths add along a path of iterated components, at most one share each: the start's bounds end up
    // at most MARKOV_TOLERANCE apart.
    let iterated = comps.members.iter().filter(|c| c.len() > limits.dense).count() as u64;
    let share = ((MARKOV_TOLERANCE * SCALE) as u64).checked_div(iterated).unwrap_or(0).max(1);
    let mut interval = Vec::new();
    // z_i: expected visits of i divided by its total; diag_i: the diagonal of (I - Q)^-1 in counts.
    let mut diag = vec![0.0f64; if with_reach { n } else { 0 }];
    for (k, c) in comps.members.iter().enumerate() {
        let outside = |j: usize| comps.of[j] as usize != k;
        if let [s] = c[..] {
            let i = s as usize;
            let (mut low, mut high) = (0.0f64, 0.0f64);
            for (j, c) in chain.moves(i).filter(|(j, _)| *j != i) {
                low += c as f64 * lo[j];
                high += c as f64 * hi[j];
            }
            let leave = (chain.total[i] - chain.stay(i)) as f64;
            let conv = chain.conv[i];
            lo[i] = (conv + low) / leave;
            hi[i] = (conv + high) / leave;
            if with_reach {
                diag[i] = 1.0 / leave;
            }
            rep.work(1 + (chain.off[i + 1] - chain.off[i]) as u64)?;
            continue;
        }
        if c.len() > limits.dense {
            let sparse = Sparse::new(chain, c, &mut scratch);
            let (b, widest) = inputs(chain, c, |j| !outside(j), |j| [lo[j], hi[j]]);
            let mut bounds = vec![[0, ONE]; c.len()];
            let sweeps = sparse.iterate(
                &mut bounds,
                &b,
                &vec![false; c.len()],
                widest.saturating_add(share),
                budget,
                rep,
                &unconverged_message(chain.order, c.len()),
            )?;
            for (&s, x) in c.iter().zip(&bounds) {
                lo[s as usize] = float_down(x[0]);
                hi[s as usize] = float_up(x[1]);
            }
            interval.push(Interval { comp: k as u32, sparse, bounds, sweeps });
            continue;
        }
        let dense = Dense::factor(chain, c, &mut scratch, rep)?;
        let rhs = |x: &[f64]| -> Vec<f64> {
            c.iter()
                .map(|&s| {
                    let i = s as usize;
                    let moved: f64 = chain.moves(i).filter(|(j, _)| outside(*j)).map(|(j, c)| c as f64 * x[j]).sum();
                    chain.conv[i] + moved
                })
                .collect()
        };
        let (mut low, mut high) = (rhs(&lo), rhs(&hi));
        solve_pair(&dense, &mut low, &mut high);
        for ((&s, l), h) in c.iter().zip(low).zip(high) {
            lo[s as usize] = l;
            hi[s as usize] = h;
        }
        if with_reach {
            for (&s, v) in c.iter().zip(dense.inverse_diagonal(rep)?) {
                diag[s as usize] = v;
            }
        }
    }
    if !with_reach {
        return Ok(Full { lo, hi, reach: None, interval, share });
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
    Ok(Full { lo, hi, reach: Some(reach), interval, share })
}

/// Solves a dense component for the right-hand sides of both bounds (once when they are the same): the
/// inverse of `I - Q` is nonnegative, so the solutions keep the order of the sides.
fn solve_pair(dense: &Dense, low: &mut Vec<f64>, high: &mut Vec<f64>) {
    if low == high {
        dense.solve(low);
        high.clone_from(low);
        return;
    }
    dense.solve(low);
    dense.solve(high);
    for (l, h) in low.iter_mut().zip(high.iter_mut()) {
        if *l > *h {
            std::mem::swap(l, h);
        }
    }
}

/// The probability of conversion from the start, and for each touchpoint (in the order of `touchpoints`,
/// with `holders[k]` the states that contain touchpoint `k`) the probability of conversion without it.
pub(crate) fn conversion_without(chain: &Chain, holders: &[&[u32]], rep: &mut Reporter<'_>) -> Result<(f64, Vec<f64>)> {
    let limits = limits();
    let comps = chain.components();
    rep.total = holders.len() as u64 + 1;
    rep.report()?;
    let iterated = comps.members.iter().any(|c| c.len() > limits.dense);
    let single = chain.order == 1 && holders.iter().all(|h| h.len() == 1) && !iterated;
    let mut budget = Budget { used: 0, cap: limits.work };
    let full = solve_full(chain, &comps, single, limits, &mut budget, rep)?;
    let st = chain.start;
    let p = mid(full.lo[st], full.hi[st]);
    rep.step(0)?;
    if let Some(reach) = &full.reach {
        // Every component was solved exactly: the bounds are equal.
        let mut without = Vec::with_capacity(holders.len());
        for h in holders {
            let s = h[0] as usize;
            without.push((p - reach[s] * full.lo[s]).max(0.0));
            rep.step(1)?;
        }
        return Ok((p, without));
    }
    removal_solves(chain, &comps, holders, &full, limits, &mut budget, rep).map(|w| (p, w))
}

/// For each touchpoint, the chain solved again without its states, over the states that can reach them
/// (order >= 2, or a component too large to solve densely). A state alone in its component changes by
/// the changes of its successors only (`x_i - x'_i = sum_j c_ij (x_j - x'_j) / (total_i - c_ii)`, for each
/// bound), pushed along the moves into it, so a hub with many successors costs O(1) per touchpoint; a
/// larger component is solved again over its live states, densely or by the interval iteration started
/// from the full chain's upper bounds.
fn removal_solves(
    chain: &Chain,
    comps: &Components,
    holders: &[&[u32]],
    full: &Full,
    limits: Limits,
    budget: &mut Budget,
    rep: &mut Reporter<'_>,
) -> Result<Vec<f64>> {
    let n = chain.n();
    let (lo, hi) = (&full.lo, &full.hi);
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
    let iterated = |c: u32| full.interval.binary_search_by_key(&c, |x| x.comp).ok().map(|k| &full.interval[k]);
    let dense_cost = |c: &[u32]| -> u64 {
        let m = c.len() as u64;
        if m > 1 && c.len() <= limits.dense {
            let moves: usize = c.iter().map(|&s| chain.off[s as usize + 1] - chain.off[s as usize]).sum();
            m * m * m + moves as u64
        } else {
            0
        }
    };
    // First the cost, so that a chain too big to solve fails at once rather than after minutes: dense
    // steps exactly, and the iteration as many sweeps per component as the full chain took (without a
    // touchpoint the chain has more exits, and the upper bounds start from the full chain's).
    let mut work = 0u64;
    let mut iteration = budget.used;
    for (k, h) in holders.iter().enumerate() {
        let (found, looked) = affected(h, 2 * k as u32 + 1);
        work = work.saturating_add(looked);
        for c in found {
            work = work.saturating_add(dense_cost(&comps.members[c as usize]));
            if let Some(x) = iterated(c) {
                iteration = iteration.saturating_add(x.sweeps.saturating_mul(x.sparse.sweep_work()));
            }
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
        if iteration > budget.cap {
            // Stop counting here (the count itself costs a pass per touchpoint) and scale it to all of them.
            let counted = u128::from(iteration - budget.used);
            let all = counted * holders.len() as u128 / (k as u128 + 1);
            return Err(Error::Limit {
                what: format!(
                    "Markov attribution of order {}: removing each touchpoint in turn (bound iteration steps, \
                     about, estimated from the sweeps of the full chain)",
                    chain.order
                ),
                size: budget.used.saturating_add(u64::try_from(all).unwrap_or(u64::MAX)),
                limit: budget.cap,
                unit: "steps",
            });
        }
    }
    let mut scratch = Scratch { local: vec![NONE; n] };
    let mut dead = vec![0u32; n];
    let mut pad = Changes {
        changed: vec![0u32; n],
        new: vec![[0.0f64; 2]; n],
        pushed: vec![0u32; n],
        acc: vec![[0.0f64; 2]; n],
        epoch: 0,
    };
    let mut without = Vec::with_capacity(holders.len());
    for (k, h) in holders.iter().enumerate() {
        let epoch = 2 * k as u32 + 2;
        pad.epoch = epoch;
        let (found, looked) = affected(h, epoch);
        let mut spent = looked;
        for &s in *h {
            dead[s as usize] = epoch;
            pad.set(s as usize, [0.0; 2], lo, hi, preds(s as usize));
        }
        for c in found {
            let members = &comps.members[c as usize];
            if let [s] = members[..] {
                let i = s as usize;
                if dead[i] != epoch {
                    let a = pad.pushed_to(i);
                    let leave = (chain.total[i] - chain.stay(i)) as f64;
                    let x = ordered(lo[i] - a[0] / leave, hi[i] - a[1] / leave, hi[i]);
                    pad.set(i, x, lo, hi, preds(i));
                }
                continue;
            }
            if let Some(x) = iterated(c) {
                let dead_here: Vec<bool> = members.iter().map(|&s| dead[s as usize] == epoch).collect();
                let (b, widest) = inputs(chain, members, |j| comps.of[j] == c, |j| pad.value(j, lo, hi));
                // Without the touchpoint every absorption probability is at most what it was, so the full
                // chain's upper bounds `u` (with `T(u) <= u`) satisfy `T'(u) <= T(u) <= u` for the update
                // `T'` without it (its terms are those of `T` or 0, its outside bounds at most the full
                // chain's): they are a valid start; the lower bounds start from 0.
                let mut bounds: Vec<[u64; 2]> =
                    x.bounds.iter().zip(&dead_here).map(|(x, d)| if *d { [0, 0] } else { [0, x[1]] }).collect();
                x.sparse.iterate(
                    &mut bounds,
                    &b,
                    &dead_here,
                    widest.saturating_add(full.share),
                    budget,
                    rep,
                    &unconverged_message(chain.order, members.len()),
                )?;
                for ((&s, b), d) in members.iter().zip(&bounds).zip(&dead_here) {
                    if !d {
                        let i = s as usize;
                        pad.set(i, ordered(float_down(b[0]), float_up(b[1]), hi[i]), lo, hi, preds(i));
                    }
                }
                continue;
            }
            spent += dense_cost(members);
            let live: Vec<u32> = members.iter().copied().filter(|s| dead[*s as usize] != epoch).collect();
            if live.is_empty() {
                continue;
            }
            let rhs = |side: usize| -> Vec<f64> {
                live.iter()
                    .map(|&s| {
                        let i = s as usize;
                        let moved: f64 = chain
                            .moves(i)
                            .filter(|(j, _)| comps.of[*j] != c)
                            .map(|(j, cnt)| cnt as f64 * pad.value(j, lo, hi)[side])
                            .sum();
                        chain.conv[i] + moved
                    })
                    .collect()
            };
            let (mut low, mut high) = (rhs(0), rhs(1));
            let dense = Dense::factor(chain, &live, &mut scratch, rep)?;
            solve_pair(&dense, &mut low, &mut high);
            for ((&s, l), u) in live.iter().zip(low).zip(high) {
                let i = s as usize;
                pad.set(i, ordered(l, u, hi[i]), lo, hi, preds(i));
            }
        }
        without.push(mid(pad.value(chain.start, lo, hi)[0], pad.value(chain.start, lo, hi)[1]));
        rep.step(spent)?;
    }
    Ok(without)
}

/// The bounds changed by removing one touchpoint (stamped with its epoch), and the changes pushed to the
/// states that move into them.
struct Changes {
    changed: Vec<u32>,
    new: Vec<[f64; 2]>,
    pushed: Vec<u32>,
    acc: Vec<[f64; 2]>,
    epoch: u32,
}

impl Changes {
    /// The bounds of state `j` without the touchpoint.
    fn value(&self, j: usize, lo: &[f64], hi: &[f64]) -> [f64; 2] {
        if self.changed[j] == self.epoch { self.new[j] } else { [lo[j], hi[j]] }
    }

    /// The sums `sum_j c_ij (x_j - x'_j)` pushed to state `i`, for each bound.
    fn pushed_to(&self, i: usize) -> [f64; 2] {
        if self.pushed[i] == self.epoch { self.acc[i] } else { [0.0; 2] }
    }

    /// Sets the bounds of state `i` and pushes their changes to the states that move into it.
    fn set(&mut self, i: usize, x: [f64; 2], lo: &[f64], hi: &[f64], preds: &[(u32, u64)]) {
        self.changed[i] = self.epoch;
        self.new[i] = x;
        let d = [lo[i] - x[0], hi[i] - x[1]];
        for &(p, c) in preds {
            let p = p as usize;
            if p != i {
                if self.pushed[p] != self.epoch {
                    self.pushed[p] = self.epoch;
                    self.acc[p] = [0.0; 2];
                }
                self.acc[p][0] += c as f64 * d[0];
                self.acc[p][1] += c as f64 * d[1];
            }
        }
    }
}

/// The probability of conversion from every state of `chain` (the what-if analyses solve modified chains
/// with it): one pass over the chain plus `m^3` per component of `m > 1` states; exact up to
/// [`MAX_COMPONENT_STATES`] states per component, within [`MARKOV_TOLERANCE`] above (the midpoint of the
/// certified bounds).
pub(crate) fn absorption(chain: &Chain, rep: &mut Reporter<'_>) -> Result<Vec<f64>> {
    let limits = limits();
    let comps = chain.components();
    let mut budget = Budget { used: 0, cap: limits.work };
    let full = solve_full(chain, &comps, false, limits, &mut budget, rep)?;
    Ok(full.lo.iter().zip(&full.hi).map(|(l, h)| mid(*l, *h)).collect())
}
