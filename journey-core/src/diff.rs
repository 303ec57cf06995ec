//! Comparing two maps: current and future state, or this version and the last.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{Journey, Metrics, Touchpoint};
use crate::score::ScoringModel;

/// A value that changed between the two maps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Change<T> {
    /// The id of what changed (stage or touchpoint; `journey` for the whole map).
    pub id: String,
    /// What changed: `name`, `stage`, `position`, `channel`, `emotion`, `score`, a metric's name, ...
    pub field: String,
    /// The value in the first map.
    pub before: T,
    /// The value in the second map.
    pub after: T,
}

/// What differs between two maps, by id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct JourneyDiff {
    /// Stage ids only in the second map.
    pub stages_added: Vec<String>,
    /// Stage ids only in the first map.
    pub stages_removed: Vec<String>,
    /// Stages whose name or position changed.
    pub stages_changed: Vec<Change<String>>,
    /// Touchpoint ids only in the second map.
    pub touchpoints_added: Vec<String>,
    /// Touchpoint ids only in the first map.
    pub touchpoints_removed: Vec<String>,
    /// Touchpoints that moved to another stage.
    pub touchpoints_moved: Vec<Change<String>>,
    /// Touchpoints whose name, channel or owner changed.
    pub touchpoints_changed: Vec<Change<String>>,
    /// Transitions (`[from, to]`) only in the second map.
    pub transitions_added: Vec<(String, String)>,
    /// Transitions only in the first map.
    pub transitions_removed: Vec<(String, String)>,
    /// Emotions that changed (`None` where a map has none).
    pub emotion_changes: Vec<Change<Option<f64>>>,
    /// Metrics that changed.
    pub metric_changes: Vec<Change<Option<f64>>>,
    /// Scores (0..100) of the journey, stages and touchpoints in both maps that changed.
    pub score_changes: Vec<Change<f64>>,
}

fn metric_values(m: &Metrics) -> [(&'static str, Option<f64>); 6] {
    [
        ("entered", m.entered.map(|v| v as f64)),
        ("completed", m.completed.map(|v| v as f64)),
        ("satisfaction", m.satisfaction),
        ("effort", m.effort),
        ("nps", m.nps),
        ("median_seconds", m.median_seconds),
    ]
}

fn change<T>(id: &str, field: &str, before: T, after: T) -> Change<T> {
    Change { id: id.to_owned(), field: field.to_owned(), before, after }
}

/// Compares two maps by id: what was added, removed, moved or renamed, and how emotions, metrics and scores
/// changed. Scores differing by less than 0.05 count as unchanged. O(size of both maps).
///
/// # Errors
/// [`crate::Error::Argument`] for a model with a value out of its domain.
pub fn diff(a: &Journey, b: &Journey, model: &ScoringModel) -> Result<JourneyDiff> {
    let mut d = JourneyDiff::default();
    let pos_a: HashMap<&str, usize> = a.stages().iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let pos_b: HashMap<&str, usize> = b.stages().iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    d.stages_removed = a.stages().iter().filter(|s| !pos_b.contains_key(s.id.as_str())).map(|s| s.id.clone()).collect();
    d.stages_added = b.stages().iter().filter(|s| !pos_a.contains_key(s.id.as_str())).map(|s| s.id.clone()).collect();
    for s in a.stages() {
        let Some(other) = b.stage(&s.id) else { continue };
        if s.name != other.name {
            d.stages_changed.push(change(&s.id, "name", s.name.clone(), other.name.clone()));
        }
        let (pa, pb) = (pos_a[s.id.as_str()], pos_b[s.id.as_str()]);
        if pa != pb {
            d.stages_changed.push(change(&s.id, "position", (pa + 1).to_string(), (pb + 1).to_string()));
        }
    }
    let tps_a = a.touchpoints();
    let tps_b = b.touchpoints();
    d.touchpoints_removed = tps_a.iter().filter(|t| b.touchpoint(&t.id).is_none()).map(|t| t.id.clone()).collect();
    d.touchpoints_added = tps_b.iter().filter(|t| a.touchpoint(&t.id).is_none()).map(|t| t.id.clone()).collect();
    let both: Vec<(&Touchpoint, &Touchpoint)> =
        tps_a.iter().filter_map(|t| b.touchpoint(&t.id).map(|u| (*t, u))).collect();
    for (t, u) in &both {
        if t.stage != u.stage {
            d.touchpoints_moved.push(change(&t.id, "stage", t.stage.clone(), u.stage.clone()));
        }
        for (field, x, y) in [
            ("name", t.name.clone(), u.name.clone()),
            ("channel", t.channel.to_string(), u.channel.to_string()),
            ("owner", t.owner.clone().unwrap_or_default(), u.owner.clone().unwrap_or_default()),
        ] {
            if x != y {
                d.touchpoints_changed.push(change(&t.id, field, x, y));
            }
        }
        if t.emotion != u.emotion {
            d.emotion_changes.push(change(&t.id, "emotion", t.emotion, u.emotion));
        }
        let mut personas: Vec<&String> = t.persona_emotions.keys().chain(u.persona_emotions.keys()).collect();
        personas.sort();
        personas.dedup();
        for p in personas {
            let (x, y) = (t.persona_emotions.get(p).copied(), u.persona_emotions.get(p).copied());
            if x != y {
                d.emotion_changes.push(change(&t.id, &format!("emotion:{p}"), x, y));
            }
        }
        for ((field, x), (_, y)) in metric_values(&t.metrics).into_iter().zip(metric_values(&u.metrics)) {
            if x != y {
                d.metric_changes.push(change(&t.id, field, x, y));
            }
        }
    }
    let pairs =
        |j: &Journey| -> Vec<(String, String)> { j.transitions().map(|t| (t.from.clone(), t.to.clone())).collect() };
    let (ta, tb) = (pairs(a), pairs(b));
    let in_a: HashSet<&(String, String)> = ta.iter().collect();
    let in_b: HashSet<&(String, String)> = tb.iter().collect();
    d.transitions_removed = ta.iter().filter(|p| !in_b.contains(p)).cloned().collect();
    d.transitions_added = tb.iter().filter(|p| !in_a.contains(p)).cloned().collect();

    let (sa, sb) = (a.score(model)?, b.score(model)?);
    let mut scores = |id: &str, x: f64, y: f64| {
        if (x - y).abs() >= 0.05 {
            d.score_changes.push(change(id, "score", x, y));
        }
    };
    scores("journey", sa.score.value, sb.score.value);
    // Looked up by id (the first of an id, as `JourneyScore::stage` and `touchpoint` find), not by a scan per item.
    let stages_b: HashMap<&str, f64> = sb.stages.iter().rev().map(|s| (s.stage.as_str(), s.score.value)).collect();
    for s in &sa.stages {
        if let Some(o) = stages_b.get(s.stage.as_str()) {
            scores(&s.stage, s.score.value, *o);
        }
    }
    let touchpoints_b: HashMap<&str, f64> =
        sb.touchpoints.iter().rev().map(|t| (t.touchpoint.as_str(), t.score.value)).collect();
    for t in &sa.touchpoints {
        if let Some(o) = touchpoints_b.get(t.touchpoint.as_str()) {
            scores(&t.touchpoint, t.score.value, *o);
        }
    }
    Ok(d)
}
