//! `journey check` as a lint step: several files, folders and standard input; exit codes 0 (valid), 1 (a
//! map unreadable or invalid), 2 (wrong usage) and 3 (a gap at or above `--fail-on`); text and JSON output
//! that agree with the core's validation and gaps.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use chrono::NaiveDate;
use journey_core::{Journey, ScoringModel};
use serde_json::Value;

const AS_OF: &str = "2026-12-01";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example() -> PathBuf {
    root().join("examples/data/electronics-retailer.json")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("journey-cli-check-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn check(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_journey")).arg("check").args(args).args(["--as-of", AS_OF]).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The severities of the example's gaps, as the core finds them on the same date.
fn severities(path: &Path) -> Vec<u8> {
    let j = Journey::load(path).unwrap();
    let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    j.gaps(&ScoringModel::default(), Some(as_of)).unwrap().iter().map(|g| g.severity).collect()
}

/// The example with a transition to a touchpoint it does not have.
fn broken(dir: &Path) -> PathBuf {
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(example()).unwrap()).unwrap();
    let first = doc["touchpoints"][0]["id"].clone();
    doc["transitions"].as_array_mut().unwrap().push(serde_json::json!({"from": first, "to": "nowhere"}));
    let path = dir.join("broken.json");
    std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
    path
}

#[test]
fn a_valid_map_passes_and_lists_its_gaps() {
    let out = check(&[example().as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let n = severities(&example()).len();
    assert!(stdout.starts_with(&format!("{}: valid (22 touchpoints, {n} gaps)\n", example().display())), "{stdout}");
    assert_eq!(stdout.lines().filter(|l| l.starts_with("  gap ")).count(), n);
}

#[test]
fn fail_on_fails_with_3_on_gaps_that_reach_it() {
    let severities = severities(&example());
    for level in 1..=5u8 {
        let out = check(&[example().as_os_str(), "--fail-on".as_ref(), level.to_string().as_ref()]);
        let at = severities.iter().filter(|s| **s >= level).count();
        assert_eq!(out.status.code(), Some(if at > 0 { 3 } else { 0 }), "level {level}");
        let stdout = text(&out.stdout);
        assert!(stdout.contains(&format!(", {at} at severity {level} or more")), "{stdout}");
        // Only the gaps that fail are listed.
        assert_eq!(stdout.lines().filter(|l| l.starts_with("  gap ")).count(), at, "level {level}");
    }
    let out = check(&[example().as_os_str(), "--fail-on".as_ref(), "never".as_ref()]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn wrong_usage_is_2_and_says_what_was_expected() {
    for bad in ["0", "6", "high"] {
        let out = check(&[example().as_os_str(), "--fail-on".as_ref(), bad.as_ref()]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(text(&out.stderr).contains("expected a severity from 1 to 5 or never"), "{}", text(&out.stderr));
    }
    let out = Command::new(env!("CARGO_BIN_EXE_journey")).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn folders_are_walked_in_order_and_an_invalid_map_fails_with_1() {
    let dir = scratch("folder");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::create_dir_all(dir.join(".hidden")).unwrap();
    std::fs::copy(example(), dir.join("sub/good.json")).unwrap();
    std::fs::write(dir.join(".hidden/ignored.json"), "{").unwrap();
    std::fs::write(dir.join("events.csv"), "customer_id,timestamp,touchpoint\n").unwrap();
    let bad = broken(&dir);
    let out = check(&[dir.as_os_str(), "--fail-on".as_ref(), "5".as_ref()]);
    // Invalid wins over gaps: 1, whatever --fail-on says.
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let files: Vec<&str> = stdout.lines().filter(|l| !l.starts_with(' ')).collect();
    assert!(files[0].starts_with(&format!("{}: kind: invalid", bad.display())), "{stdout}");
    assert!(stdout.contains("problem: unknown_reference transitions["), "{stdout}");
    assert!(files.iter().any(|l| l.starts_with(&format!("{}: valid", dir.join("sub/good.json").display()))));
    assert!(!stdout.contains("ignored.json") && !stdout.contains("events.csv"), "{stdout}");
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with(&format!("error: {}: ", bad.display())), "{stderr}");
}

#[test]
fn json_output_agrees_with_the_core_and_the_exit_code() {
    let dir = scratch("json");
    let bad = broken(&dir);
    let missing = dir.join("missing.json");
    let out = check(&[
        example().as_os_str(),
        bad.as_os_str(),
        missing.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--fail-on".as_ref(),
        "4".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["exit_code"], 1);
    assert_eq!(doc["fail_on"], 4);
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    let gaps = files[0]["gaps"].as_array().unwrap();
    let severities = severities(&example());
    assert_eq!(gaps.iter().map(|g| g["severity"].as_u64().unwrap() as u8).collect::<Vec<_>>(), severities);
    assert!(gaps.iter().all(|g| g["kind"].is_string() && g["message"].is_string()));
    assert_eq!((files[0]["valid"].clone(), files[1]["valid"].clone()), (Value::Bool(true), Value::Bool(false)));
    assert_eq!(files[1]["error"]["kind"], "invalid");
    assert_eq!(files[1]["error"]["problems"][0]["kind"], "unknown_reference");
    assert_eq!(files[2]["error"]["kind"], "io");
    // Nothing but the document on standard output.
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn a_map_on_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_journey"))
        .args(["check", "-", "--format", "json", "--as-of", AS_OF])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&std::fs::read(example()).unwrap()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["files"][0]["path"], "-");
    assert_eq!(doc["files"][0]["gaps"].as_array().unwrap().len(), severities(&example()).len());
}

#[test]
fn every_subcommand_has_examples_in_its_help() {
    for sub in ["report", "check", "convert", "schema"] {
        let out = Command::new(env!("CARGO_BIN_EXE_journey")).args([sub, "--help"]).output().unwrap();
        let help = text(&out.stdout);
        assert!(out.status.success() && help.contains("Example"), "{sub}: {help}");
        assert!(help.contains(&format!("journey {sub} ")), "{sub}: {help}");
    }
}
