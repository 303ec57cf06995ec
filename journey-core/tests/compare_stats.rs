//! The statistics of `compare`: the p-values, tests and q-values of the shared fixture (tests/fixtures/compare/,
//! computed from their definitions by its make.py), and A/A tests: random halves of the same customers differ
//! only by chance, so a comparison of them raises a significant change (or a gap) no more often than the
//! stated level `alpha`.
#![allow(clippy::unwrap_used)] // ok: tests

mod common;

use journey_core::Journey;
use journey_core::analytics::{CompareOptions, EventColumns, EventLog, ShareChange};
use proptest::prelude::Rng as _;
use proptest::test_runner::{RngAlgorithm, TestRng};
use serde_json::Value;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/compare").join(name)
}

/// `got` is `want` to 1e-9 relative (or 1e-15 absolute, for values near 0).
fn near(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-9 * want.abs().max(1e-6)
}

#[test]
fn p_values_tests_and_q_values_are_those_of_the_fixture() {
    let columns = EventColumns::default();
    let (a, b) = (
        EventLog::load_csv(fixture("a.csv"), &columns).unwrap(),
        EventLog::load_csv(fixture("b.csv"), &columns).unwrap(),
    );
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap();
    let c = a.compare(&b, None, &CompareOptions::default()).unwrap();
    let want = expected["transitions"].as_array().unwrap();
    assert_eq!(c.transitions.len(), want.len());
    let check = |got: &ShareChange, want: &Value| {
        let what = &got.subject;
        assert_eq!(got.test.as_str(), want["test"].as_str().unwrap(), "{what}");
        assert!(
            near(got.p_value, want["p_value"].as_f64().unwrap()),
            "{what}: p {} against {}",
            got.p_value,
            want["p_value"]
        );
        assert!(
            near(got.q_value, want["q_value"].as_f64().unwrap()),
            "{what}: q {} against {}",
            got.q_value,
            want["q_value"]
        );
        assert_eq!(got.significant, want["significant"].as_bool().unwrap(), "{what}");
    };
    for w in want {
        let subject = w["subject"].as_str().unwrap();
        let got = c.transitions.iter().find(|t| t.subject == subject).unwrap();
        let counts = (got.a_count, got.a_total, got.b_count, got.b_total);
        let field = |k: &str| w[k].as_u64().unwrap();
        assert_eq!(counts, (field("a_count"), field("a_total"), field("b_count"), field("b_total")), "{subject}");
        check(got, w);
    }
    check(&c.loops, &expected["loops"]);
    assert!(c.dropoff.is_empty() && c.funnel.is_empty());
    // The example, 2 of 7 against 0 of 13: the z-test said p = 0.042; the exact test says 21/190.
    let example = c.transitions.iter().find(|t| t.subject == "s0 -> y0").unwrap();
    assert!(near(example.p_value, expected["published"]["fisher [[2, 5], [0, 13]]"].as_f64().unwrap()));
    assert!(!example.significant && c.gaps.iter().all(|g| g.location.touchpoint.as_deref() != Some("s0")));
    let tea = c.transitions.iter().find(|t| t.subject == "s1 -> y1").unwrap();
    assert!(near(tea.p_value, expected["published"]["fisher [[3, 1], [1, 3]]"].as_f64().unwrap()));
    // The gaps, and their messages naming the logs as `names` says.
    let gaps = |c: &journey_core::analytics::Comparison| -> Vec<(String, (String, String))> {
        c.gaps.iter().map(|g| (g.kind.as_str().to_owned(), g.location.transition.clone().unwrap())).collect()
    };
    let names: [String; 2] = serde_json::from_value(expected["names"].clone()).unwrap();
    let named = a.compare(&b, None, &CompareOptions { names: names.clone(), ..Default::default() }).unwrap();
    let want_gaps = expected["gaps"].as_array().unwrap();
    let log_name = |w: &Value, k: &str| if w[k] == "a" { names[0].clone() } else { names[1].clone() };
    assert_eq!(
        gaps(&c),
        want_gaps
            .iter()
            .map(|w| {
                let t = &w["transition"];
                (
                    w["kind"].as_str().unwrap().to_owned(),
                    (t[0].as_str().unwrap().to_owned(), t[1].as_str().unwrap().to_owned()),
                )
            })
            .collect::<Vec<_>>()
    );
    for (g, w) in named.gaps.iter().zip(want_gaps) {
        let (worse, better) = (log_name(w, "worse"), log_name(w, "better"));
        let start = format!(
            "customers in {worse} go from \"{}\" to \"{}\", which nobody took in {better}: ",
            w["transition"][0].as_str().unwrap(),
            w["transition"][1].as_str().unwrap()
        );
        assert!(g.message.starts_with(&start), "{}", g.message);
        assert!(g.message.contains(&format!(" in {better} (")), "{}", g.message);
    }
    // Swapped logs: the same tests, p-values and q-values.
    let back = b.compare(&a, None, &CompareOptions::default()).unwrap();
    for t in &back.transitions {
        let there = c.transitions.iter().find(|u| u.subject == t.subject).unwrap();
        assert_eq!(
            (t.test, t.p_value, t.q_value, t.significant),
            (there.test, there.p_value, there.q_value, there.significant)
        );
    }
}

/// A deterministic generator (proptest's, seeded), so that every run splits the same way.
struct Rng(TestRng);

impl Rng {
    fn new(seed: u64) -> Self {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        Rng(TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
    }

    /// Uniform in 0..n (up to a bias of n / 2^64).
    fn below(&mut self, n: usize) -> usize {
        (self.0.next_u64() % n as u64) as usize
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

/// The rows of a CSV text (header first) split into two texts by customer (the first column): a random half
/// of the customers in each.
fn halves(csv: &str, rng: &mut Rng) -> (String, String) {
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
    let mut customers: Vec<&str> = rows.iter().map(|r| r.split(',').next().unwrap()).collect();
    customers.sort_unstable();
    customers.dedup();
    rng.shuffle(&mut customers);
    let first: std::collections::HashSet<&str> = customers[..customers.len() / 2].iter().copied().collect();
    let (mut a, mut b) = (vec![header], vec![header]);
    for r in rows {
        if first.contains(r.split(',').next().unwrap()) { a.push(r) } else { b.push(r) }
    }
    (a.join("\n"), b.join("\n"))
}

/// What one A/A comparison raised: its significant changes (all lists and the loops) and its gaps.
fn raised(a: &EventLog, b: &EventLog, journey: Option<&Journey>, options: &CompareOptions) -> (usize, usize) {
    let c = a.compare(b, journey, options).unwrap();
    let significant = c.transitions.iter().chain(&c.dropoff).chain(&c.funnel).chain([&c.loops]);
    (significant.filter(|s| s.significant).count(), c.gaps.len())
}

/// Runs `splits` A/A comparisons of `csv` and checks that no more than the stated level raise anything.
fn aa(what: &str, csv: &str, columns: &EventColumns, journey: Option<&Journey>, funnel: &[&str], seed: u64) {
    let splits = 60;
    let options = CompareOptions { funnel: funnel.iter().map(|s| (*s).to_owned()).collect(), ..Default::default() };
    let mut rng = Rng::new(seed);
    let mut per_split = Vec::new();
    for _ in 0..splits {
        let (a, b) = halves(csv, &mut rng);
        let (a, b) = (EventLog::from_csv_str(&a, columns).unwrap(), EventLog::from_csv_str(&b, columns).unwrap());
        per_split.push(raised(&a, &b, journey, &options));
    }
    let mut significant: Vec<usize> = per_split.iter().map(|r| r.0).collect();
    significant.sort_unstable();
    let median = f64::midpoint(significant[splits / 2 - 1] as f64, significant[splits / 2] as f64);
    let any = per_split.iter().filter(|r| r.0 > 0 || r.1 > 0).count();
    let with_gap = per_split.iter().filter(|r| r.1 > 0).count();
    println!(
        "{what}: median {median} significant changes per A/A comparison; {any} of {splits} raised a significant \
         change, {with_gap} of {splits} a gap"
    );
    // When nothing differs, the false-discovery control keeps the chance that a comparison raises anything at
    // about alpha: allow alpha·splits and two standard deviations of the binomial count.
    let expected = options.alpha * splits as f64;
    let allowed = (expected + 2.0 * (expected * (1.0 - options.alpha)).sqrt()).floor() as usize;
    assert!(any <= allowed, "{what}: {any} of {splits} A/A comparisons raised something, at most {allowed} expected");
    assert!(median <= 0.5, "{what}: median {median} significant changes per A/A comparison");
}

#[test]
fn halves_of_the_example_customers_differ_only_by_chance() {
    let csv = std::fs::read_to_string(common::example_data("electronics-events.csv")).unwrap();
    let map = Journey::load(common::example_data("electronics-retailer.json")).unwrap();
    let funnel = ["product_page", "cart", "shipping", "payment", "order_confirmation"];
    aa("example log", &csv, &common::example_columns(), Some(&map), &funnel, 12);
}

/// A generated log: customers walk a random chain over eight touchpoints (some moves rare) and convert at
/// the last one with a probability that depends on their path.
fn generated(customers: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let tps = ["ad", "search", "site", "product", "review", "cart", "support", "pay"];
    // Weights of the moves out of each touchpoint; a zero is a move nobody makes.
    let moves: [[u64; 8]; 8] = [
        [0, 2, 10, 3, 0, 0, 0, 0],
        [0, 0, 12, 6, 1, 0, 0, 0],
        [0, 1, 0, 20, 2, 2, 1, 0],
        [0, 0, 4, 0, 6, 10, 1, 0],
        [0, 0, 1, 8, 0, 3, 1, 0],
        [0, 0, 0, 2, 0, 0, 2, 12],
        [0, 0, 3, 1, 0, 3, 0, 1],
        [0, 0, 0, 0, 0, 0, 0, 0],
    ];
    let mut rows = vec!["customer,timestamp,touchpoint,converted".to_owned()];
    for c in 0..customers {
        let mut at = rng.below(2);
        let mut t = 0;
        let mut path = vec![at];
        while at != 7 && path.len() < 12 && rng.below(10) != 0 {
            let w = moves[at];
            let mut pick = rng.below(w.iter().sum::<u64>() as usize) as u64;
            let next = w
                .iter()
                .position(|&x| {
                    if pick < x {
                        true
                    } else {
                        pick -= x;
                        false
                    }
                })
                .unwrap();
            at = next;
            path.push(at);
        }
        let converted = at == 7 && rng.below(10) < 7;
        for (i, p) in path.iter().enumerate() {
            t += 60 + rng.below(600);
            let last = i + 1 == path.len();
            rows.push(format!("u{c:05},{t},{},{}", tps[*p], u8::from(last && converted)));
        }
    }
    rows.join("\n")
}

#[test]
fn halves_of_a_generated_log_differ_only_by_chance() {
    let columns =
        EventColumns { customer: "customer".into(), outcome: Some("converted".into()), ..EventColumns::default() };
    aa("generated log", &generated(3000, 7), &columns, None, &["site", "product", "cart", "pay"], 99);
}
