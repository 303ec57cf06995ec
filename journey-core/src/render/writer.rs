//! The one SVG writer, for the poster and the charts: elements with coordinates written as [`n`](super::format::n)
//! writes them, text escaped on the way in, and the document around them. It writes [`Markup`], so text
//! from a map reaches the picture only through [`Svg::text`] and the document's title and description,
//! which escape it. It also keeps how far right the drawing reaches, for pictures as wide as their content.

use super::markup::{Colour, Markup, Num, markup};
use super::text::{ASCENT, DESCENT, LINE_HEIGHT, text_width};
use super::theme::THEME;
use crate::model::Channel;

/// How a line of text looks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub size: f64,
    pub bold: bool,
    pub italic: bool,
    pub fill: Colour,
    pub anchor: Anchor,
}

/// Where a line of text is anchored at its x.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

impl Style {
    /// Regular text of this size in the theme's ink, anchored at its start.
    pub(crate) const fn new(size: f64) -> Self {
        Style { size, bold: false, italic: false, fill: THEME.ink, anchor: Anchor::Start }
    }
    pub(crate) const fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub(crate) const fn italic(mut self) -> Self {
        self.italic = true;
        self
    }
    pub(crate) fn fill(mut self, fill: impl Into<Colour>) -> Self {
        self.fill = fill.into();
        self
    }
    pub(crate) const fn anchor(mut self, anchor: Anchor) -> Self {
        self.anchor = anchor;
        self
    }
    /// The height of a line.
    pub(crate) fn line(&self) -> f64 {
        self.size * LINE_HEIGHT
    }
    /// From the top of a line's slot to its baseline.
    pub(crate) fn baseline(&self) -> f64 {
        self.size * ((LINE_HEIGHT - ASCENT - DESCENT) / 2.0 + ASCENT)
    }
}

/// The size of a document: in pixels, or on paper in millimetres.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Size {
    Pixels(f64, f64),
    Millimetres(f64, f64),
}

/// An SVG being written.
#[derive(Debug, Default)]
pub(crate) struct Svg {
    m: Markup,
    right: f64,
}

impl Svg {
    pub(crate) fn new() -> Self {
        Svg::default()
    }

    /// How far right the text and the rectangles drawn so far reach.
    pub(crate) fn right(&self) -> f64 {
        self.right
    }

    /// Opens a group of this class.
    pub(crate) fn open(&mut self, class: &'static str) {
        markup!(self.m; "<g class=\"", Markup::lit(class), "\">\n");
    }

    pub(crate) fn close(&mut self) {
        self.m.push_lit("</g>\n");
    }

    /// The rectangle that contains the text of the group it opens.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn frame(&mut self, x: f64, y: f64, w: f64, h: f64, fill: impl Into<Colour>, stroke: impl Into<Colour>) {
        let (fill, stroke) = (fill.into(), stroke.into());
        markup!(self.m; "<rect class=\"box\" x=\"", Num(x), "\" y=\"", Num(y), "\" width=\"", Num(w), "\" height=\"",
            Num(h), "\" fill=\"", fill, "\" stroke=\"", stroke, "\"/>\n");
    }

    /// A card's frame: the rectangle of class `box` with rounded corners, a border of a width and a dash.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn card(
        &mut self,
        (x, y, w, h): (f64, f64, f64, f64),
        rx: f64,
        stroke: impl Into<Colour>,
        stroke_width: f64,
        dash: Option<&'static str>,
    ) {
        let stroke = stroke.into();
        markup!(self.m; "<rect class=\"box\" x=\"", Num(x), "\" y=\"", Num(y), "\" width=\"", Num(w), "\" height=\"",
            Num(h), "\" rx=\"", Num(rx), "\" fill=\"", THEME.paper, "\" stroke=\"", stroke, "\" stroke-width=\"",
            Num(stroke_width), "\"");
        self.dash(dash);
        self.m.push_lit("/>\n");
    }

    fn dash(&mut self, dash: Option<&'static str>) {
        if let Some(d) = dash {
            markup!(self.m; " stroke-dasharray=\"", Markup::lit(d), "\"");
        }
    }

    /// A line of text with its baseline at `y`; the text is escaped.
    pub(crate) fn text(&mut self, x: f64, y: f64, text: &str, st: Style) {
        markup!(self.m; "<text x=\"", Num(x), "\" y=\"", Num(y), "\" font-size=\"", Num(st.size), "\"");
        if st.bold {
            self.m.push_lit(" font-weight=\"bold\"");
        }
        if st.italic {
            self.m.push_lit(" font-style=\"italic\"");
        }
        match st.anchor {
            Anchor::Start => {
                self.right = self.right.max(x + text_width(text, st.size, st.bold));
            }
            Anchor::Middle => self.m.push_lit(" text-anchor=\"middle\""),
            Anchor::End => self.m.push_lit(" text-anchor=\"end\""),
        }
        markup!(self.m; " fill=\"", st.fill, "\">", text, "</text>\n");
    }

    /// A rectangle, with rounded corners when `rx` is above 0.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn rect(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        rx: f64,
        fill: impl Into<Colour>,
        stroke: Option<Colour>,
    ) {
        let fill = fill.into();
        markup!(self.m; "<rect x=\"", Num(x), "\" y=\"", Num(y), "\" width=\"", Num(w.max(0.0)), "\" height=\"",
            Num(h.max(0.0)), "\"");
        if rx > 0.0 {
            markup!(self.m; " rx=\"", Num(rx), "\"");
        }
        markup!(self.m; " fill=\"", fill, "\"");
        if let Some(s) = stroke {
            markup!(self.m; " stroke=\"", s, "\"");
        }
        self.m.push_lit("/>\n");
        self.right = self.right.max(x + w.max(0.0));
    }

    /// A white box with a border in the muted colour, dashed or not (the legend's marker of a role).
    pub(crate) fn outline(&mut self, x: f64, y: f64, w: f64, h: f64, dash: Option<&'static str>) {
        markup!(self.m; "<rect x=\"", Num(x), "\" y=\"", Num(y), "\" width=\"", Num(w), "\" height=\"", Num(h),
            "\" rx=\"3\" fill=\"", THEME.paper, "\" stroke=\"", THEME.muted, "\" stroke-width=\"1.5\"");
        self.dash(dash);
        self.m.push_lit("/>\n");
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn line(
        &mut self,
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        stroke: impl Into<Colour>,
        width: f64,
        dash: Option<&'static str>,
    ) {
        let stroke = stroke.into();
        markup!(self.m; "<line x1=\"", Num(x1), "\" y1=\"", Num(y1), "\" x2=\"", Num(x2), "\" y2=\"", Num(y2),
            "\" stroke=\"", stroke, "\" stroke-width=\"", Num(width), "\"");
        self.dash(dash);
        self.m.push_lit("/>\n");
    }

    /// A line through points, three wide with round joins.
    pub(crate) fn polyline(&mut self, points: &[(f64, f64)], stroke: Colour, dash: Option<&'static str>) {
        self.m.push_lit("<polyline points=\"");
        self.points(points);
        markup!(self.m; "\" fill=\"none\" stroke=\"", stroke, "\" stroke-width=\"3\" stroke-linejoin=\"round\"");
        self.dash(dash);
        self.m.push_lit("/>\n");
    }

    fn points(&mut self, points: &[(f64, f64)]) {
        for (i, (x, y)) in points.iter().enumerate() {
            if i > 0 {
                self.m.push_lit(" ");
            }
            markup!(self.m; Num(*x), ",", Num(*y));
        }
    }

    pub(crate) fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: impl Into<Colour>, stroke: Option<Colour>) {
        let fill = fill.into();
        markup!(self.m; "<circle cx=\"", Num(cx), "\" cy=\"", Num(cy), "\" r=\"", Num(r), "\" fill=\"", fill, "\"");
        if let Some(s) = stroke {
            markup!(self.m; " stroke=\"", s, "\" stroke-width=\"1.5\"");
        }
        self.m.push_lit("/>\n");
    }

    /// A band from the edge `from` (x, top, bottom) to the edge `to`, its sides S-curves (a flow of a
    /// Sankey diagram), in `fill` at 35 % opacity, with `title` (escaped) as its tooltip.
    pub(crate) fn band(&mut self, from: (f64, f64, f64), to: (f64, f64, f64), fill: Colour, title: &str) {
        let ((x0, t0, b0), (x1, t1, b1)) = (from, to);
        let mid = (x0 + x1) / 2.0;
        markup!(self.m; "<path d=\"M", Num(x0), " ", Num(t0), " C", Num(mid), " ", Num(t0), " ", Num(mid), " ", Num(t1),
            " ", Num(x1), " ", Num(t1), " L", Num(x1), " ", Num(b1), " C", Num(mid), " ", Num(b1), " ", Num(mid), " ",
            Num(b0), " ", Num(x0), " ", Num(b0), " Z\" fill=\"", fill, "\" fill-opacity=\"0.35\"><title>", title,
            "</title></path>\n");
        self.right = self.right.max(x0.max(x1));
    }

    /// A five-pointed star in gold (a moment of truth).
    pub(crate) fn star(&mut self, cx: f64, cy: f64, r: f64) {
        let points: Vec<(f64, f64)> = (0..10)
            .map(|i| {
                let radius = if i % 2 == 0 { r } else { r * 0.45 };
                let angle = std::f64::consts::PI * (f64::from(i) / 5.0 - 0.5);
                (cx + radius * angle.cos(), cy + radius * angle.sin())
            })
            .collect();
        self.m.push_lit("<polygon points=\"");
        self.points(&points);
        markup!(self.m; "\" fill=\"", THEME.gold, "\" stroke=\"#a67c00\"/>\n");
    }

    /// A channel's pictogram in a 20 × 20 box at (x, y), in the colour of online or offline channels.
    pub(crate) fn glyph(&mut self, x: f64, y: f64, channel: &Channel) {
        let colour = if channel.is_online() { THEME.online } else { THEME.offline };
        markup!(self.m; "<g transform=\"translate(", Num(x), ",", Num(y), ")\" fill=\"none\" stroke=\"", colour,
            "\" stroke-width=\"1.6\" stroke-linejoin=\"round\" stroke-linecap=\"round\">",
            Markup::lit(glyph_body(channel)), "</g>\n");
    }

    /// Appends what another writer drew, on top of this one's.
    pub(crate) fn append(&mut self, other: Svg) {
        self.m.push(&other.m);
        self.right = self.right.max(other.right);
    }

    /// The whole document: the drawing on a white background of `view` (x, y, width, height), with a title
    /// and a description (both escaped). `fit` scales a drawing of another aspect to the middle of the size.
    pub(crate) fn document(self, size: Size, view: (f64, f64, f64, f64), fit: bool, title: &str, desc: &str) -> Markup {
        let mut svg = Markup::with_capacity(self.m.len() + 1024);
        svg.push_lit("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.push_lit("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" ");
        match size {
            Size::Pixels(w, h) => markup!(svg; "width=\"", Num(w), "\" height=\"", Num(h), "\""),
            Size::Millimetres(w, h) => markup!(svg; "width=\"", Num(w), "mm\" height=\"", Num(h), "mm\""),
        }
        let (x, y, w, h) = view;
        markup!(svg; " viewBox=\"", Num(x), " ", Num(y), " ", Num(w), " ", Num(h), "\"");
        if fit {
            svg.push_lit(" preserveAspectRatio=\"xMidYMid meet\"");
        }
        markup!(svg; " font-family=\"", Markup::lit(THEME.font), "\">\n<title>", title, "</title>\n<desc>", desc,
            "</desc>\n<rect x=\"", Num(x), "\" y=\"", Num(y), "\" width=\"", Num(w), "\" height=\"", Num(h), "\" fill=\"",
            THEME.paper, "\"/>\n", self.m, "</svg>\n");
        svg
    }
}

/// A channel's pictogram in a 20 × 20 box: simple strokes, no fonts.
fn glyph_body(c: &Channel) -> &'static str {
    match c {
        Channel::Web => {
            r#"<circle cx="10" cy="10" r="8"/><ellipse cx="10" cy="10" rx="3.5" ry="8"/><line x1="2" y1="10" x2="18" y2="10"/>"#
        }
        Channel::MobileApp => {
            r#"<rect x="5" y="1" width="10" height="18" rx="2"/><line x1="8.5" y1="16" x2="11.5" y2="16"/>"#
        }
        Channel::Email => r#"<rect x="2" y="4" width="16" height="12" rx="1"/><polyline points="2,5 10,11 18,5"/>"#,
        Channel::Sms => {
            r#"<path d="M3 3h14v10H9l-4 4v-4H3z"/><line x1="7" y1="8" x2="7.1" y2="8"/><line x1="10" y1="8" x2="10.1" y2="8"/><line x1="13" y1="8" x2="13.1" y2="8"/>"#
        }
        Channel::Social => {
            r#"<circle cx="5" cy="10" r="2.5"/><circle cx="15" cy="4" r="2.5"/><circle cx="15" cy="16" r="2.5"/><line x1="7.2" y1="8.8" x2="12.8" y2="5.2"/><line x1="7.2" y1="11.2" x2="12.8" y2="14.8"/>"#
        }
        Channel::PaidAds => r#"<path d="M3 7.5h3l9-5v15l-9-5H3z"/><line x1="6.5" y1="12.5" x2="8" y2="17.5"/>"#,
        Channel::Search => {
            r#"<circle cx="8" cy="8" r="5.5"/><line x1="12" y1="12" x2="18" y2="18" stroke-width="2.4"/>"#
        }
        Channel::Display => {
            r#"<rect x="2" y="3" width="16" height="11" rx="1"/><line x1="10" y1="14" x2="10" y2="17"/><line x1="6" y1="17.5" x2="14" y2="17.5"/>"#
        }
        Channel::Referral => {
            r#"<circle cx="7" cy="6" r="3"/><path d="M1.5 17c0-4 2.5-6 5.5-6s5.5 2 5.5 6"/><circle cx="14.5" cy="7" r="2.5"/><path d="M13 11.3c3.5-0.5 5.5 1.7 5.5 5.2"/>"#
        }
        Channel::Affiliate => {
            r#"<rect x="1.5" y="7" width="10" height="6" rx="3"/><rect x="8.5" y="7" width="10" height="6" rx="3"/>"#
        }
        Channel::Video => r#"<rect x="2" y="4" width="16" height="12" rx="2"/><polygon points="8,7 14,10 8,13"/>"#,
        Channel::Store => {
            r#"<path d="M2 8l2-5h12l2 5z"/><rect x="3.5" y="8" width="13" height="10"/><rect x="8.5" y="12" width="3" height="6"/>"#
        }
        Channel::Phone => {
            r#"<path d="M5 2h3l1.5 4.5-2 1.5a10 10 0 0 0 5 5l1.5-2 4.5 1.5v3a2 2 0 0 1-2 2A15 15 0 0 1 3 4a2 2 0 0 1 2-2z"/>"#
        }
        Channel::Chat => r#"<path d="M2 3h11v8H6l-3 3v-3H2z"/><path d="M15 7h3v8h-1v3l-3-3h-5v-2"/>"#,
        Channel::Event => {
            r#"<rect x="2" y="4" width="16" height="14" rx="1.5"/><line x1="2" y1="8" x2="18" y2="8"/><line x1="6" y1="2" x2="6" y2="6"/><line x1="14" y1="2" x2="14" y2="6"/>"#
        }
        Channel::Print => {
            r#"<path d="M4 2h8l4 4v12H4z"/><polyline points="12,2 12,6 16,6"/><line x1="6.5" y1="10" x2="13.5" y2="10"/><line x1="6.5" y1="13" x2="13.5" y2="13"/>"#
        }
        Channel::ThirdParty => {
            r#"<path d="M10 2l8 4v8l-8 4-8-4V6z"/><polyline points="2,6 10,10 18,6"/><line x1="10" y1="10" x2="10" y2="18"/>"#
        }
        _ => r#"<polygon points="10,2 18,10 10,18 2,10"/><circle cx="10" cy="10" r="1.5"/>"#,
    }
}
