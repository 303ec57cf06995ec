//! Times the long analyses on a generated log of 10 million events and how soon each stops when its progress
//! callback asks it to: `cargo run --release -p journey-core --example progress_scale` (`EVENTS=1000000` for
//! a smaller log, `ONLY=observe` for one analysis in a process of its own).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use journey_core::Journey;
use journey_core::analytics::{AttributionModel, EventChunk, EventColumns, EventLog, FunnelOptions, Progress};

/// 10 events per customer over 50 touchpoints in 5 stages, a third of the customers converting.
fn generated(events: usize) -> EventLog {
    let mut x = 12_345u64;
    let (mut customers, mut touchpoints, mut times, mut outcome) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let names: Vec<String> = (0..50).map(|t| format!("t{t:02}")).collect();
    let ids: Vec<String> = (0..events / 10 + 1).map(|c| format!("c{c:07}")).collect();
    for i in 0..events {
        x = x * 48271 % 2_147_483_647;
        let c = i / 10;
        customers.push(ids[c].as_str());
        touchpoints.push(names[(x % 50) as usize].as_str());
        times.push(1_772_323_200_000 + (i as i64) * 1000 + (x % 7) as i64 * 60_000);
        outcome.push(if i % 10 == 9 && c % 3 == 0 { 10.0 } else { 0.0 });
    }
    let chunk = EventChunk { outcome: Some(&outcome), ..EventChunk::new(&customers, &times, &touchpoints) };
    EventLog::from_columns(&[chunk]).unwrap()
}

/// Stages s0..s4 of ten touchpoints each, every t(i) -> t(i+1) designed, t00..t09 entries.
fn journey() -> Journey {
    let stages: Vec<String> = (0..5).map(|s| format!(r#"{{"id": "s{s}", "name": "S{s}"}}"#)).collect();
    let tps: Vec<String> = (0..50)
        .map(|t| format!(r#"{{"id": "t{t:02}", "name": "T{t}", "stage": "s{}", "channel": "web"}}"#, t / 10))
        .collect();
    let moves: Vec<String> = (0..49).map(|t| format!(r#"{{"from": "t{t:02}", "to": "t{:02}"}}"#, t + 1)).collect();
    let entries: Vec<String> = (0..10).map(|t| format!(r#""t{t:02}""#)).collect();
    Journey::from_json(&format!(
        r#"{{"schema_version": 1, "id": "j", "name": "J", "stages": [{}], "touchpoints": [{}], "transitions": [{}],
            "entries": [{}]}}"#,
        stages.join(","),
        tps.join(","),
        moves.join(","),
        entries.join(",")
    ))
    .unwrap()
}

/// Runs `f` once stopped at the report after `stop_after` (how long the stop took after the callback asked),
/// then once to the end (time, reports). The first allocations of a call pay for freeing what the call
/// before left (glibc sorts its freed blocks then), so the stop comes first.
/// A progress callback.
type Callback<'a> = &'a mut dyn FnMut(Progress) -> ControlFlow<()>;

fn measure(label: &str, stop_after: Duration, f: &dyn Fn(Callback<'_>) -> bool) {
    if std::env::var("ONLY").is_ok_and(|only| only != label) {
        return;
    }
    let start = Instant::now();
    let mut asked: Option<Instant> = None;
    let mut asked_at = Progress { done: 0, total: 0 };
    let stopped = !f(&mut |p| {
        if start.elapsed() >= stop_after {
            asked = Some(Instant::now());
            asked_at = p;
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    let after = asked.map(|a| a.elapsed());
    let start = Instant::now();
    let mut reports = 0u64;
    let mut last = Progress { done: 0, total: 0 };
    let ok = f(&mut |p| {
        reports += 1;
        last = p;
        ControlFlow::Continue(())
    });
    let full = start.elapsed();
    println!(
        "{label:<28} {:>7.3} s  {reports:>5} reports (last {} of {}, ok {ok})  stopped {stopped} {:.1} ms after asking at {} of {}",
        full.as_secs_f64(),
        last.done,
        last.total,
        after.map_or(f64::NAN, |a| a.as_secs_f64() * 1000.0),
        asked_at.done,
        asked_at.total
    );
}

fn main() {
    let events: usize = std::env::var("EVENTS").ok().and_then(|e| e.parse().ok()).unwrap_or(10_000_000);
    let t = Instant::now();
    let log = generated(events);
    println!("built {} events, {} customers in {:.3} s", log.len(), log.customer_count(), t.elapsed().as_secs_f64());
    let j = journey();
    let steps = ["t00", "t11", "t22", "t33", "t44"];
    let at = Duration::from_millis(std::env::var("STOP_MS").ok().and_then(|s| s.parse().ok()).unwrap_or(100));
    measure("discover", at, &|p| log.discover_with_progress(p).is_ok());
    measure("observe", at, &|p| log.observe_with_progress(p).is_ok());
    measure("funnel", at, &|p| log.funnel_with_progress(steps, &FunnelOptions::default(), p).is_ok());
    measure("stage_funnel", at, &|p| log.stage_funnel_with_progress(&j, p).is_ok());
    measure("conformance", at, &|p| log.conformance_with_progress(&j, p).is_ok());
    measure("loops", at, &|p| log.loops_with_progress(Some(&j), p).is_ok());
    measure("attribution markov 1", at, &|p| {
        log.attribution_with_progress(AttributionModel::Markov { order: 1 }, true, p).is_ok()
    });
    measure("attribution linear", at, &|p| log.attribution_with_progress(AttributionModel::Linear, true, p).is_ok());
    // CSV: the same log written out and read back.
    if std::env::var("ONLY").is_ok_and(|only| !only.starts_with("from_csv")) {
        return;
    }
    let mut csv = String::from("customer_id,timestamp,touchpoint,converted\n");
    for (i, c) in (0..events).map(|i| (i, i / 10)) {
        let x = (i as u64 * 2_654_435_761) % 50;
        csv.push_str(&format!("c{c:07},{},t{x:02},{}\n", 1_772_323_200 + i, u8::from(i % 30 == 29)));
    }
    let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
    let bytes = csv.into_bytes();
    println!("CSV of {:.1} MB", bytes.len() as f64 / 1e6);
    measure("from_csv_bytes", at, &|p| EventLog::from_csv_bytes_with_progress(&bytes, &columns, p).is_ok());
    measure("from_csv_reader", at, &|p| {
        EventLog::from_csv_reader_with_progress(bytes.as_slice(), &columns, Some(bytes.len() as u64), p).is_ok()
    });
}
