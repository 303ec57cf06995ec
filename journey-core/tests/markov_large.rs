//! Markov attribution above the dense solve's size (`MAX_COMPONENT_STATES`): interval iteration with a
//! certified bound, checked against closed forms, against the dense solve on chains both can solve (the
//! hidden `with_markov_limits` lowers the size on this thread), on a generated order-2 log over 200
//! touchpoints, and its work cap and cancellation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ops::ControlFlow;

use journey_core::analytics::{
    Attribution, AttributionModel, Event, EventLog, EventLogBuilder, MARKOV_TOLERANCE, MAX_COMPONENT_STATES, Progress,
    with_markov_limits,
};

/// A log of customers given as (path of touchpoints, converted); a conversion is an `order` event after the path.
fn log_of(paths: &[(Vec<String>, bool)]) -> EventLog {
    let mut b = EventLogBuilder::new().with_outcome_column();
    for (c, (path, converted)) in paths.iter().enumerate() {
        let id = format!("c{c}");
        for (i, t) in path.iter().enumerate() {
            b.push(&Event {
                customer: &id,
                timestamp_ns: i as i64,
                touchpoint: t,
                outcome: Some(0.0),
                ..Event::default()
            })
            .expect("a valid event");
        }
        // The conversion is an event of its own after the path (credit goes to the touchpoints before it).
        if *converted {
            let at = path.len() as i64;
            b.push(&Event {
                customer: &id,
                timestamp_ns: at,
                touchpoint: "order",
                outcome: Some(1.0),
                ..Event::default()
            })
            .expect("a valid event");
        }
    }
    b.build().unwrap()
}

fn effect(a: &Attribution, t: &str) -> f64 {
    a.rows.iter().find(|r| r.touchpoint == t).unwrap_or_else(|| panic!("no row {t}")).removal_effect.unwrap()
}

/// What the certificate promises: P(conversion) within half the tolerance, a removal effect `1 - w / p`
/// within `tolerance / p`; plus the rounding of the floats around it (far smaller).
fn assert_certified(what: &str, got: f64, want: f64, p: f64) {
    let bound = MARKOV_TOLERANCE / p + 1e-14;
    assert!((got - want).abs() <= bound, "{what}: {got}, expected {want} (within {bound:e}, off by {:e})", got - want);
}

/// A birth–death chain over touchpoints 1..n-1 (one component of n - 1 states): two customers walk up
/// from 1 to n - 1 and convert, one walks down from n - 1 to 1 and does not, so every state moves up with
/// probability 2/3 and down with 1/3, leaving below 1 (null) and above n - 1 (conversion). Names are
/// chosen so that the state order runs from the top down.
fn birth_death(n: usize, up_walkers: usize) -> (EventLog, impl Fn(usize) -> String) {
    let name = move |k: usize| format!("s{:05}", n - k);
    let up: Vec<String> = (1..n).map(name).collect();
    let down: Vec<String> = (1..n).rev().map(name).collect();
    let mut paths: Vec<(Vec<String>, bool)> = (0..up_walkers).map(|_| (up.clone(), true)).collect();
    paths.push((down, false));
    (log_of(&paths), name)
}

#[test]
fn a_slow_birth_death_chain_has_the_gamblers_ruin_answers() {
    // With up/down odds 2:1, from k the walk reaches n before 0 with probability (1 - 2^-k) / (1 - 2^-n)
    // (gambler's ruin, r = 1/2). P(conversion) = 2/3 P_1 + 1/3 P_{n-1} = 2/3. Without k, only the walker
    // starting at n - 1 can convert, reaching n before k: (1 - 2^-(n-1-k)) / (1 - 2^-(n-k)).
    // It mixes slowly (a walk takes about 3n steps, the sweeps needed grow with n): 400 states here, above
    // a dense size lowered to 100, so that the 399 removal solves stay quick.
    let n = 400;
    let (log, name) = birth_death(n, 2);
    let a = with_markov_limits(100, u64::MAX, || log.attribution(AttributionModel::Markov { order: 1 }, true)).unwrap();
    let p = a.conversion_probability.unwrap();
    assert!((p - 2.0 / 3.0).abs() <= MARKOV_TOLERANCE / 2.0 + 1e-15, "{p}");
    assert_eq!(a.rows.len(), n - 1);
    let r: f64 = 0.5;
    for k in 1..n {
        let without = (1.0 / 3.0) * (1.0 - r.powi((n - 1 - k) as i32)) / (1.0 - r.powi((n - k) as i32));
        assert_certified(&format!("effect of {k}"), effect(&a, &name(k)), 1.0 - without / (2.0 / 3.0), p);
    }
}

/// A ring of `m` touchpoints: customer i starts at i and walks `l` steps forward (mod m), converting when
/// i is even. Names run against the walk so that the state order follows the values' dependencies.
fn ring(m: usize, l: usize) -> (EventLog, impl Fn(usize) -> String) {
    let name = move |k: usize| format!("r{:05}", m - 1 - k);
    let paths: Vec<(Vec<String>, bool)> =
        (0..m).map(|i| ((0..l).map(|j| name((i + j) % m)).collect(), i % 2 == 0)).collect();
    (log_of(&paths), name)
}

#[test]
fn a_ring_above_the_dense_size_has_its_geometric_series_answers() {
    // Every state k moves on with probability a = (l - 1) / l and leaves with 1 / l, converting when the
    // customer ending there started at an even place: k - l + 1 even, k odd for even l. So x_k = sum_j a^j
    // c_{k+j} / l around the ring, and without touchpoint k the series stops at k.
    let (m, l) = (2_500usize, 20usize);
    assert!(m > MAX_COMPONENT_STATES);
    let (log, name) = ring(m, l);
    let a = log.attribution(AttributionModel::Markov { order: 1 }, true).unwrap();
    let p = a.conversion_probability.unwrap();
    assert!((p - 0.5).abs() <= MARKOV_TOLERANCE / 2.0 + 1e-15, "{p}");
    let step = (l - 1) as f64 / l as f64;
    let converts = |k: usize| if k % 2 == 1 { 1.0 } else { 0.0 };
    for k in 0..m {
        // x'_s for s = k-1, k-2, ... around to k+1: x'_s = c_s / l + a x'_{s+1}, x'_k = 0.
        let (mut x, mut sum) = (0.0f64, 0.0f64);
        for d in 1..m {
            let s = (k + m - d) % m;
            x = converts(s) / l as f64 + step * x;
            sum += x;
        }
        let without = sum / m as f64;
        assert_certified(&format!("effect of {k}"), effect(&a, &name(k)), 1.0 - without / 0.5, p);
    }
}

/// A log of `customers` customers with `per` events each over `touchpoints` touchpoints, a fourth
/// converting (a deterministic MINSTD walk, seeded per customer).
fn walkers(customers: u64, per: usize, touchpoints: u64, prefix: &str) -> Vec<(Vec<String>, bool)> {
    (0..customers)
        .map(|c| {
            let mut x = c + 1;
            let path = (0..per)
                .map(|_| {
                    x = x * 48271 % 2_147_483_647;
                    format!("{prefix}{}", x % touchpoints)
                })
                .collect();
            (path, c % 4 == 0)
        })
        .collect()
}

fn assert_agree(what: &str, dense: &Attribution, iterated: &Attribution) {
    let p = dense.conversion_probability.unwrap();
    let q = iterated.conversion_probability.unwrap();
    assert!((p - q).abs() <= MARKOV_TOLERANCE / 2.0 + 1e-14, "{what}: P {p} vs {q}");
    assert_eq!(dense.rows.len(), iterated.rows.len(), "{what}");
    for r in &dense.rows {
        assert_certified(
            &format!("{what}: effect of {}", r.touchpoint),
            effect(iterated, &r.touchpoint),
            r.removal_effect.unwrap(),
            p,
        );
    }
}

#[test]
fn the_interval_iteration_agrees_with_the_dense_solve() {
    // Walks of 8 events: order 1 over 60 touchpoints, 2 over 15, 3 over 7; and two phases one after the
    // other (two components in a row, the second's bounds flowing into the first's), with customers who
    // stop in the first.
    let mut phases = walkers(1_500, 8, 10, "a");
    for (k, (path, converted)) in walkers(1_500, 6, 10, "b").into_iter().enumerate() {
        if k % 3 != 0 {
            phases[k].0.extend(path);
            phases[k].1 = converted;
        }
    }
    let cases = [
        ("order 1", log_of(&walkers(3_000, 8, 60, "t")), 1),
        ("order 2", log_of(&walkers(3_000, 8, 15, "t")), 2),
        ("order 3", log_of(&walkers(3_000, 8, 7, "t")), 3),
        ("two phases, order 1", log_of(&phases), 1),
        ("two phases, order 2", log_of(&phases), 2),
    ];
    for (what, log, order) in cases {
        let model = AttributionModel::Markov { order };
        let dense = log.attribution(model, true).unwrap();
        // Every group of more than 1 state (or 20) iterated.
        for limit in [1, 20] {
            let iterated = with_markov_limits(limit, u64::MAX, || log.attribution(model, true)).unwrap();
            assert_agree(&format!("{what}, dense up to {limit}"), &dense, &iterated);
        }
    }
}

#[test]
fn an_order_2_log_over_200_touchpoints_is_answered() {
    // 10^5 events over 200 touchpoints at order 2: a group of about 28,000 states, which the dense solve
    // refused. The chain converts from the start at exactly the observed rate (a check that holds at every
    // order), effects stay in [0, 1] and the shares add up to the conversions.
    let paths = walkers(25_000, 4, 200, "t");
    let log = log_of(&paths);
    let a = log.attribution(AttributionModel::Markov { order: 2 }, true).unwrap();
    let rate = log.conversions() as f64 / log.customer_count() as f64;
    let p = a.conversion_probability.unwrap();
    assert!((p - rate).abs() <= MARKOV_TOLERANCE / 2.0 + 1e-15, "{p} vs {rate}");
    assert_eq!(a.rows.len(), 200);
    assert!(a.rows.iter().all(|r| (0.0..=1.0).contains(&r.removal_effect.unwrap())), "{:?}", a.rows);
    let total: f64 = a.rows.iter().map(|r| r.conversions).sum();
    assert!((total - a.conversions as f64).abs() < 1e-9, "{total}");
    // Every touchpoint matters a little (one state in 200 is removed each time, so removal effects near
    // the 2/200 of the states that hold it).
    let sum: f64 = a.rows.iter().map(|r| r.removal_effect.unwrap()).sum();
    assert!((1.0..4.0).contains(&sum), "{sum}");
    // The same walks over 12 touchpoints (132 states) solve densely: the iteration agrees.
    let small = log_of(&walkers(25_000, 4, 12, "t"));
    let model = AttributionModel::Markov { order: 2 };
    let dense = small.attribution(model, true).unwrap();
    let iterated = with_markov_limits(10, u64::MAX, || small.attribution(model, true)).unwrap();
    assert_agree("order 2 over 12", &dense, &iterated);
}

#[test]
fn past_the_work_cap_the_error_names_the_bound_reached() {
    // An unbiased walk over 2,500 states mixes very slowly (about n^2 steps): with the cap at 10^7 steps
    // the bounds are still far apart.
    let n = 2_500;
    let name = |k: usize| format!("s{:05}", n - k);
    let paths = vec![((1..n).map(name).collect::<Vec<_>>(), true), ((1..n).rev().map(name).collect(), false)];
    let log = log_of(&paths);
    let model = AttributionModel::Markov { order: 1 };
    let e = with_markov_limits(MAX_COMPONENT_STATES, 10_000_000, || log.attribution(model, true)).unwrap_err();
    assert_eq!(e.kind(), "too_large", "{e}");
    let text = e.to_string();
    assert!(text.contains("group of 2499 states"), "{text}");
    assert!(text.contains("converged to within") && text.contains("of the 1.0e-12 wanted after"), "{text}");
    assert!(text.contains("more than the limit of 10000000"), "{text}");
    // A fast-mixing chain that the cap lets through for the full chain but not for the removal of each of
    // its 2,500 touchpoints fails at once, before the removals, with the estimate.
    let (ring, _) = ring(2_500, 20);
    let e = with_markov_limits(MAX_COMPONENT_STATES, 1_000_000, || ring.attribution(model, true)).unwrap_err();
    assert_eq!(e.kind(), "too_large", "{e}");
    assert!(e.to_string().contains("estimated from the sweeps of the full chain"), "{e}");
}

#[test]
fn cancelling_stops_the_interval_iteration() {
    // The slow walk again: the first call comes before the pass over the events, the next ones from
    // inside the iteration of the full chain, and stopping there ends it with kind cancelled.
    let n = 2_500;
    let name = |k: usize| format!("s{:05}", n - k);
    let paths = vec![((1..n).map(name).collect::<Vec<_>>(), true), ((1..n).rev().map(name).collect(), false)];
    let log = log_of(&paths);
    let mut seen: Vec<Progress> = Vec::new();
    let e = log
        .attribution_with_progress(AttributionModel::Markov { order: 1 }, true, &mut |p| {
            seen.push(p);
            if seen.len() == 3 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
        })
        .unwrap_err();
    assert_eq!(e.kind(), "cancelled", "{e}");
    assert_eq!(seen.len(), 3);
    // First the pass over the events (done 0 of them), then the solve: its steps (one per touchpoint and one
    // more) added to the total, none of them done while the full chain iterates.
    let events = log.len() as u64;
    assert_eq!(seen[0], Progress { done: 0, total: events }, "{seen:?}");
    assert!(seen[1..].iter().all(|p| p.done == events && p.total == events + n as u64), "{seen:?}");
}
