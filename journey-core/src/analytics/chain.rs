//! The Markov chain of the attribution model as tables: its transition matrix, and how well chains of
//! orders 1 to 4 fit the paths, to choose the order.
//!
//! The chain is the one [`EventLog::attribution`] solves for the Markov model: the same paths (consecutive
//! repeats collapsed or kept), a state for the last `order` touchpoints (fewer at the start of a path),
//! every path leaving [`START_STATE`] and ending in [`CONVERSION_STATE`] or [`NULL_STATE`].
//!
//! The fit of order `k` is the log-likelihood of the observed moves under the chain's own estimates,
//! `LL = Σ_{s → t} n(s, t) · ln(n(s, t) / n(s))`, with `n(s, t)` the moves from `s` to `t` and `n(s)` those
//! from `s`. Every order counts the same moves (one more than the touches of each path), so the
//! likelihoods compare. Each of the `S` states the paths leave has a probability for each of the chain's
//! `m` outcomes (the touchpoints a move reaches, the conversion and the null), less one that the others
//! fix: `p = S · (m - 1)` free parameters, the count of the usual test of a chain's order restricted to the
//! states observed. (Counting only the moves observed from each state would make a state seen once free,
//! and a sparse high-order chain that merely repeats the paths would win.) With `N` moves in all,
//! `AIC = 2p - 2 LL` and `BIC = p · ln N - 2 LL`. The order chosen has the least BIC (the lower order on a
//! tie): a higher order always fits at least as well, and BIC asks it to pay for its parameters.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::attribution::{AttributionModel, AttributionPartial};
use super::log::EventLog;
use super::sum::ExactSum;
use crate::error::{Error, Result};

/// The name of the state every path starts in.
pub const START_STATE: &str = "(start)";
/// The name of the state a converting path ends in.
pub const CONVERSION_STATE: &str = "(conversion)";
/// The name of the state a path without conversion ends in.
pub const NULL_STATE: &str = "(null)";
/// How the touchpoints of a state of order 2 and more are written: `ad > site`, oldest first.
pub const STATE_SEPARATOR: &str = " > ";
/// The highest order of the Markov chain.
pub const MAX_MARKOV_ORDER: usize = 4;

/// Options of [`EventLog::transition_matrix`] as a caller that reads options gives them (the JavaScript
/// binding's options object).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TransitionMatrixOptions {
    /// How many past touchpoints make a state (1..=4, default 1).
    pub order: usize,
    /// Collapse consecutive repeats of a touchpoint into one touch (default `true`).
    pub collapse: bool,
}

impl Default for TransitionMatrixOptions {
    fn default() -> Self {
        TransitionMatrixOptions { order: 1, collapse: true }
    }
}

/// Options of [`EventLog::markov_order_selection`] as a caller that reads options gives them (the
/// JavaScript binding's options object, `maxOrder` there).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct OrderSelectionOptions {
    /// The highest order fitted (1..=4, default 4).
    pub max_order: usize,
    /// Collapse consecutive repeats of a touchpoint into one touch (default `true`).
    pub collapse: bool,
}

impl Default for OrderSelectionOptions {
    fn default() -> Self {
        OrderSelectionOptions { max_order: MAX_MARKOV_ORDER, collapse: true }
    }
}

/// A state of the chain, as the attribution partial keeps it.
pub(super) enum ChainState<'a> {
    /// No touchpoint yet.
    Start,
    /// The last touchpoints, oldest first.
    Touches(Vec<&'a str>),
    /// The path converted.
    Conversion,
    /// The path ended without a conversion.
    Null,
}

impl ChainState<'_> {
    /// Where the state sorts: the start, the touchpoints, the conversion, the null.
    fn rank(&self) -> u8 {
        match self {
            ChainState::Start => 0,
            ChainState::Touches(_) => 1,
            ChainState::Conversion => 2,
            ChainState::Null => 3,
        }
    }

    fn label(&self) -> String {
        match self {
            ChainState::Start => START_STATE.to_owned(),
            ChainState::Touches(t) => t.join(STATE_SEPARATOR),
            ChainState::Conversion => CONVERSION_STATE.to_owned(),
            ChainState::Null => NULL_STATE.to_owned(),
        }
    }
}

/// One move of the chain: from a state to another, how often, and its estimated probability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct MarkovTransition {
    /// The state moved from: [`START_STATE`] or touchpoint ids joined by [`STATE_SEPARATOR`].
    pub from: String,
    /// The state moved to: touchpoint ids joined by [`STATE_SEPARATOR`], [`CONVERSION_STATE`] or
    /// [`NULL_STATE`].
    pub to: String,
    /// How many times the paths made the move.
    pub count: u64,
    /// `count` over the moves from `from` (the moves from a state add up to 1).
    pub probability: f64,
}

/// The transition matrix of the Markov chain, as rows: the start first, then the touchpoint states by
/// name, each with its moves in the same order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct TransitionMatrix {
    /// How many past touchpoints make a state.
    pub order: usize,
    /// Whether consecutive repeats of a touchpoint were collapsed into one touch.
    pub collapsed: bool,
    /// The moves observed, one row each.
    pub rows: Vec<MarkovTransition>,
}

/// How well the chain of one order fits the paths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct OrderFit {
    /// The order.
    pub order: usize,
    /// States moved from (the start and the touchpoint states).
    pub states: u64,
    /// Free parameters: `states · (outcomes - 1)`, with the outcomes the touchpoints a move reaches, the
    /// conversion and the null (those observed).
    pub parameters: u64,
    /// Moves observed in all.
    pub moves: u64,
    /// Log-likelihood of the moves under the chain's estimates (natural log, at most 0).
    pub log_likelihood: f64,
    /// Akaike information criterion, `2 parameters - 2 log_likelihood`.
    pub aic: f64,
    /// Bayesian information criterion, `parameters ln(moves) - 2 log_likelihood`.
    pub bic: f64,
}

/// The fit of the Markov chain of each order from 1 to a highest, and the order it chooses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct OrderSelection {
    /// Whether consecutive repeats of a touchpoint were collapsed into one touch.
    pub collapsed: bool,
    /// The order of least BIC (the lower one on a tie).
    pub chosen: usize,
    /// One row per order, from 1 up.
    pub rows: Vec<OrderFit>,
}

/// A move written: from, to, count.
type Move = (String, String, u64);

/// A state written, after its rank (where it sorts).
type Written = (u8, String);

/// The moves of the chain of `order`, sorted, with the states written, and how many outcomes a move has:
/// the touchpoints that moves reach (the newest of their target states), the conversion and the null, those
/// observed.
fn moves(log: &EventLog, order: usize, collapse: bool) -> Result<(Vec<Move>, usize)> {
    check_order("order", order)?;
    let partial = AttributionPartial::of(log, AttributionModel::Markov { order }, collapse)?;
    let chain = partial.chain_moves();
    let outcomes: std::collections::HashSet<(u8, Option<&str>)> = chain
        .iter()
        .map(|(_, b, _)| match b {
            ChainState::Touches(t) => (b.rank(), t.last().copied()),
            _ => (b.rank(), None),
        })
        .collect();
    let outcomes = outcomes.len();
    let mut moves: Vec<(Written, Written, u64)> =
        chain.into_iter().map(|(a, b, n)| ((a.rank(), a.label()), (b.rank(), b.label()), n)).collect();
    moves.sort_unstable();
    Ok((moves.into_iter().map(|(a, b, n)| (a.1, b.1, n)).collect(), outcomes))
}

fn check_order(name: &str, order: usize) -> Result<()> {
    if (1..=MAX_MARKOV_ORDER).contains(&order) {
        return Ok(());
    }
    Err(Error::Argument { name: name.into(), message: format!("{order} is outside 1..={MAX_MARKOV_ORDER}") })
}

/// The moves from each state, in the order of the rows: (first row, rows, moves from the state).
fn by_state(moves: &[Move]) -> Vec<(usize, usize, u64)> {
    let mut groups: Vec<(usize, usize, u64)> = Vec::new();
    for (i, m) in moves.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if moves[g.0].0 == m.0 => {
                g.1 += 1;
                g.2 += m.2;
            }
            _ => groups.push((i, 1, m.2)),
        }
    }
    groups
}

impl EventLog {
    /// The transition matrix of the Markov chain of `order` (1..=4) on the paths that
    /// [`EventLog::attribution`] credits, consecutive repeats collapsed when `collapse` is true: one row per
    /// move observed, with its count and probability. O(events).
    ///
    /// ```
    /// use journey_core::analytics::{EventColumns, EventLog};
    ///
    /// let csv = "customer_id,timestamp,touchpoint,converted\n\
    ///            a,2026-03-01T10:00:00Z,ad,0\n\
    ///            a,2026-03-01T10:09:00Z,checkout,1\n\
    ///            b,2026-03-02T09:00:00Z,ad,0\n";
    /// let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
    /// let log = EventLog::from_csv_str(csv, &columns)?;
    /// let m = log.transition_matrix(1, true)?;
    /// let ends: Vec<(&str, &str, f64)> =
    ///     m.rows.iter().map(|r| (r.from.as_str(), r.to.as_str(), r.probability)).collect();
    /// assert_eq!(ends, [("(start)", "ad", 1.0), ("ad", "(conversion)", 0.5), ("ad", "(null)", 0.5)]);
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Argument`] for an order outside 1..=4 (named `order`) or a log without an outcome column.
    pub fn transition_matrix(&self, order: usize, collapse: bool) -> Result<TransitionMatrix> {
        let (moves, _) = moves(self, order, collapse)?;
        let mut rows = Vec::with_capacity(moves.len());
        for (first, len, total) in by_state(&moves) {
            for (from, to, count) in &moves[first..first + len] {
                let probability = *count as f64 / total as f64;
                rows.push(MarkovTransition { from: from.clone(), to: to.clone(), count: *count, probability });
            }
        }
        Ok(TransitionMatrix { order, collapsed: collapse, rows })
    }

    /// How well the Markov chains of orders 1 to `max_order` (1..=4) fit the paths, as log-likelihood, AIC
    /// and BIC (see the module's formulas), and the order of least BIC. O(events) per order.
    ///
    /// # Errors
    /// [`Error::Argument`] for `max_order` outside 1..=4 or a log without an outcome column.
    pub fn markov_order_selection(&self, max_order: usize, collapse: bool) -> Result<OrderSelection> {
        check_order("max_order", max_order)?;
        let mut rows: Vec<OrderFit> = Vec::with_capacity(max_order);
        for order in 1..=max_order {
            let (moves, outcomes) = moves(self, order, collapse)?;
            let groups = by_state(&moves);
            let mut ll = ExactSum::default();
            for &(first, len, total) in &groups {
                for m in &moves[first..first + len] {
                    ll.add(m.2 as f64 * (m.2 as f64 / total as f64).ln());
                }
            }
            let log_likelihood = ll.value();
            let parameters = groups.len() as u64 * (outcomes as u64).saturating_sub(1);
            let n: u64 = groups.iter().map(|g| g.2).sum();
            let p = parameters as f64;
            let penalty = if parameters == 0 { 0.0 } else { p * (n as f64).ln() };
            rows.push(OrderFit {
                order,
                states: groups.len() as u64,
                parameters,
                moves: n,
                log_likelihood,
                aic: 2.0 * p - 2.0 * log_likelihood,
                bic: penalty - 2.0 * log_likelihood,
            });
        }
        let chosen =
            rows.iter().fold((1, f64::INFINITY), |best, r| if r.bic < best.1 { (r.order, r.bic) } else { best }).0;
        Ok(OrderSelection { collapsed: collapse, chosen, rows })
    }
}
