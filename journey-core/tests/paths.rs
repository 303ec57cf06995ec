//! Paths around a touchpoint against the shared fixture in `tests/fixtures/paths/` (which the Python and
//! JavaScript tests check too): the results worked out by hand, the same for input in any row order, and
//! the errors of bad calls.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::analytics::{EventColumns, EventLog, PathAnchor, PathsAround, PathsOptions};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/paths")
}

fn fixture() -> (Value, String) {
    let want: Value = serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap();
    let csv = std::fs::read_to_string(dir().join(want["events"].as_str().unwrap())).unwrap();
    (want, csv)
}

fn log_of(csv: &str, want: &Value) -> EventLog {
    let columns =
        EventColumns { outcome: Some(want["columns"]["outcome"].as_str().unwrap().into()), ..EventColumns::default() };
    EventLog::from_csv_str(csv, &columns).unwrap()
}

fn options(v: &Value) -> PathsOptions {
    serde_json::from_value(v.clone()).unwrap()
}

#[test]
fn the_fixture_cases_come_out_as_worked_out_by_hand() {
    let (want, csv) = fixture();
    let log = log_of(&csv, &want);
    // The rows reversed (header kept): the log orders events itself, so the answers are the same.
    let mut lines: Vec<&str> = csv.lines().collect();
    lines[1..].reverse();
    let reversed = log_of(&(lines.join("\n") + "\n"), &want);
    let cases = want["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 3);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let touchpoint = case["touchpoint"].as_str().unwrap();
        let found = log.paths_around(touchpoint, &options(&case["options"])).unwrap();
        assert_eq!(serde_json::to_value(&found).unwrap(), case["expected"], "{name}");
        let back: PathsAround = serde_json::from_value(case["expected"].clone()).unwrap();
        assert_eq!(found, back, "{name}");
        assert_eq!(reversed.paths_around(touchpoint, &options(&case["options"])).unwrap(), found, "{name}");
        // Totals add up: each way, the kept sequences and the other ones make every visit looked around (one
        // per customer around the first visits).
        let before: u64 = found.before.iter().map(|s| s.customers).sum::<u64>() + found.before_other.customers;
        let after: u64 = found.after.iter().map(|s| s.customers).sum::<u64>() + found.after_other.customers;
        assert_eq!((before, after), (found.visits, found.visits), "{name}");
        if found.anchor == PathAnchor::First {
            assert_eq!(found.visits, found.customers, "{name}");
        }
    }
}

#[test]
fn the_fixture_errors_are_named() {
    let (want, csv) = fixture();
    let log = log_of(&csv, &want);
    for case in want["errors"].as_array().unwrap() {
        let e = log.paths_around(case["touchpoint"].as_str().unwrap(), &options(&case["options"])).unwrap_err();
        assert_eq!(e.kind().as_str(), case["kind"], "{case}");
        assert_eq!(e.to_string(), case["message"], "{case}");
    }
}

#[test]
fn options_default_to_three_steps_and_refuse_unknown_fields() {
    let o: PathsOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(o, PathsOptions::default());
    assert_eq!((o.steps, o.top, o.anchor), (3, 10, PathAnchor::First));
    let e = serde_json::from_str::<PathsOptions>(r#"{"step": 2}"#).unwrap_err();
    assert!(e.to_string().contains("unknown field `step`"), "{e}");
}

#[test]
fn a_bad_anchor_names_the_option_and_the_allowed_values() {
    let (want, _) = fixture();
    for case in want["bad_options"].as_array().unwrap() {
        // Options read from data, as the bindings read them: the error names the option and its values.
        let e = journey_core::binding::read_value::<PathsOptions>("options", case["options"].clone()).unwrap_err();
        assert_eq!(e.kind().as_str(), case["kind"]);
        let e = e.to_string();
        assert!(e.starts_with("options.anchor: "), "{e}");
        for word in case["mentions"].as_array().unwrap() {
            assert!(e.contains(word.as_str().unwrap()), "{e} lacks {word}");
        }
        let found = case["options"]["anchor"].as_str().unwrap();
        let e = found.parse::<PathAnchor>().unwrap_err();
        assert_eq!(e.kind().as_str(), case["kind"]);
        assert_eq!(e.to_string(), format!(r#"anchor: unknown path anchor "{found}", expected "first" or "every""#));
    }
}

#[test]
fn the_sankey_diagram_of_every_visit_counts_visits() {
    let (want, csv) = fixture();
    let log = log_of(&csv, &want);
    let every = PathsOptions { steps: 2, top: 0, anchor: PathAnchor::Every };
    let svg = journey_core::render::paths_sankey_svg(&log.paths_around("basket", &every).unwrap(), None);
    // 5 of 6 customers, 6 visits; the basket's node has every visit (100%), the site before it 5 of 6.
    assert!(svg.contains("5 of 6 customers came to basket, 6 visits in all; each visit is followed 2 events"), "{svg}");
    assert!(svg.contains("2 of the customers converted (40%)"), "{svg}");
    assert!(svg.contains(">6 (100%)</text>") && svg.contains(">5 (83.3%)</text>"), "{svg}");
    assert!(svg.contains("site \u{2192} basket: 5 visits"), "{svg}");
    let first = PathsOptions { steps: 2, top: 0, anchor: PathAnchor::First };
    let svg = journey_core::render::paths_sankey_svg(&log.paths_around("basket", &first).unwrap(), None);
    assert!(svg.contains("5 of 6 customers came to basket; each is followed 2 events"), "{svg}");
    assert!(svg.contains(">5 (100%)</text>") && svg.contains("site \u{2192} basket: 4 customers"), "{svg}");
}

#[test]
fn the_report_draws_the_paths_around_the_first_visit_or_every_visit() {
    let (want, csv) = fixture();
    let log = log_of(&csv, &want);
    let mut b = journey_core::Journey::builder("shop", "Shop").stage(journey_core::Stage::new("buy", "Buy"));
    for id in ["email", "ad", "site", "basket", "pay"] {
        b = b.touchpoint(journey_core::Touchpoint::new(id, id, "buy", journey_core::Channel::Web));
    }
    let j = b.build().unwrap();
    let html = |paths_anchor| {
        let options = journey_core::render::HtmlOptions {
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
            paths_anchor,
            ..journey_core::render::HtmlOptions::default()
        };
        j.to_html(&options, Some(&log)).unwrap()
    };
    // Most left at the basket (b and c): the report's paths are around it, 3 events each way.
    let first = html(PathAnchor::First);
    assert!(first.contains("3 events each way around their first visit."), "first");
    assert!(first.contains("5 of 6 customers came to basket; each is followed 3 events"), "first");
    assert_eq!(first, html(journey_core::render::HtmlOptions::default().paths_anchor));
    let every = html(PathAnchor::Every);
    assert!(every.contains("3 events each way around every visit."), "every");
    assert!(every.contains("5 of 6 customers came to basket, 6 visits in all"), "every");
}
