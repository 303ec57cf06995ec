//! Reading and writing journeys: JSON files, the JSON Schema, spreadsheet-style CSV sheets and (with the
//! `excel` feature) Excel workbooks.

pub mod csv_sheet;
mod dot;
mod json;
pub mod mermaid;
pub(crate) mod text;
#[cfg(feature = "excel")]
pub mod xlsx;

pub(crate) use json::read_file;
pub use json::{MAX_DOCUMENT_BYTES, document_from_str, document_from_value, document_to_json, json_schema};
pub use text::{printable, printable_json};
