//! Times the exact Markov attribution on the big generated logs of issue 9 and prints the figures:
//! `cargo run --release -p journey-core --example markov_scale`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Instant;

use journey_core::analytics::{AttributionModel, Event, EventLog, EventLogBuilder};

/// A log from (customer, touchpoint, outcome) rows in time order per customer.
fn build(rows: impl Iterator<Item = (String, String, f64)>) -> EventLog {
    let mut b = EventLogBuilder::new().with_outcome_column();
    for (i, (c, t, o)) in rows.enumerate() {
        b.push(&Event { customer: &c, timestamp_ms: i as i64, touchpoint: &t, outcome: Some(o), ..Event::default() });
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

fn time(label: &str, log: &EventLog, model: AttributionModel, collapse: bool) {
    let start = Instant::now();
    let result = log.attribution(model, collapse);
    let secs = start.elapsed().as_secs_f64();
    match result {
        Ok(a) => println!(
            "{label:<58} {:>9} events {:>8} rows  {secs:>8.3} s  P(conversion) {:?}",
            log.len(),
            a.rows.len(),
            a.conversion_probability
        ),
        Err(e) => println!("{label:<58} {:>9} events  {secs:>8.3} s  error {}: {e}", log.len(), e.kind()),
    }
}

fn main() {
    let markov = |order| AttributionModel::Markov { order };
    if std::env::var("ONLY").is_ok_and(|o| o == "unique") {
        let unique =
            build((0..1_000_000u64).map(|c| (format!("c{}", c / 2), format!("u{c}"), (c % 4 == 1) as u8 as f64)));
        for _ in 0..3 {
            time("10^6 events over 10^6 distinct touchpoints (order 1)", &unique, markov(1), true);
        }
        return;
    }
    let alternating =
        build((0..1_000_000).map(|i| ("c".into(), ["a", "b"][i % 2].into(), f64::from(u8::from(i == 999_999)))));
    time("one customer alternating a, b 10^6 times (order 1)", &alternating, markov(1), true);

    let mut rows: Vec<(String, String, f64)> =
        walk(5, 400_000, 50).map(|t| ("bot".to_owned(), format!("t{t}"), 0.0)).collect();
    for c in 0..100_000u64 {
        for (k, t) in walk(11 + c, 4, 50).enumerate() {
            rows.push((format!("p{c}"), format!("t{t}"), if k == 3 && c % 3 == 0 { 1.0 } else { 0.0 }));
        }
    }
    let bot = build(rows.into_iter());
    time("a 400k-event bot among 100k customers (order 1)", &bot, markov(1), true);

    let wide = build((0..100_000u64).flat_map(|c| {
        walk(c + 1, 10, 200)
            .enumerate()
            .map(move |(k, t)| (format!("c{c}"), format!("t{t}"), if k == 9 && c % 4 == 0 { 1.0 } else { 0.0 }))
    }));
    time("10^6 events over 200 touchpoints (order 1)", &wide, markov(1), true);
    time("10^6 events over 200 touchpoints (order 2)", &wide, markov(2), true);
    let narrow = build((0..100_000u64).flat_map(|c| {
        walk(c + 1, 10, 30)
            .enumerate()
            .map(move |(k, t)| (format!("c{c}"), format!("t{t}"), if k == 9 && c % 4 == 0 { 1.0 } else { 0.0 }))
    }));
    time("10^6 events over 30 touchpoints (order 2)", &narrow, markov(2), true);
    time("10^6 events over 30 touchpoints (order 3)", &narrow, markov(3), true);

    let distinct = build((0..500_000u64).flat_map(|c| {
        [("hub".to_owned(), 0.0), (format!("u{c}"), if c % 2 == 0 { 1.0 } else { 0.0 })]
            .into_iter()
            .map(move |(t, o)| (format!("c{c}"), t, o))
    }));
    time("10^6 events, 500,001 distinct touchpoints (order 1)", &distinct, markov(1), true);
    time("10^6 events, 500,001 distinct touchpoints (order 2)", &distinct, markov(2), true);
    let unique = build((0..1_000_000u64).map(|c| (format!("c{}", c / 2), format!("u{c}"), (c % 4 == 1) as u8 as f64)));
    time("10^6 events over 10^6 distinct touchpoints (order 1)", &unique, markov(1), true);

    let long = build((0..10_000_000u64).map(|i| ("c".to_owned(), "a".to_owned(), if i == 0 { 1.0 } else { 0.0 })));
    let start = Instant::now();
    let a = long.attribution(AttributionModel::Linear, false).unwrap();
    println!(
        "{:<58} {:>9} events  {:>8.3} s  conversions {} value {}",
        "linear credit over a 10^7-event path",
        long.len(),
        start.elapsed().as_secs_f64(),
        a.rows[0].conversions,
        a.rows[0].value
    );
}
