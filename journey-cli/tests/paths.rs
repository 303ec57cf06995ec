//! The report command's paths around the touchpoint where most customers left, around each customer's first
//! visit or around every visit (`--paths-anchor`), on the shared fixture `tests/fixtures/paths/` with a map
//! that names its touchpoints; the counts worked out by hand from the fixture's paths (see its README).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

const MAP: &str = r#"{
  "schema_version": 1,
  "id": "shop",
  "name": "Shop",
  "stages": [{ "id": "buy", "name": "Buy" }],
  "touchpoints": [
    { "id": "email", "name": "Email", "stage": "buy", "channel": "email" },
    { "id": "ad", "name": "Ad", "stage": "buy", "channel": "social" },
    { "id": "site", "name": "Site", "stage": "buy", "channel": "web" },
    { "id": "basket", "name": "Basket", "stage": "buy", "channel": "web" },
    { "id": "pay", "name": "Pay", "stage": "buy", "channel": "web" }
  ]
}"#;

fn report(name: &str, args: &[&str]) -> Output {
    let dir = std::env::temp_dir().join(format!("journey-cli-{}-paths-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let map = dir.join("shop.json");
    std::fs::write(&map, MAP).unwrap();
    let events = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/paths/events.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_journey"))
        .arg("report")
        .arg(&map)
        .arg("--events")
        .arg(events)
        .args(["--outcome", "converted", "--as-of", "2026-12-01"])
        .args(args)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    out
}

/// The lines of the paths section.
fn paths(out: &Output) -> Vec<String> {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let mut lines = stdout.lines().skip_while(|l| !l.starts_with("paths around"));
    let head = lines.next().unwrap_or_else(|| panic!("no paths in:\n{stdout}"));
    std::iter::once(head).chain(lines.take_while(|l| !l.trim().is_empty())).map(str::to_owned).collect()
}

#[test]
fn the_paths_are_around_the_first_visit_by_default_and_every_visit_when_asked() {
    // Most left at the basket (b and c). Three steps around the first visits: a and e came from the start
    // through the ad and the site; after it, a and e paid and converted, b left.
    let first = paths(&report("first", &[]));
    assert_eq!(first[0], "paths around Basket (where most left: 3 events each way around customers' first visit)");
    assert!(first[1].ends_with("2 customers  journey started > Ad > Site > Basket"), "{first:?}");
    assert!(first.iter().any(|l| l.ends_with("2 customers  Basket > Pay > converted")), "{first:?}");
    assert_eq!(first, paths(&report("first-named", &["--paths-anchor", "first"])));
    // Around every visit: c's second visit adds one more that left at once (b and c), counted in visits.
    let every = paths(&report("every", &["--paths-anchor", "every"]));
    assert_eq!(every[0], "paths around Basket (where most left: 3 events each way around every visit)");
    assert!(every[1].ends_with("2 visits  journey started > Ad > Site > Basket"), "{every:?}");
    let after: Vec<&String> = every.iter().filter(|l| l.trim_start().starts_with("after")).collect();
    assert!(after[0].ends_with("2 visits  Basket > left without converting"), "{every:?}");
    assert!(after[1].ends_with("2 visits  Basket > Pay > converted"), "{every:?}");
}

#[test]
fn a_bad_paths_anchor_names_the_option_and_the_allowed_values() {
    let out = report("bad", &["--paths-anchor", "all"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--paths-anchor"), "{stderr}");
    assert!(stderr.contains(r#"unknown path anchor "all", expected "first" or "every""#), "{stderr}");
}
