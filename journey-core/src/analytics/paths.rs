//! Paths around a touchpoint: what leads to it and what follows it, a few events each way, around each
//! customer's first visit or around every visit ([`PathAnchor`]) — the top sequences each way, the touchpoints customers were at each offset, and the flows
//! between consecutive offsets (the nodes and links of a Sankey diagram, drawn by
//! [`crate::render::paths_sankey_svg`]).

use std::cmp::Ordering;

use rustc_hash::FxHashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::log::EventLog;
use crate::error::{Error, Result};

/// Events each way that [`PathsOptions::steps`] asks for by default.
pub const DEFAULT_PATH_STEPS: usize = 3;
/// The most events each way [`EventLog::paths_around`] looks at.
pub const MAX_PATH_STEPS: usize = 10;
/// Sequences and touchpoints per offset that [`PathsOptions::top`] keeps by default.
pub const DEFAULT_PATH_TOP: usize = 10;

/// Which visits of the touchpoint [`EventLog::paths_around`] looks around (the anchors).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum PathAnchor {
    /// Each customer's first visit: every count is of customers, each counted once. The default.
    #[default]
    First,
    /// Every visit: every count is of visits, a customer who came back counted once per visit. Two visits
    /// closer than the steps have windows that overlap; they both count, each visit being its own anchor
    /// (the second visit is then an event of the first one's path, and the first of the second one's).
    Every,
}

crate::names::names!(PathAnchor, "path anchor", "anchor" {
    First => "first",
    Every => "every",
});

/// How [`EventLog::paths_around`] counts. Every field has a default, so `{}` is a valid set of options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct PathsOptions {
    /// Events looked at each way, before and after the touchpoint: 1 to [`MAX_PATH_STEPS`] (default
    /// [`DEFAULT_PATH_STEPS`]).
    pub steps: usize,
    /// The sequences kept each way, and the touchpoints kept at each offset, most customers first; the
    /// others are summed into an explicit "other" so that totals add up. 0 keeps all (default
    /// [`DEFAULT_PATH_TOP`]).
    pub top: usize,
    /// Around each customer's first visit (the default) or around every visit.
    pub anchor: PathAnchor,
}

impl Default for PathsOptions {
    fn default() -> Self {
        PathsOptions { steps: DEFAULT_PATH_STEPS, top: DEFAULT_PATH_TOP, anchor: PathAnchor::First }
    }
}

/// What a place in the paths is when it is not a touchpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum PathMarker {
    /// Touchpoints beyond the top ones at this offset ([`PathsOptions::top`]), together.
    Other,
    /// The journey started: the customer had no event this far before the touchpoint.
    Start,
    /// The journey ended, in a log without an outcome column.
    End,
    /// The journey ended, and the customer converted.
    Converted,
    /// The journey ended without a conversion.
    NotConverted,
}

impl PathMarker {
    /// What the marker stands for, in words for a picture or a list: `journey started`, `converted`.
    pub fn words(self) -> &'static str {
        match self {
            PathMarker::Other => "other touchpoints",
            PathMarker::Start => "journey started",
            PathMarker::End => "journey ended",
            PathMarker::Converted => "converted",
            PathMarker::NotConverted => "left without converting",
        }
    }
}

/// One sequence of touchpoints before or after the touchpoint, and the customers who took it (the visits,
/// with [`PathAnchor::Every`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct PathSequence {
    /// The touchpoints, in time order (repeats kept), the touchpoint itself left out: before it, the events
    /// just before it (the last one right before it); after it, the events just after it.
    pub path: Vec<String>,
    /// Where the journey starts (before) or ends (after) within the steps, the path being then shorter
    /// than the steps: [`PathMarker::Start`] before; after, [`PathMarker::Converted`] or
    /// [`PathMarker::NotConverted`] in a log with outcomes, [`PathMarker::End`] in one without. `None` when
    /// the path has all the steps.
    pub marker: Option<PathMarker>,
    /// Customers who took it (visits, with [`PathAnchor::Every`]).
    pub customers: u64,
    /// Of them, how many converted (0 without an outcome column).
    pub conversions: u64,
}

/// The sequences left out of the top ones, together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct PathsOther {
    /// How many sequences were left out.
    pub sequences: u64,
    /// Customers who took them (visits, with [`PathAnchor::Every`]).
    pub customers: u64,
    /// Of them, how many converted.
    pub conversions: u64,
}

/// A place at an offset from the touchpoint: a touchpoint, or a [`PathMarker`] (exactly one of the two).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct PathNode {
    /// Events from the touchpoint: `-steps..=-1` before it, 0 the touchpoint itself, `1..=steps` after it.
    pub offset: i32,
    /// The touchpoint customers were at, or `None` for a marker.
    pub touchpoint: Option<String>,
    /// What the node stands for when it is not a touchpoint: the touchpoints beyond the top ones, the start
    /// of the journey (at offset `-k` for customers with `k - 1` events before the touchpoint) or its end
    /// (at offset `k` for customers with `k - 1` events after it).
    pub marker: Option<PathMarker>,
    /// Customers at this place (visits, with [`PathAnchor::Every`]).
    pub customers: u64,
    /// Of them, how many converted.
    pub conversions: u64,
}

/// Customers going from one node to the node at the next offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct PathFlow {
    /// The node left: its index in [`PathsAround::nodes`].
    pub source: usize,
    /// The node reached, one offset later: its index in [`PathsAround::nodes`].
    pub target: usize,
    /// Customers who went this way (visits, with [`PathAnchor::Every`]).
    pub customers: u64,
    /// Of them, how many converted.
    pub conversions: u64,
}

/// What leads to a touchpoint and what follows it ([`EventLog::paths_around`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct PathsAround {
    /// The touchpoint.
    pub touchpoint: String,
    /// Events looked at each way.
    pub steps: usize,
    /// The visits looked around: each customer's first, or every one.
    pub anchor: PathAnchor,
    /// Customers who came to the touchpoint (at least once), each counted once.
    pub customers: u64,
    /// The visits looked around, which the sequences, nodes and flows count: `customers` around the first
    /// visits; every visit of the touchpoint around every one.
    pub visits: u64,
    /// Customers in the log.
    pub of_customers: u64,
    /// Whether the log has an outcome column (the ends are then converted or not converted).
    pub has_outcome: bool,
    /// Of the customers who came to the touchpoint, how many converted (0 without an outcome column).
    pub conversions: u64,
    /// The sequences before the touchpoint, most customers first (ties by path, then marker); at most
    /// [`PathsOptions::top`].
    pub before: Vec<PathSequence>,
    /// The sequences before the touchpoint left out of `before`; with it, the customers add up to
    /// `visits`.
    pub before_other: PathsOther,
    /// The sequences after the touchpoint, as `before`.
    pub after: Vec<PathSequence>,
    /// The sequences after the touchpoint left out of `after`.
    pub after_other: PathsOther,
    /// The places customers were at, by offset from `-steps` to `steps`; within an offset the touchpoints
    /// (most customers first, ties by id; at most [`PathsOptions::top`]), then the others together, then
    /// the markers of the start or the end. Offset 0 is the touchpoint alone.
    pub nodes: Vec<PathNode>,
    /// Customers going from a node to one at the next offset, by source, then target. Each node's
    /// customers all flow on to the next offset except at the last offset and at ends, and all came from
    /// the offset before except at the first offset and at starts.
    pub flows: Vec<PathFlow>,
}

/// A place before the top ones are chosen: a touchpoint code or a marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Place {
    At(u32),
    Mark(PathMarker),
}

/// A sequence of touchpoint codes with its marker.
type SequenceKey = (Vec<u32>, Option<PathMarker>);

/// Customers and conversions.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    customers: u64,
    conversions: u64,
}

impl Tally {
    fn add(&mut self, converted: bool) {
        self.customers += 1;
        self.conversions += u64::from(converted);
    }
}

impl EventLog {
    /// What leads to `touchpoint` and what follows it: for each customer who came to it, around their
    /// **first** visit to it (the anchor), the up to `options.steps` events just before and just after it,
    /// counted by customers; with [`PathAnchor::Every`] in `options.anchor`, around every visit, counted by
    /// visits (`customers` of the result still counts customers, `visits` the anchors; two visits closer
    /// than the steps both count, each around itself). The result has the top sequences each way (the rest summed in an "other"),
    /// the touchpoints customers were at each offset with the start and end of journeys as markers, and the
    /// flows between consecutive offsets. Events are taken as they are (repeats kept, as in variants).
    /// O(events) for the anchors, plus O(steps) hashing per anchor.
    ///
    /// ```
    /// use journey_core::analytics::{EventColumns, EventLog, PathAnchor, PathMarker, PathsOptions};
    ///
    /// let csv = "customer_id,timestamp,touchpoint,converted\n\
    ///            a,2026-03-01T10:00:00Z,ad,0\n\
    ///            a,2026-03-01T10:05:00Z,basket,0\n\
    ///            a,2026-03-01T10:09:00Z,pay,1\n\
    ///            b,2026-03-02T09:00:00Z,basket,0\n";
    /// let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
    /// let log = EventLog::from_csv_str(csv, &columns)?;
    /// let paths = log.paths_around("basket", &PathsOptions::default())?;
    /// assert_eq!(paths.customers, 2);
    /// // After it: b left at once (an empty path sorts first); a paid and converted.
    /// assert_eq!(paths.after[0].marker, Some(PathMarker::NotConverted));
    /// assert_eq!(paths.after[1].path, ["pay"]);
    /// assert_eq!(paths.after[1].marker, Some(PathMarker::Converted));
    ///
    /// // Around every visit: c came to the basket twice, each visit is counted.
    /// let csv = "customer_id,timestamp,touchpoint\n\
    ///            c,2026-03-01T10:00:00Z,basket\n\
    ///            c,2026-03-01T10:05:00Z,site\n\
    ///            c,2026-03-01T10:09:00Z,basket\n";
    /// let log = EventLog::from_csv_str(csv, &EventColumns::default())?;
    /// let every = PathsOptions { anchor: PathAnchor::Every, ..PathsOptions::default() };
    /// let paths = log.paths_around("basket", &every)?;
    /// assert_eq!((paths.customers, paths.visits), (1, 2));
    /// // After the second visit the journey ended; after the first, it went on to the second.
    /// assert_eq!(paths.after[0].path, Vec::<String>::new());
    /// assert_eq!(paths.after[1].path, ["site", "basket"]);
    /// assert_eq!(paths.after[1].marker, Some(PathMarker::End));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Argument`] for `steps` of 0 or above [`MAX_PATH_STEPS`]; [`Error::NotFound`] for a touchpoint
    /// the log does not have, naming the log's touchpoints.
    pub fn paths_around(&self, touchpoint: &str, options: &PathsOptions) -> Result<PathsAround> {
        let steps = options.steps;
        if steps == 0 || steps > MAX_PATH_STEPS {
            return Err(Error::Argument {
                name: "steps".into(),
                message: format!("{steps} steps, expected 1 to {MAX_PATH_STEPS}"),
            });
        }
        let Some(anchor) = self.touchpoints.get(touchpoint) else {
            let mut ids: Vec<&str> = self.touchpoints.names().iter().map(String::as_str).collect();
            ids.sort_unstable();
            let known = crate::model::known_ids("log", "touchpoint", &ids);
            return Err(Error::NotFound { what: "touchpoint", id: touchpoint.to_owned(), known });
        };
        let has_outcome = self.has_outcome();
        let end_marker = |converted: bool| match (has_outcome, converted) {
            (false, _) => PathMarker::End,
            (true, true) => PathMarker::Converted,
            (true, false) => PathMarker::NotConverted,
        };
        let width = 2 * steps + 1;
        let mut total = Tally::default();
        let mut before: FxHashMap<SequenceKey, Tally> = FxHashMap::default();
        let mut after: FxHashMap<SequenceKey, Tally> = FxHashMap::default();
        // Per offset (index offset + steps), the customers at each place.
        let mut places: Vec<FxHashMap<Place, Tally>> = vec![FxHashMap::default(); width];
        // Per offset of the source, the customers going from a place to one at the next offset.
        let mut moves: Vec<FxHashMap<(Place, Place), Tally>> = vec![FxHashMap::default(); width - 1];
        let mut column: Vec<Option<Place>> = vec![None; width];
        let mut visits = 0u64;
        for c in 0..self.customer_count() {
            let path = self.path(c);
            let mut anchors = path.iter().enumerate().filter(|&(_, &t)| t == anchor).map(|(at, _)| at);
            let anchors: Vec<usize> = match options.anchor {
                PathAnchor::First => anchors.next().into_iter().collect(),
                PathAnchor::Every => anchors.collect(),
            };
            if anchors.is_empty() {
                continue;
            }
            let converted = self.is_converted(c);
            total.add(converted);
            for at in anchors {
                visits += 1;
                let first = at.saturating_sub(steps);
                let last = (at + 1 + steps).min(path.len());
                let start = (at < steps).then_some(PathMarker::Start);
                let end = (path.len() - at - 1 < steps).then(|| end_marker(converted));
                before.entry((path[first..at].to_vec(), start)).or_default().add(converted);
                after.entry((path[at + 1..last].to_vec(), end)).or_default().add(converted);
                for (k, slot) in column.iter_mut().enumerate() {
                    // The event at offset k - steps, when the journey has it; the marker just past its ends.
                    let event = (at + k).checked_sub(steps);
                    *slot = match event {
                        Some(e) if e < path.len() => Some(Place::At(path[e])),
                        Some(e) if e == path.len() => Some(Place::Mark(end_marker(converted))),
                        None if at + k + 1 == steps => Some(Place::Mark(PathMarker::Start)),
                        _ => None,
                    };
                }
                for (k, slot) in column.iter().enumerate() {
                    if let Some(p) = slot {
                        places[k].entry(*p).or_default().add(converted);
                        if let Some(Some(next)) = column.get(k + 1) {
                            moves[k].entry((*p, *next)).or_default().add(converted);
                        }
                    }
                }
            }
        }
        let name = |c: u32| self.touchpoints.name(c);
        let (sequences_before, before_other) = top_sequences(before, options.top, &name);
        let (sequences_after, after_other) = top_sequences(after, options.top, &name);
        // The nodes of each offset, and where each place of it went (its node's index).
        let mut nodes: Vec<PathNode> = Vec::new();
        let mut index: Vec<FxHashMap<Place, usize>> = vec![FxHashMap::default(); width];
        for (k, at) in places.into_iter().enumerate() {
            let offset = k as i32 - steps as i32;
            let mut tps: Vec<(u32, Tally)> = Vec::new();
            let mut marks: Vec<(PathMarker, Tally)> = Vec::new();
            for (p, t) in at {
                match p {
                    Place::At(c) => tps.push((c, t)),
                    Place::Mark(m) => marks.push((m, t)),
                }
            }
            tps.sort_by(|a, b| b.1.customers.cmp(&a.1.customers).then_with(|| name(a.0).cmp(name(b.0))));
            marks.sort_by_key(|m| m.0);
            let keep = if options.top == 0 { tps.len() } else { options.top.min(tps.len()) };
            for (c, t) in &tps[..keep] {
                index[k].insert(Place::At(*c), nodes.len());
                nodes.push(PathNode {
                    offset,
                    touchpoint: Some(name(*c).to_owned()),
                    marker: None,
                    customers: t.customers,
                    conversions: t.conversions,
                });
            }
            if keep < tps.len() {
                let mut rest = Tally::default();
                for (c, t) in &tps[keep..] {
                    index[k].insert(Place::At(*c), nodes.len());
                    rest.customers += t.customers;
                    rest.conversions += t.conversions;
                }
                nodes.push(node_of(offset, PathMarker::Other, rest));
            }
            for (m, t) in marks {
                index[k].insert(Place::Mark(m), nodes.len());
                nodes.push(node_of(offset, m, t));
            }
        }
        let mut links: FxHashMap<(usize, usize), Tally> = FxHashMap::default();
        for (k, at) in moves.into_iter().enumerate() {
            for ((a, b), t) in at {
                let (Some(&s), Some(&d)) = (index[k].get(&a), index[k + 1].get(&b)) else { continue };
                let l = links.entry((s, d)).or_default();
                l.customers += t.customers;
                l.conversions += t.conversions;
            }
        }
        let mut flows: Vec<PathFlow> = links
            .into_iter()
            .map(|((source, target), t)| PathFlow {
                source,
                target,
                customers: t.customers,
                conversions: t.conversions,
            })
            .collect();
        flows.sort_unstable_by_key(|f| (f.source, f.target));
        Ok(PathsAround {
            touchpoint: touchpoint.to_owned(),
            steps,
            anchor: options.anchor,
            customers: total.customers,
            visits,
            of_customers: self.customer_count() as u64,
            has_outcome,
            conversions: total.conversions,
            before: sequences_before,
            before_other,
            after: sequences_after,
            after_other,
            nodes,
            flows,
        })
    }
}

fn node_of(offset: i32, marker: PathMarker, t: Tally) -> PathNode {
    PathNode { offset, touchpoint: None, marker: Some(marker), customers: t.customers, conversions: t.conversions }
}

/// The `top` sequences (0: all) by customers, ties by path (in names), then marker; and the rest together.
fn top_sequences<'a>(
    counted: FxHashMap<SequenceKey, Tally>,
    top: usize,
    name: &impl Fn(u32) -> &'a str,
) -> (Vec<PathSequence>, PathsOther) {
    let mut all: Vec<(SequenceKey, Tally)> = counted.into_iter().collect();
    let by_path = |a: &[u32], b: &[u32]| -> Ordering { a.iter().map(|c| name(*c)).cmp(b.iter().map(|c| name(*c))) };
    all.sort_by(|(a, x), (b, y)| {
        y.customers.cmp(&x.customers).then_with(|| by_path(&a.0, &b.0)).then_with(|| a.1.cmp(&b.1))
    });
    let keep = if top == 0 { all.len() } else { top.min(all.len()) };
    let mut other = PathsOther::default();
    for (_, t) in &all[keep..] {
        other.sequences += 1;
        other.customers += t.customers;
        other.conversions += t.conversions;
    }
    all.truncate(keep);
    let kept = all
        .into_iter()
        .map(|((path, marker), t)| PathSequence {
            path: path.iter().map(|c| name(*c).to_owned()).collect(),
            marker,
            customers: t.customers,
            conversions: t.conversions,
        })
        .collect();
    (kept, other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::EventColumns;

    fn log() -> EventLog {
        // a: ad site basket pay (converts); b: basket (leaves); c: site basket site basket (leaves).
        let csv = "customer_id,timestamp,touchpoint,converted\n\
                   a,2026-03-01T10:00:00Z,ad,0\n\
                   a,2026-03-01T10:01:00Z,site,0\n\
                   a,2026-03-01T10:02:00Z,basket,0\n\
                   a,2026-03-01T10:03:00Z,pay,1\n\
                   b,2026-03-01T10:00:00Z,basket,0\n\
                   c,2026-03-01T10:00:00Z,site,0\n\
                   c,2026-03-01T10:01:00Z,basket,0\n\
                   c,2026-03-01T10:02:00Z,site,0\n\
                   c,2026-03-01T10:03:00Z,basket,0\n";
        let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
        EventLog::from_csv_str(csv, &columns).expect("the test log reads") // ok: unit test
    }

    #[test]
    fn every_node_passes_its_customers_on() {
        let p =
            log().paths_around("basket", &PathsOptions { steps: 2, top: 0, ..PathsOptions::default() }).expect("known"); // ok: unit test
        assert_eq!(p.customers, 3);
        for (i, n) in p.nodes.iter().enumerate() {
            let out: u64 = p.flows.iter().filter(|f| f.source == i).map(|f| f.customers).sum();
            let inn: u64 = p.flows.iter().filter(|f| f.target == i).map(|f| f.customers).sum();
            let ends = n.marker.is_some_and(|m| m != PathMarker::Other && m != PathMarker::Start);
            if n.offset < 2 && !ends {
                assert_eq!(out, n.customers, "out of {n:?}");
            }
            if n.offset > -2 && n.marker != Some(PathMarker::Start) {
                assert_eq!(inn, n.customers, "into {n:?}");
            }
        }
        for o in -2..=2 {
            let at: u64 = p.nodes.iter().filter(|n| n.offset == o).map(|n| n.customers).sum();
            assert!(at <= 3 && (o.abs() > 1 || at == 3), "offset {o}: {at}");
        }
    }

    #[test]
    fn top_sums_the_rest() {
        let p =
            log().paths_around("basket", &PathsOptions { steps: 1, top: 1, ..PathsOptions::default() }).expect("known"); // ok: unit test
        assert_eq!(p.before.len(), 1);
        assert_eq!(p.before.iter().map(|s| s.customers).sum::<u64>() + p.before_other.customers, 3);
        assert_eq!(p.before_other.sequences, 1);
        let at_minus_one: Vec<&PathNode> = p.nodes.iter().filter(|n| n.offset == -1).collect();
        assert_eq!(at_minus_one.len(), 2, "{at_minus_one:?}");
        assert_eq!(at_minus_one[0].touchpoint.as_deref(), Some("site"));
        assert_eq!(at_minus_one[1].marker, Some(PathMarker::Start));
    }

    #[test]
    fn bad_arguments_are_named() {
        let l = log();
        let e = l.paths_around("basket", &PathsOptions { steps: 0, top: 0, ..PathsOptions::default() }).unwrap_err(); // ok: unit test
        assert_eq!(e.to_string(), "steps: 0 steps, expected 1 to 10");
        let e = l.paths_around("basket", &PathsOptions { steps: 11, top: 0, ..PathsOptions::default() }).unwrap_err(); // ok: unit test
        assert_eq!(e.kind(), crate::ErrorKind::Argument);
        let e = l.paths_around("baskt", &PathsOptions::default()).unwrap_err(); // ok: unit test
        assert_eq!(e.to_string(), r#"unknown touchpoint "baskt"; the log's touchpoints are ad, basket, pay, site"#);
        assert_eq!(e.kind(), crate::ErrorKind::NotFound);
        let e = "all".parse::<PathAnchor>().unwrap_err(); // ok: unit test
        assert_eq!(e.to_string(), r#"anchor: unknown path anchor "all", expected "first" or "every""#);
    }

    #[test]
    fn every_visit_is_an_anchor_and_first_is_the_default() {
        let l = log();
        let first = l.paths_around("basket", &PathsOptions { steps: 1, top: 0, ..PathsOptions::default() });
        let first = first.expect("known"); // ok: unit test
        assert_eq!((first.anchor, first.customers, first.visits), (PathAnchor::First, 3, 3));
        let every = PathsOptions { steps: 1, top: 0, anchor: PathAnchor::Every };
        let every = l.paths_around("basket", &every).expect("known"); // ok: unit test
        // c came to the basket twice: after "site" both times, then to "site" and to the end.
        assert_eq!((every.anchor, every.customers, every.visits), (PathAnchor::Every, 3, 4));
        let site_before = every.before.iter().find(|s| s.path == ["site"]).map(|s| s.customers);
        assert_eq!(site_before, Some(3));
        let at_zero: u64 = every.nodes.iter().filter(|n| n.offset == 0).map(|n| n.customers).sum();
        assert_eq!(at_zero, 4);
    }
}
