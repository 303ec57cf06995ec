//! The HTML report and the charts: content, escaping, self-containment, well-formedness and a snapshot.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use chrono::NaiveDate;
use journey_core::analytics::{AttributionModel, EventColumns, EventLog, PathsOptions, TimeToConvertOptions};
use journey_core::render::{
    HtmlOptions, SvgOptions, attribution_svg, funnel_svg, inline_svg, paths_sankey_svg, text_width, time_to_convert_svg,
};
use journey_core::{Channel, Error, Evidence, EvidenceKind, EvidenceSource, Journey, Moment, ScoringModel, Touchpoint};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example() -> Journey {
    Journey::load(root().join("examples/data/electronics-retailer.json")).unwrap()
}

fn example_log() -> EventLog {
    let columns = EventColumns {
        outcome: Some("order_value".into()),
        segment: Some("segment".into()),
        ..EventColumns::default()
    };
    EventLog::load_csv(root().join("examples/data/electronics-events.csv"), &columns).unwrap()
}

fn options() -> HtmlOptions {
    HtmlOptions { as_of: NaiveDate::from_ymd_opt(2026, 12, 1), ..HtmlOptions::default() }
}

/// Writes a report to `$JOURNEY_POSTER_DIR/<name>.html` when that is set, to look at it.
fn keep(name: &str, html: &str) {
    if let Ok(dir) = std::env::var("JOURNEY_POSTER_DIR") {
        std::fs::write(PathBuf::from(dir).join(format!("{name}.html")), html).unwrap();
    }
}

/// Parses the report as XML (it is written to be well-formed) and returns all its text.
fn parse_text(html: &str) -> String {
    let doc = roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() },
    )
    .unwrap_or_else(|e| panic!("the report is not well-formed: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "html");
    assert!(doc.descendants().all(|n| !n.has_tag_name("script")), "a script element");
    doc.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect::<Vec<_>>().join(" ")
}

/// Checks that the page names nothing outside itself.
fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    for bad in ["http:", "https:", "http", "src=", "url(", "@import", "<script", "<link", "<img", "<iframe"] {
        assert!(!lower.contains(bad), "the report contains {bad:?}");
    }
    for (i, _) in lower.match_indices("href=") {
        let after = &lower[i + 5..];
        assert!(after.starts_with("\"#"), "a link to another file: {}", &html[i..(i + 60).min(html.len())]);
    }
}

#[test]
fn report_of_the_example_without_a_log() {
    let j = example();
    let html = j.to_html(&options(), None).unwrap();
    keep("electronics-retailer", &html);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.ends_with("</html>\n"));
    assert_self_contained(&html);
    let text = parse_text(&html);
    // The poster, inline.
    assert!(html.contains("<div class=\"figure poster\">\n<svg version=\"1.1\""));
    assert!(html.contains("<title>Voltaro: buying a laptop</title>"));
    // Every stage and touchpoint.
    for s in j.stages() {
        assert!(text.contains(&s.name), "stage {}", s.name);
    }
    for t in j.touchpoints() {
        assert!(text.contains(&t.name), "touchpoint {}", t.name);
    }
    // Every gap kind present, and the backlog with its quick wins.
    let model = ScoringModel::default();
    let gaps = j.gaps(&model, options().as_of).unwrap();
    assert!(!gaps.is_empty());
    for g in &gaps {
        assert!(text.contains(g.kind.as_str()), "gap kind {}", g.kind);
    }
    let backlog = j.prioritize(&model, options().as_of).unwrap();
    assert!(html.contains("<section id=\"backlog\">"));
    for b in backlog.iter().take(20) {
        assert!(text.contains(&b.title), "backlog item {}", b.title);
    }
    let quick = backlog.iter().take(20).filter(|b| b.quick_win).count();
    assert_eq!(html.matches("<tr class=\"quick-win\">").count(), quick);
    // Scores with their breakdowns.
    assert!(html.contains("<section id=\"scores\">") && text.contains("What the journey score is made of"));
    assert_eq!(html.matches("<div class=\"card\">").count(), j.touchpoint_count());
    // No log: no observed section.
    assert!(!html.contains("id=\"observed\"") && !html.contains("<title>Funnel</title>"));
}

#[test]
fn report_of_the_example_with_its_log() {
    let j = example();
    let log = example_log();
    let html = j.to_html(&options(), Some(&log)).unwrap();
    keep("electronics-retailer-observed", &html);
    assert_self_contained(&html);
    let text = parse_text(&html);
    assert!(html.contains("<section id=\"observed\">"));
    assert!(html.contains("<h3 id=\"funnel\">Stage funnel</h3>") && html.contains("<title>Funnel</title>"));
    assert!(html.contains("<h3 id=\"dropoff\">Drop-off</h3>"));
    assert!(
        html.contains("<h3 id=\"attribution\">Attribution</h3>")
            && html.contains("<title>Attribution (markov)</title>")
    );
    assert!(html.contains("<h3 id=\"conformance\">Conformance</h3>"));
    // The funnel counts and the most credited touchpoint are there.
    let funnel = log.stage_funnel(&j);
    for s in &funnel.steps {
        let customers = s.customers.to_string();
        let shown = if customers.len() > 3 {
            format!("{},{}", &customers[..customers.len() - 3], &customers[customers.len() - 3..])
        } else {
            customers
        };
        assert!(text.contains(&shown), "funnel {} {shown}", s.step);
    }
    let attribution = log.attribution(AttributionModel::Markov { order: 1 }, true).unwrap();
    let first = j.touchpoint(&attribution.rows[0].touchpoint).unwrap();
    assert!(text.contains(&first.name));
    assert!(html.matches("<svg ").count() >= 3, "poster, funnel and attribution");
}

/// The part of the report from the heading with `id` to the next heading of that level or the section's end.
fn part<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("<h3 id=\"{id}\">")).unwrap_or_else(|| panic!("no part {id}"));
    let rest = &html[start + 1..];
    let end = [rest.find("<h3 "), rest.find("</section>")].into_iter().flatten().min().unwrap();
    &html[start..start + 1 + end]
}

/// The example map, its log and the report of both.
fn example_report() -> (Journey, EventLog, String) {
    let (j, log) = (example(), example_log());
    let html = j.to_html(&options(), Some(&log)).unwrap();
    (j, log, html)
}

#[test]
fn the_time_to_convert_has_the_kaplan_meier_chart_and_the_cores_figures() {
    let (_, log, html) = example_report();
    let time = part(&html, "time");
    let t = log.time_to_convert(&TimeToConvertOptions::default()).unwrap();
    assert!(t.converted > 0 && t.censored > 0);
    // The core's chart, inline.
    assert!(time.contains(&inline_svg(&time_to_convert_svg(&t))), "{time}");
    let text = parse_text(&format!("<html>{time}</html>"));
    let seconds = |s: Option<f64>| journey_core::words::duration_ms(s.unwrap() * 1000.0);
    let names = ["Shortest", "25th percentile", "Median", "75th percentile", "90th percentile", "Longest"];
    let values = [t.min_seconds, t.p25_seconds, t.median_seconds, t.p75_seconds, t.p90_seconds, t.max_seconds];
    for (name, value) in names.into_iter().zip(values) {
        let row = format!("<tr><td>{name}</td><td class=\"num\">{}</td></tr>", seconds(value));
        assert!(time.contains(&row), "{row} in {time}");
    }
    let counts = format!(
        "{} of {} converted; {} had not",
        journey_core::words::count(t.converted),
        journey_core::words::plural(t.customers, "customer"),
        journey_core::words::count(t.censored)
    );
    assert!(text.contains(&counts), "{counts:?} in {text}");
    let km = match t.km_median_seconds {
        Some(m) => format!("Kaplan\u{2013}Meier median time to convert is {}", seconds(Some(m))),
        None => "Kaplan\u{2013}Meier median is not reached".to_owned(),
    };
    assert!(text.contains(&km), "{km:?} in {text}");
}

#[test]
fn the_funnel_table_gives_the_median_time_from_the_stage_before() {
    let (j, log, html) = example_report();
    let funnel = part(&html, "funnel");
    assert!(funnel.contains("<th scope=\"col\" class=\"num\">Median time from the stage before</th>"));
    let steps = log.stage_funnel(&j).steps;
    let rows: Vec<&str> = funnel.split("<tr>").skip(2).map(|r| r.split_once("</tr>").unwrap().0).collect();
    assert_eq!(rows.len(), steps.len());
    for (row, s) in rows.iter().zip(&steps) {
        let time =
            s.median_seconds.map_or_else(|| "\u{2014}".to_owned(), |m| journey_core::words::duration_ms(m * 1000.0));
        assert!(row.ends_with(&format!("<td class=\"num\">{time}</td>")), "{row}");
    }
    assert!(steps.iter().filter(|s| s.median_seconds.is_some()).count() >= 3);
}

#[test]
fn a_log_without_outcomes_has_no_attribution() {
    let j = example();
    let columns = EventColumns::default();
    let log = EventLog::load_csv(root().join("examples/data/electronics-events.csv"), &columns).unwrap();
    let html = j.to_html(&options(), Some(&log)).unwrap();
    parse_text(&html);
    assert!(html.contains("id=\"funnel\"") && html.contains("id=\"conformance\""));
    assert!(!html.contains("id=\"attribution\"") && !html.contains("id=\"dropoff\""));
    // Nor a time to convert: it needs the conversions.
    assert!(!html.contains("id=\"time\"") && !html.contains("<title>Time to convert</title>"));
    assert!(html.contains("no outcome column"));
}

fn hostile() -> Journey {
    let name = "<script>alert(1)</script> & \"x\"";
    Journey::with_standard_stages("evil", "Map <b>bold</b> & 'quoted'")
        .touchpoint(Touchpoint::new("ad", name, "awareness", Channel::Social).with_emotion(-1.0))
        .touchpoint(Touchpoint::new("order", "Order </svg></div>", "purchase", Channel::Other("<kiosk>".into())))
        .transition("ad", "order")
        .build()
        .unwrap()
}

#[test]
fn text_from_the_map_is_escaped() {
    let j = hostile();
    let html = j.to_html(&HtmlOptions::default(), None).unwrap();
    assert!(!html.contains("<script>") && !html.contains("<b>bold"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
    assert_self_contained(&html);
    let text = parse_text(&html);
    assert!(text.contains("<script>alert(1)</script> & \"x\""));
    assert!(text.contains("Map <b>bold</b> & 'quoted'"));
    assert!(text.contains("Order </svg></div>"));
}

/// What every piece of user text ends in, in [`every_field_hostile`]: markup, an entity, both quotes, and
/// control characters (which XML 1.0 does not allow; a tab and a line break become spaces).
const HOSTILE: &str = " <script>alert(\"x\")</script> &amp; 'q' \u{1}\u{7}\u{1b}[31m\t\n</svg>";

/// Text without whitespace and control characters: what is left of it however it is wrapped into lines.
fn bare(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect()
}

/// The example map with [`HOSTILE`] after every piece of text a user writes: names, ids (and every reference
/// to them, so the map stays valid), descriptions, actions, thoughts, expectations, evidence, quotes,
/// KPIs and their units, backstage owners, persona details, and a channel of its own. Only fields that
/// name a variant or a date are left as they are.
fn every_field_hostile() -> Journey {
    const KEEP: [&str; 11] = [
        "kind",
        "reviewed_on",
        "currency",
        "channel",
        "preferred_channels",
        "device",
        "source",
        "date",
        "lane",
        "role",
        "segment",
    ];
    fn walk(v: &mut serde_json::Value, key: Option<&str>) {
        match v {
            serde_json::Value::String(s) if !key.is_some_and(|k| KEEP.contains(&k)) => s.push_str(HOSTILE),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|i| walk(i, key)),
            serde_json::Value::Object(map) => {
                // Maps keyed by an id (per persona, a persona's goals per stage) get the suffix on their keys.
                let by_persona = key.is_some_and(|k| k.starts_with("persona_") || k == "goals");
                let entries: Vec<(String, serde_json::Value)> = std::mem::take(map).into_iter().collect();
                for (k, mut value) in entries {
                    walk(&mut value, Some(&k));
                    map.insert(if by_persona { format!("{k}{HOSTILE}") } else { k }, value);
                }
            }
            _ => {}
        }
    }
    let text = std::fs::read_to_string(root().join("examples/data/electronics-retailer.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    walk(&mut doc, None);
    doc["touchpoints"][0]["channel"] = serde_json::Value::String(format!("other:kiosk{HOSTILE}"));
    Journey::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("the hostile map does not load: {e}"))
}

/// An event log of the hostile map, with hostile customer ids, reasons and a touchpoint the map does not
/// know.
fn hostile_log(j: &Journey) -> EventLog {
    use std::fmt::Write as _;
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let ids: Vec<String> = j.touchpoints().iter().map(|t| t.id.clone()).collect();
    let reason = quote(&format!("why{HOSTILE}"));
    let mut csv = String::from("customer_id,timestamp,touchpoint,converted,reason\n");
    // A third of the customers convert at the last touchpoint, a third leave at a touchpoint the map does not
    // know, a third leave along the way with a reason.
    for c in 0..12 {
        let customer = quote(&format!("c{c}{HOSTILE}"));
        for (day, t) in ids.iter().enumerate().skip(c % 3).step_by(2 + c % 2) {
            let _ = writeln!(csv, "{customer},2026-03-{:02}T10:00:00,{},0,{reason}", day + 1, quote(t));
        }
        let (end, converted) = match c % 3 {
            0 => (ids.last().unwrap().clone(), 1),
            1 => (format!("unknown{HOSTILE}"), 0),
            _ => (ids[c % ids.len()].clone(), 0),
        };
        let _ = writeln!(csv, "{customer},2026-03-28T10:00:00,{},{converted},{reason}", quote(&end));
    }
    let columns =
        EventColumns { outcome: Some("converted".into()), reason: Some("reason".into()), ..EventColumns::default() };
    EventLog::from_csv_str(&csv, &columns).unwrap_or_else(|e| panic!("the hostile log does not load: {e}"))
}

/// Checks that a document holds none of the hostile text unescaped: no element, entity, quote or control
/// character of it.
fn assert_escaped(doc: &str, what: &str) {
    for raw in ["<script", "alert(\"x\")", "&amp; 'q'", "'q'", "[31m  </svg>"] {
        assert!(!doc.contains(raw), "{what}: {raw:?} unescaped");
    }
    assert!(!doc.chars().any(|c| c.is_control() && c != '\n'), "{what}: a control character");
    assert!(doc.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;amp; &#39;q&#39;"), "{what}");
}

/// Parses an SVG document and returns its text, checking it has no script.
fn svg_text(svg: &str, what: &str) -> String {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{what} is not well-formed: {e}"));
    assert!(doc.descendants().all(|n| !n.has_tag_name("script")), "{what}: a script element");
    doc.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect()
}

#[test]
fn every_field_of_a_hostile_map_is_escaped_in_every_output() {
    let j = every_field_hostile();
    let log = hostile_log(&j);
    let names = [&j.name, &j.stages()[0].name, &j.touchpoints()[0].name, &j.touchpoints()[1].name];
    // The poster: every persona, each persona alone, with the log's observed flow.
    let mut applied = j.clone();
    applied.apply(&log.discover());
    let posters = [
        ("poster", j.to_svg(&SvgOptions::default()).unwrap()),
        ("poster with flow", applied.to_svg(&SvgOptions::default()).unwrap()),
    ];
    for (what, svg) in &posters {
        assert_escaped(svg, what);
        let text = bare(&svg_text(svg, what));
        for name in names {
            assert!(text.contains(&bare(name)), "{what}: {name:?} is not in the text");
        }
    }
    for p in j.personas() {
        let options = SvgOptions { persona: Some(p.id.clone()), ..SvgOptions::default() };
        let svg = j.to_svg(&options).unwrap();
        assert_escaped(&svg, "persona poster");
        let text = bare(&svg_text(&svg, "persona poster"));
        assert!(text.contains(&bare(&p.name)) && text.contains(&bare(&j.name)), "{:?}", p.name);
    }
    // The report, without and with the log, and the notebook card.
    let reports = [
        ("report", j.to_html(&options(), None).unwrap()),
        ("report with a log", j.to_html(&options(), Some(&log)).unwrap()),
        ("card", j.to_card_html(&format!("to_html(){HOSTILE}")).unwrap()),
    ];
    for (what, html) in &reports {
        assert_escaped(html, what);
    }
    for (what, html) in &reports[..2] {
        assert_self_contained(html);
        let text = bare(&parse_text(html));
        for name in names.iter().chain([&&j.personas()[0].name]) {
            assert!(text.contains(&bare(name)), "{what}: {name:?} is not in the text");
        }
    }
    // The observed sections show the log's own text escaped: customers' reasons and an unknown touchpoint.
    let with_log = &reports[1].1;
    assert!(with_log.contains("unknown &lt;script&gt;"), "the unknown touchpoint");
    assert!(with_log.contains("why &lt;script&gt;"), "the reasons");
    // The charts, drawn with the hostile ids.
    let ids: Vec<&str> = j.touchpoints().iter().take(3).map(|t| t.id.as_str()).collect();
    let funnel = funnel_svg(&log.funnel(&ids).unwrap());
    assert_escaped(&funnel, "funnel");
    svg_text(&funnel, "funnel");
    let attribution = attribution_svg(&log.attribution(AttributionModel::Markov { order: 1 }, true).unwrap(), None);
    assert_escaped(&attribution, "attribution");
    svg_text(&attribution, "attribution");
    // The paths around a touchpoint, by the map's names and by the log's ids (the unknown one included).
    let paths = log.paths_around(ids[1], &PathsOptions { steps: 10, top: 0, ..PathsOptions::default() }).unwrap();
    assert!(paths.nodes.iter().any(|n| n.touchpoint.as_deref().is_some_and(|t| t.starts_with("unknown"))));
    for (what, svg) in
        [("paths by name", paths_sankey_svg(&paths, Some(&j))), ("paths by id", paths_sankey_svg(&paths, None))]
    {
        assert_escaped(&svg, what);
        let text = bare(&svg_text(&svg, what));
        assert!(text.contains(&bare(&format!("unknown{HOSTILE}"))), "{what}: the unknown touchpoint");
        let anchor = if what == "paths by name" { &j.touchpoints()[1].name } else { &j.touchpoints()[1].id };
        assert!(text.contains(&bare(anchor)), "{what}: {anchor:?}");
    }
}

#[test]
fn output_is_deterministic() {
    let j = example();
    let log = example_log();
    assert_eq!(j.to_html(&options(), Some(&log)).unwrap(), j.to_html(&options(), Some(&log)).unwrap());
}

#[test]
fn options_and_errors() {
    let j = example();
    let bad = HtmlOptions {
        svg: SvgOptions { persona: Some("nobody".into()), ..SvgOptions::default() },
        ..HtmlOptions::default()
    };
    assert!(matches!(j.to_html(&bad, None), Err(Error::NotFound { what: "persona", .. })));
    let model = ScoringModel { default_share: 2.0, ..ScoringModel::default() };
    let bad = HtmlOptions { model, ..HtmlOptions::default() };
    assert_eq!(j.to_html(&bad, None).unwrap_err().kind(), "argument");
    // A persona's report.
    let persona = j.personas()[0].clone();
    let mine =
        HtmlOptions { svg: SvgOptions { persona: Some(persona.id.clone()), ..SvgOptions::default() }, ..options() };
    let html = j.to_html(&mine, None).unwrap();
    assert!(html.contains(&format!("for the persona {}", persona.name)));
    // `top` limits the backlog; 0 shows it all.
    let all = j.prioritize(&ScoringModel::default(), options().as_of).unwrap().len();
    let few = j.to_html(&HtmlOptions { top: 3, ..options() }, None).unwrap();
    assert!(few.contains(&format!("Showing the first 3 of {all}.")));
    let every = j.to_html(&HtmlOptions { top: 0, ..options() }, None).unwrap();
    assert!(!every.contains("Showing the first"));
    // Options come from JSON with defaults.
    let o: HtmlOptions = serde_json::from_str(r#"{"as_of": "2026-12-01", "svg": {"size": "a4_landscape"}}"#).unwrap();
    assert_eq!(o.top, 20);
    assert_eq!(o.as_of, options().as_of);
    assert!(serde_json::from_str::<HtmlOptions>(r#"{"as_of": "1st of May"}"#).is_err());
}

/// The section on what customers expect and say, as HTML.
fn voice_section(html: &str) -> &str {
    let start = html.find("<section id=\"voice\">").expect("a section on expectations and quotes");
    &html[start..start + html[start..].find("</section>").unwrap()]
}

#[test]
fn expectations_and_quotes_of_the_example() {
    let j = example();
    let html = j.to_html(&options(), None).unwrap();
    parse_text(&html);
    assert!(html.contains("<li><a href=\"#voice\">What customers expect and say</a></li>"));
    let voice = voice_section(&html);
    // Every expectation and every quote of the map, by stage.
    for t in j.touchpoints() {
        for e in &t.expectations {
            assert!(voice.contains(&format!("<li>{e}</li>")), "expectation {e:?} of {}", t.id);
        }
        let quotes = t.evidence.iter().chain(t.pain_points.iter().chain(&t.delights).flat_map(|m| &m.evidence));
        for q in quotes.filter_map(|e| e.quote.as_deref()) {
            let q = q.replace('\'', "&#39;");
            assert!(voice.contains(&format!("<p>\u{201c}{q}\u{201d}</p>")), "quote {q:?} of {}", t.id);
        }
    }
    assert!(voice.contains("<li>Stock per store</li>"));
    assert!(voice.contains(
        "<p>\u{201c}So can I get it in Utrecht today or not?\u{201d}</p><p class=\"source\">\u{2014} usability test, \
         qualitative, 8 customers, 2026-02-12</p>"
    ));
    // A quote on a pain point's evidence says which one it backs.
    assert!(voice.contains(
        "<blockquote class=\"quote pain\"><p>\u{201c}The same laptop was forty euros cheaper on the website. \
         Why?\u{201d}</p><p class=\"source\">\u{2014} interview, qualitative, 12 customers, 2025-11-18; backs the \
         pain point \u{201c}Catalogue prices differ from the website\u{201d}</p></blockquote>"
    ));
    for s in j.stages() {
        assert!(voice.contains(&format!("<h3>{} <span class=\"id\">{}</span></h3>", s.name, s.id)), "{}", s.id);
    }
    // A persona's report speaks of that persona's touchpoints only.
    let ria =
        HtmlOptions { svg: SvgOptions { persona: Some("traditional".into()), ..SvgOptions::default() }, ..options() };
    let html = j.to_html(&ria, None).unwrap();
    let voice = voice_section(&html);
    assert!(voice.contains("Window prices match the website"));
    assert!(!voice.contains("The deal is still on when I tap through"), "the social ad is not Ria's");
}

fn said(source: EvidenceSource, quote: &str) -> Evidence {
    Evidence { quote: Some(quote.into()), ..Evidence::new(EvidenceKind::Qualitative, source, "notes") }
}

#[test]
fn expectations_and_quotes_are_escaped_and_cut_at_top() {
    let mut t = Touchpoint::new("t", "Checkout", "purchase", Channel::Web);
    t.expectations = (1..=5).map(|i| format!("<b>Bold</b> & quick {i}")).collect();
    let mut pain = Moment::new("Slow <i>form</i> & more", 4);
    pain.evidence = (1..=3).map(|i| said(EvidenceSource::Interview, &format!("I said <b>no</b> & left {i}"))).collect();
    t.pain_points.push(pain);
    t.evidence.push(said(EvidenceSource::Review, "Fine & <em>fast</em>"));
    let j = Journey::with_standard_stages("m", "M").touchpoint(t).build().unwrap();
    let html = j.to_html(&HtmlOptions { top: 2, ..HtmlOptions::default() }, None).unwrap();
    let text = parse_text(&html);
    assert!(text.contains("<b>Bold</b> & quick 1") && text.contains("\u{201c}I said <b>no</b> & left 1\u{201d}"));
    let voice = voice_section(&html);
    assert!(!voice.contains("<b>") && !voice.contains("<em>") && !voice.contains("<i>"));
    assert!(voice.contains("<li>&lt;b&gt;Bold&lt;/b&gt; &amp; quick 2</li>"));
    assert!(!voice.contains("quick 3"));
    assert!(voice.contains("\u{201c}I said &lt;b&gt;no&lt;/b&gt; &amp; left 2\u{201d}"));
    assert!(voice.contains("backs the pain point \u{201c}Slow &lt;i&gt;form&lt;/i&gt; &amp; more\u{201d}"));
    // Two of five expectations and two of four quotes (the pain point's first), and how many there are.
    assert!(voice.contains("Showing the first 2 of 5.") && voice.contains("Showing the first 2 of 4."));
    assert!(!voice.contains("left 3") && !voice.contains("fast"));
    let all = j.to_html(&HtmlOptions { top: 0, ..HtmlOptions::default() }, None).unwrap();
    let voice = voice_section(&all);
    assert!(voice.contains("quick 5") && voice.contains("Fine &amp; &lt;em&gt;fast&lt;/em&gt;"));
    assert!(!voice.contains("Showing the first"));
}

#[test]
fn a_map_without_expectations_or_quotes_has_no_such_section() {
    let mut t = Touchpoint::new("t", "Checkout", "purchase", Channel::Web);
    t.expectations = vec!["  ".into()];
    t.evidence.push(Evidence::new(EvidenceKind::Quantitative, EvidenceSource::Analytics, "38% leave"));
    let j = Journey::with_standard_stages("m", "M").touchpoint(t).build().unwrap();
    let html = j.to_html(&HtmlOptions::default(), None).unwrap();
    parse_text(&html);
    assert!(!html.contains("id=\"voice\"") && !html.contains("href=\"#voice\""));
    assert!(!html.contains("What customers expect and say"));
    assert!(!hostile().to_html(&HtmlOptions::default(), None).unwrap().contains("id=\"voice\""));
}

/// Every text line of a chart lies inside the chart's width and height (estimated as the poster does).
fn assert_chart(svg: &str, title: &str) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    assert_eq!(root.attribute("version"), Some("1.1"));
    let title_node = root.children().find(|c| c.has_tag_name("title")).expect("a title");
    assert_eq!(title_node.text(), Some(title));
    assert!(root.children().any(|c| c.has_tag_name("desc")));
    let w: f64 = root.attribute("width").unwrap().parse().unwrap();
    let h: f64 = root.attribute("height").unwrap().parse().unwrap();
    for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let size: f64 = t.attribute("font-size").unwrap().parse().unwrap();
        let x: f64 = t.attribute("x").unwrap().parse().unwrap();
        let y: f64 = t.attribute("y").unwrap().parse().unwrap();
        let right = x + text_width(t.text().unwrap_or(""), size, t.attribute("font-weight") == Some("bold"));
        assert!(x >= 0.0 && right <= w && y <= h && y - size >= 0.0, "{:?} outside {w}x{h}", t.text());
    }
}

#[test]
fn charts_of_the_example_log() {
    let j = example();
    let log = example_log();
    let funnel = log.stage_funnel(&j);
    let svg = funnel_svg(&funnel);
    assert_chart(&svg, "Funnel");
    for s in &funnel.steps {
        assert!(svg.contains(&format!(">{}</text>", s.step)), "step {}", s.step);
    }
    let steps: Vec<&str> = vec!["social_ad", "product_page", "cart", "payment"];
    assert_chart(&funnel_svg(&log.funnel(&steps).unwrap()), "Funnel");

    let markov = log.attribution(AttributionModel::Markov { order: 1 }, true).unwrap();
    let svg = attribution_svg(&markov, None);
    assert_chart(&svg, "Attribution (markov)");
    assert_eq!(svg.matches(">removal effect ").count(), markov.rows.len() + 1, "a line per row and the legend");
    let linear = log.attribution(AttributionModel::Linear, true).unwrap();
    let svg = attribution_svg(&linear, None);
    assert_chart(&svg, "Attribution (linear)");
    assert!(!svg.contains("removal effect"));
    assert_eq!(svg, attribution_svg(&linear, None));
}

#[test]
fn paths_around_a_touchpoint_as_a_sankey() {
    let j = example();
    let log = example_log();
    let paths = log.paths_around("cart", &PathsOptions::default()).unwrap();
    let svg = paths_sankey_svg(&paths, Some(&j));
    let name = &j.touchpoint("cart").unwrap().name;
    assert_chart(&svg, &format!("Paths around {name}"));
    // A node per place, a band per flow, the names of the map's touchpoints and the ends in words.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let group = |class: &str| doc.descendants().find(|n| n.attribute("class") == Some(class)).unwrap();
    assert_eq!(group("nodes").children().filter(|n| n.has_tag_name("rect")).count(), paths.nodes.len());
    assert_eq!(group("flows").children().filter(|n| n.has_tag_name("path")).count(), paths.flows.len());
    let text: String = doc.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
    for n in paths.nodes.iter().filter_map(|n| n.touchpoint.as_deref()) {
        let shown = j.touchpoint(n).map_or(n, |t| t.name.as_str());
        assert!(bare(&text).contains(&bare(shown)), "{shown}");
    }
    assert!(svg.contains(">left without converting</text>") && svg.contains(">3 before</text>"));
    assert_eq!(svg, paths_sankey_svg(&paths, Some(&j)));
    // By ids without a map.
    let ids = paths_sankey_svg(&paths, None);
    assert_chart(&ids, "Paths around cart");
    insta::assert_snapshot!("paths_around_cart", svg);
}

#[test]
fn charts_wrap_long_names_and_escape() {
    let long = "A touchpoint with a very long name that has to wrap onto several lines <&> in the label column";
    let csv = format!(
        "customer_id,timestamp,touchpoint,converted\na,2026-03-01,\"{long}\",0\na,2026-03-02,buy,1\nb,2026-03-01,\"{long}\",0\n"
    );
    let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
    let log = EventLog::from_csv_str(&csv, &columns).unwrap();
    let svg = funnel_svg(&log.funnel([long, "buy"]).unwrap());
    assert_chart(&svg, "Funnel");
    assert!(svg.contains("&lt;&amp;&gt;"));
    let svg = attribution_svg(&log.attribution(AttributionModel::Markov { order: 1 }, true).unwrap(), None);
    assert_chart(&svg, "Attribution (markov)");
}

/// The report with the poster and the time to convert chart left out (they have tests of their own).
fn without_poster(html: &str) -> String {
    let mut html = html.to_owned();
    for (class, name) in [("poster", "[poster]"), ("time", "[time to convert chart]")] {
        let open = format!("<div class=\"figure {class}\">");
        let start = html.find(&open).unwrap();
        let end = start + html[start..].find("</svg>\n</div>").unwrap() + "</svg>\n</div>".len();
        html = format!("{}{open}{name}</div>{}", &html[..start], &html[end..]);
    }
    html
}

#[test]
fn report_snapshot() {
    let html = example().to_html(&options(), Some(&example_log())).unwrap();
    insta::assert_snapshot!("electronics_retailer_report", without_poster(&html));
}
