//! Small charts of analytics results: a funnel, an attribution and the paths around a touchpoint, as SVG 1.1
//! with a `<title>` and a `<desc>` that says in words what the chart shows.
//!
//! The funnel and the attribution are horizontal bar charts: a label column (labels wrap), a bar area and
//! the figures right of each bar; the paths are a Sankey diagram. Every size comes from the measured text
//! ([`text_width`], [`wrap`]), so nothing is clipped, and the output is deterministic. Each costs O(rows +
//! total label length).

use std::fmt::Write as _;

use super::format::count;
use super::markup::{Colour, Markup};
use super::text::{LINE_HEIGHT, text_width, wrap};
use super::theme::THEME;
use super::writer::{Size, Style, Svg};
use crate::Journey;
use crate::analytics::{Attribution, Funnel, PathAnchor, PathMarker, PathNode, PathsAround, TimeToConvert};

const MARGIN: f64 = 20.0;
const GAP: f64 = 12.0;
const LABEL_MAX: f64 = 220.0;
const LABEL_MIN: f64 = 60.0;
const BAR_W: f64 = 360.0;
const BAR_H: f64 = 18.0;
const THIN_H: f64 = 10.0;
const ROW_GAP: f64 = 10.0;

const BODY: f64 = THEME.chart.body;
const SMALL: f64 = THEME.chart.small;
const TITLE: f64 = THEME.chart.title;

const INK: Colour = THEME.ink;
const MUTED: Colour = THEME.muted;
const TRACK: Colour = THEME.chart.track;
const BAR: Colour = THEME.chart.bar;
const SECOND: Colour = THEME.chart.second;

/// A figure: whole numbers with separators, others with up to `decimals` decimals.
pub(super) fn figure(v: f64, decimals: usize) -> String {
    crate::words::number(v, decimals)
}

/// A share 0..1 as a percentage.
pub(super) fn percent(v: f64) -> String {
    crate::words::percent(v)
}

/// A chart being drawn: the SVG writer, with the layout of the charts.
struct Chart {
    svg: Svg,
}

impl Chart {
    fn new() -> Self {
        Chart { svg: Svg::new() }
    }

    /// A line of text with its top at `top`; returns the height it takes.
    fn text(&mut self, x: f64, top: f64, text: &str, size: f64, bold: bool, fill: Colour) -> f64 {
        let st = Style { bold, ..Style::new(size).fill(fill) };
        self.svg.text(x, top + st.baseline(), text, st);
        st.line()
    }

    /// A bar with rounded corners; nothing when it has no length.
    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: Colour) {
        if w <= 0.0 || h <= 0.0 {
            return;
        }
        self.svg.rect(x, y, w, h, 2.0, fill, None);
    }

    /// A title and a note under it; returns the y below them.
    fn heading(&mut self, title: &str, note: &str, y: f64) -> f64 {
        let mut y = y;
        y += self.text(MARGIN, y, title, TITLE, true, INK);
        for line in wrap(note, BAR_W + LABEL_MAX, SMALL, false) {
            y += self.text(MARGIN, y, &line, SMALL, false, MUTED);
        }
        y + GAP
    }

    /// A legend entry: a swatch and its meaning; returns the x after it.
    fn swatch(&mut self, x: f64, top: f64, colour: Colour, text: &str) -> f64 {
        self.rect(x, top + 2.0, 12.0, 10.0, colour);
        self.text(x + 18.0, top, text, SMALL, false, MUTED);
        x + 18.0 + text_width(text, SMALL, false) + 18.0
    }

    /// The whole document, as wide as the drawing reaches.
    fn finish(self, title: &str, desc: &str, bottom: f64) -> Markup {
        let (w, h) = ((self.svg.right() + MARGIN).ceil(), (bottom + MARGIN).ceil());
        self.svg.document(Size::Pixels(w, h), (0.0, 0.0, w, h), false, title, desc)
    }
}

/// Labels wrapped into the label column, and the column's width.
fn labels<'a>(names: impl Iterator<Item = &'a str>) -> (Vec<Vec<String>>, f64) {
    let wrapped: Vec<Vec<String>> = names.map(|s| wrap(s, LABEL_MAX, BODY, false)).collect();
    let width = wrapped.iter().flatten().map(|l| text_width(l, BODY, false)).fold(LABEL_MIN, f64::max);
    (wrapped, width.min(LABEL_MAX))
}

/// A length on a bar of `BAR_W` for `v` against `max`.
fn bar(v: f64, max: f64) -> f64 {
    if max > 0.0 && v.is_finite() && v > 0.0 { (v / max).min(1.0) * BAR_W } else { 0.0 }
}

/// Draws a funnel: a bar per step (customers, against the largest step), with the customers, the
/// conversion from the step before and from the first step. Steps are drawn with their names as given
/// (touchpoint or stage ids; rename them first to show names).
pub fn funnel_svg(funnel: &Funnel) -> String {
    funnel_chart(funnel).into_string()
}

/// The funnel chart (see [`funnel_svg`]).
pub(super) fn funnel_chart(funnel: &Funnel) -> Markup {
    let mut c = Chart::new();
    let first = funnel.steps.first().map_or(0, |s| s.customers);
    let note = format!(
        "{} customers in the log, {} at the first step, {} through every step. Bars: customers who reached \
         each step after all the earlier ones.",
        count(funnel.customers),
        count(first),
        count(funnel.steps.last().map_or(0, |s| s.customers))
    );
    let mut y = c.heading("Funnel", &note, MARGIN);
    let (wrapped, label_w) = labels(funnel.steps.iter().map(|s| s.step.as_str()));
    let bar_x = MARGIN + label_w + GAP;
    let max = funnel.steps.iter().map(|s| s.customers).max().unwrap_or(0) as f64;
    if funnel.steps.is_empty() {
        y += c.text(MARGIN, y, "No steps.", BODY, false, MUTED);
    }
    let mut desc = Vec::with_capacity(funnel.steps.len());
    for (i, (step, lines)) in funnel.steps.iter().zip(&wrapped).enumerate() {
        let label_h = lines.len().max(1) as f64 * BODY * LINE_HEIGHT;
        let h = label_h.max(BAR_H);
        let mut ly = y + (h - label_h) / 2.0;
        for line in lines {
            ly += c.text(MARGIN, ly, line, BODY, false, INK);
        }
        let len = bar(step.customers as f64, max);
        c.rect(bar_x, y + (h - BAR_H) / 2.0, BAR_W, BAR_H, TRACK);
        c.rect(bar_x, y + (h - BAR_H) / 2.0, len, BAR_H, BAR);
        let figures = if i == 0 {
            format!("{} customers", count(step.customers))
        } else {
            format!(
                "{} customers, {} of the step before, {} overall",
                count(step.customers),
                percent(step.step_conversion),
                percent(step.overall_conversion)
            )
        };
        let ty = y + (h - BODY * LINE_HEIGHT) / 2.0;
        c.text(bar_x + BAR_W + 8.0, ty, &figures, BODY, false, INK);
        desc.push(format!("{}: {}", step.step, figures));
        y += h + ROW_GAP;
    }
    let desc = format!(
        "Funnel of {} steps over {} customers. {}.",
        funnel.steps.len(),
        count(funnel.customers),
        if desc.is_empty() { "No steps".to_owned() } else { desc.join("; ") }
    );
    c.finish("Funnel", &desc, y)
}

/// Draws an attribution: a bar per touchpoint for the conversions credited to it (against the most
/// credited), and for the Markov model a thinner bar for its removal effect (on 0..100 %), with the
/// figures. Touchpoints are drawn with their names as given (ids; rename them first to show names). Values
/// are written in `currency` (a map's [`crate::Journey::currency`]) as [`crate::words::outcome_value`]
/// writes them (`€1,234.50`), plain numbers without one.
pub fn attribution_svg(attribution: &Attribution, currency: Option<&str>) -> String {
    attribution_chart(attribution, currency).into_string()
}

/// The attribution chart (see [`attribution_svg`]).
pub(super) fn attribution_chart(attribution: &Attribution, currency: Option<&str>) -> Markup {
    let value = |v: f64| crate::words::outcome_value(v, currency);
    let mut c = Chart::new();
    let markov = attribution.rows.iter().any(|r| r.removal_effect.is_some());
    let mut note = format!(
        "Model {}: {} conversions worth {} in all, {}.",
        attribution.model,
        count(attribution.conversions),
        value(attribution.value),
        attribution.repeats()
    );
    if let Some(p) = attribution.conversion_probability {
        let _ = write!(note, " Conversion probability from the start: {}.", percent(p));
    }
    let title = format!("Attribution ({})", attribution.model);
    let mut y = c.heading(&title, &note, MARGIN);
    let mut x = MARGIN;
    x = c.swatch(x, y, BAR, "conversions credited");
    if markov {
        c.swatch(x, y, SECOND, "removal effect (0 to 100%)");
    }
    y += SMALL * LINE_HEIGHT + GAP;
    let (wrapped, label_w) = labels(attribution.rows.iter().map(|r| r.touchpoint.as_str()));
    let bar_x = MARGIN + label_w + GAP;
    let max = attribution.rows.iter().map(|r| r.conversions).fold(0.0, f64::max);
    if attribution.rows.is_empty() {
        y += c.text(MARGIN, y, "No conversions to attribute.", BODY, false, MUTED);
    }
    let mut desc = Vec::with_capacity(attribution.rows.len());
    for (row, lines) in attribution.rows.iter().zip(&wrapped) {
        let label_h = lines.len().max(1) as f64 * BODY * LINE_HEIGHT;
        let bars_h = if row.removal_effect.is_some() { BAR_H + 3.0 + THIN_H.max(SMALL * LINE_HEIGHT) } else { BAR_H };
        let h = label_h.max(bars_h);
        let mut ly = y;
        for line in lines {
            ly += c.text(MARGIN, ly, line, BODY, false, INK);
        }
        c.rect(bar_x, y, BAR_W, BAR_H, TRACK);
        c.rect(bar_x, y, bar(row.conversions, max), BAR_H, BAR);
        let figures = format!("{} conversions, value {}", figure(row.conversions, 2), value(row.value));
        c.text(bar_x + BAR_W + 8.0, y + (BAR_H - BODY * LINE_HEIGHT) / 2.0, &figures, BODY, false, INK);
        let mut said = format!("{}: {figures}", row.touchpoint);
        if let Some(effect) = row.removal_effect {
            let slot = THIN_H.max(SMALL * LINE_HEIGHT);
            let top = y + BAR_H + 3.0;
            c.rect(bar_x, top + (slot - THIN_H) / 2.0, BAR_W, THIN_H, TRACK);
            c.rect(bar_x, top + (slot - THIN_H) / 2.0, bar(effect, 1.0), THIN_H, SECOND);
            let text = format!("removal effect {}", percent(effect));
            c.text(bar_x + BAR_W + 8.0, top + (slot - SMALL * LINE_HEIGHT) / 2.0, &text, SMALL, false, MUTED);
            let _ = write!(said, ", {text}");
        }
        desc.push(said);
        y += h + ROW_GAP;
    }
    let desc = format!(
        "{title} over {} touchpoints. {}.",
        attribution.rows.len(),
        if desc.is_empty() { "No conversions to attribute".to_owned() } else { desc.join("; ") }
    );
    c.finish(&title, &desc, y)
}

/// Width of a node of the Sankey diagram.
const NODE_W: f64 = 12.0;
/// Height the fullest column of the Sankey diagram's nodes may take, gaps left out.
const SANKEY_H: f64 = 360.0;
/// Room between a node's label and the next column, where the bands curve.
const BAND_W: f64 = 90.0;
/// The widest label of a node before it wraps.
const NODE_LABEL_MAX: f64 = 150.0;

/// The colour of a node: the touchpoint itself in gold, touchpoints in the bar colour, the others by what
/// they stand for.
fn node_colour(node: &PathNode) -> Colour {
    match node.marker {
        None if node.offset == 0 => THEME.gold,
        None => BAR,
        Some(PathMarker::Other) => THEME.line,
        Some(PathMarker::Start | PathMarker::End) => THEME.quiet,
        Some(PathMarker::Converted) => THEME.delight,
        Some(PathMarker::NotConverted) => THEME.pain,
    }
}

/// What a column of the Sankey diagram is: `2 before`, the touchpoint, `1 after`.
fn offset_words(offset: i32, touchpoint: &str) -> String {
    match offset {
        0 => touchpoint.to_owned(),
        o if o < 0 => format!("{} before", o.unsigned_abs()),
        o => format!("{o} after"),
    }
}

/// Draws the paths around a touchpoint ([`EventLog::paths_around`](crate::analytics::EventLog::paths_around))
/// as a Sankey diagram: a column per offset (the steps before, the touchpoint, the steps after), a node per
/// place customers were at (touchpoints, the others together, the start of journeys and their ends with or
/// without a conversion) as tall as its customers, and the flows between consecutive columns as bands as
/// wide as theirs. Touchpoints are drawn with the names `journey` gives them, by id otherwise. O(nodes +
/// flows).
pub fn paths_sankey_svg(paths: &PathsAround, journey: Option<&Journey>) -> String {
    paths_chart(paths, journey).into_string()
}

/// The Sankey diagram of paths (see [`paths_sankey_svg`]).
pub(super) fn paths_chart(paths: &PathsAround, journey: Option<&Journey>) -> Markup {
    let named = |id: &str| journey.and_then(|j| j.touchpoint(id)).map_or_else(|| id.to_owned(), |t| t.name.clone());
    let anchor = named(&paths.touchpoint);
    let label = |n: &PathNode| match (&n.touchpoint, n.marker) {
        (Some(t), _) => named(t),
        (None, Some(m)) => m.words().to_owned(),
        (None, None) => String::new(),
    };
    let share_of = |v: u64, of: u64| if of == 0 { 0.0 } else { v as f64 / of as f64 };
    let share = |v: u64| share_of(v, paths.visits);
    let mut c = Chart::new();
    let title = format!("Paths around {anchor}");
    let (mut note, counted, whom) = match paths.anchor {
        PathAnchor::First => (
            format!(
                "{} of {} customers came to {anchor}; each is followed {} events before and after their first visit.",
                count(paths.customers),
                count(paths.of_customers),
                paths.steps
            ),
            "customers",
            "them",
        ),
        PathAnchor::Every => (
            format!(
                "{} of {} customers came to {anchor}, {} visits in all; each visit is followed {} events before and \
                 after it, overlapping ones too.",
                count(paths.customers),
                count(paths.of_customers),
                count(paths.visits),
                paths.steps
            ),
            "visits",
            "the customers",
        ),
    };
    if paths.has_outcome {
        let converted = share_of(paths.conversions, paths.customers);
        let _ = write!(note, " {} of {whom} converted ({}).", count(paths.conversions), percent(converted));
    }
    let _ = write!(note, " Bands: {counted} going from one place to the next, as wide as their number.");
    let mut y = c.heading(&title, &note, MARGIN);
    // The columns that have nodes, from -steps to steps, each with its nodes (by index in `paths.nodes`):
    // none before a touchpoint where every journey starts.
    let steps = i32::try_from(paths.steps).unwrap_or(0);
    let columns: Vec<(i32, Vec<usize>)> = (-steps..=steps)
        .map(|o| (o, paths.nodes.iter().enumerate().filter(|(_, n)| n.offset == o).map(|(i, _)| i).collect()))
        .filter(|(_, nodes): &(i32, Vec<usize>)| !nodes.is_empty())
        .collect();
    if paths.nodes.is_empty() {
        y += c.text(MARGIN, y, "No customers came to this touchpoint.", BODY, false, MUTED);
        let desc = format!("{title}: no customers came to it.");
        return c.finish(&title, &desc, y);
    }
    // Customers to pixels: the fullest column fills SANKEY_H.
    let total = |nodes: &[usize]| nodes.iter().filter_map(|i| paths.nodes.get(*i)).map(|n| n.customers).sum::<u64>();
    let most = columns.iter().map(|(_, n)| total(n)).max().unwrap_or(0).max(1);
    let scale = SANKEY_H / most as f64;
    let labels: Vec<(Vec<String>, String)> = paths
        .nodes
        .iter()
        .map(|n| {
            let figures = format!("{} ({})", count(n.customers), percent(share(n.customers)));
            (wrap(&label(n), NODE_LABEL_MAX, BODY, n.offset == 0), figures)
        })
        .collect();
    let label_h =
        |i: usize| labels.get(i).map_or(0.0, |(l, _)| l.len() as f64 * BODY * LINE_HEIGHT + SMALL * LINE_HEIGHT);
    let slot = |i: usize| (paths.nodes.get(i).map_or(0.0, |n| n.customers as f64 * scale)).max(label_h(i));
    let column_h =
        |nodes: &[usize]| nodes.iter().map(|i| slot(*i)).sum::<f64>() + GAP * nodes.len().saturating_sub(1) as f64;
    let tallest = columns.iter().map(|(_, n)| column_h(n)).fold(0.0, f64::max);
    // Column headers, then the nodes: x and top of each node, by index.
    let header_y = y;
    let top = header_y + SMALL * LINE_HEIGHT + GAP;
    let mut place: Vec<(f64, f64)> = vec![(0.0, 0.0); paths.nodes.len()];
    let mut x = MARGIN;
    for (offset, nodes) in &columns {
        let words = offset_words(*offset, &anchor);
        c.text(x, header_y, &words, SMALL, *offset == 0, MUTED);
        let mut ny = top + (tallest - column_h(nodes)) / 2.0;
        let mut label_w = text_width(&words, SMALL, *offset == 0) - NODE_W - 6.0;
        for &i in nodes {
            place[i] = (x, ny);
            if let Some((lines, figures)) = labels.get(i) {
                let w = lines.iter().map(|l| text_width(l, BODY, *offset == 0)).fold(0.0, f64::max);
                label_w = label_w.max(w).max(text_width(figures, SMALL, false));
            }
            ny += slot(i) + GAP;
        }
        x += NODE_W + 6.0 + label_w.max(0.0) + BAND_W;
    }
    // The bands first, under the nodes and their labels: out of each node in the order of the nodes they
    // reach, into each in the order of the nodes they leave.
    let mut out_y: Vec<f64> = place.iter().map(|p| p.1).collect();
    let mut in_y = out_y.clone();
    c.svg.open("flows");
    for f in &paths.flows {
        let (Some(from), Some(to)) = (paths.nodes.get(f.source), paths.nodes.get(f.target)) else { continue };
        let w = f.customers as f64 * scale;
        let (x0, x1) = (place[f.source].0 + NODE_W, place[f.target].0);
        let (t0, t1) = (out_y[f.source], in_y[f.target]);
        out_y[f.source] += w;
        in_y[f.target] += w;
        let colour = match to.marker {
            Some(PathMarker::Converted) => THEME.delight,
            Some(PathMarker::NotConverted) => THEME.pain,
            _ => BAR,
        };
        let said = format!("{} \u{2192} {}: {} {counted}", label(from), label(to), count(f.customers));
        c.svg.band((x0, t0, t0 + w), (x1, t1, t1 + w), colour, &said);
    }
    c.svg.close();
    c.svg.open("nodes");
    let mut desc: Vec<String> = Vec::with_capacity(columns.len());
    for (offset, nodes) in &columns {
        let mut said = Vec::with_capacity(nodes.len());
        for &i in nodes {
            let (Some(n), Some((lines, figures))) = (paths.nodes.get(i), labels.get(i)) else { continue };
            let (nx, ny) = place[i];
            let h = (n.customers as f64 * scale).max(2.0);
            c.svg.rect(nx, ny, NODE_W, h, 0.0, node_colour(n), None);
            let mut ly = ny;
            for line in lines {
                ly += c.text(nx + NODE_W + 6.0, ly, line, BODY, *offset == 0, INK);
            }
            c.text(nx + NODE_W + 6.0, ly, figures, SMALL, false, MUTED);
            said.push(format!("{} {figures}", label(n)));
        }
        desc.push(format!("{}: {}", offset_words(*offset, &anchor), said.join(", ")));
    }
    c.svg.close();
    let desc = format!("{title}, {} events each way. {}.", paths.steps, desc.join("; "));
    c.finish(&title, &desc, top + tallest)
}

const PLOT_W: f64 = 480.0;
const PLOT_H: f64 = 200.0;
const AXIS_W: f64 = 44.0;

/// Draws a time to convert ([`EventLog::time_to_convert`](crate::analytics::EventLog::time_to_convert)): the
/// Kaplan–Meier curve of the share of customers not yet converted as a step line over the time since their
/// first event, a tick where customers were censored and a dashed line at a half, with the medians in the
/// note. O(steps of the curve).
pub fn time_to_convert_svg(time: &TimeToConvert) -> String {
    time_chart(time).into_string()
}

/// The time to convert chart (see [`time_to_convert_svg`]).
pub(super) fn time_chart(time: &TimeToConvert) -> Markup {
    let duration =
        |s: Option<f64>| s.map_or_else(|| "not reached".to_owned(), |s| crate::words::duration_ms(s * 1000.0));
    let mut c = Chart::new();
    let mut note = format!(
        "{}: {} converted, {} not yet (censored at the end of the observation). Median time to convert {} \
         (Kaplan–Meier, counting those not yet converted)",
        crate::words::plural(time.customers, "customer"),
        count(time.converted),
        count(time.censored),
        duration(time.km_median_seconds)
    );
    if time.converted > 0 {
        let _ = write!(note, "; of those who converted, {}.", duration(time.median_seconds));
    } else {
        note.push('.');
    }
    let mut y = c.heading("Time to convert", &note, MARGIN);
    let mut x = MARGIN;
    x = c.swatch(x, y, BAR, "share not yet converted");
    c.swatch(x, y, MUTED, "censored");
    y += SMALL * LINE_HEIGHT + GAP;
    let (left, top) = (MARGIN + AXIS_W, y);
    let end = time.curve.last().map_or(0.0, |s| s.seconds).max(0.0);
    let at_x = |s: f64| left + if end > 0.0 { (s / end).clamp(0.0, 1.0) * PLOT_W } else { 0.0 };
    let at_y = |share: f64| top + (1.0 - share.clamp(0.0, 1.0)) * PLOT_H;
    c.svg.line(left, top, left, top + PLOT_H, MUTED, 1.0, None);
    c.svg.line(left, top + PLOT_H, left + PLOT_W, top + PLOT_H, MUTED, 1.0, None);
    for share in [0.0, 0.5, 1.0] {
        let label = percent(share);
        let w = text_width(&label, SMALL, false);
        c.text(left - 6.0 - w, at_y(share) - SMALL * LINE_HEIGHT / 2.0, &label, SMALL, false, MUTED);
    }
    c.svg.line(left, at_y(0.5), left + PLOT_W, at_y(0.5), MUTED, 1.0, Some("4 3"));
    for (k, label) in [(0.0, "0".to_owned()), (0.5, duration(Some(end / 2.0))), (1.0, duration(Some(end)))] {
        let w = text_width(&label, SMALL, false);
        c.text(left + k * PLOT_W - w * k, top + PLOT_H + 4.0, &label, SMALL, false, MUTED);
    }
    // Drawn at half-pixel columns: the steps that fall in one column are one drop, from the level before
    // the first to the level after the last, and the censorings within two pixels one tick, so that the
    // picture stays the same size however many customers the curve has (its steps are the distinct times,
    // up to one per customer).
    let column = |x: f64| (x * 2.0).round() as i64;
    let tick_column = |x: f64| (x / 2.0).round() as i64;
    let mut points = vec![(at_x(0.0), at_y(1.0))];
    let (mut before, mut last) = (1.0, None);
    let mut ticks: Vec<(i64, f64, f64)> = Vec::new();
    for step in &time.curve {
        let x = at_x(step.seconds);
        match points.last_mut() {
            Some(p) if last == Some(column(x)) => p.1 = at_y(step.survival),
            _ => {
                points.push((x, at_y(before)));
                points.push((x, at_y(step.survival)));
                last = Some(column(x));
            }
        }
        if step.censored > 0 {
            match ticks.last_mut() {
                Some(t) if t.0 == tick_column(x) => t.2 = at_y(step.survival),
                _ => ticks.push((tick_column(x), x, at_y(step.survival))),
            }
        }
        before = step.survival;
    }
    c.svg.polyline(&points, BAR, None);
    for (_, cx, cy) in ticks {
        c.svg.line(cx, cy - 5.0, cx, cy + 5.0, MUTED, 1.5, None);
    }
    let y = top + PLOT_H + 4.0 + SMALL * LINE_HEIGHT;
    let axis = "time since the first event";
    c.text(left + (PLOT_W - text_width(axis, SMALL, false)) / 2.0, y, axis, SMALL, false, MUTED);
    let desc = format!(
        "Kaplan–Meier curve of the share of customers not yet converted over the time since their first event, \
         in {} steps. {note}",
        time.curve.len()
    );
    c.finish("Time to convert", &desc, y + SMALL * LINE_HEIGHT)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The time to convert chart of 40,000 customers, each at their own time, half of them censored, is as
    /// small as that of a few hundred: one drop per half pixel, one censoring tick per two pixels.
    #[test]
    fn the_time_chart_keeps_its_size_however_many_customers() {
        use crate::analytics::{Event, EventLog, TimeToConvertOptions};
        let n = 40_000;
        let names: Vec<String> = (0..n).map(|c| format!("c{c}")).collect();
        let log = EventLog::from_fn(2 * n, true, |i| Event {
            customer: &names[i / 2],
            timestamp_ns: if i % 2 == 0 { 0 } else { 1_000 * (i as i64 + 1) },
            touchpoint: if i % 2 == 0 { "ad" } else { "shop" },
            outcome: Some(if i % 2 == 1 && (i / 2) % 2 == 0 { 1.0 } else { 0.0 }),
            ..Event::default()
        })
        .unwrap(); // ok: test data within every range
        let time = log.time_to_convert(&TimeToConvertOptions::default()).unwrap(); // ok: an outcome column
        assert!(time.curve.len() > 10_000, "{}", time.curve.len());
        let svg = time_to_convert_svg(&time);
        assert!(svg.matches("<line").count() <= 4 + (PLOT_W as usize) / 2 + 2, "{}", svg.matches("<line").count());
        assert!(svg.len() < 60_000, "{} bytes", svg.len());
    }
    use crate::analytics::{AttributionRow, FunnelStep};

    #[test]
    fn figures_read_well() {
        assert_eq!(figure(1234.0, 2), "1,234");
        assert_eq!(figure(1234.567, 2), "1,234.57");
        assert_eq!(figure(0.5, 2), "0.5");
        assert_eq!(figure(-2.0, 1), "-2");
        assert_eq!(figure(f64::NAN, 1), "?");
        assert_eq!(percent(0.4567), "45.7%");
    }

    /// A funnel step of `customers` at `share` of the step before and of the first, without times.
    fn step(name: &str, customers: u64, share: f64) -> FunnelStep {
        FunnelStep {
            step: name.into(),
            customers,
            step_conversion: share,
            overall_conversion: share,
            median_seconds: None,
            p25_seconds: None,
            p75_seconds: None,
            p90_seconds: None,
            min_seconds: None,
            max_seconds: None,
        }
    }

    #[test]
    fn charts_are_svg_and_say_what_they_show() {
        let funnel = Funnel { steps: vec![step("a", 10, 1.0), step("b <&>", 4, 0.4)], customers: 12 };
        let svg = funnel_svg(&funnel);
        assert!(svg.starts_with("<?xml") && svg.ends_with("</svg>\n"));
        assert!(svg.contains("<title>Funnel</title>") && svg.contains("b &lt;&amp;&gt;"));
        assert!(svg.contains("40% of the step before"));
        let empty = funnel_svg(&Funnel { steps: Vec::new(), customers: 0 });
        assert!(empty.contains("No steps."));

        let attribution = Attribution {
            model: crate::analytics::AttributionModelName::Markov,
            collapsed: true,
            value_weighted: false,
            conversions: 3,
            value: 300.0,
            conversion_probability: Some(0.3),
            rows: vec![AttributionRow {
                touchpoint: "ad".into(),
                conversions: 3.0,
                value: 300.0,
                removal_effect: Some(0.5),
            }],
            positions: None,
        };
        let svg = attribution_svg(&attribution, None);
        assert!(svg.contains("<title>Attribution (markov)</title>") && svg.contains("removal effect 50%"));
        assert_eq!(svg, attribution_svg(&attribution, None));
    }
}
