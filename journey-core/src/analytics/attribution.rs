//! Attribution: which touchpoints earn the conversions.
//!
//! Heuristic models (first touch, last touch, linear, time decay, position based) split each converting
//! customer's conversion and value over their touchpoints. The Markov model of order k builds the absorbing
//! chain of the observed paths (states are the last k touchpoints; every path starts in `start` and ends in
//! `conversion` or `null`) and gives each touchpoint its removal effect `1 - P(conversion without it) /
//! P(conversion)`, computed from the chain's absorption probabilities (a linear system solved to machine
//! precision, no simulation); conversions and value are shared in proportion to the removal effects.
//! Consecutive repeats of a touchpoint are collapsed by default, as the common peer tool does.
//! The Shapley models give each converting customer's conversion and value in equal shares to the distinct
//! touchpoints of their path, which is the exact Shapley value of the game of the observed coalitions, and
//! the ordered one splits that credit by position (see the `shapley` module).
//!
//! Credit goes only to the touchpoints before a conversion. The event log marks the conversion: an event
//! whose outcome is above zero (an order confirmation, an in-store purchase). A converting customer's path
//! is their events before their last converting event, with the converting events themselves left out:
//! what they did after converting (delivery tracking, a review request) earned nothing, and the
//! conversion is not a touchpoint that earned itself. A customer whose conversion is their first event
//! converted at their first touch, and that touchpoint, where they came in, takes their credit. A log whose
//! outcome is on every event of a converting customer marks customers, not events: their whole path is
//! credited. Customers who did not convert keep their whole path (it ends in `null`). Every model,
//! heuristic and Markov, works on these same paths.
//!
//! That counts one conversion per customer. [`AttributionOptions::per_conversion`] counts each conversion
//! instead: the model runs on the journeys of [`EventLog::journeys`], one per conversion, each credited to
//! what came before it since the conversion before, within [`AttributionOptions::lookback_days`] if given.
//!
//! The chain is solved component by component (see the `markov` module): exactly by elimination for groups
//! of up to `MAX_COMPONENT_STATES` states, whose cost does not depend on how slowly the chain mixes, and
//! by interval iteration certified to within `MARKOV_TOLERANCE` above. Credits and values are summed
//! exactly and rounded once at the end, so results do not depend on the order of customers, partials merge exactly, and a customer's credits add
//! up to exactly one conversion and exactly their value.

use std::ops::ControlFlow;
use std::str::FromStr;

use rustc_hash::FxHashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::anchor::{self, JourneyOptions};
use super::chain::ChainState;
use super::log::{Dictionary, EventLog};
use super::markov::{self, Chain};
use super::progress::{EVENT_WORK, Meter, Progress, Reporter};
use super::shapley::{self, PositionCredit};
use super::sum::ExactSum;
use crate::error::{Error, Result};

/// The name of an attribution model: what an [`Attribution`] says made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AttributionModelName {
    /// [`AttributionModel::FirstTouch`].
    FirstTouch,
    /// [`AttributionModel::LastTouch`].
    LastTouch,
    /// [`AttributionModel::Linear`].
    Linear,
    /// [`AttributionModel::TimeDecay`].
    TimeDecay,
    /// [`AttributionModel::PositionBased`].
    PositionBased,
    /// [`AttributionModel::Markov`].
    Markov,
    /// [`AttributionModel::Shapley`].
    Shapley,
    /// [`AttributionModel::OrderedShapley`].
    OrderedShapley,
}

crate::names::names!(AttributionModelName, "model", "model" {
    FirstTouch => "first_touch",
    LastTouch => "last_touch",
    Linear => "linear",
    TimeDecay => "time_decay",
    PositionBased => "position_based",
    Markov => "markov",
    Shapley => "shapley",
    OrderedShapley => "ordered_shapley",
});

/// The attribution model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum AttributionModel {
    /// All credit to the first touchpoint.
    FirstTouch,
    /// All credit to the last touchpoint.
    LastTouch,
    /// Equal credit to every touchpoint.
    Linear,
    /// Credit halves for every `half_life_days` before the conversion (the customer's last converting
    /// event).
    TimeDecay {
        /// Half-life in days (> 0).
        half_life_days: f64,
    },
    /// `first` to the first touchpoint, `last` to the last, the rest shared by those between (40/20/40 by
    /// default); one touchpoint takes all, two share half and half.
    PositionBased {
        /// Share of the first touchpoint.
        first: f64,
        /// Share of the last touchpoint.
        last: f64,
    },
    /// Markov removal effects of order 1 to 4.
    Markov {
        /// How many past touchpoints make a state (1..=4).
        order: usize,
    },
    /// The Shapley value of the game whose coalitions are the sets of distinct touchpoints customers met,
    /// exact over the observed coalitions (Zhao et al. 2018's simplified form; see the `shapley` module).
    Shapley,
    /// Shapley credit by position (Zhao et al. 2018's ordered Shapley): the credit of [`Self::Shapley`],
    /// split by the place of each touchpoint in its coalition ordered by first touch
    /// ([`Attribution::positions`]).
    OrderedShapley,
}

/// An attribution asked for by name, as a caller that reads options gives it (the JavaScript binding's
/// options object, with camelCase keys there): the model's name and parameters, each optional, and whether
/// consecutive repeats are collapsed. Every field has a default, so `{}` is a valid set of options: Markov
/// of order 1 with repeats collapsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AttributionOptions {
    /// One of [`AttributionModel::MODEL_NAMES`] ([`AttributionModel::DEFAULT_NAME`] when left out).
    pub model: Option<String>,
    /// `markov`: how many past touchpoints make a state.
    pub order: Option<usize>,
    /// `time_decay`: the half-life in days.
    pub half_life_days: Option<f64>,
    /// `position_based`: the share of the first touchpoint.
    pub first: Option<f64>,
    /// `position_based`: the share of the last touchpoint.
    pub last: Option<f64>,
    /// Collapse consecutive repeats of a touchpoint into one touch (the default, `true`). `false` keeps
    /// every touch, as ChannelAttribution and marketing-attribution-models count them out of the box, which
    /// changes linear, time decay and position based (and the Markov chain) on paths with repeats.
    pub collapse: bool,
    /// `markov`: weight the chain's conversions by their value (see [`EventLog::attribution_weighted`]);
    /// `false` (the default) counts them.
    pub value_weighted: bool,
    /// Attribute each conversion rather than each customer (default `false`): the log is split into
    /// journeys anchored on the conversion ([`EventLog::journeys`], with the conversion left out of the
    /// touches and the events after a customer's last conversion kept as a journey that did not convert),
    /// so that a customer who bought twice counts two conversions, each credited to what came before it.
    pub per_conversion: bool,
    /// With `per_conversion`: the lookback window in days (>= 0), touches earlier than this before their
    /// conversion earn nothing ([`JourneyOptions::lookback_days`]). `None`, the default, keeps every touch.
    pub lookback_days: Option<f64>,
}

impl Default for AttributionOptions {
    fn default() -> Self {
        AttributionOptions {
            model: None,
            order: None,
            half_life_days: None,
            first: None,
            last: None,
            collapse: true,
            value_weighted: false,
            per_conversion: false,
            lookback_days: None,
        }
    }
}

impl AttributionOptions {
    /// The model named, with its parameters, read by [`AttributionModel::from_name`].
    ///
    /// # Errors
    /// As [`AttributionModel::from_name`], and [`Error::Argument`] named `value_weighted` when it is set for
    /// another model than Markov.
    pub fn model(&self) -> Result<AttributionModel> {
        let params = ModelParameters {
            order: self.order,
            half_life_days: self.half_life_days,
            first: self.first,
            last: self.last,
        };
        let model =
            AttributionModel::from_name(self.model.as_deref().unwrap_or(AttributionModel::DEFAULT_NAME), params)?;
        check_weighting(model, self.value_weighted)?;
        Ok(model)
    }

    /// The journeys the attribution runs on: `None` for the customers of the log as they are, the options
    /// of [`EventLog::journeys`] with `per_conversion`.
    ///
    /// # Errors
    /// [`Error::Argument`] named `lookback_days` for a window without `per_conversion` (it is a window
    /// before each conversion) or a window that is not a number of days of at least 0.
    pub fn journeys(&self) -> Result<Option<JourneyOptions>> {
        anchor::window_in_days("lookback_days", self.lookback_days)?;
        if !self.per_conversion {
            if self.lookback_days.is_some() {
                return Err(Error::Argument {
                    name: "lookback_days".into(),
                    message: "is a window before each conversion: it needs the attribution per conversion".into(),
                });
            }
            return Ok(None);
        }
        Ok(Some(JourneyOptions { lookback_days: self.lookback_days, ..JourneyOptions::default() }))
    }
}

/// The parameters of an attribution model named by a caller (a binding, a command line): each one given or
/// not. [`AttributionModel::from_name`] gives every parameter not given its default, and refuses one that
/// the named model does not take.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ModelParameters {
    /// `markov`: how many past touchpoints make a state (1..=4, default
    /// [`AttributionModel::DEFAULT_MARKOV_ORDER`]).
    pub order: Option<usize>,
    /// `time_decay`: the half-life in days (> 0, default [`AttributionModel::DEFAULT_HALF_LIFE_DAYS`]).
    pub half_life_days: Option<f64>,
    /// `position_based`: the share of the first touchpoint (default that of
    /// [`AttributionModel::POSITION_BASED`]).
    pub first: Option<f64>,
    /// `position_based`: the share of the last touchpoint (default that of
    /// [`AttributionModel::POSITION_BASED`]).
    pub last: Option<f64>,
}

impl ModelParameters {
    /// Each parameter by name, whether it is given, and the model that takes it.
    fn each(&self) -> [(&'static str, bool, &'static str); 4] {
        [
            ("order", self.order.is_some(), "markov"),
            ("half_life_days", self.half_life_days.is_some(), "time_decay"),
            ("first", self.first.is_some(), "position_based"),
            ("last", self.last.is_some(), "position_based"),
        ]
    }
}

impl AttributionModel {
    /// The names of the models ([`AttributionModel::name`]), in the order the documentation lists them (a
    /// unit test checks them against the models).
    pub const MODEL_NAMES: &'static [&'static str] = AttributionModelName::NAMES;

    /// The model of a caller that names none: `markov` (of order [`AttributionModel::DEFAULT_MARKOV_ORDER`]).
    pub const DEFAULT_NAME: &'static str = "markov";

    /// The order of the Markov model when none is given: 1.
    pub const DEFAULT_MARKOV_ORDER: usize = 1;

    /// The half-life of time decay when none is given: 7 days.
    pub const DEFAULT_HALF_LIFE_DAYS: f64 = 7.0;

    /// Position based with the usual 40/20/40, the shares when none are given.
    pub const POSITION_BASED: AttributionModel = AttributionModel::PositionBased { first: 0.4, last: 0.4 };

    /// Every model with the parameters it takes when none are given, in the order of
    /// [`AttributionModel::MODEL_NAMES`].
    const DEFAULTS: [AttributionModel; 8] = [
        AttributionModel::FirstTouch,
        AttributionModel::LastTouch,
        AttributionModel::Linear,
        AttributionModel::TimeDecay { half_life_days: Self::DEFAULT_HALF_LIFE_DAYS },
        Self::POSITION_BASED,
        AttributionModel::Markov { order: Self::DEFAULT_MARKOV_ORDER },
        AttributionModel::Shapley,
        AttributionModel::OrderedShapley,
    ];

    /// Every model with the parameters it takes when none are given, in the order of
    /// [`AttributionModel::MODEL_NAMES`].
    pub fn defaults() -> &'static [AttributionModel] {
        &Self::DEFAULTS
    }

    /// The model named `name` (one of [`AttributionModel::MODEL_NAMES`]) with `params`; a parameter not
    /// given takes its default. This is how the bindings read a model, so its rules and messages are the
    /// same in every language.
    ///
    /// ```
    /// use journey_core::analytics::{AttributionModel, ModelParameters};
    ///
    /// let decay = AttributionModel::from_name("time_decay", ModelParameters::default())?;
    /// assert_eq!(decay, AttributionModel::TimeDecay { half_life_days: AttributionModel::DEFAULT_HALF_LIFE_DAYS });
    /// let order = ModelParameters { order: Some(3), ..Default::default() };
    /// let error = AttributionModel::from_name("linear", order).unwrap_err();
    /// assert_eq!(error.to_string(), "order: is a parameter of markov, not of linear");
    /// assert_eq!("markov".parse::<AttributionModel>()?, AttributionModel::Markov { order: 1 });
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Argument`] for an unknown name (named `model`), a parameter that the model does not take
    /// (named after the parameter) or a value out of its domain (as [`EventLog::attribution`] refuses it).
    pub fn from_name(name: &str, params: ModelParameters) -> Result<Self> {
        let Some(default) = Self::DEFAULTS.into_iter().find(|m| m.name() == name) else {
            let (last, rest) = Self::MODEL_NAMES.split_last().unwrap_or((&"", &[]));
            return Err(Error::Argument {
                name: "model".into(),
                message: format!("unknown model \"{name}\", expected {} or {last}", rest.join(", ")),
            });
        };
        let model = default.name();
        if let Some((param, _, owner)) = params.each().into_iter().find(|(_, given, owner)| *given && *owner != model) {
            return Err(Error::Argument {
                name: param.into(),
                message: format!("is a parameter of {owner}, not of {model}"),
            });
        }
        let m = match default {
            AttributionModel::TimeDecay { half_life_days } => {
                AttributionModel::TimeDecay { half_life_days: params.half_life_days.unwrap_or(half_life_days) }
            }
            AttributionModel::PositionBased { first, last } => AttributionModel::PositionBased {
                first: params.first.unwrap_or(first),
                last: params.last.unwrap_or(last),
            },
            AttributionModel::Markov { order } => AttributionModel::Markov { order: params.order.unwrap_or(order) },
            m => m,
        };
        m.check()?;
        Ok(m)
    }

    /// The model's snake_case name.
    pub fn name(&self) -> &'static str {
        self.kind().as_str()
    }

    /// Which model it is, without its parameters.
    pub fn kind(&self) -> AttributionModelName {
        match self {
            AttributionModel::FirstTouch => AttributionModelName::FirstTouch,
            AttributionModel::LastTouch => AttributionModelName::LastTouch,
            AttributionModel::Linear => AttributionModelName::Linear,
            AttributionModel::TimeDecay { .. } => AttributionModelName::TimeDecay,
            AttributionModel::PositionBased { .. } => AttributionModelName::PositionBased,
            AttributionModel::Markov { .. } => AttributionModelName::Markov,
            AttributionModel::Shapley => AttributionModelName::Shapley,
            AttributionModel::OrderedShapley => AttributionModelName::OrderedShapley,
        }
    }

    /// Whether the model's parameters are in their domain.
    fn check(&self) -> Result<()> {
        let bad = |name: &str, message: String| Err(Error::Argument { name: name.into(), message });
        let share = |x: f64| x.is_finite() && (0.0..=1.0).contains(&x);
        match *self {
            AttributionModel::TimeDecay { half_life_days: h } if !(h.is_finite() && h > 0.0) => {
                bad("half_life_days", format!("{h} is not a number above 0"))
            }
            AttributionModel::PositionBased { first, .. } if !share(first) => {
                bad("first", format!("{first} is not a share in 0..=1"))
            }
            AttributionModel::PositionBased { last, .. } if !share(last) => {
                bad("last", format!("{last} is not a share in 0..=1"))
            }
            AttributionModel::PositionBased { first, last } if first + last > 1.0 => bad(
                "first + last",
                format!("{first} + {last} is more than 1, expected shares that add up to at most 1"),
            ),
            AttributionModel::Markov { order } if !(1..=4).contains(&order) => {
                bad("order", format!("{order} is outside 1..=4"))
            }
            _ => Ok(()),
        }
    }
}

impl FromStr for AttributionModel {
    type Err = Error;

    /// The model of that name with its default parameters ([`AttributionModel::from_name`]).
    fn from_str(name: &str) -> Result<Self> {
        Self::from_name(name, ModelParameters::default())
    }
}

/// What a touchpoint earned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct AttributionRow {
    /// Touchpoint id.
    pub touchpoint: String,
    /// Conversions credited to it.
    pub conversions: f64,
    /// Conversion value credited to it.
    pub value: f64,
    /// For the Markov model: its removal effect (0..1).
    pub removal_effect: Option<f64>,
}

/// The result of an attribution model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct Attribution {
    /// The model that made it.
    pub model: AttributionModelName,
    /// Whether consecutive repeats of a touchpoint were collapsed into one touch (the default), or every
    /// touch was kept (`collapse` false, as ChannelAttribution and marketing-attribution-models count them
    /// out of the box); [`Attribution::repeats`] says it in words.
    pub collapsed: bool,
    /// For the Markov model: whether the removal effects weigh conversions by their value
    /// ([`EventLog::attribution_weighted`]) rather than count them.
    pub value_weighted: bool,
    /// Converting customers.
    pub conversions: u64,
    /// Their total value.
    pub value: f64,
    /// For the Markov model: the probability of conversion from the start of the chain (by count, also when
    /// the removal effects are value-weighted).
    pub conversion_probability: Option<f64>,
    /// One row per touchpoint that converting customers met, most credited first (ties by id).
    pub rows: Vec<AttributionRow>,
    /// For the ordered Shapley model: each touchpoint's credit by its place in the coalitions, by position
    /// then most credited first (ties by id); a touchpoint's positions add up to its row (each sum rounded
    /// once). Left out of a serialized attribution, it reads as `None`.
    pub positions: Option<Vec<PositionCredit>>,
}

impl Attribution {
    /// How repeated touches were counted, in words for charts and reports: `consecutive repeats collapsed`
    /// or `consecutive repeats kept`.
    pub fn repeats(&self) -> &'static str {
        if self.collapsed { "consecutive repeats collapsed" } else { "consecutive repeats kept" }
    }
}

/// A state of the Markov chain: up to 4 touchpoint codes packed 32 bits each, oldest in the highest slot,
/// each stored as code + 1 so that 0 marks an empty slot; `START` (no touchpoint yet) is 0.
type State = u128;
const START: State = 0;
const CONV: State = u128::MAX;
const NULL: State = u128::MAX - 1;

fn pack(codes: &[u32]) -> State {
    codes.iter().fold(0u128, |acc, c| (acc << 32) | (u128::from(*c) + 1))
}

/// The touchpoint codes of a state, oldest first.
fn unpack(state: State) -> Vec<u32> {
    if state == CONV || state == NULL {
        return Vec::new();
    }
    let mut codes: Vec<u32> =
        (0..4).map(|i| ((state >> (32 * i)) & 0xFFFF_FFFF) as u32).filter(|c| *c > 0).map(|c| c - 1).collect();
    codes.reverse();
    codes
}

/// A partial attribution over some customers, to merge with partials over others.
#[derive(Debug, Clone, Default)]
pub struct AttributionPartial {
    names: Dictionary,
    model: Option<AttributionModel>,
    collapse: bool,
    /// Markov: whether the chain's conversions are weighted by their value.
    by_value: bool,
    conversions: u64,
    value: ExactSum,
    /// Heuristic models: the exact sums of each touchpoint's conversions and value.
    credit: FxHashMap<u32, (ExactSum, ExactSum)>,
    /// Markov: transition counts between states; the target `[CONV]` or `[NULL]` ends a path.
    moves: FxHashMap<(State, State), u64>,
    /// Markov weighted by value: the exact sum of the values of the conversions from each state.
    conv_value: FxHashMap<State, ExactSum>,
    /// Markov weighted by value: the largest value of a converting customer.
    top_value: f64,
    /// Ordered Shapley: the exact sums of each (touchpoint, 0-based position)'s conversions and value.
    positions: FxHashMap<(u32, u32), (ExactSum, ExactSum)>,
}

fn collapsed(path: &[u32], times: &[i64], collapse: bool) -> (Vec<u32>, Vec<i64>) {
    let mut p = Vec::with_capacity(path.len());
    let mut t = Vec::with_capacity(path.len());
    for (i, &x) in path.iter().enumerate() {
        if collapse && p.last() == Some(&x) {
            // Keep the latest time of a run of repeats.
            if let Some(last) = t.last_mut() {
                *last = times[i];
            }
        } else {
            p.push(x);
            t.push(times[i]);
        }
    }
    (p, t)
}

impl AttributionPartial {
    /// Attribution sums over the customers of a log.
    ///
    /// # Errors
    /// [`Error::Argument`] for a model out of its domain, or a log without an outcome column.
    pub fn of(log: &EventLog, model: AttributionModel, collapse: bool) -> Result<Self> {
        Self::of_weighted(log, model, collapse, false)
    }

    /// [`AttributionPartial::of`] with the Markov chain's conversions weighted by their value when
    /// `value_weighted` (see [`EventLog::attribution_weighted`]).
    ///
    /// # Errors
    /// As [`AttributionPartial::of`], and [`Error::Argument`] named `value_weighted` for another model than
    /// Markov.
    pub fn of_weighted(log: &EventLog, model: AttributionModel, collapse: bool, value_weighted: bool) -> Result<Self> {
        Self::of_reported(log, model, collapse, value_weighted, &mut Reporter::silent("attribution"))
    }

    /// [`AttributionPartial::of_weighted`], counting the events looked at as `rep`'s units.
    fn of_reported(
        log: &EventLog,
        model: AttributionModel,
        collapse: bool,
        by_value: bool,
        rep: &mut Reporter<'_>,
    ) -> Result<Self> {
        check_log(log, model, by_value)?;
        // The partials count by the log's touchpoint codes; the merged result alone gets the dictionary.
        let mut a = super::log::in_chunks_reported(
            log,
            rep,
            |log, range, meter| Self::of_range(log, range, model, collapse, by_value, meter),
            |mut a, b, _| {
                // Partials of one log with one model always merge.
                let _ = a.merge(b);
                a
            },
        )?;
        a.names = log.touchpoints.clone();
        Ok(a)
    }

    /// One partial for each customer of `log`, in the log's order, each without the dictionary (the
    /// bootstrap merges them, each as many times as it was drawn, and names the result with
    /// [`AttributionPartial::named`]).
    ///
    /// # Errors
    /// As [`AttributionPartial::of_weighted`].
    pub(super) fn each_customer(
        log: &EventLog,
        model: AttributionModel,
        collapse: bool,
        by_value: bool,
    ) -> Result<Vec<Self>> {
        check_log(log, model, by_value)?;
        let mut rep = Reporter::silent("attribution");
        let mut meter = Meter::inline(&mut rep);
        Ok((0..log.customer_count())
            .map(|c| Self::of_range(log, c..c + 1, model, collapse, by_value, &mut meter))
            .collect())
    }

    /// The partial of no customers, for [`AttributionPartial::add_times`] to add to.
    pub(super) fn empty(model: AttributionModel, collapse: bool, by_value: bool) -> Self {
        AttributionPartial { model: Some(model), collapse, by_value, ..Default::default() }
    }

    /// The partial with the touchpoint names of `log`, whose codes it counts by.
    pub(super) fn named(mut self, log: &EventLog) -> Self {
        self.names = log.touchpoints.clone();
        self
    }

    fn of_range(
        log: &EventLog,
        range: std::ops::Range<usize>,
        model: AttributionModel,
        collapse: bool,
        by_value: bool,
        meter: &mut Meter<'_, '_>,
    ) -> Self {
        let mut a = Self::empty(model, collapse, by_value);
        for c in meter.walk(range, |&c| log.events(c).len() as u64) {
            let range = log.events(c);
            if range.is_empty() {
                continue;
            }
            let converted = log.is_converted(c);
            // A converting customer's path is what came before the conversion (see
            // `EventLog::before_conversion`): the same for every model, heuristic and Markov.
            let (path, times, end) = if converted {
                let keep = log.before_conversion(c);
                let (all, stamps) = (log.path(c), &log.timestamp[range.clone()]);
                let end = range.clone().rev().find(|i| log.is_converting_event(*i)).map(|i| log.timestamp[i]);
                let path: Vec<u32> = keep.iter().map(|i| all[*i]).collect();
                let times: Vec<i64> = keep.iter().map(|i| stamps[*i]).collect();
                let (p, t) = collapsed(&path, &times, collapse);
                (p, t, end)
            } else {
                let (p, t) = collapsed(log.path(c), &log.timestamp[range], collapse);
                (p, t, None)
            };
            if let AttributionModel::Markov { order } = model {
                let mut prev: State = START;
                for i in 0..path.len() {
                    let state = pack(&path[(i + 1).saturating_sub(order)..=i]);
                    *a.moves.entry((prev, state)).or_default() += 1;
                    prev = state;
                }
                *a.moves.entry((prev, if converted { CONV } else { NULL })).or_default() += 1;
                if by_value && converted {
                    let value = log.value_of(c);
                    a.conv_value.entry(prev).or_default().add(value);
                    a.top_value = a.top_value.max(value);
                }
            }
            if !converted {
                continue;
            }
            let value = log.value_of(c);
            a.conversions += 1;
            a.value.add(value);
            if matches!(model, AttributionModel::Markov { .. }) {
                continue;
            }
            // The Shapley models credit the customer's coalition: their distinct touchpoints, by first touch.
            let path = if shapley::is_shapley(model) { shapley::coalition(&path) } else { path };
            let n = path.len();
            let weights: Vec<f64> = match model {
                AttributionModel::FirstTouch => (0..n).map(|i| f64::from(u8::from(i == 0))).collect(),
                AttributionModel::LastTouch => (0..n).map(|i| f64::from(u8::from(i + 1 == n))).collect(),
                AttributionModel::Linear | AttributionModel::Shapley | AttributionModel::OrderedShapley => {
                    vec![1.0 / n as f64; n]
                }
                AttributionModel::TimeDecay { half_life_days } => {
                    let end = end.or_else(|| times.last().copied()).unwrap_or_default();
                    let h = half_life_days * super::csv::NS_PER_DAY as f64;
                    let raw: Vec<f64> = times.iter().map(|t| (-((end - t) as f64) / h).exp2()).collect();
                    let total: f64 = raw.iter().sum();
                    raw.iter().map(|w| w / total).collect()
                }
                AttributionModel::PositionBased { first, last } => match n {
                    1 => vec![1.0],
                    2 => vec![0.5, 0.5],
                    _ => {
                        let middle = (1.0 - first - last) / (n - 2) as f64;
                        (0..n)
                            .map(|i| {
                                if i == 0 {
                                    first
                                } else if i + 1 == n {
                                    last
                                } else {
                                    middle
                                }
                            })
                            .collect()
                    }
                },
                AttributionModel::Markov { .. } => Vec::new(),
            };
            if model == AttributionModel::OrderedShapley {
                for (i, (&t, &w)) in path.iter().zip(&weights).enumerate() {
                    let e = a.positions.entry((t, i as u32)).or_default();
                    e.0.add(w);
                    e.1.add_product(w, value);
                }
            }
            a.credit_customer(&path, &weights, value);
        }
        a
    }

    /// Adds one converting customer's credits exactly: `weights[i] * value` to `path[i]`, and the rounding
    /// remainder of the weights (`1 - sum`, computed exactly) to the touchpoint of the largest weight, so
    /// that the customer's credits add up to exactly one conversion and exactly their value.
    fn credit_customer(&mut self, path: &[u32], weights: &[f64], value: f64) {
        // 1 minus the weights, kept exactly.
        let mut remainder = ExactSum::default();
        remainder.add(1.0);
        let mut top: Option<(usize, f64)> = None;
        for (i, (&t, &w)) in path.iter().zip(weights).enumerate().filter(|(_, (_, w))| **w > 0.0) {
            let e = self.credit.entry(t).or_default();
            e.0.add(w);
            e.1.add_product(w, value);
            remainder.add(-w);
            if top.is_none_or(|(_, m)| w > m) {
                top = Some((i, w));
            }
        }
        let Some((i, _)) = top else { return };
        if remainder.parts().is_empty() {
            return;
        }
        let e = self.credit.entry(path[i]).or_default();
        for &r in remainder.parts() {
            e.0.add(r);
            e.1.add_product(r, value);
        }
    }

    /// Adds the sums over other customers (same model and collapsing). Exact.
    ///
    /// # Errors
    /// [`Error::Argument`] when the partials were made with different models.
    pub fn merge(&mut self, other: AttributionPartial) -> Result<()> {
        if self.model.is_none() {
            *self = other;
            return Ok(());
        }
        if other.model.is_some()
            && (other.model != self.model || other.collapse != self.collapse || other.by_value != self.by_value)
        {
            return Err(Error::Argument {
                name: "partial".into(),
                message: "partials of different attribution models do not merge".into(),
            });
        }
        let same = other.names.names().len() <= self.names.names().len()
            && other.names.names().iter().zip(self.names.names()).all(|(a, b)| a == b);
        let remap: Vec<u32> =
            if same { Vec::new() } else { other.names.names().iter().map(|n| self.names.code(n)).collect() };
        let m = |c: &u32| if same { *c } else { remap.get(*c as usize).copied().unwrap_or(*c) };
        let ms = |s: State| {
            if same || s == CONV || s == NULL { s } else { pack(&unpack(s).iter().map(m).collect::<Vec<_>>()) }
        };
        self.add_mapped(&other, 1, m, ms);
        Ok(())
    }

    /// Adds the sums of `other`, a partial of the same log and model ([`AttributionPartial::each_customer`]),
    /// `times` times over: a customer drawn that many times by the bootstrap. Exact.
    pub(super) fn add_times(&mut self, other: &AttributionPartial, times: u32) {
        self.add_mapped(other, times, |c| *c, |s| s);
    }

    /// Adds the sums of `other` `times` times over, its touchpoint codes mapped by `m` and its states by `ms`.
    fn add_mapped(
        &mut self,
        other: &AttributionPartial,
        times: u32,
        m: impl Fn(&u32) -> u32,
        ms: impl Fn(State) -> State,
    ) {
        self.conversions += other.conversions * u64::from(times);
        for ((a, b), n) in &other.moves {
            *self.moves.entry((ms(*a), ms(*b))).or_default() += n * u64::from(times);
        }
        self.top_value = self.top_value.max(other.top_value);
        for _ in 0..times {
            self.value.merge(&other.value);
            for (t, (c, v)) in &other.credit {
                let e = self.credit.entry(m(t)).or_default();
                e.0.merge(c);
                e.1.merge(v);
            }
            for (a, v) in &other.conv_value {
                self.conv_value.entry(ms(*a)).or_default().merge(v);
            }
            for ((t, i), (c, v)) in &other.positions {
                let e = self.positions.entry((m(t), *i)).or_default();
                e.0.merge(c);
                e.1.merge(v);
            }
        }
    }

    /// The sum of the counts, for the checks of a partial read from bytes.
    pub(crate) fn counted(&self) -> u128 {
        u128::from(self.conversions) + self.moves.values().map(|n| u128::from(*n)).sum::<u128>()
    }

    /// Whether the partial was made with the model and reading of `options`.
    pub(crate) fn made_with(&self, options: &AttributionOptions) -> bool {
        options.model().ok() == self.model
            && options.collapse == self.collapse
            && options.value_weighted == self.by_value
    }

    /// The Markov model's moves between states, as (from, to, count), for the tables of the chain.
    pub(super) fn chain_moves(&self) -> Vec<(ChainState<'_>, ChainState<'_>, u64)> {
        let state = |s: State| match s {
            START => ChainState::Start,
            CONV => ChainState::Conversion,
            NULL => ChainState::Null,
            s => ChainState::Touches(unpack(s).into_iter().map(|c| self.names.name(c)).collect()),
        };
        self.moves.iter().map(|(&(a, b), &n)| (state(a), state(b), n)).collect()
    }

    /// The finished attribution.
    ///
    /// # Errors
    /// As [`AttributionPartial::finish_with_progress`], without [`Error::Cancelled`].
    pub fn finish(&self) -> Result<Attribution> {
        self.finish_reported(&mut Reporter::silent("attribution"))
    }

    /// The finished attribution, calling `progress` now and then (every few milliseconds of work) while the
    /// Markov chain is solved; `progress` returning `ControlFlow::Break(())` stops the solve.
    ///
    /// # Errors
    /// [`Error::Argument`] when the partial has no model (it was never filled); [`Error::Cancelled`] when
    /// `progress` asked to stop; [`Error::Limit`] (kind `too_large`) for a Markov chain whose removal
    /// solves (order >= 2, or a group too large for the dense solve) take more than
    /// [`markov::MAX_REMOVAL_WORK`] dense steps, or whose strongly connected groups of more than
    /// [`markov::MAX_COMPONENT_STATES`] states take more than [`markov::MAX_ITERATION_WORK`] steps of
    /// interval iteration to reach [`markov::MARKOV_TOLERANCE`].
    pub fn finish_with_progress(&self, progress: &mut dyn FnMut(Progress) -> ControlFlow<()>) -> Result<Attribution> {
        let mut rep = Reporter::new(progress, self.what());
        let a = self.finish_reported(&mut rep)?;
        rep.end()?;
        Ok(a)
    }

    /// What the work is called in [`Error::Cancelled`].
    fn what(&self) -> &'static str {
        match self.model {
            Some(AttributionModel::Markov { .. }) => "Markov attribution",
            _ => "attribution",
        }
    }

    /// [`AttributionPartial::finish`], the Markov solve counting its steps in a part of `rep` of its own.
    fn finish_reported(&self, rep: &mut Reporter<'_>) -> Result<Attribution> {
        let model =
            self.model.ok_or_else(|| Error::Argument { name: "partial".into(), message: "empty partial".into() })?;
        let total_value = self.value.value();
        let mut probability = None;
        let mut rows: Vec<AttributionRow> = match model {
            AttributionModel::Markov { .. } => {
                rep.next_part();
                let (p, effects) = self.removal_effects(rep)?;
                probability = Some(p);
                let sum: f64 = effects.iter().map(|(_, e)| e).sum();
                effects
                    .into_iter()
                    .map(|(t, e)| {
                        let share = if sum > 0.0 { e / sum } else { 0.0 };
                        AttributionRow {
                            touchpoint: self.names.name(t).to_owned(),
                            conversions: self.conversions as f64 * share,
                            value: total_value * share,
                            removal_effect: Some(e),
                        }
                    })
                    .collect()
            }
            _ => self
                .credit
                .iter()
                .map(|(&t, (c, v))| AttributionRow {
                    touchpoint: self.names.name(t).to_owned(),
                    conversions: c.value(),
                    value: v.value(),
                    removal_effect: None,
                })
                .collect(),
        };
        rows.sort_by(|a, b| b.conversions.total_cmp(&a.conversions).then_with(|| a.touchpoint.cmp(&b.touchpoint)));
        Ok(Attribution {
            model: model.kind(),
            collapsed: self.collapse,
            value_weighted: self.by_value,
            conversions: self.conversions,
            value: total_value,
            conversion_probability: probability,
            rows,
            positions: (model == AttributionModel::OrderedShapley)
                .then(|| shapley::positions(&self.positions, |t| self.names.name(t))),
        })
    }

    /// The probability of conversion from the start, and each touchpoint's removal effect.
    fn removal_effects(&self, rep: &mut Reporter<'_>) -> Result<(f64, Vec<(u32, f64)>)> {
        // States in a canonical order (by the ranks of their touchpoints' names), so that the solution does
        // not depend on the input order.
        let (by_name, rank) = self.names.name_order();
        // The codes of a state replaced by their ranks, slot by slot.
        let key = |s: State| -> State {
            (0..4).fold(0u128, |acc, k| {
                let v = (s >> (32 * k)) & 0xFFFF_FFFF;
                let r = if v == 0 { 0 } else { u128::from(rank[(v - 1) as usize]) + 1 };
                acc | (r << (32 * k))
            })
        };
        let mut states: Vec<(State, State)> = self.moves.keys().map(|(a, _)| (key(*a), *a)).collect();
        states.sort_unstable();
        states.dedup();
        let index: FxHashMap<State, usize> = states.iter().enumerate().map(|(i, s)| (s.1, i)).collect();
        let Some(&start) = index.get(&START) else { return Ok((0.0, Vec::new())) };
        let n = states.len();
        let mut total = vec![0u64; n];
        let mut conv = vec![0.0f64; n];
        let mut moves: Vec<(u32, u32, u64)> = Vec::with_capacity(self.moves.len());
        for (&(a, b), &c) in &self.moves {
            let i = index[&a];
            total[i] += c;
            match b {
                CONV => conv[i] += c as f64,
                NULL => {}
                _ => {
                    if let Some(&j) = index.get(&b) {
                        moves.push((i as u32, j as u32, c));
                    }
                }
            }
        }
        moves.sort_unstable();
        let mut off = vec![0usize; n + 1];
        for &(i, _, _) in &moves {
            off[i as usize + 1] += 1;
        }
        for i in 0..n {
            off[i + 1] += off[i];
        }
        let mut chain = Chain {
            off,
            to: moves.iter().map(|m| m.1).collect(),
            count: moves.iter().map(|m| m.2).collect(),
            total,
            conv,
            start,
            order: match self.model {
                Some(AttributionModel::Markov { order }) => order,
                _ => 1,
            },
        };
        drop(moves);
        // The probability of conversion, by count; a value-weighted chain then earns the values instead.
        let mut counted = None;
        if self.by_value && self.top_value > 0.0 {
            counted = markov::absorption(&chain, rep)?.get(start).copied();
            for (&(_, s), v) in states.iter().zip(chain.conv.iter_mut()) {
                if let Some(sum) = self.conv_value.get(&s) {
                    // At most one per move, whatever the rounding of the division.
                    *v = (sum.value() / self.top_value).min(*v);
                }
            }
        }
        // The states holding each touchpoint, touchpoints in name order (so that the sum of the effects does
        // not depend on the input order).
        let mut held: Vec<(u32, u32)> = Vec::with_capacity(n);
        for (i, s) in states.iter().enumerate() {
            let mut slots: Vec<u32> =
                (0..4).map(|k| ((s.0 >> (32 * k)) & 0xFFFF_FFFF) as u32).filter(|r| *r > 0).collect();
            slots.sort_unstable();
            slots.dedup();
            held.extend(slots.into_iter().map(|r| (r - 1, i as u32)));
        }
        held.sort_unstable();
        let flat: Vec<u32> = held.iter().map(|h| h.1).collect();
        let mut touched: Vec<u32> = Vec::new();
        let mut lists: Vec<&[u32]> = Vec::new();
        let mut from = 0;
        for k in 1..=held.len() {
            if k == held.len() || held[k].0 != held[from].0 {
                touched.push(by_name[held[from].0 as usize]);
                lists.push(&flat[from..k]);
                from = k;
            }
        }
        let (full, without) = markov::conversion_without(&chain, &lists, rep)?;
        let effects = touched
            .into_iter()
            .zip(without)
            .map(|(t, w)| (t, if full > 0.0 { (1.0 - w / full).clamp(0.0, 1.0) } else { 0.0 }))
            .collect();
        Ok((counted.unwrap_or(full), effects))
    }
}

/// Refuses a model out of its domain, value weighting without a chain, or a log without an outcome.
fn check_log(log: &EventLog, model: AttributionModel, by_value: bool) -> Result<()> {
    model.check()?;
    check_weighting(model, by_value)?;
    if !log.has_outcome() {
        return Err(Error::Argument {
            name: "outcome".into(),
            message: "attribution needs an outcome column (a conversion flag or value)".into(),
        });
    }
    Ok(())
}

/// Refuses value weighting for a model that has no chain to weigh.
fn check_weighting(model: AttributionModel, value_weighted: bool) -> Result<()> {
    if value_weighted && !matches!(model, AttributionModel::Markov { .. }) {
        return Err(Error::Argument {
            name: "value_weighted".into(),
            message: format!("is a parameter of markov, not of {}", model.name()),
        });
    }
    Ok(())
}

impl EventLog {
    /// Attributes conversions and value to touchpoints with a model, collapsing consecutive repeats when
    /// `collapse` is true (the default elsewhere). O(events) plus, for Markov, the solve of the chain:
    /// at order 1 one pass over it plus `m^3` per group of `m` states that loop through each other; at
    /// order >= 2 that for each touchpoint over the states that can reach it; a group of more than
    /// [`markov::MAX_COMPONENT_STATES`] states takes sweeps of its moves instead, as many as it needs to
    /// bound its probabilities to within [`markov::MARKOV_TOLERANCE`] (see
    /// [`AttributionPartial::finish_with_progress`] for the limits).
    ///
    /// # Errors
    /// [`Error::Argument`] for a model out of its domain, or a log without an outcome column;
    /// [`Error::Limit`] for a Markov chain past the limits.
    pub fn attribution(&self, model: AttributionModel, collapse: bool) -> Result<Attribution> {
        AttributionPartial::of(self, model, collapse)?.finish()
    }

    /// [`EventLog::attribution`], the Markov chain's conversions weighted by their value when
    /// `value_weighted`, as ChannelAttribution's `var_value` weighs them (in expectation: it simulates).
    ///
    /// What is weighted: each move of the chain to `conversion` earns the value of the customer who made it
    /// (the sum of their outcomes) instead of 1, so that the start's solution is the expected conversion
    /// value of a path rather than the probability of conversion. A touchpoint's removal effect is then
    /// `1 - E[value without it] / E[value]`: a touchpoint on the paths of big orders weighs more than one on
    /// as many paths of small orders. The transition probabilities stay those of the counts. Conversions
    /// and value are shared in proportion to these effects; [`Attribution::conversion_probability`] stays
    /// the probability of conversion by count. With every value equal (a 1/0 flag) the effects are those
    /// of the counted chain.
    ///
    /// ```
    /// use journey_core::analytics::{AttributionModel, EventColumns, EventLog};
    ///
    /// // `a` buys for 90 after an ad; `b` buys for 10 after an email; `c` sees the email and leaves.
    /// let csv = "customer_id,timestamp,touchpoint,order\n\
    ///            a,2026-03-01T10:00:00Z,ad,0\n\
    ///            a,2026-03-01T10:05:00Z,buy,90\n\
    ///            b,2026-03-01T11:00:00Z,email,0\n\
    ///            b,2026-03-01T11:05:00Z,buy,10\n\
    ///            c,2026-03-01T12:00:00Z,email,0\n";
    /// let columns = EventColumns { outcome: Some("order".into()), ..EventColumns::default() };
    /// let log = EventLog::from_csv_str(csv, &columns)?;
    /// let markov = AttributionModel::Markov { order: 1 };
    /// let counted = log.attribution(markov, true)?;
    /// let weighted = log.attribution_weighted(markov, true, true)?;
    /// // Counted, both touchpoints' removal effects are 1 and they share the value evenly...
    /// assert!((counted.rows[0].value - 50.0).abs() < 1e-9);
    /// // ...weighted, removing the ad loses 90% of the expected value: it earns 90 of the 100.
    /// assert_eq!(weighted.rows[0].touchpoint, "ad");
    /// assert!((weighted.rows[0].removal_effect.unwrap_or_default() - 0.9).abs() < 1e-12);
    /// assert!((weighted.rows[0].value - 90.0).abs() < 1e-9);
    /// assert!(weighted.value_weighted);
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`EventLog::attribution`], and [`Error::Argument`] named `value_weighted` for another model than
    /// Markov.
    pub fn attribution_weighted(
        &self,
        model: AttributionModel,
        collapse: bool,
        value_weighted: bool,
    ) -> Result<Attribution> {
        AttributionPartial::of_weighted(self, model, collapse, value_weighted)?.finish()
    }

    /// [`EventLog::attribution`], calling `progress` at the start, every few milliseconds of work and at the
    /// end (see [`Progress`]): the units are the events of the pass over the log, then for the Markov model
    /// the steps of the solve (one per touchpoint, and one more), which are added to `total` once the chain
    /// is built. `progress` returning `ControlFlow::Break(())` stops the work within a few milliseconds
    /// with [`Error::Cancelled`].
    ///
    /// # Errors
    /// As [`EventLog::attribution`], and [`Error::Cancelled`].
    pub fn attribution_with_progress(
        &self,
        model: AttributionModel,
        collapse: bool,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<Attribution> {
        self.attribution_weighted_with_progress(model, collapse, false, progress)
    }

    /// [`EventLog::attribution_weighted`] calling `progress` as [`EventLog::attribution_with_progress`]
    /// does.
    ///
    /// # Errors
    /// As [`EventLog::attribution_weighted`], and [`Error::Cancelled`].
    pub fn attribution_weighted_with_progress(
        &self,
        model: AttributionModel,
        collapse: bool,
        value_weighted: bool,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<Attribution> {
        model.check()?;
        check_weighting(model, value_weighted)?;
        let what = if matches!(model, AttributionModel::Markov { .. }) { "Markov attribution" } else { "attribution" };
        let mut rep = Reporter::new(progress, what);
        rep.begin(self.len() as u64, EVENT_WORK)?;
        let a = AttributionPartial::of_reported(self, model, collapse, value_weighted, &mut rep)?
            .finish_reported(&mut rep)?;
        rep.end()?;
        Ok(a)
    }

    /// The attribution that `options` ask for: the model named, repeats collapsed or kept, Markov's
    /// conversions counted or weighted by value, of each customer or, with [`AttributionOptions::per_conversion`], of each conversion (within the lookback
    /// window, if any). This is how the bindings attribute, so their options read alike everywhere.
    ///
    /// ```
    /// use journey_core::analytics::{AttributionOptions, EventColumns, EventLog};
    ///
    /// let csv = "customer_id,timestamp,touchpoint,order_value\n\
    ///            c1,2026-03-01T10:00:00Z,ad,0\n\
    ///            c1,2026-03-01T10:05:00Z,purchase,40\n\
    ///            c1,2026-03-20T09:00:00Z,email,0\n\
    ///            c1,2026-03-20T09:10:00Z,purchase,25\n";
    /// let columns = EventColumns { outcome: Some("order_value".into()), ..EventColumns::default() };
    /// let log = EventLog::from_csv_str(csv, &columns)?;
    /// let last = |options: AttributionOptions| log.attribution_with(&options);
    /// let by_customer = last(AttributionOptions { model: Some("last_touch".into()), ..Default::default() })?;
    /// assert_eq!((by_customer.conversions, by_customer.rows[0].touchpoint.as_str()), (1, "email"));
    /// let per_conversion = AttributionOptions { model: Some("last_touch".into()), per_conversion: true, ..Default::default() };
    /// let anchored = last(per_conversion.clone())?;
    /// assert_eq!((anchored.conversions, anchored.value), (2, 65.0));
    /// assert_eq!(anchored.rows[0].touchpoint, "ad");
    /// let error = last(AttributionOptions { lookback_days: Some(-1.0), ..per_conversion }).unwrap_err();
    /// assert_eq!(error.to_string(), "lookback_days: -1 is not a number of days of at least 0");
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`AttributionOptions::model`], [`AttributionOptions::journeys`], [`EventLog::journeys`] and
    /// [`EventLog::attribution`].
    pub fn attribution_with(&self, options: &AttributionOptions) -> Result<Attribution> {
        self.attribution_with_options_progress(options, &mut |_| ControlFlow::Continue(()))
    }

    /// The partial attribution that `options` ask for ([`EventLog::attribution_with`]), to merge with the
    /// partials over other customers.
    ///
    /// # Errors
    /// As [`EventLog::attribution_with`], without the limits of the Markov solve (met when finished).
    pub fn attribution_partial(&self, options: &AttributionOptions) -> Result<AttributionPartial> {
        let model = options.model()?;
        let (collapse, weighted) = (options.collapse, options.value_weighted);
        match options.journeys()? {
            None => AttributionPartial::of_weighted(self, model, collapse, weighted),
            Some(j) => AttributionPartial::of_weighted(&self.journeys(&j)?, model, collapse, weighted),
        }
    }

    /// [`EventLog::attribution_with`], calling `progress` as [`EventLog::attribution_with_progress`] does
    /// (the split into journeys comes before, unfollowed: it is one pass over the events).
    ///
    /// # Errors
    /// As [`EventLog::attribution_with`], and [`Error::Cancelled`].
    pub fn attribution_with_options_progress(
        &self,
        options: &AttributionOptions,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<Attribution> {
        let model = options.model()?;
        let (collapse, weighted) = (options.collapse, options.value_weighted);
        match options.journeys()? {
            None => self.attribution_weighted_with_progress(model, collapse, weighted, progress),
            Some(j) => self.journeys(&j)?.attribution_weighted_with_progress(model, collapse, weighted, progress),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AttributionModel;

    #[test]
    fn the_names_are_those_of_the_models() {
        assert_eq!(AttributionModel::MODEL_NAMES, AttributionModel::DEFAULTS.map(|m| m.name()));
        assert!(AttributionModel::MODEL_NAMES.contains(&AttributionModel::DEFAULT_NAME));
    }
}

/// An [`AttributionModel`] as it travels: its name and parameters, read back through
/// [`AttributionModel::from_name`] (which checks them).
#[derive(Serialize, Deserialize)]
struct ModelWire {
    name: String,
    order: Option<usize>,
    half_life_days: Option<f64>,
    first: Option<f64>,
    last: Option<f64>,
}

impl From<AttributionModel> for ModelWire {
    fn from(m: AttributionModel) -> Self {
        let mut w = ModelWire { name: m.name().to_owned(), order: None, half_life_days: None, first: None, last: None };
        match m {
            AttributionModel::Markov { order } => w.order = Some(order),
            AttributionModel::TimeDecay { half_life_days } => w.half_life_days = Some(half_life_days),
            AttributionModel::PositionBased { first, last } => (w.first, w.last) = (Some(first), Some(last)),
            _ => {}
        }
        w
    }
}

/// A pair of exact sums as their parts.
type SumsWire = (Vec<f64>, Vec<f64>);

fn sums_wire((a, b): &(ExactSum, ExactSum)) -> SumsWire {
    (a.canonical_parts(), b.canonical_parts())
}

/// [`AttributionPartial`] as it travels (see `docs/partials.md`): touchpoints by name, sums as their exact
/// parts, Markov states as packed codes, sorted so that the same partial gives the same bytes.
#[derive(Serialize, Deserialize)]
struct AttributionWire {
    names: Vec<String>,
    model: Option<ModelWire>,
    collapse: bool,
    by_value: bool,
    conversions: u64,
    value: Vec<f64>,
    credit: Vec<(u32, SumsWire)>,
    moves: Vec<(State, State, u64)>,
    conv_value: Vec<(State, Vec<f64>)>,
    top_value: f64,
    positions: Vec<(u32, u32, SumsWire)>,
}

super::wire::through_wire!(AttributionPartial, AttributionWire);

impl AttributionPartial {
    /// The partial as it travels.
    fn to_wire(&self) -> AttributionWire {
        let mut credit: Vec<(u32, SumsWire)> = self.credit.iter().map(|(t, v)| (*t, sums_wire(v))).collect();
        credit.sort_unstable_by_key(|c| c.0);
        let mut moves: Vec<(State, State, u64)> = self.moves.iter().map(|(&(a, b), &n)| (a, b, n)).collect();
        moves.sort_unstable();
        let mut conv_value: Vec<(State, Vec<f64>)> =
            self.conv_value.iter().map(|(s, v)| (*s, v.canonical_parts())).collect();
        conv_value.sort_unstable_by_key(|c| c.0);
        let mut positions: Vec<(u32, u32, SumsWire)> =
            self.positions.iter().map(|(&(t, i), v)| (t, i, sums_wire(v))).collect();
        positions.sort_unstable_by_key(|p| (p.0, p.1));
        AttributionWire {
            names: self.names.names().to_vec(),
            model: self.model.map(ModelWire::from),
            collapse: self.collapse,
            by_value: self.by_value,
            conversions: self.conversions,
            value: self.value.canonical_parts(),
            credit,
            moves,
            conv_value,
            top_value: self.top_value,
            positions,
        }
    }
}

impl AttributionWire {
    /// The partial, once its model reads, every code is within its dictionary, every Markov state is one a
    /// pass makes (at most `order` touchpoints, leaving from neither end) and every sum is finite.
    fn check(self) -> Result<AttributionPartial> {
        use super::wire::{codes_within, corrupt, dictionary, ensure, exact_sum};
        let names = dictionary(self.names, "touchpoints of an attribution")?;
        let n = names.len();
        let model = match self.model {
            None => None,
            Some(w) => {
                let params =
                    ModelParameters { order: w.order, half_life_days: w.half_life_days, first: w.first, last: w.last };
                Some(AttributionModel::from_name(&w.name, params).map_err(corrupt)?)
            }
        };
        check_weighting(model.unwrap_or(AttributionModel::Markov { order: 1 }), self.by_value).map_err(corrupt)?;
        let order = match model {
            Some(AttributionModel::Markov { order }) => order,
            _ => 0,
        };
        let state = |s: State, end: bool| -> Result<()> {
            if end && (s == CONV || s == NULL) {
                return Ok(());
            }
            let codes = unpack(s);
            codes_within(codes.iter().copied(), n, "a Markov state's touchpoint")?;
            ensure(pack(&codes) == s && codes.len() <= order && (s != START || !end), || {
                format!("a Markov state is not one of at most {order} touchpoints")
            })
        };
        let mut moves = FxHashMap::default();
        for (a, b, k) in self.moves {
            state(a, false)?;
            state(b, true)?;
            ensure(k > 0, || "a Markov move counts nothing".into())?;
            ensure(moves.insert((a, b), k).is_none(), || "a Markov move is listed twice".into())?;
        }
        let mut conv_value = FxHashMap::default();
        for (s, parts) in self.conv_value {
            state(s, false)?;
            ensure(conv_value.insert(s, exact_sum(&parts, "a Markov value")?).is_none(), || {
                "a Markov state's value is listed twice".into()
            })?;
        }
        let pair = |(a, b): SumsWire, what: &str| -> Result<(ExactSum, ExactSum)> {
            Ok((exact_sum(&a, what)?, exact_sum(&b, what)?))
        };
        let mut credit = FxHashMap::default();
        for (t, sums) in self.credit {
            codes_within([t], n, "a credited touchpoint")?;
            ensure(credit.insert(t, pair(sums, "a credit")?).is_none(), || "a credit is listed twice".into())?;
        }
        let mut positions = FxHashMap::default();
        for (t, i, sums) in self.positions {
            codes_within([t], n, "a credited touchpoint")?;
            ensure(positions.insert((t, i), pair(sums, "a credit by position")?).is_none(), || {
                "a credit by position is listed twice".into()
            })?;
        }
        ensure(self.top_value.is_finite() && self.top_value >= 0.0, || "the largest value is not a number".into())?;
        Ok(AttributionPartial {
            names,
            model,
            collapse: self.collapse,
            by_value: self.by_value,
            conversions: self.conversions,
            value: exact_sum(&self.value, "the value")?,
            credit,
            moves,
            conv_value,
            top_value: self.top_value,
            positions,
        })
    }
}
