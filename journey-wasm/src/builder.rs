//! The `JourneyBuilder` class: a journey put together piece by piece, checked once at `build()`.

use journey_core::binding::Signature;
use journey_core::{JourneyKind, Persona, Stage, Touchpoint, Transition};
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, string_arg, type_name};
use crate::error::JsResult;
use crate::journey::Journey;

/// Builds a `Journey` piece by piece. The methods change the builder in place (they do not chain);
/// `build()` checks everything at once and can be called again after more changes.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct JourneyBuilder {
    inner: journey_core::JourneyBuilder,
}

impl From<journey_core::JourneyBuilder> for JourneyBuilder {
    fn from(inner: journey_core::JourneyBuilder) -> Self {
        JourneyBuilder { inner }
    }
}

impl From<JourneyBuilder> for journey_core::JourneyBuilder {
    fn from(b: JourneyBuilder) -> Self {
        b.inner
    }
}

#[wasm_bindgen]
impl JourneyBuilder {
    /// A builder for a journey with an id and a name; with `standardStages` it starts with the stages
    /// awareness, consideration, purchase, retention and advocacy. The arguments are checked by the core's
    /// rule (`journey_core::binding`): a missing one or one of the wrong type throws kind `argument` naming
    /// the class and the argument, as in Python.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(js_name = standardStages, unchecked_optional_param_type = "boolean")] standard_stages: JsValue,
    ) -> JsResult<JourneyBuilder> {
        let signature = Signature::new("JourneyBuilder", &["id", "name", "standardStages"], 2);
        // The arguments up to the last one given (JavaScript passes `undefined` for the others).
        let given = [&id, &name, &standard_stages].iter().rposition(|v| !v.is_undefined()).map_or(0, |i| i + 1);
        signature.bind(given, &[])?;
        let (id, name) = (string_arg(&id, &signature.argument("id"))?, string_arg(&name, &signature.argument("name"))?);
        let standard_stages = match standard_stages.as_bool() {
            Some(flag) => flag,
            None if standard_stages.is_undefined() || standard_stages.is_null() => false,
            None => {
                return Err(signature.wrong_type("standardStages", "a boolean", &type_name(&standard_stages)).into());
            }
        };
        let mut inner = journey_core::Journey::builder(id, name);
        if standard_stages {
            inner.add_standard_stages();
        }
        Ok(inner.into())
    }

    /// Sets the description.
    pub fn description(&mut self, #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> JsResult<()> {
        let text = string_arg(&text, "text")?;
        self.inner.set_description(text);
        Ok(())
    }

    /// Sets what the map describes.
    pub fn kind(&mut self, #[wasm_bindgen(unchecked_param_type = "JourneyKind")] kind: JsValue) -> JsResult<()> {
        let kind: JourneyKind = string_arg(&kind, "kind")?.parse()?;
        self.inner.set_kind(kind);
        Ok(())
    }

    /// Sets the currency of outcome values (an ISO 4217 code such as `EUR`, or a symbol such as `€`);
    /// `build` checks it.
    pub fn currency(&mut self, #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue) -> JsResult<()> {
        let code = string_arg(&code, "code")?;
        self.inner.set_currency(code);
        Ok(())
    }

    /// Sets the date of the last review (`YYYY-MM-DD`).
    #[wasm_bindgen(js_name = reviewedOn)]
    pub fn reviewed_on(&mut self, #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue) -> JsResult<()> {
        self.inner.set_reviewed_on_str(&string_arg(&date, "date")?)?;
        Ok(())
    }

    /// Adds a stage after the ones added so far.
    pub fn stage(&mut self, #[wasm_bindgen(unchecked_param_type = "Stage")] stage: JsValue) -> JsResult<()> {
        let stage: Stage = from_js(&stage, "stage")?;
        self.inner.add_stage(stage);
        Ok(())
    }

    /// Adds a persona.
    pub fn persona(&mut self, #[wasm_bindgen(unchecked_param_type = "Persona")] persona: JsValue) -> JsResult<()> {
        let persona: Persona = from_js(&persona, "persona")?;
        self.inner.add_persona(persona);
        Ok(())
    }

    /// Adds a touchpoint.
    pub fn touchpoint(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Touchpoint")] touchpoint: JsValue,
    ) -> JsResult<()> {
        let touchpoint: Touchpoint = from_js(&touchpoint, "touchpoint")?;
        self.inner.add_touchpoint(touchpoint);
        Ok(())
    }

    /// Adds a transition (`{from, to}` and optionally the other fields of the file format).
    pub fn transition(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Transition")] transition: JsValue,
    ) -> JsResult<()> {
        let transition: Transition = from_js(&transition, "transition")?;
        self.inner.add_transition(transition);
        Ok(())
    }

    /// Marks a touchpoint as an entry.
    pub fn entry(&mut self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> JsResult<()> {
        let id = string_arg(&id, "id")?;
        self.inner.add_entry(id);
        Ok(())
    }

    /// Marks a touchpoint as a goal.
    pub fn goal(&mut self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> JsResult<()> {
        let id = string_arg(&id, "id")?;
        self.inner.add_goal(id);
        Ok(())
    }

    /// Checks and builds the journey. Throws kind `invalid` with every problem found. The builder stays as
    /// it was, to be built again or added to.
    pub fn build(&self) -> JsResult<Journey> {
        Ok(self.inner.build()?.into())
    }
}
