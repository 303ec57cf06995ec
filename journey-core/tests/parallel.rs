//! The work spread over the cores gives what the same work gives on one thread: every parallel part of the
//! readers and the analyses, run on a pool of four threads and on a pool of one (where each part takes its
//! sequential path, as it does without the `parallel` feature), with inputs past the sizes from which the
//! work is spread.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ops::ControlFlow;

use journey_core::analytics::{AttributionModel, Event, EventChunk, EventColumns, EventLog};
use journey_core::parallel::{MIN_CSV_BYTES, MIN_EVENTS, PIECE_ROWS};
use serde_json::{Value, json};

/// A CSV text of at least [`MIN_CSV_BYTES`], with ties (two events of a customer at one time), a channel
/// and a segment column, and an outcome.
fn csv() -> Vec<u8> {
    let mut s = String::from("customer_id,timestamp,touchpoint,channel,segment,converted\n");
    let mut i = 0u64;
    while s.len() < MIN_CSV_BYTES + 1024 {
        let t = i.wrapping_mul(2_654_435_761) % 13;
        let channel = ["web", "email", "app"][(i % 3) as usize];
        let segment = ["new", "returning"][(i / 7 % 2) as usize];
        let converted = u8::from(t == 12);
        s.push_str(&format!("c{},{},t{t},{channel},{segment},{converted}\n", i / 9, 1_772_323_200 + i / 2));
        i += 1;
    }
    s.into_bytes()
}

/// What the analyses say about a log, as JSON.
fn analyses(log: &EventLog) -> Value {
    let steps = ["t0", "t3", "t12"];
    json!({
        "events": log.len(),
        "customers": log.customer_count(),
        "discover": serde_json::to_value(log.discover()).unwrap(),
        "dfg": serde_json::to_value(log.dfg()).unwrap(),
        "funnel": serde_json::to_value(log.funnel(steps).unwrap()).unwrap(),
        "linear": serde_json::to_value(log.attribution(AttributionModel::Linear, true).unwrap()).unwrap(),
        "markov": serde_json::to_value(log.attribution(AttributionModel::Markov { order: 1 }, true).unwrap()).unwrap(),
        "loops": serde_json::to_value(log.loops(None)).unwrap(),
    })
}

/// Everything that runs on all cores, from the same inputs: the CSV reader (with and without a progress
/// callback), the column reader and the builder from a function, and the passes over a log (with and
/// without a progress callback).
fn run(csv: &[u8]) -> (Vec<EventLog>, Value) {
    let columns = EventColumns {
        channel: Some("channel".into()),
        segment: Some("segment".into()),
        outcome: Some("converted".into()),
        ..EventColumns::default()
    };
    let from_csv = EventLog::from_csv_bytes(csv, &columns).unwrap();
    let followed = EventLog::from_csv_bytes_with_progress(csv, &columns, &mut |_| ControlFlow::Continue(())).unwrap();

    let n = MIN_EVENTS + 12_345;
    let customers: Vec<String> = (0..n).map(|i| format!("c{}", (i * 7) % (n / 5))).collect();
    let touchpoints: Vec<String> = (0..n).map(|i| format!("t{}", (i as u64).wrapping_mul(40_503) % 11)).collect();
    let times: Vec<i64> = (0..n).map(|i| 1_772_323_200_000 + (i as i64 / 3) * 1000).collect();
    let outcomes: Vec<f64> = (0..n).map(|i| if touchpoints[i] == "t10" { 1.0 } else { 0.0 }).collect();
    assert!(n > 3 * PIECE_ROWS, "several pieces");
    // Two chunks, the first not a whole number of pieces.
    let cut = PIECE_ROWS * 2 + 17;
    let parts: Vec<_> = [0..cut, cut..n]
        .into_iter()
        .map(|r| {
            (
                customers[r.clone()].to_vec(),
                times[r.clone()].to_vec(),
                touchpoints[r.clone()].to_vec(),
                outcomes[r].to_vec(),
            )
        })
        .collect();
    let chunks: Vec<EventChunk<'_>> =
        parts.iter().map(|(c, t, p, o)| EventChunk { outcome: Some(o), ..EventChunk::new(c, t, p) }).collect();
    let from_columns = EventLog::from_columns(&chunks).unwrap();
    let from_fn = EventLog::from_fn(n, true, |i| Event {
        customer: &customers[i],
        timestamp_ns: times[i],
        touchpoint: &touchpoints[i],
        outcome: Some(outcomes[i]),
        ..Event::default()
    })
    .unwrap();
    let said = analyses(&from_csv);
    let go_on = &mut |_| ControlFlow::Continue(());
    let followed_said = json!({
        "discover": serde_json::to_value(from_csv.discover_with_progress(go_on).unwrap()).unwrap(),
        "markov": serde_json::to_value(
            from_csv.attribution_with_progress(AttributionModel::Markov { order: 1 }, true, go_on).unwrap()
        )
        .unwrap(),
    });
    assert_eq!(followed_said["discover"], said["discover"]);
    assert_eq!(followed_said["markov"], said["markov"]);
    (vec![from_csv, followed, from_columns, from_fn], said)
}

#[test]
fn parallel_work_gives_the_results_of_one_thread() {
    let csv = csv();
    let pool = |threads| rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let spread = pool(4).install(|| {
        assert_eq!(journey_core::parallel::threads(), 4);
        run(&csv)
    });
    let alone = pool(1).install(|| {
        assert_eq!(journey_core::parallel::threads(), 1);
        run(&csv)
    });
    let ((logs, said), (logs1, said1)) = (spread, alone);
    assert_eq!(logs.len(), logs1.len());
    for (k, (log, log1)) in logs.iter().zip(&logs1).enumerate() {
        assert!(log.len() >= MIN_EVENTS, "input {k}: {} events", log.len());
        assert!(log == log1, "input {k}: the logs differ");
    }
    assert_eq!(said, said1);
    // The CSV reader gives one log whether it is followed or not.
    assert!(logs[0] == logs[1]);
}
