//! What several test files share (`mod common;`): the example event log and its columns, the place of the
//! error of a table given as values, and a comparison of figures to within rounding.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::analytics::{EventColumns, EventField, EventLog};
use journey_core::{Error, ErrorKind};

/// Whether `a` is `b` to within rounding (a relative 1e-9, absolute near 0).
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// A file of `examples/data/`.
pub fn example_data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data").join(name)
}

/// The columns of the example event log (`electronics-events.csv`, and its Parquet copy): every optional
/// column it has.
pub fn example_columns() -> EventColumns {
    EventColumns {
        channel: Some("channel".into()),
        device: Some("device".into()),
        session: Some("session".into()),
        segment: Some("segment".into()),
        outcome: Some("order_value".into()),
        ..EventColumns::default()
    }
}

/// The example event log, read from its CSV file.
pub fn example_log() -> EventLog {
    EventLog::load_csv(example_data("electronics-events.csv"), &example_columns()).unwrap()
}

/// The row, field and message of an [`Error::Table`] at a row: the error of `EventLogBuilder::push` and of
/// `EventLog::from_columns`, which is of kind `csv` as the CSV reader's error for the same row is, and whose
/// location is that row and the field's name.
pub fn table_fault(e: &Error) -> (u64, EventField, &str) {
    assert_eq!(e.kind(), ErrorKind::Csv, "{e}");
    match e {
        Error::Table { row: Some(row), column, message } => {
            assert_eq!(e.to_string(), format!("row {row}, column \"{column}\": {message}"));
            assert_eq!(
                (e.location().row, e.location().column),
                (Some(*row), Some(journey_core::ErrorColumn::Name(column.clone())))
            );
            (*row, column.parse().unwrap(), message)
        }
        e => panic!("not a row of a table: {e:?}"),
    }
}
