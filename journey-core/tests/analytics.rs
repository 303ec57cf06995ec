//! Event-log analytics against hand-worked fixtures (`tests/fixtures/events/`), the example log, and
//! properties: shuffled input gives the same answers, partial results merge to the one-pass result.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::analytics::{
    AttributionModel, AttributionOptions, AttributionPartial, CompareOptions, Event, EventChunk, EventColumns,
    EventField, EventLog, FunnelOptions, Observations, check_funnel_steps,
};
use journey_core::{GapKind, Journey, ScoringModel};
use proptest::prelude::*;
use serde_json::{Value, json};

mod common;
use common::example_columns;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("tests/fixtures/events/expected.json")).unwrap()).unwrap()
}

fn columns(outcome: &str) -> EventColumns {
    EventColumns { outcome: Some(outcome.into()), ..EventColumns::default() }
}

fn small() -> EventLog {
    EventLog::load_csv(root().join("tests/fixtures/events/small.csv"), &columns("converted")).unwrap()
}

fn example() -> EventLog {
    common::example_log()
}

fn example_map() -> Journey {
    Journey::load(root().join("examples/data/electronics-retailer.json")).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn discovery_of_the_small_log_is_as_worked_out_by_hand() {
    let want = &expected()["small"];
    let d = serde_json::to_value(small().discover()).unwrap();
    for key in ["events", "customers", "conversions", "starts", "ends", "visits", "variants"] {
        assert_eq!(d[key], want[key], "{key}");
    }
    let got = d["transitions"].as_array().unwrap();
    let wanted = want["transitions"].as_array().unwrap();
    assert_eq!(got.len(), wanted.len());
    for (g, w) in got.iter().zip(wanted) {
        for f in ["source", "target", "count", "customers"] {
            assert_eq!(g[f], w[f], "{f} of {w}");
        }
        for f in ["mean_seconds", "median_seconds", "p95_seconds"] {
            assert!(close(g[f].as_f64().unwrap(), w[f].as_f64().unwrap()), "{f}: {g} vs {w}");
        }
    }
    for (g, w) in d["dropoff"].as_array().unwrap().iter().zip(want["dropoff"].as_array().unwrap()) {
        assert_eq!(
            (&g["touchpoint"], &g["customers"], &g["visitors"]),
            (&w["touchpoint"], &w["customers"], &w["visitors"])
        );
        assert!(close(g["rate"].as_f64().unwrap(), w["rate"].as_f64().unwrap()));
    }
}

#[test]
fn closed_funnels_count_steps_passed_in_order() {
    let want = &expected()["small"];
    let log = small();
    for key in ["funnel", "funnel_site_first"] {
        let steps: Vec<&str> = want[key]["steps"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        let f = log.funnel(&steps).unwrap();
        let counts: Vec<u64> = f.steps.iter().map(|s| s.customers).collect();
        let wanted: Vec<u64> = want[key]["customers"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
        assert_eq!(counts, wanted, "{key}");
        assert!(close(f.steps.last().unwrap().overall_conversion, wanted[wanted.len() - 1] as f64 / wanted[0] as f64));
    }
    // A step the log has never met is refused, naming it and the log's touchpoints, unless allowed.
    let unknown = log.funnel(["nowhere", "ad"]).unwrap_err();
    assert_eq!(unknown.kind(), "not_found");
    assert!(
        unknown.to_string().starts_with(r#"unknown touchpoint "nowhere"; the log's touchpoints are "#),
        "{unknown}"
    );
    let planned =
        log.funnel_with(["nowhere", "ad"], &FunnelOptions { strict: false, ..FunnelOptions::default() }).unwrap();
    assert_eq!(planned.steps.iter().map(|s| s.customers).collect::<Vec<_>>(), [0, 0]);
    assert!(check_funnel_steps(["ad"], [&log]).is_ok());
    assert_eq!(log.funnel(&[] as &[&str]).unwrap_err().kind(), "argument");
}

#[test]
fn heuristic_attribution_splits_each_conversion() {
    let want = &expected()["small"]["attribution"];
    let log = small();
    let models = [
        ("first_touch", AttributionModel::FirstTouch, true),
        ("last_touch", AttributionModel::LastTouch, true),
        ("linear", AttributionModel::Linear, true),
        ("linear_uncollapsed", AttributionModel::Linear, false),
        ("position_based", AttributionModel::POSITION_BASED, true),
    ];
    for (name, model, collapse) in models {
        let a = log.attribution(model, collapse).unwrap();
        assert_eq!(a.conversions, 1);
        // The result says how it counted repeats, and so does its chart.
        assert_eq!(a.collapsed, collapse);
        let repeats = if collapse { "consecutive repeats collapsed" } else { "consecutive repeats kept" };
        assert_eq!(a.repeats(), repeats);
        assert!(journey_core::render::attribution_svg(&a, None).contains(repeats), "{name}");
        // The options a binding reads give the same model and setting.
        let options =
            AttributionOptions { model: Some(a.model.to_string()), collapse, ..AttributionOptions::default() };
        assert_eq!(options.model().unwrap(), model, "{name}");
        let got: serde_json::Map<String, Value> =
            a.rows.iter().map(|r| (r.touchpoint.clone(), json!(r.conversions))).collect();
        let w = want[name].as_object().unwrap();
        assert_eq!(got.len(), w.len(), "{name}: {got:?}");
        for (tp, v) in w {
            assert!(close(got[tp].as_f64().unwrap(), v.as_f64().unwrap()), "{name} {tp}: {got:?}");
        }
    }
}

#[test]
fn markov_removal_effects_are_the_exact_chain_values() {
    let want = &expected()["markov"];
    let log = EventLog::load_csv(root().join("tests/fixtures/events/markov.csv"), &columns("value")).unwrap();
    let a = log.attribution(AttributionModel::Markov { order: 1 }, true).unwrap();
    assert!(close(a.conversion_probability.unwrap(), want["conversion_probability"].as_f64().unwrap()));
    assert!(close(a.value, 180.0));
    for (row, w) in a.rows.iter().zip(want["rows"].as_array().unwrap()) {
        assert_eq!(row.touchpoint, w["touchpoint"].as_str().unwrap());
        assert!(close(row.removal_effect.unwrap(), w["removal_effect"].as_f64().unwrap()), "{row:?}");
        assert!(close(row.conversions, w["conversions"].as_f64().unwrap()), "{row:?}");
        assert!(close(row.value, w["value"].as_f64().unwrap()), "{row:?}");
    }
}

#[test]
fn markov_with_a_loop_solves_the_linear_system() {
    // Paths: x>y>x>conv, x>null, y>conv (collapsed). Order 1 chain:
    // start->x 2/3, start->y 1/3; x->y 1/3, x->conv 1/3, x->null 1/3; y->x 1/2, y->conv 1/2.
    // P(x) = 1/3 P(y) + 1/3, P(y) = 1/2 P(x) + 1/2  =>  P(x) = 3/5, P(y) = 4/5; P(start) = 2/3*3/5 + 1/3*4/5 = 2/3.
    // Without x: P(y) = 1/2, P(start) = 1/6 -> effect 3/4. Without y: P(x) = 1/3, P(start) = 2/9 -> effect 2/3.
    let mut b = EventLog::builder();
    let mut push = |c: &str, t: i64, tp: &str, o: f64| {
        b.push(&Event { customer: c, timestamp_ns: t, touchpoint: tp, outcome: Some(o), ..Default::default() })
            .expect("a valid event")
    };
    // The conversions are events of their own (`order`, outcome 1): credit goes to what came before.
    push("1", 1, "x", 0.0);
    push("1", 2, "y", 0.0);
    push("1", 3, "x", 0.0);
    push("1", 4, "order", 1.0);
    push("2", 1, "x", 0.0);
    push("3", 1, "y", 0.0);
    push("3", 2, "order", 1.0);
    let log = b.build().unwrap();
    let a = log.attribution(AttributionModel::Markov { order: 1 }, true).unwrap();
    assert!(close(a.conversion_probability.unwrap(), 2.0 / 3.0), "{a:?}");
    let effect = |t: &str| a.rows.iter().find(|r| r.touchpoint == t).unwrap().removal_effect.unwrap();
    assert!(close(effect("x"), 0.75) && close(effect("y"), 2.0 / 3.0), "{a:?}");
    let total: f64 = a.rows.iter().map(|r| r.conversions).sum();
    assert!(close(total, 2.0));
    // Order 2 and the options' bounds.
    assert!(log.attribution(AttributionModel::Markov { order: 2 }, true).is_ok());
    assert_eq!(log.attribution(AttributionModel::Markov { order: 5 }, true).unwrap_err().kind(), "argument");
    assert!(log.attribution(AttributionModel::TimeDecay { half_life_days: 0.0 }, true).is_err());
}

#[test]
fn csv_errors_name_line_and_column_and_an_empty_log_is_empty() {
    let cols = columns("converted");
    let cases = [
        ("customer_id,timestamp,touch\nA,2026-01-01,x\n", "line 1, column \"touchpoint\": missing column"),
        (
            "customer_id,timestamp,touchpoint\nA,2026-01-01,x\nB,yesterday,y\n",
            "line 3, column \"timestamp\": cannot read \"yesterday\"",
        ),
        ("customer_id,timestamp,touchpoint\n,2026-01-01,x\n", "line 2, column \"customer_id\": customer id is empty"),
        (
            "customer_id,timestamp,touchpoint,converted\nA,2026-01-01,x,lots\n",
            "line 2, column \"converted\": cannot read \"lots\"",
        ),
        ("customer_id,timestamp,touchpoint\nA,2026-01-01,x,extra\n", "line 2"),
    ];
    for (text, message) in cases {
        let c = if text.contains("converted") { cols.clone() } else { EventColumns::default() };
        let e = EventLog::from_csv_str(text, &c).unwrap_err();
        assert_eq!(e.kind(), "csv");
        assert!(e.to_string().starts_with(message), "{e} / {message}");
    }
    for empty in ["", "customer_id,timestamp,touchpoint,converted\n"] {
        let log = EventLog::from_csv_str(empty, &cols).unwrap();
        assert!(log.is_empty());
        let d = log.discover();
        assert_eq!((d.events, d.customers, d.transitions.len()), (0, 0, 0));
        assert_eq!(log.funnel(["a"]).unwrap_err().to_string(), r#"unknown touchpoint "a"; the log has no touchpoints"#);
        assert_eq!(
            log.funnel_with(["a"], &FunnelOptions { strict: false, ..FunnelOptions::default() }).unwrap().steps[0]
                .customers,
            0
        );
        assert_eq!(log.conformance(&example_map()).fitness, 1.0);
    }
}

#[test]
fn shuffled_input_gives_exactly_the_same_answers() {
    let text = std::fs::read_to_string(root().join("examples/data/electronics-events.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    // A fixed permutation (a multiplicative step through the rows).
    let n = lines.len();
    let step = (1..n).rev().find(|s| gcd(*s, n) == 1 && *s > n / 3).unwrap();
    let shuffled: Vec<&str> = (0..n).map(|i| lines[(i * step) % n]).collect();
    let shuffled_text = std::iter::once(header).chain(shuffled).collect::<Vec<_>>().join("\n");
    let a = EventLog::from_csv_str(&text, &example_columns()).unwrap();
    let b = EventLog::from_csv_str(&shuffled_text, &example_columns()).unwrap();
    assert_eq!(a.discover(), b.discover());
    let steps = ["product_page", "cart", "shipping", "payment", "order_confirmation"];
    assert_eq!(a.funnel(steps).unwrap(), b.funnel(steps).unwrap());
    for model in [
        AttributionModel::Linear,
        AttributionModel::TimeDecay { half_life_days: 7.0 },
        AttributionModel::Markov { order: 2 },
    ] {
        assert_eq!(a.attribution(model, true).unwrap(), b.attribution(model, true).unwrap());
    }
    let map = example_map();
    assert_eq!(a.conformance(&map), b.conformance(&map));
    assert_eq!(a.loops(Some(&map)), b.loops(Some(&map)));
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[test]
fn the_example_log_checked_against_the_example_map() {
    let log = example();
    let map = example_map();
    let c = log.conformance(&map);
    assert!(c.fitness > 0.8 && c.fitness < 1.0, "{}", c.fitness);
    assert_eq!(c.customers, 3000);
    assert!(c.unexpected.iter().any(|u| u.source == "payment" && u.target == "phone_advice"));
    assert_eq!(c.unknown_touchpoints.keys().collect::<Vec<_>>(), ["newsletter_signup"]);
    assert!(c.per_customer.windows(2).all(|w| w[0].customer < w[1].customer));
    let loops = log.loops(Some(&map));
    assert!(loops.customers > 0);
    // Going back from delivery options to the cart is designed: not a loop. Paying and then calling the
    // advice line is not designed, and goes back a stage: a loop, counted in moves.
    assert!(!loops.moves.iter().any(|m| m.source == "shipping" && m.target == "cart"));
    assert!(loops.moves.iter().any(|m| m.source == "payment" && m.target == "phone_advice"));
    let unexpected = c.unexpected.iter().find(|u| u.source == "payment" && u.target == "phone_advice").unwrap();
    let back = loops.moves.iter().find(|m| m.source == "payment" && m.target == "phone_advice").unwrap();
    assert_eq!((back.count, back.customers), (unexpected.count, unexpected.customers));
    let stages = log.stage_funnel(&map);
    let counts: Vec<u64> = stages.steps.iter().map(|s| s.customers).collect();
    assert_eq!(counts[0], 3000);
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let markov = log.attribution(AttributionModel::Markov { order: 1 }, true).unwrap();
    let total: f64 = markov.rows.iter().map(|r| r.conversions).sum();
    assert!(close(total, markov.conversions as f64));
}

#[test]
fn applying_observations_puts_real_numbers_into_scores_and_gaps() {
    let log = example();
    let mut map = example_map();
    let found = log.discover();
    let applied = map.apply(&found);
    assert_eq!(applied.unknown_touchpoints, ["newsletter_signup"]);
    assert_eq!(applied.added_touchpoints, 1);
    let kept = map.touchpoint("newsletter_signup").unwrap();
    let seen = found.visits.iter().find(|v| v.touchpoint == "newsletter_signup").unwrap();
    assert!(kept.proposed && kept.metrics.entered == Some(seen.customers), "{kept:?}");
    assert!(applied.added_transitions >= 1, "payment -> phone_advice is added");
    let visits = found.visits.iter().find(|v| v.touchpoint == "cart").unwrap();
    assert_eq!(map.touchpoint("cart").unwrap().metrics.entered, Some(visits.customers));
    let added = map.transition("payment", "phone_advice").unwrap();
    assert!(!added.expected && added.observed && added.count.is_some());
    assert!(map.validate().is_empty(), "{:?}", map.validate());
    let gaps = map.gaps(&ScoringModel::default(), None).unwrap();
    // The designed return from delivery options to the cart is not a loop; the observed, undesigned move
    // from payment back to the advice line is, with the count of moves the loops list gives.
    let loops: Vec<&journey_core::Gap> = gaps.iter().filter(|g| g.kind == GapKind::Loop).collect();
    assert!(
        loops.iter().all(|g| map
            .transition(&g.location.transition.as_ref().unwrap().0, &g.location.transition.as_ref().unwrap().1)
            .is_some_and(|t| !t.expected)),
        "{loops:?}"
    );
    let back = loops.iter().find(|g| g.location.transition == Some(("payment".into(), "phone_advice".into()))).unwrap();
    let listed = log.loops(Some(&map)).moves.into_iter().find(|m| m.source == "payment").unwrap();
    assert!(back.message.contains(&format!("({} moves,", listed.count)), "{}", back.message);
    let score = map.score(&ScoringModel::default()).unwrap();
    assert!(score.stages.iter().all(|s| s.reach.is_some()));
}

#[test]
fn comparing_two_segments_flags_what_changed() {
    let log = example();
    let (online, offline) = (log.filter_segment("online").unwrap(), log.filter_segment("offline").unwrap());
    assert_eq!(online.customer_count() + offline.customer_count(), 3000);
    let options = CompareOptions { funnel: vec!["product_page".into(), "cart".into()], ..CompareOptions::default() };
    let cmp = online.compare(&offline, Some(&example_map()), &options).unwrap();
    assert!(cmp.transitions.iter().any(|t| t.significant));
    assert_eq!(cmp.funnel.len(), 1);
    for t in &cmp.transitions {
        assert!((0.0..=1.0).contains(&t.p_value));
        assert!(close(t.change, t.b_share - t.a_share));
    }
    assert!(cmp.gaps.iter().all(|g| matches!(g.kind, GapKind::DropOff | GapKind::Loop | GapKind::UnexpectedPath)));
    // The messages call the logs by their names; swapped logs with swapped names give the same messages.
    assert!(!cmp.gaps.is_empty());
    assert!(cmp.gaps.iter().all(|g| g.message.contains("the first log") && g.message.contains("the second log")));
    let names = |a: &str, b: &str| [format!("segment \"{a}\""), format!("segment \"{b}\"")];
    let named = CompareOptions { names: names("online", "offline"), ..options.clone() };
    let ab = online.compare(&offline, Some(&example_map()), &named).unwrap();
    let ba = offline
        .compare(
            &online,
            Some(&example_map()),
            &CompareOptions { names: names("offline", "online"), ..options.clone() },
        )
        .unwrap();
    let messages = |c: &journey_core::analytics::Comparison| {
        let mut m: Vec<String> = c.gaps.iter().map(|g| g.message.clone()).collect();
        m.sort();
        m
    };
    assert_eq!(messages(&ab), messages(&ba));
    assert!(
        ab.gaps.iter().all(|g| g.message.contains("segment \"online\"") && g.message.contains("segment \"offline\""))
    );
    let blank = CompareOptions { names: ["online".into(), "".into()], ..options.clone() };
    let err = online.compare(&offline, None, &blank).unwrap_err();
    assert_eq!(err.kind().as_str(), "argument");
    assert!(err.to_string().starts_with("names[1]: "), "{err}");
    // A log compared with itself has no significant change and no gap.
    let same = log.compare(&log, None, &CompareOptions::default()).unwrap();
    assert!(same.transitions.iter().all(|t| !t.significant) && same.gaps.is_empty());
    assert_eq!(log.filter_segment("nobody").unwrap().customer_count(), 0);
    assert_eq!(small().filter_segment("x").unwrap_err().kind(), "argument");
}

fn arbitrary_log() -> impl Strategy<Value = Vec<(u8, i64, u8, bool)>> {
    proptest::collection::vec((0u8..30, 0i64..50, 0u8..6, proptest::bool::weighted(0.2)), 0..300)
}

fn build(rows: &[(u8, i64, u8, bool)]) -> EventLog {
    let mut b = EventLog::builder().with_outcome_column();
    let names: Vec<String> = (0..30).map(|i| format!("cust{i}")).collect();
    let tps = ["ad", "site", "cart", "pay", "mail", "shop"];
    for (c, t, tp, conv) in rows {
        b.push(&Event {
            customer: &names[*c as usize],
            timestamp_ns: *t * 1_000_000_000,
            touchpoint: tps[*tp as usize],
            outcome: Some(if *conv { 10.0 + f64::from(*c) } else { 0.0 }),
            ..Default::default()
        })
        .expect("a valid event");
    }
    b.build().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn partial_results_merge_to_the_one_pass_result(rows in arbitrary_log(), parts in 1usize..5) {
        let log = build(&rows);
        let chunks = log.partition(parts);
        prop_assert_eq!(chunks.iter().map(EventLog::customer_count).sum::<usize>(), log.customer_count());
        let mut merged = Observations::default();
        for chunk in chunks.iter().rev() {
            merged.merge(chunk.observe());
        }
        prop_assert_eq!(merged.finish(), log.discover());
        for model in [AttributionModel::Linear, AttributionModel::POSITION_BASED, AttributionModel::Markov { order: 1 }, AttributionModel::Markov { order: 3 }] {
            let mut partial = AttributionPartial::default();
            for chunk in &chunks {
                partial.merge(AttributionPartial::of(chunk, model, true).unwrap()).unwrap();
            }
            prop_assert_eq!(partial.finish().unwrap(), log.attribution(model, true).unwrap());
        }
        let steps = ["ad", "site", "pay"];
        let mut f = chunks[0].funnel_counts(steps).unwrap();
        for chunk in &chunks[1..] {
            f.merge(&chunk.funnel_counts(steps).unwrap()).unwrap();
        }
        prop_assert_eq!(f.finish(), log.funnel_with(steps, &FunnelOptions { strict: false, ..FunnelOptions::default() }).unwrap());
    }

    #[test]
    fn results_stay_in_bounds(rows in arbitrary_log()) {
        let log = build(&rows);
        let d = log.discover();
        prop_assert_eq!(d.events as usize, rows.len());
        prop_assert_eq!(d.variants.iter().map(|v| v.customers).sum::<u64>(), d.customers);
        for t in &d.transitions {
            prop_assert!(t.customers <= t.count && t.median_seconds <= t.p95_seconds + 1e-9);
        }
        for model in [AttributionModel::FirstTouch, AttributionModel::Markov { order: 2 }] {
            let a = log.attribution(model, true).unwrap();
            let total: f64 = a.rows.iter().map(|r| r.conversions).sum();
            prop_assert!(a.conversions == 0 || (total - a.conversions as f64).abs() < 1e-6, "{total} vs {}", a.conversions);
            for r in &a.rows {
                prop_assert!(r.conversions >= 0.0 && r.removal_effect.is_none_or(|e| (0.0..=1.0).contains(&e)));
            }
        }
    }
}

#[test]
fn a_large_csv_read_in_pieces_gives_the_same_log_and_true_line_numbers() {
    // About 12 MB, so that it is read in pieces; every row holds a quoted field with a comma, quotes and a
    // line break, so row r starts on line 2 + 2r.
    let rows = 200_000;
    let mut text = String::from("customer_id,timestamp,note,touchpoint\n");
    let mut expected = EventLog::builder();
    for i in 0..rows {
        let (c, t, tp) = (format!("c{}", i % 5000), 1_772_360_100 + i as i64, format!("tp{}", i % 7));
        text += &format!("{c},{t},\"a, \"\"quoted\"\"\nnote {i}\",{tp}\n");
        expected
            .push(&Event { customer: &c, timestamp_ns: t * 1_000_000_000, touchpoint: &tp, ..Default::default() })
            .expect("a valid event");
    }
    assert!(text.len() > 8 << 20);
    let log = EventLog::from_csv_str(&text, &EventColumns::default()).unwrap();
    assert_eq!(log.len(), rows);
    assert_eq!(log.discover(), expected.build().unwrap().discover());
    let bad = 150_000;
    let broken = text.replacen(&format!("{},", 1_772_360_100 + bad), "soon,", 1);
    let e = EventLog::from_csv_str(&broken, &EventColumns::default()).unwrap_err();
    assert!(e.to_string().starts_with(&format!("line {}, column \"timestamp\"", 2 + 2 * bad)), "{e}");
    let ragged = text.replacen(&format!("note {bad}\",tp"), &format!("note {bad}\",x,tp"), 1);
    let e = EventLog::from_csv_str(&ragged, &EventColumns::default()).unwrap_err();
    assert!(e.to_string().starts_with(&format!("line {}: the row has 5 fields, expected 4", 2 + 2 * bad)), "{e}");
}

#[test]
fn the_directly_follows_graph_agrees_with_discovery() {
    for log in [small(), example()] {
        let (dfg, d) = (log.dfg(), log.discover());
        let pairs: Vec<(String, String, u64, u64)> =
            d.transitions.iter().map(|t| (t.source.clone(), t.target.clone(), t.count, t.customers)).collect();
        let got: Vec<(String, String, u64, u64)> =
            dfg.transitions.iter().map(|t| (t.source.clone(), t.target.clone(), t.count, t.customers)).collect();
        assert_eq!(got, pairs);
        assert_eq!(dfg.starts, d.starts);
        assert_eq!(dfg.ends, d.ends);
    }
}

#[test]
fn building_from_rows_on_all_cores_equals_pushing_them() {
    let rows: Vec<(String, i64, String)> = (0..300_000usize)
        .map(|i| (format!("c{}", (i * 7919) % 40_000), (i % 977) as i64, format!("t{}", i % 13)))
        .collect();
    let event = |i: usize| Event {
        customer: &rows[i].0,
        timestamp_ns: rows[i].1,
        touchpoint: &rows[i].2,
        outcome: Some(f64::from(u8::from(i.is_multiple_of(11)))),
        ..Default::default()
    };
    let mut one = EventLog::builder();
    for i in 0..rows.len() {
        one.push(&event(i)).expect("a valid event");
    }
    let (a, b) = (one.build().unwrap(), EventLog::from_fn(rows.len(), true, event).unwrap());
    assert_eq!(a.discover(), b.discover());
    assert_eq!(
        a.attribution(AttributionModel::Markov { order: 2 }, true).unwrap(),
        b.attribution(AttributionModel::Markov { order: 2 }, true).unwrap()
    );
}

/// Rows of an event table in columns, as a data frame would hold them.
#[derive(Debug, Clone, Default)]
struct Table {
    customer: Vec<Option<String>>,
    timestamp: Vec<i64>,
    touchpoint: Vec<String>,
    channel: Vec<Option<String>>,
    outcome: Vec<f64>,
}

impl Table {
    /// The same rows pushed one by one into a builder.
    fn built(&self) -> EventLog {
        let mut b = EventLog::builder().with_outcome_column();
        for i in 0..self.timestamp.len() {
            b.push(&Event {
                customer: self.customer[i].as_deref().unwrap().trim(),
                timestamp_ns: self.timestamp[i],
                touchpoint: self.touchpoint[i].trim(),
                channel: Some(self.channel[i].as_deref().unwrap_or("")),
                outcome: Some(self.outcome[i]),
                ..Default::default()
            })
            .expect("a valid event");
        }
        b.build().unwrap()
    }

    /// The rows cut into consecutive tables at `cuts`.
    fn split(&self, cuts: &[usize]) -> Vec<Table> {
        let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (self.timestamp.len() + 1)).collect();
        bounds.extend([0, self.timestamp.len()]);
        bounds.sort_unstable();
        bounds
            .windows(2)
            .map(|w| {
                let r = w[0]..w[1];
                Table {
                    customer: self.customer[r.clone()].to_vec(),
                    timestamp: self.timestamp[r.clone()].to_vec(),
                    touchpoint: self.touchpoint[r.clone()].to_vec(),
                    channel: self.channel[r.clone()].to_vec(),
                    outcome: self.outcome[r].to_vec(),
                }
            })
            .collect()
    }

    fn chunk(&self) -> EventChunk<'_> {
        EventChunk {
            channel: Some(&self.channel),
            outcome: Some(&self.outcome),
            ..EventChunk::new(&self.customer, &self.timestamp, &self.touchpoint)
        }
    }

    /// The log of the rows cut into chunks at `cuts`.
    fn log(&self, cuts: &[usize]) -> journey_core::Result<EventLog> {
        let parts = self.split(cuts);
        EventLog::from_columns(&parts.iter().map(Table::chunk).collect::<Vec<_>>())
    }
}

fn table(rows: &[(u8, i64, u8, Option<u8>, bool)]) -> Table {
    let tps = ["ad", "site", " cart", "pay ", "mail", "shop"];
    let mut t = Table::default();
    for (c, ts, tp, channel, conv) in rows {
        // Ids of every length (short ones are kept as integers, long ones as text), in other scripts, and
        // the same customer with and without surrounding white space.
        let id = match c % 6 {
            0 => format!("{c}"),
            1 => format!("cust{c}"),
            2 => format!("customer-{c}-with-a-long-identifier"),
            3 => format!("клиент{c}"),
            4 => format!("c{c:0>width$}", width = usize::from(*c % 17)),
            _ => format!("\t é{c} "),
        };
        t.customer.push(Some(if c % 4 == 1 { format!(" {id}") } else { id }));
        t.timestamp.push(ts * 1000);
        t.touchpoint.push(tps[*tp as usize].to_owned());
        t.channel.push(channel.map(|ch| format!("ch{ch}")));
        t.outcome.push(if *conv { 0.5 + f64::from(*c) } else { 0.0 });
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_log_from_columns_is_the_log_the_builder_gives(
        rows in proptest::collection::vec((0u8..40, 0i64..30, 0u8..6, proptest::option::of(0u8..3), proptest::bool::weighted(0.2)), 0..400),
        cuts in proptest::collection::vec(0usize..400, 0..4),
    ) {
        let t = table(&rows);
        let log = t.log(&cuts).unwrap();
        let want = t.built();
        // Without rows the builder has seen no channel; the columns still have one.
        prop_assert!(log == want || (rows.is_empty() && log.is_empty() && log.has_outcome()));
        prop_assert_eq!(log.touchpoint_ids(), want.touchpoint_ids());
        prop_assert_eq!(log.discover(), want.discover());
        prop_assert_eq!(log.attribution(AttributionModel::Markov { order: 2 }, true).unwrap(), want.attribution(AttributionModel::Markov { order: 2 }, true).unwrap());
    }
}

#[test]
fn a_large_log_from_columns_is_the_log_the_builder_gives() {
    // Enough rows for several pieces and every partition; customers out of order and their events out of time.
    let n = 150_000usize;
    let rows: Vec<(u8, i64, u8, Option<u8>, bool)> = (0..n)
        .map(|i| {
            let k = (i * 7919) % n;
            (
                (k % 251) as u8,
                ((k * 31) % 97) as i64,
                (k % 6) as u8,
                (!k.is_multiple_of(4)).then_some((k % 3) as u8),
                k.is_multiple_of(17),
            )
        })
        .collect();
    let mut t = table(&rows);
    // More customers than a u8 gives: ids from the row, so that there are thousands of them.
    for (i, c) in t.customer.iter_mut().enumerate() {
        *c = Some(format!("c{}", (i * 7919 % n) % 20_011));
    }
    let log = t.log(&[70_000]).unwrap();
    let want = t.built();
    assert_eq!(log.customer_count(), 20_011);
    assert!(log == want);
    assert_eq!(log.discover(), want.discover());
    assert_eq!(log.touchpoint_ids(), want.touchpoint_ids());
    // Equality sees a changed event.
    let mut other = t.clone();
    other.timestamp[12_345] += 1;
    assert!(other.log(&[]).unwrap() != want);
}

#[test]
fn bad_columns_are_refused_with_their_row() {
    let mut t = table(&[(1, 1, 0, None, false), (2, 2, 1, Some(1), true), (3, 3, 2, None, false)]);
    let check = |t: &Table, cuts: &[usize], row: u64, field: EventField, message: &str| {
        let e = t.log(cuts).unwrap_err();
        let (at, named, said) = common::table_fault(&e);
        assert_eq!((at, named), (row, field), "{e}");
        assert!(said.contains(message), "{e}");
    };
    t.customer[2] = None;
    check(&t, &[1], 2, EventField::Customer, "customer id is missing (null), expected an id");
    t.customer[1] = Some("  ".into());
    check(&t, &[2], 1, EventField::Customer, "customer id is empty");
    let mut t = table(&[(1, 1, 0, None, false), (2, 2, 1, None, true)]);
    t.touchpoint[1] = String::new();
    check(&t, &[1], 1, EventField::Touchpoint, "touchpoint is empty, expected a touchpoint id");
    let mut t = table(&[(1, 1, 0, None, false), (2, 2, 1, None, true)]);
    t.outcome[1] = -1.0;
    check(&t, &[], 1, EventField::Outcome, "cannot read -1 as an outcome");
    t.outcome[1] = f64::NAN;
    check(&t, &[], 1, EventField::Outcome, "cannot read NaN as an outcome");
    // Columns of different lengths.
    let t = table(&[(1, 1, 0, None, false), (2, 2, 1, None, true)]);
    let short = t.touchpoint[..1].to_vec();
    let chunk = EventChunk::new(&t.customer, &t.timestamp, &short);
    let e = EventLog::from_columns(&[chunk]).unwrap_err();
    let (_, field, message) = common::table_fault(&e);
    assert_eq!(field, EventField::Touchpoint);
    assert!(message.contains("holds 1 rows where the chunk's timestamps hold 2"), "{e}");
    // No rows at all: an empty log, with an outcome column when a chunk has one.
    let log = EventLog::from_columns(&[]).unwrap();
    assert!(log.is_empty() && !log.has_outcome());
    let empty = Table::default();
    let log = empty.log(&[]).unwrap();
    assert!(log.is_empty() && log.has_outcome() && log.discover().customers == 0);
}
