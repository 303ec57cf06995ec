//! What several test files share (`mod common;`): the example event log and its columns.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;

use journey_core::analytics::{EventColumns, EventLog};

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
