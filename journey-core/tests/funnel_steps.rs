//! The shared funnel cases in `tests/fixtures/funnel_steps/cases.json`, which the Python and JavaScript tests
//! run too: a step the log has never met is refused unless the funnel is not strict, and steps of the wrong
//! type get the same message everywhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::analytics::{EventColumns, EventLog, FunnelOptions, steps_wrong_type};
use serde_json::Value;

fn fixture() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/funnel_steps/cases.json");
    let text = std::fs::read_to_string(path).expect("funnel_steps/cases.json");
    serde_json::from_str(&text).expect("funnel_steps/cases.json is JSON")
}

#[test]
fn funnel_steps_read_as_the_shared_cases_say() {
    let all = fixture();
    let log = EventLog::from_csv_str(all["events"].as_str().unwrap(), &EventColumns::default()).unwrap();
    let cases = all["cases"].as_array().unwrap();
    assert!(cases.len() >= 8);
    let mut typed = 0;
    for case in cases {
        let name = &case["name"];
        let message = case["message"].as_str();
        let Some(steps) = case["steps"].as_array() else {
            // A value of another type than a list: only a binding can be given one.
            let wanted = message.unwrap().replace("{type}", case["type"]["python"].as_str().unwrap());
            assert_eq!(steps_wrong_type(None, case["type"]["python"].as_str().unwrap()).to_string(), wanted, "{name}");
            typed += 1;
            continue;
        };
        if let Some(index) = case["index"].as_u64() {
            let found = case["type"]["python"].as_str().unwrap();
            let wanted = message.unwrap().replace("{type}", found);
            let e = steps_wrong_type(Some(index as usize), found);
            assert_eq!((e.kind().as_str(), e.to_string()), (case["kind"].as_str().unwrap(), wanted), "{name}");
            typed += 1;
            continue;
        }
        let steps: Vec<&str> = steps.iter().map(|s| s.as_str().unwrap()).collect();
        let options = FunnelOptions { strict: case["strict"].as_bool().unwrap_or(true), ..FunnelOptions::default() };
        let result = if case.get("strict").is_none() { log.funnel(&steps) } else { log.funnel_with(&steps, &options) };
        match case["customers"].as_array() {
            Some(customers) => {
                let got: Vec<u64> = result.unwrap().steps.iter().map(|s| s.customers).collect();
                let wanted: Vec<u64> = customers.iter().map(|c| c.as_u64().unwrap()).collect();
                assert_eq!(got, wanted, "{name}");
            }
            None => {
                let e = result.unwrap_err();
                assert_eq!(e.kind().as_str(), case["kind"].as_str().unwrap(), "{name}");
                assert_eq!(Some(e.to_string().as_str()), message, "{name}");
            }
        }
    }
    assert_eq!(typed, 2, "both cases of the wrong type were checked");
}

#[test]
fn strict_is_the_default_and_partial_counts_take_any_step() {
    assert!(FunnelOptions::default().strict);
    let all = fixture();
    let log = EventLog::from_csv_str(all["events"].as_str().unwrap(), &EventColumns::default()).unwrap();
    // Counts over a part of the data do not refuse a step another part may have.
    assert_eq!(log.funnel_counts(["alpha", "nonexistent"]).unwrap().reached, [2, 0]);
    let other =
        EventLog::from_csv_str("customer_id,timestamp,touchpoint\nz,2026-03-01,delta\n", &EventColumns::default())
            .unwrap();
    assert!(journey_core::analytics::check_funnel_steps(["alpha", "delta"], [&log, &other]).is_ok());
    // The known touchpoints of both logs, sorted: the message does not depend on the order of the rows.
    let e = journey_core::analytics::check_funnel_steps(["omega"], [&log, &other]).unwrap_err();
    assert_eq!(e.to_string(), r#"unknown touchpoint "omega"; the log's touchpoints are alpha, beta, delta, gamma"#);
}
