//! A map's `currency` against the shared fixture (`tests/fixtures/currency/`): which codes it takes, the
//! error and the validation problem for others, and outcome values written in it in the backlog's
//! estimated effects, the report and the attribution chart; then, over generated values, that an estimate
//! is always written in whole units of the currency.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use journey_core::analytics::{AttributionModel, EventColumns, EventLog};
use journey_core::render::{HtmlOptions, attribution_svg};
use journey_core::{Journey, ScoringModel, words};
use proptest::prelude::*;
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/currency")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap()
}

fn at(v: &Value, key: &str) -> PathBuf {
    dir().join(Path::new(v[key].as_str().unwrap()))
}

fn map_and_log(e: &Value) -> (Journey, EventLog) {
    let columns = EventColumns { outcome: e["outcome"].as_str().map(Into::into), ..EventColumns::default() };
    let log = EventLog::load_csv(at(e, "events"), &columns).unwrap();
    let mut j = Journey::load(at(e, "map")).unwrap();
    j.apply(&log.discover());
    (j, log)
}

#[test]
fn a_currency_is_a_code_or_a_symbol_and_anything_else_is_named() {
    let e = expected();
    let mut j = Journey::builder("m", "M").build().unwrap();
    for ok in e["valid"].as_array().unwrap() {
        j.set_currency(ok.as_str()).unwrap();
        assert_eq!(j.currency.as_deref(), ok.as_str());
    }
    j.set_currency(Some("EUR")).unwrap();
    for bad in e["invalid"].as_array().unwrap() {
        let err = j.set_currency(bad["currency"].as_str()).unwrap_err();
        assert_eq!(err.kind().to_string(), bad["kind"].as_str().unwrap());
        assert_eq!(err.to_string(), bad["message"].as_str().unwrap());
        assert_eq!(j.currency.as_deref(), Some("EUR"), "a refused currency leaves the map's as it was");
    }
    j.set_currency(None).unwrap();
    assert_eq!(j.currency, None);
}

#[test]
fn a_map_with_a_bad_currency_is_invalid_and_a_good_one_round_trips() {
    let e = expected();
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(at(&e, "map")).unwrap()).unwrap();
    doc["currency"] = e["invalid_map"]["currency"].clone();
    let err = Journey::from_json(&doc.to_string()).unwrap_err();
    let want = &e["invalid_map"]["problem"];
    let problems: Vec<(&str, &str, &str)> =
        err.problems().iter().map(|p| (p.kind.as_str(), p.path.as_str(), p.message.as_str())).collect();
    assert_eq!(
        problems,
        [(want["kind"].as_str().unwrap(), want["path"].as_str().unwrap(), want["message"].as_str().unwrap())]
    );
    doc["currency"] = "CHF".into();
    let j = Journey::from_json(&doc.to_string()).unwrap();
    assert_eq!(j.currency.as_deref(), Some("CHF"));
    assert_eq!(Journey::from_json(&j.to_json()).unwrap(), j);
    assert!(Journey::builder("m", "M").currency("pounds").build().is_err());
}

#[test]
fn estimated_effects_and_the_report_write_values_in_the_currency() {
    let e = expected();
    let (mut j, log) = map_and_log(&e);
    for case in e["effects"].as_array().unwrap() {
        j.set_currency(case["currency"].as_str()).unwrap();
        let items = j.prioritize_with_log(&ScoringModel::default(), None, &log).unwrap();
        let item = items.iter().find(|i| i.id.as_deref() == case["line"].as_str()).unwrap();
        let effect = item.effect.as_ref().unwrap();
        assert!(effect.basis.contains(case["in_basis"].as_str().unwrap()), "{}", effect.basis);
        let html = j.to_html(&HtmlOptions::default(), Some(&log)).unwrap();
        assert!(html.contains(case["in_report"].as_str().unwrap()), "{case}");
    }
}

#[test]
fn the_attribution_chart_writes_values_in_the_currency() {
    let e = expected();
    let (_, log) = map_and_log(&e);
    let want = &e["attribution"];
    assert_eq!(want["model"], "linear");
    let a = log.attribution(AttributionModel::Linear, true).unwrap();
    assert!(attribution_svg(&a, want["currency"].as_str()).contains(want["in_chart"].as_str().unwrap()));
    assert!(attribution_svg(&a, None).contains(want["in_chart_without"].as_str().unwrap()));
}

proptest! {
    /// An estimate is written in whole units with its sign, in the currency or as a plain number, and the
    /// figure read back is the value rounded.
    #[test]
    fn estimates_are_whole_units_of_the_currency(v in -1e7f64..1e7, currency in prop_oneof![
        Just(None), Just(Some("EUR")), Just(Some("CHF")), Just(Some("$"))
    ]) {
        let text = words::estimated_value(v, currency);
        let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
        prop_assert_eq!(digits.parse::<f64>().unwrap(), v.round().abs(), "{}", text);
        prop_assert!(!text.contains('.'), "{}", text);
        prop_assert_eq!(text.starts_with('+'), v.round() > 0.0, "{}", text);
        prop_assert_eq!(text.starts_with('-'), v.round() < 0.0, "{}", text);
        match currency {
            Some("EUR") => prop_assert!(text.contains('€'), "{}", text),
            Some("CHF") => prop_assert!(text.ends_with(" CHF"), "{}", text),
            Some(_) => prop_assert!(text.contains('$'), "{}", text),
            None => prop_assert!(text.chars().all(|c| c.is_ascii_digit() || ",+-".contains(c)), "{}", text),
        }
    }
}
