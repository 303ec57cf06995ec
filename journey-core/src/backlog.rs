//! One ranked backlog from gaps, pain points and opportunities: one line per problem.
//!
//! **Lines.** An opportunity is one line with the pain points it `addresses` and the gaps about them;
//! opportunities that address a pain point in common are one line, led by the one with the best impact ×
//! confidence / effort. A pain point no opportunity addresses is a line of its own. A gap at a touchpoint
//! with pain points is about them and joins the line of the touchpoint's worst pain point (most severe,
//! then most widespread): the pain hot spot, a negative moment of truth, the drop-off there, and the
//! touchpoint resting on no evidence; a gap about one pain point (its `location.pain_point`, as "pain point X
//! rests on no evidence") joins that pain point's line. Every
//! other gap is a line of its own. So no pain point or gap appears twice; each line lists what it holds
//! in [`BacklogItem::addresses`].
//!
//! **Priority** = reach × impact × confidence × importance / 5 / effort:
//! - reach: the share of customers the line touches. A touchpoint's customers are its `entered`, except at
//!   an entry (role `entry`), whose `entered` counts impressions: there, the customers who went on
//!   (`completed`). They
//!   are taken as a share of the customers at the busiest touchpoint, times the share of them the problem
//!   affects: for an opportunity the addressed pain points' shares combined (`1 - Π(1 - share)`), for a pain
//!   point its share, for a KPI below its target how far short it is (as a share of the target), for another
//!   gap the model's `default_share`. A stage gap counts the customers at the stage's busiest touchpoint, a
//!   journey gap all of them. Without figures: the model's `default_reach`.
//! - impact (1..5): the highest impact of the line's opportunities; for a pain point, the highest severity
//!   of it and its gaps; for a gap, its severity.
//! - confidence (0..1): the leading opportunity's; otherwise the touchpoint score's (at least 0.2), 0.5
//!   away from touchpoints.
//! - importance (1..5): the touchpoint's (for an opportunity, the highest among the touchpoints of the pain
//!   points it addresses); for a stage or the journey the mean of their touchpoints'.
//! - effort (1..5): the leading opportunity's, otherwise the model's `default_effort`.
//!
//! **Estimated effect** (with [`Journey::prioritize_with_log`]): from the absorbing Markov chain of order
//! 1 of the log's paths (see [`EventLog::what_if`]), the extra conversions and value if the drop-off at
//! the line's touchpoint (its moves to `null`, leaving without converting) fell by the line's share (the
//! share used for reach above), the removed exits going on in the observed proportions of that
//! touchpoint's onward moves: `(P'(conversion) - P(conversion)) × customers`, and × the mean value of a
//! conversion. An opportunity addressing pain points at several touchpoints changes all of them at once.
//! A loop gap's effect is that of its moves falling by the model's `default_share`, spread over the other
//! moves out of its first touchpoint. Other gaps carry no effect.
//!
//! **Rank.** Without a log, by priority (ties keep the order above). With a log, in three tiers
//! ([`BacklogItem::ranked_by`]):
//! 1. lines the log estimates to gain conversions, by [`Effect::priority`] = extra conversions × impact ×
//!    confidence × importance / 5 / effort (the map's priority with the estimated conversions in place of
//!    reach), so that what the log shows to matter comes first;
//! 2. lines the log cannot judge (not about where customers go, or at touchpoints its paths do not pass),
//!    by priority;
//! 3. lines at touchpoints the log's customers pass where the change gains nothing (nobody left there
//!    without converting), by priority.
//!
//! Ties keep the order of the lines.

use std::collections::HashMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[cfg(feature = "analytics")]
use crate::analytics::{Changed, EventLog, Paths};
use crate::error::Result;
use crate::gaps::{Gap, GapKind, Location};
use crate::model::{Journey, Touchpoint, TouchpointRole};
use crate::score::ScoringModel;
use crate::words::{self, count, number};

/// What a backlog line is about: what leads it, or what it holds besides its lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BacklogSource {
    /// A gap of the map.
    Gap,
    /// A pain point of a touchpoint.
    PainPoint,
    /// An opportunity of a touchpoint.
    Opportunity,
}

crate::names::names!(BacklogSource, "backlog source", "source" {
    Gap => "gap",
    PainPoint => "pain_point",
    Opportunity => "opportunity",
});

/// The kind of what a backlog line is about: the gap's kind for a gap, `pain_point` or `opportunity`
/// otherwise. Written as its name (`drop_off`, `pain_point`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BacklogKind {
    /// A gap, of this kind.
    Gap(GapKind),
    /// A pain point.
    PainPoint,
    /// An opportunity.
    Opportunity,
}

impl BacklogKind {
    /// The name: the gap kind's, or `pain_point` or `opportunity`.
    pub fn as_str(self) -> &'static str {
        match self {
            BacklogKind::Gap(kind) => kind.as_str(),
            BacklogKind::PainPoint => BacklogSource::PainPoint.as_str(),
            BacklogKind::Opportunity => BacklogSource::Opportunity.as_str(),
        }
    }

    /// Every name: the gap kinds', then `pain_point` and `opportunity`.
    fn names() -> Vec<&'static str> {
        let own = [BacklogKind::PainPoint, BacklogKind::Opportunity].map(BacklogKind::as_str);
        GapKind::NAMES.iter().copied().chain(own).collect()
    }

    /// Whether it is a gap, a pain point or an opportunity.
    pub fn source(self) -> BacklogSource {
        match self {
            BacklogKind::Gap(_) => BacklogSource::Gap,
            BacklogKind::PainPoint => BacklogSource::PainPoint,
            BacklogKind::Opportunity => BacklogSource::Opportunity,
        }
    }
}

impl std::fmt::Display for BacklogKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl PartialEq<&str> for BacklogKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::str::FromStr for BacklogKind {
    type Err = crate::Error;

    /// A gap kind's name, `pain_point` or `opportunity`.
    fn from_str(s: &str) -> Result<Self> {
        match s.parse::<BacklogSource>() {
            Ok(BacklogSource::PainPoint) => Ok(BacklogKind::PainPoint),
            Ok(BacklogSource::Opportunity) => Ok(BacklogKind::Opportunity),
            _ => s
                .parse()
                .map(BacklogKind::Gap)
                .map_err(|_| crate::names::unknown("backlog kind", "kind", s, &BacklogKind::names())),
        }
    }
}

impl Serialize for BacklogKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for BacklogKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for BacklogKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "BacklogKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names = BacklogKind::names();
        schemars::json_schema!({
            "description": "A gap kind for a gap, pain_point or opportunity otherwise.",
            "type": "string",
            "enum": names
        })
    }
}

/// Something a backlog line holds besides its lead: a pain point, a gap, or another opportunity for the
/// same pain points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct Addressed {
    /// A pain point, a gap or an opportunity.
    pub source: BacklogSource,
    /// The gap kind for a gap; `pain_point` or `opportunity` otherwise.
    #[cfg_attr(feature = "typescript", tsify(type = "BacklogKind"))]
    pub kind: BacklogKind,
    /// The pain point's or opportunity's id, when it has one (gaps have none).
    pub id: Option<String>,
    /// The touchpoint it is at, when it is at one.
    pub touchpoint: Option<String>,
    /// The pain point's description, the gap's message or the opportunity's description.
    pub title: String,
    /// The pain point's or gap's severity, or the opportunity's impact, 1..5.
    pub severity: u8,
}

/// One change behind an estimated effect: the drop-off at `touchpoint` (or, with `to`, its moves to `to`)
/// falls by `share`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct EffectChange {
    /// Touchpoint id.
    pub touchpoint: String,
    /// For a loop: the touchpoint the moves go back to.
    pub to: Option<String>,
    /// The share by which the drop-off (or the moves) falls, 0..1.
    pub share: f64,
}

/// A backlog line's estimated effect, from the absorbing Markov chain of an event log's paths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Effect {
    /// Extra conversions (negative when fewer).
    pub conversions: f64,
    /// Extra value: conversions × the mean value of a conversion in the log (in the map's `currency`).
    pub value: f64,
    /// What changes.
    pub changes: Vec<EffectChange>,
    /// How it was estimated, in a sentence: what changes, then the extra conversions and value (the value
    /// in the map's `currency`, [`crate::words::outcome_value`]).
    pub basis: String,
    /// conversions × impact × confidence × importance / 5 / effort: the line's priority with the estimated
    /// extra conversions in place of the map's reach. Lines with a gain are ranked by it.
    #[serde(default)]
    pub priority: f64,
}

/// One thing to work on, with the figures that rank it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(missing_as_null))]
pub struct BacklogItem {
    /// 1 for the first.
    pub rank: usize,
    /// What leads the line: a gap, a pain point or an opportunity.
    pub source: BacklogSource,
    /// The gap kind for a gap; `pain_point` or `opportunity` otherwise.
    #[cfg_attr(feature = "typescript", tsify(type = "BacklogKind"))]
    pub kind: BacklogKind,
    /// What it is.
    pub title: String,
    /// Where.
    pub location: Location,
    /// The share of customers it touches, 0..1.
    pub reach: f64,
    /// Where the reach comes from.
    pub reach_basis: String,
    /// How much it matters, 1..5 (see the module documentation for a line of several parts).
    pub impact: f64,
    /// How sure the map is, 0..1 (the opportunity's confidence, or the touchpoint score's).
    pub confidence: f64,
    /// How much work, 1..5 (the opportunity's effort, or the model's default).
    pub effort: f64,
    /// reach × impact × confidence × importance / 5 / effort.
    pub priority: f64,
    /// High impact for low effort, by the model's thresholds.
    pub quick_win: bool,
    /// The lead's id: the opportunity's or pain point's, when it has one.
    #[serde(default)]
    pub id: Option<String>,
    /// How much the touchpoint matters to customers, 1..5 (3 when the map does not say).
    #[serde(default = "default_importance")]
    pub importance: f64,
    /// What else the line holds: the pain points and gaps it is about, and other opportunities for them.
    #[serde(default)]
    pub addresses: Vec<Addressed>,
    /// With an event log ([`Journey::prioritize_with_log`]): the estimated effect in conversions and value;
    /// `None` without a log, and for lines that are not about where customers go.
    #[serde(default)]
    pub effect: Option<Effect>,
    /// What put the line at its rank (see the [module documentation](crate::backlog)).
    #[serde(default)]
    pub ranked_by: RankedBy,
}

/// What ranks a backlog line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RankedBy {
    /// The event log estimates a gain: ranked first, by [`Effect::priority`].
    Effect,
    /// The map's [`BacklogItem::priority`]: without an event log, or where the log cannot judge the line
    /// (it is not about where customers go, or the log's paths do not pass its touchpoints).
    #[default]
    Map,
    /// The log's customers pass the line's touchpoints but the change it makes wins no conversion (nobody
    /// left there without converting, or fewer moves back lose conversions): ranked last, by the map's
    /// priority.
    NoEffect,
}

crate::names::names!(RankedBy, "ranking", "ranked_by" {
    Effect => "effect",
    Map => "map",
    NoEffect => "no_effect",
});

/// How a backlog is ranked, in a sentence for a person: the tiers of [`RankedBy`] that `items` has, in
/// their order, e.g. "first the 12 lines the event log shows to gain conversions, by estimated extra
/// conversions × impact × …; then, by reach × impact × …, the 18 lines the log cannot judge, and last the 1
/// line whose change wins no conversions in the log's paths".
pub fn ranking(items: &[BacklogItem]) -> String {
    let n = |r: RankedBy| items.iter().filter(|b| b.ranked_by == r).count() as u64;
    let (effect, map, none) = (n(RankedBy::Effect), n(RankedBy::Map), n(RankedBy::NoEffect));
    const WEIGHTS: &str = "impact \u{00d7} confidence \u{00d7} importance / 5 / effort";
    let by_map = format!("by reach \u{00d7} {WEIGHTS}");
    if effect == 0 && none == 0 {
        return format!("ranked {by_map}");
    }
    let mut rest = Vec::new();
    if map > 0 {
        rest.push(format!("the {} the log cannot judge", words::plural(map, "line")));
    }
    if none > 0 {
        rest.push(format!(
            "{}the {} whose change wins no conversions in the log's paths",
            if map > 0 { "last " } else { "" },
            words::plural(none, "line")
        ));
    }
    let rest = (!rest.is_empty()).then(|| format!("{by_map}, {}", rest.join(", and ")));
    match (effect, rest) {
        (0, Some(rest)) => format!("ranked {rest}"),
        (_, None) => format!(
            "the {} the event log shows to gain conversions, ranked by estimated extra conversions \u{00d7} {WEIGHTS}",
            words::plural(effect, "line")
        ),
        (_, Some(rest)) => format!(
            "first the {} the event log shows to gain conversions, by estimated extra conversions \u{00d7} \
             {WEIGHTS}; then, {rest}",
            words::plural(effect, "line")
        ),
    }
}

fn default_importance() -> f64 {
    3.0
}

/// Whether a touchpoint's `entered` counts reach (impressions) rather than customers, so that its customers
/// are those who went on: its role is `entry`.
fn counts_reach(j: &Journey, t: &Touchpoint) -> bool {
    j.role(&t.id) == Some(TouchpointRole::Entry)
}

/// The gaps at a touchpoint that are about its pain points.
fn about_pain(kind: GapKind) -> bool {
    matches!(kind, GapKind::PainHotspot | GapKind::NegativeMomentOfTruth | GapKind::DropOff | GapKind::Unevidenced)
}

/// What leads a line.
enum Lead {
    Gap(usize),
    Pain(usize, usize),
    /// Opportunities `(touchpoint, opportunity)` in map order; the lead is chosen among them.
    Opportunities(Vec<(usize, usize)>),
}

/// A line before it is ranked.
struct Line {
    lead: Lead,
    pains: Vec<(usize, usize)>,
    gaps: Vec<usize>,
}

/// Union-find over opportunities.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The title and place of a line about something at a touchpoint.
fn at_touchpoint(what: &str, t: &Touchpoint) -> (String, Location) {
    let place = Location { stage: Some(t.stage.clone()), touchpoint: Some(t.id.clone()), ..Default::default() };
    (format!("{what} (at \"{}\")", t.name), place)
}

fn pct(x: f64) -> String {
    words::percent(x)
}

impl Journey {
    /// One ranked backlog of gaps, pain points and opportunities, one line per problem (an opportunity
    /// with the pain points and gaps it addresses), ranked by reach × impact × confidence × importance / 5
    /// / effort (ties keep the order: gaps, then pain points and opportunities in map order). See the
    /// [module documentation](crate::backlog) for every figure, and [`Journey::gaps`] for `as_of`.
    ///
    /// # Errors
    /// [`crate::Error::Argument`] for a model with a value out of its domain.
    pub fn prioritize(&self, model: &ScoringModel, as_of: Option<NaiveDate>) -> Result<Vec<BacklogItem>> {
        self.backlog(model, as_of, None)
    }

    /// [`Journey::prioritize`] with each line's estimated effect in conversions and value from `log`
    /// (see the [module documentation](crate::backlog)), and ranked by it: the lines the log shows to win
    /// conversions first, by [`Effect::priority`]; then those it cannot judge, then those that win none, by
    /// priority ([`BacklogItem::ranked_by`], [`ranking`]). The map is ranked as it is: to have reach count
    /// the log's customers too, [`Journey::apply`] the log's discovery first. Costs the backlog plus 3
    /// solves of the log's Markov chain per line with an effect.
    ///
    /// ```
    /// use journey_core::analytics::{EventColumns, EventLog};
    /// use journey_core::{Journey, ScoringModel};
    ///
    /// let j = Journey::load("../examples/data/electronics-retailer.json")?;
    /// let columns = EventColumns { outcome: Some("order_value".into()), ..EventColumns::default() };
    /// let log = EventLog::load_csv("../examples/data/electronics-events.csv", &columns)?;
    /// let mut observed = j.clone();
    /// observed.apply(&log.discover());
    /// let backlog = observed.prioritize_with_log(&ScoringModel::default(), None, &log)?;
    /// let first = &backlog[0];
    /// assert_eq!(first.id.as_deref(), Some("opp_shipping_upfront"));
    /// assert!(first.effect.as_ref().is_some_and(|e| e.conversions > 0.0));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Journey::prioritize`]; [`crate::Error::Argument`] for a log without an outcome column;
    /// [`crate::Error::Limit`] for a chain past the limits of Markov attribution.
    #[cfg(feature = "analytics")]
    pub fn prioritize_with_log(
        &self,
        model: &ScoringModel,
        as_of: Option<NaiveDate>,
        log: &EventLog,
    ) -> Result<Vec<BacklogItem>> {
        let paths = Paths::of(log)?;
        let before = paths.observed()?;
        let currency = self.currency.as_deref();
        self.backlog(
            model,
            as_of,
            Some(&|falls: &[Fall], tps: &[&Touchpoint]| effect(&paths, before, falls, tps, currency)),
        )
    }

    /// The backlog; `effect` estimates the effect of a line's falls (with a log), and says whether the log
    /// could judge it.
    fn backlog(
        &self,
        model: &ScoringModel,
        as_of: Option<NaiveDate>,
        effect: Option<&EffectOf<'_>>,
    ) -> Result<Vec<BacklogItem>> {
        let gaps = self.gaps(model, as_of)?;
        let scores = self.score(model)?;
        let tps = self.touchpoints();
        let position: HashMap<&str, usize> = tps.iter().enumerate().rev().map(|(i, t)| (t.id.as_str(), i)).collect();
        let customers = |t: &Touchpoint| if counts_reach(self, t) { t.metrics.completed } else { t.metrics.entered };
        let most = tps.iter().filter_map(|t| customers(t)).max().filter(|m| *m > 0);
        let confidences: HashMap<&str, f64> =
            scores.touchpoints.iter().rev().map(|s| (s.touchpoint.as_str(), s.score.confidence)).collect();
        let confidence_of = |t: usize| confidences.get(tps[t].id.as_str()).map_or(0.5, |c| c.max(0.2));
        let share_of = |t: usize, p: usize| tps[t].pain_points[p].share.unwrap_or(model.default_share).clamp(0.0, 1.0);

        // Pain points by id; opportunities grouped by the pain points they address in common.
        let mut pain_by_id: HashMap<&str, (usize, usize)> = HashMap::new();
        for (ti, t) in tps.iter().enumerate() {
            for (pi, p) in t.pain_points.iter().enumerate() {
                if let Some(id) = p.id.as_deref() {
                    pain_by_id.entry(id).or_insert((ti, pi));
                }
            }
        }
        let opps: Vec<(usize, usize)> =
            tps.iter().enumerate().flat_map(|(ti, t)| (0..t.opportunities.len()).map(move |oi| (ti, oi))).collect();
        let mut parent: Vec<usize> = (0..opps.len()).collect();
        let mut pain_owner: HashMap<(usize, usize), usize> = HashMap::new();
        for (k, &(ti, oi)) in opps.iter().enumerate() {
            for id in &tps[ti].opportunities[oi].addresses {
                if let Some(&pain) = pain_by_id.get(id.as_str()) {
                    match pain_owner.get(&pain) {
                        Some(&other) => {
                            let (a, b) = (root(&mut parent, other), root(&mut parent, k));
                            parent[a.max(b)] = a.min(b);
                        }
                        None => {
                            pain_owner.insert(pain, k);
                        }
                    }
                }
            }
        }

        // The lines: gaps (those that join a pain point's line are placed below), then per touchpoint its
        // opportunity groups (where their first opportunity is) and its pain points without one.
        let mut lines: Vec<Line> = Vec::new();
        let mut group_line: HashMap<usize, usize> = HashMap::new();
        let mut pain_line: HashMap<(usize, usize), usize> = HashMap::new();
        let mut loose_gaps = Vec::new();
        let mut joining: Vec<(usize, (usize, usize))> = Vec::new();
        for (gi, g) in gaps.iter().enumerate() {
            match self.pain_of_gap(g, &position) {
                Some(pain) => joining.push((gi, pain)),
                None => loose_gaps.push(gi),
            }
        }
        for gi in loose_gaps {
            lines.push(Line { lead: Lead::Gap(gi), pains: Vec::new(), gaps: Vec::new() });
        }
        // `opps` is in touchpoint order: each touchpoint's are the next ones.
        let mut next = 0;
        for (ti, t) in tps.iter().enumerate() {
            let first = next;
            while next < opps.len() && opps[next].0 == ti {
                next += 1;
            }
            for (k, &opp) in opps.iter().enumerate().take(next).skip(first) {
                let r = root(&mut parent, k);
                match group_line.get(&r) {
                    Some(&l) => {
                        if let Lead::Opportunities(members) = &mut lines[l].lead {
                            members.push(opp);
                        }
                    }
                    None => {
                        group_line.insert(r, lines.len());
                        lines.push(Line { lead: Lead::Opportunities(vec![opp]), pains: Vec::new(), gaps: Vec::new() });
                    }
                }
            }
            for pi in (0..t.pain_points.len()).filter(|pi| !pain_owner.contains_key(&(ti, *pi))) {
                pain_line.insert((ti, pi), lines.len());
                lines.push(Line { lead: Lead::Pain(ti, pi), pains: Vec::new(), gaps: Vec::new() });
            }
        }
        // The pain points an opportunity addresses join its group's line (every group has one by now).
        let mut owned: Vec<((usize, usize), usize)> = pain_owner.iter().map(|(p, k)| (*p, *k)).collect();
        owned.sort_unstable();
        for (pain, k) in owned {
            if let Some(&l) = group_line.get(&root(&mut parent, k)) {
                pain_line.insert(pain, l);
                lines[l].pains.push(pain);
            }
        }
        for (gi, pain) in joining {
            match pain_line.get(&pain) {
                Some(&l) => lines[l].gaps.push(gi),
                None => lines.push(Line { lead: Lead::Gap(gi), pains: Vec::new(), gaps: Vec::new() }),
            }
        }

        let reach_of = |t: usize, share: f64, what: &str| -> (f64, String) {
            let tp = tps[t];
            match (customers(tp), most) {
                (Some(c), Some(most)) => {
                    let who = if counts_reach(self, tp) { "who went on from" } else { "at" };
                    (
                        c as f64 / most as f64 * share,
                        format!(
                            "{} of the {} customers {who} \"{}\" ({} {what}), of {} at the busiest touchpoint",
                            number(c as f64 * share, 0),
                            count(c),
                            tp.name,
                            pct(share),
                            count(most)
                        ),
                    )
                }
                _ => (
                    model.default_reach * share,
                    format!("{} {what} of an unknown number of customers (model default reach)", pct(share)),
                ),
            }
        };
        let mean_importance = |members: &[&Touchpoint]| {
            if members.is_empty() {
                3.0
            } else {
                members.iter().map(|t| t.importance).sum::<f64>() / members.len() as f64
            }
        };
        let mut by_stage: HashMap<&str, Vec<&Touchpoint>> = HashMap::new();
        for t in &tps {
            by_stage.entry(t.stage.as_str()).or_default().push(t);
        }

        let mut items = Vec::with_capacity(lines.len());
        for line in lines {
            let mut addresses: Vec<Addressed> = Vec::new();
            let mut falls: Vec<Fall> = Vec::new();
            let (kind, title, location, id, reach, impact, confidence, effort, importance);
            match &line.lead {
                Lead::Opportunities(members) => {
                    let score = |&(ti, oi): &(usize, usize)| {
                        let o = &tps[ti].opportunities[oi];
                        f64::from(o.impact) * o.confidence / f64::from(o.effort.max(1))
                    };
                    let lead =
                        members.iter().copied().fold(members[0], |a, b| if score(&b) > score(&a) { b } else { a });
                    let (ti, oi) = lead;
                    let (t, o) = (tps[ti], &tps[ti].opportunities[oi]);
                    for &(mt, mo) in members.iter().filter(|m| **m != lead) {
                        let other = &tps[mt].opportunities[mo];
                        addresses.push(Addressed {
                            source: BacklogSource::Opportunity,
                            kind: BacklogKind::Opportunity,
                            id: other.id.clone(),
                            touchpoint: Some(tps[mt].id.clone()),
                            title: other.description.clone(),
                            severity: other.impact,
                        });
                    }
                    // The share affected at each touchpoint of the pain points it addresses.
                    let mut at: Vec<(usize, f64)> = Vec::new();
                    for &(pt, pp) in &line.pains {
                        let s = share_of(pt, pp);
                        match at.iter_mut().find(|a| a.0 == pt) {
                            Some(a) => a.1 = 1.0 - (1.0 - a.1) * (1.0 - s),
                            None => at.push((pt, s)),
                        }
                    }
                    if at.is_empty() {
                        at.push((ti, model.default_share));
                    }
                    let what = if line.pains.is_empty() {
                        "affected, model default share"
                    } else {
                        "affected by the pain points it addresses"
                    };
                    reach = at
                        .iter()
                        .map(|&(pt, s)| reach_of(pt, s, what))
                        .fold((0.0, String::new()), |a, b| if b.0 > a.0 || a.1.is_empty() { b } else { a });
                    falls.extend(at.iter().map(|&(pt, s)| (pt, None, s)));
                    importance = at.iter().map(|a| tps[a.0].importance).fold(f64::MIN, f64::max);
                    kind = BacklogKind::Opportunity;
                    (title, location) = at_touchpoint(&o.description, t);
                    id = o.id.clone();
                    impact =
                        members.iter().map(|&(a, b)| f64::from(tps[a].opportunities[b].impact)).fold(1.0, f64::max);
                    confidence = o.confidence;
                    effort = f64::from(o.effort);
                }
                Lead::Pain(ti, pi) => {
                    let (t, p) = (tps[*ti], &tps[*ti].pain_points[*pi]);
                    let s = share_of(*ti, *pi);
                    let what = if p.share.is_some() { "affected" } else { "affected, model default share" };
                    reach = reach_of(*ti, s, what);
                    falls.push((*ti, None, s));
                    kind = BacklogKind::PainPoint;
                    let (what, place) = at_touchpoint(&p.description, t);
                    (title, location) = (what, Location { pain_point: Some(*pi), ..place });
                    id = p.id.clone();
                    impact =
                        line.gaps.iter().map(|g| f64::from(gaps[*g].severity)).fold(f64::from(p.severity), f64::max);
                    confidence = confidence_of(*ti);
                    effort = model.default_effort;
                    importance = t.importance;
                }
                Lead::Gap(gi) => {
                    let g = &gaps[*gi];
                    let s = model.default_share;
                    let at = g.location.touchpoint.as_deref().and_then(|id| position.get(id).copied());
                    match at {
                        Some(ti) => {
                            reach = reach_of(ti, s, "affected, model default share");
                            confidence = confidence_of(ti);
                            importance = tps[ti].importance;
                            match (g.kind, &g.location.transition) {
                                (GapKind::Loop, Some((_, to))) => {
                                    if let Some(&to) = position.get(to.as_str()) {
                                        falls.push((ti, Some(to), s));
                                    }
                                }
                                (GapKind::DropOff, None) => falls.push((ti, None, s)),
                                _ => {}
                            }
                        }
                        None => {
                            let members: &[&Touchpoint] = match &g.location.stage {
                                Some(stage) => by_stage.get(stage.as_str()).map_or(&[], Vec::as_slice),
                                None => &tps,
                            };
                            // A KPI short of its target touches the share it is short by.
                            let (s, what) = match self.kpi_shortfall(g) {
                                Some(short) => (short, format!("{} short of its target", pct(short))),
                                None => (s, format!("{} affected, model default share", pct(s))),
                            };
                            let busiest = members.iter().filter_map(|t| customers(t)).max();
                            reach = match (&g.location.stage, busiest, most) {
                                (None, _, _) => (s, format!("the whole journey ({what})")),
                                (Some(_), Some(c), Some(most)) => (
                                    c as f64 / most as f64 * s,
                                    format!(
                                        "{} of the {} customers at the stage's busiest touchpoint ({what}), of {} at \
                                         the busiest touchpoint",
                                        number(c as f64 * s, 0),
                                        count(c),
                                        count(most),
                                    ),
                                ),
                                (Some(_), _, _) => (
                                    model.default_reach * s,
                                    format!("{what} of an unknown number of customers (model default reach)"),
                                ),
                            };
                            confidence = 0.5;
                            importance = mean_importance(members);
                        }
                    }
                    kind = BacklogKind::Gap(g.kind);
                    title = g.message.clone();
                    location = g.location.clone();
                    id = None;
                    impact = f64::from(g.severity);
                    effort = model.default_effort;
                }
            }
            for &(pt, pp) in &line.pains {
                let (t, p) = (tps[pt], &tps[pt].pain_points[pp]);
                addresses.push(Addressed {
                    source: BacklogSource::PainPoint,
                    kind: BacklogKind::PainPoint,
                    id: p.id.clone(),
                    touchpoint: Some(t.id.clone()),
                    title: p.description.clone(),
                    severity: p.severity,
                });
            }
            for &gi in &line.gaps {
                let g = &gaps[gi];
                addresses.push(Addressed {
                    source: BacklogSource::Gap,
                    kind: BacklogKind::Gap(g.kind),
                    id: None,
                    touchpoint: g.location.touchpoint.clone(),
                    title: g.message.clone(),
                    severity: g.severity,
                });
            }
            let effect = match effect {
                Some(effect) if !falls.is_empty() => Some(effect(&falls, &tps)?),
                _ => None,
            };
            let th = &model.thresholds;
            let reach_share = reach.0.clamp(0.0, 1.0);
            let confidence = confidence.clamp(0.0, 1.0);
            let importance = if importance.is_finite() { importance.clamp(1.0, 5.0) } else { 3.0 };
            let weight = impact * confidence * importance / 5.0 / effort.max(1.0);
            let ranked_by = match &effect {
                Some((e, true)) if e.conversions > 1e-9 => RankedBy::Effect,
                Some((_, true)) => RankedBy::NoEffect,
                _ => RankedBy::Map,
            };
            let effect = effect.map(|(e, _)| Effect { priority: e.conversions * weight, ..e });
            items.push(BacklogItem {
                rank: 0,
                source: kind.source(),
                kind,
                title,
                location,
                reach: reach_share,
                reach_basis: reach.1,
                impact,
                confidence,
                effort,
                priority: reach_share * weight,
                quick_win: impact >= th.quick_win_impact && effort <= th.quick_win_effort,
                id,
                importance,
                addresses,
                effect,
                ranked_by,
            });
        }
        // Lines with a gain by it first, then by the map's priority those the log cannot judge, then those
        // it finds nothing to gain; ties keep the order of the lines (a stable sort).
        let gain =
            |b: &BacklogItem| b.effect.as_ref().filter(|_| b.ranked_by == RankedBy::Effect).map_or(0.0, |e| e.priority);
        items.sort_by(|a, b| {
            a.ranked_by.cmp(&b.ranked_by).then(gain(b).total_cmp(&gain(a))).then(b.priority.total_cmp(&a.priority))
        });
        for (i, item) in items.iter_mut().enumerate() {
            item.rank = i + 1;
        }
        Ok(items)
    }

    /// For a `kpi_below_target` gap, how far its KPI (`location.kpi`) is short of the target, as a share of
    /// the target (at most 1), as the gap measures it.
    fn kpi_shortfall(&self, g: &Gap) -> Option<f64> {
        if g.kind != GapKind::KpiBelowTarget {
            return None;
        }
        let stage = self.stage(g.location.stage.as_deref()?)?;
        let k = stage.kpis.get(g.location.kpi?)?;
        let actual = k.actual?;
        let short = if k.higher_is_better { k.target - actual } else { actual - k.target };
        let relative = if k.target != 0.0 { short / k.target.abs() } else { 1.0 };
        relative.is_finite().then(|| relative.clamp(0.0, 1.0))
    }

    /// The pain point a gap is about, as `(touchpoint, pain point)` positions: a gap that names one
    /// (`location.pain_point`, as "pain point X rests on no evidence") is about it; another gap at a
    /// touchpoint with pain points that [`about_pain`] is about its worst one (most severe, then most
    /// widespread, then first).
    fn pain_of_gap(&self, g: &Gap, position: &HashMap<&str, usize>) -> Option<(usize, usize)> {
        if !about_pain(g.kind) || g.location.transition.is_some() || g.location.persona.is_some() {
            return None;
        }
        let ti = *position.get(g.location.touchpoint.as_deref()?)?;
        let t = self.touchpoint(g.location.touchpoint.as_deref()?)?;
        if t.pain_points.is_empty() {
            return None;
        }
        if let Some(pi) = g.location.pain_point.filter(|pi| *pi < t.pain_points.len()) {
            return Some((ti, pi));
        }
        let worst = (0..t.pain_points.len()).fold(0, |w, i| {
            let (a, b) = (&t.pain_points[w], &t.pain_points[i]);
            if (b.severity, b.share.unwrap_or(0.0)) > (a.severity, a.share.unwrap_or(0.0)) { i } else { w }
        });
        Some((ti, worst))
    }
}

/// A change a backlog line would make: the drop-off at a touchpoint (by index), or its moves back to
/// another, falls by a share.
type Fall = (usize, Option<usize>, f64);

/// The estimated effect of a line's falls on an event log (see [`effect`]), and whether the log could judge it.
type EffectOf<'a> = dyn Fn(&[Fall], &[&Touchpoint]) -> Result<(Effect, bool)> + 'a;

/// The estimated effect of the `falls` (touchpoint, loop target, share) on the log's conversions (its
/// `priority` still 0), its value in `currency` (the map's), and whether the log's paths pass at least one
/// of the touchpoints changed.
#[cfg(feature = "analytics")]
fn effect(
    paths: &Paths,
    before: f64,
    falls: &[Fall],
    tps: &[&Touchpoint],
    currency: Option<&str>,
) -> Result<(Effect, bool)> {
    let mut changes: Vec<Changed> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    let mut described = Vec::new();
    let mut judged = false;
    for &(t, to, share) in falls {
        let tp = tps[t];
        described.push(EffectChange { touchpoint: tp.id.clone(), to: to.map(|k| tps[k].id.clone()), share });
        let Some(s) = paths.state(&tp.id) else {
            parts.push(format!("the log's customer paths do not pass \"{}\"", tp.name));
            continue;
        };
        judged = true;
        match to {
            Some(k) => match paths.state(&tps[k].id).and_then(|to| paths.transition_falls(s, to, share)) {
                Some(c) => {
                    changes.push(c);
                    parts.push(format!(
                        "{} fewer moves from \"{}\" back to \"{}\", those customers taking the other ways on",
                        pct(share),
                        tp.name,
                        tps[k].name
                    ));
                }
                None => parts.push(format!("no customer of the log moved from \"{}\" to \"{}\"", tp.name, tps[k].name)),
            },
            None => {
                let (on, left) = paths.completion(s);
                match paths.dropoff_falls(s, share) {
                    Some(c) => {
                        changes.push(c);
                        parts.push(format!(
                            "{} fewer of the {} exits without converting at \"{}\" (of {} moves out), those \
                             customers going on as the other {} moves did",
                            pct(share),
                            count(left),
                            tp.name,
                            count(on + left),
                            count(on)
                        ));
                    }
                    None if left == 0 => {
                        parts.push(format!("nobody left \"{}\" without converting in the log", tp.name));
                    }
                    None => parts.push(format!("nobody went on from \"{}\" in the log", tp.name)),
                }
            }
        }
    }
    let after = if changes.is_empty() { before } else { paths.after(&changes)? };
    let conversions = (after - before) * paths.customers as f64;
    let value = conversions * paths.value_per_conversion();
    let basis = format!(
        "{}: {} of {}, {} in value (absorbing Markov chain of the log's {} customer paths)",
        parts.join("; "),
        words::signed(conversions, 1),
        words::plural(paths.conversions, "conversion"),
        words::estimated_value(value, currency),
        count(paths.customers)
    );
    Ok((Effect { conversions, value, changes: described, basis, priority: 0.0 }, judged))
}
