//! Writing observations onto a map, so that its scores and gaps use real numbers.

use std::collections::{HashMap, HashSet, VecDeque};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::discover::{Discovery, DropOff};
use crate::model::{Channel, DurationStats, Journey, Touchpoint, TouchpointRole, Transition};

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
    /// Touchpoints of the log the map did not know. Each is added to the map as a proposed touchpoint
    /// (`proposed: true`) with its figures, so that none of its events is lost.
    pub unknown_touchpoints: Vec<String>,
    /// Proposed touchpoints added to the map (those of `unknown_touchpoints` it could place: all of them,
    /// unless the map has no stage).
    pub added_touchpoints: u64,
    /// Stage KPIs whose `actual` was set: those named [`REPEAT_PURCHASE_RATE`] or
    /// [`CONVERSIONS_PER_CUSTOMER`].
    pub kpis: u64,
}

/// The name of the stage KPI (compared without regard to case) that [`Journey::apply`] sets to the share
/// of converting customers who converted at least twice; in percent when the KPI's unit is `%`, else as a
/// share 0..1. It usually belongs to the retention stage.
pub const REPEAT_PURCHASE_RATE: &str = "repeat purchase rate";

/// The name of the stage KPI (compared without regard to case) that [`Journey::apply`] sets to the mean
/// conversions of the customers who converted.
pub const CONVERSIONS_PER_CUSTOMER: &str = "conversions per customer";

impl Journey {
    /// Writes a discovery onto the map: for every touchpoint the log knows, `metrics.entered` (customers who
    /// came) and `metrics.completed` (of them, those whose journey did not end there without converting;
    /// without an outcome column, ending at a goal counts as converting) and `median_seconds` is left as it
    /// is; every observed transition between known touchpoints gets `observed`, `count`, `probability` (its
    /// share of the moves out of its source) and duration statistics, and transitions the map lacks are added
    /// with `expected: false`; `metrics.starts` counts the customers whose journey started there, and
    /// `metrics.exit_reasons` lists the top reasons of those who left there (from the log's reason column;
    /// replaced at every touchpoint the log visits, emptied where it gives none).
    ///
    /// A touchpoint of the log that the map lacks is not dropped: it is added as a proposed touchpoint
    /// (`proposed: true`, named by its id, role `optional`: the design does not send customers through it,
    /// so not passing it is no drop-off) in the stage of the known touchpoint customers most often come to
    /// it from (or, failing that, go to from it; or else the first stage), on that touchpoint's channel, with
    /// its figures and transitions like any other. The gaps then say where customers use it
    /// (`unmapped_touchpoint`).
    ///
    /// When customers converted, stage KPIs named [`REPEAT_PURCHASE_RATE`] (the share of converting
    /// customers who converted at least twice) and [`CONVERSIONS_PER_CUSTOMER`] (their mean conversions) get
    /// their `actual`, wherever they are (the retention stage, usually): the map keeps the target, the gaps
    /// then compare the two. A map without such KPIs is left as it is there. Returns what changed.
    pub fn apply(&mut self, observed: &Discovery) -> Applied {
        let mut applied = Applied::default();
        if observed.conversions > 0 {
            let repeat = observed.repeat_customers as f64 / observed.conversions as f64;
            let mean = observed.conversion_events as f64 / observed.conversions as f64;
            for k in self.kpis_mut() {
                let name = k.name.trim().to_lowercase();
                let value = if name == REPEAT_PURCHASE_RATE {
                    if k.unit.as_deref().map(str::trim) == Some("%") { repeat * 100.0 } else { repeat }
                } else if name == CONVERSIONS_PER_CUSTOMER {
                    mean
                } else {
                    continue;
                };
                k.actual = Some(value);
                applied.kpis += 1;
            }
        }
        self.propose_unknown(observed, &mut applied);
        let starts: HashMap<&str, u64> =
            observed.starts.iter().rev().map(|s| (s.touchpoint.as_str(), s.count)).collect();
        let no_outcome = observed.dropoff.is_empty() && observed.conversions == 0;
        // By touchpoint, the first row of each (a lookup per visit, not a scan).
        let ends: HashMap<&str, u64> = observed.ends.iter().rev().map(|e| (e.touchpoint.as_str(), e.count)).collect();
        let dropoff: HashMap<&str, &DropOff> =
            observed.dropoff.iter().rev().map(|d| (d.touchpoint.as_str(), d)).collect();
        let ends_unconverted = |j: &Journey, tp: &str| -> u64 {
            if no_outcome {
                // No outcome column: a journey that ends anywhere but at a goal did not convert.
                if j.is_goal(tp) { 0 } else { ends.get(tp).copied().unwrap_or(0) }
            } else {
                dropoff.get(tp).map_or(0, |d| d.customers)
            }
        };
        for v in &observed.visits {
            if self.touchpoint(&v.touchpoint).is_none() {
                continue;
            }
            let left = ends_unconverted(self, &v.touchpoint);
            let started = starts.get(v.touchpoint.as_str()).copied().unwrap_or(0);
            let changed = self.update_touchpoint(&v.touchpoint, |t| {
                t.metrics.entered = Some(v.customers);
                t.metrics.completed = Some(v.customers.saturating_sub(left));
                t.metrics.starts = Some(started);
                t.metrics.exit_reasons =
                    dropoff.get(v.touchpoint.as_str()).map(|d| d.reasons.clone()).unwrap_or_default();
            });
            applied.touchpoints += u64::from(changed.is_ok());
        }
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

    /// Adds the touchpoints of the log that the map lacks as proposed ones, each in the stage of its most
    /// common known neighbour (predecessor first). A touchpoint whose neighbours are all unknown waits until
    /// one of them is placed (chains of unknown touchpoints are placed one after another, each visited once
    /// per placed neighbour: linear in the log's transitions); those never reached go to the first stage.
    fn propose_unknown(&mut self, observed: &Discovery, applied: &mut Applied) {
        let mut unknown: Vec<&str> =
            observed.visits.iter().map(|v| v.touchpoint.as_str()).filter(|id| self.touchpoint(id).is_none()).collect();
        unknown.sort_unstable();
        unknown.dedup();
        applied.unknown_touchpoints = unknown.iter().map(|s| (*s).to_owned()).collect();
        let Some(first_stage) = self.stages().first().map(|s| s.id.clone()) else { return };
        // The moves of each unknown touchpoint, in the discovery's order (most taken first, then by id):
        // (the other touchpoint, count, whether the other is the predecessor).
        let wanted: HashSet<&str> = unknown.iter().copied().collect();
        let mut moves: HashMap<&str, Vec<(&str, u64, bool)>> = HashMap::new();
        for t in observed.transitions.iter().filter(|t| t.source != t.target) {
            if wanted.contains(t.target.as_str()) {
                moves.entry(&t.target).or_default().push((&t.source, t.count, true));
            }
            if wanted.contains(t.source.as_str()) {
                moves.entry(&t.source).or_default().push((&t.target, t.count, false));
            }
        }
        // The most taken move to or from a touchpoint the map has: predecessors first, then successors; ties
        // go to the first in the discovery's order.
        let place = |j: &Journey, id: &str| -> Option<(String, Channel)> {
            let list = moves.get(id)?;
            [true, false].into_iter().find_map(|into| {
                list.iter()
                    .filter(|(_, _, i)| *i == into)
                    .filter_map(|(other, c, _)| j.touchpoint(other).map(|n| (*c, n)))
                    .fold(None::<(u64, &Touchpoint)>, |best, (c, n)| match best {
                        Some((b, _)) if b >= c => best,
                        _ => Some((c, n)),
                    })
                    .map(|(_, n)| (n.stage.clone(), n.channel.clone()))
            })
        };
        let mut added: HashSet<&str> = HashSet::new();
        let mut queue: VecDeque<&str> = unknown.iter().copied().collect();
        while let Some(id) = queue.pop_front() {
            if added.contains(id) {
                continue;
            }
            let Some((stage, channel)) = place(self, id) else { continue };
            let mut t = Touchpoint::new(id, id, stage, channel);
            t.proposed = true;
            t.role = Some(TouchpointRole::Optional);
            if self.add_touchpoint(t).is_ok() {
                applied.added_touchpoints += 1;
                added.insert(id);
                // Its unknown neighbours may now be placed next to it.
                queue.extend(moves.get(id).into_iter().flatten().map(|(o, _, _)| *o).filter(|o| wanted.contains(o)));
            }
        }
        // No known neighbour anywhere: the first stage, on a channel named "unknown".
        for id in unknown.iter().filter(|id| !added.contains(*id)) {
            let mut t = Touchpoint::new(*id, *id, first_stage.clone(), Channel::Other("unknown".into()));
            t.proposed = true;
            t.role = Some(TouchpointRole::Optional);
            applied.added_touchpoints += u64::from(self.add_touchpoint(t).is_ok());
        }
    }
}
