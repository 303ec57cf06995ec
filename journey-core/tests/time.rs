//! The time to convert (Kaplan–Meier) and the retention cohorts against the shared fixture in
//! `tests/fixtures/time/` (which the Python and JavaScript tests check too): the figures worked out by
//! `make.py` in exact fractions, the same for input in any row order, the chart, the repeat purchases that
//! `apply` writes onto the map's KPIs, and the errors of bad calls.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::Journey;
use journey_core::analytics::{CohortOptions, Cohorts, EventColumns, EventLog, TimeToConvert, TimeToConvertOptions};
use journey_core::render::time_to_convert_svg;
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/time")
}

fn fixture() -> (Value, String) {
    let want: Value = serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap();
    let csv = std::fs::read_to_string(dir().join(want["events"].as_str().unwrap())).unwrap();
    (want, csv)
}

fn log_of(csv: &str, want: &Value, outcome: bool) -> EventLog {
    let columns = EventColumns {
        outcome: outcome.then(|| want["columns"]["outcome"].as_str().unwrap().into()),
        ..EventColumns::default()
    };
    EventLog::from_csv_str(csv, &columns).unwrap()
}

/// `found` is `want`, numbers within a relative 1e-12 (the fixture's figures are exact fractions rounded
/// once; the library's go through a few floating-point steps).
fn close(found: &Value, want: &Value, at: &str) {
    match (found, want) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{at}: {a} against {b}");
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{at}: lengths");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                close(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            let keys = |m: &serde_json::Map<String, Value>| m.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(a), keys(b), "{at}: fields");
            for (k, y) in b {
                close(&a[k], y, &format!("{at}.{k}"));
            }
        }
        _ => assert_eq!(found, want, "{at}"),
    }
}

fn reversed(csv: &str) -> String {
    let mut lines: Vec<&str> = csv.lines().collect();
    lines[1..].reverse();
    lines.join("\n") + "\n"
}

#[test]
fn the_time_to_convert_is_as_worked_out_in_fractions() {
    let (want, csv) = fixture();
    let log = log_of(&csv, &want, true);
    let shuffled = log_of(&reversed(&csv), &want, true);
    let cases = want["time_to_convert"].as_array().unwrap();
    assert_eq!(cases.len(), 2);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let options: TimeToConvertOptions = serde_json::from_value(case["options"].clone()).unwrap();
        let found = log.time_to_convert(&options).unwrap();
        close(&serde_json::to_value(&found).unwrap(), &case["expected"], name);
        assert_eq!(shuffled.time_to_convert(&options).unwrap(), found, "{name}");
        // The result reads back from its JSON.
        let back: TimeToConvert = serde_json::from_value(serde_json::to_value(&found).unwrap()).unwrap();
        assert_eq!(back, found, "{name}");
        // Every customer is at risk at the first time, and leaves the risk set once.
        assert_eq!(found.curve[0].at_risk, found.customers, "{name}");
        let left: u64 = found.curve.iter().map(|s| s.events + s.censored).sum();
        assert_eq!(left, found.customers, "{name}");
    }
    // The end of March censors the three later than the log's last event does.
    let (a, b) = (&cases[0]["expected"]["curve"], &cases[1]["expected"]["curve"]);
    assert_ne!(a, b);
}

#[test]
fn a_tie_of_conversions_and_a_censoring_counts_the_censored_customer_at_risk() {
    let (want, csv) = fixture();
    let t = log_of(&csv, &want, true).time_to_convert(&TimeToConvertOptions::default()).unwrap();
    // After 5 hours c and g convert and h is censored: 7 at risk, the survival 0.7 × (1 − 2/7) = 0.5 exactly,
    // which is the Kaplan–Meier median.
    let five = t.curve.iter().find(|s| s.seconds == 18_000.0).unwrap();
    assert_eq!((five.at_risk, five.events, five.censored), (7, 2, 1));
    assert_eq!(five.survival, 0.5);
    assert_eq!(t.km_median_seconds, Some(18_000.0));
}

#[test]
fn the_cohorts_are_as_worked_out_by_calendar() {
    let (want, csv) = fixture();
    let log = log_of(&csv, &want, true);
    let shuffled = log_of(&reversed(&csv), &want, true);
    for case in want["cohorts"].as_array().unwrap() {
        let options: CohortOptions = serde_json::from_value(case["options"].clone()).unwrap();
        let found = log.cohorts(&options).unwrap();
        let period = options.period.to_string();
        close(&serde_json::to_value(&found).unwrap(), &case["expected"], &period);
        assert_eq!(shuffled.cohorts(&options).unwrap(), found, "{period}");
        let back: Cohorts = serde_json::from_value(serde_json::to_value(&found).unwrap()).unwrap();
        assert_eq!(back, found, "{period}");
        assert_eq!(found.cohorts.iter().map(|c| c.customers).sum::<u64>(), found.converters);
    }
}

#[test]
fn apply_writes_the_repeat_purchases_onto_the_kpis_that_measure_them() {
    let (want, csv) = fixture();
    let case = &want["apply"];
    let map = Journey::from_json(&std::fs::read_to_string(dir().join(case["map"].as_str().unwrap())).unwrap()).unwrap();
    let log = log_of(&csv, &want, true);
    let found = log.discover();
    let cohorts = log.cohorts(&CohortOptions::default()).unwrap();
    assert_eq!((found.repeat_customers, found.conversion_events), (cohorts.repeat_customers, cohorts.conversions));
    // Partials merge exactly: the figures of four chunks are those of the whole log.
    let mut merged = journey_core::analytics::Observations::default();
    for part in log.partition(4) {
        merged.merge(part.observe());
    }
    assert_eq!(merged.finish(), found);
    let mut seen = map.clone();
    let applied = seen.apply(&found);
    assert_eq!(applied.kpis, case["applied_kpis"].as_u64().unwrap());
    let retention = seen.stage("retention").unwrap();
    for k in &retention.kpis {
        let expected = case["kpis"][&k.name].as_f64();
        match (k.actual, expected) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-12, "{}: {a} against {b}", k.name),
            (a, b) => assert_eq!(a, b, "{}", k.name),
        }
    }
    // The repeat purchase rate is 57.1% against a target of 50%: no gap about it. Two conversions per
    // customer were the target, 1.71 is short of it.
    let gaps = seen.gaps(&journey_core::ScoringModel::default(), None).unwrap();
    let kpi_gaps: Vec<&str> = gaps
        .iter()
        .filter(|g| g.kind == journey_core::gaps::GapKind::KpiBelowTarget)
        .map(|g| g.message.as_str())
        .collect();
    assert_eq!(kpi_gaps.len(), 1, "{kpi_gaps:?}");
    assert!(kpi_gaps[0].contains("conversions per customer"), "{kpi_gaps:?}");
    // Without an outcome column nothing is measured.
    let mut plain = map.clone();
    assert_eq!(plain.apply(&log_of(&csv, &want, false).discover()).kpis, 0);
    assert!(plain.stage("retention").unwrap().kpis.iter().all(|k| k.actual.is_none()));
}

#[test]
fn the_chart_draws_the_curve_and_says_the_medians() {
    let (want, csv) = fixture();
    let t = log_of(&csv, &want, true).time_to_convert(&TimeToConvertOptions::default()).unwrap();
    let svg = time_to_convert_svg(&t);
    assert!(svg.starts_with("<?xml") && svg.ends_with("</svg>\n"));
    assert!(svg.contains("<title>Time to convert</title>"));
    assert!(svg.contains("Median time to convert 5 h"), "{svg}");
    assert!(svg.contains("<polyline"));
    // A step per time: a start and two points per step.
    let points = svg.split("<polyline points=\"").nth(1).unwrap().split('"').next().unwrap();
    assert_eq!(points.split(' ').count(), 1 + 2 * t.curve.len());
    assert_eq!(svg, time_to_convert_svg(&t));
    // An empty log has no curve, and says the median is not reached.
    let empty = EventLog::builder().with_outcome_column().build().unwrap();
    let none = empty.time_to_convert(&TimeToConvertOptions::default()).unwrap();
    assert_eq!((none.customers, none.curve.len(), none.km_median_seconds), (0, 0, None));
    assert!(time_to_convert_svg(&none).contains("not reached"));
}

#[test]
fn the_fixture_errors_are_named() {
    let (want, csv) = fixture();
    for case in want["errors"].as_array().unwrap() {
        let log = log_of(&csv, &want, case["outcome"].as_bool().unwrap());
        let e = match case["call"].as_str().unwrap() {
            "time_to_convert" => {
                log.time_to_convert(&serde_json::from_value(case["options"].clone()).unwrap()).unwrap_err()
            }
            _ => log.cohorts(&serde_json::from_value(case["options"].clone()).unwrap()).unwrap_err(),
        };
        let journey_core::Error::Argument { name, message } = &e else { panic!("{e:?}") };
        assert_eq!(name, case["name"].as_str().unwrap());
        if let Some(part) = case["contains"].as_str() {
            assert!(message.contains(part), "{message}");
        }
    }
    // An unknown period is named, with the periods there are.
    let e = "year".parse::<journey_core::analytics::CohortPeriod>().unwrap_err();
    assert_eq!(e.to_string(), r#"period: unknown cohort period "year", expected "week" or "month""#);
}
