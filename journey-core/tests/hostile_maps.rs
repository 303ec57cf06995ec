//! Hostile map inputs: duplicate keys, other encodings, control characters in messages, scoring models that
//! overflow, Mermaid and DOT injection, conformance against a map that designs nothing. The shared cases are
//! in `tests/fixtures/hostile/maps/cases.json`, which the Python and JavaScript tests run too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::analytics::{EventColumns, EventLog};
use journey_core::{Channel, Document, Error, Journey, Persona, ScoringModel, Stage, Touchpoint, Weights};
use proptest::prelude::*;
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hostile/maps")
}

fn cases() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("cases.json")).unwrap()).unwrap()
}

fn list<'a>(cases: &'a Value, key: &str) -> &'a Vec<Value> {
    cases[key].as_array().unwrap_or_else(|| panic!("cases.json has no {key}"))
}

/// Whether a character would be invisible or move the cursor in a terminal.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

fn load(case: &Value) -> Result<Journey, Error> {
    let path = dir().join(case["file"].as_str().unwrap());
    let bytes = std::fs::read(&path).unwrap();
    match case["loader"].as_str().unwrap() {
        "json" => {
            let from_path = Journey::load(&path).map_err(|e| e.to_string());
            let from_bytes = Journey::from_json_bytes(&bytes);
            assert_eq!(from_bytes.as_ref().map_err(|e| e.to_string()), from_path.as_ref().map_err(|e| e.clone()));
            from_bytes
        }
        "json_text" => Journey::from_json(std::str::from_utf8(&bytes).unwrap()),
        "csv_sheet" => Journey::load_csv_sheet(&path),
        other => panic!("unknown loader {other}"),
    }
}

#[test]
fn load_errors_name_the_place_and_hold_no_raw_control_characters() {
    let cases = cases();
    for case in list(&cases, "load_errors") {
        let name = case["name"].as_str().unwrap();
        let err = load(case).err().unwrap_or_else(|| panic!("{name}: loaded"));
        assert_eq!(err.kind(), case["kind"].as_str().unwrap(), "{name}: {err}");
        let message = err.to_string();
        for part in case["message_contains"].as_array().unwrap() {
            assert!(message.contains(part.as_str().unwrap()), "{name}: {message:?} lacks {part}");
        }
        assert!(!message.chars().any(hidden), "{name}: {message:?}");
        for p in err.problems() {
            assert!(!p.message.chars().any(hidden) && !p.path.chars().any(hidden), "{name}: {p:?}");
        }
    }
}

#[test]
fn a_utf8_byte_order_mark_is_skipped() {
    let cases = cases();
    for case in list(&cases, "valid") {
        let j = load(case).unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(j.id, case["id"].as_str().unwrap());
    }
    let text = "\u{feff}journey\n  section A\n    Tea: 5: Me\n";
    assert_eq!(Journey::from_mermaid(text, "m").unwrap().touchpoint_count(), 1);
}

#[test]
fn scoring_models_whose_sums_overflow_are_rejected() {
    let cases = cases();
    let map = load(&list(&cases, "valid")[0]).unwrap();
    for case in list(&cases, "models") {
        let name = case["name"].as_str().unwrap();
        let model: ScoringModel = serde_json::from_value(case["model"].clone()).unwrap();
        let err = map.score(&model).err().unwrap_or_else(|| panic!("{name}: scored"));
        assert_eq!(err.kind(), case["kind"].as_str().unwrap());
        for part in case["message_contains"].as_array().unwrap() {
            assert!(err.to_string().contains(part.as_str().unwrap()), "{name}: {err}");
        }
    }
}

/// Text without its entity codes (`#35;`).
fn without_codes(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(';') {
            rest = &after[digits + 1..];
        } else {
            out.push('#');
            rest = after;
        }
    }
    out + rest
}

/// No line of the text is one its export did not mean: a header, a title, sections and tasks only, each
/// task with a name, a score and actors.
fn check_mermaid_lines(text: &str, stages: usize, touchpoints: usize) {
    assert!(!text.chars().any(|c| c != '\n' && hidden(c)), "{text:?}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "journey");
    assert!(lines[1].starts_with("    title "));
    let sections = lines.iter().filter(|l| l.starts_with("    section ")).count();
    let tasks: Vec<&&str> = lines.iter().filter(|l| l.starts_with("      ")).collect();
    assert_eq!((sections, tasks.len()), (stages, touchpoints), "{text}");
    assert_eq!(lines.len(), 2 + sections + tasks.len());
    for task in tasks {
        assert_eq!(task.matches(':').count(), 2, "{task}");
        let bare = without_codes(task);
        assert!(!bare.contains(['%', ';', '#']), "{task}");
    }
}

fn names(j: &Journey) -> (String, Vec<String>, Vec<String>, Vec<String>) {
    (
        j.name.clone(),
        j.stages()
            .iter()
            .filter(|s| j.touchpoints_in_stage(&s.id).is_ok_and(|t| !t.is_empty()))
            .map(|s| s.name.clone())
            .collect(),
        j.touchpoints().iter().map(|t| t.name.clone()).collect(),
        j.personas().iter().map(|p| p.name.clone()).collect(),
    )
}

#[test]
fn mermaid_export_cannot_be_hijacked_by_names() {
    let cases = cases();
    for case in list(&cases, "mermaid_round_trips") {
        let j = Journey::load(dir().join(case["file"].as_str().unwrap())).unwrap();
        let text = j.to_mermaid(None).unwrap();
        let count = |k: &str| case[k].as_u64().unwrap() as usize;
        check_mermaid_lines(&text, count("stages"), count("touchpoints"));
        let back = Journey::from_mermaid(&text, "back").unwrap();
        assert_eq!((back.stages().len(), back.touchpoint_count()), (count("stages"), count("touchpoints")));
        assert_eq!(back.personas().len(), count("personas"));
        assert_eq!(back.name, case["title"].as_str().unwrap());
        assert_eq!(names(&back), names(&j));
        assert_eq!(back.to_mermaid(None).unwrap(), text, "a second round trip changes nothing");
        // The DOT of the same map: no control character inside or outside its strings.
        check_dot(&j.to_dot());
    }
}

#[test]
fn conformance_goes_through_the_map_only() {
    let cases = cases();
    for case in list(&cases, "conformance") {
        let name = case["name"].as_str().unwrap();
        let map = Journey::load(dir().join(case["map"].as_str().unwrap())).unwrap();
        let log = EventLog::load_csv(dir().join(case["events"].as_str().unwrap()), &EventColumns::default()).unwrap();
        let fit = log.conformance(&map);
        assert_eq!(fit.customers, case["customers"].as_u64().unwrap(), "{name}");
        assert_eq!(fit.fully_conforming, case["fully_conforming"].as_u64().unwrap(), "{name}");
        assert!((fit.fitness - case["fitness"].as_f64().unwrap()).abs() < 1e-12, "{name}: {}", fit.fitness);
        let unknown: std::collections::BTreeMap<String, u64> =
            serde_json::from_value(case["unknown_touchpoints"].clone()).unwrap();
        assert_eq!(fit.unknown_touchpoints, unknown, "{name}");
        // Nobody whose touchpoints are all off the map conforms at all.
        for c in &fit.per_customer {
            if ["c3", "c4"].contains(&c.customer.as_str()) {
                assert_eq!(c.fitness, 0.0, "{name}: {c:?}");
            }
        }
    }
}

#[test]
fn many_tasks_of_one_name_get_distinct_ids_in_linear_work() {
    // 2·10^4 tasks named alike took 112 s when each id was found by counting up from _2.
    let n = 20_000;
    let mut text = String::from("journey\n  section A\n");
    for _ in 0..n {
        text += "    Same: 3: Me\n";
    }
    text += "  section A\n    Same 2: 3: Me\n";
    let j = Journey::from_mermaid(&text, "m").unwrap();
    assert_eq!(j.touchpoint_count(), n + 1);
    assert_eq!(j.stages().len(), 2);
    let tps = j.touchpoints();
    assert_eq!(tps[0].id, "same");
    assert_eq!(tps[1].id, "same_2");
    assert_eq!(tps[n - 1].id, format!("same_{n}"));
    // A name whose own id is taken by a numbered one gets the next free number of its own.
    assert_eq!(tps[n].id, "same_2_2");
}

#[test]
fn duplicate_keys_are_rejected_in_maps_and_structs_everywhere() {
    for (text, path, key) in [
        (r#"{"schema_version": 1, "schema_version": 1, "id": "m", "name": "M"}"#, "", "schema_version"),
        (
            r#"{"schema_version": 1, "id": "m", "name": "M", "stages": [{"id": "s", "name": "S", "kpis": [{"name": "k", "target": 1, "target": 2}]}]}"#,
            "stages[0].kpis[0]",
            "target",
        ),
    ] {
        let err = Journey::from_json(text).unwrap_err();
        assert_eq!(err.kind(), "json");
        match &err {
            Error::Json { path: p, message, .. } => {
                assert_eq!(p, path);
                assert!(message.contains(&format!("duplicate key \"{key}\"")), "{message}");
            }
            other => panic!("{other}"),
        }
    }
}

/// Reads DOT text as tokens: every string closed on its line, only `\\` escapes inside, and no control
/// character anywhere but the newlines between statements.
fn check_dot(dot: &str) {
    let mut in_string = false;
    let mut chars = dot.chars();
    while let Some(c) = chars.next() {
        assert!(!hidden(c) || (c == '\n' && !in_string), "control character {c:?} in {dot:?}");
        match (in_string, c) {
            (true, '\\') => {
                let next = chars.next().expect("an escape at the end");
                assert!(!hidden(next), "escaped control character in {dot:?}");
            }
            (_, '"') => in_string = !in_string,
            _ => {}
        }
    }
    assert!(!in_string, "a string is not closed: {dot:?}");
}

fn name_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("section ".to_owned()),
        Just("Section ".to_owned()),
        Just("title ".to_owned()),
        Just("%%".to_owned()),
        Just("accTitle: ".to_owned()),
        Just("accDescr".to_owned()),
        Just("journey".to_owned()),
        Just(":".to_owned()),
        Just(";".to_owned()),
        Just(",".to_owned()),
        Just("#".to_owned()),
        Just("#35;".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just(" ".to_owned()),
        Just("  ".to_owned()),
        "[\\x00-\\x1f\\x7f\u{80}-\u{9f}]",
        "[\u{200b}-\u{200f}\u{2028}\u{2029}\u{202e}\u{feff}\u{3000}\u{a0}]",
        "\\PC{1,4}",
        "[a-zA-Z0-9]{1,6}",
    ];
    proptest::collection::vec(piece, 1..6)
        .prop_map(|parts| parts.concat())
        .prop_filter("a name has text", |s| !s.trim().is_empty())
}

fn hostile_map(journey: String, stages: Vec<String>, tps: Vec<(usize, String)>, personas: Vec<String>) -> Journey {
    let mut doc = Document::new("m", journey);
    doc.stages = stages.iter().enumerate().map(|(i, s)| Stage::new(format!("s{i}"), s.clone())).collect();
    doc.personas = personas
        .iter()
        .enumerate()
        .map(|(i, p)| Persona { id: format!("p{i}"), name: p.clone(), ..Persona::default() })
        .collect();
    doc.touchpoints = tps
        .iter()
        .enumerate()
        .map(|(i, (s, name))| {
            let mut t = Touchpoint::new(
                format!("t{i}\u{1b}\"\\{name}"),
                name.clone(),
                format!("s{}", s % stages.len()),
                Channel::Web,
            );
            if i % 3 == 1 && !doc.personas.is_empty() {
                t.personas = vec!["p0".into()];
            }
            t.emotion = Some(((i % 5) as f64) - 2.0);
            t
        })
        .collect();
    Journey::from_document(doc).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The round trip keeps what Mermaid expresses (see `journey_core::io::mermaid`): the journey's name,
    /// the stages with touchpoints and the touchpoints in order with their names, the personas' names
    /// (unique names here), whatever characters the names hold.
    #[test]
    fn mermaid_round_trip_keeps_every_name(
        journey in name_strategy(),
        stages in proptest::collection::vec(name_strategy(), 1..4),
        tps in proptest::collection::vec((0usize..4, name_strategy()), 1..12),
        personas in proptest::collection::btree_set(name_strategy(), 0..3),
    ) {
        let j = hostile_map(journey, stages, tps, personas.into_iter().collect());
        let text = j.to_mermaid(None).unwrap();
        let with_tps = names(&j).1.len();
        check_mermaid_lines(&text, with_tps, j.touchpoint_count());
        let back = Journey::from_mermaid(&text, "back").unwrap();
        prop_assert_eq!(back.stages().len(), with_tps);
        prop_assert_eq!(back.touchpoint_count(), j.touchpoint_count());
        let (want, got) = (names(&j), names(&back));
        prop_assert_eq!((&want.0, &want.1, &want.2), (&got.0, &got.1, &got.2));
        // A map without personas has the one actor `Customer`.
        let personas = if j.personas().is_empty() { vec!["Customer".to_owned()] } else { want.3.clone() };
        prop_assert_eq!(personas, got.3);
    }

    /// DOT output never holds a control character, and its strings are well quoted, whatever the ids and
    /// names hold.
    #[test]
    fn dot_has_no_control_characters_and_closes_every_string(
        journey in name_strategy(),
        stages in proptest::collection::vec(name_strategy(), 1..4),
        tps in proptest::collection::vec((0usize..4, name_strategy()), 1..8),
    ) {
        check_dot(&hostile_map(journey, stages, tps, Vec::new()).to_dot());
    }

    /// Scores are never NaN: a model either fails its check, naming the field, or gives finite scores in
    /// 0..=100, for weights anywhere from 0 and subnormals to 1e308.
    #[test]
    fn scores_are_never_nan(
        exps in proptest::collection::vec(prop_oneof![Just(None), (-320i32..=308).prop_map(Some)], 5),
        hotspot in -10i32..=308,
    ) {
        let w: Vec<f64> = exps.iter().map(|e| e.map_or(0.0, |e| 10f64.powi(e))).collect();
        let mut model = ScoringModel {
            weights: Weights { emotion: w[0], satisfaction: w[1], completion: w[2], effort: w[3], pain: w[4] },
            ..ScoringModel::default()
        };
        model.thresholds.pain_hotspot = 10f64.powi(hotspot);
        let map = Journey::load(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data/electronics-retailer.json")).unwrap();
        match map.score(&model) {
            Err(e) => {
                prop_assert_eq!(e.kind(), "argument");
                prop_assert!(e.to_string().starts_with("weights") || e.to_string().starts_with("thresholds.pain_hotspot"), "{}", e);
                prop_assert!(w.iter().any(|&x| x > journey_core::score::MAX_WEIGHT) || w.iter().all(|&x| x == 0.0)
                    || model.thresholds.pain_hotspot > journey_core::score::MAX_WEIGHT);
            }
            Ok(s) => {
                prop_assert!(w.iter().all(|&x| x <= journey_core::score::MAX_WEIGHT));
                for v in std::iter::once(&s.score).chain(s.stages.iter().map(|x| &x.score)).chain(s.touchpoints.iter().map(|x| &x.score)) {
                    prop_assert!((0.0..=100.0).contains(&v.value), "{:?}", v);
                    prop_assert!((0.0..=1.0).contains(&v.confidence), "{:?}", v);
                }
                prop_assert!(map.gaps(&model, None).is_ok());
            }
        }
    }
}

#[test]
fn a_list_of_problems_is_cut_at_its_limit_and_counts_the_rest() {
    use journey_core::model::validate::{MAX_PROBLEMS, TOO_MANY_PROBLEMS};
    // 10,005 unknown "next" items, a problem each: five more than are listed.
    let text = std::fs::read_to_string(dir().join("too_many_problems.csv")).unwrap();
    let e = Journey::from_csv_sheet(&text, "x", "X").unwrap_err();
    let problems = e.problems();
    assert_eq!(problems.len(), MAX_PROBLEMS + 1);
    let last = problems.last().unwrap();
    assert_eq!(last.kind, TOO_MANY_PROBLEMS);
    assert_eq!(last.message, "5 more problems are not listed: at most 10000 are");
    let message = e.to_string();
    assert!(message.starts_with("more than 10000 problems: "), "{}", &message[..80]);
    assert!(message.ends_with("; and 9980 more; 5 more problems are not listed: at most 10000 are"));
    assert!(message.len() < 4000, "the message stays short: {} bytes", message.len());
}
