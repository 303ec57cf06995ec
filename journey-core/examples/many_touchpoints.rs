//! Memory of the analytics on a log with as many distinct touchpoints as events (issue 9, item 8): builds a
//! log of `EVENTS` events over `TOUCHPOINTS` distinct touchpoints from columns, then runs discovery, the
//! directly-follows graph, a funnel and linear attribution, and prints the peak resident memory. Run it
//! in release under `/usr/bin/time -v` to compare:
//!
//! ```text
//! cargo run --release -p journey-core --example many_touchpoints -- 1000000 1000000 100000
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]

use journey_core::analytics::{AttributionModel, EventChunk, EventLog};

fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let events = args.first().copied().unwrap_or(1_000_000);
    let touchpoints = args.get(1).copied().unwrap_or(events).max(1);
    let customers = args.get(2).copied().unwrap_or(events / 10).max(1);
    let customer: Vec<String> = (0..events).map(|i| format!("c{:07}", i % customers)).collect();
    let touchpoint: Vec<String> = (0..events).map(|i| format!("t{:07}", (i * 7919) % touchpoints)).collect();
    let times: Vec<i64> = (0..events as i64).map(|i| 1_772_323_200_000 + i * 1000).collect();
    let outcome: Vec<f64> = (0..events).map(|i| if i % 13 == 0 { 1.0 } else { 0.0 }).collect();
    let customer: Vec<&str> = customer.iter().map(String::as_str).collect();
    let touchpoint: Vec<&str> = touchpoint.iter().map(String::as_str).collect();
    println!(
        "input: {events} events, {touchpoints} touchpoints, {customers} customers; peak {} MiB",
        peak_kib() / 1024
    );
    let chunk = EventChunk { outcome: Some(&outcome), ..EventChunk::new(&customer, &times, &touchpoint) };
    let log = EventLog::from_columns(&[chunk]).unwrap();
    println!("built: peak {} MiB", peak_kib() / 1024);
    let o = log.observe();
    println!("observe: peak {} MiB", peak_kib() / 1024);
    let d = o.finish();
    drop(o);
    println!(
        "discover ({} transitions, {} variants): peak {} MiB",
        d.transitions.len(),
        d.variants.len(),
        peak_kib() / 1024
    );
    drop(d);
    let g = log.dfg();
    println!("dfg ({} transitions): peak {} MiB", g.transitions.len(), peak_kib() / 1024);
    drop(g);
    let f = log.funnel(["t0000000", "t0000001"]).unwrap();
    println!("funnel ({} customers): peak {} MiB", f.customers, peak_kib() / 1024);
    let a = log.attribution(AttributionModel::Linear, false).unwrap();
    println!("linear attribution ({} rows): peak {} MiB", a.rows.len(), peak_kib() / 1024);
}
