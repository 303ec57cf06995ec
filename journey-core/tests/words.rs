//! Words for people: every sentence the library writes about the bundled example (gap messages, score
//! breakdowns, backlog titles, the report, the poster, a comparison of two segments) agrees its plurals, reads
//! without formula arrows, writes money with its currency and p-values one way, and names touchpoints.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use chrono::NaiveDate;
use journey_core::analytics::{CompareOptions, EventLog};
use journey_core::render::{HtmlOptions, SvgOptions};
use journey_core::words::{self, SCORE_BANDS};
use journey_core::{Journey, Score, ScoringModel};

mod common;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example() -> Journey {
    Journey::load(root().join("examples/data/electronics-retailer.json")).unwrap()
}

fn example_log() -> EventLog {
    common::example_log()
}

fn as_of() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, 12, 1)
}

/// The text of an SVG or HTML document: its markup dropped, entities read back.
fn text_of(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// The plurals that a count of one must not take.
const PLURALS: [&str; 18] = [
    "pain points",
    "customers",
    "touchpoints",
    "gaps",
    "stages",
    "moves",
    "conversions",
    "items",
    "evidence items",
    "days",
    "events",
    "times",
    "transitions",
    "personas",
    "channels",
    "quick wins",
    "opportunities",
    "delights",
];

/// `1 customers` where the 1 is a whole number of its own (not the end of `21` or `0.1`).
fn singular_plurals(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for plural in PLURALS {
        let needle = format!("1 {plural}");
        for (at, _) in text.match_indices(&needle) {
            let before = text[..at].chars().next_back();
            let after = text[at + needle.len()..].chars().next();
            let starts = before.is_none_or(|c| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-'));
            let ends = after.is_none_or(|c| !c.is_alphanumeric());
            if starts && ends {
                found.push(needle.clone());
            }
        }
    }
    found
}

/// A currency code beside a number (`0.95EUR`, `0.95 EUR`, `EUR 0.95`): money is written `€0.95`.
fn raw_currency(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for code in ["EUR", "USD", "GBP"] {
        for (at, _) in text.match_indices(code) {
            let before = text[..at].trim_end_matches(' ').chars().next_back();
            let after = text[at + code.len()..].trim_start_matches(' ').chars().next();
            if before.is_some_and(|c| c.is_ascii_digit()) || after.is_some_and(|c| c.is_ascii_digit()) {
                found.push(text[at.saturating_sub(12)..(at + code.len() + 6).min(text.len())].to_owned());
            }
        }
    }
    found
}

/// Every p-value in `text`, checked against the one format: `p < 0.001`, or `p = ` and at most three
/// significant digits of a number of at least 0.001 with no exponent. Returns how many there are.
fn p_values(text: &str, wrong: &mut Vec<String>) -> usize {
    let mut n = 0;
    for (at, _) in text.match_indices("p < ") {
        n += 1;
        if !text[at..].starts_with("p < 0.001") {
            wrong.push(text[at..(at + 14).min(text.len())].to_owned());
        }
    }
    for (at, _) in text.match_indices("p = ") {
        n += 1;
        let figure: String = text[at + 4..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
            .collect();
        let figure = figure.trim_end_matches('.');
        let significant = figure.trim_start_matches(['0', '.']).chars().filter(char::is_ascii_digit).count();
        let ok = !figure.contains(['e', 'E'])
            && figure.parse::<f64>().is_ok_and(|p| (0.001..=1.0).contains(&p))
            && significant <= 3;
        if !ok {
            wrong.push(format!("p = {figure}"));
        }
    }
    n
}

fn details(score: &Score) -> impl Iterator<Item = &str> {
    score.components.iter().map(|c| c.detail.as_str())
}

/// The sentences of the example, map alone and with its event log applied.
fn sentences() -> Vec<(String, String)> {
    let model = ScoringModel::default();
    let mut out = Vec::new();
    let log = example_log();
    for applied in [false, true] {
        let mut j = example();
        if applied {
            j.apply(&log.discover());
        }
        let tag = if applied { "applied" } else { "map" };
        for g in j.gaps(&model, as_of()).unwrap() {
            out.push((format!("{tag} gap"), g.message.clone()));
            out.extend(g.evidence.iter().map(|e| (format!("{tag} gap evidence"), e.clone())));
        }
        let scores = j.score(&model).unwrap();
        out.extend(details(&scores.score).map(|d| (format!("{tag} journey breakdown"), d.to_owned())));
        for s in &scores.stages {
            out.extend(details(&s.score).map(|d| (format!("{tag} stage breakdown"), d.to_owned())));
        }
        for t in &scores.touchpoints {
            out.extend(details(&t.score).map(|d| (format!("{tag} touchpoint breakdown"), d.to_owned())));
        }
        for b in j.prioritize(&model, as_of()).unwrap() {
            out.push((format!("{tag} backlog title"), b.title.clone()));
        }
        let html = HtmlOptions { as_of: as_of(), ..HtmlOptions::default() };
        out.push((format!("{tag} report"), text_of(&j.to_html(&html, applied.then_some(&log)).unwrap())));
        out.push((format!("{tag} poster"), text_of(&j.to_svg(&SvgOptions::default()).unwrap())));
    }
    out
}

#[test]
fn the_examples_sentences_agree_their_plurals_and_write_money_with_its_currency() {
    let all = sentences();
    assert!(all.len() > 100, "{} sentences", all.len());
    let mut wrong = Vec::new();
    for (what, text) in &all {
        for s in singular_plurals(text) {
            wrong.push(format!("{what}: {s:?} in {:?}", &text[..text.len().min(200)]));
        }
        for s in raw_currency(text) {
            wrong.push(format!("{what}: currency code beside a number: {s:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The KPI in euros reads as money on the poster, in the report and in its gap.
    let poster = &all.iter().find(|(w, _)| w == "map poster").unwrap().1;
    assert!(poster.contains("cost per click: €0.95 (target ≤ €0.80)"), "{poster}");
    assert!(all.iter().any(|(w, t)| w == "map gap" && t.contains("is €0.95 against a target of €0.80")));
}

#[test]
fn score_breakdowns_are_sentences_not_formulas() {
    let all = sentences();
    let breakdowns: Vec<&(String, String)> = all.iter().filter(|(w, _)| w.ends_with("breakdown")).collect();
    assert!(breakdowns.len() > 50);
    for (what, d) in &breakdowns {
        assert!(!d.contains("->") && !d.contains("min(") && !d.contains("(e+2)"), "{what}: {d}");
    }
    let touchpoint = |needle: &str| breakdowns.iter().any(|(w, d)| w.contains("touchpoint") && d.contains(needle));
    assert!(touchpoint("on the scale from -2 to +2"));
    assert!(touchpoint("1 pain point, burden "));
    assert!(touchpoint("2 pain points, burden "));
    assert!(breakdowns.iter().any(|(w, d)| w.contains("journey") && d.contains("weight 20%")));
}

#[test]
fn p_values_have_one_format_and_comparisons_name_touchpoints() {
    let j = example();
    let log = example_log();
    let (online, offline) = (log.filter_segment("online").unwrap(), log.filter_segment("offline").unwrap());
    let options = CompareOptions { funnel: vec!["product_page".into(), "cart".into()], ..CompareOptions::default() };
    let cmp = online.compare(&offline, Some(&j), &options).unwrap();
    let back = offline.compare(&online, Some(&j), &options).unwrap();
    let gaps: Vec<_> = cmp.gaps.iter().chain(&back.gaps).collect();
    assert!(!gaps.is_empty());
    let mut wrong = Vec::new();
    let mut seen = 0;
    for g in &gaps {
        seen += p_values(&g.message, &mut wrong);
        let id = g.location.touchpoint.as_deref().unwrap();
        let name = &j.touchpoint(id).unwrap().name;
        assert!(g.message.contains(&format!("\"{name}\"")), "{}", g.message);
        assert!(!g.message.contains(&format!("\"{id}\"")) || name == id, "{}", g.message);
        assert!(singular_plurals(&g.message).is_empty(), "{}", g.message);
    }
    for (_, text) in sentences() {
        seen += p_values(&text, &mut wrong);
    }
    assert!(seen >= gaps.len(), "{seen} p-values");
    assert!(wrong.is_empty(), "{wrong:?}");
}

#[test]
fn poster_report_and_legends_share_one_score_scale() {
    let mut j = example();
    j.apply(&example_log().discover());
    let model = ScoringModel::default();
    let score = j.score(&model).unwrap().score.value;
    let band = words::score_band(score);
    let svg = j.to_svg(&SvgOptions::default()).unwrap();
    let html = j.to_html(&HtmlOptions { as_of: as_of(), ..HtmlOptions::default() }, None).unwrap();
    for b in SCORE_BANDS {
        // Each legend shows each band, in the band's colour.
        assert!(svg.contains(&format!("fill=\"{}\"", b.colour)), "{}", b.name);
        assert!(text_of(&svg).contains(&format!("score {} ({})", b.range, b.name)), "{}", b.name);
        let chip = format!("style=\"background: {}; color: {}\">{}</span> {}", b.colour, b.ink, b.name, b.range);
        assert!(html.contains(&chip), "{chip}");
    }
    // The journey score has its band's colour in both.
    let chip = format!("style=\"background: {}; color: {}\">{score:.0}</span>", band.colour, band.ink);
    assert!(html.contains(&chip), "{chip}");
    assert!(svg.contains(&format!("fill=\"{}\"/>", band.colour)));
    // No colour outside the scale is used for a score: the old gradient's mixes are gone.
    for old in ["#8fa344", "#89a345", "#80a246", "#77a248"] {
        assert!(!svg.contains(old) && !html.contains(old), "{old}");
    }
}

#[test]
fn the_checks_catch_what_they_look_for() {
    assert_eq!(singular_plurals("we saw 1 customers"), vec!["1 customers"]);
    assert!(singular_plurals("21 customers, 0.1 customers, 1 customer").is_empty());
    assert_eq!(raw_currency("cost 0.95EUR").len(), 1);
    assert_eq!(raw_currency("cost 0.95 EUR").len(), 1);
    assert!(raw_currency("cost €0.95 (EUR)").is_empty());
    let mut wrong = Vec::new();
    assert_eq!(p_values("p = 0.000, p = 5.31e-85, p = 0.01234, p < 0.001, p = 0.0457", &mut wrong), 5);
    assert_eq!(wrong, vec!["p = 0.000", "p = 5.31e-85", "p = 0.01234"]);
}

#[test]
fn the_shared_words_fixture_reads_as_expected() {
    let dir = root().join("tests/fixtures/words");
    let want: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let j = Journey::load(dir.join(want["map"].as_str().unwrap())).unwrap();
    let as_of = NaiveDate::parse_from_str(want["as_of"].as_str().unwrap(), "%Y-%m-%d").ok();
    let model = ScoringModel::default();
    let gaps = j.gaps(&model, as_of).unwrap();
    let mut texts: Vec<String> = gaps.iter().map(|g| g.message.clone()).collect();
    for g in want["gaps"].as_array().unwrap() {
        let (kind, fragment) = (g["kind"].as_str().unwrap(), g["contains"].as_str().unwrap());
        assert!(gaps.iter().any(|x| x.kind.as_str() == kind && x.message.contains(fragment)), "{fragment}: {texts:?}");
    }
    let scores = j.score(&model).unwrap();
    for (tp, fragments) in want["breakdowns"].as_object().unwrap() {
        let details: Vec<&str> = details(&scores.touchpoint(tp).unwrap().score).collect();
        for f in fragments.as_array().unwrap() {
            let f = f.as_str().unwrap();
            assert!(details.iter().any(|d| d.contains(f)), "{tp}: {f:?} not in {details:?}");
        }
    }
    for t in &scores.touchpoints {
        texts.extend(details(&t.score).map(str::to_owned));
    }
    for absent in want["absent"].as_array().unwrap() {
        let absent = absent.as_str().unwrap();
        assert!(texts.iter().all(|t| !t.contains(absent)), "{absent:?} in {texts:?}");
    }
}

/// The number words the bindings export, by the fixture's names, on the fixture's arguments.
fn format(f: &str, args: &[serde_json::Value]) -> journey_core::Result<String> {
    let num = |i: usize| args[i].as_f64().unwrap();
    let text = |i: usize| args[i].as_str().unwrap();
    let decimals = |i: usize| words::whole("decimals", num(i), words::MAX_DECIMALS as f64).map(|d| d as usize);
    Ok(match f {
        "count" => words::count(words::whole("n", num(0), words::MAX_WHOLE)?),
        "plural" => words::plural(words::whole("n", num(0), words::MAX_WHOLE)?, text(1)),
        "number" => words::number(num(0), decimals(1)?),
        "signed" => words::signed(num(0), decimals(1)?),
        "percent" => words::percent(num(0)),
        "money" => words::money(num(0), text(1)),
        "quantity" => words::quantity(num(0), Some(text(1))),
        "p_value" => words::p_value(num(0)),
        "duration" => words::duration_ms(num(0)),
        other => panic!("no number word {other}"),
    })
}

#[test]
fn number_words_give_the_fixture_texts() {
    let want: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/fixtures/words/expected.json")).unwrap())
            .unwrap();
    for case in want["formats"].as_array().unwrap() {
        let got = format(case["fn"].as_str().unwrap(), case["args"].as_array().unwrap()).unwrap();
        assert_eq!(got, case["out"].as_str().unwrap(), "{case}");
    }
    for case in want["format_errors"].as_array().unwrap() {
        let err = format(case["fn"].as_str().unwrap(), case["args"].as_array().unwrap()).unwrap_err();
        assert_eq!(err.kind().as_str(), "argument");
        assert!(err.to_string().starts_with(case["starts"].as_str().unwrap()), "{case}: {err}");
    }
}
