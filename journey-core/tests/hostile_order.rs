//! The order of a customer's events with the same timestamp does not depend on the order of the rows: by
//! default ties are ordered by the sequence column, then by touchpoint and the other columns, in every way a
//! log is built (builder, rows on all cores, columns, CSV); `TieOrder::Input` keeps the rows' order. The
//! shared cases are in `tests/fixtures/hostile/order/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::Journey;
use journey_core::analytics::{
    AttributionModel, Event, EventChunk, EventColumns, EventField, EventLog, FunnelOptions, TieOrder,
};
use proptest::prelude::*;
use serde_json::Value;

mod common;
use common::table_fault;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hostile/order")
}

fn cases() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("cases.json")).unwrap()).unwrap()
}

/// Each customer's path, by filtering the segment that holds the customer's id.
fn paths(log: &EventLog) -> serde_json::Map<String, Value> {
    let segments = log.customer_segments().unwrap();
    let mut customers: Vec<&str> = segments.keys().copied().collect();
    customers.sort_unstable();
    customers
        .into_iter()
        .map(|c| {
            let one = log.filter_segment(c).unwrap().discover();
            assert_eq!(one.variants.len(), 1, "{c}");
            (c.to_owned(), serde_json::to_value(&one.variants[0].path).unwrap())
        })
        .collect()
}

#[test]
fn the_shared_cases_give_each_customers_path() {
    let all = cases();
    for case in all["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let columns: EventColumns = serde_json::from_value(case["columns"].clone()).unwrap();
        let mut logs = Vec::new();
        for file in case["files"].as_array().unwrap() {
            let log = EventLog::load_csv(dir().join(file.as_str().unwrap()), &columns).unwrap();
            assert_eq!(Value::Object(paths(&log)), case["paths"], "{name}: {file}");
            logs.push(log);
        }
        // Both row orders give the same log and the same answers.
        for other in &logs[1..] {
            assert!(*other == logs[0], "{name}");
            assert_eq!(other.discover(), logs[0].discover(), "{name}");
        }
    }
}

#[test]
fn the_shared_errors_are_refused_with_their_kind() {
    for case in cases()["errors"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let parts: Vec<&str> = case["contains"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
        let message = match serde_json::from_value::<EventColumns>(case["columns"].clone()) {
            Ok(columns) => {
                let e = EventLog::from_csv_str(case["text"].as_str().unwrap(), &columns).unwrap_err();
                assert_eq!(e.kind(), case["kind"].as_str().unwrap(), "{name}: {e}");
                e.to_string()
            }
            Err(serde_error) => {
                // The tie order is given by name: the name is refused where options are read.
                let given = case["columns"]["ties"].as_str().unwrap();
                let e = given.parse::<TieOrder>().unwrap_err();
                assert_eq!(e.kind(), case["kind"].as_str().unwrap(), "{name}: {e}");
                for part in &parts {
                    assert!(serde_error.to_string().contains(part), "{name}: {serde_error}");
                }
                e.to_string()
            }
        };
        for part in &parts {
            assert!(message.contains(part), "{name}: {message} lacks {part}");
        }
    }
}

#[test]
fn tie_orders_have_names() {
    for ties in [TieOrder::Canonical, TieOrder::Input] {
        assert_eq!(ties.to_string().parse::<TieOrder>().unwrap(), ties);
        assert_eq!(serde_json::to_value(ties).unwrap(), Value::String(ties.to_string()));
    }
    assert_eq!(TieOrder::default(), TieOrder::Canonical);
    assert_eq!(EventColumns::default().ties, TieOrder::Canonical);
    assert_eq!(format!("{:>9}|", TieOrder::Input), "    input|");
}

/// One event as the generator makes it: customer, second, touchpoint, channel, segment, sequence, outcome.
type Row = (u8, i64, u8, Option<u8>, u8, Option<i64>, u8);

const TOUCHPOINTS: [&str; 6] = ["product_page", "cart", "shipping", "payment", "order_confirmation", "phone_advice"];

/// The rows as a table in memory.
#[derive(Default)]
struct Table {
    customer: Vec<String>,
    timestamp: Vec<i64>,
    touchpoint: Vec<String>,
    channel: Vec<Option<String>>,
    segment: Vec<String>,
    sequence: Vec<i64>,
    outcome: Vec<f64>,
}

fn table(rows: &[Row]) -> Table {
    let mut t = Table::default();
    for &(c, s, tp, ch, seg, seq, out) in rows {
        t.customer.push(format!("c{c}"));
        t.timestamp.push(s * 1_000_000_000);
        t.touchpoint.push(TOUCHPOINTS[usize::from(tp)].to_owned());
        t.channel.push(ch.map(|ch| format!("ch{ch}")));
        t.segment.push(format!("s{seg}"));
        t.sequence.push(seq.unwrap_or(i64::MIN));
        t.outcome.push(f64::from(out) * 12.5);
    }
    t
}

fn csv(rows: &[Row], with_sequence: bool) -> String {
    let mut out = String::from("customer_id,timestamp,touchpoint,channel,segment,seq,value\n");
    for &(c, s, tp, ch, seg, seq, value) in rows {
        let ch = ch.map(|ch| format!("ch{ch}")).unwrap_or_default();
        let seq = if with_sequence { seq.map(|q| q.to_string()).unwrap_or_default() } else { String::new() };
        let value = f64::from(value) * 12.5;
        out += &format!("c{c},{s},{tp},{ch},s{seg},{seq},{value}\n", tp = TOUCHPOINTS[usize::from(tp)]);
    }
    out
}

fn columns(with_sequence: bool, ties: TieOrder) -> EventColumns {
    EventColumns {
        channel: Some("channel".into()),
        segment: Some("segment".into()),
        outcome: Some("value".into()),
        sequence: with_sequence.then(|| "seq".into()),
        ties,
        ..EventColumns::default()
    }
}

/// Consecutive rows as columns: customer, timestamp, touchpoint, channel, segment, sequence, outcome.
type Piece<'a> = (Vec<&'a str>, Vec<i64>, Vec<&'a str>, Vec<Option<&'a str>>, Vec<&'a str>, Vec<i64>, Vec<f64>);

/// The log of the rows in every way there is to build one; all must be the same log.
fn logs(rows: &[Row], with_sequence: bool, cuts: &[usize]) -> Vec<EventLog> {
    let t = table(rows);
    let event = |i: usize| Event {
        customer: &t.customer[i],
        timestamp_ns: t.timestamp[i],
        touchpoint: &t.touchpoint[i],
        channel: Some(t.channel[i].as_deref().unwrap_or("")),
        segment: Some(&t.segment[i]),
        sequence: with_sequence.then_some(t.sequence[i]).filter(|q| *q != i64::MIN),
        outcome: Some(t.outcome[i]),
        ..Default::default()
    };
    let mut pushed = EventLog::builder().with_outcome_column();
    for i in 0..rows.len() {
        pushed.push(&event(i)).expect("a valid event");
    }
    let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (rows.len() + 1)).chain([0, rows.len()]).collect();
    bounds.sort_unstable();
    let pieces: Vec<Piece<'_>> = bounds
        .windows(2)
        .map(|w| {
            let r = w[0]..w[1];
            (
                t.customer[r.clone()].iter().map(String::as_str).collect(),
                t.timestamp[r.clone()].to_vec(),
                t.touchpoint[r.clone()].iter().map(String::as_str).collect(),
                t.channel[r.clone()].iter().map(Option::as_deref).collect(),
                t.segment[r.clone()].iter().map(String::as_str).collect(),
                t.sequence[r.clone()].to_vec(),
                t.outcome[r].to_vec(),
            )
        })
        .collect();
    let chunks: Vec<EventChunk<'_>> = pieces
        .iter()
        .map(|(c, ts, tp, ch, seg, seq, out)| EventChunk {
            channel: Some(ch),
            segment: Some(seg),
            sequence: with_sequence.then_some(seq as &dyn journey_core::analytics::NumberColumn<i64>),
            outcome: Some(out),
            ..EventChunk::new(c, ts, tp)
        })
        .collect();
    vec![
        pushed.build().unwrap(),
        EventLog::from_fn(rows.len(), true, event).unwrap(),
        EventLog::from_columns(&chunks).unwrap(),
        EventLog::from_csv_str(&csv(rows, with_sequence), &columns(with_sequence, TieOrder::Canonical)).unwrap(),
    ]
}

fn map() -> Journey {
    Journey::load(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data/electronics-retailer.json")).unwrap()
}

/// A funnel over steps the log may not have.
fn funnel_of(log: &EventLog, steps: [&str; 4]) -> journey_core::analytics::Funnel {
    log.funnel_with(steps, &FunnelOptions { strict: false, ..FunnelOptions::default() }).unwrap()
}

/// Every analysis of a log, as JSON.
fn answers(log: &EventLog, map: &Journey) -> Vec<Value> {
    let mut out = vec![
        serde_json::to_value(log.discover()).unwrap(),
        serde_json::to_value(log.dfg()).unwrap(),
        // Generated logs need not have every step.
        serde_json::to_value(funnel_of(log, ["product_page", "cart", "payment", "order_confirmation"])).unwrap(),
        serde_json::to_value(log.stage_funnel(map)).unwrap(),
        serde_json::to_value(log.conformance(map)).unwrap(),
        serde_json::to_value(log.loops(Some(map))).unwrap(),
    ];
    for collapse in [true, false] {
        for model in [
            AttributionModel::FirstTouch,
            AttributionModel::LastTouch,
            AttributionModel::Linear,
            AttributionModel::TimeDecay { half_life_days: 0.01 },
            AttributionModel::PositionBased { first: 0.4, last: 0.4 },
            AttributionModel::Markov { order: 1 },
            AttributionModel::Markov { order: 2 },
            AttributionModel::Markov { order: 3 },
        ] {
            out.push(serde_json::to_value(log.attribution(model, collapse).unwrap()).unwrap());
        }
    }
    out
}

fn many_ties() -> impl Strategy<Value = Vec<Row>> {
    // Few customers and seconds: most events share their timestamp with another of the customer's.
    proptest::collection::vec(
        (
            0u8..8,
            0i64..4,
            0u8..6,
            proptest::option::of(0u8..3),
            0u8..2,
            proptest::option::of(0i64..3),
            proptest::bool::weighted(0.15).prop_map(u8::from),
        ),
        1..120,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn shuffled_rows_with_ties_give_the_same_log_and_answers(
        (rows, shuffled) in many_ties().prop_flat_map(|rows| (Just(rows.clone()), Just(rows).prop_shuffle())),
        with_sequence in proptest::bool::ANY,
        cuts in proptest::collection::vec(0usize..120, 0..3),
    ) {
        let map = map();
        let want = logs(&rows, with_sequence, &[]);
        let want_answers = answers(&want[0], &map);
        for (k, log) in want.iter().chain(&logs(&shuffled, with_sequence, &cuts)).enumerate() {
            prop_assert!(*log == want[0], "log {}", k);
            prop_assert_eq!(&answers(log, &map), &want_answers, "log {}", k);
        }
    }

    #[test]
    fn input_order_keeps_the_rows_order_of_ties(rows in many_ties()) {
        // The events of each customer, stably sorted by time alone.
        let t = table(&rows);
        let columns = columns(true, TieOrder::Input);
        let log = EventLog::from_csv_str(&csv(&rows, true), &columns).unwrap();
        let mut by_time: Vec<usize> = (0..rows.len()).collect();
        by_time.sort_by_key(|&i| (t.customer[i].clone(), t.timestamp[i]));
        let mut want = EventLog::builder().with_outcome_column().with_ties(TieOrder::Input);
        for &i in &by_time {
            want.push(&Event {
                customer: &t.customer[i],
                timestamp_ns: t.timestamp[i],
                touchpoint: &t.touchpoint[i],
                channel: Some(t.channel[i].as_deref().unwrap_or("")),
                segment: Some(&t.segment[i]),
                outcome: Some(t.outcome[i]),
                ..Default::default()
            }).expect("a valid event");
        }
        prop_assert!(log == want.build().unwrap());
        let chunk = EventChunk { outcome: Some(&t.outcome), ..EventChunk::new(&t.customer, &t.timestamp, &t.touchpoint) };
        let a = EventLog::from_columns_with_ties(&[chunk], TieOrder::Input).unwrap();
        let mut b = EventLog::builder().with_outcome_column().with_ties(TieOrder::Input);
        for i in 0..rows.len() {
            b.push(&Event { customer: &t.customer[i], timestamp_ns: t.timestamp[i], touchpoint: &t.touchpoint[i], outcome: Some(t.outcome[i]), ..Default::default() }).expect("a valid event");
        }
        prop_assert!(a == b.build().unwrap());
    }
}

/// A large log (more rows than the thresholds of the parallel paths) where a sixth of the events tie with
/// another of their customer's, shuffled: the same log and answers, built from rows on all cores, from
/// columns and from CSV.
#[test]
fn a_large_shuffled_log_with_ties_gives_the_same_answers() {
    let n = 240_000usize;
    let rows: Vec<Row> = (0..n)
        .map(|i| {
            let k = (i * 7919) % n;
            let c = (k % 200) as u8;
            // Customer c's events at seconds k/200, with every sixth repeating the second before it.
            let second = (k / 200) as i64 - i64::from(k.is_multiple_of(6) && k >= 200);
            (
                c,
                second,
                (k % 6) as u8,
                (!k.is_multiple_of(3)).then_some((k % 3) as u8),
                (k % 2) as u8,
                None,
                u8::from(k.is_multiple_of(97)),
            )
        })
        .collect();
    let step = 104_729usize; // prime, so i -> i * step mod n is a permutation
    let shuffled: Vec<Row> = (0..n).map(|i| rows[(i * step) % n]).collect();
    let map = map();
    let a = logs(&rows, false, &[]);
    let b = logs(&shuffled, false, &[100_000]);
    for log in a.iter().chain(&b) {
        assert!(*log == a[0]);
    }
    assert_eq!(a[0].discover(), b[3].discover());
    for model in [AttributionModel::Linear, AttributionModel::Markov { order: 2 }] {
        assert_eq!(a[0].attribution(model, true).unwrap(), b[2].attribution(model, true).unwrap());
    }
    assert_eq!(a[0].conformance(&map), b[1].conformance(&map));
}

#[test]
fn a_sequence_number_that_cannot_be_read_is_refused_with_its_place() {
    let text = "customer_id,timestamp,touchpoint,seq\na,1,ad,7\na,1,site,x\n";
    let e =
        EventLog::from_csv_str(text, &EventColumns { sequence: Some("seq".into()), ..Default::default() }).unwrap_err();
    assert_eq!(e.kind(), "csv");
    assert!(e.to_string().starts_with("line 3, column \"seq\": cannot read \"x\" as a sequence number"), "{e}");
    // Columns report the row and the column.
    struct Bad;
    impl journey_core::analytics::NumberColumn<i64> for Bad {
        fn len(&self) -> usize {
            2
        }
        fn values(
            &self,
            rows: std::ops::Range<usize>,
            out: &mut Vec<i64>,
        ) -> Result<(), journey_core::analytics::ValueError> {
            out.extend(rows.clone().take(1).map(|_| 0));
            Err(journey_core::analytics::ValueError::new(rows.start + 1, "not a sequence number"))
        }
    }
    let (c, ts, tp) = (vec!["a", "a"], vec![1i64, 1], vec!["ad", "site"]);
    let chunk = EventChunk { sequence: Some(&Bad), ..EventChunk::new(&c, &ts, &tp) };
    let e = EventLog::from_columns(&[chunk]).unwrap_err();
    assert_eq!(table_fault(&e), (1, EventField::Sequence, "not a sequence number"), "{e}");
}
