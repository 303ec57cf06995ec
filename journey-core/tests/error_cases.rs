//! The shared error cases in `tests/fixtures/errors/cases.json`, which the Python and JavaScript tests run
//! too: each bad input gives the same kind, message and location everywhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::analytics::{EventColumns, EventLog, EventLogBuilder, EventValues, Timestamp};
use journey_core::{Error, ErrorColumn, ErrorLocation, Journey};
use serde_json::{Value, json};

fn cases() -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/errors/cases.json");
    let text = std::fs::read_to_string(path).expect("errors/cases.json");
    let all: Value = serde_json::from_str(&text).expect("errors/cases.json is JSON");
    all["cases"].as_array().expect("cases").clone()
}

fn text(case: &Value, key: &str) -> String {
    case[key].as_str().unwrap_or_else(|| panic!("{}: no {key}", case["name"])).to_owned()
}

/// The error the case's input gives.
fn error_of(case: &Value) -> Error {
    let result = match text(case, "loader").as_str() {
        "json_text" => Journey::from_json(&text(case, "text")).map(drop),
        "document" => Journey::from_value(case["document"].clone()).map(drop),
        "csv_sheet" => Journey::from_csv_sheet(&text(case, "text"), &text(case, "id"), &text(case, "title")).map(drop),
        "events_csv" => EventLog::from_csv_str(&text(case, "text"), &EventColumns::default()).map(drop),
        "mermaid" => Journey::from_mermaid(&text(case, "text"), "journey").map(drop),
        "persona_touchpoints" => {
            let map = Journey::from_value(case["document"].clone()).expect("the case's map loads");
            map.touchpoints_for_persona(&text(case, "id")).map(drop)
        }
        "event_columns" => event_columns(&case["columns"]).map(drop),
        other => panic!("unknown loader {other:?}"),
    };
    result.expect_err(&format!("{}: expected an error", case["name"]))
}

/// An event table given as columns of text or null: each row's cells pushed as text.
fn event_columns(columns: &Value) -> Result<EventLog, Error> {
    let column = |field: &str| columns[field].as_array().unwrap_or_else(|| panic!("no column {field}")).clone();
    let (customers, times, touchpoints) = (column("customer"), column("timestamp"), column("touchpoint"));
    let mut builder = EventLogBuilder::new();
    for ((customer, time), touchpoint) in customers.iter().zip(&times).zip(&touchpoints) {
        builder.push_values(&EventValues {
            customer: customer.as_str(),
            timestamp: time.as_str().map(Timestamp::Text),
            touchpoint: touchpoint.as_str(),
            ..EventValues::default()
        })?;
    }
    builder.build()
}

/// A location as the fixture writes it: only the fields it has.
fn as_json(location: &ErrorLocation) -> Value {
    let mut out = serde_json::Map::new();
    if let Some(path) = &location.path {
        out.insert("path".into(), json!(path));
    }
    if let Some(line) = location.line {
        out.insert("line".into(), json!(line));
    }
    match &location.column {
        Some(ErrorColumn::Number(n)) => out.insert("column".into(), json!(n)),
        Some(ErrorColumn::Name(name)) => out.insert("column".into(), json!(name)),
        None => None,
    };
    if let Some(row) = location.row {
        out.insert("row".into(), json!(row));
    }
    Value::Object(out)
}

#[test]
fn every_case_gives_its_kind_message_and_location() {
    let cases = cases();
    assert!(cases.len() >= 10, "the fixture has its cases");
    for case in &cases {
        let error = error_of(case);
        let name = &case["name"];
        assert_eq!(error.kind().as_str(), case["kind"], "{name}: kind");
        assert_eq!(error.to_string(), case["message"], "{name}: message");
        assert_eq!(as_json(&error.location()), case["location"], "{name}: location");
    }
}

#[test]
fn a_document_reads_as_its_json_text_does() {
    // The same document as text and as a value tree: the same kind and path, and the same message but for
    // the line and column that only text has.
    for case in cases().iter().filter(|c| c["loader"] == "document") {
        let from_text = Journey::from_json(&case["document"].to_string()).expect_err("an error from the text");
        let from_value = error_of(case);
        assert_eq!(from_text.kind(), from_value.kind(), "{}", case["name"]);
        assert_eq!(from_text.location().path, from_value.location().path, "{}", case["name"]);
        let message = from_text.to_string();
        let without_place = match (&from_text, from_text.location().path) {
            (Error::Json { .. }, Some(path)) => {
                let rest = message.split_once(": line ").expect("a place").1;
                format!("{path}: {}", rest.split_once(": ").expect("a message").1)
            }
            _ => message,
        };
        assert_eq!(without_place, from_value.to_string(), "{}", case["name"]);
    }
}
