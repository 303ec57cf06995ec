//! Hostile event-log input: the shared cases of `tests/fixtures/hostile/ingest/` (stray quotes, quoted line
//! ends, duplicate columns, bad offsets, out-of-range times, header-only and empty files), the parallel CSV
//! reader against a sequential parse by the `csv` crate (generated layouts, and a generated file above the
//! size from which files are parsed on all cores), and IO errors that name their path.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use journey_core::analytics::{
    Event, EventChunk, EventColumns, EventField, EventLog, EventLogBuilder, parse_timestamp,
};
use proptest::prelude::*;
use serde_json::Value;

mod common;
use common::table_fault;

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hostile/ingest")
}

/// The variants a log should have, from each customer's path: path -> customers.
fn variants_of_paths(paths: &serde_json::Map<String, Value>) -> BTreeMap<Vec<String>, u64> {
    let mut out = BTreeMap::new();
    for path in paths.values() {
        let p: Vec<String> = path.as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_owned()).collect();
        *out.entry(p).or_default() += 1;
    }
    out
}

fn variants(log: &EventLog) -> BTreeMap<Vec<String>, u64> {
    log.discover().variants.iter().map(|v| (v.path.iter().map(|t| t.to_string()).collect(), v.customers)).collect()
}

#[test]
fn shared_cases() {
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(folder().join("cases.json")).unwrap()).unwrap();
    let cases = manifest["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let file = case["file"].as_str().unwrap();
        let bytes = std::fs::read(folder().join(file)).unwrap();
        let columns = EventColumns::default();
        // The file as it is, read whole and cut into pieces of a few bytes: the same answer.
        let results = [
            EventLog::load_csv(folder().join(file), &columns),
            EventLog::from_csv_bytes(&bytes, &columns),
            EventLog::from_csv_bytes_in_parts(&bytes, &columns, 7),
            EventLog::from_csv_bytes_in_parts(&bytes, &columns, bytes.len().max(1)),
        ];
        for result in results {
            match (&case["error"], result) {
                (Value::Null, Ok(log)) => {
                    assert_eq!(log.len() as u64, case["events"].as_u64().unwrap(), "{file}");
                    assert_eq!(log.customer_count() as u64, case["customers"].as_u64().unwrap(), "{file}");
                    assert_eq!(variants(&log), variants_of_paths(case["paths"].as_object().unwrap()), "{file}");
                }
                (Value::Null, Err(e)) => panic!("{file}: {e}"),
                (error, Ok(_)) => panic!("{file}: read, expected {error}"),
                (error, Err(e)) => {
                    assert_eq!(e.kind(), error["kind"].as_str().unwrap(), "{file}: {e}");
                    for fragment in error["contains"].as_array().unwrap() {
                        assert!(e.to_string().contains(fragment.as_str().unwrap()), "{file}: {e} lacks {fragment}");
                    }
                }
            }
        }
    }
}

/// What the `csv` crate's own sequential reader gives, pushed row by row into a builder, with the rules of
/// the log (trimmed ids, blank lines skipped); `None` where the log must refuse the input.
fn reference(bytes: &[u8]) -> Option<EventLog> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header: Vec<String> = rdr.headers().ok()?.iter().map(|h| h.trim().to_owned()).collect();
    let at = |name: &str| header.iter().position(|h| h == name);
    let (c, t, p) = (at("customer_id")?, at("timestamp")?, at("touchpoint")?);
    let mut b = EventLogBuilder::new();
    for record in rdr.byte_records() {
        let record = record.ok()?;
        if record.len() == 1 && record.get(0) == Some(b"") {
            continue;
        }
        if record.len() != header.len() {
            return None;
        }
        let text = |i: usize| std::str::from_utf8(record.get(i).unwrap()).ok().map(str::trim);
        let (customer, touchpoint) = (text(c)?, text(p)?);
        if customer.is_empty() || touchpoint.is_empty() {
            return None;
        }
        b.push(&Event { customer, touchpoint, timestamp_ns: parse_timestamp(text(t)?)?, ..Event::default() })
            .expect("a valid event");
    }
    b.build().ok()
}

/// Reads `bytes` sequentially and in each of `parts` pieces; all must agree, with each other and with the
/// `csv` crate.
fn agree(bytes: &[u8], parts: &[usize]) -> Result<(), TestCaseError> {
    let columns = EventColumns::default();
    let one = EventLog::from_csv_bytes_in_parts(bytes, &columns, 1);
    let expected = reference(bytes);
    match (&one, &expected) {
        (Ok(a), Some(b)) => prop_assert!(a == b, "the sequential reader differs from the csv crate"),
        (Err(_), None) => {}
        (a, b) => prop_assert!(false, "sequential {:?}, csv crate {:?}", a.as_ref().map(EventLog::len), b.is_some()),
    }
    for &n in parts {
        let many = EventLog::from_csv_bytes_in_parts(bytes, &columns, n);
        match (&one, &many) {
            (Ok(a), Ok(b)) => prop_assert!(a == b, "{n} pieces: {} events, sequential {}", b.len(), a.len()),
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string(), "{} pieces", n),
            (a, b) => prop_assert!(false, "{n} pieces: {:?} vs sequential {:?}", b.as_ref().err(), a.as_ref().err()),
        }
    }
    Ok(())
}

/// A touchpoint field as a hostile file writes it.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-c]{1,3}",
        1 => Just("5\" tv".to_owned()),
        1 => Just("a\"b\"\"c".to_owned()),
        1 => Just("\"quoted, with comma\"".to_owned()),
        1 => Just("\"two\nlines\"".to_owned()),
        1 => Just("\"many\n\n\nline feeds\r\n\"".to_owned()),
        1 => Just("\"doubled \"\"quotes\"\"\nand a line\"".to_owned()),
        1 => Just("\"\n\"".to_owned()),
        1 => Just("\u{feff}bom".to_owned()),
    ]
}

/// A row: usually a good event, sometimes a blank line, a short row or an unreadable time.
fn row() -> impl Strategy<Value = String> {
    let good = ("[xyz]", 0u32..5, field()).prop_map(|(c, h, t)| format!("{c},2026-03-01T1{h}:00:00Z,{t}"));
    prop_oneof![
        30 => good,
        1 => Just(String::new()),
        1 => Just("x,2026-03-01T10:00:00Z".to_owned()),
        1 => Just("y,2026-03-01T10:00:00+25:00,a".to_owned()),
        1 => "[xyz]".prop_map(|c| format!("{c},2026-03-01T10:00:00Z,\"unterminated")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Any layout of quotes, line ends and faults: every cut gives the sequential answer.
    #[test]
    fn pieces_agree_with_a_sequential_parse(rows in prop::collection::vec(row(), 0..40), crlf in any::<bool>()) {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("customer_id,timestamp,touchpoint{end}");
        for r in &rows {
            text.push_str(r);
            text.push_str(end);
        }
        agree(text.as_bytes(), &[2, 3, 5, 8, 13, 40, text.len()])?;
    }
}

/// The case of the issue: one quote in an unquoted field, then quoted line ends; the old reader counted
/// quotes to find cuts and gained phantom events.
#[test]
fn a_stray_quote_before_quoted_line_ends() {
    let mut text = String::from("customer_id,timestamp,touchpoint\nc0,2026-03-01T10:00:00Z,5\" tv\n");
    for i in 0..2000 {
        text.push_str(&format!(
            "c{},2026-03-01T10:{:02}:00Z,\"note\nc{i},2026-03-01T10:00:00Z,phantom\"\n",
            i % 7,
            i % 60
        ));
    }
    let columns = EventColumns::default();
    for parts in [2, 4, 16, 64] {
        let log = EventLog::from_csv_bytes_in_parts(text.as_bytes(), &columns, parts).unwrap();
        assert_eq!((log.len(), log.customer_count(), log.touchpoint_ids().len()), (2001, 7, 2001), "{parts}");
    }
    agree(text.as_bytes(), &[3, 9]).unwrap();
}

/// A generated file above the size from which the reader cuts files into pieces on all cores, full of
/// stray quotes, quoted line ends and doubled quotes: the same events as the `csv` crate's sequential
/// parse, and the same first error once one row is broken.
#[test]
fn a_large_hostile_file_reads_as_a_sequential_parse() {
    let mut text = String::from("customer_id,timestamp,touchpoint\r\n");
    let mut i = 0u64;
    while text.len() < 9 << 20 {
        let tp = match i % 11 {
            0 => "5\" tv".to_owned(),
            3 => format!("\"note {i}\nc{},2026-03-01T10:00:00Z,phantom\"", i % 5),
            5 => "\"say \"\"hi\"\",\r\nthen leave\"".to_owned(),
            7 => "\"\n\nx\"".to_owned(),
            _ => format!("t{}", i % 13),
        };
        text.push_str(&format!("c{},{},{tp}\r\n", i % 997, 1_772_360_100 + i % 86_400));
        i += 1;
    }
    assert!(text.len() > 8 << 20);
    let columns = EventColumns::default();
    let parallel = EventLog::from_csv_bytes(text.as_bytes(), &columns).unwrap();
    let sequential = EventLog::from_csv_bytes_in_parts(text.as_bytes(), &columns, 1).unwrap();
    assert_eq!(parallel.len() as u64, i);
    assert!(parallel == sequential);
    assert!(reference(text.as_bytes()).unwrap() == parallel);
    // A fault near the end: the parallel reader names the line the sequential one names.
    let broken = format!("{text}c1,2026-03-01T10:00:00+99:99,x\r\n");
    let (a, b) = (
        EventLog::from_csv_bytes(broken.as_bytes(), &columns).unwrap_err(),
        EventLog::from_csv_bytes_in_parts(broken.as_bytes(), &columns, 1).unwrap_err(),
    );
    assert_eq!(a.to_string(), b.to_string());
    let lines = 1 + text.matches('\n').count();
    assert!(a.to_string().starts_with(&format!("line {lines}, column \"timestamp\"")), "{a}");
}

#[test]
fn io_errors_name_the_path() {
    let dir = folder();
    let e = EventLog::load_csv(&dir, &EventColumns::default()).unwrap_err();
    assert_eq!(e.kind(), "io");
    assert!(e.to_string().contains(dir.to_str().unwrap()), "{e}");
    let missing = dir.join("no-such-file.csv");
    let e = EventLog::load_csv(&missing, &EventColumns::default()).unwrap_err();
    assert!(e.to_string().contains("no-such-file.csv"), "{e}");
    let file = std::fs::File::open(&dir).unwrap();
    let e = EventLog::from_csv_source(file, &dir, &EventColumns::default()).unwrap_err();
    assert!(e.to_string().starts_with(dir.to_str().unwrap()), "{e}");
}

#[test]
fn columns_named_twice_are_refused() {
    let columns = EventColumns { channel: Some("channel".into()), ..EventColumns::default() };
    let e = EventLog::from_csv_str("channel,customer_id,timestamp,touchpoint,channel\n", &columns).unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1, column \"channel\": column \"channel\" appears more than once, at positions 1 and 5 (counted from 1), expected it once"
    );
    // A repeated column the log does not read is no fault.
    let log =
        EventLog::from_csv_str("x,customer_id,timestamp,touchpoint,x\n1,c,2026-03-01,t,2\n", &EventColumns::default());
    assert_eq!(log.unwrap().len(), 1);
}

/// A header without a named column, or with one twice, is refused by `EventColumns::positions` with the
/// message, kind and column the CSV reader gives the same header (which adds its line).
#[test]
fn positions_are_refused_as_the_csv_reader_refuses_them() {
    use journey_core::{Error, ErrorColumn, ErrorKind};
    let columns = EventColumns { channel: Some("channel".into()), ..EventColumns::default() };
    for (header, column) in [
        (vec!["customer_id", "timestamp", "page", "channel"], "touchpoint"),
        (vec!["channel", "customer_id", "timestamp", "touchpoint", " channel"], "channel"),
    ] {
        let e = columns.positions(&header).unwrap_err();
        let csv = EventLog::from_csv_str(&(header.join(",") + "\n"), &columns).unwrap_err();
        assert_eq!((e.kind(), csv.kind()), (ErrorKind::Csv, ErrorKind::Csv));
        assert_eq!(csv.to_string(), format!("line 1, column \"{column}\": {e}"));
        assert_eq!(e.location().column, Some(ErrorColumn::Name(column.into())));
        assert_eq!((e.location().row, e.location().line), (None, None));
        assert!(matches!(&e, Error::Table { row: None, column: c, .. } if c == column), "{e:?}");
    }
    assert_eq!(
        columns.positions(&["customer_id", "timestamp", "page"]).unwrap_err().to_string(),
        "missing column \"touchpoint\", expected it among: customer_id, timestamp, page"
    );
    let at = columns.positions(&[" touchpoint", "customer_id", "x", "timestamp", "channel "]).unwrap();
    assert_eq!((at.customer, at.timestamp, at.touchpoint, at.channel), (1, 3, 0, Some(4)));
}

/// `EventLog::from_fn` and `EventLogBuilder::build_from_fn` refuse a row as `push` does, the row counted
/// after the events pushed before.
#[test]
fn rows_from_a_function_are_refused_as_pushed_ones() {
    let row = |i: usize| Event {
        customer: if i == 3 { " " } else { "c" },
        touchpoint: "t",
        timestamp_ns: i as i64,
        ..Event::default()
    };
    let e = EventLog::from_fn(5, false, row).unwrap_err();
    assert_eq!(table_fault(&e), (3, EventField::Customer, "customer id is empty, expected an id"));
    let mut b = EventLogBuilder::new();
    b.push(&row(0)).unwrap();
    b.push(&row(1)).unwrap();
    let e = b.build_from_fn(5, row).unwrap_err();
    assert_eq!(table_fault(&e), (5, EventField::Customer, "customer id is empty, expected an id"));
    let mut b = EventLogBuilder::new();
    let pushed = (0..5).map(|i| b.push(&row(i))).find_map(Result::err).unwrap();
    assert_eq!(table_fault(&pushed), (3, EventField::Customer, "customer id is empty, expected an id"));
}

#[test]
fn timestamps_out_of_range_are_refused_everywhere() {
    use journey_core::analytics::{EpochUnit, EventValues, Timestamp};
    // Every i64 of nanoseconds is a time: the edges of the range are in it, for two customers.
    let (customers, touchpoints) = (vec!["a", "b"], vec!["x", "y"]);
    let times = vec![i64::MIN, i64::MAX];
    let log = EventLog::from_columns(&[EventChunk::new(&customers, &times, &touchpoints)]).unwrap();
    assert_eq!(log.len(), 2);
    // One customer whose events span more than 2^63 - 1 ns is refused, by name, from columns and a builder.
    let same = vec!["a", "a"];
    let spans = [EventLog::from_columns(&[EventChunk::new(&same, &times, &touchpoints)]).unwrap_err(), {
        let mut b = EventLogBuilder::new();
        for (t, tp) in times.iter().zip(&touchpoints) {
            b.push(&Event { customer: "a", touchpoint: tp, timestamp_ns: *t, ..Event::default() }).unwrap();
        }
        b.build().unwrap_err()
    }];
    for e in spans {
        let journey_core::Error::Argument { name, message } = &e else { panic!("{e:?}") };
        assert_eq!(name, "timestamp of customer \"a\"");
        assert!(message.contains("1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z"), "{message}");
    }
    // Just inside: a span of exactly i64::MAX.
    let edge = vec![-1, i64::MAX - 1];
    assert!(EventLog::from_columns(&[EventChunk::new(&same, &edge, &touchpoints)]).is_ok());
    // Values in other units past the range: the row, the column and the value.
    let mut b = EventLogBuilder::new();
    for (value, shown) in [
        (Timestamp::Ticks(9_223_372_036_855, EpochUnit::Milliseconds), "9223372036855 ms since the epoch"),
        (Timestamp::Ticks(-106_752, EpochUnit::Days), "-106752 days since the epoch"),
        (Timestamp::Text("2262-04-12"), "\"2262-04-12\""),
        (Timestamp::Epoch(-9.3e12), "-9300000000000 ms since the epoch"),
    ] {
        let cells = EventValues {
            customer: Some("a"),
            touchpoint: Some("x"),
            timestamp: Some(value),
            ..EventValues::default()
        };
        let e = b.push_values(&cells).unwrap_err();
        let (row, field, message) = table_fault(&e);
        assert_eq!((row, field), (0, EventField::Timestamp));
        assert!(message.starts_with(shown) && message.contains("is out of range"), "{message}");
    }
    assert!(b.is_empty(), "a refused event is not kept");
}

#[test]
fn values_that_are_not_outcomes_are_refused_with_one_sentence() {
    let shared: Value =
        serde_json::from_str(&std::fs::read_to_string(folder().join("outcomes.json")).unwrap()).unwrap();
    let expected = shared["expected"].as_str().unwrap();
    assert_eq!(expected, journey_core::analytics::OUTCOME_EXPECTED);
    let columns = EventColumns { outcome: Some("value".into()), ..EventColumns::default() };
    for text in shared["texts"].as_array().unwrap() {
        let text = text.as_str().unwrap();
        let csv = format!("customer_id,timestamp,touchpoint,value\nc,2026-03-01,t,{text}\n");
        let e = EventLog::from_csv_str(&csv, &columns).unwrap_err();
        assert_eq!(e.kind(), "csv");
        let sentence = format!("cannot read \"{text}\" as an outcome, {expected}");
        assert!(e.to_string().ends_with(&sentence), "{e}");
    }
    let numbers = shared["numbers"].as_array().unwrap().iter().chain(shared["integers"].as_array().unwrap());
    for n in numbers.map(|n| n.as_f64().unwrap()) {
        let sentence = format!("cannot read {n} as an outcome, {expected}");
        // From columns (the Arrow path).
        let (customers, times, touchpoints, outcomes) = (vec!["c"], vec![0i64], vec!["t"], vec![n]);
        let chunk = EventChunk { outcome: Some(&outcomes), ..EventChunk::new(&customers, &times, &touchpoints) };
        let e = EventLog::from_columns(&[chunk]).unwrap_err();
        assert_eq!(table_fault(&e), (0, EventField::Outcome, sentence.as_str()));
        // From a builder.
        let mut b = EventLogBuilder::new();
        let e = b.push(&Event { customer: "c", touchpoint: "t", outcome: Some(n), ..Event::default() }).unwrap_err();
        assert_eq!(table_fault(&e), (0, EventField::Outcome, sentence.as_str()));
    }
}

/// The builder checks an event as the readers check a row: the same rules, the same messages.
#[test]
fn builder_push_checks_as_the_readers_do() {
    use journey_core::analytics::{Event, EventField, EventLogBuilder};
    let mut b = EventLogBuilder::new();
    let e = b.push(&Event { customer: "", touchpoint: "a", timestamp_ns: 1, ..Event::default() }).unwrap_err();
    assert_eq!(table_fault(&e), (0, EventField::Customer, "customer id is empty, expected an id"));
    assert_eq!(e.to_string(), "row 0, column \"customer\": customer id is empty, expected an id");
    let e = b.push(&Event { customer: "c", touchpoint: "  ", timestamp_ns: 1, ..Event::default() }).unwrap_err();
    assert_eq!(table_fault(&e), (0, EventField::Touchpoint, "touchpoint is empty, expected a touchpoint id"));
    let e = b.push(&Event { customer: "c", touchpoint: "a", outcome: Some(-1.0), ..Event::default() }).unwrap_err();
    assert_eq!(table_fault(&e).1, EventField::Outcome);
    let late = journey_core::analytics::EventValues {
        customer: Some("c"),
        touchpoint: Some("a"),
        timestamp: Some(journey_core::analytics::Timestamp::Text("2262-04-12")),
        ..Default::default()
    };
    assert_eq!(table_fault(&b.push_values(&late).unwrap_err()).1, EventField::Timestamp);
    b.push(&Event { customer: " c ", touchpoint: " a ", timestamp_ns: 1, ..Event::default() }).unwrap();
    assert_eq!(b.len(), 1);
    let csv = journey_core::analytics::EventLog::from_csv_str(
        "customer_id,timestamp,touchpoint\n,2024-01-01,a\n",
        &journey_core::analytics::EventColumns::default(),
    )
    .unwrap_err();
    assert!(csv.to_string().contains("customer id is empty, expected an id"), "{csv}");
}
