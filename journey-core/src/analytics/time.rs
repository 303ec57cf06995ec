//! Time to convert: how long customers take from their first event to their first conversion, with the
//! customers who have not converted yet counted as censored (the Kaplan–Meier estimate of the share still
//! not converted after a given time).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use std::ops::ControlFlow;

use super::log::EventLog;
use super::progress::{EVENT_WORK, Progress, Reporter};
use crate::error::{Error, Result};

/// How [`EventLog::time_to_convert`] counts. Every field has a default, so `{}` is a valid set of options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TimeToConvertOptions {
    /// The end of the observation, in nanoseconds since 1970-01-01T00:00:00Z: a customer who has not
    /// converted is censored at this time less their first event. Default: the log's last event. It may not
    /// be before the log's last event (conversions after it would then count).
    pub as_of: Option<i64>,
}

/// One time of the Kaplan–Meier curve: a time at which some customers converted or were censored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct SurvivalStep {
    /// Time since the customers' first event, in seconds.
    pub seconds: f64,
    /// Customers whose time is this or later: not converted and not censored before it.
    pub at_risk: u64,
    /// Customers who converted at this time.
    pub events: u64,
    /// Customers censored at this time (not converted by the end of the observation).
    pub censored: u64,
    /// The share of customers not yet converted just after this time: the product over this time and the
    /// earlier ones of `1 - events / at_risk`.
    pub survival: f64,
    /// Greenwood's standard error of `survival`: `survival × sqrt(Σ events / (at_risk × (at_risk - events)))`
    /// over this time and the earlier ones; `None` once every customer at risk converted at a time (the sum
    /// is then undefined and the survival 0).
    pub standard_error: Option<f64>,
}

/// How long customers took from their first event to their first conversion ([`EventLog::time_to_convert`]).
///
/// A customer's first conversion is their first event with an outcome above zero; the time is from their
/// first event to it (0 when it is their first event). A customer who never converted is censored: all we
/// know is that their time is more than the end of the observation less their first event. Two customers
/// at the same time are a tie; at one time, conversions come before censorings (a customer censored at a
/// time was still at risk when the others converted then), the usual convention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct TimeToConvert {
    /// Customers in the log.
    pub customers: u64,
    /// Of them, those who converted: their times are observed.
    pub converted: u64,
    /// Those who did not (yet): censored.
    pub censored: u64,
    /// The end of the observation, in milliseconds since the epoch (rounded down to the millisecond, so that
    /// a JavaScript number holds it exactly; the option `as_of` is in nanoseconds): the option `as_of`, or the
    /// log's last event (0 for an empty log).
    pub as_of_ms: i64,
    /// The end of the observation to the nanosecond, as ISO 8601 text in UTC
    /// ([`words::instant`](crate::words::instant): `2026-03-20T12:00:00.000000250Z`, fractions as long as
    /// they need in threes), which [`parse_timestamp`](super::parse_timestamp) reads back exactly.
    pub as_of_iso: String,
    /// The shortest observed time, in seconds; `None` when nobody converted (so for the other figures).
    pub min_seconds: Option<f64>,
    /// The 25th percentile of the observed times (linear interpolation between the two nearest values, as
    /// numpy's default), in seconds.
    pub p25_seconds: Option<f64>,
    /// The median of the observed times (linear interpolation), in seconds.
    pub median_seconds: Option<f64>,
    /// The 75th percentile of the observed times (linear interpolation), in seconds.
    pub p75_seconds: Option<f64>,
    /// The 90th percentile of the observed times (linear interpolation), in seconds.
    pub p90_seconds: Option<f64>,
    /// The longest observed time, in seconds.
    pub max_seconds: Option<f64>,
    /// The Kaplan–Meier median time to convert, in seconds: the first time at which the share not yet
    /// converted is at most a half. `None` when it never falls that low (more than half the customers are
    /// censored before converting). Unlike `median_seconds`, it counts the customers who have not converted.
    pub km_median_seconds: Option<f64>,
    /// The Kaplan–Meier curve: one step per time at which customers converted or were censored, earliest
    /// first.
    pub curve: Vec<SurvivalStep>,
}

/// A product of fractions `(n - d) / n`, exact while numerator and denominator fit (so that a survival of
/// exactly a half is known to be one), in floating point after.
#[derive(Debug, Clone, Copy)]
enum Product {
    Exact(u128, u128),
    Float(f64),
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Product {
    fn times(self, num: u64, den: u64) -> Product {
        match self {
            Product::Exact(a, b) => match (a.checked_mul(u128::from(num)), b.checked_mul(u128::from(den))) {
                (Some(x), Some(y)) => {
                    let g = gcd(x, y).max(1);
                    Product::Exact(x / g, y / g)
                }
                _ => Product::Float(self.value() * num as f64 / den as f64),
            },
            Product::Float(v) => Product::Float(v * num as f64 / den as f64),
        }
    }

    fn value(self) -> f64 {
        match self {
            Product::Exact(a, b) => a as f64 / b as f64,
            Product::Float(v) => v,
        }
    }

    fn at_most_half(self) -> bool {
        match self {
            Product::Exact(a, b) => a.saturating_mul(2) <= b,
            Product::Float(v) => v <= 0.5,
        }
    }
}

impl EventLog {
    /// `Ok` for a log with an outcome column; otherwise the error of an analysis that needs one, named
    /// `outcome`: `needs` says what needs it ("the time to convert needs").
    pub(super) fn require_outcome(&self, needs: &str) -> Result<()> {
        if self.has_outcome() {
            return Ok(());
        }
        Err(Error::Argument {
            name: "outcome".into(),
            message: format!("{needs} an outcome column (a conversion flag or value)"),
        })
    }

    /// How long customers took from their first event to their first conversion: the counts, the
    /// percentiles of the observed times and the Kaplan–Meier curve with the customers who have not
    /// converted yet as censored (see [`TimeToConvert`]). O(events + customers log customers).
    ///
    /// ```
    /// use journey_core::analytics::{EventColumns, EventLog, TimeToConvertOptions};
    ///
    /// let csv = "customer_id,timestamp,touchpoint,order\n\
    ///            a,2026-03-01T10:00:00Z,ad,0\n\
    ///            a,2026-03-01T10:10:00Z,pay,30\n\
    ///            b,2026-03-01T11:00:00Z,ad,0\n\
    ///            b,2026-03-01T11:30:00Z,pay,20\n\
    ///            c,2026-03-01T11:50:00Z,ad,0\n";
    /// let columns = EventColumns { outcome: Some("order".into()), ..EventColumns::default() };
    /// let log = EventLog::from_csv_str(csv, &columns)?;
    /// let t = log.time_to_convert(&TimeToConvertOptions::default())?;
    /// assert_eq!((t.converted, t.censored), (2, 1));
    /// assert_eq!(t.median_seconds, Some(1200.0)); // 10 and 30 minutes
    /// // c is censored at 0 seconds (11:50, the log's last event, less their first event at 11:50): at 10
    /// // minutes a converts, one of the two still at risk, and half the customers are left.
    /// assert_eq!(t.km_median_seconds, Some(600.0));
    /// assert_eq!((t.curve[1].at_risk, t.curve[1].survival), (2, 0.5));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Argument`] named `outcome` for a log without an outcome column, and named `as_of` for an end
    /// of observation before the log's last event or more than 292 years after a customer's first event.
    pub fn time_to_convert(&self, options: &TimeToConvertOptions) -> Result<TimeToConvert> {
        self.time_to_convert_reported(options, &mut Reporter::silent("time to convert"))
    }

    /// [`EventLog::time_to_convert`], calling `progress` at the start, every few milliseconds of work and at the end,
    /// with the events looked at (see [`Progress`]); `progress` returning `ControlFlow::Break(())` stops the
    /// work within a few milliseconds.
    ///
    /// # Errors
    /// As [`EventLog::time_to_convert`]; [`Error::Cancelled`](crate::Error::Cancelled) when `progress` asked to stop.
    pub fn time_to_convert_with_progress(
        &self,
        options: &TimeToConvertOptions,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<TimeToConvert> {
        self.time_to_convert_reported(options, &mut Reporter::new(progress, "time to convert"))
    }

    fn time_to_convert_reported(
        &self,
        options: &TimeToConvertOptions,
        rep: &mut Reporter<'_>,
    ) -> Result<TimeToConvert> {
        self.require_outcome("the time to convert needs")?;
        let last = self.timestamp.iter().max().copied();
        let as_of = match (options.as_of, last) {
            (Some(t), Some(l)) if t < l => {
                return Err(Error::Argument {
                    name: "as_of".into(),
                    message: format!(
                        "{} is before the log's last event at {}: the conversions after it would count",
                        crate::words::instant(t),
                        crate::words::instant(l)
                    ),
                });
            }
            (Some(t), _) => t,
            (None, l) => l.unwrap_or(0),
        };
        // (time in ns, converted) per customer.
        rep.begin(self.len() as u64, EVENT_WORK)?;
        let mut times: Vec<(i64, bool)> = Vec::with_capacity(self.customer_count());
        for c in 0..self.customer_count() {
            let r = self.events(c);
            rep.advance(r.len() as u64)?;
            let Some(&first) = self.timestamp.get(r.start).filter(|_| !r.is_empty()) else { continue };
            times.push(match r.clone().find(|i| self.is_converting_event(*i)) {
                // Within the customer's span, which fits (`EventLog::check_spans`).
                Some(i) => (self.timestamp[i] - first, true),
                None => match as_of.checked_sub(first) {
                    Some(t) => (t, false),
                    None => {
                        return Err(Error::Argument {
                            name: "as_of".into(),
                            message: format!(
                                "{} is more than 292 years (2^63 - 1 nanoseconds, the longest duration kept) after \
                                 the first event of customer \"{}\" at {}",
                                crate::words::instant(as_of),
                                self.customers.name(c as u32),
                                crate::words::instant(first)
                            ),
                        });
                    }
                },
            });
        }
        // By time, the conversions of a time before its censorings.
        times.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut observed: Vec<i64> = times.iter().filter(|t| t.1).map(|t| t.0).collect();
        let converted = observed.len() as u64;
        // Sorted: the shortest and the longest, before the percentiles reorder them.
        let (min, max) = (observed.first().copied(), observed.last().copied());
        let customers = times.len() as u64;
        let seconds = super::csv::seconds_of_ns;
        let figure =
            |values: &mut [i64], q: f64| (!values.is_empty()).then(|| seconds(super::discover::percentile(values, q)));
        let mut curve: Vec<SurvivalStep> = Vec::new();
        let mut survival = Product::Exact(1, 1);
        let mut greenwood = Some(0.0f64);
        let mut km_median = None;
        let mut at_risk = customers;
        let mut k = 0;
        while k < times.len() {
            let t = times[k].0;
            let same = times[k..].iter().take_while(|x| x.0 == t).count();
            let events = times[k..k + same].iter().filter(|x| x.1).count() as u64;
            if events > 0 {
                survival = survival.times(at_risk - events, at_risk);
                greenwood = greenwood
                    .filter(|_| at_risk > events)
                    .map(|g| g + events as f64 / (at_risk as f64 * (at_risk - events) as f64));
                if km_median.is_none() && survival.at_most_half() {
                    km_median = Some(seconds(t as f64));
                }
            }
            let s = survival.value();
            curve.push(SurvivalStep {
                seconds: seconds(t as f64),
                at_risk,
                events,
                censored: same as u64 - events,
                survival: s,
                standard_error: greenwood.map(|g| s * g.sqrt()),
            });
            at_risk -= same as u64;
            k += same;
        }
        rep.end()?;
        Ok(TimeToConvert {
            customers,
            converted,
            censored: customers - converted,
            as_of_ms: as_of.div_euclid(super::csv::NS_PER_MS),
            as_of_iso: crate::words::instant(as_of),
            min_seconds: min.map(|v| seconds(v as f64)),
            p25_seconds: figure(&mut observed, 0.25),
            median_seconds: figure(&mut observed, 0.5),
            p75_seconds: figure(&mut observed, 0.75),
            p90_seconds: figure(&mut observed, 0.9),
            max_seconds: max.map(|v| seconds(v as f64)),
            km_median_seconds: km_median,
            curve,
        })
    }
}
