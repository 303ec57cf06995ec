//! The shared cases of `tests/fixtures/shapley/cases.json` (also run by the Python and JavaScript tests):
//! Shapley and ordered Shapley attribution against values worked out from the definition, cost per
//! conversion and ROAS under every model, the Markov transition matrix and the choice of its order.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::analytics::{
    AttributionModel, AttributionOptions, AttributionPartial, CostOptions, EventColumns, EventLog,
};
use serde_json::Value;

fn fixture() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/shapley/cases.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("shapley/cases.json")).expect("JSON")
}

fn log_of(all: &Value, events: &str, outcome: &str) -> EventLog {
    let columns = EventColumns { outcome: Some(all[outcome].as_str().unwrap().into()), ..EventColumns::default() };
    EventLog::from_csv_str(all[events].as_str().unwrap(), &columns).unwrap()
}

fn close(got: f64, want: &Value, what: &str) {
    let want = want.as_f64().unwrap_or_else(|| panic!("{what}: {want} is not a number"));
    assert!((got - want).abs() <= 1e-9 * want.abs().max(1.0), "{what}: {got} != {want}");
}

fn spend_of(v: &Value) -> Vec<(String, f64)> {
    v.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_f64().unwrap())).collect()
}

#[test]
fn shapley_credits_the_values_worked_out_from_the_definition() {
    let all = fixture();
    let log = log_of(&all, "events", "outcome");
    for model in [AttributionModel::Shapley, AttributionModel::OrderedShapley] {
        let a = log.attribution(model, true).unwrap();
        assert_eq!(a.conversions, all["conversions"].as_u64().unwrap());
        close(a.value, &all["total_value"], "total value");
        let want = all["shapley"].as_array().unwrap();
        assert_eq!(a.rows.len(), want.len(), "{:?}", a.rows);
        for (row, w) in a.rows.iter().zip(want) {
            assert_eq!(row.touchpoint, w["touchpoint"].as_str().unwrap());
            close(row.conversions, &w["conversions"], &row.touchpoint);
            close(row.value, &w["value"], &row.touchpoint);
            assert_eq!(row.removal_effect, None);
        }
        // Each customer's credit adds up to one conversion and their value.
        close(a.rows.iter().map(|r| r.conversions).sum(), &all["conversions"], "sum of conversions");
        close(a.rows.iter().map(|r| r.value).sum(), &all["total_value"], "sum of value");
        assert_eq!(a.positions.is_some(), model == AttributionModel::OrderedShapley);
    }
}

#[test]
fn ordered_shapley_splits_the_credit_by_position() {
    let all = fixture();
    let log = log_of(&all, "events", "outcome");
    let a = log.attribution(AttributionModel::OrderedShapley, true).unwrap();
    let positions = a.positions.unwrap();
    let want = all["ordered_positions"].as_array().unwrap();
    assert_eq!(positions.len(), want.len(), "{positions:?}");
    for (p, w) in positions.iter().zip(want) {
        assert_eq!(
            (p.touchpoint.as_str(), u64::from(p.position)),
            (w["touchpoint"].as_str().unwrap(), w["position"].as_u64().unwrap())
        );
        close(p.conversions, &w["conversions"], &p.touchpoint);
        close(p.value, &w["value"], &p.touchpoint);
    }
    // A touchpoint's positions add up to its row.
    for row in &a.rows {
        let sum: f64 = positions.iter().filter(|p| p.touchpoint == row.touchpoint).map(|p| p.conversions).sum();
        assert!((sum - row.conversions).abs() < 1e-12, "{}", row.touchpoint);
    }
}

#[test]
fn shapley_partials_merge_to_the_whole() {
    let all = fixture();
    let log = log_of(&all, "events", "outcome");
    let text = all["events"].as_str().unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    // Customers c1..c4 in one part, the rest in the other (the rows of a customer are together).
    let cut = body.find("c5,").unwrap();
    let columns = EventColumns { outcome: Some("value".into()), ..EventColumns::default() };
    for model in [AttributionModel::Shapley, AttributionModel::OrderedShapley] {
        let whole = log.attribution(model, true).unwrap();
        let mut merged = AttributionPartial::default();
        for part in [&body[..cut], &body[cut..]] {
            let log = EventLog::from_csv_str(&format!("{header}\n{part}"), &columns).unwrap();
            merged.merge(AttributionPartial::of(&log, model, true).unwrap()).unwrap();
        }
        assert_eq!(merged.finish().unwrap(), whole, "{model:?}");
    }
}

#[test]
fn the_shapley_models_are_named_as_options() {
    for (name, model) in [("shapley", AttributionModel::Shapley), ("ordered_shapley", AttributionModel::OrderedShapley)]
    {
        let options = AttributionOptions { model: Some(name.into()), ..Default::default() };
        assert_eq!(options.model().unwrap(), model);
        let options = AttributionOptions { model: Some(name.into()), order: Some(2), ..Default::default() };
        assert_eq!(options.model().unwrap_err().to_string(), format!("order: is a parameter of markov, not of {name}"));
    }
}

#[test]
fn cost_per_conversion_and_roas_follow_the_credit_of_each_model() {
    let all = fixture();
    let log = log_of(&all, "events", "outcome");
    let spend = spend_of(&all["spend"]);
    let names: Vec<String> =
        all["cost_models"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().into()).collect();
    let models = CostOptions { models: Some(names), ..CostOptions::default() }.models().unwrap();
    let cost = log.cost(&spend, &models, true).unwrap();
    let want = all["cost"].as_array().unwrap();
    assert_eq!(cost.rows.len(), want.len());
    for (row, w) in cost.rows.iter().zip(want) {
        let what = format!("{} {}", w["model"], row.touchpoint);
        assert_eq!(
            (row.model.as_str(), row.touchpoint.as_str()),
            (w["model"].as_str().unwrap(), w["touchpoint"].as_str().unwrap())
        );
        close(row.spend, &w["spend"], &what);
        close(row.conversions, &w["conversions"], &what);
        close(row.value, &w["value"], &what);
        match (row.cost_per_conversion, w["cost_per_conversion"].is_null()) {
            (None, true) => {}
            (Some(c), false) => close(c, &w["cost_per_conversion"], &what),
            (got, _) => panic!("{what}: cost per conversion {got:?}, expected {}", w["cost_per_conversion"]),
        }
        match (row.roas, w["roas"].is_null()) {
            (None, true) => {}
            (Some(r), false) => close(r, &w["roas"], &what),
            (got, _) => panic!("{what}: ROAS {got:?}, expected {}", w["roas"]),
        }
    }
}

#[test]
fn cost_covers_every_model_when_none_is_named() {
    let all = fixture();
    let log = log_of(&all, "events", "outcome");
    let spend = spend_of(&all["spend"]);
    let cost = log.cost(&spend, &[], true).unwrap();
    assert_eq!(cost.rows.len(), AttributionModel::MODEL_NAMES.len() * spend.len());
    for &model in AttributionModel::defaults() {
        let a = log.attribution(model, true).unwrap();
        for row in cost.rows.iter().filter(|r| r.model == model.kind()) {
            let credit = a.rows.iter().find(|r| r.touchpoint == row.touchpoint).map_or(0.0, |r| r.conversions);
            assert_eq!(row.conversions, credit);
            assert_eq!(row.cost_per_conversion, (credit > 0.0).then(|| row.spend / credit), "{model:?}");
        }
    }
}

#[test]
fn bad_spend_is_refused_naming_it() {
    let all = fixture();
    let log = log_of(&all, "events", "outcome");
    for case in all["spend_errors"].as_array().unwrap() {
        let e = log.cost(&spend_of(&case["spend"]), &[], true).unwrap_err();
        assert_eq!(e.kind().as_str(), case["kind"].as_str().unwrap());
        assert!(e.to_string().contains(case["contains"].as_str().unwrap()), "{e}");
    }
    for bad in [f64::NAN, f64::INFINITY, -0.5] {
        let e = log.cost(&[("ad".into(), bad)], &[], true).unwrap_err();
        assert!(e.to_string().starts_with("spend[\"ad\"]: "), "{e}");
    }
    let e = log.cost(&[("ad".into(), 1.0), ("ad".into(), 2.0)], &[], true).unwrap_err();
    assert_eq!(e.to_string(), "spend[\"ad\"]: the touchpoint is given twice");
    let e = CostOptions { models: Some(vec!["linear".into(), "uplift".into()]), ..CostOptions::default() }
        .models()
        .unwrap_err();
    assert!(e.to_string().starts_with("models[1]: unknown model \"uplift\""), "{e}");
}

#[test]
fn the_transition_matrix_is_the_chain_counted_by_hand() {
    let all = fixture();
    let log = log_of(&all, "events", "outcome");
    for key in ["transition_matrix", "transition_matrix_2"] {
        let want = &all[key];
        let order = want["order"].as_u64().unwrap() as usize;
        let m = log.transition_matrix(order, true).unwrap();
        assert_eq!((m.order, m.collapsed), (order, true));
        let want = want["rows"].as_array().unwrap();
        assert_eq!(m.rows.len(), want.len());
        for (row, w) in m.rows.iter().zip(want) {
            assert_eq!(
                (row.from.as_str(), row.to.as_str(), row.count),
                (w["from"].as_str().unwrap(), w["to"].as_str().unwrap(), w["count"].as_u64().unwrap())
            );
            close(row.probability, &w["probability"], &format!("{} -> {}", row.from, row.to));
        }
    }
    for bad in [0, 5] {
        assert_eq!(log.transition_matrix(bad, true).unwrap_err().to_string(), format!("order: {bad} is outside 1..=4"));
    }
}

#[test]
fn order_selection_chooses_the_order_the_paths_follow() {
    let all = fixture();
    let log = log_of(&all, "order_events", "order_outcome");
    let want = &all["order_selection"];
    let s = log.markov_order_selection(want["max_order"].as_u64().unwrap() as usize, true).unwrap();
    assert_eq!(s.chosen as u64, want["chosen"].as_u64().unwrap());
    let rows = want["rows"].as_array().unwrap();
    assert_eq!(s.rows.len(), rows.len());
    for (fit, w) in s.rows.iter().zip(rows) {
        assert_eq!(
            (fit.order as u64, fit.states, fit.parameters, fit.moves),
            (
                w["order"].as_u64().unwrap(),
                w["states"].as_u64().unwrap(),
                w["parameters"].as_u64().unwrap(),
                w["moves"].as_u64().unwrap()
            )
        );
        close(fit.log_likelihood, &w["log_likelihood"], "log-likelihood");
        close(fit.aic, &w["aic"], "AIC");
        close(fit.bic, &w["bic"], "BIC");
    }
    assert_eq!(log.markov_order_selection(2, true).unwrap().rows.len(), 2);
    let e = log.markov_order_selection(0, true).unwrap_err();
    assert_eq!(e.to_string(), "max_order: 0 is outside 1..=4");
}

#[test]
fn the_chain_tables_need_an_outcome() {
    let log = EventLog::from_csv_str(
        "customer_id,timestamp,touchpoint\na,2026-03-01T10:00:00Z,ad\n",
        &EventColumns::default(),
    )
    .unwrap();
    assert_eq!(log.transition_matrix(1, true).unwrap_err().kind().as_str(), "argument");
    assert_eq!(log.markov_order_selection(4, true).unwrap_err().kind().as_str(), "argument");
    assert_eq!(log.cost(&[], &[], true).unwrap_err().kind().as_str(), "argument");
}

#[test]
fn order_selection_does_not_reward_a_sparse_chain_that_repeats_the_paths() {
    // Moves of order 1 over 30 touchpoints (each next touchpoint drawn from a fixed generator): the chains
    // of order 3 and 4 see most of their states once and fit those moves perfectly, but pay for them.
    let mut csv = String::from("customer_id,timestamp,touchpoint,converted\n");
    let mut x: u64 = 7;
    let mut next = |m: u64| {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) % m
    };
    for c in 0..2_000 {
        let n = 1 + next(8);
        for i in 0..n {
            csv.push_str(&format!("c{c},2026-03-01T10:{i:02}:00Z,t{},0\n", next(30)));
        }
        if next(3) == 0 {
            csv.push_str(&format!("c{c},2026-03-01T11:00:00Z,buy,1\n"));
        }
    }
    let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
    let log = EventLog::from_csv_str(&csv, &columns).unwrap();
    let s = log.markov_order_selection(4, true).unwrap();
    assert_eq!(s.chosen, 1, "{:?}", s.rows);
    for fit in &s.rows {
        assert!(fit.log_likelihood <= 0.0 && fit.moves == s.rows[0].moves, "{fit:?}");
    }
    assert!(s.rows[3].log_likelihood > s.rows[0].log_likelihood, "a higher order fits at least as well");
}
