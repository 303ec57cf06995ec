//! Expectations that name their personas (`tests/fixtures/persona_expectations/`): the poster and the report
//! drawn for a persona show the shared expectations and that persona's, drawn for every customer the shared
//! ones and then each persona's after the persona's name; an unknown persona or a blank expectation is a
//! validation problem naming its path; the CSV sheet reads them from `expectations:<persona id>` columns; the
//! diff names a change to them by touchpoint and persona.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use journey_core::render::{HtmlOptions, SvgOptions};
use journey_core::{Channel, Document, Journey, Persona, ScoringModel, Stage, Touchpoint};
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/persona_expectations")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    let to = s[from..].find(end)? + from;
    Some(&s[from..to])
}

/// The report's "Expects" lines by touchpoint id, for each touchpoint with a card in its section on what
/// customers expect and say (an empty list for a card with quotes only).
fn report_lines(html: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let Some(section) = between(html, "<section id=\"voice\">", "</section>") else { return out };
    for card in section.split("<div class=\"card voice\">").skip(1) {
        let id = unescape(between(card, "<span class=\"id\">", "</span>").expect("the card names its touchpoint"));
        let lines = between(card, "<ul class=\"expectations\">", "</ul>").map_or_else(Vec::new, |list| {
            list.split("<li>").skip(1).map(|li| unescape(li.split("</li>").next().unwrap_or_default())).collect()
        });
        out.insert(id, lines);
    }
    out
}

/// The text lines of the poster's voice lane.
fn lane_lines(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let Some(lane) = doc.descendants().find(|n| n.attribute("class") == Some("lane voice")) else { return Vec::new() };
    lane.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).map(str::to_owned).collect()
}

fn options(persona: Option<&str>) -> HtmlOptions {
    HtmlOptions {
        svg: SvgOptions { persona: persona.map(str::to_owned), ..SvgOptions::default() },
        top: 0,
        ..HtmlOptions::default()
    }
}

fn view_persona(who: &str) -> Option<&str> {
    (who != "all").then_some(who)
}

#[test]
fn the_report_shows_the_shared_expectations_and_the_persona_s() {
    let want = expected();
    let j = Journey::load(dir().join("map.json")).unwrap();
    for (who, view) in want["views"].as_object().unwrap() {
        let got = report_lines(&j.to_html(&options(view_persona(who)), None).unwrap());
        let mut lines: BTreeMap<String, Vec<String>> =
            view["report"].as_object().unwrap().iter().map(|(t, l)| (t.clone(), strings(l))).collect();
        // A touchpoint shown without expectations (and without quotes) has no card.
        lines.retain(|_, l| !l.is_empty());
        assert_eq!(got, lines, "{who}");
    }
}

#[test]
fn the_poster_shows_the_first_expectations_and_counts_the_rest() {
    let want = expected();
    assert_eq!(want["poster_shown"], 2);
    let j = Journey::load(dir().join("map.json")).unwrap();
    for (who, view) in want["views"].as_object().unwrap() {
        let svg = j.to_svg(&SvgOptions { persona: view_persona(who).map(str::to_owned), ..SvgOptions::default() });
        let lines = lane_lines(&svg.unwrap());
        let text = lines.join(" ");
        for shown in strings(&view["poster"]["shown"]) {
            assert!(text.contains(&shown), "{who}: {shown:?} in {text:?}");
        }
        for hidden in strings(&view["poster"]["hidden"]) {
            assert!(!text.contains(&hidden), "{who}: {hidden:?} in {text:?}");
        }
        let more: Vec<String> = lines.into_iter().filter(|l| l.ends_with(" more expected")).collect();
        assert_eq!(more, strings(&view["poster"]["more"]), "{who}");
    }
}

#[test]
fn an_unknown_persona_and_a_blank_expectation_are_problems_naming_their_paths() {
    let want = &expected()["invalid"];
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(dir().join("map.json")).unwrap()).unwrap();
    doc["touchpoints"][0]["persona_expectations"] = want["persona_expectations"].clone();
    let err = Journey::from_json(&doc.to_string()).unwrap_err();
    assert_eq!(err.kind().as_str(), "invalid");
    assert_eq!(serde_json::to_value(err.problems()).unwrap(), want["problems"]);
}

#[test]
fn persona_expectations_round_trip_and_are_left_out_when_empty() {
    let j = Journey::load(dir().join("map.json")).unwrap();
    let back = Journey::from_json(&j.to_json()).unwrap();
    assert_eq!(back.touchpoint("checkout").unwrap().persona_expectations["savvy"], ["Free returns", "Mobile wallet"]);
    let bare = Journey::builder("b", "B")
        .stage(Stage::new("s", "S"))
        .touchpoint(Touchpoint::new("t", "T", "s", Channel::Web))
        .build()
        .unwrap();
    assert!(!bare.to_json().contains("persona_expectations"));
}

#[test]
fn the_sheet_reads_a_persona_s_expectations_from_their_column() {
    let sheet = "stage,touchpoint,channel,expectations,Expectations: savvy,emotion:savvy,expectations:trad\n\
                 Buy,Checkout,web,Clear total,Free returns; Mobile wallet,1,\n\
                 Buy,Cart,web,,;,,Help by phone\n";
    let j = Journey::from_csv_sheet(sheet, "shop", "Shop").unwrap();
    let ids: Vec<&str> = j.personas().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["savvy", "trad"], "each persona once, in header order");
    let checkout = j.touchpoint("checkout").unwrap();
    assert_eq!(checkout.expectations, ["Clear total"]);
    assert_eq!(
        checkout.persona_expectations,
        BTreeMap::from([("savvy".into(), vec!["Free returns".into(), "Mobile wallet".into()])])
    );
    let cart = j.touchpoint("cart").unwrap();
    assert_eq!(cart.persona_expectations, BTreeMap::from([("trad".into(), vec!["Help by phone".into()])]));
    let twice = "stage,touchpoint,channel,expectations:savvy,Expectations:savvy\nBuy,Checkout,web,a,b\n";
    let e = Journey::from_csv_sheet(twice, "shop", "Shop").unwrap_err();
    assert!(e.to_string().contains("is the same as column 4"), "{e}");
}

#[test]
fn the_diff_names_a_changed_persona_expectation_by_touchpoint_and_persona() {
    let a = Journey::load(dir().join("map.json")).unwrap();
    let mut doc = a.to_document();
    let checkout = doc.touchpoints.iter_mut().find(|t| t.id == "checkout").unwrap();
    checkout.persona_expectations.get_mut("savvy").unwrap()[1] = "Pay later".into();
    let b = Journey::from_document(doc).unwrap();
    let d = journey_core::diff(&a, &b, &ScoringModel::default()).unwrap();
    let paths: Vec<(&str, &str)> = d.edits.iter().map(|e| (e.id.as_str(), e.path.as_str())).collect();
    assert_eq!(
        paths,
        [
            ("checkout", "touchpoints[checkout].persona_expectations.savvy"),
            ("checkout", "touchpoints[checkout].persona_expectations.savvy")
        ]
    );
    assert_eq!(
        d.lines[..2],
        [
            "touchpoint \"Checkout\" (checkout): \"Mobile wallet\" removed from persona expectations.savvy",
            "touchpoint \"Checkout\" (checkout): \"Pay later\" added to persona expectations.savvy",
        ]
    );
}

/// A map of `personas` personas (`p0`, `p1`, ...) and touchpoints, each with shared expectations
/// (`s<t>_<k> ...`), the personas it serves, and expectations of some personas (`p<p>t<t>_<k> ...`): the tags
/// make every line tell whose it is.
fn document() -> impl Strategy<Value = Document> {
    let words = "[a-z]{1,6}( [a-z]{1,6}){0,2}";
    (1usize..4)
        .prop_flat_map(move |personas| {
            let touchpoint =
                (vec(words, 0..4), vec(any::<bool>(), personas), vec(proptest::option::of(vec(words, 0..4)), personas));
            (Just(personas), vec(touchpoint, 1..4))
        })
        .prop_map(|(personas, touchpoints)| {
            let mut doc = Document::new("gen", "Generated");
            doc.personas = (0..personas)
                .map(|i| Persona { id: format!("p{i}"), name: format!("Persona {i}"), ..Persona::default() })
                .collect();
            doc.stages = vec![Stage::new("s", "S")];
            for (i, (shared, serves, own)) in touchpoints.into_iter().enumerate() {
                let mut t = Touchpoint::new(format!("t{i}"), format!("Touchpoint {i}"), "s", Channel::Web);
                t.expectations = shared.iter().enumerate().map(|(k, e)| format!("s{i}_{k} {e}")).collect();
                t.personas = serves.iter().enumerate().filter(|(_, s)| **s).map(|(p, _)| format!("p{p}")).collect();
                for (p, list) in own.into_iter().enumerate() {
                    if let Some(list) = list {
                        let list = list.iter().enumerate().map(|(k, e)| format!("p{p}t{i}_{k} {e}")).collect();
                        t.persona_expectations.insert(format!("p{p}"), list);
                    }
                }
                doc.touchpoints.push(t);
            }
            doc.entries = vec!["t0".into()];
            doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// In a persona's view each touchpoint they meet shows the shared expectations and then theirs, none of
    /// another persona's; in the view of every customer, the shared ones and then every persona's after the
    /// persona's name. The poster counts what it leaves out of each touchpoint's list.
    #[test]
    fn every_view_shows_the_shared_expectations_and_only_its_persona_s(doc in document()) {
        let j = Journey::from_document(doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut views: Vec<Option<String>> = j.personas().iter().map(|p| Some(p.id.clone())).collect();
        views.push(None);
        for view in views {
            let html = j.to_html(&options(view.as_deref()), None).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let got = report_lines(&html);
            let mut more = Vec::new();
            for t in j.touchpoints() {
                if view.as_deref().is_some_and(|p| !t.serves(p)) {
                    prop_assert!(!got.contains_key(&t.id), "{} is not in the view of {view:?}", t.id);
                    continue;
                }
                let mut want = t.expectations.clone();
                match view.as_deref() {
                    Some(p) => want.extend(t.persona_expectations.get(p).into_iter().flatten().cloned()),
                    None => {
                        for p in j.personas() {
                            for e in t.persona_expectations.get(&p.id).into_iter().flatten() {
                                want.push(format!("{}: {e}", p.name));
                            }
                        }
                    }
                }
                let lines = got.get(&t.id).cloned().unwrap_or_default();
                prop_assert_eq!(&lines, &want, "{} in the view of {:?}", t.id, view);
                for (i, e) in t.expectations.iter().enumerate() {
                    prop_assert!(lines.get(i) == Some(e), "shared {:?} first", e);
                }
                if let Some(p) = view.as_deref() {
                    let others = j.personas().iter().filter(|q| q.id != p);
                    for q in others {
                        let tag = format!("{}t", q.id);
                        prop_assert!(lines.iter().all(|l| !l.starts_with(&tag)), "no line of {} for {}", q.id, p);
                    }
                }
                if want.len() > 2 {
                    more.push(format!("+{} more expected", want.len() - 2));
                }
            }
            let svg = j
                .to_svg(&SvgOptions { persona: view.clone(), ..SvgOptions::default() })
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let mut shown: Vec<String> =
                lane_lines(&svg).into_iter().filter(|l| l.ends_with(" more expected")).collect();
            // The poster orders touchpoints by its columns: compare the counts in any order.
            shown.sort();
            more.sort();
            prop_assert_eq!(shown, more, "the poster's counts in the view of {:?}", view);
        }
    }
}
