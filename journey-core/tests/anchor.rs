//! Journeys anchored on the conversion, the attribution of each conversion and funnels with a conversion
//! window and step times, against the shared fixture `tests/fixtures/anchor/` (worked out by its make.py),
//! which the Python and JavaScript tests run too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::analytics::{
    AttributionModel, AttributionOptions, EventColumns, EventLog, FunnelOptions, JourneyOptions,
};
use proptest::prelude::*;
use serde_json::{Value, json};

mod common;
use common::close;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/anchor")
}

/// The fixture's cases under `key`, which must be `count` of them (when given).
fn cases(key: &str, count: Option<usize>) -> Vec<Value> {
    let text = std::fs::read_to_string(fixture_dir().join("expected.json")).expect("anchor/expected.json");
    let all: Value = serde_json::from_str(&text).expect("anchor/expected.json is JSON");
    let cases = all[key].as_array().unwrap().clone();
    assert!(count.is_none_or(|n| n == cases.len()), "{key}: {} cases", cases.len());
    assert!(!cases.is_empty());
    cases
}

fn log() -> EventLog {
    let columns = EventColumns { outcome: Some("order_value".into()), ..EventColumns::default() };
    EventLog::load_csv(fixture_dir().join("events.csv"), &columns).unwrap()
}

/// Options read from the fixture's JSON (snake_case, as the core's serde names them).
fn options<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap()
}

#[test]
fn journeys_split_at_each_conversion() {
    let log = log();
    for case in cases("journeys", Some(4)) {
        let journeys = log.journeys(&options::<JourneyOptions>(&case["options"])).unwrap();
        let got = serde_json::to_value(journeys.customer_paths()).unwrap();
        let want: Vec<Value> = case["journeys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| {
                json!({"customer": j["id"], "touchpoints": j["touchpoints"], "converted": j["converted"],
                       "value": j["value"]})
            })
            .collect();
        assert_eq!(got, Value::Array(want), "{}", case["options"]);
        let conversions = case["journeys"].as_array().unwrap().iter().filter(|j| j["converted"] == true).count();
        assert_eq!(journeys.conversions(), conversions);
    }
}

#[test]
fn attribution_per_conversion_credits_as_worked_out() {
    let log = log();
    for case in cases("attribution", Some(8)) {
        let o: AttributionOptions = options(&case["options"]);
        let got = match case.get("journeys") {
            Some(j) => log.journeys(&options(j)).unwrap().attribution_with(&o).unwrap(),
            None => log.attribution_with(&o).unwrap(),
        };
        let want = &case["result"];
        assert_eq!(got.conversions, want["conversions"].as_u64().unwrap(), "{}", case["options"]);
        assert!(close(got.value, want["value"].as_f64().unwrap()));
        let rows = want["rows"].as_array().unwrap();
        assert_eq!(got.rows.len(), rows.len(), "{}: {:?}", case["options"], got.rows);
        for (g, w) in got.rows.iter().zip(rows) {
            assert_eq!(g.touchpoint, w["touchpoint"].as_str().unwrap(), "{}", case["options"]);
            assert!(close(g.conversions, w["conversions"].as_f64().unwrap()), "{}: {g:?}", case["options"]);
            assert!(close(g.value, w["value"].as_f64().unwrap()), "{}: {g:?}", case["options"]);
        }
    }
}

#[test]
fn funnels_count_within_the_window_and_time_each_step() {
    let log = log();
    for case in cases("funnels", Some(3)) {
        let steps: Vec<&str> = case["steps"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        let o: FunnelOptions = options(&case["options"]);
        let got = serde_json::to_value(log.funnel_with(&steps, &o).unwrap()).unwrap();
        let want = &case["result"];
        assert_eq!(got["customers"], want["customers"]);
        assert_eq!(got["steps"].as_array().unwrap().len(), steps.len());
        for (g, w) in got["steps"].as_array().unwrap().iter().zip(want["steps"].as_array().unwrap()) {
            for (key, want) in w.as_object().unwrap() {
                match (want.as_f64(), g[key].as_f64()) {
                    (Some(a), Some(b)) => assert!(close(b, a), "{steps:?} {key}: {b} against {a}"),
                    _ => assert_eq!(&g[key], want, "{steps:?} {key}"),
                }
            }
        }
    }
}

#[test]
fn bad_options_name_the_option() {
    let log = log();
    let bare = EventLog::from_csv_str("customer_id,timestamp,touchpoint\na,2026-03-01,ad\n", &EventColumns::default())
        .unwrap();
    for case in cases("errors", Some(5)) {
        let e = match case["call"].as_str().unwrap() {
            "journeys" => log.journeys(&options(&case["options"])).unwrap_err(),
            "journeys_without_outcome" => bare.journeys(&options(&case["options"])).unwrap_err(),
            "attribution" => log.attribution_with(&options(&case["options"])).unwrap_err(),
            "funnel" => {
                let steps: Vec<&str> = case["steps"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
                log.funnel_with(&steps, &options(&case["options"])).unwrap_err()
            }
            other => panic!("unknown call {other}"),
        };
        assert_eq!(e.kind().as_str(), "argument");
        let want = format!("{}: {}", case["name"].as_str().unwrap(), case["message"].as_str().unwrap());
        assert_eq!(e.to_string(), want);
    }
    // NaN and infinite windows are refused as well.
    for days in [f64::NAN, f64::INFINITY] {
        let o = JourneyOptions { lookback_days: Some(days), ..JourneyOptions::default() };
        assert!(log.journeys(&o).unwrap_err().to_string().starts_with("lookback_days: "));
        let f = FunnelOptions { within_days: Some(days), ..FunnelOptions::default() };
        assert!(log.funnel_with(["site"], &f).unwrap_err().to_string().starts_with("within_days: "));
    }
}

#[test]
fn a_journey_log_counts_conversions_not_customers() {
    let log = log();
    let journeys = log.journeys(&JourneyOptions::default()).unwrap();
    assert_eq!((log.customer_count(), log.conversions()), (5, 4));
    assert_eq!((journeys.customer_count(), journeys.conversions()), (8, 6));
    // The attribution of each conversion is that of the log of journeys.
    let o = AttributionOptions { model: Some("linear".into()), per_conversion: true, ..Default::default() };
    assert_eq!(log.attribution_with(&o).unwrap(), journeys.attribution(AttributionModel::Linear, true).unwrap());
    // A log of journeys splits no further: each journey holds one conversion at most, at its end.
    assert_eq!(journeys.journeys(&JourneyOptions::default()).unwrap().conversions(), 6);
    // Its funnels see the conversions, which stay in the journeys.
    assert_eq!(journeys.funnel(["site", "purchase"]).unwrap().steps[1].customers, 4);
}

#[test]
fn a_window_that_takes_everything_changes_nothing() {
    let log = log();
    let wide = log.funnel_with(["site", "purchase"], &FunnelOptions { within_days: Some(1e6), strict: true }).unwrap();
    assert_eq!(wide, log.funnel(["site", "purchase"]).unwrap());
    let far = JourneyOptions { lookback_days: Some(1e6), ..JourneyOptions::default() };
    assert_eq!(log.journeys(&far).unwrap(), log.journeys(&JourneyOptions::default()).unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// On any log, the journeys (with the one after the last conversion) hold every event once, add up to
    /// each customer's value, and count one conversion per run of converting events; a funnel's counts
    /// never grow as the window narrows, and each step's times lie between its min and max.
    #[test]
    fn journeys_keep_every_event_and_windows_only_narrow(
        rows in prop::collection::vec((0u8..4, 0i64..50, 0u8..4, prop::bool::weighted(0.3)), 1..40),
        window in 0.0f64..3.0,
    ) {
        let mut csv = String::from("customer_id,timestamp,touchpoint,order_value\n");
        for (c, t, p, buys) in &rows {
            let (tp, v) = if *buys { ("buy", 10) } else { (["ad", "site", "mail", "buy"][*p as usize % 3], 0) };
            csv.push_str(&format!("c{c},{},{tp},{v}\n", 1_767_225_600_000i64 + t * 3_600_000 * 6));
        }
        let columns = EventColumns { outcome: Some("order_value".into()), ..EventColumns::default() };
        let log = EventLog::from_csv_str(&csv, &columns).unwrap();
        let journeys = log.journeys(&JourneyOptions::default()).unwrap();
        prop_assert_eq!(journeys.len(), log.len());
        let total = |l: &EventLog| l.customer_paths().iter().map(|p| p.value).sum::<f64>();
        prop_assert!(close(total(&journeys), total(&log)));
        let wide = journeys.customer_paths();
        for p in &wide {
            let (customer, number) = p.customer.rsplit_once('#').unwrap();
            prop_assert!(customer.starts_with('c') && number.parse::<usize>().unwrap() >= 1);
        }
        let some = FunnelOptions { within_days: Some(window), strict: false };
        let narrow = log.funnel_with(["ad", "site", "buy"], &some).unwrap();
        let open = log.funnel_with(["ad", "site", "buy"], &FunnelOptions { strict: false, ..Default::default() }).unwrap();
        for (n, o) in narrow.steps.iter().zip(&open.steps) {
            prop_assert!(n.customers <= o.customers);
            if let (Some(min), Some(max), Some(median)) = (n.min_seconds, n.max_seconds, n.median_seconds) {
                prop_assert!(min <= median && median <= max && max <= window * 86_400.0 + 1e-6);
            }
        }
        let after = log.journeys(&JourneyOptions { keep_after_conversion: false, ..Default::default() }).unwrap();
        prop_assert_eq!(after.conversions(), journeys.conversions());
    }
}
