//! The core against what peer tools answered on the same logs, saved in `tests/fixtures/events/peers/` by
//! `bench/peer_fixtures.py` (pm4py, retentioneering, ChannelAttribution). No peer is needed here: the files
//! hold their answers, with each peer's name and version.
//!
//! Definitions, and where they differ:
//! - pm4py `discover_dfg` and `get_variants`: directly-follows counts, start and end activities and
//!   variants are the same definitions as ours, and must be equal, with two pm4py defects worked around:
//!   `get_variants` is wrong on unsorted rows, and `discover_dfg`'s start and end activities are the first
//!   and last rows of each case in the order given, not in time order (its directly-follows counts are right
//!   either way). So the fixture holds `discover_dfg` on the rows as in the file and on rows sorted by
//!   (customer, timestamp, position); our counts equal both, our starts and ends equal the sorted ones, and
//!   the test notes where the file-order ones differ.
//! - retentioneering `funnel_data` (5.x: always the closed, ordered funnel — a path reaches step k when it
//!   has occurrences of steps 1..k at increasing positions): its `unique_paths` must equal our customers
//!   per step, and its `step_conversion_rate` our `step_conversion` from the second step on. Two rates
//!   differ by definition: its `conversion_rate` divides by all paths in the log (ours, `overall_conversion`,
//!   divides by the customers at the first step: its equivalent is our `customers / funnel.customers`), and
//!   its first step's `step_conversion_rate` is that same share of all paths (ours is 1).
//! - ChannelAttribution `heuristic_models` on the collapsed credited paths (for a converting customer the
//!   touchpoints before their last converting event, the converting events left out, as our attribution
//!   takes them; consecutive repeats collapsed; one row per path with conversions, value and nulls): first touch, last touch and linear conversions and values
//!   must equal ours with `collapse = true` to 1e-6. It lists every channel, with zeros where a channel
//!   earned nothing; we list only the touchpoints that earned something.
//! - ChannelAttribution `markov_model(order = 1)` estimates removal effects by simulating paths; ours are
//!   exact (absorption probabilities of the same chain). By default it cuts a simulated path after as many
//!   steps as the longest observed path and counts it as a non-conversion, which biases the estimate
//!   wherever the chain has loops (on `small.csv`: 0.612 for `ad` against the exact 2/3). With
//!   `max_step = 200` nothing is cut in practice and it agrees with ours within `MARKOV_TOLERANCE`; with the
//!   default it agrees within `MARKOV_DEFAULT_TOLERANCE`. Its attributed values use removal effects
//!   computed on value (`removal_effects_conversion_value`); ours share the value in proportion to the
//!   removal effects on conversions, so only attributed conversions are compared.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use journey_core::analytics::{AttributionModel, EventColumns, EventLog};
use serde_json::Value;

/// Largest absolute difference allowed between our exact Markov removal effects (and shares of the
/// conversions) and ChannelAttribution's simulated ones with `max_step = 200` (1e6 simulated paths, seed 0,
/// as the fixture records). The largest seen is printed by the test (run with `--nocapture`).
const MARKOV_TOLERANCE: f64 = 0.01;
/// The same against ChannelAttribution with its default `max_step` (paths cut at the longest observed one).
const MARKOV_DEFAULT_TOLERANCE: f64 = 0.08;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn peer(name: &str) -> Value {
    let path = root().join("tests/fixtures/events/peers").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn datasets(p: &Value) -> Vec<(String, &Value, EventLog)> {
    p["datasets"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, d)| {
            let columns =
                EventColumns { outcome: Some(d["outcome"].as_str().unwrap().into()), ..EventColumns::default() };
            let log = EventLog::load_csv(root().join(d["path"].as_str().unwrap()), &columns).unwrap();
            (name.clone(), d, log)
        })
        .collect()
}

fn label(p: &Value, dataset: &str) -> String {
    format!("{} {} on {dataset}", p["peer"].as_str().unwrap(), p["version"].as_str().unwrap())
}

#[test]
fn fixtures_name_their_peer_and_version() {
    for (name, want) in
        [("pm4py", "pm4py"), ("retentioneering", "retentioneering"), ("channelattribution", "ChannelAttribution")]
    {
        let p = peer(name);
        assert_eq!(p["peer"], want);
        assert!(p["version"].as_str().is_some_and(|v| !v.is_empty()), "{name} has no version");
        assert_eq!(p["datasets"].as_object().unwrap().len(), 3, "{name}");
    }
}

#[test]
fn transition_counts_starts_and_ends_equal_pm4py() {
    let p = peer("pm4py");
    for (name, d, log) in datasets(&p) {
        let found = log.discover();
        let ours: BTreeMap<(String, String), u64> =
            found.transitions.iter().map(|t| ((t.source.to_string(), t.target.to_string()), t.count)).collect();
        let dfg = |v: &Value| -> BTreeMap<(String, String), u64> {
            v["dfg"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    ((r[0].as_str().unwrap().to_owned(), r[1].as_str().unwrap().to_owned()), r[2].as_u64().unwrap())
                })
                .collect()
        };
        let (sorted, as_is) = (&d["rows_sorted"], &d["rows_in_file_order"]);
        assert_eq!(ours, dfg(sorted), "directly-follows counts vs {} (sorted rows)", label(&p, &name));
        assert_eq!(ours, dfg(as_is), "directly-follows counts vs {} (rows in file order)", label(&p, &name));
        let counts = |v: &[journey_core::analytics::TouchpointCount]| -> BTreeMap<String, u64> {
            v.iter().map(|c| (c.touchpoint.to_string(), c.count)).collect()
        };
        let peer_counts = |v: &Value| -> BTreeMap<String, u64> {
            v.as_object().unwrap().iter().map(|(k, n)| (k.clone(), n.as_u64().unwrap())).collect()
        };
        let (starts, ends) = (counts(&found.starts), counts(&found.ends));
        assert_eq!(starts, peer_counts(&sorted["start_activities"]), "starts vs {}", label(&p, &name));
        assert_eq!(ends, peer_counts(&sorted["end_activities"]), "ends vs {}", label(&p, &name));
        if starts != peer_counts(&as_is["start_activities"]) || ends != peer_counts(&as_is["end_activities"]) {
            println!(
                "{}: its start/end activities on the rows in file order differ (it takes file order)",
                label(&p, &name)
            );
        }
    }
}

#[test]
fn variants_equal_pm4py_on_sorted_rows() {
    let p = peer("pm4py");
    for (name, d, log) in datasets(&p) {
        let variants = log.variants();
        // The variants alone are the discovery's, in the same order.
        assert_eq!(variants, log.discover().variants, "variants() vs discover() on {}", label(&p, &name));
        let ours: BTreeMap<Vec<String>, u64> =
            variants.iter().map(|v| (v.path.iter().map(|s| s.to_string()).collect(), v.customers)).collect();
        let theirs: BTreeMap<Vec<String>, u64> = d["variants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let path = r[0].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect();
                (path, r[1].as_u64().unwrap())
            })
            .collect();
        assert_eq!(ours, theirs, "variants vs {}", label(&p, &name));
    }
}

#[test]
fn closed_funnel_equals_retentioneering() {
    let p = peer("retentioneering");
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    for (name, d, log) in datasets(&p) {
        assert_eq!(log.customer_count() as u64, d["paths"].as_u64().unwrap(), "paths of {name}");
        for f in d["funnels"].as_array().unwrap() {
            let steps: Vec<&str> = f["steps"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
            let ours = log.funnel(&steps).unwrap();
            let theirs = f["result"].as_array().unwrap();
            assert_eq!(ours.steps.len(), theirs.len());
            for (k, (o, t)) in ours.steps.iter().zip(theirs).enumerate() {
                let what = format!("step {} ({}) of {steps:?} vs {}", k + 1, o.step, label(&p, &name));
                assert_eq!(&*o.step, t["step"].as_str().unwrap(), "{what}");
                assert_eq!(o.customers, t["unique_paths"].as_u64().unwrap(), "customers at {what}");
                // Its conversion_rate is a share of all paths in the log.
                let share_of_all = o.customers as f64 / ours.customers as f64;
                assert!(close(share_of_all, t["conversion_rate"].as_f64().unwrap()), "conversion_rate at {what}");
                // Its first step's step_conversion_rate is that same share; from the second step on, the two
                // step conversions are the same ratio.
                let step = if k == 0 { share_of_all } else { o.step_conversion };
                assert!(close(step, t["step_conversion_rate"].as_f64().unwrap()), "step_conversion_rate at {what}");
            }
        }
    }
}

#[test]
fn heuristic_attributions_equal_channelattribution() {
    let p = peer("channelattribution");
    let models = [
        (AttributionModel::FirstTouch, "first_touch"),
        (AttributionModel::LastTouch, "last_touch"),
        (AttributionModel::Linear, "linear_touch"),
    ];
    for (name, d, log) in datasets(&p) {
        let theirs = d["heuristic_models"].as_object().unwrap();
        for (model, key) in models {
            let ours = log.attribution(model, true).unwrap();
            let by_touchpoint: BTreeMap<&str, (f64, f64)> =
                ours.rows.iter().map(|r| (&*r.touchpoint, (r.conversions, r.value))).collect();
            let mut all: BTreeSet<&str> = by_touchpoint.keys().copied().collect();
            all.extend(theirs.keys().map(String::as_str));
            for t in all {
                let (oc, ov) = by_touchpoint.get(t).copied().unwrap_or((0.0, 0.0));
                let row = &theirs.get(t).unwrap_or_else(|| panic!("{t} missing from {}", label(&p, &name)));
                let tc = row[format!("{key}_conversions")].as_f64().unwrap();
                let tv = row[format!("{key}_value")].as_f64().unwrap();
                assert!((oc - tc).abs() < 1e-6, "{key} conversions of {t}: {oc} vs {tc} ({})", label(&p, &name));
                assert!((ov - tv).abs() < 1e-6, "{key} value of {t}: {ov} vs {tv} ({})", label(&p, &name));
            }
        }
    }
}

#[test]
fn markov_removal_effects_are_close_to_channelattribution() {
    let p = peer("channelattribution");
    for (key, tolerance) in
        [("markov_model_max_step_200", MARKOV_TOLERANCE), ("markov_model", MARKOV_DEFAULT_TOLERANCE)]
    {
        let mut largest = (0.0f64, String::new());
        let mut largest_share = (0.0f64, String::new());
        for (name, d, log) in datasets(&p) {
            let ours = log.attribution(AttributionModel::Markov { order: 1 }, true).unwrap();
            let m = &d[key];
            let effects = m["removal_effects"].as_object().unwrap();
            let result = m["result"].as_object().unwrap();
            let by_touchpoint: BTreeMap<&str, &journey_core::analytics::AttributionRow> =
                ours.rows.iter().map(|r| (&*r.touchpoint, r)).collect();
            assert_eq!(
                by_touchpoint.keys().copied().collect::<BTreeSet<_>>(),
                effects.keys().map(String::as_str).collect::<BTreeSet<_>>(),
                "touchpoints vs {} {key}",
                label(&p, &name)
            );
            let total = ours.conversions as f64;
            for (t, e) in effects {
                let row = by_touchpoint[t.as_str()];
                let (mine, theirs) = (row.removal_effect.unwrap(), e["removal_effects_conversion"].as_f64().unwrap());
                let diff = (mine - theirs).abs();
                if diff >= largest.0 {
                    largest = (diff, format!("{t} on {name}: ours {mine:.6}, theirs {theirs:.6}"));
                }
                assert!(diff <= tolerance, "removal effect of {t}: {mine} vs {theirs} ({} {key})", label(&p, &name));
                // Attributed conversions: shares of the total (the removal effects normalised).
                let share_diff = (row.conversions - result[t]["total_conversions"].as_f64().unwrap()).abs() / total;
                if share_diff >= largest_share.0 {
                    largest_share = (share_diff, format!("{t} on {name}"));
                }
                assert!(
                    share_diff <= tolerance,
                    "attributed conversions of {t}: {share_diff} of the total apart ({key})"
                );
            }
        }
        println!(
            "{key}: largest |removal effect - ChannelAttribution's| {:.6} ({}); largest attributed-conversion gap {:.6} of the conversions ({})",
            largest.0, largest.1, largest_share.0, largest_share.1
        );
    }
}
