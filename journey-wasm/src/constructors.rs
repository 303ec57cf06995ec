//! The classes that are not made by calling them: `new Journey()` and `new EventLog()` throw kind `argument`
//! naming the ways to make one (the core's message, as in Python), instead of making an empty object whose
//! every method would then fail.

use journey_core::binding::no_constructor;
use wasm_bindgen::prelude::*;

use crate::analytics::EventLog;
use crate::error::JsResult;
use crate::journey::Journey;

#[wasm_bindgen]
impl Journey {
    /// Not made by calling it: throws kind `argument` naming the ways to make one (`Journey.fromJson`,
    /// `JourneyBuilder`, ...).
    #[wasm_bindgen(constructor)]
    pub fn no_constructor() -> JsResult<Journey> {
        let makers = ["Journey.fromJson", "Journey.fromCsvSheet", "Journey.fromMermaid", "JourneyBuilder"];
        Err(no_constructor("Journey", &makers).into())
    }
}

#[wasm_bindgen]
impl EventLog {
    /// Not made by calling it: throws kind `argument` naming the ways to make one (`EventLog.fromCsv`,
    /// `EventLog.fromFile`, `EventLog.fromArrays`).
    #[wasm_bindgen(constructor)]
    pub fn no_constructor() -> JsResult<EventLog> {
        Err(no_constructor("EventLog", &["EventLog.fromCsv", "EventLog.fromFile", "EventLog.fromArrays"]).into())
    }
}
