//! WebAssembly bindings of journey: customer journey maps in the browser and in Node.
//!
//! The bindings are thin: every class wraps a `journey_core` type, data crosses as plain objects shaped like
//! the JSON file format, and core errors are thrown as JavaScript `Error`s with a stable `kind` (see
//! [`error`]). Build with `scripts/build-wasm.sh`.

mod analysis;
mod analytics;
pub mod builder;
mod constructors;
mod convert;
pub mod error;
pub mod journey;
mod options;
mod partial;
mod render;
mod what_if;
mod words;

use wasm_bindgen::prelude::*;

pub use analysis::{default_scoring_model, diff};
pub use analytics::EventLog;
pub use builder::JourneyBuilder;
pub use error::{JsResult, Thrown};
pub use journey::Journey;
pub use render::{attribution_svg, funnel_svg, paths_sankey_svg, time_to_convert_svg};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A channel name, or `other:<name>` for a channel the list does not have. */
export type Channel =
  | "web" | "mobile_app" | "email" | "sms" | "social" | "paid_ads" | "search" | "display" | "referral"
  | "affiliate" | "video" | "store" | "phone" | "chat" | "event" | "print" | "third_party"
  | `other:${string}`;

/** What a backlog line is about: the gap's kind for a gap, `pain_point` or `opportunity` otherwise. */
export type BacklogKind = GapKind | "pain_point" | "opportunity";

/** Something that hurts the customer. */
export type PainPoint = Moment;
/** Something that delights the customer. */
export type Delight = Moment;

/** The stable names of the kinds of error the library throws. */
export type ErrorKind =
  | "json" | "csv" | "arrow" | "mermaid" | "encoding" | "empty" | "too_large" | "schema_version" | "invalid"
  | "io" | "not_found" | "duplicate" | "argument" | "cancelled" | "partial";

/**
 * What every function of this module throws: an `Error` with a stable `kind` and, when the error has a place
 * in the input, where it is (each property only when the error has it).
 */
export interface JourneyError extends Error {
  name: "JourneyError";
  kind: ErrorKind;
  /** JSON path of the value at fault (`touchpoints[3].emotion`), for kind `json`. */
  path?: string;
  /** Line of the error (1-based; a CSV header is line 1), for kinds `json` (text), `csv` and `mermaid`. */
  line?: number;
  /** Column: a number (1-based) in JSON text, the column's name in a CSV file. */
  column?: number | string;
  /** Row of an event log given as arrays (counted from 0). */
  row?: number;
  /** Every problem found, for kind `invalid`. */
  problems?: Problem[];
}
"#;

/// The JSON Schema of the journey file format, as pretty-printed JSON.
#[wasm_bindgen(js_name = jsonSchema)]
pub fn json_schema() -> String {
    journey_core::io::json_schema()
}

/// The file format version this library reads and writes.
#[wasm_bindgen(js_name = schemaVersion)]
pub fn schema_version() -> u32 {
    journey_core::SCHEMA_VERSION
}
