//! The report's sections on Shapley attribution, cost per conversion and ROAS, retention cohorts, sessions and
//! switches, against the shared fixture in `tests/fixtures/report/` (figures worked out by hand in `make.py`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::PathBuf;

use journey_core::analytics::{AttributionModel, CohortOptions, CostOptions, Dimension, EventColumns, EventLog, Spend};
use journey_core::render::HtmlOptions;
use journey_core::{Error, Journey};
use serde_json::Value;

use common::close;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/report")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap()
}

fn map(e: &Value) -> Journey {
    Journey::load(dir().join(e["map"].as_str().unwrap())).unwrap()
}

fn log(e: &Value, outcome: bool) -> EventLog {
    let columns = EventColumns {
        outcome: outcome.then(|| e["outcome"].as_str().unwrap().to_owned()),
        channel: Some(e["channel"].as_str().unwrap().to_owned()),
        device: Some(e["device"].as_str().unwrap().to_owned()),
        ..EventColumns::default()
    };
    EventLog::load_csv(dir().join(e["events"].as_str().unwrap()), &columns).unwrap()
}

fn spend(e: &Value) -> Spend {
    serde_json::from_value(e["spend"].clone()).unwrap()
}

fn options(spend: Option<Spend>) -> HtmlOptions {
    HtmlOptions { as_of: chrono::NaiveDate::from_ymd_opt(2026, 12, 1), spend, ..HtmlOptions::default() }
}

/// A fraction written `p/q` (or a whole number) by make.py, as a float.
fn fraction(v: &Value) -> f64 {
    let text = v.as_str().unwrap();
    let (p, q) = text.split_once('/').unwrap_or((text, "1"));
    p.parse::<f64>().unwrap() / q.parse::<f64>().unwrap()
}

/// The report's text, every run of white space one space.
fn text(html: &str) -> String {
    let doc = roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() },
    )
    .unwrap();
    let all: Vec<&str> = doc.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
    all.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rows of the report's tables, each its cells' text.
fn rows(html: &str) -> Vec<Vec<String>> {
    let doc = roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() },
    )
    .unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("tr"))
        .map(|tr| {
            tr.children()
                .filter(|n| n.has_tag_name("td"))
                .map(|n| n.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect::<String>())
                .collect::<Vec<String>>()
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// The cells of the report's tables.
fn cells(html: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() },
    )
    .unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("td"))
        .map(|n| n.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect::<String>())
        .collect()
}

#[test]
fn the_analyses_are_the_fixtures() {
    let e = expected();
    let log = log(&e, true);
    let shapley = log.attribution(AttributionModel::Shapley, true).unwrap();
    for (t, want) in e["shapley"].as_object().unwrap() {
        let row = shapley.rows.iter().find(|r| &r.touchpoint == t).unwrap();
        assert!(close(row.conversions, want["conversions"].as_f64().unwrap()), "{t}");
        assert!(close(row.value, want["value"].as_f64().unwrap()), "{t}");
    }
    // Markov of order 1: the removal effects make.py solved with fractions, and the credit they share out.
    let markov = log.attribution(AttributionModel::Markov { order: 1 }, true).unwrap();
    let w = &e["markov"];
    assert!(close(markov.conversion_probability.unwrap(), fraction(&w["conversion_probability"])));
    assert_eq!(markov.rows.len(), w["removal_effects"].as_object().unwrap().len());
    for (t, effect) in w["removal_effects"].as_object().unwrap() {
        let row = markov.rows.iter().find(|r| &r.touchpoint == t).unwrap();
        assert!(close(row.removal_effect.unwrap(), fraction(effect)), "{t}");
        assert!(close(row.conversions, w["credit"][t]["conversions"].as_f64().unwrap()), "{t}");
        assert!(close(row.value, w["credit"][t]["value"].as_f64().unwrap()), "{t}");
    }
    let models = [AttributionModel::Markov { order: 1 }, AttributionModel::Shapley];
    let cost = log.cost(&spend(&e).entries(), &models, true).unwrap();
    for (model, key) in [(models[0], "cost_markov"), (models[1], "cost_shapley")] {
        for (t, want) in e[key].as_object().unwrap() {
            let row = cost.rows.iter().find(|r| &r.touchpoint == t && r.model == model.kind()).unwrap();
            assert!(close(row.conversions, want["conversions"].as_f64().unwrap()), "{key} {t}");
            assert!(close(row.value, want["value"].as_f64().unwrap()), "{key} {t}");
            assert_eq!(row.cost_per_conversion.is_some(), !want["cost_per_conversion"].is_null(), "{t}");
            if let Some(c) = row.cost_per_conversion {
                assert!(close(c, want["cost_per_conversion"].as_f64().unwrap()), "{t}");
            }
            assert_eq!(row.roas.is_some(), !want["roas"].is_null(), "{t}");
            if let Some(r) = row.roas {
                assert!(close(r, want["roas"].as_f64().unwrap()), "{t}");
            }
        }
    }
    assert_eq!(cost.currency, None, "no currency named: plain numbers");
    let c = log.cohorts(&CohortOptions::default()).unwrap();
    let w = &e["cohorts"];
    assert_eq!(
        (c.customers, c.converters, c.conversions),
        (w["customers"].as_u64().unwrap(), w["converters"].as_u64().unwrap(), w["conversions"].as_u64().unwrap())
    );
    assert!(close(c.repeat_purchase_rate, w["repeat_purchase_rate"].as_f64().unwrap()));
    for (k, want) in c.cohorts.iter().zip(w["cohorts"].as_array().unwrap()) {
        assert_eq!(k.cohort, want["cohort"].as_str().unwrap());
        let shares: Vec<f64> = k.retention.iter().map(|r| r.share).collect();
        let want: Vec<f64> = want["retention"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        assert_eq!(shares.len(), want.len());
        assert!(shares.iter().zip(&want).all(|(a, b)| close(*a, *b)), "{shares:?} {want:?}");
    }
    for d in [Dimension::Channel, Dimension::Device] {
        let s = log.switches(d).unwrap();
        let want = &e["switches"][d.as_str()];
        assert_eq!(s.switches, want["switches"].as_u64().unwrap());
        assert_eq!(s.with_switch.customers, want["with_switch"].as_u64().unwrap());
    }
}

#[test]
fn the_html_report_has_every_section_with_the_fixtures_figures() {
    let e = expected();
    let (j, log) = (map(&e), log(&e, true));
    let html = j.to_html(&options(Some(spend(&e))), Some(&log)).unwrap();
    for id in ["shapley", "cost", "cohorts", "sessions", "switches"] {
        assert!(html.contains(&format!("<h3 id=\"{id}\">")), "no section {id}");
    }
    let text = text(&html);
    for s in e["sentences"].as_array().unwrap() {
        assert!(text.contains(s.as_str().unwrap()), "{s} not in the report");
    }
    let cells = cells(&html);
    for c in e["cells"].as_array().unwrap() {
        assert!(cells.iter().any(|x| x == c.as_str().unwrap()), "no cell {c} in {cells:?}");
    }
    // The cost table, row by row: touchpoint, spend, Markov's two columns, Shapley's two.
    let cost: Vec<Vec<String>> = rows(&html).into_iter().filter(|r| r.len() == 6).collect();
    let want = e["cost_rows"].as_array().unwrap();
    assert_eq!(cost.len(), want.len(), "{cost:?}");
    for (row, w) in cost.iter().zip(want) {
        let w = |k: &str| w[k].as_str().unwrap().to_owned();
        // The touchpoint's cell has its name, then its id.
        assert!(row[0].starts_with(&w("touchpoint")), "{row:?}");
        assert_eq!(row[1..], [w("spend"), w("markov_cost"), w("markov_roas"), w("shapley_cost"), w("shapley_roas")]);
    }
    // Without spend: no cost section; the others stay.
    let html = j.to_html(&options(None), Some(&log)).unwrap();
    assert!(!html.contains("<h3 id=\"cost\">") && html.contains("<h3 id=\"shapley\">"));
}

#[test]
fn the_spend_is_in_its_currency_or_the_maps_and_a_mismatch_is_refused() {
    let e = expected();
    let (j, log) = (map(&e), log(&e, true));
    let m = &e["mismatch"];
    let mut usd = j.clone();
    usd.set_currency(m["map_currency"].as_str()).unwrap();
    let err = usd.to_html(&options(Some(spend(&e))), Some(&log)).unwrap_err();
    assert!(matches!(err, Error::Argument { .. }));
    assert_eq!(err.to_string(), m["message"].as_str().unwrap());
    // Without its own currency the spend is in the map's.
    let mut plain = spend(&e);
    plain.currency = None;
    let html = usd.to_html(&options(Some(plain.clone())), Some(&log)).unwrap();
    assert!(cells(&html).iter().any(|c| c == "$2.72 per $1"));
    // Neither names one: plain numbers, said so.
    let mut none = j.clone();
    none.set_currency(None).unwrap();
    let html = none.to_html(&options(Some(plain)), Some(&log)).unwrap();
    assert!(text(&html).contains("as plain numbers (the map names no currency)"));
    assert!(cells(&html).iter().any(|c| c == "2.72 per 1 spent"));
    // Money where the map's values are plain numbers.
    let err = none.to_html(&options(Some(spend(&e))), Some(&log)).unwrap_err();
    assert_eq!(err.to_string(), e["no_map_currency"].as_str().unwrap());
    // A spend currency that is none.
    let mut bad = spend(&e);
    bad.currency = Some("euros".into());
    let err = j.to_html(&options(Some(bad)), Some(&log)).unwrap_err();
    assert!(err.to_string().starts_with("spend.currency: currency \"euros\" is not a currency"), "{err}");
}

#[test]
fn spend_needs_a_log_with_outcomes() {
    let e = expected();
    let j = map(&e);
    let want = e["without_outcome"].as_str().unwrap();
    let err = j.to_html(&options(Some(spend(&e))), None).unwrap_err();
    assert_eq!(err.to_string(), want);
    let err = j.to_html(&options(Some(spend(&e))), Some(&log(&e, false))).unwrap_err();
    assert_eq!(err.to_string(), want);
    // A touchpoint the log does not have.
    let mut other = spend(&e);
    other.amounts.insert("fax".into(), 1.0);
    let err = j.to_html(&options(Some(other)), Some(&log(&e, true))).unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
    // Spend on no touchpoint, and amounts that are none.
    let empty = Spend { amounts: Default::default(), ..spend(&e) };
    let err = j.to_html(&options(Some(empty)), Some(&log(&e, true))).unwrap_err();
    assert_eq!(err.to_string(), e["empty_spend"].as_str().unwrap());
    for amount in e["refused_amounts"].as_array().unwrap() {
        let amount = amount.as_f64().unwrap();
        let mut bad = spend(&e);
        bad.amounts.insert("ad".into(), amount);
        let err = j.to_html(&options(Some(bad)), Some(&log(&e, true))).unwrap_err();
        let want = format!("spend[\"ad\"]: {amount}{}", e["refused_amount_message"].as_str().unwrap());
        assert_eq!(err.to_string(), want);
    }
}

#[test]
fn an_empty_log_says_so_and_has_no_sections_of_its_own() {
    let e = expected();
    let columns = EventColumns { outcome: Some("value".into()), ..EventColumns::default() };
    let empty = EventLog::from_csv_str("customer_id,timestamp,touchpoint,value\n", &columns).unwrap();
    let html = map(&e).to_html(&options(None), Some(&empty)).unwrap();
    assert!(text(&html).contains("The event log has no events, so nothing was observed."));
    for id in ["funnel", "shapley", "cohorts", "sessions", "attribution", "conformance"] {
        assert!(!html.contains(&format!("<h3 id=\"{id}\">")), "section {id} on an empty log");
    }
}

#[test]
fn a_session_column_with_blanks_falls_back_to_inactivity_and_says_so() {
    let e = expected();
    let csv = "customer_id,timestamp,touchpoint,session\n\
               c1,2026-03-02T10:00:00Z,ad,s1\n\
               c1,2026-03-02T10:10:00Z,site,\n\
               c1,2026-03-05T10:00:00Z,pay,s2\n";
    let columns = EventColumns { session: Some("session".into()), ..EventColumns::default() };
    let log = EventLog::from_csv_str(csv, &columns).unwrap();
    let html = map(&e).to_html(&options(None), Some(&log)).unwrap();
    let want = "A session is a customer's events with no gap of more than 30 min between them (the log's session \
                column leaves some events without a session, so it is not used). The 1 customer had 2 sessions.";
    assert!(text(&html).contains(want), "{}", text(&html));
}

#[test]
fn a_log_without_outcomes_has_sessions_and_switches_but_no_cohorts() {
    let e = expected();
    let html = map(&e).to_html(&options(None), Some(&log(&e, false))).unwrap();
    assert!(html.contains("<h3 id=\"sessions\">") && html.contains("<h3 id=\"switches\">"));
    assert!(!html.contains("<h3 id=\"cohorts\">") && !html.contains("<h3 id=\"shapley\">"));
    let text = text(&html);
    assert!(text.contains("The 7 customers had 10 sessions."), "{text}");
}

#[test]
fn sessions_from_the_session_column_say_so() {
    let e = expected();
    let csv = "customer_id,timestamp,touchpoint,session\n\
               c1,2026-03-02T10:00:00Z,ad,s1\n\
               c1,2026-03-02T12:00:00Z,site,s1\n\
               c1,2026-03-05T10:00:00Z,pay,s2\n";
    let columns = EventColumns { session: Some("session".into()), ..EventColumns::default() };
    let log = EventLog::from_csv_str(csv, &columns).unwrap();
    let html = map(&e).to_html(&options(None), Some(&log)).unwrap();
    let text = text(&html);
    let want = "A session is a customer's events with the same value in the log's session column. The 1 customer had \
                2 sessions.";
    assert!(text.contains(want), "{text}");
}

#[test]
fn the_cost_carries_the_currency_the_caller_names() {
    let e = expected();
    let (j, log) = (map(&e), log(&e, true));
    let w = &e["cost_currency"];
    let currency = w["currency"].as_str().unwrap();
    let entries = spend(&e).entries();
    let plain = log.cost(&entries, &Spend::REPORT_MODELS, true).unwrap();
    let named = log.cost_in(&entries, &Spend::REPORT_MODELS, true, Some(currency)).unwrap();
    assert_eq!(named.currency.as_deref(), Some(currency));
    assert_eq!((named.rows, named.collapsed), (plain.rows.clone(), plain.collapsed), "the same figures");
    let options = CostOptions {
        models: Some(vec!["markov".into(), "shapley".into()]),
        currency: Some(format!(" {currency} ")),
        ..CostOptions::default()
    };
    let with = log.cost_with(&entries, &options).unwrap();
    assert_eq!((with.currency.as_deref(), &with.rows), (Some(currency), &plain.rows), "trimmed");
    let refused = w["refused"].as_str().unwrap();
    let err = log.cost_in(&entries, &[], true, Some(refused)).unwrap_err();
    assert_eq!(err.to_string(), format!("currency: {}", w["refused_message"].as_str().unwrap()));
    // The reports' cost is the spend's, in the map's currency: the same field.
    let costed = spend(&e).costed(&log, j.currency.as_deref()).unwrap();
    assert_eq!((costed.currency.as_deref(), &costed.rows), (Some(currency), &plain.rows));
    let mut none = spend(&e);
    none.currency = None;
    assert_eq!(none.costed(&log, None).unwrap().currency, None);
}
