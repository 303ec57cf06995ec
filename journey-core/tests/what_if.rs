//! `EventLog::what_if` and the backlog's estimated effects against the shared fixture
//! (`tests/fixtures/what_if/`, worked out in exact fractions by its `make_fixtures.py`), the removal effects
//! of Markov attribution, the bundled example, and properties over generated maps and logs: one backlog
//! line per pain point and per gap, effects of less drop-off never negative, the rank's tiers, completions
//! monotone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::PathBuf;

use journey_core::analytics::{AttributionModel, Event, EventColumns, EventLog, WhatIfChange};
use journey_core::backlog::RankedBy;
use journey_core::{BacklogItem, Journey, ScoringModel};
use proptest::prelude::*;
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cases() -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("tests/fixtures/what_if/cases.json")).unwrap()).unwrap()
}

fn columns(outcome: Option<&str>) -> EventColumns {
    EventColumns { outcome: outcome.map(Into::into), ..EventColumns::default() }
}

fn log() -> EventLog {
    EventLog::load_csv(root().join("tests/fixtures/what_if/events.csv"), &columns(Some("value"))).unwrap()
}

fn example() -> (Journey, EventLog) {
    let j = Journey::load(root().join("examples/data/electronics-retailer.json")).unwrap();
    let log =
        EventLog::load_csv(root().join("examples/data/electronics-events.csv"), &columns(Some("order_value"))).unwrap();
    (j, log)
}

fn changes(v: &Value) -> Vec<WhatIfChange> {
    serde_json::from_value(v.clone()).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn what_if_gives_the_fixture_figures() {
    let c = cases();
    let log = log();
    for case in c["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let w = log.what_if(&changes(&case["changes"])).unwrap();
        assert_eq!(w.customers, c["customers"].as_u64().unwrap());
        assert!(close(w.value_per_conversion, c["value_per_conversion"].as_f64().unwrap()), "{name}");
        for key in ["conversions_before", "value_before", "conversions_after", "value_after"] {
            let got = serde_json::to_value(&w).unwrap()[key].as_f64().unwrap();
            assert!(close(got, case[key].as_f64().unwrap()), "{name}: {key} {got} vs {}", case[key]);
        }
        let per = case["per_change"].as_array().unwrap();
        assert_eq!(w.changes.len(), per.len(), "{name}");
        for (e, want) in w.changes.iter().zip(per) {
            assert!(close(e.before, want["before"].as_f64().unwrap()), "{name}: before {}", e.before);
            assert!(close(e.conversions, want["conversions"].as_f64().unwrap()), "{name}: alone {}", e.conversions);
            assert!(close(e.value, e.conversions * w.value_per_conversion), "{name}");
        }
    }
}

#[test]
fn bad_changes_name_the_field_at_fault() {
    let c = cases();
    let log = log();
    for case in c["errors"].as_array().unwrap() {
        let e = log.what_if(&changes(&case["changes"])).unwrap_err();
        assert_eq!(e.kind(), "argument", "{e}");
        let text = e.to_string();
        let name = case["name"].as_str().unwrap();
        assert!(text.starts_with(&format!("{name}: ")), "{text} should start with {name}");
        assert!(text.contains(case["message"].as_str().unwrap()), "{text}");
    }
    let no_outcome = EventLog::load_csv(root().join("tests/fixtures/what_if/events.csv"), &columns(None)).unwrap();
    let e = no_outcome.what_if(&[]).unwrap_err();
    assert_eq!((e.kind().as_str(), e.to_string().starts_with("outcome: ")), ("argument", true), "{e}");
    let many: Vec<WhatIfChange> =
        (0..65).map(|i| WhatIfChange::Completion { touchpoint: format!("t{i}"), completion: 0.5 }).collect();
    assert_eq!(log.what_if(&many).unwrap_err().kind(), "too_large");
    // The JSON shape is strict.
    let bad: Result<Vec<WhatIfChange>, _> =
        serde_json::from_value(json!([{"change": "completion", "touchpoint": "cart", "share": 1}]));
    assert!(bad.is_err());
}

/// The removal effect of every touchpoint, as Markov attribution (order 1, repeats collapsed) has it, is
/// what-if with completion 0 there.
fn removal_effects_agree(log: &EventLog) {
    let a = log.attribution(AttributionModel::Markov { order: 1 }, true).unwrap();
    assert!(!a.rows.is_empty());
    for row in &a.rows {
        let change = WhatIfChange::Completion { touchpoint: row.touchpoint.clone(), completion: 0.0 };
        let w = log.what_if(&[change]).unwrap();
        assert!(close(w.conversions_before, a.conversions as f64), "{} vs {}", w.conversions_before, a.conversions);
        let effect = 1.0 - w.conversions_after / w.conversions_before;
        let want = row.removal_effect.unwrap();
        assert!((effect - want).abs() < 1e-9, "{}: what-if {effect} vs attribution {want}", row.touchpoint);
    }
}

#[test]
fn completion_zero_is_the_removal_effect_of_attribution() {
    removal_effects_agree(&log());
    removal_effects_agree(&example().1);
}

#[test]
fn what_if_on_the_example_is_plain() {
    let (_, log) = example();
    let w = log.what_if(&[]).unwrap();
    assert!(close(w.conversions_before, log.conversions() as f64));
    assert_eq!(w.conversions_after, w.conversions_before);
    // Everyone at the delivery options who would have left goes on.
    let all = log.what_if(&[WhatIfChange::Completion { touchpoint: "shipping".into(), completion: 1.0 }]).unwrap();
    assert!(all.conversions_after > all.conversions_before);
    // Without the moves back to the cart, some of them pay and some leave.
    let back = log.what_if(&[WhatIfChange::RemoveTransition { from: "shipping".into(), to: "cart".into() }]).unwrap();
    assert!(back.changes[0].before > 0.0 && back.changes[0].before < 1.0);
    assert!(back.conversions_after.is_finite());
}

fn line<'a>(items: &'a [BacklogItem], id: &str) -> &'a BacklogItem {
    items.iter().find(|i| i.id.as_deref() == Some(id)).unwrap_or_else(|| panic!("no line {id}"))
}

#[test]
fn backlog_lines_carry_the_fixture_effects() {
    let c = cases();
    let want = &c["backlog"];
    let mut j = Journey::load(root().join("tests/fixtures/what_if").join(want["map"].as_str().unwrap())).unwrap();
    let log = log();
    j.apply(&log.discover());
    let model = ScoringModel::default();
    let items = j.prioritize_with_log(&model, None, &log).unwrap();
    assert_eq!(items[0].id.as_deref(), want["first"].as_str());
    for w in want["lines"].as_array().unwrap() {
        let item = line(&items, w["id"].as_str().unwrap());
        assert_eq!(item.source, w["source"].as_str().unwrap());
        let mut held: Vec<&str> =
            item.addresses.iter().filter(|a| a.source != "gap").filter_map(|a| a.id.as_deref()).collect();
        held.sort_unstable();
        let listed: Vec<&str> = w["addresses"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(held, listed, "{}", item.title);
        let effect = item.effect.as_ref().unwrap();
        assert!(close(effect.conversions, w["effect_conversions"].as_f64().unwrap()), "{}", effect.conversions);
        assert!(close(effect.value, w["effect_value"].as_f64().unwrap()), "{}", effect.value);
        assert!(effect.basis.contains("absorbing Markov chain"), "{}", effect.basis);
        assert_eq!(item.ranked_by.as_str(), w["ranked_by"].as_str().unwrap());
        let p = item.reach * item.impact * item.confidence * item.importance / 5.0 / item.effort;
        assert!((item.priority - p).abs() < 1e-12);
    }
    // The cart's gaps (hot spot, negative moment of truth, the coupon pain resting on no evidence) are in
    // the opportunity's line, not lines of their own.
    let opp = line(&items, "opp_shipping");
    let kinds: Vec<&str> = opp.addresses.iter().filter(|a| a.source == "gap").map(|a| a.kind.as_str()).collect();
    assert!(kinds.contains(&"pain_hotspot") && kinds.contains(&"negative_moment_of_truth"), "{kinds:?}");
    assert!(kinds.contains(&"unevidenced"), "{kinds:?}");
    assert!(
        items.iter().all(|i| i.source != "gap" || i.location.touchpoint.as_deref() != Some("cart") || i.kind == "loop")
    );
    // Without a log: the same lines, no effects.
    let plain = j.prioritize(&model, None).unwrap();
    assert_eq!(plain.len(), items.len());
    assert!(plain.iter().all(|i| i.effect.is_none() && i.ranked_by == RankedBy::Map));
    ranked_in_tiers(&items, true).unwrap();
    ranked_in_tiers(&plain, false).unwrap();
    // A log without an outcome cannot estimate effects.
    let no_outcome = EventLog::load_csv(root().join("tests/fixtures/what_if/events.csv"), &columns(None)).unwrap();
    assert_eq!(j.prioritize_with_log(&model, None, &no_outcome).unwrap_err().kind(), "argument");
}

#[test]
fn the_example_backlog_reads_right() {
    let (j, log) = example();
    let mut observed = j.clone();
    observed.apply(&log.discover());
    let items = observed.prioritize_with_log(&ScoringModel::default(), None, &log).unwrap();
    // The quick win leads: show the delivery cost before the delivery step.
    let first = &items[0];
    assert_eq!(first.id.as_deref(), Some("opp_shipping_upfront"));
    assert!(first.quick_win);
    let ids: Vec<Option<&str>> = items.iter().take(5).map(|i| i.id.as_deref()).collect();
    assert!(ids.contains(&Some("opp_live_stock")), "{ids:?}");
    // The log's effect ranks: the top five each win conversions, the advisor booking (+44) among them, and
    // no line the log cannot judge (a KPI short of its target) comes before a line with a gain.
    assert!(ids.contains(&Some("opp_book_advisor")), "{ids:?}");
    for item in &items[..5] {
        assert_eq!(item.ranked_by, RankedBy::Effect, "{}", item.title);
        assert!(item.effect.as_ref().is_some_and(|e| e.conversions > 1.0), "{}", item.title);
    }
    let first_map = items.iter().position(|i| i.ranked_by != RankedBy::Effect).unwrap();
    assert!(items[first_map..].iter().all(|i| i.ranked_by != RankedBy::Effect));
    let kpi = items.iter().position(|i| i.kind == "kpi_below_target").unwrap();
    assert!(kpi >= first_map && items[kpi].ranked_by == RankedBy::Map);
    let ranking = journey_core::backlog::ranking(&items);
    assert!(ranking.starts_with("first the 12 lines the event log shows to gain conversions"), "{ranking}");
    // The low-impact ad item on an importance-2 touchpoint is not near the top.
    let ad = items.iter().position(|i| i.id.as_deref() == Some("opp_exclude_buyers")).unwrap();
    assert!(ad >= 5, "exclude buyers ranks {}", ad + 1);
    // One problem, one line: the delivery cost line holds its pain point and gaps.
    let held: Vec<&str> = first.addresses.iter().map(|a| a.id.as_deref().unwrap_or(a.kind.as_str())).collect();
    assert!(held.contains(&"pain_shipping_cost") && held.contains(&"pain_hotspot"), "{held:?}");
    let per = log.what_if(&[]).unwrap().value_per_conversion;
    for item in items.iter().filter(|i| i.source != "gap") {
        let effect = item.effect.as_ref().unwrap();
        assert!(effect.conversions >= -1e-9 && effect.conversions < log.conversions() as f64, "{}", item.title);
        assert!(close(effect.value, effect.conversions * per), "{}", item.title);
    }
    assert!(first.effect.as_ref().unwrap().conversions > 1.0);
    // Reach counts customers: no line reaches more than all of them, entries count those who went on.
    let ad_reach = items[ad].reach_basis.as_str();
    assert!(ad_reach.contains("went on from"), "{ad_reach}");
}

// ---- properties --------------------------------------------------------------------------------------

/// A generated map: touchpoints t0..tn in three stages, each with pain points (some without evidence) and
/// opportunities addressing any pain points of the map, metrics, emotions and moments of truth.
fn map() -> impl Strategy<Value = Value> {
    let touchpoint = (
        prop::collection::vec((1u8..=5, prop::option::of(0.0f64..=1.0), any::<bool>()), 0..4),
        prop::collection::vec((1u8..=5, 1u8..=5, 0.0f64..=1.0, prop::collection::vec(0usize..40, 0..3)), 0..3),
        prop::option::of((1u64..5000, 0u64..5000)),
        prop::option::of(-2.0f64..=2.0),
        any::<bool>(),
        1u8..=5,
    );
    (prop::collection::vec(touchpoint, 2..8), prop::collection::vec((0usize..8, 0usize..8), 0..12)).prop_map(
        |(tps, moves)| {
            let n = tps.len();
            let mut pain_ids = Vec::new();
            for (i, t) in tps.iter().enumerate() {
                for k in 0..t.0.len() {
                    pain_ids.push(format!("p{i}_{k}"));
                }
            }
            let touchpoints: Vec<Value> = tps
                .iter()
                .enumerate()
                .map(|(i, (pains, opps, metrics, emotion, mot, importance))| {
                    let pains: Vec<Value> = pains
                        .iter()
                        .enumerate()
                        .map(|(k, (severity, share, evidenced))| {
                            let mut p = json!({"id": format!("p{i}_{k}"), "description": format!("pain {k} at {i}"), "severity": severity});
                            if let Some(s) = share {
                                p["share"] = json!(s);
                            }
                            if *evidenced {
                                p["evidence"] = json!([{"kind": "qualitative", "source": "interview", "summary": "said so"}]);
                            }
                            p
                        })
                        .collect();
                    let opps: Vec<Value> = opps
                        .iter()
                        .enumerate()
                        .map(|(k, (impact, effort, confidence, picks))| {
                            let mut addresses: Vec<&String> =
                                picks.iter().filter_map(|p| pain_ids.get(p % pain_ids.len().max(1))).collect();
                            addresses.sort();
                            addresses.dedup();
                            json!({"id": format!("o{i}_{k}"), "description": format!("idea {k} at {i}"), "impact": impact,
                                   "effort": effort, "confidence": confidence, "addresses": addresses})
                        })
                        .collect();
                    let stage = ["a", "b", "c"][i * 3 / n];
                    let mut t = json!({"id": format!("t{i}"), "name": format!("Touchpoint {i}"), "stage": stage,
                                       "channel": "web", "importance": importance, "moment_of_truth": mot,
                                       "pain_points": pains, "opportunities": opps});
                    if let Some((entered, completed)) = metrics {
                        t["metrics"] = json!({"entered": entered, "completed": completed.min(entered)});
                    }
                    if let Some(e) = emotion {
                        t["emotion"] = json!(e);
                    }
                    t
                })
                .collect();
            let mut seen = std::collections::HashSet::new();
            let transitions: Vec<Value> = moves
                .into_iter()
                .map(|(a, b)| (a % n, b % n))
                .filter(|(a, b)| a != b && seen.insert((*a, *b)))
                .map(|(a, b)| json!({"from": format!("t{a}"), "to": format!("t{b}")}))
                .collect();
            json!({"schema_version": 1, "id": "gen", "name": "Generated",
                   "stages": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c", "name": "C"}],
                   "touchpoints": touchpoints, "transitions": transitions,
                   "entries": ["t0"], "goals": [format!("t{}", n - 1)]})
        },
    )
}

/// Paths over touchpoints t0..t7 (indices taken modulo the map's size), each converting or not.
fn paths() -> impl Strategy<Value = Vec<(Vec<usize>, bool)>> {
    prop::collection::vec((prop::collection::vec(0usize..8, 1..7), any::<bool>()), 1..25)
}

fn build(paths: &[(Vec<usize>, bool)], n: usize) -> EventLog {
    let names: Vec<String> = (0..paths.len()).map(|c| format!("c{c}")).collect();
    let tps: Vec<String> = (0..n).map(|t| format!("t{t}")).collect();
    let mut b = EventLog::builder().with_outcome_column();
    for (c, (path, converted)) in paths.iter().enumerate() {
        for (k, t) in path.iter().enumerate() {
            let last = k + 1 == path.len();
            b.push(&Event {
                customer: &names[c],
                timestamp_ns: 1_700_000_000_000 + k as i64 * 60_000,
                touchpoint: &tps[t % n],
                outcome: Some(if last && *converted { 10.0 + c as f64 } else { 0.0 }),
                ..Default::default()
            })
            .expect("a valid event");
        }
    }
    b.build().unwrap()
}

/// Every pain point id in exactly one line (as its lead or among what it addresses), every gap exactly
/// once, and the priority as documented.
fn one_line_per_problem(j: &Journey, items: &[BacklogItem], model: &ScoringModel) -> Result<(), TestCaseError> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for item in items {
        if item.source == "pain_point" {
            *seen.entry(item.id.clone().unwrap_or_default()).or_default() += 1;
        }
        for a in item.addresses.iter().filter(|a| a.source == "pain_point") {
            *seen.entry(a.id.clone().unwrap_or_default()).or_default() += 1;
        }
        let p = item.reach * item.impact * item.confidence * item.importance / 5.0 / item.effort;
        prop_assert!((item.priority - p).abs() < 1e-12 && item.priority.is_finite());
        prop_assert!((0.0..=1.0).contains(&item.reach) && (1.0..=5.0).contains(&item.importance));
    }
    for t in j.touchpoints() {
        for p in &t.pain_points {
            let id = p.id.clone().unwrap_or_default();
            prop_assert_eq!(seen.get(&id).copied(), Some(1), "pain point {} in {:?}", id, seen);
        }
    }
    let gaps = j.gaps(model, None).unwrap().len();
    let lines = items.iter().filter(|i| i.source == "gap").count();
    let held: usize = items.iter().map(|i| i.addresses.iter().filter(|a| a.source == "gap").count()).sum();
    prop_assert_eq!(lines + held, gaps);
    Ok(())
}

/// The rank rule: without a log every line by priority; with one, the lines the log shows to gain
/// conversions first by the effect's priority (conversions in place of reach), then those it cannot judge,
/// then those that win nothing, each by priority; ranks 1, 2, ….
fn ranked_in_tiers(items: &[BacklogItem], with_log: bool) -> Result<(), TestCaseError> {
    for (i, item) in items.iter().enumerate() {
        prop_assert_eq!(item.rank, i + 1);
        // A gain only comes from a change the log's paths pass, so it is the effect tier exactly.
        let gain = item.effect.as_ref().map(|e| e.conversions);
        prop_assert_eq!(item.ranked_by == RankedBy::Effect, gain.is_some_and(|c| c > 1e-9), "{}", item.title);
        if gain.is_none() {
            prop_assert_eq!(item.ranked_by, RankedBy::Map);
        }
        if !with_log {
            prop_assert_eq!(item.ranked_by, RankedBy::Map);
        }
        if let Some(e) = item.effect.as_ref().filter(|_| item.ranked_by == RankedBy::Effect) {
            let p = e.conversions * item.impact * item.confidence * item.importance / 5.0 / item.effort;
            prop_assert!((e.priority - p).abs() <= 1e-9 * p.abs().max(1.0));
        }
        if item.ranked_by == RankedBy::NoEffect {
            prop_assert!(item.effect.as_ref().is_some_and(|e| e.conversions <= 1e-9));
        }
    }
    for w in items.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        prop_assert!(a.ranked_by <= b.ranked_by, "{} before {}", a.title, b.title);
        if a.ranked_by == b.ranked_by {
            let key = |x: &BacklogItem| match (&x.effect, x.ranked_by) {
                (Some(e), RankedBy::Effect) => e.priority,
                _ => x.priority,
            };
            prop_assert!(key(a) >= key(b), "{} ({}) before {} ({})", a.title, key(a), b.title, key(b));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn every_pain_point_is_in_exactly_one_backlog_line(doc in map(), paths in paths()) {
        let j = Journey::from_json(&doc.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let model = ScoringModel::default();
        let items = j.prioritize(&model, None).unwrap();
        one_line_per_problem(&j, &items, &model)?;
        let log = build(&paths, j.touchpoint_count());
        let with = j.prioritize_with_log(&model, None, &log).unwrap();
        one_line_per_problem(&j, &with, &model)?;
        prop_assert_eq!(with.len(), items.len());
        ranked_in_tiers(&items, false)?;
        ranked_in_tiers(&with, true)?;
        for item in &with {
            if let Some(e) = &item.effect {
                prop_assert!(e.conversions.is_finite() && e.value.is_finite());
                // Fewer exits never cost conversions (a loop's moves may go either way).
                if e.changes.iter().all(|c| c.to.is_none()) {
                    prop_assert!(e.conversions >= -1e-9, "{}: {}", item.title, e.conversions);
                }
                prop_assert!(e.conversions <= log.customer_count() as f64 + 1e-9);
            }
        }
    }

    #[test]
    fn completion_is_monotone_and_zero_removes(paths in paths(), at in 0usize..4, a in 0.0f64..=1.0, b in 0.0f64..=1.0) {
        let log = build(&paths, 4);
        let Some(t) = log.touchpoint_ids().get(at % log.touchpoint_ids().len()).cloned() else { return Ok(()) };
        let change = |c: f64| WhatIfChange::Completion { touchpoint: t.clone(), completion: c };
        let (lo, hi) = (a.min(b), a.max(b));
        let (Ok(x), Ok(y)) = (log.what_if(&[change(lo)]), log.what_if(&[change(hi)])) else {
            // Only where nobody went on from `t` (then only 0 is possible), or where no path passes it.
            match log.what_if(&[change(0.0)]) {
                Ok(_) => prop_assert!(log.what_if(&[change(hi)]).unwrap_err().to_string().contains("no customer went on")),
                Err(e) => prop_assert!(e.to_string().contains("unknown touchpoint"), "{}", e),
            }
            return Ok(());
        };
        prop_assert!(x.conversions_after <= y.conversions_after + 1e-9, "{} > {}", x.conversions_after, y.conversions_after);
        prop_assert!((0.0..=log.customer_count() as f64 + 1e-9).contains(&y.conversions_after));
        // The completion as observed changes nothing.
        let now = x.changes[0].before;
        let same = log.what_if(&[change(now)]).unwrap();
        prop_assert!((same.conversions_after - same.conversions_before).abs() < 1e-9);
        prop_assert!((same.conversions_before - log.conversions() as f64).abs() < 1e-9);
        // One change: its effect alone is the whole effect.
        prop_assert!((x.changes[0].conversions - x.conversions_after).abs() < 1e-9);
        removal_effects_agree_prop(&log)?;
    }
}

fn removal_effects_agree_prop(log: &EventLog) -> Result<(), TestCaseError> {
    if log.conversions() == 0 {
        return Ok(());
    }
    let a = log.attribution(AttributionModel::Markov { order: 1 }, true).unwrap();
    for row in &a.rows {
        let w =
            log.what_if(&[WhatIfChange::Completion { touchpoint: row.touchpoint.clone(), completion: 0.0 }]).unwrap();
        let effect = 1.0 - w.conversions_after / w.conversions_before;
        prop_assert!((effect - row.removal_effect.unwrap()).abs() < 1e-9, "{}", row.touchpoint);
    }
    Ok(())
}
