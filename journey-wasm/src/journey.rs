//! The `Journey` class: a loaded, checked journey map and its queries.

use journey_core::Channel;
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use crate::convert::{document_from_js, js_text, optional_string, string_arg, to_js, type_name};
use crate::error::{JsResult, argument};

/// A customer journey map: touchpoints joined by transitions, grouped into ordered stages.
///
/// Data comes out as plain objects shaped like the JSON file format (snake_case fields).
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Journey {
    pub(crate) inner: journey_core::Journey,
}

impl From<journey_core::Journey> for Journey {
    fn from(inner: journey_core::Journey) -> Self {
        Journey { inner }
    }
}

impl From<Journey> for journey_core::Journey {
    fn from(j: Journey) -> Self {
        j.inner
    }
}

fn list<'a>(items: impl IntoIterator<Item = &'a journey_core::Touchpoint>) -> JsResult<JsValue> {
    Ok(to_js(&items.into_iter().collect::<Vec<_>>())?)
}

fn optional<T: serde::Serialize>(item: Option<&T>) -> JsResult<JsValue> {
    match item {
        Some(item) => Ok(to_js(item)?),
        None => Ok(JsValue::UNDEFINED),
    }
}

#[wasm_bindgen]
impl Journey {
    /// Loads and checks a journey from JSON text, from UTF-8 bytes, or from a plain object shaped like the
    /// file.
    ///
    /// Throws an `Error` with `kind` `json` (with its `path`, and for text its `line` and `column`; an object
    /// of the wrong shape too, as in Python), `encoding`, `empty`, `too_large`, `schema_version` or `invalid`
    /// (with `problems`), or `argument` for a value of another type.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | Document")] input: JsValue,
    ) -> JsResult<Journey> {
        let inner = if let Some(text) = js_text(&input, "input")? {
            journey_core::Journey::from_json(&text)?
        } else if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
            journey_core::Journey::from_json_bytes(&bytes.to_vec())?
        } else if input.is_object() && !js_sys::Array::is_array(&input) {
            journey_core::Journey::from_document(document_from_js(&input)?)?
        } else {
            return Err(argument(
                "input",
                format!("expected JSON text, a Uint8Array or a journey object, found {}", type_name(&input)),
            )
            .into());
        };
        Ok(inner.into())
    }

    /// Imports a journey from a spreadsheet-style CSV sheet (text or UTF-8 bytes), one row per touchpoint.
    ///
    /// Throws an `Error` with `kind` `csv`, `encoding`, `empty`, `too_large` or `invalid` (with `problems`),
    /// or `argument` for arguments of the wrong type.
    #[wasm_bindgen(js_name = fromCsvSheet)]
    pub fn from_csv_sheet(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> JsResult<Journey> {
        let (id, name) = (string_arg(&id, "id")?, string_arg(&name, "name")?);
        let inner = if let Some(text) = js_text(&input, "input")? {
            journey_core::Journey::from_csv_sheet(&text, &id, &name)?
        } else if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
            journey_core::Journey::from_csv_sheet_bytes(&bytes.to_vec(), &id, &name)?
        } else {
            return Err(
                argument("input", format!("expected CSV text or a Uint8Array, found {}", type_name(&input))).into()
            );
        };
        Ok(inner.into())
    }

    /// Imports a journey from a worksheet of an Excel workbook (the `.xlsx` file's bytes) laid out as a CSV
    /// sheet: the worksheet named `sheet`, or the first. Problems are reported at `sheet "Map", row N,
    /// column "col"` with the CSV sheet's messages.
    ///
    /// Throws an `Error` with `kind` `csv` (also for bytes that are not a workbook, or a missing worksheet),
    /// `empty`, `too_large` or `invalid` (with `problems`), or `argument` for arguments of the wrong type.
    #[wasm_bindgen(js_name = fromXlsxSheet)]
    pub fn from_xlsx_sheet(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] sheet: JsValue,
    ) -> JsResult<Journey> {
        let (id, name) = (string_arg(&id, "id")?, string_arg(&name, "name")?);
        let sheet = optional_string(&sheet, "sheet")?;
        let bytes = bytes.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec).ok_or_else(|| {
            argument("bytes", format!("expected the workbook as a Uint8Array, found {}", type_name(&bytes)))
        })?;
        Ok(journey_core::Journey::from_xlsx_worksheet(&bytes, sheet.as_deref(), &id, &name)?.into())
    }

    /// The journey as pretty-printed JSON, which `Journey.fromJson` reads back to an equal journey.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The journey as a plain object shaped like the JSON file.
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "Document")]
    pub fn to_object(&self) -> JsResult<JsValue> {
        Ok(to_js(&self.inner.to_document())?)
    }

    /// Every problem of the journey, each with its JSON path; empty when it is valid.
    #[wasm_bindgen(unchecked_return_type = "Problem[]")]
    pub fn validate(&self) -> JsResult<JsValue> {
        Ok(to_js(&self.inner.validate())?)
    }

    /// The stages, in order.
    #[wasm_bindgen(unchecked_return_type = "Stage[]")]
    pub fn stages(&self) -> JsResult<JsValue> {
        Ok(to_js(self.inner.stages())?)
    }

    /// All touchpoints in map order: stage by stage, and within a stage in the order they were added.
    #[wasm_bindgen(unchecked_return_type = "Touchpoint[]")]
    pub fn touchpoints(&self) -> JsResult<JsValue> {
        list(self.inner.touchpoints())
    }

    /// The personas.
    #[wasm_bindgen(unchecked_return_type = "Persona[]")]
    pub fn personas(&self) -> JsResult<JsValue> {
        Ok(to_js(self.inner.personas())?)
    }

    /// All transitions, in the order they were added.
    #[wasm_bindgen(unchecked_return_type = "Transition[]")]
    pub fn transitions(&self) -> JsResult<JsValue> {
        Ok(to_js(&self.inner.transitions().collect::<Vec<_>>())?)
    }

    /// The entry touchpoints, in the order given.
    #[wasm_bindgen(unchecked_return_type = "Touchpoint[]")]
    pub fn entries(&self) -> JsResult<JsValue> {
        list(self.inner.entries())
    }

    /// The goal (conversion) touchpoints, in the order given.
    #[wasm_bindgen(unchecked_return_type = "Touchpoint[]")]
    pub fn goals(&self) -> JsResult<JsValue> {
        list(self.inner.goals())
    }

    /// The touchpoint with this id, or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "Touchpoint | undefined")]
    pub fn touchpoint(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> JsResult<JsValue> {
        optional(self.inner.touchpoint(&string_arg(&id, "id")?))
    }

    /// The stage with this id, or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "Stage | undefined")]
    pub fn stage(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> JsResult<JsValue> {
        optional(self.inner.stage(&string_arg(&id, "id")?))
    }

    /// The persona with this id, or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "Persona | undefined")]
    pub fn persona(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> JsResult<JsValue> {
        optional(self.inner.persona(&string_arg(&id, "id")?))
    }

    /// The touchpoints of a stage, in order. Throws kind `not_found` for an unknown stage.
    #[wasm_bindgen(js_name = stageTouchpoints, unchecked_return_type = "Touchpoint[]")]
    pub fn stage_touchpoints(
        &self,
        #[wasm_bindgen(js_name = stageId, unchecked_param_type = "string")] stage_id: JsValue,
    ) -> JsResult<JsValue> {
        list(self.inner.touchpoints_in_stage(&string_arg(&stage_id, "stageId")?)?)
    }

    /// The touchpoints that serve a persona (those with no personas serve all), in map order. Throws kind
    /// `not_found` for an unknown persona.
    #[wasm_bindgen(js_name = personaTouchpoints, unchecked_return_type = "Touchpoint[]")]
    pub fn persona_touchpoints(
        &self,
        #[wasm_bindgen(js_name = personaId, unchecked_param_type = "string")] persona_id: JsValue,
    ) -> JsResult<JsValue> {
        list(self.inner.touchpoints_for_persona(&string_arg(&persona_id, "personaId")?)?)
    }

    /// The touchpoints on a channel (`"web"`, `"other:kiosk"`), in map order. Throws kind `argument` for a
    /// name that is not a channel.
    #[wasm_bindgen(js_name = channelTouchpoints, unchecked_return_type = "Touchpoint[]")]
    pub fn channel_touchpoints(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Channel")] channel: JsValue,
    ) -> JsResult<JsValue> {
        let channel: Channel = string_arg(&channel, "channel")?
            .parse()
            .map_err(|e: journey_core::UnknownChannel| argument("channel", e.to_string()))?;
        list(self.inner.touchpoints_on_channel(&channel))
    }

    /// The touchpoints one transition away, in the order the transitions were added. Throws kind
    /// `not_found` for an unknown id.
    #[wasm_bindgen(unchecked_return_type = "Touchpoint[]")]
    pub fn successors(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> JsResult<JsValue> {
        list(self.inner.successors(&string_arg(&id, "id")?)?)
    }

    /// The touchpoints with a transition to this one, in the order the transitions were added. Throws kind
    /// `not_found` for an unknown id.
    #[wasm_bindgen(unchecked_return_type = "Touchpoint[]")]
    pub fn predecessors(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> JsResult<JsValue> {
        list(self.inner.predecessors(&string_arg(&id, "id")?)?)
    }

    /// A shortest path (fewest transitions) between two touchpoints, both ends included, or `null` when
    /// there is none. Throws kind `not_found` for an unknown id.
    #[wasm_bindgen(unchecked_return_type = "Touchpoint[] | null")]
    pub fn path(
        &self,
        #[wasm_bindgen(js_name = fromId, unchecked_param_type = "string")] from_id: JsValue,
        #[wasm_bindgen(js_name = toId, unchecked_param_type = "string")] to_id: JsValue,
    ) -> JsResult<JsValue> {
        let (from, to) = (string_arg(&from_id, "fromId")?, string_arg(&to_id, "toId")?);
        match self.inner.path(&from, &to)? {
            Some(path) => list(path),
            None => Ok(JsValue::NULL),
        }
    }

    /// Whether `toId` can be reached from `fromId` by following transitions. Throws kind `not_found` for
    /// an unknown id.
    pub fn reaches(
        &self,
        #[wasm_bindgen(js_name = fromId, unchecked_param_type = "string")] from_id: JsValue,
        #[wasm_bindgen(js_name = toId, unchecked_param_type = "string")] to_id: JsValue,
    ) -> JsResult<bool> {
        let (from, to) = (string_arg(&from_id, "fromId")?, string_arg(&to_id, "toId")?);
        Ok(self.inner.reaches(&from, &to)?)
    }

    /// The role that applies to a touchpoint: `"entry"`, `"step"` or `"optional"` (the file's `role`, or by
    /// default an entry for the map's entries and a step otherwise). Throws kind `not_found` for an unknown id.
    #[wasm_bindgen(unchecked_return_type = "TouchpointRole")]
    pub fn role(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> JsResult<String> {
        let id = string_arg(&id, "id")?;
        let role = self.inner.role(&id).ok_or_else(|| self.inner.not_found("touchpoint", &id))?;
        Ok(role.as_str().to_owned())
    }

    /// Whether two journeys hold the same map.
    pub fn equals(&self, other: &Journey) -> bool {
        self.inner == other.inner
    }

    /// The journey's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// The journey's display name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// What the map covers.
    #[wasm_bindgen(getter)]
    pub fn description(&self) -> Option<String> {
        self.inner.description.clone()
    }

    /// What the map describes: `current_state`, `future_state`, `day_in_the_life` or `service_blueprint`.
    #[wasm_bindgen(getter, unchecked_return_type = "JourneyKind")]
    pub fn kind(&self) -> JsValue {
        // A unit enum serialises to its name and cannot fail.
        to_js(&self.inner.kind).unwrap_or(JsValue::UNDEFINED)
    }

    /// When the map was last reviewed (`YYYY-MM-DD`).
    #[wasm_bindgen(getter = reviewedOn)]
    pub fn reviewed_on(&self) -> Option<String> {
        self.inner.reviewed_on.map(|d| d.format("%Y-%m-%d").to_string())
    }

    /// The currency of outcome values (an ISO 4217 code such as `EUR`, or a symbol such as `€`), as the
    /// backlog's estimated effects, the attribution and the report write them; `undefined` writes plain
    /// numbers.
    #[wasm_bindgen(getter)]
    pub fn currency(&self) -> Option<String> {
        self.inner.currency.clone()
    }

    /// A copy of the map with the currency of outcome values set (`null` or `undefined` clears it). Throws
    /// kind `argument` naming `currency` for anything that is not an ISO 4217 code or a currency symbol.
    #[wasm_bindgen(js_name = withCurrency)]
    pub fn with_currency(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] currency: JsValue,
    ) -> JsResult<Journey> {
        let code = if currency.is_null_or_undefined() { None } else { Some(string_arg(&currency, "currency")?) };
        let mut j = self.inner.clone();
        j.set_currency(code.as_deref())?;
        Ok(j.into())
    }

    /// How many touchpoints there are.
    #[wasm_bindgen(getter = touchpointCount)]
    pub fn touchpoint_count(&self) -> usize {
        self.inner.touchpoint_count()
    }

    /// How many transitions there are.
    #[wasm_bindgen(getter = transitionCount)]
    pub fn transition_count(&self) -> usize {
        self.inner.transition_count()
    }
}
