//! The scoring model: weights and thresholds that scores, gaps and the backlog use.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Weights of the touchpoint score's components. Each must be in `0..=1e6` ([`MAX_WEIGHT`]), and not all zero:
/// only their ratios matter, and the bound keeps every sum and product of them finite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    /// Emotion, normalised as `(e + 2) / 4`.
    pub emotion: f64,
    /// Satisfaction (0..1).
    pub satisfaction: f64,
    /// Completion, `completed / entered`, of `step` touchpoints only.
    pub completion: f64,
    /// Ease, `1 - effort`.
    pub effort: f64,
    /// Freedom from pain, `1 - min(1, Σ severity/5 × share)`: always a component, 1 with no pain points.
    pub pain: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { emotion: 1.0, satisfaction: 1.0, completion: 1.0, effort: 1.0, pain: 1.0 }
    }
}

/// Thresholds at which the gap analysis reports a gap, and the backlog's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// `pain_hotspot` when pain burden × importance / 5 reaches this (0..=1e6).
    pub pain_hotspot: f64,
    /// `emotional_dip` when the mean emotion falls by at least this from one stage to the next (on -2..2).
    pub emotional_dip: f64,
    /// `drop_off` when at least this share of the customers who reach a touchpoint do not complete it.
    pub drop_off: f64,
    /// `channel_switch_loss` when moves that switch channel lose this much more (as a share) than moves
    /// that stay on the channel.
    pub channel_switch_loss: f64,
    /// `handoff_loss` when moves between owners lose this much more than moves within one owner.
    pub handoff_loss: f64,
    /// `stale_map` when the map was last reviewed more than this many days ago (183 = six months).
    pub stale_after_days: u32,
    /// A backlog item is a quick win when its impact is at least this (1..5)...
    pub quick_win_impact: f64,
    /// ...and its effort at most this (1..5).
    pub quick_win_effort: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            pain_hotspot: 0.3,
            emotional_dip: 0.75,
            drop_off: 0.3,
            channel_switch_loss: 0.1,
            handoff_loss: 0.1,
            stale_after_days: 183,
            quick_win_impact: 4.0,
            quick_win_effort: 2.0,
        }
    }
}

/// How the journey score weighs its stages. Whatever the rule, a stage's weight never depends on how good
/// its touchpoints are, so that a better touchpoint never lowers the journey's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum StageWeighting {
    /// Every stage with touchpoints weighs the same (the default): a journey is as good as each of its
    /// phases, and counts differ by orders of magnitude between a reach stage (impressions) and the
    /// purchase, so counts would make the journey's score the score of its widest stage.
    #[default]
    Equal,
    /// Each stage weighs by its customers: the most `entered` of its `step` touchpoints (or, in a stage
    /// without steps, of its `optional` ones). Entries never count: what they reach are impressions, not
    /// customers. No stage weighs more than [`ScoringModel::max_stage_share`] of the journey; when a stage
    /// has no such figure, every stage weighs the same.
    Customers,
}

crate::names::names!(StageWeighting, "stage weighting", "stage_weighting" {
    Equal => "equal",
    Customers => "customers",
});

/// How scores, gaps and the backlog are computed. `ScoringModel::default()` is a sensible start; every field
/// can be changed, and [`ScoringModel::check`] says which one is out of its domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct ScoringModel {
    /// Component weights of the touchpoint score.
    pub weights: Weights,
    /// The share of customers a pain point affects when the map does not say (0..1).
    pub default_share: f64,
    /// How many evidence items make a touchpoint's evidence complete for the confidence.
    pub evidence_target: u32,
    /// The effort (1..5) assumed for backlog items that do not state one.
    pub default_effort: f64,
    /// The reach (0..1) assumed for backlog items when the map has no figures for it.
    pub default_reach: f64,
    /// Gap thresholds.
    pub thresholds: Thresholds,
    /// How the journey score weighs its stages: `equal` (the default) or `customers`.
    pub stage_weighting: StageWeighting,
    /// With `customers` weighting, the largest share of the journey's score one stage may carry (above 0,
    /// at most 1; 0.5 by default, so that no stage carries most of the weight). What a capped stage gives up
    /// goes to the others by their customers; a cap below 1 / (stages with touchpoints) weighs them equally.
    pub max_stage_share: f64,
}

impl Default for ScoringModel {
    fn default() -> Self {
        ScoringModel {
            weights: Weights::default(),
            default_share: 0.5,
            evidence_target: 3,
            default_effort: 3.0,
            default_reach: 0.5,
            thresholds: Thresholds::default(),
            stage_weighting: StageWeighting::Equal,
            max_stage_share: 0.5,
        }
    }
}

/// The largest weight, and the largest `thresholds.pain_hotspot`, a model takes: 10^6. Weights only matter
/// by their ratios, so the bound loses nothing, and it keeps the sums and products of the scores finite
/// (five weights of 1e308 would sum to infinity and make every score NaN).
pub const MAX_WEIGHT: f64 = 1e6;

fn check(name: &str, value: f64, lo: f64, hi: f64) -> Result<()> {
    if !value.is_finite() || value < lo || value > hi {
        // 1e308 rather than its 309 digits.
        let shown = if value.is_finite() && value != 0.0 && !(1e-6..1e16).contains(&value.abs()) {
            format!("{value:e}")
        } else {
            value.to_string()
        };
        return Err(Error::Argument {
            name: name.to_owned(),
            message: format!("{shown} is not a number in {lo}..={hi}"),
        });
    }
    Ok(())
}

impl ScoringModel {
    /// Checks every field.
    ///
    /// # Errors
    /// [`Error::Argument`] naming the first field out of its domain (e.g. `weights.pain: -1 is not a number
    /// in 0..=1000000`; NaN and the infinities are never in a domain), or `weights` when all weights are
    /// zero.
    pub fn check(&self) -> Result<()> {
        let w = &self.weights;
        for (name, v) in [
            ("weights.emotion", w.emotion),
            ("weights.satisfaction", w.satisfaction),
            ("weights.completion", w.completion),
            ("weights.effort", w.effort),
            ("weights.pain", w.pain),
        ] {
            check(name, v, 0.0, MAX_WEIGHT)?;
        }
        if w.emotion + w.satisfaction + w.completion + w.effort + w.pain <= 0.0 {
            return Err(Error::Argument {
                name: "weights".into(),
                message: "all weights are zero, expected at least one above zero".into(),
            });
        }
        check("default_share", self.default_share, 0.0, 1.0)?;
        check("default_effort", self.default_effort, 1.0, 5.0)?;
        check("default_reach", self.default_reach, 0.0, 1.0)?;
        let t = &self.thresholds;
        check("thresholds.pain_hotspot", t.pain_hotspot, 0.0, MAX_WEIGHT)?;
        check("thresholds.emotional_dip", t.emotional_dip, 0.0, 4.0)?;
        check("thresholds.drop_off", t.drop_off, 0.0, 1.0)?;
        check("thresholds.channel_switch_loss", t.channel_switch_loss, 0.0, 1.0)?;
        check("thresholds.handoff_loss", t.handoff_loss, 0.0, 1.0)?;
        check("thresholds.quick_win_impact", t.quick_win_impact, 1.0, 5.0)?;
        check("thresholds.quick_win_effort", t.quick_win_effort, 1.0, 5.0)?;
        check("max_stage_share", self.max_stage_share, 0.0, 1.0)?;
        if self.max_stage_share <= 0.0 {
            return Err(Error::Argument {
                name: "max_stage_share".into(),
                message: "0 is not a share above 0, expected a number in 0..=1 above zero".into(),
            });
        }
        Ok(())
    }
}
