//! The SVG poster: stages as columns, lanes as rows, a title on top and a legend below.
//!
//! Layout runs in two steps. First every touchpoint gets a slot (a sub-column of its stage) wide enough for
//! its longest word; then every lane lays out its text into cells of that width, and the lane is as tall as
//! its tallest cell. Every line of text is a `<text>` element of its own, placed inside a group whose first
//! child is a `rect` of class `box` that contains it; nothing is clipped.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use petgraph::visit::EdgeRef;

use super::format::{count, kind_name};
use super::markup::{Colour, Markup};
use super::text::{LINE_HEIGHT, longest_word, text_width, wrap, wrap_at_most};
use super::theme::THEME;
use super::voice::{self, Backs};
use super::writer::{Anchor, Size, Style, Svg};
use super::{Lanes, PosterSize, SvgOptions};
use crate::error::Result;
use crate::model::{BackstageLane, Channel, Journey, Kpi, Stage, Touchpoint, TouchpointRole};
use crate::score::{JourneyScore, ScoringModel};

const MARGIN: f64 = 24.0;
const GAP: f64 = 14.0;
const LABEL_W: f64 = 156.0;
const SLOT_MIN: f64 = 178.0;
const SLOT_MAX: f64 = 360.0;
const STAGE_MIN: f64 = 210.0;
const STAGE_MAX: f64 = 420.0;
const PAD: f64 = 10.0;
const CARD_MARGIN: f64 = 6.0;
const BADGE_W: f64 = 22.0;
const PLOT_H: f64 = 150.0;
const SCORE_BAND_H: f64 = 34.0;

const BODY: f64 = THEME.poster.body;
const SMALL: f64 = THEME.poster.small;
const NAME: f64 = THEME.poster.name;
const LABEL: f64 = THEME.poster.label;
const STAGE_FONT: f64 = THEME.poster.stage;
const TITLE: f64 = THEME.poster.title;

const INK: Colour = THEME.ink;
const MUTED: Colour = THEME.muted;
const LINE: Colour = THEME.line;
const ONLINE: Colour = THEME.online;
const OFFLINE: Colour = THEME.offline;
const GOLD: Colour = THEME.gold;
const PAIN: Colour = THEME.pain;
const DELIGHT: Colour = THEME.delight;
const PAPER: Colour = THEME.paper;
const NONE: Colour = Colour::hex("none");
const PERSONA_COLOURS: [Colour; 7] = THEME.personas;
/// How many expectations of a touchpoint the poster shows.
const EXPECTATIONS_SHOWN: usize = 2;
/// The most lines an expectation takes on the poster; a longer one ends in an ellipsis.
const EXPECTATION_LINES: usize = 3;
/// The most lines the poster's quote takes.
const QUOTE_LINES: usize = 5;
/// The most lines of the source under the poster's quote.
const ATTRIBUTION_LINES: usize = 3;
/// The colours of the bar beside a quote, by what it backs, with what the legend says of them.
const QUOTE_BARS: [(Colour, &str); 3] = [
    (PAIN, "quote backing a pain point"),
    (DELIGHT, "quote backing a delight"),
    (THEME.quiet, "quote on the touchpoint"),
];

/// The most personas the emotion lane draws a curve for (one colour each).
const MAX_PERSONA_CURVES: usize = PERSONA_COLOURS.len();

/// Something drawn inside a cell, at coordinates relative to the cell.
#[derive(Debug, Clone)]
enum Piece {
    Text {
        x: f64,
        y: f64,
        text: String,
        style: Style,
    },
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        rx: f64,
        fill: Colour,
        stroke: Option<Colour>,
    },
    Circle {
        cx: f64,
        cy: f64,
        r: f64,
        fill: Colour,
    },
    Glyph {
        x: f64,
        y: f64,
        channel: Channel,
    },
    Star {
        cx: f64,
        cy: f64,
        r: f64,
    },
    /// A white box with a grey border, dashed as a card of a role is (the legend's role marker).
    Outline {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        dash: Option<&'static str>,
    },
}

/// A column of pieces laid out top to bottom.
#[derive(Debug, Clone, Default)]
struct Cell {
    pieces: Vec<Piece>,
    y: f64,
}

impl Cell {
    /// Wraps text into the width and adds its lines at the cursor; returns the height used.
    fn para(&mut self, x: f64, width: f64, text: &str, style: Style) -> f64 {
        let lines = wrap(text, width, style.size, style.bold);
        let top = self.y;
        self.text_lines(x, width, top, lines, style);
        self.y - top
    }

    fn text_lines(&mut self, x: f64, width: f64, top: f64, lines: Vec<String>, style: Style) {
        let ax = match style.anchor {
            Anchor::Start => x,
            Anchor::Middle => x + width / 2.0,
            Anchor::End => x + width,
        };
        let mut y = top;
        for line in lines {
            self.pieces.push(Piece::Text { x: ax, y: y + style.baseline(), text: line, style });
            y += style.line();
        }
        self.y = self.y.max(y);
    }

    fn gap(&mut self, h: f64) {
        self.y += h;
    }

    /// A list item with a badge (severity) on the left and wrapped text on the right.
    fn badged(&mut self, width: f64, badge: &str, colour: Colour, text: &str, style: Style) {
        let top = self.y;
        let bh = style.line().max(16.0);
        self.pieces.push(Piece::Rect { x: 0.0, y: top, w: BADGE_W, h: bh, rx: 4.0, fill: colour, stroke: None });
        let badge_style = Style::new(SMALL).bold().fill(PAPER).anchor(Anchor::Middle);
        self.pieces.push(Piece::Text {
            x: BADGE_W / 2.0,
            y: top + (bh - SMALL * LINE_HEIGHT) / 2.0 + badge_style.baseline(),
            text: badge.to_owned(),
            style: badge_style,
        });
        let lines = wrap(text, width - BADGE_W - 6.0, style.size, style.bold);
        self.text_lines(BADGE_W + 6.0, width - BADGE_W - 6.0, top, lines, style);
        self.y = self.y.max(top + bh);
    }

    fn height(&self) -> f64 {
        self.y
    }

    /// Draws the pieces with the cell's top left corner at (ox, oy).
    fn draw(&self, out: &mut Svg, ox: f64, oy: f64) {
        for p in &self.pieces {
            match p {
                Piece::Text { x, y, text, style } => out.text(ox + x, oy + y, text, *style),
                Piece::Rect { x, y, w, h, rx, fill, stroke } => out.rect(ox + x, oy + y, *w, *h, *rx, *fill, *stroke),
                Piece::Circle { cx, cy, r, fill } => out.circle(ox + cx, oy + cy, *r, *fill, None),
                Piece::Glyph { x, y, channel } => out.glyph(ox + x, oy + y, channel),
                Piece::Star { cx, cy, r } => out.star(ox + cx, oy + cy, *r),
                Piece::Outline { x, y, w, h, dash } => out.outline(ox + x, oy + y, *w, *h, *dash),
            }
        }
    }
}

/// A measured value in its unit (see [`crate::words::quantity`]): `€0.95`, `31%`, `2.5 days`, `12,000`.
fn with_unit(v: f64, unit: Option<&str>) -> String {
    crate::words::quantity(v, unit)
}

fn channel_label(c: &Channel) -> String {
    match c {
        Channel::Web => "Web".into(),
        Channel::MobileApp => "Mobile app".into(),
        Channel::Email => "Email".into(),
        Channel::Sms => "SMS".into(),
        Channel::Social => "Social".into(),
        Channel::PaidAds => "Paid ads".into(),
        Channel::Search => "Search".into(),
        Channel::Display => "Display ads".into(),
        Channel::Referral => "Referral".into(),
        Channel::Affiliate => "Affiliate".into(),
        Channel::Video => "Video".into(),
        Channel::Store => "Store".into(),
        Channel::Phone => "Phone".into(),
        Channel::Chat => "Chat".into(),
        Channel::Event => "Event".into(),
        Channel::Print => "Print".into(),
        Channel::ThirdParty => "Third party".into(),
        Channel::Other(name) => name.clone(),
        #[allow(unreachable_patterns)]
        other => other.name().into_owned(),
    }
}

/// The dash pattern of the border of a card of each role: entries dashed, optional touchpoints dotted, steps
/// solid.
fn role_dash(role: TouchpointRole) -> Option<&'static str> {
    match role {
        TouchpointRole::Entry => Some("7 4"),
        TouchpointRole::Step => None,
        TouchpointRole::Optional => Some("2 3"),
    }
}

/// What the legend says about a role.
fn role_legend(role: TouchpointRole) -> &'static str {
    match role {
        TouchpointRole::Entry => "entry: judged on reach",
        TouchpointRole::Step => "step: customers are meant to pass it",
        TouchpointRole::Optional => "optional: judged on take-up",
    }
}

fn lane_name(lane: BackstageLane) -> &'static str {
    match lane {
        BackstageLane::People => "People",
        BackstageLane::Process => "Process",
        BackstageLane::Technology => "Technology",
        BackstageLane::Policy => "Policy",
    }
}

/// The colour of a score's band (see [`crate::words::score_band`]), the same as the report's.
fn score_colour(v: f64) -> Colour {
    crate::words::score_band(v).colour.into()
}

/// Text colour that reads on a score colour.
fn score_ink(v: f64) -> Colour {
    crate::words::score_band(v).ink.into()
}

/// Badge colour by severity 1..5: light to dark.
fn severity_colour(base: Colour, severity: u8) -> Colour {
    let Colour::Rgb(r, g, b) = base else { return base };
    let base = (r, g, b);
    let t = 0.45 + 0.55 * f64::from(severity.clamp(1, 5) - 1) / 4.0;
    let mix = |c: u8| (255.0 - (255.0 - f64::from(c)) * t).round() as u8;
    Colour::Rgb(mix(base.0), mix(base.1), mix(base.2))
}

/// The bar of a quote: its index in [`QUOTE_BARS`] and its colour.
fn quote_bar(backs: Backs<'_>) -> (usize, Colour) {
    let i = match backs {
        Backs::Pain(_) => 0,
        Backs::Delight(_) => 1,
        Backs::Touchpoint => 2,
    };
    (i, QUOTE_BARS[i].0)
}

fn kpi_met(k: &Kpi) -> Option<bool> {
    let actual = k.actual.filter(|a| a.is_finite())?;
    Some(if k.higher_is_better { actual >= k.target } else { actual <= k.target })
}

fn kpi_text(k: &Kpi) -> String {
    let unit = k.unit.as_deref();
    let cmp = if k.higher_is_better { "\u{2265}" } else { "\u{2264}" };
    match k.actual {
        Some(a) => format!("{}: {} (target {cmp} {})", k.name, with_unit(a, unit), with_unit(k.target, unit)),
        None => format!("{}: not measured (target {cmp} {})", k.name, with_unit(k.target, unit)),
    }
}

/// One touchpoint's sub-column.
struct Slot<'a> {
    tp: Option<&'a Touchpoint>,
    x: f64,
    w: f64,
}

/// A stage's column.
struct Column<'a> {
    stage: &'a Stage,
    x: f64,
    w: f64,
    slots: std::ops::Range<usize>,
    touchpoints: usize,
}

/// A row of cells, one per slot.
struct Row {
    class: &'static str,
    label: &'static str,
    note: Option<&'static str>,
    cells: Vec<Cell>,
}

/// An emotion curve.
struct Series {
    name: String,
    colour: Colour,
    dashed: bool,
    /// (slot index, emotion)
    points: Vec<(usize, f64)>,
}

struct Poster<'a> {
    journey: &'a Journey,
    options: &'a SvgOptions,
    persona_name: Option<&'a str>,
    /// The id of the persona the poster is drawn for, `None` for every customer.
    persona_id: Option<&'a str>,
    slots: Vec<Slot<'a>>,
    columns: Vec<Column<'a>>,
    scores: Option<JourneyScore>,
    /// The touchpoint scores by id, for the cards (the first score of an id, as `JourneyScore::touchpoint`).
    touchpoint_scores: HashMap<String, f64>,
    width: f64,
}

impl Journey {
    /// Draws the map as an SVG 1.1 poster: a title, stages as columns with their KPIs and a score band, and lanes for
    /// touchpoints (cards with channel pictograms, online/offline and moments of truth), customer actions, thoughts,
    /// what customers expect and say (the first two expectations and one quote from the evidence, a pain point's
    /// first), the emotion curve (one per persona when the map has them), pain points and delights with severities,
    /// observed flow, and the backstage lanes below the line of visibility; a legend at the bottom. Text wraps and
    /// boxes grow so that no text is clipped or overlaps. The output is deterministic. Costs O(size of the map + total
    /// text length).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) when `options.persona` names a persona the map does not have.
    pub fn to_svg(&self, options: &SvgOptions) -> Result<String> {
        self.poster(options).map(Markup::into_string)
    }

    /// The poster (see [`Journey::to_svg`]).
    pub(super) fn poster(&self, options: &SvgOptions) -> Result<Markup> {
        let persona = match options.persona.as_deref() {
            Some(p) => Some(self.persona_at(p)?.1),
            None => None,
        };
        let scores = if options.lanes.scores {
            let model = ScoringModel::default();
            Some(match persona {
                Some(p) => self.score_persona(&model, &p.id)?,
                None => self.score(&model)?,
            })
        } else {
            None
        };
        let touchpoints: Vec<&Touchpoint> =
            self.touchpoints().into_iter().filter(|t| persona.is_none_or(|p| t.serves(&p.id))).collect();
        let touchpoint_scores = scores.as_ref().map_or_else(HashMap::new, |s| {
            s.touchpoints.iter().rev().map(|t| (t.touchpoint.clone(), t.score.value)).collect()
        });
        let mut poster = Poster {
            journey: self,
            options,
            persona_name: persona.map(|p| p.name.as_str()),
            persona_id: persona.map(|p| p.id.as_str()),
            slots: Vec::new(),
            columns: Vec::new(),
            scores,
            touchpoint_scores,
            width: 0.0,
        };
        poster.lay_out_columns(&touchpoints);
        Ok(poster.draw(persona.map(|p| p.id.as_str())))
    }
}

impl<'a> Poster<'a> {
    fn lanes(&self) -> &Lanes {
        &self.options.lanes
    }

    /// The widest word a touchpoint puts in its slot, plus what surrounds it.
    fn slot_need(&self, t: &Touchpoint) -> f64 {
        let lanes = self.lanes();
        let mut need = longest_word(&t.name, NAME, true) + 2.0 * (CARD_MARGIN + PAD);
        let mut body = |text: &str, extra: f64| {
            need = need.max(longest_word(text, BODY, false) + 2.0 * PAD + extra);
        };
        if lanes.actions {
            t.actions.iter().for_each(|a| body(a, 12.0));
        }
        if lanes.thoughts {
            t.thoughts.iter().for_each(|a| body(a, 16.0));
        }
        if lanes.voice {
            voice::expectations(self.journey, t, self.persona_id)
                .iter()
                .take(EXPECTATIONS_SHOWN)
                .for_each(|e| body(e, 12.0));
            if let Some(q) = voice::quotes(t).first() {
                body(q.text, 12.0);
            }
        }
        if lanes.pains {
            t.pain_points.iter().for_each(|p| body(&p.description, BADGE_W + 6.0));
        }
        if lanes.delights {
            t.delights.iter().for_each(|p| body(&p.description, BADGE_W + 6.0));
        }
        if lanes.backstage {
            t.backstage.iter().for_each(|b| body(&b.description, 12.0));
        }
        need.clamp(SLOT_MIN, SLOT_MAX)
    }

    fn lay_out_columns(&mut self, touchpoints: &[&'a Touchpoint]) {
        let mut x = MARGIN + LABEL_W;
        // Each stage's touchpoints, gathered in one pass (in the order given).
        let mut by_stage: Vec<Vec<&'a Touchpoint>> = vec![Vec::new(); self.journey.stages().len()];
        for t in touchpoints {
            if let Some(members) = self.journey.stage_position(&t.stage).and_then(|i| by_stage.get_mut(i)) {
                members.push(t);
            }
        }
        for (stage, members) in self.journey.stages().iter().zip(by_stage) {
            let mut header = longest_word(&stage.name, STAGE_FONT, true);
            for k in &stage.kpis {
                header = header.max(longest_word(&kpi_text(k), SMALL, false) + 14.0);
            }
            let header = (header + 2.0 * PAD).clamp(STAGE_MIN, STAGE_MAX);
            let start = self.slots.len();
            let mut widths: Vec<f64> = members.iter().map(|t| self.slot_need(t)).collect();
            if widths.is_empty() {
                widths.push(SLOT_MIN);
            }
            let total: f64 = widths.iter().sum();
            if total < header {
                let extra = (header - total) / widths.len() as f64;
                widths.iter_mut().for_each(|w| *w += extra);
            }
            let column_x = x;
            for (i, w) in widths.iter().enumerate() {
                self.slots.push(Slot { tp: members.get(i).copied(), x, w: *w });
                x += w;
            }
            self.columns.push(Column {
                stage,
                x: column_x,
                w: x - column_x,
                slots: start..self.slots.len(),
                touchpoints: members.len(),
            });
        }
        self.width = x + MARGIN;
        // A map without stages still gets a readable width for its title.
        self.width = self.width.max(MARGIN * 2.0 + LABEL_W + STAGE_MIN * 2.0);
    }

    fn content_right(&self) -> f64 {
        self.width - MARGIN
    }

    fn title_cell(&self, width: f64) -> Cell {
        let j = self.journey;
        let mut cell = Cell::default();
        cell.para(0.0, width, &j.name, Style::new(TITLE).bold());
        cell.gap(4.0);
        let mut sub = vec![kind_name(j.kind).to_owned()];
        if let Some(d) = j.reviewed_on {
            sub.push(format!("reviewed {}", d.format("%Y-%m-%d")));
        }
        sub.push(format!(
            "{} stages \u{b7} {} touchpoints \u{b7} {} transitions",
            j.stages().len(),
            self.slots.iter().filter(|s| s.tp.is_some()).count(),
            j.transition_count()
        ));
        cell.para(0.0, width, &sub.join(" \u{b7} "), Style::new(LABEL).fill(MUTED));
        if let Some(p) = self.persona_name {
            cell.gap(2.0);
            cell.para(0.0, width, &format!("Persona: {p}"), Style::new(LABEL).bold().fill(ONLINE));
        }
        if let Some(d) = j.description.as_deref().filter(|d| !d.trim().is_empty()) {
            cell.gap(6.0);
            cell.para(0.0, width.min(1100.0), d, Style::new(BODY));
        }
        cell
    }

    fn stage_cell(&self, col: &Column<'_>) -> Cell {
        let width = col.w - 2.0 * PAD;
        let mut cell = Cell::default();
        cell.para(0.0, width, &col.stage.name, Style::new(STAGE_FONT).bold());
        let noun = if col.touchpoints == 1 { "touchpoint" } else { "touchpoints" };
        cell.para(0.0, width, &format!("{} {noun}", col.touchpoints), Style::new(SMALL).fill(MUTED));
        for k in &col.stage.kpis {
            cell.gap(3.0);
            let top = cell.y;
            let colour = match kpi_met(k) {
                Some(true) => DELIGHT,
                Some(false) => PAIN,
                None => Colour::hex("#9aa5b1"),
            };
            let st = Style::new(SMALL);
            cell.pieces.push(Piece::Circle { cx: 4.0, cy: top + st.line() / 2.0, r: 4.0, fill: colour });
            let lines = wrap(&kpi_text(k), width - 14.0, SMALL, false);
            cell.text_lines(14.0, width - 14.0, top, lines, st);
        }
        cell
    }

    fn card_cell(&self, t: &Touchpoint, width: f64) -> Cell {
        let mut cell = Cell::default();
        cell.pieces.push(Piece::Glyph { x: 0.0, y: 0.0, channel: t.channel.clone() });
        let star = if t.moment_of_truth { 20.0 } else { 0.0 };
        if t.moment_of_truth {
            cell.pieces.push(Piece::Star { cx: width - 8.0, cy: 9.0, r: 8.0 });
        }
        let online = if t.channel.is_online() { "online" } else { "offline" };
        let colour = if t.channel.is_online() { ONLINE } else { OFFLINE };
        let label = format!("{} \u{b7} {online}", channel_label(&t.channel));
        let st = Style::new(SMALL).fill(colour);
        let lines = wrap(&label, width - 26.0 - star, SMALL, false);
        let top = (20.0 - st.line()).max(0.0) / 2.0;
        cell.text_lines(26.0, width - 26.0 - star, top, lines, st);
        cell.y = cell.y.max(20.0);
        cell.gap(6.0);
        cell.para(0.0, width, &t.name, Style::new(NAME).bold());
        let mut tags = Vec::new();
        if t.moment_of_truth {
            tags.push("moment of truth");
        }
        // The role, when it is not a plain step; a step the map lists among its entries is where journeys
        // start.
        match self.journey.role_of(t) {
            TouchpointRole::Entry => tags.push("entry \u{b7} reach"),
            TouchpointRole::Optional => tags.push("optional \u{b7} take-up"),
            TouchpointRole::Step if self.journey.is_entry(&t.id) => tags.push("start"),
            TouchpointRole::Step => {}
        }
        if self.journey.is_goal(&t.id) {
            tags.push("goal");
        }
        if t.proposed {
            tags.push("observed, not in the design");
        }
        if !tags.is_empty() {
            cell.gap(2.0);
            cell.para(0.0, width, &tags.join(" \u{b7} "), Style::new(SMALL).italic().fill(MUTED));
        }
        cell
    }

    /// The score chip of a card, drawn at the card's bottom: (value, text).
    fn touchpoint_score(&self, t: &Touchpoint) -> Option<f64> {
        self.touchpoint_scores.get(&t.id).copied()
    }

    fn bullets(items: &[String], width: f64, style: Style, bullet: &str) -> Cell {
        let mut cell = Cell::default();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                cell.gap(4.0);
            }
            let top = cell.y;
            cell.pieces.push(Piece::Text { x: 0.0, y: top + style.baseline(), text: bullet.into(), style });
            let lines = wrap(item, width - 12.0, style.size, style.bold);
            cell.text_lines(12.0, width - 12.0, top, lines, style);
        }
        cell
    }

    fn thoughts(items: &[String], width: f64) -> Cell {
        let mut cell = Cell::default();
        let style = Style::new(BODY).italic().fill("#4a3b00");
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                cell.gap(6.0);
            }
            let text = format!("\u{201c}{item}\u{201d}");
            let lines = wrap(&text, width - 16.0, style.size, false);
            let h = lines.len() as f64 * style.line() + 8.0;
            let top = cell.y;
            cell.pieces.push(Piece::Rect {
                x: 0.0,
                y: top,
                w: width,
                h,
                rx: 8.0,
                fill: "#fff6d6".into(),
                stroke: Some(Colour::hex("#e8d48a")),
            });
            cell.text_lines(8.0, width - 16.0, top + 4.0, lines, style);
            cell.y = top + h;
        }
        cell
    }

    /// What customers expect and say at a touchpoint: its first expectations (the shared ones, then the
    /// persona's, or every persona's after their names when the poster is for every customer; each cut to a
    /// few lines, with how many more there are) and its first quote beside a bar in the colour of what it
    /// backs, with its source below.
    fn voice(&self, t: &Touchpoint, width: f64) -> Cell {
        let mut cell = Cell::default();
        let expectations = voice::expectations(self.journey, t, self.persona_id);
        let style = Style::new(BODY);
        for (i, e) in expectations.iter().take(EXPECTATIONS_SHOWN).enumerate() {
            if i > 0 {
                cell.gap(4.0);
            }
            let top = cell.y;
            let marker = Style::new(BODY).bold().fill(ONLINE);
            cell.pieces.push(Piece::Text { x: 0.0, y: top + style.baseline(), text: "\u{203a}".into(), style: marker });
            let (lines, _) = wrap_at_most(e, width - 12.0, style.size, false, EXPECTATION_LINES);
            cell.text_lines(12.0, width - 12.0, top, lines, style);
        }
        if expectations.len() > EXPECTATIONS_SHOWN {
            let more = format!("+{} more expected", expectations.len() - EXPECTATIONS_SHOWN);
            cell.para(12.0, width - 12.0, &more, Style::new(SMALL).fill(MUTED));
        }
        let quotes = voice::quotes(t);
        if let Some(q) = quotes.first() {
            if !expectations.is_empty() {
                cell.gap(8.0);
            }
            let top = cell.y;
            let st = Style::new(BODY).italic().fill("#2d3a4a");
            let (lines, _) = wrap_at_most(&q.quoted(), width - 12.0, st.size, false, QUOTE_LINES);
            cell.text_lines(12.0, width - 12.0, top, lines, st);
            cell.gap(2.0);
            let source = Style::new(SMALL).fill(MUTED);
            let (lines, _) = wrap_at_most(&q.attribution(true), width - 12.0, source.size, false, ATTRIBUTION_LINES);
            let y = cell.y;
            cell.text_lines(12.0, width - 12.0, y, lines, source);
            if quotes.len() > 1 {
                cell.para(12.0, width - 12.0, &format!("+{} more in the report", quotes.len() - 1), source);
            }
            let h = cell.y - top;
            let fill = quote_bar(q.backs).1;
            cell.pieces.push(Piece::Rect { x: 0.0, y: top, w: 4.0, h, rx: 2.0, fill, stroke: None });
        }
        cell
    }

    fn moments(items: &[crate::model::Moment], width: f64, base: Colour) -> Cell {
        let mut cell = Cell::default();
        for (i, m) in items.iter().enumerate() {
            if i > 0 {
                cell.gap(5.0);
            }
            let text = match m.share.filter(|s| s.is_finite()) {
                Some(s) => format!("{} ({} of customers)", m.description, crate::words::percent(s)),
                None => m.description.clone(),
            };
            cell.badged(width, &m.severity.to_string(), severity_colour(base, m.severity), &text, Style::new(BODY));
        }
        cell
    }

    fn backstage(t: &Touchpoint, lane: BackstageLane, width: f64) -> Cell {
        let mut cell = Cell::default();
        let items: Vec<_> = t.backstage.iter().filter(|b| b.lane == lane).collect();
        for (i, b) in items.iter().enumerate() {
            if i > 0 {
                cell.gap(5.0);
            }
            let st = Style::new(BODY).fill("#2d3a4a");
            let top = cell.y;
            cell.pieces.push(Piece::Rect {
                x: 0.0,
                y: top + 2.0,
                w: 4.0,
                h: st.line() - 4.0,
                rx: 0.0,
                fill: THEME.quiet,
                stroke: None,
            });
            cell.para(12.0, width - 12.0, &b.description, st);
            if let Some(o) = b.owner.as_deref().filter(|o| !o.is_empty()) {
                cell.para(12.0, width - 12.0, &format!("owner: {o}"), Style::new(SMALL).fill(MUTED));
            }
        }
        cell
    }

    fn flow(&self, t: &Touchpoint, width: f64) -> Cell {
        let mut cell = Cell::default();
        let m = &t.metrics;
        if let Some(entered) = m.entered {
            // One unit per figure, named: customers here, moves for the transitions below.
            cell.para(
                0.0,
                width,
                &format!("{} entered", crate::words::plural(entered, "customer")),
                Style::new(BODY).bold(),
            );
            if let Some(done) = m.completed {
                let share = if entered > 0 { (done as f64 / entered as f64).clamp(0.0, 1.0) } else { 0.0 };
                cell.gap(3.0);
                let top = cell.y;
                cell.pieces.push(Piece::Rect {
                    x: 0.0,
                    y: top,
                    w: width,
                    h: 8.0,
                    rx: 2.0,
                    fill: "#f3c6c1".into(),
                    stroke: None,
                });
                cell.pieces.push(Piece::Rect {
                    x: 0.0,
                    y: top,
                    w: width * share,
                    h: 8.0,
                    rx: 2.0,
                    fill: DELIGHT,
                    stroke: None,
                });
                cell.gap(11.0);
                // Only customers who leave a step drop off: an entry's are a click-through, an optional
                // touchpoint's a take-up.
                let (went_on, rest) = match self.journey.role_of(t) {
                    TouchpointRole::Entry => ("clicked through", "did not"),
                    TouchpointRole::Step => ("completed", "dropped off"),
                    TouchpointRole::Optional => ("took it up", "did not"),
                };
                let text = if entered > 0 {
                    format!(
                        "{} {went_on} ({}) \u{b7} {} {rest}",
                        count(done),
                        crate::words::percent(share),
                        count(entered.saturating_sub(done))
                    )
                } else {
                    format!("{} {went_on}", count(done))
                };
                cell.para(0.0, width, &text, Style::new(SMALL).fill(MUTED));
            }
        }
        // The moves out of this touchpoint in the order of `transitions` (edge order), from its own edges
        // rather than a scan of every transition.
        let mut edges: Vec<_> = match self.journey.node_index(&t.id) {
            Some(n) => self.journey.graph().edges(n).collect(),
            None => Vec::new(),
        };
        edges.sort_by_key(|e| e.id());
        let mut out: Vec<_> =
            edges.into_iter().map(|e| e.weight()).filter(|tr| tr.count.is_some_and(|c| c > 0)).enumerate().collect();
        out.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
        let shown = 4;
        for (_, tr) in out.iter().take(shown) {
            let name = self.journey.touchpoint(&tr.to).map_or(tr.to.as_str(), |x| x.name.as_str());
            let c = tr.count.unwrap_or(0);
            let mut text = format!("\u{2192} {name}: {}", crate::words::plural(c, "move"));
            if let Some(p) = tr.probability.filter(|p| p.is_finite()) {
                let _ = write!(text, " ({} of moves on)", crate::words::percent(p));
            }
            if !tr.expected {
                text.push_str(" \u{b7} not designed");
            }
            cell.gap(2.0);
            let st = if tr.expected { Style::new(SMALL) } else { Style::new(SMALL).italic().fill(PAIN) };
            cell.para(0.0, width, &text, st);
        }
        if out.len() > shown {
            cell.para(0.0, width, &format!("+{} more", out.len() - shown), Style::new(SMALL).fill(MUTED));
        }
        cell
    }

    /// The text lanes, in poster order, each with one cell per slot (empty cells for empty slots).
    fn rows_before_emotion(&self) -> Vec<Row> {
        let lanes = self.lanes();
        let mut rows = Vec::new();
        let inner = |s: &Slot<'_>| s.w - 2.0 * PAD;
        let make = |f: &dyn Fn(&Touchpoint, f64) -> Cell| -> Vec<Cell> {
            self.slots.iter().map(|s| s.tp.map(|t| f(t, inner(s))).unwrap_or_default()).collect()
        };
        if lanes.actions {
            rows.push(Row {
                class: "lane actions",
                label: "Customer actions",
                note: None,
                cells: make(&|t, w| Self::bullets(&t.actions, w, Style::new(BODY), "\u{2022}")),
            });
        }
        if lanes.thoughts {
            rows.push(Row {
                class: "lane thoughts",
                label: "Thoughts",
                note: None,
                cells: make(&|t, w| Self::thoughts(&t.thoughts, w)),
            });
        }
        if lanes.voice {
            rows.push(Row {
                class: "lane voice",
                label: "What customers expect and say",
                note: Some("expectations, and a quote from the research"),
                cells: make(&|t, w| self.voice(t, w)),
            });
        }
        rows.retain(|r| r.cells.iter().any(|c| !c.pieces.is_empty()));
        rows
    }

    fn rows_after_emotion(&self) -> Vec<Row> {
        let lanes = self.lanes();
        let mut rows = Vec::new();
        let inner = |s: &Slot<'_>| s.w - 2.0 * PAD;
        let make = |f: &dyn Fn(&Touchpoint, f64) -> Cell| -> Vec<Cell> {
            self.slots.iter().map(|s| s.tp.map(|t| f(t, inner(s))).unwrap_or_default()).collect()
        };
        if lanes.pains {
            rows.push(Row {
                class: "lane pains",
                label: "Pain points",
                note: Some("severity 1 (mild) to 5 (severe)"),
                cells: make(&|t, w| Self::moments(&t.pain_points, w, PAIN)),
            });
        }
        if lanes.delights {
            rows.push(Row {
                class: "lane delights",
                label: "Delights",
                note: Some("strength 1 to 5"),
                cells: make(&|t, w| Self::moments(&t.delights, w, DELIGHT)),
            });
        }
        if lanes.flow {
            rows.push(Row {
                class: "lane flow",
                label: "Observed flow",
                note: Some("customers in, completed, and where they went next"),
                cells: make(&|t, w| self.flow(t, w)),
            });
        }
        rows.retain(|r| r.cells.iter().any(|c| !c.pieces.is_empty()));
        rows
    }

    fn backstage_rows(&self) -> Vec<Row> {
        if !self.lanes().backstage {
            return Vec::new();
        }
        let mut rows = Vec::new();
        for (lane, class) in [
            (BackstageLane::People, "lane backstage people"),
            (BackstageLane::Process, "lane backstage process"),
            (BackstageLane::Technology, "lane backstage technology"),
            (BackstageLane::Policy, "lane backstage policy"),
        ] {
            let cells = self
                .slots
                .iter()
                .map(|s| s.tp.map(|t| Self::backstage(t, lane, s.w - 2.0 * PAD)).unwrap_or_default())
                .collect();
            rows.push(Row { class, label: lane_name(lane), note: Some("backstage"), cells });
        }
        rows.retain(|r| r.cells.iter().any(|c| !c.pieces.is_empty()));
        rows
    }

    fn label_cell(label: &str, note: Option<&str>) -> Cell {
        let mut cell = Cell::default();
        cell.para(0.0, LABEL_W - 2.0 * PAD, label, Style::new(LABEL).bold());
        if let Some(note) = note {
            cell.para(0.0, LABEL_W - 2.0 * PAD, note, Style::new(SMALL).fill(MUTED));
        }
        cell
    }

    /// Draws a lane of cells at `y`; returns its height.
    fn draw_row(&self, out: &mut Svg, row: &Row, y: f64) -> f64 {
        let label = Self::label_cell(row.label, row.note);
        let h = row.cells.iter().map(Cell::height).fold(label.height(), f64::max) + 2.0 * PAD;
        out.open(row.class);
        out.frame(MARGIN, y, self.content_right() - MARGIN, h, NONE, LINE);
        label.draw(out, MARGIN + PAD, y + PAD);
        for (slot, cell) in self.slots.iter().zip(&row.cells) {
            cell.draw(out, slot.x + PAD, y + PAD);
        }
        out.close();
        h
    }

    fn series(&self, persona: Option<&str>) -> Vec<Series> {
        let at = |f: &dyn Fn(&Touchpoint) -> Option<f64>| -> Vec<(usize, f64)> {
            self.slots
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.tp.and_then(f).filter(|e| e.is_finite()).map(|e| (i, e.clamp(-2.0, 2.0))))
                .collect()
        };
        if let Some(p) = persona {
            let name = self.persona_name.unwrap_or(p);
            return vec![Series {
                name: format!("Emotion of {name}"),
                colour: PERSONA_COLOURS[0],
                dashed: false,
                points: at(&|t| t.emotion_for(Some(p))),
            }]
            .into_iter()
            .filter(|s| !s.points.is_empty())
            .collect();
        }
        let general = Series { name: "All customers".into(), colour: INK, dashed: false, points: at(&|t| t.emotion) };
        let has_personas = self.slots.iter().filter_map(|s| s.tp).any(|t| !t.persona_emotions.is_empty());
        if !has_personas {
            return if general.points.is_empty() { Vec::new() } else { vec![general] };
        }
        let mut out = Vec::new();
        if !general.points.is_empty() {
            out.push(Series { dashed: true, colour: Colour::hex("#6b7684"), ..general });
        }
        let with_own: HashSet<&str> = self
            .slots
            .iter()
            .filter_map(|s| s.tp)
            .flat_map(|t| t.persona_emotions.keys())
            .map(String::as_str)
            .collect();
        // One curve per persona with emotions of their own, for the first MAX_PERSONA_CURVES of them: each
        // curve has a point per touchpoint, so curves for every persona would make the poster's size personas
        // × touchpoints (and more curves than colours cannot be told apart). The legend counts the others.
        let mut curves = 0usize;
        let mut left_out = 0usize;
        for (i, p) in self.journey.personas().iter().enumerate() {
            let has_own = with_own.contains(p.id.as_str());
            if !has_own {
                continue;
            }
            if curves == MAX_PERSONA_CURVES {
                left_out += 1;
                continue;
            }
            curves += 1;
            let points = at(&|t| if t.serves(&p.id) { t.emotion_for(Some(&p.id)) } else { None });
            if !points.is_empty() {
                out.push(Series {
                    name: p.name.clone(),
                    colour: PERSONA_COLOURS[i % PERSONA_COLOURS.len()],
                    dashed: false,
                    points,
                });
            }
        }
        if left_out > 0 {
            // A legend entry without a curve.
            let noun = if left_out == 1 { "persona" } else { "personas" };
            out.push(Series {
                name: format!("+{left_out} more {noun} (draw one with the persona option)"),
                colour: MUTED,
                dashed: false,
                points: Vec::new(),
            });
        }
        out
    }

    /// Lays out legend entries (icon of `icon_w` + text) left to right in rows within `width`: returns the
    /// (x, row) of each entry and the number of rows.
    fn flow_entries(widths: &[f64], width: f64) -> (Vec<(f64, usize)>, usize) {
        let mut at = Vec::with_capacity(widths.len());
        let (mut x, mut row) = (0.0, 0usize);
        for w in widths {
            if x > 0.0 && x + w > width {
                x = 0.0;
                row += 1;
            }
            at.push((x, row));
            x += w + 22.0;
        }
        (at, if widths.is_empty() { 0 } else { row + 1 })
    }

    fn draw_emotion(&self, out: &mut Svg, series: &[Series], y: f64) -> f64 {
        let label = Self::label_cell("Emotion", Some("-2 (very negative) to +2 (very positive)"));
        let left = MARGIN + LABEL_W;
        let plot_w = self.content_right() - left;
        let entry_st = Style::new(SMALL);
        let widths: Vec<f64> = series.iter().map(|s| 26.0 + text_width(&s.name, entry_st.size, false)).collect();
        let (at, rows) = Self::flow_entries(&widths, plot_w - 2.0 * PAD);
        let legend_h = rows as f64 * 18.0;
        let ticks_st = Style::new(SMALL).fill(MUTED).anchor(Anchor::End);
        let plot_top = y + PAD + legend_h.max(label.height()) + 14.0;
        let h = plot_top - y + PLOT_H + 12.0;
        let ey = |e: f64| plot_top + (2.0 - e) / 4.0 * PLOT_H;
        out.open("lane emotion");
        out.frame(MARGIN, y, self.content_right() - MARGIN, h, NONE, LINE);
        label.draw(out, MARGIN + PAD, y + PAD);
        for (v, tick) in [(2.0, "+2"), (1.0, "+1"), (0.0, "0"), (-1.0, "-1"), (-2.0, "-2")] {
            let gy = ey(v);
            let (colour, width, dash) = if v == 0.0 { ("#8795a8", 1.4, None) } else { ("#dfe5ec", 1.0, Some("4 4")) };
            out.line(left, gy, self.content_right(), gy, colour, width, dash);
            out.text(left - 8.0, gy + SMALL * 0.3, tick, ticks_st);
        }
        for ((x, row), s) in at.iter().zip(series) {
            let ly = y + PAD + *row as f64 * 18.0;
            let lx = left + PAD + x;
            if !s.points.is_empty() {
                out.line(lx, ly + 8.0, lx + 20.0, ly + 8.0, s.colour, 3.0, s.dashed.then_some("5 3"));
            }
            out.text(lx + 26.0, ly + 8.0 + SMALL * 0.3, &s.name, entry_st);
        }
        for s in series.iter().filter(|s| !s.points.is_empty()) {
            let points: Vec<(f64, f64)> = s
                .points
                .iter()
                .map(|(i, e)| {
                    let slot = &self.slots[*i];
                    (slot.x + slot.w / 2.0, ey(*e))
                })
                .collect();
            out.polyline(&points, s.colour, s.dashed.then_some("6 4"));
            for (i, e) in &s.points {
                let slot = &self.slots[*i];
                out.circle(slot.x + slot.w / 2.0, ey(*e), 4.5, s.colour, Some(PAPER));
            }
        }
        out.close();
        h
    }

    fn legend(&self, width: f64) -> Cell {
        let mut cell = Cell::default();
        cell.para(0.0, width, "Legend", Style::new(LABEL).bold());
        cell.gap(4.0);
        let st = Style::new(SMALL);
        let mut channels: Vec<&Channel> = self.slots.iter().filter_map(|s| s.tp).map(|t| &t.channel).collect();
        channels.sort();
        channels.dedup();
        // (icon, text)
        let mut entries: Vec<(Piece, String)> = channels
            .iter()
            .map(|c| (Piece::Glyph { x: 0.0, y: 0.0, channel: (*c).clone() }, channel_label(c)))
            .collect();
        entries.push((
            Piece::Rect { x: 2.0, y: 6.0, w: 16.0, h: 8.0, rx: 2.0, fill: ONLINE, stroke: None },
            "online channel".into(),
        ));
        entries.push((
            Piece::Rect { x: 2.0, y: 6.0, w: 16.0, h: 8.0, rx: 2.0, fill: OFFLINE, stroke: None },
            "offline channel".into(),
        ));
        entries.push((Piece::Star { cx: 10.0, cy: 10.0, r: 8.0 }, "moment of truth".into()));
        if self.lanes().touchpoints {
            let mut roles: Vec<TouchpointRole> =
                self.slots.iter().filter_map(|s| s.tp).map(|t| self.journey.role_of(t)).collect();
            roles.sort();
            roles.dedup();
            for role in roles {
                let icon = Piece::Outline { x: 1.0, y: 3.0, w: 18.0, h: 14.0, dash: role_dash(role) };
                entries.push((icon, role_legend(role).into()));
            }
        }
        if self.lanes().voice {
            // The bar colours of the quotes the poster shows, each once.
            let mut bars = [false; 3];
            for t in self.slots.iter().filter_map(|s| s.tp) {
                if let Some(q) = voice::quotes(t).first() {
                    bars[quote_bar(q.backs).0] = true;
                }
            }
            for ((colour, text), _) in QUOTE_BARS.iter().zip(bars).filter(|(_, shown)| *shown) {
                entries.push((
                    Piece::Rect { x: 8.0, y: 2.0, w: 4.0, h: 16.0, rx: 2.0, fill: *colour, stroke: None },
                    (*text).into(),
                ));
            }
        }
        if self.lanes().pains {
            entries.push((
                Piece::Rect { x: 0.0, y: 2.0, w: 20.0, h: 16.0, rx: 4.0, fill: PAIN, stroke: None },
                "pain point by severity".into(),
            ));
        }
        if self.lanes().delights {
            entries.push((
                Piece::Rect { x: 0.0, y: 2.0, w: 20.0, h: 16.0, rx: 4.0, fill: DELIGHT, stroke: None },
                "delight by strength".into(),
            ));
        }
        if self.scores.is_some() {
            for band in crate::words::SCORE_BANDS {
                entries.push((
                    Piece::Rect { x: 0.0, y: 2.0, w: 20.0, h: 16.0, rx: 3.0, fill: band.colour.into(), stroke: None },
                    format!("score {} ({})", band.range, band.name),
                ));
            }
        }
        let widths: Vec<f64> = entries.iter().map(|(_, t)| 26.0 + text_width(t, st.size, false)).collect();
        let (at, _) = Self::flow_entries(&widths, width);
        let top = cell.y;
        for ((x, row), (icon, text)) in at.iter().zip(entries) {
            let y = top + *row as f64 * 24.0;
            let moved = match icon {
                Piece::Glyph { channel, .. } => Piece::Glyph { x: *x, y, channel },
                Piece::Rect { x: rx, y: ry, w, h, rx: r, fill, stroke } => {
                    Piece::Rect { x: x + rx, y: y + ry, w, h, rx: r, fill, stroke }
                }
                Piece::Star { cx, cy, r } => Piece::Star { cx: x + cx, cy: y + cy, r },
                Piece::Outline { x: ox, y: oy, w, h, dash } => Piece::Outline { x: x + ox, y: y + oy, w, h, dash },
                other => other,
            };
            cell.pieces.push(moved);
            let lines = vec![text];
            cell.text_lines(x + 26.0, width, y + (20.0 - st.line()) / 2.0, lines, st);
            cell.y = cell.y.max(y + 20.0);
        }
        cell
    }

    fn description(&self) -> String {
        let j = self.journey;
        let stages: Vec<String> =
            self.columns.iter().map(|c| format!("{} ({} touchpoints)", c.stage.name, c.touchpoints)).collect();
        let shown = self.slots.iter().filter(|s| s.tp.is_some()).count();
        let mut d = format!(
            "{} \u{201c}{}\u{201d}: {} stages and {} touchpoints{}. Stages in order: {}.",
            kind_name(j.kind),
            j.name,
            j.stages().len(),
            shown,
            self.persona_name.map(|p| format!(" for the persona {p}")).unwrap_or_default(),
            if stages.is_empty() { "none".to_owned() } else { stages.join(", ") }
        );
        if let Some(s) = &self.scores {
            let _ = write!(d, " Journey score {:.0} of 100.", s.score.value);
        }
        d
    }

    fn draw(&self, persona: Option<&str>) -> Markup {
        let mut out = Svg::new();
        let right = self.content_right();
        let full_w = right - MARGIN;
        let mut y = MARGIN;

        // Title block, with the journey score on the right.
        let chip_w = if self.scores.is_some() { 150.0 } else { 0.0 };
        let title = self.title_cell(full_w - 2.0 * PAD - chip_w - if chip_w > 0.0 { PAD } else { 0.0 });
        let title_h = title.height().max(if chip_w > 0.0 { 70.0 } else { 0.0 }) + 2.0 * PAD;
        out.open("title");
        out.frame(MARGIN, y, full_w, title_h, PAPER, NONE);
        title.draw(&mut out, MARGIN + PAD, y + PAD);
        if let Some(s) = &self.scores {
            let v = s.score.value;
            let (cx, cy) = (right - chip_w - PAD, y + PAD);
            out.rect(cx, cy, chip_w, 70.0, 8.0, score_colour(v), None);
            let ink = score_ink(v);
            let st = Style::new(30.0).bold().anchor(Anchor::Middle);
            out.text(cx + chip_w / 2.0, cy + 6.0 + st.baseline(), &format!("{v:.0}"), Style { fill: ink, ..st });
            let small = Style::new(SMALL).anchor(Anchor::Middle);
            out.text(cx + chip_w / 2.0, cy + 46.0 + small.baseline(), "journey score", Style { fill: ink, ..small });
        }
        out.close();
        y += title_h + GAP;

        let grid_top = y;
        let mut body = Svg::new();

        // Stage headers.
        let cells: Vec<Cell> = self.columns.iter().map(|c| self.stage_cell(c)).collect();
        let header_h = cells
            .iter()
            .map(Cell::height)
            .fold(Self::label_cell("Stages", Some("KPIs: actual vs target")).height(), f64::max)
            + 2.0 * PAD;
        body.open("stages");
        body.frame(MARGIN, y, full_w, header_h, NONE, LINE);
        Self::label_cell("Stages", Some("KPIs: actual vs target")).draw(&mut body, MARGIN + PAD, y + PAD);
        for (col, cell) in self.columns.iter().zip(&cells) {
            body.open("stage");
            body.frame(col.x, y, col.w, header_h, NONE, NONE);
            cell.draw(&mut body, col.x + PAD, y + PAD);
            body.close();
        }
        body.close();
        y += header_h;

        // Score band.
        if let Some(scores) = &self.scores {
            body.open("lane scores");
            body.frame(MARGIN, y, full_w, SCORE_BAND_H, NONE, LINE);
            let st = Style::new(LABEL).bold();
            body.text(MARGIN + PAD, y + (SCORE_BAND_H - st.line()) / 2.0 + st.baseline(), "Stage score", st);
            let by_id: HashMap<&str, &crate::score::StageScore> =
                scores.stages.iter().rev().map(|s| (s.stage.as_str(), s)).collect();
            for col in &self.columns {
                let Some(s) = by_id.get(col.stage.id.as_str()) else { continue };
                let v = s.score.value;
                body.open("score");
                body.frame(col.x + 4.0, y + 4.0, col.w - 8.0, SCORE_BAND_H - 8.0, score_colour(v), NONE);
                let text = if col.touchpoints == 0 { "no touchpoints".to_owned() } else { format!("{v:.0} / 100") };
                // Very wide stages (dozens of touchpoints) keep the number where the stage starts.
                let (anchor, tx) = if col.w > 900.0 {
                    (Anchor::Start, col.x + 4.0 + PAD)
                } else {
                    (Anchor::Middle, col.x + col.w / 2.0)
                };
                let st = Style::new(LABEL).bold().anchor(anchor).fill(score_ink(v));
                body.text(tx, y + (SCORE_BAND_H - st.line()) / 2.0 + st.baseline(), &text, st);
                body.close();
            }
            body.close();
            y += SCORE_BAND_H;
        }

        // Touchpoint cards.
        if self.lanes().touchpoints {
            let card_w = |s: &Slot<'_>| s.w - 2.0 * CARD_MARGIN - 2.0 * PAD;
            let cards: Vec<Option<Cell>> =
                self.slots.iter().map(|s| s.tp.map(|t| self.card_cell(t, card_w(s)))).collect();
            let chip = if self.scores.is_some() { 26.0 } else { 0.0 };
            let label = Self::label_cell("Touchpoints", Some("channel, online or offline"));
            let inner = cards.iter().flatten().map(Cell::height).fold(0.0, f64::max) + chip;
            let h = (inner + 2.0 * PAD + 2.0 * CARD_MARGIN).max(label.height() + 2.0 * PAD);
            body.open("lane touchpoints");
            body.frame(MARGIN, y, full_w, h, NONE, LINE);
            label.draw(&mut body, MARGIN + PAD, y + PAD);
            for (slot, card) in self.slots.iter().zip(&cards) {
                let (Some(card), Some(t)) = (card, slot.tp) else { continue };
                let (cx, cy, cw, ch) =
                    (slot.x + CARD_MARGIN, y + CARD_MARGIN, slot.w - 2.0 * CARD_MARGIN, h - 2.0 * CARD_MARGIN);
                body.open("card");
                // A proposed touchpoint (seen in the log, not in the design): a dotted amber border.
                let stroke = if t.moment_of_truth {
                    GOLD
                } else if t.proposed {
                    Colour::hex("#d08a1e")
                } else {
                    Colour::hex("#b8c2cf")
                };
                let dash = if t.proposed { Some("1 3") } else { role_dash(self.journey.role_of(t)) };
                let width = if t.moment_of_truth { 2.5 } else { 1.0 };
                body.card((cx, cy, cw, ch), 6.0, stroke, width, dash);
                let stripe = if t.channel.is_online() { ONLINE } else { OFFLINE };
                body.rect(cx + 1.0, cy + 6.0, 4.0, ch - 12.0, 2.0, stripe, None);
                card.draw(&mut body, cx + PAD, cy + PAD);
                if let Some(v) = self.touchpoint_score(t) {
                    let st = Style::new(SMALL).bold().fill(score_ink(v));
                    let text = format!("score {v:.0}");
                    let w = text_width(&text, st.size, true) + 12.0;
                    let (bx, by) = (cx + PAD, cy + ch - PAD - 18.0);
                    body.rect(bx, by, w, 18.0, 9.0, score_colour(v), None);
                    body.text(bx + 6.0, by + (18.0 - st.line()) / 2.0 + st.baseline(), &text, st);
                }
                body.close();
            }
            body.close();
            y += h;
        }

        for row in self.rows_before_emotion() {
            y += self.draw_row(&mut body, &row, y);
        }
        if self.lanes().emotion {
            let series = self.series(persona);
            if !series.is_empty() {
                y += self.draw_emotion(&mut body, &series, y);
            }
        }
        for row in self.rows_after_emotion() {
            y += self.draw_row(&mut body, &row, y);
        }
        let backstage = self.backstage_rows();
        if !backstage.is_empty() {
            let h = 30.0;
            let st = Style::new(SMALL).bold().fill(MUTED);
            body.open("line-of-visibility");
            body.frame(MARGIN, y, full_w, h, THEME.page, NONE);
            body.text(MARGIN + PAD, y + (h - st.line()) / 2.0 + st.baseline(), "line of visibility", st);
            body.line(MARGIN + LABEL_W, y + h / 2.0, right, y + h / 2.0, MUTED, 2.0, Some("10 6"));
            body.close();
            y += h;
            for row in &backstage {
                y += self.draw_row(&mut body, row, y);
            }
        }
        let grid_bottom = y;

        // Column backgrounds go under the lanes.
        out.open("columns");
        for (i, col) in self.columns.iter().enumerate() {
            let fill = if i % 2 == 0 { Colour::hex("#f7f9fc") } else { THEME.shade };
            out.rect(col.x, grid_top, col.w, grid_bottom - grid_top, 0.0, fill, None);
            for s in self.slots[col.slots.clone()].iter().skip(1) {
                out.line(s.x, grid_top + header_h, s.x, grid_bottom, "#e1e6ee", 1.0, Some("2 4"));
            }
            out.line(col.x, grid_top, col.x, grid_bottom, "#aab5c3", 1.0, None);
        }
        out.line(right, grid_top, right, grid_bottom, "#aab5c3", 1.0, None);
        out.close();
        out.append(body);
        y += GAP;

        // Legend.
        let legend = self.legend(full_w - 2.0 * PAD);
        let legend_h = legend.height() + 2.0 * PAD;
        out.open("legend");
        out.frame(MARGIN, y, full_w, legend_h, PAPER, LINE);
        legend.draw(&mut out, MARGIN + PAD, y + PAD);
        out.close();
        y += legend_h + MARGIN;

        let (w, h) = (self.width, y);
        let (size, view) = match self.options.size {
            PosterSize::Auto => (Size::Pixels(w, h), (0.0, 0.0, w, h)),
            size => {
                let (mw, mh) = size.millimetres().unwrap_or((297.0, 210.0));
                let aspect = mw / mh;
                let view = if w / h > aspect {
                    let vh = w / aspect;
                    (0.0, -(vh - h) / 2.0, w, vh)
                } else {
                    let vw = h * aspect;
                    (-(vw - w) / 2.0, 0.0, vw, h)
                };
                (Size::Millimetres(mw, mh), view)
            }
        };
        out.document(size, view, true, &self.journey.name, &self.description())
    }
}

#[cfg(test)]
mod tests {
    use super::super::format::n;
    use super::super::markup::escape;
    use super::*;

    #[test]
    fn numbers_and_escapes() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(1.256), "1.26");
        assert_eq!(n(f64::NAN), "0");
        assert_eq!(n(-0.001), "0");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(count(12), "12");
        assert_eq!(with_unit(0.95, None), "0.95");
        assert_eq!(with_unit(5000.0, None), "5,000");
        assert_eq!(with_unit(0.95, Some("EUR")), "\u{20ac}0.95");
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(score_colour(0.0), Colour::hex("#d64545"));
        assert_eq!(score_colour(100.0), Colour::hex("#2e9e57"));
        assert_eq!(score_colour(55.0), Colour::hex(crate::words::score_band(55.0).colour));
        assert_eq!(severity_colour(PAIN, 1), Colour::Rgb(0xe3, 0xa6, 0xa0));
    }
}
