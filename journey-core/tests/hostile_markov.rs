//! Markov attribution solved exactly (or certified to within `MARKOV_TOLERANCE` above the dense size),
//! attribution sums exact, and long analyses that can be cancelled,
//! against the shared cases of `tests/fixtures/hostile/markov/cases.json` (also run by the Python and JS
//! tests) and generated logs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ops::ControlFlow;
use std::path::PathBuf;

use journey_core::analytics::{
    Attribution, AttributionModel, AttributionPartial, Event, EventColumns, EventLog, EventLogBuilder, Progress,
};
use serde_json::Value;

mod common;
use common::table_fault;

fn cases() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hostile/markov/cases.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn columns() -> EventColumns {
    EventColumns { outcome: Some("converted".into()), ..EventColumns::default() }
}

/// The rows of a `generate` recipe, as make_cases.py expands it: (customer, position, touchpoint, outcome).
fn expand(generate: &Value) -> Vec<(String, i64, String, f64)> {
    let mut customers: Vec<Value> = Vec::new();
    for c in generate["customers"].as_array().unwrap() {
        let Some(copies) = c["copies"].as_u64() else {
            customers.push(c.clone());
            continue;
        };
        let outcomes = c["outcomes"].as_array().unwrap();
        for k in 0..copies {
            customers.push(serde_json::json!({
                "id": format!("{}{k}", c["id"].as_str().unwrap()),
                "events": c["events"],
                "walk": {"touchpoints": c["walk"]["touchpoints"], "seed": c["walk"]["seed"].as_u64().unwrap() + k},
                "outcome": outcomes[k as usize % outcomes.len()],
            }));
        }
    }
    let mut rows = Vec::new();
    for c in &customers {
        let id = c["id"].as_str().unwrap();
        let n = c["events"].as_u64().unwrap() as usize;
        let outcome = c["outcome"].as_f64().unwrap();
        let path: Vec<String> = if let Some(p) = c["pattern"].as_array() {
            (0..n).map(|i| p[i % p.len()].as_str().unwrap().to_owned()).collect()
        } else {
            let (mut x, m) = (c["walk"]["seed"].as_u64().unwrap(), c["walk"]["touchpoints"].as_u64().unwrap());
            (0..n)
                .map(|_| {
                    x = x * 48271 % 2_147_483_647;
                    format!("t{}", x % m)
                })
                .collect()
        };
        for (i, t) in path.into_iter().enumerate() {
            rows.push((id.to_owned(), i as i64, t, if i + 1 == n { outcome } else { 0.0 }));
        }
    }
    rows
}

fn log_of(case: &Value) -> journey_core::Result<EventLog> {
    if let Some(csv) = case["csv"].as_str() {
        return EventLog::from_csv_str(csv, &columns());
    }
    let mut b = EventLogBuilder::new().with_outcome_column();
    for (customer, i, touchpoint, outcome) in expand(&case["generate"]) {
        b.push(&Event {
            customer: &customer,
            timestamp_ns: (1_700_000_000 + i) * 1000,
            touchpoint: &touchpoint,
            outcome: Some(outcome),
            ..Event::default()
        })
        .expect("a valid event");
    }
    b.build()
}

fn model_of(case: &Value) -> AttributionModel {
    match case["model"].as_str().unwrap_or("markov") {
        "markov" => AttributionModel::Markov { order: case["order"].as_u64().unwrap_or(1) as usize },
        "linear" => AttributionModel::Linear,
        "last_touch" => AttributionModel::LastTouch,
        other => panic!("no model {other} in these cases"),
    }
}

fn check(name: &str, a: &Attribution, expect: &Value, tolerance: f64) {
    let near = |what: &str, got: f64, want: f64| {
        assert!((got - want).abs() <= tolerance, "{name}: {what} is {got}, expected {want} (within {tolerance})");
    };
    let row = |t: &str| a.rows.iter().find(|r| r.touchpoint == t).unwrap_or_else(|| panic!("{name}: no row {t}"));
    if let Some(p) = expect["conversion_probability"].as_f64() {
        near("conversion_probability", a.conversion_probability.unwrap(), p);
    }
    for (key, pick) in [
        ("removal_effects", (|r: &journey_core::analytics::AttributionRow| r.removal_effect.unwrap()) as fn(_) -> f64),
        ("conversions", |r| r.conversions),
        ("value", |r| r.value),
    ] {
        if let Some(map) = expect[key].as_object() {
            for (t, v) in map {
                let want = v.as_f64().unwrap();
                if want == 0.0 && a.rows.iter().all(|r| r.touchpoint != *t) {
                    continue;
                }
                near(&format!("{key}[{t}]"), pick(row(t)), want);
            }
        }
    }
    if let Some(n) = expect["total_conversions"].as_u64() {
        assert_eq!(a.conversions, n, "{name}: conversions");
    }
    if let Some(v) = expect["total_value"].as_f64() {
        assert_eq!(a.value, v, "{name}: value, exactly");
    }
    if let Some(v) = expect["sum_of_conversions"].as_f64() {
        near("sum of the rows' conversions", a.rows.iter().map(|r| r.conversions).sum(), v);
    }
    if let Some(v) = expect["sum_of_value"].as_f64() {
        near("sum of the rows' value", a.rows.iter().map(|r| r.value).sum(), v);
    }
}

#[test]
fn markov_cases_get_the_exact_answers_or_a_clean_error() {
    let all = cases();
    for case in all["markov"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let log = log_of(case).unwrap();
        let got = log.attribution(model_of(case), case["collapse"].as_bool().unwrap_or(true));
        if let Some(kind) = case["error"].as_str() {
            let e = got.expect_err(name);
            assert_eq!(e.kind(), kind, "{name}: {e}");
            assert!(e.to_string().contains("more than the limit of"), "{name}: {e}");
            continue;
        }
        let a = got.unwrap_or_else(|e| panic!("{name}: {e}"));
        check(name, &a, &case["expect"], case["tolerance"].as_f64().unwrap());
    }
}

#[test]
fn value_cases_are_exact() {
    let all = cases();
    for case in all["values"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let collapse = case["collapse"].as_bool().unwrap_or(true);
        match (log_of(case), case["error"].as_str()) {
            (Err(e), Some(kind)) => {
                assert_eq!(e.kind(), kind, "{name}: {e}");
                assert!(e.to_string().contains(case["message"].as_str().unwrap()), "{name}: {e}");
                assert!(e.to_string().contains("from 0 to 1e15"), "{name}: {e}");
            }
            (Ok(log), None) => {
                let a = log.attribution(model_of(case), collapse).unwrap();
                check(name, &a, &case["expect"], 0.0);
            }
            (got, _) => panic!("{name}: unexpected {:?}", got.map(|l| l.len())),
        }
    }
}

#[test]
fn too_large_outcomes_are_refused_by_every_reader() {
    let mut b = EventLogBuilder::new();
    let e = b.push(&Event { customer: "c", touchpoint: "a", outcome: Some(2.5e28), ..Event::default() }).unwrap_err();
    let (_, field, message) = table_fault(&e);
    assert_eq!(field, journey_core::analytics::EventField::Outcome);
    assert!(message.contains("as an outcome"), "{message}");
    assert!(b.is_empty());
    let customers = vec!["c"];
    let touchpoints = vec!["a"];
    let times = vec![0i64];
    let outcome = vec![1e16];
    let chunk = journey_core::analytics::EventChunk {
        outcome: Some(&outcome),
        ..journey_core::analytics::EventChunk::new(&customers, &times, &touchpoints)
    };
    let e = EventLog::from_columns(&[chunk]).unwrap_err();
    assert!(e.to_string().contains("from 0 to 1e15"), "{e}");
}

#[test]
fn cancelling_stops_the_markov_solve_with_kind_cancelled() {
    let all = cases();
    let case = &all["cancel"];
    let log = log_of(case).unwrap();
    let model = model_of(case);
    let mut calls = 0;
    let e = log
        .attribution_with_progress(model, true, &mut |_| {
            calls += 1;
            ControlFlow::Break(())
        })
        .unwrap_err();
    assert_eq!(e.kind(), case["error"].as_str().unwrap());
    assert_eq!(calls, 1);
    // Going on to the end reports steps that only grow, up to the total, and gives the plain answer.
    let mut seen: Vec<Progress> = Vec::new();
    let a = log
        .attribution_with_progress(model, true, &mut |p| {
            seen.push(p);
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(a, log.attribution(model, true).unwrap());
    assert!(!seen.is_empty());
    assert!(seen.windows(2).all(|w| w[0].done <= w[1].done && w[1].done <= w[1].total), "{seen:?}");
    // Partials finish with progress too.
    let partial = AttributionPartial::of(&log, model, true).unwrap();
    let e = partial.finish_with_progress(&mut |_| ControlFlow::Break(())).unwrap_err();
    assert_eq!(e.kind(), "cancelled");
    assert!(e.to_string().contains("cancelled"), "{e}");
}

/// A log of `customers` customers with `per` events each over `touchpoints` touchpoints, a third converting.
fn generated(customers: usize, per: usize, touchpoints: u64, seed: u64) -> EventLog {
    let mut x = seed;
    let mut b = EventLogBuilder::new().with_outcome_column();
    for c in 0..customers {
        let id = format!("c{c}");
        for i in 0..per {
            x = x * 48271 % 2_147_483_647;
            let t = format!("t{}", x % touchpoints);
            let outcome = if i + 1 == per && c % 3 == 0 { 1.0 + (c % 7) as f64 } else { 0.0 };
            b.push(&Event {
                customer: &id,
                timestamp_ns: i as i64,
                touchpoint: &t,
                outcome: Some(outcome),
                ..Event::default()
            })
            .expect("a valid event");
        }
    }
    b.build().unwrap()
}

#[test]
fn the_chain_converts_at_the_observed_rate_and_effects_stay_in_bounds() {
    // The chain fitted to the paths converts, from the start, at exactly the observed rate: a check of the
    // solve that holds at every order.
    for (order, touchpoints) in [(1, 200), (2, 12), (3, 6)] {
        let log = generated(5_000, 10, touchpoints, 17);
        let rate = log.conversions() as f64 / log.customer_count() as f64;
        let a = log.attribution(AttributionModel::Markov { order }, true).unwrap();
        let p = a.conversion_probability.unwrap();
        assert!((p - rate).abs() < 1e-12, "order {order}: {p} vs {rate}");
        assert!(a.rows.iter().all(|r| (0.0..=1.0).contains(&r.removal_effect.unwrap())));
        let total: f64 = a.rows.iter().map(|r| r.conversions).sum();
        assert!((total - a.conversions as f64).abs() < 1e-6, "order {order}: {total}");
    }
}

#[test]
fn many_distinct_touchpoints_have_closed_form_effects() {
    // Customer i goes start -> hub -> u<i>, every second one converting: removing u<i> of a converting
    // customer removes exactly one of the C conversions (effect 1/C), the hub removes all (effect 1).
    let n = 20_000;
    let mut b = EventLogBuilder::new().with_outcome_column();
    for i in 0..n {
        let id = format!("c{i}");
        let u = format!("u{i}");
        for (k, t) in ["hub", u.as_str()].into_iter().enumerate() {
            let outcome = if k == 1 && i % 2 == 0 { 1.0 } else { 0.0 };
            b.push(&Event {
                customer: &id,
                timestamp_ns: k as i64,
                touchpoint: t,
                outcome: Some(outcome),
                ..Event::default()
            })
            .expect("a valid event");
        }
    }
    let log = b.build().unwrap();
    for order in [1, 2] {
        let a = log.attribution(AttributionModel::Markov { order }, true).unwrap();
        let c = (n / 2) as f64;
        assert!((a.conversion_probability.unwrap() - 0.5).abs() < 1e-12);
        for r in &a.rows {
            let i: Option<usize> = r.touchpoint.strip_prefix('u').map(|s| s.parse().unwrap());
            let want = match i {
                None => 1.0,
                Some(i) if i % 2 == 0 => 1.0 / c,
                Some(_) => 0.0,
            };
            assert!((r.removal_effect.unwrap() - want).abs() < 1e-12, "order {order} {}: {r:?}", r.touchpoint);
        }
    }
}

#[test]
fn heuristic_credits_add_up_to_exactly_one_conversion_per_customer() {
    // One converting customer over 10^6 events of one touchpoint: the linear credits, each 10^-6, add up to
    // exactly one conversion and exactly the value (fixed point gave 1.0000077).
    let mut b = EventLogBuilder::new().with_outcome_column();
    let n = 1_000_000;
    for i in 0..n {
        let outcome = if i + 1 == n { 19.99 } else { 0.0 };
        b.push(&Event { customer: "c", timestamp_ns: i, touchpoint: "a", outcome: Some(outcome), ..Event::default() })
            .expect("a valid event");
    }
    let log = b.build().unwrap();
    let a = log.attribution(AttributionModel::Linear, false).unwrap();
    assert_eq!(a.rows[0].conversions, 1.0);
    assert_eq!(a.rows[0].value, 19.99);
    for model in [AttributionModel::TimeDecay { half_life_days: 1e-9 }, AttributionModel::POSITION_BASED] {
        let a = log.attribution(model, false).unwrap();
        assert_eq!(a.rows[0].conversions, 1.0, "{model:?}");
        assert_eq!(a.rows[0].value, 19.99, "{model:?}");
    }
}

#[test]
fn exact_sums_merge_the_same_however_customers_are_split() {
    // Values and credits of awkward sizes: partials merged in any order give bit-identical results.
    let log = generated(3_000, 7, 40, 5);
    for model in [
        AttributionModel::Linear,
        AttributionModel::TimeDecay { half_life_days: 0.5 },
        AttributionModel::POSITION_BASED,
    ] {
        let whole = log.attribution(model, true).unwrap();
        let parts: Vec<AttributionPartial> =
            log.partition(7).iter().map(|p| AttributionPartial::of(p, model, true).unwrap()).collect();
        let mut forward = AttributionPartial::default();
        for p in parts.iter().cloned() {
            forward.merge(p).unwrap();
        }
        let mut backward = AttributionPartial::default();
        for p in parts.into_iter().rev() {
            backward.merge(p).unwrap();
        }
        let (f, b) = (forward.finish().unwrap(), backward.finish().unwrap());
        assert_eq!(f, b, "{model:?}");
        assert_eq!(f, whole, "{model:?}");
    }
}
