//! The HTML report: one self-contained file with the poster, the scores and their breakdowns, the gaps, the
//! backlog and, with an event log, what customers really did.
//!
//! The file needs nothing else: CSS is inline, there are no scripts, fonts, images or links to other files
//! (links point inside the page only), and the pictures are inline SVG. It is also well-formed XML, so it
//! can be checked with an XML parser. Every piece of text from the map or the log is escaped.

use std::fmt::Write as _;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::SvgOptions;
use super::charts::{attribution_chart, figure, funnel_chart, paths_chart, percent, time_chart};
use super::format::{count, kind_name};
use super::markup::{Markup, markup};
use super::theme::css;
use super::voice;
use crate::analytics::{
    Attribution, AttributionModel, CohortOptions, Cohorts, Cost, Dimension, EventLog, Funnel, PathAnchor, PathsAround,
    PathsOptions, SessionsFrom, Spend, Switches, TimeToConvert, TimeToConvertOptions, TransitionStats,
};
use crate::backlog::BacklogItem;
use crate::error::Result;
use crate::gaps::{Gap, Location};
use crate::model::{Journey, TouchpointRole};
use crate::score::{JourneyScore, Score, ScoringModel};
use crate::words::plural;

/// How to make the HTML report. Every field has a default, so `{}` is a valid set of options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HtmlOptions {
    /// How to draw the poster. With a persona, the scores are that persona's too.
    pub svg: SvgOptions,
    /// The scoring model for scores, gaps and the backlog.
    pub model: ScoringModel,
    /// The date the map's age is measured against (`YYYY-MM-DD`); without it the `stale_map` check is
    /// skipped, which keeps the report the same from one day to the next.
    #[serde(skip_serializing_if = "Option::is_none", with = "crate::model::date")]
    #[schemars(with = "Option<NaiveDate>")]
    pub as_of: Option<NaiveDate>,
    /// At most this many rows in the long tables (backlog, drop-off, attribution, unexpected moves);
    /// 0 shows every row.
    pub top: usize,
    /// The money spent on touchpoints, for the cost per converting customer and the return on ad spend of
    /// each (needs an event log with an outcome column); in the map's currency ([`Spend::currency_with`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spend: Option<Spend>,
    /// The paths around the touchpoint where most customers left: around each customer's first visit (the
    /// default) or around every visit ([`EventLog::paths_around`]).
    pub paths_anchor: PathAnchor,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            svg: SvgOptions::default(),
            model: ScoringModel::default(),
            as_of: None,
            top: 20,
            spend: None,
            paths_anchor: PathAnchor::First,
        }
    }
}

fn severity_name(severity: u8) -> &'static str {
    match severity {
        5.. => "critical",
        4 => "high",
        3 => "medium",
        2 => "low",
        _ => "minor",
    }
}

/// A score 0..100 as a chip in its band's colour (the poster's colours, see [`crate::words::score_band`]).
fn score_chip(v: f64) -> Markup {
    let band = crate::words::score_band(v);
    let mut m = Markup::new();
    markup!(m; "<span class=\"score ", Markup::lit(band.name), "\" style=\"background: ", Markup::lit(band.colour),
        "; color: ", Markup::lit(band.ink), "\">", format!("{v:.0}"), "</span>");
    m
}

/// The legend of the score chips: the three bands, as the poster's legend has them.
fn score_legend() -> Markup {
    let bands = crate::words::SCORE_BANDS.iter().map(|b| {
        let mut m = Markup::new();
        markup!(m; "<span class=\"score ", Markup::lit(b.name), "\" style=\"background: ", Markup::lit(b.colour),
            "; color: ", Markup::lit(b.ink), "\">", b.name, "</span> ", b.range);
        m
    });
    let mut m = Markup::new();
    markup!(m; "<p class=\"muted\">Score colours: ", Markup::join(bands, ", "), ".</p>\n");
    m
}

/// An SVG document as an element to put inside HTML: without the XML declaration and the namespace
/// declaration (HTML gives `<svg>` its namespace), so that the page names no address at all.
pub fn inline_svg(svg: &str) -> String {
    let body = match svg.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or(rest, |(_, after)| after).trim_start(),
        None => svg,
    };
    body.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
}

/// A table: headers (with whether the column holds numbers) and rows of cells.
struct Table<'a> {
    caption: Option<&'static str>,
    head: &'a [(&'a str, bool)],
    rows: Vec<(Option<&'static str>, Vec<Markup>)>,
}

impl<'a> Table<'a> {
    fn new(head: &'a [(&'a str, bool)]) -> Self {
        Table { caption: None, head, rows: Vec::new() }
    }

    fn caption(mut self, caption: &'static str) -> Self {
        self.caption = Some(caption);
        self
    }

    fn row(&mut self, cells: Vec<Markup>) {
        self.rows.push((None, cells));
    }

    fn row_class(&mut self, class: &'static str, cells: Vec<Markup>) {
        self.rows.push((Some(class), cells));
    }

    fn write(&self, out: &mut Markup) {
        out.push_lit("<table>\n");
        if let Some(c) = self.caption {
            markup!(out; "<caption>", c, "</caption>\n");
        }
        out.push_lit("<thead><tr>");
        for (h, num) in self.head {
            let class = if *num { " class=\"num\"" } else { "" };
            markup!(out; "<th scope=\"col\"", Markup::lit(class), ">", h, "</th>");
        }
        out.push_lit("</tr></thead>\n<tbody>\n");
        for (class, cells) in &self.rows {
            match class {
                Some(c) => markup!(out; "<tr class=\"", Markup::lit(c), "\">"),
                None => out.push_lit("<tr>"),
            }
            for (i, cell) in cells.iter().enumerate() {
                let num = self.head.get(i).is_some_and(|(_, n)| *n);
                out.push_lit(if num { "<td class=\"num\">" } else { "<td>" });
                out.push(cell);
                out.push_lit("</td>");
            }
            out.push_lit("</tr>\n");
        }
        out.push_lit("</tbody>\n</table>\n");
    }
}

/// Text as a table cell, escaped.
fn cell(text: &str) -> Markup {
    Markup::text(text)
}

/// How many rows to show of `len` under the `top` option.
fn shown(len: usize, top: usize) -> usize {
    if top == 0 { len } else { len.min(top) }
}

/// "Showing the first 20 of 57." when rows were left out.
fn more_note(out: &mut Markup, shown: usize, len: usize) {
    if shown < len {
        markup!(out; "<p class=\"muted\">Showing the first ", shown, " of ", len, ".</p>\n");
    }
}

/// A number of seconds as a duration with its unit (`3.5 min`, `2.1 days`).
fn duration(seconds: f64) -> String {
    crate::words::duration_ms(seconds * 1000.0)
}

/// The title of the section on expectations and quotes.
const VOICE: &str = "What customers expect and say";

struct Report<'a> {
    j: &'a Journey,
    options: &'a HtmlOptions,
    out: Markup,
    /// The pictures of the page in its order (for the report as PDF pages, which lay them out in their place).
    figures: Vec<Figure>,
}

/// A picture of the report: its SVG document, as a whole document (the page has it inline).
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
pub(super) struct Figure {
    pub(super) svg: Markup,
}

/// A name with its id after it, or the id alone when the name is the id.
fn named(name: Option<&str>, id: &str) -> Markup {
    let mut m = Markup::new();
    match name {
        Some(name) if name != id => markup!(m; name, " <span class=\"id\">", id, "</span>"),
        _ => markup!(m; "<span class=\"id\">", id, "</span>"),
    }
    m
}

/// An id in the id style.
fn id(id: &str) -> Markup {
    let mut m = Markup::new();
    markup!(m; "<span class=\"id\">", id, "</span>");
    m
}

/// A move from one place to another.
fn arrow(from: Markup, to: Markup) -> Markup {
    let mut m = Markup::new();
    markup!(m; from, " \u{2192} ", to);
    m
}

impl Report<'_> {
    /// A touchpoint's name with its id.
    fn touchpoint(&self, id: &str) -> Markup {
        named(self.j.touchpoint(id).map(|t| t.name.as_str()), id)
    }

    /// A stage's name with its id.
    fn stage(&self, id: &str) -> Markup {
        named(self.j.stage(id).map(|s| s.name.as_str()), id)
    }

    fn touchpoint_name(&self, id: &str) -> String {
        self.j.touchpoint(id).map_or_else(|| id.to_owned(), |t| t.name.clone())
    }

    fn location(&self, l: &Location) -> Markup {
        let mut parts = Vec::new();
        if let Some((from, to)) = &l.transition {
            parts.push(arrow(self.touchpoint(from), self.touchpoint(to)));
        } else if let Some(t) = &l.touchpoint {
            parts.push(self.touchpoint(t));
        } else if let Some(s) = &l.stage {
            let mut m = Markup::lit("stage ");
            m.push(&self.stage(s));
            parts.push(m);
        }
        if let Some(p) = &l.persona {
            let name = self.j.persona(p).map_or(p.as_str(), |p| p.name.as_str());
            let mut m = Markup::lit("persona ");
            m.push(name);
            parts.push(m);
        }
        if parts.is_empty() { Markup::lit("the whole journey") } else { Markup::join(parts, ", ") }
    }

    fn head(&mut self, has_log: bool, has_voice: bool) {
        let j = self.j;
        let title = format!("{} \u{2014} journey report", j.name);
        self.out.push_lit("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        self.out.push_lit("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        markup!(self.out; "<title>", title, "</title>\n<style>", Markup::lit(css()),
            "</style>\n</head>\n<body>\n<main>\n");
        markup!(self.out; "<header>\n<h1>", j.name, "</h1>\n");
        let mut line = kind_name(j.kind).to_owned();
        if let Some(d) = j.reviewed_on {
            let _ = write!(line, ", last reviewed on {d}");
        }
        if let Some(p) = self.persona() {
            let _ = write!(line, ", for the persona {p}");
        }
        markup!(self.out; "<p class=\"muted\">", line, "</p>\n");
        if let Some(d) = &j.description {
            markup!(self.out; "<p>", d, "</p>\n");
        }
        self.out.push_lit("</header>\n<nav>\n<ul>\n");
        let mut sections = vec![("summary", "Summary"), ("map", "Map")];
        if has_voice {
            sections.push(("voice", VOICE));
        }
        sections.extend([("scores", "Scores"), ("gaps", "Gaps"), ("backlog", "Backlog")]);
        if has_log {
            sections.push(("observed", "Observed journey"));
        }
        for (id, name) in sections {
            markup!(self.out; "<li><a href=\"#", Markup::lit(id), "\">", Markup::lit(name), "</a></li>\n");
        }
        self.out.push_lit("</ul>\n</nav>\n");
    }

    fn persona(&self) -> Option<String> {
        let id = self.options.svg.persona.as_deref()?;
        Some(self.j.persona(id).map_or_else(|| id.to_owned(), |p| p.name.clone()))
    }

    fn summary(&mut self, scores: &JourneyScore, gaps: &[Gap], backlog: &[BacklogItem], observed: Option<&Observed>) {
        let j = self.j;
        let mut items: Vec<(&str, String)> = vec![
            (
                "Map",
                format!(
                    "{}, {}, {}, {}",
                    plural(j.stages().len() as u64, "stage"),
                    plural(j.touchpoint_count() as u64, "touchpoint"),
                    plural(j.transition_count() as u64, "transition"),
                    plural(j.personas().len() as u64, "persona")
                ),
            ),
            (
                "Journey score",
                format!("{} of 100, confidence {}", figure(scores.score.value, 0), percent(scores.score.confidence)),
            ),
        ];
        let mut by_severity = String::new();
        for s in (1..=5u8).rev() {
            let n = gaps.iter().filter(|g| g.severity == s).count();
            if n > 0 {
                let sep = if by_severity.is_empty() { "" } else { ", " };
                let _ = write!(by_severity, "{sep}{n} {}", severity_name(s));
            }
        }
        let age = match self.options.as_of {
            Some(d) => format!(" (map age measured on {d})"),
            None => " (map age not checked: no date given)".to_owned(),
        };
        let gap_line =
            if gaps.is_empty() { format!("none{age}") } else { format!("{}: {by_severity}{age}", gaps.len()) };
        items.push(("Gaps", gap_line));
        let quick = backlog.iter().filter(|b| b.quick_win).count();
        items.push((
            "Backlog",
            format!("{}, {}", plural(backlog.len() as u64, "item"), plural(quick as u64, "quick win")),
        ));
        if let Some(o) = observed {
            let mut line = format!("{}, {}", plural(o.events, "event"), plural(o.customers, "customer"));
            if let Some(c) = o.conversions {
                let _ = write!(line, ", {} converted", count(c));
            }
            let _ = write!(line, "; {} of the moves follow the map", percent(o.conformance.fitness));
            items.push(("Event log", line));
        }
        self.out.push_lit("<section id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"summary\">\n");
        for (k, v) in items {
            markup!(self.out; "<dt>", k, "</dt><dd>", v, "</dd>\n");
        }
        self.out.push_lit("</dl>\n</section>\n");
    }

    fn map(&mut self, poster: Markup) {
        self.out.push_lit("<section id=\"map\">\n<h2>Map</h2>\n");
        self.figure("poster", poster);
        self.out.push_lit("</section>\n");
    }

    /// A picture inline in a `<div class="figure {class}">`, kept as a document for the PDF pages.
    fn figure(&mut self, class: &'static str, svg: Markup) {
        markup!(self.out; "<div class=\"figure ", Markup::lit(class), "\">\n", svg.inline_svg(), "</div>\n");
        self.figures.push(Figure { svg });
    }

    /// The touchpoints the report speaks of: all of them, or the persona's with `options.svg.persona` (as
    /// the poster draws them).
    fn shown_touchpoints(&self) -> Vec<&crate::model::Touchpoint> {
        let persona = self.options.svg.persona.as_deref();
        self.j.touchpoints().into_iter().filter(|t| persona.is_none_or(|p| t.serves(p))).collect()
    }

    /// What customers expect and say: per stage, a card per touchpoint with expectations or quotes, each
    /// list cut at `options.top` with how many more there are. Empty when no touchpoint has any.
    fn voice(&self) -> Markup {
        let top = self.options.top;
        let touchpoints = self.shown_touchpoints();
        let mut body = Markup::new();
        for stage in self.j.stages() {
            let mut cards = Markup::new();
            for t in touchpoints.iter().filter(|t| t.stage == stage.id) {
                let expectations = voice::expectations(self.j, t, self.options.svg.persona.as_deref());
                let quotes = voice::quotes(t);
                if expectations.is_empty() && quotes.is_empty() {
                    continue;
                }
                markup!(cards; "<div class=\"card voice\">\n<h4>", self.touchpoint(&t.id), "</h4>\n");
                if !expectations.is_empty() {
                    cards.push_lit("<p class=\"muted\">Expects:</p>\n<ul class=\"expectations\">\n");
                    let n = shown(expectations.len(), top);
                    for e in &expectations[..n] {
                        markup!(cards; "<li>", e, "</li>\n");
                    }
                    cards.push_lit("</ul>\n");
                    more_note(&mut cards, n, expectations.len());
                }
                let n = shown(quotes.len(), top);
                for q in &quotes[..n] {
                    let class = match q.backs {
                        voice::Backs::Pain(_) => " pain",
                        voice::Backs::Delight(_) => " delight",
                        voice::Backs::Touchpoint => "",
                    };
                    markup!(cards; "<blockquote class=\"quote", Markup::lit(class), "\"><p>", q.quoted(),
                        "</p><p class=\"source\">\u{2014} ", q.attribution(false), "</p></blockquote>\n");
                }
                more_note(&mut cards, n, quotes.len());
                cards.push_lit("</div>\n");
            }
            if !cards.is_empty() {
                markup!(body; "<h3>", self.stage(&stage.id), "</h3>\n<div class=\"cards\">\n", cards, "</div>\n");
            }
        }
        if body.is_empty() {
            return body;
        }
        let mut m = Markup::new();
        markup!(m; "<section id=\"voice\">\n<h2>", Markup::lit(VOICE), "</h2>\n<p>What customers expect at each \
            touchpoint, and what they said in the research behind the map: quotes on a pain point's or a delight's \
            evidence say which one they back.</p>\n", body, "</section>\n");
        m
    }

    fn components(&self, score: &Score, name: impl Fn(&str) -> Markup) -> Table<'static> {
        let mut t = Table::new(&[("Component", false), ("Value", true), ("Weight", true), ("Detail", false)]);
        for c in &score.components {
            t.row(vec![name(&c.name), cell(&figure(c.value, 2)), cell(&figure(c.weight, 2)), cell(&c.detail)]);
        }
        t
    }

    fn missing_line(&self, score: &Score, name: impl Fn(&str) -> Markup) -> Markup {
        let missing: Vec<Markup> = score.missing.iter().map(|m| name(m)).collect();
        let mut m = Markup::new();
        markup!(m; "<p class=\"muted\">Confidence ", percent(score.confidence), ". Missing: ",
            if missing.is_empty() { Markup::lit("nothing") } else { Markup::join(missing, ", ") }, ".</p>\n");
        m
    }

    fn scores(&mut self, scores: &JourneyScore) {
        let j = self.j;
        self.out.push_lit("<section id=\"scores\">\n<h2>Scores</h2>\n");
        markup!(self.out; "<p>Journey score ", score_chip(scores.score.value), " of 100: the stages' scores, each by \
            its weight (the same for every stage unless the scoring model weighs them by customers). Every score is \
            a weighted mean of normalised components (0 worst, 1 best) \u{00d7} 100.</p>\n", score_legend());
        let table = self.components(&scores.score, |id| self.stage(id)).caption("What the journey score is made of");
        table.write(&mut self.out);
        let line = self.missing_line(&scores.score, |id| self.stage(id));
        self.out.push(&line);

        self.out.push_lit("<h3>Stages</h3>\n");
        let mut t = Table::new(&[
            ("Stage", false),
            ("Score", true),
            ("Weight", true),
            ("Confidence", true),
            ("Weakest touchpoint", false),
            ("Reach", true),
            ("Touchpoints (score \u{00d7} importance)", false),
        ]);
        // The touchpoint scores by id (the first of an id, as `JourneyScore::touchpoint` finds), looked up per
        // stage rather than scanned.
        let by_id: std::collections::HashMap<&str, f64> =
            scores.touchpoints.iter().rev().map(|t| (t.touchpoint.as_str(), t.score.value)).collect();
        for s in &scores.stages {
            let weakest = s.weakest.as_deref().map_or_else(
                || Markup::lit("\u{2014}"),
                |w| {
                    let mut m = self.touchpoint(w);
                    m.push_lit(" ");
                    if let Some(v) = by_id.get(w) {
                        m.push(&score_chip(*v));
                    }
                    m
                },
            );
            let parts = s.score.components.iter().map(|c| {
                format!(
                    "{} {} \u{00d7} {}",
                    self.touchpoint_name(&c.name),
                    figure(c.value * 100.0, 0),
                    figure(c.weight, 2)
                )
            });
            let made_of =
                if s.score.components.is_empty() { Markup::lit("no touchpoints") } else { Markup::join(parts, ", ") };
            t.row(vec![
                self.stage(&s.stage),
                score_chip(s.score.value),
                cell(&percent(s.weight)),
                cell(&percent(s.score.confidence)),
                weakest,
                cell(&s.reach.map_or_else(|| "\u{2014}".to_owned(), count)),
                made_of,
            ]);
        }
        t.write(&mut self.out);

        self.out.push_lit("<h3>Touchpoints</h3>\n<div class=\"cards\">\n");
        for ts in &scores.touchpoints {
            self.out.push_lit("<div class=\"card\">\n");
            let name = j.touchpoint(&ts.touchpoint).map_or(ts.touchpoint.as_str(), |t| t.name.as_str());
            markup!(self.out; "<h4>", score_chip(ts.score.value), " ", name, "</h4>\n");
            let mut line = id(&ts.touchpoint);
            markup!(line; " in stage ", self.stage(&ts.stage));
            match ts.role {
                TouchpointRole::Entry => line.push_lit(", an entry: judged on reach, not on completion"),
                TouchpointRole::Optional => line.push_lit(", optional: judged on take-up, not on completion"),
                TouchpointRole::Step => {}
            }
            if let Some(o) = ts.opportunity {
                markup!(line; ", opportunity score ", figure(o, 1));
            }
            markup!(self.out; "<p class=\"muted\">", line, "</p>\n");
            if ts.score.components.is_empty() {
                self.out.push_lit("<p>Nothing to score: neutral 50.</p>\n");
            } else {
                self.components(&ts.score, Markup::text).write(&mut self.out);
            }
            let line = self.missing_line(&ts.score, Markup::text);
            self.out.push(&line);
            self.out.push_lit("</div>\n");
        }
        self.out.push_lit("</div>\n</section>\n");
    }

    fn gaps(&mut self, gaps: &[Gap]) {
        self.out.push_lit("<section id=\"gaps\">\n<h2>Gaps</h2>\n");
        if gaps.is_empty() {
            self.out.push_lit("<p>No gaps found.</p>\n</section>\n");
            return;
        }
        for s in (1..=5u8).rev() {
            let these: Vec<&Gap> = gaps.iter().filter(|g| g.severity == s).collect();
            if these.is_empty() {
                continue;
            }
            markup!(self.out; "<h3><span class=\"sev s", s, "\">", s, "</span> ", Markup::lit(severity_name(s)), " (",
                these.len(), ")</h3>\n");
            let mut t = Table::new(&[("Kind", false), ("Where", false), ("What", false), ("Evidence", false)]);
            for g in these {
                let mut evidence = Markup::new();
                if !g.evidence.is_empty() {
                    evidence.push_lit("<ul class=\"evidence\">");
                    for e in &g.evidence {
                        markup!(evidence; "<li>", e, "</li>");
                    }
                    evidence.push_lit("</ul>");
                }
                t.row(vec![id(g.kind.as_str()), self.location(&g.location), cell(&g.message), evidence]);
            }
            t.write(&mut self.out);
        }
        self.out.push_lit("</section>\n");
    }

    fn backlog(&mut self, items: &[BacklogItem]) {
        self.out.push_lit("<section id=\"backlog\">\n<h2>Backlog</h2>\n");
        let quick = items.iter().filter(|b| b.quick_win).count();
        markup!(self.out; "<p>Gaps, pain points and opportunities, one line per problem, ",
            crate::backlog::ranking(items), "; ", plural(quick as u64, "quick win"),
            " (high impact for low effort) marked <span class=\"quick\">quick win</span>.</p>\n");
        if items.is_empty() {
            self.out.push_lit("<p>Nothing to work on.</p>\n</section>\n");
            return;
        }
        let mut head = vec![
            ("#", true),
            ("What", false),
            ("Kind", false),
            ("Where", false),
            ("Reach", true),
            ("Impact", true),
            ("Confidence", true),
            ("Effort", true),
            ("Priority", true),
        ];
        // With an event log: the estimated effect, from the absorbing Markov chain of its paths.
        let effects = items.iter().any(|b| b.effect.is_some());
        if effects {
            head.push(("Estimated effect", true));
        }
        let mut t = Table::new(&head);
        let n = shown(items.len(), self.options.top);
        for b in &items[..n] {
            let mut what = Markup::text(&b.title);
            if b.quick_win {
                what.push_lit(" <span class=\"quick\">quick win</span>");
            }
            if !b.addresses.is_empty() {
                let held: Vec<&str> = b.addresses.iter().map(|a| a.id.as_deref().unwrap_or(a.kind.as_str())).collect();
                markup!(what; "<br/><span class=\"id\">addresses ", Markup::join(held, ", "), "</span>");
            }
            let mut reach = Markup::new();
            markup!(reach; "<span title=\"", b.reach_basis, "\">", percent(b.reach), "</span>");
            // The figure that ranked the line: the effect's priority where the log shows a gain.
            let priority = match (&b.effect, b.ranked_by) {
                (Some(e), crate::backlog::RankedBy::Effect) => {
                    let mut m = Markup::new();
                    markup!(m; "<span title=\"estimated extra conversions \u{00d7} impact \u{00d7} confidence \
                        \u{00d7} importance / 5 / effort\">", figure(e.priority, 1), "</span>");
                    m
                }
                _ => cell(&figure(b.priority, 2)),
            };
            let mut cells = vec![
                cell(&b.rank.to_string()),
                what,
                id(b.kind.as_str()),
                self.location(&b.location),
                reach,
                cell(&figure(b.impact, 1)),
                cell(&percent(b.confidence)),
                cell(&figure(b.effort, 1)),
                priority,
            ];
            if effects {
                cells.push(b.effect.as_ref().map_or_else(Markup::new, |e| {
                    let mut m = Markup::new();
                    markup!(m; "<span title=\"", e.basis, "\">",
                        crate::words::effect(e.conversions, e.value, self.j.currency.as_deref()), "</span>");
                    m
                }));
            }
            if b.quick_win { t.row_class("quick-win", cells) } else { t.row(cells) }
        }
        t.write(&mut self.out);
        more_note(&mut self.out, n, items.len());
        self.out.push_lit("</section>\n");
    }

    /// How long customers took to convert: the Kaplan–Meier chart, then the figures in a table.
    fn time_to_convert(&mut self, t: &TimeToConvert) {
        self.out.push_lit("<h3 id=\"time\">Time to convert</h3>\n");
        let km = match t.km_median_seconds {
            Some(m) => format!("the Kaplan\u{2013}Meier median time to convert is {}", duration(m)),
            None => "the Kaplan\u{2013}Meier median is not reached (the estimated share not yet converted stays above \
                     a half)"
                .to_owned(),
        };
        markup!(self.out; "<p>From a customer's first event to their first conversion. ", count(t.converted), " of ",
            plural(t.customers, "customer"), " converted; ", count(t.censored), " had not by the log's last event (",
            t.as_of_iso.as_str(), ") and are counted as censored there: counting them, ", km, ".</p>\n");
        self.figure("time", time_chart(t));
        if t.converted == 0 {
            return;
        }
        let rows = [
            ("Shortest", t.min_seconds),
            ("25th percentile", t.p25_seconds),
            ("Median", t.median_seconds),
            ("75th percentile", t.p75_seconds),
            ("90th percentile", t.p90_seconds),
            ("Longest", t.max_seconds),
        ];
        let mut table = Table::new(&[("Of those who converted", false), ("Time to convert", true)]);
        for (name, seconds) in rows {
            table.row(vec![cell(name), cell(&seconds.map_or_else(|| "\u{2014}".to_owned(), duration))]);
        }
        table.write(&mut self.out);
    }

    /// Shapley attribution: each conversion shared equally among the distinct touchpoints of its path.
    fn shapley(&mut self, a: &Attribution) {
        self.out.push_lit("<h3 id=\"shapley\">Shapley attribution</h3>\n");
        markup!(self.out; "<p>How the ", plural(a.conversions, "converting customer"), " and their value are shared \
            out: each converting customer counts once, in equal parts for the distinct touchpoints on their path; a \
            touchpoint's Shapley value is the sum of its parts, and each customer's parts add up to one.</p>\n");
        let mut t = Table::new(&[("Touchpoint", false), ("Converting customers", true), ("Value", true)]);
        let n = shown(a.rows.len(), self.options.top);
        for r in &a.rows[..n] {
            t.row(vec![
                self.touchpoint(&r.touchpoint),
                cell(&figure(r.conversions, 2)),
                cell(&crate::words::outcome_value(r.value, self.j.currency.as_deref())),
            ]);
        }
        t.write(&mut self.out);
        more_note(&mut self.out, n, a.rows.len());
    }

    /// Cost per converting customer and ROAS of each touchpoint with spend, under the two models the report
    /// shows.
    fn cost(&mut self, cost: &Cost) {
        let currency = cost.currency.as_deref();
        self.out.push_lit("<h3 id=\"cost\">Cost per converting customer and return on ad spend</h3>\n");
        let money = |v: f64| crate::words::outcome_value(v, currency);
        let unit = match currency {
            Some(c) => format!("in {}", c.trim()),
            None => "as plain numbers (the map names no currency)".to_owned(),
        };
        let mut touchpoints: Vec<&str> = cost.rows.iter().map(|r| r.touchpoint.as_str()).collect();
        touchpoints.sort_unstable();
        touchpoints.dedup();
        markup!(self.out; "<p>The spend on ", plural(touchpoints.len() as u64, "touchpoint"), ", ", unit,
            ": the cost per converting customer is the spend over the converting customers a model credits to the \
            touchpoint (each counts once, however often they converted), the return on ad spend (ROAS) the value \
            it credits over the spend. A dash: no converting customer credited, or nothing spent.</p>\n");
        let dash = || "\u{2014}".to_owned();
        let mut t = Table::new(&[
            ("Touchpoint", false),
            ("Spend", true),
            ("Markov: cost per converting customer", true),
            ("Markov: ROAS", true),
            ("Shapley: cost per converting customer", true),
            ("Shapley: ROAS", true),
        ]);
        for id in touchpoints {
            let mut row = vec![self.touchpoint(id)];
            let mine: Vec<&crate::analytics::CostRow> = cost.rows.iter().filter(|r| r.touchpoint == id).collect();
            row.push(cell(&mine.first().map_or_else(dash, |r| money(r.spend))));
            for r in mine {
                row.push(cell(&r.cost_per_conversion.map_or_else(dash, money)));
                row.push(cell(&r.roas.map_or_else(dash, |x| crate::words::roas(x, currency))));
            }
            t.row(row);
        }
        t.write(&mut self.out);
    }

    /// Retention cohorts and the repeat-purchase rate.
    fn cohorts(&mut self, c: &Cohorts) {
        let period = c.period.as_str();
        self.out.push_lit("<h3 id=\"cohorts\">Retention cohorts and repeat purchase</h3>\n");
        markup!(self.out; "<p>A cohort is the customers whose first conversion fell in the same calendar ", period,
            " (UTC); a conversion is an event with an outcome above zero, so a customer can convert more than once. ");
        if c.converters == 0 {
            markup!(self.out; "None of the ", plural(c.customers, "customer"), " converted, so there is no cohort.</p>\n");
            return;
        }
        markup!(self.out; count(c.converters), " of ", plural(c.customers, "customer"), " converted, ",
            plural(c.conversions, "time"), " in all (", figure(c.mean_conversions, 2), " per converting customer); ",
            count(c.repeat_customers), " converted at least twice: a repeat-purchase rate of ",
            percent(c.repeat_purchase_rate), ".</p>\n");
        // Columns for the first periods after the cohort's (the same period, then one, two, three later).
        let periods = c.cohorts.iter().map(|k| k.retention.len()).max().unwrap_or(0).min(4);
        let names: Vec<String> = (0..periods)
            .map(|k| match k {
                0 => format!("Again in the same {period}"),
                1 => format!("1 {period} later"),
                k => format!("{k} {} later", crate::words::plural_noun(period)),
            })
            .collect();
        let mut head =
            vec![("Cohort", false), ("Customers", true), ("Repeat-purchase rate", true), ("Conversions each", true)];
        head.extend(names.iter().map(|n| (n.as_str(), true)));
        let mut t = Table::new(&head);
        let n = shown(c.cohorts.len(), self.options.top);
        for k in &c.cohorts[..n] {
            let mut row = vec![
                cell(&k.cohort),
                cell(&count(k.customers)),
                cell(&percent(k.repeat_purchase_rate)),
                cell(&figure(k.mean_conversions, 2)),
            ];
            // A period after the log's last event has no figure.
            for p in 0..periods {
                row.push(cell(&k.retention.get(p).map_or_else(|| "\u{2014}".to_owned(), |r| percent(r.share))));
            }
            t.row(row);
        }
        t.write(&mut self.out);
        more_note(&mut self.out, n, c.cohorts.len());
        markup!(self.out; "<p class=\"muted\">A share is of the cohort's customers who converted again in that ",
            period, "; a dash: the ", period, " is after the log's last event.</p>\n");
    }

    /// The customers' sessions, and the most common moves per customer against within a session.
    fn sessions(&mut self, s: &Sessions) {
        self.out.push_lit("<h3 id=\"sessions\">Sessions</h3>\n");
        markup!(self.out; "<p>A session is ", s.from.words(), ". The ", plural(s.customers, "customer"), " had ",
            plural(s.sessions, "session"));
        if let Some(c) = s.conversions {
            markup!(self.out; ", ", count(c), " of which converted");
        }
        self.out.push_lit(".</p>\n");
        if s.moves.is_empty() {
            return;
        }
        let mut t = Table::new(&[
            ("Move", false),
            ("Moves on the customers' whole paths", true),
            ("Mean time", true),
            ("Moves within a session", true),
            ("Mean time within", true),
        ])
        .caption("The most common moves: on the whole paths the time between sessions counts, within a session not");
        let n = shown(s.moves.len(), self.options.top);
        for (m, within) in &s.moves[..n] {
            t.row(vec![
                arrow(self.touchpoint(&m.source), self.touchpoint(&m.target)),
                cell(&count(m.count)),
                cell(&duration(m.mean_seconds)),
                cell(&within.as_ref().map_or_else(|| "0".to_owned(), |w| count(w.count))),
                cell(&within.as_ref().map_or_else(|| "\u{2014}".to_owned(), |w| duration(w.mean_seconds))),
            ]);
        }
        t.write(&mut self.out);
        more_note(&mut self.out, n, s.moves.len());
    }

    /// The switches of channel and device between a customer's consecutive events.
    fn switches(&mut self, all: &[Switches], customers: u64) {
        self.out.push_lit("<h3 id=\"switches\">Channel and device switches</h3>\n");
        for s in all {
            let d = s.dimension.as_str();
            markup!(self.out; "<p>", plural(s.switches, "switch"), " of ", d, " between consecutive events with a ", d, ", by ",
                count(s.with_switch.customers), " of ", plural(customers, "customer"));
            if let (Some(a), Some(b)) = (s.with_switch.conversion_rate, s.without_switch.conversion_rate) {
                markup!(self.out; "; ", percent(a), " of those who switched converted, and ", percent(b), " of the ",
                    count(s.without_switch.customers), " who never switched");
            }
            self.out.push_lit(".</p>\n");
            if s.pairs.is_empty() {
                continue;
            }
            let from = format!("From {d}");
            let head = [(from.as_str(), false), ("To", false), ("Switches", true), ("Customers", true)];
            let mut t = Table::new(&head);
            let n = shown(s.pairs.len(), self.options.top);
            for p in &s.pairs[..n] {
                t.row(vec![cell(&p.from), cell(&p.to), cell(&count(p.switches)), cell(&count(p.customers.customers))]);
            }
            t.write(&mut self.out);
            more_note(&mut self.out, n, s.pairs.len());
        }
    }

    fn observed(&mut self, o: &Observed) {
        let top = self.options.top;
        self.out.push_lit("<section id=\"observed\">\n<h2>Observed journey</h2>\n");
        let mut line =
            format!("The event log has {} of {}", plural(o.events, "event"), plural(o.customers, "customer"));
        match o.conversions {
            Some(c) => {
                let _ = write!(line, ", of whom {} converted.", count(c));
            }
            None => line.push_str("; it has no outcome column, so there is no drop-off or attribution."),
        }
        if o.events == 0 {
            self.out.push_lit("<p>The event log has no events, so nothing was observed.</p>\n</section>\n");
            return;
        }
        markup!(self.out; "<p>", line, "</p>\n");

        // Stage funnel, drawn with the stages' names.
        self.out.push_lit("<h3 id=\"funnel\">Stage funnel</h3>\n");
        self.out.push_lit(
            "<p>Customers who met a touchpoint of each stage up to this one, in the order of the stages.</p>\n",
        );
        let mut named = o.funnel.clone();
        for s in &mut named.steps {
            if let Some(stage) = self.j.stage(&s.step) {
                s.step.clone_from(&stage.name);
            }
        }
        self.figure("funnel", funnel_chart(&named));
        // The median time from the stage before, when some customers went on.
        let timed = o.funnel.steps.iter().any(|s| s.median_seconds.is_some());
        let mut head =
            vec![("Stage", false), ("Customers", true), ("Of the stage before", true), ("Of the first stage", true)];
        if timed {
            head.push(("Median time from the stage before", true));
        }
        let mut t = Table::new(&head);
        for s in &o.funnel.steps {
            let mut row = vec![
                self.stage(&s.step),
                cell(&count(s.customers)),
                cell(&percent(s.step_conversion)),
                cell(&percent(s.overall_conversion)),
            ];
            if timed {
                row.push(cell(&s.median_seconds.map_or_else(|| "\u{2014}".to_owned(), duration)));
            }
            t.row(row);
        }
        t.write(&mut self.out);

        if o.conversions.is_some() {
            self.out.push_lit("<h3 id=\"dropoff\">Drop-off</h3>\n");
            self.out.push_lit("<p>Where customers who did not convert left.</p>\n");
            if o.dropoff.is_empty() {
                self.out.push_lit("<p>Every customer converted.</p>\n");
            } else {
                // The reasons customers gave, when the log has a reason column and any of them gave one.
                let reasons = o.dropoff.iter().any(|d| !d.reasons.is_empty());
                let mut head = vec![("Touchpoint", false), ("Left here", true), ("Came here", true), ("Rate", true)];
                if reasons {
                    head.push(("Top reasons", false));
                }
                let mut t = Table::new(&head);
                let n = shown(o.dropoff.len(), top);
                for d in &o.dropoff[..n] {
                    let mut row = vec![
                        self.touchpoint(&d.touchpoint),
                        cell(&count(d.customers)),
                        cell(&count(d.visitors)),
                        cell(&percent(d.rate)),
                    ];
                    if reasons {
                        row.push(cell(&crate::words::reasons(&d.reasons)));
                    }
                    t.row(row);
                }
                t.write(&mut self.out);
                more_note(&mut self.out, n, o.dropoff.len());
            }
        }

        if let Some(p) = &o.paths {
            let name = self.touchpoint_name(&p.touchpoint);
            let around = match p.anchor {
                PathAnchor::First => "their first visit",
                PathAnchor::Every => "every visit",
            };
            markup!(self.out; "<h3 id=\"paths\">Paths around ", name, "</h3>\n<p>Where most customers left: what led them to ",
                name, " and what they did next, ", plural(p.steps as u64, "event"), " each way around ", around, ".</p>\n");
            self.figure("paths", paths_chart(p, Some(self.j)));
        }

        if let Some(t) = &o.time {
            self.time_to_convert(t);
        }

        if let Some(a) = &o.attribution {
            self.out.push_lit("<h3 id=\"attribution\">Attribution</h3>\n");
            self.out.push_lit(
                "<p>Markov model of order 1: a touchpoint's removal effect is the share of converting customers lost \
                 when customers who reach it are lost; converting customers and value are shared in proportion.</p>\n",
            );
            let n = shown(a.rows.len(), top);
            let mut named = a.clone();
            named.rows.truncate(n);
            for r in &mut named.rows {
                r.touchpoint = self.touchpoint_name(&r.touchpoint);
            }
            self.figure("attribution", attribution_chart(&named, self.j.currency.as_deref()));
            let mut t = Table::new(&[
                ("Touchpoint", false),
                ("Removal effect", true),
                ("Converting customers", true),
                ("Value", true),
            ]);
            for r in &a.rows[..n] {
                t.row(vec![
                    self.touchpoint(&r.touchpoint),
                    cell(&r.removal_effect.map_or_else(|| "\u{2014}".to_owned(), percent)),
                    cell(&figure(r.conversions, 2)),
                    cell(&crate::words::outcome_value(r.value, self.j.currency.as_deref())),
                ]);
            }
            t.write(&mut self.out);
            more_note(&mut self.out, n, a.rows.len());
        }

        if let Some(a) = &o.shapley {
            self.shapley(a);
        }
        if let Some(cost) = &o.cost {
            self.cost(cost);
        }
        if let Some(c) = &o.cohorts {
            self.cohorts(c);
        }
        self.sessions(&o.sessions);
        if !o.switches.is_empty() {
            self.switches(&o.switches, o.customers);
        }

        let c = &o.conformance;
        self.out.push_lit("<h3 id=\"conformance\">Conformance</h3>\n");
        markup!(self.out; "<p>", percent(c.fitness), " of the observed moves follow the map's transitions (fitness); ",
            count(c.fully_conforming), " of ", plural(c.customers, "customer"), " followed it all the way; ",
            count(c.starts_outside_entries), " started somewhere other than an entry.</p>\n");
        if !c.unexpected.is_empty() {
            let mut t = Table::new(&[("Move the map does not have", false), ("Moves", true), ("Customers", true)])
                .caption("Unexpected moves");
            let n = shown(c.unexpected.len(), top);
            for p in &c.unexpected[..n] {
                t.row(vec![
                    arrow(self.touchpoint(&p.source), self.touchpoint(&p.target)),
                    cell(&count(p.count)),
                    cell(&count(p.customers)),
                ]);
            }
            t.write(&mut self.out);
            more_note(&mut self.out, n, c.unexpected.len());
        }
        if !c.untaken.is_empty() {
            let list = Markup::join(c.untaken.iter().map(|(a, b)| arrow(self.touchpoint(a), self.touchpoint(b))), "; ");
            markup!(self.out; "<p>Designed transitions nobody took: ", list, ".</p>\n");
        }
        if !c.unknown_touchpoints.is_empty() {
            let list = c.unknown_touchpoints.iter().map(|(touchpoint, n)| {
                let mut m = id(touchpoint);
                markup!(m; " (", count(*n), ")");
                m
            });
            markup!(self.out; "<p>Touchpoints the map does not know (events): ", Markup::join(list, ", "), ".</p>\n");
        }
        self.out.push_lit("</section>\n");
    }
}

/// What the report shows of an event log.
struct Observed {
    events: u64,
    customers: u64,
    conversions: Option<u64>,
    funnel: Funnel,
    dropoff: Vec<crate::analytics::DropOff>,
    attribution: Option<Attribution>,
    conformance: crate::analytics::Conformance,
    /// The paths around the touchpoint where most customers left (the first of `dropoff`).
    paths: Option<PathsAround>,
    /// How long customers took to convert (with an outcome column).
    time: Option<TimeToConvert>,
    /// Shapley attribution (with an outcome column).
    shapley: Option<Attribution>,
    /// Cost per converting customer and ROAS under the Markov model and Shapley, with the currency they are in
    /// (with spend).
    cost: Option<Cost>,
    /// Retention cohorts by month (with an outcome column).
    cohorts: Option<Cohorts>,
    sessions: Sessions,
    /// The switches of channel and of device, for the columns the log has.
    switches: Vec<Switches>,
}

/// What the report shows of the customers' sessions.
struct Sessions {
    /// Where they come from.
    from: SessionsFrom,
    customers: u64,
    sessions: u64,
    /// Sessions that converted (with an outcome column).
    conversions: Option<u64>,
    /// The moves per customer, most made first, each with the same move within a session.
    moves: Vec<(TransitionStats, Option<TransitionStats>)>,
}

impl Sessions {
    fn of(log: &EventLog, per_customer: &[TransitionStats]) -> Result<Self> {
        let (sessions, from) = log.report_sessions()?;
        let within = sessions.discover().transitions;
        let mut moves: Vec<(TransitionStats, Option<TransitionStats>)> = per_customer
            .iter()
            .map(|m| (m.clone(), within.iter().find(|w| w.source == m.source && w.target == m.target).cloned()))
            .collect();
        // Most made first; ties in the discovery's order.
        moves.sort_by_key(|m| std::cmp::Reverse(m.0.count));
        Ok(Sessions {
            from,
            customers: log.customer_count() as u64,
            sessions: sessions.customer_count() as u64,
            conversions: log.has_outcome().then(|| sessions.conversions() as u64),
            moves,
        })
    }
}

impl Observed {
    fn of(log: &EventLog, j: &Journey, spend: Option<&Spend>, paths_anchor: PathAnchor) -> Result<Self> {
        let has_outcome = log.has_outcome();
        let cost = spend.map(|s| s.costed(log, j.currency.as_deref())).transpose()?;
        let shapley = if has_outcome { Some(log.attribution(AttributionModel::Shapley, true)?) } else { None };
        let cohorts = if has_outcome { Some(log.cohorts(&CohortOptions::default())?) } else { None };
        let mut switches = Vec::new();
        for d in [Dimension::Channel, Dimension::Device] {
            if log.has_dimension(d) {
                switches.push(log.switches(d)?);
            }
        }
        let attribution =
            if has_outcome { Some(log.attribution(AttributionModel::Markov { order: 1 }, true)?) } else { None };
        let discovery = log.discover();
        let sessions = Sessions::of(log, &discovery.transitions)?;
        let dropoff = if has_outcome { discovery.dropoff } else { Vec::new() };
        let paths = match dropoff.first() {
            Some(d) => {
                let options = PathsOptions { anchor: paths_anchor, ..PathsOptions::default() };
                Some(log.paths_around(&d.touchpoint, &options)?)
            }
            None => None,
        };
        let time = if has_outcome { Some(log.time_to_convert(&TimeToConvertOptions::default())?) } else { None };
        Ok(Observed {
            events: log.len() as u64,
            customers: log.customer_count() as u64,
            conversions: has_outcome.then(|| log.conversions() as u64),
            funnel: log.stage_funnel(j),
            dropoff,
            attribution,
            conformance: log.conformance(j),
            paths,
            time,
            shapley,
            cost,
            cohorts,
            sessions,
            switches,
        })
    }
}

impl Journey {
    /// The map as one self-contained HTML report: a summary, the SVG poster (drawn with `options.svg`), what customers
    /// expect and say (each touchpoint's expectations and the customer quotes in its evidence and its pain points' and
    /// delights' evidence, by stage; left out when the map has none), the scores with their breakdowns (the journey's
    /// components, each stage with its weakest touchpoint, each touchpoint's components, weights, missing inputs and
    /// confidence), the gaps by severity, and the backlog (the first `options.top` items, quick wins marked). With an
    /// event log it adds what customers did, and (when the log has an outcome column) each backlog line's estimated
    /// effect ([`Journey::prioritize_with_log`]): the stage funnel (chart and table, with the median time from
    /// the stage before), drop-off with the paths around the touchpoint where most customers left (a Sankey
    /// diagram, around each customer's first visit or every visit by `options.paths_anchor`), the time to convert (the Kaplan–Meier chart and the percentiles), attribution by the Markov
    /// model of order 1 (chart and table) and by Shapley, with `options.spend` the cost per converting
    /// customer and the return on ad spend of each touchpoint under both (in the map's currency),
    /// retention cohorts by month with the repeat-purchase rate, the customers' sessions (from the log's
    /// session column, or cut by 30 minutes without an event) with the most common moves per customer and
    /// within a session, the switches of channel and of device (for the columns the log has) and
    /// conformance to the map.
    ///
    /// With a log, every part of the page uses it: the log's discovery is applied to a copy of the map (see
    /// [`Journey::apply`]; applying it again to a map it was applied to changes nothing), so the poster's
    /// flow, the scores, the gaps and the backlog show the log's figures, as the observed sections do.
    /// Without one the map is shown as it is. With `options.svg.persona` the poster and the scores are
    /// that persona's. The page has inline CSS and inline SVG only: no scripts, fonts, images or links to
    /// other files. Every text from the map or the log is escaped; the output is well-formed XML and
    /// deterministic. Costs O(size of the map + events in the log), plus solving the Markov chain once per
    /// touchpoint.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when `options.svg.persona` names a persona the map does not have;
    /// [`crate::Error::Argument`] for a scoring model with a value out of its domain, for `options.spend`
    /// without an event log with an outcome column (named `spend`), or with a currency that is not one or
    /// is not the map's (named `spend.currency`), or an amount that is not one (as [`EventLog::cost`]);
    /// [`crate::Error::NotFound`] for spend on a touchpoint the log does not have; as
    /// [`EventLog::sessions`] for a session column with an event without a session.
    pub fn to_html(&self, options: &HtmlOptions, log: Option<&EventLog>) -> Result<String> {
        self.report(options, log).map(|(page, _)| page.into_string())
    }

    /// The report's page and its pictures in order (see [`Journey::to_html`]).
    pub(super) fn report(&self, options: &HtmlOptions, log: Option<&EventLog>) -> Result<(Markup, Vec<Figure>)> {
        options.model.check()?;
        match log {
            Some(l) => {
                let mut applied = self.clone();
                applied.apply(&l.discover());
                applied.html_page(options, Some(l))
            }
            None => self.html_page(options, None),
        }
    }

    /// A light card for a notebook: one line (the map's name, its size, the journey score) and the poster
    /// inline (see [`inline_svg`]). `full_report` is how the caller asks for the full report (Python's
    /// `to_html()`); the line points to it. Text from the map is escaped.
    ///
    /// ```
    /// let j = journey_core::Journey::load("../tests/fixtures/valid/minimal.json")?;
    /// let card = j.to_card_html("to_html()")?;
    /// assert!(card.contains("<svg") && !card.contains("<?xml") && card.contains("to_html()"));
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Journey::to_svg`] with the default options (none for a valid map).
    pub fn to_card_html(&self, full_report: &str) -> Result<String> {
        let svg = self.poster(&SvgOptions::default())?;
        let score = self
            .score(&ScoringModel::default())
            .map(|s| format!("; journey score {} of 100", crate::words::number(s.score.value, 0)))
            .unwrap_or_default();
        let mut m = Markup::with_capacity(svg.len() + 512);
        markup!(m; "<div class=\"journey-map\">\n<p><strong>", self.name, "</strong>: ",
            plural(self.stages().len() as u64, "stage"), ", ", plural(self.touchpoint_count() as u64, "touchpoint"),
            ", ", plural(self.transition_count() as u64, "transition"), score, ". The full report is <code>",
            full_report, "</code>.</p>\n<div style=\"overflow-x: auto\">\n", svg.inline_svg(), "</div>\n</div>\n");
        Ok(m.into_string())
    }

    fn html_page(&self, options: &HtmlOptions, log: Option<&EventLog>) -> Result<(Markup, Vec<Figure>)> {
        let model = &options.model;
        let scores = match options.svg.persona.as_deref() {
            Some(p) => self.score_persona(model, p)?,
            None => self.score(model)?,
        };
        let poster = self.poster(&options.svg)?;
        let gaps = self.gaps(model, options.as_of)?;
        let backlog = match log.filter(|l| l.has_outcome()) {
            Some(l) => self.prioritize_with_log(model, options.as_of, l)?,
            None => self.prioritize(model, options.as_of)?,
        };
        let observed = log.map(|l| Observed::of(l, self, options.spend.as_ref(), options.paths_anchor)).transpose()?;
        if observed.is_none() && options.spend.is_some() {
            return Err(Spend::needs_outcome());
        }

        let out = Markup::with_capacity(poster.len() + 64 * 1024);
        let mut r = Report { j: self, options, out, figures: Vec::new() };
        let voice = r.voice();
        r.head(observed.is_some(), !voice.is_empty());
        r.summary(&scores, &gaps, &backlog, observed.as_ref());
        r.map(poster);
        r.out.push(&voice);
        r.scores(&scores);
        r.gaps(&gaps);
        r.backlog(&backlog);
        if let Some(o) = &observed {
            r.observed(o);
        }
        markup!(r.out; "<footer>Made with journey from the map ", id(&self.id),
            ".</footer>\n</main>\n</body>\n</html>\n");
        Ok((r.out, r.figures))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_svg_drops_the_declarations() {
        let svg =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\"/>\n";
        assert_eq!(inline_svg(svg), "<svg width=\"1\"/>\n");
        assert_eq!(inline_svg("<svg/>"), "<svg/>");
    }

    #[test]
    fn options_default_from_nothing() {
        let o: HtmlOptions = serde_json::from_str("{}").unwrap_or_default();
        assert_eq!(o, HtmlOptions::default());
        assert_eq!(o.top, 20);
        let o: HtmlOptions = serde_json::from_str(r#"{"as_of": "2026-03-01", "top": 5}"#).unwrap_or_default();
        assert_eq!(o.as_of, NaiveDate::from_ymd_opt(2026, 3, 1));
        assert!(serde_json::from_str::<HtmlOptions>(r#"{"colour": 1}"#).is_err());
    }
}
