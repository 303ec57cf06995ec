//! The look of every picture and page: fonts, colours and font sizes, in one place. The poster, the charts
//! and the report's CSS take them from [`THEME`]; the colours of the score bands are
//! in [`crate::words::SCORE_BANDS`], next to the scale they colour.

use std::sync::OnceLock;

use super::markup::{Colour, Markup};

/// Fonts, colours and font sizes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Theme {
    /// The font stack of every text: a Helvetica-like sans-serif, then fonts with CJK glyphs.
    pub font: &'static str,
    /// The font stack of ids in the report.
    pub mono: &'static str,
    /// Paper: the background of pictures, cards and tables.
    pub paper: Colour,
    /// The background of the page, and of the poster's line of visibility.
    pub page: Colour,
    /// Text.
    pub ink: Colour,
    /// Notes, labels and secondary text.
    pub muted: Colour,
    /// Lines around lanes, boxes and cards.
    pub line: Colour,
    /// Shading of every other column, and of table headers.
    pub shade: Colour,
    /// Online channels, links, bars of the charts.
    pub online: Colour,
    /// Offline channels.
    pub offline: Colour,
    /// Moments of truth.
    pub gold: Colour,
    /// Pain points, KPIs missed, moves not designed (red, green and blue: badges mix lighter shades of it).
    pub pain: Colour,
    /// Delights, KPIs met, quick wins (red, green and blue, as `pain`).
    pub delight: Colour,
    /// Quotes on a touchpoint (not backing a pain or a delight) and backstage markers.
    pub quiet: Colour,
    /// One colour per persona's emotion curve.
    pub personas: [Colour; 7],
    /// The poster's font sizes.
    pub poster: PosterSizes,
    /// The charts' colours and font sizes.
    pub chart: ChartLook,
}

/// The poster's font sizes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PosterSizes {
    pub body: f64,
    pub small: f64,
    pub name: f64,
    pub label: f64,
    pub stage: f64,
    pub title: f64,
}

/// The charts' colours and font sizes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChartLook {
    /// The track behind a bar.
    pub track: Colour,
    /// The main bar.
    pub bar: Colour,
    /// The second bar (the removal effect).
    pub second: Colour,
    pub body: f64,
    pub small: f64,
    pub title: f64,
}

const BLUE: Colour = Colour::hex("#2f6fb0");
const ORANGE: Colour = Colour::hex("#e69f00");

/// The one theme.
pub(crate) const THEME: Theme = Theme {
    font: "Helvetica, Arial, 'Liberation Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
    mono: "Menlo, Consolas, 'DejaVu Sans Mono', monospace",
    paper: Colour::hex("#ffffff"),
    page: Colour::hex("#f4f6f9"),
    ink: Colour::hex("#1d2733"),
    muted: Colour::hex("#5b6675"),
    line: Colour::hex("#c9d2de"),
    shade: Colour::hex("#eef2f7"),
    online: BLUE,
    offline: Colour::hex("#9a6324"),
    gold: Colour::hex("#d4a017"),
    pain: Colour::Rgb(0xc0, 0x39, 0x2b),
    delight: Colour::Rgb(0x1e, 0x8f, 0x4e),
    quiet: Colour::hex("#7b8794"),
    personas: [
        Colour::hex("#0072b2"),
        ORANGE,
        Colour::hex("#009e73"),
        Colour::hex("#cc79a7"),
        Colour::hex("#56b4e9"),
        Colour::hex("#d55e00"),
        Colour::hex("#7f7f00"),
    ],
    poster: PosterSizes { body: 12.0, small: 10.5, name: 14.0, label: 13.0, stage: 20.0, title: 30.0 },
    chart: ChartLook { track: Colour::hex("#e8edf3"), bar: BLUE, second: ORANGE, body: 12.0, small: 11.0, title: 16.0 },
};

/// The report's style sheet, with `$name` where a value of the theme goes.
const CSS: &str = "
:root { color-scheme: light; }
body { margin: 0; background: $page; color: $ink;
  font: 15px/1.5 $font; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
header h1 { margin: 0 0 4px; font-size: 30px; }
h2 { margin: 40px 0 12px; padding-bottom: 4px; border-bottom: 2px solid $line; font-size: 22px; }
h3 { margin: 24px 0 8px; font-size: 17px; }
h4 { margin: 0 0 6px; font-size: 15px; }
p { margin: 6px 0; }
.muted, .id { color: $muted; }
.id { font-size: 12px; font-family: $mono; }
nav ul { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0; margin: 12px 0; list-style: none; }
nav a { color: $online; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 12px 0;
  background: $paper; padding: 12px 16px; border: 1px solid $line; border-radius: 6px; }
dl.summary dt { font-weight: bold; }
dl.summary dd { margin: 0; }
.figure { background: $paper; border: 1px solid $line; border-radius: 6px; padding: 8px; overflow-x: auto; }
.figure svg { display: block; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; background: $paper; font-size: 14px; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid #dbe1e9; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: $shade; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.score { display: inline-block; min-width: 2.6em; padding: 0 6px; border-radius: 9px; text-align: center;
  font-weight: bold; color: $paper; }
.sev { display: inline-block; min-width: 1.6em; border-radius: 4px; text-align: center; font-weight: bold;
  color: $paper; background: $pain; }
.sev.s1 { background: #e6a19a; } .sev.s2 { background: #db7f75; } .sev.s3 { background: #d05d50; }
.sev.s4 { background: #c54a3c; }
.quick { display: inline-block; padding: 0 6px; border-radius: 4px; background: $delight; color: $paper;
  font-size: 12px; font-weight: bold; }
tr.quick-win td { background: #eef8f1; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
.card { background: $paper; border: 1px solid $line; border-radius: 6px; padding: 10px 12px; }
.card table { margin: 6px 0; font-size: 13px; }
ul.evidence { margin: 0; padding-left: 18px; font-size: 13px; color: $muted; }
ul.expectations { margin: 4px 0 8px; padding-left: 18px; }
blockquote.quote { margin: 8px 0; padding: 2px 0 2px 10px; border-left: 4px solid $quiet; }
blockquote.quote.pain { border-left-color: $pain; }
blockquote.quote.delight { border-left-color: $delight; }
blockquote.quote p { margin: 0; font-style: italic; }
blockquote.quote p.source { font-style: normal; font-size: 13px; color: $muted; }
footer { margin: 48px 0 12px; color: $muted; font-size: 13px; }
@media print {
  body { background: $paper; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  .figure { overflow: visible; border: none; }
  .figure svg { max-width: 100%; height: auto; }
  h2 { break-after: avoid; }
  .card, tr { break-inside: avoid; }
}
";

impl Theme {
    /// The report's style sheet in this theme's fonts and colours.
    fn css(&self) -> String {
        let name = |c: Colour| {
            let mut m = Markup::new();
            m.push(&c);
            m.into_string()
        };
        let values = [
            ("font", self.font.to_owned()),
            ("mono", self.mono.to_owned()),
            ("paper", name(self.paper)),
            ("page", name(self.page)),
            ("ink", name(self.ink)),
            ("muted", name(self.muted)),
            ("line", name(self.line)),
            ("shade", name(self.shade)),
            ("online", name(self.online)),
            ("pain", name(self.pain)),
            ("delight", name(self.delight)),
            ("quiet", name(self.quiet)),
        ];
        let mut out = String::with_capacity(CSS.len() + 512);
        let mut rest = CSS;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let len = after.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(after.len());
            let key = &after[..len];
            match values.iter().find(|(k, _)| *k == key) {
                Some((_, v)) => out.push_str(v),
                None => out.push_str(&rest[at..at + 1 + len]),
            }
            rest = &after[len..];
        }
        out.push_str(rest);
        out
    }
}

/// The report's style sheet in [`THEME`], made once.
pub(crate) fn css() -> &'static str {
    static CSS_OF_THEME: OnceLock<String> = OnceLock::new();
    CSS_OF_THEME.get_or_init(|| THEME.css())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_style_sheet_has_every_value_of_the_theme() {
        let css = css();
        assert!(!css.contains('$'), "a value left out of the style sheet");
        assert!(css.contains("font: 15px/1.5 Helvetica, Arial,") && css.contains("color: #1d2733;"));
        assert!(css.contains("blockquote.quote.pain { border-left-color: #c0392b; }"));
    }
}
