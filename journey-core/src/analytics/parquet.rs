//! Event logs from Parquet files (the `parquet` feature): the file's rows as Arrow record batches through
//! the `parquet` crate's Arrow reader, read by [`EventLog::from_arrow`] with its columns, checks and messages.

use std::fs::File;
use std::ops::ControlFlow;
use std::path::Path;

use arrow_array::{RecordBatch, RecordBatchIterator, RecordBatchReader};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::csv::EventColumns;
use super::log::EventLog;
use super::progress::Progress;
use crate::parallel::PIECE_ROWS;
use crate::{Error, Result};

/// An [`Error::Arrow`] about the whole file: `what` went wrong, and what the reader said.
fn not_read(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Arrow { column: None, message: format!("{what} ({e})") }
}

impl EventLog {
    /// Reads an event log from a Parquet file: its rows as Arrow record batches, read as
    /// [`EventLog::from_arrow`] reads them (the same column types, the same log as the CSV file of the same
    /// table). The file may be uncompressed or compressed with Snappy (pyarrow's and DuckDB's default). Only
    /// the columns `columns` names are decoded.
    ///
    /// ```
    /// use journey_core::analytics::{EventColumns, EventLog};
    ///
    /// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data");
    /// let columns = EventColumns { outcome: Some("order_value".into()), ..EventColumns::default() };
    /// let parquet = EventLog::load_parquet(dir.join("electronics-events.parquet"), &columns)?;
    /// let csv = EventLog::load_csv(dir.join("electronics-events.csv"), &columns)?;
    /// assert_eq!((parquet.len(), parquet.conversions()), (csv.len(), csv.conversions()));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Io`] naming the file when it cannot be opened; [`Error::Arrow`] when it is not a Parquet
    /// file (the message says so) or a page of it cannot be decoded (a codec other than Snappy, a damaged
    /// file); and those of [`EventLog::from_arrow`]. As with the CSV reader, the caller names the file in
    /// the errors about its content.
    pub fn load_parquet(path: impl AsRef<Path>, columns: &EventColumns) -> Result<EventLog> {
        // Without a callback nothing asks to stop.
        Self::load_parquet_with_progress(path, columns, &mut |_| ControlFlow::Continue(()))
    }

    /// [`EventLog::load_parquet`] following progress as [`EventLog::from_arrow_with_progress`] does (rows,
    /// once the file is read).
    ///
    /// # Errors
    /// As [`EventLog::load_parquet`], and [`Error::Cancelled`] when `progress` asked to stop.
    pub fn load_parquet_with_progress(
        path: impl AsRef<Path>,
        columns: &EventColumns,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<EventLog> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| not_read("not a Parquet file", e))?;
        // Only the columns the log reads are decoded; one the file lacks is reported with all those it has.
        let mask = {
            let names: Vec<&str> = builder.schema().fields().iter().map(|f| f.name().as_str()).collect();
            let at = columns.arrow_positions(&names)?;
            let optional = [at.channel, at.device, at.session, at.segment, at.reason, at.outcome, at.sequence];
            let read = [at.customer, at.timestamp, at.touchpoint].into_iter().chain(optional.into_iter().flatten());
            ProjectionMask::roots(builder.parquet_schema(), read)
        };
        let reader = builder
            .with_projection(mask)
            .with_batch_size(PIECE_ROWS)
            .build()
            .map_err(|e| not_read("not a Parquet file", e))?;
        let schema = reader.schema();
        let batches: Vec<RecordBatch> = reader
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| not_read("a page of the Parquet file cannot be decoded", e))?;
        Self::from_arrow_with_progress(RecordBatchIterator::new(batches.into_iter().map(Ok), schema), columns, progress)
    }
}
