//! Persona lows weighed by the persona's share of the customers (`tests/fixtures/persona_shares/`): the
//! severity of a negative moment of truth, the customers' emotion at a touchpoint, and the checks of the
//! shares.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::{GapKind, Journey, ScoringModel};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/persona_shares")
}

fn read(file: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join(file)).unwrap()).unwrap()
}

#[test]
fn a_persona_low_weighs_by_the_persona_share() {
    let want = read("expected.json");
    let j = Journey::load(dir().join("map.json")).unwrap();
    let gaps = j.gaps(&ScoringModel::default(), None).unwrap();
    for (tp, severity) in want["negative_moment_of_truth"].as_object().unwrap() {
        let g: Vec<_> = gaps
            .iter()
            .filter(|g| g.kind == GapKind::NegativeMomentOfTruth && g.location.touchpoint.as_deref() == Some(tp))
            .collect();
        assert_eq!(g.len(), 1, "{tp}");
        assert_eq!(u64::from(g[0].severity), severity.as_u64().unwrap(), "{tp}: {}", g[0].message);
        if let Some(text) = want["message_contains"][tp].as_str() {
            assert!(g[0].message.contains(text), "{}", g[0].message);
        }
    }
    for (tp, e) in want["customer_emotion"].as_object().unwrap() {
        let got = j.customer_emotion(j.touchpoint(tp).unwrap()).unwrap();
        assert!((got - e.as_f64().unwrap()).abs() < 1e-12, "{tp}: {got} vs {e}");
    }
}

#[test]
fn shares_are_checked() {
    for case in read("expected.json")["invalid"].as_array().unwrap() {
        let mut doc = read("map.json");
        doc["personas"][case["persona"].as_u64().unwrap() as usize]["share"] = case["share"].clone();
        let err = Journey::from_json(&doc.to_string()).unwrap_err();
        let p = err.problems().iter().find(|p| p.path == case["path"].as_str().unwrap()).expect("a problem");
        assert_eq!(p.kind, case["kind"].as_str().unwrap(), "{case}");
    }
}
