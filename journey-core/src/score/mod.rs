//! Explainable scores (0–100) for touchpoints, stages, the journey and each persona's journey.
//!
//! Every score carries its breakdown: the components that went in with their normalised values (0..1) and
//! weights, the components that were missing, and a confidence (0..1) that says how much of it rests on
//! figures and evidence.
//!
//! # A touchpoint
//!
//! The weighted mean of its components, each 0 (worst) to 1 (best), with the weights of
//! [`ScoringModel::weights`]:
//!
//! | component | value | when |
//! |---|---|---|
//! | `emotion` | `(e + 2) / 4` | the map gives an emotion (the persona's, when scoring for one) |
//! | `satisfaction` | as given | the map gives one |
//! | `completion` | `completed / entered` | a `step` with both figures; never for an `entry` (its completion is a click-through) or an `optional` touchpoint (its completion is the take-up) |
//! | `effort` | `1 - effort` | the map gives one |
//! | `pain` | `1 - min(1, Σ severity/5 × share)` | always: a touchpoint with no pain points is free of the pain the map knows, 1 |
//! | `experience` | 0.5 | only when none of emotion, satisfaction, completion and effort is there: the experience counts as neutral, with their weights |
//!
//! A component the map could have but does not (an emotion, a satisfaction, ...) is listed in `missing`
//! and lowers the confidence, not the score.
//!
//! # Monotone
//!
//! Fewer or milder pain points, higher satisfaction, lower effort, better emotion and higher completion never
//! lower a touchpoint's, a stage's or the journey's score. The rule holds because no such change adds or
//! removes a component or changes a weight: freedom from pain is always a component (removing the last pain
//! point raises it to 1 rather than dropping it from the mean), a stage weighs its touchpoints by their
//! importance, and the journey weighs its stages by a rule that does not look at scores (below).
//!
//! # A stage and the journey
//!
//! A stage is the importance-weighted mean of its touchpoints (50 with confidence 0 when it has none; such a
//! stage is left out of the journey). The journey is the weighted mean of its stages, weighed as
//! [`ScoringModel::stage_weighting`] says: equally by default, or by customers ([`StageWeighting::Customers`]:
//! the most `entered` at the stage's steps, never the impressions of its entries), no stage above
//! [`ScoringModel::max_stage_share`]. Each [`StageScore`] shows its `weight`: its share of the journey's
//! score.

mod model;

pub use model::{MAX_WEIGHT, ScoringModel, StageWeighting, Thresholds, Weights};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{EvidenceKind, Journey, Touchpoint, TouchpointRole};

/// One input of a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Component {
    /// `emotion`, `satisfaction`, `completion`, `effort`, `pain` (or `experience`, the neutral stand-in
    /// when the map has none of the first four) for a touchpoint; the touchpoint id for a stage; the stage id
    /// for a journey.
    pub name: String,
    /// The normalised value, 0 (worst) to 1 (best).
    pub value: f64,
    /// Its weight.
    pub weight: f64,
    /// Where the value comes from, in words, e.g. `emotion -1 on the scale from -2 to +2`.
    pub detail: String,
}

/// A score with its breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Score {
    /// 0 to 100: the weighted mean of the components × 100 (50 when there are none, or all weigh 0).
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
    /// The role it was judged in (see [`Journey::role`]): only a `step` is scored on completion.
    pub role: TouchpointRole,
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
    /// How many its touchpoints reached: the most `entered` of them, when known (impressions of an entry
    /// included).
    pub reach: Option<u64>,
    /// Its customers: the most `entered` of its `step` touchpoints (of its `optional` ones in a stage without
    /// steps), when known; entries never count. What [`StageWeighting::Customers`] weighs by.
    pub customers: Option<u64>,
    /// Its share of the journey's score, 0 to 1 (the shares of the stages sum to 1; 0 for a stage without
    /// touchpoints).
    pub weight: f64,
}

/// The scores of a journey (or of one persona's journey).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct JourneyScore {
    /// The persona the scores are for, if any.
    pub persona: Option<String>,
    /// The journey's score: the stages with touchpoints weighed as [`ScoringModel::stage_weighting`] says,
    /// each component's weight the stage's share.
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
    pain_burden_for(t, model, None)
}

/// [`pain_burden`] over the pain points that concern `persona` (see [`crate::model::Moment::concerns`]).
fn pain_burden_for(t: &Touchpoint, model: &ScoringModel, persona: Option<&str>) -> f64 {
    t.pain_points
        .iter()
        .filter(|p| p.concerns(persona))
        .map(|p| f64::from(p.severity) / 5.0 * p.share.unwrap_or(model.default_share))
        .sum()
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
    (amount * if n == 0 { 1.0 } else { mix }, crate::words::plural(u64::from(n), "evidence item"))
}

/// Scores one touchpoint in a role (see [`Journey::role`]), for a persona (their emotion) or for everyone.
/// Monotone: fewer or milder pain points, a higher satisfaction or completion, a lower effort or a better
/// emotion never lower it.
pub fn touchpoint_score(t: &Touchpoint, role: TouchpointRole, persona: Option<&str>, model: &ScoringModel) -> Score {
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
        t.emotion_for(persona).filter(|e| e.is_finite()).map(|e| ((e + 2.0) / 4.0, emotion_words(e))),
    );
    add(
        "satisfaction",
        w.satisfaction,
        t.metrics
            .satisfaction
            .filter(|s| s.is_finite())
            .map(|s| (s, format!("satisfaction {}", crate::words::percent(s)))),
    );
    // Only a step is judged on completion: at an entry it is a click-through, at an optional touchpoint the
    // take-up; neither is present nor missing there.
    let completion_weight = if role.is_step() { w.completion } else { 0.0 };
    if role.is_step() {
        let completion = match (t.metrics.entered, t.metrics.completed) {
            (Some(e), Some(c)) if e > 0 => Some((
                c as f64 / e as f64,
                format!("{} of {} completed", crate::words::count(c), crate::words::plural(e, "customer")),
            )),
            _ => None,
        };
        add("completion", w.completion, completion);
    }
    add(
        "effort",
        w.effort,
        t.metrics.effort.filter(|e| e.is_finite()).map(|e| {
            (
                1.0 - e,
                format!("effort {} on the scale from 0 (effortless) to 1 (very hard)", crate::words::number(e, 2)),
            )
        }),
    );
    let experience_weight = w.emotion + w.satisfaction + completion_weight + w.effort;
    let measured: f64 = components.iter().map(|c| c.weight).sum();
    // Nothing measured about the experience: it counts as neutral, so that knowing nothing never scores better
    // than knowing it is good (and freedom from pain alone never makes a touchpoint perfect).
    if measured <= 0.0 && experience_weight > 0.0 {
        components.push(Component {
            name: "experience".into(),
            value: 0.5,
            weight: experience_weight,
            detail: "no emotion, satisfaction, completion or effort: counted as neutral, 0.5".into(),
        });
    }
    let burden = pain_burden_for(t, model, persona);
    let pain_detail = match t.pain_points.iter().filter(|p| p.concerns(persona)).count() {
        0 => "no pain points: free of the pain the map knows".to_owned(),
        k => format!(
            "{}, burden {} (severity / 5 \u{d7} share, summed)",
            crate::words::plural(k as u64, "pain point"),
            crate::words::number(burden, 2)
        ),
    };
    components.push(Component {
        name: "pain".into(),
        value: (1.0 - burden.min(1.0)).clamp(0.0, 1.0),
        weight: w.pain,
        detail: pain_detail,
    });
    // Components with weight zero neither count as present nor as missing for the confidence; the neutral
    // stand-in is not a measurement.
    let total = experience_weight + w.pain;
    let coverage = if total > 0.0 { (measured + w.pain) / total } else { 0.0 };
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
    /// [`Error::Argument`](crate::Error::Argument) when the model has a weight or threshold out of its domain.
    pub fn score(&self, model: &ScoringModel) -> Result<JourneyScore> {
        self.score_for(model, None)
    }

    /// Scores the journey of one persona: only the touchpoints that serve them, with their emotions.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown persona; [`Error::Argument`](crate::Error::Argument) for a bad model.
    pub fn score_persona(&self, model: &ScoringModel, persona: &str) -> Result<JourneyScore> {
        self.persona_at(persona)?;
        self.score_for(model, Some(persona))
    }

    fn score_for(&self, model: &ScoringModel, persona: Option<&str>) -> Result<JourneyScore> {
        model.check()?;
        let touchpoints: Vec<(&Touchpoint, TouchpointRole)> = self
            .touchpoints()
            .into_iter()
            .filter(|t| persona.is_none_or(|p| t.serves(p)))
            .map(|t| (t, self.role_of(t)))
            .collect();
        let scored: Vec<TouchpointScore> = touchpoints
            .iter()
            .map(|(t, role)| TouchpointScore {
                touchpoint: t.id.clone(),
                stage: t.stage.clone(),
                score: touchpoint_score(t, *role, persona, model),
                opportunity: opportunity_score(t, persona),
                role: *role,
            })
            .collect();
        // Each stage's scored touchpoints, gathered in one pass (in the order of `touchpoints`).
        let mut by_stage: Vec<Vec<(&Touchpoint, &TouchpointScore)>> = vec![Vec::new(); self.stages().len()];
        for ((t, _), s) in touchpoints.iter().zip(&scored) {
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
                customers: stage_customers(&members),
                weight: 0.0,
            });
        }
        let scored_at: Vec<usize> = (0..stages.len()).filter(|i| stages[*i].weakest.is_some()).collect();
        let (shares, how) = stage_shares(&scored_at.iter().map(|i| &stages[*i]).collect::<Vec<_>>(), model);
        let mut components = Vec::with_capacity(scored_at.len());
        let mut confidences = Vec::with_capacity(scored_at.len());
        for (k, (i, share)) in scored_at.iter().zip(shares).enumerate() {
            let s = &mut stages[*i];
            s.weight = share;
            let basis = match (&how, s.customers) {
                (Weighing::Customers { capped }, Some(c)) => {
                    let cap = if capped.contains(&k) { ", capped" } else { "" };
                    format!("{}, weight {}{cap}", crate::words::plural(c, "customer"), percent(share))
                }
                (Weighing::Equal(why), _) => format!("weight {} ({why})", percent(share)),
                (Weighing::Customers { .. }, None) => format!("weight {}", percent(share)),
            };
            components.push(Component {
                name: s.stage.clone(),
                value: s.score.value / 100.0,
                weight: share,
                detail: format!("stage score {:.1}, {basis}", s.score.value),
            });
            confidences.push((share, s.score.confidence));
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

/// `0.3333` → `33.3%`, `0.125` → `12.5%`.
fn percent(share: f64) -> String {
    crate::words::percent(share)
}

/// An emotion on its scale, in words: `emotion +0.5 on the scale from -2 to +2`.
fn emotion_words(e: f64) -> String {
    let sign = if e > 0.0 { "+" } else { "" };
    format!("emotion {sign}{} on the scale from -2 to +2", crate::words::number(e, 2))
}

/// A stage's customers: the most `entered` of its steps, or of its optional touchpoints when it has no steps.
fn stage_customers(members: &[(&Touchpoint, &TouchpointScore)]) -> Option<u64> {
    let most = |role: TouchpointRole| {
        members.iter().filter(|(_, s)| s.role == role).filter_map(|(t, _)| t.metrics.entered).max()
    };
    if members.iter().any(|(_, s)| s.role == TouchpointRole::Step) {
        most(TouchpointRole::Step)
    } else {
        most(TouchpointRole::Optional)
    }
}

/// How the stages were weighed.
enum Weighing {
    /// Equally, and why.
    Equal(&'static str),
    /// By customers; the positions (among the scored stages) of those held at the cap.
    Customers { capped: Vec<usize> },
}

/// Each scored stage's share of the journey's score (summing to 1), as the model says; never from scores.
fn stage_shares(scored: &[&StageScore], model: &ScoringModel) -> (Vec<f64>, Weighing) {
    let n = scored.len();
    let equal = |why| (vec![1.0 / n as f64; n], Weighing::Equal(why));
    match model.stage_weighting {
        StageWeighting::Equal => equal("equal weights"),
        StageWeighting::Customers => {
            let counts: Option<Vec<f64>> =
                scored.iter().map(|s| s.customers.filter(|c| *c > 0).map(|c| c as f64)).collect();
            let Some(counts) = counts else { return equal("equal weights: customers not known for every stage") };
            let (shares, capped) = capped_shares(&counts, model.max_stage_share);
            (shares, Weighing::Customers { capped })
        }
    }
}

/// Shares proportional to `counts` (all above 0) with none above `cap`: a stage above the cap is held at it
/// and what it gives up goes to the others by their counts, until none is above (at most one round per
/// stage). A cap below `1 / n` is raised to it (equal shares). Returns the shares and which were capped.
fn capped_shares(counts: &[f64], cap: f64) -> (Vec<f64>, Vec<usize>) {
    let n = counts.len();
    if n == 0 {
        return (Vec::new(), Vec::new());
    }
    let cap = cap.max(1.0 / n as f64);
    let mut held = vec![false; n];
    let mut shares = vec![0.0; n];
    loop {
        let k = held.iter().filter(|h| **h).count();
        let rest = (1.0 - k as f64 * cap).max(0.0);
        let free: f64 = counts.iter().zip(&held).filter(|(_, h)| !**h).map(|(c, _)| c).sum();
        let mut more = false;
        for i in 0..n {
            if held[i] {
                shares[i] = cap;
            } else {
                shares[i] = if free > 0.0 { rest * (counts[i] / free) } else { 0.0 };
                if shares[i] > cap {
                    more = true;
                }
            }
        }
        if !more {
            break;
        }
        for i in 0..n {
            if !held[i] && shares[i] > cap {
                held[i] = true;
            }
        }
    }
    for (s, h) in shares.iter_mut().zip(&held) {
        if *h {
            *s = cap;
        }
    }
    (shares, (0..n).filter(|i| held[*i]).collect())
}
