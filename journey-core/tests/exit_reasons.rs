//! Why customers leave: the optional reason column of an event log, counted at the touchpoint where each
//! customer who did not convert left, from the reason of their last event. A property over generated logs
//! (every reader, any order of the rows, any cut into partials) and the shared fixture in
//! `tests/fixtures/exit_reasons/` (which the Python and JavaScript tests check too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use journey_core::analytics::{
    Discovery, DropOff, Event, EventChunk, EventColumns, EventLog, Observations, ReasonCount, TOP_REASONS,
};
use proptest::prelude::*;
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/exit_reasons")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap()
}

fn columns(want: &Value) -> EventColumns {
    EventColumns {
        outcome: Some(want["columns"]["outcome"].as_str().unwrap().into()),
        reason: Some(want["columns"]["reason"].as_str().unwrap().into()),
        ..EventColumns::default()
    }
}

/// The drop-off as the fixture writes it: touchpoint, customers, visitors and reasons.
fn shape(dropoff: &[DropOff]) -> Value {
    dropoff
        .iter()
        .map(|d| {
            serde_json::json!({
                "touchpoint": d.touchpoint,
                "customers": d.customers,
                "visitors": d.visitors,
                "reasons": d.reasons,
            })
        })
        .collect()
}

/// The rows of the fixture's CSV: customer, timestamp (ms), touchpoint, outcome, reason.
fn rows() -> Vec<Row> {
    let mut r = csv::Reader::from_path(dir().join("events.csv")).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let ms = journey_core::analytics::parse_timestamp(&rec[1]).unwrap();
            (rec[0].to_owned(), ms, rec[2].to_owned(), rec[3].parse().unwrap(), rec[4].to_owned())
        })
        .collect()
}

#[test]
fn the_fixture_counts_the_last_events_reason_of_those_who_left() {
    let want = expected();
    let log = EventLog::load_csv(dir().join(want["events"].as_str().unwrap()), &columns(&want)).unwrap();
    let found = log.discover();
    assert_eq!(shape(&found.dropoff), want["dropoff"]);
}

type Row = (String, i64, String, f64, String);
type Cols<'a> = (Vec<&'a str>, Vec<i64>, Vec<&'a str>, Vec<f64>, Vec<Option<&'a str>>);

/// Rows as columns; an empty reason is a null.
fn cols(part: &[Row]) -> Cols<'_> {
    (
        part.iter().map(|r| r.0.as_str()).collect(),
        part.iter().map(|r| r.1).collect(),
        part.iter().map(|r| r.2.as_str()).collect(),
        part.iter().map(|r| r.3).collect(),
        part.iter().map(|r| Some(r.4.as_str()).filter(|w| !w.is_empty())).collect(),
    )
}

#[test]
fn every_reader_gives_the_same_reasons() {
    let want = expected();
    let rows = rows();
    // The builder, one event at a time.
    let mut b = EventLog::builder().with_outcome_column();
    for (c, t, tp, o, why) in &rows {
        b.push(&Event {
            customer: c,
            timestamp_ns: *t,
            touchpoint: tp,
            outcome: Some(*o),
            reason: Some(why),
            ..Event::default()
        })
        .unwrap();
    }
    let built = b.build().unwrap();
    assert_eq!(shape(&built.discover().dropoff), want["dropoff"]);
    // Columns, in two chunks, nulls where the CSV has nothing.
    let (a, b) = rows.split_at(rows.len() / 2);
    let (a, b) = (cols(a), cols(b));
    let chunks = [&a, &b].map(|(customers, times, touchpoints, outcomes, reasons)| EventChunk {
        outcome: Some(outcomes),
        reason: Some(reasons),
        ..EventChunk::new(customers, times, touchpoints)
    });
    let from_columns = EventLog::from_columns(&chunks).unwrap();
    assert_eq!(shape(&from_columns.discover().dropoff), want["dropoff"]);
    let csv = EventLog::load_csv(dir().join("events.csv"), &columns(&want)).unwrap();
    assert_eq!(csv, built);
    assert_eq!(csv, from_columns);
}

#[test]
fn partials_merge_the_reasons_exactly_and_serde_keeps_them() {
    let want = expected();
    let log = EventLog::load_csv(dir().join("events.csv"), &columns(&want)).unwrap();
    let whole = log.discover();
    for parts in [2, 3, 7, 18] {
        let mut pieces = log.partition(parts).into_iter().map(|p| p.observe());
        let mut merged = pieces.next().unwrap();
        // Merged in reverse: the order does not matter.
        for p in pieces.rev() {
            merged.merge(p);
        }
        assert_eq!(merged.finish(), whole, "{parts} parts");
    }
    let mut empty = Observations::default();
    empty.merge(log.observe());
    assert_eq!(empty.finish(), whole);
    let text = serde_json::to_string(&whole).unwrap();
    assert!(text.contains(r#""reasons":[{"reason":"too expensive","customers":3}"#), "{text}");
    assert_eq!(serde_json::from_str::<Discovery>(&text).unwrap(), whole);
}

#[test]
fn without_a_reason_column_the_reasons_are_empty_and_the_rest_the_same() {
    let want = expected();
    let with = EventLog::load_csv(dir().join("events.csv"), &columns(&want)).unwrap().discover();
    let without = EventColumns { reason: None, ..columns(&want) };
    let found = EventLog::load_csv(dir().join("events.csv"), &without).unwrap().discover();
    assert!(found.dropoff.iter().all(|d| d.reasons.is_empty()), "{:?}", found.dropoff);
    let strip = |d: &Discovery| d.dropoff.iter().map(|d| (d.touchpoint.clone(), d.customers)).collect::<Vec<_>>();
    assert_eq!(strip(&found), strip(&with));
}

#[test]
fn a_reason_column_the_log_lacks_is_named() {
    let want = expected();
    let missing = &want["missing_column"];
    let name = missing["reason"].as_str().unwrap();
    let cols = EventColumns { reason: Some(name.into()), ..columns(&want) };
    let e = EventLog::load_csv(dir().join("events.csv"), &cols).unwrap_err();
    assert_eq!(e.kind(), "csv");
    let text = e.to_string();
    assert!(text.contains(missing["message_contains"].as_str().unwrap()), "{text}");
    assert!(text.contains("missing column"), "{text}");
}

/// The rule by brute force: for each customer who did not convert, the trimmed reason of their last event
/// (in time; ties by touchpoint, then reason), if any, at that touchpoint.
fn by_hand(rows: &[(usize, i64, usize, bool, Option<String>)]) -> BTreeMap<String, Vec<ReasonCount>> {
    let mut last: BTreeMap<usize, (i64, usize, String, bool)> = BTreeMap::new();
    let mut converted: BTreeMap<usize, bool> = BTreeMap::new();
    for (c, t, tp, conv, why) in rows {
        *converted.entry(*c).or_default() |= *conv;
        let why = why.as_deref().map(str::trim).unwrap_or("").to_owned();
        let key = (*t, *tp, why.clone());
        let e = last.entry(*c).or_insert((*t, *tp, why.clone(), *conv));
        if key > (e.0, e.1, e.2.clone()) {
            *e = (*t, *tp, why, *conv);
        }
    }
    let mut counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for (c, (_, tp, why, _)) in &last {
        if !converted[c] && !why.is_empty() {
            *counts.entry(format!("t{tp}")).or_default().entry(why.clone()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(tp, m)| {
            let mut v: Vec<ReasonCount> =
                m.into_iter().map(|(reason, customers)| ReasonCount { reason, customers }).collect();
            v.sort_by(|a, b| b.customers.cmp(&a.customers).then_with(|| a.reason.cmp(&b.reason)));
            v.truncate(TOP_REASONS);
            (tp, v)
        })
        .collect()
}

const WHY: [&str; 9] = ["price", " price ", "bug", "E1", "", "   ", "slow", "zz", "ask"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every reader, in any order of the rows and any cut into partials, counts the reason of each
    /// non-converting customer's last event at the touchpoint where they left, the top 5 by customers then
    /// text; a converting customer's reason never counts.
    #[test]
    fn the_reasons_of_those_who_left(
        rows in proptest::collection::vec(
            (0usize..12, 0i64..6, 0usize..4, proptest::bool::weighted(0.1), proptest::option::of(0usize..WHY.len())),
            1..80,
        ),
        parts in 1usize..5,
        seed in any::<u64>(),
    ) {
        let rows: Vec<(usize, i64, usize, bool, Option<String>)> =
            rows.into_iter().map(|(c, t, tp, conv, w)| (c, t * 1000, tp, conv, w.map(|w| WHY[w].to_owned()))).collect();
        let want = by_hand(&rows);
        let names: Vec<(String, String)> = rows.iter().map(|r| (format!("c{}", r.0), format!("t{}", r.2))).collect();
        // Shuffled (a fixed permutation from the seed): the order of the rows does not matter.
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by_key(|i| (*i as u64).wrapping_mul(seed | 1).rotate_left(17));
        let mut b = EventLog::builder().with_outcome_column();
        for &i in &order {
            let (_, t, _, conv, why) = &rows[i];
            b.push(&Event {
                customer: &names[i].0,
                timestamp_ns: *t,
                touchpoint: &names[i].1,
                outcome: Some(f64::from(u8::from(*conv))),
                reason: why.as_deref(),
                ..Event::default()
            }).unwrap();
        }
        let log = b.build().unwrap();
        let customers: Vec<&str> = names.iter().map(|n| n.0.as_str()).collect();
        let touchpoints: Vec<&str> = names.iter().map(|n| n.1.as_str()).collect();
        let times: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let outcomes: Vec<f64> = rows.iter().map(|r| f64::from(u8::from(r.3))).collect();
        let reasons: Vec<Option<&str>> = rows.iter().map(|r| r.4.as_deref()).collect();
        let chunk = EventChunk {
            outcome: Some(&outcomes),
            reason: Some(&reasons),
            ..EventChunk::new(&customers, &times, &touchpoints)
        };
        let columns = EventLog::from_columns(&[chunk]).unwrap();
        let found = log.discover();
        prop_assert_eq!(&columns.discover(), &found);
        let got: BTreeMap<String, Vec<ReasonCount>> =
            found.dropoff.iter().filter(|d| !d.reasons.is_empty()).map(|d| (d.touchpoint.clone(), d.reasons.clone())).collect();
        prop_assert_eq!(&got, &want);
        for d in &found.dropoff {
            prop_assert!(d.reasons.iter().map(|r| r.customers).sum::<u64>() <= d.customers);
        }
        let mut merged = Observations::default();
        for p in log.partition(parts) {
            merged.merge(p.observe());
        }
        prop_assert_eq!(&merged.finish(), &found);
        // Applied to a map of the four touchpoints, each visited one carries the reasons of those who left
        // there, the map stays valid, and a drop-off gap there names them.
        let mut b = journey_core::Journey::with_standard_stages("gen", "Generated");
        for t in 0..4 {
            let id = format!("t{t}");
            b = b.touchpoint(journey_core::Touchpoint::new(&id, &id, "purchase", journey_core::Channel::Web));
        }
        let mut j = b.build().unwrap();
        j.apply(&found);
        for t in j.touchpoints() {
            let wanted = want.get(&t.id).cloned().unwrap_or_default();
            prop_assert_eq!(&t.metrics.exit_reasons, &wanted, "{}", t.id);
        }
        prop_assert!(journey_core::Journey::from_json(&j.to_json()).is_ok());
        for g in j.gaps(&journey_core::ScoringModel::default(), None).unwrap() {
            if g.kind == journey_core::GapKind::DropOff {
                let tp = g.location.touchpoint.as_deref().unwrap();
                let listed = want.get(tp).map(|r| journey_core::words::reasons(r));
                prop_assert_eq!(
                    g.message.contains("; top reasons: "),
                    listed.is_some(),
                    "{}", g.message
                );
                if let Some(listed) = listed {
                    prop_assert!(g.message.contains(&listed), "{}", g.message);
                }
            }
        }
    }
}

#[test]
fn the_html_report_lists_the_top_reasons_only_when_there_are_some() {
    let want = expected();
    let j = journey_core::Journey::load(dir().join("map.json")).unwrap();
    let options = journey_core::render::HtmlOptions::default();
    let log = EventLog::load_csv(dir().join("events.csv"), &columns(&want)).unwrap();
    let html = j.to_html(&options, Some(&log)).unwrap();
    assert!(html.contains("Top reasons"), "no column of reasons");
    assert!(html.contains("&quot;payment failed&quot; (2 customers), &quot;E402&quot; (1)"), "{html}");
    let without =
        EventLog::load_csv(dir().join("events.csv"), &EventColumns { reason: None, ..columns(&want) }).unwrap();
    assert!(!j.to_html(&options, Some(&without)).unwrap().contains("Top reasons"));
}

/// The map of the fixture with its log applied.
fn applied() -> journey_core::Journey {
    let want = expected();
    let mut j = journey_core::Journey::load(dir().join("map.json")).unwrap();
    let log = EventLog::load_csv(dir().join("events.csv"), &columns(&want)).unwrap();
    j.apply(&log.discover());
    j
}

#[test]
fn apply_writes_the_reasons_onto_the_map_and_the_file_keeps_them() {
    let want = expected();
    let j = applied();
    for d in want["dropoff"].as_array().unwrap() {
        let tp = j.touchpoint(d["touchpoint"].as_str().unwrap()).unwrap();
        assert_eq!(serde_json::to_value(&tp.metrics.exit_reasons).unwrap(), d["reasons"], "{}", tp.id);
    }
    // Nobody left at the goal: no reasons there.
    assert!(j.touchpoint("paid").unwrap().metrics.exit_reasons.is_empty());
    let text = j.to_json();
    assert!(text.contains("\"exit_reasons\""), "{text}");
    let back = journey_core::Journey::from_json(&text).unwrap();
    assert_eq!(back.to_json(), text);
}

#[test]
fn a_second_log_replaces_the_reasons_where_it_visits() {
    let want = expected();
    let mut j = applied();
    // A log that visits the basket and leaves there with no reason column: the basket's old reasons go, the
    // checkout (not visited) keeps its own.
    let mut b = EventLog::builder().with_outcome_column();
    for (c, t, tp) in [("x1", 0, "home"), ("x1", 1000, "cart")] {
        b.push(&Event { customer: c, timestamp_ns: t, touchpoint: tp, outcome: Some(0.0), ..Event::default() })
            .unwrap();
    }
    j.apply(&b.build().unwrap().discover());
    assert!(j.touchpoint("cart").unwrap().metrics.exit_reasons.is_empty());
    let checkout = &want["dropoff"].as_array().unwrap()[1];
    assert_eq!(checkout["touchpoint"], "checkout");
    let kept = serde_json::to_value(&j.touchpoint("checkout").unwrap().metrics.exit_reasons).unwrap();
    assert_eq!(kept, checkout["reasons"]);
}

#[test]
fn the_drop_off_gaps_say_why_customers_left() {
    let want = expected();
    let gaps = applied().gaps(&journey_core::ScoringModel::default(), None).unwrap();
    let drop: Vec<Value> = gaps
        .iter()
        .filter(|g| g.kind == journey_core::GapKind::DropOff)
        .map(|g| serde_json::json!({ "touchpoint": g.location.touchpoint, "message": g.message }))
        .collect();
    assert_eq!(Value::Array(drop), want["drop_off_gaps"]);
}

#[test]
fn the_reasons_on_a_map_are_checked() {
    let want = expected();
    for case in want["invalid_exit_reasons"].as_array().unwrap() {
        let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(dir().join("map.json")).unwrap()).unwrap();
        doc["touchpoints"][2]["metrics"] = case["metrics"].clone();
        let e = journey_core::Journey::from_json(&doc.to_string()).unwrap_err();
        let problems: Vec<(String, String)> =
            e.problems().iter().map(|p| (p.kind.to_string(), p.path.clone())).collect();
        let wanted = (case["kind"].as_str().unwrap().to_owned(), case["path"].as_str().unwrap().to_owned());
        assert_eq!(problems, vec![wanted], "{case}");
    }
}
