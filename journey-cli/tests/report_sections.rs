//! `journey report --spend`: Shapley attribution, cost per conversion and ROAS in the spend's currency, and
//! retention cohorts, against the shared fixture in `tests/fixtures/report/`; spend that cannot be costed is
//! refused by name.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/report")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap()
}

/// `journey report` on the fixture's map and log with `extra` arguments.
fn run(e: &Value, events: bool, extra: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_journey"));
    cmd.arg("report").arg(dir().join(e["map"].as_str().unwrap())).args(["--as-of", "2026-12-01"]);
    if events {
        cmd.arg("--events").arg(dir().join(e["events"].as_str().unwrap()));
        cmd.args(["--outcome", e["outcome"].as_str().unwrap()]);
    }
    cmd.args(extra).output().unwrap()
}

/// The fixture's spend as `--spend` arguments.
fn spend_args(e: &Value) -> Vec<String> {
    let mut args = Vec::new();
    for (id, amount) in e["spend"]["amounts"].as_object().unwrap() {
        args.extend(["--spend".to_owned(), format!("{id}={amount}")]);
    }
    args
}

fn stdout(out: Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cost_and_roas_are_written_in_the_spends_currency() {
    let e = expected();
    let mut args = spend_args(&e);
    args.extend(["--spend-currency".to_owned(), e["spend"]["currency"].as_str().unwrap().to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = stdout(run(&e, true, &args));
    assert!(out.contains(
        "\ncost per converting customer and return on ad spend (spend in EUR; credit by Markov order 1 and Shapley)\n"
    ));
    for (id, want) in e["cost_shapley"].as_object().unwrap() {
        let name = match id.as_str() {
            "ad" => "Paid ad",
            "mail" => "Newsletter",
            _ => "Web shop",
        };
        let line = out.lines().find(|l| l.trim_start().starts_with(name) && l.contains("spend ")).unwrap();
        // Markov's figures, then Shapley's, each worked out by make.py.
        let by = |model: &str, want: &serde_json::Value| {
            let cpc = want["cost_per_conversion_words"].as_str().unwrap();
            let roas = if want["roas"].is_null() { "-" } else { want["roas_words"].as_str().unwrap() };
            format!("{model}: {cpc} per converting customer, ROAS {roas}")
        };
        let both = format!("{}  {}", by("markov", &e["cost_markov"][id]), by("shapley", want));
        assert!(line.ends_with(&both), "{line}");
    }
    // The map's currency when the spend names none.
    let mut args = spend_args(&e);
    args.extend(["--currency".to_owned(), "USD".to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = stdout(run(&e, true, &args));
    assert!(out.contains("(spend in USD;") && out.contains("ROAS $2.72 per $1"), "{out}");
    // A touchpoint no model credits says so in words.
    let out = stdout(run(&e, true, &["--spend", "pay=5"]));
    let line = out.lines().find(|l| l.contains("spend ") && l.contains("Checkout")).unwrap_or_default();
    assert!(
        line.ends_with("markov: no converting customer credited  shapley: no converting customer credited"),
        "{out}"
    );
}

#[test]
fn cohorts_and_shapley_are_in_the_report() {
    let e = expected();
    let out = stdout(run(&e, true, &[]));
    let c = &e["cohorts"];
    let want = format!(
        "  {} of {} customers converted, {} times in all; {} converted at least twice: repeat-purchase rate 40%",
        c["converters"], c["customers"], c["conversions"], c["repeat_customers"]
    );
    assert!(out.lines().any(|l| l == want), "{want} in\n{out}");
    assert!(out.lines().any(|l| l.starts_with("  2026-03 ")
        && l.ends_with("converted again in the same month and the 2 months after: 33.3%, 33.3%, 0%")));
    let shapley = out.split("\nshapley attribution").nth(1).unwrap();
    let shapley = shapley.lines().find(|l| l.trim_start().starts_with("Newsletter")).unwrap();
    let mail = e["shapley"]["mail"]["value"].as_f64().unwrap();
    assert!(shapley.ends_with(&journey_core::words::outcome_value(mail, Some("EUR"))), "{shapley}");
    assert!(!out.contains("cost per converting customer"), "no spend, no cost");
}

#[test]
fn spend_that_cannot_be_costed_is_refused_by_name() {
    let e = expected();
    let err = |out: Output| {
        assert!(!out.status.success());
        String::from_utf8(out.stderr).unwrap()
    };
    let mismatch = err(run(&e, true, &["--currency", "USD", "--spend", "ad=30", "--spend-currency", "EUR"]));
    assert!(mismatch.trim_end().ends_with(e["mismatch"]["message"].as_str().unwrap()), "{mismatch}");
    let no_log = err(run(&e, false, &["--spend", "ad=30"]));
    assert!(no_log.trim_end().ends_with(e["without_outcome"].as_str().unwrap()), "{no_log}");
    assert!(err(run(&e, true, &["--spend", "ad=30,ad=2"])).contains("spend[\"ad\"]: the touchpoint is given twice"));
    let refused = e["refused_amount_message"].as_str().unwrap();
    for amount in e["refused_amounts"].as_array().unwrap() {
        let amount = amount.as_f64().unwrap();
        let arg = format!("ad={amount}");
        let message = err(run(&e, true, &["--spend", &arg]));
        assert!(message.trim_end().ends_with(&format!("spend[\"ad\"]: {amount}{refused}")), "{message}");
    }
    // Amounts are checked before the events are read: a missing events file is not reached.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_journey"));
    cmd.arg("report").arg(dir().join(e["map"].as_str().unwrap()));
    let out = cmd.args(["--events", "no-such-file.csv", "--outcome", "value", "--spend", "ad=-1"]).output().unwrap();
    assert!(String::from_utf8(out.stderr).unwrap().contains("spend[\"ad\"]: -1"));
    assert!(err(run(&e, true, &["--spend", "fax=1"])).contains("touchpoint \"fax\""));
    assert!(
        err(run(&e, true, &["--spend", "ad"])).contains("\"ad\" is not ID=AMOUNT (entries are separated by commas)")
    );
    // The amount is after the last `=`: the id is "utm=g", which the log does not have.
    assert!(err(run(&e, true, &["--spend", "utm=g=5"])).contains("touchpoint \"utm=g\""));
}
