//! Selecting customers: those at a step of a funnel or who dropped there, those who did (or did not) meet a
//! touchpoint, who met one and later another, and those whose path is one of the most common variants.
//!
//! Each selection is a new [`EventLog`] of the chosen customers with all their events, so every analysis
//! runs on it and selections compose (a selection of a selection); [`EventLog::customer_ids`] lists who
//! they are. The customers of a persona are [`EventLog::for_persona`]'s. A selection reads funnel steps and
//! variants by the same rules as [`EventLog::funnel`] and [`EventLog::discover`], so the customers at a
//! step are as many as the funnel counts there, and those of the top variants as many as those variants'
//! customers.
//!
//! ```
//! use journey_core::analytics::{DidThenOptions, EventColumns, EventLog, FunnelOptions, SelectOptions};
//!
//! let csv = "customer_id,timestamp,touchpoint\n\
//!            a,2026-03-01T10:00:00Z,ad\n\
//!            a,2026-03-01T10:05:00Z,site\n\
//!            a,2026-03-01T10:09:00Z,checkout\n\
//!            b,2026-03-02T09:00:00Z,site\n\
//!            b,2026-03-05T09:00:00Z,checkout\n\
//!            c,2026-03-02T09:00:00Z,ad\n";
//! let log = EventLog::from_csv_str(csv, &EventColumns::default())?;
//! let steps = ["ad", "site", "checkout"];
//! let ids = |log: &EventLog| log.customer_ids().map(str::to_owned).collect::<Vec<_>>();
//! assert_eq!(ids(&log.select_dropped_at_step(&steps, 0, &FunnelOptions::default())?), ["c"]);
//! let within_a_day = DidThenOptions { within_seconds: Some(86_400.0), ..DidThenOptions::default() };
//! assert_eq!(ids(&log.select_did_then("site", "checkout", &within_a_day)?), ["a"]);
//! // A selection of a selection.
//! let no_ad = log.select_did_not("ad", &SelectOptions::default())?;
//! assert_eq!(ids(&no_ad.select_top_variants(1)?), ["b"]);
//! assert_eq!(log.select_did("adverts", &SelectOptions::default()).unwrap_err().to_string(),
//!     r#"unknown touchpoint "adverts"; the log's touchpoints are ad, checkout, site"#);
//! # Ok::<(), journey_core::Error>(())
//! ```

use rustc_hash::FxHashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::discover::variant_order;
use super::funnel::{FunnelOptions, check_funnel_steps, steps_of};
use super::log::EventLog;
use crate::error::{Error, Result};
use crate::words;

/// How a selection by a touchpoint ([`EventLog::select_did`], [`EventLog::select_did_not`]) reads it. Every
/// field has a default, so `{}` is a valid set of options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SelectOptions {
    /// Refuse a touchpoint that no event of the log has (the default, `true`), as a strict funnel does
    /// ([`FunnelOptions::strict`]): [`Error::NotFound`] naming it and listing the log's touchpoints.
    /// `false` reads it as a touchpoint nobody met.
    pub strict: bool,
}

impl Default for SelectOptions {
    fn default() -> Self {
        SelectOptions { strict: true }
    }
}

/// How [`EventLog::select_did_then`] reads its two touchpoints. Every field has a default, so `{}` is a
/// valid set of options.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DidThenOptions {
    /// Refuse a touchpoint that no event of the log has (the default, `true`), as
    /// [`SelectOptions::strict`] does.
    pub strict: bool,
    /// At most this many seconds from the first touchpoint to the later one (0 or more; `None`, the
    /// default, for any time).
    pub within_seconds: Option<f64>,
}

impl Default for DidThenOptions {
    fn default() -> Self {
        DidThenOptions { strict: true, within_seconds: None }
    }
}

/// The `Error::Argument` for a step of a funnel of `steps` steps that is not in `0..=last`.
fn no_such_step(step: usize, steps: usize, last: usize, why: &str) -> Error {
    let range = if last == 0 { "0".to_owned() } else { format!("0 to {}", words::count(last as u64)) };
    Error::Argument {
        name: "step".into(),
        message: format!(
            "expected the index of a step {why} ({range}: the funnel has {}), found {}",
            words::plural(steps as u64, "step"),
            words::count(step as u64)
        ),
    }
}

impl EventLog {
    /// The customers who reached step `step` of the funnel over `steps` and, when `dropped`, not the next
    /// one.
    fn select_step(&self, steps: &[String], step: usize, options: &FunnelOptions, dropped: bool) -> Result<EventLog> {
        let codes = self.funnel_steps_with(steps, options)?;
        let n = steps.len();
        if !dropped && step >= n {
            return Err(no_such_step(step, n, n - 1, "of the funnel"));
        }
        if dropped && n == 1 {
            return Err(Error::Argument {
                name: "step".into(),
                message: format!(
                    "expected the index of a step before the last, found {}: a funnel of {} has no step to drop at",
                    words::count(step as u64),
                    words::plural(1, "step")
                ),
            });
        }
        // n ≥ 1 here (no steps are refused above), and `step` may be as large as a usize goes.
        if dropped && step >= n - 1 {
            return Err(no_such_step(step, n, n - 2, "before the last"));
        }
        // How many of the steps a customer passed in order, by the funnel's rule (and its window).
        let depths = self.funnel_depths(&codes, options.within_days)?;
        let reached = |c: usize| depths[c];
        Ok(self
            .select(|c| !self.path(c).is_empty() && if dropped { reached(c) == step + 1 } else { reached(c) > step }))
    }

    /// The customers who reached step `step` of the funnel over `steps` (touchpoint ids, in order): those
    /// who passed steps `0..=step` in that order, as [`EventLog::funnel_with`] counts them, so that there
    /// are `funnel.steps[step].customers` of them. `step` is an index into `steps`, 0 for the first.
    /// O(events).
    ///
    /// # Errors
    /// [`Error::Argument`] for an empty list of steps, and named `step` for a step past the last;
    /// [`Error::NotFound`] for a step that no event of the log has, when `options.strict`.
    pub fn select_at_step(
        &self,
        steps: impl IntoIterator<Item = impl AsRef<str>>,
        step: usize,
        options: &FunnelOptions,
    ) -> Result<EventLog> {
        self.select_step(&steps_of(steps), step, options, false)
    }

    /// The customers who reached step `step` of the funnel over `steps` but not the next one: those who
    /// left the funnel there, `funnel.steps[step].customers - funnel.steps[step + 1].customers` of them.
    /// `step` is an index into `steps` before the last one (every customer at the last step finished the
    /// funnel: [`EventLog::select_at_step`] gives them). O(events).
    ///
    /// # Errors
    /// [`Error::Argument`] for an empty list of steps, and named `step` for the last step or one past it;
    /// [`Error::NotFound`] for a step that no event of the log has, when `options.strict`.
    pub fn select_dropped_at_step(
        &self,
        steps: impl IntoIterator<Item = impl AsRef<str>>,
        step: usize,
        options: &FunnelOptions,
    ) -> Result<EventLog> {
        self.select_step(&steps_of(steps), step, options, true)
    }

    /// The code of a touchpoint to select by: `None` for one the log does not have (when not strict).
    fn touchpoint_to_select(&self, touchpoint: &str, strict: bool) -> Result<Option<u32>> {
        if strict {
            check_funnel_steps([touchpoint], [self])?;
        }
        Ok(self.touchpoints.get(touchpoint))
    }

    /// The customers who met `touchpoint` at least once. O(events).
    ///
    /// # Errors
    /// [`Error::NotFound`] for a touchpoint that no event of the log has, when `options.strict`.
    pub fn select_did(&self, touchpoint: &str, options: &SelectOptions) -> Result<EventLog> {
        let code = self.touchpoint_to_select(touchpoint, options.strict)?;
        Ok(self.select(|c| code.is_some_and(|t| self.path(c).contains(&t))))
    }

    /// The customers who never met `touchpoint`: the others of [`EventLog::select_did`]. O(events).
    ///
    /// # Errors
    /// [`Error::NotFound`] for a touchpoint that no event of the log has, when `options.strict`.
    pub fn select_did_not(&self, touchpoint: &str, options: &SelectOptions) -> Result<EventLog> {
        let code = self.touchpoint_to_select(touchpoint, options.strict)?;
        Ok(self.select(|c| code.is_none_or(|t| !self.path(c).contains(&t))))
    }

    /// The customers who met `first` and later `then`: an event at `first` and one at `then` after it in
    /// their order of events (as the funnel `[first, then]` reads it, so a tie in time counts in the log's
    /// order; `first` and `then` may be the same touchpoint, met twice). With
    /// [`DidThenOptions::within_seconds`], the later event is at most that long after the earlier one.
    /// O(events).
    ///
    /// # Errors
    /// [`Error::Argument`] named `within_seconds` for a time that is negative or not finite;
    /// [`Error::NotFound`] for a touchpoint that no event of the log has, when `options.strict`.
    pub fn select_did_then(&self, first: &str, then: &str, options: &DidThenOptions) -> Result<EventLog> {
        let within = match options.within_seconds {
            None => i64::MAX,
            Some(s) if s.is_finite() && s >= 0.0 => super::csv::window_ns(s, super::csv::NS_PER_SECOND),
            Some(s) => {
                return Err(Error::Argument {
                    name: "within_seconds".into(),
                    message: format!("expected a number of seconds, 0 or more, found {s}"),
                });
            }
        };
        let a = self.touchpoint_to_select(first, options.strict)?;
        let b = self.touchpoint_to_select(then, options.strict)?;
        let (Some(a), Some(b)) = (a, b) else { return Ok(self.select(|_| false)) };
        Ok(self.select(|c| {
            // The latest event at `first` so far: the closest to a later event at `then`.
            let mut latest: Option<i64> = None;
            for i in self.events(c) {
                let t = self.touchpoint[i];
                if t == b && latest.is_some_and(|at| self.timestamp[i] - at <= within) {
                    return true;
                }
                if t == a {
                    latest = Some(self.timestamp[i]);
                }
            }
            false
        }))
    }

    /// The customers whose path (every touchpoint they met, in order, repeats kept) is one of the `top` most
    /// common variants, as [`EventLog::discover`] lists them: most customers first, a tie by the paths in
    /// the order of the touchpoints' names, so the variants kept at a tie are the first ones of its list.
    /// O(events).
    ///
    /// # Errors
    /// [`Error::Argument`] named `top` for 0.
    pub fn select_top_variants(&self, top: usize) -> Result<EventLog> {
        if top == 0 {
            return Err(Error::Argument {
                name: "top".into(),
                message: "expected how many variants to keep, 1 or more, found 0".into(),
            });
        }
        let mut variants: FxHashMap<&[u32], u64> = FxHashMap::default();
        for c in 0..self.customer_count() {
            let path = self.path(c);
            if !path.is_empty() {
                *variants.entry(path).or_default() += 1;
            }
        }
        let (_, rank) = self.touchpoints.name_order();
        let mut ranked: Vec<(&[u32], u64)> = variants.into_iter().collect();
        ranked.sort_unstable_by(|a, b| variant_order(&rank, *a, *b));
        ranked.truncate(top);
        let kept: rustc_hash::FxHashSet<&[u32]> = ranked.into_iter().map(|(p, _)| p).collect();
        Ok(self.select(|c| kept.contains(self.path(c))))
    }
}
