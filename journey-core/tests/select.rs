//! Selecting customers: the shared cases of `tests/fixtures/select/cases.json` (which the Python and
//! JavaScript tests run too), and on the example log, selections that agree with the funnel, the discovery
//! and the persona's log they are defined by.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use journey_core::Journey;
use journey_core::analytics::{DidThenOptions, EventColumns, EventLog, FunnelOptions, SelectOptions};
use journey_core::{Error, Result};
use serde_json::Value;

/// The ids of a log's customers, sorted, as the fixture lists them.
trait Ids {
    fn ids(&self) -> Vec<String>;
}

impl Ids for EventLog {
    fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.customer_ids().map(str::to_owned).collect();
        ids.sort_unstable();
        ids
    }
}

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/select").join(name)
}

fn fixture_log() -> EventLog {
    let columns = EventColumns { segment: Some("segment".into()), ..EventColumns::default() };
    EventLog::load_csv(fixture_path("events.csv"), &columns).unwrap()
}

fn fixture_map() -> Journey {
    Journey::from_json(&std::fs::read_to_string(fixture_path("map.json")).unwrap()).unwrap()
}

/// One selection of a case's chain, on `log`.
fn select(log: &EventLog, map: &Journey, op: &Value) -> Result<EventLog> {
    let text = |key: &str| op[key].as_str().unwrap();
    let strict = op["strict"].as_bool().unwrap_or(true);
    let steps = || -> Vec<&str> { op["steps"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect() };
    let step = || op["step"].as_u64().unwrap() as usize;
    let funnel = FunnelOptions { strict, ..FunnelOptions::default() };
    let touch = SelectOptions { strict };
    match text("select") {
        "persona" => log.for_persona(map, text("persona")),
        "at_step" => log.select_at_step(steps(), step(), &funnel),
        "dropped_at_step" => log.select_dropped_at_step(steps(), step(), &funnel),
        "did" => log.select_did(text("touchpoint"), &touch),
        "did_not" => log.select_did_not(text("touchpoint"), &touch),
        "did_then" => {
            let options = DidThenOptions { strict, within_seconds: op["within_seconds"].as_f64() };
            log.select_did_then(text("first"), text("then"), &options)
        }
        "top_variants" => log.select_top_variants(op["top"].as_u64().unwrap() as usize),
        other => panic!("unknown selection {other}"),
    }
}

#[test]
fn selections_choose_the_customers_the_shared_cases_say() {
    let all: Value = serde_json::from_str(&std::fs::read_to_string(fixture_path("cases.json")).unwrap()).unwrap();
    let (log, map) = (fixture_log(), fixture_map());
    let cases = all["cases"].as_array().unwrap();
    assert!(cases.len() >= 40);
    let (mut chosen, mut refused) = (0, 0);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let result =
            case["chain"].as_array().unwrap().iter().try_fold(log.clone(), |selected, op| select(&selected, &map, op));
        match case["customers"].as_array() {
            Some(wanted) => {
                let wanted: Vec<&str> = wanted.iter().map(|c| c.as_str().unwrap()).collect();
                let got = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(got.ids(), wanted, "{name}");
                chosen += 1;
            }
            None => {
                let e = result.err().unwrap_or_else(|| panic!("{name}: no error"));
                assert_eq!(e.kind().as_str(), case["error"]["kind"].as_str().unwrap(), "{name}");
                assert_eq!(e.to_string(), case["error"]["message"].as_str().unwrap(), "{name}");
                refused += 1;
            }
        }
    }
    assert!(chosen >= 30 && refused >= 8, "{chosen} selections, {refused} errors");
}

#[test]
fn a_selection_keeps_every_event_of_its_customers() {
    let log = fixture_log();
    let did = log.select_did("cart", &SelectOptions::default()).unwrap();
    assert_eq!(did.ids(), ["c01", "c03", "c06", "c08"]);
    assert_eq!(did.len(), 4 + 4 + 2 + 4);
    // The same customers' rows read on their own give the same log.
    let text = std::fs::read_to_string(fixture_path("events.csv")).unwrap();
    let mut rows = text.lines();
    let header = rows.next().unwrap();
    let kept: Vec<&str> = rows.filter(|r| ["c01,", "c03,", "c06,", "c08,"].iter().any(|c| r.starts_with(c))).collect();
    let columns = EventColumns { segment: Some("segment".into()), ..EventColumns::default() };
    let alone = EventLog::from_csv_str(&format!("{header}\n{}\n", kept.join("\n")), &columns).unwrap();
    assert_eq!(did, alone);
}

#[test]
fn selections_do_not_depend_on_the_order_of_the_rows() {
    let text = std::fs::read_to_string(fixture_path("events.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    let columns = EventColumns { segment: Some("segment".into()), ..EventColumns::default() };
    let reversed = EventLog::from_csv_str(&format!("{header}\n{}\n", lines.join("\n")), &columns).unwrap();
    let log = fixture_log();
    assert_eq!(reversed.ids(), log.ids());
    let options = DidThenOptions { within_seconds: Some(0.0), ..DidThenOptions::default() };
    // The tie of c06 (cart and site at the same time) is read in the canonical order either way.
    assert_eq!(reversed.select_did_then("cart", "site", &options).unwrap().ids(), ["c06"]);
    assert_eq!(reversed.select_top_variants(3).unwrap().ids(), log.select_top_variants(3).unwrap().ids());
}

/// The example log's funnel through the shop.
const STEPS: [&str; 4] = ["social_ad", "product_page", "cart", "payment"];

#[test]
fn the_customers_at_and_dropped_at_each_step_are_those_the_funnel_counts() {
    let log = common::example_log();
    let funnel = log.funnel(STEPS).unwrap();
    let options = FunnelOptions::default();
    for (k, step) in funnel.steps.iter().enumerate() {
        let at = log.select_at_step(STEPS, k, &options).unwrap();
        assert_eq!(at.customer_count() as u64, step.customers, "step {k}");
        assert!(step.customers > 0, "step {k} has customers");
        // Those at the step are at every earlier step too.
        if k > 0 {
            let earlier = log.select_at_step(STEPS, k - 1, &options).unwrap();
            let before: BTreeSet<String> = earlier.ids().into_iter().collect();
            assert!(at.ids().iter().all(|c| before.contains(c)), "step {k}");
        }
        if k + 1 < funnel.steps.len() {
            let dropped = log.select_dropped_at_step(STEPS, k, &options).unwrap();
            assert_eq!(dropped.customer_count() as u64, step.customers - funnel.steps[k + 1].customers, "step {k}");
            // Their own funnel stops at the step.
            let theirs =
                dropped.funnel_with(STEPS, &FunnelOptions { strict: false, ..FunnelOptions::default() }).unwrap();
            assert_eq!(theirs.steps[k].customers, dropped.customer_count() as u64);
            assert_eq!(theirs.steps[k + 1].customers, 0);
        }
    }
}

#[test]
fn did_then_is_the_funnel_of_two_steps_and_did_not_the_rest() {
    let log = common::example_log();
    let mut shorter = false;
    for (a, b) in [("social_ad", "payment"), ("cart", "cart"), ("cart", "product_page"), ("search_result", "live_chat")]
    {
        let then = log.select_did_then(a, b, &DidThenOptions::default()).unwrap();
        let funnel = log.select_at_step([a, b], 1, &FunnelOptions::default()).unwrap();
        assert_eq!(then.ids(), funnel.ids(), "{a} then {b}");
        // A time limit keeps some of them.
        let soon = DidThenOptions { within_seconds: Some(3600.0), ..DidThenOptions::default() };
        let quick = log.select_did_then(a, b, &soon).unwrap();
        let quick_ids: BTreeSet<String> = quick.ids().into_iter().collect();
        let all_ids: BTreeSet<String> = then.ids().into_iter().collect();
        assert!(quick_ids.is_subset(&all_ids), "{a} then {b}");
        assert!(!all_ids.is_empty(), "{a} then {b}");
        shorter |= quick_ids.len() < all_ids.len();
    }
    assert!(shorter, "the time limit leaves some customers out");
    let options = SelectOptions::default();
    let did = log.select_did("live_chat", &options).unwrap();
    let did_not = log.select_did_not("live_chat", &options).unwrap();
    assert!(did.customer_count() > 0 && did_not.customer_count() > 0);
    assert_eq!(did.customer_count() + did_not.customer_count(), log.customer_count());
    assert_eq!(did.select_did_not("live_chat", &options).unwrap().customer_count(), 0);
    let visits = log.discover().visits.into_iter().find(|v| v.touchpoint == "live_chat").unwrap();
    assert_eq!(did.customer_count() as u64, visits.customers);
}

#[test]
fn the_top_variants_are_those_discovery_lists_first() {
    let log = common::example_log();
    let variants = log.discover().variants;
    for top in [1, 2, 5, 20] {
        let selected = log.select_top_variants(top).unwrap();
        let wanted: u64 = variants.iter().take(top).map(|v| v.customers).sum();
        assert_eq!(selected.customer_count() as u64, wanted, "top {top}");
        // Their own discovery lists exactly those variants, in the same order.
        let theirs = selected.discover().variants;
        assert_eq!(theirs, variants[..top.min(variants.len())], "top {top}");
    }
}

#[test]
fn a_persona_selects_the_customers_of_its_segment_and_selections_compose() {
    let map = Journey::load(common::example_data("electronics-retailer.json")).unwrap();
    let log = common::example_log();
    let persona = map.personas().iter().find(|p| p.segment.is_some()).unwrap();
    let segment = persona.segment.as_deref().unwrap();
    let mine = log.for_persona(&map, &persona.id).unwrap();
    assert!(mine.customer_count() > 0);
    assert_eq!(mine.ids(), log.filter_segment(segment).unwrap().ids());
    let segments = log.customer_segments().unwrap();
    assert!(mine.ids().iter().all(|c| segments[c.as_str()] == segment));
    // A selection of a selection is the customers both choose.
    let options = SelectOptions::default();
    let both = mine.select_did("cart", &options).unwrap();
    let all_cart = log.select_did("cart", &options).unwrap();
    let cart: BTreeSet<String> = all_cart.ids().into_iter().collect();
    let ids: BTreeSet<String> = mine.ids().into_iter().collect();
    let wanted: Vec<String> = ids.intersection(&cart).cloned().collect();
    assert_eq!(both.ids(), wanted);
}

#[test]
fn bad_times_are_refused_naming_the_option() {
    let log = fixture_log();
    for bad in [f64::NAN, f64::INFINITY, -0.5] {
        let options = DidThenOptions { within_seconds: Some(bad), ..DidThenOptions::default() };
        match log.select_did_then("ad", "site", &options) {
            Err(Error::Argument { name, message }) => {
                assert_eq!(name, "within_seconds");
                assert!(message.starts_with("expected a number of seconds, 0 or more, found "), "{message}");
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
    // A step as large as an index goes is past the last, not a wrapped-around first.
    for dropped in [false, true] {
        let steps = ["ad", "site"];
        let options = FunnelOptions::default();
        let e = if dropped {
            log.select_dropped_at_step(steps, usize::MAX, &options)
        } else {
            log.select_at_step(steps, usize::MAX, &options)
        };
        assert!(matches!(e, Err(Error::Argument { ref name, .. }) if name == "step"), "{e:?}");
    }
    // An empty selection has no touchpoints to name.
    let none = log.select_did("adverts", &SelectOptions { strict: false }).unwrap();
    assert_eq!(none.ids(), [] as [&str; 0]);
    let e = none.select_did("ad", &SelectOptions::default()).unwrap_err();
    assert_eq!(e.to_string(), r#"unknown touchpoint "ad"; the log has no touchpoints"#);
    assert_eq!(none.select_top_variants(1).unwrap().customer_count(), 0);
}
