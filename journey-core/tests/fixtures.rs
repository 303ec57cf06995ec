//! The shared fixtures in `tests/fixtures/cases.json`, which the Python and JavaScript tests run too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::{Error, Journey, Touchpoint};
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
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

fn load(case: &Value) -> Result<Journey, Error> {
    let path = fixtures().join(case["file"].as_str().expect("file"));
    match case["loader"].as_str() {
        Some("json") => {
            let bytes = std::fs::read(&path).expect("fixture file");
            let from_bytes = Journey::from_json_bytes(&bytes);
            let from_path = Journey::load(&path);
            assert_eq!(
                from_bytes.as_ref().map_err(|e| e.to_string()),
                from_path.as_ref().map_err(|e| e.to_string()),
                "{path:?}: from bytes and from the path differ"
            );
            from_bytes
        }
        Some("csv_sheet") => Journey::load_csv_sheet(&path),
        other => panic!("unknown loader {other:?}"),
    }
}

#[test]
fn load_errors_have_kind_place_and_every_problem() {
    let cases = cases();
    let list = cases["load_errors"].as_array().expect("load_errors");
    assert!(list.len() >= 15);
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
        let want: Vec<(String, String)> = case
            .get("problems")
            .and_then(Value::as_array)
            .map(|ps| {
                ps.iter()
                    .map(|p| (p["kind"].as_str().expect("kind").into(), p["path"].as_str().expect("path").into()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn valid_files_load_with_their_parts_and_round_trip() {
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
        let again = Journey::from_json(&j.to_json()).expect("round trip");
        assert_eq!(again, j);
        assert_eq!(again.to_json(), j.to_json());
    }
}

#[test]
fn queries_answer_as_the_fixtures_say() {
    for case in cases()["queries"].as_array().expect("queries") {
        let j = Journey::load(fixtures().join(case["file"].as_str().expect("file"))).expect("loads");
        let map = |key: &str| case[key].as_object().cloned().unwrap_or_default();
        for (stage, want) in map("stage_touchpoints") {
            assert_eq!(ids(&j.touchpoints_in_stage(&stage).expect("stage")), strs(&want), "stage {stage}");
        }
        for (persona, want) in map("persona_touchpoints") {
            assert_eq!(ids(&j.touchpoints_for_persona(&persona).expect("persona")), strs(&want), "persona {persona}");
        }
        for (channel, want) in map("channel_touchpoints") {
            let channel = channel.parse().expect("channel");
            assert_eq!(ids(&j.touchpoints_on_channel(&channel)), strs(&want), "channel {channel}");
        }
        for (tp, want) in map("successors") {
            assert_eq!(ids(&j.successors(&tp).expect("touchpoint")), strs(&want), "successors of {tp}");
        }
        for (tp, want) in map("predecessors") {
            assert_eq!(ids(&j.predecessors(&tp).expect("touchpoint")), strs(&want), "predecessors of {tp}");
        }
        for p in case["paths"].as_array().expect("paths") {
            let (from, to) = (p["from"].as_str().expect("from"), p["to"].as_str().expect("to"));
            let got = j.path(from, to).expect("known ids").map(|path| ids(&path));
            let want = if p["path"].is_null() { None } else { Some(strs(&p["path"])) };
            assert_eq!(got, want, "path {from} -> {to}");
            assert_eq!(j.reaches(from, to).expect("known ids"), want.is_some());
        }
    }
}
