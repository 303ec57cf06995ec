//! The Arrow reader (feature `arrow`): the example Parquet file reads as the same log as its CSV, every
//! Arrow type a column may have reads as its text would, a column the log cannot take is an `Error::Arrow`
//! naming it, and a value an `Error::Table` naming its row and column. The shared hostile rows run through it in `hostile_rows.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ops::ControlFlow;
use std::sync::Arc;

use arrow_array::builder::StringDictionaryBuilder;
use arrow_array::types::Int8Type;
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array, LargeStringArray, NullArray,
    RecordBatch, RecordBatchIterator, RecordBatchReader, StringArray, StringViewArray, TimestampMicrosecondArray,
    TimestampMillisecondArray, TimestampNanosecondArray, TimestampSecondArray, UInt8Array,
};
use arrow_schema::{ArrowError, Field, Schema};
use journey_core::analytics::{EventColumns, EventLog};
use journey_core::{Error, ErrorKind};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

mod common;

#[test]
fn the_parquet_example_reads_as_its_csv() {
    let csv = common::example_log();
    for batch_size in [1000, 8192] {
        let file = std::fs::File::open(common::example_data("electronics-events.parquet")).unwrap();
        let reader =
            ParquetRecordBatchReaderBuilder::try_new(file).unwrap().with_batch_size(batch_size).build().unwrap();
        let parquet = EventLog::from_arrow(reader, &common::example_columns()).unwrap();
        assert_eq!((parquet.len(), parquet.customer_count()), (9076, 3000));
        assert!(parquet.conversions() > 0);
        assert!(parquet == csv, "batches of {batch_size} rows");
    }
}

/// A reader of one batch of these columns.
fn reader(columns: Vec<(&str, ArrayRef)>) -> impl RecordBatchReader {
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let schema = batch.schema();
    RecordBatchIterator::new(vec![Ok(batch)].into_iter(), schema)
}

fn strings(values: &[&str]) -> ArrayRef {
    Arc::new(StringArray::from(values.to_vec()))
}

/// Three events of two customers, with this timestamp column (2026-03-01T00:00:00Z, +1 s, 2026-03-02).
fn with_timestamps(timestamp: ArrayRef) -> Vec<(&'static str, ArrayRef)> {
    vec![
        ("customer_id", strings(&["a", "a", "b"])),
        ("timestamp", timestamp),
        ("touchpoint", strings(&["ad", "site", "ad"])),
    ]
}

const TEXT: &str = "customer_id,timestamp,touchpoint\na,2026-03-01T00:00:00Z,ad\na,2026-03-01T00:00:01Z,site\n\
                    b,2026-03-02T00:00:00Z,ad\n";

fn read(columns: Vec<(&str, ArrayRef)>, names: &EventColumns) -> Result<EventLog, Error> {
    EventLog::from_arrow(reader(columns), names)
}

#[test]
fn every_timestamp_type_reads_as_its_text() {
    let want = EventLog::from_csv_str(TEXT, &EventColumns::default()).unwrap();
    let s = [1_772_323_200i64, 1_772_323_201, 1_772_409_600];
    let columns: Vec<ArrayRef> = vec![
        Arc::new(TimestampSecondArray::from(s.to_vec())),
        Arc::new(TimestampMillisecondArray::from(s.map(|s| s * 1000).to_vec()).with_timezone("+02:00")),
        Arc::new(TimestampMicrosecondArray::from(s.map(|s| s * 1_000_000).to_vec())),
        Arc::new(TimestampNanosecondArray::from(s.map(|s| s * 1_000_000_000).to_vec())),
        // Epoch seconds and milliseconds as numbers, by the rule of text.
        Arc::new(Int64Array::from(s.to_vec())),
        Arc::new(Int64Array::from(s.map(|s| s * 1000).to_vec())),
        Arc::new(Float64Array::from(s.map(|s| s as f64).to_vec())),
        strings(&["2026-03-01T00:00:00Z", "2026-03-01T01:00:01+01:00", "2026-03-02"]),
    ];
    for timestamp in columns {
        let t = timestamp.data_type().clone();
        assert!(read(with_timestamps(timestamp), &EventColumns::default()).unwrap() == want, "{t}");
    }
    // A date is its midnight (UTC).
    let dates: ArrayRef = Arc::new(Date32Array::from(vec![20_513, 20_513, 20_514]));
    let log = read(with_timestamps(dates), &EventColumns::default()).unwrap();
    assert_eq!(log.discover().transitions[0].mean_seconds, 0.0);
}

#[test]
fn ids_of_every_text_type_and_integers_read_as_text() {
    let want = EventLog::from_csv_str(TEXT, &EventColumns::default()).unwrap();
    let mut dictionary = StringDictionaryBuilder::<Int8Type>::new();
    for v in ["a", "a", "b"] {
        dictionary.append_value(v);
    }
    let customers: Vec<ArrayRef> = vec![
        Arc::new(LargeStringArray::from(vec!["a", "a", "b"])),
        Arc::new(StringViewArray::from(vec!["a", "a", "b"])),
        Arc::new(dictionary.finish()),
        // Padded ids are trimmed, as in a CSV file.
        strings(&[" a", "a ", "b"]),
    ];
    let timestamps = || -> ArrayRef { strings(&["2026-03-01T00:00:00Z", "2026-03-01T00:00:01Z", "2026-03-02"]) };
    for customer in customers {
        let t = customer.data_type().clone();
        let columns = vec![
            ("customer_id", customer),
            ("timestamp", timestamps()),
            ("touchpoint", strings(&["ad", "site", "ad"])),
        ];
        assert!(read(columns, &EventColumns::default()).unwrap() == want, "{t}");
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("customer_id", Arc::new(UInt8Array::from(vec![7, 7, 42]))),
        ("timestamp", timestamps()),
        ("touchpoint", Arc::new(Int32Array::from(vec![-1, 2, -1]))),
    ];
    let log = read(columns, &EventColumns::default()).unwrap();
    let text = "customer_id,timestamp,touchpoint\n7,2026-03-01T00:00:00Z,-1\n7,2026-03-01T00:00:01Z,2\n\
                42,2026-03-02,-1\n";
    assert!(log == EventLog::from_csv_str(text, &EventColumns::default()).unwrap());
}

#[test]
fn outcomes_and_sequences_read_by_the_rules_of_text() {
    let names = EventColumns { outcome: Some("outcome".into()), ..EventColumns::default() };
    let want = EventLog::from_csv_str(
        "customer_id,timestamp,touchpoint,outcome\na,2026-03-01,ad,0\na,2026-03-02,site,1\nb,2026-03-02,ad,0\n",
        &names,
    )
    .unwrap();
    let outcomes: Vec<ArrayRef> = vec![
        Arc::new(BooleanArray::from(vec![false, true, false])),
        Arc::new(Int64Array::from(vec![0, 1, 0])),
        Arc::new(Float64Array::from(vec![Some(0.0), Some(1.0), None])),
        strings(&["no", "yes", "0"]),
    ];
    for outcome in outcomes {
        let t = outcome.data_type().clone();
        let columns = vec![
            ("customer_id", strings(&["a", "a", "b"])),
            ("timestamp", strings(&["2026-03-01", "2026-03-02", "2026-03-02"])),
            ("touchpoint", strings(&["ad", "site", "ad"])),
            ("outcome", outcome),
        ];
        assert!(read(columns, &names).unwrap() == want, "{t}");
    }
    // A sequence orders events at the same time: integers, whole floats or integer strings.
    let names = EventColumns { sequence: Some("seq".into()), ..EventColumns::default() };
    let sequences: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from(vec![2, 1])),
        Arc::new(Float64Array::from(vec![2.0, 1.0])),
        strings(&["2", "1"]),
    ];
    for seq in sequences {
        let columns = vec![
            ("customer_id", strings(&["a", "a"])),
            ("timestamp", strings(&["2026-03-01", "2026-03-01"])),
            ("touchpoint", strings(&["second", "first"])),
            ("seq", seq),
        ];
        let found = read(columns, &names).unwrap().discover();
        assert_eq!((found.transitions[0].source.as_str(), found.transitions[0].target.as_str()), ("first", "second"));
    }
}

/// The error's row, column and message: an `Error::Arrow` (kind `arrow`) for the stream or a column, without
/// a row; an `Error::Table` (kind `csv`, as every table of values) for a value at a row.
fn refused(read: Result<EventLog, Error>) -> (Option<u64>, Option<String>, String) {
    let e = read.expect_err("an error");
    let (shown, kind) = (e.to_string(), e.kind());
    match e {
        Error::Arrow { column, message } => {
            assert_eq!((kind, shown.as_str()), (ErrorKind::Arrow, message.as_str()));
            (None, column, message)
        }
        Error::Table { row: Some(r), column, message } => {
            assert_eq!(kind, ErrorKind::Csv, "{shown}");
            assert_eq!(shown, format!("row {r}, column \"{column}\": {message}"));
            (Some(r), Some(column), message)
        }
        e => panic!("neither an Arrow error nor a value at a row: {e:?}"),
    }
}

#[test]
fn columns_missing_repeated_or_of_the_wrong_type_are_named() {
    let good = || with_timestamps(strings(&["2026-03-01", "2026-03-01", "2026-03-02"]));
    let named = |name: &str| EventColumns { outcome: Some(name.into()), ..EventColumns::default() };
    assert_eq!(
        refused(read(good(), &named("value"))),
        (
            None,
            Some("value".into()),
            "missing column \"value\", expected it among: customer_id, timestamp, touchpoint".into()
        )
    );
    let mut twice = good();
    twice.push(("touchpoint", strings(&["x", "y", "z"])));
    let (row, column, message) = refused(read(twice, &EventColumns::default()));
    assert_eq!((row, column.as_deref()), (None, Some("touchpoint")));
    assert!(message.starts_with("column \"touchpoint\" appears more than once, at positions 3 and 4"), "{message}");
    let mut floats = good();
    floats[0].1 = Arc::new(Float64Array::from(vec![1.5, 2.5, 3.5]));
    let (row, column, message) = refused(read(floats, &EventColumns::default()));
    assert_eq!((row, column.as_deref()), (None, Some("customer_id")));
    assert!(message.starts_with("column \"customer_id\": values of type Float64 cannot be read, expected strings"));
    let flags: Vec<(&str, ArrayRef)> = with_timestamps(Arc::new(BooleanArray::from(vec![true, false, true])));
    let (_, _, message) = refused(read(flags, &EventColumns::default()));
    assert!(message.starts_with("column \"timestamp\": values of type Boolean cannot be read"), "{message}");
}

#[test]
fn a_value_at_fault_names_its_row_counted_across_batches() {
    let batch = |customers: &[&str], times: &[&str]| {
        RecordBatch::try_from_iter([
            ("customer_id", strings(customers)),
            ("timestamp", strings(times)),
            ("touchpoint", strings(&vec!["ad"; customers.len()])),
        ])
        .unwrap()
    };
    let batches = vec![batch(&["a", "b"], &["2026-03-01", "2026-03-02"]), batch(&["c", "d"], &["2026-03-03", "later"])];
    let schema = batches[0].schema();
    let reader = RecordBatchIterator::new(batches.into_iter().map(Ok), schema);
    let (row, column, message) = refused(EventLog::from_arrow(reader, &EventColumns::default()));
    assert_eq!((row, column.as_deref()), (Some(3), Some("timestamp")));
    assert!(message.starts_with("cannot read \"later\" as a timestamp"), "{message}");
    let nulls = vec![
        ("customer_id", strings(&["a", "b"])),
        ("timestamp", strings(&["2026-03-01", "2026-03-02"])),
        ("touchpoint", Arc::new(NullArray::new(2)) as ArrayRef),
    ];
    assert_eq!(
        refused(read(nulls, &EventColumns::default())),
        (Some(0), Some("touchpoint".into()), "touchpoint is missing (null), expected a touchpoint id".into())
    );
}

#[test]
fn a_table_without_rows_is_an_empty_log_whatever_its_types() {
    let schema = Arc::new(Schema::new(vec![
        Field::new("customer_id", arrow_schema::DataType::Float64, true),
        Field::new("timestamp", arrow_schema::DataType::Float64, true),
        Field::new("touchpoint", arrow_schema::DataType::Float64, true),
        Field::new("value", arrow_schema::DataType::Float64, true),
    ]));
    let names = EventColumns { outcome: Some("value".into()), ..EventColumns::default() };
    let empty = || RecordBatchIterator::new(Vec::<Result<RecordBatch, ArrowError>>::new().into_iter(), schema.clone());
    let log = EventLog::from_arrow(empty(), &names).unwrap();
    assert!(log.is_empty() && log.has_outcome());
    // A column named but not in the schema is missing all the same.
    let named = EventColumns { segment: Some("segment".into()), ..EventColumns::default() };
    assert_eq!(refused(EventLog::from_arrow(empty(), &named)).1.as_deref(), Some("segment"));
}

#[test]
fn a_failing_stream_and_a_request_to_stop_are_errors() {
    let schema = Arc::new(Schema::new(vec![Field::new("customer_id", arrow_schema::DataType::Utf8, true)]));
    let failing = RecordBatchIterator::new([Err(ArrowError::ParseError("disk gone".into()))].into_iter(), schema);
    let (row, column, message) = refused(EventLog::from_arrow(failing, &EventColumns::default()));
    assert_eq!((row, column), (None, None));
    assert!(message.starts_with("cannot read the Arrow stream: ") && message.contains("disk gone"), "{message}");
    let columns = with_timestamps(strings(&["2026-03-01", "2026-03-01", "2026-03-02"]));
    let mut seen = Vec::new();
    let log = EventLog::from_arrow_with_progress(reader(columns.clone()), &EventColumns::default(), &mut |p| {
        seen.push((p.done, p.total));
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!((log.len(), seen.first(), seen.last()), (3, Some(&(0, 6)), Some(&(6, 6))));
    let stopped =
        EventLog::from_arrow_with_progress(reader(columns), &EventColumns::default(), &mut |_| ControlFlow::Break(()));
    assert_eq!(stopped.expect_err("stopped").kind(), ErrorKind::Cancelled);
}
