//! Attribution models named with parameters (`AttributionModel::from_name`, `FromStr`): unknown names,
//! parameters of another model, values out of their domain and the defaults, against the shared cases of
//! `tests/fixtures/hostile/attribution/cases.json` (also run by the Python and JS tests).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::Error;
use journey_core::analytics::{AttributionModel, EventColumns, EventLog, ModelParameters};
use serde_json::Value;

fn manifest() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/hostile/attribution/cases.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn log(manifest: &Value) -> EventLog {
    let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
    EventLog::from_csv_str(manifest["csv"].as_str().unwrap(), &columns).unwrap()
}

/// The parameters of a case (`null` or absent: not given).
fn params(value: &Value) -> ModelParameters {
    let known = ["order", "half_life_days", "first", "last"];
    for key in value.as_object().unwrap().keys() {
        assert!(known.contains(&key.as_str()), "unknown parameter {key} in the cases");
    }
    ModelParameters {
        order: value.get("order").and_then(Value::as_u64).map(|o| usize::try_from(o).unwrap()),
        half_life_days: value.get("half_life_days").and_then(Value::as_f64),
        first: value.get("first").and_then(Value::as_f64),
        last: value.get("last").and_then(Value::as_f64),
    }
}

/// The model a case names (`null`: the default name).
fn model(case: &Value) -> journey_core::Result<AttributionModel> {
    let name = case["model"].as_str().unwrap_or(AttributionModel::DEFAULT_NAME);
    AttributionModel::from_name(name, params(&case["params"]))
}

#[test]
fn the_shared_cases() {
    let manifest = manifest();
    let log = log(&manifest);
    let cases = manifest["cases"].as_array().unwrap();
    assert!(cases.len() >= 25);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        if let Some(error) = case.get("error") {
            let e = model(case).expect_err(name);
            assert_eq!(e.kind().as_str(), error["kind"].as_str().unwrap(), "{name}");
            for fragment in error["contains"].as_array().unwrap() {
                let fragment = fragment.as_str().unwrap();
                assert!(e.to_string().contains(fragment), "{name}: \"{e}\" lacks \"{fragment}\"");
            }
        } else {
            let got = model(case).unwrap_or_else(|e| panic!("{name}: {e}"));
            let same = model(&case["same_as"]).unwrap();
            assert_eq!(got, same, "{name}");
            let a = log.attribution(got, true).unwrap();
            assert_eq!(a, log.attribution(same, true).unwrap(), "{name}");
            let other = model(&case["differs_from"]).unwrap();
            assert_ne!(a, log.attribution(other, true).unwrap(), "{name}: the case cannot fail");
        }
    }
}

#[test]
fn every_name_reads_back_with_its_defaults() {
    use AttributionModel as M;
    let parsed: Vec<M> = M::MODEL_NAMES.iter().map(|n| n.parse::<M>().unwrap()).collect();
    assert_eq!(parsed.iter().map(M::name).collect::<Vec<_>>(), M::MODEL_NAMES);
    assert_eq!(parsed[3], M::TimeDecay { half_life_days: 7.0 });
    assert_eq!(parsed[4], M::PositionBased { first: 0.4, last: 0.4 });
    assert_eq!(parsed[4], M::POSITION_BASED);
    assert_eq!(parsed[5], M::Markov { order: 1 });
    for m in parsed {
        assert_eq!(M::from_name(m.name(), ModelParameters::default()).unwrap(), m);
    }
    assert_eq!(M::DEFAULT_NAME.parse::<M>().unwrap(), M::Markov { order: 1 });
    let e = "uplift".parse::<M>().unwrap_err();
    assert_eq!(
        e.to_string(),
        "model: unknown model \"uplift\", expected first_touch, last_touch, linear, time_decay, position_based, markov, shapley or ordered_shapley"
    );
    // A name with control characters is shown escaped.
    let e = "x\n\u{1b}".parse::<M>().unwrap_err();
    assert!(e.to_string().contains("unknown model \"x\\n\\u{1b}\""), "{e}");
}

#[test]
fn values_that_json_cannot_hold_are_refused() {
    use AttributionModel as M;
    let p = |half_life_days: f64| ModelParameters { half_life_days: Some(half_life_days), ..Default::default() };
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let e = M::from_name("time_decay", p(bad)).unwrap_err();
        assert!(matches!(&e, Error::Argument { name, .. } if name == "half_life_days"), "{e}");
        let shares = ModelParameters { first: Some(0.2), last: Some(bad), ..Default::default() };
        let e = M::from_name("position_based", shares).unwrap_err();
        assert!(matches!(&e, Error::Argument { name, .. } if name == "last"), "{e}");
    }
    let e = M::from_name("markov", ModelParameters { order: Some(usize::MAX), ..Default::default() }).unwrap_err();
    assert_eq!(e.to_string(), format!("order: {} is outside 1..=4", usize::MAX));
    // A model made directly is checked by the same rules when it is used.
    let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
    let log = EventLog::from_csv_str(manifest()["csv"].as_str().unwrap(), &columns).unwrap();
    let e = log.attribution(M::PositionBased { first: 0.8, last: 0.4 }, true).unwrap_err();
    assert_eq!(e.to_string(), "first + last: 0.8 + 0.4 is more than 1, expected shares that add up to at most 1");
    let e = log.attribution(M::TimeDecay { half_life_days: 0.0 }, true).unwrap_err();
    assert_eq!(e.to_string(), "half_life_days: 0 is not a number above 0");
}
