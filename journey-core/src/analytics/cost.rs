//! Cost: what each touchpoint's spend bought under each attribution model.
//!
//! Given the spend on touchpoints (money, in the map's currency), each model's credit gives a touchpoint's
//! cost per conversion credited, `spend / conversions credited`, and its return on ad spend, `ROAS = value
//! credited / spend`. Attribution credits each converting customer once, so on a log of customers this is
//! the cost per converting customer (the reports say so); on the journeys of [`EventLog::journeys`], one per
//! conversion, it is the cost per conversion. A touchpoint credited with no conversion has no cost per
//! conversion, and one with no spend has no ROAS: those are `None`, never a division by zero.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::attribution::{AttributionModel, AttributionModelName};
use super::log::EventLog;
use crate::error::{Error, Result};

/// Options of [`EventLog::cost`] as a caller that reads options gives them (the JavaScript binding's
/// options object, with camelCase keys there).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CostOptions {
    /// The models to cost, by name ([`AttributionModel::MODEL_NAMES`]) with their default parameters;
    /// `None` (or empty) for every model.
    pub models: Option<Vec<String>>,
    /// Collapse consecutive repeats of a touchpoint into one touch (the default, `true`), as for
    /// [`EventLog::attribution`].
    pub collapse: bool,
    /// The currency the spend is in (an ISO 4217 code or a symbol), which the result carries
    /// ([`Cost::currency`]); `None` for plain numbers.
    pub currency: Option<String>,
}

impl Default for CostOptions {
    fn default() -> Self {
        CostOptions { models: None, collapse: true, currency: None }
    }
}

impl CostOptions {
    /// The models named, each with its default parameters; every model when none is named.
    ///
    /// # Errors
    /// [`Error::Argument`] for an unknown name, named `models[i]`.
    pub fn models(&self) -> Result<Vec<AttributionModel>> {
        match self.models.as_deref() {
            None | Some([]) => Ok(AttributionModel::defaults().to_vec()),
            Some(names) => names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    n.parse::<AttributionModel>().map_err(|e| match e {
                        Error::Argument { message, .. } => Error::Argument { name: format!("models[{i}]"), message },
                        e => e,
                    })
                })
                .collect(),
        }
    }
}

/// The money spent on touchpoints and the currency it is in, as the report takes it
/// ([`crate::render::HtmlOptions::spend`], the command line's `--spend`).
///
/// ```
/// use journey_core::analytics::Spend;
///
/// let spend = Spend { amounts: [("ad".to_owned(), 30.0)].into(), currency: Some("EUR".into()) };
/// spend.check()?;
/// assert_eq!(spend.currency_with(Some("EUR"))?, Some("EUR"));
/// assert_eq!(spend.currency_with(Some("€"))?, Some("€"));
/// // Other money than the map's, or money where the map's values are plain numbers, is refused.
/// assert!(spend.currency_with(Some("USD")).is_err());
/// assert!(spend.currency_with(None).is_err());
/// assert!(Spend { amounts: Default::default(), currency: Some("EUR".into()) }.check().is_err());
/// # Ok::<(), journey_core::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Spend {
    /// Touchpoint id → money spent on it.
    pub amounts: BTreeMap<String, f64>,
    /// The currency of the amounts (an ISO 4217 code or a symbol); `None` for the map's currency.
    pub currency: Option<String>,
}

impl Spend {
    /// The models the reports cost the spend under: the Markov model of order 1 and Shapley, the two
    /// attributions they show.
    pub const REPORT_MODELS: [AttributionModel; 2] = [AttributionModel::Markov { order: 1 }, AttributionModel::Shapley];

    /// The error for spend given without an event log that has an outcome column.
    pub fn needs_outcome() -> Error {
        Error::Argument {
            name: "spend".into(),
            message: "the cost per converting customer needs an event log with an outcome column".into(),
        }
    }

    /// The spend of `entries` (touchpoint id, amount) in `currency`, checked ([`Spend::check`]).
    ///
    /// # Errors
    /// [`Error::Argument`] named `spend["id"]` for a touchpoint given twice; as [`Spend::check`].
    pub fn from_entries(entries: &[(String, f64)], currency: Option<String>) -> Result<Spend> {
        let mut amounts = BTreeMap::new();
        for (id, amount) in entries {
            if amounts.insert(id.clone(), *amount).is_some() {
                return Err(Error::Argument { name: spend_entry(id), message: "the touchpoint is given twice".into() });
            }
        }
        let spend = Spend { amounts, currency };
        spend.check()?;
        Ok(spend)
    }

    /// Checks what can be checked without the log: at least one touchpoint has spend, every amount is one
    /// ([`spend_amount`]) and the currency, when given, is one.
    ///
    /// # Errors
    /// [`Error::Argument`] named `spend` for no amounts (a currency alone included), named `spend["id"]`
    /// for an amount that is not one, named `spend.currency` for a currency that is not one.
    pub fn check(&self) -> Result<()> {
        if self.amounts.is_empty() {
            return Err(Error::Argument {
                name: "spend".into(),
                message: "no touchpoint has spend: give at least one touchpoint id with the money spent on it".into(),
            });
        }
        for (id, amount) in &self.amounts {
            spend_amount(id, *amount)?;
        }
        if let Some(message) = self.currency.as_deref().and_then(crate::words::currency_problem) {
            return Err(Error::Argument { name: "spend.currency".into(), message });
        }
        Ok(())
    }

    /// What the spend bought as the reports show it: [`EventLog::cost_in`] under [`Spend::REPORT_MODELS`]
    /// (repeats collapsed), in the currency [`Spend::currency_with`] gives with the map's currency `map`
    /// ([`Cost::currency`]).
    ///
    /// # Errors
    /// As [`Spend::check`]; [`Spend::needs_outcome`] for a log without an outcome column; as
    /// [`Spend::currency_with`] and [`EventLog::cost`].
    pub fn costed(&self, log: &EventLog, map: Option<&str>) -> Result<Cost> {
        self.check()?;
        if !log.has_outcome() {
            return Err(Spend::needs_outcome());
        }
        let currency = self.currency_with(map)?;
        log.cost_in(&self.entries(), &Spend::REPORT_MODELS, true, currency)
    }

    /// The amounts as [`EventLog::cost`] takes them.
    pub fn entries(&self) -> Vec<(String, f64)> {
        self.amounts.iter().map(|(id, amount)| (id.clone(), *amount)).collect()
    }

    /// The currency cost and ROAS are written in, given the map's (`map`): the map's, which the spend's own,
    /// when it names one, must be; `None` when neither names one (plain numbers, as the map's values).
    ///
    /// # Errors
    /// [`Error::Argument`] named `spend.currency` for a currency that is not one, one other than the map's
    /// (both named), or one where the map names none (its values are plain numbers, so the cost could not be
    /// read against them).
    pub fn currency_with<'a>(&'a self, map: Option<&'a str>) -> Result<Option<&'a str>> {
        let name = || "spend.currency".to_owned();
        let Some(own) = self.currency.as_deref() else { return Ok(map) };
        if let Some(message) = crate::words::currency_problem(own) {
            return Err(Error::Argument { name: name(), message });
        }
        match map {
            None => Err(Error::Argument {
                name: name(),
                message: format!(
                    "the spend is in {} but the map names no currency, so its values are plain numbers: set the \
                     map's currency to {}",
                    own.trim(),
                    own.trim()
                ),
            }),
            Some(m) if !crate::words::same_currency(m, own) => Err(Error::Argument {
                name: name(),
                message: format!(
                    "the spend is in {} but the map's values are in {}: give the spend in {} or set the map's \
                     currency to {}",
                    own.trim(),
                    m.trim(),
                    m.trim(),
                    own.trim()
                ),
            }),
            Some(m) => Ok(Some(m)),
        }
    }
}

/// The least amount of money above nothing that spend can be: one hundredth of the currency's unit. A
/// smaller amount would show as nothing spent beside a return on it beyond belief.
pub const MIN_SPEND: f64 = 0.01;

/// `amount` as the spend on touchpoint `id`: 0, or from [`MIN_SPEND`] to
/// [`MAX_OUTCOME`](super::MAX_OUTCOME), as outcome values are.
///
/// # Errors
/// [`Error::Argument`] named `spend["id"]` ([`spend_entry`]) for any other number.
pub fn spend_amount(id: &str, amount: f64) -> Result<f64> {
    if amount == 0.0 || (MIN_SPEND..=super::MAX_OUTCOME).contains(&amount) {
        return Ok(amount);
    }
    Err(Error::Argument {
        name: spend_entry(id),
        message: format!("{amount} is not an amount of money spent (0, or 0.01 to 1e15)"),
    })
}

/// How the spend on a touchpoint is named in messages: `spend["ad"]` (the id quoted as JSON writes it).
pub fn spend_entry(id: &str) -> String {
    format!("spend[{}]", serde_json::to_string(id).unwrap_or_default())
}

/// What a touchpoint's spend bought under one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct CostRow {
    /// The attribution model.
    pub model: AttributionModelName,
    /// Touchpoint id.
    pub touchpoint: String,
    /// The money spent on it.
    pub spend: f64,
    /// Conversions the model credits to it.
    pub conversions: f64,
    /// Conversion value the model credits to it.
    pub value: f64,
    /// `spend / conversions`; `None` when it is credited with no conversion.
    pub cost_per_conversion: Option<f64>,
    /// Return on ad spend, `value / spend`; `None` when nothing was spent on it.
    pub roas: Option<f64>,
}

/// Cost per conversion and ROAS of each touchpoint with spend, under each model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Cost {
    /// Whether consecutive repeats of a touchpoint were collapsed into one touch.
    pub collapsed: bool,
    /// Model by model (in the order asked), touchpoints by id.
    pub rows: Vec<CostRow>,
    /// The currency the spend, the costs and the values are in, when the caller named one
    /// ([`EventLog::cost_in`], [`CostOptions::currency`], the map's for the reports); `None` for plain
    /// numbers.
    #[serde(default)]
    pub currency: Option<String>,
}

impl EventLog {
    /// The cost per conversion and ROAS of each touchpoint in `spend` (touchpoint id → money spent) under
    /// each of `models` (every model with its default parameters when empty), the credit of each as
    /// [`EventLog::attribution`] gives it with `collapse`.
    ///
    /// ```
    /// use journey_core::analytics::{AttributionModel, EventColumns, EventLog};
    ///
    /// let csv = "customer_id,timestamp,touchpoint,converted\n\
    ///            a,2026-03-01T10:00:00Z,ad,0\n\
    ///            a,2026-03-01T10:09:00Z,mail,120\n";
    /// let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
    /// let log = EventLog::from_csv_str(csv, &columns)?;
    /// let spend = [("ad".to_owned(), 30.0), ("mail".to_owned(), 5.0)];
    /// let cost = log.cost(&spend, &[AttributionModel::FirstTouch], true)?;
    /// assert_eq!(cost.rows[0].cost_per_conversion, Some(30.0));
    /// assert_eq!(cost.rows[0].roas, Some(4.0));
    /// // The conversion is not a touchpoint that earned itself: mail has spend and no credit.
    /// assert_eq!(cost.rows[1].cost_per_conversion, None);
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::NotFound`] for a touchpoint the log does not have (listing those it has);
    /// [`Error::Argument`] for a spend that is not one ([`spend_amount`], named `spend["id"]`), a
    /// touchpoint given twice, or as [`EventLog::attribution`].
    pub fn cost(&self, spend: &[(String, f64)], models: &[AttributionModel], collapse: bool) -> Result<Cost> {
        self.cost_in(spend, models, collapse, None)
    }

    /// [`EventLog::cost`] of spend in `currency` (an ISO 4217 code or a symbol, kept trimmed in
    /// [`Cost::currency`]); `None` is [`EventLog::cost`], plain numbers. The currency converts nothing: it
    /// says what the figures are in.
    ///
    /// ```
    /// use journey_core::analytics::{AttributionModel, EventColumns, EventLog};
    ///
    /// let csv = "customer_id,timestamp,touchpoint,converted\n\
    ///            a,2026-03-01T10:00:00Z,ad,0\n\
    ///            a,2026-03-01T10:09:00Z,mail,120\n";
    /// let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
    /// let log = EventLog::from_csv_str(csv, &columns)?;
    /// let spend = [("ad".to_owned(), 30.0)];
    /// let cost = log.cost_in(&spend, &[AttributionModel::FirstTouch], true, Some("EUR"))?;
    /// assert_eq!(cost.currency.as_deref(), Some("EUR"));
    /// assert_eq!(cost.rows[0].roas, Some(4.0));
    /// assert!(log.cost_in(&spend, &[], true, Some("euros")).is_err());
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Argument`] named `currency` for a currency that is not one
    /// ([`crate::words::currency_problem`]); as [`EventLog::cost`].
    pub fn cost_in(
        &self,
        spend: &[(String, f64)],
        models: &[AttributionModel],
        collapse: bool,
        currency: Option<&str>,
    ) -> Result<Cost> {
        if let Some(message) = currency.and_then(crate::words::currency_problem) {
            return Err(Error::Argument { name: "currency".into(), message });
        }
        let mut money: BTreeMap<&str, f64> = BTreeMap::new();
        for (id, amount) in spend {
            spend_amount(id, *amount)?;
            if self.touchpoints.get(id).is_none() {
                let mut ids: Vec<&str> = self.touchpoint_ids().iter().map(String::as_str).collect();
                ids.sort_unstable();
                let known = crate::model::known_ids("log", "touchpoint", &ids);
                return Err(Error::NotFound { what: "touchpoint", id: id.clone(), known });
            }
            if money.insert(id, *amount).is_some() {
                return Err(Error::Argument { name: spend_entry(id), message: "the touchpoint is given twice".into() });
            }
        }
        let models = if models.is_empty() { AttributionModel::defaults() } else { models };
        let mut rows = Vec::with_capacity(models.len() * money.len());
        for &model in models {
            let a = self.attribution(model, collapse)?;
            for (&touchpoint, &spend) in &money {
                let credit = a.rows.iter().find(|r| r.touchpoint == touchpoint);
                let (conversions, value) = credit.map_or((0.0, 0.0), |r| (r.conversions, r.value));
                rows.push(CostRow {
                    model: a.model,
                    touchpoint: touchpoint.to_owned(),
                    spend,
                    conversions,
                    value,
                    cost_per_conversion: (conversions > 0.0).then(|| spend / conversions),
                    roas: (spend > 0.0).then(|| value / spend),
                });
            }
        }
        Ok(Cost { collapsed: collapse, rows, currency: currency.map(|c| c.trim().to_owned()) })
    }

    /// [`EventLog::cost_in`] with the options a binding reads: the models named, repeats collapsed or
    /// kept, the currency.
    ///
    /// # Errors
    /// As [`CostOptions::models`] and [`EventLog::cost_in`].
    pub fn cost_with(&self, spend: &[(String, f64)], options: &CostOptions) -> Result<Cost> {
        self.cost_in(spend, &options.models()?, options.collapse, options.currency.as_deref())
    }
}
