//! Following and stopping long calls: the shared fixture `tests/fixtures/progress/`, which the Python and
//! JavaScript tests run too, and the parallel parts of large logs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ops::ControlFlow;
use std::path::PathBuf;

use journey_core::analytics::{
    AttributionModel, CohortOptions, EventColumns, EventLog, FunnelOptions, JourneyOptions, Progress, SessionOptions,
    TimeToConvertOptions,
};
use journey_core::{Error, Journey};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/progress")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap()
}

fn columns(e: &Value) -> EventColumns {
    serde_json::from_value(e["columns"].clone()).unwrap()
}

type Callback<'a> = &'a mut dyn FnMut(Progress) -> ControlFlow<()>;

/// A long call given a callback, its result as JSON.
type WithProgress<'a> = Box<dyn Fn(Callback<'_>) -> Result<Value, Error> + 'a>;

/// A call of the fixture: with a callback, and without (its result as JSON, to compare).
struct Call<'a> {
    with: WithProgress<'a>,
    plain: Box<dyn Fn() -> Value + 'a>,
}

fn json<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap()
}

fn call(e: &Value, c: &Value, log: EventLog, csv: PathBuf) -> Call<'static> {
    let map = Journey::load(dir().join(e["map"].as_str().unwrap())).unwrap();
    let steps: Vec<String> = serde_json::from_value(e["funnel"].clone()).unwrap();
    let columns = columns(e);
    let model = match c["model"].as_str() {
        Some("markov") => AttributionModel::Markov { order: 1 },
        Some("linear") => AttributionModel::Linear,
        _ => AttributionModel::FirstTouch,
    };
    match c["call"].as_str().unwrap() {
        "discover" => {
            let log2 = log.clone();
            Call {
                with: Box::new(move |p| log.discover_with_progress(p).map(json)),
                plain: Box::new(move || json(log2.discover())),
            }
        }
        "funnel" => {
            let log2 = log.clone();
            let steps2 = steps.clone();
            Call {
                with: Box::new(move |p| {
                    let s: Vec<&str> = steps.iter().map(String::as_str).collect();
                    // Not strict: the empty log of the fixture has none of the steps.
                    log.funnel_with_progress(&s, &FunnelOptions { strict: false, ..FunnelOptions::default() }, p)
                        .map(json)
                }),
                plain: Box::new(move || {
                    let s: Vec<&str> = steps2.iter().map(String::as_str).collect();
                    json(log2.funnel_with(&s, &FunnelOptions { strict: false, ..FunnelOptions::default() }).unwrap())
                }),
            }
        }
        "stage_funnel" => {
            let (log2, map2) = (log.clone(), map.clone());
            Call {
                with: Box::new(move |p| log.stage_funnel_with_progress(&map, p).map(json)),
                plain: Box::new(move || json(log2.stage_funnel(&map2))),
            }
        }
        "conformance" => {
            let (log2, map2) = (log.clone(), map.clone());
            Call {
                with: Box::new(move |p| log.conformance_with_progress(&map, p).map(json)),
                plain: Box::new(move || json(log2.conformance(&map2))),
            }
        }
        "loops" => {
            let (log2, map2) = (log.clone(), map.clone());
            Call {
                with: Box::new(move |p| log.loops_with_progress(Some(&map), p).map(json)),
                plain: Box::new(move || json(log2.loops(Some(&map2)))),
            }
        }
        "attribution" => {
            let log2 = log.clone();
            Call {
                with: Box::new(move |p| log.attribution_with_progress(model, true, p).map(json)),
                plain: Box::new(move || json(log2.attribution(model, true).unwrap())),
            }
        }
        "read_csv" => {
            let (csv2, columns2) = (csv.clone(), columns.clone());
            Call {
                with: Box::new(move |p| {
                    EventLog::load_csv_with_progress(&csv, &columns, p).map(|l| json(l.discover()))
                }),
                plain: Box::new(move || json(EventLog::load_csv(&csv2, &columns2).unwrap().discover())),
            }
        }
        "journeys" => {
            let log2 = log.clone();
            let o = JourneyOptions::default();
            Call {
                with: Box::new(move |p| log.journeys_with_progress(&o, p).map(|l| json(l.discover()))),
                plain: Box::new(move || json(log2.journeys(&o).unwrap().discover())),
            }
        }
        "sessions" => {
            let log2 = log.clone();
            Call {
                with: Box::new(move |p| {
                    log.sessions_with_progress(&SessionOptions::default(), p).map(|l| json(l.discover()))
                }),
                plain: Box::new(move || json(log2.sessions(&SessionOptions::default()).unwrap().discover())),
            }
        }
        "time_to_convert" => {
            let log2 = log.clone();
            let o = TimeToConvertOptions::default();
            Call {
                with: Box::new(move |p| log.time_to_convert_with_progress(&o, p).map(json)),
                plain: Box::new(move || json(log2.time_to_convert(&o).unwrap())),
            }
        }
        "cohorts" => {
            let log2 = log.clone();
            let o = CohortOptions::default();
            Call {
                with: Box::new(move |p| log.cohorts_with_progress(&o, p).map(json)),
                plain: Box::new(move || json(log2.cohorts(&o).unwrap())),
            }
        }
        other => panic!("unknown call {other}"),
    }
}

/// The reports of a call that goes on to the end, checked against the fixture's rules.
fn reports_to_the_end(c: &Call<'_>, total: u64, name: &str) -> Vec<Progress> {
    let mut seen = Vec::new();
    let result = (c.with)(&mut |p| {
        seen.push(p);
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(result, (c.plain)(), "{name}: the result with progress is the plain one");
    assert!(seen.len() >= 2, "{name}: {seen:?}");
    assert_eq!(seen[0].done, 0, "{name}: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0].done <= w[1].done && w[0].total <= w[1].total), "{name}: {seen:?}");
    assert!(seen[..seen.len() - 1].iter().all(|p| p.done < p.total), "{name}: {seen:?}");
    assert_eq!(seen.last(), Some(&Progress { done: total, total }), "{name}: {seen:?}");
    seen
}

#[test]
fn every_call_of_the_fixture_reports_and_stops_as_expected() {
    let e = expected();
    let csv = dir().join(e["events"].as_str().unwrap());
    let log = EventLog::load_csv(&csv, &columns(&e)).unwrap();
    for c in e["calls"].as_array().unwrap() {
        let name = format!("{} {}", c["call"], c["model"]);
        let call = call(&e, c, log.clone(), csv.clone());
        reports_to_the_end(&call, c["total"].as_u64().unwrap(), &name);
        // Stopped at the first report: kind cancelled, the message names the call, no report after.
        let mut calls = 0;
        let stopped = (call.with)(&mut |_| {
            calls += 1;
            ControlFlow::Break(())
        })
        .unwrap_err();
        assert_eq!(stopped.kind(), "cancelled", "{name}");
        let message = e["message"].as_str().unwrap().replace("{what}", c["what"].as_str().unwrap());
        assert_eq!(stopped.to_string(), message, "{name}");
        assert_eq!(calls, 1, "{name}");
        // Stopped at the last report (the work was done): cancelled too, since the callback asked.
        let mut calls = 0;
        let late = (call.with)(&mut |p| {
            calls += 1;
            if p.done == p.total { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
        });
        assert_eq!(late.map_err(|e| e.kind()).unwrap_err(), "cancelled", "{name}");
        assert!(calls >= 2, "{name}");
    }
}

#[test]
fn an_empty_log_is_reported_once_as_0_of_0() {
    let e = expected();
    let empty = dir().join(e["empty"].as_str().unwrap());
    let log = EventLog::load_csv(&empty, &columns(&e)).unwrap();
    assert!(log.is_empty());
    let want: Vec<(u64, u64)> = serde_json::from_value(e["empty_reports"].clone()).unwrap();
    for c in e["calls"].as_array().unwrap() {
        let name = format!("{} {}", c["call"], c["model"]);
        let mut seen = Vec::new();
        let call = call(&e, c, log.clone(), empty.clone());
        (call.with)(&mut |p| {
            seen.push((p.done, p.total));
            ControlFlow::Continue(())
        })
        .unwrap();
        let want: Vec<(u64, u64)> = if c["call"] == "read_csv" {
            serde_json::from_value(e["empty_read_reports"].clone()).unwrap()
        } else {
            want.clone()
        };
        assert_eq!(seen, want, "{name}");
    }
    let mut seen = Vec::new();
    let log = EventLog::from_csv_bytes_with_progress(b"", &columns(&e), &mut |p| {
        seen.push((p.done, p.total));
        ControlFlow::Continue(())
    })
    .unwrap();
    assert!(log.is_empty());
    assert_eq!(seen, want);
    let mut seen = Vec::new();
    log.observe_with_progress(&mut |p| {
        seen.push((p.done, p.total));
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(seen, want);
}

#[test]
fn the_readers_agree_on_bytes() {
    let e = expected();
    let csv = dir().join(e["events"].as_str().unwrap());
    let bytes = std::fs::read(&csv).unwrap();
    let size = bytes.len() as u64;
    let record = |f: &dyn Fn(Callback<'_>) -> Result<EventLog, Error>| {
        let mut seen = Vec::new();
        let log = f(&mut |p| {
            seen.push(p);
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(seen.last(), Some(&Progress { done: size, total: size }));
        assert_eq!(seen[0].done, 0);
        assert!(seen.len() >= 2 && seen[..seen.len() - 1].iter().all(|p| p.done < p.total), "{seen:?}");
        log
    };
    let columns = columns(&e);
    let plain = EventLog::from_csv_bytes(&bytes, &columns).unwrap();
    assert_eq!(record(&|p| EventLog::from_csv_bytes_with_progress(&bytes, &columns, p)), plain);
    // A reader of unknown size: the total grows with the bytes read.
    assert_eq!(record(&|p| EventLog::from_csv_reader_with_progress(bytes.as_slice(), &columns, None, p)), plain);
    assert_eq!(record(&|p| EventLog::from_csv_reader_with_progress(bytes.as_slice(), &columns, Some(size), p)), plain);
}

/// A log of `customers` customers with 10 events each over 20 touchpoints, large enough for the parallel
/// parts (on more than one core).
fn big(customers: usize) -> EventLog {
    let names: Vec<String> = (0..20).map(|t| format!("t{t}")).collect();
    let ids: Vec<String> = (0..customers).map(|c| format!("c{c}")).collect();
    let n = customers * 10;
    EventLog::from_fn(n, true, |i| {
        let t = (i as u64).wrapping_mul(2_654_435_761) % 20;
        journey_core::analytics::Event {
            customer: &ids[i / 10],
            timestamp_ns: i as i64,
            touchpoint: &names[t as usize],
            outcome: Some(if i % 30 == 29 { 2.0 } else { 0.0 }),
            ..Default::default()
        }
    })
    .unwrap()
}

#[test]
fn large_logs_report_from_their_parallel_parts_and_stop_on_every_thread() {
    let log = big(40_000);
    let csv = {
        let mut s = String::from("customer_id,timestamp,touchpoint,converted\n");
        for i in 0..200_000 {
            s.push_str(&format!("c{},{},t{},{}\n", i / 10, 1_772_323_200 + i, i % 7, u8::from(i % 30 == 29)));
        }
        s.into_bytes()
    };
    let columns = EventColumns { outcome: Some("converted".into()), ..EventColumns::default() };
    let steps = ["t0", "t1", "t2"];
    let calls: Vec<(&str, WithProgress<'_>, Value, u64)> = vec![
        ("discover", Box::new(|p| log.discover_with_progress(p).map(json)), json(log.discover()), 2 * log.len() as u64),
        (
            "funnel",
            Box::new(|p| log.funnel_with_progress(steps, &FunnelOptions::default(), p).map(json)),
            json(log.funnel(steps).unwrap()),
            log.len() as u64,
        ),
        (
            "attribution",
            Box::new(|p| log.attribution_with_progress(AttributionModel::Linear, true, p).map(json)),
            json(log.attribution(AttributionModel::Linear, true).unwrap()),
            log.len() as u64,
        ),
        (
            "csv",
            Box::new(|p| EventLog::from_csv_bytes_with_progress(&csv, &columns, p).map(|l| json(l.discover()))),
            json(EventLog::from_csv_bytes(&csv, &columns).unwrap().discover()),
            csv.len() as u64,
        ),
    ];
    for (name, with, plain, total) in &calls {
        let c = Call { with: Box::new(|p| with(p)), plain: Box::new(|| plain.clone()) };
        reports_to_the_end(&c, *total, name);
        // Stopped at the second report, from inside the work: no report after it.
        let mut calls = 0;
        let e = with(&mut |_| {
            calls += 1;
            if calls == 2 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
        })
        .unwrap_err();
        assert_eq!(e.kind(), "cancelled", "{name}");
        assert_eq!(calls, 2, "{name}");
    }
}
