//! Pictures of a map: an SVG poster (stages as columns, lanes as rows) for the office wall, a self-contained
//! HTML report ([`Journey::to_html`](crate::Journey::to_html)), and small SVG charts of a funnel
//! ([`funnel_svg`]), of an attribution ([`attribution_svg`]), of the paths around a touchpoint
//! ([`paths_sankey_svg`]) and of the time to convert ([`time_to_convert_svg`]).
//!
//! ```
//! use journey_core::{Channel, Journey, Touchpoint};
//! use journey_core::render::{HtmlOptions, PosterSize, SvgOptions};
//!
//! let j = Journey::with_standard_stages("shop", "Shop")
//!     .touchpoint(Touchpoint::new("ad", "Social ad", "awareness", Channel::Social).with_emotion(1.0))
//!     .touchpoint(Touchpoint::new("order", "Order", "purchase", Channel::Web).with_emotion(-0.5))
//!     .transition("ad", "order")
//!     .build()?;
//! let svg = j.to_svg(&SvgOptions { size: PosterSize::A4Landscape, ..SvgOptions::default() })?;
//! assert!(svg.starts_with("<?xml"));
//! assert!(svg.contains("Social ad"));
//! let html = j.to_html(&HtmlOptions::default(), None)?;
//! assert!(html.starts_with("<!DOCTYPE html>") && html.contains("Social ad"));
//! # Ok::<(), journey_core::Error>(())
//! ```

mod charts;
mod format;
mod html;
#[cfg(feature = "pdf")]
mod layout;
mod markup;
#[cfg(any(feature = "pdf", feature = "png"))]
mod page;
mod svg;
mod text;
mod theme;
mod voice;
mod writer;

pub use charts::{attribution_svg, funnel_svg, paths_sankey_svg, time_to_convert_svg};
pub use html::{HtmlOptions, inline_svg};
pub use markup::escape;
#[cfg(any(feature = "pdf", feature = "png"))]
pub use page::{MAX_PNG_SIDE, PageOptions, PageSize};
pub use text::{ASCENT, DESCENT, LINE_HEIGHT, text_width, wrap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which lanes (rows) of the poster to draw. All are on by default; a lane with nothing to show is left out
/// even when it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct Lanes {
    /// A card per touchpoint: name, channel glyph, online/offline, moment of truth.
    pub touchpoints: bool,
    /// What the customer does.
    pub actions: bool,
    /// What the customer thinks.
    pub thoughts: bool,
    /// What customers expect and say: the first two expectations of each touchpoint and one customer quote
    /// (from a pain point's evidence first, else the touchpoint's, else a delight's).
    pub voice: bool,
    /// The emotion curve on a -2..+2 scale.
    pub emotion: bool,
    /// Pain points with their severity.
    pub pains: bool,
    /// Moments of delight with their strength.
    pub delights: bool,
    /// The service blueprint below the line of visibility: people, process, technology, policy.
    pub backstage: bool,
    /// Observed flow: customers in and out of each touchpoint and along each transition.
    pub flow: bool,
    /// A coloured score band per stage and a score on every touchpoint card.
    pub scores: bool,
}

impl Default for Lanes {
    fn default() -> Self {
        Lanes {
            touchpoints: true,
            actions: true,
            thoughts: true,
            voice: true,
            emotion: true,
            pains: true,
            delights: true,
            backstage: true,
            flow: true,
            scores: true,
        }
    }
}

/// The size of the poster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum PosterSize {
    /// As large as the content needs, in pixels.
    #[default]
    Auto,
    /// A4 landscape (297 × 210 mm), content scaled to fit.
    A4Landscape,
    /// A3 landscape (420 × 297 mm), content scaled to fit.
    A3Landscape,
}

crate::names::names!(PosterSize, "poster size", "size" {
    Auto => "auto",
    A4Landscape => "a4_landscape",
    A3Landscape => "a3_landscape",
});

impl PosterSize {
    /// Width and height in millimetres, for the fixed sizes.
    pub fn millimetres(self) -> Option<(f64, f64)> {
        match self {
            PosterSize::Auto => None,
            PosterSize::A4Landscape => Some((297.0, 210.0)),
            PosterSize::A3Landscape => Some((420.0, 297.0)),
        }
    }
}

/// How to draw the SVG poster. Every field has a default, so `{}` is a valid set of options.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct SvgOptions {
    /// Draw the map of one persona: their touchpoints, their emotion curve and their scores. `None` draws
    /// every touchpoint, with one emotion curve per persona when the map has per-persona emotions.
    pub persona: Option<String>,
    /// Which lanes to draw.
    pub lanes: Lanes,
    /// The poster size.
    pub size: PosterSize,
}
