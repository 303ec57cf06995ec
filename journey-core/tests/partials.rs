//! Partials as values: the shared fixture `tests/fixtures/partials` split into parts (1, 2, 7 and 300, by
//! rank and strided, in several orders), each part's partial written to bytes and read back, merged in
//! several tree shapes, gives exactly the one-pass answer of every analysis; bytes that are not a partial
//! are refused with the error kind `partial`, never a panic; partials of different requests do not merge.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use journey_core::analytics::{
    Analysis, AttributionOptions, CompareInputs, CompareOptions, EventColumns, EventLog, Finding, Finished,
    PARTIAL_FORMAT_VERSION, PARTIAL_MAGIC, Partial, Request, merge_all,
};
use journey_core::{ErrorKind, Journey};
use proptest::prelude::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/partials").join(name)
}

fn columns() -> EventColumns {
    EventColumns { outcome: Some("value".into()), reason: Some("reason".into()), ..EventColumns::default() }
}

fn map() -> Journey {
    Journey::load(fixture("map.json")).unwrap()
}

fn spec() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("analyses.json")).unwrap()).unwrap()
}

/// The request of the fixture: each analysis read as the bindings read it, `"map": true` the fixture's map.
fn request() -> Request {
    let mut request = Request::new();
    for (key, options) in spec()["analyses"].as_object().unwrap() {
        let mut options = options.clone();
        let map = options.as_object_mut().unwrap().remove("map").map(|_| map());
        request = request.with(key.clone(), Analysis::from_options(key, options, map).unwrap());
    }
    request
}

fn csv_text() -> String {
    std::fs::read_to_string(fixture("log.csv")).unwrap()
}

fn log() -> EventLog {
    EventLog::from_csv_str(&csv_text(), &columns()).unwrap()
}

/// The log's customers in `n` parts, customer k of the sorted ids in part `k * stride % n`, each part read
/// from its own CSV text (so that each has its own dictionaries, as the partitions of a distributed job do).
fn strided(n: usize, stride: usize) -> Vec<EventLog> {
    let text = csv_text();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let mut ids: Vec<&str> = text.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut parts = vec![format!("{header}\n"); n];
    for line in lines {
        let id = line.split(',').next().unwrap();
        let k = ids.binary_search(&id).unwrap();
        parts[k * stride % n].push_str(line);
        parts[k * stride % n].push('\n');
    }
    parts.iter().map(|p| EventLog::from_csv_str(p, &columns()).unwrap()).collect()
}

/// Every analysis of the fixture done in memory over the whole log, as a finished partial gives them.
fn in_memory(log: &EventLog, request: &Request) -> Finished {
    let j = map();
    let results = request
        .analyses
        .iter()
        .map(|(key, analysis)| {
            let finding = match analysis {
                Analysis::Discover => Finding::Discovery(log.discover()),
                Analysis::Dfg => Finding::Dfg(log.dfg()),
                Analysis::Funnel { steps, options } => Finding::Funnel(log.funnel_with(steps, options).unwrap()),
                Analysis::StageFunnel { .. } => Finding::Funnel(log.stage_funnel(&j)),
                Analysis::Attribution { options } => Finding::Attribution(log.attribution_with(options).unwrap()),
                Analysis::Conformance { .. } => Finding::Conformance(log.conformance(&j)),
                Analysis::Loops { map } => Finding::Loops(log.loops(map.as_ref())),
                Analysis::Compare { map, funnel } => {
                    Finding::Compare(Box::new(CompareInputs::of(log, map.as_ref(), funnel).unwrap()))
                }
                _ => unreachable!("the fixture has no other analysis"),
            };
            (key.clone(), finding)
        })
        .collect();
    Finished { results }
}

/// Each part's partial, through its bytes.
fn partials(parts: &[EventLog], request: &Request) -> Vec<Partial> {
    parts
        .iter()
        .map(|p| {
            let bytes = p.partial(request).unwrap().to_bytes().unwrap();
            let read = Partial::from_bytes(&bytes).unwrap();
            // The same partial gives the same bytes.
            assert_eq!(read.to_bytes().unwrap(), bytes);
            read
        })
        .collect()
}

/// Merged one after another from the left.
fn fold_left(partials: Vec<Partial>) -> Partial {
    let mut it = partials.into_iter();
    let first = it.next().unwrap();
    it.fold(first, |a, b| a.merged(b).unwrap())
}

/// Merged one after another from the right.
fn fold_right(partials: Vec<Partial>) -> Partial {
    let mut it = partials.into_iter().rev();
    let first = it.next().unwrap();
    it.fold(first, |a, b| b.merged(a).unwrap())
}

#[test]
fn the_fixture_is_what_its_file_says() {
    let log = log();
    let expected = &spec()["expected"];
    assert_eq!(log.len() as u64, expected["events"].as_u64().unwrap());
    assert_eq!(log.customer_count() as u64, expected["customers"].as_u64().unwrap());
    // 22 analyses, each kind at least once, Markov of every order.
    let request = request();
    assert_eq!(request.analyses.len(), 22);
    let orders: Vec<Option<usize>> = request
        .analyses
        .values()
        .filter_map(|a| match a {
            Analysis::Attribution { options } if options.model.as_deref() == Some("markov") => Some(options.order),
            _ => None,
        })
        .collect();
    assert_eq!(orders, [None, Some(2), Some(3), Some(4), Some(1)]);
}

#[test]
fn merged_partials_are_the_one_pass_answer_however_split_and_merged() {
    let (log, request) = (log(), request());
    let expected = in_memory(&log, &request);
    let parts_of = spec()["parts"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap() as usize).collect::<Vec<_>>();
    assert_eq!(parts_of, [1, 2, 7, 300]);
    for &n in &parts_of {
        for (how, parts) in [("by rank", log.partition(n)), ("strided", strided(n, 37))] {
            assert_eq!(parts.len(), n, "{how}");
            let p = partials(&parts, &request);
            let customers: u64 = p.iter().map(Partial::customers).sum();
            assert_eq!(customers, 300);
            let mut reversed = p.clone();
            reversed.reverse();
            let mut shuffled = p.clone();
            shuffled.sort_by_key(|x| (x.events() * 7919) % 101);
            for (shape, merged) in [
                ("balanced", merge_all(p.clone()).unwrap()),
                ("left", fold_left(p.clone())),
                ("right", fold_right(p)),
                ("reversed", merge_all(reversed).unwrap()),
                ("shuffled, left", fold_left(shuffled)),
            ] {
                assert_eq!((merged.customers(), merged.events()), (300, 1374), "{n} parts {how}, {shape}");
                let finished = merged.finish().unwrap();
                for (key, want) in &expected.results {
                    assert_eq!(finished.results.get(key), Some(want), "{key}: {n} parts {how}, merged {shape}");
                }
            }
        }
    }
}

#[test]
fn the_merged_bytes_do_not_depend_on_the_merge() {
    let request = request();
    let parts = strided(7, 3);
    let a = merge_all(partials(&parts, &request)).unwrap().to_bytes().unwrap();
    let mut reversed = partials(&parts, &request);
    reversed.reverse();
    // Different merges name the touchpoints in different orders: the bytes may differ, the partial does not.
    let b = fold_left(reversed).to_bytes().unwrap();
    let (x, y) = (Partial::from_bytes(&a).unwrap(), Partial::from_bytes(&b).unwrap());
    assert_eq!(x.finish().unwrap(), y.finish().unwrap());
    // The magic, then the format version, little-endian.
    assert_eq!(&a[..8], b"JRNYPART");
    assert_eq!(a[..8], PARTIAL_MAGIC);
    assert_eq!(a[8..12], PARTIAL_FORMAT_VERSION.to_le_bytes());
    assert_eq!(PARTIAL_FORMAT_VERSION, 1);
}

#[test]
fn bytes_that_are_not_a_partial_are_refused_by_name() {
    let bytes = log().partial(&request()).unwrap().to_bytes().unwrap();
    let refused = |b: &[u8]| {
        let e = Partial::from_bytes(b).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Partial, "{e}");
        e.to_string()
    };
    assert_eq!(refused(b""), "partial bytes: 0 bytes, too short for a partial (expected at least 12)");
    assert_eq!(
        refused(b"PAR1\0\0\0\0\0\0\0\0\0"),
        "partial bytes: not a partial result: expected the magic bytes JRNYPART at the start"
    );
    assert_eq!(refused(b"JRNYPART\x01\0"), "partial bytes: truncated before the format version");
    let mut other = bytes.clone();
    other[8..12].copy_from_slice(&2u32.to_le_bytes());
    assert_eq!(refused(&other), "partial bytes: format version 2, this version of journey reads version 1");
    assert_eq!(refused(&bytes[..bytes.len() - 1]), "partial bytes: truncated: the body ends too early");
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(refused(&longer), "partial bytes: corrupted: 1 bytes left over after the body");
    // Every cut of the bytes is refused, none panics.
    for cut in (0..bytes.len()).step_by(7) {
        refused(&bytes[..cut]);
    }
}

#[test]
fn corrupted_counts_are_refused_not_merged() {
    // A discovery and a directly-follows graph of two customers: their bytes with a count changed no
    // longer add up.
    let log = EventLog::from_csv_str(
        "customer_id,timestamp,touchpoint\na,2026-03-01,ad\na,2026-03-02,site\nb,2026-03-01,site\n",
        &EventColumns::default(),
    )
    .unwrap();
    for request in [Request::new().with("discover", Analysis::Discover), Request::new().with("dfg", Analysis::Dfg)] {
        let bytes = log.partial(&request).unwrap().to_bytes().unwrap();
        let reread = Partial::from_bytes(&bytes).unwrap().finish().unwrap();
        assert_eq!(reread, log.partial(&request).unwrap().finish().unwrap());
        let mut refused = 0;
        // Flip each byte of the body in turn: each result is refused with kind `partial` or reads as a
        // partial that finishes; none panics.
        for i in 12..bytes.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[i] ^= flip;
                match Partial::from_bytes(&b) {
                    Err(e) => {
                        assert_eq!(e.kind(), ErrorKind::Partial, "byte {i}: {e}");
                        refused += 1;
                    }
                    Ok(p) => {
                        let _ = p.finish();
                    }
                }
            }
        }
        assert!(refused > bytes.len(), "{request:?}: only {refused} of the flips refused");
    }
    let dfg = Request::new().with("dfg", Analysis::Dfg);
    assert_eq!(log.partial(&dfg).unwrap().finish().unwrap().dfg("dfg"), Some(&log.dfg()));
}

#[test]
fn a_graph_whose_moves_do_not_meet_its_starts_and_ends_is_refused() {
    // One customer, ad then site: the graph's bytes end with its starts [1, 0] and ends [0, 1] (postcard:
    // the length, then each count).
    let log = EventLog::from_csv_str(
        "customer_id,timestamp,touchpoint\na,2026-03-01,ad\na,2026-03-02,site\n",
        &EventColumns::default(),
    )
    .unwrap();
    let bytes = log.partial(&Request::new().with("dfg", Analysis::Dfg)).unwrap().to_bytes().unwrap();
    let n = bytes.len();
    assert_eq!(bytes[n - 6..], [2, 1, 0, 2, 0, 1]);
    // Ending at ad, where the move ad -> site leaves from: every total still adds up, the flow does not.
    let mut ends_at_start = bytes.clone();
    ends_at_start[n - 2..].copy_from_slice(&[1, 0]);
    let e = Partial::from_bytes(&ends_at_start).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Partial);
    // Only the flow check refuses it: without it these bytes would read.
    assert_eq!(e.to_string(), "partial bytes: corrupted: the body does not hold together");
}

#[test]
fn partials_of_different_requests_do_not_merge() {
    let log = log();
    let discover = Request::new().with("discover", Analysis::Discover);
    let linear = |model: &str| {
        let options = AttributionOptions { model: Some(model.into()), ..Default::default() };
        Request::new().with("attribution", Analysis::Attribution { options })
    };
    let mut a = log.partial(&discover).unwrap();
    let e = a.merge(log.partial(&linear("linear")).unwrap()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Argument);
    assert_eq!(
        e.to_string(),
        "partial: partials of different requests do not merge: one has \"discover\", the other \"attribution\""
    );
    let mut b = log.partial(&linear("linear")).unwrap();
    let e = b.merge(log.partial(&linear("first_touch")).unwrap()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "partial: partials of different requests do not merge: \"attribution\" has other options"
    );
    assert_eq!(merge_all(Vec::new()).unwrap_err().to_string(), "partials: no partials to merge");
}

#[test]
fn a_strict_funnel_is_checked_against_every_part() {
    // "cart" is in the second part only: each part's partial counts, the merged finish knows the step.
    let a = EventLog::from_csv_str("customer_id,timestamp,touchpoint\na,2026-03-01,ad\n", &EventColumns::default())
        .unwrap();
    let b = EventLog::from_csv_str(
        "customer_id,timestamp,touchpoint\nb,2026-03-01,ad\nb,2026-03-02,cart\n",
        &EventColumns::default(),
    )
    .unwrap();
    let funnel = |steps: &[&str]| {
        let options = serde_json::json!({ "steps": steps });
        Request::new().with("funnel", Analysis::from_options("funnel", options, None).unwrap())
    };
    let request = funnel(&["ad", "cart"]);
    let alone = a.partial(&request).unwrap().finish().unwrap_err();
    assert_eq!(alone.to_string(), a.funnel(["ad", "cart"]).unwrap_err().to_string());
    let merged = a.partial(&request).unwrap().merged(b.partial(&request).unwrap()).unwrap().finish().unwrap();
    assert_eq!(merged.funnel("funnel").unwrap().steps[1].customers, 1);
    let request = funnel(&["ad", "nonexistent"]);
    let e = a.partial(&request).unwrap().merged(b.partial(&request).unwrap()).unwrap().finish().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.to_string(), r#"unknown touchpoint "nonexistent"; the log's touchpoints are ad, cart"#);
}

#[test]
fn a_customer_split_between_parts_is_named_by_conformance() {
    let csv = |rows: &str| {
        EventLog::from_csv_str(&format!("customer_id,timestamp,touchpoint\n{rows}"), &EventColumns::default()).unwrap()
    };
    let request = Request::new().with("conformance", Analysis::Conformance { map: map() });
    let a = csv("x,2026-03-01,ad\n").partial(&request).unwrap();
    let b = csv("x,2026-03-02,site\ny,2026-03-02,ad\n").partial(&request).unwrap();
    let e = a.merged(b).unwrap().finish().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Duplicate);
    assert_eq!(e.to_string(), r#"customer in two merged partials "x" already exists"#);
}

#[test]
fn the_analyses_are_read_with_named_errors() {
    let read =
        |key: &str, options: serde_json::Value| Analysis::from_options(key, options, None).unwrap_err().to_string();
    assert_eq!(
        read("histogram", serde_json::json!({})),
        "analyses[\"histogram\"]: unknown analysis \"histogram\", expected discover, dfg, funnel, stage_funnel, attribution, markov, conformance, loops or compare"
    );
    assert_eq!(read("funnel", serde_json::json!({})), "analyses[\"funnel\"]: missing field `steps`");
    assert_eq!(
        read("funnel", serde_json::json!({"steps": []})),
        "analyses[\"funnel\"].steps: a funnel needs at least one step"
    );
    assert_eq!(read("markov", serde_json::json!({"order": 5})), "analyses[\"markov\"].order: 5 is outside 1..=4");
    assert_eq!(read("conformance", serde_json::json!({})), "analyses[\"conformance\"].map: expected a journey map");
    assert_eq!(
        read("discover", serde_json::json!({"steps": 1})),
        "analyses[\"discover\"].steps: unknown field `steps`, there are no fields"
    );
    assert_eq!(read("discover", serde_json::json!([1])), "analyses[\"discover\"]: expected an object of options");
    // A map may come as its JSON document.
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(fixture("map.json")).unwrap()).unwrap();
    let loops = Analysis::from_options("loops:map", serde_json::json!({ "map": doc }), None).unwrap();
    assert_eq!(loops, Analysis::Loops { map: Some(map()) });
}

#[test]
fn compare_inputs_from_partials_compare_as_the_logs_do() {
    let (log, j) = (log(), map());
    let a = log.filter_period(0, 1_772_359_200_000_000_000 + 10 * 86_400_000_000_000);
    let b = log.filter_period(1_772_359_200_000_000_000 + 10 * 86_400_000_000_000, i64::MAX);
    assert!(a.customer_count() > 100 && b.customer_count() > 100);
    let funnel = vec!["ad".to_owned(), "site".to_owned(), "checkout".to_owned()];
    let request = Request::new().with("compare", Analysis::Compare { map: Some(j.clone()), funnel: funnel.clone() });
    let side = |l: &EventLog| {
        let parts: Vec<Partial> = l.partition(3).iter().map(|p| p.partial(&request).unwrap()).collect();
        merge_all(parts).unwrap().finish().unwrap().compare("compare").unwrap().clone()
    };
    let options = CompareOptions { funnel, ..CompareOptions::default() };
    assert_eq!(side(&a).compare(&side(&b), Some(&j), &options).unwrap(), a.compare(&b, Some(&j), &options).unwrap());
}

/// A small random log: customers, their touchpoints and gaps and whether they convert.
fn small_log() -> impl Strategy<Value = String> {
    let customer = (proptest::collection::vec((0usize..5, 0i64..4), 1..7), 0u8..3);
    proptest::collection::vec(customer, 1..25).prop_map(|customers| {
        let mut csv = String::from("customer_id,timestamp,touchpoint,value\n");
        for (c, (path, value)) in customers.iter().enumerate() {
            let mut t = 1_772_359_200i64;
            for (i, (tp, gap)) in path.iter().enumerate() {
                t += gap * 60;
                let v = if i + 1 == path.len() { *value } else { 0 };
                csv.push_str(&format!("u{c},{t},t{tp},{v}\n"));
            }
        }
        csv
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any split of any small log merges into the one-pass answer.
    #[test]
    fn any_split_merges_into_the_one_pass_answer(csv in small_log(), n in 1usize..6, stride in 1usize..5) {
        let columns = EventColumns { outcome: Some("value".into()), ..EventColumns::default() };
        let log = EventLog::from_csv_str(&csv, &columns).unwrap();
        let mut request = Request::new().with("discover", Analysis::Discover).with("dfg", Analysis::Dfg);
        for (key, options) in [
            ("funnel", serde_json::json!({"steps": ["t0", "t1", "t2"], "strict": false})),
            ("markov:2", serde_json::json!({"order": 2})),
            ("attribution", serde_json::json!({"model": "time_decay"})),
            ("loops", serde_json::json!({})),
        ] {
            request = request.with(key, Analysis::from_options(key, options, None).unwrap());
        }
        let expected = in_memory(&log, &request);
        let mut lines: Vec<&str> = csv.lines().skip(1).collect();
        lines.sort_by_key(|l| l.split(',').next().map(str::to_owned));
        let mut parts = vec![String::from("customer_id,timestamp,touchpoint,value\n"); n];
        for line in lines {
            let c: usize = line[1..line.find(',').unwrap()].parse().unwrap();
            parts[c * stride % n].push_str(line);
            parts[c * stride % n].push('\n');
        }
        let partials: Vec<Partial> = parts
            .iter()
            .map(|p| EventLog::from_csv_str(p, &columns).unwrap().partial(&request).unwrap())
            .map(|p| Partial::from_bytes(&p.to_bytes().unwrap()).unwrap())
            .collect();
        let merged = merge_all(partials).unwrap().finish().unwrap();
        prop_assert_eq!(merged, expected);
    }

    /// Random bytes after the header are refused by name or read; they never panic.
    #[test]
    fn random_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut bytes = b"JRNYPART\x01\0\0\0".to_vec();
        bytes.extend(body);
        match Partial::from_bytes(&bytes) {
            Err(e) => prop_assert_eq!(e.kind(), ErrorKind::Partial),
            Ok(p) => { let _ = p.finish(); }
        }
    }
}
