//! Parquet files (feature `parquet`): `EventLog::load_parquet` reads the example Parquet file as the same log
//! as its CSV, a Snappy-compressed file (the shared fixture `tests/fixtures/parquet/`) with the figures
//! counted by hand, names the file when it is missing, and says when a file is not Parquet.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ops::ControlFlow;
use std::path::PathBuf;

use journey_core::analytics::{EventColumns, EventLog};
use journey_core::{Error, ErrorKind};
use serde_json::Value;

mod common;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/parquet").join(name)
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap()
}

fn fixture_columns(e: &Value) -> EventColumns {
    EventColumns { outcome: Some(e["outcome"].as_str().unwrap().into()), ..EventColumns::default() }
}

#[test]
fn the_example_parquet_file_loads_as_its_csv() {
    let parquet =
        EventLog::load_parquet(common::example_data("electronics-events.parquet"), &common::example_columns()).unwrap();
    let csv = common::example_log();
    assert_eq!((parquet.len(), parquet.customer_count()), (9076, 3000));
    assert!(parquet.conversions() > 0);
    assert!(parquet == csv);
}

#[test]
fn only_the_columns_named_are_needed() {
    // The example file read with the required columns only: the log of the CSV read the same way.
    let columns = EventColumns::default();
    let parquet = EventLog::load_parquet(common::example_data("electronics-events.parquet"), &columns).unwrap();
    let csv = EventLog::load_csv(common::example_data("electronics-events.csv"), &columns).unwrap();
    assert_eq!((parquet.len(), parquet.conversions()), (9076, 0));
    assert!(parquet == csv);
}

#[test]
fn a_snappy_file_gives_the_figures_counted_by_hand() {
    let e = expected();
    let log = EventLog::load_parquet(fixture(e["file"].as_str().unwrap()), &fixture_columns(&e)).unwrap();
    assert_eq!(log.len() as u64, e["events"].as_u64().unwrap());
    assert_eq!(log.customer_count() as u64, e["customers"].as_u64().unwrap());
    assert_eq!(log.conversions() as u64, e["conversions"].as_u64().unwrap());
    let moves: Vec<(String, String, u64)> =
        log.discover().transitions.iter().map(|t| (t.source.clone(), t.target.clone(), t.count)).collect();
    let mut want: Vec<(String, String, u64)> = e["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (m["source"].as_str().unwrap().into(), m["target"].as_str().unwrap().into(), m["count"].as_u64().unwrap())
        })
        .collect();
    let mut got = moves;
    got.sort();
    want.sort();
    assert_eq!(got, want);
    let steps: Vec<&str> = e["funnel"]["steps"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    let funnel = log.funnel(&steps).unwrap();
    let customers: Vec<u64> = funnel.steps.iter().map(|s| s.customers).collect();
    let want: Vec<u64> = e["funnel"]["customers"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect();
    assert_eq!(customers, want);
}

#[test]
fn a_missing_file_and_a_file_that_is_not_parquet_are_named() {
    let e = expected();
    for case in e["errors"].as_array().unwrap() {
        let path = fixture(case["file"].as_str().unwrap());
        let err = EventLog::load_parquet(&path, &fixture_columns(&e)).unwrap_err();
        assert_eq!(err.kind().as_str(), case["kind"].as_str().unwrap(), "{err}");
        let message = err.to_string();
        assert!(message.contains(case["message"].as_str().unwrap()), "{message}");
        match (&err, err.kind()) {
            (Error::Io { path: p, .. }, ErrorKind::Io) => {
                assert_eq!(p, &path);
                assert!(message.contains(&path.display().to_string()), "{message}");
            }
            (Error::Arrow { column: None, .. }, ErrorKind::Arrow) => {}
            _ => panic!("unexpected error {err:?}"),
        }
    }
}

#[test]
fn a_column_the_file_lacks_is_named() {
    let e = expected();
    let columns = EventColumns { channel: Some("channel".into()), ..fixture_columns(&e) };
    let err = EventLog::load_parquet(fixture(e["file"].as_str().unwrap()), &columns).unwrap_err();
    assert!(matches!(&err, Error::Arrow { column: Some(c), .. } if c == "channel"), "{err:?}");
    // The message lists the file's columns, read or not.
    let message = err.to_string();
    assert!(message.contains("customer_id") && message.contains("value"), "{message}");
}

#[test]
fn progress_can_stop_the_reading() {
    let e = expected();
    let mut calls = 0;
    let err =
        EventLog::load_parquet_with_progress(fixture(e["file"].as_str().unwrap()), &fixture_columns(&e), &mut |_| {
            calls += 1;
            ControlFlow::Break(())
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);
    assert!(calls >= 1);
}
