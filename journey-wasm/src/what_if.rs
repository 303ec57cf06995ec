//! `EventLog.whatIf` (conversions and value before and after changes to what customers do, from the core's
//! absorbing Markov chain) and `Journey.prioritize` with an optional `log` for each line's estimated effect.

use journey_core::Error;
use journey_core::analytics::WhatIfChange;
use wasm_bindgen::prelude::*;

use crate::analysis::GapOptions;
use crate::analytics::{EventLog, with_optional_log};
use crate::convert::{from_js, to_js};
use crate::error::JsResult;
use crate::options::read_options_with;

#[wasm_bindgen(typescript_custom_section)]
const TS_WHAT_IF: &'static str = r#"
/** Options of `Journey.prioritize`: those of `gaps`, and an event log for each line's estimated effect. */
export interface PrioritizeOptions extends GapOptions {
  /**
   * With a log (it needs an outcome column), each line's `effect`: the extra conversions and value if the
   * line's touchpoint lost fewer customers, from the absorbing Markov chain of the log's paths.
   */
  log?: EventLog;
}
"#;

/// `Journey.prioritize(options)`: the backlog, with effects when `options.log` is an `EventLog`.
pub(crate) fn prioritize(journey: &journey_core::Journey, options: &JsValue) -> JsResult<JsValue> {
    // The other options are those of `gaps`.
    let o: GapOptions = read_options_with(options, "options", &["log"])?;
    let log = if options.is_object() {
        js_sys::Reflect::get(options, &JsValue::from_str("log")).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    };
    let as_of = o.as_of();
    let items = with_optional_log(&log, "options.log", |log| match log {
        Some(log) => journey.prioritize_with_log(&o.model, as_of, log),
        None => journey.prioritize(&o.model, as_of),
    })??;
    Ok(to_js(&items)?)
}

#[wasm_bindgen]
impl EventLog {
    /// Conversions and value before and after `changes` (`{change: "completion", touchpoint, completion}`
    /// or `{change: "remove_transition", from, to}`), from the absorbing Markov chain of order 1 of the
    /// observed paths, solved exactly; each change's effect alone is in `changes`. Completion 0 gives the
    /// Markov removal effect. Removals apply first, then completions.
    ///
    /// Throws kind `argument` naming the change at fault (`changes[0].completion`): an unknown touchpoint,
    /// a completion outside 0..1, a transition no customer took, two completions of one touchpoint, or a
    /// log without an outcome column.
    #[wasm_bindgen(js_name = whatIf, unchecked_return_type = "WhatIf")]
    pub fn what_if(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WhatIfChange[]")] changes: JsValue,
    ) -> JsResult<JsValue> {
        let changes: Vec<WhatIfChange> = from_js(&changes, "changes").map_err(|e| match e {
            // `changes.[0].completion` as `changes[0].completion`, the name the core gives.
            Error::Argument { name, message } => {
                Error::Argument { name: name.replacen("changes.[", "changes[", 1), message }
            }
            e => e,
        })?;
        Ok(to_js(&self.inner.what_if(&changes)?)?)
    }
}
