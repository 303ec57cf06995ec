//! Writing observations onto a map, so that its scores and gaps use real numbers.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::discover::Discovery;
use crate::model::{DurationStats, Journey, Transition};

/// What [`Journey::apply`] changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Applied {
    /// Touchpoints whose metrics were set.
    pub touchpoints: u64,
    /// Transitions of the map marked as observed.
    pub transitions: u64,
    /// Observed transitions added to the map (as not expected by design).
    pub added_transitions: u64,
    /// Touchpoints of the log the map does not know (their events are not applied).
    pub unknown_touchpoints: Vec<String>,
}

impl Journey {
    /// Writes a discovery onto the map: for every touchpoint the log knows, `metrics.entered` (customers who
    /// came) and `metrics.completed` (of them, those whose journey did not end there without converting;
    /// without an outcome column, ending at a goal counts as converting) and `median_seconds` is left as it
    /// is; every observed transition between known touchpoints gets `observed`, `count`, `probability` (its
    /// share of the moves out of its source) and duration statistics, and transitions the map lacks are added
    /// with `expected: false`. Returns what changed.
    pub fn apply(&mut self, observed: &Discovery) -> Applied {
        let mut applied = Applied::default();
        let no_outcome = observed.dropoff.is_empty() && observed.conversions == 0;
        // By touchpoint, the first row of each (a lookup per visit, not a scan).
        let ends: HashMap<&str, u64> = observed.ends.iter().rev().map(|e| (e.touchpoint.as_str(), e.count)).collect();
        let dropoff: HashMap<&str, u64> =
            observed.dropoff.iter().rev().map(|d| (d.touchpoint.as_str(), d.customers)).collect();
        let ends_unconverted = |j: &Journey, tp: &str| -> u64 {
            if no_outcome {
                // No outcome column: a journey that ends anywhere but at a goal did not convert.
                if j.is_goal(tp) { 0 } else { ends.get(tp).copied().unwrap_or(0) }
            } else {
                dropoff.get(tp).copied().unwrap_or(0)
            }
        };
        for v in &observed.visits {
            if self.touchpoint(&v.touchpoint).is_none() {
                applied.unknown_touchpoints.push(v.touchpoint.clone());
                continue;
            }
            let left = ends_unconverted(self, &v.touchpoint);
            let changed = self.update_touchpoint(&v.touchpoint, |t| {
                t.metrics.entered = Some(v.customers);
                t.metrics.completed = Some(v.customers.saturating_sub(left));
            });
            applied.touchpoints += u64::from(changed.is_ok());
        }
        applied.unknown_touchpoints.sort();
        let mut out_of: HashMap<&str, u64> = HashMap::new();
        for t in &observed.transitions {
            *out_of.entry(&t.source).or_default() += t.count;
        }
        for t in &observed.transitions {
            if self.touchpoint(&t.source).is_none() || self.touchpoint(&t.target).is_none() {
                continue;
            }
            let probability = t.count as f64 / out_of.get(t.source.as_str()).copied().unwrap_or(1).max(1) as f64;
            let duration = DurationStats {
                mean_seconds: t.mean_seconds,
                median_seconds: t.median_seconds,
                p95_seconds: t.p95_seconds,
            };
            let set = |tr: &mut Transition| {
                tr.observed = true;
                tr.count = Some(t.count);
                tr.probability = Some(probability);
                tr.duration = Some(duration);
            };
            if self.update_transition(&t.source, &t.target, set) {
                applied.transitions += 1;
            } else {
                let mut tr = Transition::new(t.source.clone(), t.target.clone());
                tr.expected = false;
                set(&mut tr);
                applied.added_transitions += u64::from(self.add_transition(tr).is_ok());
            }
        }
        applied
    }
}
