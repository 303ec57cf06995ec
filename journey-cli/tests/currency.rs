//! `journey report --currency CODE`: estimated effects and attribution values in that currency, from the
//! shared fixture in `tests/fixtures/currency/`; a value that is no currency is refused by name.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/currency")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap()
}

fn report(e: &Value, currency: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_journey"));
    cmd.arg("report").arg(dir().join(e["map"].as_str().unwrap()));
    cmd.arg("--events").arg(dir().join(e["events"].as_str().unwrap()));
    cmd.args(["--outcome", e["outcome"].as_str().unwrap(), "--as-of", "2026-12-01"]);
    if let Some(c) = currency {
        cmd.args(["--currency", c]);
    }
    cmd.output().unwrap()
}

#[test]
fn estimated_effects_are_written_in_the_currency_given() {
    let e = expected();
    for case in e["effects"].as_array().unwrap() {
        let out = report(&e, case["currency"].as_str());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8(out.stdout).unwrap();
        let want = format!("estimated effect: {}", case["in_report"].as_str().unwrap());
        assert!(stdout.lines().any(|l| l.trim() == want), "{want} in\n{stdout}");
    }
}

#[test]
fn a_value_that_is_no_currency_is_refused_by_name() {
    let e = expected();
    let bad = &e["invalid"][0];
    let out = report(&e, bad["currency"].as_str());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let message = bad["message"].as_str().unwrap().trim_start_matches("currency: ");
    assert!(stderr.contains("--currency") && stderr.contains(message), "{stderr}");
}
