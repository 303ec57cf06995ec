//! Bootstrap intervals on attribution shares: how sure each touchpoint's share of the conversions is.
//!
//! The percentile bootstrap over customers: the customers are drawn with replacement, as many as there are,
//! `resamples` times; each resample is attributed with the same model, and each touchpoint's interval is
//! the `(1 - level) / 2` and `(1 + level) / 2` quantiles of its share of the conversions over the
//! resamples (0 in a resample where it earned nothing). A resample is the exact merge of the customers'
//! partial sums, each counted as many times as it was drawn, so a heuristic model's resample costs no pass
//! over the events and the Markov model solves the chain of the resample's own moves.
//!
//! The draws are reproducible on every platform and in every language for a seed:
//!
//! - the generator is SplitMix64 (Steele, Lea and Flood 2014): the state starts at `seed`; each draw adds
//!   `0x9E3779B97F4A7C15` to it (wrapping) and returns it mixed as `z ^= z >> 30; z *= 0xBF58476D1CE4E5B9;
//!   z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31` (wrapping products). It is a fixed, published
//!   algorithm of a few lines, which a test in plain Python repeats exactly, where a generator crate may
//!   change its stream between versions; its statistical quality is ample for drawing customers;
//! - the customers are taken in the order of their ids (byte order), whatever the order of the input; with
//!   [`AttributionOptions::per_conversion`] a customer is drawn with all their journeys (the id before the
//!   last [`super::JOURNEY_SEPARATOR`]);
//! - resample after resample, each of the `n` draws picks customer `(x * n) >> 64` of the next number `x`
//!   (128-bit product);
//! - the quantile of probability `p` of the `m` sorted shares `s` is numpy's default (linear, type 7):
//!   `h = (m - 1) p`, `s[floor h] + (h - floor h) (s[floor h + 1] - s[floor h])`.
//!
//! The work runs on the calling thread, resample after resample, so it does not depend on the threads.

use std::ops::ControlFlow;

use rustc_hash::FxHashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::attribution::{AttributionModelName, AttributionOptions, AttributionPartial};
use super::log::EventLog;
use super::progress::{EVENT_WORK, Progress, Reporter};
use crate::error::{Error, Result};

/// How to bootstrap: how many resamples, the confidence level of the intervals and the seed of the draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BootstrapOptions {
    /// Resamples of the customers, 1..=[`BootstrapOptions::MAX_RESAMPLES`] (default 200).
    pub resamples: usize,
    /// The confidence level of the intervals, in (0, 1) (default 0.95).
    pub level: f64,
    /// The seed of the draws (default 0): the same seed gives the same intervals everywhere.
    pub seed: u64,
}

impl Default for BootstrapOptions {
    fn default() -> Self {
        BootstrapOptions { resamples: 200, level: 0.95, seed: 0 }
    }
}

impl BootstrapOptions {
    /// The most resamples asked for at once: 10,000.
    pub const MAX_RESAMPLES: usize = 10_000;

    /// Whether the options are in their domain.
    ///
    /// # Errors
    /// [`Error::Argument`] named `resamples` outside 1..=[`BootstrapOptions::MAX_RESAMPLES`], or `level`
    /// not strictly between 0 and 1.
    pub fn check(&self) -> Result<()> {
        if !(1..=Self::MAX_RESAMPLES).contains(&self.resamples) {
            return Err(Error::Argument {
                name: "resamples".into(),
                message: format!("{} is outside 1..={}", self.resamples, Self::MAX_RESAMPLES),
            });
        }
        if !(self.level > 0.0 && self.level < 1.0) {
            return Err(Error::Argument {
                name: "level".into(),
                message: format!("{} is not a confidence level strictly between 0 and 1", self.level),
            });
        }
        Ok(())
    }
}

/// A touchpoint's share of the conversions and its bootstrap interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct AttributionInterval {
    /// Touchpoint id.
    pub touchpoint: String,
    /// Its share of the conversions in the log (0..=1).
    pub share: f64,
    /// The lower end of the interval: the `(1 - level) / 2` quantile of the resamples' shares.
    pub low: f64,
    /// The upper end of the interval: the `(1 + level) / 2` quantile of the resamples' shares.
    pub high: f64,
}

/// Bootstrap intervals on the shares of an attribution ([`EventLog::attribution_intervals`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct AttributionIntervals {
    /// The model attributed.
    pub model: AttributionModelName,
    /// The confidence level of the intervals.
    pub level: f64,
    /// The seed of the draws.
    pub seed: u64,
    /// Customers, the units drawn.
    pub customers: u64,
    /// Conversions in the log.
    pub conversions: u64,
    /// Resamples that held a conversion, those the quantiles are over (a resample of customers who did
    /// not convert has no shares).
    pub resamples: usize,
    /// One row per touchpoint of the attribution, in its order (most credited first, ties by id).
    pub rows: Vec<AttributionInterval>,
}

/// SplitMix64 (Steele, Lea and Flood 2014), the generator the bootstrap draws with, as the `bootstrap`
/// module documents it: a fixed stream for a seed on every platform, a few lines to repeat in any language.
///
/// ```
/// use journey_core::analytics::SplitMix64;
///
/// let mut rng = SplitMix64::new(0);
/// assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
/// assert!(rng.below(10) < 10 && rng.unit() < 1.0);
/// ```
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// The generator whose state starts at `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next number of the stream.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0): the high half of the 128-bit product of the next number and
    /// `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `[0, 1)`: the next number's top 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The quantile of probability `p` of sorted values (linear interpolation, numpy's default).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else { return f64::NAN };
    let (lo, frac) = super::stats::quantile_position(sorted.len(), p);
    let hi = (lo + 1).min(last);
    sorted[lo] + frac * (sorted[hi] - sorted[lo])
}

impl EventLog {
    /// Percentile bootstrap intervals on each touchpoint's share of the conversions under the attribution
    /// that `options` ask for ([`EventLog::attribution_with`]), resampling customers as the `bootstrap`
    /// module documents. O(resamples × customers) merges of the customers' sums, plus for Markov a solve of
    /// each resample's chain.
    ///
    /// ```
    /// use journey_core::analytics::{AttributionOptions, BootstrapOptions, EventColumns, EventLog};
    ///
    /// let mut csv = String::from("customer_id,timestamp,touchpoint,converted\n");
    /// for i in 0..40 {
    ///     let first = if i % 4 == 0 { "email" } else { "ad" };
    ///     csv += &format!("c{i},2026-03-01T10:00:00Z,{first},0\nc{i},2026-03-01T11:00:00Z,buy,1\n");
    /// }
    /// let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
    /// let log = EventLog::from_csv_str(&csv, &columns)?;
    /// let options = AttributionOptions { model: Some("first_touch".into()), ..Default::default() };
    /// let intervals = log.attribution_intervals(&options, &BootstrapOptions { seed: 7, ..Default::default() })?;
    /// let ad = &intervals.rows[0];
    /// assert_eq!((ad.touchpoint.as_str(), ad.share), ("ad", 0.75));
    /// assert!(ad.low < 0.75 && 0.75 < ad.high);
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`BootstrapOptions::check`] and [`EventLog::attribution_with`].
    pub fn attribution_intervals(
        &self,
        options: &AttributionOptions,
        bootstrap: &BootstrapOptions,
    ) -> Result<AttributionIntervals> {
        self.attribution_intervals_with_progress(options, bootstrap, &mut |_| ControlFlow::Continue(()))
    }

    /// [`EventLog::attribution_intervals`], calling `progress` as the other long calls do (see
    /// [`Progress`]): the units are the resamples. `progress` returning `ControlFlow::Break(())` stops the
    /// work after the resample under way with [`Error::Cancelled`].
    ///
    /// # Errors
    /// As [`EventLog::attribution_intervals`], and [`Error::Cancelled`].
    pub fn attribution_intervals_with_progress(
        &self,
        options: &AttributionOptions,
        bootstrap: &BootstrapOptions,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<AttributionIntervals> {
        bootstrap.check()?;
        let model = options.model()?;
        let journeys = options.journeys()?;
        let split;
        let log = match &journeys {
            None => self,
            Some(j) => {
                split = self.journeys(j)?;
                &split
            }
        };
        let each = AttributionPartial::each_customer(log, model, options.collapse, options.value_weighted)?;
        // The attribution of the log, as `attribution_with` makes it: every customer once.
        let sum_of = |times: &mut dyn Iterator<Item = (usize, u32)>| {
            let mut sum = AttributionPartial::empty(model, options.collapse, options.value_weighted);
            for (i, t) in times {
                sum.add_times(&each[i], t);
            }
            sum.named(log).finish()
        };
        let full = sum_of(&mut (0..each.len()).map(|i| (i, 1)))?;
        // The customers in the order of their ids, each with the partials of their journeys.
        let mut ids: Vec<(&str, usize)> = log
            .customer_ids()
            .enumerate()
            .map(|(i, id)| {
                let unit =
                    if journeys.is_some() { id.rsplit_once(super::JOURNEY_SEPARATOR).map_or(id, |s| s.0) } else { id };
                (unit, i)
            })
            .collect();
        ids.sort_unstable();
        let mut units: Vec<Vec<usize>> = Vec::new();
        for (k, &(id, i)) in ids.iter().enumerate() {
            match units.last_mut() {
                Some(u) if k > 0 && ids[k - 1].0 == id => u.push(i),
                _ => units.push(vec![i]),
            }
        }
        let n = units.len();
        let mut shares: Vec<Vec<f64>> = vec![Vec::with_capacity(bootstrap.resamples); full.rows.len()];
        let mut rep = Reporter::new(progress, "attribution bootstrap");
        rep.begin(bootstrap.resamples as u64, (self.len() as u64).saturating_mul(EVENT_WORK))?;
        let mut rng = SplitMix64::new(bootstrap.seed);
        let mut drawn = vec![0u32; n];
        // Without a touchpoint credited (no conversion, or no customer) there is no share to draw.
        let draws = if full.rows.is_empty() { 0 } else { bootstrap.resamples };
        for _ in 0..draws {
            drawn.fill(0);
            for _ in 0..n {
                // Less than n: an index of the customers.
                drawn[rng.below(n as u64) as usize] += 1;
            }
            let mut picked = units
                .iter()
                .zip(&drawn)
                .filter(|(_, t)| **t > 0)
                .flat_map(|(unit, &t)| unit.iter().map(move |&i| (i, t)));
            let a = sum_of(&mut picked)?;
            rep.advance(1)?;
            if a.conversions == 0 {
                continue;
            }
            let earned: FxHashMap<&str, f64> = a.rows.iter().map(|r| (r.touchpoint.as_str(), r.conversions)).collect();
            for (row, s) in full.rows.iter().zip(&mut shares) {
                s.push(earned.get(row.touchpoint.as_str()).copied().unwrap_or(0.0) / a.conversions as f64);
            }
        }
        rep.end()?;
        let used = shares.first().map_or(0, Vec::len);
        if used == 0 && !full.rows.is_empty() {
            return Err(Error::Argument {
                name: "resamples".into(),
                message: format!("none of the {} resamples held a conversion: ask for more", bootstrap.resamples),
            });
        }
        let (p_low, p_high) = ((1.0 - bootstrap.level) / 2.0, (1.0 + bootstrap.level) / 2.0);
        let rows = full
            .rows
            .iter()
            .zip(shares)
            .map(|(row, mut s)| {
                s.sort_unstable_by(f64::total_cmp);
                AttributionInterval {
                    touchpoint: row.touchpoint.clone(),
                    share: if full.conversions > 0 { row.conversions / full.conversions as f64 } else { 0.0 },
                    low: quantile(&s, p_low),
                    high: quantile(&s, p_high),
                }
            })
            .collect();
        Ok(AttributionIntervals {
            model: model.kind(),
            level: bootstrap.level,
            seed: bootstrap.seed,
            customers: n as u64,
            conversions: full.conversions,
            resamples: used,
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{SplitMix64, quantile};

    #[test]
    fn splitmix64_gives_the_published_stream() {
        // The first outputs of the reference implementation (Vigna's splitmix64.c) from state 0.
        let mut rng = SplitMix64::new(0);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(first, [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F]);
    }

    #[test]
    fn quantiles_interpolate_as_numpy_does() {
        let s = [0.0, 1.0, 2.0, 4.0];
        assert_eq!(quantile(&s, 0.5), 1.5);
        assert_eq!(quantile(&s, 1.0), 4.0);
        assert_eq!(quantile(&s, 0.0), 0.0);
        assert!((quantile(&s, 0.9) - 3.4).abs() < 1e-12);
    }
}
