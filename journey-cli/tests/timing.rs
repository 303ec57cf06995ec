//! The report's time to convert, sessions, channel and device switches and funnel step times on the example
//! data: each figure as the core computes it on the same log, written as the core's words write it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Command;

use journey_core::Journey;
use journey_core::analytics::{Dimension, EventColumns, EventLog, SessionOptions, SessionsFrom, TimeToConvertOptions};
use journey_core::words::{count, duration_ms, percent, plural};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data").join(name)
}

fn report(extra: &[&str]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_journey"));
    cmd.arg("report").arg(data("electronics-retailer.json")).arg("--events").arg(data("electronics-events.csv"));
    cmd.args(["--outcome", "order_value", "--as-of", "2026-12-01"]).args(extra);
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn log(channel: bool, session: bool) -> EventLog {
    let columns = EventColumns {
        outcome: Some("order_value".into()),
        channel: channel.then(|| "channel".into()),
        device: channel.then(|| "device".into()),
        session: session.then(|| "session".into()),
        ..EventColumns::default()
    };
    EventLog::load_csv(data("electronics-events.csv"), &columns).unwrap()
}

fn seconds(s: f64) -> String {
    duration_ms(s * 1000.0)
}

/// The lines of the section whose heading starts with `heading` (at the start of a line), the heading first,
/// up to the blank line after it.
fn section<'a>(out: &'a str, heading: &str) -> Vec<&'a str> {
    let at = out.find(&format!("\n{heading}")).unwrap_or_else(|| panic!("no section {heading:?} in\n{out}"));
    out[at + 1..].split("\n\n").next().unwrap_or_default().lines().collect()
}

#[test]
fn the_time_to_convert_is_the_cores() {
    let out = report(&[]);
    let t = log(false, false).time_to_convert(&TimeToConvertOptions::default()).unwrap();
    assert!(t.converted > 0 && t.censored > 0);
    let lines = section(&out, "time to convert");
    let want = format!(
        "  of the {} who converted: median {}, 90th percentile {}",
        count(t.converted),
        seconds(t.median_seconds.unwrap()),
        seconds(t.p90_seconds.unwrap())
    );
    assert_eq!(lines[1], want);
    assert!(lines[2].starts_with(&format!("  {} not converted", plural(t.censored, "customer"))), "{}", lines[2]);
    let km = t.km_median_seconds.map_or_else(|| "is not reached".to_owned(), |m| format!("is {}", seconds(m)));
    assert!(lines[2].contains(&format!("Kaplan\u{2013}Meier median {km}")), "{}", lines[2]);
}

#[test]
fn sessions_by_inactivity_and_by_the_session_column_are_the_cores() {
    let j = Journey::load(data("electronics-retailer.json")).unwrap();
    let name = |id: &str| j.touchpoint(id).map_or(id.to_owned(), |t| t.name.clone());
    for column in [false, true] {
        let out = report(if column { &["--session", "session"] } else { &[] });
        let l = log(false, column);
        let sessions = l.sessions(&SessionOptions::default()).unwrap();
        let (reported, from) = l.report_sessions().unwrap();
        assert_eq!(reported.customer_count(), sessions.customer_count());
        assert_eq!(from, if column { SessionsFrom::Column } else { SessionsFrom::Inactivity });
        let lines = section(&out, "sessions (");
        let how = if column {
            "a customer's events with the same value in the log's session column"
        } else {
            "a customer's events with no gap of more than 30 min between them"
        };
        let want = format!(
            "sessions (a session: {how}): {} of {}",
            plural(sessions.customer_count() as u64, "session"),
            plural(l.customer_count() as u64, "customer")
        );
        assert_eq!(lines[0], want);
        let all = l.discover().transitions;
        let most = all.iter().map(|t| t.count).max().unwrap();
        let top = all.iter().find(|t| t.count == most).unwrap();
        let within = sessions.discover().transitions;
        let w = within.iter().find(|w| (&w.source, &w.target) == (&top.source, &top.target)).unwrap();
        let want = format!(
            "  the most common move, {} \u{2192} {}: {} within a session, mean {}; {} on the customers' whole paths, mean {}",
            name(&top.source),
            name(&top.target),
            plural(w.count, "move"),
            seconds(w.mean_seconds),
            plural(top.count, "move"),
            seconds(top.mean_seconds)
        );
        assert!(lines[1].starts_with(&want), "{:?} should start with {want:?}", lines[1]);
        // Within a session the move is quicker: the days between visits do not count.
        assert!(w.mean_seconds < top.mean_seconds);
    }
}

#[test]
fn channel_and_device_switches_are_the_cores_and_only_with_their_columns() {
    let out = report(&["--channel", "channel", "--device", "device"]);
    let l = log(true, false);
    for dimension in [Dimension::Channel, Dimension::Device] {
        let s = l.switches(dimension).unwrap();
        let lines = section(&out, &format!("{dimension} switches"));
        let want = format!(
            "{dimension} switches (between consecutive events with a {dimension}): {} by {} of {}",
            plural(s.switches, "switch"),
            count(s.with_switch.customers),
            plural(l.customer_count() as u64, "customer")
        );
        assert_eq!(lines[0], want);
        let want = format!(
            "  conversion: {} of those who switched, {} of the {} who never switched",
            percent(s.with_switch.conversion_rate.unwrap()),
            percent(s.without_switch.conversion_rate.unwrap()),
            count(s.without_switch.customers)
        );
        assert_eq!(lines[1], want);
        let p = &s.pairs[0];
        let want = format!(
            "  {} \u{2192} {} ({}, by {})",
            p.from,
            p.to,
            plural(p.switches, "switch"),
            plural(p.customers.customers, "customer")
        );
        assert_eq!(lines[2], want);
    }
    let without = report(&[]);
    assert!(!without.contains("channel switches") && !without.contains("device switches"), "{without}");
}

#[test]
fn the_stage_funnel_gives_the_median_time_from_the_stage_before() {
    let out = report(&[]);
    let j = Journey::load(data("electronics-retailer.json")).unwrap();
    let funnel = log(false, false).stage_funnel(&j);
    let lines = section(&out, "stage funnel");
    assert_eq!(lines.len(), funnel.steps.len() + 1);
    let mut timed = 0;
    for (line, step) in lines[1..].iter().zip(&funnel.steps) {
        match step.median_seconds {
            Some(m) => {
                timed += 1;
                assert!(line.ends_with(&format!("median {} after the step before", seconds(m))), "{line}");
            }
            None => assert!(!line.contains("median"), "{line}"),
        }
    }
    assert!(timed >= 3, "{out}");
}

#[test]
fn without_an_outcome_column_there_is_no_time_to_convert_and_no_conversion_of_switchers() {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_journey"));
    cmd.arg("report").arg(data("electronics-retailer.json")).arg("--events").arg(data("electronics-events.csv"));
    let out = cmd.args(["--as-of", "2026-12-01", "--channel", "channel"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(!out.contains("time to convert") && !out.contains("Kaplan"), "{out}");
    let switches = section(&out, "channel switches");
    assert!(switches.iter().all(|l| !l.contains("conversion")), "{switches:?}");
    assert!(section(&out, "sessions (").len() == 2, "{out}");
}
