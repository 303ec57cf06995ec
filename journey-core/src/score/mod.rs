//! Explainable scores (0–100) for touchpoints, stages, the journey and each persona's journey.
//!
//! Every score carries its breakdown: the components that went in with their normalised values (0..1) and
//! weights, the components that were missing, and a confidence (0..1) that says how much of it rests on
//! figures and evidence. A touchpoint with nothing to score gets 50 (neutral) with confidence 0.

mod model;

pub use model::{MAX_WEIGHT, ScoringModel, Thresholds, Weights};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{EvidenceKind, Journey, Touchpoint};

/// One input of a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Component {
    /// `emotion`, `satisfaction`, `completion`, `effort`, `pain` for a touchpoint; the touchpoint id for a
    /// stage; the stage id for a journey.
    pub name: String,
    /// The normalised value, 0 (worst) to 1 (best).
    pub value: f64,
    /// Its weight.
    pub weight: f64,
    /// Where the value comes from, e.g. `emotion -1 -> (e+2)/4 = 0.25`.
    pub detail: String,
}

/// A score with its breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Score {
    /// 0 to 100: the weighted mean of the components × 100 (50 when there are none).
    pub value: f64,
    /// What went in.
    pub components: Vec<Component>,
    /// What could have gone in but the map does not have.
    pub missing: Vec<String>,
    /// 0 to 1: half from the share of component weight present, half from the evidence behind it.
    pub confidence: f64,
}

impl Score {
    fn from_components(components: Vec<Component>, missing: Vec<String>, confidence: f64) -> Self {
        let total: f64 = components.iter().map(|c| c.weight).sum();
        let value =
            // Each weight as a share of the total: no product overflows or underflows to a wrong mean, whatever
            // the scale of the weights the model allows.
            if total > 0.0 { components.iter().map(|c| c.value * (c.weight / total)).sum::<f64>() * 100.0 } else { 50.0 };
        Score { value: value.clamp(0.0, 100.0), components, missing, confidence: confidence.clamp(0.0, 1.0) }
    }
}

/// The score of a touchpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct TouchpointScore {
    /// Touchpoint id.
    pub touchpoint: String,
    /// Its stage's id.
    pub stage: String,
    /// The score.
    pub score: Score,
    /// The opportunity score (Ulwick): `I + max(I - S, 0)`, importance and satisfaction on 0..10; `None`
    /// when the map has neither satisfaction nor emotion for it.
    pub opportunity: Option<f64>,
}

/// The score of a stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct StageScore {
    /// Stage id.
    pub stage: String,
    /// Importance-weighted mean of its touchpoints' scores (50 with confidence 0 for an empty stage).
    pub score: Score,
    /// The touchpoint with the lowest score.
    pub weakest: Option<String>,
    /// Customers who reached the stage: the most `entered` of its touchpoints, when known.
    pub reach: Option<u64>,
}

/// The scores of a journey (or of one persona's journey).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct JourneyScore {
    /// The persona the scores are for, if any.
    pub persona: Option<String>,
    /// The journey's score: stages weighted by reach when every scored stage has one, equally otherwise.
    pub score: Score,
    /// Each stage, in order.
    pub stages: Vec<StageScore>,
    /// Each touchpoint (the persona's only, when scoring for one), in map order.
    pub touchpoints: Vec<TouchpointScore>,
}

impl JourneyScore {
    /// The score of a stage.
    pub fn stage(&self, id: &str) -> Option<&StageScore> {
        self.stages.iter().find(|s| s.stage == id)
    }

    /// The score of a touchpoint.
    pub fn touchpoint(&self, id: &str) -> Option<&TouchpointScore> {
        self.touchpoints.iter().find(|t| t.touchpoint == id)
    }
}

/// `Σ severity/5 × share` over a touchpoint's pain points (share defaulting as the model says).
pub fn pain_burden(t: &Touchpoint, model: &ScoringModel) -> f64 {
    t.pain_points.iter().map(|p| f64::from(p.severity) / 5.0 * p.share.unwrap_or(model.default_share)).sum()
}

fn evidence_confidence(t: &Touchpoint, model: &ScoringModel) -> (f64, String) {
    let items = t.evidence.iter().chain(t.pain_points.iter().chain(&t.delights).flat_map(|m| &m.evidence));
    let (mut n, mut quant, mut qual) = (0u32, false, false);
    for e in items {
        n += 1;
        quant |= e.kind == EvidenceKind::Quantitative;
        qual |= e.kind == EvidenceKind::Qualitative;
    }
    let target = model.evidence_target.max(1);
    let amount = f64::from(n.min(target)) / f64::from(target);
    // Both kinds of evidence together are worth more than either alone.
    let mix = if quant && qual { 1.0 } else { 0.75 };
    (amount * if n == 0 { 1.0 } else { mix }, format!("{n} evidence items"))
}

/// Scores one touchpoint, for a persona (their emotion) or for everyone.
pub fn touchpoint_score(t: &Touchpoint, persona: Option<&str>, model: &ScoringModel) -> Score {
    let w = &model.weights;
    let mut components = Vec::new();
    let mut missing = Vec::new();
    let mut add = |name: &str, weight: f64, value: Option<(f64, String)>| match value {
        Some((value, detail)) => {
            components.push(Component { name: name.into(), value: value.clamp(0.0, 1.0), weight, detail })
        }
        None => missing.push(name.to_owned()),
    };
    add(
        "emotion",
        w.emotion,
        t.emotion_for(persona).filter(|e| e.is_finite()).map(|e| ((e + 2.0) / 4.0, format!("emotion {e} -> (e+2)/4"))),
    );
    add(
        "satisfaction",
        w.satisfaction,
        t.metrics.satisfaction.filter(|s| s.is_finite()).map(|s| (s, format!("satisfaction {s}"))),
    );
    let completion = match (t.metrics.entered, t.metrics.completed) {
        (Some(e), Some(c)) if e > 0 => Some((c as f64 / e as f64, format!("completed {c} of {e} entered"))),
        _ => None,
    };
    add("completion", w.completion, completion);
    add(
        "effort",
        w.effort,
        t.metrics.effort.filter(|e| e.is_finite()).map(|e| (1.0 - e, format!("effort {e} -> 1-effort"))),
    );
    let pain = (!t.pain_points.is_empty()).then(|| {
        let burden = pain_burden(t, model);
        (1.0 - burden.min(1.0), format!("{} pain points, burden {burden:.2} -> 1-min(1,burden)", t.pain_points.len()))
    });
    add("pain", w.pain, pain);
    // Components with weight zero neither count as present nor as missing for the confidence.
    let total = w.emotion + w.satisfaction + w.completion + w.effort + w.pain;
    let present: f64 = components.iter().map(|c| c.weight).sum();
    let coverage = if total > 0.0 { present / total } else { 0.0 };
    let (evidence, _) = evidence_confidence(t, model);
    Score::from_components(components, missing, 0.5 * coverage + 0.5 * evidence)
}

/// The opportunity score (Ulwick) of a touchpoint: importance (1..5 mapped to 2..10) plus how far
/// satisfaction (0..1 → 0..10, or the emotion's (e+2)/4 when there is no satisfaction) falls short of it.
pub fn opportunity_score(t: &Touchpoint, persona: Option<&str>) -> Option<f64> {
    let importance = (t.importance * 2.0).clamp(0.0, 10.0);
    let satisfaction =
        t.metrics.satisfaction.or_else(|| t.emotion_for(persona).map(|e| (e + 2.0) / 4.0)).filter(|s| s.is_finite())?
            * 10.0;
    Some(importance + (importance - satisfaction).max(0.0))
}

fn weighted(components: Vec<Component>, missing: Vec<String>, confidences: &[(f64, f64)]) -> Score {
    let total: f64 = confidences.iter().map(|(w, _)| w).sum();
    let confidence = if total > 0.0 { confidences.iter().map(|(w, c)| w * c).sum::<f64>() / total } else { 0.0 };
    Score::from_components(components, missing, confidence)
}

impl Journey {
    /// Scores every touchpoint, stage and the journey. O(size of the journey).
    ///
    /// # Errors
    /// [`Error::Argument`] when the model has a weight or threshold out of its domain.
    pub fn score(&self, model: &ScoringModel) -> Result<JourneyScore> {
        self.score_for(model, None)
    }

    /// Scores the journey of one persona: only the touchpoints that serve them, with their emotions.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown persona; [`Error::Argument`] for a bad model.
    pub fn score_persona(&self, model: &ScoringModel, persona: &str) -> Result<JourneyScore> {
        if self.persona(persona).is_none() {
            return Err(Error::NotFound { what: "persona", id: persona.to_owned() });
        }
        self.score_for(model, Some(persona))
    }

    fn score_for(&self, model: &ScoringModel, persona: Option<&str>) -> Result<JourneyScore> {
        model.check()?;
        let touchpoints: Vec<&Touchpoint> =
            self.touchpoints().into_iter().filter(|t| persona.is_none_or(|p| t.serves(p))).collect();
        let scored: Vec<TouchpointScore> = touchpoints
            .iter()
            .map(|t| TouchpointScore {
                touchpoint: t.id.clone(),
                stage: t.stage.clone(),
                score: touchpoint_score(t, persona, model),
                opportunity: opportunity_score(t, persona),
            })
            .collect();
        // Each stage's scored touchpoints, gathered in one pass (in the order of `touchpoints`).
        let mut by_stage: Vec<Vec<(&Touchpoint, &TouchpointScore)>> = vec![Vec::new(); self.stages().len()];
        for (t, s) in touchpoints.iter().copied().zip(&scored) {
            if let Some(members) = self.stage_position(&t.stage).and_then(|i| by_stage.get_mut(i)) {
                members.push((t, s));
            }
        }
        let mut stages = Vec::with_capacity(self.stages().len());
        for (stage, members) in self.stages().iter().zip(by_stage) {
            let components = members
                .iter()
                .map(|(t, s)| Component {
                    name: t.id.clone(),
                    value: s.score.value / 100.0,
                    weight: t.importance.max(0.0),
                    detail: format!("touchpoint score {:.1}, importance {}", s.score.value, t.importance),
                })
                .collect();
            let confidences: Vec<(f64, f64)> =
                members.iter().map(|(t, s)| (t.importance.max(0.0), s.score.confidence)).collect();
            let weakest =
                members.iter().min_by(|a, b| a.1.score.value.total_cmp(&b.1.score.value)).map(|(t, _)| t.id.clone());
            let reach = members.iter().filter_map(|(t, _)| t.metrics.entered).max();
            let missing = if members.is_empty() { vec!["touchpoints".to_owned()] } else { Vec::new() };
            stages.push(StageScore {
                stage: stage.id.clone(),
                score: weighted(components, missing, &confidences),
                weakest,
                reach,
            });
        }
        let scored_stages: Vec<&StageScore> = stages.iter().filter(|s| s.weakest.is_some()).collect();
        let by_reach = !scored_stages.is_empty() && scored_stages.iter().all(|s| s.reach.is_some_and(|r| r > 0));
        let mut components = Vec::new();
        let mut confidences = Vec::new();
        for s in &scored_stages {
            let (weight, detail) = match (by_reach, s.reach) {
                (true, Some(r)) => (r as f64, format!("stage score {:.1}, reached by {r}", s.score.value)),
                _ => (1.0, format!("stage score {:.1}, equal weight (reach not known for every stage)", s.score.value)),
            };
            components.push(Component { name: s.stage.clone(), value: s.score.value / 100.0, weight, detail });
            confidences.push((weight, s.score.confidence));
        }
        let missing = stages.iter().filter(|s| s.weakest.is_none()).map(|s| s.stage.clone()).collect();
        Ok(JourneyScore {
            persona: persona.map(str::to_owned),
            score: weighted(components, missing, &confidences),
            stages,
            touchpoints: scored,
        })
    }
}
