//! Hostile rows: the shared cases of `tests/fixtures/hostile/rows/cases.json` (empty, blank, padded and null
//! ids, outcomes that are not ones, timestamps out of range or unreadable, several bad values in a row) give
//! the same log, or the same row, column and message, through the CSV reader (sequential and in parts),
//! `EventLogBuilder::push_values` (and `push` of the events `EventValues::check` makes), `EventLog::from_columns`, and with the `arrow` feature `EventLog::from_arrow`
//! (the cells as Arrow utf8 and float64 columns, as Python's `from_arrow` test builds them).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use journey_core::analytics::{
    EventChunk, EventColumns, EventField, EventLog, EventLogBuilder, EventValues, Outcome, Timestamp,
};
use journey_core::{Error, ErrorKind};
use serde_json::Value;

mod common;
use common::table_fault;

const COLUMNS: [&str; 4] = ["customer_id", "timestamp", "touchpoint", "outcome"];
const FIELDS: [EventField; 4] =
    [EventField::Customer, EventField::Timestamp, EventField::Touchpoint, EventField::Outcome];

fn manifest() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hostile/rows/cases.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

struct Case<'a> {
    name: &'a str,
    rows: Vec<[Option<&'a str>; 4]>,
    numbers: Vec<&'a str>,
    case: &'a Value,
}

fn cases(manifest: &Value) -> Vec<Case<'_>> {
    let cases = manifest["cases"].as_array().unwrap();
    cases
        .iter()
        .map(|case| Case {
            name: case["name"].as_str().unwrap(),
            rows: case["rows"].as_array().unwrap().iter().map(|row| std::array::from_fn(|k| row[k].as_str())).collect(),
            numbers: case["numbers"].as_array().map_or(Vec::new(), |n| n.iter().map(|c| c.as_str().unwrap()).collect()),
            case,
        })
        .collect()
}

fn csv(rows: &[[Option<&str>; 4]]) -> String {
    let mut out = COLUMNS.join(",") + "\n";
    for row in rows {
        let cells: Vec<String> =
            row.iter().map(|c| c.map_or(String::new(), |c| format!("\"{}\"", c.replace('"', "\"\"")))).collect();
        out += &(cells.join(",") + "\n");
    }
    out
}

/// The expected error: row, column and message.
fn expected_error(case: &Value) -> Option<(u64, EventField, &str)> {
    let e = case.get("error")?;
    let column = e["column"].as_str().unwrap();
    let field = FIELDS[COLUMNS.iter().position(|c| *c == column).unwrap()];
    Some((e["row"].as_u64().unwrap(), field, e["message"].as_str().unwrap()))
}

fn check_log(name: &str, log: &EventLog, case: &Value) {
    let result = &case["result"];
    assert_eq!(log.len() as u64, result["events"].as_u64().unwrap(), "{name}");
    assert_eq!(log.customer_count() as u64, result["customers"].as_u64().unwrap(), "{name}");
    assert_eq!(log.conversions() as u64, result["conversions"].as_u64().unwrap(), "{name}");
    let mut want: BTreeMap<Vec<String>, u64> = BTreeMap::new();
    for path in result["paths"].as_object().unwrap().values() {
        let path = path.as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_owned()).collect();
        *want.entry(path).or_default() += 1;
    }
    let got: BTreeMap<Vec<String>, u64> =
        log.discover().variants.iter().map(|v| (v.path.iter().map(|t| t.to_string()).collect(), v.customers)).collect();
    assert_eq!(got, want, "{name}");
}

/// Row `i`'s cells as a reader of typed columns meets them: the columns in `numbers` as numbers, the others
/// as text.
fn cells<'a>(c: &Case<'a>, i: usize) -> EventValues<'a> {
    let row = c.rows[i];
    let number = |k: usize| row[k].map(|t| t.parse::<f64>().unwrap());
    let timestamp =
        if c.numbers.contains(&"timestamp") { number(1).map(Timestamp::Epoch) } else { row[1].map(Timestamp::Text) };
    let outcome =
        if c.numbers.contains(&"outcome") { number(3).map(Outcome::Number) } else { row[3].map(Outcome::Text) };
    EventValues { customer: row[0], timestamp, touchpoint: row[2], outcome, ..EventValues::default() }
}

/// The error of the builder or of columns: the kind of the manifest's `values`, the place before the
/// message, and the row and field as its location.
fn check_values_error(manifest: &Value, name: &str, e: &Error, want: (u64, EventField, &str), reader: &str) {
    assert_eq!(e.kind().as_str(), manifest["kinds"]["values"], "{name}: {reader}");
    assert_eq!(table_fault(e), want, "{name}: {reader}");
    let (row, field, message) = want;
    assert_eq!(e.to_string(), format!("row {row}, column \"{field}\": {message}"), "{name}: {reader}");
}

#[test]
fn every_reader_gives_the_same_row_column_and_message() {
    let manifest = manifest();
    let cases = cases(&manifest);
    assert!(cases.len() >= 15);
    let columns = EventColumns { outcome: Some("outcome".into()), ..EventColumns::default() };
    let mut from_columns = 0;
    for c in &cases {
        let (name, case) = (c.name, c.case);
        let expected = expected_error(case);
        // CSV, read sequentially and in parts.
        let text = csv(&c.rows);
        for read in
            [EventLog::from_csv_str(&text, &columns), EventLog::from_csv_bytes_in_parts(text.as_bytes(), &columns, 3)]
        {
            match (read, expected) {
                (Ok(log), None) => check_log(name, &log, case),
                (Err(e), Some((row, _, message))) => {
                    let message = case["csv_message"].as_str().unwrap_or(message);
                    let column = case["error"]["column"].as_str().unwrap();
                    assert_eq!(e.kind(), ErrorKind::Csv, "{name}");
                    assert_eq!(e.to_string(), format!("line {}, column \"{column}\": {message}", row + 2), "{name}");
                }
                (got, _) => panic!("{name}: CSV gave {got:?}"),
            }
        }
        // The builder, given the typed cells, and given the events they make.
        let mut builder = EventLogBuilder::new().with_outcome_column();
        let mut events = EventLogBuilder::new().with_outcome_column();
        let mut pushed = Ok(());
        for i in 0..c.rows.len() {
            pushed = builder.push_values(&cells(c, i));
            // The cells' event, pushed as an event: the same log, or the same fault.
            let event = cells(c, i).check(i as u64).and_then(|e| events.push(&e).map(|()| e));
            assert_eq!(
                event.as_ref().err().map(Error::to_string),
                pushed.as_ref().err().map(Error::to_string),
                "{name}"
            );
            if pushed.is_err() {
                break;
            }
        }
        match (pushed, expected) {
            (Ok(()), None) => {
                check_log(name, &builder.build().unwrap(), case);
                check_log(name, &events.build().unwrap(), case);
            }
            (Err(e), Some(want)) => check_values_error(&manifest, name, &e, want, "builder"),
            (got, _) => panic!("{name}: the builder gave {got:?}"),
        }
        // Columns: the ids as they are (nulls included) and the outcomes as numbers as they are, when every
        // timestamp and text outcome converts (a column of milliseconds or of numbers cannot hold the others:
        // the builder above has the fault of such a case).
        let values: Option<Vec<(i64, f64)>> = (0..c.rows.len())
            .map(|i| {
                let cells = cells(c, i);
                let good_ids = EventValues { customer: Some("x"), touchpoint: Some("x"), ..cells };
                let number = c.numbers.contains(&"outcome").then(|| c.rows[i][3].map(|t| t.parse::<f64>().unwrap()));
                let as_text = EventValues { outcome: None, ..good_ids };
                match number {
                    // A number goes to the columns as it is (the log checks it).
                    Some(v) => as_text.check(0).ok().map(|e| (e.timestamp_ns, v.unwrap_or(0.0))),
                    None => good_ids.check(0).ok().map(|e| (e.timestamp_ns, e.outcome.unwrap_or(0.0))),
                }
            })
            .collect();
        if let Some(values) = values {
            from_columns += 1;
            let customers: Vec<Option<&str>> = c.rows.iter().map(|r| r[0]).collect();
            let touchpoints: Vec<Option<&str>> = c.rows.iter().map(|r| r[2]).collect();
            let times: Vec<i64> = values.iter().map(|v| v.0).collect();
            let outcomes: Vec<f64> = values.iter().map(|v| v.1).collect();
            let chunk = EventChunk { outcome: Some(&outcomes), ..EventChunk::new(&customers, &times, &touchpoints) };
            match (EventLog::from_columns(&[chunk]), expected) {
                (Ok(log), None) => check_log(name, &log, case),
                (Err(e), Some(want)) => check_values_error(&manifest, name, &e, want, "columns"),
                (got, _) => panic!("{name}: the columns gave {got:?}"),
            }
        }
    }
    assert!(from_columns >= 10, "{from_columns} cases read from columns");
}

/// The case as an Arrow table: the columns in `numbers` as float64 (each cell parsed, `NaN` included), the
/// others as utf8.
#[cfg(feature = "arrow")]
fn arrow_table(
    c: &Case<'_>,
) -> arrow_array::RecordBatchIterator<std::vec::IntoIter<Result<arrow_array::RecordBatch, arrow_schema::ArrowError>>> {
    use arrow_array::{ArrayRef, Float64Array, RecordBatch, RecordBatchIterator, StringArray};
    use std::sync::Arc;

    let columns = COLUMNS.iter().enumerate().map(|(k, name)| {
        let cells = c.rows.iter().map(|r| r[k]);
        let array: ArrayRef = if c.numbers.contains(name) {
            Arc::new(cells.map(|v| v.map(|t| t.parse::<f64>().unwrap())).collect::<Float64Array>())
        } else {
            Arc::new(cells.collect::<StringArray>())
        };
        (*name, array)
    });
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let schema = batch.schema();
    RecordBatchIterator::new(vec![Ok(batch)].into_iter(), schema)
}

#[cfg(feature = "arrow")]
#[test]
fn the_arrow_reader_gives_the_same_row_column_and_message() {
    let manifest = manifest();
    let columns = EventColumns { outcome: Some("outcome".into()), ..EventColumns::default() };
    for c in cases(&manifest) {
        let (name, case) = (c.name, c.case);
        match (EventLog::from_arrow(arrow_table(&c), &columns), expected_error(case)) {
            (Ok(log), None) => check_log(name, &log, case),
            (Err(e), Some((row, _, message))) => {
                let column = case["error"]["column"].as_str().unwrap();
                assert_eq!(e.kind().as_str(), manifest["kinds"]["arrow"], "{name}");
                assert_eq!(e.to_string(), format!("row {row}, column \"{column}\": {message}"), "{name}");
                match e {
                    journey_core::Error::Table { row: at, column: named, .. } => {
                        assert_eq!((at, named.as_str()), (Some(row), column), "{name}");
                    }
                    e => panic!("{name}: {e:?}"),
                }
            }
            (got, _) => panic!("{name}: Arrow gave {got:?}"),
        }
    }
}
