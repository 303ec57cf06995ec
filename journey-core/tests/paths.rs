//! Paths around a touchpoint against the shared fixture in `tests/fixtures/paths/` (which the Python and
//! JavaScript tests check too): the results worked out by hand, the same for input in any row order, and
//! the errors of bad calls.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::analytics::{EventColumns, EventLog, PathsAround, PathsOptions};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/paths")
}

fn fixture() -> (Value, String) {
    let want: Value = serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap();
    let csv = std::fs::read_to_string(dir().join(want["events"].as_str().unwrap())).unwrap();
    (want, csv)
}

fn log_of(csv: &str, want: &Value) -> EventLog {
    let columns =
        EventColumns { outcome: Some(want["columns"]["outcome"].as_str().unwrap().into()), ..EventColumns::default() };
    EventLog::from_csv_str(csv, &columns).unwrap()
}

fn options(v: &Value) -> PathsOptions {
    serde_json::from_value(v.clone()).unwrap()
}

#[test]
fn the_fixture_cases_come_out_as_worked_out_by_hand() {
    let (want, csv) = fixture();
    let log = log_of(&csv, &want);
    // The rows reversed (header kept): the log orders events itself, so the answers are the same.
    let mut lines: Vec<&str> = csv.lines().collect();
    lines[1..].reverse();
    let reversed = log_of(&(lines.join("\n") + "\n"), &want);
    let cases = want["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 2);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let touchpoint = case["touchpoint"].as_str().unwrap();
        let found = log.paths_around(touchpoint, &options(&case["options"])).unwrap();
        assert_eq!(serde_json::to_value(&found).unwrap(), case["expected"], "{name}");
        let back: PathsAround = serde_json::from_value(case["expected"].clone()).unwrap();
        assert_eq!(found, back, "{name}");
        assert_eq!(reversed.paths_around(touchpoint, &options(&case["options"])).unwrap(), found, "{name}");
        // Totals add up: each way, the kept sequences and the other ones make every customer.
        let before: u64 = found.before.iter().map(|s| s.customers).sum::<u64>() + found.before_other.customers;
        let after: u64 = found.after.iter().map(|s| s.customers).sum::<u64>() + found.after_other.customers;
        assert_eq!((before, after), (found.customers, found.customers), "{name}");
    }
}

#[test]
fn the_fixture_errors_are_named() {
    let (want, csv) = fixture();
    let log = log_of(&csv, &want);
    for case in want["errors"].as_array().unwrap() {
        let e = log.paths_around(case["touchpoint"].as_str().unwrap(), &options(&case["options"])).unwrap_err();
        assert_eq!(e.kind().as_str(), case["kind"], "{case}");
        assert_eq!(e.to_string(), case["message"], "{case}");
    }
}

#[test]
fn options_default_to_three_steps_and_refuse_unknown_fields() {
    let o: PathsOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(o, PathsOptions::default());
    assert_eq!((o.steps, o.top), (3, 10));
    let e = serde_json::from_str::<PathsOptions>(r#"{"step": 2}"#).unwrap_err();
    assert!(e.to_string().contains("unknown field `step`"), "{e}");
}
