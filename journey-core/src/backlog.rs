//! One ranked backlog from gaps, pain points and opportunities.

use std::collections::HashMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::gaps::Location;
use crate::model::{Journey, Touchpoint};
use crate::score::ScoringModel;

/// One thing to work on, with the figures that rank it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct BacklogItem {
    /// 1 for the first.
    pub rank: usize,
    /// `gap`, `pain_point` or `opportunity`.
    pub source: String,
    /// The gap kind for a gap; `pain_point` or `opportunity` otherwise.
    pub kind: String,
    /// What it is.
    pub title: String,
    /// Where.
    pub location: Location,
    /// The share of customers it touches, 0..1.
    pub reach: f64,
    /// Where the reach comes from.
    pub reach_basis: String,
    /// How much it matters, 1..5 (gap severity, pain severity or the opportunity's impact).
    pub impact: f64,
    /// How sure the map is, 0..1 (the opportunity's confidence, or the touchpoint score's).
    pub confidence: f64,
    /// How much work, 1..5 (the opportunity's effort, or the model's default).
    pub effort: f64,
    /// reach × impact × confidence / effort.
    pub priority: f64,
    /// High impact for low effort, by the model's thresholds.
    pub quick_win: bool,
}

impl Journey {
    /// Turns gaps, pain points and opportunities into one list ranked by reach × impact × confidence /
    /// effort (ties keep that order). See [`Journey::gaps`] for `as_of`.
    ///
    /// # Errors
    /// [`crate::Error::Argument`] for a model with a value out of its domain.
    pub fn prioritize(&self, model: &ScoringModel, as_of: Option<NaiveDate>) -> Result<Vec<BacklogItem>> {
        let gaps = self.gaps(model, as_of)?;
        let scores = self.score(model)?;
        let most = self.touchpoints().iter().filter_map(|t| t.metrics.entered).max().filter(|m| *m > 0);
        let reach_of = |t: Option<&Touchpoint>, share: Option<f64>| -> (f64, String) {
            if let (Some(t), Some(most)) = (t, most)
                && let Some(e) = t.metrics.entered
            {
                return (e as f64 / most as f64, format!("{e} of the {most} customers at the busiest touchpoint"));
            }
            match share {
                Some(s) => (s, "share of customers affected".into()),
                None => (model.default_reach, "unknown, model default".into()),
            }
        };
        let confidences: HashMap<&str, f64> =
            scores.touchpoints.iter().rev().map(|s| (s.touchpoint.as_str(), s.score.confidence)).collect();
        let confidence_of =
            |t: Option<&Touchpoint>| t.and_then(|t| confidences.get(t.id.as_str())).map_or(0.5, |c| c.max(0.2));
        let mut items = Vec::new();
        let mut push = |source: &str,
                        kind: String,
                        title: String,
                        location: Location,
                        reach: (f64, String),
                        impact: f64,
                        confidence: f64,
                        effort: f64| {
            let th = &model.thresholds;
            items.push(BacklogItem {
                rank: 0,
                source: source.into(),
                kind,
                title,
                location,
                reach: reach.0.clamp(0.0, 1.0),
                reach_basis: reach.1,
                impact,
                confidence: confidence.clamp(0.0, 1.0),
                effort,
                priority: reach.0.clamp(0.0, 1.0) * impact * confidence.clamp(0.0, 1.0) / effort.max(1.0),
                quick_win: impact >= th.quick_win_impact && effort <= th.quick_win_effort,
            });
        };
        for g in gaps {
            let t = g.location.touchpoint.as_deref().and_then(|id| self.touchpoint(id));
            let reach = if g.location.touchpoint.is_none() && g.location.stage.is_none() {
                (1.0, "the whole journey".into())
            } else {
                reach_of(t, None)
            };
            push(
                "gap",
                g.kind.to_string(),
                g.message,
                g.location,
                reach,
                f64::from(g.severity),
                confidence_of(t),
                model.default_effort,
            );
        }
        for t in self.touchpoints() {
            let here = Location { stage: Some(t.stage.clone()), touchpoint: Some(t.id.clone()), ..Default::default() };
            for p in &t.pain_points {
                push(
                    "pain_point",
                    "pain_point".into(),
                    format!("{} (at \"{}\")", p.description, t.name),
                    here.clone(),
                    reach_of(Some(t), p.share),
                    f64::from(p.severity),
                    confidence_of(Some(t)),
                    model.default_effort,
                );
            }
            for o in &t.opportunities {
                push(
                    "opportunity",
                    "opportunity".into(),
                    format!("{} (at \"{}\")", o.description, t.name),
                    here.clone(),
                    reach_of(Some(t), None),
                    f64::from(o.impact),
                    o.confidence,
                    f64::from(o.effort),
                );
            }
        }
        items.sort_by(|a, b| b.priority.total_cmp(&a.priority));
        for (i, item) in items.iter_mut().enumerate() {
            item.rank = i + 1;
        }
        Ok(items)
    }
}
