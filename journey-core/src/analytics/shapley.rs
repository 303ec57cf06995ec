//! Shapley attribution over the observed coalitions, after Zhao, Mahboobi and Bagheri (2018), "Shapley
//! value methods for attribution modeling in online advertising".
//!
//! The players are the touchpoints. A converting customer's coalition `S` is the set of distinct
//! touchpoints on their path (the path the other models credit, see the `attribution` module), and
//! `r(S)` counts the conversions (or sums the value) of the customers whose coalition is exactly `S`. The
//! worth of any set `T` of touchpoints is what the customers whose coalition lies within it brought:
//! `v(T) = Σ_{S ⊆ T} r(S)`. The Shapley value of touchpoint `j`,
//! `φ_j = Σ_{T ∌ j} |T|! (n - |T| - 1)! / n! · (v(T ∪ {j}) - v(T))`, then has the closed form
//!
//! ```text
//! φ_j = Σ_{S ∋ j} r(S) / |S|
//! ```
//!
//! over the coalitions observed: each coalition's conversions are its touchpoints' equal dividend (they are
//! the Harsanyi dividends of the game). It is exact, needs no sampling, and costs one pass over the
//! customers, however many touchpoints there are (the sum over all `2^n` sets is never formed, so there is
//! no limit on the number of touchpoints). Every converting customer's credits add up to exactly one
//! conversion and exactly their value, and the sums over customers are kept exactly, so partials merge
//! exactly.
//!
//! The ordered variant (Zhao et al.'s ordered Shapley) reads each coalition as the sequence of its
//! touchpoints in the order of their first touch and credits `j` at position `i` with
//! `φ_j^i = Σ_{S: S_i = j} r(S) / |S|`: the same total per touchpoint (`φ_j = Σ_i φ_j^i`), split by where
//! in the journey the touchpoint came.

use rustc_hash::FxHashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::attribution::AttributionModel;
use super::sum::ExactSum;

/// What a touchpoint earned at one place of the coalitions, in the ordered Shapley model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct PositionCredit {
    /// Touchpoint id.
    pub touchpoint: String,
    /// Its place among the customer's distinct touchpoints by first touch (1 for the first).
    pub position: u32,
    /// Conversions credited to it at that place.
    pub conversions: f64,
    /// Conversion value credited to it at that place.
    pub value: f64,
}

/// Whether the model is one of the Shapley models.
pub(super) fn is_shapley(model: AttributionModel) -> bool {
    matches!(model, AttributionModel::Shapley | AttributionModel::OrderedShapley)
}

/// The coalition of a path: its distinct touchpoints, in the order of their first touch.
pub(super) fn coalition(path: &[u32]) -> Vec<u32> {
    let mut seen = rustc_hash::FxHashSet::default();
    path.iter().copied().filter(|t| seen.insert(*t)).collect()
}

/// The position credits of the ordered model, from their exact sums by (touchpoint code, 0-based position):
/// by position, then most credited first, ties by id.
pub(super) fn positions<'a>(
    sums: &FxHashMap<(u32, u32), (ExactSum, ExactSum)>,
    name: impl Fn(u32) -> &'a str,
) -> Vec<PositionCredit> {
    let mut rows: Vec<PositionCredit> = sums
        .iter()
        .map(|(&(t, i), (c, v))| PositionCredit {
            touchpoint: name(t).to_owned(),
            position: i + 1,
            conversions: c.value(),
            value: v.value(),
        })
        .collect();
    rows.sort_by(|a, b| {
        a.position
            .cmp(&b.position)
            .then_with(|| b.conversions.total_cmp(&a.conversions))
            .then_with(|| a.touchpoint.cmp(&b.touchpoint))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::coalition;

    #[test]
    fn a_coalition_keeps_the_first_touch_of_each_touchpoint() {
        assert_eq!(coalition(&[3, 1, 3, 2, 1]), vec![3, 1, 2]);
        assert!(coalition(&[]).is_empty());
    }
}
