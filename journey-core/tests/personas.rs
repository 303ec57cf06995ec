//! `EventLog::for_persona` against the shared fixture (`tests/fixtures/personas/`, worked out by hand): each
//! persona's customers, conversions, value and stage funnel, the errors, and the per-persona score and gaps
//! that follow by applying the persona's log to the map. The Python and JS suites check the same fixture.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::analytics::{AttributionModel, EventColumns, EventLog};
use journey_core::{Journey, ScoringModel};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/personas")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap()
}

fn map(e: &Value) -> Journey {
    Journey::load(dir().join(e["map"].as_str().unwrap())).unwrap()
}

fn log(e: &Value, segment_column: bool) -> EventLog {
    let columns = EventColumns {
        segment: segment_column.then(|| e["segment_column"].as_str().unwrap().to_owned()),
        outcome: Some(e["outcome_column"].as_str().unwrap().to_owned()),
        ..EventColumns::default()
    };
    EventLog::load_csv(dir().join(e["events"].as_str().unwrap()), &columns).unwrap()
}

/// The total value of a log's conversions (last touch credits each conversion once).
fn value(log: &EventLog) -> f64 {
    log.attribution(AttributionModel::LastTouch, true).unwrap().value
}

#[test]
fn each_persona_gets_the_customers_of_its_segment() {
    let e = expected();
    let (j, log) = (map(&e), log(&e, true));
    assert_eq!(log.customer_count() as u64, e["customers"].as_u64().unwrap());
    assert_eq!(log.conversions() as u64, e["conversions"].as_u64().unwrap());
    for p in e["personas"].as_array().unwrap() {
        let id = p["persona"].as_str().unwrap();
        let mine = log.for_persona(&j, id).unwrap();
        assert_eq!(mine.customer_count() as u64, p["customers"].as_u64().unwrap(), "{id}");
        assert_eq!(mine.conversions() as u64, p["conversions"].as_u64().unwrap(), "{id}");
        assert!((value(&mine) - p["value"].as_f64().unwrap()).abs() < 1e-9, "{id}: value {}", value(&mine));
        let funnel: Vec<u64> = mine.stage_funnel(&j).steps.iter().map(|s| s.customers).collect();
        let want: Vec<u64> = p["stage_funnel"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
        assert_eq!(funnel, want, "{id}: stage funnel");
        // One rule: the persona's log is the log of its segment.
        assert_eq!(mine, log.filter_segment(p["segment"].as_str().unwrap()).unwrap(), "{id}");
    }
}

#[test]
fn the_personas_of_segments_split_the_log() {
    let e = expected();
    let (j, log) = (map(&e), log(&e, true));
    let with_segments: usize = j
        .personas()
        .iter()
        .filter(|p| p.segment.is_some())
        .map(|p| log.for_persona(&j, &p.id).unwrap().customer_count())
        .sum();
    // Every customer of the fixture is online or offline, and those two segments have a persona each.
    assert_eq!(with_segments, log.customer_count());
}

#[test]
fn bad_personas_and_logs_say_what_is_wrong() {
    let e = expected();
    let j = map(&e);
    for case in e["errors"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let log = log(&e, case["segment_column"].as_bool().unwrap());
        let err = log.for_persona(&j, case["persona"].as_str().unwrap()).unwrap_err();
        assert_eq!(err.kind().as_str(), case["kind"].as_str().unwrap(), "{name}: {err}");
        let text = err.to_string();
        assert!(text.starts_with(case["message_starts"].as_str().unwrap()), "{name}: {text}");
        assert!(text.contains(case["message"].as_str().unwrap()), "{name}: {text}");
    }
}

#[test]
fn a_map_without_personas_says_so_and_long_lists_are_cut() {
    let e = expected();
    let log = log(&e, true);
    let mut doc = map(&e).to_document();
    doc.personas.clear();
    let bare = Journey::from_document(doc.clone()).unwrap();
    assert_eq!(
        log.for_persona(&bare, "savvy").unwrap_err().to_string(),
        r#"unknown persona "savvy"; the map has no personas"#
    );
    // Every call that takes a persona says the same.
    let m = journey_core::ScoringModel::default();
    assert_eq!(
        bare.score_persona(&m, "savvy").unwrap_err().to_string(),
        r#"unknown persona "savvy"; the map has no personas"#
    );
    assert_eq!(
        bare.to_mermaid(Some("savvy")).unwrap_err().to_string(),
        r#"unknown persona "savvy"; the map has no personas"#
    );
    for i in 0..25 {
        doc.personas.push(journey_core::Persona {
            id: format!("p{i:02}"),
            name: format!("P {i}"),
            ..Default::default()
        });
    }
    let many = Journey::from_document(doc).unwrap();
    let text = log.for_persona(&many, "savvy").unwrap_err().to_string();
    assert!(
        text.ends_with("the map's personas are p00, p01, p02, p03, p04, p05, p06, p07, p08, p09 and 15 more"),
        "{text}"
    );
}

#[test]
fn scores_and_gaps_per_persona_follow_from_applying_their_log() {
    let e = expected();
    let (j, log) = (map(&e), log(&e, true));
    let model = ScoringModel::default();
    for p in e["personas"].as_array().unwrap().iter().filter(|p| !p["applied"].is_null()) {
        let id = p["persona"].as_str().unwrap();
        let mut seen = j.clone();
        seen.apply(&log.for_persona(&j, id).unwrap().discover());
        for (tp, want) in p["applied"]["entered"].as_object().unwrap() {
            assert_eq!(seen.touchpoint(tp).unwrap().metrics.entered, want.as_u64(), "{id}: {tp}");
        }
        let score = seen.score_persona(&model, id).unwrap();
        assert_eq!(score.persona.as_deref(), Some(id));
        let want = p["applied"]["score"].as_f64().unwrap();
        assert!((score.score.value - want).abs() < 1e-9, "{id}: score {} vs {want}", score.score.value);
        // The map-only score differs: the persona's log is what moved it.
        assert!((j.score_persona(&model, id).unwrap().score.value - want).abs() > 1e-6, "{id}");
        assert!(seen.gaps(&model, None).is_ok(), "{id}");
    }
}
