//! Scores, gaps, the backlog and the diff of two maps: `Journey.score`, `Journey.gaps`,
//! `Journey.prioritize`, `diff` and `defaultScoringModel`.
//!
//! Options arrive as one plain object with camelCase keys, read by [`read_options`] (strictly, with the
//! path of the part at fault). A partial scoring model is merged over the defaults: the core's model types fill in every field
//! that is left out.

use chrono::NaiveDate;
use journey_core::ScoringModel;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::convert::to_js;
use crate::error::JsResult;
use crate::journey::Journey;
use crate::options::read_options;

#[wasm_bindgen(typescript_custom_section)]
const TS_OPTIONS: &'static str = r#"
/**
 * A scoring model in which every field may be left out, at any depth; what is left out takes its default
 * (see `defaultScoringModel()`).
 */
export type PartialScoringModel = {
  [K in keyof ScoringModel]?: NonNullable<ScoringModel[K]> extends object
    ? Partial<NonNullable<ScoringModel[K]>>
    : ScoringModel[K];
};

/** The scoring model with every field present, as `defaultScoringModel()` gives it. */
export type FullScoringModel = {
  [K in keyof ScoringModel]-?: NonNullable<ScoringModel[K]> extends object
    ? Required<NonNullable<ScoringModel[K]>>
    : NonNullable<ScoringModel[K]>;
};

/** Options of `Journey.score`. */
export interface ScoreOptions {
  /** Merged over the default model. */
  model?: PartialScoringModel;
  /** Score this persona's journey: their touchpoints, with their emotions. */
  persona?: string;
}

/** Options of `Journey.gaps`, `Journey.prioritize` and `Journey.toXlsx`. */
export interface GapOptions {
  /** Merged over the default model. */
  model?: PartialScoringModel;
  /** The date (`YYYY-MM-DD`) the map's age is measured against; today (local time) when left out. */
  asOf?: string;
}

/** Options of `diff`. */
export interface DiffOptions {
  /** Merged over the default model; used for the score changes. */
  model?: PartialScoringModel;
}
"#;

/// Options of `Journey.score`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ScoreOptions {
    model: ScoringModel,
    persona: Option<String>,
}

/// Options of `Journey.gaps` and `Journey.prioritize`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct GapOptions {
    pub(crate) model: ScoringModel,
    as_of: Option<NaiveDate>,
}

impl GapOptions {
    /// The date given, or today's date in the local time of the JavaScript engine.
    pub(crate) fn as_of(&self) -> Option<NaiveDate> {
        self.as_of.or_else(today)
    }
}

/// Options of `diff`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct DiffOptions {
    model: ScoringModel,
}

/// Today's date in local time, from JavaScript's `Date` (`None` only if the engine's clock is out of
/// chrono's range, in which case the `stale_map` check is skipped).
pub(crate) fn today() -> Option<NaiveDate> {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(i32::try_from(now.get_full_year()).ok()?, now.get_month() + 1, now.get_date())
}

#[wasm_bindgen]
impl Journey {
    /// Scores (0–100) of the journey, each stage and each touchpoint, each with its breakdown and a
    /// confidence. With `persona`, the persona's journey: only their touchpoints, with their emotions.
    ///
    /// Throws kind `argument` for a bad option or a model value out of its domain (the message names it,
    /// e.g. `weights.pain: -1 is not a number in 0..=1000000`), `not_found` for an unknown persona.
    #[wasm_bindgen(unchecked_return_type = "JourneyScore")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let ScoreOptions { model, persona } = read_options(&options, "options")?;
        let score = match persona {
            Some(persona) => self.inner.score_persona(&model, &persona)?,
            None => self.inner.score(&model)?,
        };
        Ok(to_js(&score)?)
    }

    /// Every gap of the map, most severe first. The map's age (`stale_map`) is measured against `asOf`, or
    /// today's local date.
    ///
    /// Throws kind `argument` for a bad option (a date not `YYYY-MM-DD`) or a model value out of its domain.
    #[wasm_bindgen(unchecked_return_type = "Gap[]")]
    pub fn gaps(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "GapOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let options: GapOptions = read_options(&options, "options")?;
        Ok(to_js(&self.inner.gaps(&options.model, options.as_of())?)?)
    }

    /// The scores, gaps and backlog as an Excel workbook (worksheets "Scores", "Gaps" and "Backlog", each
    /// with its header frozen and an autofilter), the `.xlsx` file's bytes. `model` and `asOf` as for `gaps`.
    /// With `log` (an `EventLog`), the log's observations are applied to the map first, and with an outcome
    /// column the Backlog worksheet has each line's estimated effect (`effect_conversions`, `effect_value`,
    /// `effect_priority`, `ranked_by`, `effect_basis`), as `prioritize` with the log gives it.
    ///
    /// Throws kind `argument` for a bad option, a model value out of its domain or a `log` that is not an
    /// `EventLog`.
    #[wasm_bindgen(js_name = toXlsx)]
    pub fn to_xlsx(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "GapOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EventLog")] log: JsValue,
    ) -> JsResult<Vec<u8>> {
        let options: GapOptions = read_options(&options, "options")?;
        let options = journey_core::XlsxOptions { as_of: options.as_of(), model: options.model };
        Ok(crate::analytics::with_optional_log(&log, "log", |log| match log {
            Some(log) => self.inner.to_xlsx_with_log(&options, log),
            None => self.inner.to_xlsx(&options),
        })??)
    }

    /// Gaps, pain points and opportunities as one backlog, one line per problem (an opportunity with the
    /// pain points and gaps it addresses), ranked by reach × impact × confidence × importance / 5 / effort,
    /// with quick wins marked. `asOf` as for `gaps`; with `log` (an `EventLog` with an outcome column), each
    /// line's estimated effect in conversions and value, and the lines the log shows to win conversions
    /// first, by `effect.priority` (conversions in place of reach); `ranked_by` says which rule ranked a line.
    ///
    /// Throws kind `argument` for a bad option, a model value out of its domain, or a log without outcome.
    #[wasm_bindgen(unchecked_return_type = "BacklogItem[]")]
    pub fn prioritize(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "PrioritizeOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        crate::what_if::prioritize(&self.inner, &options)
    }
}

/// What differs between two maps, by id: stages and touchpoints added, removed, moved or changed,
/// transitions added and removed, and changes of emotions, metrics and scores.
///
/// Throws kind `argument` for a bad option or a model value out of its domain.
#[wasm_bindgen(unchecked_return_type = "JourneyDiff")]
pub fn diff(
    a: &Journey,
    b: &Journey,
    #[wasm_bindgen(unchecked_optional_param_type = "DiffOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let DiffOptions { model } = read_options(&options, "options")?;
    Ok(to_js(&journey_core::diff(&a.inner, &b.inner, &model)?)?)
}

/// The default scoring model, every field present; change what you need and pass it (or only the changed
/// fields) as `model`.
#[wasm_bindgen(js_name = defaultScoringModel, unchecked_return_type = "FullScoringModel")]
pub fn default_scoring_model() -> JsResult<JsValue> {
    Ok(to_js(&ScoringModel::default())?)
}
