//! Closed ordered funnels: a customer counts at step k when they passed steps 1..k in that order (not
//! necessarily one right after another).
//!
//! A step that no event of the log has is refused ([`Error::NotFound`], listing the log's touchpoints), so
//! that a misspelt step cannot count 0 customers without a word; [`FunnelOptions::strict`] `false` allows
//! such steps, for a funnel over touchpoints that are planned but not yet in the data.

use std::ops::ControlFlow;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::log::EventLog;
use super::progress::{EVENT_WORK, Progress, Reporter};
use crate::error::{Error, Result};
use crate::model::{Journey, known_ids};

/// How a funnel over touchpoint ids is read. Every field has a default, so `{}` is a valid set of options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FunnelOptions {
    /// Refuse a step that no event of the log has (the default, `true`): [`Error::NotFound`] naming the
    /// step and listing the log's touchpoints. `false` lets such a step count 0 customers, for a funnel
    /// over touchpoints that are planned but not yet in the data.
    pub strict: bool,
}

impl Default for FunnelOptions {
    fn default() -> Self {
        FunnelOptions { strict: true }
    }
}

/// One step of a funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct FunnelStep {
    /// The step: a touchpoint id, or a stage id for a stage funnel.
    pub step: String,
    /// Customers who reached this step after all the earlier ones.
    pub customers: u64,
    /// customers / customers at the previous step (1 for the first step with customers).
    pub step_conversion: f64,
    /// customers / customers at the first step.
    pub overall_conversion: f64,
}

/// A funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Funnel {
    /// The steps, in order.
    pub steps: Vec<FunnelStep>,
    /// Customers in the log.
    pub customers: u64,
}

/// Customers per step of a funnel, as a partial result that merges by adding.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FunnelCounts {
    /// The step names.
    pub steps: Vec<String>,
    /// Customers who reached each step in order.
    pub reached: Vec<u64>,
    /// Customers looked at.
    pub customers: u64,
}

impl FunnelCounts {
    /// Adds the counts over other customers.
    ///
    /// # Errors
    /// [`Error::Argument`] when the steps differ.
    pub fn merge(&mut self, other: &FunnelCounts) -> Result<()> {
        if self.steps != other.steps {
            return Err(Error::Argument {
                name: "steps".into(),
                message: "funnels with different steps do not merge".into(),
            });
        }
        for (a, b) in self.reached.iter_mut().zip(&other.reached) {
            *a += b;
        }
        self.customers += other.customers;
        Ok(())
    }

    /// The finished funnel.
    pub fn finish(&self) -> Funnel {
        let first = self.reached.first().copied().unwrap_or(0);
        let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let steps = self
            .steps
            .iter()
            .zip(&self.reached)
            .enumerate()
            .map(|(i, (name, &n))| FunnelStep {
                step: name.clone(),
                customers: n,
                step_conversion: if i == 0 { ratio(n, n) } else { ratio(n, self.reached[i - 1]) },
                overall_conversion: ratio(n, first),
            })
            .collect();
        Funnel { steps, customers: self.customers }
    }
}

/// How far along `steps` (sets of touchpoint codes, in order) a sequence gets, matching each step at its
/// earliest chance (which is optimal for an ordered subsequence).
pub(crate) fn depth(path: &[u32], steps: &[Vec<u32>]) -> usize {
    let mut k = 0;
    for t in path {
        if k < steps.len() && steps[k].contains(t) {
            k += 1;
        }
    }
    k
}

impl EventLog {
    /// The counts of a funnel over the steps `steps` (sets of touchpoint codes, in order) named `names`, on
    /// all cores for large logs, counting the events looked at as `rep`'s units.
    fn funnel_of(&self, names: Vec<String>, steps: &[Vec<u32>], rep: &mut Reporter<'_>) -> Result<FunnelCounts> {
        let (reached, customers) = super::log::in_chunks_reported(
            self,
            rep,
            |log, range, meter| {
                let mut reached = vec![0u64; steps.len()];
                let mut customers = 0u64;
                for c in meter.walk(range, |&c| log.path(c).len() as u64) {
                    let path = log.path(c);
                    if path.is_empty() {
                        continue;
                    }
                    customers += 1;
                    for r in reached.iter_mut().take(depth(path, steps)) {
                        *r += 1;
                    }
                }
                (reached, customers)
            },
            |(mut a, n), (b, m), _| {
                if a.len() < b.len() {
                    a.resize(b.len(), 0);
                }
                for (x, y) in a.iter_mut().zip(&b) {
                    *x += y;
                }
                (a, n + m)
            },
        )?;
        let mut reached = reached;
        reached.resize(steps.len(), 0);
        Ok(FunnelCounts { steps: names, reached, customers })
    }

    /// The touchpoint codes of the steps of a funnel over touchpoint ids read with `options`: each step
    /// checked against the log's touchpoints when the funnel is strict.
    pub(crate) fn funnel_steps_with(&self, steps: &[String], options: &FunnelOptions) -> Result<Vec<Vec<u32>>> {
        if options.strict {
            check_funnel_steps(steps, [self])?;
        }
        self.funnel_steps(steps)
    }

    /// The touchpoint codes of the steps of a funnel over touchpoint ids.
    fn funnel_steps(&self, steps: &[String]) -> Result<Vec<Vec<u32>>> {
        if steps.is_empty() {
            return Err(Error::Argument { name: "steps".into(), message: "a funnel needs at least one step".into() });
        }
        // A touchpoint the log never mentions matches nothing (code beyond the dictionary).
        Ok(steps.iter().map(|s| vec![self.touchpoints.get(s).unwrap_or(u32::MAX)]).collect())
    }

    /// Counts of a closed funnel over touchpoint ids, to merge with counts over other customers. A step
    /// that this part of the data has not met counts 0 here (another part may have it): check the steps
    /// against the whole log with [`check_funnel_steps`] when that matters.
    ///
    /// # Errors
    /// [`Error::Argument`] for an empty list of steps.
    pub fn funnel_counts(&self, steps: impl IntoIterator<Item = impl AsRef<str>>) -> Result<FunnelCounts> {
        self.funnel_counts_reported(steps_of(steps), &mut Reporter::silent("funnel"))
    }

    fn funnel_counts_reported(&self, steps: Vec<String>, rep: &mut Reporter<'_>) -> Result<FunnelCounts> {
        let codes = self.funnel_steps(&steps)?;
        self.counted(steps, &codes, rep)
    }

    /// [`EventLog::funnel_of`] between the reports of its start and its end.
    fn counted(&self, steps: Vec<String>, codes: &[Vec<u32>], rep: &mut Reporter<'_>) -> Result<FunnelCounts> {
        rep.begin(self.len() as u64, EVENT_WORK)?;
        let counts = self.funnel_of(steps, codes, rep)?;
        rep.end()?;
        Ok(counts)
    }

    /// [`EventLog::funnel_counts`], calling `progress` at the start, every few milliseconds of work and at
    /// the end, with the events looked at (see [`Progress`]); `progress` returning `ControlFlow::Break(())`
    /// stops the work within a few milliseconds.
    ///
    /// # Errors
    /// [`Error::Argument`] for an empty list of steps; [`Error::Cancelled`] when `progress` asked to stop.
    pub fn funnel_counts_with_progress(
        &self,
        steps: impl IntoIterator<Item = impl AsRef<str>>,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<FunnelCounts> {
        self.funnel_counts_reported(steps_of(steps), &mut Reporter::new(progress, "funnel"))
    }

    /// A closed ordered funnel over touchpoint ids, each of which the log must have (see
    /// [`EventLog::funnel_with`] to allow steps it has not met). O(events).
    ///
    /// ```
    /// use journey_core::analytics::{EventColumns, EventLog, FunnelOptions};
    ///
    /// let log = EventLog::from_csv_str("customer_id,timestamp,touchpoint\na,2026-03-01,alpha\n", &EventColumns::default())?;
    /// let error = log.funnel(["alpha", "nonexistent"]).unwrap_err(); // ok: the step is unknown
    /// assert_eq!(error.to_string(), r#"unknown touchpoint "nonexistent"; the log's touchpoints are alpha"#);
    /// let planned = log.funnel_with(["alpha", "nonexistent"], &FunnelOptions { strict: false })?;
    /// assert_eq!(planned.steps[1].customers, 0);
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Argument`] for an empty list of steps; [`Error::NotFound`] for a step that no event of the
    /// log has.
    pub fn funnel(&self, steps: impl IntoIterator<Item = impl AsRef<str>>) -> Result<Funnel> {
        self.funnel_with(steps, &FunnelOptions::default())
    }

    /// [`EventLog::funnel`] with `options`: with [`FunnelOptions::strict`] `false`, a step the log has not
    /// met counts 0 customers.
    ///
    /// # Errors
    /// [`Error::Argument`] for an empty list of steps; [`Error::NotFound`] for a step that no event of the
    /// log has, when `options.strict`.
    pub fn funnel_with(
        &self,
        steps: impl IntoIterator<Item = impl AsRef<str>>,
        options: &FunnelOptions,
    ) -> Result<Funnel> {
        self.funnel_reported(steps_of(steps), options, &mut Reporter::silent("funnel"))
    }

    /// [`EventLog::funnel_with`] following progress as [`EventLog::funnel_counts_with_progress`] does.
    ///
    /// # Errors
    /// [`Error::Argument`] for an empty list of steps; [`Error::NotFound`] for a step that no event of the
    /// log has, when `options.strict`; [`Error::Cancelled`] when `progress` asked to stop.
    pub fn funnel_with_progress(
        &self,
        steps: impl IntoIterator<Item = impl AsRef<str>>,
        options: &FunnelOptions,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<Funnel> {
        self.funnel_reported(steps_of(steps), options, &mut Reporter::new(progress, "funnel"))
    }

    fn funnel_reported(&self, steps: Vec<String>, options: &FunnelOptions, rep: &mut Reporter<'_>) -> Result<Funnel> {
        let codes = self.funnel_steps_with(&steps, options)?;
        Ok(self.counted(steps, &codes, rep)?.finish())
    }

    /// The stage funnel of a map: step k is reached by a customer who met a touchpoint of each of the stages
    /// 1..k in that order. Events at touchpoints the map does not know are passed over.
    pub fn stage_funnel(&self, journey: &Journey) -> Funnel {
        // A silent reporter never stops the work.
        self.stage_funnel_reported(journey, &mut Reporter::silent("stage funnel"))
            .unwrap_or_else(|_| FunnelCounts::default().finish())
    }

    /// [`EventLog::stage_funnel`] following progress as [`EventLog::funnel_counts_with_progress`] does.
    ///
    /// # Errors
    /// [`Error::Cancelled`] when `progress` asked to stop.
    pub fn stage_funnel_with_progress(
        &self,
        journey: &Journey,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<Funnel> {
        self.stage_funnel_reported(journey, &mut Reporter::new(progress, "stage funnel"))
    }

    fn stage_funnel_reported(&self, journey: &Journey, rep: &mut Reporter<'_>) -> Result<Funnel> {
        rep.begin(self.len() as u64, EVENT_WORK)?;
        let codes: Vec<Vec<u32>> = journey
            .stages()
            .iter()
            .map(|s| {
                journey
                    .touchpoints_in_stage(&s.id)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|t| self.touchpoints.get(&t.id))
                    .collect()
            })
            .collect();
        let counts = self.funnel_of(journey.stages().iter().map(|s| s.id.clone()).collect(), &codes, rep)?;
        rep.end()?;
        Ok(counts.finish())
    }
}

/// The steps of a funnel as given (ids, in order).
pub(crate) fn steps_of(steps: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<String> {
    steps.into_iter().map(|s| s.as_ref().to_owned()).collect()
}

/// The error for a funnel's steps given as something other than a list of touchpoint ids (a binding's
/// argument of the wrong type): `steps: expected a list of touchpoint ids, found str`, or for the step at
/// `index`, `steps[1]: expected a touchpoint id (text), found int`; `found` is the type's name in the
/// caller's language.
pub fn steps_wrong_type(index: Option<usize>, found: &str) -> Error {
    match index {
        None => Error::Argument {
            name: "steps".into(),
            message: format!("expected a list of touchpoint ids, found {found}"),
        },
        Some(i) => Error::Argument {
            name: format!("steps[{i}]"),
            message: format!("expected a touchpoint id (text), found {found}"),
        },
    }
}

/// Checks that each of a funnel's `steps` is a touchpoint of at least one of `logs` (the parts of the data
/// the funnel is counted over, or the logs a comparison puts side by side), as a strict funnel
/// ([`FunnelOptions::strict`]) requires.
///
/// # Errors
/// [`Error::NotFound`] naming the first step that none of the logs has, with the touchpoints they have
/// (`unknown touchpoint "nonexistent"; the log's touchpoints are alpha, beta`).
pub fn check_funnel_steps<'a>(
    steps: impl IntoIterator<Item = impl AsRef<str>>,
    logs: impl IntoIterator<Item = &'a EventLog> + Clone,
) -> Result<()> {
    for step in steps {
        let step = step.as_ref();
        if !logs.clone().into_iter().any(|log| log.touchpoints.get(step).is_some()) {
            // Sorted, so that the message does not depend on the order of the rows.
            let mut seen = std::collections::HashSet::new();
            let mut ids: Vec<&str> = logs
                .into_iter()
                .flat_map(|log| log.touchpoint_ids())
                .map(String::as_str)
                .filter(|id| seen.insert(*id))
                .collect();
            ids.sort_unstable();
            let known = known_ids("log", "touchpoint", &ids);
            return Err(Error::NotFound { what: "touchpoint", id: step.to_owned(), known });
        }
    }
    Ok(())
}
