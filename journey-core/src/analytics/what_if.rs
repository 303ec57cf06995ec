//! What if customers behaved differently at a touchpoint: conversions and value before and after.
//!
//! The model is the absorbing Markov chain of order 1 of the observed paths, the one Markov attribution
//! uses: a state per touchpoint (consecutive repeats collapsed), every path starting in `start` and ending
//! in `conversion` (a customer who converted: their path is what came before the converting event) or
//! `null` (one who left without converting). Each state's moves are counted; a change rewrites the moves of
//! one state:
//!
//! - [`WhatIfChange::Completion`] sets the share of the moves out of a touchpoint that go on (to another
//!   touchpoint or to the conversion) rather than to `null`; the moves that go on keep their observed
//!   proportions. Completion 0 removes the touchpoint from the journey (everyone who reaches it leaves
//!   there without converting): the removal effect of Markov attribution.
//! - [`WhatIfChange::RemoveTransition`] takes the moves from one touchpoint to another away; the customers
//!   who made them are spread over the other moves out of the first touchpoint (onward, to the conversion,
//!   and to `null`) in their observed proportions, or leave there when it has no other moves.
//!
//! Removals apply first, then completions. Conversions are `P(conversion) × customers`, where
//! `P(conversion)` is the chain's absorption probability from the start (before any change it equals the
//! observed conversion rate); value is conversions × the mean value of a conversion in the log.
//!
//! The solve is exact, with no simulation: the changed states are made absorbing and the chain is solved
//! once for the conversions without them, once for leaving without them, and once for each changed state
//! (the probability of reaching it first) by the component solve of Markov attribution; what remains is a
//! system of one unknown per changed touchpoint, eliminated like the component solve (Grassmann–Taksar–
//! Heyman: pivots are sums of outflows, no subtraction). Cost: `changes + 2` solves of the chain, plus
//! `3` more per change for its effect alone.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::log::EventLog;
use super::markov::{self, Chain};
use super::progress::Reporter;
use super::sum::ExactSum;
use crate::error::{Error, Result};

/// The most changes one [`EventLog::what_if`] takes: each costs a few solves of the chain.
pub const MAX_WHAT_IF_CHANGES: usize = 64;

/// A change to what customers do, for [`EventLog::what_if`]. In JSON (and in Python and JS) an object
/// tagged by `change`: `{"change": "completion", "touchpoint": "payment", "completion": 0.9}` or
/// `{"change": "remove_transition", "from": "shipping", "to": "cart"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(tag = "change", rename_all = "snake_case", deny_unknown_fields)]
pub enum WhatIfChange {
    /// Sets the share of the moves out of `touchpoint` that go on (to another touchpoint or to the
    /// conversion), 0..=1; the moves that go on keep their observed proportions. 0 removes the touchpoint.
    Completion {
        /// Touchpoint id.
        touchpoint: String,
        /// The share that goes on, 0..=1.
        completion: f64,
    },
    /// Removes the moves from `from` to `to`: those customers take the other moves out of `from` in their
    /// observed proportions (including leaving), or leave there when `from` has no other moves.
    RemoveTransition {
        /// Touchpoint id the moves leave.
        from: String,
        /// Touchpoint id they go to.
        to: String,
    },
}

/// One change of a [`WhatIf`] and what it does alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct WhatIfEffect {
    /// The change.
    pub change: WhatIfChange,
    /// Before the change: the touchpoint's observed completion, or the transition's share of the moves out
    /// of `from`.
    pub before: f64,
    /// Conversions with this change alone.
    pub conversions: f64,
    /// Value with this change alone.
    pub value: f64,
}

/// What [`EventLog::what_if`] found: conversions and value before and after the changes, and each
/// change's effect alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct WhatIf {
    /// Customers in the log (the paths of the chain).
    pub customers: u64,
    /// Conversions as the log has them (the chain's conversion probability × customers).
    pub conversions_before: f64,
    /// Conversions after all the changes.
    pub conversions_after: f64,
    /// The mean value of a conversion in the log (0 without conversions).
    pub value_per_conversion: f64,
    /// Value as the log has it (conversions × the mean value of a conversion).
    pub value_before: f64,
    /// Value after all the changes.
    pub value_after: f64,
    /// Each change with its effect alone, in the order given.
    pub changes: Vec<WhatIfEffect>,
}

/// The moves of one state: to other states (sorted by state), to conversion and to `null`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Row {
    moves: Vec<(u32, u64)>,
    conv: u64,
    null: u64,
}

impl Row {
    fn total(&self) -> u64 {
        self.moves.iter().map(|m| m.1).sum::<u64>() + self.conv + self.null
    }

    /// Moves that go on: to other states and to conversion.
    fn onward(&self) -> u64 {
        self.total() - self.null
    }

    /// Everyone leaves without converting.
    fn exit() -> Row {
        Row { moves: Vec::new(), conv: 0, null: 1 }
    }

    /// The moves that go on only (the row a completion of 1 leaves).
    fn going_on(&self) -> Row {
        Row { moves: self.moves.clone(), conv: self.conv, null: 0 }
    }

    /// Without the moves to `to`: those customers take the other moves, or leave when there are none.
    fn without(&self, to: u32) -> Row {
        let mut r = self.clone();
        if let Ok(k) = r.moves.binary_search_by_key(&to, |m| m.0) {
            let (_, c) = r.moves.remove(k);
            if r.total() == 0 {
                r.null = c;
            }
        }
        r
    }

    fn count_to(&self, to: u32) -> u64 {
        self.moves.binary_search_by_key(&to, |m| m.0).map_or(0, |k| self.moves[k].1)
    }
}

/// A state whose moves change: with probability `alpha` they follow row `a`, otherwise row `b`.
#[derive(Debug, Clone)]
pub(crate) struct Changed {
    state: usize,
    a: Row,
    b: Row,
    alpha: f64,
}

/// How a solve treats the changed states (all of them absorbing) and the conversions.
#[derive(Clone, Copy)]
enum Mode {
    /// The conversions before reaching a changed state.
    Convert,
    /// Leaving (converting or not) before reaching a changed state.
    Absorb,
    /// Reaching the changed state `.0` before any other.
    Hit(usize),
}

/// The order-1 chain of a log's paths (consecutive repeats collapsed), with the log's figures.
#[derive(Debug, Clone)]
pub(crate) struct Paths {
    /// Touchpoint id of each state; state 0 is the start (`""`).
    names: Vec<String>,
    index: FxHashMap<String, usize>,
    rows: Vec<Row>,
    /// Customers.
    pub(crate) customers: u64,
    /// Converting customers.
    pub(crate) conversions: u64,
    /// Their total value.
    pub(crate) value: f64,
}

/// Moves counted by log touchpoint code: `START` leaves the start, `CONV` and `NULL` end a path.
const START: u32 = u32::MAX;
const CONV: u32 = u32::MAX - 1;
const NULL: u32 = u32::MAX - 2;

/// A customer's touchpoints as the chain takes them: the path Markov attribution takes (consecutive repeats
/// are collapsed where the chain is counted), so that a completion of 0 is its removal effect. A converting
/// customer's path is what came before the conversion ([`EventLog::before_conversion`]): the converting
/// event ends it in `conversion`, and what they did after converting is not part of the journey to it.
fn chain_path(log: &EventLog, customer: usize) -> Cow<'_, [u32]> {
    if log.is_converted(customer) {
        let all = log.path(customer);
        Cow::Owned(log.before_conversion(customer).iter().map(|i| all[*i]).collect())
    } else {
        Cow::Borrowed(log.path(customer))
    }
}

#[derive(Default)]
struct Counts {
    moves: FxHashMap<(u32, u32), u64>,
    value: ExactSum,
}

impl Paths {
    /// The chain of `log`'s paths.
    ///
    /// # Errors
    /// [`Error::Argument`] for a log without an outcome column.
    pub(crate) fn of(log: &EventLog) -> Result<Paths> {
        if !log.has_outcome() {
            return Err(Error::Argument {
                name: "outcome".into(),
                message: "a what-if needs an outcome column (a conversion flag or value)".into(),
            });
        }
        let counts = super::log::in_chunks(
            log,
            |log, range| {
                let mut c = Counts::default();
                for customer in range {
                    let path = chain_path(log, customer);
                    if path.is_empty() {
                        continue;
                    }
                    let mut prev = START;
                    for &t in path.iter() {
                        if t != prev {
                            *c.moves.entry((prev, t)).or_default() += 1;
                            prev = t;
                        }
                    }
                    let end = if log.is_converted(customer) { CONV } else { NULL };
                    *c.moves.entry((prev, end)).or_default() += 1;
                    c.value.add(log.value_of(customer));
                }
                c
            },
            |mut a, b| {
                for (k, n) in b.moves {
                    *a.moves.entry(k).or_default() += n;
                }
                a.value.merge(&b.value);
                a
            },
        );
        // States in the order of their names, so that nothing depends on the order of the input.
        let mut codes: Vec<u32> = counts.moves.keys().map(|k| k.0).filter(|c| *c != START).collect();
        codes.sort_unstable();
        codes.dedup();
        codes.sort_unstable_by(|a, b| log.touchpoints.name(*a).cmp(log.touchpoints.name(*b)));
        let mut state_of: FxHashMap<u32, u32> = FxHashMap::default();
        state_of.insert(START, 0);
        let mut names = vec![String::new()];
        for (i, &c) in codes.iter().enumerate() {
            state_of.insert(c, i as u32 + 1);
            names.push(log.touchpoints.name(c).to_owned());
        }
        let mut rows = vec![Row::default(); names.len()];
        let mut customers = 0u64;
        let mut conversions = 0u64;
        for (&(a, b), &n) in &counts.moves {
            let row = &mut rows[state_of[&a] as usize];
            match b {
                CONV => {
                    row.conv += n;
                    conversions += n;
                }
                NULL => row.null += n,
                _ => row.moves.push((state_of[&b], n)),
            }
            if a == START {
                customers += n;
            }
        }
        for r in &mut rows {
            r.moves.sort_unstable();
        }
        let index = names.iter().enumerate().skip(1).map(|(i, n)| (n.clone(), i)).collect();
        Ok(Paths { names, index, rows, customers, conversions, value: counts.value.value() })
    }

    /// The state of a touchpoint id.
    pub(crate) fn state(&self, touchpoint: &str) -> Option<usize> {
        self.index.get(touchpoint).copied()
    }

    /// The mean value of a conversion.
    pub(crate) fn value_per_conversion(&self) -> f64 {
        if self.conversions > 0 { self.value / self.conversions as f64 } else { 0.0 }
    }

    /// Moves out of a state: (going on, leaving without converting).
    pub(crate) fn completion(&self, state: usize) -> (u64, u64) {
        let r = &self.rows[state];
        (r.onward(), r.null)
    }

    /// The change "the drop-off of `state` falls by `share`": the removed exits go on in the observed
    /// proportions of the moves that go on. `None` when nothing changes (no exits, or no move that goes on).
    pub(crate) fn dropoff_falls(&self, state: usize, share: f64) -> Option<Changed> {
        let r = &self.rows[state];
        let total = r.total();
        if r.null == 0 || r.onward() == 0 || share <= 0.0 || total == 0 {
            return None;
        }
        let alpha = ((r.onward() as f64 + share.min(1.0) * r.null as f64) / total as f64).min(1.0);
        Some(Changed { state, a: r.going_on(), b: Row::exit(), alpha })
    }

    /// The change "the moves from `from` to `to` fall by `share`": the removed moves take the other moves
    /// out of `from` in their observed proportions. `None` when there are no such moves.
    pub(crate) fn transition_falls(&self, from: usize, to: usize, share: f64) -> Option<Changed> {
        let r = &self.rows[from];
        if r.count_to(to as u32) == 0 || share <= 0.0 {
            return None;
        }
        Some(Changed { state: from, a: r.without(to as u32), b: r.clone(), alpha: share.min(1.0) })
    }

    /// The chain with the changed states absorbing, treated as `mode` says.
    fn chain(&self, rows: &[Row], changed: &[bool], mode: Mode) -> Chain {
        let n = rows.len();
        let mut off = Vec::with_capacity(n + 1);
        off.push(0);
        let (mut to, mut count) = (Vec::new(), Vec::new());
        let (mut total, mut conv) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for (i, r) in rows.iter().enumerate() {
            if changed[i] {
                total.push(1);
                conv.push(f64::from(u8::from(matches!(mode, Mode::Hit(s) if s == i))));
            } else {
                for &(j, c) in &r.moves {
                    to.push(j);
                    count.push(c);
                }
                total.push(r.total());
                conv.push(match mode {
                    Mode::Convert => r.conv as f64,
                    Mode::Absorb => (r.conv + r.null) as f64,
                    Mode::Hit(_) => 0.0,
                });
            }
            off.push(to.len());
        }
        Chain { off, to, count, total, conv, start: 0, order: 1 }
    }

    /// The probability of conversion from the start with the rows of `base` (the observed rows, or those
    /// after removals) and the `changes` (at most one per state).
    fn conversion(&self, base: &[Row], changes: &[Changed]) -> Result<f64> {
        if self.customers == 0 {
            return Ok(0.0);
        }
        let mut rep = Reporter::silent("what-if");
        let mut changed = vec![false; base.len()];
        for c in changes {
            changed[c.state] = true;
        }
        let convert = markov::absorption(&self.chain(base, &changed, Mode::Convert), &mut rep)?;
        if changes.is_empty() {
            return Ok(convert[0]);
        }
        let absorb = markov::absorption(&self.chain(base, &changed, Mode::Absorb), &mut rep)?;
        let hits = changes
            .iter()
            .map(|c| markov::absorption(&self.chain(base, &changed, Mode::Hit(c.state)), &mut rep))
            .collect::<Result<Vec<_>>>()?;
        // One unknown per changed state: its conversion probability x_k. With its moves `r` (row a with
        // weight alpha, row b otherwise), x_k = conv_k + sum_l m_kl x_l, and out_k + sum_l m_kl = 1, where
        // out_k is the probability of leaving before reaching a changed state.
        let m = changes.len();
        let slot: FxHashMap<usize, usize> = changes.iter().enumerate().map(|(k, c)| (c.state, k)).collect();
        let mut a = vec![0.0f64; m * m];
        let mut rhs = vec![0.0f64; m];
        let mut out = vec![0.0f64; m];
        for (k, c) in changes.iter().enumerate() {
            for (row, weight) in [(&c.a, c.alpha), (&c.b, 1.0 - c.alpha)] {
                let total = row.total();
                if weight <= 0.0 || total == 0 {
                    continue;
                }
                let w = weight / total as f64;
                let mut conv = row.conv as f64;
                let mut leave = (row.conv + row.null) as f64;
                for &(j, cnt) in &row.moves {
                    let (j, cnt) = (j as usize, cnt as f64);
                    if let Some(&l) = slot.get(&j) {
                        a[k * m + l] += w * cnt;
                    } else {
                        conv += cnt * convert[j];
                        leave += cnt * absorb[j];
                        for (l, h) in hits.iter().enumerate() {
                            a[k * m + l] += w * cnt * h[j];
                        }
                    }
                }
                rhs[k] += w * conv;
                out[k] += w * leave;
            }
        }
        // Grassmann–Taksar–Heyman elimination of (I - M) x = rhs: every pivot is an outflow.
        let mut pivot = vec![0.0f64; m];
        for k in 0..m {
            let d = (out[k] + (k + 1..m).map(|l| a[k * m + l]).sum::<f64>()).max(f64::MIN_POSITIVE);
            pivot[k] = d;
            for i in k + 1..m {
                let f = a[i * m + k] / d;
                if f == 0.0 {
                    continue;
                }
                out[i] += f * out[k];
                rhs[i] += f * rhs[k];
                for l in k + 1..m {
                    a[i * m + l] += f * a[k * m + l];
                }
            }
        }
        let mut x = vec![0.0f64; m];
        for k in (0..m).rev() {
            let s: f64 = (k + 1..m).map(|l| a[k * m + l] * x[l]).sum();
            x[k] = (rhs[k] + s) / pivot[k];
        }
        let p = convert[0] + hits.iter().zip(&x).map(|(h, x)| h[0] * x).sum::<f64>();
        Ok(p.clamp(0.0, 1.0))
    }

    /// The probability of conversion from the start as observed.
    pub(crate) fn observed(&self) -> Result<f64> {
        self.conversion(&self.rows, &[])
    }

    /// The probability of conversion from the start after `changes` (at most one per state) of the
    /// observed rows.
    pub(crate) fn after(&self, changes: &[Changed]) -> Result<f64> {
        self.conversion(&self.rows, changes)
    }

    /// The state of a change's touchpoint, or a clean error naming the change.
    fn state_of(&self, at: &str, id: &str) -> Result<usize> {
        self.state(id).ok_or_else(|| Error::Argument {
            name: at.to_owned(),
            message: format!(
                "unknown touchpoint \"{id}\": the log's customer paths do not pass it (they pass {} touchpoints; a \
                 conversion and what follows it are not part of a path)",
                self.names.len() - 1
            ),
        })
    }
}

impl EventLog {
    /// What if customers behaved differently: conversions and value before and after `changes` (see
    /// [`WhatIfChange`]), from the absorbing Markov chain of order 1 of the observed paths (consecutive
    /// repeats collapsed, as in Markov attribution), solved exactly. Removals apply first, then completions;
    /// each change's effect alone comes with it. A completion of 0 gives the removal effect of Markov
    /// attribution: `1 - conversions_after / conversions_before`.
    ///
    /// ```
    /// use journey_core::analytics::{EventColumns, EventLog, WhatIfChange};
    ///
    /// // Two customers reach the cart; one pays (value 100), one leaves.
    /// let csv = "customer_id,timestamp,touchpoint,value\n\
    ///            a,2026-03-01T10:00:00Z,cart,0\n\
    ///            a,2026-03-01T10:05:00Z,payment,100\n\
    ///            b,2026-03-02T09:00:00Z,cart,0\n";
    /// let columns = EventColumns { outcome: Some("value".into()), ..EventColumns::default() };
    /// let log = EventLog::from_csv_str(csv, &columns)?;
    /// let change = WhatIfChange::Completion { touchpoint: "cart".into(), completion: 1.0 };
    /// let w = log.what_if(&[change])?;
    /// assert_eq!((w.conversions_before, w.conversions_after), (1.0, 2.0));
    /// assert_eq!((w.value_before, w.value_after), (100.0, 200.0));
    /// assert_eq!(w.changes[0].before, 0.5);
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Argument`] for a log without an outcome column, or a change naming a touchpoint the log
    /// does not have, a completion outside 0..=1, a transition no customer took, a touchpoint with two
    /// completions or a transition removed twice, or a completion above 0 where no customer went on (there
    /// is no observed way on); [`Error::Limit`] for more than [`MAX_WHAT_IF_CHANGES`] changes, or a chain
    /// past the limits of Markov attribution.
    pub fn what_if(&self, changes: &[WhatIfChange]) -> Result<WhatIf> {
        if changes.len() > MAX_WHAT_IF_CHANGES {
            return Err(Error::Limit {
                what: "a what-if".into(),
                size: changes.len() as u64,
                limit: MAX_WHAT_IF_CHANGES as u64,
                unit: "changes",
            });
        }
        let paths = Paths::of(self)?;
        // Check every change first, removals applied to the rows as they come.
        let mut rows = paths.rows.clone();
        let mut completions: Vec<(usize, usize, f64)> = Vec::new();
        let mut removals: Vec<(usize, usize, usize)> = Vec::new();
        for (i, change) in changes.iter().enumerate() {
            match change {
                WhatIfChange::Completion { touchpoint, completion } => {
                    let s = paths.state_of(&format!("changes[{i}].touchpoint"), touchpoint)?;
                    if !(completion.is_finite() && (0.0..=1.0).contains(completion)) {
                        return Err(Error::Argument {
                            name: format!("changes[{i}].completion"),
                            message: format!("{completion} is not a share in 0..=1"),
                        });
                    }
                    if let Some((k, _, _)) = completions.iter().find(|c| c.1 == s) {
                        return Err(Error::Argument {
                            name: format!("changes[{i}]"),
                            message: format!("touchpoint \"{touchpoint}\" already has a completion in changes[{k}]"),
                        });
                    }
                    completions.push((i, s, *completion));
                }
                WhatIfChange::RemoveTransition { from, to } => {
                    let f = paths.state_of(&format!("changes[{i}].from"), from)?;
                    let t = paths.state_of(&format!("changes[{i}].to"), to)?;
                    if let Some((k, _, _)) = removals.iter().find(|r| r.1 == f && r.2 == t) {
                        return Err(Error::Argument {
                            name: format!("changes[{i}]"),
                            message: format!("removes \"{from}\" -> \"{to}\" again, as changes[{k}] does"),
                        });
                    }
                    if paths.rows[f].count_to(t as u32) == 0 {
                        return Err(Error::Argument {
                            name: format!("changes[{i}]"),
                            message: format!(
                                "no customer moved from \"{from}\" to \"{to}\" in the log, so there is no \
                                 transition to remove"
                            ),
                        });
                    }
                    rows[f] = rows[f].without(t as u32);
                    removals.push((i, f, t));
                }
            }
        }
        let completion_change =
            |rows: &[Row], s: usize, c: f64| Changed { state: s, a: rows[s].going_on(), b: Row::exit(), alpha: c };
        for &(i, s, c) in &completions {
            if c > 0.0 && rows[s].onward() == 0 {
                return Err(Error::Argument {
                    name: format!("changes[{i}].completion"),
                    message: format!(
                        "no customer went on from \"{}\" in the log{}, so there is no way on to send them; \
                         only 0 is possible",
                        paths.names[s],
                        if removals.iter().any(|r| r.1 == s) { " after the removals" } else { "" }
                    ),
                });
            }
        }
        let before = paths.observed()?;
        let all: Vec<Changed> = completions.iter().map(|&(_, s, c)| completion_change(&rows, s, c)).collect();
        let after = paths.conversion(&rows, &all)?;
        let customers = paths.customers as f64;
        let per = paths.value_per_conversion();
        let mut effects = Vec::with_capacity(changes.len());
        for change in changes {
            let (was, p) = match change {
                WhatIfChange::Completion { touchpoint, completion } => {
                    let s = paths.state(touchpoint).unwrap_or_default();
                    let r = &paths.rows[s];
                    let was = r.onward() as f64 / r.total().max(1) as f64;
                    (was, paths.after(&[completion_change(&paths.rows, s, *completion)])?)
                }
                WhatIfChange::RemoveTransition { from, to } => {
                    let (f, t) = (paths.state(from).unwrap_or_default(), paths.state(to).unwrap_or_default());
                    let r = &paths.rows[f];
                    let was = r.count_to(t as u32) as f64 / r.total().max(1) as f64;
                    let mut alone = paths.rows.clone();
                    alone[f] = r.without(t as u32);
                    (was, paths.conversion(&alone, &[])?)
                }
            };
            effects.push(WhatIfEffect {
                change: change.clone(),
                before: was,
                conversions: p * customers,
                value: p * customers * per,
            });
        }
        Ok(WhatIf {
            customers: paths.customers,
            conversions_before: before * customers,
            conversions_after: after * customers,
            value_per_conversion: per,
            value_before: before * customers * per,
            value_after: after * customers * per,
            changes: effects,
        })
    }
}
