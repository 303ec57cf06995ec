//! Timestamps kept to the nanosecond, against the shared fixture `tests/fixtures/precision/` (which the
//! Python and JavaScript tests check too; `make.py` counts each time's nanoseconds by hand): events less
//! than a millisecond apart come in their time order, durations are exact, fractions of 9 digits (and more,
//! rounded) are kept, from CSV, from rows and (feature `arrow`) from an Arrow nanosecond column; a time past
//! the last nanosecond an i64 holds is an error naming its place and value.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::analytics::{
    EventColumns, EventLog, EventLogBuilder, EventValues, TimeToConvertOptions, Timestamp, parse_timestamp,
};
use journey_core::words::instant;
use serde_json::Value;

fn cases() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/precision/cases.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The fixture's order of each customer's touchpoints and its transitions, checked on `log`.
fn check(log: &EventLog, want: &Value, how: &str) {
    // Each customer's path, as the variants count them: the fixture's order of each customer.
    let mut paths: Vec<(Vec<String>, u64)> = Vec::new();
    for path in want["order"].as_object().unwrap().values() {
        let path: Vec<String> = path.as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_owned()).collect();
        match paths.iter_mut().find(|(p, _)| *p == path) {
            Some((_, n)) => *n += 1,
            None => paths.push((path, 1)),
        }
    }
    let mut found: Vec<(Vec<String>, u64)> =
        log.discover().variants.iter().map(|v| (v.path.iter().map(|t| t.to_string()).collect(), v.customers)).collect();
    found.sort();
    paths.sort();
    assert_eq!(found, paths, "{how}: order");
    let found = log.discover().transitions;
    let expected = want["transitions"].as_array().unwrap();
    assert_eq!(found.len(), expected.len(), "{how}");
    let mut found: Vec<_> = found.iter().collect();
    found.sort_by(|a, b| (&a.source, &a.target).cmp(&(&b.source, &b.target)));
    for (t, w) in found.iter().zip(expected) {
        assert_eq!(
            (t.source.as_str(), t.target.as_str()),
            (w["source"].as_str().unwrap(), w["target"].as_str().unwrap())
        );
        assert_eq!(t.count, w["count"].as_u64().unwrap(), "{how}");
        for (got, key) in
            [(t.mean_seconds, "mean_seconds"), (t.median_seconds, "median_seconds"), (t.p95_seconds, "p95_seconds")]
        {
            let expected = w[key].as_f64().unwrap();
            assert!(
                (got - expected).abs() <= 1e-12,
                "{how}: {} -> {} {key}: {got} against {expected}",
                t.source,
                t.target
            );
        }
    }
}

#[test]
fn events_less_than_a_millisecond_apart_keep_their_order_and_durations() {
    let want = cases();
    let from_csv = EventLog::from_csv_str(want["csv"].as_str().unwrap(), &EventColumns::default()).unwrap();
    check(&from_csv, &want, "csv");
    // Row by row, with the times as text and as integer nanoseconds: the same log.
    let mut text = EventLogBuilder::new();
    let mut ticks = EventLogBuilder::new();
    for e in want["events"].as_array().unwrap() {
        let (customer, touchpoint) = (e["customer"].as_str(), e["touchpoint"].as_str());
        let at = e["timestamp"].as_str().unwrap();
        text.push_values(&EventValues {
            customer,
            touchpoint,
            timestamp: Some(Timestamp::Text(at)),
            ..Default::default()
        })
        .unwrap();
        let ns = e["ns"].as_i64().unwrap();
        assert_eq!(parse_timestamp(at), Some(ns), "{at}");
        let cells = EventValues {
            customer,
            touchpoint,
            timestamp: Some(Timestamp::Ticks(ns, journey_core::analytics::EpochUnit::Nanoseconds)),
            ..Default::default()
        };
        ticks.push_values(&cells).unwrap();
    }
    let (text, ticks) = (text.build().unwrap(), ticks.build().unwrap());
    check(&text, &want, "rows of text");
    assert_eq!(ticks.discover(), from_csv.discover());
    assert_eq!(text.discover(), from_csv.discover());
}

#[test]
fn fractions_of_nine_digits_and_more_are_kept_to_the_nanosecond() {
    let want = cases();
    let columns = EventColumns { outcome: Some("value".into()), ..EventColumns::default() };
    for case in want["instants"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        assert_eq!(parse_timestamp(text), case["ns"].as_i64(), "{text}");
        let log = EventLog::from_csv_str(&format!("customer_id,timestamp,touchpoint,value\nc,{text},a,0\n"), &columns)
            .unwrap();
        let t = log.time_to_convert(&TimeToConvertOptions::default()).unwrap();
        assert_eq!(t.as_of_iso, case["iso"].as_str().unwrap(), "{text}");
        assert_eq!(t.as_of_ms, case["ns"].as_i64().unwrap().div_euclid(1_000_000), "{text}: whole milliseconds");
        assert_eq!(parse_timestamp(&t.as_of_iso), case["ns"].as_i64(), "{text}: the ISO text reads back");
        assert_eq!(instant(case["ns"].as_i64().unwrap()), t.as_of_iso);
    }
}

#[test]
fn a_time_past_the_range_names_its_place_and_value() {
    let want = cases();
    let late = &want["out_of_range"];
    let e = EventLog::from_csv_str(late["csv"].as_str().unwrap(), &EventColumns::default()).unwrap_err();
    assert_eq!(e.kind(), late["csv_error"]["kind"].as_str().unwrap());
    let place =
        format!("line {}, column \"{}\": ", late["csv_error"]["line"], late["csv_error"]["column"].as_str().unwrap());
    assert!(e.to_string().ends_with(&format!("{place}{}", late["message"].as_str().unwrap())), "{e}");
    // Row by row: the row and the column.
    let mut b = EventLogBuilder::new();
    b.push_values(&EventValues {
        customer: Some("p"),
        touchpoint: Some("a"),
        timestamp: Some(Timestamp::Text("2262-04-11T23:47:16Z")),
        ..Default::default()
    })
    .unwrap();
    let cells = EventValues {
        customer: Some("p"),
        touchpoint: Some("m"),
        timestamp: Some(Timestamp::Text(late["value"].as_str().unwrap())),
        ..Default::default()
    };
    let e = b.push_values(&cells).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("row {}, column \"timestamp\": {}", late["row"], late["message"].as_str().unwrap())
    );
}

#[cfg(feature = "arrow")]
mod arrow {
    use std::sync::Arc;

    use arrow_array::{
        ArrayRef, RecordBatch, RecordBatchIterator, StringArray, TimestampNanosecondArray, TimestampSecondArray,
    };
    use journey_core::analytics::{EventColumns, EventLog};
    use serde_json::Value;

    fn table(
        customers: Vec<&str>,
        times: ArrayRef,
        touchpoints: Vec<&str>,
    ) -> RecordBatchIterator<std::vec::IntoIter<Result<RecordBatch, arrow_schema::ArrowError>>> {
        let batch = RecordBatch::try_from_iter([
            ("customer_id", Arc::new(StringArray::from(customers)) as ArrayRef),
            ("timestamp", times),
            ("touchpoint", Arc::new(StringArray::from(touchpoints)) as ArrayRef),
        ])
        .unwrap();
        let schema = batch.schema();
        RecordBatchIterator::new(vec![Ok(batch)].into_iter(), schema)
    }

    #[test]
    fn an_arrow_nanosecond_column_keeps_its_nanoseconds() {
        let want = super::cases();
        let events = want["events"].as_array().unwrap();
        let text = |e: &Value, k: &str| e[k].as_str().unwrap().to_owned();
        let customers: Vec<String> = events.iter().map(|e| text(e, "customer")).collect();
        let touchpoints: Vec<String> = events.iter().map(|e| text(e, "touchpoint")).collect();
        let ns: Vec<i64> = events.iter().map(|e| e["ns"].as_i64().unwrap()).collect();
        for zone in [None, Some("UTC"), Some("+05:30")] {
            let times = TimestampNanosecondArray::from(ns.clone()).with_timezone_opt(zone);
            let log = EventLog::from_arrow(
                table(
                    customers.iter().map(String::as_str).collect(),
                    Arc::new(times),
                    touchpoints.iter().map(String::as_str).collect(),
                ),
                &EventColumns::default(),
            )
            .unwrap();
            super::check(&log, &want, &format!("arrow ns, zone {zone:?}"));
        }
    }

    #[test]
    fn an_arrow_value_past_the_range_names_its_row() {
        let want = super::cases();
        let late = &want["out_of_range"];
        let seconds: Vec<i64> = late["arrow_seconds"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
        let e = EventLog::from_arrow(
            table(vec!["p", "p"], Arc::new(TimestampSecondArray::from(seconds)), vec!["a", "m"]),
            &EventColumns::default(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("row {}, column \"timestamp\": {}", late["row"], late["arrow_message"].as_str().unwrap())
        );
    }
}
