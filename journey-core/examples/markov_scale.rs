//! Times the Markov attribution on the big generated logs of issue 9 and prints the figures:
//! `cargo run --release -p journey-core --example markov_scale [-- CASE...]`, where a CASE is one of the
//! names printed in brackets (all of them when none is given).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Instant;

use journey_core::analytics::{AttributionModel, Event, EventLog, EventLogBuilder};

/// A log from (customer, touchpoint, outcome) rows in time order per customer.
fn build(rows: impl Iterator<Item = (String, String, f64)>) -> EventLog {
    let mut b = EventLogBuilder::new().with_outcome_column();
    for (i, (c, t, o)) in rows.enumerate() {
        b.push(&Event { customer: &c, timestamp_ns: i as i64, touchpoint: &t, outcome: Some(o), ..Event::default() })
            .expect("a valid event");
    }
    b.build().unwrap()
}

fn walk(seed: u64, n: usize, touchpoints: u64) -> impl Iterator<Item = u64> {
    let mut x = seed;
    (0..n).map(move |_| {
        x = x * 48271 % 2_147_483_647;
        x % touchpoints
    })
}

/// `customers` customers of `per` events each, walking over `touchpoints` touchpoints, every fourth
/// converting.
fn walkers(customers: u64, per: usize, touchpoints: u64) -> EventLog {
    build((0..customers).flat_map(move |c| {
        walk(c + 1, per, touchpoints)
            .enumerate()
            .map(move |(k, t)| (format!("c{c}"), format!("t{t}"), if k + 1 == per && c % 4 == 0 { 1.0 } else { 0.0 }))
    }))
}

fn time(key: &str, label: &str, log: &EventLog, model: AttributionModel, collapse: bool) {
    let start = Instant::now();
    let result = log.attribution(model, collapse);
    let secs = start.elapsed().as_secs_f64();
    let label = format!("[{key}] {label}");
    match result {
        Ok(a) => {
            let sum: f64 = a.rows.iter().map(|r| r.removal_effect.unwrap_or(0.0)).sum();
            println!(
                "{label:<66} {:>9} events {:>8} rows  {secs:>8.3} s  P(conversion) {:?}  sum of effects {sum:.6}",
                log.len(),
                a.rows.len(),
                a.conversion_probability
            )
        }
        Err(e) => println!("{label:<66} {:>9} events  {secs:>8.3} s  error {}: {e}", log.len(), e.kind()),
    }
}

fn main() {
    let wanted: Vec<String> = std::env::args().skip(1).collect();
    let want = |key: &str| wanted.is_empty() || wanted.iter().any(|w| w == key);
    let markov = |order| AttributionModel::Markov { order };
    if want("alternating") {
        let alternating =
            build((0..1_000_000).map(|i| ("c".into(), ["a", "b"][i % 2].into(), f64::from(u8::from(i == 999_999)))));
        time("alternating", "one customer alternating a, b 10^6 times (order 1)", &alternating, markov(1), true);
    }
    if want("bot") || want("bot2") {
        let mut rows: Vec<(String, String, f64)> =
            walk(5, 400_000, 50).map(|t| ("bot".to_owned(), format!("t{t}"), 0.0)).collect();
        for c in 0..100_000u64 {
            for (k, t) in walk(11 + c, 4, 50).enumerate() {
                rows.push((format!("p{c}"), format!("t{t}"), if k == 3 && c % 3 == 0 { 1.0 } else { 0.0 }));
            }
        }
        let bot = build(rows.into_iter());
        if want("bot") {
            time("bot", "a 400k-event bot among 100k customers (order 1)", &bot, markov(1), true);
        }
        if want("bot2") {
            time("bot2", "a 400k-event bot among 100k customers (order 2)", &bot, markov(2), true);
        }
    }
    if want("wide") || want("wide2") || want("wide3") {
        let wide = walkers(100_000, 10, 200);
        if want("wide") {
            time("wide", "10^6 events over 200 touchpoints (order 1)", &wide, markov(1), true);
        }
        if want("wide2") {
            time("wide2", "10^6 events over 200 touchpoints (order 2)", &wide, markov(2), true);
        }
        if want("wide3") {
            time("wide3", "10^6 events over 200 touchpoints (order 3)", &wide, markov(3), true);
        }
    }
    if want("narrow2") || want("narrow3") {
        let narrow = walkers(100_000, 10, 30);
        if want("narrow2") {
            time("narrow2", "10^6 events over 30 touchpoints (order 2)", &narrow, markov(2), true);
        }
        if want("narrow3") {
            time("narrow3", "10^6 events over 30 touchpoints (order 3)", &narrow, markov(3), true);
        }
    }
    if want("wide1k") {
        let wide = walkers(10_000, 10, 3_000);
        time("wide1k", "10^5 events over 3,000 touchpoints (order 1)", &wide, markov(1), true);
    }
    if want("line") {
        // A funnel: two customers walk up 2,499 steps and convert, one walks down and does not.
        let n = 2_500u64;
        let name = |k: u64| format!("s{}", (k * 7919) % 10007);
        let mut rows: Vec<(String, String, f64)> = Vec::new();
        for c in 0..2 {
            rows.extend((1..n).map(|k| (format!("up{c}"), name(k), if k == n - 1 { 1.0 } else { 0.0 })));
        }
        rows.extend((1..n).rev().map(|k| ("down".to_owned(), name(k), 0.0)));
        time("line", "a birth-death walk over 2,499 touchpoints (order 1)", &build(rows.into_iter()), markov(1), true);
    }
    if want("distinct") || want("distinct2") {
        let distinct = build((0..500_000u64).flat_map(|c| {
            [("hub".to_owned(), 0.0), (format!("u{c}"), if c % 2 == 0 { 1.0 } else { 0.0 })]
                .into_iter()
                .map(move |(t, o)| (format!("c{c}"), t, o))
        }));
        if want("distinct") {
            time("distinct", "10^6 events, 500,001 distinct touchpoints (order 1)", &distinct, markov(1), true);
        }
        if want("distinct2") {
            time("distinct2", "10^6 events, 500,001 distinct touchpoints (order 2)", &distinct, markov(2), true);
        }
    }
    if want("unique") {
        let unique =
            build((0..1_000_000u64).map(|c| (format!("c{}", c / 2), format!("u{c}"), (c % 4 == 1) as u8 as f64)));
        time("unique", "10^6 events over 10^6 distinct touchpoints (order 1)", &unique, markov(1), true);
    }
    if want("linear") {
        let long = build((0..10_000_000u64).map(|i| ("c".to_owned(), "a".to_owned(), if i == 0 { 1.0 } else { 0.0 })));
        let start = Instant::now();
        let a = long.attribution(AttributionModel::Linear, false).unwrap();
        println!(
            "{:<66} {:>9} events  {:>8.3} s  conversions {} value {}",
            "[linear] linear credit over a 10^7-event path",
            long.len(),
            start.elapsed().as_secs_f64(),
            a.rows[0].conversions,
            a.rows[0].value
        );
    }
}
