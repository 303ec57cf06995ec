//! The SVG poster: snapshots, structure, and the promise that no text overlaps or leaves its box.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::render::{ASCENT, DESCENT, Lanes, PosterSize, SvgOptions, text_width};
use journey_core::{Channel, Error, Evidence, EvidenceKind, EvidenceSource, Journey, Moment, Stage, Touchpoint};

mod common;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example() -> Journey {
    Journey::load(root().join("examples/data/electronics-retailer.json")).unwrap()
}

fn bike() -> Journey {
    Journey::load(root().join("tests/fixtures/valid/bike-rental.json")).unwrap()
}

/// A text line's estimated box, and the box of the group it belongs to.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    rect: [f64; 4],
    parent: Option<[f64; 4]>,
}

fn attr(node: roxmltree::Node<'_, '_>, name: &str) -> f64 {
    let v: f64 = node.attribute(name).unwrap_or_else(|| panic!("{name} missing on {node:?}")).parse().unwrap();
    assert!(v.is_finite(), "{name} is not finite");
    v
}

fn frame_of(g: roxmltree::Node<'_, '_>) -> Option<[f64; 4]> {
    let rect = g.children().find(|c| c.has_tag_name("rect") && c.attribute("class") == Some("box"))?;
    let (x, y) = (attr(rect, "x"), attr(rect, "y"));
    Some([x, y, x + attr(rect, "width"), y + attr(rect, "height")])
}

/// Parses the SVG and returns every text line with its estimated box and its parent box.
fn lines(svg: &str) -> Vec<Line> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    let mut out = Vec::new();
    for node in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let text = node.text().unwrap_or("").to_owned();
        let size = attr(node, "font-size");
        let bold = node.attribute("font-weight") == Some("bold");
        let w = text_width(&text, size, bold);
        let (x, y) = (attr(node, "x"), attr(node, "y"));
        let left = match node.attribute("text-anchor") {
            Some("middle") => x - w / 2.0,
            Some("end") => x - w,
            _ => x,
        };
        let parent = node.ancestors().filter(|a| a.has_tag_name("g")).find_map(frame_of);
        out.push(Line { text, rect: [left, y - ASCENT * size, left + w, y + DESCENT * size], parent });
    }
    out
}

/// Checks that no two lines overlap and every line lies inside its parent's box.
fn assert_tidy(svg: &str) {
    let lines = lines(svg);
    assert!(!lines.is_empty());
    let eps = 0.01;
    for l in &lines {
        let p = l.parent.unwrap_or_else(|| panic!("{:?} has no parent box", l.text));
        assert!(
            l.rect[0] >= p[0] - eps && l.rect[1] >= p[1] - eps && l.rect[2] <= p[2] + eps && l.rect[3] <= p[3] + eps,
            "{:?} {:?} is not inside its box {:?}",
            l.text,
            l.rect,
            p
        );
    }
    let mut sorted: Vec<&Line> = lines.iter().collect();
    sorted.sort_by(|a, b| a.rect[0].total_cmp(&b.rect[0]));
    for (i, a) in sorted.iter().enumerate() {
        for b in &sorted[i + 1..] {
            if b.rect[0] >= a.rect[2] - eps {
                break;
            }
            let overlap = a.rect[0] < b.rect[2] - eps
                && b.rect[0] < a.rect[2] - eps
                && a.rect[1] < b.rect[3] - eps
                && b.rect[1] < a.rect[3] - eps;
            assert!(!overlap, "{:?} {:?} overlaps {:?} {:?}", a.text, a.rect, b.text, b.rect);
        }
    }
}

/// Writes a poster to `$JOURNEY_POSTER_DIR/<name>.svg` when that is set, to look at it.
fn keep(name: &str, svg: &str) {
    if let Ok(dir) = std::env::var("JOURNEY_POSTER_DIR") {
        std::fs::write(PathBuf::from(dir).join(format!("{name}.svg")), svg).unwrap();
    }
}

fn all_text(svg: &str) -> String {
    lines(svg).into_iter().map(|l| l.text).collect::<Vec<_>>().join(" ")
}

#[test]
fn example_poster_snapshot() {
    let svg = example().to_svg(&SvgOptions::default()).unwrap();
    keep("electronics-retailer", &svg);
    insta::assert_snapshot!("electronics_retailer", svg);
}

#[test]
fn bike_rental_snapshot() {
    let svg = bike().to_svg(&SvgOptions::default()).unwrap();
    assert_tidy(&svg);
    insta::assert_snapshot!("bike_rental", svg);
}

#[test]
fn example_poster_is_tidy_and_has_every_stage_and_touchpoint() {
    let j = example();
    let svg = j.to_svg(&SvgOptions::default()).unwrap();
    assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("<title>Voltaro: buying a laptop</title>"));
    assert!(svg.contains("<desc>") && svg.contains("5 stages and 22 touchpoints"));
    assert!(!svg.contains("NaN") && !svg.contains("=\"inf") && !svg.contains("=\"-inf"));
    assert!(svg.contains("font-family=\"Helvetica, Arial, 'Liberation Sans'") && svg.contains("sans-serif\">"));
    assert_tidy(&svg);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let stages = doc.descendants().filter(|n| n.attribute("class") == Some("stage")).count();
    assert_eq!(stages, j.stages().len());
    let cards = doc.descendants().filter(|n| n.attribute("class") == Some("card")).count();
    assert_eq!(cards, j.touchpoint_count());
    let text = all_text(&svg);
    for t in j.touchpoints() {
        // Names may wrap: every word of the name is on the poster.
        for word in t.name.split_whitespace() {
            assert!(text.contains(word), "{word} of {} is missing", t.name);
        }
    }
    for stage in j.stages() {
        assert!(text.contains(&stage.name));
    }
    for label in ["line of visibility", "Emotion", "Pain points", "Delights", "Observed flow", "Legend", "Stage score"]
    {
        assert!(text.contains(label), "{label}");
    }
    // One curve per persona plus the general one.
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("polyline") && n.attribute("stroke-width") == Some("3")).count(),
        3
    );
}

fn crowded() -> Journey {
    let long = "A remarkably long touchpoint name that goes on and on about the customer service follow-up call";
    let mut b = Journey::builder("crowded", "Thirty touchpoints in one stage and names that never end")
        .stage(Stage::new("one", "The only stage with an exceedingly long name, to see it wrap"))
        .stage(Stage::new("empty", "Empty"));
    for i in 0..30 {
        let mut t = Touchpoint::new(format!("t{i}"), format!("{long} number {i}"), "one", Channel::Web)
            .with_emotion(f64::from(i % 5) - 2.0)
            .with_pain_point(Moment::new(
                "Supercalifragilisticexpialidociouslylongwordwithoutanyspacesatall and then some ordinary words to wrap",
                (i % 5 + 1) as u8,
            ));
        t.moment_of_truth = i % 3 == 0;
        t.actions = vec!["Does a thing that takes a long sentence to describe in full detail".into(); 2];
        t.thoughts = vec!["Why is this <so> hard & slow?".into()];
        b = b.touchpoint(t);
        if i > 0 {
            b = b.transition(format!("t{}", i - 1), format!("t{i}"));
        }
    }
    b.build().unwrap()
}

#[test]
fn thirty_touchpoints_with_long_names_stay_tidy() {
    let j = crowded();
    let svg = j.to_svg(&SvgOptions::default()).unwrap();
    keep("crowded", &svg);
    assert_tidy(&svg);
    assert!(svg.contains("Why is this &lt;so&gt; hard &amp; slow?"));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.descendants().filter(|n| n.attribute("class") == Some("card")).count(), 30);
    for size in [PosterSize::A4Landscape, PosterSize::A3Landscape] {
        assert_tidy(&j.to_svg(&SvgOptions { size, ..SvgOptions::default() }).unwrap());
    }
}

#[test]
fn other_scripts_wrap_and_stay_tidy() {
    let names = [
        ("de", "Kundenzufriedenheitsumfrage nach der Lieferung", Channel::Email),
        ("ro", "Întâlnire în magazin", Channel::Store),
        ("hu", "Ügyfélszolgálati visszahívás", Channel::Phone),
        ("zh", "在线客服咨询", Channel::Chat),
        (
            "zh2",
            "在线客服咨询在线客服咨询在线客服咨询在线客服咨询在线客服咨询在线客服咨询",
            Channel::Other("kiosk".into()),
        ),
    ];
    let mut b = Journey::builder("intl", "Reise · Călătorie · Utazás · 客户旅程")
        .description("Eine Karte mit Namen in vier Sprachen: Deutsch, Română, Magyar, 中文。")
        .stage(Stage::new("s1", "Kaufentscheidungsunterstützung"))
        .stage(Stage::new("s2", "售后服务"));
    for (i, (id, name, channel)) in names.iter().enumerate() {
        let mut t = Touchpoint::new(*id, *name, if i < 2 { "s1" } else { "s2" }, channel.clone())
            .with_emotion(if i % 2 == 0 { 1.0 } else { -1.5 })
            .with_pain_point(Moment::new(format!("Schmerzpunkt: {name} dauert zu lange, 等待时间太长"), 3));
        t.thoughts = vec![format!("{name}? Warum so kompliziert — 为什么这么复杂")];
        b = b.touchpoint(t);
    }
    let j = b.build().unwrap();
    let svg = j.to_svg(&SvgOptions::default()).unwrap();
    assert_tidy(&svg);
    let text = all_text(&svg);
    for (_, name, _) in &names[..4] {
        for word in name.split_whitespace() {
            assert!(text.contains(word), "{word}");
        }
    }
    keep("other-scripts", &svg);
    insta::assert_snapshot!("other_scripts", svg);
}

#[test]
fn persona_option_draws_their_touchpoints_and_curve() {
    let j = example();
    let svg = j.to_svg(&SvgOptions { persona: Some("traditional".into()), ..SvgOptions::default() }).unwrap();
    assert_tidy(&svg);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let cards = doc.descendants().filter(|n| n.attribute("class") == Some("card")).count();
    assert_eq!(cards, j.touchpoints_for_persona("traditional").unwrap().len());
    assert!(cards < j.touchpoint_count());
    let text = all_text(&svg);
    assert!(text.contains("Persona: Ria, the traditional shopper"));
    assert!(!text.contains("Sponsored social ad"));
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("polyline") && n.attribute("stroke-width") == Some("3")).count(),
        1
    );

    let err = j.to_svg(&SvgOptions { persona: Some("nobody".into()), ..SvgOptions::default() }).unwrap_err();
    assert!(matches!(err, Error::NotFound { what: "persona", .. }), "{err}");
}

#[test]
fn fixed_sizes_keep_the_paper_aspect() {
    let j = example();
    for (size, w, h) in [(PosterSize::A4Landscape, 297.0, 210.0), (PosterSize::A3Landscape, 420.0, 297.0)] {
        let svg = j.to_svg(&SvgOptions { size, ..SvgOptions::default() }).unwrap();
        keep(&format!("electronics-retailer-{size:?}"), &svg);
        assert_tidy(&svg);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let root = doc.root_element();
        assert_eq!(root.attribute("width"), Some(format!("{w}mm").as_str()));
        assert_eq!(root.attribute("height"), Some(format!("{h}mm").as_str()));
        let vb: Vec<f64> = root.attribute("viewBox").unwrap().split(' ').map(|v| v.parse().unwrap()).collect();
        assert!(((vb[2] / vb[3]) - w / h).abs() < 1e-3, "{vb:?}");
    }
}

#[test]
fn options_deserialise_with_defaults() {
    let o: SvgOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(o, SvgOptions::default());
    let o: SvgOptions =
        serde_json::from_str(r#"{"persona": "savvy", "size": "a3_landscape", "lanes": {"backstage": false}}"#).unwrap();
    assert_eq!(o.size, PosterSize::A3Landscape);
    assert!(!o.lanes.backstage && o.lanes.emotion);
    assert!(serde_json::from_str::<SvgOptions>(r#"{"lanes": {"backstag": false}}"#).is_err());
}

#[test]
fn lanes_can_be_switched_off() {
    let j = example();
    let lanes = Lanes { backstage: false, emotion: false, scores: false, flow: false, ..Lanes::default() };
    let svg = j.to_svg(&SvgOptions { lanes, ..SvgOptions::default() }).unwrap();
    assert_tidy(&svg);
    let text = all_text(&svg);
    for gone in ["line of visibility", "Emotion", "Stage score", "Observed flow", "journey score"] {
        assert!(!text.contains(gone), "{gone}");
    }
    assert!(text.contains("Pain points"));
}

#[test]
fn a_bare_map_still_renders() {
    let j = Journey::builder("bare", "Bare")
        .stage(Stage::new("a", "A"))
        .touchpoint(Touchpoint::new("x", "X", "a", Channel::Web))
        .build()
        .unwrap();
    let svg = j.to_svg(&SvgOptions::default()).unwrap();
    assert_tidy(&svg);
    assert!(all_text(&svg).contains('X'));
    assert!(!all_text(&svg).contains("Emotion"));
    let empty = Journey::builder("empty", "No stages at all").build().unwrap();
    assert_tidy(&empty.to_svg(&SvgOptions::default()).unwrap());
}

#[test]
fn observed_flow_after_applying_the_example_log() {
    let log = common::example_log();
    let mut j = example();
    j.apply(&log.discover());
    let svg = j.to_svg(&SvgOptions::default()).unwrap();
    assert_tidy(&svg);
    let text = all_text(&svg);
    assert!(text.contains("\u{2192} "), "transitions with counts are listed");
    assert!(text.contains("entered"));
    keep("electronics-retailer-observed", &svg);
    insta::assert_snapshot!("electronics_retailer_observed", svg);
}

#[test]
fn output_is_deterministic() {
    let j = example();
    let a = j.to_svg(&SvgOptions::default()).unwrap();
    let b = j.clone().to_svg(&SvgOptions::default()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn expectations_and_a_quote_per_touchpoint_on_the_example() {
    let j = example();
    let svg = j.to_svg(&SvgOptions::default()).unwrap();
    assert_tidy(&svg);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let lane = doc.descendants().find(|n| n.attribute("class") == Some("lane voice")).expect("the lane");
    let text: Vec<&str> = lane.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    let text = text.join(" ");
    assert!(text.contains("What customers expect and say"));
    // Every touchpoint's first expectations (none is long enough to be cut).
    for t in j.touchpoints() {
        for e in t.expectations.iter().take(2) {
            assert!(text.contains(e.as_str()), "expectation {e:?} of {}", t.id);
        }
    }
    assert!(text.contains("Stock per store"));
    // The product page's own quote, and the catalogue's from its pain point's evidence, with their sources.
    assert!(text.contains("\u{201c}So can I get it in Utrecht today or not?\u{201d} usability test, 8 customers"));
    assert!(text.contains("\u{201c}The same laptop was forty euros cheaper on the website. Why?\u{201d}"));
    assert!(text.contains("interview, 12 customers; backs the pain point"));
    let legend = all_text(&svg);
    assert!(legend.contains("quote backing a pain point") && legend.contains("quote on the touchpoint"));
    assert!(!legend.contains("quote backing a delight"), "no delight's quote is shown");
    // The lane can be switched off.
    let off = j.to_svg(&SvgOptions { lanes: Lanes { voice: false, ..Lanes::default() }, ..SvgOptions::default() });
    let off = all_text(&off.unwrap());
    assert!(!off.contains("What customers expect and say") && !off.contains("Stock per store"));
    assert!(!off.contains("quote backing"));
}

fn said(source: EvidenceSource, quote: &str) -> Evidence {
    Evidence { quote: Some(quote.into()), ..Evidence::new(EvidenceKind::Qualitative, source, "notes") }
}

#[test]
fn expectations_and_quotes_are_escaped_cut_and_stay_tidy() {
    let long = "A delivery slot that I can choose myself, in the evening, with a text message an hour before the \
                driver arrives and a photo of the parcel at my door, and a way to change it on the day";
    let mut t = Touchpoint::new("t", "Checkout", "one", Channel::Web);
    t.expectations =
        vec![format!("<b>{long}</b>"), "Prices & fees <b>up front</b>".into(), "Third".into(), "Fourth".into()];
    t.evidence.push(said(EvidenceSource::Review, "The touchpoint's own words"));
    let mut pain = Moment::new("Fees & <i>surprises</i>", 4);
    pain.evidence.push(said(EvidenceSource::Interview, &format!("I said <b>no</b> & left. {long}")));
    t.pain_points.push(pain);
    let mut plain = Touchpoint::new("u", "Plain", "one", Channel::Store);
    plain.expectations = vec!["  ".into()];
    let j = Journey::builder("m", "M")
        .stage(Stage::new("one", "One"))
        .touchpoint(t)
        .touchpoint(plain)
        .transition("t", "u")
        .build()
        .unwrap();
    let svg = j.to_svg(&SvgOptions::default()).unwrap();
    keep("voice", &svg);
    assert_tidy(&svg);
    assert!(!svg.contains("<b>") && !svg.contains("<i>"));
    assert!(svg.contains("&lt;b&gt;") && svg.contains("Prices &amp; fees"));
    assert!(svg.contains("\u{201c}I said &lt;b&gt;no&lt;/b&gt; &amp; left."), "the pain point's quote first");
    assert!(!svg.contains("own words"), "one quote only");
    let text = all_text(&svg);
    assert!(text.contains("Prices & fees <b>up front</b>"), "{text}");
    assert!(text.contains("+2 more expected") && text.contains("+1 more in the report"));
    assert!(!text.contains("Third"));
    // The long expectation and the long quote are cut, with an ellipsis.
    assert!(!text.contains("change it on the day"));
    assert_eq!(text.matches('\u{2026}').count(), 2, "{text}");
    assert!(text.contains("backs the pain point \u{201c}Fees & <i>surprises"), "{text}");
    for size in [PosterSize::A4Landscape, PosterSize::A3Landscape] {
        assert_tidy(&j.to_svg(&SvgOptions { size, ..SvgOptions::default() }).unwrap());
    }
}

#[test]
fn a_map_without_expectations_or_quotes_has_no_such_lane() {
    let mut t = Touchpoint::new("x", "X", "a", Channel::Web);
    t.expectations = vec![" ".into()];
    t.evidence.push(Evidence::new(EvidenceKind::Quantitative, EvidenceSource::Analytics, "38% leave"));
    let j = Journey::builder("bare", "Bare").stage(Stage::new("a", "A")).touchpoint(t).build().unwrap();
    let svg = j.to_svg(&SvgOptions::default()).unwrap();
    assert_tidy(&svg);
    assert!(!svg.contains("lane voice") && !all_text(&svg).contains("quote"));
}

#[test]
#[should_panic(expected = "overlaps")]
fn the_checker_finds_overlapping_lines() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg"><g><rect class="box" x="0" y="0" width="500" height="100"/>
        <text x="10" y="20" font-size="12">first line</text><text x="30" y="24" font-size="12">second line</text></g></svg>"##;
    assert_tidy(svg);
}

#[test]
#[should_panic(expected = "is not inside its box")]
fn the_checker_finds_lines_outside_their_box() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg"><g><rect class="box" x="0" y="0" width="50" height="100"/>
        <text x="10" y="20" font-size="12">a line far too long for its box</text></g></svg>"##;
    assert_tidy(svg);
}
