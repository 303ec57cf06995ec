//! Reads an event log from a Parquet file with the `arrow` feature and prints what customers did:
//! `cargo run -p journey-core --features arrow --example read_parquet [FILE]`. Without FILE it reads
//! `examples/data/electronics-events.parquet`, the example event log as Parquet (written from
//! `electronics-events.csv` by `examples/data/make_parquet.py`).
//!
//! The `parquet` crate (with its `arrow` feature) gives the file's rows as Arrow record batches;
//! `EventLog::from_arrow` takes its reader as it is.
#![allow(missing_docs)]

use std::fs::File;
use std::path::PathBuf;

use journey_core::analytics::{AttributionModel, EventColumns, EventLog};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os().nth(1).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data/electronics-events.parquet")
    });
    let file = File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)?.build()?;
    let columns = EventColumns {
        channel: Some("channel".into()),
        segment: Some("segment".into()),
        outcome: Some("order_value".into()),
        ..EventColumns::default()
    };
    let log = EventLog::from_arrow(reader, &columns)?;
    println!(
        "{}: {} events of {} customers, {} of whom converted",
        path.display(),
        log.len(),
        log.customer_count(),
        log.conversions()
    );
    let found = log.discover();
    println!("most frequent moves:");
    for t in found.transitions.iter().take(5) {
        println!("  {} -> {}: {} times", t.source, t.target, t.count);
    }
    let markov = log.attribution(AttributionModel::Markov { order: 1 }, true)?;
    println!("{} conversions attributed by the Markov model", markov.conversions);
    Ok(())
}
