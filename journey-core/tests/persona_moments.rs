//! Pain points and delights that name their personas (`tests/fixtures/persona_moments/`): a persona's
//! score counts only the pain points that concern them, the whole journey's all of them, and an unknown
//! persona is a validation problem naming the path.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::{Journey, ScoringModel};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/persona_moments")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap()
}

#[test]
fn a_persona_counts_the_pain_points_that_concern_them() {
    let want = expected();
    let j = Journey::load(dir().join("map.json")).unwrap();
    let model = ScoringModel::default();
    let tp = want["touchpoint"].as_str().unwrap();
    for (who, pain) in want["pain"].as_object().unwrap() {
        let scores = if who == "all" { j.score(&model) } else { j.score_persona(&model, who) }.unwrap();
        let t = scores.touchpoints.iter().find(|t| t.touchpoint == tp).unwrap();
        let c = t.score.components.iter().find(|c| c.name == "pain").unwrap();
        assert!((c.value - pain.as_f64().unwrap()).abs() < 1e-12, "{who}: {} vs {pain}", c.value);
        let n = want["pain_points_counted"][who].as_u64().unwrap();
        assert!(c.detail.starts_with(&format!("{n} pain point")), "{who}: {}", c.detail);
    }
    // The map round-trips with its persona lists.
    let back = Journey::from_json(&j.to_json()).unwrap();
    assert_eq!(back.touchpoint(tp).unwrap().pain_points[0].personas, vec!["a".to_owned()]);
}

#[test]
fn an_unknown_persona_of_a_pain_point_is_a_problem_naming_its_path() {
    let want = &expected()["unknown_persona"];
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(dir().join("map.json")).unwrap()).unwrap();
    doc["touchpoints"][0]["pain_points"][0]["personas"][0] = "ghost".into();
    let err = Journey::from_json(&doc.to_string()).unwrap_err();
    assert_eq!(err.kind().as_str(), "invalid");
    let p = err.problems().iter().find(|p| p.path == want["path"].as_str().unwrap()).expect("a problem at the path");
    assert_eq!(p.kind, want["kind"].as_str().unwrap());
    assert!(p.message.contains(want["message"].as_str().unwrap()), "{}", p.message);
}
