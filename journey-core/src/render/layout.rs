//! The HTML report laid out on pages, for the report as PDF.
//!
//! The report's content has one source, the HTML page of [`Journey::to_html`](crate::Journey::to_html): its
//! `<main>` element is well-formed XML (the page is written by the library's own escaping writer), so it is
//! read back with an XML parser into a few kinds of blocks (headings, paragraphs, bulleted lists, the summary's
//! terms, tables and figures) and those are laid out on pages. A section added to the HTML report is in the
//! PDF without a line here.
//!
//! Text is measured with the bundled Liberation Sans' own advances (characters it has no glyph for, such as
//! CJK, with the estimates of [`super::text`]) and every run of text is placed at its measured position, so
//! right-aligned numbers end on the column's edge and chips sit behind their text. Each page is one SVG
//! document in CSS pixels (1/96 inch); the figures are the report's own SVG documents nested in it, scaled.

use std::sync::OnceLock;

use roxmltree::{Document, Node};
use ttf_parser::Face;

use super::markup::{Colour, Markup, Num, markup};
use super::text::{ASCENT, DESCENT, LINE_HEIGHT, split_by, text_width, tokens};
use super::theme::THEME;
use crate::error::{Error, Result};
use crate::words::{SCORE_BANDS, plural};

/// The font size of body text, in CSS pixels (9 pt).
const BODY: f64 = 12.0;
/// The font size of tables (8 pt).
const TABLE: f64 = 10.67;
/// Ids and quick-win chips are this much smaller than the text around them.
const SMALL: f64 = 0.85;
/// The space on either side of a cell's text.
const PAD_X: f64 = 4.0;
/// The space above and below a cell's text.
const PAD_Y: f64 = 2.5;
/// The space on either side of a chip's text.
const CHIP_PAD: f64 = 3.0;
/// The height of the footer with the page number, below the content.
const FOOTER: f64 = 20.0;
/// How far a quote and a bulleted item are indented.
const INDENT: f64 = 14.0;
/// How much wider than asked a line may be: what rounding leaves of a column as wide as its text.
const EPSILON: f64 = 1e-6;
/// A paragraph of at most this many lines right under a heading goes on the page of what follows it.
const SHORT: usize = 3;
/// The background of a quick win's row (as the HTML report's `tr.quick-win`).
const QUICK_ROW: Colour = Colour::hex("#eef8f1");

/// The size of a page and its margin, in CSS pixels.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sheet {
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) margin: f64,
}

/// A figure of the report: its SVG document and its size in CSS pixels.
pub(super) struct FigureBox<'a> {
    pub(super) svg: &'a Markup,
    pub(super) width: f64,
    pub(super) height: f64,
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Look {
    bold: bool,
    small: bool,
    colour: Colour,
    /// The background of a chip (a score, a severity, a quick win), drawn as a small rounded box.
    chip: Option<Colour>,
}

const PLAIN: Look = Look { bold: false, small: false, colour: THEME.ink, chip: None };

/// Text in one look, as it is in the page (white space not yet collapsed).
#[derive(Debug, Clone)]
struct Run {
    text: String,
    look: Look,
}

/// A piece of inline content: a paragraph of runs.
type Inline = Vec<Run>;

#[derive(Debug)]
enum Block {
    Heading(u8, Inline),
    Para { runs: Inline, indent: f64, bullet: bool, first: bool, bar: Option<Colour> },
    Terms(Vec<(Inline, Inline)>),
    Table(Table),
    Figure(usize),
}

#[derive(Debug, Default)]
struct Table {
    caption: Option<Inline>,
    rows: Vec<Row>,
}

#[derive(Debug)]
struct Row {
    head: bool,
    quick: bool,
    /// Each cell: whether it holds a number (right-aligned), and its paragraphs.
    cells: Vec<(bool, Vec<Inline>)>,
}

fn has_class(n: Node<'_, '_>, c: &str) -> bool {
    n.attribute("class").is_some_and(|v| v.split_whitespace().any(|x| x == c))
}

fn elements<'a, 'i>(n: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(Node::is_element)
}

/// The look of an element's text, inside text of look `l`, as the report's style sheet has it.
fn look(n: Node<'_, '_>, mut l: Look) -> Look {
    match n.tag_name().name() {
        "strong" | "b" | "th" | "dt" | "caption" | "h1" | "h2" | "h3" | "h4" => l.bold = true,
        "a" => l.colour = THEME.online,
        _ => {}
    }
    if has_class(n, "muted") || has_class(n, "source") || has_class(n, "evidence") {
        l.colour = THEME.muted;
    }
    if has_class(n, "id") {
        l.colour = THEME.muted;
        l.small = true;
    }
    if has_class(n, "score")
        && let Some(b) = SCORE_BANDS.iter().find(|b| has_class(n, b.name))
    {
        l = Look { bold: true, colour: Colour::hex(b.ink), chip: Some(Colour::hex(b.colour)), ..l };
    }
    if has_class(n, "sev") {
        l = Look { bold: true, colour: THEME.paper, chip: Some(THEME.pain), ..l };
    }
    if has_class(n, "quick") {
        l = Look { bold: true, small: true, colour: THEME.paper, chip: Some(THEME.delight) };
    }
    l
}

/// The inline content of an element as paragraphs: a line break or a list item starts a new one.
fn inline(n: Node<'_, '_>, l: Look, paras: &mut Vec<Inline>) {
    for c in n.children() {
        if c.is_text() {
            let text = c.text().unwrap_or_default().to_owned();
            match paras.last_mut() {
                Some(p) => p.push(Run { text, look: l }),
                None => paras.push(vec![Run { text, look: l }]),
            }
            continue;
        }
        if !c.is_element() {
            continue;
        }
        match c.tag_name().name() {
            "svg" => {}
            "br" => paras.push(Vec::new()),
            "ul" | "ol" => {
                let list = look(c, l);
                for li in elements(c) {
                    paras.push(vec![Run { text: "\u{2022} ".into(), look: list }]);
                    inline(li, look(li, list), paras);
                }
                paras.push(Vec::new());
            }
            _ => inline(c, look(c, l), paras),
        }
    }
}

/// The paragraphs of an element.
fn paragraphs(n: Node<'_, '_>) -> Vec<Inline> {
    let mut paras = vec![Vec::new()];
    inline(n, look(n, PLAIN), &mut paras);
    paras
}

/// The blocks of an element's children, in order; `figures` counts the figures met.
fn blocks(n: Node<'_, '_>, indent: f64, bar: Option<Colour>, figures: &mut usize, out: &mut Vec<Block>) {
    for c in elements(n) {
        let name = c.tag_name().name();
        match name {
            // The page's contents list: links inside the page, which paper has no use for.
            "nav" | "style" | "script" => {}
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.as_bytes().get(1).map_or(4, |d| d - b'0');
                let runs = paragraphs(c).into_iter().flatten().collect();
                out.push(Block::Heading(level, runs));
            }
            "p" | "footer" => {
                for (i, runs) in paragraphs(c).into_iter().enumerate() {
                    out.push(Block::Para { runs, indent, bullet: false, first: i == 0, bar });
                }
            }
            "ul" | "ol" => {
                let l = look(c, PLAIN);
                for li in elements(c) {
                    let mut paras = vec![Vec::new()];
                    inline(li, look(li, l), &mut paras);
                    for (i, runs) in paras.into_iter().enumerate() {
                        out.push(Block::Para { runs, indent: indent + INDENT, bullet: i == 0, first: i == 0, bar });
                    }
                }
            }
            "dl" => {
                let mut terms: Vec<(Inline, Inline)> = Vec::new();
                for d in elements(c) {
                    let runs: Inline = paragraphs(d).into_iter().flatten().collect();
                    match (d.tag_name().name(), terms.last_mut()) {
                        ("dd", Some((_, dd))) if dd.is_empty() => *dd = runs,
                        ("dd", _) => terms.push((Vec::new(), runs)),
                        _ => terms.push((runs, Vec::new())),
                    }
                }
                out.push(Block::Terms(terms));
            }
            "table" => out.push(Block::Table(table(c))),
            "div" if has_class(c, "figure") => {
                out.push(Block::Figure(*figures));
                *figures += 1;
            }
            "blockquote" => {
                let colour = if has_class(c, "pain") {
                    THEME.pain
                } else if has_class(c, "delight") {
                    THEME.delight
                } else {
                    THEME.quiet
                };
                blocks(c, indent + INDENT, Some(colour), figures, out);
            }
            _ => blocks(c, indent, bar, figures, out),
        }
    }
}

fn table(n: Node<'_, '_>) -> Table {
    let mut t = Table::default();
    let row = |tr: Node<'_, '_>, head: bool, t: &mut Table| {
        let cells = elements(tr)
            .filter(|c| matches!(c.tag_name().name(), "th" | "td"))
            .map(|c| (has_class(c, "num"), paragraphs(c)))
            .collect();
        t.rows.push(Row { head, quick: has_class(tr, "quick-win"), cells });
    };
    for c in elements(n) {
        match c.tag_name().name() {
            "caption" => t.caption = Some(paragraphs(c).into_iter().flatten().collect()),
            "thead" => elements(c).for_each(|tr| row(tr, true, &mut t)),
            "tbody" | "tfoot" => elements(c).for_each(|tr| row(tr, false, &mut t)),
            "tr" => row(c, false, &mut t),
            _ => {}
        }
    }
    t
}

/// The bundled regular and bold faces, parsed once.
fn faces() -> Option<&'static [Face<'static>; 2]> {
    static FACES: OnceLock<Option<[Face<'static>; 2]>> = OnceLock::new();
    FACES
        .get_or_init(|| Some([Face::parse(super::page::REGULAR, 0).ok()?, Face::parse(super::page::BOLD, 0).ok()?]))
        .as_ref()
}

/// The width of a text at a font size: the bundled face's advances, estimates for what it has no glyph for.
fn measure(text: &str, size: f64, bold: bool) -> f64 {
    let face = faces().map(|f| &f[usize::from(bold)]);
    text.chars()
        .map(|c| {
            let advance = face.and_then(|f| {
                let a = f.glyph_hor_advance(f.glyph_index(c)?)?;
                Some(f64::from(a) / f64::from(f.units_per_em()))
            });
            match advance {
                Some(a) => a * size,
                None => text_width(c.encode_utf8(&mut [0; 4]), size, bold),
            }
        })
        .sum()
}

/// A piece of text a line may not break inside, with its look and whether a space comes before it.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    look: Look,
    space: bool,
}

impl Word {
    fn size(&self, base: f64) -> f64 {
        if self.look.small { base * SMALL } else { base }
    }

    fn width(&self, base: f64) -> f64 {
        let pad = if self.look.chip.is_some() { 2.0 * CHIP_PAD } else { 0.0 };
        measure(&self.text, self.size(base), self.look.bold) + pad
    }

    fn space_width(&self, base: f64) -> f64 {
        if self.space { measure(" ", self.size(base), self.look.bold) } else { 0.0 }
    }
}

/// The words of a paragraph, white space collapsed across its runs; a chip is one word.
fn words(runs: &[Run]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut pending = false;
    for r in runs {
        pending |= r.text.starts_with(char::is_whitespace);
        let pieces: Vec<(String, bool)> = if r.look.chip.is_some() {
            let t = r.text.split_whitespace().collect::<Vec<_>>().join(" ");
            if t.is_empty() { Vec::new() } else { vec![(t, false)] }
        } else {
            tokens(&r.text).into_iter().map(|t| (t.text.to_owned(), t.space_before)).collect()
        };
        for (i, (text, space)) in pieces.into_iter().enumerate() {
            let space = (space || (i == 0 && pending)) && !out.is_empty();
            out.push(Word { text, look: r.look, space });
            pending = false;
        }
        pending |= r.text.ends_with(char::is_whitespace);
    }
    out
}

/// A table's cell in words: whether it holds a number, and its paragraphs.
type WordCell = (bool, Vec<Vec<Word>>);

/// A line of words, each at its offset from the line's start.
#[derive(Debug, Default, Clone)]
struct Line {
    words: Vec<(f64, Word)>,
    width: f64,
}

/// Breaks words into lines no wider than `max`; a word wider than a line alone is cut between characters.
fn wrap(words: Vec<Word>, max: f64, base: f64) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut line = Line::default();
    for word in words {
        let w = word.width(base);
        let gap = word.space_width(base);
        let max = max + EPSILON;
        if line.words.is_empty() || line.width + gap + w <= max {
            if !line.words.is_empty() || w <= max {
                let x = if line.words.is_empty() { 0.0 } else { line.width + gap };
                line.width = x + w;
                line.words.push((x, Word { space: !line.words.is_empty() && word.space, ..word }));
                continue;
            }
        } else {
            lines.push(std::mem::take(&mut line));
            if w <= max {
                line.width = w;
                line.words.push((0.0, Word { space: false, ..word }));
                continue;
            }
        }
        // Alone and too wide: in pieces that fit.
        let (size, bold) = (word.size(base), word.look.bold);
        let pieces = split_by(&word.text, max, |t| measure(t, size, bold));
        let n = pieces.len();
        for (i, text) in pieces.into_iter().enumerate() {
            let piece = Word { text, look: word.look, space: false };
            line.width = piece.width(base);
            line.words.push((0.0, piece));
            if i + 1 < n {
                lines.push(std::mem::take(&mut line));
            }
        }
    }
    if !line.words.is_empty() {
        lines.push(line);
    }
    lines
}

/// The width of words on one line.
fn one_line(words: &[Word], base: f64) -> f64 {
    words.iter().enumerate().map(|(i, w)| w.width(base) + if i > 0 { w.space_width(base) } else { 0.0 }).sum()
}

/// The distance from a line's top to its baseline, at a font size.
fn baseline(size: f64) -> f64 {
    (LINE_HEIGHT - ASCENT - DESCENT) / 2.0 * size + ASCENT * size
}

/// Draws a line with its start at `x` and its top at `top`: a `<text>` per run of words in one look, a
/// rounded box behind each chip.
fn draw_line(out: &mut Markup, line: &Line, x: f64, top: f64, base: f64) {
    let y = top + baseline(base);
    let mut i = 0;
    while i < line.words.len() {
        let (at, first) = &line.words[i];
        let mut text = first.text.clone();
        let mut j = i + 1;
        if first.look.chip.is_none() {
            while let Some((_, w)) = line.words.get(j).filter(|(_, w)| w.look == first.look) {
                if w.space {
                    text.push(' ');
                }
                text.push_str(&w.text);
                j += 1;
            }
        }
        let size = first.size(base);
        let mut tx = x + at;
        if let Some(bg) = first.look.chip {
            let h = (ASCENT + DESCENT) * size + 2.0;
            markup!(out; "<rect x=\"", Num(tx), "\" y=\"", Num(y - ASCENT * size - 1.0), "\" width=\"",
                Num(first.width(base)), "\" height=\"", Num(h), "\" rx=\"3\" fill=\"", bg, "\"/>");
            tx += CHIP_PAD;
        }
        let weight = if first.look.bold { Markup::lit(" font-weight=\"bold\"") } else { Markup::new() };
        markup!(out; "<text x=\"", Num(tx), "\" y=\"", Num(y), "\" font-size=\"", Num(size), "\"", weight,
            " fill=\"", first.look.colour, "\" xml:space=\"preserve\">", text, "</text>\n");
        i = j;
    }
}

/// A slab of a page that is not split: a line of text, a table's row, a figure.
struct Piece {
    height: f64,
    /// The space above it, left out at the top of a page.
    gap: f64,
    /// Whether it goes on the page of the piece after it (a heading, a table's caption and header).
    keep: bool,
    /// The table header to repeat above it when it starts a page.
    header: Option<usize>,
    svg: Markup,
}

/// Lays blocks out in pieces `width` wide, none taller than `height`.
struct Layout<'a> {
    width: f64,
    height: f64,
    figures: &'a [FigureBox<'a>],
    pieces: Vec<Piece>,
    /// Whether the block before was a heading.
    after_heading: bool,
}

impl Layout<'_> {
    fn block(&mut self, b: &Block) {
        match b {
            Block::Heading(level, runs) => {
                let (size, gap) = match level {
                    1 => (24.0, 0.0),
                    2 => (18.0, 18.0),
                    3 => (14.5, 12.0),
                    _ => (12.5, 8.0),
                };
                let rule = *level == 2;
                self.lines(runs, size, 0.0, gap, true, false, None, rule);
            }
            Block::Para { runs, indent, bullet, first, bar } => {
                let gap = if *first { 5.0 } else { 0.0 };
                // A short introduction under a heading stays with what it introduces.
                let keep = self.after_heading && *first;
                self.lines(runs, BODY, *indent, gap, keep, *bullet, *bar, false);
            }
            Block::Terms(terms) => self.terms(terms),
            Block::Table(t) => self.table(t),
            Block::Figure(i) => self.figure(*i),
        }
        self.after_heading = matches!(b, Block::Heading(..));
    }

    /// The lines of a paragraph, one piece each.
    #[allow(clippy::too_many_arguments)]
    fn lines(
        &mut self,
        runs: &[Run],
        size: f64,
        indent: f64,
        gap: f64,
        keep: bool,
        bullet: bool,
        bar: Option<Colour>,
        rule: bool,
    ) {
        let words = words(runs);
        if words.is_empty() {
            return;
        }
        let lh = size * LINE_HEIGHT;
        let lines = wrap(words, self.width - indent, size);
        let n = lines.len();
        // A heading keeps with what follows; a paragraph asked to keep does when it is short.
        let keep = keep && (rule || size > BODY || n <= SHORT);
        for (i, line) in lines.into_iter().enumerate() {
            let mut svg = Markup::new();
            if let Some(c) = bar {
                markup!(svg; "<rect x=\"", Num(indent - INDENT), "\" y=\"0\" width=\"3\" height=\"", Num(lh),
                    "\" fill=\"", c, "\"/>");
            }
            if bullet && i == 0 {
                let dot = Line {
                    words: vec![(0.0, Word { text: "\u{2022}".into(), look: PLAIN, space: false })],
                    width: 0.0,
                };
                draw_line(&mut svg, &dot, indent - INDENT + 3.0, 0.0, size);
            }
            draw_line(&mut svg, &line, indent, 0.0, size);
            let mut height = lh;
            if rule && i + 1 == n {
                markup!(svg; "<rect x=\"0\" y=\"", Num(lh + 1.0), "\" width=\"", Num(self.width),
                    "\" height=\"1.5\" fill=\"", THEME.line, "\"/>");
                height += 5.0;
            }
            self.pieces.push(Piece { height, gap: if i == 0 { gap } else { 0.0 }, keep, header: None, svg });
        }
    }

    /// The summary's terms: the names in bold in a column as wide as the widest, the values beside them.
    fn terms(&mut self, terms: &[(Inline, Inline)]) {
        let names: Vec<Vec<Word>> = terms.iter().map(|(dt, _)| words(dt)).collect();
        let widest = names.iter().map(|n| one_line(n, BODY)).fold(0.0, f64::max);
        let column = (widest + 16.0).min(self.width / 3.0);
        let lh = BODY * LINE_HEIGHT;
        for (i, ((_, dd), name)) in terms.iter().zip(names).enumerate() {
            let left = wrap(name, column - 16.0, BODY);
            let right = wrap(words(dd), self.width - column, BODY);
            // A piece per line, so that a long value goes on over a page.
            for k in 0..left.len().max(right.len()) {
                let mut svg = Markup::new();
                if let Some(l) = left.get(k) {
                    draw_line(&mut svg, l, 0.0, 0.0, BODY);
                }
                if let Some(l) = right.get(k) {
                    draw_line(&mut svg, l, column, 0.0, BODY);
                }
                let gap = match (i, k) {
                    (0, 0) => 6.0,
                    (_, 0) => 2.0,
                    _ => 0.0,
                };
                self.pieces.push(Piece { height: lh, gap, keep: false, header: None, svg });
            }
        }
    }

    fn table(&mut self, t: &Table) {
        let lh = TABLE * LINE_HEIGHT;
        if let Some(c) = &t.caption {
            let words = words(c);
            for (i, line) in wrap(words, self.width, TABLE).iter().enumerate() {
                let mut svg = Markup::new();
                draw_line(&mut svg, line, 0.0, 0.0, TABLE);
                let gap = if i == 0 { 6.0 } else { 0.0 };
                self.pieces.push(Piece { height: lh, gap, keep: true, header: None, svg });
            }
        }
        let cells: Vec<Vec<WordCell>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|(num, paras)| (*num, paras.iter().map(|p| words(p)).collect())).collect())
            .collect();
        let widths = self.columns(&cells);
        let mut header = None;
        let mut first = t.caption.is_none();
        for (row, cells) in t.rows.iter().zip(cells) {
            let laid: Vec<(bool, Vec<Line>)> = cells
                .into_iter()
                .zip(&widths)
                .map(|((num, paras), w)| {
                    (num, paras.into_iter().flat_map(|p| wrap(p, w - 2.0 * PAD_X, TABLE)).collect())
                })
                .collect();
            let n = laid.iter().map(|(_, l)| l.len()).max().unwrap_or(0).max(1);
            // A row taller than a page is cut between its lines.
            let room = self.height - header.map_or(0.0, |h: usize| self.pieces[h].height) - 2.0 * PAD_Y;
            let per = ((room / lh).floor() as usize).max(1);
            let mut start = 0;
            while start < n {
                let end = (start + per).min(n);
                let height = (end - start) as f64 * lh + 2.0 * PAD_Y;
                let mut svg = Markup::new();
                let fill = if row.head {
                    Some(THEME.shade)
                } else if row.quick {
                    Some(QUICK_ROW)
                } else {
                    None
                };
                if let Some(f) = fill {
                    markup!(svg; "<rect x=\"0\" y=\"0\" width=\"", Num(self.width), "\" height=\"", Num(height),
                        "\" fill=\"", f, "\"/>");
                }
                let mut x = 0.0;
                for ((num, lines), w) in laid.iter().zip(&widths) {
                    for (k, line) in lines.iter().enumerate().take(end).skip(start) {
                        let at = if *num { x + w - PAD_X - line.width } else { x + PAD_X };
                        draw_line(&mut svg, line, at, PAD_Y + (k - start) as f64 * lh, TABLE);
                    }
                    x += w;
                }
                markup!(svg; "<rect x=\"0\" y=\"", Num(height - 0.75), "\" width=\"", Num(self.width),
                    "\" height=\"0.75\" fill=\"", THEME.line, "\"/>");
                let gap = if first { 6.0 } else { 0.0 };
                first = false;
                self.pieces.push(Piece {
                    height,
                    gap,
                    keep: row.head,
                    header: if row.head { None } else { header },
                    svg,
                });
                start = end;
            }
            if row.head {
                header = Some(self.pieces.len() - 1);
            }
        }
    }

    /// The widths of a table's columns, from their content: as wide as the widest cell when the table fits,
    /// else between the longest word and that in proportion; numbers are not wrapped while the text columns
    /// can give room. The columns fill the width.
    fn columns(&self, rows: &[Vec<WordCell>]) -> Vec<f64> {
        let n = rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut min = vec![0.0_f64; n];
        let mut max = vec![0.0_f64; n];
        let mut num = vec![false; n];
        for row in rows {
            for (c, (is_num, paras)) in row.iter().enumerate() {
                num[c] |= *is_num;
                for p in paras {
                    let longest = p.iter().map(|w| w.width(TABLE)).fold(0.0, f64::max);
                    let whole = one_line(p, TABLE);
                    min[c] = min[c].max(longest + 2.0 * PAD_X);
                    max[c] = max[c].max(whole + 2.0 * PAD_X);
                }
            }
        }
        for c in 0..n {
            if num[c] {
                min[c] = max[c];
            }
            min[c] = min[c].max(2.0 * PAD_X + 8.0);
            max[c] = max[c].max(min[c]);
        }
        let (sum_min, sum_max): (f64, f64) = (min.iter().sum(), max.iter().sum());
        let width = self.width;
        if sum_max <= width {
            // Room to spare: to the text columns, by their width.
            let text: f64 = (0..n).filter(|c| !num[*c]).map(|c| max[c]).sum();
            let extra = width - sum_max;
            return (0..n)
                .map(|c| match (num[c], text > 0.0) {
                    (false, true) => max[c] + extra * max[c] / text,
                    (_, false) => max[c] + extra * max[c] / sum_max,
                    (true, true) => max[c],
                })
                .collect();
        }
        if sum_min <= width {
            let give = sum_max - sum_min;
            return (0..n).map(|c| min[c] + (max[c] - min[c]) * (width - sum_min) / give).collect();
        }
        min.iter().map(|m| m * width / sum_min).collect()
    }

    /// A figure at the text's width at most, and no taller than a page.
    fn figure(&mut self, i: usize) {
        let Some(f) = self.figures.get(i) else { return };
        let (w, h) = (f.width.max(1.0), f.height.max(1.0));
        let scale = (self.width / w).min(self.height / h).min(1.0);
        let mut svg = Markup::new();
        markup!(svg; "<g transform=\"scale(", Num4(scale), ")\">\n", f.svg.inline_svg(), "</g>\n");
        self.pieces.push(Piece { height: h * scale, gap: 8.0, keep: false, header: None, svg });
    }
}

/// A scale with four decimals (a poster scaled to a page needs more than two).
struct Num4(f64);

impl super::markup::ToMarkup for Num4 {
    fn write_to(&self, out: &mut String) {
        let v = if self.0.is_finite() { self.0 } else { 1.0 };
        out.push_str(format!("{v:.4}").trim_end_matches('0').trim_end_matches('.'));
    }
}

/// Which pieces go on which page, at which height from the content's top: a piece goes on the next page
/// when it does not fit, with the pieces it keeps with when they fit a page together; a table row that
/// starts a page has its table's header above it.
fn paginate(pieces: &[Piece], height: f64) -> Vec<Vec<(usize, f64)>> {
    let mut pages: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
    let mut y = 0.0;
    for (i, p) in pieces.iter().enumerate() {
        let gap = if y > 0.0 { p.gap } else { 0.0 };
        let mut chain = gap + p.height;
        let mut j = i;
        while pieces[j].keep && j + 1 < pieces.len() {
            j += 1;
            chain += pieces[j].gap + pieces[j].height;
        }
        let fits_alone = y + gap + p.height <= height;
        let chain_fits_a_page = chain - gap <= height;
        if y > 0.0 && (!fits_alone || (y + chain > height && chain_fits_a_page)) {
            pages.push(Vec::new());
            y = 0.0;
            if let Some(h) = p.header {
                if let Some(page) = pages.last_mut() {
                    page.push((h, 0.0));
                }
                y = pieces[h].height;
            }
        }
        let gap = if y > 0.0 { p.gap } else { 0.0 };
        if let Some(page) = pages.last_mut() {
            page.push((i, y + gap));
        }
        y += gap + p.height;
    }
    pages
}

/// The report's `<main>` laid out on pages of `sheet`, each an SVG document with the page number and `title`
/// in its footer. `figures` are the report's pictures in the order of the page.
///
/// # Errors
/// [`Error::Argument`] named `report` when the page's `<main>` is not well-formed XML or has another count of
/// figures than `figures` (neither happens with the library's report).
pub(super) fn pages(html: &str, figures: &[FigureBox<'_>], title: &str, sheet: Sheet) -> Result<Vec<Markup>> {
    let broken = |message: String| Error::Argument { name: "report".into(), message };
    let start = html.find("<main>").ok_or_else(|| broken("the report has no <main> element".into()))?;
    let end = html.rfind("</main>").map(|e| e + "</main>".len()).filter(|e| *e > start);
    let main = &html[start..end.ok_or_else(|| broken("the report's <main> element is not closed".into()))?];
    let doc = Document::parse(main).map_err(|e| broken(format!("the report cannot be laid out: {e}")))?;
    let mut out = Vec::new();
    let mut count = 0;
    blocks(doc.root_element(), 0.0, None, &mut count, &mut out);
    if count != figures.len() {
        return Err(broken(format!("the report has {}, expected {}", plural(count as u64, "figure"), figures.len())));
    }
    let width = sheet.width - 2.0 * sheet.margin;
    let height = sheet.height - 2.0 * sheet.margin - FOOTER;
    let mut layout = Layout { width, height, figures, pieces: Vec::new(), after_heading: false };
    for b in &out {
        layout.block(b);
    }
    let placed = paginate(&layout.pieces, height);
    let total = placed.len();
    // The footer: the map's name on one line (cut with an ellipsis when longer than half the width), and
    // the page number.
    let small = BODY * SMALL;
    let muted = Look { colour: THEME.muted, ..PLAIN };
    let foot = |text: &str, max: f64| wrap(words(&[Run { text: text.to_owned(), look: muted }]), max, small);
    let ellipsis = measure("\u{2026}", small, false);
    let lines = foot(title, width / 2.0 - ellipsis);
    let cut = lines.len() > 1;
    let mut name = lines.into_iter().next().unwrap_or_default();
    if cut {
        name.words.push((name.width, Word { text: "\u{2026}".into(), look: muted, space: false }));
        name.width += ellipsis;
    }
    let mut pages = Vec::with_capacity(total);
    for (n, page) in placed.iter().enumerate() {
        let mut svg = Markup::with_capacity(16 * 1024);
        markup!(svg; "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"", Num(sheet.width), "\" height=\"",
            Num(sheet.height), "\" viewBox=\"0 0 ", Num(sheet.width), " ", Num(sheet.height), "\" font-family=\"",
            Markup::lit(THEME.font), "\">\n<rect width=\"100%\" height=\"100%\" fill=\"", THEME.paper, "\"/>\n");
        for (i, y) in page {
            markup!(svg; "<g transform=\"translate(", Num(sheet.margin), ",", Num(sheet.margin + y), ")\">\n",
                layout.pieces[*i].svg, "</g>\n");
        }
        let top = sheet.height - sheet.margin - small * LINE_HEIGHT;
        draw_line(&mut svg, &name, sheet.margin, top, small);
        if let Some(line) = foot(&format!("Page {} of {total}", n + 1), width / 2.0).first() {
            draw_line(&mut svg, line, sheet.width - sheet.margin - line.width, top, small);
        }
        svg.push_lit("</svg>\n");
        pages.push(svg);
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, look: Look) -> Run {
        Run { text: text.into(), look }
    }

    #[test]
    fn words_collapse_white_space_across_runs() {
        let id = Look { small: true, ..PLAIN };
        let w = words(&[run("Window poster ", PLAIN), run("ad", id), run(" \u{2192} ", PLAIN), run("Counter", PLAIN)]);
        let got: Vec<(&str, bool)> = w.iter().map(|w| (w.text.as_str(), w.space)).collect();
        assert_eq!(got, [("Window", false), ("poster", true), ("ad", true), ("\u{2192}", true), ("Counter", true)]);
        let chip = Look { chip: Some(THEME.pain), ..PLAIN };
        let w = words(&[run("\n", PLAIN), run(" 88 ", chip), run("Stamp", PLAIN)]);
        let got: Vec<(&str, bool)> = w.iter().map(|w| (w.text.as_str(), w.space)).collect();
        assert_eq!(got, [("88", false), ("Stamp", true)]);
    }

    const A4: Sheet = Sheet { width: 793.7, height: 1122.5, margin: 37.8 };

    /// The `x` of the `<text>` that draws `text` in an SVG page.
    fn x_of(svg: &str, text: &str) -> f64 {
        let end = svg.find(&format!(">{text}</text>")).unwrap_or_else(|| panic!("{text} not in {svg}"));
        let start = svg[..end].rfind("<text x=\"").unwrap() + "<text x=\"".len();
        svg[start..].split('"').next().unwrap().parse().unwrap()
    }

    #[test]
    fn numbers_end_on_their_columns_right_edge_and_text_starts_on_the_left() {
        let html = "<main><table><thead><tr><th>Name</th><th class=\"num\">Count</th></tr></thead>\
            <tbody><tr><td>ann</td><td class=\"num\">12</td></tr></tbody></table></main>";
        let page = pages(html, &[], "T", A4).unwrap();
        assert_eq!(page.len(), 1);
        let svg = page[0].as_str();
        // The number column is as wide as its widest cell ("Count" in bold) and its padding, and the text
        // column takes the rest of the 718.1 px; "12" ends where the page's text ends, less the padding (in
        // the content's frame, which starts at the margin).
        let right = A4.width - 2.0 * A4.margin - PAD_X;
        let twelve = x_of(svg, "12") + measure("12", TABLE, false);
        assert!((twelve - right).abs() < 0.01, "{twelve} against {right}");
        let count = x_of(svg, "Count") + measure("Count", TABLE, true);
        assert!((count - right).abs() < 0.01, "{count} against {right}");
        assert!((x_of(svg, "ann") - PAD_X).abs() < 0.01);
        assert!(svg.contains(">Page 1 of 1</text>") && svg.contains(">T</text>"), "{svg}");
        // A name longer than half the width is cut in the footer, with an ellipsis.
        let long = "word ".repeat(200);
        let page = pages(html, &[], &long, A4).unwrap();
        let footer = page[0].as_str().lines().find(|l| l.contains("word word")).unwrap();
        assert!(footer.ends_with("word\u{2026}</text>"), "{footer}");
    }

    #[test]
    fn a_figure_is_scaled_to_the_text_width_and_to_a_page() {
        let svg = Markup::lit("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>");
        let html = "<main><div class=\"figure poster\"><svg/></div></main>";
        let scale = |width: f64, height: f64| -> String {
            let figures = [FigureBox { svg: &svg, width, height }];
            let page = pages(html, &figures, "T", A4).unwrap();
            let s = page[0].as_str();
            let at = s.find("scale(").unwrap() + "scale(".len();
            s[at..].split(')').next().unwrap().to_owned()
        };
        // 718.1 px of text width; 1,026.9 px of height (A4 less the margins and the 20 px footer).
        assert_eq!(scale(1436.2, 100.0), "0.5");
        assert_eq!(scale(100.0, 2053.8), "0.5");
        assert_eq!(scale(100.0, 100.0), "1");
        // The count of figures must be the page's.
        let e = pages(html, &[], "T", A4).unwrap_err();
        assert_eq!(e.to_string(), "report: the report has 1 figure, expected 0");
        assert!(pages("<main><p>x</main>", &[], "T", A4).is_err());
    }

    #[test]
    fn the_bundled_faces_measure_text() {
        // Liberation Sans: "0" advances 1139 of 2048 units, a space 569, bold "0" 1139 too.
        assert!((measure("0", 2048.0, false) - 1139.0).abs() < 1e-9);
        assert!((measure(" ", 2048.0, false) - 569.0).abs() < 1e-9);
        assert!((measure("00", 10.0, true) - 2.0 * 1139.0 / 2048.0 * 10.0).abs() < 1e-9);
        // No glyph in the bundled face: a CJK character is estimated at one em and a little.
        assert!((measure("茶", 10.0, false) - text_width("茶", 10.0, false)).abs() < 1e-9);
    }

    #[test]
    fn lines_are_no_wider_than_asked_and_keep_every_word() {
        let text =
            "Gaps, pain points and opportunities, one line per problem, ranked by reach Kundenzufriedenheitsumfrage";
        for max in [30.0, 80.0, 200.0] {
            let lines = wrap(words(&[run(text, PLAIN)]), max, 12.0);
            assert!(lines.iter().all(|l| l.width <= max + 1e-9), "{max}: {lines:?}");
            let joined: String = lines.iter().flat_map(|l| l.words.iter().map(|(_, w)| w.text.as_str())).collect();
            assert_eq!(joined, text.replace(' ', ""));
        }
    }

    #[test]
    fn a_piece_too_tall_for_the_rest_goes_on_the_next_page_with_its_heading_and_header() {
        let piece = |height: f64, gap: f64, keep: bool, header: Option<usize>| Piece {
            height,
            gap,
            keep,
            header,
            svg: Markup::new(),
        };
        // A heading, a table's header and three rows; then a heading kept with a figure.
        let pieces = vec![
            piece(20.0, 10.0, true, None),
            piece(10.0, 5.0, true, None),
            piece(30.0, 0.0, false, Some(1)),
            piece(30.0, 0.0, false, Some(1)),
            piece(30.0, 0.0, false, Some(1)),
            piece(20.0, 10.0, true, None),
            piece(60.0, 8.0, false, None),
        ];
        let pages = paginate(&pieces, 100.0);
        // No gap at the top of a page; the rows at 35 and 65 end at 95; the third would end at 125, so it
        // starts page 2 under the header repeated. The heading and the figure (88 together with the gap) do
        // not fit under it (40 + 10 + 88) and go on page 3 together.
        assert_eq!(
            pages,
            vec![vec![(0, 0.0), (1, 25.0), (2, 35.0), (3, 65.0)], vec![(1, 0.0), (4, 10.0)], vec![(5, 0.0), (6, 28.0)],]
        );
    }
}
