//! Partial results as values: each analysis that has a one-pass result, computed over one part of the
//! customers, written to bytes, read back elsewhere and merged — in any order and grouping — into exactly
//! the answer of one pass over all of them.
//!
//! A [`Request`] names the analyses and their options; [`EventLog::partial`] computes its [`Partial`] over
//! the customers of one log; [`Partial::merge`] adds the partial of other customers (refusing partials of
//! other requests) and [`merge_all`] merges many as a balanced tree; [`Partial::finish`] gives the same
//! result types as the analyses of an [`EventLog`] do. [`Partial::to_bytes`] and [`Partial::from_bytes`]
//! write and read the versioned binary form (`docs/partials.md`); `Partial` also implements serde's
//! `Serialize` and `Deserialize` (the body of the bytes), so a service or a distributed job can carry it
//! in its own format.
//!
//! ```
//! use journey_core::analytics::{Analysis, AttributionOptions, EventColumns, EventLog, Partial, Request, merge_all};
//!
//! let csv = "customer_id,timestamp,touchpoint,converted\n\
//!            a,2026-03-01T10:00:00Z,ad,0\n\
//!            a,2026-03-01T10:05:00Z,site,1\n\
//!            b,2026-03-02T09:00:00Z,site,0\n\
//!            c,2026-03-02T09:00:00Z,ad,0\n\
//!            c,2026-03-02T09:30:00Z,site,1\n";
//! let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
//! let log = EventLog::from_csv_str(csv, &columns)?;
//! let request = Request::new()
//!     .with("discover", Analysis::Discover)
//!     .with("dfg", Analysis::Dfg)
//!     .with("funnel", Analysis::Funnel { steps: vec!["ad".into(), "site".into()], options: Default::default() })
//!     .with("markov", Analysis::Attribution { options: AttributionOptions { model: Some("markov".into()), ..Default::default() } });
//! // One partial per part of the customers, as bytes, as a worker would send them.
//! let bytes: Vec<Vec<u8>> = log.partition(3).iter().map(|part| part.partial(&request)?.to_bytes()).collect::<Result<_, _>>()?;
//! let partials = bytes.iter().map(|b| Partial::from_bytes(b)).collect::<Result<Vec<_>, _>>()?;
//! let merged = merge_all(partials)?.finish()?;
//! assert_eq!(merged.discovery("discover"), Some(&log.discover()));
//! assert_eq!(merged.dfg("dfg"), Some(&log.dfg()));
//! assert_eq!(merged.funnel("funnel"), Some(&log.funnel(["ad", "site"])?));
//! assert_eq!(merged.attribution("markov"), Some(&log.attribution_with(&AttributionOptions::default())?));
//! assert_eq!(Partial::from_bytes(b"JRNYPART").unwrap_err().kind().as_str(), "partial");
//! # Ok::<(), journey_core::Error>(())
//! ```
//!
//! A customer's events must all be in one part: the partials of two parts that share a customer count
//! them twice. Conformance keeps the customers' ids, so its finish names a customer found in two parts;
//! the other analyses keep counts, not ids, and cannot tell.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::attribution::{Attribution, AttributionOptions, AttributionPartial};
use super::compare::CompareInputs;
use super::conformance::{Conformance, ConformancePartial, Loops, LoopsPartial};
use super::dfg::{Dfg, DfgCounts};
use super::discover::{Discovery, Observations};
use super::funnel::{Funnel, FunnelCounts, FunnelOptions};
use super::log::EventLog;
use super::wire::{corrupt, ensure};
use crate::error::{Error, Result};
use crate::model::Journey;

/// The first bytes of a partial: `JRNYPART`.
pub const PARTIAL_MAGIC: [u8; 8] = *b"JRNYPART";

/// The version of the partials' binary form that this version of the library writes and reads; after the
/// magic as a little-endian `u32`.
pub const PARTIAL_FORMAT_VERSION: u32 = 1;

/// The kinds of analysis a [`Request`] may name, as a key names them (`kind` or `kind:label`).
pub const ANALYSIS_KINDS: &[&str] =
    &["discover", "dfg", "funnel", "stage_funnel", "attribution", "markov", "conformance", "loops", "compare"];

/// The most events merged partials may count: 2^50, so that no count of a merge can overflow.
pub const MAX_PARTIAL_EVENTS: u64 = 1 << 50;

/// One analysis of a [`Request`], with its options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Analysis {
    /// [`EventLog::discover`].
    Discover,
    /// [`EventLog::funnel_with`]: the steps, and the options (a strict funnel's steps are checked against
    /// the touchpoints of all the parts when it is finished).
    Funnel {
        /// The steps (touchpoint ids), in order.
        steps: Vec<String>,
        /// How the funnel is read.
        options: FunnelOptions,
    },
    /// [`EventLog::stage_funnel`] of a map.
    StageFunnel {
        /// The map.
        #[serde(with = "journey_text")]
        map: Journey,
    },
    /// [`EventLog::attribution_with`]: any model, heuristic, Shapley or Markov of order 1 to 4.
    Attribution {
        /// The model and how it reads the log.
        options: AttributionOptions,
    },
    /// [`EventLog::conformance`] against a map.
    Conformance {
        /// The map.
        #[serde(with = "journey_text")]
        map: Journey,
    },
    /// [`EventLog::loops`], against a map or without one.
    Loops {
        /// The map, if any.
        #[serde(with = "journey_text_option")]
        map: Option<Journey>,
    },
    /// The figures [`EventLog::compare`] puts side by side: finished, they are a [`CompareInputs`], compared
    /// with those of another log by [`CompareInputs::compare`].
    Compare {
        /// The map the loops are read against, if any.
        #[serde(with = "journey_text_option")]
        map: Option<Journey>,
        /// Funnel steps to compare (see [`super::CompareOptions::funnel`]).
        funnel: Vec<String>,
    },
    /// [`EventLog::dfg`]: the directly-follows counts alone, much smaller than a discovery's.
    Dfg,
}

/// Maps travel as their JSON text (the format of [`Journey::to_json`]), checked when read.
mod journey_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::model::Journey;

    pub(super) fn serialize<S: Serializer>(j: &Journey, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&j.to_json())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Journey, D::Error> {
        let text = String::deserialize(d)?;
        Journey::from_json(&text).map_err(serde::de::Error::custom)
    }
}

mod journey_text_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::model::Journey;

    pub(super) fn serialize<S: Serializer>(j: &Option<Journey>, s: S) -> Result<S::Ok, S::Error> {
        j.as_ref().map(Journey::to_json).serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Journey>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| Journey::from_json(&text).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// Options of the analyses that take none but a map.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoOptions {}

/// The options of a funnel in a request.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FunnelSpec {
    steps: Vec<String>,
    #[serde(default = "yes")]
    strict: bool,
    #[serde(default)]
    within_days: Option<f64>,
}

fn yes() -> bool {
    true
}

/// The options of a comparison's inputs in a request.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompareSpec {
    #[serde(default)]
    funnel: Vec<String>,
}

impl Analysis {
    /// The analysis a caller names by `key` (`kind` or `kind:label`, the kind one of [`ANALYSIS_KINDS`])
    /// with `options` as the in-memory method takes them (an object: `{}` for `discover`; `steps`, `strict`,
    /// `within_days` for `funnel`; the fields of [`AttributionOptions`] for `attribution`, and for `markov`,
    /// whose model is `markov`; `funnel` for `compare`) and `map`, the map of `stage_funnel` and
    /// `conformance` (required) and of `loops` and `compare` (optional), given either as `map` or as a
    /// `map` field of `options` holding the map's JSON document. This is how the bindings read a request,
    /// so its rules and messages are the same in every language.
    ///
    /// # Errors
    /// [`Error::Argument`] named `analyses["key"]` (or one of its options) for an unknown kind, an unknown
    /// or mistyped option, options out of their domain, or a map missing or given where it is not taken;
    /// the errors of [`Journey::from_value`] for a `map` field that is not a valid map.
    pub fn from_options(key: &str, mut options: serde_json::Value, map: Option<Journey>) -> Result<Analysis> {
        let place = format!("analyses[{}]", serde_json::Value::from(key));
        let kind = key.split_once(':').map_or(key, |(k, _)| k);
        if options.is_null() {
            options = serde_json::Value::Object(Default::default());
        }
        let serde_json::Value::Object(object) = &mut options else {
            return Err(Error::Argument { name: place, message: "expected an object of options".into() });
        };
        let map = match (object.remove("map"), map) {
            (Some(serde_json::Value::Null) | None, m) => m,
            (Some(_), Some(_)) => {
                return Err(Error::Argument { name: place, message: "the map is given twice".into() });
            }
            (Some(doc), None) => Some(Journey::from_value(doc)?),
        };
        use crate::binding::read_value as read;
        let needs = |m: Option<Journey>| {
            m.ok_or_else(|| Error::Argument { name: format!("{place}.map"), message: "expected a journey map".into() })
        };
        let no_map = |m: &Option<Journey>| match m {
            Some(_) => Err(Error::Argument { name: format!("{place}.map"), message: format!("{kind} takes no map") }),
            None => Ok(()),
        };
        let analysis = match kind {
            "discover" | "dfg" => {
                no_map(&map)?;
                read::<NoOptions>(&place, options)?;
                if kind == "dfg" { Analysis::Dfg } else { Analysis::Discover }
            }
            "funnel" => {
                no_map(&map)?;
                let f: FunnelSpec = read(&place, options)?;
                let options = FunnelOptions { strict: f.strict, within_days: f.within_days };
                Analysis::Funnel { steps: f.steps, options }
            }
            "stage_funnel" | "conformance" => {
                read::<NoOptions>(&place, options)?;
                let map = needs(map)?;
                if kind == "conformance" { Analysis::Conformance { map } } else { Analysis::StageFunnel { map } }
            }
            "attribution" | "markov" => {
                no_map(&map)?;
                let mut o: AttributionOptions = read(&place, options)?;
                if kind == "markov" {
                    if o.model.as_deref().is_some_and(|m| m != "markov") {
                        return Err(Error::Argument {
                            name: format!("{place}.model"),
                            message: "markov is the model of markov; name other models under attribution".into(),
                        });
                    }
                    o.model = Some("markov".into());
                }
                Analysis::Attribution { options: o }
            }
            "loops" => {
                read::<NoOptions>(&place, options)?;
                Analysis::Loops { map }
            }
            "compare" => {
                let c: CompareSpec = read(&place, options)?;
                Analysis::Compare { map, funnel: c.funnel }
            }
            _ => {
                let (last, rest) = ANALYSIS_KINDS.split_last().unwrap_or((&"", &[]));
                return Err(Error::Argument {
                    name: place,
                    message: format!("unknown analysis \"{kind}\", expected {} or {last}", rest.join(", ")),
                });
            }
        };
        analysis.check(&place)?;
        Ok(analysis)
    }

    /// Whether the options are in their domain, as the analysis checks them before it counts.
    fn check(&self, place: &str) -> Result<()> {
        let named = |e: Error| match e {
            Error::Argument { name, message } => Error::Argument { name: format!("{place}.{name}"), message },
            e => e,
        };
        match self {
            Analysis::Funnel { steps, options } => {
                if steps.is_empty() {
                    return Err(Error::Argument {
                        name: format!("{place}.steps"),
                        message: "a funnel needs at least one step".into(),
                    });
                }
                options.check().map_err(named)
            }
            Analysis::Attribution { options } => {
                options.model().map_err(named)?;
                options.journeys().map(|_| ()).map_err(named)
            }
            _ => Ok(()),
        }
    }
}

/// Which analyses a [`Partial`] holds, each under a key of the caller's (its kind, or `kind:label` for
/// several of one kind: `attribution:linear`, `attribution:last`), with its options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The analyses by key.
    pub analyses: BTreeMap<String, Analysis>,
}

impl Request {
    /// A request for no analysis yet.
    pub fn new() -> Self {
        Request::default()
    }

    /// The request with `analysis` under `key`.
    pub fn with(mut self, key: impl Into<String>, analysis: Analysis) -> Self {
        self.analyses.insert(key.into(), analysis);
        self
    }
}

/// The partial result of one analysis.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Part {
    Discover(Observations),
    Funnel(FunnelCounts),
    Attribution(AttributionPartial),
    Conformance(ConformancePartial),
    Loops(LoopsPartial),
    Compare(Box<CompareParts>),
    Dfg(DfgCounts),
}

/// The figures of one side of a comparison, before they are finished.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CompareParts {
    discovery: Observations,
    funnel: Option<FunnelCounts>,
    loops: LoopsPartial,
}

/// The partial results of a [`Request`] over some customers ([`EventLog::partial`]): merged with the
/// partials of the other customers ([`Partial::merge`], [`merge_all`]) and finished ([`Partial::finish`]),
/// they give exactly what the analyses give over all the customers in one log.
#[derive(Debug, Clone)]
pub struct Partial {
    request: Request,
    customers: u64,
    events: u64,
    /// The touchpoints the customers met (for a strict funnel's steps and a comparison's).
    touchpoints: BTreeSet<String>,
    /// One per analysis of the request, in the order of its keys.
    parts: Vec<Part>,
}

/// The result of one analysis of a finished [`Partial`]: the type the analysis of an [`EventLog`] gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub enum Finding {
    /// Of [`Analysis::Discover`].
    Discovery(Discovery),
    /// Of [`Analysis::Funnel`] and [`Analysis::StageFunnel`].
    Funnel(Funnel),
    /// Of [`Analysis::Attribution`].
    Attribution(Attribution),
    /// Of [`Analysis::Conformance`].
    Conformance(Conformance),
    /// Of [`Analysis::Loops`].
    Loops(Loops),
    /// Of [`Analysis::Compare`].
    Compare(Box<CompareInputs>),
    /// Of [`Analysis::Dfg`].
    Dfg(Dfg),
}

/// The results of a finished [`Partial`], by the keys of its request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finished {
    /// The result of each analysis, by key.
    pub results: BTreeMap<String, Finding>,
}

/// An accessor of [`Finished`] for one kind of result.
macro_rules! finding {
    ($(#[$doc:meta])* $name:ident, $variant:ident, $t:ty) => {
        $(#[$doc])*
        pub fn $name(&self, key: &str) -> Option<&$t> {
            match self.results.get(key)? {
                Finding::$variant(x) => Some(x),
                _ => None,
            }
        }
    };
}

impl Finished {
    finding!(
        /// The discovery under `key`, if that is one.
        discovery, Discovery, Discovery
    );
    finding!(
        /// The funnel (or stage funnel) under `key`, if that is one.
        funnel, Funnel, Funnel
    );
    finding!(
        /// The attribution under `key`, if that is one.
        attribution, Attribution, Attribution
    );
    finding!(
        /// The conformance under `key`, if that is one.
        conformance, Conformance, Conformance
    );
    finding!(
        /// The loops under `key`, if that is one.
        loops, Loops, Loops
    );
    finding!(
        /// The inputs of a comparison under `key`, if that is one.
        compare, Compare, CompareInputs
    );
    finding!(
        /// The directly-follows graph under `key`, if that is one.
        dfg, Dfg, Dfg
    );
}

impl EventLog {
    /// The partial results of `request` over this log's customers, to merge with the partials of other
    /// customers ([`Partial::merge`]). O(events) for each analysis, as each one costs in memory (each on
    /// all cores for large logs).
    ///
    /// A funnel step or a touchpoint this part has not met counts 0 here: a strict funnel's steps are
    /// checked when the merged partial is finished, against the touchpoints of all the parts.
    ///
    /// # Errors
    /// [`Error::Argument`] for options out of their domain and for an attribution over a log without an
    /// outcome column, as the analyses refuse them.
    pub fn partial(&self, request: &Request) -> Result<Partial> {
        let mut parts = Vec::with_capacity(request.analyses.len());
        for (key, analysis) in &request.analyses {
            analysis.check(&format!("analyses[{}]", serde_json::Value::from(key.as_str())))?;
            parts.push(match analysis {
                Analysis::Discover => Part::Discover(self.observe()),
                Analysis::Dfg => Part::Dfg(self.dfg_counts()),
                Analysis::Funnel { steps, options } => Part::Funnel(self.funnel_counts_with(steps, options)?),
                Analysis::StageFunnel { map } => Part::Funnel(self.stage_funnel_counts(map)),
                Analysis::Attribution { options } => Part::Attribution(self.attribution_partial(options)?),
                Analysis::Conformance { map } => Part::Conformance(ConformancePartial::of(self, map)),
                Analysis::Loops { map } => Part::Loops(LoopsPartial::of(self, map.as_ref())),
                Analysis::Compare { map, funnel } => Part::Compare(Box::new(CompareParts {
                    discovery: self.observe(),
                    funnel: if funnel.is_empty() { None } else { Some(self.funnel_counts(funnel)?) },
                    loops: LoopsPartial::of(self, map.as_ref()),
                })),
            });
        }
        Ok(Partial {
            request: request.clone(),
            customers: self.customer_count() as u64,
            events: self.len() as u64,
            touchpoints: self.touchpoint_ids().iter().cloned().collect(),
            parts,
        })
    }
}

/// Merges partials as a balanced tree (pairs, then pairs of pairs), so that merging `n` partials costs
/// O(log n) merges of each piece of data rather than O(n); the result is the same in any order and
/// grouping.
///
/// # Errors
/// [`Error::Argument`] (named `partials`) for no partials at all, and the errors of [`Partial::merge`].
pub fn merge_all(partials: impl IntoIterator<Item = Partial>) -> Result<Partial> {
    let mut level: Vec<Partial> = partials.into_iter().collect();
    if level.is_empty() {
        return Err(Error::Argument { name: "partials".into(), message: "no partials to merge".into() });
    }
    while level.len() > 1 {
        let mut next = Vec::with_capacity(level.len().div_ceil(2));
        let mut items = level.into_iter();
        while let Some(mut a) = items.next() {
            if let Some(b) = items.next() {
                a.merge(b)?;
            }
            next.push(a);
        }
        level = next;
    }
    level.pop().ok_or_else(|| Error::Argument { name: "partials".into(), message: "no partials to merge".into() })
}

impl Partial {
    /// The request these are the partial results of.
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// Customers these partial results are over.
    pub fn customers(&self) -> u64 {
        self.customers
    }

    /// Events these partial results are over.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// Adds the partial results of other customers (disjoint from these) of the same request. Exact:
    /// whatever the order and grouping of merges, the finished result is that of one pass.
    ///
    /// # Errors
    /// [`Error::Argument`] named `partial` when the requests differ (naming the first analysis that
    /// differs); [`Error::Limit`] when the merged partial would count more than [`MAX_PARTIAL_EVENTS`]
    /// events.
    pub fn merge(&mut self, other: Partial) -> Result<()> {
        if self.request != other.request {
            let mine: Vec<&String> = self.request.analyses.keys().collect();
            let theirs: Vec<&String> = other.request.analyses.keys().collect();
            let message = if mine != theirs {
                format!(
                    "partials of different requests do not merge: one has {}, the other {}",
                    keys_in_words(&mine),
                    keys_in_words(&theirs)
                )
            } else {
                let key = self
                    .request
                    .analyses
                    .iter()
                    .find(|(k, a)| other.request.analyses.get(*k) != Some(*a))
                    .map_or("", |(k, _)| k.as_str());
                format!("partials of different requests do not merge: \"{key}\" has other options")
            };
            return Err(Error::Argument { name: "partial".into(), message });
        }
        let events = self.events.checked_add(other.events).filter(|e| *e <= MAX_PARTIAL_EVENTS);
        let Some(events) = events else {
            return Err(Error::Limit {
                what: "merged partials".into(),
                size: self.events.saturating_add(other.events),
                limit: MAX_PARTIAL_EVENTS,
                unit: "events",
            });
        };
        self.events = events;
        self.customers += other.customers;
        self.touchpoints.extend(other.touchpoints);
        for (mine, theirs) in self.parts.iter_mut().zip(other.parts) {
            match (mine, theirs) {
                (Part::Discover(a), Part::Discover(b)) => a.merge(b),
                (Part::Dfg(a), Part::Dfg(b)) => a.merge(b),
                (Part::Funnel(a), Part::Funnel(b)) => a.merge(&b)?,
                (Part::Attribution(a), Part::Attribution(b)) => a.merge(b)?,
                (Part::Conformance(a), Part::Conformance(b)) => a.merge(b),
                (Part::Loops(a), Part::Loops(b)) => a.merge(b),
                (Part::Compare(a), Part::Compare(b)) => {
                    let b = *b;
                    a.discovery.merge(b.discovery);
                    if let (Some(x), Some(y)) = (a.funnel.as_mut(), b.funnel) {
                        x.merge(&y)?;
                    }
                    a.loops.merge(b.loops);
                }
                _ => return Err(corrupt("two partials of one request hold different analyses")),
            }
        }
        Ok(())
    }

    /// [`Partial::merge`] by value.
    ///
    /// # Errors
    /// As [`Partial::merge`].
    pub fn merged(mut self, other: Partial) -> Result<Partial> {
        self.merge(other)?;
        Ok(self)
    }

    /// The finished results, by the request's keys: each exactly what the analysis gives over all the
    /// customers merged in one log. Costs what finishing each analysis costs (sorts of the durations and
    /// variants, the Markov solve).
    ///
    /// # Errors
    /// [`Error::NotFound`] for a step of a strict funnel (or of a comparison's funnel) that no part met, as
    /// the funnel of the whole log refuses it; [`Error::Duplicate`] for a customer found in two parts (by
    /// conformance, which keeps the ids); the errors of [`AttributionPartial::finish`].
    pub fn finish(&self) -> Result<Finished> {
        let mut results = BTreeMap::new();
        for ((key, analysis), part) in self.request.analyses.iter().zip(&self.parts) {
            let finding = match (analysis, part) {
                (Analysis::Discover, Part::Discover(o)) => Finding::Discovery(o.finish()),
                (Analysis::Dfg, Part::Dfg(d)) => Finding::Dfg(d.finish()),
                (Analysis::Funnel { steps, options }, Part::Funnel(f)) => {
                    if options.strict {
                        self.check_steps(steps)?;
                    }
                    Finding::Funnel(f.finish())
                }
                (Analysis::StageFunnel { .. }, Part::Funnel(f)) => Finding::Funnel(f.finish()),
                (Analysis::Attribution { .. }, Part::Attribution(a)) => Finding::Attribution(a.finish()?),
                (Analysis::Conformance { map }, Part::Conformance(c)) => Finding::Conformance(c.clone().finish(map)?),
                (Analysis::Loops { map }, Part::Loops(l)) => Finding::Loops(l.finish(map.as_ref())),
                (Analysis::Compare { map, funnel }, Part::Compare(c)) => {
                    if !funnel.is_empty() {
                        self.check_steps(funnel)?;
                    }
                    Finding::Compare(Box::new(CompareInputs::new(
                        &c.discovery,
                        c.funnel.clone(),
                        c.loops.finish(map.as_ref()),
                        self.touchpoints.iter().cloned().collect(),
                    )))
                }
                _ => return Err(corrupt(format!("\"{key}\" holds the partial of another analysis"))),
            };
            results.insert(key.clone(), finding);
        }
        Ok(Finished { results })
    }

    /// Refuses a funnel step that no part met, as [`super::check_funnel_steps`] does for a log.
    fn check_steps(&self, steps: &[String]) -> Result<()> {
        let known: Vec<&str> = self.touchpoints.iter().map(String::as_str).collect();
        super::funnel::check_steps_in(steps, &known)
    }

    /// The partial as bytes: [`PARTIAL_MAGIC`], [`PARTIAL_FORMAT_VERSION`] as a little-endian `u32`, then
    /// the partial in the `postcard` serde format (see `docs/partials.md`). The same partial gives the same
    /// bytes.
    ///
    /// # Errors
    /// [`Error::Partial`] if the body cannot be written (it always can: the error is the serialiser's).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(64);
        out.extend_from_slice(&PARTIAL_MAGIC);
        out.extend_from_slice(&PARTIAL_FORMAT_VERSION.to_le_bytes());
        postcard::to_io(self, &mut out).map_err(|e| Error::Partial { message: format!("cannot write: {e}") })?;
        Ok(out)
    }

    /// Reads a partial written by [`Partial::to_bytes`]. Never panics, whatever the bytes.
    ///
    /// # Errors
    /// [`Error::Partial`] for bytes that do not start with [`PARTIAL_MAGIC`], of another format version,
    /// truncated, with bytes left over, or whose content does not hold together (counts that do not add
    /// up, a code past its dictionary, a map that does not load).
    pub fn from_bytes(bytes: &[u8]) -> Result<Partial> {
        let magic_len = PARTIAL_MAGIC.len();
        let Some(head) = bytes.get(..magic_len) else {
            return Err(Error::Partial {
                message: format!("{} bytes, too short for a partial (expected at least 12)", bytes.len()),
            });
        };
        if head != PARTIAL_MAGIC {
            return Err(Error::Partial {
                message: "not a partial result: expected the magic bytes JRNYPART at the start".into(),
            });
        }
        let Some(version) = bytes.get(magic_len..magic_len + 4) else {
            return Err(Error::Partial { message: "truncated before the format version".into() });
        };
        let version = u32::from_le_bytes([version[0], version[1], version[2], version[3]]);
        if version != PARTIAL_FORMAT_VERSION {
            return Err(Error::Partial {
                message: format!(
                    "format version {version}, this version of journey reads version {PARTIAL_FORMAT_VERSION}"
                ),
            });
        }
        let body = &bytes[magic_len + 4..];
        let (partial, rest) = postcard::take_from_bytes::<Partial>(body).map_err(|e| Error::Partial {
            message: match e {
                postcard::Error::DeserializeUnexpectedEnd => "truncated: the body ends too early".into(),
                postcard::Error::SerdeDeCustom => "corrupted: the body does not hold together".into(),
                e => format!("corrupted: {e}"),
            },
        })?;
        if !rest.is_empty() {
            return Err(Error::Partial {
                message: format!("corrupted: {} bytes left over after the body", rest.len()),
            });
        }
        Ok(partial)
    }
}

fn keys_in_words(keys: &[&String]) -> String {
    if keys.is_empty() {
        return "no analysis".into();
    }
    keys.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ")
}

/// [`Partial`] as it travels.
#[derive(Serialize, Deserialize)]
struct PartialWire {
    request: Request,
    customers: u64,
    events: u64,
    touchpoints: Vec<String>,
    parts: Vec<Part>,
}

impl Serialize for Partial {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        // The wire borrows nothing: the parts serialise themselves.
        #[derive(Serialize)]
        struct Borrowed<'a> {
            request: &'a Request,
            customers: u64,
            events: u64,
            touchpoints: &'a BTreeSet<String>,
            parts: &'a [Part],
        }
        Borrowed {
            request: &self.request,
            customers: self.customers,
            events: self.events,
            touchpoints: &self.touchpoints,
            parts: &self.parts,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Partial {
    /// Refuses a partial whose parts are not those of its request, or whose counts go past what its events
    /// allow.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let w = PartialWire::deserialize(d)?;
        w.check().map_err(serde::de::Error::custom)
    }
}

impl PartialWire {
    fn check(self) -> Result<Partial> {
        ensure(self.events <= MAX_PARTIAL_EVENTS && self.customers <= self.events, || {
            format!("a partial counts {} customers and {} events", self.customers, self.events)
        })?;
        ensure(self.parts.len() == self.request.analyses.len(), || {
            format!("{} partial results for {} analyses", self.parts.len(), self.request.analyses.len())
        })?;
        // Every count of a part is at most a few times the events: merges of partials within
        // MAX_PARTIAL_EVENTS cannot overflow.
        let bound = u128::from(self.events) * 4 + 4;
        for ((key, analysis), part) in self.request.analyses.iter().zip(&self.parts) {
            let fits = match (analysis, part) {
                (Analysis::Discover, Part::Discover(o)) => o.counted() <= bound,
                (Analysis::Dfg, Part::Dfg(d)) => d.counted() <= bound,
                (Analysis::Funnel { steps, options }, Part::Funnel(f)) => {
                    f.steps == *steps && f.within_days == options.within_days && f.counted() <= bound
                }
                (Analysis::StageFunnel { map }, Part::Funnel(f)) => {
                    f.steps.iter().eq(map.stages().iter().map(|s| &s.id))
                        && f.within_days.is_none()
                        && f.counted() <= bound
                }
                (Analysis::Attribution { options }, Part::Attribution(a)) => {
                    a.made_with(options) && a.counted() <= bound
                }
                (Analysis::Conformance { .. }, Part::Conformance(c)) => c.counted() <= bound,
                (Analysis::Loops { map }, Part::Loops(l)) => l.with_map() == map.is_some() && l.counted() <= bound,
                (Analysis::Compare { map, funnel }, Part::Compare(c)) => {
                    c.discovery.counted() <= bound
                        && c.loops.with_map() == map.is_some()
                        && c.loops.counted() <= bound
                        && match &c.funnel {
                            None => funnel.is_empty(),
                            Some(f) => f.steps == *funnel && f.within_days.is_none() && f.counted() <= bound,
                        }
                }
                _ => false,
            };
            ensure(fits, || format!("the partial result of \"{key}\" is not one of its analysis, or counts too much"))?;
        }
        Ok(Partial {
            request: self.request,
            customers: self.customers,
            events: self.events,
            touchpoints: self.touchpoints.into_iter().collect(),
            parts: self.parts,
        })
    }
}
