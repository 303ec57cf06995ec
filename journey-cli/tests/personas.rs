//! The report lists each persona's customers, conversions and score on the shared fixture
//! (`tests/fixtures/personas/`), with the figures of its expected.json; a persona without a segment and one
//! whose segment no customer has are said so. Without a segment column there is no persona section.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/personas")
}

fn report(segment: bool) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_journey"));
    cmd.arg("report").arg(dir().join("map.json")).arg("--events").arg(dir().join("events.csv"));
    cmd.args(["--outcome", "order_value", "--as-of", "2026-12-01"]);
    if segment {
        cmd.args(["--segment", "segment"]);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_report_gives_each_personas_customers_conversions_and_score() {
    let e: Value = serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap();
    let out = report(true);
    let lines: Vec<&str> =
        out.lines().skip_while(|l| !l.starts_with("personas (")).skip(1).take_while(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 4, "{out}");
    for p in e["personas"].as_array().unwrap() {
        let id = p["persona"].as_str().unwrap();
        let line = lines.iter().find(|l| l.contains(&format!("({id})"))).unwrap_or_else(|| panic!("{id}: {out}"));
        let (customers, conversions) = (p["customers"].as_u64().unwrap(), p["conversions"].as_u64().unwrap());
        if customers == 0 {
            let segment = p["segment"].as_str().unwrap();
            assert!(line.ends_with(&format!("no customer of the log has segment \"{segment}\"")), "{line}");
            continue;
        }
        let rate = journey_core::words::percent(conversions as f64 / customers as f64);
        let score = p["applied"]["score"].as_f64().unwrap();
        let want = format!("{customers} customers, {conversions} conversions ({rate}), score {score:.1}");
        assert!(line.ends_with(&want), "{line:?} should end with {want:?}");
    }
    let casual = lines.iter().find(|l| l.contains("Casual visitor")).unwrap();
    assert!(casual.contains(r#"persona "casual" has no segment: set personas[2].segment"#), "{casual}");
}

#[test]
fn without_a_segment_column_there_is_no_persona_section() {
    let out = report(false);
    assert!(!out.lines().any(|l| l.starts_with("personas (")), "{out}");
}
