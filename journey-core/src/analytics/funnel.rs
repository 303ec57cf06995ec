//! Closed ordered funnels: a customer counts at step k when they passed steps 1..k in that order (not
//! necessarily one right after another).
//!
//! A step that no event of the log has is refused ([`Error::NotFound`], listing the log's touchpoints), so
//! that a misspelt step cannot count 0 customers without a word; [`FunnelOptions::strict`] `false` allows
//! such steps, for a funnel over touchpoints that are planned but not yet in the data.

use std::ops::ControlFlow;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::csv::seconds_of_ns;
use super::durations::Durations;
use super::log::EventLog;
use super::progress::{EVENT_WORK, Progress, Reporter};
use crate::error::{Error, Result};
use crate::model::{Journey, known_ids};

/// How a funnel over touchpoint ids is read. Every field has a default, so `{}` is a valid set of options.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FunnelOptions {
    /// Refuse a step that no event of the log has (the default, `true`): [`Error::NotFound`] naming the
    /// step and listing the log's touchpoints. `false` lets such a step count 0 customers, for a funnel
    /// over touchpoints that are planned but not yet in the data.
    pub strict: bool,
    /// The conversion window in days (>= 0): a customer counts at step k only when they reached it within
    /// this long after step 1 (from any of their visits to step 1). `None`, the default, has no window.
    pub within_days: Option<f64>,
}

impl Default for FunnelOptions {
    fn default() -> Self {
        FunnelOptions { strict: true, within_days: None }
    }
}

impl FunnelOptions {
    /// Whether the options are in their domain, as a funnel checks them before it counts.
    ///
    /// # Errors
    /// [`Error::Argument`] named `within_days` for a window that is not a number of days of at least 0.
    pub fn check(&self) -> Result<()> {
        super::anchor::window_in_days("within_days", self.within_days).map(|_| ())
    }
}

/// One step of a funnel, with the time customers took to it from the step before.
///
/// The times are those of each customer's last start at step 1 from which they got as far as they got
/// (within the window, if any), each later step at its first event after the step before: a customer who
/// tried twice is timed on the try that got furthest. Quantiles interpolate linearly between the two
/// nearest times (numpy's default). They are `None` for the first step and for a step no customer
/// reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct FunnelStep {
    /// The step: a touchpoint id, or a stage id for a stage funnel.
    pub step: String,
    /// Customers who reached this step after all the earlier ones.
    pub customers: u64,
    /// customers / customers at the previous step (1 for the first step with customers).
    pub step_conversion: f64,
    /// customers / customers at the first step.
    pub overall_conversion: f64,
    /// Median time from the step before, in seconds.
    pub median_seconds: Option<f64>,
    /// 25th percentile of the time from the step before, in seconds.
    pub p25_seconds: Option<f64>,
    /// 75th percentile of the time from the step before, in seconds.
    pub p75_seconds: Option<f64>,
    /// 90th percentile of the time from the step before, in seconds.
    pub p90_seconds: Option<f64>,
    /// Shortest time from the step before, in seconds.
    pub min_seconds: Option<f64>,
    /// Longest time from the step before, in seconds.
    pub max_seconds: Option<f64>,
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

/// Customers per step of a funnel, as a partial result that merges by adding. Serialised with serde as
/// its fields (the times as [`Durations`] do); reading refuses counts that do not hold together.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "FunnelCountsWire")]
pub struct FunnelCounts {
    /// The step names.
    pub steps: Vec<String>,
    /// Customers who reached each step in order.
    pub reached: Vec<u64>,
    /// Customers looked at.
    pub customers: u64,
    /// The conversion window, in days ([`FunnelOptions::within_days`]).
    pub within_days: Option<f64>,
    /// For each step, the times from the step before of the customers who reached it, in nanoseconds
    /// (none for the first step; see [`FunnelStep`] for which times).
    pub step_ns: Vec<Durations>,
}

/// [`FunnelCounts`] as read, before its counts are checked.
#[derive(Deserialize)]
struct FunnelCountsWire {
    steps: Vec<String>,
    reached: Vec<u64>,
    customers: u64,
    within_days: Option<f64>,
    step_ns: Vec<Durations>,
}

impl TryFrom<FunnelCountsWire> for FunnelCounts {
    type Error = Error;

    /// The counts, once there is one count and one list of times per step, the counts do not grow from a
    /// step to the next and each step (past the first) has one time per customer.
    fn try_from(w: FunnelCountsWire) -> Result<Self> {
        use super::wire::ensure;
        let n = w.steps.len();
        ensure(w.reached.len() == n && w.step_ns.len() == n, || {
            format!("a funnel of {n} steps has {} counts and {} lists of times", w.reached.len(), w.step_ns.len())
        })?;
        ensure(w.reached.first().is_none_or(|r| *r <= w.customers), || {
            "a funnel counts more customers at its first step than it has".into()
        })?;
        ensure(w.reached.windows(2).all(|r| r[1] <= r[0]), || "a funnel's counts grow from a step to the next".into())?;
        ensure(
            w.step_ns.iter().zip(&w.reached).enumerate().all(|(i, (t, r))| t.len() == if i == 0 { 0 } else { *r }),
            || "a funnel's times are not one per customer at each step".into(),
        )?;
        super::anchor::window_in_days("within_days", w.within_days).map_err(super::wire::corrupt)?;
        Ok(FunnelCounts {
            steps: w.steps,
            reached: w.reached,
            customers: w.customers,
            within_days: w.within_days,
            step_ns: w.step_ns,
        })
    }
}

impl FunnelCounts {
    /// Adds the counts over other customers.
    ///
    /// # Errors
    /// [`Error::Argument`] when the steps or the windows differ.
    pub fn merge(&mut self, other: &FunnelCounts) -> Result<()> {
        if self.steps != other.steps {
            return Err(Error::Argument {
                name: "steps".into(),
                message: "funnels with different steps do not merge".into(),
            });
        }
        if self.within_days != other.within_days {
            return Err(Error::Argument {
                name: "within_days".into(),
                message: "funnels with different windows do not merge".into(),
            });
        }
        for (a, b) in self.reached.iter_mut().zip(&other.reached) {
            *a += b;
        }
        self.step_ns.resize(self.steps.len(), Durations::default());
        for (a, b) in self.step_ns.iter_mut().zip(&other.step_ns) {
            a.merge(b);
        }
        self.customers += other.customers;
        Ok(())
    }

    /// The sum of the counts, for the checks of a partial read from bytes.
    pub(crate) fn counted(&self) -> u128 {
        u128::from(self.customers) + self.reached.iter().map(|r| u128::from(*r)).sum::<u128>()
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
            .map(|(i, (name, &n))| {
                let ns = self.step_ns.get(i).filter(|_| i > 0);
                let q = |at: f64| ns.and_then(|d| d.quantile(at)).map(seconds_of_ns);
                let (median, p25, p75, p90, min, max) = (q(0.5), q(0.25), q(0.75), q(0.9), q(0.0), q(1.0));
                FunnelStep {
                    step: name.clone(),
                    customers: n,
                    step_conversion: if i == 0 { ratio(n, n) } else { ratio(n, self.reached[i - 1]) },
                    overall_conversion: ratio(n, first),
                    median_seconds: median,
                    p25_seconds: p25,
                    p75_seconds: p75,
                    p90_seconds: p90,
                    min_seconds: min,
                    max_seconds: max,
                }
            })
            .collect();
        Funnel { steps, customers: self.customers }
    }
}

/// The steps of a funnel as a customer's events meet them.
struct Matcher<'a> {
    steps: &'a [Vec<u32>],
    /// For each touchpoint code, the steps it is, last first.
    member: Vec<Vec<usize>>,
    /// The window in nanoseconds, if any.
    within: Option<i64>,
}

impl Matcher<'_> {
    fn new(steps: &[Vec<u32>], codes: usize, within: Option<i64>) -> Matcher<'_> {
        let mut member = vec![Vec::new(); codes];
        for (k, s) in steps.iter().enumerate().rev() {
            for &c in s {
                if let Some(m) = member.get_mut(c as usize)
                    && m.last() != Some(&k)
                {
                    m.push(k);
                }
            }
        }
        Matcher { steps, member, within }
    }

    fn in_time(&self, start: i64, t: i64) -> bool {
        self.within.is_none_or(|w| t - start <= w)
    }

    /// How far along the steps a customer's `path` (at `times`) gets, and the times they took from each
    /// step to the next (`took[k - 1]` to step k), pushed onto `took`.
    ///
    /// A pass keeps, for each step, the latest start at step 1 of the tries that have reached it so far:
    /// a later start leaves more of the window, so it is never worse. The deepest step reached is then
    /// followed again from that start, each step at its first event after the step before. O(events +
    /// steps).
    fn reach(&self, path: &[u32], times: &[i64], latest: &mut Vec<Option<i64>>, took: &mut Vec<i64>) -> usize {
        latest.clear();
        latest.resize(self.steps.len(), None);
        for (&x, &t) in path.iter().zip(times) {
            for &k in self.member.get(x as usize).map_or(&[][..], Vec::as_slice) {
                if k == 0 {
                    latest[0] = Some(t);
                } else if let Some(s) = latest[k - 1]
                    && self.in_time(s, t)
                {
                    latest[k] = latest[k].max(Some(s));
                }
            }
        }
        let Some(deepest) = latest.iter().rposition(Option::is_some) else { return 0 };
        let Some(start) = latest[deepest] else { return 0 };
        // From the first visit to step 1 at that time, each step at its first chance.
        let mut k = 0;
        let mut last = start;
        for (&x, &t) in path.iter().zip(times) {
            if k > deepest {
                break;
            }
            if k == 0 && t != start {
                continue;
            }
            if self.steps[k].contains(&x) && self.in_time(start, t) {
                if k > 0 {
                    took.push(t - last);
                }
                last = t;
                k += 1;
            }
        }
        deepest + 1
    }
}

impl EventLog {
    /// The counts of a funnel over the steps `steps` (sets of touchpoint codes, in order) named `names`
    /// within `within_days`, on all cores for large logs, counting the events looked at as `rep`'s units.
    fn funnel_of(
        &self,
        names: Vec<String>,
        steps: &[Vec<u32>],
        within_days: Option<f64>,
        rep: &mut Reporter<'_>,
    ) -> Result<FunnelCounts> {
        let within = super::anchor::window_in_days("within_days", within_days)?;
        let matcher = Matcher::new(steps, self.touchpoints.len(), within);
        let empty = || FunnelCounts {
            steps: names.clone(),
            reached: vec![0; steps.len()],
            customers: 0,
            within_days,
            step_ns: vec![Durations::default(); steps.len()],
        };
        let counts = super::log::in_chunks_reported(
            self,
            rep,
            |log, range, meter| {
                let mut counts = empty();
                let (mut latest, mut took) = (Vec::new(), Vec::new());
                for c in meter.walk(range, |&c| log.path(c).len() as u64) {
                    let path = log.path(c);
                    if path.is_empty() {
                        continue;
                    }
                    counts.customers += 1;
                    took.clear();
                    let depth = matcher.reach(path, &log.timestamp[log.events(c)], &mut latest, &mut took);
                    for r in counts.reached.iter_mut().take(depth) {
                        *r += 1;
                    }
                    for (k, t) in took.iter().enumerate() {
                        counts.step_ns[k + 1].push(*t);
                    }
                }
                counts
            },
            |mut a: FunnelCounts, b, _| {
                if a.steps.is_empty() {
                    return b;
                }
                // Partials of one funnel always merge.
                let _ = a.merge(&b);
                a
            },
        )?;
        Ok(if counts.steps.is_empty() { empty() } else { counts })
    }

    /// The touchpoint codes of the steps of a funnel over touchpoint ids read with `options`: each step
    /// checked against the log's touchpoints when the funnel is strict.
    pub(crate) fn funnel_steps_with(&self, steps: &[String], options: &FunnelOptions) -> Result<Vec<Vec<u32>>> {
        if options.strict {
            check_funnel_steps(steps, [self])?;
        }
        self.funnel_steps(steps)
    }

    /// How far along the funnel over `steps` (sets of touchpoint codes, in order) each customer gets, by
    /// index, by the rule the funnel counts with (within `within_days` of step 1, when given).
    pub(crate) fn funnel_depths(&self, steps: &[Vec<u32>], within_days: Option<f64>) -> Result<Vec<usize>> {
        let within = super::anchor::window_in_days("within_days", within_days)?;
        let matcher = Matcher::new(steps, self.touchpoints.len(), within);
        let (mut latest, mut took) = (Vec::new(), Vec::new());
        Ok((0..self.customer_count())
            .map(|c| {
                took.clear();
                matcher.reach(self.path(c), &self.timestamp[self.events(c)], &mut latest, &mut took)
            })
            .collect())
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
        self.funnel_counts_reported(steps_of(steps), None, &mut Reporter::silent("funnel"))
    }

    /// [`EventLog::funnel_counts`] within the window of `options` ([`FunnelOptions::within_days`]); a
    /// step this part of the data has not met counts 0 here whatever [`FunnelOptions::strict`] says.
    ///
    /// # Errors
    /// [`Error::Argument`] for an empty list of steps or a window that is not a number of days of at least 0.
    pub fn funnel_counts_with(
        &self,
        steps: impl IntoIterator<Item = impl AsRef<str>>,
        options: &FunnelOptions,
    ) -> Result<FunnelCounts> {
        self.funnel_counts_reported(steps_of(steps), options.within_days, &mut Reporter::silent("funnel"))
    }

    fn funnel_counts_reported(
        &self,
        steps: Vec<String>,
        within_days: Option<f64>,
        rep: &mut Reporter<'_>,
    ) -> Result<FunnelCounts> {
        let codes = self.funnel_steps(&steps)?;
        super::anchor::window_in_days("within_days", within_days)?;
        rep.begin(self.len() as u64, EVENT_WORK)?;
        let counts = self.funnel_of(steps, &codes, within_days, rep)?;
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
        self.funnel_counts_reported(steps_of(steps), None, &mut Reporter::new(progress, "funnel"))
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
    /// let planned = log.funnel_with(["alpha", "nonexistent"], &FunnelOptions { strict: false, ..FunnelOptions::default() })?;
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
        if options.strict {
            check_funnel_steps(&steps, [self])?;
        }
        Ok(self.funnel_counts_reported(steps, options.within_days, rep)?.finish())
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
        let counts = self.stage_funnel_counts_reported(journey, rep)?;
        rep.end()?;
        Ok(counts.finish())
    }

    /// The counts of the stage funnel of a map ([`EventLog::stage_funnel`]), to merge with the counts
    /// over other customers.
    pub fn stage_funnel_counts(&self, journey: &Journey) -> FunnelCounts {
        // A silent reporter never stops the work.
        self.stage_funnel_counts_reported(journey, &mut Reporter::silent("stage funnel")).unwrap_or_default()
    }

    fn stage_funnel_counts_reported(&self, journey: &Journey, rep: &mut Reporter<'_>) -> Result<FunnelCounts> {
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
        self.funnel_of(journey.stages().iter().map(|s| s.id.clone()).collect(), &codes, None, rep)
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
    let steps: Vec<String> = steps_of(steps);
    if steps.iter().all(|step| logs.clone().into_iter().any(|log| log.touchpoints.get(step).is_some())) {
        return Ok(());
    }
    let ids: Vec<&str> = logs.into_iter().flat_map(|log| log.touchpoint_ids()).map(String::as_str).collect();
    check_steps_in(&steps, &ids)
}

/// Checks each of `steps` against the touchpoints `known` (in any order, repeats allowed), as
/// [`check_funnel_steps`] does against logs.
///
/// # Errors
/// As [`check_funnel_steps`].
pub(crate) fn check_steps_in(steps: &[String], known: &[&str]) -> Result<()> {
    let set: std::collections::HashSet<&str> = known.iter().copied().collect();
    if let Some(step) = steps.iter().find(|s| !set.contains(s.as_str())) {
        // Sorted, so that the message does not depend on the order of the rows.
        let mut ids: Vec<&str> = set.into_iter().collect();
        ids.sort_unstable();
        let known = known_ids("log", "touchpoint", &ids);
        return Err(Error::NotFound { what: "touchpoint", id: step.clone(), known });
    }
    Ok(())
}
