//! Pictures as strings: `Journey.toSvg`, `Journey.toMermaid`, `Journey.fromMermaid`, `Journey.toDot`,
//! `Journey.toHtml`, `funnelSvg`, `attributionSvg`, `pathsSankeySvg` and `timeToConvertSvg`; and as bytes:
//! `Journey.posterPdf`, `Journey.posterPng` and `Journey.reportPdf`.
//!
//! Every output is the core's, byte for byte; options go in as one plain object with the core's options as
//! camelCase keys (every field optional), read by [`read_options`] strictly like every other input.

use journey_core::analytics::{Attribution, Funnel, PathsAround, TimeToConvert};
use journey_core::render::{self, PageOptions, SvgOptions};
use wasm_bindgen::prelude::*;

use crate::analysis::today;
use crate::analytics::{optional_journey, with_optional_log};
use crate::convert::{from_js, optional_string, string_arg, type_name};
use crate::error::{JsResult, argument};
use crate::journey::Journey;
use crate::options::{read_options, read_options_pair};

#[wasm_bindgen(typescript_custom_section)]
const TS_RENDER: &'static str = r#"
/**
 * Options of `Journey.toHtml`: the core's HTML options with camelCase keys. Every field may be left out;
 * what is left out takes the core's default, except `asOf`, which is today's local date.
 */
export interface HtmlOptions {
  /** How to draw the poster. With a persona, the scores are that persona's too. */
  svg?: Partial<SvgOptions>;
  /**
   * The scoring model for scores, gaps and the backlog, merged over the default one (data: its fields keep
   * the file's snake_case names).
   */
  model?: PartialScoringModel;
  /** The date (`YYYY-MM-DD`) the map's age is measured against; today (local time) when left out. */
  asOf?: string;
  /**
   * At most this many rows in the long tables (backlog, drop-off, attribution, unexpected moves); 0 shows
   * every row (default 20).
   */
  top?: number;
  /**
   * Money spent on touchpoints (`amounts`: touchpoint id to money, at least one) and its `currency` (the map's
   * when left out): the report adds each one's cost per converting customer and return on ad spend. Needs a log
   * with an outcome column; a currency other than the map's, or one where the map names none, is refused.
   */
  spend?: { amounts: Record<string, number>; currency?: string };
  /**
   * The paths around the touchpoint where most customers left: around each customer's first visit (`first`,
   * the default) or around every visit (`every`), as `EventLog.pathsAround`.
   */
  pathsAnchor?: PathAnchor;
}

/**
 * How to put a picture on a page (`posterPdf`, `posterPng`, `reportPdf`). Every field may be left out.
 */
export interface PageOptions {
  /**
   * `screen` (the picture's own size: the default), `a4`, `a4_landscape`, `a3`, `a3_landscape` or
   * `WIDTHxHEIGHT` in millimetres (`210x297`); on paper the picture is scaled to fit inside a 10 mm margin,
   * keeping its aspect ratio. `reportPdf` lays the report out on A4 portrait for `screen`.
   */
  page?: string;
  /** Pixels per inch of a PNG (default 96: a screen-sized PNG then has the SVG's size). */
  dpi?: number;
  /**
   * Font files (TrueType, OpenType or collections) for characters the bundled Liberation Sans lacks: in
   * WebAssembly there are no system fonts, so Chinese, Japanese or Korean text needs one.
   */
  fonts?: Uint8Array[];
}
"#;

/// The page options of the PDF and PNG methods, with the options of `T` from the same object: `page` and
/// `dpi` as the core reads them, `fonts` an array of `Uint8Array` font files.
fn page_options<T: Default + serde::de::DeserializeOwned>(options: &JsValue) -> JsResult<(T, PageOptions)> {
    let (of_t, mut page): (T, PageOptions) = read_options_pair(options, "options", &["fonts"])?;
    if !options.is_object() {
        return Ok((of_t, page));
    }
    let fonts = js_sys::Reflect::get(options, &JsValue::from_str("fonts")).unwrap_or(JsValue::UNDEFINED);
    if fonts.is_undefined() || fonts.is_null() {
        return Ok((of_t, page));
    }
    let expected = "expected an array of Uint8Array font files";
    if !js_sys::Array::is_array(&fonts) {
        return Err(argument("options.fonts", format!("{}, {expected}", type_name(&fonts))).into());
    }
    for (i, font) in js_sys::Array::from(&fonts).iter().enumerate() {
        if let Some(bytes) = font.dyn_ref::<js_sys::Uint8Array>() {
            page.fonts.push(bytes.to_vec());
        } else if let Some(buffer) = font.dyn_ref::<js_sys::ArrayBuffer>() {
            page.fonts.push(js_sys::Uint8Array::new(buffer).to_vec());
        } else {
            return Err(argument(format!("options.fonts[{i}]"), format!("{}, {expected}", type_name(&font))).into());
        }
    }
    Ok((of_t, page))
}

#[wasm_bindgen]
impl Journey {
    /// The map as an SVG poster: stages as columns (each a `<g class="stage">`), lanes for touchpoints (`<g
    /// class="card">`), actions, thoughts, what customers expect and say, the emotion curve, pain points, delights,
    /// observed flow and the backstage, with a legend. Text wraps; nothing is clipped or overlaps. Deterministic.
    /// With `persona`, what customers expect is the shared `expectations` and then that persona's
    /// (`persona_expectations`); without, each persona's follow the shared ones after the persona's name.
    ///
    /// Throws kind `not_found` for an unknown `persona`, `argument` for an unknown option or a value of the
    /// wrong type (the message names it, e.g. `options.lanes.flwo`).
    #[wasm_bindgen(js_name = toSvg)]
    pub fn to_svg(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Partial<SvgOptions>")] options: JsValue,
    ) -> JsResult<String> {
        let options: SvgOptions = read_options(&options, "options")?;
        Ok(self.inner.to_svg(&options)?)
    }

    /// The map as Mermaid `journey` text: a section per stage, a task per touchpoint with its emotion as a
    /// score from 1 to 5, personas as actors. With `persona`, only that persona's touchpoints and emotions.
    ///
    /// Throws kind `not_found` for an unknown persona, `argument` for a persona that is not a string.
    #[wasm_bindgen(js_name = toMermaid)]
    pub fn to_mermaid(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] persona: JsValue,
    ) -> JsResult<String> {
        let persona = optional_string(&persona, "persona")?;
        Ok(self.inner.to_mermaid(persona.as_deref())?)
    }

    /// Reads Mermaid `journey` text into a map: sections become stages, tasks touchpoints (chained in
    /// order, the first the entry) with the score − 3 as emotion, actors personas. `id` names the map
    /// (default `"journey"`).
    ///
    /// Throws kind `mermaid` naming the line (`line 4: score "x" is not a number, expected 1 to 5`), `empty`
    /// for text with no diagram, `invalid` (with `problems`) for a map that does not check, `argument` for
    /// arguments of the wrong type.
    #[wasm_bindgen(js_name = fromMermaid)]
    pub fn from_mermaid(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] id: JsValue,
    ) -> JsResult<Journey> {
        let text = string_arg(&text, "text")?;
        let id = optional_string(&id, "id")?.unwrap_or_else(|| "journey".to_owned());
        Ok(journey_core::Journey::from_mermaid(&text, &id)?.into())
    }

    /// The touchpoint graph as Graphviz DOT: a cluster per stage, a node per touchpoint, an edge per
    /// transition (widths follow observed counts; unexpected transitions dashed). Deterministic.
    #[wasm_bindgen(js_name = toDot)]
    pub fn to_dot(&self) -> String {
        self.inner.to_dot()
    }

    /// A self-contained HTML report (inline CSS and SVG; no scripts, no links): the poster, what customers
    /// expect and say (expectations, each persona's as on the poster, and quotes by touchpoint, left out when
    /// the map has none), the scores with each stage's weakest touchpoint, the gaps and the backlog (the first
    /// `top` items), and with an event log also the stage funnel, drop-off, Markov and Shapley attribution,
    /// retention cohorts, sessions, channel and device switches and conformance; with `spend` the cost per
    /// converting customer and ROAS of each touchpoint in the map's currency. `asOf` (`YYYY-MM-DD`),
    /// the date the map's age is measured against, is today's local date when left out.
    ///
    /// Throws kind `not_found` for an unknown `svg.persona` or spend on a touchpoint the log lacks,
    /// `argument` for an unknown option, a value of the wrong type, a model value out of its domain, a `log`
    /// that is not an `EventLog`, spend without a log with an outcome column or on no touchpoint (`spend`), an
    /// amount other than 0 or 0.01 to 1e15 (`spend["id"]`), or a currency that is none, not the map's or where
    /// the map names none (`spend.currency`).
    #[wasm_bindgen(js_name = toHtml)]
    pub fn to_html(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Partial<HtmlOptions>")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EventLog")] log: JsValue,
    ) -> JsResult<String> {
        let mut options: render::HtmlOptions = read_options(&options, "options")?;
        options.as_of = options.as_of.or_else(today);
        Ok(with_optional_log(&log, "log", |log| self.inner.to_html(&options, log))??)
    }

    /// The poster as a one-page PDF (a `Uint8Array`) of `options.page`, scaled to fit; text stays text in
    /// embedded font subsets. The poster's options (`persona`, `lanes`) and the page's (`page`, `fonts`) are
    /// one object.
    ///
    /// Throws kind `argument` for an unknown option or page size, a font file that is not one
    /// (`fonts[0]`), or text that no font has a glyph for (`fonts`; the message names the characters);
    /// `not_found` for an unknown persona.
    #[wasm_bindgen(js_name = posterPdf)]
    pub fn poster_pdf(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Partial<SvgOptions> & PageOptions")] options: JsValue,
    ) -> JsResult<Vec<u8>> {
        let (svg, page): (SvgOptions, PageOptions) = page_options(&options)?;
        Ok(self.inner.poster_pdf(&svg, &page)?)
    }

    /// The poster as a PNG (a `Uint8Array`) on white at `options.dpi` pixels per inch: a `screen` page has the
    /// poster's size times `dpi / 96`, a sheet of paper its size at `dpi` with the poster fitted inside a 10
    /// mm margin. Options as for `posterPdf`, and `dpi`.
    ///
    /// Throws as `posterPdf`; kind `argument` for a `dpi` outside 1..2400, `too_large` for a side longer than
    /// 16384 pixels.
    #[wasm_bindgen(js_name = posterPng)]
    pub fn poster_png(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Partial<SvgOptions> & PageOptions")] options: JsValue,
    ) -> JsResult<Vec<u8>> {
        let (svg, page): (SvgOptions, PageOptions) = page_options(&options)?;
        Ok(self.inner.poster_png(&svg, &page)?)
    }

    /// The report as a PDF (a `Uint8Array`) of the page (A4 portrait for `screen`): the same content as the
    /// HTML report on numbered pages with a 10 mm margin (the summary, the poster, the scores with their
    /// components, the gaps, the backlog and, with a log, the observed sections), each chart in place under
    /// its heading; tables break between rows with their header repeated. The report's options (as for
    /// `toHtml`) and the page's are one object.
    ///
    /// Throws as `toHtml` and `posterPdf`.
    #[wasm_bindgen(js_name = reportPdf)]
    pub fn report_pdf(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Partial<HtmlOptions> & PageOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EventLog")] log: JsValue,
    ) -> JsResult<Vec<u8>> {
        let (mut html, page): (render::HtmlOptions, PageOptions) = page_options(&options)?;
        html.as_of = html.as_of.or_else(today);
        Ok(with_optional_log(&log, "log", |log| self.inner.report_pdf(&html, log, &page))??)
    }
}

/// A funnel as a small SVG bar chart: a bar per step with its customers, the conversion from the step before
/// and from the first step. Steps are labelled as given (ids): rename them first to show names.
///
/// Throws kind `argument` for a value that is not shaped like a `Funnel` (the message names the part).
#[wasm_bindgen(js_name = funnelSvg)]
pub fn funnel_svg(#[wasm_bindgen(unchecked_param_type = "Funnel")] funnel: JsValue) -> JsResult<String> {
    let funnel: Funnel = from_js(&funnel, "funnel")?;
    Ok(journey_core::render::funnel_svg(&funnel))
}

/// An attribution as a small SVG bar chart: a bar per touchpoint for the conversions credited to it and,
/// for the Markov model, its removal effect. Touchpoints are labelled as given (ids): rename them first to
/// show names. Values are written in `currency` (a map's `currency`, e.g. `"EUR"`: `€1,234.50`), plain numbers
/// without one.
///
/// Throws kind `argument` for a value that is not shaped like an `Attribution` (the message names the part),
/// or a `currency` that is not a string.
#[wasm_bindgen(js_name = attributionSvg)]
pub fn attribution_svg(
    #[wasm_bindgen(unchecked_param_type = "Attribution")] attribution: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] currency: JsValue,
) -> JsResult<String> {
    let attribution: Attribution = from_js(&attribution, "attribution")?;
    let currency = if currency.is_null_or_undefined() { None } else { Some(string_arg(&currency, "currency")?) };
    Ok(journey_core::render::attribution_svg(&attribution, currency.as_deref()))
}

/// The paths around a touchpoint (`EventLog.pathsAround`) as a Sankey diagram: a column per offset, a node
/// per place as tall as its customers (touchpoints, the others together, the start and the end of journeys
/// with or without a conversion), the flows between consecutive columns as bands as wide as theirs. With
/// `journey`, touchpoints show the map's names; by id otherwise.
///
/// Throws kind `argument` for a value that is not shaped like a `PathsAround` (the message names the part),
/// or a `journey` that is not a Journey.
#[wasm_bindgen(js_name = pathsSankeySvg)]
pub fn paths_sankey_svg(
    #[wasm_bindgen(unchecked_param_type = "PathsAround")] paths: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Journey | null")] journey: JsValue,
) -> JsResult<String> {
    let paths: PathsAround = from_js(&paths, "paths")?;
    let journey = optional_journey(&journey, "journey")?;
    Ok(journey_core::render::paths_sankey_svg(&paths, journey.as_ref()))
}

/// A time to convert (`EventLog.timeToConvert`) as its Kaplan–Meier curve: the share of customers not yet
/// converted as a step line over the time since their first event, a tick where customers were censored,
/// with the medians in words.
///
/// Throws kind `argument` for a value that is not shaped like a `TimeToConvert` (the message names the part).
#[wasm_bindgen(js_name = timeToConvertSvg)]
pub fn time_to_convert_svg(#[wasm_bindgen(unchecked_param_type = "TimeToConvert")] time: JsValue) -> JsResult<String> {
    let time: TimeToConvert = from_js(&time, "time")?;
    Ok(journey_core::render::time_to_convert_svg(&time))
}
