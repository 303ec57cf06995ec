//! The `journey` command on hostile input: text from the user's files never reaches the terminal with its
//! control characters (a forged `error:` line, ESC sequences, bidirectional overrides), and errors name the
//! file they are about.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("journey-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn journey(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_journey")).args(args).output().unwrap()
}

/// A fresh folder with an events file of this text; the example map.
fn example_with_events(name: &str, csv: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = scratch(name);
    let events = dir.join("events.csv");
    std::fs::write(&events, csv).unwrap();
    (dir, root().join("examples/data/electronics-retailer.json"), events)
}

/// `journey report MAP --events EVENTS` with more options.
fn report(map: &Path, events: &Path, more: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["report".as_ref(), map.as_os_str(), "--events".as_ref(), events.as_os_str()];
    args.extend(more.iter().map(std::ffi::OsStr::new));
    journey(&args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

const EVIL: &str = "evil\nerror: forged\u{1b}[2J\u{9b}31m\u{202e}";

/// What the terminal must never receive from user text: ESC, the C1 CSI, a right-to-left override, and a line
/// of its own starting like a message of the command.
fn assert_clean(out: &str) {
    for c in ['\u{1b}', '\u{9b}', '\u{202e}', '\r'] {
        assert!(!out.contains(c), "raw {c:?} in:\n{out}");
    }
    assert!(!out.lines().any(|l| l.trim_start().starts_with("error: forged")), "forged line in:\n{out}");
}

/// The example map with hostile text in its name, a stage name, a touchpoint name and a persona name.
fn hostile_map(dir: &Path) -> PathBuf {
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("examples/data/electronics-retailer.json")).unwrap())
            .unwrap();
    doc["name"] = Value::String(format!("map {EVIL}"));
    doc["stages"][0]["name"] = Value::String(format!("stage {EVIL}"));
    doc["touchpoints"][0]["name"] = Value::String(format!("touchpoint {EVIL}"));
    if let Some(p) = doc["personas"].get_mut(0) {
        p["name"] = Value::String(format!("persona {EVIL}"));
    }
    let path = dir.join("map.json");
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    path
}

#[test]
fn the_report_escapes_user_text() {
    let dir = scratch("report");
    let map = hostile_map(&dir);
    // Events with a hostile touchpoint (not on the map) and segment.
    let events = dir.join("events.csv");
    let evil_csv = EVIL.replace('"', "");
    std::fs::write(
        &events,
        format!(
            "customer_id,timestamp,touchpoint,segment\n\
             a,2026-03-01T10:00:00Z,product_page,web\n\
             a,2026-03-01T10:05:00Z,\"{evil_csv}\",web\n\
             b,2026-03-01T11:00:00Z,product_page,\"{evil_csv}\"\n\
             b,2026-03-01T11:05:00Z,cart,\"{evil_csv}\"\n"
        ),
    )
    .unwrap();
    let out = report(&map, &events, &["--as-of", "2026-03-10", "--segment", "segment"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_clean(&stdout);
    // The values are shown, escaped.
    assert!(stdout.contains("map evil\\nerror: forged\\u{1b}[2J\\u{9b}31m\\u{202e}"), "{stdout}");
    assert!(stdout.contains("not on the map: evil\\nerror: forged"), "{stdout}");
    assert!(stdout.contains("touchpoint evil\\n"), "{stdout}");
}

#[test]
fn errors_escape_user_text() {
    let dir = scratch("check");
    // A transition to a touchpoint the map does not have, whose id is hostile.
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("examples/data/electronics-retailer.json")).unwrap())
            .unwrap();
    let first = doc["touchpoints"][0]["id"].clone();
    doc["transitions"].as_array_mut().unwrap().push(serde_json::json!({"from": first, "to": EVIL}));
    let map = dir.join("broken.json");
    std::fs::write(&map, serde_json::to_string(&doc).unwrap()).unwrap();
    let out = journey(&["check".as_ref(), map.as_os_str()]);
    assert!(!out.status.success());
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_clean(&stdout);
    assert_clean(&stderr);
    assert_eq!(stderr.lines().filter(|l| l.starts_with("error:")).count(), 1, "{stderr}");
    assert!(stderr.contains("evil\\nerror: forged"), "{stderr}");
    // A file name with a line break in it is shown escaped too.
    let odd = dir.join("odd\nerror: forged.json");
    std::fs::write(&odd, "{").unwrap();
    let out = journey(&["check".as_ref(), odd.as_os_str()]);
    let stderr = text(&out.stderr);
    assert_clean(&stderr);
    assert!(stderr.starts_with("error: ") && stderr.contains("odd\\nerror: forged.json"), "{stderr}");
}

#[test]
fn convert_writes_json_that_is_safe_on_a_terminal_and_the_same_value() {
    let dir = scratch("convert");
    let map = hostile_map(&dir);
    let out = journey(&["convert".as_ref(), map.as_os_str()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_clean(&stdout);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["name"], Value::String(format!("map {EVIL}")));
}

#[test]
fn errors_in_the_event_log_name_the_event_log() {
    let (dir, map, events) = example_with_events("events", "customer_id,timestamp,touchpoint\na,yesterday,cart\n");
    let out = report(&map, &events, &[]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    let want = format!("error: {}: line 2, column \"timestamp\": cannot read \"yesterday\"", events.display());
    assert!(stderr.starts_with(&want), "{stderr}");
    assert!(!stderr.contains("electronics-retailer.json"), "{stderr}");
    // A missing events file: the error names it, once.
    let missing = dir.join("missing.csv");
    let out = report(&map, &missing, &[]);
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with(&format!("error: {}: ", missing.display())), "{stderr}");
    assert_eq!(stderr.matches("missing.csv").count(), 1, "{stderr}");
    assert!(!stderr.contains("electronics-retailer.json"), "{stderr}");
    // An error in the map still names the map.
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{").unwrap();
    let out = report(&broken, &events, &[]);
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with(&format!("error: {}: ", broken.display())), "{stderr}");
}

#[test]
fn ties_and_sequence_options_reach_the_log() {
    let (_, map, events) = example_with_events("ties", "customer_id,timestamp,touchpoint\na,2026-03-01,cart\n");
    let out = report(&map, &events, &["--ties", "sideways"]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("sideways") && stderr.contains("canonical"), "{stderr}");
    let out = report(&map, &events, &["--sequence", "seq"]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("missing column \"seq\""), "{stderr}");
}
