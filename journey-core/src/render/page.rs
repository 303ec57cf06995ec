//! The poster and the report on pages: PDF (feature `pdf`, drawn by `svg2pdf`) and PNG (feature `png`, drawn
//! by `resvg`), both from the library's own SVG.
//!
//! Text is set in the bundled Liberation Sans (regular and bold, under the SIL Open Font License, beside the
//! crate's sources in `fonts/`), in the system's fonts where there is a file system (not in WebAssembly), and
//! in the font files the caller gives ([`PageOptions::fonts`]): that is how Chinese, Japanese or Korean text is
//! drawn where the system has no font for it. A character that no font has is an error naming it, never a
//! blank box.

use std::collections::BTreeSet;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use usvg::fontdb::Database;

use super::SvgOptions;
use crate::error::{Error, Result};
use crate::model::Journey;

#[cfg(feature = "pdf")]
use super::HtmlOptions;
#[cfg(feature = "pdf")]
use crate::analytics::EventLog;

/// The bundled regular face.
pub(super) const REGULAR: &[u8] = include_bytes!("../../fonts/LiberationSans-Regular.ttf");
/// The bundled bold face.
pub(super) const BOLD: &[u8] = include_bytes!("../../fonts/LiberationSans-Bold.ttf");
/// The family of the bundled faces, which `sans-serif` names.
const FAMILY: &str = "Liberation Sans";
/// Millimetres per inch.
const MM_PER_INCH: f64 = 25.4;
/// The margin around the picture on a sheet of paper, in millimetres (none on a screen-sized page).
const MARGIN_MM: f64 = 10.0;
/// The most pixels a PNG may have on a side.
pub const MAX_PNG_SIDE: u32 = 16_384;

/// The size of a page.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum PageSize {
    /// The picture's own size (CSS pixels of 1/96 inch; a PDF page of the same size in points), no margin.
    /// The report as PDF, which is text on pages, is A4 portrait on a `screen` page.
    #[default]
    Screen,
    /// A4 portrait, 210 × 297 mm.
    A4,
    /// A4 landscape, 297 × 210 mm.
    A4Landscape,
    /// A3 portrait, 297 × 420 mm.
    A3,
    /// A3 landscape, 420 × 297 mm.
    A3Landscape,
    /// Any width × height in millimetres, written `210x297`.
    Millimetres {
        /// The width in millimetres.
        width: f64,
        /// The height in millimetres.
        height: f64,
    },
}

impl PageSize {
    /// The fixed sizes, in the order of [`PageSize::NAMES`].
    pub const FIXED: &'static [PageSize] =
        &[PageSize::Screen, PageSize::A4, PageSize::A4Landscape, PageSize::A3, PageSize::A3Landscape];

    /// The names of the fixed sizes; `WIDTHxHEIGHT` in millimetres (`210x297`) is the other way to name one.
    pub const NAMES: &'static [&'static str] = &["screen", "a4", "a4_landscape", "a3", "a3_landscape"];

    /// Width and height in millimetres; `None` for [`PageSize::Screen`].
    pub fn millimetres(self) -> Option<(f64, f64)> {
        match self {
            PageSize::Screen => None,
            PageSize::A4 => Some((210.0, 297.0)),
            PageSize::A4Landscape => Some((297.0, 210.0)),
            PageSize::A3 => Some((297.0, 420.0)),
            PageSize::A3Landscape => Some((420.0, 297.0)),
            PageSize::Millimetres { width, height } => Some((width, height)),
        }
    }
}

impl std::fmt::Display for PageSize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            PageSize::Millimetres { width, height } => write!(f, "{width}x{height}"),
            fixed => {
                let i = Self::FIXED.iter().position(|p| *p == fixed).unwrap_or(0);
                f.pad(Self::NAMES.get(i).copied().unwrap_or("screen"))
            }
        }
    }
}

impl FromStr for PageSize {
    type Err = Error;

    /// One of [`PageSize::NAMES`], or `WIDTHxHEIGHT` in millimetres (`210x297`, `100.5x50mm`), each from 10 to
    /// 5,000 mm.
    fn from_str(s: &str) -> Result<Self> {
        if let Some(i) = Self::NAMES.iter().position(|n| *n == s) {
            return Self::FIXED.get(i).copied().ok_or_else(|| unknown_size(s));
        }
        let mm = s.strip_suffix("mm").unwrap_or(s);
        let (w, h) = mm.split_once(['x', '\u{d7}']).ok_or_else(|| unknown_size(s))?;
        let side = |t: &str| t.trim().parse::<f64>().ok().filter(|v| (10.0..=5000.0).contains(v));
        match (side(w), side(h)) {
            (Some(width), Some(height)) => Ok(PageSize::Millimetres { width, height }),
            _ => Err(unknown_size(s)),
        }
    }
}

fn unknown_size(s: &str) -> Error {
    Error::Argument {
        name: "page".into(),
        message: format!(
            "unknown page size \"{s}\", expected one of {} or WIDTHxHEIGHT in millimetres from 10 to 5000 (210x297)",
            PageSize::NAMES.join(", ")
        ),
    }
}

impl Serialize for PageSize {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PageSize {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(|e: Error| serde::de::Error::custom(e.to_string()))
    }
}

/// How to put a picture on a page. Every field has a default, so `{}` is a valid set of options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PageOptions {
    /// The page size (`screen`, `a4`, `a4_landscape`, `a3`, `a3_landscape` or `WIDTHxHEIGHT` in
    /// millimetres); the picture is scaled to fit inside a 10 mm margin on paper, keeping its aspect ratio
    /// (the report as PDF is laid out on A4 portrait for `screen`).
    #[schemars(with = "String")]
    pub page: PageSize,
    /// Pixels per inch of a PNG (96 by default, the screen's: a screen-sized PNG then has the SVG's size;
    /// 192 doubles it, 300 prints well). PDF pages are vector graphics and ignore it.
    pub dpi: f64,
    /// Font files (TrueType, OpenType or collections) to set text in, besides the bundled and the system's:
    /// the way to draw characters none of those has (in WebAssembly there are no system fonts).
    #[serde(skip)]
    pub fonts: Vec<Vec<u8>>,
}

impl Default for PageOptions {
    fn default() -> Self {
        PageOptions { page: PageSize::Screen, dpi: 96.0, fonts: Vec::new() }
    }
}

/// The bundled faces and the system's, read once.
fn base_fonts() -> &'static Database {
    static BASE: OnceLock<Database> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut db = Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        #[cfg(not(target_arch = "wasm32"))]
        db.load_system_fonts();
        db.set_sans_serif_family(FAMILY);
        db
    })
}

/// The fonts for a picture: the bundled, the system's and the caller's.
fn fonts(extra: &[Vec<u8>]) -> Result<Arc<Database>> {
    let mut db = base_fonts().clone();
    for (i, data) in extra.iter().enumerate() {
        if let Err(e) = ttf_parser::Face::parse(data, 0) {
            return Err(Error::Argument {
                name: format!("fonts[{i}]"),
                message: format!("{} bytes that are not a TrueType or OpenType font: {e}", data.len()),
            });
        }
        let before = db.len();
        db.load_font_data(data.clone());
        if db.len() == before {
            return Err(Error::Argument {
                name: format!("fonts[{i}]"),
                message: "a font without a family name, expected a TrueType or OpenType font".into(),
            });
        }
    }
    Ok(Arc::new(db))
}

/// Parses one of the library's SVG documents with the fonts, checking that every character has a glyph.
fn tree(svg: &str, fonts: &Arc<Database>) -> Result<usvg::Tree> {
    let options = usvg::Options { font_family: FAMILY.into(), fontdb: Arc::clone(fonts), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| Error::Argument { name: "svg".into(), message: format!("the picture cannot be drawn: {e}") })?;
    let mut chars = BTreeSet::new();
    text_chars(tree.root(), &mut chars);
    for face in fonts.faces() {
        if chars.is_empty() {
            break;
        }
        fonts.with_face_data(face.id, |data, index| {
            if let Ok(f) = ttf_parser::Face::parse(data, index) {
                chars.retain(|c| f.glyph_index(*c).is_none());
            }
        });
    }
    if chars.is_empty() {
        return Ok(tree);
    }
    let shown: Vec<String> = chars.iter().take(20).map(|c| format!("{c} (U+{:04X})", u32::from(*c))).collect();
    let more = if chars.len() > 20 { format!(" and {} more", chars.len() - 20) } else { String::new() };
    Err(Error::Argument {
        name: "fonts".into(),
        message: format!(
            "no font has a glyph for {}{more}: give a font file that has them (for Chinese, Japanese and Korean \
             e.g. Noto Sans CJK or WenQuanYi Zen Hei) in the fonts",
            shown.join(", ")
        ),
    })
}

/// Every character the text of a group draws, except spaces and controls.
fn text_chars(group: &usvg::Group, chars: &mut BTreeSet<char>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => text_chars(g, chars),
            usvg::Node::Text(t) => {
                chars.extend(t.chunks().iter().flat_map(|c| c.text().chars()).filter(|c| !c.is_whitespace()));
            }
            usvg::Node::Path(_) | usvg::Node::Image(_) => {}
        }
    }
}

/// Where a picture of `w` × `h` goes in a box of `bw` × `bh` at (`bx`, `by`): scaled to fit, centred.
fn fit(w: f64, h: f64, bx: f64, by: f64, bw: f64, bh: f64) -> (f64, f64, f64) {
    let scale = if w > 0.0 && h > 0.0 { (bw / w).min(bh / h) } else { 1.0 };
    (scale, bx + (bw - w * scale) / 2.0, by + (bh - h * scale) / 2.0)
}

/// A page's size and margin in `unit`s per inch, for a picture of `w` × `h` CSS pixels (1/96 inch).
fn sheet(page: PageSize, w: f64, h: f64, unit: f64) -> (f64, f64, f64) {
    match page.millimetres() {
        Some((pw, ph)) => (pw / MM_PER_INCH * unit, ph / MM_PER_INCH * unit, MARGIN_MM / MM_PER_INCH * unit),
        None => (w / 96.0 * unit, h / 96.0 * unit, 0.0),
    }
}

impl Journey {
    /// The poster (see [`Journey::to_svg`]) as a one-page PDF of `page.page`, scaled to fit inside a 10 mm
    /// margin keeping its aspect ratio (the poster's own size, in points, for `screen`). Text stays text in
    /// embedded font subsets, so it can be searched and copied. Costs the poster plus its drawing.
    ///
    /// ```
    /// use journey_core::render::{PageOptions, PageSize, SvgOptions};
    ///
    /// let j = journey_core::Journey::load("../tests/fixtures/valid/minimal.json")?;
    /// let page = PageOptions { page: PageSize::A4Landscape, ..PageOptions::default() };
    /// let pdf = j.poster_pdf(&SvgOptions::default(), &page)?;
    /// assert!(pdf.starts_with(b"%PDF-"));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Journey::to_svg`]; [`Error::Argument`] named `fonts` for text that no font has a glyph for (the
    /// message names the characters), `fonts[i]` for a font file that is not one.
    #[cfg(feature = "pdf")]
    pub fn poster_pdf(&self, svg: &SvgOptions, page: &PageOptions) -> Result<Vec<u8>> {
        let fonts = fonts(&page.fonts)?;
        let poster = tree(self.poster(svg)?.as_str(), &fonts)?;
        let size = poster.size();
        let (w, h) = (f64::from(size.width()) * 0.75, f64::from(size.height()) * 0.75);
        let (pw, ph, margin) = sheet(page.page, f64::from(size.width()), f64::from(size.height()), 72.0);
        // PDF space: the origin at the bottom left.
        let (s, x, y) = fit(w, h, margin, margin, pw - 2.0 * margin, ph - 2.0 * margin);
        pdf(&self.name, &[Sheet { tree: &poster, size: (pw, ph), at: [w * s, h * s, x, y] }])
    }

    /// The report (see [`Journey::to_html`]) as a PDF of `page.page` (A4 portrait for `screen`): the same
    /// content as the HTML report, laid out on pages with a 10 mm margin and the page number in a footer. The
    /// summary, the poster, what customers expect and say, the scores with their components, the gaps, the
    /// backlog and, with an event log, the observed sections (funnel, drop-off, paths, time to convert,
    /// attribution, Shapley, cost, cohorts, sessions, switches, conformance) are there in the HTML report's
    /// order, each chart under its heading: text is wrapped to the page, a table breaks between its rows
    /// with its header repeated on the next page (numbers right-aligned, long cells wrapped), a figure is
    /// scaled to the text's width (and to a page's height) and starts a new page when it does not fit on
    /// this one — the poster too, small on a portrait page: [`Journey::poster_pdf`] prints it on a sheet of
    /// its own. Only the HTML page's list of links to its sections is left out. Text stays text in
    /// embedded font subsets. Costs the HTML report plus the layout and drawing of its pages, linear in the
    /// report's size.
    ///
    /// ```
    /// use journey_core::render::{HtmlOptions, PageOptions};
    ///
    /// let j = journey_core::Journey::load("../tests/fixtures/valid/minimal.json")?;
    /// let pdf = j.report_pdf(&HtmlOptions::default(), None, &PageOptions::default())?;
    /// assert!(pdf.starts_with(b"%PDF-"));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Journey::to_html`] and [`Journey::poster_pdf`].
    #[cfg(feature = "pdf")]
    pub fn report_pdf(&self, options: &HtmlOptions, log: Option<&EventLog>, page: &PageOptions) -> Result<Vec<u8>> {
        use super::layout::{FigureBox, Sheet as Paper, pages};

        const PX_PER_INCH: f64 = 96.0;
        let fonts = fonts(&page.fonts)?;
        let (html, figures) = self.report(options, log)?;
        let mut boxes = Vec::with_capacity(figures.len());
        for f in &figures {
            let size = tree(f.svg.as_str(), &fonts)?.size();
            boxes.push(FigureBox { svg: &f.svg, width: f64::from(size.width()), height: f64::from(size.height()) });
        }
        let (w, h) = page.page.millimetres().unwrap_or((210.0, 297.0));
        let px = |mm: f64| mm / MM_PER_INCH * PX_PER_INCH;
        let paper = Paper { width: px(w), height: px(h), margin: px(MARGIN_MM) };
        let trees = pages(html.as_str(), &boxes, &self.name, paper)?
            .iter()
            .map(|svg| tree(svg.as_str(), &fonts))
            .collect::<Result<Vec<_>>>()?;
        let (pw, ph) = (paper.width * 0.75, paper.height * 0.75);
        let sheets: Vec<Sheet<'_>> =
            trees.iter().map(|t| Sheet { tree: t, size: (pw, ph), at: [pw, ph, 0.0, 0.0] }).collect();
        pdf(&self.name, &sheets)
    }

    /// The poster (see [`Journey::to_svg`]) as a PNG of `page.page` at `page.dpi` pixels per inch, on white:
    /// a `screen` page has the poster's size times `dpi / 96`; a sheet of paper has its size at `dpi` (A4
    /// landscape at 96 dpi is 1123 × 794 pixels) with the poster scaled to fit inside a 10 mm margin, keeping
    /// its aspect ratio.
    ///
    /// ```
    /// use journey_core::render::{PageOptions, SvgOptions};
    ///
    /// let j = journey_core::Journey::load("../tests/fixtures/valid/minimal.json")?;
    /// let png = j.poster_png(&SvgOptions::default(), &PageOptions::default())?;
    /// assert!(png.starts_with(b"\x89PNG"));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Journey::poster_pdf`]; [`Error::Argument`] named `dpi` for a `dpi` that is not a number from 1 to
    /// 2400; [`Error::Limit`] for an image wider or taller than [`MAX_PNG_SIDE`] pixels.
    #[cfg(feature = "png")]
    pub fn poster_png(&self, svg: &SvgOptions, page: &PageOptions) -> Result<Vec<u8>> {
        if !(1.0..=2400.0).contains(&page.dpi) {
            return Err(Error::Argument {
                name: "dpi".into(),
                message: format!("{} is not a number from 1 to 2400", page.dpi),
            });
        }
        let fonts = fonts(&page.fonts)?;
        let poster = tree(self.poster(svg)?.as_str(), &fonts)?;
        png(&poster, page.page, page.dpi)
    }
}

/// Draws a tree on a white pixmap of the page and encodes it.
#[cfg(feature = "png")]
fn png(tree: &usvg::Tree, page: PageSize, dpi: f64) -> Result<Vec<u8>> {
    use resvg::tiny_skia::{Color, Pixmap, Transform};

    let size = tree.size();
    let (w, h) = (f64::from(size.width()), f64::from(size.height()));
    let (pw, ph, margin) = sheet(page, w, h, dpi);
    let side = |v: f64, what: &str| -> Result<u32> {
        let px = v.round().max(1.0);
        if px > f64::from(MAX_PNG_SIDE) {
            // Truncation is fine: the value only names the size in the message.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let size = px.min(1e18) as u64;
            return Err(Error::Limit {
                what: format!("the PNG's {what}"),
                size,
                limit: u64::from(MAX_PNG_SIDE),
                unit: "pixels",
            });
        }
        // In 1..=MAX_PNG_SIDE, checked above.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Ok(px as u32)
    };
    let (pw_px, ph_px) = (side(pw, "width")?, side(ph, "height")?);
    let too_large = || Error::Limit {
        what: "the PNG".into(),
        size: u64::from(pw_px) * u64::from(ph_px),
        limit: u64::from(MAX_PNG_SIDE) * u64::from(MAX_PNG_SIDE),
        unit: "pixels",
    };
    let mut pixmap = Pixmap::new(pw_px, ph_px).ok_or_else(too_large)?;
    pixmap.fill(Color::WHITE);
    let (s, x, y) = fit(w, h, margin, margin, f64::from(pw_px) - 2.0 * margin, f64::from(ph_px) - 2.0 * margin);
    // Scales and offsets of a picture of at most MAX_PNG_SIDE pixels: well inside f32.
    #[allow(clippy::cast_possible_truncation)]
    let transform = Transform::from_row(s as f32, 0.0, 0.0, s as f32, x as f32, y as f32);
    resvg::render(tree, transform, &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| Error::Argument { name: "png".into(), message: format!("the PNG cannot be written: {e}") })
}

/// A page of a PDF: a picture, the page's size in points, and where the picture goes (width, height, and
/// the bottom left corner, in points from the page's bottom left).
#[cfg(feature = "pdf")]
struct Sheet<'a> {
    tree: &'a usvg::Tree,
    size: (f64, f64),
    at: [f64; 4],
}

/// A PDF of the pages, in order.
#[cfg(feature = "pdf")]
fn pdf(title: &str, pages: &[Sheet<'_>]) -> Result<Vec<u8>> {
    use std::collections::HashMap;

    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};

    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree_id = alloc.bump();
    let info = alloc.bump();
    let page_ids: Vec<Ref> = pages.iter().map(|_| alloc.bump()).collect();
    let mut doc = Pdf::new();
    doc.catalog(catalog).pages(tree_id);
    doc.pages(tree_id).kids(page_ids.iter().copied()).count(i32::try_from(pages.len()).unwrap_or(i32::MAX));
    doc.document_info(info).title(TextStr(title)).producer(TextStr("journey"));
    for (sheet, page_id) in pages.iter().zip(&page_ids) {
        let (pw, ph) = sheet.size;
        let [dw, dh, dx, dy] = sheet.at;
        let content_id = alloc.bump();
        let (chunk, x_ref) = svg2pdf::to_chunk(sheet.tree, svg2pdf::ConversionOptions::default()).map_err(|e| {
            Error::Argument { name: "pdf".into(), message: format!("the picture cannot be drawn: {e}") }
        })?;
        let mut map = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let x_ref = map.get(&x_ref).copied().unwrap_or(x_ref);
        let mut content = Content::new();
        // Sizes of pages of at most 5 m: well inside f32.
        #[allow(clippy::cast_possible_truncation)]
        let matrix = [dw as f32, 0.0, 0.0, dh as f32, dx as f32, dy as f32];
        content.save_state().transform(matrix).x_object(Name(b"P0")).restore_state();
        let mut p = doc.page(*page_id);
        // As above.
        #[allow(clippy::cast_possible_truncation)]
        p.media_box(Rect::new(0.0, 0.0, pw as f32, ph as f32));
        p.parent(tree_id);
        p.contents(content_id);
        let mut resources = p.resources();
        resources.x_objects().pair(Name(b"P0"), x_ref);
        resources.finish();
        p.finish();
        doc.stream(content_id, &content.finish());
        doc.extend(&chunk);
    }
    Ok(doc.finish())
}
