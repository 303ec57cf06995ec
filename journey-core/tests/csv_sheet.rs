//! CSV sheets: the shared cases in `tests/fixtures/csv/cases.json` (which the Python and JavaScript tests run
//! too), and the example sheet against the example JSON map.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use journey_core::io::csv_sheet::document_from_csv_sheet;
use journey_core::{Channel, Error, Journey, Touchpoint};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/csv")
}

fn cases() -> Value {
    let text = std::fs::read_to_string(fixtures().join("cases.json")).expect("cases.json");
    serde_json::from_str(&text).expect("cases.json is JSON")
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array().expect("a list").iter().map(|s| s.as_str().expect("a string").to_owned()).collect()
}

fn ids(tps: &[&Touchpoint]) -> Vec<String> {
    tps.iter().map(|t| t.id.clone()).collect()
}

/// Loads a case's file from its path, and checks that loading its bytes (with the id and name the path
/// gives) and, for UTF-8 files, its text, give the same result.
fn load(case: &Value) -> Result<Journey, Error> {
    assert_eq!(case["loader"], "csv_sheet");
    let path = fixtures().join(case["file"].as_str().expect("file"));
    let from_path = Journey::load_csv_sheet(&path);
    let bytes = std::fs::read(&path).expect("fixture file");
    let stem = path.file_stem().expect("stem").to_string_lossy().into_owned();
    let name = from_path.as_ref().map_or_else(|_| stem.clone(), |j| j.name.clone());
    let from_bytes = Journey::from_csv_sheet_bytes(&bytes, &stem, &name);
    assert_eq!(
        from_path.as_ref().map_err(|e| e.to_string()),
        from_bytes.as_ref().map_err(|e| e.to_string()),
        "{path:?}: from the path and from bytes differ"
    );
    if let Ok(text) = std::str::from_utf8(&bytes) {
        let from_text = Journey::from_csv_sheet(text, &stem, &name);
        assert_eq!(from_path.as_ref().map_err(|e| e.to_string()), from_text.as_ref().map_err(|e| e.to_string()));
    }
    from_path
}

#[test]
fn load_errors_have_kind_line_column_and_every_problem() {
    let cases = cases();
    let list = cases["load_errors"].as_array().expect("load_errors");
    assert!(list.len() >= 12);
    for case in list {
        let name = case["name"].as_str().expect("name");
        let err = match load(case) {
            Ok(_) => panic!("{name}: loaded, expected an error"),
            Err(e) => e,
        };
        assert_eq!(err.kind(), case["kind"].as_str().expect("kind"), "{name}: {err}");
        let message = err.to_string();
        for part in strs(&case["message_contains"]) {
            assert!(message.contains(&part), "{name}: {message:?} does not contain {part:?}");
        }
        let got: Vec<(String, String)> = err.problems().iter().map(|p| (p.kind.to_string(), p.path.clone())).collect();
        let want: Vec<(String, String)> = case["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .map(|p| (p["kind"].as_str().expect("kind").into(), p["path"].as_str().expect("path").into()))
            .collect();
        assert_eq!(got, want, "{name}");
        if let Error::Csv { line, .. } = &err {
            assert!(*line >= 1, "{name}: line {line}");
        }
    }
}

#[test]
fn valid_sheets_load_with_their_parts() {
    for case in cases()["valid"].as_array().expect("valid") {
        let j = load(case).unwrap_or_else(|e| panic!("{}: {e}", case["file"]));
        assert_eq!(j.id, case["id"].as_str().expect("id"));
        assert_eq!(j.name, case["name"].as_str().expect("name"));
        let stages: Vec<String> = j.stages().iter().map(|s| s.id.clone()).collect();
        assert_eq!(stages, strs(&case["stages"]));
        assert_eq!(ids(&j.touchpoints()), strs(&case["touchpoints"]));
        let transitions: Vec<Vec<String>> = j.transitions().map(|t| vec![t.from.clone(), t.to.clone()]).collect();
        let want: Vec<Vec<String>> = case["transitions"].as_array().expect("transitions").iter().map(strs).collect();
        assert_eq!(transitions, want);
        assert_eq!(ids(&j.entries()), strs(&case["entries"]));
        assert_eq!(ids(&j.goals()), strs(&case["goals"]));
        assert!(j.validate().is_empty());
        // What a sheet gives survives the JSON round trip.
        assert_eq!(Journey::from_json(&j.to_json()).expect("round trip"), j);
    }
}

#[test]
fn headers_in_any_case_and_order_fill_every_field() {
    let j = Journey::load_csv_sheet(fixtures().join("headers_any_case_and_order.csv")).expect("loads");
    assert_eq!(j.stage("discover").expect("stage").name, "Find out");
    let desk = j.touchpoint("desk").expect("desk");
    assert_eq!(desk.name, "Front desk, ground floor");
    assert_eq!(desk.channel, Channel::Store);
    assert!(desk.moment_of_truth);
    assert_eq!(desk.persona_emotions.get("Walk-in"), Some(&-1.0));
    assert_eq!(j.persona("Walk-in").expect("persona created").name, "Walk-in");
    let pains: Vec<(&str, u8)> = desk.pain_points.iter().map(|p| (p.description.as_str(), p.severity)).collect();
    assert_eq!(pains, vec![("Queue at opening time", 4), ("No seats", 3)]);
    assert_eq!(desk.backstage.len(), 2);
    assert_eq!(desk.evidence.len(), 2);
    assert_eq!(desk.evidence[0].summary, "queue of 12 at 9:00");
}

fn example(ext: &str) -> PathBuf {
    root().join("examples/data").join(format!("electronics-retailer.{ext}"))
}

/// A touchpoint with what a sheet cannot say removed: ids, shares and evidence of pain points and delights,
/// quotes, sample sizes and dates of evidence, owners of backstage items, opportunities.
fn sheet_view(t: &Touchpoint) -> Touchpoint {
    let mut t = t.clone();
    for m in t.pain_points.iter_mut().chain(t.delights.iter_mut()) {
        m.id = None;
        m.share = None;
        m.evidence.clear();
    }
    for e in &mut t.evidence {
        e.quote = None;
        e.sample_size = None;
        e.date = None;
    }
    for b in &mut t.backstage {
        b.owner = None;
    }
    t.opportunities.clear();
    t
}

#[test]
fn example_sheet_is_the_example_map() {
    let json = Journey::load(example("json")).expect("the example JSON loads");
    let sheet = Journey::load_csv_sheet(example("csv")).expect("the example sheet loads");
    assert_eq!(sheet.id, "electronics-retailer");
    assert_eq!(sheet.name, "Electronics retailer");

    let stage_ids = |j: &Journey| j.stages().iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(stage_ids(&sheet), stage_ids(&json));
    assert_eq!(stage_ids(&json), ["awareness", "consideration", "purchase", "retention", "advocacy"]);
    let stage_names = |j: &Journey| j.stages().iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    assert_eq!(stage_names(&sheet), stage_names(&json));

    let (a, b) = (json.touchpoints(), sheet.touchpoints());
    assert_eq!(ids(&b), ids(&a));
    for (from_json, from_sheet) in a.iter().zip(&b) {
        assert_eq!(from_sheet.channel, from_json.channel, "{}", from_json.id);
        assert_eq!(from_sheet.emotion, from_json.emotion, "{}", from_json.id);
        assert_eq!(from_sheet.persona_emotions, from_json.persona_emotions, "{}", from_json.id);
        assert_eq!(&sheet_view(from_json), *from_sheet, "{}", from_json.id);
    }

    let pairs = |j: &Journey| j.transitions().map(|t| (t.from.clone(), t.to.clone())).collect::<BTreeSet<_>>();
    assert_eq!(pairs(&sheet), pairs(&json));
    assert_eq!(ids(&sheet.entries()), ids(&json.entries()));
    assert_eq!(ids(&sheet.goals()), ids(&json.goals()));
    let persona_ids = |j: &Journey| j.personas().iter().map(|p| p.id.clone()).collect::<BTreeSet<_>>();
    assert_eq!(persona_ids(&sheet), persona_ids(&json));
}

#[test]
fn example_map_has_what_the_design_asks_for() {
    let j = Journey::load(example("json")).expect("loads");
    assert!(j.touchpoint_count() >= 18);
    let channels: BTreeSet<String> = j.touchpoints().iter().map(|t| t.channel.to_string()).collect();
    assert!(channels.len() >= 8, "{channels:?}");
    assert!(j.touchpoints().iter().any(|t| t.channel.is_online()));
    assert!(j.touchpoints().iter().any(|t| !t.channel.is_online()));
    for s in j.stages() {
        assert!(s.description.is_some(), "{}", s.id);
        assert!((1..=2).contains(&s.kpis.len()), "{}", s.id);
    }
    // A loop back (delivery options to the cart), purchase to retention, and advocacy back to awareness.
    assert!(j.transition("shipping", "cart").is_some());
    assert!(j.reaches("order_confirmation", "delivery_tracking").expect("ids"));
    assert!(j.reaches("refer_friend", "referral_landing").expect("ids"));
    assert_eq!(j.touchpoint("referral_landing").expect("id").stage, "awareness");
    for persona in ["savvy", "traditional"] {
        assert!(j.persona(persona).is_some_and(|p| p.segment.is_some()), "{persona}");
    }
    assert!(j.reviewed_on.is_some_and(|d| d.to_string().starts_with("2026-")));
    // Every touchpoint is reached from an entry.
    for t in j.touchpoints() {
        assert!(j.entries().iter().any(|e| j.reaches(&e.id, &t.id).unwrap_or(false)), "{} is not reached", t.id);
    }
}

#[test]
fn document_from_csv_sheet_does_not_validate() {
    let text = std::fs::read_to_string(fixtures().join("emotion_out_of_range.csv")).expect("fixture");
    let doc = document_from_csv_sheet(&text, "j", "J").expect("parses");
    assert_eq!(doc.touchpoints.len(), 3);
    assert_eq!(doc.touchpoints[2].emotion, Some(3.0));
    // Validating the document itself gives JSON paths; the sheet loader gives lines and columns.
    assert_eq!(doc.problems()[0].path, "touchpoints[2].emotion");
}

#[test]
fn missing_file_is_an_io_error() {
    let err = Journey::load_csv_sheet(Path::new("/nonexistent/nowhere.csv")).expect_err("no such file");
    assert_eq!(err.kind(), "io");
    assert!(err.to_string().contains("nowhere.csv"));
}

#[test]
fn odd_input_gives_errors_not_panics() {
    let inputs = [
        "\u{feff}",
        "\n\n\n",
        "stage\n",
        "stage,touchpoint,channel\n,,\n",
        "stage,touchpoint,channel\n\"unterminated,x,web\n",
        "stage,touchpoint,channel,stage\nA,B,web,C\n",
        "stage,touchpoint,channel,emotion:\nA,B,web,1\n",
        "stage,touchpoint,channel,pain_points\nA,B,web,\"x (3.5)\"\n",
        "stage,touchpoint,channel,entered\nA,B,web,-4\n",
        "stage,touchpoint,channel,evidence\nA,B,web,no source here\n",
        "stage,touchpoint,channel,device\nA,B,web,fridge\n",
        "stage,touchpoint,channel,\nA,B,web,stray\n",
        "stage,stage_id,touchpoint,channel\nA,s,B,web\nOther,s,C,web\n",
        "stage,touchpoint,channel,emotion,importance,nps\nA,B,web,NaN,inf,-1e999\n",
        "stage,touchpoint,channel\n!!!,???,web\n",
    ];
    for text in inputs {
        match Journey::from_csv_sheet(text, "j", "J") {
            Ok(j) => panic!("{text:?} loaded: {j:?}"),
            Err(e) => assert!(!e.to_string().is_empty(), "{text:?}"),
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Any bytes give a journey or an error, never a panic.
    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        let _ = Journey::from_csv_sheet_bytes(&bytes, "j", "J");
    }

    /// The example sheet with a stretch cut out or a cell overwritten gives a journey or an error with a line.
    #[test]
    fn mangled_example_never_panics(at in 0usize..20_000, len in 0usize..200, junk in "[,;:()\"\n a-z0-9.-]{0,12}") {
        let text = std::fs::read_to_string(example("csv")).expect("example");
        let at = at.min(text.len());
        let end = (at + len).min(text.len());
        if text.is_char_boundary(at) && text.is_char_boundary(end) {
            let mangled = format!("{}{}{}", &text[..at], junk, &text[end..]);
            if let Err(Error::Csv { line, .. }) = Journey::from_csv_sheet(&mangled, "j", "J") {
                proptest::prop_assert!(line >= 1);
            }
        }
    }
}

#[test]
fn the_example_in_the_documentation_reads_as_it_says() {
    let doc = std::fs::read_to_string(root().join("docs/csv-sheet.md")).expect("docs/csv-sheet.md");
    let block = doc.split("```csv\n").nth(1).and_then(|rest| rest.split("```").next()).expect("a csv block");
    let j = Journey::from_csv_sheet(block, "doc", "Doc").expect("the documented sheet loads");
    let stage_ids: Vec<&str> = j.stages().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(stage_ids, ["awareness", "consideration", "purchase"]);
    assert_eq!(ids(&j.touchpoints()), ["social_ad", "product_page", "checkout"]);
    assert!(j.transition("social_ad", "product_page").is_some() && j.transition("product_page", "checkout").is_some());
    assert_eq!(j.transition_count(), 2);
    assert_eq!(ids(&j.entries()), ["social_ad"]);
    assert_eq!(ids(&j.goals()), ["checkout"]);
    assert_eq!(j.persona("savvy").expect("persona").name, "savvy");
    assert_eq!(j.touchpoint("checkout").expect("checkout").persona_emotions.get("savvy"), Some(&-1.5));
    let pains: usize = j.touchpoints().iter().map(|t| t.pain_points.len()).sum();
    assert_eq!(pains, 3);
}
