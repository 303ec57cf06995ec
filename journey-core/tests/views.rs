//! Views of an event log: sessions, the log by channel or device, switches between consecutive events, and
//! value-weighted Markov attribution, against the shared fixture in `tests/fixtures/views/` (which the
//! Python and JavaScript tests check too), and the rules that hold on the example log.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::PathBuf;

use journey_core::analytics::{
    AttributionModel, Dimension, Discovery, EventColumns, EventLog, SessionOptions, Switches,
};
use journey_core::{Error, ErrorKind};
use serde_json::{Value, json};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/views")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap()
}

fn columns(want: &Value, session: bool) -> EventColumns {
    let c = |k: &str| Some(want["columns"][k].as_str().unwrap().to_owned());
    EventColumns {
        channel: c("channel"),
        device: c("device"),
        session: if session { c("session") } else { None },
        outcome: c("outcome"),
        ..EventColumns::default()
    }
}

fn log(want: &Value, session: bool) -> EventLog {
    EventLog::load_csv(dir().join(want["events"].as_str().unwrap()), &columns(want, session)).unwrap()
}

fn close(got: f64, want: &Value, what: &str) {
    let want = want.as_f64().unwrap();
    assert!((got - want).abs() <= 1e-9 * want.abs().max(1.0), "{what}: {got} != {want}");
}

/// The transitions (sorted by source and target) and variants (sorted by path) of a discovery, as the
/// fixture writes them; means compared apart, to within rounding.
fn check_discovery(found: &Discovery, want: &Value, what: &str) {
    assert_eq!(found.customers, want["units"].as_u64().unwrap(), "{what}");
    assert_eq!(found.conversions, want["conversions"].as_u64().unwrap(), "{what}");
    if let Some(transitions) = want.get("transitions") {
        let mut got: Vec<_> = found.transitions.iter().collect();
        got.sort_by(|a, b| (&a.source, &a.target).cmp(&(&b.source, &b.target)));
        let wanted = transitions.as_array().unwrap();
        assert_eq!(got.len(), wanted.len(), "{what}: {got:?}");
        for (g, w) in got.iter().zip(wanted) {
            assert_eq!(
                (g.source.as_str(), g.target.as_str()),
                (w["source"].as_str().unwrap(), w["target"].as_str().unwrap())
            );
            assert_eq!(g.count, w["count"].as_u64().unwrap(), "{what}: {g:?}");
            close(g.mean_seconds, &w["mean_seconds"], what);
        }
    }
    let mut variants: Vec<Value> = found
        .variants
        .iter()
        .map(|v| json!({"path": v.path.iter().map(|p| p.to_string()).collect::<Vec<_>>(), "customers": v.customers, "conversions": v.conversions}))
        .collect();
    variants.sort_by_key(|v| v["path"].to_string());
    let mut wanted = want["variants"].as_array().unwrap().clone();
    wanted.sort_by_key(|v| v["path"].to_string());
    assert_eq!(variants, wanted, "{what}");
}

/// First-touch value per touchpoint: where each unit's value lands.
fn check_first_touch(log: &EventLog, want: &Value, what: &str) {
    let a = log.attribution(AttributionModel::FirstTouch, true).unwrap();
    let wanted = want["first_touch_value"].as_object().unwrap();
    assert_eq!(a.rows.len(), wanted.len(), "{what}: {:?}", a.rows);
    for r in &a.rows {
        close(r.value, &wanted[&r.touchpoint], what);
    }
}

fn options(view: &Value) -> SessionOptions {
    serde_json::from_value(view.clone()).unwrap()
}

#[test]
fn sessions_follow_the_column_or_the_inactivity_timeout() {
    let want = expected();
    for case in want["sessions"].as_array().unwrap() {
        let what = case["name"].as_str().unwrap();
        let base = log(&want, !case["without_session_column"].as_bool().unwrap_or(false));
        let view = match &case["view"] {
            Value::Null => base.clone(),
            v => base.sessions(&options(v)).unwrap(),
        };
        assert_eq!(view.customer_count() as u64, case["units"].as_u64().unwrap(), "{what}");
        assert_eq!(view.len(), base.len(), "{what}: every event is kept");
        let mut ids: Vec<&str> = view.customer_ids().collect();
        ids.sort_unstable();
        let wanted: Vec<String> = serde_json::from_value(case["ids"].clone()).unwrap();
        assert_eq!(ids, wanted, "{what}");
        check_discovery(&view.discover(), case, what);
        check_first_touch(&view, case, what);
    }
}

#[test]
fn a_gap_of_exactly_the_timeout_stays_in_the_session() {
    let csv = "customer_id,timestamp,touchpoint\n\
               x,2026-03-01T10:00:00Z,a\n\
               x,2026-03-01T10:30:00Z,b\n\
               x,2026-03-01T11:00:00.001Z,c\n";
    let log = EventLog::from_csv_str(csv, &EventColumns::default()).unwrap();
    let s = log.sessions(&SessionOptions::default()).unwrap();
    assert_eq!(s.customer_ids().collect::<Vec<_>>(), ["x#1", "x#2"]);
    let zero = log.sessions(&SessionOptions { timeout_minutes: 0.0, use_column: true }).unwrap();
    assert_eq!(zero.customer_count(), 3);
}

#[test]
fn views_by_channel_and_device_roll_up_exactly() {
    let want = expected();
    let base = log(&want, true);
    for (name, dimension) in [("channel", Dimension::Channel), ("device", Dimension::Device)] {
        let case = &want["by"][name];
        let view = base.by(dimension).unwrap();
        assert_eq!(
            (view.len(), view.customer_count(), view.conversions()),
            (base.len(), base.customer_count(), base.conversions())
        );
        check_discovery(&view.discover(), case, name);
        check_first_touch(&view, case, name);
        assert_eq!(name.parse::<Dimension>().unwrap(), dimension);
    }
    assert_eq!(base.by(Dimension::Touchpoint).unwrap(), base);
}

#[test]
fn switches_count_each_pair_and_the_conversion_with_and_without() {
    let want = expected();
    let base = log(&want, true);
    for (name, dimension) in [("channel", Dimension::Channel), ("device", Dimension::Device)] {
        let got: Switches = base.switches(dimension).unwrap();
        assert_eq!(serde_json::to_value(&got).unwrap(), want["switches"][name], "{name}");
    }
    // By touchpoint every change of touchpoint is a switch: 3 for a (product twice), 4 for b and c, 3 for d.
    let t = base.switches(Dimension::Touchpoint).unwrap();
    assert_eq!((t.switches, t.with_switch.customers, t.without_switch.customers), (14, 4, 1));
}

#[test]
fn markov_weighted_by_value_against_the_exact_chain() {
    let want = expected();
    let base = log(&want, true);
    for (name, weighted) in [("counted", false), ("weighted", true)] {
        let case = &want["markov"][name];
        let a = base.attribution_weighted(AttributionModel::Markov { order: 1 }, true, weighted).unwrap();
        assert_eq!(a.value_weighted, weighted);
        assert_eq!(a.conversions, case["conversions"].as_u64().unwrap());
        close(a.value, &case["value"], name);
        close(a.conversion_probability.unwrap(), &case["conversion_probability"], name);
        let rows = case["rows"].as_array().unwrap();
        assert_eq!(a.rows.len(), rows.len());
        for (g, w) in a.rows.iter().zip(rows) {
            assert_eq!(g.touchpoint, w["touchpoint"].as_str().unwrap(), "{name}");
            close(g.removal_effect.unwrap(), &w["removal_effect"], name);
            close(g.conversions, &w["conversions"], name);
            close(g.value, &w["value"], name);
        }
    }
}

#[test]
fn weighting_by_a_flag_changes_nothing() {
    let mut log = common::example_log();
    let flag = "customer_id,timestamp,touchpoint,converted\n\
                a,2026-03-01T10:00:00Z,ad,0\na,2026-03-01T10:05:00Z,site,0\na,2026-03-01T10:09:00Z,buy,1\n\
                b,2026-03-02T09:00:00Z,site,0\nb,2026-03-02T09:01:00Z,ad,0\nb,2026-03-02T09:02:00Z,buy,1\n\
                c,2026-03-02T09:00:00Z,ad,0\n";
    for (i, l) in [
        std::mem::take(&mut log),
        EventLog::from_csv_str(flag, &EventColumns { outcome: Some("converted".into()), ..Default::default() })
            .unwrap(),
    ]
    .iter()
    .enumerate()
    {
        let counted = l.attribution(AttributionModel::Markov { order: 1 }, true).unwrap();
        let weighted = l.attribution_weighted(AttributionModel::Markov { order: 1 }, true, true).unwrap();
        assert_eq!(counted.conversion_probability, weighted.conversion_probability);
        if i == 1 {
            for (c, w) in counted.rows.iter().zip(&weighted.rows) {
                assert_eq!(c.touchpoint, w.touchpoint);
                assert!((c.removal_effect.unwrap() - w.removal_effect.unwrap()).abs() < 1e-12);
            }
        } else {
            // The example log's orders differ in value: the effects move.
            assert_ne!(counted.rows, weighted.rows);
        }
    }
}

#[test]
fn bad_requests_name_the_place() {
    let want = expected();
    let errors = &want["errors"];
    let check = |e: Error, case: &Value| {
        assert_eq!(e.kind(), ErrorKind::Argument, "{e}");
        let Error::Argument { name, message } = &e else { panic!("{e}") };
        assert_eq!(name, case["name"].as_str().unwrap());
        assert!(message.contains(case["contains"].as_str().unwrap()), "{message}");
    };
    let case = &errors["missing_session"];
    let cols = EventColumns { session: Some("session".into()), ..Default::default() };
    let l = EventLog::from_csv_str(case["csv"].as_str().unwrap(), &cols).unwrap();
    check(l.sessions(&SessionOptions::default()).unwrap_err(), case);
    // Cut by inactivity instead, the missing value does not matter.
    assert_eq!(l.sessions(&SessionOptions { use_column: false, ..Default::default() }).unwrap().customer_count(), 1);

    let case = &errors["timeout"];
    let minutes = case["timeout_minutes"].as_f64().unwrap();
    for bad in [minutes, f64::NAN, f64::INFINITY] {
        check(
            log(&want, true).sessions(&SessionOptions { timeout_minutes: bad, use_column: false }).unwrap_err(),
            &json!({"name": "timeout_minutes", "contains": "is not a number of minutes"}),
        );
    }
    check(
        log(&want, true).sessions(&SessionOptions { timeout_minutes: minutes, use_column: false }).unwrap_err(),
        case,
    );

    let case = &errors["no_channel"];
    let bare =
        EventLog::from_csv_str(errors["missing_session"]["csv"].as_str().unwrap(), &EventColumns::default()).unwrap();
    check(bare.by(Dimension::Channel).unwrap_err(), case);
    check(bare.switches(Dimension::Channel).unwrap_err(), case);

    let case = &errors["weighted_linear"];
    check(log(&want, true).attribution_weighted(AttributionModel::Linear, true, true).unwrap_err(), case);
    let e = "screen".parse::<Dimension>().unwrap_err();
    assert_eq!(e.to_string(), r#"dimension: unknown dimension "screen", expected "touchpoint", "channel" or "device""#);
}

#[test]
fn session_ids_that_collide_are_refused() {
    let csv = "customer_id,timestamp,touchpoint,session\n\
               a#1,2026-03-01T10:00:00Z,x,1\n\
               a,2026-03-01T10:00:00Z,x,1#1\n";
    let cols = EventColumns { session: Some("session".into()), ..Default::default() };
    let e = EventLog::from_csv_str(csv, &cols).unwrap().sessions(&SessionOptions::default()).unwrap_err();
    assert!(matches!(&e, Error::Argument { name, .. } if name == "customer"), "{e}");
}

/// On the example log: sessions keep every event and the total value, split no transition across visits,
/// and a transition's mean duration per session is at most the longest gap the timeout allows.
#[test]
fn the_example_log_per_session() {
    let log = common::example_log();
    let sessions = log.sessions(&SessionOptions { use_column: false, ..Default::default() }).unwrap();
    assert_eq!(sessions.len(), log.len());
    let total = |l: &EventLog| l.attribution(AttributionModel::Linear, true).unwrap().value;
    assert!((total(&sessions) - total(&log)).abs() < 1e-6 * total(&log));
    assert!(sessions.customer_count() > log.customer_count());
    for t in &sessions.discover().transitions {
        assert!(t.mean_seconds <= 30.0 * 60.0, "{t:?}");
    }
}
