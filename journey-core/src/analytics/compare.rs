//! Comparing two logs (two segments, or two periods): which shares changed, and whether by more than chance.

use crate::words;
use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::conformance::Loops;
use super::discover::Discovery;
use super::funnel::FunnelCounts;
use super::log::EventLog;
use super::stats;
use crate::error::Result;
use crate::gaps::{Gap, GapKind, Location};
use crate::model::Journey;

/// A share in both logs, its change, and whether it changed by more than chance: a two-sided p-value (from
/// an exact test for small counts, a z-test otherwise) and the p-value adjusted for the number of tests of
/// the comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct ShareChange {
    /// What the share is of: `source -> target` for a transition, the touchpoint for drop-off, the step for a
    /// funnel.
    pub subject: String,
    /// Successes in the first log.
    pub a_count: u64,
    /// Trials in the first log.
    pub a_total: u64,
    /// a_count / a_total.
    pub a_share: f64,
    /// Successes in the second log.
    pub b_count: u64,
    /// Trials in the second log.
    pub b_total: u64,
    /// b_count / b_total.
    pub b_share: f64,
    /// b_share - a_share.
    pub change: f64,
    /// The test that gave [`Self::p_value`]: see there.
    pub test: ShareTest,
    /// Two-sided p-value of the hypothesis that both logs have the same share, from the 2×2 table
    /// `[[a_count, a_total - a_count], [b_count, b_total - b_count]]`. By Cochran's rule: when an expected
    /// cell count of the table (row total × column total / total) is below 5, Fisher's exact test
    /// ([`ShareTest::Fisher`]; the sum of the probabilities, given the margins, of the tables no more likely
    /// than the observed one, as R's `fisher.test` and `scipy.stats.fisher_exact`), otherwise the pooled
    /// two-proportion z-test ([`ShareTest::Z`], without continuity correction), where the normal
    /// approximation holds. 1 when no test is possible ([`ShareTest::None`]: a log with no trials, or no
    /// variation — every trial a success, or none).
    pub p_value: f64,
    /// The p-value adjusted by Benjamini–Hochberg over all the tests of the comparison (the transitions,
    /// drop-off, funnel steps and loops together; those not possible not counted): the smallest
    /// false-discovery rate at which this change would be a discovery. 1 when no test is possible.
    pub q_value: f64,
    /// q_value below the false-discovery level [`CompareOptions::alpha`] and |change| at least
    /// [`CompareOptions::min_change`].
    pub significant: bool,
}

/// The test that gave a [`ShareChange`] its p-value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ShareTest {
    /// Fisher's exact test, two-sided: an expected cell count is below 5.
    Fisher,
    /// The pooled two-proportion z-test, two-sided: every expected cell count is 5 or more.
    Z,
    /// No test: a log has no trials, or the trials of both are all successes or all failures.
    None,
}

crate::names::names!(ShareTest, "share test", "test" {
    Fisher => "fisher",
    Z => "z",
    None => "none",
});

/// Two logs side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Comparison {
    /// Each transition's share of the moves out of its source.
    pub transitions: Vec<ShareChange>,
    /// Each touchpoint's drop-off: customers who left there without converting, of those who came.
    pub dropoff: Vec<ShareChange>,
    /// Each funnel step's conversion from the step before (when steps were given).
    pub funnel: Vec<ShareChange>,
    /// The share of customers who go back (see [`EventLog::loops`]).
    pub loops: ShareChange,
    /// The differences that matter, as gaps, whichever log they are worse in: `drop_off` (more leave a
    /// touchpoint), `loop` (more customers go back), `unexpected_path` (more take a move that the map does
    /// not design, or, without a map, that nobody took in the other log). Each message names the log where
    /// it is worse and the other one as [`CompareOptions::names`] calls them (`segment "online"` against
    /// `segment "offline"`, `November` against `October`; "the first log" and "the second log" by default),
    /// with the figures of both. Only changes flagged significant (see [`ShareChange::significant`]) are gaps.
    ///
    /// What is symmetric and what is directional: `compare(b, a)` finds the same gaps (kinds, severities and
    /// places, the messages naming the other log) and the same share changes, mirrored: `a_*` and `b_*`
    /// swapped and `change` (always `b_share - a_share`) negated, with the same tests, p-values, q-values and
    /// significance.
    pub gaps: Vec<Gap>,
}

/// Options of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CompareOptions {
    /// The false-discovery rate to keep to: a change is significant when its Benjamini–Hochberg adjusted
    /// p-value ([`ShareChange::q_value`]) is below it, so that of the changes flagged significant in a
    /// comparison, no more than this share are expected to be chance (and when nothing differs, the chance
    /// that anything is flagged is about this). Default 0.05.
    pub alpha: f64,
    /// The smallest change of a share that matters.
    pub min_change: f64,
    /// Funnel steps (touchpoint ids) to compare; each must be a touchpoint of at least one of the two logs
    /// (as a strict funnel, [`super::FunnelOptions::strict`]).
    pub funnel: Vec<String>,
    /// How the gaps' messages call the two logs, this one and the other: `["segment \"online\"",
    /// "segment \"offline\""]` when comparing segments, `["October", "November"]` for periods. Default
    /// `["the first log", "the second log"]`.
    pub names: [String; 2],
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            alpha: 0.05,
            min_change: 0.05,
            funnel: Vec::new(),
            names: ["the first log".into(), "the second log".into()],
        }
    }
}

/// A share in both logs with its test; its q-value and significance are set by [`adjust`], over all the tests
/// of the comparison.
fn share(subject: String, a: (u64, u64), b: (u64, u64)) -> ShareChange {
    let r = |(x, n): (u64, u64)| if n == 0 { 0.0 } else { x as f64 / n as f64 };
    let (a_share, b_share) = (r(a), r(b));
    let ((x1, n1), (x2, n2)) = (a, b);
    let (test, p_value) = if n1 == 0 || n2 == 0 || x1 + x2 == 0 || x1 + x2 == n1 + n2 {
        (ShareTest::None, 1.0)
    } else if stats::small_expected(x1, n1, x2, n2) {
        (ShareTest::Fisher, stats::fisher_exact(x1, n1, x2, n2))
    } else {
        (ShareTest::Z, stats::z_test(x1, n1, x2, n2))
    };
    ShareChange {
        subject,
        a_count: x1,
        a_total: n1,
        a_share,
        b_count: x2,
        b_total: n2,
        b_share,
        change: b_share - a_share,
        test,
        p_value,
        q_value: 1.0,
        significant: false,
    }
}

/// Sets the q-values (Benjamini–Hochberg over the tests that were possible) and the significance of all the
/// shares of one comparison.
fn adjust<'a>(shares: impl Iterator<Item = &'a mut ShareChange>, o: &CompareOptions) {
    let mut tested: Vec<&mut ShareChange> = shares.filter(|s| s.test != ShareTest::None).collect();
    let p: Vec<f64> = tested.iter().map(|s| s.p_value).collect();
    for (s, q) in tested.iter_mut().zip(stats::benjamini_hochberg(&p)) {
        s.q_value = q;
        s.significant = q < o.alpha && s.change.abs() >= o.min_change;
    }
}

fn by_significance(v: &mut [ShareChange]) {
    v.sort_by(|x, y| {
        y.significant
            .cmp(&x.significant)
            .then_with(|| y.change.abs().total_cmp(&x.change.abs()))
            .then_with(|| x.subject.cmp(&y.subject))
    });
}

/// The figures of one log that a comparison puts side by side ([`EventLog::compare`]): its discovery, the
/// counts of the funnel compared (if any), its loops and its touchpoints. Made from a log
/// ([`CompareInputs::of`]) or from merged partials (the `compare` analysis of a
/// [`Partial`](super::Partial)), and compared with those of another log by [`CompareInputs::compare`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareInputs {
    /// The log's discovery.
    pub discovery: Discovery,
    /// Whether the log has an outcome column (drop-off is compared only when both have).
    pub has_outcome: bool,
    /// The counts of the funnel over the steps compared, if any.
    pub funnel: Option<FunnelCounts>,
    /// The log's loops.
    pub loops: Loops,
    /// The touchpoints of the log, sorted.
    pub touchpoints: Vec<String>,
}

impl CompareInputs {
    /// The inputs of a comparison of `log`, its loops against `journey` (if any) and its funnel over `funnel`
    /// (none when empty; a step the log does not have counts 0, see [`CompareInputs::compare`]).
    ///
    /// # Errors
    /// None in practice: those of [`EventLog::funnel_counts`] for the steps.
    pub fn of(log: &EventLog, journey: Option<&Journey>, funnel: &[String]) -> Result<Self> {
        let funnel = if funnel.is_empty() { None } else { Some(log.funnel_counts(funnel)?) };
        let mut touchpoints = log.touchpoint_ids().to_vec();
        touchpoints.sort_unstable();
        Ok(CompareInputs {
            discovery: log.discover(),
            has_outcome: log.has_outcome(),
            funnel,
            loops: log.loops(journey),
            touchpoints,
        })
    }

    /// The inputs from partial observations (sorted touchpoints given).
    pub(crate) fn new(
        observations: &super::Observations,
        funnel: Option<FunnelCounts>,
        loops: Loops,
        touchpoints: Vec<String>,
    ) -> Self {
        let has_outcome = observations.has_outcome();
        CompareInputs { discovery: observations.finish(), has_outcome, funnel, loops, touchpoints }
    }

    /// These figures (a) against another log's (b), as [`EventLog::compare`] gives them for the two logs.
    ///
    /// # Errors
    /// As [`EventLog::compare`], and [`crate::Error::Argument`] named `funnel` when the funnel of
    /// `options` is not the one both inputs counted.
    pub fn compare(
        &self,
        other: &CompareInputs,
        journey: Option<&Journey>,
        options: &CompareOptions,
    ) -> Result<Comparison> {
        check_options(options)?;
        compare_inputs(self, other, journey, options)
    }
}

/// Refuses options of a comparison out of their domain.
fn check_options(options: &CompareOptions) -> Result<()> {
    for (name, v) in [("alpha", options.alpha), ("min_change", options.min_change)] {
        if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
            return Err(crate::Error::Argument { name: name.into(), message: format!("{v} is not a number in 0..=1") });
        }
    }
    for (i, n) in options.names.iter().enumerate() {
        if n.trim().is_empty() {
            return Err(crate::Error::Argument {
                name: format!("names[{i}]"),
                message: "is empty, expected how the messages call the log".into(),
            });
        }
    }
    Ok(())
}

impl EventLog {
    /// Compares this log (a) with another (b): transition shares, drop-off, funnel steps and the share of
    /// customers who go back, each tested (see [`ShareChange::p_value`]), the p-values adjusted by
    /// Benjamini–Hochberg over all of them ([`ShareChange::q_value`]); the changes that matter come back as
    /// gaps (see [`Comparison::gaps`]). O(events) for the logs' figures, then O(t log t) for t tests, each an
    /// O(1) z-test or an exact test of O(√n) terms.
    ///
    /// # Errors
    /// [`crate::Error::Argument`] for bad options; [`crate::Error::NotFound`] for a funnel step neither log
    /// has (see [`super::check_funnel_steps`]).
    pub fn compare(&self, other: &EventLog, journey: Option<&Journey>, options: &CompareOptions) -> Result<Comparison> {
        check_options(options)?;
        if !options.funnel.is_empty() {
            super::check_funnel_steps(&options.funnel, [self, other])?;
        }
        let a = CompareInputs::of(self, journey, &options.funnel)?;
        let b = CompareInputs::of(other, journey, &options.funnel)?;
        compare_inputs(&a, &b, journey, options)
    }
}

/// [`CompareInputs::compare`] once the options are checked.
fn compare_inputs(
    a: &CompareInputs,
    b: &CompareInputs,
    journey: Option<&Journey>,
    options: &CompareOptions,
) -> Result<Comparison> {
    let (da, db) = (&a.discovery, &b.discovery);
    let outs = |d: &Discovery| {
        let mut m: HashMap<String, u64> = HashMap::new();
        for t in &d.transitions {
            *m.entry(t.source.clone()).or_default() += t.count;
        }
        m
    };
    let (oa, ob) = (outs(da), outs(db));
    let counts = |d: &Discovery| -> HashMap<(String, String), u64> {
        d.transitions.iter().map(|t| ((t.source.clone(), t.target.clone()), t.count)).collect()
    };
    let (ca, cb) = (counts(da), counts(db));
    let mut keys: Vec<&(String, String)> = ca.keys().chain(cb.keys()).collect::<HashSet<_>>().into_iter().collect();
    keys.sort();
    let mut transitions: Vec<ShareChange> = keys
        .iter()
        .map(|k| {
            let a = (ca.get(*k).copied().unwrap_or(0), oa.get(&k.0).copied().unwrap_or(0));
            let b = (cb.get(*k).copied().unwrap_or(0), ob.get(&k.0).copied().unwrap_or(0));
            share(format!("{} -> {}", k.0, k.1), a, b)
        })
        .collect();
    let visitors = |d: &Discovery| -> HashMap<String, u64> {
        d.visits.iter().map(|v| (v.touchpoint.clone(), v.customers)).collect()
    };
    let left = |d: &Discovery| -> HashMap<String, u64> {
        d.dropoff.iter().map(|x| (x.touchpoint.clone(), x.customers)).collect()
    };
    let (va, vb, la, lb) = (visitors(da), visitors(db), left(da), left(db));
    let mut tps: Vec<&String> = va.keys().chain(vb.keys()).collect::<HashSet<_>>().into_iter().collect();
    tps.sort();
    let mut dropoff: Vec<ShareChange> = if a.has_outcome && b.has_outcome {
        tps.iter()
            .map(|t| {
                let a = (la.get(*t).copied().unwrap_or(0), va.get(*t).copied().unwrap_or(0));
                let b = (lb.get(*t).copied().unwrap_or(0), vb.get(*t).copied().unwrap_or(0));
                share((*t).clone(), a, b)
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut funnel = Vec::new();
    if !options.funnel.is_empty() {
        let steps: Vec<&str> = options.funnel.iter().map(String::as_str).collect();
        let known: Vec<&str> = a.touchpoints.iter().chain(&b.touchpoints).map(String::as_str).collect();
        super::funnel::check_steps_in(&options.funnel, &known)?;
        let counted = |f: &Option<FunnelCounts>| -> Result<FunnelCounts> {
            f.clone().filter(|f| f.steps == options.funnel).ok_or_else(|| crate::Error::Argument {
                name: "funnel".into(),
                message: "the inputs of the comparison did not count this funnel".into(),
            })
        };
        let (fa, fb) = (counted(&a.funnel)?, counted(&b.funnel)?);
        for i in 1..steps.len() {
            let a = (fa.reached[i], fa.reached[i - 1]);
            let b = (fb.reached[i], fb.reached[i - 1]);
            funnel.push(share(format!("{} -> {}", steps[i - 1], steps[i]), a, b));
        }
    }

    // Loops: the share of customers who go back at all.
    let (loops_a, loops_b) = (&a.loops, &b.loops);
    let mut looping = share(
        "customers who go back".into(),
        (loops_a.customers, loops_a.of_customers),
        (loops_b.customers, loops_b.of_customers),
    );
    // One family of tests: whatever is flagged, of all of them, is controlled for false discoveries.
    adjust(transitions.iter_mut().chain(dropoff.iter_mut()).chain(funnel.iter_mut()).chain([&mut looping]), options);

    let mut gaps = Vec::new();
    let loc_tp = |t: &str| Location {
        stage: journey.and_then(|j| j.touchpoint(t)).map(|x| x.stage.clone()),
        touchpoint: Some(t.to_owned()),
        ..Default::default()
    };
    // A touchpoint by its name where the map knows it.
    let name = |id: &str| -> String {
        journey.and_then(|j| j.touchpoint(id)).map_or_else(|| id.to_owned(), |t| t.name.clone())
    };
    // The gaps are symmetric: each significant difference that is worse in one of the two logs is one
    // gap, naming the log where it is worse, with both figures; `compare(b, a)` finds the same gaps.
    let [first, second] = &options.names;
    let side = |c: &ShareChange| if c.change > 0.0 { (second, first) } else { (first, second) };
    let (worse, other_of) = (
        |c: &ShareChange| {
            if c.change > 0.0 { (c.b_count, c.b_total, c.b_share) } else { (c.a_count, c.a_total, c.a_share) }
        },
        |c: &ShareChange| {
            if c.change > 0.0 { (c.a_count, c.a_total, c.a_share) } else { (c.b_count, c.b_total, c.b_share) }
        },
    );
    let severity = |change: f64, steps: [f64; 2], base: u8| {
        base + u8::from(change.abs() >= steps[0]) + u8::from(change.abs() >= steps[1])
    };
    for d in dropoff.iter().filter(|d| d.significant) {
        let ((wc, wt, ws), (oc, ot, os), (w, o)) = (worse(d), other_of(d), side(d));
        gaps.push(Gap {
            kind: GapKind::DropOff,
            severity: severity(d.change, [0.1, 0.2], 3),
            location: loc_tp(&d.subject),
            message: format!(
                "drop-off at \"{}\" is {} in {w} against {} in {o} ({} of {} against {} of {}, {})",
                name(&d.subject),
                words::percent(ws),
                words::percent(os),
                words::count(wc),
                words::plural(wt, "customer"),
                words::count(oc),
                words::count(ot),
                words::p_value(d.p_value)
            ),
            evidence: vec![],
        });
    }
    let top = if looping.change > 0.0 { loops_b.moves.first() } else { loops_a.moves.first() };
    if looping.significant
        && let Some(top) = top
    {
        let ((wc, wt, ws), (_, _, os), (w, o)) = (worse(&looping), other_of(&looping), side(&looping));
        gaps.push(Gap {
                kind: GapKind::Loop,
                severity: severity(looping.change, [0.1, 2.0], 3),
                location: Location {
                    stage: journey.and_then(|j| j.touchpoint(&top.source)).map(|x| x.stage.clone()),
                    touchpoint: Some(top.source.clone()),
                    transition: Some((top.source.clone(), top.target.clone())),
                    ..Default::default()
                },
                message: format!(
                    "more customers go back in {w}: {} against {} in {o} ({} of {}, {}); most often from \"{}\" back to \"{}\" ({})",
                    words::percent(ws),
                    words::percent(os),
                    words::count(wc),
                    words::plural(wt, "customer"),
                    words::p_value(looping.p_value),
                    name(&top.source),
                    name(&top.target),
                    words::plural(top.count, "move")
                ),
                evidence: vec![],
            });
    }
    for (k, t) in keys.iter().zip(&transitions) {
        if !t.significant {
            continue;
        }
        let ((wc, wt, ws), (oc, _, os), (w, o)) = (worse(t), other_of(t), side(t));
        let unexpected = match journey {
            Some(j) => j.transition(&k.0, &k.1).is_none_or(|tr| !tr.expected),
            None => oc == 0,
        };
        if !unexpected {
            continue;
        }
        gaps.push(Gap {
                kind: GapKind::UnexpectedPath,
                severity: severity(t.change, [0.1, 2.0], 3),
                location: Location {
                    stage: journey.and_then(|j| j.touchpoint(&k.0)).map(|x| x.stage.clone()),
                    touchpoint: Some(k.0.clone()),
                    transition: Some((k.0.clone(), k.1.clone())),
                    ..Default::default()
                },
                message: format!(
                    "customers in {w} go from \"{}\" to \"{}\", which {}: {} of the moves out of \"{}\" against {} in {o} ({} of {}, {})",
                    name(&k.0),
                    name(&k.1),
                    match journey {
                        Some(_) => "the map does not design".to_owned(),
                        None => format!("nobody took in {o}"),
                    },
                    words::percent(ws),
                    name(&k.0),
                    words::percent(os),
                    words::count(wc),
                    words::plural(wt, "move"),
                    words::p_value(t.p_value)
                ),
                evidence: vec![],
            });
    }
    gaps.sort_by_key(|g| std::cmp::Reverse(g.severity));
    by_significance(&mut transitions);
    by_significance(&mut dropoff);
    Ok(Comparison { transitions, dropoff, funnel, loops: looping, gaps })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_test_names_are_the_serde_names() {
        for name in ShareTest::NAMES {
            let test: ShareTest = name.parse().expect("a listed name parses"); // ok: unit test
            assert_eq!(serde_json::to_value(test).expect("a name serialises"), *name); // ok: unit test
            assert_eq!(serde_json::from_value::<ShareTest>((*name).into()).expect("it reads back"), test); // ok: unit test
        }
        assert_eq!("chi2".parse::<ShareTest>().unwrap_err().kind(), "argument"); // ok: unit test
    }

    #[test]
    fn the_test_follows_cochrans_rule() {
        // Expected cell counts: 2 of 7 against 0 of 13 has 7·2/20 = 0.7 < 5; 40 of 100 against 25 of 100 has
        // at least 32.5.
        assert_eq!(share("x".into(), (2, 7), (0, 13)).test, ShareTest::Fisher);
        assert_eq!(share("x".into(), (40, 100), (25, 100)).test, ShareTest::Z);
        for (a, b) in [((0, 0), (3, 5)), ((0, 4), (0, 9)), ((4, 4), (9, 9))] {
            let s = share("x".into(), a, b);
            assert_eq!((s.test, s.p_value), (ShareTest::None, 1.0), "{a:?} {b:?}");
        }
    }
}
