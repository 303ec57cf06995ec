//! Retention cohorts: customers grouped by the period of their first conversion, and how many of each group
//! convert again in each later period; with the repeat-purchase rate and the conversions per customer.

use std::collections::BTreeMap;

use chrono::Datelike;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use std::ops::ControlFlow;

use super::csv::NS_PER_DAY;
use super::log::EventLog;
use super::progress::{EVENT_WORK, Progress, Reporter};
use crate::error::Result;

/// The length of a cohort's period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum CohortPeriod {
    /// Calendar weeks in UTC, Monday to Sunday.
    Week,
    /// Calendar months in UTC. The default.
    #[default]
    Month,
}

crate::names::names!(CohortPeriod, "cohort period", "period" {
    Week => "week",
    Month => "month",
});

/// How [`EventLog::cohorts`] groups. Every field has a default, so `{}` is a valid set of options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct CohortOptions {
    /// Weeks or months (the default).
    pub period: CohortPeriod,
}

/// The customers of a cohort who converted again in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Retained {
    /// Periods after the cohort's: 0 is the period of the first conversion itself.
    pub period: u64,
    /// Customers of the cohort with a conversion in this period other than their first.
    pub customers: u64,
    /// `customers` over the cohort's customers.
    pub share: f64,
}

/// The customers whose first conversion fell in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Cohort {
    /// The period: `2026-03` for a month, the date of its Monday (`2026-03-02`) for a week.
    pub cohort: String,
    /// The start of the period (a midnight, UTC), in milliseconds since 1970-01-01T00:00:00Z: exact, as a
    /// midnight is a whole number of them (milliseconds, not the log's nanoseconds, so that a JavaScript
    /// number holds it exactly).
    pub start_ms: i64,
    /// Customers whose first conversion fell in it.
    pub customers: u64,
    /// Their conversions, in every period.
    pub conversions: u64,
    /// Of them, customers who converted at least twice.
    pub repeat_customers: u64,
    /// `repeat_customers` over `customers`.
    pub repeat_purchase_rate: f64,
    /// `conversions` over `customers`.
    pub mean_conversions: f64,
    /// For each period from the cohort's to that of the log's last event, who converted again in it.
    pub retention: Vec<Retained>,
}

/// Retention cohorts ([`EventLog::cohorts`]). A conversion is an event with an outcome above zero: a
/// customer with three such events converted three times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Cohorts {
    /// Weeks or months.
    pub period: CohortPeriod,
    /// Customers in the log.
    pub customers: u64,
    /// Of them, those who converted at least once: the cohorts' customers.
    pub converters: u64,
    /// Conversions in all.
    pub conversions: u64,
    /// Converters who converted at least twice.
    pub repeat_customers: u64,
    /// `repeat_customers` over `converters` (0 when nobody converted).
    pub repeat_purchase_rate: f64,
    /// `conversions` over `converters` (0 when nobody converted).
    pub mean_conversions: f64,
    /// One per period in which some customer converted for the first time, earliest first.
    pub cohorts: Vec<Cohort>,
}

/// A share that is 0 over nothing.
pub(crate) fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

impl CohortPeriod {
    /// The number of the period a time (ns since the epoch) falls in: months since year 0, or weeks since
    /// the Monday 1969-12-29.
    fn index(self, ns: i64) -> i64 {
        let day = ns.div_euclid(NS_PER_DAY);
        match self {
            // 1970-01-01 was a Thursday: day -3 a Monday.
            CohortPeriod::Week => (day + 3).div_euclid(7),
            CohortPeriod::Month => {
                let date = chrono::DateTime::from_timestamp_nanos(ns).date_naive();
                i64::from(date.year()) * 12 + i64::from(date.month0())
            }
        }
    }

    /// The name and the start (milliseconds since the epoch) of period `index`.
    fn period(self, index: i64) -> (String, i64) {
        let date = match self {
            CohortPeriod::Week => chrono::DateTime::from_timestamp((index * 7 - 3) * 86_400, 0),
            CohortPeriod::Month => chrono::NaiveDate::from_ymd_opt(
                i32::try_from(index.div_euclid(12)).unwrap_or_default(),
                index.rem_euclid(12) as u32 + 1,
                1,
            )
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc()),
        }
        .unwrap_or_default();
        let name = match self {
            CohortPeriod::Week => date.format("%Y-%m-%d"),
            CohortPeriod::Month => date.format("%Y-%m"),
        };
        (name.to_string(), date.timestamp_millis())
    }
}

/// A cohort being counted.
#[derive(Default)]
struct Acc {
    customers: u64,
    conversions: u64,
    repeat: u64,
    /// By period after the cohort's: customers who converted again in it.
    again: Vec<u64>,
}

impl EventLog {
    /// Retention cohorts: the customers who converted, grouped by the week or month (UTC) of their first
    /// conversion; for each group and each period from its own to that of the log's last event, the share
    /// who converted again in it (period 0: again in the same period), the repeat-purchase rate (the share
    /// who converted at least twice) and the mean conversions per customer. O(events).
    ///
    /// ```
    /// use journey_core::analytics::{CohortOptions, EventColumns, EventLog};
    ///
    /// let csv = "customer_id,timestamp,touchpoint,order\n\
    ///            a,2026-03-01T10:00:00Z,pay,30\n\
    ///            a,2026-04-11T10:00:00Z,pay,20\n\
    ///            b,2026-03-20T11:00:00Z,pay,20\n\
    ///            c,2026-04-02T09:00:00Z,site,0\n";
    /// let columns = EventColumns { outcome: Some("order".into()), ..EventColumns::default() };
    /// let log = EventLog::from_csv_str(csv, &columns)?;
    /// let c = log.cohorts(&CohortOptions::default())?;
    /// assert_eq!((c.converters, c.repeat_customers, c.repeat_purchase_rate), (2, 1, 0.5));
    /// let march = &c.cohorts[0];
    /// assert_eq!((march.cohort.as_str(), march.customers), ("2026-03", 2));
    /// // Half of March's customers bought again in April.
    /// assert_eq!((march.retention[1].period, march.retention[1].share), (1, 0.5));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Argument`](crate::Error::Argument) named `outcome` for a log without an outcome column.
    pub fn cohorts(&self, options: &CohortOptions) -> Result<Cohorts> {
        self.cohorts_reported(options, &mut Reporter::silent("counting cohorts"))
    }

    /// [`EventLog::cohorts`], calling `progress` at the start, every few milliseconds of work and at the end,
    /// with the events looked at (see [`Progress`]); `progress` returning `ControlFlow::Break(())` stops the
    /// work within a few milliseconds.
    ///
    /// # Errors
    /// As [`EventLog::cohorts`]; [`Error::Cancelled`](crate::Error::Cancelled) when `progress` asked to stop.
    pub fn cohorts_with_progress(
        &self,
        options: &CohortOptions,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<Cohorts> {
        self.cohorts_reported(options, &mut Reporter::new(progress, "counting cohorts"))
    }

    fn cohorts_reported(&self, options: &CohortOptions, rep: &mut Reporter<'_>) -> Result<Cohorts> {
        self.require_outcome("retention cohorts need")?;
        let period = options.period;
        let last = self.timestamp.iter().max().map_or(0, |t| period.index(*t));
        let mut cohorts: BTreeMap<i64, Acc> = BTreeMap::new();
        let mut customers = 0u64;
        rep.begin(self.len() as u64, EVENT_WORK)?;
        for c in 0..self.customer_count() {
            let r = self.events(c);
            rep.advance(r.len() as u64)?;
            customers += u64::from(!r.is_empty());
            let mut conversions = r.filter(|i| self.is_converting_event(*i)).map(|i| self.timestamp[i]);
            let Some(first) = conversions.next() else { continue };
            let cohort = period.index(first);
            let acc = cohorts.entry(cohort).or_insert_with(|| Acc {
                again: vec![0; usize::try_from(last - cohort + 1).unwrap_or(0)],
                ..Acc::default()
            });
            acc.customers += 1;
            let mut n = 1u64;
            // The periods this customer converted again in, each counted once (their events are in order).
            let mut counted = None;
            for t in conversions {
                n += 1;
                let k = period.index(t) - cohort;
                if counted != Some(k)
                    && let Some(slot) = usize::try_from(k).ok().and_then(|k| acc.again.get_mut(k))
                {
                    *slot += 1;
                    counted = Some(k);
                }
            }
            acc.conversions += n;
            acc.repeat += u64::from(n >= 2);
        }
        let converters: u64 = cohorts.values().map(|a| a.customers).sum();
        let conversions: u64 = cohorts.values().map(|a| a.conversions).sum();
        let repeat_customers: u64 = cohorts.values().map(|a| a.repeat).sum();
        let cohorts = cohorts
            .into_iter()
            .map(|(index, a)| {
                let (cohort, start_ms) = period.period(index);
                Cohort {
                    cohort,
                    start_ms,
                    customers: a.customers,
                    conversions: a.conversions,
                    repeat_customers: a.repeat,
                    repeat_purchase_rate: share(a.repeat, a.customers),
                    mean_conversions: share(a.conversions, a.customers),
                    retention: (0u64..)
                        .zip(&a.again)
                        .map(|(k, n)| Retained { period: k, customers: *n, share: share(*n, a.customers) })
                        .collect(),
                }
            })
            .collect();
        rep.end()?;
        Ok(Cohorts {
            period,
            customers,
            converters,
            conversions,
            repeat_customers,
            repeat_purchase_rate: share(repeat_customers, converters),
            mean_conversions: share(conversions, converters),
            cohorts,
        })
    }
}
